"""Lambda integrations of deployed REST APIs: AWS_PROXY (event and response formats) and AWS."""

from __future__ import annotations

import copy
import json
import re

import pytest
import requests
from helpers import assert_matches, recorded

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


def _api(client, path_part, verb="GET", integration=None, **method):
    api = client.create_rest_api(name="lambda-api")
    parent = api["rootResourceId"]
    resource = parent
    for part in [p for p in path_part.split("/") if p]:
        resource = client.create_resource(restApiId=api["id"], parentId=parent, pathPart=part)["id"]
        parent = resource
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod=verb,
                      authorizationType=method.pop("authorizationType", "NONE"), **method)
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod=verb, **integration)
    return api["id"], resource


def _deploy(client, api_id, stage="stage", **options):
    client.create_deployment(restApiId=api_id, stageName=stage, **options)
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/{stage}"


def _proxy(fn_name="echo", integration_method="POST"):
    return {"type": "AWS_PROXY", "integrationHttpMethod": integration_method, "uri": URI.format(FN + fn_name)}


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


# --- AWS_PROXY: the event --------------------------------------------------------------------


def _without_headers(event):
    out = {k: v for k, v in event.items() if k not in ("headers", "multiValueHeaders")}
    if isinstance(out.get("body"), str):
        out["body"] = json.loads(out["body"])
    return out


def _expected(step):
    expected = copy.deepcopy(recorded("lambda", "test_lambda_aws_proxy_integration", step))
    expected = _without_headers(expected)
    expected["requestContext"]["accountId"] = DEFAULT_ACCOUNT
    return expected


@pytest.mark.parametrize(("step", "path", "verb", "body"), [
    ("invocation-payload-without-trailing-slash", "/stage/proxy-value", "GET", None),
    ("invocation-payload-with-trailing-slash", "/stage/proxy-value/", "GET", None),
    ("invocation-payload-with-double-slash", "/stage/proxy-value//double-slash", "GET", None),
    ("invocation-payload-with-prepended-slash-to-stage", "//stage/proxy-value", "GET", None),
    ("invocation-payload-with-prepended-slash", "/stage//proxy-value", "GET", None),
    ("invocation-payload-without-trailing-slash-and-query-params", "/stage/proxy-value?urlparam=test", "GET", None),
    ("invocation-payload-with-trailing-slash-and-query-params", "/stage/proxy-value/?urlparam=test", "GET", None),
    ("invocation-payload-with-path-encoded-email",
     "/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com", "GET", None),
    ("invocation-payload-with-params-encoding",
     "/stage/proxy-value/api?dateTimeOffset=2023-06-12T18:05:10.123456+00:00&email=test%2Balias@gmail.com"
     "&plus=test+alias@gmail.com&url=https://www.google.com/&whitespace=foo%20bar&zhash=abort/", "GET", None),
    ("invocation-payload-with-params-encoding-multi",
     "/stage/proxy-value?category=electronics&category=books&price=10&price=20&price=30", "POST",
     '{"message": "hello world"}'),
    ("invocation-hardcoded", "/stage//hardcoded", "GET", None),
])
def test_proxy_event_as_aws_builds_it(apigateway, gwmock, step, path, verb, body):
    gwmock.add_lambda(FN + "echo", _echo)
    api_id, _ = _api(apigateway, "{proxy+}", "ANY", _proxy())
    hardcoded = apigateway.create_resource(restApiId=api_id, parentId=_root(apigateway, api_id),
                                           pathPart="hardcoded")["id"]
    apigateway.put_method(restApiId=api_id, resourceId=hardcoded, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=hardcoded, httpMethod="GET", **_proxy())
    _deploy(apigateway, api_id)
    headers = {"User-Agent": "python-requests/testing", "Authorization": "random-value", "tEsT-HEADeR": "aValUE"}
    if body:
        headers["Content-Type"] = "application/json"
    answer = gwmock.invoke(verb, f"https://{api_id}.execute-api.{REGION}.amazonaws.com{path}", headers, body)
    assert answer.status == 200
    event = answer.json()
    assert_matches(_without_headers(event), _expected(step))
    assert event["headers"]["tEsT-HEADeR"] == "aValUE"
    assert event["multiValueHeaders"]["tEsT-HEADeR"] == ["aValUE"]
    assert event["headers"]["Host"] == f"{api_id}.execute-api.{REGION}.amazonaws.com"


