"""`aiwiki serve` as a user runs it: a real server on loopback, starter content on first run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_loads_starter_into_empty_wiki(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "AIWIKI_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.db'}",
           "AIWIKI_INDEX_DIR": str(tmp_path / "index")}
    server = subprocess.Popen(
        [sys.executable, "-c", "from aiwiki.cli.main import run; run()", "serve",
         "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        body = ""
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
                    body = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert "Foundations" in body and "Transformers &amp; LLMs" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/search?q=attention") as r:
            assert b'"slug":"attention"' in r.read()
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode("utf-8", "replace")
    assert "Loaded the starter content" in output
    assert "Traceback" not in output
