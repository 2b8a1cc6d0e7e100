"""HTTP API (v2) invocations: ``https://{api}.execute-api.{region}.amazonaws.com/{stage}/path``.

The order of a request, as API Gateway documents it for HTTP APIs:

1. Stage: a first path segment naming a stage selects it (``/dev/pets``); otherwise the
   ``$default`` stage serves the whole path (``/pets``). No such stage, or a stage
   without a deployment: 404 ``{"message":"Not Found"}``. When both could apply, a
   named stage wins (guess). ``DisableExecuteApiEndpoint``, as the stage's deployment
   froze it: 403 ``{"message":"Forbidden"}`` on the execute-api host (guess for the body);
   custom domain names still serve the API ("Disable the default endpoint for HTTP APIs").
   A path holding ``%`` is decoded as HTTP APIs do (``request``'s docstring): an escape that
   does not decode is a 400 ``{"message":"Bad Request"}``.
2. CORS preflight, answered by API Gateway when no route (an ``OPTIONS`` or ``ANY`` route,
   or ``$default``) takes it (``cors``); one a route takes goes on like any request.
3. Route selection (``v2_request.select_route``); no route: 404 ``{"message":"Not Found"}``;
   then the stage's throttling of the route (``throttling``): 429 ``{"message":"Too Many Requests"}``.
4. Authorization (``auth``): 401/403/500.
5. Integration: ``AWS_PROXY`` Lambda (``lambdas``, payload 1.0 or 2.0), ``AWS_PROXY`` with an
   ``IntegrationSubtype`` (an AWS service action: ``services``) or ``HTTP_PROXY``
   (``integration``); ``${stageVariables.x}`` in ``IntegrationUri`` is
   replaced. A Lambda integration's ``RequestParameters`` change the event it gets
   (``integration.mapped_request``), never the request the later steps read. A route
   without integration answers 500 (guess). A Lambda function error or a
   malformed answer is a 500 ``{"message":"Internal Server Error"}``; a function that
   runs longer than ``TimeoutInMillis`` (30 s by default) is answered 503 ``{"message":"Service
   Unavailable"}`` when the timeout passes, the function left running (what users report from
   AWS: serverless/serverless#11222, sst#2232).
6. ``ResponseParameters`` of the integration for the status, then CORS headers.

Every answer carries ``apigw-requestid``, ``date``, ``content-length`` and ``connection``
headers; header names are lowercase (as HTTP APIs answer over HTTP/2). An answer to ``HEAD`` loses
its body in ``gwmock.runtime.call``, as every API type's does.

A stage with ``AccessLogSettings`` (``Format`` and ``DestinationArn``) hands the request's ``$context``
to ``access_logs`` on the answer's log (``_logged``), from the answer onwards (a path that does not
decode too; guess: the disabled default endpoint logs nothing). API Gateway's own refusals (the
``{"message":"..."}`` answers of ``request.error``) give ``error.message``; a route's authorizer's refusal
(JWT, Lambda, IAM: nothing granted) gives ``authorizer.error`` too, the same message (guess: AWS documents
"The error message returned from an authorizer" without examples), and no ``integration*``.

A stage serves what its deployment froze: every deployment (manual or automatic)
stores a snapshot of the routes, integrations, authorizers and CORS configuration
(``gwmock/apigatewayv2/deployments.py``), so changes wait for the next deployment, as
on AWS. (A stage whose deployment predates snapshots serves the live configuration.)
A snapshot is compiled once (``_Plan``: the route table, and per route its key, path,
integration, payload version and timeout); requests only look things up in it.

WebSocket APIs are not served over HTTP: a plain HTTP request to one answers 403
``{"message":"Forbidden"}`` (guess); see ``gwmock.runtime.websocket.connections``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from gwmock.context import Context
from gwmock.runtime import access_logs
from gwmock.runtime.caches import Derived
from gwmock.runtime.http import auth as http_auth
from gwmock.runtime.http import cors as http_cors
from gwmock.runtime.http import integration as http_integration
from gwmock.runtime.http import lambdas as http_lambdas
from gwmock.runtime.http import services as http_services
from gwmock.runtime.http import throttling as http_throttling
from gwmock.runtime.http.request import (
    RouteTable,
    V2Request,
    decode_path,
    error,
    new_request_id,
    parse_headers,
    parse_query,
)
from gwmock.runtime.response import Response, http_date, without_unsafe_lines

_logger = logging.getLogger("gwmock")


def call_http_api(ctx: Context, handle: Any, api_id: str, method: str, path: str, query: str,
                  headers: Mapping[str, str | list[str]], body: bytes, api: dict[str, Any] | None = None, *,
                  domain: str = "", domain_path: str | None = None, client_cert: Any = None) -> Response:
    """Serve one request; ``api``: the API's record when the caller has just read it; ``domain``
    and ``domain_path``: the custom domain and URL path it was called with; ``client_cert``: the
    certificate a mutual TLS domain admitted (``mtls.ClientCert``), for the events."""
    if api is None:
        api = ctx.store.get(("v2", "apis", api_id))
    if api is None:
        return _finish(error(404, "Not Found"), new_request_id())
    if api.get("ProtocolType") != "HTTP":
        return _finish(error(403, "Forbidden"), new_request_id())
    found = resolve_stage(ctx, api_id, path)
    if found is None:
        if not domain and api.get("DisableExecuteApiEndpoint"):
            return _finish(error(403, "Forbidden"), new_request_id())
        return _finish(error(404, "Not Found"), new_request_id())
    stage_name, stage, rest = found
    plan = _plan(ctx, api, stage)
    if not domain and plan.endpoint_disabled:  # custom domain names still serve the API
        return _finish(error(403, "Forbidden"), new_request_id())
    logged = stage.get("AccessLogSettings")  # the one look-up access logging costs a stage without it
    called = path or "/"
    if "%" not in called:  # the usual path; one with escapes is decoded as HTTP APIs do
        request = V2Request(api, ctx.account, ctx.region, stage_name, stage, method.upper(), called, rest, query,
                            parse_query(query) if query else {}, parse_headers(headers), body)
        if domain:
            _on_custom_domain(request, rest, domain, domain_path)
    else:
        decoded = _decoded_request(api, ctx, stage_name, stage, method, called, rest, query, headers, body,
                                   domain, domain_path)
        if decoded is None:
            if not logged:
                return _finish(error(400, "Bad Request"), new_request_id())
            sent = V2Request(api, ctx.account, ctx.region, stage_name, stage, method.upper(), called, rest, query, {},
                             parse_headers(headers), body)
            return _logged(_finish(error(400, "Bad Request", sent.request_id), sent.request_id), sent, plan, logged)
        request = decoded
    if client_cert is not None:
        request.client_cert = client_cert
    _add_gateway_headers(request)
    cors = plan.cors
    selected = None
    if cors and http_cors.is_preflight(cors, request):
        # API Gateway answers a preflight itself only when no route takes it (``cors``)
        selected = plan.table.select(request.method, request.path)
        if selected is None:
            answer = _finish(http_cors.preflight(cors, request), request.request_id)
            return answer if not logged else _logged(answer, request, plan, logged)
    response, checked = _serve(plan, handle, request, selected)
    if cors:
        response = http_cors.decorate(cors, request, response)
        checked = False  # the origin comes from the request
    answer = _finish(response, request.request_id, checked)
    return answer if not logged else _logged(answer, request, plan, logged)


def _decoded_request(api: dict[str, Any], ctx: Context, stage_name: str, stage: dict[str, Any], method: str,
                     called: str, rest: str, query: str, headers: Mapping[str, str | list[str]], body: bytes,
                     domain: str, domain_path: str | None) -> V2Request | None:
    """The request of a path holding ``%`` (``request.decode_path``): routes match ``rest`` decoded
    once, the events show it decoded twice; None when an escape does not decode (a 400)."""
    full = decode_path(called)
    below = decode_path(rest) if "%" in rest else (rest, rest)
    mapped = decode_path(domain_path) if domain_path and "%" in domain_path else (domain_path, domain_path)
    if full is None or below is None or mapped is None:
        return None
    request = V2Request(api, ctx.account, ctx.region, stage_name, stage, method.upper(), full[1], below[0], query,
                        parse_query(query) if query else {}, parse_headers(headers), body)
    request.sent_path = called
    if domain:
        _on_custom_domain(request, below[1], domain, mapped[1])
        request.sent_path = rest
    return request


def _on_custom_domain(request: V2Request, rest: str, domain: str, domain_path: str | None) -> None:
    """A custom domain's request. AWS: "If you use an API mapping to connect your stage to a custom
    domain name, rawPath won't provide the API mapping value": rawPath is the path below the
    mapping, after the stage's segment when the stage is not ``$default``, though the URL has none
    (a user's capture of AWS's events, CodeGenieApp/serverless-express#465: "Invoke URL:
    https://{customDomain}/{ApiMappingKey}/foo", "rawPath: /{stageName}/foo"; Powertools strips the
    stage from every 2.0 rawPath for that reason); 1.0's path keeps the mapping (``lambdas.event_v1``)."""
    named = request.stage_name != "$default"
    request.raw_path, request.domain_path = (f"/{request.stage_name}{rest}" if named else rest), domain_path
    request.domain_name, request.domain_prefix = domain, domain.partition(".")[0]


