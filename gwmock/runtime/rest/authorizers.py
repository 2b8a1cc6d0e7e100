"""Authorization of a call to a deployed stage: IAM, Lambda and Cognito authorizers, API keys.

``authorize(call, log, policy)`` runs the method's ``authorizationType``, with the API's resource
policy where AWS applies it (``resource_policy``: after IAM authentication, before a Lambda authorizer
and combined with its answer, after a Cognito token is accepted, alone for ``NONE``), then its API key
check.

* AWS_IAM: SigV4 in the ``Authorization`` header or a presigned URL's query string, checked as AWS
  checks it without the secret key (``gwmock.runtime.sigv4``: the signature itself is not
  verified). None answers 403 ``Missing Authentication Token``; a malformed one 403
  IncompleteSignatureException, a wrong scope (region, service) or a date more than 5 minutes
  off 403 InvalidSignatureException, with AWS's wording, through the INVALID_SIGNATURE gateway
  response. ``identity.accessKey``/``accountId``/``caller``/``user``/``userArn`` name the signer
  (guesses there: ``sigv4.Caller``).
* CUSTOM (Lambda): TOKEN authorizers get ``{"type": "TOKEN", "authorizationToken",
  "methodArn"}``; REQUEST authorizers the proxy event's fields plus ``type`` and
  ``methodArn``, less ``body``/``isBase64Encoded``, ``pathParameters`` ``{}`` when empty
  (AWS's REQUEST example on "API Gateway Lambda authorizer input"; other empty maps stay
  ``null`` as in the proxy event: guess). A missing identity source (TOKEN always; REQUEST while caching) or a
  token failing ``identityValidationExpression`` answers 401 without calling the
  function. The function raising ``Exception("Unauthorized")`` answers 401
  ``Unauthorized``. The returned policy is evaluated for ``execute-api:Invoke`` on the
  method ARN ``arn:aws:execute-api:{region}:{account}:{api}/{stage}/{VERB}{path}``
  (``*`` and ``?`` wildcards in Action and Resource, matched in linear time; ``NotAction`` and
  ``NotResource`` as IAM reads them, guess; ``Condition`` is not evaluated, guess): an explicit Deny answers 403
  ``User is not authorized to access this resource with an explicit deny``, no Allow 403
  ``User is not authorized to access this resource``. ``principalId`` and ``context``
  reach ``$context.authorizer`` and the proxy event's ``requestContext.authorizer``
  (context values as strings, with ``integrationLatency``: 0 when cached);
  ``usageIdentifierKey`` is the API key when the API's ``apiKeySource`` is AUTHORIZER.
  Identity sources: ``method.request.header|querystring|path.NAME``, ``stageVariables.NAME``,
  ``context.NAME`` (a dotted path: ``context.identity.sourceIp``; an object there is no value:
  guess) and ``method.request.multivalueheader|multivaluequerystring.NAME`` (every value, joined
  with commas: guess), which CreateAuthorizer accepts.
  Results are cached per authorizer and identity source values (every one of them) for
  ``authorizerResultTtlInSeconds`` (300 when unset; 0 disables), on ``time.time()``, which
  freezegun and time-machine move; an answer lives while ``made <= now < expiry``, so a clock moved
  back (or a freeze in the future ending) asks the authorizer again rather than serving it for ever.
  At most ``AUTHORIZER_CACHE_MAX`` answers per backend (guess: AWS documents no size): a full cache
  drops the answers no longer live, then the oldest quarter.
* COGNITO_USER_POOLS: the identity header holds a JWT (``Bearer `` prefix tolerated);
  its ``iss`` must be ``https://cognito-idp.{region}.amazonaws.com/{poolId}`` of one of
  ``providerARNs`` (else 401 ``Unauthorized``) and ``exp`` in the future (else 401
  ``The incoming token has expired``). An ``identityValidationExpression`` is matched against the
  token's ``aud`` claim, not the token (the API reference's Authorizer page,
  https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html), so an access token, which has
  no ``aud``, is refused 401 ``Unauthorized`` (a user's report:
  https://repost.aws/questions/QUGzY5WYQBRx-ymHvMCzVD7Q); guess: checked after the issuer and the
  signature, before the expiry; with ``authorizationScopes`` on the method
  its ``scope`` must hold one of them. The signature is checked against the pool's keys when
  they are known (``gw.add_jwks``, or moto's for a pool made in moto: ``runtime.jwks``; a token
  they did not sign is 401 ``Unauthorized``), else not at all. Claims reach
  ``$context.authorizer.claims`` as text, as AWS sends them (``_claim_text``: ``exp``/``iat``
  as dates, lists joined with commas).
* API keys (``apiKeyRequired``): the key (``x-api-key``, or the authorizer's
  ``usageIdentifierKey``) must be an enabled key of a usage plan covering this API and
  stage, else 403 ``Forbidden``. A plan's quota is counted into
  ``("usage", planId, keyId)`` (``used`` per day, see ``gwmock/apigateway/usage_plans.py``);
  over it: 429 ``Limit Exceeded``. The plan's throttling applies first (``throttling``).

A policy statement whose ``Effect`` is not exactly ``Allow`` or ``Deny`` (``"allow"``) makes
the policy invalid: 500 ``{"message":null}``, as for any invalid authorizer output (IAM's
policy grammar is case-sensitive; users report 500 for a misspelled Effect). An authorizer
that does not answer within 10 s (guess) is a 500 ``{"message":null}`` too, and so is a policy
whose patterns take over ``POLICY_BUDGET`` to evaluate (thousands of distinct long ones: guess).

An authorizer that answers without a valid policy, with a ``principalId`` that is an object or an
array (API Gateway reads it as text: guess), or with a context holding objects, arrays or ``null``
(AWS documents only strings, numbers and booleans as allowed), answers 500 ``{"message":null}`` through
AUTHORIZER_CONFIGURATION_ERROR (``x-amzn-ErrorType: AuthorizerConfigurationException``), as a
missing one does: users' reports of real API Gateway (serverless-offline#1376, tested against AWS,
for the context; serverless/examples#305 for an answer without a policy;
aws-lambda-rust-runtime#863 for a policy AWS could not read). Guesses: the same for a function
that fails (other than ``Unauthorized``) or does not answer in time;
throttling limits are not enforced. Answers are cached per stage (FlushStageAuthorizersCache
empties one stage's, as on AWS) for as long as the backend lives, and emptied by ``gw.reset()``.

A stage that logs (``call.access`` not None) has each step timed and its outcome kept (``Steps``) for
the access log's variables, after the phases AWS's "Troubleshooting Amazon API Gateway with enhanced
observability variables" names: ``authenticate`` (IAM only: the signature's check), ``authorizer``
(Lambda or Cognito), ``authorize`` (the verdict on the results: a Lambda authorizer's policy, IAM, a
resource policy). Each step that ran has ``status`` (200, or the refusal's status), ``latency`` (ms)
and ``error`` (the refusal's message; a configuration error's is null, so ``-``); the ``authorizer``
step of a Lambda authorizer also ``integrationLatency``, ``integrationStatus`` and ``requestId``: the
invocation's time, Lambda's own 200 (the function ran, an ``Unauthorized`` or other exception
included) and the invocation's ``aws_request_id``, none of them without an invocation (a cached answer's
``integrationLatency`` is 0, as the event's). Guesses: a Lambda authorizer's latency runs to its answer,
the ``authorize`` step's from there to the verdict; an answer API Gateway cannot use (no policy, a
context holding objects) fails the ``authorizer`` step, with no ``authorize`` step; a resource policy's
refusal before a Lambda authorizer is the ``authorize`` step's, the authorizer not run; IAM's
``authorize`` step is 200 (gwmock does not evaluate the signer's own policies) unless a resource
policy refuses; a resource policy makes an ``authorize`` step for every authorization type. A stage
without access logging runs the same steps (``authorize``), untimed: ``_step`` calls each at once.
"""

