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


LAMBDA_URI = (f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
              f"arn:aws:lambda:{REGION}:123456789012:function:tf/invocations")
ROLE = "arn:aws:iam::123456789012:role/tf-role"
POOLS = [f"arn:aws:cognito-idp:{REGION}:123456789012:userpool/{REGION}_pool{i}" for i in range(3)]


def _cognito_authorizer(client, **extra) -> tuple[str, str]:
    api_id = client.create_rest_api(name="tf-authorizer")["id"]
    created = client.create_authorizer(restApiId=api_id, name="tf", type="COGNITO_USER_POOLS",
                                       providerARNs=POOLS[:2], identitySource="method.request.header.Authorization",
                                       **extra)
    return api_id, created


def test_cognito_authorizer_create_ignores_credentials(client):
    # hashicorp/terraform-provider-aws #16613 / PR #16614: after CreateAuthorizer with credentials,
    # AWS read back "" (TestAccAWSAPIGatewayAuthorizer_cognito_authorizerCredentials failed).
    api_id, created = _cognito_authorizer(client, authorizerCredentials=ROLE)

    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert "authorizerCredentials" not in created
    assert "authorizerCredentials" not in client.get_authorizer(restApiId=api_id, authorizerId=created["id"])


def test_cognito_authorizer_credentials_set_by_replace(client):
    # authorizer.go patches replace /authorizerCredentials after the create; authorizer_test.go
    # TestAccAPIGatewayAuthorizer_Cognito_authorizerCredentials then reads the role back.
    api_id, created = _cognito_authorizer(client, authorizerCredentials=ROLE)

    answer = client.update_authorizer(restApiId=api_id, authorizerId=created["id"], patchOperations=[
        {"op": "replace", "path": "/authorizerCredentials", "value": ROLE}])

    assert answer["authorizerCredentials"] == ROLE
    assert client.get_authorizer(restApiId=api_id, authorizerId=created["id"])["authorizerCredentials"] == ROLE


def test_token_authorizer_create_keeps_credentials(client):
    api_id = client.create_rest_api(name="tf-authorizer")["id"]
    created = client.create_authorizer(restApiId=api_id, name="tf", type="TOKEN", authorizerUri=LAMBDA_URI,
                                       identitySource="method.request.header.Authorization",
                                       authorizerCredentials=ROLE)

    assert client.get_authorizer(restApiId=api_id, authorizerId=created["id"])["authorizerCredentials"] == ROLE


def test_cognito_authorizer_provider_arns_added_then_removed(client):
    # authorizer.go adds new ARNs first, then removes old ones (one op each, value = ARN);
    # TestAccAPIGatewayAuthorizer_cognito reads 2 then 3 provider ARNs.
    api_id, created = _cognito_authorizer(client)

    client.update_authorizer(restApiId=api_id, authorizerId=created["id"], patchOperations=[
        {"op": "add", "path": "/providerARNs", "value": POOLS[2]}])
    assert client.get_authorizer(restApiId=api_id, authorizerId=created["id"])["providerARNs"] == POOLS
    client.update_authorizer(restApiId=api_id, authorizerId=created["id"], patchOperations=[
        {"op": "remove", "path": "/providerARNs", "value": POOLS[0]}])

    assert client.get_authorizer(restApiId=api_id, authorizerId=created["id"])["providerARNs"] == POOLS[1:]


def test_authorizer_ttl_zero_is_returned_as_zero(client):
    # authorizer_test.go TestAccAPIGatewayAuthorizer_Zero_ttl and _switchAuthorizerTTL (300 -> 360 -> 0):
    # the provider would read an absent TTL as its default 300, so AWS answers 0.
    api_id = client.create_rest_api(name="tf-authorizer")["id"]
    created = client.create_authorizer(restApiId=api_id, name="tf", type="TOKEN", authorizerUri=LAMBDA_URI,
                                       identitySource="method.request.header.Authorization",
                                       authorizerResultTtlInSeconds=0)
    key = {"restApiId": api_id, "authorizerId": created["id"]}
    assert client.get_authorizer(**key)["authorizerResultTtlInSeconds"] == 0

    client.update_authorizer(**key, patchOperations=[
        {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "360"}])
    assert client.get_authorizer(**key)["authorizerResultTtlInSeconds"] == 360
    client.update_authorizer(**key, patchOperations=[
        {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "0"}])

    assert client.get_authorizer(**key)["authorizerResultTtlInSeconds"] == 0


