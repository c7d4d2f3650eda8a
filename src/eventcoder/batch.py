"""Corpus coding: many inputs in, one event store out, resumable and on several processes.

:func:`code_corpus` reads its inputs lazily, in chunks, and never holds the corpus in memory:

* the parent process (the driver) enumerates the inputs (folders, JSON Lines, CSV, WARC,
  gzip-compressed or not) into small tasks, drops those whose document id the store already
  holds, and sends chunks of tasks to the workers, never more than a few per worker at a time
  (so memory stays flat however large the corpus);
* each worker builds its own :class:`~eventcoder.coder.Coder` once, reads and decodes its
  documents (so HTML extraction and repair run in parallel too), codes them and sends back the
  document rows and event records;
* the driver alone writes to the store (DuckDB has one writer), one transaction per chunk:
  each document with all its events, or nothing.

Workers are local processes (``engine="processes"``) or Ray actors (``engine="ray"``, on a
local Ray or a cluster, see :mod:`eventcoder.ray_engine`); only where chunks are coded
changes, so resuming, idempotence and the errors table behave the same with either.

A bad document (unreadable, undecodable, empty, no date, a pipeline error, longer than
``timeout`` seconds to code) becomes a row in the store's ``errors`` table and the batch goes
on. With ``workers=1`` and the process engine everything runs in this process, with the same
code.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import queue
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from itertools import islice
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, Protocol

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.io.readers import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    LineError,
    document_from_bytes,
    document_from_record,
    gunzip_bounded,
    iter_bounded_lines,
    iter_csv_records,
    open_input,
    parse_jsonl_line,
    read_bounded,
    too_large,
)
from eventcoder.model import Document
from eventcoder.pipeline import COMPONENTS, DEFAULT_PIPELINE, ComponentSpec

if TYPE_CHECKING:
    from eventcoder.coder import Coder

FILE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json"})
"""Files coded when found in a folder (also gzip-compressed: ``.txt.gz`` ...)."""
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
WARC_SUFFIXES = frozenset({".warc", ".arc"})
INPUT_SUFFIXES = FILE_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | WARC_SUFFIXES
# Web archive payloads coded as pages, and (conversion records of WET files) as plain text.
_WARC_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_WARC_TEXT_TYPES = frozenset({"text/plain"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_PATH_DATE_RE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_WORKER_POLL_S = 0.5
DEFAULT_TIMEOUT_S = 60.0
"""Seconds one document may take to code (a news article takes well under one)."""
STORE_WAIT_S = 30.0
"""How long a batch waits for another process (a server's request) to let go of the store."""
DEFAULT_MEMORY_LIMIT = "128MB"
"""DuckDB's memory for the batch's connection to the store. At DuckDB's own default (80 % of the
machine's memory, ``--memory-limit 80%``) its cache of the store's blocks grows with the store,
~19 MiB per 10,000 documents, for as long as a batch runs; capped, DuckDB evicts blocks and
spills. The batch only writes chunks and links incidents, and both fit a fixed cap however
large the store: the linking reads each type group in slices
(:data:`eventcoder.store.store.LINK_SLICE_ROWS`) after a checkpoint. A 100,000-document batch
stored and linked everything under it (exit status 0, twice); under rel6's 128MB default,
before the slices, such a batch stored everything and then ended in E120 (bench/README.md,
"Memory of a long batch")."""
RECONNECT_EVERY_DOCUMENTS = 10_000
"""Documents the batch stores on one connection to the store before it closes that connection
and opens another (:meth:`eventcoder.store.Store.reconnect`), between two chunks. DuckDB holds
native memory for the life of a writing connection that its memory limit does not cap, ~6 MiB
per 10,000 documents, and gives it back at the close; reopened every 10,000 documents, the
store's writes stayed at 181-185 MiB where one connection reached 263 MiB at 60,000
(bench/README.md, "What the driver's growth is"). A reconnection checkpoints the store first,
about what DuckDB does anyway each time its write-ahead log reaches 16 MiB."""
COUNT_BYTES_LIMIT = 2 * 1024**3
"""Inputs larger than this (on disk, in all) are not pre-counted: progress then has no ETA."""


class Engine(StrEnum):
    """Where chunks are coded: local worker processes, or Ray actors (local Ray or a cluster)."""

    PROCESSES = "processes"
    RAY = "ray"


# --------------------------------------------------------------------------------------------
# what the parent sends and gets back (all picklable: they cross process boundaries)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How workers turn tasks into documents."""

    published: str | None = None  # the default publication date (YYYY-MM-DD)
    today: date | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True, slots=True)
