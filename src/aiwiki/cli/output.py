"""How the CLI talks to a person: Rich tables, progress bars, one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console()
errors = Console(stderr=True)

PROGRESS_THRESHOLD = 200  # smaller jobs finish before a bar would be readable


def fail(message: str) -> None:
    # soft_wrap: one line however narrow the terminal, so that scripts can read it
    # escape: a message quoting user data ("[/x]") is text, never Rich markup
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True,
                 soft_wrap=True)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int], Callable[[int], None]]]:
    """Yields `start(total) -> advance(n)`; shows a bar only for large jobs."""
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=False,
    ) as bar:
        def start(total: int) -> Callable[[int], None]:
            if total < PROGRESS_THRESHOLD:
                bar.stop()
                return lambda n: None
            task = bar.add_task(label, total=total)
            return lambda n: bar.advance(task, n)

        yield start
