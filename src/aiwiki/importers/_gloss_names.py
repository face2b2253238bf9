"""Recover the lost term name of an English glossary entry from its own two sentences.

Every noun phrase that could be the name becomes a candidate and collects evidence: being
the subject of a why-it-matters sentence ('Dropout is the simplest defense...'), being the
subject of a definition sentence, being a capitalised name the why-it-matters mentions
('...you use Hugging Face.'), and how often the entry repeats it. The caller removes the
candidates whose first letter does not fit the page's letter group.

A name is *sure* only when two independent signals agree, as a careful reader would
require: the subject of the first why-it-matters sentence, or a subject that both texts
mention, or a capitalised name in the why-it-matters — and nothing else close behind.
Everything else comes back with a doubt that sends the topic to review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from aiwiki.domain.names import normalize_name
from aiwiki.importers._subject import Subject, leading_subject
from aiwiki.importers._text import as_title, sentences, singular

SURE_MARGIN = 1.5
_GENERIC_HEADS = frozenset("framework tool system method technique approach library".split())
_JUNK_STARTS = frozenset("same most other such every each this that these those it".split())
_PROPER_RUN = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)+)")
_FINAL_OBJECT = re.compile(r"(?:\b(?:use|using|need|by|with|called)\s+)([\w&' -]{2,40}?)[.!?]$")


@dataclass
class Candidate:
    """One possible name with the evidence for it."""

    key: str
    form: str
    score: float = 0.0
    why_subject: bool = False
    first_subject: bool = False
    def_subject: bool = False
    proper: bool = False
    in_def: int = 0
    in_why: int = 0
    forms: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.key.split())


@dataclass(frozen=True)
class Naming:
    """The chosen title, the plural the text used (for an alias), and any doubts."""

    title: str
    plural: str = ""
    doubts: tuple[str, ...] = ()

    @property
    def sure(self) -> bool:
        return not self.doubts


def candidates(definition: str, why: str) -> list[Candidate]:
    """All candidate names of one entry with their evidence and scores."""
    found: dict[str, Candidate] = {}
    for index, sentence in enumerate(sentences(why)):
        _add_subject(found, leading_subject(sentence), "why", first=index == 0)
        _add_objects(found, sentence)
    for sentence in sentences(definition):
        _add_subject(found, leading_subject(sentence), "def", first=False)
    for candidate in found.values():
        _count_mentions(candidate, definition, why)
    return sorted(found.values(), key=lambda c: (-c.score, c.words))


def sure_name(definition: str, why: str) -> str | None:
    """The name when it is sure without any letter-group help (first pass)."""
    naming = choose(candidates(definition, why), lambda _: True, definition, "")
    return naming.title if naming.sure else None


def choose(
    found: list[Candidate], fits: Callable[[str], bool], definition: str, letters: str
) -> Naming:
    """Pick the best fitting candidate and say how sure it is."""
    usable = [c for c in found if _usable(c)]
    fitting = [c for c in usable if fits(c.form)]
    if not fitting:
        return _no_name(usable, definition, letters)
    best = _prefer_coordination(fitting[0], fitting, definition)
    doubts = list(_doubts(best, fitting))
    title, plural = _title_form(best, definition)
    trimmed = _trim_generic_head(title, definition)
    if trimmed != title:
        doubts.append(f"dropped the generic head word of {title!r}")
        title, plural = trimmed, ""
    return Naming(title, plural, tuple(doubts))


def _add_subject(found: dict[str, Candidate], subject: Subject | None, where: str, *, first: bool) -> None:
    if subject is None:
        return
    full = subject.phrase
    for phrase in subject.prefixes():
        candidate = _get(found, phrase)
        if phrase != full:
            candidate.score += 0.5
        elif where == "def":
            candidate.score += 2.0
            candidate.def_subject = True
        elif subject.lead == "gerund":
            candidate.score += 2.0
        else:
            candidate.score += (3.5 if first else 3.0) * (0.8 if subject.lead == "clause" else 1.0)
            candidate.why_subject = True
            candidate.first_subject = candidate.first_subject or first
    if full and found[_key(full)].why_subject and found[_key(full)].def_subject:
        found[_key(full)].score += 2.0  # both texts make it their subject


def _add_objects(found: dict[str, Candidate], sentence: str) -> None:
    """Names the why-it-matters mentions without making them the subject."""
    final = _FINAL_OBJECT.search(sentence)
    if final:
        _get(found, final.group(1).strip()).score += 1.0
    for run in _PROPER_RUN.findall(sentence):
        candidate = _get(found, run)
        candidate.proper = True
        candidate.score += 0.5


def _get(found: dict[str, Candidate], phrase: str) -> Candidate:
    key = _key(phrase)
    if key not in found:
        found[key] = Candidate(key=key, form=phrase)
    found[key].forms.append(phrase)
    return found[key]


def _key(phrase: str) -> str:
    words = phrase.split()
    return normalize_name(" ".join([*words[:-1], singular(words[-1])])) if words else ""


def _count_mentions(candidate: Candidate, definition: str, why: str) -> None:
    words = [re.escape(w) for w in re.split(r"[\s-]+", candidate.form.strip()) if w]
    if not words:
        return
    pattern = re.compile(
        r"(?<![\w-])" + r"[\s-]+".join(words[:-1] + [_plural_tolerant(words[-1])]) + r"(?![\w-])",
        re.IGNORECASE,
    )
    candidate.in_def = len(pattern.findall(definition))
    candidate.in_why = len(pattern.findall(why))
    candidate.score += (0.5 if candidate.in_def else 0.0) + 0.3 * min(
        candidate.in_def + candidate.in_why, 5
    )
    for match in pattern.finditer(f"{definition} {why}"):
        start = match.start()
        if start and f"{definition} {why}"[start - 2 : start] not in (". ", "? ", "! "):
            candidate.forms.insert(0, match.group(0))  # a mid-sentence spelling keeps its case
            break


def _plural_tolerant(word: str) -> str:
    stem = re.escape(singular(re.sub(r"\\(.)", r"\1", word)))
    return f"{stem}(?:s|es)?"


def _usable(candidate: Candidate) -> bool:
    words = candidate.key.split()
    return (
        0 < len(words) <= 5
        and words[0] not in _JUNK_STARTS
        and any(ch.isalpha() for ch in candidate.key)
        and (candidate.score >= 1.0 or candidate.proper)
    )


def _doubts(best: Candidate, fitting: list[Candidate]) -> list[str]:
    doubts = []
    named = best.first_subject or (
        (best.why_subject or best.def_subject) and best.in_def and best.in_why
    ) or (best.proper and best.in_why)
    if not named:
        doubts.append(
            f"the text does not clearly name the term; {best.form!r} is a best guess"
        )
    rivals = [c for c in fitting[1:] if c.key != best.key and _rival(c, best)]
    if rivals and best.score - rivals[0].score < SURE_MARGIN:
        doubts.append(f"{best.form!r} and {rivals[0].form!r} are both plausible names")
    return doubts


def _rival(other: Candidate, best: Candidate) -> bool:
    """A rival is any other strong candidate, including a longer or shorter phrase."""
    return other.why_subject or other.def_subject or other.proper or other.score >= 2.0


def _prefer_coordination(best: Candidate, fitting: list[Candidate], definition: str) -> Candidate:
    """'Batch size and epochs' over 'Batch size' when the definition defines both."""
    for other in fitting:
        if other.first_subject and other.key.startswith(best.key + " and "):
            tail = other.key[len(best.key) + 5 :]
            if all(singular(w).casefold() in definition.casefold() for w in tail.split()):
                return other
    return best


def _title_form(best: Candidate, definition: str) -> tuple[str, str]:
    """Sentence-case title; singular unless the definition defines a plural."""
    form = best.forms[0] if best.forms else best.form
    words = form.split()
    if " and " in form or _plural_definition(definition) or singular(words[-1]) == words[-1]:
        return as_title(form), ""
    single = " ".join([*words[:-1], singular(words[-1])])
    return as_title(single), as_title(form)


def _plural_definition(definition: str) -> bool:
    """'Empirical power-law relationships: ...' defines a plural; 'A connection that...' not."""
    opening = leading_subject(sentences(definition)[0]) if definition else None
    first = definition.split(" ", 1)[0]
    if first in ("A", "An") or opening is None or not opening.words:
        return False
    head = opening.words[-1]
    return head.endswith("s") and singular(head) != head


def _trim_generic_head(title: str, definition: str) -> str:
    """'Model serving frameworks' -> 'Model serving' unless the definition is about a framework."""
    words = title.split()
    head = singular(words[-1]).casefold()
    opening = " ".join(definition.split()[:6]).casefold()
    if len(words) >= 3 and head in _GENERIC_HEADS and head not in opening:
        return " ".join(words[:-1])
    return title


def _no_name(usable: list[Candidate], definition: str, letters: str) -> Naming:
    """No candidate fits the letter group: keep the best guess or the definition's opening."""
    if usable:
        best = usable[0]
        return Naming(
            as_title(best.form),
            doubts=(f"{best.form!r} does not start with a letter of this group ({letters})",),
        )
    return Naming(
        provisional_title(definition),
        doubts=("the text never names the term; provisional title from its definition",),
    )


def provisional_title(definition: str) -> str:
    """The definition's opening words, as a placeholder a reviewer will replace."""
    first = sentences(definition)[0] if definition else ""
    head = re.split(r",|:|;| — | that | which | where ", first, maxsplit=1)[0]
    words = head.rstrip(".").split()
    if words and words[0] in ("A", "An", "The"):
        words = words[1:]
    return as_title(" ".join(words[:8]))
