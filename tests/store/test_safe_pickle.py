"""A planted index folder cannot run code: one planted payload per path by which Whoosh
unpickles stored bytes (the list is in `searchlib._whoosh.safe_loading`).

Each path is planted the way an attacker would build such a folder: an index is built
while the writer of that one kind of data emits a pickle that would run code when loaded.
Opening and searching the planted folder must then refuse it in one line and run
nothing; the same folder read with Whoosh's plain loader does run the code, which shows
that the plant reaches the loader the test is about.
"""

from __future__ import annotations

import importlib
import io
import marshal
import pickle
import pkgutil
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import whoosh
from click.testing import CliRunner
from whoosh import columns, formats
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.filedb import structfile
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_float, pack_uint

import searchlib._whoosh.codec
from searchlib import Article, ArticleIndex, store
from searchlib._whoosh import safe_loading
from searchlib.cli import cli
from searchlib.errors import IndexIncompatibleError

RAN = "ran"


class _Exploit:
    """Unpickling this calls `exec`, which writes RAN to `marker`: any code an index could run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (f"open({str(self.marker)!r}, 'w').write({RAN!r})",))


def payload(marker: Path) -> bytes:
    return pickle.dumps(_Exploit(marker), protocol=2)


def test_the_payload_runs_code_when_loaded_plainly(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    pickle.loads(payload(marker))
    assert marker.read_text() == RAN


# Hand-made articles: "jenewa" in all eight (a term written as posting blocks, as
# more than INLINE_POSTINGS documents hold it), "zebrakuning" in one (inlined in the
# term index) and the phrase "luar negeri" (read through posting positions).
ARTICLES = tuple(
    Article(
        id=f"planted-{n}",
        source_path=f"planted-{n}.txt",
        title=f"Menteri bertemu di Jenewa, hari ke-{n}",
        body=(
            f"Menteri luar negeri bertemu di Jenewa membahas pertukaran tahanan, hari ke-{n}."
            + (" Pertemuan itu disebut zebrakuning." if n == 0 else ""),
        ),
    )
    for n in range(8)
)
QUERIES = ("jenewa", "zebrakuning", '"luar negeri"')


@dataclass(frozen=True)
class PlantedPath:
    """One way Whoosh reads a pickle from an index, and how to plant a payload there."""

    name: str
    writer: tuple[Any, str]  # the module global that pickles this data when writing
    plants: Callable[[Any], bool]  # which of the writer's objects gets the payload
    reader: tuple[Any, str]  # the module global that loads it when reading


def _caller(depth: int) -> str:
    return sys._getframe(depth + 1).f_code.co_name


PATHS = (
    PlantedPath(
        "TOC segment list",
        (structfile, "dump_pickle"),
        lambda obj: isinstance(obj, list) and _caller(3) == "write",
        (safe_loading, "restricted_load"),
    ),
    PlantedPath(
        "compound file directory",
        (structfile, "dump_pickle"),
        lambda obj: _caller(3) == "write_dir",
        (structfile, "load_pickle"),
    ),
    PlantedPath(
        "term index extras",
        (structfile, "dump_pickle"),
        lambda obj: _caller(3) == "_write_extras",
        (structfile, "load_pickle"),
    ),
    PlantedPath(
        "posting block header",
        (whoosh3, "dumps"),
        lambda obj: isinstance(obj, tuple) and len(obj) == 6,
        (structfile, "load_pickle"),
    ),
    PlantedPath(
        "posting block data",
        (whoosh3, "dumps"),
        lambda obj: isinstance(obj, tuple) and len(obj) == 3,
        (whoosh3, "loads"),
    ),
    PlantedPath(
        "inlined postings",
        (searchlib._whoosh.codec, "dumps"),
        lambda obj: True,
        (whoosh3, "loads"),
    ),
    PlantedPath(
        "posting positions",
        (formats, "dumps"),
        lambda obj: True,
        (formats, "loads"),
    ),
    PlantedPath(
        "stored fields",
        (columns, "dumps"),
        lambda obj: True,
        (columns, "loads"),
    ),
)


@contextmanager
def planting(path: PlantedPath, marker: Path) -> Iterator[None]:
    """While building, the writer of `path` emits the payload instead of what it pickles."""
    module, name = path.writer
    real = getattr(module, name)
    evil = payload(marker)

    if name == "dump_pickle":

        def writer(obj: Any, file: Any, *args: Any) -> None:
            if path.plants(obj):
                file.write(evil)
            else:
                real(obj, file, *args)

    else:

        def writer(obj: Any, *args: Any) -> bytes:
            return evil if path.plants(obj) else real(obj, *args)

    setattr(module, name, writer)
    try:
        yield
    finally:
        setattr(module, name, real)


def planted_index(folder: Path, path: PlantedPath, marker: Path) -> Path:
    with ArticleIndex.create(folder) as idx, planting(path, marker):
        idx.add_articles(ARTICLES)
    assert not marker.exists(), "writing ran the payload"
    return folder


def search_everything(folder: Path) -> None:
    with ArticleIndex.open(folder) as idx:
        for query in QUERIES:
            for hit in idx.search(query):
                idx.get(hit.id)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_a_planted_pickle_is_refused_and_runs_nothing(tmp_path: Path, path: PlantedPath) -> None:
    marker = tmp_path / "marker"
    folder = planted_index(tmp_path / "index", path, marker)

    with pytest.raises(IndexIncompatibleError, match="; rebuild it"):
        search_everything(folder)
    refused = 0
    for query in QUERIES:  # not every query reads every kind of data
        result = CliRunner().invoke(cli, ["search", query, "-i", str(folder)])
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 1:
            [line] = result.stderr.splitlines()
            assert line.startswith("searchlib: error: the index at") and "--rebuild" in line
            refused += 1
    assert refused
    assert not marker.exists()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_the_plant_reaches_the_loader_it_stands_for(
    tmp_path: Path, path: PlantedPath, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With that one loader unrestricted, the planted folder runs the payload."""
    marker = tmp_path / "marker"
    folder = planted_index(tmp_path / "index", path, marker)
    module, name = path.reader
    safe_loading.install_restricted_loaders()
    reads_a_stream = getattr(module, name) is safe_loading.restricted_load
    monkeypatch.setattr(module, name, pickle.load if reads_a_stream else pickle.loads)
    # Opening would restrict it again.
    monkeypatch.setattr("searchlib.store.folder.install_restricted_loaders", lambda: None)
    with pytest.raises(Exception):  # noqa: B017, PT011 - what runs is not what the index expects
        search_everything(folder)
    assert marker.read_text() == RAN


