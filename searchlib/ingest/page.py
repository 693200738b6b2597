"""A raw scraped page (visible text, one block per line) becomes an `Article`.

The page is read the way a person skims it. The story is the longest run of
prose paragraphs (long lines ending like sentences), allowing short
interruptions (a caption, a "Baca Juga" box) but stopping at lines that
close a story (editor initials, "Berita Terkait", a copyright footer). The
header sits just above it: the printed date, the headline next to it, the
byline. Every line is first judged by the three boilerplate layers: generic
rules (:mod:`rules`), the outlet's profile (:mod:`profiles`) and, when a
whole folder is ingested, corpus evidence (:mod:`evidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from searchlib.ingest import rules
from searchlib.ingest.article import Article, DateSource
from searchlib.ingest.bylines import byline_author, find_author, is_byline
from searchlib.ingest.captions import unique_captions
from searchlib.ingest.datelines import lone_dateline, split_dateline
from searchlib.ingest.dates import find_dates
from searchlib.ingest.evidence import BoilerplateEvidence
from searchlib.ingest.header import (
    HeaderParts,
    clean_title,
    fallback_title,
    find_title,
    header_date,
    header_parts,
)
from searchlib.ingest.lines import (
    BYLINE,
    CAPTION,
    DATE,
    DATELINE,
    DROPPED,
    TITLE,
    LineRole,
    PageLine,
    classify,
    split_lines,
)
from searchlib.ingest.profiles import OutletProfile, recognise_outlet
from searchlib.ingest.story import (
    BodyParts,
    body_parts,
    first_body_index,
    source_credit,
    story_span,
)

# How far above the story the header (title, date, byline) may sit. Pages put
# share buttons, captions and "related" boxes between them: up to ~12 lines
# on the pages we know; 25 leaves room without reaching into the menus.
HEADER_WINDOW = 25
# A story states the day it reports on in its opening paragraphs; 20,000
# characters is several times a whole story and bounds the scan on huge lines.
BODY_DATE_SCAN_CHARS = 20_000


def _body_date(paragraphs: tuple[str, ...]) -> datetime | None:
    """The first full date the story states, read from its opening only."""
    opening = "\n".join(paragraphs)[:BODY_DATE_SCAN_CHARS]
    dates = find_dates(opening)
    return dates[0].value if dates else None


@dataclass(frozen=True)
class PageReading:
    """Everything decided about one page, before it becomes an Article."""

    lines: list[str]
    page: list[PageLine]
    profile: OutletProfile | None
    span: tuple[int, int]
    start: int
    header: range
    date_at: int | None
    title_at: int | None
    header_parts: HeaderParts
    body: BodyParts
    after_body: range


def read_page(text: str, evidence: BoilerplateEvidence | None = None) -> PageReading | None:
    """Find the story and its header on a page; None if it has no prose at all."""
    lines = split_lines(text)
    page = classify(lines, None)
    span = story_span(page)
    profile = recognise_outlet(text, focus=_focus_text(lines, span))
    if profile is not None or evidence is not None:
        page = classify(lines, profile, evidence.for_page(text) if evidence else frozenset())
        span = story_span(page) or span
    if span is None:
        return None
    start = first_body_index(page, span)
    header = range(max(0, start - HEADER_WINDOW), start)
    date_at = header_date(page, header)
    title_at = find_title(page, lines, header, date_at)
    if title_at is None:
        title_at = fallback_title(page, lines)
    after_top = max(i for i in (header.start - 1, date_at, title_at) if i is not None and i < start)
    parts = header_parts(page, lines, header, range(after_top + 1, start), title_at, profile)
    return PageReading(
        lines=lines,
        page=page,
        profile=profile,
        span=span,
        start=start,
        header=header,
        date_at=date_at,
        title_at=title_at,
        header_parts=parts,
        body=body_parts(
            page, lines, range(start, span[1] + 1), _used_above(lines, title_at, parts)
        ),
        after_body=range(span[1] + 1, min(len(lines), span[1] + 1 + HEADER_WINDOW)),
    )


def _used_above(lines: list[str], title_at: int | None, parts: HeaderParts) -> frozenset[str]:
    """Texts the header already holds (headline, captions), as printed."""
    used = {lines[r.index] for r in parts.roles if r.role == CAPTION}
    if title_at is not None:
        used.add(lines[title_at])
    return frozenset(used)


def parse_page(
    text: str,
    *,
    source_path: str,
    article_id: str,
    evidence: BoilerplateEvidence | None = None,
) -> Article:
    """Raw scraped page text -> Article (title, outlet, date, byline, clean body)."""
    reading = read_page(text, evidence)
    if reading is None:
        return _prose_free_article(text, source_path, article_id)
    lines, page = reading.lines, reading.page
    paragraphs = list(reading.body.paragraphs)
    dateline = outlet_tag = None
    if paragraphs:
        opening = split_dateline(paragraphs[0])
        dateline, paragraphs[0], outlet_tag = opening.city, opening.rest, opening.outlet_tag
    if dateline is None and reading.start > 0:
        dateline = lone_dateline(lines[reading.start - 1])

    after_body = reading.after_body
    closing_source = source_credit(lines[after_body[0]]) if after_body else None
    author = find_author(lines, reading.header, after_body, reading.profile)

    published: datetime | None = None
    date_source: DateSource | None = None
    printed = page[reading.date_at].date if reading.date_at is not None else None
    if printed is not None:
        published, date_source = printed.value, "header"
    else:
        published = _body_date(tuple(paragraphs))
        date_source = "body" if published else None

    title_at = reading.title_at
    return Article(
        section=_section(lines, reading.header, title_at),
        id=article_id,
        source_path=source_path,
        title=clean_title(lines[title_at], reading.profile) if title_at is not None else article_id,
        body=tuple(p for p in paragraphs if p),
        outlet=_outlet_name(reading.profile, text) or outlet_tag,
        author=author,
        published=published,
        date_source=date_source,
        dateline=dateline,
        lead=reading.header_parts.lead,
        captions=unique_captions([*reading.header_parts.captions, *reading.body.captions]),
        credited_source=_named_source(closing_source, reading.body.credited_source),
    )


@dataclass(frozen=True)
class ExplainedLine:
    """One line of a page and what parsing made of it (for debugging an outlet)."""

    text: str
    role: str
    reason: str | None = None


OUTSIDE_STORY = "outside the story"


def explain_page(
    text: str, *, evidence: BoilerplateEvidence | None = None
) -> tuple[ExplainedLine, ...]:
    """Every line of the page with its role (title, date, byline, lead, caption,
    credit, dateline, body, source) or, for dropped lines, the rule that
    dropped it. Shows why a new outlet's page parses the way it does."""
    lines = split_lines(text)
    reading = read_page(text, evidence)
    if reading is None:
        return tuple(ExplainedLine(line, DROPPED, "no story prose") for line in lines)
    roles: dict[int, LineRole] = {}
    for i, line in enumerate(reading.page):
        roles[i] = LineRole(i, DROPPED, line.boilerplate or OUTSIDE_STORY)
    for i in (*reading.header, *reading.after_body):
        if is_byline(lines, i) or byline_author(lines, i):
            roles[i] = LineRole(i, BYLINE)
    for role in (*reading.header_parts.roles, *reading.body.roles):
        roles[role.index] = role
    if reading.date_at is not None:
        roles[reading.date_at] = LineRole(reading.date_at, DATE)
    if reading.title_at is not None:
        roles[reading.title_at] = LineRole(reading.title_at, TITLE)
    if reading.start > 0 and lone_dateline(lines[reading.start - 1]):
        roles[reading.start - 1] = LineRole(reading.start - 1, DATELINE)
    return tuple(ExplainedLine(lines[i], roles[i].role, roles[i].reason) for i in range(len(lines)))


