"""Tags on any taggable resource, addressed by ARN, written once for both services.

An API Gateway ARN's resource part is the resource's REST path
(``arn:aws:apigateway:eu-west-1::/restapis/abc/stages/dev``), and records are
stored under that same path (v2 records under ``("v2", ...)``), so an ARN leads
straight to its record and tags live in the record itself, where Get* returns them.

Behaviours and evidence:

* only the resources AWS lists as taggable take tags ("API Gateway resources that can be
  tagged"): v1 RestApi, Stage, ApiKey, UsagePlan, DomainName, DomainNameAccessAssociation,
  ClientCertificate, VpcLink; v2 Api, Stage, DomainName, VpcLink (and portals, portal
  products). Any other path (a resource, a method, a model, a deployment, a trailing or
  doubled ``/``) names nothing taggable: the same 404 as a resource that does not exist;
* a domain name or access association is found only by its own ARN (a private domain's
  carries the account, a public one's does not);
* at most 50 tags, keys of 1 to 128 characters, values of at most 256 (AWS's tagging rules;
  its character set, letters, digits, spaces and ``_ . : / = + - @``, is not enforced: other
  tests, such as tests/adversarial/test_export_attacks.py, keep any text in a value); keys
  starting ``aws:`` (any case) are refused on create, tag and untag ("can't edit or delete tag keys with this prefix"),
  and the ``aws:`` tags CloudFormation puts on a stack's resources stay, do not count
  towards the 50 and do not stop a caller's TagResource. The refusal's wording is AWS's as users
  quote it (serverless/serverless#9223 for REST APIs, aws/aws-cdk#23738 for a v2 domain name).

Guesses: the wording of the 404 for a path that takes no tags, of the length refusals and
of the refused untag of an ``aws:`` key.
"""

from __future__ import annotations

from gwmock.arns import resource_arn, resource_path
from gwmock.context import Context
from gwmock.errors import BadRequest, NotFound
from gwmock.state.base import Key, Record

MAX_TAGS = 50
MAX_KEY = 128
MAX_VALUE = 256
RESERVED = "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)"

# The collections, in path order, of each resource a service's TagResource takes.
_TAGGABLE: dict[str, frozenset[tuple[str, ...]]] = {
    "apigateway": frozenset({("restapis",), ("restapis", "stages"), ("apikeys",), ("usageplans",),
                             ("domainnames",), ("clientcertificates",), ("vpclinks",)}),
    "apigatewayv2": frozenset({("apis",), ("apis", "stages"), ("domainnames",), ("vpclinks",),
                               ("portals",), ("portalproducts",)}),
}
_ASSOCIATIONS = "/domainnameaccessassociations/"
# Records that know their own ARN: only that ARN names them.
_OWN_ARN = {"domainnames": "domainNameArn", "domainnameaccessassociations": "domainNameAccessAssociationArn"}


# Custom domain names are one resource for both services (gwmock/domains.py): their
# records, and so their tags, live under the v1 path whichever client asks.
_SHARED = ("domainnames",)


def key_for_arn(ctx: Context, arn: str) -> Key | None:
    """The record key ``arn`` names, or None when it names nothing that takes tags."""
    path = resource_path(ctx.region, arn, ctx.account)
    if ctx.service == "apigateway" and path.startswith(_ASSOCIATIONS) and len(path) > len(_ASSOCIATIONS):
        return ("domainnameaccessassociations", path[len(_ASSOCIATIONS):])
    parts = tuple(path[1:].split("/"))
    if len(parts) % 2 or "" in parts or parts[0::2] not in _TAGGABLE.get(ctx.service, ()):
        return None
    return ("v2",) + parts if ctx.service == "apigatewayv2" and parts[0] not in _SHARED else parts


def _field(key: Key, field: str) -> str:
    """v2 records keep tags in ``Tags``; shared (v1-shaped) records in ``tags``."""
    return "tags" if key[0] in _SHARED or key[0] == "domainnameaccessassociations" else field


def arn_for_key(ctx: Context, key: Key) -> str:
    path = key[1:] if key and key[0] == "v2" else key
    return resource_arn(ctx.region, "/" + "/".join(path))


def tagged_record(ctx: Context, arn: str) -> tuple[Key, Record]:
    key = key_for_arn(ctx, arn)
    record = ctx.store.get(key) if key is not None else None
    own = _OWN_ARN.get(key[0]) if key is not None else None
    if record is None or (own is not None and record.get(own, arn) != arn):
        if ctx.service == "apigateway":
            raise NotFound(f"Invalid resource identifier specified: {arn}")
        kind = _resource_type(key) if key is not None else "Resource"
        raise NotFound(f"Unable to find resource {arn}", fields={"resourceType": kind})
    assert key is not None
    return key, record


def _resource_type(key: Key) -> str:
    """v2's NotFoundException names the kind of resource (a guess for tags: from the ARN's path)."""
    kinds = {"apis": "Api", "stages": "Stage", "domainnames": "DomainName", "vpclinks": "VpcLink",
             "portals": "Portal", "portalproducts": "PortalProduct", "routingrules": "RoutingRule"}
    parts = key[1::2] if key and key[0] == "v2" else key[0::2]
    collections = [part for part in parts if part in kinds]
    return kinds[collections[-1]] if collections else "Resource"


def _reserved(key: str) -> bool:
    return key[:4].lower() == "aws:"


def _check_new(tags: dict[str, str]) -> None:
    """The caller's own tags: AWS's limits on each key and value."""
    if len(tags) > MAX_TAGS:
        raise BadRequest(f"Too many tags: a resource can have at most {MAX_TAGS} tags")
    for key, value in tags.items():
        if _reserved(key):
            raise BadRequest(RESERVED)
        if not 0 < len(key) <= MAX_KEY:
            raise BadRequest(f"Invalid tag key: keys must be 1 to {MAX_KEY} characters long")
        if not isinstance(value, str) or len(value) > MAX_VALUE:
            raise BadRequest(f"Invalid tag value: values must be at most {MAX_VALUE} characters long")


def _check_count(tags: dict[str, str]) -> None:
    """The 50-tag limit, which AWS's own ``aws:`` tags do not count towards."""
    if sum(1 for key in tags if not _reserved(key)) > MAX_TAGS:
        raise BadRequest(f"Too many tags: a resource can have at most {MAX_TAGS} tags")


def check_tags(tags: dict[str, str] | None) -> dict[str, str]:
    """Tags given on create: checked, copied."""
    if not tags:
        return {}
    tags = dict(tags)
    _check_new(tags)
    return tags


def add_tags(ctx: Context, arn: str, tags: dict[str, str], field: str) -> None:
    key, record = tagged_record(ctx, arn)
    field = _field(key, field)
    _check_new(tags)
    merged = {**record.get(field, {}), **tags}
    _check_count(merged)
    ctx.store.put(key, {**record, field: merged})


def remove_tags(ctx: Context, arn: str, keys: list[str], field: str) -> None:
    key, record = tagged_record(ctx, arn)
    field = _field(key, field)
    if any(_reserved(k) for k in keys):
        raise BadRequest(RESERVED)
    unwanted = set(keys)
    remaining = {k: v for k, v in record.get(field, {}).items() if k not in unwanted}
    ctx.store.put(key, {**record, field: remaining})


def get_tags(ctx: Context, arn: str, field: str) -> dict[str, str]:
    key, record = tagged_record(ctx, arn)
    return dict(record.get(_field(key, field), {}))
