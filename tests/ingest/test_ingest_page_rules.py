"""Page parsing on small hand-made pages: generic rules, profiles, corpus evidence."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from searchlib.ingest import (
    Article,
    OutletProfile,
    collect_evidence,
    ingest,
    parse_page,
    read_source,
    register_profile,
)
from searchlib.ingest import profiles as profiles_module
from searchlib.ingest.evidence import (
    MAX_PAGES_PER_OUTLET,
    MIN_REPEAT_PAGES,
    EvidenceCollector,
    evidence_key,
    line_digest,
)
from searchlib.ingest.rules import GENERIC_RULES, first_matching_rule

STORY = [
    "Pemerintah kota mulai membangun jalur sepeda sepanjang dua puluh kilometer di pusat kota "
    "pada Senin pagi, kata kepala dinas perhubungan kepada wartawan.",
    "Pembangunan jalur itu ditargetkan selesai dalam enam bulan dan akan menghubungkan stasiun "
    "kereta dengan kawasan perkantoran di sisi timur kota.",
    "Warga menyambut baik rencana tersebut, meski sebagian pedagang kaki lima khawatir kehilangan "
    "tempat berjualan di trotoar yang akan dipersempit.",
]


def unknown_outlet_page(*, between: str = "", story: list[str] = STORY) -> str:
    """A page from an outlet no profile knows, with the usual furniture."""
    lines = [
        "Beranda",
        "Nasional",
        "Ekonomi",
        "Olahraga",
        "Masuk",
        "Jalur Sepeda Baru Hubungkan Stasiun dan Perkantoran",
        "Oleh: Rina Kartika",
        "Senin, 6 Maret 2023 09:15 WITA",
        "Bagikan",
        "Foto: Ilustrasi jalur sepeda (Dok. Warta Kota Kita)",
        f"SAMARINDA - {story[0]}",
        "Baca Juga: Harga Cabai Naik Jelang Ramadan di Pasar Segiri",
        story[1],
        *([between] if between else []),
        story[2],
        "(rka/bud)",
        "Berita Terkait",
        "Banjir Rendam Ratusan Rumah di Kawasan Utara",
        "© 2023 Warta Kota Kita. All rights reserved.",
    ]
    return "\n".join(lines)


def parse(text: str) -> Article:
    return parse_page(text, source_path="page.txt", article_id="page")


def test_name_and_role_on_the_date_line() -> None:
    text = unknown_outlet_page().replace(
        "Oleh: Rina Kartika\nSenin, 6 Maret 2023 09:15 WITA",
        "Rina Kartika, Jurnalis · Senin, 6 Maret 2023 09:15 WITA",
    )
    article = parse(text)
    assert article.author == "Rina Kartika"
    assert article.title == "Jalur Sepeda Baru Hubungkan Stasiun dan Perkantoran"
    assert article.published is not None and article.published.hour == 9


def test_unknown_outlet_gets_title_author_date_and_clean_body() -> None:
    article = parse(unknown_outlet_page())
    assert article.outlet == "Warta Kota Kita"  # named by its copyright line
    assert article.title == "Jalur Sepeda Baru Hubungkan Stasiun dan Perkantoran"
    assert article.author == "Rina Kartika"
    assert article.published is not None
    assert article.published.isoformat() == "2023-03-06T09:15:00+08:00"
    assert article.date_source == "header"
    assert article.dateline == "Samarinda"
    assert article.body == tuple(STORY)
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Ilustrasi jalur sepeda", "Warta Kota Kita")
    ]


@pytest.mark.parametrize(
    "headline",
    [
        "Menko Airlangga: Indonesia Siap Genjot Investasi Hijau di Kalimantan",
        "Jembatan Mahakam Ditutup Sementara, Ini Jalur Alternatifnya",
        "Daftar Harga Emas Hari Ini di Pegadaian",
    ],
)
def test_headline_links_between_paragraphs_are_not_body(headline: str) -> None:
    article = parse(unknown_outlet_page(between=headline))
    assert headline not in article.body
    assert article.body == tuple(STORY)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Proyek ini didanai APBD.",
        "“Kami mendukung,” kata Ahmad.",
        "Rencana tersebut sudah dibahas sejak tahun lalu bersama DPRD dan para ahli tata kota "
        "dari berbagai universitas tanpa tanda baca di akhir",
        "1. Perluas Jalur Sepeda di Kawasan Perkantoran",
        "- Tambah Rambu dan Lampu di Setiap Persimpangan",
    ],
)
def test_short_or_unpunctuated_story_lines_stay_in_the_body(paragraph: str) -> None:
    article = parse(unknown_outlet_page(between=paragraph))
    assert paragraph in article.body


def test_subheadings_inside_the_story_are_kept() -> None:
    article = parse(unknown_outlet_page(between="Dampak ke Pedagang"))
    assert "Dampak ke Pedagang" in article.body


@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT",
        "SCROLL TO RESUME CONTENT",
        "Baca juga: Polisi Tangkap Pengedar Narkoba di Bekasi",
        "BACA JUGA: Ikuti Serial Sejarah, Klik di Sini",
        "Lihat juga Video: Banjir di Jakarta",
        "(nvc/idh)",
        "(ian)",
        "[Gambas:Video 20detik]",
        "Berita Terkait",
        "Halaman Selanjutnya",
        "Dapatkan aplikasi di Play Store",
        "Share on Facebook",
        "13Shares",
        "0 KOMENTAR",
        "tulis komentar anda",
        "Follow Berita Okezone di Google News",
        "Artikel ini telah tayang di Kompas.com dengan judul Banjir",
        "Copyright @ 2022 detikcom.",
        "Home > News > Nasional",
        "Editor: Ade Marboen",
        "0",
        "13",
        "Tags: banjir, jakarta, hujan",
    ],
)
def test_generic_boilerplate_lines(line: str) -> None:
    assert first_matching_rule(line, GENERIC_RULES) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Terkait hubungan bilateral Rusia-AS, Lavrov mengatakan masalah itu dapat diselesaikan.",
        "Baca buku itu, kata dia, membuat anaknya betah di rumah.",
        "Iklan rokok dilarang tayang di televisi sebelum pukul 21.30, kata menteri.",
        "Foto bersama para menteri berlangsung di halaman Istana.",
        "Undang-undang Hak Cipta melindungi karya musisi dari pembajakan.",
        "Pengaduan dapat dikirim ke alamat pengaduan@ojk.go.id setiap hari kerja.",
        "Aplikasi itu bisa diunduh gratis di Play Store mulai pekan depan.",
        "Copyright atas lagu itu kini dipegang oleh label rekaman.",
    ],
)
def test_story_sentences_are_not_boilerplate(line: str) -> None:
    assert first_matching_rule(line, GENERIC_RULES) is None


def test_corpus_evidence_removes_lines_repeated_across_an_outlets_pages(tmp_path: Path) -> None:
    promo = (
        "Simpan artikel ini ke daftar bacaan Anda dan nikmati fitur eksklusif pelanggan kami "
        "tanpa iklan sekarang juga."
    )
    stories = [[f"{p} Berita nomor {n}." for p in STORY] for n in range(MIN_REPEAT_PAGES + 1)]
    for n, story in enumerate(stories):
        page = unknown_outlet_page(between=promo, story=story)
        (tmp_path / f"p{n}.txt").write_text(page, encoding="utf-8")
    alone = [e for e in read_source(tmp_path / "p0.txt") if isinstance(e, Article)][0]
    assert promo in alone.body
    folder = [e for e in ingest([tmp_path]) if isinstance(e, Article)]
    assert [a.body for a in folder] == [tuple(story) for story in stories]
    for article in folder:
        assert article.title == "Jalur Sepeda Baru Hubungkan Stasiun dan Perkantoran"
        assert article.author == "Rina Kartika"
        assert article.published is not None


def test_evidence_needs_several_pages(tmp_path: Path) -> None:
    for n in range(MIN_REPEAT_PAGES - 1):
        (tmp_path / f"p{n}.txt").write_text(unknown_outlet_page(), encoding="utf-8")
    evidence = collect_evidence(sorted(tmp_path.glob("*.txt")))
    assert not any(evidence.repeated.values())


def test_evidence_and_results_cross_process_boundaries(tmp_path: Path) -> None:
    for n in range(MIN_REPEAT_PAGES):
        (tmp_path / f"p{n}.txt").write_text(unknown_outlet_page(), encoding="utf-8")
    paths = sorted(tmp_path.glob("*.txt"))
    evidence = collect_evidence(paths)
    assert pickle.loads(pickle.dumps(evidence)) == evidence
    with ProcessPoolExecutor(max_workers=1) as pool:
        remote = list(pool.map(read_source, paths, [evidence] * len(paths)))
    local = [read_source(p, evidence) for p in paths]
    assert remote == local


def test_registering_a_profile_recognises_a_new_outlet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiles_module, "PROFILES", list(profiles_module.PROFILES))
    register_profile(
        OutletProfile(
            key="wartakota",
            name="Warta Kota Kita",
            markers=(r"\bWarta Kota Kita\b",),
            boilerplate=(r"Banjir Rendam .*",),
        )
    )
    article = parse(unknown_outlet_page())
    assert article.outlet == "Warta Kota Kita"


def test_outlet_is_recognised_from_the_page_not_the_file_name() -> None:
    text = unknown_outlet_page().replace("SAMARINDA - ", "SAMARINDA, KOMPAS.com - ")
    article = parse_page(text, source_path="detik_1.txt", article_id="detik_1")
    assert article.outlet == "Kompas"
    assert article.dateline == "Samarinda"
    assert article.body[0] == STORY[0]


def test_page_without_a_printed_date_takes_the_story_date_marked_body() -> None:
    text = unknown_outlet_page().replace("Senin, 6 Maret 2023 09:15 WITA", "Bagikan")
    text = text.replace("pada Senin pagi", "pada Senin, 6 Maret 2023")
    article = parse(text)
    assert article.date_source == "body"
    assert article.published is not None and article.published.day == 6


def test_page_without_any_date_has_none() -> None:
    text = unknown_outlet_page().replace("Senin, 6 Maret 2023 09:15 WITA", "Bagikan")
    article = parse(text)
    assert article.published is None and article.date_source is None


def test_a_long_comment_thread_does_not_displace_a_short_story() -> None:
    comment = (
        "Menurut saya jalur sepeda ini cuma proyek pencitraan saja karena trotoar di kota kita "
        "masih banyak yang rusak dan tidak pernah diperbaiki oleh dinas terkait sampai sekarang."
    )
    thread = []
    for n in range(12):
        thread += [
            f"Pembaca{n}",
            "Senin, 6 Maret 2023 10:00 WITA",
            comment.replace("saya", f"saya ({n})"),
        ]
    article = parse(unknown_outlet_page() + "\nKomentar Pembaca\n" + "\n".join(thread))
    assert article.body == tuple(STORY)


def test_section_comes_from_the_breadcrumb_above_the_headline() -> None:
    text = unknown_outlet_page().replace("Masuk\n", "Masuk\nBeranda > Berita > KOTA\n")
    assert parse(text).section == "Kota"
    assert parse(unknown_outlet_page()).section is None


def test_ingest_can_skip_corpus_evidence(tmp_path: Path) -> None:
    promo = "Simpan artikel ini ke daftar bacaan Anda dan nikmati fitur eksklusif pelanggan kami."
    for n in range(MIN_REPEAT_PAGES + 1):
        story = [f"{p} Berita nomor {n}." for p in STORY]
        page = unknown_outlet_page(between=promo, story=story)
        (tmp_path / f"p{n}.txt").write_text(page, encoding="utf-8")
    kept = [e for e in ingest([tmp_path], use_evidence=False) if isinstance(e, Article)]
    assert all(promo in article.body for article in kept)


def test_pages_of_unknown_sites_are_grouped_by_the_domain_they_name() -> None:
    first = unknown_outlet_page() + "\nwartakotakita.com"
    second = unknown_outlet_page() + "\nhubungi redaksi@wartakotakita.com\nwartakotakita.com"
    other = unknown_outlet_page() + "\nkabarlain.co.id"
    assert evidence_key(first) == evidence_key(second) == "site:wartakotakita.com"
    assert evidence_key(other) == "site:kabarlain.co.id"
    assert evidence_key(unknown_outlet_page()) == ""


def test_unknown_outlet_named_in_the_dateline_becomes_the_outlet() -> None:
    text = unknown_outlet_page().replace("SAMARINDA - ", "SAMARINDA, WartaKotaKita.com - ")
    article = parse(text)
    assert article.outlet == "WartaKotaKita"
    assert article.dateline == "Samarinda"
    assert article.body[0] == STORY[0]


def test_headline_printed_again_inside_the_story_is_not_a_paragraph() -> None:
    title = "Jalur Sepeda Baru, Siapa yang Diuntungkan?"
    page = unknown_outlet_page(between=title)
    article = parse(page.replace("Jalur Sepeda Baru Hubungkan Stasiun dan Perkantoran", title))
    assert article.title == title
    assert article.body == tuple(STORY)


def test_evidence_samples_a_bounded_number_of_pages_per_outlet() -> None:
    collector = EvidenceCollector()
    for n in range(MAX_PAGES_PER_OUTLET):
        collector.add_page("kompas", ["Menu Kompas", f"Cerita nomor {n}."])
    collector.add_page("kompas", [f"Baris baru {n}" for n in range(1000)])
    collector.add_page("tempo", ["Menu Tempo"] * 3)
    evidence = collector.result()
    assert evidence.for_outlet("kompas") == frozenset({line_digest("Menu Kompas")})
    assert evidence.for_outlet("tempo") == frozenset()
    assert evidence.is_repeated("kompas", "  Menu   Kompas ")


def test_a_background_paragraph_reused_across_a_series_stays_in_each_story(tmp_path: Path) -> None:
    background = (
        "Sebelumnya diberitakan, pemerintah kota mengumumkan rencana jalur sepeda sejak awal tahun "
        "dan menargetkan seluruh ruas selesai dibangun sebelum musim hujan tiba di akhir tahun ini."
    )
    for n in range(MIN_REPEAT_PAGES + 1):
        story = [f"{p} Berita nomor {n}." for p in STORY]
        (tmp_path / f"p{n}.txt").write_text(
            unknown_outlet_page(between=background, story=story), encoding="utf-8"
        )
    for article in (e for e in ingest([tmp_path]) if isinstance(e, Article)):
        assert background in article.body
