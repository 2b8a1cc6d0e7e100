"""v2 deployments: CreateDeployment, GetDeployment, GetDeployments, UpdateDeployment,
DeleteDeployment, and ``auto_deploy`` for stages with ``AutoDeploy``.

No aws-recorded scenario covers v2 deployments; the behaviour follows the AWS CLI
reference examples (create-/update-/get-deployment(s), pinned in
tests/apigatewayv2/test_cli_examples.py) and what users report from real AWS:

* a deployment answers ``DeploymentStatus: DEPLOYED`` and ``AutoDeployed`` at once
  (AWS deploys asynchronously but HTTP API deployments finish within the call);
* an API without routes cannot be deployed: "Unable to deploy API because no routes
  exist in this API" (mach-composer/mach-composer-cli#42); a WebSocket API: "At least
  one route is required before deploying the Api" (aws/serverless-application-model#2512);
* ``StageName`` moves that stage onto the new deployment; an unknown one is a 400
  "Stage <name> does not exist. StageName specified on a CreateDeployment request must
  exist so the stage can be updated with the new deployment." (the words are quoted from
  AWS in a user's CloudFormation template found by code search; the status is a guess);
* an ``AutoDeploy`` stage gets a new deployment (description "Automatic deployment
  triggered by changes to the Api configuration") each time the API's routes,
  integrations, authorizers, or a WebSocket API's integration or route responses change
  (their Create/Update/Delete call ``auto_deploy``), and its ``LastDeploymentStatusMessage``
  reads "Successfully deployed stage with deployment ID '<id>'"; when the API has no route,
  auto deploy does nothing (guess: AWS reports a failed status message);
* deleting a deployment a stage points at is refused with v1's wording "Active stages
  pointing to this deployment must be moved or deleted" (guess for v2);
* the 404s read "Invalid Deployment identifier specified <id>" / "Invalid Stage
  identifier specified <name>" with ``resourceType`` (guess, after the Api wording).
"""

from __future__ import annotations

from collections.abc import Iterable

from gwmock.apigatewayv2.lookups import api_child_or_404, api_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record

AUTO_DEPLOY_DESCRIPTION = "Automatic deployment triggered by changes to the Api configuration"


def auto_deploy(ctx: Context, api_id: str) -> None:
    """Called after any change to an API's routes, integrations, authorizers, integration responses
    route responses or models: every stage with ``AutoDeploy`` gets a new deployment and points at it."""
    stages = ("v2", "apis", api_id, "stages")
    if not ctx.store.count(stages):
        return  # most APIs: no stage, nothing to deploy, nothing else to read
    api = ctx.store.get(("v2", "apis", api_id))
    if api is None or not _has_routes(ctx, api_id):
        return
    for stage in ctx.store.values(stages):
        if stage.get("AutoDeploy"):
            deploy_stage(ctx, api_id, stage)


def deploy_stage(ctx: Context, api_id: str, stage: Record) -> Record:
    """Give ``stage`` (an AutoDeploy stage) a fresh automatic deployment; returns the stage."""
    deployment = _new_deployment(ctx, api_id, AUTO_DEPLOY_DESCRIPTION, auto=True)
    return _point_stage(ctx, api_id, stage, deployment["DeploymentId"])