@pytest.mark.parametrize("value", ["", None])
def test_account_cloudwatch_role_cleared(client, value):
    # account.go resets with replace /cloudwatchRoleArn ""; account_test.go's cleanup sends a null
    # value and its checks read the member as absent afterwards.
    client.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE}])
    operation = {"op": "replace", "path": "/cloudwatchRoleArn"}
    if value is not None:
        operation["value"] = value

    answer = client.update_account(patchOperations=[operation])

    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "cloudwatchRoleArn" not in answer
    assert "cloudwatchRoleArn" not in client.get_account()


def _stage(client) -> tuple[str, str]:
    api_id = client.create_rest_api(name="tf-stage")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    deployment_id = client.create_deployment(restApiId=api_id, stageName="dev", variables={"a": "2"})["id"]
    client.create_stage(restApiId=api_id, stageName="prod", deploymentId=deployment_id)
    return api_id, deployment_id


def _update_stage(client, api_id, *operations):
    return client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        dict(zip(("op", "path", "value"), operation)) for operation in operations])


def test_stage_canary_removed_then_added_again(client):
    # stage_test.go TestAccAPIGatewayStage_canarySettings: 33.33/one=3/cache on, removed (stage.go
    # sends remove /canarySettings), then 66.66/four=5/cache off (percentTraffic as "%f").
    api_id, deployment_id = _stage(client)
    _update_stage(client, api_id, ("replace", "/canarySettings/stageVariableOverrides/one", "3"),
                  ("replace", "/canarySettings/percentTraffic", "33.330000"),
                  ("replace", "/canarySettings/useStageCache", "true"))
    _update_stage(client, api_id, ("remove", "/canarySettings"))
    assert "canarySettings" not in client.get_stage(restApiId=api_id, stageName="prod")

    answer = _update_stage(client, api_id, ("replace", "/canarySettings/stageVariableOverrides/four", "5"),
                           ("replace", "/canarySettings/percentTraffic", "66.660000"))

    assert answer["canarySettings"] == {"deploymentId": deployment_id, "percentTraffic": 66.66,
                                        "stageVariableOverrides": {"four": "5"}, "useStageCache": False}


def test_stage_access_log_settings_removed(client):
    # stage_test.go TestAccAPIGatewayStage_accessLogSettings: set by two replaces, then removed
    # (remove /accessLogSettings): access_log_settings.# = 0.
    api_id, _ = _stage(client)
    destination = f"arn:aws:logs:{REGION}:123456789012:log-group:tf"
    _update_stage(client, api_id, ("replace", "/accessLogSettings/destinationArn", destination),
                  ("replace", "/accessLogSettings/format", "$context.requestId"))
    assert client.get_stage(restApiId=api_id, stageName="prod")["accessLogSettings"] == {
        "destinationArn": destination, "format": "$context.requestId"}

    _update_stage(client, api_id, ("remove", "/accessLogSettings"))

    assert "accessLogSettings" not in client.get_stage(restApiId=api_id, stageName="prod")


def test_stage_updated_then_reverted(client):
    # stage_test.go TestAccAPIGatewayStage_basic: description, tracing and two variables set,
    # then reverted (replace "", replace false, remove /variables/<name>): description "",
    # variables.% 0, xray false.
    api_id, _ = _stage(client)
    _update_stage(client, api_id, ("replace", "/description", "Hello world"), ("replace", "/tracingEnabled", "true"),
                  ("replace", "/variables/one", "1"), ("replace", "/variables/three", "3"))
    assert client.get_stage(restApiId=api_id, stageName="prod")["variables"] == {"one": "1", "three": "3"}

    _update_stage(client, api_id, ("replace", "/description", ""), ("replace", "/tracingEnabled", "false"),
                  ("remove", "/variables/one"), ("remove", "/variables/three"))

    stage = client.get_stage(restApiId=api_id, stageName="prod")
    assert stage.get("description", "") == ""
    assert stage.get("variables", {}) == {}
    assert stage["tracingEnabled"] is False


def test_stage_cache_size_kept_while_disabled(client):
    # stage_test.go TestAccAPIGatewayStage_cache: 0.5 enabled, 1.6, then disabled (only
    # replace /cacheClusterEnabled false is sent): cache_cluster_enabled false.
    api_id, _ = _stage(client)
    _update_stage(client, api_id, ("replace", "/cacheClusterEnabled", "true"), ("replace", "/cacheClusterSize", "0.5"))
    _update_stage(client, api_id, ("replace", "/cacheClusterSize", "1.6"))
    assert client.get_stage(restApiId=api_id, stageName="prod")["cacheClusterSize"] == "1.6"

    answer = _update_stage(client, api_id, ("replace", "/cacheClusterEnabled", "false"))

    assert answer["cacheClusterEnabled"] is False
    assert answer["cacheClusterStatus"] == "NOT_AVAILABLE"
