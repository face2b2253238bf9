"""Word-level differences between two snapshots, shaped for a side-by-side view.

Each field (per language for texts and aliases; slug, kind, level, status, tags and
categories once) becomes two sides of segments: the old side holds "equal" and "delete"
runs, the new side "equal" and "insert" runs, so a template renders each side by walking
its list. Text is compared on word tokens; Chinese and Japanese, which put no spaces
between words, are compared character by character.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from aiwiki.domain.snapshots import TEXT_FIELDS, Snapshot

SegmentKind = Literal["equal", "insert", "delete"]
SCALAR_FIELDS = ("slug", "kind", "level", "status")
LIST_FIELDS = ("tags", "categories")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str


@dataclass(frozen=True)
class FieldDiff:
    """One field's two sides; `lang` is None for fields that have no language."""

    field: str
    lang: str | None
    old: list[Segment]
    new: list[Segment]

    @property
    def changed(self) -> bool:
        return any(s.kind != "equal" for s in (*self.old, *self.new))


def tokens(text: str) -> list[str]:
    """Words, runs of spaces, single punctuation marks and single CJK characters; joined
    again they give back `text` exactly."""
    return _TOKEN.findall(text)


def diff_text(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The two sides of a word-level comparison (autojunk off: a common word such as
    "the" must still line up in a long body)."""
    a, b = tokens(old), tokens(new)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(left, "equal", a[i1:i2])
            _add(right, "equal", b[j1:j2])
            continue
        _add(left, "delete", a[i1:i2])
        _add(right, "insert", b[j1:j2])
    return left, right


def _add(side: list[Segment], kind: SegmentKind, parts: Sequence[str]) -> None:
    """Append a run, joined to the previous one when it is of the same kind."""
    if not parts:
        return
    text = "".join(parts)
    if side and side[-1].kind == kind:
        side[-1] = Segment(kind, side[-1].text + text)
    else:
        side.append(Segment(kind, text))


def diff_items(old: Sequence[str], new: Sequence[str]) -> tuple[list[Segment], list[Segment]]:
    """Two lists compared as sets (tags, categories, aliases): kept items are equal,
    others deleted on the old side or inserted on the new one."""
    kept = set(old) & set(new)
    left = [Segment("equal" if item in kept else "delete", item) for item in old]
    right = [Segment("equal" if item in kept else "insert", item) for item in new]
    return left, right


def diff_snapshots(old: Snapshot, new: Snapshot) -> list[FieldDiff]:
    """Every field of two snapshots, metadata first, then each language's texts and
    aliases; unchanged fields are included (a view may show or fold them)."""
    fields = [_scalar(name, old, new) for name in SCALAR_FIELDS]
    fields += [FieldDiff(name, None, *diff_items(old[name], new[name])) for name in LIST_FIELDS]
    for lang in sorted(set(old["texts"]) | set(new["texts"])):
        fields += [_text(name, lang, old, new) for name in TEXT_FIELDS]
    for lang in sorted({a for a, _ in old["aliases"]} | {a for a, _ in new["aliases"]}):
        fields.append(FieldDiff("aliases", lang, *diff_items(
            _names(old, lang), _names(new, lang))))
    return fields


def _scalar(name: str, old: Snapshot, new: Snapshot) -> FieldDiff:
    return FieldDiff(name, None, *diff_text(old.get(name) or "", new.get(name) or ""))


def _text(name: str, lang: str, old: Snapshot, new: Snapshot) -> FieldDiff:
    before = old["texts"].get(lang, {}).get(name, "")
    after = new["texts"].get(lang, {}).get(name, "")
    return FieldDiff(name, lang, *diff_text(before, after))


def _names(snapshot: Snapshot, lang: str) -> list[str]:
    return [name for alias_lang, name in snapshot["aliases"] if alias_lang == lang]
