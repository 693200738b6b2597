"""Snippets: short, sentence-bounded fragments that show why an article matched.

Highlighting is stem-aware: the article text is run through the same stemmed
analyzer as the index, so the query `pertemuan` marks `bertemu` where it is
written. Snippets are data (text plus character offsets); rendering to a
terminal or to HTML happens elsewhere, and the HTML rendering escapes the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from searchlib.analysis import term_spans
from searchlib.query import QueryTerms
from searchlib.results import Snippet, Span

# Typical length of one search-result line pair; longer sentences are cut around their matches.
MAX_FRAGMENT_CHARS = 240
DEFAULT_FRAGMENTS = 3
ELLIPSIS = "…"
# Characters of an article's text looked at for its snippets (and of a title for
# its highlights). A news article is 2-20 thousand characters and its matching
# sentences far fewer; the analyzer reads ~2 MB/s, so this is at most ~25 ms a
# hit, and one giant article cannot make every search it turns up in slow.
SNIPPET_SCAN_CHARS = 50_000

_WHITESPACE = re.compile(r"\s+")
# A sentence ends at . ! ? or … (optionally closed by quotes or brackets) before whitespace and an
# opening of the next sentence; abbreviations such as "dr." rarely precede a capital in news text.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    term: str


@dataclass(frozen=True)
class _Sentence:
    order: int
    text: str
    matches: tuple[_Match, ...]

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(match.term for match in self.matches)


def normalize_whitespace(text: str) -> str:
    """Collapse runs of whitespace (newlines, tabs, no-break spaces) to one space."""
    return _WHITESPACE.sub(" ", text).strip()


# Stems at least this long are looked for in the raw text without their first
# letter, which Indonesian prefixes may replace (pukul -> memukul, sapu -> menyapu,
# tulis -> menulis); shorter stems (acronyms such as dpr, kpk) are looked for whole.
_PROBE_MIN_STEM = 4


def _probes(terms: QueryTerms) -> tuple[str, ...]:
    stems = (stem[1:] if len(stem) >= _PROBE_MIN_STEM else stem for stem in terms.stems)
    return tuple({*terms.exact, *stems})


def may_match(text: str, terms: QueryTerms) -> bool:
    """False when `text` cannot hold a query term, decided without analysing it.

    Most sentences of a long article hold no query word; a substring test per
    term rules them out at a fraction of the cost of running the analyzer.
    """
    folded = text.casefold()
    return any(probe in folded for probe in _probes(terms))


def find_matches(text: str, terms: QueryTerms) -> list[_Match]:
    """Spans of `text` whose stem or exact form is a query term, in text order."""
    if not terms or not may_match(text, terms):
        return []
    matches = []
    for span in term_spans(text):
        if span.stem in terms.stems:
            matches.append(_Match(span.start, span.end, span.stem))
        elif span.exact in terms.exact:
            matches.append(_Match(span.start, span.end, span.exact))
    return matches


def highlight(text: str, terms: QueryTerms) -> Snippet:
    """The whole of a short text (a title) with its matches highlighted.

    Only the first SNIPPET_SCAN_CHARS characters are looked at for matches.
    """
    text = normalize_whitespace(text)
    scanned = _within(text, SNIPPET_SCAN_CHARS)
    return Snippet(text, tuple((m.start, m.end) for m in find_matches(scanned, terms)))


def _within(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at a space when it has to be cut."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)
    return text[: space if space > 0 else limit]


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one whitespace-normalised paragraph."""
    sentences, start = [], 0
    for boundary in _SENTENCE_END.finditer(paragraph):
        sentences.append(paragraph[start : boundary.start() + len(boundary.group().rstrip())])
        start = boundary.end()
    sentences.append(paragraph[start:])
    return [sentence.strip() for sentence in sentences if sentence.strip()]


