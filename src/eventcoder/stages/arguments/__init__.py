"""Arguments: who did it to whom, when, where, how many died, and who says so.

Every argument is chosen among the mentions the earlier stages found, by the trigger's place in
the dependency parse:

- **source/target**: a verb's subject and object (swapped in the passive, "by X" is the agent),
  a noun's possessor or national adjective ("Pakistan's strikes", "Pakistani air strikes") and
  its target prepositions ("attacks on X", "sanctions against X", "talks with X"); "between X and
  Y" gives both sides; a noun with no actor of its own takes the subject of the verb it serves
  ("The Taliban responded with attacks on ..."). Pronouns and people's names resolve through the
  document: a person is coded by the title or group they were introduced with.
- **date**: the trigger clause's own time expression, else its reporting clause's, else the
  sentence's, else earlier in the paragraph, else a caption's own date, else the publication date
  marked as such.
- **place**: a place in the trigger's clause, else in the sentence, else the dateline.
- **claimed_by**: the subject of the reporting verb the trigger sits under, or "according to X";
  unnamed sources are ``anonymous``.

This module is the stage itself: ``ArgumentsComponent`` (registered in ``pipeline.py``) builds
the document's context, turns each trigger into an event with ``build_event``, and decides which
events without a named doer are kept. The rules live by concern; the imports run one way
(``sides`` → ``unnamed`` → ``actors`` → ``context`` → ``tokens``; ``claims`` and ``tolls`` use
``actors``; ``date`` and ``place`` only ``context`` and ``tokens``), so there are no cycles:

- ``sides``: source and target of one trigger, and the unnamed other side (``_counterpart``);
- ``unnamed``: actors the text tells but never names (crowds, professions, gunmen, the people
  of the scene), and the doer and victim phrases those rules read;
- ``actors``: what actor a phrase, pronoun or person's name stands for, and the document-level
  actor context (home country, people, most named actors);
- ``date``, ``place``, ``claims``, ``tolls``: the event's date, location, claimant (and claims
  of responsibility), and deaths;
- ``context``: the loaded word lists (``Knowledge``), the per-document ``DocumentContext`` and
  the lookups of mentions by offset; ``tokens``: helpers over the dependency parse alone.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Token

from eventcoder.model import (
    Actor,
    Annotated,
    AuxiliaryMode,
    DateBasis,
    Dropped,
    Event,
    Place,
    Trigger,
)
from eventcoder.stages.arguments.actors import _home_country, _people, _ranked, actors_of
from eventcoder.stages.arguments.claims import _blamers, _claimants, _claimed, _claims
from eventcoder.stages.arguments.context import (
    HISTORICAL_DAYS,
    TERRITORIAL_TYPES,
    TOWN_PRECISIONS,
    DocumentContext,
    Knowledge,
    _unit_of,
    load_knowledge,
)
from eventcoder.stages.arguments.date import (
    RelativeAnchor,
    _date,
    _relative_anchor,
    _tells_an_actors_past,
)
from eventcoder.stages.arguments.place import _dateline_place, _first_scene, _place, _scene_country
from eventcoder.stages.arguments.sides import _directed, _sides, _striker
from eventcoder.stages.arguments.tokens import (
    OBJECT_DEPS,
    PRONOUNS,
    SUBJECT_DEPS,
    _definite,
    _harm_told_passively,
    _in_temporal_phrase,
    _passive,
    _pluperfect,
    _within,
)
from eventcoder.stages.arguments.tolls import _fatalities, _is_toll_word, _toll_for_earlier_event
from eventcoder.stages.arguments.unnamed import _unknown_doer, _unknown_group
from eventcoder.stages.sentences import (
    clause_verb,
    codable_sentences,
    lemma,
    tells_mutual_fighting,
)

VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
CLAIMABLE_TYPES = frozenset({"ASSAULT", "COERCE"})
"""Acts a group claims responsibility for."""
TOWARD_SOMEONE_TYPES = frozenset({"REJECT", "SUPPORT", "THREATEN"})
"""Acts always toward someone: a rejection, a backing or a threat of no one the text names is
set aside (rule ``aimed_at_no_one``)."""


class ArgumentsComponent:
    """The registered ``arguments`` stage: one event per trigger, with its arguments, or the
    trigger set aside with the rule that dropped it."""

    def __init__(self) -> None:
        self.kb: Knowledge = load_knowledge()

    def __call__(self, annotated: Annotated) -> None:
        doc = annotated.doc
        assert isinstance(doc, Doc), "the parse stage must run first"
        annotated.actors.sort(key=lambda m: m.span.start)
        annotated.times.sort(key=lambda m: m.span.start)
        annotated.places.sort(key=lambda m: m.span.start)
        context = DocumentContext(
            annotated=annotated,
            doc=doc,
            actor_starts=[m.span.start for m in annotated.actors],
            time_starts=[m.span.start for m in annotated.times],
            place_starts=[m.span.start for m in annotated.places],
            people={},
            home=None,
            dateline_place=None,
        )
        context.dateline_place = _dateline_place(self.kb, annotated)
        context.filed_abroad = _filed_abroad(annotated, context.dateline_place)
        # "CAIRO (Reuters) - Sudan's RSF killed ...": the army of a story filed from abroad is
        # the country its text is about.
        context.home = _home_country(
            annotated, None if context.filed_abroad else context.dateline_place
        )
        context.names_states = any(m.kind == "state" for m in annotated.actors)
        context.people = _people(context)
        context.ranked, context.introduced = _ranked(context)
        context.story_place = context.dateline_place or _first_scene(self.kb, context)
        events: list[Event] = []
        claims = _claims(self.kb, context)
        unattributed: list[Event] = []
        for trigger in annotated.triggers:
            event = build_event(self.kb, context, trigger)
            if event is None:
                # "after twin car bombings which killed 120": background restated undated
                _drop(annotated, trigger, "background_in_a_time_phrase")
                continue
            if _summary_of_years(event, annotated.document.published):
                # "Boko Haram has killed more than 40,000 people since 2009": a tally of a
                # campaign of years is the story's background, not an occurrence.
                _drop(annotated, trigger, "tally_of_years")
                continue
            if (
                not event.source
                and event.target
                and trigger.type in CLAIMABLE_TYPES
                and not _is_toll_word(trigger, self.kb.event_words.toll_words)
            ):
                event = _claimed(event, claims)
            if event.type == "ACCUSE" and event.mode == "investigate" and not event.target:
                # "the police are investigating the case": an inquiry into no one is routine
                # work, not an accusation (PLOVER's investigation is of an actor).
                _drop(annotated, trigger, "investigation_of_no_one")
                continue
            if event.type == "CONSULT" and event.source and not event.target:
                # "the district administration convened a high-level meeting": a meeting of
                # one side with itself is no consultation (PLOVER's is between actors).
                _drop(annotated, trigger, "meeting_of_one_side")
                continue
            if (
                event.type == "AGREE"
                and event.source
                and not event.target
                and not _names_a_partner(doc[trigger.head])
            ):
                # "the participants reiterated their commitment to peace", "accepted the
                # shila": an undertaking to no one the text names is no agreement between
                # actors ("Ethiopia's government and forces from Tigray agreed" names one).
                _drop(annotated, trigger, "agreement_with_no_one")
                continue
            if event.type in TOWARD_SOMEONE_TYPES and event.source and not event.target:
                # "the commissioner denied the claim", "had refused to hand over two flats",
                # "warned of a tough response": a rejection, backing or threat aimed at no one
                # the text names is no event between actors (PLOVER's are dyadic).
                _drop(annotated, trigger, "aimed_at_no_one")
                continue
            # An event with no actor of its own cannot be audited, and PLOVER requires one.
            if event.source:
                events.extend(_directed(event))
                context.last_of_type[event.type] = event
                context.told.append(event)
                continue
            told = trigger.type in CLAIMABLE_TYPES and (
                _unknown_doer(doc[trigger.head], self.kb.participants.unknown_doers)
                or _unknown_group(self.kb, context, doc[trigger.head])
            )
            if trigger.type == "ASSAULT" and not told:
                if _toll_for_earlier_event(self.kb, context, trigger, events):
                    _drop(annotated, trigger, "toll_of_an_earlier_attack")
                    continue
                # "A policeman was killed in a roadside bomb blast": a passive toll the story
                # tells before any attack is the report of an attack by no named doer.
                told = (
                    _passive(doc[trigger.head])
                    or _harm_told_passively(doc[trigger.head], self.kb.clauses.harm_prepositions)
                    is not None
                    or _told_by_its_toll(doc[trigger.head], self.kb.event_words.toll_words)
                    or _told_as_an_occurrence(doc[trigger.head], self.kb.clauses.occurrence_verbs)
                    or _ran_into_a_weapon(self.kb, doc[trigger.head])
                ) and not any(e.type == "ASSAULT" for e in events)
            if told and event.target:
                # "clashes killed five" is a toll; "gunmen killed 36 villagers" an attack
                unattributed.append(event)
            else:
                _drop(annotated, trigger, "no_actor")
        # "Gunmen killed dozens of people in a village", "websites were knocked offline by
        # cyberattacks": an attack whose doer the story tells but never names is still news
        # (ACLED's unidentified armed group). It is kept with no source when its own words
        # name the target and date it, or it is the story's lede (the news a report opens
        # with happened when it was reported); a target only guessed from the story's main
        # dyad would name a side the text never blames.
        lede = _lede(annotated)
        for event in unattributed:
            published = annotated.document.published
            background = (published - event.date.latest).days > HISTORICAL_DAYS
            if (
                "target from" not in event.why
                and (event.date.basis != DateBasis.PUBLICATION or event.evidence.start in lede)
                and not background
            ):
                if all(a.sector == "CVL" for a in event.target) and tells_mutual_fighting(
                    event.trigger.text, self.kb.event_words.two_sided_words
                ):
                    # "clashes erupted in the town": fought by the people of the place on both
                    # sides (ACLED's unidentified armed group of the country), not by civilians
                    fighters = tuple(replace(a, sector=None) for a in event.target)
                    event = replace(event, source=fighters)
                elif not event.source:
                    # "killing at least 11 policemen ... The attack was claimed by TJP": the
                    # toll of an attack by no named doer is the claimant's too.
                    event = _claimed(event, claims)
                events.append(event)
            else:
                annotated.dropped.append(
                    Dropped(
                        event.type,
                        event.trigger,
                        event.evidence,
                        "unnamed_doer_without_own_target_or_date",
                    )
                )
        # "Police used tear gas to disperse the crowd", "dispersed the demonstrators with
        # teargas": the dispersal and the force it was done with are one act, coded once as
        # the attack (PLOVER's crowd-control assault needs the weapon named, as these do).
        events = _one_act_with(
            annotated,
            events,
            folded=frozenset({"COERCE"}),
            into="ASSAULT",
            told_by=lambda head: lemma(head) in self.kb.clauses.intervening_verbs,
            near=_same_sentence,
            rule="dispersal_by_force",
        )
        # "Residents protested in Sofia, demanding the president's resignation", "workers
        # rallied to demand back pay": a demand or a denunciation a protest voices is the
        # protest's claim, not an event of its own.
        events = _one_act_with(
            annotated,
            events,
            folded=VOICED_TYPES,
            into="PROTEST",
            told_by=_participle_or_infinitive,
            near=_same_sentence,
            rule="voiced_by_a_protest",
        )
        # "Workers protested in Quito. They demanded supplies.": what the people of a protest
        # told just before claim (its subject a pronoun or people named by what they are) is
        # that protest's claim too.
        people_nouns = self.kb.participants.people_nouns
        annotated.events = _one_act_with(
            annotated,
            events,
            folded=VOICED_TYPES,
            into="PROTEST",
            told_by=lambda head: _told_by_people(head, people_nouns),
            near=_within_sentences_after(doc, _CLAIM_SENTENCES),
            rule="voiced_by_a_protest",
        )


VOICED_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT"})
"""What a protest voices: its demands, denunciations and refusals."""


def _names_a_partner(head: Token) -> bool:
    """Whether an act's clause names a partner, coded or not: a second subject ("X and Y
    agreed") or a "with"/"between" phrase ("agreed with the rebels"); or the terms undertaken
    ("M23 agreed to withdraw"), which are the other side's to hold it to."""
    verb = clause_verb(head)
    for token in {head, verb}:
        if head.pos_ == "VERB" and any(c.dep_ == "xcomp" for c in token.children):
            return True
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS and any(c.dep_ == "conj" for c in child.children):
                return True
            if child.dep_ == "prep" and child.lower_ in {"with", "between"}:
                return True
    return False


