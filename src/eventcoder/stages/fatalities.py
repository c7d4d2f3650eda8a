"""Deaths reported in one sentence: how many, on which side, and where the figure is.

``find_fatalities(sentence, offset=..., side_of=...)`` returns a
:class:`~eventcoder.model.Fatalities` (or None when the sentence reports no deaths);
``find_fatality_report`` adds whether the figure is cumulative ("since the war began", "have been
killed" in the present perfect), which the events stage needs to keep a war's running toll off a
single day's strike.

How a count is tied to a death (rules, not a parser, so it runs on a sentence without spaCy):

- object of a killing verb: "clashes killed *five soldiers and 25 militants*",
  "killing *21 people*";
- subject of a death verb: "*at least 56 civilians* had been killed", "*dozens* were killed",
  "*three of its employees* were killed", "*Several Russian peacekeepers* were also killed";
- before a death noun: "*30* dead", "*five civilian* deaths", "*12* bodies", "claimed *30* lives";
- after "of": "the bodies of *12 migrants*", "the killing of *three journalists*";
- a toll: "the death toll rose to *100* from 50" → 100, the latest figure.

Counts of the wounded, missing, arrested and so on are never deaths: a count only counts when a
death word claims it, and a coordination stops at a wound word ("killing five and wounding 10").
Parentheticals such as ", including 10 civilians," are set aside, so the part is not added to the
whole. Coordinated counts ("five Pakistani soldiers and 25 Pakistani Taliban terrorists") sum to
the total and give ``by_side`` through ``side_of(noun phrase)``; a vague part contributes its
floor. "casualties" is not a death word (it includes the wounded), except in "no casualties", which
is zero deaths.

Choosing among several reports in one sentence: a toll wins (the last toll figure, as the
latest); otherwise distinct reports are summed, and event reports win over cumulative ones.
A lone "him" or "her" after a killing verb is one death ("killing him"). Not handled: singular
victims named by a definite noun ("killed the mayor") and tallies spread over several sentences
(the merge stage keeps the latest).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from eventcoder.knowledge.calendar_words import MONTH_NAMES, WEEKDAYS
from eventcoder.model import Fatalities, Span
from eventcoder.stages.numbers import Atom, Count, match_count, tokenize

__all__ = ["FatalityReport", "find_fatalities", "find_fatality_report"]

SideOf = Callable[[str], str | None]


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True, slots=True)
class FatalityReport:
    """A sentence's deaths, and whether the figure is a running total over a period."""

    fatalities: Fatalities
    cumulative: bool = False
    toll: bool = False  # stated as a (revised) death toll


Role = Literal["after", "before", "noun", "of", "toll"]

