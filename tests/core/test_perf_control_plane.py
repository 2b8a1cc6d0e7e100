"""The control plane's per-call shortcuts answer as the general paths they stand for.

* ``MemoryStore`` (the memory backend's store, one per scope) reads and writes as ``Store``
  over the same backend: records, order, indexes, undo, strict checks;
* ``MemoryBackend.run`` is ``with unit_of_work(): fn()``: nested units join, failures roll back;
* the body shortcut in ``parser._fast_json`` decodes what ``documents.parse_json`` decodes, and
  declines everything else;
* ``validate``'s first glance never accepts what the full pass refuses, and never changes
  the full pass's answer;
* ``to_wire`` converters that give back the value itself give what a copy would have been;
* ``gw.calls`` records made without ``Call.__init__`` are ``Call``s like any other.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import random
from typing import Any

import boto3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway
from gwmock.context import Context, Store
from gwmock.documents import DocumentError, parse_json
from gwmock.errors import ApiError
from gwmock.protocol import parser, shapes
from gwmock.protocol.models import operation_model, service_model
from gwmock.protocol.validate import validate
from gwmock.records import Call, CallList
from gwmock.state.base import Backend
from gwmock.state.memory import MemoryBackend, MemoryStore

SCOPE = ("123456789012", "eu-west-1")


# --- stores -------------------------------------------------------------------------------


def _paths(n: int) -> list[dict[str, Any]]:
    rng = random.Random(n)
    return [{"id": f"r{i}", "path": "/" + "".join(rng.choice("ab{}") for _ in range(rng.randint(1, 4))),
             "tag": rng.choice("xyz")} for i in range(n)]


def _tags(record: dict[str, Any]) -> list[str]:
    return [record["tag"]]


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("size", [0, 3, 40])
def test_memory_store_reads_and_writes_as_the_generic_store(strict: bool, size: int) -> None:
    fast_backend, plain_backend = MemoryBackend(strict=strict), MemoryBackend(strict=strict)
    fast = fast_backend.store(SCOPE)
    plain = Store(plain_backend, SCOPE)
    assert type(fast) is MemoryStore and fast.indexed and plain.indexed
    assert fast.backend is fast_backend and fast.scope == SCOPE
    coll = ("restapis", "a", "resources")
    for store in (fast, plain):
        store.ordered(coll, "path")  # indexes exist before the writes (above 32 records)
        if size != 3:  # with 3 records, counts_by builds the index itself
            store.count_by(coll, _tags, "x")
        for record in _paths(size):
            store.put(coll + (record["id"],), record)
        if size:
            store.put(coll + ("r1",), {"id": "r1", "path": "/moved", "tag": "z"})
            assert store.delete(coll + ("r2",))
    for store in (fast, plain):
        assert store.get(coll + ("r1",)) == (plain.get(coll + ("r1",)))
    assert fast.get(coll + ("missing",)) is None and fast.get(("nothing", "x")) is None
    assert fast.values(coll) == plain.values(coll)
    assert fast.values(("nothing",)) == [] and fast.count(("nothing",)) == 0
    assert fast.count(coll) == plain.count(coll)
    assert list(fast.ordered(coll, "path")) == list(plain.ordered(coll, "path"))
    assert fast.first(coll, "path", "/a") == plain.first(coll, "path", "/a")
    assert fast.count_by(coll, _tags, "y") == plain.count_by(coll, _tags, "y")
    assert fast.count_by(coll, _tags, "x") == plain.count_by(coll, _tags, "x")  # the index kept
    assert fast.count_by(coll, _tags, "none") == 0
    wanted = ("x", "y", "z", "none")
    assert fast.counts_by(coll, _tags, wanted) == plain.counts_by(coll, _tags, wanted)
    assert fast.counts_by(("nothing",), _tags, wanted) == (0, 0, 0, 0)
    assert MemoryBackend().store(SCOPE).counts_by(coll, _tags, ("x",)) == (0,)
    assert fast.find_by(coll, _tags, "z") == plain.find_by(coll, _tags, "z")
    assert list(fast.scan(coll)) == list(plain.scan(coll))
    assert fast_backend.dump() == plain_backend.dump()


def test_memory_store_writes_are_undone_with_their_unit() -> None:
    backend = MemoryBackend(strict=True)
    store = backend.store(SCOPE)
    store.put(("things", "a"), {"n": 1})
    before = backend.dump()
    with pytest.raises(RuntimeError):
        with backend.unit_of_work():
            store.put(("things", "a"), {"n": 2})
            store.put(("things", "b"), {"n": 3})
            store.delete(("things", "a"))
            raise RuntimeError("roll back")
    assert backend.dump() == before
    assert store.values(("things",)) == [{"n": 1}]


def test_memory_store_strict_mode_sees_in_place_changes() -> None:
    store = MemoryBackend(strict=True).store(SCOPE)
    record = {"n": 1}
    store.put(("things", "a"), record)
    record["n"] = 2
    with pytest.raises(AssertionError, match="changed in place"):
        store.get(("things", "a"))
    with pytest.raises(AssertionError, match="changed in place"):
        store.values(("things",))


def test_one_store_per_scope_without_holding_the_backend() -> None:
    backend = MemoryBackend()
    assert backend.store(SCOPE) is backend.store(SCOPE) is Context("apigateway", "X", *SCOPE, backend).store
    assert backend.store(("other", "eu-west-1")) is not backend.store(SCOPE)
    store = backend.store(SCOPE)
    store.put(("things", "a"), {"n": 1})
    del backend  # no reference cycle: the backend goes with its last reference
    assert store.get(("things", "a")) == {"n": 1}  # the tables it holds still answer
    with pytest.raises(ReferenceError):
        store.delete(("things", "a"))


def test_a_subclass_that_changes_reads_or_units_gets_the_generic_paths() -> None:
    seen: list[Any] = []

    class Logged(MemoryBackend):
        def put(self, key: Any, record: Any) -> None:
            seen.append(key)
            super().put(key, record)

    class Units(MemoryBackend):
        def unit_of_work(self) -> Any:
            seen.append("unit")
            return super().unit_of_work()

    Logged().store(SCOPE).put(("things", "a"), {})
    assert seen == [(*SCOPE, "things", "a")]
    assert type(Logged().store(SCOPE)) is Store
    Units().run(lambda: None)
    assert seen[-1] == "unit"
    assert MemoryBackend.run is not Backend.run and Units.run is Backend.run


def test_run_is_a_unit_of_work() -> None:
    backend = MemoryBackend()

    def write(key: str, fail: bool = False) -> str:
        backend.put(("things", key), {"k": key})
        if fail:
            raise ValueError(key)
        return key

    assert backend.run(write, "a") == "a"
    with pytest.raises(ValueError):
        backend.run(write, "b", True)
    assert backend.get(("things", "b")) is None
    with pytest.raises(ValueError):
        with backend.unit_of_work():
            backend.run(write, "c")  # nested: joins the outer unit
            raise ValueError("outer")
    assert backend.get(("things", "c")) is None and backend.get(("things", "a")) == {"k": "a"}
    assert backend._log.undo is None


# --- request bodies -----------------------------------------------------------------------


def _full(body: bytes) -> tuple[str, Any]:
    try:
        return "ok", parse_json(body, max_depth=parser.MAX_BODY_DEPTH)
    except DocumentError as error:
        return "error", str(error)


@pytest.mark.parametrize("body", [b'{"pathPart": "a"}', b'{"a": [1, {"b": null}], "c": 1.5e3}', b'{"a": NaN}',
                                  b'{"a": 1} ', b' {"a": 1}', b'{"a": 1}{', b'{"a": "\xc3"}', b"{" * 101 + b"}" * 101,
                                  b'{"a": "\\u00fc"}', b"{}", b"{", b'{"a":Infinity}', "{\"ü\": 1}".encode()])
def test_fast_body_is_the_full_parse_or_declines(body: bytes) -> None:
    fast = parser._fast_json(body)
    if fast is not None:
        assert ("ok", fast) == _full(body)
        assert type(fast) is dict


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(max_size=5)


@given(st.recursive(_SCALARS,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=20))
def test_any_object_body_decodes_as_the_full_parse(value: Any) -> None:
    body = json.dumps({"v": value}).encode()
    fast = parser._fast_json(body)
    assert fast is not None and ("ok", fast) == _full(body)


@given(st.binary(max_size=30).map(lambda b: b"{" + b))
def test_any_bytes_decode_as_the_full_parse_or_are_declined(body: bytes) -> None:
    fast = parser._fast_json(body)
    if fast is not None:
        assert ("ok", fast) == _full(body)


# --- validation ---------------------------------------------------------------------------


def _outcome(service: str, operation: str, params: dict[str, Any]) -> tuple[Any, ...]:
    try:
        validate(service, operation_model(service, operation), params)
    except ApiError as error:
        return ("error", error.code, error.message, params)
    return ("ok", params)


def _full_pass(service: str, operation: str, params: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    from gwmock.protocol import validate as module

    with monkeypatch.context() as patched:
        patched.setattr(module, "_glance", lambda op: ({}, ("\0never",)))  # no glance: the full pass only
        return _outcome(service, operation, params)


CASES = [
    ("apigateway", "CreateResource", {"restApiId": "a", "parentId": "b", "pathPart": "x"}),
    ("apigateway", "CreateResource", {"restApiId": "a", "parentId": "b"}),
    ("apigateway", "CreateResource", {"restApiId": "a", "parentId": "b", "pathPart": None}),
    ("apigateway", "CreateResource", {"restApiId": "a", "parentId": "b", "pathPart": 5}),
    ("apigateway", "PutIntegration", {"restApiId": "a", "resourceId": "b", "httpMethod": "GET", "type": "MOCK"}),
    ("apigateway", "PutIntegration", {"restApiId": "a", "resourceId": "b", "httpMethod": "GET", "type": "NOPE",
                                      "contentHandling": "X", "timeoutInMillis": "5"}),
    ("apigateway", "PutIntegration", {"restApiId": "a", "resourceId": "b", "httpMethod": "GET", "type": "MOCK",
                                      "tlsConfig": {"insecureSkipVerification": None},
                                      "requestTemplates": {"a": None}}),
    ("apigateway", "CreateRestApi", {"name": "n", "endpointConfiguration": {"types": ["EDGE", None]}}),
    ("apigateway", "CreateRestApi", {"name": "n", "tags": {"k": 1}, "apiKeySource": "HEADER"}),
    ("apigateway", "GetResources", {"restApiId": "a", "limit": 25}),
    ("apigateway", "GetResources", {"restApiId": "a", "limit": 2**40}),
    ("apigatewayv2", "CreateApi", {"Name": "n", "ProtocolType": "HTTP", "Tags": {"a": None}}),
    ("apigatewayv2", "CreateApi", {"Name": "n", "ProtocolType": "FTP", "IpAddressType": "ipv4"}),
    ("apigatewayv2", "CreateRoute", {"ApiId": "a", "RouteKey": "GET /x", "AuthorizationType": "NONE"}),
    ("apigatewayv2", "CreateRoute", {"ApiId": "a", "RouteKey": "GET /x", "AuthorizationScopes": ["a", None]}),
]


@pytest.mark.parametrize(("service", "operation", "params"), CASES)
def test_the_glance_answers_as_the_full_pass(service: str, operation: str, params: dict[str, Any],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert _outcome(service, operation, json.loads(json.dumps(params))) == \
        _full_pass(service, operation, json.loads(json.dumps(params)), monkeypatch)


_VALUES = st.none() | st.booleans() | st.integers(-5, 2**40) \
    | st.sampled_from([2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**63]) \
    | st.sampled_from(["", "MOCK", "HTTP", "x" * 2000]) \
    | st.lists(st.sampled_from(["a", "EDGE", None]), max_size=2) | st.dictionaries(st.sampled_from(["k", "types"]),
                                                                                    st.none() | st.text(max_size=2),
                                                                                    max_size=2)


@settings(max_examples=300)
@given(st.sampled_from([("apigateway", "PutIntegration"), ("apigateway", "CreateRestApi"),
                        ("apigatewayv2", "CreateApi"), ("apigatewayv2", "CreateRoute"),
                        ("apigateway", "PutMethod"), ("apigateway", "CreateDeployment"),
                        ("apigateway", "PutIntegration"), ("apigateway", "GetResources"),
                        ("apigateway", "CreateUsagePlan"), ("apigatewayv2", "CreateIntegration")]),
       st.data())
def test_any_params_validate_as_the_full_pass(op: tuple[str, str], data: st.DataObject) -> None:
    service, operation = op
    members = list(operation_model(service, operation).input_shape.members)
    params = data.draw(st.dictionaries(st.sampled_from(members), _VALUES, max_size=5))
    glanced = _outcome(service, operation, json.loads(json.dumps(params)))
    with pytest.MonkeyPatch.context() as patched:
        from gwmock.protocol import validate as module

        patched.setattr(module, "_glance", lambda model: ({}, ("\0never",)))
        assert glanced == _outcome(service, operation, json.loads(json.dumps(params)))


# --- response conversion ------------------------------------------------------------------


def _reference(shape: Any) -> Any:
    """``to_wire`` as it was: always a new value."""
    kind = shape.type_name
    if kind == "structure":
        members = {name: (shapes.wire_name(name, m), _reference(m)) for name, m in shape.members.items()
                   if not m.serialization.get("location")}

        def structure(value: Any) -> Any:
            return {members[k][0]: (v if members[k][1] is None else members[k][1](v))
                    for k, v in value.items() if k in members and v is not None}

        return structure
    if kind == "list":
        inner = _reference(shape.member)
        return None if inner is None else (lambda value: [inner(v) for v in value])
    if kind == "map":
        inner = _reference(shape.value)
        return None if inner is None else (lambda value: {k: inner(v) for k, v in value.items()})
    return shapes.to_wire(shape)


_OUTPUTS = [(service, name) for service in ("apigateway", "apigatewayv2")
            for name in ("GetResource", "GetMethod", "GetRestApi", "GetDeployment", "GetStage", "GetApi", "GetRoute",
                         "GetIntegration", "GetUsagePlan", "GetDomainName")
            if name in service_model(service).operation_names]


def _sample(shape: Any, rng: random.Random, depth: int = 0) -> Any:
    kind = shape.type_name
    if kind == "structure":
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if rng.random() < 0.6 and depth < 4:
                out[name] = None if rng.random() < 0.05 else _sample(member, rng, depth + 1)
        if rng.random() < 0.1:
            out["_internal"] = {"x": 1}
        return out
    if kind == "list":
        return [_sample(shape.member, rng, depth + 1) for _ in range(rng.randint(0, 2))]
    if kind == "map":
        return {f"k{i}": _sample(shape.value, rng, depth + 1) for i in range(rng.randint(0, 2))}
    return {"string": "s", "integer": 3, "long": 4, "boolean": True, "double": 1.5, "float": 2.5,
            "timestamp": 1700000000, "blob": b"ab"}.get(kind, "x")


@pytest.mark.parametrize(("service", "operation"), _OUTPUTS)
def test_converters_give_what_a_copy_would(service: str, operation: str) -> None:
    shape = operation_model(service, operation).output_shape
    convert, reference = shapes.to_wire(shape), _reference(shape)
    rng = random.Random(operation)
    for _ in range(200):
        value = _sample(shape, rng)
        frozen = json.dumps(value, default=repr, sort_keys=True)
        assert json.dumps(convert(value), default=repr) == json.dumps(reference(value), default=repr)
        assert json.dumps(value, default=repr, sort_keys=True) == frozen  # the value itself is never changed


def test_a_clean_v1_record_is_its_own_wire_form() -> None:
    shape = operation_model("apigateway", "GetResource").output_shape
    record = {"id": "a", "path": "/", "resourceMethods": {"GET": {"httpMethod": "GET"}}}
    assert shapes.to_wire(shape)(record) is record
    assert shapes.to_wire(shape)({"id": "a", "path": None}) == {"id": "a"}


def test_iso8601_texts_are_kept_and_bounded() -> None:
    assert shapes._iso8601(0) == "1970-01-01T00:00:00Z" == shapes._iso8601(0.0)
    for second in range(600):
        shapes._iso8601(second)
    assert len(shapes._ISO_TEXTS) <= 256
    assert shapes._iso8601(1700000000) == "2023-11-14T22:13:20Z"
    assert shapes._iso8601("as is") == "as is"


# --- recorded calls -----------------------------------------------------------------------


def test_recorded_calls_are_calls() -> None:
    with mock_apigateway(history=3) as gw:
        client = boto3.client("apigateway", region_name="eu-west-1")
        api = client.create_rest_api(name="x")
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_rest_api(restApiId="missing")
        created, failed = gw.calls
        assert type(gw.calls) is CallList and type(created) is Call
        assert created == Call("apigateway", "CreateRestApi", {"name": "x"}, 201)
        assert failed == Call("apigateway", "GetRestApi", {"restApiId": "missing"}, 404, "NotFoundException")
        assert failed.failed and not created.failed
        assert tuple(created) == ("apigateway", "CreateRestApi", {"name": "x"}, 201) and created[3] == 201
        assert repr(failed) == ("Call(service='apigateway', operation='GetRestApi', params={'restApiId': 'missing'}, "
                                "status=404, error_code='NotFoundException')")
        assert dataclasses.replace(created, status=200).status == 200
        assert pickle.loads(pickle.dumps(failed)) == failed
        with pytest.raises(dataclasses.FrozenInstanceError):
            created.status = 500  # type: ignore[misc]
        for _ in range(5):
            client.get_rest_api(restApiId=api["id"])
        assert len(gw.calls) <= 4 and gw.calls.dropped >= 3  # the bounded history, trimmed inline


# --- stamps and the memos they validate ----------------------------------------------------


def test_a_stamp_changes_with_every_write_and_only_then() -> None:
    backend = MemoryBackend()
    store = backend.store(SCOPE)
    coll = ("things",)
    stamps = [store.stamp(coll)]
    store.put(coll + ("a",), {"n": 1})
    stamps.append(store.stamp(coll))
    assert store.stamp(coll) == stamps[-1]  # reading changes nothing
    store.get(coll + ("a",)), store.values(coll), store.first(coll, "n", "")
    assert store.stamp(coll) == stamps[-1]
    store.put(coll + ("a",), {"n": 2})  # a replaced record
    stamps.append(store.stamp(coll))
    store.delete(coll + ("a",))
    stamps.append(store.stamp(coll))
    with pytest.raises(RuntimeError):
        with backend.unit_of_work():
            store.put(coll + ("b",), {})
            raise RuntimeError("rolled back")
    stamps.append(store.stamp(coll))  # a rolled-back write is a write: the stamp never returns
    store.put(coll + ("c",), {})
    stamps.append(store.stamp(coll))
    backend.load(backend.dump())  # the same content in new collections: new stamps all the same
    stamps.append(store.stamp(coll))
    assert not any(a == b for i, a in enumerate(stamps) for b in stamps[i + 1:])
    store.delete(coll + ("c",))
    backend.load(backend.dump())  # no collection again (an empty one is not dumped): as at first
    assert store.stamp(coll) == stamps[0]
    assert Store(backend, SCOPE).stamp(coll) is None  # the generic store keeps no stamps
    assert store.stamps((), ("things", "none")) == [store.stamp(coll), store.stamp(("none",))]
    assert Store(backend, SCOPE).stamps((), ("things",)) == [None]


def test_an_unchanged_api_redeploys_its_last_snapshot() -> None:
    with mock_apigateway() as gw:
        client = boto3.client("apigateway", region_name="eu-west-1")
        api = client.create_rest_api(name="x")
        root = api["rootResourceId"]
        client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
        client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")

        def snapshot() -> Any:
            deployment = client.create_deployment(restApiId=api["id"], stageName="dev")
            return gw.backend.get(("123456789012", "eu-west-1", "restapis", api["id"], "deployments",
                                   deployment["id"]))["_snapshot"]

        first = snapshot()
        assert snapshot() is first
        changes = [
            lambda: client.create_resource(restApiId=api["id"], parentId=root, pathPart="x"),
            lambda: client.create_model(restApiId=api["id"], name="M", contentType="application/json",
                                        schema='{"type": "object"}'),
            lambda: client.create_request_validator(restApiId=api["id"], name="v"),
            lambda: client.put_gateway_response(restApiId=api["id"], responseType="DEFAULT_4XX"),
            lambda: client.create_authorizer(restApiId=api["id"], name="a", type="TOKEN",
                                             authorizerUri="arn:aws:apigateway:eu-west-1:lambda:path/x",
                                             identitySource="method.request.header.A"),
            lambda: client.update_rest_api(restApiId=api["id"], patchOperations=[
                {"op": "replace", "path": "/apiKeySource", "value": "AUTHORIZER"}]),
        ]
        last = first
        for change in changes:
            change()
            now = snapshot()
            assert now is not last and now != last
            assert snapshot() is now
            last = now
        assert last["api"]["apiKeySource"] == "AUTHORIZER" and "M" in last["models"] and last["requestvalidators"]


def test_route_paths_are_checked_in_one_match_as_part_by_part() -> None:
    import itertools

    from gwmock.apigatewayv2 import routes

    pieces = ["/", "a", "{", "}", "+", "{id}", "{p+}", "-", "é"]
    for length in range(1, 6):
        for combo in itertools.product(pieces, repeat=length):
            path = "/" + "".join(combo)
            assert routes._valid_path(path) == routes._valid_path_by_parts(path), path


def test_a_listing_written_again_is_the_same_text_and_a_changed_one_is_new() -> None:
    from gwmock.protocol import serializer

    texts = serializer._ItemTexts(lambda item: {"n": item["n"]})
    items = [{"n": i, "x": 0} for i in range(3)]
    first = texts(items)
    assert texts(list(items)) is first
    changed = [items[0], {"n": 9}, items[2]]  # the same length, one item another object
    assert texts(changed) == '[{"n":0},{"n":9},{"n":2}]'
    assert texts(items[:2]) == '[{"n":0},{"n":1}]' and texts([]) == "[]"


def test_listing_views_of_the_same_page_are_the_same_views() -> None:
    from gwmock.apigateway import resources

    page = [{"id": "a", "path": "/", "resourceMethods": {"GET": {"httpMethod": "GET"}}}, {"id": "b", "path": "/b"}]
    views = resources._listing_views(page)
    assert views == [{"id": "a", "path": "/", "resourceMethods": {"GET": {}}}, {"id": "b", "path": "/b"}]
    again = resources._listing_views(list(page))
    assert again == views and again is not views and all(map(lambda a, b: a is b, again, views))
    other = [dict(page[0], path="/x"), page[1]]
    assert resources._listing_views(other)[0]["path"] == "/x"


# --- routing ------------------------------------------------------------------------------


def _reference_match(table: Any, method: str, path: str, query: dict[str, list[str]]) -> Any:
    """The router's match as it was written (helper, generator and comprehensions)."""
    from urllib.parse import unquote

    def matches(r: Any, parts: list[str]) -> bool:
        for seg, part in zip(r.segments, parts):
            if seg is not None and seg != part:
                return False
        return all(query.get(k) == [v] for k, v in r.required_query)

    parts = path.strip("/").split("/") if path.strip("/") else []
    for r in table.get((method, len(parts)), ()):
        if matches(r, parts):
            return r.operation, {name: unquote(parts[i]) for i, name in r.labels}
    for r in table.get((method, -1), ()):
        n = len(r.segments)
        if len(parts) > n and matches(r, parts[:n]):
            labels = {name: unquote(parts[i]) for i, name in r.labels}
            labels[r.greedy] = unquote("/".join(parts[n:]))
            return r.operation, labels
    return None


