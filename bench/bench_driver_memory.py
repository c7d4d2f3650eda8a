"""Where the batch driver's memory grows: real coded results replayed through parts of its path.

    python bench/bench_driver_memory.py --docs 60000                 # every mode, a table
    python bench/bench_driver_memory.py --docs 40000 --modes store store-reopen --json

``eventcoder batch``'s driver takes each chunk's results from a worker (unpickled from a
``multiprocessing`` queue) and writes them to the store (``Store.write_documents``, one
transaction a chunk). ``bench_memory.py`` measures the driver as a whole; this bench tells its
parts apart without coding, so that 100,000 documents take minutes. It codes ``--coded``
documents of ``bench_memory.py``'s corpus once (``batch.code_chunk``, chunks of 32), then
replays ``--docs`` documents (the coded chunks again and again, each copy under new document
and event ids) in a fresh process per mode:

- ``queue``: a spawned process puts each chunk on a spawn ``Queue``, as a batch worker does;
  the driver takes it and drops it (the worker result path alone);
- ``store``: the chunks written to a fresh store under the batch's default memory limit, no
  queue (the store's side alone);
- ``store-reopen``: the same, the store's connection renewed every ``--reopen`` documents
  (``Store.reconnect``, as the batch does every 10,000: what DuckDB holds for the life of a
  connection, told apart from what stays).

Every ``--every`` documents each mode reports the process's RSS, the Python heap
(``tracemalloc``), DuckDB's own accounting (``duckdb_memory()``) and, on glibc, the bytes
``malloc`` has handed out and not had back (``mallinfo2().uordblks``): native memory that
is neither Python's nor counted by DuckDB shows there.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import dataclasses
import json
import multiprocessing
import os
import pickle
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from bench_batch import _rss_bytes  # noqa: E402
from bench_memory import write_small_corpus  # noqa: E402

MODES = ("queue", "store", "store-reopen")
CHUNK = 32


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def malloc_in_use_mib() -> float | None:
    """Bytes glibc's ``malloc`` has handed out and not had back (None: not glibc >= 2.33)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    libc = ctypes.CDLL(name)
    mallinfo2 = getattr(libc, "mallinfo2", None)
    if mallinfo2 is None:
        return None
    mallinfo2.restype = _Mallinfo2
    info: _Mallinfo2 = mallinfo2()
    return round(info.uordblks / 2**20, 1)


def code_results(corpus: Path, docs: int, out: Path) -> dict[str, int]:
    """Code the first ``docs`` documents of ``corpus`` as the batch's workers do; pickle the
    chunks' results to ``out``."""
    from eventcoder.batch import Coded, CodingOptions, Failed, code_chunk, iter_tasks

    options = CodingOptions()
    coder = options.build_coder()
    tasks = [t for t in islice(iter_tasks([corpus]), docs) if not isinstance(t, Failed)]
    chunks = [code_chunk(coder, tasks[i : i + CHUNK], options) for i in range(0, len(tasks), CHUNK)]
    out.write_bytes(pickle.dumps(chunks))
    coded = [r for chunk in chunks for r in chunk if isinstance(r, Coded)]
    return {"documents": len(coded), "events": sum(len(r.records) for r in coded)}


def copies(chunks: list[list[Any]], docs: int) -> Iterator[list[Any]]:
    """``docs`` documents of ``chunks``, chunk by chunk, each copy under new ids."""
    from eventcoder.batch import Coded

    done = 0
    copy = 0
    while True:
        for chunk in chunks:
            if done >= docs:
                return
            renamed = []
            for result in chunk:
                if isinstance(result, Coded):
                    document = dataclasses.replace(
                        result.document, id=f"{result.document.id}-c{copy}"
                    )
                    records = [{**r, "id": f"{r['id']}-c{copy}"} for r in result.records]
                    result = Coded(document=document, records=records)
                renamed.append(result)
            done += len(renamed)
            yield renamed
        copy += 1


def _feed(results: str, docs: int, queue: multiprocessing.Queue[list[Any] | None]) -> None:
    """The worker's side of ``queue`` mode: put the chunks as a batch worker puts results."""
    for chunk in copies(pickle.loads(Path(results).read_bytes()), docs):
        queue.put(chunk)
    queue.put(None)


