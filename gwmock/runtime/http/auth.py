"""Route authorization of HTTP APIs: JWT, Lambda (REQUEST) and AWS_IAM authorizers.

``authorize(handle, request, lookup)`` returns ``None`` when the request may go on
(with ``request.authorizer`` set to what integrations see under
``requestContext.authorizer``) or the ``Response`` API Gateway answers instead.

* JWT: the token comes from the authorizer's identity source (a leading ``Bearer ``
  is dropped). gwmock checks the JSON structure, an RSA ``alg`` (RS256/384/512, PS256/384/512:
  "only RSA-based algorithms are supported") and a ``kid`` in the header, then the signature
  against the Issuer's keys when they are known (``gw.add_jwks``, or moto's for a Cognito pool
  made in moto: ``runtime.jwks``; a ``kid`` the set lacks is "kid header not found in jwks", a
  signature that does not verify "crypto/rsa: verification error", both guesses in the Go
  library's wording; without keys the signature goes unchecked: there is no JWKS to fetch),
  ``exp`` in the future, ``nbf`` in the
  past, ``iss`` equal to the configured Issuer and ``aud`` in the Audience, or
  ``client_id`` when there is no ``aud`` ("API Gateway validates client_id only if aud is
  not present. When both aud and client_id are present, API Gateway evaluates aud.",
  "Troubleshooting issues with HTTP API JWT authorizers"). Any failure is 401
  ``{"message":"Unauthorized"}`` with a ``www-authenticate`` header, which that page shows
  as ``Bearer scope="" error="invalid_token" error_description="the token does not have a
  valid audience"``. Its other descriptions, where evidence shows them:

  - no token: ``www-authenticate: Bearer`` alone (a live probe in a public deployment log:
    "no token | 401, www-authenticate: Bearer, body {"message":"Unauthorized"}");
  - not three dot-separated parts: "token contains an invalid number of segments" (two
    public live probes of ``Bearer not-a-token`` and of an opaque token); that is the text of
    the Go JWT library (dgrijalva/jwt-go, now golang-jwt/jwt), so where nothing shows AWS's
    wording gwmock takes that library's (its ``MapClaims.Valid``): "Token is expired",
    "Token is not valid yet", "Token used before issued" (``iat``: AWS, "iat - Must be before
    the current time in UTC") (guesses), and "token is malformed" for parts that are not
    base64url JSON objects (read strictly: ``jwks.json_part``), a token longer than
    ``jwks.MAX_TOKEN`` (refused unread: more than HTTP carries), or an ``exp``/``nbf``/``iat``
    that is not a JSON number (a numeric string, a boolean, ``null``) (guess);
  - an algorithm: "signing method HS256 is invalid" naming it when it is a registered JWS
    algorithm (``HS256``, ``ES256``, ``none``, ...; ``None`` when the header has none),
    "signing method (alg) is unavailable." for any other text (``rs256``) and "signing method
    (alg) is unspecified." for a non-text ``alg``: the library's three texts. The header's
    own text never reaches the answer (a CR LF would split the header, non-ASCII breaks
    clients);
  - a wrong issuer: "the token does not have a valid issuer" (guess, after the audience's
    wording); ``iss`` must be the Issuer's exact text (a trailing ``/`` counts);
  - ``aud`` is a string or a list of strings (anything else, ``null`` included, is no valid
    audience and ``client_id`` is then not read: the library's reading, a guess);
  - ``scope`` is the route's ``AuthorizationScopes``, space-separated (guess: the page's
    route has none, and RFC 6750's ``scope`` names what the resource needs).

  The identity value loses the spaces and tabs around it (HTTP does not carry them) before
  ``Bearer `` is looked for. The checks run in the library's order (parts, signature, then
  ``exp``/``nbf``/``iat``, then issuer and audience), so the first failure names the
  description (guess). A route's
  ``AuthorizationScopes`` need at least one of them in the token's ``scope``
  (space-separated) or ``scp`` claim, else 403 ``{"message":"Forbidden"}`` (without
  ``www-authenticate``: nothing shows one on this 403). Claims
  reach integrations as strings (numbers as text, arrays as ``[a b]``: what AWS sends,
  as users report); ``scopes`` is the token's scopes when the route names scopes,
  else ``null`` (guess).
* REQUEST: every identity source (``$request.header.``, ``$request.querystring.``,
  ``$context.``, ``$stageVariables.``) must be present and non-empty, else 401 without
  calling the function. Payload 1.0 events carry ``methodArn``, ``identitySource`` and
  ``authorizationToken`` (the values comma-joined) and ``pathParameters`` ``{}`` when
  empty (AWS's 1.0 example); 2.0 events ``routeArn`` and
  ``identitySource`` as a list. With ``EnableSimpleResponses`` the function answers
  ``{"isAuthorized": bool, "context": {...}}``; otherwise an IAM policy whose
  ``execute-api:Invoke`` statements are matched (``*``/``?`` wildcards) against
  ``arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path>``; a Deny wins,
  no Allow is a 403. A function error or a malformed answer is a 500. Results are
  cached per identity-source values for ``AuthorizerResultTtlInSeconds`` (absent: no
  caching, guess), on ``time.time()`` (freezegun and time-machine move it), an answer living while
  ``made <= now < expiry`` (a clock moved back asks again); a cached policy is evaluated again for
  each route. The cache lives
  with the mock handle; ``ResetAuthorizersCache`` empties a stage's. It keeps at most
  ``AUTHORIZER_CACHE_MAX`` answers per handle (expired ones go first, then the oldest: guess, AWS
  documents no size), and each request gets its own copy of a cached answer's nested context
  values (an integration changing its event changes no later request's).
* AWS_IAM: SigV4 in the ``Authorization`` header or a presigned URL's query string
  (``gwmock.runtime.sigv4``: the signature itself is not verified). A request without it, or
  whose header is no SigV4 at all (``Bearer ...``), is 403 ``{"message":"Forbidden"}``; a SigV4
  header or URL AWS would refuse (incomplete, scoped to another region or service, dated more
  than 5 minutes off) is 403 with the REST API's sentence (guess: the same signing front end;
  REST's wording is the one users quote). ``authorizer.iam`` names the signer (guesses there:
  ``sigv4.Caller``); WebSocket ``$connect`` routes are checked the same way.
"""

