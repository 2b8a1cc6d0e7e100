"""``AWS::ApiGatewayV2::*``: HTTP and WebSocket APIs as the boto3 operations that make them.

CloudFormation's properties are the v2 model's member names, so most types map
one to one. ``Api`` with ``Body``/``BodyS3Location`` is imported (``Basepath``,
``FailOnWarnings``) and then given the template's ``Name``, ``Description``, ...
``ApiGatewayManagedOverrides`` updates the route, integration and stage that a
quick-create ``Api`` made. ``RoutingRule`` takes the domain from ``DomainNameArn``.

``Ref`` answers the id the reference documents (``Api``: ``ApiId``, ``Stage``: the
stage name, ``DomainName``: the name, ``Route``: ``RouteId``, ...), ``Fn::GetAtt``
the read-only properties (``ApiEndpoint``, ``RegionalDomainName``, ...).

Guesses: ``Stage`` answers ``Ref`` (and ``Id``) with the stage name;
``ApiGatewayManagedOverrides`` with a generated id, and it overrides the first
managed route, integration and stage of the API.
"""

from __future__ import annotations

import json
from typing import Any

from gwmock.arns import partition
from gwmock.cloudformation.resources import Builder, BuildFn, Created
from gwmock.cloudformation.resources_v1 import _s3_body

V2 = "apigatewayv2"


def _api(b: Builder, props: dict[str, Any]) -> Created:
    body = props.get("Body")
    if body is None and props.get("BodyS3Location") is not None:
        body = _s3_body(b, props["BodyS3Location"])
    params = b.members(V2, "CreateApi", props, skip=("Body", "BodyS3Location", "BasePath", "FailOnWarnings"))
    if body is None:
        if "Name" not in params or "ProtocolType" not in params:
            missing = "Name" if "Name" not in params else "ProtocolType"
            raise b.error(f"Properties validation failed: #: required key [{missing}] not found", missing)
        api = b.call(V2, "CreateApi", params)
    else:
        text = body if isinstance(body, str) else json.dumps(body)
        imported = {"Body": text, "FailOnWarnings": props.get("FailOnWarnings"), "Basepath": props.get("BasePath")}
        api = b.call(V2, "ImportApi", b.members(V2, "ImportApi", {k: v for k, v in imported.items() if v is not None}))
        update = {k: v for k, v in params.items() if k not in ("ProtocolType", "Tags")}
        if update:
            api = b.call(V2, "UpdateApi", {"ApiId": api["ApiId"], **update})
        if params.get("Tags"):
            arn = f"arn:aws:apigateway:{b.region}::/apis/{api['ApiId']}"
            b.call(V2, "TagResource", {"ResourceArn": arn, "Tags": params["Tags"]})
    # ExecuteApiArn: the schema's pattern ``arn:aws(-*):execute-api:{region}:{account}:...``; guess: the API itself
    execute_arn = f"arn:{partition(b.region)}:execute-api:{b.region}:{b.account}:{api['ApiId']}"
    return Created(api["ApiId"], {"ApiId": api["ApiId"], "ApiEndpoint": api.get("ApiEndpoint"),
                                  "ExecuteApiArn": execute_arn},
                   [(V2, "DeleteApi", {"ApiId": api["ApiId"]})])


def _child(operation: str, id_member: str, delete: str, keys: tuple[str, ...] = ("ApiId",),
           ref_member: str | None = None) -> BuildFn:
    """A type whose create answers ``id_member`` and whose delete takes ``keys`` plus that id."""

    def build(b: Builder, props: dict[str, Any]) -> Created:
        params = b.members(V2, operation, props)
        made = b.call(V2, operation, params)
        where = {k: params[k] for k in keys}
        where[id_member] = made[id_member]
        ref = made[ref_member or id_member]
        return Created(ref, {id_member: made[id_member]}, [(V2, delete, where)])

    return build


def _stage(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V2, "CreateStage", props)
    made = b.call(V2, "CreateStage", params)
    where = {"ApiId": params["ApiId"], "StageName": made["StageName"]}
    return Created(made["StageName"], {"Id": made["StageName"]}, [(V2, "DeleteStage", where)])


