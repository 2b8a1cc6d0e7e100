"""CreateRoute, GetRoute(s), UpdateRoute, DeleteRoute, DeleteRouteRequestParameter and
Create/Get/Gets/Update/DeleteRouteResponse.

Shapes: the AWS CLI reference's create-route, update-route and get-routes examples (a route answers
``ApiKeyRequired: false``, ``AuthorizationType: NONE``; a quick-created one ``ApiGatewayManaged``).

AWS's wording, from errors users quoted in issue threads (no v2 recordings exist):
* a duplicate key is a 409 ``Route with key <key> already exists for this API``; two
  HTTP path variables on the same level under different names are a 409 ``The
  provided route key "<new>" has a conflicting variable on the same hierarchical level
  as "<old>"`` (compared across methods: a guess);
* JWT and CUSTOM routes need an authorizer of the matching type: ``Invalid authorizer ID
  specified. Setting the authorization type to JWT requires a valid JWT authorizer.``
  and ``... to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.``;
* scopes on other types: ``Invalid Route authorization type specified. Authorization
  Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types``;
* WebSocket APIs authorize only ``$connect``: ``Currently, authorization is restricted
  to the $connect route only``;
* an HTTP route key that is not ``$default`` or ``<METHOD> /<path>`` (unknown or
  lower-case method, no leading ``/``): ``The provided route key is not formatted
  properly for HTTP protocol. Format should be "<HTTP METHOD> /<RESOURCE PATH>" or
  "$default"`` (quoted from AWS in a user's CloudFormation template, found by code
  search); a path with a bad part (``{id}.json``, an empty part, a trailing ``/``, a
  greedy variable before the end): ``One or more path parts appear to be invalid``
  (serverless/serverless#10423). Which of the two an empty part or a trailing slash
  gets is a guess;
* the duplicate-key 409 is quoted in serverless/serverless#7260;
* an empty route key (either protocol): ``Route key is required`` (400, quoted from AWS
  through Terraform in goldstack/goldstack#42);
* a WebSocket route key starting with ``$`` that is not one of the predefined ``$connect``,
  ``$disconnect``, ``$default``: ``The provided route key is not formatted properly``
  (400 BadRequestException, quoted with "Service: AmazonApiGatewayV2; Status Code: 400" for
  ``$getauthorized`` in serverless/serverless#9530).

Guesses: an HTTP route path naming a variable twice (``/a/{b}/{b}``, ``/{p}/{p+}``: its event's
``pathParameters`` could carry one of them) is a bad path part; a tab, line break or other ASCII control
character in it makes the key "not formatted properly", as a space does. The conflict checks file each
variable under its place (the path before it), a place whose path passes 256 characters under a digest
of it, so a key of n variables costs O(n) there (a key of 8,000 once took 500 MB of places).

More guesses: a WebSocket route key of blanks only ("Route key must not be empty"), a Target
that names no integration, a missing model, WebSocket-only members (RequestParameters,
RequestModels, ModelSelectionExpression, RouteResponseSelectionExpression, route
responses) on an HTTP API, JWT on WebSocket, an unknown request parameter key (404),
a duplicate route response key (409). Setting AuthorizationType NONE or AWS_IAM drops
the AuthorizerId and the scopes (hashicorp/terraform-provider-aws route_test.go,
TestAccAPIGatewayV2Route_authorizer, reads an empty authorizer_id back after CUSTOM ->
AWS_IAM). A managed
(quick-created) route keeps its key. An empty ``Target`` detaches the route from its
integration (a guess: it is how Terraform's provider clears ``target``; without it a
targeted integration could never be deleted while its route lives).
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Any

from gwmock.apigatewayv2 import deployments
from gwmock.apigatewayv2.lookups import api_child_or_404, api_or_404, not_found
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record

HTTP_METHODS = ("ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
_VARIABLE = re.compile(r"\{([A-Za-z0-9._-]+)(\+?)\}")
# Non-empty parts, each a literal without braces or a whole variable; a greedy one only last.
_VALID_PATH = re.compile(r"(?:/(?:[^/{}]+|\{[A-Za-z0-9._-]+\}))*(?:/\{[A-Za-z0-9._-]+\+\})?")
# A blank or an ASCII control character inside the path: the key is not "<METHOD> /<path>" (guess
# for the control characters and tabs; AWS's wording is quoted for a space).
_BLANK_OR_CONTROL = re.compile(r"[\x00-\x20\x7f]")
_ROUTE_PARAMETER = re.compile(r"route\.request\.(header|querystring)\.[^\s.][^\s]*")
_ROUTE_FIELDS = ("ApiKeyRequired", "AuthorizationType", "AuthorizerId", "ModelSelectionExpression",
                 "OperationName", "RouteKey", "RouteResponseSelectionExpression", "Target")
_ROUTE_FIELD_NAMES = frozenset(_ROUTE_FIELDS)
_WEBSOCKET_ONLY = ("RequestParameters", "RequestModels", "ModelSelectionExpression",
                   "RouteResponseSelectionExpression")
_WEBSOCKET_ONLY_NAMES = frozenset(_WEBSOCKET_ONLY)
# AWS's words, recorded by users (see the module docstring for the sources).
_BAD_HTTP_ROUTE_KEY = ('The provided route key is not formatted properly for HTTP protocol. '
                       'Format should be "<HTTP METHOD> /<RESOURCE PATH>" or "$default"')
_BAD_PATH_PARTS = "One or more path parts appear to be invalid"
_NO_ROUTE_KEY = "Route key is required"
_BAD_WEBSOCKET_ROUTE_KEY = "The provided route key is not formatted properly"
# The only route keys a WebSocket API may start with ``$`` (the developer guide's "predefined routes").
_WEBSOCKET_RESERVED_KEYS = frozenset(("$connect", "$disconnect", "$default"))


def create_route(ctx: Context, params: Params) -> Result:
    store = ctx.store
    api = store.get(("v2", "apis", params["ApiId"]))
    if api is None:
        api = api_or_404(ctx, params["ApiId"])  # raises the API's 404
    route = _merged({"ApiKeyRequired": False, "AuthorizationType": "NONE", "RouteId": new_id(7)}, params)
    _check_route(ctx, api, route, params, new=True)
    api_id = api["ApiId"]
    store.put(("v2", "apis", api_id, "routes", route["RouteId"]), route)
    if store.count(("v2", "apis", api_id, "stages")):  # ``auto_deploy``'s own first test: most APIs have no stage
        deployments.auto_deploy(ctx, api_id)
    return route


def get_route(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return api_child_or_404(ctx, api["ApiId"], "routes", params["RouteId"], "Route")


def get_routes(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return page_v2(ctx, ("v2", "apis", api["ApiId"], "routes"), params)


def update_route(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    route = api_child_or_404(ctx, api["ApiId"], "routes", params["RouteId"], "Route")
    if route.get("ApiGatewayManaged") and params.get("RouteKey") not in (None, route["RouteKey"]):
        raise BadRequest("Cannot update the route key of a route managed by API Gateway")
    updated = _merged(route, params)
    _check_route(ctx, api, updated, params)
    ctx.store.put(_key(api, route["RouteId"]), updated)
    deployments.auto_deploy(ctx, api["ApiId"])
    return updated


def delete_route(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    route = api_child_or_404(ctx, api["ApiId"], "routes", params["RouteId"], "Route")
    ctx.store.delete_tree(_key(api, route["RouteId"]))
    deployments.auto_deploy(ctx, api["ApiId"])
    return {}


def delete_route_request_parameter(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    route = api_child_or_404(ctx, api["ApiId"], "routes", params["RouteId"], "Route")
    key = params["RequestParameterKey"]
    if key not in route.get("RequestParameters", {}):
        raise not_found("RequestParameter", f"Invalid request parameter key specified {key}")
    remaining = {k: v for k, v in route["RequestParameters"].items() if k != key}
    ctx.store.put(_key(api, route["RouteId"]), {**route, "RequestParameters": remaining})
    deployments.auto_deploy(ctx, api["ApiId"])
    return {}


# --- route responses ------------------------------------------------------------------


def create_route_response(ctx: Context, params: Params) -> Result:
    api, route = _websocket_route(ctx, params)
    response = _merged_response({"RouteResponseId": new_id(6)}, params)
    _check_route_response(ctx, api, route, response)
    ctx.store.put(_key(api, route["RouteId"]) + ("routeresponses", response["RouteResponseId"]), response)
    deployments.auto_deploy(ctx, api["ApiId"])
    return response


def get_route_response(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    route = api_child_or_404(ctx, api["ApiId"], "routes", params["RouteId"], "Route")
    return _route_response_or_404(ctx, api, route, params["RouteResponseId"])


def get_route_responses(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    route = api_child_or_404(ctx, api["ApiId"], "routes", params["RouteId"], "Route")
    return page_v2(ctx, _key(api, route["RouteId"]) + ("routeresponses",), params)


def update_route_response(ctx: Context, params: Params) -> Result:
    api, route = _websocket_route(ctx, params)
    response = _route_response_or_404(ctx, api, route, params["RouteResponseId"])
    updated = _merged_response(response, params)
    _check_route_response(ctx, api, route, updated)
    ctx.store.put(_key(api, route["RouteId"]) + ("routeresponses", response["RouteResponseId"]), updated)
    deployments.auto_deploy(ctx, api["ApiId"])
    return updated


def delete_route_response(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    route = api_child_or_404(ctx, api["ApiId"], "routes", params["RouteId"], "Route")
    response = _route_response_or_404(ctx, api, route, params["RouteResponseId"])
    ctx.store.delete(_key(api, route["RouteId"]) + ("routeresponses", response["RouteResponseId"]))
    deployments.auto_deploy(ctx, api["ApiId"])
    return {}


# --- helpers --------------------------------------------------------------------------


def _key(api: Record, route_id: str) -> tuple[str, ...]:
    return ("v2", "apis", api["ApiId"], "routes", route_id)


def _merged(route: Record, params: Params) -> Record:
    out = dict(route)
    for name, value in params.items():  # the few members sent, not every field asked for
        if value is not None and name in _ROUTE_FIELD_NAMES:
            out[name] = value
    if params.get("AuthorizationScopes") is not None:
        out["AuthorizationScopes"] = list(params["AuthorizationScopes"])
    if params.get("RequestModels") is not None:
        out["RequestModels"] = dict(params["RequestModels"])
    if params.get("RequestParameters") is not None:
        out["RequestParameters"] = _constraints(params["RequestParameters"])
    if out.get("Target") == "":
        out.pop("Target")  # an empty Target detaches the route from its integration
    if out["AuthorizationType"] in ("NONE", "AWS_IAM"):
        out.pop("AuthorizerId", None)
    if out["AuthorizationType"] != "JWT" and params.get("AuthorizationScopes") is None:
        out.pop("AuthorizationScopes", None)
    return out


def _constraints(parameters: dict[str, Any]) -> dict[str, Any]:
    return {k: {"Required": bool((v or {}).get("Required", False))} for k, v in parameters.items()}


def _check_route(ctx: Context, api: Record, route: Record, params: Params, new: bool = False) -> None:
    websocket = api["ProtocolType"] == "WEBSOCKET"
    if route["RouteKey"] == "":
        raise BadRequest(_NO_ROUTE_KEY)
    if websocket:
        if not route["RouteKey"].strip():
            raise BadRequest("Route key must not be empty")
        if route["RouteKey"].startswith("$") and route["RouteKey"] not in _WEBSOCKET_RESERVED_KEYS:
            raise BadRequest(_BAD_WEBSOCKET_ROUTE_KEY)
    else:
        _check_http_route_key(route["RouteKey"])
        if not _WEBSOCKET_ONLY_NAMES.isdisjoint(params):
            for name in _WEBSOCKET_ONLY:
                if params.get(name) is not None:
                    raise BadRequest(f"{name} is supported only for WebSocket APIs")
    _check_unique_key(ctx, api["ApiId"], route["RouteKey"], route["RouteId"], new)
    if route["AuthorizationType"] != "NONE" or route.get("AuthorizationScopes"):  # else nothing to check
        _check_authorization(ctx, api, route)
    if route.get("Target") is not None:
        _check_target(ctx, api, route["Target"])
    parameters = route.get("RequestParameters")
    if parameters:
        for key in parameters:
            if not _ROUTE_PARAMETER.fullmatch(key):
                raise BadRequest(f"Invalid route request parameter key specified: {key}. Must be of the form "
                                 "route.request.header.{name} or route.request.querystring.{name}")
    models = route.get("RequestModels")
    if models:
        _check_models(ctx, api, models)


def _check_http_route_key(key: str) -> None:
    if key == "$default":
        return
    method, _, path = key.partition(" ")
    if method not in HTTP_METHODS or not path.startswith("/") or _BLANK_OR_CONTROL.search(path) is not None:
        raise BadRequest(_BAD_HTTP_ROUTE_KEY)
    if "{" not in path and "}" not in path:  # ``_valid_path`` without variables: no empty part
        if "//" in path or (path.endswith("/") and path != "/"):
            raise BadRequest(_BAD_PATH_PARTS)
    elif not _valid_path(path) or (path.count("{") > 1 and _repeats_a_variable(path)):
        raise BadRequest(_BAD_PATH_PARTS)


def _repeats_a_variable(path: str) -> bool:
    """Whether two variables of ``path`` share a name (``/a/{b}/{b}``, ``/{p}/{p+}``): the event's
    ``pathParameters`` could carry only one of them (guess: refused as an invalid part)."""
    names = [found.group(1) for found in _VARIABLE.finditer(path)]
    return len(set(names)) != len(names)


def _valid_path(path: str) -> bool:
    if path == "/":
        return True
    if path.endswith("/"):
        return False
    if "{" not in path and "}" not in path:  # no variables: valid unless a part is empty
        return "//" not in path
    return _VALID_PATH.fullmatch(path) is not None  # the loop below in one match


def _valid_path_by_parts(path: str) -> bool:
    """``_valid_path`` part by part, as it was written (a test compares the two)."""
    if path == "/":
        return True
    if path.endswith("/"):
        return False
    segments = path[1:].split("/")
    for i, segment in enumerate(segments):
        if not segment:
            return False
        if "{" in segment or "}" in segment:
            match = _VARIABLE.fullmatch(segment)
            if match is None or (match.group(2) and i != len(segments) - 1):
                return False
    return True


def _check_unique_key(ctx: Context, api_id: str, key: str, route_id: str | None, new: bool = False) -> None:
    """``new``: ``route_id`` is a fresh id, known not to be stored."""
    collection = ("v2", "apis", api_id, "routes")
    if new and ctx.store.indexed and "{" not in key:  # ``_may_clash`` of a key without variables
        if not ctx.store.count_by(collection, _clash_keys, "=" + key):
            return
    elif (new or ctx.store.get(collection + (route_id or "",)) is None) and not _may_clash(ctx, collection, key):
        return  # a new route that clashes with none: decided without reading the API's routes
    variable = "{" in key
    for _, other in ctx.store.scan(collection):
        if other["RouteId"] == route_id:
            continue
        if other["RouteKey"] == key:
            raise Conflict(f"Route with key {key} already exists for this API")
        if variable and "{" in other["RouteKey"] and _conflicting_variables(key, other["RouteKey"]):
            raise Conflict(f'The provided route key "{key}" has a conflicting variable on the same '
                           f'hierarchical level as "{other["RouteKey"]}"')


def _clash_keys(route: Record) -> tuple[str, ...]:
    """What the uniqueness checks ask of a route, as index keys: ``=<route key>``, and for
    each variable path segment its place (greedy or not, and the segments before it),
    ``@<place>``, and its place with its text, ``#<place>|<segment>``."""
    return _clash_keys_for(route["RouteKey"])


