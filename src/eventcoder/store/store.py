"""The embedded DuckDB event store: one file holding documents, their events and the errors.

One process writes a store (DuckDB allows one writer); :func:`eventcoder.batch.code_corpus`
keeps it that way by writing from its parent process only. A document is written in the same
transaction as all its events, so a crash (even ``kill -9``) leaves every document either fully
stored or absent, and a re-run codes the absent ones.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.model import Document
from eventcoder.store.incidents import (
    KM_PER_DEGREE,
    EventRow,
    Incident,
    LinkParams,
    link_incidents,
    link_report,
    type_group,
)
from eventcoder.store.schema import (
    MIGRATIONS,
    Migration,
    checkpoint,
    migrate,
    out_of_memory,
    store_version,
    transaction,
)
from eventcoder.store.text_index import (
    ORDER_SLICE_POSTINGS,
    PAIRS_VERSION,
    TOKEN_PATTERN,
    candidate_documents,
    index_statements,
    order_postings,
)

INCIDENTS_VERSION = 2
"""The schema version that brought the incidents tables."""
REVIEW_VERSION = 3
"""The schema version that brought corrections."""
TEXT_INDEX_VERSION = 4
"""The schema version that brought the text index."""
INCIDENT_REPORTS_VERSION = 7
"""The schema version from which each incident's row holds its reports."""

SERIES_INTERVALS = ("week", "month")
"""The periods :meth:`Store.type_counts` counts by."""

LINK_SLICE_ROWS = 50_000
"""The most events, and the most documents, that one read of :meth:`Store.refresh_incidents`
joins: a type group's events are read in as many slices (by a hash of their document id) as
keep both sides of the join with their documents under this, so DuckDB's hash table stays the
same size however large the store grows (a whole group at once held 75 MiB at 100,000
documents, and a batch under a 128MB memory limit ended in E120)."""


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """What the store keeps of a coded document. ``text`` (the coded text, which offsets index)
    is written to ``document_texts`` when given; reading a row leaves it None
    (:meth:`Store.document_text` reads it)."""

    id: str
    content_hash: str
    published: date
    title: str | None = None
    url: str | None = None
    source: str | None = None
    input: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    text: str | None = None

    @classmethod
    def of(cls, document: Document, input: str) -> DocumentRow:
        """The row a coded document is stored as; ``input`` names where it came from."""
        return cls(
            id=document.id,
            content_hash=hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
            published=document.published,
            title=document.title,
            url=document.url,
            source=document.source,
            input=input,
            metadata=document.metadata,
            text=document.text,
        )


@dataclass(frozen=True, slots=True)
class ErrorRow:
    """A document that could not be coded: its id where known, else its line or row."""

    input: str
    code: str
    message: str
    doc_id: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters for :meth:`Store.events`; every given filter must hold.

    ``actors``: each code appears among the event's sources or targets (two codes: the dyad,
    either direction). ``dyad``: the first code among the sources and the second among the
    targets, or the other way round. ``types``: any of them. ``since``/``until``: the event's
    date interval overlaps the range. ``country``: the event's place is in this ISO3 country.
    ``text``: the evidence sentence contains this text, case-insensitively (for incidents: the
    evidence of one of their reports). ``offset`` rows are skipped before ``limit`` are taken.
    """

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    country: str | None = None
    limit: int | None = None
    dyad: tuple[str, str] | None = None
    text: str | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True)
class IncidentBuild:
    """What :meth:`Store.refresh_incidents` did: ``rebuilt`` False when they were current."""

    incidents: int
    events: int
    seconds: float
    rebuilt: bool


@dataclass(frozen=True, slots=True)
class StoreCounts:
    documents: int
    events: int
    errors: int


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event record as stored, with the fields of its document an export needs."""

    record: dict[str, Any]
    published: date
    url: str | None
    news_source: str | None
    title: str | None
    coded_at: datetime


def _codes(actors: object) -> list[str]:
    if not isinstance(actors, list):
        return []
    return [str(a["code"]) for a in actors if isinstance(a, Mapping) and "code" in a]


def _event_row(doc_id: str, seq: int, record: Mapping[str, Any]) -> list[object]:
    when = record["date"]
    place = record.get("location") or {}
    dead = record.get("fatalities") or {}
    evidence = record["evidence"]
    return [
        doc_id,
        seq,
        record["id"],
        record["type"],
        record.get("mode"),
        _codes(record.get("source")),
        _codes(record.get("target")),
        when["earliest"],
        when["latest"],
        when.get("precision"),
        place.get("place"),
        place.get("country"),
        place.get("lat"),
        place.get("lon"),
        dead.get("min"),
        dead.get("max"),
        _codes(record.get("claimed_by")),
        evidence["start"],
        evidence["end"],
        evidence["text"],
        json.dumps(record, ensure_ascii=False),
    ]


def _document_row(document: DocumentRow, n_events: int) -> list[object]:
    return [
        document.id,
        document.content_hash,
        document.published,
        document.title,
        document.url,
        document.source,
        document.input,
        json.dumps(dict(document.metadata), ensure_ascii=False),
        n_events,
    ]


# What Store.integrity_check counts; each count must be 0. They hold after any crash: a document
# is written in one transaction with all its events, the incidents in one with their reports.
_INTEGRITY_QUERIES = (
    ("documents stored twice", "SELECT count(*) - count(DISTINCT id) FROM documents"),
    ("events stored twice", "SELECT count(*) - count(DISTINCT (doc_id, seq)) FROM events"),
    (
        "events without their document",
        "SELECT count(*) FROM events e ANTI JOIN documents d ON d.id = e.doc_id",
    ),
    (
        "documents without all their events",
        "SELECT count(*) FROM documents d LEFT JOIN "
        "(SELECT doc_id, count(*) AS n FROM events GROUP BY doc_id) e ON e.doc_id = d.id "
        "WHERE d.n_events <> coalesce(e.n, 0)",
    ),
    ("incidents stored twice", "SELECT count(*) - count(DISTINCT id) FROM incidents"),
    (
        # {events}: the events as reviewed (rejected ones are in no incident, added ones are)
        "incident reports that are no stored event",
        "SELECT count(*) FROM incident_events ie "
        "ANTI JOIN {events} e ON e.doc_id = ie.doc_id AND e.seq = ie.seq",
    ),
    (
        "events in more than one incident",
        "SELECT count(*) - count(DISTINCT (doc_id, seq)) FROM incident_events",
    ),
    (
        "incidents whose report count is wrong",
        "SELECT count(*) FROM incidents i LEFT JOIN "
        "(SELECT incident_id, count(*) AS n FROM incident_events GROUP BY incident_id) r "
        "ON r.incident_id = i.id WHERE i.n_reports <> coalesce(r.n, 0)",
    ),
)
_TEXT_INDEX_QUERY = (
    "documents with evidence missing from the text index",
    "SELECT count(DISTINCT e.doc_id) FROM events e "
    "ANTI JOIN text_postings p ON p.doc_id = e.doc_id "
    f"WHERE regexp_matches(lower(e.evidence_text), '{TOKEN_PATTERN}')",
)
# Only while the incidents are current (a killed batch leaves them stale, the next one links).
_CURRENT_INCIDENTS_QUERY = (
    "events in no incident",
    "SELECT count(*) FROM {events} e "
    "ANTI JOIN incident_events ie ON ie.doc_id = e.doc_id AND ie.seq = e.seq",
)

