"""The shape of a line: sentence, story paragraph, headline, section label.

Pages lose their markup when saved as text, so what a line is (prose, a
headline, a label) is read from its shape: its length, its closing
punctuation, its capitals. Every reader of a page (the line classifier, the
header and the story finders, bylines, records) asks these questions the
same way.
"""

from __future__ import annotations

import re

from searchlib.ingest.outlets import known_outlet

_SENTENCE_PUNCTUATION = (".", "!", "?", "…", ":", ";")
_CLOSING_QUOTES = ('"', "”", "’")
_CLOSERS = "\"'”’)]"
# A story paragraph is long: shorter lines are headings, menu items, captions
# or links unless they end like a sentence. 12 words is about one short
# sentence of Indonesian news prose; 25 words is never a headline.
MIN_SENTENCE_WORDS = 12
MIN_PARAGRAPH_WORDS = 25


def word_count(line: str) -> int:
    return len(line.split())


# A reporter's or editor's code closing the last paragraph: "... katanya. (Luh
# Wayanti)", "... ujarnya. (ant/bud)". Searched in the line's last characters only.
_TRAILING_CODE = re.compile(
    r"(?<=[.!?\"'”’])\s*\((?:[a-z]{1,6}(?:\s*/\s*[a-z]{1,6}){0,4}"
    r"|[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3})\)$"
)
_CODE_SCAN_CHARS = 80


def without_trailing_code(line: str) -> str:
    """The line without a reporter or editor code after its last sentence."""
    tail_start = max(0, len(line) - _CODE_SCAN_CHARS)
    match = _TRAILING_CODE.search(line, tail_start)
    return line[: match.start()].rstrip() if match else line


def ends_like_sentence(line: str) -> bool:
    """Whether the line ends with sentence punctuation (possibly inside quotes),
    a reporter's code after it set aside."""
    line = without_trailing_code(line.rstrip())
    return line.endswith(_CLOSING_QUOTES) or line.rstrip(_CLOSERS).endswith(_SENTENCE_PUNCTUATION)


def is_story_paragraph(line: str) -> bool:
    """A line long enough and sentence-like enough to be story prose."""
    words = word_count(line)
    return words >= MIN_PARAGRAPH_WORDS or (
        words >= MIN_SENTENCE_WORDS and ends_like_sentence(line)
    )


# Words that stay lower-case inside a title-cased Indonesian or English headline.
TITLE_SMALL_WORDS = frozenset({
    "di", "ke", "dari", "dan", "atau", "yang", "untuk", "dengan", "pada", "dalam", "oleh",
    "soal", "vs", "usai", "jadi", "hingga", "bagi", "akan", "ini", "itu", "saat", "tak",
    "the", "of", "and", "in", "on", "for", "to", "a", "an", "at", "by", "with",
})  # fmt: skip


def is_title_cased(line: str) -> bool:
    """Most significant words start with a capital, as in a headline."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in TITLE_SMALL_WORDS]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.6 * len(words)


# A headline has a few words and no closing full stop.
MIN_HEADLINE_WORDS = 3
MAX_HEADLINE_WORDS = 30


def looks_like_headline(line: str) -> bool:
    """A short line shaped like a headline (a title or a related-article link)."""
    words = word_count(line)
    if not MIN_HEADLINE_WORDS <= words <= MAX_HEADLINE_WORDS:
        return False
    tail = line.rstrip("\"'”’")
    if tail.endswith(("...", "…")):  # "Ini Kata Menteri soal Impor Beras..."
        return True
    return not tail.endswith((".", ",", ":", ";", "-", "–", "|"))


# Words of section and channel labels ("PERISTIWA", "Gaya Hidup", "Style &
# Trends"): a line made of them names a section, never a person or a headline.
SECTION_WORDS = frozenset({
    "berita", "news", "nasional", "national", "internasional", "international", "dunia",
    "world", "ekonomi", "economy", "bisnis", "business", "keuangan", "finance", "finansial",
    "olahraga", "sport", "sports", "sepakbola", "sepak", "bola", "football", "hiburan",
    "entertainment", "seleb", "selebriti", "celebrity", "celebs", "gaya", "hidup", "lifestyle",
    "style", "trends", "trend", "fashion", "beauty", "kecantikan", "teknologi", "tekno",
    "technology", "tech", "sains", "science", "otomotif", "oto", "automotive", "peristiwa",
    "politik", "politics", "hukum", "kriminal", "daerah", "regional", "metro", "megapolitan",
    "kesehatan", "health", "pendidikan", "edukasi", "education", "opini", "opinion", "kolom",
    "travel", "wisata", "kuliner", "food", "musik", "music", "film", "movie", "foto", "photo",
    "photos", "video", "videos", "infografis", "utama", "terkini", "terpopuler", "headline",
    "religi", "islam", "properti", "property", "karier", "career", "komunitas", "features",
    "feature", "home", "beranda", "index", "indeks", "detail", "artikel", "article", "umum",
    "internet", "gadget", "games", "game", "parenting", "keluarga", "family", "wanita",
    "women", "pria", "men", "relationship", "cinta", "love", "horoskop", "zodiak", "showbiz",
    "hot", "viral", "unik", "cek", "fakta", "jateng", "jatim", "jabar", "khazanah",
})  # fmt: skip


# A section label or breadcrumb has at most this many words.
MAX_SECTION_LABEL_WORDS = 6


def is_section_label(line: str) -> bool:
    """A short line made only of section words and outlet or channel names
    ("Gaya Hidup", "Style & Trends", "detikTravel Travel News Detail Artikel")."""
    words = line.split()
    if not 0 < len(words) <= MAX_SECTION_LABEL_WORDS:
        return False
    for word in words:
        parts = re.findall(r"[^\W\d_]+", word.casefold())
        if parts and not all(p in SECTION_WORDS for p in parts) and known_outlet(word) is None:
            return False
    return True