def _domain_name(b: Builder, props: dict[str, Any]) -> Created:
    made = b.call(V2, "CreateDomainName", b.members(V2, "CreateDomainName", props))
    configuration = (made.get("DomainNameConfigurations") or [{}])[0]
    attributes = {"RegionalDomainName": configuration.get("ApiGatewayDomainName"),
                  "RegionalHostedZoneId": configuration.get("HostedZoneId"),
                  "DomainNameArn": made.get("DomainNameArn")}
    return Created(made["DomainName"], {k: v for k, v in attributes.items() if v is not None},
                   [(V2, "DeleteDomainName", {"DomainName": made["DomainName"]})])


def _routing_rule(b: Builder, props: dict[str, Any]) -> Created:
    arn = str(props["DomainNameArn"])
    tail = arn.rsplit("/domainnames/", 1)[-1] if "/domainnames/" in arn else ""
    if not tail:
        raise b.error(f"Invalid domain name ARN {arn}", "DomainNameArn")
    name, _, domain_id = tail.partition("+")
    params = b.members(V2, "CreateRoutingRule", props, skip=("DomainNameArn",))
    params["DomainName"] = name
    if domain_id:
        params["DomainNameId"] = domain_id
    made = b.call(V2, "CreateRoutingRule", params)
    where: dict[str, Any] = {k: params[k] for k in ("DomainName", "DomainNameId") if k in params}
    where["RoutingRuleId"] = made["RoutingRuleId"]
    return Created(made["RoutingRuleArn"], {"RoutingRuleArn": made["RoutingRuleArn"],
                                            "RoutingRuleId": made["RoutingRuleId"]}, [(V2, "DeleteRoutingRule", where)])


def _managed_overrides(b: Builder, props: dict[str, Any]) -> Created:
    api_id = str(props["ApiId"])
    overrides = {"Route": ("GetRoutes", "UpdateRoute", "RouteId"),
                 "Integration": ("GetIntegrations", "UpdateIntegration", "IntegrationId"),
                 "Stage": ("GetStages", "UpdateStage", "StageName")}
    for prop, (listing, update, id_member) in overrides.items():
        if props.get(prop) is None:
            continue
        items = [i for i in b.call(V2, listing, {"ApiId": api_id}).get("Items") or [] if i.get("ApiGatewayManaged")]
        if not items:
            raise b.error(f"API {api_id} has no managed {prop.lower()} to override", prop)
        changes = b.members(V2, update, props[prop] if isinstance(props[prop], dict) else {})
        b.call(V2, update, {"ApiId": api_id, id_member: items[0][id_member], **changes})
    return Created(b.suffix.lower(), {"Id": b.suffix.lower()}, [])


BUILDERS: dict[str, BuildFn] = {
    "AWS::ApiGatewayV2::Api": _api,
    "AWS::ApiGatewayV2::ApiGatewayManagedOverrides": _managed_overrides,
    "AWS::ApiGatewayV2::ApiMapping": _child("CreateApiMapping", "ApiMappingId", "DeleteApiMapping",
                                            ("DomainName",)),
    "AWS::ApiGatewayV2::Authorizer": _child("CreateAuthorizer", "AuthorizerId", "DeleteAuthorizer"),
    "AWS::ApiGatewayV2::Deployment": _child("CreateDeployment", "DeploymentId", "DeleteDeployment"),
    "AWS::ApiGatewayV2::DomainName": _domain_name,
    "AWS::ApiGatewayV2::Integration": _child("CreateIntegration", "IntegrationId", "DeleteIntegration"),
    "AWS::ApiGatewayV2::IntegrationResponse": _child("CreateIntegrationResponse", "IntegrationResponseId",
                                                     "DeleteIntegrationResponse", ("ApiId", "IntegrationId")),
    "AWS::ApiGatewayV2::Model": _child("CreateModel", "ModelId", "DeleteModel"),
    "AWS::ApiGatewayV2::Route": _child("CreateRoute", "RouteId", "DeleteRoute"),
    "AWS::ApiGatewayV2::RouteResponse": _child("CreateRouteResponse", "RouteResponseId", "DeleteRouteResponse",
                                               ("ApiId", "RouteId")),
    "AWS::ApiGatewayV2::RoutingRule": _routing_rule,
    "AWS::ApiGatewayV2::Stage": _stage,
    "AWS::ApiGatewayV2::VpcLink": _child("CreateVpcLink", "VpcLinkId", "DeleteVpcLink", ()),
}
