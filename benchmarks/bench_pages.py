"""Page extraction accuracy on real pages of nine outlets, as text and as saved HTML.

Reads every page of ``../shared/eval/pages/*.txt`` and its saved HTML in
``../shared/eval/pages-html/*.html`` the way ``searchlib parse`` and
``searchlib index`` read them (``read_source``: decoding, HTML or text
rules, no outlet-specific options) and compares each with ``truth.jsonl``:
title, printed date (as WIB wall-clock time), author, the body's first and
last words, and each listed boilerplate line being absent from the title,
standfirst and body. A third column reads the HTML with trafilatura alone
(its own metadata and main text) as the field's usual reference.

Prints per-field and per-outlet scores for the three columns, and the median
milliseconds per page of each form. ``--baseline-repo DIR`` also times an
older checkout's text parsing in the same run (a child process importing
that checkout), so the speed ratio is measured, not remembered.
``--unseen`` first empties the outlet profile table: every page is then read
as if its outlet had never been seen, by the generic rules and what the page
declares alone.

Run from the repository root:  python benchmarks/bench_pages.py [-v] [--unseen]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta, timezone
from pathlib import Path

from searchlib.ingest import Article, read_source

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGES = SHARED / "eval" / "pages"
HTML_PAGES = SHARED / "eval" / "pages-html"
WIB = timezone(timedelta(hours=7))
TARGET = 0.98
# A boilerplate sample this short ("Terkait", "Baca Juga") is checked as a
# whole paragraph; longer ones also as a substring of the indexed text.
MIN_SUBSTRING_WORDS = 4
# Timing runs; the median of CPU time (not wall time) damps a noisy shared machine.
SPEED_RUNS = 7
FORMS = ("text", "html", "trafilatura")


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


def published_wib(article: Article) -> str | None:
    if article.published is None:
        return None
    return article.published.astimezone(WIB).strftime("%Y-%m-%dT%H:%M")


def boilerplate_absent(article: Article, sample: str) -> bool:
    sample = squash(sample)
    units = [squash(article.title), squash(article.lead), *(squash(p) for p in article.body)]
    if sample in units:
        return False
    return len(sample.split()) < MIN_SUBSTRING_WORDS or sample not in " ".join(units)


def checks(article: Article | None, truth: dict[str, object]) -> dict[str, bool]:
    samples = truth.get("boilerplate_samples") or []
    assert isinstance(samples, list)
    if article is None:
        fields = ("title", "published", "author", "body_first_words", "body_last_words")
        return {
            **dict.fromkeys(fields, False),
            **{f"boilerplate_{n}": False for n in range(len(samples))},
        }
    body = squash(article.text)
    result = {
        "title": squash(article.title) == squash(str(truth["title"])),
        "published": published_wib(article) == truth["published_wib"],
        "author": squash(article.author) == squash(str(truth["author"] or "")),
        "body_first_words": body.startswith(squash(str(truth["body_first_words"]))),
        "body_last_words": body.endswith(squash(str(truth["body_last_words"]))),
    }
    for n, sample in enumerate(samples):
        result[f"boilerplate_{n}"] = boilerplate_absent(article, str(sample))
    return result


def read_page(path: Path) -> Article | None:
    """The article of a page file as the user's path (`read_source`) makes it."""
    articles = [event for event in read_source(path) if isinstance(event, Article)]
    return articles[0] if articles else None


def trafilatura_article(path: Path) -> Article | None:
    """The article trafilatura alone makes of a saved page (its metadata and main text)."""
    import trafilatura  # the reference column needs the bench extra

    html = path.read_bytes()
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if not doc:
        return None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    text = data.get("text") or ""
    date = data.get("date")
    published = None
    if date:
        from datetime import datetime

        published = datetime.fromisoformat(str(date)).replace(tzinfo=WIB)
    return Article(
        id=path.stem,
        source_path=str(path),
        title=data.get("title") or "",
        body=tuple(p for p in text.split("\n") if p.strip()),
        author=data.get("author"),
        published=published,
        outlet=data.get("sitename"),
    )


