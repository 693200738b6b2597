"""Adversarial input: seconds per MB from 10 KB to 10 MB, through the commands a user runs.

Every ingestion and query path must cost time linear in its input, or bounded. Each case
below is a hostile shape of input, grown from 10 KB to 10 MB (pages stop at 8 MB, the
largest page read) and measured through the user's command, run in this process with
click's test runner so start-up is not counted: `searchlib parse FILE` for pages,
`searchlib index FILE.jsonl --jobs 1` for records, `searchlib search` for queries.

For each size the table shows the median seconds per MB of `--repeat` runs, and the
ratio of seconds per MB at the largest size to that at 10 KB and at 100 KB: about 1 or
less is linear (fixed costs weigh most on small inputs), a quadratic cost shows as a
ratio near the size ratio (100 between 100 KB and 10 MB). The baseline row, an ordinary
page of prose paragraphs, is measured in the same run. A measurement slower than `--cap`
seconds is stopped and shown as such, and the case's larger sizes are skipped.

Fuzzy queries are measured per query: 10, 30 and 100 long words (each misspelled in its
third letter, so every word is a candidate for correction) on the IndoSum index, with
and without --fuzzy. `--pages [DIR]` also times `parse` on every file of DIR, by default
the saved pages in ../shared/eval/pages-html/ (read as HTML, by their suffix).

Run from the repository root:
    python benchmarks/bench_adversarial.py [--quick] [--repeat 3] [--cap 60] [--pages]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import _common
from click.testing import CliRunner

from searchlib.cli import cli
from searchlib.ingest.files import MAX_PAGE_BYTES

KB, MB = 1000, 1000 * 1000
SIZES = (10 * KB, 100 * KB, 1 * MB, 10 * MB)
QUICK_SIZES = SIZES[:3]
FUZZY_WORDS = (10, 30, 100)
# Pages grow to just under the largest page read (8 MiB, searchlib.ingest.files).
PAGE_SIZE_LIMIT = MAX_PAGE_BYTES - 4096
WORK = _common.WORK_DIR / "adversarial"
PAGES_HTML = _common.EVAL_DIR / "pages-html"

# Prose for the generated inputs: ordinary Indonesian news sentences.
SENTENCES = (
    "Menteri Luar Negeri Rusia Sergei Lavrov bertemu Menteri Luar Negeri Amerika Serikat "
    "Antony Blinken di Jenewa pada Jumat untuk membahas ketegangan di perbatasan Ukraina.",
    "Pertemuan itu berlangsung sekitar satu setengah jam dan kedua pihak sepakat untuk "
    "melanjutkan pembicaraan pekan depan, kata seorang pejabat yang tidak mau disebut namanya.",
    "Pemerintah provinsi menyiapkan posko pengungsian di tiga kecamatan setelah hujan deras "
    "mengguyur wilayah itu sejak Senin malam dan merendam ratusan rumah warga.",
)


def _prose(size: int, separator: str = " ") -> str:
    text, n = [], 0
    while n < size:
        sentence = SENTENCES[len(text) % len(SENTENCES)]
        text.append(sentence)
        n += len(sentence) + len(separator)
    return separator.join(text)[:size]


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


HEADER = "Banjir Rendam Ratusan Rumah di Tiga Kecamatan\n\nSenin, 2 Januari 2023 10:00 WIB\n\n"


def ordinary_page(size: int) -> str:
    """The baseline: a page of prose paragraphs of about 500 characters each."""
    prose = _prose(size)
    return HEADER + "\n\n".join(prose[i : i + 500] for i in range(0, len(prose), 500)) + "\n"


def long_line_page(size: int) -> str:
    """The story as one line of `size` characters (a scrape that lost its line breaks)."""
    return HEADER + "JAKARTA - " + _prose(size) + "\n"


def no_spaces_page(size: int) -> str:
    """A short story, then one line without a space: letters, digits, dots, slashes and
    parentheses, the characters photo-credit patterns look for, with no closing
    parenthesis. (Without the story the page holds no article and is refused.)"""
    story = "JAKARTA - " + SENTENCES[2] + "\n\n"
    return HEADER + story + _repeat("(ANTARA/FOTO.12/kata-", size) + ");\n"


def caption_page(size: int) -> str:
    """A short story followed by caption lines with their credits."""
    caption = "Petugas memeriksa rumah warga yang terendam banjir (ANTARA FOTO/Budi Setya/foc)"
    return HEADER + "JAKARTA - " + SENTENCES[2] + "\n\n" + _repeat(caption + "\n", size)


def url_lines_page(size: int) -> str:
    """Share-button script lines with long URLs: the lines that hung the page parser."""
    line = 'window.open("https://x.com/intent/tweet?url=' + "/".join(
        f"bagian{i}" for i in range(60)
    ) + '", "_blank", "width=500, height=500");'
    return HEADER + "JAKARTA - " + SENTENCES[2] + "\n\n" + _repeat(line + "\n", size)


def _saved_page(body: str, head: str = "") -> str:
    """A saved page: a headline and a <time> (so the parser reads it as a page) and `body`."""
    return (
        "<!DOCTYPE html><html><head><title>Banjir Rendam Ratusan Rumah</title>"
        + head
        + "</head><body><h1>Banjir Rendam Ratusan Rumah di Tiga Kecamatan</h1>"
        "<time datetime='2023-01-02T10:00:00+07:00'>Senin, 2 Januari 2023 10:00 WIB</time>"
        + body
        + "</body></html>"
    )


def _whole(unit: str, size: int) -> str:
    """`unit` repeated to at least `size` characters, never cut (a cut tag or
    attribute would change what the parser sees)."""
    return unit * -(-size // len(unit))


STORY_HTML = "<p>JAKARTA - " + SENTENCES[2] + "</p>"


def long_paragraph_html(size: int) -> str:
    """A saved page whose story is one <p> of `size` characters."""
    return _saved_page("<p>JAKARTA - " + _prose(size) + "</p>")


def deep_nesting_html(size: int) -> str:
    """A story, then <div>s nested as deep as the size allows, never closed."""
    return _saved_page(STORY_HTML + _whole("<div><span>a", size))


def declared_metadata_html(size: int) -> str:
    """A story under meta tags, a dotted "author" (checked for a domain) and a JSON-LD
    block that fill the page: what the declared-metadata readers read."""
    meta = _whole('<meta property="article:tag" content="banjir jakarta">', size // 4)
    author = '<meta name="author" content="' + _whole("a.", size // 4) + '">'
    keywords = _whole("banjir,", size // 2)
    json_ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        '"Banjir Rendam Ratusan Rumah", "keywords": "' + keywords + '"}</script>'
    )
    return _saved_page(STORY_HTML, head=meta + author + json_ld)


def long_record(size: int) -> str:
    """One JSONL record whose text is one line of `size` characters of prose."""
    return json.dumps({"id": "panjang", "title": "Satu Berita Panjang", "text": _prose(size)})


def no_spaces_record(size: int) -> str:
    """One JSONL record whose text is one token without a space (letters, digits,
    hyphens, apostrophes: what the tokenizer joins into one word)."""
    return json.dumps({"id": "rapat", "title": "Tanpa Spasi", "text": _repeat("kata-12'an", size)})


def one_word_record(size: int) -> str:
    """One JSONL record whose text is one sentence of one word repeated."""
    return json.dumps({"id": "ulang", "title": "Jakarta", "text": _repeat("jakarta ", size)})


@dataclass(frozen=True)
class Case:
    name: str
    command: str  # "parse", "index" or "search"
    make: Callable[[int], str]
    bound: str
    page: bool = False
    html: bool = False


CASES = (
    Case("ordinary page (baseline)", "parse", ordinary_page,
         "linear: every line judged once", page=True),
    Case("long line", "parse", long_line_page,
         "linear: line rules anchored or on a line's ends", page=True),
    Case("no spaces", "parse", no_spaces_page,
         "linear: credits found from the line's end", page=True),
    Case("many captions", "parse", caption_page,
         "linear: one credit check per line", page=True),
    Case("URL lines (many slashes)", "parse", url_lines_page,
         "linear: no backtracking over slashes", page=True),
    Case("long paragraph, saved HTML", "parse", long_paragraph_html,
         "linear: libxml2's parser, one walk over the tree", page=True, html=True),
    Case("deep nesting, saved HTML", "parse", deep_nesting_html,
         "linear: libxml2 stops at depth 256; no recursion", page=True, html=True),
    Case("declared metadata, saved HTML", "parse", declared_metadata_html,
         "linear: meta and JSON-LD read once, bounded domain search", page=True, html=True),
    Case("long record", "index", long_record, "linear: analysis once per word"),
    Case("no spaces, record", "index", no_spaces_record, "linear: one token scan"),
    Case("one word, one sentence: index", "index", one_word_record,
         "linear: one posting list"),
    Case("one word, one sentence: search", "search", one_word_record,
         "bounded: 50,000 characters looked at per hit"),
)  # fmt: skip


class CappedError(BaseException):
    """A measurement ran past --cap seconds (a BaseException, so that the per-file
    `except Exception` of ingestion cannot swallow it)."""


@contextmanager
def capped(seconds: float) -> Iterator[None]:
    """Stop the body after `seconds` (the regex engine checks for signals too)."""

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise CappedError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def invoke(args: list[str]) -> None:
    """Run one command; a failure or a skipped file would make the figure meaningless."""
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0 or "skipped" in result.stderr:
        raise RuntimeError(f"searchlib {' '.join(args[:2])} failed: {result.stderr.strip()}")


def measure(case: Case, size: int, repeat: int, cap: float) -> float | None:
    """Median seconds of `case` at `size`; None when a run passed the cap."""
    folder = WORK / case.name.split(":")[0].replace(" ", "-").replace(",", "")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = folder / (
        ("page.html" if case.html else "page.txt") if case.page else "records.jsonl"
    )
    text = case.make(size)
    # Text pages are cut to the size; a saved page is whole (its story may come last).
    source.write_text((text[:size] if case.page and not case.html else text) + "\n", "utf-8")
    index_dir = folder / "index"
    if case.command == "search":
        invoke(["index", str(source), "-i", str(index_dir), "--jobs", "1", "-q"])
    times = []
    for _ in range(repeat):
        if case.command == "parse":
            args = ["parse", str(source)]
        elif case.command == "index":
            args = ["index", str(source), "-i", str(index_dir), "--jobs", "1", "-q", "--rebuild"]
        else:
            args = ["search", "jakarta", "-i", str(index_dir)]
        started = time.perf_counter()
        try:
            with capped(cap):
                invoke(args)
        except CappedError:
            return None
        times.append(time.perf_counter() - started)
    return _common.median(times)


def size_label(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size // KB} KB"


def run_cases(sizes: tuple[int, ...], repeat: int, cap: float) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    rows = []
    for case in CASES:
        per_mb: dict[str, float] = {}
        cells = []
        for size in sizes:
            actual = min(size, PAGE_SIZE_LIMIT) if case.page else size
            seconds = measure(case, actual, repeat, cap)
            if seconds is None:
                cells.append(f"> {cap:g} s")
                cells.extend("-" for _ in sizes[len(cells) :])
                break
            per_mb[size_label(size)] = seconds / (actual / MB)
            cells.append(f"{per_mb[size_label(size)]:.2f}")
            print(f"  {case.name} at {size_label(actual)}: {seconds:.3f} s", file=sys.stderr)
        labels = [size_label(size) for size in sizes]
        largest = per_mb.get(labels[-1])
        growth = [
            _common.format_ratio(_common.ratio(largest, per_mb.get(small)))
            for small in labels[:2]
        ]
        rows.append([case.name, *cells, *growth, case.bound])
        figures[case.name] = per_mb
    if sizes[-1] > PAGE_SIZE_LIMIT:
        print(f"(pages stop at {PAGE_SIZE_LIMIT / MB:.1f} MB, just under the page limit)")
    header = ["case (s per MB)", *(size_label(s) for s in sizes)]
    header += [f"{size_label(sizes[-1])}/{size_label(s)}" for s in sizes[:2]] + ["bound"]
    print()
    _common.print_table(header, rows)
    return figures


# -------------------------------------------------------------------- fuzzy queries


def fuzzy_index() -> Path:
    """The IndoSum index (built once into the work folder), or the seeds' without it."""
    source = _common.INDOSUM_PATH if _common.INDOSUM_PATH.exists() else _common.REPO_ROOT / "seeds"
    folder = WORK / f"fuzzy-{source.stem}"
    marker = folder / "built"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        print(f"building the index of {source} ...", file=sys.stderr)
        invoke(["index", str(source), "-i", str(folder), "-q"])
        marker.write_text("ok\n", encoding="utf-8")
    return folder


