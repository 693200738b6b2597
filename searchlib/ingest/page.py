"""A raw scraped page (visible text, one block per line) becomes an `Article`.

The page is read the way a person skims it. The story is the longest run of
prose paragraphs (long lines ending like sentences), allowing short
interruptions (a caption, a "Baca Juga" box) but stopping at lines that
close a story (editor initials, "Berita Terkait", a copyright footer). The
header sits just above it: the printed date, the headline next to it, the
byline. Every line is first judged by the three boilerplate layers: generic
rules (:mod:`rules`), the outlet's profile (:mod:`profiles`) and, when a
whole folder is ingested, corpus evidence (:mod:`evidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from searchlib.ingest import rules
from searchlib.ingest.article import Article, Caption, DateSource
from searchlib.ingest.captions import (
    clean_credit,
    credit_line_value,
    has_credit,
    is_credit_label,
    make_caption,
)
from searchlib.ingest.dates import DateMatch, date_line, find_dates
from searchlib.ingest.evidence import BoilerplateEvidence, line_digest
from searchlib.ingest.profiles import PROFILES, OutletProfile, recognise_outlet

# How far above the story the header (title, date, byline) may sit. Pages put
# share buttons, captions and "related" boxes between them: up to ~12 lines
# on the pages we know; 25 leaves room without reaching into the menus.
HEADER_WINDOW = 25
# Non-prose lines tolerated between two story paragraphs (a caption with its
# credit label and value, a "Baca Juga" heading with three links).
MAX_STORY_GAP = 8
# Each interrupting line costs this many characters of a run's score, so a
# sidebar of teasers (one prose line per three lines of furniture) loses to
# the story itself.
GAP_COST_CHARS = 60
# The title sits right above the date line, past at most a byline and one
# more line.
TITLE_SEARCH_LINES = 3
# A related-article headline between paragraphs has at least this many words;
# shorter title-cased lines are the story's own subheadings.
MIN_LINKED_HEADLINE_WORDS = 5
# A story states the day it reports on in its opening paragraphs; 20,000
# characters is several times a whole story and bounds the scan on huge lines.
BODY_DATE_SCAN_CHARS = 20_000
# A standfirst is one sentence, well under a paragraph.
MAX_STANDFIRST_WORDS = 40


@dataclass(frozen=True)
class PageLine:
    """One line of a page with what the rules decided about it."""

    text: str
    boilerplate: str | None
    caption: bool
    story: bool
    date: DateMatch | None


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
    if repeated and date_line(line) is None and line_digest(line) in repeated:
        return EVIDENCE_REASON
    return None


def _context_boilerplate(lines: list[str], reasons: list[str | None]) -> list[str | None]:
    """Rules that need a neighbour: a scripture box's heading and translation."""
    result = list(reasons)
    for i, line in enumerate(lines):
        if not rules.is_arabic_script(line):
            continue
        if i > 0 and rules.word_count(lines[i - 1]) <= 6 and not lines[i - 1].endswith("."):
            result[i - 1] = "scripture box heading"
        if i + 1 < len(lines) and not rules.is_arabic_script(lines[i + 1]):
            result[i + 1] = "scripture translation"
    return result


def _is_caption_line(lines: list[str], i: int) -> bool:
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if has_credit(line):
        credited = True
    elif is_credit_label(following) or credit_line_value(following) is not None:
        credited = rules.word_count(line) >= 2
    else:
        return False
    return credited and date_line(line) is None and not _is_byline(lines, i)


def classify(
    lines: list[str], profile: OutletProfile | None, repeated: frozenset[bytes] = frozenset()
) -> list[PageLine]:
    """Judge every line once: boilerplate, caption, story prose, date line."""
    reasons = _context_boilerplate(
        lines, [_boilerplate_reason(line, profile, repeated) for line in lines]
    )
    judged = []
    for i, line in enumerate(lines):
        caption = reasons[i] is None and _is_caption_line(lines, i)
        story = reasons[i] is None and not caption and rules.is_story_paragraph(line)
        judged.append(PageLine(line, reasons[i], caption, story, date_line(line)))
    return judged


# ---- the story span --------------------------------------------------------

_SOURCE_CREDIT = re.compile(r"^sumber\s*[:,]\s*(?P<source>.{1,120})$", re.IGNORECASE)


