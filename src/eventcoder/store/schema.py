"""The event store's schema, its version and the migrations that bring an older store up to date.

A store records the version it was written with in ``schema_version`` (one row per migration
applied). :func:`migrate` runs every migration above the store's version, each in its own
transaction together with its ``schema_version`` row, so an interrupted upgrade leaves the store
at the last complete version. A database with no ``schema_version`` table is version 0: a new
file, or a DuckDB file an analyst made for something else (its own tables are left alone).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import duckdb

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.store import text_index

SCHEMA_VERSION = 7
"""The version this eventcoder writes; stores up to it open, newer ones are refused (E061)."""


@dataclass(frozen=True, slots=True)
class Migration:
    """Upgrade a store from ``version - 1`` to ``version``."""

    version: int
    description: str
    apply: Callable[[duckdb.DuckDBPyConnection], None]


_V1_TABLES = (
    """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        content_hash VARCHAR NOT NULL,     -- sha256 of the coded (decoded, repaired) text
        published DATE NOT NULL,
        title VARCHAR,
        url VARCHAR,
        source VARCHAR,
        input VARCHAR,                     -- the file it was read from
        metadata JSON,                     -- other keys of a JSONL record or CSV row
        coded_at TIMESTAMP NOT NULL,
        n_events INTEGER NOT NULL
    )
    """,
    "CREATE INDEX documents_content_hash ON documents (content_hash)",
    """
    CREATE TABLE events (
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,              -- the event's position in its document's output
        id VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        source_codes VARCHAR[] NOT NULL,
        target_codes VARCHAR[] NOT NULL,
        date_earliest DATE NOT NULL,
        date_latest DATE NOT NULL,
        date_precision VARCHAR,
        place VARCHAR,
        country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        fatalities_min INTEGER,
        fatalities_max INTEGER,
        claimed_by VARCHAR[] NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        evidence_text VARCHAR NOT NULL,
        record JSON NOT NULL,              -- the full wire record (eventcoder.io.serialize)
        PRIMARY KEY (doc_id, seq)
    )
    """,
    """
    CREATE TABLE errors (
        doc_id VARCHAR,                    -- when the document's id is known
        line INTEGER,                      -- the line (JSONL) or row (CSV) otherwise
        input VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        message VARCHAR NOT NULL,
        failed_at TIMESTAMP NOT NULL
    )
    """,
)

# Views are derived, so each migration that changes them replaces them all.
_V1_VIEWS = (
    """
    CREATE OR REPLACE VIEW events_v AS
    SELECT e.*, d.published, d.source AS news_source, d.url, d.title,
           strftime(e.date_earliest, '%G-W%V') AS iso_week
    FROM events e JOIN documents d ON d.id = e.doc_id
    """,
    """
    CREATE OR REPLACE VIEW dyad_week AS
    WITH pairs AS (
        SELECT unnest(CASE WHEN len(source_codes) = 0 THEN [NULL::VARCHAR]
                           ELSE source_codes END) AS source,
               target_codes, date_earliest, fatalities_min
        FROM events
    ), dyads AS (
        SELECT source,
               unnest(CASE WHEN len(target_codes) = 0 THEN [NULL::VARCHAR]
                           ELSE target_codes END) AS target,
               date_earliest, fatalities_min
        FROM pairs
    )
    SELECT source, target, strftime(date_earliest, '%G-W%V') AS iso_week,
           date_trunc('week', date_earliest)::DATE AS week_start,
           count(*) AS events, coalesce(sum(fatalities_min), 0) AS fatalities_min
    FROM dyads
    GROUP BY ALL
    """,
)


def _v1(connection: duckdb.DuckDBPyConnection) -> None:
    for statement in (*_V1_TABLES, *_V1_VIEWS):
        connection.execute(statement)


_V2_TABLES = (
    """
    CREATE TABLE incidents (
        -- No keys or indexes on the incidents tables: they are rewritten whole after each
        -- batch, and DuckDB's index upkeep would cost most of the time (ids are unique by
        -- construction: each derives from one member event).
        id VARCHAR NOT NULL,               -- 'inc-' + a hash of its first report's (doc_id, seq)
        type VARCHAR NOT NULL,
        mode VARCHAR,
        source_codes VARCHAR[] NOT NULL,
        target_codes VARCHAR[] NOT NULL,
        date_earliest DATE NOT NULL,       -- the intersection of its reports' intervals
        date_latest DATE NOT NULL,
        place VARCHAR,
        country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        place_precision VARCHAR,
        n_reports INTEGER NOT NULL,        -- events linked
        n_articles INTEGER NOT NULL,       -- documents they come from
        n_sources INTEGER NOT NULL,        -- distinct news sources (documents.source)
        first_reported DATE,               -- the earliest publication date among them
        fatalities_min INTEGER,            -- the lowest figure reported (ACLED's rule)
        fatalities_max INTEGER,            -- that figure's upper bound (NULL: open)
        fatalities_low INTEGER,            -- the range of figures reported
        fatalities_high INTEGER
    )
    """,
    """
    CREATE TABLE incident_events (
        incident_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE incidents_built (         -- one row: what the incidents were built from
        documents BIGINT NOT NULL,
        events BIGINT NOT NULL,
        params VARCHAR NOT NULL,           -- eventcoder.store.incidents.LinkParams.fingerprint()
        built_at TIMESTAMP NOT NULL,
        seconds DOUBLE NOT NULL
    )
    """,
)

_V2_VIEWS = (
    """
    CREATE OR REPLACE VIEW incident_reports AS
    SELECT ie.incident_id, e.*, d.published, d.source AS news_source, d.url, d.title
    FROM incident_events ie
    JOIN events e ON e.doc_id = ie.doc_id AND e.seq = ie.seq
    JOIN documents d ON d.id = e.doc_id
    """,
)


def _v2(connection: duckdb.DuckDBPyConnection) -> None:
    # Empty tables: Store builds the incidents once the migrations are done (incidents_built
    # has no row, so they are stale), with the linking code of the running eventcoder.
    for statement in (*_V2_TABLES, *_V1_VIEWS, *_V2_VIEWS):
        connection.execute(statement)


_V3_TABLES = (
    """
    CREATE TABLE document_texts (
        -- The coded text, which evidence offsets index: a reviewer adds a missed event by its
        -- span in it, and exported gold files carry it. No key (like the incidents tables):
        -- documents.id is the key, and an index would slow every batch write.
        doc_id VARCHAR NOT NULL,
        text VARCHAR NOT NULL
    )
    """,
    "CREATE SEQUENCE correction_ids START 1",
    """
    CREATE TABLE corrections (
        -- The audit trail: appended to, never updated. The coder's events rows are never
        -- changed; corrected_events is computed from them and this table.
        id BIGINT PRIMARY KEY DEFAULT nextval('correction_ids'),
        event_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,              -- the event's (doc_id, seq); an added event's is new
        kind VARCHAR NOT NULL,             -- reject, restore, correct, add
        reviewer VARCHAR NOT NULL,
        made_at TIMESTAMP NOT NULL,        -- UTC
        changes JSON NOT NULL,             -- {field: new value}
        original JSON NOT NULL,            -- {field: its value before this correction}
        note VARCHAR
    )
    """,
    """
    CREATE TABLE corrected_events (
        -- One row per event with a correction (or added by a reviewer): the events columns
        -- after every correction in order (the latest per field wins), derived from events
        -- and corrections whenever a correction is recorded.
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        id VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        source_codes VARCHAR[] NOT NULL,
        target_codes VARCHAR[] NOT NULL,
        date_earliest DATE NOT NULL,
        date_latest DATE NOT NULL,
        date_precision VARCHAR,
        place VARCHAR,
        country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        fatalities_min INTEGER,
        fatalities_max INTEGER,
        claimed_by VARCHAR[] NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        evidence_text VARCHAR NOT NULL,
        record JSON NOT NULL,              -- the corrected record, with corrected/corrections
        rejected BOOLEAN NOT NULL,
        corrections INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)
    )
    """,
)

_V3_VIEWS = (
    """
    CREATE OR REPLACE VIEW reviewed_events AS
    -- What query and export read once anything was reviewed: the coder's events as coded
    -- where nobody corrected them, as corrected where someone did, rejected ones left out,
    -- reviewers' added events in.
    SELECT e.* FROM events e
    WHERE NOT EXISTS (
        SELECT 1 FROM corrected_events c WHERE c.doc_id = e.doc_id AND c.seq = e.seq
    )
    UNION ALL
    SELECT * EXCLUDE (rejected, corrections) FROM corrected_events WHERE NOT rejected
    """,
)


def _v3(connection: duckdb.DuckDBPyConnection) -> None:
    # Documents stored before keep no text: their events can be corrected, but no event can be
    # added to them, and they are not exported as gold.
    for statement in (*_V3_TABLES, *_V3_VIEWS):
        connection.execute(statement)


def _v4(connection: duckdb.DuckDBPyConnection) -> None:
    # The text index, built here from the evidence already stored: the coder's events, and
    # the reviewers' (an added event's evidence is in corrected_events only).
    connection.execute("SET enable_progress_bar = false")  # a batch prints its own progress
    for statement in text_index.TABLES:
        connection.execute(statement)
    text_index.index_relation(connection, "events")
    text_index.index_relation(connection, "corrected_events")


_V5_VIEWS = (
    """
    CREATE OR REPLACE VIEW incident_reports AS
    -- An incident's reports as reviewed: corrected values, reviewers' added events in (an
    -- analyst's correction relinks the incidents around the event it changes).
    SELECT ie.incident_id, e.*, d.published, d.source AS news_source, d.url, d.title
    FROM incident_events ie
    JOIN reviewed_events e ON e.doc_id = ie.doc_id AND e.seq = ie.seq
    JOIN documents d ON d.id = e.doc_id
    """,
)


def _v5(connection: duckdb.DuckDBPyConnection) -> None:
    for statement in _V5_VIEWS:
        connection.execute(statement)


def _v6(connection: duckdb.DuckDBPyConnection) -> None:
    # The text index's pairs of adjacent words, from the evidence already stored (1 M events:
    # 10.4 M postings beside the words' 8.1 M).
    connection.execute("SET enable_progress_bar = false")
    text_index.index_pairs(connection, "events")
    text_index.index_pairs(connection, "corrected_events")


INCIDENT_REPORTS = (
    "STRUCT(doc_id VARCHAR, seq INTEGER, event_id VARCHAR, published DATE, news_source VARCHAR)[]"
)
"""The type of ``incidents.reports``: each report's event and document, in publication order."""

REPORT_SLICE_ROWS = 50_000
"""The most reports the v7 migration gathers in one statement (as ``LINK_SLICE_ROWS`` bounds a
read of linking): all at once, a million events' took more than a batch's 128MB of DuckDB's
memory (E120), in slices of this many 7.8 s and under it."""


def _v7(connection: duckdb.DuckDBPyConnection) -> None:
    # Each incident keeps its reports in its own row, written when it is linked, so a read of a
    # page of incidents is a read of their rows alone, not a join of every linked event with
    # its document. The incidents already built get theirs here: the linked events as
    # reviewed, with their documents' date and source, each incident's in publication order.
    connection.execute("SET enable_progress_bar = false")
    connection.execute(f"ALTER TABLE incidents ADD COLUMN reports {INCIDENT_REPORTS}")
    row = connection.execute("SELECT count(*) FROM incident_events").fetchone()
    slices = max(1, math.ceil((row[0] if row else 0) / REPORT_SLICE_ROWS))
    for part in range(slices):  # integers of ours in the SQL, never a request's text
        in_slice = f"hash({{}}) % {int(slices)} = {int(part)}"
        connection.execute(
            f"""
            UPDATE incidents SET reports = r.reports FROM (
                SELECT ie.incident_id,
                       list({{'doc_id': e.doc_id, 'seq': e.seq, 'event_id': e.id,
                              'published': d.published, 'news_source': d.source}}
                            ORDER BY d.published, e.doc_id, e.seq) AS reports
                FROM (SELECT * FROM incident_events WHERE {in_slice.format("incident_id")}) ie
                JOIN (SELECT doc_id, seq, id FROM reviewed_events) e
                    ON e.doc_id = ie.doc_id AND e.seq = ie.seq
                JOIN (SELECT id, published, source FROM documents) d ON d.id = e.doc_id
                GROUP BY ie.incident_id
            ) r
            WHERE r.incident_id = incidents.id AND {in_slice.format("incidents.id")}
            """
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, events, errors; views events_v and dyad_week", _v1),
    Migration(2, "incidents, incident_events, incidents_built; view incident_reports", _v2),
    Migration(3, "document_texts, corrections, corrected_events; view reviewed_events", _v3),
    Migration(4, "text index: text_terms, text_postings, built from the stored evidence", _v4),
    Migration(5, "view incident_reports over the reviewed events", _v5),
    Migration(6, "text index: the pairs of adjacent words of the stored evidence", _v6),
    Migration(7, "incidents.reports: each incident's reports in its own row", _v7),
)


# What DuckDB raises when the store's files cannot take a write: a full disk or a file or folder
# made read-only (IOException, or TransactionException when the commit's WAL write fails) and
# every statement after such a failure (FatalException: the database is invalidated).
_WRITE_FAILURES = (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException)


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection, *, path: str) -> Iterator[None]:
    """Run the block as one transaction: committed when it ends, rolled back when it raises.

    A write the store's disk refuses (full, read-only) is E069, and a statement that needs more
    than the connection's memory limit (``Store(memory_limit=...)``) E120: DuckDB then keeps the
    store as it was before the transaction, so what was committed stays and nothing is
    half-written.
    """
    try:
        connection.execute("BEGIN TRANSACTION")
        try:
            yield
            connection.execute("COMMIT")
        except BaseException:
            _rollback(connection)
            raise
    except _WRITE_FAILURES as err:
        raise EventcoderError(ErrorCode.E069, path=path, detail=str(err)) from err
    except duckdb.OutOfMemoryException as err:
        raise out_of_memory(path, err) from err


