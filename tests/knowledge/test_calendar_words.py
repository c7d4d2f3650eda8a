"""The calendar's words: one definition that the date, number and casing code share."""

from __future__ import annotations

from eventcoder.knowledge.calendar_words import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    MONTHS,
    WEEKDAYS,
    YEAR_CUES,
    YEAR_PREPOSITIONS,
)


def test_months_hold_every_name_and_abbreviation() -> None:
    assert set(MONTHS) == set(MONTH_NAMES) | MONTH_ABBREVIATIONS
    assert [MONTHS[name] for name in MONTH_NAMES] == list(range(1, 13))
    assert MONTHS["sept"] == MONTHS["sep"] == 9
    for abbr in MONTH_ABBREVIATIONS:
        assert MONTH_NAMES[MONTHS[abbr] - 1].startswith(abbr[:3])


def test_weekdays_number_as_dates_do() -> None:
    assert WEEKDAYS["monday"] == 0 and WEEKDAYS["sunday"] == 6
    assert len(WEEKDAYS) == 7


def test_year_cues_extend_the_prepositions() -> None:
    assert YEAR_PREPOSITIONS < YEAR_CUES
    assert "in" in YEAR_PREPOSITIONS and "the" in YEAR_CUES - YEAR_PREPOSITIONS
