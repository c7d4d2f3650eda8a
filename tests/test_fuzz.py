"""Fuzzing in the suite: a short seeded run of ``bench/fuzz.py`` and hypothesis over hostile text.

Whatever the input, the coder either codes it, with every span indexing the document's text, or
raises one coded :class:`EventcoderError`; never another exception. The long run is
``python bench/fuzz.py --cases N`` (bench/README.md).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.coder import Coder, make_document
from eventcoder.errors import EventcoderError
from eventcoder.io.readers import document_from_bytes
from eventcoder.model import Document

BENCH = Path(__file__).resolve().parents[1] / "bench"
if not BENCH.is_dir():
    pytest.skip("bench/ is not in this checkout", allow_module_level=True)
sys.path.insert(0, str(BENCH))

import fuzz  # noqa: E402

TODAY = fuzz.TODAY
_VOCABULARY = (
    "Pakistani forces attacked Taliban positions near Kabul on Tuesday , killing 12 . "
    "protesters rallied said at least dozens ceasefire talks \n\n KHARTOUM, April 16 -"
)
WORDS = tuple(_VOCABULARY.split(" "))
FUZZ = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,  # seeded: the same examples on every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def code_checked(coder: Coder, document: Document) -> None:
    events = coder.code_document(document)
    assert fuzz.bad_spans(document, events) == []


@FUZZ
@given(
    pieces=st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.sampled_from(fuzz._NASTY),
            st.text(max_size=8),  # any code point, surrogates included
        ),
        min_size=1,
        max_size=50,
    ),
    published=st.dates(min_value=date(1000, 1, 1), max_value=TODAY),
)
def test_hostile_text_codes_or_raises_a_coded_error(
    coder: Coder, pieces: list[str], published: date
) -> None:
    try:
        document = make_document(" ".join(pieces), published, today=TODAY)
    except EventcoderError:
        return
    code_checked(coder, document)


@FUZZ
@given(data=st.binary(max_size=600), html=st.sampled_from((None, True)))
def test_hostile_bytes_code_or_raise_a_coded_error(
    coder: Coder, data: bytes, html: bool | None
) -> None:
    try:
        document = document_from_bytes(
            data, doc_id="b", html=html, published="2025-10-29", today=TODAY
        )
    except EventcoderError:
        return
    code_checked(coder, document)


def test_a_short_seeded_fuzz_run_finds_nothing(coder: Coder) -> None:
    report = fuzz.run(60, seed=1, timeout=30, coder=coder)
    assert report["cases"] == 60 and report["documents"] > 0 and report["events"] > 0
    assert report["crashes"] == [] and report["invalid_offsets"] == [] and report["hangs"] == []
    assert "peak_rss_mib" in report and report["slowest"]


def test_worker_processes_find_what_one_process_finds(coder: Coder) -> None:
    serial = fuzz.run(0, seed=2, timeout=30, coder=coder, only=tuple(range(10, 20)))
    # batches of 3: four batches, so both workers code some and their tallies merge
    parallel = fuzz.run(0, seed=2, timeout=30, only=tuple(range(10, 20)), workers=2, batch_cases=3)
    for key in ("cases", "kinds", "documents", "events", "coded_errors", "crashes"):
        assert parallel[key] == serial[key], key
    assert parallel["workers"] == 2 and len({m["pid"] for m in parallel["memory"]}) == 2


def test_a_worker_killed_in_a_case_loses_that_case_alone(coder: Coder, tmp_path: Path) -> None:
    # Real worker processes really killed (SIGKILL, as the OOM killer does) as they begin
    # cases 11 (mid-batch: 10 is done, 12 is not begun) and 19 (the first of the last batch,
    # coded by the worker that replaced the first one killed). Each is one crash naming its
    # case; every other case runs exactly once, on the fresh workers.
    indexes = tuple(range(10, 22))
    killed = (11, 19)
    parallel = fuzz.run(
        0,
        seed=2,
        timeout=30,
        only=indexes,
        workers=2,
        batch_cases=3,
        save=tmp_path,
        die_at=killed,
    )
    survivors = fuzz.run(
        0, seed=2, timeout=30, coder=coder, only=tuple(i for i in indexes if i not in killed)
    )
    assert parallel["cases"] == len(indexes) and parallel["last_case"] == 21
    assert [crash["index"] for crash in parallel["crashes"]] == list(killed)
    for crash in parallel["crashes"]:
        assert crash["kind"] == fuzz.make_case(2, crash["index"]).kind
        assert "SIGKILL" in crash["traceback"]
        assert f"--seed 2 --case {crash['index']}" in crash["traceback"]
    for key in ("documents", "events", "coded_errors"):
        assert parallel[key] == survivors[key], key
    assert sum(parallel["kinds"].values()) == len(indexes)
    # the killed cases' inputs are kept, as for any crash
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case-2-11.json", "case-2-19.json"]
    assert parallel["workers"] == 2  # the replacements reported their memory


def test_dying_on_purpose_is_refused_in_this_process(coder: Coder) -> None:
    with pytest.raises(ValueError, match="workers"):
        fuzz.run(0, seed=2, coder=coder, only=(1,), die_at=(1,))


def test_a_run_stopped_early_reports_the_cases_it_ran(coder: Coder) -> None:
    report = fuzz.run(100, seed=2, coder=coder, stop_after=0)
    assert (report["cases"], report["cases_asked"], report["last_case"]) == (0, 100, None)


def test_cases_are_reproducible_from_seed_and_index() -> None:
    assert fuzz.make_case(4, 77) == fuzz.make_case(4, 77)
    assert fuzz.make_case(4, 77) != fuzz.make_case(5, 77)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("text_5mb", "E004"),
        ("bytes_5mb", "E002"),
        ("nested_html", "E121"),
        ("very_deep_html", "E121"),
    ],
)
def test_the_big_inputs_get_their_one_clear_error(coder: Coder, name: str, code: str) -> None:
    # Refused before parsing (too long, binary) or read as far as the HTML parser reads.
    case = fuzz.special_case(name, 0, fuzz.random.Random(0))
    outcome = fuzz.run_case(coder, case, timeout=30)
    assert outcome.crash is None and dict(outcome.errors) == {code: 1} and not outcome.timed_out


def test_a_sentence_without_punctuation_is_coded_with_valid_offsets(coder: Coder) -> None:
    words = ("army", "attacked", "Pakistan", "Kabul", "border", "said", "protesters", "12")
    text = " ".join(words[i % len(words)] for i in range(2_500))  # ~15,000 characters
    code_checked(coder, make_document(text, "2025-10-29", today=TODAY))


def test_a_document_dated_year_one_is_coded(coder: Coder) -> None:
    text = "Pakistani forces attacked Kabul on August 6 and again on Monday."
    events = coder.code_document(Document(id="y1", text=text, published=date(1, 1, 1)))
    assert events, "the attack is still coded; only dates outside the calendar resolve to none"
    assert all(text[e.evidence.start : e.evidence.end] == e.evidence.text for e in events)
