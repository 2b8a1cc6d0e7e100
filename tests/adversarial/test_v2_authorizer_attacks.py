"""Attacks on HTTP API and WebSocket authorizers: their control plane (``apigatewayv2.authorizers``,
CreateRoute's scopes) and the HTTP API's Lambda (REQUEST) authorizers at request time
(``runtime.http.auth``). JWT tokens themselves are attacked in ``test_jwt_attacks.py``.

Every refusal is AWS's code, status and wording with state unchanged; the data plane answers AWS's
status and body ("Working with AWS Lambda authorizers for HTTP APIs": a missing identity source is a
401 without calling the function; a function error, a timeout or an answer of the wrong shape a 500;
a policy without an Allow, or ``isAuthorized`` false, a 403) and serves the next request.
"""

from __future__ import annotations

import json
import time

import pytest
from helpers import assert_error, deep, error_of, exit_3, raise_boom
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime.http import auth

REGION = "us-east-1"
ACCOUNT = "123456789012"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:auth"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"
ISSUER = "https://issuer.example.com"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CACHING = "Identity source must be set if authorizer caching is enabled (TTL is greater than 0)"


@pytest.fixture
def http_api(apigatewayv2):
    return apigatewayv2.create_api(Name="pets", ProtocolType="HTTP")["ApiId"]


@pytest.fixture
def ws_api(apigatewayv2):
    return apigatewayv2.create_api(Name="chat", ProtocolType="WEBSOCKET",
                                   RouteSelectionExpression="$request.body.action")["ApiId"]


def _ids(client, api_id):
    return [a["AuthorizerId"] for a in client.get_authorizers(ApiId=api_id)["Items"]]


def _lambda_authorizer(client, api_id, **extra):
    params = {"AuthorizerType": "REQUEST", "Name": "lam", "AuthorizerUri": URI,
              "AuthorizerPayloadFormatVersion": "2.0", "IdentitySource": ["$request.header.x-token"], **extra}
    return client.create_authorizer(ApiId=api_id, **params)


def _jwt_authorizer(client, api_id, **config):
    return client.create_authorizer(ApiId=api_id, AuthorizerType="JWT", Name="jwt",
                                    IdentitySource=["$request.header.Authorization"],
                                    JwtConfiguration={"Issuer": ISSUER, **config})


# --- control plane: identity sources -------------------------------------------------------------


@pytest.mark.parametrize("source", [
    "", "$request.header.", "request.header.a", "$request.body.x", "$request.path.id", "$request.header.a b",
    "$request.header. a", "$stageVariables.", "$context.", "route.request.header.a", "$method.request.header.a",
    # one string naming two sources (REST's comma-separated form), control characters and non-token
    # header names can never match a request: refused (guess: AWS's check of the same text)
    "$request.header.a,$request.header.b", "$request.header.a\x00", "$request.header.a\x7f",
    "$request.header.caf\u00e9", "$request.header.a:b", "$stageVariables.a-b", "$context.a/b",
])
def test_http_identity_sources_that_can_never_match_are_refused(apigatewayv2, http_api, source):
    response = error_of(_lambda_authorizer, apigatewayv2, http_api, IdentitySource=[source])
    assert_error(response, "BadRequestException", f"Invalid identity source specified: {source}", 400)
    assert _ids(apigatewayv2, http_api) == []


@pytest.mark.parametrize("source", [
    "$request.header.Authorization", "$request.header.X-Api_Key.v2", "$request.querystring.token",
    "$request.querystring.a.b[0]", "$context.routeKey", "$context.identity.sourceIp", "$stageVariables.tier_1",
])
def test_http_identity_sources_of_every_documented_form_are_kept(apigatewayv2, http_api, source):
    created = _lambda_authorizer(apigatewayv2, http_api, IdentitySource=[source])
    assert created["IdentitySource"] == [source]


@pytest.mark.parametrize("source", [
    "", "route.request.header.", "$request.header.a", "route.request.body.x", "$context.routeKey",
    "route.request.header.a,route.request.header.b", "route.request.header.a\x00",
])
def test_websocket_identity_sources_of_http_forms_or_malformed_are_refused(apigatewayv2, ws_api, source):
    response = error_of(apigatewayv2.create_authorizer, ApiId=ws_api, AuthorizerType="REQUEST", Name="a",
                        AuthorizerUri=URI, IdentitySource=[source])
    assert_error(response, "BadRequestException", f"Invalid identity source specified: {source}", 400)
    assert _ids(apigatewayv2, ws_api) == []


