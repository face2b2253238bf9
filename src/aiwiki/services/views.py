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
    inferred_level: str | None = Field(default=None, description=(
        "For a topic without a level: a guess from its links and words, shown as one."))


class TopicPreview(TopicCard):
    """What a hover card shows: the card, and why the topic matters."""

    why_it_matters_html: str = Field(description="Sanitized HTML; math already MathML.")


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


class Backlink(BaseModel):
    """A topic that mentions this one, and the sentence it does it in."""

    topic: TopicCard
    field: str = Field(description="summary, why_it_matters or body.")
    sentence_html: str = Field(description="Sanitized HTML; the mention wrapped in <mark>.")
    sentence_lang: str = Field(description="Language of the sentence.")


class Reason(BaseModel):
    """Why a topic is related. ``kind``: tag, category, links_here, links_to, similar_text
    or same_path; ``name`` and ``slug`` name the tag, category or path."""

    kind: str
    name: str = ""
    slug: str = ""


class RelatedTopic(BaseModel):
    topic: TopicCard
    score: float
    reasons: list[Reason]


class GraphNode(BaseModel):
    """A topic placed in a graph picture: its circle, and its label's anchor point."""

    slug: str
    title: str
    level: str | None
    inferred: bool = False
    ring: int = Field(description="Steps from the centre (0 is the centre).")
    x: float
    y: float
    r: float
    label: str
    label_x: float
    label_y: float
    anchor: str


class GraphEdge(BaseModel):
    source: str
    target: str
    kind: str = Field(description="link (one mentions the other) or related.")
    d: str = Field(default="", description="SVG path data of the edge as drawn.")


class GraphView(BaseModel):
    """A small graph with its layout (the same every time), ready to draw as SVG."""

    title: str = ""
    kind: str = Field(default="topic", description="topic, tag, category or path.")
    slug: str = ""
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: float
    height: float
    total: int = Field(description="Topics in the neighbourhood or group before the cap.")


class TopicView(BaseModel):
    slug: str
    kind: str
    level: str | None
    inferred_level: str | None = Field(default=None, description=(
        "For a topic without a level: a guess from its links and words."))
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
    backlinks: list[Backlink] = Field(default_factory=list, description="Mentioned in.")
    know_first: list[TopicCard] = Field(
        default_factory=list, description="Topics this one builds on, most basic first.")
    learn_next: list[TopicCard] = Field(
        default_factory=list, description="Topics that build on this one, most basic first.")
    related: list[RelatedTopic] = Field(default_factory=list)
    graph: GraphView | None = None
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
    imported_position: int = Field(default=0, description="Where the import put it (1-based).")
    prerequisites: list[str] = Field(
        default_factory=list, description="Slugs of earlier steps this one mentions.")
    stage: int = Field(default=1, description="Which stage (1-based) it belongs to.")


class PathStage(BaseModel):
    """A run of steps a reader can finish in a sitting."""

    number: int
    name: str = Field(description="The stage's key topics (most needed by other steps).")
    first: int = Field(description="Position of its first step.")
    last: int
    steps: list[str] = Field(description="Slugs, in order.")
    levels: dict[str, int] = Field(default_factory=dict, description="Steps per level.")


class CycleNote(BaseModel):
    """A mention the order could not honour: two steps that mention each other (for
    editors: one of the two texts may need a look)."""

    step: str
    step_title: str
    prerequisite: str
    prerequisite_title: str


class PathView(BaseModel):
    slug: str
    title: str
    level: str | None
    description: str
    steps: list[PathStepView]
    order: str = Field(default="prerequisites", description="prerequisites or imported.")
    stages: list[PathStage] = Field(default_factory=list)
    cycles: list[CycleNote] = Field(default_factory=list)
    goals: list[str] = Field(
        default_factory=list, description="Titles of the steps the path builds up to.")


class LevelView(BaseModel):
    level: str
    count: int
    topics: list[TopicCard]
    inferred: list[TopicCard] = Field(
        default_factory=list, description="Topics without a level whose inferred level it is.")


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
    inferred_levels: dict[str, int] = Field(
        default_factory=dict, description="Topics per inferred level (counted apart).")
    start_here: list[TopicCard] = Field(default_factory=list, description=(
        "A first path for a newcomer: the most mentioned topics that build on the fewest, "
        "in teaching order."))
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
