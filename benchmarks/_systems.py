"""The comparison systems the benchmarks run searchlib against.

All of them are Whoosh 2.7 with its default BM25F scorer; they differ only in
the analyzer, so every ratio isolates what the analysis pipeline is worth:

- ``whoosh``: plain ``StandardAnalyzer`` (regex tokenizer, lowercase), no
  stemming. This is baseline (a) everywhere. Its default English stop list is
  switched off: it only drops English words and one-letter tokens, which has no
  business on Indonesian text, and without it the figures match the reference
  ones the targets were set against (nDCG@10 0.782 TyDi, 0.841 FacQA).
- ``snowball``: the same chain followed by the Snowball Indonesian stemmer of
  PyStemmer (the Tala-family algorithm that Elasticsearch and Typesense use).
- ``sastrawi``: the same chain followed by an *uncached* Sastrawi ``Stemmer``
  whose ``stem()`` is called on every token: the naive pipeline that the usual
  Indonesian student search engines build.

The stemming filters are module-level classes that build their stemmer lazily
and leave it out of their pickled state, because Whoosh pickles the schema into
the index and neither stemmer object can be pickled.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import Filter, StandardAnalyzer
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.qparser import OrGroup, QueryParser, WildcardPlugin

WHOOSH_SYSTEMS = ("whoosh", "snowball", "sastrawi")


class _LazyStemFilter(Filter):  # type: ignore[misc]
    """A stemming filter that loads its stemmer on first use and pickles empty,
    so a Whoosh schema holding it stays small and loads in any process."""

    is_morph = True

    def __init__(self) -> None:
        self._stem: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._stem = None

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def load(self) -> Any:
        """The word -> stem function."""
        raise NotImplementedError

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        if self._stem is None:
            self._stem = self.load()
        stem = self._stem
        for token in tokens:
            if token.stopped:
                yield token
                continue
            stemmed = stem(token.text)
            # Sastrawi's stem() normalises its input: punctuation alone comes back empty.
            if stemmed:
                token.text = stemmed
                yield token


class SnowballIndonesianFilter(_LazyStemFilter):
    """Stems each token with PyStemmer's Snowball Indonesian algorithm."""

    def load(self) -> Any:
        import Stemmer  # type: ignore[import-not-found]  # PyStemmer (`bench` extra)

        return Stemmer.Stemmer("indonesian").stemWord


class UncachedSastrawiFilter(_LazyStemFilter):
    """Calls ``Sastrawi.Stemmer.Stemmer.stem`` on every token, with no cache.

    ``StemmerFactory.create_stemmer()`` wraps the stemmer in a ``CachedStemmer``;
    the naive pipeline being measured does not, so the plain ``Stemmer`` is built
    from the factory's own dictionary.
    """

    def load(self) -> Any:
        return uncached_sastrawi_stemmer().stem