def test_fifty_and_duplicate_identity_sources_are_kept_and_all_required(apigatewayv2, gwmock, http_api):
    sources = [f"$request.header.h{i}" for i in range(50)] + ["$request.header.h0"]
    calls = []
    gwmock.add_lambda("auth", lambda event, context: calls.append(event["identitySource"]) or {"isAuthorized": True})
    authorizer = _lambda_authorizer(apigatewayv2, http_api, IdentitySource=sources, EnableSimpleResponses=True,
                                    AuthorizerResultTtlInSeconds=60)
    assert authorizer["IdentitySource"] == sources
    url = _protected(apigatewayv2, gwmock, http_api, authorizer["AuthorizerId"])
    headers = {f"h{i}": f"v{i}" for i in range(50)}
    missing_one = gwmock.invoke("GET", url, headers={k: v for k, v in headers.items() if k != "h49"})
    assert (missing_one.status, missing_one.json()) == (401, {"message": "Unauthorized"})
    assert calls == []
    assert gwmock.invoke("GET", url, headers=headers).status == 200
    assert calls == [[f"v{i}" for i in range(50)] + ["v0"]]


@FUZZ
@given(source=st.text(max_size=40))
def test_fuzzed_identity_sources_are_kept_or_refused_in_aws_words(apigatewayv2, http_api, source):
    before = _ids(apigatewayv2, http_api)
    try:
        created = _lambda_authorizer(apigatewayv2, http_api, IdentitySource=[source])
    except apigatewayv2.exceptions.BadRequestException as caught:
        assert caught.response["Error"]["Message"] == f"Invalid identity source specified: {source}"
        assert _ids(apigatewayv2, http_api) == before
    else:
        assert created["IdentitySource"] == [source]


# --- control plane: caching, payload versions, JWT configuration ---------------------------------


JWT_SOURCE = ("JWT authorizers require exactly one identity source of the form $request.header.<name> or "
              "$request.querystring.<name>")


@pytest.mark.parametrize("sources", [
    [], ["$request.header.Authorization"] * 2, ["$request.header.a,$request.header.b"], ["$request.header.a\x00"],
    ["$context.routeKey"], ["$stageVariables.token"], ["$request.header."],
])
def test_jwt_authorizers_take_one_header_or_query_source_only(apigatewayv2, http_api, sources):
    response = error_of(apigatewayv2.create_authorizer, ApiId=http_api, AuthorizerType="JWT", Name="jwt",
                        IdentitySource=sources, JwtConfiguration={"Issuer": ISSUER})
    assert_error(response, "BadRequestException", JWT_SOURCE, 400)
    assert _ids(apigatewayv2, http_api) == []


def test_a_refused_update_leaves_the_authorizer_and_its_routes_serving(apigatewayv2, gwmock, http_api):
    _answering(gwmock, {"isAuthorized": True})
    authorizer = _lambda_authorizer(apigatewayv2, http_api, EnableSimpleResponses=True)["AuthorizerId"]
    url = _protected(apigatewayv2, gwmock, http_api, authorizer)
    before = apigatewayv2.get_authorizer(ApiId=http_api, AuthorizerId=authorizer)
    for change in ({"IdentitySource": ["$request.header.a,$request.header.b"]},
                   {"AuthorizerPayloadFormatVersion": "3.0"}, {"AuthorizerType": "JWT"},
                   {"AuthorizerResultTtlInSeconds": 60, "IdentitySource": []}):
        assert_error(error_of(apigatewayv2.update_authorizer, ApiId=http_api, AuthorizerId=authorizer, Name="x",
                              **change), "BadRequestException", status=400)
    after = apigatewayv2.get_authorizer(ApiId=http_api, AuthorizerId=authorizer)
    assert {k: v for k, v in after.items() if k != "ResponseMetadata"} == \
        {k: v for k, v in before.items() if k != "ResponseMetadata"}
    assert gwmock.invoke("GET", url, headers={"x-token": "t"}).status == 200


