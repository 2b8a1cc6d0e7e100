"""JWT signatures checked against the JSON Web Key Sets a test gives (``gw.add_jwks``).

API Gateway fetches an issuer's keys itself (HTTP API JWT authorizers: ``{issuer}/.well-known/
openid-configuration`` -> ``jwks_uri``; REST Cognito authorizers: the user pool's keys) and
refuses a token that no key of that set signed. gwmock fetches nothing: keys reach it as data.

* ``gw.add_jwks(issuer, jwks)`` registers a set (``{"keys": [...]}``, one key, or its JSON text)
  for an issuer, written as the authorizer's ``Issuer`` (HTTP APIs) or as the ``iss`` of a Cognito
  pool of ``providerARNs`` (REST APIs); a trailing ``/`` does not count.
* A Cognito user pool made in moto's ``mock_aws`` has moto's keys without a call: moto signs the
  tokens it issues with one key pair and serves its public half at the pool's ``jwks.json``.
* An issuer with no keys known keeps the old behaviour: the token is decoded, its claims checked,
  its signature not (there is nothing to check it with).

Checked, in this order (guess: what is unsigned is not trusted, so the signature comes before the
claims): the header's ``kid`` names a key of the set, the key is an RSA signing key, the
signature (RS256/384/512: PKCS #1 v1.5; PS256/384/512: PSS, salt as long as the digest, RFC 7518
3.5) is valid for ``header.payload``. Only RSA keys are read: "Currently, only RSA-based
algorithms are supported" (AWS, JWT authorizers). A key of more than 8192 bits, or an exponent that
is not a small odd number, is refused when added (``JwksError``): a key is data, and a huge one
would make every request slow. A key too small for the token's padding and digest (PSS with SHA-512
needs 130 bytes of modulus) verifies nothing: "crypto/rsa: verification error", as Go's ``rsa.VerifyPSS``
answers. Several keys may share a ``kid`` (guess: a set mid-rotation): the token passes when one of them
signed it. Refusal descriptions are guesses in the Go JWT library's style, as the rest of ``http.auth``'s.

``json_part`` reads a token's header or claims as the Go library does, strictly (guesses where it
differs from Python's ``json``): base64url only (``+``, ``/``, spaces and other characters are
malformed; ``=`` padding is read when it fits, as jwt-go's ``DecodeSegment``), UTF-8 JSON, no
``NaN``/``Infinity`` and no number beyond a float64 (Go's ``encoding/json`` refuses both), nesting at
most ``MAX_DEPTH`` deep (Python's parser would otherwise raise ``RecursionError`` on a hostile
``[[[[...``), a part at most ``MAX_TOKEN`` characters.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import sys
from typing import TYPE_CHECKING, Any

from gwmock.errors import GwmockError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

MAX_KEY_BITS = 8192
MAX_KEYS = 100  # keys in one set: issuers publish two or three
# "Currently, only RSA-based algorithms are supported" (AWS, "Control access to HTTP APIs with JWT
# authorizers"): RSASSA PKCS#1 v1.5 and PSS.
RSA_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})

NO_KEY = "kid header not found in jwks"
BAD_SIGNATURE = "crypto/rsa: verification error"
# What HTTP carries: gwmock's server refuses more than 32 KB of headers (AWS documents 10 KB for REST APIs),
# so a longer token is refused before anything reads it (in-process calls have no header limit).
MAX_TOKEN = 32 * 1024
MAX_DEPTH = 32  # JSON nesting in a token's header or claims: identity providers nest two or three levels
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*(?:==?)?")
# a key set's kid -> the keys carrying it (one, unless the set repeats a kid)
KeySet = dict[str, tuple["rsa.RSAPublicKey", ...]]


class JwksError(GwmockError, ValueError):
    """A key set ``gw.add_jwks`` cannot use."""


def parse(document: Any) -> KeySet:
    """The RSA signing keys of a JWKS (or of one JWK), by ``kid``. Keys of other types, or for
    encryption only (``"use": "enc"``), are left out as API Gateway cannot use them."""
    if isinstance(document, (str, bytes)):
        try:
            document = json.loads(document)
        except RecursionError:
            raise JwksError("add_jwks takes a JSON Web Key Set: its JSON nests too deep") from None
        except ValueError as error:
            raise JwksError(f"add_jwks takes a JSON Web Key Set: {error}") from None
        # Python 3.13's parser reads far deeper than 3.10-3.12's (5,000 levels pass): the same bound on each
        if not _shallow(document):
            raise JwksError("add_jwks takes a JSON Web Key Set: its JSON nests too deep")
    if isinstance(document, dict) and "keys" not in document and "kty" in document:
        document = {"keys": [document]}
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksError('add_jwks takes a JSON Web Key Set: {"keys": [...]}')
    entries = document["keys"]
    if len(entries) > MAX_KEYS:
        raise JwksError(f"add_jwks takes at most {MAX_KEYS} keys in one set")
    keys: KeySet = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or not kid:
            raise JwksError("each RSA key of the set needs a kid: API Gateway picks the key by the token's kid")
        keys[kid] = (*keys.get(kid, ()), _public_key(entry, kid))
    return keys


def _public_key(entry: dict[str, Any], kid: str) -> rsa.RSAPublicKey:
    n, e = _integer(entry.get("n"), kid, "n"), _integer(entry.get("e"), kid, "e")
    if n.bit_length() > MAX_KEY_BITS:
        raise JwksError(f"key {kid}: more than {MAX_KEY_BITS} bits")
    if not 3 <= e < 2**32 or e % 2 == 0:
        raise JwksError(f"key {kid}: the exponent must be a small odd number")
    from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: PLC0415 - loaded with the first key

    try:
        return rsa.RSAPublicNumbers(e, n).public_key()
    except ValueError as error:
        raise JwksError(f"key {kid}: {error}") from None


def _integer(text: Any, kid: str, name: str) -> int:
    if not isinstance(text, str) or not text or len(text) > MAX_KEY_BITS // 4:
        raise JwksError(f"key {kid}: {name} must be a base64url number")
    try:
        return int.from_bytes(_unbase64(text), "big")
    except ValueError:
        raise JwksError(f"key {kid}: {name} must be a base64url number") from None


def _unbase64(text: str) -> bytes:
    """base64url, strictly: its alphabet only, ``=`` padding only where it fits (ValueError otherwise)."""
    if not _BASE64URL.fullmatch(text):
        raise ValueError("not base64url")
    try:
        return base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4), validate=True)
    except binascii.Error as error:
        raise ValueError(str(error)) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("a number beyond float64")
    return number


def _float64_int(text: str) -> int:
    number = int(text)
    try:
        float(number)
    except OverflowError:
        raise ValueError("a number beyond float64") from None
    return number


def _shallow(document: Any) -> bool:
    """Whether ``document`` nests at most ``MAX_DEPTH`` deep (walked level by level, without recursion)."""
    level = [document]
    for _ in range(MAX_DEPTH):
        level = [child for item in level if isinstance(item, (dict, list))
                 for child in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return True
    return False


def json_part(segment: str) -> dict[str, Any] | None:
    """A token's header or claims (one dot-separated part) as a JSON object, read as the Go JWT library
    reads it (see the module docstring); None when it is not one."""
    if len(segment) > MAX_TOKEN:
        return None
    try:
        document = json.loads(_unbase64(segment).decode("utf-8"), parse_constant=_refuse_constant,
                              parse_float=_finite_float, parse_int=_float64_int)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return document if isinstance(document, dict) and _shallow(document) else None


def keys_for(handle: Any, issuer: Any) -> KeySet | None:
    """The keys known for ``issuer``: given with ``gw.add_jwks``, else moto's for a Cognito user
    pool moto knows; None when none are known (the signature then goes unchecked)."""
    if not isinstance(issuer, str) or not issuer:
        return None
    registered = getattr(handle, "jwks", None) or {}
    found = registered.get(issuer.rstrip("/"))
    if found is not None:
        return found  # type: ignore[no-any-return]
    return _moto_pool_keys(issuer)


def verify(token: str, header: dict[str, Any], keys: KeySet) -> str | None:
    """Why ``token`` (three dot-separated parts whose header is ``header``) is not signed by one of
    ``keys``, or None when it is. The caller checked that ``alg`` is one of ``RSA_ALGORITHMS``."""
    from cryptography.hazmat.primitives import hashes  # noqa: PLC0415 - loaded with the first key
    from cryptography.hazmat.primitives.asymmetric import padding  # noqa: PLC0415

    kid = header.get("kid")
    candidates = keys.get(kid) if isinstance(kid, str) else None  # a token's kid may be any JSON value
    if not candidates:
        return NO_KEY
    alg = str(header.get("alg"))
    signed, _, signature = token.rpartition(".")
    try:
        raw = _unbase64(signature)
    except ValueError:
        return BAD_SIGNATURE
    bits = alg[2:]
    digest: hashes.HashAlgorithm = (hashes.SHA256() if bits == "256" else hashes.SHA384() if bits == "384"
                                    else hashes.SHA512())
    scheme = (padding.PKCS1v15() if alg.startswith("RS")
              else padding.PSS(mgf=padding.MGF1(digest), salt_length=digest.digest_size))
    data = signed.encode("ascii", "replace")
    return None if any(_signed_by(key, raw, data, scheme, digest) for key in candidates) else BAD_SIGNATURE


def _signed_by(key: rsa.RSAPublicKey, signature: bytes, data: bytes, scheme: Any, digest: Any) -> bool:
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415

    try:
        key.verify(signature, data, scheme, digest)
    except (InvalidSignature, ValueError):  # ValueError: a key too small for the padding and digest
        return False
    return True


_MOTO_KEYS: KeySet | None = None


def _moto_pool_keys(issuer: str) -> KeySet | None:
    """moto's public key set when ``issuer`` is ``https://cognito-idp.{region}.amazonaws.com/{pool}``
    of a pool in moto's state. Read from moto only when the test already loaded its Cognito (never
    imported here), and from its own copy of the set: nothing is fetched."""
    global _MOTO_KEYS  # noqa: PLW0603 - moto's one key set, parsed once
    responses = sys.modules.get("moto.cognitoidp.responses")
    models = sys.modules.get("moto.cognitoidp.models")
    prefix = "https://cognito-idp."
    if responses is None or models is None or not issuer.startswith(prefix):
        return None
    region, _, pool = issuer[len(prefix):].rstrip("/").partition(".amazonaws.com/")
    if not region or not pool or "/" in pool:
        return None
    try:
        # the regions' backends made already, read without making one (moto's own look-ups would)
        made = (dict.get(account, region) for account in dict.values(models.cognitoidp_backends))
        if not any(backend is not None and pool in backend.user_pools for backend in made):
            return None
        if _MOTO_KEYS is None:
            _MOTO_KEYS = parse(responses.CognitoIdpJsonWebKeyResponse.json_web_key)
    except Exception:  # noqa: BLE001 - another moto's layout: the signature goes unchecked, as before
        return None
    return _MOTO_KEYS
