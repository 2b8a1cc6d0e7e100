"""Authorization on deployed REST APIs: Lambda (TOKEN, REQUEST) and Cognito authorizers, IAM, API keys."""

from __future__ import annotations

import base64
import datetime
import json
import time

import pytest
import requests

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
POOL = f"arn:aws:cognito-idp:{REGION}:{DEFAULT_ACCOUNT}:userpool/us-east-1_Pool1"


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _api(client, gw, **method):
    gw.add_lambda(FN + "echo", _echo)
    api = client.create_rest_api(name="auth-api")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    authorizer = method.pop("authorizer", None)
    if authorizer is not None:
        method["authorizerId"] = client.create_authorizer(restApiId=api["id"], name="auth", **authorizer)["id"]
    method.setdefault("authorizationType", "NONE")
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod="GET", **method)
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="GET", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"], f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets"


def _policy(effect, resource, context=None, **extra):
    return {"principalId": "user-1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]},
        **({"context": context} if context is not None else {}), **extra}


def _token_authorizer(**options):
    return {"type": "TOKEN", "authorizerUri": URI.format(FN + "auth"),
            "identitySource": "method.request.header.Authorization", **options}


# --- TOKEN ---------------------------------------------------------------------------------------


def test_token_authorizer_allows_and_passes_its_context(apigateway, gwmock):
    events = []

    def auth(event, context):
        events.append(event)
        return _policy("Allow", event["methodArn"], {"user": "bob", "count": 1, "admin": True})

    gwmock.add_lambda(FN + "auth", auth)
    api_id, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    response = requests.get(url, headers={"Authorization": "secret"}, timeout=5)
    assert response.status_code == 200
    authorizer = response.json()["requestContext"]["authorizer"]
    assert isinstance(authorizer.pop("integrationLatency"), int)
    assert authorizer == {"principalId": "user-1", "user": "bob", "count": "1", "admin": "true"}
    arn = f"arn:aws:execute-api:{REGION}:{DEFAULT_ACCOUNT}:{api_id}/dev/GET/pets"
    assert events == [{"type": "TOKEN", "authorizationToken": "secret", "methodArn": arn}]


def test_a_cached_answer_grants_each_call_its_own_context(apigateway, gwmock):
    calls = []

    def auth(event, context):
        calls.append(event)
        return _policy("Allow", "*", {"user": "bob", "count": 1})

    def vandal(event, context):  # changes what it was given: the next call must not see it
        given = dict(event["requestContext"]["authorizer"])
        event["requestContext"]["authorizer"]["user"] = "mallory"
        event["requestContext"]["authorizer"]["count"] = "2"
        return {"statusCode": 200, "body": json.dumps(given)}

    gwmock.add_lambda(FN + "auth", auth)
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    gwmock.add_lambda(FN + "echo", vandal)
    first, second = (requests.get(url, headers={"Authorization": "secret"}, timeout=5).json() for _ in range(2))
    assert len(calls) == 1  # the second answer came from the cache
    assert second == {"principalId": "user-1", "user": "bob", "count": "1", "integrationLatency": 0}
    assert {k: v for k, v in first.items() if k != "integrationLatency"} == {
        "principalId": "user-1", "user": "bob", "count": "1"}


def test_a_context_holding_an_object_is_an_authorizer_failure(apigateway, gwmock):
    calls = []

    def auth(event, context):
        calls.append(event)
        return _policy("Allow", "*", {"user": {"name": "bob"}})

    gwmock.add_lambda(FN + "auth", auth)
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    for _ in range(2):  # answered by the function, then by the cache
        response = requests.get(url, headers={"Authorization": "secret"}, timeout=5)
        assert (response.status_code, response.json()) == (500, {"message": None})
        assert response.headers["x-amzn-ErrorType"] == "AuthorizerConfigurationException"  # serverless-offline#1376
        assert any("Invalid context" in line for line in gwmock.requests[-1].log)
    assert len(calls) == 1


