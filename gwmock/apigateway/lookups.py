"""Lookups that answer AWS's 404s, and the layout of v1 records in the store.

Keys (relative to the caller's account and region):

    ("restapis", api)                                  RestApi
    ("restapis", api, "resources", id)                 Resource, with ``resourceMethods``
                                                       holding whole Methods (their
                                                       methodResponses, methodIntegration
                                                       and its integrationResponses)
    ("restapis", api, "deployments", id)               Deployment
    ("restapis", api, "stages", name)                  Stage
    ("restapis", api, "authorizers", id)               Authorizer
    ("restapis", api, "models", name)                  Model (looked up by name)
    ("restapis", api, "requestvalidators", id)         RequestValidator
    ("restapis", api, "gatewayresponses", type)        GatewayResponse (only those put)
    ("restapis", api, "documentationparts", id)        DocumentationPart
    ("restapis", api, "documentationversions", v)      DocumentationVersion
    ("apikeys", id), ("usageplans", id), ("usageplans", id, "keys", keyId),
    ("usage", planId, keyId)                           usage records
    ("domainnames", name), ("domainnames", name, "basepathmappings", basePath)
                                                       custom domain names and their mappings,
                                                       shared with v2 (gwmock/domains.py);
                                                       a private name's key is NAME+ID
    ("clientcertificates", id), ("vpclinks", id), ("account", "settings")

Messages are AWS's (aws-recorded: test_get_api_case_insensitive,
test_update_resource_behaviour, test_method_lifecycle, ...).
"""

from __future__ import annotations

from gwmock.context import Context, Store
from gwmock.errors import NotFound
from gwmock.state.base import Record


def rest_api_or_404(ctx: Context, api_id: str) -> Record:
    api = ctx.store.get(("restapis", api_id))
    if api is None:
        raise NotFound(f"Invalid API identifier specified {ctx.account}:{api_id}")
    return api


def resource_or_404(ctx: Context, api_id: str, resource_id: str) -> Record:
    resource = ctx.store.get(("restapis", api_id, "resources", resource_id))
    if resource is None:
        raise NotFound("Invalid Resource identifier specified")
    return resource


def method_or_404(resource: Record, http_method: str) -> Record:
    method = resource.get("resourceMethods", {}).get(http_method)
    if method is None:
        raise NotFound("Invalid Method identifier specified")
    return method  # type: ignore[no-any-return]


def integration_or_404(method: Record) -> Record:
    integration = method.get("methodIntegration")
    if integration is None:
        raise NotFound("Invalid Integration identifier specified")
    return integration  # type: ignore[no-any-return]


def child_or_404(ctx: Context, api_id: str, collection: str, key: str, message: str) -> Record:
    """A record of one of an API's collections (``"deployments"``, ``"stages"``, ...)."""
    record = ctx.store.get(("restapis", api_id, collection, key))
    if record is None:
        raise NotFound(message)
    return record


def deployment_or_404(ctx: Context, api_id: str, deployment_id: str) -> Record:
    return child_or_404(ctx, api_id, "deployments", deployment_id, "Invalid Deployment identifier specified")


def stage_or_404(ctx: Context, api_id: str, stage_name: str) -> Record:
    return child_or_404(ctx, api_id, "stages", stage_name, "Invalid stage identifier specified")


def authorizer_or_404(ctx: Context, api_id: str, authorizer_id: str) -> Record:
    return child_or_404(ctx, api_id, "authorizers", authorizer_id, "Invalid Authorizer identifier specified")


def model_or_404(ctx: Context, api_id: str, name: str) -> Record:
    return child_or_404(ctx, api_id, "models", name, f"Invalid model name specified: {name}")


def request_validator_or_404(ctx: Context, api_id: str, validator_id: str) -> Record:
    return child_or_404(ctx, api_id, "requestvalidators", validator_id,
                        "Invalid Request Validator identifier specified")


# --- lookups the data plane makes on every request: indexed, not scanned ---------------------


def api_key_by_value(store: Store, value: str) -> Record | None:
    """The API key whose ``value`` is ``value`` (an ``x-api-key`` header): O(log n) through
    the store's order on ``value``, whatever the number of keys in the account."""
    first = store.first(("apikeys",), "value", value)
    return first[1] if first is not None and first[0] == value else None


def _plan_stages(plan: Record) -> list[str]:
    return [f"{s.get('apiId')}/{s.get('stage')}" for s in plan.get("apiStages") or ()]


def usage_plans_of_stage(store: Store, api_id: str, stage: str) -> list[Record]:
    """The usage plans that list ``api_id``'s ``stage`` among their ``apiStages``, oldest
    first: O(found) through the store's index, not a scan of the account's plans."""
    return store.find_by(("usageplans",), _plan_stages, f"{api_id}/{stage}")
