"""The word lists: loaded, validated, and the people-noun test they make."""

from __future__ import annotations

from datetime import date

import pytest

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.actors import load_actor_lexicon
from eventcoder.knowledge.words import (
    Clauses,
    EventWords,
    Participants,
    build_clauses,
    build_event_words,
    build_participants,
    load_clauses,
    load_event_words,
    load_participants,
)
from eventcoder.model import EVENT_TYPES


def test_packaged_lists_load_and_hold_lemmas() -> None:
    participants = load_participants()
    assert "gunman" in participants.unknown_doers
    assert "people" in participants.crowd_words
    assert "missile" in participants.inanimate_doers
    assert "delegation" in participants.party_nouns
    assert "militia" in participants.armed_group_nouns
    assert "counterpart" in participants.person_group_nouns
    assert "nation" in participants.group_nouns
    assert "witness" in participants.anonymous_heads
    assert "enclave" in participants.place_anaphors
    assert "activist" in participants.who_nouns
    assert "troop" in participants.force_nouns


def test_packaged_clause_words_load() -> None:
    clauses = load_clauses()
    # Bare on/off/yes/no would read as booleans: the prepositions are quoted in the file.
    assert clauses.setting_prepositions == {"during", "at", "amid", "amidst", "on"}
    assert "hold" in clauses.light_verbs
    assert "wrap" in clauses.ending_verbs
    assert "order" in clauses.command_verbs
    assert clauses.hypothetical_modals == {"could", "might", "may", "should"}
    assert clauses.conditional_marks == {"if", "unless"}
    assert "later" in clauses.sequence_openers
    assert clauses.sequence_marks == {"after", "following", "before"}
    assert clauses.temporal_marks == {"since", "until"}
    assert "despite" in clauses.temporal_prepositions
    assert "blame" in clauses.attribution_verbs
    assert "admit" in clauses.responsibility_verbs
    assert "broker" in clauses.mediation_words
    assert clauses.future_auxiliaries == {"will", "shall", "'ll", "would"}
    assert "due" in clauses.future_governors
    assert "aim" in clauses.goal_governors
    # A try is one kind of goal: only a goal's governor is ever asked whether it was made.
    assert "try" in clauses.attempt_governors <= clauses.goal_governors
    assert "auspices" in clauses.go_between_nouns
    assert {"in", "off"} <= clauses.place_prepositions
    assert "near" in clauses.facing_prepositions
    assert "against" in clauses.target_prepositions
    assert {"on", "to"} <= clauses.addressee_prepositions
    assert "upon" in clauses.victim_prepositions


def test_packaged_event_words_load() -> None:
    words = load_event_words()
    assert words.told_statements["ultimatum"] == "THREATEN"
    assert set(words.told_statements.values()) <= set(EVENT_TYPES)
    assert "retaliation" in words.motive_nouns
    assert "back" in words.backing_verbs
    assert "intercept" in words.intercept_verbs
    assert "drone" in words.incoming_weapons
    assert "mock" in words.simulation_words
    assert "sea" in words.open_water
    assert "arrest" in words.authority_verbs
    assert "killed" in words.toll_words
    assert "truce" in words.decision_nouns
    assert "clashes" in words.two_sided_words


def test_loaded_once_and_frozen() -> None:
    assert load_clauses() is load_clauses()
    assert load_event_words() is load_event_words()
    with pytest.raises(TypeError):
        load_event_words().told_statements["threat"] = "ASSAULT"  # type: ignore[index]


@pytest.mark.parametrize(
    ("lemma", "text", "people"),
    [
        ("lawyer", "lawyers", True),  # by its ending
        ("villager", "villagers", True),
        ("man", "men", True),  # by the list
        ("youth", "youths", True),
        ("computer", "computers", False),  # a thing, whatever its ending
        ("earthquake", "earthquake", False),
        ("road", "roads", False),
        ("fulani", "Fulani", True),  # a people, by name
        ("nuer", "Nuers", True),
    ],
)
def test_people_nouns(lemma: str, text: str, people: bool) -> None:
    assert load_participants().names_people(lemma, text) is people


def test_peoples_are_no_state_and_no_named_group() -> None:
    """A people's name read as a state ("Somali") or a group the lexicon names would be coded
    twice over, by two rules."""
    lexicon = load_actor_lexicon()
    for word in sorted(load_participants().ethnic_groups):
        found = lexicon.find(f"Then {word.title()} men marched.", date(2020, 1, 1))
        assert not found, (word, [(m.span.text, m.actor.code) for m in found])


def _valid(cls: type[Participants] | type[Clauses] | type[EventWords]) -> dict[str, object]:
    return {name: ["word"] for name in cls.__slots__}


def test_a_broken_list_is_refused_when_loaded() -> None:
    raw = _valid(Participants)
    raw["crowd_words"] = ["People"]
    with pytest.raises(EventcoderError) as raised:
        build_participants(raw)
    assert raised.value.code is ErrorCode.E050
    assert "crowd_words" in str(raised.value)
    with pytest.raises(EventcoderError):
        build_participants({"unknown_doers": ["gunman"]})
    assert isinstance(build_participants(_valid(Participants)), Participants)


@pytest.mark.parametrize("broken", [[], [True], ["On"], "on", None])
def test_a_broken_clause_list_is_refused(broken: object) -> None:
    raw = _valid(Clauses)
    raw["setting_prepositions"] = broken
    with pytest.raises(EventcoderError) as raised:
        build_clauses(raw)
    assert raised.value.code is ErrorCode.E050
    assert "setting_prepositions" in str(raised.value)
    assert isinstance(build_clauses(_valid(Clauses)), Clauses)


@pytest.mark.parametrize(
    "told",
    [{"threat": "THREATENS"}, {"Threat": "THREATEN"}, {}, ["threat"], {"threat": None}],
)
def test_told_statements_map_words_to_plover_types(told: object) -> None:
    raw = _valid(EventWords)
    raw["told_statements"] = told
    with pytest.raises(EventcoderError) as raised:
        build_event_words(raw)
    assert raised.value.code is ErrorCode.E050
    assert "told_statements" in str(raised.value)
    raw["told_statements"] = {"threat": "THREATEN"}
    assert build_event_words(raw).told_statements == {"threat": "THREATEN"}


def test_an_unexpected_or_missing_list_is_refused() -> None:
    raw = _valid(Clauses)
    raw["extra_words"] = ["word"]
    with pytest.raises(EventcoderError):
        build_clauses(raw)
    del raw["extra_words"], raw["light_verbs"]
    with pytest.raises(EventcoderError) as raised:
        build_clauses(raw)
    assert "light_verbs" in str(raised.value)