def have_trafilatura() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    parser.add_argument("--unseen", action="store_true", help="read with no outlet profiles")
    parser.add_argument("--baseline-repo", type=Path, help="time this checkout's text parsing too")
    parser.add_argument("--only", help="only pages whose file name starts with this")
    parser.add_argument("--no-reference", action="store_true", help="skip the trafilatura column")
    parser.add_argument("--no-speed", action="store_true", help="skip the timing runs")
    args = parser.parse_args(argv)
    truth_path = PAGES / "truth.jsonl"
    if not truth_path.exists():
        print(f"no evaluation pages at {PAGES}")
        return 1
    if args.unseen:
        from searchlib.ingest import profiles

        profiles.PROFILES.clear()
    truths = [json.loads(raw) for raw in truth_path.read_text(encoding="utf-8").splitlines()]
    if args.only:
        truths = [t for t in truths if t["file"].startswith(args.only)]
    reference = have_trafilatura() and not args.no_reference
    forms = [f for f in FORMS if f != "trafilatura" or reference]
    readers: dict[str, Callable[[str], Article | None]] = {
        "text": lambda stem: read_page(PAGES / f"{stem}.txt"),
        "html": lambda stem: read_page(HTML_PAGES / f"{stem}.html"),
        "trafilatura": lambda stem: trafilatura_article(HTML_PAGES / f"{stem}.html"),
    }
    per_field = {form: Counter[str]() for form in forms}
    per_outlet = {form: Counter[str]() for form in forms}
    totals: Counter[str] = Counter()
    outlet_totals: Counter[str] = Counter()
    for truth in truths:
        stem = Path(truth["file"]).stem
        outlet = str(truth["outlet"])
        for form in forms:
            article = readers[form](stem)
            for field, ok in checks(article, truth).items():
                key = "boilerplate" if field.startswith("boilerplate_") else field
                if form == forms[0]:
                    totals[key] += 1
                    outlet_totals[outlet] += 1
                per_field[form][key] += ok
                per_outlet[form][outlet] += ok
                if args.verbose and not ok and form != "trafilatura":
                    print(f"  MISS {form:5s} {stem} {field}: got {_shown(article, field)!r}")
    print_table("field", list(totals), totals, per_field, forms)
    print()
    print_table("outlet", sorted(outlet_totals), outlet_totals, per_outlet, forms)
    print()
    shares = {form: sum(per_field[form].values()) / max(1, sum(totals.values())) for form in forms}
    print(
        "total  "
        + "  ".join(f"{form} {shares[form]:.1%}" for form in forms)
        + f"  (target {TARGET:.0%} for text and html)"
    )
    if not args.no_speed:
        print_speed([Path(t["file"]).stem for t in truths], forms, args.baseline_repo)
    return 0 if shares["text"] >= TARGET and shares["html"] >= TARGET else 1


def print_table(
    label: str,
    rows: list[str],
    totals: Counter[str],
    scores: dict[str, Counter[str]],
    forms: list[str],
) -> None:
    print(f"{label:18s}" + "".join(f"{form:>14s}" for form in forms))
    for row in rows:
        cells = "".join(f"{f'{scores[form][row]}/{totals[row]}':>14s}" for form in forms)
        print(f"{row:18s}{cells}")
    overall = sum(totals.values())
    cells = "".join(f"{f'{sum(scores[form].values())}/{overall}':>14s}" for form in forms)
    print(f"{'all':18s}{cells}")


def print_speed(stems: list[str], forms: list[str], baseline_repo: Path | None) -> None:
    """Median time per page of each form, read as the user's path reads it."""
    text_paths = [PAGES / f"{stem}.txt" for stem in stems]
    html_paths = [HTML_PAGES / f"{stem}.html" for stem in stems]
    timings = {
        "text": _per_page_ms(lambda: [read_source(p) for p in text_paths], len(stems)),
        "html": _per_page_ms(lambda: [read_source(p) for p in html_paths], len(stems)),
    }
    if "trafilatura" in forms:
        timings["trafilatura"] = _per_page_ms(
            lambda: [trafilatura_article(p) for p in html_paths], len(stems)
        )
    line = "  ".join(f"{form} {ms:.2f}" for form, ms in timings.items())
    print(f"CPU ms/page (median of {SPEED_RUNS} runs, after one warm pass): {line}")
    if baseline_repo is not None:
        base = _baseline_ms(baseline_repo, text_paths)
        base_html = _baseline_ms(baseline_repo, html_paths)
        print(
            f"baseline checkout {baseline_repo}: text {base:.2f}, the .html files read as text "
            f"{base_html:.2f} CPU ms/page; text/baseline text {timings['text'] / base:.2f}x, "
            f"html/baseline text {timings['html'] / base:.2f}x, "
            f"html/baseline html {timings['html'] / base_html:.2f}x"
        )


def _per_page_ms(work: Callable[[], object], pages: int) -> float:
    work()
    times = []
    for _ in range(SPEED_RUNS):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times) / pages


_BASELINE_SCRIPT = """
import statistics, sys, time
from pathlib import Path
from searchlib.ingest import read_source
paths = [Path(p) for p in sys.argv[1:]]
[read_source(p) for p in paths]
times = []
for _ in range({runs}):
    start = time.process_time()
    [read_source(p) for p in paths]
    times.append((time.process_time() - start) * 1000)
print(statistics.median(times) / len(paths))
"""


def _baseline_ms(repo: Path, paths: list[Path]) -> float:
    """Text parsing time per page of another checkout, in a child process."""
    out = subprocess.run(
        [sys.executable, "-c", _BASELINE_SCRIPT.format(runs=SPEED_RUNS), *map(str, paths)],
        cwd=repo,
        env={"PYTHONPATH": str(repo.resolve()), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def _shown(article: Article | None, field: str) -> str:
    if article is None:
        return "(no article)"
    if field == "published":
        return str(published_wib(article))
    if field == "body_first_words":
        return article.text[:90]
    if field == "body_last_words":
        return article.text[-90:]
    if field.startswith("boilerplate"):
        return field
    return str(getattr(article, field))


if __name__ == "__main__":
    sys.exit(main())
