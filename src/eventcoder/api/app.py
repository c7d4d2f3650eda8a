"""The ASGI application: ``create_app(store_path)``. Routes are thin: they validate, call the
coder or the store, and format; the library does the work."""

# No `from __future__ import annotations`: FastAPI reads the route signatures at run time, and
# some of their types are local to create_app (limits from its config).

import csv
import io
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import Depends, FastAPI, Query
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

import eventcoder
from eventcoder.api.access import StoreAccess
from eventcoder.api.config import ServerConfig
from eventcoder.api.errors import BodyLimit, install_error_handlers
from eventcoder.api.models import (
    AddedEventRequest,
    CodeRequest,
    CorrectionRequest,
    DocumentRequest,
    ErrorBody,
)
from eventcoder.coder import Coder
from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.io.readers import content_id, decode_text, parse_published
from eventcoder.io.serialize import annotated_spans, event_to_record
from eventcoder.model import EVENT_TYPES, Document, Event, Span
from eventcoder.model import Annotated as AnnotatedDocument
from eventcoder.store import DocumentRow, EventQuery
from eventcoder.store.export import LIST_SEPARATOR, export_events
from eventcoder.store.export_maps import load_polecat_map
from eventcoder.store.incidents import INCIDENT_ID_PATTERN
from eventcoder.store.review import (
    ACTOR_CODE_PATTERN,
    CorrectionKind,
    ReviewedEvent,
    add_event,
    correct_event,
    event_review,
)
from eventcoder.web import STATIC

API = "/api/v1"
QUAD_CLASSES = (
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
)
"""PLOVER's quad categories by their number (1-4) in ``data/polecat_map.yaml``'s quad_codes,
which says which types each holds."""
EVENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,199}$"
MAX_SERIES_PERIODS = 2_000
HEALTH_WAIT_S = 0.2
"""Health answers at once: a store another process holds is reported ``busy``."""
INCIDENT_CSV_COLUMNS = (
    "id",
    "type",
    "mode",
    "source_codes",
    "target_codes",
    "date_earliest",
    "date_latest",
    "place",
    "country",
    "lat",
    "lon",
    "place_precision",
    "fatalities_min",
    "fatalities_max",
    "fatalities_low",
    "fatalities_high",
    "n_reports",
    "n_articles",
    "n_sources",
    "first_reported",
)

PAGE_HEADERS = {
    # The page loads nothing but its own files and speaks only to this server; no inline
    # script runs even if some text were ever put into the page as HTML.
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

JSON_OR_CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A page as JSON, or with format=csv as CSV",
        "content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}},
    }
}
"""The answers of a listing that ``format=csv`` turns into CSV, as the OpenAPI document says."""

Code = Annotated[str, PathParam(pattern=ACTOR_CODE_PATTERN, description="An actor code, e.g. ETH")]
EventId = Annotated[str, PathParam(pattern=EVENT_ID_PATTERN, description="An event's id.")]
IncidentId = Annotated[
    str, PathParam(pattern=INCIDENT_ID_PATTERN, description="An incident's id, inc-<16 hex>.")
]


