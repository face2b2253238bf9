"""The reference for bench/pages.py: a bare Starlette app returning fixed bytes from memory.

Run by the benchmark with `uvicorn --factory bench.bare_app:create`; BARE_BODY_FILE names the
file holding the bytes (a topic page as aiwiki rendered it)."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def create() -> Starlette:
    body = Path(os.environ["BARE_BODY_FILE"]).read_bytes()

    async def page(request: Request) -> Response:
        return Response(body, media_type="text/html; charset=utf-8")

    return Starlette(routes=[Route("/{path:path}", page)])
