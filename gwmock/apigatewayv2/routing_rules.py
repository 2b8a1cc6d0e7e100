"""CreateRoutingRule, GetRoutingRule, ListRoutingRules, PutRoutingRule, DeleteRoutingRule.

Routing rules belong to a custom domain name, as their URI says
(``/v2/domainnames/{domainName}/routingrules/{routingRuleId}``), and are stored at
``("v2", "domainnames", <domain key>, "routingrules", id)``, where the domain key is the
name, or ``NAME+ID`` when ``domainNameId`` names a private domain name. They route to
REST APIs, so the domain may be one created through either client: a v2 record at
``("v2", "domainnames", ...)`` or a v1 one at ``("domainnames", ...)``.

From AWS's documentation and CLI examples: ids are 6 characters, the ARN carries the
account (``arn:aws:apigateway:REGION:ACCOUNT:/domainnames/NAME/routingrules/ID``),
``StripBasePath`` is answered false when not given, priorities run 1..1000000 (the
model's range, checked before the handler) and are unique per domain name.

The checks of Create/PutRoutingRule, in the developer guide's words ("Routing rules to connect
API stages to a custom domain name for REST APIs": Conditions, Actions, Priority, Restrictions;
"Set the routing mode for your custom domain name"), each a 400 BadRequestException:

* the domain's routing mode is not ``API_MAPPING_ONLY`` (v1 ``BASE_PATH_MAPPING_ONLY``): "you
  can't create a routing rule" in that mode (Get/List/Delete still work: "you can use the
  list-routing-rules command to view them");
* exactly one action, at most two header conditions and one base path condition, each condition
  of one kind (the CDK's L2 confirmed against the service that conditions are split so:
  aws/aws-cdk#38803), and one value per ``AnyOf`` ("Each anyOf condition can only contain one
  header value"; "You can create a base path condition for only one base path");
* a header name shorter than 40 characters, of RFC 7230's token characters (letters, digits and
  ``*?-!#$%&'.^_`|~``; a ``*`` is accepted and literal: "a wildcard in the header NAME is
  accepted", aws-cdk routing-rule.test.ts, verified against the service), and not one of the
  guide's unsupported headers (``Authorization``, ``Connection``, ``Origin``, ``access-control-*``,
  ``x-amz-*``, ``x-amzn-*``, ...; ``Host`` is not among them: the guide's example 4 routes on it);
* a value glob that is not empty (AWS: "Header value glob is required", quoted in the same
  test file), shorter than 128 characters, with ``*`` only first or last (``*prefix-match``,
  ``suffix-match*``, ``*contains*``), and an infix glob of at most 40 characters with its two
  stars (the guide says "less than 40"; the CDK's test records that 40 is accepted and 41
  refused);
* a base path shorter than 128 characters, of letters, digits and ``$-_.+!*'()/``;
* ``StripBasePath`` only with a base path condition: AWS's "Only one basePath is supported to
  use StripBasePath" (quoted from a CloudFormation deploy in aws-cdk routing-rule.test.ts);
* the action's REST API and stage exist; HTTP and WebSocket APIs are not targets ("WebSocket or
  HTTP APIs aren't supported as target APIs for routing rules"); a private domain name routes
  only to private APIs and a public one only to public APIs; a domain with an API mapping to an
  HTTP or WebSocket API takes no rule ("If your custom domain name has API mappings to both REST
  and HTTP APIs, routing rules isn't supported").

A refused call changes nothing: every check runs before the one write.

Guesses: every message but the two quoted ones is our wording; a duplicate priority is a 409;
PutRoutingRule is refused in ``API_MAPPING_ONLY`` mode as CreateRoutingRule is; an unknown API
or stage in the action is a 400; a value glob may hold any printable ASCII character (the guide
restricts it to the token characters, but its own examples route on ``Accept:image/webp`` and
``Cookie:*ux=beta*``, and it advises against commas rather than refusing them); ``**`` is an
empty ``*contains*``; a base path must not be empty; the quota of 50 rules per domain is not
enforced (it can be raised, and gwmock enforces no adjustable quota); rules are listed in
priority order, and a NextToken this listing did not give (another listing's, a forged one) is
a 400 "Invalid NextToken", as a malformed one is; 404s carry a resourceType.

``DomainName`` must be the domain's own name: ``NAME+ID``, a private domain's storage key, is no
domain name (404), with or without a ``DomainNameId``.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from gwmock import domains
from gwmock.apigatewayv2.lookups import not_found
from gwmock.arns import resource_arn
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import decode_token, page_v2
from gwmock.state.base import Key, Record

MAX_HEADER_NAME = 39  # "less than 40 characters"
MAX_VALUE_GLOB = 127  # "less than 128 characters"
MAX_INFIX_GLOB = 40  # stars included (aws-cdk: 40 accepted, 41 refused)
MAX_BASE_PATH = 127  # "less than 128 characters"
_TOKEN = re.compile(r"[A-Za-z0-9*?!#$%&'.^_`|~-]+")
_PRINTABLE = re.compile(r"[\x20-\x7e]+")
_BASE_PATH = re.compile(r"[A-Za-z0-9$_.+!*'()/-]+")
_CURSOR = re.compile(r"p[0-9]{7}")  # ``_cursor``'s form
_UNSUPPORTED_HEADERS = frozenset({
    "authorization", "connection", "content-encoding", "content-length", "content-location", "forwarded",
    "keep-alive", "origin", "proxy-authenticate", "proxy-authorization", "te", "trailers",
    "transfer-encoding", "upgrade", "x-apigw-api-id", "x-forwarded-for", "x-forwarded-host",
    "x-forwarded-proto", "x-restapi", "via"})
_UNSUPPORTED_PREFIXES = ("access-control-", "apigw-", "x-amz-", "x-amzn-")
_MAPPINGS_ONLY = "BASE_PATH_MAPPING_ONLY"  # the record keeps v1's names (domains.V1_TO_V2_ROUTING)
STRIP_NEEDS_BASE_PATH = "Only one basePath is supported to use StripBasePath"


def create_routing_rule(ctx: Context, params: Params) -> Result:
    key, domain = _domain_or_404(ctx, params)
    rule = _rule(ctx, params, key, domain, new_id(6))
    _check_priority(ctx, key, rule)
    ctx.store.put(_collection(key) + (rule["RoutingRuleId"],), rule)
    return rule


def get_routing_rule(ctx: Context, params: Params) -> Result:
    return _rule_or_404(ctx, _domain_or_404(ctx, params)[0], params["RoutingRuleId"])


def list_routing_rules(ctx: Context, params: Params) -> Result:
    key = _domain_or_404(ctx, params)[0]
    if params.get("NextToken"):
        _check_token(params["NextToken"])
    ordered = sorted(ctx.store.values(_collection(key)), key=lambda r: r["Priority"])
    # Priorities are unique per domain: as the cursor they keep pages stable under change.
    page = page_v2(ctx, _collection(key), params, rows=((_cursor(r), r) for r in ordered))
    out: Result = {"RoutingRules": page["Items"]}
    if page.get("NextToken"):
        out["NextToken"] = page["NextToken"]
    return out


def put_routing_rule(ctx: Context, params: Params) -> Result:
    key, domain = _domain_or_404(ctx, params)
    old = _rule_or_404(ctx, key, params["RoutingRuleId"])
    rule = _rule(ctx, params, key, domain, old["RoutingRuleId"])
    _check_priority(ctx, key, rule)
    ctx.store.put(_collection(key) + (rule["RoutingRuleId"],), rule)
    return rule


def delete_routing_rule(ctx: Context, params: Params) -> Result:
    key = _domain_or_404(ctx, params)[0]
    rule = _rule_or_404(ctx, key, params["RoutingRuleId"])
    ctx.store.delete(_collection(key) + (rule["RoutingRuleId"],))
    return {}


# --- lookups --------------------------------------------------------------------------


def _domain_or_404(ctx: Context, params: Params) -> tuple[str, Record]:
    """The domain key (``NAME`` or ``NAME+ID``) and the shared domain record."""
    name, domain_id = params["DomainName"], params.get("DomainNameId") or None
    key = domains.domain_key(name, domain_id)
    record = ctx.store.get(key)
    # the key alone is not the name: "NAME+ID" without a DomainNameId would reach a private domain
    if record is None or not domains.is_named(record, name, domain_id):
        raise not_found("DomainName", "Invalid domain name identifier specified")
    return key[1], record


def _collection(key: str) -> Key:
    return ("v2", "domainnames", key, "routingrules")


def _rule_or_404(ctx: Context, key: str, rule_id: str) -> Record:
    rule = ctx.store.get(_collection(key) + (rule_id,))
    if rule is None:
        raise not_found("RoutingRule", f"Invalid RoutingRule identifier specified {rule_id}")
    return rule


def _cursor(rule: Record) -> str:
    """A rule's place in the listing: its priority, zero-padded so that text order is number order."""
    return f"p{rule['Priority']:07d}"


