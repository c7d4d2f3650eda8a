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
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TypeVar

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventcoder.knowledge.actors import ActorLexicon, load_actor_lexicon
from eventcoder.knowledge.gazetteer import Gazetteer, load_gazetteer
from eventcoder.knowledge.lexicon import DEFAULT_TARGET_PREPS as TYPE_TARGET_PREPS
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
    ANONYMOUS,
    SYMMETRIC_TYPES,
    Actor,
    ActorMention,
    Annotated,
    AuxiliaryMode,
    DateBasis,
    DateInterval,
    Dropped,
    Event,
    Fatalities,
    Place,
    PlaceMention,
    Precision,
    Span,
    TimeMention,
    Trigger,
)
from eventcoder.stages.fatalities import find_fatalities
from eventcoder.stages.numbers import parse_count
from eventcoder.stages.sentences import (
    clause_verb,
    lemma,
    tells_mutual_fighting,
)

M = TypeVar("M", ActorMention, TimeMention, PlaceMention)
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "iobj"})
NOUN_SOURCE_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
PARTNER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "COOPERATE",
        "SUPPORT",
        "CONCEDE",
        "AID",
        "REQUEST",
        "REJECT",
        "THREATEN",
        "ACCUSE",
        "SANCTION",
        "RETREAT",
    }
)
VERBAL_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT", "AGREE", "CONSULT"})
"""Types whose actor is the speaker when the trigger names none of its own."""
PRONOUNS = frozenset(
    {"it", "they", "he", "she", "him", "its", "their", "his", "her", "them", "we", "theirs"}
)
TOWN_PRECISIONS = frozenset({"point", "admin"})
"""Place precisions finer than a country: a town, a province."""
NARRATIVE_CHARS = 600
"""How far back (about two short paragraphs) a sentence that continues the narrative takes its
time from the story's last time expression."""
HISTORICAL_DAYS = 365
"""An event that ended more than this long before publication is background history."""
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
OWN_FORCE_TYPES = frozenset({"MOBILIZE", "RETREAT"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
NON_STATE_ARMED = frozenset({"REB", "CRM"})
"""Sectors of armed men who are not a state's ("rebels", "gunmen", "bandits")."""
CLAIMABLE_TYPES = frozenset({"ASSAULT", "COERCE"})
"""Acts a group claims responsibility for."""
FORCE_SECTORS = frozenset({"MIL", "COP", "SPY"})
TERRITORIAL_TYPES = frozenset({"ASSAULT", "MOBILIZE", "COERCE"})
TITLE_CHARS = 30
"""How far before a person's name a title may stand ("U.S. Secretary of State Antony")."""
DOMESTIC_TYPES = frozenset({"PROTEST"})
"""Types whose unnamed target is the actors' own state (protesters against their government)."""
DOMESTIC_FORCE_TYPES = frozenset({"PROTEST", "COERCE", "ASSAULT"})
"""Types where one state's police or army and its own civilians are the two sides."""


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
    ranked: list[Actor] = field(default_factory=list)
    last_of_type: dict[str, Event] = field(default_factory=dict)
    """The last event coded of each type, for definite event nouns that continue it."""
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


class ArgumentsComponent:
    def __init__(self) -> None:
        self.actor_lexicon: ActorLexicon = load_actor_lexicon()
        self.gazetteer: Gazetteer = load_gazetteer()
        self.cues: Cues = load_cues()
        self.participants: Participants = load_participants()
        self.clauses: Clauses = load_clauses()
        self.event_words: EventWords = load_event_words()
        # Event nouns that say their type on their own ("sanctions", "attack", "ceasefire"):
        # "these sanctions" in a later sentence points back to the story's sanctions.
        self.event_nouns: dict[str, str] = {}
        # Nouns that tell an attack ("shell", "landmine", "IED"): as a doer, an unnamed one.
        weapon_nouns: set[str] = set()
        for entry in load_event_lexicon().entries:
            if entry.pos != "NOUN" or len(entry.lemma) != 1:
                continue
            if not entry.conditional:
                self.event_nouns.setdefault(entry.lemma[0], entry.type)
            if entry.type == "ASSAULT":
                weapon_nouns.add(entry.lemma[0])
        self.weapon_nouns = frozenset(weapon_nouns)

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
        context.home = self._home_country(annotated)
        context.people = self._people(context)
        context.dateline_place = self._dateline_place(annotated)
        context.ranked = self._ranked(context)
        context.story_place = context.dateline_place or self._first_scene(context)
        events: list[Event] = []
        claims = self._claims(context)
        unattributed: list[Event] = []
        for trigger in annotated.triggers:
            event = self.build_event(context, trigger)
            if event is None:
                # "after twin car bombings which killed 120": background restated undated
                self._drop(annotated, trigger, "background_in_a_time_phrase")
                continue
            if (
                not event.source
                and event.target
                and trigger.type in CLAIMABLE_TYPES
                and not _is_toll_word(trigger, self.event_words.toll_words)
            ):
                event = _claimed(event, claims)
            # An event with no actor of its own cannot be audited, and PLOVER requires one.
            if event.source:
                events.extend(_directed(event))
                context.last_of_type[event.type] = event
                continue
            told = trigger.type in CLAIMABLE_TYPES and (
                _unknown_doer(doc[trigger.head], self.participants.unknown_doers)
                or self._unknown_group(context, doc[trigger.head])
            )
            if trigger.type == "ASSAULT" and not told:
                if self._toll_for_earlier_event(context, trigger, events):
                    self._drop(annotated, trigger, "toll_of_an_earlier_attack")
                    continue
                # "A policeman was killed in a roadside bomb blast": a passive toll the story
                # tells before any attack is the report of an attack by no named doer.
                told = _passive(doc[trigger.head]) and not any(e.type == "ASSAULT" for e in events)
            if told and event.target:
                # "clashes killed five" is a toll; "gunmen killed 36 villagers" an attack
                unattributed.append(event)
            else:
                self._drop(annotated, trigger, "no_actor")
        # "Gunmen killed dozens of people in a village", "websites were knocked offline by
        # cyberattacks": an attack whose doer the story tells but never names is still news
        # (ACLED's unidentified armed group). It is kept with no source when its own words
        # name the target and date it; a target only guessed from the story's main dyad would
        # name a side the text never blames.
        for event in unattributed:
            published = annotated.document.published
            background = (published - event.date.latest).days > HISTORICAL_DAYS
            if (
                "target from" not in event.why
                and event.date.basis != DateBasis.PUBLICATION
                and not background
            ):
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
        annotated.events = events

    @staticmethod
    def _drop(annotated: Annotated, trigger: Trigger, rule: str) -> None:
        annotated.dropped.append(Dropped(trigger.type, trigger.span, trigger.sentence, rule))

    # --- document-level context -------------------------------------------------------------

    def _home_country(self, annotated: Annotated) -> str | None:
        """The story's own country: the dateline's, else the most named state."""
        if annotated.dateline and annotated.dateline.place:
            place = self.gazetteer.lookup(annotated.dateline.place.text)
            if place and place.country:
                return place.country
        counts = Counter(
            m.actor.country or m.actor.code for m in annotated.actors if m.kind == "state"
        )
        return counts.most_common(1)[0][0] if counts else None

    def _ranked(self, context: DocumentContext) -> list[Actor]:
        """Named states, groups and IGOs by how often the story names them."""
        counts: Counter[str] = Counter()
        first: dict[str, Actor] = {}
        for mention in context.annotated.actors:
            if mention.kind == "generic":
                continue
            actor = self._resolve_mention(context, mention)
            if actor.code:
                counts[actor.code] += 1
                first.setdefault(actor.code, actor)
        return [first[code] for code, _ in counts.most_common()]

    def _first_scene(self, context: DocumentContext) -> Place | None:
        doc = context.doc
        for mention in context.annotated.places:
            if mention.place.precision not in TOWN_PRECISIONS:
                continue
            span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if (
                span is not None
                and span.start > 0
                and doc[span.start - 1].lower_ in self.clauses.place_prepositions
            ):
                return mention.place
        return None

    def _dateline_place(self, annotated: Annotated) -> Place | None:
        if annotated.dateline and annotated.dateline.place:
            return self.gazetteer.lookup(annotated.dateline.place.text)
        return None

    def _people(self, context: DocumentContext) -> dict[str, Actor]:
        """Each named person, by full name and surname, coded by how they were introduced."""
        people: dict[str, Actor] = {}
        for mention in context.annotated.actors:
            if mention.kind == "person" and mention.actor.code:
                name = mention.actor.name or mention.span.text
                for key in (name, name.split()[-1]):
                    people.setdefault(key, mention.actor)
        for ent in context.doc.ents:
            if ent.label_ != "PERSON":
                continue
            actor = self._introduced_as(context, ent.root, ent.start_char, ent.end_char)
            if actor is None:
                continue
            for key in (ent.text, ent[-1].text):
                people.setdefault(key, actor)
        return people

    def _introduced_as(
        self, context: DocumentContext, root: Token, start: int, end: int
    ) -> Actor | None:
        # "Pakistan Information Minister Attaullah Tarar": the title is inside the name's phrase.
        # Only a title right before the name counts: "army chief General Abdel Fattah
        # al-Burhan", not any actor earlier in a long phrase.
        window = max(root.left_edge.idx, start - TITLE_CHARS)
        own = [m for m in self._mentions_in(context, window, end) if m.kind != "person"]
        if own:
            return self._anchor(context, own[-1].actor)
        # "Getachew Reda, a spokesman for the TPLF": an apposition names the affiliation.
        for child in root.children:
            if child.dep_ == "appos":
                found = self._mentions_in(context, child.left_edge.idx, _end(child.right_edge))
                if found:
                    return self._anchor(context, found[0].actor)
        if root.dep_ == "appos":
            found = self._mentions_in(context, root.head.left_edge.idx, _end(root.head))
            if found:
                return self._anchor(context, found[0].actor)
        # "the RSF, led by General Mohamed Hamdan Dagalo": the leader codes as the group.
        by = root.head
        if by.dep_ == "agent" and by.head.lemma_ in {"lead", "head", "command"}:
            participle = by.head
            # The phrase right before "led by" is what is led (attachment of the participle is
            # often wrong in coordinations: "units loyal to X and the RSF, led by Y").
            found = self._mentions_in(context, participle.head.left_edge.idx, participle.idx)
            if found:
                return self._anchor(context, found[-1].actor)
        return None

    # --- mention lookups ----------------------------------------------------------------------

    def _mentions_in(self, context: DocumentContext, start: int, end: int) -> list[ActorMention]:
        found = _starting_in(context.annotated.actors, context.actor_starts, start, end)
        return [m for m in found if m.span.end <= end]

    def _anchor(self, context: DocumentContext, actor: Actor) -> Actor:
        """A generic institution ("the army", "protesters") belongs to the country of a place
        named in its sentence ("... rallied in Yerevan"), else to the story's country."""
        if actor.code or (actor.sector in NON_STATE_ARMED and not actor.country):
            # "opposition fighters", "gunmen": an unnamed armed group is not the state of the
            # place it is named in ("Ethiopian militiamen" keep the country they are named by)
            return actor
        country = actor.country or context.sentence_country or context.home
        if not country:
            return actor
        return replace(actor, code=country, country=country)

    def actors_of(self, context: DocumentContext, token: Token | None) -> list[Actor]:
        """The actors a noun phrase names: its own words first, then its whole subtree."""
        if token is None:
            return []
        if token.lower_ in PRONOUNS:
            return self._resolve_pronoun(context, token)
        if _is_group_reference(token, self.participants.group_nouns):
            return self._group_sides(context, token)
        actors = self._phrase_actors(context, token)
        for conjunct in _conjuncts(token):
            own = self._actor_mentions(context, conjunct.left_edge.idx, _end(conjunct))
            if actors and own and all(m.kind == "generic" for m in own):
                # "Ukraine's defence ministry and two state-owned banks": an unnamed institution
                # beside a named state's is that state's, not the story's country.
                continue
            actors.extend(self._phrase_actors(context, conjunct))
        return _unique(a for a in actors if a.code)

    def _answered(self, context: DocumentContext, verb: Token) -> list[Actor]:
        """ "rejected the accusation", "condemned the attack": a definite statement or event
        noun as the object answers the story's last act of its kind, so its doer is the
        target."""
        for child in verb.children:
            # "condemned the attack", "welcomed the agreement": the act told before
            told = self.event_words.told_statements.get(lemma(child)) or self.event_nouns.get(
                lemma(child)
            )
            if child.dep_ in OBJECT_DEPS and told is not None and _definite(child):
                earlier = context.last_of_type.get(told)
                if earlier is not None:
                    return list(earlier.source)
        return []

    def _group_sides(self, context: DocumentContext, token: Token) -> list[Actor]:
        """ "both nations", "the two countries": the two states its sentence names, else the
        story's main dyad."""
        sent = token.sent
        people = lemma(token) in self.participants.person_group_nouns
        kinds = {"state", "person"} if people else {"state"}
        sentences = [sent]
        if sent.start > 0 and people:
            # "Scholz met Li in Berlin ... The two leaders also signed agreements": people
            # just named, where "the two sides" are the story's.
            sentences.append(context.doc[sent.start - 1].sent)
        for told in sentences:
            go_betweens = self._go_betweens(context, told)
            named = _unique(
                actor
                for m in self._mentions_in(context, told.start_char, told.end_char)
                if m.kind in kinds
                and not self._named_as_place(context, m)
                and not any(start <= m.span.start < end for start, end in go_betweens)
                and (actor := self._resolve_mention(context, m)).code
            )
            if len(named) >= 2:
                return named[:2]
        return list(context.dyad)

    def _phrase_actors(self, context: DocumentContext, token: Token) -> list[Actor]:
        blamed = self._blamed_on(context, token)
        if blamed:
            return blamed
        own = self._actor_mentions(context, token.left_edge.idx, _end(token))
        owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in PRONOUNS), None)
        if owner is not None and own and all(m.kind == "generic" for m in own):
            # "its troops", "their police": whose they are, not the sentence's country.
            owned = self._resolve_pronoun(context, owner)
            if owned:
                return [replace(a, sector=own[0].actor.sector) for a in owned]
        shared = next(
            (
                c
                for c in token.children
                if c.dep_ == "poss" and _is_group_reference(c, self.participants.group_nouns)
            ),
            None,
        )
        if shared is not None and all(m.kind == "generic" for m in own):
            # "talks between the two countries' military commanders": both sides.
            return self._group_sides(context, token)
        if own:
            # Every actor in the words up to the head: "Pakistani soldiers" is PAK, "Russian
            # and Belarusian forces" RUS and BLR.
            return [self._resolve_mention(context, m) for m in own]
        go_betweens = self._go_betweens(context, token.sent)
        whole = [
            m
            for m in self._actor_mentions(context, token.left_edge.idx, _end(token.right_edge))
            if not any(start <= m.span.start < end for start, end in go_betweens)
        ]
        if whole:
            # Otherwise the first actor after it: "the head of the Pakistani Taliban", "more
            # of its troops" (whose troops, as that phrase itself says).
            first = whole[0]
            inner = context.doc.char_span(first.span.start, first.span.end, alignment_mode="expand")
            if first.kind == "generic" and inner is not None and inner.root != token:
                return self._phrase_actors(context, inner.root)
            return [self._resolve_mention(context, first)]
        person = context.people.get(token.text)
        if person:
            return [person]
        if lemma(token) in self.participants.armed_group_nouns and _definite(token) and not own:
            # "The group vowed to retaliate": the armed group the story named last.
            i = bisect.bisect_left(context.actor_starts, token.idx) - 1
            while i >= 0:
                earlier = context.annotated.actors[i]
                if earlier.kind == "group" and earlier.actor.code:
                    return [earlier.actor]
                i -= 1
        if owner is not None and lemma(token) in self.participants.party_nouns:
            # "his side had made concessions", "their delegation": the possessor's party.
            return self._resolve_pronoun(context, owner)
        return self._place_reference(context, token)

    def _place_reference(self, context: DocumentContext, token: Token) -> list[Actor]:
        """ "the island", "the enclave", "the capital": the country of the last place named."""
        if lemma(token) not in self.participants.place_anaphors or not any(
            c.dep_ == "det" and c.lower_ == "the" for c in token.children
        ):
            return []
        earlier = _starting_in(context.annotated.places, context.place_starts, 0, token.idx)
        for mention in reversed(earlier):
            country = mention.place.country
            if country:
                return [Actor(code=country, country=country, name=mention.place.name)]
        return []

    def _blamers(self, context: DocumentContext, head: Token) -> list[Actor]:
        """ "a truck bomb that the government blamed on al Shabaab": the government says so."""
        for phrase in (head, *(c for c in head.children if c.dep_ in SUBJECT_DEPS)):
            for clause in phrase.children:
                if (
                    clause.dep_ in {"relcl", "acl"}
                    and lemma(clause) in self.clauses.attribution_verbs
                ):
                    speakers = self._subject_actors(context, clause)
                    if speakers:
                        return speakers
        return []

    def _blamed_on(self, context: DocumentContext, token: Token) -> list[Actor]:
        """ "a truck bomb that the government blamed on al Shabaab": the one it is blamed on
        is the perpetrator, not the one who blames."""
        for clause in token.children:
            if (
                clause.dep_ not in {"relcl", "acl"}
                or lemma(clause) not in self.clauses.attribution_verbs
            ):
                continue
            for prep in clause.children:
                if prep.dep_ in {"prep", "agent"} and prep.lower_ in {"on", "to", "by"}:
                    found = self._actor_mentions(context, prep.left_edge.idx, _end(prep.right_edge))
                    if found:
                        return [self._resolve_mention(context, found[0])]
        return []

    def _resolve_mention(self, context: DocumentContext, mention: ActorMention) -> Actor:
        actor = mention.actor
        if not actor.code and mention.kind == "person":
            surname = (actor.name or mention.span.text).split()[-1]
            # A titled official with no country of their own ("President Tsai Ing-wen") is
            # the story's, unless introduced elsewhere with one.
            return context.people.get(surname) or self._anchor(context, actor)
        return self._anchor(context, actor)

    def _resolve_pronoun(self, context: DocumentContext, token: Token) -> list[Actor]:
        """The nearest earlier subject that names an actor (news pronouns refer back to it)."""
        sent = token.sent
        if token.lower_ == "it" and _refers_to_a_decision(
            context.doc[sent.start : token.i], self.event_words.decision_nouns
        ):
            return []  # "welcomed the decision, saying it would allow more aid in"
        for candidate in reversed(list(context.doc[sent.start : token.i])):
            if _inside(candidate, token):
                continue  # "more of its troops" cannot be what "its" refers to
            if token.dep_ in OBJECT_DEPS and candidate.head == token.head:
                continue  # "Lukashenko pardoned him": an object is never its verb's subject
            if candidate.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                found = self.actors_of(context, candidate)
                if found:
                    return found
        # The subject of the sentences before ("China announced sanctions ... Earlier in the
        # week it halted imports"): the main clause's subject first, up to three sentences back.
        previous = sent
        for _ in range(3):
            if previous.start == 0:
                break
            previous = context.doc[previous.start - 1].sent
            subjects = [t for t in previous if t.dep_ in SUBJECT_DEPS and t.lower_ not in PRONOUNS]
            subjects.sort(key=lambda t: t.head.dep_ != "ROOT")
            for subject in subjects:
                found = self._phrase_actors(context, subject)
                if found and found[0].code:
                    return found
        i = bisect.bisect_left(context.actor_starts, sent.start_char) - 1
        mentions = context.annotated.actors
        while i >= 0:
            mention = mentions[i]
            if mention.kind != "generic" and mention.actor.code:
                return [self._anchor(context, mention.actor)]
            i -= 1
        return []

    # --- building an event --------------------------------------------------------------------

    def build_event(self, context: DocumentContext, trigger: Trigger) -> Event | None:
        doc = context.doc
        head = doc[trigger.head]
        context.sentence_country = self._scene_country(context, trigger.sentence)
        verb = clause_verb(head)
        reporter = self._reporting_verb(verb)
        source, target, why_actors = self._sides(context, trigger, head, verb, reporter)
        # An act or statement told without a reporting verb is claimed by its own actor
        # ("China announced sanctions", "Guterres welcomed the decision").
        claimed_by = (
            self._claimants(context, head, reporter) or self._blamers(context, head) or list(source)
        )
        date = self._date(context, trigger, head, verb, reporter)
        earlier = context.last_of_type.get(trigger.type)
        if (
            date.basis == DateBasis.PUBLICATION
            and earlier is not None
            and (
                _definite(head)
                or (
                    _pluperfect(head)
                    and {a.code for a in earlier.source} & {a.code for a in source}
                )
            )
        ):
            # "the attack was carried out by the SBU", "Guterres said Assad had agreed to open
            # the crossings": a definite event noun, or an act told in the past perfect, with no
            # time of its own is the story's last event of its kind by that actor, and happened
            # when that one did.
            date = replace(earlier.date, basis=DateBasis.CONTEXT, mention=None)
        if date.basis == DateBasis.PUBLICATION and _in_temporal_phrase(head, self.clauses):
            # "after twin car bombings which killed 120": a background event restated without a
            # time of its own; dating it by the publication would be a date the text denies.
            return None
        unit = self._unit_of(context, trigger.sentence.start)
        published = context.annotated.document.published
        historical = (published - date.latest).days > HISTORICAL_DAYS
        if unit is not None and date.basis != DateBasis.PUBLICATION and not historical:
            context.unit_dates[unit.span.start] = date
        place = self._place(context, trigger, head, verb, source, target)
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
            and _relative_anchor(head, self.clauses.sequence_marks) is None
        )
        fatalities = self._fatalities(context, trigger) if counts_toll else None
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

    def _reporting_verb(self, verb: Token) -> Token | None:
        """The reporting verb ("said", "told") the event's clause is reported under."""
        for child in verb.children:
            # "... have agreed to a cessation of hostilities, the African Union said": a
            # trailing attribution the parser hangs below the clause it reports.
            if child.dep_ == "parataxis" and lemma(child) in self.cues.reporting_verbs:
                return child
        current = verb
        for _ in range(4):
            if current.head == current:
                return None
            if (
                current.dep_ not in {"ccomp", "xcomp", "conj", "advcl", "parataxis", "dobj"}
                and lemma(current) not in self.cues.reporting_verbs
            ):
                return None
            current = current.head
            if lemma(current) in self.cues.reporting_verbs:
                return current
        return None

    def _sides(
        self,
        context: DocumentContext,
        trigger: Trigger,
        head: Token,
        verb: Token,
        reporter: Token | None,
    ) -> tuple[list[Actor], list[Actor], str]:
        target_preps = set(trigger.target_preps) or {
            *TYPE_TARGET_PREPS[trigger.type],
            *self.clauses.target_prepositions,
        }
        source: list[Actor] = []
        target: list[Actor] = []
        addressed = False  # a statement told to someone the text names without a code
        why = "actors: "
        if head.pos_ in {"VERB", "AUX"}:
            for child in head.children:
                if child.dep_ in SUBJECT_DEPS:
                    source += self.actors_of(context, child)
                elif child.dep_ in PASSIVE_SUBJECT_DEPS or child.dep_ in OBJECT_DEPS:
                    target += self.actors_of(context, child)
                elif child.dep_ == "agent":
                    source += self.actors_of(context, _pobj(child))
                elif child.dep_ == "prep" and child.lower_ in target_preps:
                    addressee = self.actors_of(context, _pobj(child))
                    target += addressee
                    addressed = addressed or (
                        not addressee
                        and trigger.type in VERBAL_TYPES
                        and child.lower_ in self.clauses.addressee_prepositions
                    )
            if not source and _passive(head):
                # "1 civilian was killed and 7 were wounded by Afghan forces": coordinated
                # passives share the agent one of them names.
                for conjunct in head.children:
                    if conjunct.dep_ == "conj" and _passive(conjunct):
                        for agent in (c for c in conjunct.children if c.dep_ == "agent"):
                            source += self.actors_of(context, _pobj(agent))
            if not target and trigger.type in VERBAL_TYPES:
                target = self._answered(context, head)
            if not source and not _passive(head):
                # A known person's name the tagger missed as subject ("Dagalo called ...").
                source = [context.people[t.text] for t in head.lefts if t.text in context.people][
                    :1
                ]
            if not source and trigger.type in OWN_FORCE_TYPES:
                # "Those troops have since been deployed": forces moved by no named agent are
                # moved by their own side.
                moved = [
                    c
                    for c in head.children
                    if c.dep_ in PASSIVE_SUBJECT_DEPS
                    and any(
                        lemma(t) in self.participants.force_nouns for t in c.subtree
                    )  # "dozens of troops"
                ]
                source = [a for c in moved for a in self.actors_of(context, c)]
                target = [a for a in target if a not in source]
            if not source:
                source = self._inherited_subject(context, head) or self._stranded_subject(
                    context, head
                )
            if (
                not source
                and target
                and lemma(head) in self.event_words.authority_verbs
                and _passive(head)
                and not any(c.dep_ == "agent" for c in head.children)
            ):
                # "Gershkovich was convicted of espionage": arrests, trials and sentences told
                # without an agent are the authorities' of the other side of the story.
                source = self._counterpart(context, trigger, head, verb, target)
            if not source and trigger.type in DOMESTIC_TYPES:
                source = self._crowd(context, head, harmed=False)
            if not target and trigger.type in DOMESTIC_FORCE_TYPES:
                target = self._crowd(context, head, harmed=True)
            if not source and head.dep_ == "acl" and head.tag_ == "VBG":
                # "U.N. trucks carrying tents", "a Saudi plane carrying aid": the noun an active
                # participle describes does the act.
                source = [a for a in self._phrase_actors(context, head.head) if a.code]
            why += "subject/object of the verb"
        else:
            for child in head.children:
                if child.dep_ in NOUN_SOURCE_DEPS and child.i not in range(
                    trigger.token_start, trigger.token_end
                ):
                    # "military build-up", "naval drills": a lowercase adjective says what
                    # kind of event it is, not whose (nationalities are capitalised).
                    kind_word = child.pos_ == "ADJ" and child.text.islower()
                    if not kind_word and lemma(child) not in self.clauses.mediation_words:
                        source += self.actors_of(context, child)
                elif child.dep_ == "prep" and child.lower_ == "by":
                    source += self.actors_of(context, _pobj(child))
                elif child.dep_ == "prep" and child.lower_ == "between":
                    both = self.actors_of(context, _pobj(child))
                    source, target = both[:1], both[1:]
                elif child.dep_ == "prep" and child.lower_ in target_preps:
                    target += self.actors_of(context, _pobj(child))
                elif child.dep_ in {"acl", "relcl"}:
                    for grandchild in child.children:
                        if grandchild.dep_ in OBJECT_DEPS:
                            target += self.actors_of(context, grandchild)
            # "agreed to a ceasefire after talks mediated by the AU": the talks' parties are
            # those who agreed; other acts in a time phrase are not the main clause's.
            shares_parties = trigger.type == "CONSULT" or not _in_temporal_phrase(
                head, self.clauses
            )
            # "repelled an attack by opposition fighters": the noun names its own doer, even
            # one with no code, so the verb's subject is not it.
            own_doer = any(c.dep_ == "prep" and c.lower_ == "by" for c in head.children)
            if not source and verb != head and shares_parties and not own_doer:
                for child in verb.children:
                    if child.dep_ in SUBJECT_DEPS and child != head and not _inside(head, child):
                        source += self.actors_of(context, child)
                    elif child.dep_ == "agent":  # "the attack was carried out by the SBU"
                        source += self.actors_of(context, _pobj(child))
                if not source:
                    source = self._inherited_subject(context, verb) or self._stranded_subject(
                        context, verb
                    )
            if not target and verb != head and not _in_temporal_phrase(head, self.clauses):
                for child in verb.children:
                    if child.dep_ in OBJECT_DEPS and not _inside(head, child) and child != head:
                        target += self.actors_of(context, child)
            why += "the noun's possessor/modifiers, else its verb's subject"
        if not source and reporter is not None and trigger.type in VERBAL_TYPES:
            source = self._subject_actors(context, reporter)
            why += ", speaker as source"
        earlier = context.last_of_type.get(trigger.type)
        if not source and earlier is not None and _definite(head):
            # "The live-fire drills began on Thursday": a definite event noun continues the
            # story's last event of its kind, and takes its sides.
            source, target = list(earlier.source), target or list(earlier.target)
            why += ", sides of the story's previous event of this type"
        if head.pos_ == "ADJ" and verb != head and lemma(verb) == "be":
            # "RSF deployments were illegal", the army said: what is judged is the target.
            target = self._subject_actors(context, verb) if verb != head else []
            source = self._subject_actors(context, reporter) if reporter is not None else []
        source = _unique(source)
        target = _unique(target)
        others = [a for a in target if a.code not in {s.code for s in source}]
        if others:
            # "cancelled talks between the two countries' commanders": the other country.
            target = others
        if trigger.type in OWN_FORCE_TYPES:
            # "massed 100,000 troops near Ukraine's borders", "withdrew its troops": the forces
            # moved are the actor's own, not the target.
            own = {a.code for a in source}
            target = [a for a in target if a.code not in own or a.sector not in FORCE_SECTORS]
        if not source and len(target) > 1 and trigger.type == "ASSAULT":
            # "clashes killed five soldiers and 25 militants": the dead name both sides.
            source, target = target[:1], target[1:]
        if len(source) > 1 and not target and trigger.type in SYMMETRIC_TYPES:
            source, target = source[:1], source[1:]
        if trigger.type in DOMESTIC_FORCE_TYPES:
            source, target, why = self._unnamed_sides(
                context, trigger, head, verb, source, target, why
            )
        mutual = len(source) > 1 and any(
            _is_group_reference(child, self.participants.group_nouns)
            for child in verb.children
            if child.dep_ in SUBJECT_DEPS
        )
        if not target and source and not mutual and not addressed:
            # ("appealed to international partners": the addressee is named, with no code.)
            target = self._counterpart(context, trigger, head, verb, source)
            why += ", target from the sentence or the story's dyad"
        return source, target, why

    def _unnamed_sides(
        self,
        context: DocumentContext,
        trigger: Trigger,
        head: Token,
        verb: Token,
        source: list[Actor],
        target: list[Actor],
        why: str,
    ) -> tuple[list[Actor], list[Actor], str]:
        """ "Around 100 lawyers protested in Douala", "residents blocked roads", "vigilantes
        attacked two men": people named by what they are, not by whose they are, are the
        civilians of the event's country (the gold rule for civilians, protesters and crowds).
        A protest told with no subject at all ("a protest was held") is still people's. Armed
        doers with no name ("gunmen") and things ("a missile") stay unnamed."""
        if not source:
            doer = _doer_phrase(head, verb)
            if (doer is None and trigger.type == "PROTEST") or (
                doer is not None and self._names_people(context, doer)
            ):
                source = self._scene_people(context, trigger.sentence)
                why += ", unnamed people of the scene's country as source"
            elif trigger.type == "COERCE" and doer is None:
                # "three persons were arrested", "a curfew was clamped": coercion told with no
                # doer is the doing of the scene's authorities.
                source = [
                    replace(a, sector="COP")
                    for a in self._scene_people(context, trigger.sentence, harmed=True)
                ]
                why += ", the scene's authorities as source"
        # "shelled positions in Kashmir, killing five people": a participle of result belongs
        # to its main act, whose sides are told there.
        result = head.tag_ == "VBG" and head.dep_ in {"advcl", "xcomp", "conj"}
        if not target and trigger.type != "PROTEST" and not result:
            victim = _victim_phrase(head, verb, self.clauses.victim_prepositions)
            police = any(a.sector == "COP" for a in source)
            if (
                (victim is not None and self._names_people(context, victim, harmed=True))
                or (
                    # "police fired at a riotous mob", "fired rounds to scare away the mob",
                    # "threw a grenade at a mosque, injuring 20 worshippers": force is used on
                    # the people (or their places) its clause names, whatever the parse.
                    source
                    and any(
                        self._names_people(context, t, harmed=True)
                        for t in verb.subtree
                        if t.dep_ in {"pobj", "dobj", "nsubjpass"}
                        and t.i != head.i
                        and not any(_inside(s, t) for s in _subjects(verb))
                    )
                )
                or (
                    # "preventive arrests have been made", "police fired tear-gas shells": an
                    # arrest is always of someone, and police force with no one named is used on
                    # the people of its scene.
                    victim is None and source and (trigger.mode == "arrest" or police)
                )
            ):
                target = self._scene_people(context, trigger.sentence, harmed=True)
                why += ", unnamed people of the scene's country as target"
        return source, target, why

    def _unknown_group(self, context: DocumentContext, head: Token) -> bool:
        """ "Dahalo clashed with police", "Raia Mutomboki cadres abducted six civilians": a
        doer the text names but no lexicon knows (a local militia, a gang) is an unnamed group,
        never a person the story names ("Krasikov killed ...") nor a thing ("a missile")."""
        doer = _doer_phrase(head, clause_verb(head))
        if doer is None or doer.lower_ in PRONOUNS or doer.pos_ not in {"NOUN", "PROPN"}:
            return False
        if lemma(doer) in self.weapon_nouns and lemma(doer) != lemma(head):
            return True  # "two shells fell on a school", "a landmine injured a villager"
        if doer.ent_type_ == "PERSON" or lemma(doer) in self.participants.inanimate_doers:
            return False
        lone_name = (
            doer.pos_ == "PROPN"
            and doer.text.istitle()
            and not any(c.dep_ in {"compound", "amod", "nummod"} for c in doer.children)
        )
        if lone_name or doer.text in context.people:
            return False  # "Krasikov killed ...": a surname, one man, not a group
        return not self._actor_mentions(context, doer.left_edge.idx, _end(doer.right_edge))

    def _names_people(
        self, context: DocumentContext, token: Token, *, harmed: bool = False
    ) -> bool:
        """Does a noun phrase name people by what they are ("lawyers", "two men", "a crowd"),
        with no actor of its own, no pronoun, and no armed doer (unless they are harmed)?"""
        if token.lower_ in PRONOUNS or token.pos_ not in {"NOUN", "PROPN", "NUM"}:
            return False
        words = {lemma(t) for t in token.subtree}
        site = harmed and lemma(token) in self.participants.civilian_sites
        if not site and not self.participants.names_people(lemma(token), token.text):
            return False
        if not harmed and words & self.participants.unknown_doers:
            return False
        return not self._actor_mentions(context, token.left_edge.idx, _end(token.right_edge))

    def _scene_people(
        self, context: DocumentContext, sentence: Span, *, harmed: bool = False
    ) -> list[Actor]:
        """Civilians of the event's country: its sentence's place, else the dateline's, else
        (for people who act: protesters, crowds) the story's own country. People harmed in a
        sentence that names no place are no one's the text says ("killing five people")."""
        dateline = context.dateline_place.country if context.dateline_place else None
        country = context.sentence_country or next(
            (
                p.place.country
                for p in self._places_in(context, sentence.start, sentence.end)
                if p.place.country
            ),
            None,
        )
        country = country or dateline or (None if harmed else context.home)
        return [Actor(code=country, sector="CVL", country=country)] if country else []

    def _counterpart(
        self,
        context: DocumentContext,
        trigger: Trigger,
        head: Token,
        verb: Token,
        source: list[Actor],
    ) -> list[Actor]:
        """The unnamed other side: another actor of the same sentence (nearest the trigger,
        outside the source's own phrase), else the other side of the story's main dyad."""
        own = {a.code for a in source}
        speakers = [t for t in head.sent if lemma(t) in self.cues.reporting_verbs]
        excluded = [
            (child.left_edge.idx, _end(child.right_edge))
            for scope in {t.i: t for t in (head, verb, *speakers)}.values()
            for child in scope.children
            if child.dep_ in SUBJECT_DEPS | NOUN_SOURCE_DEPS | {"agent"}
            or (scope in speakers and child.dep_ in OBJECT_DEPS)
        ]  # the actor's own phrase, who reports the event and to whom are not its other side
        excluded += self._go_betweens(context, head.sent)
        sentence = trigger.sentence
        candidates = [
            m
            for m in self._mentions_in(context, sentence.start, sentence.end)
            if not any(start <= m.span.start < end for start, end in excluded)
            and not (trigger.span.start <= m.span.start < trigger.span.end)
            and not self._named_as_place(context, m)
        ]
        candidates.sort(key=lambda m: abs(m.span.start - trigger.span.start))
        own_sectors = {a.sector for a in source}
        for mention in candidates:
            actor = self._resolve_mention(context, mention)
            if not actor.code:
                continue
            if actor.code not in own:
                return [actor]
            # The same state on both sides only for domestic force: police against crowds.
            if (
                trigger.type in DOMESTIC_FORCE_TYPES
                and mention.kind == "generic"
                and actor.sector not in own_sectors
            ):
                return [actor]
        for token in head.sent:
            # "These sanctions are illegal and will not go unanswered": whoever imposed them.
            told = self.event_nouns.get(lemma(token))
            if told and token.i != head.i and _definite(token) and told in context.last_of_type:
                answered = [a for a in context.last_of_type[told].source if a.code not in own]
                if answered:
                    return answered
        for token in verb.subtree:
            # "strikes continued across the enclave", "drills encircling the island"
            referred = [a for a in self._place_reference(context, token) if a.code not in own]
            if referred:
                return referred
        if trigger.type in DOMESTIC_TYPES:
            return [replace(source[0], code=source[0].country or source[0].code)]
        if trigger.type == "MOBILIZE":
            # Forces moved name no adversary unless the sentence does, if only as the place
            # they face ("massed troops near Ukraine's borders").
            faced = [
                self._resolve_mention(context, m)
                for m in self._mentions_in(context, sentence.start, sentence.end)
                if m.kind == "state"
                and self._named_as_place(context, m, self.clauses.facing_prepositions)
            ]
            return [a for a in faced if a.code and a.code not in own][:1]
        for actor in context.ranked:
            if actor.code not in own:
                return [actor]
        return []

    def _actor_mentions(self, context: DocumentContext, start: int, end: int) -> list[ActorMention]:
        """Mentions in a phrase that name an actor, not a place ("signed in Pretoria")."""
        return [
            m
            for m in self._mentions_in(context, start, end)
            if not self._named_as_place(context, m)
        ]

    def _go_betweens(self, context: DocumentContext, sent: SpacySpan) -> list[tuple[int, int]]:
        if sent.start not in context.go_betweens:
            context.go_betweens[sent.start] = _mediator_phrases(sent, self.clauses)
        return context.go_betweens[sent.start]

    def _named_as_place(
        self,
        context: DocumentContext,
        mention: ActorMention,
        preps: frozenset[str] | None = None,
    ) -> bool:
        """ "in Washington", "near Kabul", "at the World Trade Organization": a capital or an
        organisation's seat named as where, not who (after one of ``preps``, by default the place
        prepositions)."""
        if mention.kind not in {"state", "igo"}:
            return False
        if preps is None:
            preps = self.clauses.place_prepositions
        return _after_prep(context.doc, mention.span, preps, through_the=mention.kind == "igo")

    def _inherited_subject(self, context: DocumentContext, verb: Token) -> list[Actor]:
        """Subject of a coordinated or controlling verb ("China announced ... and said ...");
        never for a passive, whose subject is what was done to ("it halted operations after
        three of its employees were killed": the WFP did not kill them)."""
        if _passive(verb):
            return []
        current = verb
        for _ in range(3):
            if current.dep_ not in {"conj", "xcomp", "advcl", "acomp"} or current.head == current:
                return []
            current = current.head
            found = self._subject_actors(context, current)
            if found:
                return found
        return []

    def _scene_country(self, context: DocumentContext, sentence: Span) -> str | None:
        """The country of the first town or province a sentence names; for a sentence that
        names no place at all, of the last town its paragraph named ("Thousands marched in
        Paris. Police detained 40 people")."""
        local = [
            p.place.country
            for p in self._places_in(context, sentence.start, sentence.end)
            if p.place.precision in TOWN_PRECISIONS and p.place.country
        ]
        if local:
            # "residents of Eastleigh (Kamukunji, Nairobi)": where the towns a sentence names
            # disagree, the country most of them are in (the first on a tie).
            counts = Counter(local)
            return max(local, key=lambda country: counts[country])
        if self._places_in(context, sentence.start, sentence.end):
            return None  # it names countries only: no town of its paragraph's is its scene
        earlier = [p.place.country for p in self._paragraph_towns(context, sentence.start)]
        return next((country for country in reversed(earlier) if country), None)

    def _paragraph_towns(self, context: DocumentContext, offset: int) -> list[PlaceMention]:
        """The towns and provinces the paragraph holding ``offset`` named before it."""
        unit = self._unit_of(context, offset)
        if unit is None:
            return []
        return [
            p
            for p in self._places_in(context, unit.span.start, offset)
            if p.place.precision in TOWN_PRECISIONS
        ]

    def _crowd(self, context: DocumentContext, verb: Token, *, harmed: bool) -> list[Actor]:
        """ "Thousands of people marched in Paris", "gunmen killed dozens of people": an
        uncounted crowd, the verb's subject (or, ``harmed``, its object) is its country's
        civilians (the gold rule: crowds reduce to their country code). A crowd that acts is
        its story's country's; people harmed are those of the place the sentence names, or of
        no country the text gives."""
        deps = OBJECT_DEPS | PASSIVE_SUBJECT_DEPS if harmed else SUBJECT_DEPS
        country = context.sentence_country or (None if harmed else context.home)
        for child in verb.children:
            if child.dep_ not in deps:
                continue
            words = {lemma(t) for t in child.subtree}
            if words & self.participants.crowd_words and country:
                return [Actor(code=country, sector="CVL", country=country)]
        return []

    def _stranded_subject(self, context: DocumentContext, verb: Token) -> list[Actor]:
        """ "The transfer came as a delegation of Mexican officials held talks": a finite verb
        the parser left without a subject takes the actor named right before it."""
        if verb.tag_ not in FINITE_TAGS or verb.i == 0:
            return []
        if any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in verb.children):
            return []
        before = context.doc[verb.i - 1]
        if before.pos_ not in {"NOUN", "PROPN"} or before.sent != verb.sent:
            return []
        return [a for a in self._phrase_actors(context, before) if a.code]

    def _subject_actors(self, context: DocumentContext, verb: Token) -> list[Actor]:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return self.actors_of(context, child)
        return []

    def _claimants(
        self, context: DocumentContext, head: Token, reporter: Token | None
    ) -> list[Actor]:
        sent = head.sent
        for token in sent:
            if token.lower_ == "according" and token.i + 1 < sent.end:
                following = context.doc[token.i + 1]
                obj = _pobj(following) if following.lower_ == "to" else None
                if obj is not None:
                    return self._speaker(context, obj)
        if reporter is None:
            return []
        for child in reporter.children:
            if child.dep_ in SUBJECT_DEPS:
                return self._speaker(context, child)
        return []

    def _speaker(self, context: DocumentContext, token: Token) -> list[Actor]:
        # Padded, so that a phrase matches whole words only ("an official" is not in
        # "Iranian officials").
        words = " " + " ".join(t.lower_ for t in token.subtree) + " "
        if lemma(token) in self.participants.anonymous_heads or any(
            f" {phrase} " in words for phrase in self.cues.anonymous_sources
        ):
            return [Actor(code=ANONYMOUS, name=" ".join(t.text for t in token.subtree))]
        own = self._actor_mentions(context, token.left_edge.idx, _end(token))
        if own and all(m.kind == "generic" for m in own):
            # "..., the military said": an unnamed institution speaks for the state the
            # sentence is about, when it names one.
            sent = token.sent
            states = [
                m
                for m in self._actor_mentions(context, sent.start_char, sent.end_char)
                if m.kind == "state" and m.actor.code
            ]
            speaker = own[-1].actor
            # Prefer the state's own institution of the same kind ("the military" ~ "Pakistani
            # soldiers"), then any of its institutions, then the first state named.
            states.sort(key=lambda m: (m.actor.sector != speaker.sector, m.actor.sector is None))
            if states:
                return [replace(speaker, code=states[0].actor.code)]
        return self.actors_of(context, token)

    def _date(
        self,
        context: DocumentContext,
        trigger: Trigger,
        head: Token,
        verb: Token,
        reporter: Token | None,
    ) -> DateInterval:
        sent = head.sent
        times = [
            t
            for t in self._times_in(context, sent.start_char, sent.end_char)
            if not self._names_a_thing(t, head, context)
        ]
        # "buried their dead on Tuesday after twin car bombings": an event in a temporal phrase
        # happened at another time than its sentence's verb.
        relative = _relative_anchor(head, self.clauses.sequence_marks)
        apart = relative is not None or _in_temporal_phrase(head, self.clauses)
        # An announced future act is dated by its announcement, never by the future date.
        scopes = (
            (reporter,)
            if AuxiliaryMode.FUTURE in trigger.auxiliary
            else (head, verb, *_governing_clauses(verb, reporter), reporter)
        )
        if times:
            for scope in scopes:
                if scope is None or (apart and scope != head):
                    continue
                own = [
                    t
                    for t in times
                    if _within(t.span, scope) and not self._other_clause(t, scope, context)
                ]
                if own:
                    return _nearest(own, trigger.span.start).interval
        if relative is not None:
            # "a day after the forces agreed", "hours after protesters stormed parliament":
            # dated from the act it is told against, shifted by the stated distance.
            anchor = relative.anchor
            return relative.shift(self._date(context, trigger, anchor, clause_verb(anchor), None))
        # Otherwise the sentence's own time, one outside clauses describing something else
        # first ("Egypt, which has sent weapons since August, welcomed the deal on Monday"),
        # else any (a time in such a clause still dates better than the publication).
        main_times = [t for t in times if not self._in_relative_clause(t, head, context)]
        if times and not apart and len(scopes) > 1:
            return _nearest(main_times or times, trigger.span.start).interval
        unit = self._unit_of(context, sent.start_char)
        if unit is not None and unit.date is not None:
            return unit.date
        published = context.annotated.document.published
        if unit is not None:
            # A year long past ("killed a dissident in Berlin in 2019") is background: the
            # paragraph's later sentences go on with the story's own time.
            earlier = [
                t
                for t in self._times_in(context, unit.span.start, sent.start_char)
                if (published - t.interval.latest).days <= HISTORICAL_DAYS
                and not self._names_a_thing(t, head, context)  # "the June killing"
            ]
            if earlier:
                return replace(earlier[-1].interval, basis=DateBasis.CONTEXT)
            told = context.unit_dates.get(unit.span.start)
            if told is not None:
                return replace(told, basis=DateBasis.CONTEXT)
        if sent[0].lower_ in self.clauses.sequence_openers:
            # "Hours after the violence, Ruto described ...": the sentence continues the
            # narrative, so it takes the story's last time expression (not a caption's).
            window_start = max(0, sent.start_char - NARRATIVE_CHARS)
            for earlier_time in reversed(self._times_in(context, window_start, sent.start_char)):
                earlier_unit = self._unit_of(context, earlier_time.span.start)
                if earlier_unit is None or earlier_unit.kind != "caption":
                    return replace(earlier_time.interval, basis=DateBasis.CONTEXT)
        return DateInterval(published, published, Precision.REPORT, DateBasis.PUBLICATION)

    def _other_clause(self, time: TimeMention, scope: Token, context: DocumentContext) -> bool:
        """A time expression inside a nested clause belongs to that clause's verb."""
        span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
        if span is None:
            return False
        current = span.root
        while current != scope and current.head != current:
            attached_to_noun_trigger = current.head == scope and scope.pos_ in {"NOUN", "PROPN"}
            if current.dep_ in {"ccomp", "relcl", "advcl"} and not attached_to_noun_trigger:
                return True  # ... but "talks that began last week" still dates the talks
            current = current.head
        return False

    def _names_a_thing(self, time: TimeMention, head: Token, context: DocumentContext) -> bool:
        """ "return to the 2018 peace agreement": a date inside another noun's name dates that
        thing, not the act."""
        span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        return (
            root.dep_ in {"compound", "nummod", "amod"}
            and root.head.pos_ in {"NOUN", "PROPN"}
            and root.head != head
        )

    def _in_relative_clause(self, time: TimeMention, head: Token, context: DocumentContext) -> bool:
        """Is the time inside a relative clause that does not hold the trigger?"""
        span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
        if span is None:
            return False
        return any(
            t.dep_ == "relcl" and not _inside(t, head) for t in (span.root, *span.root.ancestors)
        )

    def _times_in(self, context: DocumentContext, start: int, end: int) -> list[TimeMention]:
        return _starting_in(context.annotated.times, context.time_starts, start, end)

    def _unit_of(self, context: DocumentContext, offset: int):  # type: ignore[no-untyped-def]
        for unit in context.annotated.units:
            if unit.span.start <= offset < unit.span.end:
                return unit
        return None

    def _place(
        self,
        context: DocumentContext,
        trigger: Trigger,
        head: Token,
        verb: Token,
        source: Sequence[Actor],
        target: Sequence[Actor],
    ) -> Place | None:
        sent = head.sent
        go_betweens = self._go_betweens(context, sent)
        places = [
            p
            for p in self._places_in(context, sent.start_char, sent.end_char)
            if not self._where_said(context, p, verb)
            and not any(start <= p.span.start < end for start, end in go_betweens)
        ]
        scored = [
            (
                _place_score(
                    context.doc,
                    p,
                    head,
                    verb,
                    trigger,
                    self.event_nouns,
                    self.clauses.place_prepositions,
                ),
                p,
            )
            for p in places
        ]
        # A place that names a side ("Germany freed ...") is no candidate at all.
        scored = [(score, p) for score, p in scored if score[0] >= 0]
        best_score, best = max(scored, key=lambda pair: pair[0]) if scored else ((0,), None)
        own_phrase = (
            best is not None
            and best_score[0] >= CONFIDENT_PLACE
            and head.pos_ in {"NOUN", "PROPN"}
            and _within(best.span, head)
        )  # "talks in Nairobi": the noun's own place beats the clause's border
        if (
            not own_phrase
            and trigger.type not in VERBAL_TYPES
            and any(t.lemma_ in {"border", "frontier"} for t in verb.subtree)
        ):
            border = self._border(context, sent, source, target)
            if border is not None:
                return border
        if best is None and any(
            c.lower_ == "there" and c.dep_ == "advmod"
            for t in (verb, *verb.ancestors)
            for c in t.children
        ):
            # "Dozens of U.N. trucks have crossed there": the place the story named last, the
            # most precise of its sentence ("the Kilis crossing with Syria" is Kilis).
            earlier = self._places_in(context, 0, sent.start_char)
            if earlier:
                last_sentence = context.doc.char_span(
                    earlier[-1].span.start, earlier[-1].span.end, alignment_mode="expand"
                )
                named = [
                    p
                    for p in earlier
                    if last_sentence is None or p.span.start >= last_sentence.sent.start_char
                ]
                precise = [p for p in named if p.place.precision != "country"]
                return (precise or named)[0].place
        if best is not None:
            story = context.story_place
            involved = {a.country or a.code for a in (*source, *target)}
            if (
                best_score[0] >= CONFIDENT_PLACE
                or story is None
                or story.country not in involved
                or best.place.country == story.country  # a town in the scene's country is nearer
            ):
                return best.place
        if not scored and trigger.type not in VERBAL_TYPES:
            # "Thousands marched in Paris ... Police detained 40 people": an act in a sentence
            # that names no place of its own goes on where its paragraph last was (statements
            # are made wherever the speaker is).
            before = [
                p
                for p in self._paragraph_towns(context, sent.start_char)
                if _after_prep(
                    context.doc, p.span, self.clauses.place_prepositions, through_the=True
                )
            ]
            if before:
                return before[-1].place
        story = context.story_place
        targets = {a.country or a.code for a in target if len(a.code) == 3}
        if (
            best is None
            and trigger.type in TERRITORIAL_TYPES
            and len(targets) == 1
            and (story is None or story.country not in targets)
        ):
            # "Websites of Ukraine's ministry were knocked offline" in a Moscow story: force
            # used on a state with no place named happened in that state, not at the dateline.
            country = self.gazetteer.country(targets.pop())
            if country is not None:
                return replace(country, precision="country")
        return story

    def _border(
        self,
        context: DocumentContext,
        sent: SpacySpan,
        source: Sequence[Actor],
        target: Sequence[Actor],
    ) -> Place | None:
        """ "clashes along the border": the border region of the two sides' states."""
        own = next((a.country or a.code for a in source if len(a.code) == 3), None)
        other = next((a.country or a.code for a in target if len(a.code) == 3), None)
        countries = [
            m.actor.code
            for m in self._mentions_in(context, sent.start_char, sent.end_char)
            if m.kind == "state"
        ]
        if own is None and countries:
            own = countries[0]
        if own is None:
            return None
        return self.gazetteer.border(own, other if other != own else None)

    def _where_said(self, context: DocumentContext, mention: PlaceMention, verb: Token) -> bool:
        """ "told reporters in Brussels": where a statement was made, not the event's place."""
        span = context.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            return False
        speaker_verb = clause_verb(span.root)
        return speaker_verb.i != verb.i and lemma(speaker_verb) in self.cues.reporting_verbs

    def _places_in(self, context: DocumentContext, start: int, end: int) -> list[PlaceMention]:
        return _starting_in(context.annotated.places, context.place_starts, start, end)

    def _claims(self, context: DocumentContext) -> list[tuple[int, list[Actor]]]:
        """Claims of responsibility in the story, in order: where each is told, and who claims
        ("Al Shabaab claimed responsibility for the attack")."""
        claims: list[tuple[int, list[Actor]]] = []
        for token in context.doc:
            if lemma(token) not in self.clauses.responsibility_verbs or not any(
                lemma(child) == "responsibility" for child in token.children
            ):
                continue
            if any(child.dep_ == "neg" for child in token.children):
                continue  # "Kyiv did not claim responsibility"
            claimants = self._subject_actors(context, token)
            if claimants:
                claims.append((token.idx, claimants))
        return claims

    def _toll_for_earlier_event(
        self, context: DocumentContext, trigger: Trigger, events: list[Event]
    ) -> bool:
        """ "Doctors said at least 56 civilians had been killed": a toll told apart from any
        actor belongs to the story's last violent event that has none yet. Whether the story
        had an attack the toll could belong to."""
        # The story's last attack, not a photo caption's (captions tell other days' events);
        # the fighting itself ("the army and the RSF fought") before one side's part of it.
        attacks = [
            e
            for e in reversed(events)
            if e.type == "ASSAULT" and not self._in_caption(context, e.evidence.start)
        ]
        earlier = next(
            (
                e
                for e in attacks
                if tells_mutual_fighting(e.trigger.text, self.event_words.two_sided_words)
                and e.fatalities is None
            ),
            attacks[0] if attacks else None,
        )
        if earlier is None:
            return False
        if earlier.fatalities is not None:
            return True
        toll = self._fatalities(context, trigger)
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

    def _in_caption(self, context: DocumentContext, offset: int) -> bool:
        unit = self._unit_of(context, offset)
        return unit is not None and unit.kind == "caption"

    def _fatalities(self, context: DocumentContext, trigger: Trigger) -> Fatalities | None:
        sentence = trigger.sentence
        if sentence.start not in context.fatalities:
            context.fatalities[sentence.start] = self._find_fatalities(context, trigger)
        return context.fatalities[sentence.start]

    def _find_fatalities(self, context: DocumentContext, trigger: Trigger) -> Fatalities | None:
        sentence = trigger.sentence
        annotated = context.annotated

        def side_of(phrase: str) -> str | None:
            found = self.actor_lexicon.find(phrase, on=annotated.document.published)
            for mention in found:
                actor = self._anchor(context, mention.actor)
                if actor.code:
                    return actor.code
            return None

        return find_fatalities(sentence.text, offset=sentence.start, side_of=side_of)


