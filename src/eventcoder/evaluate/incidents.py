"""Scoring incident linking: pairwise precision and recall against gold incident labels.

A gold file (YAML) names the incidents and, per article, its events: the gold incident label,
the PLOVER type and a phrase of the event's evidence sentence::

    incidents:
      bannu-tue: Pakistani Taliban storm a police station in Bannu, Tue 2025-06-10
    articles:
      bannu-wire-a:
        - {incident: bannu-tue, type: ASSAULT, evidence: stormed a police station}

A stored event is the gold event whose type it has and whose phrase its evidence contains
(case-insensitive; each gold event takes at most one stored event, the first in document order).
Stored events that match no gold event are not scored: they measure the coder, not linking.

Pairwise scores (the usual measure of entity resolution): a pair of matched events is
predicted when both are in one stored incident, and true when both carry one gold label.
Precision = true predicted pairs / predicted pairs; recall = true predicted pairs / true pairs
among the matched events. ``recall_all`` also counts the true pairs whose events the coder
never produced (or dated, typed or worded so that no phrase matched), so it is linking and
coding together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import duckdb
import yaml

from eventcoder.errors import ErrorCode, EventcoderError

EventKey = tuple[str, int]  # (doc_id, seq)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    doc_id: str
    incident: str
    type: str
    evidence: str


@dataclass(frozen=True, slots=True)
class IncidentGold:
    incidents: Mapping[str, str]  # label → description
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True, slots=True)
class PairwiseScores:
    precision: float
    recall: float
    f1: float
    recall_all: float
    true_positive_pairs: int
    predicted_pairs: int
    true_pairs: int  # among the matched events
    all_true_pairs: int  # among all gold events
    matched_events: int
    gold_events: int


def load_incident_gold(path: str | Path) -> IncidentGold:
    """Read a gold incidents file; E040 when it is malformed."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise EventcoderError(ErrorCode.E040, path=str(path), detail=str(err)) from err
    if not isinstance(raw, dict) or not isinstance(raw.get("articles"), dict):
        raise EventcoderError(ErrorCode.E040, path=str(path), detail="expected 'articles'")
    incidents = {str(k): str(v) for k, v in (raw.get("incidents") or {}).items()}
    events: list[GoldEvent] = []
    for doc_id, items in raw["articles"].items():
        for item in items or ():
            try:
                event = GoldEvent(
                    str(doc_id), str(item["incident"]), str(item["type"]), str(item["evidence"])
                )
            except (TypeError, KeyError) as err:
                detail = f"{doc_id}: each event needs incident, type and evidence"
                raise EventcoderError(ErrorCode.E040, path=str(path), detail=detail) from err
            if event.incident not in incidents:
                detail = f"{doc_id}: incident {event.incident!r} is not among 'incidents'"
                raise EventcoderError(ErrorCode.E040, path=str(path), detail=detail)
            events.append(event)
    return IncidentGold(incidents=incidents, events=tuple(events))


def match_gold(
    stored: list[tuple[str, int, str, str]], gold: IncidentGold
) -> dict[EventKey, GoldEvent]:
    """Stored events ``(doc_id, seq, type, evidence_text)`` → the gold event each one is."""
    by_doc: dict[str, list[GoldEvent]] = {}
    for event in gold.events:
        by_doc.setdefault(event.doc_id, []).append(event)
    matched: dict[EventKey, GoldEvent] = {}
    taken: set[int] = set()
    for doc_id, seq, event_type, evidence in sorted(stored):
        text = " ".join(evidence.split()).lower()
        for event in by_doc.get(doc_id, ()):
            if id(event) in taken or event.type != event_type:
                continue
            if " ".join(event.evidence.split()).lower() in text:
                matched[(doc_id, seq)] = event
                taken.add(id(event))
                break
    return matched


def _pairs(labels: Mapping[EventKey, str]) -> set[tuple[EventKey, EventKey]]:
    groups: dict[str, list[EventKey]] = {}
    for key, label in labels.items():
        groups.setdefault(label, []).append(key)
    return {pair for members in groups.values() for pair in combinations(sorted(members), 2)}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def pairwise_scores(
    predicted: Mapping[EventKey, str], matched: Mapping[EventKey, GoldEvent], gold: IncidentGold
) -> PairwiseScores:
    """Score predicted incident ids of the stored events against the gold labels."""
    gold_labels = {key: event.incident for key, event in matched.items()}
    predicted_labels = {key: predicted[key] for key in matched if key in predicted}
    predicted_pairs = _pairs(predicted_labels)
    true_pairs = _pairs(gold_labels)
    hits = len(predicted_pairs & true_pairs)
    sizes = Counter(event.incident for event in gold.events)
    all_true = sum(n * (n - 1) // 2 for n in sizes.values())
    precision = _ratio(hits, len(predicted_pairs))
    recall = _ratio(hits, len(true_pairs))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(
        precision=precision,
        recall=recall,
        f1=f1,
        recall_all=_ratio(hits, all_true),
        true_positive_pairs=hits,
        predicted_pairs=len(predicted_pairs),
        true_pairs=len(true_pairs),
        all_true_pairs=all_true,
        matched_events=len(matched),
        gold_events=len(gold.events),
    )


def score_store_incidents(
    connection: duckdb.DuckDBPyConnection, gold: IncidentGold
) -> PairwiseScores:
    """Pairwise scores of the incidents in an open store (``Store.connection``)."""
    rows = connection.execute(
        "SELECT doc_id, seq, type, evidence_text, incident_id FROM incident_reports"
    ).fetchall()
    matched = match_gold([(r[0], r[1], r[2], r[3]) for r in rows], gold)
    predicted = {(r[0], r[1]): r[4] for r in rows}
    return pairwise_scores(predicted, matched, gold)
