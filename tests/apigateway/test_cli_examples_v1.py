"""v1 answers against the example outputs of AWS's CLI reference (aws apigateway <command>).

Each test makes the example's call and compares the answer's members with the example's
output (ids and dates as placeholders). Where an example predates a member that botocore's
model and a recording now show (``tags`` on Get/Update, ``features``/``apiKeyVersion`` on the
account), the newer source wins and the test says so.
"""

import datetime
import re

from helpers import assert_matches

NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-lb/12a456s89aaa12345"
LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789111:function:hello-world/invocations")
AUTHORIZER_URI = ("arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/"
                  "arn:aws:lambda:us-west-2:123412341234:function:customAuthorizer/invocations")
METHOD_SETTING_DEFAULTS = {
    "metricsEnabled": False, "throttlingBurstLimit": 5000, "throttlingRateLimit": 10000.0,
    "cachingEnabled": False, "cacheTtlInSeconds": 300, "cacheDataEncrypted": False,
    "requireAuthorizationForCacheControl": True,
    "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}


def _answers(response, expected, status=200):
    assert_matches(response, {**expected, "ResponseMetadata": {"HTTPStatusCode": status}})


def _mock_api(client, path_part=None, method="GET"):
    api_id = client.create_rest_api(name="cli")["id"]
    resource_id = client.get_resources(restApiId=api_id)["items"][0]["id"]
    if path_part:
        resource_id = client.create_resource(restApiId=api_id, parentId=resource_id, pathPart=path_part)["id"]
    client.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=method, authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod=method, type="MOCK")
    return api_id, resource_id


def test_update_vpc_link_name_and_description(apigateway):
    # update-vpc-link, examples 1 and 2: the answer carries status, statusMessage and tags {}.
    link_id = apigateway.create_vpc_link(name="v", targetArns=[NLB])["id"]
    expected = {"id": link_id, "name": "my-vpc-link", "targetArns": [NLB], "status": "AVAILABLE",
                "statusMessage": "Your vpc link is ready for use", "tags": {}}
    renamed = apigateway.update_vpc_link(
        vpcLinkId=link_id, patchOperations=[{"op": "replace", "path": "/name", "value": "my-vpc-link"}])
    _answers(renamed, expected)
    described = apigateway.update_vpc_link(vpcLinkId=link_id, patchOperations=[
        {"op": "replace", "path": "/name", "value": "my-vpc-link"},
        {"op": "replace", "path": "/description", "value": "My custom description"}])
    _answers(described, {**expected, "description": "My custom description"})


def test_base_path_mapping_answers(apigateway):
    # get-base-path-mapping(s), update-base-path-mapping: basePath, restApiId and stage only.
    # (get-base-path-mappings' 2016 output lists "(none)" beside "v1"; AWS now refuses that with
    # "Only one base path mapping is allowed if the base path is empty." - serverless-domain-manager #179.)
    api_id, _ = _mock_api(apigateway)
    apigateway.create_deployment(restApiId=api_id, stageName="api")
    apigateway.create_domain_name(domainName="subdomain.domain.tld")
    created = apigateway.create_base_path_mapping(domainName="subdomain.domain.tld", restApiId=api_id,
                                                  stage="api", basePath="v1")
    mapping = {"basePath": "v1", "restApiId": api_id, "stage": "api"}
    _answers(created, mapping, 201)
    _answers(apigateway.get_base_path_mapping(domainName="subdomain.domain.tld", basePath="v1"), mapping)
    _answers(apigateway.get_base_path_mappings(domainName="subdomain.domain.tld"), {"items": [mapping]})
    moved = apigateway.update_base_path_mapping(domainName="subdomain.domain.tld", basePath="v1", patchOperations=[
        {"op": "replace", "path": "/basePath", "value": "v2"}])
    _answers(moved, {**mapping, "basePath": "v2"})


def test_client_certificate_list_items(apigateway):
    # get-client-certificates: each item has id, description, PEM, createdDate, expirationDate.
    cert = apigateway.generate_client_certificate(description="My Client Certificate")
    item = apigateway.get_client_certificates()["items"][0]
    assert_matches(item, {"clientCertificateId": cert["clientCertificateId"], "description": "My Client Certificate",
                          "pemEncodedCertificate": "<pem:1>", "createdDate": "datetime",
                          "expirationDate": "datetime"})
    assert item["pemEncodedCertificate"].startswith("-----BEGIN CERTIFICATE-----")


