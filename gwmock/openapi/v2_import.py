"""OpenAPI -> HTTP API (apigatewayv2 ImportApi / ReimportApi).

``build(ctx, body, basepath, api_id)`` reads a document (OpenAPI 3.0, or 2.0, JSON or
YAML, via ``document.load``) and returns a ``Definition``: the Api record's members
plus route, integration and authorizer records shaped like botocore's output
shapes, and the warnings met on the way. ``write`` stores a definition, replacing
whatever routes, integrations and authorizers the API had (ReimportApi).

What the document says, and where it goes (AWS developer guide, "Working with
OpenAPI definitions for HTTP APIs" and the extensions reference):

* ``info.title`` / ``info.version`` / ``info.description`` -> Name / Version / Description;
  root ``tags`` entries -> Tags, valued by ``x-amazon-apigateway-tag-value`` or "" without it ("API
  Gateway creates a tag with an empty string for a value": the extension's reference page);
  ``x-amazon-apigateway-cors`` -> CorsConfiguration;
  ``x-amazon-apigateway-disable-execute-api-endpoint`` -> DisableExecuteApiEndpoint.
* each path (a path item may be a local ``$ref``) and method is a route ``"<METHOD> <path>"``;
  ``x-amazon-apigateway-any-method`` is ``ANY``; ``/$default`` (or ``isDefaultRoute: true``) is the ``$default`` route;
  ``operationId`` -> OperationName.
* ``x-amazon-apigateway-integration`` (inline or ``$ref`` into
  ``components.x-amazon-apigateway-integrations``) -> one integration per route:
  type, httpMethod, uri, payloadFormatVersion, connectionType/connectionId,
  credentials, integrationSubtype, timeoutInMillis, tlsConfig, request/responseParameters.
  HTTP APIs take only ``aws_proxy`` and ``http_proxy``; any other type is a warning and
  the route keeps no integration.
* security schemes with ``x-amazon-apigateway-authorizer`` (``jwt``, ``request``) ->
  authorizers named after the scheme, checked as CreateAuthorizer checks them (a refusal is an
  import error, "Unable to create authorizer from security definition: '<name>'. <message>", v1's
  prefix: a guess); ``x-amazon-apigateway-authtype: awsSigv4`` ->
  AWS_IAM routes. A route's ``security`` (or the document's) picks its authorizer and
  scopes; a name that matches no scheme is a warning.
* ``Basepath``: ``ignore`` (default) drops the server URL's path, ``prepend`` puts it
  in front of every route path, ``split`` drops its first segment and prepends the rest.

A local ``$ref`` that resolves to nothing (a missing schema) is a warning, so FailOnWarnings
refuses the document with 400 "Warnings found during import" (the issue's public evidence).
Base paths follow ``document.base_path`` (the first ``basePath`` server variable, named in
the url or not, as for REST APIs).

Every value is read through ``gwmock.openapi.values``; one of the wrong JSON type
(``timeoutInMillis: "abc"``, ``jwtConfiguration: "x"``, ``maxAge: "x"``) is "Invalid OpenAPI
input.". What the control plane would refuse is refused: the route key as CreateRoute
checks it (routes.py), each integration as CreateIntegration does (the model's validation,
then integrations.py's checks), the CORS block as CreateApi does (the model's validation of
CorsConfiguration); every refusal is collected and the import answers BadRequest "Errors
found during import:" with one tab-indented line each, before any warning.

Guesses (no recording): the warning texts, FailOnWarnings' message ("Warnings found
during import:" then one tab-indented line per warning, as v1 words it), the default
payload format (1.0, as CreateIntegration's), that OpenAPI 2.0 is accepted too, the
error frame (v1's) and each line's prefix ("Unable to create route 'GET a': ",
"Unable to create integration for route 'GET /a': ", "Invalid CORS configuration: "
followed by the control plane's own message, whose member paths name CreateApi's and
CreateIntegration's inputs), and that a wrong type is invalid input rather than an error.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from gwmock.apigatewayv2.apis import check_cors
from gwmock.apigatewayv2.authorizers import _check as check_authorizer
from gwmock.apigatewayv2.integrations import _check_integration
from gwmock.apigatewayv2.routes import _check_http_route_key
from gwmock.context import Context
from gwmock.errors import ApiError, BadRequest
from gwmock.ids import new_id
from gwmock.openapi.document import base_path, invalid, load, resolve
from gwmock.openapi.values import Malformed, flag, integer, obj, seq, text, text_map, texts
from gwmock.protocol.models import operation_model
from gwmock.protocol.validate import validate
from gwmock.state.base import Record

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
ANY_METHOD = "x-amazon-apigateway-any-method"
_PROXY_TYPES = {"AWS_PROXY", "HTTP_PROXY"}
_REQUEST_AUTHORIZER = (
    ("authorizerUri", "AuthorizerUri", text), ("authorizerCredentials", "AuthorizerCredentialsArn", text),
    ("authorizerPayloadFormatVersion", "AuthorizerPayloadFormatVersion", text),
    ("authorizerResultTtlInSeconds", "AuthorizerResultTtlInSeconds", integer),
    ("enableSimpleResponses", "EnableSimpleResponses", flag),
    ("identityValidationExpression", "IdentityValidationExpression", text))
_CORS = {"allowOrigins": "AllowOrigins", "allowCredentials": "AllowCredentials", "exposeHeaders": "ExposeHeaders",
         "maxAge": "MaxAge", "allowMethods": "AllowMethods", "allowHeaders": "AllowHeaders"}
_BASEPATH_MODES = ("ignore", "prepend", "split")
ERRORS_FOUND = "Errors found during import:\n\t"
_HTTP_API = {"ProtocolType": "HTTP"}


@dataclass
class Definition:
    api: Record
    routes: list[Record] = field(default_factory=list)
    integrations: list[Record] = field(default_factory=list)
    authorizers: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    route_keys: set[str] = field(default_factory=set)  # of ``routes``: a duplicate is found in O(1), not a scan


def build(ctx: Context, body: Any, basepath: str | None, fail_on_warnings: bool) -> Definition:
    document = load(body)
    title = (document.get("info") or {}).get("title")
    if not isinstance(title, str) or not title.strip():
        raise invalid()
    try:
        definition = _definition(document, basepath)
    except Malformed:
        raise invalid() from None
    if definition.errors:
        raise BadRequest(ERRORS_FOUND + "\n\t".join(definition.errors))
    if fail_on_warnings and definition.warnings:
        raise BadRequest("Warnings found during import:\n\t" + "\n\t".join(definition.warnings))
    return definition


def _definition(document: dict[str, Any], basepath: str | None) -> Definition:
    """Everything the document says; reads raise ``Malformed``, refusals land in ``errors``."""
    prefix = _prefix(document, basepath)
    definition = Definition(api=_api_members(document))
    definition.api.update(_cors(document, definition))
    schemes, sigv4 = _authorizers(document, definition)
    default_security = document.get("security")
    for path, item in obj(document.get("paths")).items():
        for method, operation in obj(resolve(document, item)).items():
            if method != ANY_METHOD and method not in HTTP_METHODS:
                continue
            operation = resolve(document, operation)
            if not isinstance(operation, dict):
                raise invalid()
            _route(document, definition, prefix, path, method, operation, schemes, sigv4, default_security)
    definition.warnings.extend(_missing_references(document))
    return definition


def _missing_references(document: dict[str, Any]) -> list[str]:
    """A warning for each local ``$ref`` that points nowhere (a schema named but not defined),
    walked iteratively, each node once."""
    found: list[str] = []
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/") and resolve(document, {"$ref": ref}) is None:
                found.append(f"Parse issue: attribute {where.lstrip('.')}.$ref is missing: {ref}")
            stack.extend((f"{where}.{key}", value) for key, value in node.items() if key != "$ref")
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", value) for i, value in enumerate(node))
    return sorted(set(found))


def write(ctx: Context, api_id: str, definition: Definition) -> None:
    """Store the definition's children under ``api_id``, replacing the API's current ones."""
    for collection, id_member in (("routes", "RouteId"), ("integrations", "IntegrationId"),
                                  ("authorizers", "AuthorizerId")):
        for record in ctx.store.values(("v2", "apis", api_id, collection)):
            ctx.store.delete_tree(("v2", "apis", api_id, collection, str(record[id_member])))
    for integration in definition.integrations:
        ctx.store.put(("v2", "apis", api_id, "integrations", integration["IntegrationId"]), integration)
    for authorizer in definition.authorizers:
        ctx.store.put(("v2", "apis", api_id, "authorizers", authorizer["AuthorizerId"]), authorizer)
    for route in definition.routes:
        ctx.store.put(("v2", "apis", api_id, "routes", route["RouteId"]), route)


# --- the API itself -------------------------------------------------------------------


def _api_members(document: dict[str, Any]) -> Record:
    info = obj(document.get("info"))
    api: Record = {"Name": info["title"]}
    version = text(info.get("version"))
    if version is not None:
        api["Version"] = version
    description = text(info.get("description"))
    if description:
        api["Description"] = description
    disable = flag(document.get("x-amazon-apigateway-disable-execute-api-endpoint"))
    for server in seq(document.get("servers")):
        config = obj(obj(server).get("x-amazon-apigateway-endpoint-configuration"))
        if "disableExecuteApiEndpoint" in config:
            disable = flag(config["disableExecuteApiEndpoint"])
    api["DisableExecuteApiEndpoint"] = bool(disable)
    tags = {}
    for tag in map(obj, seq(document.get("tags"))):
        name, value = text(tag.get("name")), text(tag.get("x-amazon-apigateway-tag-value"))
        if name:  # "a tag name without the x-amazon-apigateway-tag-value property" has the value ""
            tags[name] = value or ""
    api["Tags"] = tags
    return api


def _cors(document: dict[str, Any], definition: Definition) -> Record:
    """``x-amazon-apigateway-cors`` as CreateApi's CorsConfiguration, checked by the model as
    CreateApi checks it (a refusal is an import error)."""
    if document.get("x-amazon-apigateway-cors") is None:
        return {}
    cors: Record = {}
    for key, value in obj(document["x-amazon-apigateway-cors"]).items():
        member = _CORS.get(key)
        if value is None:
            continue
        if member == "MaxAge":
            cors[member] = integer(value)
        elif member == "AllowCredentials":
            cors[member] = flag(value)
        elif member is not None:
            cors[member] = texts(value)
    try:
        validate("apigatewayv2", operation_model("apigatewayv2", "CreateApi"),
                 {"Name": "import", "ProtocolType": "HTTP", "CorsConfiguration": cors})
        check_cors(cors)
    except ApiError as error:
        definition.errors.append(f"Invalid CORS configuration: {error.message}")
    return {"CorsConfiguration": cors}


def _prefix(document: dict[str, Any], mode: str | None) -> str:
    mode = mode or "ignore"
    if mode not in _BASEPATH_MODES:
        raise BadRequest(f"Invalid basepath mode specified: {mode}. Must be one of: [ignore, prepend, split]")
    if mode == "ignore":
        return ""
    base = _base_path(document)
    if mode == "split":
        base = "/" + "/".join(base.strip("/").split("/")[1:])
    return base.rstrip("/")


def _base_path(document: dict[str, Any]) -> str:
    return base_path(document) or "/"


# --- authorizers ----------------------------------------------------------------------


def _authorizers(document: dict[str, Any], definition: Definition) -> tuple[dict[str, Record], set[str]]:
    components = obj(document.get("components"))
    schemes = obj(components["securitySchemes"] if "securitySchemes" in components
                  else document.get("securityDefinitions"))
    by_name: dict[str, Record] = {}
    sigv4: set[str] = set()
    for name, scheme in schemes.items():
        scheme = obj(resolve(document, scheme))
        if text(scheme.get("x-amazon-apigateway-authtype")) == "awsSigv4":
            sigv4.add(name)
            continue
        if scheme.get("x-amazon-apigateway-authorizer") is None:
            continue
        authorizer = _authorizer(name, obj(scheme["x-amazon-apigateway-authorizer"]), definition)
        if authorizer is not None:
            refused = _authorizer_refused(authorizer)
            if refused is not None:
                definition.errors.append(f"Unable to create authorizer from security definition: '{name}'. {refused}")
            by_name[name] = authorizer
            definition.authorizers.append(authorizer)
    return by_name, sigv4


def _authorizer(name: str, ext: dict[str, Any], definition: Definition) -> Record | None:
    kind = (text(ext.get("type")) or "").upper()
    record: Record = {"AuthorizerId": new_id(6), "Name": name}
    identity = ext.get("identitySource")
    if isinstance(identity, str):
        identity = [s.strip() for s in identity.split(",") if s.strip()]
    identity = texts(identity)
    if identity:
        record["IdentitySource"] = identity
    if kind == "JWT":
        jwt = obj(ext.get("jwtConfiguration"))
        record["AuthorizerType"] = "JWT"
        record["JwtConfiguration"] = {}
        if jwt.get("audience") is not None:
            record["JwtConfiguration"]["Audience"] = texts(jwt["audience"])
        if jwt.get("issuer") is not None:
            record["JwtConfiguration"]["Issuer"] = text(jwt["issuer"])
        return record
    if kind == "REQUEST":
        record["AuthorizerType"] = "REQUEST"
        for key, member, read in _REQUEST_AUTHORIZER:
            value = read(ext.get(key))
            if value is not None:
                record[member] = value
        return record
    definition.warnings.append(f"Unsupported authorizer type '{ext.get('type')}' for security scheme '{name}'. "
                               "Ignoring.")
    return None


def _authorizer_refused(authorizer: Record) -> str | None:
    """What CreateAuthorizer would answer (the model's validation, then authorizers.py's checks):
    a REQUEST authorizer without a URI, a JWT one without an issuer would otherwise be stored."""
    params = {"ApiId": "import", "IdentitySource": [], **{k: v for k, v in authorizer.items() if k != "AuthorizerId"}}
    try:
        validate("apigatewayv2", operation_model("apigatewayv2", "CreateAuthorizer"), copy.deepcopy(params))
        check_authorizer(_HTTP_API, copy.deepcopy(params))
    except ApiError as error:
        return error.message
    return None


# --- routes and integrations ----------------------------------------------------------


def _route(document: dict[str, Any], definition: Definition, prefix: str, path: str, method: str,
           operation: dict[str, Any], schemes: dict[str, Record], sigv4: set[str], default_security: Any) -> None:
    if path == "/$default" or operation.get("isDefaultRoute") is True:
        route_key = "$default"
    else:
        full = (prefix + "/" + path.lstrip("/")) if prefix else path
        route_key = f"{'ANY' if method == ANY_METHOD else method.upper()} {full}"
    if route_key in definition.route_keys:  # a scan here made 16,000 paths take 14 s
        definition.warnings.append(f"Duplicate route key '{route_key}'. Ignoring.")
        return
    try:
        _check_http_route_key(route_key)
    except ApiError as error:
        definition.errors.append(f"Unable to create route '{route_key}': {error.message}")
    route: Record = {"RouteId": new_id(7), "RouteKey": route_key, "ApiKeyRequired": False,
                     "AuthorizationType": "NONE"}
    operation_id = text(operation.get("operationId"))
    if operation_id:
        route["OperationName"] = operation_id
    security = operation.get("security", default_security)
    if security:
        _route_security(definition, route, security, schemes, sigv4)
    _auth_extension(definition, route, operation)
    extension = operation.get("x-amazon-apigateway-integration")
    if extension is not None:
        integration = _integration(document, definition, route_key, extension)
        if integration is not None:
            definition.integrations.append(integration)
            route["Target"] = f"integrations/{integration['IntegrationId']}"
    definition.routes.append(route)
    definition.route_keys.add(route_key)


def _route_security(definition: Definition, route: Record, security: Any, schemes: dict[str, Record],
                    sigv4: set[str]) -> None:
    requirements = seq(security)
    first = obj(requirements[0]) if requirements else {}
    if not first:
        return
    name, scopes = next(iter(first.items()))
    scopes = texts(scopes)
    if name in sigv4:
        route["AuthorizationType"] = "AWS_IAM"
        return
    authorizer = schemes.get(name)
    if authorizer is None:
        definition.warnings.append(f"Unable to find security scheme '{name}' for route '{route['RouteKey']}'. "
                                   "Ignoring.")
        return
    route["AuthorizerId"] = authorizer["AuthorizerId"]
    if authorizer["AuthorizerType"] == "JWT":
        route["AuthorizationType"] = "JWT"
        if scopes:
            route["AuthorizationScopes"] = scopes
    else:
        route["AuthorizationType"] = "CUSTOM"


def _auth_extension(definition: Definition, route: Record, operation: dict[str, Any]) -> None:
    """``x-amazon-apigateway-auth`` ("NONE" or "AWS_IAM", case insensitive: the extension's reference
    page). Guesses: HTTP APIs read it as REST APIs do, it wins over ``security``, and another type
    is a warning."""
    ext = operation.get("x-amazon-apigateway-auth")
    if ext is None:
        return
    kind = (text(obj(ext).get("type")) or "").upper()
    if kind in ("NONE", "AWS_IAM"):
        route["AuthorizationType"] = kind
        route.pop("AuthorizerId", None)
        route.pop("AuthorizationScopes", None)
    else:
        definition.warnings.append(f"Invalid authorization type '{obj(ext).get('type')}' for route "
                                   f"'{route['RouteKey']}'. Ignoring.")


def _integration(document: dict[str, Any], definition: Definition, route_key: str, extension: Any) -> Record | None:
    ext = resolve(document, extension)
    if ext is None:
        definition.warnings.append(f"Unable to resolve integration for route '{route_key}'. Ignoring.")
        return None
    ext = obj(ext)
    kind = (text(ext.get("type")) or "").upper()
    if kind not in _PROXY_TYPES:
        definition.warnings.append(f"Unsupported integration type '{ext.get('type')}' for route '{route_key}'. "
                                   "HTTP APIs support only aws_proxy and http_proxy integrations. Ignoring.")
        return None
    lambda_ = kind == "AWS_PROXY"
    timeout = integer(ext.get("timeoutInMillis"))
    subtype = text(ext.get("integrationSubtype"))
    # A Lambda proxy integration's method is POST, as CreateIntegration gives it; an AWS service
    # integration (integrationSubtype) has none, so its export re-imports as it was.
    method = text(ext.get("httpMethod")) or (None if subtype else "POST" if lambda_ else "ANY")
    integration: Record = {
        "IntegrationId": new_id(7),
        "IntegrationType": kind,
        "ConnectionType": (text(ext.get("connectionType")) or "INTERNET").upper(),
        **({"IntegrationMethod": method} if method else {}),
        "PayloadFormatVersion": text(ext.get("payloadFormatVersion")) or "1.0",
        "TimeoutInMillis": 30000 if timeout is None else timeout,
    }
    for key, member in (("uri", "IntegrationUri"), ("connectionId", "ConnectionId"), ("credentials", "CredentialsArn"),
                        ("integrationSubtype", "IntegrationSubtype"), ("description", "Description")):
        value = text(ext.get(key))
        if value is not None:
            integration[member] = value
    parameters = text_map(ext.get("requestParameters"))
    if parameters:
        integration["RequestParameters"] = parameters
    responses = {status: text_map(mapping) for status, mapping in obj(ext.get("responseParameters")).items()}
    if responses:
        integration["ResponseParameters"] = responses
    server_name = text(obj(ext.get("tlsConfig")).get("serverNameToVerify"))
    if server_name:
        integration["TlsConfig"] = {"ServerNameToVerify": server_name}
    refused = _integration_refused(integration)
    if refused is not None:
        definition.errors.append(f"Unable to create integration for route '{route_key}': {refused}")
    return integration


def _integration_refused(integration: Record) -> str | None:
    """What CreateIntegration would answer for the integration (the model's validation, then
    gwmock/apigatewayv2/integrations.py's checks); ``None`` if it would take it."""
    params = {k: v for k, v in integration.items() if k != "IntegrationId"}
    try:
        validate("apigatewayv2", operation_model("apigatewayv2", "CreateIntegration"), dict(params))
        _check_integration(_HTTP_API, dict(params), params, creating=True)
    except ApiError as error:
        return error.message
    return None


def path_parameters(path: str) -> list[str]:
    """``/pets/{id}/{proxy+}`` -> ``["id", "proxy"]``."""
    return [name.rstrip("+") for name in re.findall(r"\{([^}]+)\}", path)]