class CodingOptions:
    """Everything a worker needs besides its tasks: how to read them, which pipeline to build,
    and how long one document may take (``None``: no limit)."""

    read: ReadOptions = ReadOptions()
    components: tuple[str, ...] = DEFAULT_PIPELINE
    # Components registered beside the built-in ones (e.g. a swapped-in stage); their specs
    # name factories by import path, so they cross process boundaries as plain data.
    extra_components: tuple[ComponentSpec, ...] = ()
    timeout: float | None = DEFAULT_TIMEOUT_S

    def build_coder(self) -> Coder:
        """The worker's Coder, built once per worker: this loads the model and lexicons."""
        from eventcoder.coder import Coder

        registry = {**COMPONENTS, **{spec.name: spec for spec in self.extra_components}}
        return Coder(self.components, registry)


@dataclass(frozen=True, slots=True)
class FileTask:
    """One article file (``.txt``, ``.html``, ``.json``; maybe gzip-compressed).

    ``doc_id`` is its path relative to the folder given (or its name, for a file given
    directly) without ``.gz``; a ``.json`` record's own ``id`` wins. ``content`` is the file's
    bytes when the driver read them for a worker that may not see its file system (Ray).
    """

    path: str
    doc_id: str
    input: str
    content: bytes | None = None

    def with_content(self, max_bytes: int = DEFAULT_MAX_BYTES) -> FileTask:
        """This task carrying its file's bytes (as it is, if the file cannot be read here or
        holds more than ``max_bytes``: the worker then reports the error, or reads it from a
        shared file system)."""
        if self.content is not None:
            return self
        try:
            with Path(self.path).open("rb") as handle:
                return replace(self, content=read_bounded(handle, max_bytes, self.path))
        except (OSError, EventcoderError):
            return self


@dataclass(frozen=True, slots=True)
class RecordTask:
    """One JSON Lines record or CSV row, already split into fields."""

    record: dict[str, object]
    line: int
    input: str


@dataclass(frozen=True, slots=True)
class WarcTask:
    """One page of a web archive: a WARC ``response`` record with an HTML payload (HTTP 2xx),
    or a ``resource``/``conversion`` record of HTML or plain text (ARC records are read as
    WARC). ``doc_id`` is its WARC-Record-ID, ``url`` its WARC-Target-URI, ``crawled`` its
    WARC-Date: the publication date when the page states none."""

    payload: bytes
    doc_id: str
    url: str | None
    crawled: str | None
    html: bool
    input: str


Task = FileTask | RecordTask | WarcTask


@dataclass(frozen=True, slots=True)
class Coded:
    """A coded document: what the store keeps of it and its event records."""

    document: Any  # eventcoder.store.DocumentRow (imported lazily: workers need no DuckDB)
    records: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Failed:
    """A document that could not be coded (an exception does not always pickle; this does)."""

    input: str
    code: str
    message: str
    doc_id: str | None = None
    line: int | None = None

    @classmethod
    def from_error(
        cls,
        error: EventcoderError,
        input: str,
        *,
        doc_id: str | None = None,
        line: int | None = None,
    ) -> Failed:
        message = str(error.to_dict()["error"]["message"])  # type: ignore[index]
        return cls(input=input, code=error.code.name, message=message, doc_id=doc_id, line=line)


Result = Coded | Failed


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Counts so far, passed to the ``progress`` callback after each chunk is stored."""

    documents: int  # coded and stored in this run
    events: int
    skipped: int  # already in the store
    errors: int
    seconds: float
    total: int | None = None  # documents in the inputs, when they could be counted up front

    @property
    def documents_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0

    @property
    def done(self) -> int:
        """Inputs dealt with: coded, skipped as already stored, or recorded as errors."""
        return self.documents + self.skipped + self.errors

    @property
    def fraction(self) -> float | None:
        """Share of the inputs dealt with (None: the total is unknown)."""
        if not self.total:
            return None
        return min(1.0, self.done / self.total)

    @property
    def eta_s(self) -> float | None:
        """Seconds left at this run's pace (None: no total, or nothing coded yet to time)."""
        if not self.total or self.seconds <= 0:
            return None
        # Skipped inputs cost almost nothing; the pace is that of the coded (and failed) ones.
        worked = self.documents + self.errors
        if worked == 0:
            return None
        return max(0, self.total - self.done) * self.seconds / worked


@dataclass(frozen=True, slots=True)
class BatchSummary(BatchProgress):
    """The end of a run: what :func:`code_corpus` returns."""

    workers: int = 1
    store: str = ""
    incidents: int = 0  # in the whole store after the run
    incident_seconds: float = 0.0  # spent linking them (0 when they were already current)
    engine: str = Engine.PROCESSES.value


