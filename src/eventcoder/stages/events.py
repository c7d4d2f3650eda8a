"""Triggers: the words that signal a PLOVER event, with their auxiliary modes.

A trigger is found by the event lexicon (``data/event_lexicon.yaml``) on spaCy lemmas; its
constraints (``governed_by``, ``object``, ``negated_only``) are checked on the dependency parse.
Modality decides whether the trigger reports an event at all:

- negated ("did not attack") or denied ("denied carrying out") → not that event; a refused
  cooperative act in the future ("there would be no negotiation") is a REJECT instead;
- hypothetical ("if", "could", "might") or future ("will", "due to", "would travel") → not an
  event that happened, except for the types that are themselves statements about the future
  (THREATEN, and REJECT of future cooperation);
- no-comment and meta lines ("did not respond to requests for comment", "sought anonymity")
  and questions → no event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventcoder.knowledge.lexicon import DEFAULT_TARGET_PREPS as TYPE_TARGET_PREPS
from eventcoder.knowledge.lexicon import (
    Cues,
    EventLexicon,
    TriggerEntry,
    load_cues,
    load_event_lexicon,
)
from eventcoder.knowledge.words import (
    Clauses,
    EventWords,
    Participants,
    load_clauses,
    load_event_words,
    load_participants,
)
from eventcoder.model import Annotated, AuxiliaryMode, Dropped, Span, Trigger
from eventcoder.stages.sentences import (
    clause_verb,
    codable_sentences,
    is_attempted,
    is_future,
    is_goal,
    lemma,
)

STATEMENT_TYPES = frozenset({"THREATEN"})
FUTURE_AS_THREAT = frozenset({"ASSAULT", "COERCE", "SANCTION"})
FUTURE_ANNOUNCEMENTS = frozenset(
    {"THREATEN", "REJECT", "AGREE", "CONCEDE", "RETREAT", "AID", "COOPERATE"}
)
"""Types whose announcement is itself the event ("will open consulates", "would withdraw the
bill"), recorded with the auxiliary mode ``future`` and dated by the announcement."""

REFUSABLE_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "AID", "CONCEDE"})
"""Cooperative acts whose announced refusal is itself a REJECT (PLOVER's REJECT definition)."""


# A quoted question and its attribution ("... ?" he asks): at most this many words after it.
_QUOTED_QUESTION = re.compile(r"\?\s*[\"”'’`]+(?=[^\"”'’`?]*$)")
_ATTRIBUTION_WORDS = 6


