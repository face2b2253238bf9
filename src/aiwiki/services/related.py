"""Use case: the topics related to one, each with the reasons it is (links either way,
shared subject tags and categories, similar text), deduplicated and ranked.

A tag says less the more topics carry it, so its weight falls with its size (an inverse
document frequency); tags that record where text came from (``wiki-import``) or define a
learning path (``path-…``) say nothing about the subject and never count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.importers.pipeline import path_tag_parts
from aiwiki.search.base import SearchBackend
from aiwiki.services.cards import card
from aiwiki.services.views import Reason, RelatedTopic
from aiwiki.storage.tables import (
    Category,
    Link,
    Tag,
    Topic,
    TopicCategory,
    TopicTag,
    TopicText,
)

LIMIT = 8
SIMILAR = 10  # how many text-similar topics to ask the search index for
PROVENANCE_TAGS = frozenset({"wiki-import", "imported", "import"})
HOPS = 10  # linked neighbours whose own neighbours a sparse topic borrows
WEIGHTS = {
    "links_here": 3.0, "links_to": 3.0, "similar_text": 2.5, "category": 2.0, "tag": 2.0,
    "near": 1.5,
}
KIND_ORDER = ("links_here", "links_to", "similar_text", "category", "tag", "near")


@dataclass
class _Candidate:
    score: float = 0.0
    reasons: list[tuple[float, Reason]] = field(default_factory=list)

    def add(self, weight: float, reason: Reason) -> None:
        self.score += weight
        self.reasons.append((weight, reason))


def is_subject_tag(name: str) -> bool:
    """Whether a tag names a subject, rather than where text came from or a path."""
    lowered = name.lower()
    provenance = lowered in PROVENANCE_TAGS or lowered.endswith("-import")
    return not provenance and path_tag_parts(name) is None


def related(
    session: Session, search: SearchBackend | None, topic_id: int, lang: str,
    limit: int = LIMIT,
) -> list[RelatedTopic]:
    """The ``limit`` topics most related to ``topic_id``, best first."""
    found: dict[int, _Candidate] = {}
    total = session.scalar(select(func.count()).select_from(Topic)) or 1
    _add_links(session, topic_id, found)
    _add_similar(search, topic_id, found)
    _add_shared(session, _tag_groups(session, topic_id), "tag", total, found)
    _add_shared(session, _category_groups(session, topic_id), "category", total, found)
    found.pop(topic_id, None)
    if len(found) < limit:
        _add_two_hops(session, topic_id, found)
    return _ranked(session, found, lang, limit)


def _add_links(session: Session, topic_id: int, found: dict[int, _Candidate]) -> None:
    here = select(Link.from_topic_id).where(Link.to_topic_id == topic_id).distinct()
    there = select(Link.to_topic_id).where(Link.from_topic_id == topic_id).distinct()
    for kind, query in (("links_here", here), ("links_to", there)):
        for other in session.scalars(query):
            found.setdefault(other, _Candidate()).add(WEIGHTS[kind], Reason(kind=kind))


def _add_similar(search: SearchBackend | None, topic_id: int, found: dict[int, _Candidate]) -> None:
    if search is None or not search.supports_related:
        return
    similar = search.related(topic_id, SIMILAR)
    for rank, other in enumerate(similar):
        weight = WEIGHTS["similar_text"] * (1 - rank / (2 * len(similar)))
        found.setdefault(other, _Candidate()).add(weight, Reason(kind="similar_text"))


def _add_two_hops(session: Session, topic_id: int, found: dict[int, _Candidate]) -> None:
    """For a topic with few neighbours: the link neighbours of its linked neighbours (of
    its other neighbours when none links), each weighted down by how many links that
    neighbour has ("near <neighbour>")."""
    linked = [t for t, c in found.items() if any(r.kind.startswith("links") for _, r in c.reasons)]
    direct = sorted(linked) or sorted(found, key=lambda t: -found[t].score)
    for near in direct[:HOPS]:
        others = set(session.scalars(select(Link.to_topic_id).where(Link.from_topic_id == near)))
        others |= set(session.scalars(select(Link.from_topic_id).where(Link.to_topic_id == near)))
        others.discard(topic_id)
        slug, name = session.execute(_title_of(near)).one()
        weight = WEIGHTS["near"] / math.log2(2 + len(others))
        reason = Reason(kind="near", name=name, slug=slug)
        for other in others:
            found.setdefault(other, _Candidate()).add(weight, reason)


def _title_of(topic_id: int) -> Select[str, str]:
    return select(Topic.slug, func.coalesce(func.max(TopicText.title), Topic.slug)).join(
        TopicText, TopicText.topic_id == Topic.id, isouter=True
    ).where(Topic.id == topic_id).group_by(Topic.slug)


_Group = tuple[Reason, list[int]]


def _tag_groups(session: Session, topic_id: int) -> list[_Group]:
    tags = session.execute(
        select(Tag.id, Tag.slug, Tag.name).join(TopicTag).where(TopicTag.topic_id == topic_id)
    )
    groups = []
    for tag_id, slug, name in tags:
        if is_subject_tag(name):
            members = session.scalars(select(TopicTag.topic_id).where(TopicTag.tag_id == tag_id))
            groups.append((Reason(kind="tag", name=name, slug=slug), list(members)))
    return groups


def _category_groups(session: Session, topic_id: int) -> list[_Group]:
    categories = session.execute(
        select(Category.id, Category.slug, Category.name).join(TopicCategory)
        .where(TopicCategory.topic_id == topic_id)
    )
    return [
        (Reason(kind="category", name=name, slug=slug), list(session.scalars(
            select(TopicCategory.topic_id).where(TopicCategory.category_id == category_id))))
        for category_id, slug, name in categories
    ]


def _add_shared(
    session: Session, groups: Iterable[_Group], kind: str, total: int,
    found: dict[int, _Candidate],
) -> None:
    """Members of a shared tag or category, weighted down as the group grows."""
    for reason, members in groups:
        weight = WEIGHTS[kind] * _rarity(len(members), total)
        for other in members:
            found.setdefault(other, _Candidate()).add(weight, reason)


def _rarity(size: int, total: int) -> float:
    """1 for a pair of topics, falling towards 0.1 for a group that holds everything."""
    if total <= 2 or size <= 2:
        return 1.0
    return max(0.1, 1 - math.log(size - 1) / math.log(total))


def _ranked(
    session: Session, found: dict[int, _Candidate], lang: str, limit: int
) -> list[RelatedTopic]:
    """Best first: by score, then by how many kinds of reason, then by title; only topics a
    reader may see."""
    ids = list(found)
    topics = {t.id: t for t in session.scalars(
        select(Topic).where(Topic.id.in_(ids), Topic.status != Status.DELETED))} if ids else {}
    items = [
        RelatedTopic(topic=card(topic, lang), score=round(found[tid].score, 3),
                     reasons=_reasons(found[tid]))
        for tid, topic in topics.items()
    ]
    items.sort(key=lambda r: (-r.score, -len(r.reasons), r.topic.title.casefold(), r.topic.slug))
    return items[:limit]


def _reasons(candidate: _Candidate) -> list[Reason]:
    """One reason per kind and name, strongest first; 'links here' and 'links to' merge."""
    ordered = sorted(candidate.reasons, key=lambda wr: (-wr[0], KIND_ORDER.index(wr[1].kind)))
    unique = list({(r.kind, r.slug): r for _, r in reversed(ordered)}.values())[::-1]
    kinds = {r.kind for r in unique}
    if {"links_here", "links_to"} <= kinds:
        unique = [r for r in unique if r.kind != "links_to"]
        unique = [Reason(kind="links_both") if r.kind == "links_here" else r for r in unique]
    return unique