@pytest.mark.parametrize(("headers", "outcome", "status", "message"), [
    ({}, "allow", 401, "Unauthorized"),
    ({"Authorization": "bad token"}, "allow", 401, "Unauthorized"),  # identityValidationExpression
    ({"Authorization": "good"}, "unauthorized", 401, "Unauthorized"),
    ({"Authorization": "good"}, "deny", 403, "User is not authorized to access this resource with an explicit deny"),
    ({"Authorization": "good"}, "elsewhere", 403, "User is not authorized to access this resource"),
    ({"Authorization": "good"}, "crash", 500, None),
    ({"Authorization": "good"}, "nested-context", 500, None),
    ({"Authorization": "good"}, "no-policy", 500, None),
    ({"Authorization": "good"}, "lowercase-effect", 500, None),
    ({"Authorization": "good"}, "wildcard", 200, None),
])
def test_token_authorizer_outcomes(apigateway, gwmock, headers, outcome, status, message):
    def auth(event, context):
        arn = event["methodArn"]
        if outcome == "unauthorized":
            raise Exception("Unauthorized")
        if outcome == "crash":
            raise RuntimeError("bug")
        if outcome == "deny":
            return _policy("Deny", arn)
        if outcome == "elsewhere":
            return _policy("Allow", arn.replace("/GET/", "/POST/"))
        if outcome == "nested-context":
            return _policy("Allow", arn, {"nested": {"not": "allowed"}})
        if outcome == "wildcard":
            return _policy("Allow", [arn.rsplit(":", 1)[0] + ":*/dev/G?T/*"])
        if outcome == "no-policy":  # serverless/examples#305: a proxy-style answer
            return {"statusCode": 401, "headers": {}, "body": "no"}
        if outcome == "lowercase-effect":
            return _policy("allow", arn)
        return _policy("Allow", arn)

    gwmock.add_lambda(FN + "auth", auth)
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM",
                  authorizer=_token_authorizer(identityValidationExpression="^[a-z]+$"))
    response = requests.get(url, headers=headers, timeout=5)
    assert response.status_code == status
    if status != 200:
        assert response.json() == {"message": message}
        # AWS: every authorizer that answers wrongly or fails is a configuration error (users'
        # reports: serverless-offline#1376, serverless/examples#305, aws-lambda-rust-runtime#863)
        assert response.headers["x-amzn-ErrorType"] == {
            401: "UnauthorizedException", 403: "AccessDeniedException", 500: "AuthorizerConfigurationException"}[status]


def test_token_authorizer_results_are_cached_per_token(apigateway, gwmock):
    calls = []

    def auth(event, context):
        calls.append(event["authorizationToken"])
        return _policy("Allow", "*")

    gwmock.add_lambda(FN + "auth", auth)
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    for token in ("a", "a", "b", "a"):
        assert requests.get(url, headers={"Authorization": token}, timeout=5).status_code == 200
    assert calls == ["a", "b"]


def test_each_stage_caches_its_own_answers_until_flushed(apigateway, gwmock):
    calls = []

    def auth(event, context):
        calls.append(event["methodArn"].split("/")[1])  # the stage
        return _policy("Allow", "*")

    gwmock.add_lambda(FN + "auth", auth)
    api_id, dev = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    prod = dev.replace("/dev/", "/prod/")

    def call(url):
        assert requests.get(url, headers={"Authorization": "token"}, timeout=5).status_code == 200

    for url in (dev, dev, prod, prod):
        call(url)
    assert calls == ["dev", "prod"]  # a stage's cache does not answer for another stage
    apigateway.flush_stage_authorizers_cache(restApiId=api_id, stageName="prod")
    for url in (dev, prod, prod):
        call(url)
    assert calls == ["dev", "prod", "prod"]  # prod asked again once; dev kept its answer
    with pytest.raises(apigateway.exceptions.NotFoundException):
        apigateway.flush_stage_authorizers_cache(restApiId=api_id, stageName="nope")


