"""PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses.

A Method lives inside its Resource record (``resourceMethods``), with its
``methodResponses`` and ``methodIntegration``; ``locate``, ``save_method`` and the
checks below "shared with integrations.py" are used by ``integrations.py`` too.

Quirks:
* every lookup answers "Invalid Resource identifier specified" for an unknown API
  or resource, then "Invalid Method identifier specified" - test_put_method_validation,
  test_update_method_validation, test_method_lifecycle;
* PutMethod checks the verb ("Invalid HttpMethod specified. Valid options are ..."),
  the authorizer for CUSTOM/COGNITO_USER_POOLS, the request validator and the
  request models (``Empty`` and ``Error`` always exist), and refuses the same
  parameter name in two locations - test_put_method_validation,
  test_method_request_parameters, test_put_method_model; ``authorizationType`` is
  upper-cased (``none`` -> ``NONE``, test_put_integration_responses);
* UpdateMethod words its patch errors "Invalid patch path /x" and "Invalid patch
  operation specified. Must be one of: [replace]"; ``/apiKeyRequired`` takes any
  value (not "true" is false); an authorizerId on a method that is not
  CUSTOM/COGNITO_USER_POOLS is dropped - test_update_method(_validation);
* method responses: statusCode must match ``[1-5]\\d\\d`` (model-driven validation);
  a missing response is "Invalid Response status code specified"; UpdateMethodResponse
  answers 201, "Invalid parameter name specified" / "Content-Type specified was not
  found" for entries it does not have - test_lifecycle_method_response,
  test_update_method_response*, test_update_method_lack_response_parameters_and_models.

Authorization scopes belong to COGNITO_USER_POOLS methods: given to another type they are a 400
"Invalid Method authorization type specified. Authorization Scopes are only valid for
COGNITO_USER_POOLS authorization type" (AWS's answer quoted in aws/aws-cdk#30035); a method that
leaves COGNITO_USER_POOLS drops them, as it drops its authorizer id (guess).

PutMethod on an existing method is a ConflictException "Method already exists for
this resource", and invalid parameter names get AWS's mapping-expression wording
(both seen in public bug reports, not recorded).

Replacing a request parameter of a method whose integration is MOCK is refused ("Invalid patch
path <path>"): the patch table's "Supported, except for MOCK integrations" (the wording is a guess,
UpdateIntegration's for /uri of a MOCK integration).

UpdateMethod's values-less operations (adversarial review): ``replace /authorizationType`` with no
value is the unknown type's 400 (it was a 500); ``replace /apiKeyRequired`` with none is false, as
Java's ``parseBoolean(null)``, and the method keeps the field; ``add /authorizationScopes`` with none
is "Invalid patch value null for path /authorizationScopes" (guess: the patch engine's wording; a
null scope was stored). Scopes are added and removed in O(1) each (a list's ``in`` made one call of
300,000 operations quadratic).

Guesses: an unknown authorizationType says "Invalid authorization type specified.
..."; removing or replacing a missing request parameter/model in UpdateMethod
answers like UpdateMethodResponse does; method response models must exist; an
invalid header name added by UpdateMethodResponse is "Invalid parameter name
specified"; DeleteMethodResponse on a missing method is "Invalid Method identifier".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from gwmock.context import Context, Params, Result
from gwmock.errors import ApiError, BadRequest, Conflict, NotFound
from gwmock.patch import Patch, Rule, apply_patch, rule, set_field, split_path
from gwmock.state.base import Record

HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY")
AUTHORIZATION_TYPES = ("NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS")
_AUTHORIZED = ("CUSTOM", "COGNITO_USER_POOLS")
BUILTIN_MODELS = ("Empty", "Error")
_LOCATIONS = "path|querystring|header|multivaluequerystring|multivalueheader"
_METHOD_PARAM = re.compile(rf"method\.request\.({_LOCATIONS})\.(.+)")
_RESPONSE_HEADER = re.compile(r"method\.response\.header\.(.+)")
# Quoted from AWS by users (aws/aws-cdk#30035, and a CloudFormation pre-flight rule set).
_SCOPES_NEED_COGNITO = ("Invalid Method authorization type specified. Authorization Scopes are only valid for "
                        "COGNITO_USER_POOLS authorization type")
_NO_AUTHORIZER = ("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
                  "COGNITO_USER_POOLS requires a valid authorizer.")


def put_method(ctx: Context, params: Params) -> Result:
    api_id = params["restApiId"]
    resource = ctx.store.get(("restapis", api_id, "resources", params["resourceId"]))
    if resource is None:
        raise NotFound("Invalid Resource identifier specified")
    http_method = params["httpMethod"]
    if http_method not in HTTP_METHODS:
        raise BadRequest(f"Invalid HttpMethod specified. Valid options are {','.join(HTTP_METHODS)}")
    method: Record = {
        "httpMethod": http_method,
        "authorizationType": (params.get("authorizationType") or "").upper(),
        "apiKeyRequired": bool(params.get("apiKeyRequired", False)),
    }
    for name in ("authorizerId", "requestValidatorId", "operationName", "authorizationScopes"):
        if params.get(name) is not None:
            method[name] = copy.deepcopy(params[name])
    if params.get("requestParameters") is not None:
        method["requestParameters"] = dict(params["requestParameters"])
        check_method_parameters(method["requestParameters"])
    if params.get("requestModels") is not None:
        method["requestModels"] = dict(params["requestModels"])
        check_models(ctx, api_id, method["requestModels"].values())
    _check_method(ctx, api_id, method, scopes_sent=bool(method.get("authorizationScopes")))
    if http_method in resource.get("resourceMethods", {}):
        raise Conflict("Method already exists for this resource")
    save_method(ctx, api_id, resource, method)
    return method


def get_method(ctx: Context, params: Params) -> Result:
    return locate(ctx, params)[2]


def delete_method(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    methods = {k: v for k, v in resource["resourceMethods"].items() if k != method["httpMethod"]}
    _save_resource(ctx, api_id, resource, methods)
    return {}


def update_method(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    updated = _scopes_as_list(apply_patch(method, params.get("patchOperations"), _METHOD_RULES, patch_error))
    if updated.get("requestModels"):
        check_models(ctx, api_id, updated["requestModels"].values())
    if updated.get("requestParameters"):
        check_method_parameters(updated["requestParameters"])
    scopes_added = any(op.get("op") == "add" and op.get("path") == "/authorizationScopes"
                       for op in params.get("patchOperations") or ())
    _check_method(ctx, api_id, updated, scopes_sent=scopes_added)
    save_method(ctx, api_id, resource, updated)
    return updated


def put_method_response(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    response: Record = {"statusCode": params["statusCode"]}
    if params.get("responseParameters") is not None:
        response["responseParameters"] = dict(params["responseParameters"])
        _check_response_parameters(response["responseParameters"])
    if params.get("responseModels") is not None:
        response["responseModels"] = dict(params["responseModels"])
        check_models(ctx, api_id, response["responseModels"].values())
    save_method(ctx, api_id, resource, _with_response(method, response))
    return response


def get_method_response(ctx: Context, params: Params) -> Result:
    return _method_response_or_404(locate(ctx, params)[2], params["statusCode"])


def delete_method_response(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    _method_response_or_404(method, params["statusCode"])
    updated = copy.deepcopy(method)
    updated["methodResponses"].pop(params["statusCode"])
    if not updated["methodResponses"]:
        updated.pop("methodResponses")
    save_method(ctx, api_id, resource, updated)
    return {}


def update_method_response(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    response = _method_response_or_404(method, params["statusCode"])
    updated = apply_patch(response, params.get("patchOperations"), _RESPONSE_RULES, patch_error)
    if updated.get("responseModels"):
        check_models(ctx, api_id, updated["responseModels"].values())
    save_method(ctx, api_id, resource, _with_response(method, updated))
    return updated


# --- shared with integrations.py --------------------------------------------------------


def locate(ctx: Context, params: Params) -> tuple[str, Record, Record]:
    """(api id, resource, method) named by ``params``, or AWS's 404 (``resource_or_404`` and
    ``method_or_404`` written out: every method and integration call locates)."""
    api_id = params["restApiId"]
    resource = ctx.store.get(("restapis", api_id, "resources", params["resourceId"]))
    if resource is None:
        raise NotFound("Invalid Resource identifier specified")
    method = resource.get("resourceMethods", {}).get(params["httpMethod"])
    if method is None:
        raise NotFound("Invalid Method identifier specified")
    return api_id, resource, method


def save_method(ctx: Context, api_id: str, resource: Record, method: Record) -> None:
    """``resource`` written back with ``method`` among its methods (``resourceMethods`` last)."""
    updated = resource.copy()
    methods = updated.pop("resourceMethods", None)
    verb = method["httpMethod"]
    updated["resourceMethods"] = {**methods, verb: method} if methods else {verb: method}
    ctx.store.put(("restapis", api_id, "resources", resource["id"]), updated)


def check_models(ctx: Context, api_id: str, names: Iterable[str]) -> None:
    for name in names:
        if name not in BUILTIN_MODELS and ctx.store.get(("restapis", api_id, "models", name)) is None:
            raise BadRequest(f"Invalid model identifier specified: {name}")


def mapping_error(expression: str, parameter: bool = False) -> BadRequest:
    kind = "mapping expression parameter" if parameter else "mapping expression"
    return BadRequest(f"Invalid mapping expression specified: Validation Result: warnings : [], "
                      f"errors : [Invalid {kind} specified: {expression}]")


def check_method_parameters(parameters: dict[str, Any]) -> None:
    seen: set[str] = set()
    for key in parameters:
        match = _METHOD_PARAM.fullmatch(key)
        if match is None:
            raise mapping_error(key)
        name = match.group(2)
        if name in seen:
            raise BadRequest("Parameter names must be unique across querystring, header and path")
        seen.add(name)


def parse_bool(value: Any, patch: Patch | None = None) -> bool:
    """Java's ``Boolean.parseBoolean``: anything but "true" is false."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def patch_error(op: str, path: str | None, rules: Sequence[Rule]) -> ApiError:
    """The method family's wording: a known path with another op, or an unknown path."""
    segments = split_path(path) if path else []
    ops = sorted({o for r in rules if _matches(r.pattern, segments) for o in r.ops})
    if ops:
        return BadRequest(f"Invalid patch operation specified. Must be one of: [{', '.join(ops)}]")
    return BadRequest(f"Invalid patch path {path}")


