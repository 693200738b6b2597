"""The index folder: versions, foreign folders, the write lock, and pickles that must not run."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from searchlib import ArticleIndex, store
from searchlib._whoosh.safe_loading import UnsafePickleError, restricted_loads
from searchlib.cli import cli
from searchlib.errors import (
    IndexIncompatibleError,
    IndexLockedError,
    IndexNotFoundError,
    IndexStateError,
)

MARKER_CODE = "open({marker!r}, 'w').write('ran')"


class _RunsCode:
    """An object whose unpickling would execute code that leaves a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (MARKER_CODE.format(marker=str(self.marker)),))


@pytest.fixture()
def seed_copy(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "index"
    with ArticleIndex.create(folder) as idx:
        idx.add([seeds_dir])
    return folder


# -- versions and foreign folders ----------------------------------------------------


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="no index at .*ArticleIndex.create"):
        ArticleIndex.open(tmp_path / "nowhere")


def test_foreign_folder_is_refused_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an index", encoding="utf-8")
    with pytest.raises(IndexIncompatibleError, match="empty or new folder"):
        ArticleIndex.open(tmp_path)


def test_other_schema_version_is_refused_with_the_fix(seed_copy: Path) -> None:
    metadata_path = seed_copy / store.METADATA_FILE
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    metadata["schema_version"] = metadata["schema_version"] + 1
    metadata_path.write_text(json.dumps(metadata), encoding="utf-8")
    with pytest.raises(IndexIncompatibleError, match="schema version .*; rebuild it"):
        ArticleIndex.open(seed_copy)


def test_metadata_records_both_versions(seed_copy: Path) -> None:
    metadata = store.read_metadata(seed_copy)
    assert metadata["searchlib_version"]
    assert isinstance(metadata["schema_version"], int)


def test_creating_over_an_index_needs_overwrite(seed_copy: Path) -> None:
    with pytest.raises(IndexStateError, match="overwrite=True"):
        ArticleIndex.create(seed_copy)
    with ArticleIndex.create(seed_copy, overwrite=True) as idx:
        assert len(idx) == 0


def test_library_errors_advise_without_command_line_options(
    seed_copy: Path, tmp_path: Path
) -> None:
    """A library caller has no --rebuild: the advice names what the library offers."""
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not an index", encoding="utf-8")
    attempts = {
        "missing": lambda: ArticleIndex.open(tmp_path / "nowhere"),
        "foreign": lambda: ArticleIndex.open(foreign),
        "existing": lambda: ArticleIndex.create(seed_copy),
    }
    for name, attempt in attempts.items():
        with pytest.raises(IndexStateError) as caught:
            attempt()
        error = caught.value
        assert error.advice and str(error) == f"{error.problem}; {error.advice}", name
        assert "--" not in str(error), name


# -- pickles from the folder --------------------------------------------------------


def _write_next_toc(folder: Path, segments: object) -> None:
    """A TOC one generation newer than the current one, holding `segments`."""
    whoosh_ix = store.open_index(folder)
    generation = whoosh_ix.latest_generation() + 1
    toc = whoosh_index.TOC(whoosh_ix.schema, segments, generation)
    toc.write(whoosh_ix.storage, store.INDEX_NAME)