def source_credit(line: str) -> str | None:
    """The agency or URL of a "Sumber: Antara" line, else None."""
    match = _SOURCE_CREDIT.match(line)
    if match is None or rules.word_count(match["source"]) > 8:
        return None
    return match["source"].strip().rstrip(".")


def _closes_story(line: PageLine) -> bool:
    if rules.first_matching_rule(line.text, rules.STORY_END_RULES) is not None:
        return True
    credit = source_credit(line.text)
    return credit is not None and "://" not in credit


def _runs(page: list[PageLine]) -> list[tuple[int, int, int]]:
    """Runs of story paragraphs as (first, last, score)."""
    runs: list[tuple[int, int, int]] = []
    first = last = -1
    score = 0
    for i, line in enumerate(page):
        if first >= 0 and (i - last > MAX_STORY_GAP or _closes_story(line)):
            runs.append((first, last, score))
            first = -1
        if not line.story:
            continue
        if first < 0:
            first, score = i, 0
        else:
            score -= GAP_COST_CHARS * (i - last - 1)
        last = i
        score += len(line.text)
    if first >= 0:
        runs.append((first, last, score))
    return runs


def _extend_end(page: list[PageLine], last: int) -> int:
    """Take in short closing sentences after the last long paragraph."""
    i = last + 1
    while i < len(page):
        line = page[i]
        if line.boilerplate or line.caption or _closes_story(line) or line.date:
            break
        if not (rules.ends_like_sentence(line.text) and rules.word_count(line.text) >= 3):
            break
        last = i
        i += 1
    return last


def story_span(page: list[PageLine]) -> tuple[int, int] | None:
    """First and last line index of the story, or None if the page has no prose."""
    runs = _runs(page)
    if not runs:
        return None
    first, last, _score = max(runs, key=lambda run: _run_weight(page, run))
    return first, _extend_end(page, last)


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


# ---- datelines ("JAKARTA, KOMPAS.com - ...") -------------------------------

_DATELINE = re.compile(r"^(?P<prefix>(?:[^.!?\"“”:;]|\.(?=\S)){2,70}?)\s+(?:--?|–|—)\s*(?=\S)")
_LONE_DATELINE = re.compile(r"^[^\W\d_][\w .,()]{1,50}?\s*(?:--?|–|—)$")
_BRACKETED = re.compile(r"\([^()]{1,30}\)")
_DOMAIN = re.compile(r"\.(?:com|co|id|net|org|tv)\b|\bnews\b", re.IGNORECASE)


@dataclass(frozen=True)
class Dateline:
    """The city and outlet tag that open a story's first paragraph."""

    city: str | None
    rest: str


def _outlet_names() -> set[str]:
    """Outlet names as they appear in datelines, lower-case without spaces or domain."""
    names = set()
    for profile in PROFILES:
        for name in (profile.name, profile.key):
            names.add(re.sub(r"\.\w+$", "", name.casefold()).replace(" ", ""))
    return names


def _is_outlet_part(part: str, outlet_names: set[str]) -> bool:
    """Whether a dateline part names the outlet ("KOMPAS.com", "(ANTARA News)", "VIVA Dunia")."""
    if _DOMAIN.search(part):
        return True
    words = re.sub(r"[()]", " ", part.casefold()).split()
    joined = "".join(words)
    return any(w in outlet_names for w in words) or any(
        joined.startswith(name) for name in outlet_names
    )


def _as_city(part: str) -> str | None:
    part = re.sub(r"\([^)]*\)", "", part).strip()
    words = part.split()
    if not 1 <= len(words) <= 3 or not all(w[0].isupper() for w in words):
        return None
    return part.title() if part.isupper() else part


