"""The command line: a thin layer over the library. Output is formatted here and nowhere else."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from eventcoder.errors import EventcoderError

F = TypeVar("F", bound=Callable[..., Any])
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TABLE_COLUMNS = ("type", "who → whom", "when", "where", "dead", "claimed by", "evidence")
READ_WAIT_S = 10.0
"""How long query and export wait while another process (a server's write) holds the store."""
INCIDENT_COLUMNS = ("type", "who → whom", "when", "where", "dead", "reports", "first", "id")


def output_options(func: F) -> F:
    """The output bundle every command shares (sqlite-utils style)."""
    func = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of standard output.",
    )(func)
    return func


def store_option(help_text: str) -> Callable[[F], F]:
    """The --store option every store command shares."""
    return click.option(
        "--store",
        "store_path",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=help_text,
    )


def fail(error: EventcoderError, *, as_json: bool = False) -> None:
    """One clear message and a non-zero exit; never a traceback for an input problem."""
    if as_json:
        click.echo(json.dumps(error.to_dict()), err=True)
    else:
        click.echo(f"Error: {error}", err=True)
    sys.exit(1)


@click.group()
@click.version_option(package_name="eventcoder")
def main() -> None:
    """eventcoder: news articles in, audited PLOVER 2.0 political events out."""


@main.command()
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--published",
    help="Publication date (YYYY-MM-DD) of a text or HTML article; JSONL lines carry their own.",
)
@click.option("--id", "doc_id", help="Document id for a single article (default: file name).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table", "json"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines, one event a line; a readable table; or one JSON array.",
)
@click.option("--explain", is_flag=True, help="Say for each event why it was coded.")
@click.option(
    "--dropped",
    is_flag=True,
    help="With --explain: also list each candidate trigger a rule set aside, and the rule.",
)
@output_options
def code(
    source: Path,
    published: str | None,
    doc_id: str | None,
    fmt: str,
    explain: bool,
    dropped: bool,
    output: Path | None,
) -> None:
    """Code SOURCE: an article (.txt/.html, or - for standard input) or a JSONL batch whose
    lines are {"id", "text", "published", ...}.

    Evidence offsets index the article as decoded and repaired (encoding fixed, mojibake
    repaired, newlines made \\n, HTML reduced to its text), which is also what evidence.text
    quotes. A bad JSONL line is reported on standard error with its line number and the other
    lines are still coded; the exit status is then 1.

    --explain --dropped also lists the candidates named rules set aside (records with
    "dropped": true and the rule's name), so a missing event can be traced to its rule."""
    from eventcoder.coder import Coder, make_document
    from eventcoder.io.readers import (
        DEFAULT_MAX_BYTES,
        LineError,
        iter_jsonl,
        read_bounded,
        read_document_file,
    )
    from eventcoder.io.serialize import dropped_to_record, event_to_record

    if dropped and not explain:
        raise click.UsageError("--dropped explains what was set aside: use it with --explain")
    errors = 0
    try:
        if source.suffix.lower() in JSONL_SUFFIXES:
            # --published is the default for lines that carry no date of their own.
            documents: Iterator[Any] = iter_jsonl(source, published=published)
        elif str(source) == "-":
            raw = read_bounded(sys.stdin.buffer, DEFAULT_MAX_BYTES, "<stdin>")
            documents = iter([make_document(raw, published, doc_id or "stdin", source="<stdin>")])
        else:
            documents = iter([read_document_file(source, published=published, doc_id=doc_id)])
        coder = Coder()
        records: list[dict[str, Any]] = []

        def good_documents() -> Iterator[Any]:
            nonlocal errors
            for item in documents:
                if isinstance(item, LineError):
                    errors += 1
                    click.echo(_line_message(item), err=True)
                    continue
                yield item

        with _open_output(output) as out:
            set_aside: list[dict[str, Any]] = []

            def records_of(annotated: Any) -> list[dict[str, Any]]:
                found = [event_to_record(e, explain=explain) for e in annotated.events]
                if dropped:
                    doc = annotated.document.id
                    found += [dropped_to_record(doc, d) for d in annotated.dropped]
                return found

            # In memory zones: a long JSON Lines file is coded in flat memory.
            for found in coder.extract(good_documents(), records_of):
                for record in found:
                    if fmt == "jsonl":
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    elif record.get("dropped"):
                        set_aside.append(record)
                    else:
                        records.append(record)
            if fmt == "json":
                out.write(json.dumps(records + set_aside, ensure_ascii=False, indent=2) + "\n")
            elif fmt == "table":
                out.write(format_table(records, explain=explain))
                out.write(format_dropped(set_aside) if dropped else "")
    except EventcoderError as error:
        fail(error)
    if errors:
        sys.exit(1)


