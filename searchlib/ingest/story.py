"""The story: the longest run of prose on the page, and what it holds.

Story paragraphs are long lines that end like sentences. A run of them may be
interrupted by a few other lines (a caption, a "Baca Juga" box) but ends at a
line that closes a story (editor initials, "Berita Terkait", a copyright).
Within the run, captions, related-article headlines and source credits are
told apart from the paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from searchlib.ingest import rules, shapes
from searchlib.ingest.article import Caption
from searchlib.ingest.captions import (
    detached_credit,
    is_credit_line,
    make_caption,
)
from searchlib.ingest.datelines import lone_dateline, split_dateline
from searchlib.ingest.lines import (
    BODY,
    CAPTION,
    CREDIT,
    DROPPED,
    RELATED_REASONS,
    SOURCE,
    LineRole,
    PageLine,
)

# Non-prose lines tolerated between two story paragraphs (a caption with its
# credit label and value, a "Baca Juga" heading with three links).
MAX_STORY_GAP = 8
# Each interrupting line costs this many characters of a run's score, so a
# sidebar of teasers (one prose line per three lines of furniture) loses to
# the story itself.
GAP_COST_CHARS = 60
# A related-article headline between paragraphs has at least this many words;
# shorter title-cased lines are the story's own subheadings.
MIN_LINKED_HEADLINE_WORDS = 5


_SOURCE_CREDIT = re.compile(r"^sumber\s*[:,]\s*(?P<source>.{1,120})$", re.IGNORECASE)


def source_credit(line: str) -> str | None:
    """The agency or URL of a "Sumber: Antara" line, else None."""
    match = _SOURCE_CREDIT.match(line)
    if match is None or shapes.word_count(match["source"]) > 8:
        return None
    return match["source"].strip().rstrip(".")


def _closes_story(line: PageLine) -> bool:
    if rules.first_matching_rule(line.text, rules.STORY_END_RULES) is not None:
        return True
    credit = source_credit(line.text)
    return credit is not None and "://" not in credit


def is_gallery_caption(line: PageLine) -> bool:
    """A sentence-long photo caption: the text of a photo page, whose story is
    its captions."""
    return line.caption and shapes.word_count(line.text) >= shapes.MIN_SENTENCE_WORDS


# A caption weighs this share of a paragraph of the same length: a photo
# page's captions make a story only where no prose does.
CAPTION_WEIGHT = 0.5


def _runs(page: list[PageLine]) -> list[tuple[int, int, int]]:
    """Runs of story paragraphs (and long captions) as (first, last, score)."""
    runs: list[tuple[int, int, int]] = []
    first = last = -1
    score = 0
    for i, line in enumerate(page):
        if first >= 0 and (i - last > MAX_STORY_GAP or _closes_story(line)):
            runs.append((first, last, score))
            first = -1
        caption = is_gallery_caption(line)
        if not line.story and not caption and not line.list_item:
            continue
        if first < 0:
            first, score = i, 0
        else:
            score -= GAP_COST_CHARS * (i - last - 1)
        last = i
        score += int(len(line.text) * (CAPTION_WEIGHT if caption else 1))
    if first >= 0:
        runs.append((first, last, score))
    return runs


# A closing line whose words nearly all occur in one paragraph of the story
# repeats it (a photo's caption restating the lead), it does not continue it.
ECHO_SHARE = 0.9
_WORD = re.compile(r"[^\W_]{3,}")


def _echoes(line: str, paragraphs: list[str]) -> bool:
    words = {w.casefold() for w in _WORD.findall(line)}
    if not words:
        return False
    return any(
        len(words & {w.casefold() for w in _WORD.findall(p)}) >= ECHO_SHARE * len(words)
        for p in paragraphs
    )


def _extend_end(page: list[PageLine], first: int, last: int) -> int:
    """Take in short closing sentences after the last long paragraph."""
    story = [line.text for line in page[first : last + 1] if line.story]
    i = last + 1
    while i < len(page):
        line = page[i]
        if line.boilerplate or line.caption or _closes_story(line) or line.date:
            break
        if not (shapes.ends_like_sentence(line.text) and shapes.word_count(line.text) >= 3):
            break
        if _echoes(line.text, story):
            break
        last = i
        i += 1
    return last


# An index page is a column of teasers: each a headline, its date and a
# sentence or two. A run of "prose" that repeats that pattern this many
# times, with no paragraph longer than a teaser, lists stories instead of
# telling one; so does a page where no run stands out from this many others.
INDEX_MIN_TEASERS = 4
MAX_TEASER_WORDS = 60
INDEX_MAX_STORY_LINES = 2
INDEX_MIN_RIVAL_RUNS = 5


def looks_like_index(page: list[PageLine]) -> bool:
    """Whether the page's prose is a list of teasers (an index or tag page)."""
    runs = _runs(page)
    if not runs:
        return False
    weights = [_run_weight(page, run) for run in runs]
    best = max(range(len(runs)), key=lambda n: weights[n])
    first, last, _score = runs[best]
    lines = page[first : last + 1]
    story = [line for line in lines if line.story]
    if all(shapes.word_count(line.text) <= MAX_TEASER_WORDS for line in story):
        teasers = sum(
            1
            for before, line in zip(lines, lines[1:], strict=False)
            if line.date is not None
            and shapes.looks_like_headline(before.text)
            and not before.story
        )
        if teasers >= INDEX_MIN_TEASERS:
            return True
    rivals = sum(1 for n, w in enumerate(weights) if n != best and w >= weights[best] / 2)
    return len(story) <= INDEX_MAX_STORY_LINES and rivals >= INDEX_MIN_RIVAL_RUNS