# A place's parent path longer than this is named by its digest: written out, the places of a key
# with n variables would take O(n^2) characters (a 60 KB key of 8,000 variables: 500 MB in the index).
_LONG_PARENT = 256
_LONG_KEY = 1024  # keys longer than this are not kept in ``_clash_keys_of``'s cache


def _clash_keys_for(key: str) -> tuple[str, ...]:
    """``_clash_keys_of``, cached for keys of usual lengths only."""
    return _clash_keys_of(key) if len(key) <= _LONG_KEY else _clash_keys_of.__wrapped__(key)


@functools.lru_cache(maxsize=4096)
def _clash_keys_of(key: str) -> tuple[str, ...]:
    # Cached: CreateRoute asks for a key's entries, then the store's index for the same
    # key when the route is written.
    if "{" not in key or " /" not in key:
        return ("=" + key,)
    rest = key.split(" ", 1)[1]
    start = rest.find("/{")
    if start >= 0 and rest.count("{") == 1:  # one variable (most keys with one): no split of every part
        end = rest.find("/", start + 1)
        segment = rest[start + 1:] if end < 0 else rest[start + 1:end]
        found = _VARIABLE.fullmatch(segment)
        if found is None:
            return ("=" + key,)
        parent = rest[:start] if start <= _LONG_PARENT else _digest(_parent_hash(), rest[:start])
        place = f"{found.group(2)}|{parent}"
        return ("=" + key, "@" + place, f"#{place}|{segment}")
    out = ["=" + key]
    hasher, read = _parent_hash(), 0  # the digest of ``rest[:read]``, for long parents
    start = 0  # where the segment starts in ``rest``: its parent is ``rest[:start - 1]``
    for segment in rest.split("/"):
        found = _VARIABLE.fullmatch(segment) if segment[:1] == "{" else None
        if found is not None:
            end = max(start - 1, 0)
            if end <= _LONG_PARENT:
                parent = rest[:end]
            else:
                parent, read = _digest(hasher, rest[read:end]), end
            place = f"{found.group(2)}|{parent}"
            out += ["@" + place, f"#{place}|{segment}"]
        start += len(segment) + 1
    return tuple(out)


