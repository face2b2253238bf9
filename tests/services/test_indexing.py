"""The search index follows the database: on every write, and repaired at start-up."""

from __future__ import annotations

import time
from collections.abc import Collection
from pathlib import Path

import pytest
from sqlalchemy import select

from aiwiki.config import Settings
from aiwiki.search.base import SearchRequest
from aiwiki.search.tantivy_backend import TantivyBackend
from aiwiki.services import importing, indexing
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Topic
from tests.factories import category, topic, write_jsonl


def slugs(wiki: Wiki, text: str) -> list[str]:
    assert wiki.search is not None
    return [hit.slug for hit in wiki.search.search(SearchRequest(text=text)).hits]


def test_import_updates_the_index(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl",
                                              topic("zebra-routing", "Zebra routing"))])
    assert slugs(wiki, "zebra routing") == ["zebra-routing"]


def test_index_lagging_behind_database_is_repaired_on_open(tmp_path: Path) -> None:
    """Simulates a crash between the database commit and the index write."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.db'}",
                        index_dir=tmp_path / "index", load_starter=False)
    wiki = Wiki.open(settings)
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl",
                                              topic("walrus-norm", "Walrus norm"))])
    assert wiki.search is not None
    wiki.search.clear()  # the index lost everything...
    with wiki.write() as session:  # ...and one topic changed without the index hearing of it
        changed = session.scalar(select(Topic).where(Topic.slug == "walrus-norm"))
        assert changed is not None
        changed.texts[0].title = "Narwhal norm"
        changed.current_revision += 1000
    assert slugs(wiki, "narwhal") == []
    wiki.close()

    reopened = Wiki.open(settings)
    assert slugs(reopened, "narwhal") == ["walrus-norm"]
    assert reopened.search is not None
    assert indexing.repair(reopened) == 0  # nothing left to fix
    reopened.close()


def test_rebuild_indexes_every_topic(wiki: Wiki) -> None:
    importing.import_files(wiki, [importing.STARTER])
    seen: list[tuple[int, int]] = []
    count = indexing.rebuild(wiki, lambda done, total: seen.append((done, total)))
    with wiki.read() as session:
        total = len(session.scalars(select(Topic.id)).all())
    assert count == total and seen[-1] == (total, total)
    assert "attention" in slugs(wiki, "attention")


def test_server_catches_up_with_another_process_writing(tmp_path: Path) -> None:
    """The CLI imports while the server runs: the server's watcher notices the new
    generation and brings its own index view up to date."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.db'}",
                        index_dir=tmp_path / "index", load_starter=False)
    server = Wiki.open(settings)
    assert server.generation is not None
    server.generation.start()
    try:
        _import_elsewhere(settings, tmp_path)
        assert _eventually_found(server, "okapi") == ["okapi-pooling"]
    finally:
        server.close()


def _import_elsewhere(settings: Settings, tmp_path: Path) -> None:
    """What `aiwiki import` does in its own process, beside the server."""
    cli = Wiki.open(settings)
    importing.import_files(cli, [write_jsonl(tmp_path / "a.jsonl",
                                             topic("okapi-pooling", "Okapi pooling"))])
    cli.close()


