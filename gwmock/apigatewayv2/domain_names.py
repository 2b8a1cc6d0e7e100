"""v2 custom domain names and API mappings: Create/Get/Gets/Update/DeleteDomainName,
Create/Get/Gets/Update/DeleteApiMapping.

Domain names and mappings are shared with v1 (``gwmock/domains.py`` holds the storage,
the v1 -> v2 field mapping and the tag reconciliation): a v2 domain is the v1 record
of a public REGIONAL domain seen in v2's shape, an API mapping is a v1 base path
mapping (key ``""`` = base path ``(none)``) with an ``ApiMappingId``. An API mapping
may target an HTTP/WebSocket API or a REST API (AWS: "You can map HTTP and REST API
stages to the same custom domain name"); the stage is looked up in the API's own
service. v2 calls naming an EDGE domain created with v1 answer 400 "Only REGIONAL
domain names can be managed through the API Gateway V2 API. ..." (serverless-domain-
manager#359/#401 for GetDomainName; the other calls are a guess) and GetDomainNames
leaves EDGE and private domains out (a guess).

No aws-recorded scenario covers them; shapes follow the AWS CLI reference examples
(create-domain-name, create/get/update-api-mapping, get-api-mappings; 10-character mapping ids as
the create-api-mapping example's ``0qzs2sy7bh``, see ``gwmock/domains.py``) and what users report from AWS:

* a domain answers ``ApiMappingSelectionExpression: $request.basepath``,
  ``RoutingMode: API_MAPPING_ONLY`` (default), ``DomainNameArn``, ``Tags: {}``, and
  one configuration with ``ApiGatewayDomainName`` ``d-<10>.execute-api.<region>.amazonaws.com``,
  the region's API Gateway ``HostedZoneId``, ``EndpointType: REGIONAL``,
  ``SecurityPolicy: TLS_1_2``, ``IpAddressType: ipv4`` and ``DomainNameStatus: AVAILABLE``
  (AWS validates the certificate; gwmock accepts any ARN);
* a domain needs exactly one configuration: "Invalid input. Expected one domain name
  configuration" (hashicorp/terraform-provider-awscc#1667 quotes "Expected one domain name
  configuration"; the prefix is a guess); a second domain of the same name:
  ConflictException "The domain name you provided already exists." (reported from
  CloudFormation);
* an EDGE configuration is a 400 "EDGE endpoint type is not supported for APIGatewayV2
  domainName" (amplify-education/serverless-domain-manager#640,
  aws-controllers-k8s/community#2550);
* a ``TLS_1_0`` security policy is a 400 "TLS_1_0 is not supported for APIGatewayV2 domainName."
  (hashicorp/terraform-provider-aws#37869, CreateDomainName); v2 calls naming a REGIONAL domain
  that v1 made with ``TLS_1_0`` answer 400 "Only REGIONAL domain names with a security policy of
  TLS 1.2 can be managed through the API Gateway V2 API. ..." (amplify-education/serverless-domain-
  manager#341/#381, GetDomainName; the other calls, and GetDomainNames leaving them out, are a guess);
* an unknown domain: 404 "Invalid domain name identifier specified" (quoted with
  "Service: AmazonApiGatewayV2; Status Code: 404" in NASA-IMPACT/veda-backend#45);
* an API mapping needs an existing API (404 "Invalid API identifier specified <id>") and
  stage (400 "Invalid stage identifier specified", quoted with "Status Code: 400; Error
  Code: BadRequestException" for a missing ``$default`` in aws/aws-cdk#9078); keys are unique per
  domain: ConflictException "ApiMapping key already exists for this domain name" (reported
  from AWS); a key is one or more ``/``-separated segments of letters, numbers and
  ``$-_.+!*'()`` (multi-level mappings), else "An ApiMapping key may contain only letters,
  numbers and one of $-_.+!*'()" (reported from AWS); no key answers ``ApiMappingKey: ""``;
* a key is at most 300 characters ("The maximum length for the path in an API mapping is 300
  characters"; the 400's wording is a guess), and a domain maps WebSocket APIs only or REST and HTTP
  APIs only ("You can't map WebSocket APIs to the same custom domain name as an HTTP API or REST API";
  ``check_api_kinds``, also run by v1's base path mappings; wording ours); GetApiMappings takes any
  MaxResults up to the largest integer as "everything" (guess);
* routing modes ("Set the routing mode for your custom domain name"): in ``ROUTING_RULE_ONLY`` mode
  "you can't create an API mapping" (400; GetApiMappings, updates and deletes still work, a guess
  for the last two), and "If your custom domain name has API mappings to both REST and HTTP APIs,
  routing rules isn't supported": a domain with routing rules takes no mapping to an HTTP or
  WebSocket API (400, the converse of CreateRoutingRule's check; wording ours);
* UpdateDomainName replaces the configuration (omitted members revert to their
  defaults, a guess) but keeps its ApiGatewayDomainName; DeleteDomainName removes its
  mappings and routing rules too.
* UpdateDomainName's ``MutualTlsAuthentication`` merges: a call giving only ``TruststoreVersion``
  keeps the ``TruststoreUri``, one without the member keeps mutual TLS, and ``TruststoreUri: ""``
  turns it off (hashicorp/terraform-provider-aws, internal/service/apigatewayv2/domain_name_test.go,
  TestAccAPIGatewayV2DomainName_mutualTLSAuthentication: its provider sends only the changed
  member, ``TruststoreUri: ""`` to disable, and reads back from AWS the URI kept and then
  ``mutual_tls_authentication.#`` 0). Guess: a version given with no truststore is ignored.
* ``TruststoreWarnings``: the truststore's invalid certificates, read when the domain is created or its
  mutual TLS settings are updated (``gwmock/domains.py``, ``gwmock/runtime/truststores.py``).
"""

