"""A handler that imports its helper from a Lambda layer."""

import json

from shared_layer import GREETING


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"greeting": GREETING, "version": context.function_version
                                                   if hasattr(context, "function_version") else None})}
