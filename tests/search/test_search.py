"""Searching the seed index through the library: ranking, filters, facets, pages,
suggestions, fuzzy matching, more-like-this and malformed queries."""

from __future__ import annotations

from datetime import date

import pytest

from searchlib import ArticleIndex, ArticleNotFoundError, QueryError, SearchResults

DETIK = "000_570f68fb9ef06bfe"
BERITABARU = "001_c55a8262d8eb67cc"
REPUBLIKA = "002_bd7d1f872aa3690c"
SINDO = "003_865d406f04fe1d93"
VIVA = "004_acd3d7b72b42d273"


def ids(results: SearchResults) -> list[str]:
    return [hit.id for hit in results]


def marked(results: SearchResults) -> set[str]:
    return {
        snippet.text[start:end].casefold()
        for hit in results
        for snippet in hit.snippets
        for start, end in snippet.highlights
    }


def test_exact_form_outranks_a_stem_only_match(seed_index: ArticleIndex) -> None:
    results = seed_index.search("pertukaran tahanan")
    assert ids(results)[0] == DETIK


def test_every_word_outranks_some_words(seed_index: ArticleIndex) -> None:
    every = set(ids(seed_index.search("Lavrov AND Blinken AND Jenewa")))
    ranked = ids(seed_index.search("Lavrov Blinken Jenewa"))
    assert every and set(ranked[: len(every)]) == every


def test_one_unknown_word_does_not_empty_the_results(seed_index: ArticleIndex) -> None:
    assert seed_index.search("Lavrov zzyzxqw").total == seed_index.search("Lavrov").total > 0


def test_unknown_word_gets_a_suggestion(seed_index: ArticleIndex) -> None:
    assert seed_index.search("Lavrof").suggestion == "Lavrov"
    assert seed_index.search("pertemuan Stokholm").suggestion == "pertemuan Stockholm"


def test_known_words_get_no_suggestion(seed_index: ArticleIndex) -> None:
    assert seed_index.search("Lavrov Blinken").suggestion is None


def test_fuzzy_finds_near_spellings_only_when_asked(seed_index: ArticleIndex) -> None:
    assert seed_index.search("Stokholm").total == 0
    fuzzy = seed_index.search("Stokholm", fuzzy=True)
    holding = {a.id for a in seed_index if "stockholm" in " ".join(a.body).casefold()}
    assert holding and set(ids(fuzzy)) == holding
    assert "stockholm" in marked(fuzzy)


def test_name_variants_find_other_spellings(seed_index: ArticleIndex) -> None:
    sergey_articles = {
        article.id for article in seed_index if "Sergey" in " ".join(article.body)
    }
    assert sergey_articles <= set(ids(seed_index.search("Sergei")))


def test_acronym_finds_the_spelled_out_form(seed_index: ArticleIndex) -> None:
    spelled_only = {
        article.id
        for article in seed_index
        if "menteri luar negeri" in (article.title + " ".join(article.body)).casefold()
        and "menlu" not in (article.title + " ".join(article.body)).casefold()
    }
    assert spelled_only and spelled_only <= set(ids(seed_index.search("Menlu")))


def test_date_filters_accept_indonesian_month_names(seed_index: ArticleIndex) -> None:
    results = seed_index.search("Lavrov", since="Desember 2021", until="31 Des 2021")
    assert sorted(ids(results)) == [REPUBLIKA, SINDO]
    assert sorted(ids(seed_index.search("Lavrov", since="2021-12", until="2021-12"))) == [
        REPUBLIKA, SINDO,
    ]
    assert ids(seed_index.search("Lavrov", since="3 Des 2021", until=date(2021, 12, 3))) == [
        REPUBLIKA
    ]


def test_outlet_filter_keeps_only_that_outlet(seed_index: ArticleIndex) -> None:
    assert ids(seed_index.search("Lavrov", outlet="Republika")) == [REPUBLIKA]
    assert ids(seed_index.search("Lavrov", outlet="republika")) == [REPUBLIKA]
    assert sorted(ids(seed_index.search("Lavrov", outlet=["viva", "detik"]))) == [DETIK, VIVA]


def test_outlet_and_author_in_the_query_are_required(seed_index: ArticleIndex) -> None:
    assert ids(seed_index.search("Lavrov outlet:Republika")) == [REPUBLIKA]
    author = seed_index.get(DETIK)
    assert author is not None and author.author
    assert ids(seed_index.search("Lavrov", author=author.author)) == [DETIK]
    assert ids(seed_index.search(f'Lavrov author:"{author.author}"')) == [DETIK]


def test_an_outlet_inside_a_group_joined_by_and_still_restricts(seed_index: ArticleIndex) -> None:
    # Whoosh flattens the inner AND into the outer one when it normalises.
    assert ids(seed_index.search("Rusia AND (Lavrov outlet:Republika)")) == [REPUBLIKA]
    assert ids(seed_index.search("0 AND(0 OUTLET:0")) == []


