"""``Store.first`` (the one-record seek behind the sibling check and the API key look-up)
answers what the first item of ``Store.ordered`` answers, on every backend, on small
collections (scanned) and large ones (indexed), and follows writes and a rolled-back unit."""

from __future__ import annotations

import random

import pytest

from gwmock.context import Store
from gwmock.state import MemoryBackend
from gwmock.state.sqlite import SqliteBackend

COLL = ("things",)


@pytest.fixture(params=["memory", "memory-strict", "sqlite"])
def store(request, tmp_path):
    if request.param == "sqlite":
        backend = SqliteBackend(str(tmp_path / "state.db"))
        yield Store(backend, ("acct", "region"))
        backend.close()
    else:
        yield Store(MemoryBackend(strict=request.param == "memory-strict"), ("acct", "region"))


def _expected(store: Store, start: str):
    return next(store.ordered(COLL, "path", start), None)


@pytest.mark.parametrize("size", [0, 1, 5, 32, 33, 200])
def test_first_matches_ordered(store, size):
    rng = random.Random(size)
    for i in range(size):
        path = "/" + "".join(rng.choice("ab{}") for _ in range(rng.randint(1, 4)))
        store.put(COLL + (f"id{i}",), {"path": path} if i % 7 else {"path": None, "other": path})
    for start in ["", "/", "/a", "/ab", "/{", "/b}", "/zzz", "~"]:
        assert store.first(COLL, "path", start) == _expected(store, start)


def test_first_on_missing_collection(store):
    assert store.first(("nothing",), "path", "/") is None


def test_first_ties_go_to_the_smaller_id(store):
    store.put(COLL + ("b",), {"path": "/x", "n": 1})
    store.put(COLL + ("a",), {"path": "/x", "n": 2})
    assert store.first(COLL, "path", "/x") == ("/x", {"path": "/x", "n": 2}) == _expected(store, "/x")


@pytest.mark.parametrize("size", [3, 40])
def test_first_follows_writes_and_rollback(store, size):
    for i in range(size):
        store.put(COLL + (f"id{i:03}",), {"path": f"/p{i:03}"})
    assert store.first(COLL, "path", "/p0005")[0] == "/p001"
    store.put(COLL + ("new",), {"path": "/p0007"})
    assert store.first(COLL, "path", "/p0005") == ("/p0007", {"path": "/p0007"})
    store.delete(COLL + ("new",))
    store.put(COLL + ("id001",), {"path": "/q"})
    assert store.first(COLL, "path", "/p0005")[0] == "/p002"
    with pytest.raises(RuntimeError):
        with store.backend.unit_of_work():
            store.put(COLL + ("id002",), {"path": "/r"})
            store.put(COLL + ("x",), {"path": "/p0008"})
            assert store.first(COLL, "path", "/p0005")[0] == "/p0008"
            raise RuntimeError("roll back")
    assert store.first(COLL, "path", "/p0005") == ("/p002", {"path": "/p002"})
    assert store.first(COLL, "path", "/p0005") == _expected(store, "/p0005")


def test_strict_first_detects_in_place_change():
    store = Store(MemoryBackend(strict=True), ("acct", "region"))
    record = {"path": "/a"}
    store.put(COLL + ("1",), record)
    record["path"] = "/b"
    with pytest.raises(AssertionError, match="changed in place"):
        store.first(COLL, "path", "/")
