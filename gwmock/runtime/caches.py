"""Per-owner caches of the runtime (authorizer results, throttle buckets), emptied by ``gw.reset()``."""

from __future__ import annotations

from typing import Any

_CACHES: list[Any] = []


def register_cache(cache: Any) -> Any:
    """Let ``forget`` empty ``cache`` (a mapping keyed by backend or handle) on ``gw.reset()``."""
    _CACHES.append(cache)
    return cache


def forget(*owners: Any) -> None:
    """Drop what the runtime remembers for these backends or handles."""
    for cache in _CACHES:
        for owner in owners:
            cache.pop(owner, None)
