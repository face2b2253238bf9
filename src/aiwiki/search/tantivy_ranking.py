"""The top hits of a RankedQuery: the main query's scores plus the constant bonuses.

One big query with the bonus clauses inside would be simpler, but it leaves tantivy's
fast path for a flat OR of terms and costs about twice as much at a million topics. So
the main query runs alone, and small searches find who earns a bonus:

* `main AND bonus`, the best `offset + limit` by main score: every document of the main
  query's top that holds the bonus is among them (a subset ranks no lower), and so is
  every bonus holder that the bonus lifts into the final top;
* `names` (exact title/alias matches, a handful of documents) completely: alone, and if
  it finds any, again within `main` (with the bonus as an optional clause), which gives
  their main score.

Merged, this is exactly the order one query summing everything would give.
"""

from __future__ import annotations

from dataclasses import dataclass

import tantivy

from aiwiki.search.tantivy_query import RankedQuery

_MUST = tantivy.Occur.Must
_SHOULD = tantivy.Occur.Should
Key = tuple[int, int]  # (segment, document): DocAddress is not hashable


@dataclass(frozen=True)
class Ranked:
    hits: list[tuple[float, tantivy.DocAddress]]  # best first, the requested page only
    total: int  # documents matching (0 when not counted)
    names_outside: bool = False  # some exact name match lies outside the main query


def top_hits(
    searcher: tantivy.Searcher, query: RankedQuery, offset: int, limit: int, count: bool = True
) -> Ranked:
    """Hits `offset`..`offset + limit` by final score, and how many documents match (0 if
    not `count`: counting visits every match, while the best few alone let tantivy skip
    blocks of documents that cannot make the top)."""
    depth = offset + limit
    found = searcher.search(query.main, depth, count=count)
    scores: dict[Key, float] = {}
    addresses: dict[Key, tantivy.DocAddress] = {}

    def take(hits: list[tuple[float, tantivy.DocAddress]]) -> None:
        for score, address in hits:
            key = (address.segment_ord, address.doc)
            scores[key] = score  # later searches add bonuses: their scores are higher
            addresses[key] = address

    take(found.hits)
    if query.bonus is not None:
        both = tantivy.Query.boolean_query([(_MUST, query.main), (_MUST, query.bonus)])
        take(searcher.search(both, depth, count=False).hits)
    total = int(getattr(found, "count", 0) or 0) if count else 0  # (the stub lacks `count`)
    outside: list[tuple[float, tantivy.DocAddress]] = []
    named = [] if query.names is None else searcher.search(query.names, depth, count=False).hits
    if named and query.names is not None:  # most queries name no topic: one tiny search
        clauses = [(_MUST, query.main), (_MUST, query.names)]
        if query.bonus is not None:
            clauses.append((_SHOULD, query.bonus))
        within = searcher.search(tantivy.Query.boolean_query(clauses), depth, count=False).hits
        take(within)
        inside = {(a.segment_ord, a.doc) for _, a in within}
        outside = [(s, a) for s, a in named if (a.segment_ord, a.doc) not in inside]
        take(outside)  # named exactly, yet none of the words matched: the bonus alone
        total += len(outside)
    ranked = sorted(scores, key=lambda key: (-scores[key], key))[offset:depth]
    hits = [(scores[key], addresses[key]) for key in ranked]
    return Ranked(hits, total, names_outside=bool(outside))


def matching(query: RankedQuery, names_outside: bool) -> tantivy.Query:
    """One query for every matching document (for facet counts)."""
    if query.names is None or not names_outside:
        return query.main
    return tantivy.Query.boolean_query([(_SHOULD, query.main), (_SHOULD, query.names)])
