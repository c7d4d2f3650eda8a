"""Linking events across articles into incidents: the pure function on hand-made rows."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.store.incidents import (
    _ALONE,
    EventRow,
    Incident,
    LinkParams,
    _choose,
    _Cluster,
    _Fit,
    _fit,
    _freeze,
    _join,
    _new_cluster,
    _order,
    incident_id,
    link_incidents,
    link_report,
)

BANNU = (32.985, 70.604)
BANNU_EAST = (32.99, 70.95)  # about 32 km east of Bannu
PESHAWAR = (34.008, 71.578)  # about 130 km from Bannu
TUESDAY = date(2025, 6, 10)


def row(
    doc_id: str,
    seq: int = 0,
    *,
    type_: str = "ASSAULT",
    source: tuple[str, ...] = ("TTP",),
    target: tuple[str, ...] = ("PAK",),
    day: date = TUESDAY,
    until: date | None = None,
    at: tuple[float, float] | None = BANNU,
    precision: str | None = "point",
    country: str | None = "PAK",
    dead: tuple[int, int | None] | None = None,
    published: date | None = None,
    news_source: str | None = None,
    basis: str | None = "relative",
    auxiliary: tuple[str, ...] = (),
) -> EventRow:
    return EventRow(
        doc_id=doc_id,
        seq=seq,
        type=type_,
        source_codes=source,
        target_codes=target,
        date_earliest=day,
        date_latest=until or day,
        auxiliary=auxiliary,
        date_basis=basis,
        place="somewhere" if at or precision else None,
        country=country,
        lat=at[0] if at else None,
        lon=at[1] if at else None,
        place_precision=precision if at or precision else None,
        fatalities_min=dead[0] if dead else None,
        fatalities_max=dead[1] if dead else None,
        published=published or day + timedelta(days=1),
        news_source=news_source or f"outlet of {doc_id}",
    )


def groups(incidents: list[Incident]) -> set[frozenset[str]]:
    """Each incident as the set of its members' doc ids (with seq where it is not 0)."""
    return {
        frozenset(d if s == 0 else f"{d}#{s}" for d, s in incident.members)
        for incident in incidents
    }


def test_three_reports_of_one_attack_are_one_incident() -> None:
    rows = [
        row("a", dead=(12, 12), published=TUESDAY, news_source="Wire"),
        row("b", dead=(10, None), news_source="Courier"),
        row("c", dead=(14, 14), news_source="Wire", at=BANNU_EAST, day=TUESDAY, until=TUESDAY),
    ]
    [incident] = link_incidents(rows)
    assert incident.members == (("a", 0), ("b", 0), ("c", 0))  # in the order first reported
    assert incident.id == incident_id("a", 0)
    assert (incident.n_reports, incident.n_articles, incident.n_sources) == (3, 3, 2)
    assert incident.first_reported == TUESDAY
    assert (incident.type, incident.source_codes, incident.target_codes) == (
        "ASSAULT",
        ("TTP",),
        ("PAK",),
    )
    assert (incident.date_earliest, incident.date_latest) == (TUESDAY, TUESDAY)
    assert (incident.lat, incident.lon, incident.country) == (*BANNU, "PAK")
    # ACLED's rule: the lowest credible figure ("at least 10"), and the range reported.
    assert (incident.fatalities_min, incident.fatalities_max) == (10, None)
    assert (incident.fatalities_low, incident.fatalities_high) == (10, 14)


def test_the_incident_keeps_the_intersection_of_the_dates() -> None:
    rows = [
        row("a", day=TUESDAY - timedelta(days=1), until=TUESDAY),  # "overnight"
        row("b", day=TUESDAY),
        row("c", day=date(2025, 6, 2), until=date(2025, 6, 15)),  # "last week": vague, unique
    ]
    [incident] = link_incidents(rows)
    assert (incident.date_earliest, incident.date_latest) == (TUESDAY, TUESDAY)
    assert incident.n_reports == 3


def test_near_misses_stay_apart() -> None:
    rows = [
        row("tue-a"),
        row("tue-b"),
        row("fri-a", day=TUESDAY + timedelta(days=3)),  # same dyad and place, another day
        row("fri-b", day=TUESDAY + timedelta(days=3)),
        row("pesh-a", at=PESHAWAR),  # same dyad and day, 130 km away
        row("pesh-b", at=PESHAWAR),
        row("coerce-a", type_="COERCE"),  # same dyad, day and place, another type
        row("other-dyad", source=("PAK",), target=("TTP",)),  # an attack the other way round
    ]
    assert groups(link_incidents(rows)) == {
        frozenset({"tue-a", "tue-b"}),
        frozenset({"fri-a", "fri-b"}),
        frozenset({"pesh-a", "pesh-b"}),
        frozenset({"coerce-a"}),
        frozenset({"other-dyad"}),
    }


