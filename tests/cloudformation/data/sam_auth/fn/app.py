import json


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"ctx": event["requestContext"].get("authorizer")})}


def auth(event, context):
    ok = event.get("authorizationToken") == "letmein"
    return {
        "principalId": "u1",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow" if ok else "Deny", "Resource": event["methodArn"]}
            ],
        },
        "context": {"who": "u1"},
    }
