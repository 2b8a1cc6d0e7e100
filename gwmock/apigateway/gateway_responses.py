"""PutGatewayResponse, GetGatewayResponse, GetGatewayResponses, UpdateGatewayResponse,
DeleteGatewayResponse.

Only the responses a user put are stored (``("restapis", api, "gatewayresponses", type)``);
the others are computed. Quirks (aws-recorded, test_apigateway_api):

* every one of the 21 types has a default: ``defaultResponse: true``, an empty
  ``responseParameters``, the template ``{"message":$context.error.messageString}`` and
  the type's status code (none for DEFAULT_4XX/DEFAULT_5XX) - test_gateway_response_crud;
* a put DEFAULT_4XX/DEFAULT_5XX lends its status code, parameters and templates to the
  not-put types of its class, which stay ``defaultResponse: true`` - test_gateway_response_put;
* a put without templates gets the default template, without a status code the type's
  default code; a put replaces the whole response - test_gateway_response_put;
* UpdateGatewayResponse on a type never put materialises it (``defaultResponse: false``);
  its errors: ``Invalid patch path <path>`` (also for add/remove of /statusCode, ``null``
  without a path), ``Invalid parameter name specified`` (404) for a missing parameter,
  ``Invalid null or empty value in responseTemplates|responseParameters`` -
  test_update_gateway_response;
* DeleteGatewayResponse of a type never put: 404 ``Gateway response type not defined on
  api`` - test_gateway_response_validation.

GetGatewayResponses lists the types in AWS's own (hash) order, the one the API reference's
GetGatewayResponses example shows (the recordings sort the items, so their tests sort too);
WAF_FILTERED's place in it is derived from that order (see ``LIST_ORDER``). It answers every type
in one page whatever ``limit`` and ``position`` say: "The GatewayResponses collection does not
support pagination and the limit does not apply here" (the API reference, in botocore's model).

Response parameters are checked as PutGatewayResponse's are on AWS (and by UpdateGatewayResponse's
``add``/``replace``): a key ``gatewayresponse.{header|path|querystring}.<name>`` (the OpenAPI
extension's reference page), a value ``'static'``, ``method.request.{path|querystring|header|
multivalueheader|multivaluequerystring}.<name>``, ``context.<name>`` or ``stageVariables.<name>``
("Specifies the GatewayResponse parameters ... any incoming request parameter value or a static custom
value"); else 400 "Invalid mapping expression specified: Validation Result: warnings : [], errors :
[Invalid mapping expression specified: <key or value>]", the wording users quote for a
``method.response.header.X`` key (aws/aws-cli#2879) and an unquoted value (aws/aws-cdk#20274).
Guesses: a name is an HTTP token (no ``:``, space or control character), a static value holds no
CR/LF, ``method.request.body`` is refused.

Guesses: replacing/removing a missing template answers 404 ``Content-Type specified was not
found``; an explicitly empty ``responseTemplates`` map gets the default template; the
status code a patch gives must be the model's ``StatusCode`` (three digits, 100 to 599: what PutGatewayResponse's
input is held to), else 400 ``Invalid status code specified: <value>`` (the wording is a guess; the data
plane answers with it, which could not read another).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from gwmock.apigateway.lookups import rest_api_or_404
from gwmock.apigateway.methods import mapping_error
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, NotFound
from gwmock.patch import split_path
from gwmock.state.base import Record

DEFAULT_TEMPLATES = {"application/json": '{"message":$context.error.messageString}'}

# The default status code of every GatewayResponseType (None: no status code).
DEFAULT_STATUS: dict[str, str | None] = {
    "ACCESS_DENIED": "403",
    "API_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_FAILURE": "500",
    "BAD_REQUEST_BODY": "400",
    "BAD_REQUEST_PARAMETERS": "400",
    "DEFAULT_4XX": None,
    "DEFAULT_5XX": None,
    "EXPIRED_TOKEN": "403",
    "INTEGRATION_FAILURE": "504",
    "INTEGRATION_TIMEOUT": "504",
    "INVALID_API_KEY": "403",
    "INVALID_SIGNATURE": "403",
    "MISSING_AUTHENTICATION_TOKEN": "403",
    "QUOTA_EXCEEDED": "429",
    "REQUEST_TOO_LARGE": "413",
    "RESOURCE_NOT_FOUND": "404",
    "THROTTLED": "429",
    "UNAUTHORIZED": "401",
    "UNSUPPORTED_MEDIA_TYPE": "415",
    "WAF_FILTERED": "403",
}


_STATUS = re.compile(r"[1-5]\d\d")  # botocore's StatusCode pattern
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"  # RFC 9110's token: what a header name may be
_PARAMETER_KEY = re.compile(rf"gatewayresponse\.(?:header|path|querystring)\.{_TOKEN}")
_PARAMETER_VALUE = re.compile(rf"'[^\r\n]*'|method\.request\.(?:path|querystring|header|multivalueheader|"
                              rf"multivaluequerystring)\.{_TOKEN}|(?:context|stageVariables)\.{_TOKEN}")


def check_parameter(key: str, value: object) -> None:
    """Refuse a response parameter AWS would not map (module docstring), in AWS's wording."""
    if _PARAMETER_KEY.fullmatch(key) is None:
        raise mapping_error(key)
    if not isinstance(value, str) or _PARAMETER_VALUE.fullmatch(value) is None:
        raise mapping_error(str(value))


