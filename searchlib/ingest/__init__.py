"""Ingestion: raw files and structured records become clean `Article`s.

``ingest(paths)`` discovers files (``.txt`` pages, ``.jsonl``/``.csv``
records), learns which lines repeat across an outlet's pages
(:func:`collect_evidence`), and reads each file with :func:`read_source`,
which worker processes can call too (with the record-line readers, for
JSONL files cut into tasks). Every skipped file or record is an
:class:`IngestFailure` and every doubtful one an :class:`IngestWarning`, so a
batch never stops for one bad input. :func:`parse_page` turns one raw page
into an article; :func:`explain_page` shows what became of each of its lines.
"""

from searchlib.ingest.article import Article, Caption
from searchlib.ingest.datelines import split_dateline
from searchlib.ingest.dates import MONTHS
from searchlib.ingest.decoding import decode
from searchlib.ingest.discovery import (
    CSV_SUFFIXES,
    JSONL_SUFFIXES,
    PAGE_SUFFIXES,
    RECORD_SUFFIXES,
    discover,
)
from searchlib.ingest.events import IngestEvent, IngestFailure, IngestWarning, unreadable
from searchlib.ingest.evidence import BoilerplateEvidence, collect_evidence
from searchlib.ingest.files import NotRegularFileError, open_regular
from searchlib.ingest.page import ExplainedLine, explain_page, parse_page
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
from searchlib.ingest.sources import explain_source, ingest, iter_source, read_source

__all__ = [
    "CSV_SUFFIXES",
    "JSONL_SUFFIXES",
    "MONTHS",
    "PAGE_SUFFIXES",
    "RECORD_SUFFIXES",
    "Article",
    "BoilerplateEvidence",
    "Caption",
    "ExplainedLine",
    "IngestEvent",
    "IngestFailure",
    "IngestWarning",
    "LineDecoder",
    "LineSource",
    "NotRegularFileError",
    "OutletProfile",
    "Utf8Lines",
    "RecordMapping",
    "bounded_lines",
    "collect_evidence",
    "decode",
    "discover",
    "explain_page",
    "explain_source",
    "ingest",
    "iter_source",
    "open_records",
    "open_regular",
    "parse_page",
    "read_source",
    "record_file_events",
    "record_line_event",
    "register_profile",
    "split_dateline",
    "unreadable",
    "wider_fallback",
]
