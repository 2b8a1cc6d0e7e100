"""Misbehaving Lambda functions and authorizers behind an HTTP API: the caller always gets API
Gateway's answer and the function's own failure stays visible on the ``Response``.

HTTP APIs answer a function error or a malformed response with 500 ``{"message":"Internal Server
Error"}``, a function that outlives ``TimeoutInMillis`` with 503 ``{"message":"Service
Unavailable"}`` when the timeout passes (what users report: serverless/serverless#11222), and a
failing Lambda authorizer with 500.
"""

from __future__ import annotations

import threading
import time

import pytest
import requests
from helpers import Boom, deep, exit_3, raise_boom

REGION = "us-east-1"
ACCOUNT = "123456789012"
INTERNAL = {"message": "Internal Server Error"}


def fn_arn(name):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


@pytest.fixture
def api(apigatewayv2):
    return apigatewayv2.create_api(Name="user-code", ProtocolType="HTTP")["ApiId"]


def _route(client, api_id, fn, version="2.0", **extra):
    integration = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=fn_arn(fn),
                                            PayloadFormatVersion=version, **extra)["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="GET /x", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/x"


@pytest.mark.parametrize("version", ["1.0", "2.0"])
@pytest.mark.parametrize("fn, error_type", [(raise_boom, Boom), (exit_3, SystemExit)])
def test_a_function_that_raises_or_exits_answers_500_and_keeps_its_error(apigatewayv2, gwmock, api, fn,
                                                                          error_type, version):
    gwmock.add_lambda("bad", fn)
    url = _route(apigatewayv2, api, "bad", version)
    answer = gwmock.invoke("GET", url)
    assert (answer.status, answer.json()) == (500, INTERNAL)
    assert isinstance(answer.error, error_type)
    assert requests.get(url, timeout=5).status_code == 500


@pytest.mark.parametrize("version", ["1.0", "2.0"])
@pytest.mark.parametrize("make", [
    lambda: deep(1_000_000),
    object,
    lambda: {"statusCode": -1},
    lambda: {"statusCode": 99999},
    lambda: {"statusCode": "abc"},
    lambda: {"statusCode": 200, "headers": {"x": "a\r\nSet-Cookie: evil"}},
    lambda: {"statusCode": 200, "headers": {"bad name": "v"}},
], ids=["deep", "object", "status-1", "status-99999", "status-abc", "crlf-header", "bad-header-name"])
def test_a_malformed_answer_is_500(apigatewayv2, gwmock, api, make, version):
    gwmock.add_lambda("garbage", lambda event, context: make())
    answer = gwmock.invoke("GET", _route(apigatewayv2, api, "garbage", version))
    assert (answer.status, answer.json()) == (500, INTERNAL)
    assert "set-cookie" not in answer.headers


def test_cookie_values_cannot_add_header_lines(apigatewayv2, gwmock, api):
    gwmock.add_lambda("cookie", lambda e, c: {"statusCode": 200, "cookies": ["a=1\r\nX-Injected: 1"]})
    response = requests.get(_route(apigatewayv2, api, "cookie"), timeout=5)
    assert response.status_code == 500
    assert "x-injected" not in response.headers


def test_a_function_that_outlives_the_timeout_is_answered_when_it_passes(apigatewayv2, gwmock, api):
    release = threading.Event()

    def slow(event, context):
        release.wait(10)
        return {"statusCode": 200}

    gwmock.add_lambda("slow", slow)
    url = _route(apigatewayv2, api, "slow", TimeoutInMillis=100)
    started = time.monotonic()
    answer = gwmock.invoke("GET", url)
    elapsed = time.monotonic() - started
    release.set()
    assert (answer.status, answer.json()) == (503, {"message": "Service Unavailable"})
    assert 0.09 < elapsed < 5


@pytest.mark.parametrize("fn", [raise_boom, exit_3, lambda e, c: deep(1_000_000), lambda e, c: "garbage",
                                lambda e, c: {"isAuthorized": "yes"}])
def test_a_misbehaving_authorizer_answers_500(apigatewayv2, gwmock, api, fn):
    gwmock.add_lambda("auth", fn)
    gwmock.add_lambda("ok", lambda e, c: {"statusCode": 200, "body": "in"})
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api, AuthorizerType="REQUEST", Name="lam", IdentitySource=["$request.header.x-token"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('auth')}/invocations",
        AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True)["AuthorizerId"]
    integration = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=fn_arn("ok"),
                                                  PayloadFormatVersion="2.0")["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /x", Target=f"integrations/{integration}",
                              AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    answer = gwmock.invoke("GET", f"https://{api}.execute-api.{REGION}.amazonaws.com/x", {"x-token": "t"})
    assert (answer.status, answer.json()) == (500, INTERNAL)


def test_payload_1_merges_headers_and_multi_value_headers(apigatewayv2, gwmock, api):
    # AWS docs (payload 1.0): both are merged; a pair given in both appears once
    gwmock.add_lambda("multi", lambda e, c: {"statusCode": 200, "headers": {"x-a": "1", "x-b": "solo"},
                                             "multiValueHeaders": {"x-a": ["1", "2"], "set-cookie": ["a=1", "b=2"]}})
    response = requests.get(_route(apigatewayv2, api, "multi", "1.0"), timeout=5)
    assert response.raw.headers.getlist("x-a") == ["1", "2"]
    assert response.headers["x-b"] == "solo"
    assert response.cookies.get_dict() == {"a": "1", "b": "2"}
