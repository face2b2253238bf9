"""Choose a SearchBackend implementation by name, as configuration spells it."""

from __future__ import annotations

from pathlib import Path

from aiwiki.search.base import SearchBackend

BACKEND_KINDS = ("tantivy",)


def make_backend(kind: str, path: Path | None) -> SearchBackend:
    """A backend of `kind` keeping its index in `path` (None: in memory, for tests)."""
    if kind == "tantivy":
        from aiwiki.search.tantivy_backend import TantivyBackend

        return TantivyBackend(path)
    known = ", ".join(BACKEND_KINDS)
    raise ValueError(f"unknown search backend {kind!r}; known backends: {known}")
