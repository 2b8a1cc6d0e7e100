"""HTTP API -> OpenAPI 3.0 (apigatewayv2 ExportApi).

``export(ctx, api_id, stage, include_extensions)`` builds the document that
``v2_import.build`` reads back into the same API, so export -> import -> export is a
fixed point (apart from the API id in ``servers``). The layout follows the AWS
developer guide's exported definitions:

* ``openapi: 3.0.1``; ``info`` with the API's Name, Description and Version (an API
  without a Version exports its creation time, ``2020-04-08 20:12:31UTC``, as AWS does);
* one server ``https://<api>.execute-api.<region>.amazonaws.com/{basePath}`` whose
  ``basePath`` variable defaults to the exported stage's name (``""`` without a stage or
  for ``$default``);
* every route under its path, ``ANY`` as ``x-amazon-apigateway-any-method``, the
  ``$default`` route as ``/$default`` with ``isDefaultRoute: true``; a default response
  "Default response for <route key>"; generated path parameters;
* integrations inline as ``x-amazon-apigateway-integration`` (type in lower case),
  authorizers as ``components.securitySchemes`` (JWT as ``oauth2``, Lambda as
  ``apiKey``, IAM as ``sigv4`` with ``x-amazon-apigateway-authtype``), CORS as
  ``x-amazon-apigateway-cors``, tags as root ``tags`` with ``x-amazon-apigateway-tag-value``,
  and ``x-amazon-apigateway-importexport-version: "1.0"``.
* ``IncludeExtensions=false`` drops every ``x-amazon-apigateway-*`` member.

With ``StageName`` the document describes what the stage serves, its deployment's
snapshot of routes, integrations, authorizers, CORS configuration and execute-api
endpoint switch (AWS's http-api-export.html: "You can either choose a stage to
export, or export the latest configuration of your API"); without it, the API's
current configuration. The name, description, version and tags are the API's own.

Guesses: the member order, inline (not ``$ref``'d) integrations, where path
parameters sit (path item level), the ``identitySource`` form (a comma-separated
string), and that a stage without a deployment exports no paths.
"""

from __future__ import annotations

import datetime
from typing import Any

from gwmock.arns import execute_api_host
from gwmock.context import Context
from gwmock.openapi.v2_import import _CORS, ANY_METHOD, HTTP_METHODS, path_parameters
from gwmock.state.base import Record

_CORS_OUT = {member: key for key, member in _CORS.items()}
_INTEGRATION_OUT = (("IntegrationSubtype", "integrationSubtype"), ("PayloadFormatVersion", "payloadFormatVersion"),
                    ("IntegrationType", "type"), ("CredentialsArn", "credentials"), ("IntegrationMethod", "httpMethod"),
                    ("IntegrationUri", "uri"), ("ConnectionType", "connectionType"), ("ConnectionId", "connectionId"),
                    ("Description", "description"), ("TimeoutInMillis", "timeoutInMillis"),
                    ("RequestParameters", "requestParameters"), ("ResponseParameters", "responseParameters"))


def export(ctx: Context, api: Record, stage: Record | None, include_extensions: bool) -> dict[str, Any]:
    api_id = api["ApiId"]
    routes, integrations, authorizers, deployed = _definition(ctx, api, stage)
    api = {**api, **deployed}
    info: dict[str, Any] = {"title": api["Name"]}
    if api.get("Description"):
        info["description"] = api["Description"]
    info["version"] = api.get("Version") or _version_of(api.get("CreatedDate"))
    base = "" if stage is None or stage["StageName"] == "$default" else stage["StageName"]
    document: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": info,
        "servers": [{"url": f"https://{execute_api_host(api_id, ctx.region)}/{{basePath}}",
                     "variables": {"basePath": {"default": base}}}],
    }
    if api.get("DisableExecuteApiEndpoint"):
        document["servers"][0]["x-amazon-apigateway-endpoint-configuration"] = {"disableExecuteApiEndpoint": True}
    if api.get("Tags"):
        document["tags"] = [{"name": k, "x-amazon-apigateway-tag-value": v} for k, v in sorted(api["Tags"].items())]
    document["paths"] = _paths(routes, integrations, authorizers)
    schemes = _security_schemes(routes, authorizers)
    if schemes:
        document["components"] = {"securitySchemes": schemes}
    if api.get("CorsConfiguration"):
        document["x-amazon-apigateway-cors"] = {_CORS_OUT[k]: v for k, v in api["CorsConfiguration"].items()
                                                if k in _CORS_OUT}
    document["x-amazon-apigateway-importexport-version"] = "1.0"
    return document if include_extensions else _without_extensions(document)


def _definition(ctx: Context, api: Record, stage: Record | None,
                ) -> tuple[list[Record], dict[str, Record], dict[str, Record], Record]:
    """Routes, integrations, authorizers and the deployed API members to export: the API's
    current ones, or with a stage what its deployment froze (``deployments._snapshot``)."""
    base = ("v2", "apis", api["ApiId"])
    if stage is None:
        return (ctx.store.values(base + ("routes",)),
                {i["IntegrationId"]: i for i in ctx.store.values(base + ("integrations",))},
                {a["AuthorizerId"]: a for a in ctx.store.values(base + ("authorizers",))}, {})
    deployment = stage.get("DeploymentId")
    snapshot = ctx.store.get(base + ("deployments", deployment, "snapshot")) if deployment else None
    if snapshot is None:  # nothing deployed: the stage serves no routes
        return [], {}, {}, {}
    deployed = {"DisableExecuteApiEndpoint": snapshot.get("DisableExecuteApiEndpoint"),
                "CorsConfiguration": snapshot.get("CorsConfiguration")}
    return (list(snapshot.get("routes") or []), dict(snapshot.get("integrations") or {}),
            dict(snapshot.get("authorizers") or {}), deployed)


