"""The one data model: documents in, typed events out.

Every stage adds to these frozen records; nothing downstream re-parses raw text. The wire format
(`shared/gold/README.md`) is produced by :mod:`eventcoder.io.serialize` and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal

EVENT_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "SANCTION",
    "PROTEST",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

SYMMETRIC_TYPES: frozenset[str] = frozenset({"ASSAULT", "CONSULT", "AGREE", "COOPERATE"})
"""Two-sided types: "both nations agreed" is one event with one side as target, and two
mentions of one occurrence may name its sides either way round (stages/arguments/sides.py,
stages/merge.py). Incident linking across articles leaves out ASSAULT: there an attack stays
directed (store/incidents.py)."""

ANONYMOUS = "anonymous"
"""The claimant code for unnamed sources ("a security source", "sources said")."""


class Precision(StrEnum):
    """How precisely a date interval is known."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    REPORT = "report"  # no time expression: the publication date stands in, and says so


class DateBasis(StrEnum):
    """Where a date interval came from."""

    EXPLICIT = "explicit"  # "October 19", "September 7, 2021"
    RELATIVE = "relative"  # "on Saturday", "last week", "this month"
    CAPTION = "caption"  # a photo caption's own date
    CONTEXT = "context"  # inherited from the sentence's or reporting clause's time expression
    SEQUENCE = "sequence"  # told as before/after another act, by no stated distance: that act's
    # date stands in ("buried their dead on Tuesday after twin bombings")
    PUBLICATION = "publication"  # nothing in the text: the publication date


class AuxiliaryMode(StrEnum):
    """PLOVER auxiliary modes recorded on an event."""

    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    FUTURE = "future"
    HISTORICAL = "historical"


@dataclass(frozen=True, slots=True)
class Span:
    """A character span of the input text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article as the user gave it (after ingest repaired its encoding)."""

    id: str
    text: str
    published: date
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str = "en"
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor. ``code`` is what scoring uses: ISO3 for states, a group id otherwise."""

    code: str
    sector: str | None = None  # PLOVER sector: GOV, MIL, POL, REB, CVL, IGO, ...
    country: str | None = None  # the ISO3 country the actor belongs to, where known
    name: str | None = None  # canonical name from the lexicon
    mention: Span | None = None


@dataclass(frozen=True, slots=True)
class DateInterval:
    """Inclusive date interval an event happened in."""

    earliest: date
    latest: date
    precision: Precision = Precision.DAY
    basis: DateBasis = DateBasis.EXPLICIT
    mention: Span | None = None

    def overlaps(self, other: DateInterval) -> bool:
        return self.earliest <= other.latest and other.earliest <= self.latest


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place from the offline gazetteer."""

    name: str
    country: str | None  # ISO3
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    precision: Literal["point", "admin", "country", "region"] = "point"
    geonames_id: int | None = None
    mention: Span | None = None


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Deaths (never the wounded). ``max=None`` means no upper bound ("at least 12")."""

    min: int
    max: int | None
    by_side: tuple[tuple[str, int], ...] = ()
    vague: str | None = None  # the vague word, e.g. "dozens"
    mention: Span | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded occurrence."""

    id: str
    doc_id: str
    type: str
    mode: str | None
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    date: DateInterval
    evidence: Span
    trigger: Span
    location: Place | None = None
    fatalities: Fatalities | None = None
    claimed_by: tuple[Actor, ...] = ()
    auxiliary: tuple[AuxiliaryMode, ...] = ()
    confidence: float = 0.5
    why: str = ""
    more_evidence: tuple[Span, ...] = field(default=())


UnitKind = Literal["body", "caption", "credit", "dateline", "heading"]


@dataclass(frozen=True, slots=True)
class Unit:
    """A paragraph-like unit of the text, as the structure stage found it.

    ``duplicate_of`` points to the index of an earlier unit with the same text: such a unit is
    skipped by every later stage, so a repeated paragraph is counted once.
    ``date`` is a caption's own date ("... Kabul, Afghanistan September 7, 2021."), which wins
    over anything else for the events a caption describes.
    """

    span: Span
    kind: UnitKind = "body"
    duplicate_of: int | None = None
    date: DateInterval | None = None


@dataclass(frozen=True, slots=True)
class Dateline:
    """ "KHARTOUM, April 16 (Wire) -": context for place and date, never an event."""

    span: Span
    place: Span | None
    date: DateInterval | None


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression resolved against the publication date."""

    span: Span
    interval: DateInterval


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in the text, with the lexicon entry it resolved to."""

    span: Span
    actor: Actor
    kind: Literal["state", "group", "igo", "person", "generic"] = "state"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text; ``located_by`` is the country of the qualifier that placed it
    ("Bara (Ansongo, Gao)"), which the mention swallows."""

    span: Span
    place: Place
    located_by: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word or phrase that signals an event, found by the events stage.

    ``token_start``/``token_end`` index the parsed Doc (the head token is ``head``); ``why``
    names the lexicon entry or rule that fired, for ``--explain``.
    """

    type: str
    mode: str | None
    span: Span
    sentence: Span
    head: int
    token_start: int
    token_end: int
    auxiliary: tuple[AuxiliaryMode, ...] = ()
    target_preps: tuple[str, ...] = ()
    weight: float = 0.8
    why: str = ""


@dataclass(frozen=True, slots=True)
class Dropped:
    """A candidate trigger a named rule set aside: what ``--explain --dropped`` shows, so that
    a miss can be read in seconds ("attacked", ASSAULT, dropped by ``negated``)."""

    type: str
    span: Span  # the trigger's words
    sentence: Span
    rule: str  # the rule's name, e.g. "negated", "no_actor", "setting"
    detail: str = ""


@dataclass
class Annotated:
    """The carrier that flows through the pipeline: the document and what stages added.

    Mutable by design (stages assign their fields in order); the records it holds are frozen.
    """

    document: Document
    text: str = ""
    """The text every stage reads: the document's, with case restored where it had none (the
    case stage). It has the document text's length, so offsets into it index the document."""
    units: list[Unit] = field(default_factory=list)
    dateline: Dateline | None = None
    doc: object | None = None  # the spaCy Doc, set by the parse stage
    actors: list[ActorMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    """Candidates that named rules set aside, in the order they were found."""
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.document.text