def _claimed(event: Event, claims: Sequence[tuple[int, list[Actor]]]) -> Event:
    """ "The first car bomb struck the ministry ... Al Shabaab claimed responsibility": an
    act told without its doer takes the group that claims it next in the story."""
    for offset, claimants in claims:
        if offset > event.evidence.start:
            return replace(
                event,
                source=tuple(claimants),
                claimed_by=tuple(claimants),
                why=f"{event.why}; perpetrator from a claim of responsibility",
            )
    return event


def _directed(event: Event) -> list[Event]:
    """ "Each side blamed the other": one directed event per side when both sides of the
    story are the source ("each side", "both sides") and nothing else is the target."""
    if len(event.source) < 2 or event.type == "ASSAULT" or event.target:
        return [event]
    return [
        replace(
            event,
            id=f"{event.id}-{i}",
            source=(actor,),
            target=tuple(a for a in event.source if a.code != actor.code),
            # Each side's statement is its own claim.
            claimed_by=(actor,) if event.claimed_by == event.source else event.claimed_by,
        )
        for i, actor in enumerate(event.source)
    ]


def _starting_in(items: list[M], starts: list[int], start: int, end: int) -> list[M]:
    """The mentions (sorted by start, ``starts`` their offsets) that start in [start, end)."""
    return items[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ in {"pobj", "pcomp"}:
            return child
    return None


def _governing_clauses(verb: Token, reporter: Token | None) -> list[Token]:
    """The clauses between a verb and its reporting verb that it hangs on: "attacked a
    checkpoint on Tuesday, killing four officers, police said on Wednesday" dates the killing
    by the attack, not by the report."""
    found: list[Token] = []
    current = verb
    while current.dep_ in {"advcl", "conj", "xcomp"} and current.head != current:
        current = current.head
        if current == reporter:
            break
        found.append(current)
    return found


DAYS_IN_UNIT = {"hour": 0, "day": 1, "week": 7}


@dataclass(frozen=True, slots=True)
class RelativeAnchor:
    """An act told as happening some distance before or after another ("a day after ...")."""

    anchor: Token
    earlier: bool  # the act came before its anchor ("after X": X came first)
    days: int | None  # the stated distance in hours ("hours after": same day), days or weeks

    def shift(self, anchor: DateInterval) -> DateInterval:
        if anchor.basis == DateBasis.PUBLICATION:
            return anchor  # nothing dates the anchor either: no distance makes this one known
        if self.days is None:
            # "following an offensive": some time before its anchor; the anchor's date is the
            # nearest the text allows, marked as such (merging may find the act's own date).
            return replace(anchor, basis=DateBasis.SEQUENCE, mention=None)
        delta = timedelta(days=-self.days if self.earlier else self.days)
        return replace(
            anchor,
            earliest=anchor.earliest + delta,
            latest=anchor.latest + delta,
            basis=DateBasis.RELATIVE,
            mention=None,
        )


def _relative_anchor(head: Token, sequence_marks: frozenset[str]) -> RelativeAnchor | None:
    """The act a trigger is told against: "X, a day after Y agreed" dates Y from X. The
    trigger is the object of "after"/"before"/"following", or the verb of a clause they open."""
    for token in (head, *head.ancestors):
        if token.dep_ == "pobj" and token.head.lower_ in sequence_marks:
            marker, anchor = token.head, token.head.head
        elif token.dep_ != "ROOT" and any(
            c.dep_ == "mark" and c.lower_ in sequence_marks for c in token.children
        ):
            # Usually an adverbial clause; spaCy sometimes hangs "..., a day after protesters
            # stormed parliament" on a conjunction instead, with the same marker.
            marker, anchor = next(c for c in token.children if c.dep_ == "mark"), token.head
        else:
            continue
        if anchor.i == token.i:
            return None
        days = _stated_days(marker if marker.dep_ == "prep" else token)
        return RelativeAnchor(anchor, marker.lower_ != "before", days)
    return None


def _stated_days(token: Token) -> int | None:
    """ "a day", "two days", "hours", "a week" before the marker, in whole days."""
    for child in token.children:
        unit = child.lemma_.lower()
        if child.dep_ != "npadvmod" or unit not in DAYS_IN_UNIT:
            continue
        if DAYS_IN_UNIT[unit] == 0:
            return 0
        number = " ".join(t.text for t in child.subtree if t.dep_ == "nummod")
        count = parse_count(number) if number else None
        if count is not None and count.exact:
            return count.min * DAYS_IN_UNIT[unit]
        if child.tag_ == "NN":  # "a day", "one week"
            return DAYS_IN_UNIT[unit]
    return None


def _mediator_phrases(sent: SpacySpan, clauses: Clauses) -> list[tuple[int, int]]:
    """Character ranges naming a go-between, no party to the act: "a ceasefire mediated by
    Russian peacekeepers", "after mediation by Qatar", "under the auspices of the AU"."""
    ranges = []
    for token in sent:
        if lemma(token) in clauses.mediation_words and token.tag_ == "VBN":
            phrases = [c for c in token.children if c.dep_ == "agent"]
            # "a Russian-brokered ceasefire", "AU-mediated talks": the go-between before it
            ranges += [
                (c.left_edge.idx, _end(c))
                for c in token.children
                if c.dep_ in {"npadvmod", "amod", "compound", "nmod"} and c.i < token.i
            ]
        elif lemma(token) in clauses.go_between_nouns:
            phrases = [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"by", "of"}]
        else:
            continue
        # The go-between's own name only: "by the AU in Nairobi" still says where.
        named = [c for p in phrases for c in p.children if c.dep_ == "pobj"]
        ranges += [(n.left_edge.idx, _end(n)) for n in named]
    return ranges


