"""The text index: which documents' evidence holds which words and which pairs of adjacent
words, so a text query (``q``) reads the evidence of a few documents instead of every event's.

DuckDB's full-text extension (``fts``) is downloaded by DuckDB itself, and the store works
offline, so the store keeps its own index, written in the same transaction as the events:

- ``text_terms``: every word ever indexed, once (the dictionary: a query word that may be part
  of a longer word, e.g. the first or last word of the query, is looked up in it);
- ``text_postings``: ``(term, doc_id)`` for each word of each document's evidence sentences
  (the coder's events and the events reviewers added), and for each pair of words that follow
  one another in a sentence (``"pakistan afghanistan"``: the two words with one space between,
  whatever separated them in the text; schema version 6); ``term`` the word's or pair's
  ``md5_number_upper`` (a stable 64-bit number, so writing needs no lookup of word ids).

Words are the runs of ``[a-z0-9]`` in DuckDB's ``lower()`` of the text, the same ``lower()`` the
filter itself applies, so the index never decides a match: the filter is still
``contains(lower(evidence_text), lower(q))``, evaluated only on the events of the candidate
documents. A candidate is a document with, for each word of the query, an indexed word that
the query's can be part of: a word inside the query (with a separator on both sides) must be a
whole word of the evidence; the first may end one, the last may begin one, and a query of one
word with nothing around it may lie anywhere within one. Two words next to each other in the
query (only separators between them) are next to each other in any evidence that contains the
query, so a candidate also holds each of the query's pairs. Every event that contains the query
is in a candidate document, so the results are the unindexed filter's, row for row.

The pairs are what make a query of several common words fast: "pakistan afghanistan" has two
words each in a third of a million-event store, mostly in the same documents, but as a pair in
none (a query of words the evidence holds apart; 1 M events: a scan of every evidence, 230 ms,
before the pairs).

A query the index cannot narrow usefully (no word; only words and pairs that most of the
dictionary contains or that more than :data:`MAX_CANDIDATE_DOCUMENTS` documents hold) is
answered by the scan, which is fast exactly then: a common text fills a page early.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from enum import Enum

import duckdb

TOKEN_PATTERN = "[a-z0-9]+"
"""A word: applied to DuckDB's ``lower()`` of the text, both when indexing and when querying."""
MAX_QUERY_WORDS = 4
"""The longest words of a query that pick the candidates (the others are only verified)."""
MAX_TERMS_PER_WORD = 512
"""A query word that this many indexed words contain (e.g. "a") narrows nothing: not used."""
MAX_PAIR_TERMS = 1024
"""A pair of query words whose indexed forms make more pairs than this (each a word the first
can end times each the second can begin) is not looked up: the words alone are."""
MAX_CANDIDATE_DOCUMENTS = 20_000
"""Beyond this many candidate documents the scan is used (the text is common)."""
MAX_INTERSECTED_POSTINGS = 150_000
"""When no word or pair is in few enough documents, the query's pairs with at most this many
postings are intersected (1 M events: 108,907 and 27,065 postings, 14 ms)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Where the index stops narrowing (a test gives small ones to a small store)."""

    candidates: int = MAX_CANDIDATE_DOCUMENTS
    intersected: int = MAX_INTERSECTED_POSTINGS


PAIRS_VERSION = 6
"""The schema version from which the postings hold the pairs of adjacent words."""

TABLES = (
    """
    CREATE TABLE text_terms (
        term VARCHAR PRIMARY KEY           -- each indexed word once (the dictionary)
    )
    """,
    """
    CREATE TABLE text_postings (
        -- No key: a document's words are written once, with its events (and again for an
        -- event a reviewer adds, which may repeat some: candidates are taken DISTINCT).
        term UBIGINT NOT NULL,             -- md5_number_upper(word)
        doc_id VARCHAR NOT NULL
    )
    """,
)

_WORD_LISTS = f"regexp_extract_all(lower(evidence_text), '{TOKEN_PATTERN}')"
# The pairs of a word list ``w``: each word and the next, one space between.
_PAIRS = "list_transform(range(1, len(w)), lambda i: w[i] || ' ' || w[i + 1])"