@pytest.mark.parametrize("sources", [[], ["$request.header.a"]])
def test_ttl_above_3600_is_a_validation_error_with_or_without_sources(apigatewayv2, http_api, sources):
    response = error_of(_lambda_authorizer, apigatewayv2, http_api, IdentitySource=sources,
                        AuthorizerResultTtlInSeconds=3601)
    assert_error(response, "BadRequestException", "1 validation error detected: Value '3601' at "
                 "'createAuthorizerInput.authorizerResultTtlInSeconds' failed to satisfy constraint: Member must "
                 "have value less than or equal to 3600", 400)
    assert _ids(apigatewayv2, http_api) == []


def test_negative_ttl_is_stopped_by_botocore_before_the_wire(apigatewayv2, http_api):
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        _lambda_authorizer(apigatewayv2, http_api, AuthorizerResultTtlInSeconds=-1)
    assert _ids(apigatewayv2, http_api) == []


def test_caching_without_sources_is_refused_on_create_and_on_update(apigatewayv2, http_api):
    response = error_of(_lambda_authorizer, apigatewayv2, http_api, IdentitySource=[],
                        AuthorizerResultTtlInSeconds=3600)
    assert_error(response, "BadRequestException", CACHING, 400)
    created = _lambda_authorizer(apigatewayv2, http_api, AuthorizerResultTtlInSeconds=3600)
    response = error_of(apigatewayv2.update_authorizer, ApiId=http_api, AuthorizerId=created["AuthorizerId"],
                        IdentitySource=[])
    assert_error(response, "BadRequestException", CACHING, 400)
    kept = apigatewayv2.get_authorizer(ApiId=http_api, AuthorizerId=created["AuthorizerId"])
    assert (kept["IdentitySource"], kept["AuthorizerResultTtlInSeconds"]) == (["$request.header.x-token"], 3600)


def test_simple_responses_need_payload_2_on_create_and_update(apigatewayv2, http_api):
    message = "EnableSimpleResponses is supported only for AuthorizerPayloadFormatVersion 2.0"
    response = error_of(_lambda_authorizer, apigatewayv2, http_api, AuthorizerPayloadFormatVersion="1.0",
                        EnableSimpleResponses=True)
    assert_error(response, "BadRequestException", message, 400)
    created = _lambda_authorizer(apigatewayv2, http_api, EnableSimpleResponses=True)
    response = error_of(apigatewayv2.update_authorizer, ApiId=http_api, AuthorizerId=created["AuthorizerId"],
                        AuthorizerPayloadFormatVersion="1.0")
    assert_error(response, "BadRequestException", message, 400)
    assert apigatewayv2.get_authorizer(ApiId=http_api, AuthorizerId=created["AuthorizerId"])[
        "AuthorizerPayloadFormatVersion"] == "2.0"


def test_websocket_authorizers_take_no_ttl_not_even_zero(apigatewayv2, ws_api):
    response = error_of(apigatewayv2.create_authorizer, ApiId=ws_api, AuthorizerType="REQUEST", Name="a",
                        AuthorizerUri=URI, IdentitySource=["route.request.header.a"], AuthorizerResultTtlInSeconds=0)
    assert_error(response, "BadRequestException",
                 "AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol Apis.", 400)
    assert _ids(apigatewayv2, ws_api) == []


@pytest.mark.parametrize("config, message", [
    ({}, "JwtConfiguration must specify an Issuer for JWT authorizers"),
    ({"Audience": ["app"]}, "JwtConfiguration must specify an Issuer for JWT authorizers"),
    ({"Issuer": "accounts.google.com"}, "Invalid issuer: Issuer is not a valid URL for JWT Authorizer"),
    ({"Issuer": "ftp://issuer.example.com"}, "Invalid issuer: Issuer is not a valid URL for JWT Authorizer"),
    ({"Issuer": "https://"}, "Invalid issuer: Issuer is not a valid URL for JWT Authorizer"),
    ({"Issuer": "https://[::1"}, "Invalid issuer: Issuer is not a valid URL for JWT Authorizer"),
    ({"Issuer": "https://a b.example"}, "Invalid issuer: Issuer is not a valid URL for JWT Authorizer"),
])
def test_jwt_issuers_that_are_missing_or_not_urls_are_refused(apigatewayv2, http_api, config, message):
    response = error_of(apigatewayv2.create_authorizer, ApiId=http_api, AuthorizerType="JWT", Name="jwt",
                        IdentitySource=["$request.header.Authorization"], JwtConfiguration=config)
    assert_error(response, "BadRequestException", message, 400)
    assert _ids(apigatewayv2, http_api) == []


