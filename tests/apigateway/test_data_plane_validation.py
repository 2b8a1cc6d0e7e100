"""Request validation and gateway responses on deployed REST APIs."""

from __future__ import annotations

import json

import pytest
import requests
from helpers import recorded

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
SCENARIO = "test_api_gateway_request_validator"


def _ok(event, context):
    return {"statusCode": 200, "body": json.dumps({"data": "ok"})}


def _validated_api(client, gw, verb="POST", models=None, model="testSchema", **method):
    gw.add_lambda(FN + "ok", _ok)
    api = client.create_rest_api(name="validated")
    api_id = api["id"]
    for name, schema in (models or {}).items():
        client.create_model(restApiId=api_id, name=name, contentType="application/json",
                            schema=json.dumps(schema).replace("API_ID", api_id))
    validator = client.create_request_validator(restApiId=api_id, name="test-validator", validateRequestBody=True,
                                                validateRequestParameters=True)
    resource = client.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="{test}")["id"]
    client.put_method(restApiId=api_id, resourceId=resource, httpMethod=verb, authorizationType="NONE",
                      requestValidatorId=validator["id"], requestModels={"application/json": model}, **method)
    client.put_integration(restApiId=api_id, resourceId=resource, httpMethod=verb, type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI.format(FN + "ok"))
    client.create_deployment(restApiId=api_id, stageName="dev")
    return api_id, resource, validator["id"], f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev"


