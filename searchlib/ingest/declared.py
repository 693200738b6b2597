"""What a saved page declares about itself: JSON-LD, Open Graph and meta tags.

Most news pages state their headline, author, publication time, publisher
and address for search engines and social sites (schema.org ``NewsArticle``
in JSON-LD, ``og:*`` and ``article:*`` meta tags, ``<time datetime>``,
``<link rel=canonical>``). These are read first; each value keeps the name of
the declaration it came from, so ``parse --explain`` can say why a field
holds what it holds. Declarations can be wrong (an outlet named as author,
a site suffix on the title), so the page reader weighs them against the
visible text rather than taking them blindly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlparse

# lxml's element class, under the name lxml documents it by (the leading
# underscore is lxml's, not a private API).
from lxml.etree import _Element as Element

from searchlib.ingest.dates import DEFAULT_OFFSET_HOURS, parse_date
from searchlib.ingest.decoding import normalise_text

# schema.org types of a news story (and the generic ones pages use for it).
ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting",
    "socialmediaposting", "report", "scholarlyarticle", "techarticle",
})  # fmt: skip
# Generic page types that sometimes carry the headline and date alone.
PAGE_TYPES = frozenset({"webpage", "itempage", "mediaobject", "imageobject", "videoobject"})
# A JSON-LD block larger than this is not metadata (some pages inline whole
# data stores in script tags); it is skipped rather than parsed.
MAX_JSON_LD_CHARS = 512 * 1024
# Objects visited per JSON-LD block: bounds the walk over hostile nesting.
MAX_JSON_LD_NODES = 2_000
# Meta tags naming the publication time, most specific first.
DATE_META = (
    "article:published_time", "datepublished", "og:published_time", "publishdate",
    "publish_date", "pubdate", "publish-date", "dc.date.issued", "dc.date", "date",
    "content_publisheddate", "sailthru.date", "parsely-pub-date", "dtk:publishdate",
)  # fmt: skip
AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "byl", "content_author")
SECTION_META = ("article:section", "content_category", "parsely-section", "section")


@dataclass(frozen=True)
class Declared:
    """Values a page declares, each as (value, where it was declared)."""

    headline: tuple[tuple[str, str], ...] = ()
    authors: tuple[tuple[str, str], ...] = ()
    published: tuple[tuple[datetime, str], ...] = ()
    site_name: tuple[tuple[str, str], ...] = ()
    url: str | None = None
    section: tuple[tuple[str, str], ...] = ()
    title_tag: str | None = None
    is_article: bool = False
    types: frozenset[str] = field(default_factory=frozenset)

    @property
    def domain(self) -> str | None:
        """The host of the page's canonical address, without "www."."""
        if not self.url:
            return None
        try:
            host = urlparse(self.url).hostname
        except ValueError:
            return None
        if not host or "." not in host:
            return None
        return host.removeprefix("www.")


def _meta_key(element: Element) -> str:
    for attribute in ("property", "name", "itemprop"):
        value = element.get(attribute)
        if isinstance(value, str) and value:
            return value.strip().casefold()
    return ""


def _clean(value: object) -> str:
    """A declared value as article text: a JSON-LD string may escape a lone
    surrogate ("\\udc80"), which becomes U+FFFD like any other text's."""
    return " ".join(normalise_text(str(value)).split()) if value is not None else ""


def read_declared(root: Element) -> Declared:
    """Everything the document declares about itself."""
    meta: dict[str, list[str]] = {}
    for element in root.iter("meta"):
        key, content = _meta_key(element), _clean(element.get("content"))
        if key and content:
            meta.setdefault(key, []).append(content)
    headline: list[tuple[str, str]] = []
    authors: list[tuple[str, str]] = []
    published: list[tuple[datetime, str]] = []
    site: list[tuple[str, str]] = []
    section: list[tuple[str, str]] = []
    url: str | None = None
    types: set[str] = set()
    is_article = False

    for item in _json_ld_objects(root):
        kinds = _types(item)
        types |= kinds
        article = bool(kinds & ARTICLE_TYPES)
        if not article and not kinds & PAGE_TYPES:
            continue
        is_article = is_article or article
        where = "JSON-LD " + _type_name(item, kinds & ARTICLE_TYPES if article else kinds)
        weight_first = article
        for name in ("headline", "name"):
            value = _clean(item.get(name)) if isinstance(item.get(name), str) else ""
            if value:
                _add(headline, (value, f"{where} {name}"), first=weight_first)
                break
        for name in _author_names(item.get("author")):
            _add(authors, (name, f"{where} author"), first=weight_first)
        for key in ("datePublished", "dateCreated"):
            moment = _moment(item.get(key))
            if moment is not None:
                _add(published, (moment, f"{where} {key}"), first=weight_first)
                break
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            site.append((_clean(publisher["name"]), f"{where} publisher"))
        if isinstance(item.get("articleSection"), str):
            section.append((_clean(item["articleSection"]), f"{where} articleSection"))
        if url is None and isinstance(item.get("url"), str):
            url = _clean(item["url"])

    for key in ("og:title", "twitter:title", "title"):
        for value in meta.get(key, ()):
            headline.append((value, f"meta {key}"))
    for key in AUTHOR_META:
        for value in meta.get(key, ()):
            if "://" not in value:
                authors.append((value, f"meta {key}"))
    for key in DATE_META:
        for value in meta.get(key, ()):
            moment = _moment(value)
            if moment is not None:
                published.append((moment, f"meta {key}"))
    published.extend(_time_elements(root))
    # The site name comes first: it names a network's channel ("detikTravel")
    # where the publisher names the network ("detikcom").
    site[:0] = [(value, "meta og:site_name") for value in meta.get("og:site_name", ())]
    for key in ("application-name", "twitter:site"):
        for value in meta.get(key, ()):
            site.append((value.lstrip("@"), f"meta {key}"))
    for key in SECTION_META:
        for value in meta.get(key, ()):
            section.append((value, f"meta {key}"))
    url = url or _canonical(root) or next(iter(meta.get("og:url", ())), None)
    if "article" in meta.get("og:type", ()):
        is_article = True
    title = root.find(".//title")
    title_text = _clean("".join(title.itertext())) if title is not None else ""
    return Declared(
        headline=tuple(headline),
        authors=tuple(authors),
        published=tuple(published),
        site_name=tuple(site),
        url=url,
        section=tuple(section),
        title_tag=title_text or None,
        is_article=is_article,
        types=frozenset(types),
    )


