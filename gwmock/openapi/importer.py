"""An OpenAPI document read into API Gateway records (no ids yet, no state touched).

``parse(document, parameters)`` returns a ``Spec``: the RestApi fields, models,
authorizers, request validators, gateway responses, documentation parts, and for
every resource path the whole Method records it will hold. ``gwmock.openapi.writer``
gives them ids and stores them. Mapping (aws-recorded: test_apigateway_import):

* paths (+ base path per ``basepath=ignore|prepend|split``; OAS 3 takes it from
  ``servers[0].url`` with its variables' defaults) -> resources; operations and
  ``x-amazon-apigateway-any-method`` -> methods; ``operationId`` -> operationName;
* path/query/header parameters -> ``method.request.*`` (path ones required);
  a body schema ``$ref`` (2.0: per ``consumes``; 3.0: per requestBody content type)
  -> requestModels; responses -> methodResponses (headers -> responseParameters
  ``false``; schema ``$ref`` -> responseModels); non-numeric response keys are skipped;
* ``x-amazon-apigateway-integration`` -> methodIntegration with AWS's defaults
  (WHEN_NO_MATCH, 29000 ms, ``cacheKeyParameters: []``, INTERNET for HTTP and
  HTTP_PROXY only - test_import_swagger_api), enum values upper-cased, integer
  status codes turned to strings (test_import_with_integer_http_status_code), a
  non-string requestParameters value dropped with AWS's warning
  (test_import_rest_api_with_base_path_oas30);
* security schemes with ``x-amazon-apigateway-authorizer`` -> authorizers (all of
  them, used or not; a TOKEN/cognito one without identitySource reads the scheme's
  header - test_import_with_cognito_auth_identity_source); a method's (or the
  global) ``security`` picks CUSTOM / COGNITO_USER_POOLS (+ scopes), an
  ``awsSigv4`` scheme AWS_IAM, a plain apiKey scheme ``apiKeyRequired``;
* definitions / components.schemas -> models (``$ref`` rewritten by the writer);
  no default Empty/Error models (test_import_and_validate_rest_api[swagger-mock-cors]).

Guesses: inline (non-``$ref``) schemas create no model; a ``$ref`` to an unknown
model, an unknown security scheme or a bad integration type is skipped with a
warning; unknown ``basepath`` values are refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from gwmock.errors import BadRequest
from gwmock.openapi.document import is_v3, resolve, stored_policy

VERBS = {"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS", "head": "HEAD",
         "patch": "PATCH", "x-amazon-apigateway-any-method": "ANY"}
INTEGRATION_TYPES = ("HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY")
_AUTHORIZER_STRINGS = ("authorizerUri", "authorizerCredentials", "identitySource",
                       "identityValidationExpression")
_LOCATIONS = {"path": "path", "query": "querystring", "header": "header"}
_MODEL_REF = re.compile(r"^#/(?:definitions|components/schemas)/(.+)$")
GATEWAY_RESPONSE_TYPES = (
    "DEFAULT_4XX", "DEFAULT_5XX", "RESOURCE_NOT_FOUND", "UNAUTHORIZED", "INVALID_API_KEY", "ACCESS_DENIED",
    "AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR", "INVALID_SIGNATURE", "EXPIRED_TOKEN",
    "MISSING_AUTHENTICATION_TOKEN", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "API_CONFIGURATION_ERROR",
    "UNSUPPORTED_MEDIA_TYPE", "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "REQUEST_TOO_LARGE", "THROTTLED",
    "QUOTA_EXCEEDED", "WAF_FILTERED",
)


@dataclass
class Spec:
    api: dict[str, Any] = field(default_factory=dict)
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    authorizers: dict[str, dict[str, Any]] = field(default_factory=dict)
    validators: dict[str, dict[str, Any]] = field(default_factory=dict)
    gateway_responses: dict[str, dict[str, Any]] = field(default_factory=dict)
    documentation: list[dict[str, Any]] | None = None
    # path -> verb -> Method; "_authorizer" / "_validator" name what the writer turns into ids
    paths: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def parse(document: dict[str, Any], parameters: dict[str, str] | None) -> Spec:
    options = {k.lower(): v for k, v in (parameters or {}).items()}
    spec = Spec()
    spec.api = _api_fields(document)
    prefix = _prefix(document, options.get("basepath", "ignore"))
    spec.models = _models(document)
    spec.authorizers = _authorizers(document, spec.warnings)
    spec.validators = _validators(document)
    spec.gateway_responses = _gateway_responses(document, spec.warnings)
    if options.get("ignore") != "documentation":
        spec.documentation = _documentation(document)
    for raw_path, item in (document.get("paths") or {}).items():
        path = _join(prefix, raw_path)
        methods = spec.paths.setdefault(path, {})
        item = resolve(document, item) or {}
        shared = item.get("parameters") or []
        for key, operation in item.items():
            verb = VERBS.get(key.lower())
            if verb is not None and isinstance(operation, dict):
                methods[verb] = _method(document, spec, path, verb, operation, shared)
    return spec


# --- the API -------------------------------------------------------------------------


def _api_fields(document: dict[str, Any]) -> dict[str, Any]:
    info = document.get("info") or {}
    out: dict[str, Any] = {}
    for name, key in (("name", "title"), ("description", "description"), ("version", "version")):
        if info.get(key) not in (None, ""):
            out[name] = str(info[key])
    media = document.get("x-amazon-apigateway-binary-media-types")
    if isinstance(media, list):
        out["binaryMediaTypes"] = [str(m) for m in media]
    source = document.get("x-amazon-apigateway-api-key-source")
    if isinstance(source, str) and source.upper() in ("HEADER", "AUTHORIZER"):
        out["apiKeySource"] = source.upper()
    policy = document.get("x-amazon-apigateway-policy")
    if policy is not None:
        out["policy"] = stored_policy(policy if isinstance(policy, str) else json.dumps(policy))
    size = document.get("x-amazon-apigateway-minimum-compression-size")
    if isinstance(size, int) and not isinstance(size, bool):
        out["minimumCompressionSize"] = size
    endpoint = document.get("x-amazon-apigateway-endpoint-configuration")
    if isinstance(endpoint, dict):
        if endpoint.get("vpcEndpointIds"):
            out["vpcEndpointIds"] = [str(v) for v in endpoint["vpcEndpointIds"]]
        if "disableExecuteApiEndpoint" in endpoint:
            out["disableExecuteApiEndpoint"] = bool(endpoint["disableExecuteApiEndpoint"])
    return out


def base_path(document: dict[str, Any]) -> str:
    """The document's own base path: 2.0 ``basePath``, 3.0 the path of ``servers[0].url``."""
    if is_v3(document):
        servers = document.get("servers") or []
        if not servers or not isinstance(servers[0], dict):
            return ""
        url = str(servers[0].get("url") or "")
        for name, variable in (servers[0].get("variables") or {}).items():
            default = variable.get("default", "") if isinstance(variable, dict) else ""
            url = url.replace("{" + name + "}", str(default))
        raw = urlsplit(url).path if "://" in url else url
    else:
        raw = str(document.get("basePath") or "")
    raw = raw.strip("/")
    return "/" + raw if raw else ""


