"""Bytes to clean text, without ever losing a page silently.

Scraped archives mix UTF-8 (with and without BOM), UTF-16 from Windows tools
and legacy cp1252/latin-1 files. Each is decoded to NFC text with uniform
spaces and line ends; anything that is not plain UTF-8 is reported as a
warning, and data that is not text at all raises :class:`IngestError`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from searchlib.errors import IngestError
from searchlib.ingest.events import IngestWarning

# File signatures of common binary formats found in scraped folders.
BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b",
    b"\x7fELF", b"BZh", b"\xfd7zXZ", b"Rar!", b"MZ",
)  # fmt: skip

# How much of the file is sampled to decide whether it is text.
BINARY_SAMPLE_BYTES = 64 * 1024
# Text, even a damaged scrape, has at most a handful of control bytes; random
# or compressed data has about 11% (27 of 256 byte values), so 5% separates them.
MAX_CONTROL_BYTE_RATIO = 0.05

_TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\v")
_CONTROL_BYTES = frozenset(range(32)) - _TEXT_CONTROL_BYTES | {127}
_CONTROL_BYTE_STRING = bytes(sorted(_CONTROL_BYTES))

# Spaces that look like spaces but do not split words for a tokenizer.
_ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u3000]")
# Invisible characters scraped pages carry (zero-width space/joiners, BOM).
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
# C0/C1 control characters other than tab and newline.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Surrogate code points standing alone: JSON's "\udc80" escapes (what `json.dumps`
# writes for a scrape decoded with surrogateescape) decode to them, and no UTF-8
# output can carry them. A pair that forms a character never reaches here: the
# JSON decoder joins it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


def looks_binary(data: bytes) -> bool:
    """Whether `data` is a binary format rather than (possibly damaged) text."""
    if data.startswith(BINARY_SIGNATURES):
        return True
    sample = data[:BINARY_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTE_STRING))
    return controls > MAX_CONTROL_BYTE_RATIO * len(sample)


# In UTF-16 text of a Latin-script language nearly every other byte is NUL.
_UTF16_NUL_SHARE = 0.8


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" if `data` looks like BOM-less UTF-16 text, else None."""
    sample = data[:BINARY_SAMPLE_BYTES]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > _UTF16_NUL_SHARE * len(odd) and even.count(0) < len(even) / 10:
        return "utf-16-le"
    if even.count(0) > _UTF16_NUL_SHARE * len(even) and odd.count(0) < len(odd) / 10:
        return "utf-16-be"
    return None


def _decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text and, when it was not UTF-8, the name of the encoding used."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    wide = utf16_without_bom(data)
    if wide is not None:
        return data.decode(wide, errors="replace"), "UTF-16 without BOM"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def normalise_text(text: str) -> str:
    """NFC, plain spaces, no invisible or control characters, ``\\n`` line ends, and
    U+FFFD for a lone surrogate."""
    text = _LONE_SURROGATE.sub(REPLACEMENT_CHARACTER, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _CONTROL_CHARS.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def decode(data: bytes, source_path: str) -> tuple[str, IngestWarning | None]:
    """Decode a file's bytes to clean text.

    Raises IngestError for empty or binary data; returns a warning when the
    text was not UTF-8 or carried control characters that were removed.
    """
    if not data:
        raise IngestError("empty file, skipped")
    is_utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or bool(
        utf16_without_bom(data)
    )
    if not is_utf16 and looks_binary(data):
        raise IngestError("binary file (NUL/control bytes), skipped")
    text, encoding = _decode_bytes(data)
    notes = []
    if encoding is not None:
        notes.append(f"not UTF-8, decoded as {encoding}")
    if _CONTROL_CHARS.search(text.replace("\r", "")):
        notes.append("control characters removed")
    text = normalise_text(text)
    warning = IngestWarning(source_path, "; ".join(notes)) if notes else None
    return text, warning
