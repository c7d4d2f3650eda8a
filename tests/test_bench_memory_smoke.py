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