class EventsComponent:
    def __init__(self) -> None:
        self.lexicon: EventLexicon = load_event_lexicon()
        self.cues: Cues = load_cues()
        self.clauses: Clauses = load_clauses()
        self.event_words: EventWords = load_event_words()
        self.participants: Participants = load_participants()
        self.not_an_occurrence = not_an_occurrence(
            self.event_words, self.participants, self.clauses
        )

    def __call__(self, annotated: Annotated) -> None:
        for sentence in codable_sentences(annotated):
            if self._is_non_event_sentence(sentence.span):
                continue
            annotated.triggers.extend(self.find_triggers(sentence.span, annotated.dropped))

    def _is_non_event_sentence(self, sent: SpacySpan) -> bool:
        text = " ".join(sent.text.lower().split())
        if text.rstrip("\"'” ").endswith("?"):
            return True
        asked = _QUOTED_QUESTION.search(text)
        if asked is not None and len(text[asked.end() :].split()) <= _ATTRIBUTION_WORDS:
            # '"Why don't they invest in police reforms?" he asks.': a question, quoted.
            return True
        phrases = (*self.cues.no_comment_phrases, *self.cues.meta_phrases)
        # A phrase starts at a word ("no comment" is not in "economic commentary").
        return any(f" {phrase}" in f" {text}" for phrase in phrases)

    def find_triggers(self, sent: SpacySpan, dropped: list[Dropped] | None = None) -> list[Trigger]:
        """The sentence's triggers; candidates a rule sets aside go to ``dropped``, named."""
        dropped = [] if dropped is None else dropped
        triggers: list[Trigger] = []
        i = sent.start
        while i < sent.end:
            found = self._match_at(sent, i)
            if found is None:
                i += 1
                continue
            entry, length = found
            made = self._make_trigger(sent, entry, i, i + length)
            if isinstance(made, Trigger):
                triggers.append(made)
            else:
                start, end = sent.doc[i].idx, _end_char(sent.doc[i + length - 1])
                span = Span(start, end, sent.doc.text[start:end])
                dropped.append(Dropped(entry.type, span, _trimmed(sent), made))
            i += length
        for rule, keep in (
            (
                "command_to_forces",
                lambda ts: _commands_as_acts(
                    sent.doc, ts, self.clauses.command_verbs, self.participants.force_nouns
                ),
            ),
            (
                "decision_on_own_act",
                lambda ts: _decisions_as_acts(sent.doc, ts, self.clauses.decision_verbs),
            ),
            (
                "motive",
                lambda ts: _drop_motives(sent.doc, ts, self.event_words.motive_nouns),
            ),
            ("detail_of_another_trigger", lambda ts: _drop_linked_repeats(sent.doc, ts)),
            (
                "setting_of_another_act",
                lambda ts: _drop_settings(sent.doc, ts, self.clauses),
            ),
            ("weak_beside_strong", _drop_weak_beside_strong),
        ):
            kept = keep(triggers)
            dropped.extend(
                Dropped(t.type, t.span, t.sentence, rule) for t in triggers if t not in kept
            )
            triggers = kept
        return triggers

    def _renames_a_future_act(self, head: Token, verb: Token) -> bool:
        """ "Modi is expected to meet Xi this week, their first formal talks in five years":
        a noun set beside a clause renames the act its complement tells, future if that is."""
        return (
            head.dep_ == "appos"
            and verb in (head.head, head.head.head)  # set beside the clause or its subject
            and any(_future(c, self.clauses) for c in verb.children if c.dep_ in {"xcomp", "ccomp"})
        )

    def _match_at(self, sent: SpacySpan, i: int) -> tuple[TriggerEntry, int] | None:
        doc = sent.doc
        token = doc[i]
        keys = _lemma_keys(token)
        candidates: list[TriggerEntry] = []
        for key in keys:
            candidates.extend(self.lexicon.by_first_lemma.get(key, ()))
        # Longest expression first; among equals, constrained entries before open ones.
        candidates.sort(key=lambda e: (-len(e.lemma), not e.conditional))
        for entry in candidates:
            length = len(entry.lemma)
            if i + length > sent.end:
                continue
            tokens = doc[i : i + length]
            if not all(word in _lemma_keys(t) for word, t in zip(entry.lemma, tokens, strict=True)):
                continue
            head = _entry_head(entry, tokens)
            if not _pos_ok(entry, head):
                continue
            if entry.governed_by and not _governed(head, entry.governed_by):
                continue
            if entry.object and not _has_object(
                head, entry.object, goods_after_with="with" in entry.target_preps
            ):
                continue
            if entry.except_object and _has_object(head, entry.except_object):
                continue
            if entry.subject and not _has_subject(head, entry.subject):
                continue
            if entry.complement and not _has_complement(head, entry.complement):
                continue
            if entry.active_only and not _active(head):
                continue
            if entry.negated_only and not self._negated(head, clause_verb(head)):
                continue
            if entry.future_only and not _future(clause_verb(head), self.clauses):
                continue
            return entry, length
        return None

    def _make_trigger(
        self, sent: SpacySpan, entry: TriggerEntry, start: int, end: int
    ) -> Trigger | str:
        """The trigger, or the name of the rule that sets the candidate aside."""
        doc = sent.doc
        head = _entry_head(entry, doc[start:end])
        if _refers_back(head, entry, self.clauses):
            return "refers_back"
        if entry.type not in HARM_TYPES and _describes(head):
            return "describes_a_relation"
        for rule, applies in self.not_an_occurrence:
            if applies(head):
                return rule
        verb = clause_verb(head)
        negated = self._negated(head, verb)
        if self._denied(verb):
            return "denied"
        auxiliary: list[AuxiliaryMode] = []
        type_ = entry.type
        mode = entry.mode
        target_preps = entry.target_preps
        why = f"lexicon: {' '.join(entry.lemma)} → {entry.type}"
        if type_ == "ASSAULT" and _aimed_at_open_water(head, self.event_words.open_water):
            # Missiles fired "into waters off Taiwan's coast" strike nothing: a show of force.
            type_, mode, why = "MOBILIZE", "weapons", f"{why}, into open water → MOBILIZE"
        elif type_ == "ASSAULT" and _simulated(head, self.event_words.simulation_words):
            # "a simulated attack", "mock air strikes": an exercise, a show of force.
            type_, mode, why = "MOBILIZE", None, f"{why}, simulated → MOBILIZE"
        # "ordered the military to deploy": a command to forces is told as done (see
        # _commands_as_acts), not announced for later.
        commanded = type_ in FORCE_TYPES and _commanded(
            verb, self.clauses.command_verbs, self.participants.force_nouns
        )
        # "agreed on Friday to impose sanctions": a sanction decided is imposed.
        commanded = commanded or (
            type_ == "SANCTION"
            and _imposed_by(head, verb)
            and _decided(verb, self.clauses.decision_verbs)
        )
        # "tried to storm the base": force tried is force used (PLOVER: attempted killings are
        # ASSAULT); a try at anything else is only sought.
        attempted = type_ in ATTEMPTED_AS_DONE and is_attempted(verb, self.clauses)
        future = (
            not commanded
            and not attempted
            and not _already_happened(head, self.clauses)
            and (_future(verb, self.clauses) or self._renames_a_future_act(head, verb))
        )
        hypothetical = _hypothetical(verb, self.clauses)
        if entry.negated_only:
            if not negated:
                return "not_negated"
        elif negated:
            if self._refused(verb) or (
                type_ in REFUSABLE_TYPES and (future or _determiner_no(head))
            ):
                # The refused act's partner is the REJECT's target ("no dialogue with the RSF").
                target_preps = entry.target_preps or TYPE_TARGET_PREPS[type_]
                type_, why = "REJECT", f"{why}, refused → REJECT"
            else:
                return "negated"
        if hypothetical:
            auxiliary.append(AuxiliaryMode.HYPOTHETICAL)
        if future:
            auxiliary.append(AuxiliaryMode.FUTURE)
        if (
            (hypothetical or (is_goal(verb, self.clauses) and not attempted))
            and type_ not in STATEMENT_TYPES
            and type_ != "REJECT"
        ) or _conditional(verb, self.clauses):
            # Whatever its type, an act told as a condition did not happen ("would strike if
            # Hezbollah violated the agreement", "if Russia demanded it").
            return "hypothetical" if hypothetical else "goal"
        if future and not hypothetical:
            if type_ in FUTURE_AS_THREAT:
                # "Israel would increase its strikes", "tariffs would take effect": a stated
                # intention to use force or sanctions is a threat (PLOVER THREATEN).
                type_, mode, why = "THREATEN", None, f"{why}, announced → THREATEN"
            elif type_ not in FUTURE_ANNOUNCEMENTS:
                return "future"  # "would travel to Khartoum": nothing has happened yet
        span_start = doc[start].idx
        span_end = _end_char(doc[end - 1])
        return Trigger(
            type=type_,
            mode=mode,
            span=Span(span_start, span_end, doc.text[span_start:span_end]),
            sentence=_trimmed(sent),
            head=head.i,
            token_start=start,
            token_end=end,
            auxiliary=tuple(auxiliary),
            target_preps=tuple(target_preps),
            weight=entry.weight,
            why=why,
        )

    def _negated(self, head: Token, verb: Token) -> bool:
        if _has_neg(head) or _has_neg(verb) or _determiner_no(head):
            return True
        refusals = self.cues.refusal_verbs
        current = verb
        for _ in range(3):
            # A coordinated clause has its own polarity: "would not sign it and would withdraw it".
            if current.head == current or current.dep_ == "conj":
                return False
            current = current.head
            if lemma(current) in refusals or (_has_neg(current) and current.dep_ != "ROOT"):
                return True
            if current.pos_ == "ADJ" and lemma(current) in refusals:
                return True
        return False

    def _refused(self, verb: Token) -> bool:
        """ "refused to release", "unwilling to commit": a refusal, itself a REJECT."""
        return any(
            lemma(ancestor) in self.cues.refusal_verbs
            for _, ancestor in zip(range(3), verb.ancestors, strict=False)
        )

    def _denied(self, verb: Token) -> bool:
        current = verb
        for _ in range(3):
            if lemma(current) in self.cues.denial_verbs and current != verb:
                return True
            # "denied carrying out the attack and accused the army of shelling": a coordinated
            # clause is asserted, not denied.
            if current.head == current or current.dep_ == "conj":
                return False
            current = current.head
        return lemma(current) in self.cues.denial_verbs and current != verb


