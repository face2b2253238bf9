"""Use cases that bring content in: import files, and load the starter set into an empty wiki."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from aiwiki.importers.loading import load_all
from aiwiki.importers.pipeline import Pipeline
from aiwiki.importers.report import ImportReport
from aiwiki.services import indexing, link_store
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Topic

STARTER = Path(__file__).resolve().parent.parent / "starter"

ProgressStart = Callable[[int], Callable[[int], None]]


def import_files(
    wiki: Wiki, paths: list[Path], *, author: str = "import",
    on_start: ProgressStart | None = None,
) -> ImportReport:
    """Read every file first (a bad one raises ImportFormatError and nothing is written),
    then merge and write in one transaction, then bring the search index up to date.

    `on_start(total_drafts)` may return a callback advanced once per draft (a progress bar).
    """
    batches = load_all(paths)
    total = sum(len(batch.topics) for batch in batches)
    progress = on_start(total) if on_start else None
    with wiki.write() as session:
        report = Pipeline(session, author=author).run(batches, progress)
        link_store.rebuild(session, id(wiki), report.changed_topic_ids)
    wiki.changed()
    indexing.sync(wiki, report.changed_topic_ids)
    return report


def is_empty(wiki: Wiki) -> bool:
    with wiki.read() as session:
        return session.scalar(select(Topic.id).limit(1)) is None


def load_starter_if_empty(wiki: Wiki) -> ImportReport | None:
    """A new user should see a populated wiki at once."""
    if not is_empty(wiki):
        return None
    return import_files(wiki, [STARTER], author="starter")