def _parent_hash() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=16)


def _digest(hasher: hashlib.blake2b, more: str) -> str:
    """A long parent path's name in a place: the digest of all the text ``hasher`` was given,
    ``more`` included (fed once: each key is read in one pass); a NUL starts no route path."""
    hasher.update(more.encode("utf-8", "surrogatepass"))
    return "\x00" + hasher.copy().hexdigest()


def _may_clash(ctx: Context, collection: tuple[str, ...], key: str) -> bool:
    """Whether some stored route has ``key``, or a variable at the same place as one of
    ``key``'s under another name (what ``_conflicting_variables`` looks for), by counts."""
    if not ctx.store.indexed:
        return True  # counting would scan the routes once per key: let the caller scan them once
    keys = _clash_keys_for(key)
    if len(keys) == 1:  # no variable: only the same key clashes
        return ctx.store.count_by(collection, _clash_keys, keys[0]) > 0
    counts = ctx.store.counts_by(collection, _clash_keys, keys)
    if counts[0]:
        return True
    for i in range(1, len(keys), 2):
        # A route filed under a name at a place is filed under the place too: the counts
        # differ when some route has a variable there under another name.
        if counts[i] and counts[i] != counts[i + 1]:
            return True
    return False


def _conflicting_variables(key: str, other: str) -> bool:
    if " /" not in key or " /" not in other:
        return False
    mine, theirs = key.split(" ", 1)[1].split("/"), other.split(" ", 1)[1].split("/")
    for a, b in zip(mine, theirs):
        a_var, b_var = _VARIABLE.fullmatch(a), _VARIABLE.fullmatch(b)
        if a_var and b_var:
            if a_var.group(2) == b_var.group(2) and a != b:
                return True
            if a != b:
                return False
            continue
        if a != b:
            return False
    return False


