"""Source and target of one trigger.

A verb's subject and object (the passive's agent is the source), a noun's possessor, national
adjective and target prepositions, else the subject of the verb it serves; then the rules that
fill a missing side: the speaker for statements, the story's last event of the type for a
definite event noun, forces moved by their own side, the unnamed people of the scene
(``unnamed``), and finally the other side named in the sentence or the story's main dyad
(``_counterpart``). ``_directed`` splits "each side blamed the other" into one event per side.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from eventcoder.knowledge.lexicon import DEFAULT_TARGET_PREPS as TYPE_TARGET_PREPS
from eventcoder.model import SYMMETRIC_TYPES, Actor, Event, Trigger
from eventcoder.stages.arguments.actors import (
    _inherited_subject,
    _named_as_place,
    _phrase_actors,
    _place_reference,
    _resolve_mention,
    _stranded_subject,
    _subject_actors,
    actors_of,
)
from eventcoder.stages.arguments.context import (
    VERBAL_TYPES,
    DocumentContext,
    Knowledge,
    _go_betweens,
    _mentions_in,
    _unique,
    _unit_of,
)
from eventcoder.stages.arguments.tokens import (
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    _definite,
    _end,
    _in_temporal_phrase,
    _inside,
    _is_group_reference,
    _passive,
    _pobj,
    stranded_subject,
)
from eventcoder.stages.arguments.unnamed import _crowd, _unnamed_sides
from eventcoder.stages.sentences import lemma, tells_mutual_fighting, verbal

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
OWN_FORCE_TYPES = frozenset({"MOBILIZE", "RETREAT"})
FORCE_SECTORS = frozenset({"MIL", "COP", "SPY"})
JOINT_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
"""Acts that both their sides do: one answered ("welcomed the deal") answers both."""
MUTUAL_WHY = ", each side the other's target"
"""What the explanation of a mutual act says ("each side blamed the other"): one event per
side is made of it."""
STANCE_TYPES = frozenset({"AGREE", "REJECT", "ACCUSE", "SUPPORT"})
"""Stances toward a party: aimed only at one the sentence names, never guessed from the
story's main dyad ("the president vowed to veto the bill" in a story about Georgia and Russia
rejects no Russia; an agreement's partner is named with it)."""
DOMESTIC_TYPES = frozenset({"PROTEST"})
"""Types whose unnamed target is the actors' own state (protesters against their government)."""
DOMESTIC_FORCE_TYPES = frozenset({"PROTEST", "COERCE", "ASSAULT"})
"""Types where one state's police or army and its own civilians are the two sides."""
POPULATION_MODES = frozenset({"curfew", "martial-law"})
"""Coercion imposed on a whole population, its own side's unless the text names another."""
RETALIATED_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
"""What is paid back: force used on a side, or sanctions imposed on it."""


def _answered(kb: Knowledge, context: DocumentContext, verb: Token) -> list[Actor]:
    """ "rejected the accusation", "condemned the attack": a definite statement or event
    noun as the object answers the story's last act of its kind, so its doer is the
    target."""
    for child in verb.children:
        # "condemned the attack", "welcomed the agreement": the act told before
        told = kb.event_words.told_statements.get(lemma(child)) or kb.event_nouns.get(lemma(child))
        if child.dep_ in OBJECT_DEPS and told is not None and _definite(child):
            earlier = _named_earlier(context, told, child)
            if earlier is not None and told in JOINT_TYPES:
                # "the United States welcomed the deal": a joint act is its parties' own
                return _unique([*earlier.source, *earlier.target])
            if earlier is not None:
                return list(earlier.source)
        if (
            child.dep_ in OBJECT_DEPS
            and lemma(child) in kb.event_words.act_references
            and _definite(child)
            and context.last_of_type
        ):
            # "Beijing denounced the move": the story's last act, whoever made it.
            latest = max(context.last_of_type.values(), key=lambda e: e.evidence.start)
            return list(latest.source)
    return []


def _named_earlier(context: DocumentContext, told: str, noun: Token) -> Event | None:
    """The story's act a definite noun answers: the last of its type whose trigger, else
    whose sentence, says the noun's own word ("condemned the strike" after "an air strike
    killed ..." and "fired rockets"), else the last of its type."""
    word = lemma(noun)
    same_type = [e for e in reversed(context.told) if e.type == told]
    for said in (lambda e: e.trigger.text, lambda e: e.evidence.text):
        for event in same_type:
            if word in said(event).lower():
                return event
    return context.last_of_type.get(told)


