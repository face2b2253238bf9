"""The keyword engine: a tantivy index implementing SearchBackend.

Writes go through one IndexWriter (created on the first write, so read-only processes
never take tantivy's writer lock) under a lock; each `index()`/`remove()` call is one
commit, after which the reader is reloaded so the next search sees it. Searches take a
fresh searcher each and need no lock: tantivy searchers are immutable snapshots.
"""

from __future__ import annotations

import functools
import gc
import json
import logging
import shutil
import threading
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy

from aiwiki.search import tantivy_facets
from aiwiki.search.analysis import (
    exact_key,
    has_cjk,
    name_terms,
    prepare,
    warm_up,
    words_in_order,
)
from aiwiki.search.base import (
    Completion,
    IndexBusy,
    SearchBackend,
    SearchDocument,
    SearchFilters,
    SearchHit,
    SearchRequest,
    SearchResults,
)
from aiwiki.search.highlight import Matcher, best_snippet
from aiwiki.search.query import (
    STOPWORDS,
    QueryPlan,
    clean_user_text,
    did_you_mean,
    plan_query,
    with_corrections,
)
from aiwiki.search.resolve import resolve
from aiwiki.search.tantivy_query import (
    any_of,
    filters_query,
    ranked_query,
    related_query,
    suggest_queries,
    with_filters,
)
from aiwiki.search.tantivy_ranking import matching, top_hits
from aiwiki.search.tantivy_schema import (
    FORMULA_FIELD,
    SCHEMA_VERSION,
    TYPO_FIELDS,
    Payload,
    build_schema,
    register_tokenizers,
    to_tantivy,
)
from aiwiki.search.tantivy_spelling import find_corrections
from aiwiki.search.tantivy_vocabulary import Vocabulary

log = logging.getLogger(__name__)

MAX_PER_PAGE = 100
MAX_OFFSET = 10_000  # deeper pages return no hits (totals and facets stay exact)
_REVISION_PAGE = 50_000
SHORT_COMPLETION = 2  # completions of keys this short are kept (see suggest)
_SHORT_COMPLETIONS_KEPT = 4096
EDIT_HEAP = 30_000_000  # the writer's buffer for edits (tantivy wants 15 MB a thread at least)
_VOCABULARY_FIELDS = {"name": TYPO_FIELDS, "text": ("summary",)}
_WORDS_FROM_DOCUMENTS = 1000  # a bigger write re-reads the term dictionaries instead
_MARKER = "aiwiki-search.json"


