"""The Infrastructure-as-Code patterns teams use most, end to end: a real AWS CDK app
(``data/cdk_patterns/app.py``, synthesized once per module in a subprocess, as ``cdk synth`` runs it)
and a SAM template are deployed with ``gw.deploy_template`` and called as clients call them, and each
answer is what API Gateway gives for that pattern.

Patterns: ``LambdaRestApi`` (proxy) with CORS; ``RestApi`` with nested path parameters, Cognito,
TOKEN (asset and inline code) and REQUEST Lambda authorizers, a body validator with a JSON schema
model, a usage plan with a generated API key, stage variables, throttling and method settings, a
second ``Stage``; ``DomainName`` with base path mappings and a multi-level API mapping;
``SpecRestApi`` from an inline OpenAPI definition; ``HttpApi`` with Lambda and URL integrations, a JWT
authorizer and CORS; ``WebSocketApi`` with Lambda and mock routes; SAM ``Api`` (Cognito auth, CORS)
and ``HttpApi`` (CORS).
"""

from __future__ import annotations

import base64
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from helpers import cdk_logical_id, cdk_synth, cdk_template, stack_output

APP = Path(__file__).parent / "data" / "cdk_patterns" / "app.py"
REGION = "us-east-1"
CORS_DEFAULT_HEADERS = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent"
ALL_METHODS = "OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD"


@pytest.fixture(scope="module")
def cdk_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cdk_synth(APP, tmp_path_factory.mktemp("cdk-patterns") / "cdk.out")





