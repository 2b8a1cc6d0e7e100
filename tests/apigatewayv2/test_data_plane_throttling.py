"""HTTP API stage throttling on deployed routes: ``DefaultRouteSettings`` and per-route
``RouteSettings`` limits, taken per route, changed live by UpdateStage, answered 429."""

from __future__ import annotations

import pytest
import requests

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
TOO_MANY = {"message": "Too Many Requests"}


def url(api_id: str, path: str) -> str:
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com{path}"


def lambda_route(client, api_id, key):
    integration = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                            PayloadFormatVersion="2.0")["IntegrationId"]
    return client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")["RouteId"]


@pytest.fixture
def api(apigatewayv2, gwmock):
    gwmock.add_lambda("echo", lambda event, context: {"statusCode": 200, "body": "ok"})
    api_id = apigatewayv2.create_api(Name="limited", ProtocolType="HTTP")["ApiId"]
    lambda_route(apigatewayv2, api_id, "GET /a")
    lambda_route(apigatewayv2, api_id, "GET /b")
    return api_id


def _statuses(api_id, path, n):
    return [requests.get(url(api_id, path), timeout=5).status_code for _ in range(n)]


def test_the_default_limit_applies_to_each_route(apigatewayv2, api):
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                              DefaultRouteSettings={"ThrottlingBurstLimit": 2, "ThrottlingRateLimit": 0.001})
    assert _statuses(api, "/a", 3) == [200, 200, 429]
    assert _statuses(api, "/b", 3) == [200, 200, 429]  # a bucket of its own
    response = requests.get(url(api, "/a"), timeout=5)
    assert (response.status_code, response.json()) == (429, TOO_MANY)
    assert response.headers["apigw-requestid"]


def test_a_route_setting_overrides_the_default_and_updates_apply_live(apigatewayv2, api):
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                              DefaultRouteSettings={"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 0.001},
                              RouteSettings={"GET /a": {"ThrottlingBurstLimit": 3}})
    assert _statuses(api, "/a", 4) == [200, 200, 200, 429]  # the route's burst, the default's rate
    assert _statuses(api, "/b", 2) == [200, 429]
    # no deployment needed: the stage's settings apply to the next call
    apigatewayv2.update_stage(ApiId=api, StageName="$default",
                              DefaultRouteSettings={"ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0})
    apigatewayv2.delete_route_settings(ApiId=api, StageName="$default", RouteKey="GET /a")
    assert _statuses(api, "/a", 1) == [429]


def test_unthrottled_stages_and_a_refilled_bucket(apigatewayv2, api):
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                              DefaultRouteSettings={"DetailedMetricsEnabled": False})
    assert _statuses(api, "/a", 5) == [200] * 5
    apigatewayv2.update_stage(ApiId=api, StageName="$default",
                              DefaultRouteSettings={"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 10000})
    assert _statuses(api, "/a", 3) == [200] * 3  # refilled between calls


def test_throttling_comes_before_the_authorizer(apigatewayv2, gwmock, api):
    calls = []
    gwmock.add_lambda("auth", lambda e, c: calls.append(1) or {"isAuthorized": True})
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api, AuthorizerType="REQUEST", Name="a", IdentitySource=["$request.header.x-token"],
        AuthorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                      "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations",
        AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True)["AuthorizerId"]
    route = next(r for r in apigatewayv2.get_routes(ApiId=api)["Items"] if r["RouteKey"] == "GET /a")
    apigatewayv2.update_route(ApiId=api, RouteId=route["RouteId"], AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                              DefaultRouteSettings={"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 0.001})
    statuses = [requests.get(url(api, "/a"), headers={"x-token": "t"}, timeout=5).status_code for _ in range(2)]
    assert statuses == [200, 429]
    assert len(calls) == 1  # the throttled call never reached the authorizer
