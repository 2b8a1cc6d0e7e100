"""Gaps found by real consumers in session 22, pinned for every client and API type.

* An answer to ``HEAD`` carries no body, whatever the integration gave (RFC 9110 9.3.2; Mangum,
  Powertools and Flask behind Zappa answer HEAD as GET): its headers stay, ``Content-Length``
  included, for every client gwmock answers and on ``gw.requests``.
* A REST Lambda proxy answer that names a header pair in both ``headers`` and
  ``multiValueHeaders`` sends it once ("If the same key-value pair is specified in both, only the
  values from multiValueHeaders will appear in the merged list", AWS's Lambda proxy output format,
  https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html);
  different values of one name are all sent (aws-recorded invoke-api-multi-headers-overwrite).
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import httpx
import pytest
import requests
from helpers import deployed_mock_api

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
BODY = {"hello": "world"}


def _rest_proxy(apigateway: Any, function: str) -> str:
    api = apigateway.create_rest_api(name="s22")
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="ANY", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + function))
    apigateway.create_deployment(restApiId=api["id"], stageName="p")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/p"


def _http_proxy(apigatewayv2: Any, function: str) -> str:
    api = apigatewayv2.create_api(Name="s22", ProtocolType="HTTP", Target=FN + function)
    return api["ApiEndpoint"]


def _answer(headers: dict[str, Any] | None = None, multi: dict[str, Any] | None = None) -> Any:
    def handler(event: Any, context: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"statusCode": 200, "body": json.dumps(BODY)}
        if headers is not None:
            out["headers"] = headers
        if multi is not None:
            out["multiValueHeaders"] = multi
        return out

    return handler


@pytest.fixture(params=["rest", "http"])
def url(request: pytest.FixtureRequest, gwmock: Any, apigateway: Any, apigatewayv2: Any) -> str:
    gwmock.add_lambda(FN + "answer", _answer({"Content-Type": "application/json"}))
    return _rest_proxy(apigateway, "answer") if request.param == "rest" else _http_proxy(apigatewayv2, "answer")


def _length() -> str:
    return str(len(json.dumps(BODY)))


def test_head_through_requests_has_headers_and_no_body(url: str, gwmock: Any) -> None:
    answer = requests.head(url)
    assert (answer.status_code, answer.content) == (200, b"")
    assert answer.headers["Content-Length"] == _length()
    assert requests.get(url).json() == BODY  # GET keeps its body
    assert gwmock.requests[-2].method == "HEAD" and gwmock.requests[-2].response_body == b""


def test_head_through_other_clients(url: str, gwmock: Any) -> None:
    assert httpx.head(url).content == b""
    with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as answer:
        assert (answer.status, answer.read(), answer.headers["Content-Length"]) == (200, b"", _length())
    invoked = gwmock.invoke("head", url)  # any spelling of the method
    assert (invoked.status, invoked.body) == (200, b"")
    assert invoked.headers["Content-Length"] == _length()


def test_head_on_a_mock_integration_has_no_body(gwmock: Any, apigateway: Any) -> None:
    answer = requests.head(deployed_mock_api(apigateway, json.dumps(BODY), method="HEAD", stage="p"))
    assert (answer.status_code, answer.content, answer.headers["Content-Length"]) == (200, b"", _length())


def test_head_refusal_has_no_body(gwmock: Any) -> None:
    url = f"https://abcdefghij.execute-api.{REGION}.amazonaws.com/p/missing"  # no such API
    assert requests.get(url).status_code == 403 and requests.get(url).content  # a body on GET
    answer = requests.head(url)
    assert (answer.status_code, answer.content) == (403, b"")


@pytest.mark.parametrize(("headers", "multi", "expected"), [
    ({"Location": "/there"}, {"Location": ["/there"]}, ["/there"]),
    ({"location": "/there"}, {"Location": ["/there"]}, ["/there"]),  # names compare in any case
    ({"X-Multi": "solo"}, {"X-Multi": ["one", "solo"]}, ["one", "solo"]),
    ({"X-Multi": "solo"}, {"X-Multi": ["one"]}, ["one", "solo"]),  # different values: both sent
    ({"X-Multi": "1"}, {"X-Multi": [1]}, ["1"]),  # compared as the text sent
])
def test_rest_proxy_pair_in_both_maps_is_sent_once(gwmock: Any, apigateway: Any, headers: dict[str, Any],
                                                   multi: dict[str, Any], expected: list[str]) -> None:
    gwmock.add_lambda(FN + "both", _answer(headers, multi))
    answer = requests.get(_rest_proxy(apigateway, "both"), allow_redirects=False)
    name = next(iter(multi))
    assert answer.status_code == 200
    assert answer.raw.headers.getlist(name) == expected


# --- Lambda's 6 MB answer limit, for every API type -------------------------------------------------


def _huge(event: Any, context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "body": "x" * 6_300_000}


def test_http_api_lambda_answer_over_6_mb_is_a_500(gwmock: Any, apigatewayv2: Any, caplog: Any) -> None:
    gwmock.add_lambda(FN + "huge", _huge)
    answer = requests.get(_http_proxy(apigatewayv2, "huge"))
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal Server Error"})
    assert "Response payload size exceeded maximum allowed payload size (6291556 bytes)." in caplog.text


def test_just_under_the_limit_is_served(gwmock: Any, apigatewayv2: Any) -> None:
    body = "x" * 6_000_000  # the JSON around it stays under 6,291,556 bytes
    gwmock.add_lambda(FN + "big", lambda event, context: {"statusCode": 200, "body": body})
    answer = requests.get(_http_proxy(apigatewayv2, "big"))
    assert answer.status_code == 200 and answer.text == body


def test_rest_non_proxy_answer_over_6_mb_is_measured_whatever_its_shape(gwmock: Any, apigateway: Any) -> None:
    gwmock.add_lambda(FN + "items", lambda event, context: {"items": ["y" * 1000] * 6500})  # no body, ~6.5 MB
    api = apigateway.create_rest_api(name="items")
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="AWS",
                               integrationHttpMethod="POST", uri=URI.format(FN + "items"))
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="413")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="413",
                                        selectionPattern="Response payload size.*")
    apigateway.create_deployment(restApiId=api["id"], stageName="p")
    answer = requests.get(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/p")
    assert answer.status_code == 413


# --- a template's function reports its own memory and timeout -----------------------------------------

_CONTEXT_TEMPLATE = {
    "Transform": "AWS::Serverless-2016-10-31",
    "Resources": {
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler", "MemorySize": 512, "Timeout": 7,
            "InlineCode": "def handler(event, context):\n"
                          "    import json\n"
                          "    return {'statusCode': 200, 'body': json.dumps([context.memory_limit_in_mb,\n"
                          "            context.get_remaining_time_in_millis()])}\n",
            "Events": {"Rest": {"Type": "Api", "Properties": {"Path": "/c", "Method": "get"}},
                       "Http": {"Type": "HttpApi", "Properties": {"Path": "/c", "Method": "get"}}}}},
        "Plain": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler",
            "InlineCode": "def handler(event, context):\n"
                          "    import json\n"
                          "    return {'statusCode': 200, 'body': json.dumps([context.memory_limit_in_mb,\n"
                          "            context.get_remaining_time_in_millis()])}\n",
            "Events": {"Rest": {"Type": "Api", "Properties": {"Path": "/plain", "Method": "get"}}}}}},
}


def test_a_template_function_reports_its_memory_and_timeout(gwmock: Any) -> None:
    """AWS's Python context object reports the function's configured memory and counts down from its
    timeout (https://docs.aws.amazon.com/lambda/latest/dg/python-context.html); the defaults are 128 MB
    and 3 s."""
    stack = gwmock.deploy_template(_CONTEXT_TEMPLATE)
    rest = f"https://{stack.resources['ServerlessRestApi']}.execute-api.{REGION}.amazonaws.com/Prod"
    http = f"https://{stack.resources['ServerlessHttpApi']}.execute-api.{REGION}.amazonaws.com"
    for url in (f"{rest}/c", f"{http}/c"):
        memory, remaining = requests.get(url).json()
        assert memory == 512 and 6000 < remaining <= 7000, url
    memory, remaining = requests.get(f"{rest}/plain").json()
    assert memory == 128 and 2000 < remaining <= 3000


def test_a_template_function_memory_must_be_an_integer(gwmock: Any) -> None:
    template = json.loads(json.dumps(_CONTEXT_TEMPLATE))
    template["Resources"]["Fn"]["Properties"]["MemorySize"] = "lots"
    with pytest.raises(Exception, match="MemorySize") as raised:
        gwmock.deploy_template(template)
    assert "expected type: Integer" in str(raised.value)


# --- past the payload limits: the front door's 10 MB, Lambda's 6 MB request ---------------------------

TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize("endpoint", ["EDGE", "REGIONAL"])
def test_a_body_over_10_mb_is_refused_at_the_front_door(gwmock: Any, apigateway: Any, endpoint: str) -> None:
    """A capture of AWS's answer (https://github.com/koki-develop/lgtm-generator/issues/10): text, not a
    gateway response, and none of API Gateway's own headers; CloudFront's on an edge-optimized API."""
    called: list[Any] = []
    gwmock.add_lambda(FN + "sink", lambda event, context: called.append(1) or {"statusCode": 200})
    url = _rest_proxy(apigateway, "sink")
    api_id = url.split("//")[1].split(".")[0]
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": endpoint}])
    answer = requests.post(url, data=b"x" * (TEN_MB + 1))
    assert (answer.status_code, answer.text) == (413, "HTTP content length exceeded 10485760 bytes.")
    assert answer.headers["Content-Type"] == "text; charset=utf-8"
    assert "x-amzn-RequestId" not in answer.headers and "x-amzn-ErrorType" not in answer.headers
    assert ("X-Cache" in answer.headers) is (endpoint == "EDGE")
    assert called == []
    assert requests.post(url, data=b"{}").status_code == 200


def test_a_lambda_request_over_6_mb_is_request_too_long(gwmock: Any, apigateway: Any) -> None:
    """Lambda refuses an invocation over 6 MB: API Gateway answers REQUEST_TOO_LARGE (413 "Request Too
    Long", error type BadRequestException in the same capture); a body under it reaches the function."""
    called: list[Any] = []
    gwmock.add_lambda(FN + "sink", lambda event, context: called.append(len(event["body"])) or {"statusCode": 200})
    url = _rest_proxy(apigateway, "sink")
    answer = requests.post(url, data=b"x" * 6_300_000, headers={"Content-Type": "text/plain"})
    assert (answer.status_code, answer.json()) == (413, {"message": "Request Too Long"})
    assert answer.headers["x-amzn-ErrorType"] == "BadRequestException"
    assert called == []
    assert requests.post(url, data=b"x" * 6_000_000, headers={"Content-Type": "text/plain"}).status_code == 200
    assert called == [6_000_000]