FORCE_TYPES = frozenset({"MOBILIZE", "ASSAULT", "COERCE"})
# The types of acts done to people: told in a reduced relative clause, they still happened.
HARM_TYPES = frozenset({"ASSAULT", "COERCE"})
# The types whose attempt is coded as the act ("tried to storm", "attempted to arrest").
ATTEMPTED_AS_DONE = frozenset({"ASSAULT", "COERCE"})


def _commands_as_acts(
    doc: Doc,
    triggers: list[Trigger],
    command_verbs: frozenset[str],
    force_nouns: frozenset[str],
) -> list[Trigger]:
    """ "ordered the military to deploy": a command to one's own forces is told as the act it
    orders (MOBILIZE), not as a request to them."""
    ordered = {
        t.head
        for t in triggers
        if t.type in FORCE_TYPES and _commanded(doc[t.head], command_verbs, force_nouns)
    }
    return [
        t
        for t in triggers
        if not (
            t.type == "REQUEST"
            and lemma(doc[t.head]) in command_verbs
            and any(child.i in ordered for child in doc[t.head].children)
        )
    ]


def _imposed_by(sanction: Token, verb: Token) -> bool:
    """Is the sanction the verb itself or what it imposes: its object, or a word naming the
    object ("impose new sanctions", "approved a sanctions package"), not a word deeper in
    ("settle their dispute over tariffs")?"""
    current = sanction
    while current != verb and current.dep_ in {"compound", "amod", "nmod", "conj"}:
        current = current.head
    return current == verb or (current.dep_ in {"dobj", "nsubjpass"} and current.head == verb)


def _decided(verb: Token, decision_verbs: frozenset[str]) -> bool:
    """The verb is what a body decided, in the past, to do ("agreed on Friday to impose")."""
    decision = verb.head
    return (
        verb.dep_ == "xcomp"
        and lemma(decision) in decision_verbs
        and decision.tag_ in {"VBD", "VBN"}
        and not _has_neg(decision)
    )


def _decisions_as_acts(
    doc: Doc, triggers: list[Trigger], decision_verbs: frozenset[str]
) -> list[Trigger]:
    """ "The EU agreed to impose sanctions on Russia", "approved new sanctions": the decision
    is told as the sanction it imposes, not as an agreement with (or support for) the
    sanction's target."""
    sanctions = [doc[t.head] for t in triggers if t.type == "SANCTION"]
    decided = {
        clause_verb(s).head.i
        for s in sanctions
        if _imposed_by(s, clause_verb(s)) and _decided(clause_verb(s), decision_verbs)
    }
    for t in triggers:
        decision = doc[t.head]
        if lemma(decision) in decision_verbs and any(_imposed_by(s, decision) for s in sanctions):
            decided.add(t.head)  # "approved a new sanctions package against Russia"
    return [t for t in triggers if not (t.type != "SANCTION" and t.head in decided)]


