"""CreatePortal, GetPortal, ListPortals, UpdatePortal, DeletePortal, DisablePortal,
PublishPortal, PreviewPortal.

Portals live at ``("v2", "portals", id)``. Their ARNs carry the account, unlike other
API Gateway ARNs: ``arn:aws:apigateway:REGION:ACCOUNT:/portals/ID`` (AWS's service
authorization reference). No aws-recorded scenario covers portals; the shapes and
members are botocore's, the behaviour AWS's developer guide:
* a new portal's ``PublishStatus`` is DISABLED; its default domain is
  ``p-<id>.apigw-portal.<region>.on.aws`` (developer guide, "Create a portal").
Guesses: work AWS does asynchronously finishes at once, so PublishPortal moves the
status straight to PUBLISHED (never PUBLISH_IN_PROGRESS) and PreviewPortal to
PREVIEW_READY; DisablePortal of a portal that is not published is a 409;
``PortalDomainHostedZoneId`` is CloudFront's Z2FDTNDATAQYW2; ``DomainName`` is the
custom domain, or the default one; ``Tags`` are always answered; a ``LogoUri`` sets
``PortalContent.Theme.LogoLastUploaded``; included product ARNs of this account must
name existing portal products (400 otherwise); the preview URL's form; 404 messages
("Invalid Portal identifier specified <id>", resourceType Portal), also for
DeletePortal, whose model lists no 404.

Refusals (adversarial review), each a 400 with state unchanged:
* DeletePortal of a portal that is not DISABLED (developer guide, "Delete a portal": "you
  must disable it first"; the model lists no ConflictException for DeletePortal, so
  BadRequest; the wording is a guess);
* an included product ARN of another Region (developer guide, "API Gateway portals":
  portals and portal products are Regional) or not of a portal product's form (guess);
  other accounts' products are accepted unseen (they come through AWS RAM);
* an ``AcmManaged`` certificate that is not an ACM certificate ARN in us-east-1
  ("Create a portal": the certificate must be in ACM in US East (N. Virginia)) or a
  domain that is not a host name (guess), and a Cognito ``UserPoolArn`` that is not a
  user pool ARN (guess). Wordings are guesses.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from gwmock.apigatewayv2.lookups import not_found
from gwmock.arns import resource_arn
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record
from gwmock.tags import check_tags

CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"
# Bounded by the model's lengths (2,048 and 256); every pattern is linear.
_CERTIFICATE = re.compile(r"arn:(aws[a-z-]*):acm:([a-z0-9-]+):[^:/]*:certificate/[A-Za-z0-9-]+")
_USER_POOL = re.compile(r"arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:[^:/]*:userpool/[\w-]+")
_HOST = re.compile(r"(?=.{1,253}\Z)((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z]{2,63}")
_PRODUCT = re.compile(r"arn:aws[a-z-]*:apigateway:([a-z0-9-]+):([0-9]*):/portalproducts/([a-z0-9]+)")


def portal_or_404(ctx: Context, portal_id: str) -> Record:
    portal = ctx.store.get(("v2", "portals", portal_id))
    if portal is None:
        raise not_found("Portal", f"Invalid Portal identifier specified {portal_id}")
    return portal


def create_portal(ctx: Context, params: Params) -> Result:
    tags = check_tags(params.get("Tags"))
    portal_id = new_id(10)
    portal: Record = {
        "PortalId": portal_id,
        "PortalArn": resource_arn(ctx.region, f"/portals/{portal_id}", ctx.account),
        "PublishStatus": "DISABLED",
        "Tags": tags,
    }
    _apply(ctx, portal, params)
    ctx.store.put(("v2", "portals", portal_id), portal)
    return portal


def get_portal(ctx: Context, params: Params) -> Result:
    return portal_or_404(ctx, params["PortalId"])


def list_portals(ctx: Context, params: Params) -> Result:
    return page_v2(ctx, ("v2", "portals"), params)


def update_portal(ctx: Context, params: Params) -> Result:
    portal = copy.deepcopy(portal_or_404(ctx, params["PortalId"]))
    _apply(ctx, portal, params)
    ctx.store.put(("v2", "portals", portal["PortalId"]), portal)
    return portal


def delete_portal(ctx: Context, params: Params) -> Result:
    portal = portal_or_404(ctx, params["PortalId"])
    if portal["PublishStatus"] != "DISABLED":
        raise BadRequest(f"Portal {portal['PortalId']} must be disabled before it can be deleted")
    ctx.store.delete(("v2", "portals", portal["PortalId"]))
    return {}


def publish_portal(ctx: Context, params: Params) -> Result:
    portal = portal_or_404(ctx, params["PortalId"])
    now = ctx.now()
    updated = {**portal, "PublishStatus": "PUBLISHED", "LastPublished": now, "LastModified": now}
    updated.pop("StatusException", None)
    if params.get("Description") is not None:
        updated["LastPublishedDescription"] = params["Description"]
    else:
        updated.pop("LastPublishedDescription", None)
    ctx.store.put(("v2", "portals", portal["PortalId"]), updated)
    return {}


def disable_portal(ctx: Context, params: Params) -> Result:
    portal = portal_or_404(ctx, params["PortalId"])
    if portal["PublishStatus"] == "DISABLED":
        raise Conflict(f"Portal {portal['PortalId']} is not published")
    ctx.store.put(("v2", "portals", portal["PortalId"]),
                  {**portal, "PublishStatus": "DISABLED", "LastModified": ctx.now()})
    return {}


def preview_portal(ctx: Context, params: Params) -> Result:
    portal = portal_or_404(ctx, params["PortalId"])
    preview = {"PreviewStatus": "PREVIEW_READY",
               "PreviewUrl": f"https://p-{portal['PortalId']}-preview.apigw-portal.{ctx.region}.on.aws"}
    ctx.store.put(("v2", "portals", portal["PortalId"]), {**portal, "Preview": preview})
    return {}


# --- helpers --------------------------------------------------------------------------


def _apply(ctx: Context, portal: Record, params: Params) -> None:
    """Set the members a Create/UpdatePortal request gives (Update leaves the others)."""
    now = ctx.now()
    if params.get("Authorization") is not None:
        portal["Authorization"] = _authorization(params["Authorization"])
    if params.get("EndpointConfiguration") is not None:
        portal["EndpointConfiguration"] = _endpoint(ctx, portal["PortalId"], params["EndpointConfiguration"])
    if params.get("IncludedPortalProductArns") is not None:
        portal["IncludedPortalProductArns"] = _product_arns(ctx, params["IncludedPortalProductArns"])
    portal.setdefault("IncludedPortalProductArns", [])
    if params.get("PortalContent") is not None:
        old_theme = portal.get("PortalContent", {}).get("Theme", {})
        content = copy.deepcopy(params["PortalContent"])
        if old_theme.get("LogoLastUploaded") is not None:
            content["Theme"].setdefault("LogoLastUploaded", old_theme["LogoLastUploaded"])
        portal["PortalContent"] = content
    if params.get("LogoUri"):
        portal["PortalContent"]["Theme"]["LogoLastUploaded"] = now
    if params.get("RumAppMonitorName") is not None:
        portal["RumAppMonitorName"] = params["RumAppMonitorName"]
    portal["LastModified"] = now


def _authorization(value: dict[str, Any]) -> dict[str, Any]:
    if len([k for k in ("CognitoConfig", "None") if value.get(k) is not None]) != 1:
        raise BadRequest("Authorization must specify exactly one of CognitoConfig or None")
    cognito = value.get("CognitoConfig")
    if cognito is not None and not _USER_POOL.fullmatch(cognito["UserPoolArn"]):
        raise BadRequest(f"Invalid user pool ARN specified: {cognito['UserPoolArn']}")
    return copy.deepcopy(value)


def _endpoint(ctx: Context, portal_id: str, value: dict[str, Any]) -> dict[str, Any]:
    if len([k for k in ("AcmManaged", "None") if value.get(k) is not None]) != 1:
        raise BadRequest("EndpointConfiguration must specify exactly one of AcmManaged or None")
    default = f"p-{portal_id}.apigw-portal.{ctx.region}.on.aws"
    out = {"PortalDefaultDomainName": default, "PortalDomainHostedZoneId": CLOUDFRONT_ZONE, "DomainName": default}
    if value.get("AcmManaged") is not None:
        _check_custom_domain(value["AcmManaged"])
        out.update(CertificateArn=value["AcmManaged"]["CertificateArn"], DomainName=value["AcmManaged"]["DomainName"])
    return out


def _check_custom_domain(acm: dict[str, Any]) -> None:
    """CloudFront serves a portal's custom domain, so its certificate lives in us-east-1."""
    found = _CERTIFICATE.fullmatch(acm["CertificateArn"])
    if found is None or (found.group(1) == "aws" and found.group(2) != "us-east-1"):
        raise BadRequest(f"Invalid certificate ARN specified: {acm['CertificateArn']}")
    if not _HOST.fullmatch(acm["DomainName"]):
        raise BadRequest(f"Invalid domain name specified: {acm['DomainName']}")


def _product_arns(ctx: Context, arns: list[str]) -> list[str]:
    for arn in arns:
        found = _PRODUCT.fullmatch(arn)
        if found is None or found.group(1) != ctx.region or (
                found.group(2) == ctx.account and ctx.store.get(("v2", "portalproducts", found.group(3))) is None):
            raise BadRequest(f"Invalid portal product ARN specified: {arn}")
    return list(dict.fromkeys(arns))