def _check_authorization(ctx: Context, api: Record, route: Record) -> None:
    kind = route["AuthorizationType"]
    if route.get("AuthorizationScopes") and kind != "JWT":
        raise BadRequest("Invalid Route authorization type specified. Authorization Scopes are only valid for "
                         "COGNITO_USER_POOLS and JWT authorization types")
    websocket = api["ProtocolType"] == "WEBSOCKET"
    if websocket and kind != "NONE" and route["RouteKey"] != "$connect":
        raise BadRequest("Currently, authorization is restricted to the $connect route only")
    if kind not in ("JWT", "CUSTOM"):
        return
    if kind == "JWT" and websocket:
        raise BadRequest("JWT authorization is supported only for HTTP APIs")
    authorizer = None
    if route.get("AuthorizerId"):
        authorizer = ctx.store.get(("v2", "apis", api["ApiId"], "authorizers", route["AuthorizerId"]))
    if kind == "JWT" and (authorizer is None or authorizer["AuthorizerType"] != "JWT"):
        raise BadRequest("Invalid authorizer ID specified. Setting the authorization type to JWT requires a "
                         "valid JWT authorizer.")
    if kind == "CUSTOM" and (authorizer is None or authorizer["AuthorizerType"] != "REQUEST"):
        raise BadRequest("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or "
                         "COGNITO_USER_POOLS requires a valid authorizer.")


