"""One handler for every error: the API's JSON shape, or the HTML error page. No tracebacks."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.routing import BaseRoute, Match

from aiwiki.errors import AiwikiError, Moved
from aiwiki.web.i18n import negotiate
from aiwiki.web.redirects import slash_redirect
from aiwiki.web.templating import context

log = logging.getLogger("aiwiki.web")
_CODES = {404: "not_found", 413: "body_too_large"}


def error_body(status: int, code: str, message: str) -> dict[str, dict[str, object]]:
    """The API's one error shape: {"error": {"status", "code", "message"}}."""
    return {"error": {"status": status, "code": code, "message": message}}


def respond(request: Request, status: int, code: str, message: str,
            headers: Mapping[str, str] | None = None) -> Response:
    """The JSON error under /api/, the HTML error page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse(error_body(status, code, message), status_code=status,
                            headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    lang = negotiate(request, request.app.state.wiki.settings.default_language)
    return templates.TemplateResponse(
        request, "error.html",
        context(request, lang, status=status, message=message),
        status_code=status, headers=headers,
    )


def _methods_at(request: Request) -> list[str]:
    """Every method some route answers at this path: Starlette's 405 names only the first
    route's, but GET, PATCH and DELETE of one topic are routes of their own."""
    methods: list[str] = []
    for route in _routes(request.app.router.routes):
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods += sorted(getattr(route, "methods", None) or ())
    return list(dict.fromkeys(methods))


def _routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI's included routers
        yield from _routes(inner.routes) if inner is not None else (route,)


def _headers(exc: StarletteHTTPException, request: Request) -> dict[str, str]:
    """The exception's own headers (a 405's Allow), with HEAD wherever GET is allowed."""
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        allowed = _methods_at(request) or [
            m.strip() for m in headers.get("Allow", "GET").split(",")]
        if "GET" in allowed and "HEAD" not in allowed:
            allowed.append("HEAD")  # web/guard.py answers HEAD for every GET route
        headers["Allow"] = ", ".join(allowed)
    if exc.status_code == 413:
        headers["Connection"] = "close"  # rather than read the rest of the body
    return headers


def install(app: FastAPI) -> None:
    @app.exception_handler(AiwikiError)
    async def aiwiki_error(request: Request, exc: AiwikiError) -> Response:
        if isinstance(exc, Moved):
            query = f"?{request.url.query}" if request.url.query else ""
            prefix = "/api/v1/topics/" if request.url.path.startswith("/api/") else "/t/"
            return RedirectResponse(exc.location.replace("/t/", prefix, 1) + query, 301)
        return respond(request, exc.status_code, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid request')}"
        return respond(request, 422, "invalid_request", message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and (redirect := slash_redirect(request)) is not None:
            return redirect
        message = "This page does not exist." if exc.status_code == 404 else str(exc.detail)
        code = _CODES.get(exc.status_code, "http_error")
        return respond(request, exc.status_code, code, message, _headers(exc, request))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        # Starlette re-raises after this answer and uvicorn then drops the connection: say so,
        # or a keep-alive client sends its next request into a reset.
        return respond(request, 500, "internal_error", "Something went wrong on our side.",
                       {"Connection": "close"})
