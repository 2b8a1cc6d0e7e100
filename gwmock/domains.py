"""Custom domain names: one resource seen by both services, as in AWS.

AWS keeps one set of custom domain names per account and region: a name created
with ``apigateway CreateDomainName`` is answered (in v2's shape) by ``apigatewayv2
GetDomainName(s)`` and the other way round; v1 base path mappings and v2 API
mappings are two views of the same mappings (the v2 API mapping key ``""`` is v1's
base path ``(none)``); deleting through either client deletes for both, and the ARN
``arn:aws:apigateway:REGION::/domainnames/NAME`` is the same (AWS: "You can map HTTP
and REST API stages to the same custom domain name", developer guide, API mappings).
Tools rely on it: serverless-domain-manager creates with one client and maps with
the other.

Canonical storage (the v1 layout; v2 views are derived):

    ("domainnames", name)                         the domain, in v1's DomainName shape
    ("domainnames", name + "+" + domainNameId)    a PRIVATE domain (v1 only)
    ("domainnames", key, "basepathmappings", basePath)
        a mapping ``{basePath, restApiId, stage?, apiMappingId}``: ``basePath`` is
        ``(none)`` for the empty key, ``restApiId`` may name an HTTP API (mapped
        through v2), ``apiMappingId`` is v2's id (never answered by v1): 10 lowercase letters
        and digits, as ``0qzs2sy7bh`` in the AWS CLI reference's create-api-mapping and
        update-api-mapping examples (aws/aws-cli awscli/examples/apigatewayv2/)
    ("v2", "domainnames", name, "routingrules", id)  the domain's routing rules
        (``apigatewayv2/routing_rules.py``)

Tags live in the shared record's ``tags``: ``gwmock/tags.py`` resolves a domain ARN
to it for both clients.

v2 sees only public REGIONAL domains. An EDGE one (or one migrating, with both
types) is refused by every v2 call naming it with AWS's 400 "Only REGIONAL domain
names can be managed through the API Gateway V2 API. ..." (quoted by
amplify-education/serverless-domain-manager#359 and #401, where v2 GetDomainName met
an edge domain); that the other v2 calls answer the same is a guess, as is leaving
EDGE domains out of v2 GetDomainNames. Private domains have no v2 name (v2 calls carry
no domainNameId), so v2 answers 404 for them.

Field mapping (v2 <- v1): DomainNameConfigurations[0] = {ApiGatewayDomainName:
regionalDomainName, CertificateArn: regionalCertificateArn, CertificateName:
regionalCertificateName, CertificateUploadDate: certificateUploadDate, EndpointType:
REGIONAL, HostedZoneId: regionalHostedZoneId, IpAddressType: endpointConfiguration.
ipAddressType, SecurityPolicy: securityPolicy, DomainNameStatus(Message):
domainNameStatus(Message), OwnershipVerificationCertificateArn}; MutualTlsAuthentication
= mutualTlsAuthentication with capitalised members; RoutingMode = routingMode with
BASE_PATH_MAPPING -> API_MAPPING; ApiMappingSelectionExpression ``$request.basepath``;
Tags = tags (``{}`` when none, as v2 always answers them).

Mutual TLS: ``truststoreWarnings`` (v2 ``TruststoreWarnings``) is filled when a domain is created with a
truststore or updated to a truststore (any change of its mutual TLS settings), from the truststore as the
data plane reads it (``runtime/truststores``: the certificates it leaves out, which requests then ignore);
GetDomainName(s) answer what was kept then, as AWS "produces certificate warnings only when you update
your domain name". A truststore gwmock does not know then (``gw.add_truststore`` after the domain was
made, moto's S3 without the object) gives none (guess: AWS would refuse the call).

An API or a stage a mapping names cannot be deleted (``domains_mapping`` finds the
domains): v1 answers 400 "Deleting RestApi X failed. Please remove all base path mappings
related to the RestApi in your domains: D" (glomex/gcdt#373, serverless/serverless#3638;
the ", " between several domains is a guess), v2 "Deleting API X failed. Please remove
all API mappings for the API from your custom domain names." (gruntwork-io/cloud-nuke#370).
A stage: "Deleting stage S failed. Please remove all base path mappings related to the
stage in your domains: D" (v1; hashicorp/terraform-provider-aws#41651 quotes the start,
the end is a guess after the RestApi's) and "Deleting stage S failed. Please remove all
API mappings for the stage from your custom domain names." (v2, a guess after its API's).
"""

from __future__ import annotations

from typing import Any

from gwmock.context import Context
from gwmock.errors import BadRequest, NotFound
from gwmock.ids import new_id
from gwmock.state.base import Key, Record