def map_entry_strict(name: str, missing: str, convert: Callable[[Any, Patch], Any] | None = None,
                     check_key: Callable[[str], None] | None = None) -> Callable[[Record, Patch], None]:
    """``/<name>/{key}``: add sets, replace/remove need the entry (NotFound ``missing``)."""

    def apply(record: Record, patch: Patch) -> None:
        key = patch.captures["key"]
        entries = record.setdefault(name, {})
        if patch.op in ("replace", "remove") and key not in entries:
            raise NotFound(missing)
        if patch.op == "remove":
            entries.pop(key)
            if not entries:
                record.pop(name)
            return
        if check_key is not None:
            check_key(key)
        entries[key] = convert(patch.value, patch) if convert else patch.value

    return apply


# --- helpers --------------------------------------------------------------------------


def _matches(pattern: list[str], segments: list[str]) -> bool:
    return len(pattern) == len(segments) and all(
        p.startswith("{") or p == s for p, s in zip(pattern, segments, strict=True))


def _save_resource(ctx: Context, api_id: str, resource: Record, methods: dict[str, Any]) -> None:
    updated = {k: v for k, v in resource.items() if k != "resourceMethods"}
    if methods:
        updated["resourceMethods"] = methods
    ctx.store.put(("restapis", api_id, "resources", resource["id"]), updated)


