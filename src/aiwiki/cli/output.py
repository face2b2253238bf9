"""How the CLI talks to a person: Rich tables, progress bars, one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

console = Console()
errors = Console(stderr=True)

PROGRESS_THRESHOLD = 200  # smaller jobs finish before a bar would be readable


def fail(message: str) -> None:
    # soft_wrap: one line however narrow the terminal, so that scripts can read it
    # escape: a message quoting user data ("[/x]") is text, never Rich markup
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True,
                 soft_wrap=True)


class RateColumn(ProgressColumn):
    """How many `unit`s a second (Rich's own speed column counts bytes)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} {self.unit}/s")


@contextmanager
def progress_bar(label: str, unit: str = "", threshold: int = PROGRESS_THRESHOLD,
                 ) -> Iterator[Callable[[int], Callable[[int], None]]]:
    """Yields `start(total) -> advance(n)`; shows a bar only for large jobs (`threshold`),
    and the rate in `unit`s a second when one is named."""
    rate: list[ProgressColumn] = [TaskProgressColumn(), RateColumn(unit)] if unit else []
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        *rate, TimeElapsedColumn(),
        console=console, transient=False,
    ) as bar:
        def start(total: int) -> Callable[[int], None]:
            if total < threshold:
                bar.stop()
                return lambda n: None
            task = bar.add_task(label, total=total)
            return lambda n: bar.advance(task, n)

        yield start
