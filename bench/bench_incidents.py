"""Incident linking: its quality on the fixture articles and its time on a large store.

```
.venv/bin/python bench/bench_incidents.py --fixtures             # pairwise P/R of the fixtures
.venv/bin/python bench/bench_incidents.py --events 100000        # build time on a synthetic store
.venv/bin/python bench/bench_incidents.py --events 300000 --memory-limit 128MB   # DuckDB capped
```

``--fixtures`` codes ``tests/store/fixtures/incidents/articles.jsonl`` with the real coder into a
temporary store and scores its incidents against ``gold.yaml`` (pairwise precision and recall,
:mod:`eventcoder.evaluate.incidents`). ``--events N`` writes N synthetic events straight into a
temporary store with SQL (occurrences of 16 types between 300 actors at 3,000 places over two
years, each reported by one to four articles), then times a full rebuild of its incidents
(:meth:`eventcoder.store.Store.refresh_incidents`) and reports the process's peak RSS;
``--memory-limit`` opens the store for the rebuild with that DuckDB memory limit (as
``eventcoder batch --memory-limit`` does; the synthetic store is written without one), and a
rebuild that needs more is reported with its error (E120).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from eventcoder.batch import code_corpus
from eventcoder.errors import EventcoderError
from eventcoder.evaluate.incidents import load_incident_gold, score_store_incidents
from eventcoder.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "store" / "fixtures" / "incidents"
TYPES = "ASSAULT COERCE PROTEST CONSULT AGREE ACCUSE THREATEN SUPPORT"


def fixture_scores(fixtures: Path = FIXTURES) -> str:
    gold = load_incident_gold(fixtures / "gold.yaml")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.duckdb"
        summary = code_corpus([fixtures / "articles.jsonl"], path, workers=1)
        with Store(path, read_only=True) as store:
            s = score_store_incidents(store.connection, gold)
    return (
        f"{summary.documents} articles, {summary.events} events, {summary.incidents} incidents; "
        f"gold: {s.gold_events} events in {len(gold.incidents)} incidents, "
        f"{s.matched_events} matched\n"
        f"pairwise precision {s.precision:.3f} ({s.true_positive_pairs}/{s.predicted_pairs})  "
        f"recall {s.recall:.3f} ({s.true_positive_pairs}/{s.true_pairs})  F1 {s.f1:.3f}  "
        f"recall over all gold pairs {s.recall_all:.3f} ({s.true_positive_pairs}/"
        f"{s.all_true_pairs})"
    )


def synthetic_store(path: Path, events: int) -> None:
    """About ``events`` events (each its own article), written with SQL in seconds."""
    occurrences = max(1, int(events / 2.5))
    types = TYPES.split()
    with Store(path) as store:
        con = store.connection
        con.execute(
            f"""
            CREATE TEMP TABLE reports AS
            WITH occ AS (
                SELECT k,
                       CAST(? AS VARCHAR[])[1 + CAST(hash(k, 1) % {len(types)} AS INTEGER)]
                           AS type,
                       'A' || (hash(k, 2) % 300) AS source,
                       'A' || (hash(k, 3) % 300) AS target,
                       DATE '2024-01-01' + CAST(hash(k, 4) % 730 AS INTEGER) AS day,
                       hash(k, 5) % 3000 AS place,
                       1 + hash(k, 6) % 4 AS n
                FROM range({occurrences}) r(k)
            )
            SELECT 'doc-' || k || '-' || j AS doc_id, occ.*,
                   -40 + (hash(place, 7) % 10000) / 100.0 AS lat,
                   -20 + (hash(place, 8) % 14000) / 100.0 AS lon,
                   CASE WHEN hash(k, j, 9) % 3 = 0 THEN CAST(hash(k, 10) % 20 AS INTEGER) END
                       AS dead
            FROM occ, range(4) r(j) WHERE j < n
            LIMIT {events}
            """,
            [types],
        )
        con.execute(
            """
            INSERT INTO documents
            SELECT doc_id, '0', day + CAST(hash(doc_id) % 2 AS INTEGER), NULL, NULL,
                   'outlet ' || (hash(doc_id, 1) % 50), 'synthetic', '{}',
                   current_localtimestamp(), 1
            FROM reports
            """
        )
        con.execute(
            """
            INSERT INTO events
            SELECT doc_id, 0, doc_id || '-e0', type, NULL, [source], [target], day, day, 'day',
                   'P' || place, 'C' || (place % 150), lat, lon, dead, dead, [], 0, 10,
                   'synthetic', '{"auxiliary": [], "date": {"basis": "relative"},
                                  "location": {"precision": "point"}}'
            FROM reports
            """
        )


def build_time(events: int, memory_limit: str | None = None) -> str:
    """Link a synthetic store of ``events``, with DuckDB's ``memory_limit`` while linking."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.duckdb"
        started = time.perf_counter()
        synthetic_store(path, events)
        written = time.perf_counter() - started
        limit = f" under memory limit {memory_limit}" if memory_limit else ""
        try:
            with Store(path, memory_limit=memory_limit) as store:
                stored = store.counts().events
                built = store.refresh_incidents(force=True)
        except EventcoderError as err:
            return f"{events} events (written in {written:.1f} s){limit}: {err}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{stored} events (written in {written:.1f} s): {built.incidents} incidents linked"
        f"{limit} in {built.seconds:.1f} s ({stored / built.seconds:,.0f} events/s); peak RSS "
        f"{peak:.0f} MiB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fixtures", action="store_true", help="Score the fixture articles.")
    parser.add_argument("--events", type=int, help="Time linking a synthetic store of N events.")
    parser.add_argument("--memory-limit", help="DuckDB's memory limit while linking (--events)")
    args = parser.parse_args(argv)
    if not args.fixtures and not args.events:
        args.fixtures = True
    if args.fixtures:
        print(fixture_scores())
    if args.events:
        print(build_time(args.events, args.memory_limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