_TEST_SCHEMA = {"$schema": "http://json-schema.org/draft-04/schema#", "title": "testSchema", "type": "object",
                "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}


def test_required_parameters_and_body(apigateway, gwmock):
    params = {"method.request.header.x-header-param": True, "method.request.path.issuer": True,
              "method.request.querystring.qs1": True}
    api_id, resource, validator, base = _validated_api(apigateway, gwmock, models={"testSchema": _TEST_SCHEMA},
                                                       requestParameters=params)
    response = requests.post(f"{base}/value", json={"a": 1, "b": 2}, timeout=5)
    assert response.status_code == 400
    assert response.json() == recorded("common", SCENARIO, "missing-all-required-request-params-post")
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"
    # the path parameter that exists in the resource path
    apigateway.update_method(restApiId=api_id, resourceId=resource, httpMethod="POST", patchOperations=[
        {"op": "remove", "path": "/requestParameters/method.request.path.issuer"},
        {"op": "add", "path": "/requestParameters/method.request.path.test", "value": "true"}])
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.post(f"{base}/value?qs1=1", json={"a": 1, "b": 2}, timeout=5)
    assert response.json() == recorded("common", SCENARIO, "missing-required-headers-request-params-get")
    response = requests.post(f"{base}/value", json={"a": 1, "b": 2}, headers={"x-header-param": "x"}, timeout=5)
    assert response.json() == recorded("common", SCENARIO, "missing-required-qs-request-params-get")
    good = {"headers": {"x-header-param": "x"}, "timeout": 5}
    assert requests.post(f"{base}/value?qs1=1", json={"a": 1, "b": 2}, **good).json() == {"data": "ok"}
    response = requests.post(f"{base}/value?qs1=1", json={"a": 1}, **good)
    assert (response.status_code, response.json()) == (400, recorded("common", SCENARIO, "invalid-request-body"))
    response = requests.post(f"{base}/value?qs1=1", data="not json", **good)
    assert (response.status_code, response.json()) == (400, {"message": "Invalid request body"})
    # a disabled validator lets everything through
    apigateway.update_request_validator(restApiId=api_id, requestValidatorId=validator, patchOperations=[
        {"op": "replace", "path": "/validateRequestBody", "value": "false"},
        {"op": "replace", "path": "/validateRequestParameters", "value": "false"}])
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    assert requests.post(f"{base}/value", json={"a": "x"}, timeout=5).json() == {"data": "ok"}


def test_body_with_ref_to_another_model(apigateway, gwmock):
    models = {"testSchema": _TEST_SCHEMA, "testSchemaList": {
        "type": "array", "items": {"$ref": "https://apigateway.amazonaws.com/restapis/API_ID/models/testSchema"}}}
    *_, base = _validated_api(apigateway, gwmock, models=models, model="testSchemaList")
    scenario = "test_api_gateway_request_validator_with_ref_models"
    ok = requests.post(f"{base}/v", json=[{"a": 1, "b": 2}], timeout=5)
    assert ok.json() == recorded("common", scenario, "successful")
    bad = requests.post(f"{base}/v", json=[{"a": 1}], timeout=5)
    assert (bad.status_code, bad.json()) == (400, recorded("common", scenario, "failed-validation"))


@pytest.mark.parametrize(("step", "body", "status"), [
    ("successful", {"status": None}, 200),
    ("successful-with-data", {"status": {"Status": "ok", "Order": 1}}, 200),
    ("failed-validation-no-data", {}, 400),
    ("failed-validation-bad-data", {"status": {"Status": 1}}, 400),
])
def test_body_with_one_of_and_ref(apigateway, gwmock, step, body, status):
    models = {"StatusModel": {"type": "object", "properties": {"Status": {"type": "string"},
                                                               "Order": {"type": "integer"}},
                              "required": ["Status", "Order"]},
              "TestModel": {"type": "object", "properties": {"status": {"oneOf": [
                  {"type": "null"}, {"$ref": "https://apigateway.amazonaws.com/restapis/API_ID/models/StatusModel"}]}},
                  "required": ["status"]}}
    *_, base = _validated_api(apigateway, gwmock, models=models, model="TestModel")
    response = requests.post(f"{base}/v", json=body, timeout=5)
    expected = recorded("common", "test_api_gateway_request_validator_with_ref_one_ofmodels", step)
    assert (response.status_code, response.json()) == (status, expected)


def test_bad_request_body_gateway_response_is_customizable(apigateway, gwmock):
    api_id, *_, base = _validated_api(apigateway, gwmock, models={"testSchema": _TEST_SCHEMA})
    apigateway.put_gateway_response(
        restApiId=api_id, responseType="BAD_REQUEST_BODY", statusCode="422",
        responseParameters={"gatewayresponse.header.X-Type": "context.error.responseType"},
        responseTemplates={"application/json": '{"error": "$context.error.validationErrorString"}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.post(f"{base}/v", json={"a": 1}, timeout=5)
    assert response.status_code == 422
    assert response.headers["X-Type"] == "BAD_REQUEST_BODY"
    assert "'b' is a required property" in response.json()["error"]


def test_default_4xx_lends_to_every_client_error(apigateway, gwmock):
    api_id, *_, base = _validated_api(apigateway, gwmock, models={"testSchema": _TEST_SCHEMA})
    apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX",
                                    responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
                                    responseTemplates={"application/json": '{"oops": $context.error.messageString}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.post(f"{base}/v", json={"a": 1}, timeout=5)
    assert (response.status_code, response.json()) == (400, {"oops": "Invalid request body"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    missing = requests.get(f"{base}/nothing/here", timeout=5)
    assert (missing.status_code, missing.json()) == (403, {"oops": "Missing Authentication Token"})
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


def test_default_5xx_for_integration_failures(apigateway, gwmock):
    api_id, *_, base = _validated_api(apigateway, gwmock, models={"testSchema": _TEST_SCHEMA})
    gwmock.lambdas.clear()
    apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_5XX",
                                    responseTemplates={"application/json": '{"fault": "$context.error.message"}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.post(f"{base}/v", json={"a": 1, "b": 2}, timeout=5)
    assert (response.status_code, response.json()) == (500, {"fault": "Internal server error"})


def test_test_invoke_method_validates_against_the_live_api(apigateway, gwmock):
    api_id, resource, *_ = _validated_api(apigateway, gwmock, models={"testSchema": _TEST_SCHEMA},
                                          requestParameters={"method.request.querystring.qs1": True})
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=resource, httpMethod="POST",
                                             pathWithQueryString="/value", body='{"a": 1, "b": 2}')
    assert (response["status"], json.loads(response["body"])) == (
        400, {"message": "Missing required request parameters: [qs1]"})
    assert response["headers"] == {"x-amzn-ErrorType": "BadRequestException"}
