"""Every operation of both models, fed random (well-typed) input against a populated
account: each answer is a success or an AWS-style 4xx, never a crash, and a failed call
changes nothing."""

from __future__ import annotations

import json

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

    @settings(max_examples=int(__import__("os").environ.get("GWMOCK_FUZZ", "15")), deadline=None, database=None,
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
