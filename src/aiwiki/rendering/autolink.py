"""Link the first mention of each other topic in rendered HTML.

A text is cut into words: runs of Latin-script letters and digits, and single other
characters (CJK, punctuation), spaces aside. A name is a run of words; it may start at any
word and must end at the end of one, so Latin-script names keep word boundaries while CJK
names match anywhere, since those scripts put no spaces between words. At each start the
longest name that fits wins ("KV cache" over "cache"). Short acronyms ("MoE", "RAG") and
very short capitalised names ("Go") match only in their own case, so the English words
"rag" and "go" are not linked. A span claimed by a name is never re-read for a shorter one,
even when the longer name is not linked (already linked, or the page itself).

Names are not held as Python objects: a million of them took 570 MB and 16 s to build
that way. A `NameIndex` keeps a 64-bit hash of each name beside its topic's id in two
sorted arrays (12 bytes a name) and, for each first word, the length of the longest name
it starts. Own-case names are filed as written, the rest folded, so the first entry of a
span's hash is usually the topic that wins it. Linking hashes each span that could be a
name, then asks a `Resolve` callable (the database, in the service) for the names of just
those first topics, in one call, and links a span only where a real name equals it: a
hash collision costs another round of rows, never a wrong link.
"""

from __future__ import annotations

import copy
import html as htmllib
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol
from urllib.parse import quote

from aiwiki.rendering._html import SkipTracker, chunks

# fmt: off
SKIP_ELEMENTS = frozenset({
    "a", "code", "pre", "kbd", "samp", "math", "script", "style", "h1", "h2", "h3", "h4",
    "h5", "h6",
})
# fmt: on
ACRONYM_MAX_LENGTH = 6
SHORT_NAME_LENGTH = 3
MIN_NAME_LENGTH = 2

_CJK_RANGES = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
# \w is str.isalnum() or "_", and \S is not str.isspace(): the same tests str.split() uses
_WORD = re.compile(rf"[^\W{_CJK_RANGES}]+|\S")  # a Latin-script run, or one other character
_MASK = (1 << 64) - 1

HashName = Callable[[str], int]


class Linked(NamedTuple):
    """Linked HTML and the slugs it now links to."""

    html: str
    slugs: frozenset[str]


class NameRow(NamedTuple):
    """One name of a topic as a `Resolve` returns it; ``title`` goes in the link's tooltip."""

    topic_id: int
    name: str
    slug: str
    title: str
    is_alias: bool = False


Resolve = Callable[[Collection[int]], Iterable[NameRow]]
"""Every name of some topics. Between topics the index settles which wins a shared name
(titles over aliases, then the lower id); within one topic's titles, or its aliases, the
earlier row does."""


class _Target(NamedTuple):
    slug: str
    title: str


def _is_acronym(name: str) -> bool:
    """Names matched in their own case only.

    Short names with two or more capitals ("MoE", "RAG", "ZeRO", "LoRA"), and very short
    capitalised ones ("Go", "Pi"), since lower-cased they are ordinary words.
    """
    if " " in name or len(name) > ACRONYM_MAX_LENGTH:
        return False
    capitals = sum(map(str.isupper, name))
    return capitals >= 2 or (capitals == 1 and len(name) <= SHORT_NAME_LENGTH)