def make_snippets(
    paragraphs: Iterable[str],
    terms: QueryTerms,
    *,
    fragments: int = DEFAULT_FRAGMENTS,
    max_chars: int = MAX_FRAGMENT_CHARS,
) -> list[Snippet]:
    """Up to `fragments` sentences that together cover the most distinct query words.

    Sentences are chosen greedily (new query words first, then most matches),
    shown in document order, and cut to `max_chars` around their matches.
    Without any match the opening sentence stands in, so a hit found through its
    title or metadata still shows what the article is about.
    """
    if fragments <= 0:
        return []
    sentences = _sentences(paragraphs, terms)
    if not sentences:
        return []
    chosen = _choose(sentences, fragments)
    if not chosen:
        return [_cut(sentences[0], max_chars)]
    return [_cut(sentence, max_chars) for sentence in sorted(chosen, key=lambda s: s.order)]


def _sentences(paragraphs: Iterable[str], terms: QueryTerms) -> list[_Sentence]:
    """The sentences that may hold a query term, and always the opening one.

    A paragraph without any query term is not split at all (only the opening
    sentence is needed, as the stand-in when nothing matches). Paragraphs are
    read up to SNIPPET_SCAN_CHARS characters in all.
    """
    sentences: list[_Sentence] = []
    budget = SNIPPET_SCAN_CHARS
    for paragraph in paragraphs:
        if budget <= 0:
            break
        paragraph = _within(paragraph, budget)
        budget -= len(paragraph)
        if sentences and not may_match(paragraph, terms):
            continue
        for text in split_sentences(normalize_whitespace(paragraph)):
            sentences.append(_Sentence(len(sentences), text, tuple(find_matches(text, terms))))
    return sentences


def _choose(sentences: Sequence[_Sentence], fragments: int) -> list[_Sentence]:
    candidates = [sentence for sentence in sentences if sentence.matches]
    chosen: list[_Sentence] = []
    covered: set[str] = set()
    while candidates and len(chosen) < fragments:
        best = max(
            candidates,
            key=lambda s: (len(s.terms - covered), len(s.matches), -s.order),
        )
        chosen.append(best)
        covered |= best.terms
        candidates.remove(best)
    return chosen


def _cut(sentence: _Sentence, max_chars: int) -> Snippet:
    """The sentence, or a window of it at word boundaries around its densest matches."""
    text = sentence.text
    spans = [(m.start, m.end) for m in sentence.matches]
    if len(text) <= max_chars:
        return Snippet(text, tuple(spans))
    window_start = _best_window_start(text, spans, max_chars)
    window_end = min(len(text), window_start + max_chars)
    if window_start > 0:
        window_start = _next_word_start(text, window_start)
    if window_end < len(text):
        window_end = _previous_word_end(text, window_end, window_start)
    prefix = ELLIPSIS if window_start > 0 else ""
    suffix = ELLIPSIS if window_end < len(text) else ""
    shift = len(prefix) - window_start
    kept = tuple(
        (start + shift, end + shift)
        for start, end in spans
        if start >= window_start and end <= window_end
    )
    return Snippet(prefix + text[window_start:window_end] + suffix, kept)


def _best_window_start(text: str, spans: Sequence[Span], width: int) -> int:
    """Start of the `width`-character window holding the most matches (a little context first).

    Each match in turn anchors a window; the matches inside it are counted
    with two cursors that only move forward (spans are in text order and do
    not overlap, so their starts and their ends both increase), which keeps
    a sentence of one word repeated thousands of times linear.
    """
    if not spans:
        return 0
    context = width // 6
    best_start, best_count = 0, -1
    first_inside = first_past = 0  # first span starting in the window, first ending after it
    for anchor, _ in spans:
        start = max(0, min(anchor - context, len(text) - width))
        while first_inside < len(spans) and spans[first_inside][0] < start:
            first_inside += 1
        while first_past < len(spans) and spans[first_past][1] <= start + width:
            first_past += 1
        count = max(0, first_past - first_inside)
        if count > best_count:
            best_start, best_count = start, count
    return best_start


def _next_word_start(text: str, index: int) -> int:
    if text[index - 1].isspace():
        return index
    space = text.find(" ", index)
    return index if space == -1 else space + 1


def _previous_word_end(text: str, index: int, floor: int) -> int:
    if text[index].isspace():
        return index
    space = text.rfind(" ", floor, index)
    return index if space <= floor else space
