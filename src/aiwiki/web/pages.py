"""HTML routes: parse the request, call a service, render a template. Plain `def` so that
database work runs in the thread pool, never on the event loop."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from aiwiki.search.base import SearchFilters
from aiwiki.services import listings, searching, topics
from aiwiki.web.deps import FormKind, FormLanguage, FormLevel, LangDep, WikiDep
from aiwiki.web.i18n import LANG_COOKIE
from aiwiki.web.session import Editor, viewer_of
from aiwiki.web.templating import context

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)


def render(request: Request, lang: str, template: str, **values: Any) -> Response:
    response = request.app.state.templates.TemplateResponse(
        request, template, context(request, lang, **values)
    )
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response  # type: ignore[no-any-return]


@router.get("/")
def home_page(request: Request, wiki: WikiDep, lang: LangDep) -> Response:
    return render(request, lang, "home.html", page=listings.home(wiki, lang))


@router.get("/t/{slug}")
async def topic_page(request: Request, slug: str, wiki: WikiDep, lang: LangDep) -> Response:
    """Rendered once per site generation and language, then served from memory with an ETag.

    `async` on purpose: a cache hit touches only memory (the generation is watched by a
    background thread), and a miss renders in the thread pool, off the event loop."""
    if viewer_of(request) is not None:  # the header names them: not for the shared cache
        view = await run_in_threadpool(topics.get_topic, wiki, slug, lang)
        return await run_in_threadpool(render, request, lang, "topic.html", topic=view)
    key = ("topic", slug, lang, wiki.current_generation)
    page = wiki.pages.get(key)
    if page is None:
        view = await run_in_threadpool(topics.get_topic, wiki, slug, lang)
        html = await run_in_threadpool(render, request, lang, "topic.html", topic=view)
        page = wiki.pages.put(key, bytes(html.body))
    headers = {"ETag": page.etag, "Cache-Control": "no-cache", "Vary": "Accept-Language, Cookie"}
    if request.headers.get("if-none-match") == page.etag:
        return Response(status_code=304, headers=headers)
    response = HTMLResponse(page.body, headers=headers)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


@router.get("/glossary")
def glossary_page(request: Request, wiki: WikiDep, lang: LangDep, level: FormLevel = None,
                  category: str | None = None) -> Response:
    page = listings.glossary(wiki, lang, level, category or None)
    return render(request, lang, "glossary.html", page=page)


@router.get("/tags/{slug}")
def tag_page(request: Request, slug: str, wiki: WikiDep, lang: LangDep) -> Response:
    return render(request, lang, "tag.html", page=listings.tag_page(wiki, slug, lang))


@router.get("/categories/{slug}")
def category_page(request: Request, slug: str, wiki: WikiDep, lang: LangDep) -> Response:
    return render(request, lang, "category.html", page=listings.category_page(wiki, slug, lang))


@router.get("/paths/{slug}")
def path_page(request: Request, slug: str, wiki: WikiDep, lang: LangDep) -> Response:
    return render(request, lang, "path.html", page=listings.path_page(wiki, slug, lang))


@router.get("/levels/{level}")
def level_page(request: Request, level: str, wiki: WikiDep, lang: LangDep) -> Response:
    return render(request, lang, "level.html", page=listings.level_page(wiki, level, lang))


@router.get("/review")
def review_page(request: Request, wiki: WikiDep, lang: LangDep, _: Editor) -> Response:
    """Editors only: it lists the import's internals (source file and line)."""
    return render(request, lang, "review.html", page=listings.review(wiki, lang))


@router.get("/search")
def search_page(request: Request, wiki: WikiDep, lang: LangDep, q: str = "",
                tag: str | None = None, category: str | None = None,
                level: FormLevel = None, kind: FormKind = None, language: FormLanguage = None,
                page: Annotated[int, Query(ge=1, le=searching.MAX_PAGE)] = 1,
                fragment: bool = False) -> Response:
    """The results page; `fragment=1` returns only the results block, for search-as-you-type.
    Filters are checked as the API checks them: 422 for a value outside the enum."""
    filters = SearchFilters(tag=tag or None, category=category or None, level=level,
                            kind=kind, lang=language)
    view = searching.search(wiki, q, lang, filters, page) if q.strip() else None
    suggestions = listings.home(wiki, lang).paths if view is None else []
    template = "_search_results.html" if fragment else "search.html"
    return render(request, lang, template, page=view, query=q, suggestions=suggestions)
