"""Find time expressions in text and resolve them against the publication date.

The rules (``shared/DESIGN.md``, "Dates"):

* A weekday in past or neutral context is the most recent such day *on or before* publication
  ("on Wednesday" published on a Wednesday is that day); in future context (``future=True``,
  decided by the caller from the verb) it is the next such day *on or after* publication, so
  "on Sunday" in a future clause published on a Sunday is that same Sunday: the report cannot
  tell "later today" from "in a week", and the same day is the nearer reading.
* "last/next <weekday>" is strictly before/after publication, whatever the tense.
* Weeks start on Monday. "last week" is the previous Monday..Sunday; "this week" and "earlier
  this week" run from this week's Monday to publication (a window inside both the Monday-start
  and the Sunday-start reading, so it is right under either convention).
* "weekend" is Friday..Sunday: the weekend in progress on a Saturday or Sunday, else the last
  completed one (the next one in future context).
* Dates without a year ("October 19", "in August") are the nearest such date or month on or
  before publication (on or after it in future context). A period that contains the
  publication date is cut at it: "this month" in a past clause is the 1st..publication.
* "recent weeks" is six weeks back, "recent days" seven days, "recent months" six months,
  "recent years" five years, all ending at publication.

Resolution is regex plus calendar arithmetic, with no parser library: ``dateparser``'s
``PREFER_DATES_FROM='past'`` moves a same-day weekday a week early, and it is far too slow to
run on every sentence.
"""

from __future__ import annotations

import calendar
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from eventcoder.knowledge.calendar_words import MONTHS, WEEKDAYS, YEAR_CUES
from eventcoder.model import DateBasis, DateInterval, Precision, Span, TimeMention

__all__ = ["find_caption_date", "find_times", "resolve"]

# --- vocabulary ------------------------------------------------------------------------------


# Month names that are also common English words: alone they are only a month with a cue
# ("in May", "since March"), never at the start of "May God ..." or "March organisers said".
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}

# Vague counts as (fewest, most): "a few days ago" is 2 to 5 days ago.
_VAGUE_COUNTS: dict[str, tuple[int, int]] = {
    "couple": (2, 2),
    "few": (2, 5),
    "several": (3, 7),
}

# How far back "recent X" / "past few X" reach, in units of X (the seed gold accepts six weeks
# for "recent weeks").
_RECENT_SPAN: dict[str, int] = {"day": 7, "week": 6, "month": 6, "year": 5}

# Words after a four-digit number that make it a quantity, not a year ("the 2000 troops").
_QUANTITY_NOUNS = frozenset(
    {
        "people",
        "troops",
        "soldiers",
        "civilians",
        "fighters",
        "men",
        "women",
        "children",
        "refugees",
        "migrants",
        "prisoners",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "metres",
        "meters",
        "feet",
        "tonnes",
        "tons",
        "hectares",
        "dollars",
        "euros",
        "units",
        "homes",
        "houses",
        "cases",
        "deaths",
    }
)


# --- regex building blocks -------------------------------------------------------------------

_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MON_NAMES = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec"
)
_YEAR = r"(?:19|20)\d\d"
_DAY = r"[0-3]?\d"
_ORD = r"(?:st|nd|rd|th)?"
_NUM = (
    r"\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty"
)
_VAGUE = r"(?:a\s+)?(?:few|couple\s+of|several)"
# Patterns are written in lower case and run on an ASCII-lowercased copy of the text (same
# length, so offsets agree): without IGNORECASE, sre can skip ahead on first characters and
# fail alternatives on one character compare, which makes matching several times faster.
_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

# "on Monday", "early on Wednesday", "late Tuesday", "Wednesday night", "last Thursday",
# "on Monday last week", "since Saturday".
_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<mod>early|late|earlier|later)\s+(?:on\s+)?|(?P<pre>on|since)\s+)?"
    r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|past|coming)\s+)?"
    + _WD
    + r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?:,?\s+(?P<wk>last|next|this)\s+week\b)?"
    r"(?!\w)",
)

# "today", "yesterday", "tonight", "last night", "this morning", "overnight".
_DAYWORD_RE = re.compile(
    r"\b(?:(?:earlier|later|early|late)\s+)?"
    r"(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday"
    r"|tomorrow|tonight|overnight|last\s+night|this\s+(?:morning|afternoon|evening))"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b",
)

# "this week", "last month", "earlier this year", "late last year", "earlier in the week",
# "next week", "the end of the month".
_PERIOD_RE = re.compile(
    r"\b(?:(?P<pre>since|in|during|over|at|by|for)\s+)?"
    r"(?:(?P<mod>earlier|later|early|late|mid|(?:the\s+)?(?:end|start|beginning|middle)\s+of)"
    r"[\s-]+(?:in\s+)?)?"
    r"(?P<rel>this\s+past|this\s+coming|this|last|next|the|current|the\s+current)\s+"
    r"(?P<unit>week|month|year)\b(?!\s*-)",
)