def _root(client, api_id):
    return next(r["id"] for r in client.get_resources(restApiId=api_id)["items"] if r["path"] == "/")


def test_proxy_event_ignores_the_integration_request_parameters(apigateway, gwmock):
    # aws-recorded: test_lambda_aws_proxy_integration_request_data_mapping (AWS_PROXY does not map)
    gwmock.add_lambda("echo", _echo)  # a bare name answers for the function in any account
    api_id, resource = _api(apigateway, "{pathVariable}", "POST", {
        **_proxy(), "requestParameters": {"integration.request.header.foobar": "'mapped-value'",
                                          "integration.request.querystring.testVar": "'bar'"}},
        requestParameters={"method.request.path.pathVariable": True})
    base = _deploy(apigateway, api_id, "test", variables={"v": "1"})
    response = requests.post(f"{base}/foobar?testQueryString=foo", json={"message": "hello world"},
                             headers={"headerVar": "request-value", "user-Agent": "test/integration",
                                      "aUThorization": "token"}, timeout=5)
    event = response.json()
    assert "foobar" not in event["headers"]
    assert event["headers"]["headerVar"] == "request-value"
    assert event["headers"]["User-Agent"] == "test/integration"
    assert event["headers"]["Authorization"] == "token"
    assert event["queryStringParameters"] == {"testQueryString": "foo"}
    assert event["pathParameters"] == {"pathVariable": "foobar"}
    assert event["stageVariables"] == {"v": "1"}
    assert json.loads(event["body"]) == {"message": "hello world"}
    assert event["requestContext"]["path"] == "/test/foobar"
    assert event["requestContext"]["resourcePath"] == "/{pathVariable}"
    assert "Content-Length" not in event["headers"]


def test_function_named_through_a_stage_variable_and_the_context_object(apigateway, gwmock):
    seen = {}

    def handler(event, context):
        seen.update(name=context.function_name, arn=context.invoked_function_arn, memory=context.memory_limit_in_mb,
                    remaining=context.get_remaining_time_in_millis(), request=context.aws_request_id)
        return {"statusCode": 201, "body": "made"}

    gwmock.add_lambda(FN + "target:live", handler)
    api_id, _ = _api(apigateway, "x", "GET", {"type": "AWS_PROXY", "integrationHttpMethod": "POST",
                                              "uri": URI.format(FN + "${stageVariables.fn}")})
    base = _deploy(apigateway, api_id, variables={"fn": "target:live"})
    response = requests.get(f"{base}/x", timeout=5)
    assert (response.status_code, response.text) == (201, "made")
    assert response.headers["Content-Type"] == "application/json"
    assert seen["name"] == "target" and seen["arn"] == FN + "target:live"
    assert seen["memory"] == 128 and 0 < seen["remaining"] <= 3000 and seen["request"]


# --- AWS_PROXY: the response -------------------------------------------------------------------


_FORMATS = {
    "invoke-api-no-body": ({"statusCode": 200}, 200),
    "invoke-api-with-headers": ({"statusCode": 200, "headers": {"test-header": "value", "header-bool": True}}, 200),
    "invoke-api-with-headers-null": ({"statusCode": 200, "headers": None}, 200),
    "invoke-api-wrong-format": ({"statusCode": 200, "wrongValue": "value"}, 502),
    "invoke-api-empty-response": (None, 502),
    "invoke-api-b64-encoded-true": ({"statusCode": 200, "body": "dGVzdC1kYXRh", "isBase64Encoded": True}, 200),
    "invoke-api-b64-encoded-false": ({"statusCode": 200, "body": "dGVzdC1kYXRh", "isBase64Encoded": False}, 200),
    "invoke-api-multi-headers-valid": ({"statusCode": 200, "multiValueHeaders": {"test-multi": ["value1", "value2"]}},
                                       200),
    "invoke-api-multi-headers-overwrite": ({"statusCode": 200, "headers": {"test-multi": "value-solo"},
                                            "multiValueHeaders": {"test-multi": ["value-multi"]}}, 200),
    "invoke-api-multi-headers-overwrite-casing": ({"statusCode": 200, "headers": {"tesT-Multi": "value-solo"},
                                                   "multiValueHeaders": {"test-multi": ["value-multi"]}}, 200),
    "invoke-api-multi-headers-invalid": ({"statusCode": 200, "multiValueHeaders": {"test-multi": "value"}}, 502),
    "invoke-api-invalid-status-code": ({"statusCode": "test"}, 502),
    "invoke-api-status-code-str": ({"statusCode": "201"}, 201),
    "invoke-api-just-string": ("just a string", 502),
    "invoke-api-only-headers": ({"headers": {"test-header": "value"}}, 200),
}


