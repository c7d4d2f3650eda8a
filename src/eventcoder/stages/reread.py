"""Second readings: a sentence the parser misread is read again from a variant of it.

Two kinds of text mislead the small English model in ways that lose whole events:

- Wire headlines and ACLED-style notes tell past events in the present ("SAF bomb Deribat",
  "Military forces dislodge Boko Haram from Ngoshe") and put numeric dates before the verb
  ("Gunmen on 27/06 attacked Gurguzu village"). The model reads such a sentence as one long
  noun phrase ("bomb" a compound, "attacked" an adjective), and no stage finds a doer. A past
  verb before its object may be read as a participle the same way ("militants abducted four
  people" as "militants [who were] abducted"), and the note as having no verb at all.
- A name in capitals that spells an English function word ("IS militants planted an IED",
  "WHO officials said") is read as that word: "IS" becomes the sentence's verb.

So the parse stage reads such a sentence again, from a variant used only to steer the parser:
a name that spells a word becomes a plain proper noun; in a sentence with no finite verb, a
word the event lexicon knows as a verb, standing where a headline puts its verb (after a noun,
before its object), takes the past tense ("bombed"), or, where it is a past form already read
as a participle, the present ("abduct", tagged past again after the parse); and each numeric
date becomes a weekday.
Each change keeps one token for one token, so the variant's tags, lemmas and tree are copied
onto the original tokens, and only where the variant reads better: the verbless sentence gets
a verb as its root, the name is read as a name. The text, its offsets, the words' own lemmas
and the named entities stay those of the document.

One misreading needs no variant: a participle that shares a passive's elided auxiliary
("facilities were destroyed and some fighters killed") is given its subject as its patient, in
place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.knowledge.actors import load_actor_lexicon
from eventcoder.knowledge.lexicon import load_event_lexicon
from eventcoder.stages.dates import NUMERIC_DAY_TOKEN

# Penn tags of a finite verb: a sentence holding one has a verb the parser found.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# What may follow a headline verb: its object or a second verb ("attack and kill").
_OBJECT_STARTS = frozenset({"DET", "NOUN", "PROPN", "NUM", "PRON", "CCONJ", "ADJ"})
# A counted object may open with a range: "abducted between two and four people".
_RANGE_OPENER = "between"
_PAST_TAG = "VBD"
_PAST_MORPH = "Tense=Past|VerbForm=Fin"
_MODIFIER_DEPS = frozenset({"amod", "compound"})
_SUBJECT_ENDS = frozenset({"NOUN", "PROPN"})
_NAME_POS = frozenset({"PROPN", "NOUN"})
# Stand-ins the parser reads as a date, and as a name (an acronym in capitals, like the names
# it stands for), in any slot those take.
_DATE_STAND_IN = "Monday"
_NAME_STAND_IN = "ISIS"
# A past verb no tagger reads as a noun or an adjective, taking an object, for a verb's slot
# where its own form reads as neither verb.
_VERB_STAND_IN = "seized"
_COPIED = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
_PASSIVE_MARKS = frozenset({"auxpass", "nsubjpass"})
# What a participle has when it tells its own voice: an auxiliary, or an object.
_OWN_VOICE_MARKS = frozenset({"aux", "auxpass", "nsubjpass", "dobj"})
_TAG_COLUMN, _POS_COLUMN, _MORPH_COLUMN, _LEMMA_COLUMN = range(4)
# The day actor names are looked up on: only whether a name exists matters here.
_ANY_DAY = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class Rereading:
    """What a second reading may change: the lexicon's verbs (first lemma of each verb entry)
    with their past forms, and the names in capitals that spell an English word."""

    past: Mapping[str, str]
    word_like_names: frozenset[str]
    present: Mapping[str, str] = field(init=False)

    def __post_init__(self) -> None:
        # The other way round: the verb a past form is of ("abducted" -> "abduct").
        object.__setattr__(self, "present", {form: verb for verb, form in self.past.items()})

    def verb_of(self, token: Token) -> str | None:
        """The verb ``token`` spells in a headline's present tense ("attack", "attacks")."""
        word = token.lower_
        if word in self.past:
            return word
        if word.endswith("s") and word[:-1] in self.past:
            return word[:-1]
        return None


