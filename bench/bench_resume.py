"""Resume after ``kill -9``: a batch killed mid-run and run again ends with exactly the store an
uninterrupted run gives.

    python bench/bench_resume.py                 # 400 generated articles, killed after 15 s
    python bench/bench_resume.py --docs 100 --kill-after 5 --json

It writes a reproducible corpus (``corpus.write_jsonl``), codes it once without interruption
into store A, then codes it into store B with ``eventcoder batch``, sends SIGKILL to the whole
process group after ``--kill-after`` seconds, counts what B holds, runs the same command again,
and compares B with A: documents, events, and every stored event record (by ``doc_id`` and
``seq``). The numbers go in the issue notes; ``tests/test_batch.py`` asserts the same property.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402


def _batch_command(inputs: Path, store: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "eventcoder",
        "batch",
        str(inputs),
        "--store",
        str(store),
        "--workers",
        str(workers),
        "--quiet",
    ]


def store_contents(store: Path) -> dict[str, Any]:
    """Counts and the stored event records of a store, read-only."""
    with duckdb.connect(str(store), read_only=True) as connection:
        documents = connection.execute("SELECT count(*) FROM documents").fetchone()
        records = connection.execute(
            "SELECT doc_id, seq, record FROM events ORDER BY doc_id, seq"
        ).fetchall()
    return {
        "documents": documents[0] if documents else 0,
        "events": len(records),
        "records": [(doc_id, seq, json.loads(record)) for doc_id, seq, record in records],
    }


def run_killed(command: list[str], kill_after: float) -> float:
    """Start ``command`` in its own process group and SIGKILL the group after ``kill_after``
    seconds; returns when it was killed (seconds after start), or how long it ran if it ended
    first."""
    started = time.perf_counter()
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return time.perf_counter() - started


def run_benchmark(docs: int, kill_after: float, workers: int, workdir: Path) -> dict[str, Any]:
    inputs = corpus.write_jsonl(docs, workdir / f"corpus-{docs}.jsonl")
    whole_store, resumed_store = workdir / "whole.duckdb", workdir / "resumed.duckdb"
    subprocess.run(
        _batch_command(inputs, whole_store, workers), check=True, stderr=subprocess.DEVNULL
    )
    whole = store_contents(whole_store)
    killed_at = run_killed(_batch_command(inputs, resumed_store, workers), kill_after)
    after_kill = (
        store_contents(resumed_store) if resumed_store.exists() else {"documents": 0, "events": 0}
    )
    subprocess.run(
        _batch_command(inputs, resumed_store, workers), check=True, stderr=subprocess.DEVNULL
    )
    resumed = store_contents(resumed_store)
    return {
        "documents_in_corpus": docs,
        "workers": workers,
        "killed_after_s": round(killed_at, 1),
        "uninterrupted": {"documents": whole["documents"], "events": whole["events"]},
        "after_kill": {"documents": after_kill["documents"], "events": after_kill["events"]},
        "after_resume": {"documents": resumed["documents"], "events": resumed["events"]},
        "identical_records": resumed["records"] == whole["records"],
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"resume after kill -9: {report['documents_in_corpus']} documents, "
        f"{report['workers']} workers, killed after {report['killed_after_s']} s",
    ]
    for stage in ("uninterrupted", "after_kill", "after_resume"):
        counts = report[stage]
        lines.append(
            f"  {stage:<14} {counts['documents']:>6} documents {counts['events']:>7} events"
        )
    lines.append(f"  resumed store equals the uninterrupted one: {report['identical_records']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--kill-after", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-resume-") as workdir:
        report = run_benchmark(args.docs, args.kill_after, args.workers, Path(workdir))
    print(json.dumps(report) if args.json else format_report(report))


if __name__ == "__main__":
    main()
