"""A small HTML tree for the web tests: find elements by tag, class and attribute, read their text.

Built on the standard library's tolerant parser, so a test reads a page the way
its structure says, not by matching strings in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The element's text, whitespace collapsed."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> list[str]:
        parts: list[str] = []
        for child in self.children:
            parts.extend([child] if isinstance(child, str) else child._texts())
        return parts

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag: str | None = None, class_: str | None = None,
                 **attrs: str) -> list[Element]:
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (
                (tag is None or child.tag == tag)
                and (class_ is None or class_ in child.classes)
                and all(child.attrs.get(name.rstrip("_")) == value for name, value in attrs.items())
            ):
                found.append(child)
            found.extend(child.find_all(tag, class_, **attrs))
        return found

    def find(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> Element:
        """The first match; AssertionError when there is none."""
        found = self.find_all(tag, class_, **attrs)
        assert found, f"no <{tag or '*'}> with class {class_!r} and {attrs} in the page"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
