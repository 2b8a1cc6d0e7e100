"""A durable backend in one SQLite file (stdlib ``sqlite3``).

State survives the process, and several processes (pytest-xdist workers) can
share one fake account: each unit of work is an ``IMMEDIATE`` transaction, so
writers queue on SQLite's file lock. Insertion order is the row id, which an
update keeps.

Keys are names users chose (a domain name, a stage name), so their encoding must
be injective: a collection is stored as ``\x1f<part>\x1f<part>...`` where each part
has ``%``, ``\x1f``, NUL and lone surrogates escaped (``%25``, ``%1F``, ``%00``,
``%uD800``). No part then contains the separator, every part starts with it (so
``()`` and ``("",)`` differ), and the descendants of a key are exactly the
collections that start with its encoding plus the separator: ``delete_tree`` is one
range of the index, and no name can reach into another's records. Ids are escaped
the same way (NUL and surrogates would not survive SQLite's text functions and
UTF-8). The common case, a part with none of these characters, costs one regex
search. Files written with the old encoding (``PRAGMA user_version`` 0 with rows)
are refused with an error that says so.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gwmock.errors import StateUrlError
from gwmock.state.base import Backend, Key, Record

_SEP = "\x1f"
_FORMAT = 2  # PRAGMA user_version of files written with the escaped key encoding
_SPECIAL = re.compile("[%\x00\x1f\ud800-\udfff]")
_ESCAPE = re.compile("%(u[0-9A-F]{4}|[0-9A-F]{2})")
_OWN_NAMES = {"records", "records_by_collection"}
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS records (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (collection, id)
    )""",
    "CREATE INDEX IF NOT EXISTS records_by_collection ON records (collection, seq)",
    f"PRAGMA user_version = {_FORMAT}",
)


def _part(part: str) -> str:
    if _SPECIAL.search(part) is None:
        return part
    return _SPECIAL.sub(_escape, part)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"%{code:02X}" if code < 0x100 else f"%u{code:04X}"


def _unpart(part: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1).lstrip("u"), 16)), part) if "%" in part else part


@functools.lru_cache(maxsize=4096)  # handlers ask for the same few collections over and over
def _collection(key: Key) -> str:
    return "".join([_SEP + _part(p) for p in key])


def _key(collection: str) -> list[str]:
    return [_unpart(p) for p in collection.split(_SEP)[1:]]


class SqliteBackend(Backend):
    def __init__(self, path: str) -> None:
        self.path = path or ":memory:"
        self._local = threading.local()
        self._lock = threading.RLock()  # one writer per process at a time; SQLite orders processes
        self._shared: sqlite3.Connection | None = None  # an in-memory database: one connection for all threads
        self._checked = False  # the file holds gwmock's schema (or was empty): tune each connection
        try:
            conn = self._connect()
            # Check and create under one write lock, so a second backend opening the same new file
            # meanwhile sees either nothing or the whole schema, never a half-made one.
            with self.unit_of_work():
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                names = sorted(row[0] for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
                if version not in (0, _FORMAT) or set(names) - _OWN_NAMES:
                    # Someone else's database: refuse it before anything (journal mode, tables) is written.
                    raise StateUrlError(f"SQLite file {self._shown()} is not a gwmock state file (it holds "
                                        f"{', '.join(names[:5]) or 'no tables'}; user_version {version}): "
                                        "give gwmock a file of its own")
                if version == 0:
                    old = conn.execute("SELECT name FROM sqlite_master WHERE name = 'records'").fetchone()
                    if old is not None and conn.execute("SELECT 1 FROM records LIMIT 1").fetchone() is not None:
                        raise StateUrlError(f"SQLite state file {self._shown()} was written by an older gwmock "
                                            "(another key encoding); delete it to start afresh")
                for statement in _SCHEMA:
                    conn.execute(statement)
            self._tune(conn)
        except sqlite3.Error as exc:
            self.close()
            raise StateUrlError(f"cannot use {self._shown()} as a SQLite state file: {exc}") from None
        except StateUrlError:
            self.close()
            raise

    def _tune(self, conn: sqlite3.Connection) -> None:
        """WAL and relaxed syncs, set only once the file is known to be gwmock's (WAL rewrites its header)."""
        self._checked = True
        if self.path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")

    def _shown(self) -> str:
        return repr(self.path if self.path == ":memory:" else os.path.abspath(self.path))

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            if self.path == ":memory:":  # a connection per thread would be a database per thread
                if self._shared is None:
                    self._shared = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                conn = self._shared
            else:
                conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
                if self._checked:
                    self._tune(conn)
            self._local.conn = conn
            self._local.depth = 0
        return conn

    def get(self, key: Key) -> Record | None:
        row = self._connect().execute(
            "SELECT body FROM records WHERE collection = ? AND id = ?", (_collection(key[:-1]), _part(key[-1])),
        ).fetchone()
        return None if row is None else json.loads(row[0])

    def put(self, key: Key, record: Record) -> None:
        with self.unit_of_work():
            self._connect().execute(
                "INSERT INTO records (collection, id, body) VALUES (?, ?, ?) "
                "ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body",
                (_collection(key[:-1]), _part(key[-1]), json.dumps(record)),
            )

    def delete(self, key: Key) -> bool:
        with self.unit_of_work():
            cursor = self._connect().execute(
                "DELETE FROM records WHERE collection = ? AND id = ?", (_collection(key[:-1]), _part(key[-1]))
            )
            return cursor.rowcount > 0

    def delete_tree(self, key: Key) -> None:
        prefix = _collection(key)
        with self.unit_of_work():
            conn = self._connect()
            # The collection itself, then every collection that starts with prefix + SEP: one index range,
            # since "\x20" is the character right after the separator.
            conn.execute("DELETE FROM records WHERE collection = ? OR (collection >= ? AND collection < ?)",
                         (prefix, prefix + _SEP, prefix + "\x20"))
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
            collections.setdefault(collection, []).append([_unpart(rid), json.loads(body)])
        return {
            "format": "gwmock-state/1",
            "collections": [[_key(c), items] for c, items in collections.items()],
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
        if self._shared is not None:
            self._shared.close()
            self._shared = None
