"""The real AWS CDK as a consumer: ``tests/consumers/cdk_app/app.py`` is synthesized once per test
worker (in a subprocess, so jsii's node process never lives in the test process), and each stack's
``cdk.out/<Stack>.template.json`` is deployed with ``gw.deploy_template``, called with ``requests``
and read back with boto3.

The app runs as ``cdk synth`` runs it: the CLI hands the app its context in ``CDK_CONTEXT_JSON``
(asset and path metadata, version reporting); ``test_without_the_cli_the_assets_manifest_finds_the_code``
covers an app run bare. What gwmock must get right for the CDK: its asset folders (``aws:asset:path``,
or else the ``*.assets.json`` manifest), ``AWS::CDK::Metadata`` under its region condition, the
hashed logical ids, ``DependsOn`` lists, ``Fn::Join`` URLs, ``AWS::ApiGateway::Account`` with its
``DeletionPolicy: Retain``, ``Lambda::Permission`` and ``IAM::Role`` resources (ids only), the
``MOCK`` OPTIONS methods ``defaultCorsPreflightOptions`` writes (a VTL template that echoes an
allowed ``Origin``), and an OpenAPI ``Body`` with intrinsics inside.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import requests
from helpers import cdk_logical_id, cdk_synth, cdk_template, stack_output

APP = Path(__file__).parent / "cdk_app" / "app.py"
API_KEY = "cdk-consumer-key-0123456789abcdef"


@pytest.fixture(scope="session")
def cdk_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python app.py OUTDIR`` once per worker; no node or no aws_cdk fails here, loudly (CI has both)."""
    return cdk_synth(APP, tmp_path_factory.mktemp("cdk") / "cdk.out")





# -- CdkRest: RestApi with everything -------------------------------------------------------------


@pytest.fixture
def rest(gwmock, cdk_out):
    return gwmock.deploy_template(cdk_out / "CdkRest.template.json")


def test_rest_outputs_are_the_fn_join_urls_of_the_deployed_stage(rest, cdk_out, apigateway):
    api_id = rest.resources[cdk_logical_id(cdk_template(cdk_out, "CdkRest"), "AWS::ApiGateway::RestApi")]
    url = f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev/"

    assert rest.name == "CdkRest"
    assert stack_output(rest, "ItemsApiEndpoint") == url
    assert rest.outputs["StatusUrl"] == url + "status"
    assert rest.outputs["ApiKeyId"] == apigateway.get_api_keys(nameQuery="cdk-key")["items"][0]["id"]


def test_lambda_integrations_run_the_asset_folder_handler(rest):
    url = stack_output(rest, "ItemsApiEndpoint")

    listed = requests.get(url + "items", params={"limit": "2"})
    tags = requests.get(url + "items/7/tags")

    assert listed.status_code == 200
    assert listed.headers["content-type"] == "application/json"
    assert listed.json() == {"resource": "/items", "path": "/items", "method": "GET", "pathParameters": None,
                             "stage": "dev", "stageVariables": {"table": "items-dev"}, "principal": None,
                             "body": None, "table": "items-table"}
    assert tags.status_code == 200
    assert (tags.json()["resource"], tags.json()["pathParameters"]) == ("/items/{id}/tags", {"id": "7"})


def test_without_the_cli_the_assets_manifest_finds_the_code(gwmock, cdk_out):
    # ``python app.py`` without the cdk CLI writes no aws:asset:path; the manifest beside the template names it
    document = cdk_template(cdk_out, "CdkRest")
    for resource in document["Resources"].values():
        resource.get("Metadata", {}).pop("aws:asset:path", None)
    bare = cdk_out / f"CdkBare{os.getpid()}.template.json"  # the synthesis is shared by the workers
    bare.write_text(json.dumps(document))
    stack = gwmock.deploy_template(bare)

    answer = requests.get(stack_output(stack, "ItemsApiEndpoint") + "items/1")

    assert (answer.status_code, answer.json()["table"]) == (200, "items-table")


