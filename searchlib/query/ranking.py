"""The knobs of ranking: field weights, coordination, proximity, alternative spellings, BM25."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.scoring import BM25F

from searchlib.store import documents


@dataclass(frozen=True)
class Ranking:
    """The knobs of ranking, tuned on the TyDi QA and FacQA train splits and on
    news with headlines (IndoSum's tune half).

    Field weights multiply BM25F scores per field. `coordination` and
    `coordination_power` reward covering the query: an article's summed score
    is multiplied by `1 + coordination * share ** coordination_power`, where
    `share` is the part of the query's words it holds, each word weighed by
    its rarity with `coordination_by_rarity` (holding a question's rare words
    covers more of it than holding its common ones). `proximity` is the boost
    of a pair of neighbouring words found within `proximity_slop` positions, in
    queries of at most `proximity_max_words` words. `variant`, `acronym` and
    `fuzzy` weigh alternative spellings relative to the word as typed, and
    `number_parts` a number's parts written apart (`101,4` as "101, 4").
    `stop_words` weighs the stop words of a statement (a question's are not
    searched), looked for in the body's stop-word view only in articles that
    match the other words, and not counted as coverage: they break ties.
    `as_typed` is the boost of a pair of neighbouring words of a statement
    found no farther apart in the exact views than they stand in the query
    (stop words between them counted). `k1` and `b` are BM25's term-frequency
    saturation and length normalisation;
    `title_b` and `body_b` (None: `b`) normalise the title and body views'
    lengths apart. The defaults come from benchmarks/tune_relevance.py.
    """

    # Headline weights chosen with titles present (IndoSum's tune half, 6 to 15
    # query words, benchmarks/tune_relevance.py): at 2.0 an article whose
    # headline holds the words outranked the one whose story does (0.94x plain
    # Whoosh at 6 words); from 0.15 to 1.0 the ratio moves by under 0.002.
    title: float = 0.4
    title_exact: float = 0.5
    lead: float = 1.2
    body: float = 1.0
    body_exact: float = 1.0
    captions: float = 0.5
    coordination: float = 0.5
    coordination_power: float = 2.0
    coordination_by_rarity: bool = True
    proximity: float = 0.0
    proximity_slop: int = 1
    proximity_max_words: int = 4
    variant: float = 0.5
    acronym: float = 0.5
    fuzzy: float = 0.3
    number_parts: float = 0.5
    # The stop words of a statement (not of a question), chosen on the train
    # samples (benchmarks/tune_relevance.py, 1,000 queries a task): news/6
    # 1.001x plain Whoosh without, 1.004x at 0.8, 1.008x at 2.4, 1.009x at 3.2
    # and 4.8, where news/15 starts to lose (1.002x -> 1.001x); TyDi and FacQA
    # (questions) unchanged.
    stop_words: float = 2.4
    # Statements' neighbouring words as far apart as typed (same samples, from
    # stop_words 0.8): news/6 1.009x at 0.1, 1.018x at 0.3, 1.024x at 0.6;
    # news/10 1.004x -> 1.009x; TyDi and FacQA unchanged.
    as_typed: float = 0.6
    # 1.2 (Whoosh's default) -> 1.0 with headlines present: news +0.002 at 6
    # words, TyDi +0.001, FacQA -0.0001 on train (benchmarks/tune_relevance.py).
    k1: float = 1.0
    b: float = 0.75
    title_b: float | None = None
    body_b: float | None = None

    def stemmed_weights(self) -> dict[str, float]:
        return {
            documents.TITLE: self.title,
            documents.LEAD: self.lead,
            documents.BODY: self.body,
            documents.CAPTIONS: self.captions,
        }

    def exact_weights(self) -> dict[str, float]:
        return {documents.TITLE_EXACT: self.title_exact, documents.BODY_EXACT: self.body_exact}

    def weighting(self) -> BM25F:
        """The Whoosh scoring model these parameters describe.

        Each text view shares its `b` with its twin (title and title_exact, body
        and body_exact), so the search stage may read a word's identical
        stemmed and exact postings once (`search.rewrites.merge_identical_views`).
        """
        own_b: dict[str, float] = {}
        for names, b in (
            ((documents.TITLE, documents.TITLE_EXACT), self.title_b),
            ((documents.BODY, documents.BODY_EXACT), self.body_b),
        ):
            if b is not None:
                own_b.update({f"{name}_B": b for name in names})
        return BM25F(B=self.b, K1=self.k1, **own_b)


DEFAULT_RANKING = Ranking()
