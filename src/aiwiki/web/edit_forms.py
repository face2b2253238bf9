"""The edit form's values both ways: a snapshot into what the form shows (a Draft), and
the submitted form into the request models of services/edit_requests.py.

Field names are the paths the request models use (`texts.en.title`), so a refused field's
message (InvalidFields, keyed the same way) lands beside its own input. Lists are typed
one per line (aliases) or comma-separated (tags, categories).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aiwiki.domain.enums import LANGUAGES
from aiwiki.domain.snapshots import TEXT_FIELDS, Snapshot

_LIST_SPLIT = re.compile(r"[,\n]")
_LINES = re.compile(r"\n")
Draft = dict[str, Any]


def _get(form: Mapping[str, Any], name: str) -> str:
    """A field's text with the browser's CRLF line ends made plain newlines, as stored."""
    value = form.get(name, "")
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


def draft_of(snapshot: Snapshot, base_revision: int, comment: str = "") -> Draft:
    """What the form shows for a saved topic."""
    texts = snapshot.get("texts", {})
    aliases: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for lang, name in snapshot.get("aliases", []):
        aliases.setdefault(lang, []).append(name)
    return {
        "texts": {lang: {f: texts.get(lang, {}).get(f, "") for f in TEXT_FIELDS}
                  for lang in LANGUAGES},
        "aliases": {lang: "\n".join(names) for lang, names in aliases.items()},
        "tags": ", ".join(snapshot.get("tags", [])),
        "categories": ", ".join(snapshot.get("categories", [])),
        "level": snapshot.get("level") or "", "kind": snapshot.get("kind") or "concept",
        "slug": snapshot.get("slug", ""), "comment": comment, "base_revision": base_revision,
    }


def draft_from_form(form: Mapping[str, Any]) -> Draft:
    """What the editor submitted, as the form shows it again (nothing typed is dropped)."""
    return {
        "texts": {lang: {f: _get(form, f"texts.{lang}.{f}") for f in TEXT_FIELDS}
                  for lang in LANGUAGES},
        "aliases": {lang: _get(form, f"aliases.{lang}") for lang in LANGUAGES},
        "tags": _get(form, "tags"), "categories": _get(form, "categories"),
        "level": _get(form, "level"), "kind": _get(form, "kind") or "concept",
        "slug": _get(form, "slug"), "comment": _get(form, "comment"),
        "base_revision": _get(form, "base_revision"),
    }


def _items(text: str, split: re.Pattern[str] = _LIST_SPLIT) -> list[str]:
    return [part.strip() for part in split.split(text) if part.strip()]


def fields_of(draft: Draft) -> dict[str, Any]:
    """The draft as the body of an EditRequest / CreateRequest (every field given, so the
    form's state is the topic's state)."""
    return {
        "texts": draft["texts"],
        "aliases": {lang: _items(value, _LINES) for lang, value in draft["aliases"].items()},
        "tags": _items(draft["tags"]), "categories": _items(draft["categories"]),
        "level": draft["level"] or None, "kind": draft["kind"],
        "comment": draft["comment"],
    }
