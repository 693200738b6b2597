"""Stemming quality and analyzer throughput: searchlib vs plain Sastrawi.

Quality: accuracy against gold form -> lemma pairs that nobody here wrote
(Universal Dependencies Indonesian treebanks; the Sastrawi project's own test
pairs reported separately), and conflations: distinct gold lemmas whose forms
end up on one shared stem, i.e. words a search can no longer tell apart.

Throughput: tokens per second of the stemmed analyzer over real news text
(IndoSum articles), warm cache, against the naive pipeline that calls an
uncached Sastrawi ``Stemmer.stem`` on every token of the same tokenization.

Cold stemming: CPU seconds to stem every distinct word of the IndoSum
article texts once, from an empty cache, with plain Sastrawi ``stem_word``
against searchlib's gated stemmer (the same stems; see
searchlib/analysis/gated_sastrawi.py), median of ``--cold-repeats`` runs.

Equivalence (``--verify``, slow, prints nothing else): the gated stemmer
against plain Sastrawi on every distinct word of the evaluation corpora and
gold lists, and on Sastrawi's root words bare and with common affixes,
printing how many words were checked and how many stems differ.

Retrieval (``--retrieval``, slow): the effect of analysis choices alone on the
train splits of TyDi QA and FacQA (one body field, Whoosh BM25F defaults, the
query's terms OR-ed), nDCG@10 and MRR@10 via ir-measures. This is where the
stop list was tuned; the full ranking is measured by the query benchmark.

Run from the repository root:
    python benchmarks/bench_stemming.py [--retrieval] [--cold-repeats N]
    python benchmarks/bench_stemming.py --verify
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import _systems
from whoosh.analysis import StandardAnalyzer

from searchlib.analysis import stemmed_analyzer
from searchlib.analysis.filters import ProtectOrStemFilter
from searchlib.analysis.gated_sastrawi import load_gated_stemmer
from searchlib.analysis.lexicon import Lexicon
from searchlib.analysis.stemming import clear_stem_cache, sastrawi_stem
from searchlib.analysis.tokenizer import NewsTokenizer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
UD_GOLD = SHARED / "eval" / "stemming" / "ud_affixed_gold.tsv"
SASTRAWI_PAIRS = SHARED / "eval" / "stemming" / "sastrawi_php_test_pairs.tsv"
UD_ALL_PAIRS = SHARED / "eval" / "stemming" / "ud_form_lemma_pairs.tsv"
ARTICLES = SHARED / "eval" / "indosum" / "articles.jsonl"
QA_COLLECTIONS = (SHARED / "eval" / "tydiqa-id", SHARED / "eval" / "facqa")


def read_pairs(path: Path, form_column: str, lemma_column: str) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            (row[form_column].lower(), row[lemma_column].lower())
            for row in rows
            if row.get("status", "") != "commented-out"
        ]


def plain_sastrawi() -> Callable[[str], str]:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer()
    return stemmer.stem  # type: ignore[no-any-return]


def searchlib_stemmer(lexicon: Lexicon | None = None) -> Callable[[str], str]:
    """The stemmed view of one word: tokenizer (lowercasing) | protect-or-stem.

    The stop filter is left out: a stop word is not indexed at all, which says
    nothing about how well it would be stemmed (stop words are counted apart).
    """
    chain = NewsTokenizer() | ProtectOrStemFilter(lexicon)

    def stem(word: str) -> str:
        return " ".join(token.text for token in chain(word))

    return stem


# Nominalisations with a pe(N)-/per-/ke- prefix and an -an suffix (pertahanan,
# penahanan, kebijakan): the candidates for "protect derived nouns".
_DERIVED_NOUN = re.compile(r"(?:pe|ke)[a-z]*an")


def protecting_derived_nouns(stem: Callable[[str], str]) -> Callable[[str], str]:
    """Variant: keep pe-/per-/ke-...-an nouns whole instead of stemming them."""

    def variant(word: str) -> str:
        stemmed = stem(word)
        if stemmed != word and _DERIVED_NOUN.fullmatch(word):
            return word
        return stemmed

    return variant


def accuracy(pairs: list[tuple[str, str]], stem: Callable[[str], str]) -> float:
    return sum(stem(form) == lemma for form, lemma in pairs) / len(pairs)


def conflations(pairs: list[tuple[str, str]], stem: Callable[[str], str]) -> tuple[int, int]:
    """(stems shared by several gold lemmas, gold lemmas on such a shared stem)."""
    lemmas_by_stem: dict[str, set[str]] = defaultdict(set)
    for form, lemma in pairs:
        lemmas_by_stem[stem(form)].add(lemma)
    shared = [lemmas for lemmas in lemmas_by_stem.values() if len(lemmas) > 1]
    return len(shared), sum(len(lemmas) for lemmas in shared)


def conflated_examples(
    pairs: list[tuple[str, str]], stem: Callable[[str], str], limit: int
) -> list[str]:
    lemmas_by_stem: dict[str, set[str]] = defaultdict(set)
    for form, lemma in pairs:
        lemmas_by_stem[stem(form)].add(lemma)
    shared = sorted((s, sorted(ls)) for s, ls in lemmas_by_stem.items() if len(ls) > 1)
    return [f"{s} <- {', '.join(ls)}" for s, ls in shared[:limit]]


def read_texts(count: int) -> list[str]:
    texts = []
    with ARTICLES.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) == count:
                break
    return texts


def tokens_per_second(run: Callable[[], int], repeats: int) -> float:
    """Median rate over ``repeats`` timed runs of ``run`` (which returns a token count)."""
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        tokens = run()
        rates.append(tokens / (time.perf_counter() - started))
    return statistics.median(rates)


def count_tokens(texts: Iterable[str]) -> int:
    """Tokens before stop-word removal: the work both pipelines are given."""
    tokenizer = NewsTokenizer()
    return sum(1 for text in texts for _ in tokenizer(text))


def analyzer_run(analyzer: Any, texts: list[str]) -> Callable[[], int]:
    """A timed pass of `analyzer` over `texts`, returning the tokens counted once
    beforehand (so every pipeline is credited with the same token count)."""
    tokens = count_tokens(texts)

    def run() -> int:
        for text in texts:
            for _ in analyzer(text, positions=True, chars=True):
                pass
        return tokens

    return run


def searchlib_run(texts: list[str]) -> Callable[[], int]:
    return analyzer_run(stemmed_analyzer(), texts)


def whoosh_standard_run(texts: list[str]) -> Callable[[], int]:
    """Reference without any stemming: Whoosh's StandardAnalyzer."""
    return analyzer_run(StandardAnalyzer(), texts)