def split_dateline(paragraph: str) -> Dateline:
    """Strip a dateline ("MOSKOW -", "REPUBLIKA.CO.ID, STOCKHOLM --") off a paragraph."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return Dateline(None, paragraph)
    prefix = match["prefix"]
    words = prefix.replace(",", " ").split()
    if not all(w[0].isupper() or w[0] in "(0123456789" for w in words):
        return Dateline(None, paragraph)
    outlet_names = _outlet_names()
    # "Jakarta (ANTARA) -": an outlet tag in brackets after the city.
    bracketed = [m[0] for m in _BRACKETED.finditer(prefix) if _is_outlet_part(m[0], outlet_names)]
    for tag in bracketed:
        prefix = prefix.replace(tag, " ")
    parts = [p.strip() for p in prefix.split(",") if p.strip()]
    places = [p for p in parts if not _is_outlet_part(p, outlet_names)]
    if not bracketed and len(places) == len(parts) > 1:
        return Dateline(None, paragraph)
    city = _as_city(places[0]) if places else None
    if places and city is None:
        return Dateline(None, paragraph)
    if len(parts) == 1 and city is not None and not places[0].isupper() and len(words) > 2:
        return Dateline(None, paragraph)
    rest = paragraph[match.end() :]
    if not (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"“'‘("):
        return Dateline(None, paragraph)
    return Dateline(city, rest)


def lone_dateline(line: str) -> str | None:
    """A dateline printed on its own line ("Jakarta -", "Jakarta, CNN Indonesia --")."""
    if not _LONE_DATELINE.match(line):
        return None
    probe = f"{line} Berita"
    opening = split_dateline(probe)
    return opening.city if opening.rest == "Berita" else None


# ---- bylines ----------------------------------------------------------------

_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,5}"
_BYLINE_DASH = re.compile(rf"^(?P<name>{_NAME})\s+[-–|]\s+(?P<tag>[\w.]+)$")
_AUTHOR_LABELS = (
    "pewarta", "penulis", "reporter", "rep", "wartawan", "oleh", "by", "author", "laporan",
    "ditulis oleh", "written by",
)  # fmt: skip
# Labels that also begin ordinary phrases count only with their colon.
_COLON_AUTHOR_LABELS = ("kontributor", "koresponden", "jurnalis")
_BYLINE_LABELLED = re.compile(
    rf"^(?:(?:{'|'.join(_AUTHOR_LABELS)})\s*:?|(?:{'|'.join(_COLON_AUTHOR_LABELS)})\s*:)"
    rf"\s*(?P<name>[^:]{{3,80}})$",
    re.IGNORECASE,
)
# "Penulis: A | Editor: B" prints several credits on one line.
_BYLINE_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s*/\s+|\s+/\s*")
_ROLE_WORDS = frozenset({"jurnalis", "reporter", "wartawan", "kontributor", "penulis"})
# "DINI TEJA", "DINI TEJA | NUR ALFIYAH": capitalised names signing a story.
_CAPS_NAME = r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
_SIGNATURE = re.compile(
    rf"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){{1,3}}(?:\s*[|,]\s*{_CAPS_NAME}){{0,3}}$"
)


def _looks_like_name(text: str) -> bool:
    words = text.replace(",", " ").split()
    return 1 <= len(words) <= 8 and sum(w[0].isupper() for w in words) >= len(words) - 1


def _without_outlet(name: str) -> str:
    """ "wartawan Tribunnews.com, Reza Deni" -> "Reza Deni" (the outlet is not the author)."""
    parts = [p.strip() for p in name.split(",")]
    kept = [p for p in parts if p and not _DOMAIN.search(p)]
    return ", ".join(kept) if kept else name.strip()


def byline_author(lines: list[str], i: int) -> str | None:
    """The author named by line `i` (alone or with the next line), else None."""
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else ""
    dash = _BYLINE_DASH.match(line)
    if dash and rules.word_count(dash["name"]) >= 2:
        return dash["name"]
    for segment in _BYLINE_SEPARATOR.split(line):
        labelled = _BYLINE_LABELLED.match(segment.strip())
        if labelled and _looks_like_name(labelled["name"]):
            return _without_outlet(labelled["name"])
    if line.casefold().rstrip(" :") in _AUTHOR_LABELS and following:
        value = following.lstrip(": ").strip()
        return value if _looks_like_name(value) else None
    if following.casefold() in _ROLE_WORDS and re.fullmatch(_NAME, line):
        return line if rules.word_count(line) >= 2 else None
    return None


def _is_byline(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _BYLINE_DASH.match(line) or line.casefold().rstrip(" :") in _AUTHOR_LABELS:
        return True
    return any(_BYLINE_LABELLED.match(segment.strip()) for segment in _BYLINE_SEPARATOR.split(line))


def find_author(
    lines: list[str], header: range, after_body: range, profile: OutletProfile | None
) -> str | None:
    """The byline above the story, else below it, else an outlet's signature line."""
    for i in (*header, *after_body):
        author = byline_author(lines, i)
        if author:
            return author
    if profile is not None and profile.signs_after_body and after_body:
        first = lines[after_body[0]]
        if _SIGNATURE.match(first) and not rules.is_related_heading(first):
            return first
    return None