def _b64(document: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


def jwt(**claims) -> str:
    """An RS256-shaped JWT (gwmock reads the claims; it has no JWKS to check the signature with)."""
    base = {"sub": "user-1", "exp": int(time.time()) + 600, "iat": int(time.time())}
    base.update(claims)
    return f"{_b64({'alg': 'RS256', 'kid': 'k1', 'typ': 'JWT'})}.{_b64(base)}.c2ln"


# -- PatternsRest: REST APIs ---------------------------------------------------------------------


@pytest.fixture
def rest(gwmock, cdk_out):
    return gwmock.deploy_template(cdk_out / "PatternsRest.template.json")


def test_lambda_rest_api_proxies_every_path_and_the_root(rest):
    url = rest.outputs["ProxyUrl"]

    deep = requests.post(url + "a/b/c", params={"q": "1"}, json={"x": 1})
    root = requests.get(url)

    assert deep.status_code == 200
    body = deep.json()
    assert (body["resource"], body["path"], body["method"]) == ("/{proxy+}", "/a/b/c", "POST")
    assert body["pathParameters"] == {"proxy": "a/b/c"}
    assert (body["query"], body["body"], body["stage"], body["color"]) == ({"q": "1"}, {"x": 1}, "prod", "blue")
    assert (root.status_code, root.json()["resource"], root.json()["pathParameters"]) == (200, "/", None)


def test_lambda_rest_api_cors_preflight_for_all_origins_and_methods(rest):
    answer = requests.options(rest.outputs["ProxyUrl"] + "a/b",
                              headers={"Origin": "https://anywhere.example", "Access-Control-Request-Method": "PUT"})

    assert answer.status_code == 204
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == ALL_METHODS
    assert answer.headers["Access-Control-Allow-Headers"] == CORS_DEFAULT_HEADERS
    assert answer.content == b""


def test_nested_resources_pass_every_path_parameter(rest):
    answer = requests.get(rest.outputs["ShopUrl"] + "users/u-1/orders/o-2")

    assert answer.status_code == 200
    assert answer.json()["resource"] == "/users/{userId}/orders/{orderId}"
    assert answer.json()["pathParameters"] == {"userId": "u-1", "orderId": "o-2"}
    assert answer.json()["stageVariables"] == {"color": "red"}
    # a method that is not declared is 403 Missing Authentication Token, as on AWS
    missing = requests.delete(rest.outputs["ShopUrl"] + "users/u-1/orders/o-2")
    assert (missing.status_code, missing.json()) == (403, {"message": "Missing Authentication Token"})


def test_cors_preflight_with_credentials_and_a_status_code(rest):
    answer = requests.options(rest.outputs["ShopUrl"] + "users/u-1/orders",
                              headers={"Origin": "https://shop.example", "Access-Control-Request-Method": "POST"})

    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    assert answer.headers["Access-Control-Allow-Credentials"] == "true"
    assert answer.headers["Access-Control-Allow-Headers"] == CORS_DEFAULT_HEADERS + ",X-Trace"
    assert answer.headers["Access-Control-Expose-Headers"] == "X-Request-Id"
    assert answer.headers["Vary"] == "Origin"


def test_request_validator_and_model_refuse_an_invalid_body(rest):
    url = rest.outputs["ShopUrl"] + "users/u-1/orders"

    missing = requests.post(url, json={"sku": "pen"})
    too_few = requests.post(url, json={"sku": "pen", "quantity": 0})
    wrong_type = requests.post(url, json={"sku": "pen", "quantity": "two"})
    valid = requests.post(url, json={"sku": "pen", "quantity": 2})

    for refused in (missing, too_few, wrong_type):
        assert (refused.status_code, refused.json()) == (400, {"message": "Invalid request body"})
        assert refused.headers["x-amzn-ErrorType"] == "BadRequestException"
    assert (valid.status_code, valid.json()["body"]) == (200, {"sku": "pen", "quantity": 2})


def test_cognito_user_pools_authorizer(rest):
    url = rest.outputs["ShopUrl"] + "cognito"
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{rest.outputs['UserPoolId']}"

    missing = requests.get(url)
    foreign = requests.get(url, headers={"Authorization": jwt(iss="https://cognito-idp.us-east-1.amazonaws.com/"
                                                                  "us-east-1_other")})
    expired = requests.get(url, headers={"Authorization": jwt(iss=issuer, exp=int(time.time()) - 60)})
    allowed = requests.get(url, headers={"Authorization": jwt(iss=issuer, token_use="id", email="a@example.com")})

    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert (foreign.status_code, foreign.json()) == (401, {"message": "Unauthorized"})
    assert (expired.status_code, expired.json()) == (401, {"message": "The incoming token has expired"})
    assert allowed.status_code == 200
    claims = allowed.json()["authorizer"]["claims"]
    assert (claims["iss"], claims["sub"], claims["email"]) == (issuer, "user-1", "a@example.com")


def test_cognito_authorizer_with_scopes_needs_an_access_token_scope(rest):
    url = rest.outputs["ShopUrl"] + "cognito/admin"
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{rest.outputs['UserPoolId']}"

    without = requests.get(url, headers={"Authorization": jwt(iss=issuer, token_use="access", scope="shop/read")})
    scoped = requests.get(url, headers={"Authorization": jwt(iss=issuer, token_use="access", scope="shop/admin")})

    assert (without.status_code, without.json()) == (401, {"message": "Unauthorized"})
    assert scoped.status_code == 200


@pytest.mark.parametrize("path", ["token", "inline"])
def test_token_authorizers_from_an_asset_and_from_inline_code(rest, path):
    url = rest.outputs["ShopUrl"] + path

    missing = requests.get(url)
    refused = requests.get(url, headers={"Authorization": "nope"})
    allowed = requests.get(url, headers={"Authorization": "allow"})

    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})
    assert allowed.status_code == 200
    authorizer = allowed.json()["authorizer"]
    assert authorizer["principalId"] == ("token-user" if path == "token" else "inline-user")
    assert authorizer["via"] == path


def test_request_authorizer_on_a_query_string(rest):
    url = rest.outputs["ShopUrl"] + "request"

    missing = requests.get(url)
    denied = requests.get(url, params={"ticket": "forged"})
    allowed = requests.get(url, params={"ticket": "valid"})

    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert (denied.status_code, denied.json()) == (
        403, {"message": "User is not authorized to access this resource with an explicit deny"})
    assert (allowed.status_code, allowed.json()["authorizer"]["principalId"]) == (200, "request-user")


def test_usage_plan_with_a_generated_api_key(rest, apigateway):
    url = rest.outputs["ShopUrl"] + "keyed"
    key = apigateway.get_api_key(apiKey=rest.outputs["ApiKeyId"], includeValue=True)

    refused = requests.get(url)
    answered = requests.get(url, headers={"x-api-key": key["value"]})

    assert key["enabled"] is True and len(key["value"]) >= 20
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert (answered.status_code, answered.json()["apiKey"]) == (200, key["value"])


def test_stage_variables_of_two_stages_of_one_deployment(rest):
    base = rest.outputs["ShopUrl"].removesuffix("v1/")

    v1 = requests.get(base + "v1/color")
    beta = requests.get(base + "beta/color")
    beta_lambda = requests.get(base + "beta/users/1/orders/2")

    assert (v1.status_code, v1.json()) == (200, {"color": "red", "stage": "v1"})
    assert (beta.status_code, beta.json()) == (200, {"color": "green", "stage": "beta"})
    assert (beta_lambda.json()["stage"], beta_lambda.json()["stageVariables"]) == ("beta", {"color": "green"})


