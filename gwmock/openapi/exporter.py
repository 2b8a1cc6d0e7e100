"""A RestApi's records written out as an OpenAPI 2.0 (``swagger``) or 3.0 (``oas30``) document.

Shapes follow AWS's exports (aws-recorded: test_apigateway_extended,
test_export_swagger_openapi / test_export_oas30_openapi):
* 2.0: ``host`` ``{api}.execute-api.{region}.amazonaws.com``, ``basePath`` ``/{stage}``,
  ``schemes: [https]``; 3.0: ``openapi: 3.0.1`` and one server whose ``basePath``
  variable defaults to the stage; ``info.version`` is the API's version or, without
  one, the stage's deployment's date (guess: which date is not recorded);
* ``definitions`` / ``components.schemas`` hold only the models the methods use, directly or
  through another model's ``$ref``, in the order they were created (the imported document's:
  the recorded PetStore export lists Pets, Empty, NewPetResponse, Pet, NewPet, PetType, where
  GetModels lists by name), and without their top-level ``$schema``: exports of APIs that have
  the default Error model show only the Empty model their methods use, as
  ``{"type": "object", "title": "Empty Schema"}`` (the developer guide's "OpenAPI definitions
  of the sample API as an Amazon S3 proxy", in both versions; users' exported files, e.g. a
  console-built API with CORS and gateway responses, an OAS 3.0 mock API whose 500 response
  uses Error and so exports it);
* only resources with methods appear; parameters are strings (2.0 ``required``
  always written, 3.0 only when true), multi-value ones (``multivaluequerystring``,
  ``multivalueheader``) arrays of strings, 2.0 query ones with ``collectionFormat: multi``
  (Guess: AWS's form for them is not documented; the importer reads it back as multi-value);
  responses are described "<code> response", headers are strings, 3.0 always writes
  ``content`` (``{}`` without models) and ``components`` (``{}`` without models); 2.0 ``consumes``/``produces`` list the
  request/response model content types and the integration's template types;
* ``x-amazon-apigateway-integration`` only with ``extensions=integrations`` or
  ``apigateway``, holding the non-default values with enums in lower case
  (``passthroughBehavior: when_no_match``); the binary media types also appear then.
The export shows what the stage's deployment froze, as AWS exports "a deployed
version"; the API's name, description and version are the current ones.
A stage with a ``documentationVersion`` exports that snapshot: the OpenAPI fields of its
parts (API ``info``, a method's summary/description/tags, parameter, body, response,
header, model and authorizer descriptions) merged into the document, and the parts
themselves in ``x-amazon-apigateway-documentation`` (API reference, DocumentationPart
``properties``). Guesses: which fields count as OpenAPI ones, that a value of another JSON
type than OpenAPI gives the field (a ``title`` object) is left out, so the document
re-imports, and that the extension needs ``extensions=documentation`` or ``apigateway``.
Guesses: ``extensions=authorizers`` writes every authorizer as a security scheme
with its authorizer extension (without it, only the schemes methods use, bare);
``apigateway`` adds the API-level extensions (api key source, policy, compression
size, gateway responses, request validators, endpoint configuration).
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from gwmock.arns import execute_api_host
from gwmock.context import Context
from gwmock.openapi.document import MODEL_ORDER, policy_document
from gwmock.state.base import Record

_VERB_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
_PARAM = re.compile(r"^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$")
_IN = {"querystring": "query", "multivaluequerystring": "query", "multivalueheader": "header"}
_HEADER = re.compile(r"^method\.response\.header\.(.+)$")
_MODEL_URL = re.compile(r"^https://apigateway\.amazonaws\.com/restapis/[^/]+/models/(.+)$")
_LOCAL_REF = re.compile(r"^#/(?:definitions|components/schemas)/[^/]+$")
_LAST = float("inf")
_UNQUOTABLE = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
_DEFAULT_TIMEOUT = 29000
_AUTHORIZER_FIELDS = ("authorizerUri", "authorizerCredentials", "identitySource",
                      "identityValidationExpression", "authorizerResultTtlInSeconds", "providerARNs")
_INTEGRATION_RESPONSE_FIELDS = ("statusCode", "responseParameters", "responseTemplates", "contentHandling")
_COLLECTIONS = ("resources", "authorizers", "requestvalidators", "models", "gatewayresponses")
_FROZEN_API_FIELDS = ("binaryMediaTypes", "apiKeySource", "policy", "minimumCompressionSize",
                      "disableExecuteApiEndpoint")


class _Exporter:
    def __init__(self, ctx: Context, api: Record, stage: Record, v3: bool, extensions: set[str]) -> None:
        self.ctx, self.stage, self.v3 = ctx, stage, v3
        self.integrations = bool(extensions & {"integrations", "apigateway"})
        self.authorizer_ext = bool(extensions & {"authorizers", "apigateway"})
        self.apigateway = "apigateway" in extensions
        self.documentation_ext = bool(extensions & {"documentation", "apigateway"})
        self.api, records = deployed(ctx, api, stage)
        self.authorizers = {a["id"]: a for a in records["authorizers"]}
        # a validator made without a name has no key in the document's map: left out (guess)
        self.validators = {v["id"]: v for v in records["requestvalidators"] if v.get("name")}
        self.models = records["models"]
        self.gateway_responses = records["gatewayresponses"]
        self.resources = sorted(records["resources"], key=lambda r: r["path"])
        self.schemes: dict[str, Any] = {}

    def ref(self, model: str) -> dict[str, str]:
        return {"$ref": ("#/components/schemas/" if self.v3 else "#/definitions/") + model}

    # --- the document ------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        if self.authorizer_ext:  # all of them, used or not, so that a re-import recreates them (guess)
            for authorizer in self.authorizers.values():
                self.schemes[authorizer["name"]] = self.authorizer_scheme(authorizer)
        paths = {}
        for resource in self.resources:
            methods = resource.get("resourceMethods") or {}
            if methods:
                verbs = sorted(methods, key=lambda v: _VERB_ORDER.index(v) if v in _VERB_ORDER else 99)
                paths[resource["path"]] = {_verb_key(v): self.operation(resource, methods[v]) for v in verbs}
        info = {"title": self.api["name"]}
        if self.api.get("description"):
            info["description"] = self.api["description"]
        info["version"] = self.api.get("version") or _date(self.ctx, self.api, self.stage)
        host = execute_api_host(self.api["id"], self.ctx.region)
        stage = self.stage["stageName"]
        doc: dict[str, Any]
        if self.v3:
            doc = {"openapi": "3.0.1", "info": info,
                   "servers": [{"url": f"https://{host}/{{basePath}}",
                                "variables": {"basePath": {"default": stage}}}],
                   "paths": paths, "components": {}}
            schemas = self.schemas()
            if schemas:
                doc["components"]["schemas"] = schemas
            if self.schemes:
                doc["components"]["securitySchemes"] = self.schemes
        else:
            doc = {"swagger": "2.0", "info": info, "host": host, "basePath": f"/{stage}",
                   "schemes": ["https"], "paths": paths}
            if self.schemes:
                doc["securityDefinitions"] = self.schemes
            schemas = self.schemas()
            if schemas:
                doc["definitions"] = schemas
        self.api_extensions(doc)
        self.documentation(doc)
        return doc

    def documentation(self, doc: dict[str, Any]) -> None:
        """The stage's documentation snapshot: OpenAPI fields merged in, the parts as an extension."""
        name = self.stage.get("documentationVersion")
        version = self.ctx.store.get(("restapis", self.api["id"], "documentationversions", str(name or "")))
        if not version:
            return
        parts = [(p["location"], _properties(p.get("properties"))) for p in version.get("parts") or ()]
        for location, properties in parts:
            if isinstance(properties, dict):
                _document(doc, location, properties, self.v3)
        if self.documentation_ext:
            doc["x-amazon-apigateway-documentation"] = {
                "version": version["version"],
                "createdDate": _iso(version["createdDate"]),
                "documentationParts": [{"location": location, "properties": properties}
                                       for location, properties in parts]}

    def schemas(self) -> dict[str, Any]:
        """The models the methods use, directly or through another model's ``$ref``, in the order
        they were created, each without its top-level ``$schema``."""
        schemas = {}
        for model in sorted(self.models, key=lambda m: m.get(MODEL_ORDER, _LAST)):  # stable: creation order
            try:
                schema = json.loads(model.get("schema") or "{}")
            except ValueError:
                schema = {}
            if isinstance(schema, dict):
                schema = {k: v for k, v in schema.items() if k != "$schema"}
            schemas[model["name"]] = self.local_refs(schema)
        used = self.used_models(schemas)
        return {name: schema for name, schema in schemas.items() if name in used}

    def used_models(self, schemas: dict[str, Any]) -> set[str]:
        """The models the deployed methods name in requestModels/responseModels, and the models their
        schemas reach through ``$ref``."""
        pending = []
        for resource in self.resources:
            for method in (resource.get("resourceMethods") or {}).values():
                pending += list((method.get("requestModels") or {}).values())
                for response in (method.get("methodResponses") or {}).values():
                    pending += list((response.get("responseModels") or {}).values())
        used: set[str] = set()
        while pending:
            name = pending.pop()
            if name in used or name not in schemas:
                continue
            used.add(name)
            pending += _refs(schemas[name])
        return used

    def local_refs(self, node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: self.local_refs(v) for k, v in node.items()}
            match = _MODEL_URL.match(node["$ref"]) if isinstance(node.get("$ref"), str) else None
            if match:
                out["$ref"] = self.ref(match.group(1))["$ref"]
            return out
        if isinstance(node, list):
            return [self.local_refs(v) for v in node]
        return node

    def api_extensions(self, doc: dict[str, Any]) -> None:
        if (self.integrations or self.apigateway) and self.api.get("binaryMediaTypes"):
            doc["x-amazon-apigateway-binary-media-types"] = list(self.api["binaryMediaTypes"])
        if not self.apigateway:
            return
        if self.api.get("apiKeySource", "HEADER") != "HEADER":
            doc["x-amazon-apigateway-api-key-source"] = self.api["apiKeySource"]
        if self.api.get("policy"):
            doc["x-amazon-apigateway-policy"] = policy_document(self.api["policy"])
        if self.api.get("minimumCompressionSize") is not None:
            doc["x-amazon-apigateway-minimum-compression-size"] = self.api["minimumCompressionSize"]
        if self.validators:
            doc["x-amazon-apigateway-request-validators"] = {
                v["name"]: {"validateRequestBody": bool(v.get("validateRequestBody")),
                            "validateRequestParameters": bool(v.get("validateRequestParameters"))}
                for v in self.validators.values()}
        responses = self.gateway_responses
        if responses:
            doc["x-amazon-apigateway-gateway-responses"] = {
                r["responseType"]: {k: r[k] for k in ("statusCode", "responseParameters", "responseTemplates")
                                    if r.get(k)} for r in responses}
        endpoint = self.api.get("endpointConfiguration") or {}
        if endpoint.get("vpcEndpointIds") or self.api.get("disableExecuteApiEndpoint"):
            # "present in top-level vendor extensions for Swagger 2.0. For OpenAPI 3.0, it should be
            # present under the vendor extensions of the Server object" (the extension's reference page)
            holder = doc["servers"][0] if self.v3 else doc
            holder["x-amazon-apigateway-endpoint-configuration"] = {
                **({"vpcEndpointIds": endpoint["vpcEndpointIds"]} if endpoint.get("vpcEndpointIds") else {}),
                "disableExecuteApiEndpoint": bool(self.api.get("disableExecuteApiEndpoint"))}

    # --- one method --------------------------------------------------------------------

    def operation(self, resource: Record, method: Record) -> dict[str, Any]:
        op: dict[str, Any] = {}
        if method.get("operationName"):
            op["operationId"] = method["operationName"]
        integration = method.get("methodIntegration") or {}
        if not self.v3:
            consumes = _unique(list(method.get("requestModels") or {})
                               + list(integration.get("requestTemplates") or {}))
            produces = _unique([ct for r in (method.get("methodResponses") or {}).values()
                                for ct in r.get("responseModels") or {}]
                               + [ct for r in (integration.get("integrationResponses") or {}).values()
                                  for ct in r.get("responseTemplates") or {}])
            if consumes:
                op["consumes"] = consumes
            if produces:
                op["produces"] = produces
        parameters = self.parameters(method)
        if parameters:
            op["parameters"] = parameters
        models = method.get("requestModels") or {}
        if self.v3 and models:
            op["requestBody"] = {"content": {ct: {"schema": self.ref(m)} for ct, m in models.items()},
                                 "required": True}
        responses = method.get("methodResponses") or {}
        op["responses"] = {status: self.response(r) for status, r in responses.items()}
        security = self.security(method)
        if security:
            op["security"] = security
        if self.apigateway and method.get("requestValidatorId") in self.validators:
            validator = self.validators[method["requestValidatorId"]]
            op["x-amazon-apigateway-request-validator"] = validator["name"]
        if self.integrations and integration:
            op["x-amazon-apigateway-integration"] = _integration(integration, resource["id"])
        return op

    def parameters(self, method: Record) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for key, required in (method.get("requestParameters") or {}).items():
            match = _PARAM.match(key)
            if not match:
                continue
            location = match.group(1)
            where = _IN.get(location, location)
            param: dict[str, Any] = {"name": match.group(2), "in": where}
            required = True if where == "path" else bool(required)
            schema = _parameter_schema(location)
            if self.v3:
                if required:
                    param["required"] = True
                param["schema"] = schema
            else:
                param.update(required=required, **schema)
                if location == "multivaluequerystring":
                    param["collectionFormat"] = "multi"
            out.append(param)
        models = method.get("requestModels") or {}
        if models and not self.v3:
            model = next(iter(models.values()))
            out.append({"in": "body", "name": model, "required": True, "schema": self.ref(model)})
        return out

    def response(self, response: Record) -> dict[str, Any]:
        out: dict[str, Any] = {"description": f"{response['statusCode']} response"}
        headers = [m.group(1) for m in map(_HEADER.match, response.get("responseParameters") or {}) if m]
        models = response.get("responseModels") or {}
        if not self.v3 and models:
            out["schema"] = self.ref(next(iter(models.values())))
        if headers:
            kind = {"schema": {"type": "string"}} if self.v3 else {"type": "string"}
            out["headers"] = {h: dict(kind) for h in headers}
        if self.v3:
            out["content"] = {ct: {"schema": self.ref(m)} for ct, m in models.items()}
        return out

    def security(self, method: Record) -> list[dict[str, list[str]]]:
        out: list[dict[str, list[str]]] = []
        kind = method.get("authorizationType", "NONE")
        authorizer = self.authorizers.get(method.get("authorizerId") or "")
        if kind in ("CUSTOM", "COGNITO_USER_POOLS") and authorizer is not None:
            self.schemes[authorizer["name"]] = self.authorizer_scheme(authorizer)
            out.append({authorizer["name"]: list(method.get("authorizationScopes") or [])})
        elif kind == "AWS_IAM":
            self.schemes["sigv4"] = {"type": "apiKey", "name": "Authorization", "in": "header",
                                     "x-amazon-apigateway-authtype": "awsSigv4"}
            out.append({"sigv4": []})
        if method.get("apiKeyRequired"):
            self.schemes["api_key"] = {"type": "apiKey", "name": "x-api-key", "in": "header"}
            out.append({"api_key": []})
        return out

    def authorizer_scheme(self, authorizer: Record) -> dict[str, Any]:
        source = authorizer.get("identitySource") or ""
        header = source[len("method.request.header."):] if source.startswith("method.request.header.") \
            and "," not in source else "Unused"
        default_type = "cognito_user_pools" if authorizer["type"] == "COGNITO_USER_POOLS" else "custom"
        scheme: dict[str, Any] = {"type": "apiKey", "name": header, "in": "header",
                                  "x-amazon-apigateway-authtype": authorizer.get("authType") or default_type}
        if self.authorizer_ext:
            ext: dict[str, Any] = {"type": authorizer["type"].lower()}
            for key in _AUTHORIZER_FIELDS:
                if authorizer.get(key) not in (None, "", []):
                    ext[key] = authorizer[key]
            scheme["x-amazon-apigateway-authorizer"] = ext
        return scheme


