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


def test_private_domain_name_keeps_its_certificate_arn(client):
    # domain_name_test.go TestAccAPIGatewayDomainName_private (and base_path_mapping_test.go
    # TestAccAPIGatewayBasePathMapping_private): a PRIVATE name created with certificate_arn is
    # imported and verified against GetDomainName, so AWS returns the certificate ARN.
    created = client.create_domain_name(domainName="p.example.com", certificateArn=CERTIFICATE,
                                        endpointConfiguration={"types": ["PRIVATE"]})

    assert created["certificateArn"] == CERTIFICATE
    read = client.get_domain_name(domainName="p.example.com", domainNameId=created["domainNameId"])
    assert read["certificateArn"] == CERTIFICATE
    assert "distributionDomainName" not in read


def _deployed_api(client, stage: str) -> str:
    api_id = client.create_rest_api(name="tf-bpm", endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api_id, stageName=stage)
    return api_id


def test_base_path_mapping_empty_path_then_moved(client):
    # base_path_mapping_test.go TestAccAPIGatewayBasePathMapping_updates: created with base_path ""
    # (read as "(none)"), then base_path_mapping.go replaces /restapiId and /stage, then /basePath.
    client.create_domain_name(domainName="tf.example.com", regionalCertificateArn=CERTIFICATE,
                              endpointConfiguration={"types": ["REGIONAL"]})
    first, second = _deployed_api(client, "test"), _deployed_api(client, "test2")
    client.create_base_path_mapping(domainName="tf.example.com", basePath="", restApiId=first, stage="test")
    assert client.get_base_path_mapping(domainName="tf.example.com", basePath="(none)")["basePath"] == "(none)"

    moved = client.update_base_path_mapping(domainName="tf.example.com", basePath="(none)", patchOperations=[
        {"op": "replace", "path": "/restapiId", "value": second},
        {"op": "replace", "path": "/stage", "value": "test2"}])
    assert (moved["basePath"], moved["restApiId"], moved["stage"]) == ("(none)", second, "test2")
    client.update_base_path_mapping(domainName="tf.example.com", basePath="(none)", patchOperations=[
        {"op": "replace", "path": "/basePath", "value": "thing"}])

    assert client.get_base_path_mapping(domainName="tf.example.com", basePath="thing")["stage"] == "test2"
    assert error_of(client.get_base_path_mapping, domainName="tf.example.com",
                    basePath="(none)")["Error"]["Code"] == "NotFoundException"


def test_method_authorizer_validator_and_parameters_cleared(client):
    # method_test.go TestAccAPIGatewayMethod_customAuthorizer / _customRequestValidator / _basic:
    # method.go sends replace /authorizationType NONE with replace /authorizerId "", replace
    # /requestValidatorId with no value, remove and replace of /requestParameters/<name>;
    # authorizer_id and request_validator_id read back "" and Content-Type is gone.
    api_id = client.create_rest_api(name="tf-method")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    authorizer = client.create_authorizer(restApiId=api_id, name="tf", type="TOKEN", authorizerUri=LAMBDA_URI,
                                          identitySource="method.request.header.Authorization")["id"]
    validator = client.create_request_validator(restApiId=api_id, name="tf")["id"]
    key = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    client.put_method(**key, authorizationType="CUSTOM", authorizerId=authorizer, requestValidatorId=validator,
                      requestModels={"application/json": "Error"}, requestParameters={
                          "method.request.header.Content-Type": False, "method.request.querystring.page": True})

    client.update_method(**key, patchOperations=[
        {"op": "remove", "path": "/requestParameters/method.request.header.Content-Type"},
        {"op": "replace", "path": "/requestParameters/method.request.querystring.page", "value": "false"},
        {"op": "replace", "path": "/authorizationType", "value": "NONE"},
        {"op": "replace", "path": "/authorizerId", "value": ""},
        {"op": "replace", "path": "/requestValidatorId"}])

    method = client.get_method(**key)
    assert method["authorizationType"] == "NONE"
    assert "authorizerId" not in method and "requestValidatorId" not in method
    assert method["requestParameters"] == {"method.request.querystring.page": False}
    assert method["requestModels"] == {"application/json": "Error"}


def test_method_response_model_replaced_and_parameters_swapped(client):
    # method_response_test.go TestAccAPIGatewayMethodResponse_basic: Error -> Empty by replace
    # /responseModels/application~1json, Content-Type removed and Host added as "false".
    api_id, resource_id = _http_integration(client)
    key = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET", "statusCode": "400"}
    client.put_method_response(**key, responseModels={"application/json": "Error"},
                               responseParameters={"method.response.header.Content-Type": True})

    answer = client.update_method_response(**key, patchOperations=[
        {"op": "replace", "path": "/responseModels/application~1json", "value": "Empty"},
        {"op": "remove", "path": "/responseParameters/method.response.header.Content-Type"},
        {"op": "add", "path": "/responseParameters/method.response.header.Host", "value": "false"}])

    assert answer["responseModels"] == {"application/json": "Empty"}
    assert answer["responseParameters"] == {"method.response.header.Host": False}


