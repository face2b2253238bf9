"""Search over HTTP: the real `aiwiki serve` beside a bare tantivy app on the same index.

    .venv/bin/python bench/search_http.py --sizes 100000
    .venv/bin/python bench/search_http.py --sizes 1000000   # the big run

For each size it generates the fixed-seed corpus and queries of bench/search.py
(bench/corpus.py, same seed and query count), bulk-loads the topics into a fresh SQLite
database the way the product stores them (bench/dbload.py; the load time is no figure),
then measures the product end to end:

* index build: `aiwiki reindex` as a subprocess, twice: first on the empty index of the
  fresh database, then with that index current (each figure includes the process's start);
* `aiwiki serve` start-up, until it answers a search;
* with one keep-alive client (the standard library's, lighter than httpx) over loopback,
  sequential GET /api/v1/search?q=... for
  every query (aiwiki and the reference interleaved per query, a warm-up round first, then
  --runs rounds) and GET /api/v1/suggest?q=... for each prefix of 1..6 characters of every
  query; then the same searches from --concurrency client threads (secondary figures);
* the serving process's anonymous memory (RssAnon) after the queries.

The reference runs in the same loop: a bare tantivy Starlette app (`bare_app` below, started
with `uvicorn --factory`) that opens the SAME index directory read-only and answers
`index.parse_query(words of q, ["title", "summary"])` with the stored documents of its top 10
hits as JSON. Every figure is printed beside its target (issue 3: HTTP search p99
<= 5 ms at 100k and <= 15 ms at 1M topics; build >= 20k topics/s; server anonymous memory
<= 300 MB at 1M) and, where there is one, beside the reference.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import http.client
import importlib.util
import json
import math
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
import tantivy
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from corpus import BenchQuery, CorpusGenerator, make_queries

BENCH = Path(__file__).resolve().parent
TARGET_BUILD_RATE = 20_000  # topics/s (issue 3)
TARGET_HTTP_P99_MS = {100_000: 5.0, 1_000_000: 15.0}  # search over HTTP (issue 3)
TARGET_SERVER_ANON_MB = 300  # at 1M topics (issue 3)
SUGGEST_PREFIXES = range(1, 7)  # every keystroke of the first 6 characters, as search.py
START_TIMEOUT_S = 3600  # start-up repair may index every topic at 1M
SEARCH = "/api/v1/search"  # the bare app answers on the same path
OURS, LEAN, BARE = "aiwiki", "aiwiki, facets=false", "bare tantivy"  # the search series


def main(argv: Sequence[str] | None = None) -> None:
    args = _parse(argv)
    for size in args.sizes:
        bench_size(size, args)


@dataclass
class Row:
    """One line of the final table."""

    figure: str
    ours: str
    reference: str = "-"
    target: str = "-"
    verdict: str = "-"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)

    def add(
        self,
        figure: str,
        ours: str,
        reference: str = "-",
        target: str = "-",
        verdict: bool | None = None,
    ) -> None:
        self.rows.append(
            Row(figure, ours, reference, target, "-" if verdict is None else _verdict(verdict))
        )

    def print(self, title: str) -> None:
        head = Row("figure", "aiwiki", "bare tantivy", "target", "verdict")
        widths = [max(len(getattr(r, f)) for r in [head, *self.rows]) for f in _COLUMNS]
        print(f"\n{title}")
        for row in [head, *self.rows]:
            print(
                "  "
                + "  ".join(getattr(row, f).ljust(w) for f, w in zip(_COLUMNS, widths, strict=True))
            )


_COLUMNS = ("figure", "ours", "reference", "target", "verdict")


def bench_size(size: int, args: argparse.Namespace) -> None:
    print(f"\n=== {size:,} topics  (seed {args.seed}, {args.runs} runs x {args.queries} queries)")
    print(f"code: {_code_version()}; servers: uvicorn with {_http_stack()}")
    print(f"load average {_load_average()} before the run (contention makes figures noisy)")
    started = time.perf_counter()
    report = Report()
    generator = CorpusGenerator(args.seed)
    t0 = time.perf_counter()
    documents = list(generator.documents(size))
    queries = make_queries(documents, generator.vocab, args.queries)
    print(f"corpus generated in {time.perf_counter() - t0:.1f} s (no figure)")
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="aiwiki-http-") as tmp:
        directory = Path(tmp)
        env = {
            "AIWIKI_DATABASE_URL": _load(directory / "wiki.db", documents),
            "AIWIKI_INDEX_DIR": str(directory / "wiki.index"),
        }
        del documents
        gc.collect()
        gc.freeze()  # the queries stay; keep the client's collector off what is left
        _reindex(size, env, directory, report)
        with contextlib.ExitStack() as stack:
            aiwiki = stack.enter_context(_aiwiki_server(env, directory))
            bare = stack.enter_context(_bare_server(Path(env["AIWIKI_INDEX_DIR"]), directory))
            report.add("server start-up", f"{aiwiki.startup:.1f} s", f"{bare.startup:.1f} s")
            _measure(size, queries, aiwiki, bare, args, report, env, directory)
        print(f"index size on disk: {_disk_mb(Path(env['AIWIKI_INDEX_DIR'])):.0f} MB")
    print(f"load average {_load_average()} after the run")
    report.print(f"summary, {size:,} topics (wall clock {time.perf_counter() - started:.0f} s)")


# database and index ---------------------------------------------------------------------


def _load(path: Path, documents: list[Any]) -> str:
    """The corpus as topics in a new SQLite database (dbload.py); returns its URL."""
    import dbload

    t0 = time.perf_counter()
    url = dbload.create_database(path)
    with _progress() as bar:
        task = bar.add_task("Loading topics", total=len(documents))
        loaded = dbload.load(url, documents, on_batch=lambda n: bar.advance(task, n))
    print(
        f"loaded into SQLite in {time.perf_counter() - t0:.1f} s (no figure): "
        f"{loaded.topics:,} topics, {loaded.texts:,} texts, {loaded.aliases:,} aliases "
        f"({loaded.aliases_skipped:,} skipped: name owned by an earlier topic), "
        f"{loaded.tag_links:,} tag and {loaded.category_links:,} category links; "
        f"{path.stat().st_size / 1e6:.0f} MB"
    )
    return url


def _reindex(size: int, env: dict[str, str], directory: Path, report: Report) -> None:
    """Time `aiwiki reindex` on the empty index, then again on a current one."""
    labels = (
        "index build, `aiwiki reindex`, empty index",
        "index build, `aiwiki reindex`, index current",
    )
    for label in labels:
        t0 = time.perf_counter()
        done = subprocess.run(
            [_aiwiki(), "reindex"],
            env={**os.environ, **env},
            cwd=directory,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - t0
        target = f">= {TARGET_BUILD_RATE:,} topics/s"
        if done.returncode != 0:
            error = _tail(done.stderr or done.stdout, 3)
            print(f"{label}: FAILED after {seconds:.1f} s, exit {done.returncode}:\n{error}")
            last = error.splitlines()[-1] if error else "?"
            report.add(
                label, f"crashed after {seconds:.0f} s: {last[:60]}", target=target, verdict=False
            )
            return  # the next run would fail alike; `serve` start-up repair builds the index
        indexed = re.search(r"Indexed (\d+) topics", done.stdout)
        count = int(indexed.group(1)) if indexed else 0
        rate = count / seconds
        print(
            f"{label}: {count:,} topics in {seconds:.1f} s = {rate:,.0f} topics/s   "
            f"target {target}  {_verdict(rate >= TARGET_BUILD_RATE)}"
        )
        if count != size:
            print(f"  WARNING: indexed {count:,} topics, expected {size:,}")
        report.add(
            label,
            f"{rate:,.0f} topics/s ({seconds:.1f} s)",
            target=target,
            verdict=rate >= TARGET_BUILD_RATE,
        )


# servers --------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    client: httpx.Client  # for the concurrent figures (thread-safe)
    startup: float  # seconds from launch to the first answered search
    light: http.client.HTTPConnection  # sequential figures: the stdlib client costs the
    # machine's shared CPUs far less per request than httpx, so both servers look faster


@contextlib.contextmanager
def _aiwiki_server(env: dict[str, str], directory: Path) -> Iterator[Server]:
    port = _free_port()
    command = [_aiwiki(), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with _server("aiwiki", command, {**os.environ, **env}, port, directory) as server:
        yield server


@contextlib.contextmanager
def _bare_server(index_dir: Path, directory: Path) -> Iterator[Server]:
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "search_http:bare_app",
        "--app-dir", str(BENCH), "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    env = {**os.environ, "BARE_INDEX_DIR": str(index_dir)}
    with _server("bare", command, env, port, directory) as server:
        yield server


@contextlib.contextmanager
def _server(
    name: str, command: list[str], env: dict[str, str], port: int, directory: Path
) -> Iterator[Server]:
    """Launch, wait until a search is answered, yield; then terminate and wait."""
    log = directory / f"{name}.log"
    t0 = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=directory, stdout=out, stderr=out)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
    try:
        startup = _wait_ready(name, process, client, log, t0)
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        print(
            f"{name} server up in {startup:.1f} s (pid {process.pid}, "
            f"{len(children)} child processes: it serves itself)"
        )
        light = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        yield Server(name, process, client, startup, light)
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.returncode not in (0, -15):
            print(f"{name} server exited with {process.returncode}:\n{_tail(log.read_text(), 10)}")


def _wait_ready(
    name: str, process: subprocess.Popen[bytes], client: httpx.Client, log: Path, t0: float
) -> float:
    while time.perf_counter() - t0 < START_TIMEOUT_S:
        if process.poll() is not None:
            raise RuntimeError(
                f"{name} server exited with {process.returncode} while starting:"
                f"\n{_tail(log.read_text(), 15)}"
            )
        with contextlib.suppress(httpx.TransportError):
            if client.get(SEARCH, params={"q": "x"}).status_code == 200:
                return time.perf_counter() - t0
        time.sleep(0.1)
    raise RuntimeError(f"{name} server did not answer within {START_TIMEOUT_S} s")


def _aiwiki() -> str:
    return str(Path(sys.executable).parent / "aiwiki")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# measurements ---------------------------------------------------------------------------


def _measure(
    size: int,
    queries: list[BenchQuery],
    aiwiki: Server,
    bare: Server,
    args: argparse.Namespace,
    report: Report,
    env: dict[str, str],
    directory: Path,
) -> None:
    _sanity(aiwiki, bare, queries)
    _report_search(size, _sequential(aiwiki, bare, queries, args.runs), report)
    _suggest(aiwiki, queries, args.runs, report)
    texts = [q.text for q in queries] * args.runs
    figures = {s.name: _concurrent(s, texts, args.concurrency) for s in (aiwiki, bare)}
    (o50, o99, orate), (b50, b99, brate) = figures["aiwiki"], figures["bare"]
    print(
        f"search, {args.concurrency} concurrent clients: aiwiki p50 {o50:.2f} ms, p99 "
        f"{o99:.2f} ms, {orate:,.0f} req/s;  bare p50 {b50:.2f} ms, p99 {b99:.2f} ms, "
        f"{brate:,.0f} req/s  (the client threads share the machine's CPUs with the servers)"
    )
    label = f"search over HTTP, {args.concurrency} concurrent"
    report.add(f"{label}, p50 / p99", f"{o50:.2f} / {o99:.2f} ms", f"{b50:.2f} / {b99:.2f} ms")
    report.add(f"{label}, throughput", f"{orate:,.0f} req/s", f"{brate:,.0f} req/s")
    _memory(size, aiwiki, bare, report)
    _topic_page(aiwiki, report)
    _page_after_an_edit(aiwiki, env, directory, report)


def _sanity(aiwiki: Server, bare: Server, queries: list[BenchQuery]) -> None:
    """The product works on the loaded data: it counts the topics, and finds the topic a
    query names (one search round, which also warms both servers up)."""
    stats = aiwiki.client.get("/api/v1/stats").raise_for_status().json()
    print(f"aiwiki answers: /api/v1/stats counts {stats.get('topics'):,} topics")
    with_hits = {"aiwiki": 0, "bare": 0}
    found = {"aiwiki": 0, "bare": 0}
    named = [q for q in queries if q.topic_id is not None]
    for query in queries:
        for server in (aiwiki, bare):
            body = server.client.get(SEARCH, params={"q": query.text}).raise_for_status().json()
            slugs = [_slug(hit) for hit in body["hits"]]
            with_hits[server.name] += bool(slugs)
            found[server.name] += f"topic-{query.topic_id}" in slugs
    print(
        f"queries with hits: aiwiki {with_hits['aiwiki']}/{len(queries)}, bare "
        f"{with_hits['bare']}/{len(queries)}; named topic in the top 10: aiwiki "
        f"{found['aiwiki']}/{len(named)}, bare {found['bare']}/{len(named)}"
    )


def _slug(hit: dict[str, Any]) -> str:
    if "slug" in hit:
        return str(hit["slug"])
    return str(re.search(r'"s":"([^"]*)"', hit["meta"][0]).group(1))  # type: ignore[union-attr]


def _sequential(
    aiwiki: Server, bare: Server, queries: list[BenchQuery], runs: int
) -> dict[str, list[list[float]]]:
    """Per series and run, the latency of every query: the default search (facets counted),
    the type-ahead one (`facets=false`) and the reference, interleaved per query (the order
    flips every run) so that drift in the machine's load hits all alike."""
    series: list[tuple[str, http.client.HTTPConnection, dict[str, str]]] = [
        (OURS, aiwiki.light, {}),
        (LEAN, aiwiki.light, {"facets": "false"}),
        (BARE, bare.light, {}),
    ]
    timings: dict[str, list[list[float]]] = {name: [] for name, _, _ in series}
    for run in range(runs):
        for name, _, _ in series:
            timings[name].append([])
        order = series if run % 2 == 0 else series[::-1]
        for query in queries:
            for name, connection, extra in order:
                timings[name][-1].append(_get_light(connection, SEARCH, query.text, extra))
    return timings