def _sides(
    kb: Knowledge,
    context: DocumentContext,
    trigger: Trigger,
    head: Token,
    verb: Token,
    reporter: Token | None,
) -> tuple[list[Actor], list[Actor], str]:
    target_preps = set(trigger.target_preps) or {
        *TYPE_TARGET_PREPS[trigger.type],
        *kb.clauses.target_prepositions,
    }
    source: list[Actor] = []
    target: list[Actor] = []
    addressed = False  # a statement told to someone the text names without a code
    why = "actors: "
    if verbal(head):
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS:
                source += actors_of(kb, context, child)
            elif child.dep_ in PASSIVE_SUBJECT_DEPS or child.dep_ in OBJECT_DEPS:
                found = actors_of(kb, context, child)
                target += found
                addressed = addressed or (
                    trigger.type in VERBAL_TYPES
                    and ((not found and _unnamed_parties(kb, child)) or _own_people(kb, child))
                )
            elif child.dep_ == "agent":
                source += actors_of(kb, context, _pobj(child))
            elif child.dep_ == "prep" and child.lower_ in target_preps:
                addressee = _aimed_at(
                    kb, context, _pobj(child), states_as_places=trigger.type == "ASSAULT"
                )
                target += addressee
                told_to = _pobj(child)
                addressed = addressed or (
                    not addressee
                    and trigger.type in VERBAL_TYPES
                    and child.lower_ in kb.clauses.addressee_prepositions
                    # "warned on Thursday": a day is told, not an addressee
                    and not (told_to is not None and told_to.ent_type_ in {"DATE", "TIME"})
                )
        if trigger.mode == "expel":
            # "expelled diplomats from Rwanda": whose envoys, on the envoys or where the
            # parser hangs it on the verb; a state named there (not one of the expelling side)
            # is the target, not the envoys' anchoring to the expelling state.
            envoys = [c for c in head.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
            expelling = {a.code for a in source}
            sent_home = [
                a
                for holder in (head, *envoys)
                for c in holder.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for a in _aimed_at(kb, context, _pobj(c), states_as_places=True)
                if a.code == a.country and a.code not in expelling
            ]
            if sent_home:
                target = sent_home
        stranded = stranded_subject(head)
        if stranded is not None:
            if _passive(head):
                target += actors_of(kb, context, stranded)
            else:
                source += actors_of(kb, context, stranded)
        if not source and _passive(head):
            # "1 civilian was killed and 7 were wounded by Afghan forces": coordinated
            # passives share the agent one of them names.
            for conjunct in head.children:
                if conjunct.dep_ == "conj" and _passive(conjunct):
                    for agent in (c for c in conjunct.children if c.dep_ == "agent"):
                        source += actors_of(kb, context, _pobj(agent))
        if not source and _passive(head) and trigger.type in DOMESTIC_FORCE_TYPES:
            # "Afghans who were caught by Iranian border guards were beaten": those who hold
            # the victims did it.
            source = _captors(kb, context, head)
        if not source and _passive(head) and trigger.type == "ASSAULT":
            # "Two are killed during a Boko Haram raid", "killed in an IED attack by the
            # SDF": the dead of an attack told as their setting are the attack's doer's.
            source = _setting_attack_doer(kb, context, head)
        if not target and trigger.type in VERBAL_TYPES:
            target = _answered(kb, context, head)
        if not source and not _passive(head):
            # A known person's name the tagger missed as subject ("Dagalo called ...").
            source = [context.people[t.text] for t in head.lefts if t.text in context.people][:1]
        if not source and trigger.type in OWN_FORCE_TYPES:
            # "Those troops have since been deployed": forces moved by no named agent are
            # moved by their own side.
            moved = [
                c
                for c in head.children
                if c.dep_ in PASSIVE_SUBJECT_DEPS
                and any(
                    lemma(t) in kb.participants.force_nouns for t in c.subtree
                )  # "dozens of troops"
            ]
            source = [a for c in moved for a in actors_of(kb, context, c)]
            target = [a for a in target if a not in source]
        if not source:
            source = _inherited_subject(kb, context, head) or _stranded_subject(kb, context, head)
        if (
            not source
            and target
            and lemma(head) in kb.event_words.authority_verbs
            and _passive(head)
            and not any(c.dep_ == "agent" for c in head.children)
        ):
            # "Gershkovich was convicted of espionage": arrests, trials and sentences told
            # without an agent are the authorities' of the other side of the story.
            source = _counterpart(kb, context, trigger, head, verb, target)
        if not source and trigger.type in DOMESTIC_TYPES:
            source = _crowd(kb, context, head, harmed=False)
        if not target and trigger.type in DOMESTIC_FORCE_TYPES:
            target = _crowd(kb, context, head, harmed=True)
        if not source:
            source = _described_doer(kb, context, head)
        why += "subject/object of the verb"
    else:
        own_words = range(trigger.token_start, trigger.token_end)
        # "a clash ensued between X and Y", "clashes broke out between X and Y": the
        # occurrence verb the noun is told by carries its "between" phrase.
        telling = [c for c in head.children if c.dep_ == "acl"]
        if head.dep_ in SUBJECT_DEPS and verb != head:
            telling.append(verb)
        between = [
            c for t in telling for c in t.children if c.dep_ == "prep" and c.lower_ == "between"
        ]
        if between and not any(c.dep_ == "prep" and c.lower_ == "between" for c in head.children):
            both = actors_of(kb, context, _pobj(between[0]))
            source, target = both[:1], both[1:]
        for child in head.children:
            doers = _named_doer(kb, context, child, own_words)
            if doers is not None:
                source += doers
            elif child.dep_ == "prep" and child.lower_ == "between":
                both = actors_of(kb, context, _pobj(child))
                source, target = both[:1], both[1:]
            elif child.dep_ == "prep" and child.lower_ in target_preps:
                # "90 drones at Ukraine": a state named where force is aimed is its target
                target += _aimed_at(
                    kb, context, _pobj(child), states_as_places=trigger.type == "ASSAULT"
                )
            elif child.dep_ in {"acl", "relcl"}:
                for grandchild in child.children:
                    if grandchild.dep_ in OBJECT_DEPS:
                        target += actors_of(kb, context, grandchild)
                    elif grandchild.dep_ == "xcomp":
                        # "strikes targeting presumed ISGS positions": the parser makes
                        # "presumed" a verb, and the target its object.
                        target += [
                            a
                            for great in grandchild.children
                            if great.dep_ in OBJECT_DEPS
                            for a in actors_of(kb, context, great)
                        ]
        # "agreed to a ceasefire after talks mediated by the AU": the talks' parties are
        # those who agreed; other acts in a time phrase are not the main clause's.
        shares_parties = trigger.type == "CONSULT" or not _in_temporal_phrase(head, kb.clauses)
        # "repelled an attack by opposition fighters": the noun names its own doer, even
        # one with no code, so the verb's subject is not it.
        own_doer = any(c.dep_ == "prep" and c.lower_ == "by" for c in head.children)
        misplaced_by = _object_s_by_phrase(head, verb)
        if misplaced_by is not None:
            # "repelled a major assault by the RSF": an active verb has no "by" agent, so the
            # parser's "by" on the verb is its object's, and names the noun's doer.
            source += actors_of(kb, context, _pobj(misplaced_by))
            own_doer = True
        # "forces suppressed the march": a gathering acted on is not the force's own.
        acted_on = lemma(verb) in kb.clauses.intervening_verbs
        # "the OSCE observed 16 explosions": who saw an act did not do it; nor did who
        # protested against it ("summoned the envoy to protest against an attack").
        witnessed = lemma(verb) in kb.clauses.witness_verbs | kb.clauses.reaction_verbs
        if (
            not source
            and verb != head
            and shares_parties
            and not own_doer
            and not acted_on
            and not witnessed
        ):
            # "three soldiers were killed in clashes with IS": who fell in a clash fought it.
            fought = tells_mutual_fighting(trigger.span.text, kb.event_words.two_sided_words)
            subject_deps = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS if fought else SUBJECT_DEPS
            for child in verb.children:
                if child.dep_ in subject_deps and child != head and not _inside(head, child):
                    source += actors_of(kb, context, child)
                elif child.dep_ == "agent":  # "the attack was carried out by the SBU"
                    source += actors_of(kb, context, _pobj(child))
            if not source:
                source = (
                    _inherited_subject(kb, context, verb)
                    or _stranded_subject(kb, context, verb)
                    or _described_doer(kb, context, verb)
                )
        if (
            not target
            and verb != head
            and not acted_on
            and not witnessed
            and not _in_temporal_phrase(head, kb.clauses)
        ):
            # "launched 60 missiles and 90 drones at Ukraine": a conjunct object is the verb's
            # object too.
            carried = head
            while carried.dep_ == "conj" and carried.head != carried:
                carried = carried.head
            for child in verb.children:
                if child.dep_ in OBJECT_DEPS and not _inside(head, child) and child != carried:
                    target += actors_of(kb, context, child)
                elif (
                    child.dep_ == "prep"
                    and child.lower_ in target_preps
                    and carried.dep_ in OBJECT_DEPS
                    and carried.head == verb
                ):
                    # "conducted air strikes against a camp of Boko Haram": the parser
                    # hangs the noun's target on the verb that carries it.
                    target += actors_of(kb, context, _pobj(child))
        why += "the noun's possessor/modifiers, else its verb's subject"
    if not source and reporter is not None and trigger.type in VERBAL_TYPES:
        source = _subject_actors(kb, context, reporter)
        why += ", speaker as source"
    earlier = context.last_of_type.get(trigger.type)
    if not source and earlier is not None and _definite(head):
        # "The live-fire drills began on Thursday": a definite event noun continues the
        # story's last event of its kind, and takes its sides.
        source, target = list(earlier.source), target or list(earlier.target)
        why += ", sides of the story's previous event of this type"
    if head.pos_ == "ADJ" and verb != head and lemma(verb) == "be":
        # "RSF deployments were illegal", the army said: what is judged is the target.
        target = _subject_actors(kb, context, verb) if verb != head else []
        source = _subject_actors(kb, context, reporter) if reporter is not None else []
    # An actor with no code (a militia of a scene no place names) is an unnamed side.
    source = _unique(a for a in source if a.code)
    target = _unique(a for a in target if a.code)
    others = [a for a in target if a.code not in {s.code for s in source}]
    if others:
        # "cancelled talks between the two countries' commanders": the other country.
        target = others
    if trigger.type in OWN_FORCE_TYPES:
        # "massed 100,000 troops near Ukraine's borders", "withdrew its troops": the forces
        # moved are the actor's own, not the target.
        own = {a.code for a in source}
        target = [a for a in target if a.code not in own or a.sector not in FORCE_SECTORS]
    if trigger.type == "ASSAULT":
        source, target, why = _weapon_setter_sides(kb, context, trigger, source, target, why)
    if not source and len(target) > 1 and trigger.type == "ASSAULT":
        # "clashes killed five soldiers and 25 militants": the dead name both sides.
        source, target = target[:1], target[1:]
    if (
        len(source) > 1
        and not target
        and trigger.type in SYMMETRIC_TYPES
        and not _alternative_doers(verb, kb)
    ):
        # "Police and protesters clashed", "Russia and China agreed": one side each.
        source, target = source[:1], source[1:]
    if trigger.type in DOMESTIC_FORCE_TYPES:
        source, target, why = _unnamed_sides(kb, context, trigger, head, verb, source, target, why)
    # "each side blamed the other", "Ethiopia and Sudan traded accusations": the sides are
    # each other's targets.
    mutual = len(source) > 1 and (
        lemma(verb) in kb.clauses.reciprocal_verbs
        or any(
            _is_group_reference(child, kb.participants.group_nouns)
            for child in verb.children
            if child.dep_ in SUBJECT_DEPS
        )
        # "Armenia and Azerbaijan accused each other"
        or any(_reciprocal_object(kb, child) for child in (*head.children, *verb.children))
    )
    if mutual and lemma(verb) in kb.clauses.reciprocal_verbs:
        # "Ukraine and Russia swapped 150 prisoners each": what they traded was each other's.
        target = []
    if (
        trigger.type == "CONSULT"
        and verbal(head)
        and not target
        and len(source) == 1
        and any(c.dep_ in SUBJECT_DEPS and c.tag_ in {"NNS", "NNPS"} for c in head.children)
    ):
        # "EU foreign ministers met on Monday": the members of one side met, with no other
        # side the text names (dropped below as a meeting of one side).
        addressed = True
    if not target and source and not mutual and not addressed:
        # ("appealed to international partners": the addressee is named, with no code.)
        target = _counterpart(kb, context, trigger, head, verb, source)
        why += ", target from the sentence or the story's dyad"
    if (
        not target
        and source
        and tells_mutual_fighting(trigger.span.text, kb.event_words.two_sided_words)
        and all(a.code == a.country for a in source)
    ):
        # "Two groups of drivers clashed", "police and protesters clashed" in one country with
        # no other side named: the clash is within that country, on both sides.
        target = list(source)
        why += ", a clash within one country"
    if mutual and not target:
        why += MUTUAL_WHY
    return source, target, why


def _reciprocal_object(kb: Knowledge, child: Token) -> bool:
    """Is a verb's object (or its preposition's) "each other", "one another"?"""
    if child.dep_ == "prep":
        found = _pobj(child)
        if found is None:
            return False
        child = found
    if child.dep_ not in OBJECT_DEPS | {"pobj"}:
        return False
    return " ".join(t.lower_ for t in child.subtree) in kb.clauses.reciprocal_objects


def _object_s_by_phrase(noun: Token, verb: Token) -> Token | None:
    """The "by" phrase an active verb holds after its object noun ("repelled an assault by
    the RSF"), which can only be the noun's."""
    if noun.dep_ not in OBJECT_DEPS or noun.head != verb or _passive(verb):
        return None
    return next(
        (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by" and c.i > noun.i),
        None,
    )


def _unnamed_parties(kb: Knowledge, phrase: Token) -> bool:
    """ "urged neighbouring countries", "called on other states", "urging Western allies":
    parties the text names by kind or by their tie to the speaker and never by name, so none
    of the story's own. Not "both countries", "the two nations", which are the story's."""
    return (
        (
            lemma(phrase) in kb.participants.group_nouns
            or lemma(phrase) in kb.participants.relation_nouns
        )
        and phrase.tag_ in {"NNS", "NNPS"}
        and not any(
            (c.dep_ in {"det", "predet"} and c.lower_ in _KNOWN_PARTY_DETERMINERS)
            or c.dep_ in {"nummod", "poss"}
            for c in phrase.children
        )
    )


_KNOWN_PARTY_DETERMINERS = frozenset({"the", "both", "these", "those", "all"})


def _own_people(kb: Knowledge, phrase: Token) -> bool:
    """ "the embassy urged its citizens to avoid the protests": people the speaker calls its
    own are addressed, and are no other state of the story."""
    return any(
        c.dep_ == "poss" and c.lower_ in {"its", "their", "his", "her", "our"}
        for c in phrase.children
    ) and kb.participants.names_people(lemma(phrase), phrase.text)


def _aimed_at(
    kb: Knowledge, context: DocumentContext, phrase: Token | None, *, states_as_places: bool
) -> list[Actor]:
    """The actors a phrase names; with ``states_as_places``, else a state it names as the
    place aimed at ("fired 180 missiles at Israel", "expelled diplomats from France")."""
    found = actors_of(kb, context, phrase)
    if not found and states_as_places:
        found = _aimed_at_a_state(kb, context, phrase)
    return found


def _aimed_at_a_state(kb: Knowledge, context: DocumentContext, aim: Token | None) -> list[Actor]:
    """ "fired 180 missiles at Israel": a state named where force is aimed is its target,
    though "at" also tells places ("talks at Geneva")."""
    if aim is None:
        return []
    return [
        actor
        for m in _mentions_in(context, aim.left_edge.idx, _end(aim.right_edge))
        if m.kind == "state"
        and _named_as_place(kb, context, m)
        and (actor := _resolve_mention(context, m)).code
    ][:1]


def _weapon_setter_sides(
    kb: Knowledge,
    context: DocumentContext,
    trigger: Trigger,
    source: list[Actor],
    target: list[Actor],
    why: str,
) -> tuple[list[Actor], list[Actor], str]:
    """ "a landmine planted by pro-Houthi forces exploded as a car passed, killing one", "an
    ambulance hit a suspected al-Shabaab planted land mine": who set the weapon its sentence
    tells made the attack, and who ran into it ("an army vehicle struck an IED") was hit."""
    setters: list[Actor] = []
    struck_by: list[Actor] = []
    for weapon in context.doc[trigger.head].sent:
        if lemma(weapon) not in kb.clauses.set_weapons or weapon.pos_ not in {"NOUN", "PROPN"}:
            continue
        for setting in (*weapon.children, weapon.head):
            if lemma(setting) not in kb.clauses.setting_verbs or setting.tag_ not in {"VBN", "VBD"}:
                continue
            agent = next((c for c in setting.children if c.dep_ == "agent"), None)
            if agent is not None:
                setters += actors_of(kb, context, _pobj(agent))
            elif setting.head == weapon and setting.i < weapon.i:
                # "an al-Shabaab planted mine": the setter is named before the participle.
                before = context.doc[weapon.left_edge.i : setting.i]
                setters += [
                    _resolve_mention(context, m)
                    for m in _mentions_in(context, before.start_char, before.end_char)
                    if m.kind != "generic"
                ]
        striker = _striker(kb, weapon)
        if striker is not None:
            struck_by += [
                a
                for c in striker.children
                if c.dep_ in SUBJECT_DEPS
                for a in actors_of(kb, context, c)
            ]
    setters = [a for a in _unique(setters) if a.code]
    if not setters and not struck_by:
        return source, target, why
    if setters:
        source = setters
        why += ", who set the weapon as source"
    else:
        struck = {a.code for a in struck_by}
        source = [a for a in source if a.code not in struck]
    own = {a.code for a in setters}
    hit = [a for a in struck_by if a.code]
    return source, [a for a in _unique([*hit, *target]) if a.code not in own], why


def _striker(kb: Knowledge, weapon: Token) -> Token | None:
    """The verb by which someone ran into a set weapon ("struck an IED", "stepped on a
    landmine"), if any."""
    if lemma(weapon) not in kb.clauses.set_weapons or weapon.dep_ not in OBJECT_DEPS | {"pobj"}:
        return None
    striker = weapon.head.head if weapon.dep_ == "pobj" else weapon.head
    return striker if lemma(striker) in kb.clauses.striking_verbs else None


def _captors(kb: Knowledge, context: DocumentContext, verb: Token) -> list[Actor]:
    """The agent of a capture told of a passive verb's subject ("who were caught by X")."""
    for subject in (c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS):
        for clause in (c for c in subject.children if c.dep_ in {"relcl", "acl"}):
            if lemma(clause) not in kb.clauses.capture_verbs:
                continue
            for agent in (c for c in clause.children if c.dep_ == "agent"):
                return actors_of(kb, context, _pobj(agent))
    return []


def _alternative_doers(verb: Token, kb: Knowledge) -> bool:
    """ "JNIM or ISGS militants abducted a trader": a subject of doers joined by "or" names who
    may have done it, not two sides."""
    return any(
        c.dep_ == "cc" and c.lower_ in kb.clauses.alternative_conjunctions
        for subject in verb.children
        if subject.dep_ in SUBJECT_DEPS
        for c in subject.subtree
    )


def _counterpart(
    kb: Knowledge,
    context: DocumentContext,
    trigger: Trigger,
    head: Token,
    verb: Token,
    source: list[Actor],
) -> list[Actor]:
    """The unnamed other side: another actor of the same sentence (nearest the trigger,
    outside the source's own phrase), else (but for a stance) the other side of the story's
    main dyad."""
    own = {a.code for a in source}
    speakers = [t for t in head.sent if lemma(t) in kb.cues.reporting_verbs]
    excluded = [
        (child.left_edge.idx, _end(child.right_edge))
        for scope in {t.i: t for t in (head, verb, *speakers)}.values()
        for child in scope.children
        if child.dep_ in SUBJECT_DEPS | NOUN_SOURCE_DEPS | {"agent"}
        or (scope in speakers and child.dep_ in OBJECT_DEPS)
    ]  # the actor's own phrase, who reports the event and to whom are not its other side
    excluded += _go_betweens(kb, context, head.sent)
    # "attacks in solidarity with Palestinians", "in protest at the visit": for whom or against
    # what an act is done as its motive is not whom it is done to.
    excluded += [
        (start, end)
        for start, end in _motive_phrases(head.sent, kb.event_words.motive_nouns)
        if not start <= head.idx < end
    ]
    # "welcomed the ceasefire and thanked Washington and Paris": whom a verb joined to this
    # one acts on in an act of the same kind is that act's party, not this one's ("denied
    # the attack and accused the army" still denies it to the army).
    same_kind = {t.head for t in context.annotated.triggers if t.type == trigger.type}
    joined_verbs = [c for c in verb.children if c.dep_ == "conj"]
    if verb.dep_ == "conj":
        joined_verbs.append(verb.head)
    excluded += [
        (child.left_edge.idx, _end(child.right_edge))
        for joined in joined_verbs
        if joined.i in same_kind
        for child in joined.children
        if child.dep_ in OBJECT_DEPS and not (child.left_edge.i <= head.i <= child.right_edge.i)
    ]
    # "a bill that critics say mirrors a Russian law": who a relative clause names describes
    # a participant and is none.
    excluded += [
        (t.left_edge.idx, _end(t.right_edge))
        for t in head.sent
        if t.dep_ == "relcl" and not (t.left_edge.i <= head.i <= t.right_edge.i)
    ]
    sentence = trigger.sentence
    candidates = [
        m
        for m in _mentions_in(context, sentence.start, sentence.end)
        if not any(start <= m.span.start < end for start, end in excluded)
        and not (trigger.span.start <= m.span.start < trigger.span.end)
        and not _named_as_place(kb, context, m)
    ]
    candidates.sort(key=lambda m: abs(m.span.start - trigger.span.start))
    own_sectors = {a.sector for a in source}
    for mention in candidates:
        actor = _resolve_mention(context, mention)
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
        told = kb.event_nouns.get(lemma(token))
        if told and token.i != head.i and _definite(token) and told in context.last_of_type:
            answered = [a for a in context.last_of_type[told].source if a.code not in own]
            if answered:
                return answered
    paid_back = _paid_back(kb, context, head, verb, own)
    if paid_back:
        return paid_back
    for token in verb.subtree:
        # "strikes continued across the enclave", "drills encircling the island"
        referred = [a for a in _place_reference(kb, context, token) if a.code not in own]
        if referred:
            return referred
    if trigger.type in DOMESTIC_TYPES:
        return [replace(source[0], code=source[0].country or source[0].code)]
    if trigger.mode in POPULATION_MODES and source[0].country:
        # "the government declared a state of emergency and imposed a night curfew": on its
        # own people, not on the story's other side.
        country = source[0].country
        return [Actor(code=country, sector="CVL", country=country)]
    if trigger.type == "MOBILIZE":
        # Forces moved name no adversary unless the sentence does, if only as the place
        # they face ("massed troops near Ukraine's borders").
        faced = [
            _resolve_mention(context, m)
            for m in _mentions_in(context, sentence.start, sentence.end)
            if m.kind == "state" and _named_as_place(kb, context, m, kb.clauses.facing_prepositions)
        ]
        return [a for a in faced if a.code and a.code not in own][:1]
    if trigger.type in STANCE_TYPES:
        return []
    earlier = context.last_of_type.get(trigger.type)
    if earlier is not None and own & {a.code for a in earlier.source}:
        # "the Houthis fired missiles at a British tanker ... the group's naval forces had
        # targeted the vessel": the same side doing the same again, with no other side
        # named, goes on with what it last did it to.
        continued = [a for a in earlier.target if a.code not in own]
        if continued:
            return continued
    # A side the story names only in a later paragraph is no side of what it told before
    # ("Ruto vowed to crush the violence" is not aimed at the United States named further on).
    unit = _unit_of(context, sentence.start)
    told_by = unit.span.end if unit else sentence.end
    for actor in context.ranked:
        if actor.code not in own and context.introduced[actor.code] < told_by:
            return [actor]
    return []


def _described_doer(kb: Knowledge, context: DocumentContext, verb: Token) -> list[Actor]:
    """ "U.N. trucks carrying tents", "a Saudi plane carrying aid": the noun an active
    participle describes does the act; so does the noun a finite verb was misread as
    describing ("ISWAP militants abducted two people", "regional bloc ECOWAS imposed
    sanctions", parsed as noun phrases)."""
    if verb.dep_ != "acl" or verb.tag_ not in {"VBG", "VBD"}:
        return []
    return [a for a in _phrase_actors(kb, context, verb.head, with_clauses=False) if a.code]


def _motive_phrases(sent: SpacySpan, motive_nouns: frozenset[str]) -> list[tuple[int, int]]:
    """Character ranges of "in <motive> [with|at|against ...]" phrases: "in solidarity with
    Palestinians" (the parser may hang "with ..." on the verb beside "in solidarity")."""
    ranges = []
    for token in sent:
        prep = token.head
        if lemma(token) not in motive_nouns or token.dep_ != "pobj" or prep.lower_ != "in":
            continue
        end = _end(prep.right_edge)
        following = prep.doc[prep.right_edge.i + 1] if prep.right_edge.i + 1 < sent.end else None
        if following is not None and following.dep_ == "prep" and following.head == prep.head:
            end = _end(following.right_edge)  # "in solidarity" + "with Palestinians"
        ranges.append((prep.idx, end))
    return ranges


def _paid_back(
    kb: Knowledge, context: DocumentContext, head: Token, verb: Token, own: set[str]
) -> list[Actor]:
    """ "The Houthis vowed to retaliate", "promised revenge": a threat or act of paying back
    is aimed at whoever the story last told using force on the one who pays back."""
    words = kb.event_words.retaliation_words
    if not any(lemma(t) in words for t in (head, verb, *head.children, *verb.children)):
        return []
    for earlier in reversed(context.told):
        if earlier.type in RETALIATED_TYPES and own & {a.code for a in earlier.target}:
            return [a for a in earlier.source if a.code not in own]
    return []


def _directed(event: Event) -> list[Event]:
    """ "Each side blamed the other": one directed event per side when both sides of the
    story are the source ("each side", "both sides") and nothing else is the target."""
    # ("Egypt and Saudi Arabia urged a return to talks": joint doers are one side.)
    if len(event.source) < 2 or event.type == "ASSAULT" or MUTUAL_WHY not in event.why:
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


def _setting_attack_doer(kb: Knowledge, context: DocumentContext, verb: Token) -> list[Actor]:
    """The doer an attack or a security operation names ("a Boko Haram raid", "an attack by
    the SDF", "operations carried out by the gendarmerie") in the "in"/"during" phrase of a
    passive verb."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"in", "during"}:
            continue
        noun = _pobj(prep)
        if noun is None or (
            kb.event_nouns.get(lemma(noun)) != "ASSAULT"
            and lemma(noun) not in kb.clauses.operation_nouns
        ):
            continue
        doers = [
            actor
            for child in noun.children
            for actor in _named_doer(kb, context, child, range(noun.i, noun.i + 1)) or ()
        ]
        if doers:
            return doers
    return []


def _named_doer(
    kb: Knowledge, context: DocumentContext, child: Token, own_words: range
) -> list[Actor] | None:
    """The actors an event noun's dependent names as its doer ("Russian strikes", "the
    SDF's attack", "an attack by the SDF"), or None for a dependent that names no doer."""
    if child.dep_ in NOUN_SOURCE_DEPS and child.i not in own_words:
        # "military build-up", "naval drills": a lowercase adjective says what kind of
        # event it is, not whose (nationalities are capitalised).
        kind_word = child.pos_ == "ADJ" and child.text.islower()
        if kind_word or lemma(child) in kb.clauses.mediation_words:
            return []
        return actors_of(kb, context, child)
    if child.dep_ == "prep" and child.lower_ == "by":
        return actors_of(kb, context, _pobj(child))
    if (
        child.dep_ == "acl"
        and _passive_participle(child)
        and lemma(child) in kb.clauses.performing_verbs
    ):
        # "airstrikes carried out by the coalition", "an operation led by the army" (but a
        # ceasefire "mediated by Russia" is not Russia's: mediators are no party)
        for agent in (c for c in child.children if c.dep_ == "agent"):
            return actors_of(kb, context, _pobj(agent))
    return None


def _passive_participle(token: Token) -> bool:
    return token.tag_ == "VBN" and not any(c.dep_ in SUBJECT_DEPS for c in token.children)
