"""The site generation, watched from a background thread so hot paths never query for it.

Every write bumps a counter in the database (see storage.revisions.bump_generation). Page caches key
on it. Writes made by this process refresh it at once (`refresh`); writes by another process
(the CLI importing while the server runs) are noticed within one polling interval.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class GenerationWatcher:
    def __init__(
        self, read: Callable[[], int], interval: float = 0.25,
        on_poll: Callable[[int], object] | None = None,
    ) -> None:
        self._read = read
        self.on_poll = on_poll
        self._interval = interval
        self._value = read()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def value(self) -> int:
        return self._value

    def refresh(self) -> int:
        self._value = self._read()
        return self._value

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="aiwiki-generation",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                value = self.refresh()
                if self.on_poll is not None:
                    self.on_poll(value)  # e.g. catch the search index up with another process
            except Exception:  # noqa: S112 - a failed poll keeps the last value
                continue
