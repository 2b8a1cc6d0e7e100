"""JWT signatures checked against key sets: ``gw.add_jwks`` for HTTP API JWT authorizers and REST
Cognito authorizers, and moto's own keys for Cognito pools made in moto."""

from __future__ import annotations

import base64
import json
import time

import boto3
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from gwmock.errors import GwmockError
from gwmock.runtime.jwks import JwksError
from tests.helpers import cognito_protected_api, jwt_protected_route

REGION = "us-east-1"
ACCOUNT = "123456789012"
ISSUER = "https://issuer.example.com"
POOL_ID = f"{REGION}_Pool7"
POOL_ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"
POOL_ARN = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{POOL_ID}"

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _number(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def jwk(key: rsa.RSAPrivateKey, kid: str = "k1") -> dict:
    numbers = key.public_key().public_numbers()
    return {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": _number(numbers.n), "e": _number(numbers.e)}


def signed(key: rsa.RSAPrivateKey, claims: dict, kid: str = "k1", alg: str = "RS256") -> str:
    header = {"alg": alg, "typ": "JWT", "kid": kid}
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    digest = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}[alg[2:]]()
    scheme = padding.PKCS1v15() if alg.startswith("RS") else padding.PSS(padding.MGF1(digest), digest.digest_size)
    return f"{signing_input}.{_b64(key.sign(signing_input.encode(), scheme, digest))}"


def claims(**more) -> dict:
    return {"iss": ISSUER, "aud": "app", "sub": "user-1", "exp": int(time.time()) + 600, **more}


def echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


# --- HTTP API JWT authorizers ------------------------------------------------------------------


@pytest.fixture
def jwt_url(apigatewayv2, gwmock):
    gwmock.add_lambda("echo", echo)
    return jwt_protected_route(apigatewayv2, ISSUER, "app", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo",
                               "GET /me")


def _refusal(response) -> str:
    assert (response.status, response.json()) == (401, {"message": "Unauthorized"})
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer scope="" error="invalid_token" error_description="')
    return challenge.split('error_description="', 1)[1].rstrip('"')


def test_without_a_key_set_the_signature_goes_unchecked(gwmock, jwt_url):
    forged = signed(OTHER_KEY, claims())
    assert gwmock.invoke("GET", jwt_url, headers={"Authorization": f"Bearer {forged}"}).status == 200


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"])
def test_a_token_signed_by_a_key_of_the_set_passes(gwmock, jwt_url, alg):
    gwmock.add_jwks(ISSUER, {"keys": [jwk(OTHER_KEY, "old"), jwk(KEY)]})
    response = gwmock.invoke("GET", jwt_url, headers={"Authorization": f"Bearer {signed(KEY, claims(), alg=alg)}"})
    assert response.status == 200
    assert response.json()["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] == "user-1"


def test_tokens_the_set_did_not_sign_are_refused(gwmock, jwt_url):
    gwmock.add_jwks(ISSUER + "/", {"keys": [jwk(KEY)]})  # a trailing slash does not count
    other_key = signed(OTHER_KEY, claims())
    assert _refusal(gwmock.invoke("GET", jwt_url, headers={"Authorization": other_key})) == (
        "crypto/rsa: verification error")
    unknown_kid = signed(KEY, claims(), kid="rotated")
    assert _refusal(gwmock.invoke("GET", jwt_url, headers={"Authorization": unknown_kid})) == (
        "kid header not found in jwks")
    good = signed(KEY, claims())
    head, _, signature = good.split(".")
    tampered = f"{head}.{_b64(json.dumps(claims(sub='admin')).encode())}.{signature}"
    assert _refusal(gwmock.invoke("GET", jwt_url, headers={"Authorization": tampered})) == (
        "crypto/rsa: verification error")
    garbled = good[:-4] + "!!!!"
    assert _refusal(gwmock.invoke("GET", jwt_url, headers={"Authorization": garbled})) == (
        "crypto/rsa: verification error")
    assert gwmock.invoke("GET", jwt_url, headers={"Authorization": good}).status == 200
    refused = [r for r in gwmock.requests if r.status == 401]
    assert len(refused) == 4


def test_the_signature_is_checked_before_the_claims(gwmock, jwt_url):
    # guess (the Go JWT library's order): a token no key signed is refused for that, whatever it claims
    gwmock.add_jwks(ISSUER, {"keys": [jwk(KEY)]})
    expired_forgery = signed(OTHER_KEY, claims(exp=1_000_000_000))
    assert _refusal(gwmock.invoke("GET", jwt_url, headers={"Authorization": expired_forgery})) == (
        "crypto/rsa: verification error")
    expired = signed(KEY, claims(exp=1_000_000_000))
    assert _refusal(gwmock.invoke("GET", jwt_url, headers={"Authorization": expired})) == "Token is expired"


def test_keys_of_another_issuer_do_not_count(gwmock, jwt_url):
    gwmock.add_jwks("https://someone-else.example.com", {"keys": [jwk(KEY)]})
    assert gwmock.invoke("GET", jwt_url, headers={"Authorization": signed(OTHER_KEY, claims())}).status == 200


# --- REST Cognito authorizers ------------------------------------------------------------------


@pytest.fixture
def cognito_url(apigateway, gwmock):
    return _cognito_api(apigateway, gwmock, POOL_ARN)


def _cognito_api(apigateway, gwmock, pool_arn: str) -> str:
    gwmock.add_lambda("echo", echo)
    return cognito_protected_api(apigateway, pool_arn, f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo")


def test_cognito_tokens_are_checked_against_the_pool_keys(gwmock, cognito_url):
    pool_claims = claims(iss=POOL_ISSUER, token_use="id")
    forged = signed(OTHER_KEY, pool_claims)
    assert gwmock.invoke("GET", cognito_url, headers={"Authorization": forged}).status == 200  # no keys yet
    gwmock.add_jwks(POOL_ISSUER, json.dumps({"keys": [jwk(KEY)]}))
    refused = gwmock.invoke("GET", cognito_url, headers={"Authorization": forged})
    assert (refused.status, refused.json()) == (401, {"message": "Unauthorized"})
    assert any("crypto/rsa: verification error" in line for line in gwmock.requests[-1].log)
    good = gwmock.invoke("GET", cognito_url, headers={"Authorization": signed(KEY, pool_claims)})
    assert good.status == 200
    assert good.json()["requestContext"]["authorizer"]["claims"]["sub"] == "user-1"


@pytest.mark.parametrize("header", [{"alg": "none", "kid": "k1"}, {"alg": "HS256", "kid": "k1"}, {"kid": "k1"},
                                    {"alg": "RS256", "kid": ["k1"]}, {"alg": "RS256", "kid": {"k": 1}},
                                    {"alg": "RS256"}])
def test_cognito_tokens_of_other_algorithms_are_refused_once_keys_are_known(gwmock, cognito_url, header):
    gwmock.add_jwks(POOL_ISSUER, {"keys": [jwk(KEY)]})
    body = _b64(json.dumps(claims(iss=POOL_ISSUER)).encode())
    token = f"{_b64(json.dumps(header).encode())}.{body}.{_b64(b'x' * 32)}"
    assert gwmock.invoke("GET", cognito_url, headers={"Authorization": token}).status == 401


# --- moto's Cognito ----------------------------------------------------------------------------


def test_tokens_moto_issues_are_verified_with_moto_keys(apigateway, apigatewayv2, gwmock):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        idp = boto3.client("cognito-idp", region_name=REGION)
        pool = idp.create_user_pool(PoolName="users")["UserPool"]
        client = idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="web",
                                             ExplicitAuthFlows=["ADMIN_NO_SRP_AUTH"])["UserPoolClient"]
        idp.admin_create_user(UserPoolId=pool["Id"], Username="ana", TemporaryPassword="Passw0rd!x",
                              MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool["Id"], Username="ana", Password="Passw0rd!x", Permanent=True)
        tokens = idp.admin_initiate_auth(UserPoolId=pool["Id"], ClientId=client["ClientId"],
                                         AuthFlow="ADMIN_NO_SRP_AUTH",
                                         AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!x"})
        id_token = tokens["AuthenticationResult"]["IdToken"]
        rest_url = _cognito_api(apigateway, gwmock, pool["Arn"])
        ok = gwmock.invoke("GET", rest_url, headers={"Authorization": id_token})
        assert ok.status == 200, ok.body
        assert ok.json()["requestContext"]["authorizer"]["claims"]["cognito:username"] == "ana"
        forged = signed(OTHER_KEY, json.loads(base64.urlsafe_b64decode(id_token.split(".")[1] + "==")),
                        kid="dummy")
        assert gwmock.invoke("GET", rest_url, headers={"Authorization": forged}).status == 401

        http_url = jwt_protected_route(apigatewayv2, f"https://cognito-idp.{REGION}.amazonaws.com/{pool['Id']}",
                                       client["ClientId"], f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo",
                                       "GET /me")
        assert gwmock.invoke("GET", http_url, headers={"Authorization": f"Bearer {id_token}"}).status == 200
        assert _refusal(gwmock.invoke("GET", http_url, headers={"Authorization": forged})) == (
            "crypto/rsa: verification error")


# --- add_jwks refuses what it cannot use, and keeps what it had --------------------------------


@pytest.mark.parametrize("document, message", [
    ("not json", "JSON Web Key Set"),
    ({"nokeys": []}, "JSON Web Key Set"),
    ([jwk(KEY)], "JSON Web Key Set"),
    ({"keys": [{**jwk(KEY), "kid": ""}]}, "needs a kid"),
    ({"keys": [{**jwk(KEY), "n": "***"}]}, "base64url number"),
    ({"keys": [{**jwk(KEY), "e": _number(65536)}]}, "small odd number"),
    ({"keys": [{**jwk(KEY), "e": _number(2**40 + 1)}]}, "small odd number"),
    ({"keys": [{**jwk(KEY), "n": _number(2**9000 + 1)}]}, "8192 bits"),
    ({"keys": [{**jwk(KEY), "n": "A" * 5000}]}, "base64url number"),
    ({"keys": [jwk(KEY, f"k{i}") for i in range(101)]}, "at most 100 keys"),
])
def test_add_jwks_refuses_sets_it_cannot_use(gwmock, document, message):
    gwmock.add_jwks(ISSUER, {"keys": [jwk(KEY)]})
    with pytest.raises(JwksError, match=message):
        gwmock.add_jwks(ISSUER, document)
    assert list(gwmock.jwks[ISSUER]) == ["k1"]


def test_add_jwks_needs_an_issuer_and_skips_keys_api_gateway_cannot_use(gwmock):
    with pytest.raises(GwmockError, match="issuer"):
        gwmock.add_jwks("  ", {"keys": []})
    ec_key = {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"}
    gwmock.add_jwks(ISSUER, {"keys": [ec_key, {**jwk(KEY, "enc"), "use": "enc"}, jwk(KEY)]})
    assert list(gwmock.jwks[ISSUER]) == ["k1"]
    gwmock.add_jwks(ISSUER, jwk(OTHER_KEY, "single"))  # one key alone is a set of one
    assert list(gwmock.jwks[ISSUER]) == ["single"]
