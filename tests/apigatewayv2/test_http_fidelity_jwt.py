"""JWT authorizer refusals carry ``www-authenticate`` (``gwmock.runtime.http.auth``).

AWS, "Troubleshooting issues with HTTP API JWT authorizers": ``www-authenticate: Bearer scope=""
error="invalid_token" error_description="the token does not have a valid audience"``, and "API Gateway
validates client_id only if aud is not present. When both aud and client_id are present, API Gateway
evaluates aud." Live probes in public deployment logs: no token answers ``www-authenticate: Bearer``;
``Bearer not-a-token`` answers ``error_description="token contains an invalid number of segments"``.
The other descriptions are guesses written in the module's docstring.
"""

from __future__ import annotations

import base64
import json
import time

import pytest

ACCOUNT = "123456789012"
ISSUER = "https://issuer.example.com"


def _b64(document) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


def token(**claims) -> str:
    return signed_as({"alg": "RS256", "typ": "JWT", "kid": "k1"}, **claims)


def signed_as(header, **claims) -> str:
    base = {"iss": ISSUER, "aud": "app", "exp": int(time.time()) + 600, "sub": "user-1"}
    base.update(claims)
    return f"{_b64(header)}.{_b64({k: v for k, v in base.items() if v is not None})}.sig"


def challenge(description: str, scope: str = "") -> str:
    return f'Bearer scope="{scope}" error="invalid_token" error_description="{description}"'


@pytest.fixture
def base(apigatewayv2, gwmock):
    region = apigatewayv2.meta.region_name
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200, "body": "in"})
    api_id = apigatewayv2.create_api(Name="jwt", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
        IntegrationUri=f"arn:aws:lambda:{region}:{ACCOUNT}:function:fn")["IntegrationId"]
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api_id, AuthorizerType="JWT", Name="jwt", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": ISSUER, "Audience": ["app", "client-9"]})["AuthorizerId"]
    for key, scopes in (("GET /open", []), ("GET /admin", ["admin", "root"])):
        apigatewayv2.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}",
                                  AuthorizationType="JWT", AuthorizerId=authorizer, AuthorizationScopes=scopes)
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return f"https://{api_id}.execute-api.{region}.amazonaws.com"


@pytest.mark.parametrize("headers", [{}, {"Authorization": ""}])
def test_a_missing_token_is_challenged_with_the_bare_scheme(gwmock, base, headers):
    answer = gwmock.invoke("GET", base + "/open", headers=headers)
    assert (answer.status, answer.json()) == (401, {"message": "Unauthorized"})
    assert answer.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("authorization", "description"), [
    (lambda: "Bearer not-a-token", "token contains an invalid number of segments"),
    (lambda: "a.b.c.d", "token contains an invalid number of segments"),
    (lambda: "Bearer %%%.***.sig", "token is malformed"),
    (lambda: token(aud="someone-else"), "the token does not have a valid audience"),
    (lambda: token(iss="https://other.example.com"), "the token does not have a valid issuer"),
    (lambda: token(exp=int(time.time()) - 10), "Token is expired"),
    (lambda: token(nbf=int(time.time()) + 600), "Token is not valid yet"),
    (lambda: token(exp="soon"), "token is malformed"),
], ids=["one-part", "four-parts", "not-base64", "audience", "issuer", "expired", "not-yet", "exp-not-a-number"])
def test_refused_tokens_say_why(gwmock, base, authorization, description):
    # made when the test runs, not at collection: a long run would expire them (and pass ``nbf``)
    answer = gwmock.invoke("GET", base + "/open", headers={"Authorization": authorization()})
    assert (answer.status, answer.json()) == (401, {"message": "Unauthorized"})
    assert answer.headers["www-authenticate"] == challenge(description)


@pytest.mark.parametrize(("header", "description"), [
    ({"alg": "none", "kid": "k1"}, "signing method none is invalid"),
    ({"alg": "HS256", "kid": "k1"}, "signing method HS256 is invalid"),
    ({"kid": "k1"}, "signing method None is invalid"),
    ({"alg": "RS256"}, "kid header not found in token"),
    ({"alg": "RS256", "kid": ""}, "kid header not found in token"),
], ids=["none", "hs256", "no-alg", "no-kid", "empty-kid"])
def test_only_rsa_tokens_naming_their_key_are_read(gwmock, base, header, description):
    # AWS: "Currently, only RSA-based algorithms are supported"; "kid - The token must have a header
    # claim that matches the key in the jwks_uri that signed the token".
    answer = gwmock.invoke("GET", base + "/open", headers={"Authorization": signed_as(header)})
    assert (answer.status, answer.json()) == (401, {"message": "Unauthorized"})
    assert answer.headers["www-authenticate"] == challenge(description)
    for alg in ("RS384", "RS512", "PS256"):
        assert gwmock.invoke("GET", base + "/open", headers={
            "Authorization": signed_as({"alg": alg, "kid": "k1"})}).status == 200


def test_the_first_failed_check_names_the_description(gwmock, base):
    expired_elsewhere = token(exp=int(time.time()) - 10, aud="someone-else", iss="https://other.example.com")
    answer = gwmock.invoke("GET", base + "/open", headers={"Authorization": expired_elsewhere})
    assert answer.headers["www-authenticate"] == challenge("Token is expired")
    wrong_both = token(aud="someone-else", iss="https://other.example.com")
    answer = gwmock.invoke("GET", base + "/open", headers={"Authorization": wrong_both})
    assert answer.headers["www-authenticate"] == challenge("the token does not have a valid issuer")


def test_the_challenge_names_the_routes_scopes(gwmock, base):
    answer = gwmock.invoke("GET", base + "/admin", headers={"Authorization": token(aud="nobody")})
    assert answer.status == 401
    assert answer.headers["www-authenticate"] == challenge("the token does not have a valid audience", "admin root")


def test_client_id_counts_only_without_aud(gwmock, base):
    both = gwmock.invoke("GET", base + "/open", headers={"Authorization": token(aud="someone-else", client_id="app")})
    assert (both.status, both.headers["www-authenticate"]) == (
        401, challenge("the token does not have a valid audience"))
    alone = gwmock.invoke("GET", base + "/open", headers={"Authorization": token(aud=None, client_id="client-9")})
    assert (alone.status, alone.body) == (200, b"in")
    assert "www-authenticate" not in alone.headers


def test_a_missing_scope_is_forbidden_without_a_challenge(gwmock, base):
    answer = gwmock.invoke("GET", base + "/admin", headers={"Authorization": token(scope="read")})
    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    assert "www-authenticate" not in answer.headers
