"""Fuzz the coder: generated and mutated articles through the library API, checked case by case.

    python bench/fuzz.py --cases 20000 --seed 0            # a table at the end
    python bench/fuzz.py --cases 500 --seed 3 --json       # one JSON object
    python bench/fuzz.py --case 1234 --seed 0 --show       # rerun (and print) one case

Every case is built from ``random.Random(f"{seed}:{index}")`` alone, so a case found by a long
run is reproduced by ``--case INDEX`` with the same ``--seed``. Kinds of case (weights in
``KINDS``): wire-style articles (``corpus.article``), the same mutated (random Unicode, C0 and
C1 controls, bidi marks, zero-width characters and joiners, NUL, lone surrogates, line and
paragraph separators, deleted, duplicated and swapped spans, HTML-looking text), random code
points, raw bytes (other encodings, BOMs, flipped bytes, cut-off UTF-8), HTML pages (broken,
nested, with scripts, entities and their own dates), 1-character texts, odd publication dates
(``--published`` formats: other orders and separators, datetimes with zones, impossible dates,
non-ASCII digits, numbers, ...), JSON Lines and CSV records through their readers. Every
``SPECIAL_EVERY``-th case is one of the ``SPECIALS``: a 5 MB text (and as bytes), one sentence
repeated 10,000 times, a 100,000-character sentence without punctuation, HTML nested 5,000 and
100,000 deep.

Each case goes through what a user calls: ``make_document`` (or ``decode_text`` /
``document_from_bytes`` for HTML and bytes, ``iter_jsonl`` / ``iter_csv_records`` +
``document_from_record`` for records), then ``Coder.code_document`` under the batch's
per-document time limit (``eventcoder.batch.time_limit``, SIGALRM; ``--timeout``, default the
batch's 60 s), then ``event_to_record`` and ``json.dumps`` (what the store writes). Checked:

* no exception other than ``EventcoderError`` (a crash is any other, with its traceback);
* every span the events carry indexes the document's text: evidence, trigger, further
  evidence, actor, date, place and fatality mentions (``text[start:end] == span.text``);
* no case runs past the time limit (a hang: it could not be stopped, > 1.5 x the limit + 1 s);
  cases the limit stopped (what the batch records as E080) and the slowest cases are listed;
* peak RSS (``ru_maxrss``) and the resident memory after loading and at the end.

With ``--save DIR`` each crashing or failing case's input is written there as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import multiprocessing
import multiprocessing.process
import os
import random
import resource
import signal
import sys
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # `corpus` beside this file, however this file was loaded
    sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from eventcoder.batch import DEFAULT_TIMEOUT_S, DocumentTimeout, time_limit  # noqa: E402
from eventcoder.coder import Coder, make_document  # noqa: E402
from eventcoder.errors import EventcoderError  # noqa: E402
from eventcoder.io.readers import (  # noqa: E402
    LineError,
    document_from_bytes,
    document_from_record,
    iter_csv_records,
    iter_jsonl,
)
from eventcoder.io.serialize import event_to_record  # noqa: E402
from eventcoder.model import Document, Event, Span  # noqa: E402

TODAY = date(2026, 12, 1)
"""Fixed "today" for the date checks, so a case's outcome does not depend on the day it runs."""
SPECIAL_EVERY = 1000
KINDS: tuple[tuple[str, int], ...] = (
    ("news", 15),
    ("mutated", 30),
    ("unicode", 10),
    ("bytes", 12),
    ("html", 12),
    ("tiny", 5),
    ("published", 6),
    ("jsonl", 6),
    ("csv", 4),
)
SPECIALS = (
    "text_5mb",
    "repeated_sentence",
    "long_sentence",
    "nested_html",
    "bytes_5mb",
    "very_deep_html",
)

