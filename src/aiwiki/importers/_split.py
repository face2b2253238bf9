"""Split a tag-page line where the title was glued to its summary.

`Sous-Vide Scheduling (SVS)SVS plans bath times...` lost the separator between title and
summary. No single rule recovers it (titles end in `?`, `)`, `++` or an acronym; summaries
open with a quote, a lowercase name, an imperative verb, a citation), so every glued
position is a candidate, each is scored on independent clues, and the best wins. When the
best is not clearly ahead of the runner-up the caller gets a review reason instead of a
silent guess.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from aiwiki.importers._text import word_set

# Clear-cut winners score far above this margin; anything closer is reported for review.
CONFIDENT_MARGIN = 3.0
MAX_TITLE_CHARS = 160

# Words that open an English sentence but never end a title.
_OPENERS = word_set(
    "a an the in at on for since two three these this those when while it its each every "
    "many most some unlike instead given by as if with from one"
)
# Small words a Title Case title may keep lowercase.
_CONNECTORS = word_set("a an and as at by for from in into of on or the to vs via with")
_OPEN_QUOTES = "“‘\"'«"
_BAD_TITLE_END = "-/&,:;([{“‘\"'"
_BAD_SUMMARY_START = ")]}-,.;:/&+*=!?…’”"
_WORD = re.compile(r"[^\W_]+")
_STRONG_MARK = re.compile(r"[)?][^\s)?,.;:]")
# A title glued to a sentence opener ('...WhiskA small tool'), left in a summary.
_GLUED_OPENER = re.compile(r"[a-z0-9)](?:A|An|The|In|At|These|This|When|Since|Two)\s")
_CAMEL_JOIN = re.compile(r"[a-z][A-Z][a-z]")  # 'NetworksOkafor': a title glued to a name
_PLAIN_WORD = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)*[,.]?")


@dataclass(frozen=True)
class Split:
    """The chosen title/summary and how sure the splitter is."""

    title: str
    summary: str
    score: float
    margin: float  # best score minus runner-up; inf when there was one candidate

    @property
    def confident(self) -> bool:
        return self.margin >= CONFIDENT_MARGIN


def split_title(content: str) -> Split | None:
    """Best (title, summary) split of a glued line, or None when no position is plausible."""
    scored = sorted(
        ((score_boundary(content, i), i) for i in candidate_boundaries(content)),
        reverse=True,
    )
    if not scored:
        return None
    best_score, best = scored[0]
    margin = best_score - scored[1][0] if len(scored) > 1 else float("inf")
    return Split(content[:best].rstrip(), content[best:].lstrip(), best_score, margin)


def candidate_boundaries(content: str) -> list[int]:
    """Positions inside a word (nothing glues across a space) that pass the hard rules."""
    limit = min(len(content) - 1, MAX_TITLE_CHARS)
    return [i for i in range(1, limit + 1) if _allowed(content, i)]


def _allowed(content: str, i: int) -> bool:
    left, right = content[i - 1], content[i]
    if left.isspace() or right.isspace() or left in _BAD_TITLE_END:
        return False
    if right in "'’" and content[i + 1 : i + 2].isalpha():
        return False  # a possessive or contraction: "pan|'s handle"
    if right in _BAD_SUMMARY_START:
        return False
    if right.isalpha() and right.islower() and not _restates(content, i):
        return False  # a summary opens in lowercase only to repeat a name: 'vLLM is...'
    title = content[:i]
    return title.count("(") == title.count(")") and not _STRONG_MARK.search(title)


def score_boundary(content: str, i: int) -> float:
    """Sum of independent clues; each term is small so no single clue decides alone."""
    title, summary = content[:i], content[i:]
    restated = restatement(title, summary)
    score = 3.0 * min(restated, 4)
    if summary.casefold().startswith(title.casefold()):
        score += 4.0  # 'SALTSALT is': the whole title, letter for letter
    score += _boundary_shape(content, i, restated)
    score += _opener_score(summary, restated)
    score += _title_shape(title)
    score -= _leftover_marks(summary)
    score -= _capital_run(summary, restated)
    score -= _cut_name(title, summary)
    return score


def _cut_name(title: str, summary: str) -> float:
    """A cut through a name that the line repeats: 'Grain|Net DatasetGrainNet is...'.

    The name may be the whole glued word ('GrainNet') or its CamelCase tail ('GrainNet' in
    'GrainNet Photo SetsGrain|Net'); either way it occurs twice in the line.
    """
    if not summary or not title.split():
        return 0.0
    last, head = title.split()[-1], summary.split()[0]
    line = (title + summary).casefold()
    for cut in [0, *(m.start() for m in re.finditer(r"(?<=[a-z])(?=[A-Z])", last))]:
        name = (last[cut:] + head).casefold()
        if len(name) > 3 and line.count(name) >= 2:
            return 4.0
    return 0.0


def _boundary_shape(content: str, i: int, restated: int) -> float:
    left, right = content[i - 1], content[i]
    if left in ")?" or right in _OPEN_QUOTES:
        return 4.0  # nothing inside a title glues to `)` or `?`, or opens a quote
    if left.islower() and (right.isupper() or right.isdigit()):
        return 1.0
    head = content[i:].split(" ", 1)[0]
    if left.isupper() and right.isupper() and not restated and not _PLAIN_WORD.fullmatch(head):
        return -2.0  # cutting an acronym in two: 'K|V Cache', 'FRY|NAn'
    if right.isdigit() and (left.isdigit() or left.isupper()):
        return -3.0  # cutting a number or a unit: 'PH2|5', 'FP|8'
    return 0.0


def _opener_score(summary: str, restated: int) -> float:
    first = summary.split(" ", 1)[0]
    bare = first.strip(_OPEN_QUOTES)
    if bare.casefold() in _OPENERS:
        return 2.0
    if restated:
        return 0.0
    if _PLAIN_WORD.fullmatch(bare):
        return 1.0  # a plain capitalised word such as an imperative 'Split' or 'Methods'
    if re.fullmatch(r"\d[\w.,%-]*", bare):
        return 0.5
    return -2.0  # 'YNAn', 'ALTSALT', 'TOver': a fragment, not a word


def _title_shape(title: str) -> float:
    words = title.split()
    if len(title) < 2:
        return -4.0
    if len(words) == 1 and len(title) <= 3 and not title.isupper():
        return -2.0
    lowercase = [w for w in words[1:] if w[:1].islower() and w.casefold() not in _CONNECTORS]
    if title.startswith(("What ", "How ", "Why ")):
        return 0.0
    too_long = max(0, len(words) - 10) * 0.5
    return -too_long - (1.0 * len(lowercase) if len(lowercase) > 1 else 0.0)


def _leftover_marks(summary: str) -> float:
    """A summary that still contains a glued ')X', '?X' or 'wordThe ' was cut too early."""
    head = summary[:MAX_TITLE_CHARS]
    return 4.0 if _STRONG_MARK.search(head) or _GLUED_OPENER.search(head) else 0.0


def _capital_run(summary: str, restated: int) -> float:
    """Summaries turn lowercase within a word or two; a long Title Case run is title left over."""
    run = 0
    for word in summary.split()[:8]:
        if not word[:1].isupper() and word not in "&/":
            break
        run += 1
    extra = run - max(restated, 1) - 1
    glued = any(_CAMEL_JOIN.search(word) for word in summary.split()[1:4])
    return (1.0 * extra if extra > 0 else 0.0) + (1.5 if glued else 0.0)


def restatement(title: str, summary: str) -> int:
    """How many leading words of the summary repeat the title (or a part of it)."""
    said = _words(summary)
    if said and said[0] in ("a", "an", "the"):
        said = said[1:]
    best = 0
    for variant in _title_variants(title):
        best = max(best, _run_length(variant, said))
    return best


def _restates(content: str, i: int) -> bool:
    """Cheap pre-check first: the summary's first word must start a word of the title."""
    opening = content[i : i + 60].split()[:2]
    if opening and opening[0] in ("a", "an", "the"):
        opening = opening[1:]
    head = _words(opening[0])[:1] if opening else []
    if not head or not _starts_a_word(_stem(head[0]), content[:i].casefold()):
        return False
    return restatement(content[:i], content[i:]) > 0


