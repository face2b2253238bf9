"""A real uvicorn server on 127.0.0.1, in a background thread of the test process, so that
a test can read the Wiki it serves (its page cache) while talking HTTP to it. It is set up
as `aiwiki serve` sets it up (web/server.py: httptools with the cap on the request head)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from aiwiki.services.wiki import Wiki
from aiwiki.web.app import create_app
from aiwiki.web.server import config as server_config


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(wiki: Wiki) -> Iterator[str]:
    """http://127.0.0.1:<free port> serving `wiki` until the block ends. No lifespan: its
    gc.freeze() would reach into the whole test process."""
    port = free_port()
    config = server_config(create_app(wiki), "127.0.0.1", port, wiki.settings,
                           ws="none", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