def naive_run(texts: list[str]) -> Callable[[], int]:
    stemmer = _systems.uncached_sastrawi_stemmer()
    tokenizer = NewsTokenizer()

    def run() -> int:
        count = 0
        for text in texts:
            for token in tokenizer(text, positions=True, chars=True):
                stemmer.stem(token.text)
                count += 1
        return count

    return run


# What Sastrawi can stem (searchlib.analysis.stemming.is_stemmable), as found in text.
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def words_in(text: str) -> set[str]:
    """The distinct stemmable words of ``text``, lowercased."""
    return set(_WORD.findall(text.lower()))


def indosum_vocabulary() -> list[str]:
    """Every distinct word of the IndoSum article texts: what indexing them stems."""
    words: set[str] = set()
    with ARTICLES.open(encoding="utf-8") as handle:
        for line in handle:
            words |= words_in(json.loads(line)["text"])
    return sorted(words)


def cold_cpu_seconds(make_stem: Callable[[], Callable[[str], str]], words: list[str]) -> float:
    """CPU seconds to stem ``words`` once with a stemmer fresh from ``make_stem``
    (which is not timed)."""
    stem = make_stem()
    started = time.process_time()
    for word in words:
        stem(word)
    return time.process_time() - started


def emptied_sastrawi_stem() -> Callable[[str], str]:
    """searchlib's cached stemming, from an empty cache."""
    clear_stem_cache()
    return sastrawi_stem


