"""Where an event happened: a place in the trigger's own phrase, else its clause, else the
sentence; places that name a side ("Germany freed ...") or where a statement was made ("told
reporters in Brussels") are no candidates. Then a border region for "clashes along the border",
the place "there" refers to, the paragraph's last town, the targeted state for force used on it,
and finally the story's scene (its dateline, else its first place named with "in", "at").

The scene's country of a sentence (``_scene_country``) is decided here too: unnamed actors and
generic institutions of the sentence belong to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from eventcoder.model import Actor, Annotated, Place, PlaceMention, Span, Trigger
from eventcoder.stages.arguments.context import (
    TERRITORIAL_TYPES,
    TOWN_PRECISIONS,
    VERBAL_TYPES,
    DocumentContext,
    Knowledge,
    _go_betweens,
    _mentions_in,
    _places_in,
    _unit_of,
)
from eventcoder.stages.arguments.tokens import SUBJECT_DEPS, _after_prep, _inside, _within
from eventcoder.stages.sentences import clause_verb, lemma

ARGUMENT_DEPS = frozenset({"poss", "amod", "compound", "nsubj", "nsubjpass", "dobj", "appos"})
CONFIDENT_PLACE = 3
"""A place scoring this much (introduced by "in", "at", "near" ...) is the event's own."""


def _first_scene(kb: Knowledge, context: DocumentContext) -> Place | None:
    doc = context.doc
    for mention in context.annotated.places:
        if mention.place.precision not in TOWN_PRECISIONS:
            continue
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if (
            span is not None
            and span.start > 0
            and doc[span.start - 1].lower_ in kb.clauses.place_prepositions
        ):
            return mention.place
    return None


def _dateline_place(kb: Knowledge, annotated: Annotated) -> Place | None:
    """Where the dateline says the story was filed: its first place, read as a place list
    ("GOMA, Democratic Republic of Congo", "KABUL, Afghanistan": the city, in that country)."""
    if not annotated.dateline or not annotated.dateline.place:
        return None
    written = annotated.dateline.place
    read = kb.gazetteer.cohere(kb.gazetteer.find(written.text, written.start))
    if read:
        return replace(read[0].place, mention=None)
    return kb.gazetteer.lookup(written.text)


def _scene_country(context: DocumentContext, sentence: Span) -> str | None:
    """The country of the first town or province a sentence names, else of the regions it
    names when they are all in one country; for a sentence that names no place at all, of
    the last town its paragraph named ("Thousands marched in
    Paris. Police detained 40 people")."""
    named = _places_in(context, sentence.start, sentence.end)
    towns = [p for p in named if p.place.precision in TOWN_PRECISIONS and p.place.country]
    if towns:
        # "Eastleigh residents (Kamukunji, Nairobi)": where the towns a sentence names
        # disagree, the country most of them are in; on a tie, one the sentence names as a
        # state too (Nairobi is Kenya's capital, "Kenyan police"), else the first.
        counts = Counter(p.place.country for p in towns)
        best = max(counts.values())
        tied = [p.place.country for p in towns if counts[p.place.country] == best]
        if len(set(tied)) == 1:
            return tied[0]
        named_states = {
            m.actor.country or m.actor.code
            for m in _mentions_in(context, sentence.start, sentence.end)
            if m.kind == "state"
        }
        return next((country for country in tied if country in named_states), tied[0])
    if named:
        # "near Abyei", "in southern Lebanon": the one country its regions are in is its
        # scene; a sentence naming other states has none ("the frontier with Mexico",
        # "Pakistani positions in Kashmir").
        regions = {p.place.country for p in named if p.place.precision != "country"}
        states = {p.place.country for p in named if p.place.precision == "country"} | {
            m.actor.country or m.actor.code
            for m in _mentions_in(context, sentence.start, sentence.end)
            if m.kind == "state"
        }
        return regions.pop() if len(regions) == 1 and not states - regions else None
    earlier = [p.place.country for p in _paragraph_towns(context, sentence.start)]
    return next((country for country in reversed(earlier) if country), None)


def _paragraph_towns(context: DocumentContext, offset: int) -> list[PlaceMention]:
    """The towns and provinces the paragraph holding ``offset`` named before it."""
    unit = _unit_of(context, offset)
    if unit is None:
        return []
    return [
        p
        for p in _places_in(context, unit.span.start, offset)
        if p.place.precision in TOWN_PRECISIONS
    ]


