"""Attacks on JWT verification: HTTP API JWT authorizers (``runtime.http.auth``), REST Cognito
authorizers (``runtime.rest.authorizers``) and the key sets both check signatures with (``runtime.jwks``).

Whatever a client sends as a token, the answer is API Gateway's 401 ``{"message":"Unauthorized"}``
(or the documented 403 for a missing scope), never a 500 or a traceback, and the mock serves the next
request. AWS's rules ("Control access to HTTP APIs with JWT authorizers"): the identity source holds the
token or ``Bearer `` and the token; only RSA-based algorithms; ``kid`` must name a key of the issuer's
set; ``iss`` must match the Issuer; ``aud`` (or ``client_id``) one of the Audience; ``exp`` after and
``nbf``/``iat`` before the current time. The ``error_description`` texts are gwmock's guesses (see the
module docstrings).
"""

from __future__ import annotations

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime import jwks
from gwmock.runtime.jwks import JwksError
from tests.helpers import cognito_protected_api, jwt_protected_route

REGION = "us-east-1"
ACCOUNT = "123456789012"
ISSUER = "https://issuer.example.com"
POOL_ID = f"{REGION}_Attack1"
POOL_ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}"
POOL_ARN = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{POOL_ID}"

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def part(document) -> str:
    return b64(document if isinstance(document, bytes) else json.dumps(document).encode())


def number(value: int) -> str:
    return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def jwk(key, kid: str = "k1") -> dict:
    numbers = key.public_key().public_numbers()
    return {"kty": "RSA", "kid": kid, "use": "sig", "n": number(numbers.n), "e": number(numbers.e)}


def claims(**more) -> dict:
    base = {"iss": ISSUER, "aud": "app", "sub": "user-1", "exp": int(time.time()) + 600, **more}
    return {k: v for k, v in base.items() if v is not ...}


def sign(key, header: dict, body) -> str:
    """A token of ``header`` and ``body`` (claims, or the claims part's raw bytes) signed by ``key``."""
    signing_input = f"{part(header)}.{part(body)}"
    alg = header.get("alg", "RS256")
    digest = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}[alg[2:]]()
    scheme = padding.PKCS1v15() if alg.startswith("RS") else padding.PSS(padding.MGF1(digest), digest.digest_size)
    return f"{signing_input}.{b64(key.sign(signing_input.encode(), scheme, digest))}"


def unsigned(header, body, signature: str = "c2ln") -> str:
    return f"{part(header)}.{part(body)}.{signature}"


RS256 = {"alg": "RS256", "typ": "JWT", "kid": "k1"}


def echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


@pytest.fixture
def jwt_url(apigatewayv2, gwmock):
    gwmock.add_lambda("echo", echo)
    return jwt_protected_route(apigatewayv2, ISSUER, "app", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo",
                               "GET /me")


@pytest.fixture
def signed_url(gwmock, jwt_url):
    gwmock.add_jwks(ISSUER, {"keys": [jwk(KEY)]})
    return jwt_url


def call(gwmock, url, authorization):
    return gwmock.invoke("GET", url, headers={"Authorization": authorization})


def refusal(response) -> str:
    """The description of a JWT authorizer's 401; the challenge is plain ASCII, one line."""
    assert (response.status, response.json()) == (401, {"message": "Unauthorized"})
    challenge = response.headers["www-authenticate"]
    assert challenge.isascii() and challenge.isprintable() and len(challenge) < 200, challenge
    assert challenge.startswith('Bearer scope="" error="invalid_token" error_description="')
    return challenge.split('error_description="', 1)[1][:-1]


