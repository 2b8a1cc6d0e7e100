"""Scenario: the call sequence of terraform-provider-aws (REST API resources).

Each step is what the provider sends for one resource (create, then its read), in the
order a plan with dependencies runs it, and each read asserts what the provider's
``resource*Read`` would set from the answer: a resource found by ``path`` in
GetResources, a stage's ``variables``/``methodSettings``/``tracingEnabled``, a method
setting looked up by ``<resource path without leading slash>/<VERB>``, a usage plan's
``apiStages``... Teardown runs in the order ``terraform destroy`` does (dependents first)
and every later read answers NotFoundException, which is what the provider takes as
"gone".
"""

from __future__ import annotations

import json

import pytest
from helpers import assert_error, error_of, strip_metadata

REGION = "us-east-1"
ACCOUNT = "123456789012"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:pets-handler"
LAMBDA_URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"
AUTHORIZER_URI = (f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
                  f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:authz/invocations")
POLICY = {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": "*",
        "Action": "execute-api:Invoke",
        "Resource": "execute-api:/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    }],
}


def _unquote_policy(policy: str) -> dict:
    """What the provider does with a read policy: undo AWS's escaping, then parse."""
    return json.loads(json.loads(f'"{policy}"'))


def _resource_by_path(client, api_id: str, path: str) -> dict:
    """aws_api_gateway_resource / data source: page GetResources and match ``path``."""
    for page in client.get_paginator("get_resources").paginate(restApiId=api_id):
        for item in page["items"]:
            if item["path"] == path:
                return item
    raise AssertionError(f"no resource {path}")


@pytest.fixture
def built(apigateway):
    """Everything up to the first deployment: api, resources, authorizer, method, integration."""
    c = apigateway
    api = c.create_rest_api(name="pets-tf", description="Managed by Terraform",
                            endpointConfiguration={"types": ["REGIONAL"]}, tags={"env": "test"})
    api_id = api["id"]
    root = _resource_by_path(c, api_id, "/")
    assert root["id"] == api["rootResourceId"] and "parentId" not in root

    v1 = c.create_resource(restApiId=api_id, parentId=root["id"], pathPart="v1")
    pets = c.create_resource(restApiId=api_id, parentId=v1["id"], pathPart="pets")
    pet = c.create_resource(restApiId=api_id, parentId=pets["id"], pathPart="{petId}")
    assert (v1["path"], pets["path"], pet["path"]) == ("/v1", "/v1/pets", "/v1/pets/{petId}")
    got = c.get_resource(restApiId=api_id, resourceId=pet["id"])
    assert (got["parentId"], got["pathPart"], got["path"]) == (pets["id"], "{petId}", "/v1/pets/{petId}")

    authorizer = c.create_authorizer(
        restApiId=api_id, name="tf-token", type="TOKEN", authorizerUri=AUTHORIZER_URI,
        identitySource="method.request.header.Authorization", authorizerResultTtlInSeconds=300)
    read = c.get_authorizer(restApiId=api_id, authorizerId=authorizer["id"])
    assert read["authorizerUri"] == AUTHORIZER_URI
    assert read["identitySource"] == "method.request.header.Authorization"
    assert read["authorizerResultTtlInSeconds"] == 300
    assert read["type"] == "TOKEN"

    method = c.put_method(
        restApiId=api_id, resourceId=pet["id"], httpMethod="GET", authorizationType="CUSTOM",
        authorizerId=authorizer["id"],
        requestParameters={"method.request.path.petId": True, "method.request.querystring.verbose": False})
    assert method["ResponseMetadata"]["HTTPStatusCode"] == 201
    integration = c.put_integration(
        restApiId=api_id, resourceId=pet["id"], httpMethod="GET", type="AWS_PROXY",
        integrationHttpMethod="POST", uri=LAMBDA_URI,
        requestParameters={"integration.request.path.id": "method.request.path.petId"},
        cacheKeyParameters=["method.request.path.petId"], timeoutInMillis=10000)
    assert integration["uri"] == LAMBDA_URI
    c.put_method_response(restApiId=api_id, resourceId=pet["id"], httpMethod="GET", statusCode="200",
                          responseModels={"application/json": "Empty"},
                          responseParameters={"method.response.header.X-Request-Id": False})
    c.put_integration_response(restApiId=api_id, resourceId=pet["id"], httpMethod="GET", statusCode="200",
                               responseTemplates={"application/json": ""},
                               responseParameters={"method.response.header.X-Request-Id":
                                                   "integration.response.header.x-amzn-RequestId"})
    return {"api": api, "resources": {"v1": v1, "pets": pets, "pet": pet}, "authorizer": authorizer}


def test_terraform_apply_update_destroy(apigateway, built):
    c = apigateway
    api_id = built["api"]["id"]
    pet_id = built["resources"]["pet"]["id"]

    # --- reads of the method tree, as aws_api_gateway_method / _integration read them ---
    method = c.get_method(restApiId=api_id, resourceId=pet_id, httpMethod="GET")
    assert method["authorizationType"] == "CUSTOM"
    assert method["authorizerId"] == built["authorizer"]["id"]
    assert method["apiKeyRequired"] is False
    assert method["requestParameters"] == {"method.request.path.petId": True,
                                           "method.request.querystring.verbose": False}
    assert method["methodResponses"]["200"]["responseModels"] == {"application/json": "Empty"}
    integration = c.get_integration(restApiId=api_id, resourceId=pet_id, httpMethod="GET")
    assert integration["type"] == "AWS_PROXY"
    assert integration["httpMethod"] == "POST"
    assert integration["uri"] == LAMBDA_URI
    assert integration["passthroughBehavior"] == "WHEN_NO_MATCH"
    assert integration["timeoutInMillis"] == 10000
    assert integration["cacheKeyParameters"] == ["method.request.path.petId"]
    assert integration["cacheNamespace"] == pet_id
    assert integration["requestParameters"] == {"integration.request.path.id": "method.request.path.petId"}
    response = c.get_integration_response(restApiId=api_id, resourceId=pet_id, httpMethod="GET",
                                          statusCode="200")
    assert response["responseParameters"] == {
        "method.response.header.X-Request-Id": "integration.response.header.x-amzn-RequestId"}
    method_response = c.get_method_response(restApiId=api_id, resourceId=pet_id, httpMethod="GET",
                                            statusCode="200")
    assert method_response["responseParameters"] == {"method.response.header.X-Request-Id": False}

    # --- aws_api_gateway_deployment, then aws_api_gateway_stage --------------------------
    deployment = c.create_deployment(restApiId=api_id, description="tf deployment")
    assert set(deployment) - {"ResponseMetadata"} == {"id", "createdDate", "description"}
    read = c.get_deployment(restApiId=api_id, deploymentId=deployment["id"])
    assert read["description"] == "tf deployment"
    stage = c.create_stage(restApiId=api_id, stageName="prod", deploymentId=deployment["id"],
                           description="production", variables={"lambdaAlias": "live"},
                           tracingEnabled=True, tags={"stage": "prod"})
    assert stage["tracingEnabled"] is True
    assert stage["cacheClusterStatus"] == "NOT_AVAILABLE"
    stage = c.get_stage(restApiId=api_id, stageName="prod")
    assert stage["deploymentId"] == deployment["id"]
    assert stage["variables"] == {"lambdaAlias": "live"}
    assert stage["tags"] == {"stage": "prod"}
    assert "accessLogSettings" not in stage and "canarySettings" not in stage

    # resourceStageUpdate: cache cluster, variables diff, access logs, X-Ray
    updated = c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
        {"op": "replace", "path": "/cacheClusterSize", "value": "1.6"},
        {"op": "remove", "path": "/variables/lambdaAlias"},
        {"op": "replace", "path": "/variables/backend", "value": "pets.internal"},
        {"op": "replace", "path": "/accessLogSettings/destinationArn",
         "value": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:api-access"},
        {"op": "replace", "path": "/accessLogSettings/format", "value": '{"requestId":"$context.requestId"}'},
        {"op": "replace", "path": "/tracingEnabled", "value": "false"},
        {"op": "replace", "path": "/description", "value": "production v2"},
    ])
    assert updated["cacheClusterEnabled"] is True
    assert updated["cacheClusterSize"] == "1.6"
    assert updated["cacheClusterStatus"] == "AVAILABLE"
    assert updated["variables"] == {"backend": "pets.internal"}
    assert updated["accessLogSettings"] == {
        "destinationArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:api-access",
        "format": '{"requestId":"$context.requestId"}'}
    assert updated["tracingEnabled"] is False
    assert strip_metadata(c.get_stage(restApiId=api_id, stageName="prod")) == strip_metadata(updated)

    # aws_api_gateway_method_settings: "*/*" for all, then one method override
    c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "100.000000"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "50"},
        {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": "300"},
    ])
    c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/~1v1~1pets~1{petId}/GET/logging/loglevel", "value": "ERROR"},
        {"op": "replace", "path": "/~1v1~1pets~1{petId}/GET/caching/ttlInSeconds", "value": "60"},
    ])
    settings = c.get_stage(restApiId=api_id, stageName="prod")["methodSettings"]
    assert settings["*/*"] == {
        "metricsEnabled": True, "loggingLevel": "INFO", "dataTraceEnabled": False,
        "throttlingBurstLimit": 50, "throttlingRateLimit": 100.0, "cachingEnabled": False,
        "cacheTtlInSeconds": 300, "cacheDataEncrypted": False, "requireAuthorizationForCacheControl": True,
        "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER"}
    method_setting = settings["~1v1~1pets~1{petId}/GET"]
    assert method_setting["loggingLevel"] == "ERROR"
    assert method_setting["cacheTtlInSeconds"] == 60
    assert method_setting["metricsEnabled"] is True  # inherited from */* when created

    # --- usage plan, api key, usage plan key -------------------------------------------
    plan = c.create_usage_plan(name="tf-plan", description="tf", apiStages=[{"apiId": api_id, "stage": "prod"}],
                               throttle={"burstLimit": 10, "rateLimit": 5.0},
                               quota={"limit": 1000, "period": "MONTH"})
    plan_read = c.get_usage_plan(usagePlanId=plan["id"])
    assert plan_read["apiStages"] == [{"apiId": api_id, "stage": "prod"}]
    assert plan_read["throttle"] == {"burstLimit": 10, "rateLimit": 5.0}
    assert plan_read["quota"] == {"limit": 1000, "offset": 0, "period": "MONTH"}
    key = c.create_api_key(name="tf-key", enabled=True, value="tf-key-value-0123456789")
    key_read = c.get_api_key(apiKey=key["id"], includeValue=True)
    assert key_read["enabled"] is True and key_read["value"] == "tf-key-value-0123456789"
    plan_key = c.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    assert plan_key["ResponseMetadata"]["HTTPStatusCode"] == 201
    plan_key_read = c.get_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    assert (plan_key_read["id"], plan_key_read["type"], plan_key_read["name"], plan_key_read["value"]) == (
        key["id"], "API_KEY", "tf-key", "tf-key-value-0123456789")

    # --- aws_api_gateway_rest_api update: policy, binary media types ----------------------
    api = c.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/policy", "value": json.dumps(POLICY, indent=2)},
        {"op": "add", "path": "/binaryMediaTypes/image~1png"},
        {"op": "add", "path": "/binaryMediaTypes/application~1octet-stream"},
        {"op": "replace", "path": "/description", "value": "Managed by Terraform (2)"},
    ])
    assert api["binaryMediaTypes"] == ["image/png", "application/octet-stream"]
    read = c.get_rest_api(restApiId=api_id)
    # AWS stores the execute-api:/ shorthand written out against the API's ARN
    # (aws-recorded test_create_execute_api_vpc_endpoint)
    assert _unquote_policy(read["policy"]) == {**POLICY, "Statement": [
        {**POLICY["Statement"][0], "Resource": f"arn:aws:execute-api:{REGION}:123456789012:{api_id}/*"}]}
    assert read["binaryMediaTypes"] == ["image/png", "application/octet-stream"]
    assert read["description"] == "Managed by Terraform (2)"
    assert read["endpointConfiguration"] == {"types": ["REGIONAL"], "ipAddressType": "ipv4"}
    assert read["tags"] == {"env": "test"}

    # --- redeploy (triggers changed): new deployment, stage moved by UpdateStage ----------
    second = c.create_deployment(restApiId=api_id, description="tf deployment 2")
    moved = c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/deploymentId", "value": second["id"]}])
    assert moved["deploymentId"] == second["id"]
    assert moved["variables"] == {"backend": "pets.internal"}  # untouched by the move
    assert moved["methodSettings"] == settings
    # create_before_destroy: the old deployment goes once no stage uses it
    c.delete_deployment(restApiId=api_id, deploymentId=deployment["id"])
    assert [d["id"] for d in c.get_deployments(restApiId=api_id)["items"]] == [second["id"]]

    # --- data "aws_api_gateway_export" ---------------------------------------------------
    export = c.get_export(restApiId=api_id, stageName="prod", exportType="oas30",
                          parameters={"extensions": "integrations,authorizers"})
    document = json.loads(export["body"].read())
    operation = document["paths"]["/v1/pets/{petId}"]["get"]
    assert operation["x-amazon-apigateway-integration"]["uri"] == LAMBDA_URI
    assert operation["x-amazon-apigateway-integration"]["type"] == "aws_proxy"
    assert {p["name"]: p["in"] for p in operation["parameters"]} == {"petId": "path", "verbose": "query"}
    assert operation["security"] == [{"tf-token": []}]
    scheme = document["components"]["securitySchemes"]["tf-token"]
    assert scheme["x-amazon-apigateway-authorizer"]["authorizerUri"] == AUTHORIZER_URI
    assert "image/png" in document["x-amazon-apigateway-binary-media-types"]

    # --- terraform destroy: usage plan key, api key, usage plan, stage, deployment, api ----
    c.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    assert_error(error_of(c.get_usage_plan_key, usagePlanId=plan["id"], keyId=key["id"]),
                 "NotFoundException", status=404)
    c.delete_api_key(apiKey=key["id"])
    assert_error(error_of(c.get_api_key, apiKey=key["id"]), "NotFoundException", status=404)
    # the provider removes the plan's stages before deleting it
    c.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "remove", "path": "/apiStages", "value": f"{api_id}:prod"}])
    assert c.get_usage_plan(usagePlanId=plan["id"])["apiStages"] == []
    c.delete_usage_plan(usagePlanId=plan["id"])
    assert_error(error_of(c.get_usage_plan, usagePlanId=plan["id"]), "NotFoundException", status=404)
    c.delete_stage(restApiId=api_id, stageName="prod")
    assert_error(error_of(c.get_stage, restApiId=api_id, stageName="prod"), "NotFoundException",
                 "Invalid stage identifier specified", 404)
    c.delete_deployment(restApiId=api_id, deploymentId=second["id"])
    assert c.get_deployments(restApiId=api_id)["items"] == []
    # method-level resources are destroyed before the api
    c.delete_integration_response(restApiId=api_id, resourceId=pet_id, httpMethod="GET", statusCode="200")
    c.delete_integration(restApiId=api_id, resourceId=pet_id, httpMethod="GET")
    c.delete_method_response(restApiId=api_id, resourceId=pet_id, httpMethod="GET", statusCode="200")
    c.delete_method(restApiId=api_id, resourceId=pet_id, httpMethod="GET")
    c.delete_authorizer(restApiId=api_id, authorizerId=built["authorizer"]["id"])
    c.delete_resource(restApiId=api_id, resourceId=pet_id)
    c.delete_resource(restApiId=api_id, resourceId=built["resources"]["pets"]["id"])
    c.delete_resource(restApiId=api_id, resourceId=built["resources"]["v1"]["id"])
    assert [r["path"] for r in c.get_resources(restApiId=api_id)["items"]] == ["/"]
    c.delete_rest_api(restApiId=api_id)
    assert_error(error_of(c.get_rest_api, restApiId=api_id), "NotFoundException",
                 f"Invalid API identifier specified {ACCOUNT}:{api_id}", 404)
    assert c.get_rest_apis()["items"] == []