def _in_temporal_phrase(head: Token, clauses: Clauses) -> bool:
    """ "after twin car bombings (which ... killed 120)", "despite a ceasefire": an event set
    apart in time from its sentence's main verb, itself or through the phrase it sits in."""
    return any(
        (t.dep_ == "pobj" and t.head.lower_ in clauses.temporal_prepositions)
        or any(c.dep_ == "mark" and c.lower_ in clauses.temporal_marks for c in t.children)
        for t in (head, *head.ancestors)
    )


def _is_toll_word(trigger: Trigger, toll_words: frozenset[str]) -> bool:
    """ "killed", "died": a death report, not an attack of its own."""
    return trigger.span.text.lower() in toll_words


def _refers_to_a_decision(before: Iterable[Token], decision_nouns: frozenset[str]) -> bool:
    """Is the nearest noun object before "it" a decision, deal or law (what "it" refers to)?"""
    for token in reversed(list(before)):
        if token.ent_type_ in {"DATE", "TIME"}:
            continue  # "welcomed the decision on Monday, saying it ..."
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"dobj", "pobj", "nsubj"}:
            return lemma(token) in decision_nouns
    return False


def _passive(verb: Token) -> bool:
    return any(child.dep_ in {"auxpass", "nsubjpass"} for child in verb.children)