# ---- header: date, title, standfirst, captions ------------------------------


def header_date(page: list[PageLine], header: range) -> int | None:
    """Index of the printed date nearest above the story."""
    for i in reversed(header):
        if page[i].date is not None:
            return i
    return None


def _title_candidate(page: list[PageLine], lines: list[str], i: int) -> bool:
    line = page[i]
    # A headline seen on other pages (a "Terpopuler" box) is still this page's title.
    return (
        line.boilerplate in (None, EVIDENCE_REASON)
        and not line.caption
        and line.date is None
        and not _is_byline(lines, i)
        and rules.looks_like_headline(line.text)
        and not is_credit_label(line.text)
    )


# Only lines up to this length are searched for an echo of the headline (the
# page's <title> line repeats it, sometimes with the outlet's name).
MAX_ECHO_LINE_CHARS = 300


def _is_echoed(lines: list[str], i: int) -> bool:
    """Whether the line recurs elsewhere on the page, alone or inside another line."""
    text = lines[i]
    return any(
        j != i and len(other) <= MAX_ECHO_LINE_CHARS and text in other
        for j, other in enumerate(lines)
    )


def _title_above(page: list[PageLine], lines: list[str], header: range, date_at: int) -> int | None:
    seen = 0
    for i in range(date_at - 1, header.start - 1, -1):
        if _is_byline(lines, i):
            continue
        if _title_candidate(page, lines, i):
            return i
        seen += 1
        if seen >= TITLE_SEARCH_LINES:
            break
    return None


def _title_below(page: list[PageLine], lines: list[str], header: range, date_at: int) -> int | None:
    for i in range(date_at + 1, header.stop):
        if page[i].boilerplate in RELATED_REASONS:
            return None
        if _title_candidate(page, lines, i):
            return i
    return None


def find_title(
    page: list[PageLine], lines: list[str], header: range, date_at: int | None
) -> int | None:
    """Index of the headline.

    Pages print the headline right above the date line or right below it; when
    both places hold a headline-shaped line, the one the page repeats (its
    <title> line echoes the headline) wins if it is headline-long (names and
    tags repeat too), else the one above. Without a
    date line the headline is the last headline-shaped line above the story,
    preferring one the page repeats.
    """
    if date_at is not None:
        above = _title_above(page, lines, header, date_at)
        below = _title_below(page, lines, header, date_at)
        if above is not None and below is not None:
            prefer_below = (
                rules.word_count(lines[below]) >= MIN_LINKED_HEADLINE_WORDS
                and _is_echoed(lines, below)
                and not _is_echoed(lines, above)
            )
            return below if prefer_below else above
        if above is not None or below is not None:
            return above if above is not None else below
    candidates = [i for i in header if _title_candidate(page, lines, i)]
    echoed = [i for i in candidates if _is_echoed(lines, i)]
    if echoed:
        return echoed[-1]
    return candidates[-1] if candidates else None


_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+(?P<suffix>[^|–—-]{2,60})$")


def clean_title(title: str, profile: OutletProfile | None) -> str:
    """The headline without an outlet suffix ("... - Kompas.com", "... | Tempo")."""
    match = _TITLE_SUFFIX.search(title)
    if match is None:
        return title
    suffix = match["suffix"]
    names = _outlet_names()
    if _is_outlet_part(suffix, names) or (profile is not None and profile.marker_count(suffix)):
        return title[: match.start()].strip()
    return title


def fallback_title(page: list[PageLine], lines: list[str]) -> int | None:
    """The first headline-shaped line of the page (pages with no header)."""
    for i in range(len(page)):
        if _title_candidate(page, lines, i):
            return i
    return None


@dataclass(frozen=True)
class HeaderParts:
    lead: str | None
    captions: tuple[Caption, ...]