def test_terraform_method_settings_path_without_escaping(apigateway, built):
    """The provider's docs build method_path as ``trimprefix(resource.path, "/")/VERB``."""
    c = apigateway
    api_id = built["api"]["id"]
    deployment = c.create_deployment(restApiId=api_id)
    c.create_stage(restApiId=api_id, stageName="dev", deploymentId=deployment["id"])
    c.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/v1/GET/metrics/enabled", "value": "true"}])
    settings = c.get_stage(restApiId=api_id, stageName="dev")["methodSettings"]
    assert list(settings) == ["v1/GET"]
    assert settings["v1/GET"]["metricsEnabled"] is True
    # resourceMethodSettingsDelete, then a second delete the provider tolerates by message
    c.update_stage(restApiId=api_id, stageName="dev", patchOperations=[{"op": "remove", "path": "/v1/GET"}])
    assert c.get_stage(restApiId=api_id, stageName="dev")["methodSettings"] == {}
    error = error_of(c.update_stage, restApiId=api_id, stageName="dev",
                     patchOperations=[{"op": "remove", "path": "/v1/GET"}])
    assert_error(error, "BadRequestException", status=400)
    assert "no method setting for this method" in error["Error"]["Message"]


def test_terraform_canary_settings_diff(apigateway, built):
    """appendCanarySettingsPatchOperations: overrides by key, percent as ``%f``, cache flag."""
    c = apigateway
    api_id = built["api"]["id"]
    first = c.create_deployment(restApiId=api_id)
    c.create_stage(restApiId=api_id, stageName="prod", deploymentId=first["id"],
                   canarySettings={"deploymentId": first["id"], "percentTraffic": 0.0})
    stage = c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/stageVariableOverrides/alias", "value": "canary"},
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "12.500000"},
        {"op": "replace", "path": "/canarySettings/useStageCache", "value": "true"},
    ])
    assert stage["canarySettings"] == {"deploymentId": first["id"], "percentTraffic": 12.5,
                                       "useStageCache": True, "stageVariableOverrides": {"alias": "canary"}}
    # deployment_id changes: the provider moves the stage and its canary together
    second = c.create_deployment(restApiId=api_id)
    stage = c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/deploymentId", "value": second["id"]},
        {"op": "replace", "path": "/canarySettings/deploymentId", "value": second["id"]},
    ])
    assert stage["deploymentId"] == second["id"] and stage["canarySettings"]["deploymentId"] == second["id"]
    # canary_settings removed from the configuration
    stage = c.update_stage(restApiId=api_id, stageName="prod",
                           patchOperations=[{"op": "remove", "path": "/canarySettings"}])
    assert "canarySettings" not in stage
    assert "canarySettings" not in c.get_stage(restApiId=api_id, stageName="prod")
    c.delete_deployment(restApiId=api_id, deploymentId=first["id"])