def test_a_cached_policy_is_judged_again_for_each_method_it_is_used_for(apigateway, gwmock):
    # the cached answer allows only GET /pets/1: the same token on /pets/2 reuses it and is denied
    calls = []

    def auth(event, context):
        calls.append(event["methodArn"])
        return _policy("Allow", event["methodArn"].rsplit("/", 1)[0] + "/1")

    gwmock.add_lambda(FN + "auth", auth)
    gwmock.add_lambda(FN + "echo", _echo)
    api = apigateway.create_rest_api(name="per-arn")
    pets = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    pet = apigateway.create_resource(restApiId=api["id"], parentId=pets, pathPart="{id}")["id"]
    authorizer = apigateway.create_authorizer(restApiId=api["id"], name="auth", **_token_authorizer())["id"]
    apigateway.put_method(restApiId=api["id"], resourceId=pet, httpMethod="GET", authorizationType="CUSTOM",
                          authorizerId=authorizer)
    apigateway.put_integration(restApiId=api["id"], resourceId=pet, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    url = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets/"
    statuses = [requests.get(url + pet_id, headers={"Authorization": "t"}, timeout=5).status_code
                for pet_id in ("1", "2", "1", "2", "3")]
    assert statuses == [200, 403, 200, 403, 403]
    assert len(calls) == 1  # one answer, cached for the token, judged per method ARN


def test_a_cached_answer_judges_many_method_arns_within_its_bound(apigateway, gwmock):
    from gwmock.runtime.rest import authorizers

    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Allow", "*/GET/pets"))
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    for _ in range(3):
        assert requests.get(url, headers={"Authorization": "t"}, timeout=5).status_code == 200
    (entry,) = authorizers._CACHES[gwmock.backend].values()
    assert list(entry[2].values()) == ["Allow"] and len(entry[2]) <= authorizers._VERDICTS_MAX


def test_ttl_zero_disables_the_cache(apigateway, gwmock):
    calls = []
    gwmock.add_lambda(FN + "auth", lambda event, context: calls.append(1) or _policy("Allow", "*"))
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM",
                  authorizer=_token_authorizer(authorizerResultTtlInSeconds=0))
    for _ in range(2):
        requests.get(url, headers={"Authorization": "a"}, timeout=5)
    assert len(calls) == 2


def test_customized_unauthorized_gateway_response(apigateway, gwmock):
    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Allow", "*"))
    api_id, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    apigateway.put_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED", statusCode="418",
                                    responseParameters={"gatewayresponse.header.X-Why": "'no token'"},
                                    responseTemplates={"application/json": '{"why": $context.error.messageString}'})
    assert requests.get(url, timeout=5).status_code == 401  # not deployed yet
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.get(url, timeout=5)
    assert (response.status_code, response.json()) == (418, {"why": "Unauthorized"})
    assert response.headers["X-Why"] == "no token"
    assert response.headers["x-amzn-ErrorType"] == "UnauthorizedException"


# --- REQUEST -------------------------------------------------------------------------------------


def test_request_authorizer_event_and_identity_sources(apigateway, gwmock):
    events = []

    def auth(event, context):
        events.append(event)
        return _policy("Allow", event["methodArn"], {"tenant": event["queryStringParameters"]["q"]})

    gwmock.add_lambda(FN + "auth", auth)
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer={
        "type": "REQUEST", "authorizerUri": URI.format(FN + "auth"),
        "identitySource": "method.request.header.X-Token, method.request.querystring.q"})
    assert requests.get(url, headers={"X-Token": "t"}, timeout=5).status_code == 401
    response = requests.get(url + "?q=acme", headers={"X-Token": "t"}, timeout=5)
    assert response.status_code == 200
    assert response.json()["requestContext"]["authorizer"]["tenant"] == "acme"
    (event,) = events
    assert event["type"] == "REQUEST"
    assert event["headers"]["X-Token"] == "t"
    assert event["queryStringParameters"] == {"q": "acme"}
    assert event["resource"] == "/pets" and event["httpMethod"] == "GET"
    assert event["methodArn"].endswith("/dev/GET/pets")


def test_authorizer_context_in_mapping_templates(apigateway, gwmock):
    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Allow", "*", {"role": "admin"}))
    api = apigateway.create_rest_api(name="tpl")
    auth_id = apigateway.create_authorizer(restApiId=api["id"], name="a", **_token_authorizer())["id"]
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="CUSTOM",
                          authorizerId=auth_id)
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": json.dumps({
                                            "who": "$context.authorizer.principalId",
                                            "role": "$context.authorizer.role"})})
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    url = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/"
    assert requests.get(url, headers={"Authorization": "x"}, timeout=5).json() == {"who": "user-1", "role": "admin"}


