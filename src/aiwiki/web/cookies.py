"""Cookies the auth code sets, and the per-request state it shares.

Every cookie here is HttpOnly and SameSite=Lax, and Secure when the request came over https
(behind a proxy, uvicorn's --proxy-headers makes that the client's scheme)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response


def request_state(request: Request) -> dict[str, Any]:
    """The request's state as a dict: what middleware and dependencies hand each other."""
    state: dict[str, Any] = request.scope.setdefault("state", {})
    return state


def cookie_header(request: Request, name: str, value: str, max_age: int | None) -> str:
    """A Set-Cookie value; `max_age=0` deletes the cookie."""
    response = Response()
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    return response.headers["set-cookie"]


def queue_cookie(request: Request, header: str) -> None:
    """A Set-Cookie that web/session.py's middleware adds to this request's response."""
    request_state(request).setdefault("set_cookies", []).append(header)
