"""The embedded event store (DuckDB): documents, events and errors of a coded corpus.

Tables ``documents``, ``events`` (one row per event, the full record in ``record``), ``errors``
and ``schema_version``; views ``events_v`` (events with their document's date, source, URL and
title) and ``dyad_week`` (events per source, target and ISO week). See the README section
"Batch coding and the store".
"""

from eventcoder.store.schema import SCHEMA_VERSION, migrate, store_version
from eventcoder.store.store import (
    DocumentRow,
    ErrorRow,
    EventQuery,
    Store,
    StoreCounts,
    StoredEvent,
)

__all__ = [
    "SCHEMA_VERSION",
    "DocumentRow",
    "ErrorRow",
    "EventQuery",
    "Store",
    "StoreCounts",
    "StoredEvent",
    "migrate",
    "store_version",
]
