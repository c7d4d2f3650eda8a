"""The analyst's web page, served by ``eventcoder serve`` at ``/``: plain HTML, CSS and
JavaScript under ``static/`` (no build step, nothing loaded from outside the server)."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
