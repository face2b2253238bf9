"""Use case: flashcards for learn mode, built from the topics' own texts.

Three kinds of card per topic, where its text allows: its title → its summary; why it
matters (the topic's names blanked out) → which concept; a formula → what it computes.
A deck is a learning path (or one of its stages), a tag, or the whole glossary. The
schedule (spaced repetition) lives in the reader's browser: the server only deals cards.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field
from sqlalchemy import select

from aiwiki.rendering import find_formulas, sanitize_html
from aiwiki.services import learning_paths, listings
from aiwiki.services.cards import inline_html, sort_key
from aiwiki.services.localize import localize
from aiwiki.services.slugs import not_found
from aiwiki.services.views import TopicCard
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Topic

GLOSSARY_CARDS = 120  # topics in a whole-glossary deck: the first by title
BLANK = "＿＿＿"


class Flashcard(BaseModel):
    id: str = Field(description="Stable: <slug>:<kind>, the key of its schedule.")
    kind: str = Field(description="summary, why or formula.")
    topic: TopicCard
    front_html: str = Field(description="Sanitized HTML.")
    back_html: str = Field(description="Sanitized HTML.")


class DeckView(BaseModel):
    title: str
    scope: str = Field(description="path, tag or glossary.")
    slug: str = ""
    stage: int | None = None
    cards: list[Flashcard]


def deck(wiki: Wiki, lang: str, path: str | None = None, tag: str | None = None,
         stage: int | None = None) -> DeckView:
    """The cards of a path (or one stage of it), a tag, or the glossary."""
    if path and tag:  # no deck is both: 404 like any other name the wiki lacks
        raise not_found("deck", f"{path} + #{tag}", "choose a path or a tag")
    if stage is not None and not path:
        raise not_found("stage", str(stage), "a stage belongs to a path: give path= too")
    title, scope, members = _members(wiki, lang, path, tag, stage)
    with wiki.read() as session:
        topics = {t.slug: t for t in session.scalars(
            select(Topic).where(Topic.slug.in_([m.slug for m in members])))}
        cards = [card for m in members if m.slug in topics
                 for card in _cards(topics[m.slug], m, lang)]
    return DeckView(title=title, scope=scope, slug=path or tag or "", stage=stage, cards=cards)


def _members(wiki: Wiki, lang: str, path: str | None, tag: str | None,
             stage: int | None) -> tuple[str, str, list[TopicCard]]:
    if path:
        view = learning_paths.path_page(wiki, path, lang)
        if stage is not None and not 1 <= stage <= len(view.stages):
            raise not_found("stage", str(stage), f"the path “{path}” has {len(view.stages)}")
        steps = [s for s in view.steps if stage is None or s.stage == stage]
        return view.title, "path", [s.topic for s in steps]
    if tag:
        tagged = listings.tag_page(wiki, tag, lang)
        return "#" + tagged.name, "tag", tagged.topics
    glossary = listings.glossary(wiki, lang)
    members = sorted((c for g in glossary.groups for c in g.topics), key=sort_key)
    return "", "glossary", members[:GLOSSARY_CARDS]


def _cards(topic: Topic, shown: TopicCard, lang: str) -> list[Flashcard]:
    local = localize(topic.texts, lang).fields
    title, summary, why = local["title"] or topic.slug, local["summary"], local["why_it_matters"]
    names = [title, *(a.name for a in topic.aliases)]
    named = f"<p><strong>{_escape(title)}</strong></p>"
    cards = []
    if summary:
        cards.append(Flashcard(id=f"{topic.slug}:summary", kind="summary", topic=shown,
                               front_html=named, back_html=f"<p>{inline_html(summary)}</p>"))
    if why and (blanked := _blank(why, names)) != why:
        cards.append(Flashcard(id=f"{topic.slug}:why", kind="why", topic=shown,
                               front_html=f"<p>{inline_html(blanked)}</p>", back_html=named))
    formula = next((f for _, _, f in find_formulas(summary + "\n" + local["body"])
                    if f.mathml()), None)
    if formula is not None:
        cards.append(Flashcard(
            id=f"{topic.slug}:formula", kind="formula", topic=shown,
            front_html=sanitize_html(f"<p>{formula.mathml()}</p>"),
            back_html=named + (f"<p>{inline_html(summary)}</p>" if summary else "")))
    return cards


def _blank(text: str, names: list[str]) -> str:
    """``text`` with every name of the topic replaced by a blank, longest names first."""
    for name in sorted({n for n in names if len(n) >= 2}, key=len, reverse=True):
        text = re.sub(re.escape(name), BLANK, text, flags=re.IGNORECASE)
    return text


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
