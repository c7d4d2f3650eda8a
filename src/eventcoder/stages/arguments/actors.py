"""Which actor a phrase names: the actors in its own words, else in its subtree; pronouns, "both
nations", "the island" and people's names resolve through the document.

A generic institution ("the army", "protesters") is anchored to the country of its sentence's
scene, else the story's; a person is coded by the title or group they were introduced with
("Pakistan Information Minister Attaullah Tarar", "Getachew Reda, a spokesman for the TPLF").
The document-level actor context (home country, people, actors ranked by mentions) is built
here once per document. A capital or organisation's seat named after a place preposition is
where, not who (``_named_as_place``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Token

from eventcoder.model import Actor, ActorMention, Annotated, Place
from eventcoder.stages.arguments.context import (
    DocumentContext,
    Knowledge,
    _go_betweens,
    _mentions_in,
    _starting_in,
    _unique,
)
from eventcoder.stages.arguments.tokens import (
    FINITE_TAGS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    PRONOUNS,
    SUBJECT_DEPS,
    _after_prep,
    _conjuncts,
    _definite,
    _end,
    _inside,
    _is_group_reference,
    _passive,
    _pobj,
)
from eventcoder.stages.sentences import clause_verb, lemma

NON_STATE_ARMED = frozenset({"REB", "CRM"})
"""Sectors of armed men who are not a state's ("rebels", "gunmen", "bandits")."""
# Prepositions whose gerund is done by the verb the phrase hangs on ("by firing", "after
# storming").
MEANS_PREPOSITIONS = frozenset({"by", "after", "before", "while", "without"})
NOUN_CLAUSE_DEPS = frozenset({"acl", "relcl"})
"""Clauses that follow a noun in its phrase and tell of an act, not of whom it names."""
TITLE_CHARS = 30
"""How far before a person's name a title may stand ("U.S. Secretary of State Antony")."""


def _home_country(annotated: Annotated, dateline_place: Place | None) -> str | None:
    """The story's own country: the dateline's, else the most named state, else the most
    named group's home, else the country of most of its towns and regions."""
    if dateline_place is not None and dateline_place.country:
        return dateline_place.country
    counts = Counter(m.actor.country or m.actor.code for m in annotated.actors if m.kind == "state")
    if not counts:
        # "OLA fighters attacked government soldiers": a story naming no state is set in
        # the home country of the domestic groups it names.
        counts = Counter(
            m.actor.country for m in annotated.actors if m.kind == "group" and m.actor.country
        )
    if not counts:
        # "unidentified armed men opened fire on a conference in Shewa Robit ... between
        # Amhara and Afari groups": a story naming no actor at all is set where its towns and
        # regions are (a country named as no actor is a modifier: "the US dollar").
        counts = Counter(
            p.place.country
            for p in annotated.places
            if p.place.country and p.place.precision != "country"
        )
    return counts.most_common(1)[0][0] if counts else None


def _ranked(context: DocumentContext) -> tuple[list[Actor], dict[str, int]]:
    """Named states, groups and IGOs by how often the story names them, and where the story
    first names each (by code)."""
    counts: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    introduced: dict[str, int] = {}
    for mention in context.annotated.actors:
        if mention.kind == "generic":
            continue
        actor = _resolve_mention(context, mention)
        if actor.code:
            counts[actor.code] += 1
            first.setdefault(actor.code, actor)
            introduced.setdefault(actor.code, mention.span.start)
    return [first[code] for code, _ in counts.most_common()], introduced


def _people(context: DocumentContext) -> dict[str, Actor]:
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
        actor = _introduced_as(context, ent.root, ent.start_char, ent.end_char)
        if actor is None:
            continue
        for key in (ent.text, ent[-1].text):
            people.setdefault(key, actor)
    return people


