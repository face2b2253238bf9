"""`aiwiki review …`: the review workflow from the server's shell. Without a subcommand it
lists the open items as before; `merge`, `rename`, `attach`, `dismiss` and `undo` resolve
them through the same services as /review. Errors are one line on stderr, exit code 1."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table

from aiwiki.cli.commands import Commands, one_line_errors
from aiwiki.cli.output import console
from aiwiki.config import load_settings
from aiwiki.services import merges, review
from aiwiki.services.audit import CLI
from aiwiki.services.edit_requests import parse
from aiwiki.services.review_requests import (
    AttachRequest,
    DismissRequest,
    MergeRequest,
    RenameItemRequest,
)
from aiwiki.services.wiki import Wiki

app = typer.Typer(help="List what needs a human; resolve it: merge, rename, attach, dismiss.",
                  invoke_without_command=True)
ItemId = Annotated[int, typer.Argument(help="The item's id, as `aiwiki review` lists it.")]
Author = Annotated[str | None, typer.Option(
    help="The name the revisions and the audit log record (default: your login name).")]


command = Commands(app)


@contextmanager
def _wiki(with_search: bool = True) -> Iterator[Wiki]:
    """The wiki for one command, closed after it (its database connections too)."""
    wiki = Wiki.open(load_settings(), with_search=with_search, repair=False)
    try:
        yield wiki
    finally:
        wiki.close()


def _author(given: str | None) -> str:
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


@app.callback()
def listing(ctx: typer.Context) -> None:
    """List what needs a human, with the source file and line."""
    if ctx.invoked_subcommand is not None:
        return
    one_line_errors(_list)()


def _list() -> None:
    with _wiki(with_search=False) as wiki:
        page = review.open_items(wiki, wiki.settings.default_language)
    if not page.items:
        console.print("Nothing needs review.")
        return
    table = Table(title=f"{page.count} item(s) to review")
    for column in ("id", "source", "topic", "kind", "reason"):
        table.add_column(column, no_wrap=column in ("id", "source"))
    for item in page.items:
        table.add_row(str(item.id), f"{item.file}:{item.line}",
                      item.topic.slug if item.topic else "", item.kind.value, item.reason)
    console.print(table)


@command()
def merge(item_id: ItemId,
          into: Annotated[str | None, typer.Option(
              help="Slug of the topic that survives (default: the one the reason names).")]
          = None, author: Author = None) -> None:
    """Merge the item's topic into another; prints the merge id `undo` takes."""
    body = parse(MergeRequest, {"into": into})
    with _wiki() as wiki:
        done = merges.merge(wiki, item_id, body.into, _author(author), CLI)
    console.print(f"Merged /t/{done.loser} into /t/{done.survivor} (merge {done.merge_id}; "
                  f"undo: aiwiki review undo {done.merge_id}).")


@command()
def attach(item_id: ItemId,
           to: Annotated[str, typer.Argument(help="Slug of the English topic.")],
           author: Author = None) -> None:
    """Attach the item's Chinese-only topic to an English topic."""
    body = parse(AttachRequest, {"to": to})
    with _wiki() as wiki:
        done = merges.attach(wiki, item_id, body.to, _author(author), CLI)
    console.print(f"Attached /t/{done.loser} to /t/{done.survivor} (merge {done.merge_id}).")


@command()
def rename(item_id: ItemId,
           title: Annotated[str, typer.Argument(help="The better title.")],
           lang: Annotated[str, typer.Option(help="The title's language.")] = "en",
           keep_old_title: Annotated[bool, typer.Option(
               "--keep-old-title", help="Keep the old title as an alias.")] = False,
           author: Author = None) -> None:
    """Give the item's topic a better title."""
    body = parse(RenameItemRequest, {"title": title, "lang": lang,
                                     "keep_old_title": keep_old_title})
    with _wiki() as wiki:
        done = review.rename(wiki, item_id, body.title, body.lang, body.keep_old_title,
                             _author(author), CLI)
    console.print(f"Renamed /t/{done.slug} to “{body.title}”.")


@command()
def dismiss(item_id: ItemId,
            reason: Annotated[str, typer.Argument(help="Why nothing needs to change.")],
            author: Author = None) -> None:
    """Close the item without a change, saying why."""
    body = parse(DismissRequest, {"reason": reason})
    with _wiki() as wiki:
        review.dismiss(wiki, item_id, body.reason, _author(author), CLI)
    console.print(f"Dismissed review item {item_id}.")


@command()
def undo(merge_id: Annotated[int, typer.Argument(help="The id a merge printed.")],
         author: Author = None) -> None:
    """Undo a merge: both topics as before it, its items open again."""
    with _wiki() as wiki:
        done = merges.undo(wiki, merge_id, _author(author), CLI)
    console.print(f"Undid merge {merge_id}: /t/{done.loser} is back beside /t/{done.survivor}.")
