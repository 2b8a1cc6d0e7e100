import json

from helpers import ITEMS  # same module name as the hello function's, different folder


def handler(event, context):
    item_id = (event.get("pathParameters") or {}).get("id")
    if item_id is None:
        return {"items": sorted(ITEMS)}
    if item_id not in ITEMS:
        return {"statusCode": 404, "body": json.dumps({"error": f"no item {item_id}"})}
    return ITEMS[item_id]
