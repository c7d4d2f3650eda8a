"""The library entry point: ``eventcoder.code(text, published=...)`` and the reusable Coder."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import cache

from eventcoder.io.readers import decode_text, parse_published
from eventcoder.model import Annotated, Document, Event
from eventcoder.pipeline import DEFAULT_PIPELINE, Pipeline


class Coder:
    """Loads the pipeline once; codes one document or a stream of them."""

    def __init__(self, components: tuple[str, ...] = DEFAULT_PIPELINE) -> None:
        self.pipeline = Pipeline(components)

    def annotate(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Annotated]:
        return self.pipeline.pipe(documents, batch_size=batch_size)

    def code_document(self, document: Document) -> list[Event]:
        return self.pipeline(document).events


@cache
def default_coder() -> Coder:
    return Coder()


def make_document(
    text: str | bytes,
    published: date | datetime | str | None,
    doc_id: str = "document",
    *,
    today: date | None = None,
) -> Document:
    """Validate raw input into a Document, raising one coded error for bad text or dates."""
    return Document(
        id=doc_id,
        text=decode_text(text),
        published=parse_published(published, today=today),
    )


def code(
    text: str | bytes,
    published: date | datetime | str | None,
    *,
    doc_id: str = "document",
) -> list[Event]:
    """Code one article: every event it reports, typed, with evidence offsets into ``text``.

    ``published`` is the publication date every relative date is resolved against.
    """
    return default_coder().code_document(make_document(text, published, doc_id))