def _get_light(
    connection: http.client.HTTPConnection, path: str, text: str, extra: dict[str, str]
) -> float:
    """One keep-alive request's round trip in ms, the body read."""
    url = f"{path}?{urllib.parse.urlencode({'q': text, **extra})}"
    t0 = time.perf_counter()
    connection.request("GET", url)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status != 200:
        raise RuntimeError(f"GET {url} answered {response.status}")
    return elapsed


def _get(
    client: httpx.Client, path: str, text: str | None = None, extra: dict[str, str] | None = None
) -> float:
    """One request's round trip in ms, the body read."""
    params = {**({} if text is None else {"q": text}), **(extra or {})}
    t0 = time.perf_counter()
    response = client.get(path, params=params or None)
    elapsed = (time.perf_counter() - t0) * 1000
    response.raise_for_status()
    return elapsed


def _report_search(size: int, timings: dict[str, list[list[float]]], report: Report) -> None:
    def spread(runs: list[list[float]], q: float) -> str:
        values = [_percentile(run, q) for run in runs]
        return f"{min(values):.2f}-{max(values):.2f}"

    pooled = {name: [ms for run in runs for ms in run] for name, runs in timings.items()}
    p50 = {name: _percentile(values, 50) for name, values in pooled.items()}
    p99 = {name: _percentile(values, 99) for name, values in pooled.items()}
    target = TARGET_HTTP_P99_MS.get(size)
    print(
        f"search over HTTP, sequential, one keep-alive client, {len(pooled[OURS])} requests "
        f"each (all runs; per-run spread in brackets):"
    )
    for name, runs in timings.items():
        print(
            f"  {name:<22} p50 {p50[name]:6.2f} ms ({spread(runs, 50)})   "
            f"p99 {p99[name]:6.2f} ms ({spread(runs, 99)})"
        )
    for name in (OURS, LEAN):
        print(
            f"  {name} / bare: p50 {p50[name] / p50[BARE]:.1f}x, p99 "
            f"{p99[name] / p99[BARE]:.1f}x   target p99 "
            + (
                f"<= {target:.0f} ms  {_verdict(p99[name] <= target)}"
                if target
                else "(none at this size)"
            )
        )
    for name, label in ((OURS, "search over HTTP"), (LEAN, "search, facets=false")):
        report.add(f"{label}, p50", f"{p50[name]:.2f} ms", f"{p50[BARE]:.2f} ms")
        report.add(
            f"{label}, p99",
            f"{p99[name]:.2f} ms",
            f"{p99[BARE]:.2f} ms",
            f"<= {target:.0f} ms" if target else "-",
            None if target is None else p99[name] <= target,
        )
        report.add(f"{label}, p99 aiwiki / bare", f"{p99[name] / p99[BARE]:.1f}x")


