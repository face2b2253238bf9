"""Recover the lost term name of an English glossary entry from its own two sentences.

Every noun phrase that could be the name becomes a candidate and collects evidence: being
the subject of a why-it-matters sentence ('Beam clipping stops rare tokens...'), being the
subject of a definition sentence, being a capitalised name the why-it-matters mentions
('...you will want Acme Cloud.'), and how often the entry repeats it. The caller removes the
candidates whose first letter does not fit the page's letter group.

A name is *sure* only when two independent signals agree, as a careful reader would
require: the subject of the first why-it-matters sentence, or a subject that both texts
mention, or a capitalised name in the why-it-matters — plus the letter group the caller
checks, and nothing else close behind. A phrase used inside the definition's own first
sentence is never sure ('A plan for changing the oven temperature' does not define the
oven temperature). Everything else comes back with a doubt that sends the topic to review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from aiwiki.domain.names import KNOWN_EXPANSIONS, is_acronym_of, normalize_name
from aiwiki.importers._subject import Subject, leading_subject
from aiwiki.importers._text import as_title, sentences, singular, word_set

SURE_MARGIN = 1.0
_GENERIC_HEADS = word_set("framework tool system method technique approach library")
# Adjectives that open a noun phrase but never a glossary term ('Cheap pans score...').
_JUNK_STARTS = word_set(
    "same most other such every each this that these those it fewer more less many several "
    "different current new bad good better best popular strong too very so"
)
_TRAILING_SMALL_WORDS = word_set("a an the of in on at to for by with and or from than that")
_CLAUSE_WORDS = word_set("where when that which who before after rather known used because while")
_PROPER_RUN = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)+)")
_FINAL_OBJECT = re.compile(r".*\b(?:use|using|need|by|with|called)\s+([\w&' -]{2,40}?)[.!?]$")


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
    in_opening: bool = False
    opening_subject: bool = False
    gerund_subject: bool = False
    forms: list[str] = field(default_factory=list)
    mid_form: str = ""
    pattern: re.Pattern[str] | None = None

    @property
    def words(self) -> int:
        return len(self.key.split())


@dataclass(frozen=True)
class Naming:
    """The chosen title, another spelling the text used (plural/singular, for an alias), and
    the doubts that send the topic to review."""

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
    for index, sentence in enumerate(sentences(definition)):
        _add_subject(found, leading_subject(sentence), "def", first=index == 0)
    for candidate in found.values():
        _count_mentions(candidate, definition, why)
    _discount_nested(found)
    opening = sentences(definition)[0] if definition else ""
    for candidate in found.values():
        _score_mentions(candidate, opening)
    return sorted(found.values(), key=lambda c: (-c.score, c.words))


def sure_name(found: list[Candidate], definition: str) -> str | None:
    """The name when it is sure without any letter-group help (first pass)."""
    naming = choose(found, lambda _: True, definition, "")
    return naming.title if naming.sure else None


def choose(
    found: list[Candidate], fits: Callable[[str], bool], definition: str, letters: str
) -> Naming:
    """Pick the best fitting candidate and say how sure it is."""
    usable = [c for c in found if _usable(c)]
    fitting = [c for c in usable if fits(c.form)]
    if not fitting:
        return _no_name(usable, definition, letters)
    best = _prefer_lead_spelling(_prefer_coordination(fitting[0], fitting, definition), fitting)
    parts = set(best.key.split(" and ")) if " and " in best.key else set()
    doubts = list(_doubts(best, [c for c in fitting if c.key not in parts], letters))
    title, plural = _title_form(best, definition)
    trimmed = _trim_generic_head(title, definition)
    if trimmed != title:
        doubts.append(f"dropped the generic head word of {title!r}")
        title, plural = trimmed, ""
    return Naming(title, plural, tuple(doubts))


def _add_subject(
    found: dict[str, Candidate], subject: Subject | None, where: str, *, first: bool
) -> None:
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
            candidate.opening_subject = candidate.opening_subject or first
        elif subject.lead == "gerund":
            candidate.score += 2.0
            candidate.gerund_subject = True
        else:
            candidate.score += (4.0 if first else 3.0) * (0.8 if subject.lead == "clause" else 1.0)
            candidate.why_subject = True
            candidate.first_subject = candidate.first_subject or first
    both = found.get(_key(full)) if full else None
    if both and both.why_subject and both.def_subject:
        both.score += 2.0  # both texts make it their subject


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
        r"(?<![\w-])" + r"[\s-]+".join([*words[:-1], _plural_tolerant(words[-1])]) + r"(?![\w-])",
        re.IGNORECASE,
    )
    candidate.in_def = len(pattern.findall(definition))
    candidate.in_why = len(pattern.findall(why))
    candidate.pattern = pattern
    for match in pattern.finditer(f"{definition} {why}"):
        start = match.start()
        if start and f"{definition} {why}"[start - 2 : start] not in (". ", "? ", "! "):
            candidate.mid_form = match.group(0)  # a mid-sentence spelling keeps its case
            candidate.forms.append(match.group(0))
            break


def _discount_nested(found: dict[str, Candidate]) -> None:
    """'merging' inside 'Model merging' is a mention of the longer name, not of 'merging'."""
    strong = [
        c
        for c in found.values()
        if (c.why_subject or c.def_subject or c.gerund_subject or c.proper) and " of " not in c.key
    ]
    for candidate in found.values():
        for longer in strong:
            if longer.words > candidate.words and re.search(
                rf"(?<!\w){re.escape(candidate.key)}(?!\w)", longer.key
            ):
                candidate.in_def = max(0, candidate.in_def - longer.in_def)
                candidate.in_why = max(0, candidate.in_why - longer.in_why)


def _score_mentions(candidate: Candidate, opening: str) -> None:
    """Repetition counts; appearing inside the definition's own first sentence counts against
    ('A plan for changing the oven temperature' defines a plan, not the temperature)."""
    candidate.score += (0.5 if candidate.in_def else 0.0) + 0.3 * min(
        candidate.in_def + candidate.in_why, 5
    )
    pattern = candidate.pattern
    if pattern is not None and not candidate.opening_subject and pattern.search(opening):
        candidate.score -= 2.0
        candidate.in_opening = True


def _plural_tolerant(word: str) -> str:
    stem = re.escape(singular(re.sub(r"\\(.)", r"\1", word)))
    return f"{stem}(?:s|es)?"


def _usable(candidate: Candidate) -> bool:
    words = candidate.key.split()
    return (
        0 < len(words) <= 5
        and words[0] not in _JUNK_STARTS
        and not words[0][0].isdigit()
        and any(ch.isalpha() for ch in candidate.key)
        and (candidate.score >= 1.0 or candidate.proper)
    )


def _doubts(best: Candidate, fitting: list[Candidate], letters: str) -> list[str]:
    rivals = [c for c in fitting if c.key != best.key and _rival(c, best)]
    named = not best.in_opening and (
        best.first_subject
        or ((best.why_subject or best.def_subject) and best.in_def and best.in_why)
        or (best.proper and best.in_why)
    )
    doubts = []
    if not named:
        doubts.append(f"the text does not clearly name the term; {best.form!r} is a best guess")
    if rivals and best.score - rivals[0].score < SURE_MARGIN:
        doubts.append(f"{best.form!r} and {rivals[0].form!r} are both plausible names")
    return doubts


def _rival(other: Candidate, best: Candidate) -> bool:
    """Another name with real evidence, not the acronym of the same name ('CAI')."""
    if other.in_opening or _same_name(other.form, best.form):
        return False
    return other.why_subject or other.def_subject or other.proper


def _same_name(one: str, other: str) -> bool:
    """'CAI' and 'Constitutional AI'; 'SAEs' and 'Sparse autoencoders' (a known expansion)."""
    if is_acronym_of(one, other) or is_acronym_of(other, one):
        return True
    keys = {_key(one), _key(other)}
    return any({_key(short), _key(long)} == keys for short, long in KNOWN_EXPANSIONS.items())


def _prefer_lead_spelling(best: Candidate, fitting: list[Candidate]) -> Candidate:
    """Between an acronym and its expansion, the one the why-it-matters opens with wins."""
    if best.first_subject:
        return best
    for other in fitting:
        if other.first_subject and _same_name(other.form, best.form):
            return other
    return best


def _prefer_coordination(best: Candidate, fitting: list[Candidate], definition: str) -> Candidate:
    """'Salt and pepper' over 'Salt' when the definition defines both."""
    for other in fitting:
        if other.first_subject and other.key.startswith(best.key + " and "):
            tail = other.key[len(best.key) + 5 :]
            if all(singular(w).casefold() in definition.casefold() for w in tail.split()):
                return other
    return best


def _title_form(best: Candidate, definition: str) -> tuple[str, str]:
    """Sentence-case title; singular unless the definition defines a plural or it is a name.

    Returns the title and the other spellings the entry used ('Checkpoints'), for aliases.
    """
    form = best.mid_form or best.form
    words = form.split()
    last = words[-1]
    name = " and " in form or (last[:1].isupper() and not last[:-1].isupper())  # 'AI21 Labs'
    single = " ".join([*words[:-1], singular(last)])
    title = as_title(form if name or _plural_definition(definition) else single)
    spellings = [*best.forms, single]
    others = [as_title(f) for f in spellings if normalize_name(f) != normalize_name(title)]
    return title, others[0] if others and not name else ""


def _plural_definition(definition: str) -> bool:
    """'Empirical rules of thumb: ...' defines a plural; 'A pan that...' does not."""
    opening = leading_subject(sentences(definition)[0]) if definition else None
    first = definition.split(" ", 1)[0]
    if first in ("A", "An") or opening is None:
        return False
    words = [w for w in opening.words if w.casefold() not in ("of", "and", "or", "&")]
    return bool(words) and words[-1].endswith("s") and singular(words[-1]) != words[-1]


def _trim_generic_head(title: str, definition: str) -> str:
    """'Recipe serving frameworks' -> 'Recipe serving' unless the definition is about one."""
    words = title.split()
    head = singular(words[-1]).casefold()
    opening = " ".join(definition.split()[:6]).casefold()
    if len(words) >= 3 and head in _GENERIC_HEADS and head not in opening:
        return " ".join(words[:-1])
    return title


def _no_name(usable: list[Candidate], definition: str, letters: str) -> Naming:
    """No candidate fits the letter group: keep a why-it-matters subject, else a placeholder."""
    subjects = [c for c in usable if c.first_subject]
    if subjects:
        best = subjects[0]
        return Naming(
            as_title(best.form),
            doubts=(f"{best.form!r} does not start with a letter of this group ({letters})",),
        )
    return Naming(
        provisional_title(definition),
        doubts=("the text never names the term; provisional title from its definition",),
    )


def provisional_title(definition: str) -> str:
    """The definition's opening noun phrase, as a placeholder a reviewer will replace:
    'Recipes written by models rather than by cooks...' -> 'Recipes written by
    models'."""
    first = sentences(definition)[0] if definition else ""
    words = re.split(r"[,:;(]| — ", first, maxsplit=1)[0].rstrip(".").split()
    if words and words[0] in ("A", "An", "The"):
        words = words[1:]
    cut = next((i for i, w in enumerate(words) if i >= 3 and w in _CLAUSE_WORDS), len(words))
    words = words[: min(cut, 8)]
    while len(words) > 1 and words[-1].casefold() in _TRAILING_SMALL_WORDS:
        words.pop()
    return as_title(" ".join(words))
