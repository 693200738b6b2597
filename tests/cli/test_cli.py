"""The command line through click's CliRunner: stdout carries data, stderr messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from searchlib.cli import cli

BERITABARU = "001_c55a8262d8eb67cc"
DETIK = "000_570f68fb9ef06bfe"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_search_json_has_the_documented_shape(seed_index_path: Path) -> None:
    result = run("search", "pertemuan Jenewa", "--json", "-i", str(seed_index_path))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"query", "total", "hits"}
    assert data["hits"][0]["id"] == BERITABARU
    assert DETIK in [hit["id"] for hit in data["hits"]]
    first = data["hits"][0]
    assert set(first) >= {"rank", "id", "title", "outlet", "published", "score", "snippets"}
    for snippet in first["snippets"]:
        for start, end in snippet["highlights"]:
            assert 0 <= start < end <= len(snippet["text"])


def test_search_human_output_is_plain_when_piped(seed_index_path: Path) -> None:
    result = run("search", "Lavrov", "-n", "2", "-i", str(seed_index_path))
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert result.stdout.lstrip().startswith("1. ")
    assert "5 matching articles" in result.stderr


def test_index_env_var_selects_the_index(seed_index_path: Path) -> None:
    result = run("search", "Lavrov", "--json", env={"SEARCHLIB_INDEX": str(seed_index_path)})
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"] == 5


def test_first_search_builds_the_default_index_from_seeds(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "seeds").symlink_to(seeds_dir)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEARCHLIB_INDEX", raising=False)
    result = run("search", "pertemuan Jenewa", "--json")
    assert result.exit_code == 0, result.stderr
    assert "building it from seeds" in result.stderr
    assert json.loads(result.stdout)["hits"][0]["id"] == BERITABARU
    again = run("search", "pertemuan Jenewa", "--json")
    assert "building" not in again.stderr


def test_index_reports_a_summary_on_stderr(tmp_path: Path, seeds_dir: Path) -> None:
    result = run("index", str(seeds_dir), "-i", str(tmp_path / "ix"))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "5 added" in result.stderr
    again = run("index", str(seeds_dir), "-i", str(tmp_path / "ix"))
    assert "5 unchanged" in again.stderr


def test_rebuild_replaces_the_index(tmp_path: Path, seeds_dir: Path) -> None:
    run("index", str(seeds_dir), "-i", str(tmp_path))
    result = run("index", str(seeds_dir / f"{DETIK}.txt"), "-i", str(tmp_path), "--rebuild")
    assert "1 added" in result.stderr
    stats = json.loads(run("stats", "--json", "-i", str(tmp_path)).stdout)
    assert stats["articles"] == 1


def test_parse_json_lists_articles_without_indexing(seeds_dir: Path) -> None:
    result = run("parse", str(seeds_dir / f"{DETIK}.txt"), "--json")
    assert result.exit_code == 0
    [article] = json.loads(result.stdout)
    assert article["id"] == DETIK
    documented = {"id", "source_path", "title", "outlet", "author", "published", "dateline"}
    assert set(article) >= documented | {"captions", "body"}


def test_show_prints_the_whole_article(seed_index_path: Path) -> None:
    result = run("show", DETIK, "-i", str(seed_index_path))
    assert result.exit_code == 0
    assert "detikNews" in result.stdout
    assert "pertemuan di Kamboja." in result.stdout
    as_json = json.loads(run("show", DETIK, "--json", "-i", str(seed_index_path)).stdout)
    assert as_json["id"] == DETIK


def test_show_unknown_id_is_a_one_line_error(seed_index_path: Path) -> None:
    result = run("show", "nope", "-i", str(seed_index_path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "nope" in result.stderr


def test_stats_json(seed_index_path: Path) -> None:
    data = json.loads(run("stats", "--json", "-i", str(seed_index_path)).stdout)
    assert data["articles"] == 5
    assert data["schema_version"] >= 1
    assert sum(data["outlets"].values()) == 5


def test_missing_index_is_a_one_line_error_with_the_fix(tmp_path: Path) -> None:
    result = run("search", "Lavrov", "-i", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "searchlib index" in result.stderr


def test_usage_error_exits_with_2() -> None:
    assert run("search").exit_code == 2
    assert run("search", "x", "--limit", "0").exit_code == 2


def test_analyze_explains_each_token() -> None:
    result = run("analyze", "Menlu bertemu di Bali", "--json")
    assert result.exit_code == 0
    tokens = {token["text"]: token for token in json.loads(result.stdout)}
    assert tokens["bertemu"]["stem"] == "temu"
    assert tokens["Bali"]["stem"] == "bali"
    assert tokens["di"]["stem"] is None
    assert (tokens["Bali"]["start"], tokens["Bali"]["end"]) == (17, 21)


def test_analyze_human_view_has_a_row_per_token() -> None:
    result = run("analyze", "negara-negara bertemu")
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    assert lines[1].split()[:4] == ["0-13", "negara-negara", "negara-negara", "negara"]


def test_unexpected_failures_are_one_line_without_traceback(
    seed_index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("searchlib.article_index.ArticleIndex.stats", broken)
    monkeypatch.delenv("SEARCHLIB_DEBUG", raising=False)
    result = run("stats", "-i", str(seed_index_path))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "disk on fire" in result.stderr and result.stderr.count("\n") == 1


def test_parse_explain_shows_each_line_role(seeds_dir: Path) -> None:
    result = run("parse", str(seeds_dir / "004_acd3d7b72b42d273.txt"), "--explain", "--json")
    assert result.exit_code == 0
    [page] = json.loads(result.stdout).values()
    roles = {line["text"]: line["role"] for line in page["lines"]}
    fields = {field["field"]: field for field in page["fields"]}
    assert fields["title"]["source"].startswith("text rule")
    assert fields["outlet"]["value"] == "VIVA"
    assert roles["Dapat Surat Cinta, Menlu Rusia Bongkar Isi Pesan Dari Menlu AS"] == "title"
    assert roles["Indonesia di Atas AS dan Rusia dalam Hal Ini"] == "dropped"
    human = run("parse", str(seeds_dir / "004_acd3d7b72b42d273.txt"), "--explain")
    assert "[title] Dapat Surat Cinta" in human.stdout


def test_dates_show_as_outlets_print_them(seed_index_path: Path) -> None:
    from searchlib.ingest import format_date

    result = run("search", "pertukaran tahanan", "-n", "1", "-i", str(seed_index_path))
    assert "2022-07-30 11:28 WIB" in result.stdout
    viva = "004_acd3d7b72b42d273"
    as_json = json.loads(run("show", viva, "--json", "-i", str(seed_index_path)).stdout)
    assert as_json["published"].startswith("2023-01-31")
    human = run("show", viva, "-i", str(seed_index_path)).stdout
    assert "Published: 2023-01-31" in human and "2023-01-31 00:00" not in human
    assert format_date(None) == "undated"


def test_the_three_entry_points_are_one_command() -> None:
    import subprocess
    import sys
    from importlib.metadata import entry_points

    repo = Path(__file__).resolve().parents[2]
    outputs = {
        tuple(argv): subprocess.run(
            [sys.executable, *argv, "analyze", "bertemu", "--json"],
            cwd=repo, capture_output=True, text=True, check=True,
        ).stdout
        for argv in (["cli.py"], ["-m", "searchlib"])
    }  # fmt: skip
    assert len(set(outputs.values())) == 1
    assert json.loads(next(iter(outputs.values())))[0]["stem"] == "temu"
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "searchlib"]
    assert script.value == "searchlib.cli:main"