def _told_by_its_toll(head: Token, toll_words: frozenset[str]) -> bool:
    """ "a cross-border attack that killed 12 soldiers": an attack noun told by the deaths it
    caused is the report of an attack, by whoever made it. Not one told as background ("a
    string of attacks that had killed nine people")."""
    return head.pos_ in {"NOUN", "PROPN"} and any(
        child.dep_ in {"relcl", "acl"}
        and child.lower_ in toll_words
        and any(c.dep_ in OBJECT_DEPS for c in child.children)
        and not _pluperfect(child)
        for child in head.children
    )


def _told_as_an_occurrence(head: Token, occurrence_verbs: frozenset[str]) -> bool:
    """ "clashes erupted in the town", "gunshots were heard near the station": an attack told
    as something that happened, by fighters the text does not name."""
    verb = head.head
    return (
        head.pos_ in {"NOUN", "PROPN"}
        and head.dep_ in {"nsubj", "nsubjpass"}
        and verb.pos_ in {"VERB", "AUX"}
        and lemma(verb) in occurrence_verbs
    )


def _ran_into_a_weapon(kb: Knowledge, head: Token) -> bool:
    """ "an army vehicle struck an IED", "a soldier stepped on a landmine": the report of an
    attack by whoever set the weapon."""
    return any(
        _striker(kb, t) == head
        for c in head.children
        if c.dep_ in OBJECT_DEPS or c.dep_ == "prep"
        for t in (c, *(g for g in c.children if g.dep_ == "pobj"))
    )


