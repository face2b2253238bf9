"""Use case: a learning path in the order it teaches — prerequisites first (the steps a
step's text mentions, from the stored links), cut into named stages; or as imported.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Level
from aiwiki.domain.path_order import Ordered, prerequisite_order, stages
from aiwiki.errors import BadInput
from aiwiki.services import listings
from aiwiki.services.views import CycleNote, PathStage, PathStepView, PathView
from aiwiki.services.wiki import Wiki
from aiwiki.storage.engine import IDS_PER_QUERY
from aiwiki.storage.tables import Link, Topic

ORDERS = ("prerequisites", "imported")
GOALS = 3
STAGE_NAME_TOPICS = 2


def path_page(wiki: Wiki, slug: str, lang: str, order: str = "prerequisites") -> PathView:
    """The path's steps in ``order`` (prerequisites or imported), with stages, the
    prerequisites of each step, the cycles broken and what the path builds up to."""
    if order not in ORDERS:
        raise BadInput(f"unknown order “{order}”: use prerequisites or imported")
    imported = listings.path_page(wiki, slug, lang)
    with wiki.read() as session:
        ids = _ids(session, [s.topic.slug for s in imported.steps])
        needs = _mentions(session, ids)
    by_slug = {s.topic.slug: s for s in imported.steps}
    rank = {s.topic.slug: Level(level).rank for s in imported.steps
            if (level := s.topic.level or s.topic.inferred_level)}
    ordered = prerequisite_order(list(by_slug), needs, rank)
    sequence = ordered.order if order == "prerequisites" else list(by_slug)
    return _view(imported, by_slug, ordered, sequence, order)


def _ids(session: Session, slugs: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for at in range(0, len(slugs), IDS_PER_QUERY):
        rows = session.execute(select(Topic.id, Topic.slug).where(
            Topic.slug.in_(slugs[at : at + IDS_PER_QUERY])))
        found.update({topic_id: slug for topic_id, slug in rows})
    return found


def _mentions(session: Session, ids: dict[int, str]) -> dict[str, set[str]]:
    """step slug -> the slugs of the other steps its texts link to."""
    needs: dict[str, set[str]] = {slug: set() for slug in ids.values()}
    chosen = sorted(ids)
    for at in range(0, len(chosen), IDS_PER_QUERY):
        rows = session.execute(select(Link.from_topic_id, Link.to_topic_id).where(
            Link.from_topic_id.in_(chosen[at : at + IDS_PER_QUERY])).distinct())
        for source, target in rows:
            if target in ids:
                needs[ids[source]].add(ids[target])
    return needs


def _view(
    imported: PathView, by_slug: dict[str, PathStepView], ordered: Ordered[str],
    sequence: list[str], order: str,
) -> PathView:
    prerequisites = ordered.prerequisites
    cut = stages(sequence, prerequisites)
    stage_of = {slug: n for n, run in enumerate(cut, start=1) for slug in run}
    needed = Counter(p for slug in sequence for p in prerequisites[slug])
    steps = [
        PathStepView(position=n, topic=by_slug[slug].topic,
                     imported_position=by_slug[slug].position,
                     prerequisites=prerequisites[slug], stage=stage_of[slug])
        for n, slug in enumerate(sequence, start=1)
    ]
    return imported.model_copy(update={
        "steps": steps, "order": order, "stages": _stages(cut, steps, needed),
        "cycles": [_cycle(by_slug, a, b) for a, b in ordered.broken],
        "goals": _goals(sequence, prerequisites, by_slug),
    })


def _stages(
    cut: list[list[str]], steps: list[PathStepView], needed: Counter[str]
) -> list[PathStage]:
    position = {s.topic.slug: s.position for s in steps}
    title = {s.topic.slug: s.topic.title for s in steps}
    level = {s.topic.slug: s.topic.level or s.topic.inferred_level or "none" for s in steps}
    found = []
    for number, run in enumerate(cut, start=1):
        key = sorted(run, key=lambda s: (-needed[s], position[s]))[:STAGE_NAME_TOPICS]
        found.append(PathStage(
            number=number, name=" · ".join(title[s] for s in sorted(key, key=position.__getitem__)),
            first=position[run[0]], last=position[run[-1]], steps=run,
            levels=dict(Counter(level[s] for s in run))))
    return found


def _cycle(by_slug: dict[str, PathStepView], step: str, prerequisite: str) -> CycleNote:
    return CycleNote(step=step, step_title=by_slug[step].topic.title, prerequisite=prerequisite,
                     prerequisite_title=by_slug[prerequisite].topic.title)


def _goals(
    sequence: list[str], prerequisites: dict[str, list[str]], by_slug: dict[str, PathStepView]
) -> list[str]:
    """The steps that build on the most others (directly or not): what the path leads to."""
    below: dict[str, set[str]] = {}
    for slug in sequence:  # in teaching order a step's prerequisites come first
        below[slug] = set(prerequisites[slug]).union(
            *(below.get(p, set()) for p in prerequisites[slug]))
    at = {slug: n for n, slug in enumerate(sequence)}
    best = sorted(sequence, key=lambda s: (-len(below[s]), at[s]))[:GOALS]
    return [by_slug[s].topic.title for s in best if below[s]]