def _line_message(item: Any) -> str:
    """One line per bad JSONL record: its code, its line number, what is wrong."""
    error: EventcoderError = item.error
    if error.code.name == "E020":  # its message already starts with "Line N:"
        return f"Error: {error}"
    message = error.to_dict()["error"]["message"]  # type: ignore[index]
    return f"Error: [{error.code.name}] Line {item.line}: {message}"


@main.command("eval")
@click.argument("gold_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--pred",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Score these predictions (JSONL event records with doc_id) instead of coding the texts.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--quiet", is_flag=True, help="Totals only, without the list of every error.")
@output_options
def evaluate(
    gold_dir: Path, pred: Path | None, as_json: bool, quiet: bool, output: Path | None
) -> None:
    """Score the coder (or --pred predictions) against every NAME.yaml gold file in GOLD_DIR,
    by the rules of the gold README."""
    from eventcoder.evaluate.gold import load_gold_dir
    from eventcoder.evaluate.report import format_report
    from eventcoder.evaluate.score import score

    try:
        gold = load_gold_dir(gold_dir)
        predictions = _read_predictions(pred) if pred else _code_gold(gold)
        result = score(gold, predictions)
    except EventcoderError as error:
        fail(error, as_json=as_json)
        return
    with _open_output(output) as out:
        if as_json:
            out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(format_report(result, verbose=not quiet) + "\n")


def _code_gold(gold: list[Any]) -> dict[str, list[dict[str, Any]]]:
    from eventcoder.coder import Coder
    from eventcoder.io.serialize import event_to_record
    from eventcoder.model import Document

    coder = Coder()
    documents = [Document(id=g.id, text=g.text, published=g.published) for g in gold]
    return {
        annotated.document.id: [event_to_record(e) for e in annotated.events]
        for annotated in coder.annotate(documents)
    }


def _read_predictions(path: Path) -> dict[str, list[dict[str, Any]]]:
    from eventcoder.errors import ErrorCode

    predictions: dict[str, list[dict[str, Any]]] = {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise EventcoderError(
            ErrorCode.E021, path=path, detail=f"not UTF-8 text (byte {error.start})"
        ) from error
    except OSError as error:
        raise EventcoderError(
            ErrorCode.E021, path=path, detail=error.strerror or str(error)
        ) from error
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EventcoderError(
                ErrorCode.E020, line=number, detail=f"invalid JSON ({error})"
            ) from error
        if not isinstance(record, dict) or "doc_id" not in record:
            raise EventcoderError(ErrorCode.E020, line=number, detail="not an event with a doc_id")
        predictions.setdefault(str(record["doc_id"]), []).append(record)
    return predictions


class _open_output:
    """Standard output, or a file written whole."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.path is None:
            return sys.stdout
        try:
            self.handle = self.path.open("w", encoding="utf-8")
        except OSError as error:
            raise click.FileError(str(self.path), hint=error.strerror or str(error)) from error
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _sides(actors: list[dict[str, Any]]) -> str:
    return ",".join(a["code"] for a in actors) or "—"


def _when(date: dict[str, Any]) -> str:
    if date["earliest"] == date["latest"]:
        return date["earliest"]
    return f"{date['earliest']}..{date['latest']}"


def _dead(fatalities: dict[str, Any] | None) -> str:
    if not fatalities:
        return ""
    low, high = fatalities["min"], fatalities["max"]
    return str(low) if low == high else f"{low}+" if high is None else f"{low}-{high}"


def format_table(records: list[dict[str, Any]], *, explain: bool = False) -> str:
    rows = [
        (
            r["type"] + (f"/{r['mode']}" if r.get("mode") else ""),
            f"{_sides(r['source'])} → {_sides(r['target'])}",
            _when(r["date"]),
            (r["location"] or {}).get("place") or "",
            _dead(r["fatalities"]),
            _sides(r["claimed_by"]) if r["claimed_by"] else "",
            _clip(r["evidence"]["text"], 70),
        )
        for r in records
    ]
    widths = [
        max([len(col), *(len(row[i]) for row in rows)]) for i, col in enumerate(TABLE_COLUMNS)
    ]
    lines = ["  ".join(col.ljust(w) for col, w in zip(TABLE_COLUMNS, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for record, row in zip(records, rows, strict=True):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if explain:
            lines.append(f"    why: {record.get('why', '')}")
    lines.append(f"{len(records)} event{'' if len(records) == 1 else 's'}")
    return "\n".join(lines) + "\n"


def format_dropped(records: list[dict[str, Any]]) -> str:
    """Candidates set aside, one a line: the rule, the type, the trigger, the sentence."""
    lines = [f"\n{len(records)} candidate{'' if len(records) == 1 else 's'} set aside"]
    lines += [
        f"  {r['rule']}: {r['type']} [{r['trigger']['text']}] {_clip(r['evidence']['text'], 70)}"
        for r in records
    ]
    return "\n".join(lines) + "\n"


def _incident_dead(fatalities: dict[str, Any] | None) -> str:
    """The conservative figure, then the range reported where the reports differ."""
    if not fatalities:
        return ""
    conservative = _dead(fatalities)
    low, high = fatalities["low"], fatalities["high"]
    return conservative if low == high else f"{conservative} ({low}–{high})"


def format_incident_table(incidents: list[dict[str, Any]]) -> str:
    rows = [
        (
            i["type"] + (f"/{i['mode']}" if i.get("mode") else ""),
            f"{','.join(i['source']) or '—'} → {','.join(i['target']) or '—'}",
            _when(i["date"]),
            (i["location"] or {}).get("place") or (i["location"] or {}).get("country") or "",
            _incident_dead(i["fatalities"]),
            f"{i['n_reports']} in {i['n_articles']} art., {i['n_sources']} src.",
            i["first_reported"] or "",
            i["id"],
        )
        for i in incidents
    ]
    widths = [
        max([len(col), *(len(row[n]) for row in rows)]) for n, col in enumerate(INCIDENT_COLUMNS)
    ]
    lines = [
        "  ".join(col.ljust(w) for col, w in zip(INCIDENT_COLUMNS, widths, strict=True)).rstrip()
    ]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    lines.append(f"{len(incidents)} incident{'' if len(incidents) == 1 else 's'}")
    return "\n".join(lines) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------------------------
# corpus scale: batch coding into the event store, and querying it


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option("The DuckDB event store to write (created if missing).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes (or Ray actors) coding in parallel (default: all cores, or the Ray "
    "cluster's CPUs).",
)
@click.option(
    "--engine",
    type=click.Choice(["processes", "ray"]),
    default="processes",
    show_default=True,
    help="Code on local worker processes, or on Ray actors (a local Ray, or --ray-address).",
)
@click.option(
    "--ray-address",
    help="Join this running Ray cluster (host:port of its head, or 'auto') with --engine ray.",
)
@click.option(
    "--published",
    help="Publication date (YYYY-MM-DD) of documents that carry none of their own.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Documents sent to a worker at a time; progress is shown after each chunk.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds one document may take to code; a slower one is recorded as an error (E080).",
)
@click.option(
    "--memory-limit",
    metavar="SIZE",
    help="DuckDB's memory for the store (e.g. 512MB, 2GiB, or 80% of the machine's; default "
    "128MB); beyond it DuckDB evicts and spills to disk.",
)
@click.option(
    "--reconnect-every",
    type=click.IntRange(min=0),
    metavar="DOCUMENTS",
    help="Close the store and open it again after this many documents stored, between two "
    "chunks, so that DuckDB frees the memory it holds per connection (default 10000; 0: never).",
)
@click.option("--quiet", is_flag=True, help="No progress line, only the summary.")
def batch(
    inputs: tuple[Path, ...],
    store_path: Path,
    workers: int | None,
    engine: str,
    ray_address: str | None,
    published: str | None,
    chunk_size: int,
    timeout: float,
    memory_limit: str | None,
    reconnect_every: int | None,
    quiet: bool,
) -> None:
    """Code a corpus into an event store: INPUT is any mix of folders (searched recursively for
    .txt, .html, .json), JSON Lines, CSV and WARC/ARC files, each maybe .gz-compressed.

    Documents already in the store are skipped, so re-running (also after a crash) codes only
    what is missing. A bad document is recorded in the store's errors table and the batch goes
    on; the exit status is then 1."""
    from eventcoder.batch import (
        DEFAULT_MEMORY_LIMIT,
        RECONNECT_EVERY_DOCUMENTS,
        BatchProgress,
        code_corpus,
    )

    if ray_address and engine != "ray":
        raise click.UsageError("--ray-address needs --engine ray")
    interactive = sys.stderr.isatty()
    last_shown = 0.0

    def show(progress: BatchProgress) -> None:
        nonlocal last_shown
        if quiet or (interactive and progress.seconds - last_shown < 0.2):
            return
        last_shown = progress.seconds
        line = format_progress(progress)
        click.echo(f"\r\x1b[K{line}" if interactive else line, err=True, nl=not interactive)

    try:
        summary = code_corpus(
            inputs,
            store_path,
            workers=workers,
            engine=engine,
            ray_address=ray_address,
            published=published,
            chunk_size=chunk_size,
            timeout=timeout,
            progress=show,
            memory_limit=memory_limit or DEFAULT_MEMORY_LIMIT,
            # 0: one connection for the whole batch.
            reconnect_every=RECONNECT_EVERY_DOCUMENTS
            if reconnect_every is None
            else reconnect_every or None,
        )
    except EventcoderError as error:
        if interactive and not quiet:
            click.echo(err=True)
        fail(error)
        return
    if interactive and not quiet:
        click.echo(err=True)
    workers_text = f"{summary.workers} {'Ray actor' if summary.engine == 'ray' else 'worker'}"
    click.echo(
        f"Coded {summary.documents} documents, {summary.events} events, "
        f"{summary.errors} errors ({summary.skipped} already stored) in {summary.seconds:.1f} s: "
        f"{summary.documents_per_s:.1f} documents/s, {summary.events_per_s:.1f} events/s, "
        f"{workers_text}{'s' if summary.workers != 1 else ''}; "
        f"{summary.incidents} incidents in the store (linked in {summary.incident_seconds:.1f} s); "
        f"store {store_path}",
        err=True,
    )
    if summary.errors:
        click.echo(
            f"{summary.errors} documents could not be coded: see the errors table of {store_path}",
            err=True,
        )
        sys.exit(1)


PROGRESS_BAR_WIDTH = 20


def format_progress(progress: Any) -> str:
    """One progress line: a bar and percentage when the total is known, rates, counts, ETA."""
    counts = (
        f"{progress.documents} documents ({progress.documents_per_s:.1f}/s), "
        f"{progress.events} events ({progress.events_per_s:.1f}/s), "
        f"{progress.skipped} skipped, {progress.errors} errors, "
        f"{_duration(progress.seconds)}"
    )
    fraction = progress.fraction
    if fraction is None:
        return counts
    filled = round(fraction * PROGRESS_BAR_WIDTH)
    bar = "#" * filled + "-" * (PROGRESS_BAR_WIDTH - filled)
    eta = progress.eta_s
    eta_text = f", ETA {_duration(eta)}" if eta is not None else ""
    return f"[{bar}] {fraction:4.0%} {progress.done}/{progress.total}: {counts}{eta_text}"


def _duration(seconds: float) -> str:
    """Seconds as 42 s, 3m05s or 2h07m."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def event_filter_options(func: F) -> F:
    """The event filters ``query`` and ``export`` share; :func:`event_query` reads them."""
    options = (
        click.option(
            "--actor",
            "actors",
            multiple=True,
            help="An actor code among the sources or targets; twice for a dyad (either direction).",
        ),
        click.option(
            "--type", "types", multiple=True, help="A PLOVER event type; repeat for any of several."
        ),
        click.option(
            "--since",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="Events whose dates reach this day (YYYY-MM-DD) or later.",
        ),
        click.option(
            "--until",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="Events whose dates begin on this day (YYYY-MM-DD) or earlier.",
        ),
        click.option("--country", help="Events placed in this country (ISO 3166-1 alpha-3)."),
        click.option("--limit", type=click.IntRange(min=0), help="At most this many events."),
    )
    for option in reversed(options):  # click lists options in the order they are applied
        func = option(func)
    return func


def event_query(
    actors: tuple[str, ...],
    types: tuple[str, ...],
    since: datetime | None,
    until: datetime | None,
    country: str | None,
    limit: int | None,
) -> Any:
    """The :class:`~eventcoder.store.EventQuery` of the :func:`event_filter_options` given."""
    from eventcoder.store import EventQuery

    return EventQuery(
        actors=tuple(a.upper() for a in actors),
        types=types,
        since=since.date() if since else None,
        until=until.date() if until else None,
        country=country,
        limit=limit,
    )


@main.command()
@store_option("The DuckDB event store to read.")
@event_filter_options
@click.option(
    "--incidents",
    "list_incidents",
    is_flag=True,
    help="List incidents (one occurrence, all its reports) instead of events.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help="A readable table, or JSON Lines (one event record, or incident, a line).",
)
@output_options
def query(
    store_path: Path,
    list_incidents: bool,
    fmt: str,
    output: Path | None,
    **filters: Any,
) -> None:
    """Print the events of a store that match every filter given, in date order; with
    --incidents, the incidents (the filters apply to an incident's own type, actors, dates and
    country)."""
    from eventcoder.store import Store

    event_query_ = event_query(**filters)
    try:
        with (
            Store(store_path, read_only=True, wait=READ_WAIT_S) as store,
            _open_output(output) as out,
        ):
            if list_incidents:
                if store.incidents_stale():
                    click.echo(
                        "Note: the store holds events added since its incidents were linked; "
                        "running eventcoder batch on it again links them.",
                        err=True,
                    )
                incidents = store.incidents(event_query_)
                if fmt == "jsonl":
                    for incident in incidents:
                        out.write(json.dumps(incident, ensure_ascii=False) + "\n")
                else:
                    out.write(format_incident_table(list(incidents)))
            elif fmt == "jsonl":  # the stored JSON text as it is: no decoding and encoding again
                for line in store.event_lines(event_query_):
                    out.write(line + "\n")
            else:
                out.write(format_table(list(store.events(event_query_))))
    except EventcoderError as error:
        fail(error)


@main.command()
@store_option("The DuckDB event store to read.")
@click.option(
    "--format",
    "fmt",
    default="jsonl",
    show_default=True,
    help="jsonl, csv or parquet (parquet needs -o).",
)
@click.option(
    "--schema",
    default="native",
    show_default=True,
    help="Columns: native (our event record), acled (ACLED's export columns) or polecat "
    "(POLECAT's release columns).",
)
@event_filter_options
@output_options
def export(
    store_path: Path,
    fmt: str,
    schema: str,
    output: Path | None,
    **filters: Any,
) -> None:
    """Export the events of a store for analysis scripts written for ACLED or POLECAT data, or
    in our own columns, as JSON Lines, CSV or Parquet; the same filters as query.

    Events of PLOVER types ACLED does not code (meetings, statements, sanctions, ...) are left
    out of --schema acled; a line on standard error says how many."""
    from eventcoder.store import Store
    from eventcoder.store.export import export_events

    try:
        with Store(store_path, read_only=True, wait=READ_WAIT_S) as store:
            summary = export_events(
                store,
                output if output is not None else sys.stdout,
                fmt=fmt.lower(),
                schema=schema.lower(),
                query=event_query(**filters),
            )
    except EventcoderError as error:
        fail(error)
        return
    if summary.left_out:
        plural = "s" if summary.left_out != 1 else ""
        click.echo(
            f"Left out {summary.left_out} event{plural} of types {schema} does not code; "
            f"exported {summary.rows}.",
            err=True,
        )


@main.group()
def review() -> None:
    """Analysts' reviews of stored events (corrections are made in the web page or through
    the API: POST /api/v1/events/{id}/corrections)."""


@review.command("export-gold")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The DuckDB event store to read (default: the embedded store `eventcoder serve` uses).",
)
def export_gold(folder: Path, store_path: Path | None) -> None:
    """Write every reviewed document of the store as gold files into FOLDER (NAME.txt and
    NAME.yaml, the gold format): corrected events, rejected ones removed, added ones
    included, so that `eventcoder eval FOLDER` scores the coder against the review."""
    from eventcoder.api.config import default_store_path
    from eventcoder.store import Store
    from eventcoder.store.gold_export import export_gold as write_gold

    try:
        with Store(store_path or default_store_path(), read_only=True, wait=READ_WAIT_S) as store:
            written = write_gold(store, folder)
    except EventcoderError as error:
        fail(error)
        return
    for doc_id in written.without_text:
        click.echo(f"Left out {doc_id!r}: stored without its text (before schema v3).", err=True)
    click.echo(
        f"Wrote {len(written.files)} reviewed documents ({written.events} events) to {folder}.",
        err=True,
    )


@main.command()
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The DuckDB event store to serve (created if missing; default: an embedded store in "
    "$EVENTCODER_HOME, else the user's data folder).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback by default: only this machine can connect).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--memory-limit",
    metavar="SIZE",
    help="DuckDB's memory for each connection to the store (e.g. 512MB, 2GiB; default: 80% of "
    "the machine's); beyond it DuckDB evicts and spills to disk.",
)
@click.option("--no-access-log", is_flag=True, help="Do not log each request.")
def serve(
    store_path: Path | None, host: str, port: int, memory_limit: str | None, no_access_log: bool
) -> None:
    """Serve the HTTP API (under /api/v1; OpenAPI at /openapi.json) over an event store.

    The server lets go of the store every few seconds, however busy, so `eventcoder batch` can
    write the same store meanwhile (requests wait, then answer 503, while it holds the store)."""
    import uvicorn

    from eventcoder.api import ServerConfig, create_app, default_store_path

    path = store_path or default_store_path()
    try:
        app = create_app(path, config=ServerConfig(memory_limit=memory_limit))
        click.echo(f"eventcoder serve: store {path}, http://{host}:{port}/api/v1/health", err=True)
        uvicorn.run(app, host=host, port=port, access_log=not no_access_log, log_level="info")
    except EventcoderError as error:
        fail(error)