@dataclass(slots=True)
class _Tally:
    started: float = field(default_factory=time.perf_counter)
    total: int | None = None
    documents: int = 0
    events: int = 0
    skipped: int = 0
    errors: int = 0

    def progress(self) -> BatchProgress:
        return BatchProgress(
            self.documents, self.events, self.skipped, self.errors, self.seconds(), self.total
        )

    def seconds(self) -> float:
        return time.perf_counter() - self.started


# --------------------------------------------------------------------------------------------
# the library entry point


def code_corpus(
    inputs: Sequence[str | os.PathLike[str]],
    store_path: str | os.PathLike[str],
    *,
    workers: int | None = 1,
    published: str | None = None,
    chunk_size: int = 32,
    today: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[BatchProgress], None] | None = None,
    engine: Engine | str = Engine.PROCESSES,
    ray_address: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT_S,
    components: Sequence[str] = DEFAULT_PIPELINE,
    extra_components: Sequence[ComponentSpec] = (),
    count: bool = True,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    reconnect_every: int | None = RECONNECT_EVERY_DOCUMENTS,
) -> BatchSummary:
    """Code every document of ``inputs`` into the event store at ``store_path``.

    ``inputs``: folders (searched recursively for ``.txt``, ``.html``, ``.json``), JSON Lines
    (``.jsonl``/``.ndjson``), CSV and WARC/ARC files, single article files; any of them may be
    ``.gz``-compressed. ``published`` is the publication date of documents that carry none
    (a ``YYYY-MM-DD`` in a file's path comes first). Documents already stored (by id; a record
    without an id gets a hash of its text) are skipped, so a re-run, or a run after a crash,
    codes only what is missing. ``chunk_size`` documents go to a worker at a time and
    ``progress`` is called after each chunk is stored; with ``count``, the inputs are counted
    first (when cheap) so progress carries a total.

    ``engine``: ``"processes"`` (``workers`` local processes; 1: this process) or ``"ray"``
    (``workers`` Ray actors on a local Ray, or on the cluster at ``ray_address``).
    ``workers=None``: this machine's cores, or the Ray cluster's CPUs. ``timeout``: seconds
    one document may take to code before it is recorded as E080 (None: no limit).
    ``components``/``extra_components``: the pipeline to build in each worker (names, and
    specs registered beside the built-in components).

    Then the store's incidents are brought up to date with all its events
    (:meth:`eventcoder.store.Store.refresh_incidents`). ``memory_limit`` caps DuckDB's memory
    for the store (``DEFAULT_MEMORY_LIMIT``; e.g. ``"512MB"``, or ``"80%"`` for DuckDB's own
    default; see :class:`eventcoder.store.Store`). After every chunk that brings the documents
    stored on the store's connection to ``reconnect_every`` (None: never), the connection is
    closed and opened again (:data:`RECONNECT_EVERY_DOCUMENTS`), so that the driver's memory
    stays flat however long the batch runs; a server that takes the store in between is waited
    for as at the start.

    ``max_chars`` is the longest text coded (E004); ``max_bytes`` the largest input one
    document may come from: a file (decompressed), a JSON Lines line, a CSV field, an archive
    record (E005, without holding it); a gzip-compressed input may expand to
    ``max(max_bytes, 200 × its size)`` (a gzip bomb gets one E005 for that input).

    Raises E021/E022 for an input that does not exist or is of an unknown kind (before coding
    anything), E060/E061/E070 when the store cannot be opened, E069 when its disk refuses a
    write (full, read-only: what was committed stays, a re-run codes the rest), E081 when Ray
    is asked for and not installed; bad documents do not raise.
    """
    from eventcoder.store import Store

    engine = Engine(engine)
    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be positive")
    if reconnect_every is not None and reconnect_every < 1:
        raise ValueError("reconnect_every must be at least 1 (None: never)")
    paths = [Path(p) for p in inputs]
    for path in paths:
        _check_input(path)
    options = CodingOptions(
        read=ReadOptions(
            published=published, today=today, max_chars=max_chars, max_bytes=max_bytes
        ),
        components=tuple(components),
        extra_components=tuple(extra_components),
        timeout=timeout,
    )
    # Built before the store is opened, so a missing Ray fails before anything is written.
    pool = _make_pool(engine, workers, options, ray_address)
    tally = _Tally(total=count_documents(paths, max_bytes=max_bytes) if count else None)
    # A server (eventcoder serve) opens the store for a moment per request: wait for it.
    with Store(store_path, wait=STORE_WAIT_S, memory_limit=memory_limit) as store:
        stored_on_connection = 0

        def write(results: Iterable[Result]) -> None:
            nonlocal stored_on_connection
            coded: list[Coded] = []
            for result in results:
                if isinstance(result, Failed):
                    store.record_error(_error_row(result))
                    tally.errors += 1
                else:
                    coded.append(result)
            # One transaction for the chunk's documents: each is stored whole or not at all.
            written = store.write_documents([(c.document, c.records) for c in coded])
            for result, new in zip(coded, written, strict=True):
                if new:
                    tally.documents += 1
                    tally.events += len(result.records)
                else:  # the same id twice, or a record without id whose text is stored
                    tally.skipped += 1
            stored_on_connection += sum(written)
            # Between two chunks' transactions: every document is stored whole or not yet.
            if reconnect_every is not None and stored_on_connection >= reconnect_every:
                store.reconnect()
                stored_on_connection = 0
            if progress is not None:
                progress(tally.progress())

        def chunks() -> Iterator[list[Task]]:
            items = iter_tasks(paths, max_bytes=max_bytes)
            while batch := list(islice(items, chunk_size)):
                failed = [item for item in batch if isinstance(item, Failed)]
                tasks = [item for item in batch if not isinstance(item, Failed)]
                stored = store.stored_ids(i for t in tasks if (i := _declared_id(t)) is not None)
                todo = [t for t in tasks if _declared_id(t) not in stored]
                tally.skipped += len(tasks) - len(todo)
                if failed or not todo:
                    write(failed)
                if todo:
                    yield todo

        with pool:
            drive(chunks(), write, pool)
        done = tally.progress()  # coding only: linking is timed on its own
        # After every run, a resumed or an idle one too: a run killed before this point left
        # the incidents stale, and this brings them up to the stored events.
        built = store.refresh_incidents()
        if built.rebuilt:  # events were stored since the last link: their postings too
            store.order_text_index()
    return BatchSummary(
        documents=done.documents,
        events=done.events,
        skipped=done.skipped,
        errors=done.errors,
        seconds=done.seconds,
        total=done.total,
        workers=pool.workers,
        store=str(store_path),
        incidents=built.incidents,
        incident_seconds=built.seconds,
        engine=engine.value,
    )


