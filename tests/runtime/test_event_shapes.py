"""The Lambda events gwmock sends, compared key by key and type by type with AWS's events.

Each test calls an API deployed through boto3 and compares the event its function got with a
sample: a recording of AWS (``aws_recorded``), or a skeleton in ``tests/data/event_samples/``
holding the keys and JSON types of AWS's published samples (its README names each source).
Values are not compared; maps whose keys are request data (headers, query, path parameters,
stage variables, authorizer context) compare as "an object" (``{}`` and ``null`` differ).
Where gwmock sends a key no sample shows, ``EXTRA`` names it (each a guess in its module).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from helpers import recorded

REGION, ACCOUNT = "us-east-1", "123456789012"
SAMPLES = Path(__file__).parent.parent / "data" / "event_samples"
DATA_MAPS = {"headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
             "pathParameters", "stageVariables", "authorizer", "lambda"}
ALLOW = {"principalId": "u", "context": {"n": 1},
         "policyDocument": {"Version": "2012-10-17", "Statement": [
             {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}}
# keys gwmock sends that no sample shows (guesses, in gwmock.runtime.http.lambdas' docstring)
EXTRA_V1 = {"requestContext.routeKey"}
EXTRA_AUTHORIZER_V1 = {*EXTRA_V1, "multiValueQueryStringParameters"}


def arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def uri(name: str) -> str:
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn(name)}/invocations"


def shape(value: Any, key: str = "") -> Any:
    """``value``'s keys and JSON types; a data map is just "object"."""
    if isinstance(value, dict):
        return "object" if key.rsplit(".", 1)[-1] in DATA_MAPS else \
            {k: shape(v, f"{key}.{k}".lstrip(".")) for k, v in value.items()}
    if isinstance(value, list):
        return ["array", *sorted({json.dumps(shape(v)) for v in value})]
    return {str: "string", bool: "boolean", int: "number", float: "number", type(None): "null"}[type(value)]


def assert_shape(event: dict[str, Any], sample: dict[str, Any], extra: set[str] = frozenset()) -> None:
    got, want = shape(event), shape(sample)
    for name in extra:  # drop the allowed extras, at any depth
        *path, last = name.split(".")
        level = got
        for part in path:
            level = level.get(part, {})
        level.pop(last, None)
    assert got == want


def sample(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text())


def rest_proxy_sample() -> dict[str, Any]:
    event = copy.deepcopy(recorded("lambda", "test_lambda_aws_proxy_integration",
                                   "invocation-payload-without-trailing-slash"))
    # a placeholder in the recording; a number on AWS ("Lambda proxy integrations for REST APIs:
    # input format": "requestTimeEpoch": 1428582896000)
    event["requestContext"]["requestTimeEpoch"] = 0
    return event


def recorder(events: dict[str, Any], key: str, answer: Any = None) -> Any:
    def fn(event: Any, context: Any) -> Any:
        events[key] = event
        return answer if answer is not None else {"statusCode": 200, "body": "{}"}
    return fn


# --- REST APIs ------------------------------------------------------------------------------


