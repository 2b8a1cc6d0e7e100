"""The server's threads for handlers and user code: ``workers`` of them, plus overflow.

User code may call this same server (an HTTP integration or a Lambda function requesting
another route, a WebSocket route posting back): that nested request needs a thread while
its caller holds one. With a fixed pool, ``workers`` such callers at once would wait on
each other until their timeouts. So when every worker is busy, work goes to an overflow
pool instead of queueing; the overflow is bounded by ``max_connections`` (each connection
has at most one request in flight), so threads stay bounded as the connection count does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class ElasticExecutor(Executor):
    """``workers`` threads first; past them, up to ``overflow`` more, never a queue behind busy callers."""

    def __init__(self, workers: int, overflow: int, name: str = "gwmock-server") -> None:
        self.workers = workers
        self._primary = ThreadPoolExecutor(workers, thread_name_prefix=name)
        self._overflow = ThreadPoolExecutor(max(overflow, 1), thread_name_prefix=f"{name}-overflow")
        self._lock = threading.Lock()
        self._busy = 0

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._lock:
            pool = self._primary if self._busy < self.workers else self._overflow
            self._busy += 1
        future = pool.submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._lock:
            self._busy -= 1

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._primary.shutdown(wait=wait, cancel_futures=cancel_futures)
        self._overflow.shutdown(wait=wait, cancel_futures=cancel_futures)
