"""The header above the story: printed date, headline, standfirst, captions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from searchlib.ingest import shapes
from searchlib.ingest.article import Caption
from searchlib.ingest.bylines import is_byline, person_name
from searchlib.ingest.captions import (
    detached_credit,
    is_credit_label,
    is_credit_line,
    make_caption,
    unique_captions,
)
from searchlib.ingest.datelines import is_outlet_part, outlet_names
from searchlib.ingest.lines import (
    CAPTION,
    CREDIT,
    DROPPED,
    EVIDENCE_REASON,
    LEAD,
    RELATED_REASONS,
    LineRole,
    PageLine,
)
from searchlib.ingest.profiles import OutletProfile
from searchlib.ingest.story import MIN_LINKED_HEADLINE_WORDS

# The title sits right above the date line, past at most a byline and one
# more line.
TITLE_SEARCH_LINES = 3
# A standfirst is one sentence, well under a paragraph.
MAX_STANDFIRST_WORDS = 40


# A date without a time of day ("ISTANBUL, 23 Februari 2016 (Antara) --", a
# site's "today" banner) yields to a date with one this few lines above it.
TIMED_DATE_LOOKBACK = 6


def header_date(page: list[PageLine], header: range) -> int | None:
    """Index of the printed date nearest above the story, preferring one
    with a time of day just above a bare date."""
    nearest = None
    for i in reversed(header):
        date = page[i].date
        if date is None:
            continue
        if nearest is None:
            nearest = i
        if date.has_time:
            return i if i >= nearest - TIMED_DATE_LOOKBACK else nearest
    return nearest


def _title_candidate(page: list[PageLine], lines: list[str], i: int) -> bool:
    line = page[i]
    # A headline seen on other pages (a "Terpopuler" box) is still this page's title.
    return (
        line.boilerplate in (None, EVIDENCE_REASON)
        and not line.caption
        and line.date is None
        and not is_byline(lines, i)
        and shapes.looks_like_headline(line.text)
        and not is_credit_label(line.text)
        and not shapes.is_section_label(line.text)
    )


# Only lines up to this length are searched for an echo of the headline (the
# page's <title> line repeats it, sometimes with the outlet's name).
MAX_ECHO_LINE_CHARS = 300


def _is_echoed(lines: list[str], i: int) -> bool:
    """Whether the line recurs elsewhere on the page, alone or inside another line."""
    text = lines[i]
    return any(
        j != i and len(other) <= MAX_ECHO_LINE_CHARS and text in other
        for j, other in enumerate(lines)
    )


def _is_bare_byline(line: str, opening: str) -> bool:
    """A person's name the story does not mention: the author printed between
    headline and date without a label."""
    name = person_name(line)
    return name is not None and story_overlap(name, opening) == 0.0


def _title_above(
    page: list[PageLine], lines: list[str], header: range, date_at: int, opening: str = ""
) -> int | None:
    seen = 0
    for i in range(date_at - 1, header.start - 1, -1):
        if is_byline(lines, i) or (opening and _is_bare_byline(lines[i], opening)):
            continue
        if _title_candidate(page, lines, i):
            return i
        seen += 1
        if seen >= TITLE_SEARCH_LINES:
            break
    return None


def _title_below(page: list[PageLine], lines: list[str], header: range, date_at: int) -> int | None:
    for i in range(date_at + 1, header.stop):
        if page[i].boilerplate in RELATED_REASONS:
            return None
        if _title_candidate(page, lines, i):
            return i
    return None


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def story_overlap(line: str, opening: str) -> float:
    """The share of a line's content words (four letters or more) that the
    story's opening uses: a headline is about its story, a menu item or a
    neighbouring teaser is not."""
    words = {w.casefold() for w in _CONTENT_WORD.findall(line)}
    if not words:
        return 0.0
    told = {w.casefold() for w in _CONTENT_WORD.findall(opening)}
    return len(words & told) / len(words)


# A candidate sharing at most this share of its words with the story is not
# about it (a menu item, a teaser) when the other candidate shares at least
# UNRELATED_MARGIN more; captions and keyword lines share words too, so
# overlap only rules out, it never picks between two related lines.
UNRELATED_OVERLAP = 0.15
UNRELATED_MARGIN = 0.3


def find_title(
    page: list[PageLine],
    lines: list[str],
    header: range,
    date_at: int | None,
    opening: str = "",
) -> int | None:
    """Index of the headline.

    Pages print the headline right above the date line or right below it; when
    both places hold a headline-shaped line, the one about the story (sharing
    clearly more words with its opening paragraphs) wins; else the one the
    page repeats (its <title> line echoes the headline) if it is
    headline-long (names and tags repeat too), else the one above. Without a
    date line the headline is the last headline-shaped line above the story,
    preferring one the page repeats.
    """
    if date_at is not None:
        above = _title_above(page, lines, header, date_at, opening)
        below = _title_below(page, lines, header, date_at)
        if above is not None and below is not None:
            above_overlap = story_overlap(lines[above], opening)
            below_overlap = story_overlap(lines[below], opening)
            if above_overlap <= UNRELATED_OVERLAP < below_overlap - UNRELATED_MARGIN:
                return below
            if below_overlap <= UNRELATED_OVERLAP < above_overlap - UNRELATED_MARGIN:
                return above
            prefer_below = (
                shapes.word_count(lines[below]) >= MIN_LINKED_HEADLINE_WORDS
                and _is_echoed(lines, below)
                and not _is_echoed(lines, above)
            )
            return below if prefer_below else above
        if above is not None or below is not None:
            return above if above is not None else below
    candidates = [i for i in header if _title_candidate(page, lines, i)]
    echoed = [i for i in candidates if _is_echoed(lines, i)]
    if echoed:
        return echoed[-1]
    return candidates[-1] if candidates else None


_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+(?P<suffix>[^|–—-]{2,60})$")


def clean_title(title: str, profile: OutletProfile | None) -> str:
    """The headline without an outlet suffix ("... - Kompas.com", "... | Tempo")."""
    match = _TITLE_SUFFIX.search(title)
    if match is None:
        return title
    suffix = match["suffix"]
    names = outlet_names()
    if is_outlet_part(suffix, names) or (profile is not None and profile.marker_count(suffix)):
        return title[: match.start()].strip()
    return title


def fallback_title(page: list[PageLine], lines: list[str]) -> int | None:
    """The first headline-shaped line of the page (pages with no header)."""
    for i in range(len(page)):
        if _title_candidate(page, lines, i):
            return i
    return None


@dataclass(frozen=True)
class HeaderParts:
    lead: str | None
    captions: tuple[Caption, ...]
    roles: tuple[LineRole, ...] = ()


def header_parts(
    page: list[PageLine],
    lines: list[str],
    header: range,
    span: range,
    title_at: int | None,
    profile: OutletProfile | None,
) -> HeaderParts:
    """The standfirst, and the photo captions of the header.

    Below the headline and date any sentence is a caption (the story has not
    started yet); above them only lines that carry a photo credit are.
    """
    roles: list[LineRole] = []
    start = span.start
    if profile is not None and profile.has_standfirst and title_at is not None:
        following = title_at + 1
        if following < span.stop and _is_standfirst(page, following):
            roles.append(LineRole(following, LEAD))
            start = max(start, following + 1)
    roles += [
        LineRole(i, CAPTION)
        for i in range(header.start, span.start)
        if page[i].caption and i != title_at
    ]
    roles += _caption_roles(page, lines, range(start, span.stop), skip=title_at)
    lead = next((page[r.index].text for r in roles if r.role == LEAD), None)
    captions = [
        make_caption(page[r.index].text, detached_credit(lines, r.index))
        for r in roles
        if r.role == CAPTION
    ]
    return HeaderParts(lead, unique_captions(captions), tuple(roles))


def _is_standfirst(page: list[PageLine], i: int) -> bool:
    line = page[i]
    return (
        line.boilerplate is None
        and not line.caption
        and line.date is None
        and shapes.ends_like_sentence(line.text)
        and 4 <= shapes.word_count(line.text) <= MAX_STANDFIRST_WORDS
    )


def _caption_roles(
    page: list[PageLine], lines: list[str], span: range, skip: int | None
) -> list[LineRole]:
    """Captions and credits between the header and the story."""
    roles = []
    after_related = False
    for i in span:
        line = page[i]
        if i == skip or line.date is not None or is_byline(lines, i):
            continue
        if line.boilerplate is not None:
            after_related = line.boilerplate in RELATED_REASONS
            continue
        if after_related and not line.caption:
            roles.append(LineRole(i, DROPPED, "related link list"))
            continue
        if is_credit_line(lines, i):
            roles.append(LineRole(i, CREDIT))
        elif line.caption or (
            shapes.ends_like_sentence(line.text) and shapes.word_count(line.text) >= 4
        ):
            roles.append(LineRole(i, CAPTION))
    return roles
