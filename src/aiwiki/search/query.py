"""The query plan: what to look for, decided from user text without touching an engine.

`clean_user_text` is the one door through which user text reaches a search engine: it
drops control characters, folds whitespace and truncates. `plan_query` then reads the
text only through the analyzer, so quotes, ``*``, ``-``, ``:`` or ``AND`` are plain
characters here: no query-parser syntax is ever built from user text.

The plan says, per query term, which exact forms to look for (the term and its
singular/plural partner), whether to expand it as a prefix (the word being typed) and
how far a typo may stray from it. The weights it uses live in weights.py.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from aiwiki.search.analysis import exact_key, has_cjk, tokenize, word_forms, words_in_order
from aiwiki.search.weights import DESCRIPTIVE_BOOSTS, DESCRIPTIVE_TERMS, FIELD_BOOSTS, MAX_PHRASE

MAX_QUERY_CHARS = 200
MAX_TERMS = 12  # terms beyond this are ignored: each one costs a clause per field

_STOPWORDS = "a an and are as at be by for from how in is it of on or the to what with 的 了 是 和"
STOPWORDS = frozenset(_STOPWORDS.split())  # searched only when the query has nothing else


@dataclass(frozen=True)
class CleanText:
    text: str
    notice: str | None = None


@dataclass(frozen=True)
class TermPlan:
    """One query term: exact forms always; prefix and fuzzy expansions on names only."""

    term: str
    forms: tuple[str, ...]
    prefix: bool = False
    fuzzy: int = 0  # maximum edit distance, 0 = none
    cjk: bool = False
    names_only: bool = False  # a part of a camelCase word: names hold those, texts do not
    corrections: tuple[str, ...] = ()  # did-you-mean replacements, weighted down
    known: bool | None = None  # is it an indexed term? (None: not looked up yet)
    frequency: int = 0  # how many topics hold it (the most of any field and form)
    present: tuple[tuple[str, str], ...] | None = None  # (field, form) pairs indexed
    completions: tuple[tuple[str, float], ...] | None = None  # (title word, boost) it expands to


@dataclass(frozen=True)
class QueryPlan:
    text: str  # the cleaned text the plan was made from
    key: str  # exact_key(text): matches a title or alias as a whole
    terms: tuple[TermPlan, ...] = ()
    notice: str | None = None
    corrected: dict[str, str] = field(default_factory=dict)  # term -> correction
    corrected_key: str = ""  # exact_key of the corrected text, weighted down
    phrase: tuple[str, ...] = ()  # the words in order, last one a prefix: adjacency bonus
    boosts: dict[str, float] = field(default_factory=lambda: FIELD_BOOSTS)  # per field

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.key


def clean_user_text(raw: str, limit: int = MAX_QUERY_CHARS) -> CleanText:
    """Make any string safe to analyze: no control characters, one space, at most `limit`."""
    kept = "".join(" " if _is_control(ch) else ch for ch in raw[: limit * 4])
    text = " ".join(kept.split())
    if len(text) > limit or len(raw) > limit * 4:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        return CleanText(cut, f"query truncated to {limit} characters")
    return CleanText(text)


def plan_query(raw: str) -> QueryPlan:
    """Turn user text into a QueryPlan; never raises."""
    clean = clean_user_text(raw)
    tokens = list(dict.fromkeys(tokenize(clean.text)))
    content = [t for t in tokens if t not in STOPWORDS] or tokens
    notice = clean.notice
    if len(content) > MAX_TERMS:
        content = content[:MAX_TERMS]
        notice = notice or f"only the first {MAX_TERMS} words were searched"
    terms = tuple(_term_plan(t, is_last=(i == len(content) - 1)) for i, t in enumerate(content))
    last = tokens[-1] if len(tokens) > 1 else ""
    if last in STOPWORDS and last not in content and len(last) >= 2 and last.isascii():
        # 'flash at' may be 'flash attention' half typed: keep a last stopword as a prefix
        terms += (TermPlan(last, forms=(), prefix=True),)
    words = words_in_order(clean.text)
    # camelCase parts ('flash', 'attention' of 'FlashAttention') are only indexed in
    # names, so only names are searched for them
    terms = tuple(t if t.term in words else replace(t, names_only=True) for t in terms)
    phrase = tuple(words) if 2 <= len(words) <= MAX_PHRASE and not has_cjk(clean.text) else ()
    boosts = DESCRIPTIVE_BOOSTS if _is_descriptive(content) else FIELD_BOOSTS
    return QueryPlan(clean.text, exact_key(clean.text), terms, notice, phrase=phrase, boosts=boosts)


def with_corrections(plan: QueryPlan, corrections: dict[str, str]) -> QueryPlan:
    """The plan that also looks for each misspelt term's correction."""
    terms = tuple(  # the correction replaces the typo expansion: it ranks better
        replace(t, corrections=word_forms(corrections[t.term]), fuzzy=0)
        if t.term in corrections
        else t
        for t in plan.terms
    )
    key = exact_key(corrected_text(plan.text, corrections))
    return replace(plan, terms=terms, corrected=dict(corrections), corrected_key=key)


def did_you_mean(plan: QueryPlan) -> str | None:
    """The corrected query to offer, if the corrections change what the user typed."""
    if not plan.corrected:
        return None
    text = corrected_text(plan.text, plan.corrected)
    return text if text != plan.text else None


def corrected_text(text: str, corrections: dict[str, str]) -> str:
    """The user's words with misspelt ones replaced: 'atention mask' -> 'attention mask'."""
    words = []
    for word in text.split():
        terms = tokenize(word)  # a camelCase word's own term comes before its parts
        words.append(corrections[terms[0]] if terms and terms[0] in corrections else word)
    return " ".join(words)


def fuzzy_distance(term: str) -> int:
    """Typo tolerance by length: none below 4 characters, 1 up to 7, 2 from 8."""
    if not term.isalpha() or has_cjk(term) or len(term) < 4:
        return 0
    return 1 if len(term) < 8 else 2


def _term_plan(term: str, is_last: bool) -> TermPlan:
    if has_cjk(term):
        return TermPlan(term, (term,), cjk=True)
    prefix = len(term) >= 3 or (is_last and len(term) >= 2)
    return TermPlan(term, word_forms(term), prefix=prefix, fuzzy=fuzzy_distance(term))


def _is_descriptive(terms: list[str]) -> bool:
    """Many words, mostly one-letter symbols (a formula), or a Chinese phrase cut into
    several words (all of which should be found)."""
    short = sum(1 for t in terms if len(t) == 1)
    cjk = sum(1 for t in terms if has_cjk(t))
    if len(terms) >= DESCRIPTIVE_TERMS or cjk >= 2:
        return True
    return len(terms) >= 2 and 2 * short >= len(terms)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch != " "
