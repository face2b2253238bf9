"""`aiwiki` commands. Each parses its arguments, calls a service and prints the result;
any AiwikiError becomes one line on stderr and exit code 1, never a traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aiwiki.cli import review, users
from aiwiki.cli.commands import Commands
from aiwiki.cli.output import console, progress_bar
from aiwiki.config import load_settings
from aiwiki.importers.report import ImportReport
from aiwiki.search.base import SearchFilters
from aiwiki.services import (
    embedding,
    exporting,
    importing,
    indexing,
    link_store,
    searching,
    stats,
    unlinked,
)
from aiwiki.services.wiki import Wiki

app = typer.Typer(
    help="aiwiki: a bilingual knowledge base of AI concepts.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
app.add_typer(users.app, name="user")
app.add_typer(review.app, name="review")


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    markdown = "markdown"


command = Commands(app)


def open_wiki(with_search: bool = True, repair: bool = True) -> Wiki:
    return Wiki.open(load_settings(), with_search=with_search, repair=repair)


@command()
def init() -> None:
    """Create the database (or bring its schema up to date) and the search index."""
    wiki = open_wiki()
    console.print(f"Database ready at [bold]{wiki.settings.database_url}[/]")


@command("import")
def import_(
    files: Annotated[
        list[Path], typer.Argument(help="Seed pages, JSON Lines or Markdown folders.")
    ],
) -> None:
    """Import files; the format of each is detected from its content. All or nothing."""
    # It indexes what it writes; a lag left by another process is repaired where search is
    # served (server start-up and its follower, `aiwiki search`): comparing every topic
    # here took a third of a one-topic edit of a million-topic wiki.
    wiki = open_wiki(repair=False)
    with progress_bar("Importing") as start:
        report = importing.import_files(wiki, files, on_start=start)
    print_report(report)


def print_report(report: ImportReport) -> None:
    table = Table(title="Import report", show_header=False)
    for label, value in (("created", report.created), ("updated", report.updated),
                         ("merged", report.merged), ("unchanged", report.unchanged),
                         ("flagged for review", report.flagged)):
        table.add_row(label, str(value))
    console.print(table)
    for check in report.tag_checks:
        if check.ok:
            console.print(f"[green]✓[/] tag {check.name}: {check.actual} topics, as the page says")
        else:
            console.print(f"[bold red]✗ tag {check.name}: {check.actual} topics, but the page "
                          f"says {check.declared}[/]")
    if not report.wrote_anything and not report.changed_topic_ids:
        console.print("Nothing changed: everything in these files is already in the wiki.")
    if report.flagged:
        console.print(f"{report.flagged} topic(s) need a human: run [bold]aiwiki review[/].")


@command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Run the website and API (loads the starter content into an empty wiki first)."""
    from aiwiki.web import server
    from aiwiki.web.app import create_app

    wiki = open_wiki()
    if wiki.settings.load_starter and importing.load_starter_if_empty(wiki):
        console.print("Loaded the starter content into the empty wiki.")
    host = host or wiki.settings.host
    port = port or wiki.settings.port
    console.print(f"Serving on [bold]http://{host}:{port}/[/]")
    if host not in wiki.settings.allowed_host_names and "*" not in wiki.settings.allowed_hosts:
        console.print(f"Only requests for {wiki.settings.allowed_hosts} are answered: "
                      "set AIWIKI_ALLOWED_HOSTS to the names this server is reached by.")
    server.run(create_app(wiki), host, port, wiki.settings)


@command()
def export(
    fmt: Annotated[ExportFormat, typer.Argument(help="jsonl or markdown.")],
    destination: Annotated[Path, typer.Argument(help="A file for jsonl, a folder for markdown.")],
) -> None:
    """Write the whole wiki in a lossless format that `aiwiki import` reads back."""
    wiki = open_wiki(with_search=False)
    count = exporting.export(wiki, fmt.value, destination)
    console.print(f"Exported {count} topics to [bold]{destination}[/]")


