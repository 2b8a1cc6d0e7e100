"""A durable backend in one SQLite file (stdlib ``sqlite3``).

State survives the process, and several processes (pytest-xdist workers) can
share one fake account: each unit of work is an ``IMMEDIATE`` transaction, so
writers queue on SQLite's file lock. Insertion order is the row id, which an
update keeps.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gwmock.state.base import Backend, Key, Record

_SEP = "\x1f"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (collection, id)
);
CREATE INDEX IF NOT EXISTS records_by_collection ON records (collection, seq);
"""


def _collection(key: Key) -> str:
    return _SEP.join(key)


class SqliteBackend(Backend):
    def __init__(self, path: str) -> None:
        self.path = path or ":memory:"
        self._local = threading.local()
        self._lock = threading.RLock()  # one writer per process at a time; SQLite orders processes
        with self._connect() as conn:
            conn.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
            self._local.depth = 0
        return conn

    def get(self, key: Key) -> Record | None:
        row = self._connect().execute(
            "SELECT body FROM records WHERE collection = ? AND id = ?", (_collection(key[:-1]), key[-1])
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: Key, record: Record) -> None:
        with self.unit_of_work():
            self._connect().execute(
                "INSERT INTO records (collection, id, body) VALUES (?, ?, ?) "
                "ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body",
                (_collection(key[:-1]), key[-1], json.dumps(record)),
            )

    def delete(self, key: Key) -> bool:
        with self.unit_of_work():
            cursor = self._connect().execute(
                "DELETE FROM records WHERE collection = ? AND id = ?", (_collection(key[:-1]), key[-1])
            )
            return cursor.rowcount > 0

    def delete_tree(self, key: Key) -> None:
        prefix = _collection(key)
        with self.unit_of_work():
            conn = self._connect()
            conn.execute(
                "DELETE FROM records WHERE collection = ? OR substr(collection, 1, ?) = ?",
                (prefix, len(prefix) + 1, prefix + _SEP),
            )
            self.delete(key)

    def scan(self, collection: Key, after: int | None = None) -> Iterator[tuple[int, Record]]:
        rows = self._connect().execute(
            "SELECT seq, body FROM records WHERE collection = ? AND seq > ? ORDER BY seq",
            (_collection(collection), after or 0),
        )
        for seq, body in rows:
            yield seq, json.loads(body)

    def count(self, collection: Key) -> int:
        row = self._connect().execute(
            "SELECT count(*) FROM records WHERE collection = ?", (_collection(collection),)
        ).fetchone()
        return int(row[0])

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        conn = self._connect()
        with self._lock:
            if self._local.depth:
                self._local.depth += 1
                try:
                    yield
                finally:
                    self._local.depth -= 1
                return
            conn.execute("BEGIN IMMEDIATE")
            self._local.depth = 1
            try:
                yield
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            else:
                conn.execute("COMMIT")
            finally:
                self._local.depth = 0

    def dump(self) -> dict[str, Any]:
        collections: dict[str, list[list[Any]]] = {}
        for collection, rid, body in self._connect().execute(
            "SELECT collection, id, body FROM records ORDER BY seq"
        ):
            collections.setdefault(collection, []).append([rid, json.loads(body)])
        return {
            "format": "gwmock-state/1",
            "collections": [[c.split(_SEP), items] for c, items in collections.items()],
        }

    def load(self, document: dict[str, Any]) -> None:
        with self.unit_of_work():
            self.clear()
            for ckey, items in document.get("collections", []):
                for rid, record in items:
                    self.put(tuple(ckey) + (rid,), record)

    def clear(self) -> None:
        with self.unit_of_work():
            self._connect().execute("DELETE FROM records")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