def test_update_stage_method_settings(apigateway):
    # update-stage, examples 1 and 2: one patch creates a full settings entry with AWS's defaults
    # (no loggingLevel), keyed by the escaped resource path or */*.
    api_id, _ = _mock_api(apigateway, path_part="resourceName")
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    for path, key, trace in [("/~1resourceName/GET/logging/dataTrace", "~1resourceName/GET", False),
                             ("/*/*/logging/dataTrace", "*/*", True)]:
        apigateway.create_deployment(restApiId=api_id, stageName="dev")
        apigateway.delete_stage(restApiId=api_id, stageName="dev")
        deployment_id = apigateway.create_deployment(restApiId=api_id, stageName="dev")["id"]
        stage = apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
            {"op": "replace", "path": path, "value": str(trace).lower()}])
        _answers(stage, {
            "deploymentId": deployment_id, "stageName": "dev", "cacheClusterEnabled": False,
            "cacheClusterStatus": "NOT_AVAILABLE", "tracingEnabled": False,
            "methodSettings": {key: {**METHOD_SETTING_DEFAULTS, "dataTraceEnabled": trace}},
            "createdDate": "datetime", "lastUpdatedDate": "datetime"})


def test_get_model_template_of_empty(apigateway):
    # get-model-template --model-name Empty.
    api_id = apigateway.create_rest_api(name="cli")["id"]
    template = apigateway.get_model_template(restApiId=api_id, modelName="Empty")
    _answers(template, {"value": "#set($inputRoot = $input.path('$'))\n{ }"})


def test_update_deployment_description(apigateway):
    # update-deployment: id, description, createdDate.
    api_id, _ = _mock_api(apigateway)
    deployment_id = apigateway.create_deployment(restApiId=api_id, stageName="dev")["id"]
    updated = apigateway.update_deployment(restApiId=api_id, deploymentId=deployment_id, patchOperations=[
        {"op": "replace", "path": "/description", "value": "newDescription"}])
    _answers(updated, {"id": deployment_id, "description": "newDescription", "createdDate": "datetime"})


def test_update_api_key_name_and_enabled(apigateway):
    # update-api-key: no value in the answer. The 2016 example has no tags; botocore's model and
    # the recording test_api_key_required_for_methods show tags {} on Get/Update.
    api_id, _ = _mock_api(apigateway)
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    key = apigateway.create_api_key(name="k", description="currentDescription", enabled=True,
                                    stageKeys=[{"restApiId": api_id, "stageName": "dev"}])
    expected = {"id": key["id"], "name": "newName", "description": "currentDescription", "enabled": True,
                "stageKeys": [f"{api_id}/dev"], "createdDate": "datetime", "lastUpdatedDate": "datetime",
                "tags": {}}
    renamed = apigateway.update_api_key(apiKey=key["id"], patchOperations=[
        {"op": "replace", "path": "/name", "value": "newName"}])
    _answers(renamed, expected)
    disabled = apigateway.update_api_key(apiKey=key["id"], patchOperations=[
        {"op": "replace", "path": "/enabled", "value": "false"}])
    _answers(disabled, {**expected, "enabled": False})


def test_authorizer_answers(apigateway):
    # get-authorizers, update-authorizer: authType kept as given ("custom"), no providerARNs.
    api_id = apigateway.create_rest_api(name="cli")["id"]
    authorizer_id = apigateway.create_authorizer(
        restApiId=api_id, name="MyAuthorizer", type="TOKEN", authType="custom", authorizerUri=AUTHORIZER_URI,
        identitySource="method.request.header.Authorization", authorizerResultTtlInSeconds=300)["id"]
    expected = {"id": authorizer_id, "name": "testAuthorizer", "type": "TOKEN", "authType": "custom",
                "authorizerUri": AUTHORIZER_URI, "identitySource": "method.request.header.Authorization",
                "authorizerResultTtlInSeconds": 300}
    renamed = apigateway.update_authorizer(restApiId=api_id, authorizerId=authorizer_id, patchOperations=[
        {"op": "replace", "path": "/name", "value": "testAuthorizer"}])
    _answers(renamed, expected)
    _answers(apigateway.get_authorizers(restApiId=api_id), {"items": [expected]})


