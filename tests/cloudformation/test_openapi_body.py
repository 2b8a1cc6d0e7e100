"""RestApi and Api from an OpenAPI ``Body``; Deployment with ``StageDescription``."""

from __future__ import annotations

from pathlib import Path

import requests

TEMPLATE = Path(__file__).parent / "data" / "openapi_api.yaml"


def test_rest_api_from_body_is_imported_and_callable(gwmock, apigateway):
    stack = gwmock.deploy_template(TEMPLATE, parameters={"Greeting": "hello"})

    api = apigateway.get_rest_api(restApiId=stack.resources["PetsApi"])
    assert api["name"] == "pets-from-body"  # no Name: the document's title
    assert api["endpointConfiguration"]["types"] == ["REGIONAL"]
    paths = sorted(r["path"] for r in apigateway.get_resources(restApiId=api["id"])["items"])
    assert paths == ["/", "/pets", "/pets/{id}"]
    response = requests.get(stack.outputs["PetsUrl"] + "/pets/7")
    assert (response.status_code, response.json()) == (200, {"id": "7", "greeting": "hello"})


def test_stage_description_configures_the_deployment_stage(gwmock, apigateway):
    stack = gwmock.deploy_template(TEMPLATE)

    stage = apigateway.get_stage(restApiId=stack.resources["PetsApi"], stageName="v1")

    assert stage["deploymentId"] == stack.resources["PetsDeployment"]
    assert stage["description"] == "first stage"
    assert stage["variables"] == {"color": "blue"}
    assert stage["methodSettings"]["*/*"]["throttlingRateLimit"] == 50.0
    assert stage["methodSettings"]["*/*"]["throttlingBurstLimit"] == 25
    assert stage["methodSettings"]["~1pets~1{id}/GET"]["metricsEnabled"] is True


def test_http_api_from_body_takes_the_template_name(gwmock, apigatewayv2):
    stack = gwmock.deploy_template(TEMPLATE)

    api = apigatewayv2.get_api(ApiId=stack.resources["HttpFromBody"])
    assert api["Name"] == "renamed-http"
    assert stack.outputs["HttpEndpoint"] == api["ApiEndpoint"]
    assert [r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"]] == ["GET /ping"]


def test_body_with_a_name_keeps_the_name(gwmock, apigateway):
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "given", "Body": {"swagger": "2.0", "info": {"title": "doc", "version": "1"}, "paths": {}}}}}}

    stack = gwmock.deploy_template(template)

    assert apigateway.get_rest_api(restApiId=stack.resources["Api"])["name"] == "given"
