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


# How six outlets dress a story they republish: dateline, and a closing line.
OUTLET_DRESS = (
    ("Republika", "REPUBLIKA.CO.ID, JAKARTA --", "Ikuti berita terkini Republika di Google News."),
    ("SINDOnews", "JAKARTA -", "(ian)"),
    ("Kompas", "JAKARTA, KOMPAS.com -", "Sumber: Antara"),
    ("Antara", "Jakarta (ANTARA) -", "Pewarta: Fathur Rochman Editor: Ruslan Burhani"),
    ("VIVA", "VIVA -", "(ren)"),
    ("Liputan6", "Liputan6.com, Jakarta -", "Simak berita Liputan6.com lainnya di Google News."),
)
# Words a republishing desk swaps for their usual alternatives.
WORD_SWAPS = (("menilai", "menganggap"), ("ujar", "kata"), ("harus", "mesti"), ("bisa", "dapat"))


def syndicated_copy(record: dict[str, Any], copy_number: int) -> dict[str, Any]:
    """A hand-made syndicated copy of an excerpt record, as outlet `copy_number` prints it.

    Every copy has the outlet's dateline instead of the original's, another
    title and id, and a date a few hours later; besides, by copy number:
    0 adds the outlet's closing line; 1 inserts a "Baca juga" line and cuts the
    last paragraph; 2 swaps a few words for their usual alternatives and adds a
    credit line; 3 cuts the last two paragraphs; 4 joins two paragraphs and
    splits the first between its sentences; 5 does 1's and 2's edits together.
    """
    outlet, dateline, closing = OUTLET_DRESS[copy_number]
    paragraphs = [p for p in record["text"].split("\n\n") if p.strip()]
    lead = paragraphs[0].split(" -- ", 1)[-1] if " -- " in paragraphs[0][:60] else paragraphs[0]
    paragraphs[0] = f"{dateline} {lead}"
    if copy_number in (1, 5):
        paragraphs = paragraphs[:-1]
        paragraphs.insert(2, "Baca juga: Setya Novanto: Jangan Sampai Kisruh Taksi Jadi Besar")
    if copy_number in (2, 5):
        for old, new in WORD_SWAPS:
            paragraphs = [p.replace(f" {old} ", f" {new} ", 1) for p in paragraphs]
    if copy_number == 3:
        paragraphs = paragraphs[:-2]
    if copy_number == 4:
        paragraphs[2:4] = [f"{paragraphs[2]} {paragraphs[3]}"]
        first, _, rest = paragraphs[0].partition(". ")
        if rest:
            paragraphs[0:1] = [f"{first}.", rest]
    if copy_number in (0, 2):
        paragraphs.append(closing)
    hour = 5 + copy_number
    return {
        **record,
        "id": f"{record['id']}~{outlet.lower()}",
        "source": outlet,
        "date_utc": record["date_utc"][:11] + f"{hour:02d}:00:00Z",
        "url": f"https://www.{outlet.lower()}.example/berita/{record['id']}",
        "title_slug": f"{outlet} {' '.join(str(record['title_slug']).split()[:5])}",
        "text": "\n\n".join(paragraphs),
    }