def _introduced_as(context: DocumentContext, root: Token, start: int, end: int) -> Actor | None:
    # "Pakistan Information Minister Attaullah Tarar": the title is inside the name's phrase.
    # Only a title right before the name counts: "army chief General Abdel Fattah
    # al-Burhan", not any actor earlier in a long phrase.
    window = max(root.left_edge.idx, start - TITLE_CHARS)
    own = [m for m in _mentions_in(context, window, end) if m.kind != "person"]
    if own:
        return _anchor(context, own[-1].actor)
    # "Getachew Reda, a spokesman for the TPLF": an apposition names the affiliation.
    for child in root.children:
        if child.dep_ == "appos":
            found = _mentions_in(context, child.left_edge.idx, _end(child.right_edge))
            if found:
                return _anchor(context, found[0].actor)
    if root.dep_ == "appos":
        found = _mentions_in(context, root.head.left_edge.idx, _end(root.head))
        if found:
            return _anchor(context, found[0].actor)
    # "the RSF, led by General Mohamed Hamdan Dagalo": the leader codes as the group.
    by = root.head
    if by.dep_ == "agent" and by.head.lemma_ in {"lead", "head", "command"}:
        participle = by.head
        # The phrase right before "led by" is what is led (attachment of the participle is
        # often wrong in coordinations: "units loyal to X and the RSF, led by Y").
        found = _mentions_in(context, participle.head.left_edge.idx, participle.idx)
        if found:
            return _anchor(context, found[-1].actor)
    return None


def _anchor(context: DocumentContext, actor: Actor) -> Actor:
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


def actors_of(kb: Knowledge, context: DocumentContext, token: Token | None) -> list[Actor]:
    """The actors a noun phrase names: its own words first, then its whole subtree."""
    if token is None:
        return []
    if token.lower_ in PRONOUNS:
        return _resolve_pronoun(kb, context, token)
    if _is_group_reference(token, kb.participants.group_nouns):
        return _group_sides(kb, context, token)
    actors = _phrase_actors(kb, context, token)
    for conjunct in _conjuncts(token):
        own = _actor_mentions(kb, context, conjunct.left_edge.idx, _end(conjunct))
        if actors and own and all(m.kind == "generic" for m in own):
            # "Ukraine's defence ministry and two state-owned banks": an unnamed institution
            # beside a named state's is that state's, not the story's country.
            continue
        actors.extend(_phrase_actors(kb, context, conjunct))
    return _unique(a for a in actors if a.code)


def _group_sides(kb: Knowledge, context: DocumentContext, token: Token) -> list[Actor]:
    """ "both nations", "the two countries": the two states its sentence names, else the
    story's main dyad, leaving out whoever speaks to them."""
    sent = token.sent
    people = lemma(token) in kb.participants.person_group_nouns
    kinds = {"state", "person"} if people else {"state"}
    sentences = [sent]
    if sent.start > 0 and people:
        # "Scholz met Li in Berlin ... The two leaders also signed agreements": people
        # just named, where "the two sides" are the story's.
        sentences.append(context.doc[sent.start - 1].sent)
    # "Russia, a close ally of Iran, called on both sides": who speaks is not one of them,
    # also as the subject of the verb it is joined to ("Guterres condemned the attack and
    # called on both sides").
    speaking_verb = clause_verb(token)
    while speaking_verb.dep_ == "conj" and not any(
        c.dep_ in SUBJECT_DEPS for c in speaking_verb.children
    ):
        speaking_verb = speaking_verb.head
    speaker = next(
        (c for c in speaking_verb.children if c.dep_ in SUBJECT_DEPS and c != token), None
    )
    apart = [] if speaker is None else [(speaker.left_edge.idx, _end(speaker.right_edge))]
    for told in sentences:
        go_betweens = _go_betweens(kb, context, told) + apart
        named = _unique(
            actor
            for m in _mentions_in(context, told.start_char, told.end_char)
            if m.kind in kinds
            and not _named_as_place(kb, context, m)
            and not _a_topic(kb, context, m)
            and not any(start <= m.span.start < end for start, end in go_betweens)
            and (actor := _resolve_mention(context, m)).code
        )
        if len(named) >= 2:
            return named[:2]
    if speaker is None:
        return list(context.dyad)
    # "the Security Council called on both sides": the story's two main sides but the speaker
    speaking = {
        _resolve_mention(context, m).code
        for m in _mentions_in(context, speaker.left_edge.idx, _end(speaker.right_edge))
    }
    return [a for a in context.ranked if a.code not in speaking][:2]


