"""Bylines: who wrote the story, as pages print it.

"Novi Christiastuti - detikNews", "Pewarta: Nur Imansyah", "Oleh : Maya Sofia",
"By Corry Anestia", "Penulis" over ": Name", a name over "Jurnalis", and for
some outlets a capitalised signature under the story. Staff credits
("Editor:", "Red:") are not authors.
"""

from __future__ import annotations

import re

from searchlib.ingest import rules, shapes
from searchlib.ingest.datelines import DOMAIN
from searchlib.ingest.dates import date_line
from searchlib.ingest.outlets import known_outlet, outlet_key
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
    rf"^(?:(?:{'|'.join(_AUTHOR_LABELS)})\b\s*:?|(?:{'|'.join(_COLON_AUTHOR_LABELS)})\s*:)"
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


# "17 Juni 2021 11:38 Reporter : Aksara Bebey": a label after other text on
# the line counts with its colon.
_INLINE_LABELLED = re.compile(
    rf"(?:^|[\s|,;])(?:{'|'.join(_AUTHOR_LABELS + _COLON_AUTHOR_LABELS)})\s*:\s*"
    r"(?P<name>[^:|]{3,60})$",
    re.IGNORECASE,
)


def _credited_name(value: str) -> str | None:
    """A byline's value if it reads as a name ("Bagikan" or a sentence does not)."""
    value = value.strip()
    if not _looks_like_name(value) or rules.generic_reason(value) is not None:
        return None
    return value


def byline_author(lines: list[str], i: int, *, with_roles: bool = True) -> str | None:
    """The author named by line `i` (alone or with the next line), else None.

    `with_roles` allows the forms that name a person by a role word alone
    ("Dewi Kania, Jurnalis"), which sidebar profile lists print too.
    """
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else ""
    dash = _BYLINE_DASH.match(line)
    if dash and shapes.word_count(dash["name"]) >= 2:
        return dash["name"]
    for segment in _BYLINE_SEPARATOR.split(line):
        labelled = _BYLINE_LABELLED.match(segment.strip())
        if labelled and _credited_name(labelled["name"]):
            return _without_outlet(labelled["name"])
        with_role = _NAME_WITH_ROLE.match(segment.strip())
        if with_role and with_roles:
            return with_role["name"]
    inline = _INLINE_LABELLED.search(line) if len(line) <= MAX_BYLINE_CHARS else None
    if inline and _credited_name(inline["name"]):
        return _without_outlet(inline["name"].strip())
    if line.casefold().rstrip(" :") in _AUTHOR_LABELS and following:
        return _credited_name(following.lstrip(": "))
    if with_roles and following.casefold() in _ROLE_WORDS and re.fullmatch(_NAME, line):
        return line if shapes.word_count(line) >= 2 else None
    if with_roles:
        return _team_or_split_byline(line, following)
    return None


# "Tim detikBali", "Tim Redaksi": a byline crediting a team.
_TEAM_BYLINE = re.compile(r"^(?:Tim|Team)\s+(?P<team>\S+(?:\s+\S+){0,2})$")
_TEAM_WORDS = frozenset({"redaksi", "liputan", "editor", "editorial", "newsroom", "penulis"})


def _team_or_split_byline(line: str, following: str) -> str | None:
    """A team byline, or a name whose outlet is printed on the next line
    ("Novi Christiastuti" over "detikNews")."""
    team = _TEAM_BYLINE.match(line)
    if team and (team["team"].casefold() in _TEAM_WORDS or known_outlet(team["team"])):
        return line
    if following and known_outlet(following) is not None and shapes.word_count(following) <= 3:
        return person_name(line)
    return None


# A byline is a short line; longer lines are not searched for a label.
MAX_BYLINE_CHARS = 200