def test_a_toc_whose_pickle_runs_code_is_refused(seed_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    _write_next_toc(seed_copy, [_RunsCode(marker)])
    with pytest.raises(IndexIncompatibleError, match="cannot be read.*; rebuild it"):
        ArticleIndex.open(seed_copy)
    assert not marker.exists()


def test_the_schema_pickled_in_the_toc_is_never_loaded(seed_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    whoosh_ix = store.open_index(seed_copy)
    toc = whoosh_ix._read_toc()
    evil_schema = whoosh_ix.schema
    evil_schema.evil = _RunsCode(marker)  # pickled along with the schema
    whoosh_index.TOC(evil_schema, toc.segments, toc.generation + 1).write(
        whoosh_ix.storage, store.INDEX_NAME
    )
    with ArticleIndex.open(seed_copy) as idx:
        assert len(idx) == 5
        assert idx.search("Jenewa").total >= 1
    assert not marker.exists()


def test_data_pickles_only_resolve_whoosh_types(tmp_path: Path) -> None:
    marker = tmp_path / "ran.txt"
    with pytest.raises(UnsafePickleError, match="builtins.exec"):
        restricted_loads(pickle.dumps(_RunsCode(marker)))
    assert not marker.exists()


def test_an_index_reads_back_through_the_restricted_loaders(seed_copy: Path) -> None:
    with ArticleIndex.open(seed_copy) as idx:
        first = next(iter(idx))
        assert idx.get(first.id) == first
        assert idx.search(first.title.split()[0]).total >= 1


# -- the write lock -----------------------------------------------------------------

_HOLD_LOCK = """
import sys, time
from pathlib import Path
from searchlib import store
ix = store.open_index(Path(sys.argv[1]))
with store.write_lock(ix):
    print("locked", flush=True)
    time.sleep(60)
"""


def _start_lock_holder(folder: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(folder)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_second_writer_waits_then_fails_with_a_clear_message(seed_copy: Path) -> None:
    holder = _start_lock_holder(seed_copy)
    try:
        started = time.monotonic()
        with ArticleIndex.open(seed_copy) as idx, pytest.raises(
            IndexLockedError, match="^index is locked by another process"
        ):
            idx.add_articles([], lock_timeout=0.3)
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
        holder.wait()


def test_no_stale_lock_survives_a_killed_writer(seed_copy: Path) -> None:
    holder = _start_lock_holder(seed_copy)
    whoosh_ix = store.open_index(seed_copy)
    with pytest.raises(IndexLockedError), store.write_lock(whoosh_ix, timeout=0):
        pass
    holder.kill()
    holder.wait()
    with store.write_lock(whoosh_ix):
        assert (seed_copy / f"{store.INDEX_NAME}_{store.WRITE_LOCK}").exists()


def test_searches_do_not_need_the_lock(seed_copy: Path) -> None:
    holder = _start_lock_holder(seed_copy)
    try:
        with ArticleIndex.open(seed_copy) as idx:
            assert idx.search("Jenewa").total >= 1
    finally:
        holder.kill()
        holder.wait()


def test_stale_writer_scratch_is_removed_under_the_lock(seed_copy: Path) -> None:
    scratch = seed_copy / store.TEMP_DIR / "MAIN.tmp-999-dead"
    scratch.mkdir(parents=True)
    (scratch / "run.tmp").write_bytes(b"x" * 100)
    half_renamed = seed_copy / f"_{store.INDEX_NAME}_99.toc.1700000000.5"
    half_renamed.write_bytes(b"partial")
    with store.write_lock(store.open_index(seed_copy)):
        assert not scratch.exists()
        assert not half_renamed.exists()


def test_writer_scratch_space_is_private_to_the_index(seed_copy: Path) -> None:
    whoosh_ix = store.open_index(seed_copy)
    with store.write_lock(whoosh_ix):
        writer = SegmentWriter(whoosh_ix, _lk=False)
        scratch = Path(writer._tempstorage.folder)
        writer.cancel()
    assert scratch.parent == seed_copy / store.TEMP_DIR


# -- the stem cache file -------------------------------------------------------------


def test_stem_cache_round_trips_as_json(tmp_path: Path) -> None:
    stems = {"pertemuan": "temu", "bertemu": "temu"}
    store.save_stem_cache(tmp_path, stems)
    saved = json.loads((tmp_path / store.STEM_CACHE_FILE).read_text(encoding="utf-8"))
    assert saved["stems"] == stems
    assert store.load_stem_cache(tmp_path) == stems


def test_stems_from_another_stemmer_version_are_ignored(tmp_path: Path) -> None:
    store.save_stem_cache(tmp_path, {"pertemuan": "temu"})
    path = tmp_path / store.STEM_CACHE_FILE
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["version"] = "another-stemmer"
    path.write_text(json.dumps(saved), encoding="utf-8")
    assert store.load_stem_cache(tmp_path) == {}


def test_unreadable_stem_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / store.STEM_CACHE_FILE).write_text("[1, 2", encoding="utf-8")
    assert store.load_stem_cache(tmp_path) == {}


def test_user_word_lists_are_kept_with_the_index_and_used_by_queries(
    tmp_path: Path, seeds_dir: Path
) -> None:
    overrides = tmp_path / "overrides.txt"
    overrides.write_text("# Jenewa as English wires spell it\njenewa geneva\n", encoding="utf-8")
    acronyms = tmp_path / "acronyms.txt"
    acronyms.write_text("kmln kementerian luar negeri\n", encoding="utf-8")
    path = tmp_path / "ix"
    with ArticleIndex.create(path, overrides=overrides, acronyms=acronyms) as idx:
        idx.add([seeds_dir], jobs=2)
    overrides.unlink()
    acronyms.unlink()
    with ArticleIndex.open(path) as idx:
        jenewa = {hit.id for hit in idx.search("Jenewa")}
        assert jenewa and {hit.id for hit in idx.search("geneva")} == jenewa
        assert "000_570f68fb9ef06bfe" in {hit.id for hit in idx.search("KMLN")}
    with ArticleIndex.create(path, overwrite=True) as idx:
        idx.add([seeds_dir / "001_c55a8262d8eb67cc.txt"])
        assert [hit.id for hit in idx.search("geneva")] == ["001_c55a8262d8eb67cc"]


def test_word_lists_need_a_new_index_from_the_cli(tmp_path: Path, seeds_dir: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("pertahanan\n", encoding="utf-8")
    path = str(tmp_path / "ix")
    CliRunner().invoke(cli, ["index", str(seeds_dir), "-i", path, "-q"])
    refused = CliRunner().invoke(
        cli, ["index", str(seeds_dir), "-i", path, "--overrides", str(words)]
    )
    assert refused.exit_code == 1 and "--rebuild" in refused.stderr
    rebuilt = CliRunner().invoke(
        cli, ["index", str(seeds_dir), "-i", path, "--overrides", str(words), "--rebuild"]
    )
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert (tmp_path / "ix" / "overrides.txt").read_text(encoding="utf-8") == "pertahanan\n"
