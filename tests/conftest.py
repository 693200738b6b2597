"""Shared fixtures: the real seed articles and an index built from them once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from searchlib import ArticleIndex

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


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