def _check_target(ctx: Context, api: Record, target: str) -> None:
    prefix, _, integration_id = target.partition("/")
    if prefix != "integrations" or not integration_id:
        raise BadRequest(f"Invalid target specified: {target}. Target must be of the form "
                         "integrations/{integrationId}")
    if ctx.store.get(("v2", "apis", api["ApiId"], "integrations", integration_id)) is None:
        raise BadRequest(f"Invalid integration ID specified in target: {integration_id}")


def _check_models(ctx: Context, api: Record, models: dict[str, str]) -> None:
    if not models:
        return
    names = {m["Name"] for m in ctx.store.values(("v2", "apis", api["ApiId"], "models"))}
    for name in models.values():
        if name not in names:
            raise BadRequest(f"Invalid model identifier specified: {name}")


def _websocket_route(ctx: Context, params: Params) -> tuple[Record, Record]:
    api = api_or_404(ctx, params["ApiId"])
    route = api_child_or_404(ctx, api["ApiId"], "routes", params["RouteId"], "Route")
    if api["ProtocolType"] != "WEBSOCKET":
        raise BadRequest("Route responses are supported only for WebSocket APIs")
    return api, route


def _route_response_or_404(ctx: Context, api: Record, route: Record, response_id: str) -> Record:
    record = ctx.store.get(_key(api, route["RouteId"]) + ("routeresponses", response_id))
    if record is None:
        raise not_found("RouteResponse", f"Invalid RouteResponse identifier specified {response_id}")
    return record


def _merged_response(response: Record, params: Params) -> Record:
    out = dict(response)
    for name in ("RouteResponseKey", "ModelSelectionExpression"):
        if params.get(name) is not None:
            out[name] = params[name]
    if params.get("ResponseModels") is not None:
        out["ResponseModels"] = dict(params["ResponseModels"])
    if params.get("ResponseParameters") is not None:
        out["ResponseParameters"] = _constraints(params["ResponseParameters"])
    return out


def _check_route_response(ctx: Context, api: Record, route: Record, response: Record) -> None:
    for other in ctx.store.values(_key(api, route["RouteId"]) + ("routeresponses",)):
        if other["RouteResponseId"] != response["RouteResponseId"] and \
                other["RouteResponseKey"] == response["RouteResponseKey"]:
            raise Conflict(f"RouteResponse with key {response['RouteResponseKey']} already exists for this Route")
    _check_models(ctx, api, response.get("ResponseModels", {}))
