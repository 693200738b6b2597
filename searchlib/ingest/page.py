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

from datetime import datetime

from searchlib.ingest.article import Article, DateSource
from searchlib.ingest.bylines import find_author
from searchlib.ingest.captions import unique_captions
from searchlib.ingest.datelines import lone_dateline, split_dateline
from searchlib.ingest.dates import find_dates
from searchlib.ingest.evidence import BoilerplateEvidence
from searchlib.ingest.header import (
    clean_title,
    fallback_title,
    find_title,
    header_date,
    header_parts,
)
from searchlib.ingest.lines import PageLine, classify, split_lines
from searchlib.ingest.profiles import OutletProfile, recognise_outlet
from searchlib.ingest.story import body_parts, first_body_index, source_credit, story_span

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


def parse_page(
    text: str,
    *,
    source_path: str,
    article_id: str,
    evidence: BoilerplateEvidence | None = None,
) -> Article:
    """Raw scraped page text -> Article (title, outlet, date, byline, clean body)."""
    lines = split_lines(text)
    page = classify(lines, None)
    span = story_span(page)
    focus = _focus_text(lines, span)
    profile = recognise_outlet(text, focus=focus)
    if profile is not None or evidence is not None:
        page = classify(lines, profile, evidence.for_page(text) if evidence else frozenset())
        span = story_span(page) or span
    if span is None:
        return _prose_free_article(page, lines, source_path, article_id, profile, text)

    start = first_body_index(page, span)
    header = range(max(0, start - HEADER_WINDOW), start)
    date_at = header_date(page, header)
    title_at = find_title(page, lines, header, date_at)
    if title_at is None:
        title_at = fallback_title(page, lines)
    after_top = max(i for i in (header.start - 1, date_at, title_at) if i is not None and i < start)
    parts = header_parts(page, lines, header, range(after_top + 1, start), title_at, profile)

    body_range = range(start, span[1] + 1)
    body = body_parts(page, lines, body_range)
    paragraphs = list(body.paragraphs)
    dateline = None
    if paragraphs:
        opening = split_dateline(paragraphs[0])
        dateline, paragraphs[0] = opening.city, opening.rest
    if dateline is None and start > 0:
        dateline = lone_dateline(lines[start - 1])

    after_body = range(span[1] + 1, min(len(lines), span[1] + 1 + HEADER_WINDOW))
    closing_source = source_credit(lines[after_body[0]]) if after_body else None
    author = find_author(lines, header, after_body, profile)

    published: datetime | None = None
    date_source: DateSource | None = None
    if date_at is not None and page[date_at].date is not None:
        published, date_source = page[date_at].date.value, "header"  # type: ignore[union-attr]
    else:
        published = _body_date(tuple(paragraphs))
        date_source = "body" if published else None

    return Article(
        id=article_id,
        source_path=source_path,
        title=clean_title(lines[title_at], profile) if title_at is not None else article_id,
        body=tuple(p for p in paragraphs if p),
        outlet=_outlet_name(profile, text),
        author=author,
        published=published,
        date_source=date_source,
        dateline=dateline,
        lead=parts.lead,
        captions=unique_captions([*parts.captions, *body.captions]),
        credited_source=_named_source(closing_source, body.credited_source),
    )


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


def _prose_free_article(
    page: list[PageLine],
    lines: list[str],
    source_path: str,
    article_id: str,
    profile: OutletProfile | None,
    text: str,
) -> Article:
    """A page without story-length prose: keep its non-boilerplate lines."""
    title_at = fallback_title(page, lines)
    body = tuple(
        line.text for i, line in enumerate(page) if line.boilerplate is None and i != title_at
    )
    dates = [line.date for line in page if line.date is not None]
    return Article(
        id=article_id,
        source_path=source_path,
        title=lines[title_at] if title_at is not None else (lines[0] if lines else article_id),
        body=body,
        outlet=_outlet_name(profile, text),
        published=dates[0].value if dates else None,
        date_source="header" if dates else None,
    )
