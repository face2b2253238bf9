"""Text analysis: how text becomes index terms, the same way at index and at query time.

The split itself is tantivy's ``default`` analyzer (Rust: split on non-alphanumerics,
drop terms of 40 bytes or more, lowercase), so a million topics are tokenized at Rust
speed and a plain tantivy query over the same fields still works. Before that split,
`prepare` rewrites the text in Python with whole-string operations only:

* NFKC + casefold (width, ligatures, ``ß``) for non-ASCII text;
* LaTeX commands and delimiters are dropped, leaving a formula's words:
  ``\\( P(w_t \\mid w_{<t}) \\)`` -> ``p w t w t``;
* runs of Chinese characters are segmented with jieba's search mode and spaced out, so
  ``像Mamba这样`` yields ``像``, ``mamba``, ``这样``;
Names (titles, aliases) and queries go through `prepare_name`, which also adds the parts
of camelCase names (``FlashAttention`` -> ``flash attention``) and the joined form of
compounds (``GPT-4`` -> ``gpt4``, ``gpt-3.5`` -> ``gpt35``, ``W&B`` -> ``wb``). Summaries
and bodies skip those two steps: at index time they cost more than all the rest together.
`tokenize` is the query side.

Plurals are folded at query time (`word_forms`: ``law`` also searches ``laws``) rather
than stemmed into the index, so prefix and typo matching see the words as written.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable

import tantivy

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
KEY_CHARS = 100  # exact-match keys are cut here (a raw term must stay small)

_LATEX_COMMAND = re.compile(r"\\(?:[^\W\d_]+|.)")
_CJK_RUN = re.compile(rf"[{CJK_RANGES}]+")
_CAMEL_HINT = re.compile(r"[a-z][A-Z]|[A-Z][A-Z][a-z]")
_CAMEL_CUT = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD_PART = re.compile(r"[^\W_]+")

# A crude plural folder has no dictionary; these words defeat its rules.
_IRREGULAR_PAIRS = """biases:bias aliases:alias lenses:lens gases:gas canvases:canvas
atlases:atlas caches:cache niches:niche indices:index matrices:matrix vertices:vertex
analyses:analysis hypotheses:hypothesis theses:thesis axes:axis criteria:criterion gpus:gpu
tpus:tpu cpus:cpu npus:npu"""
_IRREGULAR = dict(pair.split(":") for pair in _IRREGULAR_PAIRS.split())
_PLURAL_OF = {singular: plural for plural, singular in _IRREGULAR.items()}
_INVARIANT_WORDS = "bias alias lens gas canvas atlas chaos series species news mamba llama data"
_INVARIANT = frozenset(_INVARIANT_WORDS.split())


def normalize(text: str) -> str:
    """NFKC + casefold; ASCII text only needs lowercasing."""
    if text.isascii():
        return text.lower()
    # casefold() maps a few scripts (Cherokee) to upper case; lower() undoes that
    return unicodedata.normalize("NFKC", text).casefold().lower()


def prepare(text: str) -> str:
    """Rewrite `text` so that tantivy's default analyzer cuts it into our terms."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).casefold()
        if _CJK_RUN.search(text):
            text = _CJK_RUN.sub(_spaced_segments, text)
    if "\\" in text:
        text = _LATEX_COMMAND.sub(" ", text)
    return text


def prepare_name(text: str, *, joined: bool = True) -> str:
    """`prepare` plus camelCase parts and (unless `joined` is False) the joined form of
    compounds: 'FlashAttention' is also 'flash attention', 'GPT-4' is also 'gpt4'."""
    extra = _camel_parts(text) if _CAMEL_HINT.search(text) else ""
    prepared = prepare(text)
    compounds = _joined_compounds(prepared) if joined else ""
    return " ".join(part for part in (prepared, extra, compounds) if part)


def tokenize(text: str) -> list[str]:
    """The terms a query is made of, in the index's vocabulary.

    A hyphenated word is searched by its parts only ('multi-head' -> multi, head): names
    hold the parts too, and adding the joined form would count the same word thrice.
    A word typed whole ('gpt4') still meets the joined form that names carry.
    """
    terms: list[str] = _analyzer().analyze(prepare_name(text, joined=False))
    return terms