def _starts_a_word(word: str, text: str) -> bool:
    position = text.find(word)
    while position != -1:
        if position == 0 or not text[position - 1].isalnum():
            return True
        position = text.find(word, position + 1)
    return False


def _run_length(title_words: list[str], said: list[str]) -> int:
    """Longest run of `said` from its start that equals consecutive title words."""
    best = 0
    for start, word in enumerate(title_words):
        if not said or _stem(word) != _stem(said[0]):
            continue
        n = 0
        while (
            start + n < len(title_words)
            and n < len(said)
            and _stem(title_words[start + n]) == _stem(said[n])
        ):
            n += 1
        best = max(best, n)
    return best


def _title_variants(title: str) -> list[list[str]]:
    plain = title.rstrip("?")
    variants = [_words(plain), _words(re.sub(r"\([^()]*\)", " ", plain))]
    variants += [_words(inner) for inner in re.findall(r"\(([^()]*)\)", plain)]
    question = re.match(r"(?i)(what|how|why) (is|are|does|do) (an? |the )?(.*)", plain)
    if question:
        variants.append(_words(question.group(4)))
    return [v for v in variants if v]


def _words(text: str) -> list[str]:
    return list(_cached_words(text))


@functools.lru_cache(maxsize=65_536)
def _cached_words(text: str) -> tuple[str, ...]:
    """Every candidate boundary re-reads the same title and summary words: fold them once."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("’", "")
    return tuple(_WORD.findall(folded))


@functools.lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word
