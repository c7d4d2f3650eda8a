"""The actor knowledge base (states, groups, IGOs, role nouns, time-bound roles) and its matcher.

Data lives in ``eventcoder/data/{states,groups,roles}.yaml``; this module only loads, validates
and compiles it. :func:`load_actor_lexicon` builds two token tries once (names, and institution
words), so :meth:`ActorLexicon.find` is a single left-to-right pass over a sentence's tokens with
dictionary lookups: no per-alias regex, no backtracking over thousands of alternatives.

Matching rules, in the order they are applied at each token:

1. The longest name wins: "Pakistani Taliban" is TTP before "Pakistani" is considered, "South
   Sudan" is never "Sudan", and phrases in ``states.yaml: blocked`` ("Latin America") are
   consumed without a mention.
2. A name may anchor an institution chain, with or without a possessive: "Pakistan's defense
   minister", "the Pakistani military", "Afghan demonstrators", "Kremlin spokesman". The chain's
   first institution noun gives the PLOVER sector (``roles.yaml: institutions``).
3. A title may take a personal name: "Pakistan Information Minister Attaullah Tarar" is one
   mention (kind ``person``, coded PAK).
4. An institution chain with no name before it is *generic* (code ``""``) unless "of <name>"
   follows it ("the foreign ministry of Iran"); a later stage anchors generic mentions.
5. A leader's name from ``leaders.yaml`` ("Putin", "Recep Tayyip Erdogan") codes as the state or
   group they led, but only on a date inside their term: "Trump" in 2022 is a private person.
   Such a mention is kind ``person`` with the canonical full name; after a title ("President
   Biden", "Kenyan President Ruto") the title's mention takes the leader's code. A bare
   one-word name must not be a common surname or word (``_AMBIGUOUS_SURNAMES``, enforced when
   loading), nor sit inside a longer capitalised name ("Hunter Biden", "Trump Tower").

Case: a capitalised alias word needs a capital in the text and an all-capitals alias ("US",
"IS", "AU") needs capitals, so "let us" is never the United States. Acronyms that are also
English words ("IS", "US", "WHO") are refused inside all-capitals text (headlines), where case
says nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pycountry
import yaml

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.compounds import names_compound
from eventcoder.knowledge.gazetteer import EnglishWords
from eventcoder.model import Actor, ActorMention, Span

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
STATES_PATH = DATA_DIR / "states.yaml"
GROUPS_PATH = DATA_DIR / "groups.yaml"
ROLES_PATH = DATA_DIR / "roles.yaml"
LEADERS_PATH = DATA_DIR / "leaders.yaml"


def _words(text: str) -> frozenset[str]:
    """A word set written as one string, to keep long vocabularies compact."""
    return frozenset(text.split())


MentionKind = Literal["state", "group", "igo", "person", "generic"]

UNSPECIFIC_QUANTIFIERS = frozenset(
    {
        "other",
        "some",
        "several",
        "many",
        "various",
        "foreign",
        "western",
        "neighbouring",
        "neighboring",
        "donor",
        "allied",
        "few",
        "numerous",
        "certain",
    }
)
"""Words that make an institution no one's in particular: "other governments", "some
officials", "western governments" name no state to code."""

# PLOVER's sector codes (manual, "Sector Codes"), plus IGO and NGO for organisations, which
# PLOVER codes in the country field instead.
SECTORS = _words(
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF "
    "OPP PRE REL SOC IGO NGO"
)

# Codes outside ISO 3166-1 that the lexicon may use as a state's code: Kosovo.
EXTRA_STATE_CODES = frozenset({"XKX"})

# Words only: runs of letters/digits, or one punctuation mark. Hyphens inside a word are then
# dropped so "al-Shabaab", "al Shabaab" and "Secretary-General" match one alias form.
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_HYPHENS = frozenset("-‐‑")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})

# All-capitals acronyms that are also English words: in a shouted headline they are words.
_RISKY_ACRONYMS = _words(
    "is us who it in on as at or an no so to be we me my up of by do go he if am ok all can "
    "aid arm art car sun war sad pac cap"
)

# Connectors inside an institution chain: "foreign and defense ministries", "ministry of
# defence". "of" before a name ends the chain instead ("the foreign ministry of Iran").
_CONNECTORS = frozenset({"and", "&", "of"})

# Lower-case words that may sit inside a personal name ("Abdel Fattah al-Burhan").
_NAME_PARTICLES = _words(
    "al el bin ibn bint de da del della der den van von la le di du dos das ben ould"
)
# Capitalised words that end a personal name rather than continue it.
_NAME_STOP = _words(
    "the a an on in at of and but or for to from with by as after before during said says "
    "told when while if this that these those he she it they we i his her their its our "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)
_MAX_NAME_WORDS = 5
# The lengths of an unknown acronym taken as an armed group's id ("HBDH militants").
_MIN_ACRONYM = 2
_MAX_ACRONYM = 6
# Acronyms of things, not groups: never an armed group's id ("IED attackers").
_THING_ACRONYMS = _words("ied ieds vbied svbied rpg rpgs uav uavs suv hq cctv gps tnt ak")
# Prefixes that turn a name into its opponents: "anti-Houthi forces" fight the Houthis.
_OPPOSING = _words("anti counter")
_FORCE_SECTORS = frozenset({"MIL", "COP", "SPY", "PRM", "REB", "UAF"})
# Nouns after a demonym that tell a person's ancestry, not their state: "a businessman of
# Indian origin", "Indian-origin traders", "of Somali descent".
_ORIGINS = _words("origin origins descent heritage ancestry extraction")

