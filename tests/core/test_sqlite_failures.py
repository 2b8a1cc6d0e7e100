"""The SQLite backend when the file misbehaves, and shared by threads and processes.

Every failure a user meets names gwmock and the file (``SqliteStateError`` under a call,
``StateUrlError`` when opening), leaves no partial unit of work, and is answered to a boto3
client as AWS's 500 InternalFailure.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading

import boto3
import pytest
from botocore.exceptions import ClientError

from gwmock import mock_apigateway
from gwmock.errors import StateUrlError
from gwmock.state import MemoryBackend, backend_from_url
from gwmock.state.sqlite import SqliteBackend, SqliteStateError
from gwmock.state.store import Store


@pytest.fixture
def backend(tmp_path):
    backend = SqliteBackend(str(tmp_path / "state.db"))
    yield backend
    backend.close()


def test_a_full_disk_names_the_file_and_rolls_the_unit_back(backend, tmp_path):
    backend.put(("k", "keep"), {"v": 1})
    conn = backend._link().conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page: as a full disk
    with pytest.raises(SqliteStateError) as failed:
        with backend.unit_of_work():
            backend.put(("k", "keep"), {"v": 2})
            backend.put(("k", "big"), {"v": "x" * 100_000})
    assert isinstance(failed.value, sqlite3.DatabaseError)
    assert str(tmp_path / "state.db") in str(failed.value) and "disk is full" in str(failed.value)
    assert str(failed.value).startswith("gwmock:")
    assert backend.get(("k", "keep")) == {"v": 1} and backend.get(("k", "big")) is None
    conn.execute("PRAGMA max_page_count = 1073741823")
    backend.put(("k", "big"), {"v": 3})
    assert [r["v"] for _, r in backend.scan(("k",))] == [1, 3]


def test_a_read_only_file_names_the_file(backend, tmp_path):
    backend.put(("k", "1"), {"v": 1})
    backend._link().conn.execute("PRAGMA query_only = 1")  # as a file made read-only under gwmock
    with pytest.raises(SqliteStateError, match="read-only") as failed:
        backend.put(("k", "2"), {"v": 2})
    assert repr(str(tmp_path / "state.db")) in str(failed.value)
    assert backend.get(("k", "2")) is None and backend.get(("k", "1")) == {"v": 1}


def test_a_full_disk_under_a_call_is_a_500_naming_the_file(tmp_path):
    path = tmp_path / "gw.db"
    with mock_apigateway(state=f"sqlite:///{path}") as gw:
        client = boto3.client("apigateway", region_name="us-east-1")
        client.create_rest_api(name="before")
        conn = gw.backend._link().conn
        conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
        with pytest.raises(ClientError) as failed:
            client.create_rest_api(name="x" * 20, description="d" * 200_000)
        assert failed.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
        assert failed.value.response["Error"]["Code"] == "InternalFailure"
        assert "gwmock" in str(failed.value) and str(path) in str(failed.value)
        conn.execute("PRAGMA max_page_count = 1073741823")
        assert [a["name"] for a in client.get_rest_apis()["items"]] == ["before"]


def test_a_file_deleted_while_open_refuses_writes(backend, tmp_path):
    backend.put(("k", "1"), {"v": 1})
    os.remove(tmp_path / "state.db")
    with pytest.raises(SqliteStateError, match="deleted or replaced while open") as failed:
        backend.put(("k", "2"), {"v": 2})  # would go to an unlinked file no other process sees
    assert str(tmp_path / "state.db") in str(failed.value)


def test_a_file_replaced_while_open_refuses_writes(backend, tmp_path):
    backend.put(("k", "1"), {"v": 1})
    other = SqliteBackend(str(tmp_path / "other.db"))
    other.close()
    os.replace(tmp_path / "other.db", tmp_path / "state.db")
    with pytest.raises(SqliteStateError, match="deleted or replaced"):
        backend.put(("k", "2"), {"v": 2})


def test_a_file_corrupted_while_open_names_the_file(tmp_path):
    path = tmp_path / "state.db"
    backend = SqliteBackend(str(path))
    for i in range(100):
        backend.put(("k", str(i)), {"v": "y" * 200})
    backend.close()
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)  # every page but the header's
    path.write_bytes(bytes(data))
    opened = SqliteBackend(str(path))
    try:
        for read in (opened.dump, lambda: opened.get(("k", "5")), lambda: list(opened.scan(("k",))),
                     lambda: opened.count(("k",)), lambda: opened.put(("k", "new"), {})):
            with pytest.raises(SqliteStateError, match="corrupt") as failed:
                read()
            assert str(path) in str(failed.value)
    finally:
        opened.close()


def test_garbage_and_newer_files_are_refused_with_what_to_do(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"\x00\xff garbage " * 500)
    with pytest.raises(StateUrlError, match="file is not a database .the file is corrupt") as failed:
        backend_from_url(f"sqlite:///{garbage}")
    assert "gwmock: SQLite" not in str(failed.value)  # one message, not two nested
    newer = tmp_path / "newer.db"
    SqliteBackend(str(newer)).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with pytest.raises(StateUrlError, match="written by a newer gwmock .format 3; this one reads format 2"):
        backend_from_url(f"sqlite:///{newer}")


def test_a_missing_directory_and_a_directory_are_named(tmp_path):
    with pytest.raises(StateUrlError, match="directory .* does not exist"):
        backend_from_url(f"sqlite:///{tmp_path}/missing/x.db")
    with pytest.raises(StateUrlError, match="the path is a directory"):
        backend_from_url(f"sqlite:///{tmp_path}")


def test_query_strings_are_refused_as_such():
    for url in ("sqlite://?mode=ro", "sqlite:///x.db?mode=ro", "sqlite:///:memory:?cache=shared"):
        with pytest.raises(StateUrlError, match="query parameters are not supported"):
            backend_from_url(url)


def test_odd_file_names_are_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("file:x.db", "a b.db", "a%20b.db", "é✓.db"):
        backend = backend_from_url(f"sqlite:///{name}")
        backend.put(("k", "1"), {"name": name})
        backend.close()
        assert (tmp_path / name).is_file(), name
    assert not (tmp_path / "x.db").exists()  # "file:x.db" is not a URI
    os.symlink(tmp_path / "real.db", tmp_path / "link.db")
    backend = backend_from_url("sqlite:///link.db")
    backend.put(("k", "1"), {"v": 1})
    backend.close()
    assert SqliteBackend(str(tmp_path / "real.db")).get(("k", "1")) == {"v": 1}


def test_a_thread_that_connects_after_a_chdir_reaches_the_same_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    backend = SqliteBackend("state.db")
    backend.put(("k", "1"), {"v": 1})
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(backend.get(("k", "1"))))
    thread.start()
    thread.join(10)
    backend.close()
    assert seen == [{"v": 1}]
    assert not (tmp_path / "elsewhere" / "state.db").exists()


# --- counting from many threads and processes -------------------------------------------------


def _bump(path: str, times: int) -> None:
    backend = SqliteBackend(path)
    store = Store(backend, ("123456789012", "us-east-1"))
    for _ in range(times):
        with store.exclusive():  # read-modify-write, as usage counting does
            used = (store.get(("usage", "p", "k")) or {}).get("n", 0)
            store.put(("usage", "p", "k"), {"n": used + 1})
    backend.close()


def test_exclusive_counts_add_up_across_threads_and_processes(tmp_path):
    path = str(tmp_path / "state.db")
    SqliteBackend(path).close()
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_bump, args=(path, 100)) for _ in range(2)]
    threads = [threading.Thread(target=_bump, args=(path, 100)) for _ in range(3)]
    for worker in (*procs, *threads):
        worker.start()
    for worker in (*procs, *threads):
        worker.join(15)
    assert [p.exitcode for p in procs] == [0, 0]
    backend = SqliteBackend(path)
    assert backend.get(("123456789012", "us-east-1", "usage", "p", "k")) == {"n": 500}
    backend.close()


# --- snapshots -------------------------------------------------------------------------------


def _build(client):
    api = client.create_rest_api(name="pets", tags={"team": "a"})["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    client.create_resource(restApiId=api, parentId=root, pathPart="pets")
    client.create_api_key(name="k", value="v" * 30)
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")


def test_snapshot_round_trips_equal_memorys_and_reach_other_processes(tmp_path):
    path = tmp_path / "state.db"
    other = SqliteBackend(str(path))  # another "process" with the file open and a warm cache
    other.put(("stale", "1"), {"v": 1})
    assert other.get(("stale", "1")) == {"v": 1}
    with mock_apigateway(backend=MemoryBackend()) as gw:
        _build(boto3.client("apigateway", region_name="us-east-1"))
        snapshot = gw.snapshot()
    with mock_apigateway(state=f"sqlite:///{path}", load=snapshot) as gw:
        assert gw.snapshot() == snapshot
        client = boto3.client("apigateway", region_name="us-east-1")
        assert [a["name"] for a in client.get_rest_apis()["items"]] == ["pets"]
        assert other.get(("stale", "1")) is None and other.dump() == snapshot
        gw.reset()
        assert client.get_rest_apis()["items"] == [] and other.dump()["collections"] == []
        gw.restore(snapshot)
        assert gw.snapshot() == snapshot == other.dump()
    other.close()
