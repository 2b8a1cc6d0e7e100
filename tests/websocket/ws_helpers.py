"""A deployed WebSocket API for these tests: one Lambda behind $connect, $disconnect, $default and routes."""

from __future__ import annotations

import json

import boto3

REGION = "us-east-1"
ACCOUNT = "123456789012"


def fn_arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def deploy(gw, handler, *, routes=("$connect", "$disconnect", "$default"), two_way=(), stage="prod"):
    """Create the API with ``handler`` behind every route; returns (api id, wss URL, https endpoint)."""
    client = boto3.client("apigatewayv2", region_name=REGION)
    api = client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                            RouteSelectionExpression="$request.body.action")["ApiId"]
    gw.add_lambda("backend", handler)
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY",
                                            IntegrationUri=fn_arn("backend"))["IntegrationId"]
    for key in (*routes, *two_way):
        extra = {"RouteResponseSelectionExpression": "$default"} if key in two_way else {}
        route = client.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}", **extra)
        if key in two_way:
            client.create_route_response(ApiId=api, RouteId=route["RouteId"], RouteResponseKey="$default")
    client.create_stage(ApiId=api, StageName=stage, AutoDeploy=True)
    host = f"{api}.execute-api.{REGION}.amazonaws.com"
    return api, f"wss://{host}/{stage}", f"https://{host}/{stage}"


def management(endpoint: str):
    return boto3.client("apigatewaymanagementapi", endpoint_url=endpoint, region_name=REGION)


def echo(event, context):
    return {"statusCode": 200, "body": json.dumps({"route": event["requestContext"]["routeKey"]})}
