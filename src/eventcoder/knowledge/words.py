"""Word lists the argument stage reasons with, loaded from ``data/participants.yaml``.

Each list is a set of lower-case spaCy lemmas; a missing, empty or non-lower-case list is a
broken knowledge file (E050), found when the coder is built rather than silently never matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.lexicon import data_path, read_data_yaml

PARTICIPANTS_FILE = "participants.yaml"


@dataclass(frozen=True, slots=True)
class Participants:
    """Participants named by what they are (see the file's header for what each list is for)."""

    unknown_doers: frozenset[str]
    crowd_words: frozenset[str]
    people_nouns: frozenset[str]
    person_endings: frozenset[str]
    civilian_sites: frozenset[str]
    inanimate_doers: frozenset[str]

    def names_people(self, lemma: str, text: str) -> bool:
        """Is a noun (its lemma and its text as written) a word for people: "lawyers",
        "villagers", "two men"? Things and happenings never are ("computers", "a quake")."""
        if lemma in self.inanimate_doers:
            return False
        plural = text.lower()
        return lemma in self.people_nouns or any(plural.endswith(e) for e in self.person_endings)


def build_participants(raw: object, path: str = PARTICIPANTS_FILE) -> Participants:
    names = Participants.__slots__
    if not isinstance(raw, dict) or set(raw) != set(names):
        raise EventcoderError(
            ErrorCode.E050, path=path, detail=f"expected exactly the lists {sorted(names)}"
        )
    lists: dict[str, frozenset[str]] = {}
    for name in names:
        words = raw[name]
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(w, str) and w and w == w.lower() for w in words)
        ):
            raise EventcoderError(
                ErrorCode.E050,
                path=path,
                detail=f"{name!r} must be a non-empty list of lower-case words",
            )
        lists[name] = frozenset(words)
    return Participants(**lists)


@cache
def load_participants() -> Participants:
    """The packaged participant word lists, read once per process."""
    return build_participants(read_data_yaml(PARTICIPANTS_FILE), data_path(PARTICIPANTS_FILE))
