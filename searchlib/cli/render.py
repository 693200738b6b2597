"""Text renderings of results and articles for a terminal.

Article text comes from scraped pages and may hold control characters or
terminal escape sequences; everything shown here passes through
`terminal_safe` first so a hostile page cannot rewrite the user's screen.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from searchlib.analysis import TokenExplanation
from searchlib.ingest import Article, format_date
from searchlib.results import Hit, Snippet, StoryArticle, also_in_line

if TYPE_CHECKING:
    from searchlib.ingest import PageExplanation

# Terminal control sequences (ECMA-48), in their 7-bit (ESC ...) and 8-bit (C1) forms:
# CSI (ESC [ or U+009B) with its parameters and final byte; OSC, DCS, SOS, PM and APC
# strings (ESC ] P X ^ _ or U+009D U+0090 U+0098 U+009E U+009F) up to their terminator
# (BEL or ST); any other ESC with its intermediate and final bytes. An unterminated
# string loses only its introducer, so a stray ESC ] cannot hide the rest of a story.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]?"
)
# Unicode categories never shown as text: control (Cc) and format (Cf: bidi overrides
# and isolates, zero-width and invisible characters).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf"})
# Kept although in a hidden category: line structure, and the zero-width joiner that
# binds emoji sequences (it cannot reorder or hide text).
_KEPT_CHARACTERS = frozenset("\n\t\u200d")
# Line and tab breaks as `single_line` shows them: newline, tab, and the Unicode
# line and paragraph separators (which str.splitlines and some terminals break on).
_SHOWN_BREAKS = str.maketrans({"\n": "\\n", "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029"})
# Surrogate halves stand for undecodable bytes in file names and command-line arguments;
# a strict UTF-8 terminal cannot print them, so they show as the replacement character.
_SURROGATE = re.compile("[\ud800-\udfff]")

Style = Callable[[str], str]


def plain(text: str) -> str:
    return text


def terminal_safe(text: str) -> str:
    """`text` without escape sequences, control, bidi and invisible characters.

    Newlines and tabs are kept. Article text comes from scraped pages and file
    names from anywhere: neither may move the cursor, clear the screen, set the
    window title, reorder the line or hide characters from the reader.
    """
    text = _SURROGATE.sub("\ufffd", _ESCAPE_SEQUENCE.sub("", text))
    return "".join(
        char
        for char in text
        if char in _KEPT_CHARACTERS or unicodedata.category(char) not in _HIDDEN_CATEGORIES
    )


def single_line(text: str) -> str:
    """`text` made terminal-safe on one line: line breaks and tabs shown as ``\\n``/``\\t``.

    For messages that quote a file name or article id, which may hold a newline:
    the message must stay one line and still show where the break was.
    """
    return terminal_safe(text).translate(_SHOWN_BREAKS)


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
    if hit.also_in:
        lines.append(f"    {dim(terminal_safe(also_in_line(hit.also_in)))}")
    lines.extend(f"    {marked(snippet, mark)}" for snippet in hit.snippets)
    return "\n".join(lines)


def render_story_articles(others: Sequence[StoryArticle]) -> str:
    """The other articles of an article's story: outlet, date, id and title, one per line."""
    lines = [f"Also in ({len(others)} more of this story):"]
    for other in others:
        parts = (other.outlet, format_date(other.published), other.id, other.title)
        lines.append("  " + terminal_safe(" · ".join(part for part in parts if part)))
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
    lines = [bold(terminal_safe(article.display_title)), ""]
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
        (
            f"{t.start}-{t.end}",
            terminal_safe(t.text),
            terminal_safe(t.exact),
            terminal_safe(t.stem or "-"),
            t.reason,
        )
        for t in tokens
    )
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def render_explained_page(path: str, page: PageExplanation) -> str:
    """A page's fields with the source of each (declared metadata or a text
    rule), then the page line by line: what each line became (title,
    body...) or why it was dropped."""
    rows = [f"== {terminal_safe(path)}"]
    width = max((len(f.field) for f in page.fields), default=0)
    for field in page.fields:
        value = single_line(field.value) if field.value else "-"
        source = f"  <- {field.source}" if field.source else ""
        rows.append(f"{field.field:<{width}}  {value}{terminal_safe(source)}")
    rows.append("-- lines")
    for line in page.lines:
        verdict = line.role if line.reason is None else f"{line.role}: {line.reason}"
        rows.append(f"[{terminal_safe(verdict)}] {terminal_safe(line.text)}")
    return "\n".join(rows)
