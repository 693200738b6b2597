"""Ingestion: raw files and structured records become clean `Article`s."""

from searchlib.ingest.article import Article, Caption
from searchlib.ingest.decoding import decode
from searchlib.ingest.events import IngestEvent, IngestFailure, IngestWarning
from searchlib.ingest.evidence import BoilerplateEvidence, collect_evidence
from searchlib.ingest.page import ExplainedLine, explain_page, parse_page
from searchlib.ingest.profiles import OutletProfile, register_profile
from searchlib.ingest.records import RecordMapping
from searchlib.ingest.sources import discover, ingest, iter_source, read_source

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
    "ingest",
    "iter_source",
    "parse_page",
    "read_source",
    "register_profile",
]
