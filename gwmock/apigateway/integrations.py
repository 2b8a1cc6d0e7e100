"""PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and the
integration responses.

An Integration is the ``methodIntegration`` of its Method (inside the Resource
record), with its ``integrationResponses``.

Quirks:
* HTTP, HTTP_PROXY and AWS need ``integrationHttpMethod`` ("Enumeration value for
  HttpMethod must be non-empty", checked before the URI); HTTP types need an http(s)
  URI ("Invalid HTTP endpoint specified for URI"); AWS types an API Gateway service
  ARN ("Invalid ARN specified in the request", "AWS ARN for integration must contain
  path or action"); AWS_PROXY only a Lambda function's invocations path (with a valid function
  ARN) and Firehose actions - test_put_integration_validation, test_put_integration_aws_proxy_uri;
  ``lambda:path//2015-03-31/...`` (two slashes) is taken and kept as given - extra_versions.json,
  test_api_gateway_request_validator (LocalStack commit c8f7eb98);
  MOCK integrations keep no ``httpMethod`` nor ``uri`` (not-required-integration-method-MOCK);
* defaults: passthroughBehavior WHEN_NO_MATCH, timeoutInMillis 29000, cacheNamespace
  (the resource id), cacheKeyParameters []; HTTP types get connectionType INTERNET;
  MOCK drops its uri - test_put_integration_validation, test_lifecycle_integration_response,
  test_create_integration_with_vpc_link;
* an emptied ``integrationResponses`` disappears, DeleteIntegration removes the
  responses with it - test_put_integration_responses;
* response templates keep null (and turn "" into null); their keys must be content
  types ("Validation Result: warnings : [], errors : [Invalid content type specified:
  123]") - test_put_integration_response_templates,
  test_integration_response_invalid_responsetemplates;
* the integration-response lookups say "Invalid Integration identifier specified"
  and "Invalid Response status code specified"; DeleteIntegrationResponse says the
  former for a missing method too - test_delete_integration_response_errors,
  test_integration_response_invalid_integration, test_integration_response_wrong_status_code.

PutIntegrationResponse without an integration is NotFoundException "No integration
defined for method"; a mapped ``method.response.header.X`` needs a method response for
the status code ("... errors : [No method response exists for method.]") that declares
the header ("... errors : [Invalid mapping expression parameter specified: <key>]"), both
400s - AWS's wording as Terraform, CDK and Serverless users report it, not recorded.

``credentials`` that are not an ARN (``NONE``) are "Invalid ARN specified in the request", as a
Java SDK user reports (aws/aws-sdk-java#860); guess: any well-formed ARN is taken, its role not checked.

Guesses: AWS_PROXY also needs integrationHttpMethod; a missing uri is refused
like an invalid one; DeleteIntegration answers "Invalid Integration identifier
specified" for a missing method, as DeleteIntegrationResponse does; PutIntegration
replaces an existing integration and its responses; request parameters must map
from declared method parameters, body, static values, context or stage variables
(AWS's wording, not recorded); the messages for the timeout range, an unknown
passthroughBehavior and a VPC link without connectionId; UpdateIntegration and
UpdateIntegrationResponse word their patch errors as UpdateMethod does.

Adversarial review (guesses unless said): an HTTP URI with whitespace or control characters, or
whose authority cannot be read (``http://[::1/x``: the data plane's ``urlsplit`` raised ValueError
out of the caller's request), is "Invalid HTTP endpoint specified for URI"; a ``selectionPattern``
Java's ``Pattern.compile`` refuses by its structure is "Invalid selection pattern specified: <pattern>"
(``check_selection_pattern``: checked, never compiled); ``replace /connectionType`` takes only the
model's enum ("Invalid connection type specified", as ``one_of`` words it; "BOGUS" was stored) and,
with no value, an HTTP integration's is INTERNET again; ``replace /cacheNamespace`` with no value is
the resource id again (the field was removed); cache key parameters are added and removed in O(1)
each (a list's ``in`` made one call of 300,000 operations quadratic).

``cacheKeyParameters`` (PutIntegration, UpdateIntegration's ``/cacheKeyParameters/{key}``) must name
request parameters the method declares, as the model documents; any other is a 400 "Invalid cache
key parameter specified", AWS's wording as users quote it
(https://github.com/amazon-archives/aws-apigateway-importer/issues/148,
https://github.com/DianaIonita/serverless-api-gateway-caching/pull/65). Guess: a declared query
string or header also admits its multi-value name and the other way round, as request parameter
mappings do (``_other_way``).

``replace /contentHandling`` with an empty value removes the strategy: terraform-provider-aws
sends "" when ``content_handling`` is dropped (integration.go) and
TestAccAPIGatewayIntegration_contentHandling (integration_test.go) reads it back empty after
CONVERT_TO_BINARY. Guess: UpdateIntegrationResponse's ``/contentHandling`` does the same.
"""

