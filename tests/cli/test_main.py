"""The CLI through Typer's runner, against a real SQLite database in a temp folder."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

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


HEADER_LINE = '{"format": "aiwiki-jsonl", "version": 1}'
TOPIC_A = '{"type": "topic", "slug": "a", "texts": {"en": {"title": "A"}}}'
BAD_JSONL = {
    "escaping slug": ('{"type": "topic", "slug": "../../escape-pwned", '
                      '"texts": {"en": {"title": "E"}}}', 2, "is not a valid slug"),
    "slash slug": ('{"type": "topic", "slug": "a/b", "texts": {"en": {"title": "E"}}}', 2,
                   "is not a valid slug"),
    "repeated step": (TOPIC_A + '\n{"type": "path", "slug": "p", "title": "P", '
                      '"steps": ["a", "a"]}', 3, "appears twice"),
    "missing step": ('{"type": "path", "slug": "p", "title": "P", "steps": ["ghost"]}', 2,
                     "step 'ghost' is no topic"),
    "unknown category": ('{"type": "topic", "slug": "a", "categories": ["nowhere"], '
                         '"texts": {"en": {"title": "A"}}}', 2, "category 'nowhere'"),
    "repeated slug": (TOPIC_A + "\n" + TOPIC_A, 3, "already used on line 2"),
    "lone surrogate": ('{"type": "topic", "slug": "a", "texts": {"en": {"title": "\\ud800"}}}',
                       2, "valid Unicode"),
    "infinite count": ('{"type": "tag", "name": "t", "declared_count": 1e400}', 2, "whole number"),
    "huge count": ('{"type": "tag", "name": "t", "declared_count": ' + "1" * 30 + "}", 2,
                   "at most"),
    "deep nesting": ("[" * 100_000, 2, "nested too deeply"),
    "tags as text": ('{"type": "topic", "slug": "a", "tags": "abc", '
                     '"texts": {"en": {"title": "A"}}}', 2, "tags: must be a list of strings"),
    "evil language": ('{"type": "topic", "slug": "a", "aliases": {"xx-evil": ["x"]}, '
                      '"texts": {"en": {"title": "A"}}}', 2, "unknown language"),
    "markup in the message": ('{"type": "[/bold] [red]"}', 2, "unknown object type '[/bold]"),
    "long message": ('{"type": "' + "x" * 300 + '"}', 2, "unknown object type"),
}


def one_line_error(result: Result) -> str:
    """The CLI's whole answer to bad input: exit 1 and one stderr line, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0].removeprefix("error: ")


@pytest.mark.parametrize(("body", "line", "message"), BAD_JSONL.values(), ids=list(BAD_JSONL))
def test_bad_jsonl_is_one_line_with_file_and_line(
    env: Path, body: str, line: int, message: str
) -> None:
    bad = env / "bad.jsonl"
    bad.write_text(f"{HEADER_LINE}\n{body}\n", encoding="utf-8")
    error = one_line_error(runner.invoke(app, ["import", str(bad)]))
    assert error.startswith(f"{bad}:{line}: ")
    assert message in error


def test_export_of_a_slug_that_escapes_is_one_line(env: Path) -> None:
    from aiwiki.config import load_settings
    from aiwiki.services.wiki import Wiki
    from tests.services.test_exporting import smuggle

    wiki = Wiki.open(load_settings(), with_search=False)
    smuggle(wiki, "../../escape-pwned")
    wiki.close()
    target = env / "out" / "dir"
    error = one_line_error(runner.invoke(app, ["export", "markdown", str(target)]))
    assert "escape-pwned" in error and "outside" in error
    assert not (env / "out" / "escape-pwned.md").exists()


def test_an_unexpected_failure_is_one_line_and_its_traceback_goes_to_a_log(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure nothing below the command turns into an AiwikiError (here the database
    path runs through a regular file) still reaches the user as one line; the traceback
    is kept in the log file that line names."""
    monkeypatch.setattr(tempfile, "tempdir", str(env))  # where the log goes
    (env / "plain-file").write_text("not a folder", "utf-8")
    monkeypatch.setenv("AIWIKI_DATABASE_URL", f"sqlite:///{env / 'plain-file' / 'wiki.db'}")
    error = one_line_error(runner.invoke(app, ["stats"]))
    assert "unable to open database file" in error
    log = Path(error.rsplit("(details in ", 1)[1].removesuffix(")"))
    assert log.parent == env and "Traceback" in log.read_text("utf-8")


def test_the_error_line_escapes_what_a_terminal_would_obey_or_choke_on() -> None:
    from aiwiki.cli.commands import one_line

    assert one_line("a.jsonl:2:\n  bad\x1b[31m red \ud800 [/bold]") == (
        "a.jsonl:2: bad\\x1b[31m red \\ud800 [/bold]"
    )


def test_links_counts_rebuilds_and_lists_near_misses(env: Path) -> None:
    assert runner.invoke(app, ["import", str(importing.STARTER)]).exit_code == 0
    counted = runner.invoke(app, ["links"])
    assert counted.exit_code == 0 and "link(s) stored" in counted.output
    rebuilt = runner.invoke(app, ["links", "--rebuild"])
    assert rebuilt.exit_code == 0 and "Links read again from" in rebuilt.output
    assert counted.output.splitlines()[-1] in rebuilt.output  # the same links again
    near = runner.invoke(app, ["links", "--unlinked", "--limit", "5"])
    assert near.exit_code == 0 and "not linked" in near.output