def story_span(page: list[PageLine]) -> tuple[int, int] | None:
    """First and last line index of the story, or None if the page has no prose."""
    runs = _runs(page)
    if not runs:
        return None
    first, last, _score = max(runs, key=lambda run: _run_weight(page, run))
    return first, _extend_end(page, first, last)


# A run that opens with a dateline ("JAKARTA, KOMPAS.com -") is the story,
# not a thread of reader comments or a column of teasers that happens to
# hold more text.
DATELINE_RUN_FACTOR = 3


def _run_weight(page: list[PageLine], run: tuple[int, int, int]) -> int:
    first, last, score = run
    opening = [i for i in range(first, last + 1) if page[i].story][:3]
    has_dateline = any(split_dateline(page[i].text).rest != page[i].text for i in opening)
    if not has_dateline and first > 0:
        has_dateline = lone_dateline(page[first - 1].text) is not None
    return score * DATELINE_RUN_FACTOR if has_dateline else score


@dataclass(frozen=True)
class BodyParts:
    paragraphs: tuple[str, ...]
    captions: tuple[Caption, ...]
    credited_source: str | None
    roles: tuple[LineRole, ...] = ()


# "1. Kurangi gula", "- Minum air putih", "• Tidur cukup": items of the story's
# own lists, not links to other articles.
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[-•·*–])\s")


def _is_linked_headline(line: PageLine) -> bool:
    text = line.text
    return (
        not line.story
        and not _LIST_ITEM.match(text)
        and shapes.looks_like_headline(text)
        and not shapes.ends_like_sentence(text)
        and shapes.word_count(text) >= MIN_LINKED_HEADLINE_WORDS
        and shapes.is_title_cased(text)
    )


def body_parts(
    page: list[PageLine], lines: list[str], span: range, repeats: frozenset[str] = frozenset()
) -> BodyParts:
    """Story paragraphs, in-story captions and the credited source in the span.

    `repeats` are texts already used above the story (the headline, header
    captions); a page that prints one again inside the story does not make
    it a paragraph.
    """
    roles = [_body_role(page, lines, i, listed) for i, listed in _link_list_marks(page, span)]
    roles = [
        LineRole(r.index, DROPPED, "repeated headline or caption")
        if r.role in (BODY, CAPTION) and page[r.index].text in repeats
        else r
        for r in roles
    ]
    paragraphs = tuple(page[r.index].text for r in roles if r.role == BODY)
    captions = tuple(
        make_caption(page[r.index].text, detached_credit(lines, r.index))
        for r in roles
        if r.role == CAPTION
    )
    sources = [s for r in roles if r.role == SOURCE and (s := source_credit(page[r.index].text))]
    named = [s for s in sources if "://" not in s]
    source = named[-1] if named else (sources[-1] if sources else None)
    return BodyParts(paragraphs, captions, source, tuple(roles))


def _link_list_marks(page: list[PageLine], span: range) -> list[tuple[int, bool]]:
    """Each index of the span, and whether it is listed under a related-links heading
    (the short lines after "Baca Juga" up to the next story paragraph)."""
    marks = []
    in_link_list = False
    for i in span:
        line = page[i]
        if line.boilerplate is not None:
            in_link_list = line.boilerplate in RELATED_REASONS
            marks.append((i, False))
        elif in_link_list and not line.story and not line.caption:
            marks.append((i, True))
        else:
            in_link_list = False
            marks.append((i, False))
    return marks


def _body_role(page: list[PageLine], lines: list[str], i: int, listed: bool) -> LineRole:
    """The role of one line inside the story span."""
    line = page[i]
    if listed:
        return LineRole(i, DROPPED, "related link list")
    if line.boilerplate is not None:
        return LineRole(i, DROPPED, line.boilerplate)
    if is_credit_line(lines, i):
        return LineRole(i, CREDIT)
    if line.caption:
        return LineRole(i, CAPTION)
    if source_credit(line.text) is not None:
        return LineRole(i, SOURCE)
    if line.list_item:
        return LineRole(i, BODY)
    if _is_linked_headline(line):
        return LineRole(i, DROPPED, "related headline")
    return LineRole(i, BODY)


def first_body_index(page: list[PageLine], span: tuple[int, int]) -> int:
    """Where the story starts: at its dateline paragraph when it prints one.

    Long photo captions can look like prose; the first paragraph of an
    Indonesian news story is the one that carries the dateline, so lines
    before a dateline paragraph near the top are captions, not story.
    """
    first, last = span
    story_indices = [i for i in range(first, last + 1) if page[i].story][:4]
    for i in story_indices:
        if split_dateline(page[i].text).rest != page[i].text:
            return i
    return story_indices[0] if story_indices else first