from __future__ import annotations

import re
from typing import Any

from gwmock import domains
from gwmock.apigateway.domain_names import host_name
from gwmock.apigatewayv2.lookups import api_or_404, not_found
from gwmock.arns import dns_suffix, resource_arn
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Key, Record
from gwmock.tags import check_tags

_KEY_SEGMENT = re.compile(r"[A-Za-z0-9$\-_.+!*'()]+")
_BAD_KEY = "An ApiMapping key may contain only letters, numbers and one of $-_.+!*'()"
MAX_KEY = 300  # "The maximum length for the path in an API mapping is 300 characters."
_LONG_KEY = f"An ApiMapping key must be at most {MAX_KEY} characters long"
_MIXED = ("WebSocket APIs cannot be mapped to the same custom domain name as an HTTP API or a REST API")
_RULES_ONLY = "API mappings cannot be created while the domain name's routing mode is ROUTING_RULE_ONLY"
# v2 configuration member -> v1 DomainName field, replaced together by UpdateDomainName
_CONFIG_FIELDS = (("CertificateArn", "regionalCertificateArn"), ("CertificateName", "regionalCertificateName"),
                  ("OwnershipVerificationCertificateArn", "ownershipVerificationCertificateArn"))


def create_domain_name(ctx: Context, params: Params) -> Result:
    name = host_name(params["DomainName"])
    key = domains.domain_key(name)
    if ctx.store.get(key) is not None:
        raise Conflict("The domain name you provided already exists.")
    config = _configuration(params.get("DomainNameConfigurations"))
    tags = check_tags(params.get("Tags"))
    record: Record = {
        "domainName": name,
        "domainNameArn": resource_arn(ctx.region, f"/domainnames/{name}"),
        "endpointConfiguration": {"types": ["REGIONAL"], "ipAddressType": config.get("IpAddressType") or "ipv4"},
        "domainNameStatus": "AVAILABLE",
        "securityPolicy": config.get("SecurityPolicy") or "TLS_1_2",
        "routingMode": domains.V2_TO_V1_ROUTING[params.get("RoutingMode") or "API_MAPPING_ONLY"],
        "regionalDomainName": f"d-{new_id(10)}.execute-api.{ctx.region}.{dns_suffix(ctx.region)}",
        "regionalHostedZoneId": domains.regional_hosted_zone(ctx.region),
    }
    for member, field in _CONFIG_FIELDS:
        if config.get(member):
            record[field] = config[member]
    mtls = domains.with_truststore_warnings(ctx, _mutual_tls(params.get("MutualTlsAuthentication")))
    if mtls:
        record["mutualTlsAuthentication"] = mtls
    if tags:
        record["tags"] = tags
    domains.put_domain(ctx, key, record)
    return domains.v2_domain(ctx, key, record)


def get_domain_name(ctx: Context, params: Params) -> Result:
    key, record = domains.v2_domain_or_404(ctx, params["DomainName"])
    return domains.v2_domain(ctx, key, record)