@pytest.fixture
def rest_events(gwmock):
    """A REST API: ``/{proxy+}`` behind a TOKEN authorizer, ``/open/{proxy+}`` with none and ``/``
    behind a REQUEST authorizer, all Lambda proxy integrations; answers the events each got."""
    client, events = boto3.client("apigateway", region_name=REGION), {}
    for name in ("backend", "token", "request"):
        gwmock.add_lambda(name, recorder(events, name, None if name == "backend" else ALLOW))
    api = client.create_rest_api(name="shapes")["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]

    def method(resource, **auth):
        client.put_method(restApiId=api, resourceId=resource, httpMethod="ANY",
                          authorizationType="CUSTOM" if auth else "NONE", **auth)
        client.put_integration(restApiId=api, resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=uri("backend"))

    def authorizer(kind, name):
        return client.create_authorizer(restApiId=api, name=name, type=kind, authorizerUri=uri(name),
                                        authorizerResultTtlInSeconds=0,
                                        identitySource="method.request.header.Authorization")["id"]

    method(client.create_resource(restApiId=api, parentId=root, pathPart="{proxy+}")["id"],
           authorizerId=authorizer("TOKEN", "token"))
    method(root, authorizerId=authorizer("REQUEST", "request"))
    open_ = client.create_resource(restApiId=api, parentId=root, pathPart="open")["id"]
    method(client.create_resource(restApiId=api, parentId=open_, pathPart="{proxy+}")["id"])
    client.create_deployment(restApiId=api, stageName="stage", variables={"v": "1"})
    base = f"https://{api}.execute-api.{REGION}.amazonaws.com/stage"
    return base, events


def test_rest_proxy_event_has_the_recorded_shape(rest_events):
    base, events = rest_events
    assert requests.get(f"{base}/open/proxy-value", headers={"tEsT-HEADeR": "aValUE"}, timeout=5).status_code == 200
    expected = rest_proxy_sample()
    expected["stageVariables"] = {}  # the recording's stage has none: here an object
    assert_shape(events["backend"], expected)


def test_rest_token_authorizer_event(rest_events):
    base, events = rest_events
    requests.get(f"{base}/a/b", headers={"Authorization": "t"}, timeout=5)
    assert_shape(events["token"], sample("rest_authorizer_token"))


def test_rest_request_authorizer_event_sends_empty_path_parameters_as_an_object(rest_events):
    base, events = rest_events
    requests.get(f"{base}/?q=1", headers={"Authorization": "t"}, timeout=5)
    event = events["request"]
    expected = sample("rest_authorizer_request")
    expected["requestContext"] = rest_proxy_sample()["requestContext"]
    assert_shape(event, expected)
    assert event["pathParameters"] == {}  # AWS's REQUEST example; the proxy event has null
    assert events["backend"]["pathParameters"] is None


# --- HTTP APIs ------------------------------------------------------------------------------


@pytest.fixture
def http_events(gwmock):
    """An HTTP API per payload version: ``GET /items/{id}`` and ``GET /list`` behind a REQUEST
    Lambda authorizer of the same version; answers (base URL, events) per version."""
    client, out = boto3.client("apigatewayv2", region_name=REGION), {}
    for version in ("1.0", "2.0"):
        events: dict[str, Any] = {}
        tag = version.replace(".", "")
        answer = {"isAuthorized": True, "context": {"a": "b"}} if version == "2.0" else ALLOW
        gwmock.add_lambda(f"backend{tag}", recorder(events, "backend"))
        gwmock.add_lambda(f"auth{tag}", recorder(events, "auth", answer))
        api = client.create_api(Name="shapes", ProtocolType="HTTP")["ApiId"]
        integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=arn(
            f"backend{tag}"), PayloadFormatVersion=version)["IntegrationId"]
        authorizer = client.create_authorizer(
            ApiId=api, AuthorizerType="REQUEST", Name="a", AuthorizerUri=uri(f"auth{tag}"),
            AuthorizerPayloadFormatVersion=version, IdentitySource=["$request.header.Authorization"],
            EnableSimpleResponses=version == "2.0")["AuthorizerId"]
        for key in ("GET /items/{id}", "GET /list"):
            client.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}",
                                AuthorizationType="CUSTOM", AuthorizerId=authorizer)
        client.create_route(ApiId=api, RouteKey="POST /open/{id}", Target=f"integrations/{integration}")
        client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True, StageVariables={"v": "1"})
        out[version] = (f"https://{api}.execute-api.{REGION}.amazonaws.com", events)
    return out


def _get(url: str) -> None:
    answer = requests.get(url, headers={"Authorization": "t", "Cookie": "a=1; b=2"}, timeout=5)
    assert answer.status_code == 200


def test_http_payload_2_event(http_events):
    base, events = http_events["2.0"]
    requests.post(f"{base}/open/7?q=1&q=2", data="hi", headers={"Cookie": "a=1", "User-Agent": "ua"}, timeout=5)
    expected = sample("http_v2")
    del expected["requestContext"]["authorizer"]
    assert_shape(events["backend"], expected)


def test_http_payload_2_event_with_lambda_authorizer(http_events):
    base, events = http_events["2.0"]
    _get(f"{base}/items/7?q=1")
    expected = sample("http_v2")
    del expected["body"]
    assert_shape(events["backend"], expected)
    assert events["backend"]["requestContext"]["authorizer"] == {"lambda": {"a": "b"}}


