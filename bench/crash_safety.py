"""Crash safety of the event store: eventcoder batch SIGKILLed, on a full disk, read-only.

Killed at random moments, on a full disk and on a read-only store, ``eventcoder batch`` ends,
once run again, with exactly the store an uninterrupted run gives.

    python bench/crash_safety.py --kills 50 --seed 0     # 50 kills, then the disk scenarios
    python bench/crash_safety.py --kills 6 --docs 4 --chunk-size 2 --no-disk --json

**Kills.** The corpus is ``--docs`` generated articles (``corpus.generate``), each also as a
syndicated copy under another id and news source (so incidents link reports of several
documents), and two bad lines (errors that must be recorded once). Each round starts from a
copy of an *older store*: schema version 1, as an eventcoder before the incidents wrote it
(``Store(path, migrations=MIGRATIONS[:1])``, the way ``tests/store`` builds one), already
holding the first quarter of the records. In each round ``eventcoder batch`` (one process,
``--workers 1``, reconnecting to the store every ``--chunk-size`` documents stored, where a
long batch does so every 10,000) is killed once per phase, each time resumed by the next run:

* ``migration``: while the older store is migrated (``schema.migrate``);
* ``reconnect``: while the batch closes the store and opens it again between two chunks
  (``Store.reconnect``: a checkpoint, the close, the open);
* ``coding``: while a chunk is coded (``batch.code_chunk``);
* ``transaction``: inside a chunk's transaction (``Store.write_documents``, its commit included);
* ``linking``: while the incidents are linked (``Store.refresh_incidents``);
* ``checkpoint``: while the store is closed, when DuckDB writes its log into the file
  (``Store.close``);

then a last run resumes it uninterrupted. A kill is aimed through *tripwires*: the batch runs in
a child process (``--child``) that wraps those functions with pass-throughs writing a note on a
pipe when each call begins and ends, with its items (a chunk's tasks or documents); when the
n-th call with items of the phase's function begins (n drawn from the chunks left), this
process sleeps a random share of that call's expected length (its items times the shortest
seconds per item of an uninterrupted run), then SIGKILLs the batch's process group. The last
note tells where it died.
After each kill, a copy of the store is opened the way the next run opens it and checked
(:meth:`Store.integrity_check`); after each round's resume the store is compared with an
uninterrupted run's from the same older store: documents, events, incidents (every column),
incident reports, errors and schema versions, and checked again (DuckDB: ``PRAGMA
database_size``, ``CHECKPOINT``, ``pragma_storage_info``, a read of every value; then the store's
own rules), and opened read-only.

**Full disk.** The same corpus into a fresh store on a disk that fills: ``fsize`` (the child's
``RLIMIT_FSIZE``: every write past the limit fails with EFBIG; needs nothing) and ``tmpfs`` (a
small tmpfs mounted in a user and mount namespace, ``unshare -rm``: ENOSPC), then the same
command again once there is room (the limit lifted, the tmpfs remounted larger).
**Read-only store.** A killed batch's store in a folder mounted read-only, a store file mounted
read-only in a writable folder, and a writable store file in a read-only folder (its
write-ahead log cannot be created), each through a bind mount in such a namespace (root could
write through ``chmod``). Every scenario must fail with one coded error and exit status 1,
leave the store as it was (or with whole documents only), and be completed by the next run with
no document lost or stored twice.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import math
import os
import random
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb

from eventcoder.batch import Coded, CodingOptions, RecordTask, code_chunk, iter_tasks
from eventcoder.errors import EventcoderError
from eventcoder.store import Store, store_version
from eventcoder.store.schema import MIGRATIONS

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

# Each phase and the function whose calls its kill is aimed at: (module, attribute path). The
# batch finds each of them at call time through these names, so wrapping them here reaches it.
TARGETS = (
    ("migration", "eventcoder.store.store", "migrate"),
    ("reconnect", "eventcoder.store.store", "Store.reconnect"),
    ("coding", "eventcoder.batch", "code_chunk"),
    ("transaction", "eventcoder.store.store", "Store.write_documents"),
    ("linking", "eventcoder.store.store", "Store.refresh_incidents"),
    # Closing the store checkpoints it: DuckDB writes the log's changes into the file.
    ("checkpoint", "eventcoder.store.store", "Store.close"),
)
PHASES = tuple(phase for phase, _, _ in TARGETS)
BAD_LINES = ("{not json", json.dumps({"id": "no-date", "text": "Talks were held on Monday."}))
DISK_MIN_BYTES = 64 * 1024
"""The smallest full disk tried: room for a new store (12 KiB) and its migration's log."""


