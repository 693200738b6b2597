"""A saved HTML page becomes an `Article`: declared metadata first, then the page rules.

The markup is read into the visible lines a text page holds
(:mod:`markup`), so the same Indonesian rules find the story, its dateline,
captions, "Baca juga" links and editor codes. What the page declares about
itself (:mod:`declared`) then settles the fields the rules can only guess:
the headline (the visible line the declared headline names, so site
suffixes such as "- Kompas.com" never reach the title), the author, the
publication time and the outlet. Every field keeps the name of its source
for ``parse --explain``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from searchlib.ingest import shapes
from searchlib.ingest.article import Article
from searchlib.ingest.bylines import looks_like_person
from searchlib.ingest.declared import Declared, has_time, read_declared
from searchlib.ingest.evidence import BoilerplateEvidence
from searchlib.ingest.explanation import PageExplanation, explain_result
from searchlib.ingest.markup import MarkupLine, parse_document, visible_lines
from searchlib.ingest.outlets import OutletMatch, is_outlet_name, known_outlet, resolve_outlet
from searchlib.ingest.page import PageResult, read_article

DECLARED = "declared"


def read_html_article(
    html: str,
    *,
    source_path: str,
    article_id: str,
    evidence: BoilerplateEvidence | None = None,
) -> PageResult:
    """Saved HTML -> Article, with the source of every field."""
    root = parse_document(html)
    declared = read_declared(root)
    markup = visible_lines(root)
    text = "\n".join(line.text for line in markup)
    result = read_article(
        text, source_path=source_path, article_id=article_id, evidence=evidence, markup=markup
    )
    return _with_declared(result, declared, markup)


def parse_html(
    html: str,
    *,
    source_path: str,
    article_id: str,
    evidence: BoilerplateEvidence | None = None,
) -> Article:
    """Saved HTML page text -> Article."""
    return read_html_article(
        html, source_path=source_path, article_id=article_id, evidence=evidence
    ).article


def _with_declared(
    result: PageResult, declared: Declared, markup: Sequence[MarkupLine]
) -> PageResult:
    article = result.article
    sources = dict(result.sources)
    changes: dict[str, object] = {}

    title = _declared_title(declared, markup, result)
    if title is not None and title[0] != article.title:
        changes["title"] = title[0]
        sources["title"] = title[1]
    elif title is not None:
        sources["title"] = f"{sources.get('title', 'text rule')}; agrees with {title[1]}"

    published = _declared_time(declared, article)
    if published is not None:
        changes["published"], changes["date_source"] = published[0], "header"
        sources["published"] = published[1]

    author = _declared_author(declared, article, markup)
    if author is not None:
        changes["author"] = author[0]
        sources["author"] = author[1]

    outlet = _declared_outlet(declared)
    if outlet is not None:
        changes["outlet"] = outlet[0].name
        sources["outlet"] = outlet[1]
        if outlet[0].channel and not article.section:
            changes["section"] = outlet[0].channel
            sources["section"] = f"channel named by {outlet[1]}"
    if declared.url and not article.url:
        changes["url"] = declared.url
        sources["url"] = "declared canonical address"
    if changes:
        article = replace(article, **changes)  # type: ignore[arg-type]
    return PageResult(article, tuple(sources.items()), result.reading)


# ---- title ---------------------------------------------------------------------

# Separators between a headline and the site's name in declared titles:
# "Judul - Kompas.com", "Judul | Republika Online", "KapanLagi.com: Judul".
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+|(?<=\w):\s+")
# Headlines are searched among lines of at most this length.
MAX_TITLE_LINE_CHARS = 400
# A visible line may carry a short label before the declared headline
# ("In Picture: ...", "FOTO: ...") or drop a site prefix of this many characters.
MAX_LABEL_CHARS = 30


def _key(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _title_variants(headline: str) -> list[str]:
    """The declared headline, then its longest part between site separators."""
    variants = [headline]
    parts = [p for p in _SITE_SEPARATOR.split(headline) if p.strip()]
    if len(parts) > 1:
        variants.append(max(parts, key=len))
    return variants


def _matches(line_key: str, wanted: str) -> bool:
    if not line_key or not wanted:
        return False
    if line_key == wanted:
        return True
    if len(line_key.split()) < shapes.MIN_HEADLINE_WORDS:
        return False
    if wanted in line_key:
        return len(line_key) - len(wanted) <= MAX_LABEL_CHARS
    return line_key in wanted and len(wanted) - len(line_key) <= MAX_LABEL_CHARS


def _declared_title(
    declared: Declared, markup: Sequence[MarkupLine], result: PageResult
) -> tuple[str, str] | None:
    """The visible headline the page declares, or the declared one cleaned of its site name."""
    start = result.reading.start if result.reading is not None else len(markup)
    chosen = _key(result.article.title) if result.reading is not None else ""
    for headline, where in declared.headline:
        if any(_matches(chosen, _key(v)) for v in _title_variants(headline)):
            # The rules' headline is the declared one as printed (perhaps
            # with a label such as "In Picture:"): it stays.
            return result.article.title, where
    keys = [_key(line.text) if len(line.text) <= MAX_TITLE_LINE_CHARS else "" for line in markup]
    for headline, where in declared.headline:
        for variant in _title_variants(headline):
            wanted = _key(variant)
            found = [i for i, key in enumerate(keys) if _matches(key, wanted)]
            if not found:
                continue
            best = _nearest_headline(found, markup, start)
            return markup[best].text, f"{where}, visible line {best + 1}"
    for headline, where in declared.headline:
        if where.startswith("JSON-LD"):
            return headline, where
    return None


def _nearest_headline(found: list[int], markup: Sequence[MarkupLine], start: int) -> int:
    """A main heading first, else the match nearest above the story's start."""
    headings = [i for i in found if markup[i].heading == 1]
    if headings:
        found = headings
    above = [i for i in found if i < start]
    return max(above) if above else found[0]