class CoderService:
    """The coder, loaded once; one document is coded at a time (coding is CPU-bound, so
    threads would only take turns at Python's lock; nor do the stages promise thread safety)."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._coder: Coder | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._coder is None:
                self._coder = Coder()
                # The first document pays for lazy loading (lexicons, gazetteer): pay it now.
                self._coder.pipeline(
                    Document(id="warm-up", text="Talks were held.", published=date(2025, 1, 1))
                )

    def document(self, request: CodeRequest) -> Document:
        """The request as a Document, validated as the CLI validates (E001-E004, E010-E012)."""
        text = decode_text(
            request.text,
            source="the request's text",
            max_chars=self.config.max_text_chars,
            html={"auto": None, "text": False, "html": True}[request.format],
        )
        document = Document(
            id=request.id or content_id(text),
            text=text,
            published=parse_published(request.published),
        )
        if isinstance(request, DocumentRequest):
            document = replace(
                document,
                title=request.title,
                url=request.url,
                source=request.source,
                metadata=tuple(sorted(request.metadata.items())),
            )
        return document

    def annotate(self, document: Document) -> tuple[AnnotatedDocument, float]:
        """The coded document, and the seconds coding it took (not waiting for the coder)."""
        self.load()
        assert self._coder is not None
        with self._lock:
            started = time.perf_counter()
            # In a memory zone, so a long-running server's vocabulary does not grow with every
            # new name it reads; the responses need only the carrier's own records, never the
            # spaCy Doc, which the zone invalidates (dropped here so no one reads it).
            with self._coder.memory_zone():
                annotated = self._coder.pipeline(document)
                annotated.doc = None
            return annotated, time.perf_counter() - started


def _server_timing(response: Response, seconds: float) -> None:
    """The coder's own time, so a client can tell it from the server's (Server-Timing)."""
    response.headers["Server-Timing"] = f"coder;dur={seconds * 1000:.2f}"


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters of ``/events`` and ``/incidents`` as given (validated by :func:`event_query`)."""

    actor: Sequence[str]
    dyad: str | None
    type: Sequence[str]
    quad: Sequence[str]
    country: str | None
    since: date | None
    until: date | None
    q: str | None
    limit: int
    offset: int


def _invalid(detail: str) -> EventcoderError:
    return EventcoderError(ErrorCode.E093, detail=detail)


def _code(value: str, name: str) -> str:
    if not re.fullmatch(ACTOR_CODE_PATTERN, value):
        raise _invalid(f"{name}: {value[:80]!r} is not an actor code (letters, digits, _ . -)")
    return value.upper()


def quad_types(quads: Iterable[str]) -> set[str]:
    """The PLOVER types of quad classes given by number (1-4) or name (verbal_conflict)."""
    quad_codes = load_polecat_map().quad_codes
    wanted: set[int] = set()
    for quad in quads:
        key = quad.strip().lower()
        if key in {"1", "2", "3", "4"}:
            wanted.add(int(key))
        elif key in QUAD_CLASSES:
            wanted.add(QUAD_CLASSES.index(key) + 1)
        else:
            raise _invalid(f"quad: {quad[:80]!r} is not 1-4 or one of {', '.join(QUAD_CLASSES)}")
    return {t for t, code in quad_codes.items() if code in wanted}


def event_query(filters: Filters) -> EventQuery | None:
    """The store query of ``filters``; None when they exclude everything (a type outside the
    quad classes asked for)."""
    types = []
    for value in filters.type:
        for name in value.split(","):
            if name.strip().upper() not in EVENT_TYPES:
                raise _invalid(f"type: {name[:80]!r} is not a PLOVER type")
            types.append(name.strip().upper())
    if filters.quad:
        allowed = quad_types(filters.quad)
        types = [t for t in types if t in allowed] if types else sorted(allowed)
        if not types:
            return None
    dyad = None
    if filters.dyad is not None:
        parts = [p for p in re.split(r"[,\s]+", filters.dyad.strip()) if p]
        if len(parts) != 2:
            raise _invalid("dyad: two actor codes, e.g. dyad=ETH,SDN")
        dyad = (_code(parts[0], "dyad"), _code(parts[1], "dyad"))
    country = filters.country
    if country is not None and not re.fullmatch(r"[A-Za-z]{3}", country):
        raise _invalid(f"country: {country[:80]!r} is not an ISO 3166-1 alpha-3 code")
    if filters.since and filters.until and filters.since > filters.until:
        raise _invalid("since is after until")
    return EventQuery(
        actors=tuple(_code(a, "actor") for a in filters.actor),
        types=tuple(dict.fromkeys(types)),
        since=filters.since,
        until=filters.until,
        country=country.upper() if country else None,
        limit=filters.limit,
        dyad=dyad,
        text=filters.q or None,
        offset=filters.offset,
    )


def _mark(span: Span | None, **extra: Any) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text, **extra}


