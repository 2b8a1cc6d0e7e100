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

Durability: the file is in WAL mode with ``synchronous=NORMAL``. A committed unit of
work survives the process ending or being killed at any point (the WAL is in the file,
and the next connection replays it); after a power loss or an operating-system crash
the last units may be missing, but the file is never corrupt. That is what a test fake
needs, and it spares an fsync per call (SQLite syncs at checkpoints only).

Each connection (one per thread) keeps the records it decoded, and whole collections
once scanned, with the memory backend's indexes for ``ordered``, ``count_by`` and
``find_by``. The copy is valid while ``PRAGMA data_version`` is unchanged, that is
while no other connection (another process, thread or backend) committed: checked
once at the start of each unit of work, under its write lock, and before each read
outside one; a rolled-back unit that wrote drops it. Records are handed out shared, as
the memory backend does (read-only; ``strict`` mode checks them against the JSON
stored). Cached collections stay in memory while valid: a process holds at most what
the memory backend would; records found absent are remembered up to ``_MAX_MISSES`` (the data
plane looks up every API id a client names, in every account holding APIs). ``holders`` walks the
file's accounts through the collection index (two seeks an account), kept on the connection until
another commits or a put names a new account.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gwmock import clock
from gwmock.errors import GwmockError, StateUrlError
from gwmock.state.base import Backend, Key, Record, json_copy
from gwmock.state.memory import KeysOf, _Collection

_SEP = "\x1f"
_FORMAT = 2  # PRAGMA user_version of files written with the escaped key encoding
_SPECIAL = re.compile("[%\x00\x1f\ud800-\udfff]")
_ESCAPE = re.compile("%(u[0-9A-F]{4}|[0-9A-F]{2})")
_OWN_NAMES = {"records", "records_by_collection"}
# absent records a connection remembers until its cache is dropped: the data plane looks up every id a
# client names (an API id in a host), in each account holding APIs, so misses must not grow without end
_MAX_MISSES = 4096
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


class _Link:
    """One connection, its unit-of-work depth, and the records it has decoded.

    ``rows`` holds single records read or written (``None``: known absent), ``full`` whole
    collections (with the memory backend's indexes, built on demand). Both are valid while
    ``version`` (``PRAGMA data_version``) is: no other connection committed since."""

    __slots__ = ("conn", "depth", "version", "rows", "full", "bodies", "wrote", "accounts", "misses")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.depth = 0
        self.version = -1
        self.rows: dict[str, dict[str, tuple[int, Record] | None]] = {}
        self.full: dict[str, _Collection] = {}
        self.bodies: dict[int, str] = {}  # id(record) -> its JSON as stored (strict mode only)
        self.wrote = False  # the open unit of work wrote: a rollback must drop the cache
        # the accounts (first key parts) the file holds (``SqliteBackend.holders``), walked once; a
        # put naming another account forgets it (deletes may leave it naming a gone account)
        self.accounts: dict[str, None] | None = None
        self.misses = 0  # absent records remembered in ``rows`` (at most ``_MAX_MISSES``)

    def drop(self) -> None:
        self.rows = {}
        self.full = {}
        self.bodies = {}
        self.accounts = None
        self.misses = 0


class SqliteStateError(GwmockError, sqlite3.DatabaseError):
    """SQLite failed under a call (the file became read-only, the disk is full, the file is corrupt,
    was deleted or replaced while open, or another process held the lock too long): the message
    names gwmock and the file. A ``sqlite3.DatabaseError`` too, for code that catches those; the
    control plane answers it as AWS's 500 InternalFailure, with the unit of work rolled back."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message  # SQLite's words and the hint, without the file's name


# What a user can do about SQLite's error, by words of its message.
_HINTS = (
    ("readonly", "the file or its directory is read-only"),
    ("full", "the disk is full"),
    ("malformed", "the file is corrupt: delete it (and its -wal and -shm files) to start afresh"),
    ("not a database", "the file is corrupt: delete it (and its -wal and -shm files) to start afresh"),
    ("locked", "another connection held the write lock for longer than 60 s"),
    ("busy", "another connection held the write lock for longer than 60 s"),
    ("i/o error", "the file may have been deleted or moved while open"),
)


def _file_identity(path: str) -> tuple[int, int] | None:
    """``(device, inode)`` of the file at ``path``, None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


