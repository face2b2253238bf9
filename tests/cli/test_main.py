"""The CLI through Typer's runner, against a real SQLite database in a temp folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiwiki.cli.main import app
from aiwiki.services import importing

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIWIKI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("AIWIKI_INDEX_DIR", str(tmp_path / "index"))
    return tmp_path


def test_init_import_stats_review_export(env: Path) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(app, ["import", str(importing.STARTER)])
    assert result.exit_code == 0, result.output
    assert "created" in result.output
    again = runner.invoke(app, ["import", str(importing.STARTER)])
    assert "Nothing changed" in again.output
    stats = runner.invoke(app, ["stats"])
    assert stats.exit_code == 0 and "topics" in stats.output
    assert "Nothing needs review" in runner.invoke(app, ["review"]).output
    out = env / "dump.jsonl"
    exported = runner.invoke(app, ["export", "jsonl", str(out)])
    assert exported.exit_code == 0
    lines = out.read_text("utf-8").splitlines()
    assert json.loads(lines[0])["format"] == "aiwiki-jsonl"
    topics = [line for line in lines if '"type": "topic"' in line]
    assert f"Exported {len(topics)} topics" in exported.output


def test_bad_file_is_one_line_error_and_exit_1(env: Path) -> None:
    bad = env / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00 not text")
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1
    assert "broken.txt:1" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_file(env: Path) -> None:
    result = runner.invoke(app, ["import", str(env / "nope.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_bad_configuration_names_the_option(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIWIKI_PORT", "not-a-port")
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 1
    assert "AIWIKI_PORT" in result.output


def test_import_indexes_what_it_writes_and_search_repairs_the_rest(env: Path) -> None:
    from aiwiki.search.tantivy_backend import TantivyBackend
    from tests.factories import topic, write_jsonl

    first = write_jsonl(env / "a.jsonl", topic("walrus-norm", "Walrus norm"))
    assert runner.invoke(app, ["import", str(first)]).exit_code == 0
    TantivyBackend(env / "index").clear()  # the index lost what it held (a crash, say)
    second = write_jsonl(env / "b.jsonl", topic("okapi-pooling", "Okapi pooling"))
    assert runner.invoke(app, ["import", str(second)]).exit_code == 0
    assert set(TantivyBackend(env / "index").indexed_revisions()) == {2}  # its own topic

    result = runner.invoke(app, ["search", "walrus"])
    assert result.exit_code == 0 and "Walrus norm" in result.output


def test_links_counts_rebuilds_and_lists_near_misses(env: Path) -> None:
    assert runner.invoke(app, ["import", str(importing.STARTER)]).exit_code == 0
    counted = runner.invoke(app, ["links"])
    assert counted.exit_code == 0 and "link(s) stored" in counted.output
    rebuilt = runner.invoke(app, ["links", "--rebuild"])
    assert rebuilt.exit_code == 0 and "Links read again from" in rebuilt.output
    assert counted.output.splitlines()[-1] in rebuilt.output  # the same links again
    near = runner.invoke(app, ["links", "--unlinked", "--limit", "5"])
    assert near.exit_code == 0 and "not linked" in near.output