# Death words and how a count attaches to each. "after": a killing verb whose object is the count;
# "before": the count is the subject ("five soldiers were killed"); "noun": the count modifies it
# ("30 dead", "five deaths"); "of": "the bodies of 12 migrants"; "toll": the figure follows.
_CUES: tuple[tuple[tuple[str, ...], frozenset[Role]], ...] = tuple(
    sorted(
        (
            (tuple(words.split()), frozenset(roles.split()))  # type: ignore[misc]
            for words, roles in (
                ("killed", "after before"),
                ("killing", "after of"),
                ("kills", "after"),
                ("kill", "after"),
                ("killings", "of"),
                ("murdered", "after before"),
                ("murdering", "after"),
                ("murders", "of"),
                ("murder", "of"),
                ("massacred", "after before"),
                ("massacring", "after"),
                ("massacre", "of"),
                ("slaughtered", "after before"),
                ("slaughtering", "after"),
                ("executed", "after before"),
                ("executing", "after"),
                ("slew", "after"),
                ("slain", "before"),
                ("died", "before"),
                ("die", "before"),
                ("perished", "before"),
                ("dead", "before noun"),
                ("shot dead", "after before"),
                ("shooting dead", "after"),
                ("gunned down", "after before"),
                ("gunning down", "after"),
                ("lost their lives", "before"),
                ("lost their life", "before"),
                ("lost his life", "before"),
                ("lost her life", "before"),
                ("deaths", "noun of"),
                ("death", "of"),
                ("fatalities", "noun"),
                ("bodies", "noun of"),
                ("lives", "noun of"),
                ("death toll", "toll"),
                ("toll", "toll"),
                ("number of dead", "toll"),
                ("number of deaths", "toll"),
                ("number of fatalities", "toll"),
                ("number of people killed", "toll"),
                ("number of those killed", "toll"),
                ("fatality count", "toll"),
                ("body count", "toll"),
            )
        ),
        key=lambda entry: -len(entry[0]),
    )
)
_TRANSITIVE = frozenset(
    ("killed", "murdered", "massacred", "slaughtered", "executed", "shot", "gunned")
)
_WOUND = frozenset(
    (
        "wounded",
        "wounding",
        "injured",
        "injuring",
        "injuries",
        "hurt",
        "harmed",
        "missing",
        "arrested",
        "detained",
        "abducted",
        "kidnapped",
        "displaced",
        "captured",
        "hospitalised",
        "hospitalized",
        "rescued",
        "evacuated",
        "hostage",
        "hostages",
        "casualties",
        "casualty",
        "survivors",
    )
)
_CUE_FIRST_WORDS = frozenset(words[0] for words, _ in _CUES)
_DEATH_WORDS = frozenset(w for words, _ in _CUES for w in words if len(words) == 1) - {"toll"}
# Nouns after which a zero count means nobody died: "no casualties", "no one was hurt".
_ZERO_NOUNS = frozenset(("casualties", "deaths", "fatalities", "dead", "victims"))
_ZERO_VERBS = frozenset(("killed", "died", "dead", "hurt", "injured", "wounded", "harmed"))
# What may stand between a subject and its death verb: "were also reportedly killed".
_GAP = frozenset(
    (
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "also",
        "all",
        "reportedly",
        "later",
        "now",
        "subsequently",
        "confirmed",
        "reported",
        "believed",
        "feared",
        "said",
        "thought",
        "presumed",
        "allegedly",
        "apparently",
        "both",
        "who",
        "that",
        "initially",
        "eventually",
        "ultimately",
        "already",
        "each",
        "to",
        "found",
        "left",
        "declared",
        "pronounced",
        "known",
        "likely",
        "probably",
        "among",
        "those",
        "people",
    )
)
_BE = frozenset(("was", "were", "is", "are", "be", "been", "being"))
_NEGATION = frozenset(("not", "never", "n't", "no"))
# Words that open an object: after them a killing verb is active, so the count before it is the
# killer, not the killed ("two gunmen killed the mayor").
_OBJECT_OPENERS = _wordset("the a an his her their its him them us me our my your this these those")
_NP_STOP = _wordset(
    "and or but nor were was is are be been being had have has will would could may might can "
    "in on at near by from with without during after before since as when while who whom which "
    "that including among to for into across along over under than also all reportedly later "
    "according said says of the a an this last lost their his her its"
)
_OF_DETERMINERS = _wordset("the its their his her our these those whom")
_UNITS = _wordset(
    "year years month months week weeks day days hour hours minute minutes second seconds decade "
    "decades century centuries km kilometres kilometers mile miles metre metres meter meters feet "
    "foot percent times dollars euros pounds tonnes tons kg round rounds"
)
_SEPARATORS: tuple[tuple[str, ...], ...] = ((",", "and"), ("and",), (",",), ("as", "well", "as"))
_FILLERS: tuple[tuple[str, ...], ...] = (
    ("a", "further"),
    ("an", "additional"),
    ("another",),
    ("all",),
    ("only",),
)
_CLAIM_VERBS = _wordset(
    "claimed claiming claim claims cost costing costs took taking takes lost losing"
)
_CUMULATIVE: tuple[tuple[str, ...], ...] = (
    ("since",),
    ("so", "far"),
    ("to", "date"),
    ("in", "total"),
    ("in", "all"),
    ("altogether",),
    ("overall",),
)
_INCLUSION: tuple[tuple[str, ...], ...] = (
    ("including",),
    ("among", "them"),
    ("among", "whom"),
    ("of", "whom"),
    ("most", "of", "them"),
    ("many", "of", "them"),
    ("all", "of", "them"),
    ("mostly",),
)
_TO_DEATH_EXCLUDED = frozenset(("sentenced", "condemned", "scared", "bored", "frightened"))
_TOLL_VERBS = _wordset(
    "rose climbed reached jumped stood stands increased rises risen climbs hit soared"
)