NOT_FOUND = "Invalid domain name identifier specified"
ONLY_REGIONAL = ("Only REGIONAL domain names can be managed through the API Gateway V2 API. For EDGE domain names, "
                 "please use the API Gateway V1 API. Also note that only REST APIs can be attached to EDGE domain "
                 "names.")
ONLY_TLS_1_2 = ("Only REGIONAL domain names with a security policy of TLS 1.2 can be managed through the API Gateway "
                "V2 API. For TLS 1.0 domain names, please use the API Gateway V1 API to upgrade your security policy "
                "to TLS 1.2. Currently, only REST APIs can be attached to a domain name with a security policy of "
                "TLS 1.0.")
NONE = "(none)"
EDGE_HOSTED_ZONE = "Z2FDTNDATAQYW2"
# Route 53 hosted zones of API Gateway's regional (execute-api) endpoints, AWS general reference.
REGIONAL_HOSTED_ZONES = {
    "us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC", "ca-central-1": "Z19DQILCV0OWEC", "eu-west-1": "ZLY8HYME6SFDD",
    "eu-west-2": "ZJ5UAJN8Y3Z2Q", "eu-west-3": "Z3KY65QIEKYHQQ", "eu-central-1": "Z1U9ULNL0V5AJ3",
    "eu-north-1": "Z3UWIKFBOOGXPP", "eu-south-1": "Z3BT4WSQ9TDYZV", "ap-northeast-1": "Z1YSHQZHG15GKL",
    "ap-northeast-2": "Z20JF4UZKIW1U8", "ap-northeast-3": "Z2YQB5RD63NC85", "ap-southeast-1": "ZL327KTPIQFUL",
    "ap-southeast-2": "Z2RPCDW04V8134", "ap-south-1": "Z3VO1THU9YC4UR", "ap-east-1": "Z3FD1VL90ND7K5",
    "sa-east-1": "ZCMLWB8V5SYIT", "me-south-1": "Z20ZBPC0SS8806", "af-south-1": "Z2DHW2332DAMTN",
    "us-gov-west-1": "Z1K6XKP9SAGWDV", "us-gov-east-1": "Z3SE9ATJYCRCZJ",
}
V1_TO_V2_ROUTING = {"BASE_PATH_MAPPING_ONLY": "API_MAPPING_ONLY", "ROUTING_RULE_ONLY": "ROUTING_RULE_ONLY",
                    "ROUTING_RULE_THEN_BASE_PATH_MAPPING": "ROUTING_RULE_THEN_API_MAPPING"}
V2_TO_V1_ROUTING = {v: k for k, v in V1_TO_V2_ROUTING.items()}


# --- keys and lookups -------------------------------------------------------------------


def domain_key(name: str, domain_name_id: str | None = None) -> Key:
    """Where a domain lives: a public one at its name, a PRIVATE one at ``name+id``. A public name
    holding a ``+`` (no host name has one) gets another ``+`` after it, so that no name a caller
    sends lands on a private domain's key (``p.com+<id>`` would otherwise be that domain's)."""
    if domain_name_id:
        return ("domainnames", f"{name}+{domain_name_id}")
    return ("domainnames", f"{name}+" if "+" in name else name)


def is_named(record: Record, name: str, domain_name_id: str | None) -> bool:
    """Whether ``record`` is the domain the caller named (keys join name and id: ``a+b`` with id
    ``c`` and ``a`` with id ``b+c`` share one)."""
    return record.get("domainName") == name and record.get("domainNameId") == (domain_name_id or None)


def mappings_of(key: Key) -> Key:
    return key + ("basepathmappings",)


def regional_hosted_zone(region: str) -> str:
    return REGIONAL_HOSTED_ZONES.get(region, REGIONAL_HOSTED_ZONES["us-east-1"])


def v2_visible(record: Record) -> bool:
    """Whether v2 may name the domain: public, REGIONAL and TLS 1.2 only."""
    return _public_regional(record) and record.get("securityPolicy") != "TLS_1_0"


def _public_regional(record: Record) -> bool:
    return "domainNameId" not in record and record["endpointConfiguration"]["types"] == ["REGIONAL"]


def v1_domain_or_404(ctx: Context, name: str, domain_name_id: str | None = None) -> tuple[Key, Record]:
    key = domain_key(name, domain_name_id)
    record = ctx.store.get(key)
    if record is None or not is_named(record, name, domain_name_id):
        raise NotFound(NOT_FOUND)
    return key, record