@command("stats")
def stats_() -> None:
    """Counts of topics by status, level, kind and language."""
    wiki = open_wiki(with_search=False)
    view = stats.stats(wiki)
    table = Table(title="aiwiki", show_header=False)
    for name, value in view.model_dump().items():
        shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) \
            else str(value)
        table.add_row(name.replace("_", " "), shown)
    console.print(table)


@command()
def links(
    rebuild: Annotated[bool, typer.Option(help="Read every link again from every text.")] = False,
    unlinked_: Annotated[bool, typer.Option("--unlinked", help=(
        "List mentions close to a topic's name that were not linked (a plural, a hyphen, "
        "two words swapped), with the text around them."))] = False,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many to list.")] = 200,
) -> None:
    """Stored links between topics: counts, a full rebuild, or the near misses."""
    wiki = open_wiki(with_search=False)
    if rebuild:
        with wiki.write() as session:
            count = link_store.rebuild_all(session, id(wiki))
        console.print(f"Links read again from {count} topic(s).")
    if unlinked_:
        _print_unlinked(unlinked.unlinked(wiki, limit))
        return
    view = link_store.counts(wiki)
    console.print(f"{view.links} link(s) stored; {view.linked_topics} topic(s) mentioned by "
                  f"another; {view.linking_topics} topic(s) mention another.")


def _print_unlinked(found: list[unlinked.UnlinkedMention]) -> None:
    table = Table(title=f"{len(found)} mention(s) near a name, not linked")
    for column in ("topic", "field", "words", "near", "sentence"):
        table.add_column(column)
    for m in found:
        sentence = re.sub(r"<[^>]+>", "", m.sentence_html)
        table.add_row(m.topic, f"{m.field} ({m.lang})", m.words, m.target, sentence,
                      style=None)
    console.print(table)


@command()
def search(
    query: Annotated[str, typer.Argument(help="Anything: words, an acronym, a typo, Chinese.")],
    level: Annotated[str | None, typer.Option(help="Only this level.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only topics with this tag (slug).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many results.")] = 10,
    lang: Annotated[str, typer.Option(help="Language of titles and snippets.")] = "en",
) -> None:
    """Search the wiki from the terminal."""
    wiki = open_wiki()
    embedding.load_vectors(wiki)  # what is embedded is searched by meaning too
    view = searching.search(wiki, query, lang, SearchFilters(level=level, tag=tag), 1, limit)
    if view.notice:
        console.print(f"[yellow]{view.notice}[/]")
    if view.did_you_mean:
        console.print(f"Did you mean [bold]{view.did_you_mean}[/]?")
    table = Table(title=f"{view.total} result(s) for “{query[:60]}”")
    table.add_column("#", justify="right")
    table.add_column("topic")
    table.add_column("level")
    table.add_column("slug", style="dim")
    for n, hit in enumerate(view.hits, start=1):
        table.add_row(str(n), hit.title, hit.level or "", hit.slug)
    console.print(table)


@command()
def reindex() -> None:
    """Throw the search index away and rebuild it from the database."""
    wiki = open_wiki(repair=False)  # the rebuild does what a repair would, once
    with progress_bar("Indexing") as start:
        advance = None
        done_before = 0

        def progress(done: int, total: int) -> None:
            nonlocal advance, done_before
            if advance is None:
                advance = start(total)
            advance(done - done_before)
            done_before = done

        count = indexing.rebuild(wiki, progress)
    console.print(f"Indexed {count} topics.")
    _embed(wiki)


def _embed(wiki: Wiki) -> None:
    """Embed the texts whose vectors are missing or stale (the others are kept)."""
    if embedding.semantic_backend(wiki) is None:
        return
    with progress_bar("Embedding", unit="topics", threshold=1) as start:
        advance: Callable[[int], None] | None = None
        done_before = 0

        def progress(done: int, total: int) -> None:
            nonlocal advance, done_before
            advance = advance or start(total)
            advance(done - done_before)
            done_before = done

        texts = embedding.embed_pending(wiki, progress)
    console.print(f"Embedded {texts} texts.")


def run() -> None:
    """Console-script entry point."""
    app()
