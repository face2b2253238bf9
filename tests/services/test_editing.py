"""The editing use cases on a real database (SQLite, and PostgreSQL when configured):
every change is one revision through one path, a stale base is refused with nothing
written, a save that changes nothing writes nothing, and derived data follow at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from aiwiki.errors import EditConflict, InvalidFields, Moved, NotFound
from aiwiki.services import editing, importing, topics
from aiwiki.services.edit_requests import RevisionRequest
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Revision, Topic
from tests.factories import topic, write_jsonl
from tests.services.editing_helpers import (
    create,
    edit,
    generation,
    hits,
    rename,
    revision_count,
    state,
)

EVERY_FIELD = {
    "texts": {
        "en": {"title": "Widget network", "summary": "Widgets, networked.",
               "why_it_matters": "It links widgets.", "body": "A **widget** net $x^2$."},
        "zh": {"title": "小部件网络", "summary": "联网的小部件。",
               "why_it_matters": "它连接小部件。", "body": "小部件网络的正文。"},
    },
    "tags": ["Deep Learning", "widgets"],
    "categories": ["shelf"],
    "level": "advanced",
    "kind": "model",
    "aliases": {"en": ["WN", "Widget net"], "zh": ["部件网"]},
}


def shelf(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(tmp_path / "shelf.jsonl", {
        "type": "category", "slug": "shelf", "name": "Shelf"})])


def revisions(wiki: Wiki, slug: str) -> list[Revision]:
    with wiki.read() as session:
        topic_id = session.scalar(select(Topic.id).where(Topic.slug == slug))
        return list(session.scalars(select(Revision).where(Revision.topic_id == topic_id)
                                    .order_by(Revision.number)))


def test_create_writes_one_revision_and_is_found_at_once(wiki: Wiki) -> None:
    before = generation(wiki)
    saved = create(wiki, "Gizmo net", comment="first words")
    assert saved == editing.Saved("gizmo-net", 1, True)
    [first] = revisions(wiki, "gizmo-net")
    assert (first.number, first.author, first.comment, first.change) == (
        1, "alice", "first words", "create")
    assert first.snapshot == state(wiki, "gizmo-net")
    assert generation(wiki) == first.generation == before + 1
    assert topics.get_topic(wiki, "gizmo-net", "en").title == "Gizmo net"
    assert hits(wiki, "gizmo") == ["gizmo-net"]


def test_edit_changes_every_field_in_every_language(wiki: Wiki, tmp_path: Path) -> None:
    shelf(wiki, tmp_path)
    create(wiki, "Gizmo net")
    saved = edit(wiki, "gizmo-net", 1, author="bob", comment="all of it", **EVERY_FIELD)
    assert saved == editing.Saved("gizmo-net", 2, True)
    now = state(wiki, "gizmo-net")
    assert now["texts"] == EVERY_FIELD["texts"]
    assert (now["level"], now["kind"], now["categories"]) == ("advanced", "model", ["shelf"])
    assert now["tags"] == ["Deep Learning", "widgets"]
    assert now["aliases"] == [["en", "WN"], ["en", "Widget net"], ["zh", "部件网"]]
    last = revisions(wiki, "gizmo-net")[-1]
    assert (last.author, last.comment, last.change, last.snapshot) == (
        "bob", "all of it", "edit", now)
    page = topics.get_topic(wiki, "gizmo-net", "zh")
    assert page.title == "小部件网络" and "小部件网络的正文" in page.body_html
    assert hits(wiki, "部件网", "zh") == ["gizmo-net"]


def test_fields_left_out_stay_and_level_null_clears(wiki: Wiki) -> None:
    create(wiki, "Gizmo net", level="beginner", tags=["widgets"])
    edit(wiki, "gizmo-net", 1, texts={"en": {"body": "New body."}})
    now = state(wiki, "gizmo-net")
    assert now["texts"]["en"]["summary"] == "Gizmo net in brief."
    assert (now["level"], now["tags"]) == ("beginner", ["widgets"])
    edit(wiki, "gizmo-net", 2, level=None)
    assert state(wiki, "gizmo-net")["level"] is None


def test_a_stale_base_revision_is_refused_and_nothing_is_written(wiki: Wiki) -> None:
    create(wiki, "Gizmo net")
    edit(wiki, "gizmo-net", 1, texts={"en": {"body": "Bob's body."}}, author="bob")
    count, seen, current = revision_count(wiki), generation(wiki), state(wiki, "gizmo-net")
    with pytest.raises(EditConflict) as refused:
        edit(wiki, "gizmo-net", 1, texts={"en": {"body": "Carol's body."}}, author="carol")
    assert (refused.value.base_revision, refused.value.current_revision) == (1, 2)
    assert refused.value.current == current
    assert refused.value.status_code == 409
    assert (revision_count(wiki), generation(wiki)) == (count, seen)
    assert state(wiki, "gizmo-net") == current


def test_a_save_that_changes_nothing_writes_nothing(wiki: Wiki) -> None:
    create(wiki, "Gizmo net", tags=["Deep Learning"])
    count, seen = revision_count(wiki), generation(wiki)
    same = edit(wiki, "gizmo-net", 1, texts={"en": {"title": " Gizmo net "}},
                tags=["deep learning"], aliases={"en": []})
    assert same == editing.Saved("gizmo-net", 1, False)
    assert (revision_count(wiki), generation(wiki)) == (count, seen)


def test_rename_redirects_the_old_slug_and_finds_both_names(wiki: Wiki) -> None:
    create(wiki, "Gizmo net", texts={"en": {"title": "Gizmo net", "body": "About gizmos."}})
    saved = rename(wiki, "gizmo-net", 1, slug="widget-net", title="Widget net")
    assert saved == editing.Saved("widget-net", 2, True)
    with wiki.read() as session, pytest.raises(Moved) as moved:
        topics.find_topic(session, "gizmo-net")
    assert moved.value.location == "/t/widget-net"
    assert hits(wiki, "Widget net") == ["widget-net"]
    assert hits(wiki, "Gizmo net") == ["widget-net"]  # the old title stays an alias
    assert revisions(wiki, "widget-net")[-1].change == "rename"
    edit(wiki, "gizmo-net", 2, texts={"en": {"body": "Edited by its old name."}})
    assert state(wiki, "widget-net")["texts"]["en"]["body"] == "Edited by its old name."


def test_rename_can_drop_the_old_title_and_come_back_to_its_old_slug(wiki: Wiki) -> None:
    create(wiki, "Gizmo net")
    rename(wiki, "gizmo-net", 1, slug="widget-net", title="Widget net", keep_old_title=False)
    assert state(wiki, "widget-net")["aliases"] == []
    rename(wiki, "widget-net", 2, slug="gizmo-net")
    with wiki.read() as session, pytest.raises(Moved):
        topics.find_topic(session, "widget-net")
    assert topics.get_topic(wiki, "gizmo-net", "en").title == "Widget net"


def test_rename_to_a_taken_slug_or_an_old_name_of_another_is_refused(wiki: Wiki) -> None:
    create(wiki, "Gizmo net")
    create(wiki, "Widget net")
    rename(wiki, "widget-net", 1, slug="sprocket-net")
    count = revision_count(wiki)
    for taken in ("sprocket-net", "widget-net"):
        with pytest.raises(InvalidFields) as refused:
            rename(wiki, "gizmo-net", 1, slug=taken)
        assert set(refused.value.fields) == {"slug"}
    assert revision_count(wiki) == count


def test_delete_hides_everywhere_and_restore_brings_back(wiki: Wiki) -> None:
    create(wiki, "Gizmo net")
    create(wiki, "Sprocket", texts={"en": {"title": "Sprocket", "body": "Uses a gizmo net."}})
    assert "/t/gizmo-net" in topics.get_topic(wiki, "sprocket", "en").body_html
    assert editing.delete_topic(wiki, "gizmo-net", RevisionRequest(base_revision=1), "admin"
                                ) == editing.Saved("gizmo-net", 2, True)
    with pytest.raises(NotFound):
        topics.get_topic(wiki, "gizmo-net", "en")
    assert hits(wiki, "gizmo") == ["sprocket"]
    assert "/t/gizmo-net" not in topics.get_topic(wiki, "sprocket", "en").body_html
    with pytest.raises(NotFound):
        edit(wiki, "gizmo-net", 2, texts={"en": {"body": "x"}})
    editing.restore(wiki, "gizmo-net", RevisionRequest(base_revision=2), "admin")
    assert state(wiki, "gizmo-net")["status"] == "published"
    assert "gizmo-net" in hits(wiki, "gizmo")
    assert [r.change for r in revisions(wiki, "gizmo-net")] == ["create", "delete", "restore"]


def test_restore_gives_back_the_status_before_the_delete(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl", topic(
        "hazy", "Hazy", status="needs_review"))])
    editing.delete_topic(wiki, "hazy", RevisionRequest(base_revision=1), "admin")
    editing.restore(wiki, "hazy", RevisionRequest(base_revision=2), "admin")
    assert state(wiki, "hazy")["status"] == "needs_review"


def test_rollback_restores_any_revision_as_a_new_one(wiki: Wiki) -> None:
    create(wiki, "Gizmo net", level="beginner")
    first = state(wiki, "gizmo-net")
    edit(wiki, "gizmo-net", 1, texts={"en": {"body": "Second."}}, level="advanced")
    rename(wiki, "gizmo-net", 2, slug="widget-net", title="Widget net")
    saved = editing.rollback(wiki, "widget-net", 1, RevisionRequest(base_revision=3), "bob")
    assert saved == editing.Saved("gizmo-net", 4, True)
    assert state(wiki, "gizmo-net") == first
    last = revisions(wiki, "gizmo-net")[-1]
    assert (last.change, last.comment, last.author) == ("rollback", "rollback to revision 1",
                                                       "bob")
    editing.rollback(wiki, "gizmo-net", 2, RevisionRequest(base_revision=4), "bob")
    assert state(wiki, "gizmo-net")["texts"]["en"]["body"] == "Second."
    with pytest.raises(NotFound):
        editing.rollback(wiki, "gizmo-net", 9, RevisionRequest(base_revision=5), "bob")


def test_rollback_to_the_current_text_writes_nothing(wiki: Wiki) -> None:
    create(wiki, "Gizmo net")
    assert editing.rollback(wiki, "gizmo-net", 1, RevisionRequest(base_revision=1), "bob"
                            ) == editing.Saved("gizmo-net", 1, False)
    assert revision_count(wiki) == 1


def test_a_new_topic_is_linked_from_other_pages_at_once(wiki: Wiki) -> None:
    create(wiki, "Sprocket", texts={"en": {"title": "Sprocket", "body": "Turns a flux gate."}})
    assert "/t/flux-gate" not in topics.get_topic(wiki, "sprocket", "en").body_html
    create(wiki, "Flux gate")
    assert "/t/flux-gate" in topics.get_topic(wiki, "sprocket", "en").body_html
    rename(wiki, "flux-gate", 1, title="Flow valve", keep_old_title=False)
    assert "/t/flux-gate" not in topics.get_topic(wiki, "sprocket", "en").body_html


@pytest.mark.parametrize(("fields", "field"), [
    ({"texts": {"en": {"title": ""}}}, "texts"),
    ({"categories": ["no-such-shelf"]}, "categories"),
    ({"aliases": {"en": ["spr"]}}, "aliases"),
])
def test_what_cannot_be_saved_names_its_field_and_writes_nothing(
    wiki: Wiki, fields: dict[str, object], field: str
) -> None:
    create(wiki, "Gizmo net")
    create(wiki, "Sprocket", aliases={"en": ["SPR"]})
    count = revision_count(wiki)
    with pytest.raises(InvalidFields) as refused:
        edit(wiki, "gizmo-net", 1, **fields)
    assert field in refused.value.fields
    assert revision_count(wiki) == count


def test_create_refuses_a_taken_slug_and_a_missing_title(wiki: Wiki) -> None:
    create(wiki, "Gizmo net")
    with pytest.raises(InvalidFields) as taken:
        create(wiki, "Gizmo Net")
    assert "taken" in taken.value.fields["slug"]
    with pytest.raises(InvalidFields) as untitled:
        create(wiki, texts={"en": {"summary": "No title."}})
    assert "title" in untitled.value.fields["texts"]
    assert create(wiki, "Gizmo net", slug="gizmo-net-2").slug == "gizmo-net-2"


@pytest.mark.parametrize("author", ["", "import", "starter", "x" * 201])
def test_authors_that_would_pass_for_an_import_or_nobody_are_refused(
    wiki: Wiki, author: str
) -> None:
    with pytest.raises(InvalidFields) as refused:
        create(wiki, "Gizmo net", author=author)
    assert set(refused.value.fields) == {"author"}
    assert revision_count(wiki) == 0


@pytest.mark.parametrize("slug", ["nothing-here", "../etc/passwd", "A B", "x" * 5000])
def test_an_unknown_topic_is_not_found(wiki: Wiki, slug: str) -> None:
    with pytest.raises(NotFound):
        edit(wiki, slug, 1, texts={"en": {"body": "x"}})


def test_an_edit_updates_the_stored_links(wiki: Wiki) -> None:
    """Stored links follow an edit in its own transaction: a new mention links at once, a
    removed one is gone again."""
    from aiwiki.storage.tables import Link

    create(wiki, "Kettle")
    made = create(wiki, "Teapot", texts={"en": {"title": "Teapot", "summary": "A pot."}})

    def links_from_teapot() -> int:
        with wiki.read() as session:
            teapot = session.scalar(select(Topic).where(Topic.slug == made.slug))
            assert teapot is not None
            found = session.scalars(select(Link).where(Link.from_topic_id == teapot.id))
            return len(found.all())

    assert links_from_teapot() == 0
    again = edit(wiki, made.slug, made.revision, texts={"en": {"summary": "From a kettle."}})
    assert links_from_teapot() == 1
    edit(wiki, made.slug, again.revision, texts={"en": {"summary": "A pot."}})
    assert links_from_teapot() == 0
