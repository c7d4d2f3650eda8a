"""Golden outputs: the bundled example article coded end to end, compared field by field.

When the coder changes on purpose, regenerate with
``EVENTCODER_UPDATE_GOLDEN=1 python3 dev.py test tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

import eventcoder
from eventcoder.io.serialize import event_to_record

EXAMPLES = Path(eventcoder.__file__).parent / "examples"
GOLDEN = Path(__file__).parent / "golden"
CASES = [("border_truce", date(2025, 3, 14))]
COMPARED = (
    "type",
    "mode",
    "source",
    "target",
    "date",
    "location",
    "fatalities",
    "claimed_by",
    "evidence",
    "trigger",
    "auxiliary",
)


def comparable(record: dict[str, object]) -> dict[str, object]:
    return {key: record[key] for key in COMPARED}


@pytest.mark.parametrize(("name", "published"), CASES)
def test_example_article_codes_as_recorded(name: str, published: date) -> None:
    text = (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    records = [
        comparable(event_to_record(e)) for e in eventcoder.code(text, published, doc_id=name)
    ]
    path = GOLDEN / f"{name}.jsonl"
    if os.environ.get("EVENTCODER_UPDATE_GOLDEN"):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    expected = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records == expected
    for record in records:
        evidence = record["evidence"]
        assert isinstance(evidence, dict)
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
