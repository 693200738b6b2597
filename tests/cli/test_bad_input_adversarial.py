"""Bad input, the adversarial cases: what a hostile or careless folder, file or option
must never do (docs/reliability.md lists them with their counts).

Every case ends as the bad-input suite promises: the data is indexed (perhaps with a
warning naming file and line), a file or record is skipped with one line naming it, or
the user gets one line on stderr and exit code 1. Never a traceback, never a message
that starts with "unexpected", never a file deleted that the index did not create.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from whoosh import query as wq
from whoosh.filedb.compound import CompoundStorage
from whoosh.reading import SegmentReader

from searchlib import Article, ArticleIndex, store
from searchlib.cli import cli
from searchlib.errors import IndexLockedError, IndexStateError
from searchlib.ingest.files import MAX_RECORD_BYTES
from searchlib.query import MAX_FUZZY_WORDS, parse_query
from searchlib.search.snippets import MAX_FRAGMENT_CHARS, _best_window_start
from searchlib.search.suggest import MAX_CORRECTED_WORDS

SEED_QUERY = "Lavrov"
SEED_COUNT = 5


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def error_line(result: Result) -> str:
    """The single stderr line of a failed command, checked to be a clean one-line error."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("searchlib: error: ") and "unexpected" not in lines[0]
    return lines[0]


