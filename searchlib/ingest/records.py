"""Structured corpora (JSONL, CSV) become articles through a field mapping.

Users often already hold a corpus as records. The default mapping knows the
usual field names (``id, title, text/body/content, date/published/date_utc,
source/outlet, url, author``) so that, for instance, the IndoSum articles
index with no options; a :class:`RecordMapping` names other fields.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlparse

from searchlib.errors import IngestError
from searchlib.ingest import rules, shapes
from searchlib.ingest.article import Article, DateSource
from searchlib.ingest.datelines import split_dateline
from searchlib.ingest.dates import DEFAULT_OFFSET_HOURS, parse_date
from searchlib.ingest.decoding import normalise_text
from searchlib.ingest.html import read_html_article
from searchlib.ingest.non_articles import not_an_article
from searchlib.ingest.outlets import known_outlet, outlet_key, resolve_outlet


@dataclass(frozen=True)
class RecordMapping:
    """Which record fields hold which article fields (first present one wins)."""

    id: tuple[str, ...] = ("id", "article_id", "doc_id", "docid", "guid")
    title: tuple[str, ...] = ("title", "headline", "judul")
    title_slug: tuple[str, ...] = ("title_slug", "slug")
    body: tuple[str, ...] = ("text", "body", "content", "isi", "article", "artikel")
    published: tuple[str, ...] = (
        "published", "date", "date_utc", "datetime", "published_at", "pubdate", "tanggal",
    )  # fmt: skip
    outlet: tuple[str, ...] = ("source", "outlet", "media", "publisher", "site")
    url: tuple[str, ...] = ("url", "link", "permalink")
    author: tuple[str, ...] = ("author", "penulis", "reporter", "byline")
    section: tuple[str, ...] = ("category", "section", "kanal", "rubrik")
    # A saved page's markup, read like an .html file when the record has no text.
    html: tuple[str, ...] = ("html", "raw_html", "page_html", "content_html")
    # Field names whose naive timestamps are UTC (others are read as WIB).
    utc_fields: tuple[str, ...] = ("date_utc", "published_utc", "timestamp_utc")


DEFAULT_MAPPING = RecordMapping()

# Words kept lower-case when a title is rebuilt from a URL slug, so that
# "ketua-mpr-dan-dpr" reads "Ketua Mpr dan Dpr" like a headline.
SLUG_SMALL_WORDS = shapes.TITLE_SMALL_WORDS


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    lowered = {str(k).casefold(): k for k in record}
    for name in names:
        key = lowered.get(name.casefold())
        if key is not None and record[key] not in (None, ""):
            return name, record[key]
    return None


def _text(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    found = _first(record, names)
    if found is None:
        return None
    value = found[1]
    if isinstance(value, list):
        value = "\n\n".join(str(v) for v in value)
    # JSON escapes (\u0000, \u001b) reach here decoded: clean them as page text is cleaned.
    text = normalise_text(str(value)).strip()
    return text or None


def body_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of a record's text, without generic boilerplate lines."""
    text = text.replace("\r\n", "\n")
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    paragraphs = (" ".join(block.split()) for block in blocks)
    return tuple(p for p in paragraphs if p and not _is_furniture(p))


# Furniture inside a record's text ("Baca juga: ...", "(ant)") is one short
# line; longer paragraphs are story and skip the rules.
MAX_FURNITURE_CHARS = 300


def _is_furniture(paragraph: str) -> bool:
    return len(paragraph) <= MAX_FURNITURE_CHARS and rules.generic_reason(paragraph) is not None


# Slug tokens of this many digits are ids ("178337-judul-berita"), shorter
# ones are part of the headline ("5-hal", "rp-10-miliar", "piala-dunia-2018").
MIN_ID_DIGITS = 5
# Letter-digit tokens this long are hashes ("1fj54cl8u7lvh1l0x991yoi109").
MIN_HASH_CHARS = 12
_SLUG_SEPARATORS = re.compile(r"[-_+.\s]+")


def _is_slug_noise(token: str) -> bool:
    if token.isdigit():
        return len(token) >= MIN_ID_DIGITS
    mixed = any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
    return mixed and len(token) >= MIN_HASH_CHARS


def _spellings(words: list[str], text: str) -> dict[str, str]:
    """How the text mostly writes those of `words` whose usual form is an
    acronym or brand ("TNI", "AS", "iPhone"), keyed by their lower-case form.
    A word the text mostly writes plainly ("Bekasi", once as "BEKASI" in a
    dateline) is left out."""
    wanted = {w.lower() for w in words}
    forms: dict[str, Counter[str]] = {}
    for token in re.findall(r"[^\W_]+", text):
        lower = token.lower()
        if lower in wanted:
            forms.setdefault(lower, Counter())[token] += 1
    spellings = {}
    for lower, counts in forms.items():
        form = counts.most_common(1)[0][0]
        if form[1:] != form[1:].lower():
            spellings[lower] = form
    return spellings


def slug_title(slug: str, text: str = "") -> str | None:
    """A readable title from a slug: "ketua-mpr-mustahil" -> "Ketua MPR Mustahil".

    Words keep the spelling the article's own `text` gives them when that is
    an acronym or brand form ("MPR", "AS", "iPhone"); other words are
    capitalised except short function words.
    """
    words = [w for w in _SLUG_SEPARATORS.split(slug) if w and not _is_slug_noise(w)]
    if not words:
        return None
    spellings = _spellings(words, text)
    titled = []
    for i, word in enumerate(words):
        lower = word.lower()
        if lower in spellings:
            titled.append(spellings[lower])
        elif i and lower in SLUG_SMALL_WORDS:
            titled.append(lower)
        else:
            titled.append(lower[:1].upper() + lower[1:])
    return " ".join(titled)


