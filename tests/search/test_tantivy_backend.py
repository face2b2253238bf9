"""Tests for search/tantivy_backend.py beyond the contract: disk, versions, threads."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from aiwiki.search import SearchRequest, make_backend
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