def create_deployment(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    stage = None
    if params.get("StageName"):
        stage = ctx.store.get(("v2", "apis", api["ApiId"], "stages", params["StageName"]))
        if stage is None:
            raise BadRequest(f"Stage {params['StageName']} does not exist. StageName specified on a "
                             "CreateDeployment request must exist so the stage can be updated with the new "
                             "deployment.")
    if not _has_routes(ctx, api["ApiId"]):
        if api.get("ProtocolType") == "WEBSOCKET":
            raise BadRequest("At least one route is required before deploying the Api")
        raise BadRequest("Unable to deploy API because no routes exist in this API")
    deployment = _new_deployment(ctx, api["ApiId"], params.get("Description"), auto=False)
    if stage is not None:
        _point_stage(ctx, api["ApiId"], stage, deployment["DeploymentId"])
    return deployment


def get_deployment(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return _deployment_or_404(ctx, api["ApiId"], params["DeploymentId"])


def get_deployments(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return page_v2(ctx, ("v2", "apis", api["ApiId"], "deployments"), params)


def update_deployment(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    deployment = _deployment_or_404(ctx, api["ApiId"], params["DeploymentId"])
    updated = dict(deployment)
    if params.get("Description") is not None:
        updated["Description"] = params["Description"]
    ctx.store.put(("v2", "apis", api["ApiId"], "deployments", deployment["DeploymentId"]), updated)
    return updated


def delete_deployment(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    deployment = _deployment_or_404(ctx, api["ApiId"], params["DeploymentId"])
    stages = ctx.store.values(("v2", "apis", api["ApiId"], "stages"))
    if any(s.get("DeploymentId") == deployment["DeploymentId"] for s in stages):
        raise BadRequest("Active stages pointing to this deployment must be moved or deleted")
    ctx.store.delete_tree(("v2", "apis", api["ApiId"], "deployments", deployment["DeploymentId"]))
    return {}


# --- helpers --------------------------------------------------------------------------


def _deployment_or_404(ctx: Context, api_id: str, deployment_id: str) -> Record:
    return api_child_or_404(ctx, api_id, "deployments", deployment_id, "Deployment")


def _has_routes(ctx: Context, api_id: str) -> bool:
    return ctx.store.count(("v2", "apis", api_id, "routes")) > 0


def _new_deployment(ctx: Context, api_id: str, description: str | None, *, auto: bool) -> Record:
    deployment: Record = {
        "DeploymentId": new_id(6),
        "DeploymentStatus": "DEPLOYED",
        "AutoDeployed": auto,
        "CreatedDate": ctx.now(),
    }
    if description is not None:
        deployment["Description"] = description
    key = ("v2", "apis", api_id, "deployments", deployment["DeploymentId"])
    ctx.store.put(key, deployment)
    ctx.store.put(key + ("snapshot",), _snapshot(ctx, api_id))
    return deployment


def _snapshot(ctx: Context, api_id: str) -> Record:
    """What a stage pointing at this deployment serves (gwmock/runtime/http/api.py,
    runtime/websocket/connections.py): the routes, integrations, authorizers, CORS configuration,
    whether the execute-api endpoint is off and a WebSocket API's integration and route responses
    and models (request validation) as they are now, so later edits wait for a deployment ("you must deploy your API for
    the change to take effect, unless automatic deployments are enabled")."""
    base = ("v2", "apis", api_id)
    api = ctx.store.get(base) or {}
    snapshot: Record = {
        "routes": ctx.store.values(base + ("routes",)),
        "integrations": {r["IntegrationId"]: r for r in ctx.store.values(base + ("integrations",))},
        "authorizers": {r["AuthorizerId"]: r for r in ctx.store.values(base + ("authorizers",))},
        "CorsConfiguration": api.get("CorsConfiguration"),
        "DisableExecuteApiEndpoint": bool(api.get("DisableExecuteApiEndpoint")),
    }
    if api.get("ProtocolType") == "WEBSOCKET":
        snapshot["integrationresponses"] = _children(ctx, base + ("integrations",), snapshot["integrations"],
                                                     "integrationresponses")
        snapshot["routeresponses"] = _children(ctx, base + ("routes",),
                                               [r["RouteId"] for r in snapshot["routes"]], "routeresponses")
        snapshot["models"] = {m["Name"]: m.get("Schema") for m in ctx.store.values(base + ("models",))}
    return snapshot


def _children(ctx: Context, parents: tuple[str, ...], ids: Iterable[str], collection: str) -> Record:
    """A WebSocket API's integration or route responses by their parent's id (parents without any
    left out), frozen with the rest: the stage's runtime (``runtime.websocket.connections._Stage``)
    reads them from here, so a changed response template, or a new ``$default`` route response that
    makes a route two-way, waits for a deployment as every other change does (HTTP APIs have neither)."""
    out: Record = {}
    for parent in ids:
        responses = ctx.store.values(parents + (parent, collection))
        if responses:
            out[parent] = responses
    return out


def _point_stage(ctx: Context, api_id: str, stage: Record, deployment_id: str) -> Record:
    updated = {**stage, "DeploymentId": deployment_id, "LastUpdatedDate": ctx.now()}
    if stage.get("AutoDeploy"):
        updated["LastDeploymentStatusMessage"] = f"Successfully deployed stage with deployment ID '{deployment_id}'"
    ctx.store.put(("v2", "apis", api_id, "stages", stage["StageName"]), updated)
    return updated