def _commanded(verb: Token, command_verbs: frozenset[str], force_nouns: frozenset[str]) -> bool:
    """The verb is what a command verb orders forces to do ("ordered troops to withdraw")."""
    command = verb.head
    return (
        verb.dep_ == "xcomp"
        and lemma(command) in command_verbs
        and any(c.dep_ == "dobj" and lemma(c) in force_nouns for c in command.children)
    )


def _drop_linked_repeats(doc: Doc, triggers: list[Trigger]) -> list[Trigger]:
    """Keep one trigger per occurrence: a trigger governed (within three steps, not through a
    coordination) by another trigger is that event's detail or motive, not an event of its own:
    "agreed to a ceasefire brokered in Doha", "clashes killed", "summoned the ambassador to
    protest", "called on them to cease hostilities"."""
    heads = {t.head: t for t in triggers}
    # Words inside a trigger phrase ("call for", "appeal for"): its preposition governs what is
    # asked for ("called for dialogue" asks for talks; it does not hold them).
    inside = {i for t in triggers for i in range(t.token_start, t.token_end)}
    kept: list[Trigger] = []
    for trigger in triggers:
        current = doc[trigger.head]
        governed = False
        for _ in range(3):
            if current.head.i == current.i:
                break
            crossed = current.i in inside or _asked_for(current, heads)
            if current.dep_ == "prep" and not crossed:
                break
            if current.dep_ == "conj" and (current.head.dep_ != "xcomp" or current.tag_ != "VB"):
                # "agreed to disband and disarm": one complement, still governed; a finite
                # conjunct ("... and urged the UN") is a clause of its own.
                break
            if current.dep_ == "advcl" and not _purpose_infinitive(current):
                break  # "paused the tariffs after Sheinbaum agreed to ...": its own event
            current = current.head
            if current.i in heads and current.i != trigger.head:
                # "police dispersed a sit-in held by citizens": the protest the police broke up
                # took place; it is an event of its own, not a detail of the dispersal.
                governed = not (
                    trigger.type == "PROTEST" and heads[current.i].type in {"COERCE", "ASSAULT"}
                )
                break
        if not governed:
            kept.append(trigger)
    return kept


def _asked_for(prep: Token, heads: dict[int, Trigger]) -> bool:
    """Is a preposition part of what a request asks for ("urged a return to negotiations",
    "called for an end to the fighting"): the talks and the fighting asked about are not
    events of their own."""
    thing = prep.head
    asker = heads.get(thing.head.i)
    return thing.dep_ == "dobj" and asker is not None and asker.type == "REQUEST"


def _dated_clause(token: Token) -> bool:
    """ "talks that began on Monday": a clause of the noun's own that dates it."""
    return token.dep_ in {"relcl", "acl"} and any(
        t.ent_type_ in {"DATE", "TIME"} for t in token.subtree
    )


def _drop_settings(doc: Doc, triggers: list[Trigger], clauses: Clauses) -> list[Trigger]:
    """An event noun that only sets the scene of another act in its sentence is no event of
    its own: the occasion is background to what was done there. A noun with a dated clause of its
    own ("during talks that began on Monday") still tells an occurrence."""
    kept: list[Trigger] = []
    for trigger in triggers:
        head = doc[trigger.head]
        prep = head.head
        if prep.lower_ == "of" and prep.head.lower_ in {"sidelines", "margins", "side"}:
            # "on the sidelines of a summit": the occasion's preposition is the one before
            # "sidelines" (the code took one step too many, to that preposition's head).
            prep = prep.head.head if prep.head.dep_ == "pobj" else prep
        setting = (
            head.pos_ in {"NOUN", "PROPN"}
            and head.dep_ == "pobj"
            and (
                prep.lower_ in clauses.setting_prepositions
                # "released two hostages after mediation by Qatar": how the act came about
                or lemma(head) in clauses.go_between_nouns
            )
            and not any(_dated_clause(child) for child in head.children)
            and any(
                other.head != trigger.head and other.head in {a.i for a in prep.ancestors}
                for other in triggers
            )
        )
        if not setting:
            kept.append(trigger)
    return kept


WEAK_WEIGHT = 0.6
"""Triggers below this weight are ambiguous words ("strike", "regret", "pause"); they stand
only when nothing less ambiguous in the sentence says what happened."""


def _drop_weak_beside_strong(triggers: list[Trigger]) -> list[Trigger]:
    if not any(t.weight >= WEAK_WEIGHT for t in triggers):
        return triggers
    return [t for t in triggers if t.weight >= WEAK_WEIGHT]


def _end_char(token: Token) -> int:
    return token.idx + len(token.text)


def _trimmed(sent: SpacySpan) -> Span:
    """The sentence's span without the whitespace spaCy keeps after it (a paragraph break)."""
    text = sent.text.rstrip()
    return Span(sent.start_char, sent.start_char + len(text), text)


