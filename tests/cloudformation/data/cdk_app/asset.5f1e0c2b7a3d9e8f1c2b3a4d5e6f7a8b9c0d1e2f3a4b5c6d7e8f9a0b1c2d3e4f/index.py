import json
import os


def handler(event, context):
    key = event["requestContext"]["identity"]["apiKey"]
    body = {"path": event["path"], "table": os.environ["TABLE_NAME"], "key": key}
    return {"statusCode": 200, "body": json.dumps(body)}
