"""Reading Whoosh's pickles without letting an index folder run code.

Whoosh stores its segment list (in the TOC file), its posting blocks and its
stored fields as pickles, and a pickle can name any importable callable to
call while loading. An index folder copied from elsewhere must not be able to
run code, so every pickle Whoosh reads goes through an unpickler that only
resolves the handful of harmless types Whoosh itself writes; anything else is
refused as damage. The TOC is read here rather than by Whoosh, so the schema
pickled in it is skipped unread and only the latest TOC format is accepted.
"""

from __future__ import annotations

import io
import pickle
from typing import IO, Any

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage

from searchlib.errors import IndexIncompatibleError

# Everything a Whoosh 2.7 index written by searchlib pickles: the segment list
# (W3Segment holding its W3Codec, a defaultdict of field lengths and an optional
# set of deleted documents), protocol-2 bytes (`_codecs.encode`, and `bytes`
# for empty ones, spelt `__builtin__` by protocol 2), posting ids and weights
# (`array`), and stored field values (strings, numbers, dates).
ALLOWED_GLOBALS = frozenset(
    {
        ("whoosh.codec.whoosh3", "W3Segment"),
        ("whoosh.codec.whoosh3", "W3Codec"),
        ("collections", "defaultdict"),
        ("_codecs", "encode"),
        ("array", "array"),
        ("array", "_array_reconstructor"),
        ("builtins", "int"),
        ("builtins", "float"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("builtins", "bytearray"),
        ("__builtin__", "bytes"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
    }
)


class UnsafePickleError(pickle.UnpicklingError):
    """A pickle in an index folder names something other than Whoosh's own data types."""


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that resolves only :data:`ALLOWED_GLOBALS`."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED_GLOBALS:
            raise UnsafePickleError(f"refused to load {module}.{name} from the index")
        return super().find_class(module, name)


def restricted_load(stream: IO[bytes]) -> Any:
    """`pickle.load` limited to :data:`ALLOWED_GLOBALS`."""
    return RestrictedUnpickler(stream).load()


def restricted_loads(data: bytes | bytearray | memoryview) -> Any:
    """`pickle.loads` limited to :data:`ALLOWED_GLOBALS`."""
    return RestrictedUnpickler(io.BytesIO(data)).load()


def install_restricted_loaders() -> None:
    """Route every pickle Whoosh reads from an index through the restricted loaders.

    Whoosh binds `loads`/`load` as module globals in the modules that read
    posting blocks (codec.whoosh3), stored fields (columns) and block headers
    (filedb.structfile); the TOC is read by :func:`read_toc`. Idempotent.
    """
    from whoosh import columns
    from whoosh.codec import whoosh3
    from whoosh.filedb import structfile

    whoosh3.loads = restricted_loads
    columns.loads = restricted_loads
    structfile.load_pickle = restricted_load


# The only TOC format this Whoosh writes; older ones are read by Whoosh's legacy
# loaders, which unpickle freely, so they are refused.
TOC_VERSION = -111


class SafeFileIndex(whoosh_index.FileIndex):  # type: ignore[misc]  # Whoosh is untyped
    """A Whoosh FileIndex that cannot be made to run code by its folder.

    The schema always comes from code (the pickled copy in the TOC is skipped
    unread), and the segment list is unpickled with only Whoosh's own segment
    types allowed.
    """

    def _read_toc(self) -> whoosh_index.TOC:
        return read_toc(self.storage, self._schema, self.indexname)


def read_toc(storage: FileStorage, schema: Schema, indexname: str) -> whoosh_index.TOC:
    """The latest TOC of the index in `storage`, read without unpickling code."""
    generation = whoosh_index.TOC._latest_generation(storage, indexname)
    if generation < 0:
        raise whoosh_index.EmptyIndexError(f"no Whoosh index in {storage.folder}")
    stream = storage.open_file(whoosh_index.TOC._filename(indexname, generation))
    try:
        for _size_name in ("int", "long", "float"):
            stream.read_varint()
        if stream.read_int() != -12345:
            raise IndexIncompatibleError("the index was written with another byte order")
        version = stream.read_int()
        release = (stream.read_varint(), stream.read_varint(), stream.read_varint())
        if version != TOC_VERSION:
            raise IndexIncompatibleError(f"unsupported Whoosh index format {version}")
        stream.skip_string()  # the pickled schema: never loaded
        if stream.read_int() != generation:
            raise IndexIncompatibleError("the index table of contents is inconsistent")
        stream.read_int()
        segments = restricted_load(stream.file)
    finally:
        stream.close()
    return whoosh_index.TOC(schema, segments, generation, version=version, release=release)
