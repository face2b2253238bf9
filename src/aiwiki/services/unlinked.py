"""Use case: mentions the auto-linker missed because they are near a topic's name but not
it (a plural, a hyphen for a space, two words swapped), for an editor to look at.

It runs a linker over those variants of every name instead of the names themselves, so
it finds them where the linker would (not in code, math or existing links), and reports
only those whose topic the text does not already link to.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.rendering import Linker, render
from aiwiki.rendering.mentions import mentions
from aiwiki.services.link_store import FIELDS
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Alias, Link, Topic, TopicText

MIN_NAME = 4  # shorter names make too many false variants ("RL" -> "RLs")


class UnlinkedMention(BaseModel):
    topic: str
    field: str
    lang: str
    words: str
    target: str
    target_title: str
    sentence_html: str


def variants(name: str) -> set[str]:
    """Spellings near ``name``: plural or singular, hyphen for space and back, and two
    words in the other order."""
    found = {name + "s", name + "es"} if not name.endswith("s") else {name[:-1]}
    if name.endswith("y") and len(name) > MIN_NAME:
        found.add(name[:-1] + "ies")
    if "-" in name:
        found.add(name.replace("-", " "))
    if " " in name:
        found.add(name.replace(" ", "-"))
        words = name.split()
        if len(words) == 2:
            found.add(f"{words[1]} {words[0]}")
    return found - {name}


def unlinked(wiki: Wiki, limit: int = 200) -> list[UnlinkedMention]:
    """Up to ``limit`` near-miss mentions, by topic."""
    with wiki.read() as session:
        linker, titles = _variant_linker(session)
        linked = {(a, b) for a, b in session.execute(
            select(Link.from_topic_id, Link.to_topic_id).distinct()).all()}
        ids = dict(session.execute(select(Topic.slug, Topic.id)).all())
        found: list[UnlinkedMention] = []
        for topic in session.scalars(select(Topic).where(Topic.status != Status.DELETED)
                                     .order_by(Topic.slug)):
            for hit in _near_misses(linker, topic, titles):
                if (topic.id, ids.get(hit.target)) not in linked:
                    found.append(hit)
                    if len(found) >= limit:
                        return found
        return found


def _variant_linker(session: Session) -> tuple[Linker, dict[str, str]]:
    """A linker over the near names (never a real one), and each topic's display title."""
    published = select(Topic.id, Topic.slug).where(Topic.status == Status.PUBLISHED)
    slugs = dict(session.execute(published).all())
    names: list[tuple[str, int]] = [
        (title, tid) for tid, title in session.execute(
            select(TopicText.topic_id, TopicText.title).where(TopicText.topic_id.in_(slugs)))
    ] + [(name, tid) for tid, name in session.execute(
        select(Alias.topic_id, Alias.name).where(Alias.topic_id.in_(slugs)))]
    real = {_folded(name) for name, _ in names}
    titles = {slugs[tid]: name for name, tid in reversed(names)}
    near: dict[str, tuple[str, str]] = {}
    for name, tid in names:
        if len(name) >= MIN_NAME and not name.isupper():
            for variant in variants(name):
                if _folded(variant) not in real:
                    near.setdefault(variant, (slugs[tid], titles[slugs[tid]]))
    return Linker(near), titles


def _folded(name: str) -> str:
    """As the linker compares names: case and runs of spaces aside, punctuation kept (a
    hyphen is what makes "KV-cache" a near miss of "KV cache")."""
    return " ".join(name.casefold().split())


def _near_misses(
    linker: Linker, topic: Topic, titles: dict[str, str]
) -> Iterator[UnlinkedMention]:
    own = linker.excluding(topic.slug)
    for text in topic.texts:
        for field in FIELDS:
            source = getattr(text, field)
            if not source.strip():
                continue
            for m in mentions(render(source, own, inline=field != "body").html):
                yield UnlinkedMention(topic=topic.slug, field=field, lang=text.lang,
                                      words=m.words, target=m.slug,
                                      target_title=titles.get(m.slug, m.slug),
                                      sentence_html=m.sentence_html)