def test_http_payload_1_event(http_events):
    base, events = http_events["1.0"]
    requests.post(f"{base}/open/7?q=1", data="hi", timeout=5)
    assert_shape(events["backend"], sample("http_v1"), EXTRA_V1)


def test_http_authorizer_payload_2_event(http_events):
    base, events = http_events["2.0"]
    _get(f"{base}/items/7?q=1")
    expected = sample("http_authorizer_v2")
    expected["requestContext"] = sample("http_v2")["requestContext"]
    del expected["requestContext"]["authorizer"]
    assert_shape(events["auth"], expected)


def test_http_authorizer_payload_1_event_sends_empty_path_parameters_as_an_object(http_events):
    base, events = http_events["1.0"]
    _get(f"{base}/list?q=1")
    expected = sample("http_authorizer_v1")
    expected["requestContext"] = sample("http_v1")["requestContext"]
    del expected["requestContext"]["authorizer"]
    assert_shape(events["auth"], expected, EXTRA_AUTHORIZER_V1)
    assert events["auth"]["pathParameters"] == {}


# --- WebSocket APIs -------------------------------------------------------------------------


@pytest.fixture
def ws_events(gwmock):
    """A WebSocket API with a REQUEST authorizer on ``$connect``; answers (url, events by kind)."""
    client, events = boto3.client("apigatewayv2", region_name=REGION), {}

    def backend(event, context):
        events[event["requestContext"]["eventType"]] = event
        return {"statusCode": 200}

    gwmock.add_lambda("wsbackend", backend)
    gwmock.add_lambda("wsauth", recorder(events, "AUTH", {**ALLOW, "context": None}))
    api = client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                            RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY",
                                            IntegrationUri=arn("wsbackend"))["IntegrationId"]
    authorizer = client.create_authorizer(ApiId=api, AuthorizerType="REQUEST", Name="a", AuthorizerUri=uri("wsauth"),
                                          IdentitySource=["route.request.header.Auth"])["AuthorizerId"]
    for key in ("$connect", "$disconnect", "$default"):
        auth = {"AuthorizationType": "CUSTOM", "AuthorizerId": authorizer} if key == "$connect" else {}
        client.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}", **auth)
    client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
    return f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod", events


def _without_authorizer(event: dict[str, Any]) -> dict[str, Any]:
    return {**event, "requestContext": {k: v for k, v in event["requestContext"].items() if k != "authorizer"}}


def test_websocket_events_without_user_agent_list_only_the_source_ip(gwmock, ws_events):
    url, events = ws_events
    conn = gwmock.websocket(url, headers={"Auth": "ok"})
    conn.send('{"action": "x"}')
    conn.close(1000)
    for kind, name in (("CONNECT", "ws_connect"), ("MESSAGE", "ws_message"), ("DISCONNECT", "ws_disconnect")):
        assert_shape(_without_authorizer(events[kind]), sample(name))
        assert events[kind]["requestContext"]["identity"] == {"sourceIp": "127.0.0.1"}


def test_websocket_identity_keeps_a_user_agent_the_client_sent(gwmock, ws_events):
    url, events = ws_events
    gwmock.websocket(url, headers={"Auth": "ok", "User-Agent": "ua/1"})
    assert events["CONNECT"]["requestContext"]["identity"] == {"sourceIp": "127.0.0.1", "userAgent": "ua/1"}


def test_websocket_authorizer_event_sends_empty_query_maps(gwmock, ws_events):
    url, events = ws_events
    gwmock.websocket(url, headers={"Auth": "ok"})
    expected = sample("ws_authorizer")
    expected["requestContext"] = sample("ws_connect")["requestContext"]
    event = events["AUTH"]
    assert_shape(event, expected)
    assert (event["queryStringParameters"], event["multiValueQueryStringParameters"]) == ({}, {})
    assert "queryStringParameters" not in events["CONNECT"]  # the $connect function's event leaves them out


def test_websocket_authorizer_event_with_a_query(gwmock, ws_events):
    url, events = ws_events
    gwmock.websocket(url + "?room=1&room=2", headers={"Auth": "ok"})
    event = events["AUTH"]
    assert (event["queryStringParameters"], event["multiValueQueryStringParameters"]) == \
        ({"room": "2"}, {"room": ["1", "2"]})
