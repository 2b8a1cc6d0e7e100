"""API keys on WebSocket APIs: a $connect route with ApiKeyRequired admits a client only with an enabled
key of a usage plan covering the stage, named by the API's ApiKeySelectionExpression
(gwmock/runtime/websocket/api_keys.py has the evidence and the guesses)."""

from __future__ import annotations

import pytest
from ws_helpers import REGION, fn_arn

from gwmock.runtime.websocket.connections import Rejected

KEY = "a-websocket-api-key-0123456789"


def _plan_covering(apigateway, api_id, stage):
    """A usage plan listing the WebSocket API's stage (added by UpdateUsagePlan, as AWS takes it)."""
    plan = apigateway.create_usage_plan(name=f"plan-{stage}")["id"]
    apigateway.update_usage_plan(usagePlanId=plan, patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{api_id}:{stage}"}])
    return plan


@pytest.fixture
def keyed(gwmock, apigateway, apigatewayv2):
    """A WebSocket API whose $connect (MOCK, 200) requires an API key and whose two-way ``whoami`` route
    answers ``$context.identity.apiKey/apiKeyId``; a plan for its ``prod`` stage holds the key KEY."""

    class Keyed:
        api = apigatewayv2.create_api(Name="keyed", ProtocolType="WEBSOCKET",
                                      RouteSelectionExpression="$request.body.action")["ApiId"]
        url = f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod"
        key = apigateway.create_api_key(name="k", value=KEY, enabled=True)["id"]

        @staticmethod
        def connect(**headers):
            return gwmock.websocket(Keyed.url, headers=headers)

    integration = apigatewayv2.create_integration(
        ApiId=Keyed.api, IntegrationType="MOCK", TemplateSelectionExpression="\\$default",
        RequestTemplates={"$default": '{"statusCode": 200}'})["IntegrationId"]
    apigatewayv2.create_integration_response(
        ApiId=Keyed.api, IntegrationId=integration, IntegrationResponseKey="$default",
        TemplateSelectionExpression="\\$default",
        ResponseTemplates={"$default": "$context.identity.apiKey/$context.identity.apiKeyId"})
    Keyed.connect_route = apigatewayv2.create_route(ApiId=Keyed.api, RouteKey="$connect", ApiKeyRequired=True,
                                                    Target=f"integrations/{integration}")["RouteId"]
    route = apigatewayv2.create_route(ApiId=Keyed.api, RouteKey="whoami", Target=f"integrations/{integration}",
                                      RouteResponseSelectionExpression="$default")["RouteId"]
    apigatewayv2.create_route_response(ApiId=Keyed.api, RouteId=route, RouteResponseKey="$default")
    apigatewayv2.create_stage(ApiId=Keyed.api, StageName="prod", AutoDeploy=True)
    apigatewayv2.create_stage(ApiId=Keyed.api, StageName="other", AutoDeploy=True)
    plan = _plan_covering(apigateway, Keyed.api, "prod")
    apigateway.create_usage_plan_key(usagePlanId=plan, keyId=Keyed.key, keyType="API_KEY")
    return Keyed


def _rejected(connect, **headers):
    with pytest.raises(Rejected) as rejected:
        connect(**headers)
    return rejected.value.status


def test_a_key_of_a_plan_covering_the_stage_connects_and_reaches_context_identity(keyed):
    conn = keyed.connect(**{"x-api-key": KEY})
    assert conn.send('{"action": "whoami"}') == [f"{KEY}/{keyed.key}"]


@pytest.mark.parametrize("headers", [{}, {"x-api-key": ""}, {"x-api-key": "no-such-key-0123456789"},
                                     {"X-Api-Key": KEY.upper()}])
def test_a_missing_or_unknown_key_rejects_the_handshake_with_403(keyed, headers):
    assert _rejected(keyed.connect, **headers) == 403


def test_the_header_name_is_case_insensitive(keyed):
    assert keyed.connect(**{"X-API-Key": KEY}).state == "OPEN"


def test_a_disabled_key_is_refused(keyed, apigateway):
    apigateway.update_api_key(apiKey=keyed.key, patchOperations=[{"op": "replace", "path": "/enabled",
                                                                  "value": "false"}])
    assert _rejected(keyed.connect, **{"x-api-key": KEY}) == 403


def test_a_key_whose_plan_covers_another_stage_is_refused(keyed, gwmock):
    with pytest.raises(Rejected) as rejected:
        gwmock.websocket(keyed.url.replace("/prod", "/other"), headers={"x-api-key": KEY})
    assert rejected.value.status == 403


def test_a_key_in_no_plan_is_refused(keyed, apigateway):
    apigateway.create_api_key(name="loose", value="a-key-in-no-usage-plan-000", enabled=True)
    assert _rejected(keyed.connect, **{"x-api-key": "a-key-in-no-usage-plan-000"}) == 403


def test_without_api_key_required_no_key_is_needed(keyed, apigatewayv2):
    apigatewayv2.update_route(ApiId=keyed.api, RouteId=keyed.connect_route, ApiKeyRequired=False)
    conn = keyed.connect()
    assert conn.send('{"action": "whoami"}') == ["/"]  # no key checked: $context.identity.apiKey is empty


def test_api_key_required_on_another_route_is_not_checked(keyed, apigatewayv2):
    apigatewayv2.update_route(ApiId=keyed.api, RouteId=keyed.connect_route, ApiKeyRequired=False)
    whoami = next(r for r in apigatewayv2.get_routes(ApiId=keyed.api)["Items"] if r["RouteKey"] == "whoami")
    apigatewayv2.update_route(ApiId=keyed.api, RouteId=whoami["RouteId"], ApiKeyRequired=True)
    assert keyed.connect().send('{"action": "whoami"}') == ["/"]


@pytest.fixture
def by_authorizer(keyed, gwmock, apigatewayv2):
    """The API reads its key from the $connect authorizer's usageIdentifierKey; the authorizer
    answers ``usage`` (the ``usage`` header's value) when it is not empty."""

    def authorize(event, context):
        answer = {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]}}
        if event["headers"].get("usage"):
            answer["usageIdentifierKey"] = event["headers"]["usage"]
        return answer

    gwmock.add_lambda("auth", authorize)
    authorizer = apigatewayv2.create_authorizer(
        ApiId=keyed.api, AuthorizerType="REQUEST", Name="auth", IdentitySource=["route.request.header.token"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('auth')}/invocations",
    )["AuthorizerId"]
    apigatewayv2.update_route(ApiId=keyed.api, RouteId=keyed.connect_route, AuthorizationType="CUSTOM",
                              AuthorizerId=authorizer)
    apigatewayv2.update_api(ApiId=keyed.api, ApiKeySelectionExpression="$context.authorizer.usageIdentifierKey")
    return keyed


def test_the_key_can_come_from_the_authorizers_usage_identifier_key(by_authorizer):
    conn = by_authorizer.connect(token="t", usage=KEY)
    assert conn.send('{"action": "whoami"}') == [f"{KEY}/{by_authorizer.key}"]


def test_with_the_authorizer_expression_the_header_key_does_not_count(by_authorizer):
    assert _rejected(by_authorizer.connect, token="t", **{"x-api-key": KEY}) == 403


def test_authorization_runs_before_the_key_check(by_authorizer):
    assert _rejected(by_authorizer.connect, usage=KEY) == 401  # no token: the authorizer's 401 first
