"""The event trigger lexicon and the non-event cue lists, loaded from ``data/`` and validated.

The event stage matches :class:`TriggerEntry` lemmas against spaCy's lowercased token lemmas;
this module only reads, checks and indexes the data so that a malformed entry fails loudly at
load time (``E050``) instead of silently never matching.

Matching contract (what the YAML promises the event stage):

- ``lemma``: consecutive token lemmas, as ``en_core_web_sm`` produces them (hyphens are tokens:
  "sit-in" is ``("sit", "-", "in")``).
- ``pos``: the coarse POS of the matched span's syntactic head (``Span.root``), or ``ANY``.
- ``governed_by``: the trigger counts only when its head, or the head's head, has one of these
  lemmas ("agreed to a ceasefire": ceasefire → to → agree).
- ``object``: the trigger counts only when its direct object (``dobj``, or the passive subject
  ``nsubjpass``: "hostages were released"), or a compound of it, has one of these lemmas.
- ``except_object``: the trigger does not count with one of these objects ("released a
  video" is no release of anyone).
- ``subject``: the verb counts only when its subject (``nsubj``, or the passive agent) is one
  of these lemmas ("protesters stormed parliament" is a riot, "troops stormed the town" an
  attack).
- ``complement``: the verb counts only with one of these words beside its object, as a
  prepositional object or a predicate ("set the bank on fire", "set the house ablaze"): the
  lemmas of a phrase the verb's object stands between.
- ``active_only``: the verb counts only in the active voice, with its doer as subject
  ("gunmen wounded four" is an attack; "four were wounded" a toll of one told elsewhere).
- ``negated_only``: counts only when negated or refused ("refused to rein in").
- ``future_only``: counts only in a clause about the future ("there would be a response").
- Within one lemma, entries are listed most specific first; the first entry whose conditions
  hold wins. Across overlapping lemmas the longest match should win ("joint military exercise"
  over "military exercise").
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.model import EVENT_TYPES

EVENT_LEXICON_FILE = "event_lexicon.yaml"
CUES_FILE = "cues.yaml"

POS_TAGS: frozenset[str] = frozenset({"VERB", "NOUN", "ADJ", "ANY"})
DEFAULT_WEIGHT = 0.8

# The modes each PLOVER 2.0 type admits, from the manual's per-type mode tables (REQUEST and
# REJECT share one table). Types with no table (AGREE, SUPPORT, CONCEDE, COOPERATE, AID) take no
# mode. A constant, not YAML: it is the manual's ontology, not tunable lexicon data.
MODES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "AGREE": frozenset(),
        "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
        "SUPPORT": frozenset(),
        "CONCEDE": frozenset(),
        "COOPERATE": frozenset(),
        "AID": frozenset(),
        "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
        "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
        "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
        "REJECT": frozenset({"assist", "change", "yield", "meet"}),
        "THREATEN": frozenset(
            {"restrict", "arrest", "relations", "expel", "territory", "violence"}
        ),
        "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
        "PROTEST": frozenset(
            {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}
        ),
        "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
        "COERCE": frozenset(
            {
                "seize",
                "restrict",
                "censor",
                "curfew",
                "martial-law",
                "arrest",
                "deport",
                "withhold",
                "misinformation",
                "cyber",
            }
        ),
        "ASSAULT": frozenset(
            {
                "abduct",
                "beat",
                "torture",
                "sexual",
                "targeted",
                "destroy",
                "primitive",
                "firearms",
                "explosives",
                "suicide-attack",
                "aerial",
                "drone",
                "heavy-weapons",
                "crowd-control",
                "unconventional",
            }
        ),
    }
)

# Prepositions whose object is the event's target when an entry gives none: the usual English
# complement of each type's verbs ("attacks on X", "aid to X", "protest against X"). Direct
# objects are targets for every type; these only add prepositional targets.
DEFAULT_TARGET_PREPS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "AGREE": ("with",),
        "CONSULT": ("with",),
        "SUPPORT": ("for",),
        "CONCEDE": ("to",),
        "COOPERATE": ("with",),
        "AID": ("to", "for"),
        "RETREAT": ("from",),
        "REQUEST": ("on", "to"),
        "ACCUSE": ("against",),
        "REJECT": (),
        "THREATEN": ("against",),
        "SANCTION": ("on", "against"),
        "PROTEST": ("against",),
        "MOBILIZE": ("against", "near", "around"),
        "COERCE": ("against", "on"),
        "ASSAULT": ("on", "against", "at", "into"),
    }
)

_ENTRY_KEYS = frozenset(
    {
        "lemma",
        "pos",
        "type",
        "mode",
        "governed_by",
        "complement",
        "active_only",
        "object",
        "except_object",
        "subject",
        "negated_only",
        "future_only",
        "target_preps",
        "weight",
    }
)

CUE_CATEGORIES: tuple[str, ...] = (
    "reporting_verbs",
    "reporting_phrases",
    "denial_verbs",
    "refusal_verbs",
    "negations",
    "hypothetical_markers",
    "future_markers",
    "no_comment_phrases",
    "meta_phrases",
    "anonymous_sources",
    "historical_markers",
    "question_markers",
)


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One way of saying an event in English: lemmas, conditions, and what they mean."""

    lemma: tuple[str, ...]
    pos: str
    type: str
    mode: str | None = None
    governed_by: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    except_object: frozenset[str] = frozenset()
    subject: frozenset[str] = frozenset()
    complement: frozenset[str] = frozenset()
    active_only: bool = False
    negated_only: bool = False
    future_only: bool = False
    target_preps: tuple[str, ...] = ()
    weight: float = DEFAULT_WEIGHT

    @property
    def conditional(self) -> bool:
        """Whether the entry counts only under a condition (governor, object, subject,
        complement, voice, negation, future); an unconditional entry is its lemma's fallback."""
        return bool(
            self.governed_by
            or self.object
            or self.except_object
            or self.subject
            or self.complement
            or self.active_only
            or self.negated_only
            or self.future_only
        )

    @property
    def first(self) -> str:
        return self.lemma[0]

    @property
    def text(self) -> str:
        return " ".join(self.lemma)

    @property
    def preps(self) -> tuple[str, ...]:
        """The prepositions introducing the target: the entry's own, else its type's default."""
        return self.target_preps or DEFAULT_TARGET_PREPS[self.type]


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """All trigger entries in file order, indexed by their first lemma for token-wise lookup."""

    entries: tuple[TriggerEntry, ...]
    by_first_lemma: Mapping[str, tuple[TriggerEntry, ...]]

    @property
    def modes(self) -> Mapping[str, frozenset[str]]:
        """The valid modes of each PLOVER type (the manual's tables, :data:`MODES`)."""
        return MODES

    def for_type(self, event_type: str) -> tuple[TriggerEntry, ...]:
        return tuple(e for e in self.entries if e.type == event_type)


