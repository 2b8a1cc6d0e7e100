"""CreateVpcLink, GetVpcLink, GetVpcLinks, UpdateVpcLink, DeleteVpcLink.

Quirks (aws-recorded, test_apigateway_api):
* CreateVpcLink answers 202 with ``status: PENDING`` and no ``statusMessage``; the
  first read after it already finds ``AVAILABLE`` / "Your vpc link is ready for use"
  (AWS takes minutes; a mock has no reason to make tests wait), so the record is stored
  AVAILABLE and only the create answer says PENDING - test_vpc_link_lifecycle;
* ``tags`` are returned by Get/Update (``{}`` when none), not by GetVpcLinks items nor by
  create unless set - test_vpc_link_lifecycle;
* an ARN that is not an ARN is "Invalid ARN. ARN is not well formed <arn>", an empty
  name "Name cannot be empty"; an unknown id is a 404 "Invalid Vpc Link identifier
  specified" - test_create_vpc_link_invalid_parameters, test_get_vpc_link_invalid_id,
  test_update_vpc_link_invalid_id, test_delete_vpc_link_invalid_id.

A well-formed ARN that is not a Network Load Balancer's
(``arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/net/...``) is accepted by
CreateVpcLink, and the link then fails: ``status: FAILED``, ``statusMessage: "NLB ARN is
malformed"`` (what Terraform's waiter reports for an ALB: hashicorp/terraform-provider-aws
#30910, #45230); as with success, the first read already sees the outcome.

More than one target is refused: "More than one target arn specified for vpc link."
(hashicorp/terraform-provider-aws #2512 quotes it). DeleteVpcLink refuses a link that a
deployed stage's integration uses, naming each use: "Cannot delete vpc link. Vpc link '<id>',
is referenced in [<api>:<method>:<resource>:<stage>, ...] in format of
[RESTApiId:Method:Resource:Stage]." (klothoplatform/klotho #202; the older form without the
API id in hashicorp/terraform #18392); a ``connectionId`` of ``${stageVariables.x}`` counts
for the stages whose variable ``x`` names the link.

Guesses: an empty target list is a 400 "Target ARNs cannot be empty"; the patch table (seed 003)
lists only ``/name``, ``/description`` is accepted too; an empty description is dropped; an
integration not yet deployed does not hold a link (AWS's message names stages only); an ARN
longer than 2,048 characters is not well formed.
"""

from __future__ import annotations

import re

from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, NotFound
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import Patch, apply_patch, rule, set_field
from gwmock.state.base import Record
from gwmock.tags import check_tags

READY = "Your vpc link is ready for use"
NOT_NLB = "NLB ARN is malformed"
_ARN = re.compile(r"^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$")
_ARN_MAX = 2048
_STAGE_VARIABLE = re.compile(r"^\$\{stageVariables\.([A-Za-z0-9_]+)\}$")
_NLB = re.compile(r"^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer/net/[^/]+/[^/]+$")


def create_vpc_link(ctx: Context, params: Params) -> Result:
    _check_name(params["name"])
    targets = list(params["targetArns"])
    if not targets:
        raise BadRequest("Target ARNs cannot be empty")
    if len(targets) > 1:
        raise BadRequest("More than one target arn specified for vpc link.")
    for arn in targets:
        if len(arn) > _ARN_MAX or not _ARN.fullmatch(arn):
            raise BadRequest(f"Invalid ARN. ARN is not well formed {arn}")
    tags = check_tags(params.get("tags"))
    # Another well-formed ARN (an ALB's, say) is accepted and the link then fails
    # asynchronously: "FAILED: NLB ARN is malformed" (hashicorp/terraform-provider-aws #30910, #45230).
    usable = all(_NLB.match(arn) for arn in targets)
    link: Record = {"id": new_id(6), "name": params["name"], "targetArns": targets,
                    "status": "AVAILABLE" if usable else "FAILED",
                    "statusMessage": READY if usable else NOT_NLB}
    if params.get("description"):
        link["description"] = params["description"]
    if tags:
        link["tags"] = tags
    ctx.store.put(("vpclinks", link["id"]), link)
    pending = {k: v for k, v in link.items() if k != "statusMessage"}
    return {**pending, "status": "PENDING"}


def get_vpc_link(ctx: Context, params: Params) -> Result:
    link = _vpc_link_or_404(ctx, params["vpcLinkId"])
    return {**link, "tags": link.get("tags", {})}


def get_vpc_links(ctx: Context, params: Params) -> Result:
    return page_v1(ctx, ("vpclinks",), params,
                   view=lambda v: {k: x for k, x in v.items() if k != "tags" or x})


def update_vpc_link(ctx: Context, params: Params) -> Result:
    link = _vpc_link_or_404(ctx, params["vpcLinkId"])
    updated = apply_patch(link, params.get("patchOperations"), _RULES)
    if not updated.get("description"):
        updated.pop("description", None)
    ctx.store.put(("vpclinks", link["id"]), updated)
    return {**updated, "tags": updated.get("tags", {})}


def delete_vpc_link(ctx: Context, params: Params) -> Result:
    link = _vpc_link_or_404(ctx, params["vpcLinkId"])
    uses = _deployed_uses(ctx, link["id"])
    if uses:
        raise BadRequest(f"Cannot delete vpc link. Vpc link '{link['id']}', is referenced in [{', '.join(uses)}] "
                         "in format of [RESTApiId:Method:Resource:Stage].")
    ctx.store.delete(("vpclinks", link["id"]))
    return {}


def _deployed_uses(ctx: Context, link_id: str) -> list[str]:
    """``api:METHOD:resource:stage`` of each deployed integration through the link."""
    uses = []
    for api in ctx.store.values(("restapis",)):
        for stage in ctx.store.values(("restapis", api["id"], "stages")):
            deployment = ctx.store.get(("restapis", api["id"], "deployments", stage.get("deploymentId", "")))
            resources = ((deployment or {}).get("_snapshot") or {}).get("resources") or {}
            uses += [f"{api['id']}:{method}:{resource_id}:{stage['stageName']}"
                     for resource_id, resource in resources.items()
                     for method, record in (resource.get("resourceMethods") or {}).items()
                     if _link_of(record.get("methodIntegration") or {}, stage) == link_id]
    return uses


def _link_of(integration: Record, stage: Record) -> str | None:
    if integration.get("connectionType") != "VPC_LINK":
        return None
    connection = str(integration.get("connectionId") or "")
    variable = _STAGE_VARIABLE.match(connection)
    return (stage.get("variables") or {}).get(variable.group(1)) if variable else connection


def _vpc_link_or_404(ctx: Context, link_id: str) -> Record:
    link = ctx.store.get(("vpclinks", link_id))
    if link is None:
        raise NotFound("Invalid Vpc Link identifier specified")
    return link


def _check_name(name: str | None) -> None:
    if not name:
        raise BadRequest("Name cannot be empty")


def _set_name(record: Record, patch: Patch) -> None:
    _check_name(patch.value)
    record["name"] = patch.value


_RULES = [
    rule("/name", "replace", _set_name),
    rule("/description", "replace", set_field("description")),
]