from __future__ import annotations

import json
import time
import weakref
from collections.abc import Callable
from typing import Any

from gwmock.arns import partition
from gwmock.runtime import jwks, sigv4
from gwmock.runtime.caches import register_authorizer_cache
from gwmock.runtime.http.lambdas import LambdaFailure, LambdaTimeout, event_v1, event_v2, invoke
from gwmock.runtime.http.request import V2Request, error
from gwmock.runtime.response import Response
from gwmock.runtime.wildcards import matches

# handle -> (api, authorizer, stage, identity values) -> (expiry, the authorizer's answer, its JSON text when
# the answer holds objects or arrays: each request then reads its own copy, as it would from Lambda)
_CACHES: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[float, Any, str | None, float]]] = \
    register_authorizer_cache(weakref.WeakKeyDictionary(), lambda key: (key[0], key[2]))
# answers kept per handle: every new identity value adds one, so a client inventing tokens would otherwise
# grow the cache without end (guess: AWS bounds its cache too; it documents no size)
AUTHORIZER_CACHE_MAX = 1024
AUTHORIZER_TIMEOUT_MS = 10_000  # how long API Gateway waits for a Lambda authorizer (guess)


def _unauthorized(request: V2Request) -> Response:
    return error(401, "Unauthorized", request.request_id)


def _bearer_refusal(request: V2Request, scopes: list[str], description: str | None) -> Response:
    """A JWT authorizer's 401: ``description`` None when there was no token."""
    answer = error(401, "Unauthorized", request.request_id)
    if description is None:
        answer.headers["www-authenticate"] = "Bearer"
    else:
        answer.headers["www-authenticate"] = (f'Bearer scope="{" ".join(scopes)}" error="invalid_token" '
                                              f'error_description="{description}"')
    return answer


def _forbidden(request: V2Request) -> Response:
    return error(403, "Forbidden", request.request_id)


def authorize(handle: Any, request: V2Request, lookup: Callable[[str], dict[str, Any] | None]) -> Response | None:
    route = request.route or {}
    kind = route.get("AuthorizationType", "NONE")
    if kind == "AWS_IAM":
        return _iam(handle, request)
    if kind not in ("JWT", "CUSTOM"):
        return None
    authorizer = lookup(route.get("AuthorizerId", ""))
    if authorizer is None:
        return error(500, "Internal Server Error", request.request_id)
    if kind == "JWT":
        return _jwt(handle, request, authorizer, route.get("AuthorizationScopes") or [])
    return _lambda(handle, request, authorizer)