def test_facets_count_matches_per_outlet_and_month(seed_index: ArticleIndex) -> None:
    results = seed_index.search("Lavrov", facets=True, limit=1)
    assert results.facets is not None
    outlets = {facet.value: facet.count for facet in results.facets.outlets}
    assert outlets == {article.outlet: 1 for article in seed_index}
    months = {facet.value: facet.count for facet in results.facets.months}
    assert months["2021-12"] == 2
    assert sum(months.values()) == results.total


def test_facets_follow_the_filters(seed_index: ArticleIndex) -> None:
    results = seed_index.search("Lavrov", facets=True, since="2021-12", until="2021-12")
    assert results.facets is not None
    assert {f.value for f in results.facets.months} == {"2021-12"}
    assert seed_index.search("Lavrov").facets is None


def test_sort_by_date_puts_newest_first_and_undated_last(seed_index: ArticleIndex) -> None:
    hits = list(seed_index.search("Lavrov", sort="date"))
    dated = [hit.published for hit in hits if hit.published]
    assert dated == sorted(dated, reverse=True)
    assert hits[-1].published is None
    assert all(hit.score > 0 for hit in hits)


def test_pages_split_the_ranking(seed_index: ArticleIndex) -> None:
    everything = ids(seed_index.search("Lavrov", limit=5))
    pages = [seed_index.search("Lavrov", limit=2, page=page) for page in (1, 2, 3)]
    assert [hit.id for results in pages for hit in results] == everything
    assert [hit.rank for hit in pages[1]] == [3, 4]
    assert pages[2].pages == 3 and pages[2].total == 5
    assert list(seed_index.search("Lavrov", limit=2, page=9)) == []


def test_phrase_needs_the_words_together(seed_index: ArticleIndex) -> None:
    phrase = set(ids(seed_index.search('"pertukaran tahanan"')))
    loose = set(ids(seed_index.search("pertukaran tahanan")))
    assert phrase and phrase <= loose
    assert DETIK in phrase


def test_negation_leaves_articles_out(seed_index: ArticleIndex) -> None:
    with_word = set(ids(seed_index.search("Jenewa")))
    without = set(ids(seed_index.search("Lavrov -Jenewa")))
    assert with_word and without and not with_word & without
    assert ids(seed_index.search("Lavrov NOT Jenewa")) == ids(seed_index.search("Lavrov -Jenewa"))


def test_or_and_and(seed_index: ArticleIndex) -> None:
    stockholm = set(ids(seed_index.search("Stockholm")))
    jenewa = set(ids(seed_index.search("Jenewa")))
    assert set(ids(seed_index.search("Stockholm OR Jenewa"))) == stockholm | jenewa
    assert set(ids(seed_index.search("Stockholm AND Jenewa"))) == stockholm & jenewa


def test_title_field_searches_titles_only(seed_index: ArticleIndex) -> None:
    results = seed_index.search("title:NATO")
    assert ids(results) == [SINDO]
    assert results.hits[0].title_highlights


def test_snippets_highlight_and_respect_the_fragment_count(seed_index: ArticleIndex) -> None:
    results = seed_index.search("pertukaran tahanan", snippets=2)
    assert all(len(hit.snippets) <= 2 for hit in results)
    assert {"pertukaran", "tahanan"} <= marked(results)
    assert all(not hit.snippets for hit in seed_index.search("Lavrov", snippets=0))


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "((Lavrov", "Lavrov)", "Lavrov OR", "AND", "title:", "-", "x" * 10_000,
     "Lavrov " * 3000, "yang dan di", "~ ^ * ? : \\ /", '"Lavrov"~', "NOT NOT NOT"],
)
def test_malformed_queries_degrade_gracefully(seed_index: ArticleIndex, query: str) -> None:
    results = seed_index.search(query)
    assert results.total == len(results.hits) or results.total > len(results.hits)


def test_malformed_queries_still_find_their_words(seed_index: ArticleIndex) -> None:
    expected = ids(seed_index.search("Lavrov"))
    for query in ("((Lavrov", "Lavrov)", "Lavrov OR", "AND Lavrov", "Lavrov -"):
        assert ids(seed_index.search(query)) == expected
    assert sorted(ids(seed_index.search('"Lavrov'))) == sorted(expected)


def test_only_truly_empty_queries_raise(seed_index: ArticleIndex) -> None:
    with pytest.raises(QueryError):
        seed_index.search("   ")
    assert seed_index.search("yang dan di").total == 0


@pytest.mark.parametrize(
    "options",
    [{"since": "kemarin"}, {"until": "32 Des 2021"}, {"sort": "random"}, {"page": 0},
     {"limit": 0}, {"since": "2022", "until": "2021"}],
)
def test_bad_options_raise_query_errors(
    seed_index: ArticleIndex, options: dict[str, object]
) -> None:
    with pytest.raises(QueryError):
        seed_index.search("Lavrov", **options)  # type: ignore[arg-type]


def test_an_empty_date_range_is_explained_in_the_library_terms(seed_index: ArticleIndex) -> None:
    with pytest.raises(QueryError, match="since 2022 is after until 2021") as caught:
        seed_index.search("Lavrov", since="2022", until="2021")
    assert "--" not in str(caught.value)


