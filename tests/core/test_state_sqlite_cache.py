"""The SQLite backend's cache of decoded records: never stale, never wrong after a rollback."""

from __future__ import annotations

import multiprocessing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.state import MemoryBackend
from gwmock.state.sqlite import SqliteBackend


def _tags(record):
    return record.get("tags", [])


@pytest.fixture
def pair(tmp_path):
    """Two backends (two connections) on one file, as two processes would have."""
    path = str(tmp_path / "state.db")
    a, b = SqliteBackend(path), SqliteBackend(path)
    yield a, b
    a.close()
    b.close()


def test_a_cached_read_sees_another_connections_commit(pair):
    a, b = pair
    a.put(("c", "1"), {"v": 1, "path": "/a", "tags": ["x"]})
    assert b.get(("c", "1")) == {"v": 1, "path": "/a", "tags": ["x"]}  # b decodes and caches
    assert [r["v"] for _, r in b.scan(("c",))] == [1]
    assert b.count_by(("c",), _tags, "x") == 1
    a.put(("c", "1"), {"v": 2, "path": "/b", "tags": ["y"]})
    a.put(("c", "2"), {"v": 3, "path": "/0"})
    assert b.get(("c", "1")) == {"v": 2, "path": "/b", "tags": ["y"]}
    assert [r["v"] for _, r in b.scan(("c",))] == [2, 3]
    assert b.count(("c",)) == 2
    assert [v for v, _ in b.ordered(("c",), "path")] == ["/0", "/b"]
    assert b.count_by(("c",), _tags, "x") == 0
    assert b.find_by(("c",), _tags, "y") == [{"v": 2, "path": "/b", "tags": ["y"]}]
    a.delete_tree(("c",))
    a.delete(("c", "2"))
    assert b.get(("c", "2")) is None
    assert list(b.scan(("c",))) == []


def test_a_unit_of_work_sees_writes_committed_before_it_began(pair):
    a, b = pair
    b.put(("k", "1"), {"n": 1})
    assert a.get(("k", "1")) == {"n": 1}
    b.put(("k", "1"), {"n": 2})
    with a.unit_of_work():
        assert a.get(("k", "1")) == {"n": 2}
        a.put(("k", "1"), {"n": 3})
    assert b.get(("k", "1")) == {"n": 3}


def test_a_rollback_leaves_no_cached_write(tmp_path):
    backend = SqliteBackend(str(tmp_path / "s.db"))
    backend.put(("k", "keep"), {"v": 1})
    assert list(backend.scan(("k",))) and backend.count_by(("k",), _tags, "t") == 0  # cache the collection
    with pytest.raises(RuntimeError):
        with backend.unit_of_work():
            backend.put(("k", "keep"), {"v": 2, "tags": ["t"]})
            backend.put(("k", "new"), {"v": 3})
            backend.delete_tree(("k", "keep"))
            raise RuntimeError("boom")
    assert backend.get(("k", "keep")) == {"v": 1}
    assert backend.get(("k", "new")) is None
    assert [r for _, r in backend.scan(("k",))] == [{"v": 1}]
    assert backend.count_by(("k",), _tags, "t") == 0
    backend.close()


def test_delete_tree_empties_cached_descendants(tmp_path):
    backend = SqliteBackend(str(tmp_path / "s.db"))
    backend.put(("apis", "a"), {"id": "a"})
    backend.put(("apis", "a", "routes", "r"), {"id": "r"})
    backend.put(("apis", "ab", "routes", "r"), {"id": "r2"})
    assert backend.get(("apis", "a", "routes", "r")) == {"id": "r"}
    assert backend.count(("apis", "ab", "routes")) == 1 and list(backend.scan(("apis", "a", "routes")))
    backend.delete_tree(("apis", "a"))
    assert backend.get(("apis", "a", "routes", "r")) is None
    assert list(backend.scan(("apis", "a", "routes"))) == []
    assert backend.get(("apis", "ab", "routes", "r")) == {"id": "r2"}
    backend.close()


def test_strict_mode_catches_a_record_changed_in_place(tmp_path):
    backend = SqliteBackend(str(tmp_path / "s.db"), strict=True)
    backend.put(("k", "1"), {"v": [1]})
    record = backend.get(("k", "1"))
    record["v"].append(2)  # a handler bug: the cache would now disagree with the file
    with pytest.raises(AssertionError, match="changed in place"):
        backend.get(("k", "1"))
    with pytest.raises(AssertionError, match="changed in place"):
        list(backend.scan(("k",)))
    backend.close()


def _write_in_child(path):
    other = SqliteBackend(path)
    other.put(("k", "1"), {"by": "child"})
    other.put(("k", "2"), {"by": "child"})
    other.close()


def test_a_spawned_process_write_reaches_this_process_cache(tmp_path):
    path = str(tmp_path / "s.db")
    backend = SqliteBackend(path)
    backend.put(("k", "1"), {"by": "parent"})
    assert backend.get(("k", "1")) == {"by": "parent"} and backend.count(("k",)) == 1
    process = multiprocessing.get_context("spawn").Process(target=_write_in_child, args=(path,))
    process.start()
    process.join(60)
    assert process.exitcode == 0
    assert backend.get(("k", "1")) == {"by": "child"}
    assert [r["by"] for _, r in backend.scan(("k",))] == ["child", "child"]
    backend.close()


_ids = st.sampled_from(["a", "b", "c", "%", "\x1f", ""])
_keys = st.tuples(st.sampled_from(["x", "y"]), _ids) | st.tuples(st.just("x"), _ids, st.sampled_from(["s"]), _ids)
_ops = st.lists(st.one_of(  # a keys() function lists each key once (the memory index assumes it)
    st.tuples(st.just("put"), _keys, st.sampled_from(["/p", "/q", "/r", 7]), st.lists(_ids, max_size=2, unique=True)),
    st.tuples(st.just("delete"), _keys),
    st.tuples(st.just("tree"), _keys),
    st.tuples(st.just("read"), _keys),
    st.tuples(st.just("other"), _keys, st.sampled_from(["/o"]), st.just(["b"])),
), max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_ops)
def test_cached_reads_match_the_memory_backend(tmp_path_factory, ops):
    path = str(tmp_path_factory.mktemp("diff") / "s.db")
    mine, other, model = SqliteBackend(path), SqliteBackend(path), MemoryBackend(strict=False)
    try:
        for op, key, *rest in ops:
            if op in ("put", "other"):
                record = {"path": rest[0], "tags": rest[1]}
                (mine if op == "put" else other).put(key, record)
                model.put(key, record)
            elif op == "delete":
                assert mine.delete(key) == model.delete(key)
            elif op == "tree":
                mine.delete_tree(key)
                model.delete_tree(key)
            for coll in (key[:-1], ("x",), ("y",)):
                assert mine.get(key) == model.get(key)
                assert [r for _, r in mine.scan(coll)] == [r for _, r in model.scan(coll)]
                assert mine.count(coll) == model.count(coll)
                assert list(mine.ordered(coll, "path", "/q")) == list(model.ordered(coll, "path", "/q"))
                assert mine.find_by(coll, _tags, "b") == model.find_by(coll, _tags, "b")
    finally:
        mine.close()
        other.close()