@cache
def load_rereading(nlp: Language) -> Rereading:
    """Past forms of the lexicon's verbs, irregular ones from the model's own lemmatizer
    exceptions (``shot`` for ``shoot``), the rest by the regular rule; and each of the model's
    stop words that the actor lexicon knows in capitals as a name ("IS", "WHO")."""
    exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    irregular: dict[str, str] = {}
    for form, lemmas in sorted(exceptions.items()):
        if not form.endswith("ing"):
            irregular.setdefault(lemmas[0], form)
    verbs = {
        entry.first
        for entry in load_event_lexicon().entries
        if entry.pos in ("VERB", "ANY") and entry.first.isalpha()
    }
    actors = load_actor_lexicon()
    names = set()
    for word in nlp.Defaults.stop_words:
        name = word.upper()
        if len(name) > 1 and name.isalpha():
            found = actors.find(name, _ANY_DAY)
            if found and found[0].span.text == name:
                names.add(name)
    return Rereading(
        {verb: irregular.get(verb, _regular_past(verb)) for verb in verbs}, frozenset(names)
    )


def _regular_past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def reread(doc: Doc, nlp: Language, rereading: Rereading) -> Doc:
    """``doc`` with each misread sentence's analysis taken from its variant's parse (changed
    in place)."""
    array = doc.to_array(_COPIED)
    changed = False
    for sentence in doc.sents:
        rows = _variant_rows(sentence, nlp, rereading, array)
        if rows is not None:
            array[sentence.start : sentence.end] = rows
            changed = True
    if changed:
        doc.from_array(_COPIED, array)
    _elided_passives(doc)
    return doc


def _elided_passives(doc: Doc) -> None:
    """ "Facilities were destroyed and some fighters killed": a participle joined to a passive
    verb, with a subject but no auxiliary and no object of its own, shares the passive's
    elided auxiliary, so its subject is its patient, not its doer (relabelled in place)."""
    for token in doc:
        if (
            token.tag_ == "VBN"
            and token.dep_ == "conj"
            and any(c.dep_ in _PASSIVE_MARKS for c in token.head.children)
            and not any(c.dep_ in _OWN_VOICE_MARKS for c in token.children)
        ):
            for child in token.children:
                if child.dep_ == "nsubj":
                    child.dep_ = "nsubjpass"


def _variant_rows(
    sentence: Span, nlp: Language, rereading: Rereading, array: numpy.ndarray
) -> numpy.ndarray | None:
    """The sentence's rows of :data:`_COPIED` read from its variant, or None where there is no
    variant or it reads no better."""
    names = {
        t.i
        for t in sentence
        if t.text in rereading.word_like_names
        and t.pos_ not in _NAME_POS
        # A shouted sentence's "IS" is the word.
        and not all(w.is_upper for w in sentence if w.is_alpha and w.i != t.i)
    }
    verbless = (sentence.root.i in names or sentence.root.pos_ not in ("VERB", "AUX")) and not any(
        t.tag_ in FINITE_TAGS and t.i not in names and not _read_as_modifier(t) for t in sentence
    )
    past = dict(_verbs_made_past(sentence, rereading)) if verbless else {}
    finite = dict(_participles_made_finite(sentence, rereading)) if verbless else {}
    past.update(finite)
    dates = {t.i for t in sentence if NUMERIC_DAY_TOKEN.fullmatch(t.text)} if verbless else set()
    # A date alone is worth a second reading only beside a verb read as an adjective.
    if (
        dates
        and not past
        and not any(t.pos_ == "VERB" and t.lemma_ in rereading.past for t in sentence)
    ):
        dates = set()
    if not (names or past or dates):
        return None
    variant = _variant(nlp, sentence, names, past, dates)
    if variant is not None and past and variant.root.pos_ != "VERB":
        # "farmers from Ain Boumarra blocked vehicles" reads as a noun phrase in either tense;
        # a verb the model cannot take for a noun or an adjective, in each verb's slot, steers
        # the tree, and the words keep their own verbs (below).
        stand_ins = dict.fromkeys(past, _VERB_STAND_IN)
        variant = _variant(nlp, sentence, names, stand_ins, dates)
        finite = {i: rereading.present.get(w, w) for i, w in past.items()}
        past = stand_ins
    if variant is None or ((past or dates) and variant.root.pos_ != "VERB"):
        return None
    if any(variant.doc[i - sentence.start].pos_ not in _NAME_POS for i in names):
        return None
    rows = variant.doc.to_array(_COPIED)
    for token in sentence:
        offset = token.i - sentence.start
        if token.i in dates:
            # The stand-in's place in the tree; the date's own tag, morphology and lemma.
            for column in (_TAG_COLUMN, _POS_COLUMN, _MORPH_COLUMN, _LEMMA_COLUMN):
                rows[offset, column] = array[token.i, column]
        elif token.i in names:
            rows[offset, _LEMMA_COLUMN] = nlp.vocab.strings.add(token.text)
        elif token.i in finite:
            # Read as a verb from its present; still the past form the note wrote.
            rows[offset, _TAG_COLUMN] = nlp.vocab.strings.add(_PAST_TAG)
            rows[offset, _MORPH_COLUMN] = nlp.vocab.morphology.add(_PAST_MORPH)
            rows[offset, _LEMMA_COLUMN] = nlp.vocab.strings.add(finite[token.i])
        elif token.i in past:
            rows[offset, _LEMMA_COLUMN] = nlp.vocab.strings.add(rereading.verb_of(token) or "")
    return rows


