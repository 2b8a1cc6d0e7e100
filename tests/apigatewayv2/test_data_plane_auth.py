"""HTTP API data plane: JWT, Lambda and IAM authorizers, and CORS."""

from __future__ import annotations

import base64
import json
import time

import botocore.session
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

REGION = "us-east-1"
ACCOUNT = "123456789012"
ISSUER = "https://issuer.example.com"


def fn_arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def url(api_id: str, path: str) -> str:
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com{path}"


def _b64(document: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


def token(**claims) -> str:
    base = {"iss": ISSUER, "aud": "app", "exp": int(time.time()) + 600, "sub": "user-1"}
    base.update(claims)
    header = {"alg": "RS256", "typ": "JWT", "kid": "k1"}  # AWS reads RSA tokens naming their key only
    return f"{_b64(header)}.{_b64({k: v for k, v in base.items() if v is not None})}.sig"


def echo(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}


@pytest.fixture
def api(apigatewayv2, gwmock):
    gwmock.add_lambda("echo", echo)
    return apigatewayv2.create_api(Name="secure", ProtocolType="HTTP")["ApiId"]


def route(client, api_id, key, version="2.0", **auth):
    integration = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=fn_arn("echo"),
                                            PayloadFormatVersion=version)["IntegrationId"]
    return client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}", **auth)


def deploy(client, api_id):
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)


# --- JWT ------------------------------------------------------------------------------------------


@pytest.fixture
def jwt_api(apigatewayv2, api):
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api, AuthorizerType="JWT", Name="jwt", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": ISSUER, "Audience": ["app", "client-9"]})["AuthorizerId"]
    route(apigatewayv2, api, "GET /open", AuthorizationType="JWT", AuthorizerId=authorizer)
    route(apigatewayv2, api, "GET /admin", AuthorizationType="JWT", AuthorizerId=authorizer,
          AuthorizationScopes=["admin", "root"])
    route(apigatewayv2, api, "GET /v1", version="1.0", AuthorizationType="JWT", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    return api


def test_jwt_claims_reach_the_integration(gwmock, jwt_api):
    tok = token(groups=["a", "b"], admin=True)
    response = gwmock.invoke("GET", url(jwt_api, "/open"), headers={"Authorization": f"Bearer {tok}"})
    assert response.status == 200
    jwt = response.json()["requestContext"]["authorizer"]["jwt"]
    assert jwt["claims"]["iss"] == ISSUER
    assert jwt["claims"]["groups"] == "[a b]"
    assert jwt["claims"]["admin"] == "true"
    assert jwt["claims"]["exp"].isdigit()
    assert jwt["scopes"] is None
    v1 = gwmock.invoke("GET", url(jwt_api, "/v1"), headers={"Authorization": tok}).json()
    assert v1["requestContext"]["authorizer"]["claims"]["sub"] == "user-1"


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "not-a-jwt"},
    {"Authorization": token(iss="https://other.example.com")},
    {"Authorization": token(aud="someone-else")},
    {"Authorization": token(exp=int(time.time()) - 10)},
    {"Authorization": token(nbf=int(time.time()) + 600)},
    {"Authorization": token(exp="soon")},
])
def test_jwt_rejections_are_unauthorized(gwmock, jwt_api, headers):
    response = gwmock.invoke("GET", url(jwt_api, "/open"), headers=headers)
    assert (response.status, response.json()) == (401, {"message": "Unauthorized"})


def test_jwt_audience_by_client_id_or_list(gwmock, jwt_api):
    for tok in (token(aud=None, client_id="client-9"), token(aud=["x", "app"])):
        assert gwmock.invoke("GET", url(jwt_api, "/open"), headers={"Authorization": tok}).status == 200


def test_jwt_scopes(gwmock, jwt_api):
    response = gwmock.invoke("GET", url(jwt_api, "/admin"), headers={"Authorization": token(scope="read write")})
    assert (response.status, response.json()) == (403, {"message": "Forbidden"})
    response = gwmock.invoke("GET", url(jwt_api, "/admin"), headers={"Authorization": token(scope="read admin")})
    assert response.json()["requestContext"]["authorizer"]["jwt"]["scopes"] == ["read", "admin"]
    assert gwmock.invoke("GET", url(jwt_api, "/admin"), headers={"Authorization": token(scp=["root"])}).status == 200


# --- Lambda authorizers ------------------------------------------------------------------------------