def _add(values: list[Any], value: Any, *, first: bool) -> None:
    if first:
        values.insert(0, value)
    else:
        values.append(value)


def _canonical(root: Element) -> str | None:
    for link in root.iter("link"):
        if (link.get("rel") or "").strip().casefold() == "canonical":
            href = (link.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href
    return None


def _time_elements(root: Element) -> Iterator[tuple[datetime, str]]:
    """``<time datetime=...>`` values marked as the publication time, or the first one."""
    first: tuple[datetime, str] | None = None
    for element in root.iter("time"):
        moment = _moment(element.get("datetime") or "".join(element.itertext()))
        if moment is None:
            continue
        marked = "datepublished" in (element.get("itemprop") or "").casefold() or "pubdate" in {
            a.casefold() for a in element.attrib
        }
        if marked:
            yield moment, "<time> datePublished"
            return
        if first is None:
            first = (moment, "<time>")
    if first is not None:
        yield first


def _json_ld_objects(root: Element) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").casefold():
            continue
        raw = script.text or ""
        if len(raw) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        yield from _objects(data)


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD block, including those in lists and ``@graph``."""
    pending = [data]
    seen = 0
    while pending and seen < MAX_JSON_LD_NODES:
        node = pending.pop(0)
        seen += 1
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            yield node
            graph = node.get("@graph")
            if isinstance(graph, list):
                pending.extend(graph)


def _type_name(item: dict[str, Any], wanted: set[str]) -> str:
    """The object's type as the page spells it ("NewsArticle")."""
    kind = item.get("@type")
    for name in kind if isinstance(kind, list) else [kind]:
        if isinstance(name, str) and name.casefold() in wanted:
            return _clean(name)[:40]
    return "object"


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.casefold() for k in kinds if isinstance(k, str)}


def _author_names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = []
    for entry in values[:10]:
        if isinstance(entry, dict):
            entry = entry.get("name")
        if isinstance(entry, str) and _clean(entry) and "://" not in entry:
            names.append(_clean(entry))
    return names


# "2022-12-10T13:19:56+07:00", "2017-02-17 13:30:08", "2022/12/10 13:19:56",
# "2022-12-10T13-16-34Z" (a dash-separated time some sites print).
_ISO_LIKE = re.compile(
    r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:[T\s](?P<hh>\d{1,2})[:\-.](?P<mm>\d{2})(?:[:\-.](?P<ss>\d{2})(?:\.\d{1,9})?)?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)


def _moment(value: object) -> datetime | None:
    """A declared time, timezone-aware (no zone: the outlet's own, WIB)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 60:
        return None
    match = _ISO_LIKE.match(text)
    if match is None:
        return parse_date(text)
    zone = _zone(match["zone"])
    try:
        return datetime(
            int(match["y"]), int(match["m"]), int(match["d"]),
            int(match["hh"] or 0), int(match["mm"] or 0), int(match["ss"] or 0),
            tzinfo=zone,
        )  # fmt: skip
    except ValueError:
        return None


def _zone(text: str | None) -> timezone:
    if not text:
        return timezone(timedelta(hours=DEFAULT_OFFSET_HOURS))
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def has_time(moment: datetime, source: str) -> bool:
    """Whether a declared value carries a time of day (not just a date)."""
    return bool(moment.hour or moment.minute or moment.second) or "time" in source