def _finish(response: Response, request_id: str, checked: bool = False) -> Response:
    """The headers API Gateway puts on every HTTP API answer (aws-recorded HTTP API answers are
    not in the recordings; the names and lowercase spelling follow what HTTP APIs send).
    ``checked``: every header line is known to be safe (a Lambda answer, whose names and values
    ``lambdas`` refused when they could end a line), so none needs dropping."""
    headers = response.headers if checked else without_unsafe_lines(response.headers, response.log)
    response.headers = headers
    table = getattr(headers, "_container", None)
    if type(table) is not dict:
        headers["date"] = http_date()
        headers["content-length"] = str(len(response.body))
        headers["connection"] = "keep-alive"
        if "apigw-requestid" not in headers:
            headers["apigw-requestid"] = request_id
        return response
    # urllib3 2's table (lower-case name -> [name, value]), written as ``headers[name] = value``
    # would write it (``response.put_lines``), without four method calls
    table["date"] = ["date", http_date()]
    table["content-length"] = ["content-length", str(len(response.body))]
    table["connection"] = ["connection", "keep-alive"]
    if "apigw-requestid" not in table:
        table["apigw-requestid"] = ["apigw-requestid", request_id]
    return response


# --- access logs --------------------------------------------------------------------------------

_OWN_ERROR = re.compile(rb'\{"message":"([A-Za-z ]{1,64})"\}')  # an answer of API Gateway's own (``error``)


