"""CreateApi (with quick create), GetApi, GetApis, UpdateApi, DeleteApi, DeleteCorsConfiguration.

There are no v2 recordings in ``aws-recorded/``; shapes follow AWS's documented
examples (AWS CLI reference for ``apigatewayv2``) and botocore's model.

* HTTP APIs get ``RouteSelectionExpression: "$request.method $request.path"`` (the
  only value AWS accepts for them; ``${request.method} ${request.path}`` is stored in
  that form), ``ApiKeySelectionExpression: "$request.header.x-api-key"``, an
  ``https://`` endpoint; WebSocket APIs a ``wss://`` endpoint and must name their
  RouteSelectionExpression. Both get ``DisableExecuteApiEndpoint: false``,
  ``IpAddressType: ipv4`` and ``Tags`` (``{}`` when none, as in the AWS CLI's
  update-api example output, aws/aws-cli awscli/examples/apigatewayv2/update-api.rst;
  its create-api example shows ``ApiKeySelectionExpression: $request.header.x-api-key``
  on a WebSocket API too).
* Quick create (``Target``, HTTP only) makes an API Gateway managed ``$default`` route
  (or ``RouteKey``), an integration (AWS_PROXY with payload format 2.0 for a Lambda
  ARN; HTTP_PROXY with method ANY and format 1.0 for a URL, since AWS documents 1.0
  as the only format of non-Lambda integrations) and an auto-deployed ``$default``
  stage. UpdateApi's ``Target``/``RouteKey`` update that route and integration (on an
  API that was not quick-created they quick-create: a guess).
* A quick-create ``Target`` is "a function ARN" (``arn:<partition>:lambda:<region>:<12-digit
  account>:function:<name>[:<qualifier>]``, or the ``...:lambda:path/.../functions/<arn>/invocations`` URI
  naming one) or "a fully qualified URL" (http or https, a host, a numeric port if any, no blank or
  control character), as the model's ``Target`` documentation says; anything else is refused before
  anything is stored (the data plane could call none of them).
* DeleteApi refuses an API an API mapping names (400, see ``gwmock/domains.py``).
* CorsConfiguration is HTTP only. ``AllowCredentials`` with an ``AllowOrigins`` of ``*`` is a
  400 "allow-credentials is not supported if 'allow-origin' is *" (quoted with "Service:
  AmazonApiGatewayV2; Status Code: 400; Error Code: BadRequestException" in aws/aws-cdk#9076);
  UpdateApi checks the configuration it would store. Guessed messages: a WebSocket API without a route
  selection expression, CORS/quick create on WebSocket, an unsupported route or API
  key selection expression, a Target that is neither a Lambda ARN nor a URL.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from gwmock import domains
from gwmock.apigateway.stages import leave_usage_plans
from gwmock.apigatewayv2 import deployments
from gwmock.apigatewayv2.lookups import api_or_404
from gwmock.apigatewayv2.routes import _check_http_route_key, _check_unique_key
from gwmock.arns import execute_api_host
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record
from gwmock.tags import check_tags

HTTP_ROUTE_SELECTION = "$request.method $request.path"
_HTTP_ROUTE_SELECTION_FORMS = (HTTP_ROUTE_SELECTION, "${request.method} ${request.path}")
_API_KEY_SELECTIONS = ("$request.header.x-api-key", "$context.authorizer.usageIdentifierKey")
_PLAIN_FIELDS = ("Description", "Version", "DisableSchemaValidation")
# quick create's Lambda target: a function ARN (optionally qualified), or the integration URI that names one
_FUNCTION_ARN = r"arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?"
_LAMBDA_TARGET = re.compile(rf"(?:{_FUNCTION_ARN}|arn:[a-z-]+:apigateway:[a-z0-9-]+:lambda:path/[0-9-]+/functions/"
                            rf"{_FUNCTION_ARN}/invocations)")
# API fields a deployment keeps (``deployments._snapshot``): changing one redeploys AutoDeploy stages.
_DEPLOYED_FIELDS = ("CorsConfiguration", "DisableExecuteApiEndpoint")


def create_api(ctx: Context, params: Params) -> Result:
    protocol = params["ProtocolType"]
    websocket = protocol == "WEBSOCKET"
    if websocket and not params.get("RouteSelectionExpression"):
        raise BadRequest("RouteSelectionExpression is required for WEBSOCKET protocol")
    route_selection = _route_selection(protocol, params.get("RouteSelectionExpression"))
    api_key_selection = _api_key_selection(params.get("ApiKeySelectionExpression"))
    if websocket and params.get("CorsConfiguration") is not None:
        raise BadRequest("CORS configuration is supported only for HTTP APIs")
    check_cors(params.get("CorsConfiguration"))
    quick = _quick_create_params(protocol, params)
    tags = check_tags(params.get("Tags"))
    api_id = new_id(10)
    scheme = "wss" if websocket else "https"
    api: Record = {
        "ApiId": api_id,
        "Name": params["Name"],
        "ProtocolType": protocol,
        "ApiEndpoint": f"{scheme}://{execute_api_host(api_id, ctx.region)}",
        "ApiKeySelectionExpression": api_key_selection or _API_KEY_SELECTIONS[0],
        "RouteSelectionExpression": route_selection,
        "CreatedDate": ctx.now(),
        "DisableExecuteApiEndpoint": bool(params.get("DisableExecuteApiEndpoint", False)),
        "IpAddressType": params.get("IpAddressType") or "ipv4",
        "Tags": tags,
    }
    for name in _PLAIN_FIELDS:
        if params.get(name) is not None:
            api[name] = params[name]
    if params.get("CorsConfiguration") is not None:
        api["CorsConfiguration"] = dict(params["CorsConfiguration"])
    ctx.store.put(("v2", "apis", api_id), api)
    if quick is not None:
        _quick_create(ctx, api_id, *quick)
    return api


def get_api(ctx: Context, params: Params) -> Result:
    return api_or_404(ctx, params["ApiId"])


def get_apis(ctx: Context, params: Params) -> Result:
    return page_v2(ctx, ("v2", "apis"), params)


def update_api(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    protocol = api["ProtocolType"]
    updated = dict(api)
    if params.get("RouteSelectionExpression") is not None:
        updated["RouteSelectionExpression"] = _route_selection(protocol, params["RouteSelectionExpression"])
    if params.get("ApiKeySelectionExpression") is not None:
        updated["ApiKeySelectionExpression"] = _api_key_selection(params["ApiKeySelectionExpression"])
    if params.get("CorsConfiguration") is not None:
        if protocol == "WEBSOCKET":
            raise BadRequest("CORS configuration is supported only for HTTP APIs")
        check_cors(params["CorsConfiguration"])
        updated["CorsConfiguration"] = dict(params["CorsConfiguration"])
    quick = _quick_create_params(protocol, params)
    for name in ("Name", "DisableExecuteApiEndpoint", "IpAddressType", *_PLAIN_FIELDS):
        if params.get(name) is not None:
            updated[name] = params[name]
    ctx.store.put(("v2", "apis", api["ApiId"]), updated)  # first: a deployment below snapshots it
    if quick is not None or params.get("RouteKey") or params.get("CredentialsArn"):
        _quick_update(ctx, api["ApiId"], params)  # deploys AutoDeploy stages
    elif any(updated.get(name) != api.get(name) for name in _DEPLOYED_FIELDS):
        deployments.auto_deploy(ctx, api["ApiId"])
    return updated


def delete_api(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    if domains.domains_mapping(ctx, api["ApiId"]):
        raise BadRequest(f"Deleting API {api['ApiId']} failed. Please remove all API mappings for the API from "
                         "your custom domain names.")
    ctx.store.delete_tree(("v2", "apis", api["ApiId"]))
    if api.get("ProtocolType") == "WEBSOCKET":
        leave_usage_plans(ctx, api["ApiId"])
    return {}


def delete_cors_configuration(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    if "CorsConfiguration" in api:
        ctx.store.put(("v2", "apis", api["ApiId"]),
                      {k: v for k, v in api.items() if k != "CorsConfiguration"})
        deployments.auto_deploy(ctx, api["ApiId"])
    return {}


# --- helpers --------------------------------------------------------------------------


def check_cors(cors: dict[str, Any] | None) -> None:
    """AWS refuses credentials for any origin, as the CORS protocol does (browsers drop them)."""
    if cors and cors.get("AllowCredentials") and "*" in (cors.get("AllowOrigins") or ()):
        raise BadRequest("allow-credentials is not supported if 'allow-origin' is *")


def _route_selection(protocol: str, expression: str | None) -> str:
    if protocol == "WEBSOCKET":
        return expression or ""
    if expression is None or expression in _HTTP_ROUTE_SELECTION_FORMS:
        return HTTP_ROUTE_SELECTION
    raise BadRequest(f"Unsupported route selection expression for HTTP API: {expression}. "
                     f"Must be '${{request.method}} ${{request.path}}'")


def _api_key_selection(expression: str | None) -> str | None:
    if expression is not None and expression not in _API_KEY_SELECTIONS:
        raise BadRequest(f"Invalid API key selection expression specified: {expression}. "
                         f"Must be one of: [{', '.join(_API_KEY_SELECTIONS)}]")
    return expression


def _quick_create_params(protocol: str, params: Params) -> tuple[str, str, str | None, str] | None:
    """(integration type, uri, credentials, route key) of a quick create, or None without a Target."""
    target = params.get("Target")
    if protocol == "WEBSOCKET":
        if target or params.get("RouteKey") or params.get("CredentialsArn"):
            raise BadRequest("Quick create (Target, RouteKey, CredentialsArn) is supported only for HTTP APIs")
        return None
    if params.get("RouteKey"):
        _check_http_route_key(params["RouteKey"])
    if not target:
        return None
    return _target_type(target), target, params.get("CredentialsArn"), params.get("RouteKey") or "$default"


def _target_type(target: str) -> str:
    if _LAMBDA_TARGET.fullmatch(target):
        return "AWS_PROXY"
    if _is_http_url(target):
        return "HTTP_PROXY"
    raise BadRequest(f"Invalid target specified: {target}. Target must be a Lambda function ARN or an HTTP URL")


def _is_http_url(target: str) -> bool:
    """A fully qualified http(s) URL with a host, as the data plane can call it (``http://``, ``http://[::1``
    or a URL with spaces or control characters never reaches a backend)."""
    if not target.isprintable() or " " in target:
        return False
    try:
        parts = urlsplit(target)
        _ = parts.port  # a port that is not a number, or out of range, raises
    except ValueError:  # also a bracketed host that is not an IPv6 address
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _managed_integration(kind: str, uri: str, credentials: str | None) -> dict[str, Any]:
    lambda_ = kind == "AWS_PROXY"
    integration: dict[str, Any] = {
        "ApiGatewayManaged": True,
        "ConnectionType": "INTERNET",
        "IntegrationMethod": "POST" if lambda_ else "ANY",
        "IntegrationType": kind,
        "IntegrationUri": uri,
        "PayloadFormatVersion": "2.0" if lambda_ else "1.0",
        "TimeoutInMillis": 30000,
    }
    if credentials:
        integration["CredentialsArn"] = credentials
    return integration


def _quick_create(ctx: Context, api_id: str, kind: str, uri: str, credentials: str | None,
                  route_key: str) -> None:
    integration_id = new_id(7)
    integration = {"IntegrationId": integration_id, **_managed_integration(kind, uri, credentials)}
    ctx.store.put(("v2", "apis", api_id, "integrations", integration_id), integration)
    route_id = new_id(7)
    ctx.store.put(("v2", "apis", api_id, "routes", route_id), {
        "ApiGatewayManaged": True,
        "ApiKeyRequired": False,
        "AuthorizationType": "NONE",
        "RouteId": route_id,
        "RouteKey": route_key,
        "Target": f"integrations/{integration_id}",
    })
    now = ctx.now()
    ctx.store.put(("v2", "apis", api_id, "stages", "$default"), {
        "StageName": "$default",
        "ApiGatewayManaged": True,
        "AutoDeploy": True,
        "CreatedDate": now,
        "LastUpdatedDate": now,
        "DefaultRouteSettings": {"DetailedMetricsEnabled": False},
        "RouteSettings": {},
        "StageVariables": {},
        "Tags": {},
    })
    deployments.auto_deploy(ctx, api_id)


def _quick_update(ctx: Context, api_id: str, params: Params) -> None:
    routes = [r for r in ctx.store.values(("v2", "apis", api_id, "routes")) if r.get("ApiGatewayManaged")]
    integrations = [i for i in ctx.store.values(("v2", "apis", api_id, "integrations"))
                    if i.get("ApiGatewayManaged")]
    if not routes or not integrations:
        if not params.get("Target"):
            raise BadRequest("RouteKey and CredentialsArn can only be updated on an API created with a Target")
        route_key = params.get("RouteKey") or "$default"
        _check_unique_key(ctx, api_id, route_key, None)
        _quick_create(ctx, api_id, _target_type(params["Target"]), params["Target"],
                      params.get("CredentialsArn"), route_key)
        return
    route, integration = routes[0], integrations[0]
    new_key = params.get("RouteKey") or route["RouteKey"]
    if new_key != route["RouteKey"]:
        _check_unique_key(ctx, api_id, new_key, route["RouteId"])
    if params.get("Target"):
        kind = _target_type(params["Target"])
        integration = {**integration, **_managed_integration(kind, params["Target"], integration.get("CredentialsArn"))}
    if params.get("CredentialsArn"):
        integration = {**integration, "CredentialsArn": params["CredentialsArn"]}
    ctx.store.put(("v2", "apis", api_id, "integrations", integration["IntegrationId"]), integration)
    ctx.store.put(("v2", "apis", api_id, "routes", route["RouteId"]), {**route, "RouteKey": new_key})
    deployments.auto_deploy(ctx, api_id)
