"""Shared fixtures: the real seed articles and an index built from them once per session.

Tests marked `eval_data` need the evaluation data in ../shared/eval, which a
clone of the project does not have: there they are skipped, with one reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from searchlib import ArticleIndex

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
EVAL_DATA = REPO.parent / "shared" / "eval"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if EVAL_DATA.is_dir():
        return
    absent = pytest.mark.skip(reason=f"needs the evaluation data, and {EVAL_DATA} is absent")
    for item in items:
        if item.get_closest_marker("eval_data") is not None:
            item.add_marker(absent)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only index over the five seed articles, built once for the test session."""
    path = tmp_path_factory.mktemp("seed-index")
    with ArticleIndex.create(path, overwrite=True) as idx:
        report = idx.add([SEEDS])
    assert report.added == 5, report.summary()
    return path


@pytest.fixture()
def seed_index(seed_index_path: Path) -> Iterator[ArticleIndex]:
    with ArticleIndex.open(seed_index_path) as idx:
        yield idx
