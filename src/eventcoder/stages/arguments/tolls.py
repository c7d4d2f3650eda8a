"""How many died, and whose toll a death report is.

Deaths are read once per sentence (``find_fatalities``), each side coded through the actor
lexicon. A toll told apart from any actor ("Doctors said at least 56 civilians had been
killed") belongs to the story's last attack that has none yet, not to an event of its own; a
toll word ("killed", "died") is a death report, not an attack, and so is never given a claimed
doer.
"""

from __future__ import annotations

from dataclasses import replace

from eventcoder.model import Event, Fatalities, Trigger
from eventcoder.stages.arguments.actors import _anchor
from eventcoder.stages.arguments.context import DocumentContext, Knowledge, _unit_of
from eventcoder.stages.fatalities import find_fatalities
from eventcoder.stages.sentences import tells_mutual_fighting


def _toll_for_earlier_event(
    kb: Knowledge, context: DocumentContext, trigger: Trigger, events: list[Event]
) -> bool:
    """ "Doctors said at least 56 civilians had been killed": a toll told apart from any
    actor belongs to the story's last violent event that has none yet. Whether the story
    had an attack the toll could belong to."""
    # The story's last attack, not a photo caption's (captions tell other days' events);
    # the fighting itself ("the army and the RSF fought") before one side's part of it.
    attacks = [
        e
        for e in reversed(events)
        if e.type == "ASSAULT" and not _in_caption(context, e.evidence.start)
    ]
    earlier = next(
        (
            e
            for e in attacks
            if tells_mutual_fighting(e.trigger.text, kb.event_words.two_sided_words)
            and e.fatalities is None
        ),
        attacks[0] if attacks else None,
    )
    if earlier is None:
        return False
    if earlier.fatalities is not None:
        return True
    toll = _fatalities(kb, context, trigger)
    if toll is None:
        return True
    updated = replace(
        earlier,
        fatalities=toll,
        more_evidence=(*earlier.more_evidence, trigger.sentence),
        why=f"{earlier.why}; deaths from a later sentence",
    )
    events[:] = [updated if e.id == earlier.id else e for e in events]
    if context.last_of_type.get("ASSAULT") is earlier:
        context.last_of_type["ASSAULT"] = updated
    return True


def _in_caption(context: DocumentContext, offset: int) -> bool:
    unit = _unit_of(context, offset)
    return unit is not None and unit.kind == "caption"


def _fatalities(kb: Knowledge, context: DocumentContext, trigger: Trigger) -> Fatalities | None:
    sentence = trigger.sentence
    if sentence.start not in context.fatalities:
        context.fatalities[sentence.start] = _find_fatalities(kb, context, trigger)
    return context.fatalities[sentence.start]


def _find_fatalities(
    kb: Knowledge, context: DocumentContext, trigger: Trigger
) -> Fatalities | None:
    sentence = trigger.sentence
    annotated = context.annotated

    def side_of(phrase: str) -> str | None:
        found = kb.actor_lexicon.find(phrase, on=annotated.document.published)
        for mention in found:
            actor = _anchor(context, mention.actor)
            if actor.code:
                return actor.code
        return None

    return find_fatalities(sentence.text, offset=sentence.start, side_of=side_of)


def _is_toll_word(trigger: Trigger, toll_words: frozenset[str]) -> bool:
    """ "killed", "died": a death report, not an attack of its own."""
    return trigger.span.text.lower() in toll_words
