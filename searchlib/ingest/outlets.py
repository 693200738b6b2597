"""One name per outlet.

The same outlet reaches an index under many spellings: "antaranews" in a
record's source field, "ANTARA" in a page's dateline, "Antara News" as its
declared site name, "antaranews.com" as its address; detik prints a channel
in every byline ("detikNews", "detikinet", "detikTravel"). Each spelling is
reduced to a key (case, spaces, punctuation, "www." and the domain's suffix
dropped) and looked up in a table of aliases; a known outlet's channel
("detikTravel") is kept apart so it can become the article's section. An
outlet nobody listed keeps the name it printed, without its domain suffix,
so its pages still group under one name.

Users add aliases in a text file, one outlet per line::

    # canonical name: alias, alias, ...
    Harian Jogja: harianjogja, harianjogja.com, Harian Jogja Online

named by the ``SEARCHLIB_OUTLETS`` environment variable or loaded with
:func:`load_outlet_aliases`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from searchlib.errors import IngestError


@dataclass(frozen=True)
class Outlet:
    """A canonical outlet: its display name and the spellings that mean it."""

    name: str
    aliases: tuple[str, ...] = ()
    # Whether the outlet prints channels as one word with its name ("detikNews").
    channels: bool = False


# The outlets whose spellings are known. Display names follow how each
# outlet writes its own brand in running text.
KNOWN_OUTLETS: tuple[Outlet, ...] = (
    Outlet("Antara", ("antaranews", "antaranews.com", "ANTARA News", "ANTARA", "antarafoto")),
    Outlet("detik", ("detikcom", "detik.com"), channels=True),
    Outlet("Kompas", ("kompas.com", "kompascom", "kompas.id", "Kompas Cyber Media")),
    Outlet("Liputan6", ("liputan6.com", "liputan6dotcom", "Liputan 6")),
    Outlet("Okezone", ("okezone.com", "okezonenews")),
    Outlet("Republika", ("republika.co.id", "Republika Online", "REPUBLIKA.CO.ID")),
    Outlet("Tempo", ("tempo.co", "tempodotco", "Koran Tempo")),
    Outlet("VIVA", ("viva.co.id", "vivacoid", "VIVAnews")),
    Outlet("KapanLagi", ("kapanlagi.com", "kapanlagicom")),
    Outlet("CNN Indonesia", ("cnnindonesia", "cnnindonesia.com", "cnn indonesia")),
    Outlet("CNBC Indonesia", ("cnbcindonesia", "cnbcindonesia.com")),
    Outlet("kumparan", ("kumparan.com", "kumparancom")),
    Outlet("Suara", ("suara.com", "suaracom")),
    Outlet("Merdeka", ("merdeka.com", "merdekadotcom")),
    Outlet("Tribunnews", ("tribunnews.com", "tribun"), channels=True),
    Outlet("SINDOnews", ("sindonews.com", "sindo", "Koran SINDO")),
    Outlet("Beritabaru.co", ("beritabaru", "beritabaru.co", "Berita Baru")),
    Outlet("JPNN", ("jpnn.com", "jpnncom")),
    Outlet("IDN Times", ("idntimes", "idntimes.com")),
    Outlet("Bisnis.com", ("bisnis", "bisnis.com", "Bisnis Indonesia")),
    Outlet("Kontan", ("kontan.co.id",)),
    Outlet("Tirto", ("tirto.id", "tirtoid")),
    Outlet("Katadata", ("katadata.co.id",)),
    Outlet("Jawa Pos", ("jawapos", "jawapos.com", "JawaPos.com")),
    Outlet("Media Indonesia", ("mediaindonesia", "mediaindonesia.com")),
    Outlet("Beritasatu", ("beritasatu.com", "Berita Satu")),
    Outlet("iNews", ("inews.id", "inewsid")),
    Outlet("DailySocial", ("dailysocial.id", "dailysocial")),
    Outlet("Juara", ("juara.net", "juaranet")),
    Outlet("Rimanews", ("rimanews.com",)),
    Outlet("Goal Indonesia", ("goal indonesia", "goal.com")),
    Outlet("Poskota", ("poskotanews", "poskotanews.com", "Pos Kota", "poskota.co.id")),
)

# Second-level suffixes under which a domain's name is the third label from
# the right ("republika.co.id" names "republika").
_SECOND_LEVEL = frozenset({"co", "or", "ac", "go", "web", "my", "biz", "net", "com", "sch"})
_DOMAIN = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
# A domain inside a name ("Liputan6.com", "PT VIVA MEDIA BARU - VIVA.co.id"). A DNS
# label is at most 63 characters, and no news site's address has more than a few
# labels: the bounds keep the search linear on a long dotted or hyphenated run
# ("a.a.a.a...", a declared author of 20 KB took 16 s with unbounded labels).
_DOMAIN_IN_NAME = re.compile(
    r"\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.(?:com|co\.id|id|net|org|co|tv|news)\b", re.I
)
_USER_ALIASES_ENV = "SEARCHLIB_OUTLETS"
# An outlet's own name is short; a longer "site name" is a slogan or a sentence.
MAX_OUTLET_CHARS = 60


def _domain_stem(domain: str) -> str:
    """ "inet.detik.com" -> "detik", "republika.co.id" -> "republika"."""
    labels = [label for label in domain.split(".") if label]
    if labels and labels[0] == "www":
        labels = labels[1:]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def outlet_key(name: str) -> str:
    """A spelling reduced to what identifies the outlet ("Antara News" -> "antaranews")."""
    text = name.strip().casefold()
    text = re.sub(r"^[a-z]+://", "", text).split("/")[0] if "://" in text else text
    if _DOMAIN.match(text):
        text = _domain_stem(text)
    return re.sub(r"[^0-9a-z]+", "", text)


@dataclass(frozen=True)
class OutletMatch:
    """A spelling resolved: the canonical name and the channel it named, if any."""

    name: str
    channel: str | None = None


class OutletTable:
    """Aliases by key, with the outlets that print channels."""

    def __init__(self, outlets: tuple[Outlet, ...]) -> None:
        self.by_key: dict[str, str] = {}
        self.channel_keys: dict[str, str] = {}
        self.spellings: dict[str, set[str]] = {}
        for outlet in outlets:
            self.add(outlet)

    def add(self, outlet: Outlet) -> None:
        for spelling in (outlet.name, *outlet.aliases):
            key = outlet_key(spelling)
            if key:
                self.by_key[key] = outlet.name
                self.spellings.setdefault(outlet.name, set()).add(spelling)
        if outlet.channels:
            self.channel_keys[outlet_key(outlet.name)] = outlet.name

    def resolve(self, spelling: str) -> OutletMatch | None:
        key = outlet_key(spelling)
        if not key:
            return None
        if key in self.by_key:
            return OutletMatch(self.by_key[key])
        for prefix, name in self.channel_keys.items():
            if key.startswith(prefix) and len(key) > len(prefix):
                return OutletMatch(name, spelling.strip())
        words = spelling.split()
        if len(words) > 1:
            first = outlet_key(words[0])
            if first in self.by_key:
                return OutletMatch(self.by_key[first], spelling.strip())
        return None


_TABLE = OutletTable(KNOWN_OUTLETS)
_loaded_env: str | None = None


def _table() -> OutletTable:
    """The table, with the aliases of the file ``SEARCHLIB_OUTLETS`` names."""
    global _loaded_env
    path = os.environ.get(_USER_ALIASES_ENV)
    if path and path != _loaded_env:
        _loaded_env = path
        load_outlet_aliases(path)
    return _TABLE


def add_outlet(name: str, aliases: tuple[str, ...] | list[str] = ()) -> None:
    """Make `aliases` (names, domains) spellings of the outlet called `name`."""
    _TABLE.add(Outlet(" ".join(name.split()), tuple(aliases)))
    _cached_resolve.cache_clear()


def load_outlet_aliases(path: str | Path) -> int:
    """Add the aliases of a file (``Name: alias, alias`` per line); returns outlets read.

    Raises IngestError (one line) if the file cannot be read or a line is malformed.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise IngestError(f"cannot read outlet aliases {path}: {error}") from None
    count = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, colon, rest = line.partition(":")
        if not colon or not name.strip():
            raise IngestError(f"{path}:{number}: expected 'Name: alias, alias'")
        add_outlet(name.strip(), [a.strip() for a in rest.split(",") if a.strip()])
        count += 1
    return count


