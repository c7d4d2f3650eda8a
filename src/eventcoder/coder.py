"""The library entry point: ``eventcoder.code(text, published=...)`` and the reusable Coder."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from functools import cache
from itertools import islice
from typing import TypeVar

from eventcoder.io.readers import decode_text, parse_published
from eventcoder.model import Annotated, Document, Event
from eventcoder.pipeline import COMPONENTS, DEFAULT_PIPELINE, ComponentSpec, Pipeline

T = TypeVar("T")


class Coder:
    """Loads the pipeline once; codes one document or a stream of them."""

    def __init__(
        self,
        components: tuple[str, ...] = DEFAULT_PIPELINE,
        registry: Mapping[str, ComponentSpec] = COMPONENTS,
    ) -> None:
        self.pipeline = Pipeline(components, registry)

    def annotate(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Annotated]:
        return self.pipeline.pipe(documents, batch_size=batch_size)

    def code_document(self, document: Document) -> list[Event]:
        """The document's events (plain values: coded in a :meth:`memory_zone`, so coding
        documents one by one, for ever, keeps memory flat)."""
        with self.memory_zone():
            return self.pipeline(document).events

    def extract(
        self,
        documents: Iterable[Document],
        take: Callable[[Annotated], T],
        batch_size: int = 32,
    ) -> Iterator[T]:
        """``take(annotated)`` for each document in turn, coded ``batch_size`` at a time, each
        batch in a :meth:`memory_zone`: a stream of any length in flat memory. ``take`` must
        return plain values (event records, not the ``Doc`` or its tokens: they die with the
        zone); the caller's own loop must not open another zone."""
        items = iter(documents)
        while batch := list(islice(items, batch_size)):
            with self.memory_zone():
                for annotated in self.annotate(batch, batch_size=batch_size):
                    yield take(annotated)

    @contextmanager
    def memory_zone(self) -> Iterator[None]:
        """A block whose spaCy strings and lexemes are freed when it ends.

        spaCy interns every new word, number and name it tokenises in the model's vocabulary
        (its ``StringStore`` and lexeme table), for the life of the process: over an open
        vocabulary (news: names, places, figures, URLs) a long batch grows by ~20 MiB per
        10,000 documents, without end. Inside this block the new entries are transient
        (spaCy's ``Language.memory_zone``) and go when it ends, so memory stays flat. Every
        spaCy object made inside (the ``Doc`` of an :class:`Annotated`) is invalid after it:
        keep only what was taken out of them (events, records). A block opened inside another
        one (``code_document`` in a chunk's zone; spaCy's zones do not nest) is part of the
        outer one, even one opened by another Coder on the same model.
        """
        with ExitStack() as stack:
            seen: set[int] = set()
            for component in self.pipeline.components:
                nlp = getattr(component, "nlp", None)
                zone = getattr(nlp, "memory_zone", None)
                if getattr(getattr(nlp, "vocab", None), "in_memory_zone", False):
                    continue  # the model's zone is open already: the outer block frees it
                if zone is not None and id(nlp) not in seen:
                    seen.add(id(nlp))
                    stack.enter_context(zone())
            yield

    def code(
        self,
        text: str | bytes,
        published: date | datetime | str | None,
        *,
        doc_id: str = "document",
    ) -> list[Event]:
        """:func:`code` with this coder's pipeline."""
        return self.code_document(make_document(text, published, doc_id))


@cache
def default_coder() -> Coder:
    return Coder()


def make_document(
    text: str | bytes,
    published: date | datetime | str | None,
    doc_id: str = "document",
    *,
    today: date | None = None,
    source: str = "<input>",
) -> Document:
    """Validate raw input into a Document, raising one coded error for bad text or dates.

    ``Document.text`` is the text every offset indexes: the input decoded and repaired by
    :func:`~eventcoder.io.readers.decode_text`. ``source`` names the input in error messages.
    """
    return Document(
        id=doc_id,
        text=decode_text(text, source=source),
        published=parse_published(published, today=today),
    )


def code(
    text: str | bytes,
    published: date | datetime | str | None,
    *,
    doc_id: str = "document",
) -> list[Event]:
    """Code one article: every event it reports, typed, with evidence offsets into its text.

    ``published`` is the publication date every relative date is resolved against (a date, a
    datetime or ``YYYY-MM-DD``). Offsets index the text as decoded and repaired
    (``make_document(text, published).text``): bytes decoded, mojibake and broken characters
    repaired, ``\\r\\n`` made ``\\n``, zero-width characters dropped, HTML reduced to its
    article text. For clean ``str`` input that is ``text`` itself. Bad input raises
    :class:`~eventcoder.errors.EventcoderError` whose ``code`` says what is wrong (E001-E004 for
    the text, E010-E012 for the date).
    """
    return default_coder().code_document(make_document(text, published, doc_id))
