"""Headline verbs: a sentence the parser read with no verb is read again with its verb made plain.

Wire headlines and ACLED-style notes tell past events in the present ("SAF bomb Deribat",
"Military forces dislodge Boko Haram from Ngoshe") and put numeric dates before the verb
("Gunmen on 27/06 attacked Gurguzu village"). The small English model reads such a sentence as
one long noun phrase: "bomb" a compound, "attacked" an adjective. Every stage after the parse
then finds no doer and no object, and the event is lost.

So the parse stage reads a sentence again when it has no finite verb and a word that the event
lexicon knows as a verb stands where a headline puts its verb: after a noun, before its object.
The second reading is of a variant of the sentence, used only to steer the parser: that word in
the past tense ("bombed"), and each numeric date a weekday name. Each change keeps one token for
one token, so the variant's tags, lemmas and tree are copied onto the original tokens, and kept
only where the variant's root is a verb and the original's was not. The text, its offsets and
the named entities stay those of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventcoder.knowledge.lexicon import load_event_lexicon

# Penn tags of a finite verb: a sentence holding one has a verb the parser found.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# What may follow a headline verb: its object or a second verb ("attack and kill").
_OBJECT_STARTS = frozenset({"DET", "NOUN", "PROPN", "NUM", "PRON", "CCONJ", "ADJ"})
_SUBJECT_ENDS = frozenset({"NOUN", "PROPN"})
_NUMERIC_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")
# A stand-in the parser reads as a date in any slot a numeric date takes ("on 27/06").
_DATE_STAND_IN = "Monday"
_COPIED = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
_TAG_COLUMN, _POS_COLUMN, _MORPH_COLUMN, _LEMMA_COLUMN = range(4)


@dataclass(frozen=True, slots=True)
class HeadlineVerbs:
    """The lexicon's verbs (first lemma of each verb entry) and each one's past-tense form."""

    past: Mapping[str, str]

    def lemma_of(self, token: Token) -> str | None:
        """The verb ``token`` spells in a headline's present tense ("attack", "attacks")."""
        word = token.lower_
        if word in self.past:
            return word
        if word.endswith("s") and word[:-1] in self.past:
            return word[:-1]
        return None


@cache
def load_headline_verbs(nlp: Language) -> HeadlineVerbs:
    """The lexicon's verbs with past forms: irregular ones from the model's own lemmatizer
    exceptions (``shot`` for ``shoot``), the rest by the regular rule."""
    exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    irregular: dict[str, str] = {}
    for form, lemmas in sorted(exceptions.items()):
        if not form.endswith("ing"):
            irregular.setdefault(lemmas[0], form)
    lemmas = {
        entry.first
        for entry in load_event_lexicon().entries
        if entry.pos in ("VERB", "ANY") and entry.first.isalpha()
    }
    return HeadlineVerbs({lemma: irregular.get(lemma, _regular_past(lemma)) for lemma in lemmas})


def _regular_past(lemma: str) -> str:
    if lemma.endswith("e"):
        return lemma + "d"
    if len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def repair_headlines(doc: Doc, nlp: Language, verbs: HeadlineVerbs) -> Doc:
    """``doc`` with each verbless headline sentence's analysis taken from its variant's parse
    (changed in place)."""
    array = doc.to_array(_COPIED)
    repaired = False
    for sentence in doc.sents:
        rows = _variant_rows(sentence, nlp, verbs, array)
        if rows is not None:
            array[sentence.start : sentence.end] = rows
            repaired = True
    if repaired:
        doc.from_array(_COPIED, array)
    return doc


def _variant_rows(
    sentence: Span, nlp: Language, verbs: HeadlineVerbs, array: numpy.ndarray
) -> numpy.ndarray | None:
    """The sentence's rows of :data:`_COPIED` read from its variant, or None where the variant
    reads no better."""
    if sentence.root.pos_ in ("VERB", "AUX") or any(t.tag_ in FINITE_TAGS for t in sentence):
        return None
    verbs_made_past = dict(_verbs_made_past(sentence, verbs))
    dates = {t.i for t in sentence if _NUMERIC_DATE.fullmatch(t.text)}
    # A date alone is worth a second reading only beside a verb read as an adjective.
    if not verbs_made_past and not (
        dates and any(t.pos_ == "VERB" and t.lemma_ in verbs.past for t in sentence)
    ):
        return None
    words = [
        verbs_made_past.get(t.i) or (_DATE_STAND_IN if t.i in dates else t.text) for t in sentence
    ]
    variant = nlp("".join(word + t.whitespace_ for word, t in zip(words, sentence, strict=True)))
    sentences = list(variant.sents)
    if len(variant) != len(sentence) or len(sentences) != 1 or sentences[0].root.pos_ != "VERB":
        return None
    rows = variant.to_array(_COPIED)
    for token in sentence:
        offset = token.i - sentence.start
        if token.i in dates:
            # The stand-in's place in the tree; the date's own tag, morphology and lemma.
            for column in (_TAG_COLUMN, _POS_COLUMN, _MORPH_COLUMN, _LEMMA_COLUMN):
                rows[offset, column] = array[token.i, column]
        elif token.i in verbs_made_past:
            rows[offset, _LEMMA_COLUMN] = nlp.vocab.strings.add(verbs.lemma_of(token) or "")
    return rows


def _verbs_made_past(sentence: Span, verbs: HeadlineVerbs) -> Iterator[tuple[int, str]]:
    """Each word the lexicon knows as a verb, between a noun and what may be its object, with
    its past form."""
    for token in sentence:
        lemma = verbs.lemma_of(token)
        if (
            lemma is not None
            and sentence.start < token.i < sentence.end - 1
            and token.nbor(-1).pos_ in _SUBJECT_ENDS
            and token.nbor(1).pos_ in _OBJECT_STARTS
        ):
            yield token.i, verbs.past[lemma]