_DOC_FIELDS = {
    "API": ("title", "description", "version", "termsOfService", "contact", "license"),
    "METHOD": ("summary", "description", "tags", "operationId", "externalDocs", "deprecated"),
    "RESOURCE": ("summary", "description"),
    "MODEL": ("title", "description", "example"),
}
_PARAMETER_IN = {"PATH_PARAMETER": "path", "QUERY_PARAMETER": "query", "REQUEST_HEADER": "header"}


def _properties(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return text


def _iso(stamp: int) -> str:
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pick(properties: dict[str, Any], kind: str) -> dict[str, Any]:
    """The part's OpenAPI fields of the type OpenAPI gives them: properties are any JSON object, and a
    ``title`` or ``operationId`` object would make a document no import reads (guess: AWS leaves
    such values out)."""
    return {k: v for k, v in properties.items() if k in _DOC_FIELDS[kind] and _fits(k, v)}


def _fits(field: str, value: Any) -> bool:
    if field in ("contact", "license", "externalDocs"):
        return isinstance(value, dict)
    if field == "tags":
        return isinstance(value, list) and all(isinstance(tag, str) for tag in value)
    if field == "deprecated":
        return isinstance(value, bool)
    return field == "example" or isinstance(value, str)


def _operations(doc: dict[str, Any], location: dict[str, Any]) -> list[dict[str, Any]]:
    item = doc["paths"].get(location.get("path") or "/") or {}
    method = str(location.get("method") or "*")
    wanted = None if method == "*" else _verb_key(method.upper())
    return [op for verb, op in item.items()
            if isinstance(op, dict) and verb not in ("summary", "description") and wanted in (None, verb)]


def _document(doc: dict[str, Any], location: dict[str, Any], properties: dict[str, Any], v3: bool) -> None:
    """Merge one part's OpenAPI-compliant properties into the exported document."""
    kind = location.get("type")
    if kind == "API":
        info = properties.get("info")
        doc["info"].update(_pick(info if isinstance(info, dict) else properties, "API"))
    elif kind == "RESOURCE" and v3 and (location.get("path") or "/") in doc["paths"]:
        doc["paths"][location.get("path") or "/"].update(_pick(properties, "RESOURCE"))
    elif kind == "METHOD":
        for op in _operations(doc, location):
            op.update(_pick(properties, "METHOD"))
    elif kind == "MODEL":
        schemas = doc.get("components", {}).get("schemas") if v3 else doc.get("definitions")
        if schemas and isinstance(schemas.get(location.get("name")), dict):
            schemas[location["name"]].update(_pick(properties, "MODEL"))
    elif isinstance(properties.get("description"), str):
        _describe(doc, location, properties["description"], v3)


def _describe(doc: dict[str, Any], location: dict[str, Any], description: str, v3: bool) -> None:
    """A parameter's, body's, response's, header's or authorizer's ``description``."""
    kind = location.get("type")
    if kind in _PARAMETER_IN:
        for op in _operations(doc, location):
            for param in op.get("parameters") or ():
                if param["in"] == _PARAMETER_IN[kind] and param["name"] == location.get("name"):
                    param["description"] = description
    elif kind == "REQUEST_BODY":
        for op in _operations(doc, location):
            body = op.get("requestBody") if v3 else next(
                (p for p in op.get("parameters") or () if p["in"] == "body"), None)
            if body is not None:
                body["description"] = description
    elif kind in ("RESPONSE", "RESPONSE_HEADER"):
        code = str(location.get("statusCode") or "*")
        for op in _operations(doc, location):
            for status, response in (op.get("responses") or {}).items():
                if code not in ("*", status):
                    continue
                if kind == "RESPONSE":
                    response["description"] = description
                elif location.get("name") in (response.get("headers") or {}):
                    response["headers"][location["name"]]["description"] = description
    elif kind == "AUTHORIZER":
        schemes = doc.get("components", {}).get("securitySchemes") if v3 else doc.get("securityDefinitions")
        if schemes and location.get("name") in schemes:
            schemes[location["name"]]["description"] = description


def _parameter_schema(location: str) -> dict[str, Any]:
    """A method request parameter's type: a string, or for a multi-value one an array of strings
    (2.0 adds ``collectionFormat: multi`` for a repeated query key), the form the importer reads
    back as multi-value."""
    if location.startswith("multivalue"):
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string"}


def _refs(node: Any) -> list[str]:
    """The model names an exported schema's local ``$ref``s point at."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        found = [ref.rsplit("/", 1)[1]] if isinstance(ref, str) and _LOCAL_REF.match(ref) else []
        return found + [name for value in node.values() for name in _refs(value)]
    if isinstance(node, list):
        return [name for value in node for name in _refs(value)]
    return []


def _verb_key(verb: str) -> str:
    return "x-amazon-apigateway-any-method" if verb == "ANY" else verb.lower()


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _integration(integration: Record, resource_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": integration["type"].lower()}
    for key in ("httpMethod", "uri", "credentials", "connectionId"):
        if integration.get(key):
            out[key] = integration[key]
    if integration.get("connectionType") == "VPC_LINK":
        out["connectionType"] = "VPC_LINK"
    responses = {}
    for response in (integration.get("integrationResponses") or {}).values():
        body = {k: response[k] for k in _INTEGRATION_RESPONSE_FIELDS if response.get(k)}
        responses[response.get("selectionPattern") or "default"] = body
    if responses:
        out["responses"] = responses
    for key in ("requestParameters", "requestTemplates"):
        if integration.get(key):
            out[key] = dict(integration[key])
    out["passthroughBehavior"] = (integration.get("passthroughBehavior") or "WHEN_NO_MATCH").lower()
    if integration.get("contentHandling"):
        out["contentHandling"] = integration["contentHandling"]
    if integration.get("timeoutInMillis") not in (None, _DEFAULT_TIMEOUT):
        out["timeoutInMillis"] = integration["timeoutInMillis"]
    if integration.get("cacheNamespace") not in (None, resource_id):
        out["cacheNamespace"] = integration["cacheNamespace"]
    if integration.get("cacheKeyParameters"):
        out["cacheKeyParameters"] = list(integration["cacheKeyParameters"])
    if integration.get("tlsConfig"):
        out["tlsConfig"] = dict(integration["tlsConfig"])
    # Members newer than the extension's reference page, under the API's names (guess), so that an
    # export re-imports them: a streamed response and an ALB target of a private integration.
    if integration.get("responseTransferMode") not in (None, "BUFFERED"):
        out["responseTransferMode"] = integration["responseTransferMode"]
    if integration.get("integrationTarget"):
        out["integrationTarget"] = integration["integrationTarget"]
    return out


def deployed(ctx: Context, api: Record, stage: Record) -> tuple[Record, dict[str, list[Record]]]:
    """The API as the stage's deployment froze it (``_snapshot`` of gwmock/apigateway/deployments.py);
    the live records for whatever the snapshot lacks."""
    deployment = ctx.store.get(("restapis", api["id"], "deployments", str(stage.get("deploymentId") or "")))
    snapshot = (deployment or {}).get("_snapshot")
    snapshot = snapshot if isinstance(snapshot, dict) else {}
    records = {}
    for collection in _COLLECTIONS:
        frozen = snapshot.get(collection)
        records[collection] = (list(frozen.values()) if isinstance(frozen, dict)
                               else ctx.store.values(("restapis", api["id"], collection)))
    if isinstance(snapshot.get("api"), dict):
        api = {**{k: v for k, v in api.items() if k not in _FROZEN_API_FIELDS}, **snapshot["api"]}
    return api, records


def export(ctx: Context, api: Record, stage: Record, v3: bool, extensions: set[str]) -> dict[str, Any]:
    return _Exporter(ctx, api, stage, v3, extensions).document()


def version_label(ctx: Context, api: Record, stage: Record) -> str:
    """What AWS puts in the export's file name: the API's version, or the deployment's date, as a
    header's quoted string can hold it: ``"`` and ``\\`` escaped, control characters (CR, LF, NUL:
    a version is any text) as ``_`` (guess), so the Content-Disposition header stays one valid
    header in process and in server mode, which drops a header holding them."""
    label = api.get("version") or _date(ctx, api, stage)
    return _UNQUOTABLE.sub(lambda m: "_" if m.group() not in '"\\' else "\\" + m.group(), label)


def _date(ctx: Context, api: Record, stage: Record) -> str:
    """When the stage's deployment was made: the export is "a deployed version" (GetExport), so a
    redeployed stage exports a new date (guess: AWS's choice between the deployment's, the stage's
    and the export's own time is not recorded); the stage's date without a deployment."""
    deployment = ctx.store.get(("restapis", api["id"], "deployments", str(stage.get("deploymentId") or "")))
    stamp = (deployment or {}).get("createdDate") or stage.get("createdDate") or ctx.now()
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
