"""Typed drafts: what a reader produces before anything touches the database.

Every draft remembers the file and line it came from, so that the pipeline can report
errors and review items precisely and so that re-importing the same text is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiwiki.domain.enums import Kind, Level


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of imported text came from; `text` is the raw source line(s)."""

    file: str
    line: int
    text: str


@dataclass
class TextDraft:
    """The fields of one language of a topic; empty strings mean 'not given'."""

    title: str = ""
    summary: str = ""
    why_it_matters: str = ""
    body: str = ""


@dataclass
class TopicDraft:
    """One topic as a reader understood it.

    `review_reasons` non-empty means the reader is not certain (a recovered name, an
    attachment of a translation...) and the topic is imported with status needs_review.
    """

    texts: dict[str, TextDraft]
    sources: list[SourceRef]
    slug: str | None = None
    kind: Kind = Kind.CONCEPT
    level: Level | None = None
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (lang, name)
    tags: list[str] = field(default_factory=list)  # tag names
    categories: list[str] = field(default_factory=list)  # category names
    review_reasons: list[str] = field(default_factory=list)
    status: str | None = None  # set only by lossless formats; otherwise derived

    @property
    def title(self) -> str:
        """The first non-empty title, English first: used for matching and messages."""
        for lang in ("en", *self.texts):
            text = self.texts.get(lang)
            if text and text.title:
                return text.title
        return ""


@dataclass
class TagDraft:
    """A tag page header: its name and the topic count the page itself printed."""

    name: str
    declared_count: int | None
    source: SourceRef
    topic_titles: list[str] = field(default_factory=list)  # page order


@dataclass
class CategoryDraft:
    """A category with its description per language and its terms in page order."""

    name: str
    descriptions: dict[str, str]
    source: SourceRef
    slug: str | None = None


@dataclass
class PathDraft:
    """A learning path; steps are topic titles (or slugs) in their initial order."""

    name: str
    title: str
    level: Level | None
    steps: list[str]
    source: SourceRef
    description: str = ""
    slug: str | None = None


@dataclass
class ImportBatch:
    """Everything one file contributed."""

    file: str
    format: str
    topics: list[TopicDraft] = field(default_factory=list)
    tags: list[TagDraft] = field(default_factory=list)
    categories: list[CategoryDraft] = field(default_factory=list)
    paths: list[PathDraft] = field(default_factory=list)