def _a_topic(kb: Knowledge, context: DocumentContext, mention: ActorMention) -> bool:
    """Is the mention inside what something is about ("differences over Taiwan")?"""
    span = context.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    return span is not None and any(
        t.dep_ == "prep" and t.lower_ in kb.clauses.topic_prepositions for t in span.root.ancestors
    )


def _name_start(context: DocumentContext, start: int) -> int:
    """Where a phrase starting at ``start`` begins once a name the parser cut off its left edge
    is put back: in "IS militants shelled" the parser reads "IS" as a verb and the phrase as
    "militants", which the name "IS militants" straddles."""
    i = bisect.bisect_left(context.actor_starts, start) - 1
    if i >= 0:
        before = context.annotated.actors[i].span
        if before.start < start < before.end:
            return before.start
    return start


def _with_fellows(
    context: DocumentContext, found: list[ActorMention], following: list[ActorMention]
) -> list[ActorMention]:
    """ "military forces of India and Pakistan": the names joined by "and" (or a comma) to the
    last one found, of its kind, are its fellows, owners of the phrase too."""
    joined = list(found)
    for mention in following:
        if mention in joined:
            continue
        gap = context.annotated.text[joined[-1].span.end : mention.span.start]
        if mention.kind != joined[-1].kind or gap.strip(" ,") not in {"and", ""}:
            break
        joined.append(mention)
    return joined


JOINED = re.compile(r"\b(?:and|or)\b|,")
"""What between two names makes them two sides ("Sudanese and RSF forces")."""


def _without_homes(context: DocumentContext, own: list[ActorMention]) -> list[ActorMention]:
    """ "Sudan's paramilitary Rapid Support Forces", "Lebanon's Hezbollah": a state told as a
    named group's home, right before it, says where the group is from and is no side."""
    homes = {
        i
        for i, mention in enumerate(own[:-1])
        for group in own[i + 1 :]
        if mention.kind == "state"
        and group.kind == "group"
        and group.actor.country == _resolve_mention(context, mention).code
        and not JOINED.search(context.annotated.text[mention.span.end : group.span.start])
    }
    return [m for i, m in enumerate(own) if i not in homes]


def _name_end(context: DocumentContext, start: int, end: int) -> int:
    """Where a phrase ending at ``end`` ends once a name the parser cut off its right edge is
    put back: in "a strike against Al Shabaab militants training centre" the parser ends the
    phrase at "Shabaab", inside the name "Al Shabaab militants"."""
    i = bisect.bisect_left(context.actor_starts, end) - 1
    if i >= 0:
        last = context.annotated.actors[i].span
        if start <= last.start < end < last.end:
            return last.end
    return end


