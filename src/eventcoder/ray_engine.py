"""The Ray engine: chunks of a batch coded by Ray actors, on a local Ray or on a cluster.

Only the coding of chunks moves to Ray. The driver (:func:`eventcoder.batch.code_corpus`)
still reads the inputs, skips what the store holds and writes every result, so resuming,
idempotence and the errors table are the same as with local processes. Each actor builds one
:class:`~eventcoder.coder.Coder` when it starts and codes chunk after chunk with it; the driver
keeps at most two chunks per actor in flight.

This module is imported only when the Ray engine is chosen, so ``import eventcoder`` never
loads Ray. On a cluster, every node needs eventcoder (the same version) and its model
installed: actors import it by name. Input files are read by the driver and sent with their
chunk, so the workers need no shared file system.
"""

from __future__ import annotations

import logging
from typing import Any

from eventcoder.batch import CodingOptions, FileTask, Result, Task, code_chunk
from eventcoder.errors import ErrorCode, EventcoderError

LOCAL_OBJECT_STORE_BYTES = 256 * 1024**2
"""The object store of a Ray started here: a few chunks of results in flight need little."""


class ChunkCoder:
    """The actor: one Coder, loaded once, coding the chunks sent to it."""

    def __init__(self, options: CodingOptions) -> None:
        self.options = options
        self.coder = options.build_coder()

    def code(self, chunk: list[Task]) -> list[Result]:
        return code_chunk(self.coder, chunk, self.options)


class RayPool:
    """``workers`` :class:`ChunkCoder` actors (None: one per CPU of the Ray cluster).

    ``address`` joins a running cluster (``"auto"``, or ``host:port`` of its head); without
    it a local Ray is started for this batch and shut down at its end. A Ray already started
    in this process (e.g. by the caller) is used as it is and left running.
    """

    def __init__(
        self, workers: int | None, options: CodingOptions, *, address: str | None = None
    ) -> None:
        try:
            import ray
        except ImportError as err:
            raise EventcoderError(ErrorCode.E081, detail=str(err)) from err
        self._ray: Any = ray
        self._requested = workers
        self.workers = workers or 1
        self.capacity = 2 * self.workers
        self.options = options
        self.address = address
        self._started_here = False
        self._actors: list[Any] = []
        self._load: list[int] = []  # chunks in flight per actor
        self._pending: dict[Any, int] = {}  # object ref -> the actor coding it

    def __enter__(self) -> RayPool:
        ray = self._ray
        if not ray.is_initialized():
            self._init()
            self._started_here = True
        if self._requested is None:
            self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
            self.capacity = 2 * self.workers
        # One CPU per actor: Ray then places at most one actor per core across the cluster.
        actor_class = ray.remote(num_cpus=1)(ChunkCoder)
        self._actors = [actor_class.remote(self.options) for _ in range(self.workers)]
        self._load = [0] * self.workers
        return self

    def _init(self) -> None:
        ray = self._ray
        quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
        try:
            if self.address:
                ray.init(address=self.address, **quiet)
            else:
                ray.init(
                    # As many CPUs as actors, so each one is scheduled even beyond the cores.
                    num_cpus=self.workers,
                    include_dashboard=False,
                    object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                    **quiet,
                )
        except (ConnectionError, RuntimeError, ValueError) as err:
            where = f" at {self.address}" if self.address else ""
            raise EventcoderError(ErrorCode.E082, where=where, detail=str(err)) from err

    def submit(self, chunk: list[Task]) -> None:
        # Files travel with their chunk: an actor on another node may not see this disk.
        limit = self.options.read.max_bytes
        chunk = [t.with_content(limit) if isinstance(t, FileTask) else t for t in chunk]
        actor = min(range(len(self._actors)), key=self._load.__getitem__)
        ref = self._actors[actor].code.remote(chunk)
        self._pending[ref] = actor
        self._load[actor] += 1

    def next_results(self) -> list[Result]:
        ray = self._ray
        (ref,), _ = ray.wait(list(self._pending), num_returns=1)
        self._load[self._pending.pop(ref)] -= 1
        try:
            results: list[Result] = ray.get(ref)
        except ray.exceptions.RayError as err:  # an actor died, or failed to start
            raise EventcoderError(ErrorCode.E063, detail=_last_line(err)) from err
        return results

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        ray = self._ray
        try:
            for actor in self._actors:
                ray.kill(actor)
        finally:
            self._actors = []
            self._pending.clear()
            if self._started_here:
                ray.shutdown()


def _last_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[-1] if text else type(error).__name__