def still_serves(gwmock, url, key=KEY):
    good = call(gwmock, url, f"Bearer {sign(key, RS256, claims())}")
    assert good.status == 200, good.body
    assert good.json()["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] == "user-1"


# --- unsigned tokens and algorithm confusion -------------------------------------------------------


SIGNATURES = ["", "c2ln", b64(b"\0" * 256)]


def test_alg_none_is_refused_with_or_without_a_key_set(gwmock, jwt_url):
    tokens = [unsigned({"alg": "none", "kid": "k1"}, claims(), signature) for signature in SIGNATURES]
    for token in tokens:
        assert refusal(call(gwmock, jwt_url, token)) == "signing method none is invalid"
    gwmock.add_jwks(ISSUER, {"keys": [jwk(KEY)]})
    for token in tokens:
        assert refusal(call(gwmock, jwt_url, token)) == "signing method none is invalid"
    still_serves(gwmock, jwt_url)


def test_an_rs256_token_without_a_valid_signature_is_refused_once_keys_are_known(gwmock, signed_url):
    for signature in SIGNATURES:
        token = unsigned(RS256, claims(), signature)
        assert refusal(call(gwmock, signed_url, token)) == "crypto/rsa: verification error", signature
    still_serves(gwmock, signed_url)


def test_hs256_signed_with_the_public_key_pem_is_refused(gwmock, signed_url):
    pem = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    for secret in (pem, pem.strip(), json.dumps(jwk(KEY)).encode()):
        signing_input = f"{part({'alg': 'HS256', 'typ': 'JWT', 'kid': 'k1'})}.{part(claims(sub='admin'))}"
        mac = hmac.HMAC(secret, hashes.SHA256())
        mac.update(signing_input.encode())
        token = f"{signing_input}.{b64(mac.finalize())}"
        assert refusal(call(gwmock, signed_url, token)) == "signing method HS256 is invalid"
    still_serves(gwmock, signed_url)


ALGORITHMS = [
    ("ES256", "signing method ES256 is invalid"),
    ("HS512", "signing method HS512 is invalid"),
    ("EdDSA", "signing method EdDSA is invalid"),
    ("rs256", "signing method (alg) is unavailable."),
    ("RS257", "signing method (alg) is unavailable."),
    ("RS256 ", "signing method (alg) is unavailable."),
    ("", "signing method (alg) is unavailable."),
    ("x\"\r\nSet-Cookie: session=stolen", "signing method (alg) is unavailable."),
    ("\u2603", "signing method (alg) is unavailable."),
    ("A" * 20_000, "signing method (alg) is unavailable."),
    (256, "signing method (alg) is unspecified."),
    (["RS256"], "signing method (alg) is unspecified."),
    ({"RS256": True}, "signing method (alg) is unspecified."),
    (True, "signing method (alg) is unspecified."),
    (None, "signing method None is invalid"),
]


def test_algorithms_other_than_rsa_are_refused_and_never_echoed_raw(gwmock, signed_url):
    # The description names a registered algorithm only: a header's text never reaches the response
    # header (a CR LF would split it, a non-ASCII character breaks clients such as httpx).
    for alg, description in ALGORITHMS:
        token = unsigned({"alg": alg, "kid": "k1"}, claims())
        assert refusal(call(gwmock, signed_url, token)) == description, alg
    still_serves(gwmock, signed_url)


def test_a_hostile_alg_does_not_break_an_http_client(gwmock, jwt_url):
    httpx = pytest.importorskip("httpx")
    for alg in ("\u2603", "\ud800", "x\r\nX-Injected: 1"):
        token = unsigned({"alg": alg, "kid": "k1"}, claims())
        answer = httpx.get(jwt_url, headers={"Authorization": token})
        assert answer.status_code == 401
        assert "x-injected" not in answer.headers
        assert answer.headers["www-authenticate"].endswith('error_description="signing method (alg) is unavailable."')


# --- kid -------------------------------------------------------------------------------------------


def test_a_kid_that_is_not_a_name_is_refused(gwmock, jwt_url):
    for kid in (7, ["k1"], {"k1": 1}, True, None, ""):
        header = {"alg": "RS256"} if kid is None else {"alg": "RS256", "kid": kid}
        assert refusal(call(gwmock, jwt_url, unsigned(header, claims()))) == "kid header not found in token", kid


def test_a_kid_the_set_lacks_is_refused(gwmock, signed_url):
    for kid in ("k2", "K1", "k1 ", "x" * 20_000, "\u2603"):
        token = sign(KEY, {"alg": "RS256", "kid": kid}, claims())
        assert refusal(call(gwmock, signed_url, token)) == "kid header not found in jwks", kid[:10]
    still_serves(gwmock, signed_url)


# --- what is not base64url JSON --------------------------------------------------------------------


def _body(**more) -> str:
    return part(claims(**more))


STRING_JSON = b'"RS256"'
TRAILING_JSON = b'{"iss": "x"} trailing'
LATIN_1_JSON = b'{"sub": "\xff"}'


MALFORMED = [
    f"{part(RS256)}.{_body()}!.c2ln",                              # a character outside base64url
    f"{part(RS256)}.{_body().replace('e', '+', 1)}.c2ln",         # the standard alphabet's + and /
    f"{part(RS256)[:10]} {part(RS256)[10:]}.{_body()}.c2ln",      # whitespace inside a part
    f"{part(RS256)}.{_body()}\u00e9.c2ln",                        # non-ASCII
    f"{part(RS256)}.{_body()}===.c2ln",                           # padding that does not fit
    f"{part(RS256)}.=.c2ln",
    f"{part(RS256)}.{part(b'not json')}.c2ln",
    f"{part(RS256)}.{part(b'[1, 2]')}.c2ln",                       # JSON, not an object
    f"{part(b'null')}.{_body()}.c2ln",
    f"{part(STRING_JSON)}.{_body()}.c2ln",
    f"{part(RS256)}.{part(TRAILING_JSON)}.c2ln",
    f"{part(RS256)}.{part(json.dumps(claims()).encode('utf-16'))}.c2ln",  # JSON, not UTF-8
    f"{part(RS256)}.{part(LATIN_1_JSON)}.c2ln",                  # bytes that are not UTF-8
    f"{part(RS256)}..c2ln",
    "..",
]


def test_parts_that_are_not_base64url_json_objects_are_malformed(gwmock, jwt_url):
    for token in MALFORMED:
        assert refusal(call(gwmock, jwt_url, token)) == "token is malformed", token
    still_serves(gwmock, jwt_url)


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 4)


