"""Create/Get/Gets/Update/DeleteAuthorizer and ResetAuthorizersCache.

A JWT authorizer answers the AWS CLI reference's create-/get-/update-authorizer example outputs
(no TTL, no payload format version; tests/apigatewayv2/test_cli_examples.py).

* JWT authorizers (HTTP APIs only) take a ``JwtConfiguration`` with an ``Issuer`` and one
  identity source, ``$request.header.<name>`` or ``$request.querystring.<name>``.
* REQUEST (Lambda) authorizers need an ``AuthorizerUri``; on HTTP APIs also an
  ``AuthorizerPayloadFormatVersion`` (1.0 or 2.0), ``EnableSimpleResponses`` only with
  2.0, identity sources of the ``$request.header.``/``$request.querystring.``/
  ``$context.``/``$stageVariables.`` forms; on WebSocket APIs ``route.request.header.``/
  ``route.request.querystring.``/``context.``/``stageVariables.`` forms. A name that no request
  could carry is refused as ``Invalid identity source specified: <source>`` (guess: a header name
  that is not an HTTP token, a control character or a "," in a query parameter name, which is how
  REST's comma-separated form written as one entry looks, a context or stage variable name of
  other than letters, digits, "_" (and "." for context variables)); it would answer every request 401.
* An authorizer a route uses cannot be deleted: 409 ``Cannot delete authorizer '<name>',
  is referenced in route: <route key>`` (wording quoted from AWS in user reports).
* Its type (JWT <-> REQUEST) cannot change while a route uses it: 400 ``Unable to update authorizer.
  The authorizer type cannot be changed while the authorizer is referenced in route: <route key>``.
  Guess (wording and refusal): AWS documents nothing; CreateRoute/UpdateRoute refuse a JWT route
  without a JWT authorizer and a CUSTOM route without a REQUEST one, and DeleteAuthorizer refuses
  while a route uses it, so a change that would leave the route so is refused too (without it the
  route's AuthorizationType would name the wrong kind of authorizer).
* ResetAuthorizersCache needs the stage to exist and forgets the Lambda authorizer answers the
  stage cached (HTTP routes): the next call asks the authorizer again.
* AWS's words, quoted by users: an HTTP REQUEST authorizer without a payload format
  version, ``AuthorizerPayloadFormatVersion is a required parameter for REQUEST
  authorizer`` (hashicorp/terraform-provider-aws#15181); one with a result TTL above 0
  and no identity source, ``Identity source must be set if authorizer caching is
  enabled (TTL is greater than 0)`` (hashicorp/terraform-provider-aws#32629). AWS adds
  no TTL of its own (Terraform sends 300 itself, see its authorizer.go), and a JWT
  authorizer answers no AuthorizerPayloadFormatVersion (getmoto/moto#5144, from AWS).
* A JWT issuer that is not a URL (``accounts.google.com``, no ``https://``): ``Invalid issuer:
  Issuer is not a valid URL for JWT Authorizer`` (400 BadRequestException, quoted with "Service:
  AmazonApiGatewayV2; Status Code: 400" in anomalyco/guide#726; botocore types Issuer
  ``UriWithLengthBetween1And2048`` and the API reference's example issuer is
  ``https://cognito-idp.{region}.amazonaws.com/{userPoolId}``). Whether AWS takes ``http://`` is
  unknown: gwmock does.
* A WebSocket API's authorizer takes no ``AuthorizerResultTtlInSeconds``, 0 included:
  ``AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol Apis.`` (400, quoted from
  AWS in hashicorp/terraform-provider-aws#15232 and anomalyco/sst#905/#5089; the API reference:
  "Supported only for HTTP API Lambda authorizers"), so its answers are never cached.

Guesses: every other message (a missing issuer, an unsupported payload format version, simple
responses with 1.0, the other JWT configuration and identity source checks, JWT on WebSocket) and
the order of the checks; the checks themselves are from AWS's documentation of the members.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from gwmock.apigatewayv2 import deployments
from gwmock.apigatewayv2.lookups import api_child_or_404, api_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record

_FIELDS = ("AuthorizerCredentialsArn", "AuthorizerPayloadFormatVersion", "AuthorizerResultTtlInSeconds",
           "AuthorizerType", "AuthorizerUri", "EnableSimpleResponses", "IdentityValidationExpression", "Name")
# What each source's name may hold (guess: a name that could never be found in a request is refused,
# as AWS refuses a malformed expression): a header's an HTTP token (RFC 9110), a query parameter's no
# blank, control character or "," (one entry naming two sources, REST's comma-separated form), a
# context variable's letters, digits, "_" and "." and a stage variable's letters, digits and "_" (AWS's
# rule for stage variable names).
_HEADER = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_QUERY = r"[^\s,\x00-\x1f\x7f]+"
_JWT_SOURCE = re.compile(rf"\$request\.(?:header\.{_HEADER}|querystring\.{_QUERY})")
_HTTP_SOURCE = re.compile(rf"\$(?:request\.header\.{_HEADER}|request\.querystring\.{_QUERY}|context\.[\w.]+"
                          rf"|stageVariables\.\w+)", re.ASCII)
_WS_SOURCE = re.compile(rf"(?:route\.request\.header\.{_HEADER}|route\.request\.querystring\.{_QUERY}"
                        rf"|context\.[\w.]+|stageVariables\.\w+)", re.ASCII)


def create_authorizer(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    authorizer = _merged({"AuthorizerId": new_id(6)}, params)
    _check(api, authorizer)
    ctx.store.put(_key(api, authorizer["AuthorizerId"]), authorizer)
    deployments.auto_deploy(ctx, api["ApiId"])
    return authorizer


def get_authorizer(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return api_child_or_404(ctx, api["ApiId"], "authorizers", params["AuthorizerId"], "Authorizer")


def get_authorizers(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return page_v2(ctx, ("v2", "apis", api["ApiId"], "authorizers"), params)


def update_authorizer(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    authorizer = api_child_or_404(ctx, api["ApiId"], "authorizers", params["AuthorizerId"], "Authorizer")
    updated = _merged(authorizer, params)
    _check(api, updated)
    if updated["AuthorizerType"] != authorizer["AuthorizerType"]:
        _check_type_unused(ctx, api, authorizer)
    ctx.store.put(_key(api, authorizer["AuthorizerId"]), updated)
    deployments.auto_deploy(ctx, api["ApiId"])
    return updated


def delete_authorizer(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    authorizer = api_child_or_404(ctx, api["ApiId"], "authorizers", params["AuthorizerId"], "Authorizer")
    for route in ctx.store.values(("v2", "apis", api["ApiId"], "routes")):
        if route.get("AuthorizerId") == authorizer["AuthorizerId"]:
            raise Conflict(f"Cannot delete authorizer '{authorizer['Name']}', is referenced in route: "
                           f"{route['RouteKey']}")
    ctx.store.delete(_key(api, authorizer["AuthorizerId"]))
    deployments.auto_deploy(ctx, api["ApiId"])
    return {}


def reset_authorizers_cache(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    stage = api_child_or_404(ctx, api["ApiId"], "stages", params["StageName"], "Stage")
    from gwmock.runtime.caches import flush_authorizers  # noqa: PLC0415 - the data plane's, loaded on use

    flush_authorizers(ctx.store.backend, api["ApiId"], stage["StageName"])  # the next call asks the authorizer again
    return {}


# --- helpers --------------------------------------------------------------------------


def _key(api: Record, authorizer_id: str) -> tuple[str, ...]:
    return ("v2", "apis", api["ApiId"], "authorizers", authorizer_id)


def _merged(authorizer: Record, params: Params) -> Record:
    out = dict(authorizer)
    for name in _FIELDS:
        if params.get(name) is not None:
            out[name] = params[name]
    if params.get("IdentitySource") is not None:
        out["IdentitySource"] = list(params["IdentitySource"])
    if params.get("JwtConfiguration") is not None:
        jwt = {**out.get("JwtConfiguration", {}), **params["JwtConfiguration"]}
        out["JwtConfiguration"] = {k: (list(v) if isinstance(v, list) else v) for k, v in jwt.items()}
    return out


def _check_type_unused(ctx: Context, api: Record, authorizer: Record) -> None:
    """An authorizer whose type changes must not be one a route uses: a JWT route needs a JWT authorizer
    and a CUSTOM route a REQUEST one, as CreateRoute/UpdateRoute demand (guess: refused like them)."""
    for route in ctx.store.values(("v2", "apis", api["ApiId"], "routes")):
        if route.get("AuthorizerId") == authorizer["AuthorizerId"]:
            raise BadRequest(f"Unable to update authorizer. The authorizer type cannot be changed while the "
                             f"authorizer is referenced in route: {route['RouteKey']}")


def _check(api: Record, authorizer: Record) -> None:
    websocket = api["ProtocolType"] == "WEBSOCKET"
    if authorizer["AuthorizerType"] == "JWT":
        if websocket:
            raise BadRequest("JWT authorizers are supported only for HTTP APIs")
        _check_jwt(authorizer)
    else:
        _check_request(authorizer, websocket)


def _check_jwt(authorizer: Record) -> None:
    issuer = authorizer.get("JwtConfiguration", {}).get("Issuer")
    if not issuer:
        raise BadRequest("JwtConfiguration must specify an Issuer for JWT authorizers")
    if not _is_url(issuer):
        raise BadRequest("Invalid issuer: Issuer is not a valid URL for JWT Authorizer")
    sources = authorizer.get("IdentitySource", [])
    if len(sources) != 1 or not _JWT_SOURCE.fullmatch(sources[0]):
        raise BadRequest("JWT authorizers require exactly one identity source of the form "
                         "$request.header.<name> or $request.querystring.<name>")


def _is_url(text: str) -> bool:
    """An absolute http(s) URL with a host, as the documented issuer form
    ``https://cognito-idp.{region}.amazonaws.com/{userPoolId}``; ``accounts.google.com`` is not one."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in text)


