"""The calendar's words, defined once for every stage that reads dates or numbers: month and
weekday names (lower case, with the wires' abbreviations) and the words before a bare four-digit
number that make it a year.

These are constants, not YAML: the calendar is not tunable, and the date patterns of
``stages/dates.py`` and ``stages/structure.py`` are built from the same names.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

WEEKDAYS: Mapping[str, int] = MappingProxyType(
    {
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
    }
)
"""Weekday names and their ``date.weekday()`` numbers."""

MONTH_NAMES: tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
"""The twelve month names in full, in calendar order."""

MONTHS: Mapping[str, int] = MappingProxyType(
    {
        "january": 1,
        "february": 2,
        "march": 3,
        "april": 4,
        "may": 5,
        "june": 6,
        "july": 7,
        "august": 8,
        "september": 9,
        "october": 10,
        "november": 11,
        "december": 12,
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)
"""Month names and abbreviations ("sept", "dec") and their numbers."""

MONTH_ABBREVIATIONS = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
"""Months as news abbreviates them: capitalised only beside a number ("oct. 7", "7 feb")."""

YEAR_PREPOSITIONS = frozenset(
    {
        "in",
        "since",
        "of",
        "until",
        "by",
        "from",
        "before",
        "after",
        "during",
        "early",
        "late",
        "mid",
    }
)
"""Words before a bare four-digit number that make it a year: "in 2021", "since 2019", "mid
2020". Count parsing (``stages/numbers.py``) reads these."""

YEAR_CUES = YEAR_PREPOSITIONS | frozenset(
    {
        "till",
        "through",
        "between",
        "around",
        "circa",
        "throughout",
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "that",
        "this",
    }
)
"""The wider set of words before a bare four-digit number that time expressions
(``stages/dates.py``) read as making it a year: also determiners and possessives ("the 2019
coup", "its 2020 election")."""