def event_spans(event: Event) -> dict[str, Any]:
    """Where in the text each part of one event was read: its evidence and trigger, each
    actor (by side), the date, the place and the death toll (None where the text gives none,
    e.g. a date from the publication date or an actor known from context)."""

    def actors(side: Sequence[Any]) -> list[dict[str, Any]]:
        return [mark for a in side if (mark := _mark(a.mention, code=a.code)) is not None]

    return {
        "evidence": _mark(event.evidence),
        "trigger": _mark(event.trigger),
        "more_evidence": [_mark(s) for s in event.more_evidence],
        "source": actors(event.source),
        "target": actors(event.target),
        "claimed_by": actors(event.claimed_by),
        "date": _mark(event.date.mention),
        "location": _mark(event.location.mention) if event.location else None,
        "fatalities": _mark(event.fatalities.mention) if event.fatalities else None,
    }


def _page(items: list[str], name: str, query: EventQuery | None, **extra: Any) -> Response:
    """A page of JSON texts (one more than the page was asked for, to know there is more)."""
    limit = query.limit if query and query.limit is not None else len(items)
    offset = query.offset if query else 0
    more = len(items) > limit
    body = (
        f'{{"{name}":[{",".join(items[:limit])}],"limit":{limit},"offset":{offset},'
        f'"next_offset":{offset + limit if more else "null"}'
    )
    for key, value in extra.items():
        body += f",{json.dumps(key)}:{json.dumps(value)}"
    return Response(body + "}", media_type="application/json")


def _csv_value(value: object) -> object:
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else value


