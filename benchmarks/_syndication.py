"""Syndicated copies of real articles, made the way Indonesian outlets republish a story.

An outlet that republishes a wire story or another outlet's article keeps its
text and changes its dress: its own dateline and credit line, another title,
"Baca juga" links between paragraphs, the last paragraphs cut or its own
closing added, a few words edited, paragraphs joined or split. `syndicate`
applies a random selection of these edits to one IndoSum record, so that a
labelled set of near-duplicates can be built from real text. Every edit is
drawn from `random.Random(seed)`: the same seed gives the same copies.

The edits stay within what a republishing desk does; none of them rewrites the
story. How much is cut is bounded (`MAX_CUT_SHARE`) because a copy that keeps
a third of the text is an excerpt, not a copy.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class Outlet:
    """How one outlet dresses a story it republishes."""

    name: str
    domain: str
    # "{CITY}" is the city in capitals, "{City}" as written.
    dateline: str
    credits: tuple[str, ...]
    closings: tuple[str, ...]


# Datelines, credit lines and closings as these outlets print them (2016-2022
# pages); names in credits are invented.
OUTLETS = (
    Outlet("Republika", "republika.co.id", "REPUBLIKA.CO.ID, {CITY} --",
           ("Red: Budi Raharjo", "Rep: Dian Fath Risalah Red: Ratna Puspita", "Sumber : Antara"),
           ("Ikuti berita terkini dari Republika di Google News, klik di sini.",)),
    Outlet("SINDOnews", "sindonews.com", "{CITY} -",
           ("(ian)", "(mhd)", "Sumber: Antara"),
           ("Klik di sini untuk update berita terkini lainnya dari SINDOnews.",)),
    Outlet("Kompas", "kompas.com", "{CITY}, KOMPAS.com -",
           ("Penulis: Rakhmat Nur Hakim Editor: Bayu Galih", "Sumber: Antara"),
           ("Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com. "
            "Mari bergabung di Grup Telegram \"Kompas.com News Update\", caranya klik link "
            "berikut, kemudian join.",)),
    Outlet("Antara", "antaranews.com", "{City} (ANTARA) -",
           ("Pewarta: Fathur Rochman Editor: Ruslan Burhani", "(ant)"),
           ("Baca berita lainnya di antaranews.com",)),
    Outlet("VIVA", "viva.co.id", "VIVA -",
           ("(ren)", "(mus)"),
           ("Saksikan video menarik lainnya di VIVA.co.id.",)),
    Outlet("Liputan6", "liputan6.com", "Liputan6.com, {City} -",
           ("Reporter: Nanda Perdana Putra", "(Ein)"),
           ("Saksikan video pilihan di bawah ini:", "Simak berita Liputan6.com lainnya "
            "di Google News.")),
    Outlet("detikNews", "detik.com", "{City} -",
           ("(jbr/imk)", "(dkp/fjp)"),
           ("Simak juga video pilihan redaksi di 20detik.",)),
    Outlet("Tempo", "tempo.co", "TEMPO.CO, {City} -",
           ("ANTARA", "DEWI NURITA"),
           ("Artikel ini telah tayang di Tempo.co. Baca selengkapnya di situs kami.",)),
    Outlet("Okezone", "okezone.com", "{CITY} -",
           ("(ful)", "(qlh)"),
           ("Jangan lewatkan berita menarik lainnya hanya di Okezone.com.",)),
    Outlet("Tribunnews", "tribunnews.com", "TRIBUNNEWS.COM, {CITY} -",
           ("Laporan Wartawan Tribunnews.com, Glery Lazuardi", "Editor: Hasanudin Aco"),
           ("Artikel ini telah tayang di Tribunnews.com dengan judul yang sama.",)),
    Outlet("Suara", "suara.com", "Suara.com -",
           ("(Antara)", "(Suara.com/Welly Hidayat)"),
           ("Simak berita lainnya di Suara.com.",)),
    Outlet("Merdeka", "merdeka.com", "Merdeka.com -",
           ("[ray]", "[did]"),
           ("Baca juga artikel lainnya di Merdeka.com.",)),
)  # fmt: skip

# Cities for a new dateline when the original has none.
CITIES = ("Jakarta", "Bandung", "Surabaya", "Yogyakarta", "Medan", "Makassar", "Semarang")

# A republishing desk's usual edits of single words (both directions are used).
WORD_SWAPS = (
    ("mengatakan", "menyatakan"), ("menurut", "kata"), ("sebesar", "senilai"),
    ("namun", "tetapi"), ("telah", "sudah"), ("akan", "bakal"), ("tersebut", "itu"),
    ("masyarakat", "warga"), ("sekitar", "kurang lebih"), ("ujar", "kata"),
    ("saat ini", "kini"), ("juga", "pun"), ("hingga", "sampai"), ("bahwa", "kalau"),
    ("persen", "%"), ("ia", "dia"), ("menjelaskan", "menerangkan"), ("pihaknya", "mereka"),
)  # fmt: skip
_SWAP_TABLE = {a: b for a, b in WORD_SWAPS} | {b: a for a, b in WORD_SWAPS}
_SWAPPABLE = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _SWAP_TABLE), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
# An opening dateline of an IndoSum record: "Jakarta, CNN Indonesia --",
# "Jakarta (ANTARA News) -", "Merdeka.com -", "TEMPO.CO, Jakarta -".
_DATELINE = re.compile(r"^[^.!?\"“]{2,60}?\s(?:--?|–|—)\s+(?=[A-Z0-9\"“])")

# Each edit is applied with this probability; the dateline and title always change.
CREDIT_SHARE = 0.7
BACA_JUGA_SHARE = 0.5
CUT_SHARE = 0.4
CLOSING_SHARE = 0.4
WORD_EDIT_SHARE = 0.7
RESPLIT_SHARE = 0.4
# At most this share of an article's paragraphs is cut from its end, never all
# but one: syndicated copies trimmed for length keep most of the story.
MAX_CUT_SHARE = 0.3
MAX_WORD_EDITS = 5
MAX_BACA_JUGA = 3


def paragraphs_of(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def _new_dateline(paragraph: str, outlet: Outlet, rng: random.Random) -> str:
    match = _DATELINE.match(paragraph)
    city = rng.choice(CITIES)
    if match:
        head = match.group().split(",")[0].split("(")[0].strip(" -–—")
        if head and head.split()[0][:1].isupper() and "." not in head and len(head.split()) <= 2:
            city = head.title()
        paragraph = paragraph[match.end():]
    tag = outlet.dateline.replace("{CITY}", city.upper()).replace("{City}", city)
    return f"{tag} {paragraph}"


def _edit_words(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Swap a few words for their usual alternatives, or drop one."""
    edited = list(paragraphs)
    for _ in range(rng.randint(1, MAX_WORD_EDITS)):
        number = rng.randrange(len(edited))
        matches = list(_SWAPPABLE.finditer(edited[number]))
        if not matches:
            continue
        match = rng.choice(matches)
        word = match.group()
        replacement = _SWAP_TABLE[word.lower()]
        if word[:1].isupper():
            replacement = replacement[:1].upper() + replacement[1:]
        text = edited[number]
        edited[number] = text[: match.start()] + replacement + text[match.end() :]
    return edited


