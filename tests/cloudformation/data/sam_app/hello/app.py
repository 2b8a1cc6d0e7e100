import json
import os

from helpers import greeting  # a sibling module of this function's own folder


def lambda_handler(event, context):
    name = event["pathParameters"]["name"]
    body = {"message": greeting(os.environ["GREETING"], name), "stage": os.environ["STAGE"],
            "function": context.function_name}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
