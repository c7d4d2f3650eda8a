"""A real ``eventcoder serve`` for tests: its own process on 127.0.0.1 with a fresh store,
ready once ``GET /api/v1/health`` answers (the coder is loaded by then). Used by the API's
server tests and the web page's browser tests."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

API = "/api/v1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def eventcoder_command() -> list[str]:
    script = Path(sys.executable).with_name("eventcoder")
    return [str(script)] if script.exists() else [sys.executable, "-m", "eventcoder"]


@dataclass
class Serving:
    url: str
    store: Path
    process: subprocess.Popen[bytes]
    log: Path
    client: httpx.Client


@contextmanager
def serve(
    home: Path,
    *,
    store: Path | None = None,
    startup_s: float = 90,
    options: tuple[str, ...] = (),
    mounts: str | None = None,
) -> Iterator[Serving]:
    """``eventcoder serve`` on a free port over ``store`` (default ``home/events.duckdb``),
    with ``options``, its log in ``home/server.log``; stopped (terminated, then killed) on
    exit. ``mounts``: shell commands run first in a user and mount namespace of the server's
    own (``unshare -rm``; e.g. a read-only bind mount), which the server then runs in."""
    store = store or home / "events.duckdb"
    log = home / "server.log"
    port = free_port()
    command = [*eventcoder_command(), "serve", "--store", str(store), "--port", str(port)]
    command += options
    if mounts is not None:
        command = ["unshare", "-rm", "sh", "-c", f"{mounts} && exec {shlex.join(command)}"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "EVENTCODER_HOME": str(home / "unused")},
        )
    url = f"http://127.0.0.1:{port}"
    client = httpx.Client(base_url=url, timeout=30)
    try:
        deadline = time.monotonic() + startup_s
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if client.get(f"{API}/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield Serving(url=url, store=store, process=process, log=log, client=client)
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