def _make_pool(
    engine: Engine, workers: int | None, options: CodingOptions, ray_address: str | None
) -> WorkerPool:
    if engine is Engine.RAY:
        from eventcoder.ray_engine import RayPool

        return RayPool(workers, options, address=ray_address)
    workers = workers or _local_cores()
    return ProcessPool(workers, options) if workers > 1 else InlinePool(options)


def _local_cores() -> int:
    # The cores this process may run on (a container or taskset may allow fewer than exist).
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _error_row(failed: Failed) -> Any:
    from eventcoder.store import ErrorRow

    return ErrorRow(
        input=failed.input,
        code=failed.code,
        message=failed.message,
        doc_id=failed.doc_id,
        line=failed.line,
    )


# --------------------------------------------------------------------------------------------
# inputs → tasks (parent process)


def _base_suffix(path: Path) -> tuple[str, bool]:
    """The suffix that says what a file holds, and whether it is gzip-compressed."""
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    return (suffixes[-1] if suffixes else ""), compressed


def _strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def _check_input(path: Path) -> None:
    if not path.exists():
        raise EventcoderError(ErrorCode.E021, path=str(path), detail="no such file or folder")
    if path.is_dir():
        return
    suffix, _ = _base_suffix(path)
    if suffix not in INPUT_SUFFIXES:
        known = ", ".join(sorted(INPUT_SUFFIXES))
        raise EventcoderError(
            ErrorCode.E022, path=str(path), detail=f"expected a folder or one of {known} (or .gz)"
        )


def iter_tasks(
    paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Task | Failed]:
    """The tasks ``paths`` hold, in a stable order, with a :class:`Failed` for what cannot be
    split into tasks (a bad JSON line, an unreadable file, an input over ``max_bytes``);
    nothing is decoded yet."""
    for path in paths:
        if path.is_dir():
            yield from _folder_tasks(path)
            continue
        suffix, compressed = _base_suffix(path)
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_tasks(path, compressed, max_bytes)
        elif suffix in CSV_SUFFIXES:
            yield from _csv_tasks(path, compressed, max_bytes)
        elif suffix in WARC_SUFFIXES:
            yield from _warc_tasks(path, max_bytes)
        else:
            yield FileTask(path=str(path), doc_id=_strip_gz(path.name), input=str(path))