def _pluperfect(head: Token) -> bool:
    """ "had agreed", "had been sentenced": told as before another past time."""
    return head.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in head.children)


def _definite(head: Token) -> bool:
    return head.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ == "det" and c.lower_ in {"the", "these", "this"} for c in head.children
    )


def _is_group_reference(token: Token, group_nouns: frozenset[str]) -> bool:
    """ "both nations", "the two sides", "each side", "the neighbours"."""
    if lemma(token) not in group_nouns:
        return False
    return any(child.lower_ in {"both", "two", "each"} for child in token.children) or (
        token.tag_ == "NNS"
        and any(c.lower_ == "the" for c in token.children)
        and lemma(token) in {"side", "neighbour", "neighbor", "rival"}
    )


def _conjuncts(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.i > token.i]


def _inside(outer: Token, inner: Token) -> bool:
    return outer.left_edge.i <= inner.i <= outer.right_edge.i


def _within(span: Span, token: Token) -> bool:
    return token.left_edge.idx <= span.start and span.end <= _end(token.right_edge)


def _nearest(mentions: Sequence[TimeMention], offset: int) -> TimeMention:
    return min(mentions, key=lambda m: abs(m.span.start - offset))


ARGUMENT_DEPS = frozenset({"poss", "amod", "compound", "nsubj", "nsubjpass", "dobj", "appos"})
CONFIDENT_PLACE = 3
"""A place scoring this much (introduced by "in", "at", "near" ...) is the event's own."""


