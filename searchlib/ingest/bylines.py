"""Bylines: who wrote the story, as pages print it.

"Novi Christiastuti - detikNews", "Pewarta: Nur Imansyah", "Oleh : Maya Sofia",
"By Corry Anestia", "Penulis" over ": Name", a name over "Jurnalis", and for
some outlets a capitalised signature under the story. Staff credits
("Editor:", "Red:") are not authors.
"""

from __future__ import annotations

import re

from searchlib.ingest import rules
from searchlib.ingest.datelines import DOMAIN
from searchlib.ingest.profiles import OutletProfile

_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,5}"
_BYLINE_DASH = re.compile(rf"^(?P<name>{_NAME})\s+[-–|]\s+(?P<tag>[\w.]+)$")
_AUTHOR_LABELS = (
    "pewarta", "penulis", "reporter", "rep", "wartawan", "oleh", "by", "author", "laporan",
    "ditulis oleh", "written by",
)  # fmt: skip
# Labels that also begin ordinary phrases count only with their colon.
_COLON_AUTHOR_LABELS = ("kontributor", "koresponden", "jurnalis")
_BYLINE_LABELLED = re.compile(
    rf"^(?:(?:{'|'.join(_AUTHOR_LABELS)})\s*:?|(?:{'|'.join(_COLON_AUTHOR_LABELS)})\s*:)"
    rf"\s*(?P<name>[^:]{{3,80}})$",
    re.IGNORECASE,
)
# "Penulis: A | Editor: B" prints several credits on one line.
_BYLINE_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s*/\s+|\s+/\s*")
# "Dewi Kania, Jurnalis": a name followed by its role on the same line.
_ROLE_WORDS = frozenset({"jurnalis", "reporter", "wartawan", "kontributor", "penulis"})
_NAME_WITH_ROLE = re.compile(
    rf"^(?P<name>{_NAME}),?\s+(?:{'|'.join(sorted(_ROLE_WORDS))})$", re.IGNORECASE
)
# "DINI TEJA", "DINI TEJA | NUR ALFIYAH": capitalised names signing a story.
_CAPS_NAME = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
_SIGNATURE = re.compile(
    rf"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){{1,3}}(?:\s*[|,]\s*{_CAPS_NAME}){{0,3}}$"
)


def _looks_like_name(text: str) -> bool:
    words = text.replace(",", " ").split()
    return 1 <= len(words) <= 8 and sum(w[0].isupper() for w in words) >= len(words) - 1


# A person's name as bylines print it: a few words, each starting with a
# letter, most capitalised ("Tim detikBali", "Budisantoso Budiman dan Agus S").
MAX_NAME_WORDS = 8
_NAME_PARTICLES = frozenset({"dan", "and", "bin", "binti", "van", "de", "der", "al", "el", "&"})


def looks_like_person(text: str) -> bool:
    """Whether `text` reads as a person's (or a team's) name rather than a phrase."""
    words = text.replace(",", " ").split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or any(c.isdigit() for c in text):
        return False
    if "://" in text or "@" in text:
        return False
    named = [w for w in words if w.casefold() not in _NAME_PARTICLES]
    capitalised = sum(1 for w in named if w[0].isupper() or any(c.isupper() for c in w[1:]))
    return bool(named) and capitalised >= len(named) - 1 and capitalised * 2 > len(named)


def _without_outlet(name: str) -> str:
    """ "wartawan Tribunnews.com, Reza Deni" -> "Reza Deni" (the outlet is not the author)."""
    parts = [p.strip() for p in name.split(",")]
    kept = [p for p in parts if p and not DOMAIN.search(p)]
    return ", ".join(kept) if kept else name.strip()


def byline_author(lines: list[str], i: int) -> str | None:
    """The author named by line `i` (alone or with the next line), else None."""
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else ""
    dash = _BYLINE_DASH.match(line)
    if dash and rules.word_count(dash["name"]) >= 2:
        return dash["name"]
    for segment in _BYLINE_SEPARATOR.split(line):
        labelled = _BYLINE_LABELLED.match(segment.strip())
        if labelled and _looks_like_name(labelled["name"]):
            return _without_outlet(labelled["name"])
        with_role = _NAME_WITH_ROLE.match(segment.strip())
        if with_role:
            return with_role["name"]
    if line.casefold().rstrip(" :") in _AUTHOR_LABELS and following:
        value = following.lstrip(": ").strip()
        return value if _looks_like_name(value) else None
    if following.casefold() in _ROLE_WORDS and re.fullmatch(_NAME, line):
        return line if rules.word_count(line) >= 2 else None
    return None


def is_byline(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _BYLINE_DASH.match(line) or line.casefold().rstrip(" :") in _AUTHOR_LABELS:
        return True
    if any(_NAME_WITH_ROLE.match(seg.strip()) for seg in _BYLINE_SEPARATOR.split(line)):
        return True
    return any(_BYLINE_LABELLED.match(segment.strip()) for segment in _BYLINE_SEPARATOR.split(line))


def find_author(
    lines: list[str], header: range, after_body: range, profile: OutletProfile | None
) -> str | None:
    """The byline above the story, else below it, else an outlet's signature line."""
    for i in (*header, *after_body):
        author = byline_author(lines, i)
        if author:
            return author
    if profile is not None and profile.signs_after_body and after_body:
        first = lines[after_body[0]]
        if _SIGNATURE.match(first) and not rules.is_related_heading(first):
            return first
    return None
