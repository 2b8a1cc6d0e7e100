"""Lambda REQUEST authorizers on a WebSocket API's ``$connect`` route.

AWS's "Create a WebSocket API Lambda REQUEST authorizer" page describes the event:
``type: REQUEST``, ``methodArn`` (``arn:aws:execute-api:{region}:{account}:{api}/{stage}/$connect``),
``headers``/``multiValueHeaders``, ``queryStringParameters``/``multiValueQueryStringParameters``
and ``stageVariables`` (``{}`` when empty, as in an event captured from AWS:
aws-lambda-powertools' apiGatewayAuthorizerWebSocketEvent.json) and the CONNECT event's ``requestContext``
(``connectionId`` included). Identity sources are ``route.request.header.{name}``
(case-insensitive), ``route.request.querystring.{name}``, ``stageVariables.{name}`` and
``context.{name}``; one that is missing or empty answers 401 without calling the function.

The function answers ``{principalId, policyDocument, context}``: its ``execute-api:Invoke``
statements are matched (``*``/``?`` wildcards) against the method ARN, a Deny wins, no
Allow is 403; another shape is 500. Answers are never cached: a WebSocket authorizer takes no
``AuthorizerResultTtlInSeconds`` (CreateAuthorizer refuses one, as AWS does), so every
``$connect`` asks the function.

As on REST APIs (AWS: a WebSocket authorizer function "is similar to that for REST APIs";
``gwmock.runtime.rest.authorizers``, whose checks are reused here):

* A function raising an exception whose message is exactly ``Unauthorized`` answers 401
  (localstack#6368 reports AWS answering 401 where the authorizer threw; REST answers 401 only
  for that exact message, users report 500 for any other text). Any other exception, or a
  function that is not registered, answers 500 and is logged on the ``gwmock`` logger and
  raised in the test with ``raise_lambda_errors=True`` (as for the ``$connect`` function);
  a function not answering within 10 s answers 500.
* A ``context`` holding an object or an array (values must be strings, numbers or booleans)
  answers 500 once the policy allows the connection (a Deny still answers 403 first, as REST).
  Allowed values reach ``requestContext.authorizer`` unchanged: numbers stay numbers (unlike
  REST, which sends them as text; aws-lambda-go's WebSocket CONNECT test event has
  ``"clientId": 1``).

A stage that logs gets the steps' access log values (``facts``), as REST's (``rest.authorizers.Steps``):
``authorizer.status`` (200 once the function answered a usable policy, else the refusal: 401, 500),
``authorizer.latency``, ``authorizer.integrationLatency``, ``authorizer.integrationStatus`` and
``authorizer.requestId`` (Lambda's own 200 and the invocation's id, when the function ran: an exception
included, a timeout or a missing function not), ``authorizer.error`` (``Unauthorized`` for a 401; guess:
a 500's message is null, as REST's), then ``authorize.status``/``latency``/``error`` (the policy's
verdict: 200, or 403 ``Forbidden``, guess: the word the handshake's log gives). A step that did not run
stays ``-``.
"""

from __future__ import annotations

import json
import time
from typing import Any

from gwmock.arns import partition
from gwmock.runtime.http import lambdas as http_lambdas
from gwmock.runtime.http.request import V2Request, new_request_id
from gwmock.runtime.rest import authorizers as rest_authorizers
from gwmock.runtime.websocket import events

AUTHORIZER_TIMEOUT_MS = 10_000  # API Gateway's limit on an authorizer's run (guess: HTTP APIs' value)


def method_arn(conn: Any) -> str:
    region, account = conn.request.region, conn.request.account
    return f"arn:{partition(region)}:execute-api:{region}:{account}:{conn.api_id}/{conn.stage_name}/$connect"


def authorize(conn: Any, authorizer: dict[str, Any], facts: dict[str, dict[str, Any]] | None = None) -> int | None:
    """None when ``conn`` may connect (its request's ``authorizer`` then set), else the HTTP status.
    ``facts`` (a stage that logs): the ``authorizer`` and ``authorize`` steps' access log values."""
    if facts is None:
        return _authorize(conn, authorizer, None)
    found: dict[str, Any] = {}
    started = time.monotonic()
    status = _authorize(conn, authorizer, found)
    answered = found.pop("answered", None)
    if status is not None and (status != 403 or answered is None):  # the authorizer's refusal or failure
        facts["authorizer"] = {**found, "status": status, "latency": _ms(started), "error": _ERRORS.get(status)}
        return status
    facts["authorizer"] = {**found, "status": 200, "latency": _ms(started, answered)}
    facts["authorize"] = {"status": status or 200, "latency": _ms(answered or started),
                          "error": "Forbidden" if status else None}
    return status


# the ``authorizer.error`` of its refusals (guess: the words REST's gateway responses answer, a
# configuration error's message being null there)
_ERRORS = {401: "Unauthorized"}


def _ms(started: float, ended: float | None = None) -> int:
    return max(int(((time.monotonic() if ended is None else ended) - started) * 1000), 0)


