"""Facet counts (tag, category, level, kind, language) from single-valued fast columns.

tantivy aggregates a column holding exactly one value per document several times faster
than one holding several, or none, for some documents (over 171k matches on this
machine: three full single-valued tag columns 2.0 ms, one multi-valued tag column 12 ms).
So a topic's tags fill numbered slots, `tag_0` its first, `tag_1` its second, with EMPTY
where it has fewer, and the slots' counts are summed. A slot that no topic uses holds
EMPTY in every document and is skipped; tags beyond the slots go to one multi-valued
overflow column, aggregated only while some topic has that many (an indexed flag says
so). Level, kind and the combination of languages ("en+zh") have one value each.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import tantivy

from aiwiki.search.base import SearchDocument

EMPTY = "-"  # no tag in this slot, no level: never a slug
SLOTS = {"tag": 4, "category": 2}
SINGLE = {"level": "level", "kind": "kind", "language": "langs"}  # facet -> column
LANGS_SEPARATOR = "+"
FLAGS = "facet_flags"  # indexed only: "<facet>_more" when a topic overflows the slots
_TOTAL = "total"  # the matches themselves, counted in the same pass
SIZES = {"tag": 200, "category": 200, "level": 10, "kind": 20, "language": 64}


def add_fields(builder: tantivy.SchemaBuilder) -> None:
    for facet, slots in SLOTS.items():
        builder.add_text_field(facet, tokenizer_name="raw", index_option="basic")  # filters
        for column in (*_slot_columns(facet, slots), f"{facet}_more"):
            builder.add_text_field(column, tokenizer_name="raw", index_option="basic", fast=True)
    for column in SINGLE.values():
        builder.add_text_field(column, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_text_field("lang", tokenizer_name="raw", index_option="basic")  # filters
    builder.add_text_field(FLAGS, tokenizer_name="raw", index_option="basic")


def add_values(doc: tantivy.Document, document: SearchDocument, langs: list[str]) -> None:
    for facet, values in (("tag", document.tags), ("category", document.categories)):
        distinct = list(dict.fromkeys(values))
        for value in distinct:
            doc.add_text(facet, value)
        slots = SLOTS[facet]
        for k, column in enumerate(_slot_columns(facet, slots)):
            doc.add_text(column, distinct[k] if k < len(distinct) else EMPTY)
        for value in distinct[slots:]:
            doc.add_text(f"{facet}_more", value)
        if len(distinct) > slots:
            doc.add_text(FLAGS, f"{facet}_more")
    doc.add_text("level", document.level or EMPTY)
    doc.add_text("kind", document.kind)
    for lang in langs:
        doc.add_text("lang", lang)
    doc.add_text("langs", LANGS_SEPARATOR.join(langs))


def aggregations(searcher: tantivy.Searcher) -> dict[str, Any]:
    """The aggregation request for this searcher's index: only the columns in use."""
    everyone = int(searcher.num_docs)
    request: dict[str, Any] = {}
    for facet, slots in SLOTS.items():
        for column in _slot_columns(facet, slots):
            if searcher.doc_freq(column, EMPTY) < everyone:
                request[column] = _terms(column, SIZES[facet])
        if searcher.doc_freq(FLAGS, f"{facet}_more"):
            request[f"{facet}_more"] = _terms(f"{facet}_more", SIZES[facet])
    for facet, column in SINGLE.items():
        request[column] = _terms(column, SIZES[facet])
    request[_TOTAL] = {"value_count": {"field": "topic_id"}}
    return request


def total(result: dict[str, Any]) -> int:
    """How many documents matched, from an aggregation result."""
    return int(result[_TOTAL]["value"] or 0)


def counts(result: dict[str, Any]) -> dict[str, dict[str, int]]:
    """facet -> value -> number of matching topics, from an aggregation result."""
    facets: dict[str, Counter[str]] = {facet: Counter() for facet in SIZES}
    for column, found in result.items():
        if column == _TOTAL:
            continue
        facet = _facet_of(column)
        for bucket in found["buckets"]:
            value, count = str(bucket["key"]), int(bucket["doc_count"])
            if value == EMPTY:
                continue
            if facet == "language":
                for lang in value.split(LANGS_SEPARATOR):
                    facets[facet][lang] += count
            else:
                facets[facet][value] += count
    return {facet: dict(found.most_common(SIZES[facet])) for facet, found in facets.items()}


def _slot_columns(facet: str, slots: int) -> list[str]:
    return [f"{facet}_{k}" for k in range(slots)]


def _facet_of(column: str) -> str:
    """'langs' -> 'language', 'tag_0' and 'tag_more' -> 'tag'."""
    single = {c: facet for facet, c in SINGLE.items()}
    return single.get(column) or column.rsplit("_", 1)[0]


def _terms(column: str, size: int) -> dict[str, Any]:
    return {"terms": {"field": column, "size": size}}
