# ruff: noqa: E501  (the pages keep one block per line, as scraped pages do)
"""Pages of outlets no profile knows, one per failure mode seen on unseen outlets.

Each page is written for the test around a line quoted from a real page of
an outlet this project has no profile for (the bylines beside dates, the
datelines without a dash, the sidebars and credits). The rules that read
them are generic: no test here names a profile.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from searchlib.ingest import Article, parse_page
from searchlib.ingest import profiles as profiles_module

WIB = timezone(timedelta(hours=7))
HEADLINE = "Warga Tanam Seribu Pohon di Bantaran Sungai Ciliwung"
PARAGRAPHS = [
    "Ratusan warga menanam seribu bibit pohon di sepanjang bantaran Sungai Ciliwung pada Minggu pagi untuk mencegah longsor saat musim hujan.",
    "Kegiatan itu digagas oleh karang taruna setempat bersama dinas lingkungan hidup yang menyediakan bibit pohon trembesi dan mahoni.",
    "Ketua karang taruna mengatakan penanaman akan dilanjutkan setiap bulan hingga seluruh bantaran sungai tertutup pepohonan rindang.",
]
LAST = PARAGRAPHS[-1]


@pytest.fixture(autouse=True)
def no_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page here is read as if no outlet were known."""
    monkeypatch.setattr(profiles_module, "PROFILES", [])


def page(*header: str, story: list[str] | None = None, after: tuple[str, ...] = ()) -> str:
    menu = ["Beranda", "Nasional", "Metropolitan", "Olahraga", "Masuk"]
    footer = ["Berita Terkait", "Banjir Rendam Ratusan Rumah di Kawasan Utara", "© 2023 Kabar Kali. All rights reserved."]
    return "\n".join([*menu, *header, *(story or PARAGRAPHS), *after, *footer])


def parse(text: str) -> Article:
    return parse_page(text, source_path="page.txt", article_id="page")


# ---- bylines beside dates ------------------------------------------------------


def test_reporter_label_after_the_date_on_one_line() -> None:
    article = parse(page(HEADLINE, "PERISTIWA | 17 Juni 2021 11:38 Reporter : Aksara Bebey"))
    assert article.author == "Aksara Bebey"
    assert article.published == datetime(2021, 6, 17, 11, 38, tzinfo=WIB)
    assert article.title == HEADLINE


def test_name_before_the_date_on_one_line() -> None:
    article = parse(page(HEADLINE, "Laban Laisila : 19 Jun 2015 | 13:06"))
    assert article.author == "Laban Laisila"
    assert article.published == datetime(2015, 6, 19, 13, 6, tzinfo=WIB)


def test_name_on_the_line_above_a_date_that_opens_with_a_dash() -> None:
    article = parse(page(HEADLINE, "Putra Rusdi Kurniawan", "- 7 Oktober 2020, 15:13 WIB"))
    assert article.author == "Putra Rusdi Kurniawan"
    assert article.title == HEADLINE


def test_a_bare_name_beside_the_date() -> None:
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", "Rina Kartika"))
    assert article.author == "Rina Kartika"


def test_a_name_the_story_is_about_is_a_tag_not_the_author() -> None:
    story = [p.replace("Ketua karang taruna", "Dian Sastrowardoyo") for p in PARAGRAPHS]
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", "Dian Sastrowardoyo", story=story))
    assert article.author is None


def test_share_button_after_an_author_label_is_not_the_author() -> None:
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", "Penulis", "Bagikan"))
    assert article.author is None


def test_a_profile_list_in_a_sidebar_is_not_the_byline() -> None:
    sidebar = ["Tokoh Pilihan", "Dee Lestari Penulis", "Joko Anwar Sutradara", "Iklan", "Iklan", "Iklan", "Iklan"]
    article = parse(page(*sidebar, HEADLINE, "Senin, 6 Maret 2023 09:15 WIB"))
    assert article.author is None


def test_an_outlet_name_beside_the_date_is_not_the_author() -> None:
    article = parse(page(HEADLINE, "Kabar Kali", "Senin, 6 Maret 2023 09:15 WIB"))
    assert article.author is None


def test_a_team_byline() -> None:
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", "Tim Redaksi"))
    assert article.author == "Tim Redaksi"


# ---- where the story ends --------------------------------------------------------


def test_a_list_the_story_introduces_stays_in_the_story() -> None:
    story = [
        *PARAGRAPHS[:2],
        "Berikut ruas jalan yang ditutup selama kegiatan berlangsung:",
        "- Jalan Sudirman arah Bundaran HI",
        "- Jalan Thamrin arah Monas",
        "- Jalan Gatot Subroto sisi barat",
        LAST,
    ]
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", story=story))
    assert "- Jalan Thamrin arah Monas" in article.body
    assert article.body[-1] == LAST


def test_a_list_that_ends_the_story_is_kept() -> None:
    story = [*PARAGRAPHS, "Warga diminta membawa perlengkapan berikut:", "1. Sarung tangan", "2. Cangkul kecil", "3. Air minum"]
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", story=story))
    assert article.body[-1] == "3. Air minum"


def test_last_paragraph_ending_with_a_reporter_code_is_kept_without_it() -> None:
    closing = "Ia berharap warga ikut merawat pohon yang sudah ditanam. (Luh Wayanti)"
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", story=[*PARAGRAPHS, closing]))
    assert article.body[-1] == "Ia berharap warga ikut merawat pohon yang sudah ditanam."


