"""Actors the text tells but never names: crowds, people named by what they are ("lawyers",
"residents", "two men"), unnamed armed doers ("gunmen") and weapons ("a landmine").

People named by what they are, not by whose they are, are the civilians of the event's country
(the gold rule for civilians, protesters and crowds); coercion told with no doer is the scene's
authorities'. An unnamed armed doer stays unnamed: it is what lets the stage keep "gunmen killed
36 villagers" with no source (``_unknown_doer``, ``_unknown_group``). The doer and victim phrases
of an act (``_doer_phrase``, ``_victim_phrase``) are read here.

Near-twins left apart on purpose: ``_crowd`` (crowd words as the verb's subject or object, with
a country from the sentence or the story) and ``_unnamed_sides``/``_scene_people`` (people by
profession or kind, with a country from the sentence, the dateline or the story) decide the
same kind of side by different words and fallbacks; ``_unknown_doer`` (an agent, or an armed
subject, of a verb) and ``_doer_phrase`` (the phrase that tells the doer, of a verb or a noun)
answer different questions about the same phrase.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from eventcoder.model import Actor, Span, Trigger
from eventcoder.stages.arguments.actors import _actor_mentions, actors_of
from eventcoder.stages.arguments.context import DocumentContext, Knowledge, _places_in
from eventcoder.stages.arguments.tokens import (
    FINITE_TAGS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    PRONOUNS,
    SUBJECT_DEPS,
    _end,
    _harm_told_passively,
    _inside,
    _passive,
    _pobj,
    stranded_subject,
)
from eventcoder.stages.sentences import clause_verb, lemma, verbal


def _unnamed_sides(
    kb: Knowledge,
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
    doers with no name ("gunmen") and things ("a missile") stay unnamed. Communal violence
    with no side named ("inter-clan violence erupted", "clashes between two clans") is the
    scene's people's on both sides."""
    if not source and trigger.type == "ASSAULT":
        # "clashes between Fulani and Konkomba herdsmen killed four": the harm done by
        # communal violence is that violence's, its sides the scene's people.
        cause = _doer_phrase(head, verb)
        if (not target and _communal(kb, context, head)) or (
            cause is not None and _communal(kb, context, cause)
        ):
            people = _scene_people(context, trigger.sentence)
            return (
                people,
                target or list(people),
                why + ", communal violence: the scene's people on both sides",
            )
    if not source:
        acted_on = head != verb and lemma(verb) in kb.clauses.intervening_verbs
        # "police dispersed the protest": the protest is not the police's
        doer = None if acted_on else _doer_phrase(head, verb)
        if (doer is None and trigger.type == "PROTEST") or (
            doer is not None
            and (
                _names_people(kb, context, doer)
                or (trigger.type == "PROTEST" and _civic_body(kb, context, doer))
            )
        ):
            source = _scene_people(context, trigger.sentence)
            why += ", unnamed people of the scene's country as source"
        elif trigger.type == "COERCE" and doer is None:
            # "three persons were arrested", "a curfew was clamped": coercion told with no
            # doer is the doing of the scene's authorities.
            source = [
                replace(a, sector="COP")
                for a in _scene_people(context, trigger.sentence, harmed=True)
            ]
            why += ", the scene's authorities as source"
    # "shelled positions in Kashmir, killing five people": a participle of result belongs
    # to its main act, whose sides are told there.
    result = head.tag_ == "VBG" and head.dep_ in {"advcl", "xcomp", "conj"}
    if not target and trigger.type != "PROTEST" and not result:
        victim = _victim_phrase(
            head, verb, kb.clauses.victim_prepositions, kb.clauses.harm_prepositions
        )
        police = any(a.sector == "COP" for a in source)
        victims = _result_victims(head)
        named_victims = [a for v in victims for a in actors_of(kb, context, v) if a.code]
        if (
            (victim is not None and _names_people(kb, context, victim, harmed=True))
            or (
                # "police fired at a riotous mob", "fired rounds to scare away the mob",
                # "threw a grenade at a mosque, injuring 20 worshippers": force is used on
                # the people (or their places) its clause names, whatever the parse.
                source
                and any(
                    _names_people(kb, context, t, harmed=True)
                    for t in verb.subtree
                    if t.dep_ in {"pobj", "dobj", "nsubjpass"}
                    and t.i != head.i
                    and not any(_inside(s, t) for s in _subjects(verb))
                )
            )
            or (
                # "preventive arrests have been made", "police fired tear-gas shells": an
                # arrest is always of someone, and police force with no one named (what
                # they fired is no one: "fired tear gas to disperse them") is used on the
                # people of its scene.
                source
                and (
                    (victim is None and trigger.mode == "arrest")
                    or (police and (victim is None or not actors_of(kb, context, victim)))
                )
            )
            or (
                # "militants attacked a checkpoint, killing 12 soldiers": whom the act's
                # result harmed, it harmed.
                verbal(head)
                and (
                    bool(named_victims)
                    or any(_names_people(kb, context, v, harmed=True) for v in victims)
                )
            )
        ):
            # "killing 12 soldiers": those the result names, where they are someone's.
            target = named_victims[:1] or _scene_people(context, trigger.sentence, harmed=True)
            if not target and trigger.type == "COERCE" and source and source[0].country:
                # "Houthi security forces carried out an arrest campaign": with no place
                # named, those arrested are in the arresting side's own country.
                country = source[0].country
                target = [Actor(code=country, sector="CVL", country=country)]
            why += ", unnamed people of the scene's country as target"
    return source, target, why


