"""aiwiki Markdown folders: `site.yaml` plus one front-matter Markdown file per topic.

Readable and diffable in a git repository; see docs/formats.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.names import is_valid_slug
from aiwiki.errors import ImportFormatError, UnsafePath
from aiwiki.importers import lossless, records
from aiwiki.importers._problems import one_line
from aiwiki.importers._yaml import Document, load_mapping
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
    site = _read_site(site_path)
    batch.categories = [lossless.category_from_dict(c, s) for c, s in _entries(site, "categories")]
    batch.tags = [lossless.tag_from_dict(t, s) for t, s in _entries(site, "tags")]
    batch.paths = [lossless.path_from_dict(p, s) for p, s in _entries(site, "paths")]
    for topic_file in sorted((folder / "topics").glob("*.md")):
        batch.topics.append(read_topic(topic_file))
    return batch


def _read_site(path: Path) -> Document:
    """`site.yaml`, its shape checked as a whole; each entry is checked again as a draft."""
    file = str(path)
    site = load_mapping(file, decode(file, path.read_bytes()), 1)
    if site.data.get("format") != FORMAT:
        raise ImportFormatError(file, 1, f"expected 'format: {FORMAT}'")
    records.parse(records.SiteRecord, site.data, file, 1, site.line_of)
    return site


def _entries(site: Document, key: str) -> Iterator[tuple[Any, SourceRef]]:
    """The entries of one list of `site.yaml`, each with the line it starts on."""
    for index, entry in enumerate(site.data.get(key) or []):
        yield entry, SourceRef(site.file, site.line_of((key, index)), "")


def read_topic(path: Path) -> TopicDraft:
    file = str(path)
    text = decode(file, path.read_bytes()).replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ImportFormatError(file, 1, "a topic file must start with '---' front matter")
    end = text.find("\n---", 3)
    if end == -1:
        raise ImportFormatError(file, 1, "front matter is not closed by a '---' line")
    front = load_mapping(file, text[4 : end + 1], 2)
    meta = front.data
    if "slug" not in meta:
        meta["slug"] = _slug_from_name(path)
    body = text[end + 4 :].removeprefix("\n").removesuffix("\n")
    texts = meta.setdefault("texts", {})
    if body and isinstance(texts, dict) and isinstance(texts.get("en", {}), dict):
        texts.setdefault("en", {})["body"] = body
    return lossless.topic_from_dict(meta, SourceRef(file, 1, text), front.line_of)


def _slug_from_name(path: Path) -> str:
    """A topic file without a slug is named by its file: the name must be a slug itself."""
    if not is_valid_slug(path.stem):
        raise ImportFormatError(
            str(path), None,
            one_line(f"file name {path.stem!r} is not a valid slug; name the file after its "
                     "slug or give a 'slug:' in its front matter"),
        )
    return path.stem


class _Literal(str):
    """A string YAML should write as a block scalar (keeps LaTeX and newlines readable)."""


def _literal_presenter(dumper: yaml.SafeDumper, value: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal_presenter)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def export(session: Session, folder: Path) -> int:
    """Write the wiki into `folder` (created if needed); returns the number of topics.

    Every topic's file name is checked before anything is written: a slug that would lead
    outside `folder/topics` (a database filled by hand, an old import) stops the export."""
    topics_dir = folder / "topics"
    files = {slug: topic_file(topics_dir, slug) for slug in session.scalars(select(Topic.slug))}
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
        files[topic.slug].write_text(_topic_text(lossless.dump_topic(session, topic)),
                                     encoding="utf-8")
        count += 1
    return count


def topic_file(topics_dir: Path, slug: str) -> Path:
    """`topics_dir/<slug>.md`, refused unless it is a plain file name inside `topics_dir`
    (no separator, no NUL, and no symbolic link already there that points elsewhere)."""
    name = f"{slug}.md"
    path = topics_dir / name
    plain = path.name == name and path.parent == topics_dir and "\x00" not in name
    if not plain or not path.resolve().is_relative_to(topics_dir.resolve()):
        raise UnsafePath(one_line(
            f"topic slug {slug!r} would be written outside {topics_dir}; nothing was exported "
            "(rename the topic to a valid slug first)"
        ))
    return path


def _topic_text(data: dict[str, Any]) -> str:
    """One topic file: front matter, then the English body."""
    body = data["texts"].get("en", {}).pop("body", "")
    for fields in data["texts"].values():
        for key, value in fields.items():
            if "\n" in value or "\\" in value:
                fields[key] = _Literal(value)
    front = _dump(data)
    return f"---\n{front}---\n{body}\n" if body else f"---\n{front}---\n"
