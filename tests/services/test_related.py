"""Related topics (services/related.py): reasons, ranking, and tags that are no subject."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from aiwiki.services import importing, related
from aiwiki.services.topics import get_topic
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Topic
from tests.conftest import seed_files
from tests.factories import topic, write_jsonl


def _t(slug: str, title: str, summary: str, **fields: Any) -> dict[str, Any]:
    return topic(slug, title, summary=summary, **fields)


def _kinds(wiki: Wiki, slug: str) -> dict[str, list[str]]:
    view = get_topic(wiki, slug, "en")
    return {r.topic.slug: [f"{x.kind}:{x.name}" if x.name else x.kind for x in r.reasons]
            for r in view.related}


def test_reasons_are_links_subject_tags_and_categories(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(
        tmp_path / "r.jsonl",
        _t("lora", "LoRA", "LoRA adds a low-rank adapter to a frozen model.",
           tags=["fine-tuning", "wiki-import", "path-tuning-beginner"]),
        _t("adapter", "Adapter", "An adapter is a small module; LoRA is one kind.",
           tags=["fine-tuning"]),
        _t("qlora", "QLoRA", "Quantised weights under adapters.", tags=["fine-tuning"]),
        _t("frozen-model", "Frozen model", "Weights that training leaves alone.",
           tags=["wiki-import", "path-tuning-beginner"]),
        _t("unrelated", "Unrelated", "Nothing in common here at all.", tags=["wiki-import"]),
    )])
    kinds = _kinds(wiki, "lora")
    assert kinds["adapter"][0] == "links_both"
    assert "tag:fine-tuning" in kinds["qlora"]
    assert kinds["frozen-model"][0] == "links_to"
    assert not any(k.startswith("tag") for k in kinds["frozen-model"] + kinds.get("unrelated", []))
    assert next(iter(kinds)) == "adapter"  # links both ways and a shared tag rank first


def test_a_deleted_topic_is_never_related(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(
        tmp_path / "d.jsonl",
        _t("a", "Alpha", "Alpha needs beta.", tags=["greek"]),
        _t("b", "Beta", "Beta.", tags=["greek"], status="deleted"),
    )])
    assert _kinds(wiki, "a") == {}


def test_every_seed_topic_with_a_neighbour_has_five(wiki: Wiki) -> None:
    importing.import_files(wiki, seed_files())
    with wiki.read() as session:
        ids = list(session.scalars(select(Topic.id).where(Topic.status != "deleted")))
        counts = [len(related.related(session, wiki.search, i, "en")) for i in ids]
    assert len(ids) > 500
    assert all(n >= 5 for n in counts if n)