def _version_of(created: Any) -> str:
    moment = datetime.datetime.fromtimestamp(int(created or 0), tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%SUTC")


def _paths(routes: list[Record], integrations: dict[str, Record], authorizers: dict[str, Record]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    order = {m: i for i, m in enumerate((*HTTP_METHODS, ANY_METHOD))}
    for route in sorted(routes, key=lambda r: _path_and_method(r["RouteKey"])):
        path, method = _path_and_method(route["RouteKey"])
        item = paths.setdefault(path, {})
        item[method] = _operation(route, integrations, authorizers)
        names = path_parameters(path)
        if names and "parameters" not in item:
            item["parameters"] = [{"name": n, "in": "path", "description": f"Generated path parameter for {n}",
                                   "required": True, "schema": {"type": "string"}} for n in names]
    for path, item in paths.items():
        paths[path] = dict(sorted(item.items(), key=lambda kv: order.get(kv[0], len(order))))
    return paths


def _path_and_method(route_key: str) -> tuple[str, str]:
    if route_key == "$default":
        return "/$default", ANY_METHOD
    method, _, path = route_key.partition(" ")
    return path, ANY_METHOD if method == "ANY" else method.lower()


def _operation(route: Record, integrations: dict[str, Record], authorizers: dict[str, Record]) -> dict[str, Any]:
    operation: dict[str, Any] = {}
    if route.get("OperationName"):
        operation["operationId"] = route["OperationName"]
    if route["RouteKey"] == "$default":
        operation["isDefaultRoute"] = True
    operation["responses"] = {"default": {"description": f"Default response for {route['RouteKey']}"}}
    kind = route.get("AuthorizationType")
    authorizer = authorizers.get(route.get("AuthorizerId", ""))
    if kind == "AWS_IAM":
        operation["security"] = [{"sigv4": []}]
    elif kind in ("JWT", "CUSTOM") and authorizer is not None:
        operation["security"] = [{authorizer["Name"]: list(route.get("AuthorizationScopes") or [])}]
    target = route.get("Target") or ""
    integration = integrations.get(target.split("/", 1)[1]) if target.startswith("integrations/") else None
    if integration is not None:
        operation["x-amazon-apigateway-integration"] = _integration(integration)
    return operation


def _integration(integration: Record) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for member, key in _INTEGRATION_OUT:
        if integration.get(member) is not None:
            value = integration[member]
            out[key] = value.lower() if member == "IntegrationType" else value
    if integration.get("TlsConfig", {}).get("ServerNameToVerify"):
        out["tlsConfig"] = {"serverNameToVerify": integration["TlsConfig"]["ServerNameToVerify"]}
    return out


def _security_schemes(routes: list[Record], authorizers: dict[str, Record]) -> dict[str, Any]:
    schemes: dict[str, Any] = {}
    for authorizer in sorted(authorizers.values(), key=lambda a: a["Name"]):
        schemes[authorizer["Name"]] = _scheme(authorizer)
    if any(r.get("AuthorizationType") == "AWS_IAM" for r in routes):
        schemes["sigv4"] = {"type": "apiKey", "name": "Authorization", "in": "header",
                            "x-amazon-apigateway-authtype": "awsSigv4"}
    return schemes


def _scheme(authorizer: Record) -> dict[str, Any]:
    ext: dict[str, Any] = {}
    if authorizer.get("IdentitySource"):
        ext["identitySource"] = ", ".join(authorizer["IdentitySource"])
    if authorizer.get("AuthorizerType") == "JWT":
        jwt = authorizer.get("JwtConfiguration") or {}
        ext["jwtConfiguration"] = {k: v for k, v in (("audience", jwt.get("Audience")), ("issuer", jwt.get("Issuer")))
                                   if v is not None}
        ext["type"] = "jwt"
        return {"type": "oauth2", "flows": {}, "x-amazon-apigateway-authorizer": ext}
    for member, key in (("AuthorizerUri", "authorizerUri"), ("AuthorizerCredentialsArn", "authorizerCredentials"),
                        ("AuthorizerPayloadFormatVersion", "authorizerPayloadFormatVersion"),
                        ("AuthorizerResultTtlInSeconds", "authorizerResultTtlInSeconds"),
                        ("EnableSimpleResponses", "enableSimpleResponses"),
                        ("IdentityValidationExpression", "identityValidationExpression")):
        if authorizer.get(member) is not None:
            ext[key] = authorizer[member]
    ext["type"] = "request"
    header = _header_name(authorizer.get("IdentitySource") or [])
    return {"type": "apiKey", "name": header, "in": "header", "x-amazon-apigateway-authorizer": ext}


def _header_name(sources: list[str]) -> str:
    for source in sources:
        if source.startswith("$request.header."):
            return source[len("$request.header."):]
    return "Unused"


def _without_extensions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_extensions(v) for k, v in value.items()
                if not (isinstance(k, str) and k.startswith("x-amazon-apigateway-"))}
    if isinstance(value, list):
        return [_without_extensions(v) for v in value]
    return value