class NameIndex:
    """Which topics may have a name, by the name's hash: 12 bytes a name.

    Two parallel arrays sorted by hash: the hashes, and (topic id << 1 | is alias). Beside
    them, for each first word, the length of the longest name it starts, so a scan tries
    only spans that could be names. Built once from ``(surface name, topic id, is
    alias)``; read-only after, so threads share it.
    """

    __slots__ = ("_entries", "_firsts", "_hash", "_hashes", "_longest")

    def __init__(self, names: Iterable[tuple[str, int, bool]], hash_name: HashName = hash) -> None:
        self._hash = hash_name
        hashes, entries, longest = _hash_names(names, hash_name)
        # Each pair is sorted as one int: a third of the memory of a tuple and three times
        # as fast. Made after streaming, the ints lie together in memory: faster still.
        shift = max(entries, default=0).bit_length()
        pairs = zip(hashes, entries, strict=True)
        keys = sorted([hashed << shift | entry for hashed, entry in pairs])
        del hashes, entries, pairs
        low = (1 << shift) - 1
        self._hashes = array("Q", (key >> shift for key in keys))
        self._entries = array("I" if shift <= 32 else "Q", (key & low for key in keys))
        del keys
        firsts = sorted(longest)
        self._firsts = array("Q", firsts)
        self._longest = array("I", [longest[first] for first in firsts])

    def __len__(self) -> int:
        return len(self._hashes)

    @property
    def nbytes(self) -> int:
        """Bytes held in the arrays."""
        arrays = (self._hashes, self._entries, self._firsts, self._longest)
        return sum(len(a) * a.itemsize for a in arrays)

    def longest(self, word: str) -> int:
        """The length of the longest name starting with the word ``word`` (folded); 0 if none."""
        at = _find(self._firsts, self._hash(word) & _MASK)
        return self._longest[at] if at >= 0 else 0

    def entries(self, key: str) -> list[tuple[int, bool]]:
        """(topic id, is alias) of each name that may be filed under ``key``, in precedence
        order (hashes can collide)."""
        hashed = self._hash(key) & _MASK
        at = _find(self._hashes, hashed)
        if at < 0:
            return []
        end = at + 1
        while end < len(self._hashes) and self._hashes[end] == hashed:
            end += 1
        found = [(entry & 1, entry >> 1) for entry in self._entries[at:end]]
        return [(topic_id, bool(alias)) for alias, topic_id in sorted(found)]


class Names(Protocol):
    """What a linker asks of its names: a `NameIndex`, or several read as one."""

    def longest(self, word: str) -> int: ...

    def entries(self, key: str) -> list[tuple[int, bool]]: ...


class LayeredNames:
    """Several name indexes read as one: a large one built once and a small one of the
    topics changed since, so a write costs a rebuild of what it changed, not of every name.

    An entry the large index keeps for a name since renamed is harmless: a linker links a
    span only where the topic's real name, read from the database, equals it.
    """

    __slots__ = ("_layers",)

    def __init__(self, *layers: NameIndex) -> None:
        self._layers = layers

    def __len__(self) -> int:
        return sum(map(len, self._layers))

    def longest(self, word: str) -> int:
        return max((layer.longest(word) for layer in self._layers), default=0)

    def entries(self, key: str) -> list[tuple[int, bool]]:
        found = {entry for layer in self._layers for entry in layer.entries(key)}
        return sorted(found, key=lambda entry: (entry[1], entry[0]))  # titles, then oldest


def _hash_names(
    names: Iterable[tuple[str, int, bool]], hash_name: HashName
) -> tuple[array[int], array[int], dict[int, int]]:
    """Each name's hash and entry (topic id << 1 | is alias), and for each first word's hash
    the longest name it starts. The hot loop of a build, hence `_name_key` inlined."""
    hashes, entries = array("Q"), array("Q")
    longest: dict[int, int] = {}
    first_word = _WORD.match
    for surface, topic_id, is_alias in names:
        name = " ".join(surface.split())
        if len(name) < MIN_NAME_LENGTH:
            continue
        folded = name.lower()
        if len(folded) != len(name):
            folded = _fold(name)
        first = hash_name(first_word(folded)[0]) & _MASK  # type: ignore[index]
        if longest.get(first, 0) < len(folded):
            longest[first] = len(folded)
        exact = " " not in name and len(name) <= ACRONYM_MAX_LENGTH and _is_acronym(name)
        hashes.append(hash_name(name if exact else folded) & _MASK)
        entries.append(topic_id << 1 | is_alias)
    return hashes, entries, longest


def _find(keys: array[int], key: int) -> int:
    at = bisect_left(keys, key)
    return at if at < len(keys) and keys[at] == key else -1


_Key = tuple[str, str, bool]  # (filed under, folded, matched in its own case)


