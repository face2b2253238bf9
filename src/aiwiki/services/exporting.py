"""Use case: write the whole wiki out in one of the lossless formats.

The Markdown export refuses (before writing) any topic file that would land outside its
folder; a destination the system will not let us write is one clear error, not a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from aiwiki.errors import AiwikiError
from aiwiki.importers import jsonl, markdown_folder
from aiwiki.services.wiki import Wiki

ExportFormat = Literal["jsonl", "markdown"]


def export(wiki: Wiki, fmt: ExportFormat, destination: Path) -> int:
    """Returns how many topics were written. JSON Lines goes to a file, Markdown to a folder."""
    try:
        with wiki.read() as session:
            if fmt == "markdown":
                return markdown_folder.export(session, destination)
            count = 0
            with destination.open("w", encoding="utf-8") as out:
                for line in jsonl.export(session):
                    out.write(line + "\n")
                    count += line.startswith('{"type": "topic"')
            return count
    except OSError as exc:
        where = exc.filename or destination
        raise AiwikiError(f"cannot write {where}: {exc.strerror or exc}") from None
