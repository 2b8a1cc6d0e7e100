"""The default backend: dicts in this process, guarded by one re-entrant lock."""

from __future__ import annotations

import bisect
import itertools
import json
import os
import threading
from collections.abc import Iterator
from typing import Any

from gwmock.state.base import Backend, Key, Record


class _Collection:
    """Records of one collection, in insertion order, seekable by cursor."""

    __slots__ = ("records", "seqs", "ids")

    def __init__(self) -> None:
        self.records: dict[str, tuple[int, Record]] = {}
        self.seqs: list[int] = []  # ascending, parallel to ids
        self.ids: list[str] = []


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
        self.nested = backend._undo is not None
        if not self.nested:
            backend._undo = []

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        backend = self.backend
        try:
            if not self.nested:
                undo, backend._undo = backend._undo, None
                if kind is not None:
                    for key, old in reversed(undo or []):
                        backend._restore(key, old)
        finally:
            backend._lock.release()


class MemoryBackend(Backend):
    """``strict`` (or ``GWMOCK_STRICT=1``) checks, on every read, that no stored record was
    changed in place since it was written: a debugging aid for handler authors (gwmock's
    own test suite runs with it), since an in-place change escapes the unit of work."""

    def __init__(self, strict: bool | None = None) -> None:
        self._strict = os.environ.get("GWMOCK_STRICT") == "1" if strict is None else strict
        self._frozen: dict[int, str] = {}  # id(record) -> its JSON when written (strict only)
        self._collections: dict[Key, _Collection] = {}
        self._seq = itertools.count(1)
        self._lock = threading.RLock()
        self._undo: list[tuple[Key, tuple[int, Record] | None]] | None = None

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
        if json.dumps(record, sort_keys=True) != self._frozen.get(id(record)):
            raise AssertionError(f"gwmock: the record at {key} was changed in place after it was stored")

    def put(self, key: Key, record: Record) -> None:
        with self._lock:
            if self._strict:
                self._frozen[id(record)] = json.dumps(record, sort_keys=True)
            coll = self._collections.get(key[:-1])
            if coll is None:
                coll = self._collections[key[:-1]] = _Collection()
            old = coll.records.get(key[-1])
            self._remember(key, old)
            if old is not None:
                coll.records[key[-1]] = (old[0], record)
                return
            seq = next(self._seq)
            coll.records[key[-1]] = (seq, record)
            coll.seqs.append(seq)
            coll.ids.append(key[-1])

    def _reinsert(self, key: Key, seq: int, record: Record) -> None:
        coll = self._collections.setdefault(key[:-1], _Collection())
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
        i = 0 if after is None else bisect.bisect_right(coll.seqs, after)
        seqs, ids, records = coll.seqs, coll.ids, coll.records
        # Walk by index, without copying: a page costs its own size, not the collection's.
        while i < len(seqs):
            seq, rid = seqs[i], ids[i]
            entry = records.get(rid)
            if entry is not None and entry[0] == seq:
                if self._strict:
                    self._check(collection + (rid,), entry[1])
                yield seq, entry[1]
            if i < len(seqs) and seqs[i] == seq:
                i += 1
            else:  # the caller deleted this item meanwhile: re-seek
                i = bisect.bisect_right(seqs, seq)

    def count(self, collection: Key) -> int:
        coll = self._collections.get(collection)
        return 0 if coll is None else len(coll.records)

    def unit_of_work(self) -> _Unit:
        return _Unit(self)

    def _remember(self, key: Key, old: tuple[int, Record] | None) -> None:
        if self._undo is not None:
            self._undo.append((key, old))

    def _restore(self, key: Key, old: tuple[int, Record] | None) -> None:
        if old is None:
            self.delete(key)
        elif self.get(key) is not None:
            self.put(key, old[1])
        else:  # it was deleted: put it back in its old place
            self._reinsert(key, *old)

    def dump(self) -> dict[str, Any]:
        with self._lock:
            return {
                "format": "gwmock-state/1",
                "collections": [
                    [list(ckey), [[rid, coll.records[rid][1]] for rid in coll.ids]]
                    for ckey, coll in self._collections.items()
                    if coll.records
                ],
            }

    def load(self, document: dict[str, Any]) -> None:
        with self._lock:
            self.clear()
            for ckey, items in document.get("collections", []):
                for rid, record in items:
                    self.put(tuple(ckey) + (rid,), record)

    def clear(self) -> None:
        with self._lock:
            self._collections.clear()
