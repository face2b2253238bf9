"""YAML read for import: safe, one parse that keeps the line of every key, errors in one line.

The node tree the parser builds anyway is kept beside the data, so that a wrong value found
later by the schema (`categories.1.slug`) is reported on the line where it is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
import yaml.reader
from yaml.nodes import MappingNode, Node, SequenceNode

from aiwiki.errors import ImportFormatError
from aiwiki.importers._problems import Loc, one_line


@dataclass(frozen=True)
class Document:
    """A YAML mapping, its node tree, and the file line its text starts on."""

    file: str
    data: dict[str, Any]
    node: Node
    first_line: int

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest key or item of `loc` the document holds: a key names the
        line of a wrong value better than the value does (it may be a block below)."""
        return self.first_line + _line_at(self.node, loc)


def load_mapping(file: str, text: str, first_line: int) -> Document:
    """`text` (starting on line `first_line` of `file`) read as one YAML mapping."""
    node, data = _parse(file, text, first_line)
    if node is None or not isinstance(data, dict):
        raise ImportFormatError(file, first_line, "expected a YAML mapping")
    return Document(file, data, node, first_line)


def _parse(file: str, text: str, first_line: int) -> tuple[Node | None, Any]:
    """The node tree and the data of `text`, with every way YAML fails as one line."""
    try:
        loader = yaml.SafeLoader(text)  # refuses control characters already
        try:
            node = loader.get_single_node()
            return node, loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise ImportFormatError(file, line, one_line(f"invalid YAML: {problem}")) from None
    except yaml.reader.ReaderError as exc:
        line = first_line + text[: exc.position].count("\n")
        raise ImportFormatError(file, line, f"invalid YAML: character {exc.character:#x} "
                                "is not allowed") from None
    except RecursionError:
        raise ImportFormatError(file, first_line, "the YAML is nested too deeply") from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # a constructor's own error: a date like 2024-13-45, an integer of 5,000 digits
        raise ImportFormatError(file, first_line, one_line(f"invalid YAML: {exc}")) from None


def _line_at(node: Node, loc: Loc) -> int:
    """Follow `loc` down the tree as far as it goes; the 0-based line where it stopped."""
    line = node.start_mark.line
    for part in loc:
        found = _child(node, part)
        if found is None:
            break
        line, node = found
    return line


def _child(node: Node, part: str | int) -> tuple[int, Node] | None:
    """The line that names `part` inside `node` (its key, or its list item) and its value."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if str(key.value) == str(part):
                return key.start_mark.line, value
        return None
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item: Node = node.value[part]
        return item.start_mark.line, item
    return None
