"""The tantivy schema and the mapping from SearchDocument to a tantivy document.

Text fields hold `prepare`d text under tantivy's ``default`` analyzer (see analysis.py).
Nothing textual is stored in the text fields themselves: two stored byte fields carry
what a hit needs for display (``meta``: slug, titles, aliases, tags as JSON; ``texts``:
summaries and the start of bodies), so a hit costs one stored-document read. topic_id
and revision are fast fields, so `indexed_revisions()` reads columns, not documents.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import tantivy

from aiwiki.domain.enums import DEFAULT_LANGUAGE
from aiwiki.search import tantivy_facets
from aiwiki.search.analysis import exact_key, prepare, prepare_name
from aiwiki.search.base import SearchDocument
from aiwiki.search.formula import index_tokens

SCHEMA_VERSION = 11  # bump when fields or analysis change: an old index is then rebuilt
TYPO_FIELDS = ("title", "alias")  # whose words did-you-mean offers first
TEXT_FIELDS = ("title", "title_other", "alias", "summary", "body")
SHORT_PREFIX = 8  # name keys are also indexed by their first 1..8 characters
PREFIX_TOKENIZER = "name_prefix"  # cuts a key into those prefixes, in Rust
FORMULA_FIELD = "formula"  # one raw term per formula token (search/formula.py)
STORED_BODY_CHARS = 600  # enough for a snippet when only the body matches
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")
_JSON_READ = json.JSONDecoder()
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # reused: dumps() with
# options would build a new encoder for every document


def register_tokenizers(index: tantivy.Index) -> None:
    """What the schema's fields name beyond tantivy's own tokenizers: every Index object
    opened on our schema needs this before it indexes a document."""
    prefixes = tantivy.Tokenizer.ngram(min_gram=1, max_gram=SHORT_PREFIX, prefix_only=True)
    index.register_tokenizer(PREFIX_TOKENIZER, tantivy.TextAnalyzerBuilder(prefixes).build())


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("topic_id", indexed=True, fast=True)
    builder.add_unsigned_field("revision", fast=True)
    builder.add_unsigned_field("title_len", fast=True)  # shorter titles complete first
    for name in ("title", "title_other", "alias"):
        builder.add_text_field(name, index_option="position")
    for name in ("summary", "body"):
        builder.add_text_field(name, index_option="freq")
    for name in ("title_exact", "alias_exact"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("name_prefix", tokenizer_name=PREFIX_TOKENIZER, index_option="basic")
    builder.add_text_field(FORMULA_FIELD, tokenizer_name="raw", index_option="freq")
    tantivy_facets.add_fields(builder)
    builder.add_bytes_field("meta", stored=True)
    builder.add_bytes_field("texts", stored=True)
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
    level: str | None
    kind: str
    status: str

    @classmethod
    def read(cls, doc: tantivy.Document) -> Payload:
        meta = _meta(doc)
        texts = [raw.decode() for raw in doc.get_all("texts")]
        summary_langs, body_langs = meta["m"], meta["b"]
        summaries = dict(zip(summary_langs, texts, strict=False))
        bodies = dict(zip(body_langs, texts[len(summary_langs) :], strict=False))
        return cls(meta["s"], meta["t"], summaries, bodies, meta["a"], meta["g"], meta["c"],
                   meta["l"], meta["k"], meta["st"])

    def title(self, lang: str) -> str:
        return _in_language(self.titles, lang)


def _meta(doc: tantivy.Document) -> dict[str, Any]:
    raw = doc.get_first("meta")
    if not isinstance(raw, bytes):
        raise ValueError("search index document without its stored meta field")
    meta: dict[str, Any] = _JSON_READ.decode(raw.decode())  # json.loads would sniff bytes
    return meta


def to_tantivy(document: SearchDocument) -> tantivy.Document:
    """One tantivy document per topic; every language goes into the same fields."""
    doc = tantivy.Document()
    doc.add_unsigned("topic_id", document.topic_id)
    doc.add_unsigned("revision", document.revision)
    titles = [t for t in document.titles.values() if t]
    doc.add_unsigned("title_len", min((len(t) for t in titles), default=0))
    title_keys = {exact_key(title): title for title in titles}
    aliases = _keyed(document.aliases, set(title_keys))
    derived = _keyed(_title_names(titles), {*title_keys, *aliases})
    primary = _primary_title(document.titles)
    for key, title in title_keys.items():
        # other languages' titles get a field of their own, so that a translated topic's
        # title is as short, for BM25, as an untranslated one's
        doc.add_text("title" if title == primary else "title_other", prepare_name(title))
        doc.add_text("title_exact", key)
    for key, alias in aliases.items():
        doc.add_text("alias", prepare_name(alias))
        doc.add_text("alias_exact", key)
    for key in derived:  # their words are the title's own: exact matching only
        doc.add_text("alias_exact", key)
    # indexed by their first 1..8 characters (PREFIX_TOKENIZER): suggest() answers a short
    # prefix from one posting list instead of a range of thousands of keys
    for key in (*title_keys, *aliases, *derived):
        doc.add_text("name_prefix", key)
    for summary in document.summaries.values():
        if summary:
            doc.add_text("summary", prepare(summary))
    for body in document.bodies.values():
        if body:
            doc.add_text("body", prepare(body))
    for formula in document.formulas:
        for token in index_tokens(formula):
            doc.add_text(FORMULA_FIELD, token)
    tantivy_facets.add_values(doc, document, languages(document))
    _add_payload(doc, document, [*aliases.values(), *derived.values()])
    return doc


def languages(document: SearchDocument) -> list[str]:
    texts = (document.titles, document.summaries, document.bodies)
    return sorted({lang for part in texts for lang, text in part.items() if text})


def _primary_title(titles: dict[str, str]) -> str:
    """The default language's title, else the first one given."""
    return titles.get(DEFAULT_LANGUAGE) or next((t for t in titles.values() if t), "")


