"""Ingest rate and query latency of the DuckDB event store, on a seeded synthetic corpus.

    python bench/bench_store.py [--events N] [--seed S] [--repeat R] [--store PATH] [--keep]
                                [--link] [--json]

In one run:

- ``ingest``: a fresh process builds a store of ``--events`` events (default 1,000,000) through
  :meth:`eventcoder.store.Store.write_documents`, the call ``eventcoder batch`` makes, one call per
  chunk of 32 documents (``batch``'s default ``--chunk-size``). Only the write calls are timed;
  synthesising the records is reported apart, and so is ordering the text index's postings
  (:meth:`eventcoder.store.Store.order_text_index`, what the batch does after its writes).
  Reports events/s, documents/s, the process's peak RSS and the store file's size.
- ``queries``: another fresh process opens the store read-only and times
  :meth:`eventcoder.store.Store.events` (what ``eventcoder query`` calls) for a dyad over a year,
  one actor over a year and a type in one country over a month, plus the ``dyad_week`` view for
  a dyad, each consumed fully: ``--repeat`` warm runs (p50, p95, max) after one warm-up, and a
  cold run (the first query of a fresh process that has just opened the store; the operating
  system's file cache stays warm).
- ``--link``: a fresh process links the stored events into incidents
  (:meth:`eventcoder.store.Store.refresh_incidents`, what ``eventcoder batch`` does after each
  batch; 1 M events take minutes), and :meth:`eventcoder.store.Store.incidents` is timed like the
  queries above for the server's incident reads of ``bench_api.py``: a page, a dyad over a year,
  a type in one country and a phrase (50 incidents each, with their reports).
- ``baselines``: the same dyad-year rows fetched by plain DuckDB SQL without the query layer (no
  JSON decoding), from the ``events`` table and from a Parquet copy of it, so the layer's own
  cost shows.

The corpus (:class:`Synthesizer`): documents in publication order over ``START``..``END``, one to
seven events each, dyads drawn Zipf-like from the sovereign states in
``eventcoder/data/states.yaml`` and the armed groups in ``groups.yaml`` (a few headline actors,
PAK and AFG first, lead the ranking), the 16 PLOVER types with realistic weights, places with
coordinates, fatalities, claimants and evidence. The same ``(events, seed)`` gives the same
store.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # `bench_pipeline` beside this file, however this was loaded
    sys.path.insert(0, str(HERE))

from bench_pipeline import machine, peak_rss_mib  # noqa: E402

DEFAULT_EVENTS = 1_000_000
DEFAULT_REPEAT = 50
CHUNK_DOCUMENTS = 32  # `eventcoder batch --chunk-size` default: one write_documents call each
TARGET_DYAD_P50_MS = 200.0
START, END = date(2019, 1, 1), date(2025, 12, 31)
ZIPF_EXPONENT = 1.1  # actor popularity ~ 1 / rank**s: a few actors make most of the news
HEADLINE_ACTORS = ("PAK", "AFG", "RUS", "UKR", "ISR", "HAMAS", "SDN", "RSF", "USA", "CHN")

# PLOVER 2.0's 16 types, weighted roughly as event data sets see them (verbal events dominate).
TYPE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("CONSULT", 18),
    ("ASSAULT", 16),
    ("ACCUSE", 10),
    ("COOPERATE", 8),
    ("SUPPORT", 7),
    ("AGREE", 6),
    ("REQUEST", 6),
    ("REJECT", 5),
    ("THREATEN", 4),
    ("PROTEST", 4),
    ("AID", 3),
    ("COERCE", 3),
    ("MOBILIZE", 3),
    ("SANCTION", 3),
    ("CONCEDE", 1),
    ("RETREAT", 1),
)
ASSAULT_MODES = ("aerial", "firearms", "explosives", "artillery", "drone", None)
PRECISIONS = (("day", 0), ("day", 0), ("day", 0), ("week", 6), ("month", 29))


@dataclass(frozen=True, slots=True)
class Actor:
    code: str
    name: str
    sector: str


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What synthetic events are made of: actors ranked by popularity, and places by country."""

    actors: tuple[Actor, ...]
    places: dict[str, tuple[Place, ...]]


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A measured query: its name, the ``eventcoder query`` options it stands for, its filters.

    ``decoded``: through :meth:`Store.events` (records as dicts: the Python API and the table
    output); else :meth:`Store.event_lines` (the stored JSON text: ``--format jsonl``).
    ``incidents``: through :meth:`Store.incidents` instead (``--link`` only; ``options`` is then
    the server request it stands for).
    """

    name: str
    options: str
    filters: Any  # eventcoder.store.EventQuery (imported lazily, in the measuring process)
    decoded: bool = True
    incidents: bool = False


def load_vocabulary(seed: int) -> Vocabulary:
    """Sovereign states (those with a capital) and armed groups from the package's data files.

    States do not carry coordinates there, so each country gets seeded ones for its capital and
    two more places nearby: enough for lat/lon columns that vary like real ones.
    """
    from importlib.resources import files

    import yaml

    data = files("eventcoder") / "data"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    states = yaml.load(data.joinpath("states.yaml").read_text(encoding="utf-8"), Loader=loader)
    groups = yaml.load(data.joinpath("groups.yaml").read_text(encoding="utf-8"), Loader=loader)
    rng = random.Random(seed)
    actors: list[Actor] = []
    places: dict[str, tuple[Place, ...]] = {}
    for state in states["states"]:
        if not state.get("capitals") or state.get("part_of"):
            continue
        code = state["iso3"]
        actors.append(Actor(code, state["name"], "GOV"))
        lat, lon = rng.uniform(-40, 60), rng.uniform(-120, 140)
        capital = state["capitals"][0]
        places[code] = tuple(
            Place(
                name, code, round(lat + rng.uniform(-2, 2), 4), round(lon + rng.uniform(-2, 2), 4)
            )
            for name in (capital, f"{capital} province", f"{state['name']} border")
        )
    actors += [
        Actor(g["id"], g["name"], g["sector"])
        for g in groups["groups"]
        if g.get("sector") in {"REB", "PRM"}
    ]
    headline = {code: rank for rank, code in enumerate(HEADLINE_ACTORS)}
    actors.sort(key=lambda a: (headline.get(a.code, len(headline)), a.code))
    rest = actors[len(headline) :]
    rng.shuffle(rest)  # the long tail's order is arbitrary, but seeded
    return Vocabulary(actors=tuple(actors[: len(headline)] + rest), places=places)


class Synthesizer:
    """Seeded wire records: ``documents(n_events)`` yields (DocumentRow, records) pairs."""

    def __init__(self, vocabulary: Vocabulary, seed: int) -> None:
        self.vocabulary = vocabulary
        self.rng = random.Random(seed)
        self.actor_cdf = list(
            itertools.accumulate(
                1.0 / (rank + 1) ** ZIPF_EXPONENT for rank in range(len(vocabulary.actors))
            )
        )
        self.type_cdf = list(itertools.accumulate(w for _, w in TYPE_WEIGHTS))
        self.all_places = tuple(p for ps in vocabulary.places.values() for p in ps)

    def actor(self) -> Actor:
        point = self.rng.random() * self.actor_cdf[-1]
        return self.vocabulary.actors[bisect(self.actor_cdf, point)]

    def event_type(self) -> str:
        point = self.rng.random() * self.type_cdf[-1]
        return TYPE_WEIGHTS[bisect(self.type_cdf, point)][0]

    def dyad(self) -> tuple[Actor, Actor]:
        source = self.actor()
        while (target := self.actor()) == source:
            pass
        return source, target

    def documents(self, n_events: int) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
        """Documents in publication order, spread evenly over START..END, until ``n_events``."""
        from eventcoder.store import DocumentRow

        days = (END - START).days
        made = number = 0
        while made < n_events:
            count = min(self.rng.randint(1, 7), n_events - made)
            published = START + timedelta(days=int(days * made / n_events))
            doc_id = f"bench-{number:08d}"
            main = self.dyad()
            records = [self.record(doc_id, seq, published, main) for seq in range(count)]
            yield (
                DocumentRow(
                    id=doc_id,
                    content_hash=hashlib.sha256(doc_id.encode()).hexdigest(),
                    published=published,
                    title=f"{main[0].name} and {main[1].name}: wire report {number}",
                    url=f"https://news.example/{published:%Y/%m/%d}/{doc_id}",
                    source="Example Wire",
                    input=f"bench/corpus-{published.year}.jsonl",
                    metadata=(("section", "world"), ("words", str(self.rng.randint(300, 1500)))),
                ),
                records,
            )
            made += count
            number += 1

    def record(
        self, doc_id: str, seq: int, published: date, main: tuple[Actor, Actor]
    ) -> dict[str, Any]:
        """One wire record (``eventcoder.io.serialize`` shape); most share the document's dyad."""
        rng = self.rng
        source, target = main if rng.random() < 0.6 else self.dyad()
        if rng.random() < 0.5:  # the other direction: the dyad filter must find both
            source, target = target, source
        kind = self.event_type()
        targets = [target] if kind != "PROTEST" or rng.random() < 0.5 else []
        if rng.random() < 0.08:
            targets.append(self.actor())
        precision, span = rng.choice(PRECISIONS)
        earliest = published - timedelta(days=rng.randint(0, 14) + span)
        latest = earliest + timedelta(days=span)
        places = self.vocabulary.places.get(target.code) or self.vocabulary.places.get(source.code)
        place = rng.choice(places or self.all_places) if rng.random() < 0.8 else None
        dead = rng.choice((0, 1, 2, 3, 5, 8, 12, 25, 40)) if kind in {"ASSAULT", "COERCE"} else None
        claimant = rng.choice((source, None, None)) if rng.random() < 0.4 else None
        evidence = (
            f"{source.name} forces and officials {kind.lower()} {target.name} near "
            f"{place.name if place else 'the border'}, {rng.randint(2, 60)} people were reported "
            f"affected, officials said on {earliest:%A}."
        )
        start = rng.randint(0, 4000)
        key = f"{doc_id}:{start}:{kind}".encode()
        return {
            "id": hashlib.blake2b(key, digest_size=12).hexdigest(),
            "doc_id": doc_id,
            "type": kind,
            "mode": rng.choice(ASSAULT_MODES) if kind == "ASSAULT" else None,
            "source": [_actor(source)],
            "target": [_actor(t) for t in targets],
            "date": {
                "earliest": earliest.isoformat(),
                "latest": latest.isoformat(),
                "precision": precision,
                "basis": "explicit" if precision == "day" else "relative",
                "text": f"{earliest:%A}" if precision == "day" else f"last {precision}",
            },
            "location": None
            if place is None
            else {
                "place": place.name,
                "country": place.country,
                "lat": place.lat,
                "lon": place.lon,
                "precision": "point",
                "geonames_id": None,
            },
            "fatalities": None
            if dead is None
            else {
                "min": dead,
                "max": dead if rng.random() < 0.7 else None,
                "by_side": {},
                "vague": None,
                "text": f"killing {dead}",
            },
            "claimed_by": []
            if claimant is None
            else [_actor(claimant) if rng.random() < 0.7 else {"code": "anonymous"}],
            "auxiliary": [],
            "evidence": {"text": evidence, "start": start, "end": start + len(evidence)},
            "trigger": {"text": kind.lower(), "start": start + 30, "end": start + 30 + len(kind)},
            "more_evidence": [],
            "confidence": round(rng.uniform(0.5, 1.0), 2),
        }


