# ruff: noqa: E501  (markup is kept readable as one element per line)
"""Saved HTML pages: markup to lines, declared metadata first, page rules after.

The pages are small and written for the test; they follow the shapes news
pages use (JSON-LD NewsArticle, og: and article: meta, a <time> element, a
site suffix in og:title, related links and menus in <nav> and <aside>).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchlib.cli import cli
from searchlib.ingest import (
    Article,
    IngestFailure,
    explain_file,
    ingest,
    parse_html,
    read_source,
)
from searchlib.ingest.html import explain_html
from searchlib.ingest.markup import parse_document, visible_lines

WIB = timezone(timedelta(hours=7))
PARAGRAPHS = [
    "Ratusan warga menanam seribu bibit pohon di sepanjang bantaran Sungai Ciliwung pada Minggu pagi untuk mencegah longsor saat musim hujan.",
    "Kegiatan itu digagas oleh karang taruna setempat bersama dinas lingkungan hidup yang menyediakan bibit pohon trembesi dan mahoni.",
    "Ketua karang taruna mengatakan penanaman akan dilanjutkan setiap bulan hingga seluruh bantaran sungai tertutup pepohonan rindang.",
]
HEADLINE = "Warga Tanam Seribu Pohon di Bantaran Ciliwung"


def html_page(
    *,
    head: str = "",
    byline: str = "",
    printed_date: str = "",
    dateline: str = "BOGOR, KabarKali.com - ",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in [dateline + PARAGRAPHS[0], *PARAGRAPHS[1:]])
    return f"""<!DOCTYPE html>