def misspelled_words(count: int, seed: int) -> str:
    """`count` long words of the corpus, each with its third letter changed."""
    source = _common.INDOSUM_PATH if _common.INDOSUM_PATH.exists() else None
    if source is not None:
        words = sorted({
            word for record in _common.read_jsonl(source) for word in str(record["text"]).split()
            if word.isalpha() and len(word) >= 8
        })  # fmt: skip
    else:
        words = sorted({w for s in SENTENCES for w in s.split() if w.isalpha() and len(w) >= 8})
    chosen = random.Random(seed).choices(words, k=count)
    return " ".join(word[:2] + "q" + word[3:] for word in chosen)


def run_fuzzy(repeat: int) -> dict[str, Any]:
    folder = fuzzy_index()
    invoke(["search", "jakarta", "-i", str(folder)])  # warm the caches a user's system has
    figures: dict[str, Any] = {}
    rows = []
    for count in FUZZY_WORDS:
        query = misspelled_words(count, seed=count)
        timed: dict[str, float] = {}
        for label, extra in (("plain", []), ("fuzzy", ["--fuzzy"])):
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                invoke(["search", query, "-i", str(folder), *extra])
                times.append(time.perf_counter() - started)
            timed[label] = _common.median(times)
        figures[f"{count} words"] = timed
        rows.append([
            f"{count} misspelled words", f"{timed['plain']:.2f}", f"{timed['fuzzy']:.2f}",
            _common.format_ratio(_common.ratio(timed["fuzzy"], timed["plain"])),
        ])  # fmt: skip
    print(f"\nQueries on {folder.name} (seconds per query, median of {repeat}):")
    _common.print_table(["query", "search", "search --fuzzy", "fuzzy/plain"], rows)
    print("bound: --fuzzy expands at most 8 words (16 spellings each) and 'did you mean' "
          "corrects at most 8, one word-list walk per word and exact field")
    return figures