def test_update_method_to_custom_authorization(apigateway):
    # update-method, examples 1 and 3: the method answers with its integration inline.
    api_id = apigateway.create_rest_api(name="cli")["id"]
    root_id = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    kwargs = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET"}
    apigateway.put_method(**kwargs, authorizationType="NONE")
    apigateway.put_method_response(**kwargs, statusCode="200", responseModels={})
    apigateway.put_integration(**kwargs, type="AWS", integrationHttpMethod="POST", uri=LAMBDA_URI,
                               contentHandling="CONVERT_TO_TEXT")
    apigateway.put_integration_response(**kwargs, statusCode="200", responseTemplates={})
    authorizer_id = apigateway.create_authorizer(
        restApiId=api_id, name="a", type="TOKEN", authorizerUri=AUTHORIZER_URI,
        identitySource="method.request.header.Authorization")["id"]
    integration = {"type": "AWS", "httpMethod": "POST", "uri": LAMBDA_URI, "passthroughBehavior": "WHEN_NO_MATCH",
                   "contentHandling": "CONVERT_TO_TEXT", "timeoutInMillis": 29000, "cacheNamespace": root_id,
                   "cacheKeyParameters": [],
                   "integrationResponses": {"200": {"statusCode": "200", "responseTemplates": {}}}}
    method = {"httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": True,
              "methodResponses": {"200": {"statusCode": "200", "responseModels": {}}},
              "methodIntegration": integration}
    required = apigateway.update_method(**kwargs, patchOperations=[
        {"op": "replace", "path": "/apiKeyRequired", "value": "true"}])
    _answers(required, method)
    custom = apigateway.update_method(**kwargs, patchOperations=[
        {"op": "replace", "path": "/apiKeyRequired", "value": "false"},
        {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
        {"op": "replace", "path": "/authorizerId", "value": authorizer_id}])
    _answers(custom, {**method, "apiKeyRequired": False, "authorizationType": "CUSTOM",
                            "authorizerId": authorizer_id})


def test_passthrough_template_is_null(apigateway):
    # update-integration "add /requestTemplates/application~1json" with no value adds an
    # input-passthrough template; get-integration-response and get-method show such a
    # template as "application/json": null.
    api_id, root_id = _mock_api(apigateway, method="POST")
    kwargs = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "POST"}
    added = apigateway.update_integration(**kwargs, patchOperations=[
        {"op": "add", "path": "/requestTemplates/application~1json"}])
    assert added["requestTemplates"] == {"application/json": None}
    replaced = apigateway.update_integration(**kwargs, patchOperations=[
        {"op": "replace", "path": "/requestTemplates/application~1json", "value": '{"example": "json"}'}])
    assert replaced["requestTemplates"] == {"application/json": '{"example": "json"}'}
    removed = apigateway.update_integration(**kwargs, patchOperations=[
        {"op": "remove", "path": "/requestTemplates/application~1json"}])
    assert "requestTemplates" not in removed


def test_account_after_setting_the_cloudwatch_role(apigateway):
    # update-account: cloudwatchRoleArn and throttleSettings (the example's limits are an old
    # account's; features and apiKeyVersion are in botocore's model and newer than the example).
    role = "arn:aws:iam::123412341234:role/APIGatewayToCloudWatchLogs"
    account = apigateway.update_account(patchOperations=[
        {"op": "replace", "path": "/cloudwatchRoleArn", "value": role}])
    _answers(account, {"cloudwatchRoleArn": role, "throttleSettings": {"burstLimit": 5000, "rateLimit": 10000.0},
                             "features": ["UsagePlans"], "apiKeyVersion": "4"})


MY_FUNCTION_URI = ("arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/"
                   "arn:aws:lambda:us-west-2:123412341234:function:My_Function/invocations")