def _aimed_at_open_water(head: Token, open_water: frozenset[str]) -> bool:
    """ "fired missiles into the sea": aimed at water, not at anyone. Only a direction counts:
    "attacked a site in the industrial zone" is an attack told with its setting."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ in {"into", "toward", "towards"}
        and any(c.dep_ == "pobj" and c.lemma_.lower() in open_water for c in prep.children)
        for prep in head.children
    )


def _simulated(head: Token, simulation_words: frozenset[str]) -> bool:
    return any(
        child.dep_ in {"amod", "compound"} and child.lower_ in simulation_words
        for child in head.children
    )


DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _refers_back(head: Token, entry: TriggerEntry, clauses: Clauses) -> bool:
    """ "called the agreement a first step", "familiar with the talks", "the start of the war":
    a definite event noun that no verb of occurrence governs names an event told before."""
    if entry.pos == "VERB" or head.pos_ not in {"NOUN", "PROPN"}:
        return False
    if entry.governed_by:
        # "The meeting ended without a statement": how a told event ended is no new event.
        return (
            head.dep_ == "nsubj"
            and head.head.lemma_.lower() in clauses.ending_verbs
            and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children)
        )
    # A named possessor recalls an event ("the president's concession") unless the phrase
    # describes it anew ("Beijing's largest-ever exercises"); "its strikes" announces one.
    described = any(c.dep_ == "amod" for c in head.children)
    definite = any(
        (c.dep_ == "det" and c.lower_ in DEFINITE)
        or (c.dep_ == "poss" and c.pos_ != "PRON" and not described)
        for c in head.children
    )
    if not definite:
        return False
    governor = head.head
    for _ in range(2):
        if governor.lemma_.lower() in clauses.light_verbs | clauses.intervening_verbs:
            return False
        if governor.head.i == governor.i:
            break
        governor = governor.head
    return True


def _describes(head: Token) -> bool:
    """ "Syria's government, backed by its ally Russia": a reduced relative clause describes
    a standing relation, not an event. (Not harm: "three villagers attacked by gunmen were
    taken to hospital" tells an attack.)"""
    return (
        head.dep_ == "acl"
        and head.tag_ == "VBN"
        and any(child.dep_ == "agent" for child in head.children)
    )


def _background_of_an_actor(head: Token) -> bool:
    """ "Eritrea, whose troops have fought alongside Ethiopian forces, was not a party": a
    non-restrictive relative clause in the perfect, with no time of its own, says who an actor
    is, not what happened now."""
    verb = head if head.dep_ == "relcl" else head.head
    if verb.dep_ != "relcl" or verb.i <= 0:
        return False
    perfect = any(c.dep_ == "aux" and c.lower_ in {"have", "has", "had"} for c in verb.children)
    after_comma = verb.doc[verb.left_edge.i - 1].text == ","
    dated = any(t.ent_type_ in {"DATE", "TIME"} for t in verb.subtree)
    return perfect and after_comma and not dated


def _names_a_backer(head: Token, backing_verbs: frozenset[str]) -> bool:
    """ "government forces, backed by clan militias and U.S. air strikes, press an offensive":
    who backs an actor describes that actor; the backing told so is no event of its own."""
    for token in head.ancestors:
        if token.dep_ == "agent":
            backer = token.head
            return backer.dep_ == "acl" and lemma(backer) in backing_verbs
    return False


def _intercepted(head: Token, weapons: frozenset[str], intercept_verbs: frozenset[str]) -> bool:
    """ "air defences destroyed 30 of 38 drones launched by Russia": weapons shot down are
    the other side's attack (told elsewhere), not an attack by the defenders."""
    if lemma(head) not in weapons:
        return False
    current = head
    for _ in range(4):
        if current.dep_ not in {"dobj", "nsubjpass", "pobj", "prep", "nummod", "appos"}:
            return False
        current = current.head
        if lemma(current) in intercept_verbs:
            return True
    return False


def _traded(head: Token, weapons: frozenset[str], transfer_words: frozenset[str]) -> bool:
    """ "called on allies to deliver more air defence systems and artillery shells", "a
    shipment of drones", "supplied Russia with drones": weapons handed over, traded or made
    are goods, not an attack."""
    if lemma(head) not in weapons:
        return False
    current = head
    for _ in range(6):
        if current.dep_ in {"conj", "compound", "nmod", "amod", "appos"}:
            current = current.head
            continue
        if current.dep_ == "pobj" and current.head.lower_ in {"of", "with"}:
            # "a shipment of drones", "supplied Russia with drones"
            holder = current.head.head
            if lemma(holder) in transfer_words:
                return True
            if current.head.lower_ == "of" and (holder.like_num or holder.ent_type_ == "CARDINAL"):
                current = holder  # "supplied Russia with hundreds of drones"
                continue
            return False
        return current.dep_ in {"dobj", "nsubjpass"} and lemma(current.head) in transfer_words
    return False


def _names_who(head: Token, who_nouns: frozenset[str]) -> bool:
    """ "aid groups", "peace activists", "protest leaders": an event word that only says what
    kind of people or body a noun names."""
    return head.dep_ == "compound" and lemma(head.head) in who_nouns


def _self_description(head: Token) -> bool:
    """ "Azerbaijan launched what it called anti-terrorist operations": an actor naming its own
    act labels it; it accuses no one."""
    return any(c.dep_ == "dobj" and c.lower_ == "what" for c in head.children) and any(
        c.dep_ == "nsubj" and c.lower_ in {"it", "they", "he", "she", "we"} for c in head.children
    )


def _attributive(head: Token) -> bool:
    """ "illegal migration": a judging adjective before a noun classifies it; only a predicate
    ("the deployments were illegal") accuses. So does an event noun inside a hyphenated
    adjective ("riot-hit areas", "war-torn towns", "conflict-affected districts"): it says
    what a place is, not that anything happened. A bare past participle before its noun ("the
    outlawed party", "the detained activist") describes who or what it is, too."""
    if head.dep_ == "amod" and head.i < head.head.i:
        if head.pos_ == "ADJ":
            return True
        if head.tag_ == "VBN" and not any(True for _ in head.children):
            return True
    doc = head.doc
    return (
        head.i + 2 < len(doc)
        and doc[head.i + 1].text in {"-", "‐", "‑"}
        and doc[head.i + 1].idx == head.idx + len(head.text)
        and doc[head.i + 2].idx == doc[head.i + 1].idx + 1
        and doc[head.i + 2].tag_ in {"VBN", "JJ"}
    )


def _dangling_participle(head: Token) -> bool:
    """ "Asked about discrimination, Modi said ...": a participle opening the sentence tells
    what was put to the speaker, not an act of their own."""
    return (
        head.tag_ == "VBN"
        and head.dep_ == "advcl"
        and head.is_sent_start
        and not any(child.dep_ in {"nsubj", "nsubjpass", "agent"} for child in head.children)
    )


def _marks_a_time(head: Token, duration_units: frozenset[str]) -> bool:
    """ "since Syria's war began", "until the force was dissolved", "20 days after the riots
    began": background told as a time. An act told by its own verb a stated distance before or
    after another ("two days after troops clashed") is news, dated from it."""
    for t in (head, *head.ancestors):
        marks = {c.lower_ for c in t.children if c.dep_ == "mark"}
        if marks & {"since", "until"}:
            return True
        if (
            t != head
            and head.pos_ in {"NOUN", "PROPN"}
            and marks & {"after", "before"}
            and any(c.dep_ == "npadvmod" and lemma(c) in duration_units for c in t.children)
        ):
            return True
    return False


def _in_progress_around(head: Token) -> bool:
    """ "killed as they were returning to their base": what was under way when the act told
    by the main clause happened is its circumstance, not an act of its own."""
    verb = clause_verb(head)
    return (
        verb.tag_ == "VBG"
        and verb.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ in {"was", "were"} for c in verb.children)
        and any(
            c.dep_ in {"mark", "advmod"} and c.lower_ in {"when", "while", "as"}
            for c in verb.children
        )
    )


