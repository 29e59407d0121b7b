"""The request-body limit, applied before the body is read (an ASGI middleware).

A request whose ``Content-Length`` exceeds the limit is answered 413 at once,
without reading a byte of its body; a body without a length (chunked) or one
longer than it said is counted as it arrives, and reading stops with a 413
as soon as the count passes the limit — before any form or JSON parsing.
The default limit is the largest upload the app accepts (four times a
document's size limit) plus room for the form around it.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csrledger.corpus import MAX_DOCUMENT_BYTES

MAX_BODY_BYTES = MAX_DOCUMENT_BYTES * 4 + 1024 * 1024


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit (the app's handlers answer 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is too large (over {limit:,} bytes)")


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, before they are read."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    def _refusal(self, scope: Scope, status: int, message: str) -> Response:
        if str(scope.get("path", "")).startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=status)
        return PlainTextResponse(message, status_code=status)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lengths = [v for k, v in scope.get("headers", []) if k.lower() == b"content-length"]
        if lengths:
            try:
                declared = max(int(v) for v in lengths)
            except ValueError:
                await self._refusal(scope, 400, "the Content-Length header is not a number")(scope, receive, send)
                return
            if declared > self.limit:
                await self._refusal(scope, 413, str(BodyTooLarge(self.limit).detail))(scope, receive, send)
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            if received > self.limit:
                raise BodyTooLarge(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except BodyTooLarge as exc:    # raised where no handler answered it
            if started:
                raise
            await self._refusal(scope, 413, str(exc.detail))(scope, receive, send)
