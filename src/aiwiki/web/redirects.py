"""`/t/attention/` → `/t/attention`: the trailing-slash redirect, with a relative Location.

Starlette's own (`redirect_slashes`) builds an absolute URL from the request's Host header,
so `Host: evil.example` came back as `Location: http://evil.example/…`. This one names only
the path and the query, and only when the path without the slash is a route.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Match


def slash_redirect(request: Request) -> Response | None:
    """The redirect for a 404 whose path ends in `/`, or None when there is nothing to send to."""
    path = request.url.path
    target = path.rstrip("/")
    if target == path or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None  # no trailing slash, just "/", or a target a browser reads as another host
    scope = {**request.scope, "path": target}
    if not any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
        return None
    query = request.url.query
    return RedirectResponse(target + (f"?{query}" if query else ""), status_code=307)
