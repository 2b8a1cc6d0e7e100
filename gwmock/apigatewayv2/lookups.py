"""Lookups that answer AWS's 404s, and the layout of v2 records in the store.

Keys (relative to the caller's account and region):

    ("v2", "apis", api)                                      Api
    ("v2", "apis", api, "routes", id)                        Route
    ("v2", "apis", api, "routes", id, "routeresponses", id)  RouteResponse
    ("v2", "apis", api, "integrations", id)                  Integration
    ("v2", "apis", api, "integrations", id, "integrationresponses", id)
    ("v2", "apis", api, "authorizers", id)                   Authorizer
    ("v2", "apis", api, "models", id)                        Model
    ("v2", "apis", api, "stages", name)                      Stage
    ("v2", "apis", api, "deployments", id)                   Deployment
    ("domainnames", name)                                    DomainName: v1's record, shared
    ("domainnames", name, "basepathmappings", basePath)      ApiMapping (key "" = "(none)"),
                                                             see gwmock/domains.py
    ("v2", "domainnames", name)                              the domain's v2 tag holder
    ("v2", "domainnames", name, "routingrules", id)          RoutingRule
    ("v2", "vpclinks", id)
    ("v2", "portals", id), ("v2", "portalproducts", id, ...)

v2's NotFoundException carries a ``resourceType`` besides its message.
"""

from __future__ import annotations

from gwmock.context import Context
from gwmock.errors import NotFound
from gwmock.state.base import Record


def not_found(resource_type: str, message: str) -> NotFound:
    return NotFound(message, fields={"resourceType": resource_type})


def api_or_404(ctx: Context, api_id: str) -> Record:
    api = ctx.store.get(("v2", "apis", api_id))
    if api is None:
        # As v1 words it; CloudFormation reports quote v2 the same way (aws-sam-cli#7030).
        raise not_found("Api", f"Invalid API identifier specified {ctx.account}:{api_id}")
    return api


def api_child_or_404(ctx: Context, api_id: str, collection: str, child_id: str, resource_type: str) -> Record:
    record = ctx.store.get(("v2", "apis", api_id, collection, child_id))
    if record is None:
        raise not_found(resource_type, f"Invalid {resource_type} identifier specified {child_id}")
    return record
