"""Score predicted events against gold, exactly by rules 3-6 of ``shared/gold/README.md``.

Predictions arrive in the wire format (plain dicts, one per event, as written to JSON Lines), not
as :class:`eventcoder.model.Event`: the scorer must be able to score any coder's output, and must
not share code paths with the coder it judges. Reading is lenient (a code may be ``{"code": X}``
or ``"X"``; a broken date makes the prediction unmatched rather than aborting the run), because a
malformed prediction is the coder's error and should show up as a false positive in the report.

Decisions where the README leaves room (each also in the report of this module's author):

- Field accuracy (rule 5, "on matched pairs only") counts every matched pair, including pairs
  matched to an optional gold event: the rule names matched pairs, not required ones, and an
  optional event coded with the wrong date is exactly what the optional background events are
  there to catch ("optional, but if coded it must carry that date").
- A duplicate (rule 3) is a false positive even when the gold event it would match is optional:
  rule 4 leaves out of precision only predictions *matched* to optional events.
- Precision with no counted prediction, and recall with no required gold event, are 1.0 (nothing
  wrong was predicted / nothing was missed); F1 is 0.0 when both are 0.
- ``by_side``: "every side's count equal" compares the union of sides, a side missing on one side
  counting as 0 deaths.
- must_not: one violation per failing condition of an item (an item may carry several), except
  ``rule: not_publication_date``, which counts once per offending prediction as the rule says.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventcoder.evaluate.gold import (
    NOT_PUBLICATION_DATE,
    GoldDate,
    GoldDocument,
    GoldEvent,
    MustNot,
    normalize_code,
    normalize_text,
)

FIELDS: tuple[str, ...] = ("date", "location", "fatalities", "by_side", "claimed_by")
"""Rule 5's fields, in report order; ``by_side`` is scored apart from ``fatalities``."""

LOCATION_RADIUS_KM = 50.0
EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius, the usual great-circle constant


# ---------------------------------------------------------------------------------------------
# Result records
# ---------------------------------------------------------------------------------------------


def _ratio(numerator: int, denominator: int) -> float:
    # A vacuous ratio is perfect: no counted prediction was wrong, no required event was missed.
    return numerator / denominator if denominator else 1.0


@dataclass(frozen=True, slots=True)
class Counts:
    """Rule 4 counts for one document or, summed, for all (micro-average)."""

    tp: int = 0  # predictions matched to required gold events
    fp: int = 0  # predictions matched to nothing, duplicates included
    fn: int = 0  # required gold events left unmatched
    duplicates: int = 0  # the part of ``fp`` that would have matched an already-matched event
    optional_matched: int = 0  # matched to optional gold: left out of precision entirely
    predictions: int = 0  # every prediction, optional matches included
    required: int = 0  # every required gold event

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            tp=self.tp + other.tp,
            fp=self.fp + other.fp,
            fn=self.fn + other.fn,
            duplicates=self.duplicates + other.duplicates,
            optional_matched=self.optional_matched + other.optional_matched,
            predictions=self.predictions + other.predictions,
            required=self.required + other.required,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "duplicates": self.duplicates,
            "optional_matched": self.optional_matched,
            "predictions": self.predictions,
            "required": self.required,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class FieldScore:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        """None when no matched pair had the field in gold: there is nothing to score."""
        return self.correct / self.total if self.total else None

    def __add__(self, other: FieldScore) -> FieldScore:
        return FieldScore(self.correct + other.correct, self.total + other.total)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


@dataclass(frozen=True, slots=True)
class FieldVerdict:
    """One rule-5 field of one matched pair, with both values as text for the report."""

    field: str
    correct: bool
    gold: str
    predicted: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "correct": self.correct,
            "gold": self.gold,
            "predicted": self.predicted,
        }


