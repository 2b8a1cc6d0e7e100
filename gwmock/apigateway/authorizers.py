"""CreateAuthorizer, GetAuthorizer, GetAuthorizers, UpdateAuthorizer, DeleteAuthorizer.

Quirks:

* CreateAuthorizer checks the authorizer URI before the API, and answers a missing API
  with 409 ``Unable to complete operation due to concurrent modification. Please try
  again later.`` (aws-recorded: test_authorizer_crud_no_api);
* ``authorizerResultTtlInSeconds`` is returned only when it was set, although AWS runs
  an unset TTL as 300 (aws-recorded, test_apigateway_basic:
  test_apigateway_with_custom_authorization_method; test_apigateway_import: get-authorizers);
* a TOKEN authorizer's identity source must be one request header: ``Invalid token source
  expression: <expr>. The source must be a method request header, matching
  'method.request.header.[a-zA-Z0-9._-]+'.`` (AWS's wording as users report it); a bad
  Lambda URI: ``Invalid Authorizer URI: <uri>. Authorizer URI should be a valid API Gateway
  ARN that represents a Lambda function invocation.`` (idem). The URI's and a Cognito pool ARN's
  partition and region may be any partition's (``aws-eusc`` and ``eusc-de-east-1`` too).

Guesses: a missing URI or token source is worded as above with ``null``; a COGNITO_USER_POOLS
authorizer needs ``providerARNs`` (``ProviderARNs need to be valid Cognito Userpools.
Invalid ARNs- <arns>``) and a header identity source; a REQUEST authorizer needs an
identity source while caching is on (an unset TTL counts as 300) and each source must be a
header, query string, path, stage variable or context expression; the TTL must lie in
0..3600; UpdateAuthorizer re-checks the whole authorizer; Get/Update/Delete on a missing
API answer the API's 404; an ``identityValidationExpression`` that does not compile (or is longer
than ``patterns.MAX_PATTERN``) is refused with 400 ``Invalid identity validation expression
specified: <expr>``, checked before everything but the URI.

CreateAuthorizer ignores ``authorizerCredentials`` for a COGNITO_USER_POOLS authorizer, while
``replace /authorizerCredentials`` sets them (terraform-provider-aws #16613 / PR #16614: its
acceptance test read "" back from AWS after the create; authorizer_test.go
TestAccAPIGatewayAuthorizer_Cognito_authorizerCredentials passes once the provider patches).
A TTL of 0 is kept and returned as 0 (authorizer_test.go TestAccAPIGatewayAuthorizer_Zero_ttl).

Deleting an authorizer a method uses is refused with 409 ``Cannot delete authorizer '<name>',
is referenced in method: <VERB>/<path>`` (``GET//test``: hashicorp/terraform #6731, and
CloudTrail's copy in hashicorp/terraform #25980).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gwmock.apigateway.lookups import authorizer_or_404, rest_api_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import Patch, apply_patch, as_int, list_item, rule, set_field
from gwmock.runtime import patterns
from gwmock.state.base import Record

DEFAULT_TTL = 300
MAX_TTL = 3600
_FIELDS = ("name", "type", "providerARNs", "authType", "authorizerUri", "authorizerCredentials",
           "identitySource", "identityValidationExpression", "authorizerResultTtlInSeconds")
_LAMBDA_URI = re.compile(r"arn:aws(-[a-z]+)*:apigateway:[a-z]{2,4}(-[a-z]+)+-\d+:lambda:path/.+", re.DOTALL)
_COGNITO_ARN = re.compile(r"arn:aws(-[a-z]+)*:cognito-idp:[a-z]{2,4}(-[a-z]+)+-\d+:\d{12}:userpool/\S+")
_HEADER_SOURCE = re.compile(r"method\.request\.header\.[a-zA-Z0-9._-]+")
_REQUEST_SOURCE = re.compile(
    r"method\.request\.(header|multivalueheader|querystring|multivaluequerystring|path)\.[^\s,]+"
    r"|stageVariables\.[a-zA-Z0-9._-]+|context\.[a-zA-Z0-9._$-]+"
)


def create_authorizer(ctx: Context, params: Params) -> Result:
    record: Record = {"id": new_id(6)}
    for name in _FIELDS:
        if params.get(name) is not None:
            record[name] = list(params[name]) if name == "providerARNs" else params[name]
    if record.get("type") == "COGNITO_USER_POOLS":
        # AWS ignores the credentials of a new Cognito authorizer; UpdateAuthorizer sets them
        # (hashicorp/terraform-provider-aws #16613).
        record.pop("authorizerCredentials", None)
    _check_uri(record)
    if ctx.store.get(("restapis", params["restApiId"])) is None:
        raise Conflict("Unable to complete operation due to concurrent modification. Please try again later.")
    _check(record)
    ctx.store.put(("restapis", params["restApiId"], "authorizers", record["id"]), record)
    return record


def get_authorizer(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    return authorizer_or_404(ctx, api["id"], params["authorizerId"])


def get_authorizers(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    return page_v1(ctx, ("restapis", api["id"], "authorizers"), params)


def update_authorizer(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    authorizer = authorizer_or_404(ctx, api["id"], params["authorizerId"])
    updated = apply_patch(authorizer, params.get("patchOperations"), _RULES)
    _check_uri(updated)
    _check(updated)
    ctx.store.put(("restapis", api["id"], "authorizers", authorizer["id"]), updated)
    return updated


def delete_authorizer(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    authorizer = authorizer_or_404(ctx, api["id"], params["authorizerId"])
    for resource in ctx.store.values(("restapis", api["id"], "resources")):
        for verb, method in (resource.get("resourceMethods") or {}).items():
            if method.get("authorizerId") == authorizer["id"]:
                # "... is referenced in method: GET//test" (terraform #6731, terraform #25980)
                raise Conflict(f"Cannot delete authorizer '{authorizer['name']}', is referenced in method: "
                               f"{verb}/{resource.get('path', '')}")
    ctx.store.delete(("restapis", api["id"], "authorizers", authorizer["id"]))
    return {}


# --- validation -------------------------------------------------------------------------


def check_authorizer(record: Record) -> None:
    """CreateAuthorizer's checks of a whole record, in its order (the URI first); public for the
    OpenAPI import, which refuses what CreateAuthorizer would."""
    _check_uri(record)
    _check(record)


def _check_uri(record: Record) -> None:
    if record.get("type") == "COGNITO_USER_POOLS":
        return
    uri = record.get("authorizerUri")
    if uri is None or not _LAMBDA_URI.fullmatch(uri):
        raise BadRequest(f"Invalid Authorizer URI: {_shown(uri)}. Authorizer URI should be a valid API Gateway ARN "
                         "that represents a Lambda function invocation.")


def _check(record: Record) -> None:
    _check_validation_expression(record.get("identityValidationExpression"))
    ttl = record.get("authorizerResultTtlInSeconds")
    if ttl is not None and not 0 <= ttl <= MAX_TTL:
        raise BadRequest(f"Invalid authorizer result TTL: {ttl}. The TTL must be between 0 and {MAX_TTL} seconds.")
    kind = record.get("type")
    if kind not in ("TOKEN", "REQUEST", "COGNITO_USER_POOLS"):
        raise BadRequest(f"Invalid authorizer type specified: {kind}")
    source = record.get("identitySource")
    if kind == "COGNITO_USER_POOLS":
        _check_provider_arns(record.get("providerARNs"))
    if kind in ("TOKEN", "COGNITO_USER_POOLS"):
        if source is None or not _HEADER_SOURCE.fullmatch(source):
            raise BadRequest(f"Invalid token source expression: {_shown(source)}. The source must be a method "
                             "request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.")
    elif kind == "REQUEST":
        caching = (ttl if ttl is not None else DEFAULT_TTL) > 0
        if not source or not source.strip():
            if caching:
                raise BadRequest("Identity source must be set if authorizer caching is enabled "
                                 "(TTL is greater than 0)")
            return
        for part in source.split(","):
            if not _REQUEST_SOURCE.fullmatch(part.strip()):
                raise BadRequest(f"Invalid identity source expression: {part.strip()}")


def _check_validation_expression(expression: str | None) -> None:
    """A regular expression that does not compile would refuse every token with a 401 (guess: AWS
    refuses it when the authorizer is saved, as its console does)."""
    if not expression:
        return
    try:
        patterns.compile(expression)
    except patterns.BadPattern:
        raise BadRequest(f"Invalid identity validation expression specified: {expression}") from None


def _check_provider_arns(arns: Sequence[str] | None) -> None:
    bad = [a for a in arns or () if not _COGNITO_ARN.fullmatch(a)]
    if not arns or bad:
        raise BadRequest(f"ProviderARNs need to be valid Cognito Userpools. Invalid ARNs- {', '.join(bad)}".rstrip())


def _shown(value: str | None) -> str:
    return "null" if value is None else value


# --- patch ------------------------------------------------------------------------------


def _set_ttl(record: Record, patch: Patch) -> None:
    if patch.value in (None, ""):
        record.pop("authorizerResultTtlInSeconds", None)
    else:
        record["authorizerResultTtlInSeconds"] = as_int(patch.value, patch)


_RULES = [
    rule("/authorizerUri", "replace", set_field("authorizerUri")),
    rule("/authorizerCredentials", "replace", set_field("authorizerCredentials")),
    rule("/authorizerResultTtlInSeconds", "replace", _set_ttl),
    rule("/authType", "replace", set_field("authType")),
    rule("/identitySource", "add replace remove", set_field("identitySource")),
    rule("/identityValidationExpression", "replace", set_field("identityValidationExpression")),
    rule("/name", "replace", set_field("name")),
    rule("/providerARNs", "add remove", list_item("providerARNs")),
    rule("/type", "replace", set_field("type")),
]
