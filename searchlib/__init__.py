"""searchlib: full-text search for Indonesian news."""

from searchlib.errors import SearchlibError
from searchlib.ingest.article import Article, Caption

__version__ = "0.1.0"

__all__ = ["Article", "Caption", "SearchlibError", "__version__"]
