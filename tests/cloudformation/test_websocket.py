"""A WebSocket API with routes, route responses and an inline Python function."""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATE = Path(__file__).parent / "data" / "websocket.yaml"


def test_websocket_routes_reach_the_inline_function(gwmock):
    stack = gwmock.deploy_template(TEMPLATE)
    api = stack.resources["ChatApi"]
    assert stack.outputs["Url"] == f"wss://{api}.execute-api.us-east-1.amazonaws.com/live"

    connection = gwmock.websocket(stack.outputs["Url"])
    replies = connection.send(json.dumps({"action": "say", "text": "hi"}))
    connection.close()

    assert [json.loads(r) for r in replies] == [{"route": "say", "said": "hi"}]


def test_routes_and_route_responses_through_the_control_plane(gwmock, apigatewayv2):
    stack = gwmock.deploy_template(TEMPLATE)
    api = stack.resources["ChatApi"]

    routes = {r["RouteKey"]: r for r in apigatewayv2.get_routes(ApiId=api)["Items"]}
    integration = stack.resources["ChatIntegration"]
    assert sorted(routes) == ["$connect", "say"]
    assert routes["say"]["Target"] == f"integrations/{integration}"
    assert routes["say"]["RouteId"] == stack.resources["SayRoute"]
    responses = apigatewayv2.get_route_responses(ApiId=api, RouteId=routes["say"]["RouteId"])["Items"]
    assert [r["RouteResponseKey"] for r in responses] == ["$default"]
    stage = apigatewayv2.get_stage(ApiId=api, StageName="live")
    assert stage["DeploymentId"] == stack.resources["Deployment"]
    uri = apigatewayv2.get_integration(ApiId=api, IntegrationId=integration)["IntegrationUri"]
    assert uri.endswith(":function:chat-handler/invocations")