def index_statements(relation: str, *, ordered: bool = False) -> tuple[str, str]:
    """The two statements that index the evidence of ``relation``'s rows (a table or view with
    ``doc_id`` and ``evidence_text``; a name of ours, never a request's text), in this order:
    the words into the dictionary, then the postings of the words and of the adjacent pairs.
    ``ordered``: the postings written in term order, so that DuckDB's min/max of each row group
    skips most of them in a lookup (worth it for a whole store; a batch's chunk of a few
    thousand postings lands in a row group with many others anyway)."""
    lists = f"SELECT doc_id, {_WORD_LISTS} AS w FROM {relation}"
    words = f"SELECT DISTINCT doc_id, unnest(w) AS word FROM ({lists})"
    terms = (
        f"SELECT doc_id, unnest(w) AS term FROM l UNION ALL SELECT doc_id, unnest({_PAIRS}) FROM l"
    )
    postings = (
        f"INSERT INTO text_postings WITH l AS ({lists}) "
        f"SELECT md5_number_upper(term), doc_id FROM (SELECT DISTINCT doc_id, term FROM ({terms}))"
    )
    return (
        f"INSERT OR IGNORE INTO text_terms SELECT DISTINCT word FROM ({words})",
        postings + (" ORDER BY 1" if ordered else ""),
    )


