"""The one serializer: typed events → the wire record of shared/gold/README.md (plus extras)."""

from __future__ import annotations

from typing import Any

from eventcoder.model import (
    Actor,
    Annotated,
    DateInterval,
    Dropped,
    Event,
    Fatalities,
    Place,
    Span,
)


def _actor(actor: Actor) -> dict[str, Any]:
    record: dict[str, Any] = {"code": actor.code}
    if actor.mention is not None:
        record["text"] = actor.mention.text
    elif actor.name:
        record["text"] = actor.name
    if actor.sector:
        record["sector"] = actor.sector
    return record


def _date(interval: DateInterval) -> dict[str, Any]:
    return {
        "earliest": interval.earliest.isoformat(),
        "latest": interval.latest.isoformat(),
        "precision": interval.precision.value,
        "basis": interval.basis.value,
        "text": interval.mention.text if interval.mention else None,
    }


def _place(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "place": place.name,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "precision": place.precision,
        "geonames_id": place.geonames_id,
    }


def _fatalities(fatalities: Fatalities | None) -> dict[str, Any] | None:
    if fatalities is None:
        return None
    return {
        "min": fatalities.min,
        "max": fatalities.max,
        "by_side": dict(fatalities.by_side),
        "vague": fatalities.vague,
        "text": fatalities.mention.text if fatalities.mention else None,
    }


def _span(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def dropped_to_record(doc_id: str, dropped: Dropped) -> dict[str, Any]:
    """A candidate a named rule set aside (``--explain --dropped``): never an event record."""
    return {
        "doc_id": doc_id,
        "dropped": True,
        "type": dropped.type,
        "rule": dropped.rule,
        "trigger": _span(dropped.span),
        "evidence": _span(dropped.sentence),
    }


def event_to_record(event: Event, *, explain: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": event.id,
        "doc_id": event.doc_id,
        "type": event.type,
        "mode": event.mode,
        "source": [_actor(a) for a in event.source],
        "target": [_actor(a) for a in event.target],
        "date": _date(event.date),
        "location": _place(event.location),
        "fatalities": _fatalities(event.fatalities),
        "claimed_by": [_actor(a) for a in event.claimed_by],
        "auxiliary": [mode.value for mode in event.auxiliary],
        "evidence": _span(event.evidence),
        "trigger": _span(event.trigger),
        "more_evidence": [_span(s) for s in event.more_evidence],
        "confidence": event.confidence,
    }
    if explain:
        record["why"] = event.why
    return record


def annotated_spans(annotated: Annotated) -> dict[str, list[dict[str, Any]]]:
    """The mentions the pipeline found, each with its span (offsets into the coded text):
    actors, event triggers, time expressions, places and the events' death tolls (numbers),
    each list in text order."""
    actors = [
        {
            **_span(m.span),
            "code": m.actor.code,
            "kind": m.kind,
            "sector": m.actor.sector,
            "country": m.actor.country,
            "name": m.actor.name,
        }
        for m in annotated.actors
    ]
    triggers = [
        {
            **_span(t.span),
            "type": t.type,
            "mode": t.mode,
            "auxiliary": [mode.value for mode in t.auxiliary],
            "sentence": {"start": t.sentence.start, "end": t.sentence.end},
        }
        for t in annotated.triggers
    ]
    times = [{**_span(m.span), "date": _date(m.interval)} for m in annotated.times]
    places = [{**_span(m.span), "place": _place(m.place)} for m in annotated.places]
    numbers: dict[tuple[int, int], dict[str, Any]] = {}
    for event in annotated.events:  # tolls, as the events read them (one entry per span)
        toll = event.fatalities
        if toll is not None and toll.mention is not None:
            key = (toll.mention.start, toll.mention.end)
            numbers.setdefault(key, {**_span(toll.mention), "fatalities": _fatalities(toll)})
    return {
        name: sorted(items, key=lambda item: (item["start"], item["end"]))
        for name, items in (
            ("actors", actors),
            ("triggers", triggers),
            ("times", times),
            ("places", places),
            ("numbers", list(numbers.values())),
        )
    }
