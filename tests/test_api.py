"""End-to-end tests of the Python API: ``eventcoder.code`` and ``eventcoder.Coder``.

Offsets index the text as decoded and repaired (``make_document(text, published).text``); for
clean ``str`` input that is the input itself.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest

import eventcoder
from eventcoder.coder import make_document
from eventcoder.errors import ErrorCode
from eventcoder.io.readers import DEFAULT_MAX_CHARS
from eventcoder.model import (
    EVENT_TYPES,
    Actor,
    DateInterval,
    Event,
    Fatalities,
    Place,
    Span,
)

PUBLISHED = date(2025, 10, 29)  # a Wednesday
ETHIOPIA = (
    "Ethiopian forces attacked Eritrean positions near Badme on Tuesday, killing 12 soldiers, "
    "the Eritrean information ministry said."
)
INDIA = (
    "Indian troops shelled Pakistani positions in Kashmir on Monday, killing at least five "
    "people, Pakistan's army said."
)
ARTICLE = f"{ETHIOPIA}\n\n{INDIA}\n"


@pytest.fixture(scope="session")
def events() -> list[Event]:
    return eventcoder.code(ARTICLE, published=PUBLISHED, doc_id="api-doc")


def by(events: list[Event], type_: str, source: str) -> Event:
    hits = [e for e in events if e.type == type_ and source in {a.code for a in e.source}]
    assert hits, [(e.type, [a.code for a in e.source]) for e in events]
    return hits[0]


def test_code_returns_typed_events(events: list[Event]) -> None:
    assert events
    for event in events:
        assert isinstance(event, Event)
        assert event.doc_id == "api-doc"
        assert event.type in EVENT_TYPES
        assert all(isinstance(a, Actor) and a.code for a in (*event.source, *event.target))
        assert all(isinstance(a, Actor) for a in event.claimed_by)
        assert isinstance(event.date, DateInterval)
        assert event.date.earliest <= event.date.latest <= PUBLISHED
        assert event.location is None or isinstance(event.location, Place)
        assert event.fatalities is None or isinstance(event.fatalities, Fatalities)
        assert isinstance(event.evidence, Span)
        assert ARTICLE[event.evidence.start : event.evidence.end] == event.evidence.text
        assert ARTICLE[event.trigger.start : event.trigger.end] == event.trigger.text
        assert event.why


def test_the_assault_is_coded_in_full(events: list[Event]) -> None:
    event = by(events, "ASSAULT", "ETH")
    assert [a.code for a in event.target] == ["ERI"]
    assert event.date.earliest == event.date.latest == date(2025, 10, 28)
    assert event.fatalities is not None
    assert event.fatalities.min == 12
    assert [a.code for a in event.claimed_by] == ["ERI"]
    assert event.trigger.text == "attacked"


def test_open_ended_toll(events: list[Event]) -> None:
    event = by(events, "ASSAULT", "IND")
    assert [a.code for a in event.target] == ["PAK"]
    assert event.date.earliest == date(2025, 10, 27)
    assert event.fatalities is not None
    assert (event.fatalities.min, event.fatalities.max) == (5, None)


@pytest.mark.parametrize(
    "published",
    [
        pytest.param("2025-10-29", id="iso-string"),
        pytest.param(datetime(2025, 10, 29, 23, 30), id="datetime"),
        pytest.param("2025-10-29T23:30:00+02:00", id="iso-datetime"),
    ],
)
def test_publication_date_forms(published: str | datetime) -> None:
    event = by(eventcoder.code(ETHIOPIA, published=published), "ASSAULT", "ETH")
    assert event.date.earliest == date(2025, 10, 28)


def test_bytes_are_decoded(events: list[Event]) -> None:
    from_bytes = eventcoder.code(ARTICLE.encode("utf-8"), published=PUBLISHED, doc_id="api-doc")
    assert [(e.type, e.evidence) for e in from_bytes] == [(e.type, e.evidence) for e in events]


def test_a_reusable_coder_gives_the_same_events(events: list[Event]) -> None:
    coder = eventcoder.Coder()
    again = coder.code(ARTICLE, PUBLISHED, doc_id="api-doc")
    assert [(e.type, e.source, e.target, e.evidence) for e in again] == [
        (e.type, e.source, e.target, e.evidence) for e in events
    ]


def test_offsets_index_the_repaired_text() -> None:
    # Windows newlines and mojibake are repaired before coding: offsets index the repaired text.
    raw = (
        "Pakistan’s army attacked Afghan Taliban positions in Kandahar on Tuesday.\r\n\r\n"
        + ETHIOPIA
    )
    broken = raw.encode("utf-8").decode("cp1252")  # "Pakistanâ€™s"
    repaired = make_document(broken, PUBLISHED).text
    assert repaired == raw.replace("\r\n", "\n")
    events = eventcoder.code(broken, published=PUBLISHED)
    assert {"PAK", "ETH"} <= {a.code for e in events for a in e.source}
    for event in events:
        assert repaired[event.evidence.start : event.evidence.end] == event.evidence.text
    eth = by(events, "ASSAULT", "ETH")
    assert eth.evidence.start == repaired.index("Ethiopian")


def test_import_does_not_load_spacy() -> None:
    program = (
        "import sys, eventcoder\n"
        "eventcoder.EventcoderError\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'thinc'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("text", "published", "code"),
    [
        pytest.param("", PUBLISHED, ErrorCode.E001, id="empty"),
        pytest.param(" \n\t ", PUBLISHED, ErrorCode.E001, id="whitespace"),
        pytest.param(b"", PUBLISHED, ErrorCode.E001, id="empty-bytes"),
        pytest.param(b"Ethiopian\x00forces\x00attacked", PUBLISHED, ErrorCode.E002, id="nul"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", PUBLISHED, ErrorCode.E002, id="png"),
        pytest.param(
            b"forces \xff\xfe\xfa attacked \x81\x8d\x8f", PUBLISHED, ErrorCode.E003, id="utf8"
        ),
        pytest.param("x" * (DEFAULT_MAX_CHARS + 1), PUBLISHED, ErrorCode.E004, id="too-long"),
        pytest.param(ETHIOPIA, None, ErrorCode.E010, id="no-date"),
        pytest.param(ETHIOPIA, "2025-13-45", ErrorCode.E011, id="bad-date"),
        pytest.param(ETHIOPIA, "yesterday", ErrorCode.E011, id="word-date"),
        pytest.param(ETHIOPIA, date(2999, 1, 1), ErrorCode.E012, id="future"),
    ],
)
def test_bad_input_raises_a_coded_error(
    text: str | bytes, published: date | str | None, code: ErrorCode
) -> None:
    with pytest.raises(eventcoder.EventcoderError) as raised:
        eventcoder.code(text, published=published)
    assert raised.value.code is code
    assert str(raised.value).startswith(f"[{code.name}] ")
    assert raised.value.to_dict()["error"]["code"] == code.name


def test_evidence_has_no_surrounding_whitespace(events: list[Event]) -> None:
    for event in events:
        assert event.evidence.text == event.evidence.text.strip()
