"""CreateDomainName, GetDomainName, GetDomainNames, UpdateDomainName, DeleteDomainName,
CreateDomainNameAccessAssociation, GetDomainNameAccessAssociations,
DeleteDomainNameAccessAssociation, RejectDomainNameAccessAssociation.

Domain names are one resource with v2's (``gwmock/domains.py``: storage, v2 views,
tags kept in step with the v2 tag holder): a REGIONAL public name created here is
answered by apigatewayv2 and one created there is answered here; deleting here
deletes the v2 side (tag holder, routing rules) and all mappings too.

Layout: a public domain name lives at ``("domainnames", name)``; a PRIVATE one at
``("domainnames", name + "+" + domainNameId)``, the path its ARN names (``domains.domain_key``; a
public name holding a ``+`` gets another after it, so no name lands on a private domain's key)
(``arn:aws:apigateway:REGION:ACCOUNT:/domainnames/NAME+ID``), so that a private and a
public domain name may share a name and every call tells them apart by the
``domainNameId`` query parameter. Access associations live at
``("domainnameaccessassociations", "domainname/NAME+ID/vpcesource/VPCE")``, the tail of
their ARN.

Behaviour (AWS documentation; no aws-recorded scenario covers domain names):
* EDGE names get a CloudFront ``distributionDomainName`` and the region-agnostic
  ``distributionHostedZoneId`` Z2FDTNDATAQYW2; REGIONAL names get
  ``d-<id>.execute-api.<region>.amazonaws.com`` and the region's execute-api hosted
  zone (AWS's published table; other regions fall back to us-east-1's, a guess);
* ``domainNameStatus`` AVAILABLE, ``securityPolicy`` TLS_1_2 and ``routingMode``
  BASE_PATH_MAPPING_ONLY by default; ``tags`` only when set (as RestApi does);
* the 404 is "Invalid domain name identifier specified" (AWS, widely quoted), the
  duplicate "The domain name you provided already exists." (409).
* a PRIVATE name keeps the ``certificateArn`` it was created with (its
  ``certificateUploadDate`` too, a guess): terraform-provider-aws domain_name_test.go
  TestAccAPIGatewayDomainName_private and base_path_mapping_test.go
  TestAccAPIGatewayBasePathMapping_private import a PRIVATE name created with
  ``certificate_arn`` and verify it against AWS's GetDomainName.
* names are stored in lower case (CloudFormation's AWS::ApiGateway::DomainName: "The domain must be
  lower case"; a name created in upper case is then a 404 in that case, aws/aws-cdk#8428), and a name
  must be an ASCII host name of RFC 1035's sizes ("Custom domain names for HTTP APIs": 63 octets a
  label, 255 in all), a ``*`` only as its whole first label (``host_name``; shared with v2).
Guesses: certificates are not required or checked (tests create bare names); an
empty name answers "No Domain Name specified", another name that is no host name (an IP address,
URL delimiters, an empty label as in a trailing dot, non-ASCII letters) "Invalid domain name
specified" (``+`` and control characters are let through: a public name may hold a ``+``);
more than one endpoint type on create is refused; public names also get a ``domainNameArn``
(``arn:...:REGION::/domainnames/NAME``); UpdateDomainName also accepts ``replace /endpointConfiguration/types/{type}``
(``{type}`` the current type or its index ``0``, which terraform-provider-aws sends: domain_name.go)
besides the documented add/remove migration, plus /policy, /routingMode (one of the model's
``RoutingMode`` values, v1's names, so the v2 name ``ROUTING_RULE_THEN_API_MAPPING`` is refused as
CreateDomainName's enum check refuses it; wording ours) and
/endpointAccessMode; access-association errors are worded by us. The patch table's caveats of
the migration are kept (see ``_CERTIFICATE_CAVEATS``: no add and remove of endpoint types or
certificates in one request, an edge certificate only while the name is or becomes
edge-optimized, ...), in the table's own words (the wording is a guess).
``mutualTlsAuthentication.truststoreWarnings`` is filled when the domain is created with a truststore or a
``/mutualTlsAuthentication/*`` patch changes it (``gwmock/domains.py``); no patch path sets it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from gwmock import domains
from gwmock.arns import dns_suffix, resource_arn
from gwmock.context import Context, Params, Result
from gwmock.domains import domain_key, is_named
from gwmock.errors import BadRequest, Conflict, NotFound
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import (
    Patch,
    Rule,
    apply_patch,
    default_unsupported,
    list_position,
    one_of,
    rule,
    set_field,
    set_nested,
)
from gwmock.state.base import Key, Record
from gwmock.tags import check_tags

# --- lookups shared with base_path_mappings -------------------------------------------


def domain_name_or_404(ctx: Context, name: str, domain_name_id: str | None = None) -> tuple[Key, Record]:
    return domains.v1_domain_or_404(ctx, name, domain_name_id)


# What no host name holds (URL delimiters, blanks) and a name made of them would break: a ``/`` would
# make the ARN's path name another record (tags find records by it). ``+`` stays: a public name may
# hold one (``domains.domain_key``).
_NOT_IN_HOST_NAMES = frozenset(" \t\r\n/\\?#@:%[]\"<>`{}|^")
INVALID_NAME = "Invalid domain name specified"
_MAX_NAME, _MAX_LABEL = 255, 63


def host_name(name: str) -> str:
    """``name`` as a custom domain is stored and served: in lower case, as DNS compares names and
    AWS's data plane can only reach a lower-case name. Refused (400, wording a guess): what is not an
    ASCII host name of RFC 1035's sizes (labels of 1-63 octets, 255 in all, so no leading, trailing
    or double dot), a ``*`` other than a whole first label, and an IP address."""
    if not name.isascii():  # before lower(): no non-ASCII letter folds into an ASCII name here
        raise BadRequest(INVALID_NAME)
    name = name.lower()
    labels = name.split(".")
    if (len(name) > _MAX_NAME or any(not label or len(label) > _MAX_LABEL for label in labels)
            or not _NOT_IN_HOST_NAMES.isdisjoint(name) or "*" in name[1:]
            or (name.startswith("*") and (labels[0] != "*" or len(labels) < 2)) or _is_ip(name)):
        raise BadRequest(INVALID_NAME)
    return name


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


# --- domain names ---------------------------------------------------------------------


def create_domain_name(ctx: Context, params: Params) -> Result:
    name = params.get("domainName") or ""
    if not name.strip():
        raise BadRequest("No Domain Name specified")
    name = host_name(name)
    types = _endpoint_types(params.get("endpointConfiguration"))
    tags = check_tags(params.get("tags"))
    private = types == ["PRIVATE"]
    domain_name_id = new_id(10) if private else None
    key = domain_key(name, domain_name_id)
    if not private and ctx.store.get(key) is not None:
        raise Conflict("The domain name you provided already exists.")
    config = params.get("endpointConfiguration") or {}
    record: Record = {
        "domainName": name,
        "endpointConfiguration": {
            "types": types,
            "ipAddressType": config.get("ipAddressType") or ("dualstack" if private else "ipv4"),
        },
        "domainNameStatus": "AVAILABLE",
        "securityPolicy": params.get("securityPolicy") or "TLS_1_2",
        "routingMode": params.get("routingMode") or "BASE_PATH_MAPPING_ONLY",
    }
    if config.get("vpcEndpointIds"):
        record["endpointConfiguration"]["vpcEndpointIds"] = list(config["vpcEndpointIds"])
    if private:
        record["domainNameId"] = domain_name_id
        record["domainNameArn"] = _private_arn(ctx, name, domain_name_id)
    else:
        record["domainNameArn"] = resource_arn(ctx.region, f"/domainnames/{name}")
    for field in ("certificateName", "certificateArn", "regionalCertificateName", "regionalCertificateArn",
                  "ownershipVerificationCertificateArn", "policy", "endpointAccessMode"):
        if params.get(field):
            record[field] = params[field]
    if params.get("certificateArn") or params.get("certificateBody"):
        record["certificateUploadDate"] = ctx.now()
    mtls = domains.with_truststore_warnings(ctx, _mutual_tls(params.get("mutualTlsAuthentication") or {}))
    if mtls:
        record["mutualTlsAuthentication"] = mtls
    if tags:
        record["tags"] = tags
    _derive_endpoints(ctx, record)
    domains.put_domain(ctx, key, record)
    return record


def get_domain_name(ctx: Context, params: Params) -> Result:
    return domain_name_or_404(ctx, params["domainName"], params.get("domainNameId"))[1]


def get_domain_names(ctx: Context, params: Params) -> Result:
    if params.get("resourceOwner") == "OTHER_ACCOUNTS":
        return {"items": []}  # nothing is ever shared with a fake account
    return page_v1(ctx, ("domainnames",), params)


def update_domain_name(ctx: Context, params: Params) -> Result:
    key, record = domain_name_or_404(ctx, params["domainName"], params.get("domainNameId"))
    operations = params.get("patchOperations") or []
    _check_migration_mix(operations)
    updated = apply_patch(record, operations, _RULES, _unsupported)
    _check_certificate_ops(operations, record["endpointConfiguration"]["types"],
                           updated["endpointConfiguration"]["types"])
    if not updated["endpointConfiguration"]["types"]:
        raise BadRequest("REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.")
    if any(str(o.get("path", "")).startswith("/mutualTlsAuthentication/") for o in operations if isinstance(o, dict)):
        _reread_truststore(ctx, updated)
    _derive_endpoints(ctx, updated)
    domains.put_domain(ctx, key, updated)
    return updated


def delete_domain_name(ctx: Context, params: Params) -> Result:
    key, record = domain_name_or_404(ctx, params["domainName"], params.get("domainNameId"))
    for association in ctx.store.values(("domainnameaccessassociations",)):
        if association["domainNameArn"] == record["domainNameArn"]:
            ctx.store.delete(("domainnameaccessassociations", _association_id(association)))
    domains.delete_domain(ctx, key)
    return {}


# --- access associations (private domain names) -----------------------------------------


def create_domain_name_access_association(ctx: Context, params: Params) -> Result:
    domain = _private_domain_by_arn(ctx, params["domainNameArn"])
    source = params["accessAssociationSource"]
    tags = check_tags(params.get("tags"))
    assoc_id = f"domainname/{domain['domainName']}+{domain['domainNameId']}/vpcesource/{source}"
    if ctx.store.get(("domainnameaccessassociations", assoc_id)) is not None:
        raise Conflict("A domain name access association already exists for this domain name and source")
    record: Record = {
        "domainNameAccessAssociationArn": resource_arn(ctx.region, f"/domainnameaccessassociations/{assoc_id}",
                                                       ctx.account),
        "domainNameArn": domain["domainNameArn"],
        "accessAssociationSourceType": params["accessAssociationSourceType"],
        "accessAssociationSource": source,
    }
    if tags:
        record["tags"] = tags
    ctx.store.put(("domainnameaccessassociations", assoc_id), record)
    return record


def get_domain_name_access_associations(ctx: Context, params: Params) -> Result:
    if params.get("resourceOwner") == "OTHER_ACCOUNTS":
        return {"items": []}
    return page_v1(ctx, ("domainnameaccessassociations",), params)


def delete_domain_name_access_association(ctx: Context, params: Params) -> Result:
    key = _association_or_404(ctx, params["domainNameAccessAssociationArn"])[0]
    ctx.store.delete(key)
    return {}


def reject_domain_name_access_association(ctx: Context, params: Params) -> Result:
    key, record = _association_or_404(ctx, params["domainNameAccessAssociationArn"])
    if record["domainNameArn"] != params["domainNameArn"]:
        raise NotFound("Invalid domain name access association identifier specified")
    ctx.store.delete(key)
    return {}


# --- helpers --------------------------------------------------------------------------


def _private_arn(ctx: Context, name: str, domain_name_id: str | None) -> str:
    return resource_arn(ctx.region, f"/domainnames/{name}+{domain_name_id}", ctx.account)


def _endpoint_types(config: dict[str, Any] | None) -> list[str]:
    types = list((config or {}).get("types") or ["EDGE"])
    if len(types) > 1:
        raise BadRequest("Cannot create a domain name with multiple Endpoint Types.")
    return types


def _mutual_tls(value: dict[str, Any]) -> dict[str, Any]:
    out = {k: value[k] for k in ("truststoreUri", "truststoreVersion") if value.get(k)}
    if out and not out.get("truststoreUri", "").startswith("s3://"):
        raise BadRequest("Truststore URI must be an S3 URI (s3://bucket/key)")
    return out


def _reread_truststore(ctx: Context, record: Record) -> None:
    """After a change of the mutual TLS settings: the truststore's warnings read again, and the settings
    dropped when nothing is left of them."""
    mtls = domains.with_truststore_warnings(ctx, record.get("mutualTlsAuthentication"))
    if mtls:
        record["mutualTlsAuthentication"] = mtls
    else:
        record.pop("mutualTlsAuthentication", None)


def _derive_endpoints(ctx: Context, record: Record) -> None:
    """Keep the EDGE/REGIONAL host names in step with the endpoint types.

    A PRIVATE name keeps its (non-regional) ``certificateArn``: it is that name's certificate.
    """
    types = record["endpointConfiguration"]["types"]
    if "EDGE" in types:
        record.setdefault("distributionDomainName", f"d{new_id(13)}.cloudfront.net")
        record.setdefault("distributionHostedZoneId", domains.EDGE_HOSTED_ZONE)
    else:
        record.pop("distributionDomainName", None)
        record.pop("distributionHostedZoneId", None)
        if "PRIVATE" not in types:
            for field in ("certificateName", "certificateArn", "certificateUploadDate"):
                record.pop(field, None)
    if "REGIONAL" in types:
        record.setdefault("regionalDomainName", f"d-{new_id(10)}.execute-api.{ctx.region}.{dns_suffix(ctx.region)}")
        record.setdefault("regionalHostedZoneId", domains.regional_hosted_zone(ctx.region))
    else:
        record.pop("regionalDomainName", None)
        record.pop("regionalHostedZoneId", None)


def _private_domain_by_arn(ctx: Context, arn: str) -> Record:
    prefix = resource_arn(ctx.region, "/domainnames/", ctx.account)
    name, _, domain_name_id = arn[len(prefix):].rpartition("+") if arn.startswith(prefix) else ("", "", "")
    record = ctx.store.get(domain_key(name, domain_name_id)) if name and domain_name_id else None
    if record is None or not is_named(record, name, domain_name_id):
        raise BadRequest(f"Invalid domain name ARN specified: {arn}")
    return record


def _association_id(record: Record) -> str:
    arn: str = record["domainNameAccessAssociationArn"]
    return arn.split(":/domainnameaccessassociations/", 1)[1]


def _association_or_404(ctx: Context, arn: str) -> tuple[Key, Record]:
    _, sep, assoc_id = arn.partition(":/domainnameaccessassociations/")
    record = ctx.store.get(("domainnameaccessassociations", assoc_id)) if sep else None
    if record is None or record["domainNameAccessAssociationArn"] != arn:
        raise NotFound("Invalid domain name access association identifier specified")
    return ("domainnameaccessassociations", assoc_id), record


def _add_remove_type(record: Record, patch: Patch) -> None:
    types = record["endpointConfiguration"]["types"]
    if patch.value not in ("EDGE", "REGIONAL"):
        raise BadRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE")
    if patch.op == "add" and patch.value not in types:
        types.append(patch.value)
    elif patch.op == "remove" and patch.value in types:
        types.remove(patch.value)


def _replace_type(record: Record, patch: Patch) -> None:
    if patch.value not in ("EDGE", "REGIONAL"):
        raise BadRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE")
    endpoint = record["endpointConfiguration"]
    at = list_position(endpoint["types"], patch.captures["type"])
    if at is not None:
        endpoint["types"][at] = patch.value


# The patch table's caveats of the endpoint migration (seed 003, UpdateDomainName): the certificate
# paths and /endpointConfiguration/types take add or remove, never both in one request; an edge
# certificate is added while the name becomes (or stays) edge-optimized, rotated on an
# edge-optimized name, removed while it stops being one; a regional certificate likewise (removed
# "of an inactive API endpoint": one the name no longer has). Wording: the table's own (a guess).
_EDGE_CERTIFICATES = ("/certificateName", "/certificateArn")
_REGIONAL_CERTIFICATES = ("/regionalCertificateName", "/regionalCertificateArn")
_MIGRATION = (*_EDGE_CERTIFICATES, *_REGIONAL_CERTIFICATES, "/endpointConfiguration/types")
_CERTIFICATE_CAVEATS = {
    ("EDGE", "add"): "for adding an edge certificate while updating a regional domain name to an edge-optimized one",
    ("EDGE", "replace"): "for rotating an edge certificate of an edge-optimized domain name",
    ("EDGE", "remove"):
        "for removing an edge certificate while updating an edge-optimized domain name to a regional one",
    ("REGIONAL", "add"): "for adding a regional certificate of a regional domain name",
    ("REGIONAL", "replace"): "for rotating a regional certificate of a regional domain name",
    ("REGIONAL", "remove"): "for removing a regional certificate of an inactive API endpoint",
}


def _check_migration_mix(operations: Sequence[Any]) -> None:
    ops = {o.get("op") for o in operations if isinstance(o, dict) and o.get("path") in _MIGRATION}
    if {"add", "remove"} <= ops:
        raise BadRequest("Invalid patch operations specified: an add and a remove of endpoint types or "
                         "certificates cannot be included in the same request")


def _check_certificate_ops(operations: Sequence[Any], before: list[str], after: list[str]) -> None:
    for operation in operations:
        op, path = operation.get("op"), operation.get("path")
        kind = "EDGE" if path in _EDGE_CERTIFICATES else "REGIONAL" if path in _REGIONAL_CERTIFICATES else None
        if kind is None or op not in ("add", "replace", "remove"):
            continue
        allowed = {"add": kind in after, "replace": kind in before and kind in after, "remove": kind not in after}
        if not allowed[op]:
            raise BadRequest(f"Invalid patch operation specified: {op} {path} is supported only "
                             f"{_CERTIFICATE_CAVEATS[(kind, op)]}")


def _unsupported(op: str, path: str | None, rules: Sequence[Rule]) -> Exception:
    return default_unsupported(op, path, [r for r in rules if "{" not in r.path])


_ANY = "add replace remove"
_RULES = [
    rule("/certificateName", _ANY, set_field("certificateName")),
    rule("/certificateArn", _ANY, set_field("certificateArn")),
    rule("/regionalCertificateName", _ANY, set_field("regionalCertificateName")),
    rule("/regionalCertificateArn", _ANY, set_field("regionalCertificateArn")),
    rule("/endpointConfiguration/types", "add remove", _add_remove_type),
    rule("/endpointConfiguration/types/{type}", "replace", _replace_type),
    rule("/mutualTlsAuthentication/truststoreUri", _ANY,
         set_nested(("mutualTlsAuthentication", "truststoreUri"))),
    rule("/mutualTlsAuthentication/truststoreVersion", _ANY,
         set_nested(("mutualTlsAuthentication", "truststoreVersion"))),
    rule("/securityPolicy", "replace", set_field("securityPolicy", one_of("SecurityPolicy", "security policy"))),
    rule("/ownershipVerificationCertificateArn", _ANY, set_field("ownershipVerificationCertificateArn")),
    rule("/policy", "replace", set_field("policy")),
    rule("/routingMode", "replace", set_field("routingMode", one_of("RoutingMode", "routing mode"))),
    rule("/endpointAccessMode", "replace", set_field("endpointAccessMode")),
]