def test_padded_parts_are_read_as_the_go_library_reads_them(gwmock, signed_url):
    # guess (jwt-go's DecodeSegment): a part carrying its "=" padding decodes as without it; the
    # signature covers the parts as sent
    signing_input = f"{_padded(part(RS256))}.{_padded(part(claims()))}"
    assert "=" in signing_input
    signature = KEY.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    padded = f"{signing_input}.{_padded(b64(signature))}"
    assert call(gwmock, signed_url, padded).status == 200
    unpadded = f"{part(RS256)}.{part(claims())}.{b64(signature)}"  # the same signature, other text
    assert refusal(call(gwmock, signed_url, unpadded)) == "crypto/rsa: verification error"


DEEP_MEMBER = b', "deep": '


@pytest.mark.parametrize("where", ["header", "claims", "claim"])
def test_deeply_nested_json_is_malformed_not_a_recursion_error(gwmock, jwt_url, where):
    for depth in (33, 2_000, 20_000):
        nested = b"[" * depth + b"]" * depth
        if where == "header":
            token = f"{part(nested)}.{_body()}.c2ln"
        elif where == "claims":
            token = f"{part(RS256)}.{part(nested)}.c2ln"
        else:
            token = f"{part(RS256)}.{part(json.dumps(claims())[:-1].encode() + DEEP_MEMBER + nested + b'}')}.c2ln"
        assert refusal(call(gwmock, jwt_url, token)) == "token is malformed", depth
    still_serves(gwmock, jwt_url)


def test_nested_claims_of_a_real_shape_pass_as_json_text(gwmock, jwt_url):
    deep: object = "leaf"
    for _ in range(10):
        deep = {"level": [deep]}
    answer = call(gwmock, jwt_url, unsigned(RS256, claims(realm_access=deep)))
    assert answer.status == 200
    assert answer.json()["requestContext"]["authorizer"]["jwt"]["claims"]["realm_access"] == json.dumps(
        deep, separators=(",", ":"))


