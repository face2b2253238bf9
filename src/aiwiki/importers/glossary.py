"""Read a glossary page whose term names were lost, recovering each name from its text.

Three passes: (1) names that are sure on their own form the letter-group backbone
(`_letters`); (2) every entry is named again with candidates limited to its letter group;
(3) Chinese lines are attached to the English entry they translate when that is certain
(same distinctive Latin name, on an adjacent line), otherwise they become Chinese-only
topics. Every doubt becomes a review reason; a wrong title without one is the failure this
module is built to avoid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiwiki.domain.enums import Kind
from aiwiki.importers._gloss_kind import kind_of, text_aliases
from aiwiki.importers._gloss_lines import ChineseItem, EnglishEntry, Item, parse_items
from aiwiki.importers._gloss_names import Candidate, Naming, candidates, choose, sure_name
from aiwiki.importers._gloss_zh import ZhName, mentions, provisional_name
from aiwiki.importers._letters import LetterGroups, letter_groups
from aiwiki.importers._text import Line, content_lines
from aiwiki.importers.drafts import ImportBatch, SourceRef, TextDraft, TopicDraft

FORMAT = "glossary"


@dataclass
class _Named:
    """An item with its recovered title and the Chinese lines attached to it."""

    item: Item
    title: str
    doubts: list[str]
    plural: str = ""
    attached: list[ChineseItem] = field(default_factory=list)
    attach_doubts: list[str] = field(default_factory=list)


def read(file: str, text: str) -> ImportBatch:
    """One TopicDraft per English entry and per Chinese item not attached to one."""
    items = parse_items(file, content_lines(file, text))
    found = [
        candidates(item.definition.text, item.why_text) if isinstance(item, EnglishEntry) else []
        for item in items
    ]
    groups = letter_groups([_sure_title(item, found[i]) for i, item in enumerate(items)])
    named = [_name(i, item, groups, found[i]) for i, item in enumerate(items)]
    _attach_chinese(named)
    attached = {id(zh) for entry in named for zh in entry.attached}
    topics = [
        _draft(file, entry)
        for entry in named
        if not (isinstance(entry.item, ChineseItem) and id(entry.item) in attached)
    ]
    return ImportBatch(file=file, format=FORMAT, topics=topics)


# ------------------------------------------------------------------------------ naming


def _sure_title(item: Item, found: list[Candidate]) -> str | None:
    if isinstance(item, EnglishEntry):
        return sure_name(found, item.definition.text)
    subject = _subject(item)
    return subject.name if subject and not subject.owner else None


def _name(position: int, item: Item, groups: LetterGroups, found: list[Candidate]) -> _Named:
    letters = groups.allowed(position)
    if isinstance(item, EnglishEntry):
        naming = _name_english(item, found, groups, position)
    else:
        naming = _name_chinese(item, letters)
    doubts = list(naming.doubts)
    if naming.sure and not groups.fits(position, naming.title):
        doubts.append(f"{naming.title!r} breaks the page's letter order ({letters})")
    return _Named(item, naming.title, doubts, naming.plural)


def _name_english(
    entry: EnglishEntry, found: list[Candidate], groups: LetterGroups, position: int
) -> Naming:
    naming = choose(
        found,
        lambda name: groups.fits(position, name),
        entry.definition.text,
        groups.allowed(position),
    )
    if entry.why is None:
        return Naming(naming.title, naming.plural, (*naming.doubts, "no why-it-matters line"))
    return naming


def _name_chinese(item: ChineseItem, letters: str) -> Naming:
    subject = _subject(item)
    doubts = [doubt for _, reading in item.parts for doubt in reading.doubts]
    if subject is None:
        body = item.parts[0][1].body
        guess = provisional_name(body, letters)
        return Naming(guess, doubts=(*doubts, "Chinese text names no term; provisional title"))
    if subject.owner:
        title = f"{subject.owner.split()[0]} {subject.name}"
        doubts.append(f"named after {subject.name!r}, described as a product of {subject.owner!r}")
        return Naming(title, doubts=tuple(doubts))
    return Naming(subject.name, doubts=tuple(doubts))


def _subject(item: ChineseItem) -> ZhName | None:
    for _, reading in reversed(item.parts):
        if reading.subject:
            return reading.subject
    return None


# ---------------------------------------------------------------------------- attaching


def _attach_chinese(named: list[_Named]) -> None:
    """Give an English entry the Chinese why-it-matters that translates it, when certain."""
    for index, entry in enumerate(named):
        item = entry.item
        if not isinstance(item, ChineseItem) or not item.only_why or len(item.parts) != 1:
            continue
        target = _translated_entry(named, index)
        if target is not None:
            target.attached.append(item)
            if _subject(item) is None:
                target.attach_doubts.append(
                    f"Chinese why-it-matters on line {item.lines[0].number} attached by "
                    "position only (it names no term)"
                )


def _translated_entry(named: list[_Named], index: int) -> _Named | None:
    """The adjacent English entry this Chinese line translates, if that is certain."""
    item = named[index].item
    assert isinstance(item, ChineseItem)
    line = item.lines[0].number
    subject = _subject(item)
    neighbours = [
        (named[index + 1], line + 1, "definition") if index + 1 < len(named) else None,
        (named[index - 1], line - 1, "why") if index > 0 else None,
    ]
    for neighbour in filter(None, neighbours):
        entry, expected_line, part = neighbour
        english = entry.item
        if not isinstance(english, EnglishEntry) or entry.attached:
            continue
        anchor = english.definition if part == "definition" else english.why
        if anchor is None or anchor.number != expected_line:
            continue
        text = f"{english.definition.text} {english.why_text}"
        if subject is None and part == "definition" and item.parts[0][1].marked:
            return entry
        if subject is not None and mentions(text, subject.name):
            return entry
    return None


# ----------------------------------------------------------------------------- drafting


def _draft(file: str, entry: _Named) -> TopicDraft:
    if isinstance(entry.item, EnglishEntry):
        return _english_draft(file, entry, entry.item)
    return _chinese_draft(file, entry, entry.item)


def _english_draft(file: str, entry: _Named, item: EnglishEntry) -> TopicDraft:
    definition, why = item.definition.text, item.why_text
    texts = {"en": TextDraft(title=entry.title, summary=definition, why_it_matters=why)}
    lines = list(item.lines)
    for zh in entry.attached:
        texts["zh"] = TextDraft(why_it_matters=zh.text("why"))
        lines.extend(zh.lines)
    aliases = [("en", alias) for alias in text_aliases(entry.title, definition, why)]
    if entry.plural:
        aliases.insert(0, ("en", entry.plural))
    sure = not entry.doubts
    return TopicDraft(
        texts=texts,
        sources=_sources(file, lines),
        kind=kind_of(entry.title, definition, why, title_sure=sure),
        aliases=aliases,
        review_reasons=[*entry.doubts, *entry.attach_doubts],
    )


def _chinese_draft(file: str, entry: _Named, item: ChineseItem) -> TopicDraft:
    text = TextDraft(title=entry.title, summary=item.text("def"), why_it_matters=item.text("why"))
    return TopicDraft(
        texts={"zh": text},
        sources=_sources(file, item.lines),
        kind=Kind.TERM,
        review_reasons=list(entry.doubts),
    )


def _sources(file: str, lines: list[Line]) -> list[SourceRef]:
    return [
        SourceRef(file, line.number, line.text)
        for line in sorted(lines, key=lambda item: item.number)
    ]
