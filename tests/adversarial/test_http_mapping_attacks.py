"""HTTP API ``RequestParameters`` applied to Lambda proxy events (``runtime.http.integration.mapped_request``)
under attack: CR/LF and huge values, ``$request.body.*`` on huge and deeply nested bodies, many mappings
of one body, ``overwrite:path`` with ``..`` and encoded separators. The answer is always AWS's, in
bounded time; a mapping value is data in the event, never a header or a path gwmock acts on."""

from __future__ import annotations

import json
import time

import pytest
import requests

REGION = "us-east-1"
EVENTS: list[dict] = []


def fn(event, context):
    EVENTS.append(event)
    return {"statusCode": 200, "body": "ok"}


@pytest.fixture
def deploy(gwmock, apigatewayv2):
    EVENTS.clear()
    gwmock.add_lambda("fn", fn)

    def make(parameters, version="2.0"):
        api = apigatewayv2.create_api(Name="mapped", ProtocolType="HTTP")["ApiId"]
        integration = apigatewayv2.create_integration(
            ApiId=api, IntegrationType="AWS_PROXY", PayloadFormatVersion=version, RequestParameters=parameters,
            IntegrationUri=f"arn:aws:lambda:{REGION}:123456789012:function:fn")["IntegrationId"]
        apigatewayv2.create_route(ApiId=api, RouteKey="$default", Target=f"integrations/{integration}")
        apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
        return f"https://{api}.execute-api.{REGION}.amazonaws.com"

    return make


def _post(url, body, limit=3.0):
    started = time.perf_counter()
    answer = requests.post(url + "/x", data=body, timeout=30)
    assert time.perf_counter() - started < limit
    return answer


DEEP = '{"a": ' + "[" * 200_000 + "]" * 200_000 + "}"


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_a_body_nested_past_pythons_decoder_maps_nothing_and_still_calls_the_function(deploy, version):
    """json.loads raised RecursionError out of the mapping: a traceback instead of AWS's answer."""
    url = deploy({"append:header.x-a": "$request.body.a", "overwrite:querystring.q": "${request.body.a}"}, version)
    answer = _post(url, DEEP)
    assert (answer.status_code, answer.text) == (200, "ok")
    headers = EVENTS[-1]["headers"]
    assert "x-a" not in headers


def test_fifty_body_mappings_of_a_large_body_parse_it_once(deploy):
    url = deploy({f"append:header.x-{i}": f"$request.body.k{i}" for i in range(50)})
    body = json.dumps({"k0": "v", "pad": ["y" * 100] * 90_000})  # 9 MB
    answer = _post(url, body, limit=2.0)
    assert answer.status_code == 200
    assert EVENTS[-1]["headers"]["x-0"] == "v"


def test_cr_lf_and_huge_values_are_data_in_the_event(deploy):
    url = deploy({"append:header.x-a": "$request.body.a", "overwrite:querystring.q": "$request.body.a"})
    answer = _post(url, json.dumps({"a": "v\r\nx-injected: 1\r\n\r\n"}))
    assert answer.status_code == 200 and "x-injected" not in answer.headers
    event = EVENTS[-1]
    assert "x-injected" not in event["headers"]
    assert event["headers"]["x-a"] == "v\r\nx-injected: 1\r\n\r\n"
    answer = _post(url, json.dumps({"a": "x" * 5_000_000}))
    assert answer.status_code == 200
    assert len(EVENTS[-1]["headers"]["x-a"]) == 5_000_000


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/a%2F..%2F..%2Fb", "/..%5c..%5cwin.ini", "//evil/x",
                                  "\\\\server\\share", "/\u0000/\r\n"])
def test_overwrite_path_is_only_the_events_path(deploy, path):
    url = deploy({"overwrite:path": "$request.body.p"})
    answer = _post(url, json.dumps({"p": path}))
    assert (answer.status_code, answer.text) == (200, "ok")
    assert EVENTS[-1]["rawPath"] == path


def test_a_body_that_is_not_json_maps_nothing(deploy):
    url = deploy({"append:header.x-a": "$request.body.a"})
    for body in (b"\xff\xfe\x00", b'{"a": NaN}', b"[" * 10, b'{"a": 1}' * 1000):
        answer = _post(url, body)
        assert answer.status_code == 200
