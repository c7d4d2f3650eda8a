"""Incidents after an analyst's corrections, on a real store file: a correction of an event's
type, date, place or actors, a rejection, a restoration and an added event each relink the
incidents around the event, so the incidents show the corrected values; the coder's rows are
never changed, and a full relink reads the same corrected values."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from eventcoder.store import DocumentRow, EventQuery, Store
from eventcoder.store.review import CorrectionKind, add_event, correct_event
from incident_reference import reference_incidents

TEXT = "Militants attacked police in Bannu on Tuesday. Later, gunmen attacked police in Bannu."


def record(doc_id: str, day: str = "2025-06-10", where: str = "Bannu") -> dict[str, Any]:
    lat, lon = {"Bannu": (32.985, 70.604), "Quetta": (30.18, 66.975)}[where]
    evidence = TEXT[:46]
    return {
        "id": f"{doc_id}-e0",
        "doc_id": doc_id,
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
        "fatalities": {"min": 3, "max": 3},
        "claimed_by": [],
        "auxiliary": [],
        "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
        "trigger": {"text": "attacked", "start": 10, "end": 18},
    }


def write(store: Store, doc_id: str, *records: dict[str, Any]) -> None:
    row = DocumentRow(
        id=doc_id, content_hash="0" * 64, published=date(2025, 6, 11), source=doc_id, text=TEXT
    )
    assert store.write_document(row, list(records))


def incident_sets(store: Store) -> set[frozenset[str]]:
    members: dict[str, set[str]] = defaultdict(set)
    for incident, doc_id, seq in store.connection.execute(
        "SELECT incident_id, doc_id, seq FROM incident_events"
    ).fetchall():
        members[incident].add(f"{doc_id}#{seq}")
    return {frozenset(m) for m in members.values()}


def incident_of(store: Store, key: str) -> dict[str, Any]:
    [found] = [
        i for i in store.incidents() if key in {f"{r['doc_id']}#{r['seq']}" for r in i["reports"]}
    ]
    return found


def coder_rows(store: Store) -> list[tuple[Any, ...]]:
    return store.connection.execute("SELECT * FROM events ORDER BY doc_id, seq").fetchall()


def relinked_whole(store: Store) -> set[frozenset[str]]:
    store.refresh_incidents(force=True)
    return incident_sets(store)


def test_corrections_relink_the_incidents_and_leave_the_coder_rows(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        for doc_id in ("a", "b", "c"):
            write(store, doc_id, record(doc_id))
        write(store, "d", record("d", day="2025-06-20", where="Quetta"))
        store.refresh_incidents()
        assert incident_sets(store) == {frozenset({"a#0", "b#0", "c#0"}), frozenset({"d#0"})}
        coded = coder_rows(store)

    with Store(path) as store:  # reopened: the relinking is in the file
        # A date moved: c leaves the Bannu attack and joins the Quetta one (same day, place).
        correct_event(
            store,
            "c-e0",
            reviewer="ana",
            kind=CorrectionKind.CORRECT,
            changes={
                "date": {"earliest": "2025-06-20", "latest": "2025-06-20"},
                "location": {"place": "Quetta", "country": "PAK", "lat": 30.18, "lon": 66.975},
            },
        )
        assert incident_sets(store) == {frozenset({"a#0", "b#0"}), frozenset({"c#0", "d#0"})}
        quetta = incident_of(store, "c#0")
        assert quetta["date"] == {"earliest": "2025-06-20", "latest": "2025-06-20"}
        assert quetta["location"]["place"] == "Quetta" and quetta["n_reports"] == 2
        assert store.integrity_check() == []

        # A type changed: b is no attack, so it leaves a's incident.
        correct_event(
            store, "b-e0", reviewer="ana", kind=CorrectionKind.CORRECT, changes={"type": "PROTEST"}
        )
        assert incident_sets(store) == {
            frozenset({"a#0"}),
            frozenset({"b#0"}),
            frozenset({"c#0", "d#0"}),
        }
        assert incident_of(store, "b#0")["type"] == "PROTEST"
        assert [i["id"] for i in store.incidents(EventQuery(types=("PROTEST",)))] == [
            incident_of(store, "b#0")["id"]
        ]

        # Actors corrected: d's attackers are another group, so d no longer links with c.
        correct_event(
            store, "d-e0", reviewer="ana", kind=CorrectionKind.CORRECT, changes={"source": ["BLA"]}
        )
        assert frozenset({"d#0"}) in incident_sets(store)
        assert incident_of(store, "d#0")["source"] == ["BLA"]
        assert list(store.incidents()) == reference_incidents(store, EventQuery())
        assert incident_sets(store) == relinked_whole(store)  # a full link agrees

        # Rejected: d is in no incident; restored: it is back, with its corrected actors.
        correct_event(store, "d-e0", reviewer="ana", kind=CorrectionKind.REJECT)
        assert all("d#0" not in s for s in incident_sets(store))
        assert store.integrity_check() == []
        correct_event(store, "d-e0", reviewer="ana", kind=CorrectionKind.RESTORE)
        assert frozenset({"d#0"}) in incident_sets(store)

        # Added: a reviewer's event in b's text, the Bannu attack: it joins a's incident.
        added = add_event(
            store,
            "b",
            reviewer="ana",
            start=54,
            end=len(TEXT),
            fields={
                "type": "ASSAULT",
                "source": ["TTP"],
                "target": ["PAK"],
                "date": {"earliest": "2025-06-10", "latest": "2025-06-10"},
                "location": {"place": "Bannu", "country": "PAK", "lat": 32.985, "lon": 70.604},
            },
        )
        assert frozenset({"a#0", "b#1"}) in incident_sets(store)
        bannu = incident_of(store, "b#1")
        assert [r["event_id"] for r in bannu["reports"]] == ["a-e0", added.record["id"]]
        assert [e["id"] for e in store.incident_events(bannu["id"])] == ["a-e0", added.record["id"]]
        # Each relinked incident's row holds its reports as reviewed, as the plain join gives.
        for query in (EventQuery(), EventQuery(text="gunmen"), EventQuery(limit=2, offset=1)):
            assert list(store.incidents(query)) == reference_incidents(store, query), query
        assert store.integrity_check() == []
        assert incident_sets(store) == relinked_whole(store)
        assert coder_rows(store) == coded  # the coder's rows as they were coded
        original = store.connection.execute(
            "SELECT record FROM events WHERE id = 'c-e0'"
        ).fetchone()
        assert original is not None and json.loads(original[0])["date"]["earliest"] == "2025-06-10"


def test_an_event_corrected_to_a_place_alone_joins_the_incident_there(tmp_path: Path) -> None:
    with Store(tmp_path / "events.duckdb") as store:
        write(store, "a", record("a"))
        write(store, "b", record("b", day="2025-06-20", where="Quetta"))
        store.refresh_incidents()
        assert incident_sets(store) == {frozenset({"a#0"}), frozenset({"b#0"})}
        # No actor in common any more (none known): only the place, 0 km away, links them.
        correct_event(
            store,
            "b-e0",
            reviewer="ana",
            kind=CorrectionKind.CORRECT,
            changes={
                "source": [],
                "target": [],
                "date": {"earliest": "2025-06-10", "latest": "2025-06-10"},
                "location": {"place": "Bannu", "country": "PAK", "lat": 32.99, "lon": 70.61},
            },
        )
        assert incident_sets(store) == {frozenset({"a#0", "b#0"})}
        assert incident_sets(store) == relinked_whole(store)
        assert store.integrity_check() == []