def incidents_csv(incidents: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(INCIDENT_CSV_COLUMNS)
    for i in incidents:
        place = i["location"] or {}
        dead = i["fatalities"] or {}
        row = [
            i["id"],
            i["type"],
            i["mode"],
            i["source"],
            i["target"],
            i["date"]["earliest"],
            i["date"]["latest"],
            place.get("place"),
            place.get("country"),
            place.get("lat"),
            place.get("lon"),
            place.get("precision"),
            dead.get("min"),
            dead.get("max"),
            dead.get("low"),
            dead.get("high"),
            i["n_reports"],
            i["n_articles"],
            i["n_sources"],
            i["first_reported"],
        ]
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue()


def period_start(day: date, interval: str) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(day: date, interval: str) -> date:
    if interval == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def quad_series(
    counts: Sequence[tuple[date, str, int]],
    interval: str,
    *,
    since: date | None = None,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """Counts per quad class per period, every period from the first to the last (or from
    ``since`` to ``until``) present, empty ones as zeros."""
    quad_codes = load_polecat_map().quad_codes
    by_period: dict[date, dict[str, int]] = {}
    for period, event_type, n in counts:
        row = by_period.setdefault(period, dict.fromkeys(QUAD_CLASSES, 0))
        row[QUAD_CLASSES[quad_codes[event_type] - 1]] += n
    if not by_period and (since is None or until is None):
        return []
    first = period_start(since, interval) if since else min(by_period)
    last = period_start(until, interval) if until else max(by_period)
    series = []
    period = first
    while period <= last and len(series) < MAX_SERIES_PERIODS:
        row = by_period.get(period, dict.fromkeys(QUAD_CLASSES, 0))
        series.append({"period": period.isoformat(), **row, "total": sum(row.values())})
        period = next_period(period, interval)
    return series


def create_app(
    store_path: str | Path,
    *,
    config: ServerConfig | None = None,
    coder: CoderService | None = None,
) -> FastAPI:
    """The API over the store at ``store_path`` (created on startup if missing). ``coder``: a
    loaded coder to share (tests); by default one is loaded when the server starts."""
    config = config or ServerConfig()
    access = StoreAccess(  # E070 here, before the server starts, for a bad memory limit
        store_path,
        busy_wait_s=config.busy_wait_s,
        memory_limit=config.memory_limit,
        hold_s=config.store_hold_s,
        release_s=config.store_release_s,
    )
    service = coder or CoderService(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Routes run on worker threads, which take turns at Python's lock: with many at once,
        # a long request (coding, ~60 ms of CPU) gets a small share and takes seconds. Fewer
        # threads keep it short; the other requests wait their turn in the event loop.
        anyio.to_thread.current_default_thread_limiter().total_tokens = config.threads
        access.create()
        service.load()
        yield
        access.close()

    app = FastAPI(
        title="eventcoder",
        version=eventcoder.__version__,
        description="News articles in, audited PLOVER 2.0 political events out. Every error "
        'is {"error": {"code", "message"}}.',
        # The framework's interactive docs load their scripts from a CDN; this server is
        # offline, so it serves its own /docs from the bundled Swagger UI (below).
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
        responses={
            status: {"model": ErrorBody, "description": description}
            for status, description in (
                (404, "No such path or document"),
                (413, "The body or the text is too long"),
                (422, "The request is not valid"),
                (503, "Another process is writing the store; retry after Retry-After s"),
                (507, "The store cannot be written: its disk is full or read-only (E069)"),
            )
        },
    )
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    install_error_handlers(app, retry_after=config.retry_after_s)
    app.state.access = access
    app.state.coder = service
    app.state.config = config

    page_size = Annotated[
        int,
        Query(ge=1, le=config.max_page_size, description=f"At most {config.max_page_size}."),
    ]
    offset_q = Annotated[int, Query(ge=0, le=config.max_offset)]

    def filter_params(
        actor: Annotated[list[str], Query(description="Among sources or targets; repeat.")] = [],  # noqa: B006
        dyad: Annotated[str | None, Query(description="A,B: one on each side, either way.")] = None,
        type: Annotated[list[str], Query(description="PLOVER types; repeat or a,b.")] = [],  # noqa: B006
        quad: Annotated[list[str], Query(description="1-4 or verbal_cooperation, ...")] = [],  # noqa: B006
        country: Annotated[str | None, Query(description="ISO3 country of the place.")] = None,
        since: Annotated[date | None, Query(description="Reaching this day or later.")] = None,
        until: Annotated[date | None, Query(description="Dates from this day or earlier.")] = None,
        q: Annotated[str | None, Query(max_length=200, description="Text in the evidence.")] = None,
        limit: page_size = config.default_page_size,
        offset: offset_q = 0,
    ) -> Filters:
        return Filters(actor, dyad, type, quad, country, since, until, q, limit, offset)

    FilterParams = Annotated[Filters, Depends(filter_params)]

    @app.get(f"{API}/health", tags=["server"])
    def health() -> dict[str, Any]:
        """The server is up; what the store holds, or ``busy`` while another process writes it."""
        store: dict[str, Any] = {"path": str(access.path)}
        try:
            with access.read(wait=HEALTH_WAIT_S) as opened:
                counts = opened.counts()
                store |= {
                    "status": "ok",
                    "documents": counts.documents,
                    "events": counts.events,
                    "incidents": opened.incident_count(),
                    "memory_limit": opened.memory_limit(),
                    "writable": access.writable(),
                }
        except EventcoderError as error:
            store |= {"status": "busy" if error.code is ErrorCode.E094 else "unavailable"}
            store |= {"error": error.to_dict()["error"]}
        return {"status": "ok", "version": eventcoder.__version__, "store": store}

    @app.post(f"{API}/code", tags=["coding"])
    def code(request: CodeRequest, response: Response) -> dict[str, Any]:
        """Code an article: its events (the wire records of ``eventcoder code``) and the spans
        the coder found (actors, triggers, times, places). Offsets index ``text``, the article
        as decoded and repaired (for clean plain text: the text sent). Nothing is stored."""
        annotated, seconds = service.annotate(service.document(request))
        _server_timing(response, seconds)
        document = annotated.document
        return {
            "document": {"id": document.id, "published": document.published.isoformat()},
            "text": annotated.document.text,
            "events": [event_to_record(e, explain=request.explain) for e in annotated.events],
            "spans": annotated_spans(annotated),
            "event_spans": [event_spans(e) for e in annotated.events],
        }

    @app.post(f"{API}/documents", status_code=201, tags=["documents"])
    def add_document(request: DocumentRequest, response: Response) -> dict[str, Any]:
        """Code an article and store it with its events (409 if its id is stored already)."""
        document = service.document(request)
        annotated, seconds = service.annotate(document)
        _server_timing(response, seconds)
        stored = [event_to_record(e) for e in annotated.events]
        records = (
            [event_to_record(e, explain=True) for e in annotated.events]
            if request.explain
            else stored
        )
        row = DocumentRow.of(document, input="api")
        with access.write() as store:
            if not store.write_document(row, stored):
                raise EventcoderError(ErrorCode.E096, doc_id=document.id)
        return {
            "document": _document_record(row),
            "text": document.text,
            "events": records,
            "spans": annotated_spans(annotated),
            "event_spans": [event_spans(e) for e in annotated.events],
        }

    @app.get(f"{API}/documents/{{doc_id:path}}", tags=["documents"])
    def get_document(doc_id: str) -> dict[str, Any]:
        """A stored document, its text (null if stored before texts were kept) and its events
        as reviewed: corrected values, a rejected one kept with ``"rejected": true``, added ones
        after the coder's."""
        with access.read() as store:
            row = store.document(doc_id)
            if row is None:
                raise EventcoderError(ErrorCode.E095, doc_id=doc_id)
            text = store.document_text(doc_id)
            events = store.document_events(doc_id)
        return {"document": _document_record(row), "text": text, "events": events}

    @app.post(f"{API}/documents/{{doc_id:path}}/events", status_code=201, tags=["review"])
    def add_missed_event(doc_id: str, request: AddedEventRequest) -> dict[str, Any]:
        """Add an event the coder missed, read from the evidence span ``start``-``end`` of the
        document's stored text (422 when the span is not in it); kept in the trail."""
        with access.write() as store:
            added = add_event(
                store,
                doc_id,
                reviewer=request.reviewer,
                start=request.evidence.start,
                end=request.evidence.end,
                fields=request.changes(),
                note=request.note,
            )
        return _review_record(added)

    @app.post(f"{API}/events/{{event_id}}/corrections", status_code=201, tags=["review"])
    def add_correction(event_id: EventId, request: CorrectionRequest) -> dict[str, Any]:
        """Correct a stored event: reject it, restore it, or correct its type, mode, actors,
        date, place or toll. The coder's record is kept; the trail says who changed what."""
        with access.write() as store:
            corrected = correct_event(
                store,
                event_id,
                reviewer=request.reviewer,
                kind=CorrectionKind(request.kind),
                changes=request.changes.changes(),
                note=request.note,
            )
        return _review_record(corrected)

    @app.get(f"{API}/events/{{event_id}}/corrections", tags=["review"])
    def get_corrections(event_id: EventId) -> dict[str, Any]:
        """An event's audit trail: the coder's record, every correction in order (who, when,
        each field's new and former value) and the event as corrected."""
        with access.read() as store:
            return _review_record(event_review(store, event_id))

    @app.get(f"{API}/events", tags=["events"], response_model=None, responses=JSON_OR_CSV)
    def events(
        filters: FilterParams,
        format: Literal["json", "csv"] = "json",
        schema: Literal["native", "acled", "polecat"] = "native",
    ) -> Response:
        """Stored events matching every filter, in date order, a page at a time
        (``next_offset`` is null on the last page). ``format=csv``: the columns of
        ``eventcoder export --schema`` (native, acled, polecat)."""
        query = event_query(filters)
        if format == "csv":
            out = io.StringIO()
            with access.read() as store:
                if query is None:
                    query = EventQuery(limit=0)
                export_events(store, out, fmt="csv", schema=schema, query=query)
            return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
        if query is None:
            return _page([], "events", None)
        with access.read() as store:
            lines = list(store.event_lines(replace(query, limit=filters.limit + 1)))
        return _page(lines, "events", query)

    @app.get(f"{API}/incidents", tags=["events"], response_model=None, responses=JSON_OR_CSV)
    def incidents(
        filters: FilterParams,
        format: Literal["json", "csv"] = "json",
    ) -> Response:
        """Incidents (one occurrence, all its reports) matching the filters, which apply to the
        incident's own type, actors, dates and country; ``stale`` says events were stored since
        they were linked (``eventcoder batch`` links them)."""
        query = event_query(filters)
        found: list[dict[str, Any]] = []
        stale = False
        if query is not None:
            with access.read() as store:
                page = replace(query, limit=filters.limit + (format != "csv"))
                found = list(store.incidents(page))
                stale = store.incidents_stale()
        if format == "csv":
            return Response(incidents_csv(found), media_type="text/csv; charset=utf-8")
        items = [json.dumps(i, ensure_ascii=False) for i in found]
        return _page(items, "incidents", query, stale=stale)

    @app.get(f"{API}/incidents/{{incident_id}}", tags=["events"])
    def get_incident(incident_id: IncidentId) -> dict[str, Any]:
        """One incident, the events that report it (as reviewed, in the order they were
        published; a rejected event has left it, an added one may have joined) and the
        documents they come from (in the order of their first report)."""
        with access.read() as store:
            incident = store.incident(incident_id)
            if incident is None:
                raise EventcoderError(ErrorCode.E068, incident_id=incident_id)
            events = store.incident_events(incident_id)
            rows = [store.document(doc_id) for doc_id in dict.fromkeys(e["doc_id"] for e in events)]
            stale = store.incidents_stale()
        return {
            "incident": incident,
            "events": events,
            "documents": [_document_record(row) for row in rows if row is not None],
            "stale": stale,
        }

    @app.get(f"{API}/plover", tags=["server"])
    def plover() -> dict[str, Any]:
        """PLOVER's event types, each with its quad class (the manual's table in
        ``data/polecat_map.yaml``), in the quad classes' order."""
        quad_codes = load_polecat_map().quad_codes
        types = sorted(EVENT_TYPES, key=lambda t: (quad_codes[t], EVENT_TYPES.index(t)))
        return {
            "quad_classes": list(QUAD_CLASSES),
            "types": {t: QUAD_CLASSES[quad_codes[t] - 1] for t in types},
        }

    @app.get(f"{API}/dyads/{{a}}/{{b}}/series", tags=["events"])
    def dyad_series(
        a: Code,
        b: Code,
        interval: Literal["week", "month"] = "week",
        since: date | None = None,
        until: date | None = None,
    ) -> dict[str, Any]:
        """Events between A and B (one on each side, either direction) per week or month, by
        PLOVER quad class: verbal and material cooperation, verbal and material conflict."""
        if since and until and since > until:
            raise _invalid("since is after until")
        dyad = (a.upper(), b.upper())
        with access.read() as store:
            counts = store.type_counts(
                EventQuery(dyad=dyad, since=since, until=until), interval=interval
            )
        return {
            "dyad": list(dyad),
            "interval": interval,
            "quad_classes": list(QUAD_CLASSES),
            "series": quad_series(counts, interval, since=since, until=until),
        }

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> FileResponse:
        """The analyst's web page: code an article, explore the store."""
        return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)

    @app.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
    def docs() -> FileResponse:
        """The API's interactive documentation: Swagger UI over ``/openapi.json``, from files
        bundled with the package (``web/static/vendor/swagger-ui``)."""
        return FileResponse(STATIC / "docs.html", headers=PAGE_HEADERS)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _review_record(reviewed: ReviewedEvent) -> dict[str, Any]:
    return {
        "event": reviewed.record,
        "original": reviewed.original,
        "rejected": reviewed.rejected,
        "corrections": [c.to_record() for c in reviewed.trail],
    }


def _document_record(row: DocumentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "published": row.published.isoformat(),
        "title": row.title,
        "url": row.url,
        "source": row.source,
        "metadata": dict(row.metadata),
        "content_hash": row.content_hash,
    }