def _logged(response: Response, request: V2Request, plan: _Plan, settings: Any) -> Response:
    """``response`` with its log carrying the request's access log facts (``access_logs.pending``),
    finished by ``diagnostics.record``."""
    own = _OWN_ERROR.fullmatch(response.body) if response.status >= 400 else None
    message = own[1].decode() if own is not None else None
    target = plan.target(request.route) if request.route is not None else None
    # refused by its authorizer: nothing granted (throttling, which comes before it, answers 429)
    refused = message is not None and target is not None and target.authorized and request.authorizer is None \
        and response.status != 429
    # an integration answered unless API Gateway refused the request before it (a 4xx of its own, an authorizer's 500)
    integrated = target is not None and target.integration is not None and not refused and \
        (message is None or response.status >= 500)
    values = _access_values(request, response, message)
    if integrated and target is not None:
        values.update(_integration_values(target, response, message))
    elif refused:  # ``$context.authorizer.error``: the refusal's message (guess)
        values["authorizer"]["error"] = message
    response.log = access_logs.pending(response.log_lines, settings, values, request.epoch_ms, request.api_id,
                                       request.stage_name, integrated)
    return response


def _access_values(request: V2Request, response: Response, message: str | None) -> dict[str, Any]:
    """The request's ``$context`` for its access log ("Customize HTTP API access logs"):
    ``extendedRequestId`` is the request id, ``path`` the path as called (with the stage),
    ``routeKey`` none when no route took the request, ``error.*`` API Gateway's own refusal
    (guess: ``responseType`` unknown, ``-``), ``dataProcessed`` the request's and answer's bodies
    (guess)."""
    identity: dict[str, Any] = {"sourceIp": request.source_ip, "userAgent": request.header("user-agent")}
    if request.client_cert is not None:  # ``$context.identity.clientCert.*`` of a mutual TLS domain
        identity["clientCert"] = request.client_cert.event()
    authorizer: dict[str, Any] = {}
    found = request.authorizer or {}
    iam = found.get("iam")
    if isinstance(iam, dict):
        identity.update(accountId=iam.get("accountId"), caller=iam.get("callerId"), user=iam.get("userId"),
                        userArn=iam.get("userArn"), principalOrgId=iam.get("principalOrgId"),
                        accessKey=iam.get("accessKey"))
    jwt = found.get("jwt")
    if isinstance(jwt, dict):
        authorizer["claims"] = jwt.get("claims")
    if isinstance(found.get("lambda"), dict):
        authorizer.update(found["lambda"])
    if "principalId" in found:
        authorizer["principalId"] = found["principalId"]
    values: dict[str, Any] = {
        "accountId": request.account, "apiId": request.api_id, "domainName": request.domain_name,
        "domainPrefix": request.domain_prefix, "requestId": request.request_id,
        "extendedRequestId": request.request_id, "httpMethod": request.method, "path": request.raw_path,
        "protocol": "HTTP/1.1", "requestTime": request.time_text, "requestTimeEpoch": request.epoch_ms,
        "routeKey": request.route_key if request.route is not None else None, "stage": request.stage_name,
        "identity": identity, "authorizer": authorizer,
        "customDomain": {"basePathMatched": access_logs.base_path(request.domain_path, request.path)},
        "dataProcessed": len(request.body) + len(response.body),
    }
    if message is not None:
        values["error"] = {"message": message, "messageString": json.dumps(message)}
    return values


