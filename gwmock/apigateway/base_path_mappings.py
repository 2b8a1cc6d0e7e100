"""CreateBasePathMapping, GetBasePathMapping, GetBasePathMappings, UpdateBasePathMapping,
DeleteBasePathMapping.

Mappings live at ``("domainnames", <domain key>, "basepathmappings", basePath)`` (see
``domain_names.py`` for the domain key of private names); the empty base path is stored
and answered as ``(none)``, as AWS names it. They are also v2's API mappings
(``gwmock/domains.py``): each record carries the ``apiMappingId`` v2 answers (never
answered here), and mappings made with apigatewayv2 CreateApiMapping (to a REST API's
or an HTTP API's stage) are listed here.

Behaviour (AWS wording, widely quoted in issue trackers; no aws-recorded scenario):
* "Base path already exists for this domain name" and "Only one base path mapping is
  allowed if the base path is empty." are 409s;
* an unknown stage is a 400 "Invalid stage identifier specified"; an unknown mapping a
  404 "Invalid base path mapping identifier specified";
* the ``stage`` member is answered only when set;
* Create/UpdateBasePathMapping refuse any ``/`` in the base path (``a/b``, ``/v1``) with
  "API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a
  multi-level base path mapping, use API Gateway V2." (users quote it: aws/chalice#1897,
  hashicorp/terraform-provider-aws#21986); multi-level mappings made with apigatewayv2 are
  still listed, read and deleted here. A bare ``/`` still means no base path (guess).
* a domain name in ``ROUTING_RULE_ONLY`` mode takes no new mapping: "you can't create an API
  mapping" ("Set the routing mode for your custom domain name"; a base path mapping is v1's API
  mapping). The 400 and its wording are a guess; reading, updating and deleting still work.
* a base path is at most 300 characters, and a REST API is not mapped to a domain that maps a
  WebSocket API (as v2's API mappings: ``apigatewayv2.domain_names``).
Guesses: an unknown REST API is a 400 "Invalid REST API identifier specified"; base
paths are checked against AWS's documented character set (letters, digits and
``$-_.+!*'()``, segments split by ``/`` for multi-level mappings) with the message
"Invalid base path specified"; UpdateBasePathMapping accepts ``/basePath`` and
``/restApiId`` besides the table's ``/basepath`` and ``/restapiId``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gwmock import domains
from gwmock.apigateway.domain_names import domain_name_or_404
from gwmock.apigatewayv2.domain_names import MAX_KEY, check_api_kinds
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict, NotFound
from gwmock.paging import page_v1
from gwmock.patch import Rule, apply_patch, default_unsupported, rule, set_field
from gwmock.state.base import Key, Record

NONE = domains.NONE
_SEGMENT = re.compile(r"[A-Za-z0-9$\-_.+!*'()]+")


def create_base_path_mapping(ctx: Context, params: Params) -> Result:
    domain_key, domain = domain_name_or_404(ctx, params["domainName"], params.get("domainNameId"))
    if domain.get("routingMode") == "ROUTING_RULE_ONLY":
        raise BadRequest("Base path mappings cannot be created while the domain name's routing mode is "
                         "ROUTING_RULE_ONLY")
    mapping = domains.new_mapping(_v1_base_path(params.get("basePath")), params["restApiId"], params.get("stage"))
    _check_target(ctx, mapping)
    check_api_kinds(ctx, domain_key, mapping["restApiId"])
    _check_free(ctx, domain_key, mapping["basePath"])
    ctx.store.put(domain_key + ("basepathmappings", mapping["basePath"]), mapping)
    return domains.v1_mapping(mapping)


def get_base_path_mapping(ctx: Context, params: Params) -> Result:
    return domains.v1_mapping(_mapping_or_404(ctx, params)[1])


def get_base_path_mappings(ctx: Context, params: Params) -> Result:
    domain_key = domain_name_or_404(ctx, params["domainName"], params.get("domainNameId"))[0]
    return page_v1(ctx, domain_key + ("basepathmappings",), params, view=domains.v1_mapping)


def update_base_path_mapping(ctx: Context, params: Params) -> Result:
    key, mapping = _mapping_or_404(ctx, params)
    updated = apply_patch(mapping, params.get("patchOperations"), _RULES, _unsupported)
    updated["basePath"] = _v1_base_path(updated.get("basePath")) if updated.get("basePath") != mapping["basePath"] \
        else mapping["basePath"]
    if not updated.get("stage"):
        updated.pop("stage", None)
    _check_target(ctx, updated)
    domain_key = key[:-2]
    check_api_kinds(ctx, domain_key, updated["restApiId"], mapping["basePath"])
    if updated["basePath"] != mapping["basePath"]:
        _check_free(ctx, domain_key, updated["basePath"], moving=mapping["basePath"])
        ctx.store.delete(key)
    ctx.store.put(domain_key + ("basepathmappings", updated["basePath"]), updated)
    return domains.v1_mapping(updated)


def delete_base_path_mapping(ctx: Context, params: Params) -> Result:
    key = _mapping_or_404(ctx, params)[0]
    ctx.store.delete(key)
    return {}


# --- helpers --------------------------------------------------------------------------


V1_SLASH = ("API Gateway V1 doesn't support the slash character (/) in base path mappings. "
            "To create a multi-level base path mapping, use API Gateway V2.")


def _v1_base_path(value: str | None) -> str:
    """A base path v1 may write: one segment (multi-level ones are made with apigatewayv2)."""
    if value not in (None, "", NONE, "/") and "/" in str(value):
        raise BadRequest(V1_SLASH)
    return _base_path(value)


def _base_path(value: str | None) -> str:
    if value in (None, "", NONE, "/"):
        return NONE
    assert value is not None
    path = value.strip("/")
    if len(path) > MAX_KEY:
        raise BadRequest(f"A base path must be at most {MAX_KEY} characters long")
    if not all(_SEGMENT.fullmatch(segment) for segment in path.split("/")):
        raise BadRequest("Invalid base path specified")
    return path


def _mapping_or_404(ctx: Context, params: Params) -> tuple[Key, Record]:
    domain_key = domain_name_or_404(ctx, params["domainName"], params.get("domainNameId"))[0]
    base_path = params["basePath"]
    base_path = NONE if base_path in ("", NONE) else base_path.strip("/")
    key = domain_key + ("basepathmappings", base_path)
    mapping = ctx.store.get(key)
    if mapping is None:
        raise NotFound("Invalid base path mapping identifier specified")
    return key, mapping


def _check_target(ctx: Context, mapping: Record) -> None:
    api_id = mapping.get("restApiId")
    if not api_id or ctx.store.get(("restapis", api_id)) is None:
        raise BadRequest("Invalid REST API identifier specified")
    stage = mapping.get("stage")
    if stage and stage != NONE and ctx.store.get(("restapis", api_id, "stages", stage)) is None:
        raise BadRequest("Invalid stage identifier specified")


def _check_free(ctx: Context, domain_key: Key, base_path: str, moving: str | None = None) -> None:
    others = [m["basePath"] for m in ctx.store.values(domain_key + ("basepathmappings",)) if m["basePath"] != moving]
    if base_path in others:
        raise Conflict("Base path already exists for this domain name")
    if others and (base_path == NONE or NONE in others):
        raise Conflict("Only one base path mapping is allowed if the base path is empty.")


def _unsupported(op: str, path: str | None, rules: Sequence[Rule]) -> Exception:
    return default_unsupported(op, path, _DOCUMENTED)


_DOCUMENTED = [
    rule("/basepath", "replace", set_field("basePath")),
    rule("/restapiId", "replace", set_field("restApiId")),
    rule("/stage", "replace", set_field("stage")),
]
_RULES = _DOCUMENTED + [
    rule("/basePath", "replace", set_field("basePath")),
    rule("/restApiId", "replace", set_field("restApiId")),
]
