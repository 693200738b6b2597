"""Compiling queries: views and fields searched, alternatives and their weights,
and the ranking preferences they produce on small hand-made articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import query as wq

from searchlib import Article, ArticleIndex, QueryError
from searchlib.query import (
    MAX_QUERY_WORDS,
    QUESTION_WORDS,
    Ranking,
    analyze_words,
    parse_query,
)
from searchlib.query.coordination import CoordinatedOr
from searchlib.store import documents as fields


def leaves(text: str, **options: bool) -> list[wq.Query]:
    return list(parse_query(text, **options).whoosh_query.leaves())


def term_texts(text: str, field: str, **options: bool) -> set[str]:
    return {
        str(leaf.text)
        for leaf in leaves(text, **options)
        if isinstance(leaf, wq.Term) and leaf.field() == field
    }


def test_a_word_is_searched_as_stem_and_as_written() -> None:
    assert term_texts("tahanan", fields.BODY) == {"tahan"}
    assert term_texts("tahanan", fields.BODY_EXACT) == {"tahanan"}
    assert term_texts("tahanan", fields.TITLE) == {"tahan"}


def test_snippet_terms_hold_stems_and_forms_as_written() -> None:
    terms = parse_query("Pertukaran tahanan").terms
    assert {"tukar", "tahan"} <= terms.stems
    assert {"pertukaran", "tahanan"} <= terms.exact


def test_negated_words_are_matched_as_written_only() -> None:
    negated = [leaf for leaf in leaves("lavrov -pertahanan") if "pertahanan" in str(leaf)]
    assert negated and all(leaf.field() in fields.EXACT_FIELDS for leaf in negated)
    assert "pertahanan" not in parse_query("lavrov -pertahanan").terms.exact


def test_title_field_limits_the_word_to_titles() -> None:
    assert {leaf.field() for leaf in leaves("title:lavrov")} == {fields.TITLE, fields.TITLE_EXACT}


def test_outlet_and_author_become_metadata_queries() -> None:
    outlet = [leaf for leaf in leaves("lavrov outlet:Republika") if leaf.field() == fields.OUTLET]
    assert [str(leaf.text) for leaf in outlet] == ["republika"]
    assert term_texts('lavrov author:"Novi Christiastuti"', fields.AUTHOR) == set()
    phrases = [leaf for leaf in leaves('lavrov author:"Novi Christiastuti"')
               if isinstance(leaf, wq.Phrase)]
    assert [p.words for p in phrases if p.field() == fields.AUTHOR] == [["novi", "christiastuti"]]


def test_acronyms_expand_both_ways_at_a_lower_weight() -> None:
    expanded = [leaf for leaf in leaves("Menlu") if isinstance(leaf, wq.Phrase)]
    assert ["menteri", "luar", "negeri"] in [p.words for p in expanded]
    exact_menlu = [leaf for leaf in leaves("Menlu")
                   if isinstance(leaf, wq.Term) and leaf.field() == fields.BODY_EXACT]
    body_phrases = [p for p in expanded if p.field() == fields.BODY_EXACT]
    assert body_phrases and all(p.boost < exact_menlu[0].boost for p in body_phrases)
    assert "menlu" in term_texts("menteri luar negeri", fields.BODY_EXACT)


def test_name_variants_are_added_at_a_lower_weight() -> None:
    body_exact = {
        str(leaf.text): leaf.boost
        for leaf in leaves("Sergei")
        if isinstance(leaf, wq.Term) and leaf.field() == fields.BODY_EXACT
    }
    assert "sergey" in body_exact
    assert body_exact["sergey"] < body_exact["sergei"]


def test_fuzzy_terms_only_when_asked_and_only_for_longer_words() -> None:
    assert not [leaf for leaf in leaves("Stokholm") if isinstance(leaf, wq.FuzzyTerm)]
    fuzzy = [leaf for leaf in leaves("Stokholm AS", fuzzy=True) if isinstance(leaf, wq.FuzzyTerm)]
    assert fuzzy and {str(leaf.text) for leaf in fuzzy} == {"stokholm"}


def test_phrases_search_the_forms_as_written_in_order() -> None:
    phrases = [leaf for leaf in leaves('"pertukaran tahanan"~2') if isinstance(leaf, wq.Phrase)]
    assert {tuple(p.words) for p in phrases} == {("pertukaran", "tahanan")}
    assert {p.field() for p in phrases} == set(fields.EXACT_FIELDS)
    assert {p.slop for p in phrases} == {3}


def test_empty_input_raises_and_stop_words_match_nothing() -> None:
    with pytest.raises(QueryError):
        parse_query(" \t\n ")
    parsed = parse_query("yang dan di")
    assert parsed.whoosh_query is wq.NullQuery
    assert not parsed.terms


def test_a_huge_query_is_bounded() -> None:
    words = " ".join(f"kata{i}" for i in range(2000))
    parsed = parse_query(words)
    assert len(parsed.words) <= MAX_QUERY_WORDS


# --------------------------------------------------------------------------- ranking


def article(article_id: str, *paragraphs: str, title: str = "") -> Article:
    return Article(id=article_id, source_path=f"{article_id}.txt", title=title, body=paragraphs)


FILLER = " ".join(["Warga berkumpul di alun-alun kota untuk acara tahunan."] * 3)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArticleIndex]:
    path: Path = tmp_path_factory.mktemp("small-index")
    with ArticleIndex.create(path) as idx:
        idx.add_articles(
            [
                article("defence", f"Anggaran pertahanan negara naik. {FILLER}"),
                article("detainees", f"Para tahanan dibebaskan kemarin. {FILLER}"),
                article("some-words", "Lavrov dan Lavrov lagi. Lavrov berbicara. Blinken hadir."),
                article("every-word", f"Lavrov bertemu Blinken di Jenewa. {FILLER}"),
                article("near", f"Blinken dan Lavrov berjabat tangan. {FILLER}"),
                article("far", f"Blinken tiba pagi. {FILLER} Lavrov tiba sore."),
            ]
        )
    with ArticleIndex.open(path) as idx:
        yield idx


def ranking(idx: ArticleIndex, query: str) -> list[str]:
    # These articles share one long filler, so they are copies of one story: the
    # ranking of the articles themselves is what is tested, uncollapsed.
    return [hit.id for hit in idx.search(query, limit=10, snippets=0, collapse=False)]


def test_the_form_as_written_outranks_a_shared_stem(small_index: ArticleIndex) -> None:
    assert ranking(small_index, "tahanan")[:2] == ["detainees", "defence"]
    assert ranking(small_index, "pertahanan")[:2] == ["defence", "detainees"]


def test_every_word_outranks_repeated_single_words(small_index: ArticleIndex) -> None:
    assert ranking(small_index, "Lavrov Blinken Jenewa")[0] == "every-word"


def test_words_standing_together_outrank_words_far_apart(small_index: ArticleIndex) -> None:
    order = ranking(small_index, "Blinken Lavrov")
    assert order.index("near") < order.index("far")


def test_the_proximity_bonus_looks_for_the_words_as_written_in_the_exact_views() -> None:
    query = parse_query("Blinken Lavrov", ranking=Ranking(proximity=0.5)).whoosh_query
    phrases = [leaf for leaf in query.leaves() if isinstance(leaf, wq.Phrase)]
    assert {leaf.field() for leaf in phrases} == set(fields.EXACT_FIELDS)
    assert all(list(leaf.words) == ["blinken", "lavrov"] for leaf in phrases)
    apart = parse_query("Blinken Lavrov", ranking=Ranking(as_typed=0)).whoosh_query
    assert not [leaf for leaf in apart.leaves() if isinstance(leaf, wq.Phrase)]


def test_a_proximity_bonus_ranks_words_standing_together_first(tmp_path: Path) -> None:
    """The stemmed views keep no positions; the bonus runs on the exact ones."""
    from searchlib import store
    from searchlib.query import DEFAULT_RANKING
    from searchlib.search import run_search

    with ArticleIndex.create(tmp_path / "proximity") as idx:
        idx.add_articles(
            [
                article("far", f"Blinken tiba pagi. {FILLER} Lavrov tiba sore."),
                article("near", f"Pertemuan Blinken Lavrov berlangsung lama. {FILLER}"),
            ]
        )
    ix = store.open_index(tmp_path / "proximity")
    assert not ix.schema[fields.BODY].supports("positions")
    assert ix.schema[fields.BODY_EXACT].supports("positions")
    with ix.searcher(weighting=DEFAULT_RANKING.weighting()) as searcher:
        parsed = parse_query("Blinken Lavrov", ranking=Ranking(proximity=2.0))
        hits = run_search(searcher, parsed, snippets=0, suggest=False).hits
    assert [hit.id for hit in hits] == ["near", "far"]
    assert hits[0].score > 1.5 * hits[1].score


def test_an_unknown_word_keeps_the_others_searching(small_index: ArticleIndex) -> None:
    assert set(ranking(small_index, "Lavrov qwertyuiop")) == set(ranking(small_index, "Lavrov"))


def scores(idx: ArticleIndex, query: str) -> dict[str, float]:
    return {hit.id: hit.score for hit in idx.search(query, limit=10, snippets=0)}


def test_an_unknown_word_leaves_the_known_words_coverage_whole(
    small_index: ArticleIndex,
) -> None:
    """Coverage weighs words by rarity: a word no article holds weighs nothing."""
    known = scores(small_index, "Lavrov Blinken Jenewa")
    assert scores(small_index, "Lavrov Blinken Jenewa qwertyuiop") == pytest.approx(known)


def test_coverage_by_rarity_can_be_switched_off() -> None:
    by_rarity = parse_query("Lavrov Blinken").whoosh_query
    by_count = parse_query("Lavrov Blinken", ranking=Ranking(coordination_by_rarity=False))
    assert isinstance(by_rarity, CoordinatedOr) and by_rarity.by_rarity
    assert isinstance(by_count.whoosh_query, CoordinatedOr)
    assert not by_count.whoosh_query.by_rarity


def test_question_words_beside_other_words_are_not_searched() -> None:
    unstopped = [word for word in sorted(QUESTION_WORDS) if analyze_words(word)]
    assert unstopped, "every question word is a stop word: nothing left to test"
    word = unstopped[0]
    assert parse_query(f"{word} letak kota Melbourne?").terms.exact == {
        "letak", "kota", "melbourne",
    }
    assert parse_query(word).terms.exact == {word}


def test_a_stem_shared_by_two_query_words_is_searched_once() -> None:
    stem_leaves = [
        leaf for leaf in leaves("kaisar pertama kekaisaran aksum")
        if isinstance(leaf, wq.Term) and leaf.field() == fields.BODY and leaf.text == "kaisar"
    ]
    assert len(stem_leaves) == 1
    assert "kekaisaran" in term_texts("kaisar pertama kekaisaran aksum", fields.BODY_EXACT)


def test_a_separated_number_splits_into_its_parts() -> None:
    from searchlib.query import number_parts

    assert number_parts("101,4") == ["101", "4"]
    assert number_parts("1.000.000") == ["1", "000", "000"]
    assert number_parts("2019") == [] and number_parts("e-ktp") == [] and number_parts("g20") == []


def test_a_number_also_finds_its_parts_written_apart(tmp_path: Path) -> None:
    from searchlib import store
    from searchlib.query import DEFAULT_RANKING, Ranking
    from searchlib.search import run_search

    with ArticleIndex.create(tmp_path / "numbers") as idx:
        idx.add_articles(
            [
                article("spaced", "Cakupan imunisasi mencapai 101, 4 persen."),
                article("apart", "Ada 101 desa dan 4 kecamatan."),
            ]
        )
    ix = store.open_index(tmp_path / "numbers")
    with ix.searcher(weighting=DEFAULT_RANKING.weighting()) as searcher:

        def found(ranking: Ranking) -> list[str]:
            parsed = parse_query("101,4", ranking=ranking)
            return [hit.id for hit in run_search(searcher, parsed, snippets=0, suggest=False)]

        assert DEFAULT_RANKING.number_parts > 0
        assert found(DEFAULT_RANKING) == ["spaced"]
        assert found(Ranking(number_parts=0.0)) == []


def test_title_and_body_length_normalisation_are_knobs_of_their_own(tmp_path: Path) -> None:
    from searchlib import store
    from searchlib.query import Ranking
    from searchlib.search import run_search

    body = "Pertemuan kedua menteri berlangsung tertutup di Jenewa."
    with ArticleIndex.create(tmp_path / "titles") as idx:
        idx.add_articles(
            [
                article("short", body, title="Lavrov"),
                article(
                    "long", body, FILLER, title="Lavrov dan Blinken bertemu membahas Ukraina NATO"
                ),
            ]
        )
    ix = store.open_index(tmp_path / "titles")

    def scores(text: str, ranking: Ranking) -> dict[str, float]:
        with ix.searcher(weighting=ranking.weighting()) as searcher:
            parsed = parse_query(text, ranking=ranking)
            hits = run_search(searcher, parsed, snippets=0, suggest=False).hits
            return {hit.id: hit.score for hit in hits}

    # Without length normalisation in the title both titles count alike; with
    # full normalisation the short one counts more, whatever the body's b.
    flat = scores("title:lavrov", Ranking(title_b=0.0, body_b=1.0))
    assert flat["short"] == pytest.approx(flat["long"])
    full = scores("title:lavrov", Ranking(title_b=1.0, body_b=0.0))
    assert full["short"] > full["long"]
    # And the other way round in the body.
    flat = scores("jenewa", Ranking(title_b=1.0, body_b=0.0))
    assert flat["short"] == pytest.approx(flat["long"])
    full = scores("jenewa", Ranking(title_b=0.0, body_b=1.0))
    assert full["short"] > full["long"]


def test_stop_words_are_weak_optional_terms_of_their_own_view() -> None:
    query = parse_query("Hal itu juga dikatakan oleh Jokowi", ranking=Ranking(stop_words=0.2))
    assert isinstance(query.whoosh_query, wq.AndMaybe)
    stops = {
        (str(leaf.text), leaf.boost)
        for leaf in query.whoosh_query.leaves()
        if leaf.field() == fields.BODY_STOPS
    }
    assert stops == {("itu", 0.2), ("juga", 0.2), ("oleh", 0.2)}
    # A question's stop words are not searched, and without the knob nothing is added.
    asked = parse_query("Siapa presiden yang dilantik itu", ranking=Ranking(stop_words=0.2))
    assert not any(leaf.field() == fields.BODY_STOPS for leaf in asked.whoosh_query.leaves())
    without = parse_query("Hal itu juga dikatakan oleh Jokowi", ranking=Ranking(stop_words=0))
    assert not any(leaf.field() == fields.BODY_STOPS for leaf in without.whoosh_query.leaves())


def test_stop_words_break_ties_but_never_match_alone(tmp_path: Path) -> None:
    from searchlib import store
    from searchlib.search import run_search

    with ArticleIndex.create(tmp_path / "stops") as idx:
        idx.add_articles(
            [
                article("other", "Jokowi meresmikan jembatan baru."),
                article("said", "Hal itu juga dikatakan oleh Jokowi."),
                article("stops only", "Itu juga oleh mereka."),
            ]
        )
    ix = store.open_index(tmp_path / "stops")
    text = "itu juga oleh Jokowi"
    with ix.searcher(weighting=Ranking().weighting()) as searcher:
        plain = run_search(searcher, parse_query(text, ranking=Ranking(stop_words=0)),
                           snippets=0, suggest=False).hits
        weak = run_search(searcher, parse_query(text, ranking=Ranking(stop_words=0.2)),
                          snippets=0, suggest=False).hits
    assert {hit.id for hit in plain} == {hit.id for hit in weak} == {"other", "said"}
    assert weak[0].id == "said"
    assert weak[0].score > max(hit.score for hit in plain if hit.id == "said")


def phrase_slops(text: str, **knobs: float) -> set[tuple[str, tuple[str, ...], int]]:
    query = parse_query(text, ranking=Ranking(**knobs)).whoosh_query  # type: ignore[arg-type]
    return {
        (leaf.field(), tuple(leaf.words), leaf.slop)
        for leaf in query.leaves()
        if isinstance(leaf, wq.Phrase)
    }


def test_a_statement_looks_for_its_words_as_far_apart_as_typed() -> None:
    # "itu pun akan" stand between acara and dilakukan: four positions apart.
    found = phrase_slops("Acara itu pun akan dilakukan pada Jokowi", as_typed=0.3)
    assert found == {
        (name, words, slop)
        for name in fields.EXACT_FIELDS
        for words, slop in ((("acara", "dilakukan"), 4), (("dilakukan", "jokowi"), 2))
    }
    # Not for a question, and not without the knob.
    assert phrase_slops("Siapa yang mengatakan acara itu dilakukan", as_typed=0.3) == set()
    assert phrase_slops("Acara itu pun akan dilakukan pada Jokowi", as_typed=0) == set()


def test_words_copied_as_typed_rank_their_article_first(tmp_path: Path) -> None:
    from searchlib import store
    from searchlib.search import run_search

    with ArticleIndex.create(tmp_path / "typed") as idx:
        idx.add_articles(
            [
                article("apart", "Acara tahunan di alun-alun ramai dikunjungi warga kota. "
                        "Panitia menyebut persiapan panjang sudah dilakukan."),
                article("copied", "Acara itu pun akan dilakukan pada pekan depan, "
                        "kata panitia yang ditemui di balai kota."),
            ]
        )
    ix = store.open_index(tmp_path / "typed")
    text = "Acara itu pun akan dilakukan"
    with ix.searcher(weighting=Ranking().weighting()) as searcher:
        def ranked(weight: float) -> list[tuple[str, float]]:
            parsed = parse_query(text, ranking=Ranking(stop_words=0, as_typed=weight))
            hits = run_search(searcher, parsed, snippets=0, suggest=False).hits
            return [(hit.id, hit.score) for hit in hits]

        without, typed = ranked(0.0), ranked(1.0)
    assert {hit for hit, _ in without} == {hit for hit, _ in typed} == {"apart", "copied"}
    assert typed[0][0] == "copied"
    assert dict(typed)["copied"] > dict(without)["copied"]
    assert dict(typed)["apart"] == pytest.approx(dict(without)["apart"])
