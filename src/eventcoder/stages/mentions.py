"""Mentions: actors, time expressions and places in every coded sentence, each with its span.

The knowledge lookups (actor lexicon, date resolver, gazetteer) are pure functions of text; this
stage runs them once per coded sentence and keeps the results on the carrier, so the argument
stage only picks among mentions and never scans text again.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc

from eventcoder.knowledge.actors import load_actor_lexicon
from eventcoder.knowledge.gazetteer import load_gazetteer
from eventcoder.knowledge.words import Clauses, Participants, load_clauses, load_participants
from eventcoder.model import Actor, ActorMention, Annotated, Span, TimeMention
from eventcoder.stages.dates import find_times, resolve
from eventcoder.stages.sentences import clause_verb, codable_sentences, is_deadline, is_future

# The word a hyphen (or a dash) joins to the end of a name.
_HYPHENATED_WORD = re.compile(r"[-‐–]([A-Za-z]+)")
# The word a hyphen joins to the start of a name ("pro-Russian").
_PREFIXED_WORD = re.compile(r"\b([A-Za-z]+)[-‐–]$")


class MentionsComponent:
    def __init__(self) -> None:
        self.actors = load_actor_lexicon()
        self.gazetteer = load_gazetteer()
        self.clauses: Clauses = load_clauses()
        self.participants: Participants = load_participants()

    def __call__(self, annotated: Annotated) -> None:
        published = annotated.document.published
        doc = annotated.doc
        assert isinstance(doc, Doc)
        unit_states: list[str] = []
        for sentence in codable_sentences(annotated):
            sent = sentence.span
            offset = sent.start_char
            text = sent.text
            annotated.actors.extend(self.actors.find(text, on=published, offset=offset))
            annotated.places.extend(
                self.gazetteer.find(text, offset=offset, place_nouns=self.clauses.place_nouns)
            )
            unit_states += self.gazetteer.unit_countries(text)
            for mention in find_times(text, published, offset=offset):
                annotated.times.append(self._with_tense(doc, mention, published))
        # "Iran-backed Houthis", "the al Qaeda-linked JNIM": a backer or an affiliation
        # named in a compound before another name is no side and no place.
        starts = {m.span.start for m in annotated.actors if m.kind != "generic"}
        full_text = doc.text  # built anew by each call: once here
        annotated.actors = [
            self._partisans(full_text, m)
            for m in annotated.actors
            if not self._backer(full_text, m.span.end, starts)
        ]
        annotated.places = [
            p for p in annotated.places if not self._backer(full_text, p.span.end, starts)
        ]
        # The states the text names, and the home countries of the domestic groups it names
        # ("CORD protesters in Nyanza"), point to where its ambiguous places are.
        # A place's name inside a person's ("Defence Minister Aden Duale") is no place.
        people = [m.span for m in annotated.actors if m.kind == "person"]
        annotated.places = [
            p
            for p in annotated.places
            if not any(
                q.start <= p.span.start and p.span.end <= q.end and q != p.span for q in people
            )
        ]
        # "Abala herdsmen clashed with farmers": a people's name before a word for people
        # names them, not the town of that name.
        annotated.places = [p for p in annotated.places if not self._a_people(doc, p.span)]
        # A name read both as a place and as a state ("Niger") is one word: one vote.
        place_spans = {(p.span.start, p.span.end) for p in annotated.places}
        named_states = {
            m.actor.country or m.actor.code
            for m in annotated.actors
            if (m.kind == "state" or (m.kind == "group" and m.actor.country))
            and (m.span.start, m.span.end) not in place_spans
        }
        annotated.places = self.gazetteer.cohere(annotated.places, named_states, unit_states)
        # A state's name the document reads as (part of) another country's region ("Rafi
        # LGA, Niger", "Afdere zone (Somali region)") names no state.
        regions = [p for p in annotated.places if p.place.precision == "admin"]
        annotated.actors = [
            m
            for m in annotated.actors
            if not (
                m.kind == "state"
                and any(
                    r.span.start <= m.span.start
                    and m.span.end <= r.span.end
                    and r.place.country != m.actor.code
                    for r in regions
                )
            )
        ]

    def _a_people(self, doc: Doc, span: Span) -> bool:
        named = doc.char_span(span.start, span.end, alignment_mode="expand")
        if named is None or named.end >= len(doc):
            return False
        after = doc[named.end]
        return self.participants.names_a_people(span.text.lower()) and (
            after.lemma_.lower() in self.participants.people_nouns
            or after.lemma_.lower() in self.participants.armed_group_nouns
        )

    def _backer(self, text: str, end: int, name_starts: set[int]) -> bool:
        """Does a name ending at ``end`` run, by a hyphen, into a backer's participle
        ("Iran-backed"), or into an affiliation's before another name (``name_starts``: "al
        Qaeda-linked JNIM", not "Islah-affiliated forces")?"""
        match = _HYPHENATED_WORD.match(text, end)
        if match is None:
            return False
        word = match.group(1).lower()
        return word in self.clauses.backer_participles or (
            word in self.clauses.allegiance_participles and match.end() + 1 in name_starts
        )

    def _partisans(self, text: str, mention: ActorMention) -> ActorMention:
        """People named after a partisan prefix and a state ("pro-Russian activists in
        Odessa", "pro-Western protesters") are that state's partisans, not its people: they
        stay unnamed, the scene's people. Forces keep their allegiance ("pro-Hadi forces"
        are Yemen's), and a bare "pro-Pakistan" is a cause, not people."""
        if not (
            mention.kind == "state" and mention.actor.sector == "CVL" and " " in mention.span.text
        ):
            return mention
        match = _PREFIXED_WORD.search(text, max(0, mention.span.start - 8), mention.span.start)
        if match is None or match.group(1).lower() not in self.clauses.partisan_prefixes:
            return mention
        unnamed = Actor(code="", sector=mention.actor.sector, mention=mention.span)
        return ActorMention(mention.span, unnamed, kind="generic")

    def _with_tense(self, doc: Doc, mention: TimeMention, published: date) -> TimeMention:
        """Re-resolve a time expression in a future-tense clause ("are due to end on Sunday"),
        and a deadline's date with no year ("must leave by Nov 1") as the nearer reading,
        before or after publication."""
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is None:
            return mention
        deadline = is_deadline(span, self.clauses)
        if not deadline and not is_future(clause_verb(span.root), self.clauses):
            return mention
        future = resolve(mention.span.text, published, future=True)
        if future is None:
            return mention
        if deadline:
            past = mention.interval
            if (future.earliest - published) >= (published - past.latest):
                return mention
        return TimeMention(mention.span, replace(future, mention=mention.span))