@dataclass(frozen=True, slots=True)
class _Segment:
    """One count with the noun phrase it counts: "five Pakistani soldiers"."""

    start: int  # atom indexes into the kept atoms
    count_end: int
    end: int  # after the noun phrase
    count: Count
    noun: str  # the noun phrase text, for side_of ("Pakistani soldiers")


@dataclass(frozen=True, slots=True)
class _Report:
    segments: tuple[_Segment, ...]
    start: int
    toll: bool
    cumulative: bool


def _low(atoms: Sequence[Atom], i: int) -> str:
    return atoms[i].low if 0 <= i < len(atoms) else ""


def _seq(atoms: Sequence[Atom], i: int, words: Sequence[str]) -> bool:
    return all(_low(atoms, i + k) == word for k, word in enumerate(words))


def _cue_at(atoms: Sequence[Atom], i: int) -> tuple[int, frozenset[Role]] | None:
    """The death word starting at atom ``i``: (end, roles)."""
    if _low(atoms, i) not in _CUE_FIRST_WORDS:
        return None
    for words, roles in _CUES:
        if not _seq(atoms, i, words):
            continue
        if words == ("toll",) and not _toll_context(atoms, i):
            return None
        if words == ("death",) and _low(atoms, i - 1) == "to":
            return None  # "to death" is handled below, and "sentenced to death" is no death
        return i + len(words), roles
    # "beaten to death", "burned to death" (never "sentenced to death").
    if (
        _seq(atoms, i + 1, ("to", "death"))
        and atoms[i].kind == "word"
        and _low(atoms, i) not in _TO_DEATH_EXCLUDED
        and _low(atoms, i).endswith(("ed", "en", "nt"))
    ):
        return i + 3, frozenset(("before",))
    return None


def _toll_context(atoms: Sequence[Atom], i: int) -> bool:
    """ "toll" alone is a death toll when "death"/"casualty" precedes or a toll verb follows."""
    before = _low(atoms, i - 1)
    if before in ("death", "casualty", "-"):
        return True
    window = {atom.low for atom in atoms[i + 1 : i + 6]}  # "the toll of dead had reached"
    return bool(window & _TOLL_VERBS)


def _mask(atoms: Sequence[Atom]) -> list[Atom]:
    """The atoms without parentheticals that give a part of a count ("including 10 civilians")."""
    hidden: set[int] = set()
    for i in range(len(atoms)):
        marker = next((words for words in _INCLUSION if _seq(atoms, i, words)), None)
        if marker is None:
            continue
        start = i - 1 if _low(atoms, i - 1) == "," else i
        end = i + len(marker)
        for j in range(end, min(len(atoms), end + 12)):
            if atoms[j].low in (",", ";", ")", "—", "–"):
                end = j + 1
                break
            if atoms[j].low in _DEATH_WORDS or atoms[j].low in _WOUND:
                segment = _segment(atoms, i + len(marker))
                end = segment.end if segment is not None else i + len(marker)
                break
        else:
            segment = _segment(atoms, i + len(marker))
            end = segment.end if segment is not None else i + len(marker)
        hidden.update(range(start, end))
    return [atom for k, atom in enumerate(atoms) if k not in hidden]