@dataclass(frozen=True, slots=True)
class KillPoint:
    """Kill the batch during the ``nth`` call of ``phase``'s function that has items (the
    length of its list argument: a chunk's tasks, its coded documents; 1 without one), when
    ``share`` of its expected length has passed: ``seconds_per_item`` times its items."""

    phase: str
    nth: int
    share: float
    seconds_per_item: float


@dataclass(frozen=True, slots=True)
class Corpus:
    path: Path
    ids: tuple[str, ...]  # the records with an id, in file order (the bad JSON line has none)


@dataclass(frozen=True, slots=True)
class Run:
    """One ``eventcoder batch`` process: its exit status, standard error and tripwire notes."""

    returncode: int
    stderr: str
    # (monotonic seconds, enter|exit, phase, call number, items)
    notes: tuple[tuple[float, str, str, int, int], ...] = ()

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL

    def landed_in(self) -> str | None:
        """Where a killed run died: the phase whose call was under way after its last note
        (each call notes its start and its end, so the process died between that note and
        the next); "between" when no call was. None: the run was not killed."""
        if not self.killed:
            return None
        open_calls: list[str] = []
        for _, what, phase, _, _ in self.notes:
            if what == "enter":
                open_calls.append(phase)
            else:
                open_calls.remove(phase)
        return open_calls[-1] if open_calls else "between"

    def durations(self) -> dict[str, list[tuple[float, int]]]:
        """Seconds each call of each phase's function took, and its items, in call order."""
        started: dict[tuple[str, int], float] = {}
        took: dict[str, list[tuple[float, int]]] = {phase: [] for phase in PHASES}
        for seconds, what, phase, n, items in self.notes:
            if what == "enter":
                started[phase, n] = seconds
            else:
                took[phase].append((seconds - started.pop((phase, n)), items))
        return took


# --------------------------------------------------------------------------------------------
# the child: the real `eventcoder batch`, with tripwires


def _child(notes_fd: int, batch_args: list[str]) -> None:
    def note(what: str, phase: str, n: int, items: int) -> None:
        # One write(2) per note, unbuffered, on the system-wide monotonic clock: the parent
        # reads it at once and compares its times with its own.
        os.write(notes_fd, f"{time.monotonic():.6f} {what} {phase} {n} {items}\n".encode())

    for phase, module_name, attribute in TARGETS:
        owner: Any = importlib.import_module(module_name)
        *parents, name = attribute.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        setattr(owner, name, _tripwire(phase, getattr(owner, name), note))
    from eventcoder.cli import main as eventcoder_main

    eventcoder_main(batch_args, prog_name="eventcoder")


def _tripwire(
    phase: str, function: Callable[..., Any], note: Callable[[str, str, int, int], None]
) -> Callable[..., Any]:
    """``function`` as it is, noting when each call begins and ends, and its items."""
    calls = [0]  # this wrapper's own count (a closure, not module state)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        n = calls[0]
        items = next((len(arg) for arg in args if isinstance(arg, list)), 1)
        note("enter", phase, n, items)
        try:
            return function(*args, **kwargs)
        finally:
            note("exit", phase, n, items)

    return wrapper


# --------------------------------------------------------------------------------------------
# the parent: corpus, stores, runs


def write_corpus(docs: int, path: Path, seed: int) -> Corpus:
    """``docs`` generated articles, each followed later by a syndicated copy, and two bad
    lines a third of the way in."""
    articles = corpus.generate(docs, seed)
    rows = [
        {"id": d.id, "text": d.text, "published": str(d.published), "source": "Wire"}
        for d in articles
    ]
    rows += [{**row, "id": f"{row['id']}-copy", "source": "Courier"} for row in rows]
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    ids = [str(row["id"]) for row in rows]
    at = len(lines) // 3
    lines[at:at] = BAD_LINES
    ids.insert(at, "no-date")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Corpus(path=path, ids=tuple(ids))


