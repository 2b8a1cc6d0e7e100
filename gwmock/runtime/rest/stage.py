"""Calling a deployed stage: the entry point for ``https://{api}.execute-api.{region}.amazonaws.com/{stage}/...``.

``call_stage(ctx, api_id, stage_name, http_method, path, ...)`` serves the request
from the stage's deployment snapshot (``_snapshot`` in the deployment record), never
from the live API, so changes need a deployment, as on AWS. With a canary, a request
goes to the canary deployment with probability ``percentTraffic`` and sees the
stage variables with the canary's overrides and ``$context.isCanaryRequest`` true
(aws-recorded: test_apigateway_canary test_invoking_canary_deployment). A stage with
``cacheClusterEnabled`` serves cached answers (``cache``: the plan ``invoke`` follows after validation).
A body sent with ``Content-Encoding`` is decoded once the method is found, before the cache and
``invoke`` (``compression``: what AWS documents, the 415/413 refusals and the guesses).

Routing prefers, segment by segment, a literal path part over ``{param}`` over
``{proxy+}``, and a method over ``ANY``. No route (or no stage) answers 403
``Missing Authentication Token`` as AWS does, through the deployment's
MISSING_AUTHENTICATION_TOKEN gateway response (aws-recorded: test_apigateway_common
test_routing_not_found). Leading slashes of the path are collapsed for routing and the
proxy event's ``path``; ``$context.path`` keeps them (test_lambda_aws_proxy_integration).

A customised MISSING_AUTHENTICATION_TOKEN (or DEFAULT_4XX) response sees the request: AWS's "Set up
a gateway response for a REST API using the API Gateway console" maps
``method.request.querystring.q``, ``method.request.path.petId``, ``$context.stage`` and
``$context.resourcePath`` for a call to a missing path (``.../custErr/pets/5/type?q=1``) and answers
``x-request-query: 1``, ``x-request-path: 5``, ``"stage": custErr`` and ``"resourcePath":
/pets/{petId}``. So ``$context`` is filled as for a routed call (requestId, the answer's
``x-amzn-RequestId`` too; apiId, accountId, stage, path, httpMethod, identity, domainName,
protocol, requestTime...) and ``method.request.querystring``/``header`` are the request's.
Guess, from that example: the resource is the deepest one whose path matches the start of the
path called (``/pets/{petId}`` for ``/pets/5/type``; the root for a first segment that matches
nothing), giving ``resourcePath``, ``resourceId`` and the path parameters. Without a customised
response the answer is a constant, built with no work per request (scanners hit this path).

A stage with access log settings (``accessLogSettings``: ``format`` and ``destinationArn``, read from
the live stage) hands each routed or unrouted request's ``$context`` to ``access_logs`` on the answer's
log (``_logged``): the proxy event's ``requestContext``, the gateway failure the call was answered with
(``error.*``: kept by ``invoke`` when it answers a failure), and, for a call that reached
a non-MOCK integration, ``integration*`` (latency: the pipeline's; status: a proxy's answer, 200 for
Lambda), and the authorization steps that ran (``authenticate.*``, ``authorizer.*``, ``authorize.*``:
``authorizers.Steps``, whose docstring has the evidence and guesses). Guesses: a stage that does not
exist, and the disabled default endpoint, log nothing; a
missing route logs ``MISSING_AUTHENTICATION_TOKEN`` with no resource path.

An API whose ``disableExecuteApiEndpoint`` reached its stages answers 403 ``{"message":"Forbidden"}``
on its execute-api host; its custom domain names still serve it ("Disable the default endpoint for
REST APIs"). The setting reaches every stage of the API when any stage is updated or redeployed
(``gwmock.apigateway.stages.put_stage``), as AWS documents.
"""

from __future__ import annotations

import json
import random
import time
import urllib.parse
from collections.abc import Iterable
from typing import Any

