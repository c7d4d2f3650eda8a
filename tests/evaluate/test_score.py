"""Scoring by the rules of shared/gold/README.md, one hand-made case per rule."""

from __future__ import annotations

import json
import math
import textwrap
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from eventcoder.evaluate.gold import GoldDocument, GoldEvent, load_gold_dir, load_gold_file
from eventcoder.evaluate.report import format_report
from eventcoder.evaluate.score import (
    EARTH_RADIUS_KM,
    EvalResult,
    great_circle_km,
    group_predictions,
    score,
)

PUBLISHED = "2025-10-29"
DAY = "2025-10-10"

_names = count()


def ev(
    eid: str,
    *,
    type: str = "ASSAULT",
    source: str = "[PAK]",
    target: str = "[AFG]",
    earliest: str = DAY,
    latest: str | None = None,
    required: bool = True,
    evidence: str | None = None,
    extra: str = "",
) -> str:
    """One gold event as YAML (indented for the ``events:`` list)."""
    lines = [
        f"- id: {eid}",
        f"  required: {'true' if required else 'false'}",
        f"  type: {type}",
        f"  source: {source}",
        f"  target: {target}",
        f"  date: {{earliest: {earliest}, latest: {latest or earliest}}}",
        f"  evidence: {evidence or 'evidence of ' + eid}",
    ]
    lines += [f"  {line}" for line in textwrap.dedent(extra).splitlines() if line.strip()]
    return "\n".join("  " + line for line in lines) + "\n"


def gold(
    tmp_path: Path,
    *events: str,
    must_not: str = "",
    doc_id: str = "doc",
    published: str = PUBLISHED,
) -> GoldDocument:
    body = f"document:\n  id: {doc_id}\n  published: {published}\n  text: unused\nevents:\n"
    body += "".join(events)
    if must_not:
        body += "must_not:\n" + textwrap.indent(textwrap.dedent(must_not), "  ")
    path = tmp_path / f"g{next(_names)}.yaml"
    path.write_text(body, encoding="utf-8")
    return load_gold_file(path)


def pred(
    type: str = "ASSAULT",
    source: tuple[str, ...] = ("PAK",),
    target: tuple[str, ...] = ("AFG",),
    earliest: str = DAY,
    latest: str | None = None,
    evidence: str = "some sentence",
    **extra: Any,
) -> dict[str, Any]:
    """A wire-format prediction (README's JSON example)."""
    return {
        "doc_id": "doc",
        "type": type,
        "mode": None,
        "source": [{"code": c, "text": c} for c in source],
        "target": [{"code": c, "text": c} for c in target],
        "date": {"earliest": earliest, "latest": latest or earliest},
        "location": None,
        "fatalities": None,
        "claimed_by": [],
        "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
        **extra,
    }


def run(doc: GoldDocument, *preds: dict[str, Any]) -> EvalResult:
    return score([doc], {doc.id: list(preds)})


def matched(result: EvalResult) -> dict[str, int]:
    return {m.gold_id: m.prediction_index for m in result.matches}


# -- rule 3: matching -------------------------------------------------------------------------


def test_exact_match(tmp_path: Path) -> None:
    r = run(gold(tmp_path, ev("a")), pred())
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (1, 0, 0)
    assert r.precision == r.recall == r.f1 == 1.0


def test_accept_types(tmp_path: Path) -> None:
    doc = gold(tmp_path, ev("a", extra="accept_types: [ASSAULT, FIGHT]"))
    assert run(doc, pred(type="FIGHT")).counts.tp == 1
    assert run(doc, pred(type="fight")).counts.tp == 1  # codes and types compare upper-cased
    assert run(doc, pred(type="COERCE")).counts.tp == 0
    # Without accept_types only the type itself matches.
    assert run(gold(tmp_path, ev("a")), pred(type="FIGHT")).counts.tp == 0


def test_symmetric(tmp_path: Path) -> None:
    backwards = pred(source=("AFG",), target=("PAK",))
    assert run(gold(tmp_path, ev("a")), backwards).counts.tp == 0
    assert run(gold(tmp_path, ev("a", extra="symmetric: true")), backwards).counts.tp == 1