def test_a_1_mb_token_is_refused_without_being_read(gwmock, signed_url):
    # A valid, signed token that is too large: refused for its size (what HTTP carries; gwmock's server
    # answers 431 above 32 KB of headers), not decoded, verified and passed on.
    huge = sign(KEY, RS256, claims(padding="x" * 1_000_000))
    assert refusal(call(gwmock, signed_url, huge)) == "token is malformed"
    also_huge = f"{part(RS256)}.{'A' * 1_000_000}.c2ln"
    assert refusal(call(gwmock, signed_url, also_huge)) == "token is malformed"
    still_serves(gwmock, signed_url)


def test_a_token_of_ordinary_size_with_many_claims_passes(gwmock, signed_url):
    token = sign(KEY, RS256, claims(**{f"c{i}": "v" * 20 for i in range(200)}))
    assert 8_000 < len(token) < 16_000
    assert call(gwmock, signed_url, token).status == 200


def test_tokens_of_other_than_three_parts_are_refused(gwmock, jwt_url):
    for token in ("a.b", "a.b.c.d", f"{part(RS256)}.{_body()}", f"{part(RS256)}.{_body()}.c2ln.x", "....", "a" * 5000,
                  "." * 5000):
        assert refusal(call(gwmock, jwt_url, token)) == "token contains an invalid number of segments", token[:20]


# --- time claims -----------------------------------------------------------------------------------


def _raw_claims(**raw: str) -> bytes:
    """Claims JSON with members written as raw JSON text (NaN, 1e400, 400-digit numbers)."""
    base = json.dumps({"iss": ISSUER, "aud": "app", "sub": "user-1"})[:-1]
    return (base + "".join(f', "{name}": {text}' for name, text in raw.items()) + "}").encode()


@pytest.mark.parametrize("name", ["exp", "nbf", "iat"])
def test_time_claims_that_are_not_finite_numbers_are_malformed(gwmock, signed_url, name):
    for text in ("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "9" * 400, "-" + "9" * 400, "9" * 5000,
                 '"1700000000"', '"soon"', "true", "false", "null", "[1]", "{}"):
        token = sign(KEY, RS256, _raw_claims(**{name: text}))
        assert refusal(call(gwmock, signed_url, token)) == "token is malformed", text[:12]
    still_serves(gwmock, signed_url)


def test_time_claims_as_floats_are_numbers(gwmock, signed_url):
    now = time.time()
    fractional = sign(KEY, RS256, claims(exp=now + 600.5, nbf=now - 0.5, iat=now - 1.5))
    assert call(gwmock, signed_url, fractional).status == 200
    expired = sign(KEY, RS256, claims(exp=now - 0.5))
    assert refusal(call(gwmock, signed_url, expired)) == "Token is expired"


def test_a_token_issued_in_the_future_is_refused(gwmock, signed_url):
    # AWS: "iat - Must be before the current time in UTC" (description: jwt-go's, a guess)
    token = sign(KEY, RS256, claims(iat=int(time.time()) + 3600))
    assert refusal(call(gwmock, signed_url, token)) == "Token used before issued"
    assert call(gwmock, signed_url, sign(KEY, RS256, claims(iat=int(time.time()) - 5))).status == 200


def test_a_token_without_time_claims_passes(gwmock, signed_url):
    assert call(gwmock, signed_url, sign(KEY, RS256, claims(exp=...))).status == 200


# --- issuer and audience ---------------------------------------------------------------------------


def test_the_issuer_must_match_exactly(gwmock, signed_url):
    for iss in (ISSUER + "/", ISSUER.upper(), ISSUER + " ", ..., None, 1, [ISSUER]):
        token = sign(KEY, RS256, claims(iss=iss))
        assert refusal(call(gwmock, signed_url, token)) == "the token does not have a valid issuer", iss


