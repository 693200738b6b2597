"""The index folder: Whoosh documents and everything searchlib keeps on disk.

:mod:`~searchlib.store.documents` defines the schema and turns an `Article`
into a Whoosh document and back. :mod:`~searchlib.store.folder` creates, opens
and checks an index folder (the schema always comes from code, never from the
folder), :mod:`~searchlib.store.lock` holds its write lock, and
:mod:`~searchlib.store.state` keeps what one run leaves for the next.
"""

from searchlib.store.folder import (
    ACRONYMS_FILE,
    INDEX_NAME,
    METADATA_FILE,
    OVERRIDES_FILE,
    TEMP_DIR,
    create_index,
    index_exists,
    index_lexicon,
    index_size,
    open_index,
    read_metadata,
    reading,
)
from searchlib.store.lock import DEFAULT_LOCK_TIMEOUT, WRITE_LOCK, remove_stale_files, write_lock
from searchlib.store.state import (
    SOURCES_FILE,
    STEM_CACHE_FILE,
    SourceLog,
    load_stem_cache,
    save_stem_cache,
    write_json,
)

__all__ = [
    "ACRONYMS_FILE",
    "DEFAULT_LOCK_TIMEOUT",
    "INDEX_NAME",
    "METADATA_FILE",
    "OVERRIDES_FILE",
    "SOURCES_FILE",
    "STEM_CACHE_FILE",
    "SourceLog",
    "TEMP_DIR",
    "WRITE_LOCK",
    "create_index",
    "index_exists",
    "index_lexicon",
    "index_size",
    "load_stem_cache",
    "open_index",
    "read_metadata",
    "reading",
    "remove_stale_files",
    "save_stem_cache",
    "write_json",
    "write_lock",
]