_CRUMB_SEPARATOR = re.compile(r"\s+[>»›]\s+")
# A section name is a word or three ("Nasional", "Film Indonesia").
MAX_SECTION_WORDS = 3


def _section(lines: list[str], header: range, title_at: int | None) -> str | None:
    """The last crumb of the breadcrumb trail above the headline ("Home > News > Nasional")."""
    stop = title_at if title_at is not None else header.stop
    for i in range(stop - 1, header.start - 1, -1):
        if rules.is_breadcrumb(lines[i]):
            crumb = _CRUMB_SEPARATOR.split(lines[i])[-1].strip()
            if 1 <= len(crumb.split()) <= MAX_SECTION_WORDS:
                return crumb.title() if crumb.isupper() else crumb
    return None


def _named_source(*candidates: str | None) -> str | None:
    """The first credited source that is a name rather than a URL, else any."""
    present = [c for c in candidates if c]
    named = [c for c in present if "://" not in c]
    chosen = named or present
    return chosen[0] if chosen else None


def _focus_text(lines: list[str], span: tuple[int, int] | None) -> str:
    """The story's opening and the lines above it, where an outlet names itself."""
    if span is None:
        return ""
    start = span[0]
    return "\n".join(lines[max(0, start - HEADER_WINDOW) : start + 1])


def _outlet_name(profile: OutletProfile | None, text: str) -> str | None:
    if profile is None:
        return None
    return profile.channel_name(text) or profile.name


def _prose_free_article(text: str, source_path: str, article_id: str) -> Article:
    """A page without story-length prose: keep its non-boilerplate lines."""
    lines = split_lines(text)
    profile = recognise_outlet(text)
    page = classify(lines, profile)
    title_at = fallback_title(page, lines)
    if title_at is None and lines:
        title_at = 0
    body = tuple(
        line.text for i, line in enumerate(page) if line.boilerplate is None and i != title_at
    )
    dates = [line.date for line in page if line.date is not None]
    return Article(
        id=article_id,
        source_path=source_path,
        title=lines[title_at] if title_at is not None else article_id,
        body=body,
        outlet=_outlet_name(profile, text),
        published=dates[0].value if dates else None,
        date_source="header" if dates else None,
    )
