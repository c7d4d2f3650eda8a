"""Corrections in the store: an audit trail that never overwrites the coder's row, the corrected
view computed from it (latest per field wins), and gold files exported from a review that
``eventcoder eval`` scores the coder against."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import eventcoder
from eventcoder.cli import main
from eventcoder.errors import EventcoderError
from eventcoder.evaluate.gold import load_gold_dir
from eventcoder.io.serialize import event_to_record
from eventcoder.model import Document
from eventcoder.store import DocumentRow, EventQuery, Store
from eventcoder.store.review import (
    CorrectionKind,
    add_event,
    correct_event,
    event_review,
    reviewed_event,
)

TEXT = "Ethiopia and Sudan agreed on Thursday to a ceasefire. Gunmen killed five people."
EXAMPLE = Path(eventcoder.__file__).parent / "examples" / "border_truce.txt"
MISSED = "protesters in Khartoum on Wednesday who had marched against the talks"


def record(seq: int, event_type: str, start: int, end: int) -> dict[str, Any]:
    return {
        "id": f"ev{seq}",
        "doc_id": "a",
        "type": event_type,
        "mode": None,
        "source": [{"code": "ETH", "text": "Ethiopia"}],
        "target": [{"code": "SDN", "text": "Sudan"}],
        "date": {
            "earliest": "2025-03-13",
            "latest": "2025-03-13",
            "precision": "day",
            "basis": "relative",
            "text": "Thursday",
        },
        "location": None,
        "fatalities": None,
        "claimed_by": [],
        "auxiliary": [],
        "evidence": {"text": TEXT[start:end], "start": start, "end": end},
        "trigger": {"text": TEXT[start : start + 8], "start": start, "end": start + 8},
        "more_evidence": [],
        "confidence": 0.9,
    }


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(tmp_path / "events.duckdb")
    row = DocumentRow(id="a", content_hash="0" * 64, published=date(2025, 3, 14), text=TEXT)
    opened.write_document(row, [record(0, "AGREE", 0, 53), record(1, "ASSAULT", 54, 80)])
    return opened


def test_the_latest_correction_per_field_wins_and_the_coder_row_stays(store: Store) -> None:
    coded = store.connection.execute("SELECT * FROM events ORDER BY seq").fetchall()
    when = datetime(2025, 3, 15, 9, 30, tzinfo=UTC)
    first = correct_event(
        store,
        "ev0",
        reviewer="ann",
        kind=CorrectionKind.CORRECT,
        changes={"type": "consult", "target": ["sdn", "ERI"]},
        now=when,
    )
    assert first.record["type"] == "CONSULT"
    assert first.record["target"] == [{"code": "SDN", "text": "Sudan"}, {"code": "ERI"}]
    assert first.trail[0].original == {"type": "AGREE", "target": ["SDN"]}
    assert first.trail[0].made_at == when.replace(tzinfo=None)
    second = correct_event(
        store,
        "ev0",
        reviewer="bob",
        kind=CorrectionKind.CORRECT,
        changes={"type": "AGREE", "location": {"country": "KEN"}},
    )
    assert second.record["type"] == "AGREE"  # bob's type wins
    assert [a["code"] for a in second.record["target"]] == ["SDN", "ERI"]  # ann's target holds
    assert second.record["location"]["country"] == "KEN"
    assert second.record["corrections"] == 2 and second.original == record(0, "AGREE", 0, 53)
    assert store.connection.execute("SELECT * FROM events ORDER BY seq").fetchall() == coded
    assert [e["id"] for e in store.events(EventQuery(country="KEN"))] == ["ev0"]
    assert [e["id"] for e in store.events(EventQuery(actors=("ERI",)))] == ["ev0"]


def test_rejected_events_leave_queries_and_restored_ones_return(store: Store) -> None:
    correct_event(store, "ev1", reviewer="ann", kind=CorrectionKind.REJECT, note="not an attack")
    assert [e["id"] for e in store.events()] == ["ev0"]
    assert store.type_counts(EventQuery()) == [(date(2025, 3, 10), "AGREE", 1)]
    assert [e.get("rejected") for e in store.document_events("a")] == [None, True]
    correct_event(store, "ev1", reviewer="ann", kind=CorrectionKind.RESTORE)
    assert [e["id"] for e in store.events()] == ["ev0", "ev1"]
    assert [c.kind for c in event_review(store, "ev1").trail] == [
        CorrectionKind.REJECT,
        CorrectionKind.RESTORE,
    ]


def test_an_added_event_is_checked_against_the_stored_text(store: Store) -> None:
    fields = {"type": "ASSAULT", "date": {"earliest": "2025-03-14", "latest": "2025-03-14"}}
    added = add_event(store, "a", reviewer="ann", start=54, end=80, fields=fields)
    assert added.seq == 2 and added.original is None
    assert added.record["evidence"] == {"text": TEXT[54:80], "start": 54, "end": 80}
    assert [e["id"] for e in store.events()][-1] == added.record["id"]
    for start, end in ((70, 200), (30, 30), (53, 54)):  # past the end, empty, only a space
        with pytest.raises(EventcoderError, match="E066"):
            add_event(store, "a", reviewer="ann", start=start, end=end, fields=fields)
    with pytest.raises(EventcoderError, match="E095"):
        add_event(store, "b", reviewer="ann", start=0, end=4, fields=fields)
    with pytest.raises(EventcoderError, match="E066"):
        add_event(store, "a", reviewer="ann", start=0, end=4, fields={"type": "ASSAULT"})


def test_the_corrected_rows_are_the_trail_replayed(store: Store) -> None:
    correct_event(
        store,
        "ev0",
        reviewer="ann",
        kind=CorrectionKind.CORRECT,
        changes={"fatalities": {"min": 3, "max": None}, "mode": "ceasefire"},
    )
    correct_event(store, "ev1", reviewer="bob", kind=CorrectionKind.REJECT)
    fields = {"type": "PROTEST", "date": {"earliest": "2025-03-14", "latest": "2025-03-14"}}
    add_event(store, "a", reviewer="ann", start=0, end=8, fields=fields)
    rows = store.connection.execute(
        "SELECT doc_id, seq, record, rejected FROM corrected_events ORDER BY seq"
    ).fetchall()
    for doc_id, seq, stored_record, rejected in rows:
        replayed = reviewed_event(store, doc_id, seq)
        assert json.loads(stored_record) == replayed.record and rejected == replayed.rejected


def test_a_store_of_an_older_version_is_migrated_and_its_documents_lack_text(
    tmp_path: Path,
) -> None:
    from eventcoder.store.schema import MIGRATIONS

    path = tmp_path / "old.duckdb"
    with Store(path, migrations=MIGRATIONS[:2]) as old:
        row = DocumentRow(id="a", content_hash="0" * 64, published=date(2025, 3, 14))
        old.write_document(row, [record(0, "AGREE", 0, 53)])
    with Store(path) as upgraded:
        assert upgraded.document_text("a") is None
        fields = {"type": "PROTEST", "date": {"earliest": "2025-03-14", "latest": "2025-03-14"}}
        with pytest.raises(EventcoderError, match="E067"):
            add_event(upgraded, "a", reviewer="ann", start=0, end=4, fields=fields)


def totals(folder: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["eval", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["totals"]


def test_gold_exported_from_a_review_scores_the_coder_against_it(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    document = Document(id="wire/border truce", text=text, published=date(2025, 3, 14))
    (annotated,) = eventcoder.Coder().annotate([document])
    records = [event_to_record(e) for e in annotated.events]
    n = len(records)
    store_path = tmp_path / "events.duckdb"
    with Store(store_path) as store:
        store.write_document(DocumentRow.of(document, input="test"), records)

    def export(name: str) -> Path:
        folder = tmp_path / name
        command = ["review", "export-gold", str(folder), "--store", str(store_path)]
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        assert "Wrote 1 reviewed documents" in result.stderr
        return folder

    # rejecting an event the coder got right: the coder now has one false positive
    by_type = {r["type"]: r for r in records}
    with Store(store_path) as store:
        correct_event(store, by_type["REJECT"]["id"], reviewer="ann", kind=CorrectionKind.REJECT)
    rejected = export("rejected")
    (gold,) = load_gold_dir(rejected)
    assert gold.id == document.id and gold.text == text and len(gold.events) == n - 1
    assert (rejected / "wire_border_truce.txt").read_text(encoding="utf-8") == text
    score = totals(rejected)
    assert (score["tp"], score["fp"], score["fn"]) == (n - 1, 1, 0)
    assert score["precision"] == pytest.approx((n - 1) / n) and score["recall"] == 1.0

    # a missed event added and a type corrected: two misses, recall down to a known value
    with Store(store_path) as store:
        start = text.index(MISSED)
        fields = {
            "type": "PROTEST",
            "source": ["SDN"],
            "target": ["SDN"],
            "date": {"earliest": "2025-03-12", "latest": "2025-03-12"},
        }
        add_event(
            store, document.id, reviewer="ann", start=start, end=start + len(MISSED), fields=fields
        )
        correct_event(
            store,
            by_type["REQUEST"]["id"],
            reviewer="bob",
            kind=CorrectionKind.CORRECT,
            changes={"type": "THREATEN"},
        )
    corrected = export("corrected")
    (gold,) = load_gold_dir(corrected)
    assert len(gold.events) == n and {"PROTEST", "THREATEN"} <= {e.type for e in gold.events}
    score = totals(corrected)
    assert (score["tp"], score["fp"], score["fn"]) == (n - 2, 2, 2)
    assert score["recall"] == pytest.approx((n - 2) / n)
