"""Stored links (services/link_store.py) on a real database: what is stored after an
import, and after an edit, a rename, a new alias, a new topic and a delete — rebuilt for
exactly the topics those changes touch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased

from aiwiki.services import importing, link_store
from aiwiki.services.topics import get_topic
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Link, Topic
from tests.factories import topic, write_jsonl


def _text(title: str, summary: str, body: str = "", why: str = "") -> dict[str, Any]:
    return {"title": title, "summary": summary, "why_it_matters": why, "body": body}


def _wiki_topics() -> list[dict[str, Any]]:
    return [
        topic("attention", "Attention", texts={
            "en": _text("Attention", "Attention weighs tokens against each other."),
            "zh": _text("注意力", "注意力机制为每个词元分配权重。")}),
        topic("kv-cache", "KV cache", texts={"en": _text(
            "KV cache", "A KV cache keeps keys from earlier steps of attention.",
            body="Code like `attention(q)` is no mention; nor is \\( attention \\).")}),
        topic("token", "Token", texts={"en": _text(
            "Token", "A token is a piece of text.", why="Every model counts tokens.")}),
        topic("cache", "Cache", texts={"en": _text("Cache", "A cache stores results.")}),
        topic("sampling", "Sampling", texts={"en": _text(
            "Sampling", "Sampling draws the next token.",
            body="See [the cache page](/t/cache) and the kv cache. Words like sampler "
                 "or pretokenized are not tokens.")}),
        topic("beam", "Beam search", texts={
            "zh": _text("束搜索", "束搜索保留多个候选，比较注意力得分。")}),
        topic("loss", "Loss", texts={"en": _text("Loss", "Loss measures error.")}),
        topic("lr", "Learning rate", texts={"en": _text(
            "Learning rate", "The step size; a wombat never needs one.")}),
    ]


@pytest.fixture
def linked(wiki: Wiki, tmp_path: Path) -> Wiki:
    importing.import_files(wiki, [write_jsonl(tmp_path / "w.jsonl", *_wiki_topics())])
    return wiki


def _links(wiki: Wiki) -> set[tuple[str, str, str, str, str]]:
    source, target = aliased(Topic), aliased(Topic)
    with wiki.read() as session:
        rows = session.execute(
            select(source.slug, target.slug, Link.lang, Link.field, Link.kind)
            .join(source, source.id == Link.from_topic_id)
            .join(target, target.id == Link.to_topic_id)
        )
        return {tuple(row) for row in rows}  # type: ignore[misc]


def _pairs(wiki: Wiki) -> set[tuple[str, str]]:
    return {(a, b) for a, b, *_ in _links(wiki)}


def _import(wiki: Wiki, tmp_path: Path, name: str, *objects: dict[str, Any]) -> None:
    importing.import_files(wiki, [write_jsonl(tmp_path / name, *objects)])


def test_links_are_stored_with_field_language_and_kind(linked: Wiki) -> None:
    links = _links(linked)
    assert ("kv-cache", "attention", "en", "summary", "auto") in links
    assert ("token", "token", "en", "why_it_matters", "auto") not in links  # never itself
    assert ("sampling", "cache", "en", "body", "explicit") in links
    assert ("sampling", "kv-cache", "en", "body", "auto") in links  # longest name wins
    assert ("beam", "attention", "zh", "summary", "auto") in links  # Chinese, no spaces
    assert ("sampling", "token", "en", "summary", "auto") in links
    assert not any(a == "sampling" and b == "token" and f == "body" for a, b, _, f, _ in links)


def test_no_link_from_code_math_or_inside_a_word(linked: Wiki) -> None:
    assert ("kv-cache", "attention", "en", "body", "auto") not in _links(linked)
    assert ("kv-cache", "cache") not in _pairs(linked)  # its own name holds the word


def test_backlinks_carry_the_sentence_in_the_readers_language(linked: Wiki) -> None:
    view = get_topic(linked, "attention", "en")
    by_slug = {b.topic.slug: b for b in view.backlinks}
    assert set(by_slug) == {"kv-cache", "beam"}
    assert by_slug["kv-cache"].sentence_html == (
        "A KV cache keeps keys from earlier steps of <mark>attention</mark>.")
    assert by_slug["beam"].sentence_lang == "zh"
    assert "<mark>注意力</mark>" in by_slug["beam"].sentence_html


def test_an_edit_rebuilds_the_edited_topics_links(linked: Wiki, tmp_path: Path) -> None:
    edited = topic("loss", "Loss", texts={"en": _text("Loss", "Loss is low when each token fits.")})
    _import(linked, tmp_path, "e.jsonl", edited)
    assert ("loss", "token") in _pairs(linked)
    assert len(get_topic(linked, "token", "en").backlinks) == 2
    edited["texts"]["en"]["summary"] = "Loss measures error again."
    _import(linked, tmp_path, "f.jsonl", edited)
    assert ("loss", "token") not in _pairs(linked)


def test_a_new_topic_links_its_earlier_mentions(linked: Wiki, tmp_path: Path) -> None:
    assert not any(b == "wombat" for _, b in _pairs(linked))
    _import(linked, tmp_path, "n.jsonl", topic("wombat", "Wombat"))
    assert ("lr", "wombat") in _pairs(linked)
    assert [b.topic.slug for b in get_topic(linked, "wombat", "en").backlinks] == ["lr"]


def test_a_new_alias_links_its_earlier_mentions(linked: Wiki, tmp_path: Path) -> None:
    renamed = topic("lr", "Learning rate", aliases={"en": ["step size"]}, texts={
        "en": _text("Learning rate", "The step size; a wombat never needs one.")})
    loss = topic("loss", "Loss", texts={"en": _text("Loss", "Loss falls with a good step size.")})
    _import(linked, tmp_path, "l.jsonl", loss)  # the mention comes first
    _import(linked, tmp_path, "a.jsonl", renamed)
    assert ("loss", "lr") in _pairs(linked)


def test_a_rename_drops_links_by_the_old_name_and_a_delete_all(
    linked: Wiki, tmp_path: Path
) -> None:
    _import(linked, tmp_path, "r.jsonl", topic("cache", "Memo store", texts={
        "en": _text("Memo store", "A cache stores results.")}))
    pairs = _pairs(linked)
    assert ("sampling", "cache") in pairs  # an explicit link names the slug, not the title
    assert not any(b == "cache" and a != "sampling" for a, b in pairs)
    _import(linked, tmp_path, "d.jsonl", topic("attention", "Attention", status="deleted"))
    assert not any("attention" in pair for pair in _pairs(linked))
    assert [b.topic.slug for b in get_topic(linked, "kv-cache", "en").backlinks] == ["sampling"]


def test_a_rebuild_reads_only_the_topics_a_change_touches(linked: Wiki, tmp_path: Path) -> None:
    _import(linked, tmp_path, "t.jsonl", topic("token", "Token", texts={
        "en": _text("Token", "A token is a short piece of text.")}))
    with linked.write() as session:
        token = session.scalar(select(Topic.id).where(Topic.slug == "token"))
        assert token is not None
        # its names did not change: no one else is read again
        assert link_store.rebuild(session, id(linked), [token]) == 1
    _import(linked, tmp_path, "u.jsonl", topic("token", "Token", aliases={"en": ["step size"]},
                                              texts={"en": _text("Token", "A piece of text.")}))
    with linked.write() as session:
        # a new name: the one topic whose text holds it is read again too
        assert link_store.rebuild(session, id(linked), [token]) == 2


def test_links_missing_after_a_migration_are_rebuilt_on_open(linked: Wiki) -> None:
    before = _links(linked)
    with linked.write() as session:
        session.execute(Link.__table__.delete())
        link_store._mark_built(session)
        session.execute(link_store.update(link_store.SiteState).values(links_built=None))
    assert link_store.repair_wiki(linked)
    assert _links(linked) == before
    assert not link_store.repair_wiki(linked)
