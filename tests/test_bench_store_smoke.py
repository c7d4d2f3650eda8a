"""The store benchmark end to end on a tiny store (no timing assertions)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
if not BENCH.is_dir():
    pytest.skip("bench/ is not in this checkout", allow_module_level=True)
sys.path.insert(0, str(BENCH))

import bench_store  # noqa: E402


def test_synthesis_is_reproducible_and_skewed() -> None:
    def corpus(seed: int) -> list[tuple[object, list[dict[str, object]]]]:
        synthesizer = bench_store.Synthesizer(bench_store.load_vocabulary(seed), seed)
        return list(synthesizer.documents(3000))

    first, again = corpus(5), corpus(5)
    assert first == again
    assert corpus(6) != first
    records = [r for _, records in first for r in records]
    assert len(records) == 3000
    assert all(len(rs) >= 1 for _, rs in first)
    assert {r["type"] for r in records} == {t for t, _ in bench_store.TYPE_WEIGHTS}
    actors = Counter(a["code"] for r in records for a in [*r["source"], *r["target"]])
    assert len(actors) > 150
    assert [code for code, _ in actors.most_common(2)] == ["PAK", "AFG"]  # the headline dyad
    placed = [r["location"] for r in records if r["location"]]
    assert placed and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in placed)
    published = [document.published for document, _ in first]
    assert published == sorted(published)


def test_report_has_the_expected_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_store.main(["--events", "2000", "--repeat", "3"]) == 0
    printed = capsys.readouterr().out
    for field in ("events/s", "documents/s", "peak RSS", "store", "p50", "p95", "cold"):
        assert field in printed
    for name in (*(q.name for q in bench_store.named_queries()), "dyad_week", "baseline table"):
        assert name in printed


def test_in_process_report_counts_what_it_stored(tmp_path: Path) -> None:
    store = tmp_path / "bench.duckdb"
    report = bench_store.run_benchmark(2000, repeat=2, store_path=store, isolate=False)
    ingest = report["ingest"]
    assert ingest["events"] == 2000 and 2000 / 7 <= ingest["documents"] <= 2000
    assert ingest["store_mib"] > 0 and ingest["peak_rss_mib"] > 0
    queries, baselines = report["queries"], report["baselines"]
    assert set(queries) == {
        "dyad_year",
        "dyad_year_jsonl",
        "actor_year",
        "type_country_month",
        "dyad_week",
    }
    # The layer and both plain-SQL baselines find the same dyad-year events.
    assert queries["dyad_year"]["rows"] > 0
    assert queries["dyad_year_jsonl"]["rows"] == queries["dyad_year"]["rows"]
    assert (
        baselines["table"]["rows"] == baselines["parquet"]["rows"] == queries["dyad_year"]["rows"]
    )
    for measured in (*queries.values(), *baselines.values()):
        assert measured["runs"] == 2
        assert measured["p50_ms"] <= measured["p95_ms"] <= measured["max_ms"]
    assert set(report["targets_met"]) == {"dyad_year_p50", "dyad_year_jsonl_p50"}
    with pytest.raises(FileExistsError):
        bench_store.run_benchmark(10, store_path=store, isolate=False)
    assert report["linking"] is None  # incidents only with --link


def test_link_times_the_incident_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "bench.duckdb"
    report = bench_store.run_benchmark(2000, repeat=2, store_path=store, isolate=False, link=True)
    linking, queries = report["linking"], report["queries"]
    assert linking["events"] == 2000 and 0 < linking["incidents"] <= 2000
    names = [q.name for q in bench_store.incident_queries()]
    assert set(names) <= set(queries)
    for name in names:
        assert queries[name]["runs"] == 2
    # Pages of 50: the unfiltered page is full, the filtered reads at most full.
    assert queries["incidents_page"]["rows"] == 50
    assert all(queries[name]["rows"] <= 50 for name in names)
    print(bench_store.format_report(report))
    assert f"into {linking['incidents']:,} incidents" in capsys.readouterr().out