def _integration_values(target: _Target, response: Response, message: str | None) -> dict[str, Any]:
    """``$context.integration*`` of a request its integration answered: the status the function (or
    backend) gave, Lambda's own 200 for a Lambda integration that answered in time, and for a failed one
    gwmock's reason, the log's last line (guesses)."""
    status = response.status if message is None else None
    service = 200 if target.calls == _CALLS_LAMBDA and response.status != 503 else status
    log = response.log
    reason = log[-1] if message is not None and log else None
    return {"integrationStatus": service, "integrationErrorMessage": reason,
            "integration": {"status": status, "integrationStatus": service, "error": reason}}


def _add_gateway_headers(request: V2Request) -> None:
    """What API Gateway adds before integrations see a request (guess: the headers AWS's
    events show; ``connection``/``keep-alive`` are dropped as hop-by-hop)."""
    headers = request.headers
    if "connection" in headers:
        del headers["connection"]
    if "keep-alive" in headers:
        del headers["keep-alive"]
    if "host" not in headers:
        headers["host"] = [request.domain_name]
    if request.body:
        headers["content-length"] = [str(len(request.body))]
    forwarded = headers.get("x-forwarded-for")
    if forwarded:
        joined = ",".join(forwarded)
        headers["x-forwarded-for"] = [f"{joined}, 127.0.0.1" if joined else "127.0.0.1"]
    else:
        headers["x-forwarded-for"] = ["127.0.0.1"]
    headers["x-forwarded-port"] = ["443"]
    headers["x-forwarded-proto"] = ["https"]
    headers["x-amzn-trace-id"] = [request.trace_id]


