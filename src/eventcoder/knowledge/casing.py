"""Case restoration for text that carries none: lower-case crawls, all-capitals wires, headlines.

spaCy's small English model reads capitals as evidence of names, sentence starts and entities;
on ``police arrested 23 persons in ahmedabad on sunday`` it finds no place, no date and often no
sentence boundary, and the actor lexicon (which honours an alias's capitals) finds nothing. The
restorer gives such a paragraph back the case an editor would have written, from knowledge, not
from a model:

- every name the project knows: states, demonyms, capitals, armed groups, IGOs (their acronyms
  in capitals), leaders, and GeoNames places that are not also common English words (the
  gazetteer's own common-word list guards "police", "deal", "split");
- weekdays, and months (``may`` and ``march`` only beside a number: "on may 5", "5 march");
- dotted abbreviations ("u.s." → "U.S."), the pronoun "I", and every sentence's first letter.

Only letters change case and only where the restored character has the same length, so every
character offset into the restored text is an offset into the input: evidence spans stay
auditable against what the user gave. A paragraph is restored only when it has no case to read:
almost no capitals (a crawl), or almost all capitals (a wire headline). Ordinary text passes
through untouched.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal, cast

from eventcoder.knowledge.calendar_words import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAYS

CaseMode = Literal["lower", "upper"]
CASING_FILE = "casing.yaml"
CASING_LISTS = ("not_names", "abbreviations", "word_months", "honorifics")

MIN_LETTERS = 12
"""A paragraph this short ("Mail", "AP") tells nothing about the text's case."""
LOWER_CASE_SHARE = 0.015
"""Below this share of capital letters a paragraph is a caseless crawl (news prose has 3-5 %)."""
UPPER_CASE_SHARE = 0.85
"""Above this share of capital letters a paragraph is shouted: a wire slug or headline."""
MAX_NAME_WORDS = 6
_MAX_PERSON_WORDS = 4
"""At most this many words after a title are a personal name ("v n deshmukh")."""
_MIN_REPEATED_NAME = 3
"""A name's word this long is capitalised wherever the story repeats it (never an initial)."""


# Every month's name starts with its abbreviation, but May's is the name itself.
_MONTH_WORD = rf"(?:{'|'.join(sorted(MONTH_ABBREVIATIONS | {'may'}))})[a-z]*\.?"
_DATELINE = re.compile(
    rf"(?P<place>[a-z][a-z'’-]*(?: [a-z][a-z'’-]*){{0,3}})"
    rf"(?:, (?P<country>[a-z][a-z'’-]*(?: (?:of |the |and )?[a-z][a-z'’-]*){{0,3}}))?"
    rf"(?:, (?:{_MONTH_WORD} \d{{1,2}}|\d{{1,2}} {_MONTH_WORD}))?"
    r"\s*(?P<agency>\([a-z][\w&.'’ /-]{0,40}\))?\s*(?:--?|–|—|:)\s"
)
_WORD = re.compile(r"[^\W_]+")
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_I = re.compile(r"(?<![\w'’])i(?=\s|['’](?:m|ve|ll|d)\b)")


def case_mode(paragraph: str) -> CaseMode | None:
    """Whether a paragraph lacks case information, and which kind it has instead."""
    upper = lower = 0
    for ch in paragraph:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    letters = upper + lower
    if letters < MIN_LETTERS:
        return None
    share = upper / letters
    if share < LOWER_CASE_SHARE:
        return "lower"
    if share > UPPER_CASE_SHARE:
        return "upper"
    return None