def _phrase_actors(
    kb: Knowledge, context: DocumentContext, token: Token, *, with_clauses: bool = True
) -> list[Actor]:
    """The actors a noun's phrase names; ``with_clauses=False`` leaves out the clauses that
    follow the noun ("hundreds of people [protested outside the U.N. base]", a finite verb
    misread as a clause describing its subject)."""
    blamed = _blamed_on(kb, context, token)
    if blamed:
        return blamed
    start = _name_start(context, token.left_edge.idx)
    own = _actor_mentions(kb, context, start, _name_end(context, start, _end(token)))
    if lemma(token) in kb.participants.relation_nouns and any(
        c.dep_ == "poss" for c in token.children
    ):
        # "Iran's ally Russia", "Russia's neighbours": not the possessor.
        possessors = [
            (c.left_edge.idx, _end(c.right_edge)) for c in token.children if c.dep_ == "poss"
        ]
        own = [m for m in own if not any(s <= m.span.start < e for s, e in possessors)]
        if not own:
            return []
    owner = next(
        (
            c
            for c in token.children
            if c.dep_ == "poss" and (c.lower_ in PRONOUNS or _names_a_group_told(kb, c))
        ),
        None,
    )
    if owner is not None and own and all(m.kind == "generic" for m in own):
        # "its troops", "their police", "the group's naval forces": whose they are, not the
        # sentence's country.
        owned = actors_of(kb, context, owner)
        if owned:
            return [replace(a, sector=own[0].actor.sector) for a in owned]
    shared = next(
        (
            c
            for c in token.children
            if c.dep_ == "poss" and _is_group_reference(c, kb.participants.group_nouns)
        ),
        None,
    )
    if shared is not None and all(m.kind == "generic" for m in own):
        # "talks between the two countries' military commanders": both sides.
        return _group_sides(kb, context, token)
    if own and all(m.kind == "generic" for m in own):
        # "gunmen loyal to the Taliban", "fighters belonging to the LNA": whose men they are.
        sworn = _allegiance(kb, context, token)
        if sworn:
            return sworn
    if own:
        # Every actor in the words up to the head: "Pakistani soldiers" is PAK, "Russian
        # and Belarusian forces" RUS and BLR.
        own = _without_homes(context, own)
        after = _actor_mentions(kb, context, own[-1].span.end, _end(token.right_edge))
        return [_resolve_mention(context, m) for m in _with_fellows(context, own, after)]
    go_betweens = _go_betweens(kb, context, token.sent)
    whole = [
        m
        for m in _actor_mentions(
            kb, context, start, _end(token.right_edge) if with_clauses else _phrase_end(token)
        )
        if not any(start <= m.span.start < end for start, end in go_betweens)
    ]
    if whole:
        # Otherwise the first actor after it: "the head of the Pakistani Taliban", "more
        # of its troops" (whose troops, as that phrase itself says).
        first = whole[0]
        inner = context.doc.char_span(first.span.start, first.span.end, alignment_mode="expand")
        if first.kind == "generic" and inner is not None and inner.root != token:
            return _phrase_actors(kb, context, inner.root)
        return [_resolve_mention(context, m) for m in _with_fellows(context, [first], whole)]
    person = context.people.get(token.text)
    if person:
        return [person]
    if _definite(token) and not own:
        # "The group vowed to retaliate", "the bloc agreed": the armed group, or the
        # organisation, the story named last.
        for nouns, kind in (
            (kb.participants.armed_group_nouns, "group"),
            (kb.participants.organisation_nouns, "igo"),
        ):
            if lemma(token) in nouns:
                earlier = _last_named(context, token.idx, kind)
                if earlier is not None:
                    return [earlier]
    if owner is not None and lemma(token) in kb.participants.party_nouns:
        # "his side had made concessions", "their delegation": the possessor's party.
        return _resolve_pronoun(kb, context, owner)
    return _place_reference(kb, context, token)


def _phrase_end(token: Token) -> int:
    """Where a noun's phrase ends without the clauses that follow it (but for a name the
    tagger took for the clause's verb: "regional bloc ECOWAS imposed ...", "ECOWAS" a VBG)."""
    end = _end(token)
    for child in token.rights:
        if child.dep_ in NOUN_CLAUSE_DEPS:
            if child.text[:1].isupper():
                end = _end(child)
            break
        end = _end(child.right_edge)
    return end


def _names_a_group_told(kb: Knowledge, token: Token) -> bool:
    """ "the group", "the movement", "the bloc": an armed group or organisation the story
    named before, referred to by what it is."""
    return _definite(token) and (
        lemma(token) in kb.participants.armed_group_nouns
        or lemma(token) in kb.participants.organisation_nouns
    )


def _last_named(context: DocumentContext, before: int, kind: str) -> Actor | None:
    """The actor of ``kind`` the story named last before offset ``before``."""
    i = bisect.bisect_left(context.actor_starts, before) - 1
    while i >= 0:
        earlier = context.annotated.actors[i]
        if earlier.kind == kind and earlier.actor.code:
            return earlier.actor
        i -= 1
    return None


def _allegiance(kb: Knowledge, context: DocumentContext, token: Token) -> list[Actor]:
    """The side a noun's "loyal to", "belonging to" or "affiliated with" phrase names."""
    for child in token.children:
        if child.dep_ in {"amod", "acl"} and lemma(child) in kb.clauses.allegiance_words:
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in {"to", "with"}:
                    return actors_of(kb, context, _pobj(prep))
    return []