def _segment(atoms: Sequence[Atom], i: int) -> _Segment | None:
    """A count at atom ``i`` and the noun phrase after it."""
    match = match_count(atoms, i, determiners=True)
    if match is None:
        return None
    count_end, count = match
    j = count_end
    if _low(atoms, j) == "of":  # "three of its employees", "dozens of people"
        j += 1
        while _low(atoms, j) in _OF_DETERMINERS:
            j += 1
        if _low(atoms, j) == "them":
            j += 1
    noun_start = j
    while (
        j < len(atoms)
        and j - noun_start < 6
        and (atoms[j].kind == "word" or (atoms[j].text in "-‐‑" and atoms[j].glued))
        and atoms[j].low not in _NP_STOP
        and atoms[j].low not in _DEATH_WORDS
        and atoms[j].low not in _WOUND
        and not (atoms[j].low.endswith("ing") and atoms[j].text[0].islower())
    ):
        j += 1
    if noun_start < j and atoms[noun_start].low in _UNITS:
        return None  # "five years", "30 hours": a measure, not people
    noun = " ".join(atom.text for atom in atoms[noun_start:j]) if j > noun_start else ""
    return _Segment(i, count_end, j if j > noun_start else count_end, count, noun)


def _followed_by_wound(atoms: Sequence[Atom], i: int) -> bool:
    j = i
    while _low(atoms, j) in _GAP:
        j += 1
    return _low(atoms, j) in _WOUND


def _chain(atoms: Sequence[Atom], i: int) -> tuple[_Segment, ...]:
    """Coordinated counts at atom ``i`` ("five soldiers and 25 militants"), up to the wounded."""
    first = _segment(atoms, i)
    if first is None or _followed_by_wound(atoms, first.end):
        return ()
    segments = [first]
    while True:
        end = segments[-1].end
        following = None
        for separator in _SEPARATORS:
            if _seq(atoms, end, separator):
                following = _segment(atoms, end + len(separator))
                if following is not None:
                    break
        if following is None or _followed_by_wound(atoms, following.end):
            break
        if _low(atoms, following.end) in _DEATH_WORDS and following.noun == "":
            # "killed 5, and 3 died": the second count has its own verb; it is its own report.
            break
        segments.append(following)
    return tuple(segments)


def _has_object(atoms: Sequence[Atom], i: int) -> bool:
    """Whether a killing verb ending at atom ``i`` is active (has an object after it)."""
    if i >= len(atoms):
        return False
    if match_count(atoms, i) is not None:  # "a gunman killed 12 soldiers": a figure, not a word
        return True
    word = atoms[i]
    if word.kind != "word":
        return False
    if word.low in _OBJECT_OPENERS:
        return True
    return word.text[0].isupper() and word.low not in _CALENDAR


_CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTH_NAMES)


def _is_cumulative(atoms: Sequence[Atom], cue: int, cue_end: int, *, toll: bool) -> bool:
    """A running total: "have been killed", "has killed", or "since ..." / "so far" after it."""
    if not toll:
        k = cue - 1
        while _low(atoms, k) in ("been", "also", "now", "reportedly", "already", "so", "far"):
            k -= 1
        if _low(atoms, k) in ("has", "have"):
            return True
    # "since Saturday", "so far" close after the death word; "the worst violence since 2021"
    # compares rather than accumulates, so a superlative before "since" cancels it.
    for k in range(cue_end, min(len(atoms), cue_end + 8)):
        if atoms[k].low in (";", ".") or _superlative(atoms[k].low):
            break
        if any(_seq(atoms, k, words) for words in _CUMULATIVE):
            return True
    return False


def _superlative(word: str) -> bool:
    return word in ("worst", "first", "most") or (word.endswith("iest") and len(word) > 5)


def _after(atoms: Sequence[Atom], i: int) -> int:
    """Skip words like "a further" or "all" between a killing verb and its count."""
    for words in _FILLERS:
        if _seq(atoms, i, words):
            return i + len(words)
    return i


