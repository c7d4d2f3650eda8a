"""Incidents in the store: built after every batch, a v1 store upgraded, the query command, and
the linking quality on fixture articles coded by the real coder into a real DuckDB file."""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventcoder.batch import BatchSummary, code_corpus
from eventcoder.cli import main
from eventcoder.errors import EventcoderError
from eventcoder.evaluate.incidents import (
    load_incident_gold,
    match_gold,
    score_store_incidents,
)
from eventcoder.store import DocumentRow, EventQuery, LinkParams, Store, store_version
from eventcoder.store.schema import MIGRATIONS
from incident_reference import reference_incidents

FIXTURES = Path(__file__).parent / "fixtures" / "incidents"
ARTICLES = FIXTURES / "articles.jsonl"
GOLD = FIXTURES / "gold.yaml"


def record(doc_id: str, day: str, dead: int | None = None, where: str = "Bannu") -> dict[str, Any]:
    text = f"Militants attacked police in {where}."
    lat, lon = {"Bannu": (32.985, 70.604), "Peshawar": (34.008, 71.578)}[where]
    return {
        "id": f"{doc_id}-e0",
        "type": "ASSAULT",
        "mode": None,
        "source": [{"code": "TTP"}],
        "target": [{"code": "PAK"}],
        "date": {"earliest": day, "latest": day, "precision": "day", "basis": "relative"},
        "location": {
            "place": where,
            "country": "PAK",
            "lat": lat,
            "lon": lon,
            "precision": "point",
        },
        "fatalities": {"min": dead, "max": dead} if dead is not None else None,
        "claimed_by": [],
        "auxiliary": [],
        "evidence": {"text": text, "start": 0, "end": len(text)},
        "trigger": {"text": "attacked", "start": 10, "end": 18},
    }


def write(store: Store, doc_id: str, *records: dict[str, Any], source: str = "Wire") -> None:
    from eventcoder.store import DocumentRow

    row = DocumentRow(id=doc_id, content_hash="0" * 64, published=date(2025, 6, 11), source=source)
    assert store.write_document(row, list(records))


def incident_sets(store: Store) -> set[frozenset[str]]:
    rows = store.connection.execute(
        "SELECT incident_id, doc_id FROM incident_events ORDER BY ALL"
    ).fetchall()
    members: dict[str, set[str]] = defaultdict(set)
    for incident, doc_id in rows:
        members[incident].add(doc_id)
    return {frozenset(m) for m in members.values()}


# --------------------------------------------------------------------------------------------
# the store


