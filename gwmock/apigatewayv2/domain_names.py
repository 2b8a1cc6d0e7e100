"""v2 custom domain names and API mappings: Create/Get/Gets/Update/DeleteDomainName,
Create/Get/Gets/Update/DeleteApiMapping.

No aws-recorded scenario covers them; shapes follow the AWS CLI reference examples
(create-domain-name, get-api-mappings) and what users report from AWS:

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
* an unknown domain: 404 "Invalid domain name identifier specified" (quoted with
  "Service: AmazonApiGatewayV2; Status Code: 404" in NASA-IMPACT/veda-backend#45);
* an API mapping needs an existing API (404 "Invalid API identifier specified <id>") and
  stage (400 "Invalid stage identifier specified", quoted with "Status Code: 400; Error
  Code: BadRequestException" for a missing ``$default`` in aws/aws-cdk#9078); keys are unique per
  domain: ConflictException "ApiMapping key already exists for this domain name" (reported
  from AWS); a key is one or more ``/``-separated segments of letters, numbers and
  ``$-_.+!*'()`` (multi-level mappings), else "An ApiMapping key may contain only letters,
  numbers and one of $-_.+!*'()" (reported from AWS); no key answers ``ApiMappingKey: ""``;
* UpdateDomainName replaces the configuration but keeps its ApiGatewayDomainName;
  DeleteDomainName removes its mappings too.
"""

from __future__ import annotations

import re
from typing import Any

from gwmock.apigatewayv2.lookups import api_or_404, not_found
from gwmock.arns import resource_arn
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record
from gwmock.tags import check_tags

# Route 53 hosted zones of API Gateway's regional endpoints (AWS general reference).
_HOSTED_ZONES = {
    "us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC", "ca-central-1": "Z19DQILCV0OWEC", "eu-west-1": "ZLY8HYME6SFDD",
    "eu-west-2": "ZJ5UAJN8Y3Z2Q", "eu-west-3": "Z3KY65QIEKYHQQ", "eu-central-1": "Z1U9ULNL0V5AJ3",
    "eu-north-1": "Z3UWIKFBOOGXPP", "eu-south-1": "Z3BT4WSQ9TDYZV", "ap-northeast-1": "Z1YSHQZHG15GKL",
    "ap-northeast-2": "Z20JF4UZKIW1U8", "ap-northeast-3": "Z2YQB5RD63NC85", "ap-southeast-1": "ZL327KTPIQFUL",
    "ap-southeast-2": "Z2RPCDW04V8134", "ap-south-1": "Z3VO1THU9YC4UR", "ap-east-1": "Z3FD1VL90ND7K5",
    "sa-east-1": "ZCMLWB8V5SYIT", "me-south-1": "Z20ZBPC0SS8806", "af-south-1": "Z2DHW2332DAMTN",
}
_KEY_SEGMENT = re.compile(r"[A-Za-z0-9$\-_.+!*'()]+")
_BAD_KEY = "An ApiMapping key may contain only letters, numbers and one of $-_.+!*'()"


def create_domain_name(ctx: Context, params: Params) -> Result:
    name = params["DomainName"]
    if ctx.store.get(("v2", "domainnames", name)) is not None:
        raise Conflict("The domain name you provided already exists.")
    configuration = _configuration(ctx, params.get("DomainNameConfigurations"), None)
    domain: Record = {
        "DomainName": name,
        "DomainNameArn": resource_arn(ctx.region, f"/domainnames/{name}"),
        "ApiMappingSelectionExpression": "$request.basepath",
        "DomainNameConfigurations": [configuration],
        "RoutingMode": params.get("RoutingMode") or "API_MAPPING_ONLY",
        "Tags": check_tags(params.get("Tags")),
    }
    if params.get("MutualTlsAuthentication"):
        domain["MutualTlsAuthentication"] = dict(params["MutualTlsAuthentication"])
    ctx.store.put(("v2", "domainnames", name), domain)
    return domain


def get_domain_name(ctx: Context, params: Params) -> Result:
    return _domain_or_404(ctx, params["DomainName"])


def get_domain_names(ctx: Context, params: Params) -> Result:
    return page_v2(ctx, ("v2", "domainnames"), params)


def update_domain_name(ctx: Context, params: Params) -> Result:
    domain = _domain_or_404(ctx, params["DomainName"])
    updated = dict(domain)
    if params.get("DomainNameConfigurations") is not None:
        current = domain["DomainNameConfigurations"][0]
        updated["DomainNameConfigurations"] = [_configuration(ctx, params["DomainNameConfigurations"], current)]
    if params.get("MutualTlsAuthentication") is not None:
        mtls = dict(params["MutualTlsAuthentication"])
        if mtls.get("TruststoreUri"):
            updated["MutualTlsAuthentication"] = mtls
        else:
            updated.pop("MutualTlsAuthentication", None)
    if params.get("RoutingMode") is not None:
        updated["RoutingMode"] = params["RoutingMode"]
    ctx.store.put(("v2", "domainnames", domain["DomainName"]), updated)
    return updated


