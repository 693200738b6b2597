"""News records for the tests, made from data that ships with them.

`tests/data/indosum-excerpt.jsonl` holds 40 real IndoSum articles (origin and
licence in tests/data/README.md). A test that needs more records than that
(a file spanning several worker tasks, a build long enough to be killed
halfway) gets the excerpt followed by variants of its articles: the same real
paragraphs in a rotated order under an id of their own, so every record is a
distinct article, in real Indonesian, with the fields IndoSum has.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDOSUM_EXCERPT = Path(__file__).resolve().parent / "data" / "indosum-excerpt.jsonl"


def excerpt_records() -> list[dict[str, Any]]:
    """The real articles of the excerpt, in file order."""
    with INDOSUM_EXCERPT.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def news_records(count: int) -> list[dict[str, Any]]:
    """`count` records: the excerpt's articles first, then variants of them."""
    real = excerpt_records()
    records = real[:count]
    for serial in range(len(real), count):
        article = real[serial % len(real)]
        variant = serial // len(real)
        paragraphs = article["text"].split("\n\n")
        turn = variant % len(paragraphs)
        records.append({
            **article,
            "id": f"{article['id']}-v{variant}",
            "text": "\n\n".join(paragraphs[turn:] + paragraphs[:turn]),
        })
    return records


def news_lines(count: int) -> list[str]:
    """`news_records(count)` as JSON Lines, without line ends."""
    return [json.dumps(record, ensure_ascii=False) for record in news_records(count)]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records),
        encoding="utf-8",
    )
    return path
