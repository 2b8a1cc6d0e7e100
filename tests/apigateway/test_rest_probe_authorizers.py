"""Probes of REST Lambda authorizers against AWS's documentation ("Use API Gateway Lambda
authorizers", "Output from an API Gateway Lambda authorizer")."""

from __future__ import annotations

import json

import requests
from freezegun import freeze_time

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


def _policy(effect, resource, context=None, key=None):
    answer = {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}}
    if context is not None:
        answer["context"] = context
    if key is not None:
        answer["usageIdentifierKey"] = key
    return answer


def _api(client, gw, authorizer_fn, **authorizer):
    calls = []

    def auth(event, context):
        calls.append(event)
        return authorizer_fn(event)

    def echo(event, context):
        return {"statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])}

    gw.add_lambda(FN + "auth", auth)
    gw.add_lambda(FN + "echo", echo)
    api_id = client.create_rest_api(name="probe")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    authorizer_id = client.create_authorizer(restApiId=api_id, name="a", authorizerUri=URI.format(FN + "auth"),
                                             **authorizer)["id"]
    resource = client.create_resource(restApiId=api_id, parentId=root, pathPart="{item}")["id"]
    for verb in ("GET", "POST"):
        client.put_method(restApiId=api_id, resourceId=resource, httpMethod=verb, authorizationType="CUSTOM",
                          authorizerId=authorizer_id)
        client.put_integration(restApiId=api_id, resourceId=resource, httpMethod=verb, type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    client.create_deployment(restApiId=api_id, stageName="dev")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev", calls


def test_token_identity_validation_expression(apigateway, gwmock):
    base, calls = _api(apigateway, gwmock, lambda e: _policy("Allow", "*"), type="TOKEN",
                       identitySource="method.request.header.Authorization",
                       identityValidationExpression="^Bearer [a-z]+$")
    answer = requests.get(f"{base}/1", headers={"Authorization": "Bearer ABC"}, timeout=5)
    assert (answer.status_code, answer.json(), calls) == (401, {"message": "Unauthorized"}, [])
    assert requests.get(f"{base}/1", headers={"Authorization": "Bearer abc"}, timeout=5).status_code == 200
    assert requests.get(f"{base}/1", timeout=5).status_code == 401


def test_request_authorizer_missing_source_and_cache_ttl(apigateway, gwmock):
    base, calls = _api(apigateway, gwmock, lambda e: _policy("Allow", "*", {"n": 1, "b": True}), type="REQUEST",
                       identitySource="method.request.header.X-A, method.request.querystring.b",
                       authorizerResultTtlInSeconds=60)
    assert requests.get(f"{base}/1?b=1", timeout=5).status_code == 401
    assert requests.get(f"{base}/1?b=", headers={"X-A": "a"}, timeout=5).status_code == 401
    assert calls == []
    with freeze_time("2024-01-01 00:00:00") as clock:
        answer = requests.get(f"{base}/1?b=1", headers={"X-A": "a"}, timeout=5)
        assert answer.status_code == 200
        assert answer.json()["n"] == "1" and answer.json()["b"] == "true"  # context values as strings
        requests.get(f"{base}/1?b=1", headers={"X-A": "a"}, timeout=5)
        assert len(calls) == 1  # cached by the identity sources' values
        requests.get(f"{base}/1?b=2", headers={"X-A": "a"}, timeout=5)
        assert len(calls) == 2
        clock.tick(61)
        requests.get(f"{base}/1?b=1", headers={"X-A": "a"}, timeout=5)
        assert len(calls) == 3  # past the TTL


def test_cached_policy_for_another_method(apigateway, gwmock):
    """The classic: a cached policy naming only the first method's ARN denies the other method."""
    base, calls = _api(apigateway, gwmock, lambda e: _policy("Allow", e["methodArn"]), type="TOKEN",
                       identitySource="method.request.header.Authorization")
    assert requests.get(f"{base}/1", headers={"Authorization": "t"}, timeout=5).status_code == 200
    answer = requests.post(f"{base}/1", headers={"Authorization": "t"}, timeout=5)
    assert answer.status_code == 403
    assert answer.json() == {"Message": "User is not authorized to access this resource"} or \
        answer.json() == {"message": "User is not authorized to access this resource"}
    assert len(calls) == 1


def test_wildcard_policy_and_explicit_deny(apigateway, gwmock):
    def fn(event):
        arn = event["methodArn"].rsplit("/", 3)[0]
        answer = _policy("Allow", arn + "/*")
        answer["policyDocument"]["Statement"].append(
            {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": arn + "/*/POST/*"})
        return answer

    base, _ = _api(apigateway, gwmock, fn, type="TOKEN", identitySource="method.request.header.Authorization")
    assert requests.get(f"{base}/1", headers={"Authorization": "t"}, timeout=5).status_code == 200
    answer = requests.post(f"{base}/1", headers={"Authorization": "t"}, timeout=5)
    assert answer.status_code == 403
    assert answer.headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert "explicit deny" in answer.text