from __future__ import annotations

import datetime
import functools
import json
import time
import weakref
from typing import Any

from gwmock import clock
from gwmock.apigateway.lookups import api_key_by_value
from gwmock.runtime import jwks, lambdas, patterns, sigv4, usage
from gwmock.runtime.caches import register_authorizer_cache
from gwmock.runtime.rest import resource_policy
from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.proxy import event as proxy_event
from gwmock.runtime.rest.request import Call, header, request_context
from gwmock.runtime.rest.resource_policy import method_arn
from gwmock.runtime.wildcards import matches

# owner -> (account, region, api, stage, authorizer, identity values) -> (expiry, the authorizer's answer,
# its policy's verdict by method ARN: a cached policy is evaluated again for each method it covers,
# what the answer grants a call: ``_granted``, when it was made)
_Granted = tuple[dict[str, Any], Any] | None
_Entry = tuple[float, dict[str, Any], dict[str, str | None], _Granted, float]
_CACHES: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], _Entry]] = \
    register_authorizer_cache(weakref.WeakKeyDictionary(), lambda key: (key[2], key[3]))
# answers kept per backend: every new identity value adds one, so a client inventing tokens would grow
# the cache without end (guess: AWS bounds its cache too, and documents no size; as HTTP APIs' cache)
AUTHORIZER_CACHE_MAX = 1024
_VERDICTS_MAX = 64  # method ARNs hold the path's values (/pets/1, /pets/2, ...): bounded per cached answer