def _participle_or_infinitive(head: Token) -> bool:
    """ "protested, demanding ...", "rallied to demand ...": told as a part of another act."""
    return head.tag_ == "VBG" or (
        head.tag_ == "VB" and any(c.lower_ == "to" for c in head.children)
    )


def _told_by_people(head: Token, people_nouns: frozenset[str]) -> bool:
    """Whether the clause's subject is a pronoun or people named by what they are."""
    subjects = [c for c in clause_verb(head).children if c.dep_ in SUBJECT_DEPS]
    return bool(subjects) and (subjects[0].lower_ in PRONOUNS or lemma(subjects[0]) in people_nouns)


def _same_sentence(event: Event, host: Event) -> bool:
    return host.evidence == event.evidence


def _within_sentences_after(doc: Doc, most: int) -> Callable[[Event, Event], bool]:
    """Whether an event is told in one of the ``most`` sentences after its host's."""
    starts = [sent.start_char for sent in doc.sents]

    def sentence_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    def near(event: Event, host: Event) -> bool:
        return 0 < sentence_of(event.evidence.start) - sentence_of(host.evidence.start) <= most

    return near


_CLAIM_SENTENCES = 2
"""How many sentences after a protest its people's claims may follow."""


def _one_act_with(
    annotated: Annotated,
    events: list[Event],
    *,
    folded: frozenset[str],
    into: str,
    told_by: Callable[[Token], bool],
    near: Callable[[Event, Event], bool],
    rule: str,
) -> list[Event]:
    """The events without those of a ``folded`` type, told (``told_by`` their trigger's head)
    as part of an ``into`` event told ``near`` them (their sentence, or the few before) that
    shares a side with them: set aside by ``rule``, as one act with that event."""
    doc = annotated.doc
    assert isinstance(doc, Doc)
    hosts = [e for e in events if e.type == into]
    kept: list[Event] = []
    for event in events:
        if event.type in folded and hosts:
            span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
            codes = {a.code for a in event.source}
            if (
                span is not None
                and told_by(span.root)
                and any(near(event, h) and codes & {a.code for a in h.source} for h in hosts)
            ):
                annotated.dropped.append(Dropped(event.type, event.trigger, event.evidence, rule))
                continue
        kept.append(event)
    return kept