def _suggest(aiwiki: Server, queries: list[BenchQuery], runs: int, report: Report) -> None:
    prefixes = [q.text[:n] for q in queries for n in SUGGEST_PREFIXES if len(q.text) >= n]
    timings: list[float] = []
    for run in range(runs + 1):
        for prefix in prefixes:
            elapsed = _get_light(aiwiki.light, "/api/v1/suggest", prefix, {})
            if run:  # the first round warms up
                timings.append(elapsed)
    p50, p99 = _percentile(timings, 50), _percentile(timings, 99)
    print(
        f"suggest over HTTP, sequential ({len(prefixes)} prefixes x {runs}): "
        f"p50 {p50:.2f} ms, p99 {p99:.2f} ms  (no bare reference, no target over HTTP)"
    )
    report.add("suggest over HTTP, p50 / p99", f"{p50:.2f} / {p99:.2f} ms")


def _concurrent(server: Server, texts: list[str], workers: int) -> tuple[float, float, float]:
    """p50 and p99 in ms and requests/s of the searches sent from `workers` threads."""
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda t: _get(server.client, SEARCH, t), texts[: workers * 10]))  # warm
        t0 = time.perf_counter()
        latencies = list(pool.map(lambda t: _get(server.client, SEARCH, t), texts))
        wall = time.perf_counter() - t0
    return _percentile(latencies, 50), _percentile(latencies, 99), len(texts) / wall


