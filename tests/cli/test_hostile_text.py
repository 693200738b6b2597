"""Hostile article text: markup is escaped in HTML, control sequences never reach a terminal.

Scraped pages carry whatever their authors (or attackers) put in them. An
article is data: JSON output keeps its text exactly, HTML renderings escape it,
and terminal renderings drop every escape sequence, control character and bidi
override that came from the article, keeping only the colours searchlib adds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from searchlib import Article, ArticleIndex
from searchlib.cli import cli
from searchlib.cli.render import render_article, render_hit, single_line, terminal_safe
from searchlib.ingest import Caption
from searchlib.results import Snippet

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
CLEAR_SCREEN = "\x1b[2J"
SET_TITLE = "\x1b]0;pwned\x07"
BLINK = "\x1b[5m"
C1_CSI = "\x9b2J"
C0 = "\x00\x07\x08\x0b\x0c\x7f"
BIDI = "\u202e\u2066\u200f\u202a"
HOSTILE = f"{SCRIPT} {ATTRIBUTE_BREAK} {CLEAR_SCREEN}{SET_TITLE}{BLINK} {C0} {C1_CSI} {BIDI}"
# Leftovers of the sequences above that are harmless once their control characters are gone.
MARKER = "zebrakuning"
ARTICLE_ID = "hostile-1"

# Colours searchlib itself adds (click.style): reset, bold, dim, yellow; nothing else.
OWN_SGR_PARAMETERS = frozenset({"0", "1", "2", "22", "33", "39"})
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def hostile_article() -> Article:
    return Article(
        id=ARTICLE_ID,
        source_path=f"pages/{SET_TITLE}evil.txt",
        title=f"Serangan {MARKER} {HOSTILE}",
        body=(
            f"Paragraf pertama menyebut {MARKER} lalu {HOSTILE} sebelum titik.",
            f"Paragraf kedua {MARKER} {SCRIPT} {ATTRIBUTE_BREAK} selesai.",
        ),
        outlet=f"Outlet {HOSTILE}",
        author=f"Penulis {BLINK}{CLEAR_SCREEN}",
        lead=f"Lead {MARKER} {HOSTILE}",
        captions=(Caption(f"Foto {MARKER} {HOSTILE}", f"Kredit {SET_TITLE}"),),
        dateline=f"Kota{C1_CSI}",
    )


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "index"
    with ArticleIndex.create(path) as idx:
        assert idx.add_articles([hostile_article()]).added == 1
    return path


@pytest.fixture()
def opened(hostile_index: Path) -> Iterator[ArticleIndex]:
    with ArticleIndex.open(hostile_index) as idx:
        yield idx


def unsafe_characters(text: str) -> list[str]:
    """Characters a terminal would act on rather than show (newline and tab are fine)."""
    return [
        char
        for char in text
        if char not in "\n\t" and unicodedata.category(char) in {"Cc", "Cf", "Cs"}
    ]


def assert_terminal_safe(text: str, *, own_colours: bool = False) -> None:
    """No escape or control character from article text; only searchlib's own colours."""
    if own_colours:
        for parameters in _SGR.findall(text):
            assert set(parameters.split(";")) <= OWN_SGR_PARAMETERS, repr(parameters)
        text = _SGR.sub("", text)
    assert unsafe_characters(text) == [], repr(text)


def run(*args: str, color: bool = False, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), color=color, env=env)
    assert result.exit_code == 0, result.stderr
    return result


# ---------------------------------------------------------------------------- HTML


def test_snippet_html_escapes_markup() -> None:
    text = f"Kata {MARKER} {SCRIPT} {ATTRIBUTE_BREAK}"
    start = text.index(MARKER)
    html = Snippet(text, ((start, start + len(MARKER)),)).to_html()
    assert f"<mark>{MARKER}</mark>" in html
    assert "<script" not in html and "<img" not in html and '"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_highlight_spans_cannot_inject_markup() -> None:
    """Even a highlight covering markup is escaped inside the tag."""
    html = Snippet(SCRIPT, ((0, len(SCRIPT)),)).to_html(tag="b")
    assert html == "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>"


