"""A long batch keeps memory flat: what a chunk adds to spaCy's vocabulary goes with the chunk.

spaCy interns every new string it tokenises (names, places, numbers) in the model's
``StringStore`` for the life of the process; news has an open vocabulary, so without the
coder's memory zone a worker's memory grows with every document it has ever seen
(``bench/bench_memory.py`` measures it). These tests count the vocabulary's strings, not bytes:
the count is exact where RSS is noisy.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from eventcoder.batch import Coded, CodingOptions, RecordTask, code_chunk, read_task
from eventcoder.coder import Coder
from eventcoder.io.serialize import event_to_record
from eventcoder.stages.parse import load_nlp

PUBLISHED = "2024-05-17"


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def made_up(rng: random.Random) -> str:
    """A word no dictionary has ("Zovakeru"), so spaCy has never seen it."""
    syllables = [rng.choice("bdfgkmnprstvz") + rng.choice("aeiou") for _ in range(4)]
    return "".join(syllables).title()


def chunk(seed: int, size: int = 6) -> list[RecordTask]:
    """Wire stories naming people and towns nobody has named before, with fresh figures."""
    rng = random.Random(seed)
    tasks = []
    for i in range(size):
        person, town, group = made_up(rng), made_up(rng), made_up(rng)
        text = (
            f"LAGOS, May 16 (Wire) - Gunmen of the {group} Front killed {rng.randint(11, 9999)} "
            f"villagers in {town}, Nigeria, on Thursday, police chief {person} said. Soldiers "
            f"arrested {rng.randint(11, 999)} suspects near {made_up(rng)} in Kenya."
        )
        record: dict[str, object] = {"id": f"c{seed}-{i}", "text": text, "published": PUBLISHED}
        tasks.append(RecordTask(record, i + 1, "made-up.jsonl"))
    return tasks


def records(results: list[Any]) -> dict[str, list[dict[str, Any]]]:
    assert all(isinstance(r, Coded) for r in results), results
    return {r.document.id: r.records for r in results}


def test_a_chunk_leaves_the_vocabulary_as_it_found_it(coder: Coder) -> None:
    strings = load_nlp().vocab.strings
    options = CodingOptions()
    code_chunk(coder, chunk(0), options)  # the first chunk may load what stages load lazily
    before = len(strings)
    coded = [records(code_chunk(coder, chunk(seed), options)) for seed in (1, 2, 3)]
    assert len(strings) == before  # without the zone: hundreds more per chunk
    assert sum(len(events) for c in coded for events in c.values()) >= 18  # they were coded
    rng = random.Random(1)
    assert made_up(rng) not in strings  # chunk 1's first town is gone again


def test_the_memory_zone_changes_no_event(coder: Coder) -> None:
    """The same documents coded in zones (a batch's chunks, one after another) and outside any
    zone give the same event records: nothing a stage keeps across documents pointed into a
    freed zone."""
    options = CodingOptions()
    tasks = chunk(7) + chunk(8)
    zoned = records(code_chunk(coder, tasks[:6], options))
    zoned.update(records(code_chunk(coder, tasks[6:], options)))
    documents = [read_task(task, options.read) for task in tasks]
    plain = {
        a.document.id: [event_to_record(e) for e in a.events] for a in coder.annotate(documents)
    }
    assert zoned == plain
    assert all(plain.values())


def test_a_doc_made_in_the_zone_takes_its_words_with_it(coder: Coder) -> None:
    strings = load_nlp().vocab.strings
    (task,) = chunk(99, 1)
    rng = random.Random(99)
    person, town = made_up(rng), made_up(rng)
    assert town in str(task.record["text"]) and person not in strings
    with coder.memory_zone():
        (annotated,) = coder.annotate([read_task(task, CodingOptions().read)])
        assert annotated.doc is not None and town in strings
    assert town not in strings


def test_eventcoder_code_over_json_lines_frees_each_batchs_words(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eventcoder.cli import main

    strings = load_nlp().vocab.strings
    runner = CliRunner()
    warm, source = tmp_path / "warm.jsonl", tmp_path / "docs.jsonl"
    warm.write_text("".join(json.dumps(t.record) + "\n" for t in chunk(20)))
    source.write_text("".join(json.dumps(t.record) + "\n" for t in chunk(21, 40)))
    assert runner.invoke(main, ["code", str(warm)]).exit_code == 0
    before = len(strings)
    result = runner.invoke(main, ["code", str(source)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert {line["doc_id"] for line in lines} == {f"c21-{i}" for i in range(40)}
    assert len(strings) == before


def test_extract_codes_in_batches_each_in_its_own_zone(coder: Coder) -> None:
    strings = load_nlp().vocab.strings
    documents = [read_task(t, CodingOptions().read) for t in chunk(30, 5)]
    seen: list[int] = []

    def take(annotated: Any) -> list[dict[str, Any]]:
        seen.append(len(strings))
        return [event_to_record(e) for e in annotated.events]

    before = len(strings)
    coded = list(coder.extract(documents, take, batch_size=2))
    assert len(coded) == 5 and all(coded)
    assert len(strings) == before and max(seen) > before  # words came and went, per batch


def test_code_document_frees_its_words_and_nests_in_an_open_zone(coder: Coder) -> None:
    import eventcoder

    strings = load_nlp().vocab.strings
    documents = [read_task(t, CodingOptions().read) for t in chunk(40, 3)]
    coder.code_document(documents[0])
    before = len(strings)
    assert coder.code_document(documents[1])  # a zone of its own
    assert len(strings) == before
    with coder.memory_zone():
        assert coder.code_document(documents[2])  # inside the open zone, not a nested one
        assert eventcoder.code(documents[2].text, PUBLISHED)  # another Coder, the same model
        assert len(strings) > before
    assert len(strings) == before


def test_the_server_codes_each_request_in_its_own_zone() -> None:
    from eventcoder.api.app import CoderService
    from eventcoder.api.config import ServerConfig

    service = CoderService(ServerConfig())
    service.load()
    strings = load_nlp().vocab.strings
    documents = [read_task(t, CodingOptions().read) for t in chunk(50, 2)]
    service.annotate(documents[0])
    before = len(strings)
    annotated, _seconds = service.annotate(documents[1])
    assert len(strings) == before  # a long-running server does not grow with what it reads
    assert annotated.events and annotated.doc is None  # records kept, the freed Doc dropped