def _check_token(token: str) -> None:
    """Refuse a NextToken this listing did not give (another listing's cursor, a forged one)."""
    cursor = decode_token(token, lambda: BadRequest("Invalid NextToken"))
    if not isinstance(cursor, str) or not _CURSOR.fullmatch(cursor):
        raise BadRequest("Invalid NextToken")


# --- the rule -------------------------------------------------------------------------


def _rule(ctx: Context, params: Params, key: str, domain: Record, rule_id: str) -> Record:
    """The rule Create/Put would store, once every check has passed."""
    if (domain.get("routingMode") or _MAPPINGS_ONLY) == _MAPPINGS_ONLY:
        raise BadRequest("Routing rules cannot be created or updated while the domain name's routing mode is "
                         "API_MAPPING_ONLY")
    conditions = _conditions(params.get("Conditions") or [])
    invoke = _invoke(params.get("Actions") or [], conditions)
    _check_target(ctx, invoke, domain)
    _check_no_http_mappings(ctx, key)
    return {
        "RoutingRuleId": rule_id,
        "RoutingRuleArn": resource_arn(ctx.region, f"/domainnames/{key}/routingrules/{rule_id}", ctx.account),
        "Priority": params["Priority"],
        "Conditions": copy.deepcopy(conditions),
        "Actions": [{"InvokeApi": invoke}],
    }