def is_byline(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _BYLINE_DASH.match(line) or line.casefold().rstrip(" :") in _AUTHOR_LABELS:
        return True
    if any(_NAME_WITH_ROLE.match(seg.strip()) for seg in _BYLINE_SEPARATOR.split(line)):
        return True
    return any(_BYLINE_LABELLED.match(segment.strip()) for segment in _BYLINE_SEPARATOR.split(line))


# Lines around the printed date and the headline where a bare name is the byline.
NEAR_HEADER_LINES = 3
# Labels of the person credited on a photo page, who is its author when no
# reporter is named.
_PHOTO_LABELLED = re.compile(
    r"^(?:fotografer|photographer|pewarta foto|foto oleh|photo by|videografer)\s*:?\s*"
    r"(?P<name>[^:]{3,60})$",
    re.IGNORECASE,
)


_NAME_WORD = re.compile(r"[A-Z][\w.'’-]*")


def person_name(text: str) -> str | None:
    """`text` as a bare person's name (2-5 words), else None."""
    text = text.strip(" :|,-–—•·")
    words = text.split()
    if not 2 <= len(words) <= 5 or shapes.is_section_label(text) or rules.generic_reason(text):
        return None
    if known_outlet(text) is not None:
        return None
    if not looks_like_person(text) or not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    if any(w.casefold() in shapes.TITLE_SMALL_WORDS for w in words):
        return None
    return text


def _is_subject(name: str, story: str) -> bool:
    """Whether the story is about the person `name` (a tag line beside the date
    names the story's subject; an author is not named in the story)."""
    words = {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", name)}
    told = {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", story)}
    return bool(words & told)


def date_side_author(
    lines: list[str],
    date_at: int,
    date_start: int,
    title_at: int | None,
    story: str = "",
    outlet: str | None = None,
) -> str | None:
    """A bare name printed with the date: before it on its line ("Laban Laisila :
    19 Jun 2015"), or on the line above a date line that opens with a dash
    ("- 7 Oktober 2020"), or alone right above or below the date line.

    A name the headline or the story's opening mentions is the story's
    subject (a topic tag), not its author.
    """
    lead_in = lines[date_at][:date_start]
    candidates = [lead_in] if lead_in.strip() else []
    candidates += [
        lines[i]
        for i in (date_at - 1, date_at + 1)
        if 0 <= i < len(lines) and i != title_at and date_line(lines[i]) is None
    ]
    for candidate in candidates:
        name = person_name(candidate)
        if name and not _is_subject(name, story) and not _is_outlet(name, outlet):
            return name
    return None


def _is_outlet(name: str, outlet: str | None) -> bool:
    """Whether `name` is the page's own outlet printed beside its date."""
    return outlet is not None and outlet_key(name) == outlet_key(outlet)


def find_author(
    lines: list[str],
    header: range,
    after_body: range,
    profile: OutletProfile | None,
    date_at: int | None = None,
    title_at: int | None = None,
    story: str = "",
    outlet: str | None = None,
) -> str | None:
    """The byline above the story, else below it, else a name printed with the
    date, else a photographer's credit, else an outlet's signature line.

    `story` is the headline and the story's opening, which name the story's
    subject (see :func:`date_side_author`).
    """
    anchors = [i for i in (date_at, title_at) if i is not None]

    def near(i: int) -> bool:
        return not anchors or any(abs(i - a) <= NEAR_HEADER_LINES for a in anchors)

    for i in (*header, *after_body):
        author = byline_author(lines, i, with_roles=near(i) or i in after_body)
        if author:
            return author
    if date_at is not None:
        printed = date_line(lines[date_at])
        if printed is not None:
            author = date_side_author(lines, date_at, printed.start, title_at, story, outlet)
            if author:
                return author
    for i in header:
        photo = _PHOTO_LABELLED.match(lines[i])
        if photo and _credited_name(photo["name"]):
            return photo["name"].strip()
    if after_body:
        first = lines[after_body[0]]
        if _is_signature(first, story) or (
            profile is not None and profile.signs_after_body and _SIGNATURE.match(first)
        ):
            return first
    return None


def _is_signature(line: str, story: str) -> bool:
    """Capitalised names signing the story on the line right after it
    ("DINI TEJA", "DINI TEJA | NUR ALFIYAH"), not a heading, an outlet or the
    story's subject."""
    if not _SIGNATURE.match(line) or rules.is_related_heading(line):
        return False
    names = [n.strip() for n in re.split(r"[|,]", line) if n.strip()]
    return all(
        person_name(name.title()) is not None
        and not shapes.is_section_label(name)
        and known_outlet(name) is None
        and not _is_subject(name, story)
        for name in names
    )
