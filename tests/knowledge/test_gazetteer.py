"""The offline gazetteer: real lookups, disambiguation, regions, borders, scanning, data file."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pycountry
import pytest
import yaml

from eventcoder.errors import EventcoderError
from eventcoder.knowledge import gazetteer as gz
from eventcoder.knowledge.gazetteer import Gazetteer, load_gazetteer, normalize
from eventcoder.model import Place

REGIONS = Path(gz.__file__).resolve().parents[1] / "data" / "regions.yaml"


def km(place: Place, lat: float, lon: float) -> float:
    """Great-circle distance, as the scorer measures it."""
    assert place.lat is not None and place.lon is not None
    p1, p2 = math.radians(place.lat), math.radians(lat)
    dphi, dlmb = p2 - p1, math.radians(lon - place.lon)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("name", "iso3", "lat", "lon"),
    [
        ("Kabul", "AFG", 34.53, 69.17),
        ("Doha", "QAT", 25.29, 51.53),
        ("Istanbul", "TUR", 41.01, 28.98),
        ("Kabkabiya", "SDN", 13.65, 24.08),
        ("Phnom Penh", "KHM", 11.56, 104.92),
        ("Khartoum", "SDN", 15.50, 32.56),
        ("Omdurman", "SDN", 15.64, 32.48),
        ("Mogadishu", "SOM", 2.05, 45.32),
        ("Ankara", "TUR", 39.93, 32.86),
        ("Pretoria", "ZAF", -25.75, 28.19),
        ("Nairobi", "KEN", -1.29, 36.82),
        ("Yerevan", "ARM", 40.18, 44.51),
        ("Yevlakh", "AZE", 40.62, 47.15),
        ("Cairo", "EGY", 30.04, 31.24),
        ("Damascus", "SYR", 33.51, 36.29),
        ("Aleppo", "SYR", 36.20, 37.16),
        ("Taipei", "TWN", 25.03, 121.57),
        ("Moscow", "RUS", 55.76, 37.62),
        ("Washington", "USA", 38.90, -77.04),
        ("Kyiv", "UKR", 50.45, 30.52),
        ("Kiev", "UKR", 50.45, 30.52),
        ("Odessa", "UKR", 46.48, 30.73),
        ("Stepanakert", "AZE", 39.82, 46.75),
        ("Khankendi", "AZE", 39.82, 46.75),
        ("Sanaa", "YEM", 15.35, 44.21),
        ("Sana'a", "YEM", 15.35, 44.21),
        ("Goma", "COD", -1.68, 29.22),
        ("Maiduguri", "NGA", 11.85, 13.16),
        ("Islamabad", "PAK", 33.72, 73.04),
        ("Bethlehem", "PSE", 31.70, 35.20),
        ("Mexico City", "MEX", 19.43, -99.13),
        ("New York", "USA", 40.71, -74.01),
        ("St. Petersburg", "RUS", 59.94, 30.31),
    ],
)
def test_lookup_real_places_within_50_km(gaz: Gazetteer, name, iso3, lat, lon) -> None:
    place = gaz.lookup(name)
    assert place is not None, name
    assert place.country == iso3
    assert km(place, lat, lon) < 50
    assert place.precision == "point"


def test_lookup_is_case_and_accent_insensitive(gaz: Gazetteer) -> None:
    for variant in ("KABUL", "kabul", "Kābul"):
        place = gaz.lookup(variant)
        assert place is not None and place.country == "AFG"
    assert normalize("the Nagorno-Karabakh's") == normalize("Nagorno Karabakh")


def test_hint_disambiguates_then_population(gaz: Gazetteer) -> None:
    gaza_rafah = gaz.lookup("Rafah", "PSE")
    egypt_rafah = gaz.lookup("Rafah", "EGY")
    assert gaza_rafah is not None and gaza_rafah.country == "PSE"
    assert egypt_rafah is not None and egypt_rafah.country == "EGY"
    paris = gaz.lookup("Paris")
    assert paris is not None and paris.country == "FRA"
    texas = gaz.lookup("Paris", "USA")
    assert texas is not None and texas.country == "USA"
    # A hint with no candidate in that country falls back to the best overall.
    kabul = gaz.lookup("Kabul", "FRA")
    assert kabul is not None and kabul.country == "AFG"


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Afghanistan", "AFG"),
        ("Sudan", "SDN"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("United Kingdom", "GBR"),
        ("Britain", "GBR"),
        ("Russia", "RUS"),
        ("Ivory Coast", "CIV"),
        ("DRC", "COD"),
        ("Congo", "COD"),
        ("Republic of Congo", "COG"),
        ("Palestinian territories", "PSE"),
        ("Georgia", "GEO"),
        ("Kosovo", "XKX"),
    ],
)
def test_country_names_resolve_to_countries(gaz: Gazetteer, name, iso3) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country == iso3
    assert place.precision == "country"
    assert place.lat is not None


def test_first_level_regions(gaz: Gazetteer) -> None:
    florida = gaz.lookup("Florida")
    assert florida is not None and (florida.country, florida.precision) == ("USA", "admin")
    georgia = gaz.lookup("Georgia", "USA")
    assert georgia is not None and georgia.precision == "admin"
    # An admin region yields to its eponymous city; the suffixed form is the region.
    kherson = gaz.lookup("Kherson")
    assert kherson is not None and kherson.precision == "point"
    donetsk = gaz.lookup("Donetsk region")
    assert donetsk is not None and (donetsk.country, donetsk.precision) == ("UKR", "admin")
    borno = gaz.lookup("Borno State")
    assert borno is not None and borno.country == "NGA"
    # An alternate name of a city in another region does not steal the state's name.
    morelos = gaz.lookup("Morelos")
    assert morelos is not None and morelos.precision == "admin"


@pytest.mark.parametrize(
    ("name", "iso3", "precision"),
    [
        ("Darfur", "SDN", "region"),
        ("North Darfur", "SDN", "admin"),
        ("Tigray", "ETH", "admin"),
        ("Donbas", "UKR", "region"),
        ("Crimea", "UKR", "admin"),
        ("Gaza Strip", "PSE", "region"),
        ("the Gaza Strip", "PSE", "region"),
        ("West Bank", "PSE", "region"),
        ("Golan Heights", "SYR", "region"),
        ("Nagorno-Karabakh", "AZE", "region"),
        ("Karabakh", "AZE", "region"),
        ("Balochistan", "PAK", "admin"),
        ("Khyber Pakhtunkhwa", "PAK", "admin"),
        ("North Waziristan", "PAK", "region"),
        ("Kashmir", "IND", "region"),
        ("Rakhine", "MMR", "admin"),
        ("Cabo Delgado", "MOZ", "admin"),
        ("Nyanza", "KEN", "region"),
        ("Rift Valley", "KEN", "region"),
        ("North Kivu", "COD", "admin"),
        ("Sinaloa", "MEX", "admin"),
        ("Xinjiang", "CHN", "admin"),
        ("Kerch Strait", "UKR", "region"),
        ("Strait of Hormuz", "IRN", "region"),
        ("Taiwan Strait", "TWN", "region"),
        ("Black Sea", None, "region"),
        ("the Red Sea", None, "region"),
        ("South China Sea", None, "region"),
        ("Sahel", None, "region"),
    ],
)
def test_curated_regions(gaz: Gazetteer, name, iso3, precision) -> None:
    place = gaz.lookup(name)
    assert place is not None, name
    assert (place.country, place.precision) == (iso3, precision)


def test_punjab_split_by_hint(gaz: Gazetteer) -> None:
    pakistan, india = gaz.lookup("Punjab"), gaz.lookup("Punjab", "IND")
    assert pakistan is not None and pakistan.country == "PAK"
    assert india is not None and india.country == "IND"


def test_qualified_regions(gaz: Gazetteer) -> None:
    south = gaz.lookup("southern Israel")
    assert south is not None and (south.country, south.precision) == ("ISR", "region")
    assert south.name == "southern Israel"
    waters = gaz.lookup("waters around Taiwan")
    assert waters is not None and (waters.country, waters.precision) == ("TWN", "region")
    somalia = gaz.lookup("central Somalia")
    assert somalia is not None and somalia.country == "SOM"
    assert gaz.lookup("southern Nowhereland") is None


def test_border_places(gaz: Gazetteer) -> None:
    border = gaz.border("Pakistan", "Afghanistan")
    assert border.name == "Afghanistan-Pakistan border"
    assert (border.country, border.precision) == ("PAK", "region")
    assert border.lat is not None and 30 < border.lat < 35
    by_code = gaz.border("MEX", "USA")
    assert by_code.country == "MEX"
    assert by_code.name == "Mexico-United States border"
    own_side_only = gaz.border("Pakistan", None)
    assert (own_side_only.name, own_side_only.country) == ("Pakistan border", "PAK")
    unknown = gaz.border("Nowhereland", "Afghanistan")
    assert unknown.country == "AFG"


def test_border_longitude_midpoint_across_antimeridian() -> None:
    assert gz._mid_longitude([170.0, -170.0]) == pytest.approx(180.0)
    assert gz._mid_longitude([10.0, 20.0]) == pytest.approx(15.0)


@pytest.mark.parametrize(
    "word", ["Of", "Along", "Police", "Deal", "Split", "Obama", "Okay", "White House", "us"]
)
def test_common_words_do_not_match(gaz: Gazetteer, word: str) -> None:
    assert gaz.lookup(word) is None


def test_common_words_match_when_asked(gaz: Gazetteer) -> None:
    split = gaz.lookup("Split", allow_common=True)
    assert split is not None and split.country == "HRV"
    assert gaz.lookup("Of", allow_common=True) is not None


def test_short_names_match_case_sensitively(gaz: Gazetteer) -> None:
    gao = gaz.lookup("Gao")
    assert gao is not None and gao.country == "MLI"
    assert gaz.lookup("GAO") is None
    assert gaz.lookup("") is None
    assert gaz.lookup("   ") is None


def test_find_offsets_index_the_document(gaz: Gazetteer) -> None:
    document = "Preamble. Heavy fighting raged in Khartoum and Omdurman on Sunday."
    offset = len("Preamble. ")
    mentions = gaz.find(document[offset:], offset)
    assert [m.place.country for m in mentions] == ["SDN", "SDN"]
    assert [m.span.text for m in mentions] == ["Khartoum", "Omdurman"]
    for m in mentions:
        assert document[m.span.start : m.span.end] == m.span.text
        assert m.place.mention == m.span


def test_find_uses_a_following_country_as_hint(gaz: Gazetteer) -> None:
    mentions = gaz.find("He was born in Paris, Texas, and moved to Kabul, Afghanistan.")
    assert [(m.span.text, m.place.country) for m in mentions] == [
        ("Paris", "USA"),
        ("Kabul", "AFG"),
    ]


def test_find_multiword_names_and_suffixes(gaz: Gazetteer) -> None:
    text = (
        "Forces in Donetsk region, the Strait of Hormuz, Dar es Salaam, the Gaza Strip, "
        "Bab al-Hawa crossing and northwest Syria."
    )
    found = {m.span.text: m.place for m in gaz.find(text)}
    assert found["Donetsk region"].precision == "admin"
    assert found["Strait of Hormuz"].country == "IRN"
    assert found["Dar es Salaam"].country == "TZA"
    assert found["Gaza Strip"].country == "PSE"
    assert found["Bab al-Hawa crossing"].country == "SYR"
    assert found["northwest Syria"].precision == "region"


def test_find_skips_names_of_people_and_common_words(gaz: Gazetteer) -> None:
    text = "Police said Barack Obama met President Joe Biden. Split the bill."
    assert gaz.find(text) == []


def test_find_does_not_join_across_sentences(gaz: Gazetteer) -> None:
    mentions = gaz.find("Talks were held in Kabul. Istanbul hosted the next round.")
    assert [m.span.text for m in mentions] == ["Kabul", "Istanbul"]


def test_find_hyphenated_and_possessive(gaz: Gazetteer) -> None:
    mentions = gaz.find("Ukraine's army and Afghanistan-Pakistan border clashes.")
    assert [(m.span.text, m.place.country) for m in mentions] == [
        ("Ukraine", "UKR"),
        ("Afghanistan", "AFG"),
        ("Pakistan", "PAK"),
    ]


def test_a_hyphenated_name_of_its_own_holds_no_namesake(gaz: Gazetteer) -> None:
    # Invented villages: a particle ("-e") or an unknown capitalised part makes the word one
    # name, which is not the capital or town its first part spells.
    assert gaz.find("fighting near Rabat-e Bolandi and Toulon-Mbarakou") == []
    kept = gaz.find("Kabul-based traders and Sino-Vietnamese trade")
    assert [(m.span.text, m.place.country) for m in kept] == [("Kabul", "AFG")]


def test_cache_round_trip(tmp_path: Path, gaz: Gazetteer) -> None:
    path = tmp_path / "gazetteer.marshal"
    gz._write_cache(path, gaz._index)
    index = gz._read_cache(path)
    assert index is not None
    loaded = Gazetteer(index)
    place = loaded.lookup("Kabul")
    assert place is not None and place.country == "AFG"
    path.write_bytes(b"not a cache")
    assert gz._read_cache(path) is None
    assert gz._read_cache(tmp_path / "missing") is None


def test_sizes(gaz: Gazetteer) -> None:
    size = gaz.size
    assert size["cities"] > 30_000
    assert size["countries"] >= 249
    assert size["admin"] >= 50
    assert size["curated"] >= 300
    assert size["towns"] > 20_000
    assert size["subdivisions"] > 3_000
    kinds = ("cities", "countries", "admin", "curated", "towns", "subdivisions")
    assert len(gaz) == sum(size[k] for k in kinds)


# -- the small-town tier and ISO 3166-2 subdivisions ---------------------------------------------


def test_small_towns_resolve_to_points(gaz: Gazetteer) -> None:
    # Towns of 5,000 to 15,000 people, outside the 15,000 tier.
    place = gaz.lookup("Muramvya")
    assert place is not None and place.country == "BDI" and place.precision == "point"
    assert km(place, -3.27, 29.62) < 20


@pytest.mark.parametrize("name", ["Hope", "Progress", "Welcome", "Justice", "Commerce"])
def test_small_towns_named_by_english_words_never_match(gaz: Gazetteer, name: str) -> None:
    # Each is a town of the small tier; none is in the 15,000 tier's common-word list.
    assert gaz.candidates(name) == []
    assert gaz.find(f"Crowds gathered in {name} on Monday.") == []


def test_small_towns_rank_below_the_15000_tier(gaz: Gazetteer) -> None:
    # Every town of the tier ranks below every city and region that already had its name.
    for name in ("Victoria", "Santa Fe", "Kingston", "Georgia", "Lagos"):
        candidates = gaz.candidates(name)
        if not candidates:
            continue
        towns = [i for i, p in enumerate(candidates) if gaz._index.rows[_row(gaz, p)][8] == 4]
        others = [i for i, p in enumerate(candidates) if gaz._index.rows[_row(gaz, p)][8] != 4]
        assert not towns or not others or max(others) < min(towns), name


def _row(gaz: Gazetteer, place: Place) -> int:
    for i, row in enumerate(gaz._index.rows):
        if row[0] == place.name and row[1] == place.country and row[2] == place.lat:
            return i
    raise AssertionError(place)


def test_capitalised_acronyms_are_not_small_towns(gaz: Gazetteer) -> None:
    assert [m.place.country for m in gaz.find("Traders marched in Muramvya.")] == ["BDI"]
    assert gaz.find("Members of MURAMVYA marched.") == []


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Helmand", "AFG"),
        ("Helmand province", "AFG"),
        ("Makamba province", "BDI"),
        ("Sud-Ubangi", "COD"),
        ("Loroum province", "BFA"),
        ("Plateau State", "NGA"),
        ("Lakes State", "SSD"),
        ("Littoral Department", "BEN"),
        ("Guerrero", "MEX"),
        ("Essex", "GBR"),
        ("Littoral Region", "CMR"),
    ],
)
def test_subdivisions_give_their_country(gaz: Gazetteer, name: str, iso3: str) -> None:
    place = gaz.lookup(name)
    assert place is not None, name
    assert place.country == iso3
    assert place.precision == "admin"


def test_subdivisions_are_accent_insensitive_and_located_at_their_seat(gaz: Gazetteer) -> None:
    # pycountry writes "Ghaznī"; the point is Ghazni city's.
    place = gaz.lookup("Ghazni Province")
    assert place is not None and place.country == "AFG" and place.precision == "admin"
    assert km(place, 33.55, 68.42) < 5


@pytest.mark.parametrize("name", ["Plateau", "Lakes", "Central", "Centre", "Unity", "Northern"])
def test_subdivisions_named_by_english_words_need_their_type(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None
    assert gaz.find(f"{name} leaders met on Monday.") == []


@pytest.mark.parametrize(
    ("name", "iso3", "precision"),
    [("Georgia", "GEO", "country"), ("Niger", "NER", "country"), ("Lagos", "NGA", "point")],
)
def test_subdivisions_never_outrank_countries_or_big_cities(
    gaz: Gazetteer, name: str, iso3: str, precision: str
) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country == iso3 and place.precision == precision


def test_a_subdivision_qualifies_a_town(gaz: Gazetteer) -> None:
    found = gaz.find("Gunmen attacked a market in Muramvya, Makamba province.")
    assert [m.place.country for m in found] == ["BDI"]


def test_small_names_take_the_country_of_the_sentence(gaz: Gazetteer) -> None:
    # "Saint James" is a parish of Barbados and of Jamaica: beside Kingston it is Jamaica's
    # (a subdivision against a city is decided by the document's names, in cohere).
    text = "A curfew was declared in Saint James Parish after clashes in Kingston."
    assert places_of(gaz, text) == {"Saint James Parish": "JAM", "Kingston": "JAM"}
    # A US village's name used for a quarter of Abidjan is not a place in the US.
    found = gaz.find("Protesters gathered in Williamsville, a district of Abidjan, on Friday.")
    assert [m.place.country for m in found] == ["CIV"]


def test_english_word_guard() -> None:
    english = gz.EnglishWords(
        lemmas=frozenset({"force", "hope", "green", "valley", "white_house", "tigray"}),
        open_class=frozenset({"green", "central"}),
        forms=frozenset({"went"}),
        rules=(("s", ""), ("ed", "")),
        function=frozenset({"the", "north", "west"}),
    )
    for key in ("hope", "forces", "went", "green valley", "white house", "abc", "the"):
        assert english.refuses_town(key), key
    for key in ("zorbavi", "zorbavi north", "tigrayan"):
        assert not english.refuses_town(key), key
    # Provinces are nouns in the lemma index ("tigray"): only non-nouns, plurals and
    # directions are refused bare.
    for key in ("central", "forces", "north west", "the"):
        assert english.refuses_region(key), key
    for key in ("tigray", "hope", "green valley"):
        assert not english.refuses_region(key), key


# -- regions.yaml ---------------------------------------------------------------------------------


def _entries() -> list[dict]:
    data = yaml.safe_load(REGIONS.read_text(encoding="utf-8"))
    return [e for section in ("regions", "seas", "sites") for e in data[section]]


def test_regions_yaml_codes_and_coordinates_are_valid() -> None:
    entries = _entries()
    assert entries
    for entry in entries:
        code = entry.get("country")
        if code is not None:
            assert code == "XKX" or pycountry.countries.get(alpha_3=code), entry
        assert -90 <= entry["lat"] <= 90, entry
        assert -180 <= entry["lon"] <= 180, entry
        assert entry.get("precision", "point") in ("point", "admin", "country", "region")


def test_regions_yaml_country_aliases_are_valid() -> None:
    data = yaml.safe_load(REGIONS.read_text(encoding="utf-8"))
    for code in data["country_aliases"]:
        assert code == "XKX" or pycountry.countries.get(alpha_3=code), code
    assert all(w == normalize(w) for w in data["common_words"])


def test_regions_yaml_errors_are_reported(tmp_path: Path) -> None:
    bad = tmp_path / "regions.yaml"
    text = b"regions:\n  - {name: Nowhere, country: XXX, lat: 1, lon: 2}\n"
    with pytest.raises(EventcoderError, match="E050"):
        gz._parse_regions(text, bad)
    text = b"regions:\n  - {name: Nowhere, country: AFG, lat: 100, lon: 2}\n"
    with pytest.raises(EventcoderError, match="latitude"):
        gz._parse_regions(text, bad)
    with pytest.raises(EventcoderError, match="mapping"):
        gz._parse_regions(b"- just a list\n", bad)


def test_cache_keeps_a_few_versions(tmp_path: Path, gaz: Gazetteer) -> None:
    # Checkouts of other versions sharing the folder keep their caches: no rebuilding each other's.
    for n in range(gz._CACHES_KEPT + 1):
        stale = tmp_path / f"gazetteer-old{n:02}.marshal"
        stale.write_bytes(b"x")
        os.utime(stale, (1000 + n, 1000 + n))
    gz._write_cache(tmp_path / "gazetteer-current.marshal", gaz._index)
    kept = sorted(p.name for p in tmp_path.glob("gazetteer-*.marshal"))
    newest = [f"gazetteer-old{n:02}.marshal" for n in range(2, gz._CACHES_KEPT + 1)]
    assert kept == ["gazetteer-current.marshal", *newest]


def test_a_cache_still_read_outlives_newer_ones(tmp_path: Path, gaz: Gazetteer) -> None:
    # Kept by last use, not by when it was written: a busy checkout's cache is not evicted
    # because other checkouts wrote theirs after it.
    used = tmp_path / "gazetteer-used.marshal"
    gz._write_cache(used, gaz._index)
    os.utime(used, (1000, 1000))
    for n in range(gz._CACHES_KEPT - 1):
        newer = tmp_path / f"gazetteer-newer{n}.marshal"
        newer.write_bytes(b"x")
        os.utime(newer, (2000 + n, 2000 + n))
    assert gz._read_cache(used) is not None  # the checkout that wrote it loads it again
    gz._write_cache(tmp_path / "gazetteer-current.marshal", gaz._index)
    assert used.exists() and not (tmp_path / "gazetteer-newer0.marshal").exists()


def test_a_small_town_name_running_into_a_capitalised_word_is_a_name() -> None:
    gazetteer = load_gazetteer()
    assert [m.place.country for m in gazetteer.find("Farmers protested in Claudia.")] == ["BRA"]
    assert gazetteer.find("Claudia Sheinbaum spoke on Monday.") == []


def places_of(gaz: Gazetteer, text: str, *named_states: str) -> dict[str, str | None]:
    mentions = gaz.cohere(gaz.find(text), named_states)
    return {m.span.text: m.place.country for m in mentions}


def test_an_ambiguous_city_is_read_in_the_country_the_document_names(gaz: Gazetteer) -> None:
    assert places_of(gaz, "Clashes in Tripoli.")["Tripoli"] == "LBY"
    lebanon = places_of(gaz, "Clashes in Tripoli spread to Beirut and Sidon, Lebanon.")
    assert lebanon["Tripoli"] == "LBN"
    assert places_of(gaz, "Protests in Hyderabad, Karachi and Lahore.")["Hyderabad"] == "PAK"


def test_a_far_bigger_city_keeps_its_name_whatever_else_is_named(gaz: Gazetteer) -> None:
    text = "Officials in Boise and Idaho Falls, Idaho, said Moscow had replied."
    assert places_of(gaz, text)["Moscow"] == "RUS"


def test_a_name_with_no_namesake_in_its_qualifiers_country_is_left_to_the_qualifier(
    gaz: Gazetteer,
) -> None:
    # No Afghan Puli, no Malian Bara: the province, or the last name in the parentheses, says
    # where.
    assert places_of(gaz, "Shelling hit Puli, Logar.") == {"Logar": "AFG"}
    assert places_of(gaz, "A bomb went off in Bara (Gao).") == {"Gao": "MLI"}
    assert places_of(gaz, "Police fired in Kabul (Kabul province).")["Kabul"] == "AFG"


def test_a_slash_joins_a_district_named_after_two_towns(gaz: Gazetteer) -> None:
    # Trinidad's Tunapuna-Piarco region, as ACLED writes it; no Trinidadian Maracás in GeoNames,
    # so the region says where (not Brazil's Maracás).
    assert places_of(gaz, "A man was shot in Maracas, Tunapuna/Piarco.") == {
        "Tunapuna/Piarco": "TTO"
    }
    assert places_of(gaz, "Flights between Kyiv/Moscow resumed.") == {
        "Kyiv": "UKR",
        "Moscow": "RUS",
    }


def test_a_small_foreign_namesake_is_dropped_in_a_document_about_another_country(
    gaz: Gazetteer,
) -> None:
    text = "Shells hit an Iraqi unit in Tabaj village in Jalawla district of Kirkuk province."
    assert places_of(gaz, text, "IRQ") == {"Kirkuk province": "IRQ"}
    # Even with nothing else pointing to Iraq: "Tabaj" is read only by another name of the
    # Venezuelan town, which is no evidence against the province's own name.
    assert places_of(gaz, text) == {"Kirkuk province": "IRQ"}


def test_a_capital_outranks_a_bigger_namesake(gaz: Gazetteer) -> None:
    assert places_of(gaz, "Marches in San Jose.")["San Jose"] == "CRI"
    assert places_of(gaz, "Marches in San Jose, California.")["San Jose"] == "USA"


def test_a_name_read_by_another_name_is_no_evidence_for_that_country(gaz: Gazetteer) -> None:
    # "Samar" is a Philippine province, read alone as a spelling of Russia's Samara: one vote
    # for the Philippines (a Philippine group, say) moves it.
    assert places_of(gaz, "Fighting in Samar.")["Samar"] == "RUS"
    assert places_of(gaz, "Fighting in Samar.", "PHL")["Samar"] == "PHL"


def test_a_country_s_own_word_for_a_local_unit_points_to_it(gaz: Gazetteer) -> None:
    text = "Gunmen attacked Tudun Wada (Rafi LGA, Niger) and a barangay hall."
    assert gaz.unit_countries(text) == ["NGA", "PHL"]
    assert gaz.unit_countries("an lga") == []  # the acronym only in capitals
    # Nigeria's word votes twice: "Niger" there is Nigeria's Niger State, not the Republic.
    mentions = gaz.cohere(gaz.find(text), (), ["NGA"])
    assert [(m.place.name, m.place.country, m.place.precision) for m in mentions] == [
        ("Niger", "NGA", "admin")
    ]
    assert [m.place.country for m in gaz.cohere(gaz.find(text))] == ["NER"]


def test_a_country_the_document_points_to_is_no_namesake_region(gaz: Gazetteer) -> None:
    text = "Ties between Washington and Tbilisi, and Georgia's path to the U.S. alliance."
    # Tbilisi points to the country Georgia: the U.S. names do not make it the U.S. state.
    assert places_of(gaz, text)["Georgia"] == "GEO"
    assert places_of(gaz, "Storms hit Savannah and Georgia, U.S. on Friday.")["Georgia"] == "USA"


def test_a_common_word_the_text_calls_a_place_is_that_place(gaz: Gazetteer) -> None:
    nouns = frozenset({"city", "town", "neighbourhood"})
    found = gaz.find("Youths rioted in a neighbourhood of Constantine.", place_nouns=nouns)
    assert [(m.span.text, m.place.country) for m in found] == [("Constantine", "DZA")]
    van = gaz.find("Clashes in the city of Van.", place_nouns=nouns)
    assert [m.place.country for m in van] == ["TUR"]
    # Without the words that call it a place, a common word is no place.
    assert gaz.find("Constantine said the vote was fair.", place_nouns=nouns) == []
    assert gaz.find("Youths rioted in a neighbourhood of Constantine.") == []


def test_unit_words_must_name_countries(tmp_path: Path) -> None:
    bad = tmp_path / "regions.yaml"
    with pytest.raises(EventcoderError, match="unit_words"):
        gz._parse_regions(b"regions: []\nunit_words: {lga: [Nigeria]}\n", bad)


def test_a_region_after_in_locates_the_name_before_it(gaz: Gazetteer) -> None:
    # "X in Y" locates X as "X, Y" does: Pakistan's Hyderabad, not India's bigger one.
    assert places_of(gaz, "Traders marched in Hyderabad in Sindh.")["Hyderabad"] == "PAK"
    assert places_of(gaz, "Traders marched in Hyderabad, India.")["Hyderabad"] == "IND"
    # No Swindon in South Africa: the province alone says where; its village of Colchester is.
    assert places_of(gaz, "Residents of Swindon in the Eastern Cape marched.") == {
        "Eastern Cape": "ZAF"
    }
    assert places_of(gaz, "Residents of Colchester in the Eastern Cape marched.") == {
        "Colchester": "ZAF"
    }


def test_a_qualifier_is_read_in_a_country_the_name_it_locates_is_in(gaz: Gazetteer) -> None:
    # Barbados has a Saint James parish too, but no Montego Bay.
    assert places_of(gaz, "A guard was shot in Montego Bay, Saint James Parish.") == {
        "Montego Bay": "JAM"
    }


def test_a_persian_linking_vowel_joins_a_place_name(gaz: Gazetteer) -> None:
    assert places_of(gaz, "Workers marched in Kut e Abdollah.") == {"Kut e Abdollah": "IRN"}


def test_a_subdivision_named_with_its_own_type_word_outranks_its_namesakes(
    gaz: Gazetteer,
) -> None:
    # Venezuela's Bolivar is a state, Colombia's a department.
    assert places_of(gaz, "Miners clashed in Bolivar state.") == {"Bolivar state": "VEN"}
    assert set(places_of(gaz, "Miners clashed in Bolivar department.").values()) == {"COL"}


def test_a_unit_word_may_stand_between_a_name_and_its_qualifier(gaz: Gazetteer) -> None:
    # Bolivia's capital Sucre is far bigger, but the state names Venezuela's Sucre.
    found = places_of(gaz, "Two guards were killed in Sucre municipality, Bolivar state.")
    assert found["Sucre"] == "VEN"
    # A name a word away from a qualifier that lacks it stays as read.
    assert places_of(gaz, "Fighting in Bamenda subdivision (Mezam, Nord-Ouest).")["Bamenda"] == (
        "CMR"
    )


def test_a_place_name_before_a_political_bodys_word_names_the_body(gaz: Gazetteer) -> None:
    assert places_of(gaz, "The mayor (Colorado Party) resigned in Asuncion.") == {"Asuncion": "PRY"}
    assert places_of(gaz, "Snow fell in Colorado.") == {"Colorado": "USA"}


def test_villages_are_placed_where_the_document_corroborates_their_country(
    gaz: Gazetteer,
) -> None:
    # Wamunyu and Tarbaj are Kenyan villages of 2,000-3,000 people (GeoNames' cities500 tier).
    village = gaz.lookup("Tarbaj")
    assert village is not None and village.country == "KEN" and km(village, 2.21, 40.11) < 20
    # By a qualifier that the mention swallows, by another place, by a state the story names.
    assert places_of(gaz, "Herders clashed in Wamunyu, Kenya.") == {"Wamunyu": "KEN"}
    assert places_of(gaz, "Herders clashed in Wamunyu (Machakos).")["Wamunyu"] == "KEN"
    assert places_of(gaz, "Herders clashed in Wamunyu. Police came from Nairobi.") == {
        "Wamunyu": "KEN",
        "Nairobi": "KEN",
    }
    assert places_of(gaz, "Herders clashed in Tarbaj.", "KEN") == {"Tarbaj": "KEN"}


def test_a_village_nothing_else_corroborates_is_no_place(gaz: Gazetteer) -> None:
    # A village's name alone is too weak: tens of thousands share a name with one abroad, and
    # a story about a place the gazetteer lacks would be put in the wrong country.
    assert places_of(gaz, "Herders clashed in Tarbaj.") == {}
    assert places_of(gaz, "Herders clashed in Tarbaj.", "MLI") == {}
    # A town of 5,000 people or more stands on its own name, as before.
    assert places_of(gaz, "Herders clashed in Muramvya.") == {"Muramvya": "BDI"}


def test_a_small_town_read_only_by_another_spelling_needs_its_country_corroborated(
    gaz: Gazetteer,
) -> None:
    # "Kamalu" is one of Mexican Camalú's alternate spellings, and the name of villages the
    # gazetteer lacks elsewhere: alone it says nothing of where; by its own name, or with its
    # state named, it is Camalú.
    assert places_of(gaz, "Residents fled Kamalu village.") == {}
    assert places_of(gaz, "Residents fled Camalú.") == {"Camalú": "MEX"}
    assert places_of(gaz, "Residents fled Kamalu in Baja California.")["Kamalu"] == "MEX"


def test_a_district_known_only_as_a_smaller_place_abroad_does_not_move_its_city(
    gaz: Gazetteer,
) -> None:
    # Golfe is a prefecture of Togo's Maritime region, which GeoNames lacks, and a district of
    # Luanda: it is no Angolan place in a story about Lomé. A real region still qualifies.
    assert places_of(gaz, "An officer was shot in Lome city (Golfe, Maritime).") == {"Lome": "TGO"}
    assert (
        places_of(gaz, "Gunmen attacked a checkpoint in Tuban district (Lahij).")["Lahij"] == "YEM"
    )
