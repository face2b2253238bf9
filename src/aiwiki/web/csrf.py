"""CSRF protection for every form POST, and for API writes signed by a session cookie.

A synchronizer token derived from a secret the browser holds in an HttpOnly cookie: the
session token when signed in, else a random pre-session seed (for the login and first-run
forms). The page carries HMAC(seed), which another site can neither read nor compute; the
POST must send it back. Nothing is stored server-side, so every app server agrees.

Forms: `{{ csrf_field() }}` in the template, `Depends(require_csrf)` on the route.
Scripts with a session cookie: the `X-CSRF-Token` header (the value is in
`<meta name="csrf-token">` on every page for a signed-in viewer).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from markupsafe import Markup
from starlette.requests import Request

from aiwiki.errors import Forbidden
from aiwiki.web.cookies import cookie_header, queue_cookie, request_state

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SEED_COOKIE = "aiwiki_csrf"
SEED_MAX_AGE = 7 * 86400
REFUSED = "the form is out of date or came from another site; reload the page and try again"


def _seed(request: Request) -> str | None:
    """The secret this request's token derives from. `session_token` is put into the state
    by web/session.py when a valid session cookie signed the request."""
    state = request_state(request)
    seed = state.get("session_token") or state.get("csrf_seed")
    return seed or request.cookies.get(SEED_COOKIE)


def _derive(seed: str) -> str:
    return hmac.new(seed.encode("utf-8"), b"aiwiki csrf v1", hashlib.sha256).hexdigest()


def token(request: Request) -> str:
    """The token a form on this page must send back; mints a seed cookie if needed."""
    seed = _seed(request)
    if seed is None:
        seed = secrets.token_urlsafe(32)
        request_state(request)["csrf_seed"] = seed
        queue_cookie(request, cookie_header(request, SEED_COOKIE, seed, SEED_MAX_AGE))
    return _derive(seed)


def field(request: Request) -> Markup:
    """The hidden input every POST form carries."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, token(request))


def check(request: Request, sent: str | None) -> None:
    """Raise Forbidden (403) unless `sent` is this request's token. Nothing is done first."""
    seed = _seed(request)
    if not seed or not sent or not hmac.compare_digest(sent.encode(), _derive(seed).encode()):
        raise Forbidden(REFUSED)


async def require_csrf(request: Request) -> None:
    """Dependency for form routes: the hidden field (or the header) must match."""
    form = await request.form()
    sent = form.get(FIELD)
    check(request, sent if isinstance(sent, str) else request.headers.get(HEADER))
