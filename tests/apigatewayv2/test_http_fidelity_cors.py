"""CORS preflights that a route takes go through that route (``gwmock.runtime.http.cors``).

AWS, "Configuring CORS for an HTTP API with a $default route and JWT authorizer": "The $default route
catches requests for all methods and routes that you haven't explicitly defined, including OPTIONS
requests. To support unauthorized OPTIONS requests, add an OPTIONS /{proxy+} route to your API that
doesn't require authorization." An ``ANY`` route with a JWT authorizer refuses preflights the same way
(anomalyco/sst#5493). Only a preflight that no route takes gets API Gateway's own answer.
"""

from __future__ import annotations

import pytest

ACCOUNT = "123456789012"
ORIGIN = "https://app.example.com"
CORS = {"AllowOrigins": [ORIGIN], "AllowMethods": ["GET", "POST"], "AllowHeaders": ["authorization"],
        "ExposeHeaders": ["x-id"], "MaxAge": 300}
PREFLIGHT = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization"}


@pytest.fixture
def events(gwmock):
    seen = []

    def handler(event, context):
        seen.append(event)
        return {"statusCode": 200, "headers": {"access-control-allow-origin": "*", "access-control-max-age": "5",
                                               "x-from": "function"}, "body": "from the function"}

    gwmock.add_lambda("fn", handler)
    return seen


@pytest.fixture
def cors_api(apigatewayv2):
    region = apigatewayv2.meta.region_name
    api_id = apigatewayv2.create_api(Name="cors", ProtocolType="HTTP", CorsConfiguration=CORS)["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
        IntegrationUri=f"arn:aws:lambda:{region}:{ACCOUNT}:function:fn")["IntegrationId"]
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api_id, AuthorizerType="JWT", Name="jwt", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": "https://issuer.example.com", "Audience": ["app"]})["AuthorizerId"]

    def add(key, secured=False):
        auth = {"AuthorizationType": "JWT", "AuthorizerId": authorizer} if secured else {}
        apigatewayv2.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}", **auth)

    def deploy():
        apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        return f"https://{api_id}.execute-api.{region}.amazonaws.com"

    return add, deploy


def test_a_preflight_no_route_takes_is_answered_by_the_gateway(gwmock, cors_api, events):
    add, deploy = cors_api
    add("GET /user", secured=True)
    add("ANY /other/{proxy+}", secured=True)
    answer = gwmock.invoke("OPTIONS", deploy() + "/user", headers=PREFLIGHT)
    assert (answer.status, answer.body) == (204, b"")
    assert {k: v for k, v in answer.headers.items() if k.startswith("access-control-")} == {
        "access-control-allow-origin": ORIGIN, "access-control-allow-methods": "GET,POST",
        "access-control-allow-headers": "authorization", "access-control-max-age": "300"}
    assert events == []


def test_an_any_route_with_a_jwt_authorizer_refuses_the_preflight(gwmock, cors_api, events):
    add, deploy = cors_api
    add("ANY /user", secured=True)
    answer = gwmock.invoke("OPTIONS", deploy() + "/user", headers=PREFLIGHT)
    assert (answer.status, answer.json()) == (401, {"message": "Unauthorized"})
    assert answer.headers["www-authenticate"] == "Bearer"
    # the CORS headers of any other answer: the origin and exposed headers, not the preflight's
    assert {k: v for k, v in answer.headers.items() if k.startswith("access-control-")} == {
        "access-control-allow-origin": ORIGIN, "access-control-expose-headers": "x-id"}
    assert events == []


def test_a_default_route_with_a_jwt_authorizer_refuses_the_preflight(gwmock, cors_api, events):
    add, deploy = cors_api
    add("$default", secured=True)
    answer = gwmock.invoke("OPTIONS", deploy() + "/anything/at/all", headers=PREFLIGHT)
    assert (answer.status, answer.json()) == (401, {"message": "Unauthorized"})
    assert answer.headers["access-control-allow-origin"] == ORIGIN
    assert events == []


def test_an_unauthorized_options_route_serves_the_preflight_beside_a_secured_default(gwmock, cors_api, events):
    add, deploy = cors_api
    add("$default", secured=True)
    add("OPTIONS /{proxy+}")
    answer = gwmock.invoke("OPTIONS", deploy() + "/user", headers=PREFLIGHT)
    assert (answer.status, answer.body) == (200, b"from the function")
    assert answer.headers["x-from"] == "function"
    # the function's own CORS headers are dropped, the configured ones added
    assert {k: v for k, v in answer.headers.items() if k.startswith("access-control-")} == {
        "access-control-allow-origin": ORIGIN, "access-control-expose-headers": "x-id"}
    assert [(e["routeKey"], e["requestContext"]["http"]["method"]) for e in events] == [
        ("OPTIONS /{proxy+}", "OPTIONS")]
    assert events[0]["headers"]["access-control-request-method"] == "POST"


def test_an_open_default_route_gets_the_preflight(gwmock, cors_api, events):
    add, deploy = cors_api
    add("$default")
    answer = gwmock.invoke("OPTIONS", deploy() + "/user", headers=PREFLIGHT)
    assert (answer.status, answer.body) == (200, b"from the function")
    assert [e["routeKey"] for e in events] == ["$default"]


def test_a_refused_origin_on_a_routed_preflight_gets_no_cors_headers(gwmock, cors_api, events):
    add, deploy = cors_api
    add("OPTIONS /user")
    answer = gwmock.invoke("OPTIONS", deploy() + "/user", headers={**PREFLIGHT, "Origin": "https://evil.example.com"})
    assert answer.status == 200
    assert not [k for k in answer.headers if k.startswith("access-control-")]
    assert events[0]["headers"]["origin"] == "https://evil.example.com"
