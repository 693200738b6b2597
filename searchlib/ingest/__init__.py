"""Ingestion: raw files and structured records become clean `Article`s."""

from searchlib.ingest.article import Article, Caption

__all__ = ["Article", "Caption"]
