"""Batch coding into the store: mixed inputs, bad documents, idempotent re-runs, kill -9 and
resume, worker processes, per-document timeouts, and the batch and query commands."""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventcoder.batch import (
    DEFAULT_MEMORY_LIMIT,
    RECONNECT_EVERY_DOCUMENTS,
    BatchProgress,
    BatchSummary,
    code_corpus,
    count_documents,
)
from eventcoder.cli import format_progress, main
from eventcoder.errors import EventcoderError
from eventcoder.pipeline import DEFAULT_PIPELINE, ComponentSpec
from eventcoder.store import Store

# (state, demonym, a place) - invented stories between neighbours.
PAIRS = (
    (("Ethiopia", "Ethiopian", "Addis Ababa"), ("Eritrea", "Eritrean", "Badme")),
    (("Pakistan", "Pakistani", "Islamabad"), ("Afghanistan", "Afghan", "Kabul")),
    (("India", "Indian", "New Delhi"), ("Pakistan", "Pakistani", "Lahore")),
    (("Armenia", "Armenian", "Yerevan"), ("Azerbaijan", "Azerbaijani", "Baku")),
    (("Thailand", "Thai", "Bangkok"), ("Cambodia", "Cambodian", "Phnom Penh")),
    (("Sudan", "Sudanese", "Khartoum"), ("Chad", "Chadian", "N'Djamena")),
    (("Russia", "Russian", "Moscow"), ("Ukraine", "Ukrainian", "Kharkiv")),
    (("Israel", "Israeli", "Jerusalem"), ("Lebanon", "Lebanese", "Beirut")),
)
TEMPLATES = (
    "{ad} forces attacked {bd} positions near {bp} on Tuesday, killing {n} soldiers.",
    "{a} and {b} agreed to a ceasefire on Sunday after talks in Geneva.",
    "{ad} protesters rallied outside the {bd} embassy in {ap} on Monday.",
    "The {ad} foreign minister accused {b} of shelling border villages on Wednesday.",
    "{a} imposed sanctions on {b} on Thursday, officials in {ap} said.",
)
PUBLISHED = "2025-03-07"


def story(i: int) -> str:
    """Two sentences; 40 distinct stories for i in range(40)."""
    (a, ad, ap), (b, bd, bp) = PAIRS[i % len(PAIRS)]
    first = TEMPLATES[i % len(TEMPLATES)]
    second = TEMPLATES[(i + 2) % len(TEMPLATES)]
    values = {"a": a, "ad": ad, "ap": ap, "b": b, "bd": bd, "bp": bp, "n": 3 + i}
    return first.format(**values) + "\n\n" + second.format(**values)


def all_events(store_path: Path) -> list[tuple[str, int, str]]:
    with Store(store_path, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT doc_id, seq, record FROM events ORDER BY doc_id, seq"
        ).fetchall()
    return [(d, s, r) for d, s, r in rows]


def stored_ids(store_path: Path) -> list[str]:
    with Store(store_path, read_only=True) as store:
        rows = store.connection.execute("SELECT id FROM documents ORDER BY id").fetchall()
    return [r[0] for r in rows]


