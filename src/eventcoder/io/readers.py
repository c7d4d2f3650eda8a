"""Ingest: bytes, files and JSON Lines in, :class:`~eventcoder.model.Document` records out.

Everything that turns what a user hands us into the one text we code lives here: encoding
detection and repair, binary and size guards, HTML reduced to article text, publication dates.
The text that comes out is what every later offset indexes, so beyond the repairs listed in
:func:`decode_text` it is kept verbatim (no trimming, no quote straightening, no re-wrapping).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

import ftfy

from ..errors import ErrorCode, EventcoderError
from ..model import Document

DEFAULT_MAX_CHARS = 2_000_000
"""Longest text we code. A news article is a few thousand characters; two million is a book."""

DEFAULT_MAX_BYTES = 64 * 1024**2
"""Largest input one document may come from, in bytes: a file (decompressed), a JSON Lines line,
a CSV field, a web archive record's payload. Beyond it the input is refused (E005) without
being held in memory; within it, the text limit (``DEFAULT_MAX_CHARS``, E004) still applies."""
GZIP_MAX_RATIO = 200
"""A gzip-compressed input may expand to ``max(max_bytes, GZIP_MAX_RATIO × its size)``. Text and
JSON compress 3-20×; a gzip bomb (zeros, one repeated byte) expands about 1,000×."""

# Raw HTML carries markup, scripts and boilerplate, so it may be much longer than the article it
# holds; the limit is applied to the extracted text, this only stops absurd inputs early.
_HTML_RAW_FACTOR = 10

# Only repair what is broken (mojibake, C1 controls, surrogates, control characters); anything a
# correct text may legitimately contain - curly quotes, full-width forms, ligatures, HTML-looking
# entities in plain text - stays as written, because gold offsets index the text as given.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    fix_line_breaks=True,
    normalization="NFC",
    explain=False,
)

# Invisible characters that only break tokenisation and string matching ("Tal\u00adiban"). ZWJ and
# ZWNJ (U+200D, U+200C) are kept: they are meaningful in Persian, Arabic and Indic names.
_ZERO_WIDTH: Mapping[int, None] = MappingProxyType(
    dict.fromkeys(
        (
            0x00AD,
            0x180E,
            0x200B,
            0x200E,
            0x200F,
            0x2060,
            0xFEFF,
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
        ),
        None,
    )
)

# C0 controls other than tab, newline, carriage return and form feed.
_CONTROL_BYTES = bytes([*range(0, 9), 0x0B, *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BINARY_CONTROL_RATIO = 0.05  # a few stray controls are noise; this many means it is not text

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (e.g. a .docx or .xlsx file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)

_HTML_START_RE = re.compile(r"\A\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
_HTML_TAG_RE = re.compile(
    r"<(/?)(p|div|br|span|a|article|main|section|h[1-6]|li|ul|ol|table|tr|td|img|figure"
    r"|figcaption|blockquote|strong|em|b|i|script|style|meta|title|head|body|html)\b[^<>]*>",
    re.I,
)


@dataclass(frozen=True, slots=True)
class LineError:
    """A JSON Lines record that could not be read; reading goes on with the next line."""

    line: int  # 1-based
    error: EventcoderError


# --------------------------------------------------------------------------------------------
# input size limits


def too_large(what: str, limit: int) -> EventcoderError:
    """The coded error for an input over ``limit`` bytes (E005); ``what`` names it."""
    return EventcoderError(ErrorCode.E005, what=what, limit=limit)


def read_bounded(stream: IO[bytes], limit: int, what: str) -> bytes:
    """All of ``stream``, or E005 once it holds more than ``limit`` bytes (never more is read)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(what, limit)
    return data


def gunzip_bounded(data: bytes, limit: int, what: str) -> bytes:
    """``data`` decompressed (every gzip member), or E005 past ``limit`` bytes of output.

    A corrupt or truncated stream raises what :mod:`gzip` raises (``OSError``, ``EOFError``).
    """
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        return read_bounded(handle, limit, what)


