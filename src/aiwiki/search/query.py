"""The query plan: what to look for, decided from user text without touching an engine.

`clean_user_text` is the one door through which user text reaches a search engine: it
drops control characters, folds whitespace and truncates. `plan_query` then reads the
text only through the analyzer, so quotes, ``*``, ``-``, ``:`` or ``AND`` are plain
characters here: no query-parser syntax is ever built from user text.

The plan says, per query term, which exact forms to look for (the term and its
singular/plural partner), whether to expand it as a prefix (the word being typed) and
how far a typo may stray from it. Weights live here too, so tuning is one file.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from aiwiki.search.analysis import exact_key, has_cjk, tokenize, word_forms, words_in_order

MAX_QUERY_CHARS = 200
MAX_TERMS = 12  # terms beyond this are ignored: each one costs a clause per field

# Field weights for an exact term, multiplied into tantivy's BM25 score and summed over
# fields (a flat sum keeps every clause a plain term scorer, which tantivy runs fastest).
# A name (title, alias) outweighs the summary 4:1, the summary the body 3:1: with lower
# ratios long summaries that repeat a word outrank the topic named by it.
FIELD_BOOSTS: dict[str, float] = {
    "title": 6.0,
    "title_other": 6.0,
    "alias": 5.0,
    "summary": 1.5,
    "body": 0.5,
}
# A query of four words or more describes a topic rather than naming it ('randomly
# zeroing activations during training'), and so do a formula ('P(w_t | w_<t)') and a
# Chinese phrase cut into words: then matching many of its words anywhere counts more
# than one word in a title.
DESCRIPTIVE_BOOSTS: dict[str, float] = {
    "title": 2.0,
    "title_other": 2.0,
    "alias": 2.0,
    "summary": 1.5,
    "body": 1.0,
}
DESCRIPTIVE_TERMS = 4
# An exact title/alias match is a constant that no sum of term scores can reach.
EXACT_TITLE_SCORE = 1000.0
EXACT_ALIAS_SCORE = 800.0
# Expansions only ever match titles. A prefix expands to the title words it starts
# (the most frequent MAX_COMPLETIONS), each weighted so that it scores 0.6 of what an
# exact title match of the most frequent completion would (see resolve.py): the word
# being typed counts nearly as much as a finished one, yet an exact match of a rarer
# word always ranks above a completion.
PREFIX_BOOST = 0.6 * FIELD_BOOSTS["title"]
MAX_COMPLETIONS = 12
PREFIX_SCORE = 2.0  # constant for a prefix not expanded against an index (pure plans)
FUZZY_SCORE = 1.0  # constant for a typo expansion (when no correction was found)
RELATED_TITLE_WEIGHT = 2.0  # related topics: a shared title word outweighs summary overlap
RELATED_TAG_SCORE = 1.0  # ... and a shared tag adds a little
CORRECTION_FACTOR = 0.5  # a did-you-mean correction counts half an exact term
# Title words in the query's order (the last one as typed so far) add about two title
# terms' worth: 'Watermark Filt' prefers 'Watermark Filtering' to 'Filter Watermark'.
PHRASE_SCORE = 40.0
MAX_PHRASE = 8
# For a Chinese phrase cut into words, a topic holding (nearly) all of them gets a bonus
# worth a title word: BM25 alone lets one word repeated in a short summary beat a topic
# that has every word of '状态空间模型' once. 'Nearly': three in four for long phrases.
# (For English queries the bonus cost a second pass over all postings and moved the
# judged relevance by 0.02 nDCG: not worth it.)
COVERAGE_SCORE = 10.0
COVERAGE_SHARE = 0.75

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