def test_an_issuer_configured_with_a_trailing_slash_wants_it_in_the_token(gwmock, apigatewayv2):
    gwmock.add_lambda("echo", echo)
    url = jwt_protected_route(apigatewayv2, ISSUER + "/", "app", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo",
                              "GET /me")
    gwmock.add_jwks(ISSUER, {"keys": [jwk(KEY)]})  # the keys are found either way
    assert refusal(call(gwmock, url, sign(KEY, RS256, claims()))) == "the token does not have a valid issuer"
    assert call(gwmock, url, sign(KEY, RS256, claims(iss=ISSUER + "/"))).status == 200
    assert refusal(call(gwmock, url, sign(OTHER_KEY, RS256, claims(iss=ISSUER + "/")))) == (
        "crypto/rsa: verification error")


AUDIENCES = [
    (["other", "app"], ..., 200),
    ("app", ..., 200),
    (["other"], ..., 401),
    ([], ..., 401),
    (None, "app", 401),          # a null aud is an aud: client_id is not read (guess)
    (..., "app", 200),
    (..., ["app"], 401),
    (..., None, 401),
    (0, ..., 401),
    (["app", 1], ..., 401),     # the Go library's reading: a list holding a non-string is no audience
    ({"app": "app"}, ..., 401),
    (True, ..., 401),
]


def test_audience_shapes(gwmock, jwt_url):
    for aud, client_id, status in AUDIENCES:
        answer = call(gwmock, jwt_url, unsigned(RS256, claims(aud=aud, client_id=client_id)))
        assert answer.status == status, (aud, client_id)
        if status == 401:
            assert refusal(answer) == "the token does not have a valid audience"


def test_numbers_do_not_stand_for_audience_text(gwmock, apigatewayv2):
    gwmock.add_lambda("echo", echo)
    url = jwt_protected_route(apigatewayv2, ISSUER, "123", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo",
                              "GET /me")
    assert refusal(call(gwmock, url, unsigned(RS256, claims(aud=123)))) == "the token does not have a valid audience"
    nobody = jwt_protected_route(apigatewayv2, ISSUER, "None", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo",
                                 "GET /me")
    assert refusal(call(gwmock, nobody, unsigned(RS256, claims(aud=None)))) == (
        "the token does not have a valid audience")
    assert call(gwmock, url, unsigned(RS256, claims(aud="123"))).status == 200


# --- the Authorization header ---------------------------------------------------------------------


def test_the_token_alone_or_after_bearer_passes(gwmock, signed_url):
    for template in ("Bearer {}", "bearer {}", "BEARER {}", "Bearer   {}", "{}", " Bearer {} ", "{}\t"):
        assert call(gwmock, signed_url, template.format(sign(KEY, RS256, claims()))).status == 200, template


AUTHORIZATION_VALUES = [
    ("", None),
    ("   ", None),
    ("Bearer", "token contains an invalid number of segments"),
    ("Bearer ", "token contains an invalid number of segments"),
    ("Basic dXNlcjpwYXNz", "token contains an invalid number of segments"),
    ("Basic {}", "token is malformed"),
    ("Bearer\t{}", "token is malformed"),
    ("Bearer Bearer {}", "token is malformed"),
    ("{0},{0}", "token contains an invalid number of segments"),
]


def test_other_authorization_values_are_refused(gwmock, signed_url):
    for value, description in AUTHORIZATION_VALUES:
        answer = call(gwmock, signed_url, value.format(sign(KEY, RS256, claims())))
        if description is None:
            assert (answer.status, answer.json(), answer.headers["www-authenticate"]) == (
                401, {"message": "Unauthorized"}, "Bearer"), value
        else:
            assert refusal(answer) == description, value
    still_serves(gwmock, signed_url)


