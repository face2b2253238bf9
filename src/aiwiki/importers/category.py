"""Read a category page: `Category`, name, description, then one term per line.

Each term line is a definition sentence whose level word (beginner / intermediate /
advanced) was glued to the start of the NEXT line; the last level stands alone on the
final line. The term names were not printed: each is the subject of its sentence
('The KV cache stores...' -> 'KV cache').

Casing rule: sentence case. The leading article is dropped and the first letter is
capitalised; every other word keeps the spelling the sentence gave it ('KV cache',
'Mixture of Experts', 'RoPE', 'Encoder-decoder model'). The page lists terms in
alphabetical order, which is checked: a name out of order is sent to review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiwiki.domain.enums import Kind, Level
from aiwiki.errors import ImportFormatError
from aiwiki.importers._letters import longest_non_decreasing
from aiwiki.importers._subject import leading_subject
from aiwiki.importers._text import Line, as_title, content_lines, sentences
from aiwiki.importers.drafts import CategoryDraft, ImportBatch, SourceRef, TextDraft, TopicDraft

FORMAT = "category"
HEADER = "Category"
_LEVEL_PREFIX = re.compile(r"(beginner|intermediate|advanced)(?=\S|$)")


@dataclass(frozen=True)
class _Term:
    """A definition sentence with the level found at the start of the following line."""

    line: Line
    sentence: str
    level: Level
    level_line: Line


def read(file: str, text: str) -> ImportBatch:
    """One CategoryDraft and one TopicDraft per term, with recovered names and levels."""
    lines = content_lines(file, text)
    category = _read_header(file, lines)
    terms = _read_terms(file, lines[3:])
    raw = {line.number: line.text for line in lines}
    topics = [_topic(file, term, category.name, raw) for term in terms]
    _check_order(topics)
    return ImportBatch(file=file, format=FORMAT, topics=topics, categories=[category])


def _read_header(file: str, lines: list[Line]) -> CategoryDraft:
    if lines[0].text != HEADER:
        raise ImportFormatError(file, lines[0].number, "a category page starts with 'Category'")
    if len(lines) < 4:
        where = lines[-1].number + 1
        raise ImportFormatError(file, where, "expected a name, a description and terms")
    name, description = lines[1], lines[2]
    source = SourceRef(file, lines[0].number, "\n".join(line.text for line in lines[:3]))
    return CategoryDraft(name=name.text, descriptions={"en": description.text}, source=source)


def _read_terms(file: str, lines: list[Line]) -> list[_Term]:
    """Pair every sentence with the level glued to the next line."""
    if _LEVEL_PREFIX.match(lines[0].text):
        raise ImportFormatError(file, lines[0].number, "the first term has no sentence before it")
    terms: list[_Term] = []
    sentence_line = lines[0]
    for line in lines[1:]:
        level, rest = _split_level(file, line)
        terms.append(_Term(sentence_line, sentence_line.text, level, line))
        if not rest:
            if line is not lines[-1]:
                raise ImportFormatError(file, line.number, "a level alone must end the page")
            return terms
        sentence_line = Line(line.number, rest)
    raise ImportFormatError(
        file, lines[-1].number, "the page ends with a term but no level; is it truncated?"
    )


def _split_level(file: str, line: Line) -> tuple[Level, str]:
    match = _LEVEL_PREFIX.match(line.text)
    if not match:
        raise ImportFormatError(
            file,
            line.number,
            "expected the previous term's level (beginner, intermediate "
            "or advanced) at the start of this line",
        )
    return Level(match.group(1)), line.text[match.end() :].strip()


def _topic(file: str, term: _Term, category: str, raw: dict[int, str]) -> TopicDraft:
    name, doubts = _term_name(term.sentence)
    sources = [
        SourceRef(file, term.line.number, raw[term.line.number]),
        SourceRef(file, term.level_line.number, raw[term.level_line.number]),
    ]
    return TopicDraft(
        texts={"en": TextDraft(title=name, summary=term.sentence)},
        sources=sources,
        kind=Kind.TERM,
        level=term.level,
        categories=[category],
        review_reasons=doubts,
    )


def _term_name(sentence: str) -> tuple[str, list[str]]:
    """The subject of the definition sentence, or a flagged guess when there is no verb."""
    subject = leading_subject(sentences(sentence)[0])
    if subject is None or not subject.words:
        return as_title(" ".join(sentence.split()[:3])), ["no subject found in the sentence"]
    if subject.verb_at is None:
        guess = as_title(" ".join(subject.words))
        return guess, [f"no verb after {guess!r}; the term name is a guess"]
    return as_title(subject.phrase), []


def _check_order(topics: list[TopicDraft]) -> None:
    """Names must be alphabetical: flag the names outside the longest ordered run."""
    keys = [(index, topic.title.casefold()) for index, topic in enumerate(topics)]
    ordered = {index for index, _ in longest_non_decreasing(keys)}
    for index, topic in enumerate(topics):
        if index not in ordered:
            topic.review_reasons.append(f"{topic.title!r} is out of the page's alphabetical order")