def words_in_order(text: str) -> list[str]:
    """The text's own words in order, without added parts or joined forms (for phrases)."""
    terms: list[str] = _analyzer().analyze(prepare(text))
    return terms


def name_terms(text: str) -> list[str]:
    """The terms a title or alias is indexed under (what the index holds for it)."""
    terms: list[str] = _analyzer().analyze(prepare_name(text))
    return terms


def exact_key(text: str) -> str:
    """A name's identity: 'KV-Cache', 'kv caches' and 'KVCache' all give 'kvcache'."""
    parts = _WORD_PART.findall(_strip_latex(normalize(text)))
    return "".join(map(singular, parts))[:KEY_CHARS]


def has_cjk(text: str) -> bool:
    return _CJK_RUN.search(text) is not None


@functools.lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """Fold an English plural to its singular: crude, but only ever compared with itself."""
    if len(word) <= 3 or word[-1] != "s" or not (word.isascii() and word.isalpha()):
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _INVARIANT or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4 and word[-4] not in "aeo":
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def word_forms(term: str) -> tuple[str, ...]:
    """The term and its singular/plural partner: 'law' -> ('law', 'laws')."""
    if len(term) < 3 or not (term.isascii() and term.isalpha()) or term in _INVARIANT:
        return (term,)
    base = singular(term)
    forms = dict.fromkeys((term, base, _plural(base)))
    return tuple(forms)


def segment_cjk(run: str) -> tuple[str, ...]:
    """Split a run of Chinese characters into search terms (jieba's search mode)."""
    return (run,) if len(run) == 1 else _segment_cached(run)


def warm_up() -> None:
    """Load jieba's dictionary now (about a second) rather than on the first Chinese text."""
    segment_cjk("预热")


def _plural(word: str) -> str:
    if word in _PLURAL_OF:
        return _PLURAL_OF[word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _strip_latex(text: str) -> str:
    return _LATEX_COMMAND.sub(" ", text) if "\\" in text else text


def _spaced_segments(match: re.Match[str]) -> str:
    return " " + " ".join(segment_cjk(match.group())) + " "


def _camel_parts(text: str) -> str:
    """Parts of camelCase names: 'FlashAttention' -> 'flash attention'."""
    found: list[str] = []
    word_end = -1
    for hint in _CAMEL_HINT.finditer(text):
        if hint.start() < word_end:
            continue
        start, word_end = hint.start(), hint.end()
        while start > 0 and _is_ascii_letter(text[start - 1]):
            start -= 1
        while word_end < len(text) and _is_ascii_letter(text[word_end]):
            word_end += 1
        pieces = _CAMEL_CUT.split(text[start:word_end])
        if len(pieces) >= 2 and min(map(len, pieces)) >= 2 and max(map(len, pieces)) >= 3:
            found.extend(pieces)
    return " ".join(found)


def _is_ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _joined_compounds(text: str) -> str:
    if not ("-" in text or "&" in text or "+" in text or "." in text):
        return ""
    joined = (
        "".join(_WORD_PART.findall(word))
        for word in text.split()
        if "-" in word or "&" in word or "+" in word or "." in word[:-1]
    )
    return " ".join(j for j in joined if j)


@functools.lru_cache(maxsize=131072)
def _segment_cached(run: str) -> tuple[str, ...]:
    return tuple(w for w in _jieba_cut()(run) if w.strip())


_JIEBA_LOCK = threading.Lock()


@functools.cache
def _jieba_cut() -> Callable[[str], Iterable[str]]:
    import jieba  # imported lazily: loading its dictionary takes about a second

    jieba.setLogLevel(logging.WARNING)
    with _JIEBA_LOCK:
        jieba.initialize()
    cut: Callable[[str], Iterable[str]] = jieba.cut_for_search
    return cut


_LOCAL = threading.local()


def _analyzer() -> tantivy.TextAnalyzer:
    """tantivy's 'default' analyzer, one per thread (the binding's object is not shared)."""
    analyzer: tantivy.TextAnalyzer | None = getattr(_LOCAL, "analyzer", None)
    if analyzer is None:
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .build()
        )
        _LOCAL.analyzer = analyzer
    return analyzer