def _actor(actor: Actor) -> dict[str, Any]:
    return {"code": actor.code, "text": actor.name, "sector": actor.sector}


# --- measurements (each meant to run in a fresh process) -----------------------------------


def measure_ingest(
    store_path: Path,
    n_events: int,
    seed: int,
    chunk_documents: int = CHUNK_DOCUMENTS,
    memory_limit: str | None = None,
) -> dict[str, Any]:
    """Build the store (with DuckDB's ``memory_limit`` for it, when given); time only
    ``write_documents`` (synthesis is reported apart), one call per ``chunk_documents``
    documents (the batch's chunk by default; a large chunk is a fast bulk load, for benchmarks
    that only need the store)."""
    from eventcoder.store import Store

    synthesizer = Synthesizer(load_vocabulary(seed), seed)
    documents = events = 0
    write_s = synth_s = 0.0
    with Store(store_path, memory_limit=memory_limit) as store:
        chunks = _chunked(synthesizer.documents(n_events), chunk_documents)
        while True:
            t0 = time.perf_counter()
            chunk = next(chunks, None)
            t1 = time.perf_counter()
            synth_s += t1 - t0
            if chunk is None:
                break
            store.write_documents(chunk)
            write_s += time.perf_counter() - t1
            documents += len(chunk)
            events += sum(len(records) for _, records in chunk)
        t0 = time.perf_counter()
        store.order_text_index()  # what the batch does after its writes (not timed as ingest)
        order_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.connection.execute("CHECKPOINT")  # the file on disk is complete and its size final
        checkpoint_s = time.perf_counter() - t0
    wall = max(write_s + checkpoint_s, 1e-9)
    return {
        "events": events,
        "documents": documents,
        "write_s": round(write_s, 3),
        "checkpoint_s": round(checkpoint_s, 3),
        "order_text_index_s": round(order_s, 3),
        "events_per_s": round(events / wall, 1),
        "documents_per_s": round(documents / wall, 1),
        "synthesis_s": round(synth_s, 3),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "store_mib": round(store_path.stat().st_size / 2**20, 1),
    }


