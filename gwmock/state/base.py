"""The backend interface every store implements."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

Key = tuple[str, ...]
Record = dict[str, Any]


class Backend(abc.ABC):
    """Ordered key/record storage with an atomic unit of work.

    Records handed out by ``get`` and ``scan`` are shared, not copied: treat them
    as read-only and write changes back with ``put`` (a new dict), so that a unit
    of work can undo them.
    """

    @abc.abstractmethod
    def get(self, key: Key) -> Record | None: ...

    @abc.abstractmethod
    def put(self, key: Key, record: Record) -> None:
        """Insert or replace; a replaced record keeps its place in the order."""

    @abc.abstractmethod
    def delete(self, key: Key) -> bool: ...

    @abc.abstractmethod
    def delete_tree(self, key: Key) -> None:
        """Delete ``key`` and every record whose key starts with it."""

    @abc.abstractmethod
    def scan(self, collection: Key, after: int | None = None) -> Iterator[tuple[int, Record]]:
        """Yield ``(cursor, record)`` in insertion order, starting after ``after``."""

    @abc.abstractmethod
    def count(self, collection: Key) -> int: ...

    @abc.abstractmethod
    def unit_of_work(self) -> AbstractContextManager[None]:
        """All writes inside happen together or, on an exception, not at all."""

    @abc.abstractmethod
    def dump(self) -> dict[str, Any]:
        """The whole store as a JSON-compatible document (see ``load``)."""

    @abc.abstractmethod
    def load(self, document: dict[str, Any]) -> None:
        """Replace the whole store with a document made by ``dump``."""

    @abc.abstractmethod
    def clear(self) -> None: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (files, connections); the memory backend has none."""
