"""The tables that turn a PLOVER event into ACLED's and POLECAT's columns, loaded from
``data/acled_map.yaml`` and ``data/polecat_map.yaml`` (each file documents its sources and
choices). ``build_*`` validate a parsed file (for tests); ``load_*`` read the packaged one once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.actors import SECTORS
from eventcoder.knowledge.lexicon import MODES, data_path, read_data_yaml
from eventcoder.model import EVENT_TYPES

ACLED_MAP_FILE = "acled_map.yaml"
POLECAT_MAP_FILE = "polecat_map.yaml"

ACLED_REGIONS: frozenset[str] = frozenset(
    {
        "Western Africa",
        "Middle Africa",
        "Eastern Africa",
        "Southern Africa",
        "Northern Africa",
        "Middle East",
        "Caucasus and Central Asia",
        "South Asia",
        "Southeast Asia",
        "East Asia",
        "Europe",
        "North America",
        "Central America",
        "Caribbean",
        "South America",
        "Oceania",
        "Antarctica",
    }
)
"""ACLED's regions (the ``region`` column's values)."""

ACLED_INTER_CODES = range(1, 9)
"""ACLED's actor types: 1 State forces ... 8 External/Other forces (0: no such actor)."""

_ISO3 = re.compile(r"^[A-Z]{3}$")


def _invalid(path: str, detail: str) -> EventcoderError:
    return EventcoderError(ErrorCode.E050, path=path, detail=detail)


