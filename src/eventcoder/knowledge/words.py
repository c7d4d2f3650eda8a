"""Word lists the stages reason with, loaded from ``data/participants.yaml`` (who takes part),
``data/clauses.yaml`` (how a clause stands to its event) and ``data/event_words.yaml`` (what an
event word stands for where it stands).

Each list is a set of lower-case words; a missing, empty or non-lower-case list (or, in
``told_statements``, a type that is no PLOVER type) is a broken knowledge file (E050), found when
the coder is built rather than silently never matching.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.lexicon import data_path, read_data_yaml
from eventcoder.model import EVENT_TYPES

PARTICIPANTS_FILE = "participants.yaml"
CLAUSES_FILE = "clauses.yaml"
EVENT_WORDS_FILE = "event_words.yaml"


@dataclass(frozen=True, slots=True)
class Participants:
    """Participants named by what they are (see the file's header for what each list is for)."""

    unknown_doers: frozenset[str]
    crowd_words: frozenset[str]
    people_nouns: frozenset[str]
    person_endings: frozenset[str]
    civilian_sites: frozenset[str]
    inanimate_doers: frozenset[str]
    party_nouns: frozenset[str]
    armed_group_nouns: frozenset[str]
    person_group_nouns: frozenset[str]
    group_nouns: frozenset[str]
    anonymous_heads: frozenset[str]
    place_anaphors: frozenset[str]
    who_nouns: frozenset[str]
    force_nouns: frozenset[str]
    civic_bodies: frozenset[str]
    hedging_modifiers: frozenset[str]
    armed_communities: frozenset[str]
    communal_modifiers: frozenset[str]
    community_nouns: frozenset[str]
    dispute_nouns: frozenset[str]
    ethnic_groups: frozenset[str]
    relation_nouns: frozenset[str]
    organisation_nouns: frozenset[str]

    def names_people(self, lemma: str, text: str) -> bool:
        """Is a noun (its lemma and its text as written) a word for people: "lawyers",
        "villagers", "two men", "Fulanis"? Things and happenings never are ("computers", "a
        quake")."""
        if lemma in self.inanimate_doers:
            return False
        plural = text.lower()
        return (
            lemma in self.people_nouns
            or self.names_a_people(plural)
            or any(plural.endswith(e) for e in self.person_endings)
        )

    def names_a_people(self, word: str) -> bool:
        """Is a word (lower case, as written) an ethnic group's name: "Fulani", "Nuers"?"""
        return word in self.ethnic_groups or (
            word.endswith("s") and word[:-1] in self.ethnic_groups
        )


@dataclass(frozen=True, slots=True)
class Clauses:
    """Words that tell how a clause stands to its event (see the file's header)."""

    setting_prepositions: frozenset[str]
    light_verbs: frozenset[str]
    ending_verbs: frozenset[str]
    command_verbs: frozenset[str]
    decision_verbs: frozenset[str]
    hypothetical_modals: frozenset[str]
    conditional_marks: frozenset[str]
    question_marks: frozenset[str]
    obligation_verbs: frozenset[str]
    sequence_openers: frozenset[str]
    sequence_marks: frozenset[str]
    temporal_marks: frozenset[str]
    temporal_prepositions: frozenset[str]
    deadline_prepositions: frozenset[str]
    topic_prepositions: frozenset[str]
    past_setting_prepositions: frozenset[str]
    backer_participles: frozenset[str]
    allegiance_participles: frozenset[str]
    partisan_prefixes: frozenset[str]
    description_verbs: frozenset[str]
    reaction_verbs: frozenset[str]
    reciprocal_verbs: frozenset[str]
    reciprocal_objects: frozenset[str]
    setting_verbs: frozenset[str]
    set_weapons: frozenset[str]
    striking_verbs: frozenset[str]
    open_determiners: frozenset[str]
    attribution_verbs: frozenset[str]
    raising_verbs: frozenset[str]
    charge_verbs: frozenset[str]
    capture_verbs: frozenset[str]
    allegiance_words: frozenset[str]
    responsibility_verbs: frozenset[str]
    mediation_words: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_governors: frozenset[str]
    goal_governors: frozenset[str]
    attempt_governors: frozenset[str]
    go_between_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    facing_prepositions: frozenset[str]
    target_prepositions: frozenset[str]
    addressee_prepositions: frozenset[str]
    victim_prepositions: frozenset[str]
    harm_prepositions: frozenset[str]
    alternative_conjunctions: frozenset[str]
    operation_nouns: frozenset[str]
    performing_verbs: frozenset[str]
    intervening_verbs: frozenset[str]
    witness_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]