def url_slug(url: str) -> str | None:
    """The last path segment of `url` that reads as words (not an id or file name)."""
    try:
        path = urlparse(url).path
    except ValueError:
        return None
    for segment in reversed([s for s in path.split("/") if s]):
        segment = re.sub(r"\.(?:html?|php|aspx?)$", "", segment, flags=re.IGNORECASE)
        words = [w for w in _SLUG_SEPARATORS.split(segment) if w.isalpha()]
        if len(words) >= 2:
            return segment
    return None


def record_title(record: Mapping[str, Any], mapping: RecordMapping, body: tuple[str, ...]) -> str:
    """The record's own title, else one from its URL slug or its slug field, else "".

    A record naming nothing gets no title: its opening words are shown in
    its place (`Article.display_title`) but not indexed as a headline.
    """
    own = _text(record, mapping.title)
    if own:
        return " ".join(own.split())
    text = "\n".join(body)
    url = _text(record, mapping.url)
    slug = url_slug(url) if url else None
    title = slug_title(slug, text) if slug else None
    if title is None:
        slug_field = _text(record, mapping.title_slug)
        title = slug_title(slug_field, text) if slug_field else None
    return title or ""


def record_date(record: Mapping[str, Any], mapping: RecordMapping) -> datetime | None:
    """The record's publication date, timezone-aware (naive values read as WIB or UTC)."""
    found = _first(record, mapping.published)
    if found is None:
        return None
    name, value = found
    is_utc = name in mapping.utc_fields
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(text)
    if parsed.tzinfo is None:
        zone = UTC if is_utc else timezone(timedelta(hours=DEFAULT_OFFSET_HOURS))
        parsed = parsed.replace(tzinfo=zone)
    return parsed


def content_id(record: Mapping[str, Any]) -> str:
    """A stable id for a record without one: a digest of its content."""
    payload = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    # "surrogatepass": a lone surrogate in any field must not stop the record.
    return hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


def record_to_article(
    record: Any, *, source_path: str, mapping: RecordMapping = DEFAULT_MAPPING
) -> Article:
    """One record -> Article; IngestError (one line) if it has no text.

    The record's text gets the page rules' opening: a dateline or credit
    ("Jakarta, CNN Indonesia --", "Suara.com -") moves to `dateline` and
    `outlet` and out of the body. A record with markup (an ``html`` field)
    and no text is read as a saved page, its own fields winning.
    """
    if not isinstance(record, Mapping):
        raise IngestError(f"record is a JSON {type(record).__name__}, not an object, skipped")
    text = _text(record, mapping.body)
    if text is None:
        html = _raw(record, mapping.html)
        if html is not None:
            return _html_record(record, html, source_path, mapping)
        raise IngestError(f"record has no text (looked for {', '.join(mapping.body)}), skipped")
    body = body_paragraphs(text)
    if not body:
        raise IngestError("record text is only boilerplate or whitespace, skipped")
    own_outlet = _text(record, mapping.outlet)
    opening = split_dateline(body[0])
    tag_is_outlet = opening.outlet_tag is not None or (
        opening.city is not None and _names_outlet(opening.city, own_outlet)
    )
    dateline = None if opening.city and _names_outlet(opening.city, own_outlet) else opening.city
    if (dateline or tag_is_outlet) and opening.rest.strip():
        body = (opening.rest, *body[1:])
    outlet = resolve_outlet(own_outlet or opening.outlet_tag)
    section = _text(record, mapping.section) or (outlet.channel if outlet else None)
    own_id = _text(record, mapping.id)
    published = record_date(record, mapping)
    date_source: DateSource | None = "record" if published else None
    return Article(
        id=" ".join(own_id.split()) if own_id else content_id(record),
        source_path=source_path,
        title=record_title(record, mapping, body),
        body=body,
        outlet=outlet.name if outlet else None,
        section=section,
        author=_text(record, mapping.author),
        published=published,
        date_source=date_source,
        dateline=dateline,
        url=_text(record, mapping.url),
    )


def _names_outlet(part: str, outlet: str | None) -> bool:
    """Whether a dateline's "city" is the record's own outlet ("Rimanews -")."""
    if not outlet:
        return known_outlet(part) is not None
    return outlet_key(part) == outlet_key(outlet) or (
        known_outlet(part) is not None and known_outlet(part) == known_outlet(outlet)
    )


def _raw(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    found = _first(record, names)
    if found is None or not isinstance(found[1], str) or not found[1].strip():
        return None
    return normalise_text(found[1])


def _html_record(
    record: Mapping[str, Any], html: str, source_path: str, mapping: RecordMapping
) -> Article:
    """A record holding a saved page: the page read as HTML, the record's fields first."""
    own_id = _text(record, mapping.id)
    article_id = " ".join(own_id.split()) if own_id else content_id(record)
    result = read_html_article(html, source_path=source_path, article_id=article_id)
    if not_an_article(result) is not None:
        raise IngestError("no article found in the record's html, skipped")
    article = result.article
    published = record_date(record, mapping)
    outlet = resolve_outlet(_text(record, mapping.outlet))
    return replace(
        article,
        title=_text(record, mapping.title) or article.title,
        outlet=outlet.name if outlet else article.outlet,
        section=_text(record, mapping.section) or article.section,
        author=_text(record, mapping.author) or article.author,
        published=published or article.published,
        date_source="record" if published else article.date_source,
        url=_text(record, mapping.url) or article.url,
    )
