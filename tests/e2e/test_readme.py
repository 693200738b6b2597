"""The README's commands and library examples work as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks(language: str) -> list[str]:
    pattern = rf"```{language}\n(.*?)```"
    return re.findall(pattern, README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_opens_with_the_two_commands() -> None:
    main_job, tests = blocks("sh")[:2]
    assert main_job.strip() == (
        'pip install -e . && searchlib search "pertemuan Lavrov dan Blinken di Jenewa"'
    )
    assert tests.strip() == 'pip install -e ".[test]" && pytest'


def test_library_examples_run_in_order(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each example builds on the ones before it, as a reader would run them."""
    monkeypatch.chdir(README.parent)
    examples = blocks("python")
    assert len(examples) >= 2
    for number, example in enumerate(examples, start=1):
        code = example.replace("/tmp/searchlib-demo", str(tmp_path / "demo"))
        exec(compile(code, f"README.md python block {number}", "exec"), {"__name__": "readme"})
        printed = capsys.readouterr().out
        assert printed.strip(), f"python block {number} printed nothing"
    assert "002_bd7d1f872aa3690c" in printed


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    tests = blocks("sh")[1].strip()
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert any(line.strip() == tests for line in ci.splitlines())
