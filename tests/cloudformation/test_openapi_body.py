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


def test_body_s3_location_is_read_from_moto(gwmock, apigateway):
    moto = __import__("pytest").importorskip("moto")
    import boto3

    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="specs")
        s3.put_object(Bucket="specs", Key="api.json",
                      Body=b'{"swagger": "2.0", "info": {"title": "from-s3", "version": "1"}, "paths": {"/x": {}}}')
        template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "BodyS3Location": {"Bucket": "specs", "Key": "api.json"}}}}}

        stack = gwmock.deploy_template(template)

        assert apigateway.get_rest_api(restApiId=stack.resources["Api"])["name"] == "from-s3"


def test_body_s3_location_without_moto_is_refused(gwmock):
    from gwmock.cloudformation import TemplateError

    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "BodyS3Location": {"Bucket": "specs", "Key": "api.json"}}}}}

    with __import__("pytest").raises(TemplateError, match="moto's mock_aws is not active") as caught:
        gwmock.deploy_template(template)

    assert caught.value.prop == "BodyS3Location"
