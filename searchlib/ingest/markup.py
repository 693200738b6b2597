"""Saved HTML becomes the lines a person sees, plus what only the markup tells.

A saved page is read into the same visible text a text page holds (one line
per block element, scripts, styles and forms left out), so the same
Indonesian rules read both forms. The markup adds evidence a text page has
lost: which lines are link text (related headlines, menus), which are
headings, and which sit in navigation, footer or sidebar elements. The
story itself is then found on these lines as on a text page (the longest
run of prose), which measured better on the development pages than a
main-content extractor's choice.

The parser is libxml2's HTML parser (through lxml): written in C, linear in
the input, and built to recover from any malformed markup. The walk over the
tree is iterative, so no nesting depth can exhaust the stack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import lxml.etree as etree

# lxml's element class, under the name lxml documents it by (the leading
# underscore is lxml's, not a private API).
from lxml.etree import _Element as Element

from searchlib.errors import IngestError
from searchlib.ingest import shapes
from searchlib.ingest.decoding import normalise_text

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


@dataclass(frozen=True)
class MarkupLine:
    """One line of visible text and what its markup says about it."""

    text: str
    linked: bool
    heading: int
    furniture: bool


class _Walker:
    """Collects lines, and what the markup says of each, in one walk over the tree."""

    def __init__(self) -> None:
        self.lines: list[MarkupLine] = []
        self.parts: list[str] = []
        self.linked_chars = 0
        self.anchors = 0
        self.headings: list[int] = []
        self.furniture = 0

    def flush(self) -> None:
        raw = "".join(self.parts)
        self.parts.clear()
        if raw and not raw.isascii():
            # Character references (&nbsp;, &#8203;) bring back what decoding removed.
            raw = normalise_text(raw)
        text = " ".join(raw.split()) if raw and not raw.isspace() else ""
        if text:
            total = len(raw.strip())
            linked = total > 0 and self.linked_chars >= LINKED_SHARE * total
            heading = self.headings[-1] if self.headings else 0
            self.lines.append(MarkupLine(text, linked, heading, self.furniture > 0))
        self.linked_chars = 0

    def add(self, value: str | None) -> None:
        if value:
            self.parts.append(value)
            if self.anchors:
                self.linked_chars += len(value.strip())


def parse_document(html: str) -> Element:
    """The document tree; IngestError when nothing can be parsed."""
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True
    )
    try:
        root = etree.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise IngestError("no HTML document could be parsed, skipped") from None
    if root is None:
        raise IngestError("no HTML document could be parsed, skipped")
    return root


def visible_lines(root: Element) -> list[MarkupLine]:
    """The page's visible text, one line per block element, with markup evidence."""
    walker = _Walker()
    body = root.find("body")
    walk = etree.iterwalk(body if body is not None else root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if not isinstance(tag, str):
            if event == "end":
                walker.add(element.tail)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in HIDDEN_TAGS:
                walk.skip_subtree()
                continue
            if tag == "a":
                walker.anchors += 1
            if tag in BLOCK_TAGS:
                walker.flush()
            if tag in HEADING_TAGS:
                walker.headings.append(HEADING_TAGS[tag])
            if tag in FURNITURE_TAGS:
                walker.furniture += 1
            walker.add(element.text)
            continue
        if tag not in HIDDEN_TAGS:
            if tag == "a" and walker.anchors:
                walker.anchors -= 1
            if tag in BLOCK_TAGS:
                walker.flush()
            if tag in HEADING_TAGS and walker.headings:
                walker.headings.pop()
            if tag in FURNITURE_TAGS and walker.furniture:
                walker.furniture -= 1
        walker.add(element.tail)
    walker.flush()
    return walker.lines


NAV_FURNITURE = "navigation, sidebar or footer element"
LINK_TEXT = "link text"


def markup_reasons(
    markup: Sequence[MarkupLine] | None, lines: list[str]
) -> tuple[str | None, ...]:
    """What the markup alone says is furniture, line by line: lines of <nav>,
    <aside> and <footer> elements, and headline-shaped lines that are all
    link text (related articles, menus). A page's headline is often a link
    too, so link text is furniture only below the first main heading."""
    if markup is None or len(markup) != len(lines):
        return ()
    first_heading = next((i for i, m in enumerate(markup) if m.heading == 1), len(markup))
    reasons: list[str | None] = []
    for i, line in enumerate(markup):
        if shapes.is_story_paragraph(line.text):
            reasons.append(None)
        elif line.furniture:
            reasons.append(NAV_FURNITURE)
        elif line.linked and i > first_heading and shapes.looks_like_headline(line.text):
            reasons.append(LINK_TEXT)
        else:
            reasons.append(None)
    return tuple(reasons)


# An HTML document opens, after any whitespace, XML declaration or comments,
# with "<!DOCTYPE html" or "<html". Only the file's first characters are looked
# at, and comments are skipped one at a time (each ends at its first "-->"):
# one regular expression over a run of comments backtracked exponentially.
HTML_SNIFF_CHARS = 4096
MAX_XML_DECLARATION_CHARS = 200
MAX_COMMENT_CHARS = 2000
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_NOT_SPACE = re.compile(r"\S")


def _after_space(text: str, at: int) -> int:
    """The position of the first non-space character from `at` on."""
    found = _NOT_SPACE.search(text, at)
    return found.start() if found else len(text)


def looks_like_html(text: str) -> bool:
    """Whether a page's text is an HTML document, whatever the file is called."""
    head = text[:HTML_SNIFF_CHARS]
    at = _after_space(head, 0)
    if head[at : at + len("<?xml")].casefold() == "<?xml":
        end = head.find(">", at, at + len("<?xml") + MAX_XML_DECLARATION_CHARS + 1)
        if end < 0:
            return False
        at = _after_space(head, end + 1)
    while head.startswith("<!--", at):
        body = at + len("<!--")
        end = head.find("-->", body, body + MAX_COMMENT_CHARS + len("-->"))
        if end < 0:
            return False
        at = _after_space(head, end + len("-->"))
    return _HTML_TAG.match(head, at) is not None
