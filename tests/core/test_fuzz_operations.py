"""Every operation of both models, fed random (well-typed) input against a populated
account: each answer is a success or an AWS-style 4xx, never a crash, and a failed call
changes nothing. A second pass sends the same input with JSON ``null`` put into lists,
maps and members, and with values replaced by arbitrarily deep nesting (documents too:
deep JSON and YAML, alias bombs)."""

from __future__ import annotations

import json
import os
import re
import time

import boto3
import pytest
from botocore.serialize import create_serializer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway
from gwmock.dispatch import handle_request
from gwmock.protocol.models import operation_model, operation_names
from gwmock.state import MemoryBackend

ACCOUNT, REGION = "123456789012", "us-east-1"


def _populated() -> tuple[dict, list[str]]:
    """A snapshot of an account with one of most things, and the names and ids in it."""
    with mock_apigateway(account=ACCOUNT) as gw:
        v1 = boto3.client("apigateway", region_name=REGION)
        v2 = boto3.client("apigatewayv2", region_name=REGION)
        api = v1.create_rest_api(name="fuzz")
        res = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
        v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="NONE")
        v1.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", type="MOCK")
        v1.put_method_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200")
        v1.put_integration_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200")
        dep = v1.create_deployment(restApiId=api["id"], stageName="dev")
        key = v1.create_api_key(name="k", enabled=True)
        plan = v1.create_usage_plan(name="p", apiStages=[{"apiId": api["id"], "stage": "dev"}])
        v1.create_domain_name(domainName="fuzz.example.com", certificateArn="arn:aws:acm:us-east-1:1:certificate/x")
        http = v2.create_api(Name="h", ProtocolType="HTTP", Target="https://example.com")
        ws = v2.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
        route = v2.create_route(ApiId=ws["ApiId"], RouteKey="$connect")
        names = [api["id"], api["rootResourceId"], res["id"], dep["id"], key["id"], plan["id"], "dev", "GET",
                 "200", "fuzz.example.com", http["ApiId"], ws["ApiId"], route["RouteId"], "$default", "pets",
                 f"arn:aws:apigateway:{REGION}::/restapis/{api['id']}"]
        return gw.snapshot(), names


SNAPSHOT, NAMES = _populated()
EXAMPLES = int(os.environ.get("GWMOCK_FUZZ", "15"))
NULL_EXAMPLES = max(EXAMPLES * 2 // 3, 5)  # the second pass: modest in CI, scaled by GWMOCK_FUZZ
ERROR_CODES = {
    "apigateway": {"BadRequestException", "NotFoundException", "ConflictException", "LimitExceededException",
                   "TooManyRequestsException", "UnauthorizedException", "ValidationException",
                   "SerializationException"},
    "apigatewayv2": {"BadRequestException", "NotFoundException", "ConflictException", "TooManyRequestsException",
                     "AccessDeniedException"},
}
OPERATIONS = [(s, op) for s in ("apigateway", "apigatewayv2") for op in operation_names(s)]


def _value(shape, depth=0):
    kind = shape.type_name
    if kind == "structure":
        if depth > 4:
            return st.just({})
        members = {n: _value(m, depth + 1) for n, m in shape.members.items()
                   if m.serialization.get("location") not in ("headers", "statusCode")}
        required = {n: s for n, s in members.items() if n in shape.required_members}
        optional = {n: s for n, s in members.items() if n not in shape.required_members}
        return st.fixed_dictionaries(required, optional=optional)
    if kind == "list":
        return st.lists(_value(shape.member, depth + 1), max_size=2)
    if kind == "map":
        return st.dictionaries(st.sampled_from(["a", "b", "method.request.header.x"]), _value(shape.value, depth + 1),
                               max_size=2)
    if kind == "string":
        if shape.enum:
            return st.sampled_from(shape.enum)
        low = shape.metadata.get("min", 0)
        return st.sampled_from(NAMES) | st.text(st.characters(codec="ascii", exclude_categories=("Cc",)),
                                                min_size=low, max_size=max(12, low + 4))
    if kind in ("integer", "long"):
        return st.integers(min_value=shape.metadata.get("min", -5), max_value=shape.metadata.get("max", 100000))
    if kind == "boolean":
        return st.booleans()
    if kind in ("double", "float"):
        return st.floats(min_value=0, max_value=100)
    if kind == "timestamp":
        return st.integers(min_value=0, max_value=2_000_000_000)
    if kind == "blob":
        return st.sampled_from([b"", b"{}", b'{"openapi": "3.0.1", "info": {"title": "x"}, "paths": {}}', b"x"])
    raise AssertionError(kind)


@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=[f"{s}.{o}" for s, o in OPERATIONS])
def test_operation_never_crashes(service, operation):
    op = operation_model(service, operation)
    strategy = _value(op.input_shape) if op.input_shape is not None else st.just({})

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(params=strategy)
    def run(params):
        try:
            request = create_serializer("rest-json").serialize_to_request(params, op)
        except Exception:  # botocore itself refuses such input client-side
            return
        backend = MemoryBackend()
        backend.load(SNAPSHOT)
        before = backend.dump()
        path, _, qs = request["url_path"].partition("?")
        query = "&".join(f"{k}={v}" for k, vs in request["query_string"].items()
                         for v in (vs if isinstance(vs, list) else [vs]))
        body = request["body"] if isinstance(request["body"], bytes) else request["body"].encode()
        status, headers, raw = handle_request(backend, service, request["method"], path,
                                              "&".join(p for p in (qs, query) if p), request["headers"], body,
                                              ACCOUNT, REGION)
        assert status < 500, (operation, params, raw[:500])
        if status >= 400:
            assert json.loads(raw)["message"]
            assert backend.dump() == before, (operation, params, raw[:300])

    run()