def _conditions(conditions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(conditions) > 3:
        raise BadRequest("A routing rule can have at most 3 conditions")
    kinds = [_condition_kind(condition) for condition in conditions]
    if kinds.count("MatchBasePaths") > 1:
        raise BadRequest("A routing rule can have at most one MatchBasePaths condition")
    if kinds.count("MatchHeaders") > 2:
        raise BadRequest("A routing rule can have at most two MatchHeaders conditions")
    return conditions


def _condition_kind(condition: dict[str, Any]) -> str:
    """Which kind the condition is, after checking its one ``AnyOf`` value."""
    present = [k for k in ("MatchBasePaths", "MatchHeaders") if condition.get(k) is not None]
    if len(present) != 1:
        raise BadRequest("Each routing rule condition must specify exactly one of MatchBasePaths or MatchHeaders")
    kind = present[0]
    any_of = condition[kind].get("AnyOf") or []
    if not any_of:
        raise BadRequest(f"{kind}.AnyOf must not be empty")
    if len(any_of) > 1:
        raise BadRequest(f"{kind}.AnyOf can contain only one value")
    if kind == "MatchHeaders":
        _check_header(any_of[0]["Header"], any_of[0]["ValueGlob"])
    else:
        _check_base_path(any_of[0])
    return kind


def _check_header(name: str, glob: str) -> None:
    if not name:
        raise BadRequest("Header name is required")
    if len(name) > MAX_HEADER_NAME:
        raise BadRequest(f"Header name must be less than {MAX_HEADER_NAME + 1} characters")
    if not _TOKEN.fullmatch(name):
        raise BadRequest("Header name may contain only letters, numbers and the characters *?-!#$%&'.^_`|~")
    lower = name.lower()
    if lower in _UNSUPPORTED_HEADERS or lower.startswith(_UNSUPPORTED_PREFIXES):
        raise BadRequest(f"Header {name} is not supported in a routing rule condition")
    _check_glob(glob)


def _check_glob(glob: str) -> None:
    if not glob:
        raise BadRequest("Header value glob is required")
    if len(glob) > MAX_VALUE_GLOB:
        raise BadRequest(f"Header value glob must be less than {MAX_VALUE_GLOB + 1} characters")
    if not _PRINTABLE.fullmatch(glob):
        raise BadRequest("Header value glob may contain only printable ASCII characters")
    if "*" in glob[1:-1]:
        raise BadRequest("Header value glob may use a wildcard only as *prefix-match, suffix-match* or *contains*")
    if len(glob) > MAX_INFIX_GLOB and glob.startswith("*") and glob.endswith("*"):
        raise BadRequest(f"Header value glob for an infix match must be at most {MAX_INFIX_GLOB} characters")


def _check_base_path(base_path: str) -> None:
    if not base_path:
        raise BadRequest("Base path is required")
    if len(base_path) > MAX_BASE_PATH:
        raise BadRequest(f"Base path must be less than {MAX_BASE_PATH + 1} characters")
    if not _BASE_PATH.fullmatch(base_path):
        raise BadRequest("Base path may contain only letters, numbers and the characters $-_.+!*'()/")


def _invoke(actions: list[dict[str, Any]], conditions: list[dict[str, Any]]) -> dict[str, Any]:
    """The one action's ``InvokeApi``, with ``StripBasePath`` answered false when not given."""
    if len(actions) != 1:
        raise BadRequest("A routing rule must have exactly one action")
    invoke = actions[0]["InvokeApi"]
    strip = bool(invoke.get("StripBasePath", False))
    if strip and not any(c.get("MatchBasePaths") is not None for c in conditions):
        raise BadRequest(STRIP_NEEDS_BASE_PATH)
    return {"ApiId": invoke["ApiId"], "Stage": invoke["Stage"], "StripBasePath": strip}


def _check_target(ctx: Context, invoke: dict[str, Any], domain: Record) -> None:
    api_id, stage = invoke["ApiId"], invoke["Stage"]
    api = ctx.store.get(("restapis", api_id))
    if api is None:
        if ctx.store.get(("v2", "apis", api_id)) is not None:
            raise BadRequest(f"Routing rules can only invoke REST APIs: {api_id} is an HTTP or WebSocket API")
        raise BadRequest(f"Invalid API identifier specified {api_id}")
    if ctx.store.get(("restapis", api_id, "stages", stage)) is None:
        raise BadRequest(f"Invalid stage identifier specified {stage}")
    if _is_private(domain) != _is_private(api):
        raise BadRequest("A routing rule of a private domain name can only invoke a private API, "
                         "and one of a public domain name a public API")


def _is_private(record: Record) -> bool:
    return "PRIVATE" in ((record.get("endpointConfiguration") or {}).get("types") or ())


def _check_no_http_mappings(ctx: Context, key: str) -> None:
    for mapping in ctx.store.values(domains.mappings_of(("domainnames", key))):
        if ctx.store.get(("v2", "apis", mapping.get("restApiId") or "")) is not None:
            raise BadRequest("Routing rules are not supported for a domain name with API mappings to "
                             "HTTP or WebSocket APIs")


def _check_priority(ctx: Context, key: str, rule: Record) -> None:
    for other in ctx.store.values(_collection(key)):
        if other["Priority"] == rule["Priority"] and other["RoutingRuleId"] != rule["RoutingRuleId"]:
            raise Conflict(f"A routing rule with priority {rule['Priority']} already exists for this domain name")
