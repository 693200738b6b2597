"""Indexing: files and articles in, Whoosh segments out.

:mod:`~searchlib.indexing.run` is a run from start to end (add paths, add
articles, remove, optimize), holding the index's write lock throughout.
:mod:`~searchlib.indexing.plan` compares the input with what the index holds
and cuts it into :mod:`~searchlib.indexing.tasks`, which worker processes
read and analyse (:mod:`~searchlib.indexing.workers`); the writing process
appends what they prepare and commits it in batches
(:mod:`~searchlib.indexing.batches`).
"""

from searchlib.indexing.batches import COMMIT_BATCH, ProgressCallback
from searchlib.indexing.plan import indexed_articles
from searchlib.indexing.run import index_paths, optimize_index, remove_articles, write_articles
from searchlib.indexing.workers import default_jobs

__all__ = [
    "COMMIT_BATCH",
    "ProgressCallback",
    "default_jobs",
    "index_paths",
    "indexed_articles",
    "optimize_index",
    "remove_articles",
    "write_articles",
]