def test_deploy_options_become_the_stage_method_settings(rest, cdk_out, apigateway):
    document = cdk_template(cdk_out, "PatternsRest")
    api_id = rest.resources[cdk_logical_id(document, "AWS::ApiGateway::RestApi", "ShopApi")]
    stage = apigateway.get_stage(restApiId=api_id, stageName="v1")

    everywhere = stage["methodSettings"]["*/*"]
    assert (everywhere["throttlingRateLimit"], everywhere["throttlingBurstLimit"]) == (50.0, 25)
    assert (everywhere["metricsEnabled"], everywhere["dataTraceEnabled"]) == (True, False)
    order = stage["methodSettings"]["~1users~1{userId}~1orders~1{orderId}/GET"]
    assert (order["throttlingRateLimit"], order["throttlingBurstLimit"], order["cachingEnabled"]) == (2.0, 1, False)
    assert stage["variables"] == {"color": "red"}


def test_custom_domain_base_path_and_multi_level_api_mappings(rest, apigateway, apigatewayv2):
    shop = requests.get("https://shop.example.com/shop/color")
    latest = requests.get("https://shop.example.com/shop/latest/users/7/orders/8")
    proxied = requests.get("https://shop.example.com/proxy/x/y")
    unmapped = requests.get("https://shop.example.com/nothing/here")

    assert (shop.status_code, shop.json()) == (200, {"color": "red", "stage": "v1"})
    assert latest.status_code == 200
    assert latest.json()["pathParameters"] == {"userId": "7", "orderId": "8"}
    assert (proxied.status_code, proxied.json()["pathParameters"]) == (200, {"proxy": "x/y"})
    assert unmapped.status_code == 403
    domain = apigateway.get_domain_name(domainName="shop.example.com")
    assert rest.outputs["DomainTarget"] == domain["regionalDomainName"]
    assert domain["securityPolicy"] == "TLS_1_2"
    v1_paths = {m["basePath"] for m in apigateway.get_base_path_mappings(domainName="shop.example.com")["items"]}
    assert {"proxy", "shop"} <= v1_paths
    mappings = apigatewayv2.get_api_mappings(DomainName="shop.example.com")["Items"]
    assert sorted(m["ApiMappingKey"] for m in mappings) == ["proxy", "shop", "shop/latest"]


def test_spec_rest_api_from_an_inline_definition(rest):
    url = stack_output(rest, "SpecApiEndpoint")

    health = requests.get(url + "health")
    thing = requests.get(url + "things/t1", params={"verbose": "yes"})
    no_query = requests.get(url + "things/t1")

    assert (health.status_code, health.json()) == (200, {"healthy": True})
    assert thing.status_code == 200
    assert (thing.json()["resource"], thing.json()["pathParameters"]) == ("/things/{thingId}", {"thingId": "t1"})
    assert (no_query.status_code, no_query.json()) == (
        400, {"message": "Missing required request parameters: [verbose]"})


# -- PatternsV2: HTTP and WebSocket APIs -----------------------------------------------------------