def _place_score(
    doc: Doc,
    mention: PlaceMention,
    head: Token,
    verb: Token,
    trigger: Trigger,
    event_nouns: Mapping[str, str],
    place_prepositions: frozenset[str],
) -> tuple[int, int]:
    """Rank a sentence's places for an event: in the trigger's own phrase, then its clause;
    introduced by a place preposition ("in", "near"); finer than a whole country; nearest."""
    score = 0
    if _within(mention.span, head):
        score += 2
    elif _within(mention.span, verb):
        score += 1
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is not None:
        governor = span.root.head
        before = doc[span.start - 1] if span.start > 0 else None
        if governor.lower_ in place_prepositions or (
            before is not None and before.lower_ in place_prepositions
        ):
            score += 3
        if (
            span.root.dep_ in ARGUMENT_DEPS
            or _describes_a_side(span.root, head, verb, event_nouns)
            or _in_another_clause(span.root, head)
        ):
            # "U.S. air strikes", "Germany freed", "forces from the region of Tigray agreed":
            # an actor, or what an actor is, not where it happened.
            score -= 4
    if mention.place.precision != "country":
        score += 1
    return score, -abs(mention.span.start - trigger.span.start)


def _after_prep(doc: Doc, span: Span, preps: frozenset[str], *, through_the: bool) -> bool:
    """Does one of ``preps`` introduce the words at ``span`` ("in Paris", "at the WTO"; with
    ``through_the``, also past a "the")? Used to tell a place named as where from one named as
    an actor ("press Moscow to end the war")."""
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None:
        return False
    before = tokens.start - 1
    if through_the and before > 0 and doc[before].lower_ == "the":
        before -= 1
    return before >= 0 and doc[before].lower_ in preps


