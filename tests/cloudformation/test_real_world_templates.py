"""Templates as teams write them (``data/real_world/``, modelled on the patterns of AWS's SAM, CloudFormation
and CDK samples), deployed with ``gw.deploy_template`` and called as clients call them: each answer, header
and Lambda event field is the one API Gateway gives for that pattern.

SAM: implicit REST and HTTP APIs with ``Globals``; an explicit ``Api`` with Cognito, ``Cors`` as a string,
``Variables``, ``MethodSettings``, ``AccessLogSetting`` and ``OpenApiVersion``; TOKEN and REQUEST Lambda
authorizers; API keys with a shared usage plan; ``DefinitionBody`` from ``Fn::Transform AWS::Include``;
``HttpApi`` with JWT and Lambda authorizers, ``CorsConfiguration``, ``StageName`` and ``StageVariables``;
binary media types, ``Cors`` as an object and ``GatewayResponses`` from ``Globals``, a ``Domain``;
``RequestModel``/``RequestParameters`` behind ``AutoPublishAlias``; an ``HttpApi`` ``Domain`` with an inline
OpenAPI definition; nested ``Application``s with a local ``Location``. CloudFormation: ``AWS::ApiGateway::*``
with ``DependsOn``, ``RootResourceId``, ``Fn::Sub``, exports and a second stack's ``Fn::ImportValue``; a
WebSocket chat; one template for every environment (``Parameters``, ``Mappings``, ``Conditions``,
``Fn::If``, ``AWS::NoValue``, a conditional ``Ref`` in ``Metadata``); an ``AWS::ApiGatewayV2`` HTTP API with
``{{resolve:ssm}}`` and ``{{resolve:secretsmanager}}`` references read from moto. CDK (synthesized once per
module, in the background): ``LambdaRestApi``, ``RestApi`` with a request validator and a model,
``HttpApi`` with ``HttpLambdaIntegration``. Then what gwmock cannot deploy, refused with the resource and
property named (``Fn::ForEach``, other macros, ``Fn::Cidr``, a Serverless Application Repository app, a
top-level key CloudFormation does not know, a misspelt ``StageDescription`` key), and hostile includes,
nested template paths and dynamic references.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from helpers import CDK_CLI_CONTEXT, network_guard, stack_output

from gwmock.cloudformation import TemplateError

DATA = Path(__file__).parent / "data" / "real_world"
REGION = "us-east-1"


def deploy(gwmock, name, parameters=None, stack=None):
    return gwmock.deploy_template(DATA / name, parameters=parameters, name=stack)


def _b64(document: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


def jwt(**claims) -> str:
    """An RS256-shaped JWT: gwmock reads its claims (no key set is registered to check the signature)."""
    now = int(time.time())
    payload = {"sub": "user-1", "exp": now + 600, "iat": now, **claims}
    return f"{_b64({'alg': 'RS256', 'kid': 'k1'})}.{_b64(payload)}.c2ln"


def refused(gwmock, template, **kwargs) -> TemplateError:
    """Deploy, expect a TemplateError, and check that nothing was left behind."""
    before, lambdas = gwmock.snapshot(), dict(gwmock.lambdas)
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(template, **kwargs)
    assert gwmock.snapshot() == before
    assert gwmock.lambdas == lambdas
    return caught.value


# -- SAM: implicit APIs and Globals -----------------------------------------------------------------


@pytest.fixture
def implicit(gwmock):
    return deploy(gwmock, "sam_implicit_apis.yaml")


def test_implicit_rest_api_passes_the_proxy_event_with_globals_and_function_environment(implicit):
    answer = requests.get(implicit.outputs["RestEndpoint"] + "/orders/42", params={"x": "1"})

    assert answer.status_code == 200
    assert (answer.headers["Content-Type"], answer.headers["X-Handler"]) == ("application/json", "echo")
    event = answer.json()
    assert (event["resource"], event["path"], event["method"]) == ("/orders/{orderId}", "/orders/42", "GET")
    assert (event["pathParameters"], event["query"], event["stage"]) == ({"orderId": "42"}, {"x": "1"}, "Prod")
    assert event["env"] == {"APP_TABLE": "orders", "APP_MODE": "list"}  # Globals merged with the function's own
    assert event["function"] == implicit.resources["ListOrders"]


def test_implicit_rest_api_answers_the_functions_status_and_headers(implicit):
    answer = requests.post(implicit.outputs["RestEndpoint"] + "/orders", json={"id": "7"})

    assert (answer.status_code, answer.json()) == (201, {"created": {"id": "7"}})
    assert answer.headers["Location"] == "/items/7"


def test_implicit_http_api_any_route_payload_2_0_and_1_0(implicit):
    deleted = requests.delete(implicit.outputs["HttpEndpoint"] + "/orders/42")
    posted = requests.post(implicit.outputs["HttpEndpoint"] + "/orders", json={"id": "8"})

    event = deleted.json()
    assert deleted.status_code == 200
    assert (event["version"], event["routeKey"], event["method"]) == ("2.0", "ANY /orders/{orderId}", "DELETE")
    assert (event["stage"], event["stageVariables"]) == ("$default", {"tier": "free"})
    assert (posted.status_code, posted.headers["location"]) == (201, "/items/8")


def test_implicit_apis_take_the_globals_settings(implicit, apigateway, apigatewayv2):
    rest_id = implicit.resources["ServerlessRestApi"]

    api = apigateway.get_rest_api(restApiId=rest_id)
    stages = {s["stageName"]: s for s in apigateway.get_stages(restApiId=rest_id)["item"]}

    assert (api["name"], api["endpointConfiguration"]["types"]) == ("sam-implicit-apis", ["REGIONAL"])
    assert sorted(stages) == ["Prod", "Stage"]
    assert stages["Prod"]["tracingEnabled"] is True
    http_stage = apigatewayv2.get_stage(ApiId=implicit.resources["ServerlessHttpApi"], StageName="$default")
    assert (http_stage["StageVariables"], http_stage["AutoDeploy"]) == ({"tier": "free"}, True)


# -- SAM: Cognito, CORS string, stage settings -----------------------------------------------------


@pytest.fixture
def cognito(gwmock):
    return deploy(gwmock, "sam_cognito_api.yaml")


def test_cognito_default_authorizer_with_an_open_health_route(cognito):
    url = cognito.outputs["Url"]
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{cognito.outputs['UserPoolId']}"
    token = jwt(iss=issuer, token_use="id", aud=cognito.outputs["ClientId"], email="ada@example.com")

    missing = requests.get(url + "/me")
    allowed = requests.get(url + "/me", headers={"Authorization": token})
    health = requests.get(url + "/health")

    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert missing.headers["x-amzn-ErrorType"] == "UnauthorizedException"
    assert allowed.status_code == 200
    claims = allowed.json()["authorizer"]["claims"]
    assert (claims["iss"], claims["email"], claims["aud"]) == (issuer, "ada@example.com", cognito.outputs["ClientId"])
    assert (health.status_code, health.json()["authorizer"]) == (200, None)
    assert allowed.json()["stageVariables"] == {"table": "profiles-staging", "logLevel": "INFO"}


def test_cors_string_makes_preflights_and_leaves_proxy_answers_to_the_function(cognito):
    preflight = requests.options(cognito.outputs["Url"] + "/me", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"})
    proxied = requests.get(cognito.outputs["Url"] + "/health", headers={"Origin": "https://app.example.com"})

    assert preflight.status_code == 200  # AddDefaultAuthorizerToCorsPreflight: false
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,OPTIONS"
    assert "Access-Control-Allow-Origin" not in proxied.headers  # a Lambda proxy answer is the function's


def test_sam_stage_settings_reach_the_stage(cognito, apigateway):
    api_id = cognito.resources["ProfileApi"]

    stages = apigateway.get_stages(restApiId=api_id)["item"]

    assert [s["stageName"] for s in stages] == ["staging"]  # OpenApiVersion: no extra "Stage" stage
    stage = stages[0]
    assert stage["methodSettings"]["*/*"]["throttlingRateLimit"] == 50.0
    assert stage["methodSettings"]["*/*"]["throttlingBurstLimit"] == 100
    assert stage["methodSettings"]["*/*"]["metricsEnabled"] is True
    assert stage["accessLogSettings"]["destinationArn"] == (
        f"arn:aws:logs:{REGION}:123456789012:log-group:{cognito.resources['AccessLogs']}:*")
    assert apigateway.get_rest_api(restApiId=api_id)["name"] == "profiles-staging"


# -- SAM: Lambda TOKEN and REQUEST authorizers ---------------------------------------------------------


@pytest.fixture
def partner(gwmock):
    return deploy(gwmock, "sam_lambda_authorizers.yaml")


@pytest.mark.parametrize(("token", "status", "message"), [
    (None, 401, "Unauthorized"),
    ("not matching", 401, "Unauthorized"),  # the ValidationExpression refuses it before the function runs
    ("other", 401, "Unauthorized"),  # the function raised Exception("Unauthorized")
    ("deny", 403, "User is not authorized to access this resource with an explicit deny"),
])
def test_token_authorizer_refusals(partner, token, status, message):
    answer = requests.get(partner.outputs["Url"] + "/reports", headers={"Authorization": token} if token else {})

    assert (answer.status_code, answer.json()) == (status, {"message": message})


def test_token_authorizer_context_reaches_the_function(partner):
    answer = requests.get(partner.outputs["Url"] + "/reports", headers={"Authorization": "allow-ann"})

    assert answer.status_code == 200
    context = answer.json()["authorizer"]
    assert isinstance(context.pop("integrationLatency"), int)  # the authorizer's milliseconds
    assert context == {"principalId": "ann", "tier": "gold"}


def test_request_authorizer_reads_its_header_and_query_identity(partner):
    url = partner.outputs["Url"] + "/tenants/reports"

    wrong = requests.get(url, headers={"X-Tenant": "acme"}, params={"key": "other"})
    right = requests.get(url, headers={"X-Tenant": "acme"}, params={"key": "acme-key"})

    assert wrong.status_code == 403
    assert right.status_code == 200
    context = right.json()["authorizer"]
    assert isinstance(context.pop("integrationLatency"), int)
    assert context == {"principalId": "acme", "tenant": "acme"}


# -- SAM: API keys, a shared usage plan and the template's own key -----------------------------------


def test_shared_usage_plan_and_a_key_with_a_known_value(gwmock, apigateway):
    stack = deploy(gwmock, "sam_api_keys.yaml")
    key = "partner-key-0123456789abcdef"

    plans = apigateway.get_usage_plans()["items"]
    assert len(plans) == 1
    assert sorted((s["apiId"], s["stage"]) for s in plans[0]["apiStages"]) == sorted(
        [(stack.resources["CatalogApi"], "live"), (stack.resources["PricingApi"], "live")])
    assert (plans[0]["throttle"], plans[0]["quota"]["limit"]) == ({"burstLimit": 20, "rateLimit": 10.0}, 1000)
    products = stack.outputs["CatalogUrl"] + "/products"
    assert (requests.get(products).status_code, requests.get(products).json()) == (403, {"message": "Forbidden"})
    allowed = requests.get(products, headers={"x-api-key": key})
    assert (allowed.status_code, allowed.json()["apiKeyId"]) == (200, stack.outputs["PartnerKeyId"])
    assert requests.get(stack.outputs["PricingUrl"] + "/prices").status_code == 403
    assert requests.get(stack.outputs["PricingUrl"] + "/prices/public").status_code == 200


# -- SAM: DefinitionBody from Fn::Transform AWS::Include --------------------------------------------


@pytest.fixture
def included(gwmock):
    return deploy(gwmock, "sam_openapi_include.yaml")


def test_included_openapi_document_defines_the_api(included, apigateway):
    url = included.outputs["Url"]

    invalid = requests.post(url + "/orders", json={"sku": "pen"})
    valid = requests.post(url + "/orders", json={"sku": "pen", "quantity": 2})
    read = requests.get(url + "/orders/o-9")
    status = requests.get(url + "/status")

    assert (invalid.status_code, invalid.json()) == (400, {"message": "Invalid request body"})
    assert (valid.status_code, valid.json()["resource"]) == (200, "/orders")
    assert (read.status_code, read.json()["pathParameters"]) == (200, {"orderId": "o-9"})
    assert (status.status_code, status.json()) == (200, {"status": "ok", "stage": "v2"})
    assert apigateway.get_rest_api(restApiId=included.resources["OrdersApi"])["name"] == "orders-from-include"


# -- SAM: HttpApi with JWT and Lambda authorizers, CORS, a named stage --------------------------------


@pytest.fixture
def inventory(gwmock):
    return deploy(gwmock, "sam_http_api_jwt.yaml")


def test_http_api_jwt_authorizer_audience_and_scopes(inventory):
    url = inventory.outputs["Url"] + "/stock"
    issuer = "https://auth.example.com/"

    missing = requests.get(url)
    audience = requests.get(url, headers={"Authorization": jwt(iss=issuer, aud="other")})
    scope = requests.get(url, headers={"Authorization": jwt(iss=issuer, aud="inventory-api", scope="x")})
    allowed = requests.get(url, headers={"Authorization": "Bearer " + jwt(iss=issuer, aud="inventory-api",
                                                                           scope="stock.read stock.write")})

    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert audience.status_code == 401
    assert (scope.status_code, scope.json()) == (403, {"message": "Forbidden"})
    event = allowed.json()
    assert (allowed.status_code, event["routeKey"], event["path"]) == (200, "GET /stock", "/beta/stock")
    assert event["authorizer"]["jwt"]["scopes"] == ["stock.read", "stock.write"]
    assert (event["stage"], event["stageVariables"]) == ("beta", {"backend": "inventory-beta"})


def test_http_api_lambda_authorizer_simple_responses_and_an_open_route(inventory):
    base = inventory.outputs["Url"]

    refused_ = requests.get(base + "/internal/a/b", headers={"x-secret": "nope"})
    allowed = requests.get(base + "/internal/a/b", headers={"x-secret": "open-sesame"})
    health = requests.get(base + "/health")

    assert (refused_.status_code, refused_.json()) == (403, {"message": "Forbidden"})
    assert allowed.status_code == 200
    assert (allowed.json()["pathParameters"], allowed.json()["authorizer"]) == (
        {"proxy": "a/b"}, {"lambda": {"caller": "tester"}})
    assert (health.status_code, health.json()["authorizer"]) == (200, None)


def test_http_api_cors_configuration_on_preflight_and_answer(inventory):
    url = inventory.outputs["Url"] + "/stock/a1"
    origin = {"Origin": "https://shop.example.com"}
    token = jwt(iss="https://auth.example.com/", aud="inventory-api")

    preflight = requests.options(url, headers={**origin, "Access-Control-Request-Method": "PUT"})
    answer = requests.put(url, headers={**origin, "Authorization": token}, data="5")

    assert preflight.status_code == 204
    assert (preflight.headers["access-control-allow-methods"], preflight.headers["access-control-max-age"]) == (
        "GET,PUT", "300")
    assert preflight.headers["access-control-allow-headers"] == "authorization,content-type"
    assert (answer.status_code, answer.json()["body"]) == (200, "5")
    assert answer.headers["access-control-allow-origin"] == "https://shop.example.com"
    assert answer.headers["access-control-expose-headers"] == "x-request-id"
    assert answer.headers["access-control-allow-credentials"] == "true"


def test_http_api_stage_settings(inventory, apigatewayv2):
    stage = apigatewayv2.get_stage(ApiId=inventory.resources["InventoryApi"], StageName="beta")

    assert (stage["DefaultRouteSettings"]["ThrottlingBurstLimit"], stage["DefaultRouteSettings"][
        "ThrottlingRateLimit"]) == (200, 100.0)
    assert stage["AccessLogSettings"] == {
        "DestinationArn": f"arn:aws:logs:{REGION}:123456789012:log-group:inventory-access",
        "Format": "$context.requestId $context.routeKey $context.status"}


# -- SAM: binary media, CORS object, gateway responses, custom domain ------------------------------


@pytest.fixture
def media(gwmock):
    return deploy(gwmock, "sam_media_api.yaml")


def test_binary_media_types_decode_the_request_and_encode_the_answer_by_accept(media):
    url = media.outputs["ExecuteApiUrl"] + "/thumbnails"
    png = b"\x89PNG\x00\x01"

    binary = requests.post(url, data=png, headers={"Content-Type": "image/png", "Accept": "image/png"})
    text = requests.post(url, data=png, headers={"Content-Type": "image/png", "Accept": "application/json"})

    assert (binary.status_code, binary.content, binary.headers["Content-Type"]) == (200, png[::-1], "image/png")
    assert text.content == base64.b64encode(png[::-1])  # Accept names no binary type: the base64 text


def test_gateway_response_from_globals_with_cors_header(media):
    answer = requests.get(media.outputs["ExecuteApiUrl"] + "/nothing")

    assert answer.status_code == 403
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.json() == {"error": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN"}


def test_cors_object_preflight(media):
    answer = requests.options(media.outputs["ExecuteApiUrl"] + "/thumbnails", headers={
        "Origin": "https://any.example", "Access-Control-Request-Method": "POST"})

    assert answer.status_code == 200
    assert {k: answer.headers[k] for k in ("Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                                            "Access-Control-Allow-Headers", "Access-Control-Max-Age")} == {
        "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET,POST,OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type,X-Amz-Date,Authorization", "Access-Control-Max-Age": "3600"}


def test_sam_domain_with_a_base_path(media, apigateway):
    answer = requests.post(media.outputs["CustomDomainUrl"] + "/thumbnails", data=b"ab",
                           headers={"Content-Type": "image/png", "Accept": "image/png"})

    assert (answer.status_code, answer.content) == (200, b"ba")
    mappings = apigateway.get_base_path_mappings(domainName="media.example.com")["items"]
    assert mappings == [{"basePath": "images", "restApiId": media.resources["MediaApi"], "stage": "prod"}]
    domain = apigateway.get_domain_name(domainName="media.example.com")
    assert domain["endpointConfiguration"]["types"] == ["REGIONAL"]


# -- SAM: request validation behind a published alias -------------------------------------------------


def test_request_model_and_parameters_are_validated_before_the_alias_runs(gwmock, apigateway):
    stack = deploy(gwmock, "sam_validated_alias.yaml")
    url = stack.outputs["Url"] + "/orders"

    no_channel = requests.post(url, json={"sku": "a", "quantity": 1})
    bad_body = requests.post(url, params={"channel": "web"}, json={"sku": "a", "quantity": 0})
    created = requests.post(url, params={"channel": "web"}, json={"id": "o1", "sku": "a", "quantity": 3})

    assert (no_channel.status_code, no_channel.json()) == (
        400, {"message": "Missing required request parameters: [channel]"})
    assert (bad_body.status_code, bad_body.json()) == (400, {"message": "Invalid request body"})
    assert (created.status_code, created.headers["Location"]) == (201, "/items/o1")
    root = stack.resources["OrdersApi"]
    orders = [r for r in apigateway.get_resources(restApiId=root)["items"] if r["path"] == "/orders"][0]
    uri = apigateway.get_integration(restApiId=root, resourceId=orders["id"], httpMethod="POST")["uri"]
    assert uri.endswith(f":function:{stack.resources['OrdersFunction']}:live/invocations")


# -- SAM: HttpApi Domain with two base paths and an inline OpenAPI definition --------------------------


def test_http_api_custom_domain_base_paths_and_parameter_mapping(gwmock, apigatewayv2):
    stack = deploy(gwmock, "sam_http_api_domain.yaml")
    base = stack.outputs["DomainUrl"]

    first = requests.get(base + "/payments/charges/ch_1", params={"tenant": "acme"})
    second = requests.get(base + "/v1/payments/charges/ch_2")
    unmapped = requests.get(base + "/charges/ch_3")
    v1 = requests.post(base + "/payments/charges", json={"amount": 5})

    assert (first.status_code, first.json()["routeKey"], first.json()["tenantHeader"]) == (
        200, "GET /charges/{chargeId}", "acme")
    assert (second.status_code, second.json()["pathParameters"]) == (200, {"chargeId": "ch_2"})
    assert (unmapped.status_code, unmapped.json()) == (403, {"message": "Forbidden"})
    assert (v1.json()["version"], v1.json()["path"], v1.json()["resource"]) == ("1.0", "/payments/charges", "/charges")
    domain = apigatewayv2.get_domain_name(DomainName="api.payments.example.com")
    assert stack.outputs["RegionalDomain"] == domain["DomainNameConfigurations"][0]["ApiGatewayDomainName"]
    keys = sorted(m["ApiMappingKey"] for m in apigatewayv2.get_api_mappings(DomainName=stack.outputs["DomainName"])[
        "Items"])
    assert keys == ["payments", "v1/payments"]


# -- SAM: nested applications with a local Location ----------------------------------------------------


def test_nested_applications_deploy_with_their_own_parameters(gwmock, apigateway):
    stack = deploy(gwmock, "sam_nested_app.yaml")

    english = requests.get(stack.outputs["EnglishUrl"] + "/greeting/ada")
    french = requests.get(stack.outputs["FrenchUrl"] + "/greeting/ada")

    assert (english.status_code, english.json()) == (200, {"text": "Hello, ada"})
    assert (french.status_code, french.json()) == (200, {"text": "Bonjour, ada"})
    assert stack.not_created == []
    stack.delete()
    assert apigateway.get_rest_apis()["items"] == []


def test_a_serverless_repository_application_is_refused_without_reaching_the_network(gwmock, monkeypatch):
    attempts = network_guard(monkeypatch)
    template = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Hello": {
        "Type": "AWS::Serverless::Application", "Properties": {"Location": {
            "ApplicationId": "arn:aws:serverlessrepo:us-east-1:123456789012:applications/hello",
            "SemanticVersion": "1.0.0"}}}}}

    error = refused(gwmock, template)

    assert (error.logical_id, error.prop) == ("Hello", "Location")
    assert "Serverless Application Repository" in str(error)
    assert attempts == []


@pytest.mark.parametrize(("url", "expected"), [
    ("../outside.yaml", "outside the template's folder"),
    ("/etc/hostname", "outside the template's folder"),
    ("template.json", "nests itself"),
    ("nowhere.yaml", "is not a file beside the template"),
])
def test_a_local_nested_template_stays_in_the_folder_and_does_not_nest_itself(gwmock, tmp_path, url, expected):
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "outside.yaml").write_text("Resources: {Leak: {Type: AWS::ApiGateway::RestApi, Properties: {Name: x}}}")
    path = _write_template(root, {"Resources": {"Child": {"Type": "AWS::CloudFormation::Stack", "Properties": {
        "TemplateURL": url}}}})

    error = refused(gwmock, path)

    assert expected in str(error)
    assert error.logical_id == "Child"


# -- CloudFormation: a REST API resource by resource, and a second stack importing it ------------------


@pytest.fixture
def library(gwmock):
    return deploy(gwmock, "cfn_rest_api.yaml", stack="library")


def test_lambda_proxy_from_inline_code(library):
    url = library.outputs["Url"]

    found = requests.get(url + "/books/b1", params=[("tag", "a"), ("tag", "b")])
    missing = requests.get(url + "/books/missing")

    assert found.status_code == 200
    assert found.json() == {"book": "b1", "shelf": "fiction", "resource": "/books/{bookId}", "stage": "api",
                            "apiId": library.outputs["ApiId"], "multi": {"tag": ["a", "b"]}}
    assert found.headers["Set-Cookie"] == "a=1, b=2"  # multiValueHeaders: one header line each
    assert (missing.status_code, missing.json()["multi"]) == (404, None)


def test_mock_method_with_method_settings_throttling(library):
    url = library.outputs["Url"] + "/health"

    first = requests.get(url)
    second = requests.get(url)  # burst 1 on GET /health only

    assert (first.status_code, first.headers["Cache-Control"]) == (200, "no-store")
    assert first.json() == {"healthy": True, "region": "${AWS::Region}"}  # not an Fn::Sub: left as written
    assert (second.status_code, second.json()) == (429, {"message": "Too Many Requests"})
    assert requests.get(library.outputs["Url"] + "/books/b2").status_code == 200


def test_exports_and_tags_of_the_stack(library, apigateway):
    api = apigateway.get_rest_api(restApiId=library.outputs["ApiId"])

    assert library.exports == {"library-ApiId": api["id"], "library-RootResourceId": api["rootResourceId"],
                               "library-BookResourceId": library.outputs["BookResourceId"]}
    assert (api["name"], api["tags"]["team"], api["tags"]["aws:cloudformation:logical-id"]) == (
        "library-books", "library", "BooksApi")


def test_a_second_stack_extends_the_api_through_imports(gwmock, library):
    reviews = deploy(gwmock, "cfn_rest_api_extension.yaml", stack="library-reviews")

    own = requests.get(reviews.outputs["Url"] + "/books/b7/reviews")
    old_stage = requests.get(library.outputs["Url"] + "/books/b7/reviews")

    assert (own.status_code, own.json()) == (200, {"book": "b7", "reviews": []})
    assert old_stage.status_code == 403  # the first stack's stage serves its own deployment only
    with pytest.raises(TemplateError, match="Export library-ApiId cannot be deleted as it is in use by library-rev"):
        library.delete()
    reviews.delete()
    library.delete()


# -- CloudFormation: a WebSocket chat -----------------------------------------------------------------


def test_websocket_chat_routes_mock_and_lambda_integrations(gwmock):
    from gwmock.runtime.websocket.connections import Rejected

    def connect(event, context):
        return {"statusCode": 200 if (event.get("queryStringParameters") or {}).get("token") == "ok" else 403}

    def default(event, context):
        request = event["requestContext"]
        return {"statusCode": 200, "body": json.dumps({"route": request["routeKey"], "got": event["body"]})}

    gwmock.add_lambda("ConnectFunction", connect)  # the template's code is in S3: the test's own stand in
    gwmock.add_lambda("DefaultFunction", default)
    stack = deploy(gwmock, "cfn_websocket_chat.yaml")
    url = stack.outputs["WebSocketUrl"]

    with pytest.raises(Rejected) as rejected:
        gwmock.websocket(url + "?token=bad")
    connection = gwmock.websocket(url + "?token=ok")
    pong = connection.send('{"action": "ping"}')
    echoed = connection.send("not json")
    management = boto3.client("apigatewaymanagementapi", region_name=REGION,
                              endpoint_url=stack.outputs["ConnectionsUrl"])
    management.post_to_connection(ConnectionId=connection.connection_id, Data=b"pushed")

    assert rejected.value.status == 403
    assert json.loads(pong[0]) == {"action": "pong", "connectionId": connection.connection_id}
    assert json.loads(echoed[0]) == {"route": "$default", "got": "not json"}
    assert connection.received[-1] == "pushed"
    connection.close()


# -- CloudFormation: one template, every environment ---------------------------------------------------


def test_dev_environment(gwmock, apigateway):
    stack = deploy(gwmock, "cfn_environments.yaml", stack="status-dev")
    url = stack.outputs["Url"]

    status = requests.get(url + "/status")
    debug = requests.get(url + "/debug")  # the Deployment waits for it through its Metadata's Ref

    assert (status.status_code, status.json()) == (200, {"env": "dev", "logLevel": "INFO", "debug": "on"})
    assert status.headers["Access-Control-Allow-Origin"] == "*"
    assert (debug.status_code, debug.json()) == (200, {"debug": True})
    assert "description" not in apigateway.get_rest_api(restApiId=stack.resources["Api"])  # AWS::NoValue
    stage = apigateway.get_stage(restApiId=stack.resources["Api"], stageName="dev")
    assert (stage["tracingEnabled"], stage["methodSettings"]["*/*"]["throttlingRateLimit"]) == (False, 10.0)
    assert (stack.outputs, apigateway.get_usage_plans()["items"]) == (
        {"Url": url, "HasDebug": "yes"}, [])


def test_prod_environment(gwmock, apigateway):
    stack = deploy(gwmock, "cfn_environments.yaml", stack="status-prod", parameters={
        "Env": "prod", "EnableTracing": "true", "AllowedOrigin": "https://status.example.com"})
    url = stack.outputs["Url"]
    key = apigateway.get_api_key(apiKey=stack.outputs["KeyId"], includeValue=True)["value"]

    without_key = requests.get(url + "/status")
    with_key = requests.get(url + "/status", headers={"x-api-key": key})

    assert (without_key.status_code, without_key.json()) == (403, {"message": "Forbidden"})
    assert with_key.json() == {"env": "prod", "logLevel": "ERROR", "debug": "off"}
    assert with_key.headers["Access-Control-Allow-Origin"] == "https://status.example.com"
    assert requests.get(url + "/debug").status_code == 403
    assert "DebugGet" not in stack.resources
    assert apigateway.get_rest_api(restApiId=stack.resources["Api"])["description"] == "Production status API"
    stage = apigateway.get_stage(restApiId=stack.resources["Api"], stageName="prod")
    assert (stage["tracingEnabled"], stage["methodSettings"]["*/*"]["throttlingBurstLimit"]) == (True, 250)
    plan = apigateway.get_usage_plans()["items"][0]
    assert (plan["name"], plan["throttle"]) == ("status-prod-plan", {"burstLimit": 250, "rateLimit": 500.0})


def test_a_value_outside_allowed_values_is_refused(gwmock):
    error = refused(gwmock, DATA / "cfn_environments.yaml", parameters={"Env": "qa"})

    assert str(error) == "Parameter 'Env' must be one of AllowedValues"


# -- CloudFormation: AWS::ApiGatewayV2 HTTP API with dynamic references -------------------------------


def test_http_api_resources_with_ssm_and_secrets_manager_references(gwmock, apigatewayv2):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        boto3.client("ssm", region_name=REGION).put_parameter(
            Name="/ledger/jwt-issuer", Value="https://login.example.com", Type="String")
        boto3.client("secretsmanager", region_name=REGION).create_secret(
            Name="ledger/partner", SecretString=json.dumps({"token": "s3cr3t"}))
        stack = deploy(gwmock, "cfn_http_api.yaml")
    url = stack.outputs["Endpoint"]

    anonymous = requests.get(url + "/entries")
    user = requests.get(url + "/entries", params={"tenant": "t1"},
                        headers={"Authorization": jwt(iss="https://login.example.com", aud="ledger")})
    partner_no = requests.post(url + "/partner/entries", headers={"x-partner-token": "no"})
    partner = requests.post(url + "/partner/entries", headers={"x-partner-token": "partner-123"})

    assert (anonymous.status_code, anonymous.json()) == (401, {"message": "Unauthorized"})
    assert user.status_code == 200
    assert (user.json()["tenant"], user.json()["secret"]) == ("t1", "s3cr3t")
    assert user.json()["authorizer"]["jwt"]["claims"]["iss"] == "https://login.example.com"
    assert partner_no.status_code == 403
    assert (partner.status_code, partner.json()["authorizer"]) == (200, {"lambda": {"partner": "acme"}})
    authorizer = apigatewayv2.get_authorizer(ApiId=stack.resources["Api"], AuthorizerId=stack.resources[
        "JwtAuthorizer"])
    assert authorizer["JwtConfiguration"]["Issuer"] == "https://login.example.com"


def test_a_dynamic_reference_without_moto_is_refused_naming_it(gwmock):
    template = {"Resources": {"Key": {"Type": "AWS::ApiGateway::ApiKey", "Properties": {
        "Enabled": True, "Value": "{{resolve:secretsmanager:partner-key:SecretString:value}}"}}}}

    error = refused(gwmock, template)

    assert (error.logical_id, error.prop) == ("Key", "Value")
    assert "{{resolve:secretsmanager:partner-key:SecretString:value}}" in str(error)
    assert "moto's mock_aws is not active" in str(error)


# -- CDK: LambdaRestApi, RestApi with validator and model, HttpApi with HttpLambdaIntegration ----------


class _Synthesis:
    """``python app.py OUT`` as ``helpers.cdk_synth`` runs it (a subprocess, the context ``cdk synth`` passes), but
    started without waiting: jsii's node process synthesizes while the other templates of the module deploy,
    and the CDK tests (last in the module) wait for it."""

    def __init__(self, app: Path, out: Path) -> None:
        if shutil.which("node") is None:
            pytest.fail(f"the AWS CDK needs node on PATH to synthesize {app}")
        self.out = out
        self.log = (out.parent / "synth.log").open("w+b")
        env = {**os.environ, "CDK_CONTEXT_JSON": json.dumps(CDK_CLI_CONTEXT),
               "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1", "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
               "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
        self.process = subprocess.Popen([sys.executable, str(app), str(out)], env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def result(self) -> Path:
        if self.process.wait(timeout=300) != 0:
            self.log.seek(0)
            pytest.fail(f"cdk synth failed ({self.process.returncode}):\n{self.log.read()[-4000:].decode()}")
        return self.out

    def stop(self) -> None:
        if self.process.poll() is None:  # only some tests of the module ran: the synth is not needed
            os.killpg(self.process.pid, signal.SIGKILL)  # its group: the app and jsii's node process
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module", autouse=True)
def cdk_synthesis(tmp_path_factory: pytest.TempPathFactory):
    synthesis = _Synthesis(DATA / "cdk" / "app.py", tmp_path_factory.mktemp("real-world-cdk") / "cdk.out")
    yield synthesis
    synthesis.stop()


@pytest.fixture
def cdk_out(cdk_synthesis: _Synthesis) -> Path:
    return cdk_synthesis.result()


def test_cdk_lambda_rest_api_proxies_every_path_with_binary_bodies(gwmock, cdk_out):
    stack = gwmock.deploy_template(cdk_out / "RealWorldProxy.template.json")
    url = stack_output(stack, "ProxyApiEndpoint")

    nested = requests.post(url + "any/path", data=b"\x00\x01\x02",
                           headers={"Content-Type": "application/octet-stream"})
    root = requests.get(url)

    assert url == stack.outputs["Url"] and url.endswith("/live/")
    assert nested.json() == {"service": "backend", "version": None, "resource": "/{proxy+}", "routeKey": None,
                             "path": "/any/path", "method": "POST", "pathParameters": {"proxy": "any/path"},
                             "stageVariables": {"color": "blue"}, "body": {"base64bytes": 3}}
    assert (root.status_code, root.json()["resource"]) == (200, "/")


def test_cdk_rest_api_request_validator_and_model(gwmock, cdk_out):
    stack = gwmock.deploy_template(cdk_out / "RealWorldValidated.template.json")
    url = stack.outputs["Url"] + "orders"

    no_header = requests.post(url, json={"sku": "pen", "quantity": 2})
    bad_body = requests.post(url, json={"sku": "pen"}, headers={"X-Client": "t"})
    good = requests.post(url, json={"sku": "pen", "quantity": 2}, headers={"X-Client": "t"})
    listed = requests.get(url)

    assert (no_header.status_code, no_header.json()) == (
        400, {"message": "Missing required request parameters: [X-Client]"})
    assert (bad_body.status_code, bad_body.json()) == (400, {"message": "Invalid request body"})
    assert bad_body.headers["x-amzn-ErrorType"] == "BadRequestException"
    assert (good.status_code, json.loads(good.json()["body"])) == (200, {"sku": "pen", "quantity": 2})
    assert (listed.status_code, listed.json()["service"]) == (200, "orders")


def test_cdk_http_api_lambda_integration_routes_and_cors(gwmock, cdk_out):
    stack = gwmock.deploy_template(cdk_out / "RealWorldHttp.template.json")
    url = stack.outputs["Url"]

    listed = requests.get(url + "/products")
    deleted = requests.delete(url + "/products/9")
    unrouted = requests.post(url + "/products")
    preflight = requests.options(url + "/products", headers={
        "Origin": "https://shop.example.com", "Access-Control-Request-Method": "GET"})

    assert (listed.json()["routeKey"], listed.json()["version"]) == ("GET /products", "2.0")
    assert (deleted.json()["routeKey"], deleted.json()["pathParameters"]) == ("DELETE /products/{id}", {"id": "9"})
    assert (unrouted.status_code, unrouted.json()) == (404, {"message": "Not Found"})
    assert (preflight.status_code, preflight.headers["access-control-allow-origin"]) == (204, "https://shop.example.com")


# -- What gwmock cannot deploy: refused, naming the resource and the property -------------------------


def _rest_api(**props):
    return {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "x", **props}}}


def test_for_each_is_refused_where_it_stands(gwmock):
    template = {"Transform": "AWS::LanguageExtensions", "Parameters": {"Names": {
        "Type": "CommaDelimitedList", "Default": "a,b"}}, "Resources": {
        **_rest_api(), "Fn::ForEach::Apis": ["Name", {"Ref": "Names"}, {"Api${Name}": {
            "Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": {"Ref": "Name"}}}}]}}

    error = refused(gwmock, template)

    assert (error.logical_id, error.prop) == ("Fn::ForEach::Apis", "Resources")
    assert "Fn::ForEach (AWS::LanguageExtensions) is not supported by gwmock" in str(error)


@pytest.mark.parametrize(("depends", "message"), [
    ({"Fn::If": ["C", "A", "B"]}, "Template format error: DependsOn must be a string or list of strings."),
    (["Api", {"Ref": "Api"}], "Template format error: Every DependsOn value must be a string."),
])
def test_depends_on_that_is_not_names(gwmock, depends, message):
    template = {"Resources": {**_rest_api(), "Other": {
        "Type": "AWS::ApiGateway::RestApi", "DependsOn": depends, "Properties": {"Name": "y"}}}}

    error = refused(gwmock, template)

    assert str(error) == f"Other.DependsOn: {message}"


YAML_DEFAULTS = """
{holder}:
  MockIntegration: &mock
    Type: MOCK
    RequestTemplates: {{application/json: '{{"statusCode": 200}}'}}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {{Name: anchors}}
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        <<: *mock
        IntegrationResponses: [{{StatusCode: "200", ResponseTemplates: {{application/json: '{{"merged": true}}'}}}}]
      MethodResponses: [{{StatusCode: "200"}}]
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: Get
    Properties: {{RestApiId: !Ref Api, StageName: v1}}
