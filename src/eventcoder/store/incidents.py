"""Incidents: the same occurrence reported by several articles, linked into one record.

:func:`link_incidents` is a pure function from event rows to incidents. Two reports are the same
incident when all of these hold (see README, "Incidents"):

* **type**: the same PLOVER type, or two types put in one group by ``LinkParams.type_groups``
  (empty by default: the coder's types are the most reliable thing it says, and a wrong
  cross-type link hides an event, while a missed one only leaves an incident with fewer
  reports); and the same auxiliary modes, so a planned meeting never absorbs the meeting held;
* **actors**: on each side (source, target) the codes intersect, or one of the two is unknown;
  at least one side must actually agree unless the places agree precisely. For symmetric types
  (``CONSULT``, ``AGREE``, ``COOPERATE``: one meeting or accord, reported with either party
  first) the sides may also be swapped; an attack stays directed;
* **dates**: the intervals overlap; the incident keeps their intersection, which only shrinks,
  so it can never drift from day to day through a chain of reports. An event dated by its
  publication alone (no time expression) is taken to lie in the ``undated_lookback_days``
  before it: reports come out a day or two after what they report;
* **places**: two points (gazetteer precision ``point``) within ``max_km`` of the incident's
  anchor (its first point); where either place is imprecise (a region, province or country),
  the same country; an unknown place does not block;
* **one report per article**: the coder already merged the mentions of one occurrence within a
  document, so two events of one article are two occurrences.

Order, so the result does not depend on how a corpus was chunked or resumed: the precise
reports (a point place and at most ``precise_days`` days) are linked first, in date order, each
to its best compatible incident; then the vague ones (an imprecise or unknown place, or a longer
interval) join an incident only when exactly one is compatible, since a vague report that fits
two incidents says nothing about which; reports spanning more than ``max_span_days`` (background,
"this year") stay alone. Candidates come from an index by type group, day and dyad (or map cell),
never from a scan of the store.

Fatalities follow ACLED's conservative rule: ``fatalities_min`` is the lowest figure any report
gives, ``fatalities_max`` the upper bound that report gives (``None`` = open); the range reported
is ``fatalities_low``..``fatalities_high`` (a report's "at least 40" counts as 40 there).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from eventcoder.model import SYMMETRIC_TYPES

EARTH_RADIUS_KM = 6371.0088
LINKED_EITHER_WAY = SYMMETRIC_TYPES - {"ASSAULT"}
"""Joint acts: "A met B" and "B met A" report one meeting; an attack stays directed."""

_PRECISE_PLACE = "point"
_UNDATED_BASIS = "publication"
KM_PER_DEGREE = 111.2  # of latitude
_UNKNOWN_PUBLISHED = date.max


@dataclass(frozen=True, slots=True)
class LinkParams:
    """The thresholds of incident linking (their values are stored with the built incidents,
    so changing one makes the store rebuild them)."""

    max_km: float = 50.0
    precise_days: int = 2  # an interval of at most this many days is precise ("overnight": 2)
    max_span_days: int = 31  # a report spanning longer never joins an incident
    undated_lookback_days: int = 2
    symmetric_types: frozenset[str] = LINKED_EITHER_WAY
    type_groups: tuple[frozenset[str], ...] = ()

    def fingerprint(self) -> str:
        """A stable text of the parameters, kept beside the incidents built with them."""
        groups = sorted(",".join(sorted(g)) for g in self.type_groups)
        return (
            f"km={self.max_km};precise={self.precise_days};span={self.max_span_days};"
            f"undated={self.undated_lookback_days};"
            f"symmetric={','.join(sorted(self.symmetric_types))};groups={'|'.join(groups)}"
        )


@dataclass(frozen=True, slots=True)
class EventRow:
    """What linking reads of a stored event and its document."""

    doc_id: str
    seq: int
    type: str
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    date_earliest: date
    date_latest: date
    mode: str | None = None
    auxiliary: tuple[str, ...] = ()
    date_basis: str | None = None
    place: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: str | None = None
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    published: date | None = None
    news_source: str | None = None
    event_id: str | None = None  # the record's id (the store's rows have it; linking needs none)

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc_id, self.seq)

    @property
    def has_point(self) -> bool:
        return (
            self.place_precision == _PRECISE_PLACE and self.lat is not None and self.lon is not None
        )


@dataclass(frozen=True, slots=True)
class Incident:
    """One occurrence and the reports of it. ``reports`` are its events, in the order of first
    report (publication, then doc_id and seq); ``id`` derives from the first of them."""

    id: str
    type: str
    mode: str | None
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    date_earliest: date
    date_latest: date
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    place_precision: str | None
    reports: tuple[EventRow, ...]
    n_reports: int
    n_articles: int
    n_sources: int
    first_reported: date | None
    fatalities_min: int | None
    fatalities_max: int | None
    fatalities_low: int | None
    fatalities_high: int | None

    @property
    def members(self) -> tuple[tuple[str, int], ...]:
        """The (doc_id, seq) of its reports, in their order."""
        return tuple(r.key for r in self.reports)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


INCIDENT_ID_PATTERN = r"^inc-[0-9a-f]{16}$"
"""What :func:`incident_id` makes."""


def incident_id(doc_id: str, seq: int) -> str:
    """The id of an incident whose first report is event ``seq`` of ``doc_id``."""
    digest = hashlib.sha256(f"{doc_id}\x1f{seq}".encode()).hexdigest()
    return f"inc-{digest[:16]}"


# --------------------------------------------------------------------------------------------
# linking


@dataclass(frozen=True, slots=True)
class _Report:
    """An event as linking sees it: its interval for linking and its tier."""

    row: EventRow
    group: str
    earliest: date
    latest: date
    tier: int  # 0 precise, 1 vague (joins a unique candidate), 2 alone


_PRECISE, _VAGUE, _ALONE = 0, 1, 2


@dataclass(slots=True)
class _Cluster:
    """An incident being built (mutable while linking, then frozen into an :class:`Incident`)."""

    number: int  # creation order: the last tie-break
    group: str
    auxiliary: frozenset[str]
    earliest: date
    latest: date
    sources: set[str]
    targets: set[str]
    country: str | None
    anchor: EventRow | None  # the first member with a point place
    reports: list[EventRow] = field(default_factory=list)
    doc_ids: set[str] = field(default_factory=set)


def type_group(event_type: str, params: LinkParams) -> str:
    """The name of the group of types that ``event_type`` links with (itself when alone)."""
    for group in params.type_groups:
        if event_type in group:
            return "+".join(sorted(group))
    return event_type


def link_report(row: EventRow, params: LinkParams) -> _Report:
    """How linking sees one event: its type group, its interval for linking (an undated one
    reaches back ``undated_lookback_days``) and its tier."""
    earliest, latest = row.date_earliest, row.date_latest
    if row.date_basis == _UNDATED_BASIS:
        earliest = min(earliest, latest - timedelta(days=params.undated_lookback_days))
    days = (latest - earliest).days + 1
    if days > params.max_span_days:
        tier = _ALONE
    elif days <= params.precise_days and row.has_point:
        tier = _PRECISE
    else:
        tier = _VAGUE
    return _Report(row, type_group(row.type, params), earliest, latest, tier)


def _sides_agree(
    sources: tuple[str, ...], targets: tuple[str, ...], cluster: _Cluster
) -> int | None:
    """Shared codes when each side intersects or is unknown on either part; None if a side
    disagrees."""
    shared = 0
    for mine, theirs in ((sources, cluster.sources), (targets, cluster.targets)):
        if mine and theirs:
            common = len(theirs.intersection(mine))
            if not common:
                return None
            shared += common
    return shared


def _distance_km(row: EventRow, cluster: _Cluster) -> float | None:
    anchor = cluster.anchor
    if anchor is None or not row.has_point:
        return None
    assert row.lat is not None and row.lon is not None
    assert anchor.lat is not None and anchor.lon is not None
    return great_circle_km(row.lat, row.lon, anchor.lat, anchor.lon)


@dataclass(frozen=True, slots=True)
class _Fit:
    """How a report fits a compatible cluster; larger sorts better."""

    shared_actors: int
    closeness: float  # minus the distance in km (0 when unknown: it does not count)
    overlap_days: int
    swapped: bool


def _fit(report: _Report, cluster: _Cluster, params: LinkParams) -> _Fit | None:
    row = report.row
    if row.doc_id in cluster.doc_ids or frozenset(row.auxiliary) != cluster.auxiliary:
        return None
    earliest, latest = max(report.earliest, cluster.earliest), min(report.latest, cluster.latest)
    if earliest > latest:
        return None
    distance = _distance_km(row, cluster)
    if distance is not None:
        if distance > params.max_km:
            return None
    elif row.country and cluster.country and row.country != cluster.country:
        return None
    orientations = [(row.source_codes, row.target_codes, False)]
    if row.type in params.symmetric_types:
        orientations.append((row.target_codes, row.source_codes, True))
    best: _Fit | None = None
    for sources, targets, swapped in orientations:
        shared = _sides_agree(sources, targets, cluster)
        if shared is None or (shared == 0 and distance is None):
            continue  # no positive evidence: neither an actor nor a point place agrees
        fit = _Fit(shared, -(distance or 0.0), (latest - earliest).days + 1, swapped)
        if best is None or (fit.shared_actors, fit.closeness) > (
            best.shared_actors,
            best.closeness,
        ):
            best = fit
    return best


IndexKey = tuple[str, str, str]


class _Grid:
    """Map cells at least ``max_km`` across: rows ``max_km`` tall, and in each row columns as
    wide as ``max_km`` is at the row's poleward edge (plus one row, for a neighbour there). Two
    points within ``max_km`` of each other are then in adjacent rows and, in either point's
    row, in adjacent columns."""

    def __init__(self, max_km: float) -> None:
        self._height = max(max_km, 1.0) / KM_PER_DEGREE

    def row(self, lat: float) -> int:
        return math.floor(lat / self._height)

    def column(self, row: int, lon: float) -> int:
        edge = min(max(abs(row), abs(row + 1)) * self._height + self._height, 89.0)
        width = min(self._height / math.cos(math.radians(edge)), 360.0)
        return math.floor(lon / width)

    def cell(self, lat: float, lon: float) -> IndexKey:
        row = self.row(lat)
        return ("C", str(row), str(self.column(row, lon)))

    def around(self, lat: float, lon: float) -> set[IndexKey]:
        """The cell of every point within ``max_km`` lies among these (and more)."""
        cells: set[IndexKey] = set()
        for row in range(self.row(lat) - 1, self.row(lat) + 2):
            column = self.column(row, lon)
            cells |= {("C", str(row), str(column + j)) for j in (-1, 0, 1)}
        return cells


def _actor_keys(sources: Iterable[str], targets: Iterable[str]) -> set[IndexKey]:
    """What a cluster with these sides is found by (see :class:`_Index`)."""
    sources, targets = set(sources), set(targets)
    keys: set[IndexKey] = {("S", s, "") for s in sources} | {("T", t, "") for t in targets}
    keys |= {("D", s, t) for s in sources for t in targets}
    if not targets:
        keys |= {("D", s, "") for s in sources}
    if not sources:
        keys |= {("D", "", t) for t in targets}
    return keys


class _Index:
    """Clusters by (day, type group, key): a report looks only where a compatible cluster must
    be. Keys: the dyad ``("D", s, t)``, with ``""`` for a side unknown on the cluster; one side
    ``("S", s, "")`` / ``("T", t, "")`` for reports that know only that side; and the map cells
    around the anchor, ``("C", row, column)``. A cluster is indexed on every day of its interval
    (which only shrinks, so stale days are harmless: every candidate is checked in full), and
    again under the keys its new members add.

    Reports come in date order, so the days before the one being linked are never looked up
    again: :meth:`forget_before` drops them (linking holds the index of a few weeks, not of
    every day of the store: at 58,700 events of one type it was most of the driver's peak)."""

    def __init__(self, params: LinkParams) -> None:
        self._params = params
        self._grid = _Grid(params.max_km)
        self._days: dict[int, dict[tuple[str, IndexKey], list[_Cluster]]] = {}
        self._indexed: dict[int, set[IndexKey]] = {}  # cluster number → its keys so far
        self._first_day: int | None = None  # no day before this one is looked up any more

    def add(self, cluster: _Cluster) -> None:
        done = self._indexed.setdefault(cluster.number, set())
        keys = _actor_keys(cluster.sources, cluster.targets)
        anchor = cluster.anchor
        if anchor is not None and anchor.lat is not None and anchor.lon is not None:
            keys |= self._grid.around(anchor.lat, anchor.lon)
        new = keys - done
        if not new:
            return
        done |= new
        first, last = cluster.earliest.toordinal(), cluster.latest.toordinal()
        if self._first_day is not None:
            first = max(first, self._first_day)
        for day in range(first, last + 1):
            lists = self._days.setdefault(day, {})
            for key in new:
                lists.setdefault((cluster.group, key), []).append(cluster)

    def forget_before(self, day: int) -> None:
        """No report looks up a day before ``day`` from now on: drop those days."""
        if self._first_day is not None and day <= self._first_day:
            return
        if self._first_day is not None and day - self._first_day <= len(self._days):
            gone = [d for d in range(self._first_day, day) if d in self._days]
        else:
            gone = [d for d in self._days if d < day]
        for old in gone:
            for clusters in self._days.pop(old).values():
                for cluster in clusters:
                    # Its interval ends before every report still to come: none looks it up
                    # or joins it, so the keys it was indexed under are not needed either.
                    if cluster.latest.toordinal() < day:
                        self._indexed.pop(cluster.number, None)
        self._first_day = day

    def candidates(self, report: _Report) -> list[_Cluster]:
        row = report.row
        keys: list[IndexKey] = []
        orientations = [(row.source_codes, row.target_codes)]
        if row.type in self._params.symmetric_types:
            orientations.append((row.target_codes, row.source_codes))
        for sources, targets in orientations:
            if sources and targets:
                keys += [("D", s, t) for s in sources for t in targets]
                keys += [("D", s, "") for s in sources] + [("D", "", t) for t in targets]
            elif sources:
                keys += [("S", s, "") for s in sources]
            elif targets:
                keys += [("T", t, "") for t in targets]
        if row.has_point:
            assert row.lat is not None and row.lon is not None
            keys.append(self._grid.cell(row.lat, row.lon))
        found: dict[int, _Cluster] = {}
        for day in range(report.earliest.toordinal(), report.latest.toordinal() + 1):
            lists = self._days.get(day)
            if lists is None:
                continue
            for key in keys:
                for cluster in lists.get((report.group, key), ()):
                    found.setdefault(cluster.number, cluster)
        return [found[n] for n in sorted(found)]


def _order(report: _Report) -> tuple[object, ...]:
    row = report.row
    return (
        report.tier,
        report.earliest,
        report.latest,
        row.published or _UNKNOWN_PUBLISHED,
        row.doc_id,
        row.seq,
    )


def _new_cluster(report: _Report, number: int) -> _Cluster:
    row = report.row
    return _Cluster(
        number=number,
        group=report.group,
        auxiliary=frozenset(row.auxiliary),
        earliest=report.earliest,
        latest=report.latest,
        sources=set(row.source_codes),
        targets=set(row.target_codes),
        country=row.country,
        anchor=row if row.has_point else None,
        reports=[row],
        doc_ids={row.doc_id},
    )


def _join(cluster: _Cluster, report: _Report, fit: _Fit) -> bool:
    """Add the report to the cluster; True when the cluster is now found by new index keys
    (a new actor code, or its first point place)."""
    row = report.row
    before = (len(cluster.sources), len(cluster.targets), cluster.anchor is None)
    cluster.earliest = max(cluster.earliest, report.earliest)
    cluster.latest = min(cluster.latest, report.latest)
    sources, targets = (
        (row.target_codes, row.source_codes)
        if fit.swapped
        else (row.source_codes, row.target_codes)
    )
    cluster.sources.update(sources)
    cluster.targets.update(targets)
    if cluster.anchor is None and row.has_point:
        cluster.anchor = row
        cluster.country = row.country or cluster.country
    elif cluster.country is None:
        cluster.country = row.country
    cluster.reports.append(row)
    cluster.doc_ids.add(row.doc_id)
    return before != (len(cluster.sources), len(cluster.targets), cluster.anchor is None)


def link_incidents(rows: Iterable[EventRow], params: LinkParams | None = None) -> list[Incident]:
    """Group event rows into incidents; every row ends in exactly one. Deterministic: the same
    set of rows gives the same incidents, whatever their order. Incidents come sorted by date,
    then id."""
    params = params or LinkParams()
    reports = sorted((link_report(row, params) for row in rows), key=_order)
    index = _Index(params)
    clusters: list[_Cluster] = []
    tier = _PRECISE
    waiting: deque[_Cluster] = deque()  # clusters of the passes before, not yet indexed
    for report in reports:
        if report.tier != tier and report.tier != _ALONE:
            # The vague reports are a pass of their own, from the earliest day again, over the
            # clusters the precise ones made: those are indexed anew as the pass comes within
            # reach of them (a report of this tier spans at most max_span_days, so a cluster
            # that begins later overlaps no report linked before it).
            index = _Index(params)
            waiting = deque(sorted(clusters, key=lambda c: (c.earliest, c.number)))
        tier = report.tier
        chosen: tuple[_Cluster, _Fit] | None = None
        if report.tier != _ALONE:
            day = report.earliest.toordinal()
            index.forget_before(day)
            while waiting and waiting[0].earliest.toordinal() <= day + params.max_span_days:
                index.add(waiting.popleft())
            fitting = [
                (cluster, fit)
                for cluster in index.candidates(report)
                if (fit := _fit(report, cluster, params)) is not None
            ]
            chosen = _choose(report, fitting)
        if chosen is None:
            cluster = _new_cluster(report, len(clusters))
            clusters.append(cluster)
            if report.tier != _ALONE:
                index.add(cluster)
        else:
            cluster, fit = chosen
            if _join(cluster, report, fit):
                index.add(cluster)
    incidents = [_freeze(cluster) for cluster in clusters]
    incidents.sort(key=lambda i: (i.date_earliest, i.date_latest, i.id))
    return incidents


def _choose(report: _Report, fitting: list[tuple[_Cluster, _Fit]]) -> tuple[_Cluster, _Fit] | None:
    """The cluster a report joins among those it fits: a precise report the best fit (most
    shared actors, closest, longest overlap, earliest made); a vague one only the one that
    fits, where nothing else does."""
    if report.tier == _PRECISE and fitting:
        return max(
            fitting,
            key=lambda pair: (
                pair[1].shared_actors,
                pair[1].closeness,
                pair[1].overlap_days,
                -pair[0].number,
            ),
        )
    return fitting[0] if len(fitting) == 1 else None


# --------------------------------------------------------------------------------------------
# a finished cluster → an Incident


def _most_common(values: Iterable[str | None], first: str | None) -> str | None:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    if first is not None and counts.get(first) == top:
        return first
    return min(v for v, n in counts.items() if n == top)


def _fatalities(
    reports: list[EventRow],
) -> tuple[int | None, int | None, int | None, int | None]:
    """(conservative min, its upper bound, lowest figure reported, highest figure reported)."""
    floors = [r.fatalities_min for r in reports if r.fatalities_min is not None]
    if not floors:
        return None, None, None, None
    low = min(floors)
    # The conservative figure's upper bound: the tightest that a report giving it states.
    bounds = [
        r.fatalities_max
        for r in reports
        if r.fatalities_min == low and r.fatalities_max is not None
    ]
    figures = [
        r.fatalities_max if r.fatalities_max is not None else r.fatalities_min for r in reports
    ]
    high = max(f for f in figures if f is not None)
    return low, min(bounds) if bounds else None, low, high


_PLACE_RANK = {"point": 0, "admin": 1, "region": 2, "country": 3}


def _freeze(cluster: _Cluster) -> Incident:
    reports = sorted(cluster.reports, key=lambda r: (r.published or _UNKNOWN_PUBLISHED, r.key))
    first = reports[0]
    seed = cluster.reports[0]
    place_row = cluster.anchor or min(
        (r for r in cluster.reports if r.place is not None),
        key=lambda r: (_PLACE_RANK.get(r.place_precision or "", 9), r.key),
        default=None,
    )
    low, upper, range_low, range_high = _fatalities(reports)
    published = [r.published for r in reports if r.published is not None]
    return Incident(
        id=incident_id(first.doc_id, first.seq),
        type=_most_common((r.type for r in cluster.reports), seed.type) or seed.type,
        mode=_most_common((r.mode for r in cluster.reports), seed.mode),
        source_codes=tuple(sorted(cluster.sources)),
        target_codes=tuple(sorted(cluster.targets)),
        date_earliest=cluster.earliest,
        date_latest=cluster.latest,
        place=place_row.place if place_row else None,
        country=cluster.country,
        lat=place_row.lat if place_row else None,
        lon=place_row.lon if place_row else None,
        place_precision=place_row.place_precision if place_row else None,
        reports=tuple(reports),
        n_reports=len(reports),
        n_articles=len(cluster.doc_ids),
        n_sources=len({r.news_source for r in reports if r.news_source}),
        first_reported=min(published) if published else None,
        fatalities_min=low,
        fatalities_max=upper,
        fatalities_low=range_low,
        fatalities_high=range_high,
    )