def listing(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


@pytest.fixture()
def built(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "index"
    with ArticleIndex.create(folder) as idx:
        idx.add([seeds_dir], jobs=1)
    return folder


# -- 2. --rebuild never deletes what the index did not create ---------------------------


@pytest.mark.parametrize("rebuild", [True, False], ids=["rebuild", "new index"])
def test_a_folder_of_other_files_is_never_made_an_index(
    tmp_path: Path, seeds_dir: Path, rebuild: bool
) -> None:
    folder = tmp_path / "v"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"PK\x03\x04 years of work")
    before = listing(folder)
    result = run("index", str(seeds_dir), "-i", str(folder), *(["--rebuild"] if rebuild else []))
    line = error_line(result)
    assert "not a searchlib index" in line and "thesis.docx" in line
    assert listing(folder) == before
    with pytest.raises(IndexStateError, match="empty or new folder"):
        ArticleIndex.create(folder, overwrite=rebuild)
    assert listing(folder) == before


def test_rebuilding_into_the_source_folder_keeps_the_sources(
    tmp_path: Path, seeds_dir: Path
) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for page in seeds_dir.glob("*.txt"):
        (archive / page.name).write_bytes(page.read_bytes())
    before = listing(archive)
    line = error_line(run("index", str(archive), "-i", str(archive), "--rebuild"))
    assert "not a searchlib index" in line
    assert listing(archive) == before


def test_a_rebuild_deletes_the_old_index_and_nothing_else(built: Path, seeds_dir: Path) -> None:
    (built / "README.md").write_text("Our archive index.\n", encoding="utf-8")
    (built / "notes.txt").write_text("kept by a person\n", encoding="utf-8")
    old_segments = {path.name for path in built.glob("MAIN_*.seg")}
    assert old_segments

    result = run("index", str(seeds_dir / "002_bd7d1f872aa3690c.txt"), "-i", str(built),
                 "--rebuild", "-q")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (built / "README.md").read_text(encoding="utf-8") == "Our archive index.\n"
    assert (built / "notes.txt").read_text(encoding="utf-8") == "kept by a person\n"
    assert not old_segments & {path.name for path in built.glob("MAIN_*.seg")}
    with ArticleIndex.open(built) as idx:
        assert [article.id for article in idx] == ["002_bd7d1f872aa3690c"]


def test_an_incomplete_index_is_named_so_and_can_be_rebuilt(
    built: Path, seeds_dir: Path
) -> None:
    """Whoosh's files without searchlib.json: what a crash during creation leaves."""
    (built / store.METADATA_FILE).unlink()
    line = error_line(run("search", SEED_QUERY, "-i", str(built)))
    assert "incomplete" in line and "--rebuild" in line
    result = run("index", str(seeds_dir), "-i", str(built), "--rebuild", "-q")
    assert result.exit_code == 0, result.output
    with ArticleIndex.open(built) as idx:
        assert idx.search(SEED_QUERY).total == SEED_COUNT


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from searchlib import store
with store.write_lock(store.open_index(Path(sys.argv[1]))):
    print("locked", flush=True)
    time.sleep(60)
"""


@pytest.fixture()
def locked(built: Path) -> Iterator[Path]:
    """The index while another process holds its write lock (an `index` run)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(built)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield built
    finally:
        holder.kill()
        holder.wait()


def test_a_rebuild_waits_for_the_writer_and_then_gives_up(locked: Path, seeds_dir: Path) -> None:
    before = listing(locked)
    line = error_line(
        run("index", str(seeds_dir), "-i", str(locked), "--rebuild", "--lock-timeout", "0.2")
    )
    assert "index is locked by another process" in line
    with pytest.raises(IndexLockedError):
        ArticleIndex.create(locked, overwrite=True, lock_timeout=0.2)
    assert listing(locked) == before
    with ArticleIndex.open(locked) as idx:
        assert idx.search(SEED_QUERY).total == SEED_COUNT


def test_an_empty_folder_or_one_with_a_readme_becomes_an_index(
    tmp_path: Path, seeds_dir: Path
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "described").mkdir()
    (tmp_path / "described" / "README.md").write_text("index of the archive\n", encoding="utf-8")
    for name in ("empty", "described"):
        result = run("index", str(seeds_dir), "-i", str(tmp_path / name), "--rebuild", "-q")
        assert result.exit_code == 0, result.output
    assert (tmp_path / "described" / "README.md").exists()


def test_index_files_are_recognised_by_name(built: Path) -> None:
    (built / "notes.txt").write_text("mine", encoding="utf-8")
    names = {path.name for path in store.index_files(built)}
    assert store.METADATA_FILE in names and any(name.endswith(".toc") for name in names)
    assert "notes.txt" not in names
    assert [path.name for path in store.foreign_files(built)] == ["notes.txt"]
    assert json.loads((built / store.METADATA_FILE).read_text(encoding="utf-8"))


# -- 3. a filter that matches nothing gives nothing -------------------------------------

WIB = timezone(timedelta(hours=7))
FILTERED = tuple(
    Article(
        id=f"berita-{n}",
        source_path=f"berita-{n}.txt",
        title=f"Banjir melanda Jakarta, laporan ke-{n}",
        body=(f"Banjir melanda Jakarta pada hari ke-{n}, kata petugas.",),
        outlet=("detikNews", "Republika")[n % 2],
        author=("Andi Saputra", "Budi Santoso")[n % 2],
        published=datetime(2021, 3 + n, 10, 9, 0, tzinfo=WIB),
    )
    for n in range(6)
)


@pytest.fixture(scope="module")
def filtered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("filters") / "index"
    with ArticleIndex.create(folder) as idx:
        idx.add_articles(FILTERED)
    return folder


EMPTY_FILTERS = {
    "since after the archive": {"since": "2030"},
    "until before the archive": {"until": "1900-01-01"},
    "unknown outlet": {"outlet": "nonexistent"},
    "unknown author": {"author": "nobody"},
    "outlet and a later date": {"outlet": "Republika", "since": "2030"},
    "the last day there is": {"since": "9999-12-31"},
}


@pytest.mark.parametrize("options", EMPTY_FILTERS.values(), ids=EMPTY_FILTERS.keys())
def test_a_filter_that_matches_nothing_gives_no_hits(
    filtered: Path, options: dict[str, str]
) -> None:
    with ArticleIndex.open(filtered) as idx:
        assert idx.search("jakarta").total == len(FILTERED)
        results = idx.search("jakarta", facets=True, **options)  # type: ignore[arg-type]
    assert (results.total, results.hits) == (0, ())
    assert results.facets is not None
    assert (results.facets.outlets, results.facets.months) == ((), ())

    flags = [f"--{name}={value}" for name, value in options.items()]
    shown = run("search", "jakarta", "-i", str(filtered), "--facets", "--json", *flags)
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert (data["total"], data["hits"], data["facets"]) == (0, [], {"outlet": {}, "month": {}})
    plain = run("search", "jakarta", "-i", str(filtered), *flags)
    assert plain.exit_code == 0 and plain.stdout == ""
    assert "0 matching articles" in plain.stderr


def test_a_filter_that_matches_something_still_narrows(filtered: Path) -> None:
    with ArticleIndex.open(filtered) as idx:
        results = idx.search("jakarta", outlet="Republika", since="2021-05", facets=True)
    assert {hit.outlet for hit in results} == {"Republika"}
    assert results.total == 2  # April, June and August; since May leaves two
    assert results.facets is not None and [f.count for f in results.facets.outlets] == [2]


# -- 4. one record cannot abort a batch -------------------------------------------------


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    """Records as `json.dumps` writes them: a lone surrogate becomes a \\udc80 escape."""
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


STORY = "Banjir melanda Jakarta pada hari Senin, kata petugas setempat kepada wartawan."


def test_a_lone_surrogate_in_a_record_is_cleaned_in_index_and_parse(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "scrape.jsonl", [
        {"id": "rusak", "title": "Judul \udc80 rusak", "text": f"{STORY} Kata \udc80 rusak."},
        {"title": "Tanpa id \ud800", "text": f"{STORY} Kata ketiga."},
        {"id": "utuh", "title": "Judul utuh", "text": f"{STORY} Kata utuh."},
    ])  # fmt: skip
    assert "\\udc80" in source.read_text(encoding="utf-8")

    folder = tmp_path / "index"
    for jobs in ("1", "2"):
        result = run("index", str(source), "-i", str(folder), "--jobs", jobs, "--rebuild")
        assert result.exit_code == 0, result.output
        assert "3 added" in result.stderr and "0 failed" in result.stderr
    with ArticleIndex.open(folder) as idx:
        article = idx.get("rusak")
        assert article is not None and article.title == "Judul \ufffd rusak"
        assert "Kata \ufffd rusak." in article.text
        assert idx.search("rusak").total == 1

    parsed = run("parse", str(source), "--json")
    assert parsed.exit_code == 0, parsed.output
    titles = [article["title"] for article in json.loads(parsed.stdout)]
    assert titles == ["Judul \ufffd rusak", "Tanpa id \ufffd", "Judul utuh"]
    shown = run("parse", str(source))
    assert shown.exit_code == 0 and "Judul \ufffd rusak" in shown.stdout


def test_an_article_that_cannot_be_indexed_fails_alone(tmp_path: Path) -> None:
    good = Article(id="utuh", source_path="mine", title="Judul utuh", body=(STORY,))
    bad = Article(id="rusak", source_path="mine", title="Judul \udc80", body=(STORY,))
    with ArticleIndex.create(tmp_path / "index") as idx:
        report = idx.add_articles([bad, good])
        assert (report.added, report.failed) == (1, 1)
        [failure] = report.failures
        assert failure.source_path == "mine" and "'rusak'" in failure.message
        assert [article.id for article in idx] == ["utuh"]


# -- 5. nothing hangs, nothing costs more than linear time --------------------------------

# A generous bound for a command that takes about a second; a hang takes forever.
HANG_SECONDS = 120


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a child process, so a hang fails the test instead of stalling it."""
    return subprocess.run(
        [sys.executable, "-m", "searchlib", *args],
        capture_output=True, text=True, timeout=HANG_SECONDS, check=False,
    )  # fmt: skip


@pytest.fixture()
def folder_with_pipes(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "d"
    folder.mkdir()
    page = seeds_dir / "002_bd7d1f872aa3690c.txt"
    (folder / page.name).write_bytes(page.read_bytes())
    for name in ("fifo.txt", "pipe.jsonl", "pipe.csv"):
        os.mkfifo(folder / name)
    return folder


def test_named_pipes_are_skipped_with_a_message_not_read(
    tmp_path: Path, folder_with_pipes: Path
) -> None:
    done = run_process("index", str(folder_with_pipes), "-i", str(tmp_path / "ix"), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    for name in ("fifo.txt", "pipe.jsonl", "pipe.csv"):
        skipped = f"skipped {folder_with_pipes / name}: a named pipe, not a regular file"
        assert skipped in done.stderr
    assert "1 added" in done.stderr and "3 failed" in done.stderr

    named = run_process("parse", str(folder_with_pipes / "fifo.txt"), "--json")
    assert named.returncode == 0 and json.loads(named.stdout) == []
    assert "only regular files are read" in named.stderr


@pytest.mark.parametrize("planted", ["segment", "lock", "stem cache"])
def test_a_pipe_planted_in_an_index_folder_is_refused(
    built: Path, seeds_dir: Path, planted: str
) -> None:
    target = {
        "segment": next(built.glob("MAIN_*.seg")),
        "lock": built / f"{store.INDEX_NAME}_{store.WRITE_LOCK}",
        "stem cache": built / store.STEM_CACHE_FILE,
    }[planted]
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    searched = run_process("search", SEED_QUERY, "-i", str(built))
    indexed = run_process("index", str(seeds_dir), "-i", str(built), "-q")
    # A search reads the segment but takes no lock; a stem cache that cannot be read is
    # rebuilt, so only the segment and the lock are errors, and only where they are read.
    refused = {"segment": [searched, indexed], "lock": [indexed], "stem cache": []}[planted]
    for done in (searched, indexed):
        if done in refused:
            assert done.returncode == 1, done.stderr
            assert "is damaged" in done.stderr and "not a regular file" in done.stderr
        else:
            assert done.returncode == 0, done.stderr


def test_a_caption_line_that_hung_the_parser_is_read(tmp_path: Path) -> None:
    """A share-button line with a long URL: the trailing-credit pattern backtracked for
    minutes on it (45 s at 800 characters, growing with the fourth power)."""
    share = 'window.open("https://x.com/intent/tweet?url=' + "/".join(
        f"bagian{i}" for i in range(300)
    ) + '", "_blank", "width=500, height=500");'
    page = tmp_path / "page.txt"
    page.write_text(
        "Judul Berita Banjir Jakarta\n\n" + f"{share}\n" * 5 + f"JAKARTA - {STORY} " * 3 + "\n",
        encoding="utf-8",
    )
    done = run_process("parse", str(page), "--json")
    assert done.returncode == 0, done.stderr
    [article] = json.loads(done.stdout)
    assert article["body"][0].startswith("Banjir melanda Jakarta")


def test_a_page_opening_with_many_comments_is_read_at_once(tmp_path: Path) -> None:
    """Whether a .txt file holds HTML is read from its opening; one regular expression
    over a run of HTML comments there backtracked exponentially (22 s at 25 comments)."""
    page = tmp_path / "page.txt"
    page.write_text(
        "<!-- x -->" * 60 + "\nJudul Berita Banjir Jakarta\n\n" + f"JAKARTA - {STORY} " * 3 + "\n",
        encoding="utf-8",
    )
    done = run_process("parse", str(page), "--json")
    assert done.returncode == 0, done.stderr
    [article] = json.loads(done.stdout)
    assert article["body"][0].startswith("Banjir melanda Jakarta")


def test_a_saved_page_declaring_a_huge_dotted_author_is_read(tmp_path: Path) -> None:
    """An author declared in a meta tag is checked for a domain ("Liputan6.com" is no
    person); over a long dotted run that search was quadratic (16 s at 20 KB)."""
    page = tmp_path / "page.html"
    story = "".join(f"<p>JAKARTA - {STORY} {STORY}</p>" for _ in range(3))
    page.write_text(
        f'<html><head><meta name="author" content="{"a." * 100_000}"></head><body>'
        f"<h1>Banjir Rendam Ratusan Rumah di Jakarta</h1>{story}</body></html>",
        encoding="utf-8",
    )
    done = run_process("parse", str(page), "--json")
    assert done.returncode == 0, done.stderr
    [article] = json.loads(done.stdout)
    assert article["author"] is None and article["body"][0].startswith("Banjir melanda")


def test_a_folder_page_of_one_hyphenated_run_is_indexed(tmp_path: Path) -> None:
    """Pages of a folder are grouped by the domain they name most; the domain search
    was quadratic over a long hyphenated run (3 s at 32 KB, minutes at 300 KB)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "run.txt").write_text(
        "Judul Berita Banjir Jakarta\n\n" + "A-" * 150_000 + f"\n\nJAKARTA - {STORY} " * 3,
        encoding="utf-8",
    )
    done = run_process("index", str(folder), "-i", str(tmp_path / "index"), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stderr


def test_one_word_repeated_in_one_long_sentence_searches(tmp_path: Path) -> None:
    """Snippet windows were quadratic in the matches of a sentence (14 s at 200 KB)."""
    source = write_jsonl(tmp_path / "one.jsonl", [
        {"id": "ulang", "title": "Jakarta", "text": "jakarta " * 250_000},
        {"id": "biasa", "title": "Banjir", "text": STORY},
    ])  # fmt: skip
    folder = tmp_path / "index"
    assert run_process("index", str(source), "-i", str(folder), "-q").returncode == 0
    done = run_process("search", "jakarta", "-i", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    hit = json.loads(done.stdout)["hits"][0]
    [snippet] = [s for s in hit["snippets"] if s["highlights"]]
    assert len(snippet["text"]) <= MAX_FRAGMENT_CHARS + 2
    assert len(snippet["highlights"]) >= MAX_FRAGMENT_CHARS // len("jakarta ") - 1


def _window_by_brute_force(text: str, spans: list[tuple[int, int]], width: int) -> int:
    context = width // 6
    best_start, best_count = 0, -1
    for anchor, _ in spans:
        start = max(0, min(anchor - context, len(text) - width))
        count = sum(1 for s, e in spans if s >= start and e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    return best_start


def test_the_densest_window_is_the_one_counted_match_by_match() -> None:
    rnd = random.Random(7)
    for _ in range(300):
        text_length = rnd.randint(50, 3000)
        cuts = sorted(rnd.sample(range(text_length), rnd.randint(2, min(80, text_length))))
        spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        text = "x" * text_length
        width = rnd.choice([40, 120, 240])
        assert _best_window_start(text, spans, width) == _window_by_brute_force(text, spans, width)


def test_fuzzy_expansion_and_corrections_are_capped(
    seed_index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query of 40 long misspelled words walks the word list for a few words only."""
    with ArticleIndex.open(seed_index_path) as idx:
        vocabulary = sorted(
            {word for article in idx for word in article.text.split() if word.isalpha()
             and len(word) >= 8},
        )[:40]  # fmt: skip
        query = " ".join(word[:2] + "q" + word[3:] for word in vocabulary)
        parsed = parse_query(query, fuzzy=True)
        fuzzy_words = {leaf.text for leaf in parsed.whoosh_query.leaves()
                       if isinstance(leaf, wq.FuzzyTerm)}  # fmt: skip
        assert len(fuzzy_words) == MAX_FUZZY_WORDS

        walks: list[str] = []
        real = SegmentReader.terms_within

        def counted(self: SegmentReader, fieldname: str, text: str, *args: Any, **kw: Any) -> Any:
            walks.append(text)
            return real(self, fieldname, text, *args, **kw)

        monkeypatch.setattr(SegmentReader, "terms_within", counted)
        results = idx.search(query, fuzzy=True)
    # Two exact fields per word; the corrections reuse the fuzzy words' walks.
    assert len(set(walks)) <= MAX_FUZZY_WORDS + MAX_CORRECTED_WORDS
    assert len(walks) == 2 * len(set(walks))
    assert results.total > 0


# -- 6. nothing is lost without a message ------------------------------------------------


def test_a_csv_row_over_the_record_limit_fails_alone_by_line(tmp_path: Path) -> None:
    source = tmp_path / "records.csv"
    with source.open("w", encoding="utf-8") as out:
        out.write("id,title,text\n")
        out.write(f"c1,Judul Satu,{STORY}\n")
        out.write("c2,Judul Dua," + "x" * (MAX_RECORD_BYTES + 10) + "\n")
        out.write(f"c3,Judul Tiga,{STORY}\n")
    folder = tmp_path / "index"
    with ArticleIndex.create(folder) as idx:
        report = idx.add([source])
        assert (report.added, report.failed) == (2, 1)
        [failure] = report.failures
        assert failure.source_path == f"{source}:3" and "record too large" in failure.message
        assert sorted(article.id for article in idx) == ["c1", "c3"]
    sources = json.loads((folder / store.SOURCES_FILE).read_text(encoding="utf-8"))
    assert str(source) not in sources["files"]  # read again next time, not skipped as done
    line = error_line(run("index", str(source), "-i", str(tmp_path / "strict"), "--strict"))
    assert f"{source}:3" in line and "record too large" in line


def test_duplicate_ids_in_one_file_keep_the_first_copy_and_say_so(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "records.jsonl", [
        {"id": "a", "title": "Pertama", "text": f"{STORY} Salinan pertama."},
        {"id": "b", "title": "Lain", "text": STORY},
        {"id": "a", "title": "Kedua", "text": f"{STORY} Salinan kedua."},
    ])  # fmt: skip
    folder = tmp_path / "index"
    result = run("index", str(source), "-i", str(folder))
    assert result.exit_code == 0, result.output
    assert f"warning {source}:3: id 'a' was already read from {source}:1" in result.stderr
    assert "2 added" in result.stderr and "1 duplicate ids skipped" in result.stderr
    with ArticleIndex.open(folder) as idx:
        first = idx.get("a")
        assert first is not None and first.title == "Pertama"


def test_the_same_id_from_a_page_and_a_record(tmp_path: Path, seeds_dir: Path) -> None:
    page = tmp_path / "berita-1.txt"
    page.write_bytes((seeds_dir / "002_bd7d1f872aa3690c.txt").read_bytes())
    records = write_jsonl(tmp_path / "records.jsonl", [
        {"id": "lain", "title": "Lain", "text": STORY},
        {"id": "berita-1", "title": "Dari Rekaman", "text": f"{STORY} Versi rekaman."},
    ])  # fmt: skip
    folder = tmp_path / "index"

    together = run("index", str(page), str(records), "-i", str(folder))
    assert together.exit_code == 0, together.output
    assert f"{records}:2: id 'berita-1' was already read from {page}" in together.stderr
    with ArticleIndex.open(folder) as idx:
        kept = idx.get("berita-1")
        assert kept is not None and kept.source_path == str(page)

    later = run("index", str(records), "-i", str(tmp_path / "other"), "-q")
    assert later.exit_code == 0
    replaced = run("index", str(page), "-i", str(tmp_path / "other"))
    assert replaced.exit_code == 0, replaced.output
    assert f"warning {page}: id 'berita-1' was indexed from {records}" in replaced.stderr
    assert "this copy replaces it" in replaced.stderr


# -- 7. every failure is one clear line, and recovery cleans up --------------------------


def damage_segment(folder: Path, how: str) -> None:
    segment = next(folder.glob("MAIN_*.seg"))
    data = segment.read_bytes()
    half = len(data) // 2
    damaged = {
        "truncated": data[:half],
        "empty": b"",
        "garbage": bytes(range(256)) * (len(data) // 256 + 1),
        "zeroed head": bytes(1024) + data[1024:],
        "zeroed tail": data[:-1024] + bytes(1024),
        "zeroed middle": data[:half] + bytes(2048) + data[half + 2048 :],
    }
    if how == "missing":
        segment.unlink()
    else:
        segment.write_bytes(damaged[how])


SEGMENT_DAMAGE = ["truncated", "empty", "garbage", "zeroed head", "zeroed tail", "missing",
                  "zeroed middle"]  # fmt: skip


@pytest.mark.parametrize("how", SEGMENT_DAMAGE)
def test_a_damaged_segment_is_named_by_index_optimize_and_search(
    built: Path, seeds_dir: Path, tmp_path: Path, how: str
) -> None:
    damage_segment(built, how)
    page = tmp_path / "baru.txt"
    page.write_text((seeds_dir / "002_bd7d1f872aa3690c.txt").read_text(encoding="utf-8")
                    .replace("Lavrov", "Lavrovv"), encoding="utf-8")  # fmt: skip
    outcomes = {
        "index": run("index", str(page), "-i", str(built), "-q", "--jobs", "1"),
        "search": run("search", SEED_QUERY, "-i", str(built)),
        "optimize": run("optimize", "-i", str(built)),
    }
    # Damage inside posting data that a search for one word and a one-page update do
    # not read may go unseen by them; optimize reads everything and must see it.
    must_fail = ["optimize"] if how == "zeroed middle" else list(outcomes)
    for command, result in outcomes.items():
        assert "Traceback" not in result.output and "unexpected" not in result.output
        if command in must_fail:
            line = error_line(result)
            assert "is damaged" in line and "--rebuild" in line, command
    assert "already a single segment" not in outcomes["optimize"].stderr
    rebuilt = run("index", str(seeds_dir), "-i", str(built), "--rebuild", "-q")
    assert rebuilt.exit_code == 0, rebuilt.output


def test_an_index_that_may_not_be_read_is_not_called_damaged(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def refusing(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path).endswith(".seg"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    line = error_line(run("search", SEED_QUERY, "-i", str(built)))
    assert "permission denied" in line and ".seg" in line
    assert "damaged" not in line and "--rebuild" not in line


def test_a_full_disk_is_named_and_its_partial_files_removed(
    built: Path, tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sorted(path.name for path in built.iterdir())
    page = tmp_path / "baru.txt"
    page.write_text((seeds_dir / "002_bd7d1f872aa3690c.txt").read_text(encoding="utf-8")
                    .replace("Lavrov", "Lavrovv"), encoding="utf-8")  # fmt: skip
    real_assemble = CompoundStorage.assemble

    def disk_full(dbfile: Any, *_args: Any, **_kwargs: Any) -> None:
        dbfile.write(b"\0" * 4096)  # what got written before the device filled up
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(CompoundStorage, "assemble", staticmethod(disk_full))
    line = error_line(run("index", str(page), "-i", str(built), "-q", "--jobs", "1"))
    assert "no space left" in line and str(built) in line
    assert sorted(path.name for path in built.iterdir()) == before
    assert not list((built / store.TEMP_DIR).iterdir())

    monkeypatch.setattr(CompoundStorage, "assemble", staticmethod(real_assemble))
    again = run("index", str(page), "-i", str(built), "-q", "--jobs", "1")
    assert again.exit_code == 0, again.output
    with ArticleIndex.open(built) as idx:
        assert idx.search("Lavrovv").total == 1


def _sigint_handler_in_a_worker(_: object) -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


@pytest.fixture
def ctrl_c_handled() -> Iterator[None]:
    """Python's own Ctrl-C handler in this process, as in a terminal. A test run started in
    the background (`pytest &`) inherits SIGINT ignored, which would hide what is tested."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _ctrl_c_as_in_a_terminal() -> None:
    """Run in the child before it starts: SIGINT back to its default, whatever the test
    run inherited, so the child's Python installs its Ctrl-C handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.usefixtures("ctrl_c_handled")
def test_workers_leave_ctrl_c_to_the_main_process(seed_index_path: Path) -> None:
    """The terminal sends Ctrl-C to every process of the command; workers that did not
    ignore it each printed `Process ForkPoolWorker-1:` and a traceback."""
    from multiprocessing import get_context

    from searchlib.indexing.workers import start_worker
    from searchlib.store.documents import build_schema

    with get_context("fork").Pool(1, start_worker, (build_schema(), None, {}, {})) as pool:
        assert pool.map(_sigint_handler_in_a_worker, [None]) == [True]
    start_worker(build_schema(), None, {}, {})  # in this process (--jobs 1): left alone
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_ctrl_c_during_a_parallel_build_prints_one_line(tmp_path: Path, seeds_dir: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    texts = [page.read_text(encoding="utf-8") for page in sorted(seeds_dir.glob("*.txt"))]
    for n in range(1500):
        (pages / f"salinan-{n}.txt").write_text(texts[n % len(texts)] + f"\nnomor{n}\n",
                                                encoding="utf-8")  # fmt: skip
    build = subprocess.Popen(
        [sys.executable, "-m", "searchlib", "index", str(pages), "-i", str(tmp_path / "ix"),
         "--jobs", "2"],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )  # fmt: skip
    children = Path(f"/proc/{build.pid}/task/{build.pid}/children")
    deadline = time.monotonic() + HANG_SECONDS
    while len(children.read_text().split()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # until the pool's workers run (corpus evidence is read first)
    time.sleep(0.5)
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C does: every process of the group
    _, stderr = build.communicate(timeout=HANG_SECONDS)
    assert build.returncode == 1, stderr
    assert "Process ForkPoolWorker" not in stderr and "Traceback" not in stderr
    [line] = [line for line in stderr.splitlines() if line.strip()]
    assert line.startswith("searchlib: error: interrupted:")


HOSTILE_TITLE = "Judul \x9b31m merah \u202eterbalik\u202c biasa"


def test_jsonl_escapes_what_json_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    with ArticleIndex.create(folder) as idx:
        idx.add_articles([Article(id="h", source_path="h", title=HOSTILE_TITLE, body=(STORY,))])
    as_json = run("search", "banjir", "-i", str(folder), "--json")
    as_jsonl = run("search", "banjir", "-i", str(folder), "--jsonl")
    for output in (as_json.stdout, as_jsonl.stdout):
        assert "\x9b" not in output and "\u202e" not in output
        assert "\\u009b" in output and "\\u202e" in output
    [line] = as_jsonl.stdout.splitlines()
    assert json.loads(line)["title"] == json.loads(as_json.stdout)["hits"][0]["title"]
    assert json.loads(line)["title"] == HOSTILE_TITLE


def test_a_pipe_is_refused_not_cut(tmp_path: Path, seeds_dir: Path) -> None:
    """Piped text used to be read up to the 8 MB page limit and cut there silently."""
    text = (seeds_dir / "002_bd7d1f872aa3690c.txt").read_text(encoding="utf-8")
    piped = (text + "\n") * (9 * 1024 * 1024 // len(text.encode("utf-8")) + 1)
    done = subprocess.run(
        [sys.executable, "-m", "searchlib", "parse", "/dev/stdin", "--json"],
        input=piped, capture_output=True, text=True, timeout=HANG_SECONDS, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and json.loads(done.stdout) == []
    assert "skipped /dev/stdin: a named pipe, not a regular file" in done.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_record_file_is_read_as_utf16(tmp_path: Path, encoding: str) -> None:
    records = [
        {"id": "u1", "title": "Pemilu di Kota Tua", "text": f"{STORY} Café ditutup."},
        {"id": "u2", "title": "Kedua", "text": STORY},
    ]
    source = tmp_path / "records.jsonl"
    source.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in records)
                      .encode(encoding))  # fmt: skip
    folder = tmp_path / "index"
    result = run("index", str(source), "-i", str(folder), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert f"warning {source}: not UTF-8, decoded as UTF-16" in result.stderr
    assert "2 added" in result.stderr and "0 failed" in result.stderr
    with ArticleIndex.open(folder) as idx:
        article = idx.get("u1")
        assert article is not None and article.text.endswith("Café ditutup.")
    parsed = run("parse", str(source), "--json")
    assert [a["title"] for a in json.loads(parsed.stdout)] == ["Pemilu di Kota Tua", "Kedua"]
    assert "decoded as UTF-16" in parsed.stderr
