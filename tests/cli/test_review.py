"""`aiwiki review` and its subcommands through Typer's runner, on a real SQLite database
holding the seed-like pages of tests/fixtures/seedlike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiwiki.cli.main import app
from tests.factories import topic, write_jsonl

runner = CliRunner()
SEEDLIKE = Path(__file__).parents[1] / "fixtures" / "seedlike"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIWIKI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("AIWIKI_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("COLUMNS", "250")
    base = write_jsonl(tmp_path / "base.jsonl", topic("colander-strainer", "Colander (Strainer)"))
    done = runner.invoke(app, ["import", str(base), str(SEEDLIKE / "glossary.txt"),
                               str(SEEDLIKE / "category.txt")])
    assert done.exit_code == 0, done.output
    return tmp_path


def listed(slug: str) -> str:
    output = runner.invoke(app, ["review"]).output
    found = re.search(rf"│ (\d+)\s+│[^\n]*│ {re.escape(slug)}\s+│", output)
    assert found, output
    return found.group(1)


def test_review_lists_then_resolves_each_way(env: Path) -> None:
    merged = runner.invoke(app, ["review", "merge", listed("colander"), "--author", "ada"])
    assert merged.exit_code == 0 and "into /t/colander-strainer" in merged.output
    merge_id = re.search(r"merge (\d+)", merged.output)
    assert merge_id
    undone = runner.invoke(app, ["review", "undo", merge_id.group(1)])
    assert undone.exit_code == 0, undone.output
    renamed = runner.invoke(app, ["review", "rename", listed("zesty-s-kitchen-ai-company"),
                                  "Zesty Robotics"])
    assert renamed.exit_code == 0 and "Zesty Robotics" in renamed.output
    dismissed = runner.invoke(app, ["review", "dismiss", listed("cheap"), "the guess is right"])
    assert dismissed.exit_code == 0, dismissed.output
    output = runner.invoke(app, ["review"]).output
    assert "zesty-s-kitchen-ai-company" not in output and "│ cheap " not in output
    assert "colander" in output  # the undone merge's item is open again


def test_a_bad_request_is_one_line_and_exit_one(env: Path) -> None:
    for args in (["review", "dismiss", "99999", "why not"],
                 ["review", "dismiss", listed("cheap"), "   "],
                 ["review", "undo", "12345"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