def put_gateway_response(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    kind = params["responseType"]
    for key, value in (params.get("responseParameters") or {}).items():
        check_parameter(key, value)
    record: Record = {
        "responseType": kind,
        "statusCode": params.get("statusCode") or DEFAULT_STATUS[kind],
        "responseParameters": dict(params.get("responseParameters") or {}),
        "responseTemplates": dict(params.get("responseTemplates") or DEFAULT_TEMPLATES),
        "defaultResponse": False,
    }
    if record["statusCode"] is None:
        record.pop("statusCode")
    ctx.store.put(_key(api["id"], kind), record)
    return record


def get_gateway_response(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    return gateway_response(ctx, api["id"], params["responseType"])


def get_gateway_responses(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    return {"items": [record for _, record in _all_rows(ctx, api["id"])]}  # never paged (module docstring)


def update_gateway_response(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    kind = params["responseType"]
    record = copy.deepcopy(gateway_response(ctx, api["id"], kind))
    record["defaultResponse"] = False
    for operation in params.get("patchOperations") or ():
        _apply(record, operation)
    ctx.store.put(_key(api["id"], kind), record)
    return record


def delete_gateway_response(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    if not ctx.store.delete(_key(api["id"], params["responseType"])):
        raise NotFound("Gateway response type not defined on api")
    return {}


# --- computed defaults ------------------------------------------------------------------


def gateway_response(ctx: Context, api_id: str, kind: str) -> Record:
    """The response of ``kind`` the API answers with: the one put, else its default.

    Also meant for the data plane (``runtime/``), which needs the effective response.
    """
    stored = ctx.store.get(_key(api_id, kind))
    if stored is not None:
        return stored
    record: Record = {
        "responseType": kind,
        "statusCode": DEFAULT_STATUS[kind],
        "responseParameters": {},
        "responseTemplates": dict(DEFAULT_TEMPLATES),
        "defaultResponse": True,
    }
    parent = _parent(kind)
    inherited = ctx.store.get(_key(api_id, parent)) if parent else None
    if inherited is not None:
        record["responseParameters"] = dict(inherited.get("responseParameters", {}))
        record["responseTemplates"] = dict(inherited.get("responseTemplates", {}))
        if inherited.get("statusCode"):
            record["statusCode"] = inherited["statusCode"]
    if record["statusCode"] is None:
        record.pop("statusCode")
    return record


def _parent(kind: str) -> str | None:
    status = DEFAULT_STATUS[kind]
    if status is None:
        return None
    return "DEFAULT_5XX" if status.startswith("5") else "DEFAULT_4XX"


# GetGatewayResponses answers in the iteration order of a Java HashMap (32 buckets) keyed by
# the type names: the API reference's GetGatewayResponses example lists its 20 types in exactly
# the bucket order ``(h ^ h >>> 16) & 31`` of their String.hashCode; WAF_FILTERED, added later,
# falls in BAD_REQUEST_BODY's bucket (14) and is placed after it (inserted last).
LIST_ORDER = (
    "INTEGRATION_FAILURE", "RESOURCE_NOT_FOUND", "REQUEST_TOO_LARGE", "THROTTLED", "UNSUPPORTED_MEDIA_TYPE",
    "AUTHORIZER_CONFIGURATION_ERROR", "DEFAULT_5XX", "DEFAULT_4XX", "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY",
    "WAF_FILTERED", "EXPIRED_TOKEN", "ACCESS_DENIED", "INVALID_API_KEY", "UNAUTHORIZED", "API_CONFIGURATION_ERROR",
    "QUOTA_EXCEEDED", "INTEGRATION_TIMEOUT", "MISSING_AUTHENTICATION_TOKEN", "INVALID_SIGNATURE",
    "AUTHORIZER_FAILURE",
)


def _all_rows(ctx: Context, api_id: str) -> Iterator[tuple[int, Record]]:
    for cursor, kind in enumerate(LIST_ORDER, 1):
        yield cursor, gateway_response(ctx, api_id, kind)


def _key(api_id: str, kind: str) -> tuple[str, ...]:
    return ("restapis", api_id, "gatewayresponses", kind)


# --- patch ------------------------------------------------------------------------------
# AWS words every path/op mismatch of this operation as "Invalid patch path <path>", so
# the table is walked here rather than through gwmock.patch's generic wording.


def _apply(record: Record, operation: dict[str, object]) -> None:
    op, path, value = operation.get("op"), operation.get("path"), operation.get("value")
    if path is None:
        raise BadRequest("Invalid patch path null")
    segments = split_path(str(path))
    if segments == ["statusCode"] and op == "replace":
        if value is None or value == "":
            raise BadRequest("Invalid null or empty value in statusCode")
        if not isinstance(value, str) or _STATUS.fullmatch(value) is None:
            raise BadRequest(f"Invalid status code specified: {str(value)[:64]}")  # guess: the wording
        record["statusCode"] = value
        return
    if len(segments) == 2 and segments[0] in ("responseParameters", "responseTemplates") \
            and op in ("add", "replace", "remove"):
        _apply_map_entry(record, segments[0], segments[1], str(op), value)
        return
    raise BadRequest(f"Invalid patch path {path}")


def _apply_map_entry(record: Record, field: str, key: str, op: str, value: object) -> None:
    entries = record.setdefault(field, {})
    if op != "remove" and (value is None or value == ""):
        raise BadRequest(f"Invalid null or empty value in {field}")
    if op in ("replace", "remove") and key not in entries:
        raise NotFound("Invalid parameter name specified" if field == "responseParameters"
                       else "Content-Type specified was not found")
    if op == "remove":
        del entries[key]
        return
    if field == "responseParameters":
        check_parameter(key, value)
    entries[key] = value
