"""aiwiki Markdown folders: `site.yaml` plus one front-matter Markdown file per topic.

Readable and diffable in a git repository; see docs/formats.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.errors import ImportFormatError
from aiwiki.importers import lossless
from aiwiki.importers.drafts import ImportBatch, SourceRef, TopicDraft
from aiwiki.importers.loading import decode
from aiwiki.storage.tables import Topic

SITE_FILE = "site.yaml"
FORMAT = "aiwiki-markdown"


def read_folder(folder: Path) -> ImportBatch:
    site_path = folder / SITE_FILE
    if not site_path.is_file():
        raise ImportFormatError(str(folder), None, f"is a folder without {SITE_FILE}")
    batch = ImportBatch(file=str(folder), format="markdown")
    site = _load_yaml(str(site_path), decode(str(site_path), site_path.read_bytes()), 1)
    if site.get("format") != FORMAT:
        raise ImportFormatError(str(site_path), 1, f"expected 'format: {FORMAT}'")
    source = SourceRef(str(site_path), 1, "")
    categories = site.get("categories") or []
    batch.categories = [lossless.category_from_dict(c, source) for c in categories]
    batch.tags = [lossless.tag_from_dict(t, source) for t in site.get("tags") or []]
    batch.paths = [lossless.path_from_dict(p, source) for p in site.get("paths") or []]
    for topic_file in sorted((folder / "topics").glob("*.md")):
        batch.topics.append(read_topic(topic_file))
    return batch


def read_topic(path: Path) -> TopicDraft:
    file = str(path)
    text = decode(file, path.read_bytes())
    if not text.startswith("---\n"):
        raise ImportFormatError(file, 1, "a topic file must start with '---' front matter")
    end = text.find("\n---", 4)
    if end == -1:
        raise ImportFormatError(file, 1, "front matter is not closed by a '---' line")
    meta = _load_yaml(file, text[4:end], 2)
    body = text[end + 4 :].removeprefix("\n").removesuffix("\n")
    texts = meta.setdefault("texts", {})
    if body and isinstance(texts, dict) and isinstance(texts.get("en", {}), dict):
        texts.setdefault("en", {})["body"] = body
    return lossless.topic_from_dict(meta, SourceRef(file, 1, text))


def _load_yaml(file: str, text: str, first_line: int) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        raise ImportFormatError(file, line, f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ImportFormatError(file, first_line, "expected a YAML mapping")
    return data


class _Literal(str):
    """A string YAML should write as a block scalar (keeps LaTeX and newlines readable)."""


def _literal_presenter(dumper: yaml.SafeDumper, value: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal_presenter)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def export(session: Session, folder: Path) -> int:
    """Write the wiki into `folder` (created if needed); returns the number of topics."""
    topics_dir = folder / "topics"
    topics_dir.mkdir(parents=True, exist_ok=True)
    site = {
        "format": FORMAT,
        "version": 1,
        "categories": lossless.dump_categories(session),
        "tags": lossless.dump_tags(session),
        "paths": lossless.dump_paths(session),
    }
    (folder / SITE_FILE).write_text(_dump(site), encoding="utf-8")
    count = 0
    for topic in session.scalars(select(Topic).order_by(Topic.slug)):
        data = lossless.dump_topic(session, topic)
        body = data["texts"].get("en", {}).pop("body", "")
        for fields in data["texts"].values():
            for key, value in fields.items():
                if "\n" in value or "\\" in value:
                    fields[key] = _Literal(value)
        front = _dump(data)
        (topics_dir / f"{topic.slug}.md").write_text(
            f"---\n{front}---\n{body}\n" if body else f"---\n{front}---\n", encoding="utf-8"
        )
        count += 1
    return count
