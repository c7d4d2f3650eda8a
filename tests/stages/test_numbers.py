"""Counts: digits, words, qualifiers, vague quantities, and the things that are not counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcoder.stages.numbers import Count, find_counts, parse_count

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _below_100(n: int, hyphen: bool) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return _TENS[tens - 2]
    return _TENS[tens - 2] + ("-" if hyphen else " ") + _UNITS[unit]


def _below_1000(n: int, hyphen: bool, use_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest, hyphen)
    words = _UNITS[hundreds] + " hundred"
    if rest:
        words += (" and " if use_and else " ") + _below_100(rest, hyphen)
    return words


def to_words(n: int, *, hyphen: bool = True, use_and: bool = True) -> str:
    """English words for 0 <= n < 10**6 (the test's own oracle, independent of the parser)."""
    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append(_below_1000(thousands, hyphen, use_and) + " thousand")
    if rest:
        if thousands and rest < 100 and use_and:
            parts.append("and " + _below_100(rest, hyphen))
        else:
            parts.append(_below_1000(rest, hyphen, use_and))
    return " ".join(parts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25", Count(25, 25)),
        ("1,600", Count(1600, 1600)),
        ("10,000,000", Count(10_000_000, 10_000_000)),
        ("five", Count(5, 5)),
        ("Five", Count(5, 5)),
        ("twenty-five", Count(25, 25)),
        ("twenty five", Count(25, 25)),
        ("one hundred and twelve", Count(112, 112)),
        ("a hundred", Count(100, 100)),
        ("fifteen hundred", Count(1500, 1500)),
        ("two thousand", Count(2000, 2000)),
        ("two thousand and five", Count(2005, 2005)),
        ("a million", Count(10**6, 10**6)),
        ("2.5 million", Count(2_500_000, 2_500_000)),
        ("3 million", Count(3_000_000, 3_000_000)),
        ("25 thousand", Count(25_000, 25_000)),
        ("a dozen", Count(12, 12)),
        ("two dozen", Count(24, 24)),
        ("half a dozen", Count(6, 6)),
        ("a couple", Count(2, 2)),
        ("a couple of", Count(2, 2)),
        ("a total of 30", Count(30, 30)),
        ("a", Count(1, 1)),
        ("an", Count(1, 1)),
        ("one", Count(1, 1)),
        ("no one", Count(0, 0)),
        ("nobody", Count(0, 0)),
        ("none", Count(0, 0)),
        ("zero", Count(0, 0)),
    ],
)
def test_exact_counts(text: str, expected: Count) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("at least 12", 12, None),
        ("no fewer than 12", 12, None),
        ("12 or more", 12, None),
        ("20-plus", 20, None),
        ("30-odd", 30, None),
        ("more than 12", 13, None),
        ("over 12", 13, None),
        ("more than two dozen", 25, None),
        ("more than a dozen", 13, None),
        ("more than 1,200", 1201, None),
        ("nearly 100", 90, 99),
        ("almost 100", 90, 99),
        ("about 100", 90, 110),
        ("around 100", 90, 110),
        ("some 100", 90, 110),
        ("roughly 100", 90, 110),
        ("an estimated 500", 450, 550),
        ("about five", 4, 6),
        ("up to 20", 1, 20),
        ("as many as 20", 1, 20),
        ("fewer than 10", 1, 9),
        ("between 10 and 20", 10, 20),
        ("10 to 20", 10, 20),
        ("10-20", 10, 20),
        ("two or three", 2, 3),
        ("dozens", 24, None),
        ("dozens of", 24, None),
        ("scores", 40, None),
        ("hundreds", 200, None),
        ("thousands", 2000, None),
        ("many thousands", 2000, None),
        ("tens of thousands", 20_000, None),
        ("hundreds of thousands", 200_000, None),
        ("several hundred", 300, None),
        ("a few dozen", 24, None),
        ("several", 3, None),
        ("many", 3, None),
        ("numerous", 3, None),
        ("a few", 2, None),
        ("a handful", 2, None),
        ("a number of", 2, None),
    ],
)
def test_inexact_counts(text: str, low: int, high: int | None) -> None:
    count = parse_count(text)
    assert count is not None
    assert (count.min, count.max) == (low, high)
    assert count.vague in (text.lower(), text.lower().removesuffix(" of"))
    assert not count.exact


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soldiers",
        "2.5",
        "1990s",
        "M23",
        "$5",
        "5%",
        "10:30",
        "five-year-old",
        "COVID-19",
        "5km",
    ],
)
def test_not_counts(text: str) -> None:
    assert parse_count(text) is None


def test_find_counts_spans_and_skips() -> None:
    text = (
        "Clashes killed five Pakistani soldiers and 25 Taliban along the 1,600-mile border "
        "in October 2017, costing $5 million, 10% of the budget; dozens fled at 10:30."
    )
    found = find_counts(text)
    assert [text[start:end] for start, end, _ in found] == ["five", "25", "dozens"]
    assert [count.min for _, _, count in found] == [5, 25, 24]


def test_find_counts_leaves_articles_alone_by_default() -> None:
    assert find_counts("A soldier was killed") == []
    assert find_counts("A soldier was killed", determiners=True)[0][2] == Count(1, 1)


def test_from_to_is_a_change_not_a_range() -> None:
    found = find_counts("the toll rose from 50 to 100")
    assert [count.min for _, _, count in found] == [50, 100]


@given(st.integers(min_value=0, max_value=10**7))
def test_digits_with_commas_are_exact(n: int) -> None:
    assert parse_count(f"{n:,}") == Count(n, n)
    assert parse_count(str(n)) == Count(n, n)


@given(st.integers(min_value=0, max_value=10**6 - 1), st.booleans(), st.booleans())
def test_words_are_exact(n: int, hyphen: bool, use_and: bool) -> None:
    words = to_words(n, hyphen=hyphen, use_and=use_and)
    assert parse_count(words) == Count(n, n), words


@given(st.integers(min_value=0, max_value=10**7))
def test_at_least_is_open(n: int) -> None:
    assert parse_count(f"at least {n:,}") == Count(n, None, f"at least {n:,}")


@given(st.text())
def test_never_raises_and_intervals_are_ordered(text: str) -> None:
    count = parse_count(text)
    if count is not None:
        assert count.min >= 0
        assert count.max is None or count.min <= count.max
    for start, end, found in find_counts(text, determiners=True):
        assert 0 <= start < end <= len(text)
        assert found.max is None or found.min <= found.max


_PHRASES = st.sampled_from(
    ["at least", "more than", "nearly", "about", "up to", "fewer than", "", "some", "over"]
)


@given(_PHRASES, st.integers(min_value=0, max_value=10**6), st.text(max_size=20))
def test_qualified_counts_are_ordered_and_found(qualifier: str, n: int, noise: str) -> None:
    text = f"{noise} {qualifier} {n} people"
    for _, _, count in find_counts(text):
        assert count.max is None or count.min <= count.max