def _toll_segment(atoms: Sequence[Atom], i: int) -> _Segment | None:
    """The latest figure after a toll word: "rose to 100 from 50", "from 50 to 100" → 100."""
    preferred: list[_Segment] = []
    others: list[_Segment] = []
    j = i
    while j < min(len(atoms), i + 15):
        if atoms[j].low in _WOUND or atoms[j].low in (";", "."):
            break
        found = match_count(atoms, j)
        if found is None:
            j += 1
            continue
        segment = _segment(atoms, j)
        if segment is not None:
            before = _low(atoms, j - 1)
            if before in ("to", "at", "reached", "hit", "of", "topped", "passed"):
                preferred.append(segment)
            elif before != "from":
                others.append(segment)
        j = found[0]
    if preferred:
        return preferred[-1]
    return others[0] if others else None


def _reports(atoms: Sequence[Atom]) -> list[_Report]:
    """Every count tied to a death word in the sentence."""
    chains: dict[int, tuple[_Segment, ...]] = {}
    i = 0
    while i < len(atoms):
        chain = _chain(atoms, i)
        if chain:
            chains[i] = chain
            i = chain[-1].end
        else:
            i += 1
    reports: list[_Report] = []
    for cue in range(len(atoms)):
        found = _cue_at(atoms, cue)
        if found is None:
            continue
        cue_end, roles = found
        if "toll" in roles:
            segment = _toll_segment(atoms, cue_end)
            if segment is not None:
                cumulative = _is_cumulative(atoms, cue, cue_end, toll=True)
                reports.append(_Report((segment,), segment.start, True, cumulative))
            continue
        if _low(atoms, cue_end) in ("or", "and", "/") and _low(atoms, cue_end + 1) in _WOUND:
            continue  # "killed or wounded": casualties, not deaths
        cumulative = _is_cumulative(atoms, cue, cue_end, toll=False)
        starts: list[int] = []
        if "after" in roles:
            starts.append(_after(atoms, cue_end))
        if "of" in roles and _low(atoms, cue_end) == "of" and _claimed(atoms, cue):
            start = cue_end + 1
            while _low(atoms, start) in _OF_DETERMINERS:
                start += 1
            starts.append(start)
        for start in starts:
            chain = _chain(atoms, start)
            if chain:
                reports.append(_Report(chain, chain[0].start, False, cumulative))
        if "before" in roles or "noun" in roles:
            for chain in chains.values():
                if _before(atoms, chain, cue, cue_end, roles):
                    reports.append(_Report(chain, chain[0].start, False, cumulative))
    return reports


def _claimed(atoms: Sequence[Atom], cue: int) -> bool:
    """ "lives of N" are deaths only when claimed or lost: "claimed the lives of 30"."""
    if atoms[cue].low != "lives":
        return True
    before = cue - 2 if _low(atoms, cue - 1) == "the" else cue - 1
    return _low(atoms, before) in _CLAIM_VERBS


def _before(
    atoms: Sequence[Atom],
    chain: tuple[_Segment, ...],
    cue: int,
    cue_end: int,
    roles: frozenset[Role],
) -> bool:
    """Whether ``chain`` is the subject of (or modifies) the death word at ``cue``."""
    end = chain[-1].end
    if end > cue:
        return False
    gap = [atom.low for atom in atoms[end:cue]]
    if "noun" in roles and not gap:
        if atoms[cue].low == "lives":
            return _low(atoms, chain[0].start - 1) in _CLAIM_VERBS or _low(atoms, cue_end) in (
                "lost",
                "were",
            )
        return True
    if len(gap) >= 2 and gap[-1] == "and" and _participle(gap[-2]) and gap[-2] not in _WOUND:
        # "2 soldiers were shot and killed", "were ambushed and killed": one more act first.
        gap = gap[:-2]
    if "before" not in roles or any(word not in _GAP for word in gap):
        return False
    if any(word in _NEGATION for word in gap):
        return False
    if atoms[cue].low in _TRANSITIVE and not (set(gap) & _BE):
        return not _has_object(atoms, cue_end)  # "two gunmen killed the mayor": not the dead
    return True


def _participle(word: str) -> bool:
    return word.endswith(("ed", "en")) or word in ("shot", "hit", "struck", "fought")


