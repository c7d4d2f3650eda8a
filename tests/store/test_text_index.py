"""The text index: a text query answers the same events with the index as by reading every
event's evidence, for words, parts of words, phrases, case, punctuation and hostile strings;
it is kept when events are written and reviewers add one, and built when an older store is
migrated."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from eventcoder.store import DocumentRow, EventQuery, Store
from eventcoder.store.review import add_event
from eventcoder.store.schema import MIGRATIONS, store_version
from eventcoder.store.text_index import (
    Limits,
    Place,
    QueryWord,
    candidate_documents,
    query_pairs,
    query_words,
)

SENTENCES = (
    "Ethiopian troops shelled the town of Badme, killing 12 civilians.",
    "A CEASEFIRE was agreed in Addis Ababa on Tuesday.",
    "The ceasefire-monitoring team (AU/UN) said: 'no violations'.",
    "Protesters in İstanbul marched; police used tear-gas.",
    "Sudan's army and the RSF resumed talks in Jeddah — 50% of delegates attended.",
    "Officials said 100_000 people fled; the 'O''Brien' report was cited.",
    "Rebels ambushed a convoy near Goma.",
    "Café owners in Zürich protested the new tax.",
    "No comment; see ceasefires, re-ceasefire and ceasefire.",
    "Unrest: 3 killed, 7 wounded in Kabul.",
)

QUERIES = (
    "ceasefire",
    "CeaseFire",
    "ceasefires",
    "cease",
    "fire",
    "easefi",
    "ceasefire-monitoring",
    "-monitoring team",
    "agreed in addis",
    "greed in addi",
    "the town of badme,",
    "badme, killing",
    "(au/un)",
    "au/un",
    "İstanbul",
    "istanbul",
    "tear-gas.",
    "sudan's",
    "50%",
    "% of",
    "100_000",
    "_",
    "o''brien",
    "'o''brien'",
    "café",
    "zürich",
    "ZÜRICH",
    "caf",
    "a",
    "e",
    " ",
    ".",
    "—",
    "'; DROP TABLE events; --",
    "' OR '1'='1",
    "%",
    "\\",
    "ceasefire) OR 1=1 --",
    "nothing like this anywhere",
    "3 killed, 7",
    "kabul.",
    "goma",
    "rebels ambushed a convoy near goma.",
    "kabul ceasefire",
    " police rebels ",
    "said: 'no",
    "in kabul",
    "killed, 7 wounded",
    "ceasefire, ceasefire",
    "see ceasefires, re-ceasefire and",
    "a ceasefire was",
    "tear-gas",
    "re-cease",
    "fire and cease",
    "ethiopian troops kabul",
)


def event(doc_id: str, seq: int, text: str) -> dict[str, Any]:
    return {
        "id": f"{doc_id}-{seq}",
        "doc_id": doc_id,
        "type": "ASSAULT",
        "mode": None,
        "source": [{"code": "ETH"}],
        "target": [{"code": "ERI"}],
        "date": {"earliest": f"2025-03-{1 + seq:02d}", "latest": f"2025-03-{1 + seq:02d}"},
        "location": None,
        "fatalities": None,
        "claimed_by": [],
        "auxiliary": [],
        "evidence": {"text": text, "start": 0, "end": len(text)},
        "trigger": None,
    }


def fill(store: Store) -> None:
    """Ten documents of three events each, the sentences spread over them."""
    for d in range(10):
        doc_id = f"doc{d}"
        texts = [SENTENCES[(d + k * 3) % len(SENTENCES)] for k in range(3)]
        row = DocumentRow(
            id=doc_id,
            content_hash="0" * 64,
            published=date(2025, 3, 20),
            text=" ".join(texts),
        )
        store.write_document(row, [event(doc_id, k, t) for k, t in enumerate(texts)])


def ids(store: Store, query: EventQuery) -> list[str]:
    return [e["id"] for e in store.events(query)]


def scanned(path: Path, query: EventQuery) -> list[str]:
    with Store(path, read_only=True, text_index=False) as plain:
        return ids(plain, query)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        fill(store)
    return path


def test_query_words_say_where_each_word_may_lie() -> None:
    assert query_words("ceasefire") == [QueryWord("ceasefire", Place.ANYWHERE)]
    assert query_words("agreed in addis") == [
        QueryWord("agreed", Place.END),
        QueryWord("in", Place.WHOLE),
        QueryWord("addis", Place.START),
    ]
    assert query_words(" the town, ") == [
        QueryWord("the", Place.WHOLE),
        QueryWord("town", Place.WHOLE),
    ]
    assert query_words("'; --") == []


def test_query_pairs_are_the_words_next_to_each_other() -> None:
    end, whole, start = (
        QueryWord("agreed", Place.END),
        QueryWord("in", Place.WHOLE),
        QueryWord("addis", Place.START),
    )
    assert query_pairs("agreed in addis") == [(end, whole), (whole, start)]
    assert query_pairs("ceasefire") == []
    # a repeated word: each adjacency once, in the query's order
    assert query_pairs(" a b a b ") == [
        (QueryWord("a", Place.WHOLE), QueryWord("b", Place.WHOLE)),
        (QueryWord("b", Place.WHOLE), QueryWord("a", Place.WHOLE)),
    ]


@pytest.mark.parametrize("text", QUERIES)
def test_the_index_finds_what_reading_every_event_finds(path: Path, text: str) -> None:
    query = EventQuery(text=text)
    with Store(path, read_only=True) as store:
        assert ids(store, query) == scanned(path, query)
        # with the other filters and a page too
        for narrowed in (
            EventQuery(text=text, since=date(2025, 3, 2)),
            EventQuery(text=text, actors=("ETH",), limit=2, offset=1),
            EventQuery(text=text, dyad=("ERI", "ETH"), types=("ASSAULT",)),
        ):
            assert ids(store, narrowed) == scanned(path, narrowed)
    with Store(path, read_only=True, text_index=False) as plain:
        expected = plain.type_counts(query)
    with Store(path, read_only=True) as store:
        assert store.type_counts(query) == expected


def test_the_index_narrows_to_the_documents_a_word_is_in(path: Path) -> None:
    with Store(path, read_only=True) as store:
        con = store.connection
        goma = candidate_documents(con, "Goma")
        assert goma == sorted({e["doc_id"] for e in store.events(EventQuery(text="goma"))})
        assert goma and len(goma) < 10
        assert candidate_documents(con, "nothing like this") == []
        assert candidate_documents(con, "'; --") is None  # no word: every event is read


def test_words_the_evidence_holds_apart_narrow_to_no_document(path: Path) -> None:
    """Each word of "kabul killed" is in the evidence, in the same documents even, but never
    next to each other: the pairs of adjacent words say at once that nothing can match."""
    with Store(path, read_only=True) as store:
        con = store.connection
        assert candidate_documents(con, "unrest kabul", pairs=False)  # each word is there
        assert candidate_documents(con, "unrest kabul") == []
        assert candidate_documents(con, "unrest: 3 killed") == sorted(
            {e["doc_id"] for e in store.events(EventQuery(text="unrest: 3 killed"))}
        )


def test_common_pairs_are_intersected(tmp_path: Path) -> None:
    """When every word and pair of a query is in many documents, the documents holding all of
    its pairs are the candidates: few, where each pair alone (and any two) is in many."""
    groups = (
        ["Police shelled the town overnight."],  # every pair of the query
        ["Police shelled a school.", "Troops shelled the village."],  # not "the town"
        ["Rebels shelled the town."],  # not "police shelled"
        ["Police shelled homes.", "Troops reached the town."],  # not "shelled the"
    )
    path = tmp_path / "common.duckdb"
    with Store(path) as store:
        for d in range(40):
            texts = groups[d % 4]
            row = DocumentRow(
                id=f"d{d:02d}", content_hash="0" * 64, published=date(2025, 3, 20), text=""
            )
            store.write_document(row, [event(row.id, k, t) for k, t in enumerate(texts)])
    text = " police shelled the town "
    with Store(path, read_only=True) as store:
        con = store.connection
        # each pair is in 30 of the 40 documents, any two of them together in 20
        assert candidate_documents(con, text, limits=Limits(candidates=10, intersected=29)) is None
        found = candidate_documents(con, text, limits=Limits(candidates=10, intersected=30))
        assert found == [f"d{d:02d}" for d in range(0, 40, 4)]
        query = EventQuery(text=text)
        assert ids(store, query) == scanned(path, query)


def test_written_and_added_events_are_indexed_as_they_are_stored(path: Path) -> None:
    with Store(path) as store:
        fill_more = DocumentRow(
            id="late",
            content_hash="1" * 64,
            published=date(2025, 3, 21),
            text="Talks in Nairobi collapsed. Shelling resumed near Mekelle overnight.",
        )
        store.write_document(fill_more, [event("late", 0, "Talks in Nairobi collapsed.")])
        assert ids(store, EventQuery(text="nairobi")) == ["late-0"]
        assert ids(store, EventQuery(text="mekelle")) == []
        added = add_event(
            store,
            "late",
            reviewer="analyst",
            start=28,
            end=68,
            fields={"type": "ASSAULT", "date": {"earliest": "2025-03-21", "latest": "2025-03-21"}},
            now=datetime(2025, 3, 22, tzinfo=UTC),
        )
        assert added.record["evidence"]["text"] == "Shelling resumed near Mekelle overnight."
        query = EventQuery(text="mekelle overnight")
        assert ids(store, query) == [added.record["id"]]
        assert store.integrity_check() == []
    assert scanned(path, EventQuery(text="mekelle overnight")) == [added.record["id"]]


def test_a_version_3_store_gets_its_index_built_when_it_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    with Store(path, migrations=MIGRATIONS[:3]) as old:  # what eventcoder wrote before
        fill(old)
        add_event(
            old,
            "doc0",
            reviewer="analyst",
            start=0,
            end=10,
            fields={"type": "PROTEST", "date": {"earliest": "2025-03-01", "latest": "2025-03-01"}},
        )
        assert store_version(old.connection) == 3
        listed = old.connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        assert "text_postings" not in {r[0] for r in listed}
    with Store(path) as store:
        assert store_version(store.connection) == MIGRATIONS[-1].version
        assert store.integrity_check() == []
        indexed = store.connection.execute("SELECT count(*) FROM text_postings").fetchone()
        assert indexed is not None and indexed[0] > 0
        added = ids(store, EventQuery(text=SENTENCES[0][:10]))
        assert len(added) > 1 and any(i.startswith("rev-") for i in added)
    for text in QUERIES:
        with Store(path, read_only=True) as store:
            assert ids(store, EventQuery(text=text)) == scanned(path, EventQuery(text=text))


def test_a_version_5_store_gets_its_pairs_when_it_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v5.duckdb"
    with Store(path, migrations=MIGRATIONS[:5]) as old:  # words indexed, no pairs
        fill(old)
        add_event(
            old,
            "doc1",
            reviewer="analyst",
            start=0,
            end=20,
            fields={"type": "PROTEST", "date": {"earliest": "2025-03-01", "latest": "2025-03-01"}},
        )
        assert candidate_documents(old.connection, "unrest kabul", pairs=False)
    with Store(path) as store:
        assert store_version(store.connection) == MIGRATIONS[-1].version
        assert store.integrity_check() == []
        assert candidate_documents(store.connection, "unrest kabul") == []
    for text in QUERIES:
        with Store(path, read_only=True) as store:
            assert ids(store, EventQuery(text=text)) == scanned(path, EventQuery(text=text)), text


def postings(store: Store) -> list[tuple[int, str]]:
    """The postings as stored, in the order of their rows."""
    rows = store.connection.execute("SELECT term, doc_id FROM text_postings ORDER BY rowid")
    return [(int(term), str(doc_id)) for term, doc_id in rows.fetchall()]


def test_ordering_the_postings_sorts_them_and_keeps_every_answer(path: Path) -> None:
    """A store written document by document holds its postings in the order they were written
    (every row group with every term); ordered, they are sorted by term, slice after slice, and
    every text query finds the same events and incidents."""
    with Store(path) as store:
        store.refresh_incidents()
        written = postings(store)
        assert written != sorted(written)
        answers = [
            (ids(store, EventQuery(text=t)), list(store.incidents(EventQuery(text=t))))
            for t in QUERIES
        ]
        store.order_text_index(slice_postings=7)  # many slices of the term values
        assert postings(store) == sorted(written)
    with Store(path, read_only=True) as store:
        assert store.integrity_check() == []
        for text, answer in zip(QUERIES, answers, strict=True):
            query = EventQuery(text=text)
            assert (ids(store, query), list(store.incidents(query))) == answer, text


def test_incidents_found_by_text_are_the_same_with_the_index(path: Path) -> None:
    with Store(path) as store:
        store.refresh_incidents()
    for text in QUERIES:
        query = EventQuery(text=text)
        with Store(path, read_only=True, text_index=False) as plain:
            expected = [i["id"] for i in plain.incidents(query)]
        with Store(path, read_only=True) as store:
            assert [i["id"] for i in store.incidents(query)] == expected, text
