"""Load and validate hand-coded gold files (``shared/gold/NAME.yaml`` + ``NAME.txt``).

The gold format is described in ``shared/gold/README.md``. Loading validates every field the
scorer reads and raises :class:`EventcoderError` (E040) with the offending path and a detail that
names the event or ``must_not`` item, so an annotator can fix the file without reading this code.
Fields the scorer does not read (``note``, ``speaker``, ``mediators``, ``hard_cases``, ...) are
kept out of the typed records but never rejected: annotators add them freely.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.model import EVENT_TYPES

LEGACY_TYPES: tuple[str, ...] = ("FIGHT", "DISAPPROVE")
"""Legacy labels gold may list in ``accept_types`` (README, "What the extractor outputs")."""

NOT_PUBLICATION_DATE = "not_publication_date"

# A typo in a must_not key would silently switch a check off, so must_not items are strict.
_MUST_NOT_KEYS = frozenset(
    {
        "name",
        "note",
        "evidence",
        "types",
        "max",
        "max_per_type",
        "date_overlaps",
        "actor_not",
        "rule",
    }
)
_MUST_NOT_RULES = frozenset({NOT_PUBLICATION_DATE})


def normalize_code(code: str) -> str:
    """The comparison key of an actor or claimant code.

    Codes are upper case by convention, except the claimant ``anonymous``; comparing upper-cased
    keys lets ``Anonymous``/``ANONYMOUS`` and a lower-case ``pak`` from a sloppy coder still count.
    """
    return code.strip().upper()


def normalize_text(text: str) -> str:
    """Case-insensitive, whitespace-normalised form used for evidence containment (rule 6)."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class GoldDate:
    """An inclusive day interval."""

    earliest: date
    latest: date

    def overlap_days(self, earliest: date, latest: date) -> int:
        """Days shared with ``[earliest, latest]``, inclusive; 0 when they do not overlap."""
        start = max(self.earliest, earliest)
        end = min(self.latest, latest)
        return max(0, (end - start).days + 1)

    def contains_day(self, day: date) -> bool:
        return self.earliest <= day <= self.latest


@dataclass(frozen=True, slots=True)
class GoldLocation:
    country: str
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    region: bool = False

    @property
    def has_point(self) -> bool:
        """Whether the 50 km check applies (rule 5): a point, and not marked ``region: true``."""
        return self.lat is not None and self.lon is not None and not self.region


@dataclass(frozen=True, slots=True)
class GoldFatalities:
    min: int
    max: int | None  # None: no upper bound ("at least 12")
    by_side: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold event.

    ``source``/``target`` hold one tuple of alternative codes per actor: ``[PAK, AFG]`` is two
    actors ``(("PAK",), ("AFG",))`` and ``[[ISIS, ISIL, IS]]`` one actor with three spellings.
    """

    id: str
    type: str
    accept_types: tuple[str, ...]
    required: bool
    source: tuple[tuple[str, ...], ...]
    target: tuple[tuple[str, ...], ...]
    date: GoldDate
    evidence: str
    symmetric: bool = False
    source_optional: bool = False
    target_optional: bool = False
    mode: str | None = None
    location: GoldLocation | None = None
    fatalities: GoldFatalities | None = None
    claimed_by: tuple[str, ...] | None = None  # None: the gold does not score claimed_by

    @property
    def types(self) -> frozenset[str]:
        """Every predicted type that satisfies rule 3's type condition."""
        return frozenset((self.type, *self.accept_types))

    @property
    def source_codes(self) -> frozenset[str]:
        return frozenset(code for actor in self.source for code in actor)

    @property
    def target_codes(self) -> frozenset[str]:
        return frozenset(code for actor in self.target for code in actor)


@dataclass(frozen=True, slots=True)
class MustNot:
    """One ``must_not`` item (rule 6). Every condition present is checked on its own."""

    name: str
    evidence: str | None = None
    types: tuple[str, ...] | None = None
    max: int | None = None
    max_per_type: int | None = None
    date_overlaps: GoldDate | None = None
    actor_not: tuple[str, ...] | None = None
    rule: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    published: date
    events: tuple[GoldEvent, ...]
    must_not: tuple[MustNot, ...]
    path: Path | None = None


