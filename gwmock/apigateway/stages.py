"""CreateStage, GetStage, GetStages, UpdateStage, DeleteStage, FlushStageCache (empties the
stage's response cache, ``gwmock.runtime.rest.cache``),
FlushStageAuthorizersCache (forgets the Lambda authorizer answers the stage's calls cached).

Quirks (aws-recorded):
* a stage always carries ``cacheClusterEnabled: false``, ``cacheClusterStatus:
  NOT_AVAILABLE``, ``tracingEnabled: false``, ``methodSettings: {}`` and both dates -
  test_apigateway_common test_create_update_stages, test_apigateway_api
  test_get_stages_filters_by_deployment_id;
* GetStages filters on ``deploymentId`` and is not paged (``item``) - same scenario;
* UpdateStage words an unknown path "Invalid method setting path: <path>. Must be one
  of: [...]" with AWS's own (oddly punctuated) list, and a ``remove`` on any
  two-segment path it does not know as a method-setting removal ("Cannot remove method
  setting a/b because there is no method setting for this method ", trailing space
  included) - test_create_update_stages, test_update_stage_remove_wildcard,
  test_stage_access_log_settings_validation, test_update_stage_canary_deployment_validation;
* ``/accessLogSettings`` paths: only ``destinationArn`` and ``format`` may be set, never
  to "", and either may be set without the other - test_stage_access_log_settings(_validation)
  (the destination alone, then a format; the format alone is a guess by symmetry);
* method settings are keyed ``<resourcePath>/<httpMethod>`` with the path still
  ~1-escaped (``*/*``, ``~1pets/GET``); a new one starts from the ``*/*`` settings
  when those exist, else from AWS's defaults - test_create_update_stages;
* canary: ``/canarySettings/percentTraffic`` on a stage without a canary creates one
  aimed at the stage's own deployment; ``/canarySettings/deploymentId`` must name an
  existing deployment ("Deployment id does not exist") and refuses ``add`` -
  test_apigateway_canary test_create_canary_deployment_by_stage_update,
  test_update_stage_canary_deployment_validation;
* promotion (``copy`` /canarySettings/deploymentId -> /deploymentId,
  /canarySettings/stageVariableOverrides -> /variables) merges the overrides into the
  variables and keeps the canary; it needs a canary - test_update_stage_with_copy_ops.
  A copy promotes the canary as the operations before it in the request left it (JSON Patch's
  order, so "promote, then ``remove /canarySettings``" works in one request); a copy met before
  any canary exists waits for the end of the request, when a later ``replace
  /canarySettings/percentTraffic`` may have made one (a guess: AWS's order is not recorded, and
  gwmock's test of that recording sends the copies first).

The API's ``disableExecuteApiEndpoint`` reaches its stages as AWS documents it: "Disabling the
default endpoint affects all stages of the API. This setting takes effect when you update any
setting on any stage, such as updating the deployment on the stage" ("Disable the default
endpoint for REST APIs"). Each stage keeps the setting as last applied (``ENDPOINT_DISABLED``,
a hidden field the data plane reads); every stage write (CreateStage, UpdateStage, a
CreateDeployment naming a stage) applies the API's current one to all of them (``put_stage``).

DeleteStage also removes the stage from every usage plan that names it (Terraform users
see a recreated stage drop out of its plans: hashicorp/terraform-provider-aws #14100), and
refuses a stage a base path mapping names (400, see ``gwmock/domains.py``).

UpdateStage's access log settings and logging levels get AWS's checks (``logging_settings``, shared
with v2, has their evidence): a ``/accessLogSettings/format`` must be one line naming
``$context.requestId`` or ``$context.extendedRequestId``, a ``/accessLogSettings/destinationArn`` a log
group or an ``amazon-apigateway-`` Firehose stream; a request that sets a log group destination (or a
format while the stage logs to one) or a ``logging/loglevel`` of ``ERROR`` or ``INFO`` needs the
account's CloudWatch role once the test has written the account's settings.

Stage-variable and stage-name checks use AWS's wording as users report it
("Invalid stage variable name: x.  Please use names with only word characters.",
"Stage name only allows a-zA-Z0-9_"; hyphens are accepted, as the API reference says; a null
value is worded ``null``, as awsdocs/amazon-api-gateway-developer-guide #91 quotes it). They apply
to a canary's ``stageVariableOverrides`` too, however set, and to AWS's quotas ("Quotas for
configuring and running a REST API"): 100 variables per stage, names of at most 64 characters,
values of at most 2,048 (the wording of these three refusals is a guess). Names and values are
matched to their end (``\\Z``: ``$`` would let a final line break through).

The cache: enabled without a size it is 0.5 GB (DianaIonita/serverless-api-gateway-caching #61);
a size without ``cacheClusterEnabled`` is kept and the status stays NOT_AVAILABLE
(hashicorp/terraform-provider-aws #22866, #22841); an enabled cache is AVAILABLE at once (AWS
passes through CREATE_IN_PROGRESS for minutes; as for VPC links, a mock has no reason to wait).

Guesses: "Invalid add operation with path: <path>" for every replace-only path
(recorded only for ``add /canarySettings/deploymentId``); canary
``percentTraffic`` limited to 0..100 and its wording; CreateStage's unknown deployment
answers "Deployment id does not exist" (as users report); ``/variables/{name}`` may
also be removed; the wording for bad log levels, cache sizes and cache strategies.
"""