@pytest.mark.parametrize("step", sorted(_FORMATS))
def test_proxy_response_format_validation(apigateway, gwmock, step):
    result, status = _FORMATS[step]
    gwmock.add_lambda(FN + "fmt", lambda event, context: result)
    api_id, _ = _api(apigateway, "test", "GET", _proxy("fmt"))
    base = _deploy(apigateway, api_id)
    response = requests.get(f"{base}/test", timeout=5)
    expected = recorded("lambda", "test_aws_proxy_response_payload_format_validation", step)
    assert response.status_code == status
    content = response.json() if status == 502 else response.text
    assert content == expected["content"]
    for name, value in (expected.get("headers") or {}).items():
        if name in ("test-header", "header-bool", "test-multi", "tesT-Multi", "Content-Type"):
            assert response.headers[name] == value
            assert name in response.raw.headers.keys()  # the casing AWS answers with


def test_proxy_function_error_is_a_502(apigateway, gwmock):
    def broken(event, context):
        raise ValueError("boom")

    gwmock.add_lambda(FN + "broken", broken)
    api_id, _ = _api(apigateway, "x", "GET", _proxy("broken"))
    response = requests.get(f"{_deploy(apigateway, api_id)}/x", timeout=5)
    assert (response.status_code, response.json()) == (502, {"message": "Internal server error"})
    assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"


def test_missing_function_and_non_post_integration_are_500(apigateway, gwmock):
    api_id, _ = _api(apigateway, "x", "GET", _proxy("nobody"))
    response = requests.get(f"{_deploy(apigateway, api_id)}/x", timeout=5)
    assert (response.status_code, response.json()) == (500, {"message": "Internal server error"})
    gwmock.add_lambda(FN + "echo", _echo)
    api_id, _ = _api(apigateway, "x", "GET", _proxy("echo", integration_method="GET"))
    response = requests.get(f"{_deploy(apigateway, api_id)}/x", timeout=5)
    expected = recorded("lambda", "test_lambda_aws_proxy_integration_non_post_method",
                        "invocation-payload-with-get-proxy-method")
    assert (response.status_code, response.json()) == (500, expected)


def test_proxy_binary_media_types(apigateway, gwmock):
    seen = {}

    def handler(event, context):
        seen.update(event)
        return {"statusCode": 200, "body": "AAEC", "isBase64Encoded": True, "headers": {"Content-Type": "image/png"}}

    gwmock.add_lambda(FN + "bin", handler)
    api_id, _ = _api(apigateway, "img", "POST", _proxy("bin"))
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes/image~1png"}])
    base = _deploy(apigateway, api_id)
    response = requests.post(f"{base}/img", data=b"\x00\x01\x02", timeout=5,
                             headers={"Content-Type": "image/png", "Accept": "image/png"})
    assert response.content == b"\x00\x01\x02"
    assert (seen["body"], seen["isBase64Encoded"]) == ("AAEC", True)


