"""The API benchmark end to end on a tiny store and a short load (no timing assertions)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
if not BENCH.is_dir():
    pytest.skip("bench/ is not in this checkout", allow_module_level=True)
sys.path.insert(0, str(BENCH))

import bench_api  # noqa: E402


def test_a_tiny_run_reports_every_measurement(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--events", "300", "--requests", "40", "--clients", "4", "--code-runs", "2"]
    assert bench_api.main([*args, "--query-runs", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["store"]["events"] >= 300
    assert report["code"]["events"] > 0
    assert report["code"]["coder"]["p50_ms"] <= report["code"]["request"]["p50_ms"]
    assert set(report["queries"]) == {name for name, _, _ in bench_api.READS}
    events_json = {n for n, path, q in bench_api.READS if path == "/events" and "format" not in q}
    assert set(report["baseline"]) == events_json
    for name, stats in report["baseline"].items():  # the store alone finds what the server gave
        assert stats["rows"] == report["queries"][name]["rows"], name
    texts = {n for n, _, q in bench_api.READS if n in events_json and "q" in q}
    assert set(report["baseline_scan"]) == texts and texts
    for name, stats in report["baseline_scan"].items():  # without the index: the same rows
        assert stats["rows"] == report["baseline"][name]["rows"], name
    for run in report["load"]:
        assert run["server_errors"] == 0 and not run["transport_errors"]
        assert sum(run["statuses"].values()) == 40
        assert "code" in run["by_kind"]
    assert set(report["server_rss_mib"]) >= {"started", "after_load_2"}
    assert "POST /code" in bench_api.format_report(report)
