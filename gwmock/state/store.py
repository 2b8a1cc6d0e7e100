"""``Store``: a backend seen through one account and region (``Context.store``).

Paths are relative to the scope. A backend hands out one store per scope and keeps it
(``Backend.store``): a store holds nothing but its backend and scope, so every call of a
scope can share it, and the memory backend's store (``gwmock.state.memory.MemoryStore``)
does the common reads and writes itself, one Python frame each instead of two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from itertools import islice
from typing import TYPE_CHECKING, Any

from gwmock.state.base import Key, Record

if TYPE_CHECKING:
    from gwmock.state.base import Backend


class Store:
    """A backend seen through one account and region: paths are relative to them."""

    __slots__ = ("backend", "indexed", "scope")

    def __init__(self, backend: Backend, scope: Key) -> None:
        self.backend = backend
        self.scope = scope
        # Whether ``ordered``, ``count_by`` and ``find_by`` are index lookups (the memory
        # backend) rather than scans; a handler with a one-scan way of its own prefers that then.
        self.indexed = hasattr(backend, "ordered")

    def get(self, path: Key) -> Record | None:
        return self.backend.get(self.scope + path)

    def put(self, path: Key, record: Record) -> None:
        self.backend.put(self.scope + path, record)

    def exclusive(self) -> AbstractContextManager[Any]:
        """A block no other writer interleaves with: a read and the write that depends on it (a
        usage count) from many threads or processes. The backend's unit of work by default."""
        return self.backend.unit_of_work()

    def delete(self, path: Key) -> bool:
        return self.backend.delete(self.scope + path)

    def delete_tree(self, path: Key) -> None:
        self.backend.delete_tree(self.scope + path)

    def scan(self, collection: Key, after: int | None = None) -> Iterator[tuple[int, Record]]:
        return self.backend.scan(self.scope + collection, after)

    def values(self, collection: Key) -> list[Record]:
        fast = getattr(self.backend, "values", None)
        if fast is not None:  # one list, no cursor walk
            return fast(self.scope + collection)  # type: ignore[no-any-return]
        return [record for _, record in self.backend.scan(self.scope + collection)]

    def count(self, collection: Key) -> int:
        return self.backend.count(self.scope + collection)

    def stamps(self, prefix: Key, names: tuple[str, ...]) -> list[Any]:
        """``stamp(prefix + (name,))`` of each name, in one call."""
        return [self.stamp(prefix + (name,)) for name in names]

    def stamp(self, collection: Key) -> Any:
        """A value equal to an earlier stamp of the collection only if no write happened since
        (or, for a collection that does not exist, if it did not exist then either), for memos
        of what is derived from it; None when the backend cannot tell (no memo then)."""
        return None

    def ordered(self, collection: Key, field: str, start: str | None = None,
                inclusive: bool = True) -> Iterator[tuple[str, Record]]:
        """``(value, record)`` by ascending string ``field``, from ``start`` (or after it).

        The memory backend keeps an index (a page costs its own size); other backends
        sort the collection on each call."""
        fast = getattr(self.backend, "ordered", None)
        if fast is not None:
            return fast(self.scope + collection, field, start, inclusive)  # type: ignore[no-any-return]
        rows = sorted(((r[field], r) for r in self.values(collection) if isinstance(r.get(field), str)),
                      key=lambda row: row[0])
        if start is None:
            return iter(rows)
        return iter([row for row in rows if row[0] > start or (inclusive and row[0] == start)])

    def ordered_page(self, collection: Key, field: str, start: str | None, inclusive: bool,
                     count: int | None) -> list[tuple[str, Record]]:
        """The first ``count`` (all when None) rows of ``ordered(collection, field, start,
        inclusive)`` as a list: one slice of the memory backend's index, for a caller that does
        not write meanwhile (a page of a listing)."""
        rows = self.ordered(collection, field, start, inclusive)
        return list(rows if count is None else islice(rows, count))

    def first(self, collection: Key, field: str, start: str) -> tuple[str, Record] | None:
        """The first ``(value, record)`` of ``ordered(collection, field, start)``, or None: one
        look-up without a generator on the memory backend (a sibling check, an API key)."""
        fast = getattr(self.backend, "first", None)
        if fast is not None:
            return fast(self.scope + collection, field, start)  # type: ignore[no-any-return]
        return next(self.ordered(collection, field, start), None)

    def count_by(self, collection: Key, keys: Callable[[Record], Iterable[str]], key: str) -> int:
        """How many records have ``key`` among ``keys(record)``: O(1) on the memory backend,
        which indexes ``keys`` (a module-level function) on first use; a scan elsewhere."""
        fast = getattr(self.backend, "count_by", None)
        if fast is not None:
            return fast(self.scope + collection, keys, key)  # type: ignore[no-any-return]
        return sum(1 for record in self.values(collection) if key in keys(record))

    def counts_by(self, collection: Key, keys: Callable[[Record], Iterable[str]],
                  wanted: tuple[str, ...]) -> tuple[int, ...]:
        """``count_by`` of each key of ``wanted``, in one call."""
        return tuple([self.count_by(collection, keys, key) for key in wanted])

    def find_by(self, collection: Key, keys: Callable[[Record], Iterable[str]], key: str) -> list[Record]:
        """The records that have ``key`` among ``keys(record)``, in insertion order: O(found)
        on the memory backend (indexed like ``count_by``); a scan elsewhere."""
        fast = getattr(self.backend, "find_by", None)
        if fast is not None:
            return fast(self.scope + collection, keys, key)  # type: ignore[no-any-return]
        return [record for record in self.values(collection) if key in keys(record)]

