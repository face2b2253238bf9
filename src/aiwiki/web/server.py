"""How `aiwiki serve` runs uvicorn: httptools, with a cap on the request head.

uvicorn caps a request head only with h11 (`h11_max_incomplete_event_size`, answered 400);
with httptools, the faster parser, it buffers a head of any size, and a 50 MB header was
read in full before the application saw it. `HeadLimitedHttpTools` counts the bytes of a
head as they arrive and answers 431 once they pass the limit, before reading any more.
web/guard.py checks the same limit again, for servers started some other way.
"""

from __future__ import annotations

from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from aiwiki.config import Settings
from aiwiki.web.security import RAW_HEADERS


class HeadLimitedHttpTools(HttpToolsProtocol):
    max_head_bytes = 65536

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > self.max_head_bytes:
            self._refuse_head()

    def on_headers_complete(self) -> None:
        self._in_head, self._head_bytes = False, 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head = True
        super().on_message_complete()

    def _refuse_head(self) -> None:
        if self.transport.is_closing():
            return
        message = b"Request header fields too large.\n"
        head = [STATUS_LINE[431], *(name + b": " + value + b"\r\n" for name, value in RAW_HEADERS),
                b"content-type: text/plain; charset=utf-8\r\n",
                b"content-length: %d\r\n" % len(message), b"connection: close\r\n", b"\r\n"]
        self.transport.write(b"".join(head) + message)
        self.transport.close()


def protocol(max_head_bytes: int) -> type[HeadLimitedHttpTools]:
    """The protocol class for one server's limit (uvicorn builds one instance per connection)."""
    return type("HeadLimitedHttpTools", (HeadLimitedHttpTools,), {"max_head_bytes": max_head_bytes})


def config(app: Any, host: str, port: int, settings: Settings, **options: Any) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, http=protocol(settings.max_header_bytes),
                          log_level="warning", **options)


def run(app: Any, host: str, port: int, settings: Settings) -> None:
    uvicorn.Server(config(app, host, port, settings)).run()
