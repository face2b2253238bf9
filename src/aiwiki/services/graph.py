"""Use cases: the neighbourhood graph of a topic, and the graph of a tag, a category or a
learning path: which topics to draw (at most MAX_NODES), how they link, where they go.

A topic's neighbourhood is the topics it links with, then theirs, the best connected
first; a topic that links with none borrows its related topics as a first ring. A
group's graph is its best connected members, laid out from the most connected one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.rendering.graph_layout import NodeIn, PlacedNode, edge_path, layout
from aiwiki.services.cards import card
from aiwiki.services.slugs import not_found, require_shape
from aiwiki.services.views import GraphEdge, GraphNode, GraphView, RelatedTopic, TopicCard
from aiwiki.services.wiki import Wiki
from aiwiki.storage.engine import IDS_PER_QUERY
from aiwiki.storage.tables import (
    Category,
    LearningPath,
    Link,
    PathStep,
    Tag,
    Topic,
    TopicCategory,
    TopicTag,
)

MAX_NODES = 30
FIRST_RING = 12

Adjacency = dict[int, set[int]]


def adjacency(session: Session, ids: Collection[int]) -> Adjacency:
    """For each of ``ids``, the visible topics it links to or is linked from."""
    chosen = sorted(ids)
    near: Adjacency = {i: set() for i in chosen}
    for at in range(0, len(chosen), IDS_PER_QUERY):
        part = chosen[at : at + IDS_PER_QUERY]
        rows = session.execute(
            select(Link.from_topic_id, Link.to_topic_id)
            .where(Link.from_topic_id.in_(part) | Link.to_topic_id.in_(part)).distinct()
        )
        for a, b in rows:
            if a in near:
                near[a].add(b)
            if b in near:
                near[b].add(a)
    return near


def neighbourhood(
    session: Session, topic: Topic, lang: str, related: Iterable[RelatedTopic] = ()
) -> GraphView:
    """The topics round ``topic``: two rings of links, at most MAX_NODES in all."""
    near = adjacency(session, [topic.id])[topic.id] - {topic.id}
    borrowed = not near
    if borrowed:
        near = _ids_of(session, [r.topic.slug for r in related])
    second = adjacency(session, near)
    first = sorted(near, key=lambda t: (-len(second.get(t, ())), t))[:FIRST_RING]
    rings, parents = {topic.id: 0, **{t: 1 for t in first}}, {t: topic.id for t in first}
    _add_second_ring(first, second, rings, parents)
    edges = _edges(session, rings)
    if borrowed:
        edges |= {(topic.id, t, "related") for t in first}
    reach = {topic.id} | near | {o for t in near for o in second.get(t, ())}
    return _view(session, rings, parents, edges, lang, total=len(reach))


def _add_second_ring(
    first: list[int], second: Adjacency, rings: dict[int, int], parents: dict[int, int]
) -> None:
    counts: dict[int, int] = {}
    for t in first:
        for other in second.get(t, ()):
            if other not in rings:
                counts[other] = counts.get(other, 0) + 1
                parents.setdefault(other, t)
    for other in sorted(counts, key=lambda o: (-counts[o], o))[: MAX_NODES - len(rings)]:
        rings[other] = 2
    for other in list(parents):
        if other not in rings:
            del parents[other]


def group_graph(wiki: Wiki, kind: str, slug: str, lang: str) -> GraphView:
    """The graph of a tag, a category or a learning path (``kind``): its members, linked."""
    with wiki.read() as session:
        title, members = _members(session, kind, slug)
        near = adjacency(session, members)
        inside = {t: near[t] & members for t in members}
        chosen = sorted(members, key=lambda t: (-len(inside[t]), -len(near[t]), t))[:MAX_NODES]
        rings, parents = _rings_from_hub(chosen, inside)
        view = _view(session, rings, parents, _edges(session, rings), lang, total=len(members))
        return view.model_copy(update={"title": title, "kind": kind, "slug": slug})


def _rings_from_hub(
    chosen: list[int], inside: Adjacency
) -> tuple[dict[int, int], dict[int, int]]:
    """Rings by breadth-first distance from the first (best connected) node; members it
    does not reach go on a ring of their own, outside."""
    if not chosen:
        return {}, {}
    allowed = set(chosen)
    rings, parents = {chosen[0]: 0}, {}
    frontier = [chosen[0]]
    while frontier:
        following = []
        for node in frontier:
            for other in sorted(inside[node] & allowed):
                if other not in rings:
                    rings[other], parents[other] = rings[node] + 1, node
                    following.append(other)
        frontier = following
    outer = max(rings.values()) + 1
    rings.update({t: outer for t in chosen if t not in rings})
    return rings, parents


def _members(session: Session, kind: str, slug: str) -> tuple[str, set[int]]:
    require_shape(slug, kind)
    found = _group(session, kind, slug)
    if found is None:
        raise not_found("learning path" if kind == "path" else kind, slug)
    title, query = found
    live = select(Topic.id).where(Topic.id.in_(query), Topic.status != Status.DELETED)
    return title, set(session.scalars(live))


def _group(session: Session, kind: str, slug: str) -> tuple[str, Select[int]] | None:
    """A group's name and the query of its members' ids; None if there is no such group."""
    if kind == "tag":
        tag = session.scalar(select(Tag).where(Tag.slug == slug))
        return None if tag is None else (
            tag.name, select(TopicTag.topic_id).where(TopicTag.tag_id == tag.id))
    if kind == "category":
        category = session.scalar(select(Category).where(Category.slug == slug))
        return None if category is None else (category.name, select(
            TopicCategory.topic_id).where(TopicCategory.category_id == category.id))
    path = session.scalar(select(LearningPath).where(LearningPath.slug == slug))
    return None if path is None else (
        path.title, select(PathStep.topic_id).where(PathStep.path_id == path.id))


def _ids_of(session: Session, slugs: list[str]) -> set[int]:
    return set(session.scalars(select(Topic.id).where(Topic.slug.in_(slugs)))) if slugs else set()


def _edges(session: Session, rings: dict[int, int]) -> set[tuple[int, int, str]]:
    ids = set(rings)
    near = adjacency(session, ids)
    return {(min(a, b), max(a, b), "link") for a in ids for b in near[a] & ids if a != b}


def _view(
    session: Session, rings: dict[int, int], parents: dict[int, int],
    edges: set[tuple[int, int, str]], lang: str, total: int,
) -> GraphView:
    cards = _cards(session, rings, lang)
    rings = {t: r for t, r in rings.items() if t in cards}
    keys = {t: cards[t].slug for t in rings}
    nodes = [NodeIn(keys[t], cards[t].title, ring, keys.get(parents.get(t, -1)))
             for t, ring in sorted(rings.items(), key=lambda item: (item[1], item[0]))]
    picture = layout(nodes, [(keys[a], keys[b]) for a, b, _ in sorted(edges)
                             if a in keys and b in keys])
    kinds = {(keys[a], keys[b]): kind for a, b, kind in edges if a in keys and b in keys}
    by_slug = {c.slug: c for c in cards.values()}
    at = {n.key: n for n in picture.nodes}
    centre_x = next((n.x for n in picture.nodes if n.ring == 0), 0.0)
    return GraphView(
        kind="topic",
        nodes=[_node(n, by_slug[n.key]) for n in picture.nodes],
        edges=[GraphEdge(source=a, target=b, kind=kinds.get((a, b), "link"),
                         d=edge_path(at[a], at[b], centre_x)) for a, b in picture.edges],
        width=picture.width, height=picture.height, total=max(total, len(picture.nodes)),
    )


def _node(placed: PlacedNode, topic: TopicCard) -> GraphNode:
    """A placed node as the view shows it: a given level, else an inferred one, marked."""
    return GraphNode(
        slug=placed.key, title=topic.title, level=topic.level or topic.inferred_level,
        inferred=topic.level is None and topic.inferred_level is not None, ring=placed.ring,
        x=placed.x, y=placed.y, r=placed.r, label=placed.label, label_x=placed.label_x,
        label_y=placed.label_y, anchor=placed.anchor,
    )


def _cards(session: Session, rings: dict[int, int], lang: str) -> dict[int, TopicCard]:
    if not rings:
        return {}
    topics = session.scalars(
        select(Topic).where(Topic.id.in_(list(rings)), Topic.status != Status.DELETED))
    return {t.id: card(t, lang) for t in topics}
