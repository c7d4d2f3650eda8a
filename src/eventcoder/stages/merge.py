"""One event per occurrence inside a document.

Two events are one occurrence when they have the same type, their date intervals overlap and
either they come from the same sentence (a noun and its verb: "clashes killed ...") or their
actors agree (the same codes on each side, or either direction for two-sided types). The merged
event keeps every evidence span, the best-founded date (its own time expression first, then
the narrowest), and the first place, fatalities and
claimants found.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from eventcoder.knowledge.words import EventWords, load_event_words
from eventcoder.model import (
    SYMMETRIC_TYPES,
    Actor,
    Annotated,
    AuxiliaryMode,
    DateBasis,
    DateInterval,
    Event,
)
from eventcoder.stages.sentences import tells_mutual_fighting

STATEMENT_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT"})
"""Verbal types: separate sentences are separate statements unless they repeat the same word
(a quote and its paraphrase)."""


def _key_word(event: Event) -> str:
    """The trigger's head word without a plural "s": "air strikes" and "strike" say the same."""
    word = event.trigger.text.lower().split()[-1] if event.trigger.text.strip() else ""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _codes(actors: tuple[Actor, ...]) -> frozenset[str]:
    return frozenset(a.code for a in actors)


SEQUENCE_WINDOW = timedelta(days=7)
"""How far before (or after) its anchor an act told by sequence alone ("after twin bombings")
may lie and still be the act the story dates elsewhere: about a week in a news story."""


def _possible_dates(event: Event) -> DateInterval:
    if event.date.basis != DateBasis.SEQUENCE:
        return event.date
    return replace(
        event.date,
        earliest=event.date.earliest - SEQUENCE_WINDOW,
        latest=event.date.latest + SEQUENCE_WINDOW,
    )


def same_occurrence(a: Event, b: Event, two_sided_words: frozenset[str]) -> bool:
    """Do two events tell one occurrence? ``two_sided_words`` are the trigger words that tell
    fighting as mutual (``EventWords.two_sided_words``)."""
    if a.type != b.type or not _possible_dates(a).overlaps(_possible_dates(b)):
        return False
    if a.evidence.start == b.evidence.start and _compatible(a, b):
        # "asked Myanmar to take back the refugees and urged the UN to press the junta": two
        # statements in two words to two addressees are two statements.
        return not (
            a.type in STATEMENT_TYPES
            and _key_word(a) != _key_word(b)
            and a.target
            and b.target
            and _codes(a.target) != _codes(b.target)
        )
    if not (a.source or a.target) or not (b.source or b.target):
        return False
    if _told_in_two_towns(a, b):
        # "Demonstrators stormed parliament in Nairobi ... Protests also took place in
        # Mombasa": the same act told in two towns, each named with it, happened twice.
        return False
    if _fought_in(a, b, two_sided_words) or _fought_in(b, a, two_sided_words):
        return True
    if (
        (_loosely_dated(a) or _loosely_dated(b))
        and _shares_an_actor(a, b)
        and not (_announced(a) or _announced(b))
    ):
        # "buried their dead on Tuesday after twin car bombings": an act dated only as some
        # time before another is the same-type act the story tells with its own date; never
        # one still to come ("after talks in Kabul" is not next week's visit).
        return True
    if a.type in STATEMENT_TYPES and _key_word(a) != _key_word(b):
        return False  # two accusations in two sentences are two statements
    sides_a = (_codes(a.source), _codes(a.target))
    sides_b = (_codes(b.source), _codes(b.target))
    if sides_a == sides_b:
        return True
    if sides_a[0] == sides_b[0] and not (sides_a[1] and sides_b[1]):
        # "Russia continues the military build-up" after "Russia massed troops near Ukraine":
        # a repeat that names no target is the same act.
        return True
    # Either direction for two-sided acts, when both name both sides: an unnamed doer is not
    # the other side's ("gunmen killed villagers" is not "the army killed bandits").
    both_named = all(sides_a) and all(sides_b)
    if a.type == "ASSAULT" and not (
        tells_mutual_fighting(a.trigger.text, two_sided_words)
        or tells_mutual_fighting(b.trigger.text, two_sided_words)
    ):
        # "Pakistani air strikes on Kabul" and "the Taliban responded with attacks on posts":
        # one-sided attacks in opposite directions are two attacks; only fighting told as
        # mutual ("clashes", "fought") is one occurrence told from either side.
        return False
    return a.type in SYMMETRIC_TYPES and both_named and sides_a == (sides_b[1], sides_b[0])