class _Backend(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = json.dumps({"backend": self.path, "host": self.headers.get("Host")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Backend", "yes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def v2(gwmock, cdk_out, backend):
    return gwmock.deploy_template(cdk_out / "PatternsV2.template.json", parameters={"BackendUrl": backend + "/hello"})


def test_http_api_lambda_integration_with_two_path_parameters(v2):
    answer = requests.get(v2.outputs["HttpUrl"] + "books/b-1/pages/12")

    assert answer.status_code == 200
    assert answer.json() == {"routeKey": "GET /books/{bookId}/pages/{page}", "rawPath": "/books/b-1/pages/12",
                             "pathParameters": {"bookId": "b-1", "page": "12"}, "jwt": None, "stage": "$default"}


def test_http_api_jwt_authorizer(v2):
    url = v2.outputs["HttpUrl"]
    good = jwt(iss="https://issuer.example.com", aud="books-app", scope="books/read")

    missing = requests.get(url + "me")
    wrong_audience = requests.get(url + "me", headers={"Authorization": "Bearer " + jwt(
        iss="https://issuer.example.com", aud="other")})
    allowed = requests.get(url + "me", headers={"Authorization": "Bearer " + good})
    unscoped = requests.get(url + "admin", headers={"Authorization": "Bearer " + good})
    scoped = requests.get(url + "admin", headers={"Authorization": "Bearer " + jwt(
        iss="https://issuer.example.com", aud="books-app", scope="books/read books/admin")})

    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert wrong_audience.status_code == 401
    assert allowed.status_code == 200
    assert allowed.json()["jwt"]["claims"]["sub"] == "user-1"
    assert (unscoped.status_code, unscoped.json()) == (403, {"message": "Forbidden"})
    assert scoped.status_code == 200
    assert scoped.json()["jwt"]["scopes"] == ["books/read", "books/admin"]


def test_http_api_cors_preflight_and_the_cors_headers_of_an_answer(v2):
    url = v2.outputs["HttpUrl"] + "books/1/pages/2"

    preflight = requests.options(url, headers={"Origin": "https://books.example",
                                               "Access-Control-Request-Method": "DELETE",
                                               "Access-Control-Request-Headers": "content-type"})
    answer = requests.get(url, headers={"Origin": "https://books.example"})

    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://books.example"
    assert preflight.headers["access-control-allow-credentials"] == "true"
    assert preflight.headers["access-control-allow-methods"] == "*"
    assert preflight.headers["access-control-allow-headers"] == "authorization,content-type"
    assert preflight.headers["access-control-max-age"] == "3600"
    assert answer.headers["access-control-allow-origin"] == "https://books.example"
    assert answer.headers["access-control-expose-headers"] == "x-request-id"


def test_http_url_integrations_reach_a_local_backend(v2, backend):
    plain = requests.get(v2.outputs["HttpUrl"] + "backend", params={"a": "1"})
    greedy = requests.get(v2.outputs["HttpUrl"] + "up/one/two")

    assert plain.status_code == 200
    assert plain.json()["backend"] == "/hello?a=1"
    assert plain.headers["X-Backend"] == "yes"
    assert (greedy.status_code, greedy.json()["backend"]) == (200, "/hello/one/two")


def test_websocket_lambda_routes_and_a_mock_route(gwmock, v2):
    conn = gwmock.websocket(v2.outputs["WsUrl"])

    conn.send("hi")
    conn.send(json.dumps({"action": "ping"}))
    conn.close()

    assert conn.received == ["echo:hi", '{"pong": true}']


def test_websocket_stage_auto_deploys(v2, cdk_out, apigatewayv2):
    api_id = v2.resources[cdk_logical_id(cdk_template(cdk_out, "PatternsV2"), "AWS::ApiGatewayV2::Api", "ChatApi")]
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="live")
    routes = {r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]}

    assert stage["AutoDeploy"] is True and stage.get("DeploymentId")
    assert routes == {"$connect", "$default", "ping"}
    assert v2.outputs["WsUrl"] == f"wss://{api_id}.execute-api.{REGION}.amazonaws.com/live"


# -- PatternsMore / PatternsImport: layers, aliases, assets, nested and cross-stack ----------------


@pytest.fixture
def more(gwmock, cdk_out, backend):
    return gwmock.deploy_template(cdk_out / "PatternsMore.template.json", parameters={"BackendUrl": backend})


def test_a_function_imports_its_layer(more):
    answer = requests.get(more.outputs["MoreUrl"] + "layered")

    assert (answer.status_code, answer.json()["greeting"]) == (200, "from the layer")


def test_an_alias_integration_runs_the_function_behind_it(more, cdk_out, apigateway):
    document = cdk_template(cdk_out, "PatternsMore")
    answer = requests.get(more.outputs["MoreUrl"] + "alias")

    assert (answer.status_code, answer.json()["greeting"]) == (200, "from the layer")
    function = more.resources[cdk_logical_id(document, "AWS::Lambda::Function", "LayeredFunction")]
    api_id = more.resources[cdk_logical_id(document, "AWS::ApiGateway::RestApi", "MoreApi")]
    resource = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/alias")
    uri = apigateway.get_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="GET")["uri"]
    assert uri.endswith(f":function:{function}:live/invocations")


def test_rest_http_proxy_integration_maps_the_path_parameter(more):
    answer = requests.get(more.outputs["MoreUrl"] + "backend/pen", params={"color": "red"})

    assert (answer.status_code, answer.json()["backend"]) == (200, "/items/pen?color=red")