def print_cold_stemming(repeats: int) -> None:
    """Plain Sastrawi against the gated stemmer on the IndoSum vocabulary, from cold.

    Each run gets a freshly built stemmer (or, for ``sastrawi_stem``, an empty
    stem cache); the systems take turns so that machine noise hits them alike.
    """
    words = indosum_vocabulary()
    systems: dict[str, Callable[[], Callable[[str], str]]] = {
        "plain Sastrawi Stemmer.stem_word": lambda: _systems.uncached_sastrawi_stemmer().stem_word,
        "gated stemmer stem_word": lambda: load_gated_stemmer().stem_word,
        "searchlib sastrawi_stem, empty cache": emptied_sastrawi_stem,
    }
    seconds: dict[str, list[float]] = defaultdict(list)
    for _ in range(repeats):
        for label, make_stem in systems.items():
            seconds[label].append(cold_cpu_seconds(make_stem, words))
    clear_stem_cache()
    print(f"\ncold stemming of the IndoSum article vocabulary ({len(words):,} distinct words), "
          f"CPU seconds, median of {repeats}")
    print(f"{'stemmer':<40}{'CPU s':>9}{'us/word':>9}{'speed-up':>10}")
    baseline = statistics.median(seconds["plain Sastrawi Stemmer.stem_word"])
    for label, runs in seconds.items():
        median = statistics.median(runs)
        print(f"{label:<40}{median:>9.2f}{median / len(words) * 1e6:>9.1f}"
              f"{baseline / median:>9.1f}x")


# Affixes put on every Sastrawi root for the equivalence check: the common
# prefixes and suffixes one at a time, confixes (including the ones Sastrawi
# strips prefix first: be-...-lah, be-...-an, me-/di-/pe-/ter-...-i),
# reduplications, and the nasal prefixes that replace the root's first letter.
_PREFIXES = ("me", "di", "ber", "ter", "pe", "per", "ke", "se", "mem", "men", "meng", "meny",
             "peng", "be", "te", "pem", "pen", "peny", "memper", "diper", "ku", "kau")
_SUFFIXES = ("kan", "an", "i", "nya", "lah", "kah", "ku", "mu", "tah", "pun", "is", "isme")
_CONFIXES = (("me", "kan"), ("di", "kan"), ("me", "i"), ("di", "i"), ("pe", "i"), ("ter", "i"),
             ("be", "lah"), ("be", "an"), ("ber", "an"), ("ber", "lah"), ("pe", "an"),
             ("per", "an"), ("ke", "an"), ("se", "nya"), ("di", "kannya"), ("mem", "kan"),
             ("memper", "kan"), ("ter", "kan"))
_NASALS = {"p": ("mem", "pem"), "t": ("men", "pen"), "s": ("meny", "peny"),
           "k": ("meng", "peng")}
_REDUPLICATIONS = ("{0}-{0}", "{0}-{0}nya", "{0}-{0}an", "ber{0}-{0}an", "{0}-{0}-nya")


def affixed_forms(root: str) -> Iterable[str]:
    """``root`` bare and with the affixes above."""
    yield root
    for prefix in _PREFIXES:
        yield prefix + root
    for suffix in _SUFFIXES:
        yield root + suffix
    for prefix, suffix in _CONFIXES:
        yield prefix + root + suffix
    for template in _REDUPLICATIONS:
        yield template.format(root)
    for nasal in _NASALS.get(root[:1], ()):
        nasalised = nasal + root[1:]
        yield nasalised
        yield nasalised + "kan"
        yield nasalised + "i"
        yield f"{nasalised}-{nasalised[2:]}kan"  # meniru-nirukan