from __future__ import annotations

import re
from typing import Any

from gwmock import domains, stage_variables
from gwmock.apigateway import stage_patches as patches
from gwmock.apigateway.logging_settings import (
    check_logging_role,
    is_log_group,
)
from gwmock.apigateway.lookups import rest_api_or_404, stage_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.patch import (
    apply_patch,
)
from gwmock.state.base import Record
from gwmock.tags import check_tags

_STAGE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}\Z")  # \Z: ``$`` would also take a final line break







def create_stage(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    name = params["stageName"]
    check_stage_name(name)
    if _deployment(ctx, api["id"], params["deploymentId"]) is None:
        raise BadRequest(patches.NO_DEPLOYMENT)
    if ctx.store.get(("restapis", api["id"], "stages", name)) is not None:
        raise Conflict("Stage already exists")
    check_variables(params.get("variables"))
    tags = check_tags(params.get("tags"))
    canary = None
    if params.get("canarySettings") is not None:
        canary = _canary(ctx, api["id"], params["canarySettings"], params["deploymentId"])
    stage = new_stage(ctx, name, params["deploymentId"], params)
    for field in ("documentationVersion",):
        if params.get(field) is not None:
            stage[field] = params[field]
    if canary is not None:
        stage["canarySettings"] = canary
    if tags:
        stage["tags"] = tags
    put_stage(ctx, api, stage)
    return stage


def get_stage(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    return stage_or_404(ctx, api["id"], params["stageName"])


def get_stages(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    wanted = params.get("deploymentId")
    stages = ctx.store.values(("restapis", api["id"], "stages"))
    return {"item": [s for s in stages if not wanted or s["deploymentId"] == wanted]}


def delete_stage(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    stage = stage_or_404(ctx, api["id"], params["stageName"])
    mapped = domains.domains_mapping(ctx, api["id"], stage["stageName"])
    if mapped:
        raise BadRequest(f"Deleting stage {stage['stageName']} failed. Please remove all base path mappings "
                         f"related to the stage in your domains: {', '.join(mapped)}")
    ctx.store.delete(("restapis", api["id"], "stages", stage["stageName"]))
    leave_usage_plans(ctx, api["id"], stage["stageName"])
    return {}


def flush_stage_cache(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    stage = stage_or_404(ctx, api["id"], params["stageName"])
    from gwmock.runtime.caches import flush_responses  # noqa: PLC0415 - the data plane's, loaded on use

    flush_responses(ctx.store.backend, api["id"], stage["stageName"])  # the next calls reach the integrations
    return {}


def flush_stage_authorizers_cache(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    stage = stage_or_404(ctx, api["id"], params["stageName"])
    from gwmock.runtime.caches import flush_authorizers  # noqa: PLC0415 - the data plane's, loaded on use

    flush_authorizers(ctx.store.backend, api["id"], stage["stageName"])  # the next call asks the authorizer again
    return {}


def update_stage(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    stage = stage_or_404(ctx, api["id"], params["stageName"])
    operations = params.get("patchOperations") or []
    for operation in operations:
        if isinstance(operation, dict) and operation.get("op") == "copy":
            patches.check_copy(operation)
    api_id = api["id"]
    # the deployments are looked up as named (one lookup each), never listed: an API may hold thousands
    working = {**stage, patches.KNOWN: lambda deployment_id: _deployment(ctx, api_id, deployment_id) is not None}
    updated = apply_patch(working, operations, patches.RULES, patches.unsupported)
    for path in updated.pop(patches.WAITING, ()):
        patches.promote(updated, path)
    updated.pop(patches.KNOWN)
    _check_logging_role(ctx, updated)
    check_variables(updated.get("variables"))
    if not updated.get("variables"):
        updated.pop("variables", None)
    check_variables((updated.get("canarySettings") or {}).get("stageVariableOverrides"))
    if updated["cacheClusterEnabled"]:
        updated.setdefault("cacheClusterSize", "0.5")
    updated["cacheClusterStatus"] = "AVAILABLE" if updated["cacheClusterEnabled"] else "NOT_AVAILABLE"
    updated["lastUpdatedDate"] = ctx.now()
    put_stage(ctx, api, updated, stage)
    return updated


# --- shared with deployments.py ------------------------------------------------------


ENDPOINT_DISABLED = "_endpointDisabled"  # the API's disableExecuteApiEndpoint as applied to a stage


def put_stage(ctx: Context, api: Record, stage: Record, old: Record | None = None) -> None:
    """Write ``stage`` (``old``: its record before the change, None for a new stage): an update of
    any stage applies the API's ``disableExecuteApiEndpoint`` to every stage of the API."""
    disabled = bool(api.get("disableExecuteApiEndpoint"))
    if disabled:
        stage[ENDPOINT_DISABLED] = True
    else:
        stage.pop(ENDPOINT_DISABLED, None)
    if (old is None or bool(old.get(ENDPOINT_DISABLED)) != disabled) and _others_differ(ctx, api, stage, disabled):
        for other in ctx.store.values(("restapis", api["id"], "stages")):
            if other["stageName"] != stage["stageName"] and bool(other.get(ENDPOINT_DISABLED)) != disabled:
                changed = {k: v for k, v in other.items() if k != ENDPOINT_DISABLED}
                if disabled:
                    changed[ENDPOINT_DISABLED] = True
                ctx.store.put(("restapis", api["id"], "stages", other["stageName"]), changed)
    ctx.store.put(("restapis", api["id"], "stages", stage["stageName"]), stage)


def _others_differ(ctx: Context, api: Record, stage: Record, disabled: bool) -> bool:
    """Whether the API's other stages hold another setting than ``disabled``. Every stage write
    gives them all the API's setting, so they agree with one another and one of them answers:
    a new stage costs one look, not a walk over every stage (which made N stages cost N^2)."""
    for _, other in ctx.store.scan(("restapis", api["id"], "stages")):
        if other["stageName"] != stage["stageName"]:
            return bool(other.get(ENDPOINT_DISABLED)) != disabled
    return False


def new_stage(
    ctx: Context,
    name: str,
    deployment_id: str,
    params: Params,
    description_key: str = "description",
) -> Record:
    """A stage record with AWS's defaults, from CreateStage's or CreateDeployment's params."""
    now = ctx.now()
    enabled = bool(params.get("cacheClusterEnabled", False))
    stage: Record = {
        "stageName": name,
        "deploymentId": deployment_id,
        "cacheClusterEnabled": enabled,
        "cacheClusterStatus": "AVAILABLE" if enabled else "NOT_AVAILABLE",
        "methodSettings": {},
        "tracingEnabled": bool(params.get("tracingEnabled", False)),
        "createdDate": now,
        "lastUpdatedDate": now,
    }
    if params.get(description_key) is not None:
        stage["description"] = params[description_key]
    if params.get("cacheClusterSize") is not None or enabled:
        stage["cacheClusterSize"] = params.get("cacheClusterSize") or "0.5"
    if params.get("variables"):
        stage["variables"] = dict(params["variables"])
    return stage


def leave_usage_plans(ctx: Context, api_id: str, stage_name: str | None = None) -> None:
    """Drop a deleted stage (or every stage of a deleted API) from the usage plans naming it."""

    def gone(entry: dict[str, Any]) -> bool:
        return bool(entry["apiId"] == api_id and (stage_name is None or entry["stage"] == stage_name))

    for plan in ctx.store.values(("usageplans",)):
        if any(gone(entry) for entry in plan["apiStages"]):
            kept = [entry for entry in plan["apiStages"] if not gone(entry)]
            ctx.store.put(("usageplans", plan["id"]), {**plan, "apiStages": kept})


def check_stage_name(name: str) -> None:
    if not _STAGE_NAME.match(name):
        raise BadRequest("Stage name only allows a-zA-Z0-9_")


def check_variables(variables: dict[str, str] | None) -> None:
    """AWS's rules for a REST stage's variables (and a canary's overrides of them)."""
    stage_variables.check(variables, stage_variables.REST)


def _check_logging_role(ctx: Context, updated: Record) -> None:
    """The account's CloudWatch role, when the request turned on execution logging or access logging
    that reaches a log group (a format set for a stage already logging to one counts)."""
    turned_on = updated.pop(patches.LOGGING, None)
    to_group = turned_on == "access" and is_log_group((updated.get("accessLogSettings") or {}).get("destinationArn"))
    if turned_on == "level" or to_group:
        check_logging_role(ctx)


def _deployment(ctx: Context, api_id: str, deployment_id: str) -> Record | None:
    return ctx.store.get(("restapis", api_id, "deployments", deployment_id))


def _canary(ctx: Context, api_id: str, settings: dict[str, Any], stage_deployment: str) -> Record:
    deployment_id = settings.get("deploymentId") or stage_deployment
    if _deployment(ctx, api_id, deployment_id) is None:
        raise BadRequest(patches.NO_DEPLOYMENT)
    canary: Record = {
        "deploymentId": deployment_id,
        "percentTraffic": patches.check_percent(settings.get("percentTraffic", 0.0)),
        "useStageCache": bool(settings.get("useStageCache", False)),
    }
    if settings.get("stageVariableOverrides"):
        check_variables(settings["stageVariableOverrides"])
        canary["stageVariableOverrides"] = dict(settings["stageVariableOverrides"])
    return canary
