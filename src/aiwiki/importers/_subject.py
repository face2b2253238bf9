"""Find the noun phrase a sentence is about: 'The KV rack stores...' -> 'KV rack'.

Category and glossary pages lost their term names; the sentences still name the term as
their grammatical subject most of the time. This is a deliberately small heuristic parser:
it strips a leading article or subordinate clause, then reads words until something that
looks like the verb. It reports whether a verb was actually seen, because a subject
followed by a verb is much stronger evidence than the first words of a fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiwiki.importers._text import singular, word_set

_AUX = word_set(
    "is are was were be been isn't aren't wasn't weren't has have had hasn't haven't can "
    "can't cannot could will won't would may might must should doesn't don't didn't"
)
_ADVERBS = word_set(
    "also alone still often just now already probably arguably largely really even mostly "
    "always never typically usually generally simply actually directly"
)
_ALWAYS_VERBS = word_set("matters made became led won took gave built brought began found kept")
_BASE_VERBS = word_set(
    "provide let make help allow enable use inject solve give take need show turn drive "
    "power remain become represent explain"
)
_STOPS = word_set(
    "that which who whom whose where when how why what because if than as to by with for "
    "from at on into onto over under between through without within about against like such "
    "via per while whereas although though so but nor yet vs. vs after before during among "
    "across behind beyond toward towards upon around the a an this these those its their "
    "his her our your my some each every all"
)
_NOT_A_SUBJECT = word_set(
    "every each most many some all any no both such this that these those it its they their "
    "them you your we our us he she his her i there here what which who how why"
)
_CLAUSE_OPENERS = word_set(
    "if when as without with before after since because while unlike once although though "
    "even for by in conversely however instead given despite whether until unless every"
)
_GERUND_OPENERS = word_set("understanding getting choosing knowing")
_CONJUNCTIONS = word_set("but and so yet or also still thus hence")
_ARTICLES = frozenset(("the", "a", "an"))
_PREPOSITIONS = word_set(
    "of in on for with from to at by between into than like such over under across without "
    "within through about during after before"
)
_DETERMINERS = word_set("the a an its their this that these those how why what each every")
_CONNECTOR_ENDS = frozenset(("of", "and", "or", "&", "in", "for"))
_MAX_WORDS = 6
_AUX_WORD = re.compile(r"\s(?:{})\s".format("|".join(map(re.escape, sorted(_AUX)))))


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
    if not words or _pronoun(words[0]) or _bare(words[0]).casefold() in _AUX:
        return None  # a pronoun, or a question ('Can AI output infringe...?')
    taken: list[str] = []
    for index, raw in enumerate(words[:_MAX_WORDS]):
        word = _bare(raw)
        closes = raw.rstrip('"”’)') != raw.rstrip('"”’),.;:!?')
        following = _next_word(words, index)
        noun_before_verb = _verb_follows(word, following, _next_word(words, index + 1))
        if (
            index
            and not closes
            and not noun_before_verb
            and _is_verb(word, taken[-1], following, singular_subject=lead == "gerund")
        ):
            return Subject(tuple(taken), index, lead)
        if not any(ch.isalpha() for ch in word) or (index and word.casefold() in _STOPS):
            break
        if word[0].isdigit():
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
    first_comma = sentence.find(", ")
    if first_comma < 0:
        return "clause", ""
    verb = _AUX_WORD.search(sentence, first_comma)
    comma = sentence.rfind(", ", 0, verb.start()) if verb else first_comma
    return "clause", sentence[comma + 2 :]


def _is_verb(word: str, previous: str, following: str, singular_subject: bool = False) -> bool:
    """Whether `word` is the verb after the noun phrase (`previous` is the word before it).

    With `singular_subject` ('Understanding X helps...') an -s verb may follow a plural.
    """
    lower = word.casefold()
    if lower in _AUX or lower in _ADVERBS or lower in _ALWAYS_VERBS:
        return True
    if lower in _STOPS or lower in _PREPOSITIONS:
        return False
    after = following.casefold()
    if previous.casefold() in _PREPOSITIONS or previous.casefold() in ("and", "or", "&"):
        return False  # 'Mixture of Spices', 'Salt and pepper'
    if not word.islower() or "-" in word or after in _BASE_VERBS or after in _PREPOSITIONS:
        return False
    if after in _AUX or after in _ALWAYS_VERBS:
        return False  # 'Kitchen ethics matters': the verb is the next word
    if not any(ch.isalpha() for ch in following):
        return False  # 'steps = faster': the noun, not the verb
    if lower.endswith("ed") and len(lower) > 4:
        return True
    if previous.endswith("s") and (lower in _BASE_VERBS or _base_form(lower, after)):
        return True  # 'Stockpots let', 'Oven mitts protect the...'
    third_person = lower.endswith("s") and not lower.endswith(("ss", "us", "is"))
    if _plural(previous) and not singular_subject:
        return third_person and after in _DETERMINERS
    return third_person and after not in _AUX and not following.endswith("ed")


def _base_form(word: str, after: str) -> bool:
    """A plain verb after a plural subject, recognised by the determiner it governs."""
    return not word.endswith(("s", "ed", "ing", "ly")) and (
        after in _DETERMINERS or _pronoun(after)
    )


def _verb_follows(word: str, following: str, then: str) -> bool:
    """In 'heads provides a' or 'mitts protect the', the next word is the verb: it governs a
    determiner or pronoun, so the -s word before it is a plural noun."""
    lower, after = word.casefold(), following.casefold()
    if lower in _AUX or lower in _ALWAYS_VERBS or after in _STOPS or after in _AUX:
        return False
    governs = then.casefold() in _DETERMINERS or _pronoun(then)
    return (
        word.endswith("s")
        and following.islower()
        and governs
        and (after.endswith("s") or _base_form(after, then.casefold()))
    )


def _plural(word: str) -> bool:
    """'connections', 'CNNs' are plural; 'ethics', 'Cerebras' (a name) are not."""
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return True
    return word.islower() and singular(word) != word


def _pronoun(word: str) -> bool:
    base = re.sub(r"['’](s|re|ve|ll|d)$", "", _bare(word).casefold())
    return base in _NOT_A_SUBJECT


def _next_word(words: list[str], index: int) -> str:
    return _bare(words[index + 1]) if index + 1 < len(words) else ""


def _bare(word: str) -> str:
    return word.strip(',.;:!?()"“”‘’—')