def _lede(annotated: Annotated) -> range:
    """The offsets of the story's first coded sentence."""
    first = next(codable_sentences(annotated), None)
    return range(0) if first is None else range(first.span.start_char, first.span.end_char)


def _summary_of_years(event: Event, published: date) -> bool:
    """Is the event a toll told as mounting from more than a year back up to the report?"""
    return (
        event.fatalities is not None
        and event.date.latest == published
        and (published - event.date.earliest).days > HISTORICAL_DAYS
    )


def _filed_abroad(annotated: Annotated, dateline_place: Place | None) -> bool:
    """Does the story's text name towns or regions of other countries and none of the
    dateline's? ("CAIRO - ... a village in Gezira state": Sudan's story. "ANKARA - Germany
    freed a Russian spy" names no place: the dateline still says where.)"""
    if dateline_place is None or dateline_place.country is None or annotated.dateline is None:
        return False
    after = annotated.dateline.span.end
    scenes = {
        p.place.country
        for p in annotated.places
        if p.span.start >= after and p.place.precision != "country" and p.place.country
    }
    named_home = any(
        (m.actor.country or m.actor.code) == dateline_place.country
        for m in annotated.actors
        if m.kind == "state"
    )
    return bool(scenes) and dateline_place.country not in scenes and not named_home


