"""Property tests: whatever a user types, searchlib answers or says why in one line.

Random Unicode, random runs of query operators and field names, and random
error messages: the library raises nothing but a SearchlibError with a message,
and the command line turns every failure into one line on stderr and exit 1.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from searchlib import ArticleIndex, SearchResults
from searchlib.cli import cli
from searchlib.errors import (
    ArticleNotFoundError,
    IndexIncompatibleError,
    IndexLockedError,
    IndexNotFoundError,
    IngestError,
    QueryError,
    SearchlibError,
)

# Enough examples to reach odd corners in a few seconds; the suite must stay fast.
EXAMPLES = 150
CLI_EXAMPLES = 40
FAST = settings(max_examples=EXAMPLES, deadline=None)
CLI_FAST = settings(max_examples=CLI_EXAMPLES, deadline=None)

OPERATORS = ["AND", "OR", "NOT", "-", "+", '"', "(", ")", "~", "~2", "*", "?", ":", "||", "&&"]
FIELDS = ["title:", "outlet:", "author:", "unknown:", "TITLE:", "published:"]
SEED_COUNT = 5  # every seed article mentions Lavrov
WORDS = ["Lavrov", "pertemuan", "Jenewa", "menlu", "yang", "dan", "detikNews", "ukraina", "x"]

# Any code point, surrogate halves included: undecodable command-line bytes arrive as those.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=80)
# No letters (so no AND/OR/NOT or field names), no brackets or quotes of any script and
# none of the query language's ASCII operators: text that can only be noise.
syntax_free_noise = st.text(
    st.characters(
        codec=None,
        exclude_categories=("L", "Ps", "Pe", "Pi", "Pf"),
        exclude_characters="\"-+:~*?|&'\\",
    ),
    max_size=40,
)
operator_soup = st.lists(
    st.one_of(st.sampled_from(OPERATORS + FIELDS + WORDS), any_text.filter(bool)),
    min_size=1,
    max_size=25,
).flatmap(lambda parts: st.sampled_from(["", " "]).map(lambda sep: sep.join(parts)))
field_queries = st.builds(
    lambda field, value, rest: f"{field}{value} {rest}",
    st.sampled_from(FIELDS),
    st.one_of(st.sampled_from(WORDS + ['"', '"novi christiastuti"', "(", ""]), any_text),
    st.sampled_from(["", "Lavrov", "OR Lavrov", "-Jenewa", ")"]),
)
queries = st.one_of(any_text, operator_soup, field_queries)


def check_outcome(idx: ArticleIndex, query: str) -> SearchResults | None:
    """Results that are well formed, or None after a one-line searchlib error."""
    try:
        results = idx.search(query, limit=5)
    except SearchlibError as error:
        message = str(error)
        assert message.strip() and "\n" not in message
        return None
    assert results.total >= len(results.hits)
    assert [hit.rank for hit in results.hits] == list(range(1, len(results.hits) + 1))
    for hit in results.hits:
        for snippet in hit.snippets:
            for start, end in snippet.highlights:
                assert 0 <= start < end <= len(snippet.text)
    return results


@FAST
@given(query=any_text)
def test_random_unicode_gives_results_or_a_searchlib_error(
    seed_index_path: Path, query: str
) -> None:
    with ArticleIndex.open(seed_index_path) as idx:
        check_outcome(idx, query)


@FAST
@given(noise=syntax_free_noise)
def test_unicode_noise_beside_a_word_still_finds_it(seed_index_path: Path, noise: str) -> None:
    """Symbols, digits, marks, controls and emoji beside a word all seeds hold never hide them."""
    with ArticleIndex.open(seed_index_path) as idx:
        results = check_outcome(idx, f"{noise} Lavrov {noise}")
    assert results is not None and results.total == SEED_COUNT


# ---------------------------------------------------------------------------- the command line


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_one_error_line(result: Result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("searchlib: error: ") and line.removeprefix("searchlib: error: ")
    assert not any(unicodedata.category(char) in {"Cc", "Cf", "Cs"} for char in line), repr(line)
    return line


@CLI_FAST
@given(query=queries)
def test_cli_search_prints_json_or_one_error_line(seed_index_path: Path, query: str) -> None:
    result = invoke("search", "--json", "-i", str(seed_index_path), "--", query)
    if result.exit_code == 0:
        assert json.loads(result.stdout)["total"] >= 0
    else:
        assert_one_error_line(result)


@CLI_FAST
@given(article_id=any_text)
def test_cli_show_prints_an_article_or_one_error_line(
    seed_index_path: Path, article_id: str
) -> None:
    result = invoke("show", "--json", "-i", str(seed_index_path), "--", article_id)
    if result.exit_code == 0:
        assert json.loads(result.stdout)["id"] == article_id
    else:
        assert_one_error_line(result)


@CLI_FAST
@given(value=st.text(max_size=12).filter(lambda text: not text.strip().isdigit()))
def test_cli_bad_limit_is_a_usage_error(seed_index_path: Path, value: str) -> None:
    result = invoke("search", "Lavrov", "-n", value, "-i", str(seed_index_path))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert sum(line.startswith("Error:") for line in result.stderr.splitlines()) == 1


ERROR_TYPES = [
    SearchlibError,
    QueryError,
    IngestError,
    IndexNotFoundError,
    IndexIncompatibleError,
    IndexLockedError,
    ArticleNotFoundError,
]


@CLI_FAST
@given(error_type=st.sampled_from(ERROR_TYPES), message=any_text.filter(str.strip))
def test_every_searchlib_error_becomes_one_line_and_exit_1(
    seed_index_path: Path, error_type: type[SearchlibError], message: str
) -> None:
    with mock.patch.object(ArticleIndex, "stats", side_effect=error_type(message)):
        result = invoke("stats", "-i", str(seed_index_path))
    assert_one_error_line(result)


def not_a_closed_pipe(error: OSError) -> bool:
    """EPIPE and ESHUTDOWN build a BrokenPipeError: the reader left, a quiet exit 0 by design."""
    return not isinstance(error, BrokenPipeError)


@CLI_FAST
@given(
    error=st.one_of(
        st.builds(OSError, st.integers(1, 130), any_text, any_text).filter(not_a_closed_pipe),
        st.builds(OSError, any_text),
        st.builds(RuntimeError, any_text),
        st.builds(ValueError, any_text),
        st.builds(KeyError, any_text),
        st.builds(RecursionError),
        st.builds(MemoryError),
    )
)
def test_unexpected_failures_become_one_line_and_exit_1(
    seed_index_path: Path, error: Exception
) -> None:
    with (
        mock.patch.dict("os.environ", {"SEARCHLIB_DEBUG": ""}),
        mock.patch.object(ArticleIndex, "stats", side_effect=error),
    ):
        result = invoke("stats", "-i", str(seed_index_path))
    assert_one_error_line(result)


@settings(max_examples=EXAMPLES, deadline=None)
@given(query=queries)
def test_any_query_gives_results_or_a_searchlib_error(seed_index_path: Path, query: str) -> None:
    with ArticleIndex.open(seed_index_path) as idx:
        check_outcome(idx, query)


@settings(max_examples=EXAMPLES, deadline=None)
@given(prefix=operator_soup)
def test_operators_before_a_group_never_crash(seed_index_path: Path, prefix: str) -> None:
    with ArticleIndex.open(seed_index_path) as idx:
        check_outcome(idx, f"{prefix} (Lavrov OR Blinken)")


@pytest.mark.parametrize(
    "query", ["Lavrov AND Rusia:Ukraina", "a AND b:c", "a (outlet:x (b OR c))"]
)
def test_fields_inside_operators_are_not_a_crash(seed_index_path: Path, query: str) -> None:
    with ArticleIndex.open(seed_index_path) as idx:
        check_outcome(idx, query)


@pytest.mark.parametrize("query", ["OUTLET:\ud800", "author:\udcff", "Lavrov \ud800"])
def test_lone_surrogates_in_any_part_of_a_query_are_not_a_crash(
    seed_index_path: Path, query: str
) -> None:
    with ArticleIndex.open(seed_index_path) as idx:
        check_outcome(idx, query)
