"""aws-recorded test_apigateway_basic: MOCK integrations answering through deployed stages, an
imported MOCK API, and a method behind a custom (Lambda) authorizer with an API key."""

from __future__ import annotations

import json

import pytest
import requests
from helpers import assert_matches, recorded

REGION = "us-east-1"
FN = "arn:aws:lambda:us-east-1:123456789012:function:authorizer"
AUTHORIZER_URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("url_type", ["PATH_BASED", "HOST_BASED"])  # one URL form on AWS: the recording's two
@pytest.mark.parametrize("passthrough", ["WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"])
def test_mock_integration_response(apigateway, passthrough, url_type, method):
    api = apigateway.create_rest_api(name="mock-api")
    resource = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{id}")["id"]
    apigateway.put_method(restApiId=api["id"], resourceId=resource, httpMethod=method, authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=resource, httpMethod=method, type="MOCK",
                               integrationHttpMethod=method, passthroughBehavior=passthrough,
                               requestTemplates={"application/json": '{"statusCode":200}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod=method, statusCode="200")
    apigateway.put_integration_response(
        restApiId=api["id"], resourceId=resource, httpMethod=method, statusCode="200",
        responseTemplates={"application/json": '{"statusCode": 200, "id": $input.params().path.id}'})
    apigateway.create_deployment(restApiId=api["id"], stageName="local")
    response = requests.request(method, f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/local/42",
                                headers={"Content-Type": "application/json"}, timeout=5)
    assert response.status_code == 200
    expected = recorded("basic", f"test_mock_integration_response[{passthrough}-UrlType.{url_type}-{method}]",
                        "mock-response")
    assert response.json() == expected


def test_mock_integration_imported_with_put_rest_api(apigateway):
    # an OpenAPI 3 document of our own with what the scenario's file declares: ANY /echo/{data},
    # a MOCK integration answering the path parameter through its response template
    document = {
        "openapi": "3.0.1", "info": {"title": "echo", "version": "1"},
        "paths": {"/echo/{data}": {"x-amazon-apigateway-any-method": {
            "responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {
                "type": "mock", "passthroughBehavior": "when_no_templates",
                "requestTemplates": {"application/json": '{"statusCode": 200}'},
                "responses": {"default": {"statusCode": "200", "responseTemplates": {
                    "application/json": '{"echo": "$input.params(\'data\')", "response": "mocked"}'}}}}}}},
    }
    api_id = apigateway.create_rest_api(name="imported-mock")["id"]
    apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=json.dumps(document))
    apigateway.create_deployment(restApiId=api_id, stageName="latest")
    response = requests.get(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/latest/echo/foobar", timeout=5)
    assert response.status_code == 200
    assert response.content == b'{"echo": "foobar", "response": "mocked"}'
    assert response.json() == recorded("basic", "test_api_gateway_mock_integration", "mocked-response")


def test_method_with_custom_authorization(apigateway):
    scenario = "test_apigateway_with_custom_authorization_method"
    api_id = apigateway.create_rest_api(name="custom-auth")["id"]
    assert_matches({"api_id": api_id}, recorded("basic", scenario, "api-id"))
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    authorizer = apigateway.create_authorizer(restApiId=api_id, name="lambda_authorizer", type="TOKEN",
                                              authorizerUri=AUTHORIZER_URI, authType="custom",
                                              identitySource="method.request.header.Auth")
    assert_matches(authorizer, recorded("basic", scenario, "authorizer"))
    method = apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                   authorizationType="CUSTOM", authorizerId=authorizer["id"], apiKeyRequired=True)
    assert_matches(method, recorded("basic", scenario, "put-method-response"), bindings={"<id:1>": authorizer["id"]})
