"""The parse stage's second readings of misread sentences, on invented sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventcoder.stages.parse import load_nlp
from eventcoder.stages.reread import Rereading, load_rereading, reread


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="module")
def rereading(nlp: Language) -> Rereading:
    return load_rereading(nlp)


def test_past_forms_come_from_the_models_exceptions_else_the_regular_rule(
    rereading: Rereading,
) -> None:
    assert rereading.past["shoot"] == "shot"
    assert rereading.past["bomb"] == "bombed"
    assert rereading.past["dislodge"] == "dislodged"


def test_a_verbless_headline_gets_its_verb_and_keeps_its_text(
    nlp: Language, rereading: Rereading
) -> None:
    text = "Rebels attack Goma on 27/06. Four dead."
    doc = reread(nlp(text), nlp, rereading)
    assert doc.text == text
    attack = doc[1]
    assert (attack.pos_, attack.dep_, attack.lemma_) == ("VERB", "ROOT", "attack")
    assert [t.text for t in attack.children if t.dep_ == "nsubj"] == ["Rebels"]
    date = doc[4]
    assert (date.text, date.lemma_, date.tag_) == ("27/06", "27/06", "CD")
    assert [s.text for s in doc.sents] == ["Rebels attack Goma on 27/06.", "Four dead."]


def test_noun_compounds_and_sentences_with_a_verb_are_read_once(
    nlp: Language, rereading: Rereading
) -> None:
    for text in ("Grenade attack on a market in Mogadishu.", "Rebels attacked Goma."):
        doc = nlp(text)
        before = [(t.tag_, t.dep_, t.head.i) for t in doc]
        assert [(t.tag_, t.dep_, t.head.i) for t in reread(doc, nlp, rereading)] == before


def test_a_name_in_capitals_that_spells_a_word_is_read_as_a_name(
    nlp: Language, rereading: Rereading
) -> None:
    assert {"IS", "WHO"} <= rereading.word_like_names
    text = "On 2 May, IS militants planted a bomb near Kirkuk."
    doc = reread(nlp(text), nlp, rereading)
    name = doc[4]
    assert (name.text, name.lemma_, name.dep_) == ("IS", "IS", "compound")
    assert name.pos_ in {"PROPN", "NOUN"}
    assert [s.root.text for s in doc.sents] == ["planted"]
    # Shouted, "IS" is the word.
    shouted = reread(nlp("THE ARMY IS READY."), nlp, rereading)
    assert shouted[2].pos_ == "AUX"


def test_a_past_verb_read_as_a_participle_is_read_as_the_notes_verb(
    nlp: Language, rereading: Rereading
) -> None:
    text = "On 4 June, rebel fighters kidnapped between six and nine traders near Goma."
    doc = nlp(text)
    kidnapped = doc[6]
    if kidnapped.tag_ != "VBN":
        pytest.skip("the model read the verb as a verb already")
    doc = reread(doc, nlp, rereading)
    assert doc.text == text
    kidnapped = doc[6]
    assert (kidnapped.dep_, kidnapped.tag_, kidnapped.lemma_) == ("ROOT", "VBD", "kidnap")
    assert "Tense=Past" in str(kidnapped.morph)
    assert [t.text for t in kidnapped.children if t.dep_ == "nsubj"] == ["fighters"]
    # Before a preposition it is the passive a headline means: "two soldiers killed in an
    # ambush" did not kill.
    passive = nlp("Two soldiers killed in an ambush near Gao.")
    before = [(t.tag_, t.dep_, t.head.i) for t in passive]
    assert [(t.tag_, t.dep_, t.head.i) for t in reread(passive, nlp, rereading)] == before


def test_a_participle_sharing_a_passive_s_auxiliary_has_a_patient_not_a_doer(
    nlp: Language, rereading: Rereading
) -> None:
    doc = reread(nlp("Two houses were burned and three villagers killed."), nlp, rereading)
    killed = next(t for t in doc if t.text == "killed")
    assert [t.text for t in killed.children if t.dep_ == "nsubjpass"] == ["villagers"]
    # A participle with its own auxiliary tells its own voice.
    doc = reread(nlp("Two houses were burned and rebels have killed three men."), nlp, rereading)
    killed = next(t for t in doc if t.text == "killed")
    assert [t.text for t in killed.children if t.dep_ == "nsubj"] == ["rebels"]


def test_a_verb_that_reads_as_a_noun_in_either_tense_is_read_through_a_stand_in(
    nlp: Language, rereading: Rereading
) -> None:
    text = "Around 200 farmers from Bir Lahmar blocked vehicles on the RN 9 near Gafsa."
    doc = nlp(text)
    if any(t.pos_ == "VERB" and t.dep_ == "ROOT" for t in doc):
        pytest.skip("the model read the verb as a verb already")
    doc = reread(doc, nlp, rereading)
    assert doc.text == text
    blocked = doc[6]
    assert (blocked.dep_, blocked.tag_, blocked.lemma_) == ("ROOT", "VBD", "block")
    assert [t.text for t in blocked.children if t.dep_ == "nsubj"] == ["farmers"]
    assert [t.text for t in blocked.children if t.dep_ == "dobj"] == ["vehicles"]
