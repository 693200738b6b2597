"""Answer timed searches on one index, one JSON line in, one out.

Run by bench_ab.py with the interpreter of a given checkout of searchlib, so
two versions of the code can be timed query by query in turns, and by
bench_query.py for each system it times, so that no system runs in a process
another one has set up (searchlib installs its own loaders into Whoosh):

    python benchmarks/_query_server.py INDEX_DIR             # searchlib, for bench_ab
    python benchmarks/_query_server.py INDEX_DIR SYSTEM      # a system of bench_query

Each input line is a query of benchmarks/queries.txt as JSON
(``{"text": ..., "outlet": ..., "since": ..., "until": ...}``); each output
line is ``{"seconds": ..., "hits": ...}``: the time of
``idx.search(text, limit=10, ...)`` with its default snippets, snippet texts
read, as bench_query times it, and searchlib's "total" of matches; with a
SYSTEM, bench_query's runner for it (whose answers carry no total). The index
is opened once, before the first line (its searcher too), as a long-running
program would keep it.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

TOP_K = 10


def serve_system(system: str, index_dir: str) -> None:
    """Answer with bench_query's runner for `system` (imported only here: bench_ab's
    older checkouts need nothing but their own searchlib)."""
    from pathlib import Path

    import bench_query

    run, close = bench_query.IN_PROCESS_RUNNERS[system](Path(index_dir))
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        query = bench_query.BenchQuery(**json.loads(line))
        started = time.perf_counter()
        shown = run(query)
        seconds = time.perf_counter() - started
        print(json.dumps({"seconds": seconds, "hits": shown}), flush=True)
    close()


def main(argv: list[str]) -> None:
    if len(argv) > 1:
        serve_system(argv[1], argv[0])
        return
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
