"""The benchmark's functions run end to end on two documents (no timing assertions)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
if not BENCH.is_dir():
    pytest.skip("bench/ is not in this checkout", allow_module_level=True)
sys.path.insert(0, str(BENCH))

import bench_pipeline  # noqa: E402
import corpus  # noqa: E402


def test_generated_corpus_is_reproducible_and_varied() -> None:
    first, again = corpus.generate(5, seed=7), corpus.generate(5, seed=7)
    assert [d.text for d in first] == [d.text for d in again]
    assert len({d.text for d in first}) == 5
    assert all(d.text.count("\n\n") >= 5 for d in first)
    assert corpus.generate(1, seed=8)[0].text != first[0].text


def test_cycle_to_gives_distinct_ids() -> None:
    documents = corpus.generate(2, seed=1)
    cycled = bench_pipeline.cycle_to(documents, 5)
    assert len(cycled) == 5
    assert len({d.id for d in cycled}) == 5
    assert cycled[2].text == documents[0].text


def test_report_has_the_expected_keys() -> None:
    documents = corpus.generate(2, seed=3)
    report = bench_pipeline.run_benchmark(
        documents, description="smoke", isolate=False, cold_runs=1, first_ever=False
    )
    assert {"machine", "corpus", "raw_parse", "pipeline", "ratio", "cold_start", "targets"} <= set(
        report
    )
    for key in ("raw_parse", "pipeline"):
        measured = report[key]
        assert measured["documents"] == 2
        for field in ("wall_s", "docs_per_s", "sents_per_s", "sentences", "peak_rss_mib"):
            assert field in measured
    assert "events_per_s" in report["pipeline"]
    cold = report["cold_start"]["warm_cache"]
    assert {"total_s", "breakdown", "process_wall_s", "peak_rss_mib"} <= set(cold)
    assert {"import_s", "spacy_model_s", "gazetteer_s", "first_document_s"} <= set(
        cold["breakdown"]
    )
    assert set(report["targets_met"]) == {"ratio", "cold_start", "peak_rss"}
    assert "pipeline / raw throughput" in bench_pipeline.format_report(report)


def test_profile_names_stages_and_functions() -> None:
    documents = corpus.generate(2, seed=4)
    profile = bench_pipeline.measure_profile(documents, top=5)
    assert "parse" in profile["stages"]
    assert profile["top_all"]
    assert 0.0 <= profile["eventcoder_share"] <= 1.0


def test_batch_benchmark_measures_both_sides(tmp_path: Path) -> None:
    import bench_batch

    feed = corpus.write_jsonl(3, tmp_path / "corpus.jsonl", seed=5)
    assert feed.read_text(encoding="utf-8") == corpus.write_jsonl(
        3, tmp_path / "again.jsonl", seed=5
    ).read_text(encoding="utf-8")
    raw = bench_batch.measure_raw(feed, 1)
    coded = bench_batch.measure_batch(feed, tmp_path / "store.duckdb", 1, "processes")
    assert raw["documents"] == coded["documents"] == 3
    assert raw["sentences"] > 3 and coded["events"] > 0 and coded["errors"] == 0
    for row in (raw, coded):
        assert {"kind", "wall_s", "docs_per_s", "peak_rss_mib"} <= set(row)
        assert row["peak_rss_mib"] > 0


def test_resume_benchmark_reports_a_resumed_store_equal_to_an_uninterrupted_one(
    tmp_path: Path,
) -> None:
    import bench_resume

    report = bench_resume.run_benchmark(docs=4, kill_after=1.0, workers=1, workdir=tmp_path)
    assert report["after_resume"] == report["uninterrupted"]
    assert report["uninterrupted"]["documents"] == 4
    assert report["identical_records"] is True
    assert "resumed store equals" in bench_resume.format_report(report)
