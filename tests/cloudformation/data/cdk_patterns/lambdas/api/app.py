"""Handlers of the CDK patterns app (an asset folder): what the proxy event carried, as JSON."""

import json
import os


def echo(event, context):
    context_ = event.get("requestContext") or {}
    body = event.get("body")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({
            "resource": event.get("resource"),
            "path": event.get("path"),
            "method": event.get("httpMethod"),
            "pathParameters": event.get("pathParameters"),
            "query": event.get("queryStringParameters"),
            "stage": context_.get("stage"),
            "stageVariables": event.get("stageVariables"),
            "authorizer": context_.get("authorizer"),
            "apiKey": (context_.get("identity") or {}).get("apiKey"),
            "body": json.loads(body) if body else None,
            "color": os.environ.get("COLOR"),
        }),
    }


def echo_v2(event, context):
    context_ = event.get("requestContext") or {}
    return {
        "routeKey": event.get("routeKey"),
        "rawPath": event.get("rawPath"),
        "pathParameters": event.get("pathParameters"),
        "jwt": (context_.get("authorizer") or {}).get("jwt"),
        "stage": context_.get("stage"),
    }


def token(event, context):
    if event.get("authorizationToken") != "allow":
        raise Exception("Unauthorized")
    return _policy("token-user", "Allow", event["methodArn"], {"via": "token"})


def request(event, context):
    query = event.get("queryStringParameters") or {}
    effect = "Allow" if query.get("ticket") == "valid" else "Deny"
    return _policy("request-user", effect, event["methodArn"], {"via": "request"})


def _policy(principal, effect, arn, context):
    return {"principalId": principal, "context": context, "policyDocument": {
        "Version": "2012-10-17",
        "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn}]}}


def ws_connect(event, context):
    return {"statusCode": 200}


def ws_default(event, context):
    return {"statusCode": 200, "body": "echo:" + (event.get("body") or "")}


def ws_authorize(event, context):
    token = (event.get("queryStringParameters") or {}).get("token")
    effect = "Allow" if token == "letmein" else "Deny"
    return _policy("ws-user", effect, event["methodArn"], {"via": "ws"})


def total(event, context):
    return {"sum": sum(event["numbers"])}