<html lang="id"><head>
<meta charset="utf-8">
<title>{HEADLINE} - KabarKali.com</title>
{head}
<script>var tracking = "Berita Palsu Dari Skrip";</script>
<style>.x {{ color: red }}</style>
</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/n">Nasional</a></li><li><a href="/o">Olahraga</a></li></ul></nav>
<div class="wrap"><article>
<h1>{HEADLINE}</h1>
{f'<div class="byline">{byline}</div>' if byline else ''}
{f'<div class="date">{printed_date}</div>' if printed_date else ''}
<figure><img src="a.jpg"><figcaption>Warga menanam pohon. (Foto: Dok. Kabar Kali)</figcaption></figure>
<div class="content">{body}
<p>Baca juga: <a href="/x">Harga Cabai Naik Jelang Ramadan</a></p>
</div></article>
<aside><h3>Berita Terkait</h3><ul><li><a href="/y">Banjir Rendam Ratusan Rumah di Kawasan Utara Kota</a></li></ul></aside>
</div>
<footer>© 2023 Kabar Kali. All rights reserved.</footer>
</body></html>"""


JSON_LD = """<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Warga Tanam Seribu Pohon di Bantaran Ciliwung", "datePublished": "2023-03-06T09:15:00+07:00",
"author": [{"@type": "Person", "name": "Rina Kartika"}], "publisher": {"@type": "Organization", "name": "Kabar Kali"}}</script>
<meta property="og:site_name" content="Kabar Kali">
<meta property="og:title" content="Warga Tanam Seribu Pohon di Bantaran Ciliwung | Kabar Kali">
<link rel="canonical" href="https://www.kabarkali.com/read/2023/03/06/warga-tanam-pohon">"""


def parse(html: str) -> Article:
    return parse_html(html, source_path="page.html", article_id="page")


def test_markup_becomes_the_visible_lines_of_a_text_page() -> None:
    lines = [line.text for line in visible_lines(parse_document(html_page()))]
    assert lines[:4] == ["Beranda", "Nasional", "Olahraga", HEADLINE]
    assert "Berita Palsu Dari Skrip" not in " ".join(lines)
    assert "color: red" not in " ".join(lines)
    assert "Baca juga: Harga Cabai Naik Jelang Ramadan" in lines


def test_declared_metadata_gives_the_fields_the_page_does_not_print() -> None:
    article = parse(html_page(head=JSON_LD))
    assert article.title == HEADLINE
    assert article.author == "Rina Kartika"
    assert article.published == datetime(2023, 3, 6, 9, 15, tzinfo=WIB)
    assert article.outlet == "Kabar Kali"
    assert article.url == "https://www.kabarkali.com/read/2023/03/06/warga-tanam-pohon"
    assert article.dateline == "Bogor"
    assert article.body == tuple(PARAGRAPHS)


def test_the_page_rules_still_clean_a_saved_page() -> None:
    article = parse(html_page(head=JSON_LD))
    assert "Harga Cabai" not in article.text
    assert "Banjir Rendam" not in article.text
    assert [c.text for c in article.captions] == ["Warga menanam pohon."]


def test_the_title_is_the_visible_headline_not_the_declared_one_with_a_site_suffix() -> None:
    head = '<meta property="og:title" content="Warga Tanam Seribu Pohon di Bantaran Ciliwung - KabarKali.com">'
    assert parse(html_page(head=head)).title == HEADLINE


def test_a_printed_byline_and_date_win_over_declared_ones() -> None:
    head = JSON_LD.replace("Rina Kartika", "Budi Editor Piket")
    article = parse(html_page(head=head, byline="Penulis: Dewi Lestari", printed_date="Senin, 6 Maret 2023 10:30 WIB"))
    assert article.author == "Dewi Lestari"
    assert article.published == datetime(2023, 3, 6, 10, 30, tzinfo=WIB)


def test_a_publisher_declared_as_author_is_no_author() -> None:
    head = '<meta name="author" content="Kabar Kali Cyber Media"><meta name="author" content="kabarkali.com">'
    assert parse(html_page(head=head)).author is None


def test_a_declared_time_without_a_zone_is_the_outlets_own_time() -> None:
    head = '<meta property="article:published_time" content="2023-03-06 09:15:00">'
    assert parse(html_page(head=head)).published == datetime(2023, 3, 6, 9, 15, tzinfo=WIB)


def test_a_time_element_gives_the_date() -> None:
    html = html_page().replace("<h1>", '<time datetime="2023-03-06T02:15:00Z">6 Maret</time><h1>')
    assert parse(html).published == datetime(2023, 3, 6, 9, 15, tzinfo=WIB)


def test_a_network_channel_becomes_the_section() -> None:
    head = '<meta property="og:site_name" content="detikTravel">'
    article = parse(html_page(head=head, dateline="Badung - "))
    assert (article.outlet, article.section) == ("detik", "detikTravel")


def test_a_text_page_and_its_saved_html_read_alike(tmp_path: Path) -> None:
    html = html_page(byline="Penulis: Dewi Lestari", printed_date="Senin, 6 Maret 2023 10:30 WIB")
    lines = [line.text for line in visible_lines(parse_document(html))]
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    (tmp_path / "p.txt").write_text("\n".join(lines), encoding="utf-8")
    from_html, from_text = (
        [e for e in read_source(tmp_path / name) if isinstance(e, Article)][0]
        for name in ("p.html", "p.txt")
    )
    for field in ("title", "author", "published", "dateline", "body", "outlet"):
        assert getattr(from_html, field) == getattr(from_text, field), field


def test_markup_in_a_txt_file_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(html_page(head=JSON_LD), encoding="utf-8")
    [article] = [e for e in read_source(path) if isinstance(e, Article)]
    assert article.title == HEADLINE and "<p>" not in article.text


def test_a_folder_of_text_html_and_jsonl_is_ingested_whole(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(html_page(head=JSON_LD), encoding="utf-8")
    (folder / "b.htm").write_text(html_page(head=JSON_LD).replace("Warga", "Penduduk"), encoding="utf-8")
    (folder / "c.txt").write_text("\n".join([HEADLINE, "Senin, 6 Maret 2023 10:30 WIB", *PARAGRAPHS]), encoding="utf-8")
    record = {"id": "d", "title": "Judul Rekaman", "text": "\n\n".join(PARAGRAPHS), "source": "antaranews"}
    (folder / "d.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["index", str(folder), "-i", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert "4 added" in result.stderr
    index = str(tmp_path / "index")
    found = runner.invoke(cli, ["search", "bibit pohon", "-i", index, "--json", "--no-collapse"])
    assert sorted(hit["id"] for hit in json.loads(found.stdout)["hits"]) == ["a", "b", "c", "d"]


def test_parse_explain_names_the_source_of_each_field(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(head=JSON_LD), encoding="utf-8")
    fields = {f.field: f for f in explain_file(path).fields}
    assert fields["author"].source is not None and fields["author"].source.startswith("JSON-LD NewsArticle")
    assert fields["published"].source == "JSON-LD NewsArticle datePublished"
    assert fields["outlet"].source == "meta og:site_name"
    assert fields["dateline"].source is not None and fields["dateline"].source.startswith("text rule")
    result = CliRunner().invoke(cli, ["parse", str(path), "--explain"])
    assert result.exit_code == 0
    assert "author     Rina Kartika  <- JSON-LD NewsArticle author" in result.stdout
    assert f"[title] {HEADLINE}" in result.stdout


# ---- pages that hold no article ---------------------------------------------------


def _failure(tmp_path: Path, name: str, content: str) -> IngestFailure:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    events = list(read_source(path))
    assert not [e for e in events if isinstance(e, Article)]
    [failure] = [e for e in events if isinstance(e, IngestFailure)]
    assert "\n" not in failure.message
    return failure


def test_an_index_page_is_no_article(tmp_path: Path) -> None:
    items = "".join(
        f'<li><a href="/{n}">Berita Nomor {n} Tentang Banjir di Kota</a><span>Senin, 6 Maret 2023 0{n % 10}:00 WIB</span></li>'
        for n in range(30)
    )
    failure = _failure(tmp_path, "index.html", f"<html><body><h1>Indeks Berita</h1><ul>{items}</ul></body></html>")
    assert failure.message.startswith(f"no article found in {tmp_path / 'index.html'}")


def test_a_gallery_without_text_is_no_article(tmp_path: Path) -> None:
    images = "".join(f'<figure><img src="{n}.jpg"><figcaption>Foto {n}</figcaption></figure>' for n in range(12))
    html = f"<html><body><h1>Galeri: Banjir Jakarta</h1><div>Senin, 6 Maret 2023 09:15 WIB</div>{images}</body></html>"
    assert "no article found" in _failure(tmp_path, "gallery.html", html).message


def test_a_paywall_stub_is_no_article(tmp_path: Path) -> None:
    html = (
        "<html><body><h1>Rahasia Panen Padi Dua Kali Lipat</h1><div>Senin, 6 Maret 2023 09:15 WIB</div>"
        f"<p>{PARAGRAPHS[0]}</p>"
        "<div class='wall'>Baca selengkapnya dengan berlangganan Kabar Kali Premium.</div>"
        "<button>Berlangganan</button></body></html>"
    )
    assert "subscribers-only" in _failure(tmp_path, "stub.html", html).message


def test_a_full_story_with_a_subscribe_box_is_an_article(tmp_path: Path) -> None:
    html = html_page(head=JSON_LD).replace(
        "</article>", "<div>Baca berita lainnya dengan berlangganan newsletter kami.</div></article>"
    )
    path = tmp_path / "ok.html"
    path.write_text(html, encoding="utf-8")
    assert [e for e in read_source(path) if isinstance(e, Article)]


# ---- malformed and hostile markup --------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><p>" + PARAGRAPHS[0] + "<div><span><p>" + PARAGRAPHS[1],  # nothing closed
        "</p></div></body><p>" + PARAGRAPHS[0] + "</html></html><<<>>>",  # closing tags only
        "<html><body>" + "<div>" * 50_000 + PARAGRAPHS[0] + "</div>" * 10 + "</body></html>",  # deep
        "<!DOCTYPE html><!-- never closed comment " + PARAGRAPHS[0] * 100,
        "<html><head><script type='application/ld+json'>" + "[" * 100_000 + "</script></head><body><p>" + PARAGRAPHS[0] + "</p></body></html>",
        "<html><body><p>" + "x" * 1_000_000 + "</p></body></html>",  # one huge text node
        "<html><body>" + "<p>kata " * 30_000 + "</body></html>",  # many tiny elements
        "<html><body><p>\x00\x01 bytes \udcff and &#0; &#xD800; &bogus; refs</p></body></html>",
    ],
    ids=["unclosed", "closing-only", "deep-nesting", "open-comment", "json-ld-bomb", "huge-text", "many-elements", "bad-refs"],
)
def test_malformed_or_huge_markup_never_crashes(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(markup.encode("utf-8", "surrogatepass"))
    events = list(read_source(path))
    assert events, "every file reports something"
    for event in events:
        if isinstance(event, IngestFailure):
            assert "\n" not in event.message and "Traceback" not in event.message


def test_lone_surrogates_escaped_in_json_ld_become_replacement_characters(tmp_path: Path) -> None:
    # JSON's "\udc80" escape decodes to a lone surrogate, which no index or output can hold.
    head = (
        JSON_LD.replace('"name": "Rina Kartika"', '"name": "Rina \\udc80 Kartika"')
        .replace('"name": "Kabar Kali"', '"name": "Kabar \\ud800 Kali"')
        .replace('"@type": "NewsArticle",', '"@type": "NewsArticle", "url": "https://kabarkali.com/\\udfff",')
    )
    (tmp_path / "page.html").write_text(html_page(head=head), encoding="utf-8")
    [article] = [e for e in read_source(tmp_path / "page.html") if isinstance(e, Article)]
    assert article.author == "Rina \ufffd Kartika"
    assert article.url is not None and "\ufffd" in article.url
    result = CliRunner().invoke(cli, ["index", str(tmp_path), "-i", str(tmp_path / "index")])
    assert result.exit_code == 0 and "1 added" in result.stderr, result.output


def test_an_empty_or_whitespace_html_file_is_skipped_with_one_line(tmp_path: Path) -> None:
    for name, data in (("empty.html", b""), ("blank.html", b"  \n\t ")):
        path = tmp_path / name
        path.write_bytes(data)
        [failure] = list(read_source(path))
        assert isinstance(failure, IngestFailure)


def test_a_folder_walk_with_bad_html_keeps_the_good_pages(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(html_page(head=JSON_LD), encoding="utf-8")
    (tmp_path / "broken.html").write_bytes(b"<html><body><div>" * 1000)
    events = list(ingest([tmp_path]))
    assert [e.id for e in events if isinstance(e, Article)] == ["good"]


def test_link_lists_and_sidebars_between_paragraphs_are_dropped_by_their_markup() -> None:
    teasers = "".join(
        f'<div class="box"><a href="/{n}">Teaser Nomor {n} Tentang Harga Beras Naik Lagi</a></div>'
        for n in range(2)
    )
    aside = "<aside><div>Jadwal Sholat Hari Ini Kota Bogor</div></aside>"
    html = html_page(head=JSON_LD).replace(f"<p>{PARAGRAPHS[1]}</p>", f"{teasers}{aside}<p>{PARAGRAPHS[1]}</p>")
    article = parse(html)
    assert article.body == tuple(PARAGRAPHS)
    lines = {line.text: line for line in explain_html(html).lines}
    assert lines["Teaser Nomor 0 Tentang Harga Beras Naik Lagi"].reason == "link text"
    assert lines["Jadwal Sholat Hari Ini Kota Bogor"].reason == "navigation, sidebar or footer element"

