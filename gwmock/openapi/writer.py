"""A parsed ``Spec`` written into the store: new API (import) or existing one (put).

Records follow the layouts of ``gwmock/apigateway/lookups.py`` and botocore's
output shapes. Ids: 10 characters for the API and resources, 6 for the rest.

PutRestApi (aws-recorded: test_import_rest_api_with_base_path_oas30,
test_put_rest_api_mode_binary_media_types):
* both modes take the document's title and version; ``merge`` appends binary
  media types, ``overwrite`` replaces them;
* ``overwrite`` keeps the root and every resource whose path is still defined,
  with its id (the recorded ``/test`` kept its id across two overwrites), and
  deletes the others; methods of kept resources are replaced wholesale;
* ``merge`` keeps everything and replaces only the methods the document defines.

What CreateResource or PutIntegration would refuse, the import refuses, and an error
discards the whole definition ("When an error occurs, the new API definition is
discarded and no change is made to the existing API": the developer guide's "Errors
and warnings from importing your API"; the handler's unit of work rolls back what was
written). The paths are walked in document order and every refusal is collected, in
AWS's words: BadRequest "Errors found during import:" then one tab-indented line each,
"Unable to create resource at path '/user/{userId}/fans': A sibling ({bizId}) of this
resource already has a variable path part -- only one is allowed"
(amazon-archives/aws-apigateway-importer#202, awslabs/aws-api-gateway-developer-portal#424
for the frame) and "Unable to put integration on 'GET' for resource at path '/':
<PutIntegration's message>" (Testlio/lambda-tools#56, two of them in
CodeGenieApp/serverless-express#169). Integration responses get PutIntegrationResponse's
checks (a mapped header the method response does not declare, or no method response for the
status code while mapping headers: "Unable to put integration response on 'POST' for resource
at path '/foo': Invalid mapping expression specified: Validation Result: warnings : [], errors :
[Invalid mapping expression parameter specified: method.response.header.Location]",
amazon-archives/aws-apigateway-importer#209), checked only when PutIntegration takes the
integration. Authorizers get CreateAuthorizer's, each refusal listed first as "Unable to create
authorizer from security definition: '<name>'. <CreateAuthorizer's message>" (the prefix AWS
writes for a scheme it cannot turn into an authorizer, amazon-archives/aws-apigateway-importer#187;
that it is an error rather than a warning is a guess). The checks are
gwmock/apigateway/resources.py's, integrations.py's and authorizers.py's, and the model's
validation of PutIntegration and PutIntegrationResponse, except that a mapping may read a declared
query string or header as multi-value (AWS's own example 2 of "Parameter mapping examples for REST
APIs in API Gateway" maps ``method.request.multivaluequerystring.X`` from an ``in: query`` string;
the reverse, a multi-value parameter mapped as a single value, is a guess). An
``x-amazon-apigateway-policy`` is stored as CreateRestApi stores one, its ``execute-api:/``
shorthand written against the API's ARN (guess for the import; CreateRestApi's is recorded).

Guesses: overwrite also replaces models, authorizers, validators, gateway
responses and documentation parts (an authorizer, validator or model of the same
name keeps its id) and drops description/policy/compression size the document
no longer sets; merge replaces same-named ones and keeps the rest, and a documentation
part at a location already documented replaces that part's properties under its id, as
ImportDocumentationParts' merge does (two parts never share a location). The path in the
messages is the document's path with the base path prepended; an empty part
(``//a``) or an unbalanced ``{x`` gets CreateResource's path-part message; with
``failonwarnings`` a document with both warnings and errors is answered with its
warnings (they are checked before anything is written).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from gwmock.apigateway.authorizers import check_authorizer
from gwmock.apigateway.documentation import write_parts
from gwmock.apigateway.integrations import _check_integration, check_integration_response
from gwmock.apigateway.resources import _check_path_part, _check_placement, is_variable
from gwmock.apigateway.rest_apis import _api_arn
from gwmock.context import Context
from gwmock.errors import ApiError, BadRequest
from gwmock.ids import new_id
from gwmock.openapi.document import MODEL_ORDER, with_api_arns
from gwmock.openapi.importer import Spec
from gwmock.protocol.models import operation_model
from gwmock.protocol.validate import validate
from gwmock.state.base import Record

MODEL_URL = "https://apigateway.amazonaws.com/restapis/{api}/models/{name}"
ERRORS_FOUND = "Errors found during import:\n\t"
# A stored integration's members under PutIntegration's names.
_PUT_INTEGRATION = {"httpMethod": "integrationHttpMethod"}


def _defaults_marker(api_id: str) -> tuple[str, ...]:
    """gwmock/apigateway/models.py creates Empty/Error lazily unless this record exists."""
    return ("restapis", api_id, "defaultmodels")

_OPTIONAL_API_FIELDS = ("description", "version", "policy", "minimumCompressionSize")


def new_api(ctx: Context, spec: Spec, endpoint: dict[str, Any]) -> Record:
    api_id, root_id = new_id(), new_id()
    api: Record = {
        "id": api_id,
        "name": spec.api["name"],
        "createdDate": ctx.now(),
        "apiKeySource": spec.api.get("apiKeySource", "HEADER"),
        "endpointConfiguration": endpoint,
        "disableExecuteApiEndpoint": spec.api.get("disableExecuteApiEndpoint", False),
        "rootResourceId": root_id,
    }
    for name in _OPTIONAL_API_FIELDS:
        if name in spec.api:
            api[name] = spec.api[name]
    _expand_policy(ctx, api)
    if spec.api.get("binaryMediaTypes"):
        api["binaryMediaTypes"] = list(spec.api["binaryMediaTypes"])
    ctx.store.put(("restapis", api_id), api)
    ctx.store.put(("restapis", api_id, "resources", root_id), {"id": root_id, "path": "/"})
    write_children(ctx, api, spec, overwrite=False, created=True)
    return api


def update_api(ctx: Context, api: Record, spec: Spec, overwrite: bool) -> Record:
    updated = copy.deepcopy(api)
    for name in ("name", *_OPTIONAL_API_FIELDS):
        if name in spec.api:
            updated[name] = spec.api[name]
        elif overwrite and name != "name":
            updated.pop(name, None)
    media = list(spec.api.get("binaryMediaTypes", []))
    if not overwrite:
        known = updated.get("binaryMediaTypes", [])
        media = known + [m for m in media if m not in known]
    if media:
        updated["binaryMediaTypes"] = media
    else:
        updated.pop("binaryMediaTypes", None)
    _expand_policy(ctx, updated)
    if "apiKeySource" in spec.api or overwrite:
        updated["apiKeySource"] = spec.api.get("apiKeySource", "HEADER")
    if "disableExecuteApiEndpoint" in spec.api:
        updated["disableExecuteApiEndpoint"] = spec.api["disableExecuteApiEndpoint"]
    if spec.api.get("vpcEndpointIds") and updated["endpointConfiguration"].get("types") == ["PRIVATE"]:
        updated["endpointConfiguration"] = {**updated["endpointConfiguration"],
                                            "vpcEndpointIds": spec.api["vpcEndpointIds"]}
    ctx.store.put(("restapis", api["id"]), updated)
    write_children(ctx, updated, spec, overwrite)
    return updated


def _expand_policy(ctx: Context, api: Record) -> None:
    """``x-amazon-apigateway-policy`` stored as CreateRestApi and UpdateRestApi store a policy: its
    ``execute-api:/`` shorthand written out against the API's ARN (aws-recorded:
    test_create_execute_api_vpc_endpoint; guess: the import stores it the same way)."""
    if api.get("policy"):
        api["policy"] = with_api_arns(api["policy"], _api_arn(ctx, api["id"]))


def write_children(ctx: Context, api: Record, spec: Spec, overwrite: bool, created: bool = False) -> None:
    api_id = api["id"]
    if created or overwrite:
        # An imported API has only the document's models: no default Empty/Error
        # (aws-recorded: test_import_and_validate_rest_api[swagger-mock-cors.json]).
        ctx.store.put(_defaults_marker(api_id), {"created": True})
    errors = [f"Unable to create authorizer from security definition: '{name}'. {refused}"
              for name, refused in _authorizers_refused(spec)]
    authorizer_ids = _named(ctx, api_id, "authorizers", spec.authorizers, overwrite)
    validator_ids = _named(ctx, api_id, "requestvalidators", spec.validators, overwrite)
    _write_models(ctx, api_id, spec, overwrite)
    _write_keyed(ctx, api_id, "gatewayresponses", spec.gateway_responses, overwrite)
    if spec.documentation is not None:  # one part per location, as ImportDocumentationParts writes them
        write_parts(ctx, api_id, [(p["location"], p["properties"]) for p in spec.documentation], overwrite)
    _write_resources(ctx, api, spec, overwrite, (authorizer_ids, validator_ids), errors)


def _authorizers_refused(spec: Spec) -> list[tuple[str, str]]:
    """Each authorizer CreateAuthorizer would refuse, with its message (gwmock/apigateway/authorizers.py)."""
    refused = []
    for name, record in spec.authorizers.items():
        try:
            check_authorizer(copy.deepcopy(record))
        except ApiError as error:
            refused.append((name, error.message))
    return refused


def _named(ctx: Context, api_id: str, collection: str, records: dict[str, dict[str, Any]],
           overwrite: bool) -> dict[str, str]:
    """Authorizers and validators: a record of the same name keeps its id."""
    existing = {r["name"]: r["id"] for r in ctx.store.values(("restapis", api_id, collection)) if r.get("name")}
    if overwrite:
        for name, record_id in existing.items():
            if name not in records:
                ctx.store.delete(("restapis", api_id, collection, record_id))
    ids = {}
    for name, record in records.items():
        record_id = existing.get(name) or new_id(6)
        ctx.store.put(("restapis", api_id, collection, record_id), {"id": record_id, **record})
        ids[name] = record_id
    return ids


def _write_keyed(ctx: Context, api_id: str, collection: str, records: dict[str, dict[str, Any]],
                 overwrite: bool) -> None:
    if overwrite:
        ctx.store.delete_tree(("restapis", api_id, collection))
    for key, record in records.items():
        ctx.store.put(("restapis", api_id, collection, key), dict(record))


def _write_models(ctx: Context, api_id: str, spec: Spec, overwrite: bool) -> None:
    existing = {m["name"]: m for m in ctx.store.values(("restapis", api_id, "models"))}
    if overwrite:
        for name in existing:
            if name not in spec.models:
                ctx.store.delete(("restapis", api_id, "models", name))
    # Stored by name, as AWS lists them; MODEL_ORDER keeps the document's order for GetExport: after
    # the models already there (merge) and kept in place when a model is defined again.
    kept = [m.get(MODEL_ORDER, -1) for n, m in existing.items() if not overwrite or n in spec.models]
    start = max([-1, *(o for o in kept if isinstance(o, int))]) + 1
    order = {name: start + i for i, name in enumerate(spec.models)}
    for name, model in sorted(spec.models.items()):
        previous = existing.get(name, {}).get(MODEL_ORDER)
        record = {"id": existing[name]["id"] if name in existing else new_id(6), **model,
                  "schema": json.dumps(_rewrite_refs(model["schema"], api_id)),
                  MODEL_ORDER: previous if isinstance(previous, int) else order[name]}
        ctx.store.put(("restapis", api_id, "models", name), record)


def _rewrite_refs(node: Any, api_id: str) -> Any:
    if isinstance(node, dict):
        out = {k: _rewrite_refs(v, api_id) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            for prefix in ("#/definitions/", "#/components/schemas/"):
                if ref.startswith(prefix):
                    out["$ref"] = MODEL_URL.format(api=api_id, name=ref[len(prefix):])
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, api_id) for v in node]
    return node


def _write_resources(ctx: Context, api: Record, spec: Spec, overwrite: bool,
                     ids: tuple[dict[str, str], dict[str, str]], errors: list[str]) -> None:
    """Every document path in document order, as AWS's importer walks them: its missing
    resources made with CreateResource's checks, then its methods with PutIntegration's and
    PutIntegrationResponse's; what any refuses is added to ``errors`` (the authorizers'), and the
    import is refused with all of them."""
    api_id = api["id"]
    by_path = {r["path"]: r for r in ctx.store.values(("restapis", api_id, "resources"))}
    if overwrite:
        wanted = {"/"}
        for path in spec.paths:
            parts = _parts(path)
            wanted.update("/" + "/".join(parts[:i]) for i in range(1, len(parts) + 1))
        for path, record in list(by_path.items()):
            if path not in wanted:
                ctx.store.delete(("restapis", api_id, "resources", record["id"]))
                del by_path[path]
            elif record.get("resourceMethods") and path not in spec.paths:  # kept, its methods replaced
                by_path[path] = {k: v for k, v in record.items() if k != "resourceMethods"}
                ctx.store.put(("restapis", api_id, "resources", record["id"]), by_path[path])
    # a parent's variable children: with ``by_path`` (no two siblings share a name, as paths are
    # unique), all that CreateResource's sibling checks can trip on, so a path costs its depth,
    # not its siblings (12,000 paths under one parent took 36 s when every sibling was scanned)
    variables: dict[str, list[Record]] = {}
    for record in by_path.values():
        if "parentId" in record and is_variable(record["pathPart"]):
            variables.setdefault(record["parentId"], []).append(record)
    for path, verbs in spec.paths.items():
        resource = _resource_at(ctx, api_id, path, by_path, variables, errors)
        if resource is None:
            continue
        record = copy.deepcopy(resource)
        methods = {} if overwrite else dict(record.get("resourceMethods") or {})
        for verb, method in verbs.items():
            methods[verb] = _finish_method(method, record["id"], *ids)
            errors.extend(_method_refused(methods[verb], verb, path))
        if methods:
            record["resourceMethods"] = methods
        else:
            record.pop("resourceMethods", None)
        by_path[path] = record
        ctx.store.put(("restapis", api_id, "resources", record["id"]), record)
    if errors:
        raise BadRequest(ERRORS_FOUND + "\n\t".join(errors))


def _parts(path: str) -> list[str]:
    return path[1:].split("/") if path != "/" else []


def _resource_at(ctx: Context, api_id: str, path: str, by_path: dict[str, Record],
                 variables: dict[str, list[Record]], errors: list[str]) -> Record | None:
    """The resource at ``path``, creating the missing ones on the way as CreateResource would
    (gwmock/apigateway/resources.py's checks); ``None`` with AWS's error if it refuses one."""
    parent = by_path["/"]
    for i, part in enumerate(_parts(path), 1):
        sub_path = "/" + "/".join(_parts(path)[:i])
        found = by_path.get(sub_path)
        if found is None:
            try:
                _check_path_part(part)
                _check_placement(variables.get(parent["id"], ()), parent, part, moving=None)
            except ApiError as error:
                errors.append(f"Unable to create resource at path '{path}': {error.message}")
                return None
            found = {"id": new_id(), "parentId": parent["id"], "pathPart": part, "path": sub_path}
            by_path[sub_path] = found
            if is_variable(part):
                variables.setdefault(parent["id"], []).append(found)
            ctx.store.put(("restapis", api_id, "resources", found["id"]), found)
        parent = found
    return parent


def _method_refused(method: dict[str, Any], verb: str, path: str) -> list[str]:
    """The import errors for one method: its integration as PutIntegration checks it, then, if that
    takes it, each integration response as PutIntegrationResponse does ("Unable to put integration
    response on 'POST' for resource at path '/foo': Invalid mapping expression specified: ...",
    amazon-archives/aws-apigateway-importer#209)."""
    refused = _integration_refused(method)
    if refused is not None:
        return [f"Unable to put integration on '{verb}' for resource at path '{path}': {refused}"]
    return [f"Unable to put integration response on '{verb}' for resource at path '{path}': {message}"
            for message in _responses_refused(method)]


def _responses_refused(method: dict[str, Any]) -> list[str]:
    """PutIntegrationResponse's answer for each refused integration response of the method."""
    out = []
    for response in ((method.get("methodIntegration") or {}).get("integrationResponses") or {}).values():
        params = {"restApiId": "import", "resourceId": "import", "httpMethod": method["httpMethod"],
                  **copy.deepcopy(response)}
        try:
            validate("apigateway", operation_model("apigateway", "PutIntegrationResponse"), params)
            check_integration_response(method, copy.deepcopy(response))
        except ApiError as error:
            out.append(error.message)
    return out


def _integration_refused(method: dict[str, Any]) -> str | None:
    """What PutIntegration would answer for the method's integration: the model's validation,
    then gwmock/apigateway/integrations.py's checks; ``None`` if it would take it."""
    integration = method.get("methodIntegration")
    if integration is None:
        return None
    params = {_PUT_INTEGRATION.get(k, k): copy.deepcopy(v) for k, v in integration.items()
              if k != "integrationResponses"}
    try:
        validate("apigateway", operation_model("apigateway", "PutIntegration"), params)
        _check_integration(copy.deepcopy(integration), method)
    except ApiError as error:
        return error.message
    return None


def _finish_method(method: dict[str, Any], resource_id: str, authorizer_ids: dict[str, str],
                   validator_ids: dict[str, str]) -> dict[str, Any]:
    out = copy.deepcopy({k: v for k, v in method.items() if not k.startswith("_")})
    if "_authorizer" in method:
        out["authorizerId"] = authorizer_ids[method["_authorizer"]]
    if "_validator" in method:
        out["requestValidatorId"] = validator_ids[method["_validator"]]
    integration = out.get("methodIntegration")
    if integration is not None:
        integration.setdefault("cacheNamespace", resource_id)
    return out