_WAL_WAIT = 60.0  # seconds, as long as a connection waits for a lock (``timeout=60``)


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode (once set, it stays with the file). Switching needs the file to
    itself, and SQLite answers "database is locked" at once, without its busy wait, while another
    connection holds a lock (several processes or threads opening a new state file together): so
    wait here, until the mode is WAL, set by this connection or by another meanwhile."""
    deadline = clock.monotonic() + _WAL_WAIT
    pause = 0.001
    while True:
        try:
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or clock.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


class SqliteBackend(Backend):
    """``strict`` (or ``GWMOCK_STRICT=1``) checks, as the memory backend does, that no record
    handed out was changed in place: here it would change this process's cache, not the file."""

    def __init__(self, path: str, strict: bool | None = None) -> None:
        self.path = path or ":memory:"
        # Connections open the absolute path: a thread that connects after the working directory
        # changed (monkeypatch.chdir) reaches the same file, and a name such as "file:x.db" is a file,
        # never a URI.
        self._file = self.path if self.path == ":memory:" else os.path.abspath(self.path)
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file opened
        self._strict = os.environ.get("GWMOCK_STRICT") == "1" if strict is None else strict
        self._local = threading.local()
        self._lock = threading.RLock()  # one writer per process at a time; SQLite orders processes
        self._shared: _Link | None = None  # an in-memory database: one connection for all threads
        self._checked = False  # the file holds gwmock's schema (or was empty): tune each connection
        try:
            conn = self._link().conn
            # Check and create under one write lock, so a second backend opening the same new file
            # meanwhile sees either nothing or the whole schema, never a half-made one.
            with self.unit_of_work():
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                names = sorted(row[0] for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
                if version > _FORMAT and not set(names) - _OWN_NAMES:
                    raise StateUrlError(f"SQLite state file {self._shown()} was written by a newer gwmock (format "
                                        f"{version}; this one reads format {_FORMAT}): upgrade gwmock, or "
                                        "delete the file to start afresh")
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
            if self.path != ":memory:":
                self._identity = _file_identity(self._file)
        except sqlite3.Error as exc:
            self.close()
            reason = getattr(exc, "reason", str(exc))
            if os.path.isdir(self._file):
                reason += " (the path is a directory)"
            elif not os.path.isdir(os.path.dirname(self._file)):
                reason += f" (the directory {os.path.dirname(self._file)!r} does not exist)"
            raise StateUrlError(f"cannot use {self._shown()} as a SQLite state file: {reason}") from None
        except StateUrlError:
            self.close()
            raise

    def _tune(self, conn: sqlite3.Connection) -> None:
        """WAL and relaxed syncs, set only once the file is known to be gwmock's (WAL rewrites its header)."""
        self._checked = True
        if self.path != ":memory:":
            _use_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")

    def _shown(self) -> str:
        return repr(self._file)

    def _failed(self, error: sqlite3.Error) -> SqliteStateError:
        """SQLite's error under a call, as one that names gwmock and the file (raised ``from None``:
        the user's traceback ends at gwmock's call, not inside the sqlite3 module)."""
        if isinstance(error, SqliteStateError):
            return error
        text = str(error)
        hint = next((h for word, h in _HINTS if word in text.lower()), "")
        reason = text + (f" ({hint})" if hint else "")
        return SqliteStateError(f"gwmock: SQLite state file {self._shown()}: {reason}", reason)

    def _check_identity(self) -> None:
        """Refuse to write to a file deleted or replaced since it was opened: the writes would go to
        an unlinked inode that no other process sees (and a new file beside a left-over -wal file is
        one SQLite may corrupt)."""
        if self._identity is not None and _file_identity(self._file) != self._identity:
            raise SqliteStateError(f"gwmock: SQLite state file {self._shown()} was deleted or replaced while "
                                   "open: stop every process using it, delete it with its -wal and -shm "
                                   "files, and start again")

    def _link(self) -> _Link:
        link: _Link | None = getattr(self._local, "link", None)
        if link is None:
            if self.path == ":memory:":  # a connection per thread would be a database per thread
                if self._shared is None:
                    self._shared = _Link(sqlite3.connect(":memory:", isolation_level=None,
                                                         check_same_thread=False))
                link = self._shared
            else:
                conn = sqlite3.connect(self._file, timeout=60, isolation_level=None, check_same_thread=False)
                if self._checked:
                    self._tune(conn)
                link = _Link(conn)
            self._local.link = link
        return link

    def _reading(self) -> _Link:
        """This thread's link with a cache that is still valid (a read outside a unit checks)."""
        link = self._link()
        if not link.depth:
            self._validate(link)
        return link

    @staticmethod
    def _validate(link: _Link) -> None:
        version = link.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != link.version:
            link.drop()  # another connection (process, thread) committed: what we decoded may be stale
            link.version = version

    def _decoded(self, link: _Link, body: str) -> Record:
        record: Record = json.loads(body)
        if self._strict:
            link.bodies[id(record)] = body
        return record

    def _check(self, link: _Link, key: Key, record: Record) -> None:
        if json.dumps(record) != link.bodies.get(id(record)):
            raise AssertionError(f"gwmock: the record at {key} was changed in place after it was stored")

    def get(self, key: Key) -> Record | None:
        collection, rid = _collection(key[:-1]), key[-1]
        entry: tuple[int, Record] | None
        try:
            link = self._reading()
            full = link.full.get(collection)
            if full is not None:
                entry = full.records.get(rid)
            else:
                rows = link.rows.get(collection)
                if rows is not None and rid in rows:
                    entry = rows[rid]
                else:
                    row = link.conn.execute("SELECT seq, body FROM records WHERE collection = ? AND id = ?",
                                            (collection, _part(rid))).fetchone()
                    entry = None if row is None else (row[0], self._decoded(link, row[1]))
                    if entry is not None:
                        link.rows.setdefault(collection, {})[rid] = entry
                    elif link.misses < _MAX_MISSES:  # names a client made up (random hosts): bounded
                        link.misses += 1
                        link.rows.setdefault(collection, {})[rid] = None
        except sqlite3.Error as error:
            raise self._failed(error) from None
        if entry is None:
            return None
        if self._strict:
            self._check(link, key, entry[1])
        return entry[1]

    def put(self, key: Key, record: Record) -> None:
        collection, rid = _collection(key[:-1]), key[-1]
        body = json.dumps(record)
        with self.unit_of_work():
            link = self._link()
            # fetchall: the statement runs to its end (RETURNING), so COMMIT finds nothing in progress.
            seq = link.conn.execute(
                "INSERT INTO records (collection, id, body) VALUES (?, ?, ?) "
                "ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body RETURNING seq",
                (collection, _part(rid), body),
            ).fetchall()[0][0]
            link.wrote = True
            if self._strict:
                link.bodies[id(record)] = body
            if link.accounts is not None and key[0] not in link.accounts:
                link.accounts = None
            full = link.full.get(collection)
            if full is None:
                link.rows.setdefault(collection, {})[rid] = (seq, record)
                return
            old = full.records.get(rid)
            if full.orders or full.groups:
                full.indexed(rid, old[1] if old is not None else None, record)
            full.records[rid] = (seq, record)
            if old is None:  # row ids only grow (AUTOINCREMENT): the new one is the collection's last
                full.seqs.append(seq)
                full.ids.append(rid)

    def delete(self, key: Key) -> bool:
        collection, rid = _collection(key[:-1]), key[-1]
        with self.unit_of_work():
            link = self._link()
            cursor = link.conn.execute("DELETE FROM records WHERE collection = ? AND id = ?",
                                       (collection, _part(rid)))
            link.wrote = True
            full = link.full.get(collection)
            if full is None:
                link.rows.setdefault(collection, {})[rid] = None
            elif rid in full.records:
                seq, record = full.records.pop(rid)
                if full.orders or full.groups:
                    full.indexed(rid, record, None)
                i = bisect.bisect_left(full.seqs, seq)
                del full.seqs[i]
                del full.ids[i]
            return cursor.rowcount > 0

    def delete_tree(self, key: Key) -> None:
        prefix = _collection(key)
        with self.unit_of_work():
            link = self._link()
            # The collection itself, then every collection that starts with prefix + SEP: one index range,
            # since "\x20" is the character right after the separator.
            link.conn.execute("DELETE FROM records WHERE collection = ? OR (collection >= ? AND collection < ?)",
                              (prefix, prefix + _SEP, prefix + "\x20"))
            link.wrote = True
            below = prefix + _SEP
            for cached in [c for c in (*link.full, *link.rows) if c == prefix or c.startswith(below)]:
                link.rows.pop(cached, None)
                link.full[cached] = _Collection()  # known empty now
            self.delete(key)

    def _full(self, link: _Link, collection: str) -> _Collection:
        """The whole collection, decoded once (records already decoded are reused, not decoded again)."""
        full = link.full.get(collection)
        if full is not None:
            return full
        full = _Collection()
        known = link.rows.pop(collection, None) or {}
        records, seqs, ids = full.records, full.seqs, full.ids
        for seq, stored_id, body in link.conn.execute(
            "SELECT seq, id, body FROM records WHERE collection = ? ORDER BY seq", (collection,)
        ):
            rid = _unpart(stored_id)
            entry = known.get(rid)
            records[rid] = entry if entry is not None and entry[0] == seq else (seq, self._decoded(link, body))
            seqs.append(seq)
            ids.append(rid)
        link.full[collection] = full
        return full

    def scan(self, collection: Key, after: int | None = None) -> Iterator[tuple[int, Record]]:
        try:
            link = self._reading()
            full = self._full(link, _collection(collection))
        except sqlite3.Error as error:
            raise self._failed(error) from None
        for seq, rid, record in full.walk(after):
            if self._strict:
                self._check(link, collection + (rid,), record)
            yield seq, record

    def count(self, collection: Key) -> int:
        try:
            link = self._reading()
            name = _collection(collection)
            full = link.full.get(name)
            if full is not None:
                return len(full.records)
            row = link.conn.execute("SELECT count(*) FROM records WHERE collection = ?", (name,)).fetchone()
        except sqlite3.Error as error:
            raise self._failed(error) from None
        return int(row[0])

    def ordered(self, collection: Key, field: str, start: str | None = None,
                inclusive: bool = True) -> Iterator[tuple[str, Record]]:
        """``(value, record)`` by ascending string ``field``, from ``start`` (or after it): the
        memory backend's index, kept on this process's copy of the collection."""
        try:
            link = self._reading()
            with self._lock:
                coll = self._full(link, _collection(collection))
                order = coll.order(field)
        except sqlite3.Error as error:
            raise self._failed(error) from None
        for value, rid, record in coll.walk_order(order, field, start, inclusive):
            if self._strict:
                self._check(link, collection + (rid,), record)
            yield value, record

    def count_by(self, collection: Key, keys: KeysOf, key: str) -> int:
        """How many records of ``collection`` have ``key`` among ``keys(record)``."""
        return len(self._group(collection, keys, key)[1])

    def find_by(self, collection: Key, keys: KeysOf, key: str) -> list[Record]:
        """The records of ``collection`` that have ``key`` among ``keys(record)``, in insertion order."""
        coll, members = self._group(collection, keys, key)
        link = self._link()
        found = coll.in_order(members)
        if self._strict:
            for _, record in found:
                self._check(link, collection, record)
        return [record for _, record in found]

    def _group(self, collection: Key, keys: KeysOf, key: str) -> tuple[_Collection, dict[str, None]]:
        try:
            link = self._reading()
            with self._lock:
                coll = self._full(link, _collection(collection))
                return coll, coll.group(keys, key)
        except sqlite3.Error as error:
            raise self._failed(error) from None

    def holders(self, path: Key) -> list[str]:
        """The accounts holding a record at ``(account,) + path``: the file's accounts, walked
        through the collection index (``_accounts``) and kept until another connection commits or
        a put names another account, then a ``get`` each."""
        if not path:
            return []
        try:
            link = self._reading()
            with self._lock:
                if link.accounts is None:
                    link.accounts = self._accounts(link.conn)
                accounts = list(link.accounts)
        except sqlite3.Error as error:
            raise self._failed(error) from None
        return [account for account in accounts if self.get((account, *path)) is not None]

    @staticmethod
    def _accounts(conn: sqlite3.Connection) -> dict[str, None]:
        """Every account (a key's first part) in the file, by a skip scan of the collection index:
        two index seeks an account at most, whatever the number of records.

        An account ``A``'s collections are ``SEP A`` and ``SEP A SEP ...``; another account's name may
        extend ``A`` with a character below the separator, sorting between them, so a step past
        ``SEP A`` alone goes to the next row, and a step past ``SEP A SEP ...`` skips to ``SEP A`` and
        the character after the separator (nothing before it is left unvisited)."""
        found: dict[str, None] = {}
        low = ""  # a key of one part (collection "") names no account
        while True:
            row = conn.execute("SELECT collection FROM records WHERE collection > ? ORDER BY collection LIMIT 1",
                               (low,)).fetchone()
            if row is None:
                return found
            collection: str = row[0]
            stored = collection[1:].split(_SEP, 1)[0]
            found[_unpart(stored)] = None
            below = _SEP + stored
            low = collection if collection == below else below + "\x20"

    @contextmanager
    def unit_of_work(self) -> Iterator[None]:
        try:
            link = self._link()
        except sqlite3.Error as error:
            raise self._failed(error) from None
        with self._lock:
            if link.depth:
                link.depth += 1
                try:
                    yield
                finally:
                    link.depth -= 1
                return
            conn = link.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise self._failed(error) from None
            link.depth = 1
            link.wrote = False
            try:
                self._check_identity()
                self._validate(link)  # under the write lock: nobody else commits until we do
                yield
            except BaseException as exc:
                # The cache holds this unit's writes; after SQLite's own error (a full disk, an I/O
                # error) SQLite may have rolled the transaction back already.
                if link.wrote or isinstance(exc, sqlite3.Error) or not conn.in_transaction:
                    link.drop()
                self._rollback(link)
                if isinstance(exc, sqlite3.Error):
                    raise self._failed(exc) from None
                raise
            else:
                try:
                    conn.execute("COMMIT")
                except BaseException as exc:
                    link.drop()
                    self._rollback(link)
                    if isinstance(exc, sqlite3.Error):
                        raise self._failed(exc) from None
                    raise
            finally:
                link.depth = 0

    @staticmethod
    def _rollback(link: _Link) -> None:
        """Roll back the open transaction, if SQLite has not already: a failure here would hide the
        error that caused it, which says more."""
        try:
            if link.conn.in_transaction:
                link.conn.execute("ROLLBACK")
        except sqlite3.Error:
            link.drop()

    def dump(self) -> dict[str, Any]:
        collections: dict[str, list[list[Any]]] = {}
        try:
            for collection, rid, body in self._link().conn.execute(
                "SELECT collection, id, body FROM records ORDER BY seq"
            ):
                collections.setdefault(collection, []).append([_unpart(rid), json.loads(body)])
        except sqlite3.Error as error:
            raise self._failed(error) from None
        return {
            "format": "gwmock-state/1",
            "collections": [[_key(c), items] for c, items in collections.items()],
        }

    def load(self, document: dict[str, Any]) -> None:
        with self.unit_of_work():
            self.clear()
            for ckey, items in document.get("collections", []):
                for rid, record in items:
                    # a copy: ``put`` keeps what it is given as this connection's decoded record, and an
                    # edit of the caller's document would show here and nowhere else; JSON checked
                    # (a key that is not a string would be stored as one)
                    self.put(tuple(ckey) + (rid,), json_copy(record, ckey))

    def clear(self) -> None:
        with self.unit_of_work():
            link = self._link()
            link.conn.execute("DELETE FROM records")
            link.wrote = True
            link.drop()

    def close(self) -> None:
        link: _Link | None = getattr(self._local, "link", None)
        if link is not None:
            link.conn.close()
            link.drop()
            self._local.link = None
        if self._shared is not None:
            self._shared.conn.close()
            self._shared.drop()
            self._shared = None
