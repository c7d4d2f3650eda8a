"""The Ray engine codes a corpus into the same store rows as local processes.

One local Ray is started for the whole module (two CPUs, a small object store); the batch
reuses it rather than starting its own.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventcoder.batch import code_corpus
from eventcoder.cli import main
from eventcoder.errors import EventcoderError
from eventcoder.store import Store
from test_batch import PUBLISHED, all_events, story

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=100 * 1024**2,
        log_to_driver=False,
    )
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve stories and one bad line (it must reach the errors table through Ray too)."""
    path = tmp_path_factory.mktemp("ray") / "feed.jsonl"
    lines = [
        json.dumps({"id": f"story-{i:02d}", "text": story(i), "published": PUBLISHED})
        for i in range(12)
    ]
    lines.insert(5, '{"id": "broken", "text": ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def errors_of(store_path: Path) -> set[tuple[str, int | None]]:
    with Store(store_path, read_only=True) as store:
        return {(e.code, e.line) for e in store.errors()}


def test_ray_processes_and_one_worker_store_the_same_events(
    local_ray: None, feed: Path, tmp_path: Path
) -> None:
    # Two article files too: the driver reads them and sends their bytes with the chunk.
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in (20, 21):
        (folder / f"story-{i}.txt").write_text(story(i), encoding="utf-8")
    runs: dict[str, Any] = {
        "one": {"workers": 1},
        "two": {"workers": 2},
        "ray": {"workers": 2, "engine": "ray"},
    }
    summaries = {}
    for name, options in runs.items():
        store_path = tmp_path / f"{name}.duckdb"
        summaries[name] = code_corpus(
            [folder, feed], store_path, published=PUBLISHED, chunk_size=3, **options
        )
    assert summaries["ray"].engine == "ray" and summaries["ray"].workers == 2
    assert {(s.documents, s.events, s.errors) for s in summaries.values()} == {
        (14, summaries["one"].events, 1)
    }
    assert summaries["one"].events > 14
    reference = all_events(tmp_path / "one.duckdb")
    assert all_events(tmp_path / "two.duckdb") == reference
    assert all_events(tmp_path / "ray.duckdb") == reference
    assert errors_of(tmp_path / "ray.duckdb") == errors_of(tmp_path / "one.duckdb") == {("E020", 6)}
    # Resuming works the same on Ray: nothing is coded twice.
    again = code_corpus(
        [folder, feed], tmp_path / "ray.duckdb", published=PUBLISHED, workers=2, engine="ray"
    )
    assert (again.documents, again.skipped) == (0, 14)
    assert ray.is_initialized()  # a Ray the caller started is left running


def test_batch_command_with_the_ray_engine(local_ray: None, feed: Path, tmp_path: Path) -> None:
    store = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(
        main, ["batch", str(feed), "--store", str(store), "--engine", "ray", "--workers", "2"]
    )
    assert result.exit_code == 1, result.output  # the bad line
    assert "Coded 12 documents" in result.stderr
    assert "2 Ray actors" in result.stderr
    assert len(all_events(store)) > 12


def test_without_ray_the_ray_engine_is_one_coded_error(
    feed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` sees when not installed
    with pytest.raises(EventcoderError) as info:
        code_corpus([feed], tmp_path / "none.duckdb", engine="ray")
    assert info.value.code.name == "E081"
    assert "pip install 'eventcoder[ray]'" in str(info.value)
    assert not (tmp_path / "none.duckdb").exists()  # refused before anything was written