def _purpose_infinitive(verb: Token) -> bool:
    """ "summoned the ambassador to protest": an infinitive of purpose, not a separate act."""
    return any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)


def _drop_motives(doc: Doc, triggers: list[Trigger], motive_nouns: frozenset[str]) -> list[Trigger]:
    """A noun that gives the motive of another act inside "in ..." ("summoned the ambassador in
    protest at a visit", "blocked roads in protest") is that act's motive, not an event of its
    own. Where the act is no event the lexicon knows ("lawmakers held a session on the highway
    in protest", "people are closing roads in protest"), the motive says what the act was, and
    it stands. The idiom is bare: "took part in an unauthorised protest" names the event."""
    heads = {t.head for t in triggers}
    kept: list[Trigger] = []
    for trigger in triggers:
        head = doc[trigger.head]
        motive = (
            lemma(head) in motive_nouns
            and head.dep_ == "pobj"
            and head.head.lower_ == "in"
            and not any(child.dep_ in {"det", "poss"} for child in head.children)
            and any(ancestor.i in heads for ancestor in head.head.ancestors)
        )
        if not motive:
            kept.append(trigger)
    return kept


def _entry_head(entry: TriggerEntry, tokens: Sequence[Token] | SpacySpan) -> Token:
    """The token whose POS and syntax stand for the expression: a verb's first word
    ("rein in", "call on"), a noun compound's last ("air strike")."""
    return tokens[0] if entry.pos == "VERB" else tokens[-1]


def _pos_ok(entry: TriggerEntry, head: Token) -> bool:
    if entry.pos == "ANY":
        return True
    if entry.pos == "VERB":
        return head.pos_ in {"VERB", "AUX"} or head.tag_.startswith("VB")
    if entry.pos == "ADJ":
        return head.pos_ == "ADJ"
    # "arrested in March": a month or other date is no event noun.
    return head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.ent_type_ not in {"DATE", "TIME"})