# One-word names that may not stand alone as a leader's alias (the loader refuses them): the
# commonest surnames of the naming systems news meets (English, Chinese, Korean, Vietnamese,
# Arabic and South Asian given names used as surnames), and surnames that are also words or
# places capitalised for other reasons ("May", "Rice", "Hague", "Moon"). After a title they
# still match through an entry's ``titled`` list ("Prime Minister Khan", "President Lee").
_AMBIGUOUS_SURNAMES = _words(
    "lee kim park choi jung jeong kang cho chang han lim "
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng "
    "liang song tang feng deng cao "
    "nguyen tran le pham hoang phan vu vo dang bui do ho ngo duong ly "
    "khan ahmed ahmad mohammed mohamed muhammad mohammad ali hassan hasan hussein husain "
    "abdullah abdallah ibrahim mahmoud mahmood mustafa omar umar osman othman saleh salih "
    "khalil hamad hamid rahman karim aziz said sayed syed shah malik sharif "
    "singh kumar patel gandhi rao reddy das gupta sharma "
    "smith johnson williams brown jones miller davis wilson taylor clark lewis martin white "
    "green young king hill scott adams baker hall allen wright walker harris thomas moore "
    "jackson thompson robinson wood evans roberts edwards hughes murphy ford carter gates "
    "austin howard major may rice hague moon hunt cook straw fox price "
    "santos silva costa pereira ferreira rodrigues gomes lopez gonzalez garcia hernandez "
    "perez sanchez ramirez martinez rodriguez fernandez diaz torres flores rivera "
    "muller schmidt schneider fischer weber meyer wagner becker schulz "
    "ivanov petrov popov smirnov kuznetsov"
)
# Capitalised words that may stand before a bare leader's name without making it part of a
# longer name ("Mr Putin", "Meanwhile Putin"); "Hunter Biden" is another person.
_BEFORE_NAME_OK = _words(
    "mr mrs ms dr sir madam chairman comrade leader meanwhile yesterday today also then now "
    "earlier later why how what where so because although though since until once "
    "even only both neither either not like unlike"
)
_MAX_CHAIN_TOKENS = 10

_END = ""  # trie key for "an alias ends here"; tokens are never empty strings


@dataclass(frozen=True, slots=True)
class _Entry:
    """A name's lexicon entry: what a mention of it codes as before roles and chains."""

    code: str
    kind: MentionKind
    sector: str | None
    country: str | None
    name: str
    source: Literal["name", "demonym", "capital", "seat", "group", "igo"]
    group_id: str | None = None  # for time-bound roles


@dataclass(frozen=True, slots=True)
class _Role:
    """What an institution word can be. One word may be several things ("chief")."""

    sector: str | None = None  # a noun or title's own sector
    weak: str | None = None  # a sector that yields to an earlier noun's
    armed: str | None = None  # fighters: never the state
    title: bool = False  # may take a personal name
    neutral: bool = False  # "side": a noun with no sector
    modifier: bool = False
    anchored_only: bool = False

    @property
    def is_noun(self) -> bool:
        return bool(self.sector or self.weak or self.armed or self.neutral)