def test_actor_codes_intersect(tmp_path: Path) -> None:
    doc = gold(tmp_path, ev("a", target="[AFG, TTP]"))
    assert run(doc, pred(target=("TTP", "XXX"))).counts.tp == 1
    assert run(doc, pred(target=("XXX",))).counts.tp == 0
    # One actor written with several codes: any spelling matches.
    aliases = gold(tmp_path, ev("a", target="[[ISIS, ISIL, IS]]"))
    assert run(aliases, pred(target=("ISIL",))).counts.tp == 1


def test_empty_predicted_side_needs_empty_gold_side(tmp_path: Path) -> None:
    no_target = gold(tmp_path, ev("a", target="[]"))
    assert run(no_target, pred(target=())).counts.tp == 1
    assert run(no_target, pred(target=("AFG",))).counts.tp == 0
    assert run(gold(tmp_path, ev("a")), pred(target=())).counts.tp == 0


def test_optional_sides_are_not_checked(tmp_path: Path) -> None:
    target_opt = gold(tmp_path, ev("a", target="[UKR]", extra="target_optional: true"))
    for target in [(), ("UKR",), ("USA",)]:
        assert run(target_opt, pred(target=target)).counts.tp == 1, target
    source_opt = gold(tmp_path, ev("a", source="[]", extra="source_optional: true"))
    for source in [(), ("RUS",)]:
        assert run(source_opt, pred(source=source)).counts.tp == 1, source
    # The other side is still checked.
    assert run(source_opt, pred(target=("USA",))).counts.tp == 0


def test_date_overlap_is_inclusive_days(tmp_path: Path) -> None:
    doc = gold(tmp_path, ev("a", earliest="2025-10-10", latest="2025-10-12"))
    assert run(doc, pred(earliest="2025-10-12", latest="2025-10-15")).counts.tp == 1
    assert run(doc, pred(earliest="2025-10-01", latest="2025-10-10")).counts.tp == 1
    assert run(doc, pred(earliest="2025-10-13", latest="2025-10-15")).counts.tp == 0
    assert run(doc, pred(earliest="2025-10-09")).counts.tp == 0
    # A prediction without a usable date can match nothing.
    assert run(doc, pred(date=None)).counts.fp == 1


def test_greedy_prefers_required_gold(tmp_path: Path) -> None:
    # The optional event is listed first and would match with more overlap and a full type
    # match, but "gold required first" outranks every other criterion.
    doc = gold(
        tmp_path,
        ev("optional", required=False, earliest="2025-10-01", latest="2025-10-29"),
        ev("required", type="COERCE", extra="accept_types: [COERCE, ASSAULT]"),
    )
    r = run(doc, pred(earliest="2025-10-01", latest="2025-10-29"))
    assert matched(r) == {"required": 0}
    assert r.counts.tp == 1 and r.counts.fn == 0


def test_greedy_prefers_exact_type_then_overlap_then_actors(tmp_path: Path) -> None:
    exact = gold(tmp_path, ev("a", extra="accept_types: [ASSAULT, FIGHT]"))
    r = run(exact, pred(type="FIGHT"), pred(type="ASSAULT"))
    assert matched(r) == {"a": 1}

    wide = gold(tmp_path, ev("a", earliest="2025-10-01", latest="2025-10-31"))
    r = run(wide, pred(earliest="2025-10-30", latest="2025-11-05"), pred(latest="2025-10-15"))
    assert matched(r) == {"a": 1}

    two = gold(tmp_path, ev("a", target="[AFG, TTP]"))
    r = run(two, pred(target=("AFG",)), pred(target=("AFG", "TTP")))
    assert matched(r) == {"a": 1}