def _lemma_keys(token: Token) -> set[str]:
    """The words a lexicon entry may spell a token by: its lemma and its form, and for a word
    tagged a proper noun the singulars of its form too. A common noun opening a sentence is
    often tagged a proper noun and kept whole as its own lemma ("Gunshots were heard")."""
    keys = {lemma(token), token.lower_}
    if token.pos_ == "PROPN":
        word = token.lower_
        if word.endswith("ies"):
            keys.add(word[:-3] + "y")
        elif word.endswith("es"):
            keys.update((word[:-2], word[:-1]))
        elif word.endswith("s"):
            keys.add(word[:-1])
    return keys


def _governed(head: Token, lemmas: frozenset[str] | Sequence[str]) -> bool:
    current = head
    for _ in range(3):
        if current.head == current:
            break
        current = current.head
        if lemma(current) in lemmas:
            return True
    return any(
        lemma(child) in lemmas for child in head.children if child.dep_ in {"acl", "relcl", "amod"}
    )


def _has_object(
    head: Token, lemmas: frozenset[str] | Sequence[str], *, goods_after_with: bool = False
) -> bool:
    """Is the verb's object one of ``lemmas``? Where the entry takes its recipient as the
    object and the goods after "with" (``goods_after_with``: "supplied Russia with drones"),
    what "with" names counts too."""
    objects = [c for c in head.children if c.dep_ in {"dobj", "obj", "attr", "oprd", "nsubjpass"}]
    if goods_after_with and objects:
        objects += [
            pobj
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == "with"
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
    return any(any(lemma(c) in lemmas for c in _object_words(o)) for o in objects)


def _object_words(noun: Token) -> Iterator[Token]:
    """The words that say what an object is: its head, its modifiers and conjuncts, and what
    it is "of" ("500 troops", "police officers", "a contingent of troops", "troops and tanks"),
    never a clause or an aside on it ("the arrested persons, including a party unit's
    president" are no unit of troops)."""
    yield noun
    for child in noun.children:
        if child.dep_ in {"compound", "amod", "nmod", "conj"}:
            yield from _object_words(child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield from _object_words(pobj)


def _has_complement(verb: Token, lemmas: frozenset[str] | Sequence[str]) -> bool:
    """A word beside the verb's object completes it: "set the bank on fire" (a prepositional
    object), "set the house ablaze" (a predicate or adverb)."""
    for child in verb.children:
        if child.dep_ == "prep" and any(
            c.dep_ == "pobj" and lemma(c) in lemmas for c in child.children
        ):
            return True
        if child.dep_ in {"advmod", "acomp", "oprd", "xcomp", "ccomp", "dobj"} and (
            lemma(child) in lemmas or child.lower_ in lemmas
        ):
            return True
    return False


def _active(verb: Token) -> bool:
    """The verb has a subject of its own and is no passive: the subject is the doer. A verb
    conjoined to a passive shares its voice ("two were killed and three injured")."""
    deps = {child.dep_ for child in verb.children}
    if verb.dep_ == "conj" and any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.head.children):
        return False
    if verb.tag_ == "VBG" and verb.dep_ == "advcl" and "dobj" in deps and "nsubj" not in deps:
        # "seized rifles, injuring several sailors": a participle of result is done by the
        # subject of the act it follows from.
        act = verb.head
        while act.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in act.children):
            act = act.head  # "boarded the boats and seized rifles, injuring ..."
        return act != verb and _active(act)
    return "nsubj" in deps and not deps & {"nsubjpass", "auxpass"}


def _has_subject(verb: Token, lemmas: frozenset[str] | Sequence[str]) -> bool:
    """The verb's subject, or its first conjunct's ("protesters broke in and stormed ..."),
    or the agent of its passive, is one of ``lemmas``."""
    while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head
    for child in verb.children:
        if child.dep_ == "nsubj" and lemma(child) in lemmas:
            return True
        if child.dep_ == "agent" and any(
            c.dep_ == "pobj" and lemma(c) in lemmas for c in child.children
        ):
            return True
    return False


def _already_happened(head: Token, clauses: Clauses) -> bool:
    """ "to launch patrols after a string of attacks": an act named as what a clause comes
    after has happened, whatever the clause's tense; "after any attack" has not."""
    return (
        head.dep_ == "pobj"
        and head.head.lower_ in clauses.past_setting_prepositions
        and not _determined_by(head, clauses.open_determiners)
    ) or (
        # "a string of attacks", "a wave of strikes": the act is the quantity's object.
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.dep_ == "pobj"
        and _already_happened(head.head.head, clauses)
    )


def _future(verb: Token, clauses: Clauses) -> bool:
    return is_future(verb, clauses) or _has_aux(verb, {"would"})


