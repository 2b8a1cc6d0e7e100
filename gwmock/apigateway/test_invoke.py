"""TestInvokeMethod, TestInvokeAuthorizer: the console's "Test" button, on the live API.

TestInvokeMethod runs the method as currently configured (not as deployed) through
``gwmock.runtime.rest.invoke`` in the stage ``test-invoke-stage`` and answers the
method response with the execution log (aws-recorded: test_apigateway_api
test_invoke_test_method, test_failed_invoke_test_method):
* without ``pathWithQueryString`` the resource's own path is called, so path
  parameters take their template text (``{petId={petId}}``); a path that does not
  fit the resource gives no path parameters, and the log names the path as given;
* a missing API answers "Invalid Resource identifier specified", like a missing
  resource; a missing verb "Invalid Method identifier specified";
* ``status`` is the method's status while the call itself answers 200;
  ``multiValueHeaders`` mirrors ``headers``;
* request validation and gateway responses apply (read from the live API); authorizers
  and API keys do not (the console's test skips them);
* Lambda integrations call the functions registered on the mock (``gw.add_lambda``).

TestInvokeAuthorizer (no recording; guesses throughout): a TOKEN or COGNITO authorizer
whose identity header is missing, or fails ``identityValidationExpression``, answers
``clientStatus`` 401. A Lambda authorizer (TOKEN or REQUEST) calls the function registered on the
mock (``gw.add_lambda``) with the event the data plane sends, for ``GET`` on ``pathWithQueryString``
(``/`` without one) in ``test-invoke-stage``, never from the result cache: 200 with its
``principalId``, ``policy`` (the policy document as JSON text) and ``authorization`` (its context, each
value a list of one text), 401 when it answers "Unauthorized", 500 when it fails or its answer is not
one API Gateway can use. A Cognito authorizer answers 500 with a configuration error in the log.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid
from datetime import datetime, timezone
from typing import Any

from gwmock.apigateway.lookups import authorizer_or_404, method_or_404, resource_or_404, rest_api_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import NotFound
from gwmock.runtime.rest.authorizers import call_authorizer, context_text, identity_matches, identity_values
from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.invoke import Call, invoke, match_path

TEST_STAGE = "test-invoke-stage"


def test_invoke_method(ctx: Context, params: Params) -> Result:
    api_id = params["restApiId"]
    if ctx.store.get(("restapis", api_id)) is None:
        raise NotFound("Invalid Resource identifier specified")
    resource = resource_or_404(ctx, api_id, params["resourceId"])
    method = method_or_404(resource, params["httpMethod"])
    target = params.get("pathWithQueryString") or resource["path"]
    path, _, query = target.partition("?")
    call = Call(
        api_id=api_id, account=ctx.account, region=ctx.region, stage=TEST_STAGE,
        http_method=params["httpMethod"], resource_path=resource["path"], resource_id=resource["id"],
        path=path, method=method, path_params=match_path(resource["path"], path) or {},
        query=urllib.parse.parse_qs(query, keep_blank_values=True), headers=_headers(params),
        body=params.get("body") or "", stage_variables=_present(params.get("stageVariables")),
        snapshot=_live_parts(ctx, api_id), handle=ctx.handle,
    )
    answer = invoke(call)
    body = answer.body if isinstance(answer.body, str) else answer.body.decode("utf-8", "replace")
    return {
        "status": answer.status,
        "body": body,
        "headers": answer.headers,
        "multiValueHeaders": {k: [v] for k, v in answer.headers.items()},
        "log": "\n".join(answer.log),
        "latency": answer.latency,
    }


def test_invoke_authorizer(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    authorizer = authorizer_or_404(ctx, api["id"], params["authorizerId"])
    started = time.monotonic()
    request_id = str(uuid.uuid4())
    lines = [f"Execution log for request {request_id}"]

    def log(text: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")
        lines.append(f"{stamp} : {text}")

    log(f"Starting authorizer: {authorizer['id']} for request: {request_id}")
    status = _authorize(authorizer, _headers(params), log)
    granted: dict[str, Any] = {}
    if status == 0:  # a Lambda authorizer whose identity is there: the function decides
        status, granted = _run_lambda(ctx, api["id"], authorizer, params, request_id, log)
    lines.append("")
    latency = max(int((time.monotonic() - started) * 1000), 0)  # a test may move the clock back
    return {"clientStatus": status, "log": "\n".join(lines), "latency": latency, **granted}


def _run_lambda(ctx: Context, api_id: str, authorizer: dict[str, Any], params: Params, request_id: str,
                log: Any) -> tuple[int, dict[str, Any]]:
    target = params.get("pathWithQueryString") or "/"
    path, _, query = target.partition("?")
    call = Call(
        api_id=api_id, account=ctx.account, region=ctx.region, stage=TEST_STAGE, http_method="GET",
        resource_path=path, resource_id="", method={}, path=path,
        query=urllib.parse.parse_qs(query, keep_blank_values=True), headers=_headers(params),
        body=params.get("body") or "", stage_variables=_present(params.get("stageVariables")),
        snapshot=_live_parts(ctx, api_id), handle=ctx.handle, request_id=request_id,
    )
    values = identity_values(call, authorizer)
    caching = int(authorizer.get("authorizerResultTtlInSeconds", 300) or 0) > 0  # sources then required
    if authorizer.get("type") == "REQUEST" and caching and not (values and all(values)):
        log("Unauthorized request: identity source is missing")
        return 401, {}
    token = values[0] if authorizer.get("type") == "TOKEN" and values else None
    def logged(text: str) -> None:  # the opening line is this operation's own, written already
        if not text.startswith("Starting authorizer"):
            log(text)

    try:
        answer = call_authorizer(call, authorizer, token, logged)
    except GatewayError as failure:
        prefix = "Execution failed due to configuration error: " if failure.config else ""
        log(prefix + (failure.reason or str(failure.message)))
        return failure.status, {}
    context: dict[str, Any] = answer["context"] if isinstance(answer.get("context"), dict) else {}
    log(f"Authorizer result: principalId {answer.get('principalId')}")
    return 200, {"principalId": str(answer.get("principalId")), "policy": json.dumps(answer["policyDocument"]),
                 "authorization": {k: [context_text(v)] for k, v in context.items() if v is not None}}


# --- helpers ---------------------------------------------------------------------------


def _live_parts(ctx: Context, api_id: str) -> dict[str, object]:
    """What the pipeline reads from a deployment snapshot, taken from the live API."""
    api = ctx.store.get(("restapis", api_id)) or {}
    return {
        "api": {k: api[k] for k in ("binaryMediaTypes", "apiKeySource") if k in api},
        "requestvalidators": {r["id"]: r for r in ctx.store.values(("restapis", api_id, "requestvalidators"))},
        "models": {r["name"]: r for r in ctx.store.values(("restapis", api_id, "models"))},
        "gatewayresponses": {r["responseType"]: r for r in ctx.store.values(("restapis", api_id, "gatewayresponses"))},
    }


def _headers(params: Params) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {k: list(v) for k, v in _present(params.get("multiValueHeaders")).items()}
    for key, value in _present(params.get("headers")).items():
        headers[key] = [value]
    return headers


def _present(values: dict[str, object] | None) -> dict[str, Any]:
    """A map without its null values: a header or stage variable sent as null is not sent (guess)."""
    return {k: v for k, v in (values or {}).items() if v is not None}


def _authorize(authorizer: dict[str, object], headers: dict[str, list[str]], log: object) -> int:
    assert callable(log)
    kind = authorizer.get("type")
    source = str(authorizer.get("identitySource") or "")
    if kind in ("TOKEN", "COGNITO_USER_POOLS") and source.startswith("method.request.header."):
        name = source[len("method.request.header."):].lower()
        token = next((v[-1] for k, v in headers.items() if k.lower() == name and v), None)
        log(f"Incoming identity: {token if token is not None else ''}")
        if not token:
            log("Unauthorized request: identity source is missing")
            return 401
        pattern = authorizer.get("identityValidationExpression")  # a Cognito one is for the token's aud
        if pattern and kind == "TOKEN" and not identity_matches(str(pattern), token):
            log("Unauthorized request: identity does not match the validation expression")
            return 401
    if kind in ("TOKEN", "REQUEST"):
        return 0  # the function decides (``_run_lambda``)
    log("Execution failed due to configuration error: Invalid endpoint address")
    return 500
