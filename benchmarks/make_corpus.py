"""Build larger news corpora (10k, 100k articles) from the real IndoSum paragraphs.

Only 3,463 real articles ship in ``../shared/eval/indosum/articles.jsonl``, too
few to show how indexing and querying scale. This generator recombines their
real paragraphs into new articles, deterministically for a given seed:

- each new article starts from a random real *primary* article (so the length
  in paragraphs and the section follow the real distribution), keeps its first
  paragraph (the lead) and continues with paragraphs drawn one by one from
  random articles of the same section, so the text stays on one topic and
  every paragraph is a real one, unchanged;
- its title is either the slug of another article of the same section or the
  opening words of its own first paragraph, lower-cased like the IndoSum slugs;
- its outlet is drawn with the real outlets' frequencies, its date uniformly
  within the real date range, its id is ``gen<seed>-<number>`` and its URL
  lives under the reserved ``.example`` domain.

Two generated articles share a paragraph now and then, as news on one topic
does, but are rarely near-duplicates of each other: at 10k, 4.2% of the
articles are in stories of several (searchlib's near-duplicate grouping), at
100k 4.8%, the largest 474 articles (the one-paragraph real articles, drawn
again and again). Version 1 kept the first k paragraphs of the primary and
went on with consecutive paragraphs of one donor: two articles of one
primary were often copies of each other, so 60% of a 10k corpus and 88% of
a 100k one were in stories of several, and links chained into a story of
11,087 articles at 100k — nothing like news, where copies are a few per
story.

Records use the IndoSum field names (``id, date_utc, source, category, url,
title_slug, text``), so ``searchlib index`` ingests them with no options.
Output goes to ``benchmarks/.work/`` (git-ignored): never commit it. An existing
file with the same size, seed and generator version is reused as is.

Usage (from the repository root):

    python benchmarks/make_corpus.py 10k   # -> benchmarks/.work/indosum-gen-10000-seed1-v2.jsonl
    python benchmarks/make_corpus.py 100000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import _common

# Bump when the output for a given seed changes, so cached files are not reused.
GENERATOR_VERSION = 2
DEFAULT_SEED = 1
# Titles made from a first paragraph: IndoSum slugs hold 5 to 9 words.
TITLE_WORDS = (5, 9)
# Half the titles come from another article's slug, half from the article's own lead.
SLUG_TITLE_SHARE = 0.5
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_WORD = re.compile(r"\w+")


_MULTIPLIERS = {"k": 1_000, "m": 1_000_000}


def parse_count(text: str) -> int:
    """'10k' -> 10000, '1m' -> 1000000, '100000' -> 100000."""
    text = text.strip().lower()
    multiplier = _MULTIPLIERS.get(text[-1:], 1)
    number = int(text[:-1] if multiplier > 1 else text)
    if number <= 0:
        raise ValueError(f"article count must be positive, got {text!r}")
    return number * multiplier


def paragraphs_of(text: str) -> list[str]:
    """The non-empty paragraphs of an IndoSum text (blank-line separated)."""
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def load_source_articles(path: Path = _common.INDOSUM_PATH) -> list[dict[str, Any]]:
    """The real articles, in file order, each with at least one paragraph."""
    return [rec for rec in _common.read_jsonl(path) if paragraphs_of(rec.get("text") or "")]


def title_from_lead(paragraph: str, rng: random.Random) -> str:
    """A slug-like title from the opening words of a paragraph."""
    words = _WORD.findall(paragraph.lower())
    return " ".join(words[: rng.randint(*TITLE_WORDS)])


def generate_records(
    sources: Sequence[dict[str, Any]], count: int, seed: int
) -> Iterator[dict[str, Any]]:
    """`count` new article records recombined from `sources`; same seed, same records."""
    rng = random.Random(seed)
    paragraphs = [paragraphs_of(rec["text"]) for rec in sources]
    by_section: dict[str, list[int]] = {}
    for number, rec in enumerate(sources):
        by_section.setdefault(str(rec.get("category") or ""), []).append(number)
    dates = sorted(datetime.strptime(rec["date_utc"], DATE_FORMAT) for rec in sources)
    first_date, span_s = dates[0], int((dates[-1] - dates[0]).total_seconds())
    digits = len(str(count))
    for serial in range(count):
        primary = rng.randrange(len(sources))
        section = str(sources[primary].get("category") or "")
        same_section = by_section[section]
        body = [paragraphs[primary][0]]
        while len(body) < len(paragraphs[primary]):
            donor = paragraphs[rng.choice(same_section)]
            body.append(donor[rng.randrange(len(donor))])
        if rng.random() < SLUG_TITLE_SHARE:
            title = str(sources[rng.choice(by_section[section])]["title_slug"])
        else:
            title = title_from_lead(body[0], rng)
        outlet = str(sources[rng.randrange(len(sources))]["source"])
        published = first_date + timedelta(seconds=rng.randint(0, span_s))
        article_id = f"gen{seed}-{serial:0{digits}d}"
        yield {
            "id": article_id,
            "date_utc": published.strftime(DATE_FORMAT),
            "source": outlet,
            "category": section,
            "url": f"https://{re.sub(r'[^a-z0-9]+', '', outlet.lower())}.example/{article_id}",
            "title_slug": title,
            "text": "\n\n".join(body),
        }


def corpus_path(count: int, seed: int = DEFAULT_SEED) -> Path:
    """Where the corpus of these parameters lives; the name is the cache key."""
    return _common.WORK_DIR / f"indosum-gen-{count}-seed{seed}-v{GENERATOR_VERSION}.jsonl"


def write_jsonl(path: Path, records: Iterator[dict[str, Any]]) -> int:
    """Write records atomically (a half-written file is never mistaken for a cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    written = 0
    with partial.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    os.replace(partial, path)
    return written


def ensure_corpus(count: int, seed: int = DEFAULT_SEED) -> Path:
    """The path of a generated corpus, generating it only if not cached."""
    path = corpus_path(count, seed)
    if not path.exists():
        print(f"generating {count:,} articles (seed {seed}) -> {path}", file=sys.stderr)
        write_jsonl(path, generate_records(load_source_articles(), count, seed))
    return path


def resolve_corpus(name: str, seed: int = DEFAULT_SEED) -> Path:
    """'indosum' -> the real articles; '10k', '1m', '100000' -> a generated corpus; else a path."""
    if name == "indosum":
        return _common.INDOSUM_PATH
    if re.fullmatch(r"\d+[km]?", name.strip().lower()):
        return ensure_corpus(parse_count(name), seed)
    path = Path(name)
    if not path.is_file():
        raise FileNotFoundError(f"no corpus file {path}")
    return path


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", help="number of articles, e.g. 10k, 1m or 100000")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    print(ensure_corpus(parse_count(args.count), args.seed))


if __name__ == "__main__":
    main(sys.argv[1:])