def _result_victims(verb: Token) -> list[Token]:
    """The objects of the participles that tell a verb's result ("attacked the post, killing
    12 soldiers and wounding five")."""
    return [
        c
        for result in verb.children
        if result.dep_ in {"advcl", "conj", "xcomp"} and result.tag_ == "VBG"
        for c in result.children
        if c.dep_ in OBJECT_DEPS
    ]


def _communal(kb: Knowledge, context: DocumentContext, head: Token) -> bool:
    """ "inter-clan violence", "tribal clashes", "fighting between rival clans", "clashes
    between herders and farmers", "between Fulani and Konkomba herdsmen"; the sides of a
    quarrel it is over ("clashes over a land dispute between Koro and Bema": villages or clans
    by names no lexicon knows)."""
    participants = kb.participants
    quarrels = [
        q
        for over in head.children
        if over.dep_ == "prep" and over.lower_ == "over"
        for q in over.children
        if q.dep_ == "pobj" and lemma(q) in participants.dispute_nouns
    ]
    for child in head.children:
        if (
            child.dep_ in {"amod", "compound", "nmod"}
            and set(child.lower_.split("-")) & participants.communal_modifiers
        ):
            return True
    for owner in [head, *quarrels]:
        for child in owner.children:
            if child.dep_ != "prep" or child.lower_ != "between":
                continue
            sides = [t for t in child.subtree if t.dep_ in {"pobj", "conj", "compound", "amod"}]
            if any(
                lemma(t) in participants.community_nouns
                or lemma(t) in participants.armed_communities
                or participants.names_a_people(t.lower_)
                for t in sides
            ):
                return True
            if owner is not head and all(_unknown_name(kb, context, t) for t in sides):
                return True
    return False


def _unknown_name(kb: Knowledge, context: DocumentContext, token: Token) -> bool:
    """A proper name no lexicon knows as an actor (the tagger's entity type is no guide for
    names of villages and clans: it takes many for persons)."""
    return token.pos_ == "PROPN" and not _actor_mentions(
        kb, context, token.idx, token.idx + len(token)
    )