def load_gold_dir(path: str | Path) -> list[GoldDocument]:
    """Every ``NAME.yaml`` in ``path`` (sorted by file name), each with its text."""
    folder = Path(path)
    if not folder.is_dir():
        raise EventcoderError(ErrorCode.E021, path=folder, detail="not a folder")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise EventcoderError(ErrorCode.E040, path=folder, detail="the folder holds no .yaml files")
    docs = [load_gold_file(f) for f in files]
    seen: dict[str, Path | None] = {}
    for doc in docs:
        if doc.id in seen:
            raise EventcoderError(
                ErrorCode.E040,
                path=doc.path,
                detail=f"document.id {doc.id!r} is also used by {seen[doc.id]}",
            )
        seen[doc.id] = doc.path
    return docs


def load_gold_file(path: str | Path) -> GoldDocument:
    """One gold file. Its text is ``document.text``, else ``document.file``, else ``NAME.txt``."""
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise EventcoderError(ErrorCode.E021, path=file, detail=str(err)) from err
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as err:
        raise EventcoderError(ErrorCode.E040, path=file, detail=f"not valid YAML: {err}") from err
    return _Parser(file).document(data)


@dataclass(frozen=True, slots=True)
class _Parser:
    """Validation with the file path at hand, so every error names the file."""

    path: Path

    def fail(self, detail: str) -> EventcoderError:
        return EventcoderError(ErrorCode.E040, path=self.path, detail=detail)

    # -- document -------------------------------------------------------------------------------

    def document(self, data: object) -> GoldDocument:
        if not isinstance(data, Mapping):
            raise self.fail("the file must be a mapping with 'document' and 'events'")
        meta = data.get("document")
        if not isinstance(meta, Mapping):
            raise self.fail("'document' is missing or not a mapping")
        doc_id = meta.get("id", self.path.stem)
        if not isinstance(doc_id, str) or not doc_id.strip():
            raise self.fail("document.id must be a non-empty string")
        if "published" not in meta:
            raise self.fail("document.published is missing (rule 1 needs the publication date)")
        published = self.day(meta["published"], "document.published")
        text = self.text(meta)

        events_raw = data.get("events")
        if events_raw is None:
            events_raw = []
        if not isinstance(events_raw, list):
            raise self.fail("'events' must be a list")
        events = tuple(self.event(e, i) for i, e in enumerate(events_raw))
        ids = [e.id for e in events]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise self.fail(f"event ids are not unique: {', '.join(dupes)}")

        must_raw = data.get("must_not")
        if must_raw is None:
            must_raw = []
        if not isinstance(must_raw, list):
            raise self.fail("'must_not' must be a list")
        must_not = tuple(self.must_not(m, i) for i, m in enumerate(must_raw))
        return GoldDocument(
            id=doc_id.strip(),
            text=text,
            published=published,
            events=events,
            must_not=must_not,
            path=self.path,
        )

    def text(self, meta: Mapping[str, object]) -> str:
        inline = meta.get("text")
        if inline is not None:
            if not isinstance(inline, str):
                raise self.fail("document.text must be a string")
            return inline
        named = meta.get("file")
        if named is not None and not isinstance(named, str):
            raise self.fail("document.file must be a file name")
        txt = self.path.parent / named if named else self.path.with_suffix(".txt")
        try:
            return txt.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise self.fail(
                f"cannot read the document text {txt} ({err}); give document.text or a NAME.txt"
            ) from err

    # -- events ---------------------------------------------------------------------------------

    def event(self, raw: object, index: int) -> GoldEvent:
        if not isinstance(raw, Mapping):
            raise self.fail(f"events[{index}] is not a mapping")
        eid = raw.get("id")
        if not isinstance(eid, str) or not eid.strip():
            raise self.fail(f"events[{index}] has no string 'id'")
        where = f"event {eid!r}"
        for key in ("type", "source", "target", "date", "evidence"):
            if key not in raw:
                raise self.fail(f"{where} lacks '{key}'")

        etype = self.type_name(raw["type"], f"{where}: type", legacy=False)
        accept = raw.get("accept_types") or []
        if not isinstance(accept, list):
            raise self.fail(f"{where}: accept_types must be a list")
        accept_types = tuple(
            self.type_name(t, f"{where}: accept_types", legacy=True) for t in accept
        )
        evidence = raw["evidence"]
        if not isinstance(evidence, str) or not evidence.strip():
            raise self.fail(f"{where}: evidence must be a non-empty string")
        mode = raw.get("mode")
        return GoldEvent(
            id=eid.strip(),
            type=etype,
            accept_types=accept_types,
            # The dev set always says; a missing flag means "required", the strict reading.
            required=self.flag(raw, "required", where, default=True),
            source=self.side(raw["source"], f"{where}: source"),
            target=self.side(raw["target"], f"{where}: target"),
            date=self.interval(raw["date"], f"{where}: date"),
            evidence=evidence,
            symmetric=self.flag(raw, "symmetric", where),
            source_optional=self.flag(raw, "source_optional", where),
            target_optional=self.flag(raw, "target_optional", where),
            mode=str(mode) if mode is not None else None,
            location=self.location(raw.get("location"), where),
            fatalities=self.fatalities(raw.get("fatalities"), where),
            claimed_by=self.claimed_by(raw.get("claimed_by"), where),
        )

    def type_name(self, value: object, where: str, *, legacy: bool) -> str:
        allowed = (*EVENT_TYPES, *LEGACY_TYPES) if legacy else EVENT_TYPES
        if not isinstance(value, str) or value.strip().upper() not in allowed:
            raise self.fail(f"{where}: {value!r} is not one of {', '.join(allowed)}")
        return value.strip().upper()

    def flag(self, raw: Mapping[str, object], key: str, where: str, default: bool = False) -> bool:
        value = raw.get(key, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(f"{where}: {key} must be true or false, not {value!r}")
        return value

    def code(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}: {value!r} is not an actor code")
        return normalize_code(value)

    def side(self, value: object, where: str) -> tuple[tuple[str, ...], ...]:
        """A list of actors; an actor is a code or a list of alternative codes (README rule 2)."""
        if value is None:
            return ()
        if isinstance(value, str):
            return ((self.code(value, where),),)
        if not isinstance(value, list):
            raise self.fail(f"{where} must be a list of codes")
        actors: list[tuple[str, ...]] = []
        for item in value:
            if isinstance(item, list):
                if not item:
                    raise self.fail(f"{where}: an actor's list of codes is empty")
                actors.append(tuple(self.code(c, where) for c in item))
            else:
                actors.append((self.code(item, where),))
        return tuple(actors)

    def day(self, value: object, where: str) -> date:
        # YAML turns 2025-10-29 into a date already; quoted dates arrive as strings.
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(f"{where}: {value!r} is not a date in the form YYYY-MM-DD")

    def interval(self, value: object, where: str) -> GoldDate:
        if not isinstance(value, Mapping) or "earliest" not in value or "latest" not in value:
            raise self.fail(f"{where} must be {{earliest: YYYY-MM-DD, latest: YYYY-MM-DD}}")
        earliest = self.day(value["earliest"], f"{where}.earliest")
        latest = self.day(value["latest"], f"{where}.latest")
        if latest < earliest:
            raise self.fail(f"{where}: latest {latest} is before earliest {earliest}")
        return GoldDate(earliest, latest)

    def location(self, value: object, where: str) -> GoldLocation | None:
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise self.fail(f"{where}: location must be a mapping")
        country = value.get("country")
        if not isinstance(country, str) or not country.strip():
            raise self.fail(f"{where}: location.country must be a country code")
        lat, lon = value.get("lat"), value.get("lon")
        if (lat is None) != (lon is None):
            raise self.fail(f"{where}: location needs both lat and lon, or neither")
        for name, coord, bound in (("lat", lat, 90.0), ("lon", lon, 180.0)):
            if coord is None:
                continue
            if (
                isinstance(coord, bool)
                or not isinstance(coord, int | float)
                or not math.isfinite(coord)
                or abs(coord) > bound
            ):
                raise self.fail(f"{where}: location.{name} {coord!r} is not a coordinate")
        place = value.get("place")
        return GoldLocation(
            country=normalize_code(country),
            place=str(place) if place is not None else None,
            lat=float(lat) if lat is not None else None,
            lon=float(lon) if lon is not None else None,
            region=self.flag(value, "region", f"{where}: location"),
        )

    def count(self, value: object, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(f"{where}: {value!r} is not a whole number >= 0")
        return value

    def fatalities(self, value: object, where: str) -> GoldFatalities | None:
        if value is None:
            return None
        if not isinstance(value, Mapping) or "min" not in value:
            raise self.fail(f"{where}: fatalities must be a mapping with 'min' (and 'max')")
        low = self.count(value["min"], f"{where}: fatalities.min")
        high_raw = value.get("max")
        high = None if high_raw is None else self.count(high_raw, f"{where}: fatalities.max")
        if high is not None and high < low:
            raise self.fail(f"{where}: fatalities.max {high} is below min {low}")
        sides_raw = value.get("by_side") or {}
        if not isinstance(sides_raw, Mapping):
            raise self.fail(f"{where}: fatalities.by_side must map codes to counts")
        sides = tuple(
            sorted(
                (self.code(k, f"{where}: by_side"), self.count(v, f"{where}: by_side.{k}"))
                for k, v in sides_raw.items()
            )
        )
        return GoldFatalities(min=low, max=high, by_side=sides)

    def claimed_by(self, value: object, where: str) -> tuple[str, ...] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.fail(f"{where}: claimed_by must be a list of codes")
        codes = tuple(self.code(c, f"{where}: claimed_by") for c in value)
        # An empty list cannot be satisfied under rule 5 ("non-empty"); read it as "not scored".
        return codes or None

    # -- must_not -------------------------------------------------------------------------------

    def must_not(self, raw: object, index: int) -> MustNot:
        if not isinstance(raw, Mapping):
            raise self.fail(f"must_not[{index}] is not a mapping")
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.fail(f"must_not[{index}] has no string 'name'")
        where = f"must_not {name!r}"
        unknown = sorted(set(raw) - _MUST_NOT_KEYS)
        if unknown:
            raise self.fail(
                f"{where}: unknown key(s) {', '.join(map(str, unknown))}; "
                f"known: {', '.join(sorted(_MUST_NOT_KEYS))}"
            )
        rule = raw.get("rule")
        if rule is not None and rule not in _MUST_NOT_RULES:
            raise self.fail(f"{where}: unknown rule {rule!r}; known: {NOT_PUBLICATION_DATE}")
        checks = ("max", "max_per_type", "date_overlaps", "actor_not", "rule")
        if not any(raw.get(k) is not None for k in checks):
            raise self.fail(f"{where} checks nothing: give one of {', '.join(checks)}")
        evidence = raw.get("evidence")
        if evidence is not None and (not isinstance(evidence, str) or not evidence.strip()):
            raise self.fail(f"{where}: evidence must be a non-empty string")
        types: tuple[str, ...] | None = None
        types_raw = raw.get("types")
        if types_raw is not None:
            if not isinstance(types_raw, list) or not types_raw:
                raise self.fail(f"{where}: types must be a non-empty list")
            types = tuple(self.type_name(t, f"{where}: types", legacy=True) for t in types_raw)
        actor_not: tuple[str, ...] | None = None
        banned_raw = raw.get("actor_not")
        if banned_raw is not None:
            if not isinstance(banned_raw, list) or not banned_raw:
                raise self.fail(f"{where}: actor_not must be a non-empty list of codes")
            actor_not = tuple(self.code(c, f"{where}: actor_not") for c in banned_raw)
        overlaps = raw.get("date_overlaps")
        note = raw.get("note")
        return MustNot(
            name=name.strip(),
            evidence=evidence,
            types=types,
            max=None if raw.get("max") is None else self.count(raw["max"], f"{where}: max"),
            max_per_type=(
                None
                if raw.get("max_per_type") is None
                else self.count(raw["max_per_type"], f"{where}: max_per_type")
            ),
            date_overlaps=(
                None if overlaps is None else self.interval(overlaps, f"{where}: date_overlaps")
            ),
            actor_not=actor_not,
            rule=rule,
            note=str(note) if note is not None else None,
        )