def _check_request(authorizer: Record, websocket: bool) -> None:
    if not authorizer.get("AuthorizerUri"):
        raise BadRequest("AuthorizerUri must be specified for REQUEST authorizers")
    pattern = _WS_SOURCE if websocket else _HTTP_SOURCE
    for source in authorizer.get("IdentitySource", []):
        if not pattern.fullmatch(source):
            raise BadRequest(f"Invalid identity source specified: {source}")
    if websocket:
        if authorizer.get("AuthorizerResultTtlInSeconds") is not None:  # 0 too (anomalyco/sst#5089)
            raise BadRequest("AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol Apis.")
        return
    version = authorizer.get("AuthorizerPayloadFormatVersion")
    if not version:
        raise BadRequest("AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer")
    if version not in ("1.0", "2.0"):
        raise BadRequest("AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for REQUEST authorizers of HTTP APIs")
    if authorizer.get("EnableSimpleResponses") and version != "2.0":
        raise BadRequest("EnableSimpleResponses is supported only for AuthorizerPayloadFormatVersion 2.0")
    if authorizer.get("AuthorizerResultTtlInSeconds", 0) > 0 and not authorizer.get("IdentitySource"):
        raise BadRequest("Identity source must be set if authorizer caching is enabled (TTL is greater than 0)")
