"""Named, registered pipeline components, checked when the pipeline is built (spaCy-style).

A component is any object with ``__call__(annotated) -> None`` that adds to the carrier; it may
also offer ``pipe(stream) -> Iterator[Annotated]`` to work on batches (the parse stage does, to
stream documents through spaCy). Each registered spec declares what it ``requires`` and what it
``assigns`` on :class:`~eventcoder.model.Annotated`, so a misordered or incomplete pipeline is
refused before any text is coded, and a stage can be swapped by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from eventcoder.errors import ErrorCode, EventcoderError
from eventcoder.model import Annotated, Document


class Component(Protocol):
    def __call__(self, annotated: Annotated) -> None: ...


@dataclass(frozen=True, slots=True)
class ComponentSpec:
    """How to build a component and what it needs from and adds to the carrier.

    ``factory`` is an import path ``"module:attribute"``, resolved only when a pipeline is built,
    so importing eventcoder loads no model and no lexicon.
    """

    name: str
    factory: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def build(self) -> Component:
        module_name, _, attribute = self.factory.partition(":")
        factory: Callable[[], Component] = getattr(importlib.import_module(module_name), attribute)
        return factory()


COMPONENTS: Mapping[str, ComponentSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            ComponentSpec(
                "case",
                "eventcoder.stages.case:CaseComponent",
                requires=("document",),
                assigns=("text",),
            ),
            ComponentSpec(
                "structure",
                "eventcoder.stages.structure:StructureComponent",
                requires=("document",),
                assigns=("units", "dateline"),
            ),
            ComponentSpec(
                "parse",
                "eventcoder.stages.parse:ParseComponent",
                requires=("document", "units"),
                assigns=("doc",),
            ),
            ComponentSpec(
                "mentions",
                "eventcoder.stages.mentions:MentionsComponent",
                requires=("doc", "units", "dateline"),
                assigns=("actors", "times", "places"),
            ),
            ComponentSpec(
                "events",
                "eventcoder.stages.events:EventsComponent",
                requires=("doc", "units"),
                assigns=("triggers",),
            ),
            ComponentSpec(
                "arguments",
                "eventcoder.stages.arguments:ArgumentsComponent",
                requires=("doc", "triggers", "actors", "times", "places"),
                assigns=("events",),
            ),
            ComponentSpec(
                "merge",
                "eventcoder.stages.merge:MergeComponent",
                requires=("events",),
                assigns=("events",),
            ),
            ComponentSpec(
                "quotes",
                "eventcoder.stages.case:QuotesComponent",
                requires=("events", "actors", "times", "places", "triggers"),
                assigns=("events", "actors", "times", "places", "triggers"),
            ),
        )
    }
)

DEFAULT_PIPELINE: tuple[str, ...] = (
    "case",
    "structure",
    "parse",
    "mentions",
    "events",
    "arguments",
    "merge",
    "quotes",
)


def check_order(names: Sequence[str], registry: Mapping[str, ComponentSpec] = COMPONENTS) -> None:
    """Refuse unknown components and components whose requirements nothing assigned before."""
    available = {"document"}
    for name in names:
        spec = registry.get(name)
        if spec is None:
            raise EventcoderError(ErrorCode.E031, name=name, known=", ".join(sorted(registry)))
        missing = [field for field in spec.requires if field not in available]
        if missing:
            raise EventcoderError(
                ErrorCode.E030,
                detail=f"component {name!r} requires {', '.join(missing)}, "
                "which no earlier component assigns",
            )
        available.update(spec.assigns)


class Pipeline:
    """The coder: documents in, :class:`Annotated` carriers with merged events out."""

    def __init__(
        self,
        names: Sequence[str] = DEFAULT_PIPELINE,
        registry: Mapping[str, ComponentSpec] = COMPONENTS,
    ) -> None:
        check_order(names, registry)
        self.names = tuple(names)
        self.components: tuple[Component, ...] = tuple(registry[n].build() for n in names)

    def __call__(self, document: Document) -> Annotated:
        return next(iter(self.pipe([document])))

    def pipe(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Annotated]:
        """Stream documents through every component; batching components see batches."""
        stream: Iterator[Annotated] = (Annotated(document=d) for d in documents)
        for component in self.components:
            stream = _through(component, stream, batch_size)
        return stream


def _through(
    component: Component, stream: Iterator[Annotated], batch_size: int
) -> Iterator[Annotated]:
    batched = getattr(component, "pipe", None)
    if batched is not None:
        yield from batched(stream, batch_size=batch_size)
        return
    for annotated in stream:
        component(annotated)
        yield annotated