def _check_method(ctx: Context, api_id: str, method: Record, *, scopes_sent: bool = False) -> None:
    """Authorization and validator checks shared by PutMethod and UpdateMethod (edits ``method``).
    ``scopes_sent``: the call itself gives the method authorization scopes."""
    # .get: ``replace /authorizationType`` with no value removes the field (it was a KeyError, a 500)
    if method.get("authorizationType") not in AUTHORIZATION_TYPES:
        raise BadRequest("Invalid authorization type specified. Valid options are "
                         f"{','.join(AUTHORIZATION_TYPES)}")
    if method["authorizationType"] != "COGNITO_USER_POOLS" and "authorizationScopes" in method:
        if scopes_sent:
            raise BadRequest(_SCOPES_NEED_COGNITO)
        method.pop("authorizationScopes")  # the type changed: dropped, as the authorizer id is (guess)
    if method["authorizationType"] in _AUTHORIZED:
        authorizer_id = method.get("authorizerId")
        if not authorizer_id or ctx.store.get(("restapis", api_id, "authorizers", authorizer_id)) is None:
            raise BadRequest(_NO_AUTHORIZER)
    else:
        method.pop("authorizerId", None)
    validator_id = method.get("requestValidatorId")
    if validator_id in ("", None):
        method.pop("requestValidatorId", None)
    elif ctx.store.get(("restapis", api_id, "requestvalidators", validator_id)) is None:
        raise BadRequest("Invalid Request Validator identifier specified")


