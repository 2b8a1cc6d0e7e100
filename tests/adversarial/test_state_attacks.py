"""Red-team attacks on the state backends: garbage snapshots, hostile names, foreign files, threads.

``gw.restore()`` with anything but a snapshot must raise a ``SnapshotError`` that says what is
wrong and leave the state as it was, on every backend; a file that is not gwmock's SQLite
store is refused by name; names with every control character and very long keys round-trip.
"""

from __future__ import annotations

import os
import sqlite3
import threading

import boto3
import pytest

from gwmock import mock_apigateway
from gwmock.errors import GwmockError, SnapshotError, StateUrlError
from gwmock.state import MemoryBackend, backend_from_url
from gwmock.state.sqlite import SqliteBackend

REGION = "us-east-1"


def _client():
    return boto3.client("apigateway", region_name=REGION, aws_access_key_id="testing",
                        aws_secret_access_key="testing")


@pytest.fixture(params=["memory", "sqlite"])
def state(request, tmp_path):
    return None if request.param == "memory" else f"sqlite:///{tmp_path}/state.db"


GOOD_KEY = ["123456789012", REGION, "restapis"]
GARBAGE = [
    ({}, "not a gwmock snapshot: 'format' is None, expected 'gwmock-state/1'"),
    ({"version": 999}, "not a gwmock snapshot: 'format' is None"),
    ({"format": "gwmock-state/9", "collections": []}, "'format' is 'gwmock-state/9'"),
    ({"format": "gwmock-state/1"}, "snapshot 'collections' must be a list, not NoneType"),
    ({"format": "gwmock-state/1", "collections": "x"}, "snapshot 'collections' must be a list, not str"),
    ({"format": "gwmock-state/1", "collections": [1]}, "snapshot collections[0] must be a [key, records] pair"),
    ({"format": "gwmock-state/1", "collections": [["abc", []]]}, "the key must be a list of strings, not 'abc'"),
    ({"format": "gwmock-state/1", "collections": [[[1, 2], []]]}, "the key must be a list of strings, not [1, 2]"),
    ({"format": "gwmock-state/1", "collections": [[GOOD_KEY, {"a": 1}]]}, "the records must be a list"),
    ({"format": "gwmock-state/1", "collections": [[GOOD_KEY, [["id", "not a record"]]]]},
     "snapshot collections[0] item 0 must be an [id, record] pair"),
    ({"format": "gwmock-state/1", "collections": [[GOOD_KEY, [[5, {}]]]]}, "item 0 must be an [id, record] pair"),
    ({"format": "gwmock-state/1", "collections": [[GOOD_KEY, [["a", {}], ["b"]]]]}, "item 1 must be an"),
]


@pytest.mark.parametrize(("document", "message"), GARBAGE, ids=[f"garbage{i}" for i in range(len(GARBAGE))])
def test_restore_of_garbage_raises_and_changes_nothing(state, document, message):
    # Before: {} and {"version": 999} emptied the fake account without a word.
    with mock_apigateway(state=state) as gw:
        client = _client()
        client.create_rest_api(name="keep")
        before = gw.snapshot()
        with pytest.raises(SnapshotError) as caught:
            gw.restore(document)
        assert message in str(caught.value)
        assert isinstance(caught.value, GwmockError)
        assert gw.snapshot() == before
        assert [api["name"] for api in client.get_rest_apis()["items"]] == ["keep"]


def test_restore_of_a_non_dict_names_the_type(state):
    with mock_apigateway(state=state) as gw:
        backend = gw.backend
        with pytest.raises(SnapshotError, match="a snapshot is the dict gw.snapshot\\(\\) returns, not list"):
            backend.load([])  # type: ignore[arg-type]


def test_a_snapshot_still_restores_across_backends(tmp_path):
    with mock_apigateway() as gw:
        _client().create_rest_api(name="moved")
        document = gw.snapshot()
    with mock_apigateway(state=f"sqlite:///{tmp_path}/s.db") as gw:
        gw.restore(document)
        assert [api["name"] for api in _client().get_rest_apis()["items"]] == ["moved"]


def test_third_party_backends_inherit_the_check():
    class Loud(MemoryBackend):
        def load(self, document):
            self.loaded = document
            super().load(document)

    backend = Loud()
    with pytest.raises(SnapshotError):
        backend.load({"format": "x"})
    assert not hasattr(backend, "loaded")


# --- state URLs and files that are not gwmock's -----------------------------------------------


@pytest.mark.parametrize("url", [5, b"sqlite://", ["memory://"]], ids=["int", "bytes", "list"])
def test_a_state_url_that_is_not_a_string_is_refused_by_type(url):
    # Before: AttributeError ("'int' object has no attribute 'startswith'").
    with pytest.raises(StateUrlError, match=f"a state URL is a string .*, not {type(url).__name__}"):
        backend_from_url(url)  # type: ignore[arg-type]


