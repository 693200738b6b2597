"""Syndicated stories on the command line: 'also in' under a hit, --no-collapse, show, stats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from record_corpus import excerpt_records, syndicated_copy, write_jsonl

from searchlib.cli import cli

QUERY = "transportasi online tradisional"
ORIGINAL = excerpt_records()[0]
COPIES = [syndicated_copy(ORIGINAL, number) for number in range(4)]
STORY = {ORIGINAL["id"], *(copy["id"] for copy in COPIES)}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"NO_COLOR": "1"})


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stories-cli")
    corpus = write_jsonl(folder / "news.jsonl", excerpt_records() + COPIES)
    result = run("index", str(corpus), "-i", str(folder / "index"), "--jobs", "1", "-q")
    assert result.exit_code == 0, result.stderr
    return folder / "index"


def test_a_story_is_one_hit_with_the_other_outlets_under_it(index: Path) -> None:
    result = run("search", QUERY, "-i", str(index))
    assert result.exit_code == 0, result.stderr
    first = result.stdout.split("\n\n")[0]
    assert "also in " in first and "(+2)" in first  # four others: two named, then +2
    story = {ORIGINAL["id"], *(copy["id"] for copy in COPIES)}
    lines = result.stdout.splitlines()
    shown = [line.rsplit(" · ", 1)[-1] for line in lines if " · score " in line]
    assert sum(article_id in story for article_id in shown) == 1
    assert "matching articles in" in result.stderr and "stories" in result.stderr


def test_json_lists_the_others_under_also_in(index: Path) -> None:
    result = run("search", QUERY, "-i", str(index), "--json")
    data = json.loads(result.stdout)
    first = data["hits"][0]
    others = {entry["id"] for entry in first["also_in"]}
    assert {first["id"], *others} == {ORIGINAL["id"], *(copy["id"] for copy in COPIES)}
    assert data["total"] - data["stories"] == 4


def test_no_collapse_shows_each_copy(index: Path) -> None:
    result = run("search", QUERY, "-i", str(index), "--no-collapse", "--jsonl")
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert {ORIGINAL["id"], *(copy["id"] for copy in COPIES)} <= set(ids)
    assert "also in" not in run("search", QUERY, "-i", str(index), "--no-collapse").stdout


def test_show_lists_the_story_s_other_articles(index: Path) -> None:
    result = run("show", ORIGINAL["id"], "-i", str(index))
    assert result.exit_code == 0, result.stderr
    assert "Also in (4 more of this story):" in result.stdout
    assert all(copy["id"] in result.stdout for copy in COPIES)
    data = json.loads(run("show", COPIES[0]["id"], "-i", str(index), "--json").stdout)
    assert {entry["id"] for entry in data["story"]["also_in"]} == {
        ORIGINAL["id"], *(copy["id"] for copy in COPIES[1:])
    }


def test_stats_count_stories_of_more_than_one_article(index: Path) -> None:
    result = run("stats", "-i", str(index))
    assert "Stories:   40 (1 with more than one article, the largest has 5)" in result.stdout
    data = json.loads(run("stats", "-i", str(index), "--json").stdout)
    assert (data["stories"], data["syndicated_stories"], data["largest_story"]) == (40, 1, 5)


def test_no_stories_needs_a_new_index(index: Path, tmp_path: Path) -> None:
    refused = run("index", "seeds", "-i", str(index), "--no-stories")
    assert refused.exit_code == 1 and "--rebuild" in refused.stderr
    corpus = write_jsonl(tmp_path / "news.jsonl", excerpt_records() + COPIES)
    plain = tmp_path / "plain"
    assert run("index", str(corpus), "-i", str(plain), "--no-stories", "-q").exit_code == 0
    result = run("search", QUERY, "-i", str(plain), "--json")
    assert json.loads(result.stdout)["hits"][0]["also_in"] == []
    assert "Stories:" not in run("stats", "-i", str(plain)).stdout


def test_a_later_copy_joins_and_pruning_the_best_copy_promotes_another(tmp_path: Path) -> None:
    """Through `searchlib index` run after run, each copy of the story in a file of its own."""
    folder = tmp_path / "news"
    folder.mkdir()
    write_jsonl(folder / "others.jsonl", excerpt_records()[1:])
    sixth = syndicated_copy(ORIGINAL, 5)
    file_of = {record["id"]: folder / f"{number}.jsonl"
               for number, record in enumerate([ORIGINAL, *COPIES, sixth])}  # fmt: skip
    for record in [ORIGINAL, *COPIES]:
        write_jsonl(file_of[record["id"]], [record])
    index = str(tmp_path / "index")

    def top_hit() -> dict[str, Any]:
        result = run("search", QUERY, "-i", index, "--json")
        assert result.exit_code == 0, result.stderr
        return dict(json.loads(result.stdout)["hits"][0])

    assert run("index", str(folder), "-i", index, "-q").exit_code == 0
    assert len(top_hit()["also_in"]) == 4
    write_jsonl(file_of[sixth["id"]], [sixth])
    assert run("index", str(folder), "-i", index, "-q").exit_code == 0
    best = top_hit()
    assert {best["id"], *(other["id"] for other in best["also_in"])} == STORY | {sixth["id"]}
    file_of[best["id"]].unlink()
    assert run("index", str(folder), "-i", index, "--prune", "-q").exit_code == 0
    promoted = top_hit()
    assert promoted["id"] != best["id"] and promoted["story"] == best["story"]
    assert len(promoted["also_in"]) == 4
