"""A WebSocket chat on gwmock: $connect authorization, broadcast through PostToConnection, Gone.

The back end is three Lambda handlers (plain Python functions) behind a WebSocket API:
``on_connect`` remembers who joined, ``on_message`` broadcasts with boto3's
``apigatewaymanagementapi`` client exactly as it would on AWS, ``on_disconnect`` forgets.
A REQUEST authorizer on ``$connect`` admits clients whose ``token`` query parameter is known.
"""

from __future__ import annotations

import json

import boto3
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"
TOKENS = {"alice-token": "alice", "bob-token": "bob"}
CONNECTIONS: dict[str, str] = {}  # connection id -> user name (a DynamoDB table on AWS)


def authorize(event, context):
    user = TOKENS.get(event["queryStringParameters"].get("token", ""))
    effect = "Allow" if user else "Deny"
    return {"principalId": user or "anonymous", "context": {"user": user or ""},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}


def on_connect(event, context):
    request = event["requestContext"]
    CONNECTIONS[request["connectionId"]] = request["authorizer"]["user"]
    return {"statusCode": 200}


def on_disconnect(event, context):
    CONNECTIONS.pop(event["requestContext"]["connectionId"], None)
    return {"statusCode": 200}


def on_message(event, context):
    request = event["requestContext"]
    endpoint = f"https://{request['domainName']}/{request['stage']}"
    management = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint, region_name=REGION)
    text = json.loads(event["body"])["text"]
    line = json.dumps({"from": CONNECTIONS.get(request["connectionId"]), "text": text})
    for connection_id in list(CONNECTIONS):
        try:
            management.post_to_connection(ConnectionId=connection_id, Data=line.encode())
        except ClientError as error:
            if error.response["Error"]["Code"] != "GoneException":
                raise
            CONNECTIONS.pop(connection_id, None)  # the client went away without $disconnect
    return {"statusCode": 200}


def deploy_chat(gw) -> str:
    """Create and deploy the chat API in the mock ``gw``; returns the stage's wss:// URL."""
    client = boto3.client("apigatewayv2", region_name=REGION)
    api = client.create_api(Name="chat", ProtocolType="WEBSOCKET",
                            RouteSelectionExpression="$request.body.action")["ApiId"]

    def integration(name, handler):
        gw.add_lambda(name, handler)
        uri = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
        return "integrations/" + client.create_integration(
            ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=uri)["IntegrationId"]

    gw.add_lambda("authorize", authorize)
    authorizer = client.create_authorizer(
        ApiId=api, Name="token", AuthorizerType="REQUEST",
        IdentitySource=["route.request.querystring.token"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
                      f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:authorize/invocations",
    )["AuthorizerId"]
    client.create_route(ApiId=api, RouteKey="$connect", Target=integration("on_connect", on_connect),
                        AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    client.create_route(ApiId=api, RouteKey="$disconnect", Target=integration("on_disconnect", on_disconnect))
    client.create_route(ApiId=api, RouteKey="sendmessage", Target=integration("on_message", on_message))
    client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
    return f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod"
