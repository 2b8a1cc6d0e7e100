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
Guesses: a rule has exactly one action and at most three conditions (at most one
MatchBasePaths and two MatchHeaders, each condition exactly one kind); the action's
REST API and stage must exist (400); a duplicate priority is a 409; rules are listed
in priority order; all messages are our wording, 404s with resourceType.
"""

from __future__ import annotations

import copy
from typing import Any

from gwmock.apigatewayv2.lookups import not_found
from gwmock.arns import resource_arn
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Key, Record


def create_routing_rule(ctx: Context, params: Params) -> Result:
    domain = _domain_key_or_404(ctx, params)
    rule_id = new_id(6)
    rule = _rule(ctx, params, domain, rule_id)
    _check_priority(ctx, domain, rule)
    ctx.store.put(_collection(domain) + (rule_id,), rule)
    return rule


def get_routing_rule(ctx: Context, params: Params) -> Result:
    return _rule_or_404(ctx, _domain_key_or_404(ctx, params), params["RoutingRuleId"])


def list_routing_rules(ctx: Context, params: Params) -> Result:
    domain = _domain_key_or_404(ctx, params)
    ordered = sorted(ctx.store.values(_collection(domain)), key=lambda r: r["Priority"])
    # Priorities are unique per domain: as the cursor they keep pages stable under change.
    page = page_v2(ctx, _collection(domain), params, rows=((r["Priority"], r) for r in ordered))
    out: Result = {"RoutingRules": page["Items"]}
    if page.get("NextToken"):
        out["NextToken"] = page["NextToken"]
    return out


def put_routing_rule(ctx: Context, params: Params) -> Result:
    domain = _domain_key_or_404(ctx, params)
    old = _rule_or_404(ctx, domain, params["RoutingRuleId"])
    rule = _rule(ctx, params, domain, old["RoutingRuleId"])
    _check_priority(ctx, domain, rule)
    ctx.store.put(_collection(domain) + (rule["RoutingRuleId"],), rule)
    return rule


def delete_routing_rule(ctx: Context, params: Params) -> Result:
    domain = _domain_key_or_404(ctx, params)
    rule = _rule_or_404(ctx, domain, params["RoutingRuleId"])
    ctx.store.delete(_collection(domain) + (rule["RoutingRuleId"],))
    return {}


# --- helpers --------------------------------------------------------------------------


def _domain_key_or_404(ctx: Context, params: Params) -> str:
    name = params["DomainName"]
    key = f"{name}+{params['DomainNameId']}" if params.get("DomainNameId") else name
    if ctx.store.get(("v2", "domainnames", key)) is None and ctx.store.get(("domainnames", key)) is None:
        raise not_found("DomainName", "Invalid domain name identifier specified")
    return key


def _collection(domain: str) -> Key:
    return ("v2", "domainnames", domain, "routingrules")


def _rule_or_404(ctx: Context, domain: str, rule_id: str) -> Record:
    rule = ctx.store.get(_collection(domain) + (rule_id,))
    if rule is None:
        raise not_found("RoutingRule", f"Invalid RoutingRule identifier specified {rule_id}")
    return rule


def _rule(ctx: Context, params: Params, domain: str, rule_id: str) -> Record:
    return {
        "RoutingRuleId": rule_id,
        "RoutingRuleArn": resource_arn(ctx.region, f"/domainnames/{domain}/routingrules/{rule_id}", ctx.account),
        "Priority": params["Priority"],
        "Conditions": _conditions(params.get("Conditions") or []),
        "Actions": _actions(ctx, params.get("Actions") or []),
    }


def _conditions(conditions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(conditions) > 3:
        raise BadRequest("A routing rule can have at most 3 conditions")
    kinds = []
    for condition in conditions:
        present = [k for k in ("MatchBasePaths", "MatchHeaders") if condition.get(k) is not None]
        if len(present) != 1:
            raise BadRequest("Each routing rule condition must specify exactly one of MatchBasePaths or MatchHeaders")
        if not condition[present[0]].get("AnyOf"):
            raise BadRequest(f"{present[0]}.AnyOf must not be empty")
        kinds.append(present[0])
    if kinds.count("MatchBasePaths") > 1:
        raise BadRequest("A routing rule can have at most one MatchBasePaths condition")
    if kinds.count("MatchHeaders") > 2:
        raise BadRequest("A routing rule can have at most two MatchHeaders conditions")
    return copy.deepcopy(conditions)


def _actions(ctx: Context, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(actions) != 1:
        raise BadRequest("A routing rule must have exactly one action")
    invoke = actions[0]["InvokeApi"]
    if ctx.store.get(("restapis", invoke["ApiId"])) is None:
        raise BadRequest(f"Invalid API identifier specified {invoke['ApiId']}")
    if ctx.store.get(("restapis", invoke["ApiId"], "stages", invoke["Stage"])) is None:
        raise BadRequest(f"Invalid stage identifier specified {invoke['Stage']}")
    return [{"InvokeApi": {"ApiId": invoke["ApiId"], "Stage": invoke["Stage"],
                           "StripBasePath": bool(invoke.get("StripBasePath", False))}}]


def _check_priority(ctx: Context, domain: str, rule: Record) -> None:
    for other in ctx.store.values(_collection(domain)):
        if other["Priority"] == rule["Priority"] and other["RoutingRuleId"] != rule["RoutingRuleId"]:
            raise Conflict(f"A routing rule with priority {rule['Priority']} already exists for this domain name")
