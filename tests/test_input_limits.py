"""Input limits: a 50 MB JSON line, a 10 MB CSV field, gzip bombs, a cut-off web archive.

Each bad input gets one clear, coded error for itself, is never held whole in memory beyond
the limits, and the rest of the batch is coded.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventcoder.batch import code_corpus, count_documents
from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.io.readers import (
    GZIP_MAX_RATIO,
    LineError,
    gunzip_bounded,
    iter_bounded_lines,
    iter_csv_records,
    open_input,
)
from eventcoder.store import ErrorRow, Store

PUBLISHED = "2025-03-07"
SENTENCES = (
    "Ethiopian forces attacked Eritrean positions near Badme on Tuesday, killing 4 soldiers.",
    "Pakistani protesters rallied outside the Afghan embassy in Islamabad on Monday.",
    "Russia imposed sanctions on Ukraine on Thursday, officials in Moscow said.",
    "Thailand and Cambodia agreed to a ceasefire on Sunday after talks in Geneva.",
    "The Indian foreign minister accused Pakistan of shelling border villages on Wednesday.",
    "Sudanese forces attacked Chadian positions near Khartoum on Tuesday, killing 9 soldiers.",
)
MIB = 1024**2


def record(doc_id: str, i: int) -> dict[str, str]:
    return {"id": doc_id, "text": SENTENCES[i % len(SENTENCES)], "published": PUBLISHED}


def write_zeros_gz(path: Path, size: int, head: bytes = b"") -> None:
    """A gzip bomb: ``head`` then ``size`` zero bytes, streamed (~1,000× smaller on disk)."""
    block = b"\0" * MIB
    with gzip.open(path, "wb", compresslevel=6) as handle:
        handle.write(head)
        for _ in range(size // MIB):
            handle.write(block)


def write_warc(path: Path, pages: int, *, compress: bool = True) -> list[int]:
    """A WARC of ``pages`` HTML responses; the offset where each record ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ends = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        for i in range(pages):
            html = f"<html><body><article><p>{SENTENCES[i]}</p></article></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            warc = writer.create_warc_record(
                f"https://news.example/{i}",
                "response",
                payload=io.BytesIO(html.encode() * 20),  # long enough to cut inside
                http_headers=headers,
                warc_headers_dict={"WARC-Date": f"{PUBLISHED}T00:00:00Z"},
            )
            writer.write_record(warc)
            ends.append(handle.tell())
    return ends


def stored(store_path: Path) -> tuple[list[str], list[ErrorRow]]:
    with Store(store_path, read_only=True) as store:
        rows = store.connection.execute("SELECT id FROM documents ORDER BY id").fetchall()
        ids = [r[0] for r in rows]
        return ids, store.errors()


