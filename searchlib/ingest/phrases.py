"""Phrase tables of page furniture: what ad slots, share buttons and
related-article headings say, in Indonesian and English.

A line is looked up by its words alone (:func:`phrase_key`), so "BAGIKAN",
"Bagikan:" and "bagikan »" are one entry. Adding a phrase is adding an entry.
"""

from __future__ import annotations

import re

# The longest entry of any phrase table is well under this; longer lines are
# not reduced at all, which keeps the rules linear on megabyte-long lines.
MAX_PHRASE_CHARS = 100


def phrase_key(line: str) -> str:
    """A short line reduced to lower-case words, for matching against phrase tables."""
    if len(line) > MAX_PHRASE_CHARS:
        return ""
    return " ".join(re.findall(r"[^\W_]+|\+", line.casefold()))


# Advertising slots and their scroll prompts.
AD_PHRASES = frozenset({
    "advertisement", "advertisment", "iklan", "ads", "ad", "sponsored", "konten bersponsor",
    "scroll to resume content", "scroll to continue with content", "close ads x", "close ads",
    "close", "konten berbayar", "info iklan", "pasang iklan", "advertising", "loading",
    "memuat", "sedang memuat", "loading please wait", "please wait",
})  # fmt: skip

# Share, comment, login and follow prompts: interface text around the story.
SHARE_PHRASES = frozenset({
    "share", "bagikan", "tweet", "like", "dislike", "follow", "follow us", "copy", "copy link",
    "mail", "email", "print", "cetak", "facebook", "twitter", "google", "google +", "whatsapp",
    "telegram", "instagram", "line", "linkedin", "pin it", "pint it", "a a a", "komentar",
    "komentari artikel ini", "tulis komentar", "tulis komentar anda", "berikan komentar anda",
    "berikan komentar", "login untuk komentar", "login", "sign in", "register", "daftar",
    "masuk", "rate artikel ini", "halaman ini", "connect with us", "follow us on our social media",
    "share on facebook", "share on twitter", "share on google", "share on google +",
    "tautan telah disalin", "bagikan tautan telah disalin", "salin link", "salin tautan",
    "sign in to post a comment", "beri komentar", "lihat komentar", "kirim komentar",
    "back to top", "kembali ke atas", "mobile version", "versi mobile", "lihat foto",
    "dengarkan", "dengarkan berita", "play", "putar",
})  # fmt: skip

# Section headings that introduce lists of other articles.
RELATED_HEADINGS = frozenset({
    "baca juga", "baca pula", "lihat juga", "simak juga", "berita terkait", "berita lainnya",
    "berita lain", "berita terkini", "berita terbaru", "berita rekomendasi", "berita pilihan",
    "berita populer", "berita utama", "rekomendasi", "video rekomendasi", "terkait",
    "artikel terkait", "kumpulan berita terkait", "jangan lewatkan", "terpopuler",
    "terkomentari", "populer", "trending", "trending tag", "trending tags", "related news",
    "related", "related articles", "most popular", "baca artikel menarik lainnya",
    "artikel menarik lainnya", "topik pilihan", "topik terkait", "tag", "tags", "lainnya",
    "selengkapnya", "load more", "lihat semua", "halaman selanjutnya", "selanjutnya",
    "halaman berikutnya", "index berita", "indeks berita", "berita terkini more",
    "foto video terkait", "video terkait", "foto terkait", "pilihan redaksi", "editor s pick",
    "artikel lainnya", "baca selengkapnya", "cari berita lain disini", "popular news",
    "popular videos", "popular photos", "popular", "top news", "berita terpopuler",
    "rekomendasi untuk anda", "terpopuler lainnya", "video pilihan", "foto terpopuler",
    "editor choice", "editors choice", "editor s choice", "editors picks", "editor s picks",
    "editors pick", "headline", "headlines", "headline news", "berita headline", "hot news",
    "latest news", "berita lainnya dari", "artikel pilihan", "baca berita lainnya",
    "pilihan untuk anda", "you may also like", "read more", "more stories", "news feed",
})  # fmt: skip

# Headings of link boxes that sit between paragraphs: the story goes on after them.
INLINE_BOX_HEADINGS = frozenset({"baca juga", "baca pula", "lihat juga", "simak juga"})