@dataclass(frozen=True, slots=True)
class Cues:
    """Context cues that make a trigger a non-event or give it an auxiliary mode.

    Single words are lemmas; phrases are lowercase surface text, matched as substrings of the
    lowercased sentence. See the header of ``data/cues.yaml`` for what each list is for.
    """

    reporting_verbs: frozenset[str]
    reporting_phrases: tuple[str, ...]
    denial_verbs: frozenset[str]
    refusal_verbs: frozenset[str]
    negations: tuple[str, ...]
    hypothetical_markers: tuple[str, ...]
    future_markers: tuple[str, ...]
    no_comment_phrases: tuple[str, ...]
    meta_phrases: tuple[str, ...]
    anonymous_sources: tuple[str, ...]
    historical_markers: tuple[str, ...]
    question_markers: tuple[str, ...]


def data_path(name: str) -> str:
    """Where the packaged data file ``name`` (in ``eventcoder/data``) lives, for messages."""
    return str(resources.files("eventcoder").joinpath("data", name))


def read_data_yaml(name: str) -> Any:
    """Parse the packaged YAML data file ``name``; E050 when it cannot be read or parsed."""
    path = data_path(name)
    try:
        text = resources.files("eventcoder").joinpath("data", name).read_text(encoding="utf-8")
        # The C loader, where PyYAML has it, reads the 1,000-entry lexicon several times faster.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as err:
        raise EventcoderError(ErrorCode.E050, path=path, detail=str(err)) from err


