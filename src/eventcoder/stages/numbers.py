"""Counts in news English: digits, number words, qualifiers and vague quantities.

``parse_count("at least 12")`` → ``Count(12, None, "at least 12")``; ``find_counts(sentence)``
finds every such phrase with its character span. Written by hand (no ``number-parser``) because
the vague words and qualifiers are the point: a count is an interval ``[min, max]`` where
``max=None`` means open, and ``vague`` keeps the words that made it inexact.

Choices for inexact phrases (floors are what a careful coder would defend, ceilings are left
open unless the phrase states one):

============================================  ===========================================
phrase                                        interval
============================================  ===========================================
"at least N", "no fewer than N", "N or more"  [N, open]
"more than N", "over N", "upwards of N"       [N+1, open]  ("more than two dozen" → 25)
"N-plus", "N+", "N-odd"                       [N, open]
"nearly N", "almost N", "close to N"          [N - d, N - 1], d = max(1, N // 10)
"about N", "around N", "some N", "roughly N"  [N - d, N + d], d = max(1, N // 10)
"up to N", "as many as N", "at most N"        [1, N]  (the phrase reports something that
                                              happened, so at least one; N = 0 gives [0, 0])
"fewer than N", "less than N", "under N"      [1, N - 1]
"between N and M", "N to M", "N-M", "N or M"  [N, M]  (only when M > N)
"a dozen", "two dozen", "half a dozen"        12, 24, 6 (exact)
"a couple (of)"                               2 (exact)
"a few", "a handful", "a number of"           [2, open]
"several", "many", "numerous"                 [3, open]
"dozens"                                      [24, open]
"scores"                                      [40, open]
"hundreds", "thousands", "millions"           [200, open], [2000, open], [2000000, open]
"tens of thousands", "hundreds of thousands"  [20000, open], [200000, open]
"several hundred", "a few thousand"           the quantifier's floor times the unit, open
"many thousands", "several hundreds"          the plural's floor ("thousands"), open
"a", "an" (``determiners=True`` only)         1
"no", "none", "no one", "nobody"              0 (``determiners=True`` only)
============================================  ===========================================

Things that look like numbers but are not counts are skipped by ``find_counts``: money ("$5"),
percentages, times and dates ("10:30", "5/6"), codes glued to letters ("M23", "F-16",
"COVID-19", "1990s", "5km"), compound adjectives ("five-year-old", "1,600-mile") and years after
"in", "since", a month name and the like.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from eventcoder.knowledge.calendar_words import MONTHS, YEAR_PREPOSITIONS

__all__ = ["Atom", "Count", "find_counts", "match_count", "parse_count", "tokenize"]


@dataclass(frozen=True, slots=True)
class Count:
    """An interval of possible values; ``max=None`` means no upper bound."""

    min: int
    max: int | None
    vague: str | None = None  # the words that made it inexact ("at least 12", "dozens")

    @property
    def exact(self) -> bool:
        return self.max == self.min


@dataclass(frozen=True, slots=True)
class Atom:
    """One token of a sentence: a word, a number in digits, or one punctuation character.

    Hyphenated words are split ("twenty-five" → twenty, -, five) and ``glued`` says the atom
    touches the previous one, so compounds can be told from separate words.
    """

    start: int
    end: int
    text: str
    low: str
    kind: Literal["word", "num", "punct"]
    glued: bool


_TOKEN = re.compile(
    r"(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)*)"
    r"|(?P<num>[0-9]+(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)?)"
    r"|(?P<punct>\S)"
)


def tokenize(text: str) -> list[Atom]:
    """Split ``text`` into atoms with their character offsets."""
    atoms: list[Atom] = []
    previous_end = -1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        assert kind in ("word", "num", "punct")
        atoms.append(
            Atom(
                match.start(),
                match.end(),
                match.group(),
                match.group().lower(),
                kind,  # type: ignore[arg-type]
                match.start() == previous_end,
            )
        )
        previous_end = match.end()
    return atoms


_UNITS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        [
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
    )
}
_TENS: dict[str, int] = {
    word: 10 * (value + 2)
    for value, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_SCALES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_DIGIT_SCALES: dict[str, int] = {"hundred": 100, **_SCALES}
_HALVES: dict[str, int] = {"dozen": 6, "hundred": 50, "thousand": 500, "million": 500_000}

# Vague quantities as (words, floor, needs a following "of"). Longest entries first, so
# "hundreds of thousands" wins over "hundreds".
_VAGUE: tuple[tuple[tuple[str, ...], int, bool], ...] = tuple(
    sorted(
        (
            (("tens", "of", "thousands"), 20_000, False),
            (("hundreds", "of", "thousands"), 200_000, False),
            (("tens", "of", "millions"), 20_000_000, False),
            (("hundreds", "of", "millions"), 200_000_000, False),
            (("tens",), 20, True),
            (("dozens",), 24, False),
            (("scores",), 40, False),
            (("hundreds",), 200, False),
            (("thousands",), 2000, False),
            (("millions",), 2_000_000, False),
            (("a", "few"), 2, False),
            (("a", "handful"), 2, False),
            (("a", "number"), 2, True),
            (("several",), 3, False),
            (("many",), 3, False),
            (("numerous",), 3, False),
        ),
        key=lambda entry: -len(entry[0]),
    )
)
# Vague quantifiers that multiply a following unit: "several hundred", "a few dozen".
_QUANTIFIERS: dict[tuple[str, ...], int] = {
    ("a", "few"): 2,
    ("several",): 3,
    ("many",): 3,
    ("a", "couple"): 2,
    ("a", "couple", "of"): 2,
}
_UNIT_WORDS: dict[str, int] = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 10**6}
_PLURAL_FLOORS: dict[str, int] = {
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2_000_000,
}

Qualifier = Literal["min", "above", "near", "about", "upto", "below", "between", "plain"]
_QUALIFIERS: tuple[tuple[tuple[str, ...], Qualifier], ...] = tuple(
    sorted(
        (
            (phrase.split(), kind)
            for kind, phrases in (
                ("min", "at least|no fewer than|no less than|not less than|a minimum of"),
                (
                    "above",
                    "more than|over|upwards of|in excess of|above|greater than|well over|"
                    "well above|just over|slightly more than|a little over|well more than|"
                    "far more than|much more than",
                ),
                ("near", "nearly|almost|close to|just under|just short of|just shy of"),
                (
                    "about",
                    "about|around|some|roughly|approximately|an estimated|estimated|"
                    "approx|circa|an approximate|something like|or so",
                ),
                ("upto", "up to|as many as|at most|no more than|not more than|a maximum of"),
                ("below", "fewer than|less than|under|below"),
                ("between", "between"),
                ("plain", "a total of"),
            )
            for phrase in phrases.split("|")
            if phrase != "or so"
        ),
        key=lambda entry: -len(entry[0]),
    )
)
_ZEROS: tuple[tuple[str, ...], ...] = (
    ("not", "a", "single"),
    ("not", "one"),
    ("no", "one"),
    ("nobody",),
    ("none",),
    ("no",),
)
# After "a", these words mean the article does not count anything by itself.
# Words after which "him"/"her" is a person, not a possessive: "killing her in her home".
_AFTER_ONE = frozenset(
    ("and", "in", "on", "at", "near", "with", "while", "after", "before", "inside", "outside")
)
_NOT_ONE_AFTER_A = frozenset(
    [
        "few",
        "lot",
        "lots",
        "little",
        "bit",
        "further",
        "total",
        "number",
        "handful",
        "couple",
        "dozen",
        "score",
        "hundred",
        "thousand",
        "million",
        "billion",
        "half",
        "quarter",
        "third",
        "majority",
        "minority",
        "fraction",
        "series",
        "range",
        "host",
        "variety",
        "slew",
        "string",
        "spate",
        "wave",
    ]
)
_CURRENCY = frozenset("$£€¥₹#")


# Checked before trying every qualifier, vague quantity or zero at a word: most words start
# none, and the scans of every phrase at every word were the stage's largest own cost.
_QUALIFIER_FIRST_WORDS = frozenset(words[0] for words, _ in _QUALIFIERS)
_VAGUE_FIRST_WORDS = frozenset(
    [words[0] for words in _QUANTIFIERS] + [words[0] for words, _, _ in _VAGUE]
)
_ZERO_FIRST_WORDS = frozenset(words[0] for words in _ZEROS)


def _low(atoms: Sequence[Atom], i: int) -> str:
    return atoms[i].low if 0 <= i < len(atoms) else ""


def _glued_hyphen(atoms: Sequence[Atom], i: int) -> bool:
    """True when atoms[i] is a hyphen joining atoms[i-1] and atoms[i+1] into one word."""
    return (
        0 < i < len(atoms) - 1 and atoms[i].text in "-‐‑" and atoms[i].glued and atoms[i + 1].glued
    )


def _seq(atoms: Sequence[Atom], i: int, words: Sequence[str]) -> bool:
    return all(_low(atoms, i + k) == word for k, word in enumerate(words))


def _sub100(atoms: Sequence[Atom], i: int) -> tuple[int, int] | None:
    """1..99 in words ("seven", "forty", "forty-two", "forty two"): (end, value)."""
    word = _low(atoms, i)
    if word in _UNITS and word != "zero":
        return i + 1, _UNITS[word]
    if word not in _TENS:
        return None
    value = _TENS[word]
    if _glued_hyphen(atoms, i + 1) and 1 <= _UNITS.get(_low(atoms, i + 2), 0) <= 9:
        return i + 3, value + _UNITS[_low(atoms, i + 2)]
    if 1 <= _UNITS.get(_low(atoms, i + 1), 0) <= 9 and not atoms[i + 1].glued:
        return i + 2, value + _UNITS[_low(atoms, i + 1)]
    return i + 1, value


def _sub1000(atoms: Sequence[Atom], i: int) -> tuple[int, int] | None:
    """1..999 (and "fifteen hundred"): (end, value)."""
    if _low(atoms, i) == "a" and _low(atoms, i + 1) == "hundred":
        end, value = i + 1, 1
    else:
        found = _sub100(atoms, i)
        if found is None:
            return None
        end, value = found
    if _low(atoms, end) != "hundred":
        return end, value
    value, end = value * 100, end + 1
    rest = end + 1 if _low(atoms, end) == "and" else end
    tail = _sub100(atoms, rest)
    if tail is not None:
        end, value = tail[0], value + tail[1]
    return end, value


def _words(atoms: Sequence[Atom], i: int) -> tuple[int, int] | None:
    """A whole number in words ("one hundred and twelve thousand and five"): (end, value)."""
    if _low(atoms, i) == "zero":
        return i + 1, 0
    total, end, last_scale = 0, i, None
    while True:
        if _low(atoms, end) == "a" and _low(atoms, end + 1) in _SCALES:
            group: tuple[int, int] | None = (end + 1, 1)
        else:
            group = _sub1000(atoms, end)
        if group is None:
            break
        group_end, value = group
        scale = _SCALES.get(_low(atoms, group_end))
        if scale is not None and (last_scale is None or scale < last_scale):
            total += value * scale
            end, last_scale = group_end + 1, scale
            # "two thousand and five": "and" joins only a final group below a hundred.
            if _low(atoms, end) == "and":
                tail = _sub100(atoms, end + 1)
                if tail is not None and _low(atoms, tail[0]) not in (*_SCALES, "hundred"):
                    total += tail[1]
                    end = tail[0]
                    break
            continue
        total += value
        end = group_end
        break
    return (end, total) if end > i else None


def _digits(atoms: Sequence[Atom], i: int) -> tuple[int, int] | None:
    """Digits, with a scale word where one follows ("2.5 million"): (end, value)."""
    if i >= len(atoms) or atoms[i].kind != "num":
        return None
    value = Fraction(atoms[i].text.replace(",", ""))
    end = i + 1
    scale = _DIGIT_SCALES.get(_low(atoms, end))
    if scale is not None and not atoms[end].glued:
        value, end = value * scale, end + 1
    if value.denominator != 1:
        return None  # "2.5" alone is a measurement, not a count
    return end, int(value)


def _exact(atoms: Sequence[Atom], i: int) -> tuple[int, int] | None:
    """An exact number in digits or words, times "dozen" where it follows: (end, value)."""
    if _seq(atoms, i, ("half", "a")) and _low(atoms, i + 2) in _HALVES:
        return i + 3, _HALVES[_low(atoms, i + 2)]
    if _seq(atoms, i, ("a", "dozen")):
        return i + 2, 12
    if _seq(atoms, i, ("a", "score", "of")):
        return i + 2, 20
    if _seq(atoms, i, ("a", "couple")):
        # "a couple of hundred" is vague (see _vague); "a couple (of)" alone is two.
        unit = _low(atoms, i + 3) if _low(atoms, i + 2) == "of" else _low(atoms, i + 2)
        return (i + 2, 2) if unit not in _UNIT_WORDS else None
    found = _digits(atoms, i) or _words(atoms, i)
    if found is None:
        return None
    end, value = found
    if _low(atoms, end) == "dozen":
        end, value = end + 1, value * 12
    elif _glued_hyphen(atoms, end) and _low(atoms, end + 1) == "dozen":
        end, value = end + 2, value * 12
    return end, value


def _vague(atoms: Sequence[Atom], i: int) -> tuple[int, int] | None:
    """A vague quantity ("dozens", "several hundred", "many thousands"): (end, floor)."""
    if _low(atoms, i) not in _VAGUE_FIRST_WORDS:
        return None
    for words, floor in _QUANTIFIERS.items():
        if not _seq(atoms, i, words):
            continue
        unit = _low(atoms, i + len(words))
        if unit in _UNIT_WORDS:
            return i + len(words) + 1, floor * _UNIT_WORDS[unit]
        if unit in _PLURAL_FLOORS:
            return i + len(words) + 1, _PLURAL_FLOORS[unit]
    for words, floor, needs_of in _VAGUE:
        if not _seq(atoms, i, words):
            continue
        if not needs_of:
            return i + len(words), floor
        if _low(atoms, i + len(words)) == "of":
            return i + len(words) + 1, floor  # "a number of": the "of" is part of the phrase
    return None


def _core(atoms: Sequence[Atom], i: int, determiners: bool) -> tuple[int, int, int | None] | None:
    """The quantity itself, without qualifiers: (end, min, max)."""
    exact = _exact(atoms, i)
    if exact is not None:
        return exact[0], exact[1], exact[1]
    vague = _vague(atoms, i)
    if vague is not None:
        return vague[0], vague[1], None
    if not determiners:
        return None
    word = _low(atoms, i)
    if word in ("a", "an") and _low(atoms, i + 1) not in _NOT_ONE_AFTER_A:
        return i + 1, 1, 1
    if word in ("him", "her") and (
        i + 1 >= len(atoms) or atoms[i + 1].kind != "word" or _low(atoms, i + 1) in _AFTER_ONE
    ):
        # "opened fire on a civilian, killing him": one person (never "her two sons").
        return i + 1, 1, 1
    if word in _ZERO_FIRST_WORDS:
        for words in _ZEROS:
            if _seq(atoms, i, words):
                return i + len(words), 0, 0
    return None


def _delta(n: int) -> int:
    return max(1, n // 10)


def _qualify(kind: Qualifier, low: int, high: int | None) -> tuple[int, int | None]:
    """Apply a qualifier to a core interval. Vague cores keep their floor whatever the word."""
    if high is None or low != high:
        return low, high
    n = low
    if kind == "min":
        return n, None
    if kind == "above":
        return n + 1, None
    if kind == "near":
        return (max(0, n - _delta(n)), n - 1) if n > 0 else (0, 0)
    if kind == "about":
        return (max(0, n - _delta(n)), n + _delta(n)) if n > 0 else (0, 0)
    if kind == "upto":
        return min(1, n), n
    if kind == "below":
        return (1, n - 1) if n >= 2 else (0, 0)
    return n, n


def _range_tail(
    atoms: Sequence[Atom], i: int, start: int, low: int, joiner_words: tuple[str, ...]
) -> tuple[int, int] | None:
    """ "to 20", "-20", "or three" after an exact count: (end, high) when high > low."""
    joiner = _low(atoms, i)
    if joiner not in joiner_words:
        return None
    if joiner == "to" and _low(atoms, start - 1) == "from":
        return None  # "rose from 50 to 100" is a change, not a range
    other = _exact(atoms, i + 1)
    if other is None or other[1] <= low:
        return None
    return other


def _postfix(atoms: Sequence[Atom], i: int) -> tuple[int, Qualifier] | None:
    """ "or more", "or so", "-plus", "+", "-odd" after an exact count."""
    if _seq(atoms, i, ("or", "more")) or _seq(atoms, i, ("or", "over")):
        return i + 2, "min"
    if _seq(atoms, i, ("or", "so")):
        return i + 2, "about"
    if _low(atoms, i) == "+" and atoms[i].glued:
        return i + 1, "min"
    if _glued_hyphen(atoms, i) and _low(atoms, i + 1) in ("plus", "odd"):
        return i + 2, "min"
    if _low(atoms, i) == "plus" and not _exact(atoms, i + 1):
        return i + 1, "min"
    return None


def _plausible(atoms: Sequence[Atom], i: int, end: int) -> bool:
    """False for numbers that are parts of codes, money, times, compounds or years."""
    first, last = atoms[i], atoms[end - 1]
    if first.glued and i > 0:
        before = atoms[i - 1]
        if before.kind != "punct" or before.text in _CURRENCY or before.text in "-‐‑/:.":
            return False
    if end < len(atoms):
        after = atoms[end]
        if after.glued and (
            after.kind != "punct" or after.text in "%/:" or _glued_hyphen(atoms, end)
        ):
            return False
        if after.low in ("percent", "%") or _seq(atoms, end, ("per", "cent")):
            return False
    if i > 0 and atoms[i - 1].low in ("us", "usd", "rs", "dollars", "euros"):
        return False
    if (
        first is last
        and first.kind == "num"
        and re.fullmatch(r"1[89][0-9]{2}|20[0-9]{2}", first.text)
    ):
        before = _low(atoms, i - 1)
        if before in MONTHS or before in YEAR_PREPOSITIONS or before == ",":
            return False
    return True


def _phrase(atoms: Sequence[Atom]) -> str:
    """The atoms as lower-case text, one space where the source had any (works on atom lists
    with gaps, such as a sentence with a parenthetical set aside)."""
    return "".join(
        atom.low if atom.glued or k == 0 else " " + atom.low for k, atom in enumerate(atoms)
    )


def match_count(
    atoms: Sequence[Atom], i: int, *, determiners: bool = False
) -> tuple[int, Count] | None:
    """The longest count phrase starting at atom ``i``: (end atom index, Count), or None.

    ``determiners`` lets "a"/"an" count as one and "no"/"none"/"no one" as zero; leave it off
    when scanning free text, where nearly every "a" would otherwise be a count.
    """
    if i >= len(atoms) or (atoms[i].glued and i > 0 and _glued_hyphen(atoms, i - 1)):
        return None
    candidates: list[tuple[int, Qualifier]] = (
        [(i + len(words), kind) for words, kind in _QUALIFIERS if _seq(atoms, i, words)]
        if atoms[i].low in _QUALIFIER_FIRST_WORDS
        else []
    )
    candidates.append((i, "plain"))
    for core_start, kind in candidates:
        core = _core(atoms, core_start, determiners)
        if core is None:
            continue
        end, low, high = core
        if kind == "between":
            if low != high or _low(atoms, end) != "and":
                continue
            tail = _exact(atoms, end + 1)
            if tail is None or tail[1] < low:
                continue
            end, high = tail
        elif low == high and kind == "plain":
            tail = _range_tail(atoms, end, i, low, ("to", "-", "–", "—", "or"))
            postfix = _postfix(atoms, end)
            if tail is not None:
                end, high = tail
            elif postfix is not None:
                end, (low, high) = postfix[0], _qualify(postfix[1], low, high)
        else:
            low, high = _qualify(kind, low, high)
        if not _plausible(atoms, i, end):
            return None
        exact = high == low and kind in ("plain",) and core[1] == core[2]
        words = _phrase(atoms[i:end])
        return end, Count(low, high, None if exact else words)
    return None


def find_counts(text: str, *, determiners: bool = False) -> list[tuple[int, int, Count]]:
    """Every count phrase in ``text`` as (start, end, Count), left to right, not overlapping."""
    atoms = tokenize(text)
    found: list[tuple[int, int, Count]] = []
    i = 0
    while i < len(atoms):
        match = match_count(atoms, i, determiners=determiners)
        if match is None:
            i += 1
            continue
        end, count = match
        found.append((atoms[i].start, atoms[end - 1].end, count))
        i = end
    return found


def parse_count(text: str) -> Count | None:
    """The count ``text`` states as a whole ("at least 12", "dozens", "a"), else None."""
    atoms = tokenize(text)
    while atoms and atoms[-1].kind == "punct" and atoms[-1].text in ".,;:!?":
        atoms.pop()
    if not atoms:
        return None
    match = match_count(atoms, 0, determiners=True)
    if (match is None or match[0] != len(atoms)) and len(atoms) > 1 and atoms[-1].low == "of":
        # "dozens of", "a couple of": the "of" opens what is counted.
        match = match_count(atoms[:-1], 0, determiners=True)
        atoms = atoms[:-1]
    if match is None or match[0] != len(atoms):
        return None
    return match[1]
