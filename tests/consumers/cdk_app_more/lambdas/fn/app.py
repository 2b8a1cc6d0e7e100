"""Handlers of the second CDK app: an echo of what API Gateway sent, and authorizers."""

import json


def echo(event, context):
    """REST (1.0) or HTTP (2.0) proxy event: answer what the tests compare."""
    context_ = event.get("requestContext") or {}
    authorizer = context_.get("authorizer") or {}
    body = {
        "resource": event.get("resource"),
        "routeKey": event.get("routeKey"),
        "path": event.get("path") or event.get("rawPath"),
        "pathParameters": event.get("pathParameters"),
        "stage": context_.get("stage"),
        "stageVariables": event.get("stageVariables"),
        "authorizer": authorizer,
        "body": event.get("body"),
    }
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def token(event, context):
    """TOKEN authorizer: ``Bearer good`` is allowed, anything else is refused."""
    if event["authorizationToken"] != "Bearer good":
        raise Exception("Unauthorized")
    return {"principalId": "tok-user", "context": {"calls": "1"},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]}}


def ws_auth(event, context):
    """WebSocket $connect REQUEST authorizer on the ``key`` query parameter."""
    effect = "Allow" if (event.get("queryStringParameters") or {}).get("key") == "open" else "Deny"
    return {"principalId": "ws-user", "context": {"room": "lobby"},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}


def ws_connect(event, context):
    return {"statusCode": 200}


def ws_message(event, context):
    """Echo the message with the authorizer's context (kept for the connection's life)."""
    authorizer = event["requestContext"].get("authorizer") or {}
    return {"statusCode": 200, "body": json.dumps({"route": event["requestContext"]["routeKey"],
                                                   "room": authorizer.get("room"), "body": event.get("body")})}
