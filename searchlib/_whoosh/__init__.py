"""Every use of Whoosh's private API, in one marked place.

Whoosh 2.7 has no public hooks for what searchlib needs to be fast and safe
(posting lists written with inlining that works, segments merged a block at
a time, documents analysed in worker processes, filter sets read a block at
a time, pickles loaded without running code), so these modules reach into
its internals. Nothing outside this package touches a private Whoosh name
(a test checks); README.md lists each one with the Whoosh version it was
checked against, which is the list to go through when upgrading Whoosh.

Only the index folder (`searchlib.store`), indexing and search import from
here (an import-linter contract checks).
"""