def test_the_pickled_schema_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema Whoosh pickles into the TOC: searchlib skips it, Whoosh's reader refuses it."""
    marker = tmp_path / "marker"
    folder = tmp_path / "index"
    evil = payload(marker)
    safe_loading.install_restricted_loaders()
    real_dumps = whoosh_index.pickle.dumps

    def dumps(obj: Any, *args: Any) -> bytes:
        return evil if isinstance(obj, whoosh.fields.Schema) else real_dumps(obj, *args)

    monkeypatch.setattr(whoosh_index.pickle, "dumps", dumps)
    with ArticleIndex.create(folder) as idx:
        idx.add_articles(ARTICLES)
    monkeypatch.undo()

    result = CliRunner().invoke(cli, ["search", "jenewa", "-i", str(folder)])
    assert result.exit_code == 0 and "8 matching articles" in result.stderr
    safe_loading.install_restricted_loaders()
    with pytest.raises(pickle.UnpicklingError):
        whoosh_index.TOC.read(FileStorage(str(folder)), store.INDEX_NAME)
    assert not marker.exists()


def test_an_old_toc_format_is_refused(tmp_path: Path) -> None:
    """TOC format -110 is read by Whoosh's legacy loader, which imports any name it finds."""
    marker = tmp_path / "marker"
    folder = tmp_path / "index"
    with ArticleIndex.create(folder) as idx:
        idx.add_articles(ARTICLES)
    [toc] = folder.glob("_MAIN_*.toc")
    data = bytearray(toc.read_bytes())
    # After three varints (int, long and float sizes) and the -12345 marker: the version.
    version_at = 3 + 4
    assert data[version_at : version_at + 4] == (-111).to_bytes(4, "big", signed=True)
    data[version_at : version_at + 4] = (-110).to_bytes(4, "big", signed=True)
    toc.write_bytes(bytes(data))

    with pytest.raises(IndexIncompatibleError, match="; rebuild it"):
        ArticleIndex.open(folder)
    safe_loading.install_restricted_loaders()
    with pytest.raises(whoosh_index.IndexVersionError):
        whoosh_index.TOC.read(FileStorage(str(folder)), store.INDEX_NAME)
    with pytest.raises(safe_loading.UnsafePickleError):
        whoosh.legacy.RenamingUnpickler(io.BytesIO(payload(marker)), {})
    assert not marker.exists()


# Posting formats the schema does not use, read by the same `formats.loads`.
@pytest.mark.parametrize(
    ("decoder", "header"),
    [
        (formats.Characters().decode_characters, pack_uint(1)),
        (formats.Characters().decode_positions, pack_uint(1)),
        (formats.PositionBoosts().decode_position_boosts, pack_uint(1) + pack_float(1.0)),
        (formats.PositionBoosts().decode_positions, pack_uint(1) + pack_float(1.0)),
        (formats.CharacterBoosts().decode_character_boosts, pack_uint(1) + pack_float(1.0)),
    ],
)
def test_other_posting_formats_refuse_a_payload(
    tmp_path: Path, decoder: Callable[[bytes], Any], header: bytes
) -> None:
    marker = tmp_path / "marker"
    safe_loading.install_restricted_loaders()
    with pytest.raises(safe_loading.UnsafePickleError):
        decoder(header + payload(marker))
    assert not marker.exists()


# Loaders Whoosh binds that are left as they are, and why (see searchlib._whoosh.safe_loading).
LEFT_ALONE = {
    ("whoosh.externalsort", "load"): "marshal of a writer's own runs in its private scratch",
    ("whoosh.util.loading", "pickle"): "module of RenamingUnpickler, reached only from legacy",
    ("whoosh.util.loading", "RenamingUnpickler"): "replaced where legacy looks it up",
}


def _importable_whoosh_modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages(whoosh.__path__, "whoosh."):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # its bundled pyparsing
                yield importlib.import_module(info.name)
        except ImportError:
            continue  # modules of older Whoosh versions that no longer import


def _is_loader(value: object) -> bool:
    if value in (pickle.load, pickle.loads, marshal.load, marshal.loads) or value is pickle:
        return True
    return isinstance(value, type) and issubclass(value, pickle.Unpickler)


def test_every_loader_whoosh_binds_is_restricted() -> None:
    """A guard for a Whoosh upgrade: a new place that loads pickles fails this test."""
    modules = list(_importable_whoosh_modules())
    safe_loading.install_restricted_loaders()
    unrestricted = {
        (module.__name__, name): value
        for module in modules
        for name, value in vars(module).items()
        if _is_loader(value)
        and not (isinstance(value, type) and issubclass(value, safe_loading.RestrictedUnpickler))
    }
    assert set(unrestricted) == set(LEFT_ALONE)
    assert whoosh.legacy.toc_loaders == {}