def _str_list(raw: Any, field: str, entry: Any, path: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        raise EventcoderError(
            ErrorCode.E050,
            path=path,
            detail=f"{field!r} must be a list of non-empty strings in {entry!r}",
        )
    lowered = tuple(x.lower() for x in raw)
    if lowered != tuple(raw):
        raise EventcoderError(
            ErrorCode.E050, path=path, detail=f"{field!r} must be lowercase in {entry!r}"
        )
    return lowered


def parse_entry(raw: Any, path: str = EVENT_LEXICON_FILE) -> TriggerEntry:
    """Check one YAML mapping and build its entry; E050 names the offending entry."""

    def bad(detail: str) -> EventcoderError:
        return EventcoderError(ErrorCode.E050, path=path, detail=f"{detail} in {raw!r}")

    if not isinstance(raw, dict):
        raise bad("an entry must be a mapping")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise bad(f"unknown field(s) {sorted(unknown)}")
    lemma = raw.get("lemma")
    if not isinstance(lemma, str) or not lemma.strip():
        raise bad("'lemma' must be a non-empty string")
    if lemma != lemma.lower() or lemma != " ".join(lemma.split()):
        raise bad("'lemma' must be lowercase, single-spaced lemmas")
    pos = raw.get("pos")
    if pos not in POS_TAGS:
        raise bad(f"'pos' must be one of {sorted(POS_TAGS)}")
    event_type = raw.get("type")
    if event_type not in EVENT_TYPES:
        raise bad("'type' must be one of the 16 PLOVER types")
    mode = raw.get("mode")
    if mode is not None and mode not in MODES[event_type]:
        raise bad(f"mode {mode!r} is not a PLOVER mode of {event_type}")
    flags = {key: raw.get(key, False) for key in ("negated_only", "future_only", "active_only")}
    if not all(isinstance(value, bool) for value in flags.values()):
        raise bad("'negated_only', 'future_only' and 'active_only' must be true or false")
    weight = raw.get("weight", DEFAULT_WEIGHT)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight <= 1:
        raise bad("'weight' must be a number from 0 to 1")
    return TriggerEntry(
        lemma=tuple(lemma.split()),
        pos=pos,
        type=event_type,
        mode=mode,
        governed_by=frozenset(_str_list(raw.get("governed_by"), "governed_by", raw, path)),
        object=frozenset(_str_list(raw.get("object"), "object", raw, path)),
        except_object=frozenset(_str_list(raw.get("except_object"), "except_object", raw, path)),
        subject=frozenset(_str_list(raw.get("subject"), "subject", raw, path)),
        complement=frozenset(_str_list(raw.get("complement"), "complement", raw, path)),
        active_only=flags["active_only"],
        negated_only=flags["negated_only"],
        future_only=flags["future_only"],
        target_preps=_str_list(raw.get("target_preps"), "target_preps", raw, path),
        weight=float(weight),
    )


def build_event_lexicon(raw: Any, path: str = EVENT_LEXICON_FILE) -> EventLexicon:
    """Validate a parsed YAML document (a list of entries) into an indexed lexicon."""
    if not isinstance(raw, list) or not raw:
        raise EventcoderError(
            ErrorCode.E050, path=path, detail="expected a non-empty list of trigger entries"
        )
    entries = tuple(parse_entry(item, path) for item in raw)
    seen: set[TriggerEntry] = set()
    for entry in entries:
        # An exact repeat is always a copy-paste slip; it would double the entry's weight in
        # any scoring that sums matches.
        if entry in seen:
            raise EventcoderError(
                ErrorCode.E050, path=path, detail=f"duplicate entry {entry.text!r} ({entry.type})"
            )
        seen.add(entry)
    index: dict[str, list[TriggerEntry]] = {}
    for entry in entries:
        index.setdefault(entry.first, []).append(entry)
    return EventLexicon(
        entries=entries,
        by_first_lemma=MappingProxyType({k: tuple(v) for k, v in index.items()}),
    )


@functools.cache
def load_event_lexicon() -> EventLexicon:
    """The packaged trigger lexicon (``data/event_lexicon.yaml``), read once per process."""
    return build_event_lexicon(read_data_yaml(EVENT_LEXICON_FILE), data_path(EVENT_LEXICON_FILE))


def build_cues(raw: Any, path: str = CUES_FILE) -> Cues:
    """Validate a parsed cues document: every category present, each a list of lowercase strings."""
    if not isinstance(raw, dict):
        raise EventcoderError(ErrorCode.E050, path=path, detail="expected a mapping of cue lists")
    missing = [c for c in CUE_CATEGORIES if c not in raw]
    unknown = sorted(set(raw) - set(CUE_CATEGORIES))
    if missing or unknown:
        raise EventcoderError(
            ErrorCode.E050,
            path=path,
            detail=f"missing cue lists {missing}, unknown cue lists {unknown}",
        )
    lists = {c: _str_list(raw[c], c, c, path) for c in CUE_CATEGORIES}
    for category, items in lists.items():
        if not items:
            raise EventcoderError(ErrorCode.E050, path=path, detail=f"{category!r} is empty")
    return Cues(
        reporting_verbs=frozenset(lists["reporting_verbs"]),
        reporting_phrases=lists["reporting_phrases"],
        denial_verbs=frozenset(lists["denial_verbs"]),
        refusal_verbs=frozenset(lists["refusal_verbs"]),
        negations=lists["negations"],
        hypothetical_markers=lists["hypothetical_markers"],
        future_markers=lists["future_markers"],
        no_comment_phrases=lists["no_comment_phrases"],
        meta_phrases=lists["meta_phrases"],
        anonymous_sources=lists["anonymous_sources"],
        historical_markers=lists["historical_markers"],
        question_markers=lists["question_markers"],
    )


@functools.cache
def load_cues() -> Cues:
    """The packaged non-event and context cues (``data/cues.yaml``), read once per process."""
    return build_cues(read_data_yaml(CUES_FILE), data_path(CUES_FILE))