def index_relation(connection: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Index the evidence of every row of ``relation``, its postings in term order (see
    :func:`index_statements`)."""
    for statement in index_statements(relation, ordered=True):
        connection.execute(statement)


def index_pairs(connection: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Add the postings of the adjacent pairs of every row of ``relation`` (a store whose
    postings hold its words only, before :data:`PAIRS_VERSION`), in term order."""
    connection.execute(
        f"INSERT INTO text_postings SELECT md5_number_upper(term), doc_id FROM "
        f"(SELECT DISTINCT doc_id, unnest({_PAIRS}) AS term FROM "
        f"(SELECT doc_id, {_WORD_LISTS} AS w FROM {relation})) ORDER BY 1"
    )


ORDER_SLICE_POSTINGS = 1_000_000
"""About the most postings :func:`order_postings` sorts in one statement (a slice of the term
values), so that ordering a large store's postings stays within a batch's ``--memory-limit``."""
_TERM_VALUES = 2**64
"""``md5_number_upper`` is a UBIGINT: the terms are spread evenly over [0, 2**64) (the bounds
are HUGEINT, which holds 2**64)."""


def order_postings(
    connection: duckdb.DuckDBPyConnection, *, slice_postings: int = ORDER_SLICE_POSTINGS
) -> None:
    """Rewrite ``text_postings`` in term order, within the caller's transaction.

    Each chunk a batch stores appends its postings, every term's among them, so after a batch
    every row group holds every term, and a term's lookup (the counts and the documents of
    :func:`candidate_documents`) reads them all: 1 M events written in chunks, 18.5 M postings,
    a phrase of common pairs 450-610 ms to find its candidates; 59-70 ms once ordered, when
    DuckDB's min/max of each row group skips all but the term's own. The term values are cut
    into slices of about ``slice_postings`` postings, each sorted and appended in turn."""
    row = connection.execute("SELECT count(*) FROM text_postings").fetchone()
    slices = max(1, math.ceil(int(row[0] if row else 0) / slice_postings))
    connection.execute("ALTER TABLE text_postings RENAME TO text_postings_unordered")
    connection.execute(TABLES[1])  # text_postings, empty, as the schema creates it
    # By doc_id too within a term, so the same postings give the same table.
    for i in range(slices):
        low, high = i * _TERM_VALUES // slices, (i + 1) * _TERM_VALUES // slices
        connection.execute(
            "INSERT INTO text_postings SELECT term, doc_id FROM text_postings_unordered "
            "WHERE term >= ?::HUGEINT AND term < ?::HUGEINT ORDER BY term, doc_id",
            [low, high],
        )
    connection.execute("DROP TABLE text_postings_unordered")


def index_texts(connection: duckdb.DuckDBPyConnection, doc_id: str, texts: list[str]) -> None:
    """Index evidence texts of one document (a reviewer's added event): words and pairs."""
    lists = (
        f"SELECT regexp_extract_all(lower(t), '{TOKEN_PATTERN}') AS w FROM (SELECT unnest(?) AS t)"
    )
    rows = connection.execute(
        f"WITH l AS ({lists}) SELECT DISTINCT unnest(w), true FROM l "
        f"UNION SELECT DISTINCT unnest({_PAIRS}), false FROM l",
        [texts],
    ).fetchall()
    terms = [r[0] for r in rows if r[0] is not None]
    words = [r[0] for r in rows if r[0] is not None and r[1]]
    if not terms:
        return
    connection.execute("INSERT OR IGNORE INTO text_terms SELECT DISTINCT unnest(?)", [words])
    connection.execute(
        "INSERT INTO text_postings SELECT md5_number_upper(w), ? FROM (SELECT unnest(?) AS w)",
        [doc_id, terms],
    )


class Place(Enum):
    """Where in an evidence word a query word can lie."""

    WHOLE = "whole"  # separators on both sides in the query: the whole word
    END = "end"  # the query begins with it: it may end a longer word
    START = "start"  # the query ends with it: it may begin a longer word
    ANYWHERE = "anywhere"  # the query is this word alone: anywhere within a word


@dataclass(frozen=True, slots=True)
class QueryWord:
    text: str
    place: Place


def _query_sequence(lowered: str) -> list[QueryWord]:
    """The words of a query already lower-cased by DuckDB, in order, each with where it may
    lie."""
    words = []
    for match in re.finditer(TOKEN_PATTERN, lowered):
        open_before = match.start() == 0
        open_after = match.end() == len(lowered)
        if open_before and open_after:
            place = Place.ANYWHERE
        elif open_before:
            place = Place.END
        elif open_after:
            place = Place.START
        else:
            place = Place.WHOLE
        words.append(QueryWord(match.group(), place))
    return words


def query_words(lowered: str) -> list[QueryWord]:
    """The distinct words of a query already lower-cased by DuckDB, each with where it may lie."""
    return list(dict.fromkeys(_query_sequence(lowered)))


def query_pairs(lowered: str) -> list[tuple[QueryWord, QueryWord]]:
    """The distinct pairs of words next to each other in a query already lower-cased by DuckDB
    (only separators between them): any evidence containing the query has them next to each
    other too."""
    sequence = _query_sequence(lowered)
    return list(dict.fromkeys(itertools.pairwise(sequence)))


_TERM_CONDITION = {
    Place.END: "ends_with(term, ?)",
    Place.START: "starts_with(term, ?)",
    Place.ANYWHERE: "contains(term, ?)",
}


def _terms(connection: duckdb.DuckDBPyConnection, word: QueryWord) -> list[str] | None:
    """The indexed words this query word can be; None when too many to narrow anything."""
    if word.place is Place.WHOLE:
        return [word.text]
    rows = connection.execute(
        f"SELECT term FROM text_terms WHERE {_TERM_CONDITION[word.place]} "
        f"LIMIT {MAX_TERMS_PER_WORD + 1}",
        [word.text],
    ).fetchall()
    if len(rows) > MAX_TERMS_PER_WORD:
        return None
    return [str(r[0]) for r in rows]


_DOCUMENTS = (
    "SELECT doc_id FROM text_postings WHERE term = ANY("
    "SELECT md5_number_upper(unnest(?::VARCHAR[])))"
)
"""The documents (once per posting) of the terms of one parameter."""


def _postings(connection: duckdb.DuckDBPyConnection, terms: list[str], *, up_to: int) -> int:
    """How many postings these terms have, counted up to one past ``up_to`` (so a common term
    costs little: the count stops early)."""
    row = connection.execute(
        f"SELECT count(*) FROM ({_DOCUMENTS} LIMIT {int(up_to) + 1})", [terms]
    ).fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True, slots=True)
class _Lookup:
    """A word or pair of the query: the indexed terms it can be, and the query words it holds."""

    terms: tuple[str, ...]
    words: frozenset[QueryWord]


