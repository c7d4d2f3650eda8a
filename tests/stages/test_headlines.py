"""The parse stage's second reading of verbless headline sentences, on invented sentences."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventcoder.stages.headlines import HeadlineVerbs, load_headline_verbs, repair_headlines
from eventcoder.stages.parse import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="module")
def verbs(nlp: Language) -> HeadlineVerbs:
    return load_headline_verbs(nlp)


def test_past_forms_come_from_the_models_exceptions_else_the_regular_rule(
    verbs: HeadlineVerbs,
) -> None:
    assert verbs.past["shoot"] == "shot"
    assert verbs.past["bomb"] == "bombed"
    assert verbs.past["dislodge"] == "dislodged"


def test_a_verbless_headline_gets_its_verb_and_keeps_its_text(
    nlp: Language, verbs: HeadlineVerbs
) -> None:
    text = "Rebels attack Goma on 27/06. Four dead."
    doc = repair_headlines(nlp(text), nlp, verbs)
    assert doc.text == text
    attack = doc[1]
    assert (attack.pos_, attack.dep_, attack.lemma_) == ("VERB", "ROOT", "attack")
    assert [t.text for t in attack.children if t.dep_ == "nsubj"] == ["Rebels"]
    date = doc[4]
    assert (date.text, date.lemma_, date.tag_) == ("27/06", "27/06", "CD")
    assert [s.text for s in doc.sents] == ["Rebels attack Goma on 27/06.", "Four dead."]


def test_noun_compounds_and_sentences_with_a_verb_are_read_once(
    nlp: Language, verbs: HeadlineVerbs
) -> None:
    for text in ("Grenade attack on a market in Mogadishu.", "Rebels attacked Goma."):
        doc = nlp(text)
        before = [(t.tag_, t.dep_, t.head.i) for t in doc]
        assert [(t.tag_, t.dep_, t.head.i) for t in repair_headlines(doc, nlp, verbs)] == before
