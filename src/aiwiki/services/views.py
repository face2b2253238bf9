"""What the use cases return: typed, JSON-ready views shared by HTML templates and the API."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field


def _as_utc(value: datetime) -> datetime:
    """The database keeps UTC without an offset (SQLite has no other kind): say so, so
    that every answer is an RFC 3339 date-time a client can compare."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class TopicCard(BaseModel):
    """A topic in a list: enough to decide whether to open it."""

    slug: str
    title: str
    summary_html: str = Field(description="Sanitized HTML; math already converted to MathML.")
    level: str | None
    kind: str
    status: str
    lang: str = Field(description="Language the title and summary are shown in.")
    fallback: bool = Field(description="True when that is not the language asked for.")


class TagRef(BaseModel):
    slug: str
    name: str
    is_path: bool = Field(False, description="True for a tag that defines a learning path.")


class CategoryRef(BaseModel):
    slug: str
    name: str


class PathMembership(BaseModel):
    """Where a topic sits in a learning path: 'step n of m'."""

    slug: str
    title: str
    level: str | None
    position: int
    length: int
    previous: str | None
    next: str | None
    previous_title: str | None = None
    next_title: str | None = None


class ReviewNote(BaseModel):
    reason: str
    file: str
    line: int


class TopicView(BaseModel):
    slug: str
    kind: str
    level: str | None
    status: str
    lang: str
    title: str
    summary_html: str
    why_it_matters_html: str
    body_html: str
    fallbacks: dict[str, str] = Field(
        description="field -> language it was taken from, for fields missing in `lang`."
    )
    languages: list[str] = Field(description="Languages this topic has its own text in.")
    tags: list[TagRef]
    categories: list[CategoryRef]
    paths: list[PathMembership]
    aliases: list[str]
    review: list[ReviewNote]
    revision: int = Field(description="Id of the current revision (grows across the wiki).")
    revision_number: int = Field(description="How many revisions this topic has had.")
    updated_at: UtcDatetime


class TagView(BaseModel):
    slug: str
    name: str
    declared_count: int | None
    count: int
    is_path: bool
    topics: list[TopicCard]


class CategorySummary(BaseModel):
    slug: str
    name: str
    description: str
    count: int


class LevelGroup(BaseModel):
    level: str | None
    topics: list[TopicCard]


class CategoryView(BaseModel):
    slug: str
    name: str
    description: str
    count: int
    groups: list[LevelGroup]


class PathSummary(BaseModel):
    slug: str
    title: str
    level: str | None
    description: str
    length: int


class PathStepView(BaseModel):
    position: int
    topic: TopicCard


class PathView(BaseModel):
    slug: str
    title: str
    level: str | None
    description: str
    steps: list[PathStepView]


class LevelView(BaseModel):
    level: str
    count: int
    topics: list[TopicCard]


class LetterGroup(BaseModel):
    letter: str
    topics: list[TopicCard]


class GlossaryView(BaseModel):
    letters: list[str]
    groups: list[LetterGroup]
    level: str | None
    category: str | None
    categories: list[CategorySummary]
    count: int


class HomeView(BaseModel):
    topic_count: int
    categories: list[CategorySummary]
    paths: list[PathSummary]
    levels: dict[str, int]
    recent: list[TopicCard]


class StatsView(BaseModel):
    topics: int
    by_status: dict[str, int]
    by_level: dict[str, int]
    by_kind: dict[str, int]
    by_language: dict[str, int]
    tags: int
    categories: int
    paths: int
    open_review_items: int
    revisions: int


class SearchHitView(BaseModel):
    slug: str
    title: str
    snippet_html: str = Field(description="Sanitized HTML; matched words wrapped in <mark>.")
    level: str | None
    kind: str
    status: str
    score: float
    signals: list[str] = Field(
        default_factory=lambda: ["keyword"],
        description="What found this hit: keyword, semantic (by meaning), formula.")


class SemanticView(BaseModel):
    """How far semantic search reached: topics still waiting for their vector were
    searched by keywords (and formulas) only."""

    model: str
    embedded: int
    pending: int


class FacetValue(BaseModel):
    value: str
    label: str
    count: int
    selected: bool


class SearchView(BaseModel):
    query: str
    hits: list[SearchHitView]
    total: int
    page: int
    per_page: int
    pages: int
    facets: dict[str, list[FacetValue]]
    filters: dict[str, str]
    did_you_mean: str | None
    notice: str | None
    semantic: SemanticView | None = Field(
        None, description="Semantic search coverage; null when no embedding model is set.")


class Suggestion(BaseModel):
    slug: str
    title: str
