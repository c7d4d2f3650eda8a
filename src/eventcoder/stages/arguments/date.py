"""When an event happened: the trigger clause's own time expression, else its reporting clause's,
else the sentence's, else earlier in the paragraph, else the story's last time for a sentence
that continues the narrative, else the publication date, marked as such.

An act told against another ("a day after the forces agreed") is dated from that act, shifted
by the stated distance (``RelativeAnchor``); an announced future act is dated by its
announcement. Times that name a thing ("the 2018 peace agreement") or sit in another clause
date that thing or clause, not the act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from spacy.tokens import Token

from eventcoder.model import AuxiliaryMode, DateBasis, DateInterval, Precision, TimeMention, Trigger
from eventcoder.stages.arguments.context import (
    HISTORICAL_DAYS,
    DocumentContext,
    Knowledge,
    _mentions_in,
    _times_in,
    _unit_of,
)
from eventcoder.stages.arguments.tokens import SUBJECT_DEPS, _in_temporal_phrase, _inside, _within
from eventcoder.stages.numbers import parse_count
from eventcoder.stages.sentences import clause_verb, is_deadline

NARRATIVE_CHARS = 600
"""How far back (about two short paragraphs) a sentence that continues the narrative takes its
time from the story's last time expression."""
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


def _date(
    kb: Knowledge,
    context: DocumentContext,
    trigger: Trigger,
    head: Token,
    verb: Token,
    reporter: Token | None,
) -> DateInterval:
    sent = head.sent
    published = context.annotated.document.published
    announced = AuxiliaryMode.FUTURE in trigger.auxiliary
    times = [
        t
        for t in _times_in(context, sent.start_char, sent.end_char)
        if not _names_a_thing(t, head, context)
        # "agreed to hold talks in the coming weeks": a time still to come is what was
        # agreed on, never when an act that has happened happened.
        and (announced or t.interval.latest <= published)
    ]
    # "buried their dead on Tuesday after twin car bombings": an event in a temporal phrase
    # happened at another time than its sentence's verb.
    relative = _relative_anchor(head, kb.clauses.sequence_marks)
    apart = relative is not None or _in_temporal_phrase(head, kb.clauses)
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
                t for t in times if _within(t.span, scope) and not _other_clause(t, scope, context)
            ]
            if own:
                return _nearest(own, trigger.span.start).interval
    if relative is not None:
        # "a day after the forces agreed", "hours after protesters stormed parliament":
        # dated from the act it is told against, shifted by the stated distance.
        anchor = relative.anchor
        return relative.shift(_date(kb, context, trigger, anchor, clause_verb(anchor), None))
    # Otherwise the sentence's own time, one outside clauses describing something else
    # first ("Egypt, which has sent weapons since August, welcomed the deal on Monday"),
    # else any (a time in such a clause still dates better than the publication).
    main_times = [t for t in times if not _in_relative_clause(t, head, context)]
    # "the deal, the first since the invasion in February 2022, was signed": a time in an
    # aside or after "since"/"after" is another act's, never the sentence's.
    times = [t for t in times if not _in_background_phrase(t, head, context, kb)]
    main_times = [t for t in main_times if t in times]
    since = [t for t in main_times if _in_since_clause(t, head, context)]
    if since and not apart:
        # "have exchanged fire since Hamas attacked Israel on October 7": the act has gone on
        # from the other act's time to the report's.
        start = _nearest(since, trigger.span.start).interval.earliest
        if start <= published:
            return DateInterval(start, published, Precision.RANGE, DateBasis.CONTEXT)
    if times and not apart and len(scopes) > 1:
        return _nearest(main_times or times, trigger.span.start).interval
    unit = _unit_of(context, sent.start_char)
    if unit is not None and unit.date is not None:
        return unit.date
    if unit is not None:
        # A year long past ("killed a dissident in Berlin in 2019") is background: the
        # paragraph's later sentences go on with the story's own time.
        earlier = [
            t
            for t in _times_in(context, unit.span.start, sent.start_char)
            if (published - t.interval.latest).days <= HISTORICAL_DAYS
            and not _names_a_thing(t, head, context)  # "the June killing"
            # "Burkina Faso, whose junta expelled French troops last year, did not respond":
            # a clause describing an actor tells its past, not the story's time.
            and not _in_relative_clause(t, head, context)
            # "must leave by Nov 1. The Taliban urged ...": a deadline is no one's time.
            and not _deadline(t, kb, context)
        ]
        if earlier:
            return replace(earlier[-1].interval, basis=DateBasis.CONTEXT)
        told = context.unit_dates.get(unit.span.start)
        if told is not None:
            return replace(told, basis=DateBasis.CONTEXT)
    if sent[0].lower_ in kb.clauses.sequence_openers:
        # "Hours after the violence, Ruto described ...": the sentence continues the
        # narrative, so it takes the story's last time expression (not a caption's).
        window_start = max(0, sent.start_char - NARRATIVE_CHARS)
        for earlier_time in reversed(_times_in(context, window_start, sent.start_char)):
            earlier_unit = _unit_of(context, earlier_time.span.start)
            if _deadline(earlier_time, kb, context):
                continue
            if earlier_unit is None or earlier_unit.kind != "caption":
                return replace(earlier_time.interval, basis=DateBasis.CONTEXT)
    return DateInterval(published, published, Precision.REPORT, DateBasis.PUBLICATION)