def test_proxy_binary_answer_follows_the_first_accept_type(apigateway, gwmock):
    # "API Gateway uses the first Accept header from clients to determine if a response should
    # return binary media" (Binary media types for REST APIs); the answer's Content-Type does not.
    gwmock.add_lambda(FN + "bin", lambda event, context: {
        "statusCode": 200, "body": "AAEC", "isBase64Encoded": True, "headers": {"Content-Type": "image/png"}})
    api_id, _ = _api(apigateway, "img", "GET", _proxy("bin"))
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes/image~1png"}])
    base = _deploy(apigateway, api_id)
    answers = {accept: requests.get(f"{base}/img", headers={"Accept": accept}, timeout=5)
               for accept in ("image/png", "image/png;q=0.9, */*", "*/*", "text/html,image/png")}
    assert {accept: answer.content for accept, answer in answers.items()} == {
        "image/png": b"\x00\x01\x02", "image/png;q=0.9, */*": b"\x00\x01\x02", "*/*": b"AAEC",
        "text/html,image/png": b"AAEC"}
    assert {answer.headers["Content-Type"] for answer in answers.values()} == {"image/png"}


def test_proxy_binary_answer_with_every_type_binary(apigateway, gwmock):
    # "To return binary media when you can't control the order of Accept header values, such as
    # requests from a browser, set your API's binary media types to */*".
    gwmock.add_lambda(FN + "bin", lambda event, context: {
        "statusCode": 200, "body": "AAEC", "isBase64Encoded": True, "headers": {"Content-Type": "image/png"}})
    api_id, _ = _api(apigateway, "img", "GET", _proxy("bin"))
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[{"op": "add", "path": "/binaryMediaTypes/*~1*"}])
    answer = requests.get(f"{_deploy(apigateway, api_id)}/img", headers={"Accept": "text/html,*/*"}, timeout=5)
    assert answer.content == b"\x00\x01\x02"


# --- AWS (non-proxy) --------------------------------------------------------------------------


def test_aws_integration_passes_the_body(apigateway, gwmock):
    gwmock.add_lambda(FN + "echo", lambda event, context: event)
    api_id, resource = _api(apigateway, "test", "POST", {"type": "AWS", "integrationHttpMethod": "POST",
                                                         "uri": URI.format(FN + "echo")})
    apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode="200")
    response = requests.post(f"{_deploy(apigateway, api_id)}/test", json={"message": "hello world"}, timeout=5)
    assert response.status_code == 200
    assert response.json() == recorded("lambda", "test_lambda_aws_integration", "lambda-aws-integration")


def test_aws_integration_with_request_template(apigateway, gwmock):
    gwmock.add_lambda(FN + "echo", lambda event, context: event)
    api_id, resource = _api(apigateway, "test", "GET", {
        "type": "AWS", "integrationHttpMethod": "POST", "uri": URI.format(FN + "echo"),
        "requestTemplates": {"application/json": json.dumps({"param1": "$input.params('param1')"})}},
        requestParameters={"method.request.querystring.param1": False})
    apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200",
                                        selectionPattern="")
    base = _deploy(apigateway, api_id)
    for step in ("lambda-aws-integration-1", "lambda-aws-integration-2"):
        response = requests.get(f"{base}/test?param1=foobar", timeout=5)
        assert response.json() == recorded("lambda", "test_lambda_aws_integration_with_request_template", step)


def _select_pattern(event, context):
    if event.get("statusCode") == 400:
        raise Exception("Error: Raising four hundred from within the Lambda function")
    if event.get("statusCode") == 500:
        raise Exception("Error: Raising five hundred from within the Lambda function")
    return "Pass"


def test_selection_patterns_on_error_messages(apigateway, gwmock):
    gwmock.add_lambda(FN + "select", _select_pattern)
    api_id, resource = _api(apigateway, "{statusCode}", "GET", {
        "type": "AWS", "integrationHttpMethod": "POST", "uri": URI.format(FN + "select"),
        "requestTemplates": {"application/json": '{"statusCode": $input.params("statusCode")}'}})
    for status, pattern in (("200", None), ("400", ".*four hundred.*"), ("500", ".*five hundred.*")):
        apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode=status)
        apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET",
                                            statusCode=status, **({"selectionPattern": pattern} if pattern else {}))
    base = _deploy(apigateway, api_id)
    for status in (200, 400, 500):
        response = requests.get(f"{base}/{status}", timeout=5)
        expected = recorded("lambda", "test_lambda_selection_patterns", f"lambda-selection-pattern-{status}")
        assert response.status_code == status
        if status == 200:
            assert response.json() == expected
        else:
            body = response.json()
            assert sorted(body) == sorted(expected)
            assert (body["errorMessage"], body["errorType"]) == (expected["errorMessage"], expected["errorType"])
            assert isinstance(body["stackTrace"], list)


