"""`searchlib search` and `searchlib similar` through click's CliRunner:
hits on stdout, the count and "did you mean" on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from searchlib.cli import cli

DETIK = "000_570f68fb9ef06bfe"
REPUBLIKA = "002_bd7d1f872aa3690c"
SINDO = "003_865d406f04fe1d93"


def run(index: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "-i", str(index)], env={"NO_COLOR": "1"})


def search_json(index: Path, *args: str) -> dict[str, Any]:
    result = run(index, "search", *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def hit_ids(data: dict[str, Any]) -> list[str]:
    return [hit["id"] for hit in data["hits"]]


def test_pertukaran_tahanan_ranks_detik_first(seed_index_path: Path) -> None:
    assert hit_ids(search_json(seed_index_path, "pertukaran tahanan"))[0] == DETIK


def test_did_you_mean_goes_to_stderr(seed_index_path: Path) -> None:
    result = run(seed_index_path, "search", "Lavrof")
    assert result.exit_code == 0
    assert "Did you mean: Lavrov" in result.stderr
    assert "Did you mean" not in result.stdout
    assert "5 matching articles" in result.stderr
    assert search_json(seed_index_path, "Lavrof")["suggestion"] == "Lavrov"


def test_since_until_with_indonesian_dates(seed_index_path: Path) -> None:
    data = search_json(
        seed_index_path, "Lavrov", "--since", "Desember 2021", "--until", "31 Des 2021"
    )
    assert sorted(hit_ids(data)) == [REPUBLIKA, SINDO]
    assert data["total"] == 2


def test_outlet_filter(seed_index_path: Path) -> None:
    assert hit_ids(search_json(seed_index_path, "Lavrov", "--outlet", "Republika")) == [REPUBLIKA]


def test_author_filter(seed_index_path: Path) -> None:
    assert hit_ids(search_json(seed_index_path, "Lavrov", "--author", "Novi Christiastuti")) == [
        DETIK
    ]


def test_facets_in_json_and_after_the_hits(seed_index_path: Path) -> None:
    data = search_json(seed_index_path, "Lavrov", "--facets")
    assert set(data["facets"]["outlet"].values()) == {1}
    assert len(data["facets"]["outlet"]) == 5
    human = run(seed_index_path, "search", "Lavrov", "--facets", "-n", "1")
    assert human.exit_code == 0
    assert "Outlets:" in human.stdout and "Republika" in human.stdout
    assert "Outlets:" not in human.stderr


def test_sort_date_and_pages(seed_index_path: Path) -> None:
    by_date = search_json(seed_index_path, "Lavrov", "--sort", "date")
    published = [h["published"] for h in by_date["hits"] if h["published"]]
    assert published == sorted(published, reverse=True)
    page_two = search_json(seed_index_path, "Lavrov", "-n", "2", "--page", "2")
    assert [h["rank"] for h in page_two["hits"]] == [3, 4]
    assert (page_two["page"], page_two["limit"], page_two["total"]) == (2, 2, 5)
    human = run(seed_index_path, "search", "Lavrov", "-n", "2", "--page", "2")
    assert "page 2 of 3" in human.stderr


def test_fuzzy_flag(seed_index_path: Path) -> None:
    assert search_json(seed_index_path, "Stokholm")["total"] == 0
    assert search_json(seed_index_path, "Stokholm", "--fuzzy")["total"] > 0


def test_jsonl_prints_one_hit_per_line(seed_index_path: Path) -> None:
    result = run(seed_index_path, "search", "Lavrov", "--jsonl", "-n", "3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["rank"] for line in lines] == [1, 2, 3]
    assert "5 matching articles" in result.stderr


def test_human_output_shows_hits_and_keeps_messages_off_stdout(seed_index_path: Path) -> None:
    result = run(seed_index_path, "search", "pertukaran tahanan", "-n", "1")
    assert result.stdout.startswith(" 1. ")
    assert "matching article" not in result.stdout


@pytest.mark.parametrize(
    "query", ['"unbalanced', "((Lavrov", "Lavrov OR", "title:", "-", "x" * 10_000]
)
def test_malformed_queries_never_crash(seed_index_path: Path, query: str) -> None:
    result = run(seed_index_path, "search", query)
    assert result.exit_code == 0
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "   "], "empty query"),
        (["search", "Lavrov", "--since", "kemarin"], "cannot read the date"),
    ],
)
def test_query_errors_are_one_line_on_stderr(
    seed_index_path: Path, args: list[str], message: str
) -> None:
    result = run(seed_index_path, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args", [["search", "x", "--sort", "random"], ["search", "x", "--page", "0"],
             ["search", "x", "--json", "--jsonl"]]
)
def test_usage_errors_exit_2(seed_index_path: Path, args: list[str]) -> None:
    assert run(seed_index_path, *args).exit_code == 2


def test_help_documents_every_option_with_examples(seed_index_path: Path) -> None:
    help_text = CliRunner().invoke(cli, ["search", "--help"]).stdout
    for option in ("--limit", "--page", "--outlet", "--since", "--until", "--author", "--sort",
                   "--facets", "--fuzzy", "--json", "--jsonl"):
        assert option in help_text
    assert "Desember 2021" in help_text and '"menteri luar negeri"' in help_text


def test_similar_command(seed_index_path: Path) -> None:
    result = run(seed_index_path, "similar", DETIK, "--json", "-n", "2")
    assert result.exit_code == 0
    ids = [hit["id"] for hit in json.loads(result.stdout)["hits"]]
    assert ids and DETIK not in ids and len(ids) <= 2
    missing = run(seed_index_path, "similar", "no-such-id")
    assert missing.exit_code == 1
    assert "no article with id" in missing.stderr
