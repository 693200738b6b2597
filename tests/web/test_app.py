"""The web interface in process: every page and API endpoint, bad parameters, hostile text.

Pages are read as HTML trees (tests/web_page.py), API answers compared with
what the CLI prints for the same search, so the two can never drift apart.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from web_page import Element, parse

from searchlib import Article, ArticleIndex, Caption
from searchlib.cli import cli
from searchlib.web import create_app
from searchlib.web.app import CONTENT_SECURITY_POLICY

BERITABARU = "001_c55a8262d8eb67cc"
REPUBLIKA = "002_bd7d1f872aa3690c"
DETIK = "000_570f68fb9ef06bfe"


@pytest.fixture(scope="module")
def client(seed_index_path: Path) -> Iterator[TestClient]:
    with ArticleIndex.open(seed_index_path) as idx, TestClient(create_app(idx)) as test_client:
        yield test_client


def page(client: TestClient, url: str, status: int = 200) -> Element:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return parse(response.text)


def hits(tree: Element) -> list[Element]:
    return tree.find_all("li", class_="hit")


def outlet_of(hit: Element) -> str:
    return hit.find(class_="outlet").text


def facet_links(tree: Element, facet: str) -> dict[str, Element]:
    """The links of one facet list by their label (the count is beside the link)."""
    return {
        link.find(class_="facet-value").text: link
        for listing in tree.find_all("ul", class_=f"{facet}-facet")
        for link in listing.find_all("a")
    }


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------- search page


def test_home_page_has_a_labelled_search_box_and_the_article_count(client: TestClient) -> None:
    tree = page(client, "/")
    box = tree.find("input", id="q")
    assert box.attrs["name"] == "q" and box.attrs["type"] == "search"
    assert tree.find("label", for_="q").text == "Search the articles"
    assert tree.find("form", role="search").attrs["action"] == "/"
    assert "5 articles in this index" in tree.text
    assert len(tree.find_all("h1")) == 1


def test_search_page_ranks_beritabaru_first_with_marked_forms_of_the_words(
    client: TestClient,
) -> None:
    tree = page(client, "/?q=pertemuan+Jenewa")
    results = hits(tree)
    assert outlet_of(results[0]) == "Beritabaru.co"
    title_link = results[0].find("h2").find("a")
    assert urlsplit(title_link.attrs["href"]).path == f"/articles/{BERITABARU}"
    assert parse_qs(urlsplit(title_link.attrs["href"]).query) == {"q": ["pertemuan Jenewa"]}
    marks = {mark.text.casefold() for mark in tree.find_all("mark")}
    assert {"bertemu", "pertemuan", "jenewa"} <= marks
    assert "4 articles" in tree.find(class_="summary").text
    assert re.search(r"\d+\.\d\d s", tree.find(class_="timing").text)
    assert tree.find("input", id="q").attrs["value"] == "pertemuan Jenewa"


def test_dates_show_with_their_indonesian_zone(client: TestClient) -> None:
    tree = page(client, "/?q=pertukaran+tahanan")
    detik = next(hit for hit in hits(tree) if outlet_of(hit) == "detik")
    time = detik.find("time")
    assert time.text == "2022-07-30 11:28 WIB"
    assert time.attrs["datetime"] == "2022-07-30T11:28:00+07:00"


def test_outlet_facet_counts_and_toggles_the_filter(client: TestClient) -> None:
    tree = page(client, "/?q=pertemuan+Jenewa")
    outlets = facet_links(tree, "outlet")
    assert set(outlets) == {"Beritabaru.co", "detik", "Republika", "VIVA"}
    republika = outlets["Republika"]
    assert "current" not in republika.classes
    filtered = page(client, republika.attrs["href"])
    assert [outlet_of(hit) for hit in hits(filtered)] == ["Republika"]
    chosen = facet_links(filtered, "outlet")
    assert "current" in chosen["Republika"].classes
    # The other outlets stay listed with their counts, to add to the choice.
    assert set(chosen) == set(outlets)
    assert filtered.find("ul", class_="active-filters").text.startswith("Outlet: Republika")
    again = page(client, chosen["Republika"].attrs["href"])
    assert len(hits(again)) == 4
    both = page(client, chosen["VIVA"].attrs["href"])
    assert sorted(outlet_of(hit) for hit in hits(both)) == ["Republika", "VIVA"]


def test_month_facet_narrows_to_a_month_and_back(client: TestClient) -> None:
    tree = page(client, "/?q=Lavrov")
    months = facet_links(tree, "month")
    assert "Dec 2021" in months
    december = page(client, months["Dec 2021"].attrs["href"])
    published = [hit.find("time").attrs["datetime"] for hit in hits(december)]
    assert published and all(date.startswith("2021-12") for date in published)
    chosen = facet_links(december, "month")["Dec 2021"]
    assert "current" in chosen.classes
    assert len(hits(page(client, chosen.attrs["href"]))) == 5


def test_date_range_and_sort_by_date_come_from_the_url(client: TestClient) -> None:
    tree = page(client, "/?q=Lavrov&since=2022-01&until=31+Des+2023&sort=date")
    published = [hit.find("time").attrs["datetime"] for hit in hits(tree)]
    assert published == sorted(published, reverse=True)
    assert all("2022" <= date[:4] <= "2023" for date in published)
    assert tree.find("input", id="since").attrs["value"] == "2022-01"
    assert tree.find("nav", class_="sort").find(class_="current").text == "Newest first"


def test_pagination_links_carry_the_whole_search(client: TestClient) -> None:
    tree = page(client, "/?q=Lavrov&limit=2&outlet=detik&outlet=VIVA&outlet=Republika")
    assert len(hits(tree)) == 2
    pages = tree.find("nav", class_="pagination")
    second = next(link for link in pages.find_all("a") if link.text == "2")
    params = parse_qs(urlsplit(second.attrs["href"]).query)
    assert params == {"q": ["Lavrov"], "outlet": ["detik", "VIVA", "Republika"],
                      "limit": ["2"], "page": ["2"]}
    page_two = page(client, second.attrs["href"])
    assert page_two.find("ol", class_="hits").attrs["start"] == "3"
    assert pages.find("span", class_="current").text == "1"
    past = page(client, "/?q=Lavrov&limit=2&page=9")
    assert not hits(past) and "past the last one" in past.text


def test_did_you_mean_is_a_link_to_the_corrected_search(client: TestClient) -> None:
    tree = page(client, "/?q=Lavrof&sort=date")
    link = tree.find(class_="suggestion").find("a")
    assert link.text == "Lavrov"
    assert parse_qs(urlsplit(link.attrs["href"]).query) == {"q": ["Lavrov"], "sort": ["date"]}


def test_no_hits_offers_ways_out(client: TestClient) -> None:
    tree = page(client, "/?q=zzzxqy&outlet=VIVA")
    empty = tree.find(class_="empty")
    assert "No article matches with these filters" in empty.text
    assert [link.text for link in empty.find_all("a")] == [
        "Search without filters", "Also match near spellings"]


def test_forms_keep_the_other_filters_as_hidden_fields(client: TestClient) -> None:
    tree = page(client, "/?q=Lavrov&outlet=VIVA&sort=date&since=2021")

    def hidden_fields(form: Element) -> set[tuple[str, str]]:
        return {(i.attrs["name"], i.attrs["value"]) for i in form.find_all("input", type="hidden")}

    search_form = tree.find("form", role="search")
    assert hidden_fields(search_form) == {("outlet", "VIVA"), ("sort", "date"), ("since", "2021")}
    date_form = tree.find("form", class_="date-form")
    assert hidden_fields(date_form) == {("q", "Lavrov"), ("outlet", "VIVA"), ("sort", "date")}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=Lavrov&since=kemarin", "cannot read the date 'kemarin'"),
        ("q=Lavrov&since=2023&until=2021", "is after"),
        ("q=Lavrov&page=0", "page must be a whole number from 1 to 100"),
        ("q=Lavrov&page=101", "page must be a whole number from 1 to 100"),
        ("q=Lavrov&limit=500", "limit must be a whole number from 1 to 100"),
        ("q=Lavrov&sort=popular", "sort must be relevance or date"),
        ("q=Lavrov&fuzzy=maybe", "fuzzy must be 1 or 0"),
        ("q=a&q=b", "q may be given once"),
        ("q=" + "kata+" * 400, "the most a query may have is 1000"),
    ],
)
def test_bad_parameters_get_a_400_page_with_one_clear_line(
    client: TestClient, query: str, message: str
) -> None:
    tree = page(client, f"/?{query}", status=400)
    assert message in tree.find(class_="error-message").text
    assert "Traceback" not in tree.text


# ---------------------------------------------------------------------------- article page


def test_article_page_shows_the_clean_article_with_the_query_marked(client: TestClient) -> None:
    tree = page(client, f"/articles/{REPUBLIKA}?q=pertemuan+Jenewa")
    article = tree.find("article")
    assert article.attrs["lang"] == "id"
    assert article.find("h1").text == "Menlu Rusia dan AS Bertemu Bahas Ukraina"
    assert article.find("h1").find("mark").text == "Bertemu"
    meta = article.find(class_="article-meta")
    assert meta.find(class_="outlet").text == "Republika"
    assert meta.find("time").text == "2021-12-03 20:16 WIB"
    assert article.find(class_="dateline").text == "Stockholm"
    assert "Sergey Lavrov" in article.find(class_="caption").text
    assert {mark.text.casefold() for mark in article.find_all("mark")} >= {"bertemu", "pertemuan"}
    assert tree.find(class_="back").find("a").attrs["href"] == "/?q=pertemuan+Jenewa"
    similar = tree.find("section", class_="similar").find_all("a")
    assert similar and all(link.attrs["href"].startswith("/articles/") for link in similar)
    assert f"/articles/{REPUBLIKA}" not in {link.attrs["href"] for link in similar}


def test_article_page_without_a_query_marks_nothing(client: TestClient) -> None:
    tree = page(client, f"/articles/{REPUBLIKA}")
    assert not tree.find_all("mark")
    assert not tree.find_all(class_="back")
    paragraphs = tree.find("article").find_all("p")
    assert any("Sergey Lavrov dan Menteri Luar Negeri" in p.text for p in paragraphs)


def test_an_unknown_article_is_a_404_page(client: TestClient) -> None:
    tree = page(client, "/articles/no-such-article", status=404)
    assert "no article with id 'no-such-article'" in tree.find(class_="error-message").text


# ---------------------------------------------------------------------------- JSON API


def without_timing(data: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(data.pop("took_ms"), float)
    return data


def test_api_search_is_what_the_cli_prints(client: TestClient, seed_index_path: Path) -> None:
    response = client.get("/api/search", params={"q": "pertemuan Jenewa"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    expected = cli_json("search", "pertemuan Jenewa", "--json", "-i", str(seed_index_path))
    assert without_timing(response.json()) == expected


def test_api_search_takes_every_cli_option(client: TestClient, seed_index_path: Path) -> None:
    params = {"q": "Lavrov", "outlet": ["VIVA", "Republika"], "since": "Desember 2021",
              "until": "2023", "sort": "date", "limit": "1", "page": "2", "facets": "1"}
    response = client.get("/api/search", params=params)
    expected = cli_json(
        "search", "Lavrov", "--outlet", "VIVA", "--outlet", "Republika", "--since",
        "Desember 2021", "--until", "2023", "--sort", "date", "-n", "1", "--page", "2",
        "--facets", "--json", "-i", str(seed_index_path),
    )
    data = without_timing(response.json())
    assert data == expected
    assert data["facets"]["outlet"] == {"Republika": 1, "VIVA": 1}
    fuzzy = client.get("/api/search", params={"q": "Stokholm", "fuzzy": "true"}).json()
    assert fuzzy["total"] >= 1


def test_api_article_and_similar_and_stats_are_what_the_cli_prints(
    client: TestClient, seed_index_path: Path
) -> None:
    index = ("-i", str(seed_index_path))
    assert client.get(f"/api/articles/{DETIK}").json() == cli_json("show", DETIK, "--json", *index)
    assert client.get(f"/api/similar/{DETIK}?limit=2").json() == cli_json(
        "similar", DETIK, "-n", "2", "--json", *index)
    assert client.get("/api/stats").json() == cli_json("stats", "--json", *index)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/search", 400, "q is required"),
        ("/api/search?q=+", 400, "q is required"),
        ("/api/search?q=Lavrov&since=31/02/2021", 400, "no such date"),
        ("/api/search?q=Lavrov&until=besok", 400, "cannot read the date"),
        ("/api/search?q=Lavrov&limit=0", 400, "limit must be"),
        ("/api/search?q=Lavrov&page=-1", 400, "page must be"),
        ("/api/search?q=Lavrov&outlet=" + "&outlet=".join("abcdefghijklmnopqrstu"), 400,
         "at most 20 outlet values"),
        ("/api/articles/no-such-article", 404, "no article with id 'no-such-article'"),
        ("/api/similar/no-such-article", 404, "no article with id 'no-such-article'"),
        ("/api/nothing-here", 404, "no such page"),
    ],
)
def test_api_errors_are_json_with_a_status(
    client: TestClient, url: str, status: int, message: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == status and message in body["error"]
    assert "Traceback" not in response.text


def test_only_get_and_head_are_answered(client: TestClient) -> None:
    assert client.post("/api/search?q=Lavrov").status_code == 405
    assert client.post("/api/search?q=Lavrov").json()["status"] == 405
    head = client.head("/?q=Lavrov")
    assert head.status_code == 200 and head.content == b""


def test_an_unexpected_failure_is_a_500_with_one_line(seed_index_path: Path) -> None:
    class BrokenIndex:
        def __getattr__(self, name: str) -> Any:
            raise RuntimeError("disk on fire at /secret/path")

        def __len__(self) -> int:
            raise RuntimeError("disk on fire at /secret/path")

    with TestClient(create_app(BrokenIndex()), raise_server_exceptions=False) as broken:
        api = broken.get("/api/search?q=Lavrov")
        assert api.status_code == 500
        assert api.json() == {"error": "internal error; the server's log has the details",
                              "status": 500}
        html = broken.get("/")
        assert html.status_code == 500 and "/secret/path" not in html.text
        assert html.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


# ---------------------------------------------------------------------------- safety


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/", "/?q=Lavrov", f"/articles/{DETIK}", "/api/search?q=Lavrov", "/api/stats",
                "/?q=Lavrov&page=0", "/nowhere", "/static/style.css"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert headers["x-content-type-options"] == "nosniff"
    assert "script-src" not in CONTENT_SECURITY_POLICY  # default-src 'none' forbids scripts


def test_pages_use_nothing_from_outside_and_no_script(client: TestClient) -> None:
    for url in ("/", "/?q=pertemuan+Jenewa", f"/articles/{REPUBLIKA}?q=Lavrov", "/nowhere"):
        tree = page(client, url, status=404 if url == "/nowhere" else 200)
        assert not tree.find_all("script")
        sources = [el.attrs.get("href") or el.attrs.get("src") or ""
                   for el in tree.find_all("link") + tree.find_all("img")]
        assert sources and all(source.startswith("/static/") for source in sources)
        for form in tree.find_all("form"):
            assert form.attrs["action"] == "/"
    css = client.get(page(client, "/").find("link", rel="stylesheet").attrs["href"])
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert b"url(" not in css.content and b"@import" not in css.content


def test_every_input_has_a_label_and_every_page_one_h1(client: TestClient) -> None:
    for url in ("/", "/?q=Lavrov&outlet=VIVA", f"/articles/{DETIK}?q=Lavrov"):
        tree = page(client, url)
        assert tree.find("html").attrs["lang"] == "en"
        assert len(tree.find_all("h1")) == 1, url
        labelled = {label.attrs.get("for") for label in tree.find_all("label")}
        visible = [i for i in tree.find_all("input") if i.attrs.get("type") != "hidden"]
        assert visible and all(i.attrs["id"] in labelled for i in visible), url
        assert tree.find("a", class_="skip-link").attrs["href"] == "#main"


def test_no_request_names_a_file(client: TestClient) -> None:
    for url in ("/static/../../pyproject.toml", "/static/style.css/../web/app.py",
                "/static/templates/base.html", "/static/%2e%2e/app.py", "/articles/../app.py"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"import" not in response.content


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*"))}


def test_serving_never_writes_to_the_index(seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "index"
    with ArticleIndex.create(folder) as idx:
        idx.add([seeds_dir])
    before = snapshot(folder)
    with ArticleIndex.open(folder) as idx, TestClient(create_app(idx)) as fresh:
        for url in ("/", "/?q=Lavrov&outlet=VIVA&since=2021", f"/articles/{DETIK}?q=Lavrov",
                    "/api/search?q=Lavrov&facets=1", f"/api/similar/{DETIK}", "/api/stats"):
            assert fresh.get(url).status_code == 200
    assert snapshot(folder) == before


def test_articles_added_by_another_writer_are_served_from_their_commit_on(
    seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "index"
    with ArticleIndex.create(folder) as writer:
        writer.add([seeds_dir / f"{DETIK}.txt"])
        with ArticleIndex.open(folder) as idx, TestClient(create_app(idx)) as served:
            assert served.get("/api/search?q=Lavrov").json()["total"] == 1
            assert served.get(f"/api/articles/{REPUBLIKA}").status_code == 404
            writer.add([seeds_dir / f"{REPUBLIKA}.txt"])
            assert served.get("/api/search?q=Lavrov").json()["total"] == 2
            tree = page(served, "/?q=Lavrov")
            assert {outlet_of(hit) for hit in hits(tree)} == {"detik", "Republika"}
            assert page(served, f"/articles/{REPUBLIKA}").find("h1").text.startswith("Menlu")


# ---------------------------------------------------------------------------- hostile text

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
ANSI = "\x1b[2J\x1b]0;pwned\x07\x9b31m"
BIDI = "\u202e\u2066\u200f\u202a"
HOSTILE = f"{SCRIPT} {ATTRIBUTE_BREAK} {ANSI} {BIDI}"
MARKER = "zebrakuning"
HOSTILE_ID = 'evil/"><script>1</script>'


def hostile_article() -> Article:
    return Article(
        id=HOSTILE_ID,
        source_path=f"pages/{ANSI}evil.txt",
        title=f"Serangan {MARKER} {HOSTILE}",
        body=(f"Paragraf {MARKER} pertama {HOSTILE} titik.", f"Paragraf {SCRIPT} kedua."),
        outlet=f"Outlet {HOSTILE}",
        author=f"Penulis {ANSI}",
        lead=f"Lead {MARKER} {HOSTILE}",
        captions=(Caption(f"Foto {MARKER} {HOSTILE}", f"Kredit {ATTRIBUTE_BREAK}"),),
        dateline=f"Kota{BIDI}",
        section=f"Seksi {SCRIPT}",
        url="javascript:alert(1)",
        credited_source=f"Sumber {ATTRIBUTE_BREAK}",
    )


@pytest.fixture(scope="module")
def hostile_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-web") / "index"
    with ArticleIndex.create(folder) as idx:
        assert idx.add_articles([hostile_article()]).added == 1
    return folder


@pytest.fixture(scope="module")
def hostile_client(hostile_index_path: Path) -> Iterator[TestClient]:
    with ArticleIndex.open(hostile_index_path) as idx, TestClient(create_app(idx)) as test_client:
        yield test_client


def unsafe_characters(text: str) -> list[str]:
    return [c for c in text if c not in "\n\t" and unicodedata.category(c) in {"Cc", "Cf", "Cs"}]


def test_hostile_article_text_is_escaped_and_stripped_on_every_page(
    hostile_client: TestClient,
) -> None:
    search = hostile_client.get(f"/?q={MARKER}")
    results = parse(search.text)
    link = hits(results)[0].find("h2").find("a")
    article = hostile_client.get(link.attrs["href"])
    assert article.status_code == 200
    for response in (search, article):
        html = response.text
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert unsafe_characters(html) == []
        assert 'href="javascript:' not in html
        tree = parse(html)
        assert not tree.find_all("script") and not tree.find_all("img")
        assert all(set(el.attrs) <= {"href", "class", "id", "lang", "rel", "title", "datetime",
                                     "aria-current", "aria-label", "aria-labelledby",
                                     "aria-describedby", "aria-hidden", "role", "name", "value",
                                     "type", "for", "action", "method", "start", "maxlength",
                                     "autocomplete", "spellcheck", "placeholder", "content",
                                     "charset", "tabindex", "autofocus"}
                   for el in tree.find_all())
    article_tree = parse(article.text)
    assert article_tree.find("h1").find("mark").text == MARKER
    assert "javascript:alert(1)" in article_tree.find("details", class_="record").text


def test_hostile_article_text_is_exact_in_the_json_api(hostile_client: TestClient) -> None:
    article = hostile_client.get(f"/api/articles/{HOSTILE_ID.replace('/', '%2F')}")
    assert article.status_code == 200
    data = article.json()
    assert data.pop("story")["also_in"] == []  # a story of its own
    assert data == hostile_article().to_dict()
    # Control and bidi characters travel as \uXXXX escapes, never raw.
    assert unsafe_characters(article.text) == []
    assert article.headers["x-content-type-options"] == "nosniff"
    found = hostile_client.get("/api/search", params={"q": MARKER}).json()
    assert found["hits"][0]["id"] == HOSTILE_ID


def test_hostile_text_reads_back_the_same_from_the_api_and_the_cli(
    hostile_client: TestClient, hostile_index_path: Path
) -> None:
    # The two escape differently (the API every non-ASCII character, --json only the
    # characters that would break a terminal, bidi controls among them): the data is one.
    index = ("-i", str(hostile_index_path))
    search = hostile_client.get("/api/search", params={"q": MARKER})
    assert without_timing(search.json()) == cli_json("search", MARKER, "--json", *index)
    article = hostile_client.get(f"/api/articles/{HOSTILE_ID.replace('/', '%2F')}")
    assert article.json() == cli_json("show", HOSTILE_ID, "--json", *index)
    assert BIDI in article.json()["dateline"] and BIDI not in article.text


def test_hostile_outlet_names_stay_data_in_facet_links(hostile_client: TestClient) -> None:
    tree = parse(hostile_client.get(f"/?q={MARKER}").text)
    (outlet_link,) = facet_links(tree, "outlet").values()
    filtered = hostile_client.get(outlet_link.attrs["href"])
    assert filtered.status_code == 200
    assert len(hits(parse(filtered.text))) == 1



def test_the_readme_lists_every_api_endpoint(seed_index: ArticleIndex) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    web = readme.split("## Web\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"\| `GET (/api/[a-z]+)", web))
    app = create_app(seed_index)
    served = {route.path.split("/{")[0] for route in app.app.routes}
    assert documented == {path for path in served if path.startswith("/api/")}


def test_articles_without_outlet_or_date_are_counted_but_no_filter(tmp_path: Path) -> None:
    bare = Article(id="bare-1", source_path="bare.txt", title="Banjir di Bekasi",
                   body=("Banjir merendam ratusan rumah di Bekasi.",))
    with ArticleIndex.create(tmp_path / "index") as idx:
        idx.add_articles([bare])
    with ArticleIndex.open(tmp_path / "index") as idx, TestClient(create_app(idx)) as served:
        tree = page(served, "/?q=banjir")
    (hit,) = hits(tree)
    assert hit.find(class_="undated").text == "undated" and not hit.find_all("time")
    for facet, label in (("outlet", "Unknown outlet"), ("month", "Undated")):
        (item,) = tree.find("ul", class_=f"{facet}-facet").find_all("li")
        assert item.find(class_="facet-value").text == label
        assert item.find(class_="count").text == "1" and not item.find_all("a")
