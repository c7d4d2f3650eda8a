"""Properties of the whole coder on arbitrary news-like text: it never raises, every span it
reports indexes the text, every date interval is ordered, and coding is deterministic."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.coder import Coder
from eventcoder.model import Document

_VOCABULARY = (
    "the army attacked Pakistan 's Kabul killed 12 on Monday last week protesters said , . "
    '" ( ) - \n\n KHARTOUM, April 16 (Wire) - Taliban TTP at least dozens border with ceasefire '
    "agreed talks would not denied ? ; : 2021 September 7, 2021 (credit: X) Photo: A Russia "
    "Ukraine drones struck Kyiv overnight sanctions imposed on Iran the UN urged both sides"
)
WORDS = tuple(_VOCABULARY.split(" "))


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=60),
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 1, 1)),
)
def test_any_news_like_text_codes_consistently(
    coder: Coder, words: list[str], published: date
) -> None:
    text = " ".join(words)
    document = Document(id="prop", text=text, published=published)
    events = coder.code_document(document)
    for event in events:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert event.evidence.start <= event.trigger.start < event.evidence.end
        assert event.date.earliest <= event.date.latest
        # An attack by an unnamed doer ("gunmen", "a shell fell") keeps no source, but every
        # coded event names at least one side.
        assert event.source or event.target, "every coded event names an actor"
    assert [e.id for e in coder.code_document(document)] == [e.id for e in events]
