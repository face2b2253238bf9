"""Use case: the topics that mention a topic ("Mentioned in"), with the sentence of each
mention in the reader's language where there is one."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.services.cards import card, sort_key
from aiwiki.services.link_store import FIELDS
from aiwiki.services.views import Backlink
from aiwiki.storage.tables import Link, Topic

_Pick = tuple[str, str, str]  # (lang, field, sentence)


def backlinks(session: Session, topic_id: int, lang: str) -> list[Backlink]:
    """Every topic that mentions ``topic_id``, by title, each with one sentence: in ``lang``
    if that text mentions it, the summary before why-it-matters before the body."""
    rows = session.execute(
        select(Link.from_topic_id, Link.lang, Link.field, Link.sentence)
        .where(Link.to_topic_id == topic_id)
    )
    best: dict[int, _Pick] = {}
    for source, row_lang, field, sentence in rows:
        pick = (row_lang, field, sentence)
        if source not in best or _rank(pick, lang) < _rank(best[source], lang):
            best[source] = pick
    topics: Iterable[Topic] = session.scalars(
        select(Topic).where(Topic.id.in_(best), Topic.status != Status.DELETED)
    ) if best else []
    found = [_backlink(topic, best[topic.id], lang) for topic in topics]
    return sorted(found, key=lambda b: sort_key(b.topic))


def _rank(pick: _Pick, lang: str) -> tuple[bool, int, str]:
    row_lang, field, _ = pick
    return row_lang != lang, FIELDS.index(field) if field in FIELDS else len(FIELDS), row_lang


def _backlink(topic: Topic, pick: _Pick, lang: str) -> Backlink:
    row_lang, field, sentence = pick
    return Backlink(topic=card(topic, lang), field=field, sentence_html=sentence,
                    sentence_lang=row_lang)