def test_a_hundred_audiences_and_an_empty_one_are_kept_and_match_only_exactly(apigatewayv2, gwmock, http_api):
    audience = [f"client-{i}" for i in range(100)] + [""]
    created = _jwt_authorizer(apigatewayv2, http_api, Audience=audience)
    assert created["JwtConfiguration"]["Audience"] == audience
    url = _protected(apigatewayv2, gwmock, http_api, created["AuthorizerId"], kind="JWT")
    assert gwmock.invoke("GET", url, headers={"Authorization": _token(aud="client-99")}).status == 200
    assert gwmock.invoke("GET", url, headers={"Authorization": _token(aud="")}).status == 200
    refused = gwmock.invoke("GET", url, headers={"Authorization": _token(aud="client-100")})
    assert (refused.status, refused.json()) == (401, {"message": "Unauthorized"})


# --- control plane: routes' scopes, deleting an authorizer in use ---------------------------------


SCOPES_REFUSED = ("Invalid Route authorization type specified. Authorization Scopes are only valid for "
                  "COGNITO_USER_POOLS and JWT authorization types")


@pytest.mark.parametrize("kind", ["NONE", "AWS_IAM", "CUSTOM"])
def test_scopes_on_routes_without_a_jwt_authorizer_are_refused(apigatewayv2, http_api, kind):
    authorizer = _lambda_authorizer(apigatewayv2, http_api)["AuthorizerId"]
    extra = {"AuthorizerId": authorizer} if kind == "CUSTOM" else {}
    response = error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey="GET /a", AuthorizationType=kind,
                        AuthorizationScopes=["read"], **extra)
    assert_error(response, "BadRequestException", SCOPES_REFUSED, 400)
    assert apigatewayv2.get_routes(ApiId=http_api)["Items"] == []


def test_five_hundred_scopes_are_kept_and_any_one_grants(apigatewayv2, gwmock, http_api):
    authorizer = _jwt_authorizer(apigatewayv2, http_api, Audience=["app"])["AuthorizerId"]
    scopes = [f"scope-{i}" for i in range(500)]
    url = _protected(apigatewayv2, gwmock, http_api, authorizer, kind="JWT", AuthorizationScopes=scopes)
    route = apigatewayv2.get_routes(ApiId=http_api)["Items"][0]
    assert route["AuthorizationScopes"] == scopes
    assert gwmock.invoke("GET", url, headers={"Authorization": _token(scope="other scope-499")}).status == 200
    denied = gwmock.invoke("GET", url, headers={"Authorization": _token(scope=" ".join(f"x{i}" for i in range(500)))})
    assert (denied.status, denied.json()) == (403, {"message": "Forbidden"})


def test_deleting_an_authorizer_a_route_uses_is_a_conflict_and_changes_nothing(apigatewayv2, gwmock, http_api):
    gwmock.add_lambda("auth", lambda event, context: {"isAuthorized": True})
    authorizer = _lambda_authorizer(apigatewayv2, http_api, EnableSimpleResponses=True)["AuthorizerId"]
    url = _protected(apigatewayv2, gwmock, http_api, authorizer, route_key="GET /in/use")
    response = error_of(apigatewayv2.delete_authorizer, ApiId=http_api, AuthorizerId=authorizer)
    assert_error(response, "ConflictException", "Cannot delete authorizer 'lam', is referenced in route: GET /in/use",
                 409)
    assert _ids(apigatewayv2, http_api) == [authorizer]
    assert gwmock.invoke("GET", url, headers={"x-token": "t"}).status == 200


# --- data plane: Lambda authorizers' answers ----------------------------------------------------------


def echo(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps(event["requestContext"].get("authorizer"))}