def _resplit(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Join two neighbouring paragraphs, or split a long one between sentences."""
    result = list(paragraphs)
    for _ in range(rng.randint(1, 3)):
        if len(result) > 2 and rng.random() < 0.5:
            number = rng.randrange(len(result) - 1)
            result[number : number + 2] = [f"{result[number]} {result[number + 1]}"]
            continue
        number = rng.randrange(len(result))
        sentences = _SENTENCE_END.split(result[number])
        if len(sentences) > 1:
            cut = rng.randrange(1, len(sentences))
            result[number : number + 1] = [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
    return result


def _cut_end(paragraphs: list[str], rng: random.Random) -> list[str]:
    most = min(len(paragraphs) - 1, int(len(paragraphs) * MAX_CUT_SHARE))
    if most < 1:
        return paragraphs
    return paragraphs[: len(paragraphs) - rng.randint(1, most)]


def _insert_baca_juga(
    paragraphs: list[str], titles: Sequence[str], rng: random.Random
) -> list[str]:
    result = list(paragraphs)
    for _ in range(rng.randint(1, MAX_BACA_JUGA)):
        if len(result) < 2:
            break
        label = rng.choice(("Baca juga:", "Baca Juga:", "BACA JUGA:", "Baca juga :"))
        result.insert(rng.randrange(1, len(result)), f"{label} {rng.choice(titles)}")
    return result


def _new_title(record: dict[str, Any], paragraphs: list[str], rng: random.Random) -> str:
    """Another headline: the original reworded, or the lead's opening words."""
    words = str(record.get("title_slug") or "").split()
    if words and rng.random() < 0.5:
        prefix = rng.choice(("Soal", "Ini Kata", "Terkait", "Begini", "Heboh"))
        return " ".join([prefix, *words[:8]]).capitalize()
    lead = re.sub(r"^[^-–—]{0,60}[-–—]+\s*", "", paragraphs[0])
    return " ".join(lead.split()[: rng.randint(6, 10)]).rstrip(",.")


def syndicate(
    record: dict[str, Any],
    copy_number: int,
    outlet: Outlet,
    titles: Sequence[str],
    rng: random.Random,
) -> dict[str, Any]:
    """One syndicated copy of an IndoSum record, as `outlet` would print it.

    `titles` are other articles' titles for the "Baca juga" links. The copy
    gets the id ``<original id>~syn<copy_number>``, the outlet's name and a
    date up to a day and a half after the original.
    """
    paragraphs = paragraphs_of(str(record["text"]))
    if rng.random() < CUT_SHARE:
        paragraphs = _cut_end(paragraphs, rng)
    if rng.random() < WORD_EDIT_SHARE:
        paragraphs = _edit_words(paragraphs, rng)
    if rng.random() < RESPLIT_SHARE:
        paragraphs = _resplit(paragraphs, rng)
    paragraphs[0] = _new_dateline(paragraphs[0], outlet, rng)
    if rng.random() < BACA_JUGA_SHARE:
        paragraphs = _insert_baca_juga(paragraphs, titles, rng)
    if rng.random() < CLOSING_SHARE:
        paragraphs.append(rng.choice(outlet.closings))
    if rng.random() < CREDIT_SHARE:
        paragraphs.append(rng.choice(outlet.credits))
    published = datetime.strptime(str(record["date_utc"]), DATE_FORMAT)
    published += timedelta(minutes=rng.randint(5, 36 * 60))
    copy_id = f"{record['id']}~syn{copy_number}"
    return {
        "id": copy_id,
        "date_utc": published.strftime(DATE_FORMAT),
        "source": outlet.name,
        "category": record.get("category"),
        "url": f"https://www.{outlet.domain}.example/berita/{copy_id}",
        "title": _new_title(record, paragraphs, rng),
        "text": "\n\n".join(paragraphs),
    }
