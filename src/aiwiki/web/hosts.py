"""AIWIKI_ALLOWED_HOSTS: the site answers only to the names it is reached by.

Starlette's TrustedHostMiddleware answers others with a bare text "Invalid host header"; this
one matches the same patterns (`*`, `name`, `*.domain`) and answers with the site's one error
shape, JSON under /api/ and the error page elsewhere. It runs before any route, so a forged
Host reaches nothing that could echo it (a redirect, a link).
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from aiwiki.web import errors


def host_name(header: str) -> str:
    """The name in a Host header, without its port: `[::1]:8000` → `[::1]`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def allowed(name: str, patterns: list[str]) -> bool:
    """`*` is any name, `*.example.org` a subdomain of example.org, anything else itself."""
    return bool(name) and any(
        pattern == "*" or name == pattern
        or (pattern.startswith("*.") and name.endswith(pattern[1:]))
        for pattern in patterns
    )


class TrustedHosts:
    def __init__(self, app: ASGIApp, patterns: list[str]) -> None:
        self.app = app
        self.patterns = [pattern.lower() for pattern in patterns]
        self.allow_any = "*" in self.patterns

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allow_any or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        name = host_name(Headers(scope=scope).get("host", ""))
        if allowed(name, self.patterns):
            await self.app(scope, receive, send)
            return
        shown = name[:60] or "(none)"
        response = errors.respond(
            Request(scope, receive), 400, "unknown_host",
            f"This site does not answer to the host “{shown}”.")
        await response(scope, receive, send)