def header_parts(
    page: list[PageLine],
    lines: list[str],
    header: range,
    span: range,
    title_at: int | None,
    profile: OutletProfile | None,
) -> HeaderParts:
    """The standfirst, and the photo captions of the header.

    Below the headline and date any sentence is a caption (the story has not
    started yet); above them only lines that carry a photo credit are.
    """
    lead = None
    start = span.start
    if profile is not None and profile.has_standfirst and title_at is not None:
        nxt = title_at + 1
        if nxt < span.stop and _is_standfirst(page, nxt):
            lead = page[nxt].text
            start = max(start, nxt + 1)
    above = [
        make_caption(page[i].text, _detached_credit(lines, i))
        for i in range(header.start, span.start)
        if page[i].caption and i != title_at
    ]
    captions = _captions_in(page, lines, range(start, span.stop), skip=title_at)
    return HeaderParts(lead, _unique([*above, *captions]))


def _is_standfirst(page: list[PageLine], i: int) -> bool:
    line = page[i]
    return (
        line.boilerplate is None
        and not line.caption
        and line.date is None
        and rules.ends_like_sentence(line.text)
        and 4 <= rules.word_count(line.text) <= MAX_STANDFIRST_WORDS
    )


def _captions_in(
    page: list[PageLine], lines: list[str], span: range, skip: int | None
) -> tuple[Caption, ...]:
    found: list[Caption] = []
    after_related = False
    for i in span:
        line = page[i]
        if i == skip or line.date is not None or _is_byline(lines, i):
            continue
        if line.boilerplate is not None:
            after_related = line.boilerplate in RELATED_REASONS
            continue
        if after_related and not line.caption:
            continue
        if is_credit_label(line.text) or credit_line_value(line.text) is not None:
            continue
        if i > 0 and is_credit_label(lines[i - 1]):
            continue
        if line.caption or (
            rules.ends_like_sentence(line.text) and rules.word_count(line.text) >= 4
        ):
            found.append(make_caption(line.text, _detached_credit(lines, i)))
    return _unique(found)


def _detached_credit(lines: list[str], i: int) -> str | None:
    """A credit printed on the line(s) after a caption ("Photo :" + value)."""
    following = lines[i + 1] if i + 1 < len(lines) else ""
    value = credit_line_value(following)
    if value is not None:
        return value
    if is_credit_label(following) and i + 2 < len(lines):
        return clean_credit(lines[i + 2]) or None
    return None


def _unique(captions: list[Caption]) -> tuple[Caption, ...]:
    seen: dict[str, Caption] = {}
    for caption in captions:
        key = caption.text.casefold()
        if key not in seen or (caption.credit and not seen[key].credit):
            seen[key] = caption
    return tuple(seen.values())


# ---- body -------------------------------------------------------------------


@dataclass(frozen=True)
class BodyParts:
    paragraphs: tuple[str, ...]
    captions: tuple[Caption, ...]
    credited_source: str | None


def _is_linked_headline(line: PageLine) -> bool:
    text = line.text
    return (
        not line.story
        and rules.looks_like_headline(text)
        and not rules.ends_like_sentence(text)
        and rules.word_count(text) >= MIN_LINKED_HEADLINE_WORDS
        and rules.is_title_cased(text)
    )


def body_parts(page: list[PageLine], lines: list[str], span: range) -> BodyParts:
    """Story paragraphs, in-story captions and the credited source in the span."""
    paragraphs: list[str] = []
    captions: list[Caption] = []
    sources: list[str] = []
    in_link_list = False
    for i in span:
        line = page[i]
        if line.boilerplate is not None:
            in_link_list = line.boilerplate in RELATED_REASONS
            continue
        if is_credit_label(line.text) or credit_line_value(line.text) is not None:
            continue
        if i > 0 and is_credit_label(lines[i - 1]):
            continue
        if line.caption:
            captions.append(make_caption(line.text, _detached_credit(lines, i)))
            continue
        credit = source_credit(line.text)
        if credit is not None:
            sources.append(credit)
            continue
        if in_link_list and not line.story:
            continue
        in_link_list = False
        if _is_linked_headline(line):
            continue
        paragraphs.append(line.text)
    named = [s for s in sources if "://" not in s]
    source = named[-1] if named else (sources[-1] if sources else None)
    return BodyParts(tuple(paragraphs), tuple(captions), source)


# ---- the whole page ---------------------------------------------------------


