"""Concurrent writers: N `aiwiki import` processes over overlapping files at once.

Every import must succeed (writers queue on the write lock, storage/locking.py) or say in
one line that another write is in progress, and the wiki must end as if the imports had run
one after another, in the order they committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from aiwiki.services import exporting, importing
from aiwiki.storage.tables import Revision, Topic, TopicText
from tests.conftest import open_test_wiki
from tests.factories import topic, write_jsonl

PROCESSES = 4
SHARED = 40  # topics every file holds, each with its own summary
OWN = 40  # topics only one file holds
AIWIKI = Path(sys.executable).with_name("aiwiki")


def overlapping_file(folder: Path, number: int) -> Path:
    """File `number`: the shared topics (new slugs for all of them at first), its own topics,
    a category and tag every file defines, and a path through both kinds of topic."""
    objects: list[dict[str, Any]] = [
        {"type": "category", "slug": "shared-shelf", "name": "Shared shelf"},
        {"type": "tag", "name": "common-ground", "declared_count": number},
    ]
    objects += [topic(f"shared-{i}", f"Shared idea {i}", categories=["shared-shelf"],
                      tags=["common-ground", f"batch-{number}"],
                      summary=f"Shared idea {i} as file {number} explains it.")
                for i in range(SHARED)]
    objects += [topic(f"own-{number}-{i}", f"Idea {i} of file {number}",
                      tags=["common-ground"]) for i in range(OWN)]
    objects.append({"type": "path", "slug": "walk", "name": "path-walk", "title": "A walk",
                    "steps": [f"shared-{i}" for i in range(0, SHARED, 4)]})
    return write_jsonl(folder / f"batch-{number}.jsonl", *objects)


def run_imports(url: str, index: Path, files: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    """Start every import before waiting for any, so that they overlap."""
    env = {**os.environ, "AIWIKI_DATABASE_URL": url, "AIWIKI_INDEX_DIR": str(index),
           "AIWIKI_LOAD_STARTER": "false", "AIWIKI_WRITE_WAIT_SECONDS": "120"}
    started = [subprocess.Popen([str(AIWIKI), "import", str(file)], env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
               for file in files]
    results = []
    for process in started:
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


def commit_order(wiki: Any) -> list[int]:
    """Which file wrote each revision of a shared topic, oldest first: the commit order."""
    with wiki.read() as session:
        summaries = session.scalars(
            select(Revision.snapshot).join(Topic, Topic.id == Revision.topic_id)
            .where(Topic.slug == "shared-0").order_by(Revision.number)
        ).all()
    return [next(n for n in range(PROCESSES) if f"file {n} explains" in str(snap))
            for snap in summaries]


def revision_counts(wiki: Any) -> dict[str, int]:
    with wiki.read() as session:
        rows = session.execute(
            select(Topic.slug, func.count(Revision.id)).join(Revision)
            .group_by(Topic.slug)
        ).all()
    return {slug: count for slug, count in rows}


def exported(wiki: Any, target: Path) -> str:
    exporting.export(wiki, "jsonl", target)
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_overlapping_imports_queue_and_end_as_a_serial_order(kind: str, tmp_path: Path) -> None:
    if kind == "postgresql" and not os.environ.get("AIWIKI_TEST_DATABASE_URL"):
        pytest.skip("AIWIKI_TEST_DATABASE_URL is not set; PostgreSQL tests run in CI")
    files = [overlapping_file(tmp_path, n) for n in range(PROCESSES)]
    wiki, cleanup = open_test_wiki(kind, tmp_path / "together")
    serial, serial_cleanup = open_test_wiki(kind, tmp_path / "apart")
    try:
        results = run_imports(str(wiki.engine.url.render_as_string(hide_password=False)),
                              tmp_path / "together" / "index", files)
        for result in results:
            assert result.returncode == 0, result.stderr
            assert "Traceback" not in result.stderr
        order = commit_order(wiki)
        assert sorted(order) == list(range(PROCESSES))  # each import revised it once
        for number in order:
            importing.import_files(serial, [files[number]])
        assert exported(wiki, tmp_path / "together.jsonl") == exported(
            serial, tmp_path / "apart.jsonl")
        assert revision_counts(wiki) == revision_counts(serial)
        with wiki.read() as session:
            assert session.scalar(select(func.count()).select_from(TopicText)) == (
                SHARED + PROCESSES * OWN)
    finally:
        for opened, clean in ((wiki, cleanup), (serial, serial_cleanup)):
            opened.close()
            clean()  # type: ignore[operator]


def test_a_writer_that_waits_too_long_says_so_in_one_line(tmp_path: Path) -> None:
    """While one write holds the lock, an import gives up after its wait: one line, exit 1,
    nothing written."""
    wiki, cleanup = open_test_wiki("sqlite", tmp_path / "db")
    file = write_jsonl(tmp_path / "one.jsonl", topic("patient", "Patient"))
    env = {**os.environ, "AIWIKI_DATABASE_URL": str(wiki.engine.url),
           "AIWIKI_INDEX_DIR": str(tmp_path / "db" / "index"), "AIWIKI_LOAD_STARTER": "false",
           "AIWIKI_WRITE_WAIT_SECONDS": "0.5"}
    try:
        with wiki.write():
            result = subprocess.run([str(AIWIKI), "import", str(file)], env=env, text=True,
                                    capture_output=True, timeout=120)
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0
        assert "another write" in result.stderr and "nothing was written" in result.stderr
        assert importing.is_empty(wiki)
    finally:
        wiki.close()
        cleanup()  # type: ignore[operator]
