"""Token buckets: what API Gateway's throttling takes a call from (REST stages and usage plans in
``rest.throttling``, HTTP API routes in ``http.throttling``).

A bucket holds ``burst`` tokens and refills ``rate`` tokens a second; each call takes one, and a
call that finds none is throttled. Buckets belong to the backend whose API they guard (a mock
handle's, or the server's), live as long as it, and are emptied by ``gw.reset()``.

Time is ``time.time()``, which time-freezing libraries move (freezegun and time-machine alike:
time-machine leaves ``time.monotonic`` alone), so a test refills a bucket by moving the clock.
A move backwards (``move_to`` an earlier moment, or the end of a freeze set in the future) refills
nothing and takes nothing: the bucket counts on from the new moment. Read from ``monotonic``, a
freezegun freeze ending (its monotonic is the frozen epoch time, ~1.7e9 s, the real one seconds since
boot) or a move back a year left every bucket of the backend billions of tokens short: every call
of every stage throttled until ``gw.reset()``.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

from gwmock.runtime.caches import register_cache

_BUCKETS: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[float, float]]] = register_cache(
    weakref.WeakKeyDictionary())
_LOCK = threading.Lock()


class _Owner:
    pass


_NO_BACKEND = _Owner()


def take(handle: Any, key: tuple[Any, ...], rate: float, burst: int) -> bool:
    """Take a token from bucket ``key`` of ``handle``'s backend; False when none is left."""
    owner = getattr(handle, "backend", None) or _NO_BACKEND
    now = time.time()
    with _LOCK:
        buckets = _BUCKETS.setdefault(owner, {})
        tokens, last = buckets.get(key, (float(burst), now))
        # a clock moved back (or standing still) refills nothing
        tokens = min(float(burst), tokens + (now - last) * rate if now > last else tokens)
        allowed = tokens >= 1
        buckets[key] = (tokens - 1 if allowed else tokens, now)
    return allowed
