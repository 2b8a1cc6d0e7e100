"""ExportApi -> ImportApi / ReimportApi -> ExportApi for HTTP APIs: the document comes back the same."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import assert_error, error_of

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"
AUTHORIZER = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:a/invocations")


@pytest.fixture
def client(apigatewayv2):
    return apigatewayv2


def _rich_api(client: Any) -> str:
    api_id = client.create_api(
        Name="h", ProtocolType="HTTP", Version="2", Description="dd", Tags={"k": "v"},
        CorsConfiguration={"AllowOrigins": ["https://a"], "AllowMethods": ["GET"], "MaxAge": 5,
                           "AllowCredentials": True, "ExposeHeaders": ["x"], "AllowHeaders": ["y"]})["ApiId"]
    lam = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                    PayloadFormatVersion="2.0", TimeoutInMillis=3000)["IntegrationId"]
    http = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                     IntegrationUri="https://e.com/{p}", PayloadFormatVersion="1.0",
                                     RequestParameters={"overwrite:path": "$request.path.p"},
                                     ResponseParameters={"404": {"overwrite:statuscode": "410"}})["IntegrationId"]
    sqs = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationSubtype="SQS-SendMessage",
                                    PayloadFormatVersion="1.0", CredentialsArn="arn:aws:iam::123456789012:role/r",
                                    RequestParameters={"QueueUrl": "https://sqs/q",
                                                       "MessageBody": "$request.body"})["IntegrationId"]
    jwt = client.create_authorizer(ApiId=api_id, AuthorizerType="JWT", Name="jwt",
                                   IdentitySource=["$request.header.Authorization"],
                                   JwtConfiguration={"Audience": ["a"], "Issuer": "https://iss"})["AuthorizerId"]
    custom = client.create_authorizer(ApiId=api_id, AuthorizerType="REQUEST", Name="lam", AuthorizerUri=AUTHORIZER,
                                      IdentitySource=["$request.header.X", "$request.querystring.q"],
                                      AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True,
                                      AuthorizerResultTtlInSeconds=30)["AuthorizerId"]
    client.create_route(ApiId=api_id, RouteKey="GET /pets", Target=f"integrations/{lam}", AuthorizationType="JWT",
                        AuthorizerId=jwt, AuthorizationScopes=["read"], OperationName="list")
    client.create_route(ApiId=api_id, RouteKey="ANY /pets/{p}", Target=f"integrations/{http}",
                        AuthorizationType="CUSTOM", AuthorizerId=custom)
    client.create_route(ApiId=api_id, RouteKey="POST /q", Target=f"integrations/{sqs}", AuthorizationType="AWS_IAM")
    client.create_route(ApiId=api_id, RouteKey="$default", Target=f"integrations/{lam}")
    client.create_route(ApiId=api_id, RouteKey="GET /none")
    client.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True)
    return api_id  # type: ignore[no-any-return]


def _export(client: Any, api_id: str, **kwargs: Any) -> dict[str, Any]:
    body = client.export_api(ApiId=api_id, Specification="OAS30", OutputType="JSON", StageName="prod", **kwargs)
    return json.loads(body["body"].read())  # type: ignore[no-any-return]


def test_an_aws_service_integration_exports_without_an_http_method(client):
    api_id = _rich_api(client)

    document = _export(client, api_id)

    assert document["paths"]["/q"]["post"]["x-amazon-apigateway-integration"] == {
        "integrationSubtype": "SQS-SendMessage", "payloadFormatVersion": "1.0", "type": "aws_proxy",
        "credentials": "arn:aws:iam::123456789012:role/r", "connectionType": "INTERNET", "timeoutInMillis": 30000,
        "requestParameters": {"QueueUrl": "https://sqs/q", "MessageBody": "$request.body"}}


def test_export_imports_back_to_the_same_export(client):
    api_id = _rich_api(client)
    first = _export(client, api_id)

    copy = client.import_api(Body=json.dumps(first))
    client.create_stage(ApiId=copy["ApiId"], StageName="prod", AutoDeploy=True)
    again = _export(client, copy["ApiId"])

    assert "Warnings" not in copy
    assert json.dumps(again).replace(copy["ApiId"], "API") == json.dumps(first).replace(api_id, "API")
    integrations = client.get_integrations(ApiId=copy["ApiId"])["Items"]
    sqs = next(i for i in integrations if i.get("IntegrationSubtype"))
    assert "IntegrationMethod" not in sqs


def test_export_reimported_onto_its_api_changes_nothing(client):
    api_id = _rich_api(client)
    first = _export(client, api_id)

    client.reimport_api(ApiId=api_id, Body=json.dumps(first))

    assert json.dumps(_export(client, api_id)) == json.dumps(first)


def test_a_lambda_proxy_integration_without_http_method_imports_as_post(client):
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {
                    "type": "aws_proxy", "uri": LAMBDA, "payloadFormatVersion": "2.0"}}}}}

    api_id = client.import_api(Body=json.dumps(document))["ApiId"]

    assert [i["IntegrationMethod"] for i in client.get_integrations(ApiId=api_id)["Items"]] == ["POST"]


def test_websocket_apis_cannot_be_exported(client):
    api_id = client.create_api(Name="w", ProtocolType="WEBSOCKET",
                               RouteSelectionExpression="$request.body.action")["ApiId"]

    error = error_of(client.export_api, ApiId=api_id, Specification="OAS30", OutputType="JSON")

    assert_error(error, "BadRequestException", "Export is supported only for HTTP APIs", 400)