from __future__ import annotations

import copy
import re
import urllib.parse
from typing import Any

from gwmock.apigateway.lookups import integration_or_404, method_or_404, resource_or_404
from gwmock.apigateway.methods import (
    HTTP_METHODS,
    locate,
    map_entry_strict,
    mapping_error,
    parse_bool,
    patch_error,
    save_method,
)
from gwmock.apigateway.selection_patterns import check_selection_pattern
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, NotFound
from gwmock.patch import Patch, apply_patch, as_int, one_of, rule, set_field
from gwmock.state.base import Record

_HTTP_TYPES = ("HTTP", "HTTP_PROXY")
_NEEDS_HTTP_METHOD = ("HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY")
_PASSTHROUGH = ("WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER")
_OPTIONAL = ("credentials", "contentHandling", "connectionId", "tlsConfig", "responseTransferMode",
             "integrationTarget")
_CONTENT_TYPE = re.compile(r"[\w.+*-]+/[\w.+*-]+(\s*;.*)?")
_LOCATIONS = "path|querystring|header|multivaluequerystring|multivalueheader"
_INTEGRATION_PARAM = re.compile(rf"integration\.request\.({_LOCATIONS})\.(.+)")
_FROM_METHOD = re.compile(rf"method\.request\.({_LOCATIONS})\.(.+)")
_FROM_ANYWHERE = re.compile(r"'.*'|method\.request\.body(\..+)?|context\..+|stageVariables\..+")
_RESPONSE_PARAM = re.compile(r"method\.response\.header\..+")
_FROM_INTEGRATION = re.compile(r"'.*'|integration\.response\.(header|multivalueheader)\..+|"
                               r"integration\.response\.body(\..+)?|context\..+|stageVariables\..+")


