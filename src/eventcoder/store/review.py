"""Review: analysts' corrections of stored events, kept as an audit trail.

A correction never changes the coder's row in ``events``. It is appended to ``corrections``
(who, when, which event, each field's new value and the value it replaced), and the event's row
in ``corrected_events`` is recomputed from the coder's record and the event's whole trail, the
corrections applied in the order they were made, so the latest one per field wins. Reads of
events (``query``, ``export``, the API) then see the view ``reviewed_events``: corrected values,
rejected events left out, events reviewers added included. Dropping ``corrected_events`` and
replaying ``corrections`` gives the same rows: the trail is the truth, the table its result.

Field values have the shape of the event record (``eventcoder.io.serialize``), reduced to what
a reviewer decides: ``type``, ``mode``, ``source`` and ``target`` (lists of actor codes),
``date`` (``{earliest, latest}``), ``location`` (``{place, country, lat, lon}`` or null) and
``fatalities`` (``{min, max}`` or null).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.model import EVENT_TYPES
from eventcoder.store.schema import transaction
from eventcoder.store.store import Store, _event_row
from eventcoder.store.text_index import index_texts

ACTOR_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
"""An actor code: a state's ISO3, a group id (TTP, AL_SHABAAB, M23), an IGO (UN), anonymous."""
CORRECTABLE_FIELDS = ("type", "mode", "source", "target", "date", "location", "fatalities")
MAX_REVIEWER_CHARS = 200
MAX_NOTE_CHARS = 2_000
REVIEW_BASIS = "review"
"""The ``date.basis`` of a date a reviewer gave."""


class CorrectionKind(StrEnum):
    REJECT = "reject"  # the event is wrong: left out of query, export and gold
    RESTORE = "restore"  # a rejected event stands after all
    CORRECT = "correct"  # some of its fields are corrected
    ADD = "add"  # an event the coder missed, read from an evidence span


@dataclass(frozen=True, slots=True)
class Correction:
    """One entry of the audit trail."""

    id: int
    event_id: str
    doc_id: str
    seq: int
    kind: CorrectionKind
    reviewer: str
    made_at: datetime  # UTC
    changes: Mapping[str, Any]  # field -> its new value
    original: Mapping[str, Any]  # field -> its value before this correction
    note: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "kind": self.kind.value,
            "reviewer": self.reviewer,
            "made_at": self.made_at.isoformat() + "Z",
            "changes": dict(self.changes),
            "original": dict(self.original),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ReviewedEvent:
    """An event after its corrections: ``original`` is the coder's record (None for an event
    a reviewer added), ``record`` the corrected one."""

    doc_id: str
    seq: int
    record: dict[str, Any]
    original: dict[str, Any] | None
    rejected: bool
    trail: tuple[Correction, ...]


def _invalid(detail: str) -> EventcoderError:
    return EventcoderError(ErrorCode.E066, detail=detail)


# ---- field values ---------------------------------------------------------------------------


def _codes(value: object, name: str) -> list[str]:
    if not isinstance(value, list):
        raise _invalid(f"{name} must be a list of actor codes")
    codes: list[str] = []
    for code in value:
        if not isinstance(code, str) or not re.fullmatch(ACTOR_CODE_PATTERN, code.strip()):
            raise _invalid(f"{name}: {str(code)[:80]!r} is not an actor code")
        if code.strip().upper() not in codes:
            codes.append(code.strip().upper())
    return codes


def _day(value: object, name: str) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise _invalid(f"{name}: {str(value)[:40]!r} is not a date YYYY-MM-DD") from None


