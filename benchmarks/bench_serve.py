"""Web server load benchmark: concurrent clients searching `searchlib serve` over IndoSum.

Everything goes through the user's path: the index is built with ``searchlib
index ../shared/eval/indosum/articles.jsonl``, the server is ``searchlib
serve --port 0`` in its own process (access log on, as a user runs it), and
the clients are threads of this process, each with one keep-alive HTTP
connection on loopback. Queries are the fixed set of bench_query
(``benchmarks/queries.txt``, filters included); every search asks for the top
10 with their snippets.

Phases, one after the other, over one copy of the index:

  library, api x1
                baseline: each query through ``ArticleIndex.search`` in this
                process, then through /api/search, one at a time, taking turns
                (so both see the same machine; medians of 3 runs per query)
  api xN        N clients x M searches on /api/search at once
  page xN       the same on the search page (HTML, outlet and month facets)
  api xN +index the API load again while ``searchlib index`` adds batches of
                articles, one run (one commit) after another

While indexing, every batch is the same IndoSum articles under new ids with
a marker word added, so each batch adds the same number of matches to every
query (what the last total minus the first, divided by the batches, says).
Each client also counts the marker every few searches. A search that saw part
of a batch would show a total between two whole batches' worth; every answer
is checked, and the number of distinct batch states the marker counts saw
shows that the server did pick up the new commits while it served.

Usage (from the repository root; needs ../shared):

    python benchmarks/bench_serve.py                        # 20 clients x 50 searches
    python benchmarks/bench_serve.py --clients 5 --searches 20
    python benchmarks/bench_serve.py --save serve.json
    python benchmarks/bench_serve.py --baseline serve.json
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import _common
import bench_query

# The tests' helper that starts `searchlib serve` and reads the address it prints.
sys.path.insert(0, str(_common.REPO_ROOT / "tests"))
import web_server  # noqa: E402
from web_server import ServerProcess  # noqa: E402

TOP_K = 10
# Seconds one request may take before it counts as an error; the server queues requests.
REQUEST_TIMEOUT = 120
# A word no IndoSum article holds, added to every article of the concurrent batches.
MARKER = "zqbenchbatch"
# Every this many searches, a client also counts the marker (the partial-batch check).
MARKER_EVERY = 5
MARKER_PATH = "/api/search?" + urlencode([("q", MARKER), ("limit", "1")])
# The concurrent indexing phase adds at most this many batches (it stops with the load).
MAX_BATCHES = 20
# Timed runs per query of the one-at-a-time comparison (median), as bench_query does.
ROUNDS = 3


@dataclass
class Answer:
    path: str
    status: int
    seconds: float
    body: bytes = b""
    error: str = ""


@dataclass
class LoadResult:
    clients: int
    answers: list[Answer]
    wall_s: float

    @property
    def errors(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.error or answer.status != 200]

    def summary(self) -> dict[str, float]:
        latencies = [answer.seconds for answer in self.answers]
        return {
            "clients": self.clients,
            "requests": len(self.answers),
            "errors": len(self.errors),
            "requests_per_s": len(self.answers) / self.wall_s if self.wall_s else 0.0,
            "p50_ms": _common.percentile(latencies, 50) * 1000,
            "p95_ms": _common.percentile(latencies, 95) * 1000,
        }


# --------------------------------------------------------------------------- the index


def searchlib_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "searchlib", *args]


def ensure_base_index(rebuild: bool) -> Path:
    """The IndoSum index built by `searchlib index`, cached per version of the code."""
    folder = _common.WORK_DIR / "serve-indexes"
    index_dir = folder / f"indosum-{_common.system_digest('searchlib')}"
    marker = index_dir.with_suffix(".built")
    if marker.exists() and index_dir.is_dir() and not rebuild:
        return index_dir
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    print(f"building the index: searchlib index {_common.INDOSUM_PATH} ...", file=sys.stderr,
          flush=True)
    subprocess.run(
        searchlib_command("index", str(_common.INDOSUM_PATH), "-i", str(index_dir), "-q"),
        check=True,
    )
    marker.write_text("built\n", encoding="utf-8")
    return index_dir


def sample_records(count: int) -> list[dict[str, Any]]:
    """`count` IndoSum records spread over the file (so over its topics and outlets)."""
    records = list(_common.read_jsonl(_common.INDOSUM_PATH))
    step = max(1, len(records) // count)
    return records[::step][:count]


def write_batches(folder: Path, records: Sequence[dict[str, Any]], count: int) -> list[Path]:
    """`count` JSONL files, each the same `records` under new ids with the marker added."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number in range(count):
        path = folder / f"batch-{number:02d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for record in records:
                copy = dict(record)
                copy["id"] = f"serve-bench-{number:02d}-{record['id']}"
                copy["text"] = f"{record['text']} {MARKER}"
                out.write(json.dumps(copy, ensure_ascii=False) + "\n")
        files.append(path)
    return files