def test_a_meeting_reported_either_way_round_is_one_incident() -> None:
    beijing = (39.9, 116.4)
    rows = [
        row("a", type_="CONSULT", source=("IND",), target=("CHN",), at=beijing, country="CHN"),
        row("b", type_="CONSULT", source=("CHN",), target=("IND",), at=beijing, country="CHN"),
        # Another bilateral meeting at the same summit: India shares a side, Russia does not.
        row("c", type_="CONSULT", source=("IND",), target=("RUS",), at=beijing, country="CHN"),
    ]
    assert groups(link_incidents(rows)) == {frozenset({"a", "b"}), frozenset({"c"})}
    [joint, _] = sorted(link_incidents(rows), key=lambda i: -i.n_reports)
    assert (joint.source_codes, joint.target_codes) == (("IND",), ("CHN",))


def test_an_unknown_side_joins_but_a_disagreeing_side_does_not() -> None:
    rows = [
        row("a"),
        row("no-perpetrator", source=()),
        row("no-target", target=()),
        row("other-group", source=("ISIS",)),
    ]
    assert groups(link_incidents(rows)) == {
        frozenset({"a", "no-perpetrator", "no-target"}),
        frozenset({"other-group"}),
    }


def test_without_actors_only_a_precise_place_links() -> None:
    rows = [
        row("a"),
        row("faceless-here", source=(), target=()),  # same point, same day: the same attack
        row("faceless-anywhere", source=(), target=(), at=None, precision=None),
    ]
    assert groups(link_incidents(rows)) == {
        frozenset({"a", "faceless-here"}),
        frozenset({"faceless-anywhere"}),
    }


def test_an_imprecise_place_joins_within_its_country_and_only_when_unambiguous() -> None:
    province = (34.5, 71.5)
    one = [row("a"), row("province", at=province, precision="admin")]
    assert groups(link_incidents(one)) == {frozenset({"a", "province"})}
    abroad = [row("a"), row("abroad", at=None, precision="country", country="AFG")]
    assert groups(link_incidents(abroad)) == {frozenset({"a"}), frozenset({"abroad"})}
    # Two attacks that day in the province: a report that says only "in the province" could
    # be either, so it is linked to neither.
    two = [*one, row("pesh", at=PESHAWAR)]
    assert groups(link_incidents(two)) == {
        frozenset({"a"}),
        frozenset({"pesh"}),
        frozenset({"province"}),
    }


def test_an_undated_report_reaches_back_from_its_publication() -> None:
    rows = [
        row("dated"),
        row("undated", day=TUESDAY + timedelta(days=1), basis="publication"),
        row("too-late", day=TUESDAY + timedelta(days=5), basis="publication"),
    ]
    assert groups(link_incidents(rows)) == {
        frozenset({"dated", "undated"}),
        frozenset({"too-late"}),
    }


def test_one_article_never_reports_an_incident_twice() -> None:
    # A wire story with twin attacks in one town: the coder kept them apart; so does linking.
    rows = [row("twin", 0), row("twin", 1), row("other")]
    incidents = link_incidents(rows)
    assert len(incidents) == 2
    assert all(i.n_articles == i.n_reports for i in incidents)


def test_background_and_future_reports_do_not_join() -> None:
    rows = [
        row("a"),
        row("this-year", day=date(2025, 1, 1), until=date(2025, 6, 11)),
        row("planned", auxiliary=("future",)),
    ]
    assert groups(link_incidents(rows)) == {
        frozenset({"a"}),
        frozenset({"this-year"}),
        frozenset({"planned"}),
    }


def test_type_groups_are_opt_in() -> None:
    rows = [row("assault"), row("coerce", type_="COERCE")]
    assert len(link_incidents(rows)) == 2
    grouped = LinkParams(type_groups=(frozenset({"ASSAULT", "COERCE"}),))
    [incident] = link_incidents(rows, grouped)
    assert incident.type == "ASSAULT"  # the first report's type where the counts tie


def test_distance_threshold_is_a_parameter() -> None:
    rows = [row("a"), row("b", at=BANNU_EAST)]
    assert len(link_incidents(rows)) == 1
    assert len(link_incidents(rows, LinkParams(max_km=20.0))) == 2


