"""The tantivy schema and the mapping from SearchDocument to a tantivy document.

Text fields hold `prepare`d text under tantivy's ``default`` analyzer (see analysis.py).
Nothing textual is stored in the text fields themselves: one compressed ``payload`` of
JSON carries what a hit needs for display (slug, titles, summaries, start of the body),
so a hit costs one stored-document read. topic_id and revision are fast fields, so
`indexed_revisions()` reads columns instead of documents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import tantivy

from aiwiki.domain.names import parenthetical_aliases
from aiwiki.search.analysis import exact_key, prepare, prepare_name
from aiwiki.search.base import SearchDocument

SCHEMA_VERSION = 1  # bump when fields or analysis change: an old index is then rebuilt
NAME_FIELDS = ("title", "alias")
TEXT_FIELDS = ("title", "alias", "summary", "body")
FACET_FIELDS = {"tag": "tag", "category": "category", "level": "level", "kind": "kind",
                "language": "lang"}  # fmt: skip  # facet name -> field
STORED_BODY_CHARS = 1500  # enough for a snippet when only the body matches


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("topic_id", indexed=True, fast=True)
    builder.add_unsigned_field("revision", fast=True)
    builder.add_unsigned_field("title_len", fast=True)  # shorter titles complete first
    for name in NAME_FIELDS:
        builder.add_text_field(name, index_option="position")
    for name in ("summary", "body"):
        builder.add_text_field(name, index_option="freq")
    for name in ("title_exact", "alias_exact"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in FACET_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


@dataclass(frozen=True)
class Payload:
    """What a hit shows, read back from the stored payload."""

    slug: str
    titles: dict[str, str]
    summaries: dict[str, str]
    bodies: dict[str, str]
    aliases: list[str]
    tags: list[str]
    categories: list[str]

    @classmethod
    def decode(cls, raw: bytes) -> Payload:
        data = json.loads(raw)
        return cls(data["s"], data["t"], data["m"], data["b"], data["a"], data["g"], data["c"])

    def title(self, lang: str) -> str:
        return _in_language(self.titles, lang)


def to_tantivy(document: SearchDocument) -> tantivy.Document:
    """One tantivy document per topic; every language goes into the same fields."""
    doc = tantivy.Document()
    doc.add_unsigned("topic_id", document.topic_id)
    doc.add_unsigned("revision", document.revision)
    titles = [t for t in document.titles.values() if t]
    doc.add_unsigned("title_len", min((len(t) for t in titles), default=0))
    aliases = _aliases(document)
    for title in titles:
        doc.add_text("title", prepare_name(title))
        doc.add_text("title_exact", exact_key(title))
    for alias in aliases:
        doc.add_text("alias", prepare_name(alias))
        doc.add_text("alias_exact", exact_key(alias))
    for summary in document.summaries.values():
        if summary:
            doc.add_text("summary", prepare(summary))
    for body in document.bodies.values():
        if body:
            doc.add_text("body", prepare(body))
    _add_facets(doc, document)
    doc.add_bytes("payload", _payload(document, aliases))
    return doc


def languages(document: SearchDocument) -> list[str]:
    texts = (document.titles, document.summaries, document.bodies)
    return sorted({lang for part in texts for lang, text in part.items() if text})


def _aliases(document: SearchDocument) -> list[str]:
    """Given aliases plus the names hidden in a title's parentheses, each key once."""
    names = list(document.aliases)
    for title in document.titles.values():
        names.extend(parenthetical_aliases(title))
    seen: dict[str, str] = {}
    for name in names:
        key = exact_key(name)
        if key and key not in seen:
            seen[key] = name
    return list(seen.values())


def _add_facets(doc: tantivy.Document, document: SearchDocument) -> None:
    for tag in dict.fromkeys(document.tags):
        doc.add_text("tag", tag)
    for category in dict.fromkeys(document.categories):
        doc.add_text("category", category)
    if document.level:
        doc.add_text("level", document.level)
    doc.add_text("kind", document.kind)
    for lang in languages(document):
        doc.add_text("lang", lang)


def _payload(document: SearchDocument, aliases: list[str]) -> bytes:
    data = {
        "s": document.slug,
        "t": document.titles,
        "m": document.summaries,
        "b": {lang: body[:STORED_BODY_CHARS] for lang, body in document.bodies.items()},
        "a": aliases,
        "g": document.tags,
        "c": document.categories,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _in_language(texts: dict[str, str], lang: str) -> str:
    """The text in `lang`, else English, else any non-empty one."""
    for candidate in (lang, "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next((t for t in texts.values() if t), "")