def _place(
    kb: Knowledge,
    context: DocumentContext,
    trigger: Trigger,
    head: Token,
    verb: Token,
    source: Sequence[Actor],
    target: Sequence[Actor],
) -> Place | None:
    sent = head.sent
    go_betweens = _go_betweens(kb, context, sent)
    places = [
        p
        for p in _places_in(context, sent.start_char, sent.end_char)
        if not _where_said(kb, context, p, verb)
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
                kb.event_nouns,
                kb.clauses.place_prepositions,
                kb.clauses.place_nouns,
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
        border = _border(kb, context, sent, source, target)
        if border is not None:
            return border
    if best is None and any(
        c.lower_ == "there" and c.dep_ == "advmod"
        for t in (verb, *verb.ancestors)
        for c in t.children
    ):
        # "Dozens of U.N. trucks have crossed there": the place the story named last, the
        # most precise of its sentence ("the Kilis crossing with Syria" is Kilis).
        earlier = _places_in(context, 0, sent.start_char)
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
            or best.place.precision in TOWN_PRECISIONS
        ):
            return best.place
    if not scored and trigger.type not in VERBAL_TYPES:
        # "Thousands marched in Paris ... Police detained 40 people": an act in a sentence
        # that names no place of its own goes on where its paragraph last was (statements
        # are made wherever the speaker is).
        before = [
            p
            for p in _paragraph_towns(context, sent.start_char)
            if _after_prep(context.doc, p.span, kb.clauses.place_prepositions, through_the=True)
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
        country = kb.gazetteer.country(targets.pop())
        if country is not None:
            return replace(country, precision="country")
    return story


def _border(
    kb: Knowledge,
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
        for m in _mentions_in(context, sent.start_char, sent.end_char)
        if m.kind == "state"
    ]
    if own is None and countries:
        own = countries[0]
    if own is None:
        return None
    return kb.gazetteer.border(own, other if other != own else None)


def _where_said(
    kb: Knowledge, context: DocumentContext, mention: PlaceMention, verb: Token
) -> bool:
    """ "told reporters in Brussels": where a statement was made, not the event's place."""
    span = context.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None:
        return False
    speaker_verb = clause_verb(span.root)
    return speaker_verb.i != verb.i and lemma(speaker_verb) in kb.cues.reporting_verbs


def _place_score(
    doc: Doc,
    mention: PlaceMention,
    head: Token,
    verb: Token,
    trigger: Trigger,
    event_nouns: Mapping[str, str],
    place_prepositions: frozenset[str],
    place_nouns: frozenset[str],
) -> tuple[int, int]:
    """Rank a sentence's places for an event: in the trigger's own phrase, then its clause;
    introduced by a place preposition ("in", "near"); finer than a whole country; nearest."""
    score = 0
    names_a_side = False
    if _within(mention.span, head):
        score += 2
    elif _within(mention.span, verb):
        score += 1
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is not None:
        root = span.root
        while (root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"}) or (
            root.dep_ == "compound"
            and lemma(root.head) in place_nouns
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in root.head.children)
        ):
            # "in the east of Hays city (Al Hudaydah)": an appositive place stands where the
            # place it names again stands; "Herat city", "a raid on Bafut town": a name
            # compounded with a kind of place stands where that phrase stands (but in "the
            # Sinai town of Arish" the town is Arish).
            root = root.head
        governor = root.head
        first = min(span.start, root.left_edge.i)
        before = doc[first - 1] if first > 0 else None
        # "pounded Beirut's southern suburbs", "on Kyiv's outskirts": the owner of a part of
        # a place is where it happened, whatever the part's role in the clause.
        part_of = root.dep_ == "poss" and lemma(governor) in place_nouns
        if (
            part_of
            or governor.lower_ in place_prepositions
            or (before is not None and before.lower_ in place_prepositions)
        ):
            score += 3
        if not part_of and (
            root.dep_ in ARGUMENT_DEPS
            or _describes_a_side(root, head, verb, event_nouns)
            or _in_another_clause(root, head)
        ):
            # "U.S. air strikes", "Germany freed", "forces from the region of Tigray agreed":
            # an actor, or what an actor is, not where it happened.
            score -= 4
            names_a_side = True
    if mention.place.precision != "country":
        score += 1
    if mention.place.precision in {"point", "admin"} and not names_a_side:
        # "in western Yemen (Al Hudaydah)": a named province or town is where it happened,
        # more than a vague part of a country.
        score += 1
    return score, -abs(mention.span.start - trigger.span.start)


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
