"""The JSON API under /api/v1: one route per HTML page, same service calls, typed answers.

Every parameter is declared as what it is (an enum for levels, kinds and languages), so a
value outside it is 422 before any work; a name the wiki lacks is 404 (web/responses.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field, TypeAdapter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from aiwiki.domain.enums import Level
from aiwiki.errors import NotAuthenticated
from aiwiki.search.base import SearchFilters
from aiwiki.services import (
    flashcards,
    graph,
    learning_paths,
    listings,
    previews,
    searching,
    stats,
    topics,
)
from aiwiki.services.page_cache import CachedPage
from aiwiki.services.views import (
    CategorySummary,
    CategoryView,
    GlossaryView,
    GraphView,
    HomeView,
    LevelView,
    PathSummary,
    PathView,
    SearchView,
    StatsView,
    Suggestion,
    TagRef,
    TagView,
    TopicPreview,
    TopicView,
)
from aiwiki.services.wiki import Wiki
from aiwiki.web.deps import (
    ApiLangDep,
    OptionalKind,
    OptionalLanguage,
    OptionalLevel,
    OptionalSlug,
    PathOrder,
    WikiDep,
    get_lang,
)
from aiwiki.web.lean import QueryModelRoute
from aiwiki.web.responses import errors
from aiwiki.web.session import current_user

router = APIRouter(prefix="/api/v1", tags=["wiki"])
_SUGGESTIONS = TypeAdapter(list[Suggestion])

Slug = Annotated[str, Path(description=(
    "Lowercase words of letters and digits joined by '-', at most 80 characters. A slug of "
    "any other shape names nothing: 404, like an unknown one."))]
FilterSlug = Annotated[OptionalSlug, Query(description=(
    "A slug; one the wiki does not have is 404."))]
_TOPIC_RESPONSES: dict[int | str, dict[str, Any]] = {
    301: {"description": "The topic was renamed: `Location` is its new address."},
    304: {"description": "Unchanged since the `ETag` sent in `If-None-Match`."},
    **errors(404, 422),
}


@router.get("/home", response_model=HomeView, summary="Home page data", responses=errors(422))
def api_home(wiki: WikiDep, lang: ApiLangDep) -> HomeView:
    return listings.home(wiki, lang)


@router.get("/topics/{slug}", response_model=TopicView, summary="One topic",
            responses=_TOPIC_RESPONSES)
async def api_topic(request: Request, slug: Slug, wiki: WikiDep, lang: ApiLangDep) -> Response:
    """Rendered once per site generation and language, like the topic page (web/pages.py):
    a long topic costs its rendering once, not on every request. `review` (the import's
    notes, with file and line) is for editors: empty for readers."""
    editor = _signed_in(request)
    key = ("topic.json", slug, lang, wiki.current_generation, editor)
    page = wiki.pages.get(key)
    if page is None:
        view = await run_in_threadpool(topics.get_topic, wiki, slug, lang)
        shown = view if editor else view.model_copy(update={"review": []})
        page = wiki.pages.put(key, shown.model_dump_json().encode())
    return _conditional(request, page)


@router.get("/topics/{slug}/preview", response_model=TopicPreview,
            summary="A topic's hover card", responses=_TOPIC_RESPONSES)
async def api_topic_preview(request: Request, slug: Slug, wiki: WikiDep,
                            lang: ApiLangDep) -> Response:
    """Title, level, summary and why it matters: what a hover card shows. Cached per site
    generation like the topic itself, and cacheable by the browser for a minute."""
    key = ("preview.json", slug, lang, wiki.current_generation)
    page = wiki.pages.get(key)
    if page is None:
        view = await run_in_threadpool(previews.preview, wiki, slug, lang)
        page = wiki.pages.put(key, view.model_dump_json().encode())
    return _conditional(request, page)


def _signed_in(request: Request) -> bool:
    """Whether an editor asks (a public read: a bad token only means the reader's view, and
    the route declares no security requirement)."""
    try:
        return current_user(request) is not None
    except NotAuthenticated:
        return False


def _conditional(request: Request, page: CachedPage) -> Response:
    headers = {"ETag": page.etag, "Cache-Control": "no-cache",
               "Vary": "Accept-Language, Cookie, Authorization"}
    if request.headers.get("if-none-match") == page.etag:
        return Response(status_code=304, headers=headers)
    return Response(page.body, media_type="application/json", headers=headers)


@router.get("/glossary", response_model=GlossaryView, summary="All topics A–Z",
            responses=errors(404, 422))
def api_glossary(wiki: WikiDep, lang: ApiLangDep,
                 level: OptionalLevel = None,
                 category: FilterSlug = None) -> GlossaryView:
    return listings.glossary(wiki, lang, level, category)


@router.get("/tags", response_model=list[TagRef], summary="All tags")
def api_tags(wiki: WikiDep) -> list[TagRef]:
    return listings.tags(wiki)


@router.get("/tags/{slug}", response_model=TagView, summary="Topics with a tag",
            responses=errors(404, 422))
def api_tag(slug: Slug, wiki: WikiDep, lang: ApiLangDep) -> TagView:
    return listings.tag_page(wiki, slug, lang)


@router.get("/categories", response_model=list[CategorySummary], summary="All categories",
            responses=errors(422))
def api_categories(wiki: WikiDep, lang: ApiLangDep) -> list[CategorySummary]:
    return listings.categories(wiki, lang)


@router.get("/categories/{slug}", response_model=CategoryView, summary="A category by level",
            responses=errors(404, 422))
def api_category(slug: Slug, wiki: WikiDep, lang: ApiLangDep) -> CategoryView:
    return listings.category_page(wiki, slug, lang)


@router.get("/paths", response_model=list[PathSummary], summary="All learning paths")
def api_paths(wiki: WikiDep) -> list[PathSummary]:
    return listings.paths(wiki)


@router.get("/paths/{slug}", response_model=PathView, summary="A learning path's steps",
            responses=errors(404, 422))
def api_path(slug: Slug, wiki: WikiDep, lang: ApiLangDep,
             order: PathOrder = "prerequisites") -> PathView:
    """Steps in teaching order (what each step's text mentions comes first), cut into
    stages; `order=imported` keeps the order the import gave them."""
    return learning_paths.path_page(wiki, slug, lang, order)


@router.get("/tags/{slug}/graph", response_model=GraphView, summary="A tag's graph",
            responses=errors(404, 422))
def api_tag_graph(slug: Slug, wiki: WikiDep, lang: ApiLangDep) -> GraphView:
    return graph.group_graph(wiki, "tag", slug, lang)


@router.get("/categories/{slug}/graph", response_model=GraphView, summary="A category's graph",
            responses=errors(404, 422))
def api_category_graph(slug: Slug, wiki: WikiDep, lang: ApiLangDep) -> GraphView:
    return graph.group_graph(wiki, "category", slug, lang)


@router.get("/paths/{slug}/graph", response_model=GraphView, summary="A learning path's graph",
            responses=errors(404, 422))
def api_path_graph(slug: Slug, wiki: WikiDep, lang: ApiLangDep) -> GraphView:
    return graph.group_graph(wiki, "path", slug, lang)


@router.get("/learn", response_model=flashcards.DeckView, summary="Flashcards",
            responses=errors(404, 422))
def api_learn(wiki: WikiDep, lang: ApiLangDep, path: FilterSlug = None, tag: FilterSlug = None,
              stage: Annotated[int | None, Query(ge=1, description="A stage of the path.")] = None,
              ) -> flashcards.DeckView:
    """The cards of a learning path (or one stage), a tag, or else the glossary. The
    schedule that says which are due is the reader's own, kept in the browser."""
    return flashcards.deck(wiki, lang, path, tag, stage)


@router.get("/levels/{level}", response_model=LevelView, summary="Topics of one level",
            responses=errors(422))
def api_level(level: Level, wiki: WikiDep, lang: ApiLangDep) -> LevelView:
    return listings.level_page(wiki, level, lang)


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
    tag: OptionalSlug = Field(None, description="A tag slug; an unknown one is 404.")
    category: OptionalSlug = Field(None, description="A category slug; an unknown one is 404.")
    level: OptionalLevel = None
    kind: OptionalKind = None
    language: OptionalLanguage = Field(
        None, description="Topics with text in this language.")
    page: int = Field(1, ge=1, le=searching.MAX_PAGE)
    per_page: int = Field(10, ge=1, le=searching.MAX_PER_PAGE)
    facets: bool = Field(True, description=(
        "Count matches per tag, category, level, kind and language. A second pass over "
        "every match: leave it off when typing ahead."))
    lang: OptionalLanguage = Field(
        None, description="Answer in this language; else the cookie, then Accept-Language.")


@lean.get("/search", response_model=SearchView, summary="Search topics",
          responses=errors(404, 422, 503))
async def api_search(request: Request, params: Annotated[SearchParams, Query()]) -> Response:
    wiki: Wiki = request.app.state.wiki
    filters = SearchFilters(tag=params.tag, category=params.category, level=params.level,
                            kind=params.kind, lang=params.language)
    view = searching.search(wiki, params.q, params.lang or await get_lang(request), filters,
                            params.page, params.per_page, facets=params.facets)
    return Response(view.model_dump_json(), media_type="application/json")


class SuggestParams(BaseModel):
    q: str = Field("", max_length=200, description="What has been typed so far.")
    limit: int = Field(8, ge=1, le=20)


@lean.get("/suggest", response_model=list[Suggestion], summary="Title completions",
          responses=errors(422))
async def api_suggest(request: Request, params: Annotated[SuggestParams, Query()]) -> Response:
    found = searching.suggest(request.app.state.wiki, params.q, params.limit)
    return Response(_SUGGESTIONS.dump_json(found), media_type="application/json")