def count_documents(paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> int | None:
    """How many documents ``paths`` hold, counted without decoding or coding any.

    Folders: their article files; JSON Lines: their lines; CSV: their rows. ``None`` (no
    total, so no ETA) when an input cannot be counted so (a WARC archive, whose records must
    be read to know which are pages), when the files to read come to more than
    :data:`COUNT_BYTES_LIMIT` (counting would delay the start too long), or when one cannot be
    read (the coding pass then reports it).
    """
    files: list[tuple[Path, str, bool]] = []
    folder_files = 0
    for path in paths:
        if path.is_dir():
            folder_files += sum(1 for _ in _folder_tasks(path))
            continue
        suffix, compressed = _base_suffix(path)
        if suffix in FILE_SUFFIXES:
            folder_files += 1
        elif suffix in JSONL_SUFFIXES | CSV_SUFFIXES:
            files.append((path, suffix, compressed))
        else:
            return None
    try:
        if sum(path.stat().st_size for path, _, _ in files) > COUNT_BYTES_LIMIT:
            return None
        return folder_files + sum(_count_records(*file, max_bytes) for file in files)
    except (OSError, EOFError, UnicodeDecodeError, csv.Error, EventcoderError):
        return None  # the coding pass reports what is wrong with the input


def _count_records(path: Path, suffix: str, compressed: bool, max_bytes: int) -> int:
    if suffix in CSV_SUFFIXES:  # rows, not lines: a quoted cell may hold newlines
        with _open_text(path, compressed, max_bytes, newline="") as handle:
            previous = csv.field_size_limit(max(max_bytes, csv.field_size_limit()))
            try:
                return max(0, sum(1 for _ in csv.reader(handle)) - 1)
            finally:
                csv.field_size_limit(previous)
    lines = 0
    last = b"\n"
    with open_input(path, compressed, max_bytes=max_bytes) as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")  # a last line without its newline


def _folder_tasks(folder: Path) -> Iterator[Task]:
    # Sorted walk: the same folder always gives the same order (and the same progress).
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if name.startswith(".") or _base_suffix(path)[0] not in FILE_SUFFIXES:
                continue
            relative = _strip_gz(path.relative_to(folder).as_posix())
            yield FileTask(path=str(path), doc_id=relative, input=str(path))


def _open_text(
    path: Path, compressed: bool, max_bytes: int, *, newline: str | None = None
) -> IO[str]:
    binary = open_input(path, compressed, max_bytes=max_bytes)
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline=newline)


def _read_failure(path: Path, err: Exception) -> Failed:
    detail = getattr(err, "strerror", None) or str(err) or type(err).__name__
    return Failed.from_error(
        EventcoderError(ErrorCode.E021, path=str(path), detail=detail), str(path)
    )


def _jsonl_tasks(path: Path, compressed: bool, max_bytes: int) -> Iterator[Task | Failed]:
    try:
        with open_input(path, compressed, max_bytes=max_bytes) as handle:
            for number, line in enumerate(iter_bounded_lines(handle, max_bytes), start=1):
                if line is None:  # skipped, never held in memory
                    error = too_large(f"Line {number}", max_bytes)
                    yield Failed.from_error(error, str(path), line=number)
                    continue
                try:
                    record = parse_jsonl_line(line, number)
                except EventcoderError as err:
                    yield Failed.from_error(err, str(path), line=number)
                    continue
                if record is not None:
                    yield RecordTask(record=record, line=number, input=str(path))
    except (OSError, EOFError) as err:  # unreadable, or a corrupt or truncated .gz
        yield _read_failure(path, err)
    except EventcoderError as err:  # a gzip bomb: the lines before it are coded
        yield Failed.from_error(err, str(path))


def _csv_tasks(path: Path, compressed: bool, max_bytes: int) -> Iterator[Task | Failed]:
    try:
        with _open_text(path, compressed, max_bytes, newline="") as handle:
            for item in iter_csv_records(handle, max_bytes=max_bytes):
                if isinstance(item, LineError):
                    yield Failed.from_error(item.error, str(path), line=item.line)
                    continue
                number, record = item
                yield RecordTask(record=record, line=number, input=str(path))
    except (OSError, EOFError, UnicodeDecodeError) as err:
        yield _read_failure(path, err)
    except EventcoderError as err:  # a gzip bomb: the rows before it are coded
        yield Failed.from_error(err, str(path))


