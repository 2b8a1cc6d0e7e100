"""The REST APIs' Lambda proxy handler: echoes what API Gateway sent."""

import json
import os


def handler(event, context):
    body = {
        "resource": event["resource"],
        "path": event["path"],
        "method": event["httpMethod"],
        "pathParameters": event.get("pathParameters"),
        "stage": event["requestContext"]["stage"],
        "stageVariables": event.get("stageVariables"),
        "principal": (event["requestContext"].get("authorizer") or {}).get("principalId"),
        "body": json.loads(event["body"]) if event.get("body") else None,
        "table": os.environ.get("TABLE"),
    }
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}
