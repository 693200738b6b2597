"""Pages that hold no article: an index page of teasers, a gallery with no
text, a paywall stub. They are refused with one line rather than indexed.
"""

from __future__ import annotations

import re

from searchlib.ingest.lines import BODY
from searchlib.ingest.page import HEADER_WINDOW, PageResult
from searchlib.ingest.story import looks_like_index

# A story shorter than this is a stub, not an article, when the page also
# says the rest is for subscribers (photo pages print a two-sentence story:
# 25 words is still an article).
MIN_STORY_WORDS = 12
# A paywall notice: one short line asking the reader to subscribe or log in
# to read on ("Baca selengkapnya dengan berlangganan", "Konten ini khusus
# pelanggan", "Subscribe to continue reading").
_PAYWALL = re.compile(
    r"\b(?:berlangganan|langganan|khusus (?:untuk )?pelanggan|pelanggan premium|subscribe"
    r"|subscribers? only|konten premium|artikel premium)\b",
    re.IGNORECASE,
)
# ...that is about reading on, not a newsletter or an app.
_READ_ON = re.compile(
    r"\b(?:baca|membaca|akses|mengakses|lanjut|lanjutkan|selengkapnya|seluruh artikel"
    r"|artikel ini|read|reading|continue|full story|full article)\b",
    re.IGNORECASE,
)
MAX_PAYWALL_LINE_CHARS = 200
# A paywalled page shows a teaser of at most a few paragraphs.
MAX_TEASER_WORDS = 150


def not_an_article(result: PageResult) -> str | None:
    """Why a page holds no article (no story prose, a paywall stub), or None."""
    reading = result.reading
    words = len(result.article.text.split())
    if reading is None or words < MIN_STORY_WORDS:
        return "no story text"
    if looks_like_index(reading.page):
        return "a list of teasers, an index page"
    if words <= MAX_TEASER_WORDS:
        # The wall follows the teaser: only lines after the last paragraph count.
        body = [r.index for r in reading.body.roles if r.role == BODY]
        after = (max(body) if body else reading.span[1]) + 1
        for i in range(after, min(len(reading.lines), reading.span[1] + HEADER_WINDOW)):
            line = reading.lines[i]
            if (
                len(line) <= MAX_PAYWALL_LINE_CHARS
                and _PAYWALL.search(line)
                and _READ_ON.search(line)
                and "newsletter" not in line.casefold()
            ):
                return "a subscribers-only teaser"
    return None
