"""bench/bench_memory.py's corpus and arithmetic (the benchmark itself runs for minutes)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
if not BENCH.is_dir():
    pytest.skip("bench/ is not in this checkout", allow_module_level=True)
sys.path.insert(0, str(BENCH))

import bench_memory  # noqa: E402
from eventcoder.io.readers import LineError, iter_jsonl  # noqa: E402


def test_small_corpus_is_reproducible_and_readable(tmp_path: Path) -> None:
    first, again = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert bench_memory.write_small_corpus(first, 50, seed=2) > 0
    bench_memory.write_small_corpus(again, 50, seed=2)
    assert first.read_bytes() == again.read_bytes()
    documents = list(iter_jsonl(first))
    assert len(documents) == 50 and not any(isinstance(d, LineError) for d in documents)
    assert len({json.loads(line)["id"] for line in first.read_text().splitlines()}) == 50


def test_slope_is_per_ten_thousand_documents() -> None:
    points = [(0, 100.0), (10_000, 110.0), (20_000, 120.0)]
    assert bench_memory._slope(points, 10_000) == 10.0
    assert bench_memory._slope(points[:2], 10_000) is None


def test_the_open_vocabulary_brings_new_words_and_closed_keeps_to_the_templates(
    tmp_path: Path,
) -> None:
    opened, closed = tmp_path / "open.jsonl", tmp_path / "closed.jsonl"
    bench_memory.write_small_corpus(opened, 200, seed=1)
    bench_memory.write_small_corpus(closed, 200, seed=1, vocabulary="closed")
    open_texts = [json.loads(line)["text"] for line in opened.read_text().splitlines()]
    closed_texts = [json.loads(line)["text"] for line in closed.read_text().splitlines()]
    assert all("a resident of" in text for text in open_texts)
    assert not any("a resident of" in text for text in closed_texts)

    def words(texts: list[str]) -> set[str]:
        return {w for text in texts for w in text.split()}

    assert len(words(open_texts)) > 2 * len(words(closed_texts))  # new names, new figures
    with pytest.raises(ValueError):
        bench_memory.write_small_corpus(closed, 1, vocabulary="some")


def test_the_report_lists_each_run_with_its_slopes() -> None:
    run = {
        "name": "full",
        "documents": 1000,
        "wall_s": 10.0,
        "docs_per_s": 100.0,
        "peak_tree_rss_mib": 700.0,
        "peak_driver_rss_mib": 150.0,
        "rss_at_start_mib": 650.0,
        "rss_at_q1_mib": 660.0,
        "rss_at_half_mib": 661.0,
        "rss_at_q3_mib": 662.0,
        "rss_at_end_mib": 663.0,
        "growth_mib_per_10k_docs": 1.5,
        "driver_growth_mib_per_10k_docs": 1.0,
        "workers_growth_mib_per_10k_docs": None,
        "peak_at_documents": 900,
        "peak_at_s": 9.0,
    }
    report = {
        "machine": {"date": "2026-12-07", "nproc": 2, "python": "3.11", "commit": "abc"},
        "corpus": {"documents": 1000, "bytes": 2**20, "seed": 0, "vocabulary": "open"},
        "workers": 2,
        "chunk_size": 32,
        "memory_limit": "256MB",
        "runs": [{**run, "name": "baseline"}, run],
        "peak_ratio_full_to_baseline": 1.0,
    }
    text = bench_memory.format_report(report)
    assert "open vocabulary), --workers 2 --chunk-size 32 --memory-limit 256MB" in text
    line = next(row for row in text.splitlines() if row.startswith("full "))
    assert line.split()[-8:] == ["650.0", "660.0", "661.0", "662.0", "663.0", "1.5", "1.0", "-"]
    assert "full: peak at 900 documents done, 9.0 s into the run" in text


def test_a_failed_run_says_why(tmp_path: Path) -> None:
    from eventcoder.store import ErrorRow, Store

    store = tmp_path / "events.duckdb"
    assert bench_memory.stored_errors(store) == {}  # no store: nothing recorded
    with Store(store) as opened:
        opened.record_error(ErrorRow(input="a.jsonl", code="E011", message="bad", line=3))
        opened.record_error(ErrorRow(input="a.jsonl", code="E011", message="bad", line=4))
    assert bench_memory.stored_errors(store) == {"E011": 2}
    run = {"name": "full", "exit_status": 1, "errors_by_code": {"E011": 2}}
    run["messages"] = ["2 documents could not be coded: see the errors table of events.duckdb"]
    lines = bench_memory.format_report_failures([run])
    assert lines == [
        "full: exit status 1, errors stored {'E011': 2}; the batch's last lines:",
        "    2 documents could not be coded: see the errors table of events.duckdb",
    ]
