"""CreateDeployment, GetDeployment, GetDeployments, UpdateDeployment, DeleteDeployment.

A deployment freezes the API: its record keeps, under the private key ``_snapshot``
(never on the wire), a copy of the API's resources with their methods and
integrations, its authorizers, validators, models and gateway responses at that
moment. The data plane (``gwmock/runtime``) serves a stage from that copy, so later
edits need a new deployment, as on AWS.

Quirks (aws-recorded):
* a deployment is ``{id, createdDate[, description]}``; ``apiSummary`` only with
  ``embed=apisummary`` - test_apigateway_api test_stage_access_log_settings;
* ``stageName`` creates the stage (stageDescription, variables, cacheCluster*,
  tracingEnabled) or points an existing one at the new deployment - test_apigateway_common
  test_create_delete_deployments;
* with ``canarySettings`` the stage must exist and only its canary changes (the whole
  canary is replaced, aimed at the new deployment) - test_apigateway_canary
  test_create_canary_deployment(_with_stage), test_create_canary_deployment_validation;
* a deployment used by a stage cannot be deleted ("Active stages pointing to this
  deployment must be moved or deleted") - test_create_update_deployments;
* UpdateDeployment takes only ``replace /description`` - test_update_rest_api_deployment;
* every method needs an integration: "No integration defined for method" (400, as users
  of Terraform and CloudFormation report it).

An API without any method is refused with 400 "The REST API doesn't contain any methods"
(AWS's answer as quoted in anomalyco/sst #3976).

Guesses: a stage's canary pointing at a deployment also blocks its deletion; on an
existing stage, CreateDeployment applies the stage fields it was given, its ``variables``
merged into the stage's (the merged map within the stage-variable quota).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Any

from gwmock.apigateway import stage_patches, stages
from gwmock.apigateway.lookups import deployment_or_404, rest_api_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import apply_patch, rule, set_field
from gwmock.state.base import Record

SNAPSHOT = "_snapshot"
_SNAPSHOT_COLLECTIONS = {
    "resources": "id",
    "authorizers": "id",
    "requestvalidators": "id",
    "models": "name",
    "gatewayresponses": "responseType",
}
_SNAPSHOT_NAMES = tuple(_SNAPSHOT_COLLECTIONS)
_API_FIELDS = (
    "binaryMediaTypes",
    "apiKeySource",
    "policy",
    "minimumCompressionSize",
    "disableExecuteApiEndpoint",
)
_CANARY_PREFIX = "Invalid deployment content specified."


# A private API is only ever called through its policy (hashicorp/terraform-provider-aws#14290,
# aws/serverless-application-model#3764: CreateDeployment's 400; checked before the resources, a guess)
_PRIVATE_WITHOUT_POLICY = "Private REST API doesn't have a resource policy attached to it"


def create_deployment(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    stage_name = params.get("stageName")
    canary = params.get("canarySettings")
    if canary is None and stage_name:  # ``_target_stage``'s common case written out
        stages.check_stage_name(stage_name)
        old = ctx.store.get(("restapis", api["id"], "stages", stage_name))
        stage = None if old is None else dict(old)  # every change below replaces top-level fields only
    else:
        stage = _target_stage(ctx, api["id"], stage_name, canary) if canary is not None else None
        old = stage
    if params.get("variables"):
        stages.check_variables(params["variables"])
    if "PRIVATE" in ((api.get("endpointConfiguration") or {}).get("types") or ()) and not api.get("policy"):
        raise BadRequest(_PRIVATE_WITHOUT_POLICY)
    snapshot = _snapshot(ctx, api)  # its resources are checked
    now = ctx.now()
    answer: Record = {"id": new_id(6), "createdDate": now}  # the deployment as answered: its record less the snapshot
    if params.get("description") is not None:
        answer["description"] = params["description"]
    deployment = {**answer, SNAPSHOT: snapshot}
    if canary is not None and stage is not None:
        stage = _with_canary(stage, deployment["id"], params["canarySettings"])
    elif stage is not None:
        stage = _redeployed(ctx, stage, deployment["id"], params)
    elif stage_name:
        stage = stages.new_stage(ctx, stage_name, deployment["id"], params, "stageDescription")
    ctx.store.put(("restapis", api["id"], "deployments", deployment["id"]), deployment)
    if stage is not None:
        stage["lastUpdatedDate"] = now
        stages.put_stage(ctx, api, stage, old)
    return answer


def get_deployment(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    deployment = deployment_or_404(ctx, api["id"], params["deploymentId"])
    if "apisummary" in [e.lower() for e in params.get("embed") or ()]:
        return {**deployment, "apiSummary": api_summary(deployment)}
    return deployment


def get_deployments(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    return page_v1(ctx, ("restapis", api["id"], "deployments"), params)


def update_deployment(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    deployment = deployment_or_404(ctx, api["id"], params["deploymentId"])
    updated = apply_patch(deployment, params.get("patchOperations"), _RULES)
    ctx.store.put(("restapis", api["id"], "deployments", deployment["id"]), updated)
    return updated


def delete_deployment(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    deployment = deployment_or_404(ctx, api["id"], params["deploymentId"])
    for stage in ctx.store.values(("restapis", api["id"], "stages")):
        if deployment["id"] in (stage["deploymentId"], stage.get("canarySettings", {}).get("deploymentId")):
            raise BadRequest("Active stages pointing to this deployment must be moved or deleted")
    ctx.store.delete(("restapis", api["id"], "deployments", deployment["id"]))
    return {}


# --- helpers ---------------------------------------------------------------------------


def api_summary(deployment: Record) -> dict[str, dict[str, dict[str, Any]]]:
    """``{resource path: {verb: MethodSnapshot}}`` of the API as deployed."""
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for resource in deployment.get(SNAPSHOT, {}).get("resources", {}).values():
        methods = resource.get("resourceMethods") or {}
        if methods:
            summary[resource["path"]] = {
                verb: {
                    "authorizationType": m.get("authorizationType", "NONE"),
                    "apiKeyRequired": bool(m.get("apiKeyRequired", False)),
                }
                for verb, m in methods.items()
            }
    return summary


def _check_methods(resources: Iterable[Record]) -> None:
    """At least one method, and every method integrated (one pass over the API)."""
    empty = True
    for resource in resources:
        methods = resource.get("resourceMethods")
        if methods:
            empty = False
            for method in methods.values():
                if method.get("methodIntegration") is None:
                    raise BadRequest("No integration defined for method")
    if empty:
        raise BadRequest("The REST API doesn't contain any methods")


def _snapshot(ctx: Context, api: Record) -> dict[str, Any]:
    # Stored records are never changed in place (a write puts a new dict: the backend's
    # contract, which strict mode checks), so the snapshot shares them instead of copying:
    # deploying costs a reference per record, not a deep copy of the API. Deploying an API
    # unchanged since its last deployment (the same API record, no write to any of its
    # collections: the store's stamps) gives that deployment's snapshot itself.
    api_id = api["id"]
    stamps = ctx.store.stamps(("restapis", api_id), _SNAPSHOT_NAMES)
    memo_key = (ctx.account, ctx.region, api_id)
    if stamps[0] is not None:
        last = _SNAPSHOTS.get(memo_key)
        if last is not None and last[0] is api and last[1] == stamps:
            return last[2]
    snapshot = _fresh_snapshot(ctx, api)
    if stamps[0] is not None:
        if len(_SNAPSHOTS) >= _DEPLOYED_MAX:
            _SNAPSHOTS.clear()
        _SNAPSHOTS[memo_key] = (api, stamps, snapshot)
    return snapshot


# The snapshot of the last deployment of recently deployed APIs, with the API record and the
# stamps of the collections it was made from (each entry holds them: they cannot be reused
# meanwhile); emptied when full.
_SNAPSHOTS: dict[tuple[str, str, str], tuple[Record, list[Any], dict[str, Any]]] = {}


def _fresh_snapshot(ctx: Context, api: Record) -> dict[str, Any]:
    snapshot: dict[str, Any] = {"api": {k: api[k] for k in _API_FIELDS if k in api}}
    for collection, key in _SNAPSHOT_COLLECTIONS.items():
        records = ctx.store.values(("restapis", api["id"], collection))
        if collection == "resources":
            snapshot[collection] = _checked_resources(ctx, api["id"], records)
        else:  # most APIs have no authorizers, models or validators of their own: no comprehension then
            snapshot[collection] = {r[key]: r for r in records if key in r} if records else {}
    return snapshot


# The resources of the last deployment of recently deployed APIs, with the records they were
# made from. Records are never changed in place, so the same records (by identity, in the same
# order) make the same snapshot, which passed ``_check_methods``: redeploying an unchanged API
# compares references instead of indexing and checking every resource again. Each entry holds
# its records (their ids cannot be reused meanwhile); the memo is emptied when full.
_DEPLOYED: dict[tuple[str, str, str], tuple[tuple[Record, ...], dict[str, Record]]] = {}
_DEPLOYED_MAX = 256


def _checked_resources(ctx: Context, api_id: str, records: list[Record]) -> dict[str, Record]:
    """``{id: resource}`` of the API's resources, which must all have integrated methods."""
    memo_key = (ctx.account, ctx.region, api_id)
    last = _DEPLOYED.get(memo_key)
    if last is not None and len(last[0]) == len(records) and all(map(operator.is_, last[0], records)):
        return last[1]
    resources = {r["id"]: r for r in records if "id" in r}
    _check_methods(resources.values())
    if len(_DEPLOYED) >= _DEPLOYED_MAX:
        _DEPLOYED.clear()
    _DEPLOYED[memo_key] = (tuple(records), resources)
    return resources