def _warc_tasks(path: Path, max_bytes: int) -> Iterator[Task | Failed]:
    # warcio reads gzip-compressed archives (one member per record) by itself.
    from warcio.archiveiterator import ArchiveIterator

    try:
        with path.open("rb") as handle:
            records = ArchiveIterator(handle, arc2warc=True)
            for record in records:
                if record.rec_type is None or record.length is None:
                    # warcio's stand-in for a header block it could not read whole (every
                    # record states its type and Content-Length): the archive stops there.
                    yield _damaged_archive(path, records.get_record_offset())
                    return
                task = _warc_task(record, str(path), max_bytes)
                missing = _unread_bytes(record)
                if missing:  # the archive ends inside this record: it is not coded half
                    yield _truncated_record(record, str(path), missing, task)
                    return
                if task is not None:
                    yield task
            # warcio ends quietly when the archive stops inside a record's header block: the
            # bytes after the last whole record tell.
            if records.offset < path.stat().st_size:
                yield _damaged_archive(path, records.offset)
    except Exception as err:
        # Exception: on a damaged archive warcio raises what its parsers raise (OSError,
        # EOFError, ArchiveLoadFailed, ValueError, AttributeError on a cut-off header block).
        # The archive cannot be read past the damage: the records before it are coded.
        yield _read_failure(path, err)


def _damaged_archive(path: Path, offset: int) -> Failed:
    detail = f"the archive is cut off or damaged inside the record at byte {offset:,}"
    error = EventcoderError(ErrorCode.E021, path=str(path), detail=detail)
    return Failed.from_error(error, str(path))


def _unread_bytes(record: Any) -> int:
    """How many bytes of ``record`` its header promised and the archive does not hold (the
    rest of the record is read, a block at a time, as the iterator would read it)."""
    stream = record.raw_stream
    while stream.read(1 << 20):
        pass
    return max(0, int(getattr(stream, "limit", 0)))


def _truncated_record(
    record: Any, input: str, missing: int, task: WarcTask | Failed | None
) -> Failed:
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") or None
    length = record.rec_headers.get_header("Content-Length")
    error = EventcoderError(
        ErrorCode.E021,
        path=input,
        detail=f"record {record_id or '?'} is cut off: the archive ends {missing:,} bytes short "
        f"of its Content-Length {length}",
    )
    # The record's id names the document only when it is a page (else it is no document).
    doc_id = record_id if isinstance(task, (WarcTask, Failed)) else None
    return Failed.from_error(error, input, doc_id=doc_id)


def _warc_task(record: Any, input: str, max_bytes: int) -> WarcTask | Failed | None:
    """The task for one archive record, or None for a record that holds no page (request and
    metadata records, images, scripts, redirects, errors)."""
    headers = record.rec_headers
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return None
        content_type = http.get_header("Content-Type")
    elif record.rec_type in {"resource", "conversion"}:
        content_type = headers.get_header("Content-Type")
    else:
        return None
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in _WARC_HTML_TYPES | _WARC_TEXT_TYPES:
        return None
    record_id = (headers.get_header("WARC-Record-ID") or "").strip("<>")
    url = headers.get_header("WARC-Target-URI")
    doc_id = record_id or url
    if not doc_id:
        return None
    try:
        # The payload without its transfer and content encodings (chunked, gzip).
        payload = read_bounded(record.content_stream(), max_bytes, f"{input} record {doc_id}")
    except EventcoderError as err:
        return Failed.from_error(err, input, doc_id=doc_id)
    except Exception as err:  # warcio raises what its decoders raise (zlib, ValueError, ...)
        error = EventcoderError(ErrorCode.E021, path=input, detail=f"record {doc_id}: {err}")
        return Failed.from_error(error, input, doc_id=doc_id)
    return WarcTask(
        payload=payload,
        doc_id=doc_id,
        url=url,
        crawled=headers.get_header("WARC-Date"),
        html=media_type in _WARC_HTML_TYPES,
        input=input,
    )


def _declared_id(task: Task) -> str | None:
    """The document id known before reading the document (None: only its text will tell)."""
    if isinstance(task, RecordTask):
        value = task.record.get("id")
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return None
    if isinstance(task, WarcTask):
        return task.doc_id
    return None if _base_suffix(Path(task.path))[0] == ".json" else task.doc_id


# --------------------------------------------------------------------------------------------
# tasks → results (worker side; with workers=1, this process)


