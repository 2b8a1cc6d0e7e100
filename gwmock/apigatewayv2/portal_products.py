"""Portal products, their sharing policy, product pages and product REST endpoint pages:
Create/Get/List/Update/DeletePortalProduct, Put/Get/DeletePortalProductSharingPolicy,
Create/Get/List/Update/DeleteProductPage, Create/Get/List/Update/DeleteProductRestEndpointPage.

Keys follow the REST paths: ``("v2", "portalproducts", id)``, its policy at
``(..., id, "sharingpolicy")``, pages at ``(..., id, "productpages", pageId)`` and
``(..., id, "productrestendpointpages", pageId)``. ARNs carry the account
(``arn:aws:apigateway:REGION:ACCOUNT:/portalproducts/ID/productpages/PAGE``, AWS's
service authorization reference). No aws-recorded scenario covers these; shapes are
botocore's. Guesses: a new product's ``DisplayOrder`` is empty (Contents and
ProductPageArns ``[]``) and ARNs given to it must name pages of the product (400);
deleting a page drops it from the display order; deleting a product drops it from the
portals that include it; ``Tags`` are always answered; a REST endpoint page needs an
existing REST API and stage (400), one page per endpoint (400), ``TryItState``
ENABLED, ``Status`` AVAILABLE at once, and without overrides shows the stage's invoke
URL as ``Endpoint`` and "METHOD PATH" as ``OperationName``; ``RawDisplayContent``
(asked with includeRawDisplayContent=true) is the overrides as JSON; the sharing
policy must be JSON (400); ``ResourceOwner=OTHER_ACCOUNTS`` lists nothing; 404
messages "Invalid <Type> identifier specified <id>" with resourceType.

Refusals (adversarial review), each a 400 with state unchanged (wordings are guesses):
* a sharing policy that is JSON but not a policy: it must be an object with a
  ``Statement`` (IAM's policy grammar; guess for API Gateway's check);
* ``ResourceOwner`` other than SELF or OTHER_ACCOUNTS (the API reference's values);
* a REST endpoint page whose method and path are not in the stage's deployment
  (developer guide, "Portal products": an endpoint is a REST API's path and method
  and the stage it is deployed to), or whose path does not start with ``/``;
Guess: ``ResourceOwnerAccountId`` naming another account finds nothing (404): nothing is
shared with this account in the mock.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from gwmock.apigatewayv2.lookups import not_found
from gwmock.arns import execute_api_host, resource_arn
from gwmock.context import Context, Params, Result
from gwmock.documents import parse_json
from gwmock.errors import BadRequest
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Key, Record
from gwmock.tags import check_tags

PAGES = "productpages"
ENDPOINT_PAGES = "productrestendpointpages"


# --- portal products -------------------------------------------------------------------


def create_portal_product(ctx: Context, params: Params) -> Result:
    tags = check_tags(params.get("Tags"))
    product_id = new_id(10)
    product: Record = {
        "PortalProductId": product_id,
        "PortalProductArn": _arn(ctx, f"/portalproducts/{product_id}"),
        "DisplayName": params["DisplayName"],
        "DisplayOrder": {"Contents": [], "ProductPageArns": []},
        "LastModified": ctx.now(),
        "Tags": tags,
    }
    if params.get("Description") is not None:
        product["Description"] = params["Description"]
    ctx.store.put(_product_key(product_id), product)
    return product


def get_portal_product(ctx: Context, params: Params) -> Result:
    return _product_or_404(ctx, params["PortalProductId"], params.get("ResourceOwnerAccountId"))


def list_portal_products(ctx: Context, params: Params) -> Result:
    if params.get("ResourceOwner") not in (None, "SELF", "OTHER_ACCOUNTS"):
        raise BadRequest(f"Invalid ResourceOwner: {params['ResourceOwner']}. Valid values are SELF, OTHER_ACCOUNTS")
    if params.get("ResourceOwner") == "OTHER_ACCOUNTS":
        return {"Items": []}
    return page_v2(ctx, ("v2", "portalproducts"), params)


def update_portal_product(ctx: Context, params: Params) -> Result:
    product = copy.deepcopy(_product_or_404(ctx, params["PortalProductId"]))
    for field in ("DisplayName", "Description"):
        if params.get(field) is not None:
            product[field] = params[field]
    if params.get("DisplayOrder") is not None:
        product["DisplayOrder"] = _display_order(ctx, product, params["DisplayOrder"])
    product["LastModified"] = ctx.now()
    ctx.store.put(_product_key(product["PortalProductId"]), product)
    return product


def delete_portal_product(ctx: Context, params: Params) -> Result:
    product = _product_or_404(ctx, params["PortalProductId"])
    for portal in ctx.store.values(("v2", "portals")):
        included = portal.get("IncludedPortalProductArns", [])
        if product["PortalProductArn"] in included:
            kept = [a for a in included if a != product["PortalProductArn"]]
            ctx.store.put(("v2", "portals", portal["PortalId"]), {**portal, "IncludedPortalProductArns": kept})
    ctx.store.delete_tree(_product_key(product["PortalProductId"]))
    return {}


# --- sharing policy -------------------------------------------------------------------


def put_portal_product_sharing_policy(ctx: Context, params: Params) -> Result:
    product = _product_or_404(ctx, params["PortalProductId"])
    try:
        document = parse_json(params["PolicyDocument"])
    except ValueError:
        raise BadRequest("Invalid policy document: it must be valid JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("Statement"), (dict, list)):
        raise BadRequest("Invalid policy document: it must be a JSON object with a Statement")
    ctx.store.put(_product_key(product["PortalProductId"]) + ("sharingpolicy",),
                  {"PortalProductId": product["PortalProductId"], "PolicyDocument": params["PolicyDocument"]})
    return {}


def get_portal_product_sharing_policy(ctx: Context, params: Params) -> Result:
    return _policy_or_404(ctx, params["PortalProductId"])[1]


def delete_portal_product_sharing_policy(ctx: Context, params: Params) -> Result:
    ctx.store.delete(_policy_or_404(ctx, params["PortalProductId"])[0])
    return {}


# --- product pages --------------------------------------------------------------------


def create_product_page(ctx: Context, params: Params) -> Result:
    product = _product_or_404(ctx, params["PortalProductId"])
    page_id = new_id(10)
    page = {
        "ProductPageId": page_id,
        "ProductPageArn": f"{product['PortalProductArn']}/{PAGES}/{page_id}",
        "DisplayContent": dict(params["DisplayContent"]),
        "LastModified": ctx.now(),
    }
    ctx.store.put(_product_key(product["PortalProductId"]) + (PAGES, page_id), page)
    return page


def get_product_page(ctx: Context, params: Params) -> Result:
    _product_or_404(ctx, params["PortalProductId"], params.get("ResourceOwnerAccountId"))
    return _page_or_404(ctx, params["PortalProductId"], PAGES, params["ProductPageId"])[1]


def list_product_pages(ctx: Context, params: Params) -> Result:
    product = _product_or_404(ctx, params["PortalProductId"], params.get("ResourceOwnerAccountId"))
    return page_v2(ctx, _product_key(product["PortalProductId"]) + (PAGES,), params, view=_page_summary)


def update_product_page(ctx: Context, params: Params) -> Result:
    key, page = _page_or_404(ctx, params["PortalProductId"], PAGES, params["ProductPageId"])
    updated = {**page, "LastModified": ctx.now()}
    if params.get("DisplayContent") is not None:
        updated["DisplayContent"] = dict(params["DisplayContent"])
    ctx.store.put(key, updated)
    return updated


def delete_product_page(ctx: Context, params: Params) -> Result:
    key, page = _page_or_404(ctx, params["PortalProductId"], PAGES, params["ProductPageId"])
    _forget_in_display_order(ctx, params["PortalProductId"], page["ProductPageArn"])
    ctx.store.delete(key)
    return {}


# --- product REST endpoint pages ------------------------------------------------------


def create_product_rest_endpoint_page(ctx: Context, params: Params) -> Result:
    product = _product_or_404(ctx, params["PortalProductId"])
    identifier = _rest_endpoint(ctx, params["RestEndpointIdentifier"])
    collection = _product_key(product["PortalProductId"]) + (ENDPOINT_PAGES,)
    if any(p["RestEndpointIdentifier"] == identifier for p in ctx.store.values(collection)):
        raise BadRequest("A product REST endpoint page already exists for this REST endpoint")
    page_id = new_id(10)
    page: Record = {
        "ProductRestEndpointPageId": page_id,
        "ProductRestEndpointPageArn": f"{product['PortalProductArn']}/{ENDPOINT_PAGES}/{page_id}",
        "RestEndpointIdentifier": identifier,
        "TryItState": params.get("TryItState") or "ENABLED",
        "Status": "AVAILABLE",
        "LastModified": ctx.now(),
    }
    _set_display_content(ctx, page, params.get("DisplayContent"))
    ctx.store.put(collection + (page_id,), page)
    return _endpoint_view(page)


def get_product_rest_endpoint_page(ctx: Context, params: Params) -> Result:
    _product_or_404(ctx, params["PortalProductId"], params.get("ResourceOwnerAccountId"))
    page = _page_or_404(ctx, params["PortalProductId"], ENDPOINT_PAGES, params["ProductRestEndpointPageId"])[1]
    out = _endpoint_view(page)
    if str(params.get("IncludeRawDisplayContent", "")).lower() == "true":
        out["RawDisplayContent"] = json.dumps(page.get("Overrides", {}))
    return out


def list_product_rest_endpoint_pages(ctx: Context, params: Params) -> Result:
    product = _product_or_404(ctx, params["PortalProductId"], params.get("ResourceOwnerAccountId"))
    return page_v2(ctx, _product_key(product["PortalProductId"]) + (ENDPOINT_PAGES,), params,
                   view=_endpoint_summary)


def update_product_rest_endpoint_page(ctx: Context, params: Params) -> Result:
    key, page = _page_or_404(ctx, params["PortalProductId"], ENDPOINT_PAGES, params["ProductRestEndpointPageId"])
    updated = copy.deepcopy(page)
    if params.get("TryItState") is not None:
        updated["TryItState"] = params["TryItState"]
    if params.get("DisplayContent") is not None:
        _set_display_content(ctx, updated, params["DisplayContent"])
    updated["LastModified"] = ctx.now()
    ctx.store.put(key, updated)
    return _endpoint_view(updated)


def delete_product_rest_endpoint_page(ctx: Context, params: Params) -> Result:
    key, page = _page_or_404(ctx, params["PortalProductId"], ENDPOINT_PAGES, params["ProductRestEndpointPageId"])
    _forget_in_display_order(ctx, params["PortalProductId"], page["ProductRestEndpointPageArn"])
    ctx.store.delete(key)
    return {}


# --- helpers --------------------------------------------------------------------------


def _arn(ctx: Context, path: str) -> str:
    return resource_arn(ctx.region, path, ctx.account)


def _product_key(product_id: str) -> Key:
    return ("v2", "portalproducts", product_id)


def _product_or_404(ctx: Context, product_id: str, owner: str | None = None) -> Record:
    product = ctx.store.get(_product_key(product_id)) if owner in (None, "", ctx.account) else None
    if product is None:
        raise not_found("PortalProduct", f"Invalid PortalProduct identifier specified {product_id}")
    return product


def _policy_or_404(ctx: Context, product_id: str) -> tuple[Key, Record]:
    _product_or_404(ctx, product_id)
    key = _product_key(product_id) + ("sharingpolicy",)
    policy = ctx.store.get(key)
    if policy is None:
        raise not_found("PortalProductSharingPolicy",
                        f"Invalid PortalProductSharingPolicy identifier specified {product_id}")
    return key, policy


def _page_or_404(ctx: Context, product_id: str, collection: str, page_id: str) -> tuple[Key, Record]:
    _product_or_404(ctx, product_id)
    key = _product_key(product_id) + (collection, page_id)
    page = ctx.store.get(key)
    if page is None:
        kind = "ProductPage" if collection == PAGES else "ProductRestEndpointPage"
        raise not_found(kind, f"Invalid {kind} identifier specified {page_id}")
    return key, page


def _page_summary(page: Record) -> Record:
    return {"LastModified": page["LastModified"], "PageTitle": page["DisplayContent"]["Title"],
            "ProductPageArn": page["ProductPageArn"], "ProductPageId": page["ProductPageId"]}


def _endpoint_view(page: Record) -> Record:
    return {k: v for k, v in page.items() if k != "Overrides"}


def _endpoint_summary(page: Record) -> Record:
    out = {k: v for k, v in page.items() if k not in ("Overrides", "DisplayContent")}
    out.update({k: v for k, v in page["DisplayContent"].items() if k in ("Endpoint", "OperationName")})
    return out


def _rest_endpoint(ctx: Context, identifier: dict[str, Any]) -> dict[str, Any]:
    parts = identifier.get("IdentifierParts")
    if not parts:
        raise BadRequest("RestEndpointIdentifier must specify IdentifierParts")
    if ctx.store.get(("restapis", parts["RestApiId"])) is None:
        raise BadRequest(f"Invalid REST API identifier specified {parts['RestApiId']}")
    stage = ctx.store.get(("restapis", parts["RestApiId"], "stages", parts["Stage"]))
    if stage is None:
        raise BadRequest(f"Invalid stage identifier specified {parts['Stage']}")
    if not _deployed(ctx, parts["RestApiId"], stage, parts["Path"], parts["Method"]):
        raise BadRequest(f"Invalid REST endpoint specified: {parts['Method']} {parts['Path']} is not deployed to "
                         f"stage {parts['Stage']}")
    return {"IdentifierParts": dict(parts)}


def _deployed(ctx: Context, api_id: str, stage: Record, path: str, method: str) -> bool:
    """Whether the stage's deployment has the method at the path (the deployment's frozen resources)."""
    deployment = ctx.store.get(("restapis", api_id, "deployments", stage.get("deploymentId", "")))
    resources = ((deployment or {}).get("_snapshot") or {}).get("resources") or {}
    return any(r.get("path") == path and method in (r.get("resourceMethods") or {}) for r in resources.values())


def _set_display_content(ctx: Context, page: Record, content: dict[str, Any] | None) -> None:
    parts = page["RestEndpointIdentifier"]["IdentifierParts"]
    defaults = {
        "Endpoint": (f"https://{execute_api_host(parts['RestApiId'], ctx.region)}/{parts['Stage']}"
                     f"{parts['Path']}"),
        "OperationName": f"{parts['Method']} {parts['Path']}",
    }
    overrides = dict((content or {}).get("Overrides") or {})
    if content and content.get("Overrides") is not None and content.get("None") is not None:
        raise BadRequest("DisplayContent must specify exactly one of None or Overrides")
    page["Overrides"] = overrides
    page["DisplayContent"] = {**defaults, **overrides}


def _display_order(ctx: Context, product: Record, order: dict[str, Any]) -> dict[str, Any]:
    key = _product_key(product["PortalProductId"])
    pages = {p["ProductPageArn"] for p in ctx.store.values(key + (PAGES,))}
    endpoints = {p["ProductRestEndpointPageArn"] for p in ctx.store.values(key + (ENDPOINT_PAGES,))}
    wanted_pages = list(order.get("ProductPageArns") or [])
    if order.get("OverviewPageArn"):
        wanted_pages.append(order["OverviewPageArn"])
    wanted_endpoints = [a for s in order.get("Contents") or [] for a in s["ProductRestEndpointPageArns"]]
    for arn in wanted_pages:
        if arn not in pages:
            raise BadRequest(f"Invalid product page ARN specified: {arn}")
    for arn in wanted_endpoints:
        if arn not in endpoints:
            raise BadRequest(f"Invalid product REST endpoint page ARN specified: {arn}")
    out: dict[str, Any] = {"Contents": copy.deepcopy(order.get("Contents") or []),
                           "ProductPageArns": list(order.get("ProductPageArns") or [])}
    if order.get("OverviewPageArn"):
        out["OverviewPageArn"] = order["OverviewPageArn"]
    return out


def _forget_in_display_order(ctx: Context, product_id: str, arn: str) -> None:
    product = _product_or_404(ctx, product_id)
    order = copy.deepcopy(product["DisplayOrder"])
    order["ProductPageArns"] = [a for a in order.get("ProductPageArns", []) if a != arn]
    for section in order.get("Contents", []):
        section["ProductRestEndpointPageArns"] = [a for a in section["ProductRestEndpointPageArns"] if a != arn]
    if order.get("OverviewPageArn") == arn:
        del order["OverviewPageArn"]
    if order != product["DisplayOrder"]:
        ctx.store.put(_product_key(product_id), {**product, "DisplayOrder": order})