def _variant(
    nlp: Language, sentence: Span, names: set[int], words: Mapping[int, str], dates: set[int]
) -> Span | None:
    """The one sentence read from ``sentence`` with its names, verbs and dates replaced, or
    None where the variant does not read as one sentence of as many tokens."""
    written = [
        _NAME_STAND_IN
        if t.i in names
        else words.get(t.i) or (_DATE_STAND_IN if t.i in dates else t.text)
        for t in sentence
    ]
    variant = nlp("".join(w + t.whitespace_ for w, t in zip(written, sentence, strict=True)))
    sentences = list(variant.sents)
    if len(variant) != len(sentence) or len(sentences) != 1:
        return None
    return sentences[0]


def _verbs_made_past(sentence: Span, rereading: Rereading) -> Iterator[tuple[int, str]]:
    """Each word the lexicon knows as a verb, between a noun and what may be its object, with
    its past form."""
    for token in sentence:
        verb = rereading.verb_of(token)
        if verb is not None and _in_verb_slot(sentence, token):
            yield token.i, rereading.past[verb]


def _participles_made_finite(sentence: Span, rereading: Rereading) -> Iterator[tuple[int, str]]:
    """Each past form of a lexicon verb read as a participle between a noun and its object,
    with its present: "militants abducted four people" is read from "militants abduct four
    people". One followed by a preposition stays a participle ("two soldiers killed in an
    ambush" is passive)."""
    for token in sentence:
        verb = rereading.present.get(token.lower_)
        read_as_participle = token.tag_ == "VBN" or _read_as_modifier(token)
        if verb is not None and read_as_participle and _in_verb_slot(sentence, token):
            yield token.i, verb


def _read_as_modifier(token: Token) -> bool:
    """A past form tagged finite but attached as an adjective ("farmers from Bir Lahmar
    blocked vehicles" with "blocked" a modifier of "vehicles"): no verb of the tree."""
    return token.tag_ == _PAST_TAG and token.dep_ in _MODIFIER_DEPS


def _in_verb_slot(sentence: Span, token: Token) -> bool:
    """Does ``token`` stand where a headline puts its verb: after a noun, before its object?"""
    if not sentence.start < token.i < sentence.end - 1 or token.nbor(-1).pos_ not in _SUBJECT_ENDS:
        return False
    following = token.nbor(1)
    if following.pos_ in _OBJECT_STARTS:
        return True
    return (
        following.lower_ == _RANGE_OPENER
        and following.i + 1 < sentence.end
        and following.nbor(1).like_num
    )
