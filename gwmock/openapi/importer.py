"""An OpenAPI document read into API Gateway records (no ids yet, no state touched).

``parse(document, parameters)`` returns a ``Spec``: the RestApi fields, models,
authorizers, request validators, gateway responses, documentation parts, and for
every resource path the whole Method records it will hold. ``gwmock.openapi.writer``
gives them ids and stores them. Mapping (aws-recorded: test_apigateway_import):

* paths (+ base path per ``basepath=ignore|prepend|split``, ``document.base_path``:
  OAS 3 takes the first ``basePath`` server variable, else ``servers[0].url``'s path)
  -> resources (made by ``writer`` with CreateResource's checks); operations and
  ``x-amazon-apigateway-any-method`` -> methods; ``operationId`` -> operationName;
* path/query/header parameters -> ``method.request.*`` (path ones required); an array-typed
  query or header parameter -> ``multivaluequerystring`` / ``multivalueheader`` (Guess: the form
  gwmock's GetExport writes them in, so an export re-imports as it was; AWS's exported form of a
  multi-value method parameter is not documented);
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
  no default Empty/Error models (test_import_and_validate_rest_api[swagger-mock-cors]);
  an inline (non-``$ref``) request or response body schema -> a generated model named
  ``MODEL`` + six hex digits that the method's requestModels/responseModels name (AWS's
  names: aws/aws-sdk#468, an export showing ``MODELd2a00d`` for a document's inline schema);
* a security scheme with ``x-amazon-apigateway-authtype`` but no authorizer extension: AWS's
  warning "Unable to create authorizer from security definition: '<name>'. Extension
  x-amazon-apigateway-authorizer is required. Any methods with security: '<name>' will not be
  created. ..." (amazon-archives/aws-apigateway-importer#187), and those methods are left out;
* a method's ``x-amazon-apigateway-auth`` ``type`` ("NONE" or "AWS_IAM", "case insensitive": the
  extension's reference page) -> authorizationType (Guesses: it wins over ``security``; another
  type is the warning "Invalid authorization type 'X' of resource '/a' and method 'GET'");
* ``x-amazon-apigateway-documentation`` -> documentation parts, with
  ImportDocumentationParts' checks and words: a part it would refuse is left out with
  a warning ("Invalid documentation part type: NOPE").

Import errors found before writing (``models_refused`` and ``Spec.errors``; the handlers list
them before the writer's lines under "Errors found during import:"):
* a model name that is not alphanumeric: "Unable to create model for 'body_1': Model name must
  be alphanumeric: body_1" (PutRestApi's answer in edx/api-manager#259; api-platform/core#3193);
* a schema naming (``#/definitions/Y`` or ``#/components/schemas/Y``) a model that is missing or
  refused: "Unable to create model for 'X': Invalid model specified: Validation Result: warnings :
  [], errors : [Invalid model specified: Y]" (terra-money/fcd-classic#36); PutRestApi's merge also
  counts the API's own models;
* a gateway response status outside PutGatewayResponse's ``[1-5]\\d\\d`` (the data plane cannot
  answer with it; guess: the prefix "Unable to put gateway response 'DEFAULT_4XX': "), or a response
  parameter PutGatewayResponse refuses ("Invalid mapping expression specified: ..."). A gateway
  response is stored as PutGatewayResponse stores it (guess): without ``statusCode`` its type's
  default, without templates the default ``{"message":$context.error.messageString}``.
Otherwise a schema is kept as given, even one CreateModel would refuse (not draft 4, an
``http://`` or ``file:`` reference; a guess the data plane's tests rely on: such a reference is
never fetched and a broken schema is not enforced). A parameter without ``in`` or ``name`` is left
out (guess).

Every value is read through ``gwmock.openapi.values`` (object, list, integer, boolean,
string), so a document can only be answered, never crash the import. A value of the
wrong JSON type inside ``x-amazon-apigateway-integration`` is AWS's BadRequest "Unable to
parse API definition because of a malformed integration at path /a." (AWS's answer to
an object where a string belongs, quoted in localstack/localstack#4619 and
swagger-api/swagger-codegen#10450); anywhere else "Invalid OpenAPI input."
(aws-recorded: test_import_api_bad_file).

Guesses: a generated model's digits hash its schema (one schema, one model, the same name on
re-import), its content type is application/json and an empty schema ``{}`` makes none; a ``$ref`` to an unknown
model, an unknown security scheme or a bad integration type is skipped with a
warning; unknown ``basepath`` values are refused; which wrong types are "Invalid
OpenAPI input." (any, outside integrations: AWS's answer to, say, an authorizer's
``authorizerResultTtlInSeconds: "abc"`` or a ``security`` object is not known) and that
the malformed integration's path is the resource path (base path included); a
documentation part whose properties are not a JSON object is a warning (where
ImportDocumentationParts refuses the call).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from gwmock.apigateway.documentation import LOCATION_FIELDS, _location, _properties
from gwmock.apigateway.gateway_responses import DEFAULT_STATUS, DEFAULT_TEMPLATES, check_parameter
from gwmock.apigateway.models import _INVALID, _NAME, _refs
from gwmock.errors import ApiError, BadRequest
from gwmock.openapi.document import base_path, invalid, is_v3, resolve, stored_policy
from gwmock.openapi.values import Malformed, flag, integer, obj, seq, text, text_map, texts
from gwmock.protocol.models import operation_model
from gwmock.protocol.validate import validate

VERBS = {"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS", "head": "HEAD",
         "patch": "PATCH", "x-amazon-apigateway-any-method": "ANY"}
INTEGRATION_TYPES = ("HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY")
MALFORMED_INTEGRATION = "Unable to parse API definition because of a malformed integration at path"
_AUTHORIZER_STRINGS = ("authorizerUri", "authorizerCredentials", "identitySource",
                       "identityValidationExpression")
_LOCATIONS = {"path": "path", "query": "querystring", "header": "header"}
_MULTI_VALUE = {"query": "multivaluequerystring", "header": "multivalueheader"}
_MODEL_REF = re.compile(r"^#/(?:definitions|components/schemas)/(.+)$")
INLINE_MODEL_PREFIX = "MODEL"
_NAME_ATTEMPTS = 64  # names an inline schema tries before giving up (each taken by another schema)
NO_AUTHORIZER = ("Unable to create authorizer from security definition: '{name}'. Extension "
                 "x-amazon-apigateway-authorizer is required. Any methods with security: '{name}' will not be "
                 "created. If this security definition is not a custom authorizer, remove the "
                 "x-amazon-apigateway-authtype extension and it will be ignored.")
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
    # security schemes with an authtype but no authorizer: methods using them are not created
    unusable_schemes: set[str] = field(default_factory=set)
    # what CreateModel / PutGatewayResponse refuse: lines of "Errors found during import:", listed
    # before the writer's (which are found while writing; the handler's unit of work undoes it)
    errors: list[str] = field(default_factory=list)


def parse(document: dict[str, Any], parameters: dict[str, str] | None) -> Spec:
    """Read the whole document; a value of the wrong type anywhere is "Invalid OpenAPI input."."""
    options = {k.lower(): v for k, v in (parameters or {}).items()}
    try:
        return _parse(document, options.get("basepath", "ignore"), options.get("ignore") != "documentation")
    except Malformed:
        raise invalid() from None


def _parse(document: dict[str, Any], basepath: str, documentation: bool) -> Spec:
    prefix = _prefix(document, basepath)
    spec = Spec()
    spec.api = _api_fields(document)
    spec.models = _models(document)
    spec.authorizers = _authorizers(document, spec)
    spec.validators = _validators(document)
    spec.gateway_responses = _gateway_responses(document, spec)
    if documentation:
        spec.documentation = _documentation(document, spec.warnings)
    for raw_path, item in obj(document.get("paths")).items():
        path = _join(prefix, raw_path)
        methods = spec.paths.setdefault(path, {})
        item = obj(resolve(document, item))
        shared = seq(item.get("parameters"))
        for key, operation in item.items():
            verb = VERBS.get(key.lower())
            if verb is not None and operation is not None:
                method = _method(document, spec, path, verb, obj(operation), shared)
                if not method.pop("_unusable", False):
                    methods[verb] = method
    return spec


# --- the API -------------------------------------------------------------------------


def _api_fields(document: dict[str, Any]) -> dict[str, Any]:
    info = obj(document.get("info"))
    out: dict[str, Any] = {}
    for name, key in (("name", "title"), ("description", "description"), ("version", "version")):
        value = text(info.get(key))
        if value:
            out[name] = value
    if "x-amazon-apigateway-binary-media-types" in document:
        out["binaryMediaTypes"] = texts(document["x-amazon-apigateway-binary-media-types"])
    source = text(document.get("x-amazon-apigateway-api-key-source"))
    if source is not None and source.upper() in ("HEADER", "AUTHORIZER"):
        out["apiKeySource"] = source.upper()
    policy = document.get("x-amazon-apigateway-policy")
    if policy is not None:
        out["policy"] = stored_policy(policy if isinstance(policy, str) else json.dumps(policy))
    size = integer(document.get("x-amazon-apigateway-minimum-compression-size"))
    if size is not None:
        out["minimumCompressionSize"] = size
    endpoint = _endpoint_extension(document)
    if endpoint.get("vpcEndpointIds"):
        out["vpcEndpointIds"] = texts(endpoint["vpcEndpointIds"])
    disable = flag(endpoint.get("disableExecuteApiEndpoint"))
    if disable is not None:
        out["disableExecuteApiEndpoint"] = disable
    return out


def _endpoint_extension(document: dict[str, Any]) -> dict[str, Any]:
    """``x-amazon-apigateway-endpoint-configuration``: "present in top-level vendor extensions for
    Swagger 2.0. For OpenAPI 3.0, it should be present under the vendor extensions of the Server
    object" (the extension's reference page): 3.0 reads the first server carrying it, and the top
    level too (guess: AWS's answer to a 3.0 document carrying it there is not known)."""
    if is_v3(document):
        for server in seq(document.get("servers")):
            ext = obj(server).get("x-amazon-apigateway-endpoint-configuration")
            if ext is not None:
                return obj(ext)
    return obj(document.get("x-amazon-apigateway-endpoint-configuration"))


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
    schemas = obj(obj(document.get("components")).get("schemas") if is_v3(document)
                  else document.get("definitions"))
    return {name: _model(name, obj(schema)) for name, schema in schemas.items()}


def _model(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    model: dict[str, Any] = {"name": name, "contentType": "application/json", "schema": schema}
    description = schema.get("description")
    if isinstance(description, str):  # a schema's own member, not API Gateway's: any other type is ignored
        model["description"] = description
    return model


def security_schemes(document: dict[str, Any]) -> dict[str, Any]:
    if is_v3(document):
        return obj(obj(document.get("components")).get("securitySchemes"))
    return obj(document.get("securityDefinitions"))


def _authorizers(document: dict[str, Any], spec: Spec) -> dict[str, dict[str, Any]]:
    out = {}
    for name, scheme in security_schemes(document).items():
        scheme = obj(resolve(document, scheme))
        if "x-amazon-apigateway-authorizer" not in scheme:
            _without_authorizer(name, scheme, spec)
            continue
        ext = obj(scheme["x-amazon-apigateway-authorizer"])
        kind = str(text(ext.get("type", "token"))).upper()
        if kind not in ("TOKEN", "REQUEST", "COGNITO_USER_POOLS"):  # e.g. HTTP APIs' jwt
            spec.warnings.append(f"Invalid authorizer type '{ext.get('type')}' of security scheme '{name}'")
            continue
        record: dict[str, Any] = {"name": name, "type": kind}
        if ext.get("providerARNs"):
            record["providerARNs"] = texts(ext["providerARNs"])
        auth_type = text(scheme.get("x-amazon-apigateway-authtype"))
        if auth_type:
            record["authType"] = auth_type
        for key in _AUTHORIZER_STRINGS:
            value = text(ext.get(key))
            if value:
                record[key] = value
        header = text(scheme.get("name"))
        if "identitySource" not in record and kind != "REQUEST" and scheme.get("in") == "header" and header:
            record["identitySource"] = f"method.request.header.{header}"
        ttl = integer(ext.get("authorizerResultTtlInSeconds"))
        if ttl is not None:
            record["authorizerResultTtlInSeconds"] = ttl
        out[name] = record
    return out


def _without_authorizer(name: str, scheme: dict[str, Any], spec: Spec) -> None:
    """A scheme naming an authtype (other than IAM's awsSigv4) without the authorizer extension is
    AWS's warning, word for word (amazon-archives/aws-apigateway-importer#187, met there on
    re-importing an export), and, as it says, the methods it secures are not created."""
    auth_type = (text(scheme.get("x-amazon-apigateway-authtype")) or "").lower()
    if auth_type and auth_type != "awssigv4":
        spec.warnings.append(NO_AUTHORIZER.format(name=name))
        spec.unusable_schemes.add(name)


def _validators(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, body in obj(document.get("x-amazon-apigateway-request-validators")).items():
        body = obj(body)
        out[name] = {"name": name, "validateRequestBody": bool(flag(body.get("validateRequestBody"))),
                     "validateRequestParameters": bool(flag(body.get("validateRequestParameters")))}
    return out


def _gateway_responses(document: dict[str, Any], spec: Spec) -> dict[str, dict[str, Any]]:
    out = {}
    for kind, body in obj(document.get("x-amazon-apigateway-gateway-responses")).items():
        body = obj(body)
        if kind not in GATEWAY_RESPONSE_TYPES:
            spec.warnings.append(f"Invalid gateway response type '{kind}'")
            continue
        record: dict[str, Any] = {"responseType": kind, "defaultResponse": False}
        status = text(body.get("statusCode")) or DEFAULT_STATUS[kind]
        if status is not None:
            record["statusCode"] = status
        # what PutGatewayResponse stores for the members left out (guess: the import puts each one)
        record["responseParameters"] = text_map(body["responseParameters"]) \
            if body.get("responseParameters") is not None else {}
        record["responseTemplates"] = text_map(body["responseTemplates"]) \
            if body.get("responseTemplates") else dict(DEFAULT_TEMPLATES)
        refused = _gateway_response_refused(record)
        if refused is None:
            out[kind] = record
        else:
            spec.errors.append(f"Unable to put gateway response '{kind}': {refused}")
    return out


def _gateway_response_refused(record: dict[str, Any]) -> str | None:
    """PutGatewayResponse's checks: its model validation (a status outside ``[1-5]\\d\\d``, which the
    data plane could not answer with) and its response parameters' (a header name no header can have)."""
    params = {"restApiId": "import", **{k: v for k, v in record.items() if k != "defaultResponse"}}
    try:
        validate("apigateway", operation_model("apigateway", "PutGatewayResponse"), params)
        for key, value in record["responseParameters"].items():
            check_parameter(key, value)
    except ApiError as error:
        return error.message
    return None


def models_refused(models: dict[str, dict[str, Any]], known: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """An import error for each model AWS's import is known to refuse, in document order: a name that
    is not alphanumeric ("Unable to create model for 'body_1': Model name must be alphanumeric:
    body_1", edx/api-manager#259) and a schema naming a model that is missing or itself refused
    ("... errors : [Invalid model specified: A, Invalid model specified: B]", terra-money/fcd-classic#36).
    ``known``: models the API keeps beside the document's (PutRestApi's merge)."""
    refused = {name: problem for name, model in models.items()
               if (problem := _model_problem(name, model["schema"])) is not None}
    for name, model in models.items():
        if name not in refused:
            problem = _references_problem(name, model["schema"], models, refused, known)
            if problem is not None:
                refused[name] = problem
    return [f"Unable to create model for '{name}': {refused[name]}" for name in models if name in refused]


def _model_problem(name: str, schema: dict[str, Any]) -> str | None:
    if not name:
        return "Model name must be non-empty"
    if not _NAME.fullmatch(name):
        return f"Model name must be alphanumeric: {name}"
    return None


def _references_problem(name: str, schema: dict[str, Any], models: dict[str, Any], refused: dict[str, str],
                        known: set[str] | frozenset[str]) -> str | None:
    missing: list[str] = []
    for ref in _refs(schema):
        match = _MODEL_REF.match(ref)
        if match is None:
            continue  # kept as given (see the module docstring)
        target = match.group(1)
        absent = target in refused if target in models else target not in known
        if target != name and absent and target not in missing:
            missing.append(target)
    if missing:
        return str(_INVALID.format(", ".join(f"Invalid model specified: {n}" for n in missing)))
    return None


def _documentation(document: dict[str, Any], warnings: list[str]) -> list[dict[str, Any]]:
    """``x-amazon-apigateway-documentation``, with ImportDocumentationParts' checks: a part it
    would refuse is left out with its words as a warning ("Invalid documentation part type: NOPE")."""
    ext = obj(document.get("x-amazon-apigateway-documentation"))
    parts = []
    for i, part in enumerate(seq(ext.get("documentationParts"))):
        part = obj(part)
        if not isinstance(part.get("location"), dict):
            warnings.append(f"Documentation part {i} has no location")
            continue
        location = {k: text(v) for k, v in part["location"].items() if v is not None}
        props = part.get("properties", {})
        props = props if isinstance(props, str) else json.dumps(props)
        try:
            if location.get("type") not in LOCATION_FIELDS:
                raise BadRequest(f"Invalid documentation part type: {location.get('type')}")
            parts.append({"location": _location(location), "properties": _properties(props)})
        except BadRequest as error:
            warnings.append(error.message)
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
    operation_id = text(operation.get("operationId"))
    if operation_id:
        method["operationName"] = operation_id
    request_params, request_models = _request(document, spec, operation, shared)
    if request_params:
        method["requestParameters"] = request_params
    if request_models:
        method["requestModels"] = request_models
    responses = _responses(document, spec, operation)
    if responses:
        method["methodResponses"] = responses
    _security(document, spec, operation, method)
    _auth_extension(spec, operation, method, path, verb)
    validator = text(operation.get("x-amazon-apigateway-request-validator",
                                   document.get("x-amazon-apigateway-request-validator")))
    if validator:
        if validator in spec.validators:
            method["_validator"] = validator
        else:
            spec.warnings.append(f"Request validator '{validator}' of resource '{path}' and method '{verb}' "
                                 "is not defined")
    if operation.get("x-amazon-apigateway-integration") is not None:
        built = _integration(operation["x-amazon-apigateway-integration"], path, verb, spec.warnings)
        if built is not None:
            method["methodIntegration"] = built
    return method


def _request(document: dict[str, Any], spec: Spec, operation: dict[str, Any], shared: list[Any],
             ) -> tuple[dict[str, bool], dict[str, str]]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in shared + seq(operation.get("parameters")):
        param = obj(resolve(document, raw))
        where, name = text(param.get("in")), text(param.get("name"))
        if where == "body" or (where and name):  # guess: one without a name or place is left out
            merged[(str(where), name or "")] = param
    params: dict[str, bool] = {}
    models: dict[str, str] = {}
    for (where, name), param in merged.items():
        if where in _LOCATIONS:
            required = where == "path" or bool(flag(param.get("required")))
            location = _MULTI_VALUE[where] if where in _MULTI_VALUE and _is_array(document, param) \
                else _LOCATIONS[where]
            params[f"method.request.{location}.{name}"] = required
        elif where == "body":
            model = _body_model(spec, param.get("schema"))
            if model:
                types = texts(operation.get("consumes") or document.get("consumes")) or ["application/json"]
                models.update({t: model for t in types})
    body = obj(resolve(document, operation.get("requestBody")))
    for content_type, media in obj(body.get("content")).items():
        model = _body_model(spec, obj(media).get("schema"))
        if model:
            models[content_type] = model
    return params, models


def _is_array(document: dict[str, Any], param: dict[str, Any]) -> bool:
    """An array-typed query or header parameter (2.0 ``type``, 3.0 ``schema.type``) is a multi-value
    one: the form GetExport writes them in (see gwmock/openapi/exporter.py), so they survive a round
    trip."""
    return param.get("type") == "array" or obj(resolve(document, param.get("schema"))).get("type") == "array"


def _body_model(spec: Spec, schema: Any) -> str | None:
    """The model a request or response body uses: the one a ``$ref`` names, or for an inline schema
    one generated for it and added to ``spec.models`` (see ``inline_model_name``)."""
    if not isinstance(schema, dict) or not schema:
        return None
    if "$ref" in schema:
        return _known_model(spec, schema)
    for attempt in range(_NAME_ATTEMPTS):  # a name taken by another schema (a defined model, a collision): the next
        name = inline_model_name(schema, attempt)
        known = spec.models.get(name)
        if known is None:
            spec.models[name] = _model(name, schema)
            return name
        if known.get("schema") == schema:
            return name
    spec.warnings.append("No model name left for an inline schema: the body is not modelled")
    return None  # only a document built to take every name it would try gets here


def inline_model_name(schema: dict[str, Any], attempt: int = 0) -> str:
    """``MODEL`` and six hex digits, the names AWS gives the models it creates for inline schemas
    ("renamed to MODEL{hash} (for example MODELd2a00d)": aws/aws-sdk#468). Guess: the digits are a
    hash of the schema, so one schema used twice is one model and a re-import keeps its name;
    ``attempt`` > 0 hashes again when the name is another schema's (24 bits collide by a few
    thousand schemas)."""
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":")) + (f"#{attempt}" if attempt else "")
    return INLINE_MODEL_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()[:6]


def _known_model(spec: Spec, schema: Any) -> str | None:
    name = model_name(schema)
    if name is not None and name not in spec.models:
        spec.warnings.append(f"Model '{name}' is referenced but not defined")
        return None
    return name


def _responses(document: dict[str, Any], spec: Spec, operation: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for status, raw in obj(operation.get("responses")).items():
        response = obj(resolve(document, raw))
        if not status.isdigit():
            continue
        record: dict[str, Any] = {"statusCode": status}
        headers = {f"method.response.header.{h}": False for h in obj(response.get("headers"))}
        if headers:
            record["responseParameters"] = headers
        models = {}
        if is_v3(document):
            for content_type, media in obj(response.get("content")).items():
                model = _body_model(spec, obj(media).get("schema"))
                if model:
                    models[content_type] = model
        else:
            model = _body_model(spec, response.get("schema"))
            if model:
                types = texts(operation.get("produces") or document.get("produces")) or ["application/json"]
                models.update({t: model for t in types})
        if models:
            record["responseModels"] = models
        out[status] = record
    return out


def _security(document: dict[str, Any], spec: Spec, operation: dict[str, Any],
              method: dict[str, Any]) -> None:
    requirements = seq(operation["security"] if "security" in operation else document.get("security"))
    schemes = security_schemes(document)
    for requirement in requirements:
        for name, scopes in obj(requirement).items():
            scopes = texts(scopes)
            scheme = resolve(document, schemes.get(name))
            if not isinstance(scheme, dict):
                spec.warnings.append(f"Security scheme '{name}' is not defined")
                continue
            if name in spec.unusable_schemes:
                method["_unusable"] = True
            auth_type = (text(scheme.get("x-amazon-apigateway-authtype")) or "").lower()
            if name in spec.authorizers:
                cognito = spec.authorizers[name]["type"] == "COGNITO_USER_POOLS"
                method["authorizationType"] = "COGNITO_USER_POOLS" if cognito else "CUSTOM"
                method["_authorizer"] = name
                if cognito and scopes:
                    method["authorizationScopes"] = scopes
            elif auth_type == "awssigv4":
                method["authorizationType"] = "AWS_IAM"
            elif scheme.get("type") == "apiKey" and not auth_type:
                method["apiKeyRequired"] = True


def _auth_extension(spec: Spec, operation: dict[str, Any], method: dict[str, Any], path: str, verb: str) -> None:
    """``x-amazon-apigateway-auth``: "NONE" or "AWS_IAM", "case insensitive" (the extension's
    reference page, whose example protects a GET with ``type: AWS_IAM``). Guesses: it wins over
    the method's ``security``, and another type is a warning that leaves the method as it was."""
    ext = operation.get("x-amazon-apigateway-auth")
    if ext is None:
        return
    kind = (text(obj(ext).get("type")) or "").upper()
    if kind in ("NONE", "AWS_IAM"):
        method["authorizationType"] = kind
        for key in ("_authorizer", "authorizationScopes"):
            method.pop(key, None)
    else:
        spec.warnings.append(f"Invalid authorization type '{obj(ext).get('type')}' of resource '{path}' "
                             f"and method '{verb}'")


# --- integrations ------------------------------------------------------------------------


def _integration(ext: Any, path: str, verb: str, warnings: list[str]) -> dict[str, Any] | None:
    """The methodIntegration, or a warning for an unknown type; a value of the wrong type is
    AWS's "Unable to parse API definition because of a malformed integration at path <path>."."""
    try:
        return _integration_fields(obj(ext), path, verb, warnings)
    except Malformed:
        raise BadRequest(f"{MALFORMED_INTEGRATION} {path}.") from None


def _integration_fields(ext: dict[str, Any], path: str, verb: str, warnings: list[str]) -> dict[str, Any] | None:
    kind = (text(ext.get("type")) or "").upper()
    if kind not in INTEGRATION_TYPES:
        warnings.append(f"Invalid integration type '{ext.get('type')}' of resource '{path}' "
                        f"and method '{verb}'")
        return None
    out: dict[str, Any] = {"type": kind}
    for key in ("httpMethod", "uri", "credentials", "connectionId"):
        value = text(ext.get(key))
        if value:
            out[key] = value
    if "httpMethod" in out:
        out["httpMethod"] = out["httpMethod"].upper()
    connection_type = text(ext.get("connectionType"))
    if connection_type:
        out["connectionType"] = connection_type.upper()
    elif "connectionId" in out:
        out["connectionType"] = "VPC_LINK"
    elif kind in ("HTTP", "HTTP_PROXY"):
        out["connectionType"] = "INTERNET"
    params = {}
    for key, value in obj(ext.get("requestParameters")).items():
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
    out["passthroughBehavior"] = (text(ext.get("passthroughBehavior")) or "WHEN_NO_MATCH").upper()
    content_handling = text(ext.get("contentHandling"))
    if content_handling:
        out["contentHandling"] = content_handling.upper()
    timeout = integer(ext.get("timeoutInMillis"))
    out["timeoutInMillis"] = 29000 if timeout is None else timeout
    namespace = text(ext.get("cacheNamespace"))
    if namespace:
        out["cacheNamespace"] = namespace
    out["cacheKeyParameters"] = texts(ext.get("cacheKeyParameters"))
    for key in ("responseTransferMode", "integrationTarget"):
        value = text(ext.get(key))
        if value:
            out[key] = value.upper() if key == "responseTransferMode" else value
    if ext.get("tlsConfig") is not None:
        out["tlsConfig"] = {"insecureSkipVerification": bool(flag(obj(ext["tlsConfig"]).get(
            "insecureSkipVerification")))}
    responses = _integration_responses(ext.get("responses"))
    if responses:
        out["integrationResponses"] = responses
    return out


def _templates(value: Any) -> dict[str, str]:
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in obj(value).items()}


def _integration_responses(responses: Any) -> dict[str, Any]:
    out = {}
    for pattern, body in obj(responses).items():
        body = obj(body)
        status = text(body.get("statusCode"))
        if not status:
            continue
        record: dict[str, Any] = {"statusCode": status}
        if pattern != "default":
            record["selectionPattern"] = pattern
        parameters = text_map(body.get("responseParameters"))
        if parameters:
            record["responseParameters"] = parameters
        templates = _templates(body.get("responseTemplates"))
        if templates:
            record["responseTemplates"] = templates
        content_handling = text(body.get("contentHandling"))
        if content_handling:
            record["contentHandling"] = content_handling.upper()
        out[status] = record
    return out