def test_non_proxy_lambda_integration_maps_request_and_response(more):
    answer = requests.post(more.outputs["MoreUrl"] + "plain", json={"numbers": [1, 2, 3]})

    assert (answer.status_code, answer.json()) == (201, {"total": 6})


def test_spec_rest_api_from_an_asset_file(more):
    answer = requests.get(more.outputs["AssetSpecUrl"] + "ping")

    assert (answer.status_code, answer.json()) == (200, {"from": "asset"})


def test_methods_of_a_nested_stack_are_deployed_and_undone_with_the_parent(more, apigateway):
    answer = requests.get(more.outputs["NestedUrl"] + "from-nested")

    assert (answer.status_code, answer.json()) == (200, {"nested": True})
    nested = next(lid for lid in more.resources if lid.startswith("MethodsNestedStack"))
    assert more.resources[nested].startswith("arn:aws:cloudformation:us-east-1:123456789012:stack/PatternsMore-")
    assert nested not in more.not_created
    more.delete()
    assert apigateway.get_rest_apis()["items"] == []


def test_a_nested_stack_whose_template_is_not_local_is_ids_only(gwmock):
    stack = gwmock.deploy_template({"Resources": {"Child": {
        "Type": "AWS::CloudFormation::Stack",
        "Properties": {"TemplateURL": "https://s3.amazonaws.com/bucket/child.json"}}}})

    assert stack.not_created == ["Child"]


def test_another_stack_adds_a_resource_through_cross_stack_exports(gwmock, more, cdk_out):
    importing = gwmock.deploy_template(cdk_out / "PatternsImport.template.json")
    answer = requests.get(more.outputs["MoreUrl"].replace("/prod/", "/imported/") + "imported")

    assert (answer.status_code, answer.json()) == (200, {"imported": True})
    assert importing.imports == {f"PatternsMore:{k}" for k in more.outputs if k.startswith("ExportsOutput")}


def test_http_api_custom_domain_with_a_cognito_jwt_authorizer(more, apigatewayv2):
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{more.outputs['HttpPoolId']}"
    client = more.outputs["HttpClientId"]
    url = "https://books.example.com/books/whoami"

    missing = requests.get(url)
    id_token = requests.get(url, headers={"Authorization": jwt(iss=issuer, aud=client, token_use="id")})
    access_token = requests.get(url, headers={"Authorization": jwt(iss=issuer, client_id=client,
                                                                   token_use="access")})
    other_client = requests.get(url, headers={"Authorization": jwt(iss=issuer, aud="someone-else")})

    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert (id_token.status_code, id_token.json()["rawPath"]) == (200, "/whoami")
    assert access_token.status_code == 200
    assert other_client.status_code == 401
    assert len(client) == 26 and client.isalnum() and client == client.lower()
    mappings = apigatewayv2.get_api_mappings(DomainName="books.example.com")["Items"]
    assert [(m["ApiMappingKey"], m["Stage"]) for m in mappings] == [("books", "$default")]


def test_websocket_lambda_authorizer_on_connect(gwmock, more):
    from gwmock.runtime.websocket.connections import Rejected

    url = more.outputs["GuardedWsUrl"]
    conn = gwmock.websocket(url + "?token=letmein")
    conn.send("hi")
    conn.close()
    with pytest.raises(Rejected) as denied:
        gwmock.websocket(url + "?token=bad")
    with pytest.raises(Rejected) as missing:
        gwmock.websocket(url)

    assert conn.received == ["echo:hi"]
    assert (denied.value.status, missing.value.status) == (403, 401)


# -- SAM: Api with Cognito auth and CORS, HttpApi with CORS ------------------------------------------

SAM_HANDLER = """
import json
def handler(event, context):
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims")
    return {"statusCode": 200, "body": json.dumps({"path": event.get("path") or event.get("rawPath"),
                                                   "sub": (claims or {}).get("sub")})}
"""

