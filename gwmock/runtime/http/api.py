"""HTTP API (v2) invocations: ``https://{api}.execute-api.{region}.amazonaws.com/{stage}/path``.

The order of a request, as API Gateway documents it for HTTP APIs:

1. Stage: a first path segment naming a stage selects it (``/dev/pets``); otherwise the
   ``$default`` stage serves the whole path (``/pets``). No such stage, or a stage
   without a deployment: 404 ``{"message":"Not Found"}``. When both could apply, a
   named stage wins (guess). ``DisableExecuteApiEndpoint``: 403 ``{"message":"Forbidden"}``
   (guess for the body).
2. CORS preflight, answered by API Gateway (``cors``).
3. Route selection (``v2_request.select_route``); no route: 404 ``{"message":"Not Found"}``.
4. Authorization (``auth``): 401/403/500.
5. Integration: ``AWS_PROXY`` Lambda (``lambdas``, payload 1.0 or 2.0) or
   ``HTTP_PROXY`` (``integration``); ``${stageVariables.x}`` in ``IntegrationUri`` is
   replaced. A route without integration, or an AWS service integration
   (``IntegrationSubtype``), answers 500 (guess). A Lambda function error or a
   malformed answer is a 500 ``{"message":"Internal Server Error"}``; a function that
   runs longer than ``TimeoutInMillis`` (30 s by default) is answered 503 ``{"message":"Service
   Unavailable"}`` when the timeout passes, the function left running (what users report from
   AWS: serverless/serverless#11222, sst#2232).
6. ``ResponseParameters`` of the integration for the status, then CORS headers.

Every answer carries ``apigw-requestid``, ``date``, ``content-length`` and ``connection``
headers; header names are lowercase (as HTTP APIs answer over HTTP/2).

A stage serves what its deployment froze: every deployment (manual or automatic)
stores a snapshot of the routes, integrations, authorizers and CORS configuration
(``gwmock/apigatewayv2/deployments.py``), so changes wait for the next deployment, as
on AWS. (A stage whose deployment predates snapshots serves the live configuration.)

WebSocket APIs are not served over HTTP: a plain HTTP request to one answers 403
``{"message":"Forbidden"}`` (guess); see ``gwmock.runtime.websocket.connections``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from gwmock.context import Context
from gwmock.runtime.http import auth as http_auth
from gwmock.runtime.http import cors as http_cors
from gwmock.runtime.http import integration as http_integration
from gwmock.runtime.http import lambdas as http_lambdas
from gwmock.runtime.http.request import (
    V2Request,
    compiled_routes,
    error,
    new_request_id,
    parse_headers,
    parse_query,
    select_route,
)
from gwmock.runtime.response import Response, http_date, without_unsafe_lines


def call_http_api(ctx: Context, handle: Any, api_id: str, method: str, path: str, query: str,
                  headers: dict[str, str], body: bytes) -> Response:
    api = ctx.store.get(("v2", "apis", api_id))
    if api is None:
        return _finish(error(404, "Not Found"), new_request_id())
    if api.get("ProtocolType") != "HTTP" or api.get("DisableExecuteApiEndpoint"):
        return _finish(error(403, "Forbidden"), new_request_id())
    found = resolve_stage(ctx, api_id, path)
    if found is None:
        return _finish(error(404, "Not Found"), new_request_id())
    stage_name, stage, rest = found
    request = V2Request(api=api, account=ctx.account, region=ctx.region, stage_name=stage_name, stage=stage,
                        method=method.upper(), raw_path=path or "/", path=rest, query_string=query,
                        query=parse_query(query), headers=parse_headers(headers), body=body)
    _add_gateway_headers(request)
    config = _Config(ctx, api, stage)
    cors = config.cors
    if http_cors.is_preflight(cors, request):
        return _finish(http_cors.preflight(cors, request), request.request_id)  # type: ignore[arg-type]
    response = _serve(config, handle, request)
    response = http_cors.decorate(cors, request, response)
    return _finish(response, request.request_id)


def _finish(response: Response, request_id: str) -> Response:
    """The headers API Gateway puts on every HTTP API answer (aws-recorded HTTP API answers are
    not in the recordings; the names and lowercase spelling follow what HTTP APIs send)."""
    headers = response.headers = without_unsafe_lines(response.headers, response.log)
    headers["date"] = http_date()
    headers["content-length"] = str(len(response.body))
    headers["connection"] = "keep-alive"
    if "apigw-requestid" not in headers:
        headers["apigw-requestid"] = request_id
    return response


def _add_gateway_headers(request: V2Request) -> None:
    """What API Gateway adds before integrations see a request (guess: the headers AWS's
    events show; ``connection``/``keep-alive`` are dropped as hop-by-hop)."""
    headers = request.headers
    for name in ("connection", "keep-alive"):
        headers.pop(name, None)
    headers.setdefault("host", [request.domain_name])
    if request.body:
        headers["content-length"] = [str(len(request.body))]
    forwarded = ",".join(headers.get("x-forwarded-for", []))
    headers["x-forwarded-for"] = [f"{forwarded}, 127.0.0.1" if forwarded else "127.0.0.1"]
    headers["x-forwarded-port"] = ["443"]
    headers["x-forwarded-proto"] = ["https"]
    headers["x-amzn-trace-id"] = [request.trace_id]


def resolve_stage(ctx: Context, api_id: str, path: str) -> tuple[str, dict[str, Any], str] | None:
    """(stage name, stage record, path below the stage) for a deployed stage, else None."""
    first, _, rest = (path or "/").lstrip("/").partition("/")
    name = unquote(first)
    if name and name != "$default":
        stage = ctx.store.get(("v2", "apis", api_id, "stages", name))
        if stage is not None:
            return (name, stage, "/" + rest) if _deployed(ctx, api_id, stage) else None
    stage = ctx.store.get(("v2", "apis", api_id, "stages", "$default"))
    if stage is None or not _deployed(ctx, api_id, stage):
        return None
    return "$default", stage, path or "/"


def _deployed(ctx: Context, api_id: str, stage: dict[str, Any]) -> bool:
    deployment = str(stage.get("DeploymentId") or "")
    return bool(deployment) and ctx.store.get(("v2", "apis", api_id, "deployments", deployment)) is not None


_NO_ROUTES: list[dict[str, Any]] = []


class _Config:
    """What a stage serves: its deployment's snapshot when there is one (a record at
    ``("v2", "apis", api, "deployments", id, "snapshot")`` holding ``routes`` (list),
    ``integrations`` and ``authorizers`` (dicts by id) and ``CorsConfiguration``), else
    the API's live configuration."""

    def __init__(self, ctx: Context, api: dict[str, Any], stage: dict[str, Any]) -> None:
        self.base = ("v2", "apis", str(api["ApiId"]))
        self.ctx = ctx
        deployment = str(stage.get("DeploymentId") or "")
        self.snapshot = ctx.store.get((*self.base, "deployments", deployment, "snapshot")) if deployment else None
        self.cors = (self.snapshot or api).get("CorsConfiguration")

    def routes(self) -> list[dict[str, Any]]:
        if self.snapshot is not None:
            return list(self.snapshot.get("routes") or [])
        return self.ctx.store.values((*self.base, "routes"))

    def select(self, method: str, path: str) -> tuple[dict[str, Any], dict[str, str]] | None:
        """The route for ``method path``: a snapshot's routes are compiled once (``RouteTable``)."""
        if self.snapshot is not None:
            return compiled_routes(self.snapshot.get("routes") or _NO_ROUTES).select(method, path)
        return select_route(self.routes(), method, path)

    def child(self, collection: str, child_id: str) -> dict[str, Any] | None:
        if not child_id:
            return None
        if self.snapshot is not None:
            return (self.snapshot.get(collection) or {}).get(child_id)
        return self.ctx.store.get((*self.base, collection, child_id))