# "weekend", "this weekend", "last weekend", "over the weekend".
_WEEKEND_RE = re.compile(
    r"\b(?:(?:over|during|at|on|in|for)\s+)?"
    r"(?:(?P<rel>this\s+past|this\s+coming|this|last|next|past|previous|coming|the|a)\s+)?"
    r"weekend\b",
)

# "recent weeks", "in recent days", "the past two weeks", "past year", "the last few months".
_RECENT_RE = re.compile(
    r"\b(?:(?:in|over|during|for|within|throughout)\s+)?"
    r"(?:(?P<rec>recent)|(?P<the>the\s+)?(?P<rel>past|last|previous)(?:\s+(?P<n>" + _NUM + r"|"
    r"(?:a\s+)?few|couple\s+of|a\s+couple\s+of|several))?)"
    r"\s+(?P<unit>days?|weeks?|months?|years?)\b",
)

# "in the coming weeks", "the next few days", "in the next two months".
_COMING_RE = re.compile(
    r"\b(?:(?:in|over|during|within|for)\s+)?(?:the\s+)?(?P<rel>coming|next|upcoming)"
    r"(?:\s+(?P<n>" + _NUM + r"|(?:a\s+)?few|couple\s+of|a\s+couple\s+of|several))?"
    r"\s+(?P<unit>days?|weeks?|months?|years?)\b",
)

# "two days ago", "a week ago", "a few years ago"; "two years back", as Indian and other
# Englishes say it.
_AGO_RE = re.compile(
    r"\b(?P<n>" + _NUM + r"|" + _VAGUE + r")\s+(?P<unit>days?|weeks?|months?|years?)"
    r"\s+(?:ago|back)\b",
)

# "October 19", "Oct. 19, 2021", "Saturday, October 19", "October 19-21", "since October 19".
_MONTH_DAY_RE = re.compile(
    r"\b(?:(?P<pre>since|on)\s+)?(?:" + _WD + r",?\s+)?"
    r"(?P<mon>" + _MON_NAMES + r")(?:\.|\b)\s*"
    r"(?P<day>" + _DAY + r")" + _ORD + r"(?:\s*[-–]\s*(?P<day2>" + _DAY + r")" + _ORD + r")?"
    r"(?![\d%])(?!,\d)(?!\.\d)"
    r"(?:,?\s+(?P<year>" + _YEAR + r")(?![\d%]|,\d))?",
)

# "19 October", "7 September 2021", "the 19th of October", "19-21 October".
_DAY_MONTH_RE = re.compile(
    r"(?<![\d,.$])\b(?:(?P<pre>since|on)\s+)?(?:" + _WD + r",?\s+)?(?:the\s+)?"
    r"(?P<day>" + _DAY + r")" + _ORD + r"(?:\s*[-–]\s*(?P<day2>" + _DAY + r")" + _ORD + r")?"
    r"\s+(?:of\s+)?(?P<mon>" + _MON_NAMES + r")\b"
    r"(?:\.?,?\s+(?P<year>" + _YEAR + r")(?![\d%]|,\d))?",
)

# "2021-09-07".
_ISO_RE = re.compile(r"(?<![\d-])(?P<y>" + _YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])")

# "on 27/06", "dated 22/06", "on 12/03/2024", "on 3/12/24": a day written in numbers, read day
# first or month first, whichever the numbers and the publication date allow. Without a year it
# needs a word that introduces a date, because a bare pair is as often a ratio, a score or "24/7".
_NUMERIC_DAY = r"(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<year>(?:19|20)?\d\d))?"
_NUMERIC_DAY_RE = re.compile(
    r"(?:\b(?P<pre>on|since|dated|from|until|till|by)\s+)?(?<![\d/.,])"
    + _NUMERIC_DAY
    + r"(?![\d/]|\.\d|,\d)"
)
NUMERIC_DAY_TOKEN = re.compile(_NUMERIC_DAY)
"""A day in numbers as one token ("27/06", "12/03/2024"), whatever introduces it."""

# "on the 19th": a day of the current (or the previous) month.
_ORDINAL_DAY_RE = re.compile(
    r"\bon\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"
    r"(?!\s+(?:of\s+)?(?:" + _MON_NAMES + r"|century|centuries|anniversary|floor|day|time)\b)",
)

# "in October", "October 2021", "early October", "in May last year", "last October",
# "since December", "the end of June".
_MONTH_RE = re.compile(
    r"\b(?:(?P<pre>in|since|during|by|until|through|of|throughout)\s+)?"
    r"(?:(?P<mod>early|mid|late|(?:the\s+)?(?:end|start|beginning|middle)\s+of)[\s-]+)?"
    r"(?:(?P<rel>last|next|this)\s+)?"
    r"(?P<mon>" + _MON_NAMES + r")\b(?!\.?\s*\d{1,2}(?!\d))"
    r"(?:\.?,?\s+(?:of\s+)?(?P<year>" + _YEAR + r")(?![\d%]|,\d)"
    r"|\s+(?P<yrel>last|this|next)\s+year\b)?",
)

