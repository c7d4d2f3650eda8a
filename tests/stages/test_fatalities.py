"""Deaths per sentence: counts tied to death words, sides, tolls, zero, and the wounded kept out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcoder.model import Fatalities
from eventcoder.stages.fatalities import find_fatalities, find_fatality_report

_SIDES = {
    "pakistani soldiers": "PAK",
    "pakistani taliban terrorists": "TTP",
    "soldiers": "ARMY",
    "militants": "REBELS",
}


def side_of(noun: str) -> str | None:
    return _SIDES.get(noun.lower())


def deaths(sentence: str) -> tuple[int, int | None] | None:
    found = find_fatalities(sentence)
    return None if found is None else (found.min, found.max)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Hamas gunmen killed more than 1,200 people in southern Israel.", (1201, None)),
        ("Al Shabaab stormed the hotel, killing 21 people during a siege.", (21, 21)),
        ("At least 22 people were killed in Tuesday's protests.", (22, None)),
        ("Dozens were killed along their border.", (24, None)),
        ("Several Russian peacekeepers were also killed.", (3, None)),
        ("Three of its employees were killed on Saturday.", (3, 3)),
        ("An explosion hit the bridge, killing a couple travelling by car.", (2, 2)),
        ("Krasikov killed a Georgian citizen in a Berlin park in 2019.", (1, 1)),
        ("A soldier was killed.", (1, 1)),
        # The doer before a killing verb with a figure after it is not among the dead.
        ("A gunman killed 12 soldiers near the border.", (12, 12)),
        ("An attack killed 12 soldiers in North Waziristan.", (12, 12)),
        ("A war that has killed many thousands of people.", (2000, None)),
        ("The attack left 12 dead.", (12, 12)),
        ("Twelve people died in the fire.", (12, 12)),
        ("Twenty-five villagers perished.", (25, 25)),
        ("Two hundred and twelve people lost their lives.", (212, 212)),
        ("The blast claimed 30 lives.", (30, 30)),
        ("The bodies of 12 migrants were found.", (12, 12)),
        ("Police shot dead five protesters.", (5, 5)),
        ("Five protesters were shot dead.", (5, 5)),
        ("The storm caused 14 deaths.", (14, 14)),
        ("Nearly 100 people were slain.", (90, 99)),
        ("Between 10 and 20 people were massacred.", (10, 20)),
        ("The attack killed 5, and 3 died later in hospital.", (8, 8)),
        ("Two soldiers were shot and killed by militants.", (2, 2)),
        ("Five guards were ambushed and killed near the mine.", (5, 5)),
        ("Snipers opened fire on a farmer, killing him.", (1, 1)),
        ("Gunmen stormed the house and killed her in her kitchen.", (1, 1)),
    ],
)
def test_death_counts(sentence: str, expected: tuple[int, int | None]) -> None:
    assert deaths(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("At least 56 civilians had been killed and hundreds wounded since Saturday.", (56, None)),
        ("More than 100 people had been killed and around 300 wounded.", (101, None)),
        ("The attack left 12 dead and 40 wounded.", (12, 12)),
        ("The blast killed five and wounded 10.", (5, 5)),
        ("Three people died and 10 were injured.", (3, 3)),
        ("300 were wounded and 50 killed.", (50, 50)),
        (
            "At least 200 people, including 10 civilians, had been killed and more than 400 "
            "wounded.",
            (200, None),
        ),
        ("At least 200 people including 10 civilians were killed.", (200, None)),
    ],
)
def test_wounded_and_parts_are_not_added(sentence: str, expected: tuple[int, int | None]) -> None:
    assert deaths(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Hundreds were wounded in the blast.",
        "Scores of people were killed or wounded.",
        "He was sentenced to death in Belarus.",
        "It said fighters on both sides had also been killed but gave no figure.",
        "Putin received an apology for the deaths of peacekeepers.",
        "There were no immediate reports of casualties.",
        "Two gunmen killed the mayor.",
        "It was the deadliest attack in five years.",
        "Ten people were arrested.",
        "Three villagers were wounded and later taken to hospital.",
        "Police arrested him on Monday.",
        "",
    ],
)
def test_no_deaths_reported(sentence: str) -> None:
    assert find_fatalities(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "No one was killed.",
        "Nobody died in the attack.",
        "There were no casualties.",
        "No one was hurt.",
    ],
)
def test_zero(sentence: str) -> None:
    found = find_fatalities(sentence)
    assert found is not None
    assert (found.min, found.max) == (0, 0)


def test_sides_and_total() -> None:
    sentence = (
        "Despite a ceasefire between Pakistan and the Taliban, weekend clashes killed five "
        "Pakistani soldiers and 25 Pakistani Taliban terrorists near the border with Afghanistan."
    )
    found = find_fatalities(sentence, side_of=side_of)
    assert found is not None
    assert (found.min, found.max, found.vague) == (30, 30, None)
    assert dict(found.by_side) == {"PAK": 5, "TTP": 25}
    assert found.mention is not None
    assert found.mention.text == "five Pakistani soldiers and 25 Pakistani Taliban terrorists"


def test_sides_before_the_verb() -> None:
    found = find_fatalities("Five soldiers and 25 militants were killed.", side_of=side_of)
    assert found == Fatalities(
        30, 30, (("ARMY", 5), ("REBELS", 25)), None, found.mention if found else None
    )


def test_vague_word_is_kept() -> None:
    found = find_fatalities("Dozens were killed along their border.")
    assert found is not None
    assert found.vague == "dozens"
    assert found.mention is not None and found.mention.text == "Dozens"


@pytest.mark.parametrize(
    "sentence",
    [
        "The death toll rose to 100 from 50.",
        "The death toll rose from 50 to 100 on Monday.",
        "Five people were killed on Monday, bringing the death toll to 100.",
        "The toll climbed to 100.",
        "Officials said the toll of dead had reached 100.",
        "The death toll climbed to 100 on Tuesday, up from 30.",
    ],
)
def test_revised_toll_takes_latest(sentence: str) -> None:
    report = find_fatality_report(sentence)
    assert report is not None and report.toll
    assert (report.fatalities.min, report.fatalities.max) == (100, 100)


@pytest.mark.parametrize(
    ("sentence", "cumulative"),
    [
        ("More than 11,000 people have been killed since the war began.", True),
        ("The earthquake and its aftershocks have killed more than 35,000 people.", True),
        ("So far 40 people have died.", True),
        ("Hamas gunmen killed more than 1,200 people on Oct. 7.", False),
        ("Dozens were killed in the worst such violence since 2021.", False),
    ],
)
def test_cumulative_flag(sentence: str, cumulative: bool) -> None:
    report = find_fatality_report(sentence)
    assert report is not None
    assert report.cumulative is cumulative


def test_event_report_wins_over_cumulative_one() -> None:
    sentence = "The strike killed 12 people; more than 11,000 have been killed since the war began."
    report = find_fatality_report(sentence)
    assert report is not None
    assert (report.fatalities.min, report.fatalities.max, report.cumulative) == (12, 12, False)


def test_mention_is_offset_into_the_document() -> None:
    prefix = "KHARTOUM, April 16 (Wire) - Fighting raged. "
    sentence = "The doctors said at least 56 civilians had been killed."
    document = prefix + sentence
    found = find_fatalities(sentence, offset=len(prefix))
    assert found is not None and found.mention is not None
    assert document[found.mention.start : found.mention.end] == found.mention.text == "at least 56"


_SENTENCES = st.sampled_from(
    [
        "weekend clashes killed five soldiers and 25 militants near the border",
        "at least 56 civilians had been killed and hundreds wounded",
        "No one was killed.",
        "the death toll rose to 100 from 50",
        "Dozens were killed.",
        "killing a couple travelling by car",
    ]
)


@given(st.text(max_size=30), _SENTENCES, st.integers(min_value=0, max_value=10_000))
def test_spans_index_the_document(noise: str, sentence: str, offset: int) -> None:
    document = "x" * offset + sentence
    found = find_fatalities(sentence, offset=offset)
    assert found is not None and found.mention is not None
    assert document[found.mention.start : found.mention.end] == found.mention.text
    noisy = noise + " " + sentence
    found = find_fatalities(noisy, offset=offset)
    if found is not None and found.mention is not None:
        document = "x" * offset + noisy
        assert document[found.mention.start : found.mention.end] == found.mention.text


@given(st.text())
def test_never_raises(text: str) -> None:
    found = find_fatalities(text, side_of=lambda noun: noun[:3].upper() or None)
    if found is not None:
        assert found.min >= 0
        assert found.max is None or found.min <= found.max
        assert all(n >= 0 for _, n in found.by_side)


@given(st.integers(min_value=0, max_value=10**7))
def test_any_count_of_killed(n: int) -> None:
    assert deaths(f"Clashes killed {n:,} people.") == (n, n)
    assert deaths(f"At least {n:,} people were killed.") == (n, None)