def _place_reference(kb: Knowledge, context: DocumentContext, token: Token) -> list[Actor]:
    """ "the island", "the enclave", "the capital": the country of the last place named."""
    if lemma(token) not in kb.participants.place_anaphors or not any(
        c.dep_ == "det" and c.lower_ == "the" for c in token.children
    ):
        return []
    earlier = _starting_in(context.annotated.places, context.place_starts, 0, token.idx)
    for mention in reversed(earlier):
        country = mention.place.country
        if country:
            return [Actor(code=country, country=country, name=mention.place.name)]
    return []


def _blamed_on(kb: Knowledge, context: DocumentContext, token: Token) -> list[Actor]:
    """ "a truck bomb that the government blamed on al Shabaab": the one it is blamed on
    is the perpetrator, not the one who blames."""
    for clause in token.children:
        if clause.dep_ not in {"relcl", "acl"} or lemma(clause) not in kb.clauses.attribution_verbs:
            continue
        for prep in clause.children:
            if prep.dep_ in {"prep", "agent"} and prep.lower_ in {"on", "to", "by"}:
                found = _actor_mentions(kb, context, prep.left_edge.idx, _end(prep.right_edge))
                if found:
                    return [_resolve_mention(context, found[0])]
    return []


def _resolve_mention(context: DocumentContext, mention: ActorMention) -> Actor:
    actor = mention.actor
    if not actor.code and mention.kind == "person":
        surname = (actor.name or mention.span.text).split()[-1]
        # A titled official with no country of their own ("President Tsai Ing-wen") is
        # the story's, unless introduced elsewhere with one.
        return context.people.get(surname) or _anchor(context, actor)
    return _anchor(context, actor)


def _resolve_pronoun(kb: Knowledge, context: DocumentContext, token: Token) -> list[Actor]:
    """The nearest earlier subject that names an actor (news pronouns refer back to it)."""
    sent = token.sent
    if token.lower_ == "it" and _refers_to_a_decision(
        context.doc[sent.start : token.i], kb.event_words.decision_nouns
    ):
        return []  # "welcomed the decision, saying it would allow more aid in"
    controller = _controlling_verb(token)
    if controller is not None:
        # "fired missiles at a tanker, setting it ablaze": the object of a participle that
        # shares its main verb's subject is what that verb acted on, never its subject.
        for candidate in controller.children:
            acted_on = (
                [candidate]
                if candidate.dep_ in OBJECT_DEPS
                else [c for c in candidate.children if c.dep_ == "pobj"]
                if candidate.dep_ == "prep"
                else []
            )
            for noun in acted_on:
                found = actors_of(kb, context, noun) if noun.lower_ not in PRONOUNS else []
                if found:
                    return found
    for candidate in reversed(list(context.doc[sent.start : token.i])):
        if _inside(candidate, token):
            continue  # "more of its troops" cannot be what "its" refers to
        if token.dep_ in OBJECT_DEPS and candidate.head in (token.head, controller):
            continue  # "Lukashenko pardoned him": an object is never its verb's subject
        if candidate.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
            found = actors_of(kb, context, candidate)
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
            found = _phrase_actors(kb, context, subject)
            if found and found[0].code:
                return found
    i = bisect.bisect_left(context.actor_starts, sent.start_char) - 1
    mentions = context.annotated.actors
    while i >= 0:
        mention = mentions[i]
        if mention.kind != "generic" and mention.actor.code:
            return [_anchor(context, mention.actor)]
        i -= 1
    return []


def _controlling_verb(pronoun: Token) -> Token | None:
    """For a pronoun object of a participle or infinitive with no subject of its own
    ("..., setting it ablaze"), the verb whose subject it shares."""
    verb = pronoun.head
    if pronoun.dep_ not in OBJECT_DEPS or verb.dep_ not in {"advcl", "xcomp"}:
        return None
    if verb.tag_ not in {"VBG", "VB"} or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    return verb.head