def uncached_sastrawi_stemmer() -> Any:
    """A Sastrawi ``Stemmer`` over the standard dictionary, without the result cache."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


def analyzer_for(system: str) -> Any:
    """The Whoosh analyzer chain of one comparison system."""
    if system == "whoosh":
        return StandardAnalyzer(stoplist=None)
    if system == "snowball":
        return StandardAnalyzer(stoplist=None) | SnowballIndonesianFilter()
    if system == "sastrawi":
        return StandardAnalyzer(stoplist=None) | UncachedSastrawiFilter()
    raise ValueError(f"unknown system {system!r}; expected one of {WHOOSH_SYSTEMS}")


def passage_schema(system: str) -> Schema:
    """One text field plus the id: the relevance collections are bare passages."""
    return Schema(docid=ID(stored=True, unique=True), body=TEXT(analyzer=analyzer_for(system)))


def article_schema(system: str, filters: bool = True) -> Schema:
    """A plain Whoosh news index: the id and one stored text field (title and
    text, stored for highlights); with `filters`, also the outlet and date that
    the filtered queries of bench_query need.

    Without filters this is the indexing baseline the targets are set
    against: ``StandardAnalyzer``, id + stored body.
    """
    fields = {
        "id": ID(stored=True, unique=True),
        "body": TEXT(analyzer=analyzer_for(system), stored=True),
    }
    if filters:
        fields |= {"outlet": ID(), "published": DATETIME()}
    return Schema(**fields)


def or_parser(schema: Schema, field: str = "body") -> QueryParser:
    """Query parser whose default is an OR of the query's terms.

    ``group=OrGroup`` (the class), not ``OrGroup.factory(...)``: the factory's
    coordination bonus scores 0.0 in some multi-field cases. The wildcard
    plugin is removed because questions end in "?", which Whoosh would read as
    a one-character wildcard on the last word (nDCG@10 on TyDi falls from 0.78
    to 0.61): a parsing accident, not a fair baseline.
    """
    parser = QueryParser(field, schema, group=OrGroup)
    parser.remove_plugin_class(WildcardPlugin)
    return parser


def index_passages(index_dir: Path, system: str, corpus: dict[str, str]) -> None:
    """Build a fresh single-field index of docid -> text."""
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), passage_schema(system))
    writer = ix.writer()
    for docid, text in corpus.items():
        writer.add_document(docid=docid, body=text)
    writer.commit()


def search_passages(
    index_dir: Path,
    queries: dict[str, str],
    limit: int,
    system: str = "whoosh",
    id_field: str = "docid",
) -> dict[str, list[str]]:
    """qid -> ranked ids for every query (BM25F defaults), from a passage index
    (`id_field` "docid") or an article index of :func:`index_articles` ("id").

    The schema comes from code, as searchlib does it: where searchlib has opened
    an index in this process, Whoosh may not unpickle the one stored in the folder.
    """
    schema = passage_schema(system) if id_field == "docid" else article_schema(system)
    ix = whoosh_index.open_dir(str(index_dir), schema=schema)
    parser = or_parser(ix.schema)
    ranked: dict[str, list[str]] = {}
    with ix.searcher() as searcher:
        for qid, question in queries.items():
            query = parser.parse(question)
            ranked[qid] = [hit[id_field] for hit in searcher.search(query, limit=limit)]
    return ranked


def cached_search(
    index_dir: Path,
    queries: dict[str, str],
    limit: int,
    system: str = "whoosh",
    id_field: str = "docid",
) -> tuple[dict[str, list[str]], bool]:
    """:func:`search_passages`, kept beside its index; and whether it came from there.

    A comparison system's index and code do not change while searchlib is
    tuned, so its ranking of a query set is computed once (plain Whoosh
    answers long OR queries at about 20 ms each). The file lives in a folder
    named after the index, which the index cache deletes with a stale index.
    """
    key = hashlib.blake2b(
        json.dumps([queries, limit, system, id_field], sort_keys=True).encode(), digest_size=8
    )
    path = index_dir.parent / f"{index_dir.name}.runs" / f"{key.hexdigest()}.json"
    if path.exists():
        cached: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
        return cached, True
    ranked = search_passages(index_dir, queries, limit, system, id_field)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ranked), encoding="utf-8")
    return ranked, False


def article_title(record: dict[str, Any]) -> str:
    """The title of an IndoSum-style record (its slug, spaced words)."""
    return str(record.get("title") or record.get("title_slug") or "")


def article_date(record: dict[str, Any]) -> datetime | None:
    value = record.get("date_utc")
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=None)


# Whoosh's writer memory for the baselines: its posting buffer spills sorted
# runs to disk beyond this. 256 MB is the baseline the indexing targets name
# (Whoosh's default is 128 MB); one writer in one process.
WHOOSH_LIMIT_MB = 256


def index_articles(
    index_dir: Path, system: str, corpus_path: Path, filters: bool = False
) -> tuple[int, int]:
    """Index an IndoSum-style JSONL corpus (or a relevance collection's
    ``corpus.jsonl``, whose records have a ``docid``) with one comparison system.

    Whoosh's own writer in one process with ``limitmb=WHOOSH_LIMIT_MB``: that
    is what "plain Whoosh" means. `filters` adds the outlet and date fields
    (for bench_query). Returns (articles, UTF-8 bytes of title + text indexed).
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), article_schema(system, filters))
    return _write_corpus(ix, corpus_path, filters)


def add_articles(
    index_dir: Path, system: str, corpus_path: Path, filters: bool = False
) -> tuple[int, int]:
    """Add a corpus's articles to an existing plain Whoosh index (one more
    commit, Whoosh's default merge policy), as a plain Whoosh user would add a
    day's articles. Returns what `index_articles` returns."""
    ix = whoosh_index.open_dir(str(index_dir), schema=article_schema(system, filters))
    return _write_corpus(ix, corpus_path, filters)


def _write_corpus(ix: Any, corpus_path: Path, filters: bool) -> tuple[int, int]:
    writer = ix.writer(limitmb=WHOOSH_LIMIT_MB)
    articles = text_bytes = 0
    with corpus_path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            title, text = article_title(record), record.get("text") or ""
            fields = {
                "id": record["id"] if "id" in record else record["docid"],
                "body": f"{title}\n\n{text}" if title else text,
            }
            if filters:
                fields["outlet"] = (record.get("source") or "").lower()
                fields["published"] = article_date(record)
            writer.add_document(**fields)
            articles += 1
            text_bytes += len(title.encode("utf-8")) + len(text.encode("utf-8"))
    writer.commit()
    return articles, text_bytes