"""


def test_yaml_anchors_belong_under_metadata_not_in_a_section_of_their_own(gwmock, tmp_path):
    (tmp_path / "anchors.yaml").write_text(YAML_DEFAULTS.format(holder="Metadata"))
    (tmp_path / "extra.yaml").write_text(YAML_DEFAULTS.format(holder="x-defaults"))

    stack = gwmock.deploy_template(tmp_path / "anchors.yaml")
    error = refused(gwmock, tmp_path / "extra.yaml")

    url = f"https://{stack.resources['Api']}.execute-api.{REGION}.amazonaws.com/v1/"
    assert requests.get(url).json() == {"merged": True}  # a YAML merge key, as CloudFormation's parser reads it
    assert str(error) == "Template format error: Invalid template property or properties [x-defaults]"


def _mock_api_with_deployment(stage_description):
    return {"Resources": {
        **_rest_api(), "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET",
            "AuthorizationType": "NONE", "Integration": {"Type": "MOCK"}}},
        "Docs": {"Type": "AWS::ApiGateway::DocumentationVersion", "DependsOn": "Get", "Properties": {
            "RestApiId": {"Ref": "Api"}, "DocumentationVersion": "1.0"}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "Docs", "Properties": {
            "RestApiId": {"Ref": "Api"}, "StageName": "v1", "StageDescription": stage_description}}}}


def test_stage_description_documentation_version_and_a_misspelt_key(gwmock, apigateway):
    stack = gwmock.deploy_template(_mock_api_with_deployment({"DocumentationVersion": "1.0", "MetricsEnabled": True}))

    stage = apigateway.get_stage(restApiId=stack.resources["Api"], stageName="v1")
    assert (stage["documentationVersion"], stage["methodSettings"]["*/*"]["metricsEnabled"]) == ("1.0", True)
    error = refused(gwmock, _mock_api_with_deployment({"MetricEnabled": True}), name="typo")
    assert str(error) == ("Deployment.StageDescription: Properties validation failed: #/StageDescription: "
                          "extraneous key [MetricEnabled] is not permitted")


def test_another_macro_in_fn_transform_is_refused(gwmock):
    template = {"Resources": _rest_api(Body={"Fn::Transform": {"Name": "MyCompany::Swagger", "Parameters": {}}})}

    error = refused(gwmock, template)

    assert (error.logical_id, error.prop) == ("Api", "Body")
    assert "Fn::Transform MyCompany::Swagger is not supported by gwmock" in str(error)


def test_fn_cidr_is_refused_naming_the_property(gwmock):
    template = {"Resources": _rest_api(Description={"Fn::Select": [0, {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}]})}

    error = refused(gwmock, template)

    assert (error.logical_id, error.prop) == ("Api", "Properties")
    assert "Fn::Cidr is not supported by gwmock" in str(error)


# -- AWS::Include: the forms, and what is refused ----------------------------------------------------


def _include(location):
    return {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": location}}}


def _write_template(folder: Path, template: dict) -> Path:
    (folder / "template.json").write_text(json.dumps(template))
    return folder / "template.json"


SPEC = {"swagger": "2.0", "info": {"title": "snippet", "version": "1"}, "paths": {}}


def test_include_beside_other_properties_and_at_the_top_level(gwmock, apigateway, tmp_path):
    (tmp_path / "body.json").write_text(json.dumps({"Body": SPEC}))
    (tmp_path / "resources.yaml").write_text(
        "Resources:\n  Second:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: from-top-level}\n")
    top = _write_template(tmp_path, {
        "Transform": [{"Name": "AWS::Include", "Parameters": {"Location": "resources.yaml"}}],
        "Outputs": {"Second": {"Value": {"Ref": "Second"}}}})

    stack = gwmock.deploy_template(top, name="top")

    assert apigateway.get_rest_api(restApiId=stack.outputs["Second"])["name"] == "from-top-level"
    beside = _write_template(tmp_path, {"Resources": {"First": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Description": "kept", **_include("body.json")}}}})
    first = gwmock.deploy_template(beside, name="beside")
    api = apigateway.get_rest_api(restApiId=first.resources["First"])
    assert (api["name"], api["description"]) == ("snippet", "kept")


@pytest.mark.parametrize(("location", "setup", "expected"), [
    ("../outside.json", None, "outside the template's folder"),
    ("/etc/hostname", None, "outside the template's folder"),
    ("https://example.com/snippet.json", None, "must be an Amazon S3 URI"),
    ("missing.json", None, "is not a file beside the template"),
    ("list.json", lambda d: (d / "list.json").write_text("[1, 2]"), "must hold a key-value object"),
    ("short.yaml", lambda d: (d / "short.yaml").write_text("Name: !Sub '${AWS::Region}'\n"),
     "does not support YAML short forms"),
    ("again.json", lambda d: (d / "again.json").write_text(json.dumps({"Name": _include("x.json")})),
     "uses Fn::Transform itself"),
    ("link.json", lambda d: os.symlink("/dev/zero", d / "link.json"), "outside the template's folder"),
    ("folder", lambda d: (d / "folder").mkdir(), "is not a file beside the template"),
    ("s3://bucket/snippet.json", None, "moto's mock_aws is not active"),
    ({"Ref": "AWS::Region"}, None, "AWS::Include needs Parameters.Location"),
])
def test_hostile_or_wrong_include_locations_are_refused(gwmock, tmp_path, location, setup, expected):
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "outside.json").write_text(json.dumps({"Name": "leaked"}))
    if setup is not None:
        setup(root)
    path = _write_template(root, {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
                                                        "Properties": _include(location)}}})

    error = refused(gwmock, path)

    assert (error.logical_id, error.prop) == ("Api", "Properties")
    assert expected in str(error)
    assert "leaked" not in str(error)


def test_include_from_a_fifo_is_refused_without_blocking(gwmock, tmp_path):
    os.mkfifo(tmp_path / "pipe.json")
    path = _write_template(tmp_path, {"Resources": _rest_api(Body=_include("pipe.json"))})

    error = refused(gwmock, path)

    assert "is not a file beside the template" in str(error)


def test_include_bounds(gwmock, tmp_path):
    (tmp_path / "tiny.json").write_text(json.dumps({"x": 1}))
    (tmp_path / "big.json").write_text(json.dumps({"Description": "x" * 3_000_000}))
    many = {f"P{i}": _include("tiny.json") for i in range(101)}
    too_many = _write_template(tmp_path, {"Resources": _rest_api(Tags=[], **{"Body": {"paths": many}})})

    assert "at most 100 snippets" in str(refused(gwmock, too_many))
    too_big = _write_template(tmp_path, {"Resources": {"A": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "a", **_include("big.json")}}, "B": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Name": "b", **_include("big.json")}}}})
    assert "larger than 5242880 bytes together" in str(refused(gwmock, too_big))


def test_include_is_refused_in_parameters_and_on_a_key_collision(gwmock, tmp_path):
    (tmp_path / "name.json").write_text(json.dumps({"Name": "twice"}))
    in_parameters = _write_template(tmp_path, {"Parameters": {"P": _include("name.json")}, "Resources": _rest_api()})
    assert "cannot be used in the Parameters section" in str(refused(gwmock, in_parameters))
    collision = _write_template(tmp_path, {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "once", **_include("name.json")}}}})
    error = refused(gwmock, collision)
    assert (error.logical_id, error.prop, "key Name is already there" in str(error)) == ("Api", "Properties", True)


def test_include_from_moto_s3(gwmock, apigateway):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="snippets")
        s3.put_object(Bucket="snippets", Key="api.yaml", Body=b"swagger: '2.0'\ninfo: {title: from-s3, version: '1'}\n"
                                                              b"paths: {}\n")
        stack = gwmock.deploy_template({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Body": _include("s3://snippets/api.yaml")}}}})

    assert apigateway.get_rest_api(restApiId=stack.resources["Api"])["name"] == "from-s3"


# -- dynamic references: the forms, and what is refused ----------------------------------------------


def test_dynamic_reference_forms_read_from_moto(gwmock, apigateway):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        ssm = boto3.client("ssm", region_name=REGION)
        ssm.put_parameter(Name="/api/name", Value="first", Type="String")
        ssm.put_parameter(Name="/api/name", Value="second", Type="String", Overwrite=True)
        ssm.put_parameter(Name="/api/secure", Value="hidden", Type="SecureString")
        secret = boto3.client("secretsmanager", region_name=REGION).create_secret(
            Name="api/desc", SecretString=json.dumps({"text": "described", "n": 3}))
        stack = gwmock.deploy_template({"Resources": {
            "One": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
                "Name": "{{resolve:ssm:/api/name:1}}-{{resolve:ssm:/api/name}}",
                "Description": f"{{{{resolve:secretsmanager:{secret['ARN']}:SecretString:text}}}}"}},
            "Key": {"Type": "AWS::ApiGateway::ApiKey", "Properties": {
                "Value": "{{resolve:ssm-secure:/api/secure}}-0123456789abcdef",
                "Description": "{{resolve:secretsmanager:api/desc}}"}}},
            "Outputs": {"Number": {"Value": "{{resolve:secretsmanager:api/desc:SecretString:n}}"}}})

    api = apigateway.get_rest_api(restApiId=stack.resources["One"])
    assert (api["name"], api["description"]) == ("first-second", "described")
    key = apigateway.get_api_key(apiKey=stack.resources["Key"], includeValue=True)
    assert (key["value"], json.loads(key["description"])) == ("hidden-0123456789abcdef", {"text": "described", "n": 3})
    assert stack.outputs["Number"] == "3"


@pytest.mark.parametrize(("value", "expected"), [
    ("{{resolve:s3:bucket/key}}", "the service 's3' is not one CloudFormation resolves"),
    ("{{resolve:secretsmanager:api/other:SecretBinary}}", "must be SecretString"),
    ("{{resolve:ssm:/a{b}}", "is not a dynamic reference CloudFormation can read"),
])
def test_dynamic_references_refused_before_reading(gwmock, value, expected):
    error = refused(gwmock, {"Resources": _rest_api(Description=value)})

    assert (error.logical_id, error.prop, expected in str(error)) == ("Api", "Description", True)


def test_dynamic_references_to_what_moto_does_not_hold(gwmock):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        boto3.client("secretsmanager", region_name=REGION).create_secret(Name="api/other", SecretString="plain")
        missing = refused(gwmock, {"Resources": _rest_api(Description="{{resolve:ssm:/missing}}")})
        not_json = refused(gwmock, {"Resources": _rest_api(
            Description="{{resolve:secretsmanager:api/other:SecretString:nope}}")})

    assert (missing.logical_id, missing.prop) == ("Api", "Description")
    assert "dynamic reference {{resolve:ssm:/missing}}: cannot read SSM parameter /missing" in str(missing)
    assert "is not a JSON object with the key 'nope'" in str(not_json)


def test_other_services_references_are_not_read(gwmock):
    stack = gwmock.deploy_template({"Resources": {**_rest_api(), "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {
        "MasterUserPassword": "{{resolve:secretsmanager:db-password}}"}}}})

    assert stack.not_created == ["Db"]  # ids only, as for every other service: its properties are not read


def test_many_unclosed_dynamic_references_are_refused_at_once(gwmock):
    error = refused(gwmock, {"Resources": _rest_api(Description="{{resolve:ssm:a" * 200_000)})

    assert (error.logical_id, error.prop) == ("Api", "Description")
    assert "is not a dynamic reference CloudFormation can read" in str(error)


def test_at_most_sixty_dynamic_references_and_none_is_read_past_them(gwmock, monkeypatch):
    attempts = network_guard(monkeypatch)
    description = "".join(f"{{{{resolve:ssm:/p{i}}}}}" for i in range(61))

    error = refused(gwmock, {"Resources": _rest_api(Description=description)})

    assert (error.logical_id, error.prop) == ("Api", "Description")
    assert "at most 60 dynamic references" in str(error)
    assert attempts == []
