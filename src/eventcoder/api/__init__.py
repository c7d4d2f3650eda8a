"""The HTTP API (``eventcoder serve``): FastAPI on uvicorn, over the coder and the event store.

``create_app(store_path)`` builds the ASGI application; nothing here is imported by
``import eventcoder``, and importing this package loads no web framework until
``create_app`` is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ServerConfig", "create_app", "default_store_path"]

if TYPE_CHECKING:
    from eventcoder.api.app import create_app
    from eventcoder.api.config import ServerConfig, default_store_path


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from eventcoder.api.app import create_app

        return create_app
    if name in {"ServerConfig", "default_store_path"}:
        from eventcoder.api import config

        return getattr(config, name)
    raise AttributeError(name)
