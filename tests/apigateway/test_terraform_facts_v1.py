"""Facts from terraform-provider-aws's acceptance tests (run against real AWS), v1 control plane.

Each test makes the calls the provider makes (``internal/service/apigateway/<resource>.go``) and
asserts what its acceptance test (``<resource>_test.go``, named per test) reads back from AWS.
Values the provider fills from its own schema defaults are not AWS facts and are not pinned here.
"""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of

REGION = "us-east-1"
CERTIFICATE = f"arn:aws:acm:{REGION}:123456789012:certificate/abc"


@pytest.fixture
def client(apigateway):
    return apigateway


def _http_integration(client, content_handling: str = "CONVERT_TO_TEXT") -> tuple[str, str]:
    api_id = client.create_rest_api(name="tf-integration")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    resource_id = client.create_resource(restApiId=api_id, parentId=root, pathPart="test")["id"]
    client.put_method(restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod="GET", type="HTTP",
                           integrationHttpMethod="GET", uri="https://www.google.de",
                           contentHandling=content_handling)
    return api_id, resource_id


@pytest.mark.parametrize("segment", ["0", "REGIONAL"])
def test_rest_api_endpoint_type_replaced_by_index_or_name(client, segment):
    # rest_api.go sends replace /endpointConfiguration/types/0; rest_api_test.go
    # TestAccAPIGatewayRestAPI_endpoint reads EDGE back after REGIONAL.
    api_id = client.create_rest_api(name="tf-endpoint", endpointConfiguration={"types": ["REGIONAL"]})["id"]

    answer = client.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": f"/endpointConfiguration/types/{segment}", "value": "EDGE"}])

    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert answer["endpointConfiguration"]["types"] == ["EDGE"]
    assert client.get_rest_api(restApiId=api_id)["endpointConfiguration"]["types"] == ["EDGE"]


def test_rest_api_endpoint_type_index_out_of_range_changes_nothing(client):
    # Guess: a segment naming neither the type nor an index leaves the types as they were.
    api_id = client.create_rest_api(name="tf-endpoint", endpointConfiguration={"types": ["REGIONAL"]})["id"]

    client.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/1", "value": "EDGE"}])

    assert client.get_rest_api(restApiId=api_id)["endpointConfiguration"]["types"] == ["REGIONAL"]


def test_rest_api_endpoint_type_by_index_still_checks_the_value(client):
    api_id = client.create_rest_api(name="tf-endpoint", endpointConfiguration={"types": ["REGIONAL"]})["id"]

    error = error_of(client.update_rest_api, restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "CENTRAL"}])

    assert_error(error, "BadRequestException",
                 "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE", 400)
    assert client.get_rest_api(restApiId=api_id)["endpointConfiguration"]["types"] == ["REGIONAL"]


def test_domain_name_endpoint_type_replaced_by_index(client):
    # domain_name.go sends replace /endpointConfiguration/types/0 for a type change, as rest_api.go does.
    client.create_domain_name(domainName="tf.example.com", regionalCertificateArn=CERTIFICATE,
                              certificateArn=CERTIFICATE, endpointConfiguration={"types": ["REGIONAL"]})

    answer = client.update_domain_name(domainName="tf.example.com", patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/0", "value": "EDGE"}])

    assert answer["endpointConfiguration"]["types"] == ["EDGE"]
    assert client.get_domain_name(domainName="tf.example.com")["endpointConfiguration"]["types"] == ["EDGE"]


def test_integration_content_handling_cleared_by_empty_value(client):
    # integration_test.go TestAccAPIGatewayIntegration_contentHandling: CONVERT_TO_TEXT, then
    # CONVERT_TO_BINARY, then removed (integration.go sends replace /contentHandling ""): "" read back.
    api_id, resource_id = _http_integration(client)
    key = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET"}
    client.update_integration(**key, patchOperations=[
        {"op": "replace", "path": "/contentHandling", "value": "CONVERT_TO_BINARY"}])
    assert client.get_integration(**key)["contentHandling"] == "CONVERT_TO_BINARY"

    answer = client.update_integration(**key, patchOperations=[
        {"op": "replace", "path": "/contentHandling", "value": ""}])

    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "contentHandling" not in answer
    integration = client.get_integration(**key)
    assert "contentHandling" not in integration
    assert integration["uri"] == "https://www.google.de"
    assert integration["passthroughBehavior"] == "WHEN_NO_MATCH"


def test_integration_content_handling_still_refuses_unknown_values(client):
    api_id, resource_id = _http_integration(client)
    key = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET"}

    error = error_of(client.update_integration, **key, patchOperations=[
        {"op": "replace", "path": "/contentHandling", "value": "CONVERT_TO_JSON"}])

    assert_error(error, "BadRequestException", None, 400)
    assert client.get_integration(**key)["contentHandling"] == "CONVERT_TO_TEXT"


def test_integration_response_content_handling_cleared_by_empty_value(client):
    # Guess: UpdateIntegrationResponse's /contentHandling clears as UpdateIntegration's does.
    api_id, resource_id = _http_integration(client)
    key = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET", "statusCode": "200"}
    client.put_integration_response(**key, contentHandling="CONVERT_TO_BINARY")

    client.update_integration_response(**key, patchOperations=[
        {"op": "replace", "path": "/contentHandling", "value": ""}])

    assert "contentHandling" not in client.get_integration_response(**key)
