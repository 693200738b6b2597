"""Syndicated stories on the web: one hit per story with "also in" on the page and in the
API, a switch to every copy, and the copies listed on an article's page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from click.testing import CliRunner
from record_corpus import excerpt_records, syndicated_copy, write_jsonl
from starlette.testclient import TestClient
from web_page import Element, parse

from searchlib import ArticleIndex
from searchlib.cli import cli
from searchlib.web import create_app
from searchlib.web.params import article_path

QUERY = "transportasi online tradisional"
ORIGINAL = excerpt_records()[0]
COPIES = [syndicated_copy(ORIGINAL, number) for number in range(4)]
STORY = {ORIGINAL["id"], *(copy["id"] for copy in COPIES)}
OUTLETS = {ORIGINAL["source"], *(copy["source"] for copy in COPIES)}


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stories-web")
    corpus = write_jsonl(folder / "news.jsonl", excerpt_records() + COPIES)
    with ArticleIndex.create(folder / "index") as idx:
        idx.add([corpus], jobs=1)
    return folder / "index"


@pytest.fixture(scope="module")
def client(index_path: Path) -> Iterator[TestClient]:
    with ArticleIndex.open(index_path) as idx, TestClient(create_app(idx)) as test_client:
        yield test_client


def page(client: TestClient, url: str) -> Element:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    return parse(response.text)


def hit_id(hit: Element) -> str:
    """A hit's article id, from its title link."""
    return unquote(urlsplit(hit.find("a").attrs["href"]).path.removeprefix("/articles/"))


def hit_ids(tree: Element) -> list[str]:
    return [hit_id(hit) for hit in tree.find_all("li", class_="hit")]


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_story_is_one_hit_with_also_in_linking_its_copies(client: TestClient) -> None:
    tree = page(client, f"/?q={QUERY}")
    shown = hit_ids(tree)
    assert len(STORY & set(shown)) == 1
    [hit] = [h for h in tree.find_all("li", class_="hit") if hit_id(h) in STORY]
    also_in = hit.find("p", class_="also-in")
    links = also_in.find_all("a")
    # Two outlets named, each a link to its own copy, then "(+2)" to the list of them all.
    assert also_in.text.startswith("Also in ") and links[-1].text == "(+2)"
    named = {link.text: urlsplit(link.attrs["href"]).path for link in links[:-1]}
    assert len(named) == 2 and set(named) <= OUTLETS
    copies = {c["source"]: c["id"] for c in [ORIGINAL, *COPIES]}
    assert all(path == article_path(copies[outlet]) for outlet, path in named.items())
    best = next(article_id for article_id in shown if article_id in STORY)
    assert urlsplit(links[-1].attrs["href"]).path == article_path(best)
    assert links[-1].attrs["href"].endswith("#story")


def test_the_summary_counts_articles_and_stories(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": QUERY}).json()
    summary = page(client, f"/?q={QUERY}").find("p", class_="summary").text
    assert f"{data['total']} articles in {data['stories']} stories" in summary
    assert data["total"] - data["stories"] == 4


def test_show_every_copy_and_back(client: TestClient) -> None:
    tree = page(client, f"/?q={QUERY}")
    every = tree.find("a", class_="grouping")
    assert every.text == "Show every copy"
    assert parse_qs(urlsplit(every.attrs["href"]).query)["collapse"] == ["0"]
    uncollapsed = page(client, every.attrs["href"])
    assert set(hit_ids(uncollapsed)) >= STORY
    assert not uncollapsed.find_all("p", class_="also-in")
    back = uncollapsed.find("a", class_="grouping")
    assert back.text == "One hit per story" and "collapse" not in back.attrs["href"]
    # The filters and the order keep the choice.
    outlet_link = uncollapsed.find_all("ul", class_="outlet-facet")[0].find("a").attrs["href"]
    assert parse_qs(urlsplit(outlet_link).query)["collapse"] == ["0"]


def test_an_outlet_filter_finds_its_own_copy(client: TestClient) -> None:
    outlet = COPIES[2]["source"]
    tree = page(client, f"/?q={QUERY}&outlet={outlet}")
    assert hit_ids(tree)[0] == COPIES[2]["id"]
    assert not tree.find_all("p", class_="also-in")  # its copies elsewhere are filtered out


def test_api_search_is_what_the_cli_prints_collapsed_or_not(
    client: TestClient, index_path: Path
) -> None:
    for params, flags in (({}, ()), ({"collapse": "0"}, ("--no-collapse",))):
        data = client.get("/api/search", params={"q": QUERY, **params}).json()
        data.pop("took_ms")
        assert data == cli_json("search", QUERY, "--json", *flags, "-i", str(index_path))
    collapsed = client.get("/api/search", params={"q": QUERY}).json()
    first = collapsed["hits"][0]
    assert {first["id"], *(other["id"] for other in first["also_in"])} == STORY
    every = client.get("/api/search", params={"q": QUERY, "collapse": "0"}).json()
    assert every["stories"] is None and every["collapsed"] is False
    assert {hit["id"] for hit in every["hits"]} >= STORY


def test_the_article_page_lists_the_story_s_copies(client: TestClient) -> None:
    tree = page(client, article_path(COPIES[1]["id"]) + f"?q={QUERY}")
    story = tree.find("section", id="story")
    links = story.find_all("a")
    listed = {urlsplit(link.attrs["href"]).path for link in links}
    assert listed == {article_path(i) for i in STORY - {COPIES[1]["id"]}}
    assert all(parse_qs(urlsplit(link.attrs["href"]).query)["q"] == [QUERY] for link in links)
    assert {outlet.text for outlet in story.find_all(class_="outlet")} == OUTLETS - {
        COPIES[1]["source"]
    }


def test_api_article_is_what_show_prints_with_its_story(
    client: TestClient, index_path: Path
) -> None:
    data = client.get(f"/api/articles/{COPIES[0]['id']}").json()
    assert data == cli_json("show", COPIES[0]["id"], "--json", "-i", str(index_path))
    assert {other["id"] for other in data["story"]["also_in"]} == STORY - {COPIES[0]["id"]}


def test_api_similar_leaves_out_the_story_unless_asked(client: TestClient) -> None:
    others = {h["id"] for h in client.get(f"/api/similar/{ORIGINAL['id']}").json()["hits"]}
    assert not others & STORY
    every = client.get(f"/api/similar/{ORIGINAL['id']}", params={"collapse": "0"}).json()
    assert STORY - {ORIGINAL["id"]} <= {hit["id"] for hit in every["hits"]}


def test_a_bad_collapse_value_is_a_400_naming_it(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": QUERY, "collapse": "perhaps"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("collapse must be 1 or 0")


def test_seed_stories_stay_apart_so_nothing_is_collapsed(seed_index_path: Path) -> None:
    with ArticleIndex.open(seed_index_path) as idx, TestClient(create_app(idx)) as seeds:
        tree = page(seeds, "/?q=Lavrov Blinken")
        assert len(hit_ids(tree)) == 5
        assert not tree.find_all("p", class_="also-in") and not tree.find_all(class_="grouping")
        article = page(seeds, article_path(hit_ids(tree)[0]))
        assert not article.find_all("section", id="story")
