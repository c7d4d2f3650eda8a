"""Latency and load of the HTTP API (``eventcoder serve``) on loopback, in one bounded run.

    python bench/bench_api.py [--events N] [--store PATH] [--requests R] [--clients C]
                              [--code-runs K] [--query-runs Q] [--json]

In one run, against a real ``eventcoder serve`` process on 127.0.0.1:

- the store: a fresh one of ``--events`` synthetic events (default 100,000; ``bench_store.py``'s
  seeded corpus, built in a separate process before the server starts), or ``--store PATH`` as
  it is (e.g. one kept by ``bench_store.py --store``); the bundled example is posted to it;
- ``code``: ``POST /api/v1/code`` with the bundled example (border_truce.txt, published
  2025-03-14), ``--code-runs`` warm runs one after another (after 5 warm-up runs): the client's
  latency, the coder's own time in the same request (the ``Server-Timing`` header), and the
  difference, the server's cost (HTTP, validation, JSON, threads);
- ``queries``: each read endpoint, ``--query-runs`` warm runs one after another (p50, p95, max);
- ``baseline``: the same events queries without the server, in this process: the store opened
  read-only for each run (its cache cold, where the server's reads share a warm one for
  ``ServerConfig.store_hold_s``), the API's own filter translation
  (``eventcoder.api.app.event_query``), the page's JSON lines read (``Store.event_lines``), as
  the server does for each request, so the difference is the server's cost (HTTP, framework,
  threads) beside the store's; and each text
  query (``q``) also without the text index (``Store(text_index=False)``: every event's evidence
  read, as before the index), the named baseline of the index (``baseline_scan``);
- ``load``: ``--clients`` concurrent clients (threads, one keep-alive connection each) send
  ``--requests`` requests in all (a mix: 10 % ``POST /code``, the rest reads), and the run stops
  when they are sent; p50/p99 per kind, every status counted (the run fails on any 5xx), and the
  server's resident memory before and after, from ``/proc``. Two such runs; ``--requests 0``:
  none (the latencies alone, e.g. to compare two versions of the code in one sitting).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the other benchmarks beside this file, however it was loaded
    sys.path.insert(0, str(HERE))

from bench_pipeline import machine  # noqa: E402

EXAMPLE = HERE.parent / "src" / "eventcoder" / "examples" / "border_truce.txt"
PUBLISHED = "2025-03-14"
API = "/api/v1"
DEFAULT_EVENTS = 100_000
BULK_DOCUMENTS = 20_000
CODE_SHARE = 0.1
READS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("health", "/health", {}),
    ("events first page", "/events", {"limit": 50}),
    ("events dyad year", "/events", {"dyad": "PAK,AFG", "since": "2024-01-01",
                                     "until": "2024-12-31", "limit": 500}),
    ("events actor page", "/events", {"actor": "PAK", "limit": 100, "offset": 200}),
    ("events type country", "/events", {"type": "ASSAULT", "country": "AFG", "limit": 100}),
    ("events text query", "/events", {"q": "ceasefire", "limit": 50}),
    ("events text dyad", "/events", {"q": "ceasefire", "dyad": "PAK,AFG", "limit": 50}),
    ("events text year", "/events", {"q": "ceasefire", "since": "2024-01-01",
                                     "until": "2024-12-31", "limit": 50}),
    # Words each in a third of the documents, never next to each other: no match.
    ("events words apart", "/events", {"q": "pakistan afghanistan", "limit": 50}),
    ("events words apart 3", "/events", {"q": "hamas israel tuesday", "limit": 50}),
    # A phrase of pairs each in 27,000-109,000 documents; 43 events hold it.
    ("events common pairs", "/events", {"q": "pakistan near afghanistan border", "limit": 50}),
    ("events common phrase", "/events", {"q": "officials said on friday", "limit": 50}),
    ("events csv", "/events", {"actor": "AFG", "format": "csv", "limit": 200}),
    ("incidents page", "/incidents", {"limit": 50}),
    ("incidents dyad year", "/incidents", {"dyad": "PAK,AFG", "since": "2024-01-01",
                                           "until": "2024-12-31", "limit": 50}),
    ("incidents type country", "/incidents", {"type": "ASSAULT", "country": "AFG", "limit": 50}),
    ("incidents text", "/incidents", {"q": "pakistan near afghanistan border", "limit": 50}),
    ("dyad series week", "/dyads/PAK/AFG/series", {"interval": "week"}),
)  # fmt: skip


def latency(samples_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 2)

    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "max_ms": round(ordered[-1], 2),
        "runs": len(ordered),
    }


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def serve(store: Path, log: Path) -> Iterator[Server]:
    port = _free_port()
    script = Path(sys.executable).with_name("eventcoder")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "eventcoder"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "serve", "--store", str(store), "--port", str(port), "--no-access-log"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped:\n{log.read_text()[-4000:]}")
            try:
                if httpx.get(f"{url}{API}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start in 120 s")
            time.sleep(0.1)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def build_store(path: Path, events: int) -> dict[str, Any]:
    """bench_store.py's synthetic store, in a process of its own, bulk-loaded: the same
    records as ``bench_store.py`` writes, ``BULK_DOCUMENTS`` documents per write (1 M events
    in about a minute, where the batch's 32-document chunks take five)."""
    code = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        "from bench_store import measure_ingest; "
        "print(json.dumps(measure_ingest(Path(sys.argv[2]), int(sys.argv[3]), 0, "
        "int(sys.argv[4]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(HERE), str(path), str(events), str(BULK_DOCUMENTS)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_code(client: httpx.Client, body: dict[str, Any], runs: int) -> dict[str, Any]:
    for _ in range(5):
        client.post(f"{API}/code", json=body).raise_for_status()
    total: list[float] = []
    coder: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.post(f"{API}/code", json=body)
        total.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
        coder.append(float(response.headers["Server-Timing"].split("dur=")[1]))
    server = [t - c for t, c in zip(total, coder, strict=True)]
    return {
        "events": len(response.json()["events"]),
        "request": latency(total),
        "coder": latency(coder),
        "beyond_coder": latency(server),
    }


def measure_reads(client: httpx.Client, runs: int) -> dict[str, Any]:
    results = {}
    for name, path, params in READS:
        samples = []
        response = client.get(API + path, params=params)  # warm-up
        response.raise_for_status()
        for _ in range(runs):
            t0 = time.perf_counter()
            response = client.get(API + path, params=params)
            samples.append((time.perf_counter() - t0) * 1000)
            response.raise_for_status()
        rows = response.text.count("\n") - 1 if "csv" in name else _rows(response.json())
        results[name] = {"rows": rows} | latency(samples)
    return results


def store_query(params: dict[str, Any]) -> Any:
    """The store query the API makes of these ``/events`` parameters (its own translation)."""
    from datetime import date

    from eventcoder.api.app import Filters, event_query

    def listed(name: str) -> list[str]:
        return [str(params[name])] if name in params else []

    def day(name: str) -> date | None:
        return date.fromisoformat(params[name]) if name in params else None

    return event_query(
        Filters(
            actor=listed("actor"),
            dyad=params.get("dyad"),
            type=listed("type"),
            quad=listed("quad"),
            country=params.get("country"),
            since=day("since"),
            until=day("until"),
            q=params.get("q"),
            limit=int(params.get("limit", 50)),
            offset=int(params.get("offset", 0)),
        )
    )


def measure_baseline(store: Path, runs: int, *, text_only: bool = False) -> dict[str, Any]:
    """Each JSON ``/events`` read of READS straight from the store, opened read-only per run (as
    the server opened it per request before its reads shared one connection; a cold read of
    every block each time), one more row than the page, as the server asks.
    ``text_only``: only the text queries, without the text index (every evidence read)."""
    from dataclasses import replace

    from eventcoder.store import Store

    results = {}
    for name, path, params in READS:
        if path != "/events" or params.get("format") == "csv":
            continue
        if text_only and "q" not in params:
            continue
        query = store_query(params)
        query = replace(query, limit=query.limit + 1)
        samples = []
        for n in range(runs + 1):  # the first is the warm-up
            t0 = time.perf_counter()
            with Store(store, read_only=True, text_index=not text_only) as opened:
                rows = len(list(opened.event_lines(query)))
            if n:
                samples.append((time.perf_counter() - t0) * 1000)
        results[name] = {"rows": min(rows, query.limit - 1)} | latency(samples)
    return results


def _rows(body: dict[str, Any]) -> int:
    for key in ("events", "incidents", "series"):
        if key in body:
            return len(body[key])
    return 1


def load(url: str, body: dict[str, Any], requests: int, clients: int) -> dict[str, Any]:
    """``clients`` threads send ``requests`` requests in all, then stop."""
    every_code = round(1 / CODE_SHARE)
    counter = itertools.count()
    lock = threading.Lock()
    samples: dict[str, list[float]] = {}
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    def client_loop() -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            while (n := next(counter)) < requests:
                if n % every_code == 0:
                    name, call = "code", lambda: client.post(f"{API}/code", json=body)
                else:
                    name, path, params = READS[n % len(READS)]
                    call = lambda path=path, params=params: client.get(API + path, params=params)  # noqa: E731
                t0 = time.perf_counter()
                try:
                    status = call().status_code
                except httpx.HTTPError as error:
                    with lock:
                        failures.append(f"{name}: {type(error).__name__}")
                    continue
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    samples.setdefault(name, []).append(ms)
                    statuses[status] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    every = [ms for kind in samples.values() for ms in kind]
    return {
        "requests": requests,
        "clients": clients,
        "wall_s": round(wall, 2),
        "requests_per_s": round(requests / wall, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "server_errors": sum(v for k, v in statuses.items() if k >= 500),
        "transport_errors": failures,
        "all": latency(every),
        "by_kind": {name: latency(ms) for name, ms in sorted(samples.items())},
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    import duckdb

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        store = args.store or Path(tmp) / "events.duckdb"
        built = build_store(store, args.events) if args.store is None and args.events else None
        body = {"text": EXAMPLE.read_text(encoding="utf-8"), "published": PUBLISHED}
        with serve(store, Path(tmp) / "server.log") as server:
            pid = server.process.pid
            rss = {"started": rss_mib(pid)}
            with httpx.Client(base_url=server.url, timeout=120) as client:
                client.post(f"{API}/documents", json=body | {"id": "border_truce"})
                health = client.get(f"{API}/health").json()["store"]
                code = measure_code(client, body, args.code_runs)
                reads = measure_reads(client, args.query_runs)
            baseline = measure_baseline(store, args.query_runs)
            scan = measure_baseline(store, args.query_runs, text_only=True)
            rss["after_latency_runs"] = rss_mib(pid)
            loads = []
            for n in range(2 if args.requests else 0):
                loads.append(load(server.url, body, args.requests, args.clients))
                rss[f"after_load_{n + 1}"] = rss_mib(pid)
    return {
        "machine": machine(duckdb=duckdb.__version__, httpx=httpx.__version__),
        "store": {"events": health["events"], "documents": health["documents"], "built": built},
        "code": code,
        "queries": reads,
        "baseline": baseline,
        "baseline_scan": scan,
        "load": loads,
        "server_rss_mib": rss,
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"store: {report['store']['events']:,} events, {report['store']['documents']:,} documents",
        "",
        f"POST /code, bundled example ({report['code']['events']} events), warm, sequential:",
    ]
    for part in ("request", "coder", "beyond_coder"):
        stats = report["code"][part]
        lines.append(
            f"  {part:<13} p50 {stats['p50_ms']:8.2f} ms  p95 {stats['p95_ms']:8.2f}  "
            f"max {stats['max_ms']:8.2f}  ({stats['runs']} runs)"
        )
    lines += ["", "reads, warm, sequential:"]
    for name, stats in report["queries"].items():
        lines.append(
            f"  {name:<22} {stats['rows']:>5} rows  p50 {stats['p50_ms']:8.2f} ms  "
            f"p95 {stats['p95_ms']:8.2f}  max {stats['max_ms']:8.2f}"
        )
    lines += ["", "baseline: the same events queries straight from the store, no server:"]
    for name, stats in report["baseline"].items():
        served = report["queries"][name]["p50_ms"]
        lines.append(
            f"  {name:<22} {stats['rows']:>5} rows  p50 {stats['p50_ms']:8.2f} ms  "
            f"p95 {stats['p95_ms']:8.2f}  max {stats['max_ms']:8.2f}  "
            f"(server p50 {served:.2f}: +{served - stats['p50_ms']:.2f})"
        )
    lines += ["", "text queries without the text index (every evidence read), no server:"]
    for name, stats in report["baseline_scan"].items():
        indexed = report["baseline"][name]["p50_ms"]
        lines.append(
            f"  {name:<22} {stats['rows']:>5} rows  p50 {stats['p50_ms']:8.2f} ms  "
            f"p95 {stats['p95_ms']:8.2f}  max {stats['max_ms']:8.2f}  "
            f"(indexed p50 {indexed:.2f})"
        )
    for n, run_ in enumerate(report["load"], start=1):
        lines += [
            "",
            f"load {n}: {run_['requests']} requests from {run_['clients']} clients in "
            f"{run_['wall_s']} s ({run_['requests_per_s']}/s); statuses {run_['statuses']}; "
            f"5xx {run_['server_errors']}; transport errors {len(run_['transport_errors'])}",
            f"  all                    p50 {run_['all']['p50_ms']:8.2f} ms  "
            f"p99 {run_['all']['p99_ms']:8.2f}",
        ]
        for name, stats in run_["by_kind"].items():
            lines.append(
                f"  {name:<22} p50 {stats['p50_ms']:8.2f} ms  p99 {stats['p99_ms']:8.2f}  "
                f"({stats['runs']})"
            )
    rss = report["server_rss_mib"]
    lines += ["", "server RSS MiB: " + ", ".join(f"{k} {v}" for k, v in rss.items())]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS, help="synthetic store size")
    parser.add_argument("--store", type=Path, help="serve this store instead (kept as it is)")
    parser.add_argument(
        "--requests", type=int, default=5000, help="per load run (two runs; 0: no load)"
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--code-runs", type=int, default=50)
    parser.add_argument("--query-runs", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    report = run(args)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 1 if any(r["server_errors"] or r["transport_errors"] for r in report["load"]) else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
