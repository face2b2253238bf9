"""The CLI's error line: one line whatever its length, and user text never read as markup."""

from __future__ import annotations

import pytest

from aiwiki.cli.output import fail


def test_a_long_error_with_brackets_stays_one_plain_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    message = "notes.jsonl:3: title " + "[/bold] " * 30 + "is not text"
    fail(message)
    printed = capsys.readouterr().err
    assert printed.count("\n") == 1
    assert printed == f"error: {message}\n"