def read_task(task: Task, options: ReadOptions) -> Document:
    """The document a task names, decoded and validated; raises EventcoderError."""
    if isinstance(task, RecordTask):
        return document_from_record(
            task.record,
            task.line,
            published=options.published,
            today=options.today,
            max_chars=options.max_chars,
        )
    if isinstance(task, WarcTask):
        document = document_from_bytes(
            task.payload,
            doc_id=task.doc_id,
            source=f"{task.input} record {task.doc_id}",
            html=task.html,
            # The page's own date first, then the crawl's, then the batch default.
            default_published=task.crawled or options.published,
            today=options.today,
            max_chars=options.max_chars,
        )
        return replace(document, url=task.url)
    path = Path(task.path)
    suffix, compressed = _base_suffix(path)
    limit = options.max_bytes
    try:
        if task.content is not None:
            data = task.content
        else:
            with path.open("rb") as handle:
                data = read_bounded(handle, limit, task.path)
        if compressed:
            data = gunzip_bounded(data, limit, f"{task.path} (decompressed)")
    except (OSError, EOFError) as err:
        detail = getattr(err, "strerror", None) or str(err) or type(err).__name__
        raise EventcoderError(ErrorCode.E021, path=task.path, detail=detail) from err
    if suffix == ".json":
        record = _json_file_record(data, task.path)
        record.setdefault("id", task.doc_id)
        return document_from_record(
            record, 1, published=options.published, today=options.today, max_chars=options.max_chars
        )
    match = _PATH_DATE_RE.search(task.doc_id)
    return document_from_bytes(
        data,
        doc_id=task.doc_id,
        source=task.path,
        html=True if suffix in _HTML_SUFFIXES else None,
        default_published=match.group(0) if match else options.published,
        today=options.today,
        max_chars=options.max_chars,
    )


def _json_file_record(data: bytes, path: str) -> dict[str, object]:
    try:
        record = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise EventcoderError(ErrorCode.E022, path=path, detail=f"not a JSON file ({err})") from err
    if not isinstance(record, dict):
        raise EventcoderError(
            ErrorCode.E022, path=path, detail=f"expected a JSON object, got {type(record).__name__}"
        )
    return record


def _task_ref(task: Task) -> tuple[str | None, int | None]:
    if isinstance(task, RecordTask):
        return _declared_id(task), task.line
    return task.doc_id, None


class DocumentTimeout(BaseException):
    """Raised in a worker when coding overran its time limit.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` inside a stage
    can swallow it and carry on with the stuck document.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this thread once ``seconds`` have passed.

    A SIGALRM timer (POSIX): its handler runs between two Python bytecodes, so it interrupts a
    stage stuck in Python code (a runaway loop, a slow regex over Python objects, a sleep),
    and the worker goes on with its next document rather than hanging the batch. It cannot
    interrupt one long call into C that never returns to Python. Signals only reach the main
    thread, so elsewhere (and on Windows) there is no limit; batch workers and Ray actors run
    their tasks on their main thread.
    """
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def code_chunk(coder: Any, tasks: Sequence[Task], options: CodingOptions) -> list[Result]:
    """Read and code a chunk of tasks with ``coder``; every task gives one result.

    The chunk goes through the pipeline as one stream (spaCy batches it), each step of the
    stream limited to ``options.timeout`` seconds. Should a stage fail, or a step overrun (the
    first step parses the whole chunk, so a slow chunk may overrun without any one document
    being stuck), the rest of the chunk is coded one document at a time, each with its own
    limit: only a document that fails on its own becomes an error (E062), or overruns on its
    own (E080). A stuck document thus costs at most twice the limit. The chunk is coded in
    the coder's memory zone (:meth:`eventcoder.coder.Coder.memory_zone`), when it has one.
    """
    # The spaCy words the chunk brings are freed after it (else the vocabulary grows with every
    # new name and number for the life of the worker); results hold no spaCy objects.
    zone = getattr(coder, "memory_zone", None)
    with zone() if zone is not None else nullcontext():
        return _code_chunk(coder, tasks, options)


def _code_chunk(coder: Any, tasks: Sequence[Task], options: CodingOptions) -> list[Result]:
    from eventcoder.io.serialize import event_to_record

    results: list[Result] = []
    documents: list[tuple[Document, str]] = []
    for task in tasks:
        try:
            documents.append((read_task(task, options.read), task.input))
        except EventcoderError as err:
            doc_id, line = _task_ref(task)
            results.append(Failed.from_error(err, task.input, doc_id=doc_id, line=line))
    coded: list[Result] = []
    stream = coder.annotate([d for d, _ in documents], batch_size=len(tasks))
    try:
        while len(coded) < len(documents):
            with time_limit(options.timeout):
                annotated = next(stream)
            document, input = documents[len(coded)]
            coded.append(_coded(document, input, annotated.events, event_to_record))
    except (Exception, DocumentTimeout):
        # Exception, not EventcoderError: a bug in a stage must cost one document, not the run.
        for document, input in documents[len(coded) :]:
            coded.append(_code_alone(coder, document, input, options.timeout, event_to_record))
    finally:
        stream.close()
    return results + coded