def delete_domain_name(ctx: Context, params: Params) -> Result:
    domain = _domain_or_404(ctx, params["DomainName"])
    ctx.store.delete_tree(("v2", "domainnames", domain["DomainName"]))
    return {}


def create_api_mapping(ctx: Context, params: Params) -> Result:
    domain = _domain_or_404(ctx, params["DomainName"])
    key = _check_key(params.get("ApiMappingKey"))
    _check_target(ctx, params["ApiId"], params["Stage"])
    _check_unique(ctx, domain["DomainName"], key, None)
    mapping: Record = {"ApiMappingId": new_id(6), "ApiId": params["ApiId"], "ApiMappingKey": key,
                       "Stage": params["Stage"]}
    ctx.store.put(("v2", "domainnames", domain["DomainName"], "apimappings", mapping["ApiMappingId"]), mapping)
    return mapping


def get_api_mapping(ctx: Context, params: Params) -> Result:
    domain = _domain_or_404(ctx, params["DomainName"])
    return _mapping_or_404(ctx, domain["DomainName"], params["ApiMappingId"])


def get_api_mappings(ctx: Context, params: Params) -> Result:
    domain = _domain_or_404(ctx, params["DomainName"])
    return page_v2(ctx, ("v2", "domainnames", domain["DomainName"], "apimappings"), params)


def update_api_mapping(ctx: Context, params: Params) -> Result:
    domain = _domain_or_404(ctx, params["DomainName"])
    mapping = _mapping_or_404(ctx, domain["DomainName"], params["ApiMappingId"])
    key = mapping["ApiMappingKey"] if params.get("ApiMappingKey") is None else _check_key(params["ApiMappingKey"])
    stage = params.get("Stage") or mapping["Stage"]
    _check_target(ctx, params["ApiId"], stage)
    _check_unique(ctx, domain["DomainName"], key, mapping["ApiMappingId"])
    updated = {**mapping, "ApiId": params["ApiId"], "ApiMappingKey": key, "Stage": stage}
    ctx.store.put(("v2", "domainnames", domain["DomainName"], "apimappings", mapping["ApiMappingId"]), updated)
    return updated


def delete_api_mapping(ctx: Context, params: Params) -> Result:
    domain = _domain_or_404(ctx, params["DomainName"])
    mapping = _mapping_or_404(ctx, domain["DomainName"], params["ApiMappingId"])
    ctx.store.delete(("v2", "domainnames", domain["DomainName"], "apimappings", mapping["ApiMappingId"]))
    return {}


# --- helpers --------------------------------------------------------------------------


def _domain_or_404(ctx: Context, name: str) -> Record:
    domain = ctx.store.get(("v2", "domainnames", name))
    if domain is None:
        raise not_found("DomainName", "Invalid domain name identifier specified")
    return domain


def _mapping_or_404(ctx: Context, domain_name: str, mapping_id: str) -> Record:
    mapping = ctx.store.get(("v2", "domainnames", domain_name, "apimappings", mapping_id))
    if mapping is None:
        raise not_found("ApiMapping", f"Invalid ApiMapping identifier specified {mapping_id}")
    return mapping


def _configuration(ctx: Context, given: list[dict[str, Any]] | None, current: Record | None) -> Record:
    if not given or len(given) != 1:
        raise BadRequest("Invalid input. Expected one domain name configuration")
    config = dict(given[0])
    if config.get("EndpointType") == "EDGE":
        raise BadRequest("EDGE endpoint type is not supported for APIGatewayV2 domainName")
    if current is not None:
        out = {"ApiGatewayDomainName": current["ApiGatewayDomainName"], "HostedZoneId": current["HostedZoneId"]}
    else:
        out = {"ApiGatewayDomainName": f"d-{new_id(10)}.execute-api.{ctx.region}.amazonaws.com",
               "HostedZoneId": _HOSTED_ZONES.get(ctx.region, "Z1UJRXOUMOOFQ8")}
    out.update({
        "DomainNameStatus": "AVAILABLE",
        "EndpointType": config.get("EndpointType") or "REGIONAL",
        "SecurityPolicy": config.get("SecurityPolicy") or "TLS_1_2",
        "IpAddressType": config.get("IpAddressType") or "ipv4",
    })
    for member in ("CertificateArn", "CertificateName", "OwnershipVerificationCertificateArn"):
        if config.get(member):
            out[member] = config[member]
    return out


def _check_key(key: str | None) -> str:
    key = key or ""
    if key and not all(_KEY_SEGMENT.fullmatch(segment) for segment in key.split("/")):
        raise BadRequest(_BAD_KEY)
    return key


def _check_target(ctx: Context, api_id: str, stage: str) -> None:
    api_or_404(ctx, api_id)
    if ctx.store.get(("v2", "apis", api_id, "stages", stage)) is None:
        raise BadRequest("Invalid stage identifier specified")


def _check_unique(ctx: Context, domain_name: str, key: str, mapping_id: str | None) -> None:
    for other in ctx.store.values(("v2", "domainnames", domain_name, "apimappings")):
        if other["ApiMappingKey"] == key and other["ApiMappingId"] != mapping_id:
            raise Conflict("ApiMapping key already exists for this domain name")