def _drop(annotated: Annotated, trigger: Trigger, rule: str) -> None:
    annotated.dropped.append(Dropped(trigger.type, trigger.span, trigger.sentence, rule))


def build_event(kb: Knowledge, context: DocumentContext, trigger: Trigger) -> Event | None:
    doc = context.doc
    head = doc[trigger.head]
    context.sentence_country = _scene_country(context, trigger.sentence)
    verb = clause_verb(head)
    reporter = _reporting_verb(kb, verb)
    source, target, why_actors = _sides(kb, context, trigger, head, verb, reporter)
    # An act or statement told without a reporting verb is claimed by its own actor
    # ("China announced sanctions", "Guterres welcomed the decision").
    claimed_by = (
        _claimants(kb, context, head, reporter) or _blamers(kb, context, head) or list(source)
    )
    date = _date(kb, context, trigger, head, verb, reporter)
    earlier = context.last_of_type.get(trigger.type)
    retold = (
        earlier is not None
        and _pluperfect(verb if _instrument_of(head, verb) else head)
        and bool({a.code for a in earlier.source} & {a.code for a in source})
    )
    reported_when = (
        reporter is not None and date.mention is not None and not _within(date.mention, verb)
    )
    if earlier is not None and (
        (date.basis == DateBasis.PUBLICATION and (_definite(head) or retold))
        or (retold and reported_when)
    ):
        # "the attack was carried out by the SBU", "Guterres said Assad had agreed to open
        # the crossings", "a spokesman said on Tuesday the group had targeted the vessel": a
        # definite event noun, or an act told in the past perfect, with no time of its own
        # (but its report's) is the story's last event of its kind by that actor, and
        # happened when that one did.
        date = replace(earlier.date, basis=DateBasis.CONTEXT, mention=None)
    if date.basis == DateBasis.PUBLICATION and _in_temporal_phrase(head, kb.clauses):
        # "after twin car bombings which killed 120": a background event restated without a
        # time of its own; dating it by the publication would be a date the text denies.
        return None
    unit = _unit_of(context, trigger.sentence.start)
    published = context.annotated.document.published
    historical = (published - date.latest).days > HISTORICAL_DAYS
    if (
        unit is not None
        and date.basis != DateBasis.PUBLICATION
        and not historical
        and not _tells_an_actors_past(head, context)
    ):
        context.unit_dates[unit.span.start] = date
    place = _place(kb, context, trigger, head, verb, source, target)
    if "target from" in why_actors and trigger.type in TERRITORIAL_TYPES:
        # "massed troops near Ukraine's borders", "strikes in Gaza": force used in another
        # state's territory targets that state, whoever else the sentence names.
        own = {a.country or a.code for a in source}
        told_here = place is not None and place not in (
            context.story_place,
            context.dateline_place,
        )  # the story's scene says nothing about this sentence's target
        if told_here and place.country and place.country not in own:
            target = [Actor(code=place.country, country=place.country, name=place.name)]
    elif not source and not target and trigger.type == "ASSAULT" and place is not None:
        # "A suicide bomber blew himself up at a restaurant in Mogadishu": an attack by no
        # named doer on no named target hit the people of the place its sentence names.
        named_here = place.mention is not None and (
            trigger.sentence.start <= place.mention.start < trigger.sentence.end
        )
        if named_here and place.country and place.precision in TOWN_PRECISIONS:
            target = [Actor(code=place.country, sector="CVL", country=place.country)]
    # "strikes killed nine, two days after Iran struck targets inside Pakistan": the toll of
    # the sentence is its main act's, not that of an act it is told against.
    counts_toll = (
        trigger.type in VIOLENT_TYPES
        and trigger.mode != "arrest"
        and _relative_anchor(head, kb.clauses.sequence_marks) is None
    )
    fatalities = _fatalities(kb, context, trigger) if counts_toll else None
    auxiliary = list(trigger.auxiliary)
    if historical:
        auxiliary.append(AuxiliaryMode.HISTORICAL)
    evidence = trigger.sentence
    event_id = hashlib.sha1(
        f"{context.annotated.document.id}|{evidence.start}|{trigger.span.start}|{trigger.type}".encode()
    ).hexdigest()[:16]
    return Event(
        id=event_id,
        doc_id=context.annotated.document.id,
        type=trigger.type,
        mode=trigger.mode,
        source=tuple(source),
        target=tuple(target),
        date=date,
        evidence=evidence,
        trigger=trigger.span,
        location=place,
        fatalities=fatalities,
        claimed_by=tuple(claimed_by),
        auxiliary=tuple(auxiliary),
        confidence=trigger.weight,
        why=f"{trigger.why}; {why_actors}; date: {date.basis.value}",
    )


def _instrument_of(noun: Token, verb: Token) -> bool:
    """ "had targeted the vessel with naval missiles": the weapon a verb's act was done with
    tells that act."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ == "with" and prep.head == verb


def _reporting_verb(kb: Knowledge, verb: Token) -> Token | None:
    """The reporting verb ("said", "told") the event's clause is reported under."""
    for child in verb.children:
        # "... have agreed to a cessation of hostilities, the African Union said": a
        # trailing attribution the parser hangs below the clause it reports.
        if child.dep_ == "parataxis" and lemma(child) in kb.cues.reporting_verbs:
            return child
    current = verb
    for _ in range(4):
        if current.head == current:
            return None
        if (
            current.dep_ not in {"ccomp", "xcomp", "conj", "advcl", "parataxis", "dobj"}
            and lemma(current) not in kb.cues.reporting_verbs
        ):
            return None
        current = current.head
        if lemma(current) in kb.cues.reporting_verbs:
            return current
    return None


__all__ = [
    "ArgumentsComponent",
    "DocumentContext",
    "Knowledge",
    "RelativeAnchor",
    "actors_of",
    "build_event",
    "load_knowledge",
]
