"""Usage plans, their keys and their usage.

CreateUsagePlan, GetUsagePlan, GetUsagePlans (``keyId`` filter), UpdateUsagePlan,
DeleteUsagePlan, CreateUsagePlanKey, GetUsagePlanKey, GetUsagePlanKeys (``nameQuery``),
DeleteUsagePlanKey, GetUsage, UpdateUsage.

Quirks (aws-recorded):
* a plan always has ``apiStages`` (``[]`` by default); ``tags`` come back on create only
  when set, always on Get/Update, never in GetUsagePlans items; a burst limit above the
  rate limit is accepted - test_usage_plan_crud, test_get_usage_plan_api_keys,
  test_create_usage_plan_with_throttle, test_api_key_required_for_methods;
* a quota gets ``offset: 0`` when none is given - test_api_key_required_for_methods;
* ``/apiStages`` patches take ``apiId:stage``: no value or no colon is a 400 "Invalid
  API Stage specified", an unknown API or stage a 404 "Invalid API Stage {api: X,
  stage: Y} specified for usageplan Z"; an unknown plan is "Invalid Usage Plan ID
  specified" - test_usage_plan_crud;
* a usage plan key is the API key's id, type, name and value; GetUsagePlanKeys lists
  the newest first, filters on a case-sensitive name prefix, and answers an empty list
  for an unknown plan - test_get_usage_plan_api_keys.

A plan with API stages cannot be deleted ("Cannot delete Usage Plan X because there are API
Stages associated with it, including api:stage", as users of the SDK, Serverless and Terraform
report it; naming only the first stage is a guess); a deleted stage leaves every plan (see
``stages.py``). A WebSocket API's stages may be in a plan too (their routes' API keys), an HTTP
API's may not (an unknown stage to CreateUsagePlan).

A per-method throttle path may name the resource path escaped (``/apiStages/a:s/throttle/
~1pets/GET/rateLimit``) or raw, as terraform-provider-aws sends it (``.../throttle//pets/GET/
rateLimit``, the throttle key ``/pets/GET`` with ``/rateLimit`` appended); both are accepted
(the raw form is a guess from the provider's acceptance tests, not recorded).

Usage is kept under ``("usage", planId, keyId)`` as ``{"used": {"YYYY-MM-DD": n},
"adjust": {"<period start>": n}}``: the data plane adds to ``used``, UpdateUsage's
``/remaining`` moves ``adjust`` for the current quota period. GetUsage answers every key
of the plan (or ``keyId``) with ``[used, remaining]`` per day of the range, remaining
being ``quota.limit - used so far in the quota period + adjust``.

CreateUsagePlan with an unknown or blank API stage answers 400 "Invalid API Stage {api: %s,
stage: %s} specified for usageplan %s", AWS's format string unfilled (aws/aws-cdk #6169,
aws/aws-sdk #354). ``/apiStages/<api:stage>`` alone is no patch path: AWS refuses it and
lists the paths of the op as ``[/apiStages, /quota, /throttle, /productCode,
/apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>,
/apiStages/<apidId:stageName>/throttle]`` for ``remove`` (boto3 #2629; seed 003's table
splits the ``.../throttle`` row in two).

Guesses: the order of that list for add/replace (AWS's remove order, then table order); keyType
other than API_KEY is refused; an API key can be in one plan only per API stage (409) and once
per plan (409), and a plan may not take an API stage that one of its keys already reaches
through another plan (the same 409, from UpdateUsagePlan's ``add /apiStages``); a plan without a
quota reports remaining 0; dates are ``YYYY-MM-DD`` and the end may not precede the start.

A quota's ``offset`` is the day its period starts: "with a time period of WEEK, an offset of 0 starts
on Sunday, and an offset of 1 starts on Monday" (SDK docs, e.g. https://docs.rs/aws-sdk-apigateway/0.4.0/
aws_sdk_apigateway/model/struct.QuotaSettings.html; today's model words it "requests subtracted ... in
the initial time period"); AWS takes WEEK/6 and MONTH/20 (terraform-provider-aws usage_plan_test.go,
TestAccAPIGatewayUsagePlan_quota). GetUsage and the data plane count from that day. Guesses (the two
documented meanings disagree, and no refusal of AWS's is known): the old, precise wording is applied;
MONTH starts on day offset + 1 (at most the 28th); WEEK takes the offset modulo 7, DAY ignores it;
any offset of 0 or more is kept as given, so a plan AWS takes is never refused.

GetUsage's range may not exceed 90 days ("The usage date range can't exceed 90 days", AWS
Knowledge Center, "How can I get the usage associated with an API key"): what passes is refused
with that sentence as a 400 (guesses: the wording, and 90 meaning the days answered, both ends in). A
stage throttle patched in as JSON takes what Jackson would read as ThrottleSettings (numbers,
numeric strings); a boolean, a number past int32 or not finite, or a non-object is a 400 "Invalid
throttle settings specified" (guess).
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable
from typing import Any

from gwmock.apigateway.api_keys import api_key_or_404, newest_first
from gwmock.context import Context, Params, Result
from gwmock.documents import parse_json
from gwmock.errors import BadRequest, Conflict, NotFound
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import Patch, apply_patch, as_float, as_int, default_unsupported, escape, rule, set_field, set_nested
from gwmock.runtime.usage import period_start
from gwmock.state.base import Record
from gwmock.tags import check_tags

_PERIODS = ("DAY", "WEEK", "MONTH")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
MAX_USAGE_DAYS = 90  # "The usage date range can't exceed 90 days" (AWS Knowledge Center)
_CREATE_BAD_STAGE = "Invalid API Stage {api: %s, stage: %s} specified for usageplan %s"
_RAW_THROTTLE_PATH = re.compile(r"^(/apiStages/[^/]+/throttle/)(/.*?)/([^/]+)(/rateLimit|/burstLimit)?$")


def create_usage_plan(ctx: Context, params: Params) -> Result:
    plan_id = new_id(6)
    stages = [_api_stage(ctx, s, None) for s in params.get("apiStages") or []]
    tags = check_tags(params.get("tags"))
    plan: Record = {"id": plan_id, "name": params["name"], "apiStages": stages}
    if params.get("description"):
        plan["description"] = params["description"]
    if params.get("throttle"):
        plan["throttle"] = _throttle(params["throttle"])
    if params.get("quota"):
        plan["quota"] = _quota(params["quota"])
    if tags:
        plan["tags"] = tags
    ctx.store.put(("usageplans", plan_id), plan)
    return plan


def get_usage_plan(ctx: Context, params: Params) -> Result:
    plan = usage_plan_or_404(ctx, params["usagePlanId"])
    return {**plan, "tags": plan.get("tags", {})}


def get_usage_plans(ctx: Context, params: Params) -> Result:
    key_id = params.get("keyId")

    def keep(plan: Record) -> bool:
        return not key_id or ctx.store.get(("usageplans", plan["id"], "keys", key_id)) is not None

    return page_v1(ctx, ("usageplans",), params, keep=keep,
                   view=lambda p: {k: v for k, v in p.items() if k != "tags"})


def update_usage_plan(ctx: Context, params: Params) -> Result:
    plan = usage_plan_or_404(ctx, params["usagePlanId"])
    operations = [_escaped_throttle_path(op) for op in params.get("patchOperations") or ()]
    updated = apply_patch(plan, operations, _rules(ctx, plan["id"]), _unsupported)
    for name in ("quota", "throttle"):
        if name in updated and not updated[name]:
            updated.pop(name)
    if "quota" in updated:
        updated["quota"].setdefault("offset", 0)
        _check_quota(updated["quota"])
    ctx.store.put(("usageplans", plan["id"]), updated)
    return {**updated, "tags": updated.get("tags", {})}


def delete_usage_plan(ctx: Context, params: Params) -> Result:
    plan = usage_plan_or_404(ctx, params["usagePlanId"])
    if plan["apiStages"]:
        first = plan["apiStages"][0]
        raise BadRequest(f"Cannot delete Usage Plan {plan['id']} because there are API Stages associated "
                         f"with it, including {first['apiId']}:{first['stage']}")
    ctx.store.delete_tree(("usageplans", plan["id"]))
    ctx.store.delete_tree(("usage", plan["id"]))
    return {}


def create_usage_plan_key(ctx: Context, params: Params) -> Result:
    plan = usage_plan_or_404(ctx, params["usagePlanId"])
    if params["keyType"] != "API_KEY":
        raise BadRequest(f"Invalid key type specified: {params['keyType']}. Must be API_KEY")
    key = api_key_or_404(ctx, params["keyId"])
    if ctx.store.get(("usageplans", plan["id"], "keys", key["id"])) is not None:
        raise Conflict(f"Usage Plan {plan['id']} already contains API Key {key['id']}")
    _check_no_shared_stage(ctx, plan, key["id"])
    ctx.store.put(("usageplans", plan["id"], "keys", key["id"]), {"id": key["id"], "type": "API_KEY"})
    return _key_view(key)


def get_usage_plan_key(ctx: Context, params: Params) -> Result:
    plan = usage_plan_or_404(ctx, params["usagePlanId"])
    return _key_view(_plan_key_or_404(ctx, plan["id"], params["keyId"]))


def get_usage_plan_keys(ctx: Context, params: Params) -> Result:
    plan_id, query = params["usagePlanId"], params.get("nameQuery")
    keys = [(c, k) for c, r in ctx.store.scan(("usageplans", plan_id, "keys"))
            if (k := ctx.store.get(("apikeys", r["id"]))) is not None]

    def keep(key: Record) -> bool:
        return not query or key.get("name", "").startswith(query)

    return page_v1(ctx, ("usageplans", plan_id, "keys"), params, keep=keep, view=_key_view,
                   rows=newest_first(keys))


def delete_usage_plan_key(ctx: Context, params: Params) -> Result:
    plan = usage_plan_or_404(ctx, params["usagePlanId"])
    key = _plan_key_or_404(ctx, plan["id"], params["keyId"])
    ctx.store.delete(("usageplans", plan["id"], "keys", key["id"]))
    ctx.store.delete(("usage", plan["id"], key["id"]))
    return {}


def get_usage(ctx: Context, params: Params) -> Result:
    plan = usage_plan_or_404(ctx, params["usagePlanId"])
    start, end = _date(params["startDate"], "startDate"), _date(params["endDate"], "endDate")
    if end < start:
        raise BadRequest("The end date must not be before the start date")
    if (end - start).days >= MAX_USAGE_DAYS:  # at most 90 days answered
        raise BadRequest(f"The usage date range can't exceed {MAX_USAGE_DAYS} days")
    key_id = params.get("keyId")
    rows = ((c, r) for c, r in ctx.store.scan(("usageplans", plan["id"], "keys"))
            if not key_id or r["id"] == key_id)
    page = page_v1(ctx, ("usageplans", plan["id"], "keys"), params, rows=rows)
    items = {r["id"]: _daily_usage(ctx, plan, r["id"], start, end) for r in page["items"]}
    out: Result = {"usagePlanId": plan["id"], "startDate": params["startDate"], "endDate": params["endDate"],
                   "items": items}
    if page.get("position"):
        out["position"] = page["position"]
    return out


def update_usage(ctx: Context, params: Params) -> Result:
    plan = usage_plan_or_404(ctx, params["usagePlanId"])
    key = _plan_key_or_404(ctx, plan["id"], params["keyId"])
    if "quota" not in plan:
        raise BadRequest(f"Usage plan {plan['id']} does not have a quota")
    today = _today(ctx)
    usage = ctx.store.get(("usage", plan["id"], key["id"])) or {}
    current = _daily_usage(ctx, plan, key["id"], today, today)[0][1]

    def remaining(record: Record, patch: Patch) -> None:
        value = as_int(patch.value, patch)
        period = period_start(today, plan["quota"]["period"], _offset(plan["quota"])).isoformat()
        adjust = dict(record.get("adjust", {}))
        adjust[period] = adjust.get(period, 0) + value - current
        record["adjust"] = adjust

    updated = apply_patch(usage, params.get("patchOperations"), [rule("/remaining", "replace", remaining)])
    ctx.store.put(("usage", plan["id"], key["id"]), updated)
    day = today.isoformat()
    return {"usagePlanId": plan["id"], "startDate": day, "endDate": day,
            "items": {key["id"]: _daily_usage(ctx, plan, key["id"], today, today)}}


# --- lookups ---------------------------------------------------------------------------


def usage_plan_or_404(ctx: Context, plan_id: str) -> Record:
    plan = ctx.store.get(("usageplans", plan_id))
    if plan is None:
        raise NotFound("Invalid Usage Plan ID specified")
    return plan


def _plan_key_or_404(ctx: Context, plan_id: str, key_id: str) -> Record:
    key = ctx.store.get(("apikeys", key_id))
    if key is None or ctx.store.get(("usageplans", plan_id, "keys", key_id)) is None:
        raise NotFound("Invalid API Key identifier specified")
    return key


def _key_view(key: Record) -> Record:
    out = {"id": key["id"], "type": "API_KEY", "value": key["value"]}
    if key.get("name"):
        out["name"] = key["name"]
    return out


# --- validation ------------------------------------------------------------------------


def _api_stage(ctx: Context, stage: dict[str, Any], plan_id: str | None) -> Record:
    api_id, name = stage.get("apiId") or "", stage.get("stage") or ""
    if not (_rest_stage_exists(ctx, api_id, name) or _websocket_stage_exists(ctx, api_id, name)):
        if plan_id is None:
            # CreateUsagePlan: AWS answers a 400 with its format string left unfilled
            # (aws/aws-cdk #6169, aws/aws-sdk #354).
            raise BadRequest(_CREATE_BAD_STAGE)
        raise NotFound(f"Invalid API Stage {{api: {api_id}, stage: {name}}} specified for usageplan {plan_id}")
    out: Record = {"apiId": api_id, "stage": name}
    if stage.get("throttle"):
        out["throttle"] = {path: _throttle(t) for path, t in stage["throttle"].items()}
    return out


def _rest_stage_exists(ctx: Context, api_id: str, name: str) -> bool:
    return (ctx.store.get(("restapis", api_id, "stages", name)) is not None
            and ctx.store.get(("restapis", api_id)) is not None)


def _websocket_stage_exists(ctx: Context, api_id: str, name: str) -> bool:
    """A WebSocket API's stage may be in a usage plan, for its routes' API keys (CDK's
    ``apigatewayv2.UsagePlan.addApiStage`` takes a ``WebSocketStage``); an HTTP API's may not:
    HTTP APIs have no API keys ("HTTP APIs ... don't support ... usage plans and API keys")."""
    api = ctx.store.get(("v2", "apis", api_id))
    return (api is not None and api.get("ProtocolType") == "WEBSOCKET"
            and ctx.store.get(("v2", "apis", api_id, "stages", name)) is not None)


def _throttle(throttle: dict[str, Any]) -> Record:
    """A ThrottleSettings from a request (typed by the model) or from a patch's JSON (anything:
    ``ValueError`` for what Jackson would not read as one: a boolean, a number past int32 or not
    finite, an object that is not a map)."""
    if not isinstance(throttle, dict):
        raise ValueError(throttle)
    out: Record = {}
    if throttle.get("burstLimit") is not None:
        out["burstLimit"] = _int32(throttle["burstLimit"])
    if throttle.get("rateLimit") is not None:
        out["rateLimit"] = _finite(throttle["rateLimit"])
    return out


def _int32(value: Any) -> int:
    number = _finite(value)
    if not -2**31 <= number < 2**31:
        raise ValueError(value)
    return int(number)


def _finite(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(value)
    if isinstance(value, str) and not _NUMBER.fullmatch(value):  # Jackson coerces "5", not " 5" or "1_0"
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _quota(quota: dict[str, Any]) -> Record:
    out = {"limit": quota.get("limit"), "offset": quota.get("offset") or 0, "period": quota.get("period")}
    _check_quota(out)
    return out


def _check_quota(quota: Record) -> None:
    if quota.get("period") not in _PERIODS:
        raise _invalid_period(quota.get("period"))
    if quota.get("limit") is None or quota["limit"] < 0:
        raise BadRequest("Quota limit must be a non-negative integer")
    if quota.get("offset", 0) < 0:
        raise BadRequest("Quota offset must be a non-negative integer")


def _offset(quota: Record) -> int:
    return int(quota.get("offset") or 0)


def _invalid_period(period: Any) -> BadRequest:
    return BadRequest(f"Invalid quota period specified: {period}. Must be one of {list(_PERIODS)}")


def _check_no_shared_stage(ctx: Context, plan: Record, key_id: str) -> None:
    mine = {(s["apiId"], s["stage"]) for s in plan["apiStages"]}
    for other in ctx.store.values(("usageplans",)):
        if other["id"] == plan["id"] or ctx.store.get(("usageplans", other["id"], "keys", key_id)) is None:
            continue
        for stage in other["apiStages"]:
            if (stage["apiId"], stage["stage"]) in mine:
                raise Conflict(f"Usage Plan {plan['id']} cannot be added because API Key {key_id} cannot "
                               f"reference multiple Usage Plans with the same API Stage: "
                               f"{stage['apiId']}:{stage['stage']}")


# --- patch rules ----------------------------------------------------------------------


def _rules(ctx: Context, plan_id: str) -> list[Any]:
    def split(value: str | None) -> tuple[str, str]:
        if not value or ":" not in value:
            raise BadRequest("Invalid API Stage specified")
        api_id, _, stage = value.partition(":")
        return api_id, stage

    def find(record: Record, value: str) -> Record:
        api_id, stage = split(value)
        for s in record["apiStages"]:
            if s["apiId"] == api_id and s["stage"] == stage:
                return s  # type: ignore[no-any-return]
        raise NotFound(f"Invalid API Stage {{api: {api_id}, stage: {stage}}} "
                       f"specified for usageplan {plan_id}")

    def api_stages(record: Record, patch: Patch) -> None:
        value = patch.value
        if patch.op == "remove":
            found = find(record, value)
            record["apiStages"] = [s for s in record["apiStages"] if s is not found]
            return
        api_id, stage = split(value)
        if not any(s["apiId"] == api_id and s["stage"] == stage for s in record["apiStages"]):
            added = _api_stage(ctx, {"apiId": api_id, "stage": stage}, plan_id)
            for key in ctx.store.values(("usageplans", plan_id, "keys")):
                _check_no_shared_stage(ctx, {"id": plan_id, "apiStages": [added]}, key["id"])
            record["apiStages"].append(added)

    def stage_throttle(record: Record, patch: Patch) -> None:
        stage = find(record, patch.captures["stage"])
        if patch.op == "remove" or patch.value in (None, ""):
            stage.pop("throttle", None)
            return
        try:
            parsed = parse_json(patch.value)
            stage["throttle"] = {path: _throttle(t) for path, t in parsed.items()}
        except (ValueError, AttributeError, TypeError):
            raise BadRequest(f"Invalid throttle settings specified: {patch.value}") from None

    def method_throttle(field: str | None) -> Callable[[Record, Patch], None]:
        def apply(record: Record, patch: Patch) -> None:
            stage = find(record, patch.captures["stage"])
            method = f"{patch.captures['path']}/{patch.captures['method']}"
            throttle = stage.setdefault("throttle", {})
            if field is None:
                if method not in throttle:
                    raise NotFound(f"Invalid throttle settings path specified: {patch.path}")
                throttle.pop(method)
            else:
                convert = as_int if field == "burstLimit" else as_float
                throttle.setdefault(method, {})[field] = convert(patch.value, patch)
            if not throttle:
                stage.pop("throttle")
        return apply

    def period(record: Record, patch: Patch) -> None:
        if patch.value not in _PERIODS:
            raise _invalid_period(patch.value)
        record.setdefault("quota", {"offset": 0})["period"] = patch.value

    throttle_base = "/apiStages/{stage}/throttle/{path}/{method}"
    return [
        rule("/name", "replace", set_field("name")),
        rule("/description", "replace", set_field("description")),
        rule("/productCode", "add replace remove", set_field("productCode")),
        rule("/apiStages", "add remove", api_stages),
        rule("/apiStages/{stage}/throttle", "add replace remove", stage_throttle),
        rule(throttle_base, "remove", method_throttle(None)),
        rule(throttle_base + "/rateLimit", "add replace", method_throttle("rateLimit")),
        rule(throttle_base + "/burstLimit", "add replace", method_throttle("burstLimit")),
        rule("/quota", "remove", set_field("quota")),
        rule("/quota/limit", "add replace", set_nested(("quota", "limit"), as_int)),
        rule("/quota/offset", "add replace", set_nested(("quota", "offset"), as_int)),
        rule("/quota/period", "add replace", period),
        rule("/throttle", "remove", set_field("throttle")),
        rule("/throttle/burstLimit", "add replace", set_nested(("throttle", "burstLimit"), as_int)),
        rule("/throttle/rateLimit", "add replace", set_nested(("throttle", "rateLimit"), as_float)),
    ]


# AWS's spelling and order of the paths in its "Must be one of" list (boto3 #2629 quotes the
# list for ``remove``); paths it did not show follow in table order (a guess).
_SHOWN_ORDER = ["/apiStages", "/quota", "/throttle", "/productCode",
                "/apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>",
                "/apiStages/<apidId:stageName>/throttle"]


def _unsupported(op: str, path: str | None, rules: Any) -> Exception:
    shown = [r.path.replace("{stage}", "<apidId:stageName>").replace("{path}", "<resourcePath>")
             .replace("{method}", "<httpMethod>") for r in rules if op in r.ops]
    if not shown:
        return default_unsupported(op, path, rules)
    shown.sort(key=lambda p: _SHOWN_ORDER.index(p) if p in _SHOWN_ORDER else len(_SHOWN_ORDER))
    return BadRequest(f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: [{', '.join(shown)}]")


def _escaped_throttle_path(operation: dict[str, Any]) -> dict[str, Any]:
    """``/apiStages/a:s/throttle//pets/GET/rateLimit`` (the resource path unescaped, as
    terraform-provider-aws sends it) -> ``.../throttle/~1pets/GET/rateLimit``."""
    found = _RAW_THROTTLE_PATH.match(operation.get("path") or "")
    if found is None:
        return operation
    prefix, resource, method, field = found.groups()
    return {**operation, "path": f"{prefix}{escape(resource)}/{method}{field or ''}"}


# --- usage -----------------------------------------------------------------------------


def _today(ctx: Context) -> datetime.date:
    return datetime.datetime.fromtimestamp(ctx.now(), datetime.timezone.utc).date()


def _date(value: str, name: str) -> datetime.date:
    try:
        if not _DATE.fullmatch(value):  # fromisoformat also reads 20200101 and 2020-W01-1
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRequest(f"Invalid {name} specified: {value}. Must be in the format yyyy-MM-dd") from None


def _daily_usage(ctx: Context, plan: Record, key_id: str, start: datetime.date, end: datetime.date,
                 ) -> list[list[int]]:
    usage = ctx.store.get(("usage", plan["id"], key_id)) or {}
    used, adjust = usage.get("used", {}), usage.get("adjust", {})
    quota = plan.get("quota")
    out = []
    for offset in range((end - start).days + 1):  # never a day past ``end`` (9999-12-31 has none)
        day = start + datetime.timedelta(days=offset)
        today_used = int(used.get(day.isoformat(), 0))
        remaining = 0
        if quota:
            first = period_start(day, quota["period"], _offset(quota))
            so_far = sum(int(used.get((first + datetime.timedelta(days=i)).isoformat(), 0))
                         for i in range((day - first).days + 1))
            remaining = max(quota["limit"] - so_far + int(adjust.get(first.isoformat(), 0)), 0)
        out.append([today_used, remaining])
    return out
