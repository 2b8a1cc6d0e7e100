"""Tokens made the way users make them, with PyJWT, against JWT and Cognito authorizers whose issuer's
keys the test gives gwmock (``gw.add_jwks``) as PyJWT writes them (``RSAAlgorithm.to_jwk``); the
claims reach a Powertools app behind the authorizer as AWS passes them."""

from __future__ import annotations

import time

import pytest
import requests

jwt = pytest.importorskip("jwt")
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from jwt.algorithms import RSAAlgorithm  # noqa: E402

from tests.helpers import jwt_protected_route  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
ISSUER = "https://tenant.auth.example.com/"
SIGNING = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ATTACKER = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RETIRED = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # still published, no longer used

app = APIGatewayHttpResolver()


@app.get("/whoami")
def whoami() -> dict:
    claims = app.current_event.request_context.authorizer.jwt_claim
    return {"sub": claims["sub"], "scopes": app.current_event.request_context.authorizer.jwt_scopes}


def handler(event, context):
    return app.resolve(event, context)


def key_set(*keys: tuple[str, rsa.RSAPrivateKey]) -> dict:
    return {"keys": [{**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": kid, "use": "sig"}
                     for kid, key in keys]}


def token(key: rsa.RSAPrivateKey, kid: str = "2026-12", algorithm: str = "RS256", **claims) -> str:
    body = {"iss": ISSUER, "aud": "api://orders", "sub": "user-42", "scope": "orders:read",
            "exp": int(time.time()) + 300, "iat": int(time.time()), **claims}
    return jwt.encode(body, key, algorithm=algorithm, headers={"kid": kid})


@pytest.fixture
def url(apigatewayv2, gwmock):
    gwmock.add_lambda("orders", handler)
    gwmock.add_jwks(ISSUER, key_set(("2026-11", RETIRED), ("2026-12", SIGNING)))
    return jwt_protected_route(apigatewayv2, ISSUER, "api://orders",
                               f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders", "GET /whoami",
                               scopes=["orders:read"])


@pytest.mark.parametrize("algorithm", ["RS256", "RS512", "PS256"])
def test_pyjwt_tokens_signed_by_the_issuer_pass(url, algorithm):
    response = requests.get(url, headers={"Authorization": f"Bearer {token(SIGNING, algorithm=algorithm)}"},
                            timeout=5)
    assert response.status_code == 200
    assert response.json() == {"sub": "user-42", "scopes": ["orders:read"]}


@pytest.mark.parametrize("forged, description", [
    (lambda: token(ATTACKER), "crypto/rsa: verification error"),
    (lambda: token(ATTACKER, kid="attacker"), "kid header not found in jwks"),
    (lambda: jwt.encode({"iss": ISSUER, "aud": "api://orders", "sub": "x", "scope": "orders:read"},
                        "shared-secret-of-32-bytes-or-more!", algorithm="HS256", headers={"kid": "2026-12"}),
     "signing method HS256 is invalid"),
])
def test_forged_pyjwt_tokens_are_refused(url, forged, description):
    response = requests.get(url, headers={"Authorization": f"Bearer {forged()}"}, timeout=5)
    assert (response.status_code, response.json()) == (401, {"message": "Unauthorized"})
    assert response.headers["www-authenticate"] == (
        f'Bearer scope="orders:read" error="invalid_token" error_description="{description}"')


def test_a_cognito_authorizer_checks_pyjwt_tokens_against_the_pool_keys(apigateway, gwmock):
    pool = f"{REGION}_AbCdEf123"
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pool}"
    gwmock.add_lambda("orders", lambda event, context: {
        "statusCode": 200, "body": event["requestContext"]["authorizer"]["claims"]["cognito:username"]})
    api = apigateway.create_rest_api(name="orders")
    resource = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="me")
    authorizer = apigateway.create_authorizer(
        restApiId=api["id"], name="pool", type="COGNITO_USER_POOLS",
        providerARNs=[f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{pool}"],
        identitySource="method.request.header.Authorization")
    apigateway.put_method(restApiId=api["id"], resourceId=resource["id"], httpMethod="GET",
                          authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer["id"])
    apigateway.put_integration(
        restApiId=api["id"], resourceId=resource["id"], httpMethod="GET", type="AWS_PROXY",
        integrationHttpMethod="POST", uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
                                          f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders/invocations")
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    gwmock.add_jwks(issuer, key_set(("pool-key", SIGNING)))
    me = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/prod/me"
    good = token(SIGNING, kid="pool-key", iss=issuer, token_use="id", **{"cognito:username": "ana"})
    answer = requests.get(me, headers={"Authorization": good}, timeout=5)
    assert (answer.status_code, answer.text) == (200, "ana")
    forged = token(ATTACKER, kid="pool-key", iss=issuer, token_use="id", **{"cognito:username": "admin"})
    refused = requests.get(me, headers={"Authorization": forged}, timeout=5)
    assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})