# -------------------------------------------------------------------- saved pages


def run_pages(folder: Path, repeat: int) -> dict[str, Any]:
    pages = sorted(path for path in folder.iterdir() if path.is_file())
    if not pages:
        print(f"\n(no saved pages in {folder})")
        return {}
    timed = {}
    for page in pages:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            invoke(["parse", str(page)])
            times.append(time.perf_counter() - started)
        timed[page.name] = _common.median(times)
    slowest = sorted(timed.items(), key=lambda item: -item[1])
    print(
        f"\n`searchlib parse PAGE` on {len(pages)} saved pages (read as HTML), "
        f"median of {repeat}:"
    )
    print(f"  slowest {', '.join(f'{name} {seconds:.2f} s' for name, seconds in slowest[:3])}; "
          f"median {_common.median(list(timed.values())):.2f} s; "
          f"{sum(1 for s in timed.values() if s < 1.0)} of {len(pages)} under 1 s")
    return timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 1 MB only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before a run is stopped")
    parser.add_argument("--no-cases", action="store_true", help="skip the growing inputs")
    parser.add_argument("--no-fuzzy", action="store_true", help="skip the fuzzy queries")
    parser.add_argument(
        "--pages", nargs="?", type=Path, const=PAGES_HTML, metavar="DIR",
        help=f"also time `parse` on every file of DIR (default {PAGES_HTML})",
    )
    parser.add_argument("--save", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--baseline", type=Path, help="compare with figures saved earlier")
    args = parser.parse_args(argv)
    print(f"machine: {_common.machine_description()}", file=sys.stderr)
    invoke(["parse", str(_common.REPO_ROOT / "seeds")])  # imports, word lists, stemmer
    figures: dict[str, Any] = {}
    if not args.no_cases:
        figures["cases"] = run_cases(QUICK_SIZES if args.quick else SIZES, args.repeat, args.cap)
    if not args.no_fuzzy:
        figures["fuzzy"] = run_fuzzy(args.repeat)
    if args.pages:
        figures["pages"] = run_pages(args.pages, args.repeat)
    _common.finish("bench_adversarial", figures, args.save, args.baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
