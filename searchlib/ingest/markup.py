"""Saved HTML becomes the lines a person sees, plus what only the markup tells.

A saved page is read into the same visible text a text page holds (one line
per block element, scripts, styles and forms left out), so the same
Indonesian rules read both forms. The markup adds evidence a text page has
lost: which lines are link text (related headlines, menus), which are
headings, which sit in navigation, footer or sidebar elements, and which
element holds the most story prose (the main content).

The parser is libxml2's HTML parser (through lxml): written in C, linear in
the input, and built to recover from any malformed markup. The walk over the
tree is iterative, so no nesting depth can exhaust the stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree as etree
import lxml.html

from searchlib.errors import IngestError
from searchlib.ingest import rules

# Elements that start a new line of visible text.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "caption", "center",
})  # fmt: skip
# Elements whose content is never visible text (code, styling, embedded
# documents, form controls).
HIDDEN_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "head", "select", "option", "button", "textarea", "input", "canvas", "audio", "video",
})  # fmt: skip
# Elements that hold page furniture by their nature, whatever their text.
FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "form"})
HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
# A line is link text when at least this share of its characters sit in links.
LINKED_SHARE = 0.8
# A paragraph counts towards its container's prose score only when less
# than this share of it is link text (readability's usual link-density cut).
MAX_PROSE_LINK_SHARE = 0.3


@dataclass(frozen=True)
class MarkupLine:
    """One line of visible text and what its markup says about it."""

    text: str
    linked: bool
    heading: int
    furniture: bool
    in_main: bool = False


@dataclass
class _Open:
    number: int
    tag: str
    end: int = -1


class _Walker:
    """Collects lines while walking the tree once."""

    def __init__(self) -> None:
        self.lines: list[MarkupLine] = []
        self.owners: list[tuple[int, int]] = []
        self._parts: list[str] = []
        self._linked_chars = 0
        self._stack: list[_Open] = []
        self._ends: dict[int, int] = {}
        self._anchors = 0
        self._heading: list[int] = []
        self._furniture = 0
        self.count = 0

    def text(self, value: str | None) -> None:
        if value:
            self._parts.append(value)
            if self._anchors:
                self._linked_chars += len(value.strip())

    def flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        total = len("".join(self._parts).strip())
        if text:
            linked = total > 0 and self._linked_chars >= LINKED_SHARE * total
            heading = self._heading[-1] if self._heading else 0
            self.lines.append(MarkupLine(text, linked, heading, self._furniture > 0))
            parent = self._stack[-1].number if self._stack else -1
            grandparent = self._stack[-2].number if len(self._stack) > 1 else -1
            self.owners.append((parent, grandparent))
        self._parts.clear()
        self._linked_chars = 0

    def start(self, tag: str) -> None:
        self.count += 1
        if tag == "a":
            self._anchors += 1
        if tag in BLOCK_TAGS:
            self.flush()
            self._stack.append(_Open(self.count, tag))
        if tag in HEADING_TAGS:
            self._heading.append(HEADING_TAGS[tag])
        if tag in FURNITURE_TAGS:
            self._furniture += 1

    def end(self, tag: str) -> None:
        if tag == "a":
            self._anchors = max(0, self._anchors - 1)
        if tag in BLOCK_TAGS:
            self.flush()
            if self._stack:
                opened = self._stack.pop()
                self._ends[opened.number] = self.count
        if tag in HEADING_TAGS and self._heading:
            self._heading.pop()
        if tag in FURNITURE_TAGS:
            self._furniture = max(0, self._furniture - 1)

    def element_end(self, number: int) -> int:
        return self._ends.get(number, self.count)


def parse_document(html: str) -> lxml.html.HtmlElement:
    """The document tree; IngestError when nothing can be parsed."""
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise IngestError("no HTML document could be parsed, skipped") from None
    if root is None:
        raise IngestError("no HTML document could be parsed, skipped")
    return root


def visible_lines(root: lxml.html.HtmlElement) -> list[MarkupLine]:
    """The page's visible text, one line per block element, with markup evidence."""
    walker = _Walker()
    body = root.find("body")
    walk = etree.iterwalk(body if body is not None else root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rpartition("}")[2].lower()
        if event == "start":
            if tag in HIDDEN_TAGS or not tag:
                walk.skip_subtree()
                continue
            walker.start(tag)
            walker.text(element.text)
        else:
            if tag in HIDDEN_TAGS or not tag:
                walker.text(element.tail)
                continue
            walker.end(tag)
            walker.text(element.tail)
    walker.flush()
    return _mark_main(walker)


def _mark_main(walker: _Walker) -> list[MarkupLine]:
    """Mark the lines of the element holding the most story prose.

    Each prose paragraph scores its length for its parent element and half
    for its grandparent (the readability measure): the story's container
    wins over sidebars of teasers, whose lines are short or linked.
    """
    scores: dict[int, float] = {}
    for line, (parent, grandparent) in zip(walker.lines, walker.owners, strict=True):
        if line.furniture or line.linked or not rules.is_story_paragraph(line.text):
            continue
        scores[parent] = scores.get(parent, 0.0) + len(line.text)
        scores[grandparent] = scores.get(grandparent, 0.0) + len(line.text) / 2
    scores.pop(-1, None)
    if not scores:
        return walker.lines
    main = max(scores, key=lambda number: scores[number])
    end = walker.element_end(main)
    return [
        MarkupLine(line.text, line.linked, line.heading, line.furniture, main <= parent <= end)
        for line, (parent, _grandparent) in zip(walker.lines, walker.owners, strict=True)
    ]


# The opening of an HTML document, after any BOM, whitespace, comments or an
# XML declaration: "<!DOCTYPE html", "<html".
_HTML_OPENING = re.compile(
    r"^\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.I | re.S,
)
HTML_SNIFF_CHARS = 4096


def looks_like_html(text: str) -> bool:
    """Whether a page's text is an HTML document, whatever the file is called."""
    return bool(_HTML_OPENING.match(text[:HTML_SNIFF_CHARS]))
