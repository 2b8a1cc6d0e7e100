"""The default backend: dicts in this process, guarded by one re-entrant lock.

Besides insertion order, a collection can keep two kinds of secondary index, built on
first use and kept in step by every write (so the unit of work's undo, which replays
writes, and ``load``, which rebuilds the collections, keep them right):

* ``ordered(collection, field, start)``: records in ascending order of a string field
  (GetResources by path, a sibling check by path prefix), O(log n) to the first one
  (collections of up to 32 records keep no index: they are sorted on each call);
* ``count_by(collection, keys, key)`` and ``find_by(...)``: how many records, and which,
  ``keys(record)`` files under ``key`` (a duplicate route key, the usage plans of a
  stage), O(1) and O(found).

Indexes are derived state: never dumped, dropped with their collection. So is the backend's
index of accounts by collection (``holders``: which accounts have ``(region, "restapis")``), written
when a collection is made (a put, an undo, ``load``) and emptied by ``clear``.
"""

from __future__ import annotations

import bisect
import gc
import json
import operator
import os
import threading
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from itertools import repeat
from typing import Any

from gwmock.state.base import Backend, Key, Record, json_copy
from gwmock.state.store import Store

KeysOf = Callable[[Record], Iterable[str]]
_SMALL = 32  # collections up to this size keep no order index (sorting them costs a few microseconds)
STORES_MAX = 256  # stores (scopes) a backend keeps: a server client can name any account


class _Order:
    """One field's values in ascending order, with the id of each record (parallel lists)."""

    __slots__ = ("values", "ids")

    def __init__(self, field: str, records: dict[str, tuple[int, Record]]) -> None:
        pairs = sorted((r[field], rid) for rid, (_, r) in records.items() if isinstance(r.get(field), str))
        self.values = [v for v, _ in pairs]
        self.ids = [rid for _, rid in pairs]

    def add(self, value: str, rid: str) -> None:
        i = bisect.bisect_right(self.values, value)
        self.values.insert(i, value)
        self.ids.insert(i, rid)

    def remove(self, value: str, rid: str) -> None:
        i = bisect.bisect_left(self.values, value)
        while self.ids[i] != rid:  # equal values: rare (fields indexed here are unique)
            i += 1
        del self.values[i]
        del self.ids[i]