# --- AWS_IAM ----------------------------------------------------------------------------------


def _iam(handle: Any, request: V2Request) -> Response | None:
    authorization = request.header("authorization")
    if authorization is not None and not authorization.lstrip().startswith(sigv4.ALGORITHM):
        authorization = None  # not SigV4 at all: answered as an unsigned request
    found = sigv4.authenticate(authorization, request.header, request.query, request.region,
                               getattr(handle, "account", None))
    if isinstance(found, sigv4.Refusal):
        return _forbidden(request) if found.kind == sigv4.MISSING else error(403, found.message, request.request_id)
    request.authorizer = {"iam": found.http_iam()}
    return None


# --- JWT --------------------------------------------------------------------------------------


def _identity(request: V2Request, source: str) -> str | None:
    if source.startswith("$request.header."):  # without its optional whitespace, as HTTP reads a value
        value = request.header(source[len("$request.header."):])
        return None if value is None else value.strip(" \t")
    if source.startswith("$request.querystring."):
        values = request.query.get(source[len("$request.querystring."):])
        return ",".join(values) if values else None
    if source.startswith("$context."):
        return request.context_variable(source[len("$context."):])
    if source.startswith("$stageVariables."):
        return request.stage_variables.get(source[len("$stageVariables."):])
    return None