from gwmock.context import Context
from gwmock.runtime import access_logs
from gwmock.runtime.caches import Derived
from gwmock.runtime.randomness import uuid4
from gwmock.runtime.rest import cache as response_cache
from gwmock.runtime.rest import compression
from gwmock.runtime.rest.authorizers import Steps
from gwmock.runtime.rest.gateway_responses import GatewayError, render
from gwmock.runtime.rest.invoke import MAX_PAYLOAD, invoke
from gwmock.runtime.rest.request import (
    Answer,
    Call,
    HeaderLists,
    context,
    header,
    match_path,
    method_params,
    real_identity,
    request_context,
)

MISSING_TOKEN = '{"message":"Missing Authentication Token"}'


def call_stage(ctx: Context, api_id: str, stage_name: str, http_method: str, path: str,
               headers: dict[str, list[str]] | None = None, body: str = "",
               chance: Any = random.random, *, handle: Any = None, host: str = "",
               body_bytes: bytes | None = None, domain_path: str | None = None, routing_rule: str = "") -> Answer:
    """Serve ``http_method path`` (``path`` after the stage, with its query string; ``domain_path``
    the URL path a custom domain was called with)."""
    headers = headers or {}
    stage = ctx.store.get(("restapis", api_id, "stages", stage_name))
    deployment = None
    is_canary = False
    if stage is not None:
        canary: dict[str, Any] = stage.get("canarySettings") or {}
        is_canary = bool(canary) and chance() * 100 < float(canary.get("percentTraffic", 0.0))
        deployment_id = canary["deploymentId"] if is_canary else stage["deploymentId"]
        deployment = ctx.store.get(("restapis", api_id, "deployments", deployment_id))
    if stage is None or deployment is None:
        return _missing_token()
    if domain_path is None and stage.get("_endpointDisabled"):  # ``apigateway.stages.put_stage``
        return _forbidden()  # the default endpoint, turned off (a custom domain still serves the API)
    logged = stage.get("accessLogSettings")  # the one look-up access logging costs a stage without it
    snapshot: dict[str, Any] = deployment.get("_snapshot", {})
    variables = dict(stage.get("variables") or {})
    if is_canary:
        variables.update(stage["canarySettings"].get("stageVariableOverrides") or {})
    raw_path, _, query = path.partition("?")
    raw_path = raw_path or "/"
    found = _routes(snapshot.get("resources") or _NO_RESOURCES).find(http_method, raw_path)
    if found is None:
        responses = snapshot.get("gatewayresponses") or _NO_RESPONSES
        customised = "MISSING_AUTHENTICATION_TOKEN" in responses or "DEFAULT_4XX" in responses
        if not customised and not logged:
            return _missing_token()
        unrouted = Call(
            api_id=api_id, account=ctx.account, region=ctx.region, stage=stage_name, http_method=http_method,
            resource_path="", resource_id="", path="/" + raw_path.lstrip("/"), raw_path=raw_path, method={},
            query=urllib.parse.parse_qs(query, keep_blank_values=True) if query else {}, headers=headers,
            body=body, body_bytes=body_bytes, stage_variables=variables, is_canary=is_canary, host=host,
            domain_path=domain_path, handle=handle, snapshot=snapshot, deployment_id=deployment["id"],
            store=ctx.store, identity=real_identity(headers))
        missing = _missing_route(unrouted, responses) if customised else _missing_token(unrouted.request_id)
        if not logged:
            return missing
        unrouted.access = [GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token")]
        return _logged(missing, unrouted, logged, stage, routing_rule, ctx.store.get(("restapis", api_id)))
    resource, method, params = found
    # Every field set here, through the slots (the dataclass's ``__init__`` matches thirty keyword
    # arguments, a third of the cost of the rest of a MOCK request's routing); a test checks that
    # none is left unset.
    call = _new(Call)
    call.api_id, call.account, call.region, call.stage = api_id, ctx.account, ctx.region, stage_name
    call.http_method, call.resource_path, call.resource_id = http_method, resource["path"], resource["id"]
    call.path, call.raw_path, call.domain_path, call.host = "/" + raw_path.lstrip("/"), raw_path, domain_path, host
    call.method, call.path_params = method, params
    call.query = urllib.parse.parse_qs(query, keep_blank_values=True) if query else {}
    call.headers, call.body, call.body_bytes = headers, body, body_bytes
    call.stage_variables, call.is_canary = variables, is_canary
    call.request_id, call.started = uuid4(), time.time()
    call.handle, call.snapshot, call.deployment_id, call.store = handle, snapshot, deployment["id"], ctx.store
    call.identity, call.authorizer, call.usage_key = real_identity(headers), {}, None
    call.check_access, call.method_settings = True, dict(stage.get("methodSettings") or {})
    call.error, call.overrides, call.trace_id, call.access = None, None, None, [] if logged else None
    # the deployed setting (a change needs a deployment, as on AWS)
    minimum = (snapshot.get("api") or _NO_API).get("minimumCompressionSize")
    answer = None
    # a request without a body, or without the header (``HeaderLists.names``), pays these tests only
    if body_bytes and (type(headers) is not HeaderLists or "content-encoding" in headers.names):
        sent = _content_encoding(headers)
        if sent is not None:
            answer = _decoded(call, sent, minimum)
    if answer is None and (stage.get("cacheClusterEnabled") or response_cache.any_made):
        # a stage without the cache pays this test only (until one cache was made: then, to drop a disabled one)
        plan = response_cache.plan(call, stage)
        if plan is not None:
            answer = invoke(call, plan)
    if answer is None:
        answer = invoke(call)
    if minimum is not None:
        answer.minimum_compression = int(minimum)
    return answer if not logged else _logged(answer, call, logged, stage, routing_rule,
                                                 ctx.store.get(("restapis", api_id)))


def _content_encoding(headers: dict[str, list[str]]) -> str | None:
    """The request's ``Content-Encoding`` lines (in any spelling) as one list, None without any."""
    values = [value for name, lines in headers.items() if name.lower() == "content-encoding" for value in lines]
    return ",".join(values) if values else None


def _decoded(call: Call, sent: str, minimum: Any) -> Answer | None:
    """Decode the call's body as its ``Content-Encoding`` says (``compression``), or the gateway's
    refusal: UNSUPPORTED_MEDIA_TYPE (415) for a coding it lacks or a body not so compressed,
    REQUEST_TOO_LARGE (413) for one that decodes past the 10 MB payload limit."""
    data = call.body_bytes or b""
    if len(data) > MAX_PAYLOAD:
        return None  # too large as sent, whatever its coding: ``invoke`` refuses it
    try:
        codings = compression.request_codings(sent)
        if minimum is not None and len(data) < int(minimum):
            return None  # "decompression is not applied" below the API's minimumCompressionSize
        decoded = compression.decompress(data, codings, MAX_PAYLOAD)
    except compression.Undecodable:
        return _refused(call, GatewayError("UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type"))
    except compression.TooLarge:
        return _refused(call, GatewayError("REQUEST_TOO_LARGE", "Request Too Long"))
    if decoded is not data:
        call.body_bytes, call.body = decoded, decoded.decode("utf-8", "replace")
    return None


def _refused(call: Call, error: GatewayError) -> Answer:
    """A request refused before its method runs, answered by the API's gateway response (not logged)."""
    responses = call.snapshot.get("gatewayresponses") or _NO_RESPONSES
    if call.access is not None:
        call.access[:] = [error]
    status, body, headers = render(error, responses, context(call), method_params(call), call.stage_variables)
    return Answer(status, body, headers, [], 0, request_id=call.request_id)


_new = object.__new__


# --- access logs --------------------------------------------------------------------------------

# the failures of a call whose integration was reached (a function error, a timeout, a malformed answer)
_AFTER_INTEGRATION = frozenset({"DEFAULT_5XX", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT"})


def _logged(answer: Answer, call: Call, settings: Any, stage: dict[str, Any], routing_rule: str,
            api: dict[str, Any] | None) -> Answer:
    """``answer`` with its log carrying the call's access log facts (``access_logs.pending``), finished
    by ``diagnostics.record`` with the status and length the client got. ``api``: the live API record,
    whose endpoint type (``$context.endpointType``) applies without a deployment, as on AWS."""
    failure = call.access[-1] if call.access and answer.status >= 400 else None
    values = _access_values(call, answer, failure, stage)
    types = ((api or _NO_API).get("endpointConfiguration") or _NO_API).get("types")
    values["endpointType"] = types[0] if types else "EDGE"
    if routing_rule:  # "the ID of the routing rule that matched the incoming request"
        values["customDomain"]["routingRuleIdMatched"] = routing_rule
    answer.log_lines = access_logs.pending(answer.log_lines, settings, values, call.started * 1000, call.api_id,
                                           call.stage)
    return answer


def _access_values(call: Call, answer: Answer, failure: GatewayError | None, stage: dict[str, Any]) -> dict[str, Any]:
    """The call's ``$context`` for its access log: the proxy event's ``requestContext`` (ids, identity,
    authorizer, paths, times) and what the answer tells (error, integration). REST APIs have no route
    key (users' REST access logs show ``"routeKey": "-"``)."""
    values = request_context(call)
    if call.overrides:
        values.update(call.overrides)  # $context.requestOverride / responseOverride, as templates set them
    values["customDomain"] = {"basePathMatched": access_logs.base_path(call.domain_path, call.raw_path or "/")}
    values["isCanaryRequest"] = call.is_canary
    if stage.get("tracingEnabled"):
        trace = call.trace_id or header(call.headers, "X-Amzn-Trace-Id") or ""
        values["xrayTraceId"] = next((p.strip()[5:] for p in trace.split(";") if p.strip().startswith("Root=")), None)
    if failure is not None:
        message = failure.message
        values["error"] = {"message": message, "messageString": None if message is None else json.dumps(message),
                           "responseType": failure.kind, "validationErrorString": failure.validation or None}
    values.update(_integration_values(call, answer, failure))
    if type(call.access) is Steps:
        _authorization_values(values, call.access.facts)
    return values


def _authorization_values(values: dict[str, Any], facts: dict[str, dict[str, Any]]) -> None:
    """``authenticate.*``, ``authorizer.*`` and ``authorize.*`` of the steps that ran (``authorizers.Steps``;
    a step that did not run stays ``-``). The gateway's facts take the place of an authorizer's context
    keys of the same names (``status``, ``latency``, ...: guess; ``integrationLatency`` already does)."""
    for phase in ("authenticate", "authorize"):
        if phase in facts:
            values[phase] = facts[phase]
    found = facts.get("authorizer")
    if found is not None:
        values["authorizer"] = {**(values.get("authorizer") or {}), **found}


def _integration_values(call: Call, answer: Answer, failure: GatewayError | None) -> dict[str, Any]:
    """``$context.integration*`` of a call that reached its integration (guesses: a MOCK has none; the
    latency is the pipeline's, as in-process the integration is nearly all of it; a non-proxy
    integration's own status is known for Lambda only, 200, Lambda's answer to the invocation)."""
    integration = call.method.get("methodIntegration") or {}
    kind = integration.get("type")
    if not kind or kind == "MOCK" or (failure is not None and failure.kind not in _AFTER_INTEGRATION):
        return {}
    lambda_uri = kind in ("AWS", "AWS_PROXY") and ":lambda:path/" in str(integration.get("uri"))
    status: int | None = None
    if failure is None:
        status = answer.status if kind in ("AWS_PROXY", "HTTP_PROXY") else 200 if lambda_uri else None
    timed_out = failure is not None and failure.kind == "INTEGRATION_TIMEOUT"
    service = 200 if lambda_uri and not timed_out else status  # Lambda's own answer, whatever the function did
    error = failure.reason if failure is not None else None
    return {"integrationLatency": answer.latency, "integrationStatus": service, "integrationErrorMessage": error,
            "integration": {"latency": answer.latency, "status": status, "integrationStatus": service,
                            "error": error}}


_NO_RESOURCES: dict[str, Any] = {}
_NO_API: dict[str, Any] = {}
_NO_RESPONSES: dict[str, Any] = {}


class RouteTable:
    """A deployment's resources compiled for routing, once per snapshot: resources without
    path parameters by their normalized path (a literal path that matches always wins, as its
    rank is all zeros), the others scanned in order by ``route``."""

    def __init__(self, resources: dict[str, Any]) -> None:
        self.literal: dict[str, dict[str, Any]] = {}
        self.templated: list[dict[str, Any]] = []
        for resource in resources.values():
            path = resource.get("path") or "/"
            if "{" in path:
                self.templated.append(resource)
            else:
                self.literal.setdefault("/".join(s for s in path.split("/") if s), resource)

    def find(self, http_method: str,
             path: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]] | None:
        trimmed = path.lstrip("/")
        trimmed = trimmed[:-1] if trimmed.endswith("/") else trimmed
        resource = self.literal.get(trimmed)
        if resource is not None and "//" not in trimmed:
            methods = resource.get("resourceMethods") or {}
            method = methods.get(http_method.upper()) or methods.get("ANY")
            if method is not None:
                return resource, method, {}
        return route(self.templated, http_method, path)


_routes: Derived[RouteTable] = Derived(RouteTable)


def route(resources: Iterable[dict[str, Any]], http_method: str,
          path: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]] | None:
    """The most specific resource whose path matches and that has ``http_method`` (or ANY)."""
    best: tuple[tuple[int, ...], dict[str, Any], dict[str, Any], dict[str, str]] | None = None
    for resource in resources:
        methods = resource.get("resourceMethods") or {}
        method = methods.get(http_method.upper()) or methods.get("ANY")
        if method is None:
            continue
        params = match_path(resource["path"], path)
        if params is None:
            continue
        rank = tuple(_rank(part) for part in resource["path"].split("/") if part)
        rank += (0 if http_method.upper() in methods else 1,)
        if best is None or rank < best[0]:
            best = (rank, resource, method, params)
    return None if best is None else best[1:]


def _rank(part: str) -> int:
    if part.endswith("+}"):
        return 2
    return 1 if part.startswith("{") else 0


def _forbidden() -> Answer:
    """A call to the execute-api endpoint of an API that turned it off ("Disable the default endpoint
    for REST APIs": clients "will receive a 403 Forbidden status code")."""
    return Answer(403, '{"message":"Forbidden"}', {"Content-Type": "application/json",
                                                  "x-amzn-ErrorType": "ForbiddenException"}, [], 0)


def _missing_token(request_id: str | None = None) -> Answer:
    """No route and no customised response: AWS's default MISSING_AUTHENTICATION_TOKEN answer
    (``request_id``: the id its access log line names, for the answer's headers to name too)."""
    return Answer(403, MISSING_TOKEN, {"x-amzn-ErrorType": "MissingAuthenticationTokenException"}, [], 0,
                  request_id=request_id)


def _missing_route(call: Call, responses: dict[str, Any]) -> Answer:
    """No route, answered by the API's customised gateway response, which sees the request
    (``$context``, ``method.request.*``) with the deepest resource on the path called."""
    found = _deepest(call.snapshot.get("resources") or _NO_RESOURCES, call.raw_path or "/")
    if found is not None:
        resource, call.path_params = found
        call.resource_path, call.resource_id = resource["path"], resource["id"]
    ctx = context(call)
    if found is None:  # an API without resources: nothing to name
        del ctx["resourcePath"], ctx["resourceId"]
    error = GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token")
    status, body, headers = render(error, responses, ctx, method_params(call), call.stage_variables)
    return Answer(status, body, headers, [], 0, request_id=call.request_id)


def _deepest(resources: dict[str, Any], path: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The resource whose path matches the most leading segments of ``path`` (a literal part
    before ``{param}`` before ``{proxy+}`` among equally deep ones), with its path parameters."""
    trimmed = path.lstrip("/")
    segments = (trimmed[:-1] if trimmed.endswith("/") else trimmed).split("/") if trimmed else []
    best: tuple[tuple[int, ...], dict[str, Any], dict[str, str]] | None = None
    for resource in resources.values():
        template = resource.get("path") or "/"
        parts = [part for part in template.split("/") if part]
        if len(parts) > len(segments):
            continue
        proxy = bool(parts) and parts[-1].endswith("+}")
        params = match_path(template, path if proxy else "/".join(segments[:len(parts)]))
        if params is None:
            continue
        rank = (-(len(segments) if proxy else len(parts)), *(_rank(part) for part in parts))
        if best is None or rank < best[0]:
            best = (rank, resource, params)
    return None if best is None else best[1:]
