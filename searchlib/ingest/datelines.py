"""Datelines: the city and outlet tag that open an Indonesian news story.

"JAKARTA, KOMPAS.com -", "REPUBLIKA.CO.ID, STOCKHOLM --", "Jakarta (ANTARA) -",
"MOSKOW -": the city becomes `Article.dateline` and the whole tag is cut from
the first paragraph, so the body starts with the story's own first word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from searchlib.ingest.outlets import known_outlet
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


# A brand written as one word with a capital or a digit inside it
# ("KompasOtomotif", "SINDOnews", "Liputan6"), never a place name.
_BRAND = re.compile(r"^\(?[A-Za-z]+(?:[a-z][A-Z]|[A-Za-z]\d)[\w]*\)?$")


def is_outlet_part(part: str, outlet_names: frozenset[str]) -> bool:
    """Whether a dateline part names the outlet ("KOMPAS.com", "(ANTARA News)", "VIVA Dunia")."""
    if DOMAIN.search(part) or _BRAND.match(part.strip()) or known_outlet(part) is not None:
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


# Outlets that print their domain before the city often drop the dash:
# "Liputan6.com, Jakarta Pria ...", "Fimela.com, Jakarta Pria Libra ...".
_DOMAIN_DATELINE = re.compile(
    r"^(?P<tag>[A-Z0-9][\w-]{1,30}\.(?:com|co\.id|id|net|co|tv|news))\s*,\s+"
    r"(?P<city>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})\s+(?=\S)"
)
# Second words that belong to a city's name ("Jakarta Selatan", "Kuala Lumpur").
CITY_SECOND_WORDS = frozenset({
    "selatan", "utara", "barat", "timur", "tengah", "pusat", "raya", "baru", "lama", "city",
    "lumpur", "york", "angeles", "kong", "aviv", "dhabi", "francisco", "aires", "haag",
    "kinabalu", "lampung", "pinang", "sidempuan", "karimun", "bogor", "bekasi", "tangerang",
})  # fmt: skip
# First words that open a two-word city ("Kota Kinabalu", "Bandar Lampung", "New York").
CITY_FIRST_WORDS = frozenset(
    {
        "kota",
        "bandar",
        "new",
        "los",
        "san",
        "hong",
        "tel",
        "abu",
        "den",
        "kuala",
        "tanjung",
        "pangkal",
        "padang",
        "buenos",
        "rio",
        "sri",
        "ho",
        "phnom",
        "da",
    }
)


def _undashed_dateline(paragraph: str) -> Dateline | None:
    """ "Liputan6.com, Jakarta Pria ..." -> city Jakarta, outlet Liputan6.com."""
    match = _DOMAIN_DATELINE.match(paragraph)
    if match is None:
        return None
    words = match["city"].split()
    city = words[:1]
    if len(words) > 1 and (
        words[1].casefold() in CITY_SECOND_WORDS or words[0].casefold() in CITY_FIRST_WORDS
    ):
        city = words[:2]
    rest = paragraph[match.start("city") :]
    for word in city:
        rest = rest[rest.index(word) + len(word) :]
    rest = rest.lstrip(" ,-–—")
    if not rest[:1].isupper() and not rest[:1].isdigit() and rest[:1] not in "\"“'‘(":
        return None
    name = " ".join(city)
    return Dateline(name.title() if name.isupper() else name, rest, match["tag"])


def split_dateline(paragraph: str) -> Dateline:
    """Strip a dateline ("MOSKOW -", "REPUBLIKA.CO.ID, STOCKHOLM --") off a paragraph."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return _undashed_dateline(paragraph) or Dateline(None, paragraph)
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
    # "Para pelaku pencurian -" is a sentence, not a city; "Jakarta (ANTARA News) -"
    # is a city once its bracketed outlet tag is set aside.
    place_words = prefix.replace(",", " ").split()
    if len(parts) == 1 and city is not None and not places[0].isupper() and len(place_words) > 2:
        return Dateline(None, paragraph)
    rest = paragraph[match.end() :]
    tags = [t.strip("() ") for t in bracketed] + [p for p in parts if p not in places]
    # A sentence goes on in lower case after a dash; a dateline naming its
    # outlet is one whatever follows it.
    if not tags and not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"“'‘("):
        return Dateline(None, paragraph)
    return Dateline(city, rest, tags[0] if tags else None)


def lone_dateline(line: str) -> str | None:
    """A dateline printed on its own line ("Jakarta -", "Jakarta, CNN Indonesia --")."""
    if not _LONE_DATELINE.match(line):
        return None
    probe = f"{line} Berita"
    opening = split_dateline(probe)
    return opening.city if opening.rest == "Berita" else None
