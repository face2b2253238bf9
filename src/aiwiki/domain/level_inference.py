"""A level for a topic that has none, from its place among the links and from its words.

Pure and deliberately simple, so that a reader can be told why: a topic that many others
mention and that builds on few is foundational (beginner); one that builds on many, on
advanced topics, or is written in formulas and acronyms is advanced. It is a guess,
always shown as one ("inferred"), and never replaces a level a page or an editor gave.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from aiwiki.domain.enums import Level

BEGINNER_BELOW = 0.8
ADVANCED_FROM = 1.45
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*$")
_MATH = re.compile(r"\\\(|\\\[|\$[^$\s]")
BEGINNER_CUES = ("basic", "simple", "introduc", "everyday", "fundamental", "common", "intuiti")
ADVANCED_CUES = ("variant", "extension", "approximat", "theorem", "hessian", "asymptot",
                 "second-order", "bound", "kernel", "preconditi", "stochastic")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the guess rests on. ``builds_on``: the level ranks of the topics this one
    mentions that have a level (given, not inferred); counts of links out and in."""

    builds_on: Sequence[int]
    links_out: int
    links_in: int
    text: str


def score(evidence: Evidence) -> float:
    """0 (as basic as it gets) .. about 2 (advanced)."""
    o, i = evidence.links_out, evidence.links_in
    foundational = (i - o) / (i + o + 2)
    value = 1.0 - 0.9 * foundational + _vocabulary(evidence.text)
    if evidence.builds_on:
        value = max(value, sum(evidence.builds_on) / len(evidence.builds_on) + 0.5)
    return min(max(value, 0.0), 2.5)


def infer_level(evidence: Evidence) -> Level:
    value = score(evidence)
    if value < BEGINNER_BELOW:
        return Level.BEGINNER
    return Level.ADVANCED if value >= ADVANCED_FROM else Level.INTERMEDIATE


def _vocabulary(text: str) -> float:
    """Formulas, acronyms, long words and advanced cue words raise it; plain cues lower it."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    lowered = text.lower()
    acronyms = sum(1 for w in words if len(w) >= 2 and _ACRONYM.match(w)) / len(words)
    length = sum(map(len, words)) / len(words)
    cues = sum(c in lowered for c in ADVANCED_CUES) - sum(c in lowered for c in BEGINNER_CUES)
    return (0.5 * bool(_MATH.search(text)) + 1.5 * acronyms + 0.12 * (length - 5.5)
            + 0.2 * cues)
