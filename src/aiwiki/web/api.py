"""The JSON API under /api/v1: one route per HTML page, same service calls, typed answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field, TypeAdapter
from starlette.requests import Request

from aiwiki.search.base import SearchFilters
from aiwiki.services import listings, searching, stats, topics
from aiwiki.services.views import (
    CategorySummary,
    CategoryView,
    GlossaryView,
    HomeView,
    LevelView,
    PathSummary,
    PathView,
    ReviewView,
    SearchView,
    StatsView,
    Suggestion,
    TagRef,
    TagView,
    TopicView,
)
from aiwiki.services.wiki import Wiki
from aiwiki.web.deps import LangDep, WikiDep
from aiwiki.web.i18n import negotiate
from aiwiki.web.lean import QueryModelRoute

router = APIRouter(prefix="/api/v1", tags=["wiki"])
_SUGGESTIONS = TypeAdapter(list[Suggestion])


@router.get("/home", response_model=HomeView, summary="Home page data")
def api_home(wiki: WikiDep, lang: LangDep) -> HomeView:
    return listings.home(wiki, lang)


@router.get("/topics/{slug}", response_model=TopicView, summary="One topic")
def api_topic(slug: str, wiki: WikiDep, lang: LangDep) -> TopicView:
    return topics.get_topic(wiki, slug, lang)


@router.get("/glossary", response_model=GlossaryView, summary="All topics A–Z")
def api_glossary(wiki: WikiDep, lang: LangDep, level: str | None = None,
                 category: str | None = None) -> GlossaryView:
    return listings.glossary(wiki, lang, level or None, category or None)


@router.get("/tags", response_model=list[TagRef], summary="All tags")
def api_tags(wiki: WikiDep) -> list[TagRef]:
    return listings.tags(wiki)


@router.get("/tags/{slug}", response_model=TagView, summary="Topics with a tag")
def api_tag(slug: str, wiki: WikiDep, lang: LangDep) -> TagView:
    return listings.tag_page(wiki, slug, lang)


@router.get("/categories", response_model=list[CategorySummary], summary="All categories")
def api_categories(wiki: WikiDep, lang: LangDep) -> list[CategorySummary]:
    return listings.categories(wiki, lang)


@router.get("/categories/{slug}", response_model=CategoryView, summary="A category by level")
def api_category(slug: str, wiki: WikiDep, lang: LangDep) -> CategoryView:
    return listings.category_page(wiki, slug, lang)


@router.get("/paths", response_model=list[PathSummary], summary="All learning paths")
def api_paths(wiki: WikiDep) -> list[PathSummary]:
    return listings.paths(wiki)


@router.get("/paths/{slug}", response_model=PathView, summary="A learning path's steps")
def api_path(slug: str, wiki: WikiDep, lang: LangDep) -> PathView:
    return listings.path_page(wiki, slug, lang)


@router.get("/levels/{level}", response_model=LevelView, summary="Topics of one level")
def api_level(level: str, wiki: WikiDep, lang: LangDep) -> LevelView:
    return listings.level_page(wiki, level, lang)


@router.get("/review", response_model=ReviewView, summary="What needs a human")
def api_review(wiki: WikiDep, lang: LangDep) -> ReviewView:
    return listings.review(wiki, lang)


@router.get("/stats", response_model=StatsView, summary="Counts")
def api_stats(wiki: WikiDep) -> StatsView:
    return stats.stats(wiki)


# Search and suggest run on the event loop, not in the thread pool, and hand back JSON
# they serialised themselves: they are short CPU-bound work, for which the hop to a worker
# thread and back, and FastAPI re-validating the model, cost more here than the search
# itself (measured over loopback: suggest 6.1 -> 4.4 ms p50, an empty answer 2.8 -> 1.3).
# Their query strings are one pydantic model each, validated in one call (web/lean.py).
lean = APIRouter(prefix="/api/v1", tags=["wiki"], route_class=QueryModelRoute)


class SearchParams(BaseModel):
    q: str = Field("", max_length=10_000, description="What to look for; any text.")
    tag: str | None = None
    category: str | None = None
    level: str | None = None
    kind: str | None = None
    language: str | None = Field(None, description="Topics with text in this language.")
    page: int = Field(1, ge=1, le=searching.MAX_PAGE)
    per_page: int = Field(10, ge=1, le=searching.MAX_PER_PAGE)
    facets: bool = Field(True, description=(
        "Count matches per tag, category, level, kind and language. A second pass over "
        "every match: leave it off when typing ahead."))
    lang: str | None = Field(None, description="Answer in this language (en, zh).")


@lean.get("/search", response_model=SearchView, summary="Search topics")
async def api_search(request: Request, params: Annotated[SearchParams, Query()]) -> Response:
    wiki: Wiki = request.app.state.wiki
    filters = SearchFilters(tag=params.tag or None, category=params.category or None,
                            level=params.level or None, kind=params.kind or None,
                            lang=params.language or None)
    view = searching.search(wiki, params.q, negotiate(request, wiki.settings.default_language),
                            filters, params.page, params.per_page, facets=params.facets)
    return Response(view.model_dump_json(), media_type="application/json")


class SuggestParams(BaseModel):
    q: str = Field("", max_length=200, description="What has been typed so far.")
    limit: int = Field(8, ge=1, le=20)


@lean.get("/suggest", response_model=list[Suggestion], summary="Title completions")
async def api_suggest(request: Request, params: Annotated[SuggestParams, Query()]) -> Response:
    found = searching.suggest(request.app.state.wiki, params.q, params.limit)
    return Response(_SUGGESTIONS.dump_json(found), media_type="application/json")
