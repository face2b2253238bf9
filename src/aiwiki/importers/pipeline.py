"""The import pipeline: match each draft to a topic, merge, write revisions, report.

Runs inside the caller's transaction: if anything raises, nothing is written. Matching is
deliberately conservative — a glossary or category term merges into an existing topic only
when a name is certainly the same; a near match is kept apart and listed for review.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Level, Status
from aiwiki.domain.names import normalize_name, slugify
from aiwiki.errors import ImportFormatError
from aiwiki.importers.checks import LOSSLESS_FORMATS, check
from aiwiki.importers.drafts import ImportBatch, PathDraft, TagDraft, TopicDraft
from aiwiki.importers.matching import NameIndex
from aiwiki.importers.merging import AliasOwners, add_alias, merge_texts, replace_texts
from aiwiki.importers.report import ImportReport, TagCheck
from aiwiki.storage.revisions import (
    add_revision,
    build_snapshot,
    bump_generation,
    latest_revision_numbers,
    make_current,
)
from aiwiki.storage.tables import (
    Alias,
    Category,
    LearningPath,
    PathStep,
    ReviewDecision,
    ReviewItem,
    Source,
    Tag,
    Topic,
    TopicCategory,
    TopicTag,
    TopicText,
)

REVIEWED_FORMATS = frozenset({"glossary", "category"})  # formats whose terms may near-match
# Exact titles first, recovered names last, whatever order the files were named in: a
# glossary term should merge into the tag-page topic, not the other way round.
FORMAT_ORDER = {"jsonl": 0, "markdown": 0, "tagpage": 1, "category": 2, "glossary": 3}
PATH_TAG = re.compile(r"^path-(?P<name>.+)-(?P<level>beginner|intermediate|advanced)$")

Progress = Callable[[int], None]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def path_tag_parts(tag_name: str) -> tuple[str, Level] | None:
    """'path-scaling-advanced' -> ('scaling', Level.ADVANCED); None for ordinary tags."""
    match = PATH_TAG.match(tag_name)
    return (match["name"], Level(match["level"])) if match else None


class Pipeline:
    """One import: holds the in-memory indexes that make matching and idempotency cheap."""

    def __init__(self, session: Session, author: str = "import") -> None:
        self.session = session
        self.author = author
        self.names = NameIndex()
        self.alias_owners: AliasOwners = {}
        self.slugs: dict[str, int] = {}
        self.before: dict[int, dict[str, Any] | None] = {}
        self.tag_members: dict[int, set[int]] = {}
        self.category_members: dict[int, set[int]] = {}
        self.tag_order: dict[str, list[int]] = {}
        self.sources: set[tuple[int | None, str, int, str]] = set()
        self.source_topics: dict[str, int] = {}  # content hash -> topic it went into
        self.tags: dict[str, Tag] = {}
        self.categories: dict[str, Category] = {}
        self.revision_numbers: dict[int, int] = {}
        self.reviews: set[tuple[int | None, str]] = set()
        self.decided: set[str] = set()  # hashes of source lines a reviewer settled
        self.structure_changed = False
        self._load_state()

    def _load_state(self) -> None:
        session = self.session
        rows = session.connection().execute  # Core rows: the ORM's cost a second a million
        self.slugs = {slug: topic_id for topic_id, slug in rows(select(Topic.id, Topic.slug))}
        for lang, normalized, topic_id in rows(
            select(Alias.lang, Alias.normalized, Alias.topic_id)
        ):
            self.alias_owners[(lang, normalized)] = topic_id
        for topic_id, tag_id in rows(select(TopicTag.topic_id, TopicTag.tag_id)):
            self.tag_members.setdefault(tag_id, set()).add(topic_id)
        for topic_id, category_id in rows(
            select(TopicCategory.topic_id, TopicCategory.category_id)
        ):
            self.category_members.setdefault(category_id, set()).add(topic_id)
        for row in rows(
            select(Source.topic_id, Source.file, Source.line, Source.content_hash, Source.primary)
        ):
            self.sources.add((row.topic_id, row.file, row.line, row.content_hash))
            if row.topic_id is not None and row.primary:
                self.source_topics.setdefault(row.content_hash, row.topic_id)
        self.tags = {tag.slug: tag for tag in session.scalars(select(Tag))}
        self.categories = {c.slug: c for c in session.scalars(select(Category))}
        self.decided = set(rows(select(ReviewDecision.source_hash).distinct()).scalars())
        self.reviews = {
            (row.topic_id, row.reason)
            for row in session.execute(
                select(ReviewItem.topic_id, ReviewItem.reason).where(
                    ReviewItem.resolved_at.is_(None)
                )
            )
        }

    # -- the whole run -------------------------------------------------------------------

    def _load_names(self) -> None:
        """Every title and alias, for matching drafts by name. Lossless formats name their
        topics by slug and never match by name: a one-topic edit of a million-topic wiki
        spent three quarters of its time here."""
        rows = self.session.connection().execute
        for topic_id, lang, title in rows(
            select(TopicText.topic_id, TopicText.lang, TopicText.title)
        ):
            self.names.add(topic_id, [title], title if lang == "en" else None)
        for topic_id, name in rows(select(Alias.topic_id, Alias.name)):
            self.names.add(topic_id, [name])

    def run(self, batches: list[ImportBatch], progress: Progress | None = None) -> ImportReport:
        check(batches, self.categories)  # before any change: a bad file writes nothing
        if any(batch.format not in LOSSLESS_FORMATS for batch in batches):
            self._load_names()  # before any change: a rename keeps matching its old name
        report = ImportReport(files=[batch.file for batch in batches])
        with self.session.no_autoflush:
            self._run(batches, report, progress)
        return report

    def _run(
        self, batches: list[ImportBatch], report: ImportReport, progress: Progress | None
    ) -> None:
        for batch in sorted(batches, key=lambda b: FORMAT_ORDER.get(b.format, 9)):
            for category in batch.categories:
                self._category(category.name, category.descriptions, category.slug)
            for tag in batch.tags:
                self._tag(tag.name, tag.declared_count)
            for draft in batch.topics:
                self._topic(draft, batch.format, report)
                if progress:
                    progress(1)
            if batch.format not in LOSSLESS_FORMATS:  # exports carry their paths explicitly
                for tag in batch.tags:
                    self._path_from_tag(tag)
        for batch in batches:  # last: a step may name a topic of any file of the import
            for path in batch.paths:
                self._path(path)
        self._finish(report, batches)

    def _finish(self, report: ImportReport, batches: list[ImportBatch]) -> None:
        comment = "import of " + ", ".join(Path(batch.file).name for batch in batches)
        self.revision_numbers = latest_revision_numbers(self.session, list(self.before))
        written = []
        for topic_id, before in self.before.items():
            topic = self.session.get_one(Topic, topic_id)
            current = self._snapshot(topic)
            if current == before:
                continue
            number = self.revision_numbers.get(topic_id, 0) + 1
            self.revision_numbers[topic_id] = number
            revision = add_revision(self.session, topic, number, self.author, comment, current)
            written.append((topic, revision))
            report.changed_topic_ids.add(topic_id)
            if before is not None:
                report.updated += 1
        self.session.flush()
        for topic, revision in written:
            make_current(topic, revision)
        for batch in batches:
            for tag in batch.tags:
                if tag.declared_count is not None:
                    tag_id = self._tag(tag.name, None).id
                    actual = len(self.tag_members.get(tag_id, set()))
                    report.tag_checks.append(TagCheck(tag.name, tag.declared_count, actual))
        if report.wrote_anything or report.changed_topic_ids or self.structure_changed:
            bump_generation(self.session, [revision for _, revision in written])
        self.session.flush()

    # -- topics --------------------------------------------------------------------------

    def _topic(self, draft: TopicDraft, fmt: str, report: ImportReport) -> None:
        lossless = fmt in LOSSLESS_FORMATS
        names = self._names_of(draft)
        reasons = list(draft.review_reasons)
        topic_id = self.slugs.get(draft.slug) if (lossless and draft.slug) else None
        if topic_id is None and not lossless:
            topic_id = self._seen_before(draft)
        if topic_id is None and not lossless and not draft.review_reasons:
            topic_id = self.names.exact(names)
        if topic_id is None and not lossless and (fmt in REVIEWED_FORMATS or reasons):
            reasons += [
                f"may be the same concept as “{title}” (/t/{self._slug_of(near_id)}); "
                "kept apart until a human decides"
                for near_id, title in self.names.near(names)
            ]
        created = topic_id is None
        topic = self._create(draft, reasons) if topic_id is None else self._touch(topic_id)
        signature = self._signature(topic)
        decided = not created and not lossless and self._decided(draft)
        if lossless:
            self._replace(topic, draft)
        elif not decided:  # a reviewer's rename or merge stands against the same line
            self._merge(topic, draft)
        self._attach(topic, draft)
        new_reviews = 0 if decided else self._review(topic, draft, reasons, report)
        self._provenance(topic, draft)
        self.names.add(topic.id, names, draft.title)
        if created:
            report.created += 1
        elif self._signature(topic) != signature or new_reviews:
            report.merged += 1
        else:
            report.unchanged += 1

    def _seen_before(self, draft: TopicDraft) -> int | None:
        """The topic an identical primary source line went into earlier, if any. Only the first
        source counts: later ones (a level glued to the next term's line) may be shared."""
        return self.source_topics.get(_digest(draft.sources[0].text)) if draft.sources else None

    def _decided(self, draft: TopicDraft) -> bool:
        """A reviewer settled the items of this very line (services/review.py): its text
        is not folded in again and its doubts are not raised again."""
        return bool(draft.sources) and _digest(draft.sources[0].text) in self.decided

    def _names_of(self, draft: TopicDraft) -> list[str]:
        titles = [text.title for text in draft.texts.values() if text.title]
        return titles + [name for _, name in draft.aliases]

    def _create(self, draft: TopicDraft, reasons: list[str]) -> Topic:
        slug = self._free_slug(draft.slug or slugify(draft.title))
        status = draft.status or (Status.NEEDS_REVIEW if reasons else Status.PUBLISHED)
        topic = Topic(slug=slug, kind=str(draft.kind), level=draft.level, status=str(status))
        self.session.add(topic)
        self.session.flush()
        self.slugs[slug] = topic.id
        self.before[topic.id] = None
        return topic

    def _touch(self, topic_id: int) -> Topic:
        topic = self.session.get_one(Topic, topic_id)
        if topic_id not in self.before:
            self.before[topic_id] = self._snapshot(topic)
        return topic

    def _snapshot(self, topic: Topic) -> dict[str, Any]:
        tags = [tag.name for tag in self.tags.values()
                if topic.id in self.tag_members.get(tag.id, ())]
        categories = [c.slug for c in self.categories.values()
                      if topic.id in self.category_members.get(c.id, ())]
        return build_snapshot(topic, tags, categories)

    def _free_slug(self, wanted: str) -> str:
        slug, n = wanted, 2
        while slug in self.slugs:
            slug, n = f"{wanted}-{n}", n + 1
        return slug

    def _slug_of(self, topic_id: int) -> str:
        return next((slug for slug, tid in self.slugs.items() if tid == topic_id), str(topic_id))

    def _merge(self, topic: Topic, draft: TopicDraft) -> None:
        merge_texts(topic, draft, self.alias_owners)
        for lang, name in draft.aliases:
            add_alias(topic, lang, name, self.alias_owners)
        if topic.level is None and draft.level is not None:
            topic.level = str(draft.level)

    def _replace(self, topic: Topic, draft: TopicDraft) -> None:
        replace_texts(topic, draft)
        wanted = {(lang, normalize_name(name)) for lang, name in draft.aliases}
        dropped = [a for a in topic.aliases if (a.lang, a.normalized) not in wanted]
        for alias in dropped:
            topic.aliases.remove(alias)
            self.alias_owners.pop((alias.lang, alias.normalized), None)
        if dropped:  # deleted now: another topic of this import may take the name over
            self.session.flush()
        for lang, name in draft.aliases:
            add_alias(topic, lang, name, self.alias_owners)
        topic.kind = str(draft.kind)
        topic.level = str(draft.level) if draft.level else None
        if draft.status:
            topic.status = draft.status

    def _attach(self, topic: Topic, draft: TopicDraft) -> None:
        for name in draft.tags:
            tag = self._tag(name, None)
            members = self.tag_members.setdefault(tag.id, set())
            if topic.id not in members:
                members.add(topic.id)
                self.session.add(TopicTag(topic_id=topic.id, tag_id=tag.id))
            self.tag_order.setdefault(tag.name, []).append(topic.id)
        for name in draft.categories:
            category = self._category(name, {}, None)
            members = self.category_members.setdefault(category.id, set())
            if topic.id not in members:
                members.add(topic.id)
                self.session.add(TopicCategory(topic_id=topic.id, category_id=category.id))

    def _review(
        self, topic: Topic, draft: TopicDraft, reasons: list[str], report: ImportReport
    ) -> int:
        source = draft.sources[0] if draft.sources else None
        written = 0
        for reason in reasons:
            if (topic.id, reason) in self.reviews:
                continue
            self.reviews.add((topic.id, reason))
            file, line = (Path(source.file).name, source.line) if source else ("", 0)
            self.session.add(ReviewItem(topic_id=topic.id, reason=reason, file=file, line=line))
            report.review.append(f"{file}:{line}: {reason}")
            written += 1
        if written:
            report.flagged += 1
            if topic.status == Status.PUBLISHED:
                topic.status = str(Status.NEEDS_REVIEW)
        return written

    def _provenance(self, topic: Topic, draft: TopicDraft) -> None:
        if draft.sources:
            self.source_topics.setdefault(_digest(draft.sources[0].text), topic.id)
        for index, source in enumerate(draft.sources):
            digest = _digest(source.text)
            key = (topic.id, Path(source.file).name, source.line, digest)
            if key not in self.sources:
                self.sources.add(key)
                self.session.add(Source(topic_id=topic.id, file=key[1], line=source.line,
                                        content_hash=digest, primary=index == 0))

    def _signature(self, topic: Topic) -> tuple[object, ...]:
        texts = tuple(
            sorted((t.lang, t.title, t.summary, t.why_it_matters, t.body) for t in topic.texts)
        )
        aliases = tuple(sorted((a.lang, a.name) for a in topic.aliases))
        tags = frozenset(tid for tid, members in self.tag_members.items() if topic.id in members)
        cats = frozenset(
            cid for cid, members in self.category_members.items() if topic.id in members
        )
        return (texts, aliases, tags, cats, topic.level, topic.kind, topic.status)

    # -- tags, categories, paths ---------------------------------------------------------

    def _tag(self, name: str, declared: int | None) -> Tag:
        slug = slugify(name)
        tag = self.tags.get(slug)
        if tag is None:
            tag = Tag(slug=slug, name=name, declared_count=declared)
            self.session.add(tag)
            self.session.flush()
            self.tags[slug] = tag
            self.structure_changed = True
        elif declared is not None and tag.declared_count != declared:
            tag.declared_count = declared
            self.structure_changed = True
        return tag

    def _category(self, name: str, descriptions: dict[str, str], slug: str | None) -> Category:
        wanted = slug or slugify(name)
        category = self.categories.get(wanted) or next(
            (c for c in self.categories.values() if c.name == name), None
        )
        if category is None:
            category = Category(slug=wanted, name=name, descriptions=dict(descriptions))
            self.session.add(category)
            self.session.flush()
            self.categories[wanted] = category
            self.structure_changed = True
        elif descriptions:
            # an export (which names the slug) is authoritative; a seed page only fills gaps
            old = dict(category.descriptions or {})
            merged = {**old, **descriptions} if slug else {**descriptions, **old}
            if merged != old:
                category.descriptions = merged
                self.structure_changed = True
        return category

    def _path_from_tag(self, tag: TagDraft) -> None:
        parts = path_tag_parts(tag.name)
        if parts is None:
            return
        name, level = parts
        self.session.flush()
        title = name.replace("-", " ").capitalize()
        path = self._path_row(slugify(f"{name}-{level}"), title, level)
        if path.tag_name != tag.name:
            path.tag_name = tag.name
        existing = list(
            self.session.scalars(
                select(PathStep.topic_id).where(PathStep.path_id == path.id)
                .order_by(PathStep.position)
            )
        )
        seen = set(existing)
        for topic_id in self.tag_order.get(tag.name, []):
            if topic_id not in seen:
                seen.add(topic_id)
                existing.append(topic_id)
                self.session.add(
                    PathStep(path_id=path.id, position=len(existing), topic_id=topic_id)
                )
                self.structure_changed = True

    def _path(self, draft: PathDraft) -> None:
        self.session.flush()
        path = self._path_row(draft.slug or slugify(draft.name), draft.title, draft.level)
        tag_name = draft.name if draft.name.startswith("path-") else path.tag_name
        if (path.title, path.level, path.description, path.tag_name) != (
            draft.title, draft.level, draft.description, tag_name
        ):
            path.title, path.level = draft.title, draft.level
            path.description, path.tag_name = draft.description, tag_name
            self.structure_changed = True
        steps = [self._step(draft, slug) for slug in draft.steps]
        current = list(
            self.session.scalars(
                select(PathStep.topic_id).where(PathStep.path_id == path.id)
                .order_by(PathStep.position)
            )
        )
        if current != steps:
            for step in self.session.scalars(select(PathStep).where(PathStep.path_id == path.id)):
                self.session.delete(step)
            self.session.flush()
            for position, topic_id in enumerate(steps, start=1):
                self.session.add(PathStep(path_id=path.id, position=position, topic_id=topic_id))
            self.structure_changed = True

    def _step(self, draft: PathDraft, slug: str) -> int:
        topic_id = self.slugs.get(slug)
        if topic_id is None:
            raise ImportFormatError(
                draft.source.file, draft.source.line,
                f"path {draft.slug!r}: step {slug!r} is no topic in this import or the wiki",
            )
        return topic_id

    def _path_row(self, slug: str, title: str, level: Level | None) -> LearningPath:
        path = self.session.scalar(select(LearningPath).where(LearningPath.slug == slug))
        if path is None:
            path = LearningPath(slug=slug, title=title, level=level, description="")
            self.session.add(path)
            self.session.flush()
            self.structure_changed = True
        return path