DENY = "User is not authorized to access this resource with an explicit deny"
NOT_ALLOWED = "User is not authorized to access this resource"
AUTHORIZER_TIMEOUT = 10.0  # seconds API Gateway waits for a Lambda authorizer (guess)
POLICY_BUDGET = 1.0  # seconds one policy's evaluation may take: beyond, a 500 (guess: AWS sets no such limit)
_UNKNOWN: Any = object()  # a verdict not worked out yet (``_evaluate`` gives "Allow", "Deny" or None)


def authorize(call: Call, log: Any, policy: resource_policy.Policy | None = None) -> None:
    """Authorize ``call``; ``policy``: the API's resource policy, applied where AWS applies it
    for the method's authorization type (see ``resource_policy``). A stage that logs gets each step's
    facts (``Steps``); any other runs the same steps untimed."""
    facts: dict[str, dict[str, Any]] | None = None
    if call.access is not None:  # a stage that logs: its access log reads the steps' facts
        steps = Steps(call.access)
        call.access, facts = steps, steps.facts
    kind = call.method.get("authorizationType") or "NONE"
    if kind == "AWS_IAM":
        _step(facts, "authenticate", _iam, call)
        if policy is None and _cross_account(call):
            policy = _NO_POLICY  # another account's caller needs the API's resource policy to allow it
        if policy is not None:
            _step(facts, "authorize", resource_policy.check, policy, call, log, resource_policy.IAM)
        elif facts is not None:  # IAM's evaluation of the signer's own policies, which gwmock does not make
            facts["authorize"] = {"status": 200, "latency": 0}
    elif kind in ("CUSTOM", "COGNITO_USER_POOLS"):
        authorizer = (call.snapshot.get("authorizers") or {}).get(call.method.get("authorizerId"))
        if authorizer is None:
            _step(facts, "authorizer", _no_authorizer)
        elif authorizer.get("type") == "COGNITO_USER_POOLS":
            _step(facts, "authorizer", _cognito, call, authorizer)
            if policy is not None:
                _step(facts, "authorize", resource_policy.check, policy, call, log, resource_policy.EXPLICIT_ALLOW)
        else:
            # the policy's explicit Deny refuses the call before the authorizer runs
            allowed = policy is not None and _step(facts, "authorize", resource_policy.check, policy, call, log,
                                                   resource_policy.BEFORE_AUTHORIZER)
            if facts is None:
                _lambda_authorizer(call, authorizer, log, allowed)
            else:
                _lambda_step(call, authorizer, log, allowed, facts)
    elif policy is not None:
        _step(facts, "authorize", resource_policy.check, policy, call, log, resource_policy.EXPLICIT_ALLOW)
    if call.method.get("apiKeyRequired"):
        _api_key(call)


# An API without a resource policy, for an IAM caller of another account: nothing allows it (the AWS
# Knowledge Center's "api-gateway-cross-account-403": the API's resource policy must allow such a caller)
_NO_POLICY = resource_policy.compile_policy('{"Version": "2012-10-17", "Statement": []}')


def _cross_account(call: Call) -> bool:
    account = resource_policy.caller_of(call).account
    return account is not None and account != call.account


# --- the steps' facts, for a stage that logs ------------------------------------------------