def v2_domain_or_404(ctx: Context, name: str) -> tuple[Key, Record]:
    key = domain_key(name)
    record = ctx.store.get(key)
    if record is None or not is_named(record, name, None):
        raise NotFound(NOT_FOUND, fields={"resourceType": "DomainName"})
    if not v2_visible(record):
        raise BadRequest(ONLY_TLS_1_2 if _public_regional(record) else ONLY_REGIONAL)
    return key, record


def domains_mapping(ctx: Context, api_id: str, stage: str | None = None) -> list[str]:
    """The names of the domains with a mapping to ``api_id`` (a REST API or a v2 API), or to
    its ``stage`` when given, sorted."""
    names = set()
    for record in ctx.store.values(("domainnames",)):
        key = domain_key(record["domainName"], record.get("domainNameId"))
        if any(m.get("restApiId") == api_id and stage in (None, m.get("stage"))
               for m in ctx.store.values(mappings_of(key))):
            names.add(record["domainName"])
    return sorted(names)


# --- writing ------------------------------------------------------------------------------


def put_domain(ctx: Context, key: Key, record: Record) -> None:
    ctx.store.put(key, record)


def delete_domain(ctx: Context, key: Key) -> None:
    """The domain, its mappings, and its v2 side (routing rules)."""
    ctx.store.delete_tree(key)
    ctx.store.delete_tree(("v2",) + key)


def with_truststore_warnings(ctx: Context, mtls: Record | None) -> Record | None:
    """``mtls`` (v1 spelling) with the warnings of the truststore it names now in place of any earlier
    ones; None when nothing is left (mutual TLS off)."""
    if not mtls:
        return None
    out = {k: v for k, v in mtls.items() if k != "truststoreWarnings"}
    if not out:
        return None
    uri = out.get("truststoreUri")
    if isinstance(uri, str) and uri:
        from gwmock.runtime.truststores import warnings_of  # noqa: PLC0415 - cryptography, for mutual TLS only

        warnings = warnings_of(ctx.handle, uri, out.get("truststoreVersion") or None, ctx.region)
        if warnings:
            out["truststoreWarnings"] = warnings
    return out


# --- v1 <-> v2 views --------------------------------------------------------------------------


def v2_domain(ctx: Context, key: Key, record: Record) -> Record:
    config: dict[str, Any] = {
        "ApiGatewayDomainName": record.get("regionalDomainName"),
        "CertificateArn": record.get("regionalCertificateArn"),
        "CertificateName": record.get("regionalCertificateName"),
        "CertificateUploadDate": record.get("certificateUploadDate"),
        "DomainNameStatus": record.get("domainNameStatus"),
        "DomainNameStatusMessage": record.get("domainNameStatusMessage"),
        "EndpointType": "REGIONAL",
        "HostedZoneId": record.get("regionalHostedZoneId"),
        "IpAddressType": record["endpointConfiguration"].get("ipAddressType"),
        "SecurityPolicy": record.get("securityPolicy"),
        "OwnershipVerificationCertificateArn": record.get("ownershipVerificationCertificateArn"),
    }
    out: Record = {
        "ApiMappingSelectionExpression": "$request.basepath",
        "DomainName": record["domainName"],
        "DomainNameArn": record.get("domainNameArn"),
        "DomainNameConfigurations": [{k: v for k, v in config.items() if v is not None}],
        "RoutingMode": V1_TO_V2_ROUTING.get(record.get("routingMode") or "", "API_MAPPING_ONLY"),
        "Tags": dict(record.get("tags") or {}),
    }
    mtls = record.get("mutualTlsAuthentication")
    if mtls:
        out["MutualTlsAuthentication"] = {
            wire: mtls[field] for field, wire in (("truststoreUri", "TruststoreUri"),
                                                  ("truststoreVersion", "TruststoreVersion"),
                                                  ("truststoreWarnings", "TruststoreWarnings")) if mtls.get(field)}
    return out


def v1_mapping(record: Record) -> Record:
    return {k: record[k] for k in ("basePath", "restApiId", "stage") if record.get(k)}


def v2_mapping(record: Record) -> Record:
    out = {"ApiId": record.get("restApiId"), "ApiMappingId": record.get("apiMappingId"),
           "ApiMappingKey": "" if record["basePath"] == NONE else record["basePath"], "Stage": record.get("stage")}
    return {k: v for k, v in out.items() if v is not None}


def new_mapping(base_path: str, api_id: str, stage: str | None) -> Record:
    mapping: Record = {"basePath": base_path, "restApiId": api_id}
    if stage:
        mapping["stage"] = stage
    mapping["apiMappingId"] = new_id(10)  # 10 characters, as "0qzs2sy7bh" in the CLI's create-api-mapping example
    return mapping