@pytest.mark.parametrize("service", ["apigateway", "apigatewayv2"])
def test_routing_in_one_frame_matches_as_before(service: str) -> None:
    from gwmock.protocol import router

    table = router._table(service)
    rng = random.Random(service)
    labels = ["abc", "a%2Fb", "%", "x y", "{id}", "ü", "a+b", "restapis", "resources", ""]
    queries: list[dict[str, list[str]]] = [{}, {"mode": ["import"]}, {"mode": ["overwrite"]}, {"limit": ["5"]}]
    for name in service_model(service).operation_names:
        http = operation_model(service, name).http
        template = http["requestUri"].partition("?")[0]
        for _ in range(20):
            path = "/".join(rng.choice(labels) if part.startswith("{") else part for part in template.split("/"))
            if rng.random() < 0.2:
                path += "/" + rng.choice(labels)
            for query in queries:
                for method in (http["method"], "GET"):
                    assert router._match(table, method, path, query) == _reference_match(table, method, path, query)


def test_clash_keys_of_one_variable_are_found_as_part_by_part() -> None:
    import itertools
    import re

    from gwmock.apigatewayv2 import routes

    variable = re.compile(r"\{([A-Za-z0-9._-]+)(\+?)\}")

    def by_parts(key: str) -> tuple[str, ...]:
        if "{" not in key or " /" not in key:
            return ("=" + key,)
        out = ["=" + key]
        segments = key.split(" ", 1)[1].split("/")
        for i, segment in enumerate(segments):
            found = variable.fullmatch(segment) if segment[:1] == "{" else None
            if found is not None:
                place = f"{found.group(2)}|{'/'.join(segments[:i])}"
                out += ["@" + place, f"#{place}|{segment}"]
        return tuple(out)

    pieces = ["/", "a", "{", "}", "+", "{id}", "{p+}", " ", "{a}{b}"]
    for length in range(1, 5):
        for combo in itertools.product(pieces, repeat=length):
            for head in ("GET /", "GET ", "$x /"):
                key = head + "".join(combo)
                assert routes._clash_keys_of.__wrapped__(key) == by_parts(key), key


