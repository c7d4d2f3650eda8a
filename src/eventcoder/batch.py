"""Corpus coding: many inputs in, one event store out, resumable and on several processes.

:func:`code_corpus` reads its inputs lazily, in chunks, and never holds the corpus in memory:

* the parent process enumerates the inputs (folders, JSON Lines, CSV, gzip-compressed or not)
  into small tasks, drops those whose document id the store already holds, and sends chunks of
  tasks to the workers;
* each worker builds its own :class:`~eventcoder.coder.Coder` once, reads and decodes its
  documents (so HTML extraction and repair run in parallel too), codes them and sends back the
  document rows and event records;
* the parent alone writes to the store (DuckDB has one writer), one transaction per chunk:
  each document with all its events, or nothing.

A bad document (unreadable, undecodable, empty, no date, a pipeline error) becomes a row in the
store's ``errors`` table and the batch goes on. With ``workers=1`` everything runs in this
process, with the same code.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
import queue
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, Any

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.io.readers import (
    DEFAULT_MAX_CHARS,
    document_from_bytes,
    document_from_record,
    iter_csv_records,
    parse_jsonl_line,
)
from eventcoder.model import Document

FILE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".json"})
"""Files coded when found in a folder (also gzip-compressed: ``.txt.gz`` ...)."""
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_PATH_DATE_RE = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_WORKER_POLL_S = 0.5


# --------------------------------------------------------------------------------------------
# what the parent sends and gets back (all picklable: they cross process boundaries)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How workers turn tasks into documents."""

    published: str | None = None  # the default publication date (YYYY-MM-DD)
    today: date | None = None
    max_chars: int = DEFAULT_MAX_CHARS


@dataclass(frozen=True, slots=True)
class FileTask:
    """One article file (``.txt``, ``.html``, ``.json``; maybe gzip-compressed).

    ``doc_id`` is its path relative to the folder given (or its name, for a file given
    directly) without ``.gz``; a ``.json`` record's own ``id`` wins.
    """

    path: str
    doc_id: str
    input: str


@dataclass(frozen=True, slots=True)
class RecordTask:
    """One JSON Lines record or CSV row, already split into fields."""

    record: dict[str, object]
    line: int
    input: str


Task = FileTask | RecordTask


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

    @property
    def documents_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class BatchSummary(BatchProgress):
    """The end of a run: what :func:`code_corpus` returns."""

    workers: int = 1
    store: str = ""
    incidents: int = 0  # in the whole store after the run
    incident_seconds: float = 0.0  # spent linking them (0 when they were already current)


@dataclass(slots=True)
class _Tally:
    started: float = field(default_factory=time.perf_counter)
    documents: int = 0
    events: int = 0
    skipped: int = 0
    errors: int = 0

    def progress(self) -> BatchProgress:
        return BatchProgress(self.documents, self.events, self.skipped, self.errors, self.seconds())

    def seconds(self) -> float:
        return time.perf_counter() - self.started


# --------------------------------------------------------------------------------------------
# the library entry point