def _first_body_index(page: list[PageLine], span: tuple[int, int]) -> int:
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
    return first


def _body_date(paragraphs: tuple[str, ...]) -> datetime | None:
    """The first full date the story states, read from its opening only."""
    opening = "\n".join(paragraphs)[:BODY_DATE_SCAN_CHARS]
    dates = find_dates(opening)
    return dates[0].value if dates else None


def parse_page(
    text: str,
    *,
    source_path: str,
    article_id: str,
    evidence: BoilerplateEvidence | None = None,
) -> Article:
    """Raw scraped page text -> Article (title, outlet, date, byline, clean body)."""
    lines = split_lines(text)
    page = classify(lines, None)
    span = story_span(page)
    focus = _focus_text(lines, span)
    profile = recognise_outlet(text, focus=focus)
    if profile is not None or evidence is not None:
        page = classify(lines, profile, evidence.for_page(text) if evidence else frozenset())
        span = story_span(page) or span
    if span is None:
        return _prose_free_article(page, lines, source_path, article_id, profile, text)

    start = _first_body_index(page, span)
    header = range(max(0, start - HEADER_WINDOW), start)
    date_at = header_date(page, header)
    title_at = find_title(page, lines, header, date_at)
    if title_at is None:
        title_at = fallback_title(page, lines)
    after_top = max(i for i in (header.start - 1, date_at, title_at) if i is not None and i < start)
    parts = header_parts(page, lines, header, range(after_top + 1, start), title_at, profile)

    body_range = range(start, span[1] + 1)
    body = body_parts(page, lines, body_range)
    paragraphs = list(body.paragraphs)
    dateline = None
    if paragraphs:
        opening = split_dateline(paragraphs[0])
        dateline, paragraphs[0] = opening.city, opening.rest
    if dateline is None and start > 0:
        dateline = lone_dateline(lines[start - 1])

    after_body = range(span[1] + 1, min(len(lines), span[1] + 1 + HEADER_WINDOW))
    closing_source = source_credit(lines[after_body[0]]) if after_body else None
    author = find_author(lines, header, after_body, profile)

    published: datetime | None = None
    date_source: DateSource | None = None
    if date_at is not None and page[date_at].date is not None:
        published, date_source = page[date_at].date.value, "header"  # type: ignore[union-attr]
    else:
        published = _body_date(tuple(paragraphs))
        date_source = "body" if published else None

    return Article(
        id=article_id,
        source_path=source_path,
        title=clean_title(lines[title_at], profile) if title_at is not None else article_id,
        body=tuple(p for p in paragraphs if p),
        outlet=_outlet_name(profile, text),
        author=author,
        published=published,
        date_source=date_source,
        dateline=dateline,
        lead=parts.lead,
        captions=_unique([*parts.captions, *body.captions]),
        credited_source=_named_source(closing_source, body.credited_source),
    )


def _named_source(*candidates: str | None) -> str | None:
    """The first credited source that is a name rather than a URL, else any."""
    present = [c for c in candidates if c]
    named = [c for c in present if "://" not in c]
    chosen = named or present
    return chosen[0] if chosen else None


def _focus_text(lines: list[str], span: tuple[int, int] | None) -> str:
    """The story's opening and the lines above it, where an outlet names itself."""
    if span is None:
        return ""
    start = span[0]
    return "\n".join(lines[max(0, start - HEADER_WINDOW) : start + 1])


def _outlet_name(profile: OutletProfile | None, text: str) -> str | None:
    if profile is None:
        return None
    return profile.channel_name(text) or profile.name


def _prose_free_article(
    page: list[PageLine],
    lines: list[str],
    source_path: str,
    article_id: str,
    profile: OutletProfile | None,
    text: str,
) -> Article:
    """A page without story-length prose: keep its non-boilerplate lines."""
    title_at = fallback_title(page, lines)
    body = tuple(
        line.text for i, line in enumerate(page) if line.boilerplate is None and i != title_at
    )
    dates = [line.date for line in page if line.date is not None]
    return Article(
        id=article_id,
        source_path=source_path,
        title=lines[title_at] if title_at is not None else (lines[0] if lines else article_id),
        body=body,
        outlet=_outlet_name(profile, text),
        published=dates[0].value if dates else None,
        date_source="header" if dates else None,
    )
