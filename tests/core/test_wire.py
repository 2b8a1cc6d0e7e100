"""Round trips over every operation of both models, with botocore as the oracle.

Requests: botocore serializes sample params, gwmock routes and parses them back.
Responses: gwmock serializes a sample result, botocore parses it back.
"""

from __future__ import annotations

import datetime

import pytest
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from gwmock.protocol.models import operation_model, operation_names
from gwmock.protocol.parser import parse_request
from gwmock.protocol.router import route
from gwmock.protocol.serializer import serialize_result

OPERATIONS = [(s, op) for s in ("apigateway", "apigatewayv2") for op in operation_names(s)]
EPOCH = 1_700_000_000


def sample(shape, name="x", depth=0, location=False):
    kind = shape.type_name
    if kind == "structure":
        if depth > 8:
            return {}
        return {
            n: sample(m, n, depth + 1)
            for n, m in shape.members.items()
            if m.serialization.get("location") not in ("headers", "statusCode")
        }
    if kind == "list":
        return [sample(shape.member, name, depth + 1)]
    if kind == "map":
        return {"k1": sample(shape.value, name, depth + 1)}
    if kind == "string":
        return shape.enum[0] if shape.enum else f"v-{name}".ljust(shape.metadata.get("min", 0), "x")
    if kind in ("integer", "long"):
        return max(7, shape.metadata.get("min", 7))
    if kind == "boolean":
        return True
    if kind in ("double", "float"):
        return 1.5
    if kind == "timestamp":
        return EPOCH
    if kind == "blob":
        return b"blob-bytes"
    raise AssertionError(kind)


def as_sent(value):
    """What botocore gives back for a value gwmock stored (timestamps become datetimes)."""
    if isinstance(value, dict):
        return {k: as_sent(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_sent(v) for v in value]
    return value


@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=[f"{s}.{o}" for s, o in OPERATIONS])
def test_request_round_trip(service, operation):
    op = operation_model(service, operation)
    params = sample(op.input_shape) if op.input_shape is not None else {}
    request = create_serializer("rest-json").serialize_to_request(params, op)
    path, _, qs = request["url_path"].partition("?")
    query = {k: (v if isinstance(v, list) else [v]) for k, v in request["query_string"].items()}
    if qs:
        for pair in qs.split("&"):
            key, _, value = pair.partition("=")
            query.setdefault(key, []).append(value)
    found = route(service, request["method"], path, query)
    assert found is not None and found[0] == operation
    body = request["body"] if isinstance(request["body"], bytes) else request["body"].encode()
    parsed = parse_request(op, found[1], query, request["headers"], body)
    assert parsed == params


@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=[f"{s}.{o}" for s, o in OPERATIONS])
def test_response_round_trip(service, operation):
    op = operation_model(service, operation)
    if op.output_shape is None:
        status, headers, body = serialize_result(op, {})
        assert status == int(op.http.get("responseCode", 200))
        return
    result = sample(op.output_shape)
    status, headers, body = serialize_result(op, result)
    assert status == int(op.http.get("responseCode", 200))
    parsed = create_parser("rest-json").parse({"status_code": status, "headers": headers, "body": body},
                                              op.output_shape)
    parsed.pop("ResponseMetadata", None)
    assert _normalize(parsed) == _normalize(result)


def _normalize(value):
    if isinstance(value, dict):
        return {k: _normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalize(v) for v in value]
    if isinstance(value, datetime.datetime):
        return int(value.timestamp())
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode()
    if hasattr(value, "read"):
        return value.read()
    return value


def test_unknown_path_is_not_routed():
    assert route("apigateway", "GET", "/no/such/thing", {}) is None


def test_query_bound_route_wins_only_with_its_parameter():
    assert route("apigateway", "POST", "/restapis", {"mode": ["import"]})[0] == "ImportRestApi"
    assert route("apigateway", "POST", "/restapis", {})[0] == "CreateRestApi"


# --- input errors: each service's code, nulls settled before handlers -------------------

def _parse(service, operation, body, labels=None, query=None):
    from gwmock.protocol.validate import validate  # noqa: PLC0415 - the pass under test

    op = operation_model(service, operation)
    params = parse_request(op, labels or {}, query or {}, {}, body)
    validate(service, op, params)
    return params


@pytest.mark.parametrize(("body", "v1_code"), [
    (b"{not json", "SerializationException"),
    (b"[1]", "SerializationException"),
    (b'{"name": 5}', "SerializationException"),
    (b'{"name": "n", "binaryMediaTypes": "x"}', "SerializationException"),
    (b'{"name": "n", "tags": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "SerializationException"),
])
def test_input_errors_are_serialization_errors_in_v1_and_bad_requests_in_v2(body, v1_code):
    from gwmock.errors import ApiError  # noqa: PLC0415

    with pytest.raises(ApiError) as v1:
        _parse("apigateway", "CreateRestApi", body)
    assert v1.value.code == v1_code
    with pytest.raises(ApiError) as v2:
        _parse("apigatewayv2", "CreateApi", body.replace(b'"binaryMediaTypes"', b'"tags"'))
    assert v2.value.code == "BadRequestException"
    assert v2.value.status == v1.value.status == 400


def test_nulls_are_settled_before_handlers():
    params = _parse("apigateway", "CreateRestApi", b'{"name": "n", "description": null, "endpointConfiguration": '
                                                   b'{"types": ["EDGE"], "vpcEndpointIds": null}}')
    assert params == {"name": "n", "endpointConfiguration": {"types": ["EDGE"]}}
    params = _parse("apigateway", "PutIntegrationResponse", b'{"responseTemplates": {"a/b": null}}',
                    labels={"restapi_id": "a", "resource_id": "b", "http_method": "GET", "status_code": "200"})
    assert params["responseTemplates"] == {"a/b": None}
    params = _parse("apigatewayv2", "CreateApi", b'{"name": "n", "protocolType": "HTTP", "description": null}')
    assert params == {"Name": "n", "ProtocolType": "HTTP"}