def get_domain_names(ctx: Context, params: Params) -> Result:
    def view(record: Record) -> Record:
        return domains.v2_domain(ctx, domains.domain_key(record["domainName"]), record)

    return page_v2(ctx, ("domainnames",), params, keep=domains.v2_visible, view=view)


def update_domain_name(ctx: Context, params: Params) -> Result:
    key, record = domains.v2_domain_or_404(ctx, params["DomainName"])
    updated = dict(record)
    if params.get("DomainNameConfigurations") is not None:
        config = _configuration(params["DomainNameConfigurations"])
        updated["endpointConfiguration"] = {**record["endpointConfiguration"],
                                            "ipAddressType": config.get("IpAddressType") or "ipv4"}
        updated["securityPolicy"] = config.get("SecurityPolicy") or "TLS_1_2"
        for member, field in _CONFIG_FIELDS:
            if config.get(member):
                updated[field] = config[member]
            else:
                updated.pop(field, None)
    if params.get("MutualTlsAuthentication") is not None:
        _update_mutual_tls(ctx, updated, params["MutualTlsAuthentication"])
    if params.get("RoutingMode") is not None:
        updated["routingMode"] = domains.V2_TO_V1_ROUTING[params["RoutingMode"]]
    domains.put_domain(ctx, key, updated)
    return domains.v2_domain(ctx, key, updated)


def delete_domain_name(ctx: Context, params: Params) -> Result:
    key = domains.v2_domain_or_404(ctx, params["DomainName"])[0]
    domains.delete_domain(ctx, key)
    return {}


def create_api_mapping(ctx: Context, params: Params) -> Result:
    key, record = domains.v2_domain_or_404(ctx, params["DomainName"])
    if record.get("routingMode") == "ROUTING_RULE_ONLY":
        raise BadRequest(_RULES_ONLY)
    base_path = _base_path(params.get("ApiMappingKey"))
    _check_target(ctx, params["ApiId"], params["Stage"])
    _check_no_rules_for_v2_api(ctx, key, params["ApiId"])
    check_api_kinds(ctx, key, params["ApiId"])
    _check_unique(ctx, key, base_path, None)
    mapping = domains.new_mapping(base_path, params["ApiId"], params["Stage"])
    ctx.store.put(domains.mappings_of(key) + (base_path,), mapping)
    return domains.v2_mapping(mapping)


def get_api_mapping(ctx: Context, params: Params) -> Result:
    key = domains.v2_domain_or_404(ctx, params["DomainName"])[0]
    return domains.v2_mapping(_mapping_or_404(ctx, key, params["ApiMappingId"]))


def get_api_mappings(ctx: Context, params: Params) -> Result:
    key = domains.v2_domain_or_404(ctx, params["DomainName"])[0]
    return page_v2(ctx, domains.mappings_of(key), params, view=domains.v2_mapping)


def update_api_mapping(ctx: Context, params: Params) -> Result:
    key = domains.v2_domain_or_404(ctx, params["DomainName"])[0]
    mapping = _mapping_or_404(ctx, key, params["ApiMappingId"])
    base_path = mapping["basePath"] if params.get("ApiMappingKey") is None else _base_path(params["ApiMappingKey"])
    stage = params.get("Stage") or mapping.get("stage")
    _check_target(ctx, params["ApiId"], stage)
    _check_no_rules_for_v2_api(ctx, key, params["ApiId"])
    check_api_kinds(ctx, key, params["ApiId"], mapping["basePath"])
    _check_unique(ctx, key, base_path, mapping["apiMappingId"])
    updated = {**mapping, "basePath": base_path, "restApiId": params["ApiId"], "stage": stage}
    if base_path != mapping["basePath"]:
        ctx.store.delete(domains.mappings_of(key) + (mapping["basePath"],))
    ctx.store.put(domains.mappings_of(key) + (base_path,), updated)
    return domains.v2_mapping(updated)


def delete_api_mapping(ctx: Context, params: Params) -> Result:
    key = domains.v2_domain_or_404(ctx, params["DomainName"])[0]
    mapping = _mapping_or_404(ctx, key, params["ApiMappingId"])
    ctx.store.delete(domains.mappings_of(key) + (mapping["basePath"],))
    return {}


# --- helpers --------------------------------------------------------------------------


