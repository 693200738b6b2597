"""Indexing: files and articles in, Whoosh segments out.

Reading and analysis run in worker processes (:mod:`~searchlib.indexing.workers`),
fed with :mod:`~searchlib.indexing.tasks`; the process holding the index's
write lock appends what they prepare and commits it in batches.
"""
