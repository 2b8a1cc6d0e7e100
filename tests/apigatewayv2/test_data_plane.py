"""HTTP API data plane: stages, route selection, Lambda proxy integrations (payload 1.0 and 2.0)."""

from __future__ import annotations

import base64
import json
import threading
import time

import pytest
import requests

REGION = "us-east-1"
ACCOUNT = "123456789012"


def fn_arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def echo(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}


@pytest.fixture
def api(apigatewayv2):
    return apigatewayv2.create_api(Name="pets", ProtocolType="HTTP")["ApiId"]


def url(api_id: str, path: str) -> str:
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com{path}"


def lambda_route(client, api_id, key, fn="echo", version="2.0", **extra):
    integration = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=fn_arn(fn),
                                            PayloadFormatVersion=version, **extra)["IntegrationId"]
    return client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")["RouteId"]


def deployed(client, api_id, stage="$default", **extra):
    client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True, **extra)


# --- stages ------------------------------------------------------------------------------------


def test_default_stage_serves_paths_without_prefix(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "GET /pets")
    deployed(apigatewayv2, api)
    response = requests.get(url(api, "/pets"), timeout=5)
    assert response.status_code == 200
    event = response.json()
    assert (event["rawPath"], event["requestContext"]["stage"]) == ("/pets", "$default")
    assert response.headers["apigw-requestid"] == event["requestContext"]["requestId"]


def test_named_stage_is_the_first_segment(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "GET /pets")
    deployed(apigatewayv2, api, "dev", StageVariables={"color": "blue"})
    event = gwmock.invoke("GET", url(api, "/dev/pets")).json()
    assert event["rawPath"] == "/dev/pets"
    assert event["requestContext"]["http"]["path"] == "/dev/pets"
    assert event["requestContext"]["stage"] == "dev"
    assert event["stageVariables"] == {"color": "blue"}
    # no $default stage: a path without a stage prefix names no stage
    missing = gwmock.invoke("GET", url(api, "/pets"))
    assert (missing.status, missing.json()) == (404, {"message": "Not Found"})
    assert gwmock.invoke("GET", url(api, "/prod/pets")).status == 404


def test_stage_needs_a_deployment(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "GET /pets")
    apigatewayv2.create_stage(ApiId=api, StageName="dev")
    response = gwmock.invoke("GET", url(api, "/dev/pets"))
    assert (response.status, response.json()) == (404, {"message": "Not Found"})
    apigatewayv2.create_deployment(ApiId=api, StageName="dev")
    assert gwmock.invoke("GET", url(api, "/dev/pets")).status == 200


def test_named_stage_wins_over_default(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "ANY /{proxy+}")
    deployed(apigatewayv2, api)
    deployed(apigatewayv2, api, "dev")
    assert gwmock.invoke("GET", url(api, "/dev/x")).json()["requestContext"]["stage"] == "dev"
    event = gwmock.invoke("GET", url(api, "/other/x")).json()
    assert (event["requestContext"]["stage"], event["pathParameters"]) == ("$default", {"proxy": "other/x"})


def test_disabled_endpoint_and_websocket_apis_are_forbidden(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "GET /pets")
    deployed(apigatewayv2, api)
    apigatewayv2.update_api(ApiId=api, DisableExecuteApiEndpoint=True)
    response = gwmock.invoke("GET", url(api, "/pets"))
    assert (response.status, response.json()) == (403, {"message": "Forbidden"})
    ws = apigatewayv2.create_api(Name="chat", ProtocolType="WEBSOCKET",
                                 RouteSelectionExpression="$request.body.action")["ApiId"]
    assert gwmock.invoke("GET", url(ws, "/prod")).status == 403


# --- route selection ---------------------------------------------------------------------------


@pytest.fixture
def routed(apigatewayv2, gwmock, api):
    def named(key):
        return lambda event, context: {"route": key, "params": event.get("pathParameters")}

    keys = ["GET /pets", "GET /pets/{id}", "GET /pets/dog", "ANY /pets/{id}", "POST /pets/{id}",
            "ANY /pets/{proxy+}", "GET /pets/{id}/toys/{proxy+}", "$default"]
    for i, key in enumerate(keys):
        gwmock.add_lambda(f"fn{i}", named(key))
        lambda_route(apigatewayv2, api, key, fn=f"fn{i}")
    deployed(apigatewayv2, api)
    return lambda method, path: gwmock.invoke(method, url(api, path)).json()


