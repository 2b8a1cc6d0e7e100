"""Per-owner caches of the runtime (authorizer results, throttle buckets), emptied by ``gw.reset()``,
and ``Derived``: what the data plane computes once per stored record (compiled route tables of a
deployment snapshot, key indexes), instead of once per request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

_CACHES: list[Any] = []

T = TypeVar("T")


def register_cache(cache: Any) -> Any:
    """Let ``forget`` empty ``cache`` (a mapping keyed by backend or handle) on ``gw.reset()``."""
    _CACHES.append(cache)
    return cache


def forget(*owners: Any) -> None:
    """Drop what the runtime remembers for these backends or handles."""
    for cache in _CACHES:
        for owner in owners:
            cache.pop(owner, None)


class Derived(Generic[T]):
    """``build(source)`` remembered for as long as ``source`` is the very object the store holds.

    Deployment snapshots are never changed in place (a new deployment stores a new record), so
    the identity of the record is its version: a backend that hands out copies (SQLite) simply
    rebuilds on every request. The entry keeps its source alive, so an ``id`` is never reused
    while it is a key; the table is bounded (emptied when full).
    """

    def __init__(self, build: Callable[[Any], T], size: int = 256) -> None:
        self._build = build
        self._size = size
        self._entries: dict[int, tuple[Any, T]] = {}
        self._lock = threading.Lock()

    def __call__(self, source: Any) -> T:
        entry = self._entries.get(id(source))
        if entry is not None and entry[0] is source:
            return entry[1]
        value = self._build(source)
        with self._lock:
            if len(self._entries) >= self._size:
                self._entries.clear()
            self._entries[id(source)] = (source, value)
        return value
