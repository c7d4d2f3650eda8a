"""The incidents a read must give, by the plainest statement: each incident's reports gathered
from the linked events as reviewed (the view incident_reports) by a subquery per incident, the
text through a join of all the linked events. What Store.incidents ran before its reports were
gathered for the chosen page only (bench/README.md, 2026-12-07, session app7) and before each
incident kept its reports in its own row (schema v7, session app9): the reference the faster
reads must agree with, filter by filter (tests/store)."""

from __future__ import annotations

from typing import Any

from eventcoder.store import EventQuery, Store
from eventcoder.store.store import _filters, _incident_record, _page_sql

REFERENCE = """
    WITH chosen AS ({chosen})
    SELECT c.*, (
        SELECT list({{'doc_id': r.doc_id, 'seq': r.seq, 'event_id': r.id,
                      'published': r.published, 'news_source': r.news_source}}
                    ORDER BY r.published, r.doc_id, r.seq)
        FROM incident_reports r WHERE r.incident_id = c.id
    ) AS reports
    FROM chosen c
    ORDER BY c.date_earliest, c.date_latest, c.id
"""


def reference_incidents(store: Store, query: EventQuery) -> list[dict[str, Any]]:
    """The records :meth:`Store.incidents` must give for ``query``."""
    where, params = _filters(query, text_column=None)
    if query.text:
        where.append(
            "id IN (SELECT ie.incident_id FROM incident_events ie "
            "JOIN reviewed_events e ON e.doc_id = ie.doc_id AND e.seq = ie.seq "
            "WHERE contains(lower(e.evidence_text), lower(?)))"
        )
        params.append(query.text)
    chosen = "SELECT * EXCLUDE (reports) FROM incidents"
    chosen += " WHERE " + " AND ".join(where) if where else ""
    chosen += " ORDER BY date_earliest, date_latest, id" + _page_sql(query)
    cursor = store.connection.execute(REFERENCE.format(chosen=chosen), params)
    columns = [d[0] for d in cursor.description or ()]
    return [_incident_record(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]