def _serve(config: _Config, handle: Any, request: V2Request) -> Response:
    selected = config.select(request.method, request.path)
    if selected is None:
        return error(404, "Not Found", request.request_id)
    request.route, request.path_params = selected
    request.route_key = str(request.route.get("RouteKey", "$default"))
    request.route_path = request.route_key.partition(" ")[2] or request.route_key
    denied = http_auth.authorize(handle, request, lambda i: config.child("authorizers", i))
    if denied is not None:
        return denied
    target = str(request.route.get("Target") or "")
    integration = config.child("integrations", target.removeprefix("integrations/"))
    if integration is None:
        return error(500, "Internal Server Error", request.request_id)
    kind = integration.get("IntegrationType")
    if kind == "AWS_PROXY" and not integration.get("IntegrationSubtype"):
        response = _call_lambda(handle, integration, request)
    elif kind == "HTTP_PROXY":
        response = http_integration.call_http_proxy(integration, request)
    else:
        return error(500, "Internal Server Error", request.request_id)
    return http_integration.map_response(integration, request, response)


def _call_lambda(handle: Any, integration: dict[str, Any], request: V2Request) -> Response:
    version = integration.get("PayloadFormatVersion") or "1.0"
    event = http_lambdas.event_v2(request) if version == "2.0" else http_lambdas.event_v1(request)
    uri = http_integration.stage_variables_in(integration.get("IntegrationUri", ""), request)
    timeout_ms = int(integration.get("TimeoutInMillis") or 30000)
    try:
        payload = http_lambdas.invoke(handle.lambdas, uri, event, request.request_id, timeout_ms)
        parse = http_lambdas.response_v2 if version == "2.0" else http_lambdas.response_v1
        response = parse(payload)
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