class _Collection:
    """Records of one collection, in insertion order, seekable by cursor; its indexes."""

    __slots__ = ("records", "seqs", "ids", "orders", "groups", "last", "version")

    def __init__(self) -> None:
        # Cursors count per collection: small collections (most of them) keep to the small
        # ints Python shares, which a large account feels (28 bytes a record otherwise).
        self.last = 0
        self.version = 0  # counts writes: with the collection itself, a stamp of its content (``stamp``)
        self.records: dict[str, tuple[int, Record]] = {}
        self.seqs: list[int] = []  # ascending, parallel to ids
        self.ids: list[str] = []
        self.orders: dict[str, _Order] | None = None  # field -> its order, once asked for
        self.groups: dict[KeysOf, dict[str, dict[str, None]]] | None = None  # keys function -> key -> ids

    def indexed(self, rid: str, old: Record | None, new: Record | None) -> None:
        """Keep the indexes in step with one write (``old`` -> ``new``, either may be None)."""
        if self.orders:
            for field, order in self.orders.items():
                before = old.get(field) if old is not None else None
                after = new.get(field) if new is not None else None
                if before == after:
                    continue
                if isinstance(before, str):
                    order.remove(before, rid)
                if isinstance(after, str):  # ``order.add`` written out: a new resource comes here
                    i = bisect.bisect_right(order.values, after)
                    order.values.insert(i, after)
                    order.ids.insert(i, rid)
        if self.groups:
            for keys, groups in self.groups.items():
                if old is not None:
                    for key in keys(old):  # a key may come twice: its group may be gone already
                        members = groups.get(key)
                        if members is None:
                            continue
                        members.pop(rid, None)
                        if not members:
                            del groups[key]
                if new is not None:
                    for key in keys(new):
                        groups.setdefault(key, {})[rid] = None


    def walk(self, after: int | None) -> Iterator[tuple[int, str, Record]]:
        """``(seq, id, record)`` after cursor ``after``, by index without copying (a page costs its
        own size); the caller may write meanwhile."""
        i = 0 if after is None else bisect.bisect_right(self.seqs, after)
        seqs, ids, records = self.seqs, self.ids, self.records
        while i < len(seqs):
            seq, rid = seqs[i], ids[i]
            entry = records.get(rid)
            if entry is not None and entry[0] == seq:
                yield seq, rid, entry[1]
            if i < len(seqs) and seqs[i] == seq:
                i += 1
            else:  # the caller deleted this item meanwhile: re-seek
                i = bisect.bisect_right(seqs, seq)

    def order(self, field: str) -> _Order:
        """``field``'s order: kept (and then maintained by ``indexed``) above ``_SMALL`` records,
        sorted afresh below. The caller holds its backend's lock."""
        order = self.orders.get(field) if self.orders else None
        if order is None:
            order = _Order(field, self.records)
            if len(self.records) > _SMALL:
                self.orders = self.orders or {}
                self.orders[field] = order
        return order

    def walk_order(self, order: _Order, field: str, start: str | None,
                   inclusive: bool) -> Iterator[tuple[str, str, Record]]:
        """``(value, id, record)`` by ascending ``field`` from ``start``; the caller may write meanwhile."""
        seek = bisect.bisect_left if inclusive else bisect.bisect_right
        i = 0 if start is None else seek(order.values, start)
        while i < len(order.values):
            value, rid = order.values[i], order.ids[i]
            entry = self.records.get(rid)
            if entry is not None and entry[1].get(field) == value:  # else deleted or moved meanwhile
                yield value, rid, entry[1]
            if i < len(order.ids) and order.ids[i] == rid:
                i += 1
            else:  # the caller wrote meanwhile: re-seek past this value
                i = bisect.bisect_right(order.values, value)

    def group(self, keys: KeysOf, key: str) -> dict[str, None]:
        """The ids ``keys`` files under ``key``; the index is built on first use. The caller holds
        its backend's lock."""
        if self.groups is None:
            self.groups = {}
        groups = self.groups.get(keys)
        if groups is None:
            groups = self.groups[keys] = {}
            for rid, (_, record) in self.records.items():
                for k in keys(record):
                    groups.setdefault(k, {})[rid] = None
        return groups.get(key) or {}

    def in_order(self, ids: Collection[str]) -> list[tuple[int, Record]]:
        """The entries of ``ids``, in insertion order."""
        if len(ids) == 1:  # a stage's one usage plan, looked up on every keyed request: nothing to sort
            return list(map(self.records.__getitem__, ids))
        return sorted((self.records[rid] for rid in ids), key=_seq)


class _Unit:
    """The memory backend's unit of work (a class, not a generator: every call takes one).

    Holds the lock throughout; on an exception, replays the undo log backwards. A nested
    unit joins the outer one, which decides."""

    __slots__ = ("backend", "nested")

    def __init__(self, backend: MemoryBackend) -> None:
        self.backend = backend
        self.nested = False

    def __enter__(self) -> None:
        backend = self.backend
        backend._lock.acquire()
        log = backend._log
        self.nested = log.undo is not None
        if not self.nested:
            log.undo = []

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        backend = self.backend
        try:
            if not self.nested:
                log = backend._log
                undo, log.undo = log.undo, None
                if kind is not None:
                    for key, old in reversed(undo or []):
                        backend._restore(key, old)
        finally:
            backend._lock.release()


class _Log:
    """The undo log of the unit of work in progress (None outside one), held apart from the
    backend so that its stores can reach it without holding the backend."""

    __slots__ = ("undo",)

    def __init__(self) -> None:
        self.undo: list[tuple[Key, tuple[int, Record] | None]] | None = None