def replay(mode: str, results: Path, store_path: Path, docs: int, every: int, reopen: int) -> Any:
    """Run one mode in this process; its samples."""
    from eventcoder.batch import DEFAULT_MEMORY_LIMIT, Coded
    from eventcoder.store import Store

    tracemalloc.start()
    store = None if mode == "queue" else Store(store_path, memory_limit=DEFAULT_MEMORY_LIMIT)
    if mode == "queue":
        context = multiprocessing.get_context("spawn")
        queue: multiprocessing.Queue[list[Any] | None] = context.Queue(maxsize=4)
        feeder = context.Process(target=_feed, args=(str(results), docs, queue), daemon=True)
        feeder.start()
        chunks: Iterator[list[Any]] = iter(queue.get, None)
    else:
        chunks = copies(pickle.loads(results.read_bytes()), docs)
    samples = []
    done = 0
    started = time.perf_counter()
    for chunk in chunks:
        if store is not None:
            store.write_documents([(r.document, r.records) for r in chunk if isinstance(r, Coded)])
        before, done = done, done + len(chunk)
        if done // reopen > before // reopen and store is not None and mode == "store-reopen":
            store.reconnect()
        if done // every > before // every:
            duckdb_mib = None
            if store is not None:
                row = store.connection.execute(
                    "SELECT sum(memory_usage_bytes) FROM duckdb_memory()"
                ).fetchone()
                duckdb_mib = round((row[0] if row else 0) / 2**20, 1)
            samples.append(
                {
                    "documents": done,
                    "seconds": round(time.perf_counter() - started, 1),
                    "rss_mib": round(_rss_bytes(os.getpid()) / 2**20, 1),
                    "python_mib": round(tracemalloc.get_traced_memory()[0] / 2**20, 1),
                    "duckdb_mib": duckdb_mib,
                    "malloc_in_use_mib": malloc_in_use_mib(),
                }
            )
    if store is not None:
        store.close()
    tracemalloc.stop()  # a caller's process (a test's) is not left tracing
    return samples


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-driver-") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        write_small_corpus(corpus, args.coded, args.seed)
        results = folder / "results.pkl"
        coded = code_results(corpus, args.coded, results)
        report: dict[str, Any] = {"coded": coded, "docs": args.docs, "modes": {}}
        for mode in args.modes:  # each in a fresh process: no heap shared between modes
            command = [
                sys.executable,
                __file__,
                "--replay",
                mode,
                str(results),
                str(folder / f"{mode}.duckdb"),
                *("--docs", str(args.docs), "--every", str(args.every)),
                *("--reopen", str(args.reopen)),
            ]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            report["modes"][mode] = json.loads(output)
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"{report['docs']:,} documents replayed from {report['coded']['documents']:,} coded "
        f"({report['coded']['events']:,} events); MiB",
        f"{'mode':14}{'docs':>9}{'s':>7}{'rss':>8}{'python':>8}{'duckdb':>8}{'malloc':>8}",
    ]
    for mode, samples in report["modes"].items():
        for s in samples:
            cells = [s["rss_mib"], s["python_mib"], s["duckdb_mib"], s["malloc_in_use_mib"]]
            lines.append(
                f"{mode:14}{s['documents']:>9,}{s['seconds']:>7}"
                + "".join(f"{'-' if v is None else v:>8}" for v in cells)
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=60_000, help="documents replayed")
    parser.add_argument("--coded", type=int, default=2_000, help="documents coded first")
    parser.add_argument("--every", type=int, default=5_000, help="documents between samples")
    parser.add_argument("--reopen", type=int, default=10_000, help="store-reopen's period")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--replay", nargs=3, metavar=("MODE", "RESULTS", "STORE"), help="internal")
    args = parser.parse_args(argv)
    if args.replay:
        mode, results, store = args.replay
        samples = replay(mode, Path(results), Path(store), args.docs, args.every, args.reopen)
        print(json.dumps(samples))
        return 0
    report = run(args)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