def checkpoint(connection: duckdb.DuckDBPyConnection, *, path: str) -> None:
    """Write the write-ahead log into the store's file (DuckDB's ``CHECKPOINT``), with the
    errors of :func:`transaction`: E069 when the disk refuses it, E120 out of memory."""
    try:
        connection.execute("CHECKPOINT")
    except duckdb.OutOfMemoryException as err:
        raise out_of_memory(path, err) from err
    except duckdb.FatalException as err:
        # A checkpoint short of memory is fatal to the connection (DuckDB invalidates it) and
        # says so only in its text; the write-ahead log keeps every commit, so a rerun with more
        # memory finds them all (tested). Any other failure is the disk's.
        if any(sign in str(err) for sign in _OUT_OF_MEMORY_SIGNS):
            raise EventcoderError(
                ErrorCode.E120, path=path, detail=str(err).splitlines()[0]
            ) from err
        raise EventcoderError(ErrorCode.E069, path=path, detail=str(err)) from err
    except _WRITE_FAILURES as err:
        raise EventcoderError(ErrorCode.E069, path=path, detail=str(err)) from err


# How DuckDB's out-of-memory errors begin (its buffer manager's), inside a fatal error's text.
_OUT_OF_MEMORY_SIGNS = ("failed to pin block", "could not allocate block", "failed to allocate")


