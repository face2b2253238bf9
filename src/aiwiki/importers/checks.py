"""Checks across the drafts of one import, made before anything is written.

The schema (records.py) sees one record at a time; these see them together: a slug used
twice in one file, a path that visits a topic twice, a topic in a category that nothing
defines. Each is an error with the file and line, never a silent merge, drop or creation.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiwiki.domain.names import slugify
from aiwiki.errors import ImportFormatError
from aiwiki.importers._problems import one_line
from aiwiki.importers.drafts import ImportBatch, PathDraft, SourceRef, TopicDraft
from aiwiki.importers.records import ALIAS_MAX, BODY_MAX, NAME_MAX, SUMMARY_MAX, TITLE_MAX

LOSSLESS_FORMATS = frozenset({"jsonl", "markdown"})


def check(batches: list[ImportBatch], categories_in_wiki: Iterable[str]) -> None:
    """Raise ImportFormatError for the first cross-record problem of these batches."""
    for batch in batches:
        check_sizes(batch)
        if batch.format in LOSSLESS_FORMATS:
            check_unique_slugs(batch)
            for path in batch.paths:
                check_steps_unique(path)
    check_categories_defined(batches, set(categories_in_wiki))


def check_unique_slugs(batch: ImportBatch) -> None:
    """A lossless file names each topic, category and path once: a second record of the
    same slug would silently win over the first."""
    keyed: list[tuple[str, list[tuple[str | None, SourceRef]]]] = [
        ("topic", [(d.slug, d.sources[0]) for d in batch.topics if d.sources]),
        ("category", [(c.slug, c.source) for c in batch.categories]),
        ("path", [(p.slug, p.source) for p in batch.paths]),
    ]
    for noun, items in keyed:
        seen: dict[str, SourceRef] = {}
        for slug, source in items:
            if slug is None:
                continue
            first = seen.setdefault(slug, source)
            if first is not source:
                _refuse(source, f"{noun} slug {slug!r} is already used {_where(first, source)}")


def check_steps_unique(path: PathDraft) -> None:
    seen: set[str] = set()
    for step in path.steps:
        if step in seen:
            _refuse(path.source, f"path {path.slug!r}: step {step!r} appears twice")
        seen.add(step)


def check_categories_defined(batches: list[ImportBatch], in_wiki: set[str]) -> None:
    """A lossless topic names its categories by slug; each must exist in the wiki or be
    defined somewhere in this import (any file, any order)."""
    known = in_wiki | {
        category.slug or slugify(category.name)
        for batch in batches for category in batch.categories
    }
    for batch in batches:
        if batch.format not in LOSSLESS_FORMATS:
            continue  # seed pages name categories by their title and create them
        for draft in batch.topics:
            for slug in draft.categories:
                if slug not in known and draft.sources:
                    _refuse(draft.sources[0], f"category {slug!r} is not defined in this "
                            "import or the wiki (define it in site.yaml or a category line)")


_TEXT_LIMITS = {"title": TITLE_MAX, "summary": SUMMARY_MAX, "why_it_matters": SUMMARY_MAX,
                "body": BODY_MAX}


def check_sizes(batch: ImportBatch) -> None:
    """Every format, seed pages included, within the sizes the schema and the columns hold:
    a 50 KB tag header is a clear error here, not a database error at the end."""
    for tag in batch.tags:  # headers first: a long tag name is its header's fault
        _within(tag.source, "tag name", tag.name, NAME_MAX)
    for category in batch.categories:
        _within(category.source, "category name", category.name, NAME_MAX)
    for path in batch.paths:
        _within(path.source, "path name", path.name, NAME_MAX)
        _within(path.source, "path title", path.title, TITLE_MAX)
    for draft in batch.topics:
        _check_topic_sizes(draft)


def _check_topic_sizes(draft: TopicDraft) -> None:
    if not draft.sources:
        return
    source = draft.sources[0]
    for lang, text in draft.texts.items():
        for field, limit in _TEXT_LIMITS.items():
            _within(source, f"texts.{lang}.{field}", getattr(text, field), limit)
    for _lang, alias in draft.aliases:
        _within(source, "alias", alias, ALIAS_MAX)
    for name in draft.tags:
        _within(source, "tag name", name, NAME_MAX)


def _within(source: SourceRef, what: str, value: str, limit: int) -> None:
    if len(value) > limit:
        _refuse(source, f"{what} is {len(value):,} characters long; at most {limit:,} fit")


def _where(first: SourceRef, again: SourceRef) -> str:
    if first.file == again.file:
        return f"on line {first.line}"
    return f"in {first.file}:{first.line}"


def _refuse(source: SourceRef, message: str) -> None:
    raise ImportFormatError(source.file, source.line, one_line(message))
