"""aiwiki JSON Lines: one object per line, the first a header naming the format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.errors import ImportFormatError
from aiwiki.importers import lossless
from aiwiki.importers._problems import one_line
from aiwiki.importers.drafts import ImportBatch, SourceRef
from aiwiki.storage.tables import Topic

HEADER = {"format": "aiwiki-jsonl", "version": 1}


def looks_like(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    return first.startswith("{") and '"aiwiki-jsonl"' in first


def read(file: str, text: str) -> ImportBatch:
    batch = ImportBatch(file=file, format="jsonl")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        data = _object(file, number, line)
        if number == 1 or "format" in data:
            if data.get("format") != HEADER["format"] or data.get("version") != 1:
                raise ImportFormatError(file, number, "unsupported aiwiki-jsonl header")
            continue
        _add(batch, data, SourceRef(file, number, line))
    return batch


def _object(file: str, number: int, line: str) -> dict[str, Any]:
    """One line as a JSON object; whatever JSON itself refuses, in one line."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(file, number, f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise ImportFormatError(file, number, "the JSON is nested too deeply") from None
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        raise ImportFormatError(file, number, "a number has too many digits") from None
    if not isinstance(data, dict):
        raise ImportFormatError(file, number, "each line must be a JSON object")
    return data


def _add(batch: ImportBatch, data: dict[str, Any], source: SourceRef) -> None:
    kind = data.pop("type", None)
    if kind == "topic":
        batch.topics.append(lossless.topic_from_dict(data, source))
    elif kind == "category":
        batch.categories.append(lossless.category_from_dict(data, source))
    elif kind == "tag":
        batch.tags.append(lossless.tag_from_dict(data, source))
    elif kind == "path":
        batch.paths.append(lossless.path_from_dict(data, source))
    else:
        shown = repr(kind) if isinstance(kind, str | None) else f"of JSON type {_json_type(kind)}"
        raise ImportFormatError(
            source.file, source.line,
            one_line(f"unknown object type {shown} (expected topic, category, tag or path)"),
        )


def _json_type(value: object) -> str:
    return {dict: "object", list: "array", bool: "boolean"}.get(type(value), type(value).__name__)


def export(session: Session) -> Iterator[str]:
    """The whole wiki as JSON Lines, categories and tags first so a reader meets them early."""
    yield json.dumps(HEADER)
    for category in lossless.dump_categories(session):
        yield json.dumps({"type": "category", **category}, ensure_ascii=False)
    for tag in lossless.dump_tags(session):
        yield json.dumps({"type": "tag", **tag}, ensure_ascii=False)
    for topic in session.scalars(select(Topic).order_by(Topic.slug)):
        data = lossless.dump_topic(session, topic)
        yield json.dumps({"type": "topic", **data}, ensure_ascii=False)
    for path in lossless.dump_paths(session):
        yield json.dumps({"type": "path", **path}, ensure_ascii=False)
