import json
import os


def handler(event, context):
    body = {"path": event["path"], "table": os.environ["TABLE_NAME"], "key": event["requestContext"]["identity"]["apiKey"]}
    return {"statusCode": 200, "body": json.dumps(body)}