SAM_TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Transform": "AWS::Serverless-2016-10-31",
    "Resources": {
        "Pool": {"Type": "AWS::Cognito::UserPool", "Properties": {}},
        "Api": {"Type": "AWS::Serverless::Api", "Properties": {
            "StageName": "prod",
            "Cors": {"AllowOrigin": "'https://app.example'", "AllowMethods": "'GET,POST'",
                     "AllowHeaders": "'Content-Type,Authorization'", "MaxAge": "'600'"},
            "Auth": {"DefaultAuthorizer": "Users", "AddDefaultAuthorizerToCorsPreflight": False,
                     "Authorizers": {"Users": {"UserPoolArn": {"Fn::GetAtt": ["Pool", "Arn"]}}}}}},
        "HttpApi": {"Type": "AWS::Serverless::HttpApi", "Properties": {
            "CorsConfiguration": {"AllowOrigins": ["https://app.example"], "AllowMethods": ["GET"],
                                  "AllowHeaders": ["x-custom"], "MaxAge": 60}}},
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler", "InlineCode": SAM_HANDLER,
            "Events": {
                "Rest": {"Type": "Api", "Properties": {"RestApiId": {"Ref": "Api"}, "Path": "/me", "Method": "get"}},
                "Open": {"Type": "Api", "Properties": {"RestApiId": {"Ref": "Api"}, "Path": "/open",
                                                       "Method": "get", "Auth": {"Authorizer": "NONE"}}},
                "Http": {"Type": "HttpApi", "Properties": {"ApiId": {"Ref": "HttpApi"}, "Path": "/hello",
                                                           "Method": "get"}}}}},
    },
    "Outputs": {
        "RestUrl": {"Value": {"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod/"}},
        "HttpUrl": {"Value": {"Fn::Sub": "https://${HttpApi}.execute-api.${AWS::Region}.amazonaws.com/"}},
        "PoolId": {"Value": {"Ref": "Pool"}},
    },
}


@pytest.fixture
def sam(gwmock):
    return gwmock.deploy_template(SAM_TEMPLATE)


def test_sam_api_cognito_default_authorizer(sam):
    url = sam.outputs["RestUrl"]
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{sam.outputs['PoolId']}"

    refused = requests.get(url + "me")
    allowed = requests.get(url + "me", headers={"Authorization": jwt(iss=issuer)})
    open_ = requests.get(url + "open")

    assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})
    assert (allowed.status_code, allowed.json()) == (200, {"path": "/me", "sub": "user-1"})
    assert (open_.status_code, open_.json()) == (200, {"path": "/open", "sub": None})


def test_sam_api_cors_preflight_without_the_authorizer(sam):
    answer = requests.options(sam.outputs["RestUrl"] + "me",
                              headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"})

    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET,POST"
    assert answer.headers["Access-Control-Allow-Headers"] == "Content-Type,Authorization"
    assert answer.headers["Access-Control-Max-Age"] == "600"


def test_sam_http_api_cors_configuration(sam):
    url = sam.outputs["HttpUrl"] + "hello"

    preflight = requests.options(url, headers={"Origin": "https://app.example", "Access-Control-Request-Method": "GET"})
    answer = requests.get(url, headers={"Origin": "https://app.example"})

    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert preflight.headers["access-control-allow-headers"] == "x-custom"
    assert preflight.headers["access-control-max-age"] == "60"
    assert (answer.status_code, answer.json()) == (200, {"path": "/hello", "sub": None})
    assert answer.headers["access-control-allow-origin"] == "https://app.example"


def test_sam_layer_version_content_uri_reaches_the_function(gwmock, tmp_path):
    (tmp_path / "layer" / "python" / "lib" / "python3.12" / "site-packages").mkdir(parents=True)
    (tmp_path / "layer" / "python" / "greeting.py").write_text("TEXT = 'from python/'\n")
    (tmp_path / "layer" / "python" / "lib" / "python3.12" / "site-packages" / "vendored.py").write_text(
        "NAME = 'site-packages'\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(
        "import json\nimport greeting\nimport vendored\n"
        "def handler(event, context):\n"
        "    return {'statusCode': 200, 'body': json.dumps([greeting.TEXT, vendored.NAME])}\n")
    (tmp_path / "template.json").write_text(json.dumps({
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Shared": {"Type": "AWS::Serverless::LayerVersion", "Properties": {"ContentUri": "layer"}},
            "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "app.handler", "CodeUri": "src", "Layers": [{"Ref": "Shared"}],
                "Events": {"Get": {"Type": "HttpApi", "Properties": {"Path": "/", "Method": "get"}}}}}},
        "Outputs": {"Url": {"Value": {"Fn::Sub": "https://${ServerlessHttpApi}.execute-api.${AWS::Region}."
                                                 "amazonaws.com/"}}}}))
    stack = gwmock.deploy_template(tmp_path / "template.json")

    answer = requests.get(stack.outputs["Url"])

    assert (answer.status_code, answer.json()) == (200, ["from python/", "site-packages"])
    assert "greeting" not in sys.modules and "vendored" not in sys.modules