def _actor_mentions(
    kb: Knowledge, context: DocumentContext, start: int, end: int
) -> list[ActorMention]:
    """Mentions in a phrase that name an actor, not a place ("signed in Pretoria")."""
    return [m for m in _mentions_in(context, start, end) if not _named_as_place(kb, context, m)]


def _named_as_place(
    kb: Knowledge,
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
        preps = kb.clauses.place_prepositions
    return _after_prep(context.doc, mention.span, preps, through_the=mention.kind == "igo")


def _inherited_subject(kb: Knowledge, context: DocumentContext, verb: Token) -> list[Actor]:
    """Subject of a coordinated or controlling verb ("China announced ... and said ...");
    never for a passive, whose subject is what was done to ("it halted operations after
    three of its employees were killed": the WFP did not kill them)."""
    if _passive(verb):
        return []
    current = verb
    for _ in range(3):
        if (
            current.dep_ == "pcomp"
            and current.head.lower_ in MEANS_PREPOSITIONS
            and current.head.head != current.head
        ):
            # "suppressed the march by firing rubber bullets", "closed the road by burning
            # tyres": the means is done by the main verb's subject.
            current = current.head.head
        elif (
            current.dep_ == "pcomp"
            and current.head.lower_ in {"of", "with"}
            and _passive(current.head.head)
            and lemma(current.head.head) in kb.clauses.charge_verbs
        ):
            # "police are accused of assaulting a driver": the act charged is the subject's.
            charged = [c for c in current.head.head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
            return actors_of(kb, context, charged[0]) if charged else []
        elif (
            current.dep_ == "acl"
            and lemma(current.head) in kb.clauses.goal_governors
            and current.head.dep_ == "dobj"
        ):
            # "militants made two attempts to attack the camp", "launched a bid to seize the
            # town": the try's maker is the doer.
            current = current.head.head
        elif current.dep_ not in {"conj", "xcomp", "advcl", "acomp"} or current.head == current:
            return []
        else:
            result = current.dep_ == "advcl"
            current = current.head
            speaks = lemma(current) in kb.cues.reporting_verbs | kb.clauses.description_verbs
            if result and speaks and not _passive(current):
                # "jets struck what officials described as hideouts, killing eight": the
                # parser hangs the result on the description, whose subject only speaks
                # (unlike "X claimed to have killed", which is X's). The act is that of the
                # clause the description sits in, if any.
                if current.dep_ not in {"ccomp", "conj"} or current.head == current:
                    return []
                current = current.head
        if _passive(current) and lemma(current) in kb.clauses.raising_verbs:
            # "Al Shabaab are reported to have struck the town": the passive of a reporting
            # verb raises the doer of what it reports to its subject.
            raised = [c for c in current.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
            if raised:
                return actors_of(kb, context, raised[0])
        found = _subject_actors(kb, context, current)
        if found:
            return found
    return []


def _stranded_subject(kb: Knowledge, context: DocumentContext, verb: Token) -> list[Actor]:
    """ "The transfer came as a delegation of Mexican officials held talks": a finite verb
    the parser left without a subject takes the actor named right before it."""
    if verb.tag_ not in FINITE_TAGS or verb.i == 0:
        return []
    if any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in verb.children):
        return []
    before = context.doc[verb.i - 1]
    if before.pos_ not in {"NOUN", "PROPN"} or before.sent != verb.sent:
        return []
    return [a for a in _phrase_actors(kb, context, before) if a.code]


def _subject_actors(kb: Knowledge, context: DocumentContext, verb: Token) -> list[Actor]:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return actors_of(kb, context, child)
    return []


def _refers_to_a_decision(before: Iterable[Token], decision_nouns: frozenset[str]) -> bool:
    """Is the nearest noun object before "it" a decision, deal or law (what "it" refers to)?"""
    for token in reversed(list(before)):
        if token.ent_type_ in {"DATE", "TIME"}:
            continue  # "welcomed the decision on Monday, saying it ..."
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ in {"dobj", "pobj", "nsubj"}:
            return lemma(token) in decision_nouns
    return False
