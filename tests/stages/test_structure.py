"""Structure: units are text slices; captions, credits, headings, repeats and datelines found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.coder import Coder
from eventcoder.model import DateBasis, Precision, Unit
from eventcoder.stages.structure import segment


def kinds(units: list[Unit]) -> list[str]:
    return [u.kind for u in units]


def check_spans(text: str, units: list[Unit]) -> None:
    for unit in units:
        assert unit.span.text == text[unit.span.start : unit.span.end]
        assert unit.span.text == unit.span.text.strip() != ""
    starts = [u.span.start for u in units]
    assert starts == sorted(starts)


# --- the dev texts -------------------------------------------------------------------------


def test_seed_article(gold_dir: Path) -> None:
    text = (gold_dir / "seed_article.txt").read_text(encoding="utf-8")
    units, dateline = segment(text, date(2025, 10, 29))
    check_spans(text, units)
    assert dateline is None
    captions = [i for i, u in enumerate(units) if u.kind == "caption"]
    assert len(captions) == 2
    first, repeat = captions
    assert units[first].span.text.startswith("A member of the Taliban forces points his gun")
    assert units[first].duplicate_of is None
    assert units[repeat].duplicate_of == first
    caption_date = units[first].date
    assert caption_date is not None
    assert (caption_date.earliest, caption_date.latest) == (date(2021, 9, 7), date(2021, 9, 7))
    assert caption_date.precision is Precision.DAY
    assert caption_date.basis is DateBasis.CAPTION
    assert caption_date.mention is not None and caption_date.mention.text == "September 7, 2021"
    credit = units[repeat + 1]
    assert credit.kind == "credit"
    assert credit.span.text == "(credit: REUTERS/Stringer TPX IMAGES OF THE DAY)"
    headings = [u.span.text for u in units if u.kind == "heading"]
    assert headings == ["Deadly clashes killed dozens in October"]
    # Everything else is body, and nothing else repeats.
    assert sum(u.kind == "body" for u in units) == len(units) - 4
    assert [i for i, u in enumerate(units) if u.duplicate_of is not None] == [repeat]


@pytest.mark.parametrize(
    ("name", "published", "place", "day", "dateline_text"),
    [
        ("sudan_khartoum_2023", date(2023, 4, 16), "KHARTOUM", date(2023, 4, 16),
         "KHARTOUM, April 16 (Wire) -"),
        ("taiwan_drills_2022", date(2022, 8, 6), "TAIPEI", date(2022, 8, 6),
         "TAIPEI, Aug 6 (Wire) -"),
        ("gaza_aid_2023", date(2023, 10, 21), "CAIRO/GAZA", date(2023, 10, 21),
         "CAIRO/GAZA, Oct 21 (Wire) -"),
        ("syria_quake_crossings_2023", date(2023, 2, 14), "UNITED NATIONS", date(2023, 2, 14),
         "UNITED NATIONS, Feb 14 (Wire) -"),
    ],
)  # fmt: skip
def test_dev_datelines(
    gold_dir: Path, name: str, published: date, place: str, day: date, dateline_text: str
) -> None:
    text = (gold_dir / f"{name}.txt").read_text(encoding="utf-8")
    units, dateline = segment(text, published)
    check_spans(text, units)
    assert dateline is not None
    assert dateline.span.text == dateline_text and dateline.span.start == 0
    assert dateline.place is not None and dateline.place.text == place
    assert dateline.date is not None
    assert dateline.date.earliest == dateline.date.latest == day
    # The lede's body unit starts after the dateline.
    assert units[0].kind == "body"
    assert units[0].span.start > dateline.span.end
    assert not units[0].span.text.startswith(place)


def test_mogadishu_repeated_paragraph(gold_dir: Path) -> None:
    text = (gold_dir / "mogadishu_bombing_2022.txt").read_text(encoding="utf-8")
    units, _ = segment(text, date(2022, 11, 1))
    repeats = [(i, u.duplicate_of) for i, u in enumerate(units) if u.duplicate_of is not None]
    assert repeats == [(3, 1)]
    assert units[1].span.text.startswith("The first car bomb struck")


def test_kenya_old_caption(gold_dir: Path) -> None:
    text = (gold_dir / "kenya_finance_bill_2024.txt").read_text(encoding="utf-8")
    units, dateline = segment(text, date(2024, 6, 26))
    assert dateline is None
    captions = [u for u in units if u.kind == "caption"]
    assert len(captions) == 1
    assert captions[0].span.text.startswith("Police fire tear gas")
    assert captions[0].date is not None and captions[0].date.earliest == date(2023, 3, 20)


def test_dev_texts_have_no_false_structure(gold_dir: Path) -> None:
    """Across the dev set: spans slice, and only the known captions, credits and headings."""
    found: dict[str, list[str]] = {}
    for path in sorted(gold_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        units, _ = segment(text, date(2025, 10, 29))
        check_spans(text, units)
        special = [u.kind for u in units if u.kind != "body"]
        if special:
            found[path.stem] = special
    assert found == {
        "kenya_finance_bill_2024": ["caption"],
        "seed_article": ["caption", "caption", "credit", "heading"],
    }


# --- paragraphs ----------------------------------------------------------------------------


def test_one_line_per_paragraph_and_blank_lines() -> None:
    text = "First paragraph here.\nSecond paragraph here.\n\n\n  Third one.  \n"
    units, _ = segment(text, date(2025, 1, 1))
    assert [u.span.text for u in units] == [
        "First paragraph here.",
        "Second paragraph here.",
        "Third one.",
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "The army said in a statement on Monday that it\n"
        "had killed several militants in the region, and\n"
        "that more operations were planned in the coming\n"
        "weeks.\n"
        "The militants denied it."
    )
    units, _ = segment(text, date(2025, 1, 1))
    assert [u.span.text for u in units] == [text[: text.index("\nThe militants")],
                                            "The militants denied it."]  # fmt: skip


def test_line_starting_lowercase_continues() -> None:
    text = (
        "Talks between the two sides, which began on Monday in a hotel in the capital city\n"
        "and were mediated by Qatar, ended without agreement on Wednesday evening."
    )
    units, _ = segment(text, date(2025, 1, 1))
    assert len(units) == 1


def test_empty_text() -> None:
    assert segment("", date(2025, 1, 1)) == ([], None)
    assert segment(" \n\n\t", date(2025, 1, 1)) == ([], None)


# --- credits, captions, headings -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "(credit: REUTERS/Stringer)",
        "Photo: AP",
        "Photo by Jane Doe/AFP",
        "Reporting by Jane Doe in Khartoum; Editing by John Roe",
        "(Reporting by Jane Doe; Writing by John Roe; Editing by Alex Poe)",
        "Additional reporting by Jane Doe",
        "REUTERS/Mohammed Salem",
        "By Jane Doe and John Roe",
    ],
)
def test_credit_lines(line: str) -> None:
    text = f"The army said it had taken the airport on Sunday.\n\n{line}"
    units, _ = segment(text, date(2025, 1, 1))
    assert kinds(units) == ["body", "credit"]


def test_not_credits() -> None:
    text = (
        "By 2030, the government plans to double exports.\n\n"
        "By Monday the army had taken the airport."
    )
    units, _ = segment(text, date(2025, 1, 1))
    assert kinds(units) == ["body", "body"]


def test_caption_followed_by_glued_credit_is_split() -> None:
    text = "Protesters gather outside parliament in Nairobi, Kenya, June 25, 2024. REUTERS/Jane Doe"
    units, _ = segment(text, date(2024, 6, 26))
    assert kinds(units) == ["caption", "credit"]
    assert units[1].span.text == "REUTERS/Jane Doe"


@pytest.mark.parametrize(
    ("ending", "earliest", "latest", "precision"),
    [
        ("Kabul, Afghanistan September 7, 2021.", date(2021, 9, 7), date(2021, 9, 7), "day"),
        ("Kabul, Afghanistan, 7 September 2021.", date(2021, 9, 7), date(2021, 9, 7), "day"),
        ("Kabul, Afghanistan, Sept. 7, 2021", date(2021, 9, 7), date(2021, 9, 7), "day"),
        ("Kabul, Afghanistan, February 2020.", date(2020, 2, 1), date(2020, 2, 29), "month"),
        ("Kabul, Afghanistan, 2019.", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ],
)
def test_caption_dates(ending: str, earliest: date, latest: date, precision: str) -> None:
    text = f"A soldier stands guard as people walk past a checkpoint in {ending}"
    units, _ = segment(text, date(2025, 1, 1))
    assert kinds(units) == ["caption"]
    assert units[0].date is not None
    assert (units[0].date.earliest, units[0].date.latest) == (earliest, latest)
    assert units[0].date.precision.value == precision
    mention = units[0].date.mention
    assert mention is not None and text[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "sentence",
    [
        "The war began when Russian troops crossed the border on February 24, 2022.",
        "The accord was signed by both sides in Geneva in October 2017.",
        "Officials said the talks would resume later, possibly in March 2026.",
        "Fighting resumed in the city of Kabul, says the ministry, February 30, 2021.",
    ],
)
def test_body_sentences_ending_in_dates_are_not_captions(sentence: str) -> None:
    units, _ = segment(sentence, date(2025, 1, 1))
    assert kinds(units) == ["body"]
    assert units[0].date is None


def test_file_photo_and_described_photo_are_captions() -> None:
    text = (
        "FILE PHOTO: Soldiers patrol a street in Kabul.\n\n"
        "A soldier stands guard at a checkpoint.\n(Photo: AP)\n\n"
        "The army said on Monday it had taken the town."
    )
    units, _ = segment(text, date(2025, 1, 1))
    assert kinds(units) == ["caption", "caption", "credit", "body"]
    assert all(u.date is None for u in units)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Deadly clashes killed dozens in October", "heading"),
        ("WHAT HAPPENS NEXT", "heading"),
        ("Why the talks failed?", "body"),
        ("The sources said:", "body"),
        ("This is a long line without any final punctuation that goes on and on for many "
         "words beyond a heading", "body"),
    ],
)  # fmt: skip
def test_headings(line: str, kind: str) -> None:
    text = f"The army said on Monday it had taken the town.\n\n{line}\n\nThe rebels denied it."
    units, _ = segment(text, date(2025, 1, 1))
    assert kinds(units) == ["body", kind, "body"]


# --- repeats -------------------------------------------------------------------------------


def test_repeats_are_normalised() -> None:
    text = (
        "The army said it had taken the airport.\n\n"
        "Rebels denied it.\n\n"
        "The  army said it had\ntaken the airport.\n\n"
        "THE ARMY SAID IT HAD TAKEN THE AIRPORT.\n\n"
        "Rebels denied it. (Reporting by Jane Doe)"
    )
    units, _ = segment(text, date(2025, 1, 1))
    assert [u.duplicate_of for u in units] == [None, None, 0, 0, 1, None]
    assert kinds(units)[-1] == "credit"


def test_repeat_with_credit_then_without() -> None:
    text = (
        "A man walks past rubble in Gaza City, Gaza October 20, 2023. (credit: REUTERS/Jane Doe)\n"
        "A man walks past rubble in Gaza City, Gaza October 20, 2023.\n\n"
        "Body text follows here."
    )
    units, _ = segment(text, date(2023, 10, 21))
    assert kinds(units) == ["caption", "credit", "caption", "body"]
    assert units[2].duplicate_of == 0


# --- datelines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "place", "day"),
    [
        ("KHARTOUM, April 16 (Wire) -", "KHARTOUM", date(2023, 4, 16)),
        ("TAIPEI, Aug 6 (Reuters) -", "TAIPEI", date(2022, 8, 6)),
        ("WASHINGTON (AP) —", "WASHINGTON", None),
        ("Kabul, Afghanistan —", "Kabul, Afghanistan", None),
        ("KABUL, Afghanistan (AP) —", "KABUL, Afghanistan", None),
        (
            "GOMA, Democratic Republic of Congo, March 12 -",
            "GOMA, Democratic Republic of Congo",
            date(2023, 3, 12),
        ),
        ("PORT-AU-PRINCE, Haiti, Oct 2 (AP) -", "PORT-AU-PRINCE, Haiti", date(2022, 10, 2)),
        ("ANKARA, Aug 1 -", "ANKARA", date(2022, 8, 1)),
        ("MEXICO CITY, Feb. 28 (Reuters) --", "MEXICO CITY", date(2022, 2, 28)),
        ("NEW DELHI, 3 March (Wire) –", "NEW DELHI", date(2023, 3, 3)),
        ("NEW DELHI:", "NEW DELHI", None),
    ],
)
def test_datelines(opening: str, place: str, day: date | None) -> None:
    published = day or date(2023, 4, 16)
    text = "Sudan's army fought the RSF on Sunday.\n\nMore fighting."
    text = f"{opening} {text}"
    units, dateline = segment(text, published)
    assert dateline is not None
    assert dateline.span.text == opening
    assert dateline.place is not None and dateline.place.text == place
    if day is None:
        assert dateline.date is None
    else:
        assert dateline.date is not None and dateline.date.earliest == day
        assert dateline.date.mention is not None
        assert opening[dateline.date.mention.start : dateline.date.mention.end]
    assert units[0].span.text == "Sudan's army fought the RSF on Sunday."
    assert kinds(units) == ["body", "body"]


def test_dateline_date_is_the_latest_on_or_before_publication() -> None:
    _, dateline = segment("KABUL, Dec 30 (Wire) - Talks failed.", date(2024, 1, 2))
    assert dateline is not None and dateline.date is not None
    assert dateline.date.earliest == date(2023, 12, 30)
    _, leap = segment("KABUL, Feb 29 (Wire) - Talks failed.", date(2025, 3, 1))
    assert leap is not None and leap.date is not None
    assert leap.date.earliest == date(2024, 2, 29)


def test_dateline_on_its_own_line_after_title_and_byline() -> None:
    text = (
        "Sudan fighting enters second day\n\n"
        "By Jane Doe\n\n"
        "KHARTOUM (Reuters) -\n\n"
        "Sudan's army fought the RSF on Sunday."
    )
    units, dateline = segment(text, date(2023, 4, 16))
    assert kinds(units) == ["heading", "credit", "dateline", "body"]
    assert dateline is not None and dateline.span.text == "KHARTOUM (Reuters) -"


@pytest.mark.parametrize(
    "text",
    [
        "Pakistan — which has long accused Kabul — said talks had failed.",
        "BREAKING - The army said it had taken the airport.",
        "The army said it had taken the airport.\n\nKABUL, Oct 29 - A later paragraph.",
        "Talks failed: both sides blamed each other.",
    ],
)
def test_not_datelines(text: str) -> None:
    _, dateline = segment(text, date(2025, 10, 29))
    assert dateline is None


# --- any text ------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [*"ab AB.,-—:()/\n\n\t\r\u00a0\u2029’”“0123456789",
     "KABUL, ", "Oct 29 ", "(Wire) - ", "September 7, 2021.", "(credit: X/Y)", "Photo: ",
     "REUTERS/", "By ", "FILE PHOTO: ", "Feb 29", "  \n"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join), st.dates())
def test_segment_never_raises_and_spans_slice(text: str, published: date) -> None:
    units, dateline = segment(text, published)
    check_spans(text, units)
    for unit in units:
        assert unit.duplicate_of is None or 0 <= unit.duplicate_of < units.index(unit)
        if unit.date is not None and unit.date.mention is not None:
            mention = unit.date.mention
            assert text[mention.start : mention.end] == mention.text
    if dateline is not None:
        assert text[dateline.span.start : dateline.span.end] == dateline.span.text
        if dateline.place is not None:
            assert text[dateline.place.start : dateline.place.end] == dateline.place.text
        if dateline.date is not None:
            assert dateline.date.earliest <= published


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.dates())
def test_segment_on_arbitrary_unicode(text: str, published: date) -> None:
    units, _ = segment(text, published)
    check_spans(text, units)


def test_a_text_of_only_headline_like_lines_is_coded_as_a_report() -> None:
    assert kinds(segment("Gunmen kill 12 in Zamfara village", date(2025, 3, 14))[0]) == ["body"]
    events = Coder().code(
        "A Kenyan peacekeeper was killed by unidentified armed assailants in Bangui on Monday",
        date(2025, 3, 14),
    )
    assert [e.type for e in events] == ["ASSAULT"]
