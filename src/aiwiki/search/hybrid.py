"""Hybrid search: the keyword engine, formula tokens and sentence embeddings, fused by rank.

The keyword backend (tantivy) stays the index of record: it holds every topic, answers
filters, facets, suggestions, and gives display data for hits found by the other signals.
A query runs as up to three rankings, each the best `depth` topics:

* keyword: the ranked tantivy search;
* formula: BM25 over a formula's normalised tokens, when the query reads as one;
* semantic: the nearest topic vectors to the query's embedding (when a model is set and
  topics have vectors; those without are found by the other two only, and the results
  say how many that is).

They are fused by reciprocal rank (fusion.py, weights from the settings); an exact title
or alias match of the whole query keeps first place whatever the others say. Each hit
names the signals that found it. Pages past the fused window are the keyword engine's.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

import numpy as np

from aiwiki.domain.enums import LANGUAGES
from aiwiki.search.analysis import has_cjk
from aiwiki.search.base import (
    Completion,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchRequest,
    SearchResults,
    SemanticStatus,
)
from aiwiki.search.embedding import Embedder, Vectors
from aiwiki.search.formula import query_tokens
from aiwiki.search.fusion import Fused, Ranking, fuse
from aiwiki.search.tantivy_backend import TantivyBackend
from aiwiki.search.vectors import VectorIndex
from aiwiki.search.weights import EXACT_ALIAS_SCORE

LANGUAGE_SLOTS = 16  # a vector key is topic id x 16 + the language's place in LANGUAGES
_QUERY_VECTORS_KEPT = 2048


def vector_key(topic_id: int, lang: str) -> int:
    slot = LANGUAGES.index(lang) if lang in LANGUAGES else LANGUAGE_SLOTS - 1
    return topic_id * LANGUAGE_SLOTS + slot


def key_topic(key: int) -> int:
    return key // LANGUAGE_SLOTS


@dataclass(frozen=True)
class FusionSettings:
    keyword_weight: float = 1.0
    semantic_weight: float = 2.0
    formula_weight: float = 1.0
    rrf_k: float = 10.0
    depth: int = 30  # how many each signal contributes
    min_similarity: float = 0.0  # semantic neighbours below this cosine are not hits
    centering: float = 0.5  # how much of its language's mean vector each vector loses


class HybridBackend(SearchBackend):
    """Keyword + formula + semantic, behind the one SearchBackend interface."""

    supports_suggest = True
    supports_related = True

    def __init__(self, keyword: TantivyBackend, embedder: Embedder | None = None,
                 fusion: FusionSettings | None = None, ann_threshold: int = 20_000) -> None:
        self.keyword = keyword
        self.embedder = embedder
        self.fusion = fusion or FusionSettings()
        self.vectors = None if embedder is None else VectorIndex(embedder.dim,
                                                                 ann_threshold=ann_threshold)
        self.pending = 0  # topics the embedding worker has yet to embed (it says so)
        self._embedded: set[int] = set()  # topic ids holding at least one vector
        self.centers: dict[int, Vectors] = {}  # language slot -> mean passage vector
        self._lock = threading.Lock()
        # query vectors repeat (search as you type, popular queries): a model call saved
        self._query_vector = functools.lru_cache(maxsize=_QUERY_VECTORS_KEPT)(self._embed)

    # vectors, kept by services/embedding.py -------------------------------------------

    def set_centers(self, means: dict[str, Vectors]) -> None:
        """Each language's mean vector, of which every vector and query loses a share
        (`centering`). The small model puts texts of one language near each other
        whatever they say (a Chinese query found Chinese topics about anything); without
        that shared part, meaning decides. Set before vectors are added."""
        self.centers = {vector_key(0, lang): mean for lang, mean in means.items()}

    def add_vectors(self, keys: list[int], vectors: Vectors) -> None:
        if self.vectors is None or not keys:
            return
        slots = [key % LANGUAGE_SLOTS for key in keys]
        self.vectors.upsert(np.asarray(keys, dtype=np.int64), self._centered(vectors, slots))
        with self._lock:
            self._embedded.update(key_topic(k) for k in keys)

    def remove_vectors(self, topic_ids: Iterable[int]) -> None:
        if self.vectors is None:
            return
        ids = set(topic_ids)
        self.vectors.remove([vector_key(t, lang) for t in ids for lang in LANGUAGES])
        with self._lock:
            self._embedded -= ids

    def status(self) -> SemanticStatus | None:
        if self.embedder is None:
            return None
        return SemanticStatus(self.embedder.name, len(self._embedded), self.pending)

    # SearchBackend: writes and reads other than search go to the keyword index --------

    def index(self, documents: Iterable[SearchDocument]) -> int:
        return self.keyword.index(documents)

    def remove(self, topic_ids: Iterable[int]) -> None:
        ids = list(topic_ids)
        self.keyword.remove(ids)
        self.remove_vectors(ids)

    def replace_all(self, documents: Iterable[SearchDocument]) -> int:
        return self.keyword.replace_all(documents)

    def clear(self) -> None:
        self.keyword.clear()

    def indexed_revisions(self, topic_ids: Collection[int] | None = None) -> dict[int, int]:
        return self.keyword.indexed_revisions(topic_ids)

    def suggest(self, prefix: str, limit: int = 8) -> list[Completion]:
        return self.keyword.suggest(prefix, limit)

    def related(self, topic_id: int, limit: int = 5) -> list[int]:
        """Keyword relatives fused with the topic's nearest neighbours by meaning."""
        found = self.keyword.related(topic_id, limit)
        neighbours = self._neighbours_of(topic_id, limit)
        if not neighbours:
            return found
        fused = fuse([Ranking("keyword", found), Ranking("semantic", neighbours)],
                     self.fusion.rrf_k)
        return [f.id for f in fused][:limit]

    def close(self) -> None:
        self.keyword.close()

    def refresh(self) -> None:
        self.keyword.refresh()

    def warm_up(self) -> None:
        self.keyword.warm_up()
        if self.embedder is not None:
            self._query_vector("warm up")

    # search ---------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        depth = self.fusion.depth
        if request.page * request.per_page > depth:  # past the fused window
            results = self.keyword.search(request)
            return replace(results, semantic=self.status())
        found = self.keyword.search(replace(request, page=1, per_page=depth))
        rankings = [Ranking("keyword", [h.topic_id for h in found.hits],
                            self.fusion.keyword_weight)]
        tokens = query_tokens(request.text)
        if tokens:
            formula = self.keyword.formula_ids(tokens, request.filters, depth)
            rankings.append(Ranking("formula", formula, self.fusion.formula_weight))
        semantic = self._semantic_ids(request.text, depth)
        if semantic:
            rankings.append(Ranking("semantic", semantic, self.fusion.semantic_weight))
        hits = self._fused_hits(found.hits, rankings, request)
        extra = sum(1 for h in hits if "keyword" not in h.signals)
        start = (request.page - 1) * request.per_page
        return replace(found, hits=hits[start:start + request.per_page],
                       total=found.total + extra, page=request.page,
                       per_page=request.per_page, semantic=self.status())

    def _fused_hits(self, keyword_hits: list[SearchHit], rankings: list[Ranking],
                    request: SearchRequest) -> list[SearchHit]:
        """Fused order, exact names pinned first; hits the keyword search did not return
        are read from the index (and dropped there if the filters exclude them)."""
        by_id = {h.topic_id: h for h in keyword_hits}
        fused = fuse(rankings, self.fusion.rrf_k)
        others = [f.id for f in fused if f.id not in by_id]
        by_id.update((h.topic_id, h) for h in self.keyword.fetch_hits(others, request))
        pinned = [h.topic_id for h in keyword_hits if h.score >= EXACT_ALIAS_SCORE]
        order = sorted((f for f in fused if f.id in by_id),
                       key=functools.partial(_pinned_first, pinned))
        return [replace(by_id[f.id], score=f.score, signals=f.signals) for f in order]

    def _semantic_ids(self, text: str, limit: int) -> list[int]:
        if self.vectors is None or not len(self.vectors) or not text.strip():
            return []
        found = self.vectors.search(self._query_vector(text[:200]), limit * len(LANGUAGES))
        floor = self.fusion.min_similarity
        ids = [key_topic(key) for key, similarity in found if similarity >= floor]
        return list(dict.fromkeys(ids))[:limit]  # a topic's best language counts

    def _embed(self, text: str) -> Vectors:
        assert self.embedder is not None
        slot = vector_key(0, "zh" if has_cjk(text) else "en")
        vector: Vectors = self._centered(self.embedder.query(text).reshape(1, -1), [slot])[0]
        return vector

    def _centered(self, vectors: Vectors, slots: list[int]) -> Vectors:
        share = self.fusion.centering
        if not self.centers or share == 0:
            return vectors
        zero = np.zeros(vectors.shape[1], dtype=np.float32)
        shifted = vectors - share * np.stack([self.centers.get(s, zero) for s in slots])
        norms = np.maximum(np.linalg.norm(shifted, axis=1, keepdims=True), 1e-12)
        centered: Vectors = np.asarray(shifted / norms, dtype=np.float32)
        return centered

    def _neighbours_of(self, topic_id: int, limit: int) -> list[int]:
        if self.vectors is None:
            return []
        own = [self.vectors.get(vector_key(topic_id, lang)) for lang in LANGUAGES]
        vectors = [v for v in own if v is not None]
        if not vectors:
            return []
        found = self.vectors.search(vectors[0], limit + len(LANGUAGES))
        ids = [key_topic(k) for k, _ in found if key_topic(k) != topic_id]
        return list(dict.fromkeys(ids))[:limit]


def _pinned_first(pinned: list[int], fused: Fused) -> tuple[int, float]:
    place = pinned.index(fused.id) if fused.id in pinned else len(pinned)
    return place, -fused.score

