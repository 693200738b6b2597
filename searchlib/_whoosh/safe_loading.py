"""Reading Whoosh's pickles without letting an index folder run code.

Whoosh stores its segment list (in the TOC file), its posting blocks, the
positions inside postings and its stored fields as pickles, and a pickle can
name any importable callable to call while loading. An index folder copied
from elsewhere must not be able to run code, so every pickle Whoosh reads goes
through an unpickler that only resolves the handful of harmless types Whoosh
itself writes; anything else is refused as damage. The TOC is read here
rather than by Whoosh, so the schema pickled in it is skipped unread and only
the latest TOC format is accepted.
"""

from __future__ import annotations

import pickle
from types import SimpleNamespace
from typing import IO, Any

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage

from searchlib._whoosh.buffers import ViewReader
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
    """`pickle.loads` limited to :data:`ALLOWED_GLOBALS`.

    Read through a :class:`ViewReader`, whose `peek` lets the unpickler work on
    the bytes in place (a `BytesIO` costs a call per opcode, three times the load).
    """
    return RestrictedUnpickler(ViewReader(data)).load()


# A stand-in for the `pickle` module in the Whoosh modules that bind the module
# itself (`pickle.loads(...)` at call time): the same API, with loading restricted.
RESTRICTED_PICKLE_MODULE = SimpleNamespace(
    **{name: getattr(pickle, name) for name in dir(pickle) if not name.startswith("__")}
)
RESTRICTED_PICKLE_MODULE.load = restricted_load
RESTRICTED_PICKLE_MODULE.loads = restricted_loads
RESTRICTED_PICKLE_MODULE.Unpickler = RestrictedUnpickler


class RefusedLegacyUnpickler:
    """Takes the place of Whoosh's `RenamingUnpickler`, which imports any name it reads."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise UnsafePickleError("refused to read an index of an old Whoosh format")


# Every place in Whoosh 2.7 (Whoosh-Reloaded 2.7.5) that turns stored bytes into
# objects, found by searching its source for `load`, `pickle` and `marshal`, with
# what is done about it. Module globals are patched because Whoosh looks them up
# at call time; `tests/store/test_safe_pickle.py` plants a payload on each path that an
# index can reach and checks that every loader Whoosh binds is one of these.
#
# - codec.whoosh3 `loads`: posting blocks and inlined postings -> restricted
# - filedb.structfile `load_pickle` (`StructFile.read_pickle`): the TOC segment
#   list, posting block headers, the compound file directory, term index extras,
#   column block headers, spelling graphs -> restricted
# - formats `loads`: posting values (positions, characters, boosts) -> restricted
# - columns `loads`: stored fields -> restricted
# - codec.plaintext `loads`, multiproc and filedb.fileindex `pickle.load`, the
#   compat re-exports: codecs and writers searchlib never uses -> restricted anyway
# - index `pickle.loads`: the TOC's pickled schema when no schema is given
#   (searchlib always gives one) -> restricted
# - legacy `RenamingUnpickler` (TOC format -110, which resolves any name through
#   `util.loading.find_object`) -> the loader table is emptied and the class
#   replaced, so old formats are refused
# - externalsort `marshal.load`: a writer's own sorting runs, in the private
#   scratch folder it creates with a random name; marshal builds no objects
#   that run code
# - codec.whoosh2, filedb.filereading, filedb.pools, filedb.misc: do not import
#   in this Whoosh (they name classes it no longer has), so nothing can reach them


def install_restricted_loaders() -> None:
    """Route every pickle Whoosh can read from an index through the restricted loaders.

    Idempotent; called whenever searchlib creates or opens an index.
    """
    from whoosh import columns, compat, formats, legacy, multiproc
    from whoosh import index as whoosh_index
    from whoosh.codec import plaintext, whoosh3
    from whoosh.filedb import fileindex, structfile

    for module in (whoosh3, columns, formats, plaintext, compat):
        module.loads = restricted_loads
    compat.load = restricted_load
    structfile.load_pickle = restricted_load
    for module in (whoosh_index, multiproc, fileindex, compat):
        module.pickle = RESTRICTED_PICKLE_MODULE
    legacy.toc_loaders.clear()  # the same dict whoosh.index consults
    legacy.RenamingUnpickler = RefusedLegacyUnpickler


# The only TOC format this Whoosh writes; older ones are read by Whoosh's legacy
# loaders, which unpickle freely, so they are refused.
TOC_VERSION = -111


class SafeFileIndex(whoosh_index.FileIndex):  # type: ignore[misc]  # Whoosh is untyped
    """A Whoosh FileIndex that cannot be made to run code by its folder.

    The schema always comes from code (the pickled copy in the TOC is skipped
    unread), and the segment list is unpickled with only Whoosh's own segment
    types allowed. Whoosh's own constructor reads the TOC with `TOC.read`; this
    one reads it with :func:`read_toc`, like every later read.
    """

    def __init__(self, storage: FileStorage, schema: Schema, indexname: str) -> None:
        self.storage = storage
        self._schema = schema
        self.indexname = indexname
        self._read_toc()  # fails here, not at first use, when the TOC is unreadable

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


def latest_toc(whoosh_ix: Any) -> whoosh_index.TOC:
    """The table of contents of an index opened with :class:`SafeFileIndex`, read anew."""
    return whoosh_ix._read_toc()