def test_cdk_metadata_is_created_only_where_its_condition_holds(gwmock, cdk_out):
    from gwmock import mock_apigateway

    assert "CDKMetadata" in gwmock.deploy_template(cdk_out / "CdkV2.template.json").resources
    with mock_apigateway(region="ap-southeast-5") as other:  # not in the CDK's CDKMetadataAvailable list
        assert "CDKMetadata" not in other.deploy_template(cdk_out / "CdkV2.template.json").resources


def test_the_validators_answer_400_with_aws_messages(rest):
    url = stack_output(rest, "ItemsApiEndpoint")

    no_limit = requests.get(url + "items")
    no_name = requests.post(url + "items", json={"price": 2})
    empty_name = requests.post(url + "items", json={"name": ""})
    valid = requests.post(url + "items", json={"name": "pen", "price": 2})

    assert (no_limit.status_code, no_limit.json()) == (400, {"message": "Missing required request parameters: [limit]"})
    assert no_limit.headers["x-amzn-ErrorType"] == "BadRequestException"
    assert (no_name.status_code, no_name.json()) == (400, {"message": "Invalid request body"})
    assert empty_name.status_code == 400
    assert (valid.status_code, valid.json()["body"]) == (200, {"name": "pen", "price": 2})


def test_the_mock_integration_answers_its_mapped_template_and_header(rest):
    answer = requests.get(rest.outputs["StatusUrl"])

    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "stage": "dev"}
    assert answer.headers["X-Status"] == "green"
    assert answer.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(("origin", "allowed"), [("https://other.example", "https://other.example"),
                                                 ("https://evil.example", "https://example.com")])
def test_the_cors_preflight_mock_echoes_an_allowed_origin_only(rest, origin, allowed):
    # The CDK answers the first origin in a header and overrides it from VTL for the others it lists.
    answer = requests.options(stack_output(rest, "ItemsApiEndpoint") + "items/7",
                              headers={"Origin": origin, "Access-Control-Request-Method": "POST"})

    assert answer.status_code == 204
    assert answer.headers["Access-Control-Allow-Origin"] == allowed
    assert answer.headers["Access-Control-Allow-Methods"] == "GET,POST"
    assert answer.headers["Access-Control-Allow-Headers"] == "Content-Type,X-Api-Key"
    assert answer.headers["Access-Control-Max-Age"] == "300"
    assert answer.headers["Vary"] == "Origin"


def test_the_token_authorizer_answers_401_403_and_passes_its_principal(rest):
    url = stack_output(rest, "ItemsApiEndpoint") + "secure"

    missing = requests.get(url)
    unknown = requests.get(url, headers={"Authorization": "who"})
    denied = requests.get(url, headers={"Authorization": "deny"})
    allowed = requests.get(url, headers={"Authorization": "allow"})

    unauthorized = {"error": "Unauthorized", "kind": "UNAUTHORIZED"}  # the API's UNAUTHORIZED gateway response
    assert (missing.status_code, missing.json()) == (401, unauthorized)
    assert (unknown.status_code, unknown.json()) == (401, unauthorized)
    assert denied.status_code == 403
    # the ACCESS_DENIED gateway response: {"message":$context.error.messageString}
    assert denied.json() == {"message": "User is not authorized to access this resource with an explicit deny"}
    assert (allowed.status_code, allowed.json()["principal"]) == (200, "user-1")


def test_the_gateway_response_shapes_the_authorizers_401(rest):
    answer = requests.get(stack_output(rest, "ItemsApiEndpoint") + "secure")

    assert answer.status_code == 401
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.json() == {"error": "Unauthorized", "kind": "UNAUTHORIZED"}