def _name_key(surface: str) -> _Key | None:
    """How a name is filed, or None for a name too short to link. Names matched in their own
    case are filed as written (collapsed), the rest folded."""
    name = " ".join(surface.split())
    if len(name) < MIN_NAME_LENGTH:
        return None
    folded, exact = _fold(name), _is_acronym(name)
    return (name if exact else folded), folded, exact


@dataclass(slots=True)
class _Scan:
    """One text run and its candidate spans: first word -> [(last word, folded span, the
    span as written if it could be an own-case name)], longest first."""

    escaped: str
    text: str
    origin: list[int]
    starts: list[int]
    ends: list[int]
    hits: dict[int, list[tuple[int, str, str | None]]] = field(default_factory=dict)

    def mention(self, first: int, last: int) -> tuple[int, int]:
        """Where words ``first`` to ``last`` lie in the text."""
        return self.origin[self.starts[first]], self.origin[self.ends[last] - 1] + 1


@dataclass(slots=True)
class _Group:
    """The index entries a key's hash matched, and the first whose topic really has it."""

    entries: list[tuple[int, bool]]
    tried: int = 0
    target: _Target | None = None


class Linker:
    """Links mentions of known topic names to ``/t/<slug>``.

    ``Linker(names)`` holds ``{surface name: (slug, title)}`` (titles and aliases, any
    language) in memory; `Linker.over` links from a `NameIndex` and a `Resolve`, which is
    how the site does it. Build one and reuse it: building costs far more than linking.
    """

    _index: Names
    _resolve: Resolve
    _excluded: frozenset[str]

    def __init__(
        self, names: Mapping[str, tuple[str, str]], *, hash_name: HashName = hash
    ) -> None:
        rows = [NameRow(i, name, *target) for i, (name, target) in enumerate(names.items())]
        self._index = NameIndex(((row.name, row.topic_id, False) for row in rows), hash_name)
        self._resolve = lambda ids: [rows[i] for i in sorted(ids)]
        self._excluded = frozenset()

    @classmethod
    def over(cls, index: Names, resolve: Resolve) -> Linker:
        """A linker that keeps only ``index`` and asks ``resolve`` for the few topics a text
        may mention."""
        linker = cls.__new__(cls)
        linker._index, linker._resolve, linker._excluded = index, resolve, frozenset()
        return linker

    def excluding(self, *slugs: str) -> Linker:
        """A linker sharing this one's names that never links to ``slugs`` (the page itself)."""
        view = copy.copy(self)
        view._excluded = self._excluded | frozenset(slugs)
        return view

    def link(self, html: str, exclude_slug: str | None = None) -> Linked:
        """Link the first mention of each topic in the text of ``html``."""
        excluded = self._excluded | ({exclude_slug} if exclude_slug else set())
        skip = SkipTracker(SKIP_ELEMENTS)
        pieces: list[str | _Scan] = []
        groups: dict[_Key, _Group] = {}
        for chunk in chunks(html):
            if chunk.is_tag:
                skip.feed(chunk.text)
            if chunk.is_tag or skip.inside:
                pieces.append(chunk.text)
            else:
                scan = self._scan(chunk.text, groups)
                pieces.append(scan if scan.hits else chunk.text)
        _settle(groups, self._resolve)
        targets = {key: group.target for key, group in groups.items() if group.target}
        linked: set[str] = set()
        out = [
            piece if isinstance(piece, str) else _link_scan(piece, targets, excluded, linked)
            for piece in pieces
        ]
        return Linked("".join(out), frozenset(linked))

    def _scan(self, escaped: str, groups: dict[_Key, _Group]) -> _Scan:
        """Find every span of a text run whose hash is a name's, filing its entries in
        ``groups``."""
        text = htmllib.unescape(escaped)
        folded, origin = _collapse(_fold(text))  # names hold single spaces; texts may not
        words = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
        scan = _Scan(escaped, text, origin, [s for s, _ in words], [e for _, e in words])
        ends = scan.ends
        for first, start in enumerate(scan.starts):
            most = self._index.longest(folded[start : ends[first]])
            if not most:
                continue
            reach = first
            while reach + 1 < len(ends) and ends[reach + 1] - start <= most:
                reach += 1
            found: list[tuple[int, str, str | None]] = []
            for last in range(reach, first - 1, -1):
                span = folded[start : ends[last]]
                written = self._written(scan, first, last, span)
                folded_hit = self._lookup((span, span, False), groups)
                if (written and self._lookup((written, span, True), groups)) or folded_hit:
                    found.append((last, span, written))
            if found:
                scan.hits[first] = found
        return scan

    @staticmethod
    def _written(scan: _Scan, first: int, last: int, span: str) -> str | None:
        """The span as written, if it could be a name matched in its own case."""
        if " " in span or len(span) > ACRONYM_MAX_LENGTH:
            return None
        start, end = scan.mention(first, last)
        written = scan.text[start:end]
        return written if _is_acronym(written) else None

    def _lookup(self, key: _Key, groups: dict[_Key, _Group]) -> bool:
        """Whether any name may have ``key``, remembering its entries in ``groups``."""
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(self._index.entries(key[0]))
        return bool(group.entries)