def test_terraform_body_overwrites_api(apigateway):
    """aws_api_gateway_rest_api with ``body``: CreateRestApi, then PutRestApi mode=overwrite."""
    c = apigateway
    api = c.create_rest_api(name="tf-body", endpointConfiguration={"types": ["REGIONAL"]})
    body = {
        "openapi": "3.0.1",
        "info": {"title": "tf-body", "version": "1.0"},
        "paths": {"/health": {"get": {
            "responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {
                "application/json": '{"statusCode": 200}'}, "responses": {"default": {"statusCode": "200"}}},
        }}},
    }
    put = c.put_rest_api(restApiId=api["id"], mode="overwrite", body=json.dumps(body).encode(),
                         parameters={"endpointConfigurationTypes": "REGIONAL"})
    assert put["id"] == api["id"] and put["name"] == "tf-body"
    assert put["rootResourceId"] == api["rootResourceId"]
    paths = sorted(r["path"] for r in c.get_resources(restApiId=api["id"])["items"])
    assert paths == ["/", "/health"]
    health = _resource_by_path(c, api["id"], "/health")
    integration = c.get_integration(restApiId=api["id"], resourceId=health["id"], httpMethod="GET")
    assert integration["type"] == "MOCK"
    # body changed: overwrite again, the old path disappears
    body["paths"] = {"/status": body["paths"]["/health"]}
    c.put_rest_api(restApiId=api["id"], mode="overwrite", body=json.dumps(body).encode())
    assert sorted(r["path"] for r in c.get_resources(restApiId=api["id"])["items"]) == ["/", "/status"]
    c.create_deployment(restApiId=api["id"], stageName="live")
    assert c.get_stage(restApiId=api["id"], stageName="live")["deploymentId"]


