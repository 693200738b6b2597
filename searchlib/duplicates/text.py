"""The words of an article that its near-duplicate signature is made of.

What a republishing outlet changes is left out or made equal, so that only the
story's own wording is compared:

- the title and captions: outlets retitle stories and choose their own photos;
- the opening dateline ("REPUBLIKA.CO.ID, JAKARTA --", "Jakarta (ANTARA) -"),
  which ingestion already cuts from pages but records keep in their text;
- boilerplate lines ("Baca juga: ...", editor codes, promotions): ingestion
  drops them from every article body before it gets here;
- punctuation, case and stop words (the index's stop list);
- the spacing of numbers: "Rp 6, 5 miliar", "1890 - 1979" and "(8 0)" read as
  "Rp 6,5 miliar", "1890-1979" and "(80)" do, as detokenized text and careful
  typing differ.

Words are split at every character that is not a letter or digit, and a run
of numbers with only punctuation and spaces between them is one word. This is
coarser than the index's tokenizer (which keeps "negara-negara" and "33,5"
whole), costs a sixth of it, and reads both texts of a pair the same way,
which is all a comparison needs.
"""

from __future__ import annotations

from functools import cache
from itertools import filterfalse, groupby

from searchlib.analysis import Lexicon
from searchlib.duplicates.signature import Signature, signature_of_words
from searchlib.ingest import Article, split_dateline


class _WordBreaks(dict[int, str]):
    """A `str.translate` table: every character that is not a letter or a digit
    becomes a space. Filled as characters are met, so it covers all of Unicode."""

    def __missing__(self, code_point: int) -> str:
        char = chr(code_point)
        value = char if char.isalnum() else " "
        self[code_point] = value
        return value


_WORD_BREAKS = _WordBreaks()


@cache
def _stop_words() -> frozenset[str]:
    # The shipped list, not an index's own: a signature must not depend on which
    # index an article is in, or copies in two indexes could not be compared.
    return Lexicon.default().stop_words


def text_words(paragraphs: tuple[str, ...] | list[str]) -> list[str]:
    """The compared words of a body given as paragraphs (see the module docstring)."""
    if not paragraphs:
        return []
    first = split_dateline(paragraphs[0]).rest
    text = "\n".join((first, *paragraphs[1:])).lower().translate(_WORD_BREAKS)
    is_stop_word = _stop_words().__contains__
    words: list[str] = []
    for is_number, run in groupby(text.split(), str.isdigit):
        if is_number:
            words.append("".join(run))
        else:
            words.extend(filterfalse(is_stop_word, run))
    return words


def story_words(article: Article) -> list[str]:
    """The words of the article's body that its signature compares."""
    return text_words(article.body)


def article_signature(article: Article) -> Signature:
    """The near-duplicate signature of an article's body."""
    return signature_of_words(story_words(article))
