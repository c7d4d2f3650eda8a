"""What every argument rule reads: the stage's word lists and the document being coded.

``Knowledge`` holds the lexicons loaded once when the stage is built (passed as ``kb``);
``DocumentContext`` holds one document's mentions, sorted, with what earlier triggers of the
document decided (the last event of each type, paragraph dates, deaths per sentence), so that
rules about later triggers can refer back. The lookups here find mentions by character offset
with a bisection over the sorted starts. Constants used by more than one concern live here too.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from eventcoder.knowledge.actors import ActorLexicon, load_actor_lexicon
from eventcoder.knowledge.gazetteer import Gazetteer, load_gazetteer
from eventcoder.knowledge.lexicon import Cues, load_cues, load_event_lexicon
from eventcoder.knowledge.words import (
    Clauses,
    EventWords,
    Participants,
    load_clauses,
    load_event_words,
    load_participants,
)
from eventcoder.model import (
    Actor,
    ActorMention,
    Annotated,
    DateInterval,
    Event,
    Fatalities,
    Place,
    PlaceMention,
    TimeMention,
    Unit,
)
from eventcoder.stages.arguments.tokens import _mediator_phrases

M = TypeVar("M", ActorMention, TimeMention, PlaceMention)
VERBAL_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT", "AGREE", "CONSULT"})
"""Types whose actor is the speaker when the trigger names none of its own."""
TOWN_PRECISIONS = frozenset({"point", "admin"})
"""Place precisions finer than a country: a town, a province."""
HISTORICAL_DAYS = 365
"""An event that ended more than this long before publication is background history."""
TERRITORIAL_TYPES = frozenset({"ASSAULT", "MOBILIZE", "COERCE"})


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The word lists and lexicons the argument rules read, loaded once when the stage is built."""

    actor_lexicon: ActorLexicon
    gazetteer: Gazetteer
    cues: Cues
    participants: Participants
    clauses: Clauses
    event_words: EventWords
    event_nouns: dict[str, str]
    """Event nouns that say their type on their own ("sanctions", "attack", "ceasefire"):
    "these sanctions" in a later sentence points back to the story's sanctions."""
    weapon_nouns: frozenset[str]
    """Nouns that tell an attack ("shell", "landmine", "IED"): as a doer, an unnamed one."""


def load_knowledge() -> Knowledge:
    """Load every word list once (the stage is built once per pipeline, never at import)."""
    actor_lexicon = load_actor_lexicon()
    gazetteer = load_gazetteer()
    cues = load_cues()
    participants = load_participants()
    clauses = load_clauses()
    event_words = load_event_words()
    # One pass over the event lexicon builds both noun tables.
    event_nouns: dict[str, str] = {}
    weapon_nouns: set[str] = set()
    for entry in load_event_lexicon().entries:
        if entry.pos != "NOUN" or len(entry.lemma) != 1:
            continue
        if not entry.conditional:
            event_nouns.setdefault(entry.lemma[0], entry.type)
        if entry.type == "ASSAULT":
            weapon_nouns.add(entry.lemma[0])
    return Knowledge(
        actor_lexicon=actor_lexicon,
        gazetteer=gazetteer,
        cues=cues,
        participants=participants,
        clauses=clauses,
        event_words=event_words,
        event_nouns=event_nouns,
        weapon_nouns=frozenset(weapon_nouns),
    )


@dataclass
class DocumentContext:
    """What the argument stage knows about the whole document."""

    annotated: Annotated
    doc: Doc
    actor_starts: list[int]
    time_starts: list[int]
    place_starts: list[int]
    people: dict[str, Actor]
    home: str | None
    dateline_place: Place | None
    filed_abroad: bool = False
    """Whether the dateline's country is none the story's towns and regions are in ("CAIRO -
    Sudan's RSF attacked a village in Gezira"): it still says where the story was told, but
    its people and forces are not the story's."""
    names_states: bool = False
    """Whether the story names any state (else its home is its groups' home country)."""
    ranked: list[Actor] = field(default_factory=list)
    introduced: dict[str, int] = field(default_factory=dict)
    """Where the story first names each ranked actor (by code): offset of its first mention."""
    last_of_type: dict[str, Event] = field(default_factory=dict)
    """The last event coded of each type, for definite event nouns that continue it."""
    told: list[Event] = field(default_factory=list)
    """Every event coded so far, in the text's order ("condemned the strike": which one)."""
    unit_dates: dict[int, DateInterval] = field(default_factory=dict)
    """The date of the last dated event told in each unit (keyed by the unit's start)."""
    fatalities: dict[int, Fatalities | None] = field(default_factory=dict)
    """Deaths found per sentence (keyed by its start): several triggers share a sentence."""
    go_betweens: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    """Go-between phrases per sentence (keyed by its first token): asked once per phrase."""
    story_place: Place | None = None
    """Where the story happens: its dateline, else its first place named with "in", "at"."""
    sentence_country: str | None = None
    """Country of the first sub-national place in the sentence being coded, if any."""

    @property
    def dyad(self) -> tuple[Actor, ...]:
        """The story's two most named actors ("both nations", "the two sides")."""
        return tuple(self.ranked[:2])


def _mentions_in(context: DocumentContext, start: int, end: int) -> list[ActorMention]:
    found = _starting_in(context.annotated.actors, context.actor_starts, start, end)
    return [m for m in found if m.span.end <= end]


def _go_betweens(kb: Knowledge, context: DocumentContext, sent: SpacySpan) -> list[tuple[int, int]]:
    if sent.start not in context.go_betweens:
        context.go_betweens[sent.start] = _mediator_phrases(sent, kb.clauses)
    return context.go_betweens[sent.start]


def _times_in(context: DocumentContext, start: int, end: int) -> list[TimeMention]:
    return _starting_in(context.annotated.times, context.time_starts, start, end)


def _unit_of(context: DocumentContext, offset: int) -> Unit | None:
    for unit in context.annotated.units:
        if unit.span.start <= offset < unit.span.end:
            return unit
    return None


def _places_in(context: DocumentContext, start: int, end: int) -> list[PlaceMention]:
    return _starting_in(context.annotated.places, context.place_starts, start, end)


def _starting_in(items: list[M], starts: list[int], start: int, end: int) -> list[M]:
    """The mentions (sorted by start, ``starts`` their offsets) that start in [start, end)."""
    return items[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[str] = set()
    result = []
    for actor in actors:
        if actor.code not in seen:
            seen.add(actor.code)
            result.append(actor)
    return result
