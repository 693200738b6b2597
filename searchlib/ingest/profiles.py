"""Outlet profiles: the second boilerplate layer.

A profile is recognised from the page's own markers (the outlet's name as it
prints it in datelines, bylines and footers), never from the file name, and
adds what is particular to that outlet: its display name, extra boilerplate
lines, and small layout facts (a standfirst under the headline, an author
signature after the story). Adding an outlet is adding one entry to
:data:`PROFILES` (or calling :func:`register_profile`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutletProfile:
    """What is known about one outlet's pages."""

    key: str
    name: str
    # Patterns whose presence on a page says it comes from this outlet.
    markers: tuple[str, ...]
    # Extra whole-line boilerplate patterns seen on this outlet's pages.
    boilerplate: tuple[str, ...] = ()
    # The outlet prints a one-sentence standfirst right under the headline.
    has_standfirst: bool = False
    # The outlet signs stories with the author's name after the last paragraph.
    signs_after_body: bool = False
    # Names that sub-brands print in bylines ("Name - detikNews"); when one is
    # found it becomes the outlet name.
    channel_pattern: str | None = None
    # A lower-case text every marker contains; pages without it are not
    # searched with the markers at all (recognition runs on every page).
    hint: str | None = None
    _compiled: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    _boilerplate: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", tuple(re.compile(m) for m in self.markers))
        object.__setattr__(
            self, "_boilerplate", tuple(re.compile(b, re.IGNORECASE) for b in self.boilerplate)
        )

    def marker_count(self, text: str, lowered: str | None = None) -> int:
        """How many times the outlet's markers occur in `text` (`lowered` is
        `text.casefold()`, when the caller has it, for the quick hint check)."""
        if self.hint is not None and self.hint not in (lowered or text.casefold()):
            return 0
        return sum(len(pattern.findall(text)) for pattern in self._compiled)

    def is_boilerplate(self, line: str) -> bool:
        """Whether `line` is one of this outlet's own boilerplate lines."""
        return any(pattern.fullmatch(line) for pattern in self._boilerplate)

    def channel_name(self, text: str) -> str | None:
        """The sub-brand printed in a byline, if the outlet has them."""
        if self.channel_pattern is None:
            return None
        match = re.search(self.channel_pattern, text)
        return match.group(1) if match else None