def _foreign(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE records (x)")
    con.commit()
    con.close()


CORRUPT = "file is not a database (the file is corrupt: delete it (and its -wal and -shm files) to start afresh)"


@pytest.mark.parametrize(("make", "reason"), [
    (_foreign, "no such column: collection"),
    (lambda p: open(p, "wb").write(b"SQLite format 3\x00" + bytes(range(256)) * 20), CORRUPT),
    (lambda p: open(p, "w").write("hello"), CORRUPT),
], ids=["foreign-schema", "corrupt", "text"])
def test_a_file_that_is_not_a_gwmock_store_is_refused_by_name(tmp_path, make, reason):
    path = str(tmp_path / "x.db")
    make(path)
    with open(path, "rb") as f:
        before = f.read()
    with pytest.raises(StateUrlError) as caught, mock_apigateway(state=f"sqlite:///{path}"):
        _client().create_rest_api(name="never")
    assert str(caught.value) == f"cannot use {path!r} as a SQLite state file: {reason}"
    with open(path, "rb") as f:
        assert f.read() == before


def test_an_application_database_is_refused_and_left_untouched(tmp_path):
    # Before: gwmock added its table and index to the file and switched it to WAL.
    path = str(tmp_path / "app.db")
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE users (name TEXT)")
    con.execute("INSERT INTO users VALUES ('ada')")
    con.commit()
    con.close()
    with open(path, "rb") as f:
        before = f.read()
    with pytest.raises(StateUrlError) as caught, mock_apigateway(state=f"sqlite:///{path}"):
        pass
    assert str(caught.value) == (f"SQLite file {path!r} is not a gwmock state file (it holds users; user_version 0): "
                                 "give gwmock a file of its own")
    with open(path, "rb") as f:
        assert f.read() == before
    assert not os.path.exists(path + "-wal")


def test_a_directory_or_missing_folder_is_refused_by_name(tmp_path):
    for path in (str(tmp_path), str(tmp_path / "missing" / "x.db")):
        with pytest.raises(StateUrlError, match="unable to open database file"), \
                mock_apigateway(state=f"sqlite:///{path}"):
            pass


# --- hostile names and sizes ------------------------------------------------------------------

CONTROL_NAMES = ["".join(chr(c) for c in range(32)), "a\x1fb", "%1F", "%00", "\x7f\u2028\ufeff", "\ud800x", "../..",
                 "a" * 20_000]


@pytest.mark.parametrize("name", CONTROL_NAMES, ids=["c0", "sep", "escaped-sep", "escaped-nul", "odd", "surrogate",
                                                     "dots", "long"])
def test_every_name_round_trips_and_stays_in_its_collection(tmp_path, name):
    backend = SqliteBackend(str(tmp_path / "n.db"))
    try:
        backend.put(("acct", name, "items", name), {"id": name})
        backend.put(("acct", name + "x", "items", "other"), {"id": "other"})
        assert backend.get(("acct", name, "items", name)) == {"id": name}
        assert [r for _, r in backend.scan(("acct", name, "items"))] == [{"id": name}]
        backend.delete_tree(("acct", name))
        assert backend.get(("acct", name + "x", "items", "other")) == {"id": "other"}
        dumped = backend.dump()
        assert dumped["collections"] == [[["acct", name + "x", "items"], [["other", {"id": "other"}]]]]
    finally:
        backend.close()


def test_concurrent_writers_on_one_file_lose_nothing(tmp_path):
    path = str(tmp_path / "c.db")
    errors: list[BaseException] = []

    def writer(n):
        backend = SqliteBackend(path)
        try:
            for i in range(25):
                with backend.unit_of_work():
                    backend.put(("acct", "items", f"{n}-{i}"), {"n": n, "i": i})
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            backend.close()

    _run_threads([threading.Thread(target=writer, args=(n,)) for n in range(4)], 10)
    assert errors == []
    assert _stored_items(path) == 100
    assert os.path.getsize(path) > 0


def _run_threads(threads: list[threading.Thread], timeout: float) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)


def _stored_items(path: str) -> int:
    """How many records ``("acct", "items")`` holds in the SQLite file, read by a backend of its own."""
    backend = SqliteBackend(path)
    try:
        return backend.count(("acct", "items"))
    finally:
        backend.close()


def test_many_backends_opening_a_new_file_at_once_all_open(tmp_path):
    # switching a new file to WAL needs it to itself, and SQLite refused that at once ("database is
    # locked", no busy wait) while another opener held a lock: about one round in ten failed
    for round_ in range(10):
        path = str(tmp_path / f"open-{round_}.db")
        errors: list[BaseException] = []
        start = threading.Barrier(8)

        def opener(path: str = path, start: threading.Barrier = start, errors: list = errors) -> None:
            try:
                start.wait(5)
                backend = SqliteBackend(path)
                try:
                    with backend.unit_of_work():
                        backend.put(("acct", "items", str(threading.get_ident())), {"ok": True})
                finally:
                    backend.close()
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

        _run_threads([threading.Thread(target=opener) for _ in range(8)], 30)
        assert errors == []
        assert _stored_items(path) == 8
