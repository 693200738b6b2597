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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from searchlib.ingest import rules, shapes
from searchlib.ingest.article import Article, DateSource
from searchlib.ingest.bylines import find_author
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
    CAPTION,
    PageLine,
    classify,
    split_lines,
)
from searchlib.ingest.markup import MarkupLine, markup_reasons
from searchlib.ingest.outlets import canonical_outlet, resolve_outlet
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
# The story's opening against which a headline candidate's words are checked:
# about its first three paragraphs.
OPENING_CHARS = 1500
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


def read_page(
    text: str,
    evidence: BoilerplateEvidence | None = None,
    markup: Sequence[MarkupLine] | None = None,
) -> PageReading | None:
    """Find the story and its header on a page; None if it has no prose at all.

    `markup`, for a saved HTML page, says which lines sit in navigation,
    sidebar or footer elements and which are link text: such lines are
    furniture unless they are story prose.
    """
    lines = split_lines(text)
    marked = markup_reasons(markup, lines)
    page = classify(lines, None, marked=marked)
    span = story_span(page)
    profile = recognise_outlet(text, focus=_focus_text(lines, span))
    if profile is not None or evidence is not None:
        repeated = evidence.for_page(text) if evidence else frozenset()
        page = classify(lines, profile, repeated, marked=marked)
        if story_span(page) is None and evidence is not None:
            # Every story line repeats on other pages: the same page saved
            # several times, not furniture.
            page = classify(lines, profile, marked=marked)
        span = story_span(page) or span
    if span is None:
        return None
    start = first_body_index(page, span)
    header = range(max(0, start - HEADER_WINDOW), start)
    date_at = header_date(page, header)
    opening = " ".join(line.text for line in page[start : span[1] + 1] if line.story)
    title_at = find_title(page, lines, header, date_at, opening[:OPENING_CHARS])
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
    return read_article(
        text, source_path=source_path, article_id=article_id, evidence=evidence
    ).article


# Where a field came from, as ``parse --explain`` names it.
TEXT_RULE = "text rule"


@dataclass(frozen=True)
class PageResult:
    """An article, where each of its fields came from, and the reading behind it."""

    article: Article
    sources: tuple[tuple[str, str], ...]
    reading: PageReading | None = None