def build_older_store(source: Corpus, path: Path, documents: int) -> None:
    """A schema-version-1 store (no incidents tables) holding the first ``documents`` records
    of ``source``, coded by the batch's own code as eventcoder before the incidents did."""
    tasks = [t for t in islice(iter_tasks([source.path]), documents) if isinstance(t, RecordTask)]
    options = CodingOptions()
    results = code_chunk(options.build_coder(), tasks, options)
    with Store(path, migrations=MIGRATIONS[:1]) as store:
        # Schema version 1 kept no document texts (they came with version 3).
        store.write_documents(
            [(replace(r.document, text=None), r.records) for r in results if isinstance(r, Coded)]
        )


def batch_args(source: Corpus, store: Path, chunk_size: int) -> list[str]:
    return [
        "batch",
        str(source.path),
        "--store",
        str(store),
        "--workers",
        "1",
        "--chunk-size",
        str(chunk_size),
        # So that a small corpus reconnects often enough to be killed while it does.
        "--reconnect-every",
        str(chunk_size),
        "--quiet",
    ]


def run_batch(
    args: list[str],
    workdir: Path,
    *,
    point: KillPoint | None = None,
    tripwires: bool = False,
    preexec: Callable[[], None] | None = None,
) -> Run:
    """``eventcoder batch`` in a process group of its own. With ``tripwires`` (or a ``point``)
    it runs through this script's child entry, which notes each call of the phases' functions
    on a pipe; at ``point`` this process (not a thread of the batch's, which would wait for the
    batch's interpreter lock) SIGKILLs the group during that call (:class:`KillPoint`)."""
    if point is None and not tripwires:
        with tempfile.TemporaryFile(mode="w+", dir=workdir) as stderr:
            process = subprocess.run(
                [sys.executable, "-m", "eventcoder", *args],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
                preexec_fn=preexec,
                check=False,
            )
            stderr.seek(0)
            return Run(process.returncode, stderr.read())
    read_end, write_end = os.pipe()
    notes: list[tuple[float, str, str, int, int]] = []
    command = [sys.executable, __file__, "--child", str(write_end), "--", *args]
    # Standard error to a file, not a pipe: this process reads only the notes while it runs.
    with tempfile.TemporaryFile(mode="w+", dir=workdir) as stderr:
        child = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
            pass_fds=(write_end,),
            preexec_fn=preexec,
        )
        os.close(write_end)
        counted = 0
        with os.fdopen(read_end) as pipe:
            for line in pipe:  # until the child's end (or its death) closes the pipe
                seconds, what, phase, n, items = line.split()
                began = float(seconds)
                notes.append((began, what, phase, int(n), int(items)))
                if point is None or (what, phase) != ("enter", point.phase) or items == "0":
                    continue
                counted += 1
                if counted == point.nth:
                    delay = point.share * point.seconds_per_item * int(items)
                    time.sleep(max(0.0, began + delay - time.monotonic()))
                    os.killpg(child.pid, signal.SIGKILL)
                    point = None
        returncode = child.wait()
        stderr.seek(0)
        return Run(returncode, stderr.read(), tuple(notes))


