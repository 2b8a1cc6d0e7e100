"""aws-recorded test_apigateway_common: whole response headers of a MOCK and a Lambda proxy method
of an edge-optimized API, with and without a client trace header (test_invocation_trace_id).

The recording lower-cases header names and writes ``content-length`` and ``date`` as literal
stand-ins; those two are checked for presence and shape here."""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime

import requests
from helpers import assert_matches, recorded

REGION = "us-east-1"
ACCOUNT = "111111111111"  # the recording account (a function is found by ARN or name)
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:test-trace-id"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
SCENARIO = "test_invocation_trace_id"
FULL_TRACE = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1"
ROOT_ONLY = "Root=1-3152b799-8954dae64eda91bc9a23a7e8"


def _proxy_echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _api(client, gwmock):
    gwmock.add_lambda(FN, _proxy_echo)
    api = client.create_rest_api(name="test trace id")
    root = api["rootResourceId"]
    path = client.create_resource(restApiId=api["id"], parentId=root, pathPart="path")["id"]
    client.put_method(restApiId=api["id"], resourceId=path, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=path, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api["id"], resourceId=path, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api["id"], resourceId=path, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"statusCode": 200}'})
    proxy = client.create_resource(restApiId=api["id"], parentId=root, pathPart="{proxy+}")["id"]
    client.put_method(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI)
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev"


def _headers(base, path, headers, bindings):
    response = requests.get(f"{base}{path}", headers=headers, timeout=5)
    assert response.status_code == 200
    lowered = {k.lower(): v for k, v in response.headers.items()}
    assert int(lowered["content-length"]) == len(response.content)
    assert parsedate_to_datetime(lowered["date"]).tzinfo is not None
    lowered["content-length"], lowered["date"] = "content-length", "date"
    return lowered


def test_invocation_trace_id(apigateway, gwmock):
    base = _api(apigateway, gwmock)
    bindings: dict = {}
    registered = recorded("common", SCENARIO, "register-lambda")
    assert_matches({"FunctionName": "test-trace-id", "FunctionArn": FN}, registered, bindings=bindings)
    mock = _headers(base, "/path", {}, bindings)
    assert_matches(mock, recorded("common", SCENARIO, "normal-req-headers-MOCK"), bindings=bindings)
    assert "x-amzn-trace-id" not in mock
    traced_mock = _headers(base, "/path", {"x-amzn-trace-id": FULL_TRACE}, bindings)
    assert_matches(traced_mock, recorded("common", SCENARIO, "trace-id-req-headers-MOCK"), bindings=bindings)

    proxy = _headers(base, "/proxy-value", {}, bindings)
    assert_matches(proxy, recorded("common", SCENARIO, "normal-req-headers-AWS_PROXY"), bindings=bindings)
    full = _headers(base, "/proxy-value", {"x-amzn-trace-id": FULL_TRACE}, bindings)
    assert_matches(full, recorded("common", SCENARIO, "trace-id-req-headers-AWS_PROXY"), bindings=bindings)
    assert FULL_TRACE in full["x-amzn-trace-id"]
    assert full["x-amzn-trace-id"].split(";")[1] == "Parent=7fa8c0f79203be72"
    small = _headers(base, "/proxy-value", {"x-amzn-trace-id": ROOT_ONLY}, bindings)
    assert_matches(small, recorded("common", SCENARIO, "trace-id-small-req-headers-AWS_PROXY"), bindings=bindings)
    assert ROOT_ONLY in small["x-amzn-trace-id"]
    assert re.fullmatch(r"Parent=[0-9a-f]{16}", small["x-amzn-trace-id"].split(";")[1])
