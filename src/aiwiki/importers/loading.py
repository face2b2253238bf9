"""Turn files on disk into ImportBatches: decode, detect the format, read. Writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aiwiki.errors import ImportFormatError
from aiwiki.importers.drafts import ImportBatch

Reader = Callable[[str, str], ImportBatch]


def decode(file: str, data: bytes) -> str:
    """Strict UTF-8 (a BOM is allowed); a bad byte is reported with its line number."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(file, line, "is not valid UTF-8 text") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFormatError(file, line, "contains a NUL byte; is this a binary file?")
    if not text.strip():
        raise ImportFormatError(file, None, "is empty")
    return text


def load_file(path: Path) -> ImportBatch:
    """Read one file or Markdown folder into drafts, picking the reader from the content."""
    from aiwiki.importers import jsonl, markdown_folder

    display = str(path)
    if path.is_dir():
        return markdown_folder.read_folder(path)
    if not path.exists():
        raise ImportFormatError(display, None, "no such file")
    text = decode(display, path.read_bytes())
    if jsonl.looks_like(text):
        return jsonl.read(display, text)
    from aiwiki.importers import detect

    fmt = detect.sniff(text)
    if fmt is None:
        first = text.lstrip().splitlines()[0][:60]
        raise ImportFormatError(
            display, 1, f"unknown format (starts with {first!r}); expected a tag page, category "
            "page, glossary, aiwiki JSON Lines or Markdown export"
        )
    return detect.READERS[fmt](display, text)


def load_all(paths: list[Path]) -> list[ImportBatch]:
    """Read every file before anything is written, so one bad file stops the whole import."""
    return [load_file(path) for path in paths]
