"""The shape of a glossary page: English entries and Chinese lines, in page order.

An English entry is a definition line followed by its `Why it matters: …` line. Chinese
lines come in between, marked (`为什么重要: …`) or not. A Chinese definition directly followed
by a Chinese why-it-matters about the same name is one item (Liquid AI on the seed page).
Structural errors are raised here, with the line they were found on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aiwiki.errors import ImportFormatError
from aiwiki.importers._gloss_zh import ZhReading, mentions, read_zh
from aiwiki.importers._text import Line, mostly_cjk, require_finished

WHY_MARK = re.compile(r"Why it matters\s*:\s*", re.IGNORECASE)


@dataclass
class EnglishEntry:
    """A definition and its why-it-matters (None only for a why-less entry)."""

    definition: Line
    why: Line | None

    @property
    def why_text(self) -> str:
        return WHY_MARK.sub("", self.why.text, count=1).strip() if self.why else ""

    @property
    def lines(self) -> list[Line]:
        return [self.definition, *([self.why] if self.why else [])]


@dataclass
class ChineseItem:
    """One Chinese line, or a Chinese definition with its Chinese why-it-matters."""

    parts: list[tuple[Line, ZhReading]] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for line, _ in self.parts]

    def text(self, role: str) -> str:
        return " ".join(reading.body for _, reading in self.parts if reading.role == role)

    @property
    def only_why(self) -> bool:
        return all(reading.role == "why" for _, reading in self.parts)


Item = EnglishEntry | ChineseItem


def parse_items(file: str, lines: list[Line]) -> list[Item]:
    """Group the lines into items, raising ImportFormatError on a broken structure."""
    items: list[Item] = []
    for line in lines:
        if WHY_MARK.match(line.text):
            _attach_why(file, items, line)
        elif mostly_cjk(line.text):
            _add_chinese(file, items, line)
        else:
            items.append(EnglishEntry(line, None))
    _check_end(file, items, lines[-1])
    return items


def _attach_why(file: str, items: list[Item], line: Line) -> None:
    if not WHY_MARK.sub("", line.text, count=1).strip():
        raise ImportFormatError(file, line.number, "'Why it matters:' is followed by nothing")
    last = items[-1] if items else None
    if not isinstance(last, EnglishEntry) or last.why is not None:
        raise ImportFormatError(
            file, line.number, "a 'Why it matters' line must follow its English definition"
        )
    last.why = line


def _add_chinese(file: str, items: list[Item], line: Line) -> None:
    reading = read_zh(line.text)
    if not reading.body:
        raise ImportFormatError(file, line.number, "'为什么重要:' is followed by nothing")
    last = items[-1] if items else None
    if (
        isinstance(last, ChineseItem)
        and len(last.parts) == 1
        and last.parts[0][1].role == "def"
        and reading.role == "why"
        and reading.subject is not None
        and mentions(last.parts[0][1].body, reading.subject.name)
    ):
        last.parts.append((line, reading))
        return
    items.append(ChineseItem([(line, reading)]))


def _check_end(file: str, items: list[Item], last_line: Line) -> None:
    """A cut-off last line, or a last entry missing the why every other entry has."""
    require_finished(file, last_line)
    english = [item for item in items if isinstance(item, EnglishEntry)]
    if (
        len(english) > 1
        and english[-1] is items[-1]
        and english[-1].why is None
        and all(entry.why is not None for entry in english[:-1])
    ):
        raise ImportFormatError(
            file,
            english[-1].definition.number,
            "the last entry has no 'Why it matters' line; the file looks truncated",
        )
