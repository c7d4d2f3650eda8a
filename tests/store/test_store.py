"""The DuckDB event store: schema and migrations, atomic writes, errors, queries and views."""

from __future__ import annotations

import json
import resource
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventcoder.errors import EventcoderError
from eventcoder.store import SCHEMA_VERSION, DocumentRow, ErrorRow, EventQuery, Store, StoreCounts
from eventcoder.store.schema import MIGRATIONS, Migration, store_version


def record(
    doc_id: str,
    n: int,
    type_: str = "ASSAULT",
    source: tuple[str, ...] = ("ETH",),
    target: tuple[str, ...] = ("ERI",),
    when: tuple[str, str] = ("2025-03-04", "2025-03-04"),
    country: str | None = "ETH",
    dead: tuple[int, int | None] | None = None,
) -> dict[str, Any]:
    text = f"Event {n} of {doc_id}."
    return {
        "id": f"{doc_id}-e{n}",
        "doc_id": doc_id,
        "type": type_,
        "mode": None,
        "source": [{"code": c} for c in source],
        "target": [{"code": c} for c in target],
        "date": {"earliest": when[0], "latest": when[1], "precision": "day", "basis": "explicit"},
        "location": {"place": "Badme", "country": country, "lat": 14.7, "lon": 37.8}
        if country
        else None,
        "fatalities": {"min": dead[0], "max": dead[1]} if dead else None,
        "claimed_by": [],
        "auxiliary": [],
        "evidence": {"text": text, "start": 0, "end": len(text)},
        "trigger": {"text": "Event", "start": 0, "end": 5},
    }


def document(doc_id: str, **extra: Any) -> DocumentRow:
    return DocumentRow(id=doc_id, content_hash="0" * 64, published=date(2025, 3, 6), **extra)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "events.duckdb"


# --------------------------------------------------------------------------------------------
# schema and migrations


def test_new_store_has_current_schema_tables_and_views(store_path: Path) -> None:
    with Store(store_path) as store:
        con = store.connection
        assert store_version(con) == SCHEMA_VERSION == 7
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert {"documents", "events", "errors", "schema_version"} <= tables
        assert {"incidents", "incident_events", "incidents_built"} <= tables
        assert {"document_texts", "corrections", "corrected_events"} <= tables
        views = {
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        }
        assert {"events_v", "dyad_week", "incident_reports"} <= views
        assert not store.incidents_stale()
    assert store_path.is_file()


def test_reopening_is_idempotent_and_keeps_data(store_path: Path) -> None:
    with Store(store_path) as store:
        assert store.write_document(document("a"), [record("a", 0)])
    for _ in range(2):
        with Store(store_path) as store:
            rows = store.connection.execute("SELECT version FROM schema_version").fetchall()
            assert rows == [(1,), (2,), (3,), (4,), (5,), (6,), (7,)]
            assert store.counts().documents == 1
            assert store.counts().events == 1


def test_a_v0_duckdb_file_is_migrated_and_its_own_tables_kept(store_path: Path) -> None:
    # Version 0: a DuckDB file without eventcoder's tables, e.g. one an analyst made.
    con = duckdb.connect(str(store_path))
    con.execute("CREATE TABLE notes (note VARCHAR)")
    con.execute("INSERT INTO notes VALUES ('mine')")
    con.close()
    with Store(store_path) as store:
        assert store_version(store.connection) == SCHEMA_VERSION
        assert store.connection.execute("SELECT note FROM notes").fetchall() == [("mine",)]
        assert store.write_document(document("a"), [])


