"""Pure rules of the review workflow: what kind of doubt an import's review reason is, which
actions fit it, and what a merge makes of two snapshots.

The importers word their doubts in a few fixed shapes (importers/pipeline.py for near
names, importers/_gloss_*.py and tagpage.py for the rest); `kind_of` reads them back so a
reviewer is offered the actions that fit: a near name wants a merge, a guessed title a
rename, a Chinese text that names no term an attachment to its English topic.
"""

from __future__ import annotations

import copy
import re
from enum import StrEnum

from aiwiki.domain.enums import Status
from aiwiki.domain.names import normalize_name
from aiwiki.domain.snapshots import TEXT_FIELDS, Snapshot, normalized

_NEAR = re.compile(r"^may be the same concept as “.*” \(/t/(?P<slug>[a-z0-9-]+)\)")
_ZH_ONLY = re.compile(r"^Chinese text names no term")
_TITLE = re.compile(
    r"(provisional title|best guess|plausible names|dropped the generic head word|"
    r"does not start with a letter|named after)"
)


class ItemKind(StrEnum):
    """What a review item asks a human to decide."""

    DUPLICATE = "duplicate"  # two topics may be one: merge them or say they differ
    CHINESE_ONLY = "chinese_only"  # a Chinese text naming no term: attach it to its topic
    TITLE = "title"  # the title is a guess: rename or confirm it
    READING = "reading"  # a line was read by its shape or position: confirm or fix


class Action(StrEnum):
    MERGE = "merge"
    RENAME = "rename"
    ATTACH = "attach"
    DISMISS = "dismiss"


ACTIONS: dict[ItemKind, tuple[Action, ...]] = {
    ItemKind.DUPLICATE: (Action.MERGE, Action.DISMISS),
    ItemKind.CHINESE_ONLY: (Action.ATTACH, Action.RENAME, Action.DISMISS),
    ItemKind.TITLE: (Action.RENAME, Action.DISMISS),
    ItemKind.READING: (Action.RENAME, Action.DISMISS),
}


def kind_of(reason: str) -> ItemKind:
    """The kind of doubt a review reason states (READING for any shape not known)."""
    if _NEAR.match(reason):
        return ItemKind.DUPLICATE
    if _ZH_ONLY.match(reason):
        return ItemKind.CHINESE_ONLY
    if _TITLE.search(reason):
        return ItemKind.TITLE
    return ItemKind.READING


def other_slug(reason: str) -> str | None:
    """The slug a near-name reason points at (the likely survivor of a merge)."""
    match = _NEAR.match(reason)
    return match["slug"] if match else None


def merged(survivor: Snapshot, loser: Snapshot) -> Snapshot:
    """The survivor after absorbing the loser: each text field it lacks (per language)
    comes from the loser, never overwriting one it has; the loser's titles and aliases
    become aliases (so the names keep finding it); tags and categories are the union; a
    level it lacks is the loser's."""
    result = copy.deepcopy(survivor)
    for lang, fields in loser["texts"].items():
        mine = result["texts"].setdefault(lang, dict.fromkeys(TEXT_FIELDS, ""))
        for field in TEXT_FIELDS:
            if not mine.get(field) and fields.get(field):
                mine[field] = fields[field]
    result["aliases"] = [*result["aliases"], *_names_of(loser)]
    result["aliases"] = [pair for pair in result["aliases"] if not _is_title(result, pair)]
    result["tags"] = [*result["tags"], *loser["tags"]]
    result["categories"] = [*result["categories"], *loser["categories"]]
    result["level"] = result["level"] or loser["level"]
    return normalized(result)


def _names_of(snapshot: Snapshot) -> list[list[str]]:
    titles = [[lang, t["title"]] for lang, t in snapshot["texts"].items() if t.get("title")]
    return [*titles, *(list(pair) for pair in snapshot["aliases"])]


def _is_title(snapshot: Snapshot, pair: list[str]) -> bool:
    lang, name = pair
    title = snapshot["texts"].get(lang, {}).get("title", "")
    return bool(title) and normalize_name(title) == normalize_name(name)


def tombstone(loser: Snapshot, slug: str) -> Snapshot:
    """The loser after a merge: deleted, at a slug of its own (its old one now redirects to
    the survivor), its names, tags and categories handed over; its texts stay in its
    history and on the row, so an undo has everything back."""
    return normalized({**copy.deepcopy(loser), "slug": slug, "status": str(Status.DELETED),
                       "aliases": [], "tags": [], "categories": []})


def only_chinese(snapshot: Snapshot) -> bool:
    """A topic whose only text is Chinese: what "attach" folds into an English topic."""
    return set(snapshot["texts"]) == {"zh"}


def tombstone_slug(topic_id: int) -> str:
    return f"merged-{topic_id}"