def _count(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _invalid(f"{name}: {value!r} is not a whole number >= 0")
    return value


def _date(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping) or set(value) != {"earliest", "latest"}:
        raise _invalid("date must be {earliest, latest}")
    earliest = _day(value["earliest"], "date.earliest")
    latest = _day(value["latest"], "date.latest")
    if latest < earliest:
        raise _invalid(f"date: latest {latest} is before earliest {earliest}")
    return {"earliest": earliest, "latest": latest}


def _location(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not set(value) <= {"place", "country", "lat", "lon"}:
        raise _invalid("location must be null or {place, country, lat, lon}")
    place = value.get("place")
    country = value.get("country")
    if place is not None and (not isinstance(place, str) or not place.strip()):
        raise _invalid("location.place must be a name")
    if country is not None and (
        not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{3}", country)
    ):
        raise _invalid(f"location.country: {str(country)[:40]!r} is not an ISO3 code")
    if place is None and country is None:
        raise _invalid("location needs a place or a country (null: no place)")
    lat, lon = value.get("lat"), value.get("lon")
    if (lat is None) != (lon is None):
        raise _invalid("location needs both lat and lon, or neither")
    for name, coordinate, bound in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        if coordinate is not None and (
            isinstance(coordinate, bool)
            or not isinstance(coordinate, int | float)
            or not math.isfinite(coordinate)
            or abs(coordinate) > bound
        ):
            raise _invalid(f"location.{name}: {coordinate!r} is not a coordinate")
    return {
        "place": place.strip() if place else None,
        "country": country.upper() if country else None,
        "lat": float(lat) if lat is not None else None,
        "lon": float(lon) if lon is not None else None,
    }


def _fatalities(value: object) -> dict[str, int | None] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not {"min"} <= set(value) <= {"min", "max"}:
        raise _invalid("fatalities must be null or {min, max} (max null: at least min)")
    least = _count(value["min"], "fatalities.min")
    most = value.get("max")
    if most is not None and _count(most, "fatalities.max") < least:
        raise _invalid(f"fatalities: max {most} is below min {least}")
    return {"min": least, "max": most}


def _mode(value: object) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise _invalid("mode must be a PLOVER mode name or null")
    return value.strip()


def _type(value: object) -> str:
    if not isinstance(value, str) or value.strip().upper() not in EVENT_TYPES:
        raise _invalid(f"type: {str(value)[:40]!r} is not a PLOVER type")
    return value.strip().upper()


_VALIDATORS = {
    "type": _type,
    "mode": _mode,
    "source": lambda v: _codes(v, "source"),
    "target": lambda v: _codes(v, "target"),
    "date": _date,
    "location": _location,
    "fatalities": _fatalities,
}


def validate_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes with each value checked and normalised (codes upper-case, ISO dates);
    E066 names the first field that is not valid."""
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise _invalid(f"{', '.join(unknown)}: not a field a reviewer corrects")
    return {name: _VALIDATORS[name](value) for name, value in changes.items()}


def field_value(record: Mapping[str, Any], name: str) -> Any:
    """A record's value of one correctable field, in the shape corrections give it."""
    if name in ("source", "target"):
        return [str(actor["code"]) for actor in record.get(name) or ()]
    if name == "date":
        return {"earliest": record["date"]["earliest"], "latest": record["date"]["latest"]}
    if name == "location":
        place = record.get("location")
        return (
            None if place is None else {k: place.get(k) for k in ("place", "country", "lat", "lon")}
        )
    if name == "fatalities":
        dead = record.get("fatalities")
        return None if dead is None else {"min": dead["min"], "max": dead.get("max")}
    return record.get(name)


def apply_changes(record: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The record with validated ``changes`` in place of its fields. An actor the coder named
    keeps its text and sector; a reviewer's date, place or toll replaces the coder's whole
    (its mention no longer applies)."""
    corrected = dict(record)
    for name, value in changes.items():
        if name in ("source", "target"):
            known = {actor["code"]: actor for actor in record.get(name) or ()}
            corrected[name] = [known.get(code, {"code": code}) for code in value]
        elif name == "date":
            same_day = value["earliest"] == value["latest"]
            corrected["date"] = {
                **value,
                "precision": "day" if same_day else "range",
                "basis": REVIEW_BASIS,
                "text": None,
            }
        elif name == "location":
            # A place given with its coordinates is a point (incidents link points by
            # distance); one without is of unknown precision.
            precise = value is not None and value.get("lat") is not None
            corrected["location"] = (
                None
                if value is None
                else {**value, "precision": "point" if precise else None, "geonames_id": None}
            )
        elif name == "fatalities":
            corrected["fatalities"] = (
                None if value is None else {**value, "by_side": {}, "vague": None, "text": None}
            )
        else:
            corrected[name] = value
    return corrected


def added_event_id(doc_id: str, seq: int, start: int, end: int, event_type: str) -> str:
    """A reviewer's event's id: like the coder's, a hash of where it is and what it is."""
    key = f"{doc_id}|review|{seq}|{start}|{end}|{event_type}"
    return "rev-" + hashlib.sha1(key.encode()).hexdigest()[:16]


def added_record(doc_id: str, seq: int, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The event record of an ``add`` correction (its changes: the fields and ``evidence``)."""
    evidence = changes["evidence"]
    base: dict[str, Any] = {
        "id": added_event_id(doc_id, seq, evidence["start"], evidence["end"], changes["type"]),
        "doc_id": doc_id,
        "type": changes["type"],
        "mode": None,
        "source": [],
        "target": [],
        "date": None,
        "location": None,
        "fatalities": None,
        "claimed_by": [],
        "auxiliary": [],
        "evidence": dict(evidence),
        "trigger": None,  # a reviewer selects the evidence, not a trigger word
        "more_evidence": [],
        "confidence": None,
        "added": True,
    }
    fields = {k: v for k, v in changes.items() if k != "evidence"}
    return apply_changes(base, fields)


def fold(
    doc_id: str, seq: int, original: Mapping[str, Any] | None, trail: Sequence[Correction]
) -> ReviewedEvent:
    """An event after its trail, applied in order (the latest correction per field wins)."""
    record = dict(original) if original is not None else None
    rejected = False
    for correction in trail:
        if correction.kind is CorrectionKind.ADD:
            record = added_record(doc_id, seq, correction.changes)
        elif record is None:
            raise ValueError(f"the trail of {doc_id}#{seq} does not begin with its event")
        elif correction.kind is CorrectionKind.CORRECT:
            record = apply_changes(record, correction.changes)
        else:
            rejected = correction.kind is CorrectionKind.REJECT
    if record is None:
        raise ValueError(f"no event {doc_id}#{seq}")
    if trail:
        record |= {"corrected": True, "corrections": len(trail), "rejected": rejected}
    return ReviewedEvent(
        doc_id=doc_id,
        seq=seq,
        record=record,
        original=dict(original) if original is not None else None,
        rejected=rejected,
        trail=tuple(trail),
    )


# ---- the store ------------------------------------------------------------------------------


def _reviewer(reviewer: str) -> str:
    name = reviewer.strip() if isinstance(reviewer, str) else ""
    if not name or len(name) > MAX_REVIEWER_CHARS:
        raise _invalid(f"reviewer: a name of 1 to {MAX_REVIEWER_CHARS} characters")
    return name


def _note(note: str | None) -> str | None:
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise _invalid(f"note: at most {MAX_NOTE_CHARS} characters")
    return note or None


def locate_event(store: Store, event_id: str) -> tuple[str, int]:
    """The ``(doc_id, seq)`` of the stored (or added) event with this id; E065 if none."""
    rows = store.connection.execute(
        "SELECT DISTINCT doc_id, seq FROM ("
        "SELECT doc_id, seq FROM events WHERE id = ? "
        "UNION ALL SELECT doc_id, seq FROM corrected_events WHERE id = ?)",
        [event_id, event_id],
    ).fetchall()
    if not rows:
        raise EventcoderError(ErrorCode.E065, event_id=event_id)
    if len(rows) > 1:  # ids hash the document id and the event's offsets: not seen, but said
        raise _invalid(f"event id {event_id!r} names {len(rows)} events")
    return str(rows[0][0]), int(rows[0][1])


def _trail(store: Store, doc_id: str, seq: int) -> list[Correction]:
    rows = store.connection.execute(
        "SELECT id, event_id, doc_id, seq, kind, reviewer, made_at, changes, original, note "
        "FROM corrections WHERE doc_id = ? AND seq = ? ORDER BY id",
        [doc_id, seq],
    ).fetchall()
    return [
        Correction(
            id=r[0],
            event_id=r[1],
            doc_id=r[2],
            seq=r[3],
            kind=CorrectionKind(r[4]),
            reviewer=r[5],
            made_at=r[6],
            changes=json.loads(r[7]),
            original=json.loads(r[8]),
            note=r[9],
        )
        for r in rows
    ]


def _coded_record(store: Store, doc_id: str, seq: int) -> dict[str, Any] | None:
    row = store.connection.execute(
        "SELECT record FROM events WHERE doc_id = ? AND seq = ?", [doc_id, seq]
    ).fetchone()
    return json.loads(row[0]) if row else None


def reviewed_event(store: Store, doc_id: str, seq: int) -> ReviewedEvent:
    """The event ``(doc_id, seq)`` with its trail, as corrected."""
    return fold(doc_id, seq, _coded_record(store, doc_id, seq), _trail(store, doc_id, seq))


def event_review(store: Store, event_id: str) -> ReviewedEvent:
    """The event with this id (E065 if none), its trail and its corrected record."""
    return reviewed_event(store, *locate_event(store, event_id))


def _record_correction(
    store: Store,
    doc_id: str,
    seq: int,
    *,
    kind: CorrectionKind,
    reviewer: str,
    changes: Mapping[str, Any],
    note: str | None,
    now: datetime | None,
) -> ReviewedEvent:
    """Append one correction and recompute the event's corrected row, in one transaction."""
    con = store.connection
    # One transaction; a write the disk refuses (full, read-only) is E069, nothing kept.
    with transaction(con, path=store.path):
        before = reviewed_event(store, doc_id, seq) if kind is not CorrectionKind.ADD else None
        if before is None:
            event_id = added_record(doc_id, seq, changes)["id"]
            original: dict[str, Any] = {}
        else:
            event_id = before.record["id"]
            original = (
                {"rejected": before.rejected}
                if kind in (CorrectionKind.REJECT, CorrectionKind.RESTORE)
                else {name: field_value(before.record, name) for name in changes}
            )
        made_at = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
        con.execute(
            "INSERT INTO corrections (event_id, doc_id, seq, kind, reviewer, made_at, changes, "
            "original, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                event_id,
                doc_id,
                seq,
                kind.value,
                _reviewer(reviewer),
                made_at,
                json.dumps(dict(changes), ensure_ascii=False),
                json.dumps(original, ensure_ascii=False),
                _note(note),
            ],
        )
        after = reviewed_event(store, doc_id, seq)
        con.execute("DELETE FROM corrected_events WHERE doc_id = ? AND seq = ?", [doc_id, seq])
        con.execute(
            "INSERT INTO corrected_events VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSON, ?, ?)",
            [*_event_row(doc_id, seq, after.record), after.rejected, len(after.trail)],
        )
        if kind is CorrectionKind.ADD and store.has_text_index:
            # New evidence: its words go into the text index, in the same transaction.
            index_texts(con, doc_id, [after.record["evidence"]["text"]])
        # The incidents around the event, relinked with its corrected values.
        store.relink_event(doc_id, seq)
    return after


def correct_event(
    store: Store,
    event_id: str,
    *,
    reviewer: str,
    kind: CorrectionKind,
    changes: Mapping[str, Any] | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> ReviewedEvent:
    """Record a reviewer's correction of the event with this id: ``reject`` it, ``restore``
    it, or ``correct`` some of its fields (``changes``: field -> new value). Returns the event
    as corrected now. E065: no such event; E066: the correction is not valid."""
    if kind is CorrectionKind.ADD:
        raise _invalid("kind add adds an event to a document (add_event), not to an event")
    given = dict(changes or {})
    if kind is CorrectionKind.CORRECT and not given:
        raise _invalid("a correction changes at least one field")
    if kind is not CorrectionKind.CORRECT and given:
        raise _invalid(f"kind {kind.value} changes no field; use kind correct")
    validated = validate_changes(given)
    doc_id, seq = locate_event(store, event_id)
    return _record_correction(
        store, doc_id, seq, kind=kind, reviewer=reviewer, changes=validated, note=note, now=now
    )


def add_event(
    store: Store,
    doc_id: str,
    *,
    reviewer: str,
    start: int,
    end: int,
    fields: Mapping[str, Any],
    note: str | None = None,
    now: datetime | None = None,
) -> ReviewedEvent:
    """Record an event the coder missed in a stored document: its evidence is the span
    ``start``-``end`` of the document's text, ``fields`` its ``type`` and ``date`` (both
    needed) and any of ``mode``, ``source``, ``target``, ``location``, ``fatalities``.
    E095: no such document; E067: it was stored without its text; E066: not valid."""
    missing = [name for name in ("type", "date") if name not in fields]
    if missing:
        raise _invalid(f"an added event needs {' and '.join(missing)}")
    validated = validate_changes(fields)
    if store.document(doc_id) is None:
        raise EventcoderError(ErrorCode.E095, doc_id=doc_id)
    text = store.document_text(doc_id)
    if text is None:
        raise EventcoderError(ErrorCode.E067, doc_id=doc_id)
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        raise _invalid(
            f"evidence {start}-{end} is not a span of the document's text "
            f"(0-{len(text)}, not only whitespace)"
        )
    # The next seq of the document: the store has one writer (DuckDB's lock; in the server,
    # its write lock too), so nobody takes it between here and the insert.
    row = store.connection.execute(
        "SELECT greatest((SELECT max(seq) FROM events WHERE doc_id = ?), "
        "(SELECT max(seq) FROM corrected_events WHERE doc_id = ?))",
        [doc_id, doc_id],
    ).fetchone()
    seq = -1 if row is None or row[0] is None else int(row[0])
    evidence = {"text": text[start:end], "start": start, "end": end}
    return _record_correction(
        store,
        doc_id,
        seq + 1,
        kind=CorrectionKind.ADD,
        reviewer=reviewer,
        changes={"evidence": evidence, **validated},
        note=note,
        now=now,
    )


def reviewed_doc_ids(store: Store) -> list[str]:
    """The documents with at least one correction, by id."""
    rows = store.connection.execute(
        "SELECT DISTINCT doc_id FROM corrections ORDER BY doc_id"
    ).fetchall()
    return [str(r[0]) for r in rows]
