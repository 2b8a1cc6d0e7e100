"""Misbehaving Lambda functions and authorizers behind a REST API: the caller always gets API
Gateway's answer, and the function's own failure stays visible on the ``Response``.

AWS's answers: a function error or a malformed proxy response is 502 ``{"message": "Internal
server error"}`` (aws-recorded: test_aws_proxy_response_payload_format_validation); a function
that outlives the integration's ``timeoutInMillis`` is 504 ``{"message": "Endpoint request timed
out"}`` (INTEGRATION_TIMEOUT), answered when the timeout passes; an authorizer that fails or
returns an invalid policy is 500 ``{"message": null}``.
"""

from __future__ import annotations

import threading
import time

import pytest
import requests
from helpers import Boom, deep, exit_3, raise_boom

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
INTERNAL = {"message": "Internal server error"}


def _deployed(client, fn_name, kind="AWS_PROXY", **integration):
    api = client.create_rest_api(name="user-code")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="x")["id"]
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="GET", type=kind,
                           integrationHttpMethod="POST", uri=URI.format(FN + fn_name), **integration)
    if kind == "AWS":
        client.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod="GET", statusCode="200")
        client.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod="GET",
                                        statusCode="200")
    client.create_deployment(restApiId=api["id"], stageName="test")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test/x"


@pytest.mark.parametrize("fn, error_type", [(raise_boom, Boom), (exit_3, SystemExit)])
def test_a_function_that_raises_or_exits_answers_502_and_keeps_its_error(apigateway, gwmock, fn, error_type):
    gwmock.add_lambda("bad", fn)
    url = _deployed(apigateway, "bad")
    answer = gwmock.invoke("GET", url)
    assert (answer.status, answer.json()) == (502, INTERNAL)
    assert isinstance(answer.error, error_type)
    assert requests.get(url, timeout=5).status_code == 502  # through a real client too


@pytest.mark.parametrize("make", [
    lambda: deep(1_000_000),          # too deep to marshal: Runtime.MarshalError
    lambda: {"statusCode": 200, "body": {1, 2}},  # not JSON at all
    object,
    lambda: None,
    lambda: "justAString",
    lambda: {"statusCode": -1},
    lambda: {"statusCode": 99999},
    lambda: {"statusCode": "abc"},
    lambda: {"statusCode": 200, "headers": {"x": "a\r\nSet-Cookie: evil"}},
    lambda: {"statusCode": 200, "multiValueHeaders": {"x": ["ok", "b\nInjected: 1"]}},
    lambda: {"statusCode": 200, "headers": {"bad name": "v"}},
    lambda: {"statusCode": 200, "headers": {"x": {"nested": 1}}},
], ids=["deep", "set", "object", "none", "string", "status-1", "status-99999", "status-abc", "crlf-header",
        "lf-multi-header", "bad-header-name", "object-header"])
def test_a_malformed_proxy_answer_is_502(apigateway, gwmock, make):
    gwmock.add_lambda("garbage", lambda event, context: make())
    answer = gwmock.invoke("GET", _deployed(apigateway, "garbage"))
    assert (answer.status, answer.json()) == (502, INTERNAL)
    assert "Set-Cookie" not in answer.headers and "Injected" not in answer.headers


def test_header_values_can_never_add_header_lines_through_requests(apigateway, gwmock):
    gwmock.add_lambda("inject", lambda e, c: {"statusCode": 200, "headers": {"x": "a\r\nSet-Cookie: evil=1"}})
    response = requests.get(_deployed(apigateway, "inject"), timeout=5)
    assert response.status_code == 502
    assert "evil" not in response.headers.get("Set-Cookie", "")
    assert not response.cookies


def test_a_function_that_outlives_the_integration_timeout_answers_504_at_the_timeout(apigateway, gwmock):
    release = threading.Event()

    def slow(event, context):
        release.wait(10)
        return {"statusCode": 200, "body": "late"}

    gwmock.add_lambda("slow", slow)
    url = _deployed(apigateway, "slow", timeoutInMillis=100)
    started = time.monotonic()
    answer = gwmock.invoke("GET", url)
    elapsed = time.monotonic() - started
    release.set()
    assert (answer.status, answer.json()) == (504, {"message": "Endpoint request timed out"})
    assert answer.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    assert 0.09 < elapsed < 5