def resolve_stage(ctx: Context, api_id: str, path: str) -> tuple[str, dict[str, Any], str] | None:
    """(stage name, stage record, path below the stage) for a deployed stage, else None.

    Records are read from the backend by full key (what ``ctx.store.get`` does, without its
    frame and key joining per read: a request reads four of them)."""
    get = ctx.store.backend.get
    base = ctx.store.scope + ("v2", "apis", api_id)
    first, _, rest = (path or "/").lstrip("/").partition("/")
    name = unquote(first) if "%" in first else first
    if name and name != "$default":
        stage = get(base + ("stages", name))
        if stage is not None:
            return (name, stage, "/" + rest) if _deployed(get, base, stage) else None
    stage = get(base + ("stages", "$default"))
    if stage is None or not _deployed(get, base, stage):
        return None
    return "$default", stage, path or "/"


def _deployed(get: Callable[[tuple[str, ...]], Any], base: tuple[str, ...], stage: dict[str, Any]) -> bool:
    deployment = str(stage.get("DeploymentId") or "")
    return bool(deployment) and get(base + ("deployments", deployment)) is not None


_CALLS_LAMBDA, _CALLS_HTTP, _CALLS_SERVICE, _CALLS_NOTHING = 1, 2, 3, 0
_AUTHORIZED = frozenset({"AWS_IAM", "JWT", "CUSTOM"})


class _Target:
    """A route and what serving it needs, resolved once per deployment."""

    __slots__ = ("authorized", "calls", "integration", "maps_requests", "maps_responses", "route", "route_key",
                 "route_path", "service", "timeout_ms", "uri", "uri_has_variables", "version")

    def __init__(self, route: dict[str, Any], integrations: dict[str, Any]) -> None:
        self.route = route
        self.route_key = str(route.get("RouteKey", "$default"))
        self.route_path = self.route_key.partition(" ")[2] or self.route_key
        self.authorized = route.get("AuthorizationType", "NONE") in _AUTHORIZED
        target = str(route.get("Target") or "")
        child_id = target.removeprefix("integrations/")
        integration = integrations.get(child_id) if child_id else None
        self.integration: dict[str, Any] | None = integration
        self.calls = _CALLS_NOTHING
        self.service: http_services.Service | None = None
        self.version = self.uri = ""
        self.uri_has_variables = self.maps_requests = self.maps_responses = False
        self.timeout_ms = 30000
        if integration is None:
            return
        kind = integration.get("IntegrationType")
        if kind == "AWS_PROXY" and not integration.get("IntegrationSubtype"):
            self.calls = _CALLS_LAMBDA
        elif kind == "AWS_PROXY":  # an AWS service integration (``services``)
            self.calls = _CALLS_SERVICE
            self.service = http_services.compile_integration(integration)
        elif kind == "HTTP_PROXY":
            self.calls = _CALLS_HTTP
        self.version = integration.get("PayloadFormatVersion") or "1.0"
        self.uri = integration.get("IntegrationUri", "")
        self.uri_has_variables = "${stageVariables." in str(self.uri)
        self.timeout_ms = int(integration.get("TimeoutInMillis") or 30000)
        self.maps_responses = bool(integration.get("ResponseParameters"))
        self.maps_requests = bool(integration.get("RequestParameters"))


class _Plan:
    """What a stage serves, from a deployment's snapshot (a record at ``("v2", "apis", api,
    "deployments", id, "snapshot")`` holding ``routes`` (list), ``integrations`` and
    ``authorizers`` (dicts by id) and ``CorsConfiguration``), compiled once per snapshot."""

    def __init__(self, snapshot: dict[str, Any]) -> None:
        self.table = RouteTable(snapshot.get("routes") or [])
        self.integrations: dict[str, Any] = snapshot.get("integrations") or {}
        self.authorizers: dict[str, Any] = snapshot.get("authorizers") or {}
        self.cors: dict[str, Any] | None = snapshot.get("CorsConfiguration")
        self.endpoint_disabled = bool(snapshot.get("DisableExecuteApiEndpoint"))
        self._targets: dict[int, _Target] = {}  # by id() of a route the table holds

    def target(self, route: dict[str, Any]) -> _Target:
        found = self._targets.get(id(route))
        if found is None:  # made on first use: a 1,000-route API compiles only what is called
            found = self._targets[id(route)] = _Target(route, self.integrations)
        return found

    def authorizer(self, authorizer_id: str) -> dict[str, Any] | None:
        return self.authorizers.get(authorizer_id) if authorizer_id else None