class Steps(list[Any]):
    """``call.access`` once a stage that logs authorized the call: still the list ``invoke`` keeps the
    call's failure in (it assigns to its slice, which keeps this object), with ``facts``: the
    ``$context`` values of each step that ran (``authenticate``, ``authorizer``, ``authorize``), which
    ``stage`` gives the access log."""

    __slots__ = ("facts",)

    def __init__(self, kept: list[Any]) -> None:
        super().__init__(kept)
        self.facts: dict[str, dict[str, Any]] = {}


def _ms(started: float, ended: float | None = None) -> int:
    """Milliseconds from ``started`` (``time.monotonic``: freezegun's stands still, so a frozen test's
    logs read 0), never below 0: code under test may move freezegun's clock back during a call."""
    return max(int(((time.monotonic() if ended is None else ended) - started) * 1000), 0)


def _step(facts: dict[str, dict[str, Any]] | None, phase: str, run: Any, *args: Any) -> Any:
    """``run(*args)`` as step ``phase``: its status (200, or the refusal's), latency and error message
    kept in ``facts`` (None: a stage that does not log, nothing kept)."""
    if facts is None:
        return run(*args)
    started = time.monotonic()
    try:
        result = run(*args)
    except GatewayError as failure:
        facts[phase] = {"status": failure.status, "latency": _ms(started), "error": failure.message}
        raise
    facts[phase] = {"status": 200, "latency": _ms(started)}
    return result


def _remember(cache: dict[tuple[Any, ...], _Entry], key: tuple[Any, ...], entry: _Entry) -> None:
    """Cache ``entry`` as the newest; a full cache first drops answers no longer live (expired, or from
    a clock's future), then the oldest quarter."""
    cache.pop(key, None)
    if len(cache) >= AUTHORIZER_CACHE_MAX:
        now = time.time()
        for old, kept in list(cache.items()):  # a copy: other threads may cache meanwhile
            if not kept[4] <= now < kept[0]:
                cache.pop(old, None)
        if len(cache) >= AUTHORIZER_CACHE_MAX:
            for old in list(cache)[:AUTHORIZER_CACHE_MAX // 4]:
                cache.pop(old, None)
    cache[key] = entry


def _no_authorizer() -> None:
    raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, reason="Authorizer not found")


def _lambda_step(call: Call, authorizer: dict[str, Any], log: Any, allowed: bool,
                 facts: dict[str, dict[str, Any]]) -> None:
    """A Lambda authorizer as two steps: ``authorizer`` until its answer (with the function's invocation:
    ``integration*``, ``requestId``), ``authorize`` the evaluation of its policy."""
    found: dict[str, Any] = {}
    started = time.monotonic()
    try:
        _lambda_authorizer(call, authorizer, log, allowed, found)
    except GatewayError as failure:
        answered = found.pop("answered", None)
        if failure.kind != "ACCESS_DENIED" or answered is None:  # the authorizer's own refusal or failure
            facts["authorizer"] = {**found, "status": failure.status, "latency": _ms(started), "error": failure.message}
            raise
        facts["authorizer"] = {**found, "status": 200, "latency": _ms(started, answered)}
        facts["authorize"] = {"status": failure.status, "latency": _ms(answered), "error": failure.message}
        raise
    answered = found.pop("answered", started)
    facts["authorizer"] = {**found, "status": 200, "latency": _ms(started, answered)}
    facts["authorize"] = {"status": 200, "latency": _ms(answered)}


# --- IAM ---------------------------------------------------------------------------------


def _iam(call: Call) -> None:
    """SigV4 authentication (``gwmock.runtime.sigv4``): AWS's refusals through the MISSING_AUTHENTICATION_TOKEN
    and INVALID_SIGNATURE gateway responses, the signer in ``$context.identity``."""
    found = sigv4.authenticate(header(call.headers, "Authorization"), lambda name: header(call.headers, name),
                               call.query, call.region, getattr(call.handle, "account", None))
    if isinstance(found, sigv4.Refusal):
        if found.kind == sigv4.MISSING:
            raise GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token")
        raise GatewayError("INVALID_SIGNATURE", found.message, 403, error_type=found.kind)
    if call.identity is not None:
        call.identity = {**call.identity, **found.rest_identity()}


# --- Lambda authorizers ----------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _sources(identity_source: str) -> tuple[str, ...]:
    """An authorizer's ``identitySource``, split once per text."""
    return tuple(s.strip() for s in identity_source.split(",") if s.strip())


