"""The index folder: Whoosh documents and everything searchlib keeps on disk.

:mod:`~searchlib.store.documents` defines the schema and turns an `Article`
into a Whoosh document and back. :mod:`~searchlib.store.folder` creates, opens
and checks an index folder (the schema always comes from code, never from the
folder); :mod:`~searchlib.store.layout` tells the index's files from a user's;
:mod:`~searchlib.store.lock` holds the write lock and cleans up after a killed
writer; :mod:`~searchlib.store.state` keeps what one run leaves for the next;
:mod:`~searchlib.store.damage` turns Whoosh's failures on a damaged folder
into one clear error.
"""

from searchlib.store.damage import reading
from searchlib.store.folder import (
    create_index,
    index_exists,
    index_lexicon,
    index_size,
    open_index,
    read_metadata,
)
from searchlib.store.layout import (
    ACRONYMS_FILE,
    INDEX_NAME,
    METADATA_FILE,
    OVERRIDES_FILE,
    SOURCES_FILE,
    STEM_CACHE_FILE,
    TEMP_DIR,
    WRITE_LOCK,
    foreign_files,
    index_files,
)
from searchlib.store.lock import DEFAULT_LOCK_TIMEOUT, remove_stale_files, write_lock
from searchlib.store.state import (
    SourceLog,
    load_stem_cache,
    read_side_file,
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
    "TEMP_DIR",
    "WRITE_LOCK",
    "SourceLog",
    "create_index",
    "foreign_files",
    "index_exists",
    "index_files",
    "index_lexicon",
    "index_size",
    "load_stem_cache",
    "open_index",
    "read_metadata",
    "read_side_file",
    "reading",
    "remove_stale_files",
    "save_stem_cache",
    "write_json",
    "write_lock",
]
