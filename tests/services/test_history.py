"""History, revisions, diffs and recent changes over real edits and imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiwiki.errors import InvalidFields, NotFound
from aiwiki.services import editing, history, importing
from aiwiki.services.edit_requests import RevisionRequest
from aiwiki.services.wiki import Wiki
from tests.factories import topic, write_jsonl
from tests.services.editing_helpers import create, edit, rename


def story(wiki: Wiki) -> None:
    """gizmo-net: created by alice, edited by bob (en and zh), renamed, deleted, restored."""
    create(wiki, "Gizmo net", texts={"en": {"title": "Gizmo net", "body": "The cat sat."}})
    edit(wiki, "gizmo-net", 1, author="bob", comment="Chinese too",
         texts={"en": {"body": "The cart sat."}, "zh": {"title": "注意力机制", "body": "一种方法"}})
    edit(wiki, "gizmo-net", 2, author="bob", texts={"zh": {"body": "一种技术"}}, tags=["nets"])
    rename(wiki, "gizmo-net", 3, slug="widget-net", title="Widget net")
    editing.delete_topic(wiki, "widget-net", RevisionRequest(base_revision=4), "admin")
    editing.restore(wiki, "widget-net", RevisionRequest(base_revision=5), "admin")


def test_history_lists_every_revision_newest_first(wiki: Wiki) -> None:
    story(wiki)
    listed = history.history(wiki, "gizmo-net")  # an old slug finds it too
    assert [(r.number, r.author, r.change) for r in listed] == [
        (6, "admin", "restore"), (5, "admin", "delete"), (4, "alice", "rename"),
        (3, "bob", "edit"), (2, "bob", "edit"), (1, "alice", "create")]
    assert listed[4].comment == "Chinese too"
    assert [r.number for r in history.history(wiki, "widget-net", limit=2, before=5)] == [4, 3]


def test_one_revision_holds_its_full_snapshot(wiki: Wiki) -> None:
    story(wiki)
    second = history.revision(wiki, "widget-net", 2)
    assert second.slug == "widget-net" and second.snapshot["slug"] == "gizmo-net"
    assert second.snapshot["texts"]["zh"]["title"] == "注意力机制"
    with pytest.raises(NotFound):
        history.revision(wiki, "widget-net", 99)


def test_diff_between_any_two_revisions_word_by_word(wiki: Wiki) -> None:
    story(wiki)
    view = history.diff(wiki, "widget-net", 1, 4)
    changed = {(f.field, f.lang): f for f in view.changed}
    assert set(changed) == {("slug", None), ("tags", None), ("title", "en"), ("body", "en"),
                            ("title", "zh"), ("body", "zh"), ("aliases", "en")}
    body = changed[("body", "en")]
    assert [(s.kind, s.text) for s in body.old] == [
        ("equal", "The "), ("delete", "cat"), ("equal", " sat.")]
    assert [(s.kind, s.text) for s in body.new] == [
        ("equal", "The "), ("insert", "cart"), ("equal", " sat.")]
    zh = history.diff(wiki, "widget-net", 2, 3).changed
    assert [[(s.kind, s.text) for s in f.new] for f in zh if f.lang == "zh"] == [
        [("equal", "一种"), ("insert", "技术")]]


def test_diff_from_nothing_shows_what_the_creation_wrote(wiki: Wiki) -> None:
    create(wiki, "Gizmo net")
    view = history.diff(wiki, "gizmo-net", 0, 1)
    assert view.old is None
    assert {(f.field, f.lang) for f in view.changed} >= {("slug", None), ("title", "en")}


def test_recent_changes_filter_by_author_topic_and_kind(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl", topic("imported", "Imp"))])
    story(wiki)
    create(wiki, "Sprocket", author="carol")
    everything = history.recent_changes(wiki)
    assert [(c.slug, c.change) for c in everything.changes][:2] == [
        ("sprocket", "create"), ("widget-net", "restore")]
    assert everything.changes[-1].change == "import" and everything.changes[-1].author == "import"
    assert {c.slug for c in history.recent_changes(wiki, author="bob").changes} == {"widget-net"}
    assert [c.number for c in history.recent_changes(wiki, author="bob").changes] == [3, 2]
    assert [c.change for c in history.recent_changes(wiki, topic="gizmo-net").changes][-1] == (
        "create")
    human = history.recent_changes(wiki, changes=["create", "edit", "rename"])
    assert "import" not in {c.change for c in human.changes} and len(human.changes) == 5
    assert history.recent_changes(wiki, changes=["import"]).changes[0].title == "Imp"


def test_recent_changes_page_back_without_gaps_or_repeats(wiki: Wiki) -> None:
    story(wiki)
    seen, before = [], None
    while True:
        page = history.recent_changes(wiki, limit=4, before=before)
        seen += [c.id for c in page.changes]
        if page.next_before is None:
            break
        before = page.next_before
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == 6


@pytest.mark.parametrize(("arguments", "field"), [
    ({"changes": ["vandalism"]}, "change"), ({"limit": 0}, "limit"), ({"limit": 201}, "limit"),
    ({"before": 0}, "before"),
])
def test_bad_filters_name_their_field(wiki: Wiki, arguments: dict[str, object], field: str
                                      ) -> None:
    with pytest.raises(InvalidFields) as refused:
        history.recent_changes(wiki, **arguments)  # type: ignore[arg-type]
    assert field in refused.value.fields