def _chunked(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def named_queries() -> tuple[NamedQuery, ...]:
    """The queries of the issue, as ``eventcoder query`` options and as the EventQuery it makes."""
    from eventcoder.store import EventQuery

    year = {"since": date(2024, 1, 1), "until": date(2024, 12, 31)}
    dyad_year = EventQuery(actors=("PAK", "AFG"), **year)
    dyad_options = "--actor PAK --actor AFG --since 2024-01-01 --until 2024-12-31"
    return (
        NamedQuery("dyad_year", dyad_options, dyad_year),
        NamedQuery("dyad_year_jsonl", f"{dyad_options} --format jsonl", dyad_year, decoded=False),
        NamedQuery(
            "actor_year",
            "--actor RUS --since 2024-01-01 --until 2024-12-31",
            EventQuery(actors=("RUS",), **year),
        ),
        NamedQuery(
            "type_country_month",
            "--type ASSAULT --country SDN --since 2024-06-01 --until 2024-06-30",
            EventQuery(
                types=("ASSAULT",), country="SDN", since=date(2024, 6, 1), until=date(2024, 6, 30)
            ),
        ),
    )


def incident_queries() -> tuple[NamedQuery, ...]:
    """The server's incident reads of ``bench_api.py``: the request, the EventQuery it makes."""
    from eventcoder.store import EventQuery

    year = {"since": date(2024, 1, 1), "until": date(2024, 12, 31)}
    phrase = "pakistan near afghanistan border"
    return (
        NamedQuery(
            "incidents_page", "GET /incidents?limit=50", EventQuery(limit=50), incidents=True
        ),
        NamedQuery(
            "incidents_dyad_year",
            "GET /incidents?dyad=PAK,AFG&since=2024-01-01&until=2024-12-31&limit=50",
            EventQuery(dyad=("PAK", "AFG"), limit=50, **year),
            incidents=True,
        ),
        NamedQuery(
            "incidents_type_country",
            "GET /incidents?type=ASSAULT&country=AFG&limit=50",
            EventQuery(types=("ASSAULT",), country="AFG", limit=50),
            incidents=True,
        ),
        NamedQuery(
            "incidents_text",
            f"GET /incidents?q={phrase.replace(' ', '+')}&limit=50",
            EventQuery(text=phrase, limit=50),
            incidents=True,
        ),
    )


def measure_link(store_path: Path) -> dict[str, Any]:
    """In this (fresh) process: link the stored events into incidents."""
    from eventcoder.store import Store

    with Store(store_path) as store:
        built = store.refresh_incidents(force=True)
    return {
        "incidents": built.incidents,
        "events": built.events,
        "seconds": round(built.seconds, 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


DYAD_WEEK_SQL = (
    "SELECT iso_week, week_start, events, fatalities_min FROM dyad_week "
    "WHERE source = ? AND target = ? ORDER BY week_start"
)
DYAD_WEEK_PARAMS = ("PAK", "AFG")

# The dyad-year rows without our layer: the same filter written by hand, records not decoded.
BASELINE_WHERE = (
    "((list_contains(source_codes, 'PAK') OR list_contains(target_codes, 'PAK')) "
    "AND (list_contains(source_codes, 'AFG') OR list_contains(target_codes, 'AFG'))) "
    "AND date_latest >= DATE '2024-01-01' AND date_earliest <= DATE '2024-12-31'"
)


def _runner(store: Any, name: str) -> Callable[[], int]:
    """A function that runs the named measurement once and returns how many rows it read."""
    if name == "dyad_week":
        return lambda: len(store.connection.execute(DYAD_WEEK_SQL, DYAD_WEEK_PARAMS).fetchall())
    if name == "baseline_table":
        sql = f"SELECT record FROM events WHERE {BASELINE_WHERE} ORDER BY date_earliest"
        return lambda: len(store.connection.execute(sql).fetchall())
    if name.startswith("baseline_parquet="):
        parquet = name.split("=", 1)[1].replace("'", "''")
        sql = (
            f"SELECT record FROM read_parquet('{parquet}') WHERE {BASELINE_WHERE} "
            "ORDER BY date_earliest"
        )
        return lambda: len(store.connection.execute(sql).fetchall())
    query = next(q for q in (*named_queries(), *incident_queries()) if q.name == name)
    if query.incidents:
        return lambda: sum(1 for _ in store.incidents(query.filters))
    read = store.events if query.decoded else store.event_lines
    return lambda: sum(1 for _ in read(query.filters))


def measure_query(store_path: Path, name: str, repeat: int) -> dict[str, Any]:
    """In this (fresh) process: open the store, the cold first run, then ``repeat`` warm runs."""
    from eventcoder.store import Store

    t0 = time.perf_counter()
    with Store(store_path, read_only=True) as store:
        open_ms = (time.perf_counter() - t0) * 1000
        run = _runner(store, name)
        t0 = time.perf_counter()
        rows = run()
        cold_ms = (time.perf_counter() - t0) * 1000
        run()  # warm-up, not counted: the cold run may have been the only one to read the file
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            run()
            samples.append((time.perf_counter() - t0) * 1000)
    return {"rows": rows, "open_ms": round(open_ms, 2), "cold_ms": round(cold_ms, 2)} | latency(
        samples
    )


def latency(samples_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(ordered[-1], 2),
        "runs": len(ordered),
    }


def export_parquet(store_path: Path, parquet_path: Path) -> float:
    """The events table as a Parquet file (the baseline's input); returns its size in MiB."""
    import duckdb

    with duckdb.connect(str(store_path), read_only=True) as con:
        target = str(parquet_path).replace("'", "''")
        con.execute(f"COPY events TO '{target}' (FORMAT parquet)")
    return round(parquet_path.stat().st_size / 2**20, 1)


# --- orchestration ------------------------------------------------------------------------


def work(args: Sequence[str]) -> dict[str, Any]:
    """One measurement from its worker arguments: ``ingest STORE EVENTS SEED [MEMORY_LIMIT]``
    or ``link STORE`` or ``query STORE NAME REPEAT``."""
    kind, store, *rest = args
    if kind == "ingest":
        limit = rest[2] if len(rest) > 2 else None
        return measure_ingest(Path(store), int(rest[0]), int(rest[1]), memory_limit=limit)
    if kind == "link":
        return measure_link(Path(store))
    if kind == "query":
        return measure_query(Path(store), rest[0], int(rest[1]))
    raise ValueError(f"unknown measurement {kind!r}")


def run_isolated(*args: str) -> dict[str, Any]:
    """One measurement in a fresh interpreter (its own peak RSS, an empty DuckDB cache)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"worker {args} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_benchmark(
    n_events: int = DEFAULT_EVENTS,
    *,
    seed: int = 0,
    repeat: int = DEFAULT_REPEAT,
    store_path: Path | None = None,
    isolate: bool = True,
    memory_limit: str | None = None,
    link: bool = False,
) -> dict[str, Any]:
    """The whole report. ``isolate=False`` measures in this process (for tests: peak RSS and
    the DuckDB cache are then this process's). The store goes to a temporary folder unless
    ``store_path`` is given (it must not exist yet). ``memory_limit``: DuckDB's, while the
    store is built. ``link``: link the incidents and time their reads too."""
    import duckdb

    with tempfile.TemporaryDirectory(prefix="eventcoder-storebench-") as scratch:
        path = store_path or Path(scratch) / "events.duckdb"
        if path.exists():
            raise FileExistsError(f"{path} exists: the benchmark builds a new store")

        def measure(*args: str) -> dict[str, Any]:
            return run_isolated(*args) if isolate else work(args)

        limit = () if memory_limit is None else (memory_limit,)
        ingest = measure("ingest", str(path), str(n_events), str(seed), *limit)
        queries = {
            q.name: {"options": q.options, **measure("query", str(path), q.name, str(repeat))}
            for q in named_queries()
        }
        queries["dyad_week"] = {
            "options": "SELECT ... FROM dyad_week WHERE source = 'PAK' AND target = 'AFG'",
            **measure("query", str(path), "dyad_week", str(repeat)),
        }
        linking = measure("link", str(path)) if link else None
        for q in incident_queries() if link else ():
            queries[q.name] = {
                "options": q.options,
                **measure("query", str(path), q.name, str(repeat)),
            }
        parquet = Path(scratch) / "events.parquet"
        baselines = {
            "table": {
                "what": "plain SQL on the events table, records not decoded",
                **measure("query", str(path), "baseline_table", str(repeat)),
            },
            "parquet": {
                "what": "plain SQL on a Parquet copy of the events table, records not decoded",
                "parquet_mib": export_parquet(path, parquet),
                **measure("query", str(path), f"baseline_parquet={parquet}", str(repeat)),
            },
        }
    return {
        "machine": machine(duckdb=duckdb.__version__),
        "corpus": {
            "events": n_events,
            "seed": seed,
            "repeat": repeat,
            "years": [START.year, END.year],
            "memory_limit": memory_limit,
        },
        "ingest": ingest,
        "linking": linking,
        "queries": queries,
        "baselines": baselines,
        "targets": {"dyad_year_p50_ms": TARGET_DYAD_P50_MS},
        "targets_met": {
            f"{name}_p50": queries[name]["p50_ms"] < TARGET_DYAD_P50_MS
            for name in ("dyad_year", "dyad_year_jsonl")
        },
    }


def format_report(report: dict[str, Any]) -> str:
    m, c, i = report["machine"], report["corpus"], report["ingest"]
    lines = [
        f"eventcoder store benchmark  {m['date']}  nproc={m['nproc']}  Python {m['python']}  "
        f"DuckDB {m['duckdb']}  commit {m['commit']}",
        f"corpus: {i['events']:,} events in {i['documents']:,} documents (seed {c['seed']}, "
        f"{c['years'][0]}-{c['years'][1]}), written {CHUNK_DOCUMENTS} documents per "
        f"write_documents call; DuckDB memory limit {c.get('memory_limit') or 'its default'}",
        "",
        f"ingest: {i['events_per_s']:,.0f} events/s, {i['documents_per_s']:,.0f} documents/s "
        f"({i['write_s']:.1f} s writing + {i['checkpoint_s']:.1f} s checkpoint; synthesis "
        f"{i['synthesis_s']:.1f} s apart; the text index then ordered as a batch leaves it "
        f"{i['order_text_index_s']:.1f} s); peak RSS {i['peak_rss_mib']:.0f} MiB; "
        f"store {i['store_mib']:.1f} MiB",
        *(
            [
                f"linking: {link['events']:,} events into {link['incidents']:,} incidents in "
                f"{link['seconds']:.1f} s; peak RSS {link['peak_rss_mib']:.0f} MiB"
            ]
            if (link := report.get("linking"))
            else []
        ),
        "",
        f"query latency, ms ({c['repeat']} warm runs each; cold = first query of a fresh process)",
        f"{'':<22}{'rows':>8}{'p50':>9}{'p95':>9}{'max':>9}{'cold':>9}  options",
    ]
    rows = [(name, q, q["options"]) for name, q in report["queries"].items()]
    rows += [(f"baseline {name}", b, b["what"]) for name, b in report["baselines"].items()]
    for name, r, what in rows:
        lines.append(
            f"{name:<22}{r['rows']:>8}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['max_ms']:>9.1f}"
            f"{r['cold_ms']:>9.1f}  {what}"
        )
    table = report["baselines"]["table"]["p50_ms"]
    lines.append("")
    for name in ("dyad_year", "dyad_year_jsonl"):
        p50, met = report["queries"][name]["p50_ms"], report["targets_met"][f"{name}_p50"]
        lines.append(
            f"{name} p50 {p50:.1f} ms (target < {TARGET_DYAD_P50_MS:.0f} ms: "
            f"{'met' if met else 'MISSED'}); {p50 / max(table, 1e-9):.2f}x plain SQL on the table"
        )
    lines.append(f"Parquet copy {report['baselines']['parquet']['parquet_mib']:.1f} MiB")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS, help="default 1,000,000")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="warm runs per query")
    parser.add_argument("--store", type=Path, help="build the store here and keep it")
    parser.add_argument("--memory-limit", help="DuckDB's memory limit while the store is built")
    parser.add_argument(
        "--link", action="store_true", help="link incidents and time their reads (minutes at 1 M)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(work(args.worker)))
        return 0
    report = run_benchmark(
        args.events,
        seed=args.seed,
        repeat=args.repeat,
        store_path=args.store,
        memory_limit=args.memory_limit,
        link=args.link,
    )
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
