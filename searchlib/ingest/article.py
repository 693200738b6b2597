"""The `Article`: what ingestion produces and every later stage consumes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

DateSource = Literal["header", "body", "record"]

# Words of the story shown as the title of an article that has none: about a
# headline's length (Indonesian headlines run 8 to 14 words).
DISPLAY_TITLE_WORDS = 12


@dataclass(frozen=True)
class Caption:
    """A photo caption, kept apart from the story so it neither pollutes the
    body nor gets lost: captions are searchable at a lower weight."""

    text: str
    credit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit}


@dataclass(frozen=True)
class Article:
    """One clean news article.

    `title` is the article's own headline, or empty when its source gives
    none (`display_title` then shows the story's opening words instead).
    `body` holds the paragraphs of the story only: no ads, menus, captions,
    related-article links or editor codes. `published` is timezone-aware;
    `date_source` says where it came from ("header": the page's own dateline
    block, "body": the first full date in the story, "record": a structured
    input field) so users can tell a printed date from an inferred one.
    """

    id: str
    source_path: str
    title: str
    body: tuple[str, ...]
    outlet: str | None = None
    section: str | None = None
    author: str | None = None
    published: datetime | None = None
    date_source: DateSource | None = None
    dateline: str | None = None
    lead: str | None = None
    captions: tuple[Caption, ...] = field(default_factory=tuple)
    url: str | None = None
    credited_source: str | None = None

    @property
    def display_title(self) -> str:
        """The title to show: the headline, else the story's opening words.

        Only the headline is indexed as the title: the opening words are
        already in the body, and counting them again in the boosted title field
        would rank a title-less article by its first sentence twice.
        """
        if self.title:
            return self.title
        opening = next((p for p in (self.lead, *self.body) if p and p.strip()), "")
        return " ".join(opening.split()[:DISPLAY_TITLE_WORDS]) or "(untitled)"

    @property
    def text(self) -> str:
        """The story as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.body)

    @property
    def content_hash(self) -> str:
        """A digest of everything that is indexed, to detect changed articles."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (ISO-8601 date with its offset)."""
        return {
            "id": self.id,
            "source_path": self.source_path,
            "title": self.title,
            "outlet": self.outlet,
            "section": self.section,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "date_source": self.date_source,
            "dateline": self.dateline,
            "lead": self.lead,
            "captions": [c.to_dict() for c in self.captions],
            "body": list(self.body),
            "url": self.url,
            "credited_source": self.credited_source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_dict`."""
        published = data.get("published")
        return cls(
            id=data["id"],
            source_path=data["source_path"],
            title=data["title"],
            body=tuple(data.get("body") or ()),
            outlet=data.get("outlet"),
            section=data.get("section"),
            author=data.get("author"),
            published=datetime.fromisoformat(published) if published else None,
            date_source=data.get("date_source"),
            dateline=data.get("dateline"),
            lead=data.get("lead"),
            captions=tuple(Caption(**c) for c in data.get("captions") or ()),
            url=data.get("url"),
            credited_source=data.get("credited_source"),
        )