def test_terraform_in_place_updates(apigateway, built):
    """The patch operations each resource's ``Update`` sends when only attributes change."""
    c = apigateway
    api_id = built["api"]["id"]
    pet_id = built["resources"]["pet"]["id"]
    authorizer_id = built["authorizer"]["id"]
    validator = c.create_request_validator(restApiId=api_id, name="params", validateRequestParameters=True)
    c.create_model(restApiId=api_id, name="Pet", contentType="application/json",
                   schema=json.dumps({"type": "object"}))

    # aws_api_gateway_method: parameters, models, validator, api key, scopes, operation name
    method = c.update_method(restApiId=api_id, resourceId=pet_id, httpMethod="GET", patchOperations=[
        {"op": "remove", "path": "/requestParameters/method.request.querystring.verbose"},
        {"op": "add", "path": "/requestParameters/method.request.header.X-Trace", "value": "false"},
        {"op": "replace", "path": "/requestParameters/method.request.path.petId", "value": "true"},
        {"op": "add", "path": "/requestModels/application~1json", "value": "Pet"},
        {"op": "replace", "path": "/requestValidatorId", "value": validator["id"]},
        {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
        {"op": "replace", "path": "/operationName", "value": "GetPet"},
    ])
    assert method["requestParameters"] == {"method.request.path.petId": True,
                                           "method.request.header.X-Trace": False}
    assert method["requestModels"] == {"application/json": "Pet"}
    assert method["requestValidatorId"] == validator["id"]
    assert method["apiKeyRequired"] is True and method["operationName"] == "GetPet"
    assert method["authorizerId"] == authorizer_id
    read = c.get_method(restApiId=api_id, resourceId=pet_id, httpMethod="GET")
    assert strip_metadata(read) == strip_metadata(method)

    # aws_api_gateway_integration: templates, parameters, cache keys, uri, timeout
    integration = c.update_integration(restApiId=api_id, resourceId=pet_id, httpMethod="GET", patchOperations=[
        {"op": "add", "path": "/requestTemplates/application~1json", "value": '{"id": "$input.params(\'petId\')"}'},
        {"op": "remove", "path": "/requestParameters/integration.request.path.id"},
        {"op": "add", "path": "/requestParameters/integration.request.header.X-Trace",
         "value": "method.request.header.X-Trace"},
        {"op": "remove", "path": "/cacheKeyParameters/method.request.path.petId", "value": ""},
        {"op": "add", "path": "/cacheKeyParameters/method.request.header.X-Trace", "value": ""},
        {"op": "replace", "path": "/timeoutInMillis", "value": "29000"},
        {"op": "replace", "path": "/uri", "value": LAMBDA_URI.replace("pets-handler", "pets-handler-v2")},
    ])
    assert integration["requestTemplates"] == {"application/json": '{"id": "$input.params(\'petId\')"}'}
    assert integration["requestParameters"] == {
        "integration.request.header.X-Trace": "method.request.header.X-Trace"}
    assert integration["cacheKeyParameters"] == ["method.request.header.X-Trace"]
    assert integration["timeoutInMillis"] == 29000
    assert integration["uri"].endswith("function:pets-handler-v2/invocations")
    read = c.get_integration(restApiId=api_id, resourceId=pet_id, httpMethod="GET")
    assert strip_metadata(read) == strip_metadata(integration)

    # aws_api_gateway_method_response: parameters and models
    response = c.update_method_response(
        restApiId=api_id, resourceId=pet_id, httpMethod="GET", statusCode="200", patchOperations=[
            {"op": "replace", "path": "/responseParameters/method.response.header.X-Request-Id", "value": "true"},
            {"op": "add", "path": "/responseParameters/method.response.header.X-Version", "value": "false"},
            {"op": "replace", "path": "/responseModels/application~1json", "value": "Pet"},
        ])
    assert response["responseParameters"] == {"method.response.header.X-Request-Id": True,
                                              "method.response.header.X-Version": False}
    assert response["responseModels"] == {"application/json": "Pet"}

    # aws_api_gateway_authorizer
    authorizer = c.update_authorizer(restApiId=api_id, authorizerId=authorizer_id, patchOperations=[
        {"op": "replace", "path": "/name", "value": "tf-token-2"},
        {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "0"},
        {"op": "replace", "path": "/identityValidationExpression", "value": "^Bearer .+$"},
        {"op": "replace", "path": "/authorizerCredentials",
         "value": f"arn:aws:iam::{ACCOUNT}:role/apigw-invoke-authorizer"},
    ])
    assert authorizer["name"] == "tf-token-2"
    assert authorizer["authorizerResultTtlInSeconds"] == 0
    assert authorizer["identityValidationExpression"] == "^Bearer .+$"
    assert authorizer["authorizerCredentials"] == f"arn:aws:iam::{ACCOUNT}:role/apigw-invoke-authorizer"
    pool = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_pool1"
    other_pool = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_pool2"
    cognito = c.create_authorizer(restApiId=api_id, name="pool", type="COGNITO_USER_POOLS", providerARNs=[pool],
                                  identitySource="method.request.header.Authorization")
    # provider_arns changed: add first, then remove (the list may never be empty)
    cognito = c.update_authorizer(restApiId=api_id, authorizerId=cognito["id"], patchOperations=[
        {"op": "add", "path": "/providerARNs", "value": other_pool},
        {"op": "remove", "path": "/providerARNs", "value": pool},
    ])
    assert cognito["providerARNs"] == [other_pool]

    # aws_api_gateway_request_validator, aws_api_gateway_model
    validator = c.update_request_validator(restApiId=api_id, requestValidatorId=validator["id"], patchOperations=[
        {"op": "replace", "path": "/validateRequestBody", "value": "true"},
        {"op": "replace", "path": "/name", "value": "all"}])
    assert (validator["name"], validator["validateRequestBody"], validator["validateRequestParameters"]) == (
        "all", True, True)
    model = c.update_model(restApiId=api_id, modelName="Pet", patchOperations=[
        {"op": "replace", "path": "/schema", "value": json.dumps({"type": "object", "required": ["id"]})},
        {"op": "replace", "path": "/description", "value": "a pet"}])
    assert json.loads(model["schema"]) == {"type": "object", "required": ["id"]}
    assert model["description"] == "a pet"

    # aws_api_gateway_gateway_response: put again to change
    c.put_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED", statusCode="401",
                           responseTemplates={"application/json": '{"message": $context.error.messageString}'})
    c.put_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED", statusCode="401",
                           responseParameters={"gatewayresponse.header.WWW-Authenticate": "'Bearer'"},
                           responseTemplates={"application/json": '{"message": "no"}'})
    gateway_response = c.get_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED")
    assert gateway_response["statusCode"] == "401"
    assert gateway_response["responseParameters"] == {"gatewayresponse.header.WWW-Authenticate": "'Bearer'"}
    assert gateway_response["responseTemplates"] == {"application/json": '{"message": "no"}'}
    assert gateway_response["defaultResponse"] is False

    # aws_api_gateway_rest_api: endpoint type, compression, execute-api endpoint
    api = c.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/REGIONAL", "value": "EDGE"},
        {"op": "replace", "path": "/minimumCompressionSize", "value": "1024"},
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "true"},
        {"op": "replace", "path": "/apiKeySource", "value": "AUTHORIZER"},
    ])
    assert api["endpointConfiguration"]["types"] == ["EDGE"]
    assert (api["minimumCompressionSize"], api["disableExecuteApiEndpoint"], api["apiKeySource"]) == (
        1024, True, "AUTHORIZER")
    # minimum_compression_size removed from the configuration
    api = c.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/minimumCompressionSize", "value": ""}])
    assert "minimumCompressionSize" not in api

    # deployment, usage plan, api key, base path mapping updates
    deployment = c.create_deployment(restApiId=api_id, stageName="dev")
    deployment = c.update_deployment(restApiId=api_id, deploymentId=deployment["id"], patchOperations=[
        {"op": "replace", "path": "/description", "value": "described later"}])
    assert deployment["description"] == "described later"
    plan = c.create_usage_plan(name="plan")
    plan = c.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{api_id}:dev"},
        {"op": "replace", "path": "/name", "value": "plan-2"},
        {"op": "replace", "path": "/description", "value": "two"},
        {"op": "add", "path": "/productCode", "value": "pc-1"},
        {"op": "add", "path": "/throttle/burstLimit", "value": "20"},
        {"op": "add", "path": "/throttle/rateLimit", "value": "10"},
        {"op": "add", "path": "/quota/limit", "value": "500"},
        {"op": "add", "path": "/quota/offset", "value": "0"},
        {"op": "add", "path": "/quota/period", "value": "WEEK"},
    ])
    assert plan["apiStages"] == [{"apiId": api_id, "stage": "dev"}]
    assert (plan["name"], plan["description"], plan["productCode"]) == ("plan-2", "two", "pc-1")
    assert plan["throttle"] == {"burstLimit": 20, "rateLimit": 10.0}
    assert plan["quota"] == {"limit": 500, "offset": 0, "period": "WEEK"}
    plan = c.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "remove", "path": "/throttle"}, {"op": "remove", "path": "/quota"}])
    assert "throttle" not in plan and "quota" not in plan
    key = c.create_api_key(name="k")
    key = c.update_api_key(apiKey=key["id"], patchOperations=[
        {"op": "replace", "path": "/enabled", "value": "true"},
        {"op": "replace", "path": "/description", "value": "desc"},
        {"op": "replace", "path": "/customerId", "value": "cust-1"}])
    assert (key["enabled"], key["description"], key["customerId"]) == (True, "desc", "cust-1")
    c.create_domain_name(domainName="tf.example.com", regionalCertificateArn=f"arn:aws:acm:{REGION}:{ACCOUNT}:"
                         "certificate/1", endpointConfiguration={"types": ["REGIONAL"]})
    c.create_base_path_mapping(domainName="tf.example.com", restApiId=api_id, stage="dev", basePath="a")
    mapping = c.update_base_path_mapping(domainName="tf.example.com", basePath="a", patchOperations=[
        {"op": "replace", "path": "/basePath", "value": "b"},
        {"op": "replace", "path": "/stage", "value": "dev"}])
    assert strip_metadata(mapping) == {"basePath": "b", "restApiId": api_id, "stage": "dev",
                                       "ResponseMetadata": {"HTTPStatusCode": 200}}
    assert [m["basePath"] for m in c.get_base_path_mappings(domainName="tf.example.com")["items"]] == ["b"]
    domain = c.update_domain_name(domainName="tf.example.com", patchOperations=[
        {"op": "replace", "path": "/regionalCertificateArn", "value": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/2"},
        {"op": "replace", "path": "/securityPolicy", "value": "TLS_1_0"}])
    assert domain["regionalCertificateArn"].endswith("certificate/2") and domain["securityPolicy"] == "TLS_1_0"


def test_terraform_built_api_serves_requests(apigateway, gwmock, built):
    """The API built as the provider builds it answers through the data plane once deployed."""
    import requests

    c = apigateway
    api_id = built["api"]["id"]
    events = []

    def handler(event, context):
        events.append(event)
        return {"statusCode": 200, "headers": {"X-Request-Id": "r-1"},
                "body": json.dumps({"pet": event["pathParameters"]["petId"],
                                    "alias": event["stageVariables"]["lambdaAlias"],
                                    "principal": event["requestContext"]["authorizer"]["principalId"]})}

    def authorizer(event, context):
        effect = "Allow" if event["authorizationToken"] == "Bearer good" else "Deny"
        return {"principalId": "user-7", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}

    gwmock.add_lambda(FUNCTION, handler)
    gwmock.add_lambda(f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:authz", authorizer)
    deployment = c.create_deployment(restApiId=api_id)
    c.create_stage(restApiId=api_id, stageName="prod", deploymentId=deployment["id"],
                   variables={"lambdaAlias": "live"})
    url = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod/v1/pets/42"

    response = requests.get(url, headers={"Authorization": "Bearer good"}, timeout=5)
    assert response.status_code == 200, response.text
    assert response.json() == {"pet": "42", "alias": "live", "principal": "user-7"}
    assert response.headers["X-Request-Id"] == "r-1"
    assert events[0]["resource"] == "/v1/pets/{petId}" and events[0]["path"] == "/v1/pets/42"
    assert events[0]["requestContext"]["stage"] == "prod"

    denied = requests.get(url, headers={"Authorization": "Bearer bad"}, timeout=5)
    assert denied.status_code == 403
    missing = requests.get(url, timeout=5)
    assert missing.status_code == 401
    assert len(events) == 1


def test_terraform_deployment_stage_name_recreation_drops_plan_association(apigateway, built):
    """aws_api_gateway_deployment with ``stage_name``: replacing it deletes and recreates the stage,
    which takes the stage out of its usage plan (hashicorp/terraform-provider-aws #14100)."""
    c = apigateway
    api_id = built["api"]["id"]
    first = c.create_deployment(restApiId=api_id, stageName="dev", variables={"alias": "dev"})
    plan = c.create_usage_plan(name="plan", apiStages=[{"apiId": api_id, "stage": "dev"}])
    c.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"}])
    # resourceDeploymentDelete: the stage goes with the deployment it still points at
    assert c.get_stage(restApiId=api_id, stageName="dev")["deploymentId"] == first["id"]
    c.delete_stage(restApiId=api_id, stageName="dev")
    c.delete_deployment(restApiId=api_id, deploymentId=first["id"])
    assert c.get_usage_plan(usagePlanId=plan["id"])["apiStages"] == []
    second = c.create_deployment(restApiId=api_id, stageName="dev", variables={"alias": "dev"})
    stage = c.get_stage(restApiId=api_id, stageName="dev")
    assert stage["deploymentId"] == second["id"]
    assert stage["methodSettings"] == {}  # aws_api_gateway_method_settings must be created again
    assert c.get_usage_plan(usagePlanId=plan["id"])["apiStages"] == []
    # destroying the plan while it still has stages is refused: the provider detaches them first
    c.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{api_id}:dev"}])
    error = error_of(c.delete_usage_plan, usagePlanId=plan["id"])
    assert_error(error, "BadRequestException", status=400)
    assert error["Error"]["Message"].startswith(f"Cannot delete Usage Plan {plan['id']} because there are API "
                                                "Stages associated with it")
    c.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "remove", "path": "/apiStages", "value": f"{api_id}:dev"}])
    c.delete_usage_plan(usagePlanId=plan["id"])