# "in 2021", "since 2021", "the 2019 overthrow", "mid-2021", "the 1990s", "2019-2021".
_YEAR_RE = re.compile(
    r"(?<![\w$€£.,/-])(?:(?P<pre>in|since|during|by|until|through|of|throughout)\s+)?"
    r"(?:(?P<mod>early|mid|late|(?:the\s+)?(?:end|start|beginning|middle)\s+of)[\s-]+)?"
    r"(?<![\d$€£.,/])(?P<year>" + _YEAR + r")(?P<decade>s)?"
    r"(?:\s*[-–/]\s*(?P<year2>(?:19|20)?\d\d)(?!\d))?"
    r"(?![\d%])(?![.,]\d)(?!-[a-z])(?!'\d)",
)

# "between 2019 and 2021", "from 2019 to 2021".
_YEAR_SPAN_RE = re.compile(
    r"\b(?:between|from)\s+(?P<year>" + _YEAR + r")\s+(?:and|to|until|through)\s+"
    r"(?P<year2>" + _YEAR + r")(?![\d%]|,\d)",
)

# "last summer", "in the spring of 2021", "autumn 2021".
_SEASON_RE = re.compile(
    r"\b(?:(?P<pre>in|since|during|by|until|through|throughout|over)\s+)?(?:the\s+)?"
    r"(?:(?P<mod>early|mid|late)[\s-]+)?(?:(?P<rel>this\s+past|this|last|next|past|coming)\s+)?"
    r"(?P<season>spring|summer|autumn|fall|winter)\b"
    r"(?:\s+(?:of\s+)?(?P<year>" + _YEAR + r")(?![\d%]|,\d))?",
)

# A caption ends in its date, perhaps followed by a credit in parentheses.
_CAPTION_TAIL_RE = re.compile(
    r"(?:(?P<mon>" + _MON_NAMES + r")\.?\s+(?P<day>" + _DAY + r")" + _ORD + r",?\s+"
    r"(?P<year>" + _YEAR + r")"
    r"|(?P<day_b>" + _DAY + r")" + _ORD + r"\s+(?P<mon_b>" + _MON_NAMES + r")\.?,?\s+"
    r"(?P<year_b>" + _YEAR + r")"
    r"|(?P<iso>" + _YEAR + r"-[01]\d-[0-3]\d))"
    r"\s*[.;]?\s*(?:\([^()]*\)\s*[.;]?\s*)*$",
)

_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)[\s-]*$")
_WORD_AFTER_RE = re.compile(r"^\s+([A-Za-z]+)")


# --- calendar arithmetic ---------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _minus_months(day: date, months: int) -> date:
    year, month = _shift_month(day.year, day.month, -months)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _plus_months(day: date, months: int) -> date:
    return _minus_months(day, -months)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _fit(earliest: date, latest: date, published: date, future: bool) -> tuple[date, date]:
    """Cut a period that contains the publication date at it, on the side the tense rules out.

    A past clause cannot describe the part of "this month" after publication, nor a future
    clause the part before it. Periods wholly on one side are left alone.
    """
    if earliest <= published <= latest:
        if future:
            return published, latest
        return earliest, published
    return earliest, latest