# --------------------------------------------------------------------------- the server


@dataclass
class Server:
    """Where the server listens, and what it printed (for error reports)."""

    host: str
    port: int
    process: ServerProcess

    @property
    def tail(self) -> list[str]:
        return self.process.lines[-50:]


@contextmanager
def running_server(index_dir: Path) -> Iterator[Server]:
    """`searchlib serve` on a free loopback port, started as the tests start it."""
    with web_server.running_server(index_dir) as process:
        parts = urlsplit(process.url)
        yield Server(parts.hostname or "127.0.0.1", parts.port or 80, process)


# ------------------------------------------------------------------------------ load


def search_path(query: bench_query.BenchQuery, page: bool = False, limit: int = TOP_K) -> str:
    params: list[tuple[str, str]] = [("q", query.text)]
    params += [(key, getattr(query, key)) for key in bench_query.FILTER_KEYS if getattr(query, key)]
    if limit != TOP_K:
        params.append(("limit", str(limit)))
    return ("/?" if page else "/api/search?") + urlencode(params)


def run_load(server: Server, plans: Sequence[Sequence[str]]) -> LoadResult:
    """Each plan is one client's requests, made one after another on one connection."""
    answers: list[list[Answer]] = [[] for _ in plans]
    start = threading.Barrier(len(plans) + 1)

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=REQUEST_TIMEOUT)
        start.wait()
        for path in plans[number]:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                answers[number].append(Answer(path, response.status,
                                              time.perf_counter() - started, body))
            except (OSError, http.client.HTTPException) as error:
                answers[number].append(Answer(path, 0, time.perf_counter() - started,
                                              error=f"{type(error).__name__}: {error}"))
                connection.close()
                connection = http.client.HTTPConnection(
                    server.host, server.port, timeout=REQUEST_TIMEOUT)
        connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(len(plans))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return LoadResult(len(plans), [answer for per_client in answers for answer in per_client], wall)


def client_plans(
    queries: Sequence[bench_query.BenchQuery], clients: int, searches: int, page: bool = False,
    marker_every: int = 0,
) -> list[list[str]]:
    """`searches` search paths per client, spread over the query set; marker counts between."""
    plans = []
    for number in range(clients):
        plan = []
        for step in range(searches):
            plan.append(search_path(queries[(number * searches + step) % len(queries)], page))
            if marker_every and (step + 1) % marker_every == 0:
                plan.append(MARKER_PATH)
        plans.append(plan)
    return plans


def check_bodies(result: LoadResult, page: bool) -> None:
    """Answers that are not what a search returns count as errors."""
    for answer in result.answers:
        if answer.error or answer.status != 200:
            continue
        if page:
            if b'class="hits"' not in answer.body and b"No article matches" not in answer.body:
                answer.error = "page without results or the no-match message"
            continue
        try:
            data = json.loads(answer.body)
            if not isinstance(data.get("total"), int) or not isinstance(data.get("hits"), list):
                answer.error = "JSON without total and hits"
        except ValueError:
            answer.error = "not JSON"


def totals(result: LoadResult) -> dict[str, list[int]]:
    """The totals seen per search path (JSON answers only)."""
    seen: dict[str, list[int]] = {}
    for answer in result.answers:
        if answer.status == 200 and not answer.error:
            seen.setdefault(answer.path, []).append(json.loads(answer.body)["total"])
    return seen


def fetch_total(server: Server, path: str) -> int:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}: {body[:200]!r}")
        total: int = json.loads(body)["total"]
        return total
    finally:
        connection.close()