def _prefix(document: dict[str, Any], mode: str) -> str:
    if mode not in ("ignore", "prepend", "split"):
        raise BadRequest(f"Invalid basepath parameter value: {mode}. "
                         "Valid values are ignore, prepend and split")
    base = base_path(document)
    if mode == "prepend":
        return base
    if mode == "split":
        rest = base.strip("/").split("/")[1:]
        return "/" + "/".join(rest) if rest else ""
    return ""


def _join(prefix: str, path: str) -> str:
    path = "/" + str(path).strip("/")
    if not prefix:
        return path
    return prefix if path == "/" else prefix + path


# --- collections -----------------------------------------------------------------------


def _models(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    schemas = ((document.get("components") or {}).get("schemas") if is_v3(document)
               else document.get("definitions")) or {}
    models = {}
    for name, schema in schemas.items():
        if not isinstance(schema, dict):
            continue
        model: dict[str, Any] = {"name": name, "contentType": "application/json", "schema": schema}
        if isinstance(schema.get("description"), str):
            model["description"] = schema["description"]
        models[name] = model
    return models


def security_schemes(document: dict[str, Any]) -> dict[str, Any]:
    if is_v3(document):
        return (document.get("components") or {}).get("securitySchemes") or {}
    return document.get("securityDefinitions") or {}


def _authorizers(document: dict[str, Any], warnings: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, scheme in security_schemes(document).items():
        scheme = resolve(document, scheme)
        ext = scheme.get("x-amazon-apigateway-authorizer") if isinstance(scheme, dict) else None
        if not isinstance(ext, dict):
            continue
        kind = str(ext.get("type", "token")).upper()
        if kind not in ("TOKEN", "REQUEST", "COGNITO_USER_POOLS"):  # e.g. HTTP APIs' jwt
            warnings.append(f"Invalid authorizer type '{ext.get('type')}' of security scheme '{name}'")
            continue
        record: dict[str, Any] = {"name": name, "type": kind}
        if ext.get("providerARNs"):
            record["providerARNs"] = [str(a) for a in ext["providerARNs"]]
        if scheme.get("x-amazon-apigateway-authtype"):
            record["authType"] = str(scheme["x-amazon-apigateway-authtype"])
        for key in _AUTHORIZER_STRINGS:
            if ext.get(key) not in (None, ""):
                record[key] = str(ext[key])
        if "identitySource" not in record and kind != "REQUEST" and scheme.get("in") == "header" \
                and scheme.get("name"):
            record["identitySource"] = f"method.request.header.{scheme['name']}"
        if ext.get("authorizerResultTtlInSeconds") is not None:
            record["authorizerResultTtlInSeconds"] = int(ext["authorizerResultTtlInSeconds"])
        out[name] = record
    return out


def _validators(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, body in (document.get("x-amazon-apigateway-request-validators") or {}).items():
        body = body if isinstance(body, dict) else {}
        out[name] = {"name": name, "validateRequestBody": bool(body.get("validateRequestBody", False)),
                     "validateRequestParameters": bool(body.get("validateRequestParameters", False))}
    return out


def _gateway_responses(document: dict[str, Any], warnings: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for kind, body in (document.get("x-amazon-apigateway-gateway-responses") or {}).items():
        if kind not in GATEWAY_RESPONSE_TYPES or not isinstance(body, dict):
            warnings.append(f"Invalid gateway response type '{kind}'")
            continue
        record: dict[str, Any] = {"responseType": kind, "defaultResponse": False}
        if body.get("statusCode") is not None:
            record["statusCode"] = str(body["statusCode"])
        for key in ("responseParameters", "responseTemplates"):
            if isinstance(body.get(key), dict):
                record[key] = {k: str(v) for k, v in body[key].items()}
        out[kind] = record
    return out


def _documentation(document: dict[str, Any]) -> list[dict[str, Any]]:
    ext = document.get("x-amazon-apigateway-documentation") or {}
    parts = []
    for part in ext.get("documentationParts") or [] if isinstance(ext, dict) else []:
        if not isinstance(part, dict) or not isinstance(part.get("location"), dict):
            continue
        location = {k: str(v) for k, v in part["location"].items() if v is not None}
        props = part.get("properties", {})
        props = props if isinstance(props, str) else json.dumps(props)
        parts.append({"location": location, "properties": props})
    return parts


# --- methods ---------------------------------------------------------------------------


def model_name(schema: Any) -> str | None:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        match = _MODEL_REF.match(schema["$ref"])
        if match:
            return match.group(1)
    return None


def _method(document: dict[str, Any], spec: Spec, path: str, verb: str, operation: dict[str, Any],
            shared: list[Any]) -> dict[str, Any]:
    method: dict[str, Any] = {"httpMethod": verb, "authorizationType": "NONE", "apiKeyRequired": False}
    if operation.get("operationId"):
        method["operationName"] = str(operation["operationId"])
    request_params, request_models = _request(document, spec, operation, shared)
    if request_params:
        method["requestParameters"] = request_params
    if request_models:
        method["requestModels"] = request_models
    responses = _responses(document, spec, operation)
    if responses:
        method["methodResponses"] = responses
    _security(document, spec, operation, method)
    validator = operation.get("x-amazon-apigateway-request-validator",
                              document.get("x-amazon-apigateway-request-validator"))
    if validator:
        if validator in spec.validators:
            method["_validator"] = validator
        else:
            spec.warnings.append(f"Request validator '{validator}' of resource '{path}' and method '{verb}' "
                                 "is not defined")
    integration = operation.get("x-amazon-apigateway-integration")
    if isinstance(integration, dict):
        built = _integration(integration, path, verb, spec.warnings)
        if built is not None:
            method["methodIntegration"] = built
    return method


def _request(document: dict[str, Any], spec: Spec, operation: dict[str, Any], shared: list[Any],
             ) -> tuple[dict[str, bool], dict[str, str]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in list(shared) + list(operation.get("parameters") or []):
        param = resolve(document, raw)
        if isinstance(param, dict):
            merged[(str(param.get("in")), str(param.get("name")))] = param
    params: dict[str, bool] = {}
    models: dict[str, str] = {}
    for (where, name), param in merged.items():
        if where in _LOCATIONS:
            required = where == "path" or bool(param.get("required"))
            params[f"method.request.{_LOCATIONS[where]}.{name}"] = required
        elif where == "body":
            model = _known_model(spec, param.get("schema"))
            if model:
                types = operation.get("consumes") or document.get("consumes") or ["application/json"]
                models.update({str(t): model for t in types})
    body = resolve(document, operation.get("requestBody"))
    if isinstance(body, dict):
        for content_type, media in (body.get("content") or {}).items():
            model = _known_model(spec, (media or {}).get("schema"))
            if model:
                models[content_type] = model
    return params, models


def _known_model(spec: Spec, schema: Any) -> str | None:
    name = model_name(schema)
    if name is not None and name not in spec.models:
        spec.warnings.append(f"Model '{name}' is referenced but not defined")
        return None
    return name


def _responses(document: dict[str, Any], spec: Spec, operation: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for status, raw in (operation.get("responses") or {}).items():
        response = resolve(document, raw)
        if not str(status).isdigit() or not isinstance(response, dict):
            continue
        record: dict[str, Any] = {"statusCode": str(status)}
        headers = {f"method.response.header.{h}": False for h in (response.get("headers") or {})}
        if headers:
            record["responseParameters"] = headers
        models = {}
        if is_v3(document):
            for content_type, media in (response.get("content") or {}).items():
                model = _known_model(spec, (media or {}).get("schema"))
                if model:
                    models[content_type] = model
        else:
            model = _known_model(spec, response.get("schema"))
            if model:
                types = operation.get("produces") or document.get("produces") or ["application/json"]
                models.update({str(t): model for t in types})
        if models:
            record["responseModels"] = models
        out[str(status)] = record
    return out


def _security(document: dict[str, Any], spec: Spec, operation: dict[str, Any],
              method: dict[str, Any]) -> None:
    requirements = operation["security"] if "security" in operation else document.get("security")
    schemes = security_schemes(document)
    for requirement in requirements or []:
        for name, scopes in (requirement or {}).items():
            scheme = resolve(document, schemes.get(name))
            if not isinstance(scheme, dict):
                spec.warnings.append(f"Security scheme '{name}' is not defined")
                continue
            auth_type = str(scheme.get("x-amazon-apigateway-authtype") or "").lower()
            if name in spec.authorizers:
                cognito = spec.authorizers[name]["type"] == "COGNITO_USER_POOLS"
                method["authorizationType"] = "COGNITO_USER_POOLS" if cognito else "CUSTOM"
                method["_authorizer"] = name
                if cognito and scopes:
                    method["authorizationScopes"] = [str(s) for s in scopes]
            elif auth_type == "awssigv4":
                method["authorizationType"] = "AWS_IAM"
            elif scheme.get("type") == "apiKey" and not auth_type:
                method["apiKeyRequired"] = True


def _integration(ext: dict[str, Any], path: str, verb: str, warnings: list[str]) -> dict[str, Any] | None:
    kind = str(ext.get("type", "")).upper()
    if kind not in INTEGRATION_TYPES:
        warnings.append(f"Invalid integration type '{ext.get('type')}' of resource '{path}' "
                        f"and method '{verb}'")
        return None
    out: dict[str, Any] = {"type": kind}
    for key in ("httpMethod", "uri", "credentials", "connectionId"):
        if ext.get(key) not in (None, ""):
            out[key] = str(ext[key])
    if "httpMethod" in out:
        out["httpMethod"] = out["httpMethod"].upper()
    if ext.get("connectionType"):
        out["connectionType"] = str(ext["connectionType"]).upper()
    elif "connectionId" in out:
        out["connectionType"] = "VPC_LINK"
    elif kind in ("HTTP", "HTTP_PROXY"):
        out["connectionType"] = "INTERNET"
    params = {}
    for key, value in (ext.get("requestParameters") or {}).items():
        if isinstance(value, str):
            params[key] = value
        else:
            warnings.append("Invalid format for 'requestParameters'. Expected type string for property "
                            f"'{key}' of resource '{path}' and method '{verb}' but got '{json.dumps(value)}'")
    if params:
        out["requestParameters"] = params
    templates = _templates(ext.get("requestTemplates"))
    if templates:
        out["requestTemplates"] = templates
    out["passthroughBehavior"] = str(ext.get("passthroughBehavior") or "WHEN_NO_MATCH").upper()
    if ext.get("contentHandling"):
        out["contentHandling"] = str(ext["contentHandling"]).upper()
    out["timeoutInMillis"] = int(ext.get("timeoutInMillis") or 29000)
    if ext.get("cacheNamespace"):
        out["cacheNamespace"] = str(ext["cacheNamespace"])
    out["cacheKeyParameters"] = [str(p) for p in ext.get("cacheKeyParameters") or []]
    if isinstance(ext.get("tlsConfig"), dict):
        skip = bool(ext["tlsConfig"].get("insecureSkipVerification"))
        out["tlsConfig"] = {"insecureSkipVerification": skip}
    responses = _integration_responses(ext.get("responses"))
    if responses:
        out["integrationResponses"] = responses
    return out


def _templates(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in value.items()}


def _integration_responses(responses: Any) -> dict[str, Any]:
    out = {}
    for pattern, body in (responses or {}).items() if isinstance(responses, dict) else ():
        if not isinstance(body, dict) or body.get("statusCode") in (None, ""):
            continue
        status = str(body["statusCode"])
        record: dict[str, Any] = {"statusCode": status}
        if pattern != "default":
            record["selectionPattern"] = pattern
        if isinstance(body.get("responseParameters"), dict) and body["responseParameters"]:
            record["responseParameters"] = {k: str(v) for k, v in body["responseParameters"].items()}
        templates = _templates(body.get("responseTemplates"))
        if templates:
            record["responseTemplates"] = templates
        if body.get("contentHandling"):
            record["contentHandling"] = str(body["contentHandling"]).upper()
        out[status] = record
    return out
