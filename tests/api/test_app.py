"""The API's own pieces without a server: quad classes, series, filters, settings, locks."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from eventcoder.api.access import ReadWriteLock, StoreAccess
from eventcoder.api.app import QUAD_CLASSES, Filters, event_query, quad_series, quad_types
from eventcoder.api.config import default_store_path
from eventcoder.errors import EventcoderError
from eventcoder.store import Store
from eventcoder.store.export_maps import load_polecat_map


def filters(**given: object) -> Filters:
    values: dict[str, object] = dict.fromkeys(("dyad", "country", "since", "until", "q"), None) | {
        "actor": [],
        "type": [],
        "quad": [],
        "limit": 50,
        "offset": 0,
    }
    return Filters(**(values | given))  # type: ignore[arg-type]


def test_quad_classes_come_from_the_plover_table() -> None:
    quad_codes = load_polecat_map().quad_codes
    assert quad_types(["verbal_cooperation"]) == {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"}
    assert quad_types(["2"]) == {"COOPERATE", "AID", "RETREAT"}
    everything = quad_types(QUAD_CLASSES)
    assert everything == set(quad_codes)
    for number, name in enumerate(QUAD_CLASSES, start=1):
        assert quad_types([name]) == quad_types([str(number)])
    with pytest.raises(EventcoderError):
        quad_types(["cooperation"])


def test_series_fills_empty_periods_with_zeros() -> None:
    counts = [(date(2025, 3, 3), "ASSAULT", 2), (date(2025, 3, 17), "AGREE", 1)]
    series = quad_series(counts, "week")
    assert [p["period"] for p in series] == ["2025-03-03", "2025-03-10", "2025-03-17"]
    assert series[0]["material_conflict"] == 2 and series[0]["total"] == 2
    assert series[1]["total"] == 0
    assert series[2]["verbal_cooperation"] == 1
    by_month = [(date(2025, 3, 1), "ASSAULT", 2), (date(2025, 3, 1), "AGREE", 1)]
    months = quad_series(by_month, "month", since=date(2025, 1, 15), until=date(2025, 4, 2))
    assert [p["period"] for p in months] == ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]
    assert months[2]["total"] == 3
    assert quad_series([], "week") == []
    empty = quad_series([], "week", since=date(2025, 12, 29), until=date(2026, 1, 5))
    assert [p["period"] for p in empty] == ["2025-12-29", "2026-01-05"]


def test_filters_become_a_store_query() -> None:
    query = event_query(
        filters(actor=["eth"], type=["assault,agree"], quad=["4"], dyad="eth, sdn", country="pak")
    )
    assert query is not None
    assert query.actors == ("ETH",)
    assert query.types == ("ASSAULT",)  # AGREE is not material conflict
    assert query.dyad == ("ETH", "SDN")
    assert query.country == "PAK"
    assert event_query(filters(type=["AGREE"], quad=["material_conflict"])) is None
    for bad in (
        {"actor": ["ETH' OR 1=1"]},
        {"type": ["DROP TABLE"]},
        {"dyad": "ETH"},
        {"dyad": "A,B,C"},
        {"country": "ETHIOPIA"},
        {"since": date(2025, 2, 1), "until": date(2025, 1, 1)},
    ):
        with pytest.raises(EventcoderError) as info:
            event_query(filters(**bad))
        assert info.value.code.name == "E093"


def test_the_default_store_is_under_eventcoder_home_else_the_data_folder() -> None:
    home = Path("/srv/ec")
    assert default_store_path({"EVENTCODER_HOME": str(home)}) == home / "events.duckdb"
    assert default_store_path({"XDG_DATA_HOME": "/d"}) == Path("/d/eventcoder/events.duckdb")
    fallback = default_store_path({})
    assert fallback == Path.home() / ".local" / "share" / "eventcoder" / "events.duckdb"


def test_readers_share_and_a_writer_waits_for_them() -> None:
    lock = ReadWriteLock()
    events: list[str] = []
    with lock.reading(), lock.reading():  # readers together
        writer = threading.Thread(target=lambda: _write(lock, events))
        writer.start()
        time.sleep(0.1)
        events.append("readers done")
    writer.join(5)
    assert events == ["readers done", "written"]


def _write(lock: ReadWriteLock, events: list[str]) -> None:
    with lock.writing():
        events.append("written")


def test_reads_that_never_pause_still_let_a_waiting_process_write(tmp_path: Path) -> None:
    # The reads share one open connection for hold_s, then the server lets go of the store: a
    # process waiting for it (as a batch does) gets it, though a read starts every moment.
    path = tmp_path / "events.duckdb"
    Store(path).close()
    access = StoreAccess(path, busy_wait_s=0.0, hold_s=1.0, release_s=0.3)
    stop = threading.Event()
    outcomes: list[str] = []

    def read_all_the_time() -> None:
        while not stop.is_set():
            try:
                with access.read() as store:
                    store.counts()
                outcomes.append("read")
            except EventcoderError as error:
                outcomes.append(error.code.name)  # E094 while the writer holds the store

    reader = threading.Thread(target=read_all_the_time)
    reader.start()
    try:
        time.sleep(0.2)
        writer = "import sys; from eventcoder.store import Store; Store(sys.argv[1], wait=10)"
        done = subprocess.run(
            [sys.executable, "-c", writer, str(path)], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        before = len(outcomes)
        time.sleep(0.3)
    finally:
        stop.set()
        reader.join(10)
        access.close()
    assert "read" in outcomes[:before] and "read" in outcomes[before:]  # before and after it
    assert set(outcomes) <= {"read", "E094"}


def test_importing_eventcoder_loads_no_web_framework() -> None:
    code = (
        "import sys, eventcoder, eventcoder.cli, eventcoder.api, eventcoder.api.config; "
        "assert not {'fastapi', 'starlette', 'uvicorn'} & set(sys.modules), sys.modules.keys()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
