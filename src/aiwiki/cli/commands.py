"""How every `aiwiki` command fails: one line on stderr and exit code 1, never a traceback.

An AiwikiError says what to fix; anything else is a bug, reported in one line too, its
traceback kept in a log file that the line names.
"""

from __future__ import annotations

import functools
import os
import tempfile
import traceback
from collections.abc import Callable
from typing import ParamSpec

import click
import typer

from aiwiki.cli.output import fail
from aiwiki.errors import AiwikiError

P = ParamSpec("P")


class Commands:
    """`command = Commands(app)`, then `@command()`: the decorator that registers a function
    on one Typer app (the main one, or a group like `user`) with one-line errors."""

    def __init__(self, app: typer.Typer) -> None:
        self.app = app

    def __call__(self, name: str | None = None) -> Callable[[Callable[P, None]],
                                                           Callable[P, None]]:
        def register(func: Callable[P, None]) -> Callable[P, None]:
            wrapped = one_line_errors(func)
            self.app.command(name)(wrapped)
            return wrapped

        return register


def one_line_errors(func: Callable[P, None]) -> Callable[P, None]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            func(*args, **kwargs)
        except AiwikiError as exc:
            fail(one_line(exc.message))
            raise typer.Exit(1) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise  # Typer's own ways out: already what a user should see
        except Exception as exc:  # the last resort: no traceback, ever
            fail(one_line(f"unexpected {type(exc).__name__}: {exc}{_saved(exc)}"))
            raise typer.Exit(1) from None

    return wrapper


def one_line(text: str) -> str:
    """`text` as one printable line: newlines folded, control characters and lone surrogates
    (a file name of undecodable bytes) escaped, so a terminal neither obeys nor chokes on
    them (`fail` keeps Rich from reading it as markup)."""
    flat = " ".join(text.split())
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in flat)


def _saved(exc: Exception) -> str:
    """Write the traceback of a bug to a new log file; ' (details in FILE)', or '' if even
    that fails (a full disk must not hide the first error)."""
    try:
        handle, name = tempfile.mkstemp(prefix="aiwiki-error-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as log:
            traceback.print_exception(exc, file=log)
    except OSError:
        return ""
    return f" (details in {name})"