def test_repeated_authorization_lines_are_refused(gwmock, signed_url):
    urllib3 = pytest.importorskip("urllib3")
    token = sign(KEY, RS256, claims())
    lines = urllib3.HTTPHeaderDict()
    lines.add("Authorization", f"Bearer {token}")
    lines.add("Authorization", f"Bearer {token}")
    answer = urllib3.PoolManager().request("GET", signed_url, headers=lines)
    assert answer.status == 401
    assert answer.headers["www-authenticate"].endswith('"token contains an invalid number of segments"')
    still_serves(gwmock, signed_url)


# --- key sets given with add_jwks -----------------------------------------------------------------


def test_a_set_of_ec_and_oct_keys_only_refuses_every_token(gwmock, jwt_url):
    ec = {"kty": "EC", "kid": "k1", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
          "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}
    oct_key = {"kty": "oct", "kid": "k1", "k": b64(b"secret" * 6)}
    gwmock.add_jwks(ISSUER, {"keys": [ec, oct_key]})
    assert gwmock.jwks[ISSUER] == {}
    assert refusal(call(gwmock, jwt_url, sign(KEY, RS256, claims()))) == "kid header not found in jwks"
    hs = unsigned({"alg": "HS256", "kid": "k1"}, claims())
    assert refusal(call(gwmock, jwt_url, hs)) == "signing method HS256 is invalid"


@pytest.mark.parametrize("modulus", [2**520 + 1, 3 * 5 * 7 * 11 * 13 * 17 * 19 * 23, 2**1023 + 1, 2**2047 + 1],
                         ids=["521-bit", "27-bit", "1024-bit", "2048-bit"])
def test_a_key_too_small_for_the_digest_refuses_instead_of_failing(gwmock, jwt_url, modulus):
    # PSS with SHA-512 needs 130 bytes of modulus: cryptography raises ValueError for less
    gwmock.add_jwks(ISSUER, {"keys": [{"kty": "RSA", "kid": "k1", "n": number(modulus), "e": "AQAB"}]})
    for alg in sorted(jwks.RSA_ALGORITHMS):
        for signature in ("", "AA", b64(b"\x01" * 65), b64(b"\xff" * 300)):
            token = unsigned({"alg": alg, "kid": "k1"}, claims(), signature)
            assert refusal(call(gwmock, jwt_url, token)) == "crypto/rsa: verification error"
    gwmock.add_jwks(ISSUER, {"keys": [jwk(KEY)]})
    still_serves(gwmock, jwt_url)


def test_a_huge_modulus_or_odd_members_are_refused_when_added(gwmock):
    gwmock.add_jwks(ISSUER, {"keys": [jwk(KEY)]})
    good = jwk(KEY)
    for entry, message in [
        ({**good, "n": number(2**8193 + 1)}, "8192 bits"),
        ({**good, "e": 65537}, "base64url number"),
        ({**good, "e": "AQAB.5"}, "base64url number"),
        ({**good, "e": number(2)}, "small odd number"),
        ({**good, "e": "AQ"}, "small odd number"),
        ({k: v for k, v in good.items() if k != "n"}, "base64url number"),
        ({k: v for k, v in good.items() if k != "e"}, "base64url number"),
        ({k: v for k, v in good.items() if k != "kid"}, "needs a kid"),
        ({**good, "kid": 5}, "needs a kid"),
        ({**good, "n": good["n"].replace("-", "+").replace("_", "/") + "+"}, "base64url number"),
        ({**good, "n": "AA"}, "n must be"),
    ]:
        with pytest.raises(JwksError, match=message):
            gwmock.add_jwks(ISSUER, {"keys": [entry]})
        assert list(gwmock.jwks[ISSUER]) == ["k1"]  # the set given before is kept


@pytest.mark.parametrize("document", ["[" * 100_000 + "]" * 100_000, '{"keys": ' + "[" * 5000 + "]" * 5000 + "}",
                                      b"\xff\xfe" + "{}".encode("utf-16-le"), '{"keys": NaN}'],
                         ids=["deep", "deep-keys", "utf-16", "nan"])
def test_key_set_text_that_is_not_a_set_is_a_jwks_error(gwmock, document):
    gwmock.add_jwks(ISSUER, {"keys": [jwk(KEY)]})
    with pytest.raises(JwksError, match="JSON Web Key Set"):
        gwmock.add_jwks(ISSUER, document)
    assert list(gwmock.jwks[ISSUER]) == ["k1"]


def test_thousands_of_keys_are_refused_and_the_old_set_kept(gwmock, signed_url):
    with pytest.raises(JwksError, match="at most 100 keys"):
        gwmock.add_jwks(ISSUER, {"keys": [{"kty": "oct", "kid": str(i), "k": "AA"} for i in range(5000)]})
    still_serves(gwmock, signed_url)


def test_keys_sharing_a_kid_each_verify_their_tokens(gwmock, jwt_url):
    # guess: a kid names every key of the set carrying it (a set mid-rotation may repeat one)
    gwmock.add_jwks(ISSUER, {"keys": [jwk(OTHER_KEY, "k1"), jwk(KEY, "k1")]})
    assert list(gwmock.jwks[ISSUER]) == ["k1"]
    still_serves(gwmock, jwt_url, KEY)
    still_serves(gwmock, jwt_url, OTHER_KEY)
    third = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    assert refusal(call(gwmock, jwt_url, sign(third, RS256, claims()))) == "crypto/rsa: verification error"


def test_the_server_option_reports_a_key_set_file_that_nests_too_deep(tmp_path, capsys):
    pytest.importorskip("uvicorn")
    from gwmock.__main__ import main
    from gwmock.mock import active

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000)
    assert main(["serve", "--port", "0", "--jwks", f"{ISSUER}={deep}"]) == 2  # refused before serving
    assert "--jwks https://issuer.example.com: add_jwks takes a JSON Web Key Set" in capsys.readouterr().err
    assert active() is None


