"""The actor lexicon: its data files validate and the matcher codes mentions by gold rule 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pycountry
import pytest
import yaml

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.actors import (
    GROUPS_PATH,
    ROLES_PATH,
    STATES_PATH,
    ActorLexicon,
    build_actor_lexicon,
    codes,
    load_actor_lexicon,
)
from eventcoder.model import ActorMention

ON = date(2025, 10, 29)


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return load_actor_lexicon()


def found(lex: ActorLexicon, text: str, on: date = ON) -> list[tuple[str, str, str | None]]:
    """(span text, code, sector) of every mention, checking each span against the text."""
    out = []
    for m in lex.find(text, on):
        assert text[m.span.start : m.span.end] == m.span.text
        assert m.actor.mention == m.span
        out.append((m.span.text, m.actor.code, m.actor.sector))
    return out


def one(lex: ActorLexicon, text: str, on: date = ON) -> ActorMention:
    mentions = lex.find(text, on)
    assert len(mentions) == 1, [(m.span.text, m.actor.code) for m in mentions]
    return mentions[0]


# --- the data files ---------------------------------------------------------------------------


def test_is_big_enough() -> None:
    lex = build_actor_lexicon()
    assert lex.counts["states"] >= 249
    assert lex.counts["groups"] >= 300
    assert lex.counts["igos"] >= 50
    assert lex.counts["aliases"] >= 2500


def test_every_state_is_a_real_iso_code() -> None:
    rows = yaml.safe_load(STATES_PATH.read_text(encoding="utf-8"))["states"]
    real = {c.alpha_3 for c in pycountry.countries}
    codes = [r["iso3"] for r in rows]
    assert len(codes) == len(set(codes))
    assert set(codes) - real == {"XKX"}  # Kosovo: no ISO code, XKX by convention
    assert real <= set(codes)  # every ISO 3166-1 country is there
    assert all(r.get("part_of", r["iso3"]) in real | {"XKX"} for r in rows)


def test_group_ids_are_unique_and_well_formed() -> None:
    data = yaml.safe_load(GROUPS_PATH.read_text(encoding="utf-8"))
    ids = [g["id"] for g in data["groups"] + data["igos"]]
    assert len(ids) == len(set(ids))
    assert all(i == i.upper() for i in ids)
    real = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    assert all(g.get("country") in real for g in data["groups"] if g.get("country"))


def test_role_periods_name_known_groups() -> None:
    data = yaml.safe_load(ROLES_PATH.read_text(encoding="utf-8"))
    groups = yaml.safe_load(GROUPS_PATH.read_text(encoding="utf-8"))
    ids = {g["id"] for g in groups["groups"]}
    assert {p["actor"] for p in data["periods"]} <= ids


def test_gold_actor_codes_are_all_known(lex: ActorLexicon, gold_dir: Path) -> None:
    real = {c.alpha_3 for c in pycountry.countries}
    missing = []
    for path in sorted(gold_dir.glob("*.yaml")):
        actors = yaml.safe_load(path.read_text(encoding="utf-8")).get("actors") or {}
        for code in actors:
            alias = lex.lookup(code, ON)  # an alternative id like TDF is an alias
            if code not in real and code not in lex.known_codes and alias is None:
                missing.append((path.name, code))
    assert not missing


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("file", "text", "detail"),
    [
        ("states", "states: [{iso3: ZZZ, name: Nowhere}]\n", "ZZZ"),
        ("states", "states: [{iso3: PAK, name: Pakistan}, {iso3: PAK, name: P}]\n", "twice"),
        ("states", "states: [{iso3: PAK, name: Pakistan, seats: {GHQ: BAD}}]\n", "BAD"),
        ("states", "states: [oops\n", ""),
        (
            "groups",
            "groups: [{id: X, name: X, sector: REB, aliases: [Pakistan]}]\n"
            "igos: [{id: UN, name: UN, aliases: [UN]}]\n",
            "names both",
        ),
        (
            "groups",
            "groups: [{id: x, name: X, sector: REB, aliases: [Xers]}]\n"
            "igos: [{id: UN, name: UN, aliases: [UN]}]\n",
            "capitals",
        ),
        (
            "roles",
            "institutions: {nouns: {}, titles: {}, weak: {}, armed: {}}\n"
            "periods: [{actor: NOBODY, code: AFG, from: 2021-08-15}]\n",
            "NOBODY",
        ),
    ],
)
def test_malformed_files_raise_e050(tmp_path: Path, file: str, text: str, detail: str) -> None:
    paths = {"states": STATES_PATH, "groups": GROUPS_PATH, "roles": ROLES_PATH}
    if file == "states":
        paths["states"] = _write(tmp_path, "states.yaml", text)
    elif file == "groups":
        paths["groups"] = _write(tmp_path, "groups.yaml", text)
        paths["states"] = _write(tmp_path, "states.yaml", "states: [{iso3: PAK, name: Pakistan}]\n")
        paths["roles"] = _write(
            tmp_path,
            "roles.yaml",
            "institutions: {nouns: {}, titles: {}, weak: {}, armed: {}}\n",
        )
    else:
        paths["roles"] = _write(tmp_path, "roles.yaml", text)
    with pytest.raises(EventcoderError) as info:
        build_actor_lexicon(paths["states"], paths["groups"], paths["roles"])
    assert info.value.code is ErrorCode.E050
    assert detail in str(info.value)
    assert str(paths[file]) in str(info.value)


# --- matching ---------------------------------------------------------------------------------


def test_longest_match_wins(lex: ActorLexicon) -> None:
    assert found(lex, "attacks by the Pakistani Taliban") == [("Pakistani Taliban", "TTP", "REB")]
    assert found(lex, "Tehrik-i-Taliban Pakistan said")[0][:2] == (
        "Tehrik-i-Taliban Pakistan",
        "TTP",
    )
    assert [c for _, c, _ in found(lex, "they entered South Sudan")] == ["SSD"]
    rsf = found(lex, "the Rapid Support Forces (RSF) said")
    assert [c for _, c, _ in rsf] == ["RSF", "RSF"]
    assert found(lex, "exports to Latin America rose") == []
    assert found(lex, "ships in the South China Sea") == []


def test_taliban_role_depends_on_date(lex: ActorLexicon) -> None:
    now = one(lex, "the Afghan Taliban said", ON)
    assert (now.actor.code, now.actor.sector, now.kind) == ("AFG", "GOV", "state")
    before = one(lex, "the Afghan Taliban said", date(2015, 6, 1))
    assert (before.actor.code, before.actor.sector, before.kind) == ("TALIBAN", "REB", "group")
    assert one(lex, "Taliban forces advanced", ON).actor.sector == "MIL"
    assert one(lex, "the Taliban ruled", date(1999, 1, 1)).actor.code == "AFG"
    assert one(lex, "HTS fighters", date(2020, 1, 1)).actor.code == "HTS"
    assert one(lex, "HTS said", date(2025, 1, 1)).actor.code == "SYR"


def test_acronyms_are_case_sensitive(lex: ActorLexicon) -> None:
    assert found(lex, "US troops withdrew") == [("US troops", "USA", "MIL")]
    assert found(lex, "let us talk about it, he told us") == []
    assert found(lex, "this is what the un-named man said") == []
    assert [c for _, c, _ in found(lex, "IS claimed the attack")] == ["ISIS"]
    assert found(lex, "the Au pair") == []
    # in a shouted headline "IS" and "US" are words, not actors
    assert [c for _, c, _ in found(lex, "WHY THE WAR IS NOT OVER FOR US")] == []
    assert [c for _, c, _ in found(lex, "the U.S. and the UN")] == ["USA", "UN"]
    assert found(lex, "a turkey dinner in china") == []


def test_possessive_and_title(lex: ActorLexicon) -> None:
    m = one(lex, "Pakistan's defense minister said on Saturday")
    assert (m.span.text, m.actor.code, m.actor.sector, m.kind) == (
        "Pakistan's defense minister",
        "PAK",
        "GOV",
        "state",
    )
    m = one(lex, "Pakistan Information Minister Attaullah Tarar said in a statement")
    assert m.span.text == "Pakistan Information Minister Attaullah Tarar"
    assert (m.actor.code, m.actor.sector, m.kind, m.actor.name) == (
        "PAK",
        "GOV",
        "person",
        "Attaullah Tarar",
    )
    m = one(lex, "Taiwan's defence ministry said")
    assert (m.actor.code, m.actor.sector) == ("TWN", "GOV")
    m = one(lex, "Afghanistan's foreign and defense ministries did not respond")
    assert m.span.text == "Afghanistan's foreign and defense ministries"
    m = one(lex, "the foreign ministry of Iran said")
    assert (m.span.text, m.actor.code, m.actor.sector) == ("foreign ministry of Iran", "IRN", "GOV")
    m = one(lex, "Israeli military spokesman Rear Admiral Daniel Hagari said")
    assert (m.actor.code, m.actor.sector, m.actor.name) == (
        "ISR",
        "MIL",
        "Daniel Hagari",
    )
    m = one(lex, "President Tsai Ing-wen said")
    assert (m.actor.code, m.kind, m.actor.name) == ("", "person", "Tsai Ing-wen")


def test_demonyms_and_institutions(lex: ActorLexicon) -> None:
    cases = {
        "the Pakistani military said": ("PAK", "MIL"),
        "Pakistani soldiers were killed": ("PAK", "MIL"),
        "Afghan demonstrators shout slogans": ("AFG", "CVL"),
        "Sudan's army said": ("SDN", "MIL"),
        "Kenyan police fired": ("KEN", "COP"),
        "Russian forces shelled": ("RUS", "MIL"),
        "Emirati officials said": ("ARE", "GOV"),
        "Chinese warships and military aircraft": ("CHN", "MIL"),
        "The Afghan side kept deviating": ("AFG", None),
    }
    for text, expected in cases.items():
        m = one(lex, text)
        assert (m.actor.code, m.actor.sector) == expected, text
        assert m.kind == "state"
    # the demonym alone still names the state
    assert found(lex, "Pakistani air strikes hit")[0][:2] == ("Pakistani", "PAK")


def test_fighters_anchored_by_a_demonym_are_not_the_state(lex: ActorLexicon) -> None:
    m = one(lex, "Syrian rebels seized the town")
    assert (m.actor.code, m.actor.sector, m.actor.country, m.kind) == ("", "REB", "SYR", "group")
    m = one(lex, "Hamas gunmen crossed the fence")
    assert (m.actor.code, m.actor.sector) == ("HAMAS", "REB")


def test_capitals_and_seats_speak_for_the_state(lex: ActorLexicon) -> None:
    assert found(lex, "Islamabad says the group operates") == [("Islamabad", "PAK", "GOV")]
    assert found(lex, "the Kremlin said") == [("Kremlin", "RUS", "GOV")]
    assert found(lex, "the Pentagon said") == [("Pentagon", "USA", "MIL")]
    assert found(lex, "Downing Street denied it") == [("Downing Street", "GBR", "GOV")]
    m = one(lex, "Kremlin spokesman Dmitry Peskov said")
    assert (m.actor.code, m.kind, m.actor.name) == ("RUS", "person", "Dmitry Peskov")


def test_a_name_inside_a_hyphenated_name_is_no_actor(lex: ActorLexicon) -> None:
    # "Rabat-e ..." and "Cairo-Mbeya" are invented places, not Morocco or Egypt speaking.
    assert found(lex, "Shots were fired in Rabat-e Nowabad and Cairo-Mbeya.") == []
    joined = found(lex, "The Israel-Hamas war, Kabul-based and pro-Houthi fighters.")
    assert [code for _text, code, _sector in joined] == ["ISR", "HAMAS", "AFG", "HOUTHI"]


def test_a_demonym_telling_ancestry_is_no_state(lex: ActorLexicon) -> None:
    text = "A Kenyan trader of Somali descent and Indian-origin shopkeepers met Somali officials."
    assert [code for _t, code, _s in found(lex, text)] == ["KEN", "SOM"]


def test_an_unknown_acronym_before_an_armed_group_noun_is_that_group(lex: ActorLexicon) -> None:
    assert found(lex, "XJLF militants attacked a post.") == [("XJLF militants", "XJLF", "REB")]
    # Not a thing's acronym, not a shouted headline, not before a noun for officials.
    assert [code for _t, code, _s in found(lex, "IED attackers and XJLF police")] == ["", ""]
    assert [code for _t, code, _s in found(lex, "XJLF MILITANTS ATTACK")] == [""]


def test_anti_before_a_force_names_its_enemy(lex: ActorLexicon) -> None:
    assert [code for _t, code, _s in found(lex, "Anti-Houthi forces repelled them.")] == []
    # Before anything else "anti-" still names whom the act is against.
    assert [code for _t, code, _s in found(lex, "an anti-Pakistan protest")] == ["PAK"]


def test_federal_member_states_are_their_federation(lex: ActorLexicon) -> None:
    # Somalia's member states govern inside the federation; Somaliland claims independence.
    text = "Puntland forces and Jubaland troops clashed; Somaliland protested."
    assert [code for _t, code, _s in found(lex, text)] == ["SOM", "SOM", "SOMALILAND"]


def test_groups_and_igos(lex: ActorLexicon) -> None:
    for text, code in [
        ("al-Shabaab claimed it", "AL_SHABAAB"),
        ("Al Shabaab fighters", "AL_SHABAAB"),
        ("the Houthis fired", "HOUTHI"),
        ("Ansar Allah said", "HOUTHI"),
        ("Daesh claimed", "ISIS"),
        ("the Jalisco New Generation Cartel", "CJNG"),
        ("the PKK said", "PKK"),
        ("M23 rebels took Goma", "M23"),
        ("NAF rebel forces fired", "NAF"),
        ("HPG reported that", "PKK"),
        ("Zanu PF activists attacked", "ZANU_PF"),
        ("MDC-T supporters marched", "MDC_T"),
        ("Red Command traffickers invaded", "COMANDO_VERMELHO"),
        ("suspected Islamist militants attacked", "ISLAMIST_MILITIA"),
        ("Islamic State militants attacked", "ISIS"),
    ]:
        m = one(lex, text)
        assert m.actor.code == code, text
        assert m.kind == "group"
    m = one(lex, "U.N. Secretary-General Antonio Guterres said")
    assert (m.actor.code, m.actor.name) == ("UN", "Antonio Guterres")
    for text, code in [
        ("the World Food Programme said", "UN"),
        ("the African Union brokered", "AU"),
        ("NATO allies", "NATO"),
        ("the International Monetary Fund", "IMF"),
        ("the World Bank", "WB"),
        ("the Security Council voted", "UN"),
    ]:
        m = lex.find(text, ON)[0]
        assert (m.actor.code, m.kind) == (code, "igo"), text
        assert m.actor.sector == "IGO"
    m = one(lex, "the Palestinian Red Crescent said")
    assert m.actor.code == "PSE"
    # Named state forces and agencies code as their state.
    for text, code in [
        ("CRPF personnel were injured", "IND"),
        ("French Operation Barkhane forces struck", "FRA"),
        ("LDU paramilitaries beat a man", "UGA"),
        ("the GNA said", "LBY"),
    ]:
        assert [c for _, c, _ in found(lex, text)][-1] == code, text


def test_generic_mentions_wait_for_an_anchor(lex: ActorLexicon) -> None:
    got = [
        (m.span.text, m.actor.code, m.actor.sector, m.kind)
        for m in lex.find("the army said police fired on protesters near the government", ON)
    ]
    assert got == [
        ("army", "", "MIL", "generic"),
        ("police", "", "COP", "generic"),
        ("protesters", "", "CVL", "generic"),
        ("government", "", "GOV", "generic"),
    ]
    # vague nouns are not actors on their own
    assert lex.find("market forces and the press of time", ON) == []
    # the army and protesters are two actors, not one chain
    assert len(lex.find("the army and protesters clashed", ON)) == 2
    # a capitalised role word inside a name is not an institution
    assert lex.find("ambassador to the United States, Qin Gang", ON)[-1].actor.code == "USA"


def test_offsets_index_the_document(lex: ActorLexicon) -> None:
    doc = "Intro. Pakistan's defense minister met U.S. officials."
    sentence_start = doc.index("Pakistan")
    mentions = lex.find(doc[sentence_start:], ON, offset=sentence_start)
    assert [doc[m.span.start : m.span.end] for m in mentions] == [
        "Pakistan's defense minister",
        "U.S. officials",
    ]
    assert all(doc[m.span.start : m.span.end] == m.span.text for m in mentions)


def test_lookup(lex: ActorLexicon) -> None:
    assert lex.lookup("Pakistani Taliban", ON).code == "TTP"  # type: ignore[union-attr]
    assert lex.lookup("Afghan Taliban", ON).code == "AFG"  # type: ignore[union-attr]
    assert lex.lookup("Afghan Taliban", date(2010, 1, 1)).code == "TALIBAN"  # type: ignore[union-attr]
    assert lex.lookup("Burma", ON).code == "MMR"  # type: ignore[union-attr]
    assert lex.lookup("Ivory Coast", ON).code == "CIV"  # type: ignore[union-attr]
    assert lex.lookup("Türkiye", ON).code == "TUR"  # type: ignore[union-attr]
    assert lex.lookup("Kosovo", ON).code == "XKX"  # type: ignore[union-attr]
    assert lex.lookup("Puerto Rico", ON).code == "USA"  # type: ignore[union-attr]
    assert lex.lookup("Pakistan and Afghanistan", ON) is None
    assert lex.lookup("nothing here", ON) is None


def test_the_islamic_states_sahel_branch_codes_as_the_islamic_state() -> None:
    lexicon = load_actor_lexicon()
    for name in ("ISGS", "Islamic State in the Greater Sahara", "Islamic State Sahel Province"):
        actor = lexicon.lookup(name, date(2020, 5, 1))
        assert actor is not None and actor.code == "ISIS", name


def test_a_group_name_s_own_words_match_in_lower_case_after_its_first(lex: ActorLexicon) -> None:
    assert found(lex, "Al shabaab militants threw a grenade")[0][:2] == (
        "Al shabaab militants",
        "AL_SHABAAB",
    )
    assert found(lex, "Boko haram fighters raided a village")[0][1] == "BOKO_HARAM"
    # English words keep their case: "Lebanese forces" are Lebanon's, not the party.
    assert found(lex, "Lebanese forces fired")[0][1] == "LBN"
    # Without the English word list (build_actor_lexicon's default) case is strict.
    assert build_actor_lexicon().find("Al shabaab fighters", ON)[0].actor.code == ""


@pytest.mark.parametrize(
    "text",
    [
        "Troops raided Al-Fateh Hospital at dawn.",
        "Students marched to Hezbollah Street.",
        "Wounded men were taken to Kuwait Hospital.",
        "Protesters gathered at Kabul University.",
    ],
)
def test_a_name_in_a_buildings_or_streets_name_is_no_actor(lex: ActorLexicon, text: str) -> None:
    assert codes(lex.find(text, ON)) == []


def test_a_name_before_a_lower_case_site_noun_stays_the_actors(lex: ActorLexicon) -> None:
    assert codes(lex.find("An airstrike hit a Hamas camp.", ON)) == ["HAMAS"]


def test_a_police_rank_or_an_air_force_is_no_armed_group_of_the_same_letters(
    lex: ActorLexicon,
) -> None:
    # "SSP" is a Senior Superintendent of Police, "RAF" an air force: neither spells the
    # group whose initials they share, which is found by its name.
    assert [code for _, code, _ in found(lex, "the SSP office in Lahore")] == [""]
    assert [code for _, code, _ in found(lex, "RAF personnel were deployed")] == []
    assert one(lex, "Royal Air Force jets").actor.code == "GBR"
    assert one(lex, "Sipah-e-Sahaba militants").actor.code == "SIPAH_E_SAHABA"
    assert one(lex, "Rapid Action Force personnel").actor.code == "IND"


def test_both_libyan_governments_forces_are_libya(lex: ActorLexicon) -> None:
    # ACLED codes the LNA and the GNA's forces alike as Libya's military forces.
    assert one(lex, "the Libyan National Army").actor.code == "LBY"
    assert one(lex, "the Government of National Accord").actor.code == "LBY"
    assert one(lex, "Khalifa Haftar", date(2020, 5, 1)).actor.code == "LBY"