def _mapping(raw: object, where: str, path: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise _invalid(path, f"{where} must be a mapping")
    return raw


# --------------------------------------------------------------------------------------------
# ACLED


@dataclass(frozen=True, slots=True)
class AcledCategory:
    """One ACLED sub-event type with the event type and disorder type it belongs to."""

    sub_event_type: str
    event_type: str
    disorder_type: str

    @property
    def political_violence(self) -> bool:
        return "Political violence" in self.disorder_type


@dataclass(frozen=True, slots=True)
class AcledTypeRule:
    """How one PLOVER type becomes an ACLED sub-event type."""

    default: AcledCategory
    modes: Mapping[str, AcledCategory]
    against_civilians: AcledCategory | None = None

    def category(self, mode: str | None, *, civilian_target: bool) -> AcledCategory:
        if mode is not None and mode in self.modes:
            return self.modes[mode]
        if civilian_target and self.against_civilians is not None:
            return self.against_civilians
        return self.default


@dataclass(frozen=True, slots=True)
class AcledMap:
    """The contents of ``acled_map.yaml``, validated."""

    types: Mapping[str, AcledTypeRule]
    excluded: frozenset[str]
    inter_codes: Mapping[str, int]
    state_actor_names: Mapping[str, str]
    protest_actor_names: Mapping[str, str]
    country_names: Mapping[str, str]
    regions: Mapping[str, str]

    def category(
        self, event_type: str, mode: str | None, *, civilian_target: bool
    ) -> AcledCategory | None:
        """The ACLED category of a PLOVER event; None for a type ACLED does not code."""
        rule = self.types.get(event_type)
        return rule.category(mode, civilian_target=civilian_target) if rule else None


def _categories(raw: object, path: str) -> dict[str, AcledCategory]:
    categories: dict[str, AcledCategory] = {}
    for name, entry in _mapping(raw, "sub_event_types", path).items():
        fields = _mapping(entry, f"sub_event_types.{name}", path)
        event_type, disorder_type = fields.get("event_type"), fields.get("disorder_type")
        if not isinstance(event_type, str) or not isinstance(disorder_type, str):
            raise _invalid(path, f"sub_event_types.{name} needs event_type and disorder_type")
        categories[str(name)] = AcledCategory(str(name), event_type, disorder_type)
    return categories


def _type_rule(
    event_type: str, raw: object, categories: Mapping[str, AcledCategory], path: str
) -> AcledTypeRule:
    fields = _mapping(raw, f"types.{event_type}", path)

    def category(name: object, where: str) -> AcledCategory:
        if not isinstance(name, str) or name not in categories:
            raise _invalid(path, f"{where}: {name!r} is not one of sub_event_types")
        return categories[name]

    modes: dict[str, AcledCategory] = {}
    mode_entries = _mapping(fields.get("modes") or {}, f"types.{event_type}.modes", path)
    for mode, name in mode_entries.items():
        if mode not in MODES[event_type]:
            raise _invalid(path, f"types.{event_type}.modes: {mode!r} is not a mode of the type")
        modes[mode] = category(name, f"types.{event_type}.modes.{mode}")
    civilians = fields.get("against_civilians")
    return AcledTypeRule(
        default=category(fields.get("default"), f"types.{event_type}.default"),
        modes=MappingProxyType(modes),
        against_civilians=None
        if civilians is None
        else category(civilians, f"types.{event_type}.against_civilians"),
    )


def _regions(raw: object, path: str) -> dict[str, str]:
    region_of: dict[str, str] = {}
    for region, codes in _mapping(raw, "regions", path).items():
        if region not in ACLED_REGIONS:
            raise _invalid(path, f"regions: {region!r} is not an ACLED region")
        if not isinstance(codes, list):
            raise _invalid(path, f"regions.{region} must be a list of ISO3 codes")
        for code in codes:
            if not isinstance(code, str) or not _ISO3.match(code):
                raise _invalid(path, f"regions.{region}: {code!r} is not an ISO3 code")
            if code in region_of:
                raise _invalid(path, f"{code} is in both {region_of[code]} and {region}")
            region_of[code] = str(region)
    return region_of


def _string_table(raw: object, where: str, path: str) -> Mapping[str, str]:
    table = _mapping(raw, where, path)
    if not all(isinstance(v, str) and v for v in table.values()):
        raise _invalid(path, f"{where}: every value must be a non-empty string")
    return MappingProxyType({str(k): str(v) for k, v in table.items()})


def build_acled_map(raw: object, path: str) -> AcledMap:
    """Validate a parsed ``acled_map.yaml``: every PLOVER type is mapped or excluded (not
    both), modes are the manual's, sub-event types, inter codes, sectors and regions are known."""
    top = _mapping(raw, "the top level", path)
    categories = _categories(top.get("sub_event_types"), path)
    type_entries = _mapping(top.get("types"), "types", path)
    excluded = top.get("excluded")
    if not isinstance(excluded, list):
        raise _invalid(path, "excluded must be a list of PLOVER types")
    unknown = (set(type_entries) | set(excluded)) - set(EVENT_TYPES)
    if unknown:
        raise _invalid(path, f"not PLOVER types: {', '.join(sorted(unknown))}")
    both = set(type_entries) & set(excluded)
    missing = set(EVENT_TYPES) - set(type_entries) - set(excluded)
    if both or missing:
        raise _invalid(
            path,
            f"each PLOVER type must be mapped or excluded, once (both: {sorted(both)}, "
            f"neither: {sorted(missing)})",
        )
    inter_codes = _mapping(top.get("inter_codes"), "inter_codes", path)
    for sector, code in inter_codes.items():
        if sector not in SECTORS or code not in ACLED_INTER_CODES:
            raise _invalid(path, f"inter_codes: {sector}: {code} (a PLOVER sector: 1..8)")
    state_names = _string_table(top.get("state_actor_names"), "state_actor_names", path)
    if not {"default", "default_violence"} <= set(state_names):
        raise _invalid(path, "state_actor_names needs default and default_violence")
    return AcledMap(
        types=MappingProxyType(
            {t: _type_rule(t, entry, categories, path) for t, entry in type_entries.items()}
        ),
        excluded=frozenset(excluded),
        inter_codes=MappingProxyType(dict(inter_codes)),
        state_actor_names=state_names,
        protest_actor_names=_string_table(
            top.get("protest_actor_names"), "protest_actor_names", path
        ),
        country_names=_string_table(top.get("country_names"), "country_names", path),
        regions=MappingProxyType(_regions(top.get("regions"), path)),
    )


@cache
def load_acled_map() -> AcledMap:
    """The packaged ACLED map (read and validated once per process)."""
    return build_acled_map(read_data_yaml(ACLED_MAP_FILE), data_path(ACLED_MAP_FILE))


# --------------------------------------------------------------------------------------------
# POLECAT


@dataclass(frozen=True, slots=True)
class PolecatMap:
    """The contents of ``polecat_map.yaml``: PLOVER quad codes and intensity scores."""

    quad_codes: Mapping[str, int]
    type_intensity: Mapping[str, float]
    mode_intensity: Mapping[tuple[str, str], float]

    def intensity(self, event_type: str, mode: str | None) -> float:
        """The manual's score of ``event_type: mode``, else of the type itself."""
        return self.mode_intensity.get((event_type, mode or ""), self.type_intensity[event_type])


def _score(value: object, where: str, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not -10 <= value <= 10:
        raise _invalid(path, f"{where} must be a number from -10 to 10")
    return float(value)


def build_polecat_map(raw: object, path: str) -> PolecatMap:
    """Validate a parsed ``polecat_map.yaml``: a quad code (1-4) and a score for every PLOVER
    type, and scores only for the manual's modes."""
    top = _mapping(raw, "the top level", path)
    quads = _mapping(top.get("quad_codes"), "quad_codes", path)
    intensity = _mapping(top.get("intensity"), "intensity", path)
    for table, name in ((quads, "quad_codes"), (intensity, "intensity")):
        if set(table) != set(EVENT_TYPES):
            raise _invalid(path, f"{name} must list exactly the 16 PLOVER types")
    if not all(code in (1, 2, 3, 4) for code in quads.values()):
        raise _invalid(path, "quad_codes are 1, 2, 3 or 4")
    type_scores: dict[str, float] = {}
    mode_scores: dict[tuple[str, str], float] = {}
    for event_type, entry in intensity.items():
        fields = _mapping(entry, f"intensity.{event_type}", path)
        type_scores[event_type] = _score(fields.get("score"), f"intensity.{event_type}", path)
        modes = _mapping(fields.get("modes") or {}, f"intensity.{event_type}.modes", path)
        for mode, value in modes.items():
            if mode not in MODES[event_type]:
                raise _invalid(path, f"intensity.{event_type}: {mode!r} is not a mode of it")
            mode_scores[event_type, mode] = _score(value, f"intensity.{event_type}.{mode}", path)
    return PolecatMap(
        quad_codes=MappingProxyType(dict(quads)),
        type_intensity=MappingProxyType(type_scores),
        mode_intensity=MappingProxyType(mode_scores),
    )


@cache
def load_polecat_map() -> PolecatMap:
    """The packaged POLECAT map (read and validated once per process)."""
    return build_polecat_map(read_data_yaml(POLECAT_MAP_FILE), data_path(POLECAT_MAP_FILE))