# --------------------------------------------------------------------------------------------
# a mixed corpus: folder (txt, html, json, .txt.gz), JSONL with a bad line, CSV with a bad row,
# a gzip-compressed JSONL


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "articles"
    (folder / "2025-03-05").mkdir(parents=True)
    (folder / "2025-03-05" / "eth.txt").write_text(story(0), encoding="utf-8")
    (folder / "pak.html").write_text(
        "<html><head><title>Ceasefire</title>"
        '<meta property="article:published_time" content="2025-03-04T10:00:00Z"></head>'
        f"<body><article><p>{story(1).replace(chr(10) * 2, '</p><p>')}</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "arm.json").write_text(
        json.dumps({"id": "arm-1", "text": story(3), "published": "2025-03-06"}),
        encoding="utf-8",
    )
    (folder / "tha.txt.gz").write_bytes(gzip.compress(story(4).encode("utf-8")))
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")  # E001
    (folder / "notes.yaml").write_text("ignored: true\n", encoding="utf-8")
    jsonl = root / "feed.jsonl"
    jsonl.write_text(
        "\n".join(
            [
                json.dumps({"id": "feed-1", "text": story(5), "published": "2025-03-06"}),
                '{"id": "feed-2", "text": "broken',  # line 2: E020
                json.dumps({"id": "feed-3", "text": story(6), "desk": "Europe"}),  # default date
                json.dumps({"text": story(7), "published": "2025-03-06"}),  # no id: a hash
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    table = root / "archive.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "published", "url", "source", "title", "desk"])
        writer.writerow(["csv-1", story(8), "2025-03-06", "https://x/1", "Wire", "One", "Africa"])
        writer.writerow(["csv-2", "", "2025-03-06", "", "", "", ""])  # row 3: no text, E020
        writer.writerow(["csv-3", story(9), "2030-01-01", "", "", "", ""])  # row 4: future, E012
    packed = root / "more.jsonl.gz"
    packed.write_bytes(
        gzip.compress(
            json.dumps({"id": "gz-1", "text": story(10), "published": "2025-03-06"}).encode()
            + b"\n"
        )
    )
    inputs = [folder, jsonl, table, packed]
    stored = {"2025-03-05/eth.txt", "pak.html", "arm-1", "tha.txt", "feed-1", "feed-3"}
    stored |= {"csv-1", "gz-1"}
    return {"root": root, "inputs": inputs, "stored": stored, "docs": len(stored) + 1}


@pytest.fixture(scope="module")
def coded(corpus: dict[str, Any]) -> tuple[Path, BatchSummary]:
    store_path = corpus["root"] / "one.duckdb"
    summary = code_corpus(corpus["inputs"], store_path, published=PUBLISHED, chunk_size=3)
    return store_path, summary


def test_a_mixed_corpus_is_stored_and_bad_documents_are_recorded(
    corpus: dict[str, Any], coded: tuple[Path, BatchSummary]
) -> None:
    store_path, summary = coded
    assert summary.documents == corpus["docs"]
    assert summary.errors == 4
    assert summary.skipped == 0
    assert summary.total == summary.done == corpus["docs"] + 4
    ids = stored_ids(store_path)
    assert set(ids) - {i for i in ids if i.startswith("doc-")} == corpus["stored"]
    assert len(ids) == corpus["docs"]  # plus the record without an id
    with Store(store_path, read_only=True) as store:
        errors = {(e.code, e.doc_id, e.line, Path(e.input).name) for e in store.errors()}
        assert errors == {
            ("E001", "empty.txt", None, "empty.txt"),
            ("E020", None, 2, "feed.jsonl"),
            ("E020", "csv-2", 3, "archive.csv"),
            ("E012", "csv-3", 4, "archive.csv"),
        }
        assert summary.events == store.counts().events > corpus["docs"]
        con = store.connection
        docs = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT id, published::VARCHAR, title, url, source, metadata->>'desk', n_events "
                "FROM documents"
            ).fetchall()
        }
        n_events = dict(con.execute("SELECT doc_id, count(*) FROM events GROUP BY ALL").fetchall())
    assert all(docs[i][-1] == n_events.get(i, 0) for i in docs)
    assert docs["2025-03-05/eth.txt"][0] == "2025-03-05"  # the date in its path
    assert docs["pak.html"][:2] == ("2025-03-04", "Ceasefire")  # the page's own
    assert docs["tha.txt"][0] == PUBLISHED  # the batch default
    assert docs["feed-3"][0] == PUBLISHED
    assert docs["feed-3"][4] == "Europe"
    assert docs["csv-1"][1:5] == ("One", "https://x/1", "Wire", "Africa")


def test_a_batch_leaves_the_text_index_in_term_order(coded: tuple[Path, BatchSummary]) -> None:
    """Its chunks append their postings in the order they were coded; after the batch they
    are sorted by term, so a lookup reads its term's row groups only."""
    store_path, _ = coded
    with Store(store_path, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT term, doc_id FROM text_postings ORDER BY rowid"
        ).fetchall()
    assert len(rows) > 100
    assert rows == sorted(rows)


def test_rerunning_adds_nothing(corpus: dict[str, Any], coded: tuple[Path, BatchSummary]) -> None:
    store_path, first = coded
    before = all_events(store_path)
    again = code_corpus(corpus["inputs"], store_path, published=PUBLISHED, chunk_size=3)
    assert (again.documents, again.events) == (0, 0)
    assert again.skipped == first.documents
    assert again.errors == 4  # the bad documents are still bad, and said so
    assert all_events(store_path) == before
    with Store(store_path, read_only=True) as store:
        assert store.counts().errors == 4  # replaced, not repeated


def test_two_workers_give_the_same_events_as_one(
    corpus: dict[str, Any], coded: tuple[Path, BatchSummary], tmp_path: Path
) -> None:
    store_path, first = coded
    two = tmp_path / "two.duckdb"
    summary = code_corpus(corpus["inputs"], two, workers=2, published=PUBLISHED, chunk_size=2)
    assert (summary.documents, summary.events, summary.errors) == (
        first.documents,
        first.events,
        first.errors,
    )
    assert all_events(two) == all_events(store_path)


def test_bad_inputs_are_refused_before_coding(tmp_path: Path) -> None:
    with pytest.raises(EventcoderError) as info:
        code_corpus([tmp_path / "missing"], tmp_path / "s.duckdb")
    assert info.value.code.name == "E021"
    (tmp_path / "data.parquet").write_bytes(b"PAR1")
    with pytest.raises(EventcoderError) as info:
        code_corpus([tmp_path / "data.parquet"], tmp_path / "s.duckdb")
    assert info.value.code.name == "E022"


def test_a_store_short_of_memory_is_e120_and_a_rerun_with_more_completes(
    corpus: dict[str, Any], coded: tuple[Path, BatchSummary], tmp_path: Path
) -> None:
    store_path = tmp_path / "small.duckdb"
    with pytest.raises(EventcoderError) as info:
        code_corpus(corpus["inputs"], store_path, published=PUBLISHED, memory_limit="1MB")
    assert info.value.code.name == "E120"
    summary = code_corpus(corpus["inputs"], store_path, published=PUBLISHED)
    with Store(store_path, read_only=True) as store, Store(coded[0], read_only=True) as one:
        assert store.counts() == one.counts() and store.integrity_check() == []
    assert summary.skipped + summary.documents == corpus["docs"]


def test_a_batch_reconnecting_between_chunks_stores_what_one_connection_stores(
    corpus: dict[str, Any], coded: tuple[Path, BatchSummary], tmp_path: Path
) -> None:
    one_connection, first = coded  # 9 documents: never 10,000 on its connection
    store_path = tmp_path / "reconnected.duckdb"
    wal = Path(f"{store_path}.wal")
    # After each chunk: the documents stored so far, and whether the write-ahead log holds
    # commits (a reconnection writes it into the file at the close, so it is gone just after).
    after_chunks: list[tuple[int, bool]] = []
    summary = code_corpus(
        corpus["inputs"],
        store_path,
        published=PUBLISHED,
        chunk_size=3,
        reconnect_every=4,
        progress=lambda p: after_chunks.append((p.documents, wal.exists())),
    )
    # Reconnected once 4 documents were stored on the connection: at 5 and at 9 (the second
    # entry is a chunk of bad documents only, whose errors are committed too).
    assert after_chunks == [(2, True), (2, True), (5, False), (7, True), (8, True), (9, False)]
    assert (summary.documents, summary.events, summary.errors) == (
        first.documents,
        first.events,
        first.errors,
    )
    assert stored_ids(store_path) == stored_ids(one_connection)
    assert all_events(store_path) == all_events(one_connection)
    with Store(store_path, read_only=True) as store, Store(one_connection, read_only=True) as one:
        assert set(store.errors()) == set(one.errors())
        assert list(store.incidents()) == list(one.incidents())
        assert store.integrity_check() == []


def test_the_batch_help_names_its_default_memory_limit_and_reconnection() -> None:
    result = CliRunner().invoke(main, ["batch", "--help"])
    help_text = " ".join(result.output.split())
    assert f"default {DEFAULT_MEMORY_LIMIT}" in help_text
    assert f"default {RECONNECT_EVERY_DOCUMENTS}; 0: never" in help_text


# --------------------------------------------------------------------------------------------
# the commands


def test_batch_and_query_commands(corpus: dict[str, Any], tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "cli.duckdb"
    args = [str(p) for p in corpus["inputs"]]
    command = ["batch", *args, "--store", str(store), "--workers", "1", "--published", PUBLISHED]
    result = runner.invoke(main, [*command, "--memory-limit", "lots"])
    assert (result.exit_code, result.stderr[:13]) == (1, "Error: [E070]")
    assert not store.exists()  # refused before the store was opened
    result = runner.invoke(main, [*command, "--memory-limit", "256MB"])
    assert result.exit_code == 1, result.output  # bad documents among them
    assert re.search(rf"Coded {corpus['docs']} documents, \d+ events, 4 errors", result.stderr)
    assert re.search(r"documents \([0-9.]+/s\), \d+ events \([0-9.]+/s\)", result.stderr)
    total = corpus["docs"] + 4
    assert re.search(rf"\[#+-*\] +\d+% \d+/{total}: .*, ETA \d+ s", result.stderr)
    assert f"[{'#' * 20}] 100% {total}/{total}" in result.stderr

    result = runner.invoke(
        main,
        ["query", "--store", str(store), "--actor", "eri", "--actor", "ETH", "--format", "jsonl"],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for r in records:
        codes = {a["code"] for a in r["source"] + r["target"]}
        assert {"ETH", "ERI"} <= codes
        assert r["doc_id"] in {"2025-03-05/eth.txt", "csv-1"}  # stories 0 and 8

    filters = [
        *("query", "--store", str(store), "--type", "ASSAULT"),
        *("--since", "2025-03-01", "--until", "2025-03-31", "--country", "PAK"),
    ]
    result = runner.invoke(main, [*filters, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # Story 10 (gz-1): Indian forces attacked Pakistani positions near Lahore on Tuesday.
    assert "gz-1" in {r["doc_id"] for r in records}
    for r in records:
        assert r["type"] == "ASSAULT"
        assert r["location"]["country"] == "PAK"
        assert r["date"]["latest"] >= "2025-03-01"
        assert r["date"]["earliest"] <= "2025-03-31"
    table = runner.invoke(main, filters)
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split()[:2] == ["type", "who"]
    assert len([line for line in lines if line.startswith("ASSAULT")]) == len(records)
    assert lines[-1] == f"{len(records)} event{'' if len(records) == 1 else 's'}"

    result = runner.invoke(main, ["query", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [E060]")


# --------------------------------------------------------------------------------------------
# kill -9 and resume


def test_kill_9_then_rerun_stores_every_document_exactly_once(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(
            json.dumps({"id": f"story-{i:02d}", "text": story(i), "published": PUBLISHED}) + "\n"
            for i in range(40)
        ),
        encoding="utf-8",
    )
    killed = tmp_path / "killed.duckdb"
    command = [sys.executable, "-m", "eventcoder", "batch", str(feed), "--store", str(killed)]
    process = subprocess.Popen(
        [*command, "--workers", "1", "--chunk-size", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            match = re.search(r"(\d+) documents", line)
            if match and int(match[1]) >= 3:
                os.kill(process.pid, signal.SIGKILL)
                break
    finally:
        process.stderr.close()
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    partial = stored_ids(killed)
    assert 3 <= len(partial) < 40, "the kill should land in the middle of the run"

    resumed = code_corpus([feed], killed, chunk_size=8)
    assert resumed.skipped >= len(partial)  # stored before the kill: not coded again
    assert resumed.documents == 40 - len(partial)

    fresh = tmp_path / "fresh.duckdb"
    uninterrupted = code_corpus([feed], fresh, chunk_size=8)
    assert uninterrupted.documents == 40
    assert stored_ids(killed) == stored_ids(fresh) == [f"story-{i:02d}" for i in range(40)]
    assert all_events(killed) == all_events(fresh)
    assert len(all_events(fresh)) == uninterrupted.events > 40


def test_a_pipeline_failure_costs_one_document() -> None:
    from eventcoder.batch import Coded, CodingOptions, Failed, RecordTask, code_chunk
    from eventcoder.model import Document

    class Flaky:
        """A coder whose pipeline breaks on one document."""

        def annotate(self, documents: list[Document], batch_size: int = 32) -> Any:
            for document in documents:
                self.code_document(document)
                yield type("A", (), {"events": []})()

        def code_document(self, document: Document) -> list[Any]:
            if document.id == "bad":
                raise ValueError("stage bug")
            return []

    tasks = [
        RecordTask({"id": i, "text": "Some text.", "published": PUBLISHED}, n, "x.jsonl")
        for n, i in enumerate(["a", "bad", "c"], start=1)
    ]
    results = code_chunk(Flaky(), tasks, CodingOptions())
    assert [r.document.id for r in results if isinstance(r, Coded)] == ["a", "c"]
    (failed,) = [r for r in results if isinstance(r, Failed)]
    assert (failed.code, failed.doc_id) == ("E062", "bad")
    assert "ValueError: stage bug" in failed.message


# --------------------------------------------------------------------------------------------
# per-document timeout


class StallOnMarker:
    """A test stage that hangs (sleeps for an hour) on any document whose text says STALL."""

    def __call__(self, annotated: Any) -> None:
        if "STALL" in annotated.document.text:
            time.sleep(3600)


STALL = ComponentSpec("stall", f"{__name__}:StallOnMarker", requires=("document",), assigns=())


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_that_hangs_is_stopped_and_the_batch_goes_on(
    tmp_path: Path, workers: int
) -> None:
    feed = tmp_path / "feed.jsonl"
    texts = [story(0), story(1) + "\n\nSTALL", story(2), story(3)]
    feed.write_text(
        "".join(
            json.dumps({"id": f"s{i}", "text": text, "published": PUBLISHED}) + "\n"
            for i, text in enumerate(texts)
        ),
        encoding="utf-8",
    )
    store_path = tmp_path / "s.duckdb"
    summary = code_corpus(
        [feed],
        store_path,
        workers=workers,
        chunk_size=2,
        timeout=0.5,
        components=("stall", *DEFAULT_PIPELINE),
        extra_components=(STALL,),
    )
    assert (summary.documents, summary.errors) == (3, 1)
    assert stored_ids(store_path) == ["s0", "s2", "s3"]
    with Store(store_path, read_only=True) as store:
        (error,) = store.errors()
    assert (error.code, error.doc_id) == ("E080", "s1")
    assert "took longer than 0.5 s" in error.message


# --------------------------------------------------------------------------------------------
# web archives

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>{title} | Example News</title>{meta}</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
Accept all cookies or manage your preferences in the settings.</p><button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>{title}</h1>{paragraphs}</article></main>
<footer><p>Copyright 2025 Example News. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>"""
CRAWLED = "2025-03-07T10:20:30Z"


def page(i: int, *, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in story(i).split("\n\n"))
    html = ARTICLE_PAGE.format(title=f"Story {i}", meta=meta, paragraphs=paragraphs)
    return html.encode("utf-8")


def write_warc(path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def add(
            kind: str,
            uri: str,
            body: bytes,
            http: tuple[str, str] | None,
            content_type: str | None = None,
        ) -> None:
            http_headers = None
            if http is not None:
                status, http_type = http
                http_headers = StatusAndHeaders(
                    status, [("Content-Type", http_type)], protocol="HTTP/1.1"
                )
            record = writer.create_warc_record(
                uri,
                kind,
                payload=BytesIO(body),
                http_headers=http_headers,
                warc_content_type=content_type,
                warc_headers_dict={"WARC-Date": CRAWLED},
            )
            writer.write_record(record)

        add("request", "https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n", None)
        add("response", "https://news.example/a", page(0), ("200 OK", "text/html; charset=utf-8"))
        add(
            "response",
            "https://news.example/b",
            page(1, published="2025-03-05T06:00:00Z"),
            ("200 OK", "text/html"),
        )
        add("response", "https://news.example/logo.png", b"\x89PNG....", ("200 OK", "image/png"))
        add("response", "https://news.example/old", b"", ("301 Moved Permanently", "text/html"))
        add("response", "https://news.example/empty", b"", ("200 OK", "text/html"))
        add(
            "conversion",
            "https://news.example/c",
            story(2).encode("utf-8"),
            None,
            content_type="text/plain",
        )


def test_a_web_archive_is_coded_page_by_page(tmp_path: Path) -> None:
    from eventcoder.batch import CodingOptions, WarcTask, iter_tasks, read_task

    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    tasks = list(iter_tasks([archive]))
    assert all(isinstance(t, WarcTask) for t in tasks)
    assert [t.url for t in tasks] == [  # type: ignore[union-attr]
        "https://news.example/a",
        "https://news.example/b",
        "https://news.example/empty",
        "https://news.example/c",
    ]
    first = read_task(tasks[0], CodingOptions().read)
    # The article, without the cookie banner, menu and footer around it.
    assert first.text == "Story 0\n\n" + story(0)
    assert first.title == "Story 0"

    store_path = tmp_path / "crawl.duckdb"
    summary = code_corpus([archive], store_path)
    assert (summary.documents, summary.errors) == (3, 1)
    with Store(store_path, read_only=True) as store:
        rows = store.connection.execute(
            "SELECT url, id, published::VARCHAR, n_events FROM documents ORDER BY url"
        ).fetchall()
        (error,) = store.errors()
    assert [(url, published) for url, _, published, _ in rows] == [
        ("https://news.example/a", "2025-03-07"),  # no date on the page: the crawl's
        ("https://news.example/b", "2025-03-05"),  # the page's own
        ("https://news.example/c", "2025-03-07"),
    ]
    assert all(doc_id.startswith("urn:uuid:") for _, doc_id, _, _ in rows)
    assert all(n_events > 0 for *_, n_events in rows)
    assert (error.code, error.doc_id, Path(error.input).name) == (
        "E001",
        tasks[2].doc_id,
        archive.name,
    )
    again = code_corpus([archive], store_path)
    assert (again.documents, again.skipped) == (0, 3)


# --------------------------------------------------------------------------------------------
# progress


def test_inputs_are_counted_without_reading_documents(
    corpus: dict[str, Any], tmp_path: Path
) -> None:
    # 5 article files (notes.yaml is no article), 4 + 1 JSON lines, 3 CSV rows.
    assert count_documents(corpus["inputs"]) == 13
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive)
    assert count_documents([*corpus["inputs"], archive]) is None  # pages unknown until read
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('id,text\n1,"two\nlines"\n2,one\n', encoding="utf-8")
    assert count_documents([quoted]) == 2  # rows, not lines


def test_progress_fraction_and_eta() -> None:
    progress = BatchProgress(documents=8, events=40, skipped=10, errors=2, seconds=5.0, total=40)
    assert progress.done == 20
    assert progress.fraction == 0.5
    assert progress.eta_s == 10.0  # 20 left at 10 coded (or failed) in 5 s
    assert format_progress(progress).startswith("[##########----------]  50% 20/40: 8 documents")
    assert format_progress(progress).endswith(", ETA 10 s")
    unknown = BatchProgress(documents=8, events=40, skipped=0, errors=0, seconds=5.0)
    assert (unknown.fraction, unknown.eta_s) == (None, None)
    assert format_progress(unknown).startswith("8 documents (1.6/s), 40 events (8.0/s)")
