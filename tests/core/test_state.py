"""The backend contract, run against every backend."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway
from gwmock.errors import GwmockError, StateUrlError
from gwmock.state import MemoryBackend, backend_from_url, sqlite_path
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
    assert isinstance(backend_from_url("memory://"), MemoryBackend)
    backend = backend_from_url("sqlite:///" + str(tmp_path / "s.db"))
    assert isinstance(backend, SqliteBackend)
    backend.close()
    with pytest.raises(ValueError):
        backend_from_url("redis://nope")


@pytest.mark.parametrize(("url", "path"), [
    ("sqlite:///gw.db", "gw.db"),
    ("sqlite:///state/gw.db", "state/gw.db"),
    ("sqlite:////tmp/gw.db", "/tmp/gw.db"),
    ("sqlite://", ""),
    ("sqlite:///:memory:", ""),
])
def test_sqlite_urls_mean_what_sqlalchemy_means(url, path):
    assert sqlite_path(url) == path


def test_relative_sqlite_url_is_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    backend = backend_from_url("sqlite:///gw.db")
    backend.put(("k", "1"), {"v": 1})
    backend.close()
    assert (tmp_path / "gw.db").exists()
    absolute = backend_from_url("sqlite:///" + str(tmp_path / "gw.db"))  # four slashes: an absolute path
    assert absolute.get(("k", "1")) == {"v": 1}
    absolute.close()


@pytest.mark.parametrize("url", ["sqlite:gw.db", "sqlite://host/gw.db", "sqlite:///gw.db?mode=ro", "sqlite:///",
                                 "postgres://x/y", "memory://elsewhere"])
def test_bad_state_urls_name_themselves(url):
    with pytest.raises(StateUrlError, match="state URL") as info:
        backend_from_url(url)
    assert url in str(info.value)
    assert isinstance(info.value, GwmockError)


def test_unusable_sqlite_path_is_named(tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "gw.db"
    with pytest.raises(StateUrlError, match="cannot use") as info:
        backend_from_url("sqlite:///" + str(missing))
    assert str(missing) in str(info.value)
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateUrlError, match="junk.db"):
        SqliteBackend(str(tmp_path / "junk.db"))
    with pytest.raises(StateUrlError, match="state file"):
        with mock_apigateway(state="sqlite:///" + str(missing)):
            pass


def test_files_with_the_old_key_encoding_are_refused(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE records (seq INTEGER PRIMARY KEY AUTOINCREMENT, collection TEXT NOT NULL, "
                 "id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (collection, id))")
    conn.execute("INSERT INTO records (collection, id, body) VALUES ('a', 'b', '{}')")
    conn.commit()
    conn.close()
    with pytest.raises(StateUrlError, match="older gwmock"):
        SqliteBackend(str(path))


# --- hostile names: no key can reach another's records ------------------------------

HOSTILE = ["", "a", "a\x1fb", "a\x1f", "\x1fa", "\x00", "a\x00b", "%", "%1F", "%25", "%u0041", "/", "a/b", "..",
           "\u00e9", "\U0001f600", "\ud800", "a%", "\x1f\x1f", "ab", "a\x20", " ", "\n", "\\", "'", '"', "a b",
           "*", "?", "_", "a_"]
PARTS = st.sampled_from(HOSTILE) | st.text(max_size=4)
KEYS = st.lists(PARTS, min_size=1, max_size=4).map(tuple)


def _model_check(backend, keys):
    """Every key written reads back its own record; collections list exactly their own ids."""
    written = {}
    for i, key in enumerate(keys):
        backend.put(key, {"i": i})
        written[key] = {"i": i}
    for key, record in written.items():
        assert backend.get(key) == record, key
    collections = {}
    for key in written:
        collections.setdefault(key[:-1], []).append(written[key])
    for collection, records in collections.items():
        assert [r for _, r in backend.scan(collection)] == records, collection
        assert backend.count(collection) == len(records)
    return written


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=st.lists(KEYS, max_size=12, unique=True), victim=KEYS)
def test_hostile_names_never_collide(backend, keys, victim):
    backend.clear()
    written = _model_check(backend, keys)
    backend.delete_tree(victim)
    for key, record in written.items():
        expected = None if key[:len(victim)] == victim else record
        assert backend.get(key) == expected, (key, victim)
    document = json.loads(json.dumps(backend.dump()))
    other = MemoryBackend()
    other.load(document)
    for key, record in written.items():
        if key[:len(victim)] != victim:
            assert other.get(key) == record


@pytest.mark.parametrize(("a", "b"), [
    (("domains", "a"), ("domains", "a\x1fb.example.com")),
    (("x",), ("",)),
    (("", "x"), ("x",)),
    (("a", ""), ("a",)),
    (("a",), ("a%",)),
    (("%1F",), ("\x1f",)),
    (("a\x00",), ("a",)),
])
def test_delete_tree_stays_inside_its_key(backend, a, b):
    backend.put(b + ("m",), {"who": "b"})
    backend.put(b + ("m", "n"), {"who": "b-child"})
    backend.put(a + ("m",), {"who": "a"})
    backend.delete_tree(a)
    assert backend.get(a + ("m",)) is None
    assert backend.get(b + ("m",)) == {"who": "b"}
    assert backend.get(b + ("m", "n")) == {"who": "b-child"}


def test_v2_domain_names_with_separators_stay_apart():
    with mock_apigateway(state="sqlite://"):
        client = boto3.client("apigatewayv2", region_name="us-east-1")
        api = client.create_api(Name="h", ProtocolType="HTTP")
        client.create_stage(ApiId=api["ApiId"], StageName="$default")
        for name in ("a", "a\x1fb.example.com"):
            client.create_domain_name(DomainName=name, DomainNameConfigurations=[
                {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x", "EndpointType": "REGIONAL"}])
            client.create_api_mapping(DomainName=name, ApiId=api["ApiId"], Stage="$default", ApiMappingKey="k")
        client.delete_domain_name(DomainName="a")
        assert [m["ApiMappingKey"] for m in client.get_api_mappings(DomainName="a\x1fb.example.com")["Items"]] == ["k"]



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


def test_in_memory_sqlite_is_one_database_for_all_threads():
    backend = backend_from_url("sqlite://")
    backend.put(("k", "main"), {"v": 1})
    seen = []
    thread = threading.Thread(target=lambda: (seen.append(backend.get(("k", "main"))),
                                              backend.put(("k", "thread"), {"v": 2})))
    thread.start()
    thread.join()
    assert seen == [{"v": 1}]
    assert backend.get(("k", "thread")) == {"v": 2}
    backend.close()
