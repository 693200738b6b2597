"""Generic line rules for Indonesian news pages: the first boilerplate layer.

Each rule is a small pure predicate over one stripped line and carries one
idea (an ad marker, a share prompt, a related-article link, an editor code).
They hold for any Indonesian outlet because they describe conventions of the
trade, not one site's layout. The phrase tables are data (:mod:`phrases`):
adding a phrase is adding a table entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from searchlib.ingest.phrases import (
    AD_PHRASES,
    INLINE_BOX_HEADINGS,
    RELATED_HEADINGS,
    SHARE_PHRASES,
    phrase_key,
)
from searchlib.ingest.shapes import ends_like_sentence, word_count

LinePredicate = Callable[[str], bool]


@dataclass(frozen=True)
class LineRule:
    """A named boilerplate rule, so a debug view can say why a line went."""

    name: str
    matches: LinePredicate


_COUNTED_PROMPT = re.compile(
    r"^\d[\d.,]*\s*(?:k\s*)?(shares?|komentar|comments?|views?|kali dibaca|dilihat|likes?)\b",
    re.IGNORECASE,
)
_VIEW_COUNT = re.compile(r"^(?:telah\s+)?(?:dibaca|dilihat)\s+[\d.,]+k?\s+kali$", re.IGNORECASE)

# "Baca juga: <headline>", "Lihat juga Video: ...", "BACA JUGA: ..." and the like.
# "Baca Selanjutnya: ...", "Halaman berikutnya: ..." and "Simak Video "..."" too.
_INLINE_RELATED = re.compile(
    r"^(?:(?:baca|lihat|simak|tonton|saksikan|cek)\s+(?:juga|pula|selengkapnya)\b"
    r"|(?:baca|lihat|simak)\s*:"
    r"|(?:baca|halaman)\s+(?:selanjutnya|berikutnya)\s*:"
    r"|(?:simak|tonton|saksikan|lihat)\s+(?:video|juga video|foto)\b"
    r"|(?:pilihan editor|berita terkait|artikel terkait|rekomendasi)\s*:)",
    re.IGNORECASE,
)
# Promotion of the outlet's own channels and syndication notices:
# "Artikel ini telah tayang di Kompas.com dengan judul ...",
# "Follow Berita Okezone di Google News", "Klik di sini untuk ...".
_PROMOTION = re.compile(
    r"^(?:artikel ini (?:telah |sudah )?(?:tayang|terbit|dimuat|diterbitkan|naik)\b"
    r"|ikuti perkembangan berita\b"
    r"|(?:follow|ikuti|simak|dapatkan|gabung)\b.{0,80}\b(?:google news|whatsapp|telegram|"
    r"instagram|channel|saluran|update berita|berita terkini|newsletter)\b"
    r"|(?:klik|click) (?:di ?sini|disini|here)\b"
    r"|(?:download|unduh) (?:sekarang|aplikasi)\b"
    r"|jangan (?:lewatkan|sampai ketinggalan)\b"
    r"|scroll (?:untuk|ke bawah)\b)",
    re.IGNORECASE,
)
# "Berita detikcom Lainnya", "Berita Kompas Lainnya".
_OUTLET_MORE = re.compile(r"^berita\s+\S+\s+lainnya$", re.IGNORECASE)

# Editor initials closing a story: "(nvc/idh)", "(ian)", "(Cas/Isk)", "(kpl/pur/tch)".
_EDITOR_CODE = re.compile(r"^[(\[]\s*[a-z]{1,6}(?:\s*[/,]\s*[a-z]{1,6}){0,4}\s*[)\]]$", re.I)
# Embedded widget placeholders: "[Gambas:Video 20detik]".
_WIDGET = re.compile(r"^\[[^\]]{1,80}\]$")
# Copyright and legal footers.
# A bare "©" also marks photo credits ("/©KapanLagi.com®/M. Akrom"), and news
# about copyright law says "hak cipta": footers pair the sign with a year or
# say "all rights reserved" / "hak cipta dilindungi".
_COPYRIGHT = re.compile(
    r"(?:©|\(c\))\s*\d{4}|\d{4}\s*©|all rights? reserved|hak cipta dilindungi"
    r"|\bcopyright\b\s*(?:©|@|\(c\)|\d{4})",
    re.IGNORECASE,
)
# App download banners.
_APP_BANNER = re.compile(
    r"\b(?:dapatkan|download|unduh|install)\b.*\baplikasi\b"
    r"|\b(?:play store|app store|google play)\b",
    re.IGNORECASE,
)
# Breadcrumbs: "Home > News > Nasional", "HOME » SHOWBIZ » FILM".
_BREADCRUMB = re.compile(r"^\S.{0,60}\s[>»›]\s.{1,60}$")
# Staff credits that are not the story's author.
_STAFF_CREDIT = re.compile(
    r"^(?:editor|redaktur|red|penyunting|editing|publisher|desain|grafis)\s*:", re.IGNORECASE
)
# E-mail contact lines: "Redaksi: redaksi[at]detikinet.com".
_CONTACT = re.compile(r"\[at\]|^(?:redaksi|hubungi|e-?mail|kontak)\s*:", re.IGNORECASE)
# Bullet-only navigation fragments and lone punctuation.
_PUNCTUATION_ONLY = re.compile(r"^[\W_]+$")
# Tweet embeds: "— Name (@handle) February 16, 2016" and "#Hashtag" endings.
_TWEET_SIGNATURE = re.compile(r"^[—–-]\s*.+\(@\w+\)")
_HASHTAG_TAIL = re.compile(r"(?:#\w+\s*)+$")
_HASHTAG_ONLY = re.compile(r"^#\s*\S.{0,60}$")


# Menus printed as one line: "detikOto · Mobil · Motor · Modifikasi · Galeri".
_MENU_SEPARATOR = re.compile(r"\s+[·•|]\s+|\s+[·•|]$")
MIN_MENU_ITEMS = 4
MAX_MENU_ITEM_WORDS = 4


def is_menu_line(line: str) -> bool:
    """A navigation menu flattened into one line of short items."""
    if "·" not in line and "•" not in line and "|" not in line:
        return False
    items = [item for item in _MENU_SEPARATOR.split(line) if item.strip()]
    return len(items) >= MIN_MENU_ITEMS and all(
        word_count(item) <= MAX_MENU_ITEM_WORDS and not item.rstrip().endswith((".", "?", "!"))
        for item in items
    )


# Embedded social posts: "Sebuah kiriman dibagikan oleh Nama (@akun)",
# "A post shared by ...", "View this post on Instagram".
_SOCIAL_EMBED = re.compile(
    r"^(?:sebuah kiriman dibagikan oleh|a post shared by|view this post on instagram"
    r"|lihat postingan ini di instagram|lihat kiriman ini di instagram"
    r"|postingan ini dibagikan oleh|(?:a )?video posted by)\b",
    re.IGNORECASE,
)
# Related links printed as bullets ending in an ellipsis: "• Apakah Vaksin...".
_BULLET_TEASER = re.compile(r"^[•·▪►»]\s*.{3,200}(?:\.\.\.|…)$")


# Photo credits printed on a line of their own: "shutterstock", "Dok. Istimewa",
# "Instagram.com/therealdisastr", "Photo by Andrea Piacquadio from Pexels".
_PHOTO_CREDIT = re.compile(
    r"^(?:©\s*)?(?:(?:foto|photo|sumber foto)\s*:\s*)?"
    r"(?:shutterstock|istock(?:photo)?|getty ?images|unsplash|pexels|pixabay|freepik"
    r"|dok(?:umentasi)?\.?(?:\s+\w+){0,3}|istimewa|ist\.?"
    r"|(?:instagram|twitter|facebook|tiktok|youtube)\.com/\S{1,60}"
    r"|(?:photo|foto) (?:by|oleh) [^.]{1,60}?(?: (?:on|from|via|di) "
    r"(?:pexels|unsplash|pixabay|freepik|shutterstock|instagram))?)"
    r"(?:\s*/\s*[\w .]{1,40})?\.?$",
    re.IGNORECASE,
)
MAX_CREDIT_LINE_WORDS = 12


def is_photo_credit(line: str) -> bool:
    """A photo credit alone on a line (the caption above it is not story)."""
    return word_count(line) <= MAX_CREDIT_LINE_WORDS and bool(_PHOTO_CREDIT.match(line))


def is_social_embed(line: str) -> bool:
    """The caption line of an embedded Instagram, TikTok or Facebook post."""
    return len(line) < 300 and bool(_SOCIAL_EMBED.match(line))


def is_bullet_teaser(line: str) -> bool:
    """A related-article link printed as a bullet with a cut-off headline."""
    return bool(_BULLET_TEASER.match(line))


def is_ad_marker(line: str) -> bool:
    """ADVERTISEMENT slots and scroll-to-continue prompts."""
    return phrase_key(line) in AD_PHRASES


def is_share_prompt(line: str) -> bool:
    """Share/comment/login buttons and counters ("13Shares", "0 KOMENTAR")."""
    key = phrase_key(line)
    return key in SHARE_PHRASES or bool(_COUNTED_PROMPT.match(line) or _VIEW_COUNT.match(line))


def is_related_heading(line: str) -> bool:
    """A heading that introduces other articles ("Berita Terkait", "Baca Juga")."""
    return phrase_key(line) in RELATED_HEADINGS or bool(_OUTLET_MORE.match(line))


def is_inline_related_link(line: str) -> bool:
    """A related-article link inside the story ("Baca juga: ...")."""
    return bool(_INLINE_RELATED.match(line))


def is_promotion(line: str) -> bool:
    """Newsletter, app, social-channel and syndication notices of the outlet."""
    return len(line) < 300 and bool(_PROMOTION.match(line))


_COUNTER = re.compile(r"^[\d.,%/\s]{1,12}$")
_TAG_LIST = re.compile(r"^(?:tags?|topik|kata kunci|keywords?)\s*:", re.IGNORECASE)


# "banjir, jakarta, curah hujan": lower-case keyword lists under a story.
_KEYWORD_ITEM = re.compile(r"^[a-z0-9][\w'-]*(?:\s+[\w'-]+){0,3}$")
MIN_KEYWORDS = 3


def is_keyword_list(line: str) -> bool:
    """A comma-separated list of short lower-case keywords (a page's tags)."""
    if "," not in line or len(line) > 300:
        return False
    items = [item.strip() for item in line.split(",")]
    return len(items) >= MIN_KEYWORDS and all(_KEYWORD_ITEM.match(item) for item in items)


def is_counter(line: str) -> bool:
    """A bare number: a share/comment counter or a list position ("0", "01", "0%")."""
    return bool(_COUNTER.match(line))


def is_tag_list(line: str) -> bool:
    """ "Tags: banjir, jakarta" keyword lists."""
    return bool(_TAG_LIST.match(line)) and len(line) < 300


def is_editor_code(line: str) -> bool:
    """Editor initials that close a story, e.g. "(nvc/idh)"."""
    return bool(_EDITOR_CODE.match(line))


def is_widget_placeholder(line: str) -> bool:
    """Embedded-media placeholders such as "[Gambas:Video 20detik]"."""
    return bool(_WIDGET.match(line))


def is_copyright(line: str) -> bool:
    """Copyright and rights-reserved footers."""
    if len(line) >= 200:
        return False
    lowered = line.casefold()
    if not any(hint in lowered for hint in ("©", "(c)", "rights", "hak cipta", "copyright")):
        return False
    return bool(_COPYRIGHT.search(line))


def is_app_banner(line: str) -> bool:
    """ "Dapatkan aplikasi di Play Store" and similar download banners."""
    # A sentence about an app ("Warga bisa mengunduhnya di Play Store.") is news.
    if len(line) >= 120 or ends_like_sentence(line):
        return False
    lowered = line.casefold()
    if "aplikasi" not in lowered and "store" not in lowered and "google play" not in lowered:
        return False
    return bool(_APP_BANNER.search(line))


def is_breadcrumb(line: str) -> bool:
    """Navigation trails such as "Home > News > Nasional"."""
    return bool(_BREADCRUMB.match(line)) and len(line.split()) <= 12


def is_staff_credit(line: str) -> bool:
    """Editor and production credits ("Editor: ...", "Red: ...")."""
    return bool(_STAFF_CREDIT.match(line))


def is_contact_line(line: str) -> bool:
    """Newsroom e-mail and contact lines."""
    return len(line) < 120 and bool(_CONTACT.search(line))


def is_punctuation_only(line: str) -> bool:
    """Separators and bullets left over from navigation ("|", "- - -", "#")."""
    return bool(_PUNCTUATION_ONLY.match(line))


def is_tweet_embed(line: str) -> bool:
    """Lines of an embedded tweet: its signature line or a hashtag-ended text."""
    if _TWEET_SIGNATURE.match(line) or _HASHTAG_ONLY.match(line):
        return True
    return "#" in line and "@" in line and len(line) < 300 and bool(_HASHTAG_TAIL.search(line))


_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")


def is_arabic_script(line: str) -> bool:
    """A line written mostly in Arabic script (a Qur'an or hadith box)."""
    if not _ARABIC_LETTER.search(line[:200]):
        return False
    return len(_ARABIC_LETTER.findall(line)) > len(_LETTER.findall(line)) / 2


_SCRIPTURE_REFERENCE = re.compile(r"^\(?\s*(?:QS|Q\.S|HR|H\.R)\b\.?.{0,60}\)?$", re.IGNORECASE)


def is_scripture_reference(line: str) -> bool:
    """A verse or hadith reference such as "(QS. Al-A'raf ayat 27)"."""
    return bool(_SCRIPTURE_REFERENCE.match(line))


GENERIC_RULES: tuple[LineRule, ...] = (
    LineRule("ad marker", is_ad_marker),
    LineRule("share prompt", is_share_prompt),
    LineRule("related heading", is_related_heading),
    LineRule("related link", is_inline_related_link),
    LineRule("editor code", is_editor_code),
    LineRule("widget", is_widget_placeholder),
    LineRule("copyright", is_copyright),
    LineRule("app banner", is_app_banner),
    LineRule("promotion", is_promotion),
    LineRule("breadcrumb", is_breadcrumb),
    LineRule("staff credit", is_staff_credit),
    LineRule("contact", is_contact_line),
    LineRule("separator", is_punctuation_only),
    LineRule("counter", is_counter),
    LineRule("tag list", is_tag_list),
    LineRule("keyword list", is_keyword_list),
    LineRule("menu", is_menu_line),
    LineRule("social embed", is_social_embed),
    LineRule("photo credit", is_photo_credit),
    LineRule("related link", is_bullet_teaser),
    LineRule("tweet embed", is_tweet_embed),
    LineRule("arabic box", is_arabic_script),
    LineRule("scripture reference", is_scripture_reference),
)


def is_closing_heading(line: str) -> bool:
    """A related-articles heading that follows the story ("Berita Terkait"),
    as opposed to a "Baca Juga" box inside it."""
    return is_related_heading(line) and phrase_key(line) not in INLINE_BOX_HEADINGS


# Lines that close a story: once the story has started, nothing after them
# is body text.
STORY_END_RULES: tuple[LineRule, ...] = (
    LineRule("editor code", is_editor_code),
    LineRule("copyright", is_copyright),
    LineRule("related heading", is_closing_heading),
)


# Menus and footers repeat on every page of an outlet, so verdicts on short
# lines are memoised: 16,384 lines of at most 300 characters keep each memo
# under ~6 MB (it matters with one parser per core).
MEMO_LINES = 16_384
_CACHE_MAX_CHARS = 300


@lru_cache(maxsize=MEMO_LINES)
def _cached_generic_reason(line: str) -> str | None:
    rule = first_matching_rule(line, GENERIC_RULES)
    return rule.name if rule else None


def generic_reason(line: str) -> str | None:
    """The name of the first generic rule that matches `line`, or None."""
    if len(line) <= _CACHE_MAX_CHARS:
        return _cached_generic_reason(line)
    rule = first_matching_rule(line, GENERIC_RULES)
    return rule.name if rule else None


def first_matching_rule(line: str, rules: tuple[LineRule, ...]) -> LineRule | None:
    """The first rule in `rules` that matches `line`, or None."""
    for rule in rules:
        if rule.matches(line):
            return rule
    return None
