"""Time expressions: found in text, resolved against the publication date."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcoder.model import DateBasis, DateInterval, Precision
from eventcoder.stages.dates import find_caption_date, find_times, resolve

WED = date(2025, 10, 29)  # the seed article: Wednesday 2025-10-29
SAT = date(2022, 8, 6)  # taiwan_drills_2022: Saturday
SUN = date(2023, 4, 16)  # sudan_khartoum_2023: Sunday

WEEKDAY_NAMES = tuple(calendar.day_name)
MONTH_NAMES = tuple(calendar.month_name[1:])

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


def span_of(expression: str, published: date, *, future: bool = False) -> tuple[date, date]:
    interval = resolve(expression, published, future=future)
    assert interval is not None, expression
    return interval.earliest, interval.latest


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- concrete cases --------------------------------------------------------------------------

CASES = [
    # weekdays, past context: most recent on or before publication
    ("on Saturday", SUN, "2023-04-15", "2023-04-15"),
    ("On Thursday", SUN, "2023-04-13", "2023-04-13"),
    ("on Sunday", SUN, "2023-04-16", "2023-04-16"),
    ("on Wednesday", WED, "2025-10-29", "2025-10-29"),
    ("early on Wednesday", WED, "2025-10-29", "2025-10-29"),
    ("On Saturday", WED, "2025-10-25", "2025-10-25"),
    ("on Sunday afternoon", WED, "2025-10-26", "2025-10-26"),
    ("Wednesday night", WED, "2025-10-29", "2025-10-29"),
    ("late Tuesday", WED, "2025-10-28", "2025-10-28"),
    ("late on Monday", date(2023, 3, 21), "2023-03-20", "2023-03-20"),
    ("on Saturday", date(2022, 11, 1), "2022-10-29", "2022-10-29"),  # previous month
    ("on Tuesday", date(2024, 8, 2), "2024-07-30", "2024-07-30"),
    ("last Thursday", date(2022, 2, 16), "2022-02-10", "2022-02-10"),
    ("last Wednesday", WED, "2025-10-22", "2025-10-22"),  # strictly before publication
    ("next Monday", WED, "2025-11-03", "2025-11-03"),
    ("on Monday last week", WED, "2025-10-20", "2025-10-20"),
    ("since Saturday", SUN, "2023-04-15", "2023-04-16"),
    ("since Thursday", date(2023, 2, 14), "2023-02-09", "2023-02-14"),
    # days
    ("today", WED, "2025-10-29", "2025-10-29"),
    ("yesterday", WED, "2025-10-28", "2025-10-28"),
    ("tonight", WED, "2025-10-29", "2025-10-29"),
    ("this morning", WED, "2025-10-29", "2025-10-29"),
    ("last night", WED, "2025-10-28", "2025-10-28"),
    ("overnight", date(2023, 7, 18), "2023-07-17", "2023-07-18"),
    ("two days ago", WED, "2025-10-27", "2025-10-27"),
    # weeks
    ("last week", SAT, "2022-07-25", "2022-07-31"),  # month boundary
    ("last week", date(2022, 11, 3), "2022-10-24", "2022-10-30"),
    ("Last week", date(2025, 2, 28), "2025-02-17", "2025-02-23"),
    ("this week", WED, "2025-10-27", "2025-10-29"),
    ("earlier this week", WED, "2025-10-27", "2025-10-29"),
    ("Earlier in the week", SAT, "2022-08-01", "2022-08-06"),
    ("next week", date(2025, 2, 28), "2025-03-03", "2025-03-09"),
    ("a week ago", WED, "2025-10-19", "2025-10-25"),
    ("three weeks ago", WED, "2025-10-05", "2025-10-11"),
    # weekends: Friday to Sunday
    ("weekend clashes", WED, "2025-10-24", "2025-10-26"),
    ("over the weekend", WED, "2025-10-24", "2025-10-26"),
    ("this weekend", WED, "2025-10-24", "2025-10-26"),
    ("last weekend", WED, "2025-10-24", "2025-10-26"),
    ("over the weekend", SUN, "2023-04-14", "2023-04-16"),  # under way on a Sunday
    ("last weekend", SUN, "2023-04-07", "2023-04-09"),
    # months
    ("this month", WED, "2025-10-01", "2025-10-29"),
    ("earlier this month", date(2023, 3, 21), "2023-03-01", "2023-03-21"),
    ("last month", date(2024, 8, 2), "2024-07-01", "2024-07-31"),
    ("last month", date(2024, 1, 15), "2023-12-01", "2023-12-31"),  # year boundary
    ("next month", WED, "2025-11-01", "2025-11-30"),
    ("in October", WED, "2025-10-01", "2025-10-29"),
    ("The October clashes", WED, "2025-10-01", "2025-10-29"),
    ("in August", date(2022, 11, 1), "2022-08-01", "2022-08-31"),
    ("in January", date(2023, 3, 21), "2023-01-01", "2023-01-31"),
    ("in July", date(2023, 3, 21), "2022-07-01", "2022-07-31"),
    ("since December", date(2023, 9, 21), "2022-12-01", "2023-09-21"),
    ("in October 2021", WED, "2021-10-01", "2021-10-31"),
    ("In October 2017, a truck bomb", WED, "2017-10-01", "2017-10-31"),
    ("in May last year", date(2023, 3, 21), "2022-05-01", "2022-05-31"),
    ("in March last year", date(2024, 8, 2), "2023-03-01", "2023-03-31"),
    ("early October", WED, "2025-10-01", "2025-10-10"),
    ("mid-October", WED, "2025-10-11", "2025-10-20"),
    ("late September", WED, "2025-09-21", "2025-09-30"),
    # calendar dates
    ("October 19", WED, "2025-10-19", "2025-10-19"),
    ("on Oct. 19", WED, "2025-10-19", "2025-10-19"),
    ("Oct 19", WED, "2025-10-19", "2025-10-19"),
    ("19 October", WED, "2025-10-19", "2025-10-19"),
    ("the 19th of October", WED, "2025-10-19", "2025-10-19"),
    ("December 30", date(2026, 1, 3), "2025-12-30", "2025-12-30"),
    ("November 2", WED, "2024-11-02", "2024-11-02"),  # after publication: the previous year
    ("The Feb. 6 earthquake", date(2023, 2, 14), "2023-02-06", "2023-02-06"),
    ("September 7, 2021", WED, "2021-09-07", "2021-09-07"),
    ("7 September 2021", WED, "2021-09-07", "2021-09-07"),
    ("2021-09-07", WED, "2021-09-07", "2021-09-07"),
    ("Saturday, October 25", WED, "2025-10-25", "2025-10-25"),
    ("October 19-21", WED, "2025-10-19", "2025-10-21"),
    ("on the 19th", WED, "2025-10-19", "2025-10-19"),
    ("on the 30th", WED, "2025-09-30", "2025-09-30"),
    ("KHARTOUM, April 16 (Wire) -", SUN, "2023-04-16", "2023-04-16"),
    # years
    ("in 2021", WED, "2021-01-01", "2021-12-31"),
    ("since 2021", WED, "2021-01-01", "2025-10-29"),
    ("2019", WED, "2019-01-01", "2019-12-31"),
    ("the 2019 overthrow", WED, "2019-01-01", "2019-12-31"),
    ("a six-week war in 2020", WED, "2020-01-01", "2020-12-31"),
    ("this year", WED, "2025-01-01", "2025-10-29"),
    ("earlier this year", WED, "2025-01-01", "2025-10-29"),
    ("last year", date(2023, 3, 21), "2022-01-01", "2022-12-31"),
    ("late last year", WED, "2024-09-01", "2024-12-31"),
    ("mid-2021", WED, "2021-05-01", "2021-08-31"),
    ("two years ago", WED, "2023-01-01", "2023-12-31"),
    ("two years back", WED, "2023-01-01", "2023-12-31"),
    ("three days back", WED, "2025-10-26", "2025-10-26"),
    ("the 1990s", WED, "1990-01-01", "1999-12-31"),
    ("between 2019 and 2021", WED, "2019-01-01", "2021-12-31"),
    ("autumn 2021", WED, "2021-09-01", "2021-11-30"),
    # rolling windows ending at publication
    ("in recent weeks", WED, "2025-09-17", "2025-10-29"),
    ("recent weeks", WED, "2025-09-17", "2025-10-29"),
    ("the past few weeks", WED, "2025-09-17", "2025-10-29"),
    ("the past two weeks", WED, "2025-10-15", "2025-10-29"),
    ("in recent days", WED, "2025-10-22", "2025-10-29"),
    ("recent months", WED, "2025-04-29", "2025-10-29"),
    ("past year", WED, "2024-10-29", "2025-10-29"),
]


@pytest.mark.parametrize(("expression", "published", "earliest", "latest"), CASES)
def test_resolves_in_past_context(
    expression: str, published: date, earliest: str, latest: str
) -> None:
    assert span_of(expression, published) == (d(earliest), d(latest))


FUTURE_CASES = [
    ("on Sunday", date(2022, 2, 16), "2022-02-20", "2022-02-20"),
    ("on Thursday", date(2024, 6, 26), "2024-06-27", "2024-06-27"),
    ("on Sunday", SUN, "2023-04-16", "2023-04-16"),  # same day: the nearer reading
    ("on March 4", date(2025, 2, 28), "2025-03-04", "2025-03-04"),
    ("October 19", WED, "2026-10-19", "2026-10-19"),
    ("this month", WED, "2025-10-29", "2025-10-31"),
    ("this weekend", WED, "2025-10-31", "2025-11-02"),
    ("in January", WED, "2026-01-01", "2026-01-31"),
    ("in the coming weeks", WED, "2025-10-29", "2025-12-10"),
    ("tomorrow", WED, "2025-10-30", "2025-10-30"),
]


@pytest.mark.parametrize(("expression", "published", "earliest", "latest"), FUTURE_CASES)
def test_resolves_in_future_context(
    expression: str, published: date, earliest: str, latest: str
) -> None:
    assert span_of(expression, published, future=True) == (d(earliest), d(latest))


def test_gold_windows_contain_the_resolution() -> None:
    # The gold intervals these must lie within (exact containment is what field accuracy scores).
    for expression, published, gold_earliest, gold_latest in [
        ("Earlier in the week", SAT, "2022-07-31", "2022-08-06"),
        ("last week", SAT, "2022-07-24", "2022-07-31"),
        ("in recent weeks", WED, "2025-09-15", "2025-10-29"),
        ("weekend clashes", WED, "2025-10-24", "2025-10-26"),
        ("since December", date(2023, 9, 21), "2022-12-01", "2023-09-21"),
    ]:
        earliest, latest = span_of(expression, published)
        assert d(gold_earliest) <= earliest <= latest <= d(gold_latest), expression


@pytest.mark.parametrize(
    ("expression", "precision", "basis"),
    [
        ("on Saturday", Precision.DAY, DateBasis.RELATIVE),
        ("last week", Precision.WEEK, DateBasis.RELATIVE),
        ("this month", Precision.MONTH, DateBasis.RELATIVE),
        ("last year", Precision.YEAR, DateBasis.RELATIVE),
        ("weekend", Precision.RANGE, DateBasis.RELATIVE),
        ("recent weeks", Precision.RANGE, DateBasis.RELATIVE),
        ("October 19", Precision.DAY, DateBasis.EXPLICIT),
        ("September 7, 2021", Precision.DAY, DateBasis.EXPLICIT),
        ("in October 2021", Precision.MONTH, DateBasis.EXPLICIT),
        ("in 2019", Precision.YEAR, DateBasis.EXPLICIT),
        ("since 2021", Precision.RANGE, DateBasis.EXPLICIT),
    ],
)
def test_precision_and_basis(expression: str, precision: Precision, basis: DateBasis) -> None:
    interval = resolve(expression, WED)
    assert interval is not None
    assert (interval.precision, interval.basis) == (precision, basis)


@pytest.mark.parametrize(
    "text",
    [
        "more than 2,000 people",
        "a 1,600-mile border",
        "killed 2000 people",
        "May God protect them",
        "March organisers said",
        "they may march on parliament",
        "the fall of Kabul",
        "Jan Smith said",
        "the 19th century",
        "for the first time in 35 years",
        "a two-year war",
        "a day after the talks",
        "the previous week",
        "in the same month",
        "$2021 in cash",
        "the week",
        "24/7 surveillance",
        "a 3/4 majority",
        "the 9/11 attacks",
        "on 31/02",
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert find_times(text, WED) == []


# --- finding in sentences --------------------------------------------------------------------


def test_finds_all_in_a_sentence_longest_first() -> None:
    text = (
        "Pakistan's military said on Monday last week that weekend clashes killed five soldiers, "
        "after air strikes this month and fighting in recent weeks."
    )
    found = [(m.span.text, m.interval.earliest, m.interval.latest) for m in find_times(text, WED)]
    assert found == [
        ("on Monday last week", d("2025-10-20"), d("2025-10-20")),
        ("weekend", d("2025-10-24"), d("2025-10-26")),
        ("this month", d("2025-10-01"), WED),
        ("in recent weeks", d("2025-09-17"), WED),
    ]


def test_caption_and_dateline_dates_in_text() -> None:
    text = "KABUL, Oct 29 (Wire) - Talks ended in Istanbul. Police in Kabul, September 7, 2021."
    found = [(m.span.text, m.interval.earliest) for m in find_times(text, WED)]
    assert found == [("Oct 29", WED), ("September 7, 2021", d("2021-09-07"))]


def test_year_context_does_not_leak() -> None:
    text = "civilian leaders in a coup in October 2021, derailing a transition"
    (mention,) = find_times(text, SUN)
    assert mention.span.text == "in October 2021"
    assert (mention.interval.earliest, mention.interval.latest) == (
        d("2021-10-01"),
        d("2021-10-31"),
    )


def test_mention_and_span_agree() -> None:
    text = "Fighting erupted on Saturday."
    (mention,) = find_times(text, SUN, offset=100)
    assert mention.span.start == 100 + text.index("on Saturday")
    assert mention.interval.mention == mention.span


def test_resolve_returns_none_without_expression() -> None:
    assert resolve("the talks collapsed", WED) is None


# --- captions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "A member of the Taliban forces points his gun at protesters near the Pakistan "
            "embassy in Kabul, Afghanistan September 7, 2021.",
            "2021-09-07",
        ),
        (
            "Protest near the embassy in Kabul, Afghanistan September 7, 2021. "
            "(credit: REUTERS/Stringer TPX IMAGES OF THE DAY)",
            "2021-09-07",
        ),
        ("Police fire tear gas in Nairobi, Kenya, March 20, 2023.", "2023-03-20"),
        ("Protesters in Nairobi, Kenya, 20 March 2023", "2023-03-20"),
        ("Protesters in Nairobi, 2023-03-20.", "2023-03-20"),
    ],
)
def test_caption_date(caption: str, expected: str) -> None:
    interval = find_caption_date(caption)
    assert interval is not None
    assert interval.earliest == interval.latest == d(expected)
    assert interval.basis is DateBasis.CAPTION
    assert interval.mention is not None
    assert caption[interval.mention.start : interval.mention.end] == interval.mention.text


@pytest.mark.parametrize(
    "caption",
    [
        "Police fire tear gas in Nairobi.",
        "Police on September 7, 2021 fired tear gas in Nairobi.",  # not at the end
        "Protest in Kabul on September 7.",  # no year: a caption date is never guessed
    ],
)
def test_no_caption_date(caption: str) -> None:
    assert find_caption_date(caption) is None


# --- properties ------------------------------------------------------------------------------


@given(dates, st.sampled_from(WEEKDAY_NAMES), st.sampled_from(["on ", "", "early on ", "late "]))
def test_weekday_past_is_in_the_week_ending_at_publication(
    published: date, name: str, prefix: str
) -> None:
    interval = resolve(f"{prefix}{name}", published)
    assert interval is not None
    assert interval.earliest == interval.latest
    assert published - timedelta(days=6) <= interval.earliest <= published
    assert interval.earliest.strftime("%A") == name


@given(dates, st.sampled_from(WEEKDAY_NAMES))
def test_weekday_future_is_in_the_week_starting_at_publication(published: date, name: str) -> None:
    interval = resolve(f"on {name}", published, future=True)
    assert interval is not None
    assert published <= interval.earliest == interval.latest <= published + timedelta(days=6)
    assert interval.earliest.strftime("%A") == name


EXPRESSIONS = [
    "on Saturday",
    "yesterday",
    "today",
    "last night",
    "overnight",
    "this week",
    "last week",
    "earlier this week",
    "earlier in the week",
    "next week",
    "weekend",
    "this weekend",
    "last weekend",
    "next weekend",
    "this month",
    "last month",
    "earlier this month",
    "next month",
    "later this month",
    "in October",
    "late October",
    "last October",
    "since December",
    "October 19",
    "February 29",
    "on the 31st",
    "this year",
    "last year",
    "earlier this year",
    "late last year",
    "next year",
    "recent weeks",
    "in recent days",
    "the past two weeks",
    "recent months",
    "past year",
    "two days ago",
    "three weeks ago",
    "a few months ago",
    "two years ago",
    "since Saturday",
    "on Monday last week",
    "last summer",
    "this winter",
    "in the coming months",
    "since 2021",
]

PAST_ONLY = [
    "yesterday",
    "last night",
    "this week",
    "last week",
    "earlier this week",
    "earlier in the week",
    "weekend",
    "last weekend",
    "this month",
    "last month",
    "earlier this month",
    "in October",
    "last October",
    "October 19",
    "February 29",
    "on the 31st",
    "this year",
    "last year",
    "earlier this year",
    "recent weeks",
    "in recent days",
    "the past two weeks",
    "recent months",
    "past year",
    "two days ago",
    "three weeks ago",
    "two years ago",
    "since Saturday",
    "on Monday last week",
    "last summer",
    "since 1950",
]


@given(dates, st.sampled_from(EXPRESSIONS), st.booleans())
def test_every_interval_is_ordered(published: date, expression: str, future: bool) -> None:
    interval = resolve(expression, published, future=future)
    assert interval is not None, expression
    assert interval.earliest <= interval.latest


@given(dates, st.sampled_from(PAST_ONLY))
def test_past_context_never_after_publication(published: date, expression: str) -> None:
    interval = resolve(expression, published)
    assert interval is not None, expression
    assert interval.latest <= published


@given(dates, st.sampled_from(["next week", "next month", "tomorrow", "next year"]))
def test_future_words_are_after_publication(published: date, expression: str) -> None:
    interval = resolve(expression, published)
    assert interval is not None
    assert interval.earliest > published


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["{B} {d}, {Y}", "{d} {B} {Y}", "{Y}-{m:02d}-{d:02d}", "{b}. {d}, {Y}"]),
    dates,
    st.booleans(),
)
def test_full_dates_round_trip(day: date, form: str, published: date, future: bool) -> None:
    name = MONTH_NAMES[day.month - 1]
    abbr = "Sept" if day.month == 9 else name[:3]
    text = form.format(B=name, b=abbr, d=day.day, m=day.month, Y=day.year)
    interval = resolve(text, published, future=future)
    assert interval is not None, text
    assert (interval.earliest, interval.latest) == (day, day)
    assert interval.basis is DateBasis.EXPLICIT
    caption = find_caption_date(f"Protesters gather in the capital, {text}.")
    assert caption == DateInterval(day, day, Precision.DAY, DateBasis.CAPTION, caption.mention)


@given(dates, st.integers(1, 12), st.integers(1, 28), st.booleans())
def test_dates_without_year_are_the_nearest(
    published: date, month: int, day: int, future: bool
) -> None:
    interval = resolve(f"{MONTH_NAMES[month - 1]} {day}", published, future=future)
    assert interval is not None
    found = interval.earliest
    assert (found.month, found.day) == (month, day)
    if future:
        assert published <= found < published + timedelta(days=366)
    else:
        assert published - timedelta(days=366) < found <= published


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2089, 12, 31)),
    dates,
    st.booleans(),
    st.sampled_from(["on {d}/{m}/{Y}", "dated {d:02d}/{m:02d}/{Y}", "{d}/{m}/{Y}"]),
)
def test_numeric_dates_with_a_year_round_trip_when_the_day_is_past_12(
    day: date, published: date, future: bool, form: str
) -> None:
    if day.day <= 12:
        day = day.replace(day=13)
    interval = resolve(form.format(d=day.day, m=day.month, Y=day.year), published, future=future)
    assert interval is not None
    assert (interval.earliest, interval.latest) == (day, day)


@given(dates, st.integers(1, 12), st.integers(1, 28), st.booleans())
def test_numeric_dates_without_a_year_read_both_ways_on_the_tenses_side(
    published: date, first: int, second: int, future: bool
) -> None:
    interval = resolve(f"on {first}/{second}", published, future=future)
    assert interval is not None
    found = interval.earliest
    assert (found.month, found.day) in {(first, second), (second, first)}
    if future:
        assert published <= found < published + timedelta(days=366)
    else:
        assert published - timedelta(days=366) < found <= published


def test_numeric_dates_take_the_reading_nearer_publication() -> None:
    # Friday 2025-03-14: "12/03" is 12 March two days back, not 3 December last year.
    assert span_of("on 12/03", date(2025, 3, 14)) == (d("2025-03-12"), d("2025-03-12"))
    assert span_of("on 3/12", date(2025, 3, 14)) == (d("2025-03-12"), d("2025-03-12"))
    assert span_of("(source dated 22/06)", date(2016, 6, 27)) == (d("2016-06-22"), d("2016-06-22"))
    assert span_of("since 01/03", date(2025, 3, 14)) == (d("2025-03-01"), d("2025-03-14"))


@given(
    st.text(alphabet="abc ,.;", max_size=30),
    st.sampled_from(EXPRESSIONS),
    st.text(alphabet="abc ,.;", max_size=30),
    st.integers(0, 10_000),
    dates,
)
def test_spans_index_the_document(
    before: str, expression: str, after: str, offset: int, published: date
) -> None:
    sentence = f"{before} {expression} {after}"
    document = "x" * offset + sentence
    mentions = find_times(sentence, published, offset=offset)
    assert mentions, sentence
    previous_end = offset
    for mention in mentions:
        assert document[mention.span.start : mention.span.end] == mention.span.text
        assert mention.span.start >= previous_end  # in order, never overlapping
        previous_end = mention.span.end
        assert mention.interval.mention == mention.span