@lru_cache(maxsize=4096)
def _cached_resolve(spelling: str) -> OutletMatch | None:
    return _TABLE.resolve(spelling)


def resolve_outlet(spelling: str | None) -> OutletMatch | None:
    """The canonical outlet a spelling names; an unknown outlet keeps its own name."""
    if not spelling:
        return None
    spelling = " ".join(spelling.split())
    if not spelling or len(spelling) > MAX_OUTLET_CHARS:
        return None
    _table()
    known = _cached_resolve(spelling)
    if known is not None:
        return known
    inside = _DOMAIN_IN_NAME.search(spelling)
    if inside is not None and inside.group(0) != spelling:
        known = _cached_resolve(inside.group(0))
        if known is not None:
            return OutletMatch(known.name, known.channel or spelling)
    return OutletMatch(_display_name(spelling))


def known_outlet(spelling: str | None) -> OutletMatch | None:
    """Like :func:`resolve_outlet`, but None for an outlet no table lists."""
    if not spelling or len(spelling) > MAX_OUTLET_CHARS:
        return None
    _table()
    return _cached_resolve(" ".join(spelling.split()))


def canonical_outlet(spelling: str | None) -> str | None:
    """The display name of the outlet a spelling names."""
    match = resolve_outlet(spelling)
    return match.name if match else None


def _display_name(spelling: str) -> str:
    """An unlisted outlet's name as printed, without a domain suffix ("Fimela.com" -> "Fimela")."""
    text = spelling.strip()
    if _DOMAIN.match(text.casefold()):
        stem = _domain_stem(text.casefold())
        original = re.search(re.escape(stem), text, re.IGNORECASE)
        shown = original.group(0) if original else stem
        return shown[:1].upper() + shown[1:] if shown.islower() else shown
    return text


def outlet_spellings(name: str) -> tuple[str, ...]:
    """Every spelling of the outlet `name` names (its canonical name first), so
    that a filter finds articles indexed under any of them; an outlet no table
    lists is only `name` itself."""
    match = known_outlet(name)
    if match is None:
        return (name,)
    others = sorted(_table().spellings.get(match.name, set()) - {match.name})
    return (match.name, *others)


_COMPANY_WORDS = frozenset({
    "media", "pt", "pt.", "cyber", "group", "grup", "network", "digital", "tbk", "online",
    "redaksi", "newsroom", "admin", "administrator", "editor", "webmaster",
})  # fmt: skip


def is_outlet_name(name: str) -> bool:
    """Whether a declared "author" is an outlet, a site or a company rather than a person."""
    if _DOMAIN_IN_NAME.search(name) or "@" in name:
        return True
    if known_outlet(name) is not None:
        return True
    words = {w.strip(".,").casefold() for w in name.split()}
    return bool(words & _COMPANY_WORDS)
