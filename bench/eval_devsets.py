"""Score the coder on every development set at once, and say why it misses.

    .venv/bin/python bench/eval_devsets.py                 # the table of every set
    .venv/bin/python bench/eval_devsets.py --misses acled2016 --limit 40
    .venv/bin/python bench/eval_devsets.py --json scores.json

Sets: ``../shared/gold`` as written, lower-cased and upper-cased (case robustness needs no
mirror), and every folder under ``.devsets/`` (built by ``../shared/devsets/build_devsets.py``;
absent sets are skipped). The models load once. A miss is put in the first category that fits:
``no event`` (no prediction's evidence overlaps the gold evidence), ``type``, ``date``, then
``actors`` (a prediction on that evidence has the type and date but other actors).
The devsets are never committed and no test depends on them: this is a measuring tool.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from eventcoder.coder import Coder
from eventcoder.evaluate.gold import GoldDocument, load_gold_dir
from eventcoder.evaluate.score import EvalResult, Miss, score
from eventcoder.io.serialize import event_to_record
from eventcoder.model import Document

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"
DEVSETS = ROOT / ".devsets"
FIELDS_SHOWN = ("date", "location", "fatalities", "claimed_by")


def gold_sets() -> dict[str, list[GoldDocument]]:
    sets: dict[str, list[GoldDocument]] = {}
    if GOLD.is_dir():
        gold = load_gold_dir(GOLD)
        sets["gold"] = gold
        sets["gold_lower"] = [replace(d, text=d.text.lower()) for d in gold]
        sets["gold_upper"] = [replace(d, text=d.text.upper()) for d in gold]
    if DEVSETS.is_dir():
        for folder in sorted(p for p in DEVSETS.iterdir() if p.is_dir()):
            sets[folder.name] = load_gold_dir(folder)
    return sets


def code_all(coder: Coder, docs: list[GoldDocument]) -> dict[str, list[dict[str, Any]]]:
    documents = [Document(id=d.id, text=d.text, published=d.published) for d in docs]
    return {
        a.document.id: [event_to_record(e) for e in a.events] for a in coder.annotate(documents)
    }


def miss_category(miss: Miss) -> str:
    if not miss.near:
        return "no event"
    reasons = [r for near in miss.near for r in near.reasons]
    if all(any(r.startswith("type") for r in near.reasons) for near in miss.near):
        return "type"
    if all(any(r.startswith("date") for r in near.reasons) for near in miss.near):
        return "date"
    if any("source" in r or "->" in r for r in reasons):
        return "actors"
    return "taken by another gold event"


def row(name: str, result: EvalResult, seconds: float) -> dict[str, Any]:
    fields = {f: result.fields[f].accuracy for f in FIELDS_SHOWN if f in result.fields}
    return {
        "set": name,
        "docs": len(result.documents),
        "precision": result.precision,
        "recall": result.recall,
        "f1": result.f1,
        "must_not": len(result.violations),
        **fields,
        "misses": dict(Counter(miss_category(m) for m in result.misses)),
        "seconds": seconds,
    }


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def print_table(rows: list[dict[str, Any]]) -> None:
    head = f"{'set':22} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6} {'mn':>3} " + " ".join(
        f"{f[:6]:>6}" for f in FIELDS_SHOWN
    )
    print(head)
    for r in rows:
        print(
            f"{r['set']:22} {r['docs']:5d} {_fmt(r['precision']):>6} {_fmt(r['recall']):>6} "
            f"{_fmt(r['f1']):>6} {r['must_not']:3d} "
            + " ".join(f"{_fmt(r.get(f)):>6}" for f in FIELDS_SHOWN)
            + f"   {r['misses']}"
        )


def print_misses(result: EvalResult, limit: int, category: str | None) -> None:
    shown = 0
    for miss in result.misses:
        kind = miss_category(miss)
        if category and kind != category:
            continue
        print(f"- [{kind}] {miss.doc_id} {miss.gold_id} {miss.type}: {miss.evidence[:300]}")
        for near in miss.near:
            print(f"    near: {'; '.join(near.reasons)}")
        shown += 1
        if shown >= limit:
            break


def print_false_positives(result: EvalResult, limit: int) -> None:
    for fp in result.false_positives[:limit]:
        p = fp.prediction
        sources = [a.get("code") for a in p.get("source", [])]
        targets = [a.get("code") for a in p.get("target", [])]
        actors = f"{sources}->{targets}"
        trigger = (p.get("trigger") or {}).get("text")
        print(f"- {fp.doc_id} {fp.type} {actors} [{trigger}] {fp.evidence[:200]}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", help="only these sets")
    parser.add_argument("--misses", help="list the misses of this set")
    parser.add_argument("--fps", help="list the false positives of this set")
    parser.add_argument("--category", help="only misses of this category")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--json", type=Path, help="write the rows as JSON here")
    args = parser.parse_args(argv)

    coder = Coder()
    rows = []
    for name, docs in gold_sets().items():
        if args.sets and name not in args.sets:
            continue
        started = time.perf_counter()
        result = score(docs, code_all(coder, docs))
        rows.append(row(name, result, time.perf_counter() - started))
        if args.misses == name:
            print_misses(result, args.limit, args.category)
        if args.fps == name:
            print_false_positives(result, args.limit)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
