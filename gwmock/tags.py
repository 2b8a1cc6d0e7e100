"""Tags on any taggable resource, addressed by ARN, written once for both services.

An API Gateway ARN's resource part is the resource's REST path
(``arn:aws:apigateway:eu-west-1::/restapis/abc/stages/dev``), and records are
stored under that same path (v2 records under ``("v2", ...)``), so an ARN leads
straight to its record and tags live in the record itself, where Get* returns them.
"""

from __future__ import annotations

from gwmock.arns import resource_arn, resource_path
from gwmock.context import Context
from gwmock.errors import BadRequest, NotFound
from gwmock.state.base import Key, Record

MAX_TAGS = 50


# Custom domain names are one resource for both services (gwmock/domains.py): their
# records, and so their tags, live under the v1 path whichever client asks.
_SHARED = ("domainnames",)


def key_for_arn(ctx: Context, arn: str) -> Key:
    path = tuple(resource_path(ctx.region, arn, ctx.account).strip("/").split("/"))
    return ("v2",) + path if ctx.service == "apigatewayv2" and path[0] not in _SHARED else path


def _field(key: Key, field: str) -> str:
    """v2 records keep tags in ``Tags``; shared (v1-shaped) records in ``tags``."""
    return "tags" if key[0] in _SHARED else field


def arn_for_key(ctx: Context, key: Key) -> str:
    path = key[1:] if key and key[0] == "v2" else key
    return resource_arn(ctx.region, "/" + "/".join(path))


def tagged_record(ctx: Context, arn: str) -> tuple[Key, Record]:
    key = key_for_arn(ctx, arn)
    record = ctx.store.get(key)
    if record is None:
        if ctx.service == "apigateway":
            raise NotFound(f"Invalid resource identifier specified: {arn}")
        raise NotFound(f"Unable to find resource {arn}", fields={"resourceType": _resource_type(key)})
    return key, record


def _resource_type(key: Key) -> str:
    """v2's NotFoundException names the kind of resource (a guess for tags: from the ARN's path)."""
    kinds = {"apis": "Api", "stages": "Stage", "domainnames": "DomainName", "vpclinks": "VpcLink",
             "portals": "Portal", "portalproducts": "PortalProduct", "routingrules": "RoutingRule"}
    parts = key[1::2] if key and key[0] == "v2" else key[0::2]
    collections = [part for part in parts if part in kinds]
    return kinds[collections[-1]] if collections else "Resource"


def check_tags(tags: dict[str, str] | None) -> dict[str, str]:
    if not tags:
        return {}
    tags = dict(tags)
    if len(tags) > MAX_TAGS:
        raise BadRequest(f"Too many tags: a resource can have at most {MAX_TAGS} tags")
    for key in tags:
        if key.lower().startswith("aws:"):
            raise BadRequest("Tag keys cannot start with the reserved prefix 'aws:'")
    return tags


def add_tags(ctx: Context, arn: str, tags: dict[str, str], field: str) -> None:
    key, record = tagged_record(ctx, arn)
    field = _field(key, field)
    merged = check_tags({**record.get(field, {}), **tags})
    ctx.store.put(key, {**record, field: merged})


def remove_tags(ctx: Context, arn: str, keys: list[str], field: str) -> None:
    key, record = tagged_record(ctx, arn)
    field = _field(key, field)
    remaining = {k: v for k, v in record.get(field, {}).items() if k not in set(keys)}
    ctx.store.put(key, {**record, field: remaining})


def get_tags(ctx: Context, arn: str, field: str) -> dict[str, str]:
    key, record = tagged_record(ctx, arn)
    return dict(record.get(_field(key, field), {}))
