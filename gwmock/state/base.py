"""The backend interface every store implements."""

from __future__ import annotations

import abc
import functools
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from gwmock.errors import SnapshotError
from gwmock.state.shapes import check_records

Key = tuple[str, ...]
Record = dict[str, Any]


class Backend(abc.ABC):
    """Ordered key/record storage with an atomic unit of work.

    Records handed out by ``get`` and ``scan`` are shared, not copied: treat them
    as read-only and write changes back with ``put`` (a new dict), so that a unit
    of work can undo them.

    Every subclass's ``load`` first checks its document with :func:`check_snapshot`
    (wrapped here, once, when the subclass is defined), so garbage given to
    ``gw.restore()`` raises ``SnapshotError`` and leaves the store as it was, whichever
    backend holds it.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        load = cls.__dict__.get("load")
        if load is not None and not getattr(load, "_checks_snapshot", False):
            @functools.wraps(load)
            def checked(self: Backend, document: dict[str, Any]) -> None:
                check_snapshot(document)
                load(self, document)

            checked._checks_snapshot = True  # type: ignore[attr-defined]
            cls.load = checked  # type: ignore[method-assign]

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
        """The whole store as a JSON-compatible document (see ``load``): a value, sharing no record
        with the store (``json_copy``), so that editing it never changes the state."""

    @abc.abstractmethod
    def load(self, document: dict[str, Any]) -> None:
        """Replace the whole store with a document made by ``dump``, keeping no dict of it (``json_copy``:
        which also refuses what is not JSON, as SQLite's text would)."""

    @abc.abstractmethod
    def clear(self) -> None: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (files, connections); the memory backend has none."""

    # scope -> its Store, for backends that keep them (the memory backend's own table); read by
    # ``Context`` before it asks ``store``. Shared and always empty here: never written.
    _stores: dict[Key, Any] = {}  # noqa: RUF012

    def store(self, scope: Key) -> Any:
        """The ``Store`` of one account and region (``(account, region)``); the memory backend
        makes one per scope and keeps it."""
        from gwmock.state.store import Store  # noqa: PLC0415 - store.py imports this module

        return Store(self, scope)

    def run(self, fn: Any, *args: Any) -> Any:
        """``fn(*args)`` inside one unit of work (the control plane runs each handler so)."""
        with self.unit_of_work():
            return fn(*args)

    def holders(self, path: Key) -> list[str]:
        """The accounts ``a`` holding a record at ``(a,) + path`` (``path``: region, collection..., id),
        in no promised order: how the data plane finds the owner of an API id, which is global to its
        region whatever the caller's account. This generic form walks ``dump()`` (a backend of one's
        own should answer from an index, as the memory and SQLite backends do)."""
        if not path:
            return []
        collection, rid = list(path[:-1]), path[-1]
        found: dict[str, None] = {}
        for key, items in self.dump().get("collections", []):
            if len(key) == len(path) and list(key[1:]) == collection and any(i[0] == rid for i in items):
                found[key[0]] = None
        return list(found)


SNAPSHOT_FORMAT = "gwmock-state/1"
# Levels of nesting a record may have: gwmock's deepest (a deployment's ``_snapshot`` of resources,
# methods, integrations, responses, templates) has about ten; a deeper one is not gwmock's, and
# would exhaust the stack of whoever walks it (``json.dumps``, a copy).
MAX_RECORD_DEPTH = 64
_SCALARS = frozenset({str, int, float, bool, type(None)})


def json_copy(value: Any, where: Any = (), depth: int = 0) -> Any:
    """A deep copy of a record's JSON data, refusing what is not JSON (``SnapshotError``: a set, an
    object, a key that is not a string, nesting over ``MAX_RECORD_DEPTH``). A snapshot is a value:
    ``dump`` and ``load`` never share a record with their caller (an edit of a snapshot, or of a
    document after ``restore``, must not reach the state), and what one backend takes, every
    backend takes (SQLite stores JSON text). Several times faster than ``copy.deepcopy``."""
    if depth > MAX_RECORD_DEPTH:
        raise SnapshotError(f"snapshot collection {list(where)!r:.120}: a record nests deeper than "
                            f"{MAX_RECORD_DEPTH} levels")
    if isinstance(value, dict):
        copied = {}
        for k, v in value.items():  # a loop, not a comprehension and a key check: faster
            if type(k) is not str:
                raise SnapshotError(f"snapshot collection {list(where)!r:.120}: a record has a key that "
                                    f"is not a string ({k!r:.40})")
            copied[k] = v if type(v) in _SCALARS else json_copy(v, where, depth + 1)
        return copied
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else json_copy(v, where, depth + 1) for v in value]
    if isinstance(value, (str, int, float)) or value is None:
        return value
    raise SnapshotError(f"snapshot collection {list(where)!r:.120}: a record holds a "
                        f"{type(value).__name__}, which is not JSON")


def check_snapshot(document: Any) -> None:
    """Raise ``SnapshotError`` unless ``document`` has the shape ``dump()`` gives.

    First the layout (format, collections, keys, ids, records being objects), then the records
    of every collection gwmock knows: the members its handlers and the data plane read, with the
    JSON types gwmock writes, and identifiers equal to their keys (``shapes.check_records``), so
    that a restored snapshot cannot make later calls fail. Records of other collections, and
    members gwmock does not know, are not walked.
    """
    if not isinstance(document, dict):
        raise SnapshotError(f"a snapshot is the dict gw.snapshot() returns, not {type(document).__name__}")
    if document.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError(f"not a gwmock snapshot: 'format' is {document.get('format')!r}, "
                            f"expected {SNAPSHOT_FORMAT!r}")
    collections = document.get("collections")
    if not isinstance(collections, list):
        raise SnapshotError(f"snapshot 'collections' must be a list, not {type(collections).__name__}")
    for i, entry in enumerate(collections):
        where = f"snapshot collections[{i}]"
        if not isinstance(entry, (list, tuple)) or len(entry) != 2:
            raise SnapshotError(f"{where} must be a [key, records] pair")
        key, items = entry
        if not isinstance(key, (list, tuple)) or not all(isinstance(p, str) for p in key):
            raise SnapshotError(f"{where}: the key must be a list of strings, not {key!r:.80}")
        if not isinstance(items, list):
            raise SnapshotError(f"{where}: the records must be a list of [id, record] pairs")
        for j, item in enumerate(items):
            if (not isinstance(item, (list, tuple)) or len(item) != 2 or not isinstance(item[0], str)
                    or not isinstance(item[1], dict)):
                raise SnapshotError(f"{where} item {j} must be an [id, record] pair: a string and an object")
    check_records(collections)
