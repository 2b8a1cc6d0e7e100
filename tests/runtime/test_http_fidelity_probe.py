"""Probes of HTTP APIs (apigatewayv2, ProtocolType HTTP) against AWS's documented behaviour, set up
with boto3 and called with ``requests``: the 2.0 and 1.0 Lambda proxy events and answers ("Working
with AWS Lambda proxy integrations for HTTP APIs"), Lambda authorizers and their caching ("Working
with AWS Lambda authorizers for HTTP APIs"), parameter mapping on Lambda proxy integrations
("Transforming API requests and responses"; CreateIntegration's ``RequestParameters``), and CORS
origins ("Configuring CORS for an HTTP API": ``https://*`` / ``http://*``)."""

from __future__ import annotations

import base64
import json

import pytest
import requests

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"


def _echo(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}


@pytest.fixture
def api(apigatewayv2):
    return apigatewayv2.create_api(Name="probe", ProtocolType="HTTP")["ApiId"]


def _base(api_id: str) -> str:
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com"


def _lambda_route(client, api_id, key, fn="echo", version="2.0", route=None, **integration):
    integration_id = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FN + fn,
                                               PayloadFormatVersion=version, **integration)["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration_id}", **(route or {}))


def _deploy(client, api_id, stage="$default"):
    client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)


# --- payload 2.0: the event ---------------------------------------------------------------------