def _deadline(time: TimeMention, kb: Knowledge, context: DocumentContext) -> bool:
    span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    return span is not None and is_deadline(span, kb.clauses)


def _other_clause(time: TimeMention, scope: Token, context: DocumentContext) -> bool:
    """A time expression inside a nested clause belongs to that clause's verb."""
    span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    if span is None:
        return False
    current = span.root
    while current != scope and current.head != current:
        attached_to_noun_trigger = current.head == scope and scope.pos_ in {"NOUN", "PROPN"}
        if current.dep_ in {"ccomp", "relcl", "advcl", "appos"} and not attached_to_noun_trigger:
            # ... but "talks that began last week" still dates the talks; an aside on a
            # participant ("the package, the 13th since the invasion in February 2022, was
            # approved") dates that participant's story.
            return True
        current = current.head
    return False


def _names_a_thing(time: TimeMention, head: Token, context: DocumentContext) -> bool:
    """ "return to the 2018 peace agreement": a date inside another noun's name dates that
    thing, not the act."""
    span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.pos_ == "ADP":
        # "payment of June salaries": the word the time reader took with its preposition
        # hangs outside the preposition's phrase ("on 29 April" hangs on "on": no change)
        outside = [t for t in span if t.pos_ != "ADP" and t.head not in span]
        if len(outside) == 1:
            root = outside[0]
    return (
        root.dep_ in {"compound", "nummod", "amod"}
        and root.head.pos_ in {"NOUN", "PROPN"}
        and root.head != head
    )


def _in_relative_clause(time: TimeMention, head: Token, context: DocumentContext) -> bool:
    """Is the time inside a relative clause that does not hold the trigger?"""
    span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    if span is None:
        return False
    return any(
        t.dep_ == "relcl" and not _inside(t, head) for t in (span.root, *span.root.ancestors)
    )


def _in_background_phrase(
    time: TimeMention, head: Token, context: DocumentContext, kb: Knowledge
) -> bool:
    """Is the time inside an aside on a participant (an apposition, or a relative clause on
    a named doer: "Saudi Arabia, which hosted talks last year, urged them"), or a phrase of a
    temporal preposition ("since the invasion in February 2022"), that does not hold the
    trigger?"""
    span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    if span is None:
        return False
    for t in (span.root, *span.root.ancestors):
        if _inside(t, head):
            return False
        if (
            t.dep_ == "appos"
            or (t.dep_ == "relcl" and _names_an_actor(t.head, context))
            or (
                t.dep_ == "prep"
                and t.lower_ in kb.clauses.temporal_prepositions
                and t not in span
                and t.head.pos_ in {"NOUN", "PROPN", "NUM", "ADJ"}
            )
        ):
            return True
    return False


def _tells_an_actors_past(head: Token, context: DocumentContext) -> bool:
    """Is the trigger in a relative clause on a named doer ("Saudi Arabia and the United
    States, which mediated talks in Jeddah last year, urged them"): an aside whose time is
    not the paragraph's."""
    return any(
        t.dep_ == "relcl" and _names_an_actor(t.head, context) for t in (head, *head.ancestors)
    )


def _names_an_actor(token: Token, context: DocumentContext) -> bool:
    """Is the token a named actor that is a clause's subject (or joined to one)?"""
    named = bool(_mentions_in(context, token.left_edge.idx, token.idx + len(token.text)))
    while token.dep_ == "conj":
        token = token.head
    return named and token.dep_ in SUBJECT_DEPS


def _in_since_clause(time: TimeMention, head: Token, context: DocumentContext) -> bool:
    """Is the time inside a clause opened by "since" that does not hold the trigger?"""
    span = context.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
    if span is None:
        return False
    return any(
        t.dep_ == "advcl"
        and not _inside(t, head)
        and any(c.dep_ == "mark" and c.lower_ == "since" for c in t.children)
        for t in (span.root, *span.root.ancestors)
    )


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


def _nearest(mentions: Sequence[TimeMention], offset: int) -> TimeMention:
    return min(mentions, key=lambda m: abs(m.span.start - offset))