def _decode(token: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The token's header and claims, or None when they are not base64url JSON objects."""
    if len(token) > jwks.MAX_TOKEN:
        return None  # refused unread: more than HTTP carries
    head, body, _ = token.split(".")
    header = jwks.json_part(head)
    if header is None:
        return None
    claims = jwks.json_part(body)
    return None if claims is None else (header, claims)


# JWS algorithms the Go library knows (RFC 7518's, EdDSA, none): it names them when they are not allowed
_REGISTERED_ALGORITHMS = frozenset({"HS256", "HS384", "HS512", "ES256", "ES384", "ES512", "EdDSA", "none"})


def _unsigned_refusal(header: dict[str, Any]) -> str | None:
    """Why API Gateway could not check the token's signature, read from its header alone: an
    algorithm that is not RSA, or no ``kid`` ("The token must have a header claim that matches the
    key in the jwks_uri that signed the token"). Wordings are guesses in the Go JWT library's style;
    only a registered algorithm's name is repeated."""
    alg = header.get("alg")
    if isinstance(alg, str) and alg in jwks.RSA_ALGORITHMS:
        kid = header.get("kid")
        return None if isinstance(kid, str) and kid else "kid header not found in token"
    if alg is None:
        return "signing method None is invalid"
    if not isinstance(alg, str):
        return "signing method (alg) is unspecified."
    if alg in _REGISTERED_ALGORITHMS:
        return f"signing method {alg} is invalid"
    return "signing method (alg) is unavailable."


def _time_refusal(claims: dict[str, Any], now: float) -> str | None:
    """Why the token's ``exp``/``nbf``/``iat`` refuse it now, each checked when present: a JSON
    number (not text, not a boolean) on the right side of ``now``."""
    for name, refused, description in _TIME_CLAIMS:
        if name not in claims:
            continue
        moment = claims[name]
        if isinstance(moment, bool) or not isinstance(moment, (int, float)):
            return "token is malformed"
        if refused(moment, now):
            return description
    return None


_TIME_CLAIMS: tuple[tuple[str, Callable[[float, float], bool], str], ...] = (
    ("exp", lambda moment, now: moment <= now, "Token is expired"),
    ("nbf", lambda moment, now: moment > now, "Token is not valid yet"),
    ("iat", lambda moment, now: moment > now, "Token used before issued"),
)


def _claim_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(_claim_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _token_scopes(claims: dict[str, Any]) -> list[str]:
    for name in ("scope", "scp"):
        value = claims.get(name)
        if isinstance(value, str):
            return value.split()
        if isinstance(value, list):
            return [str(v) for v in value]
    return []


def _jwt(handle: Any, request: V2Request, authorizer: dict[str, Any], scopes: list[str]) -> Response | None:
    sources = authorizer.get("IdentitySource") or ["$request.header.Authorization"]
    token = (_identity(request, sources[0]) or "").strip(" \t")
    if not token:
        return _bearer_refusal(request, scopes, None)
    if token[:7].lower() == "bearer ":
        token = token[7:].strip(" \t")
    if token.count(".") != 2:
        return _bearer_refusal(request, scopes, "token contains an invalid number of segments")
    decoded = _decode(token)
    if decoded is None:
        return _bearer_refusal(request, scopes, "token is malformed")
    header, claims = decoded
    unsigned = _unsigned_refusal(header)
    if unsigned is not None:
        return _bearer_refusal(request, scopes, unsigned)
    config = authorizer.get("JwtConfiguration") or {}
    keys = jwks.keys_for(handle, config.get("Issuer"))  # the configured issuer's, as AWS fetches them
    if keys is not None:
        forged = jwks.verify(token, header, keys)
        if forged is not None:
            return _bearer_refusal(request, scopes, forged)
    untimely = _time_refusal(claims, time.time())
    if untimely is not None:
        return _bearer_refusal(request, scopes, untimely)
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or issuer != config.get("Issuer"):
        return _bearer_refusal(request, scopes, "the token does not have a valid issuer")
    audience = config.get("Audience") or []
    if audience and not _audience_matches(claims, audience):
        return _bearer_refusal(request, scopes, "the token does not have a valid audience")
    granted = _token_scopes(claims)
    if scopes and not set(scopes) & set(granted):
        return _forbidden(request)
    request.authorizer = {"jwt": {"claims": {k: _claim_text(v) for k, v in claims.items()},
                                  "scopes": granted if scopes else None}}
    return None


def _audience_matches(claims: dict[str, Any], audience: list[str]) -> bool:
    """``aud`` (a string or a list) names one of the Audience; ``client_id`` counts only without ``aud``."""
    if "aud" not in claims:
        client_id = claims.get("client_id")
        return isinstance(client_id, str) and client_id in audience
    aud = claims["aud"]
    named = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else [None]
    if not all(isinstance(name, str) for name in named):
        return False  # a number, null, an object, or a list holding one: no audience the Go library reads
    return not set(named).isdisjoint(audience)


# --- Lambda (REQUEST) -------------------------------------------------------------------------


def _api_arn(request: V2Request) -> str:
    return f"arn:{partition(request.region)}:execute-api:{request.region}:{request.account}:{request.api_id}"


def route_arn(request: V2Request) -> str:
    if request.api.get("ProtocolType") == "WEBSOCKET":  # WebSocket $connect: .../<stage>/$connect
        return f"{_api_arn(request)}/{request.stage_name}/$connect"
    return (f"{_api_arn(request)}/{request.stage_name}/"
            f"{request.method}{request.path}")


def _lambda(handle: Any, request: V2Request, authorizer: dict[str, Any]) -> Response | None:
    sources = authorizer.get("IdentitySource") or []
    values = [_identity(request, source) for source in sources]
    if any(not value for value in values):
        return _unauthorized(request)
    version = authorizer.get("AuthorizerPayloadFormatVersion") or "1.0"
    simple = bool(authorizer.get("EnableSimpleResponses")) and version == "2.0"
    ttl = int(authorizer.get("AuthorizerResultTtlInSeconds") or 0)
    key = (request.api_id, authorizer.get("AuthorizerId"), request.stage_name, tuple(values))
    cache = _CACHES.setdefault(handle, {})
    cached = cache.get(key) if ttl > 0 and sources else None
    # time.time(): time-freezing libraries move it (time-machine leaves monotonic alone); never an
    # answer from the future (a clock moved back)
    if cached is not None and cached[3] <= time.time() < cached[0]:
        result = cached[1] if cached[2] is None else json.loads(cached[2])
    else:
        try:
            payload = invoke(handle.lambdas, authorizer.get("AuthorizerUri", ""),
                             _authorizer_event(request, version, values), request.request_id,
                             AUTHORIZER_TIMEOUT_MS)
        except LambdaTimeout:
            answer = error(500, "Internal Server Error", request.request_id)
            answer.log.append(f"Lambda authorizer did not answer within {AUTHORIZER_TIMEOUT_MS} ms")
            return answer
        except LambdaFailure as failure:
            answer = error(500, "Internal Server Error", request.request_id)
            answer.log.append(f"Lambda authorizer failed: {failure}")
            answer.error = failure.cause
            return answer
        result = json.loads(payload)
        if not _well_formed(result, simple):
            return error(500, "Internal Server Error", request.request_id)
        if ttl > 0 and sources:
            made = time.time()
            _remember(cache, key, (made + ttl, result, payload if _holds_containers(result) else None, made))
    allowed = result["isAuthorized"] if simple else _policy_allows(result["policyDocument"], route_arn(request))
    if not allowed:
        return _forbidden(request)
    context = result.get("context")
    request.authorizer = {"lambda": dict(context) if isinstance(context, dict) else None}
    if not simple and result.get("principalId") is not None:
        request.authorizer["principalId"] = result["principalId"]
    return None


def _holds_containers(result: dict[str, Any]) -> bool:
    """Whether what a cached answer gives each request (its context's values, its principalId) holds
    objects or arrays an integration could change in its event."""
    context = result.get("context") or {}
    return isinstance(result.get("principalId"), (dict, list)) or any(
        isinstance(value, (dict, list)) for value in context.values())


def _remember(cache: dict[tuple[Any, ...], tuple[float, Any, str | None, float]], key: tuple[Any, ...],
              entry: tuple[float, Any, str | None, float]) -> None:
    """Cache ``entry``, first dropping expired answers, then the oldest quarter, when the cache is full."""
    cache.pop(key, None)  # an expired answer asked again is the newest
    if len(cache) >= AUTHORIZER_CACHE_MAX:
        now = time.time()
        for old, (expiry, _, _, made) in list(cache.items()):  # a copy: other threads may cache meanwhile
            if not made <= now < expiry:
                cache.pop(old, None)
        if len(cache) >= AUTHORIZER_CACHE_MAX:
            for old in list(cache)[:max(1, AUTHORIZER_CACHE_MAX // 4)]:
                cache.pop(old, None)
    cache[key] = entry


def _authorizer_event(request: V2Request, version: str, values: list[str | None]) -> dict[str, Any]:
    if version == "2.0":
        rest = event_v2(request, for_authorizer=True)
        rest.pop("version")
        return {"version": "2.0", "type": "REQUEST", "routeArn": route_arn(request),
                "identitySource": list(values), **rest}
    joined = ",".join(v or "" for v in values)
    rest = event_v1(request, for_authorizer=True)
    for name in ("version", "body", "isBase64Encoded"):
        rest.pop(name)
    # ``{}``, not the integration event's ``null``, for a route without path parameters ("HTTP API
    # Lambda authorizer payload format" 1.0 example; aws-lambda-go apigw-v2-custom-authorizer-v1-request.json)
    rest["pathParameters"] = rest["pathParameters"] or {}
    return {"version": "1.0", "type": "REQUEST", "methodArn": route_arn(request), "identitySource": joined,
            "authorizationToken": joined, **rest}


def _well_formed(result: Any, simple: bool) -> bool:
    if not isinstance(result, dict):
        return False
    if result.get("context") is not None and not isinstance(result["context"], dict):
        return False
    if simple:
        return isinstance(result.get("isAuthorized"), bool)
    document = result.get("policyDocument")
    if not isinstance(document, dict):
        return False
    statements = document.get("Statement")
    statements = [statements] if isinstance(statements, dict) else statements
    return isinstance(statements, list) and all(isinstance(s, dict) and s.get("Effect") in ("Allow", "Deny")
                                                for s in statements)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value is not None else []


def _wildcard(pattern: str, text: str) -> bool:
    """IAM's ``*``/``?`` wildcards in time linear in ``text`` (a regular expression of ``.*`` runs
    backtracks without end on a hostile pattern an authorizer returns)."""
    return matches(pattern, text)  # a pattern longer than the ARN is refused uncompiled


def _policy_allows(document: dict[str, Any], arn: str) -> bool:
    statements = document["Statement"]
    statements = [statements] if isinstance(statements, dict) else statements
    allowed = False
    for statement in statements:
        actions = _as_list(statement.get("Action"))
        if not any(_wildcard(a, "execute-api:Invoke") for a in actions):
            continue
        if not any(_wildcard(r, arn) for r in _as_list(statement.get("Resource"))):
            continue
        if statement["Effect"] == "Deny":
            return False
        allowed = True
    return allowed