# --- fuzzing ---------------------------------------------------------------------------------------


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4),
                     max_leaves=12)
_claims = st.fixed_dictionaries({}, optional={
    "iss": st.sampled_from([ISSUER, ISSUER + "/", ""]) | _json, "aud": st.sampled_from(["app", ["app"]]) | _json,
    "client_id": _json, "exp": st.integers() | _json, "nbf": st.integers() | _json, "iat": st.integers() | _json,
    "scope": _json, "scp": _json, "sub": _json})
_headers = st.fixed_dictionaries({}, optional={"alg": st.sampled_from(sorted(jwks.RSA_ALGORITHMS)) | _json,
                                               "kid": st.just("k1") | _json, "typ": _json, "crit": _json})


@FUZZ
@given(header=_headers, body=_claims, signed_by_key=st.booleans())
def test_fuzzed_headers_and_claims_answer_200_or_401(gwmock, signed_url, header, body, signed_by_key):
    alg = header.get("alg")
    if signed_by_key and isinstance(alg, str) and alg in jwks.RSA_ALGORITHMS:
        token = sign(KEY, header, body)
    else:
        token = unsigned(header, body)
    answer = call(gwmock, signed_url, token)
    assert answer.status in (200, 401), answer.body
    if answer.status == 401:
        refusal(answer)


@FUZZ
@given(token=st.text(max_size=300) | st.lists(st.text(alphabet="AZaz09-_=+/. ", max_size=60), min_size=1,
                                                max_size=5).map(".".join))
def test_fuzzed_token_text_answers_401(gwmock, signed_url, token):
    answer = call(gwmock, signed_url, token)
    assert (answer.status, answer.json()) == (401, {"message": "Unauthorized"})
    assert answer.headers["www-authenticate"].isascii()


@FUZZ
@given(document=_json | st.fixed_dictionaries({"keys": st.lists(st.fixed_dictionaries(
    {"kty": st.sampled_from(["RSA", "EC", "oct"]) | _json}, optional={
        "kid": st.sampled_from(["k1", "k2"]) | _json, "n": st.sampled_from([jwk(KEY)["n"], "AA", "+/"]) | _json,
        "e": st.sampled_from(["AQAB", "Aw", "AA"]) | _json, "use": st.sampled_from(["sig", "enc"]) | _json}),
    max_size=4)}))