# ---- date ----------------------------------------------------------------------

# A declared time and a printed one further apart than this are different
# events (a printed update, a wrong zone); the printed one stays.
MAX_DECLARED_DRIFT = timedelta(hours=1)


def _declared_time(declared: Declared, article: Article) -> tuple[datetime, str] | None:
    """The declared publication time, when the page prints none or prints it without a time."""
    for moment, where in declared.published:
        if not has_time(moment, where):
            continue
        printed = article.published if article.date_source == "header" else None
        if printed is None:
            return moment, where
        if printed.hour == 0 and printed.minute == 0 and printed.date() == moment.date():
            return moment, where
        return None
    return None


# ---- author --------------------------------------------------------------------


def _declared_author(
    declared: Declared, article: Article, markup: Sequence[MarkupLine]
) -> tuple[str, str] | None:
    """A declared author when the rules found no printed byline.

    Pages declare their publisher as author too ("Kompas Cyber Media",
    "Liputan6.com"); a declared name that names an outlet or a company is
    not an author.
    """
    if article.author:
        return None
    for name, where in declared.authors:
        if is_outlet_name(name) or not looks_like_person(name):
            continue
        return name, where
    return None


# ---- outlet --------------------------------------------------------------------


def _declared_outlet(declared: Declared) -> tuple[OutletMatch, str] | None:
    """The outlet the page declares: a listed outlet by its site name, publisher
    or address, else the site name as declared, else the address."""
    domain = declared.domain
    candidates = [
        *declared.site_name,
        *([(domain, "declared canonical address")] if domain else []),
    ]
    for name, where in candidates:
        known = known_outlet(name)
        if known is not None:
            return known, where
    for name, where in candidates:
        # A social handle ("@okezonenews") is a poor spelling of an unlisted outlet.
        resolved = None if "twitter" in where else resolve_outlet(name)
        if resolved is not None:
            return resolved, where
    return None


def explain_html(
    html: str,
    *,
    source_path: str = "page.html",
    article_id: str = "page",
    evidence: BoilerplateEvidence | None = None,
) -> PageExplanation:
    """Every visible line's role and every field's source for a saved HTML page."""
    result = read_html_article(
        html, source_path=source_path, article_id=article_id, evidence=evidence
    )
    lines = result.reading.lines if result.reading is not None else []
    if result.reading is None:
        lines = [line.text for line in visible_lines(parse_document(html))]
    return explain_result(lines, result)
