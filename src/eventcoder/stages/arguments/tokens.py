"""Helpers over the dependency parse alone: spans, prepositions, passives, definiteness,
go-between phrases. None reads the document's mentions: they answer questions about tokens,
so every concern can share them without importing another.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventcoder.knowledge.words import Clauses
from eventcoder.model import Span
from eventcoder.stages.sentences import lemma, verbal

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "iobj"})
PRONOUNS = frozenset(
    {"it", "they", "he", "she", "him", "its", "their", "his", "her", "them", "we", "theirs"}
)


# Tags of finite verbs: a verb with a tense of its own, which has a subject of its own.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def stranded_subject(verb: Token) -> Token | None:
    """The subject the parser hung on a fronted place list: in "in Manaus, Amazonas, a thief
    was beaten" it reads "a thief" as one more name after "Amazonas", and the verb has none.
    It is the one phrase between the list's last comma and the verb whose head lies before
    that comma (a noun, for a finite or passive verb with no subject of its own). Where the
    parser made the list's last name the subject ("in Recife, Pernambuco, a robber was
    beaten": Pernambuco), the people in apposition to it are."""
    if not verbal(verb):
        return None
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
    if any(c.dep_ == "expl" for c in verb.children) or len(subjects) > 1:
        return None
    if subjects:
        named = subjects[0]
        listed = named.i > 0 and verb.doc[named.i - 1].text == ","
        if named.pos_ != "PROPN" or not listed:
            return None
        return next(
            (
                c
                for c in named.children
                if c.dep_ == "appos" and c.i > named.i and verb.doc[c.left_edge.i - 1].text == ","
            ),
            None,
        )
    sent_start = verb.sent.start
    comma = next(
        (k for k in range(verb.i - 1, sent_start - 1, -1) if verb.doc[k].text == ","), None
    )
    if comma is None:
        return None
    own = {c.i for c in verb.children if c.dep_ in {"aux", "auxpass", "neg", "advmod"}}
    heads = [
        t
        for t in verb.doc[comma + 1 : verb.i]
        if t.i not in own and not (comma < t.head.i <= verb.i)
    ]
    if len(heads) != 1 or heads[0].pos_ not in {"NOUN", "PROPN", "NUM"}:
        return None
    if heads[0].head.i > comma or heads[0].dep_ not in {"appos", "conj", "npadvmod", "nmod"}:
        return None
    return heads[0]


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ in {"pobj", "pcomp"}:
            return child
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


def _passive(verb: Token) -> bool:
    return any(child.dep_ in {"auxpass", "nsubjpass"} for child in verb.children)


def _harm_told_passively(noun: Token, harm_prepositions: frozenset[str]) -> Token | None:
    """The passive verb whose "in"/"by" phrase (``harm_prepositions``) holds ``noun``: "two
    soldiers were injured in a roadside bomb explosion" tells the explosion by its harm."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.dep_ in {"prep", "agent"} and prep.lower_ in harm_prepositions:
        verb = prep.head
        if verb.i != prep.i and _passive(verb):
            return verb
    return None


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


def _after_prep(doc: Doc, span: Span, preps: frozenset[str], *, through_the: bool) -> bool:
    """Does one of ``preps`` introduce the words at ``span`` ("in Paris", "at the WTO"; with
    ``through_the``, also past a "the")? Used to tell a place named as where from one named as
    an actor ("press Moscow to end the war")."""
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or tokens.root.dep_ in {"compound", "amod", "nmod", "poss"}:
        # "killed in Egyptian Air Force strikes": a name modifying the noun after the
        # preposition says whose, not where.
        return False
    first = tokens.root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head  # "stranded in Morocco and Senegal": Senegal too is where
    before = min(tokens.start, first.left_edge.i) - 1
    if through_the and before > 0 and doc[before].lower_ == "the":
        before -= 1
    return before >= 0 and doc[before].lower_ in preps