class TantivyBackend(SearchBackend):
    """Keyword search over a tantivy index in `path` (None keeps it in memory)."""

    supports_suggest = True
    supports_related = True

    def __init__(
        self, path: Path | None = None, *, writer_heap: int = 128_000_000, writer_threads: int = 2
    ) -> None:
        """`writer_heap` bounds the indexing buffer of a full rebuild (allocated only while
        indexing, then flushed into segments), shared by `writer_threads` threads; edits,
        a few topics at a time, use a small one-thread buffer (EDIT_HEAP)."""
        self._schema = build_schema()
        self._index = _open_index(path, self._schema)
        self._writer_heap = writer_heap
        self._writer_threads = writer_threads
        self._writer: tantivy.IndexWriter | None = None
        self._writer_bulk = False  # whether the open writer has the rebuild's big buffer
        self._write_lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None  # built on first need (did-you-mean)
        self._reloads = 0  # with the searcher's counts, tells one index state from the next
        self._short_completions: dict[tuple[object, ...], list[Completion]] = {}
        self._vocabulary_lock = threading.Lock()

    @property
    def tantivy_index(self) -> tantivy.Index:
        """The underlying index, for benchmarks and diagnostics only."""
        return self._index

    # writes --------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        with self._write_lock:
            writer = self._get_writer()
            empty = self._index.searcher().num_docs == 0
            seen: set[int] = set()
            few: list[SearchDocument] = []  # whose words the vocabulary takes one by one
            written = 0
            try:
                for document in documents:
                    # an empty index needs no delete unless the batch repeats an id
                    if not empty or document.topic_id in seen:
                        writer.delete_documents_by_query(self._id_query(document.topic_id))
                    seen.add(document.topic_id)
                    if document.status != "deleted":
                        writer.add_document(to_tantivy(document))
                        written += 1
                        if len(few) <= _WORDS_FROM_DOCUMENTS:
                            few.append(document)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            self._reload()
        self._grow_vocabulary(few if len(few) <= _WORDS_FROM_DOCUMENTS else None)
        return written

    def replace_all(self, documents: Iterable[SearchDocument]) -> int:
        """One transaction: readers see the old index until the commit. The writer spills
        full segments to disk as it goes, so memory stays within its heap."""
        with self._write_lock, _collector_paused():
            writer = self._get_writer(bulk=True)
            written = 0
            try:
                writer.delete_all_documents()
                for document in documents:
                    if document.status != "deleted":
                        writer.add_document(to_tantivy(document))
                        written += 1
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            self._reload()
        self._grow_vocabulary(None)
        return written

    def remove(self, topic_ids: Iterable[int]) -> None:
        with self._write_lock:
            writer = self._get_writer()
            for topic_id in topic_ids:
                writer.delete_documents_by_query(self._id_query(topic_id))
            writer.commit()
            self._reload()

    def clear(self) -> None:
        with self._write_lock:
            writer = self._get_writer()
            writer.delete_all_documents()
            writer.commit()
            self._reload()

    def wait_merges(self) -> None:
        """Finish background segment merges (after a bulk build, before measuring)."""
        with self._write_lock:
            if self._writer is not None:
                self._writer.wait_merging_threads()
                self._writer = None
            self._reload()

    def close(self) -> None:
        self.wait_merges()

    def refresh(self) -> None:
        self._reload()
        self._grow_vocabulary(None)

    def warm_up(self) -> None:
        warm_up()  # jieba's dictionary: a second, better spent before the first query
        self.vocabulary()

    def vocabulary(self) -> Vocabulary:
        """The did-you-mean vocabulary, read from the index the first time it is asked for."""
        with self._vocabulary_lock:
            if self._vocabulary is None:
                vocabulary = Vocabulary()
                vocabulary.sync(self._index.searcher(), _VOCABULARY_FIELDS)
                self._vocabulary = vocabulary
            return self._vocabulary

    def _grow_vocabulary(self, documents: list[SearchDocument] | None) -> None:
        """Add new words to a vocabulary already built: those of a few documents just
        written, or (None) whatever the term dictionaries hold that it lacks."""
        vocabulary = self._vocabulary
        if vocabulary is None:
            return
        if documents is None:
            vocabulary.sync(self._index.searcher(), _VOCABULARY_FIELDS)
            return
        names = [
            *(t for d in documents for t in d.titles.values()),
            *(a for d in documents for a in d.aliases),
        ]
        texts = [summary for d in documents for summary in d.summaries.values()]
        vocabulary.add(  # (the vocabulary locks its own writes)
            {
                "name": [w for name in names for w in name_terms(name)],
                "text": [w for text in texts for w in words_in_order(text)],
            }
        )

    def _reload(self) -> None:
        self._index.reload()
        self._reloads += 1

    def _id_query(self, topic_id: int) -> tantivy.Query:
        # delete_documents_by_term would take a Python int as i64 and miss the u64 field
        return tantivy.Query.term_query(self._schema, "topic_id", topic_id)

    def _get_writer(self, bulk: bool = False) -> tantivy.IndexWriter:
        if self._writer is not None and self._writer_bulk != bulk:
            self._writer.wait_merging_threads()  # one writer per index: swap buffer sizes
            self._writer = None
        if self._writer is None:
            heap, threads = (self._writer_heap, self._writer_threads) if bulk else (EDIT_HEAP, 1)
            try:
                self._writer = self._index.writer(heap, threads)
                self._writer_bulk = bulk
            except ValueError as error:  # tantivy's lock file: one writer per directory
                raise IndexBusy(
                    "another process is writing this search index; only one may at a time"
                ) from error
        return self._writer

    # reads ---------------------------------------------------------------------------

    def indexed_revisions(self, topic_ids: Collection[int] | None = None) -> dict[int, int]:
        searcher = self._index.searcher()
        if topic_ids is not None:
            chosen = sorted(set(topic_ids))
            revisions: dict[int, int] = {}
            for at in range(0, len(chosen), _REVISION_PAGE):
                some = chosen[at : at + _REVISION_PAGE]
                query = tantivy.Query.term_set_query(self._schema, "topic_id", some)
                revisions.update(self._revisions(searcher, query, len(some)))
            return revisions
        revisions = {}
        query = tantivy.Query.all_query()
        while True:
            page = self._revisions(searcher, query, _REVISION_PAGE)
            revisions.update(page)
            if len(page) < _REVISION_PAGE:
                return revisions
            query = tantivy.Query.range_query(
                self._schema,
                "topic_id",
                tantivy.FieldType.Unsigned,
                lower_bound=max(page),
                include_lower=False,
            )

    @staticmethod
    def _revisions(searcher: tantivy.Searcher, query: tantivy.Query, limit: int) -> dict[int, int]:
        """topic id -> indexed revision of up to ``limit`` matches, lowest ids first."""
        hits = searcher.search(
            query, limit, count=False, order_by_field="topic_id", order=tantivy.Order.Asc
        ).hits
        values = searcher.fast_field_values("revision", [address for _, address in hits])
        return {int(key): int(rev or 0) for (key, _), rev in zip(hits, values, strict=True)}

    def search(self, request: SearchRequest) -> SearchResults:
        per_page = min(max(1, request.per_page), MAX_PER_PAGE)
        page = max(1, request.page)
        searcher = self._index.searcher()
        plan = resolve(plan_query(request.text), _IndexView(searcher))
        corrections = find_corrections(plan, searcher, self.vocabulary)
        if corrections:
            plan = with_corrections(plan, corrections)
        if not plan.is_empty:
            query = ranked_query(plan, self._schema, request.filters)
        elif _has_filters(request):  # no words but filters: browse what they select
            query = filters_query(self._schema, request.filters)
        else:
            return SearchResults([], 0, page, per_page, {}, notice=plan.notice)
        offset = (page - 1) * per_page
        deep = offset >= MAX_OFFSET  # no hits that deep; totals and facets still exact
        # with facets, the aggregation pass counts the matches too, so the hits need not;
        # it runs on another thread meanwhile (tantivy lets go of the GIL while it counts)
        counting = _count_facets(searcher, query.main) if request.facets else None
        ranked = top_hits(
            searcher, query, 0 if deep else offset, 1 if deep else per_page, not request.facets
        )
        hits = [] if deep else self._hits(searcher, ranked.hits, plan, request.lang)
        total, facets = ranked.total, {}
        if counting is not None:
            found = counting.result()
            if ranked.names_outside:  # rare: an exact name outside the main query counts too
                found = _count_facets(searcher, matching(query, True)).result()
            total, facets = tantivy_facets.total(found), tantivy_facets.counts(found)
        return SearchResults(
            hits=hits,
            total=total,
            page=page,
            per_page=per_page,
            facets=facets,
            did_you_mean=did_you_mean(plan),
            notice=plan.notice,
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[Completion]:
        text = clean_user_text(prefix).text
        plan = plan_query(text)
        if not plan.key or limit < 1:
            return []
        searcher = self._index.searcher()
        if len(plan.key) > SHORT_COMPLETION:
            return self._complete(searcher, plan, text, limit)
        # one or two characters: the dearest completions (a tenth of all topics sorted by
        # title length) and the most repeated (every search starts so): kept per index state
        state = (self._reloads, searcher.num_docs, searcher.num_segments, plan.key, text, limit)
        found = self._short_completions.get(state)
        if found is None:
            found = self._complete(searcher, plan, text, limit)
            if len(self._short_completions) >= _SHORT_COMPLETIONS_KEPT:
                self._short_completions.clear()  # also drops the states gone by
            self._short_completions[state] = found
        return list(found)

    def _complete(
        self, searcher: tantivy.Searcher, plan: QueryPlan, text: str, limit: int
    ) -> list[Completion]:
        found: dict[str, Completion] = {}  # one per title: the shortest-titled topic's
        for query in suggest_queries(self._schema, plan.key, [t.term for t in plan.terms]):
            hits = searcher.search(
                query, limit, count=False, order_by_field="title_len", order=tantivy.Order.Asc
            ).hits
            addresses = [address for _, address in hits]
            ids = searcher.fast_field_values("topic_id", addresses)
            for address, topic_id in zip(addresses, ids, strict=True):
                payload = _payload(searcher, address)
                title = _matching_title(payload, plan.key, text)
                if title and title not in found:
                    found[title] = Completion(title, payload.slug, int(topic_id or 0))
            if len(found) >= limit:
                break
        return list(found.values())[:limit]

    def related(self, topic_id: int, limit: int = 5) -> list[int]:
        searcher = self._index.searcher()
        own = self._id_query(topic_id)
        found = searcher.search(own, 1, count=False).hits
        if not found or limit < 1:
            return []
        payload = _payload(searcher, found[0][1])
        titles = [t for title in payload.titles.values() for t in name_terms(title)]
        words = [t for t in dict.fromkeys(titles) if t not in STOPWORDS]
        summaries = [prepare(s) for s in payload.summaries.values() if s]
        query = related_query(self._schema, words, summaries, payload.tags)
        query = query.and_must_not_match(own)
        hits = searcher.search(query, limit, count=False).hits
        ids = searcher.fast_field_values("topic_id", [address for _, address in hits])
        return [int(i) for i in ids if i is not None]

    def formula_ids(self, tokens: list[str], filters: SearchFilters, limit: int) -> list[int]:
        """Topics whose formulas share the most of these formula tokens (search/formula.py),
        best first: BM25 over the formula field."""
        if not tokens or limit < 1:
            return []
        searcher = self._index.searcher()
        terms = [tantivy.Query.term_query(self._schema, FORMULA_FIELD, t) for t in tokens]
        query = with_filters(any_of(terms), self._schema, filters)
        hits = searcher.search(query, limit, count=False).hits
        ids = searcher.fast_field_values("topic_id", [address for _, address in hits])
        return [int(i) for i in ids if i is not None]

    def fetch_hits(self, topic_ids: Collection[int], request: SearchRequest) -> list[SearchHit]:
        """Hits for topics found some other way (by their meaning, by a formula), with
        snippets for the request's words: those that pass its filters, in no order."""
        if not topic_ids:
            return []
        searcher = self._index.searcher()
        chosen = tantivy.Query.term_set_query(self._schema, "topic_id", sorted(set(topic_ids)))
        query = with_filters(chosen, self._schema, request.filters)
        found = searcher.search(query, len(set(topic_ids)), count=False).hits
        return self._hits(searcher, found, plan_query(request.text), request.lang)

    def _hits(
        self, searcher: tantivy.Searcher, found: list[Any], plan: QueryPlan, lang: str
    ) -> list[SearchHit]:
        if not found:
            return []
        matcher = Matcher.from_plan(plan)
        ids = searcher.fast_field_values("topic_id", [address for _, address in found])
        hits = []
        for (score, address), topic_id in zip(found, ids, strict=True):
            payload = _payload(searcher, address)
            hits.append(
                SearchHit(
                    topic_id=int(topic_id or 0),
                    slug=payload.slug,
                    title=payload.title(lang),
                    score=float(score),
                    snippet_html=_snippet(payload, matcher, lang),
                    level=payload.level,
                    kind=payload.kind,
                    status=payload.status,
                )
            )
        return hits


class _IndexView:
    """resolve.IndexView over a tantivy searcher."""

    def __init__(self, searcher: tantivy.Searcher) -> None:
        self._searcher = searcher
        self.num_docs = int(searcher.num_docs)

    def doc_freq(self, field: str, term: str) -> int:
        return int(self._searcher.doc_freq(field, term))

    def complete(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        found = self._searcher.terms_with_prefix("title", prefix, limit=limit)
        return [(str(term), int(count)) for term, count in found]


def _count_facets(searcher: tantivy.Searcher, query: tantivy.Query) -> Future[dict[str, Any]]:
    """Facet counts of every match, computed on a worker thread: a second pass over all
    matches that, at a million topics, costs as much as the ranked search beside it."""
    return _facet_counter().submit(
        searcher.aggregate, query, tantivy_facets.aggregations(searcher)
    )


@functools.cache
def _facet_counter() -> ThreadPoolExecutor:
    """One pool for the process; a few threads, for searches that overlap (CLI, tests)."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="aiwiki-facets")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a rebuild: it makes and drops millions of acyclic
    objects (reference counting frees them), and the collections that they trigger cost
    a fifth of the rebuild's Python time, for nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _snippet(payload: Payload, matcher: Matcher, lang: str) -> str:
    """The reader's-language summary if it matched, else any text that matched."""
    summaries, bodies = payload.summaries, payload.bodies
    texts = [summaries.get(lang, ""), *summaries.values(), bodies.get(lang, ""), *bodies.values()]
    return best_snippet(dict.fromkeys(texts), matcher)  # each text scanned once


def _matching_title(payload: Payload, key: str, typed: str) -> str:
    for title in payload.titles.values():
        if title and exact_key(title).startswith(key):
            return title
    return payload.title("zh" if has_cjk(typed) else "en")


def _payload(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> Payload:
    return Payload.read(searcher.doc(address))


def _has_filters(request: SearchRequest) -> bool:
    f = request.filters
    return any((f.tag, f.category, f.level, f.kind, f.lang))


def _open_index(path: Path | None, schema: tantivy.Schema) -> tantivy.Index:
    """Open or create the index, with our tokenizers; an index from another schema version
    is rebuilt empty (indexed_revisions() then reports nothing, so start-up repair
    reindexes all)."""
    index = tantivy.Index(schema) if path is None else _open_on_disk(path, schema)
    register_tokenizers(index)
    return index


def _open_on_disk(path: Path, schema: tantivy.Schema) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=True)
    marker = path / _MARKER
    if tantivy.Index.exists(str(path)) and not _is_current(path, marker):
        log.warning("search index at %s is from another version; starting it afresh", path)
        shutil.rmtree(path)
        path.mkdir(parents=True)
    index = tantivy.Index(schema, str(path), reuse=True)
    marker.write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
    return index


def _is_current(path: Path, marker: Path) -> bool:
    try:
        version = json.loads(marker.read_text()).get("schema_version")
        return bool(version == SCHEMA_VERSION and tantivy.Index.is_compatible(str(path)))
    except (OSError, ValueError):
        return False
