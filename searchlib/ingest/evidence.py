"""Corpus evidence: the third boilerplate layer.

When a folder of pages is ingested, a line that repeats verbatim across many
pages of the same outlet is page furniture (a menu, a footer, a promo box),
whatever it says: stories do not repeat. Lines are kept as short digests and
the pages sampled per outlet are capped, so memory stays bounded on any
corpus size. The result is a small picklable value that worker processes
receive with each file.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from searchlib.ingest.files import read_page_text
from searchlib.ingest.profiles import recognise_outlet

# Pages sampled per outlet: enough to see every template line many times,
# small enough to keep the scan quick and its memory flat (at ~300 distinct
# lines per page this is ~150k digests per outlet at most).
MAX_PAGES_PER_OUTLET = 500
# A line must appear on at least this many pages of an outlet...
MIN_REPEAT_PAGES = 3
# ...and on at least this share of the outlet's sampled pages. 5% catches
# sidebars that rotate ("Terpopuler" lists) while a sentence quoted in two
# or three stories of a large folder stays below it.
MIN_REPEAT_SHARE = 0.05
# Digest size: 8 bytes keeps collisions negligible for millions of lines.
DIGEST_BYTES = 8
# Outlet key for pages whose outlet is not recognised.
UNKNOWN_OUTLET = ""


# A site no profile knows still names its own domain in its menus, datelines
# and footer more often than any other; pages are grouped by it.
# A DNS label is at most 63 characters: the bound keeps the scan linear on a long
# hyphenated run ("A-A-A-...", 32 KB took 3 s with an unbounded label).
_DOMAIN_NAME = re.compile(r"\b[a-z0-9][a-z0-9-]{0,62}\.(?:co\.id|com|id|net|org|news|co)\b", re.I)
DOMAIN_SCAN_CHARS = 256 * 1024


def evidence_key(text: str) -> str:
    """The group a page's lines are counted in: its outlet as its markers say.

    Collection and lookup must group pages identically, so both use this one
    cheap whole-page recognition.
    """
    profile = recognise_outlet(text)
    if profile is not None:
        return profile.key
    domains = Counter(match.lower() for match in _DOMAIN_NAME.findall(text[:DOMAIN_SCAN_CHARS]))
    return f"site:{domains.most_common(1)[0][0]}" if domains else UNKNOWN_OUTLET


def line_digest(line: str) -> bytes:
    """A short digest of a line, whitespace-insensitive."""
    normalised = " ".join(line.split())
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=DIGEST_BYTES).digest()


@dataclass(frozen=True)
class BoilerplateEvidence:
    """Digests of lines that repeat across pages, per outlet key."""

    repeated: Mapping[str, frozenset[bytes]] = field(default_factory=dict)

    def for_outlet(self, outlet_key: str | None) -> frozenset[bytes]:
        return self.repeated.get(outlet_key or UNKNOWN_OUTLET, frozenset())

    def for_page(self, text: str) -> frozenset[bytes]:
        """The repeated-line digests of the group `text` belongs to."""
        return self.for_outlet(evidence_key(text))

    def is_repeated(self, outlet_key: str | None, line: str) -> bool:
        return line_digest(line) in self.for_outlet(outlet_key)


class EvidenceCollector:
    """Counts, per outlet, on how many pages each line occurs."""

    def __init__(self) -> None:
        self._pages: Counter[str] = Counter()
        self._lines: dict[str, Counter[bytes]] = {}

    def add_page(self, outlet_key: str | None, lines: Iterable[str]) -> None:
        key = outlet_key or UNKNOWN_OUTLET
        if self._pages[key] >= MAX_PAGES_PER_OUTLET:
            return
        self._pages[key] += 1
        counts = self._lines.setdefault(key, Counter())
        counts.update({line_digest(line) for line in lines if line.strip()})

    def result(self) -> BoilerplateEvidence:
        repeated = {}
        for key, counts in self._lines.items():
            threshold = max(MIN_REPEAT_PAGES, MIN_REPEAT_SHARE * self._pages[key])
            repeated[key] = frozenset(d for d, n in counts.items() if n >= threshold)
        return BoilerplateEvidence(repeated)


def collect_evidence(paths: Iterable[str | Path]) -> BoilerplateEvidence:
    """Scan raw pages (``.txt``) and return the lines that repeat per outlet.

    Unreadable or undecodable files are skipped here silently: reading them
    for real reports them.
    """
    collector = EvidenceCollector()
    for raw in paths:
        path = Path(raw)
        if path.suffix.lower() != ".txt":
            continue
        text = read_page_text(path)
        if text is None:
            continue
        collector.add_page(evidence_key(text), text.splitlines())
    return collector.result()
