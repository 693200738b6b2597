"""The one error family searchlib raises.

Every failure a user can cause (a bad file, a malformed query, a missing or
locked index) is a :class:`SearchlibError` whose message is one readable line,
so the command line can print it without a traceback and library users can
catch a single type. Messages say what to do in the library's own terms
(``overwrite=True``), never with command-line options: the command line adds
its own advice where it has a better one (``--rebuild``).
"""

from __future__ import annotations

from pathlib import Path


class SearchlibError(Exception):
    """Base class of every error searchlib raises on purpose."""


class IngestError(SearchlibError):
    """A file or record could not be turned into an article."""


class QueryError(SearchlibError):
    """A query or a search option could not be understood."""


# What a library caller does about an index that cannot be served.
REBUILD_ADVICE = "rebuild it (create it with overwrite=True and add the articles again)"


class IndexStateError(SearchlibError):
    """Base class of problems with the on-disk index.

    The message is `problem`, then `advice` (what to do about it) when there
    is any; `folder` is the index folder concerned, and `rebuild` says that
    rebuilding the index is the fix (the advice is then REBUILD_ADVICE unless
    given). A front end can pair the problem with advice of its own.
    """

    def __init__(
        self,
        problem: str,
        advice: str | None = None,
        *,
        folder: Path | None = None,
        rebuild: bool = False,
    ) -> None:
        if advice is None and rebuild:
            advice = REBUILD_ADVICE
        super().__init__(f"{problem}; {advice}" if advice else problem)
        self.problem = problem
        self.advice = advice
        self.folder = folder
        self.rebuild = rebuild


class IndexNotFoundError(IndexStateError):
    """There is no index at the given path."""


class IndexIncompatibleError(IndexStateError):
    """The folder holds an index of another schema or no searchlib index at all."""


class IndexExistsError(IndexStateError):
    """Creating an index where one (or other files) already is, without leave to overwrite."""


class IndexLockedError(IndexStateError):
    """Another process is writing to the index."""


class ArticleNotFoundError(SearchlibError):
    """No article has the given id."""