def put_integration(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    kind = params["type"]
    integration: Record = {
        "type": kind,
        "passthroughBehavior": params.get("passthroughBehavior") or "WHEN_NO_MATCH",
        "timeoutInMillis": params["timeoutInMillis"] if params.get("timeoutInMillis") is not None else 29000,
        "cacheNamespace": params.get("cacheNamespace") or resource["id"],
        "cacheKeyParameters": list(params.get("cacheKeyParameters") or []),
    }
    if params.get("integrationHttpMethod") and kind != "MOCK":  # AWS keeps neither for MOCK
        integration["httpMethod"] = params["integrationHttpMethod"]
    if params.get("uri") is not None and kind != "MOCK":
        integration["uri"] = params["uri"]
    connection = params.get("connectionType")
    if kind == "MOCK" and connection == "INTERNET":  # nor a MOCK's INTERNET (CloudFormation's Method puts
        connection = None  # one; GetMethod shows none: AWS-validated test_cfn_with_apigateway_resources)
    if connection is not None or kind in _HTTP_TYPES:
        integration["connectionType"] = connection or "INTERNET"
    for name in _OPTIONAL:
        if params.get(name) is not None:
            integration[name] = copy.deepcopy(params[name])
    if params.get("requestParameters") is not None:
        integration["requestParameters"] = dict(params["requestParameters"])
    if params.get("requestTemplates") is not None:
        integration["requestTemplates"] = _templates(params["requestTemplates"])
    _check_integration(integration, method)
    save_method(ctx, api_id, resource, {**method, "methodIntegration": integration})
    return integration


def get_integration(ctx: Context, params: Params) -> Result:
    return integration_or_404(locate(ctx, params)[2])


def delete_integration(ctx: Context, params: Params) -> Result:
    api_id, resource, method = _locate_integration(ctx, params)
    save_method(ctx, api_id, resource, {k: v for k, v in method.items() if k != "methodIntegration"})
    return {}


def update_integration(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    integration = integration_or_404(method)
    updated = apply_patch(integration, params.get("patchOperations"), _INTEGRATION_RULES, patch_error)
    if isinstance(updated.get("cacheKeyParameters"), dict):  # _cache_key's ordered dict, a list again
        updated["cacheKeyParameters"] = list(updated["cacheKeyParameters"])
    if updated.get("cacheNamespace") is None:  # ``replace /cacheNamespace`` with no value: the default again
        updated["cacheNamespace"] = resource["id"]
    if updated.get("requestTemplates"):
        updated["requestTemplates"] = _templates(updated["requestTemplates"])
    _check_integration(updated, method)
    save_method(ctx, api_id, resource, {**method, "methodIntegration": updated})
    return updated


def put_integration_response(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    if method.get("methodIntegration") is None:
        raise NotFound("No integration defined for method")
    integration = method["methodIntegration"]
    response: Record = {"statusCode": params["statusCode"]}
    for name in ("selectionPattern", "contentHandling"):
        if params.get(name) is not None:
            response[name] = params[name]
    if params.get("responseParameters") is not None:
        response["responseParameters"] = dict(params["responseParameters"])
    if params.get("responseTemplates") is not None:
        response["responseTemplates"] = _templates(params["responseTemplates"])
    check_integration_response(method, response)
    _save_response(ctx, api_id, resource, method, integration, response)
    return response


def get_integration_response(ctx: Context, params: Params) -> Result:
    integration = integration_or_404(locate(ctx, params)[2])
    return _response_or_404(integration, params["statusCode"])


def delete_integration_response(ctx: Context, params: Params) -> Result:
    api_id, resource, method = _locate_integration(ctx, params)
    integration = method["methodIntegration"]
    _response_or_404(integration, params["statusCode"])
    responses = {k: v for k, v in integration["integrationResponses"].items() if k != params["statusCode"]}
    updated = {k: v for k, v in integration.items() if k != "integrationResponses"}
    if responses:
        updated["integrationResponses"] = responses
    save_method(ctx, api_id, resource, {**method, "methodIntegration": updated})
    return {}


def update_integration_response(ctx: Context, params: Params) -> Result:
    api_id, resource, method = locate(ctx, params)
    integration = integration_or_404(method)
    response = _response_or_404(integration, params["statusCode"])
    updated = apply_patch(response, params.get("patchOperations"), _RESPONSE_RULES, patch_error)
    if updated.get("responseTemplates"):
        updated["responseTemplates"] = _templates(updated["responseTemplates"])
    check_integration_response(method, updated)
    _save_response(ctx, api_id, resource, method, integration, updated)
    return updated


# --- helpers --------------------------------------------------------------------------


def _locate_integration(ctx: Context, params: Params) -> tuple[str, Record, Record]:
    """Deletes look the integration up directly: a missing method is a missing integration."""
    resource = resource_or_404(ctx, params["restApiId"], params["resourceId"])
    try:
        method = method_or_404(resource, params["httpMethod"])
    except NotFound:
        raise NotFound("Invalid Integration identifier specified") from None
    integration_or_404(method)
    return params["restApiId"], resource, method


def _response_or_404(integration: Record, status_code: str) -> Record:
    response = integration.get("integrationResponses", {}).get(status_code)
    if response is None:
        raise NotFound("Invalid Response status code specified")
    return response  # type: ignore[no-any-return]


def _save_response(ctx: Context, api_id: str, resource: Record, method: Record, integration: Record,
                   response: Record) -> None:
    responses = {**integration.get("integrationResponses", {}), response["statusCode"]: response}
    updated = {**integration, "integrationResponses": responses}
    save_method(ctx, api_id, resource, {**method, "methodIntegration": updated})


def _templates(templates: dict[str, Any]) -> dict[str, Any]:
    for content_type in templates:
        if not _CONTENT_TYPE.fullmatch(content_type):
            raise BadRequest("Validation Result: warnings : [], errors : "
                             f"[Invalid content type specified: {content_type}]")
    return {k: (v if v != "" else None) for k, v in templates.items()}


# An ARN's shape (``arn:partition:service:region:account:resource``; the account may be ``*``, as in
# the caller's-identity value ``arn:aws:iam::*:user/*``): what ``credentials`` must hold
_ARN = re.compile(r"arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12}|\*)?:\S+")


def _check_integration(integration: Record, method: Record) -> None:
    kind = integration["type"]
    if kind in _NEEDS_HTTP_METHOD and not integration.get("httpMethod"):
        raise BadRequest("Enumeration value for HttpMethod must be non-empty")
    if integration.get("httpMethod") and integration["httpMethod"] not in HTTP_METHODS:
        raise BadRequest(f"Invalid HttpMethod specified. Valid options are {','.join(HTTP_METHODS)}")
    if kind in _HTTP_TYPES:
        _check_http_uri(integration.get("uri"))
    elif kind in ("AWS", "AWS_PROXY"):
        _check_aws_uri(kind, integration.get("uri"))
    if integration.get("credentials") and _ARN.fullmatch(integration["credentials"]) is None:
        raise BadRequest("Invalid ARN specified in the request")  # "NONE": aws/aws-sdk-java#860
    if kind in _HTTP_TYPES and integration.get("connectionType") is None:  # ``replace`` with no value
        integration["connectionType"] = "INTERNET"
    if integration.get("connectionType") == "VPC_LINK" and not integration.get("connectionId"):
        raise BadRequest("connectionId must be set for connectionType VPC_LINK")
    passthrough = integration.setdefault("passthroughBehavior", "WHEN_NO_MATCH")
    if passthrough not in _PASSTHROUGH:
        raise BadRequest(f"Invalid passthrough behavior specified: {passthrough}. "
                         f"Valid options are {','.join(_PASSTHROUGH)}")
    if not 50 <= integration.setdefault("timeoutInMillis", 29000) <= 29000:
        raise BadRequest("Timeout should be between 50 ms and 29000 ms")
    if integration.get("requestParameters"):
        _check_request_parameters(integration["requestParameters"], method)
    if integration.get("cacheKeyParameters"):
        _check_cache_keys(integration["cacheKeyParameters"], method)


def _check_http_uri(uri: str | None) -> None:
    match = re.fullmatch(r"https?://(.+)", uri or "", re.IGNORECASE)
    if match is None or match.group(1).startswith("/") or _NOT_IN_URI.search(match.group(1)) \
            or not _readable(match.group(0)):
        raise BadRequest("Invalid HTTP endpoint specified for URI")


# Whitespace and control characters, which no URL holds (guess: AWS's java.net.URI refuses them).
_NOT_IN_URI = re.compile(r"[\x00-\x20\x7f]")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.[^}]*\}")


def _readable(uri: str) -> bool:
    """Whether the URL's authority can be read (``http://[::1/x`` cannot: the data plane's
    ``urlsplit`` raised ValueError out of the client's call). Stage variables, filled in per stage,
    are read as a plain word."""
    try:
        urllib.parse.urlsplit(_STAGE_VARIABLE.sub("v", uri))
    except ValueError:
        return False
    return True


def _check_aws_uri(kind: str, uri: str | None) -> None:
    parts = (uri or "").split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        raise BadRequest("Invalid ARN specified in the request")
    if parts[2] != "apigateway" or not parts[5].startswith(("path/", "action/")):
        raise BadRequest("AWS ARN for integration must contain path or action")
    if kind == "AWS_PROXY" and not _PROXY_TARGET.fullmatch(f"{parts[4]}:{parts[5]}"):
        raise BadRequest(f"Integrations of type '{kind}' currently only supports Lambda function and "
                         "Firehose stream invocations.")


# What AWS_PROXY may call: a Lambda function's invocations path (the function named by ARN, or by
# a stage variable) or a Firehose action (aws-recorded: test_put_integration_aws_proxy_uri; guess:
# the Firehose form is any action/ of the firehose service). AWS also takes and keeps
# ``lambda:path//2015-03-31/...`` (tests/data/aws_recorded/extra_versions.json:
# test_apigateway_common.snapshot.json test_api_gateway_request_validator, commit c8f7eb98).
_FUNCTION = (r"(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_$.{}-]+(:[A-Za-z0-9_$.{}-]+)?"
             r"|[^/]*\$\{stageVariables\.[A-Za-z0-9_]+\}[^/]*)")
_PROXY_TARGET = re.compile(rf"lambda:path/+[0-9-]+/functions/{_FUNCTION}/invocations|firehose:action/[A-Za-z]+")


def _check_request_parameters(parameters: dict[str, Any], method: Record) -> None:
    declared = method.get("requestParameters") or {}
    for key, value in parameters.items():
        if not _INTEGRATION_PARAM.fullmatch(key):
            raise mapping_error(key)
        if not isinstance(value, str):
            raise mapping_error(str(value))
        if _FROM_METHOD.fullmatch(value):
            if value not in declared and _other_way(value) not in declared:
                raise mapping_error(value, parameter=True)
        elif not _FROM_ANYWHERE.fullmatch(value):
            raise mapping_error(value)


def _check_cache_keys(keys: Any, method: Record) -> None:
    """Each cache key must be a request parameter the method declares (the model: "To be valid values
    for cacheKeyParameters, these parameters must also be specified for Method requestParameters")."""
    declared = method.get("requestParameters") or {}
    for key in keys:
        if key not in declared and _other_way(str(key)) not in declared:
            raise BadRequest("Invalid cache key parameter specified")


_SINGLE_AND_MULTI = {"querystring": "multivaluequerystring", "header": "multivalueheader"}
_SINGLE_AND_MULTI.update({multi: single for single, multi in _SINGLE_AND_MULTI.items()})


def _other_way(value: str) -> str:
    """A declared query string or header read as multi-value, or the other way round: AWS's own
    example maps ``method.request.multivaluequerystring.methodRequestQueryParam`` from a method
    declaring ``method.request.querystring.methodRequestQueryParam`` (developer guide, "Parameter
    mapping examples for REST APIs in API Gateway", example 2); the reverse is a guess."""
    found = _FROM_METHOD.fullmatch(value)
    other = _SINGLE_AND_MULTI.get(found[1]) if found else None
    return f"method.request.{other}.{found[2]}" if found and other else value


def check_integration_response(method: Record, response: Record) -> None:
    """PutIntegrationResponse's checks of a response of ``method``: its templates' content types,
    its mapping expressions, and that the method response declares each mapped header; public
    for the OpenAPI import, which refuses what PutIntegrationResponse would."""
    if response.get("responseTemplates"):
        _templates(response["responseTemplates"])
    if response.get("selectionPattern"):
        check_selection_pattern(response["selectionPattern"])
    _check_response(response)
    _check_declared_headers(method, response)


def _check_response(response: Record) -> None:
    for key, value in (response.get("responseParameters") or {}).items():
        if not _RESPONSE_PARAM.fullmatch(key):
            raise mapping_error(key)
        if not isinstance(value, str) or not _FROM_INTEGRATION.fullmatch(value):
            raise mapping_error(str(value))


def _check_declared_headers(method: Record, response: Record) -> None:
    """A mapped ``method.response.header.X`` must be declared by the method response."""
    parameters = response.get("responseParameters") or {}
    if not parameters:
        return
    declared = (method.get("methodResponses") or {}).get(response["statusCode"])
    if declared is None:
        raise BadRequest("Invalid mapping expression specified: Validation Result: warnings : [], "
                         "errors : [No method response exists for method.]")
    for key in parameters:
        if key not in (declared.get("responseParameters") or {}):
            raise mapping_error(key, parameter=True)


def _not_mock(name: str) -> Any:
    def apply(record: Record, patch: Patch) -> None:
        if record["type"] == "MOCK":
            raise BadRequest(f"Invalid patch path /{name}")
        set_field(name)(record, patch)

    return apply


def _cache_key(record: Record, patch: Patch) -> None:
    """The keys are an ordered dict while the patch runs (``update_integration`` makes them a list
    again), so each operation costs O(1): a list's ``in`` made a call of 300,000 operations quadratic."""
    keys = record.get("cacheKeyParameters")
    if not isinstance(keys, dict):
        keys = record["cacheKeyParameters"] = dict.fromkeys(keys or ())
    if patch.op == "remove":
        keys.pop(patch.captures["key"], None)
    else:
        keys[patch.captures["key"]] = None


def _content_handling(record: Record, patch: Patch) -> None:
    """An empty value clears the strategy (terraform-provider-aws sends "" when the setting is
    dropped, and TestAccAPIGatewayIntegration_contentHandling reads none back)."""
    if patch.value == "":
        record.pop("contentHandling", None)
    else:
        _SET_CONTENT_HANDLING(record, patch)


_SET_CONTENT_HANDLING = set_field("contentHandling", one_of("ContentHandlingStrategy", "content handling"))


def _insecure_skip(record: Record, patch: Patch) -> None:
    record["tlsConfig"] = {**record.get("tlsConfig", {}), "insecureSkipVerification": parse_bool(patch.value)}


_INTEGRATION_RULES = [
    rule("/cacheKeyParameters/{key}", "add replace remove", _cache_key),
    rule("/cacheNamespace", "replace", set_field("cacheNamespace")),
    rule("/cacheNameSpace", "replace", set_field("cacheNamespace")),
    rule("/connectionId", "replace", set_field("connectionId")),
    rule("/connectionType", "replace", set_field("connectionType", one_of("ConnectionType", "connection type"))),
    rule("/contentHandling", "replace", _content_handling),
    rule("/credentials", "replace", set_field("credentials")),
    rule("/httpMethod", "replace", _not_mock("httpMethod")),
    rule("/passthroughBehavior", "replace", set_field("passthroughBehavior")),
    rule("/requestParameters/{key}", "add replace remove",
         map_entry_strict("requestParameters", "Invalid parameter name specified")),
    rule("/requestTemplates/{key}", "add replace remove",
         map_entry_strict("requestTemplates", "Content-Type specified was not found")),
    rule("/timeoutInMillis", "replace", set_field("timeoutInMillis", as_int)),
    rule("/tlsConfig/insecureSkipVerification", "replace", _insecure_skip),
    rule("/uri", "replace", _not_mock("uri")),
]

_RESPONSE_RULES = [
    rule("/contentHandling", "replace", _content_handling),
    rule("/selectionPattern", "replace", set_field("selectionPattern")),
    rule("/responseParameters/{key}", "add replace remove",
         map_entry_strict("responseParameters", "Invalid parameter name specified")),
    rule("/responseTemplates/{key}", "add replace remove",
         map_entry_strict("responseTemplates", "Content-Type specified was not found")),
]