_VALUE_AND_RECORD = operator.itemgetter(0, 2)  # ``walk_order``'s (value, id, record) -> (value, record)


def _seq(entry: tuple[int, Record]) -> int:
    return entry[0]


def _smallest_from(records: dict[str, tuple[int, Record]], field: str,
                   start: str) -> tuple[str, str, Record] | None:
    """``(value, id, record)`` of the smallest string ``field`` not below ``start`` (ties by id,
    as ``_Order`` sorts them), by one pass over a small collection."""
    best: tuple[str, str, Record] | None = None
    for rid, (_, record) in records.items():
        value = record.get(field)
        if (isinstance(value, str) and value >= start
                and (best is None or value < best[0] or (value == best[0] and rid < best[1]))):
            best = (value, rid, record)
    return best


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Dump and load allocate a container per record; on a large account the cyclic
    collector's full passes over the whole store cost four times the work itself. These
    containers form no cycles, so the collector waits until the bulk operation is done."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class MemoryBackend(Backend):
    """``strict`` (or ``GWMOCK_STRICT=1``) checks, on every read, that no stored record was
    changed in place since it was written: a debugging aid for handler authors (gwmock's
    own test suite runs with it), since an in-place change escapes the unit of work."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A subclass that changes how records are read or written, or what a unit of work
        does, gets the generic ``Store`` and ``run``, which go through its methods."""
        super().__init_subclass__(**kwargs)
        if any(getattr(cls, name) is not getattr(MemoryBackend, name)
               for name in ("get", "put", "values", "count", "delete", "delete_tree", "scan", "ordered", "first",
                            "count_by", "find_by")):
            if cls.store is MemoryBackend.store:
                cls.store = Backend.store  # type: ignore[method-assign]
        if cls.unit_of_work is not MemoryBackend.unit_of_work and cls.run is MemoryBackend.run:
            cls.run = Backend.run  # type: ignore[method-assign]

    def __init__(self, strict: bool | None = None) -> None:
        self._strict = os.environ.get("GWMOCK_STRICT") == "1" if strict is None else strict
        self._frozen: dict[int, str] = {}  # id(record) -> its JSON when written (strict only)
        self._collections: dict[Key, _Collection] = {}
        # a collection's key less its account -> the accounts that have that collection (``holders``):
        # written when a collection is made (put, undo, load), emptied with the store; collections are
        # never removed otherwise, so it may name an account whose record was deleted since
        self._holders: dict[Key, dict[str, None]] = {}
        self._lock = threading.RLock()
        self._log = _Log()
        self._stores: dict[Key, MemoryStore] = {}
        self._root = MemoryStore(self, ())

    def get(self, key: Key) -> Record | None:
        coll = self._collections.get(key[:-1])
        if coll is None:
            return None
        entry = coll.records.get(key[-1])
        if entry is None:
            return None
        if self._strict:
            self._check(key, entry[1])
        return entry[1]

    def _check(self, key: Key, record: Record) -> None:
        _check_frozen(self._frozen, key, record)

    def put(self, key: Key, record: Record) -> None:
        self._root.put(key, record)  # the store's put, with the scope ``()``: one copy of it

    def _reinsert(self, key: Key, seq: int, record: Record) -> None:
        coll = self._collections.get(key[:-1])
        if coll is None:
            coll = self._collections[key[:-1]] = _new_collection(self._holders, key[:-1])
        coll.version += 1
        if coll.orders or coll.groups:
            coll.indexed(key[-1], None, record)
        coll.records[key[-1]] = (seq, record)
        i = bisect.bisect_left(coll.seqs, seq)
        coll.seqs.insert(i, seq)
        coll.ids.insert(i, key[-1])

    def delete(self, key: Key) -> bool:
        with self._lock:
            coll = self._collections.get(key[:-1])
            if coll is None or key[-1] not in coll.records:
                return False
            seq, record = coll.records[key[-1]]
            self._remember(key, (seq, record))
            coll.version += 1
            if coll.orders or coll.groups:
                coll.indexed(key[-1], record, None)
            del coll.records[key[-1]]
            i = bisect.bisect_left(coll.seqs, seq)
            del coll.seqs[i]
            del coll.ids[i]
            return True

    def delete_tree(self, key: Key) -> None:
        with self._lock:
            n = len(key)
            for ckey in [c for c in self._collections if c[:n] == key]:
                for rid in list(self._collections[ckey].records):
                    self.delete(ckey + (rid,))
            self.delete(key)

    def scan(self, collection: Key, after: int | None = None) -> Iterator[tuple[int, Record]]:
        coll = self._collections.get(collection)
        if coll is None:
            return
        for seq, rid, record in coll.walk(after):
            if self._strict:
                self._check(collection + (rid,), record)
            yield seq, record

    def count(self, collection: Key) -> int:
        coll = self._collections.get(collection)
        return 0 if coll is None else len(coll.records)

    def values(self, collection: Key) -> list[Record]:
        """The records of ``collection`` in insertion order, as one list built without a
        cursor walk (a REST deployment's snapshot reads whole collections)."""
        return self._root.values(collection)

    def ordered(self, collection: Key, field: str, start: str | None = None,
                inclusive: bool = True) -> Iterator[tuple[str, Record]]:
        """``(value, record)`` of the records whose ``field`` is a string, by ascending value,
        from ``start`` (or after it, when not ``inclusive``); a page costs its own size."""
        coll = self._collections.get(collection)
        if coll is None:
            return iter(())
        with self._lock:
            order = coll.order(field)
        walk = coll.walk_order(order, field, start, inclusive)
        if self._strict:
            return self._checked(collection, walk)
        return map(_VALUE_AND_RECORD, walk)  # a page's items pass through no second Python frame

    def _checked(self, collection: Key, walk: Iterator[tuple[str, str, Record]]) -> Iterator[tuple[str, Record]]:
        for value, rid, record in walk:
            self._check(collection + (rid,), record)
            yield value, record

    def first(self, collection: Key, field: str, start: str) -> tuple[str, Record] | None:
        """The first ``(value, record)`` of ``ordered(collection, field, start)``, without a
        generator: a sibling check or an API key look-up wants one record, on every call. A
        small collection is scanned (no sort, no index); a larger one is one bisection."""
        return self._root.first(collection, field, start)  # the store's, with the scope ``()``

    def count_by(self, collection: Key, keys: KeysOf, key: str) -> int:
        """How many records of ``collection`` have ``key`` among ``keys(record)``."""
        return len(self._group(collection, keys, key))

    def find_by(self, collection: Key, keys: KeysOf, key: str) -> list[Record]:
        """The records of ``collection`` that have ``key`` among ``keys(record)``, in insertion order."""
        coll = self._collections.get(collection)
        found = coll.in_order(self._group(collection, keys, key)) if coll else []
        if self._strict:
            for _, record in found:
                self._check(collection, record)
        return [record for _, record in found]

    def _group(self, collection: Key, keys: KeysOf, key: str) -> dict[str, None]:
        coll = self._collections.get(collection)
        if coll is None:
            return {}
        with self._lock:
            return coll.group(keys, key)

    def holders(self, path: Key) -> list[str]:
        """The accounts holding a record at ``(account,) + path``, in the order their collection was
        first made: one index look-up and a ``get`` per account holding the collection."""
        if not path:
            return []
        if len(path) > _HELD_DEPTH:  # a collection ``_new_collection`` does not file
            return super().holders(path)
        with self._lock:
            accounts = list(self._holders.get(path[:-1], ()))
        return [account for account in accounts if self.get((account, *path)) is not None]

    def unit_of_work(self) -> _Unit:
        return _Unit(self)

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a unit of work: ``with self.unit_of_work()`` in one frame (the control
        plane runs every handler so)."""
        lock = self._lock
        log = self._log
        lock.acquire()
        try:
            if log.undo is not None:  # nested: the outer unit decides
                return fn(*args)
            undo: list[tuple[Key, tuple[int, Record] | None]] = []
            log.undo = undo
            try:
                result = fn(*args)
            except BaseException:
                log.undo = None
                for key, old in reversed(undo):
                    self._restore(key, old)
                raise
            log.undo = None
            return result
        finally:
            lock.release()

    def run_if_free(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` holding the lock if no other thread holds it now, else None at once: for a
        caller that must never wait (the server's event loop, which a unit of work of one of its
        worker threads would otherwise stall for every connection)."""
        lock = self._lock
        if not lock.acquire(blocking=False):
            return None
        try:
            return fn(*args)
        finally:
            lock.release()

    def store(self, scope: Key) -> MemoryStore:
        """The store of ``scope``, made once (it holds the backend's tables, not the backend)."""
        found = self._stores.get(scope)
        if found is None:
            if len(self._stores) >= STORES_MAX:  # a server client can name any account: bounded
                self._stores.clear()
            found = self._stores[scope] = MemoryStore(self, scope)
        return found

    def _remember(self, key: Key, old: tuple[int, Record] | None) -> None:
        # ``put`` appends its undo entry itself (inline); ``delete`` comes here.
        undo = self._log.undo
        if undo is not None:
            undo.append((key, old))

    def _restore(self, key: Key, old: tuple[int, Record] | None) -> None:
        if old is None:
            self.delete(key)
        elif self.get(key) is not None:
            self.put(key, old[1])
        else:  # it was deleted: put it back in its old place
            self._reinsert(key, *old)

    def dump(self) -> dict[str, Any]:
        with self._lock, _gc_paused():
            return {
                "format": "gwmock-state/1",
                "collections": [
                    [list(ckey), [[rid, json_copy(coll.records[rid][1], ckey)] for rid in coll.ids]]
                    for ckey, coll in self._collections.items()
                    if coll.records
                ],
            }

    def load(self, document: dict[str, Any]) -> None:
        with self._lock, _gc_paused():
            # Copied (and so checked to be JSON) before anything is cleared: a refused document
            # leaves the state as it was, and the caller's dicts never become the state's.
            collections = [(tuple(ckey), [(rid, json_copy(record, ckey)) for rid, record in items])
                           for ckey, items in document.get("collections", [])]
            self.clear()
            # Built directly, not put by put: a large account restores in a fraction of the time.
            strict = self._strict
            for ckey, items in collections:
                coll = self._collections.get(ckey)
                if coll is None:
                    coll = self._collections[ckey] = _new_collection(self._holders, ckey)
                records, seqs, ids = coll.records, coll.seqs, coll.ids
                for rid, record in items:
                    if strict:
                        self._frozen[id(record)] = json.dumps(record, sort_keys=True)
                    old = records.get(rid)
                    if old is not None:
                        records[rid] = (old[0], record)
                        continue
                    n = coll.last = coll.last + 1
                    records[rid] = (n, record)
                    seqs.append(n)
                    ids.append(rid)

    def clear(self) -> None:
        with self._lock:
            self._collections.clear()
            self._holders.clear()