def _parsed(body: bytes, slow: bool) -> tuple[str, Any]:
    op = operation_model("apigateway", "CreateResource")
    with pytest.MonkeyPatch.context() as patched:
        if slow:
            patched.setattr(parser, "_FAST_BODY_BYTES", -1)  # every body through the bounded parser
        try:
            return "ok", parser.parse_request(op, {"restapi_id": "a", "parent_id": "b"}, {}, {}, body)
        except ApiError as error:
            return "error", (error.code, error.message)


@settings(max_examples=300)
@given(st.binary(max_size=30).map(lambda b: b"{" + b) | st.dictionaries(st.text(max_size=3), _SCALARS, max_size=3)
       .map(lambda d: json.dumps(d).encode()))
def test_request_bodies_parse_as_through_the_bounded_parser(body: bytes) -> None:
    assert _parsed(body, slow=False) == _parsed(body, slow=True)


@pytest.mark.parametrize(("service", "operation"), [(s, n) for s in ("apigateway", "apigatewayv2")
                                                    for n in ("CreateResource", "PutMethod", "CreateDeployment",
                                                              "CreateRestApi", "CreateApi", "CreateRoute", "GetStage")
                                                    if n in service_model(s).operation_names])
def test_a_flat_result_is_written_as_its_conversion(service: str, operation: str) -> None:
    from gwmock.jsontext import compact
    from gwmock.protocol import serializer

    op = operation_model(service, operation)
    plan = serializer._plan(op)
    rng = random.Random(operation)
    for _ in range(200):
        value = _sample(op.output_shape, rng)
        assert serializer.serialize_result(op, value)[2] == compact(plan.body(value)).encode()
    assert serializer.serialize_result(op, None)[2] == compact(plan.body({})).encode()


def test_integers_from_the_wire_are_read_as_javas_parse_int() -> None:
    import itertools
    import re

    java = re.compile(r"[+-]?[0-9]{1,100}")
    shape = operation_model("apigateway", "GetResources").input_shape.members["limit"]
    chars = ["+", "-", "0", "5", " ", "_", "٣", "²", "a"]
    values = ["".join(c) for n in range(5) for c in itertools.product(chars, repeat=n)]
    for value in values + ["1" * 100, "1" * 101, "+" + "1" * 100, "-" + "1" * 101]:
        try:
            got: Any = parser._scalar(value, shape, "limit")
        except Exception as error:  # noqa: BLE001 - compared below
            got = type(error)
        assert got == (int(value) if java.fullmatch(value) else parser.SerializationError), value
