"""The outermost ASGI layer: request limits, HEAD, and the security headers on every answer.

It wraps the whole application, outside Starlette's ServerErrorMiddleware, so that a 500
page gets the headers too. One pass over the request headers measures the head and reads
Content-Length; the common request (a GET without a body) costs that pass and one wrapped
`send`, nothing more.
"""

from __future__ import annotations

from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aiwiki.web import errors
from aiwiki.web.security import RAW_HEADERS

# Paths whose app answers HEAD itself (StaticFiles sends the headers without reading the file).
_NATIVE_HEAD = "/static/"


class HttpGuard:
    def __init__(self, app: ASGIApp, max_header_bytes: int, max_body_bytes: int) -> None:
        self.app = app
        # Starlette counts a body that arrives in pieces; only requests with a body pay for it.
        self.limited_app = RequestBodyLimitMiddleware(app, max_body_size=max_body_bytes)
        self.max_header_bytes = max_header_bytes
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _stamped(send)
        head_bytes, body_length, has_body = _measure(scope)
        if head_bytes > self.max_header_bytes:
            await _refuse(scope, receive, send, 431, "headers_too_large",
                          f"The request headers are over {self.max_header_bytes} bytes.")
        elif body_length > self.max_body_bytes:
            await _refuse(scope, receive, send, 413, "body_too_large",
                          f"The request body is over {self.max_body_bytes} bytes.")
        else:
            if scope["method"] == "HEAD" and not scope["path"].startswith(_NATIVE_HEAD):
                scope, send = {**scope, "method": "GET"}, _headers_only(send)
            await (self.limited_app if has_body else self.app)(scope, receive, send)


def _measure(scope: Scope) -> tuple[int, int, bool]:
    """Bytes in the request head, the declared body length, and whether a body comes."""
    size = len(scope.get("raw_path") or b"") + len(scope["query_string"])
    length, has_body = 0, False
    for name, value in scope["headers"]:
        size += len(name) + len(value) + 4  # ": " and CRLF
        if name == b"content-length":
            length = int(value) if value.isdigit() else 0
            has_body = has_body or length > 0
        elif name == b"transfer-encoding":
            has_body = True
    return size, length, has_body


def _stamped(send: Send) -> Send:
    async def send_stamped(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", ()), *RAW_HEADERS]
        await send(message)

    return send_stamped


def _headers_only(send: Send) -> Send:
    """HEAD is GET without the body: the app answers a GET, the body is dropped here."""

    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head


async def _refuse(scope: Scope, receive: Receive, send: Send,
                  status: int, code: str, message: str) -> None:
    """The usual error shape; the connection closes, so the rest of the request is not read."""
    response = errors.respond(Request(scope, receive), status, code, message)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)