def test_method_integration_and_method_response_answers(apigateway):
    # get-method, get-integration, get-method-response: the passthrough template is null, the
    # method response maps application/json to Empty. (The examples predate passthroughBehavior
    # and timeoutInMillis, which recordings such as test_lifecycle_integration_response show.)
    api_id, resource_id = _mock_api(apigateway, path_part="resource")
    kwargs = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET"}
    apigateway.put_method_response(**kwargs, statusCode="200", responseModels={"application/json": "Empty"})
    apigateway.put_integration(**kwargs, type="AWS", integrationHttpMethod="POST", uri=MY_FUNCTION_URI)
    apigateway.put_integration_response(**kwargs, statusCode="200", responseTemplates={"application/json": ""})
    method_response = {"statusCode": "200", "responseModels": {"application/json": "Empty"}}
    integration = {"type": "AWS", "httpMethod": "POST", "uri": MY_FUNCTION_URI, "cacheNamespace": resource_id,
                   "cacheKeyParameters": [], "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000,
                   "integrationResponses": {"200": {"statusCode": "200",
                                                    "responseTemplates": {"application/json": None}}}}
    _answers(apigateway.get_method_response(**kwargs, statusCode="200"), method_response)
    _answers(apigateway.get_integration(**kwargs), integration)
    _answers(apigateway.get_method(**kwargs), {
        "httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": False,
        "methodResponses": {"200": method_response}, "methodIntegration": integration})


def test_default_models(apigateway):
    # get-model --model-name Empty, get-models: the two models every new API has. (The example
    # lists Error first; the recording test_api_gateway_request_validator_with_ref_models lists
    # them by name, Empty first: the recording wins.)
    api_id = apigateway.create_rest_api(name="cli")["id"]
    empty = {"id": "<id:1>", "name": "Empty", "contentType": "application/json",
             "description": "This is a default empty schema model",
             "schema": '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n'
                       '  "title" : "Empty Schema",\n  "type" : "object"\n}'}
    error = {"id": "<id:2>", "name": "Error", "contentType": "application/json",
             "description": "This is a default error schema model",
             "schema": '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n'
                       '  "title" : "Error Schema",\n  "type" : "object",\n'
                       '  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}'}
    _answers(apigateway.get_model(restApiId=api_id, modelName="Empty"), empty)
    _answers(apigateway.get_models(restApiId=api_id), {"items": [empty, error]})


def test_resource_answers_and_moves(apigateway):
    # get-resource, get-resources (a method shows as "POST": {}), update-resource examples 1 and 2:
    # a new parent or pathPart recomputes the path.
    api_id = apigateway.create_rest_api(name="cli")["id"]
    root_id = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    parent_id = apigateway.create_resource(restApiId=api_id, parentId=root_id, pathPart="path")["id"]
    _answers(apigateway.get_resource(restApiId=api_id, resourceId=parent_id),
             {"id": parent_id, "parentId": root_id, "pathPart": "path", "path": "/path"})
    child_id = apigateway.create_resource(restApiId=api_id, parentId=parent_id, pathPart="resource")["id"]
    apigateway.put_method(restApiId=api_id, resourceId=child_id, httpMethod="POST", authorizationType="NONE")
    child = {"id": child_id, "parentId": parent_id, "pathPart": "resource", "path": "/path/resource",
             "resourceMethods": {"POST": {}}}
    _answers(apigateway.get_resources(restApiId=api_id), {"items": [
        {"id": root_id, "path": "/"}, {"id": parent_id, "parentId": root_id, "pathPart": "path", "path": "/path"},
        child]})
    moved = apigateway.update_resource(restApiId=api_id, resourceId=child_id, patchOperations=[
        {"op": "replace", "path": "/parentId", "value": root_id}])
    _answers(moved, {**child, "parentId": root_id, "path": "/resource"})
    renamed = apigateway.update_resource(restApiId=api_id, resourceId=child_id, patchOperations=[
        {"op": "replace", "path": "/pathPart", "value": "newresourcename"}])
    _answers(renamed, {**child, "parentId": root_id, "pathPart": "newresourcename", "path": "/newresourcename"})


