"""The SQLAlchemy 2 tables of the content model (DESIGN.md §1)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20), index=True)
    # derived, for a topic without a level: from its links and words (services/levels.py)
    inferred_level: Mapped[str | None] = mapped_column(String(20), default=None)
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # id of the newest Revision row; 0 before the first one is written
    current_revision: Mapped[int] = mapped_column(Integer, default=0)

    texts: Mapped[list[TopicText]] = relationship(
        back_populates="topic", cascade="all, delete-orphan", lazy="selectin"
    )
    aliases: Mapped[list[Alias]] = relationship(
        back_populates="topic", cascade="all, delete-orphan", lazy="selectin"
    )


class TopicEmbedding(Base):
    """A sentence embedding of one topic's text in one language, by one model.

    Derived like the search index, but dear to compute (milliseconds a text), so it is
    stored: `revision` is the topic revision it was read at and `text_hash` the text it
    embedded, so a new revision that left the text alone costs no model call."""

    __tablename__ = "topic_embeddings"
    __table_args__ = (UniqueConstraint("topic_id", "lang", "model"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(10))
    model: Mapped[str] = mapped_column(String(60))
    revision: Mapped[int] = mapped_column(Integer)
    text_hash: Mapped[str] = mapped_column(String(32))
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float16, the model's dimensions


class TopicText(Base):
    __tablename__ = "topic_texts"
    __table_args__ = (UniqueConstraint("topic_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    lang: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    why_it_matters: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")

    topic: Mapped[Topic] = relationship(back_populates="texts")


class Alias(Base):
    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("lang", "normalized"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(300))
    normalized: Mapped[str] = mapped_column(String(300))

    topic: Mapped[Topic] = relationship(back_populates="aliases")


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    declared_count: Mapped[int | None] = mapped_column(Integer)


class TopicTag(Base):
    __tablename__ = "topic_tags"

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # lang -> description
    descriptions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class TopicCategory(Base):
    __tablename__ = "topic_categories"

    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class LearningPath(Base):
    __tablename__ = "paths"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    level: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    tag_name: Mapped[str | None] = mapped_column(String(200))


class PathStep(Base):
    __tablename__ = "path_steps"
    __table_args__ = (UniqueConstraint("path_id", "topic_id"),)

    path_id: Mapped[int] = mapped_column(
        ForeignKey("paths.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)


class Revision(Base):
    """A full snapshot of a topic after a change; ids grow monotonically across the wiki.

    ``generation`` is the site generation its write committed as (None before migration
    0002). Writers take generations one at a time, in commit order, which ids do not
    promise on PostgreSQL: so "what changed since generation g" is exact. ``change`` says
    what the write did (rows older than migration 0004 were all written by imports)."""

    __tablename__ = "revisions"
    __table_args__ = (
        UniqueConstraint("topic_id", "number"),
        # recent changes by one author or of one kind, newest first (migration 0004)
        Index("ix_revisions_author_id", "author", "id"),
        Index("ix_revisions_change_id", "change", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    generation: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    # a ChangeKind: create, edit, rename, delete, restore, rollback, import, merge, unmerge
    # or review
    change: Mapped[str] = mapped_column(String(20), server_default="import")


class SlugRedirect(Base):
    __tablename__ = "slug_redirects"

    old_slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))


class Source(Base):
    """Provenance of imported text: which file and line a topic's text came from."""

    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_content_hash", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), index=True
    )
    file: Mapped[str] = mapped_column(String(500))
    line: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    # the line that carried the topic's text (others only lent it e.g. a level)
    primary: Mapped[bool] = mapped_column(default=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewItem(Base):
    """Something a human must look at: an uncertain name, attachment or merge."""

    __tablename__ = "review_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text)
    file: Mapped[str] = mapped_column(String(500), default="")
    line: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)


class ReviewDecision(Base):
    """What a human decided about a review item, keyed by the hash of the source line the
    item came from: an import of that same line again never re-opens it (pipeline.py)."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(64), index=True)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_items.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # merge, rename, attach or dismiss
    reason: Mapped[str] = mapped_column(Text, default="")  # the item's reason, kept
    note: Mapped[str] = mapped_column(Text, default="")  # the reviewer's why
    author: Mapped[str] = mapped_column(String(200))
    merge_id: Mapped[int | None] = mapped_column(
        ForeignKey("merges.id", ondelete="SET NULL"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Merge(Base):
    """One topic folded into another, with what moved, so that it can be undone: the
    revisions both topics got, the path steps and sources that changed hands, the old
    slugs that now redirect to the survivor."""

    __tablename__ = "merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    loser_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    survivor_revision: Mapped[int] = mapped_column(Integer)  # the merge's revision ids
    loser_revision: Mapped[int] = mapped_column(Integer)
    moved: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None] = mapped_column(default=None)


class Link(Base):
    """Derived: topic A mentions topic B in one field of one language (an auto-link, or an
    explicit Markdown link to /t/…). Rebuilt, in the same transaction as the write, for
    the topics whose text or whose targets changed (services/link_store.py)."""

    __tablename__ = "links"

    from_topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True
    )
    to_topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    lang: Mapped[str] = mapped_column(String(10), primary_key=True)
    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="auto")
    # the words linked, as written, and the sentence around them (sanitized HTML)
    mention: Mapped[str] = mapped_column(String(300), default="")
    sentence: Mapped[str] = mapped_column(Text, default="")


class SiteState(Base):
    """One row: a counter bumped by every write, so caches know when the site changed."""

    __tablename__ = "site_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    # the generation links were last rebuilt in full; None: never (a full rebuild is due)
    links_built: Mapped[int | None] = mapped_column(Integer, default=None)


class User(Base):
    """An account: an editor or an admin. Anonymous readers have none. Never deleted, only
    disabled, so that revisions and the audit log keep naming who did what."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginSession(Base):
    """A signed-in browser. The id is the SHA-256 of the cookie's random token, so a copy
    of the database does not hand out sessions."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")


class ApiToken(Base):
    """A bearer token for the API, shown once at creation; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class AuditEntry(Base):
    """Who did what to what, from where. Login throttling counts its failure rows, so the
    limits hold across every app server on one database."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_action_target_at", "action", "target", "at"),
        Index("ix_audit_log_action_address_at", "action", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
