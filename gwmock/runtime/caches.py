"""Per-owner caches of the runtime (authorizer results, throttle buckets, REST stages' cached
responses), emptied by ``gw.reset()``, and ``Derived``: what the data plane computes once per stored
record (compiled route tables of a deployment snapshot, key indexes), instead of once per request.
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


StageOf = Callable[[tuple[Any, ...]], tuple[Any, Any]]  # a cache key -> the (API id, stage) it belongs to
_AUTHORIZER_CACHES: list[tuple[Any, StageOf]] = []


def register_authorizer_cache(cache: Any, stage_of: StageOf) -> Any:
    """``register_cache`` for cached authorizer answers (owner -> key -> entry); ``stage_of(key)``:
    the ``(API id, stage)`` an answer was cached for, which ``flush_authorizers`` matches."""
    _AUTHORIZER_CACHES.append((cache, stage_of))
    return register_cache(cache)


def flush_authorizers(backend: Any, api_id: str, stage: str) -> None:
    """Forget the authorizer answers cached for one stage of an API of ``backend``, by whichever
    owner cached them (the backend, or a mock handle over it): what FlushStageAuthorizersCache and
    ResetAuthorizersCache do on AWS."""
    _flush(_AUTHORIZER_CACHES, backend, (api_id, stage))


def _flush(caches: list[tuple[Any, StageOf]], backend: Any, wanted: tuple[str, str]) -> None:
    """Drop, from each of ``caches`` (owner -> key -> entry), the entries of the stage ``wanted`` of
    ``backend``'s owners (the backend, or a mock handle over it)."""
    for cache, stage_of in caches:
        for owner in list(cache.keys()):
            if owner is not backend and getattr(owner, "backend", None) is not backend:
                continue
            entries = cache.get(owner) or {}
            for key in list(entries):  # a copy: requests may cache answers meanwhile
                if stage_of(key) == wanted:
                    entries.pop(key, None)


_STAGE_CACHES: list[tuple[Any, StageOf]] = []


def register_stage_cache(cache: Any, stage_of: StageOf) -> Any:
    """``register_cache`` for the REST stages' response caches (owner -> key -> a stage's cache);
    ``stage_of(key)``: the ``(API id, stage)`` of the key, which ``flush_responses`` matches."""
    _STAGE_CACHES.append((cache, stage_of))
    return register_cache(cache)


def flush_responses(backend: Any, api_id: str, stage: str) -> None:
    """Forget the responses cached for one stage of an API of ``backend`` (FlushStageCache)."""
    _flush(_STAGE_CACHES, backend, (api_id, stage))


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