def _title_names(titles: list[str]) -> list[str]:
    """The names a title carries in parentheses: 'Low-Rank Adaptation (LoRA)' is also
    'LoRA' and 'Low-Rank Adaptation'. Every parenthetical counts ('Alignment (AI)' is
    also 'AI'); subtler names (domain.names.title_aliases: 'KV Caching' for 'Key-Value
    (KV) Caching') come from the importer in SearchDocument.aliases."""
    names: list[str] = []
    for title in titles:
        if "(" in title:
            names.extend(m.group(1) for m in _PARENTHETICAL.finditer(title))
            names.append(" ".join(_PARENTHETICAL.sub(" ", title).split()))
    return names


def _keyed(names: list[str], taken: set[str]) -> dict[str, str]:
    """exact key -> name, first name per key, skipping empty and `taken` keys."""
    keyed: dict[str, str] = {}
    for name in names:
        key = exact_key(name)
        if key and key not in taken and key not in keyed:
            keyed[key] = name
    return keyed


def _add_payload(doc: tantivy.Document, document: SearchDocument, aliases: list[str]) -> None:
    """Small JSON for the names; the long texts raw (JSON-escaping them costs more)."""
    summaries = {lang: text for lang, text in document.summaries.items() if text}
    bodies = {lang: text[:STORED_BODY_CHARS] for lang, text in document.bodies.items() if text}
    meta = {
        "s": document.slug,
        "t": document.titles,
        "a": aliases,
        "g": document.tags,
        "c": document.categories,
        "l": document.level,
        "k": document.kind,
        "st": document.status,
        "m": list(summaries),
        "b": list(bodies),
    }
    doc.add_bytes("meta", _JSON.encode(meta).encode())
    for text in (*summaries.values(), *bodies.values()):
        doc.add_bytes("texts", text.encode())


def _in_language(texts: dict[str, str], lang: str) -> str:
    """The text in `lang`, else English, else any non-empty one."""
    for candidate in (lang, "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next((t for t in texts.values() if t), "")