# Rows travel to DuckDB as one Arrow table per chunk and table: binding thousands of Python
# parameters per multi-row INSERT was most of the write time (bench/bench_store.py, 1 M events:
# 1,626 events/s that way, 3,433 this way). Each column's Arrow type, in the order the row
# builders above produce them; the SELECT turns them into the table's types (dates come as ISO
# strings, JSON as text).
_DOCUMENT_COLUMNS = (
    ("id", "string"),
    ("content_hash", "string"),
    ("published", "date"),
    ("title", "string"),
    ("url", "string"),
    ("source", "string"),
    ("input", "string"),
    ("metadata", "string"),
    ("n_events", "int32"),
)
_DOCUMENT_SELECT = (
    "SELECT id, content_hash, published, title, url, source, input, metadata::JSON, "
    "current_localtimestamp(), n_events"
)
_TEXT_COLUMNS = (("doc_id", "string"), ("text", "string"))
_TEXT_SELECT = "SELECT doc_id, text"
_EVENT_COLUMNS = (
    ("doc_id", "string"),
    ("seq", "int32"),
    ("id", "string"),
    ("type", "string"),
    ("mode", "string"),
    ("source_codes", "codes"),
    ("target_codes", "codes"),
    ("date_earliest", "string"),
    ("date_latest", "string"),
    ("date_precision", "string"),
    ("place", "string"),
    ("country", "string"),
    ("lat", "float64"),
    ("lon", "float64"),
    ("fatalities_min", "int32"),
    ("fatalities_max", "int32"),
    ("claimed_by", "codes"),
    ("evidence_start", "int32"),
    ("evidence_end", "int32"),
    ("evidence_text", "string"),
    ("record", "string"),
)
_EVENT_SELECT = (
    "SELECT doc_id, seq, id, type, mode, source_codes, target_codes, date_earliest::DATE, "
    "date_latest::DATE, date_precision, place, country, lat, lon, fatalities_min, "
    "fatalities_max, claimed_by, evidence_start, evidence_end, evidence_text, record::JSON"
)


def _insert(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[tuple[str, str]],
    select: str,
    rows: Sequence[list[object]],
    then: Sequence[str] = (),
) -> None:
    """Insert ``rows`` (one value per column of ``columns``) in one statement, via Arrow; then
    run the statements ``then`` (``{chunk}`` in them names the rows as a relation)."""
    if not rows:
        return
    import pyarrow as pa  # lazily: opening a store to read needs no Arrow

    types = {
        "string": pa.string(),
        "date": pa.date32(),
        "int32": pa.int32(),
        "float64": pa.float64(),
        "codes": pa.list_(pa.string()),
    }
    arrays = [
        pa.array(values, type=types[kind])
        for (_, kind), values in zip(columns, zip(*rows, strict=True), strict=True)
    ]
    chunk = pa.Table.from_arrays(arrays, names=[name for name, _ in columns])
    view = f"_incoming_{table}"
    with _registered(connection, {view: chunk}):
        connection.execute(f"INSERT INTO {table} {select} FROM {view}")
        for statement in then:
            connection.execute(statement.format(chunk=view))


@contextmanager
def _registered(
    connection: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table]
) -> Iterator[None]:
    """The Arrow ``tables`` readable by their names in the block, unregistered after it."""
    for name, table in tables.items():
        connection.register(name, table)
    try:
        yield
    except BaseException:
        # A failed statement aborts the transaction, and the aborted transaction refuses the
        # unregistering too: its error would hide the one that tells what went wrong (out of
        # memory, E120, was told as a write the disk refused, E069). A later register of the
        # same name replaces the table left behind.
        with suppress(duckdb.Error):
            for name in tables:
                connection.unregister(name)
        raise
    for name in tables:
        connection.unregister(name)


def _events_sql(
    query: EventQuery, relation: str, documents: Sequence[str] | None = None
) -> tuple[str, list[object]]:
    """The SELECT of :meth:`Store.events` over ``relation`` (``events`` or ``reviewed_events``,
    :meth:`Store.events_relation`) and its parameters (``documents``: see :func:`_filters`)."""
    where, params = _filters(query, documents=documents)
    order = " ORDER BY date_earliest, doc_id, seq"
    if relation != "events" or (not where and query.limit is None and not query.offset):
        # A view has no rowid to find its rows by first: a reviewed store is read directly.
        filters, params = _filter_sql(query, documents)
        return f"SELECT record FROM {relation}{filters}", params
    # Find the rows on the narrow columns first, then read only their records: a filtered scan
    # that reads `record` too decompresses every record of each 2,048-row vector with a match
    # (1 M events: a dyad's year 100 ms this way, 45 ms by rowid; first 100 rows 70 ms, 5 ms).
    hits = "SELECT rowid FROM events"
    if where:
        hits += " WHERE " + " AND ".join(where)
    hits += order + _page_sql(query)
    return f"SELECT record FROM events WHERE rowid IN ({hits}){order}", params


def _page_sql(query: EventQuery) -> str:
    """The LIMIT and OFFSET clauses of ``query`` (integers, never text from a request)."""
    sql = f" LIMIT {int(query.limit)}" if query.limit is not None else ""
    if query.offset:
        sql += f" OFFSET {int(query.offset)}"
    return sql


def _filter_sql(
    query: EventQuery, documents: Sequence[str] | None = None
) -> tuple[str, list[object]]:
    """The WHERE, ORDER BY and LIMIT clauses of ``query`` over the events table, and their
    parameters: the one place the query filters are defined (``query`` and ``export`` use it).
    The columns are the events table's own, unqualified, so a join with documents (which has
    none of these names) reads them too."""
    where, params = _filters(query, documents=documents)
    sql = " WHERE " + " AND ".join(where) if where else ""
    sql += " ORDER BY date_earliest, doc_id, seq" + _page_sql(query)
    return sql, params


