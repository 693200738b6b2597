"""Ingestion: raw files and structured records become clean `Article`s.

``ingest(paths)`` discovers files (``.txt`` pages, ``.jsonl``/``.csv``
records), learns which lines repeat across an outlet's pages
(:func:`collect_evidence`), and reads each file with :func:`read_source`,
which worker processes can call too. Every skipped file or record is an
:class:`IngestFailure` and every doubtful one an :class:`IngestWarning`, so a
batch never stops for one bad input. :func:`parse_page` turns one raw page
into an article; :func:`explain_page` shows what became of each of its lines.
"""

from searchlib.ingest.article import Article, Caption
from searchlib.ingest.datelines import split_dateline
from searchlib.ingest.decoding import decode
from searchlib.ingest.events import IngestEvent, IngestFailure, IngestWarning
from searchlib.ingest.evidence import BoilerplateEvidence, collect_evidence
from searchlib.ingest.page import ExplainedLine, explain_page, parse_page
from searchlib.ingest.profiles import OutletProfile, register_profile
from searchlib.ingest.records import RecordMapping
from searchlib.ingest.sources import discover, explain_source, ingest, iter_source, read_source

__all__ = [
    "Article",
    "BoilerplateEvidence",
    "Caption",
    "ExplainedLine",
    "IngestEvent",
    "IngestFailure",
    "IngestWarning",
    "OutletProfile",
    "RecordMapping",
    "collect_evidence",
    "decode",
    "discover",
    "explain_page",
    "explain_source",
    "ingest",
    "iter_source",
    "parse_page",
    "read_source",
    "register_profile",
    "split_dateline",
]