_compiled: Derived[_Plan] = Derived(_Plan)


def _plan(ctx: Context, api: dict[str, Any], stage: dict[str, Any]) -> _Plan:
    """The stage's deployment compiled; a deployment without a snapshot (made before they
    existed) serves the API's live configuration, compiled for this request only."""
    base = ("v2", "apis", str(api["ApiId"]))
    deployment = str(stage.get("DeploymentId") or "")
    snapshot = ctx.store.backend.get(ctx.store.scope + base + ("deployments", deployment, "snapshot")) \
        if deployment else None
    if snapshot is not None:
        return _compiled(snapshot)
    return _Plan({
        "routes": ctx.store.values((*base, "routes")),
        "integrations": {str(r.get("IntegrationId")): r for r in ctx.store.values((*base, "integrations"))},
        "authorizers": {str(r.get("AuthorizerId")): r for r in ctx.store.values((*base, "authorizers"))},
        "CorsConfiguration": api.get("CorsConfiguration"),
        "DisableExecuteApiEndpoint": api.get("DisableExecuteApiEndpoint"),
    })


def _serve(plan: _Plan, handle: Any, request: V2Request,
           selected: tuple[dict[str, Any], dict[str, str]] | None = None) -> tuple[Response, bool]:
    """The answer, and whether its header lines are already known to be safe; ``selected``: the
    route and path parameters when already known."""
    if selected is None:
        selected = plan.table.select(request.method, request.path)
    if selected is None:
        return error(404, "Not Found", request.request_id), False
    route, request.path_params = selected
    target = plan.target(route)
    request.route = route
    request.route_key = target.route_key
    request.route_path = target.route_path
    if http_throttling.throttled(handle, request):
        return error(429, "Too Many Requests", request.request_id), False
    if target.authorized:
        denied = http_auth.authorize(handle, request, plan.authorizer)
        if denied is not None:
            return denied, False
    integration = target.integration
    if integration is None:
        return error(500, "Internal Server Error", request.request_id), False
    if target.calls == _CALLS_LAMBDA:
        response = _call_lambda(handle, target, request)
        if not target.maps_responses:
            return response, True
    elif target.calls == _CALLS_HTTP:
        response = http_integration.call_http_proxy(integration, request, handle)
    elif target.service is not None:
        response = http_services.call(target.service, request)
    else:
        _logger.warning("gwmock: route %s of HTTP API %s has an integration gwmock does not serve (%s); "
                        "answered 500", request.route_key, request.api_id, integration.get("IntegrationType"))
        return error(500, "Internal Server Error", request.request_id), False
    if not target.maps_responses:
        return response, False
    return http_integration.map_response(integration, request, response), False


def _call_lambda(handle: Any, target: _Target, request: V2Request) -> Response:
    v2 = target.version == "2.0"
    seen = http_integration.mapped_request(target.integration or {}, request) if target.maps_requests else request
    event = http_lambdas.event_v2(seen) if v2 else http_lambdas.event_v1(seen)
    uri = http_integration.stage_variables_in(target.uri, request) if target.uri_has_variables else target.uri
    timeout_ms = target.timeout_ms
    try:
        result = http_lambdas.invoke_for_answer(handle.lambdas, uri, event, request.request_id, timeout_ms)
        response = http_lambdas.response_v2(result) if v2 else http_lambdas.response_v1(result)
    except http_lambdas.LambdaTimeout:
        answer = error(503, "Service Unavailable", request.request_id)
        answer.log.append(f"Lambda function {uri} did not answer within {timeout_ms} ms")
        return answer
    except http_lambdas.LambdaFailure as failure:
        answer = error(500, "Internal Server Error", request.request_id)
        answer.log.append(f"Lambda function {uri} failed: {failure}")
        answer.error = failure.cause
        return answer
    except (http_lambdas.MalformedResponse, ValueError) as malformed:
        answer = error(500, "Internal Server Error", request.request_id)
        answer.log.append(f"Malformed Lambda proxy response: {malformed}")
        return answer
    return response
