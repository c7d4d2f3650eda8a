"""Throughput, memory and cold start of the full eventcoder pipeline against raw spaCy parsing.

    python bench/bench_pipeline.py [--docs N] [--corpus PATH | --gold DIR | --generated]
                                   [--batch-size B] [--cold-runs K] [--no-first-ever]
                                   [--profile] [--json]

In one run, on the same texts and the same spaCy model (``eventcoder.stages.parse.load_nlp()``):

- ``raw_parse``: ``nlp.pipe(texts)`` consumed fully;
- ``pipeline``: ``Coder().annotate(documents)`` consumed fully (every stage, every event);
- ``cold_start``: a fresh interpreter from ``import eventcoder`` to the first coded document, with
  the warm gazetteer cache (the normal case) and, separately, the first-ever load that builds the
  cache (``EVENTCODER_CACHE_DIR`` pointed at an empty temporary folder);
- ``profile`` (``--profile``): seconds per pipeline stage and the eventcoder functions with the
  most own time under cProfile.

Each measurement runs in its own subprocess, so its peak RSS (``ru_maxrss``) is its own. Load
time (model, lexicons) is reported apart and is not in the throughput; each side codes one short
warm-up text before the clock starts.

The corpus is the development texts in ``../shared/gold/*.txt`` (published dates from the
``.yaml`` ``document.published``) cycled to ``--docs`` documents, or, when that folder is absent
or ``--generated`` is given, ``bench/corpus.py``'s seeded wire-style articles. ``--corpus PATH``
reads a JSON Lines file of ``{"id", "text", "published"}`` objects instead.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE.parent.parent / "shared" / "gold"
DEFAULT_DOCS = 300
DEFAULT_BATCH = 32  # Coder.annotate's default; raw parsing uses the same

TARGETS = {"ratio_min": 0.7, "cold_start_max_s": 3.0, "peak_rss_max_mib": 1024.0}

WARMUP_TEXT = (
    "KABUL, Oct 12 (Wire) - Pakistani forces shelled Taliban positions near the border on "
    "Sunday, killing five fighters, officials said."
)
WARMUP_PUBLISHED = "2025-10-12"

if str(HERE) not in sys.path:  # `corpus` beside this file, however this file was loaded
    sys.path.insert(0, str(HERE))


# --- corpus -------------------------------------------------------------------------------


def gold_documents(gold_dir: Path) -> list[Any]:
    """The development texts with their published dates, sorted by name."""
    import yaml

    from eventcoder.model import Document

    documents = []
    for text_path in sorted(gold_dir.glob("*.txt")):
        yaml_path = text_path.with_suffix(".yaml")
        if not yaml_path.is_file():
            continue
        header = yaml.safe_load(yaml_path.read_text(encoding="utf-8")).get("document") or {}
        published = header.get("published")
        if isinstance(published, str):
            published = date.fromisoformat(published)
        if not isinstance(published, date):
            continue
        documents.append(
            Document(
                id=str(header.get("id") or text_path.stem),
                text=text_path.read_text(encoding="utf-8"),
                published=published,
            )
        )
    return documents


def jsonl_documents(path: Path) -> list[Any]:
    from eventcoder.model import Document

    documents = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if line.strip():
                row = json.loads(line)
                documents.append(
                    Document(
                        id=str(row.get("id", f"doc-{number}")),
                        text=row["text"],
                        published=date.fromisoformat(str(row["published"])[:10]),
                    )
                )
    return documents


def cycle_to(documents: Sequence[Any], n: int) -> list[Any]:
    """``documents`` repeated in order until there are ``n``, each copy with its own id."""
    from dataclasses import replace

    if not documents:
        raise ValueError("empty corpus")
    out = []
    for i in range(n):
        base = documents[i % len(documents)]
        copy = i // len(documents)
        out.append(base if copy == 0 else replace(base, id=f"{base.id}#{copy}"))
    return out


def load_corpus(
    n: int,
    *,
    corpus: Path | None = None,
    gold: Path | None = None,
    generated: bool = False,
    seed: int = 0,
) -> tuple[str, list[Any]]:
    """(description, documents) for the benchmark."""
    if corpus is not None:
        return f"jsonl {corpus} cycled to {n}", cycle_to(jsonl_documents(corpus), n)
    gold_dir = gold or DEFAULT_GOLD
    if not generated and gold_dir.is_dir():
        base = gold_documents(gold_dir)
        if base:
            return f"gold {gold_dir} ({len(base)} texts) cycled to {n}", cycle_to(base, n)
    from corpus import generate

    return f"generated (bench/corpus.py, seed {seed}) x {n}", generate(n, seed)


def _write_corpus(documents: Iterable[Any], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for d in documents:
            row = {"id": d.id, "text": d.text, "published": d.published.isoformat()}
            out.write(json.dumps(row) + "\n")


# --- measurements (each meant to run in a fresh process) -----------------------------------


def peak_rss_mib() -> float:
    """This process's peak resident set size so far, MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _rates(wall: float, documents: int, sentences: int, tokens: int) -> dict[str, float]:
    wall = max(wall, 1e-9)
    return {
        "wall_s": round(wall, 3),
        "docs_per_s": round(documents / wall, 2),
        "sents_per_s": round(sentences / wall, 1),
        "tokens_per_s": round(tokens / wall, 0),
    }


