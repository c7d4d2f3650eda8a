"""The ACLED and POLECAT map files: they load, cover every PLOVER type and mode they must, and
the validators reject what would make an export wrong."""

from __future__ import annotations

import copy
from typing import Any

import pycountry
import pytest

from eventcoder.errors import EventcoderError
from eventcoder.knowledge.lexicon import MODES, read_data_yaml
from eventcoder.model import EVENT_TYPES
from eventcoder.store.export_maps import (
    ACLED_MAP_FILE,
    ACLED_REGIONS,
    POLECAT_MAP_FILE,
    build_acled_map,
    build_polecat_map,
    load_acled_map,
    load_polecat_map,
)


@pytest.fixture
def acled_raw() -> dict[str, Any]:
    return copy.deepcopy(read_data_yaml(ACLED_MAP_FILE))


@pytest.fixture
def polecat_raw() -> dict[str, Any]:
    return copy.deepcopy(read_data_yaml(POLECAT_MAP_FILE))


def test_every_plover_type_is_mapped_to_acled_or_excluded_once() -> None:
    acled = load_acled_map()
    assert set(acled.types) | acled.excluded == set(EVENT_TYPES)
    assert not set(acled.types) & acled.excluded
    # ACLED codes violence, demonstrations and strategic developments, not talk or diplomacy.
    assert {"ASSAULT", "PROTEST", "AGREE", "COERCE"} <= set(acled.types)
    assert {"CONSULT", "ACCUSE", "THREATEN", "SANCTION", "AID"} <= acled.excluded


@pytest.mark.parametrize(
    ("event_type", "mode", "civilian", "expected"),
    [
        ("ASSAULT", "aerial", False, ("Explosions/Remote violence", "Air/drone strike")),
        ("ASSAULT", "aerial", True, ("Explosions/Remote violence", "Air/drone strike")),
        ("ASSAULT", None, False, ("Battles", "Armed clash")),
        ("ASSAULT", "firearms", True, ("Violence against civilians", "Attack")),
        (
            "ASSAULT",
            "abduct",
            False,
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        ("ASSAULT", "crowd-control", False, ("Protests", "Protest with intervention")),
        ("PROTEST", "riot", False, ("Riots", "Violent demonstration")),
        ("PROTEST", "demo", False, ("Protests", "Peaceful protest")),
        ("AGREE", None, False, ("Strategic developments", "Agreement")),
        ("COERCE", "arrest", False, ("Strategic developments", "Arrests")),
        (
            "RETREAT",
            "withdraw",
            False,
            ("Strategic developments", "Non-violent transfer of territory"),
        ),
    ],
)
def test_acled_categories(
    event_type: str, mode: str | None, civilian: bool, expected: tuple[str, str]
) -> None:
    category = load_acled_map().category(event_type, mode, civilian_target=civilian)
    assert category is not None
    assert (category.event_type, category.sub_event_type) == expected


def test_excluded_types_have_no_acled_category() -> None:
    assert load_acled_map().category("CONSULT", "visit", civilian_target=False) is None


def test_every_country_has_exactly_one_acled_region() -> None:
    regions = load_acled_map().regions
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in regions]
    assert missing == []
    assert set(regions.values()) == ACLED_REGIONS
    # ACLED's own departures from the UN sub-regions.
    assert regions["IRN"] == regions["SYR"] == "Middle East"
    assert regions["MEX"] == "North America"
    assert regions["SDN"] == "Northern Africa"
    assert regions["ARM"] == "Caucasus and Central Asia"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda raw: raw["types"]["ASSAULT"]["modes"].update({"hugging": "Attack"}), "hugging"),
        (lambda raw: raw["types"]["PROTEST"].update({"default": "Picnic"}), "Picnic"),
        (lambda raw: raw["excluded"].append("ASSAULT"), "once"),
        (lambda raw: raw["excluded"].remove("CONSULT"), "CONSULT"),
        (lambda raw: raw["regions"]["Europe"].append("ETH"), "ETH"),
        (lambda raw: raw["regions"].update({"Atlantis": ["ATL"]}), "Atlantis"),
        (lambda raw: raw["inter_codes"].update({"MIL": 9}), "MIL"),
    ],
)
def test_acled_map_validation_rejects(acled_raw: dict[str, Any], edit: Any, message: str) -> None:
    edit(acled_raw)
    with pytest.raises(EventcoderError) as info:
        build_acled_map(acled_raw, "acled_map.yaml")
    assert info.value.code.name == "E050"
    assert message in str(info.value)


def test_polecat_quad_codes_and_intensity_follow_the_manual() -> None:
    polecat = load_polecat_map()
    assert polecat.quad_codes["AGREE"] == 1
    assert polecat.quad_codes["AID"] == 2
    assert polecat.quad_codes["SANCTION"] == 3
    assert polecat.quad_codes["ASSAULT"] == 4
    assert polecat.intensity("ASSAULT", "unconventional") == -10
    assert polecat.intensity("ASSAULT", None) == -9
    assert polecat.intensity("PROTEST", "vandalize") == -5  # no table entry: the type's score
    assert polecat.intensity("ACCUSE", None) < 0  # the manual's sign slip, corrected
    for event_type in EVENT_TYPES:
        for mode in MODES[event_type]:
            assert -10 <= polecat.intensity(event_type, mode) <= 10


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda raw: raw["quad_codes"].pop("AID"), "quad_codes"),
        (lambda raw: raw["quad_codes"].update({"AID": 5}), "quad_codes"),
        (lambda raw: raw["intensity"]["AID"].update({"score": 11}), "AID"),
        (lambda raw: raw["intensity"]["AGREE"].update({"modes": {"hug": 3}}), "hug"),
    ],
)
def test_polecat_map_validation_rejects(
    polecat_raw: dict[str, Any], edit: Any, message: str
) -> None:
    edit(polecat_raw)
    with pytest.raises(EventcoderError) as info:
        build_polecat_map(polecat_raw, "polecat_map.yaml")
    assert info.value.code.name == "E050"
    assert message in str(info.value)