def _memory(size: int, aiwiki: Server, bare: Server, report: Report) -> None:
    ours, ref = _status(aiwiki.process.pid), _status(bare.process.pid)
    target = f"<= {TARGET_SERVER_ANON_MB} MB at 1M"
    ok = ours["RssAnon"] <= TARGET_SERVER_ANON_MB
    print(
        f"server memory after the queries: aiwiki anonymous {ours['RssAnon']:.0f} MB "
        f"(resident {ours['VmRSS']:.0f} MB, peak {ours['VmHWM']:.0f} MB); bare anonymous "
        f"{ref['RssAnon']:.0f} MB (resident {ref['VmRSS']:.0f} MB)   target anonymous "
        f"{target}  {_verdict(ok)}" + ("" if size == 1_000_000 else " (at this size)")
    )
    report.add(
        "server anonymous memory (RssAnon)",
        f"{ours['RssAnon']:.0f} MB",
        f"{ref['RssAnon']:.0f} MB",
        target,
        ok,
    )


def _topic_page(aiwiki: Server, report: Report) -> None:
    """After the search figures: the first topic page a server renders, and what it leaves
    in memory (the body auto-linker is built from every title and alias at that moment)."""
    t0 = time.perf_counter()
    topic = aiwiki.client.get("/api/v1/topics/topic-1").raise_for_status().json()
    first = time.perf_counter() - t0
    second = _get(aiwiki.client, "/api/v1/topics/topic-2")
    anon = _status(aiwiki.process.pid)["RssAnon"]
    print(
        f"then one topic page: /api/v1/topics/topic-1 (“{topic['title']}”, revision "
        f"{topic['revision_number']}) answered in {first:.1f} s, the next topic in "
        f"{second:.1f} ms; the server's anonymous memory is then {anon:.0f} MB"
    )
    report.add("first topic page (API), after it: RssAnon", f"{first:.1f} s, {anon:.0f} MB")