@dataclass(frozen=True, slots=True)
class _Period:
    actor: str
    code: str | None
    sector: str | None
    start: date | None
    end: date | None

    def active(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class _Leader:
    """One term of a leader in ``leaders.yaml``: whom their name codes as, and when."""

    name: str  # canonical full name
    code: str
    kind: MentionKind  # what the code is: "state", "group" or "igo"
    sector: str
    country: str | None
    role: str
    start: date
    end: date | None

    def active(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class _Chain:
    end: int  # token index after the chain
    sector: str | None
    armed: str | None
    title: bool  # the chain's last element may take a name
    standalone: bool  # may be emitted with no anchor


class _Tokens:
    """A text's tokens as parallel lists (faster than a list of objects in the hot loop)."""

    __slots__ = ("ends", "folds", "glued", "raws", "starts")

    def __init__(self, text: str) -> None:
        starts: list[int] = []
        ends: list[int] = []
        raws: list[str] = []
        # glued[k]: token k followed a dropped hyphen ("Ing-wen"), so it continues a name
        glued: list[bool] = []
        dropped = False
        matches = list(_TOKEN.finditer(text))
        for k, m in enumerate(matches):
            raw = m.group()
            # A hyphen between two words with no space is part of the word: drop it.
            if (
                raw in _HYPHENS
                and 0 < k < len(matches) - 1
                and matches[k - 1].end() == m.start()
                and matches[k + 1].start() == m.end()
                and matches[k - 1].group()[0].isalnum()
                and matches[k + 1].group()[0].isalnum()
            ):
                dropped = True
                continue
            glued.append(dropped)
            dropped = False
            starts.append(m.start())
            ends.append(m.end())
            raws.append(raw.translate(_QUOTES))
        self.starts = starts
        self.ends = ends
        self.raws = raws
        self.glued = glued
        self.folds = [r.casefold() for r in raws]


def _alias_tokens(alias: str) -> tuple[str, ...]:
    return tuple(_Tokens(alias).raws)


def _case_ok(alias_tok: str, text_tok: str) -> bool:
    """Does the text's spelling of a token honour the alias's capitalisation?"""
    letters = [c for c in alias_tok if c.isalpha()]
    if not letters:
        return True
    if len(letters) >= 2 and alias_tok.isupper():
        return text_tok.isupper()
    if alias_tok[0].isupper():
        return text_tok[0].isupper()
    return True


def _shouting(tokens: _Tokens, i: int, j: int) -> bool:
    """Is the text around tokens[i:j] in capitals (a headline), so that case carries nothing?"""
    for k in (i - 1, j):
        if 0 <= k < len(tokens.raws):
            raw = tokens.raws[k]
            if sum(c.isalpha() for c in raw) >= 2 and raw.isupper():
                return True
    return False


class ActorLexicon:
    """The compiled actor lexicon. Build with :func:`load_actor_lexicon` (cached)."""

    def __init__(
        self,
        names: dict[str, Any],
        roles: dict[str, Any],
        periods: Mapping[str, tuple[_Period, ...]],
        counts: Mapping[str, int],
        known_codes: frozenset[str],
        leaders: dict[str, Any] | None = None,
        foreign_words: frozenset[str] = frozenset(),
        facilities: frozenset[str] = frozenset(),
    ) -> None:
        self._names = names
        self._facilities = facilities  # roles.yaml: facilities
        # Words of group names that are no English word ("shabaab", "haram"): after a
        # capitalised first word they match in any case ("Al shabaab", "Boko haram"), while
        # "Lebanese forces" stays the army and not the party.
        self._foreign_words = foreign_words
        self._roles = roles
        self._periods = periods
        self._leaders = leaders or {}
        self.counts = dict(counts)
        self.known_codes = known_codes  # every code a mention can reduce to (ISO3s, group ids)

    # --- public API ----------------------------------------------------------------------

    def find(self, text: str, on: date, offset: int = 0) -> list[ActorMention]:
        """All actor mentions in ``text``, left to right, non-overlapping, longest first.

        ``on`` is the date the text speaks about (the publication date), which decides
        time-bound roles. Spans are shifted by ``offset`` so they index the whole document when
        ``text`` is one of its sentences.
        """
        tokens = _Tokens(text)
        n = len(tokens.raws)
        out: list[ActorMention] = []
        covered = 0  # tokens before this index belong to emitted mentions
        i = 0
        while i < n:
            named = self._match_name(tokens, i)
            led = (
                self._match_leader(tokens, i, on, covered)
                if tokens.folds[i] in self._leaders
                else None
            )
            if led is not None and (named is None or led[0] > named[0]):
                mention, i = self._leader_mention(text, tokens, i, led[0], led[1], on, offset)
                out.append(mention)
                covered = i
                continue
            if named is not None:
                end, entry = named
                if (
                    entry is None
                    or self._in_compound(tokens, i, end)
                    or self._opposing_forces(tokens, i, end)
                    or (entry.source == "demonym" and end < n and tokens.folds[end] in _ORIGINS)
                    or self._names_a_facility(tokens, end)
                ):
                    # a blocked phrase ("Latin America" is not the USA), or a name inside a
                    # hyphenated name of its own ("Rabat-e Sangi" is no Moroccan speaker)
                    i = end
                    continue
                mention, i = self._anchored(text, tokens, i, end, entry, on, offset)
                out.append(mention)
                covered = i
                continue
            acronym = self._acronym_group(text, tokens, i, offset)
            if acronym is not None:
                mention, i = acronym
                out.append(mention)
                covered = i
                continue
            if tokens.folds[i] in self._roles and not self._inside_proper_name(tokens, i):
                found = self._unanchored(text, tokens, i, on, offset)
                if found is not None:
                    mention, i = found
                    out.append(mention)
                    covered = i
                    continue
            i += 1
        return out

    def title_words(self) -> frozenset[str]:
        """The last words of the titles that may take a personal name ("minister",
        "commissioner", "citizen"): in caseless text, what follows one may be a name."""
        found: set[str] = set()
        stack: list[tuple[str, Mapping[str, Any]]] = [("", self._roles)]
        while stack:
            word, node = stack.pop()
            for key, child in node.items():
                if key == _END:
                    if child.title:
                        found.add(word)
                else:
                    stack.append((key, child))
        return frozenset(found)

    def written_names(self) -> Iterator[str]:
        """Every alias of a state, group, IGO or leader as the data files write it, its words
        joined by spaces (hyphens dropped): what case restoration knows to be a name."""
        for trie in (self._names, self._leaders):
            stack: list[Mapping[str, Any]] = [trie]
            while stack:
                node = stack.pop()
                for key, child in node.items():
                    if key == _END:
                        for leaf in child:
                            yield " ".join(leaf[0])
                    else:
                        stack.append(child)

    @staticmethod
    def _inside_proper_name(tokens: _Tokens, i: int) -> bool:
        """Is a capitalised role word part of a name ("Qin Gang"), not an institution?"""
        if i == 0 or not tokens.raws[i][0].isupper():
            return False
        prev = tokens.raws[i - 1]
        return (
            prev[0].isupper()
            and prev[0].isalpha()
            and tokens.folds[i - 1] not in _NAME_STOP
            and not (len(prev) > 1 and prev.isupper())  # "RSF Police" is not a name
        )

    def _acronym_group(
        self, text: str, tokens: _Tokens, i: int, offset: int
    ) -> tuple[ActorMention, int] | None:
        """ "HBDH militants", "CNRD rebels": an acronym no lexicon knows, before a noun for an
        armed group, names that group, whose id is its acronym (the gold rule for groups)."""
        raw = tokens.raws[i]
        if not (
            _MIN_ACRONYM <= len(raw) <= _MAX_ACRONYM
            and raw.isalpha()
            and raw.isupper()
            and i + 1 < len(tokens.raws)
            and tokens.folds[i + 1] in self._roles
            and tokens.folds[i] not in self._names
            and tokens.folds[i] not in _RISKY_ACRONYMS
            and tokens.folds[i] not in _THING_ACRONYMS
            and not (i > 0 and tokens.glued[i])
            and not tokens.glued[i + 1]
            and not _shouting(tokens, i, i + 1)
        ):
            return None
        chain = self._chain(tokens, i + 1)
        if chain is None or not chain.armed or chain.title:
            return None
        start_char, end_char = tokens.starts[i], tokens.ends[chain.end - 1]
        span = Span(start_char + offset, end_char + offset, text[start_char:end_char])
        actor = Actor(code=raw, sector=chain.armed, name=raw, mention=span)
        return ActorMention(span=span, actor=actor, kind="group"), chain.end

    def _opposing_forces(self, tokens: _Tokens, i: int, end: int) -> bool:
        """ "anti-Houthi forces" fight the Houthis: a name after "anti-" before a noun for a
        force names its enemy, not who they are ("an anti-Pakistan protest" still names
        whom the protest is against)."""
        if not (i > 0 and tokens.glued[i] and tokens.folds[i - 1] in _OPPOSING):
            return False
        chain = self._chain(tokens, end) if end < len(tokens.raws) else None
        return chain is not None and (chain.armed is not None or chain.sector in _FORCE_SECTORS)

    def _names_a_facility(self, tokens: _Tokens, end: int) -> bool:
        """Is the name before token ``end`` part of a building's or a street's name ("Al-Fateh
        Hospital", "Hezbollah Street")?"""
        return (
            end < len(tokens.raws)
            and tokens.raws[end][:1].isupper()
            and tokens.folds[end] in self._facilities
        )

    def _in_compound(self, tokens: _Tokens, i: int, end: int) -> bool:
        """Is the name from token i to end one part of a hyphenated name ("Rabat-e")?"""

        def joins_a_name(k: int) -> bool:
            return names_compound(tokens.raws[k], lambda _part: tokens.folds[k] in self._names)

        before = i > 0 and tokens.glued[i] and joins_a_name(i - 1)
        after = end < len(tokens.raws) and tokens.glued[end] and joins_a_name(end)
        return before or after

    def lookup(self, name: str, on: date) -> Actor | None:
        """The actor that exactly ``name`` denotes ("Pakistani Taliban", "Pakistan's army")."""
        stripped = name.strip()
        mentions = self.find(stripped, on)
        if len(mentions) == 1 and mentions[0].span.text == stripped:
            return mentions[0].actor
        return None

    # --- matching ------------------------------------------------------------------------

    def _match_name(self, tokens: _Tokens, i: int) -> tuple[int, _Entry | None] | None:
        """The longest alias starting at token i whose capitalisation the text honours."""
        node = self._names.get(tokens.folds[i])
        if node is None:
            return None
        best: tuple[int, _Entry | None] | None = None
        k = i + 1
        n = len(tokens.folds)
        while True:
            for alias, entry in node.get(_END, ()):
                if all(
                    _case_ok(a, t) or (n > 0 and a.casefold() in self._foreign_words)
                    for n, (a, t) in enumerate(zip(alias, tokens.raws[i:k], strict=True))
                ):
                    if (
                        k - i == 1
                        and alias[0].isupper()
                        and alias[0].casefold() in _RISKY_ACRONYMS
                        and _shouting(tokens, i, k)
                    ):
                        continue
                    best = (k, entry)
                    break
            if k >= n:
                break
            node = node.get(tokens.folds[k])
            if node is None:
                break
            k += 1
        return best

    def _match_leader(
        self, tokens: _Tokens, i: int, on: date, covered: int
    ) -> tuple[int, _Leader] | None:
        """The longest leader's name at token i that is in office on ``on`` and stands alone.

        A name is refused inside a longer capitalised name: after a capitalised word that is
        not part of an earlier mention ("Hunter Biden", "Jill Biden") or before one that goes on
        with it ("Trump Tower", "Xi Jinping Thought"), unless that word is a role word ("Biden
        administration") or cannot be part of a name ("Putin Monday").
        """
        node = self._leaders.get(tokens.folds[i])
        best: tuple[int, _Leader] | None = None
        k = i + 1
        n = len(tokens.folds)
        while node is not None:
            for alias, leader, bare in node.get(_END, ()):
                if (
                    bare
                    and leader.active(on)
                    and all(_case_ok(a, t) for a, t in zip(alias, tokens.raws[i:k], strict=True))
                ):
                    best = (k, leader)
                    break
            if k >= n:
                break
            node = node.get(tokens.folds[k])
            k += 1
        if best is None:
            return None
        end = best[0]
        if i > 0 and i - 1 >= covered and self._name_word(tokens, i - 1):
            fold = tokens.folds[i - 1]
            if fold not in _BEFORE_NAME_OK and fold not in self._roles:
                return None
        if end < n and self._name_word(tokens, end):
            # "Biden Administration" goes on as a chain; "Kenyatta National Hospital" does not
            role = self._match_role(tokens, end)
            if role is None or role[1].modifier or not (role[1].is_noun or role[1].title):
                return None
        if end < n and tokens.glued[end]:
            return None  # "Trump-Vance": part of a compound
        return best

    @staticmethod
    def _name_word(tokens: _Tokens, k: int) -> bool:
        """Could token k belong to a capitalised personal name?"""
        raw = tokens.raws[k]
        return raw[0].isupper() and raw[0].isalpha() and tokens.folds[k] not in _NAME_STOP

    def _leader_named(self, tokens: _Tokens, i: int, j: int, on: date) -> _Leader | None:
        """The leader in office on ``on`` whom exactly tokens[i:j] name after a title.

        Titled-only short forms count here ("Prime Minister Khan"); a longer name whose last
        word is a leader's one-word alias counts too ("President Joseph R. Biden").
        """
        for start in (i, j - 1) if j - i > 1 else (i,):
            node: dict[str, Any] | None = self._leaders
            for k in range(start, j):
                node = node.get(tokens.folds[k]) if node is not None else None
            if node is None:
                continue
            for alias, leader, bare in node.get(_END, ()):
                if start != i and (len(alias) != 1 or not bare):
                    continue
                if leader.active(on) and all(
                    _case_ok(a, t) for a, t in zip(alias, tokens.raws[start:j], strict=True)
                ):
                    return leader
        return None

    def _leader_mention(
        self, text: str, tokens: _Tokens, i: int, end: int, leader: _Leader, on: date, offset: int
    ) -> tuple[ActorMention, int]:
        """A leader's bare name: the person, or the anchor of a chain ("Netanyahu's office")."""
        after = self._after_possessive(tokens, end)
        if after < len(tokens.raws) and self._chain(tokens, after) is not None:
            entry = _Entry(
                leader.code, leader.kind, leader.sector, leader.country, leader.name, "seat"
            )
            mention, chain_end = self._anchored(text, tokens, i, end, entry, on, offset)
            if chain_end > end:
                return mention, chain_end
        start_char, end_char = tokens.starts[i], tokens.ends[end - 1]
        span = Span(start_char + offset, end_char + offset, text[start_char:end_char])
        actor = Actor(
            code=leader.code,
            sector=leader.sector,
            country=leader.country,
            name=leader.name,
            mention=span,
        )
        return ActorMention(span=span, actor=actor, kind="person"), end

    @staticmethod
    def _after_possessive(tokens: _Tokens, end: int) -> int:
        """The token after a name's possessive ("Pakistan's", "Hamas'"), else ``end``."""
        n = len(tokens.raws)
        after = end
        if after < n and tokens.raws[after] == "'" and tokens.starts[after] == tokens.ends[end - 1]:
            if (
                after + 1 < n
                and tokens.folds[after + 1] == "s"
                and tokens.starts[after + 1] == tokens.ends[after]
            ):
                after += 2
            elif tokens.folds[end - 1].endswith("s"):
                after += 1
        return after

    def _match_role(self, tokens: _Tokens, i: int) -> tuple[int, _Role] | None:
        node = self._roles.get(tokens.folds[i]) if i < len(tokens.folds) else None
        best: tuple[int, _Role] | None = None
        k = i + 1
        while node is not None:
            role = node.get(_END)
            if role is not None:
                best = (k, role)
            if k >= len(tokens.folds):
                break
            node = node.get(tokens.folds[k])
            k += 1
        return best

    def _chain(self, tokens: _Tokens, i: int) -> _Chain | None:
        """The longest institution chain from token i that ends on a noun or title."""
        elements: list[_Role] = []
        best: _Chain | None = None
        k = i
        limit = min(len(tokens.folds), i + _MAX_CHAIN_TOKENS)
        while k < limit:
            fold = tokens.folds[k]
            start = k
            if elements and fold in _CONNECTORS:
                start = k + 1
                if fold == "of" and start < limit and tokens.folds[start] == "the":
                    start += 1
            match = self._match_role(tokens, start) if start < limit else None
            if match is None:
                break
            end, role = match
            if start != k and fold == "and" and not self._same_sector(tokens, start, elements):
                # "the army and protesters" are two actors, not one chain
                break
            elements.append(role)
            k = end
            if role.is_noun or role.title:
                best = self._summarise(elements, k)
        return best

    def _same_sector(self, tokens: _Tokens, start: int, elements: list[_Role]) -> bool:
        current = self._sector_of(elements)
        if current is None:
            return True
        k = start
        while k < len(tokens.folds):
            match = self._match_role(tokens, k)
            if match is None:
                return True
            end, role = match
            if not role.modifier or role.is_noun:
                nxt = role.sector or role.armed or role.weak
                return nxt is None or nxt == current
            k = end
        return True

    @staticmethod
    def _sector_of(elements: list[_Role]) -> str | None:
        weak: str | None = None
        for idx, role in enumerate(elements):
            last = idx == len(elements) - 1
            if role.modifier and not last:
                continue  # "justice ministry": justice is a modifier here
            if role.sector or role.armed:
                return role.sector or role.armed
            if weak is None and role.weak:
                weak = role.weak
        return weak

    def _summarise(self, elements: list[_Role], end: int) -> _Chain:
        last = elements[-1]
        armed = None
        for idx, role in enumerate(elements):
            if role.modifier and idx < len(elements) - 1:
                continue
            if role.sector:
                break
            if role.armed:
                armed = role.armed
                break
        standalone = any(
            (r.sector or r.weak or r.armed) and not r.anchored_only and not r.neutral
            for idx, r in enumerate(elements)
            if not (r.modifier and idx < len(elements) - 1)
        )
        return _Chain(
            end=end,
            sector=self._sector_of(elements),
            armed=armed,
            title=last.title or bool(last.weak),
            standalone=standalone,
        )

    def _person_name(self, tokens: _Tokens, i: int) -> int:
        """The end of a capitalised personal name starting at token i (i itself if none)."""
        k = i
        words = 0
        n = len(tokens.raws)
        while k < n and words < _MAX_NAME_WORDS:
            raw = tokens.raws[k]
            fold = tokens.folds[k]
            if raw[0].isupper() and raw[0].isalpha() and fold not in _NAME_STOP:
                named = self._match_name(tokens, k)
                if named is not None and named[1] is not None:
                    # a country or group name ends the person's name, unless more of the name
                    # follows it ("Israel Katz")
                    after = named[0]
                    if not (
                        after < n
                        and tokens.raws[after][0].isupper()
                        and tokens.folds[after] not in _NAME_STOP
                        and self._match_name(tokens, after) is None
                    ):
                        break
                # an initial: "Mohamed H. Dagalo"
                if (
                    len(raw) == 1
                    and k + 1 < n
                    and tokens.raws[k + 1] == "."
                    and tokens.starts[k + 1] == tokens.ends[k]
                ):
                    k += 2
                else:
                    k += 1
                words += 1
                continue
            if words and tokens.glued[k] and raw[0].isalpha():
                k += 1  # "Tsai Ing-wen": a hyphenated part continues the name
                continue
            if words and fold in _NAME_PARTICLES and k + 1 < n and tokens.raws[k + 1][0].isupper():
                k += 1
                continue
            if (
                words
                and raw == "'"
                and k + 1 < n
                and tokens.starts[k] == tokens.ends[k - 1]
                and tokens.starts[k + 1] == tokens.ends[k]
                and tokens.raws[k + 1][0].isupper()
            ):
                k += 1  # "O'Brien"
                continue
            break
        return k if words else i

    def _resolve(self, entry: _Entry, on: date) -> tuple[str, str | None, str | None, MentionKind]:
        """An entry's code, sector, country and kind on a date (time-bound roles applied)."""
        code, sector, country, kind = entry.code, entry.sector, entry.country, entry.kind
        for period in self._periods.get(entry.group_id or "", ()):
            if period.active(on):
                if period.code:
                    code, country, kind = period.code, period.code, "state"
                if period.sector:
                    sector = period.sector
        return code, sector, country, kind

    def _anchored(
        self,
        text: str,
        tokens: _Tokens,
        i: int,
        end: int,
        entry: _Entry,
        on: date,
        offset: int,
    ) -> tuple[ActorMention, int]:
        code, sector, country, kind = self._resolve(entry, on)
        n = len(tokens.raws)
        after = self._after_possessive(tokens, end)  # "Pakistan's", "Hamas'"
        chain = self._chain(tokens, after) if after < n else None
        person_from = end
        if chain is not None:
            end = chain.end
            person_from = end
            if chain.armed and kind == "state":
                if entry.source in ("name", "demonym"):
                    # "Syrian rebels": an unnamed armed group in Syria, never the state
                    kind, code, sector = "group", "", chain.armed
                elif code and kind == "state" and entry.group_id:
                    sector = "MIL"  # a governing group's fighters are its military
            elif kind == "state" or entry.source in ("capital", "seat"):
                if chain.sector:
                    sector = chain.sector
                elif chain.armed:
                    sector = "MIL"
            elif kind == "group" and chain.armed:
                sector = chain.armed  # "Hamas gunmen" are its fighters, whatever Hamas governs
            # otherwise a group or an IGO keeps its own sector whatever noun follows
            title = chain.title
        else:
            title = self._ends_in_title(tokens, i, end)
        name = entry.name
        if title:
            person_end = self._person_name(tokens, person_from)
            if person_end > person_from:
                end = person_end
                kind = "person"
                name = text[tokens.starts[person_from] : tokens.ends[person_end - 1]]
                leader = self._leader_named(tokens, person_from, person_end, on)
                if leader is not None and (leader.code == code or not code):
                    # "Kenyan President Ruto", "Syrian rebel leader Abu Mohammed al-Julani"
                    name = leader.name
                    if not code:
                        code, country = leader.code, leader.country
        start_char, end_char = tokens.starts[i], tokens.ends[end - 1]
        span = Span(start_char + offset, end_char + offset, text[start_char:end_char])
        actor = Actor(code=code, sector=sector, country=country, name=name, mention=span)
        return ActorMention(span=span, actor=actor, kind=kind), end

    def _ends_in_title(self, tokens: _Tokens, i: int, end: int) -> bool:
        """Does a name's alias end in a title ("U.N. Secretary-General", "UN aid chief")?"""
        for k in range(i, end):
            match = self._match_role(tokens, k)
            if match is not None and match[0] == end and (match[1].title or match[1].weak):
                return True
        return False

    def _unanchored(
        self, text: str, tokens: _Tokens, i: int, on: date, offset: int
    ) -> tuple[ActorMention, int] | None:
        chain = self._chain(tokens, i)
        if chain is None:
            return None
        end = chain.end
        n = len(tokens.raws)
        # "the foreign ministry of Iran": the name after "of" anchors the chain
        k = end
        if k < n and tokens.folds[k] == "of":
            k += 1
            if k < n and tokens.folds[k] == "the":
                k += 1
            named = self._match_name(tokens, k) if k < n else None
            if named is not None and named[1] is not None and named[1].source != "demonym":
                anchor, anchor_end = self._anchored(text, tokens, k, named[0], named[1], on, offset)
                actor = anchor.actor
                kind = anchor.kind
                if anchor_end == named[0]:
                    # the anchor had no chain of its own, so the chain before "of" says what
                    # part of it this is: "the army of Sudan" is SDN/MIL
                    if chain.armed and named[1].source == "name" and kind == "state":
                        # "rebels of Syria" are not the Syrian state
                        actor = Actor(code="", sector=chain.armed, country=actor.country)
                        kind = "group"
                    elif kind == "state" and named[1].source in ("name", "capital", "seat"):
                        actor = replace(
                            actor, sector=chain.sector or ("MIL" if chain.armed else actor.sector)
                        )
                start_char = tokens.starts[i]
                end_char = anchor.span.end - offset
                span = Span(start_char + offset, end_char + offset, text[start_char:end_char])
                actor = replace(actor, mention=span)
                return ActorMention(span=span, actor=actor, kind=kind), anchor_end
        kind: MentionKind = "generic"
        name: str | None = None
        code = ""
        country: str | None = None
        if chain.title:
            person_end = self._person_name(tokens, end)
            if person_end > end:
                name = text[tokens.starts[end] : tokens.ends[person_end - 1]]
                # "President Vladimir Putin": a leader in office codes the title's mention,
                # but a "former president" is no longer what the leader table says
                leader = self._leader_named(tokens, end, person_end, on)
                if leader is not None and chain.sector != "ELI":
                    name, code, country = leader.name, leader.code, leader.country
                end = person_end
                kind = "person"
        if kind == "generic" and (
            not chain.standalone or (i > 0 and tokens.folds[i - 1] in UNSPECIFIC_QUANTIFIERS)
        ):
            return None
        start_char, end_char = tokens.starts[i], tokens.ends[end - 1]
        span = Span(start_char + offset, end_char + offset, text[start_char:end_char])
        sector = chain.armed or chain.sector
        actor = Actor(code=code, sector=sector, country=country, name=name, mention=span)
        return ActorMention(span=span, actor=actor, kind=kind), end


# --- loading and validation ------------------------------------------------------------------


def _fail(path: Path, detail: str) -> EventcoderError:
    return EventcoderError(ErrorCode.E050, path=str(path), detail=detail)


def _read(path: Path) -> dict[str, Any]:
    try:
        # The C loader is ~20x faster than the pure-Python one; fall back where it is absent.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: a date like 2000-13-01
        raise _fail(path, str(exc).replace("\n", " ")) from exc
    if not isinstance(data, dict):
        raise _fail(path, "the top level must be a mapping")
    return data


def _str_list(path: Path, where: str, value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, f"{where} must be a list of non-empty strings")
    return value


def _sector(path: Path, where: str, value: object) -> str | None:
    if value is None:
        return None
    if value not in SECTORS:
        raise _fail(path, f"{where}: unknown sector {value!r}")
    return str(value)


@cache
def _iso3_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | EXTRA_STATE_CODES


class _NameIndex:
    """Builds the name trie and checks that no alias names two different actors."""

    def __init__(self) -> None:
        self.trie: dict[str, Any] = {}
        self.owner: dict[tuple[str, ...], tuple[str, Path]] = {}

    def add(self, path: Path, alias: str, entry: _Entry | None) -> None:
        tokens = _alias_tokens(alias)
        if not tokens:
            raise _fail(path, f"alias {alias!r} has no words")
        code = entry.code if entry is not None else "<blocked>"
        previous = self.owner.get(tokens)
        if previous is not None and previous[0] != code:
            raise _fail(path, f"alias {alias!r} names both {previous[0]} and {code}")
        if previous is not None:
            return  # the same name twice for one actor: keep the first (most specific) entry
        self.owner[tokens] = (code, path)
        node = self.trie
        for tok in tokens:
            node = node.setdefault(tok.casefold(), {})
        node.setdefault(_END, []).append((tokens, entry))


def _load_states(index: _NameIndex, path: Path) -> int:
    data = _read(path)
    states = data.get("states")
    if not isinstance(states, list) or not states:
        raise _fail(path, "'states' must be a non-empty list")
    codes = _iso3_codes()
    seen: set[str] = set()
    for row in states:
        if not isinstance(row, dict):
            raise _fail(path, f"a state must be a mapping, got {row!r}")
        iso3 = row.get("iso3")
        if iso3 not in codes:
            raise _fail(path, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        if iso3 in seen:
            raise _fail(path, f"{iso3} is listed twice")
        seen.add(iso3)
        name = row.get("name")
        if not isinstance(name, str) or not name:
            raise _fail(path, f"{iso3}: missing name")
        part_of = row.get("part_of")
        if part_of is not None and part_of not in codes:
            raise _fail(path, f"{iso3}: part_of {part_of!r} is not an ISO code")
        code = part_of or iso3
        for alias in [name, *_str_list(path, f"{iso3}.aliases", row.get("aliases"))]:
            index.add(path, alias, _Entry(code, "state", None, code, name, "name"))
        for alias in _str_list(path, f"{iso3}.demonyms", row.get("demonyms")):
            index.add(path, alias, _Entry(code, "state", None, code, name, "demonym"))
        for alias in _str_list(path, f"{iso3}.capitals", row.get("capitals")):
            index.add(path, alias, _Entry(code, "state", "GOV", code, name, "capital"))
        seats = row.get("seats") or {}
        if not isinstance(seats, dict):
            raise _fail(path, f"{iso3}.seats must be a mapping of building to sector")
        for seat, sector in seats.items():
            sec = _sector(path, f"{iso3}.seats.{seat}", sector)
            index.add(path, str(seat), _Entry(code, "state", sec, code, name, "seat"))
    for phrase in _str_list(path, "blocked", data.get("blocked")):
        index.add(path, phrase, None)
    return len(states)


def _load_groups(
    index: _NameIndex, path: Path
) -> tuple[int, int, dict[str, tuple[str, MentionKind, str | None]]]:
    """Load groups and IGOs; returns their counts and, by id, (code, kind, country)."""
    data = _read(path)
    codes = _iso3_codes()
    ids: dict[str, tuple[str, MentionKind, str | None]] = {}
    counts = {"groups": 0, "igos": 0}
    for section, kind in (("groups", "group"), ("igos", "igo")):
        rows = data.get(section)
        if not isinstance(rows, list) or not rows:
            raise _fail(path, f"{section!r} must be a non-empty list")
        for row in rows:
            if not isinstance(row, dict):
                raise _fail(path, f"an entry of {section} must be a mapping, got {row!r}")
            gid = row.get("id")
            if not isinstance(gid, str) or not re.fullmatch(r"[A-Z0-9_]+", gid):
                raise _fail(path, f"id {gid!r} must be capitals, digits and underscores")
            if gid in ids:
                raise _fail(path, f"id {gid} is listed twice")
            name = row.get("name")
            if not isinstance(name, str) or not name:
                raise _fail(path, f"{gid}: missing name")
            country = row.get("country")
            if country is not None and country not in codes:
                raise _fail(path, f"{gid}: country {country!r} is not an ISO code")
            default_sector = "IGO" if kind == "igo" else None
            sector = _sector(path, f"{gid}.sector", row.get("sector", default_sector))
            if sector is None:
                raise _fail(path, f"{gid}: missing sector")
            code = row.get("code") or gid
            if not isinstance(code, str):
                raise _fail(path, f"{gid}: code must be a string")
            entry_kind: MentionKind = kind  # type: ignore[assignment]
            if code in codes:
                entry_kind = "state"  # a state's own named institution: the IRGC is Iran
            aliases = _str_list(path, f"{gid}.aliases", row.get("aliases"))
            if not aliases:
                raise _fail(path, f"{gid}: no aliases")
            if "_" not in gid and not gid.isdigit():
                aliases = [*aliases, gid]
            source: Literal["group", "igo"] = "igo" if kind == "igo" else "group"
            entry = _Entry(code, entry_kind, sector, country, name, source, gid)
            ids[gid] = (code, entry_kind, code if entry_kind == "state" else country)
            for alias in aliases:
                index.add(path, alias, entry)
            counts[section] += 1
    return counts["groups"], counts["igos"], ids


def _load_roles(
    path: Path, group_ids: Mapping[str, object]
) -> tuple[dict[str, Any], dict[str, tuple]]:
    data = _read(path)
    inst = data.get("institutions")
    if not isinstance(inst, dict):
        raise _fail(path, "'institutions' must be a mapping")
    roles: dict[str, dict[str, Any]] = {}

    def merge(phrase: str, **changes: Any) -> None:
        tokens = tuple(t.casefold() for t in _alias_tokens(phrase))
        if not tokens:
            raise _fail(path, f"role word {phrase!r} has no words")
        key = " ".join(tokens)
        roles.setdefault(key, {}).update(changes)

    for section, field in (("nouns", "sector"), ("titles", "sector"), ("weak", "weak")):
        table = inst.get(section)
        if not isinstance(table, dict):
            raise _fail(path, f"institutions.{section} must map sectors to word lists")
        for sector, words in table.items():
            sec = _sector(path, f"institutions.{section}", sector)
            for word in _str_list(path, f"institutions.{section}.{sector}", words):
                if section == "titles":
                    merge(word, sector=sec, title=True)
                else:
                    merge(word, **{field: sec})
    armed = inst.get("armed")
    if not isinstance(armed, dict):
        raise _fail(path, "institutions.armed must map sectors to word lists")
    for sector, words in armed.items():
        sec = _sector(path, "institutions.armed", sector)
        for word in _str_list(path, f"institutions.armed.{sector}", words):
            merge(word, armed=sec)
    for section, flag in (
        ("neutral", "neutral"),
        ("modifiers", "modifier"),
        ("anchored_only", "anchored_only"),
    ):
        for word in _str_list(path, f"institutions.{section}", inst.get(section)):
            merge(word, **{flag: True})

    trie: dict[str, Any] = {}
    for key, fields in roles.items():
        node = trie
        for tok in key.split(" "):
            node = node.setdefault(tok, {})
        node[_END] = _Role(**fields)

    periods: dict[str, list[_Period]] = {}
    for row in data.get("periods") or []:
        if not isinstance(row, dict) or row.get("actor") not in group_ids:
            raise _fail(path, f"period {row!r} must name a group id from groups.yaml")
        start, end = row.get("from"), row.get("to")
        for bound in (start, end):
            if bound is not None and not isinstance(bound, date):
                raise _fail(path, f"period {row!r}: dates must be YYYY-MM-DD")
        if start and end and end < start:
            raise _fail(path, f"period {row!r} ends before it starts")
        code = row.get("code")
        if code is not None and code not in _iso3_codes():
            raise _fail(path, f"period {row!r}: code must be an ISO3 state code")
        sector = _sector(path, f"period of {row['actor']}", row.get("sector"))
        if code is None and sector is None:
            raise _fail(path, f"period {row!r} changes nothing")
        periods.setdefault(row["actor"], []).append(_Period(row["actor"], code, sector, start, end))
    return trie, {k: tuple(v) for k, v in periods.items()}


_FOLD_EXTRA = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss"})


def _ascii_fold(text: str) -> str:
    """A name without its diacritics ("Erdoğan" -> "Erdogan"), for texts that drop them."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _date_field(path: Path, who: str, row: Mapping[str, Any], key: str) -> date | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _fail(path, f"{who}: {key} {value!r} must be a date YYYY-MM-DD")
    return value


_LEADER_FIELDS = frozenset({"name", "aliases", "titled", "code", "sector", "role", "start", "end"})


def _load_leaders(
    path: Path,
    groups: Mapping[str, tuple[str, MentionKind, str | None]],
    taken: Iterable[tuple[str, ...]],
) -> tuple[dict[str, Any], int, int]:
    """Load ``leaders.yaml`` into a token trie of (alias tokens, term, bare?) leaves.

    Returns the trie, the number of terms and the number of distinct people. Refused (E050): an
    unknown code or sector, a missing or malformed date, a term that ends before it starts, a
    bare one-word alias that is a common surname, an alias that is a state's or group's name,
    and one name given to two actors with overlapping terms.
    """
    data = _read(path)
    rows = data.get("leaders")
    if not isinstance(rows, list) or not rows:
        raise _fail(path, "'leaders' must be a non-empty list")
    states = _iso3_codes()
    names_taken = {tuple(t.casefold() for t in key) for key in taken}
    by_key: dict[tuple[str, ...], list[tuple[tuple[str, ...], _Leader, bool]]] = {}
    people: set[str] = set()
    for row in rows:
        if not isinstance(row, dict):
            raise _fail(path, f"a leader must be a mapping, got {row!r}")
        name = row.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _fail(path, f"leader {row!r}: missing name")
        unknown = set(row) - _LEADER_FIELDS
        if unknown:  # often a comma inside a flow mapping's value: "role: a, b"
            raise _fail(path, f"{name}: unknown fields {sorted(map(str, unknown))}")
        code = row.get("code")
        if code in states:
            kind: MentionKind = "state"
            country: str | None = code
        elif isinstance(code, str) and code in groups:
            code, kind, country = groups[code]
        else:
            raise _fail(path, f"{name}: unknown code {code!r} (not an ISO3 code or a group id)")
        sector = _sector(path, f"{name}.sector", row.get("sector"))
        if sector is None:
            raise _fail(path, f"{name}: missing sector")
        role = row.get("role")
        if not isinstance(role, str) or not role.strip():
            raise _fail(path, f"{name}: missing role")
        start = _date_field(path, name, row, "start")
        if start is None:
            raise _fail(path, f"{name}: missing start date")
        end = _date_field(path, name, row, "end")
        if end is not None and end < start:
            raise _fail(path, f"{name}: term ends ({end}) before it starts ({start})")
        leader = _Leader(name, str(code), kind, sector, country, role, start, end)
        people.add(name)
        forms = {a: True for a in [name, *_str_list(path, f"{name}.aliases", row.get("aliases"))]}
        for alias in _str_list(path, f"{name}.titled", row.get("titled")):
            forms.setdefault(alias, False)
        for alias, bare in forms.items():
            for variant in dict.fromkeys((alias, _ascii_fold(alias))):
                tokens = _alias_tokens(variant)
                if not tokens:
                    raise _fail(path, f"{name}: alias {alias!r} has no words")
                key = tuple(t.casefold() for t in tokens)
                if bare and len(key) == 1 and key[0] in _AMBIGUOUS_SURNAMES:
                    raise _fail(
                        path,
                        f"{name}: {alias!r} is too common a name to stand alone; "
                        "list it under 'titled'",
                    )
                if key in names_taken:
                    raise _fail(path, f"{name}: alias {alias!r} is a state's or group's name")
                leaves = by_key.setdefault(key, [])
                for _, other, _ in leaves:
                    if (
                        other.code != leader.code
                        and other.name != leader.name  # one person: a handover day
                        and other.start <= (end or date.max)
                        and start <= (other.end or date.max)
                    ):
                        raise _fail(
                            path,
                            f"alias {alias!r} names both {other.name} ({other.code}) and "
                            f"{name} ({leader.code}) at the same time",
                        )
                leaves.append((tokens, leader, bare))
    trie: dict[str, Any] = {}
    for key, leaves in by_key.items():
        node = trie
        for tok in key:
            node = node.setdefault(tok, {})
        node[_END] = tuple(leaves)
    return trie, len(rows), len(people)


def build_actor_lexicon(
    states: Path = STATES_PATH,
    groups: Path = GROUPS_PATH,
    roles: Path = ROLES_PATH,
    leaders: Path | None = LEADERS_PATH,
    english: EnglishWords | None = None,
) -> ActorLexicon:
    """Load, validate and compile the actor files (uncached; for tests and tools).

    ``leaders=None`` builds the lexicon without the leader table. ``english`` lets group
    names' non-English words match in lower case after their first word.
    """
    index = _NameIndex()
    n_states = _load_states(index, states)
    n_groups, n_igos, ids = _load_groups(index, groups)
    role_trie, periods = _load_roles(roles, ids)
    facilities = frozenset(
        word.casefold() for word in _str_list(roles, "facilities", _read(roles).get("facilities"))
    )
    leader_trie: dict[str, Any] = {}
    n_terms = n_people = 0
    if leaders is not None:
        leader_trie, n_terms, n_people = _load_leaders(leaders, ids, index.owner)
    counts = {
        "states": n_states,
        "groups": n_groups,
        "igos": n_igos,
        "aliases": len(index.owner),
        "role_words": _count_leaves(role_trie),
        "leader_terms": n_terms,
        "leaders": n_people,
    }
    known = frozenset(code for code, _ in index.owner.values() if code != "<blocked>")
    foreign = frozenset()
    if english is not None:
        foreign = frozenset(
            word.casefold()
            for tokens, (_code, source) in index.owner.items()
            if source == groups
            for word in tokens[1:]
            if word[:1].isupper()
            and word.isalpha()
            and len(word) >= 4
            and not english.is_word(word.casefold())
        )
    return ActorLexicon(
        index.trie, role_trie, periods, counts, known, leader_trie, foreign, facilities
    )


def _count_leaves(trie: Mapping[str, Any]) -> int:
    total = 0
    stack: list[Mapping[str, Any]] = [trie]
    while stack:
        node = stack.pop()
        for key, child in node.items():
            if key == _END:
                total += 1
            else:
                stack.append(child)
    return total


@cache
def load_actor_lexicon() -> ActorLexicon:
    """The packaged actor lexicon, loaded once per process, with the parser's English words
    to tell group names' own words from English ones."""
    return build_actor_lexicon(english=EnglishWords.load(()))


def codes(mentions: Iterable[ActorMention]) -> list[str]:
    """The non-empty codes of some mentions, in order (a convenience for callers and tests)."""
    return [m.actor.code for m in mentions if m.actor.code]


__all__ = [
    "ActorLexicon",
    "build_actor_lexicon",
    "codes",
    "load_actor_lexicon",
]