def test_fatalities_of_an_incident_without_figures_are_unknown() -> None:
    [incident] = link_incidents([row("a"), row("b")])
    assert (incident.fatalities_min, incident.fatalities_max) == (None, None)
    assert (incident.fatalities_low, incident.fatalities_high) == (None, None)


# --------------------------------------------------------------------------------------------
# properties: a partition, the same whatever the order


def _random_rows(seed: int, n: int, days: int = 4) -> list[EventRow]:
    rng = random.Random(seed)
    dyads = [(("TTP",), ("PAK",)), (("IND",), ("CHN",)), ((), ("PAK",)), (("CHN",), ("IND",))]
    places = [BANNU, BANNU_EAST, PESHAWAR, None]
    rows = []
    for i in range(n):
        source, target = rng.choice(dyads)
        start = TUESDAY + timedelta(days=rng.randrange(days))
        rows.append(
            row(
                f"d{rng.randrange(n)}",
                i,
                type_=rng.choice(["ASSAULT", "CONSULT"]),
                source=source,
                target=target,
                day=start,
                until=start + timedelta(days=rng.choice([0, 0, 1, 6, 40])),
                at=rng.choice(places),
                dead=rng.choice([None, (3, 3), (5, None)]),
                basis=rng.choice(["relative", "publication"]),
            )
        )
    return rows


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60))
def test_every_event_in_exactly_one_incident_whatever_the_order(seed: int, n: int) -> None:
    rows = _random_rows(seed, n)
    incidents = link_incidents(rows)
    members = [m for incident in incidents for m in incident.members]
    assert sorted(members) == sorted(r.key for r in rows)
    assert len({i.id for i in incidents}) == len(incidents)
    shuffled = rows[:]
    random.Random(seed + 1).shuffle(shuffled)
    assert link_incidents(shuffled) == incidents
    for incident in incidents:
        assert incident.date_earliest <= incident.date_latest
        assert incident.n_articles == incident.n_reports  # one report per article
        if incident.fatalities_min is not None:
            assert incident.fatalities_low == incident.fatalities_min
            assert incident.fatalities_high is not None
            assert incident.fatalities_high >= incident.fatalities_min


def _link_by_scanning(rows: list[EventRow], params: LinkParams) -> list[Incident]:
    """link_incidents without its index: each report weighed against every cluster so far
    (of its type group, made by a report that may be joined), by the same rules."""
    clusters: list[_Cluster] = []
    joinable: list[_Cluster] = []
    for report in sorted((link_report(r, params) for r in rows), key=_order):
        chosen: tuple[_Cluster, _Fit] | None = None
        if report.tier != _ALONE:
            fitting = [
                (cluster, fit)
                for cluster in joinable
                if cluster.group == report.group
                and (fit := _fit(report, cluster, params)) is not None
            ]
            chosen = _choose(report, fitting)
        if chosen is None:
            clusters.append(_new_cluster(report, len(clusters)))
            if report.tier != _ALONE:
                joinable.append(clusters[-1])
        else:
            _join(chosen[0], report, chosen[1])
    return sorted(map(_freeze, clusters), key=lambda i: (i.date_earliest, i.date_latest, i.id))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 120), days=st.sampled_from([4, 30, 200]))
def test_the_index_finds_every_incident_a_scan_would(seed: int, n: int, days: int) -> None:
    # Over months, so that the index forgets the days behind the reports being linked, and
    # indexes the precise pass's incidents anew as the vague pass reaches them.
    rows = _random_rows(seed, n, days)
    params = LinkParams()
    assert link_incidents(rows, params) == _link_by_scanning(rows, params)


def test_linking_many_events_uses_the_index() -> None:
    # 20,000 reports of 5,000 attacks over a year: linking must not compare all pairs (this
    # takes about 2 s here; comparing all pairs would take minutes).
    rng = random.Random(4)
    rows = []
    for n in range(5000):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        at = (rng.uniform(-40, 60), rng.uniform(-20, 120))
        source, target = (f"G{rng.randrange(300)}",), (f"S{rng.randrange(100)}",)
        rows += [row(f"doc{n}-{k}", day=day, at=at, source=source, target=target) for k in range(4)]
    incidents = link_incidents(rows)
    assert sum(i.n_reports for i in incidents) == 20_000
    assert sum(1 for i in incidents if i.n_reports == 4) >= 4900