def code_corpus(
    inputs: Sequence[str | os.PathLike[str]],
    store_path: str | os.PathLike[str],
    *,
    workers: int = 1,
    published: str | None = None,
    chunk_size: int = 32,
    today: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    progress: Callable[[BatchProgress], None] | None = None,
) -> BatchSummary:
    """Code every document of ``inputs`` into the event store at ``store_path``.

    ``inputs``: folders (searched recursively for ``.txt``, ``.html``, ``.json``), JSON Lines
    (``.jsonl``/``.ndjson``) and CSV files, single article files; any of them may be
    ``.gz``-compressed. ``published`` is the publication date of documents that carry none
    (a ``YYYY-MM-DD`` in a file's path comes first). Documents already stored (by id; a record
    without an id gets a hash of its text) are skipped, so a re-run, or a run after a crash,
    codes only what is missing. ``workers`` processes code in parallel; ``chunk_size``
    documents go to a worker at a time and ``progress`` is called after each chunk is stored.

    Then the store's incidents are brought up to date with all its events
    (:meth:`eventcoder.store.Store.refresh_incidents`).

    Raises E021/E022 for an input that does not exist or is of an unknown kind (before coding
    anything), E060/E061 when the store cannot be opened; bad documents do not raise.
    """
    from eventcoder.store import Store

    if workers < 1:
        raise ValueError("workers must be at least 1")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    paths = [Path(p) for p in inputs]
    for path in paths:
        _check_input(path)
    options = ReadOptions(published=published, today=today, max_chars=max_chars)
    tally = _Tally()
    with Store(store_path) as store:

        def write(results: Iterable[Result]) -> None:
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
            if progress is not None:
                progress(tally.progress())

        def chunks() -> Iterator[list[Task]]:
            items = _iter_tasks(paths)
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

        if workers == 1:
            from eventcoder.coder import Coder

            coder = Coder()
            for chunk in chunks():
                write(code_chunk(coder, chunk, options))
        else:
            _run_workers(chunks(), write, workers, options)
        done = tally.progress()  # coding only: linking is timed on its own
        # After every run, a resumed or an idle one too: a run killed before this point left
        # the incidents stale, and this brings them up to the stored events.
        built = store.refresh_incidents()
    return BatchSummary(
        documents=done.documents,
        events=done.events,
        skipped=done.skipped,
        errors=done.errors,
        seconds=done.seconds,
        workers=workers,
        store=str(store_path),
        incidents=built.incidents,
        incident_seconds=built.seconds,
    )


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
    if suffix not in FILE_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES:
        known = ", ".join(sorted(FILE_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES))
        raise EventcoderError(
            ErrorCode.E022, path=str(path), detail=f"expected a folder or one of {known} (or .gz)"
        )


def _iter_tasks(paths: Iterable[Path]) -> Iterator[Task | Failed]:
    for path in paths:
        if path.is_dir():
            yield from _folder_tasks(path)
            continue
        suffix, compressed = _base_suffix(path)
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_tasks(path, compressed)
        elif suffix in CSV_SUFFIXES:
            yield from _csv_tasks(path, compressed)
        else:
            yield FileTask(path=str(path), doc_id=_strip_gz(path.name), input=str(path))


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