@dataclass
class Indexer:
    """`searchlib index` runs, one batch file each, until stopped or out of batches."""

    index_dir: Path
    batches: list[Path]
    committed: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        for batch in self.batches:
            if self._stop.is_set():
                return
            started = time.perf_counter()
            run = subprocess.run(
                searchlib_command("index", str(batch), "-i", str(self.index_dir), "-q",
                                  "--jobs", "1"),
                capture_output=True, text=True,
            )
            self.seconds.append(time.perf_counter() - started)
            if run.returncode != 0:
                self.failures.append(run.stderr.strip()[-300:])
                return
            self.committed += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def check_batches(
    result: LoadResult, base: dict[str, int], final: dict[str, int], batches: int
) -> dict[str, Any]:
    """Every total seen during indexing is its base plus whole batches; the states seen.

    Each batch holds the same articles, so it adds the same number of matches
    to a query: (final - base) / batches. A total between two multiples of it
    is a search that saw part of a batch.
    """
    partial: list[str] = []
    states: set[int] = set()
    for path, seen in totals(result).items():
        per_batch = (final[path] - base[path]) / batches if batches else 0
        for total in seen:
            added = total - base[path]
            if per_batch == 0:
                if added:
                    partial.append(f"{path}: {total}, expected {base[path]}")
                continue
            whole = added / per_batch
            if whole != int(whole) or not 0 <= whole <= batches:
                partial.append(f"{path}: {total} is not {base[path]} + k x {per_batch:g}")
            elif path == MARKER_PATH:
                states.add(int(whole))
    return {"partial_batches_seen": len(partial), "examples": partial[:5],
            "batch_states_seen": sorted(states)}


# ------------------------------------------------------------------------------ main


def one_at_a_time(
    server: Server, index_dir: Path, queries: Sequence[bench_query.BenchQuery]
) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    """The library in this process and the API of the server, one search at a time, taking
    turns query by query so that both see the same load on a shared machine.

    Each query's latency is its median over ROUNDS runs after a warm-up. Also
    returns every query's total, the base for the checks while indexing.
    """
    run, close = bench_query.searchlib_runner(index_dir)
    connection = http.client.HTTPConnection(server.host, server.port, timeout=REQUEST_TIMEOUT)
    library: list[list[float]] = [[] for _ in queries]
    api: list[list[float]] = [[] for _ in queries]
    inside: list[list[float]] = [[] for _ in queries]  # the server's own took_ms
    base: dict[str, int] = {}
    errors = 0
    try:
        for round_number in range(ROUNDS + 1):
            for number, query in enumerate(queries):
                started = time.perf_counter()
                run(query)
                library_s = time.perf_counter() - started
                path = search_path(query)
                started = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                api_s = time.perf_counter() - started
                if response.status != 200:
                    errors += 1
                elif round_number == 0:
                    base[path] = json.loads(body)["total"]
                else:
                    library[number].append(library_s)
                    api[number].append(api_s)
                    inside[number].append(json.loads(body)["took_ms"] / 1000)
        connection.request("GET", MARKER_PATH)
        base[MARKER_PATH] = json.loads(connection.getresponse().read())["total"]
    finally:
        connection.close()
        close()
    served = _one_client(api, errors)
    served["search_p50_ms"] = _one_client(inside, 0)["p50_ms"]
    return _one_client(library, 0), served, base


def _one_client(latencies: list[list[float]], errors: int) -> dict[str, float]:
    per_query = [_common.median(values) for values in latencies if values]
    return {
        "clients": 1, "requests": len(per_query), "errors": errors,
        "requests_per_s": len(per_query) / sum(per_query) if per_query else 0.0,
        "p50_ms": _common.percentile(per_query, 50) * 1000,
        "p95_ms": _common.percentile(per_query, 95) * 1000,
    }


def report(name: str, figures: dict[str, float], rows: list[list[object]]) -> None:
    rows.append([name, int(figures["clients"]), int(figures["requests"]), int(figures["errors"]),
                 f"{figures['requests_per_s']:.1f}", f"{figures['p50_ms']:.1f}",
                 f"{figures['p95_ms']:.1f}"])


