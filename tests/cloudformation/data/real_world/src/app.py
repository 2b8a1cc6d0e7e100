"""Handlers the real-world templates share: each answers what it saw, so tests can check the event."""

import base64
import json
import os


def echo(event, context):
    """Any proxy event (REST payload 1.0, HTTP API 1.0 or 2.0) answered as the facts a test checks."""
    request = event.get("requestContext") or {}
    facts = {
        "version": event.get("version"),
        "resource": event.get("resource"),
        "routeKey": event.get("routeKey") or request.get("routeKey"),
        "path": event.get("path") or event.get("rawPath"),
        "method": event.get("httpMethod") or (request.get("http") or {}).get("method"),
        "pathParameters": event.get("pathParameters"),
        "query": event.get("queryStringParameters"),
        "stageVariables": event.get("stageVariables"),
        "stage": request.get("stage"),
        "authorizer": request.get("authorizer"),
        "apiKeyId": (request.get("identity") or {}).get("apiKeyId"),
        "tenantHeader": {k.lower(): v for k, v in (event.get("headers") or {}).items()}.get("x-tenant"),
        "body": event.get("body"),
        "isBase64Encoded": event.get("isBase64Encoded"),
        "env": {k: v for k, v in os.environ.items() if k.startswith("APP_")},
        "function": context.function_name if hasattr(context, "function_name") else None,
    }
    return {"statusCode": 200, "headers": {"Content-Type": "application/json", "X-Handler": "echo"},
            "body": json.dumps(facts)}


def created(event, context):
    """POST handler: 201 with a Location header, the body parsed."""
    item = json.loads(event.get("body") or "{}")
    return {"statusCode": 201, "headers": {"Location": f"/items/{item.get('id', 'new')}"},
            "body": json.dumps({"created": item})}


def thumbnail(event, context):
    """Binary in, binary out: the bytes reversed, answered base64-encoded as Lambda proxy wants."""
    data = base64.b64decode(event["body"]) if event.get("isBase64Encoded") else (event.get("body") or "").encode()
    return {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "isBase64Encoded": True,
            "body": base64.b64encode(data[::-1]).decode()}


def token_authorizer(event, context):
    """TOKEN authorizer: ``allow-<user>`` is allowed, ``deny`` denied, anything else Unauthorized."""
    token = event.get("authorizationToken") or ""
    if token.startswith("allow-"):
        return _policy(token[len("allow-"):], "Allow", event["methodArn"], {"tier": "gold"})
    if token == "deny":
        return _policy("nobody", "Deny", event["methodArn"], {})
    raise Exception("Unauthorized")  # noqa: TRY002 - what Lambda authorizers raise to answer 401


def request_authorizer(event, context):
    """REQUEST authorizer: header ``X-Tenant`` and query ``key`` must agree."""
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    tenant = headers.get("x-tenant")
    key = (event.get("queryStringParameters") or {}).get("key")
    effect = "Allow" if tenant and key == f"{tenant}-key" else "Deny"
    return _policy(tenant or "anonymous", effect, event["methodArn"], {"tenant": tenant or ""})


def simple_authorizer(event, context):
    """HTTP API Lambda authorizer with simple responses (payload 2.0)."""
    headers = event.get("headers") or {}
    return {"isAuthorized": headers.get("x-secret") == "open-sesame", "context": {"caller": "tester"}}


def _policy(principal, effect, arn, context):
    return {"principalId": principal, "context": context,
            "policyDocument": {"Version": "2012-10-17",
                               "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn}]}}
