"""A topic's snapshot as plain data, and the pure rules for changing one.

A snapshot is what a revision stores (storage/revisions.py builds it from the rows): slug,
kind, level, status, texts per language, aliases as sorted [lang, name] pairs, sorted tag
names and category slugs. Editing computes the wanted snapshot here, without a database,
so that "does this save change anything?", "is the topic still whole?" and "what does a
rollback restore?" are answered by functions tested on tables of cases.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from aiwiki.domain.enums import DEFAULT_LANGUAGE
from aiwiki.domain.names import normalize_name

Snapshot = dict[str, Any]
TEXT_FIELDS = ("title", "summary", "why_it_matters", "body")
TextChanges = Mapping[str, Mapping[str, str]]  # lang -> field -> new value


def edited(snapshot: Snapshot, changes: Mapping[str, Any]) -> Snapshot:
    """`snapshot` with `changes` applied: "texts" merge per language and field, "aliases"
    ({lang: [names]}) replace the languages they name, any other key replaces its value."""
    result = copy.deepcopy(snapshot)
    for key, value in changes.items():
        if key == "texts":
            result["texts"] = _merged_texts(result["texts"], value)
        elif key == "aliases":
            result["aliases"] = _merged_aliases(result["aliases"], value)
        else:
            result[key] = copy.deepcopy(value)
    return normalized(result)


def _merged_texts(texts: dict[str, dict[str, str]], changes: TextChanges) -> dict[str, Any]:
    merged = {lang: dict(fields) for lang, fields in texts.items()}
    for lang, fields in changes.items():
        current = merged.setdefault(lang, dict.fromkeys(TEXT_FIELDS, ""))
        current.update(fields)
    return merged


def _merged_aliases(
    aliases: Sequence[Sequence[str]], changes: Mapping[str, Sequence[str]]
) -> list[list[str]]:
    kept = [[lang, name] for lang, name in aliases if lang not in changes]
    return kept + [[lang, name] for lang, names in changes.items() for name in names]


def normalized(snapshot: Snapshot) -> Snapshot:
    """The one spelling of a snapshot: a language whose four texts are empty is gone,
    aliases lose blanks and repeats (same language and normalised name), lists are sorted.
    A snapshot built from the rows is already normalised (the identity on it)."""
    result = dict(snapshot)
    result["texts"] = {
        lang: {field: fields.get(field, "") for field in TEXT_FIELDS}
        for lang, fields in sorted(snapshot["texts"].items())
        if any(fields.get(field) for field in TEXT_FIELDS)
    }
    result["aliases"] = _unique_aliases(snapshot["aliases"])
    result["tags"] = sorted(set(snapshot["tags"]))
    result["categories"] = sorted(set(snapshot["categories"]))
    return result


def _unique_aliases(aliases: Sequence[Sequence[str]]) -> list[list[str]]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for lang, name in aliases:
        key = (lang, normalize_name(name))
        if key[1] and key not in seen:
            seen.add(key)
            unique.append([lang, name])
    return sorted(unique)


def renamed(
    snapshot: Snapshot, slug: str, lang: str, title: str | None, keep_old_title: bool
) -> Snapshot:
    """The topic at `slug`, titled `title` in `lang` (unchanged when None); the old title
    stays an alias when `keep_old_title`, so the topic is still found by it."""
    result = edited(snapshot, {"slug": slug})
    if title is None:
        return result
    old = result["texts"].get(lang, {}).get("title", "")
    changes: dict[str, Any] = {"texts": {lang: {"title": title}}}
    if keep_old_title and old and normalize_name(old) != normalize_name(title):
        names = [name for alias_lang, name in result["aliases"] if alias_lang == lang]
        changes["aliases"] = {lang: [*names, old]}
    return edited(result, changes)


def rolled_back(current: Snapshot, target: Snapshot) -> Snapshot:
    """What a rollback to `target` writes: all its fields, but the status stays (deleting,
    restoring and review decide that, not an old revision)."""
    return normalized({**copy.deepcopy(target), "status": current["status"]})


def problems(snapshot: Snapshot) -> dict[str, str]:
    """What makes a snapshot unfit to save, by field (empty when it is fine)."""
    if not any(fields["title"] for fields in snapshot["texts"].values()):
        return {"texts": "a topic needs a title in at least one language"}
    return {}


def title_of(snapshot: Snapshot, lang: str = DEFAULT_LANGUAGE) -> str:
    """The title to show for a snapshot: in `lang`, else the first language that has one."""
    texts = snapshot.get("texts", {})
    wanted = texts.get(lang, {}).get("title")
    return str(wanted or next((t["title"] for t in texts.values() if t.get("title")), ""))
