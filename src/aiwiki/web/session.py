"""Who is asking: the session cookie of a browser or the bearer token of a script, as
FastAPI dependencies (`current_user`, `require_editor`, `require_admin`).

Pages learn their viewer before routing (`AuthMiddleware`, one indexed lookup in a worker
thread, only for requests that carry the cookie), so that every template, the error pages
included, can show who is signed in without touching the database on the event loop. API
routes resolve theirs on demand: search-as-you-type never pays for it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jinja2 import pass_context
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aiwiki.domain.accounts import Role
from aiwiki.errors import Forbidden, NotAuthenticated
from aiwiki.services import api_tokens, logins
from aiwiki.services.audit import Origin
from aiwiki.services.logins import Viewer
from aiwiki.services.wiki import Wiki
from aiwiki.web import csrf
from aiwiki.web.cookies import cookie_header, queue_cookie, request_state

SESSION_COOKIE = "aiwiki_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_UNRESOLVED = object()


def origin_of(request: Request) -> Origin:
    address = request.client.host if request.client else ""
    return Origin(address=address, user_agent=request.headers.get("user-agent", ""))


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def viewer_of(request: Request) -> Viewer | None:
    """The viewer already resolved for this request (None for anonymous); never queries."""
    viewer = request_state(request).get("viewer")
    return viewer if isinstance(viewer, Viewer) else None


def session_max_age(wiki: Wiki) -> int:
    return int(wiki.settings.session_days * 86400)


def _from_cookie(request: Request) -> Viewer | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    wiki: Wiki = request.app.state.wiki
    resolved = logins.resolve(wiki, token)
    if resolved is None:  # ended or expired: stop sending it
        queue_cookie(request, cookie_header(request, SESSION_COOKIE, "", 0))
        return None
    request_state(request)["session_token"] = token  # what web/csrf.py derives from
    if resolved.refreshed:  # the session slid: so does the cookie's own expiry
        queue_cookie(request, cookie_header(request, SESSION_COOKIE, token,
                                            session_max_age(wiki)))
    return resolved.viewer


class AuthMiddleware:
    """Resolves page requests' viewers; adds queued cookies; keeps personal pages private."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        state = request_state(request)
        if not scope["path"].startswith(("/api/", "/static/")):
            state["viewer"] = await run_in_threadpool(_from_cookie, request)

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for cookie in state.get("set_cookies", ()):
                    headers.append("set-cookie", cookie)
                if viewer_of(request) is not None and "no-store" not in headers.get(
                        "cache-control", ""):  # the page names the viewer: no shared caches
                    headers["cache-control"] = "private, no-cache"
            await send(message)

        await self.app(scope, receive, send_with_cookies)


def _from_bearer(request: Request, header: str) -> Viewer:
    scheme, _, secret = header.partition(" ")
    wiki: Wiki = request.app.state.wiki
    viewer = None
    if scheme.lower() == "bearer" and secret.strip():
        viewer = api_tokens.authenticate(wiki, secret.strip(), origin_of(request))
    if viewer is None:
        raise NotAuthenticated("the API token is unknown, revoked, or its owner is disabled")
    return viewer


# Declares the scheme in the OpenAPI document; the header itself is read below, so that a
# malformed one is refused (401) rather than taken for an anonymous request.
BEARER = HTTPBearer(auto_error=False, scheme_name="token",
                    description="An API token from /account: `Authorization: Bearer aiw_…`.")


def current_user(request: Request,
                 _: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)] = None,
                 ) -> Viewer | None:
    """The viewer, from `Authorization: Bearer` or the session cookie; None if anonymous.
    A cookie-signed API write must carry the X-CSRF-Token header (web/csrf.py)."""
    state = request_state(request)
    if state.get("viewer", _UNRESOLVED) is _UNRESOLVED:
        header = request.headers.get("authorization")
        state["viewer"] = _from_bearer(request, header) if header else _from_cookie(request)
        if header is None and is_api(request) and state["viewer"] is not None \
                and request.method not in SAFE_METHODS:
            csrf.check(request, request.headers.get(csrf.HEADER))
    return viewer_of(request)


def require_editor(request: Request,
                   viewer: Annotated[Viewer | None, Depends(current_user)]) -> Viewer:
    """Any signed-in account (editors and admins); a write needs a write-scoped token."""
    if viewer is None:
        raise NotAuthenticated("sign in first")
    if request.method not in SAFE_METHODS and not viewer.can_write:
        raise Forbidden("this API token may only read; make one with the write scope")
    return viewer


def require_admin(viewer: Annotated[Viewer, Depends(require_editor)]) -> Viewer:
    if viewer.account.role is not Role.ADMIN:
        raise Forbidden("only an admin may do this")
    return viewer


CurrentUser = Annotated[Viewer | None, Depends(current_user)]
Editor = Annotated[Viewer, Depends(require_editor)]
Admin = Annotated[Viewer, Depends(require_admin)]


@pass_context
def _viewer_global(context: Any) -> Viewer | None:
    return viewer_of(context["request"])


@pass_context
def _csrf_field_global(context: Any) -> Markup:
    return csrf.field(context["request"])


@pass_context
def _csrf_token_global(context: Any) -> str:
    return csrf.token(context["request"])


def template_globals() -> dict[str, Any]:
    """`viewer()`, `csrf_field()` and `csrf_token()` for every template."""
    return {"viewer": _viewer_global, "csrf_field": _csrf_field_global,
            "csrf_token": _csrf_token_global}
