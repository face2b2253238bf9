"""Pick a reader from a file's content, not its name (seed files are named by hash).

`READERS` maps a format name to its reader; `sniff` returns the format name. To add a
format, add its reader to `READERS` and a recogniser to `_SNIFFERS`, most specific first.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from aiwiki.importers import category, glossary, tagpage
from aiwiki.importers.drafts import ImportBatch

Reader = Callable[[str, str], ImportBatch]

READERS: dict[str, Reader] = {
    tagpage.FORMAT: tagpage.read,
    category.FORMAT: category.read,
    glossary.FORMAT: glossary.read,
}

_GLOSSARY_MARK = re.compile(r"^(?:Why it matters\s*:|为什么重要\s*[:：])", re.MULTILINE)


def _is_tagpage(head: list[str]) -> bool:
    return bool(head) and bool(tagpage.HEADER.fullmatch(head[0]))


def _is_category(head: list[str]) -> bool:
    return bool(head) and head[0] == category.HEADER


def _is_glossary(head: list[str]) -> bool:
    return bool(_GLOSSARY_MARK.search("\n".join(head)))


_SNIFFERS: list[tuple[str, Callable[[list[str]], bool]]] = [
    (tagpage.FORMAT, _is_tagpage),
    (category.FORMAT, _is_category),
    (glossary.FORMAT, _is_glossary),
]


def sniff(text: str) -> str | None:
    """The format of `text` ('tagpage', 'category', 'glossary'), or None if unknown."""
    head = [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()][:20]
    for name, recognises in _SNIFFERS:
        if recognises(head):
            return name
    return None