def _lookups(connection: duckdb.DuckDBPyConnection, lowered: str, *, pairs: bool) -> list[_Lookup]:
    """What to look up for a lowered query: for each of its longest :data:`MAX_QUERY_WORDS`
    words, the indexed words it can be; with ``pairs``, for each of its longest
    :data:`MAX_QUERY_WORDS` pairs of adjacent words, the indexed pairs it can be. A word or pair
    that would narrow nothing (too many indexed forms) is left out."""
    forms: dict[QueryWord, list[str] | None] = {}

    def terms(word: QueryWord) -> list[str] | None:
        if word not in forms:
            forms[word] = _terms(connection, word)
        return forms[word]

    words = sorted(query_words(lowered), key=lambda w: (-len(w.text), w.text))
    lookups = [
        _Lookup(tuple(found), frozenset([word]))
        for word in words[:MAX_QUERY_WORDS]
        if (found := terms(word)) is not None
    ]
    if not pairs:
        return lookups
    adjacent = sorted(
        query_pairs(lowered), key=lambda p: (-len(p[0].text) - len(p[1].text), p[0].text)
    )
    for first, second in adjacent[:MAX_QUERY_WORDS]:
        ends, begins = terms(first), terms(second)
        if ends is None or begins is None or len(ends) * len(begins) > MAX_PAIR_TERMS:
            continue
        forms_of_pair = tuple(f"{a} {b}" for a in ends for b in begins)
        lookups.append(_Lookup(forms_of_pair, frozenset([first, second])))
    return lookups


def candidate_documents(
    connection: duckdb.DuckDBPyConnection,
    text: str,
    *,
    pairs: bool = True,
    limits: Limits = Limits(),
) -> list[str] | None:
    """The documents whose evidence may contain ``text`` (case-insensitively), or None when the
    index does not narrow it (then every event is read). A superset: the caller still applies
    ``contains(lower(evidence_text), lower(text))``. ``pairs``: the postings hold the pairs of
    adjacent words (a store at :data:`PAIRS_VERSION` or later).

    The candidates are the documents of the query's rarest word or pair of adjacent words:
    every match holds it, and intersecting a common term's documents would cost more than
    reading the rare term's few events. When even the rarest is in too many documents, the
    candidates are the documents holding both it and the rarest word or pair with a query word
    it lacks (a phrase of common pairs, "pakistan near afghanistan": 1 M events, 10,716
    documents, read in 60 ms where the scan took 120-140 ms)."""
    row = connection.execute("SELECT lower(?)", [text]).fetchone()
    assert row is not None
    lookups = _lookups(connection, str(row[0]), pairs=pairs)
    counted: list[tuple[int, _Lookup]] = []
    for lookup in lookups:
        # A pair is counted as far as an intersection may need it, so it is counted once (a
        # phrase of common pairs: 10 statements were 7 counts and 3 recounts, 7 ms each).
        is_pair = len(lookup.words) == 2
        up_to = max(limits.candidates, limits.intersected) if is_pair else limits.candidates
        postings = _postings(connection, list(lookup.terms), up_to=up_to)
        if not postings:
            return []  # a word or pair no evidence holds: nothing can match
        counted.append((postings, lookup))
    rare = [(postings, lookup) for postings, lookup in counted if postings <= limits.candidates]
    if rare:
        rarest = min(rare, key=lambda c: c[0])[1]
        rows = connection.execute(
            f"SELECT DISTINCT doc_id FROM ({_DOCUMENTS})", [list(rarest.terms)]
        ).fetchall()
        return sorted(str(r[0]) for r in rows)
    pairs_of_words = [(n, lookup) for n, lookup in counted if len(lookup.words) == 2]
    return _intersected(connection, pairs_of_words, limits)


def _intersected(
    connection: duckdb.DuckDBPyConnection, pairs: list[tuple[int, _Lookup]], limits: Limits
) -> list[str] | None:
    """The documents holding every one of the rarest pairs that bring a word the rarer ones
    lack (each pair with at most ``limits.intersected`` postings; ``pairs`` come with their
    counts), or None when fewer than two such pairs or more than ``limits.candidates``
    documents are found."""
    counted = [(postings, pair) for postings, pair in pairs if postings <= limits.intersected]
    counted.sort(key=lambda c: c[0])
    chosen: list[_Lookup] = []
    held: frozenset[QueryWord] = frozenset()
    for _, pair in counted:
        if not pair.words <= held:
            chosen.append(pair)
            held |= pair.words
    if len(chosen) < 2:
        return None
    holding = " INTERSECT ".join([_DOCUMENTS] * len(chosen))
    rows = connection.execute(
        f"SELECT doc_id FROM ({holding}) LIMIT {int(limits.candidates) + 1}",
        [list(pair.terms) for pair in chosen],
    ).fetchall()
    if len(rows) > limits.candidates:
        return None
    return sorted(str(r[0]) for r in rows)
