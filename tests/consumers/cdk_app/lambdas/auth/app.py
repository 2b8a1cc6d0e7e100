"""Authorizers: a REST TOKEN authorizer (IAM policy) and an HTTP API simple-response authorizer."""


def token(event, context):
    if event["authorizationToken"] == "deny":
        effect = "Deny"
    elif event["authorizationToken"] == "allow":
        effect = "Allow"
    else:
        raise Exception("Unauthorized")  # API Gateway answers 401
    return {
        "principalId": "user-1",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}],
        },
        "context": {"tier": "gold"},
    }


def simple(event, context):
    allowed = (event.get("headers") or {}).get("authorization") == "let-me-in"
    return {"isAuthorized": allowed, "context": {"user": "ada"}}


def request(event, context):
    token = (event.get("headers") or {}).get("X-Token") or (event.get("headers") or {}).get("x-token")
    effect = "Allow" if token == "open-sesame" else "Deny"
    arn = event["methodArn"].split("/")[0] + "/*"  # the whole API, as many real authorizers do
    return {
        "principalId": "proxy-user",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn}],
        },
    }