def _fought_in(clash: Event, harm: Event, two_sided_words: frozenset[str]) -> bool:
    """ "Three soldiers were killed in clashes with IS": the killing told in the sentence of a
    clash whose sides it names no one else of is that clash, and the clash's sides stand."""
    return (
        clash.type == harm.type == "ASSAULT"
        and clash.evidence.start == harm.evidence.start
        and bool(clash.source and clash.target)
        and tells_mutual_fighting(clash.trigger.text, two_sided_words)
        and not tells_mutual_fighting(harm.trigger.text, two_sided_words)
        and (_codes(harm.source) | _codes(harm.target))
        <= _codes(clash.source) | _codes(clash.target)
    )


def _told_in_two_towns(a: Event, b: Event) -> bool:
    return (
        a.location is not None
        and b.location is not None
        and a.location.precision == b.location.precision == "point"
        and a.location.name != b.location.name
        and _named_with(a)
        and _named_with(b)
    )


def _named_with(event: Event) -> bool:
    """Is the event's place named in its own evidence (not a dateline's or the story's)?"""
    mention = event.location.mention if event.location else None
    return mention is not None and any(
        span.start <= mention.start and mention.end <= span.end
        for span in (event.evidence, *event.more_evidence)
    )


def _announced(event: Event) -> bool:
    return AuxiliaryMode.FUTURE in event.auxiliary


def _loosely_dated(event: Event) -> bool:
    return event.date.basis == DateBasis.SEQUENCE


def _shares_an_actor(a: Event, b: Event) -> bool:
    return bool((_codes(a.source) | _codes(a.target)) & (_codes(b.source) | _codes(b.target)))


def _compatible(a: Event, b: Event) -> bool:
    """Actors that do not contradict: the same sources, or the same targets."""
    return _codes(a.source) == _codes(b.source) or (
        bool(a.target) and _codes(a.target) == _codes(b.target)
    )


DATE_BASIS_RANK = {
    DateBasis.EXPLICIT: 0,
    DateBasis.RELATIVE: 0,
    DateBasis.CAPTION: 1,
    DateBasis.CONTEXT: 2,
    DateBasis.SEQUENCE: 3,
    DateBasis.PUBLICATION: 4,
}
"""A mention's own time expression dates an occurrence better than one it inherits."""


def _date_rank(interval: DateInterval) -> tuple[int, int]:
    return DATE_BASIS_RANK[interval.basis], (interval.latest - interval.earliest).days


def merge_pair(kept: Event, other: Event, two_sided_words: frozenset[str]) -> Event:
    """One event from two mentions. Its fields come from the first mention, unless that one is
    dated only by sequence ("after twin bombings"): then the mention that tells the act with a
    date of its own gives the sides, place, toll and claimants; a clash gives its sides to a
    killing told in it (``_fought_in``); every evidence span is kept."""

    def union(x: tuple[Actor, ...], y: tuple[Actor, ...]) -> tuple[Actor, ...]:
        codes = {a.code for a in x}
        return x + tuple(a for a in y if a.code not in codes)

    if _fought_in(other, kept, two_sided_words):
        kept, other = other, kept
    first, second = kept, other
    if _loosely_dated(kept) and not _loosely_dated(other):
        first, second = other, kept
    spans = {
        s.start: s
        for s in (kept.evidence, *kept.more_evidence, other.evidence, *other.more_evidence)
    }
    sides_known = _loosely_dated(first) == _loosely_dated(second) and not _fought_in(
        kept, other, two_sided_words
    )
    return replace(
        kept,
        source=union(first.source, second.source) if sides_known else first.source,
        target=union(first.target, second.target) if sides_known else first.target,
        date=min(kept.date, other.date, key=_date_rank),
        location=first.location or second.location,
        fatalities=first.fatalities or second.fatalities,
        claimed_by=first.claimed_by or second.claimed_by,  # the first report's source
        mode=first.mode or second.mode,
        more_evidence=tuple(
            s for start, s in sorted(spans.items()) if start != kept.evidence.start
        ),
        confidence=max(kept.confidence, other.confidence),
        why=kept.why
        if other.evidence.start == kept.evidence.start
        else f"{kept.why}; merged with another mention",
    )


class MergeComponent:
    def __init__(self) -> None:
        self.event_words: EventWords = load_event_words()

    def __call__(self, annotated: Annotated) -> None:
        merged: list[Event] = []
        for event in annotated.events:
            for i, kept in enumerate(merged):
                if same_occurrence(kept, event, self.event_words.two_sided_words):
                    merged[i] = merge_pair(kept, event, self.event_words.two_sided_words)
                    break
            else:
                merged.append(event)
        annotated.events = merged