@pytest.mark.parametrize(("method", "path", "route", "params"), [
    ("GET", "/pets", "GET /pets", None),
    ("GET", "/pets/", "GET /pets", None),  # trailing slash ignored
    ("GET", "/pets/dog", "GET /pets/dog", None),  # literal beats variable
    ("GET", "/pets/7", "GET /pets/{id}", {"id": "7"}),
    ("POST", "/pets/7", "POST /pets/{id}", {"id": "7"}),
    ("DELETE", "/pets/7", "ANY /pets/{id}", {"id": "7"}),  # method beats ANY
    ("GET", "/pets/7/food", "ANY /pets/{proxy+}", {"proxy": "7/food"}),  # greedy after exact
    ("GET", "/pets/7/toys/ball/red", "GET /pets/{id}/toys/{proxy+}", {"id": "7", "proxy": "ball/red"}),
    ("GET", "/pets/a%20b", "GET /pets/{id}", {"id": "a b"}),
    ("PUT", "/pets", "$default", None),
    ("GET", "/cats", "$default", None),
])
def test_route_selection(routed, method, path, route, params):
    assert routed(method, path) == {"route": route, "params": params}


def test_no_route_is_not_found(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "GET /pets/{proxy+}")
    deployed(apigatewayv2, api)
    for method, path in (("GET", "/pets"), ("POST", "/pets/1"), ("GET", "/")):
        response = gwmock.invoke(method, url(api, path))
        assert (response.status, response.json()) == (404, {"message": "Not Found"})
        assert response.headers["content-type"] == "application/json"


