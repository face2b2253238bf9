"""Tests for search/tantivy_backend.py beyond the contract: disk, versions, threads."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiwiki.search import SearchRequest, make_backend
from aiwiki.search.base import SearchDocument
from aiwiki.search.tantivy_backend import MAX_OFFSET, TantivyBackend
from aiwiki.search.tantivy_schema import SCHEMA_VERSION

from .corpus import CORPUS, VISIBLE, doc


def test_index_on_disk_survives_reopening(tmp_path: Path) -> None:
    first = TantivyBackend(tmp_path / "index")
    first.index(CORPUS)
    del first
    again = TantivyBackend(tmp_path / "index")
    assert again.indexed_revisions() == {d.topic_id: d.revision for d in VISIBLE}
    assert again.search(SearchRequest("RLHF")).hits[0].slug == "rlhf"


def test_an_index_of_another_version_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "index"
    TantivyBackend(path).index(CORPUS[:3])
    (path / "aiwiki-search.json").write_text(json.dumps({"schema_version": SCHEMA_VERSION - 1}))
    reopened = TantivyBackend(path)
    assert reopened.indexed_revisions() == {}  # start-up repair will reindex everything
    assert json.loads((path / "aiwiki-search.json").read_text())["schema_version"] == SCHEMA_VERSION


def test_readers_never_take_the_writer_lock(tmp_path: Path) -> None:
    path = tmp_path / "index"
    writer = TantivyBackend(path)
    writer.index(CORPUS[:3])
    reader = TantivyBackend(path)  # a second process-like handle on the same directory
    assert reader.search(SearchRequest("attention")).total >= 1


def test_searches_run_while_indexing() -> None:
    backend = TantivyBackend()
    backend.index(CORPUS)
    errors: list[BaseException] = []

    def search_often() -> None:
        try:
            for _ in range(60):
                assert backend.search(SearchRequest("attention")).total >= 1
                backend.suggest("att")
        except BaseException as error:  # reported below: a thread cannot fail the test
            errors.append(error)

    def write_often() -> None:
        for i in range(20):
            backend.index([doc(1000 + i, f"extra-{i}", f"Extra Attention {i}", "more words")])

    threads = [threading.Thread(target=search_often) for _ in range(4)]
    threads.append(threading.Thread(target=write_often))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(backend.indexed_revisions()) == len(VISIBLE) + 20


def test_facets_can_be_skipped() -> None:
    backend = TantivyBackend()
    backend.index(CORPUS)
    with_facets = backend.search(SearchRequest("model"))
    without = backend.search(SearchRequest("model", facets=False))
    assert without.facets == {} and with_facets.facets["kind"]
    assert without.total == with_facets.total
    assert [h.slug for h in without.hits] == [h.slug for h in with_facets.hits]


def test_pages_beyond_the_offset_limit_have_no_hits_but_a_total() -> None:
    backend = TantivyBackend()
    backend.index(CORPUS)
    for facets in (True, False):
        results = backend.search(SearchRequest("model", page=MAX_OFFSET, facets=facets))
        assert results.hits == [] and results.total > 0
    assert backend.search(SearchRequest("model", per_page=0)).per_page == 1


def test_make_backend_names_the_known_kinds() -> None:
    assert isinstance(make_backend("tantivy", None), TantivyBackend)
    with pytest.raises(ValueError, match=r"unknown search backend 'elastic'.*tantivy"):
        make_backend("elastic", None)


def test_a_second_writer_is_refused_with_a_sentence(tmp_path: Path) -> None:
    first = TantivyBackend(tmp_path)
    first.index(CORPUS[:2])  # keeps its writer, and with it tantivy's lock
    other = TantivyBackend(tmp_path)
    with pytest.raises(RuntimeError, match="another process is writing"):
        other.index(CORPUS[2:4])
    assert first.index(CORPUS[2:4]) == 2


def test_replace_all_swaps_in_one_step(tmp_path: Path) -> None:
    path = tmp_path / "index"
    backend = TantivyBackend(path)
    backend.index(CORPUS)
    reader = TantivyBackend(path)
    seen_during: list[int] = []

    def new_documents() -> Iterator[SearchDocument]:
        for i in range(5):
            if i == 3:  # half way through, another handle still sees the old index
                reader.refresh()
                seen_during.append(reader.search(SearchRequest("RLHF")).total)
            yield doc(500 + i, f"new-{i}", f"Fresh Topic {i}", "replacement words")

    assert backend.replace_all(new_documents()) == 5
    assert seen_during[0] >= 1
    assert set(backend.indexed_revisions()) == {500, 501, 502, 503, 504}
    reader.refresh()
    assert reader.search(SearchRequest("RLHF")).total == 0


def test_did_you_mean_learns_words_written_after_it_was_built() -> None:
    backend = TantivyBackend()
    backend.index(CORPUS)
    backend.warm_up()  # the vocabulary exists now; new words must reach it
    assert backend.search(SearchRequest("zeppelinn")).did_you_mean is None
    backend.index([doc(900, "zeppelin", "Zeppelin Scheduling", "an airship of a scheduler")])
    assert backend.search(SearchRequest("zeppelinn")).did_you_mean == "zeppelin"


def test_did_you_mean_learns_words_another_process_wrote(tmp_path: Path) -> None:
    path = tmp_path / "index"
    server = TantivyBackend(path)
    server.index(CORPUS)
    server.close()  # as indexing.sync does after each write: the writer lock is free
    server.warm_up()
    cli = TantivyBackend(path)  # another process, e.g. `aiwiki import`
    cli.index([doc(901, "quokka", "Quokka Attention", "a cheerful attention variant")])
    cli.close()
    server.refresh()  # what the server does when the site generation moves
    assert server.search(SearchRequest("quokkka")).did_you_mean == "quokka"


def test_edits_and_rebuilds_take_turns_with_one_writer(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    assert backend.replace_all(CORPUS) == len(VISIBLE)  # the rebuild's big buffer
    backend.index([doc(700, "edit", "Edited Topic", "a small edit")])  # the edit buffer
    assert backend.replace_all(CORPUS[:2]) == len([d for d in CORPUS[:2] if d in VISIBLE])
    backend.index([doc(701, "edit-2", "Second Edit", "another")])
    assert 701 in backend.indexed_revisions() and 700 not in backend.indexed_revisions()


def test_short_completions_follow_edits(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "index")
    backend.index(CORPUS)
    before = [c.title for c in backend.suggest("q")]
    backend.index([doc(800, "qat", "Qat", "a very short title")])
    assert backend.suggest("q")[0].title == "Qat" and "Qat" not in before
    other = TantivyBackend(tmp_path / "index")  # another process: it keeps its own answers
    assert other.suggest("q")[0].title == "Qat"
    backend.remove([800])
    backend.close()
    other.refresh()
    assert "Qat" not in [c.title for c in other.suggest("q")]


def test_a_reopened_index_writes_and_completes_name_prefixes(tmp_path: Path) -> None:
    """Name prefixes are cut by a tokenizer of our own, which tantivy does not store with
    the index: every handle must register it before writing, or the writer dies."""
    TantivyBackend(tmp_path / "index").index(CORPUS[:2])
    reopened = TantivyBackend(tmp_path / "index")
    reopened.index([doc(900, "quokka-pooling", "Quokka Pooling", "marsupial reduction")])
    assert [c.slug for c in reopened.suggest("quo")] == ["quokka-pooling"]
    assert [c.slug for c in reopened.suggest("quokkapo")] == ["quokka-pooling"]  # 8 chars


def test_replace_all_pauses_the_cycle_collector_and_restores_it() -> None:
    import gc

    backend = TantivyBackend()
    seen: list[bool] = []

    def documents() -> Iterator[SearchDocument]:
        seen.append(gc.isenabled())
        yield doc(1, "a", "Alpha", "one")
        raise RuntimeError("the database went away")

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        backend.replace_all(documents())
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        backend.replace_all([doc(2, "b", "Beta", "two")])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_indexed_revisions_page_through_many_topics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("aiwiki.search.tantivy_backend._REVISION_PAGE", 4)
    backend = TantivyBackend(None)
    backend.index(VISIBLE)
    expected = {d.topic_id: d.revision for d in VISIBLE}
    assert len(expected) > 3 * 4
    assert backend.indexed_revisions() == expected
    some = sorted(expected)[1::2]
    assert backend.indexed_revisions([*some, 99_999]) == {i: expected[i] for i in some}
