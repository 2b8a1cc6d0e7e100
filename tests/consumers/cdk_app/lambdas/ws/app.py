"""The WebSocket API's handlers: $connect checks a query parameter, messages are echoed back."""

import json


def connect(event, context):
    token = (event.get("queryStringParameters") or {}).get("token")
    return {"statusCode": 200 if token == "ok" else 403}


def default(event, context):
    route = event["requestContext"]["routeKey"]
    return {"statusCode": 200, "body": json.dumps({"echo": event["body"], "route": route})}


def shout(event, context):
    text = json.loads(event["body"])["text"]
    return {"statusCode": 200, "body": text.upper()}
