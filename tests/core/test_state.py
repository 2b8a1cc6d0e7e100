"""The backend contract, run against every backend."""

from __future__ import annotations

import json
import multiprocessing

import boto3
import pytest

from gwmock import mock_apigateway
from gwmock.state import MemoryBackend, backend_from_url
from gwmock.state.sqlite import SqliteBackend


@pytest.fixture(params=["memory", "sqlite"])
def backend(request, tmp_path):
    if request.param == "memory":
        yield MemoryBackend()
    else:
        b = SqliteBackend(str(tmp_path / "state.db"))
        yield b
        b.close()


def test_put_get_replace_keeps_order(backend):
    backend.put(("a", "x", "1"), {"n": 1})
    backend.put(("a", "x", "2"), {"n": 2})
    backend.put(("a", "x", "1"), {"n": 10})
    assert backend.get(("a", "x", "1")) == {"n": 10}
    assert [r["n"] for _, r in backend.scan(("a", "x"))] == [10, 2]
    assert backend.count(("a", "x")) == 2
    assert backend.get(("a", "x", "3")) is None


def test_scan_after_cursor(backend):
    for i in range(5):
        backend.put(("c", str(i)), {"i": i})
    rows = list(backend.scan(("c",)))
    assert [r["i"] for _, r in backend.scan(("c",), after=rows[1][0])] == [2, 3, 4]


def test_delete_and_delete_tree(backend):
    backend.put(("apis", "a"), {"id": "a"})
    backend.put(("apis", "a", "routes", "r1"), {"id": "r1"})
    backend.put(("apis", "a", "routes", "r1", "responses", "x"), {"id": "x"})
    backend.put(("apis", "ab"), {"id": "ab"})
    backend.put(("apis", "ab", "routes", "r2"), {"id": "r2"})
    assert backend.delete(("apis", "zz")) is False
    backend.delete_tree(("apis", "a"))
    assert backend.get(("apis", "a")) is None
    assert backend.get(("apis", "a", "routes", "r1")) is None
    assert backend.get(("apis", "a", "routes", "r1", "responses", "x")) is None
    assert backend.get(("apis", "ab", "routes", "r2")) == {"id": "r2"}


def test_unit_of_work_rolls_back_everything(backend):
    backend.put(("k", "keep"), {"v": 1})
    backend.put(("k", "gone"), {"v": 2})
    with pytest.raises(RuntimeError):
        with backend.unit_of_work():
            backend.put(("k", "keep"), {"v": 100})
            backend.put(("k", "new"), {"v": 3})
            backend.delete(("k", "gone"))
            with backend.unit_of_work():  # nested units join the outer one
                backend.put(("k", "inner"), {"v": 4})
            raise RuntimeError("boom")
    assert [r for _, r in backend.scan(("k",))] == [{"v": 1}, {"v": 2}]


def test_dump_load_round_trip(backend):
    backend.put(("x", "1"), {"a": [1, {"b": None}]})
    backend.put(("x", "y", "2"), {"c": "d"})
    document = json.loads(json.dumps(backend.dump()))
    other = MemoryBackend()
    other.load(document)
    assert other.get(("x", "1")) == {"a": [1, {"b": None}]}
    assert other.get(("x", "y", "2")) == {"c": "d"}
    backend.clear()
    assert backend.get(("x", "1")) is None


def test_backend_from_url(tmp_path):
    assert isinstance(backend_from_url(None), MemoryBackend)
    assert isinstance(backend_from_url("sqlite:///" + str(tmp_path / "s.db")), SqliteBackend)
    with pytest.raises(ValueError):
        backend_from_url("redis://nope")


def test_sqlite_state_survives_the_mock(tmp_path):
    url = "sqlite:///" + str(tmp_path / "state.db")
    with mock_apigateway(state=url):
        api = boto3.client("apigateway", region_name="us-east-1").create_rest_api(name="durable")
    with mock_apigateway(state=url):
        client = boto3.client("apigateway", region_name="us-east-1")
        assert client.get_rest_api(restApiId=api["id"])["name"] == "durable"


def _worker(url, n):
    with mock_apigateway(state=url):
        client = boto3.client("apigateway", region_name="us-east-1")
        for i in range(n):
            client.create_rest_api(name=f"w{i}")


def test_sqlite_is_shared_by_processes(tmp_path):
    url = "sqlite:///" + str(tmp_path / "shared.db")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(url, 15)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with mock_apigateway(state=url):
        client = boto3.client("apigateway", region_name="us-east-1")
        assert len(client.get_rest_apis(limit=500)["items"]) == 45


def test_strict_memory_backend_catches_in_place_changes():
    backend = MemoryBackend(strict=True)
    backend.put(("k", "1"), {"tags": {"a": "1"}})
    backend.get(("k", "1"))["tags"]["b"] = "2"  # what a handler must never do
    with pytest.raises(AssertionError, match="changed in place"):
        backend.get(("k", "1"))
    backend.put(("k", "2"), {"n": 1})
    assert MemoryBackend(strict=False).get(("k", "2")) is None
