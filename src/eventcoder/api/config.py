"""The server's settings and its default store location (no web framework imported here)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE_NAME = "events.duckdb"


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Limits and waits of one server. A request over a limit is refused with 413 or 422 in the
    one JSON error shape; nothing is cut silently."""

    max_body_bytes: int = 2 * 1024 * 1024
    """Largest request body (413 beyond): room for ``max_text_chars`` of any script as JSON."""
    max_text_chars: int = 200_000
    """Longest article text to code (413 beyond; HTML may be longer before it is reduced)."""
    max_page_size: int = 500
    """Most events or incidents one page holds (422 beyond)."""
    default_page_size: int = 50
    max_offset: int = 10_000_000
    threads: int = 4
    """Requests handled at once (worker threads); more wait in the event loop."""
    busy_wait_s: float = 2.0
    """How long a request waits for another process's lock on the store before its 503."""
    store_hold_s: float = 5.0
    """How long the server's reads share one open connection to the store (its cache of the
    store's blocks stays warm) before the server lets go of the store."""
    store_release_s: float = 0.3
    """How long the server then leaves the store closed, so that a batch waiting for it gets it:
    longer than a batch waits between its tries (``store.OPEN_RETRY_MAX_PAUSE_S``, 0.25 s)."""
    retry_after_s: int = 5
    """The Retry-After of a 503 while another process holds the store."""
    memory_limit: str | None = None
    """DuckDB's memory limit for each connection to the store (e.g. ``512MB``; None: DuckDB's
    default, 80 % of the machine's memory). A size DuckDB cannot read is E070."""


def default_store_path(environ: Mapping[str, str] | None = None) -> Path:
    """The embedded store ``eventcoder serve`` uses without ``--store``:
    ``$EVENTCODER_HOME/events.duckdb``, else ``$XDG_DATA_HOME/eventcoder/events.duckdb``, else
    ``~/.local/share/eventcoder/events.duckdb``. Its folder is not created here."""
    env = os.environ if environ is None else environ
    if env.get("EVENTCODER_HOME"):
        return Path(env["EVENTCODER_HOME"]).expanduser() / DEFAULT_STORE_NAME
    data_home = env.get("XDG_DATA_HOME") or str(Path("~/.local/share").expanduser())
    return Path(data_home).expanduser() / "eventcoder" / DEFAULT_STORE_NAME
