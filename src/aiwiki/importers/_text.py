"""Small text helpers shared by the seed-page readers: lines, sentences, words, casing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiwiki.errors import ImportFormatError

# A line that stops without one of these was most likely cut off.
_TERMINAL = tuple(".!?。！？…)）]】\"”'’»」")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?(?:[A-Z0-9]|[a-z]+[A-Z]))")
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "et al.", "etc.", "cf.")


@dataclass(frozen=True)
class Line:
    """One non-empty source line with its 1-based number."""

    number: int
    text: str


def content_lines(file: str, text: str) -> list[Line]:
    """The non-empty lines of `text`, numbered as in the file; an empty file is an error."""
    lines = [
        Line(number, raw.strip())
        for number, raw in enumerate(text.splitlines(), start=1)
        if raw.strip()
    ]
    if not lines:
        raise ImportFormatError(file, 1, "the file is empty")
    return lines


def ends_cleanly(text: str) -> bool:
    """True when a line ends like a finished sentence (a cut-off line does not)."""
    return text.rstrip().endswith(_TERMINAL)


def require_finished(file: str, line: Line) -> None:
    """The last line of a file must end a sentence; otherwise the file was truncated."""
    if not ends_cleanly(line.text):
        raise ImportFormatError(
            file, line.number, "the line stops mid-sentence; the file looks truncated"
        )


def sentences(text: str) -> list[str]:
    """Split prose into sentences, not breaking after 'e.g.', 'vs.' or 'et al.'."""
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if parts and parts[-1].endswith(_ABBREVIATIONS):
            parts[-1] = f"{parts[-1]} {piece}"
        elif piece:
            parts.append(piece)
    return parts


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\u3000" <= ch <= "\u303f"


def mostly_cjk(text: str) -> bool:
    """A Chinese line, even one full of Latin product names: a fifth of its letters are CJK."""
    cjk = sum(is_cjk(ch) for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return cjk >= 5 and cjk * 4 >= latin


def singular(word: str) -> str:
    """English singular of a plural head noun; other words are returned unchanged."""
    if len(word) > 2 and word[-1] == "s" and word[:-1].isupper():
        return word[:-1]  # 'CNNs', 'SAEs'
    lower = word.casefold()
    if (
        len(lower) <= 3
        or lower.endswith(("ss", "us", "is", "ics", "'s", "’s"))
        or not lower.endswith("s")
    ):
        return word
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def is_mixed_case_name(word: str) -> bool:
    """'vLLM', 'xAI', 'minLSTM': a name that starts lowercase on purpose."""
    return bool(word) and word[0].islower() and any(ch.isupper() for ch in word[1:])


def as_title(phrase: str) -> str:
    """Sentence-case title: capitalise the first letter unless the word is a name like 'vLLM'."""
    phrase = phrase.strip()
    if not phrase or is_mixed_case_name(phrase.split()[0]):
        return phrase
    return phrase[0].upper() + phrase[1:]


def word_set(words: str) -> frozenset[str]:
    """A vocabulary written as one space-separated string, to keep word lists compact."""
    return frozenset(words.split())
