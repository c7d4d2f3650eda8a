"""Leaders: a bare leader's name codes as their state or group, only while in office."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.actors import (
    LEADERS_PATH,
    ActorLexicon,
    build_actor_lexicon,
    load_actor_lexicon,
)


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return load_actor_lexicon()


def coded(
    lex: ActorLexicon, text: str, on: date, offset: int = 0
) -> list[tuple[str, str, str | None, str]]:
    """(span text, code, canonical name, kind) of every mention, checking every span."""
    out = []
    for m in lex.find(text, on, offset=offset):
        assert text[m.span.start - offset : m.span.end - offset] == m.span.text
        assert m.actor.mention == m.span
        out.append((m.span.text, m.actor.code, m.actor.name, m.kind))
    return out


# --- the data ---------------------------------------------------------------------------------


def test_table_is_big() -> None:
    lex = build_actor_lexicon()
    assert lex.counts["leader_terms"] >= 1000
    assert lex.counts["leaders"] >= 800


def test_every_row_is_well_formed() -> None:
    rows = yaml.safe_load(LEADERS_PATH.read_text(encoding="utf-8"))["leaders"]
    for row in rows:
        assert set(row) <= {"name", "aliases", "titled", "code", "sector", "role", "start", "end"}
        assert isinstance(row["start"], date), row
        assert row["end"] is None or row["start"] <= row["end"], row


# --- matching by date -------------------------------------------------------------------------


def test_a_bare_name_codes_only_during_the_term(lex: ActorLexicon) -> None:
    assert coded(lex, "Putin said on Tuesday", date(2022, 3, 1)) == [
        ("Putin", "RUS", "Vladimir Putin", "person")
    ]
    assert coded(lex, "Biden met Modi", date(2023, 6, 22)) == [
        ("Biden", "USA", "Joe Biden", "person"),
        ("Modi", "IND", "Narendra Modi", "person"),
    ]
    assert coded(lex, "Biden said", date(2026, 1, 5)) == []
    assert coded(lex, "Trump said", date(2022, 6, 1)) == []  # a private person then
    assert coded(lex, "Trump said", date(2025, 6, 1))[0][1] == "USA"
    assert coded(lex, "Trump said", date(2019, 6, 1))[0][1] == "USA"
    assert coded(lex, "Sheinbaum said", date(2025, 2, 4))[0][1] == "MEX"
    assert coded(lex, "Guterres urged calm", date(2023, 4, 16))[0][1] == "UN"
    assert coded(lex, "Hemedti said", date(2023, 4, 16))[0][1:] == (
        "RSF",
        "Mohamed Hamdan Dagalo",
        "person",
    )


def test_armed_group_leaders_follow_their_group(lex: ActorLexicon) -> None:
    assert coded(lex, "Nasrallah spoke", date(2024, 9, 20))[0][1] == "HEZBOLLAH"
    assert coded(lex, "Nasrallah spoke", date(2024, 10, 1)) == []  # killed 2024-09-27
    assert coded(lex, "Sinwar said", date(2024, 8, 10))[0][1] == "HAMAS"
    assert coded(lex, "al-Julani said", date(2020, 1, 1))[0][1] == "HTS"
    assert coded(lex, "al-Julani said", date(2015, 1, 1))[0][1] == "NUSRA_FRONT"
    assert coded(lex, "Ahmed al-Sharaa met", date(2025, 5, 1))[0][1:3] == (
        "SYR",
        "Ahmed al-Sharaa",
    )
    assert coded(lex, "Akhundzada decreed", date(2019, 1, 1))[0][1] == "TALIBAN"
    assert coded(lex, "Akhundzada decreed", date(2023, 1, 1))[0][1] == "AFG"


def test_spellings(lex: ActorLexicon) -> None:
    on = date(2023, 7, 20)
    for name in ("Zelensky", "Zelenskiy", "Zelenskyy", "Volodymyr Zelenskiy"):
        assert coded(lex, f"{name} said", on)[0][1:3] == ("UKR", "Volodymyr Zelensky"), name
    for name in ("Erdogan", "Erdoğan", "Tayyip Erdogan", "Recep Tayyip Erdoğan"):
        assert coded(lex, f"{name} said", on)[0][1] == "TUR", name
    assert coded(lex, "Xi Jinping and Lukashenko", on) == [
        ("Xi Jinping", "CHN", "Xi Jinping", "person"),
        ("Lukashenko", "BLR", "Alexander Lukashenko", "person"),
    ]
    assert [c for _, c, _, _ in coded(lex, "Netanyahu, Ruto, Assad and Abiy Ahmed", on)] == [
        "ISR",
        "KEN",
        "SYR",
        "ETH",
    ]
    assert coded(lex, "putin said", on) == []  # a name needs its capital


# --- surnames ---------------------------------------------------------------------------------


def test_common_surnames_need_a_first_name_or_title(lex: ActorLexicon) -> None:
    on = date(2025, 8, 1)
    assert coded(lex, "Lee said", on) == []
    assert coded(lex, "Lee Jae-myung said", on)[0][1] == "KOR"
    assert coded(lex, "President Lee said", on) == [
        ("President Lee", "KOR", "Lee Jae-myung", "person")
    ]
    assert coded(lex, "Khan said", date(2020, 1, 1)) == []
    assert coded(lex, "Prime Minister Khan said", date(2020, 1, 1))[0][1] == "PAK"


def test_a_surname_inside_another_name_is_not_the_leader(lex: ActorLexicon) -> None:
    on = date(2023, 3, 1)
    assert coded(lex, "Hunter Biden said", on) == []
    assert coded(lex, "they met at Trump Tower", date(2025, 3, 1)) == []
    assert coded(lex, "Xi Jinping Thought", on) == []
    assert coded(lex, "Mr Putin said", on)[0][:2] == ("Putin", "RUS")
    # an earlier mention before the name is no first name: "Israeli Benjamin Netanyahu"
    assert [c for _, c, _, _ in coded(lex, "Israeli Benjamin Netanyahu said", on)] == [
        "ISR",
        "ISR",
    ]


# --- titles and chains ------------------------------------------------------------------------


def test_a_title_and_name_stay_one_mention(lex: ActorLexicon) -> None:
    on = date(2022, 3, 1)
    assert coded(lex, "President Vladimir Putin said", on) == [
        ("President Vladimir Putin", "RUS", "Vladimir Putin", "person")
    ]
    assert coded(lex, "Russian President Vladimir Putin said", on) == [
        ("Russian President Vladimir Putin", "RUS", "Vladimir Putin", "person")
    ]
    assert coded(lex, "President Joseph R. Biden said", on)[0][1:3] == ("USA", "Joe Biden")
    m = lex.find("army chief General Abdel Fattah al-Burhan said", date(2023, 4, 16))[0]
    assert (m.actor.code, m.actor.sector, m.kind) == ("SDN", "MIL", "person")
    # out of office, a title codes nothing by itself
    assert coded(lex, "President Tsai Ing-wen said", date(2025, 10, 29))[0][1] == ""
    assert coded(lex, "President Tsai Ing-wen said", date(2022, 8, 3))[0][1] == "TWN"
    assert coded(lex, "former President Donald Trump said", date(2022, 8, 3))[0][1] == ""


def test_a_leader_anchors_an_institution(lex: ActorLexicon) -> None:
    on = date(2024, 3, 1)
    m = lex.find("Netanyahu's office said", on)[0]
    assert (m.span.text, m.actor.code, m.actor.sector, m.kind) == (
        "Netanyahu's office",
        "ISR",
        "GOV",
        "state",
    )
    assert coded(lex, "Putin's spokesman Dmitry Peskov said", on) == [
        ("Putin's spokesman Dmitry Peskov", "RUS", "Dmitry Peskov", "person")
    ]
    assert coded(lex, "the Biden administration", date(2023, 1, 1))[0][:2] == (
        "Biden administration",
        "USA",
    )


def test_offsets_index_the_document(lex: ActorLexicon) -> None:
    doc = "KHARTOUM (Wire) - Dagalo called Burhan a criminal; Guterres urged calm."
    start = doc.index("Dagalo")
    mentions = lex.find(doc[start:], date(2023, 4, 16), offset=start)
    assert [(doc[m.span.start : m.span.end], m.actor.code) for m in mentions] == [
        ("Dagalo", "RSF"),
        ("Burhan", "SDN"),
        ("Guterres", "UN"),
    ]
    assert all(doc[m.span.start : m.span.end] == m.span.text for m in mentions)


def test_without_the_table_bare_names_are_not_coded() -> None:
    lex = build_actor_lexicon(leaders=None)
    assert lex.find("Putin said", date(2022, 3, 1)) == []
    assert lex.counts["leader_terms"] == 0


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        ("{name: A B, code: ZZZ, sector: GOV, role: x, start: 2000-01-01}", "unknown code"),
        ("{name: A B, code: RUS, sector: XXX, role: x, start: 2000-01-01}", "sector"),
        ("{name: A B, code: RUS, sector: GOV, role: x}", "missing start"),
        ("{name: A B, code: RUS, sector: GOV, role: x, start: 2000-13-01}", "month"),
        ("{name: A B, code: RUS, sector: GOV, role: x, y, start: 2000-01-01}", "unknown fields"),
        ("{name: A B, code: RUS, sector: GOV, role: x, start: 2001, end: null}", "YYYY-MM-DD"),
        (
            "{name: A B, code: RUS, sector: GOV, role: x, start: 2005-01-01, end: 2004-01-01}",
            "ends",
        ),
        ("{name: A B, code: RUS, sector: GOV, start: 2000-01-01}", "missing role"),
        (
            "{name: Lee Min, aliases: [Lee], code: KOR, sector: GOV, role: x, start: 2000-01-01}",
            "too common",
        ),
        (
            "{name: A B, aliases: [Pakistan], code: RUS, sector: GOV, role: x, start: 2000-01-01}",
            "state's or group's name",
        ),
        (
            "{name: A B, aliases: [Zed], code: RUS, sector: GOV, role: x, start: 2000-01-01}\n"
            "  - {name: C D, aliases: [Zed], code: UKR, sector: GOV, role: x, "
            "start: 2005-01-01, end: 2006-01-01}",
            "names both",
        ),
    ],
)
def test_malformed_leaders_raise_e050(tmp_path: Path, row: str, detail: str) -> None:
    path = tmp_path / "leaders.yaml"
    path.write_text(f"leaders:\n  - {row}\n", encoding="utf-8")
    with pytest.raises(EventcoderError) as info:
        build_actor_lexicon(leaders=path)
    assert info.value.code is ErrorCode.E050
    assert detail in str(info.value)
    assert str(path) in str(info.value)


def test_one_person_may_change_code_on_a_handover_day(tmp_path: Path) -> None:
    path = tmp_path / "leaders.yaml"
    path.write_text(
        "leaders:\n"
        "  - {name: A Zed, aliases: [Zed], code: RUS, sector: GOV, role: x, "
        "start: 2000-01-01, end: 2005-01-01}\n"
        "  - {name: A Zed, aliases: [Zed], code: UN, sector: IGO, role: y, "
        "start: 2005-01-01, end: null}\n",
        encoding="utf-8",
    )
    lex = build_actor_lexicon(leaders=path)
    assert lex.find("Zed said", date(2004, 1, 1))[0].actor.code == "RUS"
    assert lex.find("Zed said", date(2010, 1, 1))[0].actor.code == "UN"