def _language(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("ALTER TABLE documents ADD COLUMN language VARCHAR DEFAULT 'en'")


def test_an_older_store_is_upgraded_step_by_step(store_path: Path) -> None:
    with Store(store_path) as store:
        store.write_document(document("a"), [record("a", 0)])
    upgrades = (*MIGRATIONS, Migration(SCHEMA_VERSION + 1, "document language", _language))
    with Store(store_path, migrations=upgrades) as store:
        assert store_version(store.connection) == SCHEMA_VERSION + 1
        rows = store.connection.execute("SELECT id, language FROM documents").fetchall()
        assert rows == [("a", "en")]
        assert store.counts().events == 1
    # This eventcoder refuses the newer store instead of misreading it.
    with pytest.raises(EventcoderError) as info:
        Store(store_path)
    assert info.value.code.name == "E061"


def test_a_failed_migration_leaves_the_store_at_its_version(store_path: Path) -> None:
    def broken(connection: duckdb.DuckDBPyConnection) -> None:
        connection.execute("CREATE TABLE half (x INTEGER)")
        raise RuntimeError("disk on fire")

    Store(store_path).close()
    with pytest.raises(RuntimeError):
        Store(store_path, migrations=(*MIGRATIONS, Migration(SCHEMA_VERSION + 1, "broken", broken)))
    with Store(store_path) as store:
        assert store_version(store.connection) == SCHEMA_VERSION
        names = {
            r[0]
            for r in store.connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        assert "half" not in names


def test_a_memory_limit_caps_duckdb_for_the_store(store_path: Path) -> None:
    def limit(store: Store) -> str:
        row = store.connection.execute("SELECT current_setting('memory_limit')").fetchone()
        assert row is not None
        return str(row[0])

    with Store(store_path, memory_limit="64MB") as store:
        assert limit(store) == "61.0 MiB"  # DuckDB shows it in binary units
    with Store(store_path, read_only=True, memory_limit="1 GiB") as store:
        assert limit(store) == "1.0 GiB"
    for size in ("lots", "64", "-5MB", "64MB; SET threads=1"):
        with pytest.raises(EventcoderError) as info:
            Store(store_path, memory_limit=size)
        assert info.value.code.name == "E070"


def test_reconnecting_closes_the_connection_and_opens_the_same_store_as_it_was_opened(
    store_path: Path,
) -> None:
    wal = Path(f"{store_path}.wal")
    with Store(store_path, memory_limit="64MB") as store:
        store.write_documents([(document("d1"), [record("d1", 0)])])
        assert wal.exists()  # the commit is in the write-ahead log
        first = store.connection
        store.reconnect()
        with pytest.raises(duckdb.ConnectionException):
            first.execute("SELECT 1")  # closed, and with it the memory DuckDB held for it
        assert not wal.exists()  # the log went into the file before the close
        assert store.memory_limit() == "61.0 MiB"
        store.write_documents([(document("d2"), [record("d2", 0), record("d2", 1)])])
        assert store.counts() == StoreCounts(documents=2, events=3, errors=0)
        # The text index goes on: each evidence ("Event 0 of d1.") is found by its words.
        assert ids_with_text(store, "of d1") == ["d1"]
        assert ids_with_text(store, "of d2") == ["d2", "d2"]
        assert store.integrity_check() == []
    with Store(store_path, read_only=True) as store:
        store.reconnect()
        assert store.counts() == StoreCounts(documents=2, events=3, errors=0)


def ids_with_text(store: Store, text: str) -> list[str]:
    return [e["doc_id"] for e in store.events(EventQuery(text=text))]


def test_read_only_refuses_a_missing_or_unmigrated_store(tmp_path: Path) -> None:
    with pytest.raises(EventcoderError) as info:
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert info.value.code.name == "E060"
    duckdb.connect(str(tmp_path / "v0.duckdb")).close()
    with pytest.raises(EventcoderError) as info:
        Store(tmp_path / "v0.duckdb", read_only=True)
    assert info.value.code.name == "E060"


# --------------------------------------------------------------------------------------------
# writes


def test_a_document_and_its_events_are_written_together_or_not_at_all(store_path: Path) -> None:
    bad = record("b", 1)
    del bad["evidence"]  # fails after the document row was inserted
    with Store(store_path) as store:
        with pytest.raises(KeyError):
            store.write_document(document("b"), [record("b", 0), bad])
        assert store.counts().documents == 0
        assert store.counts().events == 0
        assert store.write_document(document("b"), [record("b", 0)])
        assert store.counts().events == 1


@pytest.fixture
def file_size_limit() -> Iterator[Callable[[int], None]]:
    """Set this process's largest writable file offset (RLIMIT_FSIZE, soft): a write past it
    fails with EFBIG, as on a full disk (Python ignores SIGXFSZ); put back afterwards."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def limit(size: int) -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))

    yield limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_a_full_disk_is_e065_and_keeps_every_committed_document_whole(
    store_path: Path, file_size_limit: Callable[[int], None]
) -> None:
    # Regression: a COMMIT the disk refused ended its transaction, and the ROLLBACK after it
    # raised "cannot rollback - no transaction is active", hiding why the write failed.
    chunk = 20
    with Store(store_path) as store:
        file_size_limit(Path(f"{store_path}.wal").stat().st_size + 200_000)
        with pytest.raises(EventcoderError) as info:
            for n in range(1000):
                ids = [f"d{n}-{i}" for i in range(chunk)]
                store.write_documents([(document(i), [record(i, 0), record(i, 1)]) for i in ids])
    file_size_limit(resource.RLIM_INFINITY)
    assert info.value.code.name == "E069"
    assert "File too large" in str(info.value) and str(store_path) in str(info.value)
    with Store(store_path) as store:
        counts = store.counts()
        assert 0 < counts.documents < 1000 * chunk
        assert counts.documents % chunk == 0  # whole chunks: one transaction each
        assert counts.events == 2 * counts.documents
        assert store.integrity_check() == []
        assert store.write_document(document("after"), [record("after", 0)])


def test_a_store_out_of_its_memory_limit_is_e120_and_half_writes_nothing(
    store_path: Path,
) -> None:
    with Store(store_path) as store:
        for n in range(40):
            ids = [f"d{n}-{i}" for i in range(25)]
            store.write_documents([(document(i), [record(i, 0), record(i, 1)]) for i in ids])
    with pytest.raises(EventcoderError) as info, Store(store_path, memory_limit="1MB") as store:
        store.refresh_incidents()
    assert info.value.code.name == "E120"
    assert "Out of Memory" in str(info.value) and "--memory-limit" in str(info.value)
    with Store(store_path) as store:
        assert store.incident_count() == 0 and store.incidents_stale()
        assert store.refresh_incidents().rebuilt and store.integrity_check() == []


def test_a_write_out_of_memory_is_e120_not_a_refused_write(store_path: Path) -> None:
    # The failed statement aborts the transaction, which then refuses to unregister the chunk's
    # rows too: that error once hid this one, and a full memory was told as a full disk (E069).
    padding = "Officials said the talks would resume. " * 60
    stored = 0
    with pytest.raises(EventcoderError) as info, Store(store_path, memory_limit="8MB") as store:
        for n in range(100):
            ids = [f"d{n}-{i}" for i in range(25)]
            rows = [(document(i, text=padding), [record(i, 0), record(i, 1)]) for i in ids]
            for _, records in rows:
                for r in records:
                    r["more_evidence"] = [{"text": padding}]
            store.write_documents(rows)
            stored += len(ids)
    assert info.value.code.name == "E120", info.value
    with Store(store_path) as store:
        assert store.counts().documents == stored and store.integrity_check() == []


def test_integrity_check_names_what_is_broken(store_path: Path) -> None:
    with Store(store_path) as store:
        store.write_document(document("a"), [record("a", 0), record("a", 1)])
        store.write_document(document("b"), [record("b", 0)])
        store.refresh_incidents()
        assert store.integrity_check() == []
        con = store.connection
        # What a torn write would leave: an event without its document (and so in no
        # incident, nor in the text index), a document without one of its events (whose
        # incident report now points at nothing), and one more report of no event.
        con.execute("INSERT INTO events SELECT * REPLACE ('ghost' AS doc_id) FROM events LIMIT 1")
        con.execute("DELETE FROM events WHERE doc_id = 'a' AND seq = 1")
        con.execute("INSERT INTO incident_events VALUES ('inc-x', 'nowhere', 0)")
        expected = [
            "events without their document: 1",
            "documents without all their events: 1",
            "incident reports that are no stored event: 2",
            "documents with evidence missing from the text index: 1",
            "events in no incident: 1",
        ]
        assert store.integrity_check() == expected
    with Store(store_path, read_only=True) as store:
        assert store.integrity_check() == expected  # read-only: the same, without a checkpoint


def test_writing_a_stored_document_again_changes_nothing(store_path: Path) -> None:
    with Store(store_path) as store:
        assert store.write_document(document("a"), [record("a", 0), record("a", 1)])
        assert not store.write_document(document("a"), [record("a", 0), record("a", 1)])
        assert store.counts().documents == 1
        assert store.counts().events == 2
        assert store.stored_ids(["a", "b", "a"]) == {"a"}
        assert store.stored_ids([]) == set()


def test_document_columns(store_path: Path) -> None:
    row = document(
        "a", title="T", url="http://x", source="Wire", input="f.csv", metadata=(("desk", "X"),)
    )
    with Store(store_path) as store:
        store.write_document(row, [record("a", 0, dead=(12, None))])
        got = store.connection.execute(
            "SELECT title, url, source, input, metadata->>'desk', n_events, coded_at IS NOT NULL "
            "FROM documents"
        ).fetchone()
        assert got == ("T", "http://x", "Wire", "f.csv", "X", 1, True)
        event = store.connection.execute(
            "SELECT type, source_codes, target_codes, fatalities_min, fatalities_max, country, "
            "evidence_start, record->>'id' FROM events"
        ).fetchone()
        assert event == ("ASSAULT", ["ETH"], ["ERI"], 12, None, "ETH", 0, "a-e0")


def test_every_event_column_round_trips_through_the_columnar_write(store_path: Path) -> None:
    full = record("a", 0, source=("PAK", "TTP"), target=(), dead=(5, None))
    full["mode"] = "aerial"
    full["date"]["precision"] = "week"
    full["location"]["lat"] = 34  # an int where a float is usual: stored as DOUBLE
    full["claimed_by"] = [{"code": "PAK"}, {"code": "anonymous"}]
    bare = record("a", 1, when=("2024-02-26", "2024-03-03"), country=None)
    with Store(store_path) as store:
        store.write_document(document("a", metadata=(("desk", "Asia"),)), [full, bare])
        rows = store.connection.execute(
            "SELECT * EXCLUDE (record), record FROM events ORDER BY seq"
        ).fetchall()
        metadata = store.connection.execute("SELECT metadata FROM documents").fetchone()
    assert rows[0] == (
        "a", 0, "a-e0", "ASSAULT", "aerial", ["PAK", "TTP"], [],
        date(2025, 3, 4), date(2025, 3, 4), "week", "Badme", "ETH", 34.0, 37.8, 5, None,
        ["PAK", "anonymous"], 0, len("Event 0 of a."), "Event 0 of a.",
        rows[0][-1],
    )  # fmt: skip
    assert json.loads(rows[0][-1]) == full  # the wire record, unchanged
    assert rows[1][5:16] == (
        ["ETH"], ["ERI"], date(2024, 2, 26), date(2024, 3, 3), "day",
        None, None, None, None, None, None,
    )  # fmt: skip
    assert metadata is not None and json.loads(metadata[0]) == {"desk": "Asia"}


def test_a_large_chunk_is_written_whole(store_path: Path) -> None:
    # More events than fit one statement's parameters in the old row-by-row path, in one call.
    documents = [(document(f"d{i}"), [record(f"d{i}", n) for n in range(7)]) for i in range(100)]
    with Store(store_path) as store:
        assert store.write_documents(documents) == [True] * 100
        assert store.counts() == StoreCounts(documents=100, events=700, errors=0)
        per_document = store.connection.execute(
            "SELECT count(DISTINCT d.id), min(d.n_events), max(d.n_events), count(*) "
            "FROM documents d JOIN events e ON e.doc_id = d.id"
        ).fetchone()
        assert per_document == (100, 7, 7, 700)
        assert store.write_documents([]) == []


def test_errors_are_replaced_not_repeated_and_cleared_by_success(store_path: Path) -> None:
    with Store(store_path) as store:
        for _ in range(2):
            store.record_error(ErrorRow(input="x.jsonl", code="E020", message="bad", line=3))
            store.record_error(ErrorRow(input="y", code="E062", message="boom", doc_id="d"))
        assert store.counts().errors == 2
        store.write_document(document("d"), [])
        assert [e.line for e in store.errors()] == [3]


# --------------------------------------------------------------------------------------------
# queries and views


@pytest.fixture
def filled(store_path: Path) -> Store:
    store = Store(store_path)
    store.write_document(
        document("a"),
        [
            record("a", 0, dead=(12, 12)),
            record("a", 1, "AGREE", ("ETH", "ERI"), ("AU",), ("2025-03-05", "2025-03-05")),
        ],
    )
    store.write_document(
        document("b"),
        [
            record("b", 0, source=("PAK",), target=("AFG",), country="AFG"),
            record("b", 1, "PROTEST", ("PAK",), ("ETH",), ("2025-02-01", "2025-02-28"), None),
            record("b", 2, source=("ERI",), target=("ETH",), when=("2025-03-10", "2025-03-10")),
        ],
    )
    return store


def ids(store: Store, **filters: Any) -> list[str]:
    return [r["id"] for r in store.events(EventQuery(**filters))]


def test_query_filters(filled: Store) -> None:
    with filled as store:
        assert ids(store) == ["b-e1", "a-e0", "b-e0", "a-e1", "b-e2"]  # by date
        assert ids(store, actors=("ERI", "ETH")) == ["a-e0", "a-e1", "b-e2"]  # either direction
        assert ids(store, actors=("PAK",)) == ["b-e1", "b-e0"]
        assert ids(store, types=("agree", "PROTEST")) == ["b-e1", "a-e1"]
        assert ids(store, since=date(2025, 3, 5)) == ["a-e1", "b-e2"]
        assert ids(store, until=date(2025, 2, 15)) == ["b-e1"]  # an interval overlapping
        assert ids(store, since=date(2025, 3, 4), until=date(2025, 3, 4)) == ["a-e0", "b-e0"]
        assert ids(store, country="afg") == ["b-e0"]
        assert ids(store, actors=("ETH",), types=("ASSAULT",), limit=1) == ["a-e0"]
        assert ids(store, actors=("USA",)) == []


def test_actor_filters_look_in_both_lists_and_limits_keep_date_order(store_path: Path) -> None:
    # Written out of date order, so the date order comes from the query, not from the file.
    with Store(store_path) as store:
        store.write_document(
            document("late"),
            [
                record("late", 0, source=("RUS",), target=("UKR", "USA"), when=("2025-05-01",) * 2),
                record("late", 1, source=("UKR", "GBR"), target=("RUS",), when=("2025-04-01",) * 2),
            ],
        )
        store.write_document(
            document("early"),
            [
                record("early", 0, source=("USA",), target=("RUS",), when=("2025-01-01",) * 2),
                record("early", 1, source=("RUS", "USA"), target=(), when=("2025-02-01",) * 2),
                record("early", 2, source=(), target=("UKR",), when=("2025-03-01",) * 2),
            ],
        )
        assert ids(store, actors=("RUS", "USA")) == ["early-e0", "early-e1", "late-e0"]
        assert ids(store, actors=("USA", "RUS", "USA")) == ["early-e0", "early-e1", "late-e0"]
        assert ids(store, actors=("UKR", "GBR")) == ["late-e1"]  # both on one side
        assert ids(store, actors=("UKR",), limit=2) == ["early-e2", "late-e1"]
        assert ids(store, limit=2) == ["early-e0", "early-e1"]
        assert ids(store, limit=0) == []
        assert ids(store, actors=("RUS",), since=date(2025, 3, 1), limit=1) == ["late-e1"]


def test_dyad_text_and_offset_filters(filled: Store) -> None:
    with filled as store:
        # dyad: one code on each side, either direction (an AU mediation with ETH and ERI as
        # sources is no ETH-ERI dyad event)
        assert ids(store, dyad=("ETH", "ERI")) == ["a-e0", "b-e2"]
        assert ids(store, dyad=("ERI", "ETH")) == ["a-e0", "b-e2"]
        assert ids(store, dyad=("ETH", "AU")) == ["a-e1"]
        assert ids(store, text="EVENT 2") == ["b-e2"]  # case-insensitive
        assert ids(store, text="%") == []  # matched as written, never as a pattern
        assert ids(store, text="' OR 1=1 --") == []
        # with other filters, whose parameters come before and again inside the text's CASE
        assert ids(store, dyad=("ERI", "ETH"), text="event 2") == ["b-e2"]
        assert ids(store, dyad=("ETH", "AU"), text="event 2") == []
        assert ids(store, dyad=("ETH", "ERI"), text="event", offset=1) == ["b-e2"]
        assert ids(store, offset=3) == ["a-e1", "b-e2"]
        assert ids(store, offset=1, limit=2) == ["a-e0", "b-e0"]
        assert ids(store, offset=9) == []
        rows = list(store.stored_events(EventQuery(offset=4)))
        assert [r.record["id"] for r in rows] == ["b-e2"]


def test_a_document_and_its_events_are_found_by_id(filled: Store) -> None:
    with filled as store:
        assert store.document("a") == document("a", input=None)
        assert store.document("missing") is None
        assert [r["id"] for r in store.document_events("b")] == ["b-e0", "b-e1", "b-e2"]
        assert store.document_events("missing") == []


def test_type_counts_per_week_and_month(filled: Store) -> None:
    with filled as store:
        assert store.type_counts(EventQuery(dyad=("ETH", "ERI"))) == [
            (date(2025, 3, 3), "ASSAULT", 1),
            (date(2025, 3, 10), "ASSAULT", 1),
        ]
        assert store.type_counts(EventQuery(), interval="month") == [
            (date(2025, 2, 1), "PROTEST", 1),
            (date(2025, 3, 1), "AGREE", 1),
            (date(2025, 3, 1), "ASSAULT", 3),
        ]
        with pytest.raises(ValueError):
            store.type_counts(EventQuery(), interval="day")


def test_a_store_another_process_writes_is_e064_after_waiting(store_path: Path) -> None:
    import subprocess
    import sys
    import time

    Store(store_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        for read_only in (True, False):
            started = time.monotonic()
            with pytest.raises(EventcoderError) as info:
                Store(store_path, read_only=read_only, wait=0.3)
            assert info.value.code.name == "E064"
            assert time.monotonic() - started >= 0.25
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    with Store(store_path, read_only=True, wait=0.3) as store:
        assert store.counts().documents == 0


HOLD = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_event_lines_are_the_stored_json_of_the_same_events(filled: Store) -> None:
    with filled as store:
        for query in (None, EventQuery(actors=("ETH",)), EventQuery(country="AFG", limit=1)):
            lines = list(store.event_lines(query))
            assert [json.loads(line) for line in lines] == list(store.events(query))
            assert all("\n" not in line for line in lines)
        stored = store.connection.execute("SELECT record FROM events WHERE id = 'b-e0'").fetchone()
        assert stored is not None
        assert list(store.event_lines(EventQuery(country="AFG"))) == [stored[0]]


def test_dyad_week_and_events_v(filled: Store) -> None:
    with filled as store:
        rows = store.connection.execute(
            "SELECT source, target, iso_week, week_start, events, fatalities_min FROM dyad_week "
            "WHERE source IN ('ETH', 'ERI') ORDER BY ALL"
        ).fetchall()
        assert rows == [
            ("ERI", "AU", "2025-W10", date(2025, 3, 3), 1, 0),
            ("ERI", "ETH", "2025-W11", date(2025, 3, 10), 1, 0),
            ("ETH", "AU", "2025-W10", date(2025, 3, 3), 1, 0),
            ("ETH", "ERI", "2025-W10", date(2025, 3, 3), 1, 12),
        ]
        published = store.connection.execute(
            "SELECT DISTINCT published, iso_week FROM events_v WHERE doc_id = 'a'"
        ).fetchall()
        assert published == [(date(2025, 3, 6), "2025-W10")]


def test_a_chunk_is_written_in_one_transaction_skipping_stored_and_repeated_ids(
    store_path: Path,
) -> None:
    with Store(store_path) as store:
        store.write_document(document("a"), [record("a", 0)])
        written = store.write_documents(
            [
                (document("a"), [record("a", 0)]),
                (document("b"), [record("b", 0), record("b", 1)]),
                (document("b"), [record("b", 0)]),
                (document("c"), []),
            ]
        )
        assert written == [False, True, False, True]
        assert store.counts() == StoreCounts(documents=3, events=3, errors=0)
        bad = record("d", 1)
        del bad["date"]
        with pytest.raises(KeyError):
            store.write_documents([(document("d"), [record("d", 0)]), (document("e"), [bad])])
        assert store.stored_ids(["d", "e"]) == set()
