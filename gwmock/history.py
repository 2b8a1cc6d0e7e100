"""Bounded lists for what a mock remembers (``gw.calls``, ``gw.requests``).

A mock that records every call forever grows without end: a ``gwmock serve`` left running,
or a long test session driving thousands of requests (a REST request's record, with its
execution log, weighs 2.6-4.5 KB), would end by exhausting the process. A ``History`` keeps the
most recent ``limit`` entries: once it holds a tenth more than that, the oldest are dropped in
one slice (one memory move per ``limit // 10`` appends, not one per append), and ``dropped``
counts them. It stays a ``list``: indexing, slicing, ``len`` and iteration work as before.
"""

from __future__ import annotations

from typing import Any, SupportsIndex, TypeVar

T = TypeVar("T")

DEFAULT_HISTORY = 10_000  # in-process mocks; ``gwmock serve`` keeps fewer (``SERVER_HISTORY``)
SERVER_HISTORY = 1_000


def check_limit(limit: Any) -> int | None:
    """``limit`` when it is a positive int or None (keep everything); else a ValueError that says so."""
    if limit is None or (type(limit) is int and limit >= 1):
        return limit
    raise ValueError(f"history must be a positive number of entries or None (keep all), got {limit!r}")


class History(list[T]):
    """A list of the most recent ``limit`` entries at least (at most a tenth more); ``None`` keeps all."""

    __slots__ = ("_slack", "dropped", "limit")

    def __init__(self, limit: int | None = DEFAULT_HISTORY) -> None:
        super().__init__()
        self.limit = check_limit(limit)
        self._slack = None if self.limit is None else self.limit + self.limit // 10 + 1
        self.dropped = 0  # entries forgotten since the mock started (or was reset)

    def append(self, item: T) -> None:
        super().append(item)
        if self._slack is not None and len(self) > self._slack:
            self._trim()

    def extend(self, items: Any) -> None:
        super().extend(items)
        if self._slack is not None and len(self) > self._slack:
            self._trim()

    def insert(self, index: SupportsIndex, item: T) -> None:
        super().insert(index, item)
        if self._slack is not None and len(self) > self._slack:
            self._trim()

    def clear(self) -> None:
        super().clear()
        self.dropped = 0

    def _trim(self) -> None:
        assert self.limit is not None
        excess = len(self) - self.limit
        del self[:excess]
        self.dropped += excess

    def __iadd__(self, items: Any) -> History[T]:  # type: ignore[override,misc]
        self.extend(items)
        return self