def identity_values(call: Call, authorizer: dict[str, Any]) -> list[str | None]:
    values: list[str | None] = []
    for source in _sources(str(authorizer.get("identitySource") or "")):
        if source.startswith("method.request.header."):
            values.append(header(call.headers, source[len("method.request.header."):]))
        elif source.startswith("method.request.querystring."):
            found = call.query.get(source[len("method.request.querystring."):])
            values.append(found[-1] if found else None)
        elif source.startswith("method.request.path."):
            values.append(call.path_params.get(source[len("method.request.path."):]))
        elif source.startswith("stageVariables."):
            values.append(call.stage_variables.get(source[len("stageVariables."):]))
        elif source.startswith("method.request.multivalueheader."):
            wanted = source[len("method.request.multivalueheader."):].lower()
            values.append(_joined(v for k, vs in call.headers.items() if k.lower() == wanted for v in vs))
        elif source.startswith("method.request.multivaluequerystring."):
            values.append(_joined(call.query.get(source[len("method.request.multivaluequerystring."):]) or ()))
        elif source.startswith("context."):
            values.append(_context_value(request_context(call), source[len("context."):]))
    return values


def _joined(values: Any) -> str | None:
    """A multi-value identity source: its values joined with commas (guess), None when it has none."""
    return ",".join(values) or None


def _context_value(context: dict[str, Any], name: str) -> str | None:
    """``$context.identity.sourceIp`` and its like: a dotted path into the request context; a value
    that is not a scalar (``context.identity``: an object) is no identity (guess)."""
    found: Any = context
    for part in name.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    return None if found is None or isinstance(found, (dict, list)) else context_text(found)


def identity_matches(pattern: str, token: str) -> bool:
    """Whether a TOKEN authorizer's ``identityValidationExpression`` matches the whole token, in
    bounded time (``runtime.patterns``); one that runs out of time or does not compile refuses it
    (guess: 401, as for a token that does not match)."""
    try:
        return patterns.fullmatch(pattern, token)
    except (patterns.PatternTimeout, patterns.BadPattern):
        return False


def _lambda_authorizer(call: Call, authorizer: dict[str, Any], log: Any, policy_allows: bool = False,
                       facts: dict[str, Any] | None = None) -> None:
    """``policy_allows``: the API's resource policy allows the call, which is enough when the
    authorizer's own policy neither allows nor denies it (table A of AWS's developer guide).
    ``facts`` (a stage that logs): the invocation's facts, and when the answer was had (``answered``)."""
    ttl = int(authorizer.get("authorizerResultTtlInSeconds", 300) or 0)
    token_kind = authorizer.get("type", "TOKEN") == "TOKEN"
    values = identity_values(call, authorizer)
    if (token_kind or ttl > 0) and (not values or not all(values)):
        raise GatewayError("UNAUTHORIZED", "Unauthorized", reason="Unauthorized request: identity source missing")
    pattern = authorizer.get("identityValidationExpression")
    if token_kind and pattern and not identity_matches(str(pattern), values[0] or ""):
        raise GatewayError("UNAUTHORIZED", "Unauthorized", reason="Unauthorized request: token does not match "
                                                                   "the identity validation expression")
    owner = getattr(call.handle, "backend", call.handle) or _NO_HANDLE
    cache = _CACHES.get(owner)
    if cache is None:
        cache = _CACHES.setdefault(owner, {})
    key = (call.account, call.region, call.api_id, call.stage, authorizer.get("id"), tuple(values))
    cached = cache.get(key) if ttl > 0 else None
    latency = 0
    arn = method_arn(call)
    # time.time(): time-freezing libraries move it (time-machine leaves monotonic alone); never an
    # answer from the future (a clock moved back)
    if cached is not None and cached[4] <= time.time() < cached[0]:
        result, verdicts, granted = cached[1], cached[2], cached[3]
        if facts is not None:
            facts["integrationLatency"] = 0  # no invocation: as the event's ``integrationLatency``
        verdict = verdicts.get(arn, _UNKNOWN)
        if verdict is _UNKNOWN:
            verdict = _evaluate(result.get("policyDocument"), arn)
            if len(verdicts) >= _VERDICTS_MAX:
                verdicts.clear()
            verdicts[arn] = verdict
    else:
        cached = None
        started = time.monotonic()
        result = call_authorizer(call, authorizer, values[0] if token_kind and values else None, log, facts)
        latency = _ms(started)
        verdicts = {}
        granted = _granted(result)
        if ttl > 0:
            made = time.time()
            _remember(cache, key, (made + ttl, result, verdicts, granted, made))
        verdict = verdicts[arn] = _evaluate(result.get("policyDocument"), arn)
    if facts is not None:
        facts["answered"] = time.monotonic()
    if verdict == "Deny":
        raise GatewayError("ACCESS_DENIED", DENY)
    if verdict is None:
        if not policy_allows:
            raise GatewayError("ACCESS_DENIED", NOT_ALLOWED)
        log("The authorizer's policy neither allows nor denies the call; the resource policy allows it")
    if granted is None:
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, 500, config=True,
                           reason="Invalid context: values must be strings, numbers or booleans")
    context, call.usage_key = granted
    call.authorizer = {**context, "integrationLatency": latency}  # the call's own dict