PROFILES: list[OutletProfile] = [
    OutletProfile(
        key="detik",
        hint="detik",
        name="detik",
        markers=(r"\bdetik(?:com|News|inet|Finance|Sport|Hot|Oto|Travel|Food|Health)\b",),
        boilerplate=(r"detik\w* Berita", r"Kirim Tulisan", r"part of", r"Berita Terbaru Index »"),
        channel_pattern=r"(?m)^[^\n]{3,60} - (detik[A-Za-z]+)\s*$",
    ),
    OutletProfile(
        key="republika",
        hint="republika",
        name="Republika",
        markers=(r"REPUBLIKA\.CO\.ID", r"(?i)\brepublika\.co\.id\b"),
        boilerplate=(r"Yuk Ngaji Hari Ini", r"Ikuti .{0,80}Klik di Sini", r"Berita Lainnya"),
        has_standfirst=True,
    ),
    OutletProfile(
        key="sindonews",
        hint="sindonews",
        name="SINDOnews",
        markers=(r"(?i)\bSINDOnews\b",),
        boilerplate=(r"Dapatkan berita terkini dan kejutan menarik dari SINDOnews.*",),
    ),
    OutletProfile(
        key="viva",
        hint="viva",
        name="VIVA",
        markers=(r"\bVIVA(?:\.co\.id)?\b(?! Media)", r"\bVIVA [A-Z][a-z]+\b"),
        boilerplate=(r"Explore VIVA\.co\.id", r"BACA ARTIKEL MENARIK LAINNYA"),
    ),
    OutletProfile(
        key="beritabaru",
        hint="berita",
        name="Beritabaru.co",
        markers=(r"(?i)\bBeritabaru\.co\b", r"(?m)^Berita Baru, "),
    ),
    OutletProfile(
        key="kompas",
        hint="kompas",
        name="Kompas",
        markers=(r"(?i)\bKOMPAS\.com\b", r"(?i)\bkompas\.id\b"),
    ),
    OutletProfile(
        key="tribunnews",
        hint="tribun",
        name="Tribunnews",
        markers=(r"(?i)\bTRIBUNNEWS\.COM\b", r"(?i)\bTribun[A-Z][a-z]+\.com\b"),
    ),
    OutletProfile(
        key="liputan6",
        hint="liputan6",
        name="Liputan6",
        markers=(r"(?i)\bLiputan6\.com\b",),
    ),
    OutletProfile(
        key="cnnindonesia",
        hint="cnn",
        name="CNN Indonesia",
        markers=(r"(?i)\bCNNIndonesia\.com\b", r"\bCNN Indonesia\b"),
    ),
    OutletProfile(
        key="tempo",
        hint="tempo",
        name="Tempo",
        markers=(r"\bTEMPO\.CO\b", r"(?i)\btempo\.co\b", r"\bTempo Inti Media\b"),
        signs_after_body=True,
    ),
    OutletProfile(
        key="antara",
        hint="antara",
        name="ANTARA",
        markers=(r"\(ANTARA(?: News)?\)", r"\bANTARA ?News\b", r"(?i)\bantaranews\.com\b"),
    ),
    OutletProfile(
        key="okezone",
        hint="okezone",
        name="Okezone",
        markers=(r"(?i)\bOkezone\b",),
        boilerplate=(r"(?:\w+-)?read-\d+.*", r"Okezone Hari Ini", r"/ rendering in .*"),
    ),
    OutletProfile(
        key="suara",
        hint="suara.com",
        name="Suara",
        markers=(r"(?i)\bSuara\.com\b",),
    ),
    OutletProfile(
        key="kumparan",
        hint="kumparan",
        name="kumparan",
        markers=(r"(?i)\bkumparan(?:\.com)?\b",),
    ),
    OutletProfile(
        key="kapanlagi",
        hint="kapanlagi",
        name="KapanLagi",
        markers=(r"(?i)\bKapanlagi\.com\b",),
        boilerplate=(r"Lihat Arsip .*", r"Lihat Foto .*", r"\d+ Foto"),
    ),
    # Outlets recognised by their own domain as they print it in datelines and
    # footers ("JAKARTA, JPNN.com -"); their generic layout needs nothing more.
    OutletProfile(
        key="merdeka", hint="merdeka.com", name="Merdeka", markers=(r"(?i)\bmerdeka\.com\b",)
    ),
    OutletProfile(key="jpnn", hint="jpnn", name="JPNN", markers=(r"(?i)\bJPNN\.com\b",)),
    OutletProfile(key="idntimes", hint="idn times", name="IDN Times", markers=(r"\bIDN Times\b",)),
    OutletProfile(
        key="cnbcindonesia",
        hint="cnbc",
        name="CNBC Indonesia",
        markers=(r"(?i)\bcnbcindonesia\.com\b", r"\bCNBC Indonesia\b"),
    ),
    OutletProfile(
        key="bisnis", hint="bisnis.com", name="Bisnis.com", markers=(r"(?i)\bBisnis\.com\b",)
    ),
    OutletProfile(key="kontan", hint="kontan", name="Kontan", markers=(r"(?i)\bKONTAN\.CO\.ID\b",)),
    OutletProfile(key="tirto", hint="tirto.id", name="Tirto", markers=(r"(?i)\btirto\.id\b",)),
    OutletProfile(
        key="katadata", hint="katadata", name="Katadata", markers=(r"(?i)\bkatadata\.co\.id\b",)
    ),
    OutletProfile(
        key="jawapos", hint="jawapos", name="Jawa Pos", markers=(r"(?i)\bJawaPos\.com\b",)
    ),
    OutletProfile(
        key="mediaindonesia",
        hint="mediaindonesia",
        name="Media Indonesia",
        markers=(r"(?i)\bmediaindonesia\.com\b",),
    ),
    OutletProfile(
        key="beritasatu",
        hint="beritasatu",
        name="Beritasatu",
        markers=(r"(?i)\bBeritasatu\.com\b",),
    ),
    OutletProfile(key="inews", hint="inews.id", name="iNews", markers=(r"(?i)\biNews\.id\b",)),
]


def register_profile(profile: OutletProfile) -> None:
    """Add an outlet profile (or replace the one with the same key)."""
    PROFILES[:] = [p for p in PROFILES if p.key != profile.key] + [profile]


# A single mention of an outlet (a network menu, a "via" credit) is weak;
# the page's own outlet names itself in its dateline, byline and footer.
MIN_MARKER_COUNT = 1
# One mention in the byline or dateline outweighs any number in menus.
FOCUS_WEIGHT = 100


# Outlets name themselves in the header and footer of a page; on a huge page
# only its two ends are searched, so recognition stays fast.
MARKER_SCAN_CHARS = 64 * 1024


def _ends(text: str) -> str:
    if len(text) <= 2 * MARKER_SCAN_CHARS:
        return text
    return text[:MARKER_SCAN_CHARS] + "\n" + text[-MARKER_SCAN_CHARS:]


def recognise_outlet(text: str, *, focus: str = "") -> OutletProfile | None:
    """The profile whose markers the page carries most.

    `focus` is the part of the page where an outlet names itself (the
    byline and the story's opening); a marker there outweighs menu mentions.
    """
    best: OutletProfile | None = None
    best_score = 0
    page, opening = _ends(text), _ends(focus)
    page_lowered, opening_lowered = page.casefold(), opening.casefold()
    for profile in PROFILES:
        score = profile.marker_count(page, page_lowered) + FOCUS_WEIGHT * profile.marker_count(
            opening, opening_lowered
        )
        if score > best_score:
            best, best_score = profile, score
    return best if best_score >= MIN_MARKER_COUNT else None