def measure_raw(documents: Sequence[Any], batch_size: int = DEFAULT_BATCH) -> dict[str, Any]:
    """spaCy alone: ``load_nlp().pipe(texts)`` over the corpus."""
    t0 = time.perf_counter()
    from eventcoder.stages.parse import MODEL_PACKAGE, load_nlp

    nlp = load_nlp(MODEL_PACKAGE)
    load_s = time.perf_counter() - t0
    for _ in nlp.pipe([WARMUP_TEXT]):
        pass
    texts = [d.text for d in documents]
    sentences = tokens = count = 0
    start = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        count += 1
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    wall = time.perf_counter() - start
    return {
        "documents": count,
        "sentences": sentences,
        "tokens": tokens,
        **_rates(wall, count, sentences, tokens),
        "load_s": round(load_s, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def measure_pipeline(documents: Sequence[Any], batch_size: int = DEFAULT_BATCH) -> dict[str, Any]:
    """The full pipeline: ``Coder().annotate(documents)`` consumed fully."""
    from eventcoder.coder import Coder, make_document

    t0 = time.perf_counter()
    coder = Coder()
    load_s = time.perf_counter() - t0
    coder.code_document(make_document(WARMUP_TEXT, WARMUP_PUBLISHED))
    sentences = tokens = count = events = 0
    start = time.perf_counter()
    for annotated in coder.annotate(documents, batch_size=batch_size):
        count += 1
        events += len(annotated.events)
        doc = annotated.doc
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    wall = time.perf_counter() - start
    return {
        "documents": count,
        "sentences": sentences,
        "tokens": tokens,
        "events": events,
        **_rates(wall, count, sentences, tokens),
        "events_per_s": round(events / max(wall, 1e-9), 1),
        "load_s": round(load_s, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def measure_cold_start() -> dict[str, Any]:
    """From ``import eventcoder`` to the first coded document, in this (fresh) process.

    The parts are loaded in order so each is timed alone; ``Coder()`` then reuses them, as the
    loaders are cached per process.
    """
    marks: dict[str, float] = {}
    t = t0 = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        marks[name] = round(now - t, 3)
        t = now

    import eventcoder

    mark("import_s")
    from eventcoder.stages.parse import MODEL_PACKAGE, load_nlp

    # Called as ParseComponent calls it: functools.cache keys `load_nlp()` and
    # `load_nlp(MODEL_PACKAGE)` apart, and the model would be loaded twice.
    load_nlp(MODEL_PACKAGE)
    mark("spacy_model_s")
    from eventcoder.knowledge.actors import load_actor_lexicon

    load_actor_lexicon()
    mark("actor_lexicon_s")
    from eventcoder.knowledge.gazetteer import load_gazetteer

    load_gazetteer()
    mark("gazetteer_s")
    from eventcoder.knowledge.lexicon import load_cues, load_event_lexicon

    load_event_lexicon()
    load_cues()
    mark("event_lexicon_s")
    from eventcoder.coder import default_coder

    default_coder()
    mark("pipeline_build_s")
    events = eventcoder.code(WARMUP_TEXT, published=WARMUP_PUBLISHED)
    mark("first_document_s")
    return {
        "total_s": round(time.perf_counter() - t0, 3),
        "breakdown": marks,
        "events": len(events),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


class _TimedStage:
    """A per-document component wrapped to add its seconds to ``totals[name]``."""

    def __init__(self, name: str, component: Any, totals: dict[str, float]) -> None:
        self.name, self.component, self.totals = name, component, totals

    def __call__(self, annotated: Any) -> None:
        start = time.perf_counter()
        self.component(annotated)
        self.totals[self.name] += time.perf_counter() - start


def measure_profile(
    documents: Sequence[Any], batch_size: int = DEFAULT_BATCH, top: int = 20
) -> dict[str, Any]:
    """Seconds per stage (no profiler), then the top functions by own time under cProfile.

    A batching component (``parse``) cannot be timed per document; it gets the rest of the wall
    time, which includes the generator plumbing between stages.
    """
    from eventcoder.coder import Coder, make_document

    coder = Coder()
    coder.code_document(make_document(WARMUP_TEXT, WARMUP_PUBLISHED))
    pipeline = coder.pipeline
    totals = dict.fromkeys(pipeline.names, 0.0)
    original = pipeline.components
    pipeline.components = tuple(
        c if hasattr(c, "pipe") else _TimedStage(n, c, totals)
        for n, c in zip(pipeline.names, original, strict=True)
    )
    start = time.perf_counter()
    for _ in coder.annotate(documents, batch_size=batch_size):
        pass
    wall = time.perf_counter() - start
    pipeline.components = original
    batching = [n for n, c in zip(pipeline.names, original, strict=True) if hasattr(c, "pipe")]
    rest = wall - sum(v for n, v in totals.items() if n not in batching)
    for name in batching:
        totals[name] = rest / len(batching)
    stages = {
        name: {"s": round(v, 3), "share": round(v / max(wall, 1e-9), 3)}
        for name, v in totals.items()
    }

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in coder.annotate(documents, batch_size=batch_size):
        pass
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    total = 0.0
    for (filename, line, function), (_, calls, tottime, cumtime, _) in stats.stats.items():
        total += tottime
        rows.append((tottime, cumtime, calls, filename, line, function))
    own = [r for r in rows if _kind(r[3]) == "eventcoder"]
    own_total = sum(r[0] for r in own)
    kinds: dict[str, float] = {}
    for r in rows:
        kinds[_kind(r[3])] = kinds.get(_kind(r[3]), 0.0) + r[0]

    def describe(r: tuple[float, float, int, str, int, str]) -> dict[str, Any]:
        return {
            "function": f"{_short(r[3])}:{r[4]}({r[5]})",
            "kind": _kind(r[3]),
            "own_s": round(r[0], 3),
            "own_share_of_total": round(r[0] / max(total, 1e-9), 3),
            "cum_s": round(r[1], 3),
            "calls": r[2],
        }

    return {
        "documents": len(documents),
        "wall_s": round(wall, 3),
        "stages": stages,
        "profiled_s": round(total, 3),
        "own_time_by_kind": {k: round(v / max(total, 1e-9), 3) for k, v in sorted(kinds.items())},
        "eventcoder_share": round(own_total / max(total, 1e-9), 3),
        "top_eventcoder": [
            {**describe(r), "share_of_eventcoder": round(r[0] / max(own_total, 1e-9), 3)}
            for r in sorted(own, reverse=True)[:top]
        ],
        "top_eventcoder_cumulative": [
            describe(r)
            for r in sorted(own, key=lambda r: r[1], reverse=True)
            if not r[3].replace("\\", "/").endswith(_PLUMBING)
        ][:top],
        "top_all": [describe(r) for r in sorted(rows, reverse=True)[:top]],
    }


# Frames whose cumulative time is the whole pipeline (or spaCy's parse), not a stage's work.
_PLUMBING = ("eventcoder/pipeline.py", "eventcoder/stages/parse.py", "eventcoder/coder.py")


def _kind(filename: str) -> str:
    path = filename.replace("\\", "/")
    if "/eventcoder/" in path:
        return "eventcoder"
    if path.endswith((".pyx", ".pxd")):  # Cython frames name only the file: spaCy, thinc
        return "spacy"
    for package in ("spacy", "thinc", "numpy", "blis", "srsly", "cymem", "preshed"):
        if f"/{package}/" in path:
            return "spacy"
    if path.startswith("~") or path.startswith("<"):
        return "builtin"
    return "python"


def _short(filename: str) -> str:
    path = filename.replace("\\", "/")
    for anchor in ("/eventcoder/", "/site-packages/"):
        if anchor in path:
            return (
                path.rsplit(anchor, 1)[1]
                if anchor != "/eventcoder/"
                else ("eventcoder/" + path.rsplit(anchor, 1)[1])
            )
    return path if path.startswith("~") else Path(path).name


# --- orchestration ------------------------------------------------------------------------


def _worker(kind: str, corpus_path: Path | None, batch_size: int) -> dict[str, Any]:
    documents = jsonl_documents(corpus_path) if corpus_path else []
    if kind == "raw":
        return measure_raw(documents, batch_size)
    if kind == "pipeline":
        return measure_pipeline(documents, batch_size)
    if kind == "cold":
        return measure_cold_start()
    if kind == "profile":
        return measure_profile(documents, batch_size)
    raise ValueError(kind)


def run_isolated(
    kind: str,
    corpus_path: Path | None = None,
    batch_size: int = DEFAULT_BATCH,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One measurement in a fresh interpreter; adds ``process_wall_s`` (spawn to exit)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind]
    command += ["--batch-size", str(batch_size)]
    if corpus_path is not None:
        command += ["--corpus", str(corpus_path)]
    start = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )
    process_wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{kind} worker failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = round(process_wall, 3)
    return result


def machine(**versions: str) -> dict[str, Any]:
    """The machine and software a run measured, with the measured libraries' ``versions``."""
    return {
        "date": time.strftime("%Y-%m-%d"),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        **versions,
        "commit": checkout_commit(),
    }


def pipeline_machine() -> dict[str, Any]:
    import spacy

    from eventcoder.stages.parse import MODEL_PACKAGE

    return machine(spacy=spacy.__version__, model=MODEL_PACKAGE)


def checkout_commit() -> str | None:
    """The checkout's commit, with ``+dirty`` when src/ has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
        )
    except OSError:
        return None
    if head.returncode != 0:
        return None
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def run_benchmark(
    documents: Sequence[Any],
    *,
    description: str = "",
    batch_size: int = DEFAULT_BATCH,
    isolate: bool = True,
    repeat: int = 1,
    cold_runs: int = 3,
    first_ever: bool = True,
    profile: bool = False,
) -> dict[str, Any]:
    """The whole report. ``isolate=False`` measures throughput in this process (for tests: the
    peak RSS is then this process's, not the measurement's); cold start always needs a fresh
    process and is skipped when ``cold_runs`` is 0."""
    report: dict[str, Any] = {
        "machine": pipeline_machine(),
        "corpus": {
            "source": description,
            "documents": len(documents),
            "characters": sum(len(d.text) for d in documents),
            "batch_size": batch_size,
            "repeat": repeat,
        },
        "targets": dict(TARGETS),
    }
    with tempfile.TemporaryDirectory(prefix="eventcoder-bench-") as scratch:
        corpus_path = Path(scratch) / "corpus.jsonl"
        _write_corpus(documents, corpus_path)
        raws, pipes = [], []
        for _ in range(max(1, repeat)):  # alternated, so a busy spell hits both alike
            if isolate:
                raws.append(run_isolated("raw", corpus_path, batch_size))
                pipes.append(run_isolated("pipeline", corpus_path, batch_size))
            else:
                raws.append(measure_raw(documents, batch_size))
                pipes.append(measure_pipeline(documents, batch_size))
        raw, pipe = (
            {**min(runs, key=lambda r: r["wall_s"]), "runs_wall_s": [r["wall_s"] for r in runs]}
            for runs in (raws, pipes)
        )
        report["raw_parse"], report["pipeline"] = raw, pipe
        report["ratio"] = round(pipe["docs_per_s"] / max(raw["docs_per_s"], 1e-9), 3)
        cold: dict[str, Any] = {}
        if cold_runs > 0:
            runs = [run_isolated("cold") for _ in range(cold_runs)]
            median = statistics.median(r["total_s"] for r in runs)
            cold["warm_cache"] = {
                **min(runs, key=lambda r: abs(r["total_s"] - median)),
                "runs_total_s": [r["total_s"] for r in runs],
                "median_total_s": median,
            }
        if first_ever:
            with tempfile.TemporaryDirectory(prefix="eventcoder-cache-") as empty:
                cold["first_ever"] = run_isolated("cold", env={"EVENTCODER_CACHE_DIR": empty})
        report["cold_start"] = cold
        if profile:
            report["profile"] = (
                run_isolated("profile", corpus_path, batch_size)
                if isolate
                else measure_profile(documents, batch_size)
            )
    report["targets_met"] = targets_met(report)
    return report


def targets_met(report: dict[str, Any]) -> dict[str, bool | None]:
    cold = report.get("cold_start", {}).get("warm_cache")
    peak = max(report["raw_parse"]["peak_rss_mib"], report["pipeline"]["peak_rss_mib"])
    return {
        "ratio": report["ratio"] >= TARGETS["ratio_min"],
        "cold_start": None
        if cold is None
        else cold["median_total_s"] < TARGETS["cold_start_max_s"],
        "peak_rss": peak < TARGETS["peak_rss_max_mib"],
    }


def format_report(report: dict[str, Any]) -> str:
    m, c = report["machine"], report["corpus"]
    lines = [
        f"eventcoder benchmark  {m['date']}  nproc={m['nproc']}  Python {m['python']}  "
        f"spaCy {m['spacy']}  model {m['model']}  commit {m['commit']}",
        f"corpus: {c['source']}: {c['documents']} documents, {c['characters']:,} characters, "
        f"batch size {c['batch_size']}, best of {c['repeat']} alternated runs",
        "",
        f"{'':<12}{'wall s':>9}{'docs/s':>9}{'sents/s':>10}{'tokens/s':>10}{'events/s':>10}"
        f"{'load s':>8}{'peak RSS MiB':>14}",
    ]
    for name, key in (("raw spaCy", "raw_parse"), ("pipeline", "pipeline")):
        r = report[key]
        events = f"{r['events_per_s']:>10.1f}" if "events_per_s" in r else f"{'-':>10}"
        lines.append(
            f"{name:<12}{r['wall_s']:>9.2f}{r['docs_per_s']:>9.2f}{r['sents_per_s']:>10.1f}"
            f"{r['tokens_per_s']:>10.0f}{events}{r['load_s']:>8.2f}{r['peak_rss_mib']:>14.1f}"
        )
    p, met = report["pipeline"], report["targets_met"]
    lines += [
        "",
        f"pipeline / raw throughput: {report['ratio']:.3f}  (target >= {TARGETS['ratio_min']}: "
        f"{_ok(met['ratio'])})   sentences {report['raw_parse']['sentences']} raw, "
        f"{p['sentences']} pipeline; events {p['events']}",
        f"peak RSS target < {TARGETS['peak_rss_max_mib']:.0f} MiB: {_ok(met['peak_rss'])}",
    ]
    cold = report.get("cold_start", {})
    for key, label in (("warm_cache", "cold start (warm cache)"), ("first_ever", "first-ever")):
        if key in cold:
            r = cold[key]
            parts = "  ".join(f"{k[:-2]} {v:.2f}" for k, v in r["breakdown"].items())
            total = r.get("median_total_s", r["total_s"])
            runs = f" runs {r['runs_total_s']}" if "runs_total_s" in r else ""
            lines.append(
                f"{label}: {total:.2f} s import->first document{runs}; process incl. "
                f"interpreter {r['process_wall_s']:.2f} s; peak RSS {r['peak_rss_mib']:.0f} MiB"
            )
            lines.append(f"    {parts}")
    if "warm_cache" in cold:
        lines.append(
            f"cold start target < {TARGETS['cold_start_max_s']} s: {_ok(met['cold_start'])}"
        )
    if "profile" in report:
        prof = report["profile"]
        lines += [
            "",
            f"stages ({prof['documents']} documents, {prof['wall_s']:.2f} s, no profiler):",
        ]
        for name, s in prof["stages"].items():
            lines.append(f"    {name:<12}{s['s']:>8.2f} s {s['share']:>7.1%}")
        kinds = "  ".join(f"{k} {v:.1%}" for k, v in prof["own_time_by_kind"].items())
        lines += [
            f"cProfile own time by kind: {kinds}",
            "top eventcoder functions by own time (share of all / of eventcoder):",
        ]
        for row in prof["top_eventcoder"]:
            lines.append(
                f"    {row['own_share_of_total']:>6.1%} {row['share_of_eventcoder']:>6.1%} "
                f"{row['own_s']:>7.3f} s {row['calls']:>9}  {row['function']}"
            )
        lines.append("top eventcoder functions by cumulative time (share of all profiled time):")
        for row in prof.get("top_eventcoder_cumulative", [])[:12]:
            share = row["cum_s"] / max(prof["profiled_s"], 1e-9)
            lines.append(
                f"    {share:>6.1%} {row['cum_s']:>7.3f} s {row['calls']:>9}  {row['function']}"
            )
    return "\n".join(lines)


def _ok(value: bool | None) -> str:
    return "n/a" if value is None else ("met" if value else "MISSED")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="documents (default 300)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--corpus", type=Path, help="JSON Lines of {id, text, published}")
    source.add_argument("--gold", type=Path, help=f"gold folder (default {DEFAULT_GOLD})")
    source.add_argument("--generated", action="store_true", help="use bench/corpus.py")
    parser.add_argument("--seed", type=int, default=0, help="seed for --generated")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
    parser.add_argument(
        "--repeat", type=int, default=1, help="throughput runs each (alternated; best kept)"
    )
    parser.add_argument("--cold-runs", type=int, default=3, help="warm-cache cold starts")
    parser.add_argument("--no-first-ever", action="store_true", help="skip the empty-cache run")
    parser.add_argument("--profile", action="store_true", help="stage times and cProfile")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--worker", choices=("raw", "pipeline", "cold", "profile"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(_worker(args.worker, args.corpus, args.batch_size)))
        return 0
    description, documents = load_corpus(
        args.docs, corpus=args.corpus, gold=args.gold, generated=args.generated, seed=args.seed
    )
    report = run_benchmark(
        documents,
        description=description,
        batch_size=args.batch_size,
        repeat=args.repeat,
        cold_runs=args.cold_runs,
        first_ever=not args.no_first_ever,
        profile=args.profile,
    )
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