def test_event_v2_carries_every_documented_field(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", _echo)
    _lambda_route(apigatewayv2, api, "POST /items/{id}")
    _deploy(apigatewayv2, api)
    response = requests.post(f"{_base(api)}/items/7?a=1&a=2&b=%20x&e=", data=b"\x00\xff",
                             headers={"Content-Type": "application/octet-stream", "Cookie": "c1=1; c2=2",
                                      "X-Many": "x", "User-Agent": "probe/1"}, timeout=5)
    event = response.json()
    context = event["requestContext"]
    assert list(event) == ["version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers",
                           "queryStringParameters", "requestContext", "body", "pathParameters", "isBase64Encoded"]
    assert (event["version"], event["routeKey"], event["rawPath"]) == ("2.0", "POST /items/{id}", "/items/7")
    assert event["rawQueryString"] == "a=1&a=2&b=%20x&e="  # as sent
    assert event["queryStringParameters"] == {"a": "1,2", "b": " x", "e": ""}  # repeated: comma-joined
    assert event["cookies"] == ["c1=1", "c2=2"]
    assert "cookie" not in event["headers"]
    assert (event["headers"]["x-many"], event["headers"]["user-agent"]) == ("x", "probe/1")
    assert (event["body"], event["isBase64Encoded"]) == (base64.b64encode(b"\x00\xff").decode(), True)
    assert event["pathParameters"] == {"id": "7"}
    assert context["http"] == {"method": "POST", "path": "/items/7", "protocol": "HTTP/1.1",
                               "sourceIp": "127.0.0.1", "userAgent": "probe/1"}
    assert (context["routeKey"], context["stage"], context["accountId"], context["apiId"]) == (
        "POST /items/{id}", "$default", ACCOUNT, api)
    assert (context["domainName"], context["domainPrefix"]) == (f"{api}.execute-api.{REGION}.amazonaws.com", api)
    assert context["requestId"] == response.headers["apigw-requestid"]
    assert isinstance(context["timeEpoch"], int) and context["time"].endswith(" +0000")
    assert "authorizer" not in context


def test_repeated_request_headers_are_comma_joined_in_2_0_and_listed_in_1_0(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", _echo)
    _lambda_route(apigatewayv2, api, "GET /v2")
    _lambda_route(apigatewayv2, api, "GET /v1", version="1.0")
    _deploy(apigatewayv2, api)
    headers = {"X-Multi": ["a", "b"]}
    v2 = gwmock.invoke("GET", f"{_base(api)}/v2", headers=headers).json()
    v1 = gwmock.invoke("GET", f"{_base(api)}/v1?q=1&q=2", headers=headers).json()
    assert v2["headers"]["x-multi"] == "a,b"
    assert (v1["headers"]["x-multi"], v1["multiValueHeaders"]["x-multi"]) == ("b", ["a", "b"])
    # 1.0 keeps the last value, as a live capture shows (metaskills' gist: "colors[]": "red")
    assert (v1["queryStringParameters"], v1["multiValueQueryStringParameters"]) == ({"q": "2"}, {"q": ["1", "2"]})


# --- payload 2.0 and 1.0: the answers -----------------------------------------------------------


@pytest.mark.parametrize(("answer", "status", "content_type", "body"), [
    ({"message": "hi"}, 200, "application/json", b'{"message": "hi"}'),  # no statusCode: inferred
    ({"statusCode": 201, "body": "made"}, 201, "text/plain; charset=utf-8", b"made"),
    ({"statusCode": 200, "isBase64Encoded": True, "body": "AAEC", "headers": {"Content-Type": "image/png"}},
     200, "image/png", b"\x00\x01\x02"),
])
def test_answer_v2(apigatewayv2, gwmock, api, answer, status, content_type, body):
    gwmock.add_lambda("fn", lambda event, context: answer)
    _lambda_route(apigatewayv2, api, "GET /r", fn="fn")
    _deploy(apigatewayv2, api)
    response = requests.get(f"{_base(api)}/r", timeout=5)
    assert (response.status_code, response.headers["content-type"], response.content) == (status, content_type, body)


def test_answer_cookies_become_set_cookie_lines_and_1_0_multi_value_headers_too(apigatewayv2, gwmock, api):
    gwmock.add_lambda("v2", lambda e, c: {"statusCode": 200, "cookies": ["a=1; Path=/", "b=2"], "body": ""})
    gwmock.add_lambda("v1", lambda e, c: {"statusCode": 200, "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
                                          "headers": {"X-One": "1"}, "body": ""})
    _lambda_route(apigatewayv2, api, "GET /v2", fn="v2")
    _lambda_route(apigatewayv2, api, "GET /v1", fn="v1", version="1.0")
    _deploy(apigatewayv2, api)
    v2 = requests.get(f"{_base(api)}/v2", timeout=5)
    v1 = requests.get(f"{_base(api)}/v1", timeout=5)
    assert v2.raw.headers.getlist("set-cookie") == ["a=1; Path=/", "b=2"]
    assert (v1.raw.headers.getlist("set-cookie"), v1.headers["x-one"]) == (["a=1", "b=2"], "1")


# --- Lambda authorizers -------------------------------------------------------------------------


def test_simple_authorizer_context_and_per_route_caching(apigatewayv2, gwmock, api):
    calls = []

    def authorizer(event, context):
        calls.append((event["identitySource"], event["routeKey"]))
        return {"isAuthorized": event["headers"]["authorization"] == "good",
                "context": {"user": "ann", "n": 1, "flag": True, "list": [1, 2], "map": {"a": "b"}}}

    gwmock.add_lambda("echo", _echo)
    gwmock.add_lambda("auth", authorizer)
    authorizer_id = apigatewayv2.create_authorizer(
        ApiId=api, Name="a", AuthorizerType="REQUEST", AuthorizerUri=FN + "auth", AuthorizerPayloadFormatVersion="2.0",
        EnableSimpleResponses=True, AuthorizerResultTtlInSeconds=300,
        # "To cache responses per route, add $context.routeKey to your authorizer's identity sources"
        IdentitySource=["$request.header.Authorization", "$context.routeKey"])["AuthorizerId"]
    for key in ("GET /a", "GET /b"):
        _lambda_route(apigatewayv2, api, key, route={"AuthorizationType": "CUSTOM", "AuthorizerId": authorizer_id})
    _deploy(apigatewayv2, api)
    good = {"Authorization": "good"}
    first = requests.get(f"{_base(api)}/a", headers=good, timeout=5)
    assert first.json()["requestContext"]["authorizer"] == {
        "lambda": {"user": "ann", "n": 1, "flag": True, "list": [1, 2], "map": {"a": "b"}}}
    assert requests.get(f"{_base(api)}/a", headers=good, timeout=5).status_code == 200
    assert requests.get(f"{_base(api)}/b", headers=good, timeout=5).status_code == 200
    refused = requests.get(f"{_base(api)}/a", headers={"Authorization": "bad"}, timeout=5)
    missing = requests.get(f"{_base(api)}/a", timeout=5)
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert calls == [(["good", "GET /a"], "GET /a"), (["good", "GET /b"], "GET /b"), (["bad", "GET /a"], "GET /a")]


def test_a_cached_policy_is_evaluated_again_for_another_route(apigatewayv2, gwmock, api):
    # a policy naming only the first route's ARN, cached for the token, refuses the second route
    def authorizer(event, context):
        return {"principalId": "me", "context": {"k": "v"}, "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["routeArn"]}]}}

    gwmock.add_lambda("echo", _echo)
    gwmock.add_lambda("auth", authorizer)
    authorizer_id = apigatewayv2.create_authorizer(
        ApiId=api, Name="a", AuthorizerType="REQUEST", AuthorizerUri=FN + "auth", AuthorizerPayloadFormatVersion="2.0",
        AuthorizerResultTtlInSeconds=300, IdentitySource=["$request.header.Authorization"])["AuthorizerId"]
    for key in ("GET /a", "GET /b"):
        _lambda_route(apigatewayv2, api, key, route={"AuthorizationType": "CUSTOM", "AuthorizerId": authorizer_id})
    _deploy(apigatewayv2, api)
    token = {"Authorization": "t"}
    assert requests.get(f"{_base(api)}/a", headers=token, timeout=5).json()["requestContext"]["authorizer"][
        "lambda"] == {"k": "v"}
    assert requests.get(f"{_base(api)}/b", headers=token, timeout=5).status_code == 403


# --- parameter mapping on Lambda proxy integrations ---------------------------------------------

MAPPING = {"append:header.x-user": "$request.querystring.user", "remove:header.x-secret": "''",
           "overwrite:header.x-request": "$context.requestId", "overwrite:querystring.user": "anonymous",
           "append:querystring.tag": "${stageVariables.env}"}


@pytest.mark.parametrize("version", ["2.0", "1.0"])
def test_request_parameters_change_the_lambda_event(apigatewayv2, gwmock, api, version):
    gwmock.add_lambda("echo", _echo)
    _lambda_route(apigatewayv2, api, "GET /m", version=version, RequestParameters=MAPPING)
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True, StageVariables={"env": "test"})
    response = requests.get(f"{_base(api)}/m?user=bob&tag=a", headers={"X-Secret": "s"}, timeout=5)
    event = response.json()
    headers = event["headers"]
    assert (headers["x-user"], headers["x-request"], "x-secret" in headers) == (
        "bob", response.headers["apigw-requestid"], False)
    if version == "2.0":
        assert event["queryStringParameters"] == {"user": "anonymous", "tag": "a,test"}
        assert event["rawQueryString"] == "user=anonymous&tag=a&tag=test"  # written again (guess)
    else:
        assert event["multiValueQueryStringParameters"] == {"user": ["anonymous"], "tag": ["a", "test"]}
        assert event["multiValueHeaders"]["x-user"] == ["bob"]


def test_request_parameters_of_a_lambda_integration_leave_the_client_request_alone(apigatewayv2, gwmock, api):
    # response mappings still read the request the client sent
    gwmock.add_lambda("echo", _echo)
    _lambda_route(apigatewayv2, api, "GET /m", RequestParameters={"overwrite:header.x-tag": "mapped"},
                  ResponseParameters={"200": {"overwrite:header.x-seen": "$request.header.x-tag"}})
    _deploy(apigatewayv2, api)
    response = requests.get(f"{_base(api)}/m", headers={"X-Tag": "sent"}, timeout=5)
    assert (response.json()["headers"]["x-tag"], response.headers["x-seen"]) == ("mapped", "sent")


def test_overwrite_path_gives_the_lambda_event_its_path(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", _echo)
    _lambda_route(apigatewayv2, api, "GET /old/{id}", RequestParameters={"overwrite:path": "/new/${request.path.id}"})
    _lambda_route(apigatewayv2, api, "GET /v1/{id}", version="1.0",
                  RequestParameters={"overwrite:path": "/new/${request.path.id}"})
    _deploy(apigatewayv2, api)
    v2 = requests.get(f"{_base(api)}/old/5", timeout=5).json()
    v1 = requests.get(f"{_base(api)}/v1/6", timeout=5).json()
    assert (v2["rawPath"], v2["requestContext"]["http"]["path"], v2["pathParameters"]) == (
        "/new/5", "/new/5", {"id": "5"})  # the route's parameters stay (guess)
    assert (v1["path"], v1["requestContext"]["path"]) == ("/new/6", "/new/6")


# --- CORS: wildcard origins ---------------------------------------------------------------------


@pytest.fixture
def cors_api(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", _echo)
    apigatewayv2.update_api(ApiId=api, CorsConfiguration={
        "AllowOrigins": ["https://*", "http://localhost:3000"], "AllowMethods": ["GET", "POST"],
        "AllowHeaders": ["content-type"], "ExposeHeaders": ["x-total"], "MaxAge": 600})
    _lambda_route(apigatewayv2, api, "GET /pets")
    _deploy(apigatewayv2, api)
    return _base(api)


def test_https_wildcard_origin_allows_every_https_origin_on_preflights(cors_api):
    preflight = requests.options(f"{cors_api}/pets", timeout=5, headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 204
    assert {k: v for k, v in preflight.headers.items() if k.startswith("access-control-")} == {
        "access-control-allow-origin": "https://app.example.com", "access-control-allow-methods": "GET,POST",
        "access-control-allow-headers": "content-type", "access-control-max-age": "600"}


@pytest.mark.parametrize(("origin", "allowed"), [
    ("https://app.example.com", "https://app.example.com"),
    ("https://localhost:8443", "https://localhost:8443"),
    ("http://localhost:3000", "http://localhost:3000"),
    ("http://app.example.com", None),  # https://* does not allow http origins
    ("https://", None),
])
def test_https_wildcard_origin_on_answers(cors_api, origin, allowed):
    response = requests.get(f"{cors_api}/pets", headers={"Origin": origin}, timeout=5)
    assert response.status_code == 200
    assert response.headers.get("access-control-allow-origin") == allowed
    assert response.headers.get("access-control-expose-headers") == ("x-total" if allowed else None)


def test_http_wildcard_origin(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", _echo)
    apigatewayv2.update_api(ApiId=api, CorsConfiguration={"AllowOrigins": ["http://*"]})
    _lambda_route(apigatewayv2, api, "GET /pets")
    _deploy(apigatewayv2, api)
    answers = [requests.get(f"{_base(api)}/pets", headers={"Origin": origin}, timeout=5).headers.get(
        "access-control-allow-origin") for origin in ("http://a.test", "https://a.test")]
    assert answers == ["http://a.test", None]
