"""Read a tag page: `Tag: <name>`, `<N> topic(s)`, then `- <Title><Summary>` lines.

The page lost the separator between each title and its summary; `_split` recovers it. A
topic listed on several pages is emitted once per page; the pipeline merges them by title.
"""

from __future__ import annotations

import re

from aiwiki.domain.enums import Kind
from aiwiki.domain.names import title_aliases
from aiwiki.errors import ImportFormatError
from aiwiki.importers._split import Split, split_title
from aiwiki.importers._text import Line, content_lines, require_finished
from aiwiki.importers.drafts import ImportBatch, SourceRef, TagDraft, TextDraft, TopicDraft

FORMAT = "tagpage"
HEADER = re.compile(r"Tag:\s*(\S.*)")
COUNT = re.compile(r"(\d+)\s+topics?(?:\(s\))?", re.IGNORECASE)
_MIN_SUMMARY_WORDS = 3


def read(file: str, text: str) -> ImportBatch:
    """One TagDraft for the header and one TopicDraft per listed topic, in page order."""
    lines = content_lines(file, text)
    tag = _read_header(file, lines)
    batch = ImportBatch(file=file, format=FORMAT, tags=[tag])
    for line in lines[2:]:
        topic = _read_topic(file, line, tag.name)
        batch.topics.append(topic)
        tag.topic_titles.append(topic.title)
    require_finished(file, lines[-1])
    return batch


def _read_header(file: str, lines: list[Line]) -> TagDraft:
    header = HEADER.fullmatch(lines[0].text)
    if not header:
        raise ImportFormatError(file, lines[0].number, "a tag page starts with 'Tag: <name>'")
    count = COUNT.fullmatch(lines[1].text) if len(lines) > 1 else None
    if count is None:
        where = lines[1].number if len(lines) > 1 else lines[0].number + 1
        raise ImportFormatError(file, where, "the tag header must be followed by '<N> topic(s)'")
    source = SourceRef(file, lines[0].number, f"{lines[0].text}\n{lines[1].text}")
    return TagDraft(name=header.group(1).strip(), declared_count=int(count.group(1)), source=source)


def _read_topic(file: str, line: Line, tag: str) -> TopicDraft:
    if not line.text.startswith("- "):
        raise ImportFormatError(file, line.number, "a tag-page topic line starts with '- '")
    split = _split_line(file, line)
    topic = TopicDraft(
        texts={"en": TextDraft(title=split.title, summary=split.summary)},
        sources=[SourceRef(file, line.number, line.text)],
        kind=Kind.CONCEPT,
        tags=[tag],
        aliases=[("en", alias) for alias in title_aliases(split.title)],
    )
    if not split.confident:
        topic.review_reasons.append(
            f"title/summary split is uncertain (margin {split.margin:.1f}): chose {split.title!r}"
        )
    return topic


def _split_line(file: str, line: Line) -> Split:
    split = split_title(line.text[2:].strip())
    if split is None or len(split.summary.split()) < _MIN_SUMMARY_WORDS:
        raise ImportFormatError(
            file, line.number, "the line has a title but no summary; is it truncated?"
        )
    return split