def _part(earliest: date, latest: date, mod: str) -> tuple[date, date]:
    """The early / middle / late third of a period.

    Periods of whole months split on month boundaries ("late 2019" is September to December,
    "early summer" is June); shorter ones by days ("early October" is the 1st to the 10th).
    """
    mod = " ".join(mod.lower().replace("the ", "").split())
    months = (latest.year - earliest.year) * 12 + latest.month - earliest.month + 1
    if earliest.day == 1 and latest == _month_end(latest.year, latest.month) and months >= 3:
        third = months // 3
        bounds = {
            "early": (0, third),
            "mid": (third, months - third),
            "late": (months - third, months),
        }
        key = {"start of": "early", "beginning of": "early", "middle of": "mid", "end of": "late"}
        first, stop = bounds.get(key.get(mod, mod), (0, months))
        y1, m1 = _shift_month(earliest.year, earliest.month, first)
        y2, m2 = _shift_month(earliest.year, earliest.month, stop - 1)
        return date(y1, m1, 1), _month_end(y2, m2)
    days = (latest - earliest).days + 1
    third = max(days // 3, 1)
    if mod in {"early", "start of", "beginning of"}:
        return earliest, earliest + timedelta(days=third - 1)
    if mod in {"mid", "middle of"}:
        return earliest + timedelta(days=third), latest - timedelta(days=days - 2 * third)
    if mod in {"late", "end of"}:
        return earliest + timedelta(days=2 * third), latest
    return earliest, latest


def _count(word: str | None) -> tuple[int, int] | None:
    """(fewest, most) for a count word: "two" is (2, 2), "a few" is (2, 5)."""
    if word is None:
        return None
    key = " ".join(word.lower().split())
    key = key.removeprefix("a ").removesuffix(" of")
    if key.isdigit():
        n = int(key)
        return (n, n) if n > 0 else None
    if key in _VAGUE_COUNTS:
        return _VAGUE_COUNTS[key]
    if key in NUMBER_WORDS:
        n = NUMBER_WORDS[key]
        return n, n
    if word.lower().strip() in {"a", "an"}:
        return 1, 1
    return None


def _unit(word: str) -> str:
    return word.lower().removesuffix("s")


def _back(published: date, n: int, unit: str) -> date:
    if unit == "day":
        return published - timedelta(days=n)
    if unit == "week":
        return published - timedelta(weeks=n)
    if unit == "month":
        return _minus_months(published, n)
    return _minus_months(published, 12 * n)


def _is_capitalised(text: str, match: re.Match[str], group: str) -> bool:
    """Names of days and months are capitalised in news text; "march" or "may" are not names.

    Matching runs on lowercased text, so the original ``text`` is asked.
    """
    return text[match.start(group)].isupper()


# --- handlers: one per pattern, each (match, text, published, future) -> interval | None ----


@dataclass(frozen=True, slots=True)
class _Resolved:
    earliest: date
    latest: date
    precision: Precision
    basis: DateBasis


_Handler = Callable[[re.Match[str], str, date, bool], "_Resolved | None"]


def _since(resolved: _Resolved, published: date) -> _Resolved:
    """ "since X" runs from the start of X to publication."""
    return _Resolved(
        resolved.earliest, max(published, resolved.earliest), Precision.RANGE, resolved.basis
    )


def _weekday(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    if not _is_capitalised(text, match, "wd"):
        return None
    wd = WEEKDAYS[match.group("wd")]
    rel = " ".join((match.group("rel") or "").lower().split())
    week = (match.group("wk") or "").lower()
    if week:
        # "Monday last week" names a day of a calendar week, not the nearest Monday.
        shift = {"last": -1, "this": 0, "next": 1}[week]
        day = _monday(published) + timedelta(weeks=shift, days=wd)
    elif rel in {"last", "past", "this past"}:
        day = published - timedelta(days=(published.weekday() - wd - 1) % 7 + 1)
    elif rel in {"next", "coming", "this coming"}:
        day = published + timedelta(days=(wd - published.weekday() - 1) % 7 + 1)
    elif future:
        day = published + timedelta(days=(wd - published.weekday()) % 7)
    else:
        day = published - timedelta(days=(published.weekday() - wd) % 7)
    resolved = _Resolved(day, day, Precision.DAY, DateBasis.RELATIVE)
    if match.group("pre") and match.group("pre").lower() == "since":
        return _since(resolved, published)
    return resolved


def _dayword(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    word = " ".join(match.group("w").lower().split())
    one = timedelta(days=1)
    if word == "yesterday" or word == "last night":
        # "last night" is the evening before a morning report: the day before publication.
        day = published - one
        return _Resolved(day, day, Precision.DAY, DateBasis.RELATIVE)
    if word == "the day before yesterday":
        day = published - 2 * one
        return _Resolved(day, day, Precision.DAY, DateBasis.RELATIVE)
    if word == "tomorrow":
        day = published + one
        return _Resolved(day, day, Precision.DAY, DateBasis.RELATIVE)
    if word == "the day after tomorrow":
        day = published + 2 * one
        return _Resolved(day, day, Precision.DAY, DateBasis.RELATIVE)
    if word == "overnight":
        # The night that ends on publication morning, or the coming one in a future clause.
        if future:
            return _Resolved(published, published + one, Precision.RANGE, DateBasis.RELATIVE)
        return _Resolved(published - one, published, Precision.RANGE, DateBasis.RELATIVE)
    return _Resolved(published, published, Precision.DAY, DateBasis.RELATIVE)


def _period(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    rel = " ".join(match.group("rel").lower().split())
    unit = match.group("unit").lower()
    mod = " ".join((match.group("mod") or "").lower().split())
    if rel == "the":
        # "the week" alone is some week the story told of; only "earlier/later in the week"
        # and "the end of the month" style phrases point at the current period.
        if not mod:
            return None
        rel = "this"
    shift = {
        "this": 0,
        "current": 0,
        "the current": 0,
        "last": -1,
        "this past": -1,
        "next": 1,
        "this coming": 1,
    }[rel]
    if unit == "week":
        start = _monday(published) + timedelta(weeks=shift)
        earliest, latest = start, start + timedelta(days=6)
        precision = Precision.WEEK
    elif unit == "month":
        year, month = _shift_month(published.year, published.month, shift)
        earliest, latest = date(year, month, 1), _month_end(year, month)
        precision = Precision.MONTH
    else:
        year = published.year + shift
        earliest, latest = date(year, 1, 1), date(year, 12, 31)
        precision = Precision.YEAR
    tense = future or shift > 0
    if mod == "earlier" and shift == 0:
        earliest, latest = earliest, published
        tense = False
        precision = Precision.RANGE
    elif mod == "later" and shift == 0:
        earliest, latest = published, latest
        tense = True
        precision = Precision.RANGE
    elif mod in {"earlier", "later"}:
        earliest, latest = _part(earliest, latest, "early" if mod == "earlier" else "late")
        precision = Precision.RANGE
    elif mod:
        earliest, latest = _part(earliest, latest, mod)
        precision = Precision.RANGE
    if shift < 0:
        tense = False
    earliest, latest = _fit(earliest, latest, published, tense)
    resolved = _Resolved(earliest, latest, precision, DateBasis.RELATIVE)
    if (match.group("pre") or "").lower() == "since":
        return _since(resolved, published)
    return resolved


def _weekend(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    rel = " ".join((match.group("rel") or "").lower().split())
    weekday = published.weekday()
    in_weekend = weekday >= 5  # Saturday or Sunday: a weekend is under way
    backward = {"last", "past", "previous", "this past"}
    if rel in {"next", "coming", "this coming"} or (future and rel not in backward):
        # This week's Friday, unless "next weekend" is said when one is already under way.
        friday = _monday(published) + timedelta(days=4)
        if rel == "next" and weekday >= 4:
            friday += timedelta(weeks=1)
        earliest, latest = friday, friday + timedelta(days=2)
        earliest = max(earliest, published)
        return _Resolved(earliest, latest, Precision.RANGE, DateBasis.RELATIVE)
    last_sunday = published - timedelta(days=weekday + 1)
    if in_weekend and rel not in backward:
        friday = _monday(published) + timedelta(days=4)
        return _Resolved(friday, published, Precision.RANGE, DateBasis.RELATIVE)
    return _Resolved(
        last_sunday - timedelta(days=2), last_sunday, Precision.RANGE, DateBasis.RELATIVE
    )


def _recent(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    unit = _unit(match.group("unit"))
    plural = match.group("unit").lower().endswith("s")
    if match.group("rec"):
        if not plural:
            return None
        n = _RECENT_SPAN[unit]
    else:
        rel = match.group("rel").lower()
        counted = _count(match.group("n"))
        if counted is None:
            if plural:
                return None
            # "last week" is the calendar week (_PERIOD_RE); "the past week", "the last week"
            # and "past year" are rolling windows ending at publication.
            if rel == "previous" or (rel != "past" and not match.group("the")):
                # "the previous week" counts back from a narrated event, not from publication.
                return None
            n = 1
        else:
            vague = match.group("n").lower().strip()
            n = _RECENT_SPAN[unit] if any(v in vague for v in _VAGUE_COUNTS) else counted[1]
    earliest = _back(published, n, unit)
    return _Resolved(earliest, published, Precision.RANGE, DateBasis.RELATIVE)


def _coming(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    unit = _unit(match.group("unit"))
    plural = match.group("unit").lower().endswith("s")
    counted = _count(match.group("n"))
    rel = match.group("rel").lower()
    if counted is None:
        if not plural and rel == "next":
            return None  # "next week" is the calendar week (_PERIOD_RE)
        n = _RECENT_SPAN[unit] if plural else 1
    else:
        vague = match.group("n").lower().strip()
        n = _RECENT_SPAN[unit] if any(v in vague for v in _VAGUE_COUNTS) else counted[1]
    latest = (
        _back(published, -n, unit)
        if unit in {"day", "week"}
        else _plus_months(published, n * (12 if unit == "year" else 1))
    )
    return _Resolved(published, latest, Precision.RANGE, DateBasis.RELATIVE)


def _ago(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    counted = _count(match.group("n"))
    if counted is None:
        return None
    fewest, most = counted
    unit = _unit(match.group("unit"))
    if unit == "day":
        earliest, latest = _back(published, most, unit), _back(published, fewest, unit)
        precision = Precision.DAY if fewest == most else Precision.RANGE
    elif unit == "week":
        # "three weeks ago" is roughly 21 days back: give it the surrounding week.
        earliest = _back(published, most, unit) - timedelta(days=3)
        latest = min(_back(published, fewest, unit) + timedelta(days=3), published)
        precision = Precision.WEEK
    elif unit == "month":
        start, end = _back(published, most, unit), _back(published, fewest, unit)
        earliest, latest = start.replace(day=1), _month_end(end.year, end.month)
        precision = Precision.MONTH
    else:
        earliest = date(published.year - most, 1, 1)
        latest = date(published.year - fewest, 12, 31)
        precision = Precision.YEAR
    return _Resolved(earliest, latest, precision, DateBasis.RELATIVE)


def _nearest_year(month: int, day: int, published: date, future: bool) -> date | None:
    """The date month/day nearest publication on the side the tense allows."""
    step = 1 if future else -1
    year = published.year
    for _ in range(9):  # Feb 29 recurs within 8 years
        candidate = _safe_date(year, month, day)
        if candidate is not None and (candidate >= published if future else candidate <= published):
            return candidate
        year += step
    return None


def _calendar_day(
    match: re.Match[str], text: str, published: date, future: bool
) -> _Resolved | None:
    mon = match.group("mon")
    if not _is_capitalised(text, match, "mon"):
        return None
    month = MONTHS[mon.lower()]
    day = int(match.group("day"))
    day2 = int(match.group("day2")) if match.group("day2") else None
    if day2 is not None and day2 <= day:
        return None
    if match.group("year"):
        first = _safe_date(int(match.group("year")), month, day)
    else:
        first = _nearest_year(month, day, published, future)
    if first is None:
        return None
    last = first
    if day2 is not None:
        end = _safe_date(first.year, month, day2)
        if end is None:
            return None
        last = end
    resolved = _Resolved(
        first, last, Precision.DAY if last == first else Precision.RANGE, DateBasis.EXPLICIT
    )
    if (match.group("pre") or "").lower() == "since":
        return _since(resolved, published)
    return resolved


def _numeric_day(
    match: re.Match[str], text: str, published: date, future: bool
) -> _Resolved | None:
    year_text = match.group("year")
    if year_text is None and match.group("pre") is None:
        return None
    first, second = int(match.group("a")), int(match.group("b"))
    readings = {(first, second), (second, first)}  # (month, day) both ways
    candidates: list[date] = []
    for month, day in readings:
        if not 1 <= month <= 12:
            continue
        if year_text is None:
            found = _nearest_year(month, day, published, future)
        else:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
            found = _safe_date(year, month, day)
        if found is not None:
            candidates.append(found)
    if not candidates:
        return None
    # Two readings (3/12): the one on the tense's side of publication and nearer it, which a
    # report most likely means.
    chosen = min(
        candidates,
        key=lambda day: ((day > published) != future, abs((day - published).days), day),
    )
    resolved = _Resolved(chosen, chosen, Precision.DAY, DateBasis.EXPLICIT)
    if (match.group("pre") or "").lower() == "since":
        return _since(resolved, published)
    return resolved


def _iso(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    day = _safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    if day is None:
        return None
    return _Resolved(day, day, Precision.DAY, DateBasis.EXPLICIT)


def _ordinal_day(
    match: re.Match[str], text: str, published: date, future: bool
) -> _Resolved | None:
    day = int(match.group("day"))
    if not 1 <= day <= 31:
        return None
    year, month = published.year, published.month
    for _ in range(3):  # a 31st may need to skip a short month
        candidate = _safe_date(year, month, day)
        if candidate is not None and (candidate >= published if future else candidate <= published):
            return _Resolved(candidate, candidate, Precision.DAY, DateBasis.RELATIVE)
        year, month = _shift_month(year, month, 1 if future else -1)
    return None


def _month(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    mon = match.group("mon")
    if not _is_capitalised(text, match, "mon"):
        return None
    key = mon.lower()
    month = MONTHS[key]
    pre, mod, rel = match.group("pre"), match.group("mod"), (match.group("rel") or "").lower()
    year_text, yrel = match.group("year"), (match.group("yrel") or "").lower()
    cued = bool(pre or mod or rel or year_text or yrel)
    if len(key) <= 4 and key not in {"may", "june", "july"} and not year_text:
        return None  # "Jan", "Dec" alone are names more often than months
    if key in _AMBIGUOUS_MONTHS and not cued:
        return None
    if year_text:
        year = int(year_text)
    elif yrel:
        year = published.year + {"last": -1, "this": 0, "next": 1}[yrel]
    elif rel == "last":
        year = published.year if month < published.month else published.year - 1
    elif rel == "next":
        year = published.year if month > published.month else published.year + 1
    elif rel == "this" or month == published.month:
        year = published.year
    elif future:
        year = published.year if month > published.month else published.year + 1
    else:
        year = published.year if month < published.month else published.year - 1
    earliest, latest = date(year, month, 1), _month_end(year, month)
    precision = Precision.MONTH
    if mod:
        earliest, latest = _part(earliest, latest, mod)
        precision = Precision.RANGE
    earliest, latest = _fit(earliest, latest, published, future and rel != "last")
    resolved = _Resolved(earliest, latest, precision, DateBasis.EXPLICIT)
    if (pre or "").lower() == "since":
        return _since(resolved, published)
    return resolved


def _year(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    year = int(match.group("year"))
    if not 1900 <= year <= 2100:
        return None
    pre, mod = match.group("pre"), match.group("mod")
    if not pre and not mod:
        # A bare four-digit number is a year only after a cue word ("in", "the", "since") and
        # not before a quantity noun: "killed 2000 people" is no year.
        # At the very start of the text ("2019 was ...", or resolve("2019")) no cue is needed.
        before = _WORD_BEFORE_RE.search(text, 0, match.start())
        if before is None:
            if text[: match.start()].strip():
                return None
        elif before.group(1).lower() not in YEAR_CUES:
            return None
    after = _WORD_AFTER_RE.match(text[match.end() : match.end() + 24])
    if after is not None and after.group(1).lower() in _QUANTITY_NOUNS:
        return None
    earliest, latest = date(year, 1, 1), date(year, 12, 31)
    precision = Precision.YEAR
    if match.group("decade"):
        if year % 10:
            return None
        latest = date(year + 9, 12, 31)
        precision = Precision.RANGE
    elif match.group("year2"):
        text2 = match.group("year2")
        year2 = int(text2) if len(text2) == 4 else year // 100 * 100 + int(text2)
        if year2 <= year:
            return None
        latest = date(year2, 12, 31)
        precision = Precision.RANGE
    if mod:
        earliest, latest = _part(earliest, latest, mod)
        precision = Precision.RANGE
    earliest, latest = _fit(earliest, latest, published, future)
    resolved = _Resolved(earliest, latest, precision, DateBasis.EXPLICIT)
    if (pre or "").lower() == "since":
        return _since(resolved, published)
    return resolved


def _year_span(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    year, year2 = int(match.group("year")), int(match.group("year2"))
    if year2 <= year:
        return None
    earliest, latest = _fit(date(year, 1, 1), date(year2, 12, 31), published, future)
    return _Resolved(earliest, latest, Precision.RANGE, DateBasis.EXPLICIT)


# Meteorological seasons of the northern hemisphere, as (first month, months long); winter Y
# is December Y-1 to February Y, the winter whose January falls in Y.
_SEASONS: dict[str, int] = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season_bounds(name: str, year: int) -> tuple[date, date]:
    first = _SEASONS[name]
    start_year = year - 1 if first == 12 else year
    end_year, end_month = _shift_month(start_year, first, 2)
    return date(start_year, first, 1), _month_end(end_year, end_month)


def _season(match: re.Match[str], text: str, published: date, future: bool) -> _Resolved | None:
    name = match.group("season").lower()
    rel = " ".join((match.group("rel") or "").lower().split())
    year_text = match.group("year")
    if not rel and not year_text:
        return None  # "the fall of Kabul", "spring water": no season without a cue
    if year_text:
        earliest, latest = _season_bounds(name, int(year_text))
    else:
        # The instances around publication, newest last; pick by tense.
        spans = [_season_bounds(name, published.year + k) for k in (-1, 0, 1, 2)]
        if rel in {"last", "past", "this past"}:
            earliest, latest = max(s for s in spans if s[1] < published)
        elif rel in {"next", "coming"}:
            earliest, latest = min(s for s in spans if s[0] > published)
        elif future:
            earliest, latest = min(s for s in spans if s[1] >= published)
        else:
            earliest, latest = max(s for s in spans if s[0] <= published)
    if match.group("mod"):
        earliest, latest = _part(earliest, latest, match.group("mod"))
    earliest, latest = _fit(earliest, latest, published, future and rel not in {"last", "past"})
    resolved = _Resolved(earliest, latest, Precision.RANGE, DateBasis.EXPLICIT)
    if (match.group("pre") or "").lower() == "since":
        return _since(resolved, published)
    return resolved


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern, its resolver, and the words (any one) a text needs for the pattern to run.

    The word check is a few substring tests, far cheaper than running every regex over every
    sentence; most sentences hold no time expression at all.
    """

    pattern: re.Pattern[str]
    handler: _Handler
    needs: tuple[str, ...]
    digits: bool = False  # the pattern needs a digit too


_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAY_KEYS = tuple(WEEKDAYS)

_RULES: tuple[_Rule, ...] = (
    _Rule(_MONTH_DAY_RE, _calendar_day, _MONTH_KEYS, digits=True),
    _Rule(_DAY_MONTH_RE, _calendar_day, _MONTH_KEYS, digits=True),
    _Rule(_ISO_RE, _iso, ("-",), digits=True),
    _Rule(_NUMERIC_DAY_RE, _numeric_day, ("/",), digits=True),
    _Rule(_WEEKDAY_RE, _weekday, _WEEKDAY_KEYS),
    _Rule(
        _DAYWORD_RE,
        _dayword,
        ("today", "yesterday", "tomorrow", "tonight", "night", "morning", "afternoon", "evening"),
    ),
    _Rule(_PERIOD_RE, _period, ("week", "month", "year")),
    _Rule(_WEEKEND_RE, _weekend, ("weekend",)),
    _Rule(_RECENT_RE, _recent, ("recent", "past", "last", "previous")),
    _Rule(_COMING_RE, _coming, ("coming", "next")),
    _Rule(_AGO_RE, _ago, (" ago", " back")),
    _Rule(_ORDINAL_DAY_RE, _ordinal_day, ("on the",), digits=True),
    _Rule(_MONTH_RE, _month, _MONTH_KEYS),
    _Rule(_YEAR_SPAN_RE, _year_span, ("between", "from"), digits=True),
    _Rule(_YEAR_RE, _year, ("19", "20"), digits=True),
    _Rule(_SEASON_RE, _season, ("spring", "summer", "autumn", "fall", "winter")),
)

_DIGIT_RE = re.compile(r"[0-9]")

# How far a match may reach before and after its keyword ("at the beginning of this week",
# "Wednesday afternoon, last week"): patterns only run in these windows around keywords.
_REACH = 40


def _windows(low: str, needs: tuple[str, ...]) -> list[tuple[int, int]]:
    """Merged text windows around each occurrence of the rule's keywords.

    Running a pattern over short windows instead of the whole sentence keeps a time-dense
    sentence near a tenth of a millisecond. Word boundaries and look-behinds still see the
    text before a window (``finditer(text, pos, endpos)`` does not slice at ``pos``); the end
    does act as the end of text, which is why the reach is generous.
    """
    spans: list[tuple[int, int]] = []
    size = len(low)
    for word in needs:
        at = low.find(word)
        while at != -1:
            spans.append((max(0, at - _REACH), min(size, at + len(word) + _REACH)))
            at = low.find(word, at + 1)
    if len(spans) < 2:
        return spans
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


# --- public API ------------------------------------------------------------------------------


def find_times(
    text: str, published: date, *, offset: int = 0, future: bool = False
) -> list[TimeMention]:
    """Every time expression in ``text``, resolved against ``published``, in text order.

    Candidates from all patterns compete; the longest wins and overlapping shorter ones are
    dropped ("on Monday last week" beats "Monday" and "last week"). ``offset`` is added to
    every span so that spans index the whole document when ``text`` is one sentence of it.
    ``future`` says the clause is future tense (the caller decides from the verb).
    """
    low = text.translate(_LOWER)
    has_digit = _DIGIT_RE.search(low) is not None
    candidates: list[tuple[int, int, _Resolved]] = []
    for rule in _RULES:
        if rule.digits and not has_digit:
            continue
        for window_start, window_end in _windows(low, rule.needs):
            for match in rule.pattern.finditer(low, window_start, window_end):
                if match.end() == match.start():
                    continue
                try:
                    resolved = rule.handler(match, text, published, future)
                except (ValueError, OverflowError):
                    # A publication date at the calendar's edge (year 1, 9999): an expression
                    # that would resolve outside the calendar resolves to nothing.
                    resolved = None
                if resolved is not None and resolved.earliest <= resolved.latest:
                    candidates.append((match.start(), match.end(), resolved))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    chosen: list[tuple[int, int, _Resolved]] = []
    for start, end, resolved in candidates:
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, resolved))
    chosen.sort(key=lambda c: c[0])
    mentions: list[TimeMention] = []
    for start, end, resolved in chosen:
        span = Span(start + offset, end + offset, text[start:end])
        interval = DateInterval(
            resolved.earliest, resolved.latest, resolved.precision, resolved.basis, span
        )
        mentions.append(TimeMention(span, interval))
    return mentions


def resolve(expression: str, published: date, *, future: bool = False) -> DateInterval | None:
    """The interval of one time expression ("last week", "October 19"), or None.

    Where the string holds several expressions, the longest one is resolved.
    """
    mentions = find_times(expression, published, future=future)
    if not mentions:
        return None
    return max(mentions, key=lambda m: m.span.end - m.span.start).interval


def find_caption_date(text: str) -> DateInterval | None:
    """The date a photo caption ends with ("... Kabul, Afghanistan September 7, 2021.").

    Only a full date with a year counts: a caption's date says when the photo was taken, which
    may be years before publication, so nothing is guessed from the publication date. A credit
    in parentheses after the date ("(REUTERS/Stringer)") is allowed.
    """
    match = _CAPTION_TAIL_RE.search(text.translate(_LOWER))
    if match is None:
        return None
    if match.group("iso"):
        y, m, d = (int(part) for part in match.group("iso").split("-"))
        start, end = match.span("iso")
    elif match.group("mon"):
        if not _is_capitalised(text, match, "mon"):
            return None
        y, m, d = (
            int(match.group("year")),
            MONTHS[match.group("mon").lower()],
            int(match.group("day")),
        )
        start, end = match.start("mon"), match.end("year")
    else:
        if not _is_capitalised(text, match, "mon_b"):
            return None
        y, m, d = (
            int(match.group("year_b")),
            MONTHS[match.group("mon_b").lower()],
            int(match.group("day_b")),
        )
        start, end = match.start("day_b"), match.end("year_b")
    day = _safe_date(y, m, d)
    if day is None:
        return None
    return DateInterval(
        day, day, Precision.DAY, DateBasis.CAPTION, Span(start, end, text[start:end])
    )