def test_fuzzed_key_sets_are_read_or_refused_with_a_jwks_error(document):
    for given_as in (document, json.dumps(document)):
        try:
            keys = jwks.parse(given_as)
        except JwksError:
            continue
        assert all(isinstance(kid, str) and kid for kid in keys)


# --- REST Cognito authorizers ----------------------------------------------------------------------


@pytest.fixture
def cognito_url(apigateway, gwmock):
    gwmock.add_lambda("echo", echo)
    url = cognito_protected_api(apigateway, POOL_ARN, f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:echo")
    gwmock.add_jwks(POOL_ISSUER, {"keys": [jwk(KEY)]})
    return url


def _pool(**more) -> dict:
    return {"iss": POOL_ISSUER, "sub": "user-1", "token_use": "id", "exp": int(time.time()) + 600, **more}


def _rest_refused(response):
    assert (response.status, response.json()) == (401, {"message": "Unauthorized"})


def test_cognito_refuses_unsigned_and_confused_tokens(gwmock, cognito_url):
    pem = KEY.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input = f"{part({'alg': 'HS256', 'kid': 'k1'})}.{part(_pool(sub='admin'))}"
    mac = hmac.HMAC(pem, hashes.SHA256())
    mac.update(signing_input.encode())
    for token in (f"{signing_input}.{b64(mac.finalize())}", unsigned({"alg": "none", "kid": "k1"}, _pool(), ""),
                  unsigned(RS256, _pool(), ""), unsigned({"alg": "rs256", "kid": "k1"}, _pool()),
                  sign(KEY, {"alg": "RS256", "kid": ["k1"]}, _pool()), sign(OTHER_KEY, RS256, _pool())):
        _rest_refused(gwmock.invoke("GET", cognito_url, headers={"Authorization": token}))
    good = gwmock.invoke("GET", cognito_url, headers={"Authorization": sign(KEY, RS256, _pool())})
    assert good.status == 200
    assert good.json()["requestContext"]["authorizer"]["claims"]["sub"] == "user-1"


@pytest.mark.parametrize("modulus", [2**520 + 1, 2**1023 + 1], ids=["521-bit", "1024-bit"])
def test_cognito_with_a_key_too_small_for_pss_refuses(gwmock, cognito_url, modulus):
    gwmock.add_jwks(POOL_ISSUER, {"keys": [{"kty": "RSA", "kid": "k1", "n": number(modulus), "e": "AQAB"}]})
    for alg in ("PS512", "PS384", "RS512"):
        _rest_refused(gwmock.invoke("GET", cognito_url, headers={
            "Authorization": unsigned({"alg": alg, "kid": "k1"}, _pool(), b64(b"\x01" * 66))}))


def test_cognito_tokens_sharing_a_kid_verify_with_either_key(gwmock, cognito_url):
    gwmock.add_jwks(POOL_ISSUER, {"keys": [jwk(KEY), jwk(OTHER_KEY)]})
    for key in (KEY, OTHER_KEY):
        assert gwmock.invoke("GET", cognito_url, headers={"Authorization": sign(key, RS256, _pool())}).status == 200


def test_cognito_deeply_nested_claims_are_refused(gwmock, cognito_url):
    token = f"{part(RS256)}.{part(b'[' * 100_000 + b']' * 100_000)}.c2ln"
    _rest_refused(gwmock.invoke("GET", cognito_url, headers={"Authorization": token}))


@pytest.mark.parametrize("exp", ["NaN", "Infinity", "1e400"])
def test_cognito_tokens_that_never_expire_are_refused(gwmock, cognito_url, exp):
    body = (json.dumps(_pool())[:-1].replace(', "exp": ', ', "old": ') + f', "exp": {exp}}}').encode()
    _rest_refused(gwmock.invoke("GET", cognito_url, headers={"Authorization": sign(KEY, RS256, body)}))
