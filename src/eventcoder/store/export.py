"""Export a store's events as JSON Lines, CSV or Parquet in one of three column schemas:

- ``native``: our own event record (JSON Lines: the wire record itself; CSV/Parquet: its fields
  flattened, with the document's publication date, URL, source and title);
- ``acled``: ACLED's 31 export columns, so scripts written for ACLED downloads run unchanged
  (``data/acled_map.yaml`` maps PLOVER types and modes to ACLED's categories);
- ``polecat``: the 40 columns of POLECAT's public release files, plus ``Event Text`` (the
  evidence sentence) after them; what we do not code is left empty.

Rows are streamed from the store in Arrow record batches and written as they come, so an export
never holds the store in memory. README "eventcoder export" lists every column.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.store.export_maps import (
    AcledCategory,
    AcledMap,
    PolecatMap,
    load_acled_map,
    load_polecat_map,
)
from eventcoder.store.store import EventQuery, Store, StoredEvent

FORMATS = ("jsonl", "csv", "parquet")
SCHEMAS = ("native", "acled", "polecat")
LIST_SEPARATOR = ";"
"""How CSV writes a list (codes, sectors): ACLED and POLECAT separate several values by ';'."""

ROWS_PER_BATCH = 2048


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: pa.DataType


Row = tuple[object, ...]
RowBuilder = Callable[[StoredEvent], Row | None]
"""One event's row in a schema's column order; None leaves the event out of the export."""


@dataclass(frozen=True, slots=True)
class ExportSchema:
    name: str
    columns: tuple[Column, ...]
    build_row: RowBuilder
    native_jsonl: bool = False  # JSON Lines of this schema is the stored wire record itself

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])


@dataclass(frozen=True, slots=True)
class ExportSummary:
    rows: int
    left_out: int  # events the schema has no row for (ACLED: types ACLED does not code)


_S, _I, _F, _D = pa.string(), pa.int32(), pa.float64(), pa.date32()
_CODES = pa.list_(pa.string())


def _columns(*spec: tuple[str, pa.DataType]) -> tuple[Column, ...]:
    return tuple(Column(name, kind) for name, kind in spec)


def native_columns() -> tuple[Column, ...]:
    return _columns(
        ("doc_id", _S),
        ("event_id", _S),
        ("type", _S),
        ("mode", _S),
        ("auxiliary", _CODES),
        ("source_codes", _CODES),
        ("target_codes", _CODES),
        ("date_earliest", _D),
        ("date_latest", _D),
        ("date_precision", _S),
        ("date_basis", _S),
        ("date_text", _S),
        ("place", _S),
        ("country", _S),
        ("lat", _F),
        ("lon", _F),
        ("place_precision", _S),
        ("geonames_id", pa.int64()),
        ("fatalities_min", _I),
        ("fatalities_max", _I),
        ("claimed_by", _CODES),
        ("evidence_start", _I),
        ("evidence_end", _I),
        ("evidence_text", _S),
        ("confidence", _F),
        ("published", _D),
        ("url", _S),
        ("news_source", _S),
        ("title", _S),
        ("corrected", pa.bool_()),
        ("corrections", _I),
    )


def acled_columns() -> tuple[Column, ...]:
    return _columns(
        ("event_id_cnty", _S),
        ("event_date", _D),
        ("year", _I),
        ("time_precision", _I),
        ("disorder_type", _S),
        ("event_type", _S),
        ("sub_event_type", _S),
        ("actor1", _S),
        ("assoc_actor_1", _S),
        ("inter1", _I),
        ("actor2", _S),
        ("assoc_actor_2", _S),
        ("inter2", _I),
        ("interaction", _I),
        ("civilian_targeting", _S),
        ("iso", _I),
        ("region", _S),
        ("country", _S),
        ("admin1", _S),
        ("admin2", _S),
        ("admin3", _S),
        ("location", _S),
        ("latitude", _F),
        ("longitude", _F),
        ("geo_precision", _I),
        ("source", _S),
        ("source_scale", _S),
        ("notes", _S),
        ("fatalities", _I),
        ("tags", _S),
        ("timestamp", pa.int64()),
    )


def polecat_columns() -> tuple[Column, ...]:
    def side(role: str) -> list[tuple[str, pa.DataType]]:
        return [
            (f"{role} Name", _S),
            (f"{role} Country", _S),
            (f"{role} COW", _S),
            (f"Primary {role} Sector", _S),
            (f"{role} Sectors", _S),
            (f"{role} Title", _S),
            (f"{role} Name Raw", _S),
            (f"Wikipedia {role} ID", _S),
        ]

    return _columns(
        ("Event ID", _S),
        ("Event Date", _D),
        ("Event Type", _S),
        ("Event Mode", _S),
        ("Intensity", _F),
        ("Quad Code", _I),
        ("Contexts", _S),
        *side("Actor"),
        *side("Recipient"),
        ("Placename", _S),
        ("City", _S),
        ("District", _S),
        ("Province", _S),
        ("Country", _S),
        ("Latitude", _F),
        ("Longitude", _F),
        ("GeoNames ID", pa.int64()),
        ("Raw Placename", _S),
        ("Feature Type", _S),
        ("Source", _S),
        ("Publication Date", _D),
        ("Story People", _S),
        ("Story Organizations", _S),
        ("Story Locations", _S),
        ("Language", _S),
        ("Version", _S),
        ("Event Text", _S),  # ours, after POLECAT's 40 columns: the evidence sentence
    )


# --------------------------------------------------------------------------------------------
# rows


def _codes(actors: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(a["code"]) for a in actors]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def native_row(event: StoredEvent) -> Row:
    r = event.record
    when, place = r["date"], r.get("location") or {}
    dead, evidence = r.get("fatalities") or {}, r["evidence"]
    return (
        r["doc_id"],
        r["id"],
        r["type"],
        r.get("mode"),
        list(r.get("auxiliary") or []),
        _codes(r["source"]),
        _codes(r["target"]),
        _day(when["earliest"]),
        _day(when["latest"]),
        when.get("precision"),
        when.get("basis"),
        when.get("text"),
        place.get("place"),
        place.get("country"),
        place.get("lat"),
        place.get("lon"),
        place.get("precision"),
        place.get("geonames_id"),
        dead.get("min"),
        dead.get("max"),
        _codes(r.get("claimed_by") or []),
        evidence["start"],
        evidence["end"],
        evidence["text"],
        r.get("confidence"),
        event.published,
        event.url,
        event.news_source,
        event.title,
        bool(r.get("corrected")),  # a reviewer's correction (or addition) is in this row
        r.get("corrections", 0),
    )


def _country_name(code: str | None, overrides: Mapping[str, str]) -> str | None:
    """A state's English name (ACLED's spelling where it differs); None if not a state code."""
    if not code:
        return None
    if code in overrides:
        return overrides[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


# ACLED time_precision: 1 the day is known, 2 the week (a few days), 3 the month or longer.
_TIME_PRECISION = {"day": 1, "week": 2, "report": 2, "month": 3, "year": 3}
# ACLED geo_precision: 1 the town itself, 2 a part of a region near a town, 3 a larger region.
_GEO_PRECISION = {"point": 1, "admin": 2, "country": 3, "region": 3}


def _time_precision(when: Mapping[str, Any]) -> int:
    precision = when.get("precision")
    if precision in _TIME_PRECISION:
        return _TIME_PRECISION[precision]
    # A range (or an unknown precision): by how many days it spans.
    days = (date.fromisoformat(when["latest"]) - date.fromisoformat(when["earliest"])).days
    return 1 if days == 0 else 2 if days <= 7 else 3


class AcledRows:
    """Builds ACLED rows (``data/acled_map.yaml`` says which PLOVER event becomes what)."""

    def __init__(self, acled: AcledMap) -> None:
        self.acled = acled

    def country(self, code: str | None) -> str | None:
        return _country_name(code, self.acled.country_names)

    def actor_name(self, actor: Mapping[str, Any], category: AcledCategory) -> str:
        code, sector = str(actor["code"]), actor.get("sector")
        country = self.country(code)
        if country is None:  # a group or organisation: its id, stable across events
            return code
        protest_names = self.acled.protest_actor_names
        if category.event_type in protest_names and sector in (None, "CVL"):
            template = protest_names[category.event_type]
        else:
            names = self.acled.state_actor_names
            unknown = "default_violence" if category.political_violence else "default"
            template = names.get(sector or "", names[unknown])
        return template.format(country=country)

    def inter(
        self, actor: Mapping[str, Any] | None, category: AcledCategory, place: str | None
    ) -> int:
        if actor is None:
            return 0
        code, sector = str(actor["code"]), actor.get("sector")
        if category.event_type == "Protests" and sector in (None, "CVL"):
            return 6
        if category.event_type == "Riots" and sector in (None, "CVL"):
            return 5
        is_state = self.country(code) is not None
        inter = self.acled.inter_codes.get(sector or "", 1 if is_state else 2)
        # The codebook's External/Other forces include state forces fighting outside their
        # own country; an agreement signed abroad does not make a government "external".
        abroad = place is not None and code != place
        if inter == 1 and is_state and abroad and category.political_violence:
            return 8
        return inter

    def __call__(self, event: StoredEvent) -> Row | None:
        r = event.record
        sources, targets = r["source"], r["target"]
        civilian_target = any(a.get("sector") == "CVL" for a in targets)
        category = self.acled.category(r["type"], r.get("mode"), civilian_target=civilian_target)
        if category is None:
            return None
        place = r.get("location") or {}
        iso3 = place.get("country")
        country = self.country(iso3)
        pycountry_entry = pycountry.countries.get(alpha_3=iso3) if iso3 else None
        when = r["date"]
        day = date.fromisoformat(when["earliest"])
        actor1, actor2 = (sources[0] if sources else None), (targets[0] if targets else None)
        inter1, inter2 = self.inter(actor1, category, iso3), self.inter(actor2, category, iso3)
        low, high = sorted((inter1, inter2)) if inter1 and inter2 else (inter1 or inter2, 0)
        precision = place.get("precision")
        dead = (r.get("fatalities") or {}).get("min")
        mode = f"/{r['mode']}" if r.get("mode") else ""
        return (
            f"{iso3}{r['id']}" if iso3 else r["id"],
            day,
            day.year,
            _time_precision(when),
            category.disorder_type,
            category.event_type,
            category.sub_event_type,
            self.actor_name(actor1, category) if actor1 else "",
            "; ".join(self.actor_name(a, category) for a in sources[1:]),
            inter1,
            self.actor_name(actor2, category) if actor2 else "",
            "; ".join(self.actor_name(a, category) for a in targets[1:]),
            inter2,
            10 * low + high,
            "Civilian targeting" if civilian_target and category.political_violence else "",
            int(pycountry_entry.numeric) if pycountry_entry else None,
            self.acled.regions.get(iso3 or "", ""),
            country or "",
            (place.get("place") or "") if precision == "admin" else "",
            "",
            "",
            (country or "") if precision == "country" else place.get("place") or "",
            place.get("lat"),
            place.get("lon"),
            _GEO_PRECISION.get(precision or ""),
            event.news_source or "",
            "",
            _one_line(r["evidence"]["text"]),
            dead or 0,  # ACLED's conservative rule: the lowest reported toll, 0 when none
            f"plover={r['type']}{mode}; doc_id={r['doc_id']}"
            + (f"; corrected={r['corrections']}" if r.get("corrected") else ""),
            int(event.coded_at.timestamp()),
        )


class PolecatRows:
    """Builds POLECAT rows from the manual's quad codes and intensities."""

    def __init__(self, polecat: PolecatMap, acled: AcledMap, coder_version: str) -> None:
        self.polecat = polecat
        self.country_names = acled.country_names
        self.version = coder_version

    def side(self, actors: Sequence[Mapping[str, Any]]) -> list[str]:
        """Name, Country, COW, Primary Sector, Sectors, Title, Name Raw, Wikipedia ID."""
        names = [_country_name(str(a["code"]), self.country_names) or a["code"] for a in actors]
        countries = [a["code"] for a in actors if _country_name(a["code"], self.country_names)]
        sectors = [a["sector"] for a in actors if a.get("sector")]
        raw = [a["text"] for a in actors if a.get("text")]
        join = LIST_SEPARATOR.join
        primary = actors[0].get("sector") if actors else None
        return [join(names), join(countries), "", primary or "", join(sectors), "", join(raw), ""]

    def __call__(self, event: StoredEvent) -> Row:
        r = event.record
        place = r.get("location") or {}
        precision = place.get("precision")
        name = place.get("place") or ""
        return (
            r["id"],
            _day(r["date"]["earliest"]),
            r["type"],
            r.get("mode") or "",
            self.polecat.intensity(r["type"], r.get("mode")),
            self.polecat.quad_codes[r["type"]],
            # PLOVER puts the auxiliary modes (future, hypothetical, ...) in the context field.
            LIST_SEPARATOR.join(r.get("auxiliary") or []),
            *self.side(r["source"]),
            *self.side(r["target"]),
            name,
            name if precision == "point" else "",
            "",
            name if precision == "admin" else "",
            place.get("country") or "",
            place.get("lat"),
            place.get("lon"),
            place.get("geonames_id"),
            name,
            "",
            event.news_source or "",
            event.published,
            "",
            "",
            "",
            "en",  # the coder reads English only
            self.version,
            _one_line(r["evidence"]["text"]),
        )


