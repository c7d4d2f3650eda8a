"""The embedded event store (DuckDB): documents, events and errors of a coded corpus.

Tables ``documents``, ``events`` (one row per event, the full record in ``record``), ``errors``
and ``schema_version``; views ``events_v`` (events with their document's date, source, URL and
title) and ``dyad_week`` (events per source, target and ISO week); ``incidents`` (the same
occurrence reported by several articles, one row each), ``incident_events`` (which events
report which incident) and the view ``incident_reports``. See the README section
"Batch coding and the store". Reviewers' corrections (``corrections``, ``corrected_events``,
the view ``reviewed_events``): :mod:`eventcoder.store.review`.
"""

from eventcoder.store.incidents import EventRow, Incident, LinkParams, link_incidents
from eventcoder.store.schema import SCHEMA_VERSION, migrate, store_version
from eventcoder.store.store import (
    DocumentRow,
    ErrorRow,
    EventQuery,
    IncidentBuild,
    Store,
    StoreCounts,
    StoredEvent,
    check_memory_limit,
)

__all__ = [
    "SCHEMA_VERSION",
    "DocumentRow",
    "ErrorRow",
    "EventQuery",
    "EventRow",
    "Incident",
    "IncidentBuild",
    "LinkParams",
    "Store",
    "StoreCounts",
    "StoredEvent",
    "check_memory_limit",
    "link_incidents",
    "migrate",
    "store_version",
]
