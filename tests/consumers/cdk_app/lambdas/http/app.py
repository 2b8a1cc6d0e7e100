"""The HTTP API's handler (payload format 2.0)."""

import json


def handler(event, context):
    authorizer = event["requestContext"].get("authorizer") or {}
    body = {
        "routeKey": event["routeKey"],
        "rawPath": event["rawPath"],
        "pathParameters": event.get("pathParameters"),
        "stage": event["requestContext"]["stage"],
        "user": (authorizer.get("lambda") or {}).get("user"),
    }
    return {"statusCode": 200, "body": json.dumps(body), "headers": {"content-type": "application/json"}}
