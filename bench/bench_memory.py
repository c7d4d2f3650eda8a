"""Memory of ``eventcoder batch`` over many small documents: flat, or growing with the corpus?

    python bench/bench_memory.py --docs 100000 --workers 2   # a table
    python bench/bench_memory.py --docs 20000 --json --samples rss.csv
    python bench/bench_memory.py --docs 20000 --vocabulary closed   # the templates' words only
    python bench/bench_memory.py --docs 100000 --workers 2 --memory-limit 256MB  # DuckDB's cap

Writes ``--docs`` small generated documents (a dateline, a lede and one more sentence from
``corpus.py``'s templates, ~300 characters; seeded) as JSON Lines. With ``--vocabulary open``
(the default) each document also has a line quoting a person from a town, both with made-up
names, and a fresh figure (~100 characters more), so that, as in news, words keep coming that
the coder has never seen: this is what grows spaCy's vocabulary (``Coder.memory_zone``);
``closed`` keeps to the templates' words. Then it runs, in one run and on the same machine:

- ``baseline``: ``eventcoder batch`` over the first ``--baseline-fraction`` (default 1/10) of
  the corpus into a fresh store;
- ``full``: the same command over the whole corpus into another fresh store.

Each run is a fresh ``eventcoder batch`` process (same ``--workers``, ``--chunk-size``, and a
gazetteer cache of the benchmark's own, built before the first run);
every ``SAMPLE_S`` seconds the resident memory of the driver and of its whole process tree
(workers included) is read from ``/proc``, beside the documents done (from the progress lines
on standard error). Reported per run: wall time, documents/s, peak RSS of the tree and of the
driver, the tree's RSS at the start (once the first chunk is stored), a quarter, half, three
quarters and the end of the documents, and the growth: the least-squares slope of the RSS over
the documents done in the second half of the run, in MiB per 10,000 documents, for the tree,
the driver (it writes the store) and the workers (the tree less the driver; with
``--workers 1`` the driver codes too, and this is 0). Flat memory: the full run's peak equals
the baseline's and the slopes are near 0. ``--samples FILE`` writes every sample as CSV
(run, seconds, documents done, tree MiB, driver MiB).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from bench_batch import _rss_bytes, _tree  # noqa: E402

SAMPLE_S = 0.5
VOCABULARIES = ("open", "closed")
_DONE_RE = re.compile(r"\] +\d+% (\d+)/\d+:")
MESSAGES = 8
"""Lines of the batch's standard error kept beside the report (its last, not progress)."""


def made_up_name(rng: random.Random) -> str:
    """A capitalised word of 2-4 syllables that no lexicon holds ("Kavorimu")."""
    return "".join(
        rng.choice("bdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4))
    ).title()


def write_small_corpus(path: Path, docs: int, seed: int = 0, *, vocabulary: str = "open") -> int:
    """``docs`` small documents as JSON Lines, written a line at a time; the bytes written.

    ``vocabulary="open"``: each document also quotes a made-up person from a made-up town with
    a fresh figure, so new words keep coming, as in news; ``"closed"``: templates only."""
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"vocabulary must be one of {VOCABULARIES}")
    rng = random.Random(seed)
    start = date(2019, 1, 1)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(docs):
            published = start + timedelta(days=rng.randrange(7 * 365))
            place = rng.choice(corpus.COUNTRIES)[2].upper()
            month = corpus.MONTHS[published.month - 1]
            text = (
                f"{place}, {month} {published.day} (Wire) - "
                + corpus._sentence(rng, corpus.LEDES, published)
                + "\n\n"
                + corpus._sentence(rng, corpus.BODY, published)
            )
            if vocabulary == "open":
                person = f"{made_up_name(rng)} {made_up_name(rng)}"
                text += (
                    f"\n\n{person}, a resident of {made_up_name(rng)}, said "
                    f"{rng.randint(11, 99_999):,} people had fled since {month}."
                )
            record = {"id": f"mem-{seed}-{i:07d}", "text": text, "published": str(published)}
            handle.write(json.dumps(record) + "\n")
    return path.stat().st_size


@dataclass(slots=True)
class Sampler:
    """RSS of a process and its tree, sampled with the documents done, until it exits."""

    pid: int
    samples: list[tuple[float, int, float, float]] = field(default_factory=list)
    done: int = 0
    messages: deque[str] = field(default_factory=lambda: deque(maxlen=MESSAGES))

    def run(self, process: subprocess.Popen[bytes], started: float) -> None:
        while process.poll() is None:
            tree = sum(_rss_bytes(pid) for pid in _tree(self.pid)) / 2**20
            driver = _rss_bytes(self.pid) / 2**20
            if tree:
                self.samples.append((time.perf_counter() - started, self.done, tree, driver))
            time.sleep(SAMPLE_S)

    def read_progress(self, stream: IO[bytes]) -> None:
        for raw in stream:
            for line in raw.decode("utf-8", "replace").split("\r"):
                match = _DONE_RE.search(line)
                if match:
                    self.done = int(match.group(1))
                elif line.strip():  # the summary, and what went wrong
                    self.messages.append(line.strip())


