"""Which parsed sentences are coded, and the clause helpers every argument stage shares."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventcoder.knowledge.words import Clauses
from eventcoder.model import Annotated, Unit

UNCODED_KINDS = frozenset({"credit", "heading", "dateline"})


def tells_mutual_fighting(trigger_text: str, two_sided_words: frozenset[str]) -> bool:
    """Is a trigger a word of mutual fighting ("clashes", "fought"), either side its subject?"""
    words = trigger_text.lower().split()
    return bool(words) and words[-1] in two_sided_words


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence to code, with the unit (paragraph or caption) it belongs to."""

    span: SpacySpan
    unit: Unit
    unit_index: int


def codable_sentences(annotated: Annotated) -> Iterator[Sentence]:
    """Sentences of body and caption units, each repeated paragraph once, no datelines."""
    doc = annotated.doc
    assert isinstance(doc, Doc), "the parse stage must run first"
    units = annotated.units
    dateline_end = annotated.dateline.span.end if annotated.dateline else -1
    unit_index = 0
    for sent in doc.sents:
        start = sent.start_char
        while unit_index + 1 < len(units) and units[unit_index + 1].span.start <= start:
            unit_index += 1
        if not units:
            break
        unit = units[unit_index]
        if not (unit.span.start <= start < unit.span.end) or sent.end_char <= dateline_end:
            continue
        if unit.duplicate_of is not None or unit.kind in UNCODED_KINDS:
            continue
        if not sent.text.strip():
            continue
        yield Sentence(sent, unit, unit_index)


def lemma(token: Token) -> str:
    """The lowercase lemma, as the lexicons write them."""
    return token.lemma_.lower()


# Dependencies only a noun phrase fills: a token tagged as a verb in one of them is a noun the
# tagger misread ("killed in Egyptian Air Force strikes", "strikes" tagged as a verb).
NOMINAL_DEPS = frozenset(
    {"pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos", "compound", "poss"}
)


def verbal(token: Token) -> bool:
    """Does the token act as a verb: tagged as one, in a verb's place in the parse?"""
    return token.pos_ in {"VERB", "AUX"} and token.dep_ not in NOMINAL_DEPS


def clause_verb(token: Token) -> Token:
    """The verb whose clause holds ``token`` (the token itself when it is a verb)."""
    current = token
    for _ in range(8):
        if verbal(current) or current.dep_ == "ROOT":
            return current
        current = current.head
    return current


def is_future(verb: Token, clauses: Clauses) -> bool:
    """True when the clause speaks of what will happen ("will meet", "are due to end") or of
    what is only sought ("aimed at securing a truce"); a try that was made ("tried to hold
    talks on Monday") is past."""
    governor = _governor(
        verb, clauses.future_governors | clauses.goal_governors, clauses.future_auxiliaries
    )
    return governor is not None and not _made_try(governor, clauses)


def is_deadline(time: SpacySpan, clauses: Clauses) -> bool:
    """Is a time expression a deadline or a span's end ("must leave by Nov 1", "until
    Sunday"): right after one of the deadline prepositions, or opening with it?"""
    first = time[0]
    if first.lower_ in clauses.deadline_prepositions:
        return True
    return first.i > 0 and first.nbor(-1).lower_ in clauses.deadline_prepositions


def is_goal(verb: Token, clauses: Clauses) -> bool:
    """True when the clause names what someone seeks or asks for, not what happened."""
    return _governed_by(verb, clauses.goal_governors, frozenset())


def is_attempted(verb: Token, clauses: Clauses) -> bool:
    """True when the clause is what someone tried, and the try was made: "tried to storm the
    base", "made two attempts to attack", "were killed while trying to cross"."""
    governor = _governor(verb, clauses.goal_governors, frozenset())
    return governor is not None and _made_try(governor, clauses)


def _made_try(governor: Token, clauses: Clauses) -> bool:
    """Is ``governor`` a try told as made? A try still to come ("will try to", "plans an
    attempt to"), refused ("did not try to") or itself only sought is none."""
    if governor.lemma_.lower() not in clauses.attempt_governors:
        return False
    told_by = governor if verbal(governor) else governor.head
    return (
        told_by.tag_ in {"VBD", "VBN", "VBG"}
        and not any(child.dep_ == "neg" for child in told_by.children)
        and not is_future(told_by, clauses)
    )


def _governed_by(verb: Token, governors: frozenset[str], future_aux: frozenset[str]) -> bool:
    """Is the verb governed by one of ``governors``, or (any of ``future_aux`` given) told
    with a future auxiliary?"""
    return _governor(verb, governors, future_aux) is not None


def _governor(verb: Token, governors: frozenset[str], future_aux: frozenset[str]) -> Token | None:
    """The word of ``governors`` that governs the verb, or the verb whose future auxiliary
    (any of ``future_aux``) tells it; None when neither does."""
    current = verb
    arrived_by = ""  # how the walk reached ``current``: "setting fire and killing" is no "set to"
    for _ in range(3):
        if future_aux and any(
            child.dep_ == "aux" and child.lower_ in future_aux for child in current.children
        ):
            return current
        if current.lemma_.lower() in governors and current != verb and arrived_by != "conj":
            return current
        if current.dep_ == "pcomp" and current.head.head.lemma_.lower() in governors:
            return current.head.head  # "talks aimed at securing a truce"
        # "is due to visit Islamabad next week to discuss border security": an infinitive of
        # purpose is as far off as the act it is the purpose of.
        purpose = current.dep_ == "advcl" and any(
            child.dep_ == "aux" and child.lower_ == "to" for child in current.children
        )
        if (
            current.dep_ not in {"xcomp", "conj", "acomp", "ccomp", "acl"} and not purpose
        ) or current.head == current:
            return None
        if current.dep_ == "conj" and (
            current.tag_ in {"VBD", "VBZ", "VBP"}
            or any(child.dep_ in {"nsubj", "nsubjpass", "mark"} for child in current.children)
        ):
            # "ordered him to leave, a day after Canada expelled a diplomat", "asked Myanmar to
            # take them back and urged the UN ...": a conjunct with a subject or a tense of its
            # own is a clause of its own.
            return None
        if current.dep_ in {"ccomp", "acl"} and current.head.lemma_.lower() not in governors:
            return None
        arrived_by = current.dep_
        current = current.head
    return None
