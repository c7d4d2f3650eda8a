"""Crash safety of the store, end to end (``bench/crash_safety.py`` on a small corpus): the real
``eventcoder batch`` SIGKILLed in each phase (migrating an older store, reconnecting to the
store between two chunks, coding, a chunk's transaction, linking incidents, the checkpoint at
close) and resumed, on a full disk, on a
read-only store.

Every scenario must end with exactly the store an uninterrupted run gives; the long run (50
kills) is the script's, with its result in ``bench/README.md``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
if not BENCH.is_dir():
    pytest.skip("bench/ is not in this checkout", allow_module_level=True)
sys.path.insert(0, str(BENCH))

import crash_safety  # noqa: E402

needs_mounts = pytest.mark.skipif(
    not crash_safety.namespaces_available(),
    reason="needs a user and mount namespace (unshare -rm) to mount a tmpfs or a read-only bind",
)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> crash_safety.Setup:
    # 4 articles, their 4 copies and 2 bad lines, in chunks of 2: every phase has calls to aim at.
    return crash_safety.prepare(
        docs=4, seed=0, chunk_size=2, workdir=tmp_path_factory.mktemp("crash")
    )


def assert_equal_to_uninterrupted(outcome: dict[str, Any]) -> None:
    assert outcome["resume_problem"] is None
    assert outcome["differs"] == []
    for kind in ("documents", "events"):
        assert outcome[f"{kind}_lost"] == 0
        assert outcome[f"{kind}_duplicated"] == 0
        assert outcome[f"{kind}_unexpected"] == 0
    assert outcome["problems"] == []


def test_the_reference_run_links_reports_of_several_documents(setup: crash_safety.Setup) -> None:
    reference = setup.reference
    assert len(reference["documents"]) == 8  # the bad lines are errors, not documents
    assert [row[3] for row in reference["errors"]] == ["E010", "E020"]
    assert crash_safety.multi_report_incidents(reference) > 0  # the copies join their originals
    # migrated from the older store
    assert reference["schema_version"] == [(1,), (2,), (3,), (4,), (5,), (6,), (7,)]


def test_killed_in_every_phase_and_resumed_the_store_is_an_uninterrupted_runs(
    setup: crash_safety.Setup,
) -> None:
    report = crash_safety.run_kills(setup, kills=len(crash_safety.PHASES), rng=random.Random(0))
    kills = report["kills"]
    assert kills[0]["phase"] == "migration"
    assert sorted(k["phase"] for k in kills) == sorted(crash_safety.PHASES)
    assert all(k["killed"] for k in kills), kills
    # After every kill, the store as the next run opens it breaks none of the store's rules.
    assert [k["problems_after"] for k in kills] == [[]] * len(crash_safety.PHASES)
    (round_,) = report["rounds"]
    assert_equal_to_uninterrupted(round_)


def test_a_full_disk_is_one_clear_error_and_the_rerun_completes(
    setup: crash_safety.Setup,
) -> None:
    outcome = crash_safety.full_disk("fsize", setup)
    assert outcome["failure"] is None, outcome["failure"]  # exit status 1, one coded error
    assert outcome["error"].startswith("Error: [E069] Cannot write the event store")
    assert "File too large" in outcome["error"]
    assert outcome["half_written_at_failure"] == 0
    assert outcome["stored_at_failure"] < len(setup.reference["documents"])
    assert_equal_to_uninterrupted(outcome)


@needs_mounts
def test_a_full_tmpfs_is_one_clear_error_and_the_rerun_completes(
    setup: crash_safety.Setup,
) -> None:
    outcome = crash_safety.full_disk("tmpfs", setup)
    assert outcome["failure"] is None, outcome["failure"]
    assert outcome["error"].startswith("Error: [E069]")
    assert "No space left on device" in outcome["error"]
    assert outcome["half_written_at_failure"] == 0
    assert outcome["stored_at_failure"] < len(setup.reference["documents"])
    assert_equal_to_uninterrupted(outcome)


@needs_mounts
@pytest.mark.parametrize(
    ("how", "code"),
    [("folder", "E060"), ("file", "E060"), ("wal", "E069")],
)
def test_a_read_only_store_is_one_clear_error_and_left_as_it_was(
    setup: crash_safety.Setup, how: str, code: str
) -> None:
    outcome = crash_safety.read_only(how, setup)
    assert outcome["failure"] is None, outcome["failure"]
    assert outcome["error"].startswith(f"Error: [{code}]")
    assert "Read-only file system" in outcome["error"]
    assert outcome["store_unchanged"]
    assert_equal_to_uninterrupted(outcome)