def _page_after_an_edit(
    aiwiki: Server, env: dict[str, str], directory: Path, report: Report
) -> None:
    """An editor renames one topic with `aiwiki import`; then the next topic page, which
    must see the new name (the auto-linker reads the names of the topics changed since)."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.orm import Session

    from aiwiki.importers import jsonl, lossless
    from aiwiki.storage.tables import Topic

    engine = create_engine(env["AIWIKI_DATABASE_URL"])
    with Session(engine) as session:
        topic = session.scalars(select(Topic).where(Topic.slug == "topic-3")).one()
        data = lossless.dump_topic(session, topic)
    engine.dispose()
    data["texts"]["en"]["title"] += " revised"
    edit = directory / "edit.jsonl"
    lines = [jsonl.HEADER, {"type": "topic", **data}]
    edit.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    renamed = data["texts"]["en"]["title"]
    t0 = time.perf_counter()
    done = subprocess.run([_aiwiki(), "import", str(edit)], env={**os.environ, **env},
                          cwd=directory, capture_output=True, text=True, check=False)
    imported = time.perf_counter() - t0
    if done.returncode != 0:
        print(f"the edit failed: {_tail(done.stderr or done.stdout, 3)}")
        report.add("topic page after an edit", "edit failed", verdict=False)
        return
    # The server notices the write within its poll interval and catches its index up;
    # searching for the new title (no page rendered) tells when it has.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        hits = aiwiki.client.get("/api/v1/search", params={"q": renamed}).json()["hits"]
        if any(_slug(hit) == "topic-3" and hit.get("title") == renamed for hit in hits):
            break
        time.sleep(0.05)
    noticed = time.perf_counter() - t0 - imported
    t0 = time.perf_counter()
    page = aiwiki.client.get("/api/v1/topics/topic-4").raise_for_status().json()
    after = time.perf_counter() - t0
    anon = _status(aiwiki.process.pid)["RssAnon"]
    print(
        f"an edit (`aiwiki import` of one renamed topic, {imported:.1f} s; in the server's "
        f"search {noticed:.1f} s later), then the next "
        f"topic page: /api/v1/topics/topic-4 (“{page['title']}”) in {after * 1000:.0f} ms; "
        f"RssAnon then {anon:.0f} MB"
    )
    report.add("topic page after an edit, then RssAnon", f"{after * 1000:.0f} ms, {anon:.0f} MB")


def _status(pid: int) -> dict[str, float]:
    """A process's memory figures from /proc, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = {k: re.search(rf"{k}:\s+(\d+)", status) for k in ("RssAnon", "VmRSS", "VmHWM")}
    return {k: int(m.group(1)) / 1024 for k, m in found.items() if m}


