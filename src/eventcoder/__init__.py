"""eventcoder: news articles in, audited PLOVER 2.0 political events out.

>>> import eventcoder
>>> from datetime import date
>>> events = eventcoder.code(
...     "Ethiopian forces attacked Eritrean positions on Monday.", published=date(2025, 10, 29)
... )
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Coder", "EventcoderError", "code"]

if TYPE_CHECKING:
    from eventcoder.coder import Coder, code
    from eventcoder.errors import EventcoderError


def __getattr__(name: str) -> Any:
    # Lazy, so `import eventcoder` loads neither spaCy nor any lexicon.
    if name in {"Coder", "code"}:
        from eventcoder import coder

        return getattr(coder, name)
    if name == "EventcoderError":
        from eventcoder.errors import EventcoderError

        return EventcoderError
    raise AttributeError(name)