def test_missing_authorizer_function_is_a_500(apigateway, gwmock):
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    response = requests.get(url, headers={"Authorization": "x"}, timeout=5)
    assert (response.status_code, response.json()) == (500, {"message": None})
    assert response.headers["x-amzn-ErrorType"] == "AuthorizerConfigurationException"


# --- Cognito -------------------------------------------------------------------------------------


def _jwt(**claims):
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256', 'kid': 'k'})}.{part(claims)}.c2lnbmF0dXJl"


@pytest.mark.parametrize(("token", "status"), [
    (_jwt(iss=f"https://cognito-idp.{REGION}.amazonaws.com/us-east-1_Pool1", sub="u1", exp=2**33), 200),
    ("Bearer " + _jwt(iss=f"https://cognito-idp.{REGION}.amazonaws.com/us-east-1_Pool1", sub="u1"), 200),
    (_jwt(iss=f"https://cognito-idp.{REGION}.amazonaws.com/us-east-1_Other", sub="u1"), 401),
    (_jwt(iss=f"https://cognito-idp.{REGION}.amazonaws.com/us-east-1_Pool1", exp=1_000_000_000), "expired"),
    ("not-a-jwt", 401),
    (None, 401),
], ids=["valid", "bearer-prefix", "other-pool", "expired", "not-a-jwt", "missing"])
def test_cognito_authorizer(apigateway, gwmock, token, status):
    _, url = _api(apigateway, gwmock, authorizationType="COGNITO_USER_POOLS", authorizer={
        "type": "COGNITO_USER_POOLS", "providerARNs": [POOL], "identitySource": "method.request.header.Authorization"})
    response = requests.get(url, headers={"Authorization": token} if token else {}, timeout=5)
    if status == "expired":
        assert (response.status_code, response.json()) == (401, {"message": "The incoming token has expired"})
        return
    assert response.status_code == status
    if status == 200:
        assert response.json()["requestContext"]["authorizer"]["claims"]["sub"] == "u1"
    else:
        assert response.json() == {"message": "Unauthorized"}


def test_cognito_claims_reach_the_function_as_aws_writes_them(apigateway, gwmock):
    # Users' captured REST events: "exp": "Thu Dec 06 17:08:23 UTC 2018", "auth_time": "1544112503",
    # "cognito:groups": "admin,staging-manager", "identities": "{\"dateCreated\":...}".
    _, url = _api(apigateway, gwmock, authorizationType="COGNITO_USER_POOLS", authorizer={
        "type": "COGNITO_USER_POOLS", "providerARNs": [POOL], "identitySource": "method.request.header.Authorization"})
    token = _jwt(iss=f"https://cognito-idp.{REGION}.amazonaws.com/us-east-1_Pool1", sub="u1", exp=4_000_000_000,
                 iat=1_544_112_503, auth_time=1_544_112_503, email_verified=True,
                 **{"cognito:groups": ["admin", "staging-manager"],
                    "identities": [{"userId": "1", "primary": "true"}]})
    claims = requests.get(url, headers={"Authorization": token}, timeout=5).json()["requestContext"]["authorizer"][
        "claims"]
    assert claims["exp"] == "Tue Oct 02 07:06:40 UTC 2096"
    assert claims["iat"] == "Thu Dec 06 16:08:23 UTC 2018"
    assert (claims["auth_time"], claims["email_verified"]) == ("1544112503", "true")
    assert claims["cognito:groups"] == "admin,staging-manager"
    assert claims["identities"] == '{"userId":"1","primary":"true"}'


# --- IAM -----------------------------------------------------------------------------------------


def test_iam_requires_a_sigv4_authorization(apigateway, gwmock):
    _, url = _api(apigateway, gwmock, authorizationType="AWS_IAM")
    missing = requests.get(url, timeout=5)
    assert (missing.status_code, missing.json()) == (403, {"message": "Missing Authentication Token"})
    assert missing.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    incomplete = requests.get(url, headers={"Authorization": "Basic abc"}, timeout=5)
    assert incomplete.status_code == 403
    assert incomplete.headers["x-amzn-ErrorType"] == "IncompleteSignatureException"
    assert incomplete.json()["message"] == (
        "'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Basic abc'.")
    now = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    signed = (f"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{now[:8]}/us-east-1/execute-api/aws4_request, "
              "SignedHeaders=host;x-amz-date, Signature=" + "ab" * 32)
    response = requests.get(url, headers={"Authorization": signed, "X-Amz-Date": now}, timeout=5)
    assert response.status_code == 200
    assert response.json()["requestContext"]["identity"]["accessKey"] == "AKIDEXAMPLE"


