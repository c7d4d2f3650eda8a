"""bench/bench_driver_memory.py on a few documents (the benchmark itself replays 100,000s)."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
if not BENCH.is_dir():
    pytest.skip("bench/ is not in this checkout", allow_module_level=True)
sys.path.insert(0, str(BENCH))

import bench_driver_memory  # noqa: E402
import bench_memory  # noqa: E402
from eventcoder.batch import Coded  # noqa: E402
from eventcoder.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("driver")
    bench_memory.write_small_corpus(folder / "corpus.jsonl", 64, seed=3)
    counts = bench_driver_memory.code_results(folder / "corpus.jsonl", 64, folder / "r.pkl")
    assert counts["documents"] == 64 and counts["events"] > 0
    return folder / "r.pkl"


def test_each_copy_of_the_coded_chunks_has_new_ids(results: Path) -> None:
    chunks = pickle.loads(results.read_bytes())
    replayed = [r for chunk in bench_driver_memory.copies(chunks, 100) for r in chunk]
    assert len(replayed) == 128  # whole chunks of 32: as many as reach 100
    ids = [r.document.id for r in replayed if isinstance(r, Coded)]
    events = [e["id"] for r in replayed if isinstance(r, Coded) for e in r.records]
    assert len(set(ids)) == len(ids) == 128 and len(set(events)) == len(events)


@pytest.mark.parametrize("mode", ["store", "store-reopen"])
def test_a_replay_writes_every_copy_and_samples_its_memory(
    results: Path, tmp_path: Path, mode: str
) -> None:
    store_path = tmp_path / "s.duckdb"
    samples = bench_driver_memory.replay(mode, results, store_path, 96, every=32, reopen=32)
    assert [s["documents"] for s in samples] == [32, 64, 96]
    assert all(s["rss_mib"] > 0 and s["duckdb_mib"] is not None for s in samples)
    with Store(store_path) as store:
        assert store.counts().documents == 96
