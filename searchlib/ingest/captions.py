"""Photo captions and their credits.

A caption is recognised by the credit it carries ("Foto: Reuters",
"(ANTARA FOTO/Budi Setya)", "KOMPAS.COM/MASRIADI ...", "©KapanLagi.com®/...",
"Alex Brandon/Pool via REUTERS") or by the credit label line that follows it
("Foto :", "Photo :", "Sumber :"). The credit is split off so that the
caption text can be indexed while the credit (a photographer, an agency) is
not mistaken for what the article is about.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from searchlib.ingest.article import Caption
from searchlib.ingest.rules import MEMO_LINES

# Credit labels printed on a line of their own under a photo ("Photo :").
# The colon matters: a bare "Foto" line is a menu item.
_CREDIT_LABEL = re.compile(r"^(?:foto|photo|sumber|sumber foto|kredit foto|credit)\s*:$", re.I)
# A credit on its own line: "Foto: AP/Mikhail Voskresensky/Pool Sputnik Kremlin".
_CREDIT_LINE = re.compile(
    r"^(?:foto|photo|sumber foto|kredit foto)\s*:\s*(?P<credit>.{1,80})$", re.I
)
# "(tengah kiri-kanan)", "(ki-ka)": the position key that opens a group caption.
_POSITION_KEY = re.compile(
    r"^\((?:ki|ka|kiri|kanan|tengah|dari kiri|dari kanan)\b[^()]{0,40}\)", re.I
)

# A parenthesised credit closing a caption opens with one of these words
# ("... (Foto: Usnews)", "(dok. Alex Brandon/Pool via REUTERS)") or has a
# slash between letters ("(ANTARA FOTO/Budi Setya)").
_CREDIT_WORD = re.compile(r"(?:foto|photo|dok|doc|ist|antara foto|sumber|credit)\b", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
# Other credits at the end of a caption, most specific first. Each ends the
# line and takes at most 96 characters (its separators included), so each is
# searched for in the line's last 200 only: lines arrive with runs of spaces
# collapsed (lines.split_lines), and an unanchored search over a whole
# megabyte-long line would try every position of it.
_CREDIT_TAIL_CHARS = 200
_TRAILING_CREDITS: tuple[re.Pattern[str], ...] = (
    # "... Foto: Reuters.", "... Foto/The Times of Israel", "... Doc. uny.ac.id KOMUNIKA"
    re.compile(r"(?<=[\s.])(?:(?:foto|photo)\s*[:/]|doc\.)\s*(?P<credit>[^:()]{1,80}?)\.?$", re.I),
    # "... Musikal/©KapanLagi.com®/M. Akrom Sukarya"
    re.compile(r"/?(?P<credit>©.{1,80})$"),
    # "... January 21, 2022. Alex Brandon/Pool via REUTERS"
    # "... Hujan lebat. ANTARA/Shutterstock/am." (letters on both sides of the slash,
    # so a closing "5/10." of a sentence is not a credit)
    re.compile(r"(?<=[.!?])\s+(?P<credit>[^.\s][^.]{0,40}[^\W\d_]/[^\W\d_][^.]{0,50})\.?$"),
)


class _Credit(NamedTuple):
    """A credit found at the end of a caption: where it starts (with the space
    before it) and the credit itself."""

    start: int
    credit: str


# A credit that opens the caption: "KOMPAS.COM/MASRIADI Penyidik ...".
_LEADING_CREDIT = re.compile(r"^(?P<credit>[A-Z0-9][A-Z0-9.]+/[A-Z][A-Z .]+?)\s+(?=[A-Z][a-z])")
# "Foto: Ilustrasi penodongan (Edi Wahyono/detikcom)": a caption introduced by its label.
_LABELLED_CAPTION = re.compile(r"^(?:foto|photo|ilustrasi)\s*:\s*(?P<text>.+)$", re.I)


def is_credit_label(line: str) -> bool:
    """A lone credit label ("Photo :", "Sumber :") whose value is on the next line."""
    return bool(_CREDIT_LABEL.match(line))


def credit_line_value(line: str) -> str | None:
    """The credit of a credit-only line ("Foto: AP/Mikhail ..."), else None."""
    match = _CREDIT_LINE.match(line)
    if match is None or len(match["credit"].split()) > 8:
        return None
    value = match["credit"].strip()
    # "Foto: Ilustrasi penodongan (Edi Wahyono/detikcom)" is a caption with its own credit.
    return None if _trailing_credit(value) is not None else value


_CREDIT_PREFIX = re.compile(r"^(?:foto|photo|dok|doc)\b\.?\s*:?\s*", re.IGNORECASE)


def is_credit_line(lines: list[str], i: int) -> bool:
    """A credit printed apart from its caption: a label, a "Foto: X" line, or
    the value line under a lone label."""
    line = lines[i]
    if is_credit_label(line) or credit_line_value(line) is not None:
        return True
    return i > 0 and is_credit_label(lines[i - 1])


def clean_credit(value: str) -> str:
    """A bare credit: "• AP-Yonhap" -> "AP-Yonhap", "Foto: Usnews" -> "Usnews"."""
    value = value.strip().lstrip("•·-–*> ").rstrip(". ").strip()
    return _CREDIT_PREFIX.sub("", value).strip() or value


def _trailing_credit(text: str) -> _Credit | None:
    """The credit that closes `text`, in time linear in its length."""
    found = _parenthesised_credit(text)
    if found is not None and found.start > 0:
        return found
    tail = max(0, len(text) - _CREDIT_TAIL_CHARS)
    for pattern in _TRAILING_CREDITS:
        match = pattern.search(text, tail)  # lookbehinds still see the character before
        if match and match.start() > 0:
            return _Credit(match.start(), match["credit"])
    return None


def _parenthesised_credit(text: str) -> _Credit | None:
    """A credit in the parentheses that close `text` ("... (ANTARA FOTO/Budi)").

    Found from the end: the last "(" opens it, and it holds no other
    parenthesis. (As one regular expression searched over a long line with
    many parentheses and slashes, this took seconds per line.)
    """
    end = len(text) - 1 if text.endswith(").") else len(text)
    if not text[:end].endswith(")"):
        return None
    opening = text.rfind("(", 0, end - 1)
    content = text[opening + 1 : end - 1]
    if opening < 0 or ")" in content:
        return None
    if not _CREDIT_WORD.match(content) and not _slash_between_letters(content):
        return None
    start = opening
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return _Credit(start, content)


def _slash_between_letters(text: str) -> bool:
    """Whether a "/" has a letter somewhere before it and somewhere after it."""
    first = _LETTER.search(text)
    if first is None:
        return False
    last = len(text) - 1 - next(i for i, c in enumerate(reversed(text)) if _LETTER.match(c))
    return "/" in text[first.start() + 1 : last]


def split_credit(line: str) -> tuple[str, str | None]:
    """A caption line split into its text and its photo credit (if it has one)."""
    labelled = _LABELLED_CAPTION.match(line)
    text = labelled["text"].strip() if labelled else line
    leading = _LEADING_CREDIT.match(text)
    if leading:
        return text[leading.end() :].strip(), leading["credit"].strip()
    found = _trailing_credit(text)
    if found is not None:
        return text[: found.start].strip(), clean_credit(found.credit)
    return text, None


def has_credit(line: str) -> bool:
    """Whether the line carries a photo credit or position key (so it is a caption)."""
    if len(line) <= _CACHE_MAX_CHARS:
        return _cached_has_credit(line)
    return _has_credit(line)


# Every line of every page is checked, twice per page (before and after the
# outlet is known), and menus repeat across pages: short lines are memoised.
_CACHE_MAX_CHARS = 300


@lru_cache(maxsize=MEMO_LINES)
def _cached_has_credit(line: str) -> bool:
    return _has_credit(line)


def _has_credit(line: str) -> bool:
    if _POSITION_KEY.match(line) or _LABELLED_CAPTION.match(line):
        return True
    return split_credit(line)[1] is not None


def make_caption(line: str, credit: str | None = None) -> Caption:
    """A Caption from a caption line and, optionally, a credit printed apart from it."""
    text, own_credit = split_credit(line)
    return Caption(text=text, credit=credit or own_credit)


def detached_credit(lines: list[str], i: int) -> str | None:
    """A credit printed on the line(s) after a caption ("Photo :" + value)."""
    following = lines[i + 1] if i + 1 < len(lines) else ""
    value = credit_line_value(following)
    if value is not None:
        return value
    if is_credit_label(following) and i + 2 < len(lines):
        return clean_credit(lines[i + 2]) or None
    return None


def unique_captions(captions: list[Caption]) -> tuple[Caption, ...]:
    """Captions without repeats (pages print some twice); a credited copy wins."""
    seen: dict[str, Caption] = {}
    for caption in captions:
        key = caption.text.casefold()
        if key not in seen or (caption.credit and not seen[key].credit):
            seen[key] = caption
    return tuple(seen.values())
