"""Datelines: the city and outlet tag that open an Indonesian news story.

"JAKARTA, KOMPAS.com -", "REPUBLIKA.CO.ID, STOCKHOLM --", "Jakarta (ANTARA) -",
"MOSKOW -": the city becomes `Article.dateline` and the whole tag is cut from
the first paragraph, so the body starts with the story's own first word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from searchlib.ingest.profiles import PROFILES

_DATELINE = re.compile(r"^(?P<prefix>(?:[^.!?\"“”:;]|\.(?=\S)){2,70}?)\s+(?:--?|–|—)\s*(?=\S)")
_LONE_DATELINE = re.compile(r"^[^\W\d_][\w .,()]{1,50}?\s*(?:--?|–|—)$")
_BRACKETED = re.compile(r"\([^()]{1,30}\)")
DOMAIN = re.compile(r"\.(?:com|co|id|net|org|tv)\b|\bnews\b", re.IGNORECASE)


@dataclass(frozen=True)
class Dateline:
    """The city and outlet tag that open a story's first paragraph."""

    city: str | None
    rest: str
    # The outlet as the dateline names it ("KOMPAS.com", "ANTARA"), if it does.
    outlet_tag: str | None = None


def outlet_names() -> frozenset[str]:
    """Outlet names as they appear in datelines, lower-case without spaces or domain."""
    return _dateline_names(tuple((profile.name, profile.key) for profile in PROFILES))


@lru_cache(maxsize=4)
def _dateline_names(names_and_keys: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(
        re.sub(r"\.\w+$", "", name.casefold()).replace(" ", "")
        for pair in names_and_keys
        for name in pair
    )


def is_outlet_part(part: str, outlet_names: frozenset[str]) -> bool:
    """Whether a dateline part names the outlet ("KOMPAS.com", "(ANTARA News)", "VIVA Dunia")."""
    if DOMAIN.search(part):
        return True
    words = re.sub(r"[()]", " ", part.casefold()).split()
    joined = "".join(words)
    return any(w in outlet_names for w in words) or any(
        joined.startswith(name) for name in outlet_names
    )


def _as_city(part: str) -> str | None:
    part = re.sub(r"\([^)]*\)", "", part).strip()
    words = part.split()
    if not 1 <= len(words) <= 3 or not all(w[0].isupper() for w in words):
        return None
    return part.title() if part.isupper() else part


def split_dateline(paragraph: str) -> Dateline:
    """Strip a dateline ("MOSKOW -", "REPUBLIKA.CO.ID, STOCKHOLM --") off a paragraph."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return Dateline(None, paragraph)
    prefix = match["prefix"]
    words = prefix.replace(",", " ").split()
    if not all(w[0].isupper() or w[0] in "(0123456789" for w in words):
        return Dateline(None, paragraph)
    names = outlet_names()
    # "Jakarta (ANTARA) -": an outlet tag in brackets after the city.
    bracketed = [m[0] for m in _BRACKETED.finditer(prefix) if is_outlet_part(m[0], names)]
    for tag in bracketed:
        prefix = prefix.replace(tag, " ")
    parts = [p.strip() for p in prefix.split(",") if p.strip()]
    places = [p for p in parts if not is_outlet_part(p, names)]
    if not bracketed and len(places) == len(parts) > 1:
        return Dateline(None, paragraph)
    city = _as_city(places[0]) if places else None
    if places and city is None:
        return Dateline(None, paragraph)
    if len(parts) == 1 and city is not None and not places[0].isupper() and len(words) > 2:
        return Dateline(None, paragraph)
    rest = paragraph[match.end() :]
    if not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"“'‘("):
        return Dateline(None, paragraph)
    tags = [t.strip("() ") for t in bracketed] + [p for p in parts if p not in places]
    return Dateline(city, rest, tags[0] if tags else None)


def lone_dateline(line: str) -> str | None:
    """A dateline printed on its own line ("Jakarta -", "Jakarta, CNN Indonesia --")."""
    if not _LONE_DATELINE.match(line):
        return None
    probe = f"{line} Berita"
    opening = split_dateline(probe)
    return opening.city if opening.rest == "Berita" else None
