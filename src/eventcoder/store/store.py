"""The embedded DuckDB event store: one file holding documents, their events and the errors.

One process writes a store (DuckDB allows one writer); :func:`eventcoder.batch.code_corpus`
keeps it that way by writing from its parent process only. A document is written in the same
transaction as all its events, so a crash (even ``kill -9``) leaves every document either fully
stored or absent, and a re-run codes the absent ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.store.schema import MIGRATIONS, Migration, migrate, store_version


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """What the store keeps of a coded document (not its text: evidence quotes what matters)."""

    id: str
    content_hash: str
    published: date
    title: str | None = None
    url: str | None = None
    source: str | None = None
    input: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()


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
    either direction). ``types``: any of them. ``since``/``until``: the event's date interval
    overlaps the range. ``country``: the event's place is in this ISO3 country.
    """

    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    country: str | None = None
    limit: int | None = None


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


_DOCUMENT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp(), ?)"
_EVENT_VALUES = "(" + ", ".join("?" * 21) + ")"
_ROWS_PER_INSERT = 128  # one multi-row INSERT binds far faster than executemany


def _insert(
    connection: duckdb.DuckDBPyConnection, table: str, values: str, rows: Sequence[list[object]]
) -> None:
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        part = rows[start : start + _ROWS_PER_INSERT]
        connection.execute(
            f"INSERT INTO {table} VALUES " + ", ".join([values] * len(part)),
            [value for row in part for value in row],
        )


def _filter_sql(query: EventQuery) -> tuple[str, list[object]]:
    """The WHERE, ORDER BY and LIMIT clauses of ``query`` over the events table, and their
    parameters: the one place the query filters are defined (``query`` and ``export`` use it).
    The columns are the events table's own, unqualified, so a join with documents (which has
    none of these names) reads them too."""
    where: list[str] = []
    params: list[object] = []
    if query.actors:
        where.append("list_has_all(list_concat(source_codes, target_codes), ?)")
        params.append(list(query.actors))
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
    sql = " WHERE " + " AND ".join(where) if where else ""
    sql += " ORDER BY date_earliest, doc_id, seq"
    if query.limit is not None:
        sql += f" LIMIT {int(query.limit)}"
    return sql, params


class Store:
    """An open event store. Use as a context manager, or call :meth:`close`.

    Opening creates the file if needed and migrates an older store to the current schema
    (``read_only=True`` does neither: it refuses a store that is not current).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        self.path = str(path)
        if read_only and not Path(path).exists():
            raise EventcoderError(ErrorCode.E060, path=self.path, detail="no such file")
        try:
            self.connection = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as err:
            raise EventcoderError(ErrorCode.E060, path=self.path, detail=str(err)) from err
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
                migrate(self.connection, path=self.path, migrations=migrations)
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

    def close(self) -> None:
        self.connection.close()

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
        con.execute("BEGIN TRANSACTION")
        try:
            seen = self.stored_ids(document.id for document, _ in coded)
            written: list[bool] = []
            document_rows: list[list[object]] = []
            event_rows: list[list[object]] = []
            for document, records in coded:
                if document.id in seen:
                    written.append(False)
                    continue
                seen.add(document.id)
                written.append(True)
                document_rows.append(
                    [
                        document.id,
                        document.content_hash,
                        document.published,
                        document.title,
                        document.url,
                        document.source,
                        document.input,
                        json.dumps(dict(document.metadata), ensure_ascii=False),
                        len(records),
                    ]
                )
                event_rows.extend(_event_row(document.id, i, r) for i, r in enumerate(records))
            _insert(con, "documents", _DOCUMENT_VALUES, document_rows)
            _insert(con, "events", _EVENT_VALUES, event_rows)
            ids = [row[0] for row in document_rows]
            if ids:
                con.execute("DELETE FROM errors WHERE list_contains(?, doc_id)", [ids])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return written

    def record_error(self, error: ErrorRow) -> None:
        """Record a document that failed, replacing an earlier error for the same document (or
        the same line of the same input), so re-running a batch does not pile up duplicates."""
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
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
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # ----------------------------------------------------------------------------------------
    # reading

    def counts(self) -> StoreCounts:
        row = self.connection.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM errors)"
        ).fetchone()
        assert row is not None
        return StoreCounts(documents=row[0], events=row[1], errors=row[2])

    def events(self, query: EventQuery | None = None) -> Iterator[dict[str, Any]]:
        """Event records (the wire format, with ``doc_id``) matching ``query``, in date order."""
        filters, params = _filter_sql(query or EventQuery())
        cursor = self.connection.execute(f"SELECT record FROM events {filters}", params)
        while rows := cursor.fetchmany(1000):
            for (record,) in rows:
                yield json.loads(record)

    def stored_events(
        self, query: EventQuery | None = None, *, batch_size: int = 1000
    ) -> Iterator[StoredEvent]:
        """The events matching ``query`` with their document's fields, in date order.

        Streamed in Arrow record batches of ``batch_size`` rows, so a store of any size is
        read in constant memory.
        """
        filters, params = _filter_sql(query or EventQuery())
        # A cursor of its own: the reader stays open while the caller writes, and the store's
        # connection may still hold a result of its own.
        cursor = self.connection.cursor()
        try:
            relation = cursor.sql(
                "SELECT e.record, d.published, d.url, d.source, d.title, d.coded_at "
                f"FROM events e JOIN documents d ON d.id = e.doc_id {filters}",
                params=params,
            )
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

    def errors(self) -> list[ErrorRow]:
        rows = self.connection.execute(
            "SELECT input, code, message, doc_id, line FROM errors ORDER BY failed_at, input, line"
        ).fetchall()
        return [ErrorRow(input=r[0], code=r[1], message=r[2], doc_id=r[3], line=r[4]) for r in rows]
