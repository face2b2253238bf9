"""The application factory: one Wiki, HTML routes, API routes, static files, error handler,
wrapped in the request limits and security headers of web/guard.py."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp

from aiwiki import __version__
from aiwiki.config import Settings, load_settings
from aiwiki.services.wiki import Wiki
from aiwiki.web import (
    api,
    auth,
    docs,
    edit_api,
    edit_errors,
    edit_pages,
    errors,
    history_pages,
    pages,
    review_routes,
)
from aiwiki.web.guard import HttpGuard
from aiwiki.web.hosts import TrustedHosts
from aiwiki.web.templating import TEMPLATES, make_templates

STATIC = TEMPLATES.parent / "static"


class Site(FastAPI):
    """FastAPI with web/guard.py around everything, Starlette's error middleware included."""

    def build_middleware_stack(self) -> ASGIApp:
        settings: Settings = self.state.wiki.settings
        return HttpGuard(super().build_middleware_stack(),
                         settings.max_header_bytes, settings.max_body_bytes)


def create_app(wiki: Wiki | None = None, settings: Settings | None = None) -> FastAPI:
    if wiki is None:
        wiki = Wiki.open(settings or load_settings())
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if wiki.search:
            wiki.search.warm_up()
        if wiki.generation:
            wiki.generation.start()
        # What start-up built (jieba's dictionary, the vocabulary, modules) lives as long
        # as the server: out of the collector's sight, a full collection no longer walks
        # it, which was a tail of several milliseconds on requests that triggered one.
        gc.collect()
        gc.freeze()
        yield
        if wiki.generation:
            wiki.generation.stop()

    app = Site(
        lifespan=lifespan,
        title="aiwiki",
        version=__version__,
        description="A bilingual knowledge base of AI concepts.",
        docs_url=None,  # web/docs.py serves it from local files
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        redirect_slashes=False,  # web/redirects.py answers /x/ with a relative Location
    )
    app.state.wiki = wiki
    app.state.templates = make_templates(wiki.settings.site_name)
    errors.install(app)
    edit_errors.install(app)
    app.add_middleware(TrustedHosts, patterns=wiki.settings.allowed_host_names)
    app.include_router(api.lean)  # first: the routes every keystroke asks for
    app.include_router(api.router)
    app.include_router(edit_api.router)
    app.include_router(pages.router)
    app.include_router(review_routes.api)
    app.include_router(review_routes.pages)
    app.include_router(edit_pages.router)
    app.include_router(history_pages.router)
    auth.install(app)  # sessions, CSRF, /login, /setup, /account, /api/v1/me
    docs.install(app)  # before /static: its files live under /static/swagger-ui
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app


def create_app_from_env() -> FastAPI:
    """For `uvicorn --factory aiwiki.web.app:create_app_from_env`: settings from AIWIKI_*."""
    return create_app()
