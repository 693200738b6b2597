"""Acceptance of page ingestion on the real seed articles and evaluation pages."""

from __future__ import annotations

import importlib.util
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from searchlib.ingest import Article, explain_page, ingest, read_source

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EVAL_PAGES = ROOT.parent / "shared" / "eval" / "pages"


def seed(article_id: str) -> Article:
    events = read_source(SEEDS / f"{article_id}.txt")
    articles = [e for e in events if isinstance(e, Article)]
    assert len(articles) == 1, events
    return articles[0]


def indexed_text(article: Article) -> str:
    parts = [article.title, article.lead or "", *article.body, *(c.text for c in article.captions)]
    return "\n".join(parts)


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold()))


def test_seed_000_detik() -> None:
    article = seed("000_570f68fb9ef06bfe")
    assert article.id == "000_570f68fb9ef06bfe"
    assert article.title == "Menlu AS-Rusia Pertama Teleponan Sejak Invasi Ukraina, Bahas Apa?"
    assert (article.outlet, article.section) == ("detik", "detikNews")
    assert article.author == "Novi Christiastuti"
    assert article.published is not None
    assert article.published.isoformat() == "2022-07-30T11:28:00+07:00"
    assert article.date_source == "header"
    caption_texts = [c.text for c in article.captions]
    assert len(caption_texts) == 2
    assert caption_texts[0].startswith("U.S. Secretary of State Antony Blinken")
    assert caption_texts[1].startswith("Menlu AS Antony Blinken dan Menlu Rusia Sergei Lavrov")
    assert article.body[0].startswith("Kementerian Luar Negeri Rusia dalam pernyataan terpisah")
    assert article.body[-1].endswith("pertemuan di Kamboja.")


def test_seed_001_beritabaru() -> None:
    article = seed("001_c55a8262d8eb67cc")
    assert article.title == (
        "Rusia dan AS Lanjutkan Dialog Konflik Ukraina Pasca Pertemuan di Jenewa"
    )
    assert article.outlet == "Beritabaru.co"
    assert article.dateline == "Moskow"
    if article.published is not None:
        assert article.date_source == "body"
        assert (article.published.year, article.published.month) == (2022, 1)
    caption_starts = [c for c in article.captions if c.text.startswith("Seorang penduduk")]
    assert len(caption_starts) == 1
    assert "Seorang penduduk setempat" not in " ".join(article.body)
    assert article.body[0].startswith("Menteri Luar Negeri Rusia Sergei Lavrov mengatakan dialog")
    assert article.body[-1].endswith("tuntutan keamanannya tidak dipenuhi.")


def test_seed_002_republika() -> None:
    article = seed("002_bd7d1f872aa3690c")
    assert article.title == "Menlu Rusia dan AS Bertemu Bahas Ukraina"
    assert article.outlet == "Republika"
    assert article.published is not None
    assert article.published.isoformat() == "2021-12-03T20:16:00+07:00"
    assert article.dateline == "Stockholm"
    assert (
        article.lead
        == "Menlu AS Blinken menegaskan niat AS menciptakan hubungan stabil dengan Rusia."
    )
    assert article.body[0].startswith(
        "Menteri Luar Negeri Rusia Sergey Lavrov dan Menteri Luar Negeri Amerika Serikat"
    )
    assert article.body[-1].endswith("warga AS yang dipenjara di Rusia.")
    text = indexed_text(article)
    assert not re.search(r"[\u0600-\u06ff]", text), "Arabic verse leaked"
    for fragment in ("Wahai anak cucu Adam", "QS. Al-A'raf", "Yuk Ngaji"):
        assert fragment not in text


def test_seed_003_sindonews() -> None:
    article = seed("003_865d406f04fe1d93")
    assert article.title == "Bulan Depan Rusia, AS dan NATO Duduk Satu Meja"
    assert article.outlet == "SINDOnews"
    assert article.published is not None
    assert article.published.isoformat() == "2021-12-23T00:46:00+07:00"
    assert article.dateline == "Moskow"
    assert article.body[0].startswith("Negosiator dari Rusia dan Amerika Serikat (AS)")
    assert article.body[-1].endswith("kampanye disinformasi Rusia.")


def test_seed_004_viva() -> None:
    article = seed("004_acd3d7b72b42d273")
    assert article.title == "Dapat Surat Cinta, Menlu Rusia Bongkar Isi Pesan Dari Menlu AS"
    assert article.outlet == "VIVA"
    if article.published is not None:
        assert article.date_source == "body"
        assert article.published.date() == date(2023, 1, 31)
    assert article.body[0].startswith("Menteri Luar Negeri Rusia Sergey Lavrov, pada Selasa")
    assert article.body[-1].endswith("terlibat dalam konflik.")
    related = (
        "Menko Airlangga: Indonesia Siap Mengakselerasi Pertumbuhan Ekonomi",
        "Bule Rusia Dideportasi, Overstay hingga Tak Bayar Tagihan RS",
        "Indonesia di Atas AS dan Rusia dalam Hal Ini",
    )
    for headline in related:
        assert not any(headline in paragraph for paragraph in article.body)