# --------------------------------------------------------------------------------------------
# one batch, every bad input beside good ones


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("limits")
    # A JSON Lines file with a 50 MB line between two good ones, written a block at a time.
    big_jsonl = root / "big.jsonl"
    with big_jsonl.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(record("j0", 0)) + "\n")
        handle.write(f'{{"id": "j-huge", "published": "{PUBLISHED}", "text": "')
        block = (SENTENCES[0] + " ") * 1000
        for _ in range(50 * MIB // len(block) + 1):
            handle.write(block)
        handle.write('"}\n')
        handle.write(json.dumps(record("j1", 1)) + "\n")
    # A CSV file with a 10 MB field.
    big_csv = root / "big.csv"
    with big_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "published"])
        writer.writerow(["c0", SENTENCES[2], PUBLISHED])
        writer.writerow(["c-huge", "x" * (10 * MIB), PUBLISHED])
        writer.writerow(["c1", SENTENCES[3], PUBLISHED])
    # gzip bombs: an article file and a JSON Lines file (one good line, then zeros).
    folder = root / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(SENTENCES[4], encoding="utf-8")
    write_zeros_gz(folder / "bomb.txt.gz", 80 * MIB)
    bomb_jsonl = root / "bomb.jsonl.gz"
    write_zeros_gz(bomb_jsonl, 300 * MIB, head=(json.dumps(record("g0", 5)) + "\n").encode())
    # Web archives cut off inside their third record: in its payload, in its header block.
    archive = root / "crawl.warc"
    ends = write_warc(archive, 3, compress=False)
    cut_payload = root / "cut.warc"
    cut_payload.write_bytes(archive.read_bytes()[: ends[2] - 100])
    archive = root / "crawl.warc.gz"
    ends = write_warc(archive, 3)
    cut_header = root / "cut.warc.gz"
    cut_header.write_bytes(archive.read_bytes()[: (ends[1] + ends[2]) // 2])
    store_path = root / "events.duckdb"
    inputs = [folder, big_jsonl, big_csv, bomb_jsonl, cut_payload, cut_header]
    summary = code_corpus(inputs, store_path, published=PUBLISHED, count=False)
    ids, errors = stored(store_path)
    return {"summary": summary, "ids": ids, "errors": errors, "root": root, "inputs": inputs}


def test_the_good_documents_are_all_coded(hostile_batch: dict[str, object]) -> None:
    ids = hostile_batch["ids"]
    assert isinstance(ids, list)
    assert sorted(i for i in ids if not i.startswith("urn:")) == [
        "c0",
        "c1",
        "g0",
        "good.txt",
        "j0",
        "j1",
    ]
    assert sum(i.startswith("urn:uuid:") for i in ids) == 4  # each archive's first two pages


def test_each_bad_input_gets_one_clear_error(hostile_batch: dict[str, object]) -> None:
    errors = hostile_batch["errors"]
    assert isinstance(errors, list)
    by_input = {Path(e.input).name: e for e in errors}
    assert len(errors) == len(by_input) == 6, errors
    # The 50 MB line and the 10 MB field are read (within 64 MiB) and refused as too long.
    assert (by_input["big.jsonl"].code, by_input["big.jsonl"].line) == ("E004", 2)
    assert (by_input["big.csv"].code, by_input["big.csv"].line) == ("E004", 3)
    # The bombs stop at the expansion limit, with no document half-read.
    assert by_input["bomb.txt.gz"].code == "E005"
    assert "decompressed" in by_input["bomb.txt.gz"].message
    assert by_input["bomb.jsonl.gz"].code == "E005"
    assert f"{GZIP_MAX_RATIO}×" in by_input["bomb.jsonl.gz"].message
    # The page cut off in its payload is named; nothing of it is coded.
    cut = by_input["cut.warc"]
    assert cut.code == "E021" and "is cut off" in cut.message and cut.doc_id is not None
    assert cut.doc_id not in hostile_batch["ids"]  # type: ignore[operator]
    cut = by_input["cut.warc.gz"]
    assert cut.code == "E021" and "cut off or damaged" in cut.message


def test_counting_a_bomb_gives_no_total_rather_than_hanging(
    hostile_batch: dict[str, object],
) -> None:
    root = hostile_batch["root"]
    assert isinstance(root, Path)
    assert count_documents([root / "bomb.jsonl.gz"]) is None
    assert count_documents([root / "big.csv"]) == 3


# --------------------------------------------------------------------------------------------
# limits below the defaults, and the readers on their own


def test_inputs_over_max_bytes_are_refused_without_being_read(tmp_path: Path) -> None:
    lines = tmp_path / "lines.jsonl"
    with lines.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(record("a", 0)) + "\n")
        handle.write(json.dumps({"id": "long", "text": "word " * 300_000}) + "\n")  # 1.5 MB
        handle.write(json.dumps(record("b", 1)) + "\n")
    rows = tmp_path / "rows.csv"
    with rows.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "published"])
        writer.writerow(["c", SENTENCES[2], PUBLISHED])
        writer.writerow(["long", "word " * 300_000, PUBLISHED])  # 1.5 MB on one line
        writer.writerow(["never", SENTENCES[3], PUBLISHED])
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "big.txt").write_text("word " * 300_000, encoding="utf-8")
    store_path = tmp_path / "events.duckdb"
    inputs = [lines, rows, tmp_path / "docs"]
    summary = code_corpus(inputs, store_path, published=PUBLISHED, max_bytes=MIB)
    ids, errors = stored(store_path)
    assert ids == ["a", "b", "c"]
    assert summary.errors == 3
    assert sorted((Path(e.input).name, e.code, e.line) for e in errors) == [
        ("big.txt", "E005", None),
        ("lines.jsonl", "E005", 2),
        ("rows.csv", "E005", 3),  # the file ends there: after a broken row, rows are unknown
    ]


