"""A small in-process cache for power-map answers, so many analysts asking the same question
(the circle at a date, the graph around a leader) cost one computation.

Entries live at most `ttl` seconds and are dropped as soon as the store changes: a cheap store
fingerprint (row counts) is checked at most every `check_interval` seconds, and the web app
clears the cache after each of its own writes. Concurrent requests for the same key wait for
one computation ("single flight"). Cached values are shared: callers must not mutate them.
This module knows nothing about what it caches.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    error: BaseException | None = None


class ResultCache:
    """Thread-safe LRU + TTL cache with single-flight computation and store fingerprints."""

    def __init__(
        self,
        ttl: float,
        max_entries: int = 256,
        fingerprint: Callable[[], Hashable] | None = None,
        check_interval: float = 2.0,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.fingerprint = fingerprint
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._print: Hashable = None
        self._checked = 0.0
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _check_store(self) -> None:
        if self.fingerprint is None:
            return
        now = time.monotonic()
        with self._lock:
            if now - self._checked < self.check_interval:
                return
            self._checked = now
        current = self.fingerprint()
        with self._lock:
            if current != self._print:
                self._print = current
                self._entries.clear()

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for `key`, or `compute()` (run once even if many threads ask)."""
        if not self.enabled:
            return compute()
        self._check_store()
        now = time.monotonic()
        with self._lock:
            found = self._entries.get(key)
            if found is not None and now - found[0] < self.ttl:
                self._entries.move_to_end(key)
                self.hits += 1
                value: T = found[1]
                return value
            flight = self._flights.get(key)
            leader = flight is None
            if flight is None:
                flight = _Flight()
                self._flights[key] = flight
                self.misses += 1
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            shared: T = flight.value
            return shared
        try:
            flight.value = compute()
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                self._flights.pop(key, None)
                if flight.error is None:
                    self._entries[key] = (time.monotonic(), flight.value)
                    self._entries.move_to_end(key)
                    while len(self._entries) > self.max_entries:
                        self._entries.popitem(last=False)
            flight.done.set()
        result: T = flight.value
        return result