def test_the_custom_domain_serves_the_stage_under_its_base_path(rest, apigateway):
    status = requests.get("https://items.example.com/v1/status")
    item = requests.get("https://items.example.com/v1/items/3")

    assert (status.status_code, status.json()) == (200, {"status": "ok", "stage": "dev"})
    # A proxy event through a custom domain keeps the base path in ``path`` (the URL path as called).
    assert (item.status_code, item.json()["path"]) == (200, "/v1/items/3")
    domain = apigateway.get_domain_name(domainName="items.example.com")
    assert domain["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert domain["regionalCertificateArn"].endswith(":certificate/11111111-2222-3333-4444-555555555555")
    mappings = apigateway.get_base_path_mappings(domainName="items.example.com")["items"]
    assert [(m["basePath"], m["stage"]) for m in mappings] == [("v1", "dev")]


def test_the_api_key_method_needs_the_usage_plans_key(rest):
    url = stack_output(rest, "ItemsApiEndpoint") + "keyed"

    refused = requests.get(url)
    wrong = requests.get(url, headers={"x-api-key": "not-the-key-0123456789"})
    answered = requests.get(url, headers={"x-api-key": API_KEY})

    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert wrong.status_code == 403
    assert (answered.status_code, answered.json()["resource"]) == (200, "/keyed")


def test_resources_and_methods_read_back_as_declared(rest, cdk_out, apigateway):
    api_id = rest.resources[cdk_logical_id(cdk_template(cdk_out, "CdkRest"), "AWS::ApiGateway::RestApi")]
    api = apigateway.get_rest_api(restApiId=api_id)
    resources = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id, limit=500)["items"]}

    assert (api["name"], api["description"]) == ("items", "Items, as the CDK declares them")
    assert api["binaryMediaTypes"] == ["image/png"]
    assert api["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert sorted(resources) == ["/", "/items", "/items/{id}", "/items/{id}/tags", "/keyed", "/secure", "/status"]
    assert sorted(resources["/items"]["resourceMethods"]) == ["GET", "OPTIONS", "POST"]
    post = apigateway.get_method(restApiId=api_id, resourceId=resources["/items"]["id"], httpMethod="POST")
    validator = apigateway.get_request_validator(restApiId=api_id, requestValidatorId=post["requestValidatorId"])
    assert post["requestModels"] == {"application/json": "Item"}
    assert (validator["name"], validator["validateRequestBody"], validator["validateRequestParameters"]) == (
        "body", True, False)
    assert post["methodIntegration"]["type"] == "AWS_PROXY"
    assert post["methodIntegration"]["httpMethod"] == "POST"
    document = cdk_template(cdk_out, "CdkRest")
    items_fn = rest.resources[cdk_logical_id(document, "AWS::Lambda::Function", "ItemsFunction")]
    function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{items_fn}"
    assert post["methodIntegration"]["uri"] == (
        f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations")
    schema = json.loads(apigateway.get_model(restApiId=api_id, modelName="Item")["schema"])
    assert schema["required"] == ["name"] and schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    options = apigateway.get_method(restApiId=api_id, resourceId=resources["/items"]["id"], httpMethod="OPTIONS")
    assert options["methodIntegration"]["type"] == "MOCK"
    assert options["methodResponses"]["204"]["responseParameters"]["method.response.header.Vary"] is True
    keyed = apigateway.get_method(restApiId=api_id, resourceId=resources["/keyed"]["id"], httpMethod="GET")
    assert keyed["apiKeyRequired"] is True


def test_the_stage_carries_deploy_options(rest, cdk_out, apigateway):
    api_id = rest.resources[cdk_logical_id(cdk_template(cdk_out, "CdkRest"), "AWS::ApiGateway::RestApi")]
    stage = apigateway.get_stage(restApiId=api_id, stageName="dev")

    assert stage["variables"] == {"table": "items-dev"}
    assert stage["description"] == "development"
    assert stage["tracingEnabled"] is True
    log_group = rest.resources[cdk_logical_id(cdk_template(cdk_out, "CdkRest"), "AWS::Logs::LogGroup")]
    assert stage["accessLogSettings"]["destinationArn"] == (
        f"arn:aws:logs:us-east-1:123456789012:log-group:{log_group}:*")  # the LogGroup's Arn attribute
    assert json.loads(stage["accessLogSettings"]["format"])["status"] == "$context.status"
    assert stage["methodSettings"]["*/*"] == {
        "metricsEnabled": True, "loggingLevel": "INFO", "dataTraceEnabled": False, "throttlingBurstLimit": 50,
        "throttlingRateLimit": 100.0, "cachingEnabled": False, "cacheTtlInSeconds": 300, "cacheDataEncrypted": False,
        "requireAuthorizationForCacheControl": True,
        "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER"}
    assert stage["methodSettings"]["~1items/GET"]["throttlingRateLimit"] == 5.0
    assert stage["methodSettings"]["~1items/GET"]["throttlingBurstLimit"] == 2
    deployment = apigateway.get_deployment(restApiId=api_id, deploymentId=stage["deploymentId"])
    assert deployment["description"] == "development"


def test_the_account_takes_the_cloudwatch_role(rest, cdk_out, apigateway):
    role = cdk_logical_id(cdk_template(cdk_out, "CdkRest"), "AWS::IAM::Role", "ItemsApiCloudWatchRole")
    account = apigateway.get_account()

    assert account["cloudwatchRoleArn"] == f"arn:aws:iam::123456789012:role/{rest.resources[role]}"
    assert role in rest.not_created


def test_usage_plan_and_authorizer_read_back_as_declared(rest, cdk_out, apigateway):
    document = cdk_template(cdk_out, "CdkRest")
    api_id = rest.resources[cdk_logical_id(document, "AWS::ApiGateway::RestApi")]
    plan = apigateway.get_usage_plan(usagePlanId=rest.resources[cdk_logical_id(document, "AWS::ApiGateway::UsagePlan")])
    authorizer = apigateway.get_authorizer(
        restApiId=api_id, authorizerId=rest.resources[cdk_logical_id(document, "AWS::ApiGateway::Authorizer")])
    token_fn = rest.resources[cdk_logical_id(document, "AWS::Lambda::Function", "TokenFunction")]

    assert plan["name"] == "basic"
    assert plan["throttle"] == {"burstLimit": 20, "rateLimit": 10.0}
    assert plan["quota"] == {"limit": 1000, "offset": 0, "period": "DAY"}
    assert plan["apiStages"] == [{"apiId": api_id, "stage": "dev",
                                  "throttle": {"/keyed/GET": {"burstLimit": 1, "rateLimit": 1.0}}}]
    keys = apigateway.get_usage_plan_keys(usagePlanId=plan["id"])["items"]
    assert [(k["id"], k["name"], k["value"]) for k in keys] == [(rest.outputs["ApiKeyId"], "cdk-key", API_KEY)]
    assert authorizer["name"] == "token"
    assert authorizer["type"] == "TOKEN"
    assert authorizer["identitySource"] == "method.request.header.Authorization"
    assert authorizer["authorizerResultTtlInSeconds"] == 0
    assert authorizer["authorizerUri"] == ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                           f"arn:aws:lambda:us-east-1:123456789012:function:{token_fn}/invocations")


def test_deleting_the_stack_removes_the_api_keys_and_plan(rest, apigateway):
    rest.delete()

    assert apigateway.get_rest_apis()["items"] == []
    assert apigateway.get_api_keys()["items"] == []
    assert apigateway.get_usage_plans()["items"] == []
    assert apigateway.get_domain_names()["items"] == []
    # DeletionPolicy: Retain on the CDK's AWS::ApiGateway::Account: the role stays set
    assert apigateway.get_account()["cloudwatchRoleArn"].startswith("arn:aws:iam::123456789012:role/CdkRest-")
    assert requests.get(rest.outputs["StatusUrl"]).status_code == 403


# -- CdkProxy: LambdaRestApi behind a RequestAuthorizer, SpecRestApi from inline OpenAPI ------------


@pytest.fixture
def proxy(gwmock, cdk_out):
    return gwmock.deploy_template(cdk_out / "CdkProxy.template.json")


def test_lambda_rest_api_proxies_every_path_behind_the_request_authorizer(proxy):
    url = stack_output(proxy, "ProxyApiEndpoint")
    allowed = {"X-Token": "open-sesame"}

    root = requests.get(url, headers=allowed)
    deep = requests.post(url + "a/b/c", headers=allowed, json={"n": 1})
    denied = requests.get(url + "a", headers={"X-Token": "nope"})
    missing = requests.get(url + "a")

    assert (root.status_code, root.json()["resource"], root.json()["path"]) == (200, "/", "/")
    assert deep.status_code == 200
    assert {k: deep.json()[k] for k in ("resource", "path", "method", "pathParameters", "principal", "body")} == {
        "resource": "/{proxy+}", "path": "/a/b/c", "method": "POST", "pathParameters": {"proxy": "a/b/c"},
        "principal": "proxy-user", "body": {"n": 1}}
    assert denied.status_code == 403
    # results_cache_ttl=0: the identity source is optional, so the function runs and denies
    assert missing.status_code == 403


def test_lambda_rest_api_reads_back_as_any_methods_with_a_request_authorizer(proxy, cdk_out, apigateway):
    document = cdk_template(cdk_out, "CdkProxy")
    api_id = proxy.resources[cdk_logical_id(document, "AWS::ApiGateway::RestApi", "ProxyApi")]
    resources = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    authorizer = apigateway.get_authorizers(restApiId=api_id)["items"]

    assert sorted(resources) == ["/", "/{proxy+}"]
    assert sorted(resources["/{proxy+}"]["resourceMethods"]) == ["ANY"]
    method = apigateway.get_method(restApiId=api_id, resourceId=resources["/{proxy+}"]["id"], httpMethod="ANY")
    assert (method["authorizationType"], method["authorizerId"]) == ("CUSTOM", authorizer[0]["id"])
    assert [(a["type"], a["identitySource"]) for a in authorizer] == [("REQUEST", "method.request.header.X-Token")]
    assert apigateway.get_stage(restApiId=api_id, stageName="live")["stageName"] == "live"


def test_spec_rest_api_serves_its_inline_openapi(proxy, cdk_out, apigateway):
    url = stack_output(proxy, "SpecApiEndpoint")
    api_id = proxy.resources[cdk_logical_id(cdk_template(cdk_out, "CdkProxy"), "AWS::ApiGateway::RestApi", "SpecApi")]

    ping = requests.get(url + "ping")
    echo = requests.get(url + "echo/hi")

    assert (ping.status_code, ping.json()) == (200, {"pong": True})
    assert (echo.status_code, echo.json()["pathParameters"]) == (200, {"word": "hi"})
    # the CDK names the API after its construct id; a given Name wins over the document's title
    assert apigateway.get_rest_api(restApiId=api_id)["name"] == "SpecApi"
    paths = sorted(r["path"] for r in apigateway.get_resources(restApiId=api_id)["items"])
    assert paths == ["/", "/echo", "/echo/{word}", "/ping"]


def test_deleting_the_proxy_stack_removes_both_apis(proxy, apigateway):
    assert len(apigateway.get_rest_apis()["items"]) == 2

    proxy.delete()

    assert apigateway.get_rest_apis()["items"] == []


# -- CdkV2: HttpApi and WebSocketApi ------------------------------------------------------------------


@pytest.fixture
def v2(gwmock, cdk_out):
    return gwmock.deploy_template(cdk_out / "CdkV2.template.json")


def test_http_api_route_with_path_parameters_on_the_default_stage(v2):
    answer = requests.get(v2.outputs["HttpUrl"] + "books/12")

    assert answer.status_code == 200
    assert answer.json() == {"routeKey": "GET /books/{id}", "rawPath": "/books/12", "pathParameters": {"id": "12"},
                             "stage": "$default", "user": None}
    assert requests.get(v2.outputs["HttpUrl"] + "books").status_code == 404
    beta = requests.get(v2.outputs["HttpUrl"] + "beta/books/3")
    assert (beta.json()["stage"], beta.json()["rawPath"]) == ("beta", "/beta/books/3")


def test_http_api_simple_authorizer(v2):
    url = v2.outputs["HttpUrl"] + "private"

    missing = requests.get(url)
    refused = requests.get(url, headers={"Authorization": "nope"})
    allowed = requests.get(url, headers={"Authorization": "let-me-in"})

    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert (allowed.status_code, allowed.json()["user"]) == (200, "ada")


def test_http_api_cors_preflight(v2):
    answer = requests.options(v2.outputs["HttpUrl"] + "books/1",
                              headers={"Origin": "https://example.com", "Access-Control-Request-Method": "GET"})

    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "https://example.com"
    assert answer.headers["access-control-allow-methods"] == "GET"
    assert answer.headers["access-control-allow-headers"] == "authorization"
    assert answer.headers["access-control-max-age"] == "600"


def test_http_api_reads_back_as_declared(v2, cdk_out, apigatewayv2):
    document = cdk_template(cdk_out, "CdkV2")
    api_id = v2.resources[cdk_logical_id(document, "AWS::ApiGatewayV2::Api", "HttpApi")]
    api = apigatewayv2.get_api(ApiId=api_id)
    routes = {r["RouteKey"]: r for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]}
    stages = apigatewayv2.get_stages(ApiId=api_id)["Items"]
    authorizers = apigatewayv2.get_authorizers(ApiId=api_id)["Items"]

    assert (api["Name"], api["ProtocolType"]) == ("books", "HTTP")
    assert v2.outputs["HttpUrl"] == api["ApiEndpoint"] + "/"
    assert api["CorsConfiguration"] == {"AllowHeaders": ["authorization"], "AllowMethods": ["GET"],
                                        "AllowOrigins": ["https://example.com"], "MaxAge": 600}
    assert sorted(routes) == ["GET /books/{id}", "GET /private"]
    assert routes["GET /private"]["AuthorizationType"] == "CUSTOM"
    assert routes["GET /private"]["AuthorizerId"] == authorizers[0]["AuthorizerId"]
    assert routes["GET /books/{id}"]["AuthorizationType"] == "NONE"
    assert sorted((s["StageName"], s["AutoDeploy"]) for s in stages) == [("$default", True), ("beta", True)]
    beta = next(s for s in stages if s["StageName"] == "beta")
    assert (beta["DefaultRouteSettings"]["ThrottlingRateLimit"], beta["DefaultRouteSettings"]["ThrottlingBurstLimit"]
            ) == (10.0, 5)
    assert [(a["AuthorizerType"], a["AuthorizerPayloadFormatVersion"], a["EnableSimpleResponses"],
             a["IdentitySource"]) for a in authorizers] == [
        ("REQUEST", "2.0", True, ["$request.header.Authorization"])]
    integration = apigatewayv2.get_integration(ApiId=api_id,
                                               IntegrationId=routes["GET /books/{id}"]["Target"].split("/")[1])
    assert (integration["IntegrationType"], integration["PayloadFormatVersion"]) == ("AWS_PROXY", "2.0")


