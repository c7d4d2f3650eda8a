"""Case restoration: caseless paragraphs get their names' and sentences' capitals back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.coder import Coder, make_document
from eventcoder.knowledge.casing import (
    CaseRestorer,
    build_case_restorer,
    case_mode,
    load_case_restorer,
)


@pytest.fixture(scope="module")
def restorer() -> CaseRestorer:
    return load_case_restorer()


def test_a_lower_case_crawl_gets_places_days_groups_and_sentence_starts(
    restorer: CaseRestorer,
) -> None:
    text = (
        "police arrested 23 persons in ahmedabad on sunday after a mob set fire to shops. "
        "the pakistani taliban said they attacked a checkpoint near peshawar."
    )
    assert restorer.restore(text) == (
        "Police arrested 23 persons in Ahmedabad on Sunday after a mob set fire to shops. "
        "The Pakistani Taliban said they attacked a checkpoint near Peshawar."
    )


def test_a_name_after_a_title_is_a_name_wherever_the_story_repeats_it(
    restorer: CaseRestorer,
) -> None:
    text = (
        "joint commissioner v n deshmukh and german citizen rico krieger spoke on monday. "
        "the commissioner said krieger was freed. the minister concerned was absent."
    )
    assert restorer.restore(text) == (
        "Joint commissioner V N Deshmukh and German citizen Rico Krieger spoke on Monday. "
        "The commissioner said Krieger was freed. The minister concerned was absent."
    )


def test_common_words_that_are_also_town_names_stay_words(restorer: CaseRestorer) -> None:
    restored = restorer.restore("the police reached a deal with the union on monday in split.")
    assert "police" in restored and "deal" in restored and "Monday" in restored


def test_nouns_that_spell_an_acronym_stay_words(restorer: CaseRestorer) -> None:
    restored = restorer.restore("we took note of the fact that an amnesty was granted by hamas.")
    assert "fact" in restored and "amnesty" in restored and "Hamas" in restored


def test_word_months_need_a_number_and_dotted_abbreviations_end_no_sentence(
    restorer: CaseRestorer,
) -> None:
    restored = restorer.restore("troops may leave. talks resume on may 5 in the u.s. capital.")
    assert restored == "Troops may leave. Talks resume on May 5 in the U.S. capital."


def test_shouted_text_keeps_acronyms_but_not_acronym_words(restorer: CaseRestorer) -> None:
    restored = restorer.restore("THE RSF SHELLED KHARTOUM ON FRIDAY, AND WHO KNOWS WHY. LET US GO.")
    assert restored == "The RSF shelled Khartoum on Friday, and who knows why. Let us go."


def test_text_with_case_passes_through_unchanged(restorer: CaseRestorer) -> None:
    text = "KABUL, Oct 29 - Pakistani troops fired on a crowd in Kabul, officials said.\n\nMail"
    assert restorer.restore(text) is text


def test_only_caseless_paragraphs_are_restored(restorer: CaseRestorer) -> None:
    text = "PROTESTS SPREAD ACROSS KENYA\nPolice fired tear gas in Nairobi on Tuesday."
    assert restorer.restore(text) == (
        "Protests spread across Kenya\nPolice fired tear gas in Nairobi on Tuesday."
    )


def test_case_mode_reads_the_share_of_capitals() -> None:
    assert case_mode("police opened fire on a mob in baroda on thursday") == "lower"
    assert case_mode("POLICE OPENED FIRE ON A MOB IN BARODA ON THURSDAY") == "upper"
    assert case_mode("Police opened fire on a mob in Baroda on Thursday") is None
    assert case_mode("Mail") is None  # too short to tell


def test_a_one_word_common_name_is_no_name_but_an_acronym_is() -> None:
    restorer = build_case_restorer(["Deal", "NATO", "Gaza City"], frozenset({"deal"}))
    assert restorer.restore("nato troops cut a deal in gaza city.") == (
        "NATO troops cut a deal in Gaza City."
    )


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_restoring_changes_only_case_and_never_a_length(text: str) -> None:
    restorer = build_case_restorer(["Gaza City", "NATO", "Khartoum"], frozenset())
    restored = restorer.restore(text)
    assert len(restored) == len(text)
    for before, after in zip(text, restored, strict=True):
        assert after == before or after.lower() == before.lower()


def test_lower_case_news_is_coded_and_quoted_as_given() -> None:
    text = "police arrested 23 persons in ahmedabad on sunday after a mob set fire to shops."
    events = Coder().code(text, date(2002, 3, 5))
    arrests = [e for e in events if e.type == "COERCE"]
    assert arrests, [(e.type, e.evidence.text) for e in events]
    arrest = arrests[0]
    assert [a.code for a in arrest.source] == ["IND"]
    assert arrest.evidence.text == text[arrest.evidence.start : arrest.evidence.end]
    assert arrest.evidence.text.startswith("police arrested")
    assert arrest.date.earliest == date(2002, 3, 3)  # the Sunday before publication


def test_mentions_of_a_restored_text_quote_the_input() -> None:
    text = "police arrested 23 persons in ahmedabad on sunday."
    annotated = Coder().pipeline(make_document(text, date(2002, 3, 5)))
    assert annotated.text != text
    spans = [m.span for m in (*annotated.actors, *annotated.places, *annotated.times)]
    spans += [t.span for t in annotated.triggers]
    assert spans and all(s.text == text[s.start : s.end] for s in spans)


def test_month_abbreviations_and_curated_group_names_are_restored(
    restorer: CaseRestorer,
) -> None:
    restored = restorer.restore("hamas gunmen crossed into israel on oct. 7, the dec vote aside.")
    assert restored == "Hamas gunmen crossed into Israel on Oct. 7, the dec vote aside."


def test_a_caseless_dateline_is_written_as_wires_write_it(restorer: CaseRestorer) -> None:
    assert restorer.restore("baroda: curfew was clamped in the town.") == (
        "BARODA: Curfew was clamped in the town."
    )
    assert restorer.restore("mexico city, feb 28 (wire) - mexico sent troops.") == (
        "MEXICO CITY, Feb 28 (Wire) - Mexico sent troops."
    )
    assert restorer.restore("police said: the mob fled.") == "Police said: the mob fled."
    assert restorer.restore("kabul, afghanistan, may 3 (wire) - a bomb went off.") == (
        "KABUL, Afghanistan, May 3 (Wire) - A bomb went off."
    )
