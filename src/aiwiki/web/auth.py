"""Signing in and out, the first-run page, and the "not signed in" answer of every route.

`install(app)` wires it all: these routes, the account page and API, the middleware that
learns each page's viewer, and the handler that sends an anonymous page request to
/login?next=… (the API gets its usual JSON error with 401 instead).
"""

from __future__ import annotations

import ipaddress
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, FastAPI, Form
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.requests import Request

from aiwiki.domain.accounts import PASSWORD_MAX, Role
from aiwiki.errors import (
    Conflict,
    Forbidden,
    InvalidFields,
    NotAuthenticated,
    NotFound,
    TooManyAttempts,
)
from aiwiki.services import accounts, logins
from aiwiki.services.logins import Login
from aiwiki.services.wiki import Wiki
from aiwiki.web import account, account_api, admin, csrf
from aiwiki.web.cookies import cookie_header
from aiwiki.web.deps import LangDep, WikiDep
from aiwiki.web.errors import error_body
from aiwiki.web.forms import CsrfChecked, page
from aiwiki.web.session import (
    SESSION_COOKIE,
    AuthMiddleware,
    is_api,
    origin_of,
    session_max_age,
    viewer_of,
)

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
NameField = Annotated[str, Form(max_length=200)]
PasswordField = Annotated[str, Form(max_length=PASSWORD_MAX)]
NextField = Annotated[str, Form(max_length=2000)]
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def local_path(value: str | None) -> str:
    """`value` if it is a path on this site, else "/": a login link must never send the
    user on to another site (`//evil.example`, `/\\evil.example`, `https://…`)."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(char) < 32 or ord(char) == 127 for char in value):
        return "/"
    parts = urlsplit(value)
    return "/" if parts.scheme or parts.netloc else value


def signed_in(request: Request, wiki: Wiki, done: Login, to: str) -> Response:
    """Redirect to `to` with the new session's cookie."""
    response = RedirectResponse(local_path(to), status_code=303)
    response.headers.append("set-cookie", cookie_header(
        request, SESSION_COOKIE, done.token, session_max_age(wiki)))
    return response


@router.get("/login")
def login_page(request: Request, wiki: WikiDep, lang: LangDep, next: str = "/") -> Response:
    if viewer_of(request) is not None:
        return RedirectResponse(local_path(next), status_code=303)
    return page(request, lang, "login.html", next=local_path(next), username="",
                offer_setup=_may_set_up(request, wiki))


@router.post("/login")
def login_submit(request: Request, wiki: WikiDep, lang: LangDep, _: CsrfChecked,
                 username: NameField = "", password: PasswordField = "",
                 next: NextField = "/") -> Response:
    shown = {"next": local_path(next), "username": username, "offer_setup": False}
    try:
        done = logins.login(wiki, username, password, origin_of(request))
    except NotAuthenticated:
        return page(request, lang, "login.html", 401, error="login_wrong", **shown)
    except TooManyAttempts as exc:
        response = page(request, lang, "login.html", 429, error="login_throttled",
                        wait=exc.retry_after, **shown)
        response.headers["retry-after"] = str(exc.retry_after)
        return response
    return signed_in(request, wiki, done, next)


@router.post("/logout")
def logout(request: Request, wiki: WikiDep,
           csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Ends this browser's session. Without a valid session there is nothing to protect,
    so a stale page's logout still clears the cookie instead of showing a 403."""
    token = request.cookies.get(SESSION_COOKIE)
    if viewer_of(request) is not None and token:
        csrf.check(request, csrf_token)
        logins.logout(wiki, token, origin_of(request))
    response = RedirectResponse("/", status_code=303)
    response.headers.append("set-cookie", cookie_header(request, SESSION_COOKIE, "", 0))
    return response


def _from_loopback(request: Request) -> bool:
    """A request made on the server itself, not relayed by a proxy on it."""
    if any(name in request.headers for name in FORWARDING_HEADERS) or request.client is None:
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False


def _may_set_up(request: Request, wiki: Wiki) -> bool:
    return _from_loopback(request) and not accounts.has_users(wiki)


def _setup_allowed(request: Request, wiki: Wiki) -> None:
    if not _from_loopback(request):
        raise Forbidden("the first-run page answers only on the server itself "
                        "(a loopback address); or run `aiwiki user add NAME --admin`")
    if accounts.has_users(wiki):
        raise NotFound("the first account exists already; sign in instead")


@router.get("/setup")
def setup_page(request: Request, wiki: WikiDep, lang: LangDep) -> Response:
    _setup_allowed(request, wiki)
    return page(request, lang, "setup.html", username="", display_name="")


@router.post("/setup")
def setup_submit(request: Request, wiki: WikiDep, lang: LangDep, _: CsrfChecked,
                 username: NameField = "", display_name: NameField = "",
                 password: PasswordField = "", password_again: PasswordField = "") -> Response:
    _setup_allowed(request, wiki)
    try:
        if password != password_again:
            raise InvalidFields({"password_again": "the two passwords differ"})
        accounts.create_user(wiki, username, password, origin_of(request), role=Role.ADMIN,
                             display_name=display_name or None, only_if_first=True)
    except InvalidFields as exc:
        return page(request, lang, "setup.html", 422, username=username,
                    display_name=display_name, error=exc)
    except Conflict as exc:
        raise NotFound(exc.message) from None  # someone else finished the setup first
    return signed_in(request, wiki, logins.login(wiki, username, password, origin_of(request)),
                     "/account")


async def _not_authenticated(request: Request, exc: Exception) -> Response:
    """The API says 401 in its JSON shape; a page sends the browser to the login form,
    coming back to where it was (for a GET; a form's target is no page to return to)."""
    message = exc.message if isinstance(exc, NotAuthenticated) else "sign in first"
    if is_api(request):
        return JSONResponse(error_body(401, NotAuthenticated.code, message), status_code=401,
                            headers={"www-authenticate": 'Bearer realm="aiwiki"'})
    query = f"?{request.url.query}" if request.url.query else ""
    back = request.url.path + query if request.method in ("GET", "HEAD") else "/"
    location = "/login" if back == "/" else f"/login?next={quote(back, safe='/')}"
    return RedirectResponse(location, status_code=303)


def install(app: FastAPI) -> None:
    app.add_middleware(AuthMiddleware)
    app.add_exception_handler(NotAuthenticated, _not_authenticated)
    app.include_router(router)
    app.include_router(account.router)
    app.include_router(account_api.router)
    app.include_router(account_api.users)
    app.include_router(admin.router)
    app.include_router(admin.api)