def _check_response_parameters(parameters: dict[str, Any]) -> None:
    for key in parameters:
        if _RESPONSE_HEADER.fullmatch(key) is None:
            raise mapping_error(key)


def _check_response_parameter_name(key: str) -> None:
    if _RESPONSE_HEADER.fullmatch(key) is None:
        raise NotFound("Invalid parameter name specified")


def _method_response_or_404(method: Record, status_code: str) -> Record:
    response = method.get("methodResponses", {}).get(status_code)
    if response is None:
        raise NotFound("Invalid Response status code specified")
    return response  # type: ignore[no-any-return]


def _with_response(method: Record, response: Record) -> Record:
    responses = {**method.get("methodResponses", {}), response["statusCode"]: response}
    return {**method, "methodResponses": responses}


def _upper(value: Any, patch: Patch) -> str:
    return str(value).upper()


def _scope(record: Record, patch: Patch) -> None:
    """``add``/``remove`` one scope. The scopes are an ordered dict while the patch runs (``_scopes_as_list``
    makes them a list again), so each operation costs O(1): a list's ``in`` made a call of 300,000
    operations quadratic."""
    if patch.value is None and patch.op == "add":  # a null scope was stored (guess: the patch engine's wording)
        raise BadRequest(f"Invalid patch value null for path {patch.path}")
    scopes = record.get("authorizationScopes")
    if not isinstance(scopes, dict):
        scopes = record["authorizationScopes"] = dict.fromkeys(scopes or ())
    if patch.op == "remove":
        scopes.pop(patch.value, None)
    else:
        scopes[patch.value] = None


def _scopes_as_list(method: Record) -> Record:
    """``method`` with the scopes ``_scope`` kept as a dict back in a list (none when emptied)."""
    scopes = method.get("authorizationScopes")
    if isinstance(scopes, dict):
        if scopes:
            method["authorizationScopes"] = list(scopes)
        else:
            method.pop("authorizationScopes")
    return method


def _api_key_required(record: Record, patch: Patch) -> None:
    """Java's ``parseBoolean``: no value is false, and the method keeps the field (``set_field``
    would remove it, leaving a method GetMethod shows without ``apiKeyRequired``)."""
    record["apiKeyRequired"] = parse_bool(patch.value)


def _not_for_mock(apply: Callable[[Record, Patch], None]) -> Callable[[Record, Patch], None]:
    """The patch table's "Supported, except for MOCK integrations" (replace /requestParameters):
    refused on a method whose integration is MOCK, worded as UpdateIntegration refuses /uri there."""

    def guarded(record: Record, patch: Patch) -> None:
        if (record.get("methodIntegration") or {}).get("type") == "MOCK":
            raise BadRequest(f"Invalid patch path {patch.path}")
        apply(record, patch)

    return guarded


_METHOD_RULES = [
    rule("/authorizationScopes", "add remove", _scope),
    rule("/authorizationType", "replace", set_field("authorizationType", _upper)),
    rule("/authorizerId", "replace", set_field("authorizerId")),
    rule("/apiKeyRequired", "replace", _api_key_required),
    rule("/operationName", "replace", set_field("operationName")),
    rule("/requestValidatorId", "replace", set_field("requestValidatorId")),
    rule("/requestParameters/{key}", "add remove",
         map_entry_strict("requestParameters", "Invalid parameter name specified", parse_bool)),
    rule("/requestParameters/{key}", "replace", _not_for_mock(
         map_entry_strict("requestParameters", "Invalid parameter name specified", parse_bool))),
    rule("/requestModels/{key}", "add replace remove",
         map_entry_strict("requestModels", "Content-Type specified was not found")),
]

_RESPONSE_RULES = [
    rule("/responseParameters/{key}", "add replace remove",
         map_entry_strict("responseParameters", "Invalid parameter name specified", parse_bool,
                          _check_response_parameter_name)),
    rule("/responseModels/{key}", "add replace remove",
         map_entry_strict("responseModels", "Content-Type specified was not found")),
]
