"""Bad input never becomes a traceback, failed calls change nothing, threads lose nothing."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway
from gwmock.dispatch import handle_request
from gwmock.errors import ApiError
from gwmock.patch import apply_patch
from gwmock.state import MemoryBackend

ACCOUNT, REGION = "123456789012", "us-east-1"
METHODS = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"])
SEGMENT = st.text(st.characters(codec="ascii", exclude_characters="/?#"), max_size=12)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)


def _backend_with_api():
    backend = MemoryBackend()
    status, _, body = handle_request(backend, "apigateway", "POST", "/restapis", "", {}, b'{"name": "seed"}',
                                     ACCOUNT, REGION)
    assert status == 201
    return backend, json.loads(body)["id"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(service=st.sampled_from(["apigateway", "apigatewayv2"]), method=METHODS,
       segments=st.lists(SEGMENT, max_size=6), body=JSON, query=st.dictionaries(SEGMENT, SEGMENT, max_size=3))
def test_random_requests_get_aws_style_answers(service, method, segments, body, query):
    backend, api_id = _backend_with_api()
    before = backend.dump()
    # Aim half the requests at real resources so handlers, not just the router, see junk.
    segments = (["restapis", api_id] if service == "apigateway" else ["v2", "apis", api_id]) + segments[:3] \
        if len(segments) % 2 else segments
    path = "/" + "/".join(segments)
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    status, headers, raw = handle_request(backend, service, method, path, qs, {}, json.dumps(body).encode(),
                                          ACCOUNT, REGION)
    assert status < 500 or status == 501, (path, raw)
    if status >= 400:
        assert headers["x-amzn-ErrorType"]
        assert "message" in json.loads(raw)
        assert backend.dump() == before  # a failed call changes nothing


PATCH_OPS = st.lists(st.fixed_dictionaries({
    "op": st.sampled_from(["add", "remove", "replace", "copy", "move", "test", "bogus"]),
    "path": st.one_of(st.none(), st.sampled_from(["/name", "/description", "/binaryMediaTypes/image~1png",
                                                   "/minimumCompressionSize", "/endpointConfiguration/types/EDGE",
                                                   "/policy", "/x/y", "", "/"]), SEGMENT.map(lambda s: "/" + s)),
    "value": st.one_of(st.none(), st.text(max_size=8), st.sampled_from(["true", "12", "-1", "PRIVATE"])),
}), max_size=4)


@settings(max_examples=300, deadline=None)
@given(ops=PATCH_OPS)
def test_random_patches_on_a_rest_api(ops):
    backend, api_id = _backend_with_api()
    before = backend.dump()
    body = json.dumps({"patchOperations": [{k: v for k, v in op.items() if v is not None} for op in ops]})
    status, _, raw = handle_request(backend, "apigateway", "PATCH", f"/restapis/{api_id}", "", {}, body.encode(),
                                    ACCOUNT, REGION)
    assert status in (200, 400, 404), raw
    if status != 200:
        assert backend.dump() == before


@settings(max_examples=200, deadline=None)
@given(record=st.dictionaries(st.text(max_size=6), JSON, max_size=4), ops=PATCH_OPS)
def test_patch_engine_never_crashes_or_mutates(record, ops):
    from gwmock.apigateway.rest_apis import _RULES, _unsupported

    snapshot = json.dumps(record, sort_keys=True)
    try:
        apply_patch(record, ops, _RULES[:6], _unsupported)
    except ApiError as error:
        assert 400 <= error.status < 500
    except (KeyError, TypeError, AttributeError):
        pass  # a record of the wrong shape: handlers never pass one
    assert json.dumps(record, sort_keys=True) == snapshot


def test_a_crashing_handler_rolls_back_and_answers_500(monkeypatch):
    import gwmock.apigateway.rest_apis as rest_apis

    backend, api_id = _backend_with_api()
    before = backend.dump()

    def explode(ctx, params):
        ctx.store.put(("restapis", "half-written"), {"id": "half-written"})
        raise RuntimeError("boom")

    monkeypatch.setitem(rest_apis.__dict__, "delete_rest_api", explode)
    from gwmock.registry import handlers

    monkeypatch.setitem(handlers("apigateway"), "DeleteRestApi", explode)
    status, headers, raw = handle_request(backend, "apigateway", "DELETE", f"/restapis/{api_id}", "", {}, b"",
                                          ACCOUNT, REGION)
    assert status == 500 and headers["x-amzn-ErrorType"] == "InternalFailure"
    assert "boom" in json.loads(raw)["message"]
    assert backend.dump() == before


@mock_apigateway
def test_sixteen_threads_of_mixed_operations():
    def work(n):
        client = boto3.client("apigateway", region_name="us-east-1")
        made = []
        for i in range(60):  # 4 calls an iteration: 240 operations a thread, 3,840 interleaved in all
            api = client.create_rest_api(name=f"t{n}-{i}")
            made.append(api["id"])
            client.update_rest_api(restApiId=api["id"], patchOperations=[
                {"op": "replace", "path": "/description", "value": f"d{i}"}])
            assert client.get_rest_api(restApiId=api["id"])["description"] == f"d{i}"
            if i % 3 == 0:
                client.delete_rest_api(restApiId=api["id"])
                made.pop()
        return made

    with ThreadPoolExecutor(max_workers=16) as pool:
        kept = [api for made in pool.map(work, range(16)) for api in made]
    client = boto3.client("apigateway", region_name="us-east-1")
    listed = [a["id"] for page in client.get_paginator("get_rest_apis").paginate() for a in page["items"]]
    assert sorted(listed) == sorted(kept)
    assert len(kept) == 16 * 40


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_malformed_bodies_are_client_errors(body):
    backend = MemoryBackend()
    status, headers, _ = handle_request(backend, "apigateway", "POST", "/restapis", "", {}, body, ACCOUNT, REGION)
    assert status == 400 and headers["x-amzn-ErrorType"] == "SerializationException"