OPEN_RETRY_MAX_PAUSE_S = 0.25
"""The longest pause between two tries to open a store that another process holds (a process
that lets go of a store for longer than this lets a waiting one in)."""

# The sizes DuckDB's memory_limit takes: a number and a unit (decimal or binary multiples), or
# a share of the machine's memory (80% is DuckDB's default).
_MEMORY_LIMIT_RE = re.compile(r"\s*[0-9]+(\.[0-9]+)?\s*([KMGT]i?B|B|bytes|%)\s*", re.IGNORECASE)


def check_memory_limit(value: str) -> str:
    """``value`` if it is a size DuckDB's ``memory_limit`` takes (a number and a unit: 512MB,
    2GiB; or a percentage of the machine's memory: 80%); else E070."""
    if not _MEMORY_LIMIT_RE.fullmatch(value):
        raise EventcoderError(ErrorCode.E070, value=value)
    return value


def _connect(
    path: str, *, read_only: bool, wait: float, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, retrying for up to ``wait`` seconds while another process holds
    its lock (DuckDB: one process writing and none other reading, or any number reading);
    then E064. Any other failure is E060 at once."""
    config = {"memory_limit": memory_limit} if memory_limit is not None else {}
    deadline = time.monotonic() + wait
    pause = 0.02
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config)
        except duckdb.IOException as err:
            if "lock" not in str(err).lower():
                raise EventcoderError(ErrorCode.E060, path=path, detail=str(err)) from err
            left = deadline - time.monotonic()
            if left <= 0:
                raise EventcoderError(ErrorCode.E064, path=path, detail=str(err)) from err
        except duckdb.Error as err:
            raise EventcoderError(ErrorCode.E060, path=path, detail=str(err)) from err
        time.sleep(min(pause, left))
        pause = min(pause * 2, OPEN_RETRY_MAX_PAUSE_S)


class Store:
    """An open event store. Use as a context manager, or call :meth:`close`.

    Opening creates the file if needed and migrates an older store to the current schema
    (``read_only=True`` does neither: it refuses a store that is not current). While another
    process holds the file (DuckDB lets one process write it, and no other open it meanwhile),
    opening retries for ``wait`` seconds, then raises E064.

    ``memory_limit`` (e.g. ``"512MB"``, ``"2GiB"``) caps what DuckDB holds for this connection
    (its cache of the store's blocks, indexes, query state); beyond it DuckDB evicts blocks and
    spills to a temporary folder beside the store, so a days-long batch stays flat. None:
    DuckDB's default, 80 % of the machine's memory, which it fills as a large store is read.
    A size it cannot read is E070.

    ``text_index=False`` answers a text filter by reading every event's evidence, not the
    documents the text index names: the same results, slower (what the index is measured and
    tested against).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        migrations: Sequence[Migration] = MIGRATIONS,
        wait: float = 0.0,
        memory_limit: str | None = None,
        text_index: bool = True,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.text_index = text_index
        if memory_limit is not None:
            check_memory_limit(memory_limit)
        if read_only and not Path(path).exists():
            raise EventcoderError(ErrorCode.E060, path=self.path, detail="no such file")
        # Kept for :meth:`reconnect`, which opens the file again as it was opened first.
        self._wait = wait
        self._requested_memory_limit = memory_limit
        self.connection = _connect(
            self.path, read_only=read_only, wait=wait, memory_limit=memory_limit
        )
        try:
            if read_only:
                found = store_version(self.connection)
                latest = migrations[-1].version
                if found != latest:
                    raise EventcoderError(
                        ErrorCode.E060 if found < latest else ErrorCode.E061,
                        path=self.path,
                        detail=f"schema version {found}, not {latest}; open it for writing once",
                        found=found,
                        supported=latest,
                    )
            else:
                found = migrate(self.connection, path=self.path, migrations=migrations)
            # Stores are opened at an older version only by tests of upgrades (what an older
            # eventcoder wrote): such a store keeps no text index (or no corrections).
            self.version = store_version(self.connection)
            self.has_text_index = self.version >= TEXT_INDEX_VERSION
            if not read_only and found < INCIDENTS_VERSION <= self.version:
                # An older store gets the incidents of the events it already holds.
                self.refresh_incidents()
        except BaseException:
            self.connection.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
        if isinstance(exc, duckdb.OutOfMemoryException):
            # A read outside a transaction (schema.transaction turns those inside one) that
            # needed more than the memory limit: one clear error rather than DuckDB's traceback.
            raise out_of_memory(self.path, exc) from exc

    def close(self) -> None:
        self.connection.close()

    def reconnect(self) -> None:
        """Close this store's connection and open a new one to the same file, as it was opened.

        DuckDB holds native memory for the life of a connection that writes, outside its
        buffer manager (so ``memory_limit`` does not cap it): ~6 MiB more per 10,000 documents
        written, most of it with the primary keys' indexes, all of it given back when the
        connection closes (bench/README.md, "What the driver's growth is"). A writer that runs
        for days (:func:`eventcoder.batch.code_corpus`) calls this between two transactions, so
        that its memory stays flat; nothing committed is lost and nothing is half-written.

        The store is checkpointed first (its write-ahead log written into the file; E069 when
        the disk refuses, E120 out of memory). Between the close and the open the file is
        unlocked and another process may take it: opening again waits for it up to the
        ``wait`` the store was opened with, then E064, with this store closed.
        """
        if not self.read_only:
            checkpoint(self.connection, path=self.path)
        self.connection.close()
        self.connection = _connect(
            self.path,
            read_only=self.read_only,
            wait=self._wait,
            memory_limit=self._requested_memory_limit,
        )

    # ----------------------------------------------------------------------------------------
    # writing

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids the store already holds."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self.connection.execute(
            "SELECT id FROM documents WHERE list_contains(?, id)", [wanted]
        ).fetchall()
        return {row[0] for row in rows}

    def write_document(self, document: DocumentRow, records: Sequence[Mapping[str, Any]]) -> bool:
        """Store a coded document and its event records in one transaction.

        Returns False, writing nothing, when a document with this id is already stored. Any
        error recorded earlier for this id is removed: the document is now coded.
        """
        return self.write_documents([(document, records)])[0]

    def write_documents(
        self, coded: Sequence[tuple[DocumentRow, Sequence[Mapping[str, Any]]]]
    ) -> list[bool]:
        """Store several coded documents with their events in one transaction (all or none).

        A document whose id is already stored (or came earlier in ``coded``) is left out:
        its entry in the returned list is False. One transaction per chunk of documents
        rather than per document: committing is most of the cost of a write.
        """
        con = self.connection
        with transaction(con, path=self.path):
            seen = self.stored_ids(document.id for document, _ in coded)
            written: list[bool] = []
            document_rows: list[list[object]] = []
            event_rows: list[list[object]] = []
            text_rows: list[list[object]] = []
            for document, records in coded:
                if document.id in seen:
                    written.append(False)
                    continue
                seen.add(document.id)
                written.append(True)
                document_rows.append(_document_row(document, len(records)))
                if document.text is not None:
                    text_rows.append([document.id, document.text])
                event_rows.extend(_event_row(document.id, i, r) for i, r in enumerate(records))
            _insert(con, "documents", _DOCUMENT_COLUMNS, _DOCUMENT_SELECT, document_rows)
            # The chunk's words go into the text index in the same transaction.
            text_index = index_statements("{chunk}") if self.has_text_index else ()
            _insert(con, "events", _EVENT_COLUMNS, _EVENT_SELECT, event_rows, then=text_index)
            _insert(con, "document_texts", _TEXT_COLUMNS, _TEXT_SELECT, text_rows)
            ids = [row[0] for row in document_rows]
            if ids:
                con.execute("DELETE FROM errors WHERE list_contains(?, doc_id)", [ids])
        return written

    def record_error(self, error: ErrorRow) -> None:
        """Record a document that failed, replacing an earlier error for the same document (or
        the same line of the same input), so re-running a batch does not pile up duplicates."""
        con = self.connection
        with transaction(con, path=self.path):
            if error.doc_id is not None:
                con.execute("DELETE FROM errors WHERE doc_id = ?", [error.doc_id])
            else:
                con.execute(
                    "DELETE FROM errors WHERE doc_id IS NULL AND input = ? "
                    "AND line IS NOT DISTINCT FROM ?",
                    [error.input, error.line],
                )
            con.execute(
                "INSERT INTO errors VALUES (?, ?, ?, ?, ?, current_localtimestamp())",
                [error.doc_id, error.line, error.input, error.code, error.message],
            )

    # ----------------------------------------------------------------------------------------
    # reading

    def memory_limit(self) -> str:
        """DuckDB's memory limit for this connection, as DuckDB shows it (e.g. ``61.0 MiB``)."""
        row = self.connection.execute("SELECT current_setting('memory_limit')").fetchone()
        return str(row[0]) if row else ""

    def counts(self) -> StoreCounts:
        row = self.connection.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM errors)"
        ).fetchone()
        assert row is not None
        return StoreCounts(documents=row[0], events=row[1], errors=row[2])

    def events(self, query: EventQuery | None = None) -> Iterator[dict[str, Any]]:
        """Event records (the wire format, with ``doc_id``) matching ``query``, in date order."""
        for line in self.event_lines(query):
            yield json.loads(line)

    def event_lines(self, query: EventQuery | None = None) -> Iterator[str]:
        """The same records as :meth:`events`, each as the one-line JSON text it was stored as.

        For output that is JSON anyway (``eventcoder query --format jsonl``): decoding a record
        costs several times what finding it does (1 M events: a dyad's 6,500 events of a year
        are found in ~20 ms and decoded in ~100 ms).
        """
        query = query or EventQuery()
        sql, params = _events_sql(query, self.events_relation(), self.text_documents(query))
        cursor = self.connection.execute(sql, params)
        while rows := cursor.fetchmany(1000):
            for (record,) in rows:
                yield record

    def stored_events(
        self, query: EventQuery | None = None, *, batch_size: int = 1000
    ) -> Iterator[StoredEvent]:
        """The events matching ``query`` with their document's fields, in date order.

        Streamed in Arrow record batches of ``batch_size`` rows, so a store of any size is
        read in constant memory.
        """
        query = query or EventQuery()
        relation = self.events_relation()
        documents = self.text_documents(query)
        select = (
            "SELECT e.record, d.published, d.url, d.source, d.title, d.coded_at "
            f"FROM {relation} e JOIN documents d ON d.id = e.doc_id"
        )
        if relation != "events" or (query.limit is None and not query.offset):
            filters, params = _filter_sql(query, documents)
            sql = f"{select} {filters}"
        else:
            # A page: find its rows on the events' narrow columns first, then join only them
            # (1 M events, 200 of an actor's: 440 ms joining first, 25 ms this way).
            where, params = _filters(query, documents=documents)
            order = " ORDER BY date_earliest, doc_id, seq"
            hits = "SELECT rowid FROM events"
            hits += (" WHERE " + " AND ".join(where) if where else "") + order + _page_sql(query)
            sql = f"{select} WHERE e.rowid IN ({hits}) ORDER BY e.date_earliest, e.doc_id, e.seq"
        # A cursor of its own: the reader stays open while the caller writes, and the store's
        # connection may still hold a result of its own.
        cursor = self.connection.cursor()
        try:
            relation = cursor.sql(sql, params=params)
            for batch in relation.to_arrow_reader(batch_size):
                yield from self._stored_batch(batch)
        finally:
            cursor.close()

    @staticmethod
    def _stored_batch(batch: pa.RecordBatch) -> Iterator[StoredEvent]:
        for record, published, url, source, title, coded_at in zip(
            *(column.to_pylist() for column in batch.columns), strict=True
        ):
            yield StoredEvent(
                record=json.loads(record),
                published=published,
                url=url,
                news_source=source,
                title=title,
                coded_at=coded_at,
            )

    def document(self, doc_id: str) -> DocumentRow | None:
        """The stored document with this id, or None."""
        row = self.connection.execute(
            "SELECT id, content_hash, published, title, url, source, input, metadata "
            "FROM documents WHERE id = ?",
            [doc_id],
        ).fetchone()
        if row is None:
            return None
        metadata = json.loads(row[7]) if row[7] else {}
        return DocumentRow(
            id=row[0],
            content_hash=row[1],
            published=row[2],
            title=row[3],
            url=row[4],
            source=row[5],
            input=row[6],
            metadata=tuple((str(k), str(v)) for k, v in metadata.items()),
        )

    def text_documents(self, query: EventQuery) -> list[str] | None:
        """The documents whose events may hold ``query.text`` (the text index's candidates), or
        None: read every event's text (no text filter, the index off, or a text so common that
        the index would not narrow it)."""
        if not query.text or not self.text_index or not self.has_text_index:
            return None
        pairs = self.version >= PAIRS_VERSION
        return candidate_documents(self.connection, query.text, pairs=pairs)

    def events_relation(self) -> str:
        """What reads of events use: ``events``, the coder's own table, until anything was
        reviewed; then the view ``reviewed_events`` (corrected values, rejected events left
        out, added events in). Both have the same columns."""
        if self.version < REVIEW_VERSION:
            return "events"
        reviewed = self.connection.execute(
            "SELECT EXISTS (SELECT 1 FROM corrected_events)"
        ).fetchone()
        return "reviewed_events" if reviewed and reviewed[0] else "events"

    def document_events(self, doc_id: str) -> list[dict[str, Any]]:
        """The event records of one document as reviewed, in the order the coder gave them and
        then those reviewers added; a rejected one is kept here, its record saying
        ``"rejected": true``, so the review of the document can be seen whole."""
        rows = self.connection.execute(
            "SELECT coalesce(c.record, e.record) FROM events e "
            "FULL JOIN corrected_events c ON c.doc_id = e.doc_id AND c.seq = e.seq "
            "WHERE coalesce(e.doc_id, c.doc_id) = ? ORDER BY coalesce(e.seq, c.seq)",
            [doc_id],
        ).fetchall()
        return [json.loads(record) for (record,) in rows]

    def document_text(self, doc_id: str) -> str | None:
        """The coded text of a stored document; None when it was stored without (before
        schema version 3)."""
        row = self.connection.execute(
            "SELECT text FROM document_texts WHERE doc_id = ?", [doc_id]
        ).fetchone()
        return row[0] if row else None

    def type_counts(
        self, query: EventQuery, *, interval: str = "week"
    ) -> list[tuple[date, str, int]]:
        """How many events matching ``query`` (its limit and offset aside) each type has per
        ``interval`` (``week``: weeks from Monday; ``month``), by the first day of each event's
        interval: ``(period start, type, count)`` in period order."""
        if interval not in SERIES_INTERVALS:
            raise ValueError(f"interval must be one of {', '.join(SERIES_INTERVALS)}")
        where, params = _filters(query, documents=self.text_documents(query))
        sql = (
            f"SELECT date_trunc('{interval}', date_earliest)::DATE AS period, type, count(*) "
            f"FROM {self.events_relation()}"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " GROUP BY ALL ORDER BY period, type"
        return [(r[0], r[1], int(r[2])) for r in self.connection.execute(sql, params).fetchall()]

    def errors(self) -> list[ErrorRow]:
        rows = self.connection.execute(
            "SELECT input, code, message, doc_id, line FROM errors ORDER BY failed_at, input, line"
        ).fetchall()
        return [ErrorRow(input=r[0], code=r[1], message=r[2], doc_id=r[3], line=r[4]) for r in rows]

    # ----------------------------------------------------------------------------------------
    # incidents

    def incidents_stale(self, params: LinkParams | None = None) -> bool:
        """Whether the incidents were built from other events (or other parameters) than the
        store now holds. Documents and events are only ever added, so their counts tell."""
        params = params or LinkParams()
        built = self.connection.execute(
            "SELECT documents, events, params FROM incidents_built"
        ).fetchone()
        if built is None:
            return True
        counts = self.counts()
        return (built[0], built[1], built[2]) != (
            counts.documents,
            counts.events,
            params.fingerprint(),
        )

    def refresh_incidents(
        self,
        params: LinkParams | None = None,
        *,
        force: bool = False,
        slice_rows: int = LINK_SLICE_ROWS,
    ) -> IncidentBuild:
        """Link the stored events into incidents, replacing the incidents built before, in one
        transaction; nothing to do (``rebuilt`` False) when they are current, unless ``force``.

        Every incident is recomputed from all stored events, so the result is the same however
        the corpus was chunked, resumed or re-run. Events are linked one type group at a time
        (linking never crosses groups), which bounds Python's memory to the largest group; each
        group is read from DuckDB in slices of at most ``slice_rows`` events and documents
        (:data:`LINK_SLICE_ROWS`), which bounds DuckDB's to a slice, so a store of any size
        links under a fixed ``memory_limit``.
        """
        if slice_rows < 1:
            raise ValueError("slice_rows must be at least 1")
        params = params or LinkParams()
        if not force and not self.incidents_stale(params):
            return IncidentBuild(self.incident_count(), self.counts().events, 0.0, rebuilt=False)
        started = time.perf_counter()
        con = self.connection
        # The batch prints its own progress; DuckDB's bar would break into it on a large store.
        con.execute("SET enable_progress_bar = false")
        if not self.read_only:
            # The rows written since the last checkpoint, and the indexes their writes loaded,
            # stay in DuckDB's memory until one: after a batch's 100,000 documents, 24 MiB of a
            # 128MB limit (13 of them the keys' indexes, which grow with the store). Linking
            # then starts with them written to the file and out of memory.
            checkpoint(con, path=self.path)
        with transaction(con, path=self.path):
            counts = self.counts()
            con.execute("DELETE FROM incident_events")
            con.execute("DELETE FROM incidents")
            total = 0
            for types, n_events in self._type_groups(params):
                slices = math.ceil(max(n_events, counts.documents, 1) / slice_rows)
                incidents = link_incidents(self._event_rows(types, slices=slices), params)
                self._insert_incidents(incidents)
                total += len(incidents)
            seconds = time.perf_counter() - started
            con.execute("DELETE FROM incidents_built")
            con.execute(
                "INSERT INTO incidents_built VALUES (?, ?, ?, current_localtimestamp(), ?)",
                [counts.documents, counts.events, params.fingerprint(), seconds],
            )
        return IncidentBuild(total, counts.events, time.perf_counter() - started, rebuilt=True)

    def order_text_index(self, *, slice_postings: int = ORDER_SLICE_POSTINGS) -> None:
        """Rewrite the text index's postings in term order, in one transaction
        (:func:`eventcoder.store.text_index.order_postings`, ``slice_postings`` a statement):
        what a batch does after linking, so that a text query of a store written chunk by
        chunk reads its terms' postings only (1 M events: 15-17 s under 128MB, beside linking's
        minutes)."""
        if not self.has_text_index:
            return
        con = self.connection
        con.execute("SET enable_progress_bar = false")
        with transaction(con, path=self.path):
            order_postings(con, slice_postings=slice_postings)

    # ----------------------------------------------------------------------------------------
    # checking

    def integrity_check(self) -> list[str]:
        """What is wrong with the store (empty: nothing), SQLite's ``PRAGMA integrity_check``
        for an event store, e.g. after a crash or a full disk.

        DuckDB's own checks first: the header (``PRAGMA database_size``), a ``CHECKPOINT``
        (opened for writing: the write-ahead log goes into the file), the storage of every
        table (``pragma_storage_info``) and a read of every value of every table, which checks
        each block read against its checksum. Then the store's own rules: each document and
        event stored once, each document with all its events, each event in one incident
        (when the incidents are current) and each incident with its reports.
        """
        con = self.connection
        try:
            con.execute("PRAGMA database_size").fetchall()
            if not self.read_only:
                con.execute("CHECKPOINT")
            tables = [
                row[0]
                for row in con.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = "
                    "current_database() AND schema_name = current_schema() ORDER BY 1"
                ).fetchall()
            ]
            for table in tables:
                con.execute("SELECT count(*) FROM pragma_storage_info(?)", [table]).fetchall()
                # One aggregate per column, so every value is read (and its block checked).
                con.execute(f'SELECT count(*), max(hash(COLUMNS(*))) FROM "{table}"').fetchall()
        except duckdb.Error as err:
            return [f"DuckDB: {err}"]
        queries = list(_INTEGRITY_QUERIES)
        if self.has_text_index:
            queries.insert(-1, _TEXT_INDEX_QUERY)
        if not self.incidents_stale():
            queries.append(_CURRENT_INCIDENTS_QUERY)
        problems = []
        relation = self.events_relation()
        for problem, sql in queries:
            row = con.execute(sql.replace("{events}", relation)).fetchone()
            if row and row[0]:
                problems.append(f"{problem}: {row[0]}")
        return problems

    def incident_count(self) -> int:
        row = self.connection.execute("SELECT count(*) FROM incidents").fetchone()
        return int(row[0]) if row else 0

    def relink_event(self, doc_id: str, seq: int, params: LinkParams | None = None) -> None:
        """Relink the incidents around one event after a reviewer changed it (its type, date,
        place or actors; rejected, restored or added it), in the caller's transaction, so the
        incidents show the corrected values.

        Linking a whole store takes minutes at a million events, so only the neighbourhood is
        relinked: the incident the event was in, and every incident of the event's type group
        (as corrected) whose interval overlaps the event's. Their reports and the event (unless
        rejected) are linked again by :func:`link_incidents` and replace them. A later full
        link (:meth:`refresh_incidents`, after each batch) reads the same corrected values."""
        params = params or LinkParams()
        con = self.connection
        ids = {
            r[0]
            for r in con.execute(
                "SELECT incident_id FROM incident_events WHERE doc_id = ? AND seq = ?",
                [doc_id, seq],
            ).fetchall()
        }
        # The event as corrected (none if rejected): the incidents it may now join.
        for event in list(self._event_rows(keys=[(doc_id, seq)])):
            sql, values = _neighbours_sql(event, params)
            ids |= {r[0] for r in con.execute(sql, values).fetchall()}
        members = [
            (str(r[0]), int(r[1]))
            for r in con.execute(
                "SELECT doc_id, seq FROM incident_events WHERE list_contains(?, incident_id)",
                [sorted(ids)],
            ).fetchall()
        ]
        keys = {*members, (doc_id, seq)}
        rows = list(self._event_rows(keys=sorted(keys)))
        chosen = sorted(ids)
        con.execute("DELETE FROM incident_events WHERE list_contains(?, incident_id)", [chosen])
        con.execute("DELETE FROM incidents WHERE list_contains(?, id)", [chosen])
        if rows:
            self._insert_incidents(link_incidents(rows, params))

    def _stored_types(self) -> dict[str, int]:
        """The event types the store's events have (as reviewed), with how many of each."""
        sql = f"SELECT type, count(*) FROM {self.events_relation()} GROUP BY type"
        return {r[0]: int(r[1]) for r in self.connection.execute(sql).fetchall()}

    def _type_groups(self, params: LinkParams) -> list[tuple[list[str], int]]:
        """The groups of types that link together, each with its number of events."""
        groups: dict[str, list[str]] = {}
        sizes: Counter[str] = Counter()
        for event_type, count in sorted(self._stored_types().items()):
            group = type_group(event_type, params)
            groups.setdefault(group, []).append(event_type)
            sizes[group] += count
        return [(groups[key], sizes[key]) for key in sorted(groups)]

    def _event_rows(
        self,
        types: list[str] | None = None,
        *,
        keys: Sequence[tuple[str, int]] = (),
        slices: int = 1,
    ) -> Iterator[EventRow]:
        """What linking reads of the events (as reviewed: corrected values, rejected events left
        out, added ones in) of these ``types``, or with these ``(doc_id, seq)`` keys; read in
        ``slices`` parts (by a hash of the document id), in no particular order."""
        if types is not None:
            condition, params = "list_contains(?, e.type)", [types]
        else:
            # By document first (a scan of one column), then the key among few rows.
            condition = "e.doc_id = ANY(?) AND list_contains(?, concat(e.doc_id, chr(31), e.seq))"
            params = [sorted({d for d, _ in keys}), [f"{d}\x1f{s}" for d, s in keys]]
        for part in range(slices):
            yield from self._event_slice(condition, params, part, slices)

    def _event_slice(
        self, condition: str, params: list[object], part: int, slices: int
    ) -> Iterator[EventRow]:
        """The rows of :meth:`_event_rows` whose document id hashes to ``part`` of ``slices``."""
        events_slice = documents_slice = ""
        if slices > 1:  # integers of ours, never a request's text
            events_slice = f" AND hash(e.doc_id) % {int(slices)} = {int(part)}"
            documents_slice = f" WHERE hash(id) % {int(slices)} = {int(part)}"
        # The record's fields are taken out before the join, and only the three columns of the
        # documents that linking reads go into it: with the whole events row (its record, ~1 KB
        # of JSON) in DuckDB's hash table, a group of 58,700 events took 75 MiB of it, 24 so.
        # The record is parsed once for its three fields (three json_extract calls parse it
        # three times: 15 MiB of DuckDB's memory for that group's read, 5 MiB this way).
        cursor = self.connection.execute(
            f"""
            SELECT e.doc_id, e.seq, e.type, e.source_codes, e.target_codes,
                   e.date_earliest, e.date_latest, e.mode,
                   CAST(e.fields[1] AS VARCHAR[]), e.fields[2] ->> '$',
                   e.place, e.country, e.lat, e.lon, e.fields[3] ->> '$',
                   e.fatalities_min, e.fatalities_max, d.published, d.source, e.id
            FROM (
                SELECT e.* EXCLUDE (record),
                       json_extract(e.record, ['$.auxiliary', '$.date.basis',
                                               '$.location.precision']) AS fields
                FROM {self.events_relation()} e
                WHERE {condition}{events_slice}
            ) e
            JOIN (SELECT id, published, source FROM documents{documents_slice}) d
                ON d.id = e.doc_id
            """,
            params,
        )
        while rows := cursor.fetchmany(10_000):
            for r in rows:
                yield EventRow(
                    doc_id=r[0],
                    seq=r[1],
                    type=r[2],
                    source_codes=tuple(r[3]),
                    target_codes=tuple(r[4]),
                    date_earliest=r[5],
                    date_latest=r[6],
                    mode=r[7],
                    auxiliary=tuple(r[8] or ()),
                    date_basis=r[9],
                    place=r[10],
                    country=r[11],
                    lat=r[12],
                    lon=r[13],
                    place_precision=r[14],
                    fatalities_min=r[15],
                    fatalities_max=r[16],
                    published=r[17],
                    news_source=r[18],
                    event_id=r[19],
                )

    def _insert_incidents(self, incidents: Sequence[Incident]) -> None:
        import pyarrow as pa  # only here: reading a store needs no Arrow

        codes = pa.list_(pa.string())
        reports = pa.list_(
            pa.struct(
                [
                    ("doc_id", pa.string()),
                    ("seq", pa.int32()),
                    ("event_id", pa.string()),
                    ("published", pa.date32()),
                    ("news_source", pa.string()),
                ]
            )
        )
        table = pa.table(
            {
                "id": pa.array([i.id for i in incidents], pa.string()),
                "type": pa.array([i.type for i in incidents], pa.string()),
                "mode": pa.array([i.mode for i in incidents], pa.string()),
                "source_codes": pa.array([list(i.source_codes) for i in incidents], codes),
                "target_codes": pa.array([list(i.target_codes) for i in incidents], codes),
                "date_earliest": pa.array([i.date_earliest for i in incidents], pa.date32()),
                "date_latest": pa.array([i.date_latest for i in incidents], pa.date32()),
                "place": pa.array([i.place for i in incidents], pa.string()),
                "country": pa.array([i.country for i in incidents], pa.string()),
                "lat": pa.array([i.lat for i in incidents], pa.float64()),
                "lon": pa.array([i.lon for i in incidents], pa.float64()),
                "place_precision": pa.array([i.place_precision for i in incidents], pa.string()),
                "n_reports": pa.array([i.n_reports for i in incidents], pa.int32()),
                "n_articles": pa.array([i.n_articles for i in incidents], pa.int32()),
                "n_sources": pa.array([i.n_sources for i in incidents], pa.int32()),
                "first_reported": pa.array([i.first_reported for i in incidents], pa.date32()),
                "fatalities_min": pa.array([i.fatalities_min for i in incidents], pa.int32()),
                "fatalities_max": pa.array([i.fatalities_max for i in incidents], pa.int32()),
                "fatalities_low": pa.array([i.fatalities_low for i in incidents], pa.int32()),
                "fatalities_high": pa.array([i.fatalities_high for i in incidents], pa.int32()),
                "reports": pa.array([_report_list(i) for i in incidents], reports),
            }
        )
        members = pa.table(
            {
                "incident_id": pa.array([i.id for i in incidents for _ in i.members], pa.string()),
                "doc_id": pa.array([m[0] for i in incidents for m in i.members], pa.string()),
                "seq": pa.array([m[1] for i in incidents for m in i.members], pa.int32()),
            }
        )
        if self.version < INCIDENT_REPORTS_VERSION:  # a test's store of an older version
            table = table.drop_columns(["reports"])
        con = self.connection
        with _registered(con, {"_new_incidents": table, "_new_incident_events": members}):
            con.execute("INSERT INTO incidents SELECT * FROM _new_incidents")
            con.execute("INSERT INTO incident_events SELECT * FROM _new_incident_events")

    def incidents(self, query: EventQuery | None = None) -> Iterator[dict[str, Any]]:
        """Incidents matching ``query`` (the filters of :meth:`events`, on the incident's own
        actors, type, interval and country), in date order, each with its reports."""
        query = query or EventQuery()
        where, params = _filters(query, text_column=None)
        if query.text:
            documents = self.text_documents(query)
            text = "contains(lower(e.evidence_text), lower(?))"
            if documents is not None:
                text = f"CASE WHEN e.doc_id = ANY(?) THEN {text} ELSE false END"
                params.append(documents)
            # The events holding the text are found first and then joined to their incidents:
            # with the text's condition over the join, DuckDB joined all the linked events
            # before reading it (1 M events, 10,716 candidate documents: 190 ms, 82 ms so).
            where.append(
                "id IN (SELECT ie.incident_id "
                f"FROM (SELECT doc_id, seq FROM {self.events_relation()} e WHERE {text}) e "
                "JOIN incident_events ie ON ie.doc_id = e.doc_id AND ie.seq = e.seq)"
            )
            params.append(query.text)
        yield from self._incident_records(
            where, params, _page_sql(query), page_first=bool(query.text)
        )

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """The incident with this id (the record :meth:`incidents` gives), or None."""
        return next(self._incident_records(["id = ?"], [incident_id], ""), None)

    def incident_events(self, incident_id: str) -> list[dict[str, Any]]:
        """The event records (as reviewed, like :meth:`document_events`; a correction relinks
        the incidents, so a rejected event is in none and an added one may be in one) that
        report one incident, in the order they were published."""
        rows = self.connection.execute(
            "SELECT coalesce(c.record, e.record) FROM incident_events ie "
            "LEFT JOIN events e ON e.doc_id = ie.doc_id AND e.seq = ie.seq "
            "LEFT JOIN corrected_events c ON c.doc_id = ie.doc_id AND c.seq = ie.seq "
            "JOIN documents d ON d.id = ie.doc_id "
            "WHERE ie.incident_id = ? AND coalesce(c.record, e.record) IS NOT NULL "
            "ORDER BY d.published, ie.doc_id, ie.seq",
            [incident_id],
        ).fetchall()
        return [json.loads(record) for (record,) in rows]

    def _incident_records(
        self, where: list[str], params: list[object], page: str, *, page_first: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Incidents under the conditions ``where`` (SQL over the incidents table, values in
        ``params``), in date order, ``page`` (LIMIT/OFFSET) applied, each with its reports.
        ``page_first``: choose the page's rows in a statement of their own, then read them
        (for a condition that is a join, such as the text's)."""
        order = " ORDER BY date_earliest, date_latest, id"
        # Each incident's reports are a column of its row, written when it is linked (schema
        # v7): gathering them per read joined incident_events, the events and the documents
        # (1 M events, 943,300 incidents: a page 63-66 ms in-process, 32-36 ms this way).
        # DuckDB finds the page on the narrow columns first and reads only its rows whole (its
        # late materialization), but not under a semi join: with the text's `id IN (...)` it
        # read every column of all 943,316 rows, the reports included (250 ms of cpu), and as
        # `rowid IN (the page)` the whole table again (80 ms); by the page's row ids, 30 ms.
        if page_first:
            chosen = self.connection.execute(
                f"SELECT rowid FROM incidents WHERE {' AND '.join(where)}{order}{page}", params
            ).fetchall()
            where, params, page = ["rowid = ANY(?)"], [[r[0] for r in chosen]], ""
        sql = "SELECT * FROM incidents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        cursor = self.connection.execute(sql + order + page, params)
        columns = [d[0] for d in cursor.description or ()]
        while rows := cursor.fetchmany(1000):
            for row in rows:
                yield _incident_record(dict(zip(columns, row, strict=True)))


def _report_list(incident: Incident) -> list[dict[str, object]]:
    """The ``reports`` column of an incident's row (its reports in order, as a read shows them)."""
    return [
        {
            "doc_id": r.doc_id,
            "seq": r.seq,
            "event_id": r.event_id,
            "published": r.published,
            "news_source": r.news_source,
        }
        for r in incident.reports
    ]


def _neighbours_sql(event: EventRow, params: LinkParams) -> tuple[str, list[object]]:
    """The incidents ``event`` could join (a superset of what :func:`link_incidents` would
    find compatible): of its type group, their interval overlapping its own, and sharing an
    actor code with it or, for a point place, with their anchor within ``max_km`` of it (a
    latitude and longitude box around it)."""
    report = link_report(event, params)
    group = next((g for g in params.type_groups if event.type in g), {event.type})
    sql = (
        "SELECT id FROM incidents WHERE list_contains(?, type) "
        "AND date_earliest <= ? AND date_latest >= ?"
    )
    values: list[object] = [sorted(group), report.latest, report.earliest]
    near = ["list_has_any(list_concat(source_codes, target_codes), ?)"]
    values.append(sorted({*event.source_codes, *event.target_codes}))
    if event.has_point:
        assert event.lat is not None and event.lon is not None
        rise = 1.1 * params.max_km / KM_PER_DEGREE  # a margin over the sphere's 111.19 km
        near.append("lat BETWEEN ? AND ?")
        values += [event.lat - rise, event.lat + rise]
        edge = min(abs(event.lat) + rise, 89.0)
        run = rise / math.cos(math.radians(edge))
        if abs(event.lon) + run < 180:  # (across the antimeridian: by latitude alone)
            near[-1] += " AND lon BETWEEN ? AND ?"
            values += [event.lon - run, event.lon + run]
    return f"{sql} AND ({' OR '.join(near)})", values


def _filters(
    query: EventQuery,
    *,
    text_column: str | None = "evidence_text",
    documents: Sequence[str] | None = None,
) -> tuple[list[str], list[object]]:
    """SQL conditions for ``query`` over a table with the events' column names (without
    ``text_column``, the caller filters ``query.text`` itself). Values are parameters only.

    ``documents``: the text index's candidates for ``query.text``
    (:func:`eventcoder.store.text_index.candidate_documents`): the text is read only in these
    documents' events. None: in every event's."""
    where: list[str] = []
    params: list[object] = []
    if query.dyad is not None:
        first, second = query.dyad
        where.append(
            "((list_contains(source_codes, ?) AND list_contains(target_codes, ?)) "
            "OR (list_contains(source_codes, ?) AND list_contains(target_codes, ?)))"
        )
        params += [first, second, second, first]
    for code in query.actors:
        # One list_contains per column and code: scans the lists in place, where joining them
        # first (list_has_all(list_concat(...))) builds a new list per row, ~6x slower.
        where.append("(list_contains(source_codes, ?) OR list_contains(target_codes, ?))")
        params += [code, code]
    if query.types:
        where.append("list_contains(?, type)")
        params.append([t.upper() for t in query.types])
    if query.since is not None:
        where.append("date_latest >= ?")
        params.append(query.since)
    if query.until is not None:
        where.append("date_earliest <= ?")
        params.append(query.until)
    if query.country is not None:
        where.append("country = ?")
        params.append(query.country.upper())
    if query.text and text_column is not None:
        # contains(), not LIKE: the text is matched as written, '%' and '_' included. A scan:
        # DuckDB's full-text index is an extension it downloads, and the store works offline.
        # So the text is read only where every other filter holds: DuckDB evaluates each
        # condition of an AND on every row, a CASE branch only on the rows it selects. The
        # other conditions stay as they are too, so dates still skip row groups by their
        # min/max (1 M events, a rare word: alone 230 ms; with a dyad 120 ms as an AND, 53 ms
        # this way; with a year 43 ms as an AND, 75 ms as a CASE alone, 40 ms this way).
        text = f"contains(lower({text_column}), lower(?))"
        if documents is not None and not documents:
            where.append("false")  # the text index knows no document that could hold it
            return where, params
        if documents is not None:
            # The text index's candidates: the text is read in their events only (1 M
            # events, a word in no evidence: 280-460 ms as a scan, 45-60 ms this way).
            where.append("doc_id = ANY(?)")
            params.append(list(documents))
        if where:
            where.append(f"CASE WHEN {' AND '.join(where)} THEN {text} ELSE false END")
            params += list(params)  # the CASE repeats the conditions before it
        else:
            where.append(text)
        params.append(query.text)
    return where, params


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _incident_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """An incident as JSON-ready nested fields (the shape `eventcoder query --incidents` prints)."""
    return {
        "id": row["id"],
        "type": row["type"],
        "mode": row["mode"],
        "source": list(row["source_codes"]),
        "target": list(row["target_codes"]),
        "date": {"earliest": _iso(row["date_earliest"]), "latest": _iso(row["date_latest"])},
        "location": {
            "place": row["place"],
            "country": row["country"],
            "lat": row["lat"],
            "lon": row["lon"],
            "precision": row["place_precision"],
        }
        if row["place"] is not None or row["country"] is not None
        else None,
        "fatalities": {
            "min": row["fatalities_min"],
            "max": row["fatalities_max"],
            "low": row["fatalities_low"],
            "high": row["fatalities_high"],
        }
        if row["fatalities_min"] is not None
        else None,
        "n_reports": row["n_reports"],
        "n_articles": row["n_articles"],
        "n_sources": row["n_sources"],
        "first_reported": _iso(row["first_reported"]),
        "reports": [
            {**report, "published": _iso(report["published"])} for report in row["reports"] or ()
        ],
    }