# The collections ``holders`` indexes: an account's own, ``(account, region, "restapis")`` or
# ``(account, region, "v2", "apis")`` (what the data plane asks about); deeper ones (an API's resources,
# 10,000 of them in a large account) are not filed, and ``holders`` reads those through ``dump``.
_HELD_DEPTH = 4


def _new_collection(holders: dict[Key, dict[str, None]], ckey: Key) -> _Collection:
    """A new, empty collection at ``ckey``, its account filed in ``holders`` (``MemoryBackend.holders``)."""
    if 0 < len(ckey) <= _HELD_DEPTH:
        holders.setdefault(ckey[1:], {})[ckey[0]] = None
    return _Collection()


def _check_frozen(frozen: dict[int, str], key: Key, record: Record) -> None:
    if json.dumps(record, sort_keys=True) != frozen.get(id(record)):
        raise AssertionError(f"gwmock: the record at {key} was changed in place after it was stored")


_NO_IDS: dict[str, None] = {}  # the group of a key no record has (never written)
_NO_COLLECTION = ("no collection",)  # the stamp of a collection never written


def _gone() -> Any:
    raise ReferenceError("gwmock: this store's backend no longer exists")


_RECORD = operator.itemgetter(1)  # a collection's entry (seq, record) -> the record


class MemoryStore(Store):
    """The memory backend seen through one scope (``MemoryBackend.store``), one per scope.

    It holds the backend's tables (collections, lock, undo log), not the backend (a weak
    reference, for ``backend``), so the backend's table of stores makes no reference cycle
    and a backend is freed as soon as its mock is. The reads and writes every handler makes
    (``get``, ``put``, ``values``, ``count``) are done here, in one frame; the rest are the
    backend's."""

    __slots__ = ("_collections", "_frozen", "_holders", "_lock", "_log", "_ref", "_strict")

    def __init__(self, backend: MemoryBackend, scope: Key) -> None:
        self._ref = weakref.ref(backend)
        self._collections = backend._collections
        self._holders = backend._holders
        self._lock = backend._lock
        self._log = backend._log
        self._strict = backend._strict
        self._frozen = backend._frozen
        self.scope = scope
        self.indexed = True

    @property
    def backend(self) -> MemoryBackend:  # type: ignore[override]
        return self._ref() or _gone()

    def get(self, path: Key) -> Record | None:
        coll = self._collections.get(self.scope + path[:-1])
        if coll is None:
            return None
        entry = coll.records.get(path[-1])
        if entry is None:
            return None
        if self._strict:
            _check_frozen(self._frozen, self.scope + path, entry[1])
        return entry[1]

    def put(self, path: Key, record: Record) -> None:
        # Written out (the undo entry inline, the key split once): every write of every
        # handler comes through here.
        key = self.scope + path
        ckey, rid = key[:-1], key[-1]
        with self._lock:
            if self._strict:
                self._frozen[id(record)] = json.dumps(record, sort_keys=True)
            coll = self._collections.get(ckey)
            if coll is None:
                coll = self._collections[ckey] = _new_collection(self._holders, ckey)
            records = coll.records
            old = records.get(rid)
            undo = self._log.undo
            if undo is not None:
                undo.append((key, old))
            coll.version += 1
            if coll.orders or coll.groups:
                coll.indexed(rid, old[1] if old is not None else None, record)
            if old is not None:
                records[rid] = (old[0], record)
                return
            seq = coll.last = coll.last + 1
            records[rid] = (seq, record)
            coll.seqs.append(seq)
            coll.ids.append(rid)

    def exclusive(self) -> Any:
        # the backend's re-entrant lock, which every write takes: nothing to roll back in a block
        # that reads and then writes once
        return self._lock

    def values(self, collection: Key) -> list[Record]:
        key = self.scope + collection
        coll = self._collections.get(key)
        if coll is None:
            return []
        with self._lock:
            out = list(map(_RECORD, map(coll.records.__getitem__, coll.ids)))  # in C: no comprehension frame
            if self._strict:
                for rid, record in zip(coll.ids, out):
                    _check_frozen(self._frozen, key + (rid,), record)
        return out

    def count(self, collection: Key) -> int:
        coll = self._collections.get(self.scope + collection)
        return 0 if coll is None else len(coll.records)

    def stamp(self, collection: Key) -> Any:
        coll = self._collections.get(self.scope + collection)
        return _NO_COLLECTION if coll is None else (coll, coll.version)

    def stamps(self, prefix: Key, names: tuple[str, ...]) -> list[Any]:
        base = self.scope + prefix
        get = self._collections.get
        out = []
        for name in names:
            coll = get(base + (name,))
            out.append(_NO_COLLECTION if coll is None else (coll, coll.version))
        return out

    def delete(self, path: Key) -> bool:
        return (self._ref() or _gone()).delete(self.scope + path)

    def delete_tree(self, path: Key) -> None:
        (self._ref() or _gone()).delete_tree(self.scope + path)

    def scan(self, collection: Key, after: int | None = None) -> Iterator[tuple[int, Record]]:
        return (self._ref() or _gone()).scan(self.scope + collection, after)

    def ordered(self, collection: Key, field: str, start: str | None = None,
                inclusive: bool = True) -> Iterator[tuple[str, Record]]:
        return (self._ref() or _gone()).ordered(self.scope + collection, field, start, inclusive)

    def ordered_page(self, collection: Key, field: str, start: str | None, inclusive: bool,
                     count: int | None) -> list[tuple[str, Record]]:
        # Slices of the index, the records looked up in C: nothing writes while a page is taken
        # (the caller's unit of work holds the lock), so ``walk_order``'s care is not needed.
        key = self.scope + collection
        coll = self._collections.get(key)
        if coll is None:
            return []
        with self._lock:
            order = coll.order(field)
            values = order.values
            if start is None:
                i = 0
            else:
                i = bisect.bisect_left(values, start) if inclusive else bisect.bisect_right(values, start)
            end = len(values) if count is None else i + count
            ids = order.ids[i:end]
            records = list(map(_RECORD, map(coll.records.__getitem__, ids)))
            if self._strict:
                for rid, record in zip(ids, records):
                    _check_frozen(self._frozen, key + (rid,), record)
            return list(zip(values[i:end], records))

    def first(self, collection: Key, field: str, start: str) -> tuple[str, Record] | None:
        # ``MemoryBackend.first`` in this frame (a sibling check makes one on every CreateResource)
        key = self.scope + collection
        coll = self._collections.get(key)
        if coll is None:
            return None
        with self._lock:
            order = coll.orders.get(field) if coll.orders else None
            if order is None and len(coll.records) > _SMALL:
                order = coll.order(field)
            if order is not None:
                i = bisect.bisect_left(order.values, start)
                if i == len(order.values):
                    return None
                value, rid = order.values[i], order.ids[i]
                record = coll.records[rid][1]
            else:
                found = _smallest_from(coll.records, field, start)
                if found is None:
                    return None
                value, rid, record = found
            if self._strict:
                _check_frozen(self._frozen, key + (rid,), record)
            return value, record

    def count_by(self, collection: Key, keys: KeysOf, key: str) -> int:
        # ``MemoryBackend.count_by`` in this frame once the index is built (CreateRoute counts
        # up to three keys per call)
        coll = self._collections.get(self.scope + collection)
        if coll is None:
            return 0
        with self._lock:
            groups = coll.groups.get(keys) if coll.groups else None
            if groups is None:
                return len(coll.group(keys, key))
            members = groups.get(key)
            return 0 if members is None else len(members)

    def counts_by(self, collection: Key, keys: KeysOf, wanted: tuple[str, ...]) -> tuple[int, ...]:
        coll = self._collections.get(self.scope + collection)
        if coll is None:
            return (0,) * len(wanted)
        with self._lock:
            groups = coll.groups.get(keys) if coll.groups else None
            if groups is None:
                coll.group(keys, wanted[0])  # builds the index
                groups = coll.groups[keys]  # type: ignore[index]
            return tuple(map(len, map(groups.get, wanted, repeat(_NO_IDS, len(wanted)))))  # in C

    def find_by(self, collection: Key, keys: KeysOf, key: str) -> list[Record]:
        return (self._ref() or _gone()).find_by(self.scope + collection, keys, key)
