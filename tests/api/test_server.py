"""The HTTP API against a real server: ``eventcoder serve`` started as its own process on
127.0.0.1 with a fresh store, spoken to over TCP with httpx (no in-process test client).

One server for the module (the coder loads once). The store is seeded through the API itself
(``POST /api/v1/documents``) and by a real ``eventcoder batch`` process writing the same store
while the server serves it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import eventcoder
from eventcoder.store.export import native_columns
from eventcoder.store.export_maps import load_polecat_map
from serving import eventcoder_command, serve

EXAMPLE = Path(eventcoder.__file__).parent / "examples" / "border_truce.txt"
PUBLISHED = "2025-03-14"
GOLDEN = Path(__file__).parents[1] / "golden" / "border_truce.jsonl"
ARTICLES = Path(__file__).parents[1] / "store" / "fixtures" / "incidents" / "articles.jsonl"
BATCH_IDS = ("bannu-wire-a", "bannu-courier-b", "bannu-daily-c", "fasher-wire-a")
API = "/api/v1"
HOLD_STORE = """
import sys
from eventcoder.store import Store
# For writing, waiting its turn as a batch does (the server lets go of the store within
# ServerConfig.store_hold_s): DuckDB then lets no other process in.
store = Store(sys.argv[1], wait=30)
print("holding", flush=True)
sys.stdin.read()
store.close()
"""
INJECTIONS = (
    "' OR '1'='1",
    "ETH'; DROP TABLE events; --",
    '" OR 1=1 --',
    "1; DELETE FROM documents",
    "%' UNION SELECT record FROM events --",
    "\\'; SELECT 1; --",
    "ETH) OR (1=1",
    "%",
    "_",
    "\x00",
)


@dataclass
class Server:
    url: str
    store: Path
    process: subprocess.Popen[bytes]
    log: Path
    client: httpx.Client
    during_batch: list[tuple[int, Any]] = field(default_factory=list)
    batch: subprocess.CompletedProcess[str] | None = None
    after_batch: dict[str, Any] = field(default_factory=dict)

    def get(self, path: str, **params: Any) -> httpx.Response:
        return self.client.get(API + path, params=params)

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.client.post(API + path, json=body)

    def counts(self) -> dict[str, Any]:
        store = self.get("/health").json()["store"]
        return {k: store[k] for k in ("documents", "events", "incidents")}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("serve")
    store = home / "new-folder" / "events.duckdb"  # neither exists yet: serve creates both
    with serve(home, store=store) as running:
        yield Server(
            url=running.url,
            store=store,
            process=running.process,
            log=running.log,
            client=running.client,
        )


@pytest.fixture(scope="module")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seeded(server: Server, example_text: str, tmp_path_factory: pytest.TempPathFactory) -> Server:
    """The store with the example article posted to the API, then a batch of four articles
    written by `eventcoder batch` while the server keeps answering requests."""
    posted = server.post(
        "/documents",
        {
            "id": "border_truce",
            "text": example_text,
            "published": PUBLISHED,
            "title": "Ethiopia and Sudan agree border truce",
            "url": "https://example.org/border-truce",
            "source": "Example Wire",
            "metadata": {"section": "Africa"},
        },
    )
    assert posted.status_code == 201, posted.text
    folder = tmp_path_factory.mktemp("batch")
    lines = [line for line in ARTICLES.read_text(encoding="utf-8").splitlines() if line]
    wanted = [line for line in lines if json.loads(line)["id"] in BATCH_IDS]
    (folder / "articles.jsonl").write_text("\n".join(wanted) + "\n", encoding="utf-8")
    command = [*eventcoder_command(), "batch", str(folder / "articles.jsonl")]
    batch = subprocess.Popen(
        [*command, "--store", str(server.store), "--workers", "1", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Ask all the while the batch runs: each answer is a page of events, or the JSON 503.
    while batch.poll() is None:
        response = server.get("/events", limit=5)
        server.during_batch.append((response.status_code, response.json()))
        if response.status_code == 503:
            assert response.headers["Retry-After"]
        time.sleep(0.05)
    stdout, stderr = batch.communicate()
    server.batch = subprocess.CompletedProcess(batch.args, batch.returncode, stdout, stderr)
    server.after_batch = server.get("/incidents").json()
    return server


def all_events(server: Server, **params: Any) -> list[dict[str, Any]]:
    """Every event matching ``params``, page by page."""
    events: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = server.get("/events", **params, limit=3, offset=offset)
        assert page.status_code == 200, page.text
        body = page.json()
        events += body["events"]
        offset = body["next_offset"]
    return events


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body


# --------------------------------------------------------------------------------------------
# server


def test_health_says_the_server_and_its_new_store_are_up(server: Server) -> None:
    health = server.get("/health")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok"
    assert body["version"] == eventcoder.__version__
    assert body["store"]["status"] == "ok"
    assert body["store"]["path"] == str(server.store)
    assert server.store.exists()  # created, with its folder, when the server started


def test_openapi_lists_every_endpoint_and_the_docs_are_bundled(server: Server) -> None:
    spec = server.client.get("/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    for path in (
        "/health",
        "/code",
        "/documents",
        "/documents/{doc_id}",
        "/events",
        "/incidents",
        "/incidents/{incident_id}",
        "/dyads/{a}/{b}/series",
    ):
        assert API + path in paths
    for path in ("/events", "/incidents"):  # format=csv: the document says so
        assert "text/csv" in paths[API + path]["get"]["responses"]["200"]["content"]
    # /docs is Swagger UI from the package's own files (the framework's page loads its
    # scripts from a CDN); every file it names is served here, and its policy allows no other
    docs = server.client.get("/docs")
    assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert len(assets) == 4 and all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        assert server.client.get(asset).status_code == 200, asset
    assert '"/openapi.json"' in server.client.get("/static/docs.js").text
    assert_error(server.client.get("/redoc"), 404, "E090")


# --------------------------------------------------------------------------------------------
# coding


def test_code_returns_the_example_events_and_spans_and_stores_nothing(
    server: Server, example_text: str
) -> None:
    before = server.counts()
    response = server.post("/code", {"text": example_text, "published": PUBLISHED, "id": "bt"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["document"] == {"id": "bt", "published": PUBLISHED}
    timing = response.headers["Server-Timing"]  # the coder's own time: coder;dur=MS
    assert timing.startswith("coder;dur=") and float(timing.split("=")[1]) > 0
    assert body["text"] == example_text  # clean text: the offsets index the text sent
    golden = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    events = body["events"]
    assert [{key: e[key] for key in g} for e, g in zip(events, golden, strict=True)] == golden
    assert all(e["doc_id"] == "bt" and "why" not in e for e in events)
    spans = body["spans"]
    assert set(spans) == {"actors", "triggers", "times", "places", "numbers"}
    for items in spans.values():
        assert items
        for item in items:
            assert example_text[item["start"] : item["end"]] == item["text"]
    assert {"ETH", "SDN"} <= {a["code"] for a in spans["actors"]}
    trigger_spans = {(t["start"], t["end"]) for t in spans["triggers"]}
    assert all((e["trigger"]["start"], e["trigger"]["end"]) in trigger_spans for e in events)
    assert all(t["date"]["earliest"] <= PUBLISHED for t in spans["times"])
    tolls = [e["fatalities"] for e in events if e["fatalities"]]
    assert [n["fatalities"] for n in spans["numbers"]] == tolls
    assert server.counts() == before


def test_code_explains_when_asked(server: Server) -> None:
    response = server.post(
        "/code",
        {"text": "Ethiopian forces attacked Eritrean positions.", "published": PUBLISHED,
         "explain": True},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    events = response.json()["events"]
    assert events and all(e["why"] for e in events)
    assert response.json()["document"]["id"].startswith("doc-")  # no id: a hash of the text


def test_code_marks_where_each_event_was_read(server: Server, example_text: str) -> None:
    """event_spans: one per event, in order; every span quotes the text it indexes."""
    body = server.post("/code", {"text": example_text, "published": PUBLISHED}).json()
    text, events, marks = body["text"], body["events"], body["event_spans"]
    assert len(marks) == len(events) > 0

    def quotes(span: dict[str, Any] | None) -> bool:
        return span is None or text[span["start"] : span["end"]] == span["text"]

    for event, mark in zip(events, marks, strict=True):
        assert mark["trigger"] == event["trigger"] and mark["evidence"] == event["evidence"]
        for side in ("source", "target", "claimed_by"):
            assert all(quotes(a) for a in mark[side])
            assert {a["code"] for a in mark[side]} <= {a["code"] for a in event[side]}
        assert all(quotes(mark[k]) for k in ("date", "location", "fatalities"))
        if mark["date"] is not None:
            assert mark["date"]["text"] == event["date"]["text"]
        if mark["fatalities"] is not None:
            assert mark["fatalities"]["text"] == event["fatalities"]["text"]
    truce = next(m for e, m in zip(events, marks, strict=True) if e["type"] == "AGREE")
    assert [a["text"] for a in truce["source"] + truce["target"]] == ["Ethiopia", "Sudan"]
    assert "Thursday" in truce["date"]["text"]
    killed = next(m for e, m in zip(events, marks, strict=True) if e["fatalities"])
    assert "12" in killed["fatalities"]["text"]


def test_code_format_says_whether_the_text_is_html(server: Server) -> None:
    markup = (
        "<p>Sudan accused Ethiopia of cross-border raids on Monday.</p>\n\n"
        '<script>x()</script><img src=x onerror="y()">'
    )

    def coded(**given: Any) -> dict[str, Any]:
        response = server.post("/code", {"text": markup, "published": PUBLISHED, **given})
        assert response.status_code == 200, response.text
        return response.json()

    as_text = coded(format="text")
    assert as_text["text"] == markup  # coded as written, markup and all
    for detected in (coded(), coded(format="html")):
        assert detected["text"] == "Sudan accused Ethiopia of cross-border raids on Monday."
        assert [e["type"] for e in detected["events"]] == ["ACCUSE"]
    assert_error(server.post("/code", {"text": markup, "published": PUBLISHED, "format": "pdf"}),
                 422, "E093")  # fmt: skip


def test_plover_types_and_their_quad_classes(server: Server) -> None:
    body = server.get("/plover").json()
    assert body["quad_classes"][0] == "verbal_cooperation"
    quad_codes = load_polecat_map().quad_codes
    assert set(body["types"]) == set(quad_codes)
    for event_type, quad in body["types"].items():
        assert body["quad_classes"].index(quad) + 1 == quad_codes[event_type]


def test_the_web_page_and_its_files_are_served(server: Server) -> None:
    page = server.client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert '<script src="/static/app.js"' in page.text
    for name, kind in (("app.js", "javascript"), ("app.css", "text/css")):
        response = server.client.get(f"/static/{name}")
        assert response.status_code == 200 and kind in response.headers["content-type"]
    assert "http" not in server.client.get("/static/app.css").text  # nothing from outside
    missing = server.client.get("/static/nothing.js")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "E090"
    assert server.client.get("/static/../api/__init__.py").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": "Talks were held.", "published": "2025-13-40"}, 422, "E011"),
        ({"text": "Talks were held.", "published": "14/03/2025"}, 422, "E011"),
        ({"text": "Talks were held.", "published": "2999-01-01"}, 422, "E012"),
        ({"text": "Talks were held.", "published": ""}, 422, "E010"),
        ({"text": "   \n ", "published": PUBLISHED}, 422, "E001"),
        ({"text": "Talks were held."}, 422, "E093"),
        ({"published": PUBLISHED}, 422, "E093"),
        ({"text": 42, "published": PUBLISHED}, 422, "E093"),
        ({"text": "x", "published": PUBLISHED, "colour": "red"}, 422, "E093"),
        ({"text": "x" * 200_001, "published": PUBLISHED}, 413, "E004"),
    ],
)
def test_bad_code_requests_get_the_one_error_shape(
    server: Server, body: dict[str, Any], status: int, code: str
) -> None:
    assert_error(server.post("/code", body), status, code)


def test_malformed_json_and_wrong_content_are_422(server: Server) -> None:
    headers = {"content-type": "application/json"}
    assert_error(server.client.post(f"{API}/code", content=b"{bad", headers=headers), 422, "E093")
    assert_error(server.client.post(f"{API}/code", content=b"[1, 2]", headers=headers), 422)
    assert_error(server.client.post(f"{API}/code", content=b"\xff\xfe", headers=headers), 422)
    # JSON cut inside a UTF-8 character (found by schemathesis): was FastAPI's 400
    assert_error(server.client.post(f"{API}/code", content=b"0\xc3", headers=headers), 422, "E093")


def test_an_oversized_body_is_413_before_it_is_read(server: Server) -> None:
    body = json.dumps({"text": "a" * (3 * 1024 * 1024), "published": PUBLISHED})
    assert_error(
        server.client.post(
            f"{API}/code", content=body, headers={"content-type": "application/json"}
        ),
        413,
        "E092",
    )
    assert server.get("/health").status_code == 200  # and the server goes on


def test_an_oversized_chunked_body_is_413_too(server: Server) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts what arrives
        yield b'{"published": "2025-03-14", "text": "'
        for _ in range(40):
            yield b"a" * 65536
        yield b'"}'

    response = server.client.post(
        f"{API}/code", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(response, 413, "E092")


def test_unknown_paths_and_methods_get_the_one_error_shape(server: Server) -> None:
    assert_error(server.get("/nothing-here"), 404, "E090")
    assert_error(server.client.get("/nothing-here"), 404, "E090")
    assert_error(server.client.post("/"), 405, "E091")
    assert_error(server.client.delete(f"{API}/events"), 405, "E091")
    assert_error(server.client.get(f"{API}/code"), 405, "E091")
    assert_error(server.get("/documents/no-such-document"), 404, "E095")


# --------------------------------------------------------------------------------------------
# documents and the store


def test_a_stored_document_round_trips(seeded: Server, example_text: str) -> None:
    got = seeded.get("/documents/border_truce")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["document"] | {"content_hash": None} == {
        "id": "border_truce",
        "published": PUBLISHED,
        "title": "Ethiopia and Sudan agree border truce",
        "url": "https://example.org/border-truce",
        "source": "Example Wire",
        "metadata": {"section": "Africa"},
        "content_hash": None,
    }
    coded = seeded.post("/code", {"text": example_text, "published": PUBLISHED,
                                  "id": "border_truce"}).json()  # fmt: skip
    assert body["events"] == coded["events"]
    again = seeded.post(
        "/documents", {"id": "border_truce", "text": example_text, "published": PUBLISHED}
    )
    assert_error(again, 409, "E096")
    # Ids are often paths (a batch names a file by its path in the folder).
    talks = {"id": "wire/2025/03/talks.txt", "text": "Ethiopia and Sudan held talks on Monday.",
             "published": PUBLISHED}  # fmt: skip
    assert seeded.post("/documents", talks).status_code == 201
    path_id = seeded.get("/documents/wire/2025/03/talks.txt").json()
    assert path_id["document"]["id"] == talks["id"] and path_id["events"]


def test_batch_writes_the_store_while_the_server_serves_it(seeded: Server) -> None:
    assert seeded.batch is not None
    assert seeded.batch.returncode == 0, seeded.batch.stderr
    # While the batch held the store every answer was a page or the JSON 503, never another.
    statuses = {status for status, _ in seeded.during_batch}
    assert seeded.during_batch and statuses <= {200, 503}
    for status, body in seeded.during_batch:
        if status == 503:
            assert body["error"]["code"] == "E094"
    # Its documents are served once it is done, with the incidents it linked.
    doc_ids = {e["doc_id"] for e in all_events(seeded)}
    assert {"border_truce", *BATCH_IDS} <= doc_ids
    counts = seeded.counts()
    assert counts["documents"] >= 1 + len(BATCH_IDS)
    assert counts["incidents"] > 0
    assert seeded.after_batch["stale"] is False  # the batch linked the API's document too
    assert seeded.after_batch["incidents"]


def test_while_another_process_writes_the_store_requests_get_503_then_recover(
    seeded: Server,
) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_STORE, str(seeded.store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        busy = seeded.get("/events")
        assert_error(busy, 503, "E094")
        assert busy.headers["Retry-After"] == "5"
        assert time.monotonic() - started >= 1.5  # it waited for the lock before giving up
        health = seeded.get("/health")
        assert health.status_code == 200
        assert health.json()["store"]["status"] == "busy"
        assert seeded.post("/code", {"text": "Talks were held.", "published": PUBLISHED})
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert seeded.get("/events").status_code == 200


def test_other_processes_read_the_store_while_the_server_runs(seeded: Server) -> None:
    """The server's connections are read-only, so the CLI reads meanwhile (and writes, having
    waited its turn)."""
    done = subprocess.run(
        [*eventcoder_command(), "query", "--store", str(seeded.store), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == seeded.counts()["events"]


def test_filters_narrow_the_events(seeded: Server) -> None:
    everything = all_events(seeded)
    total = len(everything)
    assert total >= 10
    # Paging: every event once, in date order.
    assert len({(e["doc_id"], e["id"]) for e in everything}) == total
    dates = [e["date"]["earliest"] for e in everything]
    assert dates == sorted(dates)

    def narrower(params: dict[str, Any], check: Any) -> list[dict[str, Any]]:
        found = all_events(seeded, **params)
        assert 0 < len(found) < total, params
        assert all(check(e) for e in found), params
        return found

    def codes(e: dict[str, Any], side: str) -> set[str]:
        return {a["code"] for a in e[side]}

    narrower({"actor": "ETH"}, lambda e: "ETH" in codes(e, "source") | codes(e, "target"))
    narrower({"actor": "eth"}, lambda e: "ETH" in codes(e, "source") | codes(e, "target"))
    narrower({"type": "ASSAULT"}, lambda e: e["type"] == "ASSAULT")
    narrower({"type": "AGREE,ACCUSE"}, lambda e: e["type"] in {"AGREE", "ACCUSE"})
    quad_codes = load_polecat_map().quad_codes
    for quad, number in (("verbal_cooperation", 1), ("4", 4)):
        narrower({"quad": quad}, lambda e, n=number: quad_codes[e["type"]] == n)
    narrower({"country": "PAK"}, lambda e: (e["location"] or {}).get("country") == "PAK")
    narrower(
        {"dyad": "SDN,ETH"},
        lambda e: (
            {"ETH", "SDN"} <= codes(e, "source") | codes(e, "target")
            and (codes(e, "source") & {"ETH", "SDN"})
            and (codes(e, "target") & {"ETH", "SDN"})
        ),
    )
    narrower({"since": "2025-06-01"}, lambda e: e["date"]["latest"] >= "2025-06-01")
    narrower({"until": "2025-03-31"}, lambda e: e["date"]["earliest"] <= "2025-03-31")
    narrower({"q": "BANNU"}, lambda e: "bannu" in e["evidence"]["text"].lower())
    assert all_events(seeded, type="ASSAULT", quad="verbal_cooperation") == []
    assert all_events(seeded, actor="NOBODY") == []
    assert all_events(seeded, since="2025-03-14", until="2025-03-14")  # a day reached


def test_paging_limits(seeded: Server) -> None:
    first = seeded.get("/events", limit=2).json()
    assert len(first["events"]) == 2 and first["next_offset"] == 2
    assert first["limit"] == 2 and first["offset"] == 0
    assert seeded.get("/events").json()["limit"] == 50
    assert_error(seeded.get("/events", limit=501), 422, "E093")
    assert_error(seeded.get("/events", limit=0), 422, "E093")
    assert_error(seeded.get("/events", offset=-1), 422, "E093")
    assert seeded.get("/events", offset=10_000).json()["events"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"since": "2025-02-30"}, "E093"),
        ({"until": "yesterday"}, "E093"),
        ({"since": "2025-06-02", "until": "2025-06-01"}, "E093"),
        ({"type": "BOMB"}, "E093"),
        ({"quad": "5"}, "E093"),
        ({"dyad": "ETH"}, "E093"),
        ({"country": "Ethiopia"}, "E093"),
        ({"format": "xml"}, "E093"),
        ({"limit": "many"}, "E093"),
    ],
)
def test_bad_filters_are_422_in_the_one_shape(
    seeded: Server, params: dict[str, str], code: str
) -> None:
    assert_error(seeded.get("/events", **params), 422, code)
    assert_error(seeded.get("/incidents", **params), 422, code)


def test_events_as_csv_parse_and_match_the_json(seeded: Server) -> None:
    response = seeded.get("/events", format="csv", actor="ETH", limit=500)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == [c.name for c in native_columns()]
    events = all_events(seeded, actor="ETH")
    assert [r["event_id"] for r in rows] == [e["id"] for e in events]
    assert all(r["published"] for r in rows)
    acled = seeded.get("/events", format="csv", schema="acled")
    assert acled.status_code == 200
    assert next(csv.reader(io.StringIO(acled.text)))[0] == "event_id_cnty"


def test_incidents_filter_page_and_export(seeded: Server) -> None:
    body = seeded.get("/incidents", limit=500).json()
    incidents = body["incidents"]
    assert incidents and body["next_offset"] is None
    assert all(i["reports"] for i in incidents)
    bannu = seeded.get("/incidents", q="Bannu", type="ASSAULT").json()["incidents"]
    assert bannu and len(bannu) < len(incidents)
    assert max(i["n_articles"] for i in bannu) >= 2  # one attack reported by several outlets
    assert all(i["type"] == "ASSAULT" for i in bannu)
    pak = seeded.get("/incidents", actor="TTP").json()["incidents"]
    assert pak and all("TTP" in i["source"] + i["target"] for i in pak)
    rows = list(csv.DictReader(io.StringIO(seeded.get("/incidents", format="csv").text)))
    assert [r["id"] for r in rows] == [i["id"] for i in incidents]
    paged = seeded.get("/incidents", limit=1).json()
    assert len(paged["incidents"]) == 1 and paged["next_offset"] == (
        1 if len(incidents) > 1 else None
    )


def test_an_incident_with_its_events_and_documents(seeded: Server) -> None:
    listed = seeded.get("/incidents", limit=500).json()
    incidents = listed["incidents"]
    attack = max(incidents, key=lambda i: i["n_articles"])
    assert attack["n_articles"] >= 2
    response = seeded.get(f"/incidents/{attack['id']}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["incident"] == attack
    assert body["stale"] is listed["stale"]  # documents other tests posted are not linked yet
    reports = attack["reports"]
    assert [(e["doc_id"], e["id"]) for e in body["events"]] == [
        (r["doc_id"], r["event_id"]) for r in reports
    ]
    assert all(e["type"] == attack["type"] for e in body["events"])
    assert [d["id"] for d in body["documents"]] == list(dict.fromkeys(r["doc_id"] for r in reports))
    for document in body["documents"]:
        assert document == seeded.get(f"/documents/{document['id']}").json()["document"]
    assert {d["source"] for d in body["documents"]} == {r["news_source"] for r in reports}
    assert_error(seeded.get("/incidents/inc-0000000000000000"), 404, "E068")
    assert_error(seeded.get("/incidents/not-an-incident"), 422, "E093")


def test_dyad_series_counts_by_quad_class(seeded: Server) -> None:
    dyad_events = all_events(seeded, dyad="ETH,SDN")
    for interval in ("week", "month"):
        response = seeded.get("/dyads/ETH/SDN/series", interval=interval)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["dyad"] == ["ETH", "SDN"] and body["interval"] == interval
        series = body["series"]
        assert sum(p["total"] for p in series) == len(dyad_events)
        for point in series:
            assert point["total"] == sum(point[q] for q in body["quad_classes"])
        periods = [p["period"] for p in series]
        assert periods == sorted(periods) and len(set(periods)) == len(periods)
    weeks = seeded.get("/dyads/sdn/eth/series").json()["series"]
    assert all(p["period"] >= "2025-02-24" for p in weeks)  # weeks start on Mondays
    assert seeded.get("/dyads/ETH/SDN/series", since="2025-03-10").json()["series"][0] == {
        "period": "2025-03-10",
        **{q: n for q, n in weeks[-1].items() if q != "period"},
    }
    assert_error(seeded.get("/dyads/ETH/SDN/series", interval="day"), 422, "E093")
    assert seeded.get("/dyads/XXX/YYY/series").json()["series"] == []


def test_injection_strings_in_every_filter_change_nothing(seeded: Server) -> None:
    before = seeded.counts()
    events_before = all_events(seeded)
    params = ("actor", "dyad", "type", "quad", "country", "q", "since", "until", "limit",
              "offset", "format")  # fmt: skip
    for text in INJECTIONS:
        for name in params:
            for path in ("/events", "/incidents"):
                response = seeded.get(path, **{name: text})
                assert response.status_code in {200, 422}, (path, name, text, response.text)
                if response.status_code == 422:
                    assert_error(response, 422)
                elif name == "q":
                    assert response.json()[path[1:]] == []  # matched as text: nothing has it
        for path in (
            f"/documents/{text}",
            f"/incidents/{text}",
            f"/dyads/{text}/ETH/series",
            f"/dyads/ETH/{text}/series",
        ):
            response = seeded.client.get(API + path.replace("\x00", "%00"))
            assert response.status_code in {404, 422}, (path, response.text)
            assert_error(response, response.status_code)
    assert seeded.counts() == before
    assert all_events(seeded) == events_before


# --------------------------------------------------------------------------------------------
# malformed requests (property-based, against the same real server): never a 5xx


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = ("text", "published", "id", "explain", "format", "title", "url", "source", "metadata",
          "other")  # fmt: skip
BODIES = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=6) | JSON_VALUES
FILTERS = ("actor", "dyad", "type", "quad", "country", "since", "until", "q", "limit", "offset",
           "format", "schema", "interval")  # fmt: skip
QUERY = st.dictionaries(
    st.sampled_from(FILTERS), st.text(max_size=40) | st.integers().map(str), max_size=5
)


@settings(max_examples=80, deadline=None)
@given(body=BODIES, path=st.sampled_from(["/code", "/documents"]))
def test_random_json_bodies_never_get_a_5xx(server: Server, body: Any, path: str) -> None:
    response = server.post(path, body)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert_error(response, response.status_code)


@settings(max_examples=40, deadline=None)
@given(raw=st.binary(max_size=200), kind=st.sampled_from(["application/json", "text/plain", ""]))
def test_random_bytes_never_get_a_5xx(server: Server, raw: bytes, kind: str) -> None:
    response = server.client.post(f"{API}/code", content=raw, headers={"content-type": kind})
    assert response.status_code < 500, response.text
    assert_error(response, response.status_code)


@settings(max_examples=80, deadline=None)
@given(params=QUERY, path=st.sampled_from(["/events", "/incidents", "/dyads/ETH/SDN/series"]))
def test_random_query_strings_never_get_a_5xx(
    server: Server, params: dict[str, str], path: str
) -> None:
    response = server.get(path, **params)
    assert response.status_code in {200, 422}, response.text
    if response.status_code == 422:
        assert_error(response, 422)