@dataclass(frozen=True, slots=True)
class MatchedPair:
    doc_id: str
    gold_id: str
    required: bool
    type_exact: bool
    prediction_index: int  # position in the document's prediction list
    prediction: Mapping[str, Any]
    evidence: str  # the prediction's evidence text
    fields: tuple[FieldVerdict, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "gold_id": self.gold_id,
            "required": self.required,
            "type_exact": self.type_exact,
            "prediction_index": self.prediction_index,
            "evidence": self.evidence,
            "fields": [f.to_dict() for f in self.fields],
            "prediction": _jsonable(self.prediction),
        }


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A prediction on the same evidence as a missed gold event, and why it did not match."""

    prediction_index: int
    reasons: tuple[str, ...]
    matched_to: str | None  # the gold event it took instead, if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "prediction_index": self.prediction_index,
            "reasons": list(self.reasons),
            "matched_to": self.matched_to,
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """A required gold event no prediction matched."""

    doc_id: str
    gold_id: str
    type: str
    evidence: str  # the gold evidence sentence
    near: tuple[NearMiss, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "gold_id": self.gold_id,
            "type": self.type,
            "evidence": self.evidence,
            "near": [n.to_dict() for n in self.near],
        }


@dataclass(frozen=True, slots=True)
class FalsePositive:
    doc_id: str
    prediction_index: int
    prediction: Mapping[str, Any]
    type: str
    evidence: str
    duplicate_of: tuple[str, ...] = ()  # non-empty: the already-matched gold events it matches

    @property
    def is_duplicate(self) -> bool:
        return bool(self.duplicate_of)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "prediction_index": self.prediction_index,
            "type": self.type,
            "evidence": self.evidence,
            "duplicate_of": list(self.duplicate_of),
            "prediction": _jsonable(self.prediction),
        }


@dataclass(frozen=True, slots=True)
class Violation:
    """A failed ``must_not`` item (rule 6), with the predictions that broke it."""

    name: str
    doc_id: str
    kind: str  # max | max_per_type | date_overlaps | actor_not | not_publication_date
    detail: str
    prediction_indices: tuple[int, ...]
    evidence: tuple[str, ...]  # each offending prediction's evidence text
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "doc_id": self.doc_id,
            "kind": self.kind,
            "detail": self.detail,
            "prediction_indices": list(self.prediction_indices),
            "evidence": list(self.evidence),
            "note": self.note,
        }


def _empty_fields() -> dict[str, FieldScore]:
    return {name: FieldScore() for name in FIELDS}


@dataclass(frozen=True, slots=True)
class DocumentResult:
    doc_id: str
    counts: Counts
    fields: Mapping[str, FieldScore]
    matches: tuple[MatchedPair, ...]
    misses: tuple[Miss, ...]
    false_positives: tuple[FalsePositive, ...]
    violations: tuple[Violation, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "counts": self.counts.to_dict(),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "violations": len(self.violations),
        }


@dataclass(frozen=True, slots=True)
class EvalResult:
    documents: tuple[DocumentResult, ...]
    counts: Counts = field(default_factory=Counts)
    fields: Mapping[str, FieldScore] = field(default_factory=_empty_fields)
    unscored_doc_ids: tuple[str, ...] = ()  # predictions whose doc_id has no gold document

    @property
    def precision(self) -> float:
        return self.counts.precision

    @property
    def recall(self) -> float:
        return self.counts.recall

    @property
    def f1(self) -> float:
        return self.counts.f1

    @property
    def matches(self) -> tuple[MatchedPair, ...]:
        return tuple(m for d in self.documents for m in d.matches)

    @property
    def misses(self) -> tuple[Miss, ...]:
        return tuple(m for d in self.documents for m in d.misses)

    @property
    def false_positives(self) -> tuple[FalsePositive, ...]:
        return tuple(f for d in self.documents for f in d.false_positives)

    @property
    def violations(self) -> tuple[Violation, ...]:
        return tuple(v for d in self.documents for v in d.violations)

    def to_dict(self) -> dict[str, Any]:
        """Everything the text report shows, as one JSON-ready object (``--json``)."""
        return {
            "totals": self.counts.to_dict(),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "must_not_violations": len(self.violations),
            "documents": [d.to_dict() for d in self.documents],
            "misses": [m.to_dict() for m in self.misses],
            "false_positives": [f.to_dict() for f in self.false_positives],
            "violations": [v.to_dict() for v in self.violations],
            "matches": [m.to_dict() for m in self.matches],
            "unscored_doc_ids": list(self.unscored_doc_ids),
        }


# ---------------------------------------------------------------------------------------------
# Reading wire predictions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pred:
    index: int
    raw: Mapping[str, Any]
    type: str
    source: frozenset[str]
    target: frozenset[str]
    dates: tuple[date, date] | None  # None: no usable interval, so it can match nothing
    evidence: str
    evidence_norm: str

    @property
    def codes(self) -> frozenset[str]:
        return self.source | self.target


def _code_of(item: object) -> str | None:
    if isinstance(item, Mapping):
        item = item.get("code")
    if isinstance(item, str) and item.strip():
        return normalize_code(item)
    return None


def _codes(value: object) -> list[str]:
    """Codes from a wire list of ``{"code": X}`` (or plain strings, or one of either)."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [c for c in (_code_of(i) for i in items) if c is not None]