def lambda_authorizer(client, api_id, version, simple=False, ttl=0, sources=("$request.header.x-token",)):
    params = {"EnableSimpleResponses": True} if simple else {}
    return client.create_authorizer(
        ApiId=api_id, AuthorizerType="REQUEST", Name="lam", IdentitySource=list(sources),
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('auth')}/invocations",
        AuthorizerPayloadFormatVersion=version, AuthorizerResultTtlInSeconds=ttl, **params)["AuthorizerId"]


def test_simple_response_authorizer(apigatewayv2, gwmock, api):
    events = []

    def auth(event, context):
        events.append(event)
        return {"isAuthorized": event["headers"].get("x-token") == "good", "context": {"user": "u1", "n": 1}}

    gwmock.add_lambda("auth", auth)
    authorizer = lambda_authorizer(apigatewayv2, api, "2.0", simple=True)
    route(apigatewayv2, api, "GET /pets/{id}", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/pets/1?q=1"), headers={"x-token": "good"})
    assert response.status == 200
    assert response.json()["requestContext"]["authorizer"] == {"lambda": {"user": "u1", "n": 1}}
    event = events[-1]
    assert (event["version"], event["type"], event["identitySource"]) == ("2.0", "REQUEST", ["good"])
    assert event["routeArn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/$default/GET/pets/1"
    assert (event["routeKey"], event["pathParameters"], event["queryStringParameters"]) == \
        ("GET /pets/{id}", {"id": "1"}, {"q": "1"})
    denied = gwmock.invoke("GET", url(api, "/pets/1"), headers={"x-token": "bad"})
    assert (denied.status, denied.json()) == (403, {"message": "Forbidden"})
    calls = len(events)
    missing = gwmock.invoke("GET", url(api, "/pets/1"))
    assert (missing.status, missing.json()) == (401, {"message": "Unauthorized"})
    assert len(events) == calls  # not invoked without its identity source


def _policy(effect: str, resource: str, context: dict | None = None) -> dict:
    document = {"Version": "2012-10-17",
                "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}
    return {"principalId": "me", "policyDocument": document, **({"context": context} if context else {})}


def test_policy_authorizer_payload_1(apigatewayv2, gwmock, api):
    events = []

    def auth(event, context):
        events.append(event)
        if event["headers"]["x-token"] == "deny":
            return _policy("Deny", event["methodArn"])
        if event["headers"]["x-token"] == "elsewhere":
            return _policy("Allow", f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/$default/POST/*")
        return _policy("Allow", f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/*/GET/*", {"tier": "gold"})

    gwmock.add_lambda("auth", auth)
    authorizer = lambda_authorizer(apigatewayv2, api, "1.0", sources=("$request.header.x-token",
                                                                       "$request.querystring.k"))
    route(apigatewayv2, api, "GET /pets", version="1.0", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/pets?k=v"), headers={"x-token": "ok"})
    assert response.status == 200
    assert response.json()["requestContext"]["authorizer"] == {"tier": "gold"}
    event = events[-1]
    assert (event["version"], event["type"], event["identitySource"], event["authorizationToken"]) == \
        ("1.0", "REQUEST", "ok,v", "ok,v")
    assert event["methodArn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/$default/GET/pets"
    assert event["httpMethod"] == "GET" and event["resource"] == "/pets"
    for tok in ("deny", "elsewhere"):
        denied = gwmock.invoke("GET", url(api, "/pets?k=v"), headers={"x-token": tok})
        assert (denied.status, denied.json()) == (403, {"message": "Forbidden"})
    assert gwmock.invoke("GET", url(api, "/pets"), headers={"x-token": "ok"}).status == 401


@pytest.mark.parametrize("answer", [
    {"isAuthorized": "yes"},
    "allow",
    {"isAuthorized": True, "context": "nope"},
    RuntimeError("boom"),
])
def test_authorizer_failures_are_internal_errors(apigatewayv2, gwmock, api, answer):
    def auth(event, context):
        if isinstance(answer, Exception):
            raise answer
        return answer

    gwmock.add_lambda("auth", auth)
    authorizer = lambda_authorizer(apigatewayv2, api, "2.0", simple=True)
    route(apigatewayv2, api, "GET /pets", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/pets"), headers={"x-token": "t"})
    assert (response.status, response.json()) == (500, {"message": "Internal Server Error"})


def test_policy_answer_must_be_a_policy(apigatewayv2, gwmock, api):
    answer = {"principalId": "me", "policyDocument": {"Statement": [{"Effect": "Maybe"}]}}
    gwmock.add_lambda("auth", lambda e, c: answer)
    authorizer = lambda_authorizer(apigatewayv2, api, "2.0")
    route(apigatewayv2, api, "GET /pets", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    assert gwmock.invoke("GET", url(api, "/pets"), headers={"x-token": "t"}).status == 500


def test_authorizer_results_are_cached_by_identity(apigatewayv2, gwmock, api):
    calls = []

    def auth(event, context):
        calls.append(event["identitySource"])
        return _policy("Allow", f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/$default/GET/a")

    gwmock.add_lambda("auth", auth)
    authorizer = lambda_authorizer(apigatewayv2, api, "2.0", ttl=300)
    route(apigatewayv2, api, "GET /a", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    route(apigatewayv2, api, "GET /b", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    assert gwmock.invoke("GET", url(api, "/a"), headers={"x-token": "t1"}).status == 200
    assert gwmock.invoke("GET", url(api, "/a"), headers={"x-token": "t1"}).status == 200
    assert gwmock.invoke("GET", url(api, "/b"), headers={"x-token": "t1"}).status == 403  # cached policy, new route
    assert gwmock.invoke("GET", url(api, "/a"), headers={"x-token": "t2"}).status == 200
    assert calls == [["t1"], ["t2"]]


def test_reset_authorizers_cache_asks_the_authorizer_again(apigatewayv2, gwmock, api):
    calls = []
    gwmock.add_lambda("auth", lambda e, c: calls.append(e["identitySource"]) or {"isAuthorized": True})
    authorizer = lambda_authorizer(apigatewayv2, api, "2.0", simple=True, ttl=300)
    route(apigatewayv2, api, "GET /a", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    for _ in range(2):
        assert gwmock.invoke("GET", url(api, "/a"), headers={"x-token": "t"}).status == 200
    assert calls == [["t"]]
    apigatewayv2.reset_authorizers_cache(ApiId=api, StageName="$default")
    for _ in range(2):
        assert gwmock.invoke("GET", url(api, "/a"), headers={"x-token": "t"}).status == 200
    assert calls == [["t"], ["t"]]


def test_no_ttl_means_no_cache(apigatewayv2, gwmock, api):
    calls = []
    gwmock.add_lambda("auth", lambda e, c: calls.append(1) or {"isAuthorized": True})
    authorizer = lambda_authorizer(apigatewayv2, api, "2.0", simple=True)
    route(apigatewayv2, api, "GET /a", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    for _ in range(2):
        assert gwmock.invoke("GET", url(api, "/a"), headers={"x-token": "t"}).status == 200
    assert len(calls) == 2


# --- AWS_IAM ----------------------------------------------------------------------------------------


def test_iam_needs_a_sigv4_signature(apigatewayv2, gwmock, api):
    route(apigatewayv2, api, "GET /iam", AuthorizationType="AWS_IAM")
    deploy(apigatewayv2, api)
    target = url(api, "/iam")
    for headers in ({}, {"Authorization": "Bearer abc"}):
        response = gwmock.invoke("GET", target, headers=headers)
        assert (response.status, response.json()) == (403, {"message": "Forbidden"})
    credentials = botocore.session.Session().create_client("sts", region_name=REGION)._request_signer._credentials
    signed = AWSRequest(method="GET", url=target)
    SigV4Auth(credentials.__class__("111122223333", "secret"), "execute-api", REGION).add_auth(signed)
    response = gwmock.invoke("GET", target, headers=dict(signed.headers.items()))
    assert response.status == 200
    iam = response.json()["requestContext"]["authorizer"]["iam"]
    assert (iam["accessKey"], iam["accountId"]) == ("111122223333", "111122223333")


# --- CORS ----------------------------------------------------------------------------------------------


@pytest.fixture
def cors_api(apigatewayv2, api):
    apigatewayv2.update_api(ApiId=api, CorsConfiguration={
        "AllowOrigins": ["https://app.example.com"], "AllowMethods": ["GET", "POST"],
        "AllowHeaders": ["content-type", "x-token"], "ExposeHeaders": ["x-total"], "MaxAge": 300,
        "AllowCredentials": True})
    route(apigatewayv2, api, "GET /pets")
    deploy(apigatewayv2, api)
    return api


def test_preflight_is_answered_by_the_gateway(gwmock, cors_api):
    response = gwmock.invoke("OPTIONS", url(cors_api, "/pets"), headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert (response.status, response.body) == (204, b"")
    headers = response.headers
    assert headers["access-control-allow-origin"] == "https://app.example.com"
    assert headers["access-control-allow-methods"] == "GET,POST"
    assert headers["access-control-allow-headers"] == "content-type,x-token"
    assert headers["access-control-max-age"] == "300"
    assert headers["access-control-allow-credentials"] == "true"


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example.com", "Access-Control-Request-Method": "GET"},
    {"Origin": "https://app.example.com", "Access-Control-Request-Method": "DELETE"},
    {"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET",
     "Access-Control-Request-Headers": "x-other"},
])
def test_refused_preflight_has_no_cors_headers(gwmock, cors_api, headers):
    response = gwmock.invoke("OPTIONS", url(cors_api, "/pets"), headers=headers)
    assert response.status == 204
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]


def test_cors_headers_on_responses(apigatewayv2, gwmock, cors_api):
    response = gwmock.invoke("GET", url(cors_api, "/pets"), headers={"Origin": "https://app.example.com"})
    assert response.status == 200
    assert response.headers["access-control-allow-origin"] == "https://app.example.com"
    assert response.headers["access-control-expose-headers"] == "x-total"
    assert response.headers["access-control-allow-credentials"] == "true"
    other = gwmock.invoke("GET", url(cors_api, "/pets"), headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in other.headers


def test_integration_cors_headers_are_ignored(apigatewayv2, gwmock, api):
    gwmock.add_lambda("cors", lambda e, c: {"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}})
    integration = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=fn_arn("cors"),
                                                  PayloadFormatVersion="2.0")["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /x", Target=f"integrations/{integration}")
    apigatewayv2.update_api(ApiId=api, CorsConfiguration={"AllowOrigins": ["*"]})
    deploy(apigatewayv2, api)
    response = gwmock.invoke("GET", url(api, "/x"), headers={"Origin": "https://a.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in gwmock.invoke("GET", url(api, "/x")).headers


def test_cors_changes_reach_automatically_deployed_stages(apigatewayv2, gwmock, cors_api):
    # A stage with AutoDeploy follows every change to the API's configuration, CORS included.
    preflight = {"Origin": "https://other.example.com", "Access-Control-Request-Method": "GET"}
    before = gwmock.invoke("OPTIONS", url(cors_api, "/pets"), headers=preflight)
    assert "access-control-allow-origin" not in before.headers
    apigatewayv2.update_api(ApiId=cors_api, CorsConfiguration={"AllowOrigins": ["https://other.example.com"],
                                                                 "AllowMethods": ["GET"]})
    answer = gwmock.invoke("OPTIONS", url(cors_api, "/pets"), headers=preflight)
    assert answer.headers["access-control-allow-origin"] == "https://other.example.com"
    apigatewayv2.delete_cors_configuration(ApiId=cors_api)
    gone = gwmock.invoke("OPTIONS", url(cors_api, "/pets"), headers=preflight)
    assert (gone.status, gone.json()) == (404, {"message": "Not Found"})


def test_without_cors_options_goes_to_the_routes(apigatewayv2, gwmock, api):
    route(apigatewayv2, api, "GET /pets")
    deploy(apigatewayv2, api)
    response = gwmock.invoke("OPTIONS", url(api, "/pets"), headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"})
    assert (response.status, response.json()) == (404, {"message": "Not Found"})


def test_a_hostile_wildcard_in_an_authorizer_policy_is_matched_at_once(apigatewayv2, gwmock, api):
    """``*a*a*...*b`` against a long path backtracks for minutes as a ``.*`` regular expression;
    IAM's wildcards are matched in linear time (``gwmock.runtime.wildcards``)."""
    import time

    hostile = "*" + "a*" * 30 + "b"
    gwmock.add_lambda("auth", lambda event, context: _policy("Allow", hostile))
    authorizer = lambda_authorizer(apigatewayv2, api, "1.0")
    route(apigatewayv2, api, "GET /{proxy+}", version="1.0", AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    deploy(apigatewayv2, api)
    started = time.monotonic()
    denied = gwmock.invoke("GET", url(api, "/" + "a" * 3000), headers={"x-token": "t"})
    assert (denied.status, denied.json()) == (403, {"message": "Forbidden"})
    allowed = gwmock.invoke("GET", url(api, "/" + "a" * 3000 + "b"), headers={"x-token": "t"})
    assert allowed.status == 200
    assert time.monotonic() - started < 2.0