def _settle(groups: dict[_Key, _Group], resolve: Resolve) -> None:
    """Give each group the target of its first entry whose topic really has the key.

    Usually one call to ``resolve``: each round fetches the next entries of the groups
    not settled yet (after a hash collision), twice as many each time."""
    names: dict[tuple[int, bool], list[NameRow]] = {}
    fetched: set[int] = set()
    pending = [(key, group) for key, group in groups.items() if group.entries]
    batch = 1
    while pending:
        wanted = {t for _, g in pending for t, _ in g.entries[g.tried : g.tried + batch]}
        for row in resolve(wanted - fetched) if wanted - fetched else ():
            names.setdefault((row.topic_id, row.is_alias), []).append(row)
        fetched |= wanted
        for key, group in pending:
            group.target = _first_having(key, group, names, batch)
            group.tried += batch
        pending = [(k, g) for k, g in pending if g.target is None and g.tried < len(g.entries)]
        batch *= 2


def _first_having(
    key: _Key, group: _Group, names: dict[tuple[int, bool], list[NameRow]], batch: int
) -> _Target | None:
    for entry in group.entries[group.tried : group.tried + batch]:
        for row in names.get(entry, ()):
            if _name_key(row.name) == key:
                return _Target(row.slug, row.title)
    return None


def _link_scan(
    scan: _Scan, targets: dict[_Key, _Target], excluded: frozenset[str], linked: set[str]
) -> str:
    pieces: list[str] = []
    last = 0
    for start, end, target in _find_mentions(scan, targets):
        if target.slug in excluded or target.slug in linked:
            continue
        linked.add(target.slug)
        pieces.append(htmllib.escape(scan.text[last:start], quote=False))
        pieces.append(_anchor(target, scan.text[start:end]))
        last = end
    if not pieces:
        return scan.escaped
    pieces.append(htmllib.escape(scan.text[last:], quote=False))
    return "".join(pieces)


def _find_mentions(scan: _Scan, targets: dict[_Key, _Target]) -> Iterator[tuple[int, int, _Target]]:
    """Yield (start, end, target) in the text for each non-overlapping longest mention: at
    each start the longest span a name has, a name in its own case before a folded one."""
    next_word = 0
    for first in sorted(scan.hits):
        if first < next_word:
            continue
        for last, span, written in scan.hits[first]:
            target = targets.get((written, span, True)) if written else None
            target = target or targets.get((span, span, False))
            if target:
                start, end = scan.mention(first, last)
                yield start, end, target
                next_word = last + 1
                break


def _collapse(folded: str) -> tuple[str, list[int]]:
    """`folded` with each run of whitespace as one space, and for each of its characters
    the index it came from."""
    if "  " not in folded and not any(c.isspace() and c != " " for c in folded):
        return folded, list(range(len(folded) + 1))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(folded):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        origin.append(index)
    origin.append(len(folded))
    return "".join(chars), origin


def _fold(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets stay valid."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _anchor(target: _Target, mention: str) -> str:
    href = "/t/" + quote(target.slug, safe="")
    title = htmllib.escape(target.title, quote=True)
    return f'<a href="{href}" class="autolink" title="{title}">{htmllib.escape(mention, False)}</a>'
