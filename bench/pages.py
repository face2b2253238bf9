"""Topic-page throughput: aiwiki vs a bare Starlette app serving the same bytes.

    .venv/bin/python bench/pages.py [--seconds 10] [--runs 3] [--connections 32] [--seeds]

Both servers run as one uvicorn worker on loopback, loaded by wrk (Debian package `wrk`)
in the same run; aiwiki is asked for every topic page in turn, the bare app returns the bytes
of one of them from memory. Prints requests/s and p99 latency (median and spread over runs)
and aiwiki's rate as a share of the bare app's. Target: at least 25 %.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
TARGET_SHARE = 0.25


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(factory: str, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", factory, "--port", str(port),
         "--workers", "1", "--log-level", "warning", "--no-access-log"],
        cwd=REPO, env={**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base + "/api/v1/stats" if "aiwiki" in factory else base)
                break
            time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def wrk(url: str, seconds: int, connections: int, script: Path | None) -> tuple[float, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99, out
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rate, float(p99.group(1)) * scale


def prepare(directory: Path, with_seeds: bool) -> tuple[dict[str, str], list[str]]:
    env = {"AIWIKI_DATABASE_URL": f"sqlite:///{directory / 'bench.db'}",
           "AIWIKI_INDEX_DIR": str(directory / "index")}
    aiwiki = [str(REPO / ".venv" / "bin" / "aiwiki")]
    files = [str(REPO / "src" / "aiwiki" / "starter")]
    if with_seeds and SEEDS.is_dir():
        files += [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    subprocess.run([*aiwiki, "import", *files], env={**os.environ, **env}, check=True,
                   capture_output=True)
    out = subprocess.run([*aiwiki, "export", "jsonl", str(directory / "dump.jsonl")],
                         env={**os.environ, **env}, check=True, capture_output=True)
    del out
    lines = (directory / "dump.jsonl").read_text().splitlines()
    slugs = [json.loads(line)["slug"] for line in lines
             if '"type": "topic"' in line and '"status": "deleted"' not in line]
    return env, slugs


def rotate_script(directory: Path, slugs: list[str]) -> Path:
    paths = ",".join(f'"/t/{urllib.parse.quote(slug)}?lang=en"' for slug in slugs)
    script = directory / "rotate.lua"
    script.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        "  return wrk.format('GET', paths[i])\nend\n"
    )
    return script


def summarize(label: str, runs: list[tuple[float, float]]) -> tuple[float, str]:
    rates = [r for r, _ in runs]
    p99s = [p for _, p in runs]
    rate = statistics.median(rates)
    line = (f"{label:<28} {rate:>9.0f} req/s (spread {min(rates):.0f}–{max(rates):.0f})   "
            f"p99 {statistics.median(p99s):>7.2f} ms (spread {min(p99s):.2f}–{max(p99s):.2f})")
    return rate, line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seeds", action="store_true", help="also import ../shared/seeds")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        env, slugs = prepare(directory, args.seeds)
        script = rotate_script(directory, slugs)
        ours, bare = [], []
        with server("aiwiki.web.app:create_app_from_env", env) as base:
            body = urllib.request.urlopen(f"{base}/t/{slugs[0]}?lang=en").read()
            (directory / "body.html").write_bytes(body)
            for slug in slugs:  # warm the page cache, as a running site would be
                urllib.request.urlopen(f"{base}/t/{urllib.parse.quote(slug)}?lang=en").read()
            with server("bench.bare_app:create",
                        {"BARE_BODY_FILE": str(directory / "body.html")}) as bare_base:
                for _ in range(args.runs):  # interleaved, so drift hits both alike
                    ours.append(wrk(base + "/", args.seconds, args.connections, script))
                    bare.append(wrk(bare_base + "/", args.seconds, args.connections, script))
    print(f"topic pages: {len(slugs)}, {args.runs} runs × {args.seconds}s, "
          f"{args.connections} connections, one uvicorn worker each")
    our_rate, our_line = summarize("aiwiki /t/<slug>", ours)
    bare_rate, bare_line = summarize("bare Starlette, same bytes", bare)
    print(our_line)
    print(bare_line)
    share = our_rate / bare_rate
    verdict = "meets" if share >= TARGET_SHARE else "MISSES"
    print(f"aiwiki / bare = {share:.0%}  (target ≥ {TARGET_SHARE:.0%}: {verdict})")


if __name__ == "__main__":
    main()
