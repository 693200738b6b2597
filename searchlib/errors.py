"""The one error family searchlib raises.

Every failure a user can cause (a bad file, a malformed query, a missing or
locked index) is a :class:`SearchlibError` whose message is one readable line,
so the command line can print it without a traceback and library users can
catch a single type.
"""

from __future__ import annotations


class SearchlibError(Exception):
    """Base class of every error searchlib raises on purpose."""


class IngestError(SearchlibError):
    """A file or record could not be turned into an article."""


class QueryError(SearchlibError):
    """A query or a search option could not be understood."""


class IndexStateError(SearchlibError):
    """Base class of problems with the on-disk index."""


class IndexNotFoundError(IndexStateError):
    """There is no index at the given path."""


class IndexIncompatibleError(IndexStateError):
    """The folder holds an index of another schema or no searchlib index at all."""


class IndexLockedError(IndexStateError):
    """Another process is writing to the index."""


class ArticleNotFoundError(SearchlibError):
    """No article has the given id."""