def _code_alone(
    coder: Any, document: Document, input: str, timeout: float | None, serialize: Any
) -> Result:
    try:
        with time_limit(timeout):
            events = coder.code_document(document)
    except DocumentTimeout:
        error = EventcoderError(ErrorCode.E080, doc_id=document.id, seconds=f"{timeout:g}")
        return Failed.from_error(error, input, doc_id=document.id)
    except Exception as err:
        error = EventcoderError(
            ErrorCode.E062, doc_id=document.id, detail=f"{type(err).__name__}: {err}"
        )
        return Failed.from_error(error, input, doc_id=document.id)
    return _coded(document, input, events, serialize)


def _coded(document: Document, input: str, events: Sequence[Any], serialize: Any) -> Coded:
    from eventcoder.store import DocumentRow

    return Coded(document=DocumentRow.of(document, input), records=[serialize(e) for e in events])


# --------------------------------------------------------------------------------------------
# processes


class WorkerPool(Protocol):
    """Where chunks are coded. The driver submits a chunk, then takes finished chunks back."""

    workers: int
    capacity: int  # chunks in flight at most: enough to keep every worker busy, no more

    def __enter__(self) -> WorkerPool: ...

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None: ...

    def submit(self, chunk: list[Task]) -> None: ...

    def next_results(self) -> list[Result]:
        """The results of a chunk submitted earlier (any one), waiting until one is done."""
        ...


def drive(
    chunks: Iterable[list[Task]], write: Callable[[list[Result]], None], pool: WorkerPool
) -> None:
    """Send every chunk to ``pool`` and ``write`` each chunk's results as it comes back.

    Never more than ``pool.capacity`` chunks are out at once, so the driver holds only those
    and memory stays flat however long the corpus is.
    """
    in_flight = 0
    for chunk in chunks:
        if in_flight >= pool.capacity:
            write(pool.next_results())
            in_flight -= 1
        pool.submit(chunk)
        in_flight += 1
    for _ in range(in_flight):
        write(pool.next_results())


class InlinePool:
    """One worker: this process, coding each chunk as it is submitted."""

    workers = 1
    capacity = 1

    def __init__(self, options: CodingOptions) -> None:
        self.options = options
        self._coder: Any = None
        self._done: list[list[Result]] = []

    def __enter__(self) -> InlinePool:
        self._coder = self.options.build_coder()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self._coder = None

    def submit(self, chunk: list[Task]) -> None:
        self._done.append(code_chunk(self._coder, chunk, self.options))

    def next_results(self) -> list[Result]:
        return self._done.pop()


def _worker_main(tasks: Any, results: Any, options: CodingOptions) -> None:
    """A worker: build a Coder once, then code chunks until the parent sends None."""
    try:
        coder = options.build_coder()
    except BaseException as err:  # the parent reports it; a traceback here would be lost
        results.put(("fatal", f"{type(err).__name__}: {err}"))
        return
    while (chunk := tasks.get()) is not None:
        results.put(("ok", code_chunk(coder, chunk, options)))


class ProcessPool:
    """``workers`` local processes, each with its own Coder, fed through two queues."""

    def __init__(self, workers: int, options: CodingOptions) -> None:
        self.workers = workers
        self.capacity = 2 * workers
        # spawn, not fork: the parent holds an open DuckDB connection and its threads.
        context = multiprocessing.get_context("spawn")
        self._tasks = context.Queue()
        self._results = context.Queue()
        self._processes: list[BaseProcess] = [
            context.Process(
                target=_worker_main, args=(self._tasks, self._results, options), daemon=True
            )
            for _ in range(workers)
        ]

    def __enter__(self) -> ProcessPool:
        for process in self._processes:
            process.start()
        return self

    def submit(self, chunk: list[Task]) -> None:
        self._tasks.put(chunk)

    def next_results(self) -> list[Result]:
        while True:
            try:
                kind, payload = self._results.get(timeout=_WORKER_POLL_S)
                break
            except queue.Empty:
                dead = [p for p in self._processes if not p.is_alive()]
                if dead:
                    raise EventcoderError(
                        ErrorCode.E063, detail=f"exit code {dead[0].exitcode}"
                    ) from None
        if kind == "fatal":
            raise EventcoderError(ErrorCode.E063, detail=payload)
        return payload  # type: ignore[no-any-return]

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        try:
            if exc_type is None:  # a clean end: let each worker finish and exit
                for _ in self._processes:
                    self._tasks.put(None)
                for process in self._processes:
                    process.join(timeout=10)
        finally:
            for process in self._processes:
                if process.is_alive():
                    process.terminate()
                    process.join(timeout=5)
            self._tasks.close()
            self._results.close()
