"""How the server reaches its store: held a few seconds at a time, so other processes get turns.

DuckDB locks the store file: while one process has it open for writing, no other process can
open it at all, not even to read; any number of processes may read it together. So the server
holds the store open for a few seconds at most. Each read opens its own read-only connection
and closes it when the page is read; beside those, the server keeps one read-only connection
open for ``hold_s`` from the first read, so the reads of those seconds share one DuckDB database,
its catalog and its cache of the store's blocks (opened afresh per request, each read loaded
the catalog and read every block it needed again: 1 M events, an incidents page 56 ms in that
way, 24 ms warm). Then the server lets go: it lets the reads in flight finish, closes the store
and holds new reads back for ``release_s``, longer than another process waits between its tries
to open the store, so that a batch waiting for the store gets it. Each write takes the server's
write lock, closes the shared connection, opens the store for writing, commits and closes.
Within the server a readers-writer lock keeps reads and writes apart (DuckDB also refuses a
read-only and a read-write connection to one file in one process). When another process
(``eventcoder batch``) holds the file, a request retries for ``busy_wait_s`` and then answers
503 (E094) with a Retry-After.

A store on a read-only file (or folder) is served for reading; a write to it, like a write to a
full disk, is E069 (507 Insufficient Storage), and the store stays as it was.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.store import Store, check_memory_limit


class ReadWriteLock:
    """Many readers or one writer; a waiting writer holds back new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._writer or self._readers:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class StoreAccess:
    """Opens the store at ``path`` for each request, the reads of ``hold_s`` sharing one open
    database; see the module's docstring."""

    def __init__(
        self,
        path: str | Path,
        *,
        busy_wait_s: float = 2.0,
        memory_limit: str | None = None,
        hold_s: float = 5.0,
        release_s: float = 0.3,
    ) -> None:
        self.path = Path(path)
        self.busy_wait_s = busy_wait_s
        self.memory_limit = check_memory_limit(memory_limit) if memory_limit else None
        self.hold_s = hold_s
        self.release_s = release_s
        self._lock = ReadWriteLock()
        self._shared: Store | None = None  # the connection that keeps the reads' database open
        self._shared_lock = threading.Lock()

    def create(self) -> bool:
        """Create (or migrate) the store if needed; False when another process holds it (that
        process, a batch, creates and migrates it itself)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock.writing():
            self._let_go()
            try:
                Store(self.path, memory_limit=self.memory_limit).close()
            except EventcoderError as error:
                if error.code is ErrorCode.E064:
                    return False
                if error.code is ErrorCode.E060 and self.path.exists() and not self.writable():
                    # Served for reading only.
                    Store(self.path, read_only=True, memory_limit=self.memory_limit).close()
                    return False
                raise
        return True

    def writable(self) -> bool:
        """Whether this process may write the store file and its folder (where DuckDB puts
        the write-ahead log): False on a read-only mount, whoever the process runs as."""
        folder = self.path.parent
        return os.access(folder, os.W_OK) and (
            not self.path.exists() or os.access(self.path, os.W_OK)
        )

    @contextmanager
    def read(self, *, wait: float | None = None) -> Iterator[Store]:
        """The store opened read-only for the block (``wait``: seconds to wait for another
        process's lock, default ``busy_wait_s``)."""
        with self._lock.reading():
            self._hold(wait)
            store = self._open(read_only=True, wait=wait)
            try:
                yield store
            finally:
                store.close()

    def close(self) -> None:
        """Close the connection the reads share, if open (when the server stops)."""
        self._let_go()

    def _hold(self, wait: float | None) -> None:
        """Open the connection the reads share, unless it is open, for ``hold_s``; E094 as a
        read when another process holds the store."""
        with self._shared_lock:
            if self._shared is not None:
                return
            self._shared = self._open(read_only=True, wait=wait)
        release = threading.Timer(self.hold_s, self._release)
        release.daemon = True  # a server that stops has closed it already
        release.start()

    def _release(self) -> None:
        """Let the store go for ``release_s``: the reads in flight finish, the shared connection
        closes, and new reads wait (the write lock holds them back), so the store is open in no
        connection of this process and another process can take it."""
        with self._lock.writing():
            self._let_go()
            time.sleep(self.release_s)

    def _let_go(self) -> None:
        with self._shared_lock:
            if self._shared is not None:
                self._shared.close()
                self._shared = None

    @contextmanager
    def write(self) -> Iterator[Store]:
        """The store opened for writing for the block; E069 when its file or folder is
        read-only (a write that the disk refuses later is E069 from the store itself)."""
        with self._lock.writing():
            self._let_go()  # DuckDB opens no file for writing while this process reads it
            try:
                store = self._open(read_only=False)
            except EventcoderError as error:
                if error.code is ErrorCode.E060 and not self.writable():
                    detail = error.details.get("detail", "read-only")
                    raise EventcoderError(ErrorCode.E069, path=self.path, detail=detail) from error
                raise
            try:
                yield store
            finally:
                store.close()

    def _open(self, *, read_only: bool, wait: float | None = None) -> Store:
        try:
            wait = self.busy_wait_s if wait is None else wait
            return Store(self.path, read_only=read_only, wait=wait, memory_limit=self.memory_limit)
        except EventcoderError as error:
            if error.code is ErrorCode.E064:
                raise EventcoderError(ErrorCode.E094) from error
            raise
