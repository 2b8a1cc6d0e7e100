"""A non-proxy Lambda integration whose payload is not JSON: Lambda refuses it, the function is
never called, and the caller gets 400 with Lambda's Jackson message (serverless#2270,
nateyolles/slack-pokerbot#1, podaac/hydrocron#64; the 2016 blog post with the raw exchange)."""

from __future__ import annotations

import json

import pytest
import requests

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
PREFIX = "Could not parse request body into json: Could not parse payload into json: "
SOURCE = "\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: {}, column: {}]"
VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"


def _aws_body(message):
    """AWS's own body for it: a space after the colon, ' and / escaped as escapeJavaScript does."""
    escaped = message.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'").replace("/", "\\/")
    return '{"message": "' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"}'


@pytest.fixture
def calls(gwmock):
    seen = []
    gwmock.add_lambda(FN + "fn", lambda event, context: seen.append(event) or {"ok": 1})
    return seen


def _lambda_api(client, templates=None):
    api = client.create_rest_api(name="non-proxy")
    api_id, root = api["id"], api["rootResourceId"]
    integration = {"type": "AWS", "integrationHttpMethod": "POST", "uri": URI.format(FN + "fn")}
    if templates is not None:
        integration["requestTemplates"] = templates
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", **integration)
    client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
    client.create_deployment(restApiId=api_id, stageName="dev")
    return api_id, f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/"


def test_a_form_body_without_template_is_refused_before_the_function_runs(apigateway, gwmock, calls):
    _, url = _lambda_api(apigateway)
    response = requests.post(url, data={"token": "abc", "text": "hi"}, timeout=5)
    message = PREFIX + f"Unrecognized token 'token': was expecting {VALUES}" + SOURCE.format(1, 7)
    assert response.status_code == 400
    assert response.text == _aws_body(message)
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"  # guess: DEFAULT_4XX's
    assert calls == []
    log = gwmock.requests[-1].log
    assert any(line.endswith(" : Endpoint request body after transformations: token=abc&text=hi") for line in log)
    assert any(line.endswith(" : Lambda invocation failed with status: 400") for line in log)
    assert log[-2].endswith(" : Method completed with status: 400")


def test_a_template_leaving_a_raw_carriage_return_is_refused(apigateway, calls):  # serverless#2270
    _, url = _lambda_api(apigateway, {"application/x-www-form-urlencoded": '{"body": "$input.body"}'})
    response = requests.post(url, data="text=a\r\nb", timeout=5,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    message = (PREFIX + "Illegal unquoted character ((CTRL-CHAR, code 13)): has to be escaped using backslash to "
               "be included in string value" + SOURCE.format(1, 18))
    assert (response.status_code, response.text) == (400, _aws_body(message))
    assert calls == []


@pytest.mark.parametrize(("template", "description", "line", "column"), [
    ("{ products { code } }", "Unexpected character ('p' (code 112)): was expecting double-quote to start field "
     "name", 1, 4),                                                                     # the 2016 blog post
    ('{"a": 1\n "b": 2}', "Unexpected character ('\"' (code 34)): was expecting comma to separate Object "
     "entries", 2, 3),                                                                  # hydrocron#64
    ("------WebKitFormBoundary", "Unexpected character ('-' (code 45)) in numeric value: expected digit (0-9) to "
     "follow minus sign, for valid numeric value", 1, 3),                               # a multipart body
    ("0D", "Unexpected character ('D' (code 68)): Expected space separating root-level values", 1, 3),
    ("'test'", f"Unexpected character (''' (code 39)): expected a valid value {VALUES}", 1, 2),
    ('{"a": [1, 2}', "Unexpected close marker '}': expected ']' (for Array starting at [Source: REDACTED "
     "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 7])", 1, 13),
    ('{"a": ', "Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED "
     "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])", 1, 7),
    ('{"a": NaN}', "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", 1, 10),
    ('{"a": "\\x"}', "Unrecognized character escape 'x' (code 120)", 1, 10),
    ('{"a": 01}', "Invalid numeric value: Leading zeroes not allowed", 1, 8),
    ('{"é": x}', f"Unrecognized token 'x': was expecting {VALUES}", 1, 9),  # guess: columns count characters
    ("[" * 1001, "Document nesting depth (1001) exceeds the maximum allowed (1000, from "
     "`StreamReadConstraints.getMaxNestingDepth()`)", 1, 1002),                        # guess: Jackson 2.15+
])
def test_jackson_descriptions(apigateway, calls, template, description, line, column):
    _, url = _lambda_api(apigateway, {"application/json": template})
    response = requests.post(url, json={}, timeout=5)
    assert (response.status_code, response.text) == (400, _aws_body(PREFIX + description + SOURCE.format(line, column)))
    assert calls == []


def test_default_4xx_customises_the_answer(apigateway, calls):
    api_id, url = _lambda_api(apigateway)
    apigateway.put_gateway_response(
        restApiId=api_id, responseType="DEFAULT_4XX", statusCode="422",
        responseParameters={"gatewayresponse.header.X-Type": "context.error.responseType"},
        responseTemplates={"application/json": '{"oops": $context.error.messageString}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.post(url, data="token=abc", timeout=5,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    message = PREFIX + f"Unrecognized token 'token': was expecting {VALUES}" + SOURCE.format(1, 7)
    assert (response.status_code, response.json()) == (422, {"oops": message})
    assert response.headers["X-Type"] == "DEFAULT_4XX"
    assert calls == []


def test_json_payloads_still_reach_the_function(apigateway, calls):
    _, url = _lambda_api(apigateway, {"application/json": "$input.json('$')"})
    response = requests.post(url, json={"a": [1, {"b": None}]}, timeout=5)
    assert (response.status_code, response.json()) == (200, {"ok": 1})
    assert calls == [{"a": [1, {"b": None}]}]


@pytest.mark.parametrize(("template", "event"), [
    ('{"a": 1} and more', {"a": 1}),  # guess: Jackson reads the first value (no FAIL_ON_TRAILING_TOKENS)
    ("[1, 2] ]", [1, 2]),
    ("  ", {}),                       # an empty payload is {} (as before)
])
def test_what_follows_the_first_value_is_not_read(apigateway, calls, template, event):
    _, url = _lambda_api(apigateway, {"application/json": template})
    response = requests.post(url, json={}, timeout=5)
    assert (response.status_code, json.loads(response.text)) == (200, {"ok": 1})
    assert calls == [event]


def test_test_invoke_method_answers_the_same(apigateway, calls):
    api_id, _ = _lambda_api(apigateway)
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    answer = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="POST",
                                           body="token=abc&text=hi",
                                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    message = PREFIX + f"Unrecognized token 'token': was expecting {VALUES}" + SOURCE.format(1, 7)
    assert (answer["status"], answer["body"]) == (400, _aws_body(message))
    assert calls == []