# Lines (or, for photo credits, parts of lines) of each seed that are furniture:
# ads, menus, prompts, related links, editor codes, photo credits.
SEED_BOILERPLATE: dict[str, tuple[str, ...]] = {
    "000_570f68fb9ef06bfe": ("ADVERTISEMENT", "(nvc/idh)", "Alex Brandon/Pool via REUTERS"),
    "001_c55a8262d8eb67cc": (
        "Beritabaru.co Dapatkan aplikasi di Play Store",
        "Berita",
        "Network",
        "Partner",
        "Foto: Reuters.",
    ),
    "002_bd7d1f872aa3690c": (
        "Foto: AP/Mikhail Voskresensky/Pool Sputnik Kremlin",
        "Baca Juga",
        "BACA JUGA: Ikuti Serial Sejarah dan Peradaban Islam di Islam Digest , Klik di Sini",
        "Advertisement",
        "Yuk Ngaji Hari Ini",
        "(QS. Al-A'raf ayat 27)",
        "Berita Lainnya",
    ),
    "003_865d406f04fe1d93": (
        "Foto/The Times of Israel",
        "(ian)",
        "tulis komentar anda",
        "Follow",
        "Dapatkan berita terkini dan kejutan menarik dari SINDOnews.com, Klik Disini untuk "
        "mendaftarkan diri anda sekarang juga!",
        "Video Rekomendasi",
        "Berita Terkait",
        "Rekomendasi",
        "Terpopuler",
        "Berita Terkini More",
    ),
    "004_acd3d7b72b42d273": (
        "Sumber :",
        "• AP Photo/Vahid Salemi",
        "Menko Airlangga: Indonesia Siap Mengakselerasi Pertumbuhan Ekonomi dan Investasi "
        "Berkelanjutan dari Amerika Serikat",
        "Bule Rusia Dideportasi, Overstay hingga Tak Bayar Tagihan RS Rp 33 Juta di Bali",
        "Photo :",
        "• AP-Yonhap",
        "Indonesia di Atas AS dan Rusia dalam Hal Ini",
        "• Twitter/@_Africansoil",
        "Halaman Selanjutnya",
    ),
}


@pytest.mark.parametrize("article_id", sorted(SEED_BOILERPLATE))
def test_words_only_in_furniture_are_not_indexed(article_id: str) -> None:
    raw = "\n".join(" ".join(line.split()) for line in (SEEDS / f"{article_id}.txt").open())
    furniture = SEED_BOILERPLATE[article_id]
    story = raw
    for piece in furniture:
        assert piece in raw, piece
        story = story.replace(piece, " ")
    only_in_furniture = words(" ".join(furniture)) - words(story)
    assert only_in_furniture, "the case must test at least one word"
    leaked = only_in_furniture & words(indexed_text(seed(article_id)))
    assert not leaked


def test_folder_ingest_reads_every_seed_with_ids_from_file_names() -> None:
    events = list(ingest([SEEDS]))
    ids = sorted(e.id for e in events if isinstance(e, Article))
    assert ids == sorted(p.stem for p in SEEDS.glob("*.txt"))


def test_published_dates_are_timezone_aware() -> None:
    for path in SEEDS.glob("*.txt"):
        article = seed(path.stem)
        if article.published is not None:
            assert isinstance(article.published, datetime)
            assert article.published.utcoffset() is not None


@pytest.mark.eval_data
def test_evaluation_pages_reach_the_accuracy_target() -> None:
    assert EVAL_PAGES.is_dir()
    spec = importlib.util.spec_from_file_location(
        "bench_pages", ROOT / "benchmarks" / "bench_pages.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--no-reference", "--no-speed"]) == 0


def test_explain_page_says_what_became_of_every_line() -> None:
    path = SEEDS / "000_570f68fb9ef06bfe.txt"
    text = path.read_text(encoding="utf-8")
    explained = explain_page(text)
    assert [e.text for e in explained] == [
        " ".join(x.split()) for x in text.splitlines() if x.strip()
    ]
    roles = {e.text: (e.role, e.reason) for e in explained}
    assert roles["Novi Christiastuti - detikNews"] == ("byline", None)
    assert roles["Sabtu, 30 Jul 2022 11:28 WIB"] == ("date", None)
    assert roles["(nvc/idh)"] == ("dropped", "editor code")
    assert roles["ADVERTISEMENT"] == ("dropped", "ad marker")
    titles = [e for e in explained if e.role == "title"]
    assert len(titles) == 1 and titles[0].text == seed(path.stem).title
    body = [e.text for e in explained if e.role == "body"]
    assert tuple(body) == seed(path.stem).body
    assert sum(e.role == "caption" for e in explained) == 2