def _mapping_or_404(ctx: Context, key: Key, mapping_id: str) -> Record:
    for mapping in ctx.store.values(domains.mappings_of(key)):
        if mapping.get("apiMappingId") == mapping_id:
            return mapping
    raise not_found("ApiMapping", f"Invalid ApiMapping identifier specified {mapping_id}")


def _configuration(given: list[dict[str, Any]] | None) -> dict[str, Any]:
    if not given or len(given) != 1:
        raise BadRequest("Invalid input. Expected one domain name configuration")
    if given[0].get("EndpointType") == "EDGE":
        raise BadRequest("EDGE endpoint type is not supported for APIGatewayV2 domainName")
    if given[0].get("SecurityPolicy") == "TLS_1_0":
        raise BadRequest("TLS_1_0 is not supported for APIGatewayV2 domainName.")
    return given[0]


def _mutual_tls(given: dict[str, Any] | None) -> dict[str, Any]:
    given = given or {}
    return {field: given[member] for member, field in (("TruststoreUri", "truststoreUri"),
                                                        ("TruststoreVersion", "truststoreVersion"))
            if given.get(member)}


def _update_mutual_tls(ctx: Context, updated: Record, given: dict[str, Any]) -> None:
    """Merge the members given; an empty ``TruststoreUri`` turns mutual TLS off. The truststore is read
    again for its warnings (``domains.with_truststore_warnings``)."""
    if given.get("TruststoreUri") == "":
        updated.pop("mutualTlsAuthentication", None)
        return
    mtls = {**(updated.get("mutualTlsAuthentication") or {}), **_mutual_tls(given)}
    if mtls.get("truststoreUri"):
        updated["mutualTlsAuthentication"] = domains.with_truststore_warnings(ctx, mtls)


def _base_path(key: str | None) -> str:
    """v2's ApiMappingKey as the shared mapping's base path ("" is ``(none)``)."""
    key = key or ""
    if len(key) > MAX_KEY:
        raise BadRequest(_LONG_KEY)
    if key and not all(_KEY_SEGMENT.fullmatch(segment) for segment in key.split("/")):
        raise BadRequest(_BAD_KEY)
    return key or domains.NONE


def _check_target(ctx: Context, api_id: str, stage: str | None) -> None:
    """An HTTP/WebSocket API's stage, or a REST API's (AWS maps both through v2)."""
    if ctx.store.get(("v2", "apis", api_id)) is not None:
        stage_key: Key = ("v2", "apis", api_id, "stages", stage or "")
    elif ctx.store.get(("restapis", api_id)) is not None:
        stage_key = ("restapis", api_id, "stages", stage or "")
    else:
        api_or_404(ctx, api_id)  # raises AWS's 404
        return
    if not stage or ctx.store.get(stage_key) is None:
        raise BadRequest("Invalid stage identifier specified")


def _check_no_rules_for_v2_api(ctx: Context, key: Key, api_id: str) -> None:
    """A domain with routing rules maps no HTTP/WebSocket API (rules would then meet both kinds)."""
    if ctx.store.get(("v2", "apis", api_id)) is not None and ctx.store.count(("v2",) + key + ("routingrules",)):
        raise BadRequest("API mappings to HTTP or WebSocket APIs are not supported for a domain name with "
                         "routing rules")


def check_api_kinds(ctx: Context, key: Key, api_id: str, replacing: str | None = None) -> None:
    """A domain maps WebSocket APIs only, or REST and HTTP APIs only (AWS, "Map API stages to a custom
    domain name for WebSocket APIs": "You can't map WebSocket APIs to the same custom domain name as an
    HTTP API or REST API"; wording ours). ``replacing`` is the base path of the mapping being changed."""
    websocket = _is_websocket(ctx, api_id)
    for other in ctx.store.values(domains.mappings_of(key)):
        if other["basePath"] != replacing and _is_websocket(ctx, str(other.get("restApiId"))) != websocket:
            raise BadRequest(_MIXED)


def _is_websocket(ctx: Context, api_id: str) -> bool:
    api = ctx.store.get(("v2", "apis", api_id))
    return api is not None and api.get("ProtocolType") == "WEBSOCKET"


def _check_unique(ctx: Context, key: Key, base_path: str, mapping_id: str | None) -> None:
    for other in ctx.store.values(domains.mappings_of(key)):
        if other["basePath"] == base_path and other.get("apiMappingId") != mapping_id:
            raise Conflict("ApiMapping key already exists for this domain name")
