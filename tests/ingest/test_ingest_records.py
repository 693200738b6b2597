"""Structured corpora: JSONL/CSV records with default and custom field mappings."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import islice
from pathlib import Path

import pytest
from record_corpus import INDOSUM_EXCERPT

from searchlib.ingest import Article, IngestFailure, RecordMapping, ingest, read_source
from searchlib.ingest.outlets import canonical_outlet
from searchlib.ingest.records import record_to_article, slug_title, url_slug

INDOSUM = Path(__file__).resolve().parents[3] / "shared" / "eval" / "indosum" / "articles.jsonl"
# Enough records to cover every outlet, quick to read.
INDOSUM_SAMPLE = 200


@pytest.mark.parametrize(
    "corpus",
    [
        # Every outlet, and a record whose title comes from its slug field.
        pytest.param(INDOSUM_EXCERPT, id="shipped-excerpt"),
        pytest.param(INDOSUM, id="indosum", marks=pytest.mark.eval_data),
    ],
)
def test_indosum_works_out_of_the_box(tmp_path: Path, corpus: Path) -> None:
    with corpus.open(encoding="utf-8") as handle:
        sample = list(islice(handle, INDOSUM_SAMPLE))
    source = tmp_path / "indosum.jsonl"
    source.write_text("".join(sample), encoding="utf-8")
    events = list(ingest([source]))
    articles = [e for e in events if isinstance(e, Article)]
    assert len(articles) == len(sample)
    records = [json.loads(line) for line in sample]
    for record, article in zip(records, articles, strict=True):
        assert article.id == record["id"]
        assert article.outlet == canonical_outlet(record["source"])
        assert article.title.strip()
        assert article.body and all(p.strip() for p in article.body)
        assert article.published is not None
        assert article.published.utcoffset() == timedelta(0)
        assert article.date_source == "record"
        assert article.url == record["url"]
    first_paragraphs = records[0]["text"].split("\n\n")
    assert articles[0].body[0] == " ".join(first_paragraphs[0].split())
    cnn = [a for r, a in zip(records, articles, strict=True) if r["source"] == "cnn indonesia"]
    assert cnn and all(a.outlet == "CNN Indonesia" for a in cnn)
    assert all(not a.body[0].startswith("Jakarta, CNN") for a in cnn)


def test_record_paragraphs_split_on_blank_lines_and_drop_related_links() -> None:
    record = {
        "id": "r1",
        "text": "Paragraf pertama.\n\nBaca juga: Judul Lain yang Menarik\n\nParagraf kedua.",
    }
    article = record_to_article(record, source_path="c.jsonl")
    assert article.body == ("Paragraf pertama.", "Paragraf kedua.")


def test_title_from_url_slug_is_readable() -> None:
    record = {
        "text": "Isi.",
        "url": "https://kumparan.com/penulis/ketua-mpr-mustahil-transportasi-dan-online-bersaing",
        "title_slug": "mustahil transportasi dan onl",
    }
    assert record_to_article(record, source_path="c").title == (
        "Ketua Mpr Mustahil Transportasi dan Online Bersaing"
    )


def test_title_falls_back_to_slug_field_then_shows_the_opening_words() -> None:
    assert record_to_article(
        {"text": "Isi.", "title_slug": "harga cabai naik"}, source_path="c"
    ).title == ("Harga Cabai Naik")
    words = " ".join(f"kata{i}" for i in range(30))
    untitled = record_to_article({"text": words}, source_path="c")
    # No headline is made up: the opening words are shown, not stored as the title.
    assert untitled.title == ""
    assert untitled.display_title.split() == words.split()[:12]


def test_url_slug_skips_ids_and_extensions() -> None:
    assert (
        url_slug("https://x.id/read/2017/03/28/123456/harga-cabai-naik.html") == "harga-cabai-naik"
    )
    assert url_slug("https://x.id/berita/12345") is None
    assert slug_title("178337-harga-cabai-di-pasar") == "Harga Cabai di Pasar"
    assert slug_title("5-hal-tentang-rp-10-miliar") == "5 Hal Tentang Rp 10 Miliar"
    assert url_slug("http://x.net/read/raket/178337-sung.ji-hyun.capai.final") == (
        "178337-sung.ji-hyun.capai.final"
    )


def test_slug_titles_take_acronyms_and_brands_from_the_text() -> None:
    text = "BEKASI - TNI mengerahkan KRI. Warga Bekasi melihat iPhone milik TNI di Bekasi."
    assert slug_title("tni-kerahkan-kri-ke-bekasi-pakai-iphone", text) == (
        "TNI Kerahkan KRI ke Bekasi Pakai iPhone"
    )


def test_record_without_id_gets_a_stable_content_hash() -> None:
    record = {"title": "A", "text": "Isi yang sama."}
    first = record_to_article(record, source_path="c").id
    assert first == record_to_article(dict(record), source_path="c").id
    assert first != record_to_article({"title": "B", "text": "Isi yang sama."}, source_path="c").id


def test_naive_dates_are_wib_unless_the_field_says_utc() -> None:
    wib = record_to_article({"text": "x.", "date": "2020-01-02 10:00"}, source_path="c")
    utc = record_to_article({"text": "x.", "date_utc": "2020-01-02T10:00:00"}, source_path="c")
    printed = record_to_article(
        {"text": "x.", "published": "Kamis, 2 Januari 2020"}, source_path="c"
    )
    assert wib.published is not None and wib.published.utcoffset() == timedelta(hours=7)
    assert utc.published is not None and utc.published.utcoffset() == timedelta(0)
    assert printed.published is not None and printed.published.day == 2


def test_unparseable_date_is_left_empty_not_invented() -> None:
    article = record_to_article({"text": "x.", "date": "kemarin sore"}, source_path="c")
    assert article.published is None and article.date_source is None


def test_custom_mapping_reads_other_field_names(tmp_path: Path) -> None:
    mapping = RecordMapping(id=("kode",), title=("judul",), body=("isi_berita",), outlet=("koran",))
    row = {"kode": "k-1", "judul": "Judul", "isi_berita": "Isi berita.", "koran": "Harian"}
    path = tmp_path / "lain.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [article] = read_source(path, mapping=mapping)
    assert isinstance(article, Article)
    assert (article.id, article.title, article.outlet, article.body) == (
        "k-1",
        "Judul",
        "Harian",
        ("Isi berita.",),
    )
    [failure] = read_source(path)
    assert isinstance(failure, IngestFailure)


def test_csv_records_with_quoted_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'id,title,body,outlet\n7,Judul,"Paragraf satu.\n\nParagraf dua.",Tempo\n', encoding="utf-8"
    )
    [article] = read_source(path)
    assert isinstance(article, Article)
    assert article.body == ("Paragraf satu.", "Paragraf dua.")
    assert article.outlet == "Tempo"


def test_a_line_nested_too_deep_to_parse_fails_alone(tmp_path: Path) -> None:
    good = [
        {"id": f"ok-{n}", "title": f"Judul {n}", "text": "Isi berita yang cukup panjang."}
        for n in range(3)
    ]
    lines = [json.dumps(good[0]), "[" * 200_000 + "]" * 200_000, *map(json.dumps, good[1:])]
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events = read_source(path)
    failures = [e for e in events if isinstance(e, IngestFailure)]
    assert [a.id for a in events if isinstance(a, Article)] == ["ok-0", "ok-1", "ok-2"]
    assert len(failures) == 1 and failures[0].source_path.endswith("deep.jsonl:2")
    assert "line 2" in failures[0].message and "\n" not in failures[0].message


@pytest.mark.parametrize(
    ("text", "source", "outlet", "dateline", "first"),
    [
        ("Jakarta, CNN Indonesia -- Presiden tiba di Bali.", "cnn indonesia", "CNN Indonesia",
         "Jakarta", "Presiden tiba di Bali."),
        ("Suara.com - Polisi menangkap dua orang.", "suara", "Suara", None,
         "Polisi menangkap dua orang."),
        ("Jakarta, Kompas - Harga cabai naik lagi.", None, "Kompas", "Jakarta",
         "Harga cabai naik lagi."),
        ("Wamena (ANTARA News) - Tim arkeolog datang.", "antaranews", "Antara", "Wamena",
         "Tim arkeolog datang."),
        ("Rimanews - Komite Olimpiade menyatakan siap.", "rimanews", "Rimanews", None,
         "Komite Olimpiade menyatakan siap."),
        ("Para pelaku - yang berjumlah tiga - ditangkap.", "merdeka", "Merdeka", None,
         "Para pelaku - yang berjumlah tiga - ditangkap."),
    ],
)  # fmt: skip
def test_a_records_dateline_or_credit_leaves_the_body(
    text: str, source: str | None, outlet: str, dateline: str | None, first: str
) -> None:
    record = {"id": "r", "title": "Judul", "text": text, **({"source": source} if source else {})}
    article = record_to_article(record, source_path="r.jsonl")
    assert (article.outlet, article.dateline, article.body[0]) == (outlet, dateline, first)


def test_a_record_with_html_and_no_text_is_read_as_a_saved_page(tmp_path: Path) -> None:
    story = " ".join(
        ["Warga kota menanam seribu pohon di sepanjang bantaran sungai pada Minggu."] * 3
    )
    html = (
        "<html><head><meta property='og:site_name' content='Harian Contoh'>"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": '
        '"Seribu Pohon di Bantaran Sungai", "author": {"name": "Rina Kartika"}, '
        '"datePublished": "2023-03-06T09:15:00+07:00"}</script></head><body>'
        "<h1>Seribu Pohon di Bantaran Sungai</h1>"
        f"<p>{story}</p><p>{story}</p></body></html>"
    )
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "h1", "html": html}) + "\n", encoding="utf-8")
    [article] = [e for e in read_source(path) if isinstance(e, Article)]
    assert article.id == "h1"
    assert article.title == "Seribu Pohon di Bantaran Sungai"
    assert article.author == "Rina Kartika"
    assert article.outlet == "Harian Contoh"
    assert article.published is not None and article.published.isoformat().startswith(
        "2023-03-06T09:15"
    )
    assert article.body[0].startswith("Warga kota menanam")
