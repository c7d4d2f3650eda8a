"""One event per occurrence inside a document.

Two events are one occurrence when they have the same type, their date intervals overlap and
either they come from the same sentence (a noun and its verb: "clashes killed ...") or their
actors agree (the same codes on each side, or either direction for two-sided types). The merged
event keeps every evidence span, the narrowest date, and the first place, fatalities and
claimants found.
"""

from __future__ import annotations

from dataclasses import replace

from eventcoder.model import Actor, Annotated, Event

SYMMETRIC_TYPES = frozenset({"ASSAULT", "CONSULT", "AGREE", "COOPERATE"})
STATEMENT_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT"})
"""Verbal types: separate sentences are separate statements unless they repeat the same word
(a quote and its paraphrase)."""


def _codes(actors: tuple[Actor, ...]) -> frozenset[str]:
    return frozenset(a.code for a in actors)


def same_occurrence(a: Event, b: Event) -> bool:
    if a.type != b.type or not a.date.overlaps(b.date):
        return False
    if a.evidence.start == b.evidence.start and _compatible(a, b):
        return True
    if not (a.source or a.target) or not (b.source or b.target):
        return False
    if a.type in STATEMENT_TYPES and a.trigger.text.lower() != b.trigger.text.lower():
        return False  # two accusations in two sentences are two statements
    sides_a = (_codes(a.source), _codes(a.target))
    sides_b = (_codes(b.source), _codes(b.target))
    if sides_a == sides_b:
        return True
    return a.type in SYMMETRIC_TYPES and sides_a == (sides_b[1], sides_b[0])


def _compatible(a: Event, b: Event) -> bool:
    """Actors that do not contradict: the same sources, or the same targets."""
    return _codes(a.source) == _codes(b.source) or (
        bool(a.target) and _codes(a.target) == _codes(b.target)
    )


def merge_pair(kept: Event, other: Event) -> Event:
    def union(x: tuple[Actor, ...], y: tuple[Actor, ...]) -> tuple[Actor, ...]:
        codes = {a.code for a in x}
        return x + tuple(a for a in y if a.code not in codes)

    narrower = (
        other.date
        if (other.date.latest - other.date.earliest) < (kept.date.latest - kept.date.earliest)
        and other.date.basis.value != "publication"
        else kept.date
    )
    spans = {
        s.start: s
        for s in (kept.evidence, *kept.more_evidence, other.evidence, *other.more_evidence)
    }
    source = union(kept.source, other.source)
    target = union(kept.target, other.target)
    return replace(
        kept,
        source=source,
        target=target,
        date=narrower,
        location=kept.location or other.location,
        fatalities=kept.fatalities or other.fatalities,
        claimed_by=kept.claimed_by or other.claimed_by,  # the first report's source
        mode=kept.mode or other.mode,
        more_evidence=tuple(
            s for start, s in sorted(spans.items()) if start != kept.evidence.start
        ),
        confidence=max(kept.confidence, other.confidence),
        why=kept.why
        if other.evidence.start == kept.evidence.start
        else f"{kept.why}; merged with another mention",
    )


class MergeComponent:
    def __call__(self, annotated: Annotated) -> None:
        merged: list[Event] = []
        for event in annotated.events:
            for i, kept in enumerate(merged):
                if same_occurrence(kept, event):
                    merged[i] = merge_pair(kept, event)
                    break
            else:
                merged.append(event)
        annotated.events = merged