def test_integration_response_put_again_with_empty_templates(client):
    # integration_response_test.go TestAccAPIGatewayIntegrationResponse_basic: templates "" come
    # back as null (the provider turns nil into ""), and a second put replaces everything:
    # no response parameters, no selection pattern, content handling CONVERT_TO_BINARY.
    api_id, resource_id = _http_integration(client)
    key = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET", "statusCode": "400"}
    client.put_method_response(**key, responseParameters={"method.response.header.Content-Type": True})
    first = client.put_integration_response(**key, selectionPattern=".*", responseTemplates={
        "application/json": "", "application/xml": "#set($inputRoot = $input.path('$'))\n{ }"},
        responseParameters={"method.response.header.Content-Type": "integration.response.body.type"})
    assert first["responseTemplates"]["application/json"] is None

    client.put_integration_response(**key, contentHandling="CONVERT_TO_BINARY", responseTemplates={
        "application/json": "$input.path('$')", "application/xml": ""})

    read = client.get_integration_response(**key)
    assert read["responseTemplates"] == {"application/json": "$input.path('$')", "application/xml": None}
    assert read["contentHandling"] == "CONVERT_TO_BINARY"
    assert "responseParameters" not in read and "selectionPattern" not in read


def test_gateway_response_put_again_replaces_everything(client):
    # gateway_response_test.go TestAccAPIGatewayGatewayResponse_basic: the second put (477, json
    # template only) leaves no xml template and no Authorization parameter.
    api_id = client.create_rest_api(name="tf-gateway-response")["id"]
    client.put_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED", statusCode="401",
                                responseTemplates={"application/xml": "#set($inputRoot = $input.path('$'))\n{ }"},
                                responseParameters={"gatewayresponse.header.Authorization": "'Basic'"})

    client.put_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED", statusCode="477",
                                responseTemplates={"application/json": "{'message':$context.error.messageString}"})

    read = client.get_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED")
    assert read["statusCode"] == "477"
    assert read["responseTemplates"] == {"application/json": "{'message':$context.error.messageString}"}
    assert read.get("responseParameters", {}) == {}


def test_documentation_parts_for_paths_without_resources(client):
    # documentation_part_test.go _method and _responseHeader: parts at /terraform-acc-test, a path
    # no resource has, are created; documentation_part.go updates with replace /properties.
    api_id = client.create_rest_api(name="tf-doc")["id"]
    location = {"type": "RESPONSE_HEADER", "method": "GET", "path": "/terraform-acc-test", "name": "tfacc",
                "statusCode": "200"}
    part = client.create_documentation_part(restApiId=api_id, location=location,
                                            properties='{"description":"Terraform Acceptance Test"}')

    client.update_documentation_part(restApiId=api_id, documentationPartId=part["id"], patchOperations=[
        {"op": "replace", "path": "/properties", "value": '{"description":"Terraform Acceptance Test Updated"}'}])

    read = client.get_documentation_part(restApiId=api_id, documentationPartId=part["id"])
    assert read["location"] == location
    assert read["properties"] == '{"description":"Terraform Acceptance Test Updated"}'


def test_api_key_name_and_customer_id_updated_in_place(client):
    # api_key_test.go TestAccAPIGatewayAPIKey_basic / _customerID: name and customer_id change
    # without recreation (same createdDate); customer_id reads "" when never set.
    created = client.create_api_key(name="tf", description="Managed by Terraform", enabled=True)
    assert "customerId" not in created

    answer = client.update_api_key(apiKey=created["id"], patchOperations=[
        {"op": "replace", "path": "/name", "value": "tf-updated"},
        {"op": "replace", "path": "/customerId", "value": "cid2"}])

    assert (answer["name"], answer["customerId"]) == ("tf-updated", "cid2")
    assert answer["createdDate"] == created["createdDate"]


def test_vpc_link_update_with_no_operations(client):
    # vpc_link.go calls UpdateVpcLink even when only tags changed, with no patch operations.
    link = client.create_vpc_link(name="tf", description="test", targetArns=[
        f"arn:aws:elasticloadbalancing:{REGION}:123456789012:loadbalancer/net/tf/1"])

    answer = client.update_vpc_link(vpcLinkId=link["id"], patchOperations=[])

    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (answer["name"], answer["description"]) == ("tf", "test")
