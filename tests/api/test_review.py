"""Review through the HTTP API, against a real ``eventcoder serve`` on 127.0.0.1: corrections
of stored events with their audit trail, events added from an evidence span, and what the
event list and the CSV export then give."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import eventcoder
from serving import Serving, serve

EXAMPLE = Path(eventcoder.__file__).parent / "examples" / "border_truce.txt"
PUBLISHED = "2025-03-14"
API = "/api/v1"
MISSED = "protesters in Khartoum on Wednesday who had marched against the talks"  # a PROTEST
# the coder misses: the tests add it from this span of the example


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code, body


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    with serve(tmp_path_factory.mktemp("review")) as running:
        body = {"id": "border/truce.txt", "text": EXAMPLE.read_text(encoding="utf-8"),
                "published": PUBLISHED}  # fmt: skip
        response = running.client.post(f"{API}/documents", json=body)
        assert response.status_code == 201, response.text
        yield running


def stored(site: Serving) -> list[dict[str, Any]]:
    return site.client.get(f"{API}/events", params={"limit": 500}).json()["events"]


def test_correct_reject_and_restore_keep_the_trail(site: Serving) -> None:
    client = site.client
    before = stored(site)
    first, second = before[0], before[1]
    corrected = client.post(
        f"{API}/events/{first['id']}/corrections",
        json={
            "reviewer": "ann",
            "kind": "correct",
            "changes": {"type": "COERCE", "target": ["eri", "SDN"], "fatalities": None},
            "note": "a threat, not a deal",
        },
    )
    assert corrected.status_code == 201, corrected.text
    body = corrected.json()
    assert body["event"]["type"] == "COERCE"
    assert [a["code"] for a in body["event"]["target"]] == ["ERI", "SDN"]
    assert body["event"]["corrected"] is True and body["event"]["corrections"] == 1
    assert body["original"] == first  # the coder's record, kept
    (entry,) = body["corrections"]
    assert entry["reviewer"] == "ann" and entry["kind"] == "correct"
    assert entry["changes"]["type"] == "COERCE"
    assert entry["original"]["type"] == first["type"]
    assert entry["made_at"].endswith("Z") and entry["note"] == "a threat, not a deal"

    # a second correction of the same field wins; the first stays in the trail
    bob = {"reviewer": "bob", "kind": "correct", "changes": {"type": "THREATEN"}}
    client.post(f"{API}/events/{first['id']}/corrections", json=bob)
    trail = client.get(f"{API}/events/{first['id']}/corrections").json()
    assert [c["reviewer"] for c in trail["corrections"]] == ["ann", "bob"]
    assert trail["corrections"][1]["original"] == {"type": "COERCE"}
    assert trail["event"]["type"] == "THREATEN"
    assert [a["code"] for a in trail["event"]["target"]] == ["ERI", "SDN"]  # ann's still holds

    # the event list reads the corrected values; a rejected event is left out
    listed = {e["id"]: e for e in stored(site)}
    assert listed[first["id"]]["type"] == "THREATEN"
    assert (
        client.get(f"{API}/events", params={"type": "THREATEN", "actor": "ERI"}).json()["events"][
            0
        ]["id"]
        == first["id"]
    )
    reject = {"reviewer": "ann", "kind": "reject"}
    assert client.post(f"{API}/events/{second['id']}/corrections", json=reject).status_code == 201
    assert second["id"] not in {e["id"] for e in stored(site)}
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"{API}/events", params={"format": "csv", "limit": 500}).text)))  # fmt: skip
    flags = {row["event_id"]: (row["corrected"], row["corrections"]) for row in rows}
    assert flags[first["id"]] == ("true", "2") and second["id"] not in flags
    untouched = before[2]["id"]
    assert flags[untouched] == ("false", "0")

    # the document view keeps the rejected event, flagged, and restoring brings it back
    document = client.get(f"{API}/documents/border/truce.txt").json()
    assert next(e for e in document["events"] if e["id"] == second["id"])["rejected"] is True
    restore = {"reviewer": "ann", "kind": "restore"}
    assert client.post(f"{API}/events/{second['id']}/corrections", json=restore).status_code == 201
    assert second["id"] in {e["id"] for e in stored(site)}


def test_add_a_missed_event_from_its_evidence(site: Serving) -> None:
    client = site.client
    document = client.get(f"{API}/documents/border/truce.txt").json()
    text = document["text"]
    assert text == EXAMPLE.read_text(encoding="utf-8")
    start = text.index(MISSED)
    body = {
        "reviewer": "cho",
        "evidence": {"start": start, "end": start + len(MISSED)},
        "type": "PROTEST",
        "source": ["SDN"],
        "target": ["SDN"],
        "date": {"earliest": "2025-03-12", "latest": "2025-03-12"},
        "location": {"place": "Khartoum", "country": "SDN"},
    }
    added = client.post(f"{API}/documents/border/truce.txt/events", json=body)
    assert added.status_code == 201, added.text
    event = added.json()["event"]
    assert event["added"] is True and event["doc_id"] == "border/truce.txt"
    assert event["evidence"] == {"text": MISSED, "start": start, "end": start + len(MISSED)}
    assert event["date"]["basis"] == "review" and event["location"]["country"] == "SDN"
    assert added.json()["original"] is None
    listed = {e["id"]: e for e in stored(site)}
    assert listed[event["id"]]["type"] == "PROTEST"
    # an added event is an event like the others: it can be corrected in turn
    fix = {"reviewer": "cho", "kind": "correct", "changes": {"fatalities": {"min": 0}}}
    again = client.post(f"{API}/events/{event['id']}/corrections", json=fix)
    assert again.status_code == 201 and again.json()["event"]["fatalities"]["min"] == 0
    assert [c["kind"] for c in again.json()["corrections"]] == ["add", "correct"]


def test_bad_reviews_get_the_one_error_shape(site: Serving) -> None:
    client = site.client
    event_id = stored(site)[0]["id"]
    length = len(EXAMPLE.read_text(encoding="utf-8"))
    good = {"reviewer": "ann", "type": "ACCUSE", "date": {"earliest": PUBLISHED,
            "latest": PUBLISHED}}  # fmt: skip
    add = f"{API}/documents/border/truce.txt/events"
    for start, end in ((length - 3, length + 5), (10, 5), (0, 0)):
        response = client.post(add, json={**good, "evidence": {"start": start, "end": end}})
        assert response.status_code == 422, (start, end, response.text)
        assert response.json()["error"]["code"] in ("E066", "E093")
    assert_error(client.post(add, json={**good, "evidence": {"start": length - 3,
                 "end": length + 5}}), 422, "E066")  # fmt: skip
    assert_error(client.post(add, json={**good, "evidence": {"start": -1, "end": 4}}), 422, "E093")
    no_doc = f"{API}/documents/nothing-here/events"
    assert_error(client.post(no_doc, json={**good, "evidence": {"start": 0, "end": 4}}),
                 404, "E095")  # fmt: skip
    corrections = f"{API}/events/{event_id}/corrections"
    for bad in (
        {"reviewer": "ann", "kind": "correct", "changes": {"type": "PARTY"}},
        {"reviewer": "ann", "kind": "correct", "changes": {}},
        {"reviewer": "ann", "kind": "reject", "changes": {"type": "ACCUSE"}},
        {"reviewer": "ann", "kind": "correct", "changes": {"source": ["'; DROP TABLE x"]}},
        {"reviewer": "ann", "kind": "correct",
         "changes": {"date": {"earliest": "2025-03-14", "latest": "2025-03-01"}}},
        {"reviewer": "ann", "kind": "correct", "changes": {"fatalities": {"min": 5, "max": 2}}},
        {"reviewer": "ann", "kind": "correct", "changes": {"location": {"country": "Sudan"}}},
    ):  # fmt: skip
        assert_error(client.post(corrections, json=bad), 422, "E066")
    for bad in (
        {"kind": "reject"},
        {"reviewer": "", "kind": "reject"},
        {"reviewer": "ann", "kind": "delete"},
        {"reviewer": "ann", "kind": "correct", "changes": {"colour": "red"}},
    ):
        assert_error(client.post(corrections, json=bad), 422, "E093")
    assert_error(client.get(f"{API}/events/0123456789abcdef/corrections"), 404, "E065")
    reject = {"reviewer": "ann", "kind": "reject"}
    assert_error(client.post(f"{API}/events/nope/corrections", json=reject), 404, "E065")


def test_the_review_endpoints_are_in_the_openapi_document(site: Serving) -> None:
    paths = site.client.get("/openapi.json").json()["paths"]
    assert "post" in paths[f"{API}/events/{{event_id}}/corrections"]
    assert "get" in paths[f"{API}/events/{{event_id}}/corrections"]
    assert "post" in paths[f"{API}/documents/{{doc_id}}/events"]


def test_a_correction_relinks_the_incidents_the_api_shows(site: Serving) -> None:
    client = site.client
    event = stored(site)[-1]
    change = {"type": "SANCTION", "date": {"earliest": "2025-03-01", "latest": "2025-03-02"}}
    body = {"reviewer": "cat", "kind": "correct", "changes": change}
    assert client.post(f"{API}/events/{event['id']}/corrections", json=body).status_code == 201
    listed = client.get(f"{API}/incidents", params={"type": "SANCTION"}).json()["incidents"]
    [incident] = [i for i in listed if event["id"] in {r["event_id"] for r in i["reports"]}]
    assert incident["type"] == "SANCTION"
    assert incident["date"] == {"earliest": "2025-03-01", "latest": "2025-03-02"}
    view = client.get(f"{API}/incidents/{incident['id']}").json()
    [shown] = [e for e in view["events"] if e["id"] == event["id"]]
    assert shown["type"] == "SANCTION" and shown["corrected"] is True
    # rejected: in no incident any more
    reject = {"reviewer": "cat", "kind": "reject"}
    assert client.post(f"{API}/events/{event['id']}/corrections", json=reject).status_code == 201
    listed = client.get(f"{API}/incidents", params={"type": "SANCTION"}).json()["incidents"]
    assert all(event["id"] not in {r["event_id"] for r in i["reports"]} for i in listed)
