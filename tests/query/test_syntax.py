"""The query language's syntax: each operator, and malformed input read gracefully."""

from __future__ import annotations

import pytest

from searchlib.query.syntax import (
    MAX_QUERY_CHARS,
    AllOf,
    AnyOf,
    Group,
    InField,
    Not,
    Phrase,
    Word,
    parse,
    positive_words,
)


def test_words_side_by_side_form_a_group() -> None:
    assert parse("pertukaran tahanan") == Group((Word("pertukaran"), Word("tahanan")))


def test_quoted_words_form_a_phrase_with_optional_slop() -> None:
    assert parse('"menteri luar negeri"') == Phrase("menteri luar negeri", 0)
    assert parse('"lavrov blinken"~3') == Phrase("lavrov blinken", 3)


@pytest.mark.parametrize("query", ["-ukraina", "NOT ukraina"])
def test_minus_and_not_negate_the_next_word(query: str) -> None:
    assert parse(f"rusia {query}") == Group((Word("rusia"), Not(Word("ukraina"))))


def test_or_binds_tighter_than_words_side_by_side() -> None:
    assert parse("rusia OR ukraina nato") == Group(
        (AnyOf((Word("rusia"), Word("ukraina"))), Word("nato"))
    )


def test_and_binds_tighter_than_or() -> None:
    assert parse("a AND b OR c") == AnyOf((AllOf((Word("a"), Word("b"))), Word("c")))


def test_lowercase_operators_are_words() -> None:
    assert parse("rusia or ukraina") == Group((Word("rusia"), Word("or"), Word("ukraina")))


def test_parentheses_group() -> None:
    assert parse("(rusia OR ukraina) nato") == Group(
        (AnyOf((Word("rusia"), Word("ukraina"))), Word("nato"))
    )
    assert parse("-(a b)") == Not(Group((Word("a"), Word("b"))))


def test_fields_apply_to_the_next_word_phrase_or_group() -> None:
    assert parse("title:lavrov") == InField("title", Word("lavrov"))
    assert parse('author:"novi christiastuti"') == InField("author", Phrase("novi christiastuti"))
    assert parse("outlet:(viva OR detik)") == InField(
        "outlet", AnyOf((Word("viva"), Word("detik")))
    )


def test_unknown_fields_and_times_are_plain_words() -> None:
    assert parse("foo:bar 12:30") == Group((Word("foo:bar"), Word("12:30")))


def test_hyphen_inside_a_word_is_not_negation() -> None:
    assert parse("AS-Rusia") == Word("AS-Rusia")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"unbalanced quote', Phrase("unbalanced quote")),
        ("((lavrov", Word("lavrov")),
        ("lavrov))", Word("lavrov")),
        ("lavrov OR", Word("lavrov")),
        ("AND lavrov", Word("lavrov")),
        ("lavrov AND", Word("lavrov")),
        ("lavrov -", Group((Word("lavrov"), Word("-")))),
        ("title:", Word("title")),
        ("title: lavrov", InField("title", Word("lavrov"))),
        ("OR", Word("OR")),
        ("NOT", Word("NOT")),
        ("()", Word("()")),
        ("", None),
    ],
)
def test_malformed_input_is_read_literally_or_degraded(query: str, expected: object) -> None:
    assert parse(query) == expected


def test_deep_nesting_is_read_as_plain_words() -> None:
    tree = parse("(" * 500 + "lavrov" + ")" * 500)
    assert positive_words(tree) == ["lavrov"]


def test_very_long_input_is_cut_not_rejected() -> None:
    tree = parse("lavrov " * 2000)
    assert 0 < len(positive_words(tree)) <= MAX_QUERY_CHARS // len("lavrov ") + 1


def test_positive_words_leave_out_negated_and_metadata_words() -> None:
    tree = parse('lavrov -ukraina "luar negeri" outlet:viva title:jenewa')
    assert positive_words(tree) == ["lavrov", "luar", "negeri", "jenewa"]