def test_a_v1_store_opens_upgraded_with_its_incidents_built(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    with Store(path, migrations=MIGRATIONS[:1]) as old:  # what eventcoder wrote before
        write(old, "a", record("a", "2025-06-10", 12))
        write(old, "b", record("b", "2025-06-10", 10), source="Courier")
        write(old, "c", record("c", "2025-06-13", 3))
        assert store_version(old.connection) == 1
    with Store(path) as store:
        assert store_version(store.connection) == MIGRATIONS[-1].version
        assert not store.incidents_stale()
        assert incident_sets(store) == {frozenset({"a", "b"}), frozenset({"c"})}
        [bannu] = [i for i in store.incidents(EventQuery(until=date(2025, 6, 10)))]
        assert bannu["n_reports"] == 2 and bannu["n_sources"] == 2
        assert bannu["fatalities"] == {"min": 10, "max": 10, "low": 10, "high": 12}
        assert [r["doc_id"] for r in bannu["reports"]] == ["a", "b"]


def test_a_v6_store_upgraded_keeps_each_incidents_reports_in_its_row(tmp_path: Path) -> None:
    path = tmp_path / "v6.duckdb"
    with Store(path, migrations=MIGRATIONS[:6]) as old:  # reports gathered per read
        write(old, "a", record("a", "2025-06-10", 12))
        write(old, "b", record("b", "2025-06-10", 10), source="Courier")
        write(old, "c", record("c", "2025-06-13", 3, where="Peshawar"))
        write(old, "d", record("d", "2025-06-13", 4, where="Peshawar"), source="Courier")
        write(old, "e", record("e", "2025-06-20"))
        old.refresh_incidents()
        assert old.incident_count() == 3
    with Store(path) as store:
        assert store_version(store.connection) == MIGRATIONS[-1].version == 7
        assert not store.incidents_stale()  # the migration kept them, with their reports
        queries = [
            EventQuery(),
            EventQuery(limit=1, offset=1),
            EventQuery(since=date(2025, 6, 11)),
            EventQuery(text="peshawar", limit=5),
        ]
        upgraded = [list(store.incidents(query)) for query in queries]
        assert [r["doc_id"] for r in upgraded[0][0]["reports"]] == ["a", "b"]
        assert upgraded == [reference_incidents(store, query) for query in queries]
        store.refresh_incidents(force=True)
        assert [list(store.incidents(query)) for query in queries] == upgraded


def test_incidents_are_refreshed_only_when_stale_and_the_same_each_time(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        write(store, "a", record("a", "2025-06-10"))
        assert store.incidents_stale()
        first = store.refresh_incidents()
        assert (first.incidents, first.events, first.rebuilt) == (1, 1, True)
        assert not store.refresh_incidents().rebuilt  # nothing changed
        write(store, "b", record("b", "2025-06-10"))
        write(store, "p", record("p", "2025-06-10", where="Peshawar"))
        assert store.refresh_incidents().incidents == 2
        ids = store.connection.execute("SELECT id FROM incidents ORDER BY id").fetchall()
        again = store.refresh_incidents(force=True)
        assert again.rebuilt
        assert store.connection.execute("SELECT id FROM incidents ORDER BY id").fetchall() == ids
        # Other parameters make the incidents stale: they were built with the old ones.
        assert store.incidents_stale(LinkParams(max_km=10.0))
    # Another store with the same documents written in another order has the same incidents.
    with Store(tmp_path / "other.duckdb") as other:
        write(other, "p", record("p", "2025-06-10", where="Peshawar"))
        write(other, "b", record("b", "2025-06-10"))
        write(other, "a", record("a", "2025-06-10"))
        other.refresh_incidents()
        assert other.connection.execute("SELECT id FROM incidents ORDER BY id").fetchall() == ids


def write_large(store: Store) -> None:
    """6,000 documents of two events each, one document a day: 12,000 incidents once linked."""
    for first in range(0, 6000, 200):
        chunk = []
        for n in range(first, first + 200):
            doc_id, day = f"d{n}", date(2020, 1, 1) + timedelta(days=n)
            # Records of ~1.3 KB, as the coder's are (the passages beside the evidence).
            records = [record(doc_id, day.isoformat()) for _ in range(2)]
            for seq, r in enumerate(records):
                r["id"] = f"{doc_id}-e{seq}"
                r["more_evidence"] = [{"text": "Police said the attack was repelled. " * 25}]
            row = DocumentRow(id=doc_id, content_hash="0" * 64, published=day + timedelta(1))
            chunk.append((row, records))
        store.write_documents(chunk)


def test_a_large_store_links_in_its_own_connection_under_a_small_memory_limit(
    tmp_path: Path,
) -> None:
    """What a long batch does at its end, at a size that runs in seconds: its connection,
    capped, wrote every document (and so holds its writes' rows and indexes) and then links.
    Read a group at once, the 12,000 events' join takes more than 32MB of DuckDB's memory and
    the link is E120 (a 100,000-document batch under 128MB ended so); in slices it fits."""
    path = tmp_path / "large.duckdb"
    with Store(path, memory_limit="32MB") as store:
        write_large(store)
        built = store.refresh_incidents(slice_rows=1000)
        # Two events of one article are two occurrences: each day has two incidents.
        assert (built.events, built.incidents) == (12_000, 12_000)
        assert store.integrity_check() == []
        with pytest.raises(EventcoderError) as info:
            store.refresh_incidents(force=True, slice_rows=12_000)  # the whole group at once
        assert info.value.code.name == "E120"
        assert store.incident_count() == 12_000 and not store.incidents_stale()


def test_a_large_v6_store_migrates_under_a_small_memory_limit(tmp_path: Path) -> None:
    """A batch opens an older store under its memory limit (128MB by default), so the v7
    migration fills the built incidents' reports under one. Here one slice of
    REPORT_SLICE_ROWS; a million events' in one statement took more than 128MB (E120), in
    slices 8.1 s (bench/README.md, session app9)."""
    path = tmp_path / "large.duckdb"
    with Store(path, migrations=MIGRATIONS[:6], memory_limit="32MB") as old:
        write_large(old)
        old.refresh_incidents(slice_rows=1000)
    with Store(path, memory_limit="32MB") as store:
        assert store.version == 7 and not store.incidents_stale()
    with Store(path, read_only=True) as store:  # the reference's join needs more than 32MB
        page = EventQuery(limit=20, offset=5000)
        assert list(store.incidents(page)) == reference_incidents(store, page)
        missing = store.connection.execute(
            "SELECT count(*) FROM incidents WHERE reports IS NULL OR len(reports) <> n_reports"
        ).fetchone()
        assert missing == (0,)


def test_reading_in_slices_links_the_same_incidents(
    coded: tuple[Path, BatchSummary], tmp_path: Path
) -> None:
    path = tmp_path / "copy.duckdb"
    shutil.copy(coded[0], path)
    with Store(path) as store:
        whole = store.refresh_incidents(force=True)
        expected = (
            incident_sets(store),
            store.connection.execute("SELECT * FROM incidents ORDER BY id").fetchall(),
        )
        assert whole.incidents < whole.events  # some reports were linked
        for slice_rows in (1, 2, 7):
            store.refresh_incidents(force=True, slice_rows=slice_rows)
            rows = store.connection.execute("SELECT * FROM incidents ORDER BY id").fetchall()
            assert (incident_sets(store), rows) == expected
        with pytest.raises(ValueError):
            store.refresh_incidents(force=True, slice_rows=0)


def test_incident_query_filters(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        write(store, "a", record("a", "2025-06-10", 2))
        write(store, "p", record("p", "2025-06-12", where="Peshawar"))
        store.refresh_incidents()

        def places(**filters: Any) -> list[str]:
            return [i["location"]["place"] for i in store.incidents(EventQuery(**filters))]

        assert places() == ["Bannu", "Peshawar"]
        assert places(actors=("PAK", "TTP"), types=("assault",)) == ["Bannu", "Peshawar"]
        assert places(since=date(2025, 6, 11)) == ["Peshawar"]
        assert places(country="pak", limit=1) == ["Bannu"]
        assert places(actors=("USA",)) == places(types=("CONSULT",)) == []


# --------------------------------------------------------------------------------------------
# the fixture articles, coded by the real coder


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BatchSummary]:
    store = tmp_path_factory.mktemp("incidents") / "events.duckdb"
    return store, code_corpus([ARTICLES], store, workers=1)


def test_batch_summary_counts_incidents(coded: tuple[Path, BatchSummary]) -> None:
    path, summary = coded
    assert summary.errors == 0
    with Store(path, read_only=True) as store:
        assert summary.incidents == store.incident_count() > 0
        assert not store.incidents_stale()


def test_pairwise_precision_and_recall_on_the_fixtures(coded: tuple[Path, BatchSummary]) -> None:
    path, _ = coded
    gold = load_incident_gold(GOLD)
    with Store(path, read_only=True) as store:
        scores = score_store_incidents(store.connection, gold)
    # Measured 2026-11-25: P 1.00, R 0.73 (19 of 26 pairs), R over all gold pairs 0.68; every
    # miss is the coder's, not linking's: "PESHAWAR - Pakistani Taliban ..." coded as AFG and
    # placed at the dateline; "killed on Tuesday ..., police said on Wednesday" dated
    # Wednesday (twice); "southern Lebanon" fits two strikes that day, so it is left alone.
    assert scores.matched_events >= 0.9 * scores.gold_events
    assert scores.precision >= 0.95, scores
    assert scores.recall >= 0.9, scores


def test_near_misses_are_never_one_incident(coded: tuple[Path, BatchSummary]) -> None:
    path, _ = coded
    gold = load_incident_gold(GOLD)
    with Store(path, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT doc_id, seq, type, evidence_text, incident_id FROM incident_reports"
        ).fetchall()
    matched = match_gold([(r[0], r[1], r[2], r[3]) for r in rows], gold)
    labels: dict[str, set[str]] = defaultdict(set)
    for doc_id, seq, *_, incident in rows:
        if (doc_id, seq) in matched:
            labels[incident].add(matched[(doc_id, seq)].incident)
    assert all(len(found) == 1 for found in labels.values()), labels
    # The three outlets' El Fasher reports are one incident with the conservative toll.
    with Store(path, read_only=True) as store:
        [fasher] = list(store.incidents(EventQuery(actors=("RSF",))))
    assert (fasher["n_reports"], fasher["n_articles"], fasher["n_sources"]) == (3, 3, 3)
    assert fasher["fatalities"]["min"] == 20  # "at least 20"; others said 23 and "dozens"
    assert fasher["fatalities"]["high"] >= 23


def test_rerunning_the_batch_keeps_the_same_incidents(
    coded: tuple[Path, BatchSummary], tmp_path: Path
) -> None:
    path, _ = coded
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(path.read_bytes())
    with Store(copy, read_only=True) as store:
        before = list(store.incidents())
    summary = code_corpus([ARTICLES], copy, workers=1)
    assert (summary.documents, summary.incidents, summary.incident_seconds) == (
        0,
        len(before),
        0.0,
    )
    with Store(copy, read_only=True) as store:
        assert list(store.incidents()) == before


def test_query_incidents_command(coded: tuple[Path, BatchSummary]) -> None:
    path, _ = coded
    runner = CliRunner()
    base = ["query", "--store", str(path), "--incidents"]
    result = runner.invoke(main, [*base, "--type", "CONSULT", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    incidents = [json.loads(line) for line in result.stdout.splitlines()]
    beijing = next(i for i in incidents if i["date"]["earliest"] == "2025-06-09")
    # Reported as India meeting China and as China meeting India: one meeting.
    assert {r["doc_id"] for r in beijing["reports"]} == {
        "beijing-wire-a",
        "beijing-courier-b",
        "beijing-daily-c",
    }
    table = runner.invoke(main, [*base, "--actor", "RSF"])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split()[:2] == ["type", "who"]
    assert "3 in 3 art., 3 src." in lines[2]
    assert lines[-1] == "1 incident"


def test_incidents_agree_with_the_reference_statement_for_each_filter(
    coded: tuple[Path, BatchSummary],
) -> None:
    path, _ = coded
    with Store(path, read_only=True) as store:
        everything = list(store.incidents())
        assert len(everything) == len(reference_incidents(store, EventQuery())) > 10
        many = max(everything, key=lambda i: len(i["reports"]))
        source, target = many["source"][0], many["target"][0]
        words = " ".join(
            store.incident_events(many["id"])[0]["evidence"]["text"].split()[1:3]
        ).lower()
        queries = [
            EventQuery(),
            EventQuery(limit=3, offset=2),
            EventQuery(actors=(source,)),
            EventQuery(actors=(source, target)),
            EventQuery(dyad=(target, source)),
            EventQuery(types=(many["type"], "CONSULT")),
            EventQuery(since=date(2025, 6, 10), until=date(2025, 6, 20)),
            EventQuery(country=many["location"]["country"] or "PAK"),
            EventQuery(text=words),
            EventQuery(text="zzz no such words"),
            EventQuery(text=words, actors=(source,), limit=2),
        ]
        for query in queries:
            found = list(store.incidents(query))
            assert found == reference_incidents(store, query), query
            assert found or query.text == "zzz no such words" or query.dyad, query
        assert many in list(store.incidents(EventQuery(text=words)))