def test_a_non_proxy_lambda_that_outlives_its_timeout_answers_504(apigateway, gwmock):
    release = threading.Event()
    gwmock.add_lambda("slow", lambda e, c: release.wait(2))
    answer = gwmock.invoke("GET", _deployed(apigateway, "slow", kind="AWS", timeoutInMillis=50))
    release.set()
    assert (answer.status, answer.json()) == (504, {"message": "Endpoint request timed out"})


def test_timed_out_calls_leave_no_threads_behind_once_their_functions_return(apigateway, gwmock):
    # a worker whose function overran its caller's timeout is taken again once the function returns
    release, returned = threading.Event(), threading.Event()

    def slow(event, context):
        release.wait(5)
        returned.set()
        return {"statusCode": 200, "body": "late"}

    gwmock.add_lambda("slow", slow)
    url = _deployed(apigateway, "slow", timeoutInMillis=50)

    def overrun():
        release.clear()
        returned.clear()
        assert gwmock.invoke("GET", url).status == 504
        release.set()
        assert returned.wait(5)
        time.sleep(0.01)  # the worker hands its (dropped) result back

    overrun()  # this thread's first worker, whatever ran before
    before = threading.active_count()
    for _ in range(12):
        overrun()

    assert threading.active_count() <= before + 3  # twelve before the fix; a slow machine may add one or two


def test_a_non_proxy_lambda_that_exits_is_a_function_error(apigateway, gwmock):
    gwmock.add_lambda("exit", exit_3)
    answer = gwmock.invoke("GET", _deployed(apigateway, "exit", kind="AWS"))
    # no selection pattern: the default response carries Lambda's error document
    assert answer.status == 200
    assert answer.json()["errorType"] == "SystemExit"
    assert isinstance(answer.error, SystemExit)


def _authorized(client, authorizer_fn):
    api = client.create_rest_api(name="authorized")
    authorizer = client.create_authorizer(restApiId=api["id"], name="auth", type="TOKEN",
                                          authorizerUri=URI.format(FN + authorizer_fn),
                                          identitySource="method.request.header.Authorization",
                                          authorizerResultTtlInSeconds=0)["id"]
    client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                      authorizationType="CUSTOM", authorizerId=authorizer)
    client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                               statusCode="200")
    client.put_integration_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                                    statusCode="200", responseTemplates={"application/json": '{"ok": true}'})
    client.create_deployment(restApiId=api["id"], stageName="test")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test/"


def _policy(effect):
    def authorizer(event, context):
        return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
    return authorizer


@pytest.mark.parametrize("fn", [raise_boom, exit_3, lambda e, c: deep(1_000_000), lambda e, c: "garbage",
                                _policy("allow"), _policy("ALLOW"), _policy("Permit")],
                         ids=["raise", "exit", "deep", "garbage", "allow-lowercase", "allow-uppercase", "permit"])
def test_a_misbehaving_authorizer_answers_500_null(apigateway, gwmock, fn):
    gwmock.add_lambda("auth", fn)
    answer = gwmock.invoke("GET", _authorized(apigateway, "auth"), {"Authorization": "token"})
    assert (answer.status, answer.json()) == (500, {"message": None})


def test_an_exact_allow_policy_lets_the_request_in(apigateway, gwmock):
    gwmock.add_lambda("auth", _policy("Allow"))
    answer = gwmock.invoke("GET", _authorized(apigateway, "auth"), {"Authorization": "token"})
    assert (answer.status, answer.json()) == (200, {"ok": True})


def test_an_authorizer_exception_stays_visible(apigateway, gwmock):
    gwmock.add_lambda("auth", raise_boom)
    answer = gwmock.invoke("GET", _authorized(apigateway, "auth"), {"Authorization": "token"})
    assert isinstance(answer.error, Boom)


def test_a_mapped_request_value_cannot_add_header_lines(apigateway, gwmock):
    api = apigateway.create_rest_api(name="mapped")
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE",
                          requestParameters={"method.request.querystring.v": False})
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    template = "#set($context.responseOverride.header.XEcho = $input.params('v')){}"
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": template})
    apigateway.create_deployment(restApiId=api["id"], stageName="test")
    base = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test/"
    plain = gwmock.invoke("GET", base + "?v=fine")
    assert plain.headers["XEcho"] == "fine"
    injected = gwmock.invoke("GET", base + "?v=a%0D%0ASet-Cookie:%20evil=1")
    assert injected.status == 200
    assert "XEcho" not in injected.headers and "Set-Cookie" not in injected.headers
    assert any("Dropped response header 'XEcho'" in line for line in injected.log)