def test_search_hit_html_is_escaped(opened: ArticleIndex) -> None:
    [hit] = opened.search(MARKER).hits
    assert hit.snippets
    for snippet in (Snippet(hit.title, hit.title_highlights), *hit.snippets):
        html = snippet.to_html()
        assert "<script" not in html and "<img" not in html
        assert re.sub(r"</?mark>", "", html).count("<") == 0


# ---------------------------------------------------------------------------- terminal_safe


@pytest.mark.parametrize(
    "sequence",
    [
        CLEAR_SCREEN,
        SET_TITLE,
        BLINK,
        "\x1b]0;pwned\x1b\\",  # OSC ended by ST
        "\x1b]8;;https://example.org\x1b\\",  # hyperlink
        "\x1bP1$qm\x1b\\",  # DCS string
        "\x1b_apc\x1b\\",  # APC string
        "\x1b(0",  # charset switch to line drawing
        "\x1bc",  # full reset
        "\x1b[?1049h",  # alternate screen
        C1_CSI,
        "\x9d0;pwned\x9c",  # 8-bit OSC
        C0,
        BIDI,
        "\u200b\u2060\ufeff",
    ],
)
def test_terminal_safe_removes_control_sequences(sequence: str) -> None:
    cleaned = terminal_safe(f"sebelum{sequence}sesudah")
    assert cleaned == "sebelumsesudah"


@pytest.mark.parametrize(
    "text",
    [
        "Menlu AS\tdan Rusia\nbertemu di Jenewa",
        "kafe\u0301 caf\u00e9 \u2013 \u201ckutipan\u201d",
        "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd",
        "\U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f1ee\U0001f1e9",
    ],
)
def test_terminal_safe_keeps_ordinary_text(text: str) -> None:
    assert terminal_safe(text) == text


def test_unterminated_string_sequence_hides_nothing_else() -> None:
    assert terminal_safe("awal\x1b]0;sisa berita") == "awal0;sisa berita"


def test_undecodable_file_name_bytes_show_as_replacement() -> None:
    name = b"berita-\xff.txt".decode("utf-8", "surrogateescape")
    assert terminal_safe(name) == "berita-\ufffd.txt"
    terminal_safe(name).encode("utf-8")


def test_single_line_shows_line_breaks_instead_of_breaking() -> None:
    assert single_line(f"a\nb\tc{CLEAR_SCREEN}") == "a\\nb\\tc"


def test_single_line_stays_one_line_for_unicode_line_separators() -> None:
    shown = single_line("a\u2028b\u2029c")
    assert shown.splitlines() == [shown]
    assert shown == "a\\u2028b\\u2029c"


# ---------------------------------------------------------------------------- renderings


def test_render_hit_shows_no_control_characters(opened: ArticleIndex) -> None:
    [hit] = opened.search(MARKER).hits
    text = render_hit(hit)
    assert_terminal_safe(text)
    assert SCRIPT in text and MARKER in text


def test_render_article_shows_no_control_characters(opened: ArticleIndex) -> None:
    article = opened.get(ARTICLE_ID)
    assert article is not None
    text = render_article(article)
    assert_terminal_safe(text)
    assert text.count(SCRIPT) >= 4


# ---------------------------------------------------------------------------- the command line


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("args", [("search", MARKER), ("show", ARTICLE_ID)], ids=["search", "show"])
def test_cli_terminal_output_is_safe(
    hostile_index: Path, args: tuple[str, ...], color: bool
) -> None:
    result = run(*args, "-i", str(hostile_index), color=color)
    assert_terminal_safe(result.stdout, own_colours=color)
    assert_terminal_safe(result.stderr, own_colours=color)
    assert SCRIPT in result.stdout


def test_no_color_means_no_escape_at_all(hostile_index: Path) -> None:
    result = run("search", MARKER, "-i", str(hostile_index), color=True, env={"NO_COLOR": "1"})
    assert "\x1b" not in result.stdout
    assert_terminal_safe(result.stdout)