def test_a_gzip_bomb_inside_a_web_archive_costs_its_record_only(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    # Three pages, each its own gzip member; the second expands ~1,000x to 16 MiB of zeros.
    archive = tmp_path / "crawl.warc.gz"
    bodies = [SENTENCES[0].encode(), b"\0" * (16 * MIB), SENTENCES[1].encode()]
    with archive.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i, body in enumerate(bodies):
            html = b"<html><body><article><p>" + body + b"</p></article></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            page = writer.create_warc_record(
                f"https://news.example/{i}",
                "response",
                payload=io.BytesIO(html),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": f"{PUBLISHED}T00:00:00Z"},
            )
            writer.write_record(page)
    assert archive.stat().st_size < 64 * 1024
    store_path = tmp_path / "events.duckdb"
    summary = code_corpus([archive], store_path, max_bytes=MIB, count=False)
    ids, errors = stored(store_path)
    assert (summary.documents, summary.errors) == (2, 1)
    (error,) = errors
    assert error.code == "E005" and "is too large" in error.message
    assert error.doc_id is not None and error.doc_id not in ids


def test_bounded_lines_skip_a_long_line_without_holding_it() -> None:
    data = b"one\n" + b"x" * 5000 + b"\ntwo\nlast"
    assert list(iter_bounded_lines(io.BytesIO(data), 100)) == [b"one\n", None, b"two\n", b"last"]
    assert list(iter_bounded_lines(io.BytesIO(b"x" * 100 + b"\n"), 100)) == [b"x" * 100 + b"\n"]


def test_gunzip_bounded_stops_at_the_limit() -> None:
    bomb = gzip.compress(b"\0" * (4 * MIB))
    assert gunzip_bounded(bomb, 4 * MIB, "x") == b"\0" * (4 * MIB)
    with pytest.raises(EventcoderError) as info:
        gunzip_bounded(bomb, MIB, "bomb.txt.gz")
    assert info.value.code is ErrorCode.E005 and "bomb.txt.gz" in str(info.value)
    with pytest.raises(EOFError):
        gunzip_bounded(bomb[:-20], 8 * MIB, "cut.gz")


def test_open_input_stops_a_bomb_at_its_expansion_ratio(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.jsonl.gz"
    write_zeros_gz(bomb, 64 * MIB)
    limit = max(MIB, GZIP_MAX_RATIO * bomb.stat().st_size)
    read = 0
    with pytest.raises(EventcoderError) as info, open_input(bomb, True, max_bytes=MIB) as handle:
        while block := handle.read(MIB):
            read += len(block)
    assert info.value.code is ErrorCode.E005
    assert read <= limit < 64 * MIB


def test_csv_records_report_a_huge_field_and_stop() -> None:
    text = f'id,text\n1,short\n2,"{"y" * 3000}"\n3,after\n'
    items = list(iter_csv_records(io.StringIO(text, newline=""), max_bytes=1000))
    assert items[0] == (2, {"id": "1", "text": "short"})
    (error,) = items[1:]
    assert isinstance(error, LineError) and error.line == 3
    assert error.error.code is ErrorCode.E005
    assert csv.field_size_limit() == 131072  # the process-wide limit is put back


def lines_of(n: int) -> Iterator[str]:
    yield "id,text\n"
    for i in range(n):
        yield f"{i},row {i}\n"


def test_csv_records_from_a_list_of_lines() -> None:
    assert [item for item in iter_csv_records(lines_of(2))] == [
        (2, {"id": "0", "text": "row 0"}),
        (3, {"id": "1", "text": "row 1"}),
    ]