def verification_words() -> list[str]:
    """The words the gated stemmer is checked on (see ``--verify``)."""
    words: set[str] = set()
    for path in (ARTICLES, *(folder / "corpus.jsonl" for folder in QA_COLLECTIONS)):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                for value in json.loads(line).values():
                    words |= words_in(str(value))
    for folder in QA_COLLECTIONS:
        for split in ("train", "valid"):
            words |= words_in((folder / f"queries_{split}.tsv").read_text(encoding="utf-8"))
    for path in (UD_GOLD, UD_ALL_PAIRS, SASTRAWI_PAIRS):
        words |= words_in(path.read_text(encoding="utf-8"))
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    for root in StemmerFactory().get_words():
        if _WORD.fullmatch(root):
            words.update(affixed_forms(root))
    return sorted(words)


def verify(examples: int = 20) -> int:
    """Compare the gated stemmer with plain Sastrawi; returns the mismatch count."""
    words = verification_words()
    plain = _systems.uncached_sastrawi_stemmer()
    gated = load_gated_stemmer()
    mismatches = []
    for word in words:
        expected = plain.stem_word(word)
        if gated.stem_word(word) != expected:
            mismatches.append(word)
    print(f"words checked: {len(words):,}")
    print(f"mismatches:    {len(mismatches):,}")
    for word in mismatches[:examples]:
        print(f"  {word}: sastrawi {plain.stem_word(word)!r}, gated {gated.stem_word(word)!r}")
    return len(mismatches)


# Question words that searchlib adds to the source stop lists (see stopwords.txt).
ADDED_QUESTION_WORDS = frozenset(
    {"dimana", "dimanakah", "kemana", "kemanakah", "darimana", "darimanakah", "manakah"}
)


def retrieval_analyzers() -> dict[str, Any]:
    without_added = Lexicon()
    without_added.stop_words = without_added.stop_words - ADDED_QUESTION_WORDS
    return {
        "Whoosh StandardAnalyzer, no stop list": StandardAnalyzer(stoplist=None),
        "searchlib stemmed, source stop words only": stemmed_analyzer(without_added),
        "searchlib stemmed_analyzer": stemmed_analyzer(),
    }