def _doer_phrase(head: Token, verb: Token) -> Token | None:
    """The phrase that tells who did an act: a verb's subject or its passive's agent; a noun's
    "by" phrase, else the subject of the verb it serves ("staged a demonstration")."""
    if head.pos_ not in {"VERB", "AUX"}:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                return _pobj(child)
        if verb == head or head.head != verb or head.dep_ not in OBJECT_DEPS:
            return None  # "the agreement followed weeks of fighting": no doer of the fighting
        head = verb
    while head.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in head.children):
        head = head.head  # "protested and blocked roads": the first conjunct's subject
    for child in head.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
        if child.dep_ == "agent":
            return _pobj(child)
    return None


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECT_DEPS | {"agent"}]


def _victim_phrase(head: Token, verb: Token, victim_prepositions: frozenset[str]) -> Token | None:
    """The phrase that tells whom an act was done to: a verb's object or passive subject, else
    the object its conjunct shares ("beat and injured a thief"), else its "on"/"at" phrase
    ("fired on the village"); a noun's "on"/"against" phrase."""
    if head.pos_ not in {"VERB", "AUX"}:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in victim_prepositions:
                return _pobj(child)
        return None
    for verb_ in (head, *(c for c in head.children if c.dep_ == "conj")):
        for child in verb_.children:
            if child.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                return child
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in victim_prepositions:
            return _pobj(child)
    return None


