"""The server over a store it cannot write, and with a memory limit for it, against a real
``eventcoder serve`` on 127.0.0.1: a read-only store file (a read-only bind mount in the
server's own mount namespace) is served for reading, and a write to it (or to a store whose
folder is read-only, so DuckDB cannot write its log) is 507 E069 in the one error shape, the
store left as it was; ``serve --memory-limit`` caps DuckDB, and a bad size is E070 before the
server starts."""

from __future__ import annotations

import hashlib
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

import eventcoder
from eventcoder.store import DocumentRow, Store
from serving import eventcoder_command, serve

BENCH = Path(__file__).resolve().parents[2] / "bench"
if not BENCH.is_dir():
    pytest.skip("bench/ is not in this checkout", allow_module_level=True)
sys.path.insert(0, str(BENCH))
from crash_safety import namespaces_available  # noqa: E402

API = "/api/v1"
EXAMPLE = Path(eventcoder.__file__).parent / "examples" / "border_truce.txt"
needs_mounts = pytest.mark.skipif(
    not namespaces_available(),
    reason="needs a user and mount namespace (unshare -rm) for a read-only bind mount",
)


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code, body


def event(doc_id: str) -> dict[str, Any]:
    text = "Militants attacked police in Bannu."
    return {
        "id": f"{doc_id}-e0",
        "doc_id": doc_id,
        "type": "ASSAULT",
        "mode": None,
        "source": [{"code": "TTP"}],
        "target": [{"code": "PAK"}],
        "date": {"earliest": "2025-06-10", "latest": "2025-06-10"},
        "location": None,
        "fatalities": None,
        "claimed_by": [],
        "auxiliary": [],
        "evidence": {"text": text, "start": 0, "end": len(text)},
        "trigger": None,
    }


def seeded_store(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "events.duckdb"
    with Store(path) as store:
        row = DocumentRow(id="a", content_hash="0" * 64, published=date(2025, 6, 11))
        store.write_document(row, [event("a")])
        store.refresh_incidents()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@needs_mounts
@pytest.mark.parametrize("how", ["file", "folder"])
def test_a_read_only_store_is_read_and_a_write_is_507(tmp_path: Path, how: str) -> None:
    store = seeded_store(tmp_path / "store")
    before = digest(store)
    if how == "file":  # the store file itself read-only
        target = shlex.quote(str(store))
        mounts = f"mount --bind {target} {target} && mount -o remount,ro,bind {target}"
    else:  # the folder read-only, the file writable: DuckDB cannot create its log
        folder, writable = shlex.quote(str(store.parent)), tmp_path / "writable.duckdb"
        writable.write_bytes(store.read_bytes())
        mounts = (
            f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
            f"mount --bind {shlex.quote(str(writable))} {shlex.quote(str(store))}"
        )
    home = tmp_path / "home"
    home.mkdir()
    with serve(home, store=store, mounts=mounts) as site:
        client = site.client
        health = client.get(f"{API}/health").json()["store"]
        assert health["status"] == "ok" and health["events"] == 1
        assert health["writable"] is False
        assert [e["id"] for e in client.get(f"{API}/events").json()["events"]] == ["a-e0"]
        text = EXAMPLE.read_text(encoding="utf-8")
        document = {"id": "b", "text": text, "published": "2025-03-14"}
        refused = client.post(f"{API}/documents", json=document)
        assert_error(refused, 507, "E069")
        assert "Cannot write the event store" in refused.json()["error"]["message"]
        assert "Retry-After" not in refused.headers
        correction = {"reviewer": "ann", "kind": "reject"}
        assert_error(client.post(f"{API}/events/a-e0/corrections", json=correction), 507, "E069")
        # reads go on, and nothing was written
        assert [e["id"] for e in client.get(f"{API}/events").json()["events"]] == ["a-e0"]
        assert client.get(f"{API}/documents/b").status_code == 404
        assert "Traceback" not in site.log.read_text()
    assert digest(store) == before
    if how == "folder":
        assert digest(writable) == before  # the bound file, the one the server had open
    with Store(store, read_only=True) as opened:
        assert opened.integrity_check() == []


def test_serve_memory_limit_caps_duckdb_and_a_bad_size_is_e070(tmp_path: Path) -> None:
    store = tmp_path / "events.duckdb"
    refused = subprocess.run(
        [*eventcoder_command(), "serve", "--store", str(store), "--memory-limit", "lots"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1
    assert refused.stderr.startswith("Error: [E070]"), refused.stderr
    assert "Traceback" not in refused.stderr
    assert not store.exists()  # refused before the store was opened
    with serve(tmp_path, store=store, options=("--memory-limit", "64MB")) as site:
        health = site.client.get(f"{API}/health").json()["store"]
        assert health["status"] == "ok"
        assert health["memory_limit"] == "61.0 MiB"  # DuckDB shows it in binary units
        assert health["writable"] is True
    help_text = subprocess.run(
        [*eventcoder_command(), "serve", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "--memory-limit SIZE" in help_text