@dataclass(frozen=True, slots=True)
class CaseRestorer:
    """Restores case from a name table: lower-cased word tuples → their written forms."""

    names: dict[str, dict[tuple[str, ...], tuple[str, ...]]]
    """First lower-case word → {all the name's lower-case words: the name's written words}."""
    word_months: frozenset[str]
    """Months that are English words ("may"): capitalised only beside a number ("may 5")."""
    abbreviation: re.Pattern[str]
    """Text ending in an abbreviation whose full stop ends no sentence ("u.s.", "mr.")."""
    titles: frozenset[str] = frozenset()
    """Words a personal name may follow ("minister", "commissioner", "mr")."""
    is_word: Callable[[str], bool] = lambda _word: True
    """Whether a lower-case word is English (a lemma, a form of one, a function word)."""
    not_in_names: frozenset[str] = frozenset()
    """Words never inside a personal name: function words, verbs, adjectives, adverbs."""

    def restore(self, text: str) -> str:
        """``text`` with every caseless paragraph restored; same length, same offsets."""
        paragraphs = text.split("\n")
        caseless = [case_mode(paragraph) is not None for paragraph in paragraphs]
        if not any(caseless):
            return text
        # "german citizen rico krieger ... krieger had been sentenced": a name told after a
        # title is a name there, and wherever the story repeats it.
        titled = [
            frozenset(w for name in self._titled_names(_lowered(paragraph)) for w in name)
            if restore
            else frozenset()
            for paragraph, restore in zip(paragraphs, caseless, strict=True)
        ]
        people = frozenset(w for words in titled for w in words if len(w) >= _MIN_REPEATED_NAME)
        chars = list(text)
        start = 0
        for paragraph, restore, named in zip(paragraphs, caseless, titled, strict=True):
            if restore:
                restored = self.restore_paragraph(paragraph, people | named)
                chars[start : start + len(paragraph)] = restored
            start += len(paragraph) + 1
        return "".join(chars)

    def _titled_names(self, lowered: str) -> Iterator[tuple[str, ...]]:
        """The words after a title that no lexicon knows and English does not have: a person's
        name ("commissioner v n deshmukh", "citizen rico krieger", "mr singh")."""
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
        for k, (_, end, word) in enumerate(words):
            if word not in self.titles:
                continue
            run: list[str] = []
            previous_end = end
            for start, stop, following in words[k + 1 : k + 1 + _MAX_PERSON_WORDS]:
                if lowered[previous_end:start] not in (" ", ". ") or not self._may_name(following):
                    break
                run.append(following)
                previous_end = stop
            # A name ends in a word English does not have: "rico krieger", never "rico".
            while run and not self._unknown(run[-1]):
                run.pop()
            if run:
                yield tuple(run)

    def _may_name(self, word: str) -> bool:
        """An initial ("v n deshmukh"), or any word but a verb, adjective, adverb or function
        word ("rico" is a noun too)."""
        if not word.isalpha():
            return False
        if len(word) == 1:
            return word not in ("a", "i")
        return word not in self.not_in_names

    def _unknown(self, word: str) -> bool:
        return len(word) > 1 and word not in self.names and not self.is_word(word)

    def restore_paragraph(self, paragraph: str, people: frozenset[str] = frozenset()) -> str:
        """One caseless paragraph, lower-cased and then given its names' and sentences' case;
        ``people`` are the words of personal names told after a title (``_titled_names``)."""
        lowered = _lowered(paragraph)
        chars = list(lowered)
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
        for start, _, word in words:
            if word in people:
                chars[start] = _upper_same_length(chars[start])
        i = 0
        while i < len(words):
            found = self._name_at(words, i, lowered)
            if found is None:
                i += 1
                continue
            written, length = found
            for (start, end, _), form in zip(words[i : i + length], written, strict=True):
                _apply(chars, start, end, form)
            i += length
        for k, (start, end, word) in enumerate(words):
            if (word in self.word_months or word in MONTH_ABBREVIATIONS) and _beside_number(
                words, k, lowered
            ):
                _apply(chars, start, end, word.capitalize())
        for match in _DOTTED.finditer(lowered):
            _apply(chars, match.start(), match.end(), match.group().upper())
        for match in _I.finditer(lowered):
            _apply(chars, match.start(), match.end(), "I")
        for offset in _sentence_starts(lowered, self.abbreviation):
            chars[offset] = _upper_same_length(chars[offset])
        self._restore_dateline(chars, lowered, words)
        return "".join(chars)

    def _restore_dateline(
        self, chars: list[str], lowered: str, words: list[tuple[int, int, str]]
    ) -> None:
        """ "baroda: curfew was clamped", "mexico city, feb 28 (wire) - ...": a paragraph
        opening with a known place and a dash or colon is a dateline, written as wires write
        it (the place in capitals, the agency capitalised) so the structure stage reads it."""
        match = _DATELINE.match(lowered)
        if match is None:
            return
        place_words = [w for w in words if w[1] <= match.end("place")]
        found = self._name_at(words, 0, lowered) if words else None
        if found is None or found[1] != len(place_words):
            return
        if match["country"] is not None:
            # "peshawar, pakistan, feb 20 (reuters) -": the place's country, a name too
            country_words = [
                w for w in words if match.start("country") <= w[0] and w[1] <= match.end("country")
            ]
            named = self._name_at(words, len(place_words), lowered)
            if named is None or named[1] != len(country_words):
                return
        for k in range(match.start("place"), match.end("place")):
            chars[k] = _upper_same_length(chars[k])
        if match["agency"]:
            chars[match.start("agency") + 1] = _upper_same_length(chars[match.start("agency") + 1])
        if match.end() < len(chars):  # the story's first sentence starts after it
            chars[match.end()] = _upper_same_length(chars[match.end()])

    def _name_at(
        self, words: list[tuple[int, int, str]], i: int, text: str
    ) -> tuple[tuple[str, ...], int] | None:
        table = self.names.get(words[i][2])
        if table is None:
            return None
        for length in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
            run = words[i : i + length]
            if any(_gap(text, a[1], b[0]) for a, b in itertools.pairwise(run)):
                continue  # a name's words stand together: "gaza city", not "gaza. city"
            written = table.get(tuple(w for _, _, w in run))
            if written is not None:
                return written, length
        return None