def _has_neg(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _determiner_no(token: Token) -> bool:
    return any(child.dep_ == "det" and child.lower_ == "no" for child in token.children)


def _has_aux(verb: Token, words: set[str]) -> bool:
    return any(child.dep_ == "aux" and child.lower_ in words for child in verb.children)


def _hypothetical(verb: Token, clauses: Clauses) -> bool:
    """Conditions, possibilities and obligations: "if", "could", "forces are to disarm";
    a coordinated verb shares its first conjunct's modality ("is to restore ... and allow"),
    and so does the means of a modal act ("should counter terrorism by providing training")."""
    while verb.head.i != verb.i and (
        verb.dep_ == "conj" or (verb.dep_ == "pcomp" and verb.head.lower_ == "by")
    ):
        if _hypothetical_clause(verb, clauses):
            return True
        verb = verb.head.head if verb.dep_ == "pcomp" else verb.head
    return _hypothetical_clause(verb, clauses)


def _conditional(verb: Token, clauses: Clauses) -> bool:
    """Is the verb (or the first of the verbs it is joined to) a condition's ("if ...")?"""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "advcl" and any(
        child.dep_ == "mark" and child.lower_ in clauses.conditional_marks
        for child in verb.children
    )


def _in_open_question(verb: Token, clauses: Clauses) -> bool:
    """ "to discuss whether to allow Ukraine to fire missiles": an act inside a question
    still open (a "whether" clause, or one it governs) has not happened."""
    current = verb
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in clauses.question_marks for c in current.children):
            return True
        if current.dep_ not in {"xcomp", "ccomp"} or current.head == current:
            return False
        current = current.head
    return False


def _hypothetical_clause(verb: Token, clauses: Clauses) -> bool:
    if _has_aux(verb, set(clauses.hypothetical_modals)):
        return True
    if _obliged(verb, clauses.obligation_verbs):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ == "be" and _has_aux(verb, {"to"}):
        return True
    return _conditional(verb, clauses) or _in_open_question(verb, clauses)


def _obliged(verb: Token, obligation_verbs: frozenset[str]) -> bool:
    """ "we will have to accept", "needs to release": an act owed is not done, unless the
    obligation is told in the past ("residents had to flee" fled)."""
    governor = verb.head
    return (
        verb.dep_ == "xcomp"
        and governor.i != verb.i
        and lemma(governor) in obligation_verbs
        and _has_aux(verb, {"to"})
        and governor.tag_ != "VBD"
        and not _has_aux(governor, {"had", "did"})
    )


def not_an_occurrence(
    event_words: EventWords, participants: Participants, clauses: Clauses
) -> tuple[tuple[str, Callable[[Token], bool]], ...]:
    """Rules by which an event word, where it stands, tells no occurrence of its own."""
    return (
        ("attributive_adjective", _attributive),
        ("dangling_participle", _dangling_participle),
        ("marks_a_time", partial(_marks_a_time, duration_units=event_words.duration_units)),
        ("circumstance_in_progress", _in_progress_around),
        ("background_of_an_actor", _background_of_an_actor),
        ("names_a_backer", partial(_names_a_backer, backing_verbs=event_words.backing_verbs)),
        ("self_description", _self_description),
        (
            "intercepted_weapon",
            partial(
                _intercepted,
                weapons=event_words.incoming_weapons,
                intercept_verbs=event_words.intercept_verbs,
            ),
        ),
        (
            "weapon_as_goods",
            partial(
                _traded,
                weapons=event_words.traded_weapons,
                transfer_words=event_words.transfer_words,
            ),
        ),
        ("names_who", partial(_names_who, who_nouns=participants.who_nouns)),
        ("kept_from_happening", partial(_object_of, verbs=event_words.blocking_verbs)),
        ("only_considered", partial(_object_of, verbs=event_words.considering_verbs)),
        # "fearing a possible terrorist attack", "a planned strike": an act only feared,
        # expected or planned has not happened.
        ("unrealised", partial(_modified_by, modifiers=event_words.unrealised_modifiers)),
        # "JNIM has carried out similar attacks": a kind of act, not one that happened.
        ("names_a_kind", partial(_modified_by, modifiers=event_words.kind_modifiers)),
        ("names_a_force", partial(_names_a_force, kit_nouns=event_words.kit_nouns)),
        # "would respond forcefully to any Israeli attack": an act that may yet come.
        ("open_ended", partial(_determined_by, determiners=clauses.open_determiners)),
    )


def _object_of(head: Token, verbs: frozenset[str]) -> bool:
    """ "Hungary blocked a new package of EU aid", "police foiled an attack", "the bloc was
    considering sanctions": an act named as what was kept from happening, or only weighed
    (or a quantity of it), did not happen."""
    noun = head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head != noun.head:
        noun = noun.head.head  # "a package of aid", "a round of talks"
    return (
        noun.pos_ in {"NOUN", "PROPN"}
        and noun.dep_ in {"dobj", "nsubjpass"}
        and lemma(noun.head) in verbs
    )


def _determined_by(head: Token, determiners: frozenset[str]) -> bool:
    """Is an event noun's determiner one of ``determiners`` ("any attack")?"""
    return head.pos_ in {"NOUN", "PROPN"} and any(
        child.dep_ == "det" and child.lower_ in determiners for child in head.children
    )


def _names_a_force(head: Token, kit_nouns: frozenset[str]) -> bool:
    """ "riot police", "attack helicopters", "anti-riot police": an event noun before a force
    or its kit says what it is for."""
    return (
        head.dep_ in {"compound", "amod", "nmod"}
        and head.i < head.head.i
        and lemma(head.head) in kit_nouns
    )


def _modified_by(head: Token, modifiers: frozenset[str]) -> bool:
    """Is an event noun modified by one of ``modifiers`` ("a planned strike")?"""
    return head.pos_ in {"NOUN", "PROPN"} and any(
        child.dep_ in {"amod", "compound"} and child.lower_ in modifiers for child in head.children
    )
