"""Find the noun phrase a sentence is about: 'The KV cache stores...' -> 'KV cache'.

Category and glossary pages lost their term names; the sentences still name the term as
their grammatical subject most of the time. This is a deliberately small heuristic parser:
it strips a leading article or subordinate clause, then reads words until something that
looks like the verb. It reports whether a verb was actually seen, because a subject
followed by a verb is much stronger evidence than the first words of a fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AUX = frozenset(
    "is are was were be been isn't aren't wasn't weren't has have had hasn't haven't can "
    "can't cannot could will won't would may might must should doesn't don't didn't".split()
)
_ADVERBS = frozenset(
    "also alone still often just now already probably arguably largely really even mostly "
    "always never typically usually generally simply actually directly".split()
)
_ALWAYS_VERBS = frozenset(
    "matters made became led won took gave built brought began found kept".split()
)
_BASE_VERBS = frozenset(
    "provide let make help allow enable use inject solve give take need show turn drive "
    "power remain become represent explain".split()
)
_STOPS = frozenset(
    "that which who whom whose where when how why what because if than as to by with for "
    "from at on into onto over under between through without within about against like "
    "such via per while whereas although though so but nor yet the a an vs. vs".split()
)
_NOT_A_SUBJECT = frozenset(
    "every each most many some all any no both such this that these those it its they "
    "their them you your we our us he she his her i there here what which who how why".split()
)
_CLAUSE_OPENERS = frozenset(
    "if when as without with before after since because while unlike once although though "
    "even for by in conversely however instead given despite whether until unless every".split()
)
_GERUND_OPENERS = frozenset("understanding getting choosing knowing".split())
_CONJUNCTIONS = frozenset("but and so yet or also still thus hence".split())
_ARTICLES = frozenset(("the", "a", "an"))
_DETERMINERS = frozenset("the a an its their this that these those how why what each every".split())
_CONNECTOR_ENDS = frozenset(("of", "and", "or", "&", "in", "for"))
_MAX_WORDS = 6


@dataclass(frozen=True)
class Subject:
    """The words opening a sentence's main clause and where its verb was found.

    `lead` is 'plain' (the sentence opens with the subject), 'clause' (after a subordinate
    clause such as 'When building X, ...') or 'gerund' ('Understanding X helps...').
    """

    words: tuple[str, ...]
    verb_at: int | None
    lead: str

    @property
    def phrase(self) -> str:
        """The subject up to its verb, or '' when no verb was seen."""
        return " ".join(self.words[: self.verb_at]) if self.verb_at else ""

    def prefixes(self) -> list[str]:
        """Every plausible noun phrase the subject could be: 'KV', 'KV cache', ..."""
        end = self.verb_at or len(self.words)
        return [
            " ".join(self.words[:n])
            for n in range(1, end + 1)
            if self.words[n - 1].casefold() not in _CONNECTOR_ENDS
        ]


def leading_subject(sentence: str) -> Subject | None:
    """The subject of `sentence`, or None when it opens with a pronoun or quantifier."""
    lead, clause = _main_clause(sentence.strip().lstrip("\"“'‘"))
    words = clause.split()
    if words and words[0].casefold().rstrip(",") in _CONJUNCTIONS:
        words = words[1:]
    if words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    if not words or _pronoun(words[0]):
        return None
    taken: list[str] = []
    for index, raw in enumerate(words[:_MAX_WORDS]):
        word = _bare(raw)
        if index and _is_verb(word, taken[-1], _next_word(words, index)):
            return Subject(tuple(taken), index, lead)
        if not word or (index and word.casefold() in _STOPS) or _is_number(word):
            break
        taken.append(word)
        if raw != word:  # punctuation after the word closes the phrase
            break
    return Subject(tuple(taken), None, lead) if taken else None


def _main_clause(sentence: str) -> tuple[str, str]:
    first = sentence.split(" ", 1)[0].casefold()
    if first in _GERUND_OPENERS:
        return "gerund", sentence.split(" ", 1)[1] if " " in sentence else ""
    if first.rstrip(",") not in _CLAUSE_OPENERS:
        return "plain", sentence
    verb = re.search(r"\s(?:%s)\s" % "|".join(map(re.escape, _AUX)), sentence)
    head = sentence[: verb.start()] if verb else sentence
    comma = head.rfind(", ") if verb else sentence.find(", ")
    return ("clause", sentence[comma + 2 :]) if comma > 0 else ("clause", "")


def _is_verb(word: str, previous: str, following: str) -> bool:
    lower = word.casefold()
    if lower in _AUX or lower in _ADVERBS or lower in _ALWAYS_VERBS:
        return True
    if not word.islower() or "-" in word or following.casefold() in _BASE_VERBS:
        return False
    if lower.endswith("ed") and len(lower) > 4:
        return True
    third_person = lower.endswith("s") and not lower.endswith(("ss", "us", "is"))
    if previous.endswith("s") and not previous[:-1].isupper():
        # 'connections provide' or the name 'Cerebras represents the...'
        return lower in _BASE_VERBS or (third_person and following.casefold() in _DETERMINERS)
    return third_person and following.casefold() not in _AUX and not following.endswith("ed")


def _pronoun(word: str) -> bool:
    base = re.sub(r"['’](s|re|ve|ll|d)$", "", _bare(word).casefold())
    return base in _NOT_A_SUBJECT


def _next_word(words: list[str], index: int) -> str:
    return _bare(words[index + 1]) if index + 1 < len(words) else ""


def _bare(word: str) -> str:
    return word.strip(",.;:!?()\"“”‘’—")


def _is_number(word: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%×x–-]+", word))