def _zero(atoms: Sequence[Atom]) -> tuple[int, int] | None:
    """ "no one was killed", "nobody died", "no casualties": the zero phrase's atoms, if any."""
    for i in range(len(atoms)):
        match = match_count(atoms, i, determiners=True)
        if match is None or match[1].max != 0:
            continue
        segment = _segment(atoms, i)
        if segment is None:
            continue
        head = segment.noun.lower().split()[-1:]
        j = segment.end
        if head and head[0] in _ZERO_NOUNS:
            return i, match[0]  # "no victims"
        while _low(atoms, j) in _GAP and _low(atoms, j) not in _NEGATION:
            j += 1
        if _low(atoms, j) in _ZERO_VERBS or _low(atoms, j) in _ZERO_NOUNS:
            return i, match[0]
    return None


def _combine(
    sentence: str, offset: int, segments: Sequence[_Segment], atoms: Sequence[Atom]
) -> tuple[int, int | None, str | None, Span]:
    low = sum(segment.count.min for segment in segments)
    maxima = [segment.count.max for segment in segments]
    high = None if any(m is None for m in maxima) else sum(m for m in maxima if m is not None)
    vague_words = [segment.count.vague for segment in segments if segment.count.vague]
    vague = "; ".join(vague_words) if vague_words else None
    first, last = segments[0], segments[-1]
    start = atoms[first.start].start
    end = atoms[(last.end if len(segments) > 1 else first.count_end) - 1].end
    return low, high, vague, Span(start + offset, end + offset, sentence[start:end])


def find_fatality_report(
    sentence: str, *, offset: int = 0, side_of: SideOf | None = None
) -> FatalityReport | None:
    """The deaths ``sentence`` reports, with whether the figure is cumulative; None if none.

    ``offset`` is the sentence's start in the document, so spans index the document text.
    ``side_of`` maps a counted noun phrase ("Pakistani soldiers") to an actor code or None.
    """
    atoms = _mask(tokenize(sentence))
    reports = _reports(atoms)
    if not reports:
        zero = _zero(atoms)
        if zero is None:
            return None
        start, end = atoms[zero[0]].start, atoms[zero[1] - 1].end
        span = Span(start + offset, end + offset, sentence[start:end])
        return FatalityReport(Fatalities(0, 0, mention=span))
    tolls = [report for report in reports if report.toll]
    if tolls:
        chosen = [max(tolls, key=lambda report: report.start)]
    else:
        current = [report for report in reports if not report.cumulative]
        chosen = current or reports
        unique: dict[tuple[int, ...], _Report] = {}
        for report in chosen:
            unique.setdefault(tuple(segment.start for segment in report.segments), report)
        chosen = sorted(unique.values(), key=lambda report: report.start)
        # A count belongs to one report: drop reports that reuse a segment of an earlier one.
        seen: set[int] = set()
        kept: list[_Report] = []
        for report in chosen:
            starts = {segment.start for segment in report.segments}
            if starts & seen:
                continue
            seen |= starts
            kept.append(report)
        chosen = kept
    segments = [segment for report in chosen for segment in report.segments]
    low, high, vague, span = _combine(sentence, offset, segments, atoms)
    sides: dict[str, int] = {}
    if side_of is not None:
        for segment in segments:
            code = side_of(segment.noun) if segment.noun else None
            if code is not None:
                sides[code] = sides.get(code, 0) + segment.count.min
    fatalities = Fatalities(low, high, tuple(sides.items()), vague, span)
    return FatalityReport(
        fatalities,
        cumulative=all(report.cumulative for report in chosen),
        toll=any(report.toll for report in chosen),
    )


def find_fatalities(
    sentence: str, *, offset: int = 0, side_of: SideOf | None = None
) -> Fatalities | None:
    """The deaths ``sentence`` reports, or None; see :func:`find_fatality_report`."""
    report = find_fatality_report(sentence, offset=offset, side_of=side_of)
    return report.fatalities if report is not None else None
