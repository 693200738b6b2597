"""Answer timed searches on one searchlib index, one JSON line in, one out.

Run by bench_ab.py with the interpreter of a given checkout of searchlib, so
two versions of the code can be timed query by query in turns:

    python benchmarks/_query_server.py INDEX_DIR

Each input line is a query of benchmarks/queries.txt as JSON
(``{"text": ..., "outlet": ..., "since": ..., "until": ...}``); each output
line is ``{"seconds": ..., "hits": ...}``: the time of
``idx.search(text, limit=10, ...)`` with its default snippets, snippet texts
read, as bench_query times it. The index is opened once, before the first
line (its searcher too), as a long-running program would keep it.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

TOP_K = 10


def main(argv: list[str]) -> None:
    from searchlib import ArticleIndex

    idx = ArticleIndex.open(argv[0])
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        query: dict[str, Any] = json.loads(line)
        filters = {key: value for key, value in query.items() if key != "text" and value}
        started = time.perf_counter()
        results = idx.search(query["text"], limit=TOP_K, **filters)
        shown = 0
        for hit in results.hits:
            for snippet in hit.snippets:
                len(snippet.text)
            shown += 1
        seconds = time.perf_counter() - started
        print(json.dumps({"seconds": seconds, "hits": shown, "total": results.total}), flush=True)
    idx.close()


if __name__ == "__main__":
    main(sys.argv[1:])
