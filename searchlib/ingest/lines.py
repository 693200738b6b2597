"""A page's lines, each judged once by the three boilerplate layers.

Every line is tested against the generic rules (:mod:`rules`), the outlet's
profile (:mod:`profiles`) and corpus evidence (:mod:`evidence`), and marked
as a photo caption, story prose or a printed date. Later steps only read
these verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass

from searchlib.ingest import rules, shapes
from searchlib.ingest.bylines import is_byline
from searchlib.ingest.captions import (
    credit_line_value,
    has_credit,
    is_credit_label,
    split_credit,
)
from searchlib.ingest.dates import DateMatch, date_line
from searchlib.ingest.evidence import line_digest
from searchlib.ingest.profiles import OutletProfile


@dataclass(frozen=True)
class PageLine:
    """One line of a page with what the rules decided about it."""

    text: str
    boilerplate: str | None
    caption: bool
    story: bool
    date: DateMatch | None
    # An item of a list the story introduces with a colon ("Berikut ruas jalan
    # yang ditutup:"): part of the story however short.
    list_item: bool = False


@dataclass(frozen=True)
class LineRole:
    """What became of one line: its role in the article, and why if it was dropped."""

    index: int
    role: str
    reason: str | None = None


# Roles a line can take (the debug view of a page shows them).
TITLE, DATE, BYLINE, LEAD, CAPTION, CREDIT = "title", "date", "byline", "lead", "caption", "credit"
DATELINE, BODY, SOURCE, DROPPED = "dateline", "body", "source", "dropped"


def split_lines(text: str) -> list[str]:
    """The page's non-empty lines, stripped and with runs of spaces collapsed."""
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


EVIDENCE_REASON = "corpus evidence"
RELATED_REASONS = frozenset({"related heading", "related link"})


def _boilerplate_reason(
    line: str, profile: OutletProfile | None, repeated: frozenset[bytes]
) -> str | None:
    reason = rules.generic_reason(line)
    if reason is not None:
        return reason
    if profile is not None and profile.is_boilerplate(line):
        return f"{profile.key} profile"
    if repeated and _may_be_furniture(line) and line_digest(line) in repeated:
        return EVIDENCE_REASON
    return None


def _may_be_furniture(line: str) -> bool:
    """Whether a repeated line can be furniture. Dates repeat because stories
    share a day, and a paragraph-long line repeats because a series reuses its
    background paragraph ("Sebelumnya diberitakan, ..."): both stay."""
    return date_line(line) is None and shapes.word_count(line) < shapes.MIN_PARAGRAPH_WORDS


def _context_boilerplate(lines: list[str], reasons: list[str | None]) -> list[str | None]:
    """Rules that need a neighbour: a scripture box's heading and translation."""
    result = list(reasons)
    for i, line in enumerate(lines):
        if not rules.is_arabic_script(line):
            continue
        if i > 0 and shapes.word_count(lines[i - 1]) <= 6 and not lines[i - 1].endswith("."):
            result[i - 1] = "scripture box heading"
        if i + 1 < len(lines) and not rules.is_arabic_script(lines[i + 1]):
            result[i + 1] = "scripture translation"
    return result


def _is_labelled_headline(line: str) -> bool:
    """ "FOTO: Dian Sastrowardoyo Saat Berusia 13 Tahun, Masih Cantik?": a photo
    story's headline opens with the label a caption uses, but is title-cased
    and carries no credit."""
    label, colon, rest = line.partition(":")
    if not colon or shapes.word_count(label) != 1 or split_credit(line)[1] is not None:
        return False
    rest = rest.strip()
    return shapes.looks_like_headline(rest) and shapes.is_title_cased(rest)


def _is_caption_line(lines: list[str], i: int) -> bool:
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if has_credit(line) and _is_labelled_headline(line):
        return False
    if has_credit(line):
        credited = True
    elif is_credit_label(following) or credit_line_value(following) is not None:
        credited = shapes.word_count(line) >= 2
    else:
        return False
    return credited and date_line(line) is None and not is_byline(lines, i)


def classify(
    lines: list[str],
    profile: OutletProfile | None,
    repeated: frozenset[bytes] = frozenset(),
    *,
    marked: tuple[str | None, ...] = (),
) -> list[PageLine]:
    """Judge every line once: boilerplate, caption, story prose, date line.

    `marked` holds, per line, a reason the page's markup gives for dropping
    it (a saved page's navigation elements and link lists), or None.
    """
    reasons = _context_boilerplate(
        lines, [_boilerplate_reason(line, profile, repeated) for line in lines]
    )
    if marked:
        reasons = [own or extra for own, extra in zip(reasons, marked, strict=True)]
    judged = []
    in_list = False
    for i, line in enumerate(lines):
        caption = reasons[i] is None and _is_caption_line(lines, i)
        story = reasons[i] is None and not caption and shapes.is_story_paragraph(line)
        date = date_line(line)
        item = (
            in_list
            and not story
            and reasons[i] is None
            and not caption
            and date is None
            and shapes.word_count(line) <= MAX_LIST_ITEM_WORDS
        )
        judged.append(PageLine(line, reasons[i], caption, story, date, item))
        if story or (
            # "Warga diminta membawa perlengkapan berikut:" right after story prose.
            item is False
            and judged[-2:-1]
            and (judged[-2].story or judged[-2].list_item)
            and reasons[i] is None
            and line.rstrip().endswith(":")
            and shapes.word_count(line) >= MIN_LIST_INTRO_WORDS
        ):
            in_list = line.rstrip().endswith(":")
            if not story:
                judged[-1] = PageLine(line, None, caption, story, date, True)
        elif not item:
            in_list = False
    return judged


# A list item is a line of a few words to a sentence; longer lines are paragraphs.
MAX_LIST_ITEM_WORDS = 40
# A short line introducing a list ("Syaratnya:") is a few words at least.
MIN_LIST_INTRO_WORDS = 3