# Characters a crawler brings back: controls, bidi and zero-width marks, joiners, separators,
# combining marks, surrogates, private use, non-characters, emoji, other scripts.
_NASTY = (
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9d",
    "\r",
    "\r\n",
    "\t",
    "\u00a0",
    "\u00ad",
    "\u034f",
    "\u061c",
    "\u180e",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2028",
    "\u2029",
    "\u2060",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\ue000",
    "\U0010ffff",
    "\u0301",
    "\u0308\u0308\u0308",
    "👨\u200d👩\u200d👧",
    "🇵🇰",
    "ﬁ",
    "Ａ",
    "â€™",
    "Ã©",
    "&amp;",
    "&#0;",
    "<b>",
    "</p>",
    "<br>",
    "<script>",
    "طالبان",
    "פקיסטן",
    "巴基斯坦",
    "Пакистан",
    "\u0915\u094d\u200d\u0937",
    " ",
    "\n",
    "\n\n",
    ".",
    '"',
    "(",
    ")",
    "-",
    "—",
    "…",
)
_BIDI_ZW = (
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252")
_SENTENCE = (
    "Pakistani forces attacked Taliban positions near Kabul on Tuesday, killing 12 fighters."
)
_LONG_WORDS = ("army", "attacked", "Pakistan", "Kabul", "border", "said", "protesters", "12")


@dataclass(frozen=True, slots=True)
class Case:
    """One fuzz input: what to feed (``payload``: text, bytes or lines) and how."""

    index: int
    kind: str
    payload: Any
    published: Any = "2025-10-29"
    via: str = "make_document"  # make_document | html | bytes | jsonl | csv

    def describe(self) -> dict[str, Any]:
        size = len(self.payload) if isinstance(self.payload, (str, bytes)) else None
        return {"index": self.index, "kind": self.kind, "via": self.via, "size": size}

    def to_json(self) -> dict[str, Any]:
        """The input as JSON (bytes as latin-1 text; surrogates escaped by json.dumps)."""
        payload = self.payload
        if isinstance(payload, bytes):
            payload = {"bytes_latin1": payload.decode("latin-1")}
        published = self.published
        if isinstance(published, (date, datetime)):
            published = {"date": published.isoformat()}
        return {**self.describe(), "payload": payload, "published": published}


@dataclass(slots=True)
class Outcome:
    """What one case did."""

    documents: int = 0
    events: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    crash: str | None = None  # traceback
    bad_spans: list[str] = field(default_factory=list)
    timed_out: bool = False
    seconds: float = 0.0


# --------------------------------------------------------------------------------------------
# generating cases


def make_case(seed: int, index: int) -> Case:
    """The case ``index`` of the run ``seed``: depends on nothing else."""
    rng = random.Random(f"{seed}:{index}")
    if index % SPECIAL_EVERY == SPECIAL_EVERY - 1:
        return special_case(SPECIALS[(index // SPECIAL_EVERY) % len(SPECIALS)], index, rng)
    kinds, weights = zip(*KINDS, strict=True)
    kind = rng.choices(kinds, weights)[0]
    return _BUILDERS[kind](rng, index)


def special_case(name: str, index: int, rng: random.Random) -> Case:
    """The big inputs the issue names, each built the same way every time."""
    if name == "text_5mb":
        text = _article(rng)
        return Case(index, name, (text + "\n\n") * (5_000_000 // (len(text) + 2) + 1))
    if name == "bytes_5mb":
        return Case(index, name, rng.randbytes(5_000_000), via="bytes")
    if name == "repeated_sentence":
        return Case(index, name, " ".join([_SENTENCE] * 10_000))
    if name == "long_sentence":
        words: list[str] = []
        size = 0
        while size < 100_000:
            words.append(rng.choice(_LONG_WORDS))
            size += len(words[-1]) + 1
        return Case(index, name, " ".join(words)[:100_000])
    depth = 5_000 if name == "nested_html" else 100_000
    body = "<div>" * depth + f"<p>{_SENTENCE}</p>" + "</div>" * depth
    return Case(index, name, f"<html><body>{body}</body></html>", via="html")


def _article(rng: random.Random) -> str:
    published = TODAY - timedelta(days=rng.randrange(0, 3650))
    return corpus.article(rng, published)


def _news(rng: random.Random, index: int) -> Case:
    return Case(index, "news", _article(rng), published=_good_date(rng))


def _mutated(rng: random.Random, index: int) -> Case:
    return Case(index, "mutated", mutate(rng, _article(rng)), published=_good_date(rng))


def mutate(rng: random.Random, text: str, rounds: int | None = None) -> str:
    """``text`` with 1-12 random edits (insert nasty characters, delete, duplicate, swap)."""
    for _ in range(rounds if rounds is not None else rng.randint(1, 12)):
        if not text:
            text = rng.choice(_NASTY)
            continue
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randint(0, 80))
        op = rng.randrange(9)
        if op == 0:  # a nasty character, or a run of them
            text = text[:i] + rng.choice(_NASTY) * rng.choice((1, 1, 1, 3, 50)) + text[i:]
        elif op == 1:  # random code points anywhere in Unicode
            text = text[:i] + _random_unicode(rng, rng.randint(1, 20)) + text[i:]
        elif op == 2:
            text = text[:i] + text[j:]
        elif op == 3:
            text = text[:j] + text[i:j] * rng.randint(2, 5) + text[j:]
        elif op == 4:  # bidi and zero-width marks inside words
            marks = "".join(rng.choice(_BIDI_ZW) for _ in range(rng.randint(1, 4)))
            text = text[:i] + marks + text[i:]
        elif op == 5:
            text = text[:i] + text[i:j].upper() + text[j:]
        elif op == 6:
            text = text[:i] + text[i:j].lower() + text[j:]
        elif op == 7:  # a tag or an entity
            text = (
                text[:i] + rng.choice(("<p>", "</div>", "<br/>", "&nbsp;", "&#x202e;")) + text[i:]
            )
        else:  # swap two spans
            k = rng.randrange(len(text) + 1)
            a, b = sorted((i, k))
            text = text[b:] + text[a:b] + text[:a]
    return text


def _random_unicode(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        plane = rng.random()
        if plane < 0.5:
            out.append(chr(rng.randrange(0x20, 0x3000)))
        elif plane < 0.8:
            out.append(chr(rng.randrange(0, 0x110000)))
        else:
            out.append(rng.choice(_NASTY))
    return "".join(out)


def _unicode(rng: random.Random, index: int) -> Case:
    return Case(index, "unicode", _random_unicode(rng, rng.randint(0, 400)))


def _bytes(rng: random.Random, index: int) -> Case:
    text = _article(rng)
    if rng.random() < 0.5:
        text = mutate(rng, text, rng.randint(1, 4))
    encoding = rng.choice(_ENCODINGS)
    data = text.encode(encoding, errors="surrogatepass" if "utf" in encoding else "replace")
    data = bytearray(data)
    for _ in range(rng.choice((0, 0, 1, 3, 30))):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 0.3:  # cut anywhere, maybe inside a multi-byte character
        data = data[: rng.randrange(len(data) + 1)]
    if rng.random() < 0.1:
        data = bytearray(rng.choice((b"\x1f\x8b", b"%PDF-", b"\xef\xbb\xbf", b"\xff\xfe"))) + data
    return Case(index, "bytes", bytes(data), published=_good_date(rng), via="bytes")


def _html(rng: random.Random, index: int) -> Case:
    paragraphs = _article(rng).split("\n\n")
    depth = rng.choice((0, 1, 3, 40, 300))
    blocks = []
    for paragraph in paragraphs:
        if rng.random() < 0.3:
            paragraph = mutate(rng, paragraph, rng.randint(1, 3))
        tag = rng.choice(("p", "div", "span", "li", "td", "blockquote", "h2", "figcaption"))
        blocks.append(f"<{tag}>{paragraph}" + ("" if rng.random() < 0.1 else f"</{tag}>"))
    body = "<div>" * depth + "\n".join(blocks) + "</div>" * rng.choice((0, depth))
    meta = rng.choice(
        (
            "",
            '<meta property="article:published_time" content="2025-10-29T08:00:00Z">',
            '<meta property="article:published_time" content="not a date">',
            '<meta name="date" content="2999-01-01">',
            '<script type="application/ld+json">{"datePublished": "2025-02-30"}</script>',
            '<script type="application/ld+json">{"@graph": [[[[{}]]]]</script>',
        )
    )
    extras = rng.choice(
        (
            "",
            "<script>var a = '<p>';</script>",
            "<!-- </p> -->",
            "<![CDATA[ x ]]>",
            "<nav>Menu</nav>",
        )
    )
    page = f"<html><head><title>T{index}</title>{meta}</head><body>{extras}{body}</body></html>"
    if rng.random() < 0.2:
        page = mutate(rng, page, rng.randint(1, 5))
    published = None if meta and rng.random() < 0.5 else _good_date(rng)
    return Case(index, "html", page, published=published, via="html")


def _tiny(rng: random.Random, index: int) -> Case:
    if rng.random() < 0.5:
        return Case(index, "tiny", rng.choice(_NASTY)[:1] or "x")
    return Case(index, "tiny", _random_unicode(rng, rng.randint(1, 2)))


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%Y%m%d",
    "%d %B %Y",
    "%B %d, %Y",
    "%a, %d %b %Y %H:%M:%S +0000",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S.%f+05:30",
    "%Y-%m-%d %H:%M",
    "%Y-W%W",
    "%Y-%j",
    " %Y-%m-%d ",
    "%Y-%m-%dT",
)
_ODD_DATES: tuple[Any, ...] = (
    None,
    "",
    "   ",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "2025-02-30",
    "2025-13-01",
    "2025-10-29T25:00:00",
    "2025-10-29T12:00:00+25:00",
    "2025-10-29\x00",
    "2025-10-29\n",
    "\u0662\u0660\u0662\u0665-\u0661\u0660-\u0662\u0669",
    "２０２５-１０-２９",
    "2025-10-29T12:00:00\u202e",
    "10000-01-01",
    "-2025-10-29",
    "yesterday",
    "2025-10-29" * 1000,
    20251029,
    2025.1029,
    True,
    ["2025-10-29"],
    {"date": "2025-10-29"},
    b"2025-10-29",
    date(2025, 10, 29),
    datetime(2025, 10, 29, 23, 59, tzinfo=timezone(timedelta(hours=-12))),
    date(2999, 1, 1),
    date.min,
)


def _published(rng: random.Random, index: int) -> Case:
    if rng.random() < 0.5:
        value: Any = rng.choice(_ODD_DATES)
    else:
        day = datetime(2000, 1, 1) + timedelta(
            days=rng.randrange(0, 12000), seconds=rng.randrange(86400)
        )
        value = day.strftime(rng.choice(_DATE_FORMATS))
    text = _article(rng) if rng.random() < 0.7 else mutate(rng, _article(rng))
    return Case(index, "published", text, published=value)


def _good_date(rng: random.Random) -> str:
    return (TODAY - timedelta(days=rng.randrange(0, 3650))).isoformat()


def _odd_value(rng: random.Random, text: str) -> Any:
    return rng.choice((text, text, text, None, 12, 1.5, True, [text], {"t": text}, ""))


def _record(rng: random.Random) -> dict[str, Any]:
    text = _article(rng)
    if rng.random() < 0.5:
        text = mutate(rng, text, rng.randint(1, 6))
    record: dict[str, Any] = {"id": _odd_value(rng, f"r{rng.randrange(1000)}")}
    record["html" if rng.random() < 0.2 else "text"] = _odd_value(rng, text)
    if rng.random() < 0.8:
        record["published"] = rng.choice((_good_date(rng), *_ODD_DATES[:20]))
    for key in rng.sample(("title", "url", "source", "language", "extra", "nested"), 2):
        record[key] = _odd_value(rng, key)
    return record


def _jsonl(rng: random.Random, index: int) -> Case:
    lines: list[str | bytes] = []
    for _ in range(rng.randint(1, 4)):
        line = json.dumps(_record(rng), ensure_ascii=rng.random() < 0.5, default=str)
        roll = rng.random()
        if roll < 0.1:
            line = line[: rng.randrange(len(line) + 1)]
        elif roll < 0.2:
            line = mutate(rng, line, 2)
        lines.append(line.encode("utf-8", errors="surrogatepass") if rng.random() < 0.5 else line)
    return Case(index, "jsonl", lines, published=_good_date(rng), via="jsonl")


def _csv(rng: random.Random, index: int) -> Case:
    buffer = io.StringIO()
    header = ["id", "text", "published", "url"]
    writer = csv.writer(buffer)
    writer.writerow(header)
    for _ in range(rng.randint(1, 3)):
        record = _record(rng)
        writer.writerow([str(record.get(k, "")) for k in header])
    text = buffer.getvalue()
    if rng.random() < 0.3:
        text = mutate(rng, text, rng.randint(1, 4))
    return Case(index, "csv", text, published=_good_date(rng), via="csv")


_BUILDERS: dict[str, Callable[[random.Random, int], Case]] = {
    "news": _news,
    "mutated": _mutated,
    "unicode": _unicode,
    "bytes": _bytes,
    "html": _html,
    "tiny": _tiny,
    "published": _published,
    "jsonl": _jsonl,
    "csv": _csv,
}


# --------------------------------------------------------------------------------------------
# running a case


def documents_of(case: Case) -> Iterator[Document | EventcoderError]:
    """The documents a case yields through the readers (an EventcoderError for a bad one)."""
    if case.via == "make_document":
        yield make_document(case.payload, case.published, f"case-{case.index}", today=TODAY)
    elif case.via == "html":
        yield document_from_bytes(  # what `code PAGE.html` and the batch's .html files run
            case.payload,
            doc_id=f"case-{case.index}",
            html=True,
            default_published=case.published,
            today=TODAY,
        )
    elif case.via == "bytes":
        yield document_from_bytes(
            case.payload,
            doc_id=f"case-{case.index}",
            published=case.published,
            today=TODAY,
        )
    elif case.via == "jsonl":
        for item in iter_jsonl(case.payload, published=case.published, today=TODAY):
            yield item.error if isinstance(item, LineError) else item
    else:
        for number, record in iter_csv_records(io.StringIO(case.payload, newline="")):
            try:
                yield document_from_record(record, number, published=case.published, today=TODAY)
            except EventcoderError as err:
                yield err


def event_spans(event: Event) -> Iterator[tuple[str, Span]]:
    """Every span an event carries, named."""
    yield "evidence", event.evidence
    yield "trigger", event.trigger
    for i, span in enumerate(event.more_evidence):
        yield f"more_evidence[{i}]", span
    for side in ("source", "target", "claimed_by"):
        for actor in getattr(event, side):
            if actor.mention is not None:
                yield f"{side}.mention", actor.mention
    if event.date.mention is not None:
        yield "date.mention", event.date.mention
    if event.location is not None and event.location.mention is not None:
        yield "location.mention", event.location.mention
    if event.fatalities is not None and event.fatalities.mention is not None:
        yield "fatalities.mention", event.fatalities.mention


def bad_spans(document: Document, events: list[Event]) -> list[str]:
    """Each span that does not index ``document.text``, described."""
    text = document.text
    found = []
    for event in events:
        for name, span in event_spans(event):
            ok = (
                0 <= span.start <= span.end <= len(text)
                and text[span.start : span.end] == span.text
            )
            if not ok:
                found.append(
                    f"{event.type} {name} [{span.start}:{span.end}] {span.text[:60]!r} != "
                    f"{text[max(0, span.start) : max(0, span.end)][:60]!r}"
                )
    return found


def run_case(coder: Coder, case: Case, timeout: float | None) -> Outcome:
    """Read, code and serialize one case under the time limit; never raises."""
    outcome = Outcome()
    started = time.perf_counter()
    try:
        with time_limit(timeout):
            for item in documents_of(case):
                if isinstance(item, EventcoderError):
                    outcome.errors[item.code.name] += 1
                    continue
                outcome.documents += 1
                try:
                    events = coder.code_document(item)
                except EventcoderError as err:
                    outcome.errors[err.code.name] += 1
                    continue
                outcome.events += len(events)
                outcome.bad_spans.extend(bad_spans(item, events))
                json.dumps([event_to_record(e) for e in events], ensure_ascii=False)
    except EventcoderError as err:
        outcome.errors[err.code.name] += 1
    except DocumentTimeout:  # what the batch records as E080
        outcome.errors["E080"] += 1
        outcome.timed_out = True
    except Exception:
        outcome.crash = traceback.format_exc()
    outcome.seconds = time.perf_counter() - started
    return outcome


# --------------------------------------------------------------------------------------------
# a run

BATCH_CASES = 50
"""Cases a worker takes at a time: few enough that the slow big inputs spread over the workers."""
SLOWEST = 5


@dataclass(slots=True)
class Tally:
    """What a run of cases found; the tallies of separate workers merge into one."""

    cases: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    events: int = 0
    crashes: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)
    stopped: list[dict[str, Any]] = field(default_factory=list)  # by the limit: E080 in a batch
    hangs: list[dict[str, Any]] = field(default_factory=list)  # ran well past the limit
    slowest: list[dict[str, Any]] = field(default_factory=list)

    def add(self, case: Case, outcome: Outcome, timeout: float | None) -> bool:
        """Count one case; whether it failed (crashed, bad offsets or hung)."""
        self.cases += 1
        self.kinds[case.kind] += 1
        self.errors.update(outcome.errors)
        self.documents += outcome.documents
        self.events += outcome.events
        info = {**case.describe(), "seconds": round(outcome.seconds, 3)}
        self.slowest = _slowest([*self.slowest, info])
        if outcome.crash is not None:
            self.crashes.append({**info, "traceback": outcome.crash})
        if outcome.bad_spans:
            self.invalid.append({**info, "spans": outcome.bad_spans[:5]})
        if outcome.timed_out:
            self.stopped.append(info)
        hung = timeout is not None and outcome.seconds > 1.5 * timeout + 1
        if hung:
            self.hangs.append(info)
        return outcome.crash is not None or bool(outcome.bad_spans) or hung

    def merge(self, other: Tally) -> None:
        self.cases += other.cases
        self.kinds.update(other.kinds)
        self.errors.update(other.errors)
        self.documents += other.documents
        self.events += other.events
        self.crashes.extend(other.crashes)
        self.invalid.extend(other.invalid)
        self.stopped.extend(other.stopped)
        self.hangs.extend(other.hangs)
        self.slowest = _slowest([*self.slowest, *other.slowest])


def _slowest(infos: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(infos, key=lambda info: -info["seconds"])[:SLOWEST]


@dataclass(frozen=True, slots=True)
class Memory:
    """One coding process's resident memory in MiB: once loaded, after its last case, at peak."""

    pid: int
    after_load: float
    end: float
    peak: float


def current_rss_mib() -> float:
    """Resident memory now (Linux ``/proc``; elsewhere the peak)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return peak_rss_mib()
    return pages * resource.getpagesize() / 2**20


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def load_coder(coder: Coder | None = None) -> tuple[Coder, float]:
    """A coder with everything lazy loaded (so that memory after loading means something)."""
    started = time.perf_counter()
    coder = coder or Coder()
    coder.code(_SENTENCE, "2025-10-29")
    return coder, time.perf_counter() - started


def run_cases(
    coder: Coder, seed: int, indexes: list[int], timeout: float | None, save: Path | None
) -> Tally:
    """Build, run and tally the cases ``indexes``; a failing case's input goes to ``save``."""
    tally = Tally()
    for index in indexes:
        case = make_case(seed, index)
        if tally.add(case, run_case(coder, case, timeout), timeout) and save is not None:
            save_case(save, seed, case)
    return tally


def save_case(save: Path, seed: int, case: Case) -> None:
    """Keep a failing case's input (``--save DIR``)."""
    save.mkdir(parents=True, exist_ok=True)
    path = save / f"case-{seed}-{case.index}.json"
    path.write_text(json.dumps(case.to_json(), ensure_ascii=True))


Progress = Callable[[int, Tally], None]


def run(
    cases: int,
    seed: int = 0,
    *,
    start: int = 0,
    timeout: float | None = DEFAULT_TIMEOUT_S,
    coder: Coder | None = None,
    save: Path | None = None,
    progress: Progress | None = None,
    only: tuple[int, ...] = (),
    workers: int = 1,
    stop_after: float | None = None,
    batch_cases: int = BATCH_CASES,
    die_at: Collection[int] = (),
) -> dict[str, Any]:
    """Run cases ``start .. start + cases - 1`` (or the indexes ``only``); the report.

    With ``workers`` > 1 the cases are coded by that many processes, each with its own coder,
    taking ``batch_cases`` at a time; the outcome of a case does not depend on which process
    ran it, so the tallies are those of one process (the memory is reported per process).
    After ``stop_after`` seconds no new batch is begun: the batches are handed out in order
    and each begun is finished, so the report is of the first ``cases`` cases asked for.

    ``die_at`` (tests of the dead-worker path, workers > 1 only): the worker process that
    begins one of these cases kills itself with SIGKILL, as the kernel's OOM killer would.
    """
    if die_at and workers < 2:
        raise ValueError("die_at kills the coding process: it needs workers > 1")
    started = time.perf_counter()
    deadline = None if stop_after is None else started + stop_after
    indexes = list(only) or list(range(start, start + cases))
    batches = [indexes[i : i + batch_cases] for i in range(0, len(indexes), batch_cases)]
    if workers > 1:
        tally, memory, load_s = run_in_workers(
            seed, batches, workers, timeout, save, progress, deadline, frozenset(die_at)
        )
    else:
        coder, load_s = load_coder(coder)
        after_load = current_rss_mib()
        tally = Tally()
        for batch in batches:
            if deadline is not None and time.perf_counter() > deadline:
                break
            tally.merge(run_cases(coder, seed, batch, timeout, save))
            if progress is not None:
                progress(tally.cases, tally)
        memory = [Memory(os.getpid(), after_load, current_rss_mib(), peak_rss_mib())]
    return {
        "seed": seed,
        "cases": tally.cases,
        "cases_asked": len(indexes),
        "first_case": indexes[0] if indexes else None,
        "last_case": indexes[tally.cases - 1] if tally.cases else None,
        "timeout_s": timeout,
        "workers": len(memory),
        "kinds": dict(sorted(tally.kinds.items())),
        "documents": tally.documents,
        "events": tally.events,
        "coded_errors": dict(sorted(tally.errors.items())),
        "crashes": tally.crashes,
        "invalid_offsets": tally.invalid,
        "stopped_by_time_limit": tally.stopped,
        "hangs": tally.hangs,
        "slowest": tally.slowest,
        "load_s": round(load_s, 2),
        "seconds": round(time.perf_counter() - started, 1),
        "memory": [
            {
                "pid": m.pid,
                "rss_after_load_mib": round(m.after_load, 1),
                "rss_end_mib": round(m.end, 1),
                "peak_rss_mib": round(m.peak, 1),
            }
            for m in memory
        ],
        "rss_after_load_mib": round(max(m.after_load for m in memory), 1),
        "rss_end_mib": round(max(m.end for m in memory), 1),
        "peak_rss_mib": round(max(m.peak for m in memory), 1),
    }


def _work(
    seed: int,
    timeout: float | None,
    save: Path | None,
    connection: Connection,
    die_at: frozenset[int],
) -> None:
    """A worker process: load a coder, then run the batches it is sent until it is sent None.

    It says ``("loaded", seconds)``, then for each case ``("begin", index)`` before it and
    ``("case", tally)`` after it, ``("done", None)`` after each batch, and ``("memory",
    Memory)`` when told to stop. A pipe's ``send`` has written the message when it returns (a
    queue's leaves that to a thread that dies with the process), so when this process dies in
    a case the driver has read which case it began and every case it finished.
    """
    pid = os.getpid()
    coder, load_s = load_coder()
    after_load = current_rss_mib()
    connection.send(("loaded", load_s))
    while (batch := connection.recv()) is not None:
        for index in batch:
            connection.send(("begin", index))
            if index in die_at:
                os.kill(pid, signal.SIGKILL)
            connection.send(("case", run_cases(coder, seed, [index], timeout, save)))
        connection.send(("done", None))
    connection.send(("memory", Memory(pid, after_load, current_rss_mib(), peak_rss_mib())))
    connection.close()


@dataclass(slots=True)
class _Worker:
    """The driver's view of one worker process: what it holds of the cases handed out."""

    process: multiprocessing.process.BaseProcess
    connection: Connection
    todo: deque[int] = field(default_factory=deque)  # its batch's cases not yet begun
    begun: tuple[int, float] | None = None  # the case it is in, and when it began it
    loaded: bool = False


def run_in_workers(
    seed: int,
    batches: list[list[int]],
    workers: int,
    timeout: float | None,
    save: Path | None,
    progress: Progress | None,
    deadline: float | None,
    die_at: frozenset[int] = frozenset(),
) -> tuple[Tally, list[Memory], float]:
    """Code ``batches`` in ``workers`` processes; their tally, memory and slowest load.

    Each worker has a pipe of its own and is sent its next batch when it has finished one, so
    that none is begun after ``deadline``, and the driver knows at every moment which cases
    each worker holds. A worker that dies (a crash no ``except`` can catch: a segfault, the
    kernel's OOM killer, ``os._exit``) is a crash of the case it was in, with the command
    that reruns it; the cases it finished are counted, and a fresh worker takes the rest of
    its batch (even past the deadline: a batch begun is finished), so no other case is lost.
    """
    # spawn, not fork: each worker starts clean rather than with a copy of this process's
    # threads and state. Pipes, not shared queues: a process killed while it holds a shared
    # queue's lock (reading its next task, writing a result) would hang every other worker.
    context = multiprocessing.get_context("spawn")
    pending = deque(batches)
    live: dict[Connection, _Worker] = {}
    tally = Tally()
    memory: list[Memory] = []
    load_s = 0.0

    def in_time() -> bool:
        return deadline is None or time.perf_counter() <= deadline

    def hand_out(worker: _Worker, rest: deque[int] | None = None) -> None:
        """Send ``worker`` the rest of a dead worker's batch, else the next batch, else a stop."""
        if not rest and pending and in_time():
            rest = deque(pending.popleft())
        worker.todo = rest or deque()
        # A worker that has just died cannot be sent anything: its end of the pipe says so
        # next, and bury() hands its batch on.
        with contextlib.suppress(OSError):
            worker.connection.send(list(rest) if rest else None)

    def start_worker(rest: deque[int] | None = None) -> None:
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_work, args=(seed, timeout, save, theirs, die_at), daemon=True
        )
        process.start()
        theirs.close()  # the worker's end is its own: its death ends the pipe here
        worker = _Worker(process, ours)
        live[ours] = worker
        hand_out(worker, rest)

    def bury(worker: _Worker) -> None:
        """Count the case a dead worker was in as a crash; hand the rest of its batch on."""
        worker.process.join()
        code = worker.process.exitcode or 0
        how = (
            f"was killed by signal {signal.Signals(-code).name}"
            if code < 0
            else f"exited with status {code}"
        )
        if not worker.loaded:  # the coder itself cannot load: every worker would die so
            raise RuntimeError(f"a fuzz worker died loading its coder: it {how}")
        if worker.begun is not None:
            index, since = worker.begun
            case = make_case(seed, index)
            crash = (
                f"the worker process {how} in case {index}; rerun it with "
                f"`python bench/fuzz.py --seed {seed} --case {index}`"
            )
            outcome = Outcome(crash=crash, seconds=time.perf_counter() - since)
            if tally.add(case, outcome, timeout) and save is not None:
                save_case(save, seed, case)
            if progress is not None:
                progress(tally.cases, tally)
        if worker.todo or (pending and in_time()):
            start_worker(worker.todo)

    try:
        for _ in range(workers):
            start_worker()
        while live:
            # A connection is ready when a message waits in it or its worker has gone.
            for ready in wait(list(live)):
                worker = live[ready]
                try:
                    kind, value = ready.recv()
                except (EOFError, OSError):  # gone, and everything it sent has been read
                    del live[ready]
                    ready.close()
                    bury(worker)
                    continue
                if kind == "loaded":
                    worker.loaded = True
                    load_s = max(load_s, value)
                elif kind == "begin":
                    worker.todo.popleft()
                    worker.begun = (value, time.perf_counter())
                elif kind == "case":
                    worker.begun = None
                    tally.merge(value)
                    if progress is not None:
                        progress(tally.cases, tally)
                elif kind == "done":
                    hand_out(worker)
                else:  # its memory, the last thing it sends
                    memory.append(value)
                    del live[ready]
                    ready.close()
                    worker.process.join()
    finally:  # an error here (or Ctrl-C) leaves no worker behind
        for worker in live.values():
            worker.process.kill()
            worker.process.join()
    return tally, memory, load_s


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"eventcoder fuzz  seed {report['seed']}  cases {report['cases']:,} of "
        f"{report['cases_asked']:,} ({report['first_case']}-{report['last_case']})  time limit "
        f"{report['timeout_s']} s  workers {report['workers']}",
        "kinds: " + ", ".join(f"{k} {v}" for k, v in report["kinds"].items()),
        f"documents coded {report['documents']:,}, events {report['events']:,}; coded errors: "
        + (", ".join(f"{k} {v}" for k, v in report["coded_errors"].items()) or "none"),
        f"crashes {len(report['crashes'])}  invalid offsets {len(report['invalid_offsets'])}  "
        f"hangs {len(report['hangs'])}  stopped by the time limit (E080) "
        f"{len(report['stopped_by_time_limit'])}",
        f"time {report['seconds']} s (load {report['load_s']} s)",
        *(
            f"RSS of worker {m['pid']}: after load {m['rss_after_load_mib']} MiB, at the end "
            f"{m['rss_end_mib']} MiB, peak {m['peak_rss_mib']} MiB"
            for m in report["memory"]
        ),
        "slowest: "
        + "; ".join(
            f"#{s['index']} {s['kind']} ({s['size']} chars) {s['seconds']} s"
            for s in report["slowest"]
        ),
    ]
    for crash in report["crashes"][:10]:
        lines.append(f"CRASH case {crash['index']} ({crash['kind']}):")
        lines.append(crash["traceback"].rstrip().splitlines()[-1])
    for bad in report["invalid_offsets"][:10]:
        lines.append(f"INVALID case {bad['index']} ({bad['kind']}): {bad['spans'][0]}")
    for stop in report["stopped_by_time_limit"][:10]:
        lines.append(f"E080 case {stop['index']} ({stop['kind']}, {stop['size']} chars)")
    for hang in report["hangs"][:10]:
        lines.append(f"HANG case {hang['index']} ({hang['kind']}, {hang['size']} chars)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="index of the first case")
    parser.add_argument("--case", type=int, action="append", default=[], help="run only these")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S)
    parser.add_argument("--workers", type=int, default=1, help="coding processes")
    parser.add_argument(
        "--stop-after", type=float, metavar="SECONDS", help="begin no new batch after this"
    )
    parser.add_argument("--save", type=Path, help="write failing cases' inputs here")
    parser.add_argument("--show", action="store_true", help="print the --case inputs")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.show:
        for index in args.case:
            print(json.dumps(make_case(args.seed, index).to_json(), ensure_ascii=True)[:2000])
    started = time.perf_counter()

    def report_progress(done: int, tally: Tally) -> None:
        if done % 500 == 0:
            print(
                f"... {done} cases in {time.perf_counter() - started:.0f} s: crashes "
                f"{len(tally.crashes)}, invalid {len(tally.invalid)}, hangs {len(tally.hangs)}",
                file=sys.stderr,
                flush=True,
            )

    report = run(
        args.cases,
        args.seed,
        start=args.start,
        timeout=args.timeout,
        save=args.save,
        progress=None if args.quiet else report_progress,
        only=tuple(args.case),
        workers=args.workers,
        stop_after=args.stop_after,
    )
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 1 if report["crashes"] or report["invalid_offsets"] or report["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