def _granted(result: dict[str, Any]) -> _Granted:
    """What an authorizer's answer grants a call it allows: ``principalId`` and its context's values
    as text, and its usage plan key; None for a context API Gateway refuses (values must be
    scalars). Worked out once per answer: a cached answer serves every call until its TTL."""
    if not scalar_context(result):
        return None
    raw_context = result.get("context") or {}
    if None in raw_context.values():  # REST: strings, numbers or booleans only (serverless-offline#1376)
        return None
    return ({"principalId": result.get("principalId"), **{k: context_text(v) for k, v in raw_context.items()}},
            result.get("usageIdentifierKey"))


def scalar_context(result: dict[str, Any]) -> bool:
    """Whether a Lambda authorizer's ``context`` is one API Gateway accepts: a map whose values are
    strings, numbers or booleans (REST and WebSocket authorizers alike; REST refuses ``null`` too:
    ``_granted``)."""
    context = result.get("context") or {}
    return isinstance(context, dict) and not any(isinstance(v, (dict, list)) for v in context.values())


class _NoHandle:
    pass


_NO_HANDLE = _NoHandle()


def call_authorizer(call: Call, authorizer: dict[str, Any], token: str | None, log: Any,
                     facts: dict[str, Any] | None = None) -> dict[str, Any]:
    """The function's answer; ``facts`` (a stage that logs) gets the invocation's latency, Lambda's own
    status (200: it ran the function, whatever the function did) and request id."""
    arn = lambdas.function_arn(str(authorizer.get("authorizerUri") or ""), call.stage_variables)
    found = lambdas.find(call.handle, arn) if arn else None
    if found is None:
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, 500, config=True,
                           reason=f"Authorizer error: no function {arn} added with add_lambda")
    fn, lambda_context = found
    if token is not None:
        event: dict[str, Any] = {"type": "TOKEN", "methodArn": method_arn(call), "authorizationToken": token}
    else:

        event = {"type": "REQUEST", "methodArn": method_arn(call),
                 **proxy_event(call, {"requestParameters": {}})}
        for name in ("body", "isBase64Encoded"):
            event.pop(name, None)
        # ``{}`` where the proxy event has ``null`` ("API Gateway Lambda authorizer input", REQUEST example)
        event["pathParameters"] = event["pathParameters"] or {}
    log(f"Starting authorizer: {authorizer.get('id')} for request: {call.request_id}")
    started = time.monotonic() if facts is not None else 0.0
    try:
        result = lambdas.call(fn, lambda_context, event, timeout=AUTHORIZER_TIMEOUT)
    except lambdas.InvocationError as failed:  # a function served over HTTP could not be invoked
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, 500, config=True,
                           reason=f"Authorizer error: {failed}") from None
    if facts is not None:
        facts["integrationLatency"] = _ms(started)
        if not result.timed_out:
            facts["integrationStatus"], facts["requestId"] = 200, lambda_context.aws_request_id
    if result.timed_out:
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, 500, config=True,
                           reason=f"Authorizer error: no answer within {AUTHORIZER_TIMEOUT:g} s")
    if result.exception is not None:
        call.error = result.exception
    if result.error:
        message = result.payload.get("errorMessage") if isinstance(result.payload, dict) else None
        if message == "Unauthorized":
            raise GatewayError("UNAUTHORIZED", "Unauthorized", reason="Unauthorized request: " + call.request_id)
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, 500, config=True,
                           reason=f"Authorizer error: {message}")
    payload = result.payload
    if not isinstance(payload, dict) or not isinstance(payload.get("policyDocument"), dict) \
            or "principalId" not in payload or isinstance(payload["principalId"], (dict, list)):
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, 500, config=True,
                           reason="Invalid JSON in response: the authorizer returned no policy")
    return payload