def retrieval_scores(collection: str, analyzer: Any) -> tuple[float, float]:
    """(nDCG@10, MRR@10) on a collection's train split with one analyzer."""
    import ir_measures
    from ir_measures import RR, nDCG
    from whoosh import query as wq
    from whoosh import scoring
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage

    folder = SHARED / "eval" / collection
    index = RamStorage().create_index(Schema(id=ID(stored=True), body=TEXT(analyzer=analyzer)))
    writer = index.writer()
    with (folder / "corpus.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            writer.add_document(id=record["docid"], body=record["text"])
    writer.commit()
    run = []
    with (folder / "queries_train.tsv").open(encoding="utf-8") as handle:
        queries = [line.rstrip("\n").split("\t")[:2] for line in handle]
    with index.searcher(weighting=scoring.BM25F()) as searcher:
        for qid, text in queries:
            terms = [wq.Term("body", token.text) for token in analyzer(text)]
            if terms:
                for hit in searcher.search(wq.Or(terms), limit=100):
                    run.append(ir_measures.ScoredDoc(qid, hit["id"], hit.score))
    qrels = list(ir_measures.read_trec_qrels(str(folder / "qrels_train.trec")))  # type: ignore[no-untyped-call]
    scores = ir_measures.calc_aggregate([nDCG @ 10, RR @ 10], qrels, run)
    return scores[nDCG @ 10], scores[RR @ 10]


def print_retrieval() -> None:
    print(f"\n{'train split':<12}{'analysis':<44}{'nDCG@10':>9}{'MRR@10':>9}{'ratio':>8}")
    for collection in ("tydiqa-id", "facqa"):
        baseline = None
        for label, analyzer in retrieval_analyzers().items():
            ndcg, mrr = retrieval_scores(collection, analyzer)
            baseline = baseline or ndcg
            print(f"{collection:<12}{label:<44}{ndcg:>9.4f}{mrr:>9.4f}{ndcg / baseline:>8.4f}",
                  flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="IndoSum articles to analyze")
    parser.add_argument("--naive-articles", type=int, default=100,
                        help="articles for the (slow) uncached baseline")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs; the median is kept")
    parser.add_argument("--examples", type=int, default=0, help="print conflated stems")
    parser.add_argument("--retrieval", action="store_true",
                        help="also run the (slow) train-split retrieval check")
    parser.add_argument("--cold-repeats", type=int, default=3,
                        help="timed cold-stemming runs per stemmer; the median is kept (0: skip)")
    parser.add_argument("--verify", action="store_true",
                        help="only check the gated stemmer against plain Sastrawi (slow)")
    args = parser.parse_args()
    if args.verify:
        raise SystemExit(1 if verify() else 0)

    plain = plain_sastrawi()
    ours = searchlib_stemmer()
    stop_words = Lexicon.default().stop_words
    systems = [
        ("sastrawi", plain),
        ("searchlib", ours),
        ("searchlib + keep pe-/ke-...-an nouns", protecting_derived_nouns(ours)),
    ]
    print(f"{'gold set':<28}{'pairs':>7}{'system':>38}{'accuracy':>10}"
          f"{'shared stems':>14}{'lemmas on them':>16}")
    for label, path, form_col, lemma_col in [
        ("UD affixed (Indonesian UD)", UD_GOLD, "form", "lemma"),
        ("Sastrawi test pairs", SASTRAWI_PAIRS, "word", "expected_stem"),
    ]:
        pairs = read_pairs(path, form_col, lemma_col)
        for system, stem in systems:
            stems, lemmas = conflations(pairs, stem)
            print(f"{label:<28}{len(pairs):>7}{system:>38}{accuracy(pairs, stem):>10.2%}"
                  f"{stems:>14}{lemmas:>16}")
        stopped = sum(form in stop_words for form, _ in pairs)
        print(f"{'':<28}{'':>7}  ({stopped} gold forms are searchlib stop words)")
        if args.examples:
            for system, stem in systems[:2]:
                print(f"  {system} conflations:")
                for line in conflated_examples(pairs, stem, args.examples):
                    print(f"    {line}")

    texts = read_texts(args.articles)
    clear_stem_cache()
    warm_up = searchlib_run(texts)
    cold_started = time.perf_counter()
    tokens = warm_up()
    cold = tokens / (time.perf_counter() - cold_started)
    warm = tokens_per_second(searchlib_run(texts), args.repeats)
    naive = tokens_per_second(naive_run(texts[: args.naive_articles]), 1)
    standard = tokens_per_second(whoosh_standard_run(texts), args.repeats)
    print()
    print(f"throughput over {len(texts)} IndoSum articles ({tokens:,} tokens; naive baseline "
          f"timed on the first {args.naive_articles})")
    print(f"{'pipeline':<48}{'tokens/s':>12}{'ratio':>8}")
    print(f"{'naive: tokenize + uncached Sastrawi stem()':<48}{naive:>12,.0f}{1:>8.1f}")
    print(f"{'searchlib stemmed_analyzer, cold cache':<48}{cold:>12,.0f}{cold / naive:>8.1f}")
    print(f"{'searchlib stemmed_analyzer, warm (median)':<48}{warm:>12,.0f}{warm / naive:>8.1f}")
    print(f"{'reference: Whoosh StandardAnalyzer, no stemming':<48}{standard:>12,.0f}"
          f"{standard / naive:>8.1f}")
    if args.cold_repeats > 0:
        print_cold_stemming(args.cold_repeats)
    if args.retrieval:
        print_retrieval()


if __name__ == "__main__":
    main()
