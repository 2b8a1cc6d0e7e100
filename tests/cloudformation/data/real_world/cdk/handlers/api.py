"""The CDK app's one handler: answers the proxy event's facts (REST payload 1.0, HTTP API 2.0)."""

import base64
import json
import os


def proxy(event, context):
    body = event.get("body")
    if event.get("isBase64Encoded") and body is not None:
        body = {"base64bytes": len(base64.b64decode(body))}
    request = event.get("requestContext") or {}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"service": os.environ.get("APP_SERVICE"),
                                "version": event.get("version"),
                                "resource": event.get("resource"), "routeKey": event.get("routeKey"),
                                "path": event.get("path") or event.get("rawPath"),
                                "method": event.get("httpMethod") or (request.get("http") or {}).get("method"),
                                "pathParameters": event.get("pathParameters"),
                                "stageVariables": event.get("stageVariables"),
                                "body": body})}