# --- API keys ------------------------------------------------------------------------------------


def _keyed(apigateway, gwmock, quota=None, **method):
    api_id, url = _api(apigateway, gwmock, apiKeyRequired=True, **method)
    plan = apigateway.create_usage_plan(name="plan", apiStages=[{"apiId": api_id, "stage": "dev"}],
                                        **({"quota": quota} if quota else {}))
    key = apigateway.create_api_key(name="k", enabled=True)
    return api_id, url, plan, key


def test_api_key_required(apigateway, gwmock):
    api_id, url, plan, key = _keyed(apigateway, gwmock)
    forbidden = {"message": "Forbidden"}
    response = requests.get(url, timeout=5)
    assert (response.status_code, response.json()) == (403, forbidden)
    assert response.headers["x-amzn-ErrorType"] == "ForbiddenException"
    # a key outside any plan of this stage
    assert requests.get(url, headers={"x-api-key": key["value"]}, timeout=5).status_code == 403
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    response = requests.get(url, headers={"x-api-key": key["value"]}, timeout=5)
    assert response.status_code == 200
    identity = response.json()["requestContext"]["identity"]
    assert (identity["apiKey"], identity["apiKeyId"]) == (key["value"], key["id"])
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    usage = apigateway.get_usage(usagePlanId=plan["id"], startDate=today, endDate=today)
    assert usage["items"][key["id"]][0][0] == 1
    apigateway.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled",
                                                                  "value": "false"}])
    assert requests.get(url, headers={"x-api-key": key["value"]}, timeout=5).status_code == 403


def test_api_key_quota(apigateway, gwmock):
    _, url, plan, key = _keyed(apigateway, gwmock, quota={"limit": 2, "period": "DAY"})
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    statuses = [requests.get(url, headers={"x-api-key": key["value"]}, timeout=5) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert statuses[-1].json() == {"message": "Limit Exceeded"}


def test_api_key_from_the_authorizer(apigateway, gwmock):
    gwmock.add_lambda(FN + "auth",
                      lambda event, context: _policy("Allow", "*", usageIdentifierKey="from-auth-1234567890"))
    api_id, url, plan, _ = _keyed(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token_authorizer())
    key = apigateway.create_api_key(name="auth-key", enabled=True, value="from-auth-1234567890")
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/apiKeySource", "value": "AUTHORIZER"}])
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    assert requests.get(url, headers={"Authorization": "t"}, timeout=5).status_code == 200


# --- throttling ----------------------------------------------------------------------------------


def test_usage_plan_throttling(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, apiKeyRequired=True)
    plan = apigateway.create_usage_plan(name="slow", apiStages=[{"apiId": api_id, "stage": "dev"}],
                                        throttle={"burstLimit": 2, "rateLimit": 0.001})
    key = apigateway.create_api_key(name="k", enabled=True)
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    answers = [requests.get(url, headers={"x-api-key": key["value"]}, timeout=5) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[-1].json() == {"message": "Too Many Requests"}
    assert answers[-1].headers["x-amzn-ErrorType"] == "TooManyRequestsException"


def test_stage_method_throttling(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock)
    apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/~1pets/GET/throttling/burstLimit", "value": "1"},
        {"op": "replace", "path": "/~1pets/GET/throttling/rateLimit", "value": "0.001"}])
    assert [requests.get(url, timeout=5).status_code for _ in range(2)] == [200, 429]


def test_request_too_large(apigateway, gwmock):
    _, url = _api(apigateway, gwmock)
    response = requests.get(url, data=b"x" * (10 * 1024 * 1024 + 1), timeout=5)
    # the front door's answer, before any stage (a capture: koki-develop/lgtm-generator#10)
    assert (response.status_code, response.text) == (413, "HTTP content length exceeded 10485760 bytes.")
    assert response.headers["Content-Type"] == "text; charset=utf-8"
