"""Throughput and memory of ``code_corpus`` (the ``eventcoder batch`` engine) against raw spaCy.

    python bench/bench_batch.py [--docs N] [--half] [--seed S] [--no-ray] [--json]

In one run, on the same generated corpus (``bench/corpus.py``, ``--docs`` articles written as
JSON Lines, default 2,000):

- ``raw spaCy xK``: ``load_nlp().pipe(texts, batch_size=32, n_process=K)`` for K = 1 and 2;
- ``batch processes xN``: ``code_corpus(corpus, store, workers=N)`` for N = 1 and 2 (1: in
  the driver process), reading the JSON Lines and writing a fresh DuckDB store;
- ``batch ray x2``: the same with ``engine="ray"`` and 2 actors (a local Ray started by the
  run, its start-up included);
- with ``--half``, ``batch processes x2`` again on the first half of the corpus, to compare
  peak memory at N/2 and N documents (flat memory: the same).

Each measurement runs in its own subprocess. Wall time includes start-up (model loads, Ray);
``steady docs/s`` leaves it out (from the first stored chunk to the last). Peak RSS is the
largest total resident memory of the measuring process and all its descendants (workers,
Ray's daemons and actors), sampled every 0.2 s from ``/proc``. Sentences are counted once, by
the raw 1-process parse, and used for every row's sentences/s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # `corpus` beside this file, however this file was loaded
    sys.path.insert(0, str(HERE))

DEFAULT_DOCS = 2000
SAMPLE_S = 0.2
TARGETS = {"ratio_per_worker_min": 0.7, "speedup_2_workers_min": 1.8}


# --- memory of a process tree --------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _tree(pid: int) -> Iterator[int]:
    yield pid
    for child in _children(pid):
        yield from _tree(child)


def _rss_bytes(pid: int) -> int:
    try:
        resident_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


class TreePeakRss:
    """The peak total RSS of this process and its descendants while the block runs."""

    def __init__(self) -> None:
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = sum(_rss_bytes(pid) for pid in _tree(os.getpid()))
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(SAMPLE_S)

    def __enter__(self) -> TreePeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        return round(self.peak_bytes / 1024**2, 1)


# --- measurements (each meant to run in a fresh process) ------------------------------------


def read_texts(corpus: Path) -> list[str]:
    with corpus.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def measure_raw(corpus: Path, processes: int) -> dict[str, Any]:
    """spaCy alone on the corpus texts, with ``processes`` processes (spaCy's n_process)."""
    with TreePeakRss() as memory:
        start = time.perf_counter()
        from eventcoder.stages.parse import MODEL_PACKAGE, load_nlp

        nlp = load_nlp(MODEL_PACKAGE)
        texts = read_texts(corpus)
        documents = sentences = 0
        for doc in nlp.pipe(texts, batch_size=32, n_process=processes):
            documents += 1
            sentences += sum(1 for _ in doc.sents)
        wall = time.perf_counter() - start
    return {
        "kind": f"raw spaCy x{processes}",
        "documents": documents,
        "sentences": sentences,
        "wall_s": round(wall, 2),
        "docs_per_s": round(documents / wall, 2),
        "peak_rss_mib": memory.peak_mib,
    }


def measure_batch(corpus: Path, store: Path, workers: int, engine: str) -> dict[str, Any]:
    """``code_corpus`` over the corpus into a fresh store."""
    from eventcoder.batch import BatchProgress, code_corpus

    first: list[tuple[float, int]] = []

    def progress(done: BatchProgress) -> None:
        if not first:
            first.append((done.seconds, done.documents))

    with TreePeakRss() as memory:
        summary = code_corpus([corpus], store, workers=workers, engine=engine, progress=progress)
    steady = None
    if first and summary.documents > first[0][1] and summary.seconds > first[0][0]:
        steady = (summary.documents - first[0][1]) / (summary.seconds - first[0][0])
    return {
        "kind": f"batch {engine} x{workers}",
        "documents": summary.documents,
        "events": summary.events,
        "errors": summary.errors,
        "wall_s": round(summary.seconds, 2),
        "docs_per_s": round(summary.documents_per_s, 2),
        "steady_docs_per_s": round(steady, 2) if steady else None,
        "events_per_s": round(summary.events_per_s, 1),
        "peak_rss_mib": memory.peak_mib,
    }


def _in_subprocess(arguments: list[str]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", *arguments]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the run --------------------------------------------------------------------------------


def run_benchmark(
    docs: int, *, seed: int = 0, ray: bool = True, half: bool = True, workdir: Path
) -> dict[str, Any]:
    from corpus import write_jsonl

    corpus = write_jsonl(docs, workdir / f"corpus-{docs}.jsonl", seed)
    rows = [_in_subprocess(["raw", str(corpus), str(k)]) for k in (1, 2)]
    configs = [("processes", 1), ("processes", 2)] + ([("ray", 2)] if ray else [])
    for engine, workers in configs:
        store = workdir / f"{engine}-{workers}.duckdb"
        rows.append(_in_subprocess(["batch", str(corpus), str(store), str(workers), engine]))
    report: dict[str, Any] = {
        "machine": {"nproc": os.cpu_count(), "python": sys.version.split()[0]},
        "corpus": {
            "documents": docs,
            "seed": seed,
            "characters": sum(len(t) for t in read_texts(corpus)),
        },
        "rows": rows,
    }
    if half:
        small = write_jsonl(docs // 2, workdir / f"corpus-{docs // 2}.jsonl", seed)
        store = workdir / "half.duckdb"
        half_row = _in_subprocess(["batch", str(small), str(store), "2", "processes"])
        full_row = next(r for r in rows if r["kind"] == "batch processes x2")
        report["memory_flatness"] = {
            f"peak_rss_mib_{docs // 2}": half_row["peak_rss_mib"],
            f"peak_rss_mib_{docs}": full_row["peak_rss_mib"],
        }
    sentences = rows[0]["sentences"]
    for row in rows:
        row["sents_per_s"] = round(sentences * row["docs_per_s"] / row["documents"], 1)
    by_kind = {row["kind"]: row for row in rows}
    one, two = by_kind["batch processes x1"], by_kind["batch processes x2"]
    report["ratios"] = {
        "pipeline_x1_over_raw_x1": round(
            one["docs_per_s"] / by_kind["raw spaCy x1"]["docs_per_s"], 3
        ),
        "pipeline_x2_over_raw_x2": round(
            two["docs_per_s"] / by_kind["raw spaCy x2"]["docs_per_s"], 3
        ),
        "speedup_1_to_2_workers": round(two["docs_per_s"] / one["docs_per_s"], 3),
        "speedup_1_to_2_workers_steady": round(
            (two["steady_docs_per_s"] or 0) / (one["steady_docs_per_s"] or 1), 3
        ),
    }
    if "batch ray x2" in by_kind:
        ray_row = by_kind["batch ray x2"]
        report["ratios"]["ray_x2_over_processes_x2"] = round(
            ray_row["docs_per_s"] / two["docs_per_s"], 3
        )
    report["targets"] = TARGETS
    return report


def format_report(report: dict[str, Any]) -> str:
    corpus = report["corpus"]
    lines = [
        f"eventcoder batch benchmark  nproc={report['machine']['nproc']}  "
        f"Python {report['machine']['python']}",
        f"corpus: bench/corpus.py seed {corpus['seed']}, {corpus['documents']} documents, "
        f"{corpus['characters']:,} characters",
        "",
        f"{'':24}{'wall s':>8}{'docs/s':>9}{'steady':>9}{'sents/s':>9}{'events/s':>10}"
        f"{'peak RSS MiB':>14}",
    ]
    for row in report["rows"]:
        steady = row.get("steady_docs_per_s")
        events = row.get("events_per_s")
        lines.append(
            f"{row['kind']:24}{row['wall_s']:8.1f}{row['docs_per_s']:9.2f}"
            f"{steady if steady is not None else '-':>9}{row['sents_per_s']:9.1f}"
            f"{events if events is not None else '-':>10}{row['peak_rss_mib']:14.1f}"
        )
    lines.append("")
    for name, value in report["ratios"].items():
        lines.append(f"{name}: {value}")
    if "memory_flatness" in report:
        lines.append(f"memory flatness (batch processes x2): {report['memory_flatness']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-ray", action="store_true", help="Leave out the Ray engine.")
    parser.add_argument("--no-half", action="store_true", help="Leave out the N/2 memory run.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)  # one measurement
    arguments = parser.parse_args()
    if arguments.measure:
        kind, *rest = arguments.measure
        if kind == "raw":
            result = measure_raw(Path(rest[0]), int(rest[1]))
        else:
            result = measure_batch(Path(rest[0]), Path(rest[1]), int(rest[2]), rest[3])
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as workdir:
        report = run_benchmark(
            arguments.docs,
            seed=arguments.seed,
            ray=not arguments.no_ray,
            half=not arguments.no_half,
            workdir=Path(workdir),
        )
    print(json.dumps(report, indent=2) if arguments.json else format_report(report))


if __name__ == "__main__":
    main()