def test_websocket_connect_default_and_custom_route(gwmock, v2):
    conn = gwmock.websocket(v2.outputs["WsUrl"] + "?token=ok")

    conn.send("hello")
    conn.send(json.dumps({"action": "shout", "text": "hey"}))
    conn.close()

    assert conn.received == ['{"echo": "hello", "route": "$default"}', "HEY"]
    assert conn.closed


def test_websocket_connect_refused_by_the_function(gwmock, v2):
    from gwmock.runtime.websocket.connections import Rejected

    with pytest.raises(Rejected) as refused:
        gwmock.websocket(v2.outputs["WsUrl"] + "?token=bad")

    assert refused.value.status == 403


def test_websocket_api_reads_back_as_declared(v2, cdk_out, apigatewayv2):
    api_id = v2.resources[cdk_logical_id(cdk_template(cdk_out, "CdkV2"), "AWS::ApiGatewayV2::Api", "ChatApi")]
    api = apigatewayv2.get_api(ApiId=api_id)
    routes = {r["RouteKey"]: r for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]}
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="prod")

    assert (api["Name"], api["ProtocolType"], api["RouteSelectionExpression"]) == (
        "chat", "WEBSOCKET", "$request.body.action")
    assert v2.outputs["WsUrl"] == f"{api['ApiEndpoint']}/prod"
    assert sorted(routes) == ["$connect", "$default", "shout"]
    assert routes["shout"]["RouteResponseSelectionExpression"] == "$default"
    assert "RouteResponseSelectionExpression" not in routes["$connect"]
    assert stage["AutoDeploy"] is True


def test_deleting_the_v2_stack_removes_both_apis(v2, apigatewayv2):
    assert len(apigatewayv2.get_apis()["Items"]) == 2

    v2.delete()

    assert apigatewayv2.get_apis()["Items"] == []
    assert requests.get(v2.outputs["HttpUrl"] + "books/1").status_code == 403