# the reference app ----------------------------------------------------------------------


def bare_app() -> Starlette:
    """`uvicorn --factory search_http:bare_app`: bare tantivy over HTTP, on the index named
    by BARE_INDEX_DIR, opened read-only. What the product's search costs beyond this is
    its own: query planning, spelling, facets, snippets, the database, the response model."""
    index = tantivy.Index.open(os.environ["BARE_INDEX_DIR"])

    async def search(request: Request) -> JSONResponse:
        words = re.sub(r"[^\w\s]", " ", request.query_params.get("q", ""))
        searcher = index.searcher()
        try:
            query = index.parse_query(words, ["title", "summary"])
        except ValueError:
            return JSONResponse({"total": 0, "hits": []})
        result = searcher.search(query, 10)
        hits = [_plain(searcher.doc(address).to_dict()) for _, address in result.hits]
        return JSONResponse({"total": result.count, "hits": hits})

    return Starlette(routes=[Route(SEARCH, search)])


def _plain(stored: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Stored byte fields as text, so the document can go out as JSON."""
    return {
        name: [v.decode() if isinstance(v, bytes) else v for v in values]
        for name, values in stored.items()
    }


# helpers --------------------------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    """Nearest rank, as bench/search.py computes it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)]


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(),
    )  # fmt: skip


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _code_version() -> str:
    """The commit measured, and whether src/ differs from it: the product changes often."""
    git = ["git", "-C", str(BENCH.parent)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "src"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return f"{head}" + (" with uncommitted changes in src/" if dirty else ", src/ as committed")


def _http_stack() -> str:
    """What uvicorn picks ("auto") in this environment: the C parser and loop, or pure
    Python ones; it shows in every HTTP figure, the reference's too."""
    parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"{parser} + {loop}"


def _load_average() -> str:
    """1, 5 and 15 minute load averages beside the CPU count: another benchmark running
    on the machine shows here."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} CPUs"


def _verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    sizes: Callable[[str], list[int]] = lambda s: [int(x) for x in s.split(",")]  # noqa: E731
    parser.add_argument("--sizes", type=sizes, default=[100_000])
    parser.add_argument("--runs", type=int, default=3, help="measured rounds of all queries")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--dir", default=None, help="where the temporary database goes")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main()
