"""Plain-text report of an :class:`EvalResult`, for people (``--json`` uses ``to_dict``).

The report is built so a reader can see *why* each number is what it is: every miss, false
positive and must_not violation comes with the evidence sentence it concerns, and a miss lists the
predictions on the same sentence with the rule-3 conditions they failed.
"""

from __future__ import annotations

from eventcoder.evaluate.score import FIELDS, EvalResult, FieldScore

_EVIDENCE_WIDTH = 160  # long enough to recognise a sentence, short enough to scan a list


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:5.3f}"


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    if not flat:
        return '""'
    if len(flat) > _EVIDENCE_WIDTH:
        flat = flat[: _EVIDENCE_WIDTH - 1] + "…"
    return f'"{flat}"'


def _field_line(name: str, score: FieldScore) -> str:
    return f"  {name:<12} {_pct(score.accuracy)}  ({score.correct}/{score.total})"


def format_report(result: EvalResult, *, verbose: bool = True) -> str:
    """Totals, per-document lines and, when ``verbose``, every miss, false positive, wrong field
    and must_not violation with its evidence."""
    c = result.counts
    lines = [
        "Evaluation",
        f"  precision {c.precision:5.3f}   recall {c.recall:5.3f}   F1 {c.f1:5.3f}",
        f"  tp {c.tp}  fp {c.fp} (duplicates {c.duplicates})  fn {c.fn}  "
        f"matched-optional {c.optional_matched} (not counted)  "
        f"predictions {c.predictions}  required gold {c.required}",
        f"  must_not violations {len(result.violations)}",
        "",
        "Field accuracy (matched pairs where gold has the field)",
        *(_field_line(name, result.fields[name]) for name in FIELDS),
        "",
        "Per document",
    ]
    width = max((len(d.doc_id) for d in result.documents), default=8)
    for d in result.documents:
        dc = d.counts
        lines.append(
            f"  {d.doc_id:<{width}}  P {dc.precision:5.3f}  R {dc.recall:5.3f}  "
            f"F1 {dc.f1:5.3f}  tp {dc.tp:>3} fp {dc.fp:>3} fn {dc.fn:>3} "
            f"dup {dc.duplicates:>2} opt {dc.optional_matched:>2}  "
            f"must_not {len(d.violations)}"
        )
    if result.unscored_doc_ids:
        lines.append("  not scored (no gold document): " + ", ".join(result.unscored_doc_ids))
    if not verbose:
        return "\n".join(lines)

    lines += ["", f"Misses ({len(result.misses)} required gold events unmatched)"]
    for m in result.misses:
        lines.append(f"  [{m.doc_id}] {m.gold_id} ({m.type})")
        lines.append(f"      gold evidence: {_clip(m.evidence)}")
        for near in m.near:
            taken = f", matched to {near.matched_to}" if near.matched_to else ""
            why = "; ".join(near.reasons) if near.reasons else "matches, but was taken elsewhere"
            lines.append(f"      prediction #{near.prediction_index}{taken}: {why}")

    lines += ["", f"False positives ({len(result.false_positives)})"]
    for f in result.false_positives:
        dup = f" duplicate of {', '.join(f.duplicate_of)}" if f.duplicate_of else ""
        lines.append(f"  [{f.doc_id}] prediction #{f.prediction_index} ({f.type}){dup}")
        lines.append(f"      evidence: {_clip(f.evidence)}")

    wrong = [(pair, v) for pair in result.matches for v in pair.fields if not v.correct]
    lines += ["", f"Wrong fields on matched pairs ({len(wrong)})"]
    for pair, v in wrong:
        lines.append(
            f"  [{pair.doc_id}] {pair.gold_id} <- prediction #{pair.prediction_index}: "
            f"{v.field} predicted {v.predicted}, gold {v.gold}"
        )
        lines.append(f"      evidence: {_clip(pair.evidence)}")

    lines += ["", f"must_not violations ({len(result.violations)})"]
    for viol in result.violations:
        lines.append(f"  [{viol.doc_id}] {viol.name} ({viol.kind}): {viol.detail}")
        if viol.note:
            lines.append(f"      why: {viol.note}")
        for index, evidence in zip(viol.prediction_indices, viol.evidence, strict=True):
            lines.append(f"      prediction #{index}: {_clip(evidence)}")
    return "\n".join(lines)