def _protected(client, gw, api_id, authorizer_id, kind="CUSTOM", route_key="GET /pets", version="2.0", **route):
    gw.add_lambda("echo", echo)
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion=version,
        IntegrationUri=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo")["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey=route_key, Target=f"integrations/{integration}",
                        AuthorizationType=kind, AuthorizerId=authorizer_id, **route)
    if not client.get_stages(ApiId=api_id)["Items"]:
        client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, StageVariables={"tier": "gold"})
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com{route_key.split(' ', 1)[1]}"


def _token(**claims) -> str:
    import base64

    def part(document):
        return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")

    body = {"iss": ISSUER, "aud": "app", "exp": int(time.time()) + 600, **claims}
    return f"{part({'alg': 'RS256', 'kid': 'k1'})}.{part(body)}.sig"


@pytest.fixture
def simple_url(apigatewayv2, gwmock, http_api):
    authorizer = _lambda_authorizer(apigatewayv2, http_api, EnableSimpleResponses=True)["AuthorizerId"]
    return _protected(apigatewayv2, gwmock, http_api, authorizer)


@pytest.fixture
def policy_url(apigatewayv2, gwmock, http_api):
    authorizer = _lambda_authorizer(apigatewayv2, http_api, AuthorizerPayloadFormatVersion="1.0")["AuthorizerId"]
    return _protected(apigatewayv2, gwmock, http_api, authorizer)


def _answering(gw, answer):
    gw.add_lambda("auth", answer if callable(answer) else (lambda event, context: answer))