def _coder_version() -> str:
    try:
        return f"eventcoder {version('eventcoder')}"
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "eventcoder"


def export_schema(name: str) -> ExportSchema:
    """The named export schema; E076 for an unknown name."""
    if name == "native":
        return ExportSchema("native", native_columns(), native_row, native_jsonl=True)
    if name == "acled":
        return ExportSchema("acled", acled_columns(), AcledRows(load_acled_map()))
    if name == "polecat":
        rows = PolecatRows(load_polecat_map(), load_acled_map(), _coder_version())
        return ExportSchema("polecat", polecat_columns(), rows)
    raise EventcoderError(ErrorCode.E076, name=name, known=", ".join(SCHEMAS))


# --------------------------------------------------------------------------------------------
# writers


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(map(str, value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):  # as JSON and SQL spell them, not Python's True
        return "true" if value else "false"
    return value


def _json_cell(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


class _RowStream:
    """The rows of ``events`` in ``schema``, counting the events the schema leaves out."""

    def __init__(self, schema: ExportSchema, events: Iterator[StoredEvent]) -> None:
        self.schema = schema
        self.events = events
        self.left_out = 0

    def __iter__(self) -> Iterator[Row]:
        for event in self.events:
            row = self.schema.build_row(event)
            if row is None:
                self.left_out += 1
            else:
                yield row


def _write_jsonl(stream: _RowStream, out: IO[str]) -> int:
    if stream.schema.native_jsonl:  # the stored wire record, exactly as `query` prints it
        lines: Iterator[object] = (event.record for event in stream.events)
    else:
        names = stream.schema.names
        lines = ({n: _json_cell(v) for n, v in zip(names, row, strict=True)} for row in stream)
    written = 0
    for line in lines:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        written += 1
    return written


def _write_csv(stream: _RowStream, out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(stream.schema.names)
    written = 0
    for row in stream:
        writer.writerow([_csv_cell(v) for v in row])
        written += 1
    return written


def _write_parquet(stream: _RowStream, path: Path) -> int:
    columns = stream.schema.columns
    arrow_schema = stream.schema.arrow_schema()
    written = 0
    rows = iter(stream)
    with pq.ParquetWriter(path, arrow_schema) as writer:
        while batch := list(islice(rows, ROWS_PER_BATCH)):
            arrays = [
                pa.array(list(values), type=column.type)
                for values, column in zip(zip(*batch, strict=True), columns, strict=True)
            ]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=arrow_schema))
            written += len(batch)
    return written


def export_events(
    store: Store,
    destination: Path | IO[str],
    *,
    fmt: str = "jsonl",
    schema: str = "native",
    query: EventQuery | None = None,
) -> ExportSummary:
    """Write the store's events matching ``query`` to ``destination`` (a file path, or an open
    text stream for JSON Lines and CSV) in format ``fmt`` and column schema ``schema``.

    Raises E075 (unknown format), E076 (unknown schema), E077 (Parquet to a stream) and E078
    (the file cannot be written). An empty result still writes CSV's header and Parquet's
    schema, so a script reading the file finds its columns.
    """
    if fmt not in FORMATS:
        raise EventcoderError(ErrorCode.E075, name=fmt, known=", ".join(FORMATS))
    stream = _RowStream(export_schema(schema), store.stored_events(query))
    if fmt == "parquet" and not isinstance(destination, Path):
        raise EventcoderError(ErrorCode.E077)
    write_text = _write_jsonl if fmt == "jsonl" else _write_csv
    try:
        if isinstance(destination, Path) and fmt == "parquet":
            written = _write_parquet(stream, destination)
        elif isinstance(destination, Path):
            # newline="": the csv module writes its own line ends (RFC 4180's CRLF).
            with destination.open("w", encoding="utf-8", newline="") as out:
                written = write_text(stream, out)
        else:
            written = write_text(stream, destination)
    except OSError as error:
        raise EventcoderError(
            ErrorCode.E078, path=destination, detail=error.strerror or str(error)
        ) from error
    return ExportSummary(rows=written, left_out=stream.left_out)
