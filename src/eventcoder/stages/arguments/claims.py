"""Who says so, and who claims responsibility.

The claimant of an event is "according to X", else the subject of the reporting verb it is told
under (unnamed sources are ``anonymous``; "the military said" speaks for the sentence's state),
else whoever the text says blames another ("a bomb that the government blamed on al Shabaab").
Claims of responsibility ("Al Shabaab claimed responsibility") give a doer to an act told
without one (``_claimed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from eventcoder.model import ANONYMOUS, Actor, Event
from eventcoder.stages.arguments.actors import _actor_mentions, _subject_actors, actors_of
from eventcoder.stages.arguments.context import DocumentContext, Knowledge
from eventcoder.stages.arguments.tokens import SUBJECT_DEPS, _end, _passive, _pobj
from eventcoder.stages.sentences import lemma


def _blamers(kb: Knowledge, context: DocumentContext, head: Token) -> list[Actor]:
    """ "a truck bomb that the government blamed on al Shabaab": the government says so."""
    for phrase in (head, *(c for c in head.children if c.dep_ in SUBJECT_DEPS)):
        for clause in phrase.children:
            if clause.dep_ in {"relcl", "acl"} and lemma(clause) in kb.clauses.attribution_verbs:
                speakers = _subject_actors(kb, context, clause)
                if speakers:
                    return speakers
    return []


def _claimants(
    kb: Knowledge, context: DocumentContext, head: Token, reporter: Token | None
) -> list[Actor]:
    sent = head.sent
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < sent.end:
            following = context.doc[token.i + 1]
            obj = _pobj(following) if following.lower_ == "to" else None
            if obj is not None:
                return _speaker(kb, context, obj)
    if reporter is None:
        return []
    for child in reporter.children:
        if child.dep_ in SUBJECT_DEPS:
            return _speaker(kb, context, child)
    return []


def _speaker(kb: Knowledge, context: DocumentContext, token: Token) -> list[Actor]:
    # Padded, so that a phrase matches whole words only ("an official" is not in
    # "Iranian officials").
    words = " " + " ".join(t.lower_ for t in token.subtree) + " "
    if lemma(token) in kb.participants.anonymous_heads or any(
        f" {phrase} " in words for phrase in kb.cues.anonymous_sources
    ):
        return [Actor(code=ANONYMOUS, name=" ".join(t.text for t in token.subtree))]
    own = _actor_mentions(kb, context, token.left_edge.idx, _end(token))
    if own and all(m.kind == "generic" for m in own):
        # "..., the military said": an unnamed institution speaks for the state the
        # sentence is about, when it names one.
        sent = token.sent
        states = [
            m
            for m in _actor_mentions(kb, context, sent.start_char, sent.end_char)
            if m.kind == "state" and m.actor.code
        ]
        speaker = own[-1].actor
        # Prefer the state's own institution of the same kind ("the military" ~ "Pakistani
        # soldiers"), then any of its institutions, then the first state named.
        states.sort(key=lambda m: (m.actor.sector != speaker.sector, m.actor.sector is None))
        if states:
            return [replace(speaker, code=states[0].actor.code)]
    return actors_of(kb, context, token)


def _claims(kb: Knowledge, context: DocumentContext) -> list[tuple[int, list[Actor]]]:
    """Claims of responsibility in the story, in order: where each is told, and who claims
    ("Al Shabaab claimed responsibility for the attack")."""
    claims: list[tuple[int, list[Actor]]] = []
    for token in context.doc:
        if lemma(token) not in kb.clauses.responsibility_verbs:
            continue
        claimant = _passive_claimant(kb, token)
        if claimant is not None:
            # "The attack was claimed by Tehreek-e-Jihad Pakistan": the agent claims it.
            claimants = actors_of(kb, context, claimant)
            if claimants:
                claims.append((token.idx, claimants))
            continue
        if not any(lemma(child) == "responsibility" for child in token.children):
            continue
        if any(child.dep_ == "neg" for child in token.children):
            continue  # "Kyiv did not claim responsibility"
        claimants = _subject_actors(kb, context, token)
        if claimants:
            claims.append((token.idx, claimants))
    return claims


def _passive_claimant(kb: Knowledge, verb: Token) -> Token | None:
    """Who a passive claim of an attack names ("the bombing was claimed by ..."), if any."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None or not _passive(verb):
        return None
    claims_an_attack = any(
        c.dep_ == "nsubjpass" and kb.event_nouns.get(lemma(c)) in {"ASSAULT", "COERCE"}
        for c in verb.children
    )
    return _pobj(agent) if claims_an_attack else None


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