def _still_serves(gw, url):
    _answering(gw, {"isAuthorized": True, "principalId": "p",
                    "policyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}})
    assert gw.invoke("GET", url, headers={"x-token": "t"}).status == 200


@pytest.mark.parametrize("answer", [
    {"isAuthorized": "true"}, {"isAuthorized": 1}, {"isAuthorized": None}, {}, {"context": {"a": 1}}, None, "true",
    [True], {"isAuthorized": True, "context": []}, {"isAuthorized": True, "context": "ctx"},
    {"isAuthorized": True, "context": deep(3000)}, raise_boom, exit_3,
])
def test_simple_answers_that_are_not_a_boolean_verdict_are_internal_errors(gwmock, simple_url, answer):
    _answering(gwmock, answer)
    response = gwmock.invoke("GET", simple_url, headers={"x-token": "t"})
    assert (response.status, response.json()) == (500, {"message": "Internal Server Error"})
    _still_serves(gwmock, simple_url)


def test_simple_answer_false_is_forbidden(gwmock, simple_url):
    _answering(gwmock, {"isAuthorized": False, "context": {"a": 1}})
    response = gwmock.invoke("GET", simple_url, headers={"x-token": "t"})
    assert (response.status, response.json()) == (403, {"message": "Forbidden"})


def test_context_values_of_every_json_type_reach_the_integration(gwmock, simple_url):
    context = {"s": "x", "n": 1.5, "b": False, "null": None, "list": [1, "a"], "obj": {"k": {"v": 1}}}
    _answering(gwmock, {"isAuthorized": True, "context": context})
    response = gwmock.invoke("GET", simple_url, headers={"x-token": "t"})
    assert (response.status, response.json()) == (200, {"lambda": context})
    _answering(gwmock, {"isAuthorized": True, "context": None})
    assert gwmock.invoke("GET", simple_url, headers={"x-token": "t"}).json() == {"lambda": None}


def test_an_authorizer_that_overruns_its_time_is_an_internal_error(gwmock, simple_url, monkeypatch):
    monkeypatch.setattr(auth, "AUTHORIZER_TIMEOUT_MS", 50)
    _answering(gwmock, lambda event, context: time.sleep(0.3) or {"isAuthorized": True})
    started = time.monotonic()
    response = gwmock.invoke("GET", simple_url, headers={"x-token": "t"})
    assert (response.status, response.json()) == (500, {"message": "Internal Server Error"})
    assert time.monotonic() - started < 0.3
    _still_serves(gwmock, simple_url)


def _policy(*statements, **extra):
    return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": list(statements)}, **extra}


def _allow(resource="*", action="execute-api:Invoke", effect="Allow"):
    return {"Effect": effect, "Action": action, "Resource": resource}


@pytest.mark.parametrize("answer", [
    {"principalId": "me"}, {"policyDocument": "allow"}, {"policyDocument": {"Statement": "Allow"}},
    _policy(_allow(effect="allow")), _policy({"Action": "*", "Resource": "*"}), _policy(_allow(), "x"),
    {"policyDocument": {"Statement": [_allow()]}, "context": ["not", "a", "map"]}, {"isAuthorized": True},
])
def test_policy_answers_of_the_wrong_shape_are_internal_errors(gwmock, policy_url, answer):
    _answering(gwmock, answer)
    response = gwmock.invoke("GET", policy_url, headers={"x-token": "t"})
    assert (response.status, response.json()) == (500, {"message": "Internal Server Error"})
    _still_serves(gwmock, policy_url)


@pytest.mark.parametrize("statements", [
    [], [_allow(action="execute-api:ManageConnections")], [_allow(action={"a": 1})], [_allow(resource=None)],
    [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}], [_allow(resource=["x"] * 20_000)],
    [_allow(), _allow(effect="Deny", resource="arn:aws:execute-api:*:*:*/*/GET/*")],
    [_allow(resource="*" + "a*" * 200 + "b")], [_allow(resource=["a?" * 50_000 + str(i) for i in range(20)])],
])
def test_policies_without_a_matching_allow_or_with_a_deny_are_forbidden_at_once(gwmock, policy_url, statements):
    _answering(gwmock, _policy(*statements))
    started = time.monotonic()
    response = gwmock.invoke("GET", policy_url, headers={"x-token": "t"})
    assert (response.status, response.json()) == (403, {"message": "Forbidden"})
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("statement", [
    _allow(), _allow(action="*"), _allow(action=["s3:GetObject", "execute-api:*"]),
    {**_allow(), "Resource": [f"arn:aws:execute-api:{REGION}:{ACCOUNT}:*/$default/GET/pets"]},
])
def test_policies_with_a_matching_allow_pass_with_principal_and_context(gwmock, policy_url, statement):
    _answering(gwmock, {**_policy(statement), "context": {"tier": "gold"}})
    response = gwmock.invoke("GET", policy_url, headers={"x-token": "t"})
    assert (response.status, response.json()) == (200, {"lambda": {"tier": "gold"}, "principalId": "me"})


def test_a_single_statement_object_is_read_as_a_list_of_one(gwmock, policy_url):
    _answering(gwmock, {"principalId": "me", "policyDocument": {"Statement": _allow()}})
    assert gwmock.invoke("GET", policy_url, headers={"x-token": "t"}).status == 200


# --- data plane: identity sources and the cache ---------------------------------------------------


def test_every_identity_source_form_is_read_and_required(apigatewayv2, gwmock, http_api):
    seen = []
    _answering(gwmock, lambda event, context: seen.append(event["identitySource"]) or {"isAuthorized": True})
    sources = ["$request.header.x-token", "$request.querystring.k", "$context.routeKey", "$stageVariables.tier"]
    authorizer = _lambda_authorizer(apigatewayv2, http_api, IdentitySource=sources, EnableSimpleResponses=True)
    url = _protected(apigatewayv2, gwmock, http_api, authorizer["AuthorizerId"])
    assert gwmock.invoke("GET", url + "?k=1&k=2", headers={"x-token": "t"}).status == 200
    assert seen == [["t", "1,2", "GET /pets", "gold"]]
    for query, headers in (("?k=", {"x-token": "t"}), ("?k=1", {"x-token": ""}), ("", {"x-token": "t"})):
        missing = gwmock.invoke("GET", url + query, headers=headers)
        assert (missing.status, missing.json()) == (401, {"message": "Unauthorized"})
    assert len(seen) == 1


def test_a_stage_variable_the_stage_lacks_is_a_missing_identity_source(apigatewayv2, gwmock, http_api):
    _answering(gwmock, {"isAuthorized": True})
    authorizer = _lambda_authorizer(apigatewayv2, http_api, IdentitySource=["$stageVariables.nope"],
                                    EnableSimpleResponses=True)
    url = _protected(apigatewayv2, gwmock, http_api, authorizer["AuthorizerId"])
    response = gwmock.invoke("GET", url)
    assert (response.status, response.json()) == (401, {"message": "Unauthorized"})


def test_cached_answers_are_keyed_by_every_identity_source(apigatewayv2, gwmock, http_api):
    calls = []
    _answering(gwmock, lambda event, context: calls.append(event["identitySource"]) or {"isAuthorized": True})
    authorizer = _lambda_authorizer(apigatewayv2, http_api, EnableSimpleResponses=True,
                                    AuthorizerResultTtlInSeconds=300,
                                    IdentitySource=["$request.header.x-token", "$request.querystring.k"])
    url = _protected(apigatewayv2, gwmock, http_api, authorizer["AuthorizerId"])
    for query, token in (("?k=1", "a"), ("?k=1", "a"), ("?k=2", "a"), ("?k=1", "b"), ("?k=2", "a")):
        assert gwmock.invoke("GET", url + query, headers={"x-token": token}).status == 200
    assert calls == [["a", "1"], ["a", "2"], ["b", "1"]]


def test_an_integration_changing_its_event_does_not_change_the_cached_answer(apigatewayv2, gwmock, http_api):
    """A cached answer serves later requests: what one request's integration does to the context it was
    given must not reach the next request's."""
    _answering(gwmock, {"isAuthorized": True, "context": {"user": {"roles": ["reader"]}}, "principalId": "p"})

    def meddling(event, context):
        lam = event["requestContext"]["authorizer"]["lambda"]
        seen = json.dumps(lam)
        lam["user"]["roles"].append("admin")
        lam["user"]["owned"] = True
        return {"statusCode": 200, "body": seen}

    authorizer = _lambda_authorizer(apigatewayv2, http_api, EnableSimpleResponses=True,
                                    AuthorizerResultTtlInSeconds=300)["AuthorizerId"]
    url = _protected(apigatewayv2, gwmock, http_api, authorizer)
    gwmock.add_lambda("echo", meddling)
    for _ in range(3):
        response = gwmock.invoke("GET", url, headers={"x-token": "t"})
        assert (response.status, response.json()) == (200, {"user": {"roles": ["reader"]}})


def test_the_cache_of_answers_stays_bounded_under_ever_new_identities(apigatewayv2, gwmock, http_api):
    calls = []
    _answering(gwmock, lambda event, context: calls.append(1) or {"isAuthorized": True})
    authorizer = _lambda_authorizer(apigatewayv2, http_api, EnableSimpleResponses=True,
                                    AuthorizerResultTtlInSeconds=3600)["AuthorizerId"]
    url = _protected(apigatewayv2, gwmock, http_api, authorizer)
    count = auth.AUTHORIZER_CACHE_MAX + 200
    for i in range(count):
        assert gwmock.invoke("GET", url, headers={"x-token": f"token-{i}"}).status == 200
    assert len(auth._CACHES[gwmock]) <= auth.AUTHORIZER_CACHE_MAX
    assert len(calls) == count
    assert gwmock.invoke("GET", url, headers={"x-token": f"token-{count - 1}"}).status == 200
    assert len(calls) == count  # the newest answers are kept


@FUZZ
@given(value=st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=200))
def test_fuzzed_identity_values_reach_the_function_or_answer_401(apigatewayv2, gwmock, simple_url, value):
    seen = []
    _answering(gwmock, lambda event, context: seen.append(event["identitySource"]) or {"isAuthorized": True})
    response = gwmock.invoke("GET", simple_url, headers={"x-token": value})
    if value.strip(" \t"):
        assert response.status == 200
        assert len(seen) == 1
    else:
        assert (response.status, response.json(), seen) == (401, {"message": "Unauthorized"}, [])


@pytest.mark.parametrize("value", [" ", "\t", "  \t "])
def test_a_blank_header_identity_is_missing(apigatewayv2, gwmock, simple_url, value):
    """A value of optional whitespace alone is no value over HTTP; ``gw.invoke`` passed it to the function."""
    seen = []
    _answering(gwmock, lambda event, context: seen.append(event) or {"isAuthorized": True})
    response = gwmock.invoke("GET", simple_url, headers={"x-token": value})
    assert (response.status, response.json(), seen) == (401, {"message": "Unauthorized"}, [])