def _unknown_group(kb: Knowledge, context: DocumentContext, head: Token) -> bool:
    """ "Dahalo clashed with police", "Raia Mutomboki cadres abducted six civilians": a
    doer the text names but no lexicon knows (a local militia, a gang) is an unnamed group,
    never a person the story names ("Krasikov killed ...") nor a thing ("a missile")."""
    doer = _doer_phrase(head, clause_verb(head))
    if doer is None or doer.lower_ in PRONOUNS or doer.pos_ not in {"NOUN", "PROPN"}:
        return False
    if lemma(doer) in kb.weapon_nouns and lemma(doer) != lemma(head):
        return True  # "two shells fell on a school", "a landmine injured a villager"
    if doer.ent_type_ == "PERSON" or lemma(doer) in kb.participants.inanimate_doers:
        return False
    lone_name = (
        doer.pos_ == "PROPN"
        and doer.text.istitle()
        and not any(c.dep_ in {"compound", "amod", "nummod"} for c in doer.children)
    )
    if lone_name or doer.text in context.people:
        return False  # "Krasikov killed ...": a surname, one man, not a group
    return not _actor_mentions(kb, context, doer.left_edge.idx, _end(doer.right_edge))


def _names_people(
    kb: Knowledge, context: DocumentContext, token: Token, *, harmed: bool = False
) -> bool:
    """Does a noun phrase name people by what they are ("lawyers", "two men", "a crowd"),
    with no actor of its own, no pronoun, and no armed doer (unless they are harmed)?"""
    if token.lower_ in PERSONAL_PRONOUNS:
        antecedent = _antecedent(kb, token)
        return antecedent is not None and _names_people(kb, context, antecedent, harmed=harmed)
    if token.lower_ in PRONOUNS or token.pos_ not in {"NOUN", "PROPN", "NUM"}:
        return False
    # "suspected community members", "a mob of suspected cultists": a hedge is no armed doer
    words = {
        lemma(t)
        for t in token.subtree
        if not (t.dep_ in {"amod", "advmod"} and lemma(t) in kb.participants.hedging_modifiers)
    }
    # A place attacked ("gunmen attacked Kagara (Rafi LGA, Niger)") is its people's.
    site = harmed and (
        lemma(token) in kb.participants.civilian_sites
        or (
            token.pos_ == "PROPN"
            and bool(_places_in(context, token.left_edge.idx, _end(token.right_edge)))
        )
    )
    # "32 were detained", "killed five": a bare count of those harmed counts people.
    counted = harmed and token.pos_ == "NUM" and token.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS
    if not site and not counted and not kb.participants.names_people(lemma(token), token.text):
        return False
    unknown = words & kb.participants.unknown_doers
    if unknown == {"armed"} and lemma(token) in kb.participants.armed_communities:
        # "armed pastoralists", "armed villagers": a community's militia (ACLED's communal
        # militias), the scene's people, not an unidentified armed group
        unknown = set()
    if not harmed and unknown:
        return False
    return not _actor_mentions(kb, context, token.left_edge.idx, _end(token.right_edge))


def _civic_body(kb: Knowledge, context: DocumentContext, token: Token) -> bool:
    """ "the political party STREI!", "a teachers' union": a civic body no lexicon names."""
    return lemma(token) in kb.participants.civic_bodies and not _actor_mentions(
        kb, context, token.left_edge.idx, _end(token.right_edge)
    )


PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
# Where an antecedent stands: a clause's participants, not a modifier ("police station").
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "attr"})


def _antecedent(kb: Knowledge, pronoun: Token) -> Token | None:
    """The noun a personal pronoun most likely stands for: the nearest participant before it
    in its sentence that is a person or people ("a group of citizens captured a thief, tied
    him to a tree and beat him": the thief, not the tree)."""
    for t in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if t.dep_ in _ARGUMENT_DEPS and (
            t.pos_ == "PROPN"
            or (t.pos_ in {"NOUN", "NUM"} and kb.participants.names_people(lemma(t), t.text))
        ):
            return t
    return None


