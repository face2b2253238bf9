"""Relevance of aiwiki search on the seed content, per query kind, beside plain BM25.

    .venv/bin/python bench/relevance.py

Imports ../shared/seeds into a temporary SQLite wiki, runs the judged queries of
tests/relevance/queries.yaml through aiwiki's SearchBackend and, as the reference, through a
bare tantivy BM25 query (default tokenizer, title + summary + body, parse_query_lenient) over
the same topics. Prints MRR@10, nDCG@10 and Recall@10 per kind for both.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import tantivy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.relevance.judgements import load_judgements  # noqa: E402

from aiwiki.config import Settings  # noqa: E402
from aiwiki.search.base import SearchRequest  # noqa: E402
from aiwiki.search.evaluation import Scores, evaluate  # noqa: E402
from aiwiki.services import importing, indexing  # noqa: E402
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


def main() -> None:
    if not SEEDS.is_dir():
        sys.exit(f"seed pages not found at {SEEDS}")
    judged = load_judgements()
    with tempfile.TemporaryDirectory() as tmp:
        wiki = Wiki.open(Settings(database_url=f"sqlite:///{tmp}/r.db",
                                  index_dir=Path(tmp) / "index", load_starter=False))
        importing.import_files(wiki, sorted(SEEDS.glob("*.txt")))
        backend = wiki.search
        assert backend is not None
        ours = evaluate(judged, lambda q: [
            h.slug for h in backend.search(SearchRequest(text=q, per_page=10)).hits])
        index = bare_bm25(wiki)
        searcher = index.searcher()

        def bm25(q: str) -> list[str]:
            query, _errors = index.parse_query_lenient(q, ["title", "summary", "body"])
            hits = searcher.search(query, 10).hits
            return [searcher.doc(address)["slug"][0] for _, address in hits]

        reference = evaluate(judged, bm25)
        wiki.close()
    table("aiwiki search", ours)
    table("reference: bare tantivy BM25, default tokenizer", reference)


if __name__ == "__main__":
    main()
