"""Reviewed documents as gold files (``shared/gold/README.md``), so that ``eventcoder eval``
scores the coder against what analysts corrected.

Each document with at least one correction becomes ``NAME.txt`` (its coded text, verbatim) and
``NAME.yaml``: its publication date and its events as reviewed, every one required: the coder's
events with their corrections, rejected ones removed, those reviewers added included. A field
nobody corrected stands as the coder coded it: the reviewer saw it and let it be.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from eventcoder.store.review import reviewed_doc_ids
from eventcoder.store.store import Store


@dataclass(frozen=True, slots=True)
class GoldExport:
    """What :func:`export_gold` wrote: file names by document id, events, and the reviewed
    documents left out because the store has no text for them (stored before schema v3)."""

    files: tuple[tuple[str, str], ...]
    events: int
    without_text: tuple[str, ...]


def file_stem(doc_id: str, taken: set[str]) -> str:
    """A file name for a document id (ids may hold slashes: ``2025/10/story.txt``), unique
    among ``taken``, which it joins."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", doc_id).strip("._-") or "document"
    candidate, n = stem, 1
    while candidate.lower() in taken:  # case-insensitive file systems
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate.lower())
    return candidate


def gold_event(record: Mapping[str, Any]) -> dict[str, Any]:
    """One reviewed event record as a gold event (the fields the scorer reads)."""
    event: dict[str, Any] = {"id": record["id"], "required": True, "type": record["type"]}
    if record.get("mode"):
        event["mode"] = record["mode"]
    event["source"] = [actor["code"] for actor in record.get("source") or ()]
    event["target"] = [actor["code"] for actor in record.get("target") or ()]
    event["date"] = {
        "earliest": date.fromisoformat(record["date"]["earliest"]),
        "latest": date.fromisoformat(record["date"]["latest"]),
    }
    place = record.get("location") or {}
    if place.get("country"):  # gold locations are scored by country first: none, no location
        event["location"] = {
            k: place[k] for k in ("place", "country", "lat", "lon") if place.get(k) is not None
        }
    dead = record.get("fatalities")
    if dead is not None:
        event["fatalities"] = {"min": dead["min"], "max": dead.get("max")}
    event["evidence"] = record["evidence"]["text"]
    if record.get("added"):
        event["note"] = "added by a reviewer"
    elif record.get("corrected"):
        event["note"] = f"coded, then corrected ({record['corrections']} corrections)"
    return event


def _header(doc_id: str, reviewers: list[str]) -> str:
    return (
        f"# Gold for {doc_id}, exported by `eventcoder review export-gold` from its review in\n"
        "# the store: the coder's events with analysts' corrections, rejected events removed,\n"
        f"# events analysts added included. Reviewers: {', '.join(reviewers)}.\n"
    )


def export_gold(store: Store, folder: str | Path) -> GoldExport:
    """Write ``NAME.txt`` and ``NAME.yaml`` into ``folder`` (created) for every reviewed
    document of ``store`` that has its text."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    files: list[tuple[str, str]] = []
    without_text: list[str] = []
    total = 0
    for doc_id in reviewed_doc_ids(store):
        text = store.document_text(doc_id)
        document = store.document(doc_id)
        if text is None or document is None:
            without_text.append(doc_id)
            continue
        stem = file_stem(doc_id, taken)
        events = [gold_event(r) for r in store.document_events(doc_id) if not r.get("rejected")]
        reviewers = [
            str(r[0])
            for r in store.connection.execute(
                "SELECT DISTINCT reviewer FROM corrections WHERE doc_id = ? ORDER BY reviewer",
                [doc_id],
            ).fetchall()
        ]
        gold = {
            "document": {"id": doc_id, "file": f"{stem}.txt", "published": document.published},
            "events": events,
        }
        (out / f"{stem}.txt").write_text(text, encoding="utf-8", newline="")
        body = yaml.safe_dump(gold, sort_keys=False, allow_unicode=True, width=100)
        (out / f"{stem}.yaml").write_text(_header(doc_id, reviewers) + body, encoding="utf-8")
        files.append((doc_id, stem))
        total += len(events)
    return GoldExport(files=tuple(files), events=total, without_text=tuple(without_text))
