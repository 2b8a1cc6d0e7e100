"""Scenario: what CloudFormation does for a CDK app (SpecRestApi / RestApi + friends).

AWS::ApiGateway::RestApi with ``Body``: CreateRestApi, then PutRestApi mode=overwrite
(``failOnWarnings`` as the template says); AWS::ApiGateway::Deployment with
``StageName``/``StageDescription``: CreateDeployment with stageName and
stageDescription; AWS::ApiGateway::Authorizer (TOKEN Lambda, COGNITO_USER_POOLS);
AWS::ApiGateway::Account (UpdateAccount /cloudwatchRoleArn); DomainName +
BasePathMapping; stage tags through TagResource on the stage ARN. A stack update
replaces the body again and deploys anew; a stack delete removes it all.
"""

from __future__ import annotations

import json

import pytest
from helpers import assert_error, error_of, strip_metadata

REGION = "us-east-1"
ACCOUNT = "123456789012"
HANDLER = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:Stack-Handler-ABC123"
AUTH_FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:Stack-Authorizer-DEF456"
USER_POOL = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_AbCdEf123"


def _invocation(function_arn: str) -> str:
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def _spec(title: str = "CdkSpecApi", extra_path: bool = False) -> dict:
    lambda_integration = {"type": "aws_proxy", "httpMethod": "POST", "uri": _invocation(HANDLER),
                          "passthroughBehavior": "when_no_match"}
    paths = {
        "/items": {
            "get": {
                "security": [{"UserPool": ["items/read"]}],
                "responses": {"200": {"description": "list"}},
                "x-amazon-apigateway-integration": lambda_integration,
            },
            "post": {
                "security": [{"TokenAuth": []}],
                "x-amazon-apigateway-request-validator": "body-only",
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Item"}}}, "required": True},
                "responses": {"201": {"description": "created"}},
                "x-amazon-apigateway-integration": lambda_integration,
            },
            "options": {
                "responses": {"204": {"description": "cors", "headers": {
                    "Access-Control-Allow-Origin": {"schema": {"type": "string"}}}}},
                "x-amazon-apigateway-integration": {
                    "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 204}'},
                    "responses": {"default": {"statusCode": "204", "responseParameters": {
                        "method.response.header.Access-Control-Allow-Origin": "'*'"}}}},
            },
        },
        "/items/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "one"}},
                "x-amazon-apigateway-integration": lambda_integration,
            },
        },
    }
    if extra_path:
        paths["/health"] = {"get": {"responses": {"200": {"description": "ok"}},
                                    "x-amazon-apigateway-integration": {
                                        "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                                        "responses": {"default": {"statusCode": "200"}}}}}
    return {
        "openapi": "3.0.1",
        "info": {"title": title, "version": "2024-01-01"},
        "paths": paths,
        "components": {
            "schemas": {"Item": {"type": "object", "required": ["name"],
                                 "properties": {"name": {"type": "string"}}}},
            "securitySchemes": {
                "TokenAuth": {"type": "apiKey", "name": "Authorization", "in": "header",
                              "x-amazon-apigateway-authtype": "custom",
                              "x-amazon-apigateway-authorizer": {
                                  "type": "token", "authorizerUri": _invocation(AUTH_FN),
                                  "authorizerResultTtlInSeconds": 60}},
                "UserPool": {"type": "apiKey", "name": "Authorization", "in": "header",
                             "x-amazon-apigateway-authtype": "cognito_user_pools",
                             "x-amazon-apigateway-authorizer": {
                                 "type": "cognito_user_pools", "providerARNs": [USER_POOL]}},
            },
        },
        "x-amazon-apigateway-request-validators": {
            "body-only": {"validateRequestBody": True, "validateRequestParameters": False}},
        "x-amazon-apigateway-binary-media-types": ["image/png"],
        "x-amazon-apigateway-gateway-responses": {
            "DEFAULT_4XX": {"responseParameters": {
                "gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}}},
    }


def _by_path(client, api_id: str) -> dict:
    return {r["path"]: r for r in client.get_resources(restApiId=api_id, embed=["methods"])["items"]}


@pytest.fixture
def stack(apigateway):
    c = apigateway
    api = c.create_rest_api(name="CdkSpecApi", endpointConfiguration={"types": ["REGIONAL"]})
    put = c.put_rest_api(restApiId=api["id"], mode="overwrite", failOnWarnings=True,
                         body=json.dumps(_spec()).encode())
    return {"api": api, "put": put}


def test_spec_rest_api_body_is_applied(apigateway, stack):
    c = apigateway
    api_id = stack["api"]["id"]
    put = stack["put"]
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert put["id"] == api_id and put["name"] == "CdkSpecApi" and put["version"] == "2024-01-01"
    assert put["binaryMediaTypes"] == ["image/png"]
    assert put["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert "warnings" not in put

    resources = _by_path(c, api_id)
    assert sorted(resources) == ["/", "/items", "/items/{id}"]
    assert resources["/"]["id"] == stack["api"]["rootResourceId"]
    assert sorted(resources["/items"]["resourceMethods"]) == ["GET", "OPTIONS", "POST"]

    authorizers = {a["name"]: a for a in c.get_authorizers(restApiId=api_id)["items"]}
    assert authorizers["TokenAuth"]["type"] == "TOKEN"
    assert authorizers["TokenAuth"]["authorizerUri"] == _invocation(AUTH_FN)
    assert authorizers["TokenAuth"]["identitySource"] == "method.request.header.Authorization"
    assert authorizers["TokenAuth"]["authorizerResultTtlInSeconds"] == 60
    assert authorizers["UserPool"]["type"] == "COGNITO_USER_POOLS"
    assert authorizers["UserPool"]["providerARNs"] == [USER_POOL]

    items = resources["/items"]["id"]
    get = c.get_method(restApiId=api_id, resourceId=items, httpMethod="GET")
    assert get["authorizationType"] == "COGNITO_USER_POOLS"
    assert get["authorizerId"] == authorizers["UserPool"]["id"]
    assert get["authorizationScopes"] == ["items/read"]
    assert get["methodIntegration"]["type"] == "AWS_PROXY"
    assert get["methodIntegration"]["uri"] == _invocation(HANDLER)
    post = c.get_method(restApiId=api_id, resourceId=items, httpMethod="POST")
    assert post["authorizationType"] == "CUSTOM" and post["authorizerId"] == authorizers["TokenAuth"]["id"]
    validators = {v["id"]: v for v in c.get_request_validators(restApiId=api_id)["items"]}
    assert validators[post["requestValidatorId"]]["name"] == "body-only"
    assert post["requestModels"] == {"application/json": "Item"}
    options = c.get_integration_response(restApiId=api_id, resourceId=items, httpMethod="OPTIONS",
                                         statusCode="204")
    assert options["responseParameters"] == {"method.response.header.Access-Control-Allow-Origin": "'*'"}
    one = c.get_method(restApiId=api_id, resourceId=resources["/items/{id}"]["id"], httpMethod="GET")
    assert one["requestParameters"] == {"method.request.path.id": True}

    response = c.get_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")
    assert response["responseParameters"] == {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}
    assert response["defaultResponse"] is False
    assert c.get_model(restApiId=api_id, modelName="Item")["contentType"] == "application/json"


def test_cdk_stack_lifecycle(apigateway, stack):
    c = apigateway
    api_id = stack["api"]["id"]

    # AWS::ApiGateway::Account: the CloudWatch role CDK creates (cloudWatchRole: true)
    role = f"arn:aws:iam::{ACCOUNT}:role/Stack-CdkSpecApiCloudWatchRole-XYZ"
    account = c.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": role}])
    assert account["cloudwatchRoleArn"] == role
    assert c.get_account()["cloudwatchRoleArn"] == role

    # AWS::ApiGateway::Deployment with StageName / StageDescription
    deployment = c.create_deployment(restApiId=api_id, stageName="prod", stageDescription="Production",
                                     description="Automatically created by the RestApi construct",
                                     variables={"handlerAlias": "live"}, tracingEnabled=True)
    stage = c.get_stage(restApiId=api_id, stageName="prod")
    assert stage["deploymentId"] == deployment["id"]
    assert stage["description"] == "Production"
    assert stage["variables"] == {"handlerAlias": "live"}
    assert stage["tracingEnabled"] is True
    assert c.get_deployment(restApiId=api_id, deploymentId=deployment["id"])["description"] == (
        "Automatically created by the RestApi construct")
    # CloudFormation then applies MethodSettings/AccessLogSetting through UpdateStage
    c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/*/*/logging/dataTrace", "value": "true"},
        {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
    ])

    # tags on the stage ARN (stack tags propagate to AWS::ApiGateway::Stage; "aws:" keys are CloudFormation's own)
    stage_arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/prod"
    assert_error(error_of(c.tag_resource, resourceArn=stage_arn, tags={"aws:cloudformation:stack-name": "S"}),
                 "BadRequestException", status=400)
    c.tag_resource(resourceArn=stage_arn, tags={"stack": "CdkStack", "team": "pets"})
    assert c.get_tags(resourceArn=stage_arn)["tags"] == {"stack": "CdkStack",
                                                          "team": "pets"}
    assert c.get_stage(restApiId=api_id, stageName="prod")["tags"] == {
        "stack": "CdkStack", "team": "pets"}
    c.untag_resource(resourceArn=stage_arn, tagKeys=["team"])
    assert c.get_tags(resourceArn=stage_arn)["tags"] == {"stack": "CdkStack"}

    # AWS::ApiGateway::DomainName + BasePathMapping
    domain = c.create_domain_name(
        domainName="api.example.com", endpointConfiguration={"types": ["REGIONAL"]},
        regionalCertificateArn=f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/abc", securityPolicy="TLS_1_2")
    assert domain["regionalDomainName"].endswith(f".execute-api.{REGION}.amazonaws.com")
    mapping = c.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, stage="prod",
                                         basePath="pets")
    assert strip_metadata(mapping) == {"basePath": "pets", "restApiId": api_id, "stage": "prod",
                                       "ResponseMetadata": {"HTTPStatusCode": 201}}
    assert c.get_base_path_mappings(domainName="api.example.com")["items"] == [
        {"basePath": "pets", "restApiId": api_id, "stage": "prod"}]

    # an authorizer defined outside the body (AWS::ApiGateway::Authorizer)
    token = c.create_authorizer(restApiId=api_id, name="ExtraToken", type="TOKEN",
                                authorizerUri=_invocation(AUTH_FN),
                                identitySource="method.request.header.X-Token",
                                identityValidationExpression="^Bearer .+$")
    cognito = c.create_authorizer(restApiId=api_id, name="ExtraPool", type="COGNITO_USER_POOLS",
                                  providerARNs=[USER_POOL], identitySource="method.request.header.Authorization")
    assert token["identityValidationExpression"] == "^Bearer .+$"
    assert "authorizerResultTtlInSeconds" not in token
    assert cognito["providerARNs"] == [USER_POOL] and "authorizerUri" not in cognito
    assert len(c.get_authorizers(restApiId=api_id)["items"]) == 4

    # stack update: a changed body, overwrite, new deployment moves the stage
    put = c.put_rest_api(restApiId=api_id, mode="overwrite", failOnWarnings=True,
                         body=json.dumps(_spec(extra_path=True)).encode())
    assert put["id"] == api_id
    assert sorted(_by_path(c, api_id)) == ["/", "/health", "/items", "/items/{id}"]
    redeploy = c.create_deployment(restApiId=api_id, stageName="prod", stageDescription="Production",
                                   description="Automatically created by the RestApi construct")
    stage = c.get_stage(restApiId=api_id, stageName="prod")
    assert stage["deploymentId"] == redeploy["id"]
    assert stage["methodSettings"]["*/*"]["loggingLevel"] == "INFO"  # kept across deployments
    assert stage["tags"] == {"stack": "CdkStack"}
    assert c.get_base_path_mapping(domainName="api.example.com", basePath="pets")["stage"] == "prod"

    # stack delete: mapping, domain, stage, deployments, api
    c.delete_base_path_mapping(domainName="api.example.com", basePath="pets")
    c.delete_domain_name(domainName="api.example.com")
    assert_error(error_of(c.get_domain_name, domainName="api.example.com"), "NotFoundException", status=404)
    c.delete_stage(restApiId=api_id, stageName="prod")
    for item in c.get_deployments(restApiId=api_id)["items"]:
        c.delete_deployment(restApiId=api_id, deploymentId=item["id"])
    c.delete_rest_api(restApiId=api_id)
    assert c.get_rest_apis()["items"] == []
    assert_error(error_of(c.get_tags, resourceArn=stage_arn), "NotFoundException", status=404)


def test_lambda_rest_api_construct_with_cors(apigateway, gwmock):
    """LambdaRestApi with defaultCorsPreflightOptions: root ANY, {proxy+} ANY, OPTIONS mocks."""
    import requests

    c = apigateway
    api = c.create_rest_api(name="LambdaRestApi", endpointConfiguration={"types": ["EDGE"]})
    api_id, root = api["id"], api["rootResourceId"]
    proxy = c.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")
    assert proxy["path"] == "/{proxy+}"
    cors_headers = "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent'"
    for resource in (root, proxy["id"]):
        c.put_method(restApiId=api_id, resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        c.put_integration(restApiId=api_id, resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                          integrationHttpMethod="POST", uri=_invocation(HANDLER))
        c.put_method(restApiId=api_id, resourceId=resource, httpMethod="OPTIONS", authorizationType="NONE")
        c.put_integration(restApiId=api_id, resourceId=resource, httpMethod="OPTIONS", type="MOCK",
                          requestTemplates={"application/json": "{ statusCode: 200 }"})
        c.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="OPTIONS", statusCode="204",
                              responseParameters={
                                  "method.response.header.Access-Control-Allow-Headers": True,
                                  "method.response.header.Access-Control-Allow-Origin": True,
                                  "method.response.header.Access-Control-Allow-Methods": True})
        c.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="OPTIONS", statusCode="204",
                                   responseParameters={
                                       "method.response.header.Access-Control-Allow-Headers": cors_headers,
                                       "method.response.header.Access-Control-Allow-Origin": "'*'",
                                       "method.response.header.Access-Control-Allow-Methods":
                                           "'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD'"})
    seen = []

    def handler(event, context):
        seen.append((event["httpMethod"], event["resource"], event["path"], event["pathParameters"]))
        return {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}, "body": "ok"}

    gwmock.add_lambda(HANDLER, handler)
    c.create_deployment(restApiId=api_id, stageName="prod")
    base = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod"

    preflight = requests.options(f"{base}/items/1", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "PUT"}, timeout=5)
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Methods"] == "OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD"
    assert preflight.headers["Access-Control-Allow-Headers"] == cors_headers.strip("'")
    assert requests.put(f"{base}/items/1", data="{}", timeout=5).text == "ok"
    assert requests.get(f"{base}/", timeout=5).text == "ok"
    assert seen == [("PUT", "/{proxy+}", "/items/1", {"proxy": "items/1"}), ("GET", "/", "/", None)]