def _evaluate(policy: Any, arn: str) -> str | None:
    """"Deny" when a statement denies ``execute-api:Invoke`` on ``arn``, "Allow" when one allows it
    and none denies it, None when none names it."""
    statements = policy.get("Statement") or [] if isinstance(policy, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    allowed = False
    deadline = clock.monotonic() + POLICY_BUDGET
    for statement in statements:
        if not isinstance(statement, dict):
            continue
        if not _names(statement, "Action", "execute-api:Invoke", deadline, True) \
                or not _names(statement, "Resource", arn, deadline):
            continue
        effect = statement.get("Effect")
        if effect not in ("Allow", "Deny"):  # IAM's grammar: exactly these two, case-sensitive
            raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, 500, config=True,
                               reason=f"Invalid policy document: Effect {effect!r} is neither Allow nor Deny")
        if effect == "Deny":
            return "Deny"
        allowed = True
    return "Allow" if allowed else None


def _names(statement: dict[str, Any], field: str, value: str, deadline: float, ignore_case: bool = False) -> bool:
    """Whether ``statement``'s ``field`` (``Action``/``Resource``) covers ``value``, or its ``Not`` form
    leaves it out (IAM's grammar, as resource policies read it: guess for authorizer policies)."""
    if field in statement:
        return _any_match(_listed(statement[field]), value, deadline, ignore_case)
    if "Not" + field in statement:
        return not _any_match(_listed(statement["Not" + field]), value, deadline, ignore_case)
    return False


