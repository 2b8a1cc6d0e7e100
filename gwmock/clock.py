"""The clock of gwmock's own safety budgets, which time-freezing libraries do not stop.

A test under ``freezegun.freeze_time`` sees ``time.monotonic()`` and ``time.perf_counter()``
frozen (freezegun replaces them, and every module attribute that names them). gwmock's bounds
on work a request can cause (a request body's schema validation, a resource policy's
patterns, the template engine's seconds, a remote function's wait, SQLite's lock wait) read
``monotonic`` from here instead, so that a frozen test still gets its 4xx/5xx in bounded time
rather than a hang. Behaviour a test may move on purpose (cache and authorizer TTLs,
throttling buckets, a Lambda context's remaining time) reads ``time.time()``: both freezegun and
time-machine move it, while ``time.monotonic`` is moved by freezegun alone (time-machine leaves it
be), and freezegun's jumps back and forth with ``move_to`` and at the freeze's end. Each such reader
takes a clock moved back as "no time passed" (a bucket refills nothing, a cached answer made "in the
future" is not served, a remaining time never exceeds the timeout).

Where the platform has ``clock_gettime`` (Linux, macOS, the BSDs), the monotonic clock is read
through it, which no time-freezing library patches; elsewhere ``time.monotonic`` is captured
when gwmock is imported (a ``partial`` object, which freezegun's scan of module attributes
does not recognise as the function it replaces). Both are C calls, as cheap as
``time.monotonic()``.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

if hasattr(time, "clock_gettime") and hasattr(time, "CLOCK_MONOTONIC"):
    monotonic: Callable[[], float] = functools.partial(time.clock_gettime, time.CLOCK_MONOTONIC)
else:  # pragma: no cover - Windows
    monotonic = functools.partial(time.monotonic)
