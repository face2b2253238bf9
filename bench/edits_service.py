"""Edit latency through the editing service on SQLite, beside a bare SQLAlchemy insert.

    .venv/bin/python bench/edits_service.py [--topics 10000] [--runs 5] [--edits 40] [--seed 7]

Loads a generated wiki (bench/corpus.py, bench/dbload.py), opens it as the server does
and, run after run, edits random topics through `services.editing.edit` with their real
base revision: once with the search index (what a save costs: write lock, checks, rows,
one revision, generation, index commit) and once without (the database part alone). In the
same runs, interleaved, the reference: a bare SQLAlchemy Core insert of the same revision
row into a copy of the revisions table, one transaction each. Prints the median latency
and p90 of each (median over runs, spread min–max).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, insert

from aiwiki.config import Settings
from aiwiki.services import editing, history
from aiwiki.services.edit_requests import EditRequest
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Revision, Topic
from corpus import CorpusGenerator
from dbload import create_database, load

Timing = Callable[[int], float]  # one timed call for a topic number -> seconds


def open_wiki(url: str, directory: Path, with_search: bool) -> Wiki:
    settings = Settings(database_url=url, index_dir=directory / "index", load_starter=False)
    return Wiki.open(settings, with_search=with_search)


def edit_once(wiki: Wiki, rng: random.Random) -> Timing:
    def timed(number: int) -> float:
        slug = f"topic-{number}"
        base = history.history(wiki, slug, limit=1)[0].number
        request = EditRequest(base_revision=base, texts={"en": {"body": f"Edit {rng.random()}"}})
        start = time.perf_counter()
        editing.edit(wiki, slug, request, "bench-editor")
        return time.perf_counter() - start
    return timed


def bare_insert(engine: Engine, rng: random.Random) -> Timing:
    """The same revision row a save writes, inserted alone into a twin of the table."""
    beside = MetaData()
    Topic.__table__.to_metadata(beside)  # what the twin's foreign key points at
    twin = Revision.__table__.to_metadata(beside, name="bench_revisions")
    for index in twin.indexes:  # the same indexes, so the same work per row
        index.name = f"bench_{index.name}"
    twin.create(engine)
    counter = iter(range(1, 10**9))

    def timed(number: int) -> float:
        row: dict[str, Any] = {"topic_id": number, "number": next(counter), "author": "bench",
                               "comment": "", "change": "edit", "generation": 1,
                               "snapshot": _snapshot(number, rng)}
        start = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(insert(twin), row)
        return time.perf_counter() - start
    return timed


def _snapshot(number: int, rng: random.Random) -> dict[str, Any]:
    return {"slug": f"topic-{number}", "kind": "concept", "level": None,
            "status": "published", "aliases": [], "tags": [], "categories": [],
            "texts": {"en": {"title": f"Topic {number}", "summary": "A summary " * 20,
                             "why_it_matters": "", "body": f"Edit {rng.random()} " * 30}}}


def summarize(label: str, runs: list[list[float]]) -> str:
    medians = [statistics.median(run) * 1000 for run in runs]
    p90s = [statistics.quantiles(run, n=10)[-1] * 1000 for run in runs]
    return (f"{label:<40} median {statistics.median(medians):7.2f} ms "
            f"(spread {min(medians):.2f}–{max(medians):.2f})   p90 "
            f"{statistics.median(p90s):7.2f} ms (spread {min(p90s):.2f}–{max(p90s):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        url = create_database(directory / "wiki.db")
        load(url, CorpusGenerator(args.seed).documents(args.topics))
        searched, bare = open_wiki(url, directory, True), open_wiki(url, directory, False)
        timings = {"edit via service, with search index": edit_once(searched, rng),
                   "edit via service, database only": edit_once(bare, rng),
                   "bare SQLAlchemy insert of the revision": bare_insert(bare.engine, rng)}
        results: dict[str, list[list[float]]] = {label: [] for label in timings}
        for _ in range(args.runs):
            run = {label: [] for label in timings}  # type: dict[str, list[float]]
            for _ in range(args.edits):
                number = rng.randint(1, args.topics)
                for label, timed in timings.items():  # interleaved: drift hits all alike
                    run[label].append(timed(number))
            for label, values in run.items():
                results[label].append(values)
        searched.close()
        bare.close()
    print(f"SQLite, {args.topics} topics, {args.runs} runs × {args.edits} edits, seed {args.seed}")
    for label, runs in results.items():
        print(summarize(label, runs))


if __name__ == "__main__":
    main()
