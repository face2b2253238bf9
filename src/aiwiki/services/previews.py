"""Use case: a topic's preview for a hover card: its card and why it matters."""

from __future__ import annotations

from aiwiki.services.cards import card, inline_html
from aiwiki.services.localize import localize
from aiwiki.services.topics import find_topic
from aiwiki.services.views import TopicPreview
from aiwiki.services.wiki import Wiki


def preview(wiki: Wiki, slug: str, lang: str) -> TopicPreview:
    """Small and unlinked (a card inside a page need not link again), so cheap to cache."""
    with wiki.read() as session:
        topic = find_topic(session, slug)
        why = localize(topic.texts, lang).fields["why_it_matters"]
        return TopicPreview(**card(topic, lang).model_dump(), why_it_matters_html=inline_html(why))