def test_route_without_integration_is_an_internal_error(apigatewayv2, gwmock, api):
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets")
    deployed(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/pets"))
    assert (response.status, response.json()) == (500, {"message": "Internal Server Error"})


# --- payload 2.0 --------------------------------------------------------------------------------


def test_event_v2(apigatewayv2, gwmock, api):
    gwmock.add_lambda(fn_arn("echo"), echo)
    lambda_route(apigatewayv2, api, "POST /pets/{id}")
    deployed(apigatewayv2, api, "dev", StageVariables={"v": "1"})
    response = gwmock.invoke("POST", url(api, "/dev/pets/7?a=1&a=2&b="), body='{"x": 1}',
                             headers={"Content-Type": "application/json", "Cookie": "s=1; t=2",
                                      "User-Agent": "tests", "X-Multi": "a,b"})
    event = response.json()
    context = event.pop("requestContext")
    headers = event.pop("headers")
    assert event == {
        "version": "2.0", "routeKey": "POST /pets/{id}", "rawPath": "/dev/pets/7", "rawQueryString": "a=1&a=2&b=",
        "cookies": ["s=1", "t=2"], "queryStringParameters": {"a": "1,2", "b": ""}, "body": '{"x": 1}',
        "pathParameters": {"id": "7"}, "isBase64Encoded": False, "stageVariables": {"v": "1"},
    }
    assert headers["content-type"] == "application/json"
    assert headers["x-multi"] == "a,b"
    assert headers["user-agent"] == "tests"
    assert headers["content-length"] == "8"
    assert headers["x-forwarded-proto"] == "https"
    assert headers["host"] == f"{api}.execute-api.{REGION}.amazonaws.com"
    assert "cookie" not in headers
    assert sorted(context) == ["accountId", "apiId", "domainName", "domainPrefix", "http", "requestId", "routeKey",
                               "stage", "time", "timeEpoch"]
    assert context["http"] == {"method": "POST", "path": "/dev/pets/7", "protocol": "HTTP/1.1",
                               "sourceIp": "127.0.0.1", "userAgent": "tests"}
    assert (context["accountId"], context["apiId"], context["domainPrefix"]) == (ACCOUNT, api, api)
    assert (context["routeKey"], context["stage"]) == ("POST /pets/{id}", "dev")
    assert isinstance(context["timeEpoch"], int) and context["time"].endswith(" +0000")


def test_event_v2_leaves_out_empty_members_and_encodes_binary(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "ANY /data")
    deployed(apigatewayv2, api)
    event = gwmock.invoke("GET", url(api, "/data")).json()
    for member in ("cookies", "queryStringParameters", "pathParameters", "stageVariables", "body"):
        assert member not in event
    assert (event["rawQueryString"], event["isBase64Encoded"]) == ("", False)
    event = gwmock.invoke("POST", url(api, "/data"), body=b"\x00\xff",
                          headers={"content-type": "application/octet-stream"}).json()
    assert (event["body"], event["isBase64Encoded"]) == (base64.b64encode(b"\x00\xff").decode(), True)


@pytest.mark.parametrize(("result", "status", "content_type", "body"), [
    ({"message": "hi"}, 200, "application/json", b'{"message": "hi"}'),
    ("hello", 200, "application/json", b'"hello"'),
    ([1, 2], 200, "application/json", b"[1, 2]"),
    ({"statusCode": 201, "body": "made"}, 201, "text/plain; charset=utf-8", b"made"),
    ({"statusCode": 202, "headers": {"Content-Type": "text/html", "X-N": 3}, "body": "<p>"}, 202, "text/html", b"<p>"),
    ({"statusCode": 200, "isBase64Encoded": True, "body": base64.b64encode(b"\x01\x02").decode(),
      "headers": {"content-type": "application/octet-stream"}}, 200, "application/octet-stream", b"\x01\x02"),
])
def test_response_v2(apigatewayv2, gwmock, api, result, status, content_type, body):
    gwmock.add_lambda("fn", lambda event, context: result)
    lambda_route(apigatewayv2, api, "GET /r", fn="fn")
    deployed(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/r"))
    assert (response.status, response.headers["content-type"], response.body) == (status, content_type, body)


def test_response_v2_cookies_become_set_cookie_headers(apigatewayv2, gwmock, api):
    gwmock.add_lambda("fn", lambda e, c: {"statusCode": 200, "cookies": ["a=1; Path=/", "b=2"], "body": ""})
    lambda_route(apigatewayv2, api, "GET /r", fn="fn")
    deployed(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/r"))
    assert response.headers.getlist("set-cookie") == ["a=1; Path=/", "b=2"]
    assert requests.get(url(api, "/r"), timeout=5).status_code == 200


def _raises(event, context):
    raise RuntimeError("boom")


@pytest.mark.parametrize("function", [
    _raises,
    lambda e, c: {"statusCode": "abc"},
    lambda e, c: {"statusCode": 200, "body": {"not": "a string"}},
    lambda e, c: {"statusCode": 200, "isBase64Encoded": True, "body": "***"},
    lambda e, c: object(),  # not serializable
])
def test_function_errors_are_internal_server_errors(apigatewayv2, gwmock, api, function):
    gwmock.add_lambda("fn", function)
    lambda_route(apigatewayv2, api, "GET /r", fn="fn")
    deployed(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/r"))
    assert (response.status, response.json()) == (500, {"message": "Internal Server Error"})


def test_unregistered_function_is_an_internal_error(apigatewayv2, gwmock, api):
    lambda_route(apigatewayv2, api, "GET /r", fn="nobody")
    deployed(apigatewayv2, api)
    assert gwmock.invoke("GET", url(api, "/r")).status == 500


def test_function_slower_than_the_timeout_is_service_unavailable(apigatewayv2, gwmock, api):
    release = threading.Event()

    def slow(event, context):
        release.wait(10)
        return {"ok": True}

    gwmock.add_lambda("slow", slow)
    lambda_route(apigatewayv2, api, "GET /slow", fn="slow", TimeoutInMillis=50)
    deployed(apigatewayv2, api)
    started = time.monotonic()
    response = gwmock.invoke("GET", url(api, "/slow"))
    elapsed = time.monotonic() - started
    release.set()
    # answered when the timeout passes, not when the function ends (serverless/serverless#11222)
    assert (response.status, response.json()) == (503, {"message": "Service Unavailable"})
    assert elapsed < 5


def test_lambda_context_and_stage_variables_in_the_uri(apigatewayv2, gwmock, api):
    seen = {}

    def target(event, context):
        seen.update(name=context.function_name, arn=context.invoked_function_arn,
                    remaining=context.get_remaining_time_in_millis())
        return "ok"

    gwmock.add_lambda(fn_arn("blue"), target)
    lambda_route(apigatewayv2, api, "GET /r", fn="${stageVariables.fn}")
    deployed(apigatewayv2, api, StageVariables={"fn": "blue"})
    assert gwmock.invoke("GET", url(api, "/r")).json() == "ok"
    assert seen["name"] == "blue" and seen["arn"] == fn_arn("blue") and 0 < seen["remaining"] <= 30000


def test_apigateway_style_uri_and_quick_create(apigatewayv2, gwmock):
    gwmock.add_lambda("quick", lambda e, c: {"routeKey": e["routeKey"], "version": e["version"]})
    api_id = apigatewayv2.create_api(Name="q", ProtocolType="HTTP", Target=fn_arn("quick"))["ApiId"]
    assert gwmock.invoke("GET", url(api_id, "/any/thing")).json() == {"routeKey": "$default", "version": "2.0"}
    uri = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('quick')}/invocations"
    apigatewayv2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=uri,
                                    PayloadFormatVersion="2.0")


# --- payload 1.0 --------------------------------------------------------------------------------


def test_event_v1(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "GET /pets/{id}", version="1.0")
    deployed(apigatewayv2, api)
    event = gwmock.invoke("GET", url(api, "/pets/7?a=1&a=2"), headers={"X-One": "1"}).json()
    context = event.pop("requestContext")
    headers, multi = event.pop("headers"), event.pop("multiValueHeaders")
    assert event == {
        "version": "1.0", "resource": "/pets/{id}", "path": "/pets/7", "httpMethod": "GET",
        "queryStringParameters": {"a": "2"}, "multiValueQueryStringParameters": {"a": ["1", "2"]},
        "pathParameters": {"id": "7"}, "stageVariables": None, "body": None, "isBase64Encoded": False,
    }
    assert headers["x-one"] == "1" and multi["x-one"] == ["1"]
    assert context["authorizer"] == {"claims": None, "scopes": None}
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert (context["httpMethod"], context["path"], context["resourcePath"], context["stage"]) == \
        ("GET", "/pets/7", "/pets/{id}", "$default")
    assert context["requestId"] == context["extendedRequestId"]


@pytest.mark.parametrize(("result", "status", "headers", "body"), [
    ({"statusCode": 200, "body": "x"}, 200, {"content-type": "application/json"}, b"x"),
    ({"statusCode": 404, "headers": {"a": "1"}, "multiValueHeaders": {"b": ["2", "3"]}, "body": "nope",
      "isBase64Encoded": False}, 404, {"a": "1", "b": "2, 3"}, b"nope"),
])
def test_response_v1(apigatewayv2, gwmock, api, result, status, headers, body):
    gwmock.add_lambda("fn", lambda e, c: result)
    lambda_route(apigatewayv2, api, "GET /r", fn="fn", version="1.0")
    deployed(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/r"))
    assert (response.status, response.body) == (status, body)
    for name, value in headers.items():
        assert response.headers[name] == value


@pytest.mark.parametrize("result", [{"message": "hi"}, "text", {"statusCode": 200, "extra": 1},
                                    {"statusCode": 200, "multiValueHeaders": {"a": "1"}}])
def test_response_v1_is_strict(apigatewayv2, gwmock, api, result):
    gwmock.add_lambda("fn", lambda e, c: result)
    lambda_route(apigatewayv2, api, "GET /r", fn="fn", version="1.0")
    deployed(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/r"))
    assert (response.status, response.json()) == (500, {"message": "Internal Server Error"})


def test_every_answer_has_date_length_connection_and_request_id(apigatewayv2, gwmock, api):
    gwmock.add_lambda("echo", echo)
    lambda_route(apigatewayv2, api, "GET /pets")
    deployed(apigatewayv2, api)
    for path, status in (("/pets", 200), ("/nothing", 404)):
        response = requests.get(url(api, path), timeout=5)
        assert response.status_code == status
        assert int(response.headers["content-length"]) == len(response.content)
        assert response.headers["connection"] == "keep-alive"
        assert response.headers["date"].endswith("GMT")
        assert response.headers["apigw-requestid"]
    missing = requests.get(f"https://nope123456.execute-api.{REGION}.amazonaws.com/x", timeout=5)
    assert missing.status_code == 403