def test_greedy_is_one_to_one_over_all_pairs(tmp_path: Path) -> None:
    # p0 fits both events, p1 only "b"; pairing p0 with "a" leaves "b" for p1.
    doc = gold(
        tmp_path,
        ev("a", earliest="2025-10-01", latest="2025-10-20"),
        ev("b", earliest="2025-10-10", latest="2025-10-11"),
    )
    r = run(doc, pred(earliest="2025-10-01", latest="2025-10-20"), pred())
    assert matched(r) == {"a": 0, "b": 1}
    assert r.counts.tp == 2 and r.counts.fp == 0


def test_duplicates_are_false_positives(tmp_path: Path) -> None:
    r = run(gold(tmp_path, ev("a")), pred(), pred(evidence="told again"))
    assert (r.counts.tp, r.counts.fp, r.counts.duplicates) == (1, 1, 1)
    (fp,) = r.false_positives
    assert fp.duplicate_of == ("a",) and fp.evidence == "told again"
    assert r.precision == 0.5


def test_optional_gold_left_out_of_precision(tmp_path: Path) -> None:
    doc = gold(tmp_path, ev("req"), ev("opt", type="PROTEST", required=False))
    r = run(doc, pred(), pred(type="PROTEST"), pred(type="AID"))
    assert r.counts.tp == 1 and r.counts.optional_matched == 1 and r.counts.fp == 1
    assert r.precision == 0.5  # 1 / (3 predictions - 1 matched to optional)
    assert r.recall == 1.0  # the optional event is not in recall
    # An unmatched optional event is no miss.
    r = run(doc, pred())
    assert r.counts.fn == 0 and not r.misses


def test_duplicate_of_optional_event_still_counts_as_false_positive(tmp_path: Path) -> None:
    r = run(gold(tmp_path, ev("opt", required=False)), pred(), pred())
    assert r.counts.optional_matched == 1
    assert r.counts.fp == 1 and r.counts.duplicates == 1
    assert r.precision == 0.0


def test_misses_list_near_predictions(tmp_path: Path) -> None:
    doc = gold(tmp_path, ev("a", evidence="Pakistani air strikes on Kabul"))
    r = run(
        doc, pred(source=("AFG",), target=("PAK",), evidence="The Pakistani air  strikes on KABUL.")
    )
    (miss,) = r.misses
    assert miss.gold_id == "a" and miss.evidence == "Pakistani air strikes on Kabul"
    (near,) = miss.near
    assert "actors" in near.reasons[0]


# -- rule 4: micro-average --------------------------------------------------------------------


def test_micro_average_over_documents(tmp_path: Path) -> None:
    one = gold(tmp_path, ev("a"), doc_id="one")
    many = gold(tmp_path, ev("a"), ev("b", type="AID"), ev("c", type="AGREE"), doc_id="many")
    r = score(
        [one, many],
        {"one": [pred(type="COERCE")], "many": [pred(), pred(type="AID"), pred(type="AGREE")]},
    )
    assert (r.counts.tp, r.counts.fp, r.counts.fn) == (3, 1, 1)
    assert r.precision == r.recall == 0.75  # macro-averaging would give 0.5
    assert [d.counts.precision for d in r.documents] == [0.0, 1.0]


def test_unknown_documents_are_not_scored(tmp_path: Path) -> None:
    r = score([gold(tmp_path, ev("a"))], {"doc": [pred()], "other": [pred()]})
    assert r.counts.fp == 0 and r.unscored_doc_ids == ("other",)
    assert group_predictions([pred(), {**pred(), "doc_id": "x"}]).keys() == {"doc", "x"}


# -- rule 5: field accuracy -------------------------------------------------------------------


def verdicts(result: EvalResult) -> dict[str, bool]:
    (m,) = result.matches
    return {v.field: v.correct for v in m.fields}


def test_date_containment(tmp_path: Path) -> None:
    doc = gold(tmp_path, ev("a", earliest="2025-10-10", latest="2025-10-12"))
    assert verdicts(run(doc, pred(earliest="2025-10-10", latest="2025-10-12"))) == {"date": True}
    assert verdicts(run(doc, pred(earliest="2025-10-11"))) == {"date": True}
    assert verdicts(run(doc, pred(earliest="2025-10-12", latest="2025-10-13"))) == {"date": False}


