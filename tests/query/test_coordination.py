"""The coordinated OR: plain sums without coordination, bonuses for coverage."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index
from whoosh.matching import FilterMatcher
from whoosh.scoring import BM25F

from searchlib.query.coordination import CoordinatedOr, rarity_counts
from searchlib.query.lazy import ceiling_of, posting_leaf

TEXTS = {
    "a": "rusia ukraina nato",
    "b": "rusia rusia rusia",
    "c": "ukraina",
    "d": "cuaca cerah",
}


@pytest.fixture(scope="module")
def ram_index() -> Iterator[Index]:
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT))
    with ix.writer() as writer:
        for doc_id, text in TEXTS.items():
            writer.add_document(id=doc_id, body=text)
    yield ix


def scores(ix: Index, query: wq.Query) -> dict[str, float]:
    with ix.searcher(weighting=BM25F()) as searcher:
        return {hit["id"]: float(hit.score) for hit in searcher.search(query, limit=None)}


def words(*texts: str) -> list[wq.Query]:
    return [wq.Term("body", text) for text in texts]


def test_without_coordination_it_scores_like_a_plain_or(ram_index: Index) -> None:
    coordinated = CoordinatedOr(words("rusia", "ukraina"), [1, 1], 2, coordination=0.0)
    plain = wq.Or(words("rusia", "ukraina"))
    got, expected = scores(ram_index, coordinated), scores(ram_index, plain)
    assert got.keys() == expected.keys() == {"a", "b", "c"}
    assert all(got[k] == pytest.approx(expected[k]) for k in got)


def test_coverage_multiplies_the_sum(ram_index: Index) -> None:
    plain = scores(ram_index, wq.Or(words("rusia", "ukraina")))
    coordinated = scores(
        ram_index, CoordinatedOr(words("rusia", "ukraina"), [1, 1], 2, coordination=1.0)
    )
    assert coordinated["a"] == pytest.approx(plain["a"] * 2.0)
    assert coordinated["b"] == pytest.approx(plain["b"] * 1.5)


def test_a_one_word_query_never_scores_zero(ram_index: Index) -> None:
    found = scores(ram_index, CoordinatedOr(words("ukraina"), [1], 1, coordination=0.5))
    assert set(found) == {"a", "c"} and all(score > 0 for score in found.values())


def test_a_shortcut_counts_for_the_words_it_stands_for(ram_index: Index) -> None:
    query = CoordinatedOr(words("rusia", "ukraina", "nato"), [1, 1, 1], 3, coordination=1.0)
    shortcut = CoordinatedOr(words("cuaca", "x", "y", "cerah"), [2, 1, 1, 0], 3, coordination=1.0)
    assert scores(ram_index, query)["a"] > 0
    plain = scores(ram_index, wq.Or(words("cuaca", "cerah")))["d"]
    assert scores(ram_index, shortcut)["d"] == pytest.approx(plain * (1 + (2 / 3) ** 1))


def idf(ix: Index, text: str) -> float:
    with ix.searcher(weighting=BM25F()) as searcher:
        return float(searcher.idf("body", text))


@pytest.fixture(scope="module")
def two_segments() -> Iterator[Index]:
    """The texts of `TEXTS` in two segments: "nato" is in the first only."""
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT))
    for part in (["a", "c"], ["b", "d"]):
        with ix.writer(merge=False) as writer:
            for doc_id in part:
                writer.add_document(id=doc_id, body=TEXTS[doc_id])
    assert len(ix.reader().leaf_readers()) == 2
    yield ix


def test_by_rarity_a_rare_word_covers_more_of_the_query(two_segments: Index) -> None:
    # "rusia" is in two texts, "nato" in one: holding "nato" covers more than holding "rusia".
    query = CoordinatedOr(words("rusia", "nato"), [1, 1], 2, coordination=1.0, by_rarity=True)
    plain = scores(two_segments, wq.Or(words("rusia", "nato")))
    rare, common = idf(two_segments, "nato"), idf(two_segments, "rusia")
    assert rare > common
    got = scores(two_segments, query)
    assert got["a"] == pytest.approx(plain["a"] * 2.0)
    assert got["b"] == pytest.approx(plain["b"] * (1 + common / (common + rare)))


def test_by_rarity_a_query_reused_on_a_newer_index_weighs_its_words_anew() -> None:
    """Rarity is worked out once per search, not once per segment, and a query kept
    across searches must not carry one index's rarity into another's."""
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT))
    for part in (["a", "c"], ["b", "d"]):
        with ix.writer(merge=False) as writer:
            for doc_id in part:
                writer.add_document(id=doc_id, body=TEXTS[doc_id])
    query = CoordinatedOr(words("rusia", "nato"), [1, 1], 2, coordination=1.0, by_rarity=True)
    before = scores(ix, query)
    with ix.writer(merge=False) as writer:
        for number in range(6):
            writer.add_document(id=f"n{number}", body="nato")
    after = scores(ix, query)
    fresh = scores(
        ix, CoordinatedOr(words("rusia", "nato"), [1, 1], 2, coordination=1.0, by_rarity=True)
    )
    assert after == pytest.approx(fresh)
    # "nato" became the common word: "b" (rusia only) now covers more of the query.
    assert after["b"] / scores(ix, wq.Or(words("rusia", "nato")))["b"] > 1.5
    assert before["b"] / before["a"] != pytest.approx(after["b"] / after["a"])


def test_by_rarity_an_unknown_word_does_not_lower_coverage(ram_index: Index) -> None:
    known = scores(
        ram_index, CoordinatedOr(words("rusia", "ukraina"), [1, 1], 2, 1.0, by_rarity=True)
    )
    with_unknown = scores(
        ram_index,
        CoordinatedOr(words("rusia", "ukraina", "qwerty"), [1, 1, 1], 3, 1.0, by_rarity=True),
    )
    by_count = scores(
        ram_index, CoordinatedOr(words("rusia", "ukraina", "qwerty"), [1, 1, 1], 3, 1.0)
    )
    assert with_unknown == pytest.approx(known)
    assert by_count["a"] < with_unknown["a"]


def test_rarity_counts_weigh_words_acronyms_and_bonuses() -> None:
    counts, words_total = rarity_counts([2.0, 1.0, 9.0, 5.0], [1, 1, 2, 0], 2)
    assert counts == [2.0, 1.0, 3.0, 0.0] and words_total == 3.0
    assert rarity_counts([0.0, 0.0], [1, 1], 2) == ([1.0, 1.0], 2.0)


def test_normalising_drops_empty_members_with_their_counts() -> None:
    query = CoordinatedOr([wq.NullQuery, *words("rusia")], [1, 1], 2, coordination=0.5)
    normal = query.normalize()
    assert isinstance(normal, CoordinatedOr)
    assert normal.counts == [1] and normal.words == 2
    rare = CoordinatedOr([wq.NullQuery, *words("rusia")], [1, 1], 2, 0.5, by_rarity=True)
    assert rare.normalize() == CoordinatedOr(words("rusia"), [1], 2, 0.5, by_rarity=True)
    assert CoordinatedOr([wq.NullQuery], [1], 1, coordination=0.5).normalize() is wq.NullQuery


@pytest.fixture(scope="module")
def busy_index() -> Iterator[Index]:
    """Many documents over a few words, so a top-3 search must pass over most of them."""
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT, tag=ID))
    vocabulary = ["rusia", "ukraina", "nato", "cuaca", "cerah", "hujan"]
    with ix.writer() as writer:
        for number in range(400):
            chosen = [w for i, w in enumerate(vocabulary) if (number * 7 + i * 3) % (i + 2) == 0]
            text = " ".join(chosen * (1 + number % 3)) or "kosong"
            writer.add_document(id=str(number), body=text, tag="ganjil" if number % 2 else "genap")
    yield ix


def coordinated(*texts: str) -> CoordinatedOr:
    members = [wq.Or([wq.Term("body", t), wq.Term("body", t, boost=0.5)]) for t in texts]
    return CoordinatedOr(members, [1] * len(texts), len(texts), coordination=0.5, power=2.0)


@pytest.mark.parametrize(
    "make",
    [
        lambda q: q,
        lambda q: wq.And([q, wq.ConstantScoreQuery(wq.Term("tag", "ganjil"), 0.0)]),
        lambda q: wq.AndNot(q, wq.Term("body", "hujan")),
        lambda q: wq.Or([q, wq.Term("body", "cerah")]),
    ],
    ids=["alone", "restricted", "excluding", "in an OR"],
)
def test_top_results_and_count_match_a_full_ranking(busy_index: Index, make: object) -> None:
    query = make(coordinated("rusia", "ukraina", "nato"))  # type: ignore[operator]
    with busy_index.searcher(weighting=BM25F()) as searcher:
        everything = searcher.search(query, limit=None)
        full = [(round(hit.score, 9), hit["id"]) for hit in everything]
        top = searcher.search(query, limit=3)
        assert len(top) == len(everything) > 3
        assert [(round(hit.score, 9), hit["id"]) for hit in top] == full[:3]


def test_the_walk_visits_every_match_once_whatever_the_overlap() -> None:
    """Runs of one list alone, then lists meeting again, then ending one by one."""
    texts = ["rusia", "rusia ukraina", "ukraina", "rusia", "rusia", "ukraina nato",
             "rusia ukraina nato", "nato", "rusia", "cuaca", "ukraina"]
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT))
    with ix.writer() as writer:
        for number, text in enumerate(texts):
            writer.add_document(id=str(number), body=text)
    query_words = ("rusia", "ukraina", "nato")
    got = scores(ix, CoordinatedOr(words(*query_words), [1, 1, 1], 3, coordination=0.0))
    expected = scores(ix, wq.Or(words(*query_words)))
    assert got.keys() == expected.keys() == {str(n) for n in range(len(texts)) if n != 9}
    assert all(got[k] == pytest.approx(expected[k]) for k in got)
    with ix.searcher() as searcher:
        matcher = CoordinatedOr(words(*query_words), [1, 1, 1], 3, 0.0).matcher(searcher)
        seen = []
        while matcher.is_active():
            seen.append(matcher.id())
            matcher.next()
    assert seen == sorted(set(seen)) and len(seen) == len(expected)


def with_bonuses(*texts: str, coordination: float = 0.5) -> CoordinatedOr:
    """Words, a bonus for each neighbouring pair in order, and an optional word."""
    pairs = [wq.Phrase("body", [a, b], slop=2) for a, b in zip(texts, texts[1:], strict=False)]
    return CoordinatedOr(
        [*coordinated(*texts).members, *pairs], [1] * len(texts) + [0] * len(pairs),
        len(texts), coordination=coordination, power=2.0, optional=[wq.Term("body", "cerah")],
    )


def test_bonuses_and_optional_queries_score_as_whoosh_would(busy_index: Index) -> None:
    query = with_bonuses("rusia", "ukraina", "nato", coordination=0.0)
    plain = wq.AndMaybe(
        wq.Or([*query.members]), wq.Term("body", "cerah")
    )
    got, expected = scores(busy_index, query), scores(busy_index, plain)
    assert got.keys() == expected.keys()
    assert all(got[k] == pytest.approx(expected[k]) for k in got)
    # Some documents hold a pair, some the optional word, and these raise the score.
    without = scores(busy_index, CoordinatedOr(query.members[:3], [1, 1, 1], 3, 0.0))
    assert sum(got[k] > without[k] for k in got) > 10


def test_a_bonus_or_optional_query_never_matches_by_itself(ram_index: Index) -> None:
    query = CoordinatedOr(
        [*words("ukraina"), wq.Term("body", "rusia")], [1, 0], 1, 0.5,
        optional=[wq.Term("body", "cuaca")],
    )
    assert set(scores(ram_index, query)) == {"a", "c"}


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_top_results_with_bonuses_match_a_full_ranking(busy_index: Index, limit: int) -> None:
    query = with_bonuses("rusia", "ukraina", "nato", "hujan")
    with busy_index.searcher(weighting=BM25F()) as searcher:
        everything = searcher.search(query, limit=None)
        full = [(round(hit.score, 9), hit["id"]) for hit in everything]
        top = searcher.search(query, limit=limit)
        assert len(top) == len(everything) > limit
        assert [(round(hit.score, 9), hit["id"]) for hit in top] == full[:limit]


def test_optional_queries_are_part_of_the_query() -> None:
    query = with_bonuses("rusia", "ukraina")
    assert wq.Term("body", "cerah") in list(query.children())
    assert query.normalize() == query
    assert query != with_bonuses("rusia", "ukraina").with_optional([wq.Term("body", "hujan")])
    renamed = query.apply(lambda q: q.with_boost(2.0) if isinstance(q, wq.Term) else q)
    assert isinstance(renamed, CoordinatedOr) and renamed.optional[0].boost == 2.0


PHRASE_TEXTS = [
    "komisi pemberantasan korupsi", "korupsi pemberantasan komisi",
    "komisi x pemberantasan korupsi", "komisi komisi pemberantasan y y korupsi",
    "pemberantasan korupsi komisi pemberantasan korupsi", "komisi", "komisi pemberantasan",
    "sama sama sama", "sama", "komisi y y y pemberantasan korupsi",
]


@pytest.fixture(scope="module")
def phrase_index() -> Iterator[Index]:
    ix = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT))
    with ix.writer() as writer:
        for number, text in enumerate(PHRASE_TEXTS * 3):
            writer.add_document(id=str(number), body=text)
    yield ix


@pytest.mark.parametrize("words", [["komisi", "pemberantasan", "korupsi"], ["sama", "sama"],
                                   ["komisi", "pemberantasan"], ["korupsi", "komisi"]])
@pytest.mark.parametrize("slop", [1, 2, 3])
def test_a_phrase_member_matches_and_scores_as_whooshs_phrase(
    phrase_index: Index, words: list[str], slop: int
) -> None:
    phrase = wq.Phrase("body", words, slop=slop, boost=0.5)
    got = scores(phrase_index, CoordinatedOr([phrase], [1], 1, coordination=0.0))
    expected = scores(phrase_index, phrase)
    assert got.keys() == expected.keys()
    assert all(got[k] == pytest.approx(expected[k]) for k in got)


def test_a_term_in_a_segment_with_deleted_documents_keeps_its_bound() -> None:
    """Whoosh filters a segment's deleted documents out of each term's matcher; the
    term's bound still holds (a filter only takes documents away), so the walk can
    pass over documents that cannot reach the page in such segments too."""
    ix = RamStorage().create_index(Schema(id=ID(stored=True, unique=True), body=TEXT))
    with ix.writer() as writer:
        for doc_id, text in TEXTS.items():
            writer.add_document(id=doc_id, body=text)
    with ix.writer() as writer:
        writer.delete_by_term("id", "c")
    with ix.searcher(weighting=BM25F()) as searcher:
        assert searcher.reader().has_deletions()
        matcher = wq.Term("body", "ukraina").matcher(searcher)
        assert type(matcher) is FilterMatcher
        assert posting_leaf(matcher) is not None
        bound = ceiling_of(matcher)
        scores_seen = []
        while matcher.is_active():
            scores_seen.append(matcher.score())
            matcher.next()
    assert scores_seen and max(scores_seen) <= bound < math.inf


def test_deleted_documents_are_passed_over_once_per_document() -> None:
    """The coordinated OR reads its terms' postings without Whoosh's filter of
    deleted documents and passes over them itself: the same ranking and count
    as Whoosh's filtered OR, with deleted documents first, between and last."""
    ix = RamStorage().create_index(Schema(id=ID(stored=True, unique=True), body=TEXT))
    texts = {str(n): ["rusia", "ukraina", "rusia ukraina", "nato rusia"][n % 4] for n in range(40)}
    with ix.writer() as writer:
        for doc_id, text in texts.items():
            writer.add_document(id=doc_id, body=text)
    with ix.writer() as writer:
        for doc_id in ("0", "1", "2", "17", "22", "38", "39"):
            writer.delete_by_term("id", doc_id)
    query = coordinated("rusia", "ukraina")
    plain = wq.Or([wq.Term("body", "rusia"), wq.Term("body", "ukraina")])
    with ix.searcher(weighting=BM25F()) as searcher:
        assert searcher.reader().has_deletions()
        everything = searcher.search(query, limit=None)
        ids = [hit["id"] for hit in everything]
        assert sorted(ids, key=int) == sorted(
            (hit["id"] for hit in searcher.search(plain, limit=None)), key=int
        )
        assert not {"0", "1", "2", "17", "22", "38", "39"} & set(ids)
        top = searcher.search(query, limit=5)
        assert len(top) == len(everything) == 33
        assert [hit["id"] for hit in top] == ids[:5]
        matcher = query.matcher(searcher)
        walked = []
        while matcher.is_active():
            walked.append(searcher.stored_fields(matcher.id())["id"])
            matcher.next()
        assert sorted(walked, key=int) == sorted(ids, key=int)
        phrase = wq.Phrase("body", ["rusia", "ukraina"])
        with_phrase = CoordinatedOr([wq.Term("body", "nato"), phrase], [1, 1], 2, coordination=0.5)
        plain_or = wq.Or([wq.Term("body", "nato"), phrase])
        assert sorted(hit["id"] for hit in searcher.search(with_phrase, limit=None)) == sorted(
            hit["id"] for hit in searcher.search(plain_or, limit=None)
        )