def test_similar_finds_other_articles_of_the_story(seed_index: ArticleIndex) -> None:
    results = seed_index.similar(DETIK, limit=3)
    assert 0 < len(results) <= 3
    assert DETIK not in ids(results)
    assert [h.score for h in results] == sorted((h.score for h in results), reverse=True)


def test_similar_to_an_unknown_article_raises(seed_index: ArticleIndex) -> None:
    with pytest.raises(ArticleNotFoundError):
        seed_index.similar("no-such-id")


def test_results_serialise_with_paging_suggestion_and_facets(seed_index: ArticleIndex) -> None:
    data = seed_index.search("Lavrof", facets=True, limit=2).to_dict()
    assert data["suggestion"] == "Lavrov"
    assert (data["page"], data["limit"]) == (1, 2)
    assert set(data["facets"]) == {"outlet", "month"}
    keys = {"rank", "id", "title", "outlet", "published", "score", "snippets"}
    assert keys <= set(data["hits"][0])


def test_snippets_mark_other_spellings_of_a_name(seed_index: ArticleIndex) -> None:
    assert "sergey" in marked(seed_index.search("Sergei"))


@pytest.mark.parametrize("text", ["Lavrov", "pertemuan Jenewa", "pertukaran tahanan Rusia", "AS"])
@pytest.mark.parametrize("own_b", [None, (0.3, 0.9)])
def test_merging_identical_views_keeps_every_score(
    seed_index_path: object, text: str, own_b: tuple[float, float] | None
) -> None:
    from searchlib import store
    from searchlib.query import DEFAULT_RANKING, Ranking, parse_query
    from searchlib.search import merge_identical_views

    ranking = DEFAULT_RANKING if own_b is None else Ranking(title_b=own_b[0], body_b=own_b[1])
    query = parse_query(text, ranking=ranking).whoosh_query
    ix = store.open_index(seed_index_path)
    with ix.searcher(weighting=ranking.weighting()) as searcher:
        merged = merge_identical_views(query, searcher)

        def scores(q: object) -> dict[int, float]:
            return dict(searcher.search(q, limit=None).items())

        assert len(list(merged.leaves())) <= len(list(query.leaves()))
        before, after = scores(query), scores(merged)
        assert before and before.keys() == after.keys()
        assert all(after[doc] == pytest.approx(before[doc]) for doc in before)


def test_a_name_is_read_once_per_twin_field(seed_index_path: object) -> None:
    from searchlib import store
    from searchlib.query import parse_query
    from searchlib.search import merge_identical_views

    query = parse_query("Lavrov").whoosh_query
    ix = store.open_index(seed_index_path)
    with ix.searcher() as searcher:
        merged = merge_identical_views(query, searcher)
    fields = [leaf.field() for leaf in merged.leaves()]
    assert "title" not in fields and "title_exact" in fields


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("Desember 2021", "31 Des 2021"),
        ("2021-12-02", None),
        (None, "2021-12-02"),
        ("2021", "2022"),
    ],
)
def test_month_keys_filter_the_same_articles_as_a_date_range(
    seed_index_path: object, since: str | None, until: str | None
) -> None:
    from whoosh import query as wq

    from searchlib import store
    from searchlib.query import Filters

    filters = Filters.build(since=since, until=until)
    ix = store.open_index(seed_index_path)
    with ix.searcher() as searcher:
        by_month = filters.query(searcher.reader())
        assert by_month is not None
        expected = set(wq.DateRange("published", filters.since, filters.until).docs(searcher))
        assert set(by_month.docs(searcher)) == expected


@pytest.mark.parametrize(
    "text",
    ["Lavrov", "Rusia", "\"Sergey Lavrov\"", "Rusia -zzyzx", "Hal itu juga dikatakan oleh Lavrov"],
)
def test_one_pass_counting_keeps_scores_and_counts(seed_index_path: object, text: str) -> None:
    from searchlib import store
    from searchlib.query import DEFAULT_RANKING, parse_query
    from searchlib.search import counted_in_one_pass

    query = parse_query(text).whoosh_query
    ix = store.open_index(seed_index_path)
    with ix.searcher(weighting=DEFAULT_RANKING.weighting()) as searcher:
        plain = searcher.search(query, limit=None)
        top = searcher.search(counted_in_one_pass(query), limit=3)
        assert len(top) == len(plain) > 0
        assert [hit.score for hit in top] == pytest.approx([hit.score for hit in plain[:3]])


def test_a_statements_stop_words_are_read_by_the_coordinated_or() -> None:
    from whoosh import query as wq

    from searchlib.query import parse_query
    from searchlib.query.coordination import CoordinatedOr
    from searchlib.search import counted_in_one_pass

    query = parse_query("Hal itu juga dikatakan oleh Lavrov").whoosh_query
    assert isinstance(query, wq.AndMaybe)
    counted = counted_in_one_pass(query)
    assert isinstance(counted, CoordinatedOr)
    assert counted.optional == [query.b]
