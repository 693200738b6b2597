"""Page extraction accuracy on real raw pages from nine outlets.

Parses every page in ``../shared/eval/pages/*.txt`` with the default
ingestion (no outlet-specific options) and compares it with ``truth.jsonl``:
title, printed date (as WIB wall-clock time), author, the body's first and
last words, and each listed boilerplate line being absent from the title,
standfirst and body. Prints per-field and total correct counts (the target
is at least 95% of all checks) and the median parsing time per page.

Run from the repository root:  python benchmarks/bench_pages.py [-v]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta, timezone
from pathlib import Path

from searchlib.ingest import Article, parse_page
from searchlib.ingest.decoding import normalise_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGES = SHARED / "eval" / "pages"
WIB = timezone(timedelta(hours=7))
TARGET = 0.95
# A boilerplate sample this short ("Terkait", "Baca Juga") is checked as a
# whole paragraph; longer ones also as a substring of the indexed text.
MIN_SUBSTRING_WORDS = 4
# Timing runs; the median damps a noisy shared machine.
SPEED_RUNS = 5


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


def checks(article: Article, truth: dict[str, object]) -> dict[str, bool]:
    body = squash(article.text)
    result = {
        "title": squash(article.title) == squash(str(truth["title"])),
        "published": published_wib(article) == truth["published_wib"],
        "author": squash(article.author) == squash(str(truth["author"] or "")),
        "body_first_words": body.startswith(squash(str(truth["body_first_words"]))),
        "body_last_words": body.endswith(squash(str(truth["body_last_words"]))),
    }
    samples = truth.get("boilerplate_samples") or []
    assert isinstance(samples, list)
    for n, sample in enumerate(samples):
        result[f"boilerplate_{n}"] = boilerplate_absent(article, str(sample))
    return result


def main(verbose: bool = False) -> int:
    truth_path = PAGES / "truth.jsonl"
    if not truth_path.exists():
        print(f"no evaluation pages at {PAGES}")
        return 1
    per_field: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for raw in truth_path.read_text(encoding="utf-8").splitlines():
        truth = json.loads(raw)
        path = PAGES / truth["file"]
        text = normalise_text(path.read_text(encoding="utf-8"))
        article = parse_page(text, source_path=str(path), article_id=path.stem)
        for field, ok in checks(article, truth).items():
            key = "boilerplate" if field.startswith("boilerplate_") else field
            totals[key] += 1
            per_field[key] += ok
            if verbose and not ok:
                print(f"  MISS {truth['file']} {field}: got {_shown(article, field)!r}")
    correct, total = sum(per_field.values()), sum(totals.values())
    for field in totals:
        print(f"{field:18s} {per_field[field]:3d}/{totals[field]:3d}")
    share = correct / total if total else 0.0
    print(f"{'total':18s} {correct:3d}/{total:3d}  {share:.1%}  (target {TARGET:.0%})")
    print_speed(sorted(PAGES.glob("*.txt")))
    return 0 if share >= TARGET else 1


def print_speed(paths: list[Path]) -> None:
    """Median time to parse a page, beside the floor of merely splitting it into lines."""
    texts = [normalise_text(p.read_text(encoding="utf-8")) for p in paths]

    def parse_all() -> None:
        for n, text in enumerate(texts):
            parse_page(text, source_path=str(n), article_id=str(n))

    def split_all() -> None:
        for text in texts:
            [" ".join(line.split()) for line in text.split("\n") if line.strip()]

    parse_ms = statistics.median(_times_ms(parse_all)) / len(texts)
    split_ms = statistics.median(_times_ms(split_all)) / len(texts)
    print(
        f"parse: {parse_ms:.2f} ms/page, median of {SPEED_RUNS} runs after the accuracy pass "
        f"(menu lines memoised); line split alone {split_ms:.3f} ms/page; "
        f"ratio {parse_ms / split_ms:.0f}x"
    )


def _times_ms(work: Callable[[], None]) -> list[float]:
    times = []
    for _ in range(SPEED_RUNS):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _shown(article: Article, field: str) -> str:
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
    sys.exit(main(verbose="-v" in sys.argv))