def _eventually_found(server: Wiki, text: str, seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    while not slugs(server, text) and time.monotonic() < deadline:
        time.sleep(0.1)
    return slugs(server, text)


def test_server_indexes_what_another_process_could_not(tmp_path: Path) -> None:
    """The CLI's write lands in the database while a third process holds the index: the
    server's watcher compares just the topics revised since it last matched, and indexes
    the one that was missed, and only that one."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.db'}",
                        index_dir=tmp_path / "index", load_starter=False)
    server = Wiki.open(settings)
    importing.import_files(server, [importing.STARTER])
    assert server.generation is not None and server.search is not None
    assert indexing.catch_up(server)  # its own import, compared once
    checked = server.index_checked
    assert checked is not None
    holder = TantivyBackend(settings.resolved_index_dir)
    holder._get_writer()  # the index's one writer, held elsewhere
    server.generation.start()
    compared: list[list[int]] = []
    full_reads: list[int] = []
    revisions_of = server.search.indexed_revisions

    def spy(topic_ids: Collection[int] | None = None) -> dict[int, int]:
        if topic_ids is None:
            full_reads.append(1)
        else:
            compared.append(sorted(topic_ids))
        return revisions_of(topic_ids)

    server.search.indexed_revisions = spy  # type: ignore[method-assign]
    try:
        _import_elsewhere(settings, tmp_path)
        time.sleep(1)  # the watcher tries, and finds the index busy too
        assert slugs(server, "okapi") == []
        holder.close()
        assert _eventually_found(server, "okapi") == ["okapi-pooling"]
    finally:
        server.close()
    with server.read() as session:
        okapi = session.scalar(select(Topic.id).where(Topic.slug == "okapi-pooling"))
    assert compared and all(ids == [okapi] for ids in compared)
    assert full_reads == []
    assert server.index_checked is not None and server.index_checked > checked


def test_documents_skip_batches_of_gone_topics(
    wiki: Wiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of ids that are all gone must not end the reading of later batches."""
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl",
                                              topic("yak-shaving", "Yak shaving"))])
    monkeypatch.setattr(indexing, "BATCH", 2)
    with wiki.read() as session:
        live = session.scalar(select(Topic.id).where(Topic.slug == "yak-shaving"))
        assert live is not None
        found = list(indexing.documents(session, [-2, -1, live]))  # the gone ones sort first
    assert [d.slug for d in found] == ["yak-shaving"]


def test_every_batch_of_a_full_read_holds_its_own_rows(
    wiki: Wiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full read picks each batch's texts, aliases, tags and categories by id range:
    a deleted topic inside a range, and the gap it leaves, must not shift rows between
    topics or batches."""
    names = ["alpaca", "bison", "camel", "dingo", "eland", "fossa", "gecko"]
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl", *[
        category(f"cat-{name}") for name in names], *[
        topic(name, name.title(), tags=[f"tag-{name}"], categories=[f"cat-{name}"],
              aliases={"en": [f"{name.upper()}X"]})
        for name in names
    ])])
    with wiki.write() as session:
        for gone in ("camel", "dingo"):  # a batch of two is wholly gone, two others share
            row = session.scalar(select(Topic).where(Topic.slug == gone))
            assert row is not None
            row.status = "deleted"
    monkeypatch.setattr(indexing, "BATCH", 2)
    with wiki.read() as session:
        found = list(indexing.documents(session))
    assert [d.slug for d in found] == [n for n in names if n not in ("camel", "dingo")]
    for document in found:
        name = document.slug
        assert document.titles == {"en": name.title()}
        assert (document.tags, document.categories) == ([f"tag-{name}"], [f"cat-{name}"])
        assert document.aliases == [f"{name.upper()}X"]
        assert document.summaries == {"en": f"{name.title()} in one sentence."}


def test_the_follower_waits_longer_after_each_busy_try(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'w.db'}",
                        index_dir=tmp_path / "index", load_starter=False)
    wiki = Wiki.open(settings)
    holder = TantivyBackend(settings.resolved_index_dir)
    holder._get_writer()  # held elsewhere: the import's own index write fails
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl", topic("gnu", "Gnu"))])
    generation = wiki.current_generation
    tries: list[bool] = []
    catch_up = indexing.catch_up
    monkeypatch.setattr(indexing, "catch_up", lambda w: tries.append(catch_up(w)) or tries[-1])
    now = [1000.0]
    monkeypatch.setattr(indexing.time, "monotonic", lambda: now[0])
    follower = indexing.IndexFollower(wiki)
    try:
        follower(generation)
        follower(generation)  # too soon: not tried
        assert tries == [False] and follower.delay == 2 * indexing.RETRY_SECONDS
        now[0] += indexing.RETRY_SECONDS
        follower(generation)
        assert tries == [False, False] and follower.delay == 4 * indexing.RETRY_SECONDS
        holder.close()
        now[0] += 2 * indexing.RETRY_SECONDS
        follower(generation)
        assert tries == [False, False, True] and follower.delay == indexing.RETRY_SECONDS
        assert wiki.index_checked == generation and slugs(wiki, "gnu") == ["gnu"]
        follower(generation)  # caught up: nothing to do
        assert len(tries) == 3
    finally:
        wiki.close()