def _day(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _interval(value: object) -> tuple[date, date] | None:
    if not isinstance(value, Mapping):
        return None
    earliest, latest = _day(value.get("earliest")), _day(value.get("latest"))
    # A one-sided interval is read as that single day rather than thrown away.
    earliest = earliest or latest
    latest = latest or earliest
    if earliest is None or latest is None or latest < earliest:
        return None
    return (earliest, latest)


def _evidence_text(raw: Mapping[str, Any]) -> str:
    evidence = raw.get("evidence")
    if isinstance(evidence, Mapping):
        evidence = evidence.get("text")
    return evidence if isinstance(evidence, str) else ""


def _read(index: int, raw: Mapping[str, Any]) -> _Pred:
    etype = raw.get("type")
    evidence = _evidence_text(raw)
    return _Pred(
        index=index,
        raw=raw,
        type=etype.strip().upper() if isinstance(etype, str) else "",
        source=frozenset(_codes(raw.get("source"))),
        target=frozenset(_codes(raw.get("target"))),
        dates=_interval(raw.get("date")),
        evidence=evidence,
        evidence_norm=normalize_text(evidence),
    )


def group_predictions(events: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Wire events (e.g. the lines of EVENTS.jsonl) grouped by their ``doc_id``, order kept."""
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        grouped.setdefault(str(event.get("doc_id", "")), []).append(event)
    return grouped


# ---------------------------------------------------------------------------------------------
# Rule 3: matching
# ---------------------------------------------------------------------------------------------


def _side_shared(
    predicted: frozenset[str], gold: tuple[tuple[str, ...], ...], optional: bool
) -> int | None:
    """Gold actors hit by the predicted codes, or None when the side rules out a match.

    An actor listed with several alternative codes counts once, however many of them hit.
    """
    shared = sum(1 for actor in gold if predicted.intersection(actor))
    if optional:
        return shared  # "not checked", but shared codes still rank the candidates
    if not gold:
        return 0 if not predicted else None
    return shared or None


def _actor_score(g: GoldEvent, p: _Pred) -> int | None:
    """Shared actor codes in the best allowed direction; None when the actors do not match."""
    directions = [(p.source, p.target)]
    if g.symmetric:
        directions.append((p.target, p.source))
    best: int | None = None
    for src, tgt in directions:
        s = _side_shared(src, g.source, g.source_optional)
        t = _side_shared(tgt, g.target, g.target_optional)
        if s is not None and t is not None:
            best = s + t if best is None else max(best, s + t)
    return best


@dataclass(frozen=True, slots=True)
class _Candidate:
    # Field order is the rule-3 ranking; the indices break ties in document order.
    key: tuple[bool, bool, int, int]
    gold_index: int
    pred_index: int


def _candidate(gi: int, g: GoldEvent, p: _Pred) -> _Candidate | None:
    if p.type not in g.types or p.dates is None:
        return None
    overlap = g.date.overlap_days(*p.dates)
    if overlap == 0:
        return None
    shared = _actor_score(g, p)
    if shared is None:
        return None
    return _Candidate((g.required, p.type == g.type, overlap, shared), gi, p.index)


def _why_not(g: GoldEvent, p: _Pred) -> tuple[str, ...]:
    """The rule-3 conditions a prediction fails for a gold event, in words."""
    reasons = []
    if p.type not in g.types:
        reasons.append(f"type {p.type or '(none)'} not in {'/'.join(sorted(g.types))}")
    if p.dates is None:
        reasons.append("no usable date interval")
    elif g.date.overlap_days(*p.dates) == 0:
        reasons.append(
            f"date {p.dates[0]}..{p.dates[1]} misses gold {g.date.earliest}..{g.date.latest}"
        )
    if _actor_score(g, p) is None:
        reasons.append(
            f"actors {_fmt_codes(p.source)}->{_fmt_codes(p.target)} do not match gold "
            f"{_fmt_side(g.source)}->{_fmt_side(g.target)}"
            + (" (symmetric)" if g.symmetric else "")
        )
    return tuple(reasons)


def _fmt_codes(codes: Iterable[str]) -> str:
    return "[" + ",".join(sorted(codes)) + "]"


def _fmt_side(side: tuple[tuple[str, ...], ...]) -> str:
    return "[" + ",".join("|".join(actor) for actor in side) + "]"


# ---------------------------------------------------------------------------------------------
# Rule 5: field accuracy
# ---------------------------------------------------------------------------------------------


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _count(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None and number == int(number) else None


def _by_side(value: object) -> dict[str, int] | None:
    """A predicted ``by_side``: a mapping, or pairs ``[[code, n], ...]`` as the model keeps it."""
    pairs: Iterable[Any]
    if isinstance(value, Mapping):
        pairs = value.items()
    elif isinstance(value, list | tuple):
        pairs = value
    else:
        return None
    sides: dict[str, int] = {}
    for pair in pairs:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            return None
        code, n = _code_of(pair[0]), _count(pair[1])
        if code is None or n is None:
            return None
        sides[code] = sides.get(code, 0) + n
    return sides


def _fmt_range(low: object, high: object) -> str:
    return f"{low}..{'' if high is None else high}"


def _date_verdict(g: GoldEvent, p: _Pred) -> FieldVerdict:
    gold = f"{g.date.earliest}..{g.date.latest}"
    if p.dates is None:
        return FieldVerdict("date", False, gold, "(none)")
    ok = g.date.earliest <= p.dates[0] and p.dates[1] <= g.date.latest
    return FieldVerdict("date", ok, gold, f"{p.dates[0]}..{p.dates[1]}")


def _location_verdict(g: GoldEvent, p: _Pred) -> FieldVerdict | None:
    loc = g.location
    if loc is None:
        return None
    gold = loc.country
    if loc.has_point:
        gold += f" ({loc.lat}, {loc.lon}) within {LOCATION_RADIUS_KM:g} km"
    elif loc.region:
        gold += " (region)"
    raw = p.raw.get("location")
    if not isinstance(raw, Mapping):
        return FieldVerdict("location", False, gold, "(none)")
    country = _code_of(raw.get("country"))
    lat, lon = _number(raw.get("lat")), _number(raw.get("lon"))
    shown = f"{country or '(no country)'}"
    if lat is not None and lon is not None:
        shown += f" ({lat}, {lon})"
    ok = country == loc.country
    if ok and loc.has_point:
        assert loc.lat is not None and loc.lon is not None  # has_point says so
        if lat is None or lon is None:
            ok = False
            shown += " (no point)"
        else:
            km = great_circle_km(loc.lat, loc.lon, lat, lon)
            ok = km <= LOCATION_RADIUS_KM
            shown += f" {km:.1f} km away"
    return FieldVerdict("location", ok, gold, shown)


def _fatality_verdicts(g: GoldEvent, p: _Pred) -> list[FieldVerdict]:
    fat = g.fatalities
    if fat is None:
        return []
    raw = p.raw.get("fatalities")
    raw = raw if isinstance(raw, Mapping) else None
    verdicts = []
    gold = _fmt_range(fat.min, fat.max)
    if raw is None:
        verdicts.append(FieldVerdict("fatalities", False, gold, "(none)"))
    else:
        low, high = _count(raw.get("min")), _count(raw.get("max"))
        # Absent or null max is "no upper bound" (README), which a finite gold max excludes.
        ok = (
            low is not None
            and low >= fat.min
            and (fat.max is None or (high is not None and high <= fat.max))
            and (high is None or high >= low)
        )
        verdicts.append(
            FieldVerdict("fatalities", ok, gold, _fmt_range(raw.get("min"), raw.get("max")))
        )
    if fat.by_side:
        gold_sides = dict(fat.by_side)
        gold_text = _fmt_sides(gold_sides)
        sides = _by_side(raw.get("by_side")) if raw is not None else None
        if sides is None:
            verdicts.append(FieldVerdict("by_side", False, gold_text, "(none)"))
        else:
            ok = all(gold_sides.get(code, 0) == sides.get(code, 0) for code in gold_sides | sides)
            verdicts.append(FieldVerdict("by_side", ok, gold_text, _fmt_sides(sides)))
    return verdicts


def _fmt_sides(sides: Mapping[str, int]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in sorted(sides.items())) + "}"


def _claimed_verdict(g: GoldEvent, p: _Pred) -> FieldVerdict | None:
    if g.claimed_by is None:
        return None
    codes = _codes(p.raw.get("claimed_by"))
    ok = bool(codes) and all(c in g.claimed_by for c in codes)
    return FieldVerdict(
        "claimed_by", ok, _fmt_codes(g.claimed_by), _fmt_codes(codes) if codes else "(none)"
    )


def _field_verdicts(g: GoldEvent, p: _Pred) -> tuple[FieldVerdict, ...]:
    verdicts: list[FieldVerdict | None] = [
        _date_verdict(g, p),
        _location_verdict(g, p),
        *_fatality_verdicts(g, p),
        _claimed_verdict(g, p),
    ]
    return tuple(v for v in verdicts if v is not None)


# ---------------------------------------------------------------------------------------------
# Rule 6: must_not
# ---------------------------------------------------------------------------------------------


# Builds a Violation of the current must_not item from (kind, detail, offending predictions).
_Violate = Callable[[str, str, Iterable[_Pred]], Violation]


def _overlaps(p: _Pred, interval: GoldDate) -> bool:
    return p.dates is not None and interval.overlap_days(*p.dates) > 0


def _check_must_not(doc: GoldDocument, item: MustNot, preds: Sequence[_Pred]) -> list[Violation]:
    def violation(kind: str, detail: str, offenders: Iterable[_Pred]) -> Violation:
        chosen = sorted(offenders, key=lambda p: p.index)
        return Violation(
            name=item.name,
            doc_id=doc.id,
            kind=kind,
            detail=detail,
            prediction_indices=tuple(p.index for p in chosen),
            evidence=tuple(p.evidence for p in chosen),
            note=item.note,
        )

    found: list[Violation] = []
    if item.rule == NOT_PUBLICATION_DATE:
        found.extend(_not_publication_date(doc, item, preds, violation))

    has_selection_check = any(
        v is not None for v in (item.max, item.max_per_type, item.date_overlaps, item.actor_not)
    )
    if not has_selection_check:
        return found
    needle = normalize_text(item.evidence) if item.evidence else ""
    types = frozenset(item.types) if item.types else None
    selected = [
        p for p in preds if needle in p.evidence_norm and (types is None or p.type in types)
    ]
    what = f'events on "{item.evidence}"' if item.evidence else "events"
    if types is not None:
        what += f" of type {'/'.join(item.types or ())}"

    if item.max is not None and len(selected) > item.max:
        found.append(
            violation("max", f"{len(selected)} {what}, at most {item.max} allowed", selected)
        )
    if item.max_per_type is not None:
        per_type = Counter(p.type for p in selected)
        over = {t: n for t, n in per_type.items() if n > item.max_per_type}
        if over:
            counts = ", ".join(f"{n} {t}" for t, n in sorted(over.items()))
            found.append(
                violation(
                    "max_per_type",
                    f"{counts} {what}, at most {item.max_per_type} of each type allowed",
                    [p for p in selected if p.type in over],
                )
            )
    if item.date_overlaps is not None:
        span = item.date_overlaps
        hits = [p for p in selected if _overlaps(p, span)]
        if hits:
            found.append(
                violation(
                    "date_overlaps",
                    f"{what} dated within {span.earliest}..{span.latest}, which is ruled out",
                    hits,
                )
            )
    if item.actor_not is not None:
        banned = frozenset(item.actor_not)
        hits = [p for p in selected if p.codes & banned]
        if hits:
            found.append(
                violation(
                    "actor_not",
                    f"{what} with actor {_fmt_codes(banned)} as source or target",
                    hits,
                )
            )
    return found


def _not_publication_date(
    doc: GoldDocument, item: MustNot, preds: Sequence[_Pred], violation: _Violate
) -> list[Violation]:
    """Rule 6's ``not_publication_date``: once per prediction dated on the publication day
    whose evidence holds the evidence of a gold event whose interval excludes that day."""
    off_day = [
        (g, normalize_text(g.evidence))
        for g in doc.events
        if not g.date.contains_day(doc.published)
    ]
    found = []
    for p in preds:
        if p.dates != (doc.published, doc.published):
            continue
        hit = next((g for g, ev in off_day if ev in p.evidence_norm), None)
        if hit is not None:
            found.append(
                violation(
                    NOT_PUBLICATION_DATE,
                    f"dated {doc.published} (the publication date), but its evidence holds gold "
                    f"event {hit.id!r} dated {hit.date.earliest}..{hit.date.latest}",
                    [p],
                )
            )
    return found


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def score(
    gold: Sequence[GoldDocument], predictions: Mapping[str, Sequence[Mapping[str, Any]]]
) -> EvalResult:
    """Score ``predictions`` (wire events keyed by doc id) against every gold document.

    A gold document without predictions scores as all misses; predictions for a doc id without
    gold are not scored and are listed in ``unscored_doc_ids``.
    """
    docs = tuple(_score_document(doc, predictions.get(doc.id, ())) for doc in gold)
    total = Counts()
    fields = _empty_fields()
    for d in docs:
        total = total + d.counts
        for name in FIELDS:
            fields[name] = fields[name] + d.fields[name]
    known = {doc.id for doc in gold}
    unscored = tuple(sorted(k for k, v in predictions.items() if k not in known and v))
    return EvalResult(documents=docs, counts=total, fields=fields, unscored_doc_ids=unscored)


def _score_document(doc: GoldDocument, raw_preds: Sequence[Mapping[str, Any]]) -> DocumentResult:
    preds = [_read(i, raw) for i, raw in enumerate(raw_preds)]
    candidates = sorted(
        (
            c
            for gi, g in enumerate(doc.events)
            for p in preds
            if (c := _candidate(gi, g, p)) is not None
        ),
        # Best rule-3 key first; equal keys fall back to gold order, then prediction order.
        key=lambda c: (tuple(-int(k) for k in c.key), c.gold_index, c.pred_index),
    )
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}
    would_match: dict[int, list[int]] = {}
    for c in candidates:
        would_match.setdefault(c.pred_index, []).append(c.gold_index)
        if c.gold_index in gold_to_pred or c.pred_index in pred_to_gold:
            continue
        gold_to_pred[c.gold_index] = c.pred_index
        pred_to_gold[c.pred_index] = c.gold_index

    matches = []
    fields = _empty_fields()
    for gi, pi in sorted(gold_to_pred.items()):
        g, p = doc.events[gi], preds[pi]
        verdicts = _field_verdicts(g, p)
        for v in verdicts:
            fields[v.field] = fields[v.field] + FieldScore(int(v.correct), 1)
        matches.append(
            MatchedPair(
                doc_id=doc.id,
                gold_id=g.id,
                required=g.required,
                type_exact=p.type == g.type,
                prediction_index=pi,
                prediction=p.raw,
                evidence=p.evidence,
                fields=verdicts,
            )
        )

    false_positives = []
    for p in preds:
        if p.index in pred_to_gold:
            continue
        # Every gold event it could match is taken (else greedy would have paired them).
        dup_of = tuple(doc.events[gi].id for gi in sorted(set(would_match.get(p.index, ()))))
        false_positives.append(
            FalsePositive(doc.id, p.index, p.raw, p.type or "(none)", p.evidence, dup_of)
        )

    misses = []
    for gi, g in enumerate(doc.events):
        if not g.required or gi in gold_to_pred:
            continue
        needle = normalize_text(g.evidence)
        near = tuple(
            NearMiss(
                p.index,
                _why_not(g, p),
                doc.events[pred_to_gold[p.index]].id if p.index in pred_to_gold else None,
            )
            for p in preds
            if p.evidence_norm and (needle in p.evidence_norm or p.evidence_norm in needle)
        )
        misses.append(Miss(doc.id, g.id, g.type, g.evidence, near))

    optional_matched = sum(1 for gi in gold_to_pred if not doc.events[gi].required)
    required = sum(1 for g in doc.events if g.required)
    counts = Counts(
        tp=len(gold_to_pred) - optional_matched,
        fp=len(false_positives),
        fn=len(misses),
        duplicates=sum(1 for f in false_positives if f.is_duplicate),
        optional_matched=optional_matched,
        predictions=len(preds),
        required=required,
    )
    violations = tuple(v for item in doc.must_not for v in _check_must_not(doc, item, preds))
    return DocumentResult(
        doc_id=doc.id,
        counts=counts,
        fields=fields,
        matches=tuple(matches),
        misses=tuple(misses),
        false_positives=tuple(false_positives),
        violations=violations,
    )


def _jsonable(value: Any) -> Any:
    """A copy of a prediction that ``json.dumps`` accepts (dates as ISO strings)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