def _authorize(conn: Any, authorizer: dict[str, Any], facts: dict[str, Any] | None) -> int | None:
    sources = [str(s) for s in authorizer.get("IdentitySource") or []]
    values = [_identity(conn, source) for source in sources]
    if any(not value for value in values):
        return 401
    request_id = new_request_id()
    started = time.monotonic() if facts is not None else 0.0
    try:
        payload = http_lambdas.invoke(conn.handle.lambdas, str(authorizer.get("AuthorizerUri") or ""),
                                      event(conn, request_id), request_id, AUTHORIZER_TIMEOUT_MS)
    except http_lambdas.LambdaTimeout:
        _invoked(facts, started, None)
        return 500
    except http_lambdas.LambdaFailure as failure:
        # the function ran (Lambda's own 200) when it raised; not when it was not found
        _invoked(facts, started, request_id if failure.cause is not None else None)
        if str(failure) == "Unauthorized":
            return 401  # the function's answer, as REST's: raise Exception("Unauthorized")
        conn.record_failure("$connect authorizer", failure, reraise=conn.in_process)
        return 500
    _invoked(facts, started, request_id)
    result = json.loads(payload)
    if not _well_formed(result):
        return 500
    if facts is not None:
        facts["answered"] = time.monotonic()
    if not _allows(result["policyDocument"], method_arn(conn)):
        return 403
    if not rest_authorizers.scalar_context(result):  # REST's check: context values must be scalars
        if facts is not None:
            del facts["answered"]  # an answer API Gateway cannot use: the authorizer's own 500
        return 500
    context = result.get("context")
    conn.request.authorizer = {"lambda": dict(context) if isinstance(context, dict) else None,
                               "principalId": result.get("principalId"),
                               "usageIdentifierKey": result.get("usageIdentifierKey")}  # api_keys reads it
    return None


def _invoked(facts: dict[str, Any] | None, started: float, request_id: str | None) -> None:
    """The invocation's facts: its latency, and Lambda's own 200 and request id when the function ran."""
    if facts is not None:
        facts["integrationLatency"] = _ms(started)
        if request_id is not None:
            facts["integrationStatus"], facts["requestId"] = 200, request_id


def event(conn: Any, request_id: str) -> dict[str, Any]:
    connect = events.build(conn, "$connect", "CONNECT", request_id)
    out: dict[str, Any] = {"type": "REQUEST", "methodArn": method_arn(conn),
                           **events.header_fields(events.authorizer_headers(conn.headers))}
    # present though empty, unlike the CONNECT event's (AWS's event: aws-lambda-powertools'
    # apiGatewayAuthorizerWebSocketEvent.json, captured in 2025)
    out["queryStringParameters"] = connect.get("queryStringParameters") or {}
    out["multiValueQueryStringParameters"] = connect.get("multiValueQueryStringParameters") or {}
    out["stageVariables"] = dict(conn.request.stage.get("StageVariables") or {})
    context = dict(connect["requestContext"])
    context.pop("authorizer", None)
    out["requestContext"] = context
    return out


def _identity(conn: Any, source: str) -> str | None:
    request: V2Request = conn.request
    if source.startswith("route.request.header."):
        return request.header(source[len("route.request.header."):])
    if source.startswith("route.request.querystring."):
        found = request.query.get(source[len("route.request.querystring."):])
        return ",".join(found) if found else None
    if source.startswith("stageVariables."):
        return request.stage_variables.get(source[len("stageVariables."):])
    if source.startswith("context."):
        name = source[len("context."):]
        simple = {"connectionId": conn.connection_id, "identity.sourceIp": conn.source_ip,
                  "identity.userAgent": conn.user_agent, "stage": conn.stage_name, "apiId": conn.api_id,
                  "routeKey": "$connect", "eventType": "CONNECT", "domainName": conn.domain_name}
        return str(simple[name]) if simple.get(name) else request.context_variable(name)
    return None


def _well_formed(result: Any) -> bool:
    if not isinstance(result, dict) or not isinstance(result.get("policyDocument"), dict):
        return False
    if result.get("context") is not None and not isinstance(result["context"], dict):
        return False
    statements = result["policyDocument"].get("Statement")
    statements = [statements] if isinstance(statements, dict) else statements
    return isinstance(statements, list) and all(isinstance(s, dict) and s.get("Effect") in ("Allow", "Deny")
                                                for s in statements)


def _allows(document: dict[str, Any], arn: str) -> bool:
    statements = document["Statement"]
    allowed = False
    for statement in [statements] if isinstance(statements, dict) else statements:
        if not any(_matches(a, "execute-api:Invoke") for a in _listed(statement.get("Action"))):
            continue
        if not any(_matches(r, arn) for r in _listed(statement.get("Resource"))):
            continue
        if statement["Effect"] == "Deny":
            return False
        allowed = True
    return allowed


def _listed(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value is not None else []


def _matches(pattern: str, text: str) -> bool:
    """IAM's ``*``/``?`` wildcards, matched greedily with one backtrack point (no regex: linear-ish
    on any pattern a function returns)."""
    p = t = 0
    star, mark = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] in ("?", text[t]):
            p, t = p + 1, t + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark, p = p, t, p + 1
        elif star >= 0:
            p, mark = star + 1, mark + 1
            t = mark
        else:
            return False
    return all(c == "*" for c in pattern[p:])