def _open_binary(path: Path, compressed: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if compressed else path.open("rb")


def _open_text(path: Path, compressed: bool, *, newline: str | None = None) -> IO[str]:
    if compressed:
        return gzip.open(path, "rt", encoding="utf-8-sig", newline=newline)
    return path.open(encoding="utf-8-sig", newline=newline)


def _read_failure(path: Path, err: Exception) -> Failed:
    detail = getattr(err, "strerror", None) or str(err) or type(err).__name__
    return Failed.from_error(
        EventcoderError(ErrorCode.E021, path=str(path), detail=detail), str(path)
    )


def _jsonl_tasks(path: Path, compressed: bool) -> Iterator[Task | Failed]:
    try:
        with _open_binary(path, compressed) as handle:
            for number, line in enumerate(handle, start=1):
                try:
                    record = parse_jsonl_line(line, number)
                except EventcoderError as err:
                    yield Failed.from_error(err, str(path), line=number)
                    continue
                if record is not None:
                    yield RecordTask(record=record, line=number, input=str(path))
    except (OSError, EOFError) as err:  # unreadable, or a corrupt or truncated .gz
        yield _read_failure(path, err)


def _csv_tasks(path: Path, compressed: bool) -> Iterator[Task | Failed]:
    try:
        with _open_text(path, compressed, newline="") as handle:
            for number, record in iter_csv_records(handle):
                yield RecordTask(record=record, line=number, input=str(path))
    except (OSError, EOFError, UnicodeDecodeError) as err:
        yield _read_failure(path, err)


def _declared_id(task: Task) -> str | None:
    """The document id known before reading the document (None: only its text will tell)."""
    if isinstance(task, RecordTask):
        value = task.record.get("id")
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return None
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
    path = Path(task.path)
    suffix, compressed = _base_suffix(path)
    try:
        data = path.read_bytes()
        if compressed:
            data = gzip.decompress(data)
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


def code_chunk(coder: Any, tasks: Sequence[Task], options: ReadOptions) -> list[Result]:
    """Read and code a chunk of tasks with ``coder``; every task gives one result.

    The chunk goes through the pipeline as one stream (spaCy batches it). Should a stage fail
    on some document, the rest of the chunk is coded one document at a time, so only that
    document becomes an error (E062).
    """
    from eventcoder.io.serialize import event_to_record

    results: list[Result] = []
    documents: list[tuple[Document, str]] = []
    for task in tasks:
        try:
            documents.append((read_task(task, options), task.input))
        except EventcoderError as err:
            doc_id, line = _task_ref(task)
            results.append(Failed.from_error(err, task.input, doc_id=doc_id, line=line))
    coded: list[Result] = []
    try:
        for annotated in coder.annotate([d for d, _ in documents], batch_size=len(tasks)):
            document, input = documents[len(coded)]
            coded.append(_coded(document, input, annotated.events, event_to_record))
    except Exception:
        # Exception, not EventcoderError: a bug in a stage must cost one document, not the run.
        for document, input in documents[len(coded) :]:
            try:
                events = coder.code_document(document)
            except Exception as err:
                error = EventcoderError(
                    ErrorCode.E062, doc_id=document.id, detail=f"{type(err).__name__}: {err}"
                )
                coded.append(Failed.from_error(error, input, doc_id=document.id))
            else:
                coded.append(_coded(document, input, events, event_to_record))
    return results + coded


def _coded(document: Document, input: str, events: Sequence[Any], serialize: Any) -> Coded:
    from eventcoder.store import DocumentRow

    row = DocumentRow(
        id=document.id,
        content_hash=hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        published=document.published,
        title=document.title,
        url=document.url,
        source=document.source,
        input=input,
        metadata=document.metadata,
    )
    return Coded(document=row, records=[serialize(e) for e in events])


# --------------------------------------------------------------------------------------------
# processes


def _worker_main(tasks: Any, results: Any, options: ReadOptions) -> None:
    """A worker: build a Coder once, then code chunks until the parent sends None."""
    from eventcoder.coder import Coder

    try:
        coder = Coder()
    except BaseException as err:  # the parent reports it; a traceback here would be lost
        results.put(("fatal", f"{type(err).__name__}: {err}"))
        return
    while (chunk := tasks.get()) is not None:
        results.put(("ok", code_chunk(coder, chunk, options)))


def _run_workers(
    chunks: Iterator[list[Task]],
    write: Callable[[Iterable[Result]], None],
    workers: int,
    options: ReadOptions,
) -> None:
    # spawn, not fork: the parent holds an open DuckDB connection and its threads.
    context = multiprocessing.get_context("spawn")
    task_queue = context.Queue()
    result_queue = context.Queue()
    processes: list[BaseProcess] = [
        context.Process(target=_worker_main, args=(task_queue, result_queue, options), daemon=True)
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    in_flight = 0
    limit = 2 * workers  # chunks queued or being coded: enough to keep every worker busy

    def collect() -> None:
        nonlocal in_flight
        while True:
            try:
                kind, payload = result_queue.get(timeout=_WORKER_POLL_S)
                break
            except queue.Empty:
                dead = [p for p in processes if not p.is_alive()]
                if dead:
                    raise EventcoderError(
                        ErrorCode.E063, detail=f"exit code {dead[0].exitcode}"
                    ) from None
        if kind == "fatal":
            raise EventcoderError(ErrorCode.E063, detail=payload)
        in_flight -= 1
        write(payload)

    try:
        for chunk in chunks:
            while in_flight >= limit:
                collect()
            task_queue.put(chunk)
            in_flight += 1
        while in_flight:
            collect()
        for _ in processes:
            task_queue.put(None)
        for process in processes:
            process.join(timeout=10)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
        task_queue.close()
        result_queue.close()
