"""Folding a draft into a topic without losing text: fill what is empty, keep what differs.

Merging is idempotent: applying the same draft twice changes nothing the second time, which
is what makes re-importing the same files a no-op.
"""

from __future__ import annotations

from aiwiki.domain.names import normalize_name
from aiwiki.importers.drafts import TopicDraft
from aiwiki.storage.tables import Alias, Topic, TopicText

_SHORT_FIELDS = ("summary", "why_it_matters")


def merge_texts(topic: Topic, draft: TopicDraft, owners: AliasOwners) -> None:
    """Fill empty fields; a differing summary or why-it-matters is appended to the body."""
    for lang, incoming in draft.texts.items():
        text = _text_for(topic, lang)
        if not text.title:
            text.title = incoming.title
        elif incoming.title and normalize_name(incoming.title) != normalize_name(text.title):
            add_alias(topic, lang, incoming.title, owners)
        for field in _SHORT_FIELDS:
            value = getattr(incoming, field)
            if not value:
                continue
            if not getattr(text, field):
                setattr(text, field, value)
            elif getattr(text, field) != value:
                text.body = _append_paragraph(text.body, value)
        if incoming.body:
            text.body = _append_paragraph(text.body, incoming.body)


def replace_texts(topic: Topic, draft: TopicDraft) -> None:
    """Lossless formats are authoritative: the topic's texts become exactly the draft's."""
    wanted = set(draft.texts)
    for text in list(topic.texts):
        if text.lang not in wanted:
            topic.texts.remove(text)
    for lang, incoming in draft.texts.items():
        text = _text_for(topic, lang)
        for field in ("title", "summary", "why_it_matters", "body"):
            setattr(text, field, getattr(incoming, field))


AliasOwners = dict[tuple[str, str], int]


def add_alias(topic: Topic, lang: str, name: str, owners: AliasOwners) -> bool:
    """Add an alias unless the topic already answers to that name or another topic owns it
    (aliases are unique per language)."""
    key = normalize_name(name)
    if not key or owners.get((lang, key), topic.id) != topic.id:
        return False
    known = {normalize_name(t.title) for t in topic.texts} | {a.normalized for a in topic.aliases}
    if key in known:
        return False
    topic.aliases.append(Alias(lang=lang, name=name, normalized=key))
    owners[(lang, key)] = topic.id
    return True


def _text_for(topic: Topic, lang: str) -> TopicText:
    for text in topic.texts:
        if text.lang == lang:
            return text
    text = TopicText(lang=lang, title="", summary="", why_it_matters="", body="")
    topic.texts.append(text)
    return text


def _append_paragraph(body: str, paragraph: str) -> str:
    if paragraph in body:
        return body
    return f"{body}\n\n{paragraph}" if body else paragraph

