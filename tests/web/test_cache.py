"""The answer cache: one computation for many callers, expiry, and store-change invalidation."""

from __future__ import annotations

import threading
import time

import pytest

from innercircle.web.cache import ResultCache


def test_concurrent_callers_share_one_computation() -> None:
    cache = ResultCache(ttl=60)
    calls = []
    gate = threading.Event()

    def slow() -> int:
        calls.append(1)
        gate.wait(5)
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_compute("k", slow)))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(5)
    assert results == [42] * 8 and len(calls) == 1


def test_entries_expire_and_errors_are_not_cached() -> None:
    cache = ResultCache(ttl=0.05)
    counter = iter(range(100))
    assert cache.get_or_compute("k", lambda: next(counter)) == 0
    assert cache.get_or_compute("k", lambda: next(counter)) == 0
    time.sleep(0.06)
    assert cache.get_or_compute("k", lambda: next(counter)) == 1

    def fail() -> int:
        raise ValueError("boom")

    for _ in range(2):
        with pytest.raises(ValueError):
            cache.get_or_compute("bad", fail)
    assert cache.misses == 4


def test_a_store_change_drops_every_entry() -> None:
    version = [1]
    cache = ResultCache(ttl=60, fingerprint=lambda: version[0], check_interval=0)
    assert cache.get_or_compute("k", lambda: "old") == "old"
    assert cache.get_or_compute("k", lambda: "new") == "old"
    version[0] = 2
    assert cache.get_or_compute("k", lambda: "new") == "new"


def test_zero_ttl_disables_the_cache() -> None:
    cache = ResultCache(ttl=0)
    counter = iter(range(10))
    assert [cache.get_or_compute("k", lambda: next(counter)) for _ in range(3)] == [0, 1, 2]