def snapshot(store: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a store holds that a run decides (not when it ran), read-only; by table."""
    queries = {
        "documents": "SELECT id, content_hash, published, title, url, source, input, "
        "metadata, n_events FROM documents ORDER BY id",
        "events": "SELECT doc_id, seq, record FROM events ORDER BY doc_id, seq",
        "incidents": "SELECT * FROM incidents ORDER BY id",
        "incident_events": "SELECT * FROM incident_events ORDER BY ALL",
        "errors": "SELECT doc_id, line, input, code, message FROM errors ORDER BY ALL",
        "schema_version": "SELECT version FROM schema_version ORDER BY version",
    }
    with duckdb.connect(str(store), read_only=True) as connection:
        tables = {row[0] for row in connection.execute("SHOW TABLES").fetchall()}
        # An older store has no incidents tables.
        return {
            table: connection.execute(sql).fetchall() if table in tables else []
            for table, sql in queries.items()
        }


def stored_ids(store: Path) -> list[str]:
    with duckdb.connect(str(store), read_only=True) as connection:
        return [r[0] for r in connection.execute("SELECT id FROM documents").fetchall()]


def check_store(store: Path) -> list[str]:
    """The store's integrity problems (empty: none), opened for writing the way the next
    batch opens it (migrated, its write-ahead log replayed and checkpointed), then the same
    read-only."""
    try:
        with Store(store) as opened:
            problems = opened.integrity_check()
        with Store(store, read_only=True) as opened:
            return problems + opened.integrity_check()
    except EventcoderError as err:
        return [str(err)]


def check_copy(store: Path, workdir: Path) -> list[str]:
    """:func:`check_store` on a copy of the store and its write-ahead log, leaving the store
    itself exactly as the kill left it for the next run to resume."""
    copy = workdir / "check.duckdb"
    for suffix in ("", ".wal"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
        if Path(f"{store}{suffix}").exists():
            shutil.copyfile(f"{store}{suffix}", f"{copy}{suffix}")
    return check_store(copy)


def compare(found: dict[str, list[Any]], expected: dict[str, list[Any]]) -> dict[str, Any]:
    """Documents and events lost, stored twice, or not expected at all; which tables differ
    from ``expected`` (every column of every row)."""
    ids = [row[0] for row in found["documents"]]
    want = {row[0] for row in expected["documents"]}
    events = [(row[0], row[1]) for row in found["events"]]
    want_events = {(row[0], row[1]) for row in expected["events"]}
    return {
        "documents_lost": len(want - set(ids)),
        "documents_duplicated": len(ids) - len(set(ids)),
        "documents_unexpected": len(set(ids) - want),
        "events_lost": len(want_events - set(events)),
        "events_duplicated": len(events) - len(set(events)),
        "events_unexpected": len(set(events) - want_events),
        "differs": sorted(name for name in expected if found[name] != expected[name]),
    }


def _failed_cleanly(run: Run) -> str | None:
    """What is wrong with a failed run's ending (None: exit status 1, one coded error)."""
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error: [E")]
    if run.returncode != 1 or len(errors) != 1 or "Traceback" in run.stderr:
        return f"exit status {run.returncode}, stderr {run.stderr[-500:]!r}"
    return None


def _resumed_cleanly(run: Run) -> str | None:
    """What is wrong with a resume (None: it ran to its summary; its exit status is 1 only for
    the corpus's bad lines, which fail in every run)."""
    if run.returncode != 1 or "Traceback" in run.stderr or "Coded " not in run.stderr:
        return f"exit status {run.returncode}, stderr {run.stderr[-500:]!r}"
    return None


# --------------------------------------------------------------------------------------------
# kills


def plan_rounds(kills: int, rng: random.Random) -> list[list[str]]:
    """The phases of each round's kills: the migration first (only an older store has one),
    then a reconnection (aimed at any of those still to come, so it goes before the chunks'
    phases use them up), coding and transaction in random order, then linking (it comes after
    the last chunk) and the checkpoint (when the store is closed)."""
    rounds = []
    for start in range(0, kills, len(PHASES)):
        middle = ["coding", "transaction"]
        rng.shuffle(middle)
        phases = ["migration", "reconnect", *middle, "linking", "checkpoint"]
        rounds.append(phases[: kills - start])
    return rounds


def aim(
    phase: str,
    rng: random.Random,
    durations: dict[str, list[tuple[float, int]]],
    *,
    chunks_left: int,
    reconnects_left: int,
    linking_calls: int,
) -> KillPoint:
    """A random moment inside one call of ``phase``'s function: a random share of its
    expected length, from the uninterrupted run's shortest seconds per item (less a tenth
    for the machine's jitter), so that it lands inside the call however large that one is."""
    calls = [(seconds, items) for seconds, items in durations[phase] if items]
    share = 0.9
    if phase == "migration":
        nth = 1
    elif phase == "checkpoint":
        # A resumed run's close has less of the log to write than the uninterrupted run's.
        nth, share = 1, 0.5
    elif phase == "linking":
        # The last call: the one after the chunks (an older store is also linked when opened).
        nth, calls = linking_calls, calls[-1:]
    else:
        # A chunk of only refused records (or only stored ones) takes a fraction of a
        # millisecond: it says nothing of what a chunk of documents takes.
        longest = max(seconds / items for seconds, items in calls)
        calls = [(s, i) for s, i in calls if s / i >= longest / 10]
        left = reconnects_left if phase == "reconnect" else chunks_left
        nth = rng.randint(1, max(1, left))
    per_item = min(seconds / items for seconds, items in calls)
    return KillPoint(
        phase=phase,
        nth=nth,
        share=round(rng.uniform(0.0, share), 4),
        seconds_per_item=round(per_item, 6),
    )


def _documents_left(setup: Setup, store: Path) -> int:
    wanted = {row[0] for row in setup.reference["documents"]}
    return len(wanted - set(stored_ids(store)))


def _chunks_left(setup: Setup, store: Path) -> int:
    # At least this many chunks of documents still go to code_chunk and to write_documents:
    # each holds at most chunk_size of the documents the store is still to get.
    return math.ceil(_documents_left(setup, store) / setup.chunk_size)


def _reconnects_left(setup: Setup, store: Path) -> int:
    # At least this many reconnections are still to come: the batch reconnects once a chunk
    # brings its documents on the connection to chunk_size (batch_args), so after at most
    # 2 * chunk_size - 1 documents (a chunk short of it, then a full one).
    return _documents_left(setup, store) // (2 * setup.chunk_size - 1)


def _store_version(store: Path) -> int:
    with duckdb.connect(str(store), read_only=True) as connection:
        return store_version(connection)


@dataclass(frozen=True, slots=True)
class Setup:
    """What every scenario starts from and is compared with."""

    source: Corpus
    older: Path  # the schema-1 store each scenario starts from (a copy of it)
    reference: dict[str, list[Any]]  # the store after an uninterrupted run from it
    durations: dict[str, list[tuple[float, int]]]  # that run's calls of each phase's function
    chunk_size: int
    workdir: Path

    def args(self, store: Path) -> list[str]:
        return batch_args(self.source, store, self.chunk_size)


def prepare(docs: int, seed: int, chunk_size: int, workdir: Path) -> Setup:
    """The corpus, the older store, and an uninterrupted run from it (under tripwires that
    only take notes, for the durations the kills are aimed by)."""
    source = write_corpus(docs, workdir / "corpus.jsonl", seed)
    older = workdir / "older.duckdb"
    build_older_store(source, older, max(1, len(source.ids) // 4))
    reference_store = workdir / "reference.duckdb"
    shutil.copyfile(older, reference_store)
    args = batch_args(source, reference_store, chunk_size)
    reference_run = run_batch(args, workdir, tripwires=True)
    if problem := _resumed_cleanly(reference_run):
        raise RuntimeError(f"the uninterrupted run failed: {problem}")
    return Setup(
        source=source,
        older=older,
        reference=snapshot(reference_store),
        durations=reference_run.durations(),
        chunk_size=chunk_size,
        workdir=workdir,
    )


def run_kills(setup: Setup, kills: int, rng: random.Random) -> dict[str, Any]:
    """``kills`` kills in rounds (:func:`plan_rounds`), each round resumed to its end."""
    report: dict[str, Any] = {"kills": [], "rounds": []}
    for number, phases in enumerate(plan_rounds(kills, rng)):
        store = setup.workdir / f"round-{number}.duckdb"
        shutil.copyfile(setup.older, store)
        for phase in phases:
            point = aim(
                phase,
                rng,
                setup.durations,
                chunks_left=_chunks_left(setup, store),
                reconnects_left=_reconnects_left(setup, store),
                linking_calls=1 if _store_version(store) >= 2 else 2,
            )
            run = run_batch(setup.args(store), setup.workdir, point=point)
            report["kills"].append(
                {
                    **asdict(point),
                    "round": number,
                    "killed": run.killed,
                    "landed_in": run.landed_in(),
                    "stored_after": len(stored_ids(store)),
                    "problems_after": check_copy(store, setup.workdir),
                    "unclean_exit": None if run.killed else _resumed_cleanly(run),
                }
            )
        resume = run_batch(setup.args(store), setup.workdir)
        report["rounds"].append(
            {
                "round": number,
                "phases": phases,
                "resume_problem": _resumed_cleanly(resume),
                **compare(snapshot(store), setup.reference),
                "problems": check_store(store),
            }
        )
        for suffix in ("", ".wal"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
    return report


# --------------------------------------------------------------------------------------------
# full disk and read-only stores


def namespaces_available() -> bool:
    """Whether this machine lets us mount in a user and mount namespace of our own."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def _in_namespace(script: str) -> None:
    subprocess.run(["unshare", "-rm", "sh", "-c", script], check=True, capture_output=True)


def _shell_batch(args: list[str], name: str, workdir: Path) -> str:
    """A shell line running ``eventcoder batch`` and keeping its status and standard error."""
    command = shlex.join([sys.executable, "-m", "eventcoder", *args])
    err, rc = shlex.quote(str(workdir / f"{name}.err")), shlex.quote(str(workdir / f"{name}.rc"))
    return f"{command} >/dev/null 2>{err}; echo $? >{rc}"


def _shell_run(name: str, workdir: Path) -> Run:
    return Run(int((workdir / f"{name}.rc").read_text()), (workdir / f"{name}.err").read_text())


def disk_bytes(reference: dict[str, Any]) -> int:
    """Room for about two thirds of the corpus's writes: the write-ahead log takes about 1.5
    bytes per byte of event record."""
    return max(DISK_MIN_BYTES, sum(len(row[2]) for row in reference["events"]))


def full_disk(how: str, setup: Setup) -> dict[str, Any]:
    """A batch from the older store onto a disk that fills, then the same command once there
    is room: ``fsize`` (the process may write no file past a size: EFBIG) or ``tmpfs`` (a
    small file system: ENOSPC, then remounted larger)."""
    folder = setup.workdir / f"full-{how}"
    folder.mkdir()
    store = folder / "events.duckdb"
    args = setup.args(store)
    room = disk_bytes(setup.reference)
    if how == "fsize":
        shutil.copyfile(setup.older, store)

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

        failed = run_batch(args, setup.workdir, preexec=limit)
        at_failure = snapshot(store)
        resumed = run_batch(args, setup.workdir)
    else:
        # The tmpfs lives as long as the namespace: the store is copied out of it when the
        # disk is full, and again after the resume.
        full, done = setup.workdir / "at-failure.duckdb", setup.workdir / "resumed.duckdb"
        paths = {"mount": folder, "store": store, "older": setup.older, "full": full, "done": done}
        q = {name: shlex.quote(str(path)) for name, path in paths.items()}
        size = setup.older.stat().st_size + room
        _in_namespace(
            f"mount -t tmpfs -o size={size} tmpfs {q['mount']} && cp {q['older']} {q['store']} "
            f"&& {_shell_batch(args, 'full', setup.workdir)}; cp {q['store']} {q['full']}; "
            f"if [ -e {q['store']}.wal ]; then cp {q['store']}.wal {q['full']}.wal; fi; "
            f"mount -o remount,size=64m {q['mount']} && "
            f"{_shell_batch(args, 'resumed', setup.workdir)}; cp {q['store']} {q['done']}"
        )
        failed = _shell_run("full", setup.workdir)
        resumed = _shell_run("resumed", setup.workdir)
        at_failure = snapshot(full)
        shutil.move(done, store)
    return {
        "scenario": f"full disk ({how})",
        "failure": _failed_cleanly(failed),
        "error": _error_line(failed),
        "stored_at_failure": len(at_failure["documents"]),
        "half_written_at_failure": _half_written(at_failure),
        "resume_problem": _resumed_cleanly(resumed),
        **compare(snapshot(store), setup.reference),
        "problems": check_store(store),
    }


def read_only(how: str, setup: Setup) -> dict[str, Any]:
    """A batch from the older store made read-only by a bind mount (``folder``: its folder;
    ``file``: the store file; ``wal``: the folder, with the store file writable, so only its
    write-ahead log cannot be created); then the same command with the mount gone."""
    folder = setup.workdir / f"read-only-{how}"
    folder.mkdir()
    store = folder / "events.duckdb"
    shutil.copyfile(setup.older, store)
    before = snapshot(store)
    target = shlex.quote(str(folder if how in {"folder", "wal"} else store))
    script = f"mount --bind {target} {target} && mount -o remount,ro,bind {target}"
    if how == "wal":  # the file bound over itself again, writable, inside the read-only folder
        writable = setup.workdir / f"read-only-{how}.duckdb"
        shutil.copyfile(store, writable)
        script += f" && mount --bind {shlex.quote(str(writable))} {shlex.quote(str(store))}"
    _in_namespace(f"{script} && {_shell_batch(setup.args(store), 'read-only', setup.workdir)}")
    failed = _shell_run("read-only", setup.workdir)
    if how == "wal":
        shutil.move(writable, store)
    unchanged = snapshot(store) == before
    resumed = run_batch(setup.args(store), setup.workdir)
    return {
        "scenario": f"read-only store ({how})",
        "failure": _failed_cleanly(failed),
        "error": _error_line(failed),
        "store_unchanged": unchanged,
        "resume_problem": _resumed_cleanly(resumed),
        **compare(snapshot(store), setup.reference),
        "problems": check_store(store),
    }


def _error_line(run: Run) -> str:
    return next((line for line in run.stderr.splitlines() if line.startswith("Error:")), "")


def _half_written(contents: dict[str, list[Any]]) -> int:
    """Documents whose events are not all stored."""
    counts: dict[str, int] = {}
    for doc_id, _, _ in contents["events"]:
        counts[doc_id] = counts.get(doc_id, 0) + 1
    return sum(1 for row in contents["documents"] if counts.get(row[0], 0) != row[-1])


DISK_SCENARIOS = (
    (full_disk, "fsize"),
    (full_disk, "tmpfs"),
    (read_only, "folder"),
    (read_only, "file"),
    (read_only, "wal"),
)
"""All but ``fsize`` mount file systems, in a user and mount namespace."""


# --------------------------------------------------------------------------------------------
# report


def run_all(
    kills: int, seed: int, docs: int, chunk_size: int, workdir: Path, *, disk: bool = True
) -> dict[str, Any]:
    started = time.perf_counter()
    setup = prepare(docs, seed, chunk_size, workdir)
    report = run_kills(setup, kills, random.Random(seed))
    mounts = namespaces_available()
    report["disk"] = [
        scenario(how, setup)
        for scenario, how in (DISK_SCENARIOS if disk else ())
        if mounts or how == "fsize"
    ]
    reference = setup.reference
    report.update(
        seed=seed,
        docs=docs,
        records=len(setup.source.ids),
        chunk_size=chunk_size,
        seconds=round(time.perf_counter() - started, 1),
        mounts=mounts,
        reference={
            "documents": len(reference["documents"]),
            "events": len(reference["events"]),
            "incidents": len(reference["incidents"]),
            "multi_report_incidents": multi_report_incidents(reference),
            "errors": len(reference["errors"]),
            "older_store_documents": len(stored_ids(setup.older)),
        },
    )
    report["ok"] = all_ok(report)
    return report


def multi_report_incidents(contents: dict[str, list[Any]]) -> int:
    """Incidents reported by more than one event."""
    counts: dict[str, int] = {}
    for incident_id, *_ in contents["incident_events"]:
        counts[incident_id] = counts.get(incident_id, 0) + 1
    return sum(1 for n in counts.values() if n > 1)


def all_ok(report: dict[str, Any]) -> bool:
    """Every kill left a sound store, every round and scenario ended equal to the reference."""
    kills_ok = all(not k["problems_after"] and k["unclean_exit"] is None for k in report["kills"])
    outcomes = [*report["rounds"], *report["disk"]]
    return kills_ok and all(
        not o["problems"]
        and o["resume_problem"] is None
        and o.get("failure") is None
        and o.get("store_unchanged", True)
        and not o.get("half_written_at_failure")
        and not o["differs"]
        and o["documents_lost"] == o["documents_duplicated"] == o["documents_unexpected"] == 0
        and o["events_lost"] == o["events_duplicated"] == o["events_unexpected"] == 0
        for o in outcomes
    )


def format_report(report: dict[str, Any]) -> str:
    kills = report["kills"]
    ref = report["reference"]
    lines = [
        f"crash safety: {len(kills)} kills (seed {report['seed']}) in {len(report['rounds'])} "
        f"rounds; corpus {report['docs']} articles + {report['docs']} copies + "
        f"{len(BAD_LINES)} bad lines, chunks of {report['chunk_size']}; "
        f"{report['seconds']:.0f} s",
        f"uninterrupted run from the older store ({ref['older_store_documents']} documents, "
        f"schema 1): {ref['documents']} documents, {ref['events']} events, "
        f"{ref['incidents']} incidents ({ref['multi_report_incidents']} of several reports), "
        f"{ref['errors']} errors",
        "",
        "phase        kills  killed  landed inside  stored after the kill  problems after",
    ]
    for phase in PHASES:
        mine = [k for k in kills if k["phase"] == phase]
        if not mine:
            continue
        stored = [k["stored_after"] for k in mine]
        lines.append(
            f"{phase:<12} {len(mine):>5}  {sum(k['killed'] for k in mine):>6}  "
            f"{sum(k['landed_in'] == phase for k in mine):>13}  "
            f"{min(stored):>10} - {max(stored):<10}  "
            f"{sum(len(k['problems_after']) for k in mine):>14}"
        )
    landed: dict[str, int] = {}
    for k in kills:
        landed[str(k["landed_in"])] = landed.get(str(k["landed_in"]), 0) + 1
    lines.append(f"where the kills landed: {dict(sorted(landed.items()))}")
    rounds = report["rounds"]
    lines.append(
        f"after each round's resume ({len(rounds)}): documents lost "
        f"{sum(r['documents_lost'] for r in rounds)}, duplicated "
        f"{sum(r['documents_duplicated'] for r in rounds)}; events lost "
        f"{sum(r['events_lost'] for r in rounds)}, duplicated "
        f"{sum(r['events_duplicated'] for r in rounds)}; rounds differing from the "
        f"uninterrupted run {sum(bool(r['differs']) for r in rounds)}; integrity problems "
        f"{sum(len(r['problems']) for r in rounds)}"
    )
    for outcome in report["disk"]:
        lines.append(
            f"{outcome['scenario']}: {outcome['error'][:110]}"
            + (f" [{outcome['failure']}]" if outcome["failure"] else "")
        )
        extra = (
            f"stored at the failure {outcome['stored_at_failure']} whole "
            f"({outcome['half_written_at_failure']} half-written)"
            if "stored_at_failure" in outcome
            else f"store unchanged: {outcome['store_unchanged']}"
        )
        lines.append(
            f"    {extra}; after the resume: documents lost {outcome['documents_lost']}, "
            f"duplicated {outcome['documents_duplicated']}, differing tables "
            f"{outcome['differs'] or 'none'}, problems {outcome['problems'] or 'none'}"
        )
    lines.append(f"all sound: {report['ok']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--child":
        # --child FD -- batch ARGS...: the batch under tripwires, noting on FD (run_batch).
        _child(int(argv[1]), argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--docs", type=int, default=16, help="articles (each also copied)")
    parser.add_argument("--chunk-size", type=int, default=4)
    parser.add_argument("--no-disk", action="store_true", help="kills only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="crash-safety-") as workdir:
        report = run_all(
            args.kills, args.seed, args.docs, args.chunk_size, Path(workdir), disk=not args.no_disk
        )
    print(json.dumps(report) if args.json else format_report(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
