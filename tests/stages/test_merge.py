from __future__ import annotations

from dataclasses import replace
from datetime import date

from eventcoder.knowledge.words import load_event_words
from eventcoder.model import (
    Actor,
    Annotated,
    DateBasis,
    DateInterval,
    Document,
    Event,
    Fatalities,
    Precision,
    Span,
)
from eventcoder.stages.merge import MergeComponent
from eventcoder.stages.merge import same_occurrence as _same_occurrence


def same_occurrence(a: Event, b: Event) -> bool:
    return _same_occurrence(a, b, load_event_words().two_sided_words)


def event(
    type_: str,
    source: tuple[str, ...],
    target: tuple[str, ...],
    day: tuple[int, int],
    start: int,
    fatalities: Fatalities | None = None,
) -> Event:
    span = Span(start, start + 10, "x" * 10)
    return Event(
        id=f"e{start}",
        doc_id="d",
        type=type_,
        mode=None,
        source=tuple(Actor(c) for c in source),
        target=tuple(Actor(c) for c in target),
        date=DateInterval(
            date(2025, 10, day[0]), date(2025, 10, day[1]), Precision.DAY, DateBasis.EXPLICIT
        ),
        evidence=span,
        trigger=span,
        fatalities=fatalities,
    )


def test_same_actors_overlapping_dates_are_one_occurrence() -> None:
    assert same_occurrence(
        event("AGREE", ("PAK",), ("AFG",), (19, 19), 0),
        event("AGREE", ("PAK",), ("AFG",), (1, 29), 50),
    )


def test_two_sided_types_merge_in_either_direction() -> None:
    fighting = event("ASSAULT", ("PAK",), ("TTP",), (24, 26), 0)
    assert same_occurrence(
        replace(fighting, trigger=Span(0, 7, "clashes")),
        event("ASSAULT", ("TTP",), ("PAK",), (25, 25), 50),
    )
    assert same_occurrence(
        event("CONSULT", ("IND",), ("CHN",), (24, 26), 0),
        event("CONSULT", ("CHN",), ("IND",), (25, 25), 50),
    )
    assert not same_occurrence(
        event("ACCUSE", ("PAK",), ("AFG",), (1, 1), 0),
        event("ACCUSE", ("AFG",), ("PAK",), (1, 1), 50),
    )


def test_one_sided_attacks_in_opposite_directions_are_two_attacks() -> None:
    strikes = event("ASSAULT", ("PAK",), ("AFG",), (1, 29), 0)
    reply = event("ASSAULT", ("AFG",), ("PAK",), (29, 29), 50)
    strikes = replace(strikes, trigger=Span(0, 11, "air strikes"))
    reply = replace(reply, trigger=Span(50, 57, "attacks"))
    assert not same_occurrence(strikes, reply)
    clashes = replace(reply, trigger=Span(50, 57, "clashes"))
    assert same_occurrence(strikes, clashes)


def test_a_repeat_naming_no_target_is_the_same_act() -> None:
    assert same_occurrence(
        event("MOBILIZE", ("RUS",), ("UKR",), (14, 16), 0),
        event("MOBILIZE", ("RUS",), (), (16, 16), 50),
    )
    assert not same_occurrence(
        event("MOBILIZE", ("RUS",), ("UKR",), (14, 16), 0),
        event("MOBILIZE", ("BLR",), (), (16, 16), 50),
    )


def test_a_statement_repeated_in_other_words_of_one_head_is_one_statement() -> None:
    first = event("THREATEN", ("ISR",), ("PSE",), (21, 21), 0)
    again = event("THREATEN", ("ISR",), ("PSE",), (21, 21), 50)
    first = replace(first, trigger=Span(0, 11, "air strikes"))
    again = replace(again, trigger=Span(50, 57, "strikes"))
    assert same_occurrence(first, again)
    other = replace(again, trigger=Span(50, 58, "invasion"))
    assert not same_occurrence(first, other)


def test_other_day_or_type_is_another_occurrence() -> None:
    assert not same_occurrence(
        event("ASSAULT", ("PAK",), ("TTP",), (1, 2), 0),
        event("ASSAULT", ("PAK",), ("TTP",), (5, 6), 50),
    )
    assert not same_occurrence(
        event("ASSAULT", ("PAK",), ("TTP",), (1, 2), 0),
        event("THREATEN", ("PAK",), ("TTP",), (1, 2), 50),
    )


def test_merged_event_keeps_every_evidence_span_and_the_narrowest_date() -> None:
    annotated = Annotated(document=Document(id="d", text="", published=date(2025, 10, 29)))
    dead = Fatalities(30, 30)
    annotated.events = [
        event("AGREE", ("PAK",), ("AFG",), (1, 29), 0),
        event("AGREE", ("AFG",), ("PAK",), (19, 19), 100, fatalities=dead),
        event("ACCUSE", ("PAK",), ("AFG",), (29, 29), 200),
    ]
    MergeComponent()(annotated)
    assert [e.type for e in annotated.events] == ["AGREE", "ACCUSE"]
    merged = annotated.events[0]
    assert merged.date.earliest == merged.date.latest == date(2025, 10, 19)
    assert [s.start for s in merged.more_evidence] == [100]
    assert merged.fatalities == dead
