"""Facet counts (tag, category, level, kind, language) from single-valued fast columns,
and the one field that filters select from.

tantivy aggregates a column holding exactly one value per document several times faster
than one holding several, or none, for some documents (over 171k matches on this
machine: three full single-valued tag columns 2.0 ms, one multi-valued tag column 12 ms),
and every column is one more pass over the matches. So:

* a topic's tags fill numbered slots, `tag_0` its first, `tag_1` its second, with EMPTY
  where it has fewer, and the slots' counts are summed. A slot that no topic uses holds
  EMPTY in every document and is skipped; tags beyond the slots go to one multi-valued
  overflow column, aggregated only while some topic has that many. Categories likewise.
* level, kind and languages share one column, `profile` ("beginner|concept|en+zh"): a
  hundred-odd combinations at most, counted in one pass and split here. Every document
  has a profile, so the buckets also add up to the number of matches.
* filters select from one indexed field, `facet`, whose values are "tag:<slug>",
  "level:<level>" and so on, plus "more:<facet>" flags for topics that overflow the slots.

Every column and every field also costs indexing time, which is why the filters share
one field and the single-valued facets one column.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import tantivy

from aiwiki.search.base import SearchDocument, SearchFilters

EMPTY = "-"  # no tag in this slot, no level: never a slug
SLOTS = {"tag": 4, "category": 2}
PROFILE = "profile"  # the column of level|kind|languages
FILTER_FIELD = "facet"
LANGS_SEPARATOR = "+"
_PROFILE_SEPARATOR = "|"
SIZES = {"tag": 200, "category": 200, "level": 10, "kind": 20, "language": 64}
_PROFILE_SIZE = 4096  # distinct level|kind|languages combinations; far more than exist
_PADDING = (EMPTY,) * max(SLOTS.values())
_SLOT_COLUMNS = {facet: [f"{facet}_{k}" for k in range(n)] for facet, n in SLOTS.items()}


def add_fields(builder: tantivy.SchemaBuilder) -> None:
    builder.add_text_field(FILTER_FIELD, tokenizer_name="raw", index_option="basic")
    for facet in SLOTS:
        for column in (*_SLOT_COLUMNS[facet], f"{facet}_more"):
            builder.add_text_field(column, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_text_field(PROFILE, tokenizer_name="raw", index_option="basic", fast=True)


def add_values(doc: tantivy.Document, document: SearchDocument, langs: list[str]) -> None:
    level, kind = document.level or EMPTY, document.kind
    filters = [filter_term("level", level), filter_term("kind", kind),
               *[filter_term("lang", lang) for lang in langs]]
    for facet, values in (("tag", document.tags), ("category", document.categories)):
        distinct = list(dict.fromkeys(values)) if len(values) > 1 else values
        filters += [filter_term(facet, value) for value in distinct]
        slots = _SLOT_COLUMNS[facet]
        padded = [*distinct, *_PADDING[: max(0, len(slots) - len(distinct))]]
        for column, value in zip(slots, padded, strict=False):
            doc.add_text(column, value)
        if len(distinct) > len(slots):
            filters.append(filter_term("more", facet))
            for value in distinct[len(slots):]:
                doc.add_text(f"{facet}_more", value)
    for value in filters:
        doc.add_text(FILTER_FIELD, value)
    doc.add_text(PROFILE, _PROFILE_SEPARATOR.join((level, kind, LANGS_SEPARATOR.join(langs))))


def filter_term(name: str, value: str) -> str:
    """A term of the `facet` field: 'tag:<slug>', 'level:<level>', 'more:<facet>'."""
    return f"{name}:{value}"


def filter_terms(filters: SearchFilters) -> list[str]:
    """The `facet` field's terms that a document must hold to pass `filters`."""
    chosen = {"tag": filters.tag, "category": filters.category, "level": filters.level,
              "kind": filters.kind, "lang": filters.lang}
    return [filter_term(name, value) for name, value in chosen.items() if value]


def aggregations(searcher: tantivy.Searcher) -> dict[str, Any]:
    """The aggregation request for this searcher's index: only the columns in use."""
    everyone = int(searcher.num_docs)
    request: dict[str, Any] = {}
    for facet, slots in _SLOT_COLUMNS.items():
        for column in slots:
            if searcher.doc_freq(column, EMPTY) < everyone:
                request[column] = _terms(column, SIZES[facet])
        if searcher.doc_freq(FILTER_FIELD, filter_term("more", facet)):
            request[f"{facet}_more"] = _terms(f"{facet}_more", SIZES[facet])
    request[PROFILE] = _terms(PROFILE, _PROFILE_SIZE)
    return request


def total(result: dict[str, Any]) -> int:
    """How many documents matched: each has exactly one profile."""
    profiles = result[PROFILE]
    counted = sum(int(bucket["doc_count"]) for bucket in profiles["buckets"])
    return counted + int(profiles.get("sum_other_doc_count") or 0)


def counts(result: dict[str, Any]) -> dict[str, dict[str, int]]:
    """facet -> value -> number of matching topics, from an aggregation result."""
    facets: dict[str, Counter[str]] = {facet: Counter() for facet in SIZES}
    for column, found in result.items():
        for bucket in found["buckets"]:
            value, count = str(bucket["key"]), int(bucket["doc_count"])
            if column == PROFILE:
                _count_profile(facets, value, count)
            elif value != EMPTY:
                facets[column.rsplit("_", 1)[0]][value] += count
    return {facet: dict(found.most_common(SIZES[facet])) for facet, found in facets.items()}


def _count_profile(facets: dict[str, Counter[str]], profile: str, count: int) -> None:
    level, kind, langs = profile.split(_PROFILE_SEPARATOR)
    if level != EMPTY:
        facets["level"][level] += count
    facets["kind"][kind] += count
    for lang in langs.split(LANGS_SEPARATOR) if langs else ():
        facets["language"][lang] += count


def _terms(column: str, size: int) -> dict[str, Any]:
    return {"terms": {"field": column, "size": size}}