def fail_on_errors(name: str, result: LoadResult, server: Server) -> None:
    for answer in result.errors[:5]:
        print(f"  {name} error: {answer.path} -> {answer.status} {answer.error} "
              f"{answer.body[:200]!r}", file=sys.stderr)
    if result.errors:
        print("  server's last lines:\n" + "".join(server.tail[-10:]), file=sys.stderr)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not _common.INDOSUM_PATH.is_file():
        print(f"missing evaluation data: {_common.INDOSUM_PATH}", file=sys.stderr)
        return 1
    queries = bench_query.load_query_set(args.queries)
    base_index = ensure_base_index(args.rebuild)
    scratch = _common.WORK_DIR / "serve-run"
    if scratch.exists():
        shutil.rmtree(scratch)
    index_dir = scratch / "index"
    shutil.copytree(base_index, index_dir)
    print(f"machine: {_common.machine_description()}; index: IndoSum; {args.clients} clients x "
          f"{args.searches} searches of {len(queries)} queries, top {TOP_K} with snippets",
          flush=True)

    rows: list[list[object]] = []
    figures: dict[str, Any] = {}
    failed = False
    with running_server(index_dir) as server:
        figures["library"], figures["api_1_client"], base = one_at_a_time(
            server, index_dir, queries)
        report("library, in process (baseline)", figures["library"], rows)
        report("api, 1 client", figures["api_1_client"], rows)
        failed |= bool(figures["api_1_client"]["errors"])
        batch_records = sample_records(args.batch_size)
        batches = write_batches(scratch / "batches", batch_records, MAX_BATCHES)
        for name, page in (("api", False), ("page", True)):
            load = run_load(server, client_plans(queries, args.clients, args.searches, page))
            check_bodies(load, page)
            figures[f"{name}_{args.clients}_clients"] = load.summary()
            report(f"{name}, {args.clients} clients", load.summary(), rows)
            fail_on_errors(name, load, server)
            failed |= bool(load.errors)

        indexer = Indexer(index_dir, batches)
        indexer.start()
        during = run_load(server, client_plans(queries, args.clients, args.searches,
                                               marker_every=MARKER_EVERY))
        indexer.stop()
        check_bodies(during, page=False)
        final = {path: fetch_total(server, path) for path in base}
        searches = LoadResult(
            during.clients, [a for a in during.answers if a.path != MARKER_PATH], during.wall_s)
        figures["api_while_indexing"] = searches.summary()
        report(f"api, {args.clients} clients + index", searches.summary(), rows)
        fail_on_errors("while indexing", during, server)
        consistency = check_batches(during, base, final, indexer.committed)
        figures["indexing"] = {
            "batches_committed": indexer.committed,
            "batch_size": len(batch_records),
            "marker_matches_per_batch": (
                final[MARKER_PATH] / indexer.committed if indexer.committed else 0.0
            ),
            "median_batch_s": _common.median(indexer.seconds) if indexer.seconds else 0.0,
            "batch_checks": sum(1 for a in during.answers if a.path == MARKER_PATH),
            "errors": len(during.errors),
            "partial_batches_seen": consistency["partial_batches_seen"],
            "batch_states_seen": len(consistency["batch_states_seen"]),
        }
        failed |= bool(during.errors or indexer.failures or consistency["partial_batches_seen"])

    print()
    _common.print_table(["phase", "clients", "requests", "errors", "req/s", "p50 ms", "p95 ms"],
                        rows)
    library, single = figures["library"], figures["api_1_client"]
    api = figures[f"api_{args.clients}_clients"]
    overhead = _common.ratio(single["p50_ms"], library["p50_ms"])
    throughput = _common.ratio(api["requests_per_s"], library["requests_per_s"])
    print(f"\none search over HTTP: p50 {single['p50_ms']:.1f} ms (the search inside the server: "
          f"{single['search_p50_ms']:.1f} ms) against the library's {library['p50_ms']:.1f} ms "
          f"({_common.format_ratio(overhead)})")
    print(f"throughput with {args.clients} clients: {api['requests_per_s']:.1f} req/s against the "
          f"library's {library['requests_per_s']:.1f} searches/s one at a time "
          f"({_common.format_ratio(throughput)})")
    indexing = figures["indexing"]
    print(f"while indexing: {indexing['batches_committed']} batches of "
          f"{indexing['batch_size']} articles ({indexing['marker_matches_per_batch']:g} with the "
          "marker after ingestion) committed by `searchlib index` "
          f"(median {indexing['median_batch_s']:.1f} s each); {indexing['batch_checks']} batch "
          f"checks; searches saw {indexing['batch_states_seen']} distinct index states "
          f"({consistency['batch_states_seen']} batches); partial batches seen: "
          f"{indexing['partial_batches_seen']}; errors: {indexing['errors']}")
    if indexing["batch_states_seen"] < 2:
        print("  the searches ended before a batch was committed: the check proved nothing "
              "(use more --searches)")
        failed = True
    for example in consistency["examples"]:
        print(f"  partial: {example}")
    for failure in indexer.failures:
        print(f"  searchlib index failed: {failure}")
    print("(the machine is shared: compare ratios and runs made together, not single figures)")
    _common.finish("bench_serve", figures, args.save, args.baseline)
    shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--searches", type=int, default=50, help="searches per client")
    parser.add_argument("--batch-size", type=int, default=500,
                        help="articles per `searchlib index` run while serving")
    parser.add_argument("--queries", type=Path, default=bench_query.QUERIES_PATH)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached index")
    parser.add_argument("--save", "--json", dest="save", type=Path)
    parser.add_argument("--baseline", type=Path)
    args = parser.parse_args(argv)
    if args.clients < 1 or args.searches < 1 or args.batch_size < 2:
        parser.error("--clients and --searches must be 1 or more, --batch-size 2 or more")
    return args


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
