"""What page parsing made of a page, for ``searchlib parse --explain``.

Every line of the page with its role (title, date, byline, caption, body...)
or the rule that dropped it, and every field of the article with where it
came from (declared metadata or a text rule). It shows why a new outlet's
page parses the way it does.
"""

from __future__ import annotations

from dataclasses import dataclass

from searchlib.ingest.bylines import byline_author, is_byline
from searchlib.ingest.datelines import lone_dateline
from searchlib.ingest.evidence import BoilerplateEvidence
from searchlib.ingest.lines import BYLINE, DATE, DATELINE, DROPPED, TITLE, LineRole, split_lines
from searchlib.ingest.page import PageReading, PageResult, read_article, read_page


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
    return explain_reading(split_lines(text), read_page(text, evidence))


def explain_reading(
    lines: list[str], reading: PageReading | None, title: str | None = None
) -> tuple[ExplainedLine, ...]:
    """The roles of a page's lines as `reading` decided them.

    `title`, when given, is the headline chosen by other evidence (a saved
    page's declared headline); the line that prints it is shown as the title.
    """
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
    title_at = reading.title_at
    if title is not None and (title_at is None or lines[title_at] != title):
        title_at = next((i for i in range(reading.start) if lines[i] == title), title_at)
    if title_at is not None:
        roles[title_at] = LineRole(title_at, TITLE)
    if reading.start > 0 and lone_dateline(lines[reading.start - 1]):
        roles[reading.start - 1] = LineRole(reading.start - 1, DATELINE)
    return tuple(ExplainedLine(lines[i], roles[i].role, roles[i].reason) for i in range(len(lines)))


@dataclass(frozen=True)
class FieldExplanation:
    """One field of the article, its value as shown, and where it came from."""

    field: str
    value: str | None
    source: str | None


@dataclass(frozen=True)
class PageExplanation:
    """What parsing made of a page: every line's role and every field's source."""

    lines: tuple[ExplainedLine, ...]
    fields: tuple[FieldExplanation, ...]


EXPLAINED_FIELDS = ("title", "outlet", "section", "author", "published", "dateline", "url", "body")


def explain_result(lines: list[str], result: PageResult) -> PageExplanation:
    """A page's explanation from the result of reading it."""
    article = result.article
    sources = dict(result.sources)
    fields = []
    for name in EXPLAINED_FIELDS:
        if name == "body":
            value: str | None = f"{len(article.body)} paragraphs, {len(article.text.split())} words"
        elif name == "published":
            value = article.published.isoformat() if article.published else None
        else:
            value = getattr(article, name)
        fields.append(FieldExplanation(name, value, sources.get(name) if value else None))
    explained = explain_reading(lines, result.reading, article.title)
    return PageExplanation(explained, tuple(fields))


def explain_page_fields(
    text: str,
    *,
    source_path: str = "page",
    article_id: str = "page",
    evidence: BoilerplateEvidence | None = None,
) -> PageExplanation:
    """Every line's role and every field's source for a text page."""
    result = read_article(text, source_path=source_path, article_id=article_id, evidence=evidence)
    return explain_result(split_lines(text), result)
