"""`eventcoder export`: every format x schema round-trips with its documented columns, rows
match the store (less the types ACLED does not code), filters work, errors are one clear line.

Two stores: one coded by the real batch coder from invented articles (what users export), one
written through the store's insert API with hand-made records (to pin exact column values).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from eventcoder.batch import code_corpus
from eventcoder.cli import main
from eventcoder.store import DocumentRow, EventQuery, Store
from eventcoder.store.export import export_events, export_schema
from eventcoder.store.export_maps import load_acled_map

PUBLISHED = "2025-03-07"
ARTICLES = {
    "eth": "Ethiopian forces attacked Eritrean positions near Badme on Tuesday, killing 12 "
    "soldiers, the Eritrean information ministry said.\n\nEthiopian protesters rallied outside "
    "the Eritrean embassy in Addis Ababa on Monday.",
    "ind": "Indian troops shelled Pakistani positions in Kashmir on Monday, killing at least "
    "five people, Pakistan's army said.\n\nIndia and Pakistan agreed to a ceasefire on Sunday "
    "after talks in Geneva.",
    "egy": "Egypt sent 100 trucks of food aid to Sudan on Tuesday. Sudan imposed a curfew in "
    "Khartoum on Wednesday.",
}

# The documented headers (README "eventcoder export"), written out so a change shows here.
ACLED_HEADER = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
POLECAT_HEADER = [
    *("Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts"),
    *("Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors"),
    *("Actor Title", "Actor Name Raw", "Wikipedia Actor ID"),
    *("Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector"),
    *("Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID"),
    *("Placename", "City", "District", "Province", "Country", "Latitude", "Longitude"),
    *("GeoNames ID", "Raw Placename", "Feature Type", "Source", "Publication Date"),
    *("Story People", "Story Organizations", "Story Locations", "Language", "Version"),
    "Event Text",
]
NATIVE_HEADER = [
    "doc_id",
    "event_id",
    "type",
    "mode",
    "auxiliary",
    "source_codes",
    "target_codes",
    "date_earliest",
    "date_latest",
    "date_precision",
    "date_basis",
    "date_text",
    "place",
    "country",
    "lat",
    "lon",
    "place_precision",
    "geonames_id",
    "fatalities_min",
    "fatalities_max",
    "claimed_by",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "confidence",
    "published",
    "url",
    "news_source",
    "title",
    "corrected",
    "corrections",
]
HEADERS = {"native": NATIVE_HEADER, "acled": ACLED_HEADER, "polecat": POLECAT_HEADER}


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture(scope="module")
def coded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    feed = root / "feed.jsonl"
    lines = [
        {"id": doc_id, "text": text, "published": PUBLISHED, "source": "Wire"}
        for doc_id, text in ARTICLES.items()
    ]
    feed.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    store = root / "coded.duckdb"
    code_corpus([feed], store, workers=1)
    return store


def stored_types(store_path: Path) -> list[str]:
    with Store(store_path, read_only=True) as store:
        return [r["type"] for r in store.events()]


def acled_rows_expected(store_path: Path) -> int:
    return sum(1 for t in stored_types(store_path) if t in load_acled_map().types)


def read_rows(path: Path, fmt: str) -> tuple[list[str], list[dict[str, Any]]]:
    """(column names, rows) of an exported file, read by the tools an analyst would use."""
    if fmt == "parquet":
        table = pq.read_table(path)
        return table.schema.names, table.to_pylist()
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return (list(rows[0]) if rows else []), rows


# --------------------------------------------------------------------------------------------
# every format x schema, through the command line


@pytest.mark.parametrize("schema", ["native", "acled", "polecat"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_round_trips(coded_store: Path, tmp_path: Path, fmt: str, schema: str) -> None:
    out = tmp_path / f"events.{fmt}"
    result = run(
        "export", "--store", str(coded_store), "--format", fmt, "--schema", schema, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    names, rows = read_rows(out, fmt)
    stored = stored_types(coded_store)
    expected = acled_rows_expected(coded_store) if schema == "acled" else len(stored)
    assert len(rows) == expected
    assert expected > 0
    if schema == "acled":
        assert expected < len(stored)  # the AID event has no ACLED equivalent
        assert f"Left out {len(stored) - expected} event" in result.stderr
    if fmt == "jsonl" and schema == "native":
        assert {"doc_id", "type", "source", "target", "date", "evidence"} <= set(names)
    else:
        assert names == HEADERS[schema]
    if fmt == "parquet":
        assert pq.read_schema(out) == export_schema(schema).arrow_schema()


def test_native_jsonl_is_the_stored_wire_record(coded_store: Path) -> None:
    exported = run("export", "--store", str(coded_store))
    queried = run("query", "--store", str(coded_store), "--format", "jsonl")
    assert exported.exit_code == queried.exit_code == 0
    assert exported.stdout == queried.stdout
    assert [json.loads(line)["type"] for line in exported.stdout.splitlines()] == stored_types(
        coded_store
    )


def test_csv_to_standard_output_loads_with_the_csv_module(coded_store: Path) -> None:
    result = run("export", "--store", str(coded_store), "--format", "csv", "--schema", "acled")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == acled_rows_expected(coded_store)
    attack = next(r for r in rows if r["notes"].startswith("Indian troops shelled"))
    assert attack["event_type"] == "Explosions/Remote violence"
    assert attack["sub_event_type"] == "Shelling/artillery/missile attack"
    assert attack["actor1"] == "Military Forces of India"
    assert attack["fatalities"] == "5"  # "at least five": the conservative count


def test_filters_are_query_filters(coded_store: Path) -> None:
    filters = ["--type", "ASSAULT", "--since", "2025-03-04", "--country", "ERI"]
    exported = run("export", "--store", str(coded_store), "--format", "csv", *filters)
    queried = run("query", "--store", str(coded_store), "--format", "jsonl", *filters)
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    records = [json.loads(line) for line in queried.stdout.splitlines()]
    assert rows
    assert [r["event_id"] for r in rows] == [r["id"] for r in records]
    for row in rows:
        assert row["type"] == "ASSAULT"
        assert row["country"] == "ERI"
        assert row["date_latest"] >= "2025-03-04"
    limited = run("export", "--store", str(coded_store), "--limit", "1")
    assert len(limited.stdout.splitlines()) == 1


# --------------------------------------------------------------------------------------------
# errors: one line, a code, a non-zero exit


def assert_one_error_line(result: Result, code: str) -> None:
    assert result.exit_code != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: [{code}] "), lines[0]


def test_missing_store(tmp_path: Path) -> None:
    result = run("export", "--store", str(tmp_path / "none.duckdb"), "--schema", "acled")
    assert_one_error_line(result, "E060")


def test_unknown_schema_and_format(coded_store: Path) -> None:
    result = run("export", "--store", str(coded_store), "--schema", "gdelt")
    assert_one_error_line(result, "E076")
    assert "native, acled, polecat" in result.stderr
    result = run("export", "--store", str(coded_store), "--format", "xlsx")
    assert_one_error_line(result, "E075")


def test_parquet_needs_an_output_file(coded_store: Path) -> None:
    result = run("export", "--store", str(coded_store), "--format", "parquet")
    assert_one_error_line(result, "E077")


def test_unwritable_output(coded_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "out.csv"
    result = run("export", "--store", str(coded_store), "--format", "csv", "-o", str(target))
    assert_one_error_line(result, "E078")


# --------------------------------------------------------------------------------------------
# exact column values, from hand-made records


def record(n: int, type_: str, mode: str | None, **fields: Any) -> dict[str, Any]:
    text = f"Evidence {n}:  two\nlines."
    base: dict[str, Any] = {
        "id": f"e{n}",
        "doc_id": "doc",
        "type": type_,
        "mode": mode,
        "source": [{"code": "ETH", "text": "Ethiopian forces", "sector": "MIL"}],
        "target": [{"code": "ERI", "text": "Eritrea"}],
        "date": {
            "earliest": "2025-03-04",
            "latest": "2025-03-04",
            "precision": "day",
            "basis": "explicit",
            "text": "on Tuesday",
        },
        "location": {
            "place": "Badme",
            "country": "ETH",
            "lat": 14.7,
            "lon": 37.8,
            "precision": "point",
            "geonames_id": 1,
        },
        "fatalities": None,
        "claimed_by": [],
        "auxiliary": [],
        "evidence": {"text": text, "start": 0, "end": len(text)},
        "trigger": {"text": "Evidence", "start": 0, "end": 8},
        "confidence": 0.8,
    }
    return base | fields


@pytest.fixture
def made_store(tmp_path: Path) -> Path:
    path = tmp_path / "made.duckdb"
    records = [
        record(0, "ASSAULT", "aerial", fatalities={"min": 3, "max": None}),
        record(
            1,
            "ASSAULT",
            None,
            target=[{"code": "ETH", "text": "villagers", "sector": "CVL"}],
            date={
                "earliest": "2025-03-01",
                "latest": "2025-03-05",
                "precision": "range",
                "basis": "relative",
                "text": "this week",
            },
        ),
        record(
            2,
            "PROTEST",
            "demo",
            source=[{"code": "ETH", "text": "protesters"}],
            target=[],
            location={
                "place": "Tigray",
                "country": "ETH",
                "lat": 14.0,
                "lon": 38.5,
                "precision": "admin",
                "geonames_id": None,
            },
        ),
        record(3, "CONSULT", "visit", auxiliary=["future"]),
    ]
    document = DocumentRow(
        id="doc", content_hash="0" * 64, published=date(2025, 3, 6), source="Wire", url="u"
    )
    with Store(path) as store:
        store.write_document(document, records)
    return path


def export_rows(path: Path, schema: str) -> tuple[list[dict[str, Any]], int]:
    buffer = io.StringIO()
    with Store(path, read_only=True) as store:
        summary = export_events(store, buffer, fmt="jsonl", schema=schema)
    rows = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert summary.rows == len(rows)
    return rows, summary.left_out


def test_acled_values(made_store: Path) -> None:
    rows, left_out = export_rows(made_store, "acled")
    assert left_out == 1  # CONSULT: ACLED does not code meetings
    attack, air, protest = rows  # in date order: e1 begins 2025-03-01
    assert attack["event_id_cnty"] == "ETHe1"
    assert (attack["event_type"], attack["sub_event_type"]) == (
        "Violence against civilians",
        "Attack",
    )
    assert attack["civilian_targeting"] == "Civilian targeting"
    assert attack["actor2"] == "Civilians (Ethiopia)" and attack["inter2"] == 7
    assert attack["time_precision"] == 2  # a five-day range
    assert attack["event_date"] == "2025-03-01" and attack["year"] == 2025

    assert air["disorder_type"] == "Political violence"
    assert air["sub_event_type"] == "Air/drone strike"
    assert air["actor1"] == "Military Forces of Ethiopia" and air["inter1"] == 1
    # Eritrea's forces in Ethiopia are, in ACLED's terms, external forces.
    assert air["actor2"] == "Military Forces of Eritrea" and air["inter2"] == 8
    assert air["interaction"] == 18
    assert air["fatalities"] == 3  # "at least three": the lowest reported toll
    assert (air["iso"], air["country"], air["region"]) == (231, "Ethiopia", "Eastern Africa")
    assert (air["location"], air["admin1"], air["geo_precision"]) == ("Badme", "", 1)
    assert air["notes"] == "Evidence 0: two lines."
    assert air["source"] == "Wire"
    assert air["tags"] == "plover=ASSAULT/aerial; doc_id=doc"
    assert air["time_precision"] == 1

    assert (protest["event_type"], protest["sub_event_type"]) == ("Protests", "Peaceful protest")
    assert protest["actor1"] == "Protesters (Ethiopia)" and protest["inter1"] == 6
    assert protest["actor2"] == "" and protest["inter2"] == 0 and protest["interaction"] == 60
    assert protest["fatalities"] == 0
    assert (protest["admin1"], protest["geo_precision"]) == ("Tigray", 2)


def test_polecat_values(made_store: Path) -> None:
    rows, left_out = export_rows(made_store, "polecat")
    assert left_out == 0
    by_id = {r["Event ID"]: r for r in rows}
    air, visit = by_id["e0"], by_id["e3"]
    assert (air["Event Type"], air["Event Mode"]) == ("ASSAULT", "aerial")
    assert (air["Intensity"], air["Quad Code"]) == (-9.5, 4)
    assert (air["Actor Name"], air["Actor Country"], air["Primary Actor Sector"]) == (
        "Ethiopia",
        "ETH",
        "MIL",
    )
    assert air["Actor Name Raw"] == "Ethiopian forces"
    assert (air["Recipient Name"], air["Recipient Country"]) == ("Eritrea", "ERI")
    assert (air["Placename"], air["City"], air["Country"], air["GeoNames ID"]) == (
        "Badme",
        "Badme",
        "ETH",
        1,
    )
    assert air["Event Date"] == "2025-03-04" and air["Publication Date"] == "2025-03-06"
    assert air["Event Text"] == "Evidence 0: two lines."
    assert air["Actor COW"] == "" and air["Story People"] == ""  # not coded: left empty
    assert (visit["Intensity"], visit["Quad Code"], visit["Contexts"]) == (4.0, 1, "future")


def test_stored_events_streams_in_batches(made_store: Path) -> None:
    with Store(made_store, read_only=True) as store:
        events = list(store.stored_events(EventQuery(), batch_size=1))
        assert [e.record["id"] for e in events] == [r["id"] for r in store.events()]
        assert {e.news_source for e in events} == {"Wire"}
        assert {e.published for e in events} == {date(2025, 3, 6)}