def test_response_templates_override_the_status(apigateway, gwmock):
    gwmock.add_lambda(FN + "custom", lambda event, context: {"statusCode": 200, "body": event["kind"]})
    template = ('#set($inputRoot = $input.path(\'$\'))#if($inputRoot.body == "customerror")'
                "#set($context.responseOverride.status = 400)#else#set($context.responseOverride.status = 202)#end"
                '{"body": $input.json(\'$\'), "statusCode": $context.responseOverride.status}')
    api_id, resource = _api(apigateway, "{kind}", "GET", {
        "type": "AWS", "integrationHttpMethod": "POST", "uri": URI.format(FN + "custom"),
        "requestTemplates": {"application/json": '{"kind": "$input.params(\'kind\')"}'}})
    apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": template})
    base = _deploy(apigateway, api_id)
    scenario = "test_lambda_aws_integration_response_with_mapping_templates"
    for kind, step in (("noerror", "response-template-202"), ("customerror", "response-template-400")):
        response = requests.get(f"{base}/{kind}", timeout=5)
        expected = recorded("lambda", scenario, step)
        assert response.status_code == expected["statusCode"]
        assert response.json() == expected


def test_aws_integration_function_error_without_pattern_takes_the_default(apigateway, gwmock):
    def broken(event, context):
        raise KeyError("missing")

    gwmock.add_lambda(FN + "broken", broken)
    api_id, resource = _api(apigateway, "x", "GET", {"type": "AWS", "integrationHttpMethod": "POST",
                                                     "uri": URI.format(FN + "broken")})
    apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200")
    response = requests.get(f"{_deploy(apigateway, api_id)}/x", timeout=5)
    assert response.status_code == 200
    assert response.json()["errorType"] == "KeyError"


def test_response_headers_and_trace_id(apigateway, gwmock):
    gwmock.add_lambda(FN + "echo", _echo)
    api_id, _ = _api(apigateway, "x", "GET", _proxy())
    base = _deploy(apigateway, api_id)
    # aws-recorded: test_invocation_trace_id (a full trace comes back as sent; a Root alone gets a Parent)
    full = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1"
    assert requests.get(f"{base}/x", headers={"X-Amzn-Trace-Id": full}, timeout=5).headers["X-Amzn-Trace-Id"] == full
    traced = requests.get(f"{base}/x", headers={"X-Amzn-Trace-Id": "Root=1-abc-def"}, timeout=5)
    root, parent = traced.headers["X-Amzn-Trace-Id"].split(";")
    assert root == "Root=1-abc-def" and re.fullmatch(r"Parent=[0-9a-f]{16}", parent)
    assert traced.json()["headers"]["X-Amzn-Trace-Id"] == traced.headers["X-Amzn-Trace-Id"]
    plain = requests.get(f"{base}/x", timeout=5)
    assert plain.headers["X-Amzn-Trace-Id"].startswith("Root=1-")
    for name in ("x-amzn-RequestId", "x-amz-apigw-id", "Content-Type", "Date", "Via", "X-Amz-Cf-Id"):
        assert plain.headers[name]
    assert plain.headers["x-amzn-RequestId"] == plain.json()["requestContext"]["requestId"]


def test_extended_request_id_is_the_answers_apigw_id(apigateway, gwmock):
    # AWS Knowledge Center ("collect API Gateway extended request IDs"): $context.extendedRequestId
    # is what the answer's x-amz-apigw-id header carries, a "XxxXXXxx=" value
    gwmock.add_lambda(FN + "echo", _echo)
    api_id, _ = _api(apigateway, "x", "GET", _proxy())
    base = _deploy(apigateway, api_id)
    first, second = (requests.get(f"{base}/x", timeout=5) for _ in range(2))
    for answer in (first, second):
        extended = answer.json()["requestContext"]["extendedRequestId"]
        assert extended == answer.headers["x-amz-apigw-id"]
        assert re.fullmatch(r"[A-Za-z0-9+/]{15}=", extended)
    assert first.headers["x-amz-apigw-id"] != second.headers["x-amz-apigw-id"]
