"""Document structure: paragraphs, photo captions, credit lines, headings, repeats, the dateline.

:func:`segment` cuts the text into :class:`~eventcoder.model.Unit` records, each a slice of the
text, and finds the dateline. Later stages code body and caption units only, skip units with
``duplicate_of`` set, and use the dateline as place and date context, never as an event.

Decisions:

- A dateline at the start of a paragraph ("KHARTOUM, April 16 (Wire) - Sudan's army ...") is cut
  off that paragraph: the body unit starts after it, so no later stage ever sees it as text to
  code. A dateline alone on its line is a unit of kind ``"dateline"``.
- A credit at the end of a paragraph ("... September 7, 2021. (credit: REUTERS/Stringer)") is
  split off as its own ``"credit"`` unit, so a caption printed once without and once with its
  credit yields two equal caption units, the second a duplicate of the first.
- Cues are general (the shape of a caption's ending, credit keywords, line lengths), never one
  article's wording; everything works on arbitrary text and never raises.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..knowledge.calendar_words import MONTHS
from ..model import Annotated, DateBasis, DateInterval, Dateline, Precision, Span, Unit, UnitKind

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]"

# --- credits ------------------------------------------------------------------------------
# What a credit line says: who took the picture, or who reported, wrote and edited the story.
_PHOTO_WORD = r"(?:photo(?:graph)?s?|pictures?|images?|credits?|photo\s+credit|file\s+photo)"
_STAFF_WORD = r"(?:(?:additional\s+)?reporting|writing|editing|compiled|edited|written|produced)"
_AGENCY_SLUG = r"(?:REUTERS|Reuters|AP\s+Photo|AFP(?:\s+PHOTO)?|EPA(?:-EFE)?|ANADOLU|Xinhua)/"
_CREDIT_START_RE = re.compile(
    rf"\(?\s*(?:(?P<photo>(?i:{_PHOTO_WORD}))\s*(?::|by\b)|(?i:{_STAFF_WORD})\s+by\b"
    rf"|{_AGENCY_SLUG})"
)
_PHOTO_CREDIT_RE = re.compile(
    rf"(?i:{_PHOTO_WORD})\s*(?::|by\b)|{_AGENCY_SLUG}|Getty\s+Images|via\s+Getty|/\s*(?:AFP|AP)\b"
)
_BYLINE_RE = re.compile(r"By\s+[A-Z][\w.'’-]*(?:(?:\s+|,\s*|\s+and\s+|\s*&\s*)[A-Z][\w.'’-]*)*")
# A credit glued to the end of a paragraph: "... 2021. (credit: REUTERS/Stringer)" or
# "... 2021. REUTERS/Stringer".
_TRAILING_CREDIT_RE = re.compile(
    rf"(?<=[.!?\"”’)])\s+(\(\s*(?:(?i:{_PHOTO_WORD})\s*(?::|by\b)|(?i:{_STAFF_WORD})\s+by\b"
    rf"|{_AGENCY_SLUG})[^()]*\)|{_AGENCY_SLUG}[^\s.][^()\n]{{0,80}})\s*\Z"
)
_MAX_CREDIT = 300

# --- captions -----------------------------------------------------------------------------
# A caption ends with where and when the picture was taken, with no preposition before the date
# ("... in Kabul, Afghanistan September 7, 2021." / "... Nairobi, Kenya, March 20, 2023."),
# where a body sentence would say "on September 7, 2021" or "in October 2017".
_CAPTION_DATE = (
    rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})\s+(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH})\s+(?P<y3>\d{{4}})"
)
_CAPTION_END_RE = re.compile(
    rf"(?P<place>[A-Z][\w.'’-]*),?\s+(?P<date>{_CAPTION_DATE})\s*[.]?\s*\Z"
)
_CAPTION_YEAR_END_RE = re.compile(r"[A-Z][\w.'’-]*,\s+(?P<date>(?P<y4>\d{4}))\s*[.]?\s*\Z")
_FILE_PHOTO_RE = re.compile(r"(?:FILE\s+PHOTO\s*:|FILE\s*[-–—]\s|\(?File\s+photo\)?\s*:)")
_REPORTING_RE = re.compile(
    r"\b(?:said|says|told|added|stated|according\s+to|announced)\b|[\"“”]", re.I
)
_MAX_CAPTION = 600
_MIN_CAPTION_WORDS = 6

# --- headings -----------------------------------------------------------------------------
_MAX_HEADING_CHARS = 120
_MAX_HEADING_WORDS = 15

# --- datelines ----------------------------------------------------------------------------
_CAPS_WORD = r"[A-Z][A-Z.'’-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][a-z][\w.'’-]*"
# A country or region after the place: "Texas", "South Sudan", "Democratic Republic of Congo".
_REGION_WORDS = rf"{_TITLE_WORD}(?:\s+(?:(?:of|the|and)\s+)?{_TITLE_WORD}){{0,3}}"
_DATELINE_RE = re.compile(
    rf"(?P<place>(?P<caps>{_CAPS_WORD}(?:[ /]{_CAPS_WORD}){{0,4}})(?:,\s+{_REGION_WORDS})?"
    rf"|(?P<title>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}})(?P<country>,\s+{_REGION_WORDS})?)"
    rf"(?:,\s+(?P<date>(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+"
    rf"(?P<month2>{_MONTH})))?"
    rf"\s*(?P<agency>\([A-Z][\w&.'’ /-]{{0,40}}\))?"
    rf"\s*(?P<sep>--?|–|—|:)(?=\s|\Z)"
)
# Wire flags that look like an all-caps place at the start of a story.
_NOT_PLACES = frozenset(
    {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "FACTBOX", "EXPLAINER"}
    | {"WRAPUP", "CORRECTED", "REFILE", "INSIGHT", "OPINION", "WATCH", "LIVE", "NOTE"}
    | {"EDITORS", "ADVISORY", "URGENT", "FLASH", "PHOTO", "VIDEO", "FILE"}
)
_DATELINE_SCAN = 200  # a dateline opens the story; never look further into a paragraph


@dataclass
class _Piece:
    start: int
    end: int
    kind: UnitKind = "body"
    photo_credit: bool = False  # a credit for a picture, as opposed to a byline


def segment(text: str, published: date) -> tuple[list[Unit], Dateline | None]:
    """Split ``text`` into units and find its dateline (see the module notes)."""
    pieces = [
        piece
        for start, end in _paragraph_spans(text)
        for piece in _split_trailing_credit(text, start, end)
    ]
    for piece in pieces:
        if piece.kind == "body" and _is_credit(text[piece.start : piece.end]):
            piece.kind = "credit"
            piece.photo_credit = bool(_PHOTO_CREDIT_RE.search(text[piece.start : piece.end]))
    dateline = _find_dateline(text, pieces, published)
    dates: list[DateInterval | None] = [None] * len(pieces)
    for i, piece in enumerate(pieces):
        if piece.kind != "body":
            continue
        chunk = text[piece.start : piece.end]
        next_piece = pieces[i + 1] if i + 1 < len(pieces) else None
        followed_by_photo_credit = next_piece is not None and next_piece.photo_credit
        caption_date = _caption_date(text, piece.start, piece.end)
        if _is_caption(chunk, caption_date is not None, followed_by_photo_credit):
            piece.kind = "caption"
            dates[i] = caption_date
        elif _is_heading(chunk):
            piece.kind = "heading"
    if not any(piece.kind in {"body", "caption"} for piece in pieces):
        # "A peacekeeper was killed by unidentified assailants" with no full stop, alone: a
        # text that is all headline-like lines is a report, not a page's headings.
        for piece in pieces:
            if piece.kind == "heading":
                piece.kind = "body"
    units: list[Unit] = []
    first_by_key: dict[str, int] = {}
    for i, piece in enumerate(pieces):
        chunk = text[piece.start : piece.end]
        duplicate_of = None
        for key in _duplicate_keys(chunk):
            if key in first_by_key:
                duplicate_of = first_by_key[key]
                break
        if duplicate_of is None:
            for key in _duplicate_keys(chunk):
                first_by_key.setdefault(key, i)
        units.append(
            Unit(
                span=Span(piece.start, piece.end, chunk),
                kind=piece.kind,
                duplicate_of=duplicate_of,
                date=dates[i],
            )
        )
    return units, dateline


# ------------------------------------------------------------------------------------------
# paragraphs


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks, further split at line breaks that end a paragraph."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    spans: list[tuple[int, int]] = []
    block: list[tuple[int, int]] = []
    for start, end in [*lines, (len(text), len(text))]:
        if text[start:end].strip():
            block.append(_strip(text, start, end))
            continue
        if block:
            spans.extend(_split_block(text, block))
            block = []
    return spans


def _split_block(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    lengths = [end - start for start, end in lines]
    width = max(lengths)
    # Hard-wrapped prose: most lines run to (near) the same margin, which is short; there a line
    # ending mid-sentence continues the paragraph. Without that shape, one line is one paragraph
    # (a caption repeated on the next line, a subheading above its paragraph).
    inner = lengths[:-1]
    hard_wrapped = (
        width <= 100 and len(inner) >= 2 and sum(n >= 0.75 * width for n in inner) * 2 >= len(inner)
    )
    spans: list[tuple[int, int]] = []
    start = lines[0][0]
    for (prev_start, prev_end), (next_start, _), prev_len in zip(
        lines, lines[1:], lengths, strict=False
    ):
        prev = text[prev_start:prev_end]  # the line, not the paragraph so far: stays linear
        nxt = text[next_start : next_start + 1]
        continues = nxt.islower() or nxt in ",;:)]"
        reaches_margin = width <= 100 and prev_len >= 0.75 * width
        # A line closing a parenthesis ("... (credit: REUTERS/X)") ends as firmly as a sentence.
        ends = _ends_sentence(prev) or prev.endswith(")")
        wrapped = reaches_margin and (hard_wrapped or not ends)
        if not (continues or wrapped):
            spans.append((start, prev_end))
            start = next_start
    spans.append((start, lines[-1][1]))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    chunk = text[start:end]
    left = len(chunk) - len(chunk.lstrip())
    right = len(chunk) - len(chunk.rstrip())
    return start + left, end - right


def _ends_sentence(chunk: str) -> bool:
    return chunk.rstrip().rstrip(_CLOSERS)[-1:] in tuple(_TERMINAL)


# ------------------------------------------------------------------------------------------
# credits


def _split_trailing_credit(text: str, start: int, end: int) -> list[_Piece]:
    # Search only the tail: a credit is short, and this bounds the regex's work.
    match = _TRAILING_CREDIT_RE.search(text, max(start, end - _MAX_CREDIT - 20), end)
    if match is None:
        return [_Piece(start, end)]
    credit_start = match.start(1)
    body_start, body_end = _strip(text, start, credit_start)
    if body_end <= body_start:
        return [_Piece(start, end)]
    credit = text[credit_start:end]
    return [
        _Piece(body_start, body_end),
        _Piece(
            credit_start, end, kind="credit", photo_credit=bool(_PHOTO_CREDIT_RE.search(credit))
        ),
    ]


def _is_credit(chunk: str) -> bool:
    if len(chunk) > _MAX_CREDIT or _FILE_PHOTO_RE.match(chunk):
        return False  # "FILE PHOTO: Soldiers patrol ..." introduces a caption
    match = _CREDIT_START_RE.match(chunk)
    if match is not None:
        # "Photo: AP" credits; "Photo: Soldiers patrol a street in Kabul." is a caption.
        rest = chunk[match.end() :]
        described = len(rest.split()) >= 8 and _ends_sentence(rest) and match["photo"]
        return not described
    # "By Jane Doe and John Roe": a byline names people, so no digits and no lowercase words.
    return len(chunk) <= 80 and _BYLINE_RE.fullmatch(chunk.rstrip(".")) is not None


# ------------------------------------------------------------------------------------------
# captions and headings


def _is_caption(chunk: str, ends_with_place_date: bool, followed_by_photo_credit: bool) -> bool:
    if len(chunk) > _MAX_CAPTION or not any(ch.islower() for ch in chunk):
        return False
    if _FILE_PHOTO_RE.match(chunk):
        return True
    # "Photo: Soldiers patrol a street ..." (a described picture; a bare credit was taken earlier)
    prefix = _CREDIT_START_RE.match(chunk)
    if prefix is not None and prefix["photo"]:
        return True
    if ends_with_place_date:
        return True
    # A short descriptive sentence set off by a photo credit is a caption, even without a date;
    # one that reports speech is a story paragraph that happens to sit above a picture credit.
    return (
        followed_by_photo_credit
        and _ends_sentence(chunk)
        and chunk.count(". ") <= 2
        and _REPORTING_RE.search(chunk) is None
    )


def _caption_date(text: str, start: int, end: int) -> DateInterval | None:
    """The date a caption ends with, as a CAPTION interval; None if it ends otherwise."""
    chunk = text[start:end]
    if len(chunk.split()) < _MIN_CAPTION_WORDS + 3:
        return None
    tail_start = max(0, len(chunk) - 200)
    tail = chunk[tail_start:]
    match = _CAPTION_END_RE.search(tail) or _CAPTION_YEAR_END_RE.search(tail)
    if match is None:
        return None
    found = match.groupdict()
    try:
        interval = _interval(found)
    except ValueError:  # "February 30, 2021"
        return None
    if interval is None:
        return None
    mention_start = start + tail_start + match.start("date")
    mention_end = start + tail_start + match.end("date")
    earliest, latest, precision = interval
    return DateInterval(
        earliest=earliest,
        latest=latest,
        precision=precision,
        basis=DateBasis.CAPTION,
        mention=Span(mention_start, mention_end, text[mention_start:mention_end]),
    )


def _interval(found: dict[str, str | None]) -> tuple[date, date, Precision] | None:
    for m, d, y in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
        month, day, year = found.get(m), found.get(d), found.get(y)
        if month and day and year:
            when = date(int(year), _month(month), int(day))
            return when, when, Precision.DAY
    month, year = found.get("m3"), found.get("y3")
    if month and year:
        first = date(int(year), _month(month), 1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first, last, Precision.MONTH
    year = found.get("y4")
    if year and int(year) >= 1:
        return date(int(year), 1, 1), date(int(year), 12, 31), Precision.YEAR
    return None


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _is_heading(chunk: str) -> bool:
    if len(chunk) > _MAX_HEADING_CHARS or len(chunk.split()) > _MAX_HEADING_WORDS:
        return False
    first = chunk[:1]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘"):
        return False
    # No closing punctuation: a heading is a label, not a sentence ("He said:" is not one).
    return not _ends_sentence(chunk) and chunk.rstrip()[-1:] not in tuple(",;:")


# ------------------------------------------------------------------------------------------
# datelines


def _find_dateline(text: str, pieces: list[_Piece], published: date) -> Dateline | None:
    """The dateline opens the first paragraph of the story, after any title or byline lines."""
    for piece in pieces:
        chunk = text[piece.start : min(piece.end, piece.start + _DATELINE_SCAN)]
        if piece.kind == "body":
            dateline = _match_dateline(text, piece, chunk, published)
            if dateline is not None:
                return dateline
        if piece.kind == "credit" or _is_heading(text[piece.start : piece.end]):
            continue
        return None
    return None


def _match_dateline(text: str, piece: _Piece, chunk: str, published: date) -> Dateline | None:
    match = _DATELINE_RE.match(chunk)
    if match is None:
        return None
    caps = match["caps"]
    if caps is not None and (
        caps.split("/")[0].split()[0].rstrip(".") in _NOT_PLACES or sum(map(str.isalpha, caps)) < 2
    ):
        return None
    has_context = match["date"] or match["agency"]
    if caps is None and not (has_context or match["country"]):
        return None  # "Pakistan - ..." is a sentence, "Kabul, Afghanistan -" a dateline
    if match["sep"] == ":" and (caps is None or has_context):
        return None
    base = piece.start
    end = base + match.end()
    when = None
    if match["date"]:
        month = match["month"] or match["month2"]
        day = match["day"] or match["day2"]
        date_start, date_end = base + match.start("date"), base + match.end("date")
        mention = Span(date_start, date_end, text[date_start:date_end])
        when = _recent_date(_month(month), int(day), published, mention)
    place_start, place_end = base + match.start("place"), base + match.end("place")
    dateline = Dateline(
        span=Span(base, end, text[base:end]),
        place=Span(place_start, place_end, text[place_start:place_end]),
        date=when,
    )
    # The story goes on after the dateline: the body unit starts there. A dateline alone on its
    # line becomes a unit of its own.
    body_start, body_end = _strip(text, end, piece.end)
    if body_end > body_start:
        piece.start = body_start
    else:
        piece.kind = "dateline"
    return dateline


def _recent_date(month: int, day: int, published: date, mention: Span) -> DateInterval | None:
    """The latest such day on or before publication (a dateline never points ahead)."""
    for year in range(published.year, published.year - 9, -1):
        try:
            when = date(year, month, day)
        except ValueError:  # 29 February in a common year, or "April 31"
            continue
        if when <= published:
            return DateInterval(when, when, Precision.DAY, DateBasis.EXPLICIT, mention)
    return None


# ------------------------------------------------------------------------------------------
# repeats

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _duplicate_keys(chunk: str) -> list[str]:
    """Keys under which a unit repeats an earlier one: its normalised text, and the same text
    without a trailing credit (so "caption" and "caption (credit: X)" meet, in either order)."""
    key = _normalise(chunk)
    if not key:
        return []
    keys = [key]
    tail_start = max(0, len(chunk) - _MAX_CREDIT - 20)
    match = _TRAILING_CREDIT_RE.search(chunk, tail_start)
    if match is not None:
        stripped = _normalise(chunk[: match.start(1)])
        if stripped and stripped != key:
            keys.append(stripped)
    return keys


def _normalise(chunk: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", chunk).translate(_QUOTES).casefold().split())


class StructureComponent:
    """Pipeline component: paragraphs, captions, credits, headings, repeats and the dateline."""

    def __call__(self, annotated: Annotated) -> None:
        document = annotated.document
        annotated.units, annotated.dateline = segment(annotated.text, document.published)
