"""The participant word lists: loaded, validated, and the people-noun test they make."""

from __future__ import annotations

import pytest

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.words import build_participants, load_participants


def test_packaged_lists_load_and_hold_lemmas() -> None:
    participants = load_participants()
    assert "gunman" in participants.unknown_doers
    assert "people" in participants.crowd_words
    assert "missile" in participants.inanimate_doers


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
    ],
)
def test_people_nouns(lemma: str, text: str, people: bool) -> None:
    assert load_participants().names_people(lemma, text) is people


def test_a_broken_list_is_refused_when_loaded() -> None:
    raw = {
        "unknown_doers": ["gunman"],
        "crowd_words": ["People"],
        "people_nouns": ["man"],
        "person_endings": ["ers"],
        "civilian_sites": ["village"],
        "inanimate_doers": ["bomb"],
    }
    with pytest.raises(EventcoderError) as raised:
        build_participants(raw)
    assert raised.value.code is ErrorCode.E050
    assert "crowd_words" in str(raised.value)
    with pytest.raises(EventcoderError):
        build_participants({"unknown_doers": ["gunman"]})
