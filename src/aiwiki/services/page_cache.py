"""Rendered pages kept in memory, keyed by what they depend on (slug, language, generation)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedPage:
    body: bytes
    etag: str


class PageCache:
    """A small thread-safe LRU; the key includes the site generation, so a write anywhere
    simply makes old entries unreachable and they age out. `hits` and `misses` count the
    lookups: what tells a render avoided from one done."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[tuple[object, ...], CachedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> CachedPage | None:
        with self._lock:
            page = self._items.get(key)
            if page is None:
                self.misses += 1
            else:
                self.hits += 1
                self._items.move_to_end(key)
            return page

    def put(self, key: tuple[object, ...], body: bytes) -> CachedPage:
        page = CachedPage(body, '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')
        if self.size <= 0:
            return page
        with self._lock:
            self._items[key] = page
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return page
