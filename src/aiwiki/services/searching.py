"""Use cases: search with facets and filters, and title suggestions for the search box."""

from __future__ import annotations

from sqlalchemy import select

from aiwiki.domain.enums import LANGUAGES, Kind, Level
from aiwiki.errors import AiwikiError, BadInput
from aiwiki.search.base import SearchFilters, SearchRequest
from aiwiki.services.slugs import not_found
from aiwiki.services.snippets import render_snippet_math
from aiwiki.services.views import (
    FacetValue,
    SearchHitView,
    SearchView,
    SemanticView,
    Suggestion,
)
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Category, Tag

MAX_PER_PAGE = 50
MAX_PAGE = 1000


class SearchUnavailable(AiwikiError):
    status_code = 503
    code = "search_unavailable"


def _check(filters: SearchFilters, page: int, per_page: int) -> None:
    if filters.level and filters.level not in set(Level):
        raise BadInput(f"unknown level “{filters.level}”: use beginner, intermediate or advanced")
    if filters.kind and filters.kind not in set(Kind):
        raise BadInput(f"unknown kind “{filters.kind}”")
    if filters.lang and filters.lang not in LANGUAGES:
        raise BadInput(f"unknown language “{filters.lang}”")
    if not 1 <= page <= MAX_PAGE:
        raise BadInput(f"page must be between 1 and {MAX_PAGE}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise BadInput(f"per_page must be between 1 and {MAX_PER_PAGE}")


def _check_names(wiki: Wiki, filters: SearchFilters) -> None:
    """A filter naming a tag or category the wiki lacks is 404, as on the glossary: not an
    empty result that looks like "nothing matched"."""
    for facet, slug in (("tag", filters.tag), ("category", filters.category)):
        if slug and (facet, slug) not in _labels(wiki):
            raise not_found(facet, slug)


def search(wiki: Wiki, text: str, lang: str, filters: SearchFilters | None = None,
           page: int = 1, per_page: int = 10, *, facets: bool = True) -> SearchView:
    """`facets=False` skips counting them: a second pass over every match, the dearest
    part of a broad query on a big wiki (what a search box typing ahead asks for)."""
    filters = filters or SearchFilters()
    _check(filters, page, per_page)
    _check_names(wiki, filters)
    if wiki.search is None:
        raise SearchUnavailable("search is not available in this process")
    results = wiki.search.search(SearchRequest(
        text=text, filters=filters, page=page, per_page=per_page, lang=lang, facets=facets
    ))
    # Hits are shown as indexed, without a database read: every write re-indexes its
    # topics once committed, and a server catches up with another process's writes
    # within a generation poll. The read cost a third of a search request.
    hits = [
        SearchHitView(slug=hit.slug, title=hit.title,
                      snippet_html=render_snippet_math(hit.snippet_html),
                      level=hit.level, kind=hit.kind, status=hit.status,
                      score=round(hit.score, 4), signals=list(hit.signals))
        for hit in results.hits
    ]
    labels = _labels(wiki) if results.facets else {}
    chosen = {k: v for k, v in vars(filters).items() if v}
    facet_values = {
        name: [FacetValue(value=value, label=labels.get((name, value), value), count=count,
                          selected=chosen.get(_filter_name(name)) == value)
               for value, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        for name, counts in results.facets.items()
    }
    return SearchView(
        query=text, hits=hits, total=results.total, page=results.page,
        per_page=results.per_page, pages=max(1, -(-results.total // results.per_page)),
        facets=facet_values, filters=chosen, did_you_mean=results.did_you_mean,
        notice=results.notice,
        semantic=SemanticView(**vars(results.semantic)) if results.semantic else None,
    )


def _filter_name(facet: str) -> str:
    return "lang" if facet == "language" else facet


def _labels(wiki: Wiki) -> dict[tuple[str, str], str]:
    """Facet values are slugs; show people the names."""
    def read() -> dict[tuple[str, str], str]:
        with wiki.read() as session:
            labels = {("tag", slug): name
                      for slug, name in session.execute(select(Tag.slug, Tag.name))}
            labels.update({("category", slug): name for slug, name
                           in session.execute(select(Category.slug, Category.name))})
        return labels

    return wiki.per_generation("facet labels", read)


def suggest(wiki: Wiki, prefix: str, limit: int = 8) -> list[Suggestion]:
    """Title completions for every keystroke; an empty prefix suggests nothing."""
    if wiki.search is None or not prefix.strip():
        return []
    completions = wiki.search.suggest(prefix[:100], limit=min(max(limit, 1), 20))
    # as indexed, like search hits: a deleted topic leaves the index with its write
    return [Suggestion(slug=c.slug, title=c.title) for c in completions]