@pytest.mark.parametrize("heading", ["EDITOR CHOICE", "HEADLINE", "Editors' Picks"])
def test_a_sidebar_heading_ends_the_story(heading: str) -> None:
    teasers = ("Harga Cabai Naik Jelang Ramadan di Pasar Induk Kota", "Polisi Tangkap Dua Pelaku Pencurian Motor di Parkiran")
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", after=(heading, *teasers)))
    assert article.body[-1] == LAST
    assert not any(t in article.text for t in teasers)


def test_a_pagination_line_is_not_story() -> None:
    pager = "Baca Selanjutnya: Warga Berharap Penanaman Pohon Dilanjutkan"
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", after=(pager,)))
    assert pager not in article.body


# ---- headline --------------------------------------------------------------------


@pytest.mark.parametrize("between", ["Style & Trends", "GAYA HIDUP", "Putra Rusdi Kurniawan"])
def test_a_section_label_or_author_between_headline_and_date(between: str) -> None:
    article = parse(page(HEADLINE, between, "Senin, 6 Maret 2023 09:15 WIB"))
    assert article.title == HEADLINE


def test_a_headline_unrelated_to_the_story_loses_to_the_one_below_the_date() -> None:
    article = parse(page("Write a Story Upload Photo", "Senin, 6 Maret 2023 09:15 WIB", "TRAVEL NEWS", HEADLINE, "Tim Redaksi"))
    assert article.title == HEADLINE


def test_a_photo_headline_with_a_label() -> None:
    headline = "FOTO: Warga Tanam Seribu Pohon di Bantaran Ciliwung"
    article = parse(page(headline, "Senin, 6 Maret 2023 09:15 WIB"))
    assert article.title == headline


# ---- datelines and the body's start ---------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "city"),
    [
        ("Fimela.com, Jakarta ", "Jakarta"),
        ("Liputan6.com, Jakarta ", "Jakarta"),
        ("JAKARTA (Antara News) - ", "Jakarta"),
        ("Jakarta (ANTARA) - ", "Jakarta"),
        ("Jakarta, KabarKali.com -- ", "Jakarta"),
        ("JAKARTA, KabarKali - ", "Jakarta"),
    ],
)
def test_datelines_leave_the_body(opening: str, city: str) -> None:
    story = [opening + PARAGRAPHS[0], *PARAGRAPHS[1:]]
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", story=story))
    assert article.dateline == city
    assert article.body[0] == PARAGRAPHS[0]


def test_a_dateline_on_its_own_line_after_the_caption() -> None:
    caption = "Warga menanam bibit pohon di bantaran sungai. (Foto: Dok. Kabar Kali)"
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", caption, "Bogor -"))
    assert article.dateline == "Bogor"
    assert article.body[0] == PARAGRAPHS[0]


# ---- boilerplate kept ---------------------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "• Apakah Vaksin Booster Aman untuk Lansia? Ini Kata...",
        "Sebuah kiriman dibagikan oleh Kabar Kali (@kabarkali)",
        "Loading...",
        "Advertising",
        "shutterstock",
        "Instagram.com/kabarkali",
        "Photo by Andrea Piacquadio from Pexels",
        "Ikuti perkembangan berita ini dalam topik:",
        "Artikel ini telah naik di detikBali dan bisa dibaca selengkapnya di sini.",
        "Simak Video \"Warga Tanam Pohon di Bantaran Sungai\"",
    ],
)
def test_furniture_between_paragraphs_is_dropped(furniture: str) -> None:
    story = [PARAGRAPHS[0], furniture, *PARAGRAPHS[1:]]
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", story=story))
    assert article.body == tuple(PARAGRAPHS)


def test_a_menu_printed_on_one_line_is_not_story() -> None:
    menu = "kabarOto · Mobil · Motor · Modifikasi · Tips & Trik · Konsultasi · Komunitas · Galeri · Video · Forum · Indeks"
    article = parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", after=(menu, menu)))
    assert article.body == tuple(PARAGRAPHS)


# ---- outlet --------------------------------------------------------------------------


def test_an_unknown_outlet_is_named_by_its_dateline_or_its_copyright_line() -> None:
    assert parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB")).outlet == "Kabar Kali"
    story = ["Fimela.com, Jakarta " + PARAGRAPHS[0], *PARAGRAPHS[1:]]
    assert parse(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB", story=story)).outlet == "Fimela"


def test_an_index_page_of_teasers_is_no_article() -> None:
    from searchlib.ingest.non_articles import not_an_article
    from searchlib.ingest.page import read_article

    teasers = []
    for n in range(8):
        teasers += [
            f"Berita Nomor {n} Tentang Banjir di Kota Hari Ini",
            f"Senin, 6 Maret 2023 0{n}:15 WIB",
            f"Ratusan rumah warga di kawasan nomor {n} terendam banjir setinggi satu meter sejak Minggu malam akibat hujan deras.",
        ]
    result = read_article(page("Indeks Berita", story=teasers), source_path="index.txt", article_id="index")
    assert not_an_article(result) == "a list of teasers, an index page"
    story = read_article(page(HEADLINE, "Senin, 6 Maret 2023 09:15 WIB"), source_path="p.txt", article_id="p")
    assert not_an_article(story) is None
