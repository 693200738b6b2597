"""Text renderings of results and articles for a terminal.

Article text comes from scraped pages and may hold control characters or
terminal escape sequences; everything shown here passes through
`terminal_safe` first so a hostile page cannot rewrite the user's screen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime

from searchlib.analysis import TokenExplanation
from searchlib.ingest import Article
from searchlib.search import Hit
from searchlib.snippets import Snippet

# ESC-introduced sequences (CSI, OSC, and two-character escapes).
_ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")

Style = Callable[[str], str]


def plain(text: str) -> str:
    return text


def terminal_safe(text: str) -> str:
    """`text` without escape sequences and control characters (newlines and tabs kept)."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    return "".join(
        char for char in text
        if char in "\n\t" or unicodedata.category(char) not in {"Cc", "Cf"} or char == "\u200d"
    )


def format_date(published: datetime | None) -> str:
    return published.strftime("%Y-%m-%d %H:%M %Z").strip() if published else "undated"


def marked(snippet: Snippet, mark: Style) -> str:
    """The snippet's text with each highlight passed through `mark`."""
    parts: list[str] = []
    cursor = 0
    for start, end in snippet.highlights:
        parts.append(terminal_safe(snippet.text[cursor:start]))
        parts.append(mark(terminal_safe(snippet.text[start:end])))
        cursor = end
    parts.append(terminal_safe(snippet.text[cursor:]))
    return "".join(parts)


def render_hit(hit: Hit, *, bold: Style = plain, mark: Style = plain, dim: Style = plain) -> str:
    """A hit as a person reads it: rank and title, a meta line, then its snippets."""
    title = marked(Snippet(hit.title, hit.title_highlights), mark)
    meta = " · ".join(
        part
        for part in (hit.outlet, format_date(hit.published), f"score {hit.score:.2f}", hit.id)
        if part
    )
    lines = [f"{hit.rank:>2}. {bold(title)}", f"    {dim(terminal_safe(meta))}"]
    lines.extend(f"    {marked(snippet, mark)}" for snippet in hit.snippets)
    return "\n".join(lines)


def render_article(article: Article, *, bold: Style = plain, dim: Style = plain) -> str:
    """The whole clean article: title, metadata, lead, captions and body."""
    meta_parts = [
        ("Outlet", article.outlet),
        ("Author", article.author),
        ("Published", format_date(article.published) if article.published else None),
        ("Date from", article.date_source),
        ("Dateline", article.dateline),
        ("Section", article.section),
        ("URL", article.url),
        ("Source", article.credited_source),
        ("File", article.source_path),
        ("Id", article.id),
    ]
    lines = [bold(terminal_safe(article.title)), ""]
    lines.extend(dim(f"{label}: {terminal_safe(value)}") for label, value in meta_parts if value)
    if article.lead:
        lines.extend(["", terminal_safe(article.lead)])
    for caption in article.captions:
        credit = f" ({caption.credit})" if caption.credit else ""
        lines.extend(["", dim(f"[Caption] {terminal_safe(caption.text)}{terminal_safe(credit)}")])
    for paragraph in article.body:
        lines.extend(["", terminal_safe(paragraph)])
    return "\n".join(lines)


def render_tokens(tokens: list[TokenExplanation]) -> str:
    """One analysed token per line, aligned: offsets, as written, exact form, stem, reason."""
    rows = [("offsets", "text", "exact", "stem", "why")]
    rows.extend(
        (f"{t.start}-{t.end}", terminal_safe(t.text), t.exact, t.stem or "-", t.reason)
        for t in tokens
    )
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
