"""The SearchBackend interface and the value types that cross it.

The database is the source of truth; a backend holds a derived index of SearchDocuments
and answers queries. Web, CLI and services only ever talk to this interface.
"""

from __future__ import annotations

import abc
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field


class IndexBusy(RuntimeError):
    """Another process holds the index's write lock; the database stays the truth."""


@dataclass(frozen=True)
class SearchDocument:
    """What the index knows of one topic: texts per language plus facet values."""

    topic_id: int
    slug: str
    revision: int  # the topic's current revision id: lets start-up detect a stale index
    titles: dict[str, str]  # lang -> title
    aliases: list[str]
    summaries: dict[str, str]  # lang -> summary (may hold LaTeX)
    bodies: dict[str, str]  # lang -> why it matters + body
    level: str | None
    kind: str
    status: str
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)  # the LaTeX of each formula in its texts


@dataclass(frozen=True)
class SearchFilters:
    tag: str | None = None
    category: str | None = None
    level: str | None = None
    kind: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class SearchRequest:
    text: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 1
    per_page: int = 10
    lang: str = "en"  # the reader's language: snippets prefer it
    facets: bool = True  # False skips facet counting (search-as-you-type): results.facets == {}


@dataclass(frozen=True)
class SearchHit:
    topic_id: int
    slug: str
    title: str
    score: float
    snippet_html: str  # sanitized HTML with <mark> around matched words
    level: str | None  # as indexed, like the rest: the index follows every write
    kind: str
    status: str
    signals: tuple[str, ...] = ("keyword",)  # what found it: keyword, semantic, formula


@dataclass(frozen=True)
class Completion:
    """A title suggestion and the topic it names (two topics may share a title)."""

    title: str
    slug: str
    topic_id: int


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]  # facet name -> value -> count
    did_you_mean: str | None = None
    notice: str | None = None  # e.g. "query truncated to 200 characters"
    semantic: SemanticStatus | None = None  # None: the backend has no semantic search


@dataclass(frozen=True)
class SemanticStatus:
    """How much of the wiki semantic search covered: topics not embedded yet (the
    background worker is behind) are found by keywords only."""

    model: str
    embedded: int  # topics with a vector
    pending: int  # topics waiting for one


class SearchBackend(abc.ABC):
    """A derived, rebuildable index of topics.

    Capability flags let callers ask before using optional features; a backend that lacks
    a feature raises NotImplementedError with a sentence saying so.
    """

    supports_suggest: bool = False
    supports_related: bool = False

    @abc.abstractmethod
    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents (keyed by topic_id); returns how many were written."""

    @abc.abstractmethod
    def remove(self, topic_ids: Iterable[int]) -> None:
        """Drop documents from the index."""

    @abc.abstractmethod
    def search(self, request: SearchRequest) -> SearchResults:
        """Answer a query; never raises on odd user text."""

    @abc.abstractmethod
    def indexed_revisions(self, topic_ids: Collection[int] | None = None) -> dict[int, int]:
        """topic_id -> revision as indexed, of every topic or of those of ``topic_ids``
        that are indexed: compared with the database to catch the index up."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Empty the index."""

    def replace_all(self, documents: Iterable[SearchDocument]) -> int:
        """Make the index hold exactly `documents` (distinct topic ids); returns how many
        were written. Backends that can should swap in one step, so that searches see the
        old index until the new one is complete."""
        self.clear()
        return self.index(documents)

    def suggest(self, prefix: str, limit: int = 8) -> list[Completion]:
        raise NotImplementedError(f"{type(self).__name__} does not offer suggestions")

    def related(self, topic_id: int, limit: int = 5) -> list[int]:
        raise NotImplementedError(f"{type(self).__name__} does not offer related topics")

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release files and locks (a tantivy writer) so another process may write."""

    def refresh(self) -> None:  # noqa: B027 - optional hook
        """See what other processes committed to the index since this one last looked."""

    def warm_up(self) -> None:  # noqa: B027 - optional hook
        """Build in-memory aids (a did-you-mean vocabulary) now, before the first query
        needs them: a server calls it at start-up."""
