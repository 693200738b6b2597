"""Ingestion: raw files and structured records become clean `Article`s.

``ingest(paths)`` discovers files (``.txt`` pages, ``.html``/``.htm`` saved
pages, ``.jsonl``/``.csv`` records), learns which lines repeat across an outlet's pages
(:func:`collect_evidence`), and reads each file with :func:`read_source`,
which worker processes can call too (with the record-line readers, for
JSONL files cut into tasks). Every skipped file or record is an
:class:`IngestFailure` and every doubtful one an :class:`IngestWarning`, so a
batch never stops for one bad input. :func:`parse_page` turns one raw page
into an article and :func:`parse_html` one saved HTML page; :func:`explain_file`
shows what became of each line of a page and where each field came from
(declared metadata or a text rule). Outlets get one canonical name
(:func:`canonical_outlet`; :func:`load_outlet_aliases` adds a user's aliases).
:func:`format_date` shows a date the way outlets print it (WIB, WITA, WIT).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from searchlib.ingest.article import Article, Caption
from searchlib.ingest.decoding import decode
from searchlib.ingest.discovery import (
    CSV_SUFFIXES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    PAGE_SUFFIXES,
    RECORD_SUFFIXES,
    discover,
)
from searchlib.ingest.events import IngestEvent, IngestFailure, IngestWarning, unreadable
from searchlib.ingest.files import NotRegularFileError, open_regular

if TYPE_CHECKING:
    from searchlib.ingest.datelines import split_dateline
    from searchlib.ingest.dates import MONTHS, format_date
    from searchlib.ingest.evidence import BoilerplateEvidence, collect_evidence
    from searchlib.ingest.explanation import (
        ExplainedLine,
        FieldExplanation,
        PageExplanation,
        explain_page,
    )
    from searchlib.ingest.html import parse_html
    from searchlib.ingest.outlets import canonical_outlet, load_outlet_aliases, outlet_spellings
    from searchlib.ingest.page import parse_page
    from searchlib.ingest.profiles import OutletProfile, register_profile
    from searchlib.ingest.record_lines import (
        LineDecoder,
        LineSource,
        Utf8Lines,
        bounded_lines,
        open_records,
        record_file_events,
        record_line_event,
        wider_fallback,
    )
    from searchlib.ingest.records import RecordMapping
    from searchlib.ingest.sources import (
        explain_file,
        explain_source,
        ingest,
        iter_source,
        read_source,
    )

# The page, HTML and record readers load on first use: a search needs only the
# Article type, and importing them (lxml, the page rules) would cost a fresh
# `searchlib search` about a third of its start-up.
_LAZY: dict[str, str] = {
    "split_dateline": "searchlib.ingest.datelines",
    "MONTHS": "searchlib.ingest.dates",
    "format_date": "searchlib.ingest.dates",
    "BoilerplateEvidence": "searchlib.ingest.evidence",
    "collect_evidence": "searchlib.ingest.evidence",
    "ExplainedLine": "searchlib.ingest.explanation",
    "FieldExplanation": "searchlib.ingest.explanation",
    "PageExplanation": "searchlib.ingest.explanation",
    "explain_page": "searchlib.ingest.explanation",
    "parse_html": "searchlib.ingest.html",
    "canonical_outlet": "searchlib.ingest.outlets",
    "load_outlet_aliases": "searchlib.ingest.outlets",
    "outlet_spellings": "searchlib.ingest.outlets",
    "parse_page": "searchlib.ingest.page",
    "OutletProfile": "searchlib.ingest.profiles",
    "register_profile": "searchlib.ingest.profiles",
    "LineDecoder": "searchlib.ingest.record_lines",
    "LineSource": "searchlib.ingest.record_lines",
    "Utf8Lines": "searchlib.ingest.record_lines",
    "bounded_lines": "searchlib.ingest.record_lines",
    "open_records": "searchlib.ingest.record_lines",
    "record_file_events": "searchlib.ingest.record_lines",
    "record_line_event": "searchlib.ingest.record_lines",
    "wider_fallback": "searchlib.ingest.record_lines",
    "RecordMapping": "searchlib.ingest.records",
    "explain_file": "searchlib.ingest.sources",
    "explain_source": "searchlib.ingest.sources",
    "ingest": "searchlib.ingest.sources",
    "iter_source": "searchlib.ingest.sources",
    "read_source": "searchlib.ingest.sources",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "CSV_SUFFIXES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MONTHS",
    "PAGE_SUFFIXES",
    "RECORD_SUFFIXES",
    "Article",
    "BoilerplateEvidence",
    "Caption",
    "ExplainedLine",
    "FieldExplanation",
    "IngestEvent",
    "IngestFailure",
    "IngestWarning",
    "LineDecoder",
    "LineSource",
    "NotRegularFileError",
    "OutletProfile",
    "PageExplanation",
    "RecordMapping",
    "Utf8Lines",
    "bounded_lines",
    "canonical_outlet",
    "collect_evidence",
    "decode",
    "discover",
    "explain_file",
    "explain_page",
    "explain_source",
    "format_date",
    "ingest",
    "iter_source",
    "load_outlet_aliases",
    "open_records",
    "open_regular",
    "outlet_spellings",
    "parse_html",
    "parse_page",
    "read_source",
    "record_file_events",
    "record_line_event",
    "register_profile",
    "split_dateline",
    "unreadable",
    "wider_fallback",
]