def _deep(depth: int) -> str:
    """A placeholder that ``_dump`` turns into a value nested ``depth`` deep."""
    return f"@deep:{depth}@"


def _dump(document) -> bytes:
    text = json.dumps(document)
    for depth in {int(m) for m in re.findall(r'"@deep:(\d+)@"', text)}:
        text = text.replace(f'"@deep:{depth}@"', "[" * depth + "1" + "]" * depth)
    return text.encode()


DEPTHS = st.sampled_from([1, 3, 99, 100, 101, 1_000, 100_000])


def _mangle(node, data):
    """Put nulls into lists, maps and structures, and deep nesting somewhere, as hypothesis draws."""
    if isinstance(node, list):
        for item in node:
            _mangle(item, data)
        if data.draw(st.booleans()):
            node.insert(data.draw(st.integers(0, len(node))), None)
    elif isinstance(node, dict):
        for value in list(node.values()):
            _mangle(value, data)
        choice = data.draw(st.sampled_from(["keep", "null", "deep"]))
        if choice != "keep":
            key = data.draw(st.sampled_from(sorted(node) + ["a"]))
            node[key] = None if choice == "null" else _deep(data.draw(DEPTHS))


def _deep_text(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


def _alias_bomb(levels: int) -> bytes:
    text = 'a0: &a0 "x"\n' + "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
                                     for i in range(1, levels + 1))
    return text.encode()


DOCUMENTS = st.sampled_from([
    _deep_text(100_000), b"openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n" + b"  /x:\n" + b"- " * 50_000,
    b'{"openapi": "3.0.1", "info": {"title": "t"}, "paths": {"/x": ' + b'{"a":' * 100_000 + b"1" + b"}" * 100_001,
    _alias_bomb(5), _alias_bomb(7), _alias_bomb(12), b'{"openapi": "3.0.1", "info": {"title": null}, "paths": {}}',
    b'{"openapi": "3.0.1", "info": {"title": "t"}, "paths": {"/x": {"get": null, "post": [null]}}}',
    b'{"swagger": "2.0", "info": {"title": "t"}, "paths": {"/x": {"get": {"responses": {"200": null}}}}}',
])


@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=[f"{s}.{o}" for s, o in OPERATIONS])
def test_operation_never_crashes_on_nulls_and_nesting(service, operation):
    op = operation_model(service, operation)
    strategy = _value(op.input_shape) if op.input_shape is not None else st.just({})
    payload = op.input_shape.serialization.get("payload") if op.input_shape is not None else None
    blob = payload is not None and op.input_shape.members[payload].type_name == "blob"

    @settings(max_examples=NULL_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(params=strategy, data=st.data())
    def run(params, data):
        try:
            request = create_serializer("rest-json").serialize_to_request(params, op)
        except Exception:  # botocore itself refuses such input client-side
            return
        body = request["body"] if isinstance(request["body"], bytes) else request["body"].encode()
        if blob:
            body = data.draw(DOCUMENTS) if data.draw(st.booleans()) else body
        else:
            document = json.loads(body) if body else {}
            _mangle(document, data)
            body = _dump(document)
        backend = MemoryBackend()
        backend.load(SNAPSHOT)
        before = backend.dump()
        path, _, qs = request["url_path"].partition("?")
        query = "&".join(f"{k}={v}" for k, vs in request["query_string"].items()
                         for v in (vs if isinstance(vs, list) else [vs]))
        start = time.perf_counter()
        status, headers, raw = handle_request(backend, service, request["method"], path,
                                              "&".join(p for p in (qs, query) if p), request["headers"], body,
                                              ACCOUNT, REGION)
        if len(body) > 10_000:  # deep nesting or a hostile document: bounded time (a hang detector; the tight
            assert time.perf_counter() - start < 5.0, (operation, body[:200])  # bounds are in test_bad_input)
        assert status < 500, (operation, body[:300], raw[:500])
        if status >= 400:
            assert headers["x-amzn-ErrorType"] in ERROR_CODES[service], (operation, raw[:300])
            assert json.loads(raw)["message"]
            assert backend.dump() == before, (operation, body[:300], raw[:300])

    run()