def measure(name: str, corpus_path: Path, docs: int, store: Path, args: Any) -> dict[str, Any]:
    command = [
        str(Path(sys.executable).with_name("eventcoder")),
        "batch",
        str(corpus_path),
        "--store",
        str(store),
        "--workers",
        str(args.workers),
        "--chunk-size",
        str(args.chunk_size),
        *(["--memory-limit", args.memory_limit] if args.memory_limit else []),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=args.environment
    )
    sampler = Sampler(process.pid)
    assert process.stderr is not None
    reader = threading.Thread(target=sampler.read_progress, args=(process.stderr,), daemon=True)
    reader.start()
    sampler.run(process, started)
    reader.join(timeout=5)
    wall = time.perf_counter() - started
    samples = sampler.samples
    tree = [s[2] for s in samples]
    report: dict[str, Any] = {
        "name": name,
        "documents": docs,
        "exit_status": process.returncode,
        "wall_s": round(wall, 1),
        "docs_per_s": round(docs / wall, 1),
        "peak_tree_rss_mib": round(max(tree, default=0.0), 1),
        "peak_driver_rss_mib": round(max((s[3] for s in samples), default=0.0), 1),
        "samples": len(samples),
        "messages": list(sampler.messages),
        "errors_by_code": stored_errors(store),
    }
    if samples:  # when the peak came: documents done then, and seconds into the run
        peak = max(samples, key=lambda sample: sample[2])
        report["peak_at_documents"] = peak[1]
        report["peak_at_s"] = round(peak[0], 1)
    started_coding = [s for s in samples if s[1] > 0]
    report["rss_at_start_mib"] = round(started_coding[0][2], 1) if started_coding else None
    if started_coding:
        report["rss_at_start_documents"] = started_coding[0][1]
    for label, fraction in (("q1", 0.25), ("half", 0.5), ("q3", 0.75), ("end", 1.0)):
        reached = [s for s in samples if s[1] >= fraction * docs]
        report[f"rss_at_{label}_mib"] = round(reached[0][2], 1) if reached else None
    # The second half of the coding: from half the documents to the last one stored (the
    # samples after it are the incident linking, which grows with the store, not the run).
    second_half = [s for s in samples if docs / 2 <= s[1] and s[1] < docs]
    report["growth_mib_per_10k_docs"] = _slope([(s[1], s[2]) for s in second_half], 10_000)
    report["driver_growth_mib_per_10k_docs"] = _slope([(s[1], s[3]) for s in second_half], 10_000)
    report["workers_growth_mib_per_10k_docs"] = _slope(
        [(s[1], s[2] - s[3]) for s in second_half], 10_000
    )
    if args.samples is not None:
        with args.samples.open("a", encoding="utf-8") as handle:
            for seconds, done, tree_mib, driver_mib in samples:
                handle.write(f"{name},{seconds:.1f},{done},{tree_mib:.1f},{driver_mib:.1f}\n")
    return report


def stored_errors(store: Path) -> dict[str, int]:
    """How many of each error the store recorded (a batch that exits 1 says why here)."""
    if not store.exists():
        return {}
    import duckdb

    with duckdb.connect(str(store), read_only=True) as connection:
        rows = connection.execute("SELECT code, count(*) FROM errors GROUP BY code ORDER BY code")
        return {code: count for code, count in rows.fetchall()}


def _slope(points: list[tuple[int, float]], per: int) -> float | None:
    if len(points) < 3 or len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return round(sxy / sxx * per, 2)