def test_update_integration_response_header_mapping(apigateway):
    # update-integration-response examples 1 and 2: replace a header mapping with '*', then remove it.
    api_id, resource_id = _mock_api(apigateway)
    kwargs = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET", "statusCode": "200"}
    header = "method.response.header.Access-Control-Allow-Origin"
    apigateway.put_method_response(**kwargs, responseParameters={header: False})
    apigateway.put_integration_response(**kwargs, responseParameters={header: "'example.com'"})
    replaced = apigateway.update_integration_response(**kwargs, patchOperations=[
        {"op": "replace", "path": f"/responseParameters/{header}", "value": "'*'"}])
    _answers(replaced, {"statusCode": "200", "responseParameters": {header: "'*'"}})
    removed = apigateway.update_integration_response(**kwargs, patchOperations=[
        {"op": "remove", "path": f"/responseParameters/{header}"}])
    _answers(removed, {"statusCode": "200"})
    assert "responseParameters" not in removed


def test_stage_keeps_its_cache_size_and_settings(apigateway):
    # get-stage, get-stages: a stage whose cache was turned off keeps cacheClusterSize "0.5";
    # method settings carry loggingLevel INFO, metrics and throttling as set. (get-stages' older
    # entries lack the cache-control members; update-stage's example and the model have them.)
    api_id, _ = _mock_api(apigateway)
    deployment_id = apigateway.create_deployment(restApiId=api_id, stageName="dev")["id"]
    for enabled in ("true", "false"):
        apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
            {"op": "replace", "path": "/cacheClusterEnabled", "value": enabled}])
    apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "500"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "1000"}])
    stage = {"stageName": "dev", "deploymentId": deployment_id, "cacheClusterSize": "0.5",
             "cacheClusterEnabled": False, "cacheClusterStatus": "NOT_AVAILABLE", "tracingEnabled": False,
             "createdDate": "datetime", "lastUpdatedDate": "datetime",
             "methodSettings": {"*/*": {**METHOD_SETTING_DEFAULTS, "loggingLevel": "INFO", "dataTraceEnabled": False,
                                        "metricsEnabled": True, "throttlingRateLimit": 500.0,
                                        "throttlingBurstLimit": 1000}}}
    _answers(apigateway.get_stage(restApiId=api_id, stageName="dev"), stage)
    _answers(apigateway.get_stages(restApiId=api_id), {"item": [stage]})


def test_get_sdk_names_the_file_by_type_and_time(apigateway):
    # get-sdk examples 1-3: attachment; filename="android_2016-02-22_23-52Z.zip" (type, UTC minute).
    api_id, _ = _mock_api(apigateway)
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    for sdk_type, parameters in [
            ("android", {"groupId": "com.mycompany", "invokerPackage": "com.mycompany.clientsdk",
                         "artifactId": "Mycompany-client", "artifactVersion": "1.0.0"}),
            ("objectivec", {"classPrefix": "myprefix"}), ("javascript", {})]:
        sdk = apigateway.get_sdk(restApiId=api_id, stageName="dev", sdkType=sdk_type, parameters=parameters)
        assert sdk["contentType"] == "application/octet-stream"
        assert re.fullmatch(rf'attachment; filename="{sdk_type}_\d{{4}}-\d\d-\d\d_\d\d-\d\dZ\.zip"',
                            sdk["contentDisposition"])
        assert sdk["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_update_domain_name_certificate(apigateway):
    # update-domain-name: replace /certificateArn; the edge domain keeps its CloudFront name.
    # (The example predates endpointConfiguration, domainNameArn, securityPolicy and friends.)
    new_arn = "arn:aws:acm:us-west-2:111122223333:certificate/CERTEXAMPLE123EXAMPLE"
    apigateway.create_domain_name(domainName="api.domain.tld",
                                  certificateArn="arn:aws:acm:us-east-1:111122223333:certificate/OLD")
    updated = apigateway.update_domain_name(domainName="api.domain.tld", patchOperations=[
        {"op": "replace", "path": "/certificateArn", "value": new_arn}])
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (updated["domainName"], updated["certificateArn"]) == ("api.domain.tld", new_arn)
    assert updated["distributionDomainName"].endswith(".cloudfront.net")
    assert isinstance(updated["certificateUploadDate"], datetime.datetime)
