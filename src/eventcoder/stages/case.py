"""Case: give caseless text its capitals before anything reads it, and quote the input after.

``case`` (first stage) sets :attr:`Annotated.text`, the text every later stage reads, to the
document's text with case restored in paragraphs that have none (lower-case crawls, shouted
wire headlines; :mod:`eventcoder.knowledge.casing`). Restoration changes no length, so every
offset a stage computes indexes the document as given.

``quotes`` (last stage) makes every span an event, a mention or a set-aside candidate carries
quote the document as given, not the restored copy: evidence is what the user's text says,
letter for letter.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from eventcoder.knowledge.casing import CaseRestorer, case_mode, load_case_restorer
from eventcoder.model import Annotated, Span

T = TypeVar("T")


class CaseComponent:
    def __init__(self, restorer: CaseRestorer | None = None) -> None:
        # Built on the first caseless document only: most text needs none.
        self._restorer = restorer

    def __call__(self, annotated: Annotated) -> None:
        text = annotated.document.text
        if not any(case_mode(paragraph) for paragraph in text.split("\n")):
            return
        if self._restorer is None:
            self._restorer = load_case_restorer()
        annotated.text = self._restorer.restore(text)


class QuotesComponent:
    def __call__(self, annotated: Annotated) -> None:
        original = annotated.document.text
        if annotated.text == original:
            return
        annotated.events = [requote(event, original) for event in annotated.events]
        # The mentions and candidates the API and --dropped show quote the input too.
        annotated.actors = [requote(m, original) for m in annotated.actors]
        annotated.times = [requote(m, original) for m in annotated.times]
        annotated.places = [requote(m, original) for m in annotated.places]
        annotated.triggers = [requote(t, original) for t in annotated.triggers]
        annotated.dropped = [requote(d, original) for d in annotated.dropped]


def requote(record: T, text: str) -> T:
    """``record`` with every :class:`Span` inside it (at any depth of frozen dataclasses and
    tuples) quoting ``text`` at its offsets."""
    return _requote(record, text)


def _requote(value: Any, text: str) -> Any:
    if isinstance(value, Span):
        return replace(value, text=text[value.start : value.end])
    if isinstance(value, tuple):
        return tuple(_requote(item, text) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            old = getattr(value, f.name)
            new = _requote(old, text)
            if new is not old:
                changes[f.name] = new
        return replace(value, **changes) if changes else value
    return value
