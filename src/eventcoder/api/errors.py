"""One JSON error shape for every error the server answers: ``{"error": {"code", "message"}}``
(:meth:`eventcoder.errors.EventcoderError.to_dict`), whatever raised it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventcoder.errors import ErrorCode, EventcoderError

LOG = logging.getLogger("eventcoder.api")

STATUS: dict[ErrorCode, int] = {
    ErrorCode.E001: 422,
    ErrorCode.E002: 422,
    ErrorCode.E003: 422,
    ErrorCode.E004: 413,
    ErrorCode.E010: 422,
    ErrorCode.E011: 422,
    ErrorCode.E012: 422,
    ErrorCode.E060: 503,
    ErrorCode.E061: 503,
    ErrorCode.E064: 503,
    ErrorCode.E065: 404,
    ErrorCode.E066: 422,
    ErrorCode.E067: 422,
    ErrorCode.E068: 404,
    ErrorCode.E069: 507,  # the store's disk is full or read-only: Insufficient Storage
    ErrorCode.E070: 503,  # the server's memory limit for its store is not a size
    ErrorCode.E090: 404,
    ErrorCode.E091: 405,
    ErrorCode.E092: 413,
    ErrorCode.E093: 422,
    ErrorCode.E094: 503,
    ErrorCode.E095: 404,
    ErrorCode.E096: 409,
}
"""The HTTP status of each error the API answers with; any other code is a 500."""
NO_RETRY: frozenset[ErrorCode] = frozenset({ErrorCode.E070})
"""503s that a retry does not mend (the server's own configuration): no Retry-After."""


def error_response(
    error: EventcoderError, *, status: int | None = None, retry_after: int | None = None
) -> JSONResponse:
    status = status or STATUS.get(error.code, 500)
    retry = status == 503 and retry_after and error.code not in NO_RETRY
    headers = {"Retry-After": str(retry_after)} if retry else None
    return JSONResponse(error.to_dict(), status_code=status, headers=headers)


def validation_detail(errors: Sequence[Any], *, most: int = 5) -> str:
    """Where and what, for the first few problems (never the input itself: it may be huge)."""
    parts = []
    for problem in list(errors)[:most]:
        location = ".".join(str(p) for p in problem.get("loc", ()))
        parts.append(f"{location}: {problem.get('msg', 'invalid')}")
    if len(errors) > most:
        parts.append(f"and {len(errors) - most} more")
    return "; ".join(parts) or "the request is not valid"


def install_error_handlers(app: FastAPI, *, retry_after: int) -> None:
    async def on_eventcoder(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, EventcoderError)
        return error_response(exc, retry_after=retry_after)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        error = EventcoderError(ErrorCode.E093, detail=validation_detail(exc.errors()))
        return error_response(error)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        path = request.url.path
        status = exc.status_code
        if exc.status_code == 400:
            # FastAPI's answer to a body it cannot decode (e.g. JSON that is not UTF-8): a
            # malformed request like any other, so the same 422 as malformed JSON.
            error = EventcoderError(
                ErrorCode.E093, detail=f"the body cannot be read ({exc.detail})"
            )
            status = 422
        elif exc.status_code == 404:
            error = EventcoderError(ErrorCode.E090, path=path)
        elif exc.status_code == 405:
            error = EventcoderError(ErrorCode.E091, method=request.method, path=path)
        elif exc.status_code == 413:
            error = EventcoderError(ErrorCode.E092, limit=exc.detail)
        else:
            error = EventcoderError(ErrorCode.E097, status=exc.status_code, detail=exc.detail)
        response = error_response(error, status=status)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        LOG.exception("unexpected error on %s %s", request.method, request.url.path)
        error = EventcoderError(ErrorCode.E098, kind=type(exc).__name__)
        return error_response(error, status=500)

    handlers: list[tuple[type[Exception], Callable[[Request, Exception], Awaitable[Any]]]] = [
        (EventcoderError, on_eventcoder),
        (RequestValidationError, on_validation),
        (HTTPException, on_http),
        (Exception, on_unexpected),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, handler)


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes is refused with 413 (E092), by its
    Content-Length before it is read, or as soon as a chunked body passes the limit."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await self._refuse(scope, receive, send)
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, detail=str(self.limit))
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = EventcoderError(ErrorCode.E092, limit=self.limit)
        # Connection: close, so the client is not expected to send the body it announced.
        response = JSONResponse(error.to_dict(), status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)