def read_article(
    text: str,
    *,
    source_path: str,
    article_id: str,
    evidence: BoilerplateEvidence | None = None,
    markup: Sequence[MarkupLine] | None = None,
) -> PageResult:
    """Like :func:`parse_page`, also saying which rule gave each field.

    `markup` is what a saved HTML page's markup says about each of its lines
    (:mod:`markup`), in the order of the lines of `text`.
    """
    reading = read_page(text, evidence, markup)
    if reading is None:
        article = _prose_free_article(text, source_path, article_id)
        return PageResult(article, (("body", f"{TEXT_RULE}: no story prose, every kept line"),))
    lines, page = reading.lines, reading.page
    sources: dict[str, str] = {}
    paragraphs = list(reading.body.paragraphs)
    if paragraphs:
        paragraphs[-1] = shapes.without_trailing_code(paragraphs[-1])
    if not paragraphs:
        # A photo page: its story is the captions of its photos, as printed.
        paragraphs = [lines[r.index] for r in reading.body.roles if r.role == CAPTION]
        sources["body"] = f"{TEXT_RULE}: photo captions (a page of photos)"
    dateline = outlet_tag = None
    if paragraphs:
        opening = split_dateline(paragraphs[0])
        dateline, paragraphs[0], outlet_tag = opening.city, opening.rest, opening.outlet_tag
        if dateline is not None:
            sources["dateline"] = f"{TEXT_RULE}: dateline opening the story"
    if dateline is None and reading.start > 0:
        dateline = lone_dateline(lines[reading.start - 1])
        if dateline is not None:
            sources["dateline"] = f"{TEXT_RULE}: dateline on the line above the story"

    after_body = reading.after_body
    closing_source = source_credit(lines[after_body[0]]) if after_body else None

    published: datetime | None = None
    date_source: DateSource | None = None
    date_at = reading.date_at
    printed = page[date_at].date if date_at is not None else None
    if printed is not None and date_at is not None:
        published, date_source = printed.value, "header"
        sources["published"] = f"{TEXT_RULE}: printed date line {date_at + 1}"
    else:
        published = _body_date(tuple(paragraphs))
        date_source = "body" if published else None
        if published:
            sources["published"] = f"{TEXT_RULE}: first full date in the story"

    title_at = reading.title_at
    if title_at is not None:
        sources["title"] = f"{TEXT_RULE}: headline-shaped line {title_at + 1}"
    section = _section(lines, reading.header, title_at)
    if section:
        sources["section"] = f"{TEXT_RULE}: breadcrumb"
    outlet, channel, where = _page_outlet(reading.profile, text, outlet_tag)
    if outlet:
        sources["outlet"] = where
    subject = " ".join(
        [lines[reading.title_at] if reading.title_at is not None else "", *paragraphs[:3]]
    )
    author = find_author(
        lines,
        reading.header,
        after_body,
        reading.profile,
        reading.date_at,
        reading.title_at,
        subject,
        outlet,
    )
    if author:
        sources["author"] = f"{TEXT_RULE}: byline"
    if channel and not section:
        section = channel
        sources["section"] = f"{TEXT_RULE}: the outlet's channel"
    sources.setdefault(
        "body", f"{TEXT_RULE}: story prose, lines {reading.start + 1}-{reading.span[1] + 1}"
    )
    article = Article(
        section=section,
        id=article_id,
        source_path=source_path,
        title=clean_title(lines[title_at], reading.profile) if title_at is not None else article_id,
        body=tuple(p for p in paragraphs if p),
        outlet=outlet,
        author=author,
        published=published,
        date_source=date_source,
        dateline=dateline,
        lead=reading.header_parts.lead,
        captions=unique_captions([*reading.header_parts.captions, *reading.body.captions]),
        credited_source=_named_source(closing_source, reading.body.credited_source),
    )
    return PageResult(article, tuple(sources.items()), reading)


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
    return canonical_outlet(profile.channel_name(text) or profile.name)


def _page_outlet(
    profile: OutletProfile | None, text: str, dateline_tag: str | None
) -> tuple[str | None, str | None, str]:
    """The page's canonical outlet, the channel it printed, and which rule named it."""
    if profile is not None:
        match = resolve_outlet(profile.channel_name(text) or profile.name)
        where = f"{TEXT_RULE}: outlet markers ({profile.key})"
    elif dateline_tag:
        match = resolve_outlet(dateline_tag)
        where = f"{TEXT_RULE}: outlet named in the dateline"
    else:
        match = resolve_outlet(footer_outlet(split_lines(text)))
        where = f"{TEXT_RULE}: outlet named in the copyright line"
    if match is None:
        return None, None, where
    return match.name, match.channel, where


# "© 2023 Warta Kota Kita. All rights reserved.", "Copyright © 2022 PT Media
# Contoh, All Rights Reserved": the name between the year and the end.
_COPYRIGHT_NAME = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:[©@]\s*)?(?:\d{4}\s*(?:[-–]\s*\d{4})?)?\s*"
    r"(?:pt\.?\s+)?(?P<name>[^\W\d_][\w .&'-]{1,50}?)\s*(?:[.,|(]|all rights|hak cipta|$)",
    re.IGNORECASE,
)
_FOOTER_LINES = 40


def footer_outlet(lines: list[str]) -> str | None:
    """The outlet a page's copyright footer names, searched from the page's end."""
    for line in reversed(lines[-_FOOTER_LINES:]):
        if not rules.is_copyright(line):
            continue
        match = _COPYRIGHT_NAME.search(line)
        name = re.sub(r"\s+\d{4}$", "", match["name"].strip()) if match else ""
        if name and shapes.word_count(name) <= 5:
            return name
    return None


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