def out_of_memory(path: str, err: duckdb.OutOfMemoryException) -> EventcoderError:
    """E120 for the store at ``path``: DuckDB's reason without the "Possible solutions" it
    appends (threads, insertion order); the message's own, a larger limit, fits a store."""
    return EventcoderError(ErrorCode.E120, path=path, detail=str(err).splitlines()[0])


def _rollback(connection: duckdb.DuckDBPyConnection) -> None:
    # A failed COMMIT has already ended (and undone) its transaction, and an invalidated
    # database refuses every statement: ROLLBACK would then raise an error of its own in
    # place of the one that tells what went wrong.
    with suppress(duckdb.Error):
        connection.execute("ROLLBACK")


def store_version(connection: duckdb.DuckDBPyConnection) -> int:
    """The store's schema version: 0 when it has no ``schema_version`` table."""
    exists = connection.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(
    connection: duckdb.DuckDBPyConnection,
    *,
    path: str,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Bring the store up to the last migration's version; returns the version it started at.

    Idempotent: a store already at the latest version is left as it is. A store newer than the
    last migration raises E061 (this eventcoder cannot know what it holds).
    """
    latest = migrations[-1].version if migrations else 0
    found = store_version(connection)
    if found > latest:
        raise EventcoderError(ErrorCode.E061, path=path, found=found, supported=latest)
    for migration in migrations:
        if migration.version <= found:
            continue
        with transaction(connection, path=path):
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER NOT NULL, description VARCHAR, migrated_at TIMESTAMP NOT NULL)"
            )
            migration.apply(connection)
            connection.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_localtimestamp())",
                [migration.version, migration.description],
            )
    return found