def run(args: Any) -> dict[str, Any]:
    from bench_pipeline import machine

    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        folder = Path(tmp)
        # A gazetteer cache of the run's own, built before either run: the shared one
        # (~/.cache/eventcoder) keeps the caches of the last 3 versions of the data, so another
        # checkout's process may delete this one's mid-run, and a worker that has to rebuild
        # it holds ~200 MiB more from then on (measured: 490 against 294 MiB a worker).
        args.environment = {**os.environ, "EVENTCODER_CACHE_DIR": str(folder / "cache")}
        warm = "from eventcoder.knowledge.gazetteer import load_gazetteer; load_gazetteer()"
        subprocess.run([sys.executable, "-c", warm], check=True, env=args.environment)
        full = folder / "corpus.jsonl"
        size = write_small_corpus(full, args.docs, args.seed, vocabulary=args.vocabulary)
        if args.samples is not None:
            args.samples.write_text("run,seconds,documents,tree_mib,driver_mib\n")
        baseline_docs = max(1, int(args.docs * args.baseline_fraction))
        head = folder / "head.jsonl"
        with full.open("rb") as source, head.open("wb") as target:
            for _, line in zip(range(baseline_docs), source, strict=False):
                target.write(line)
        runs = [
            measure("baseline", head, baseline_docs, folder / "baseline.duckdb", args),
            measure("full", full, args.docs, folder / "full.duckdb", args),
        ]
    return {
        "machine": machine(),
        "corpus": {
            "documents": args.docs,
            "bytes": size,
            "seed": args.seed,
            "vocabulary": args.vocabulary,
        },
        "workers": args.workers,
        "chunk_size": args.chunk_size,
        "memory_limit": args.memory_limit,
        "runs": runs,
        "peak_ratio_full_to_baseline": round(
            runs[1]["peak_tree_rss_mib"] / max(runs[0]["peak_tree_rss_mib"], 1e-9), 3
        ),
    }


def format_report(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"eventcoder batch memory  {m['date']}  nproc={m['nproc']}  Python {m['python']}  "
        f"commit {m['commit']}",
        f"corpus: {report['corpus']['documents']:,} small documents "
        f"({report['corpus']['bytes'] / 2**20:.1f} MiB of JSON Lines, "
        f"{report['corpus'].get('vocabulary', 'closed')} vocabulary), --workers "
        f"{report['workers']} --chunk-size {report['chunk_size']}"
        + (f" --memory-limit {report['memory_limit']}" if report.get("memory_limit") else ""),
        "",
        f"{'':10}{'docs':>9}{'wall s':>9}{'docs/s':>8}{'peak tree':>11}{'peak drv':>10}"
        f"{'start':>8}{'@25%':>8}{'@50%':>8}{'@75%':>8}{'@100%':>8}"
        f"{'MiB/10k':>9}{'drv':>8}{'wrk':>8}",
    ]
    for r in report["runs"]:
        at = [r.get(f"rss_at_{k}_mib") for k in ("start", "q1", "half", "q3", "end")]
        growth = [
            r.get(key)
            for key in (
                "growth_mib_per_10k_docs",
                "driver_growth_mib_per_10k_docs",
                "workers_growth_mib_per_10k_docs",
            )
        ]
        lines.append(
            f"{r['name']:10}{r['documents']:>9,}{r['wall_s']:>9}{r['docs_per_s']:>8}"
            f"{r['peak_tree_rss_mib']:>11}{r['peak_driver_rss_mib']:>10}"
            + "".join(f"{'-' if v is None else v:>8}" for v in at)
            + "".join(
                f"{'-' if v is None else v:>{w}}" for v, w in zip(growth, (9, 8, 8), strict=True)
            )
        )
    lines.append("")
    lines.append(
        f"peak RSS full / baseline: {report['peak_ratio_full_to_baseline']} "
        "(RSS in MiB: the whole process tree unless 'drv', the driver alone; MiB/10k: slope "
        "over the second half of the coding, tree, driver, workers)"
    )
    for r in report["runs"]:
        if "peak_at_documents" in r:
            lines.append(
                f"{r['name']}: peak at {r['peak_at_documents']:,} documents done, "
                f"{r['peak_at_s']} s into the run"
            )
    lines.extend(format_report_failures(report["runs"]))
    return "\n".join(lines)


def format_report_failures(runs: list[dict[str, Any]]) -> list[str]:
    """For each run that failed or stored errors: its exit status, errors and last lines."""
    lines = []
    for r in runs:
        if r.get("exit_status", 0) != 0 or r.get("errors_by_code"):
            lines.append(
                f"{r['name']}: exit status {r.get('exit_status')}, errors stored "
                f"{r.get('errors_by_code') or 'none'}; the batch's last lines:"
            )
            lines.extend(f"    {message}" for message in r.get("messages", []))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--chunk-size", type=int, default=32)
    parser.add_argument("--baseline-fraction", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="open")
    parser.add_argument(
        "--memory-limit", help="eventcoder batch --memory-limit (DuckDB's, e.g. 256MB)"
    )
    parser.add_argument("--samples", type=Path, help="write every RSS sample here (CSV)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    report = run(args)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0 if all(r["exit_status"] == 0 for r in report["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
