"""Bad input end to end: broken files, odd queries and user mistakes at the command line.

Every case ends in one of three ways: the data is indexed (perhaps with a
warning), the file is skipped with a one-line per-file message counted in the
summary, or the user gets one line on stderr and exit code 1 (2 for usage).
Never a traceback, never an article lost from an index that was already built.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from searchlib import ArticleIndex
from searchlib.cli import cli
from searchlib.errors import IngestError, QueryError, SearchlibError
from searchlib.ingest import Article, IngestFailure, read_source

# A page the generic ingestion layer reads as one article; MARKER is replaced by a word
# unique to each test file so a search proves that file's text reached the index.
PAGE_TEMPLATE = (
    "Pemerintah Umumkan Kebijakan Sampah Plastik MARKER\n\n"
    "Senin, 2 Januari 2023 10:00 WIB\n\n"
    "JAKARTA - Pemerintah mengumumkan kebijakan baru tentang pengelolaan sampah plastik "
    "di kota-kota besar pada hari Senin, menurut keterangan resmi kementerian MARKER.\n\n"
    "Kebijakan itu akan berlaku mulai bulan depan dan diawasi oleh pemerintah daerah "
    "bersama kelompok masyarakat setempat.\n"
)
GOOD_MARKER = "zebrakuning"
SEED_QUERY = "Lavrov"  # a word every seed article holds
SEED_COUNT = 5
# Right-to-left words no seed article holds.
ARABIC_HELLO = "\u0645\u0631\u062d\u0628\u0627"
HEBREW_HELLO = "\u05e9\u05dc\u05d5\u05dd"
MB = 1024 * 1024
# Generous bound for reading or refusing one 50 MB file on a slow, shared machine;
# a parser that read it whole would take minutes.
HUGE_FILE_SECONDS = 30.0


def page(marker: str) -> str:
    return PAGE_TEMPLATE.replace("MARKER", marker)


def ids_for(idx: ArticleIndex, query: str) -> set[str]:
    return {hit.id for hit in idx.search(query, limit=50, collapse=False)}


def one_line(text: str) -> str:
    """The single non-empty line of `text` (fails when there are more)."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture()
def seeded(tmp_path: Path, seeds_dir: Path) -> Path:
    """A writable index over the seeds, to show a bad batch loses nothing already there."""
    path = tmp_path / "index"
    with ArticleIndex.create(path) as idx:
        assert idx.add([seeds_dir]).added == SEED_COUNT
    return path


# ---------------------------------------------------------------------------- bad files


def write_binary(folder: Path) -> Path:
    path = folder / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    return path


