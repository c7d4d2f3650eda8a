"""The text index: which documents' evidence holds which words, so a text query (``q``) reads
the evidence of a few documents instead of every event's.

DuckDB's full-text extension (``fts``) is downloaded by DuckDB itself, and the store works
offline, so the store keeps its own index, written in the same transaction as the events:

- ``text_terms``: every word ever indexed, once (the dictionary: a query word that may be part
  of a longer word, e.g. the first or last word of the query, is looked up in it);
- ``text_postings``: ``(term, doc_id)`` for each word of each document's evidence sentences
  (the coder's events and the events reviewers added), ``term`` the word's
  ``md5_number_upper`` (a stable 64-bit number, so writing needs no lookup of word ids).

Words are the runs of ``[a-z0-9]`` in DuckDB's ``lower()`` of the text, the same ``lower()`` the
filter itself applies, so the index never decides a match: the filter is still
``contains(lower(evidence_text), lower(q))``, evaluated only on the events of the candidate
documents. A candidate is a document with, for each word of the query, an indexed word that
the query's can be part of: a word inside the query (with a separator on both sides) must be a
whole word of the evidence; the first may end one, the last may begin one, and a query of one
word with nothing around it may lie anywhere within one. Every event that contains the query
is in a candidate document, so the results are the unindexed filter's, row for row.

A query the index cannot narrow usefully (no word; only words that most of the dictionary
contains; or more candidate documents than :data:`MAX_CANDIDATE_DOCUMENTS`) is answered by the
scan, which is fast exactly then: a common text fills a page early.
"""

from __future__ import annotations

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
MAX_CANDIDATE_DOCUMENTS = 20_000
"""Beyond this many candidate documents the scan is used (the text is common)."""

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

_WORDS = f"unnest(regexp_extract_all(lower(evidence_text), '{TOKEN_PATTERN}'))"


def index_statements(relation: str, *, ordered: bool = False) -> tuple[str, str]:
    """The two statements that index the evidence of ``relation``'s rows (a table or view with
    ``doc_id`` and ``evidence_text``; a name of ours, never a request's text), in this order.
    ``ordered``: the postings written in word order, so that DuckDB's min/max of each row group
    skips most of them in a lookup (worth it for a whole store; a batch's chunk of a few
    thousand postings lands in a row group with many others anyway)."""
    words = f"SELECT DISTINCT doc_id, {_WORDS} AS word FROM {relation}"
    postings = f"INSERT INTO text_postings SELECT md5_number_upper(word), doc_id FROM ({words})"
    return (
        f"INSERT OR IGNORE INTO text_terms SELECT DISTINCT word FROM ({words})",
        postings + (" ORDER BY 1" if ordered else ""),
    )


def index_relation(connection: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Index the evidence of every row of ``relation``, its postings in word order (see
    :func:`index_statements`)."""
    for statement in index_statements(relation, ordered=True):
        connection.execute(statement)


def index_texts(connection: duckdb.DuckDBPyConnection, doc_id: str, texts: list[str]) -> None:
    """Index evidence texts of one document (a reviewer's added event)."""
    rows = connection.execute(
        f"SELECT DISTINCT unnest(regexp_extract_all(lower(t), '{TOKEN_PATTERN}')) "
        "FROM (SELECT unnest(?) AS t)",
        [texts],
    ).fetchall()
    words = [r[0] for r in rows if r[0] is not None]
    if not words:
        return
    connection.execute("INSERT OR IGNORE INTO text_terms SELECT DISTINCT unnest(?)", [words])
    connection.execute(
        "INSERT INTO text_postings SELECT md5_number_upper(w), ? FROM (SELECT unnest(?) AS w)",
        [doc_id, words],
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


def query_words(lowered: str) -> list[QueryWord]:
    """The words of a query already lower-cased by DuckDB, each with where it may lie."""
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
    return list(dict.fromkeys(words))


_TERM_CONDITION = {
    Place.END: "ends_with(term, ?)",
    Place.START: "starts_with(term, ?)",
    Place.ANYWHERE: "contains(term, ?)",
}


def _term_numbers(connection: duckdb.DuckDBPyConnection, word: QueryWord) -> list[int] | None:
    """The indexed words this query word can be, as posting numbers; None when too many."""
    if word.place is Place.WHOLE:
        row = connection.execute("SELECT md5_number_upper(?)", [word.text]).fetchone()
        assert row is not None
        return [int(row[0])]
    rows = connection.execute(
        f"SELECT md5_number_upper(term) FROM text_terms WHERE {_TERM_CONDITION[word.place]} "
        f"LIMIT {MAX_TERMS_PER_WORD + 1}",
        [word.text],
    ).fetchall()
    if len(rows) > MAX_TERMS_PER_WORD:
        return None
    return [int(r[0]) for r in rows]


def _postings(connection: duckdb.DuckDBPyConnection, numbers: list[int]) -> int:
    """How many postings these words have, counted up to one past the candidates' limit (so a
    common word costs little: the count stops early)."""
    row = connection.execute(
        "SELECT count(*) FROM (SELECT 1 FROM text_postings WHERE term = ANY(?::UBIGINT[]) "
        f"LIMIT {MAX_CANDIDATE_DOCUMENTS + 1})",
        [numbers],
    ).fetchone()
    return int(row[0]) if row else 0


def candidate_documents(connection: duckdb.DuckDBPyConnection, text: str) -> list[str] | None:
    """The documents whose evidence may contain ``text`` (case-insensitively), or None when the
    index does not narrow it (then every event is read). A superset: the caller still applies
    ``contains(lower(evidence_text), lower(text))``.

    The candidates are the documents of the query's rarest word (of its longest
    :data:`MAX_QUERY_WORDS`): every match holds that word, and intersecting a common word's
    documents would cost more than reading the rare word's few events."""
    row = connection.execute("SELECT lower(?)", [text]).fetchone()
    assert row is not None
    words = sorted(query_words(str(row[0])), key=lambda w: (-len(w.text), w.text))
    rarest: tuple[int, list[int]] | None = None
    for word in words[:MAX_QUERY_WORDS]:
        numbers = _term_numbers(connection, word)
        if numbers is None:
            continue
        postings = _postings(connection, numbers) if numbers else 0
        if not postings:
            return []  # a word no evidence holds: nothing can match
        if postings <= MAX_CANDIDATE_DOCUMENTS and (rarest is None or postings < rarest[0]):
            rarest = (postings, numbers)
    if rarest is None:
        return None
    rows = connection.execute(
        "SELECT DISTINCT doc_id FROM text_postings WHERE term = ANY(?::UBIGINT[])", [rarest[1]]
    ).fetchall()
    return sorted(str(r[0]) for r in rows)