def _target_stage(ctx: Context, api_id: str, stage_name: str | None, canary: Any) -> Record | None:
    if canary is not None:
        if not stage_name:
            shown = "null" if stage_name is None else stage_name
            raise BadRequest(
                f"{_CANARY_PREFIX}Non null and non empty stageName must be provided for canary "
                f"deployment. Provided value is {shown}"
            )
        stage = ctx.store.get(("restapis", api_id, "stages", stage_name))
        if stage is None:
            raise BadRequest(
                f"{_CANARY_PREFIX}Stage {stage_name} must already be created before making a "
                "canary release deployment"
            )
        return dict(stage)  # every change below replaces top-level fields only
    if not stage_name:
        return None
    stages.check_stage_name(stage_name)
    stage = ctx.store.get(("restapis", api_id, "stages", stage_name))
    return dict(stage) if stage is not None else None


def _with_canary(stage: Record, deployment_id: str, settings: dict[str, Any]) -> Record:
    canary: Record = {
        "deploymentId": deployment_id,
        "percentTraffic": stage_patches.check_percent(settings.get("percentTraffic", 0.0)),
        "useStageCache": bool(settings.get("useStageCache", False)),
    }
    if settings.get("stageVariableOverrides"):
        stages.check_variables(settings["stageVariableOverrides"])
        canary["stageVariableOverrides"] = dict(settings["stageVariableOverrides"])
    return {**stage, "canarySettings": canary}


def _redeployed(ctx: Context, stage: Record, deployment_id: str, params: Params) -> Record:
    stage = {**stage, "deploymentId": deployment_id}
    if params.get("stageDescription") is not None:
        stage["description"] = params["stageDescription"]
    if params.get("variables"):
        stage["variables"] = {**stage.get("variables", {}), **params["variables"]}
        stages.check_variables(stage["variables"])  # the merged map: within the quota too
    for field in ("cacheClusterEnabled", "cacheClusterSize", "tracingEnabled"):
        if params.get(field) is not None:
            stage[field] = params[field]
    if stage["cacheClusterEnabled"]:
        stage.setdefault("cacheClusterSize", "0.5")
    stage["cacheClusterStatus"] = "AVAILABLE" if stage["cacheClusterEnabled"] else "NOT_AVAILABLE"
    return stage


_RULES = [rule("/description", "replace", set_field("description"))]