def _acronym(word: str) -> bool:
    """ "RSF", "LeT", "ISIL": capitals after the first letter, as words are never written."""
    return any(ch.isupper() for ch in word[1:])


def _gap(text: str, end: int, start: int) -> bool:
    between = text[end:start]
    return len(between) > 2 or any(ch not in " -'’." for ch in between)


def _lowered(text: str) -> str:
    return "".join(_lower_same_length(ch) for ch in text)


def _lower_same_length(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _upper_same_length(ch: str) -> str:
    up = ch.upper()
    return up if len(up) == 1 else ch


def _apply(chars: list[str], start: int, end: int, form: str) -> None:
    """Write ``form``'s case onto ``chars[start:end]``, letter by letter where lengths agree,
    else only its first letter's."""
    if len(form) == end - start:
        for k, ch in enumerate(form):
            if ch.isupper():
                chars[start + k] = _upper_same_length(chars[start + k])
    elif form[:1].isupper():
        chars[start] = _upper_same_length(chars[start])


def _beside_number(words: list[tuple[int, int, str]], k: int, text: str) -> bool:
    """ "may 5", "5 march", "oct. 7": a number right before or after (past a full stop)."""
    for j in (k - 1, k + 1):
        if not 0 <= j < len(words) or not words[j][2].isdigit():
            continue
        between = text[min(words[j][1], words[k][1]) : max(words[j][0], words[k][0])]
        if len(between) <= 3 and all(ch in " .," for ch in between):
            return True
    return False


def _sentence_starts(text: str, abbreviation: re.Pattern[str]) -> Iterator[int]:
    """The first letter of the paragraph and of every sentence after a full stop, question or
    exclamation mark (abbreviations such as "u.s." are rare enough in crawls to accept)."""
    positions = [0] + [
        m.end()
        for m in _SENTENCE_END.finditer(text)
        if not abbreviation.search(text, max(0, m.start() - 8), m.end())
    ]
    for position in positions:
        for offset in range(position, min(len(text), position + 4)):
            if text[offset].isalpha():
                yield offset
                break
            if not (text[offset].isspace() or text[offset] in "\"'“‘(["):
                break


def build_case_restorer(
    names: Iterable[str],
    common_words: frozenset[str] = frozenset(),
    *,
    actor_names: Iterable[str] = (),
    stop_words: frozenset[str] = frozenset(),
    english_words: frozenset[str] = frozenset(),
    word_months: frozenset[str] = frozenset({"may", "march"}),
    abbreviations: Iterable[str] = (),
    titles: frozenset[str] = frozenset(),
    is_word: Callable[[str], bool] | None = None,
) -> CaseRestorer:
    """A restorer for written names, as the lexicons spell them ("Khyber Pakhtunkhwa").

    A one-word name is left out when caseless text would mean it as a word:
    - a function word or a word no name means (``stop_words``: "us", "car");
    - an acronym that spells an English verb, adjective or adverb (``english_words``: "let"
      is not Lashkar-e-Taiba's "LeT", "aid" not AID); demonyms are adjectives too, so this
      test is for acronyms only;
    - a place name that is a common word (``common_words``: "police", "deal"). Curated actor
      names (``actor_names``: states, groups, leaders) skip this test, which is about towns:
      "hamas" is a common word in news only because Hamas is.
    Names of several words are always kept.
    """
    table: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {}
    curated = list(dict.fromkeys(actor_names))
    curated_set = set(curated)
    for name in (*curated, *names):
        words = tuple(_WORD.findall(name))
        if not words or not any(w[:1].isupper() for w in words):
            continue
        key = tuple(w.lower() for w in words)
        if len(key) == 1:
            word = key[0]
            if word in stop_words or (_acronym(words[0]) and word in english_words):
                continue
            if word in common_words and name not in curated_set:
                continue
            if len(word) < 3 and not words[0].isupper():
                continue
        slot = table.setdefault(key[0], {})
        slot.setdefault(key, words)
    for day in WEEKDAYS:
        table.setdefault(day, {})[(day,)] = (day.title(),)
    for month in MONTH_NAMES:
        if month not in word_months:
            table.setdefault(month, {})[(month,)] = (month.title(),)
    shortened = "|".join(re.escape(a) for a in abbreviations) or "(?!)"
    abbreviation = re.compile(rf"(?:\b(?:[a-z]\.){{2,}}|\b(?:{shortened})\.)\s+$")
    return CaseRestorer(
        table,
        word_months,
        abbreviation,
        titles,
        is_word if is_word is not None else (lambda _word: True),
        stop_words | english_words,
    )


@cache
def load_case_restorer() -> CaseRestorer:
    """The restorer for the packaged lexicons and gazetteer, built once per process."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from eventcoder.knowledge.actors import load_actor_lexicon
    from eventcoder.knowledge.gazetteer import EnglishWords, load_gazetteer
    from eventcoder.knowledge.lexicon import data_path, read_data_yaml
    from eventcoder.knowledge.words import word_lists
    from eventcoder.stages.parse import load_nlp

    lists = cast(
        dict[str, frozenset[str]],
        word_lists(read_data_yaml(CASING_FILE), CASING_LISTS, data_path(CASING_FILE)),
    )
    gazetteer = load_gazetteer()
    lexicon = load_actor_lexicon()
    # English words other than nouns, from the parser's own WordNet-derived lemma index (its
    # nouns hold proper names too: "china", "gaza"), and function words.
    index = load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    english = frozenset(w for pos in ("verb", "adj", "adv") for w in index[pos])
    return build_case_restorer(
        gazetteer.written_names(small_towns=False),
        gazetteer.common_words,
        actor_names=lexicon.written_names(),
        stop_words=STOP_WORDS | lists["not_names"],
        english_words=english,
        word_months=lists["word_months"],
        # An abbreviated month ("oct. 7") ends no sentence either.
        abbreviations=sorted(lists["abbreviations"] | MONTH_ABBREVIATIONS),
        titles=lexicon.title_words() | lists["honorifics"],
        is_word=EnglishWords.load(gazetteer.common_words).is_word,
    )