def _unknown_doer(head: Token, unknown_doers: frozenset[str]) -> bool:
    """Does the act's own clause tell its doer without naming it: an unnamed armed subject
    ("Gunmen killed dozens"), or a passive's agent ("knocked offline by cyberattacks")?"""
    if head.pos_ not in {"VERB", "AUX"}:
        return False
    for child in head.children:
        if child.dep_ == "agent":
            return True
        if child.dep_ == "nsubj" and any(lemma(t) in unknown_doers for t in child.subtree):
            return True
    return False


def _in_another_clause(token: Token, head: Token) -> bool:
    """ "strikes in Iran killed nine, two days after Iran struck targets inside Pakistan": a
    place in a clause the trigger is not in is that clause's place."""
    for ancestor in (token, *token.ancestors):
        if ancestor == head or _inside(ancestor, head):
            return False
        if ancestor.dep_ in {"advcl", "relcl", "ccomp"}:
            return True
    return False


def _describes_a_side(
    token: Token, head: Token, verb: Token, event_nouns: Mapping[str, str]
) -> bool:
    """Is ``token`` inside the subject phrase of the event's verb (and not in the trigger's)?
    A subject that is itself an event noun ("air strikes on hideouts in Sistan killed nine")
    names the event, and its places are the event's."""
    for ancestor in token.ancestors:
        if ancestor in (head, verb):
            return False
        if ancestor.dep_ in SUBJECT_DEPS and ancestor.head == verb:
            return lemma(ancestor) not in event_nouns
    return False


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[str] = set()
    result = []
    for actor in actors:
        if actor.code not in seen:
            seen.add(actor.code)
            result.append(actor)
    return result