def _scene_people(context: DocumentContext, sentence: Span, *, harmed: bool = False) -> list[Actor]:
    """Civilians of the event's country: its sentence's place, else the dateline's, else
    (for people who act: protesters, crowds) the story's own country. People harmed in a
    sentence that names no place are no one's the text says ("killing five people"), unless
    the story names no state at all."""
    dateline = (
        context.dateline_place.country
        if context.dateline_place and not context.filed_abroad
        else None
    )
    # A town or region the sentence names says where before a country it names does
    # ("soldiers from Chad attacked a village in Darfur": Sudan's people).
    named = [p.place for p in _places_in(context, sentence.start, sentence.end) if p.place.country]
    named.sort(key=lambda place: place.precision == "country")
    country = context.sentence_country or next((place.country for place in named), None)
    # A story that names no state is set in the home of the groups it names ("Boko Haram
    # raided Wumbi village, killing two"): those it harms are that country's people too.
    victims_home = None if context.names_states else context.home
    country = country or dateline or (victims_home if harmed else context.home)
    return [Actor(code=country, sector="CVL", country=country)] if country else []


def _crowd(kb: Knowledge, context: DocumentContext, verb: Token, *, harmed: bool) -> list[Actor]:
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
        if words & kb.participants.crowd_words and country:
            return [Actor(code=country, sector="CVL", country=country)]
    return []


def _doer_phrase(head: Token, verb: Token) -> Token | None:
    """The phrase that tells who did an act: a verb's subject or its passive's agent; a noun's
    "by" phrase, else the subject of the verb it serves ("staged a demonstration")."""
    if not verbal(head):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                return _pobj(child)
        if verb == head or head.head != verb or head.dep_ not in OBJECT_DEPS:
            return None  # "the agreement followed weeks of fighting": no doer of the fighting
        head = verb
    head = _subject_conjunct(head)
    stranded = None if _passive(head) else stranded_subject(head)
    if stranded is not None:
        return stranded
    for child in head.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
        if child.dep_ == "agent":
            return _pobj(child)
    return None


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECT_DEPS | {"agent"}]


def _victim_phrase(
    head: Token,
    verb: Token,
    victim_prepositions: frozenset[str],
    harm_prepositions: frozenset[str],
) -> Token | None:
    """The phrase that tells whom an act was done to: a verb's object or passive subject, else
    the object its conjunct shares ("beat and injured a thief"), else its "on"/"at" phrase
    ("fired on the village"); a noun's "on"/"against" phrase, else the passive subject of the
    verb of harm it is told by ("two soldiers were injured in a blast")."""
    if not verbal(head):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in victim_prepositions:
                return _pobj(child)
        harming = _harm_told_passively(head, harm_prepositions)  # "were injured in a blast"
        if harming is not None:
            return next((c for c in harming.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
        return None
    stranded = stranded_subject(head) if _passive(head) else None
    if stranded is not None:
        return stranded
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
    if not verbal(head):
        return False
    head = _subject_conjunct(head)  # "gunmen intercepted a car and shot the driver"
    if (
        head.dep_ == "advcl"
        and head.tag_ == "VBG"
        and not any(c.dep_ in SUBJECT_DEPS for c in head.children)
    ):
        # "a suicide bomber rammed a car into a police station, killing 11 policemen": a
        # participle of result is done by the doer of the act it follows from.
        head = _subject_conjunct(head.head)
    for child in head.children:
        if child.dep_ == "agent":
            return True
        if child.dep_ == "nsubj" and any(lemma(t) in unknown_doers for t in child.subtree):
            return True
    # An active verb the parser left with no subject at all ("in Cortes, a gunman ... shot the
    # driver", the gunman read as one more place) was still done by someone the text tells.
    return (
        not any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in head.children)
        and head.tag_ in FINITE_TAGS
        and not _passive(head)
    )


def _subject_conjunct(verb: Token) -> Token:
    """The conjunct a coordinated verb takes its subject from ("protested and blocked roads":
    "protested")."""
    while verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        verb = verb.head
    return verb