def test_colour_forced_marks_the_match(hostile_index: Path) -> None:
    result = run("search", MARKER, "-i", str(hostile_index), color=True)
    assert re.search(rf"\x1b\[[0-9;]*m{MARKER}\x1b\[0m", result.stdout)


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
def test_cli_parse_output_is_safe(tmp_path: Path, color: bool) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        f"Judul {MARKER} {HOSTILE}\n\nSenin, 2 Januari 2023 10:00 WIB\n\n"
        f"JAKARTA - Isi berita {MARKER} {HOSTILE} yang cukup panjang untuk sebuah paragraf.\n",
        encoding="utf-8",
    )
    records = tmp_path / "records.jsonl"
    record = {"id": "rekaman", "title": f"Rekaman {HOSTILE}", "text": f"Isi {MARKER} {HOSTILE}"}
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("parse", str(page), str(records), color=color)
    assert_terminal_safe(result.stdout, own_colours=color)
    assert result.stdout.count(SCRIPT) >= 2


def test_cli_error_quoting_a_hostile_file_name_is_one_safe_line(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / f"{CLEAR_SCREEN}\nclear.txt").write_bytes(b"")
    result = CliRunner().invoke(
        cli, ["index", "--strict", str(folder), "-i", str(tmp_path / "ix")], color=True
    )
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert_terminal_safe(line)
    assert "\\nclear.txt" in line


# ---------------------------------------------------------------------------- JSON keeps the data


def test_json_search_output_keeps_the_text_exactly(hostile_index: Path) -> None:
    result = run("search", MARKER, "--json", "-i", str(hostile_index))
    [hit] = json.loads(result.stdout)["hits"]
    article = hostile_article()
    assert hit["title"] == " ".join(article.title.split())
    assert hit["outlet"] == article.outlet
    assert hit["author"] == article.author
    assert any(SCRIPT in snippet["text"] for snippet in hit["snippets"])


def test_json_show_output_keeps_the_article_exactly(hostile_index: Path) -> None:
    result = run("show", ARTICLE_ID, "--json", "-i", str(hostile_index))
    shown = json.loads(result.stdout)
    story = shown.pop("story")  # beside the article: its story, here of one article
    assert shown == hostile_article().to_dict()
    assert story["also_in"] == []


def test_json_parse_output_keeps_markup_as_text(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    record = {"id": "rekaman", "title": f"Rekaman {SCRIPT}", "text": f"Isi {ATTRIBUTE_BREAK}"}
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [article] = json.loads(run("parse", "--json", str(records)).stdout)
    assert article["title"] == record["title"]
    assert article["body"] == [record["text"]]


def test_skipped_file_lines_are_terminal_safe(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "\x1b[2J\x1b]0;pwned\x07.txt").write_bytes(b"")
    for args in (["parse", str(folder)], ["index", str(folder), "-i", str(tmp_path / "ix")]):
        result = run(*args, color=True)
        assert "skipped" in result.stderr
        assert_terminal_safe(result.stderr)


def hostile_outlet_index(folder: Path) -> str:
    """An index of one article whose outlet name carries escape and bidi sequences."""
    article = Article(
        id="h", source_path="h.txt", title="zebrakuning", body=("zebrakuning isi.",),
        outlet=f"Outlet {SET_TITLE}{CLEAR_SCREEN}{BIDI}",
    )  # fmt: skip
    with ArticleIndex.create(folder) as idx:
        idx.add_articles([article])
    return str(folder)


@pytest.mark.parametrize(
    "command", [["stats"], ["search", "zebrakuning", "--facets"]], ids=["stats", "facets"]
)
def test_outlet_names_print_terminal_safe(tmp_path: Path, command: list[str]) -> None:
    result = run(*command, "-i", hostile_outlet_index(tmp_path / "index"), color=True)
    assert result.exit_code == 0
    assert "Outlet" in result.stdout
    assert_terminal_safe(result.stdout, own_colours=True)


def test_json_escapes_characters_that_break_strict_output() -> None:
    from searchlib.cli.output import json_text

    text = json_text({"title": "a\udcffb\x9bc\u2028d"}, indent=None)
    assert text == '{"title": "a\\udcffb\\u009bc\\u2028d"}'
    assert json.loads(text)["title"] == "a\udcffb\x9bc\u2028d"


def test_snippet_html_carries_no_control_or_bidi_characters() -> None:
    text = "a\x1b[2J\x00b\u202ec\x9b31m d"
    rendered = Snippet(text, ((len(text) - 1, len(text)),)).to_html()
    assert not [c for c in rendered if unicodedata.category(c) in {"Cc", "Cf"}], repr(rendered)
    assert rendered == "a[2Jbc31m <mark>d</mark>"