def north_of(lat: float, lon: float, km: float) -> dict[str, Any]:
    return {"country": "AFG", "lat": lat + math.degrees(km / EARTH_RADIUS_KM), "lon": lon}


def test_location_50_km(tmp_path: Path) -> None:
    doc = gold(tmp_path, ev("a", extra="location: {country: AFG, lat: 34.53, lon: 69.17}"))

    def loc(location: Any) -> bool:
        return verdicts(run(doc, pred(location=location)))["location"]

    assert great_circle_km(34.53, 69.17, north_of(34.53, 69.17, 50)["lat"], 69.17) == (
        pytest.approx(50.0)
    )
    assert loc(north_of(34.53, 69.17, 49.9))
    assert not loc(north_of(34.53, 69.17, 50.1))
    assert not loc({**north_of(34.53, 69.17, 1), "country": "PAK"})
    assert not loc({"country": "AFG"})  # gold gives a point, the prediction none
    assert not loc(None)  # a missing predicted location is wrong


def test_location_region_checks_country_only(tmp_path: Path) -> None:
    region = "location: {country: PAK, lat: 33.0, lon: 70.0, region: true}"
    doc = gold(tmp_path, ev("a", extra=region))
    far = {"country": "PAK", "lat": 24.86, "lon": 67.0}
    assert verdicts(run(doc, pred(location=far)))["location"]
    assert verdicts(run(doc, pred(location={"country": "PAK"})))["location"]
    assert not verdicts(run(doc, pred(location={"country": "AFG"})))["location"]


def test_fields_absent_from_gold_are_not_scored(tmp_path: Path) -> None:
    r = run(gold(tmp_path, ev("a")), pred(location={"country": "XXX"}, claimed_by=["XXX"]))
    assert verdicts(r) == {"date": True}
    assert r.fields["location"].total == 0 and r.fields["location"].accuracy is None


@pytest.mark.parametrize(
    ("gold_fat", "predicted", "ok"),
    [
        ("{min: 5, max: 5}", {"min": 5, "max": 5}, True),
        ("{min: 5, max: 5}", {"min": 5, "max": None}, False),  # unbounded is not within 5..5
        ("{min: 5, max: 5}", {"min": 5}, False),  # absent max means unbounded too
        ("{min: 5, max: 10}", {"min": 6, "max": 9}, True),
        ("{min: 5, max: 10}", {"min": 4, "max": 9}, False),
        ("{min: 24, max: null}", {"min": 30, "max": None}, True),
        ("{min: 24, max: null}", {"min": 30, "max": 1000}, True),
        ("{min: 24, max: null}", {"min": 20, "max": 30}, False),
        ("{min: 24, max: null}", None, False),
    ],
)
def test_fatalities_within_range(
    tmp_path: Path, gold_fat: str, predicted: dict[str, Any] | None, ok: bool
) -> None:
    doc = gold(tmp_path, ev("a", extra=f"fatalities: {gold_fat}"))
    assert verdicts(run(doc, pred(fatalities=predicted))) == {"date": True, "fatalities": ok}


def test_by_side_scored_separately(tmp_path: Path) -> None:
    doc = gold(
        tmp_path, ev("a", extra="fatalities: {min: 30, max: 30, by_side: {PAK: 5, TTP: 25}}")
    )

    def check(by_side: Any) -> dict[str, bool]:
        v = verdicts(run(doc, pred(fatalities={"min": 30, "max": 30, "by_side": by_side})))
        return {"fatalities": v["fatalities"], "by_side": v["by_side"]}

    assert check({"PAK": 5, "TTP": 25}) == {"fatalities": True, "by_side": True}
    assert check([["TTP", 25], ["PAK", 5]])["by_side"]  # the model's pair form
    assert check({"PAK": 5, "TTP": 25, "AFG": 0})["by_side"]  # a zero side is no side
    assert check({"PAK": 25, "TTP": 5}) == {"fatalities": True, "by_side": False}
    assert not check({"PAK": 5})["by_side"]
    assert not check(None)["by_side"]
    # Without by_side in gold, no by_side verdict at all.
    plain = gold(tmp_path, ev("a", extra="fatalities: {min: 30, max: 30}"))
    assert "by_side" not in verdicts(run(plain, pred(fatalities={"min": 30, "max": 30})))


