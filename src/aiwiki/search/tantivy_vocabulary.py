"""The words the index holds, one small document each, for did-you-mean candidates.

A fuzzy query on the topic index itself visits the postings of every term within reach:
two edits from 'stlexring' is a union over every topic whose title holds a near word,
about 5 ms at a million topics. Here each word is one document, so the same automaton
costs only its walk over the term dictionary (about a fifth of that).

The vocabulary is derived from the topic index's term dictionaries (names, then
summaries) and only ever grows: a word no topic holds any more is still offered as a
candidate, and the live document frequency the caller reads for each candidate (0)
rules it out. It lives in memory; `sync` reads the dictionaries again and adds what is
new (start-up, after another process wrote), `add` takes the words of documents this
process has just indexed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

import tantivy

SOURCES = ("name", "text")  # where a word was seen: names are tried before texts
_WORDS_PER_COMMIT = 100_000
_WRITER_HEAP = 20_000_000  # words are tiny documents
_MIN_CHARS = 3  # shorter words are never corrected (query.fuzzy_distance)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for source in SOURCES:
        builder.add_text_field(source, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("word_id", fast=True)
    return builder.build()


class Vocabulary:
    """Words by source ('name' or 'text'), searchable within an edit distance."""

    def __init__(self) -> None:
        self._schema = _schema()
        self._index = tantivy.Index(self._schema)
        self._words: list[str] = []
        self._known: dict[str, set[str]] = {source: set() for source in SOURCES}
        self._lock = threading.Lock()

    def sync(self, searcher: tantivy.Searcher, fields: dict[str, tuple[str, ...]]) -> int:
        """Add the words of the index's term dictionaries, {source: fields}; a text word
        only if two topics hold it (one-off words of long texts are mostly noise, and
        they would make the vocabulary as big as the index's). Returns how many were new."""
        found = {
            source: [
                term
                for field in names
                for term, count in searcher.terms_with_prefix(field, "")
                if source == "name" or count >= 2
            ]
            for source, names in fields.items()
        }
        return self.add(found)

    def add(self, words: Mapping[str, Iterable[str]]) -> int:
        """Add words by source; ones already known cost a set look-up."""
        with self._lock:
            new = {
                source: {w for w in candidates if len(w) >= _MIN_CHARS} - self._known[source]
                for source, candidates in words.items()
            }
            if not any(new.values()):
                return 0
            writer = self._index.writer(_WRITER_HEAP, 1)
            added = 0
            for source, fresh in new.items():
                for word in fresh:
                    document = tantivy.Document()
                    document.add_text(source, word)
                    document.add_unsigned("word_id", len(self._words))
                    self._words.append(word)
                    writer.add_document(document)
                    added += 1
                    if added % _WORDS_PER_COMMIT == 0:
                        writer.commit()
                self._known[source] |= fresh
            writer.commit()
            writer.wait_merging_threads()
            self._index.reload()
            return added

    def near(self, term: str, distance: int, source: str, limit: int = 64) -> list[str]:
        """Words of `source` within `distance` edits of `term` (a swap counts one)."""
        searcher = self._index.searcher()
        if searcher.num_docs == 0:
            return []
        query = tantivy.Query.fuzzy_term_query(self._schema, source, term, distance)
        hits = searcher.search(query, limit, count=False).hits
        ids = searcher.fast_field_values("word_id", [address for _, address in hits])
        return [self._words[int(i)] for i in ids if i is not None]