def write_empty(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def write_whitespace(folder: Path) -> Path:
    path = folder / "blank.txt"
    path.write_text(" \n\t\n\u00a0 \r\n\n   ", encoding="utf-8")
    return path


def write_huge_page(folder: Path) -> Path:
    """50 MB of real text (not a sparse file, which would look binary)."""
    path = folder / "dump.txt"
    chunk = (page("raksasahuge") * (MB // len(page("raksasahuge")) + 1)).encode()[:MB]
    with path.open("wb") as handle:
        for _ in range(50):
            handle.write(chunk)
    return path


def write_huge_record_line(folder: Path) -> Path:
    """One 50 MB JSONL line: a record far beyond any article."""
    path = folder / "dump.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"id": "huge", "title": "Besar", "text": "')
        handle.write(b"kata " * (50 * MB // 5))
        handle.write(b'"}\n')
    return path


def write_csv_without_text_column(folder: Path) -> Path:
    path = folder / "meta.csv"
    path.write_text("id,title,url\nm1,Judul Saja,https://example.org/a\n", encoding="utf-8")
    return path


def write_jsonl_of_garbage(folder: Path) -> Path:
    path = folder / "garbage.jsonl"
    path.write_text('not json at all\n[1, 2, 3]\n"a string"\n', encoding="utf-8")
    return path


SKIPPED_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "binary": (write_binary, "binary"),
    "empty": (write_empty, "empty"),
    "whitespace": (write_whitespace, "whitespace"),
    "50 MB page": (write_huge_page, "too large"),
    "csv without text column": (write_csv_without_text_column, "text column"),
}


@pytest.mark.parametrize("kind", sorted(SKIPPED_FILES))
def test_bad_file_is_skipped_with_one_line_and_the_rest_indexed(tmp_path: Path, kind: str) -> None:
    writer, reason = SKIPPED_FILES[kind]
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(page(GOOD_MARKER), encoding="utf-8")
    bad = writer(folder)
    started = time.monotonic()
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([folder])
        assert time.monotonic() - started < HUGE_FILE_SECONDS
        assert (report.added, report.failed) == (1, 1), report.summary()
        [failure] = report.failures
        assert failure.source_path == str(bad)
        assert reason in failure.message and "\n" not in failure.message
        assert ids_for(idx, GOOD_MARKER) == {"good"}


def test_a_50_mb_record_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    bad = write_huge_record_line(folder)
    with (folder / "small.jsonl").open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "small", "title": "Kecil", "text": GOOD_MARKER}) + "\n")
    started = time.monotonic()
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([folder])
        assert time.monotonic() - started < HUGE_FILE_SECONDS
        assert report.added == 1 and report.failed >= 1, report.summary()
        assert all(f.source_path.startswith(str(bad)) for f in report.failures)
        assert "too large" in report.failures[0].message
        assert ids_for(idx, GOOD_MARKER) == {"small"}


def test_jsonl_of_non_objects_fails_per_line(tmp_path: Path) -> None:
    path = write_jsonl_of_garbage(tmp_path)
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([path])
    assert report.added == 0 and report.failed == 3
    assert [failure.message.split(":")[0] for failure in report.failures] == [
        "line 1",
        "line 2",
        "line 3",
    ]


DECODED_FILES: dict[str, tuple[bytes, str, str]] = {
    # kind: (file bytes, a word the article must be found by, expected warning text)
    "invalid UTF-8": (
        page("kafemerah").replace("kafemerah", "kaf\xe9merah").encode("latin-1") + b"\x81",
        "kaf\xe9merah",
        "not UTF-8",
    ),
    "UTF-16 LE with BOM": (
        codecs.BOM_UTF16_LE + page("enambelas").encode("utf-16-le"),
        "enambelas",
        "UTF-16",
    ),
    "UTF-16 BE with BOM": (
        codecs.BOM_UTF16_BE + page("enambelasbe").encode("utf-16-be"),
        "enambelasbe",
        "UTF-16",
    ),
    "cp1252": (
        page("\u201cpetikwin\u201d").encode("cp1252"),
        "petikwin",
        "cp1252",
    ),
    "NUL and control characters": (
        page("kontrolnul").replace("Kebijakan itu", "Kebijakan\x00 itu\x01\x08\x1b[2J").encode(),
        "kontrolnul",
        "control characters",
    ),
}


@pytest.mark.parametrize("kind", sorted(DECODED_FILES))
def test_odd_encodings_are_indexed_with_a_warning(tmp_path: Path, kind: str) -> None:
    data, word, warning = DECODED_FILES[kind]
    path = tmp_path / "odd.txt"
    path.write_bytes(data)
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([path])
        assert (report.added, report.failed) == (1, 0), report.summary()
        assert any(warning in w.message for w in report.warnings), report.warnings
        assert ids_for(idx, word) == {"odd"}
        article = idx.get("odd")
    assert article is not None
    stored = "\n".join((article.title, *article.body))
    assert not any(char in stored for char in "\x00\x01\x08\x1b\ufffd\ufeff")


def test_a_one_megabyte_single_line_is_indexed_and_searchable(tmp_path: Path) -> None:
    path = tmp_path / "oneline.txt"
    path.write_text("Satu Baris Panjang\n\n" + "kata " * 200_000 + "ujungbaris", encoding="utf-8")
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([path])
        assert report.added == 1, report.summary()
        [hit] = idx.search("ujungbaris").hits
    assert hit.id == "oneline"
    assert all(len(snippet.text) < 1000 for snippet in hit.snippets)


def test_a_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    (folder / "deep").mkdir(parents=True)
    (folder / "deep" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "deep" / "self").symlink_to(folder / "deep", target_is_directory=True)
    (folder / "deep" / "story.txt").write_text(page(GOOD_MARKER), encoding="utf-8")
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([folder])
        assert report.added == 1 and report.failed == 1, report.summary()
        assert report.failures[0].source_path == str(folder / "dangling.txt")
        assert ids_for(idx, GOOD_MARKER) == {"story"}


def test_a_read_refused_by_the_system_skips_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same case as the permission test below, made to happen even for root."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(page(GOOD_MARKER), encoding="utf-8")
    secret = folder / "secret.txt"
    secret.write_text(page("rahasia"), encoding="utf-8")
    real_open = os.open

    def refusing_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name == secret.name:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([folder], jobs=1)
        assert (report.added, report.failed) == (1, 1)
        assert "permission denied" in report.failures[0].message
        assert ids_for(idx, "rahasia") == set()


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: every file is readable, permission checks are moot")
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(page(GOOD_MARKER), encoding="utf-8")
    secret = folder / "secret.txt"
    secret.write_text(page("rahasia"), encoding="utf-8")
    secret.chmod(0)
    try:
        with ArticleIndex.create(tmp_path / "index") as idx:
            report = idx.add([folder])
            assert (report.added, report.failed) == (1, 1)
            assert "permission denied" in report.failures[0].message
            assert ids_for(idx, "rahasia") == set()
    finally:
        secret.chmod(0o644)


def test_a_broken_jsonl_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    good = [
        {"id": f"r{n}", "title": f"Rekaman {n}", "text": f"Isi {GOOD_MARKER} nomor {n}"}
        for n in range(3)
    ]
    broken = '{"id": "broken", "title": "Rusak", "text": '
    lines = [json.dumps(good[0]), broken, json.dumps(good[1]), "", json.dumps(good[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([path])
        assert (report.added, report.failed) == (3, 1), report.summary()
        assert report.failures[0].source_path == f"{path}:2"
        assert report.failures[0].message.startswith("line 2:")
        assert ids_for(idx, GOOD_MARKER) == {"r0", "r1", "r2"}


def test_csv_rows_with_missing_columns_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(
        "id,title,text,date\n"
        f"c1,Judul Satu,Isi {GOOD_MARKER} pertama,2023-01-02\n"
        "c2,Judul Dua\n"
        f"c3,Judul Tiga,Isi {GOOD_MARKER} ketiga\n"
        "c4\n",
        encoding="utf-8",
    )
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([path])
        assert (report.added, report.failed) == (2, 2), report.summary()
        assert sorted(f.source_path for f in report.failures) == [f"{path}:3", f"{path}:5"]
        assert ids_for(idx, GOOD_MARKER) == {"c1", "c3"}


def make_mixed_batch(folder: Path) -> tuple[list[str], list[Path]]:
    """A folder of good and bad files: (ids of good articles, paths of bad files)."""
    folder.mkdir(parents=True)
    good_ids = []
    for number in range(3):
        (folder / f"good{number}.txt").write_text(page(GOOD_MARKER), encoding="utf-8")
        good_ids.append(f"good{number}")
    (folder / "cp.txt").write_bytes(page(GOOD_MARKER + " caf\xe9").encode("cp1252"))
    good_ids.append("cp")
    bad = [write_binary(folder), write_empty(folder), write_whitespace(folder),
           write_csv_without_text_column(folder)]  # fmt: skip
    return good_ids, sorted(bad)


def test_a_mixed_batch_indexes_the_good_and_counts_the_bad(tmp_path: Path) -> None:
    good_ids, bad = make_mixed_batch(tmp_path / "batch")
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([tmp_path / "batch"])
        assert (report.added, report.failed) == (len(good_ids), len(bad)), report.summary()
        assert sorted(Path(f.source_path) for f in report.failures) == bad
        assert f"{len(bad)} failed" in report.summary()
        assert ids_for(idx, GOOD_MARKER) == set(good_ids)


def test_cli_index_reports_each_bad_file_and_the_counts(tmp_path: Path) -> None:
    good_ids, bad = make_mixed_batch(tmp_path / "batch")
    result = run("index", str(tmp_path / "batch"), "-i", str(tmp_path / "index"))
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert sorted(Path(line.split(" ")[1].rstrip(":")) for line in skipped) == bad
    summary = result.stderr.splitlines()[-1]
    assert f"{len(good_ids)} added" in summary and f"{len(bad)} failed" in summary
    with ArticleIndex.open(tmp_path / "index") as idx:
        assert ids_for(idx, GOOD_MARKER) == set(good_ids)


def test_a_bad_batch_keeps_what_was_indexed_before(tmp_path: Path, seeded: Path) -> None:
    good_ids, bad = make_mixed_batch(tmp_path / "batch")
    with ArticleIndex.open(seeded) as idx:
        before = ids_for(idx, SEED_QUERY)
        report = idx.add([tmp_path / "batch"])
        assert report.failed == len(bad)
        assert ids_for(idx, SEED_QUERY) == before
        assert len(idx) == SEED_COUNT + len(good_ids)


def test_strict_add_stops_with_an_error_and_keeps_the_index(tmp_path: Path, seeded: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    write_binary(folder)
    with ArticleIndex.open(seeded) as idx:
        with pytest.raises(IngestError, match="binary") as caught:
            idx.add([folder], strict=True)
        assert "\n" not in str(caught.value)
        assert len(ids_for(idx, SEED_QUERY)) == SEED_COUNT


def test_cli_strict_index_fails_in_one_line_and_keeps_the_index(
    tmp_path: Path, seeded: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    bad = write_empty(folder)
    result = run("index", "--strict", str(folder), "-i", str(seeded))
    no_traceback(result)
    assert result.exit_code == 1
    assert str(bad) in one_line(result.stderr)
    with ArticleIndex.open(seeded) as idx:
        assert len(idx) == SEED_COUNT


# ---------------------------------------------------------------------------- queries


def outcome(idx: ArticleIndex, query: str) -> set[str] | str:
    """The ids a query finds, or the message of the searchlib error it raises."""
    try:
        return ids_for(idx, query)
    except SearchlibError as error:
        assert str(error) and "\n" not in str(error)
        return str(error)


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ('"pertemuan Jenewa', '"pertemuan Jenewa"'),
        ("(Lavrov", "Lavrov"),
        ("Lavrov)", "Lavrov"),
        ("((((Lavrov OR Blinken", "Lavrov OR Blinken"),
        ("(" * 500 + "Lavrov", "Lavrov"),
        ("Lavrov AND", "Lavrov"),
        ("Lavrov OR", "Lavrov"),
        ("AND Lavrov", "Lavrov"),
        ("Lavrov NOT", "Lavrov"),
        ("Lavrov -", "Lavrov"),
        ("Lavrov\x00\x07\x1b[2J\x1b]0;judul\x07", "Lavrov"),
        ("\U0001f600 Lavrov \U0001f1ee\U0001f1e9", "Lavrov"),
        ("\u202eLavrov\u202c", "Lavrov"),
        ("\u200fLavrov\u200e", "Lavrov"),
        ("Lavrov " * 1430, "Lavrov"),
        ("Lavrov title:", "Lavrov"),
        ("Lavrov author:", "Lavrov"),
    ],
)
def test_malformed_queries_are_read_forgivingly(
    seed_index: ArticleIndex, query: str, same_as: str
) -> None:
    expected = ids_for(seed_index, same_as)
    assert expected
    assert outcome(seed_index, query) == expected


@pytest.mark.parametrize(
    "query",
    ["-", "+", "NOT", "OR", "AND", '"', "()", 'title:""', "yang dan di", "x" * 10_000, "\ud800",
     "*", "?", "~3", ":::", "\x00\x1b", ARABIC_HELLO, HEBREW_HELLO],
)  # fmt: skip
def test_queries_without_a_searchable_word_find_nothing(
    seed_index: ArticleIndex, query: str
) -> None:
    """Nothing to search for: no hits, or a one-line query error (checked in `outcome`)."""
    found = outcome(seed_index, query)
    assert found == set() or isinstance(found, str)


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_query_is_a_query_error(seed_index: ArticleIndex, query: str) -> None:
    with pytest.raises(QueryError) as caught:
        seed_index.search(query)
    assert "empty" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "query", ['"unbalanced', "-", "Lavrov\x1b[2J", "\u202eLavrov", "x" * 10_000]
)
def test_cli_search_reads_odd_queries_without_a_traceback(
    seed_index_path: Path, query: str
) -> None:
    result = run("search", query, "--json", "-i", str(seed_index_path))
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["query"]


def test_cli_empty_query_is_one_line_and_exit_1(seed_index_path: Path) -> None:
    result = run("search", "  ", "-i", str(seed_index_path))
    no_traceback(result)
    assert result.exit_code == 1
    assert one_line(result.stderr).startswith("searchlib: error: empty query")


# ---------------------------------------------------------------------------- the index folder


@pytest.mark.parametrize(
    "args",
    [("search", "Lavrov"), ("show", "000_570f68fb9ef06bfe"), ("stats",)],
    ids=["search", "show", "stats"],
)
def test_missing_index_says_how_to_build_one(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run(*args, "-i", str(tmp_path / "nothing"))
    no_traceback(result)
    assert result.exit_code == 1
    assert "searchlib index" in one_line(result.stderr)


@pytest.mark.parametrize("command", ["search", "index", "stats"])
def test_foreign_folder_is_refused_without_advice_to_rebuild(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8\xff" + b"\0" * 100)
    args = {"search": ("search", "Lavrov"), "index": ("index", str(folder)), "stats": ("stats",)}
    result = run(*args[command], "-i", str(folder))
    no_traceback(result)
    assert result.exit_code == 1
    message = one_line(result.stderr)
    assert "empty or new folder" in message and "--rebuild" not in message
    assert (folder / "holiday.jpg").exists()


def damage(index_dir: Path, how: str) -> None:
    """Break a built index folder the way disks, copies and editors break files."""
    [toc] = index_dir.glob("*.toc")
    if how == "truncated toc":
        toc.write_bytes(toc.read_bytes()[:20])
    elif how == "garbage toc":
        toc.write_bytes(bytes(range(256)) * 4)
    elif how == "empty toc":
        toc.write_bytes(b"")
    elif how == "missing toc":
        toc.unlink()
    elif how == "garbage metadata":
        (index_dir / "searchlib.json").write_text(
            '{"format": "searchlib-index", ', encoding="utf-8"
        )
    elif how == "metadata of a list":
        (index_dir / "searchlib.json").write_text("[1, 2]", encoding="utf-8")
    else:
        raise AssertionError(how)


DAMAGE = ["truncated toc", "garbage toc", "empty toc", "missing toc", "garbage metadata",
          "metadata of a list"]  # fmt: skip


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_index_is_one_line_with_the_fix(tmp_path: Path, seeded: Path, how: str) -> None:
    damage(seeded, how)
    for args in (("search", "Lavrov"), ("show", "000_570f68fb9ef06bfe"), ("stats",)):
        result = run(*args, "-i", str(seeded))
        no_traceback(result)
        assert result.exit_code == 1, args
        message = one_line(result.stderr)
        assert message.startswith("searchlib: error: ") and "--rebuild" in message


class _Touch:
    """Unpickling this creates a file: stands for any code a hostile index could run."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return (Path.touch, (self.target,))


def test_an_index_folder_from_elsewhere_cannot_run_code(tmp_path: Path, seeded: Path) -> None:
    """A table of contents whose pickled segment list calls a function is refused unread."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    from searchlib.store.documents import build_schema

    evidence = tmp_path / "code-ran"
    generation = max(int(toc.stem.rsplit("_", 1)[1]) for toc in seeded.glob("_MAIN_*.toc")) + 1
    TOC(build_schema(), [_Touch(evidence)], generation).write(FileStorage(str(seeded)), "MAIN")
    result = run("search", SEED_QUERY, "-i", str(seeded))
    no_traceback(result)
    assert result.exit_code == 1
    assert "--rebuild" in one_line(result.stderr)
    assert not evidence.exists()


def test_a_damaged_index_can_be_rebuilt(tmp_path: Path, seeded: Path, seeds_dir: Path) -> None:
    damage(seeded, "garbage toc")
    result = run("index", str(seeds_dir), "--rebuild", "-i", str(seeded))
    assert result.exit_code == 0, result.stderr
    with ArticleIndex.open(seeded) as idx:
        assert len(ids_for(idx, SEED_QUERY)) == SEED_COUNT


# ---------------------------------------------------------------------------- command-line mistakes


def test_show_unknown_id_is_one_line(seed_index_path: Path) -> None:
    result = run("show", "no-such-article", "-i", str(seed_index_path))
    no_traceback(result)
    assert result.exit_code == 1
    assert "no-such-article" in one_line(result.stderr)
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ("search", "Lavrov", "-n", "0"),
        ("search", "Lavrov", "-n", "banyak"),
        ("search", "Lavrov", "--no-such-option"),
        ("search",),
        ("show",),
        ("parse",),
        ("no-such-command",),
    ],
)
def test_usage_mistakes_exit_2_with_one_error_line(
    seed_index_path: Path, args: tuple[str, ...]
) -> None:
    result = run(*args, "-i", str(seed_index_path)) if args[0] in {"search", "show"} else run(*args)
    no_traceback(result)
    assert result.exit_code == 2
    assert len([line for line in result.stderr.splitlines() if line.startswith("Error:")]) == 1
    assert result.stdout == ""


def test_index_option_naming_a_file_is_a_usage_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "index"
    not_a_folder.write_text("keep me", encoding="utf-8")
    result = run("search", "Lavrov", "-i", str(not_a_folder))
    assert result.exit_code == 2
    assert not_a_folder.read_text(encoding="utf-8") == "keep me"


def test_parse_of_a_bad_file_names_it_on_stderr(tmp_path: Path) -> None:
    bad = write_binary(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(page(GOOD_MARKER), encoding="utf-8")
    result = run("parse", "--json", str(bad), str(good))
    no_traceback(result)
    assert [article["id"] for article in json.loads(result.stdout)] == ["good"]
    assert str(bad) in one_line(result.stderr)


def test_unreadable_path_for_index_and_parse(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: every file is readable, permission checks are moot")
    secret = tmp_path / "secret.txt"
    secret.write_text(page("rahasia"), encoding="utf-8")
    secret.chmod(0)
    try:
        for args in (("parse", str(secret)), ("index", str(secret), "-i", str(tmp_path / "ix"))):
            result = run(*args)
            no_traceback(result)
            assert any("permission denied" in line for line in result.stderr.splitlines())
    finally:
        secret.chmod(0o644)


def test_one_oversized_jsonl_line_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "' + b"a" * (17 * 1024 * 1024) + b'"}\n')
    events = read_source(path)
    assert [e.message for e in events if isinstance(e, IngestFailure)] == [
        "line 1: record too large, skipped"
    ]


def test_a_file_name_that_is_not_utf8_does_not_stop_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / os.fsdecode(b"berita-\xff.txt")).write_text(page("zebrasatu"), encoding="utf-8")
    (folder / "good.txt").write_text(page("zebradua"), encoding="utf-8")
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add([folder])
        assert (report.added, report.failed) == (1, 1)
        assert "not valid UTF-8" in report.failures[0].message
        assert [hit.id for hit in idx.search("zebradua")] == ["good"]


def test_control_characters_in_json_records_are_cleaned_like_pages(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    record = {
        "id": "c",
        "title": "Judul\u001b[2J\u0000",
        "text": "Isi\u0000 teks \u001b]0;x\u0007.",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article] = [e for e in read_source(path) if isinstance(e, Article)]
    text = "\n".join((article.title, *article.body))
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]


@pytest.mark.parametrize("command", ["parse", "index"])
def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nope.txt"
    index_args = ["-i", str(tmp_path / "ix")] if command == "index" else []
    result = CliRunner().invoke(cli, [command, str(missing), *index_args])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("how", ["garbage segment", "missing segment"])
def test_a_damaged_segment_is_an_index_error_with_the_fix(seeded: Path, how: str) -> None:
    segment = next(seeded.glob("*.seg"))
    if how == "missing segment":
        segment.unlink()
    else:
        segment.write_bytes(bytes(range(256)) * (segment.stat().st_size // 256 + 1))
    with pytest.raises(SearchlibError, match="rebuild it"), ArticleIndex.open(seeded) as idx:
        idx.search(SEED_QUERY)
    result = CliRunner().invoke(cli, ["search", SEED_QUERY, "-i", str(seeded)])
    assert result.exit_code == 1 and "--rebuild" in one_line(result.stderr)


def test_parse_json_reports_an_undecodable_file_name_and_stays_valid(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / os.fsdecode(b"berita-\xff.txt")).write_text(page("zebrasatu"), encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    done = subprocess.run(
        [sys.executable, "-m", "searchlib", "parse", "--json", str(folder)],
        capture_output=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert b"not valid UTF-8" in done.stderr