@dataclass(frozen=True, slots=True)
class EventWords:
    """Words that tell what an event word stands for where it stands (see the file's header)."""

    told_statements: Mapping[str, str]
    motive_nouns: frozenset[str]
    retaliation_words: frozenset[str]
    blocking_verbs: frozenset[str]
    considering_verbs: frozenset[str]
    backing_verbs: frozenset[str]
    intercept_verbs: frozenset[str]
    incoming_weapons: frozenset[str]
    simulation_words: frozenset[str]
    unrealised_modifiers: frozenset[str]
    kind_modifiers: frozenset[str]
    kit_nouns: frozenset[str]
    traded_weapons: frozenset[str]
    transfer_words: frozenset[str]
    act_references: frozenset[str]
    open_water: frozenset[str]
    duration_units: frozenset[str]
    authority_verbs: frozenset[str]
    toll_words: frozenset[str]
    decision_nouns: frozenset[str]
    two_sided_words: frozenset[str]


def _lower_words(words: object) -> bool:
    return isinstance(words, list | dict) and all(
        isinstance(w, str) and w and w == w.lower() for w in words
    )


def word_lists(
    raw: object, names: tuple[str, ...], path: str, mappings: frozenset[str] = frozenset()
) -> dict[str, object]:
    """Exactly the lists ``names``, each non-empty and lower case; the names in ``mappings``
    are word -> PLOVER type tables. E050 names the file and the list otherwise (shared by every
    word-list file: participants, clauses, event words, casing)."""
    if not isinstance(raw, dict) or set(raw) != set(names):
        raise EventcoderError(
            ErrorCode.E050, path=path, detail=f"expected exactly the lists {sorted(names)}"
        )
    lists: dict[str, object] = {}
    for name in names:
        words = raw[name]
        if name in mappings:
            if (
                not isinstance(words, dict)
                or not words
                or not _lower_words(words)
                or not all(t in EVENT_TYPES for t in words.values())
            ):
                raise EventcoderError(
                    ErrorCode.E050,
                    path=path,
                    detail=f"{name!r} must map lower-case words to PLOVER types",
                )
            lists[name] = MappingProxyType(dict(words))
            continue
        if not isinstance(words, list) or not words or not _lower_words(words):
            raise EventcoderError(
                ErrorCode.E050,
                path=path,
                detail=f"{name!r} must be a non-empty list of lower-case words",
            )
        lists[name] = frozenset(words)
    return lists


def build_participants(raw: object, path: str = PARTICIPANTS_FILE) -> Participants:
    return Participants(**word_lists(raw, Participants.__slots__, path))  # type: ignore[arg-type]


def build_clauses(raw: object, path: str = CLAUSES_FILE) -> Clauses:
    return Clauses(**word_lists(raw, Clauses.__slots__, path))  # type: ignore[arg-type]


def build_event_words(raw: object, path: str = EVENT_WORDS_FILE) -> EventWords:
    lists = word_lists(raw, EventWords.__slots__, path, frozenset({"told_statements"}))
    return EventWords(**lists)  # type: ignore[arg-type]


@cache
def load_participants() -> Participants:
    """The packaged participant word lists, read once per process."""
    return build_participants(read_data_yaml(PARTICIPANTS_FILE), data_path(PARTICIPANTS_FILE))


@cache
def load_clauses() -> Clauses:
    """The packaged clause word lists, read once per process."""
    return build_clauses(read_data_yaml(CLAUSES_FILE), data_path(CLAUSES_FILE))


@cache
def load_event_words() -> EventWords:
    """The packaged event word lists, read once per process."""
    return build_event_words(read_data_yaml(EVENT_WORDS_FILE), data_path(EVENT_WORDS_FILE))