@pytest.mark.parametrize(
    ("claimed", "ok"),
    [
        (["anonymous"], True),
        ([{"code": "anonymous"}, {"code": "PAK"}], True),
        (["Anonymous"], True),
        (["PAK", "UKR"], False),
        ([], False),
        (None, False),
    ],
)
def test_claimed_by(tmp_path: Path, claimed: Any, ok: bool) -> None:
    doc = gold(tmp_path, ev("a", extra="claimed_by: [PAK, anonymous]"))
    assert verdicts(run(doc, pred(claimed_by=claimed)))["claimed_by"] is ok


def test_field_accuracy_counts_pairs_matched_to_optional_gold(tmp_path: Path) -> None:
    doc = gold(
        tmp_path,
        ev("old", required=False, earliest="2021-09-07", latest="2021-09-07"),
    )
    r = run(doc, pred(earliest="2021-09-01", latest="2021-09-30"))
    assert r.counts.optional_matched == 1
    assert (r.fields["date"].correct, r.fields["date"].total) == (0, 1)


# -- rule 6: must_not -------------------------------------------------------------------------


def violations(doc: GoldDocument, *preds: dict[str, Any]) -> list[tuple[str, str, tuple[int, ...]]]:
    return [(v.name, v.kind, v.prediction_indices) for v in run(doc, *preds).violations]


def test_must_not_max_with_normalised_evidence(tmp_path: Path) -> None:
    doc = gold(
        tmp_path, ev("a"), must_not="- name: no_reply\n  evidence: did not  respond\n  max: 0\n"
    )
    assert violations(doc, pred(evidence="Kabul DID NOT\n respond to a request")) == [
        ("no_reply", "max", (0,))
    ]
    assert violations(doc, pred(evidence="Kabul responded")) == []


def test_must_not_types_filter(tmp_path: Path) -> None:
    must_not = "- name: trip\n  evidence: would travel\n  types: [CONSULT]\n  max: 0\n"
    doc = gold(tmp_path, ev("a"), must_not=must_not)
    assert violations(doc, pred(evidence="they would travel")) == []
    assert violations(doc, pred(type="CONSULT", evidence="they would travel")) == [
        ("trip", "max", (0,))
    ]


def test_must_not_max_per_type(tmp_path: Path) -> None:
    doc = gold(
        tmp_path, ev("a"), must_not="- name: twice\n  evidence: protest\n  max_per_type: 1\n"
    )
    ok = [pred(type="PROTEST", evidence="a protest"), pred(type="COERCE", evidence="protest")]
    assert violations(doc, *ok) == []
    assert violations(doc, *ok, pred(type="PROTEST", evidence="the protest")) == [
        ("twice", "max_per_type", (0, 2))
    ]


def test_must_not_date_overlaps(tmp_path: Path) -> None:
    must_not = """\
        - name: caption_2021
          evidence: anti-Pakistan protest
          date_overlaps: {earliest: 2025-01-01, latest: 2025-12-31}
        """
    doc = gold(tmp_path, ev("a"), must_not=must_not)
    assert violations(doc, pred(earliest="2021-09-07", evidence="an anti-Pakistan protest")) == []
    late = pred(earliest="2024-12-01", latest="2025-01-01", evidence="an anti-Pakistan protest")
    assert violations(doc, late) == [("caption_2021", "date_overlaps", (0,))]


def test_must_not_actor_not(tmp_path: Path) -> None:
    must_not = """\
        - name: ttp_is_not_afg
          evidence: 25 Pakistani Taliban
          types: [ASSAULT, FIGHT]
          actor_not: [AFG]
        """
    doc = gold(tmp_path, ev("a"), must_not=must_not)
    text = "killed 25 Pakistani Taliban terrorists"
    assert violations(doc, pred(target=("TTP",), evidence=text)) == []
    assert violations(doc, pred(type="ACCUSE", evidence=text)) == []  # not an ASSAULT/FIGHT
    assert violations(doc, pred(evidence=text)) == [("ttp_is_not_afg", "actor_not", (0,))]
    assert violations(doc, pred(source=("AFG",), target=("TTP",), evidence=text)) != []