class _ExpansionGuard(io.RawIOBase):
    """A decompressing stream that raises E005 once it has given out more than ``limit`` bytes."""

    def __init__(self, inner: IO[bytes], limit: int, what: str) -> None:
        super().__init__()
        self._inner = inner
        self._limit = limit
        self._what = what
        self._given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        self._given += len(data)
        if self._given > self._limit:
            raise EventcoderError(
                ErrorCode.E005,
                what=f"{self._what} (it expands more than {GZIP_MAX_RATIO}× when decompressed)",
                limit=self._limit,
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def open_input(path: Path, compressed: bool, *, max_bytes: int = DEFAULT_MAX_BYTES) -> IO[bytes]:
    """A buffered binary stream of an input file. A gzip-compressed file is decompressed as it
    is read, and reading raises E005 once it expands past ``max(max_bytes, GZIP_MAX_RATIO × its
    size)`` (a gzip bomb); reading a damaged one raises ``OSError``/``EOFError``."""
    if not compressed:
        return path.open("rb")
    limit = max(max_bytes, GZIP_MAX_RATIO * path.stat().st_size)
    guard = _ExpansionGuard(gzip.open(path, "rb"), limit, str(path))  # noqa: SIM115 (closes it)
    return io.BufferedReader(guard, buffer_size=1 << 16)


def iter_bounded_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The lines of ``handle``; ``None`` in place of a line longer than ``limit`` bytes, which
    is skipped a block at a time, never held whole."""
    while line := handle.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


class _LineTooLong(Exception):
    """A CSV line over the limit (raised through the csv reader, caught around it)."""


def _bounded_text_lines(lines: Iterable[str], limit: int) -> Iterator[str]:
    readline = getattr(lines, "readline", None)
    if readline is None:  # a list of lines: already in memory
        for line in lines:
            if len(line) > limit:
                raise _LineTooLong
            yield line
        return
    while line := readline(limit + 1):
        if len(line) > limit and not line.endswith("\n"):
            raise _LineTooLong
        yield line


# --------------------------------------------------------------------------------------------
# decoding


def decode_text(
    data: bytes | str,
    *,
    source: str = "<input>",
    max_chars: int = DEFAULT_MAX_CHARS,
    html: bool | None = None,
) -> str:
    """Return the text to code from raw bytes or a string.

    Steps: reject binary (E002); decode UTF-8 (BOM or not), UTF-16/32 (BOM, or UTF-16 whose NUL
    pattern gives it away), else Windows-1252 where the result reads like text, else E003; repair
    mojibake with ftfy; newlines to ``\\n``; drop zero-width characters; reduce HTML (``html=None``
    detects it) to article text with blank lines between blocks; E001 if nothing is left, E004
    beyond ``max_chars``. ``source`` names the input in error messages.
    """
    return _ingest(data, source=source, max_chars=max_chars, html=html)[0]


def _ingest(
    data: bytes | str, *, source: str, max_chars: int, html: bool | None
) -> tuple[str, HtmlArticle | None]:
    """:func:`decode_text`, also returning the HTML page's metadata when the input was HTML."""
    text = _decode_bytes(data, source) if isinstance(data, bytes) else data
    _reject_control_heavy(text, source)
    is_html = looks_like_html(text) if html is None else html
    raw_limit = max_chars * _HTML_RAW_FACTOR if is_html else max_chars
    if len(text) > raw_limit:
        raise EventcoderError(ErrorCode.E004, size=len(text), limit=max_chars)
    text = _clean(text)
    article = None
    if is_html:
        article = extract_html(text)
        if not article.text.strip() and nests_too_deep(text):
            raise EventcoderError(ErrorCode.E121, source=source)
        text = _clean(article.text)
    if not text.strip():
        raise EventcoderError(ErrorCode.E001)
    if len(text) > max_chars:
        raise EventcoderError(ErrorCode.E004, size=len(text), limit=max_chars)
    return text, article


def _decode_bytes(data: bytes, source: str) -> str:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        # UTF-32 first: its little-endian BOM starts with UTF-16's.
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise EventcoderError(
                    ErrorCode.E003, detail=f"{source}: {codec} byte order mark, but {err.reason}"
                ) from err
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise EventcoderError(ErrorCode.E002, detail=f"{source} looks like {what}")
    if b"\x00" in data:
        raise EventcoderError(ErrorCode.E002, detail=f"{source} contains NUL bytes")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and controls / len(data) > _BINARY_CONTROL_RATIO:
        raise EventcoderError(
            ErrorCode.E002, detail=f"{source}: {controls} of {len(data)} bytes are control codes"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    # UTF-8 with stray Windows-1252 bytes (text pasted together from several sources): keep
    # the valid UTF-8 and read each invalid byte as cp1252, if those bytes read like text.
    mixed = _utf8_with_cp1252_bytes(data)
    if mixed is not None:
        return mixed
    # Legacy single-byte text (Word, old CMSs) with too many such bytes to patch one by one.
    # Latin-1 proper is never tried: it differs from cp1252 only in 0x80-0x9F, which Latin-1
    # maps to invisible C1 controls, so it is never the plausible reading.
    try:
        legacy = data.decode("cp1252")
    except UnicodeDecodeError:
        legacy = None
    if legacy is not None and _reads_like_text(legacy):
        return legacy
    raise EventcoderError(
        ErrorCode.E003,
        detail=(
            f"{source}: invalid UTF-8 at byte {utf8_error.start} "
            f"({data[utf8_error.start : utf8_error.start + 4]!r}), and not Windows-1252 text"
        ),
    )


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text puts a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    half = len(sample) // 2
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.9 * half:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


_MAX_PATCHED_BYTES = 200


def _utf8_with_cp1252_bytes(data: bytes) -> str | None:
    pieces: list[str] = []
    patched: list[str] = []
    pos = 0
    while True:
        try:
            pieces.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            pieces.append(data[pos : pos + err.start].decode("utf-8"))
            bad = data[pos + err.start : pos + err.end]
            try:
                fixed = bad.decode("cp1252")
            except UnicodeDecodeError:
                return None
            patched.append(fixed)
            pieces.append(fixed)
            pos += err.end
            if len(patched) > _MAX_PATCHED_BYTES:
                return None
    odd = sum(not _legacy_char_ok(ch) for ch in "".join(patched))
    return "".join(pieces) if odd <= max(1, 0.05 * len(patched)) else None


def _legacy_char_ok(ch: str) -> bool:
    # Real Western text decodes to accented letters and typographic punctuation; random bytes
    # decode to symbols as often as letters.
    return ch.isalpha() or ch in "‘’‚“”„–—…•€£¥°§©®™·«»¿¡×"


def _reads_like_text(text: str) -> bool:
    """Whether a cp1252 decoding is plausible: mostly ASCII, accents inside words."""
    # Compare with ASCII letters: most high bytes decode to accented letters, so counting all
    # letters would let random bytes pass.
    ascii_letters = sum(ch.isascii() and ch.isalpha() for ch in text)
    high = [i for i, ch in enumerate(text) if ord(ch) > 0x7F]
    if len(high) > 0.3 * ascii_letters + 3:
        return False
    odd = sum(not _legacy_char_ok(text[i]) for i in high)
    return odd <= max(2, 0.05 * len(high))


def _reject_control_heavy(text: str, source: str) -> None:
    if not text:
        return
    sample = text[:65536]
    controls = len(_CONTROL_CHARS_RE.findall(sample))
    if controls / len(sample) > _BINARY_CONTROL_RATIO:
        raise EventcoderError(
            ErrorCode.E002,
            detail=f"{source}: {controls} of the first {len(sample)} characters are control codes",
        )


def _clean(text: str) -> str:
    # Paragraph and line separators first, so ftfy's line-break fix cannot flatten U+2029 (a
    # paragraph break) to a single newline.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n\n")
    text = ftfy.fix_text(text, _FTFY_CONFIG)
    text = text.translate(_ZERO_WIDTH)
    return _CONTROL_CHARS_RE.sub("", text)


# --------------------------------------------------------------------------------------------
# HTML


def looks_like_html(text: str) -> bool:
    """A whole HTML document, or a fragment with two known tags, one closing (or many tags).

    Plain text may contain an odd "<b>" or "a < b"; two tags and a closing one are markup.
    """
    head = text[:200_000]
    if _HTML_START_RE.match(head):
        return True
    tags = _HTML_TAG_RE.findall(head)
    if len(tags) >= 20:
        return True
    return len(tags) >= 2 and any(closing or name.lower() == "br" for closing, name in tags)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What :func:`extract_html` found: the article text and the page's own metadata."""

    text: str
    title: str | None = None
    published: str | None = None


# Passed to htmldate through trafilatura: the page's own date from its metadata (meta tags,
# JSON-LD, <time>, the URL), the original publication rather than the last update, and no
# guessing from dates in the article's text (a caption's "September 7, 2021" is not the date).
_DATE_PARAMS = MappingProxyType({"extensive_search": False, "original_date": True})
# trafilatura's output elements that end a line within a block (<lb/> is a <br>).
_LINE_TAGS = frozenset({"item", "row"})


def _collapse_block(raw: str) -> str:
    """Collapse whitespace within lines; one <br> stays a newline, several a blank line."""
    out: list[str] = []
    blank = False
    for line in raw.split("\n"):
        words = " ".join(line.split())
        if not words:
            blank = bool(out)
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(words)
        blank = False
    return "".join(out)


def nests_too_deep(html: str) -> bool:
    """Whether the HTML parser (libxml2, under lxml and trafilatura) stops at its nesting limit
    on ``html``: it then drops everything below that depth, so a page it finds empty need not
    be (fuzzed: a sentence inside 256 or more ``<div>`` is not read, and was E001, empty)."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser()
    try:
        lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return False
    return any("excessive depth" in entry.message.lower() for entry in parser.error_log)


def extract_html(html: str) -> HtmlArticle:
    """Reduce an HTML page or fragment to its article text, one block per paragraph.

    trafilatura finds the article and drops navigation, headers, footers, cookie banners,
    share and related-story boxes, bylines, scripts and comments; it is tuned for precision
    (better a lost boilerplate-like line than boilerplate coded as news). A page on which the
    precise settings find nothing (a short fragment, an unusual layout) is read again with
    its balanced settings. The title and the publication date (``YYYY-MM-DD``) come from the
    page's metadata. Image captions are not kept. No network is used.
    """
    # Imported here: trafilatura and lxml take a while to import, and plain text needs neither.
    from trafilatura import bare_extraction

    common: dict[str, Any] = {
        "with_metadata": True,
        "include_comments": False,
        "include_images": False,
        "include_tables": True,
        "deduplicate": False,  # repeated paragraphs are the structure stage's to handle
        "date_extraction_params": dict(_DATE_PARAMS),
    }
    result = bare_extraction(html, favor_precision=True, **common)
    if result is None or result.body is None or not len(result.body):
        result = bare_extraction(html, **common)
    if result is None or result.body is None:
        return HtmlArticle(text="")
    blocks = (_collapse_block(_element_text(element)) for element in result.body)
    return HtmlArticle(
        text="\n\n".join(block for block in blocks if block),
        title=result.title or None,
        published=result.date or None,
    )


def _element_text(element: Any) -> str:
    """The text of one of trafilatura's output elements, with its line breaks as ``\n``.

    Newlines in the page's source are layout, not text: they become spaces; only ``<br>``
    (trafilatura's ``<lb/>``) and list items or table rows start a new line.
    """
    parts = [_layout(element.text)]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in _LINE_TAGS:
            parts.append(f"\n{_element_text(child)}")
        else:
            parts.append(_element_text(child))
        parts.append(_layout(child.tail))
    return "".join(parts)


def _layout(text: str | None) -> str:
    return (text or "").replace("\n", " ")


# --------------------------------------------------------------------------------------------
# publication dates

EARLIEST_PUBLISHED = date(1000, 1, 1)
LATEST_PUBLISHED = date(8999, 12, 31)
"""Publication dates coded: relative dates ("900 years ago", "next year") are resolved by date
arithmetic, which overflows near ``date.min``/``date.max``; no news is dated outside these."""

_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ](.*))?", re.S)


def parse_published(value: str | date | datetime | None, *, today: date | None = None) -> date:
    """The publication date: ``YYYY-MM-DD`` or an ISO datetime (its date as written).

    Missing → E010, malformed → E011, after ``today`` → E012, outside
    :data:`EARLIEST_PUBLISHED` .. :data:`LATEST_PUBLISHED` → E013. Without ``today``, the limit is
    the date now somewhere on Earth (UTC+14), so an article filed "tomorrow" in Auckland is not
    refused on a machine in California.
    """
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif value is None or (isinstance(value, str) and not value.strip()):
        raise EventcoderError(ErrorCode.E010)
    elif not isinstance(value, str):
        raise EventcoderError(ErrorCode.E011, value=value)
    else:
        result = _parse_iso(value)
    limit = today if today is not None else (datetime.now(UTC) + timedelta(hours=14)).date()
    if result > limit:
        raise EventcoderError(ErrorCode.E012, value=result.isoformat(), today=limit.isoformat())
    if not EARLIEST_PUBLISHED <= result <= LATEST_PUBLISHED:
        raise EventcoderError(
            ErrorCode.E013,
            value=result.isoformat(),
            earliest=EARLIEST_PUBLISHED.isoformat(),
            latest=LATEST_PUBLISHED.isoformat(),
        )
    return result


def _parse_iso(value: str) -> date:
    text = value.strip()
    match = _ISO_DATE_RE.fullmatch(text)
    if match is None:
        raise EventcoderError(ErrorCode.E011, value=value)
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
        if match[4] is not None:
            # Validate the time part too (a typo there means the value is not what we think),
            # but keep the calendar date as written rather than converting time zones.
            datetime.fromisoformat(text)
    except ValueError as err:
        raise EventcoderError(ErrorCode.E011, value=value) from err
    return day


# --------------------------------------------------------------------------------------------
# files and JSON Lines

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


def read_document_file(
    path: str | os.PathLike[str],
    *,
    published: str | date | datetime | None = None,
    doc_id: str | None = None,
    today: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read a .txt or .html file into a Document (id: the file stem unless ``doc_id``).

    An HTML page's own publication date (``article:published_time`` and kin) and ``<title>``
    are used when the caller gives none. E021 if the file cannot be read, E005 if it holds
    more than ``max_bytes``.
    """
    file = Path(path)
    try:
        with file.open("rb") as handle:
            data = read_bounded(handle, max_bytes, str(file))
    except OSError as err:
        raise EventcoderError(ErrorCode.E021, path=str(file), detail=err.strerror or err) from err
    # An .html suffix forces HTML reading; otherwise the content decides (a .txt of markup).
    is_html = True if file.suffix.lower() in _HTML_SUFFIXES else None
    return document_from_bytes(
        data,
        doc_id=doc_id or file.stem,
        source=str(file),
        html=is_html,
        published=published,
        today=today,
        max_chars=max_chars,
    )


def document_from_bytes(
    data: bytes | str,
    *,
    doc_id: str,
    source: str = "<input>",
    html: bool | None = None,
    published: str | date | datetime | None = None,
    default_published: str | date | datetime | None = None,
    today: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """A Document from a file's content (already read, e.g. decompressed).

    The date is ``published``, else the HTML page's own date, else ``default_published``; the
    title is the page's ``<title>``. ``source`` names the input in error messages.
    """
    text, article = _ingest(data, source=source, max_chars=max_chars, html=html)
    title = article.title if article else None
    if published is None and article is not None:
        published = article.published
    if published is None:
        published = default_published
    return Document(
        id=doc_id,
        text=text,
        published=parse_published(published, today=today),
        title=title,
    )


_DOCUMENT_KEYS = ("id", "text", "html", "published", "title", "url", "source", "language")


def iter_jsonl(
    path_or_lines: str | os.PathLike[str] | Iterable[str] | Iterable[bytes],
    *,
    published: str | date | None = None,
    today: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | LineError]:
    """Stream Documents from JSON Lines: one object a line.

    Keys: ``id``, ``text`` (or ``html``), ``published`` (``published`` here is the default for
    lines without one), ``title``, ``url``, ``source``, ``language``; any other key is kept in
    ``Document.metadata``. A bad line yields a :class:`LineError` carrying the line number and
    the coded error (E020 for bad JSON or shape, E001-E004 for the text, E010-E012 for the date)
    and reading goes on. Blank lines are skipped. A ``str`` is a path; pass lines as a list or an
    open file. A missing id becomes a hash of the text. A line longer than ``max_bytes`` in a
    file is an E005 LineError, skipped without being held in memory.
    An unreadable file raises E021.
    """
    if isinstance(path_or_lines, (str, os.PathLike)):
        yield from _iter_jsonl_file(Path(path_or_lines), published, today, max_chars, max_bytes)
        return
    for number, line in enumerate(path_or_lines, start=1):
        result = _jsonl_record(line, number, published, today, max_chars)
        if result is not None:
            yield result


def _iter_jsonl_file(
    path: Path, published: str | date | None, today: date | None, max_chars: int, max_bytes: int
) -> Iterator[Document | LineError]:
    try:
        handle = path.open("rb")
    except OSError as err:
        raise EventcoderError(ErrorCode.E021, path=str(path), detail=err.strerror or err) from err
    with handle:
        try:
            for number, line in enumerate(iter_bounded_lines(handle, max_bytes), start=1):
                if line is None:
                    yield LineError(line=number, error=too_large(f"Line {number}", max_bytes))
                    continue
                result = _jsonl_record(line, number, published, today, max_chars)
                if result is not None:
                    yield result
        except OSError as err:
            raise EventcoderError(ErrorCode.E021, path=str(path), detail=err.strerror) from err


def _jsonl_record(
    line: str | bytes,
    number: int,
    default_published: str | date | None,
    today: date | None,
    max_chars: int,
) -> Document | LineError | None:
    try:
        record = parse_jsonl_line(line, number)
        if record is None:
            return None
        return _record_document(record, number, default_published, today, max_chars)
    except EventcoderError as err:
        return LineError(line=number, error=err)


def parse_jsonl_line(line: str | bytes, number: int) -> dict[str, object] | None:
    """One JSON Lines record as a dict (``None`` for a blank line); E020 for bad UTF-8 or JSON,
    or a value that is not an object. ``number`` is the 1-based line number."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            raise _line_error(number, f"not valid UTF-8 at byte {err.start}") from err
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise _line_error(number, f"invalid JSON ({err.msg}, column {err.colno})") from err
    if not isinstance(record, dict):
        raise _line_error(number, f"expected a JSON object, got {type(record).__name__}")
    return record


def document_from_record(
    record: Mapping[str, object],
    number: int,
    *,
    published: str | date | None = None,
    today: date | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """A Document from one JSON Lines object or CSV row, by the keys :func:`iter_jsonl` reads.

    ``number`` is its line (or row) number for error messages; ``published`` is the default
    date for a record without one. Raises E020 for a bad shape, E001-E004, E010-E012.
    """
    return _record_document(dict(record), number, published, today, max_chars)


def iter_csv_records(
    lines: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, dict[str, object]] | LineError]:
    """Rows of a CSV file with a header as ``(row number, record)``; the header is row 1.

    Empty cells are left out, so an empty ``text`` cell falls back to ``html`` and an empty
    ``id`` to the content hash, as in :func:`iter_jsonl`. A field or a line longer than
    ``max_bytes`` characters (E005), or a row the csv module cannot parse (E020), ends the
    file with one :class:`LineError`: after it, where a row starts is no longer known.
    """
    # The csv module's field limit is process-wide; it is raised for this file and put back.
    previous = csv.field_size_limit(max(max_bytes, csv.field_size_limit()))
    number = 1
    try:
        reader = csv.DictReader(_bounded_text_lines(lines, max_bytes))
        for number, row in enumerate(reader, start=2):
            record: dict[str, object] = {}
            for key, value in row.items():
                if key is None:  # cells beyond the header
                    continue
                if isinstance(value, str) and value != "":
                    record[key.strip()] = value
            if record:  # a row of empty cells is a blank line
                yield number, record
    except _LineTooLong:
        yield LineError(number + 1, too_large(f"Row {number + 1}", max_bytes))
    except csv.Error as err:
        if "field limit" in str(err):
            yield LineError(number + 1, too_large(f"A field of row {number + 1}", max_bytes))
        else:
            yield LineError(number + 1, _line_error(number + 1, f"unreadable CSV ({err})"))
    finally:
        csv.field_size_limit(previous)


def _line_error(number: int, detail: str) -> EventcoderError:
    return EventcoderError(ErrorCode.E020, line=number, detail=detail)


def _record_document(
    record: dict[str, object],
    number: int,
    default_published: str | date | None,
    today: date | None,
    max_chars: int,
) -> Document:
    fields = {key: _optional_str(record, key, number) for key in _DOCUMENT_KEYS}
    source = f"line {number}"
    if fields["text"] is not None:
        text, article = _ingest(fields["text"], source=source, max_chars=max_chars, html=None)
    elif fields["html"] is not None:
        text, article = _ingest(fields["html"], source=source, max_chars=max_chars, html=True)
    else:
        raise _line_error(number, 'no "text" or "html" field')
    title = fields["title"] or (article.title if article else None)
    page_published = article.published if article else None
    # The record's own date, then the page's (an HTML record's metadata), then the caller's
    # default for the whole file.
    published = parse_published(
        fields["published"] or page_published or default_published, today=today
    )
    metadata = tuple(
        (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in record.items()
        if key not in _DOCUMENT_KEYS
    )
    return Document(
        id=fields["id"] or content_id(text),
        text=text,
        published=published,
        title=title,
        url=fields["url"],
        source=fields["source"],
        language=fields["language"] or "en",
        metadata=metadata,
    )


def _optional_str(record: dict[str, object], key: str, number: int) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    # Numeric ids are common in exports; anything else is a shape error, not something to guess.
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _line_error(number, f'"{key}" must be a string, got {type(value).__name__}')


def content_id(text: str) -> str:
    """A stable id for a document that came without one: a hash of its text."""
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