def _any_match(found: list[str], value: str, deadline: float, ignore_case: bool) -> bool:
    for pattern in found:
        if clock.monotonic() > deadline:  # thousands of distinct long patterns, each compiled
            raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", None, 500, config=True,
                               reason=f"Invalid policy document: not evaluated within {POLICY_BUDGET:g} s")
        if _wildcard(pattern, value, ignore_case):
            return True
    return False


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _wildcard(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM's ``*``/``?`` wildcards, compiled once and matched in linear time (``wildcards.Glob``:
    a regular expression of ``.*`` backtracks for seconds on ``*a*a*a...b`` against a long path)."""
    if ignore_case:
        return matches(pattern.lower(), value.lower())
    return matches(pattern, value)


def context_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- Cognito ---------------------------------------------------------------------------------


def _cognito(call: Call, authorizer: dict[str, Any]) -> None:
    source = str(authorizer.get("identitySource") or "method.request.header.Authorization")
    token = header(call.headers, source.split(".")[-1]) or ""
    token = token[7:] if token.lower().startswith("bearer ") else token
    claims = _jwt_claims(token)
    if claims is None:
        raise GatewayError("UNAUTHORIZED", "Unauthorized", reason="Unauthorized request: not a valid JWT")
    pools = {f"https://cognito-idp.{arn.split(':')[3]}.amazonaws.com/{arn.rsplit('/', 1)[-1]}"
             for arn in authorizer.get("providerARNs") or [] if arn.count(":") >= 5}
    if claims.get("iss") not in pools:
        raise GatewayError("UNAUTHORIZED", "Unauthorized", reason="Unauthorized request: token rejected")
    keys = jwks.keys_for(call.handle, claims["iss"])  # the pool's keys, when the test gave them (or moto has)
    if keys is not None:
        signing = _jwt_part(token, 0)  # the token's header
        forged = jwks.verify(token, signing, keys) if signing is not None and str(
            signing.get("alg")) in jwks.RSA_ALGORITHMS else jwks.BAD_SIGNATURE
        if forged is not None:
            raise GatewayError("UNAUTHORIZED", "Unauthorized", reason=f"Unauthorized request: {forged}")
    pattern = authorizer.get("identityValidationExpression")
    if pattern and not _audience_matches(str(pattern), claims.get("aud")):
        raise GatewayError("UNAUTHORIZED", "Unauthorized",
                           reason="Unauthorized request: the token's aud does not match the identity validation "
                                  "expression")
    if isinstance(claims.get("exp"), (int, float)) and claims["exp"] < time.time():
        raise GatewayError("UNAUTHORIZED", "The incoming token has expired", reason="Token expired")
    scopes = call.method.get("authorizationScopes") or []
    if scopes and not set(str(claims.get("scope", "")).split()) & set(scopes):
        raise GatewayError("UNAUTHORIZED", "Unauthorized", reason="Unauthorized request: scope missing")
    call.authorizer = {"claims": {k: v if isinstance(v, str) else _claim_text(k, v) for k, v in claims.items()}}
    if call.identity is not None:
        call.identity = {**call.identity, "cognitoAuthenticationType": None}


def _audience_matches(pattern: str, audience: Any) -> bool:
    """Whether a Cognito authorizer's ``identityValidationExpression`` matches the token's ``aud`` (the
    app client id of an ID token); an access token has no ``aud`` (it has ``client_id``), so never."""
    return isinstance(audience, str) and identity_matches(pattern, audience)


_DATE_CLAIMS = ("exp", "iat")  # sent as Java's Date text; auth_time stays a number's text
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _claim_text(name: str, value: Any) -> str:
    """A Cognito token's claim as REST APIs pass it on: every claim is text. Users' captured events
    show ``exp`` and ``iat`` as Java's ``Date.toString()`` in UTC ("Thu Dec 06 17:08:23 UTC
    2018") while ``auth_time`` stays ``"1544112503"``, and a list joined with commas, its objects
    as compact JSON (``"cognito:groups": "admin,staging-manager"``, ``identities`` as
    ``{"dateCreated":"...",...}``). Guess: an object claim is its compact JSON too."""
    if name in _DATE_CLAIMS and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            moment = datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return context_text(value)
        return (f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02} "  # English whatever
                f"{moment:%H:%M:%S} UTC {moment.year}")  # the locale, as Java's toString

    if isinstance(value, list):
        return ",".join(item if isinstance(item, str) else _compact(item) if isinstance(item, (dict, list))
                        else context_text(item) for item in value)
    if isinstance(value, dict):
        return _compact(value)
    return context_text(value)


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _jwt_claims(token: str) -> dict[str, Any] | None:
    return _jwt_part(token, 1)


def _jwt_part(token: str, index: int) -> dict[str, Any] | None:
    """A JWT's header (0) or claims (1) as a JSON object, None when the token has no such part."""
    parts = token.split(".")
    # read as the HTTP API's JWT authorizer reads it (``jwks.json_part``: bounded, strict base64url,
    # finite numbers only, nesting capped)
    return jwks.json_part(parts[index]) if len(parts) == 3 else None


# --- API keys --------------------------------------------------------------------------------


def _api_key(call: Call) -> None:
    source = (call.snapshot.get("api") or {}).get("apiKeySource") or "HEADER"
    value = call.usage_key if source == "AUTHORIZER" else header(call.headers, "x-api-key")
    store = call.store
    if not value or store is None:
        raise GatewayError("INVALID_API_KEY", "Forbidden", reason="API Key not found")
    # indexed look-ups: flat in the number of keys and plans of the account
    key = api_key_by_value(store, value)
    if key is None or not key.get("enabled", True):
        raise GatewayError("INVALID_API_KEY", "Forbidden", reason="API Key not authorized")
    plan = usage.plan_of_key(store, call.api_id, call.stage, key["id"])
    if plan is None:
        raise GatewayError("INVALID_API_KEY", "Forbidden", reason="API Key not authorized for this stage")
    refused = usage.charge(call.handle, store, plan, key["id"], call.api_id, call.stage,
                           f"{call.resource_path}/{call.method.get('httpMethod') or call.http_method}")  # ANY's own
    if refused == usage.THROTTLED:
        raise GatewayError("THROTTLED", "Too Many Requests", reason="Request throttled")
    if refused == usage.QUOTA_EXCEEDED:
        raise GatewayError("QUOTA_EXCEEDED", "Limit Exceeded", reason="Usage plan quota exceeded")
    if call.identity is not None:
        call.identity = {**call.identity, "apiKey": value, "apiKeyId": key["id"]}