def test_must_not_publication_date(tmp_path: Path) -> None:
    doc = gold(
        tmp_path,
        ev("thursday", type="ACCUSE", earliest="2025-10-23", evidence="On Thursday, the army said"),
        ev("today", type="AGREE", earliest=PUBLISHED, evidence="agreed on Wednesday"),
        must_not="- name: dated_by_text\n  rule: not_publication_date\n",
    )
    sentence = "On Thursday, the army said the deployments were illegal."
    on_day = pred(type="ACCUSE", earliest=PUBLISHED, evidence=sentence)
    # Once per offending prediction, whatever its type.
    assert violations(doc, on_day, pred(type="REJECT", earliest=PUBLISHED, evidence=sentence)) == [
        ("dated_by_text", "not_publication_date", (0,)),
        ("dated_by_text", "not_publication_date", (1,)),
    ]
    # Correctly dated, or an interval that merely includes the publication date: fine.
    assert violations(doc, pred(type="ACCUSE", earliest="2025-10-23", evidence=sentence)) == []
    spanning = pred(type="ACCUSE", earliest="2025-10-23", latest=PUBLISHED, evidence=sentence)
    assert violations(doc, spanning) == []
    # Gold events whose interval holds the publication date do not trigger it.
    assert (
        violations(doc, pred(type="AGREE", earliest=PUBLISHED, evidence="agreed on Wednesday"))
        == []
    )


# -- the dev set ------------------------------------------------------------------------------


def as_prediction(doc: GoldDocument, g: GoldEvent) -> dict[str, Any]:
    """A gold event in the wire format: the first code of each side."""
    loc = g.location
    return {
        "doc_id": doc.id,
        "type": g.type,
        "source": [{"code": a[0], "text": a[0]} for a in g.source[:1]],
        "target": [{"code": a[0], "text": a[0]} for a in g.target[:1]],
        "date": {"earliest": g.date.earliest.isoformat(), "latest": g.date.latest.isoformat()},
        "location": None
        if loc is None
        else {"country": loc.country, "lat": loc.lat, "lon": loc.lon},
        "fatalities": None,
        "claimed_by": [],
        "evidence": {"text": g.evidence},
    }


def test_gold_scored_against_itself(gold_dir: Path) -> None:
    docs = load_gold_dir(gold_dir)
    preds = group_predictions(as_prediction(d, g) for d in docs for g in d.events)
    r = score(docs, preds)
    assert r.recall == 1.0
    assert r.precision == 1.0
    assert r.violations == ()
    assert r.fields["date"].accuracy == 1.0
    assert r.fields["location"].accuracy == 1.0
    report = format_report(r)
    assert "recall 1.000" in report
    json.dumps(r.to_dict())


def test_report_shows_why(tmp_path: Path) -> None:
    doc = gold(
        tmp_path,
        ev("missed", type="AGREE", evidence="Both nations agreed to a ceasefire"),
        ev("hit", extra="location: {country: AFG, lat: 34.53, lon: 69.17}"),
        must_not="- name: no_reply\n  evidence: did not respond\n  max: 0\n",
    )
    r = run(
        doc,
        pred(location={"country": "PAK"}),
        pred(type="AID", evidence="Kabul did not respond to requests"),
    )
    text = format_report(r)
    for expected in (
        "missed",
        "Both nations agreed to a ceasefire",
        "Kabul did not respond to requests",
        "no_reply",
        "location predicted PAK",
        "location",
    ):
        assert expected in text, expected
    short = format_report(r, verbose=False)
    assert "Both nations agreed" not in short and "doc" in short
    data = json.loads(json.dumps(r.to_dict()))
    assert data["totals"]["tp"] == 1 and data["violations"][0]["name"] == "no_reply"
