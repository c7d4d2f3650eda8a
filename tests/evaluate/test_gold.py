"""Loading and validating gold files (shared/gold/README.md)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.evaluate.gold import load_gold_dir, load_gold_file

DEV_FILES = 15

EVENT = """\
  - id: e1
    required: true
    type: ASSAULT
    accept_types: [ASSAULT, FIGHT]
    source: [PAK]
    target: [[ISIS, ISIL, IS], TTP]
    date: {earliest: 2025-10-01, latest: 2025-10-29}
    location: {place: Kabul, country: AFG, lat: 34.53, lon: 69.17}
    fatalities: {min: 30, max: 30, by_side: {PAK: 5, TTP: 25}}
    claimed_by: [PAK, anonymous]
    evidence: strikes on Kabul
"""


def write(
    tmp_path: Path, body: str, name: str = "doc", text: str | None = "strikes on Kabul"
) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    if text is not None:
        path.with_suffix(".txt").write_text(text, encoding="utf-8")
    return path


def gold_yaml(events: str = EVENT, must_not: str = "", document: str = "") -> str:
    doc = document or "document:\n  id: doc\n  published: 2025-10-29\n"
    return doc + "events:\n" + events + ("must_not:\n" + must_not if must_not else "")


def test_dev_set_loads(gold_dir: Path) -> None:
    docs = load_gold_dir(gold_dir)
    assert len(docs) == DEV_FILES
    assert len({d.id for d in docs}) == DEV_FILES
    for doc in docs:
        assert doc.text.strip()
        assert doc.events
        assert isinstance(doc.published, date)
        # Every gold evidence string is quoted from its text (whitespace aside).
        flat = " ".join(doc.text.split())
        for event in doc.events:
            assert " ".join(event.evidence.split()) in flat, (doc.id, event.id)


def test_fields_are_read(tmp_path: Path) -> None:
    doc = load_gold_file(write(tmp_path, gold_yaml()))
    assert doc.id == "doc"
    assert doc.published == date(2025, 10, 29)
    assert doc.text == "strikes on Kabul"
    (e,) = doc.events
    assert e.required
    assert e.types == {"ASSAULT", "FIGHT"}
    # One actor spelled three ways stays one actor; every spelling matches.
    assert e.target == (("ISIS", "ISIL", "IS"), ("TTP",))
    assert e.target_codes == {"ISIS", "ISIL", "IS", "TTP"}
    assert e.location is not None and e.location.has_point
    assert e.fatalities is not None
    assert e.fatalities.max == 30
    assert dict(e.fatalities.by_side) == {"PAK": 5, "TTP": 25}
    assert e.claimed_by == ("PAK", "ANONYMOUS")


def test_text_sources(tmp_path: Path) -> None:
    inline = gold_yaml(document="document:\n  id: a\n  published: 2025-10-29\n  text: inline\n")
    assert load_gold_file(write(tmp_path, inline, "a", text=None)).text == "inline"
    named = gold_yaml(document="document:\n  id: b\n  published: 2025-10-29\n  file: other.txt\n")
    (tmp_path / "other.txt").write_text("from other", encoding="utf-8")
    assert load_gold_file(write(tmp_path, named, "b", text=None)).text == "from other"


def test_region_and_null_max(tmp_path: Path) -> None:
    event = EVENT.replace(
        "{place: Kabul, country: AFG, lat: 34.53, lon: 69.17}",
        "{place: border, country: PAK, region: true}",
    ).replace("{min: 30, max: 30, by_side: {PAK: 5, TTP: 25}}", "{min: 24, max: null}")
    (e,) = load_gold_file(write(tmp_path, gold_yaml(event))).events
    assert e.location is not None and e.location.region and not e.location.has_point
    assert e.fatalities is not None and e.fatalities.max is None


def test_must_not_items(tmp_path: Path) -> None:
    must_not = """\
  - name: a
    evidence: anti-Pakistan protest
    date_overlaps: {earliest: 2025-01-01, latest: 2025-12-31}
    max_per_type: 1
  - name: b
    evidence: 25 Pakistani Taliban
    types: [ASSAULT, FIGHT]
    actor_not: [AFG]
  - name: c
    rule: not_publication_date
"""
    doc = load_gold_file(write(tmp_path, gold_yaml(must_not=must_not)))
    a, b, c = doc.must_not
    assert a.date_overlaps is not None and a.max_per_type == 1
    assert b.types == ("ASSAULT", "FIGHT") and b.actor_not == ("AFG",)
    assert c.rule == "not_publication_date" and c.evidence is None


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (gold_yaml(document="document:\n  id: doc\n"), "published"),
        (gold_yaml(EVENT.replace("type: ASSAULT", "type: SHOOT")), "SHOOT"),
        (gold_yaml(EVENT.replace("[ASSAULT, FIGHT]", "[ASSAULT, BRAWL]")), "BRAWL"),
        (gold_yaml(EVENT.replace("latest: 2025-10-29", "latest: 2025-09-01")), "before"),
        (gold_yaml(EVENT.replace("earliest: 2025-10-01", "earliest: October")), "YYYY-MM-DD"),
        (gold_yaml(EVENT.replace(", lon: 69.17", "")), "lat and lon"),
        (gold_yaml(EVENT.replace("max: 30,", "max: 3,")), "below min"),
        (gold_yaml(EVENT.replace("    evidence: strikes on Kabul\n", "")), "evidence"),
        (gold_yaml(EVENT.replace("required: true", "required: maybe")), "required"),
        (gold_yaml(EVENT + EVENT), "not unique"),
        (gold_yaml(must_not="  - name: x\n    evidence: y\n    max_per_types: 1\n"), "unknown"),
        (gold_yaml(must_not="  - name: x\n    evidence: y\n"), "checks nothing"),
        (gold_yaml(must_not="  - name: x\n    rule: no_such_rule\n"), "no_such_rule"),
        ("events: [1, 2\n", "YAML"),
        ("- just a list\n", "mapping"),
    ],
)
def test_invalid_files_raise_e040(tmp_path: Path, body: str, fragment: str) -> None:
    with pytest.raises(EventcoderError) as err:
        load_gold_file(write(tmp_path, body))
    assert err.value.code is ErrorCode.E040
    assert fragment in str(err.value)
    assert "doc.yaml" in str(err.value)


def test_missing_text_raises_e040(tmp_path: Path) -> None:
    with pytest.raises(EventcoderError) as err:
        load_gold_file(write(tmp_path, gold_yaml(), text=None))
    assert err.value.code is ErrorCode.E040
    assert "document text" in str(err.value)


def test_dir_rejects_duplicate_ids_and_empty_folders(tmp_path: Path) -> None:
    write(tmp_path, gold_yaml(), "one")
    write(tmp_path, gold_yaml(), "two")
    with pytest.raises(EventcoderError, match="also used by"):
        load_gold_dir(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EventcoderError, match=r"no \.yaml files"):
        load_gold_dir(empty)
