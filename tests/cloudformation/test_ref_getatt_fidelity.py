"""``Ref`` and every ``Fn::GetAtt`` attribute of every API Gateway resource type, checked against
CloudFormation's own resource provider schemas (the ones cfn-lint ships) and against what the API
itself answers for the resource made.

The schemas are the oracle for which attributes exist (``readOnlyProperties``); the template reference's
"Return values" sections say what ``Ref`` answers. An attribute the schema does not list fails the stack
with CloudFormation's "Requested attribute X does not exist in schema for T"; one it lists but the
resource has no value for (a regional domain's ``DistributionDomainName``) with "Attribute 'X' does not
exist" (CloudFormation's words for an empty attribute of a registry type).
"""

from __future__ import annotations

import copy
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.cloudformation import TemplateError
from gwmock.cloudformation.schema import TYPES
from gwmock.cloudformation.template import load

EVERY_TYPE = Path(__file__).parent / "data" / "every_type.yaml"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"

# what every_type.yaml lacks: the types made from a domain name's ARN, an edge domain (its distribution
# attributes), a private domain (DomainNameV2)
EXTRA: dict[str, Any] = {
    "EdgeDomain": {"Type": "AWS::ApiGateway::DomainName",
                   "Properties": {"DomainName": "edge.example.com", "CertificateArn": CERT}},
    "PrivateDomain": {"Type": "AWS::ApiGateway::DomainNameV2",
                      "Properties": {"DomainName": "private.example.com", "CertificateArn": CERT,
                                     "EndpointConfiguration": {"Types": ["PRIVATE"]}}},
    "PrivateMapping": {"Type": "AWS::ApiGateway::BasePathMappingV2", "DependsOn": "Stage",
                       "Properties": {"DomainNameArn": {"Ref": "PrivateDomain"}, "RestApiId": {"Ref": "Api"},
                                      "Stage": "live", "BasePath": "v2"}},
    "Association": {"Type": "AWS::ApiGateway::DomainNameAccessAssociation",
                    "Properties": {"DomainNameArn": {"Ref": "PrivateDomain"}, "AccessAssociationSourceType": "VPCE",
                                   "AccessAssociationSource": "vpce-0123456789abcdef0"}},
    "RulesDomain": {"Type": "AWS::ApiGatewayV2::DomainName",
                    "Properties": {"DomainName": "rules.example.com", "RoutingMode": "ROUTING_RULE_THEN_API_MAPPING",
                                   "DomainNameConfigurations": [{"CertificateArn": CERT,
                                                                 "EndpointType": "REGIONAL"}]}},
    "Rule": {"Type": "AWS::ApiGatewayV2::RoutingRule",
             "Properties": {"DomainNameArn": {"Fn::GetAtt": ["RulesDomain", "DomainNameArn"]}, "Priority": 10,
                            "Conditions": [{"MatchBasePaths": {"AnyOf": ["orders"]}}],
                            "Actions": [{"InvokeApi": {"ApiId": {"Ref": "Api"}, "Stage": "live"}}]}},
}


@cache
def schema_attributes(kind: str) -> tuple[str, ...]:
    """The attributes CloudFormation's schema for ``kind`` lets ``Fn::GetAtt`` read (cfn-lint's copy)."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    return tuple(PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", kind).get_atts)


def api_gateway_types() -> list[str]:
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    return sorted(t for t in PROVIDER_SCHEMA_MANAGER.get_resource_types("us-east-1")
                  if t.startswith(("AWS::ApiGateway::", "AWS::ApiGatewayV2::")))


def every_type_template() -> dict[str, Any]:
    document = copy.deepcopy(load(EVERY_TYPE)[0])
    document["Resources"].update(copy.deepcopy(EXTRA))
    return document


# attributes a resource has no value for: a regional domain has no CloudFront distribution, an edge one
# no regional endpoint
EMPTY = {("Domain", "DistributionDomainName"), ("Domain", "DistributionHostedZoneId"),
         ("EdgeDomain", "RegionalDomainName"), ("EdgeDomain", "RegionalHostedZoneId")}


def outputs_for(document: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    """Output name -> (logical id, attribute or None for Ref): a Ref of each resource, a GetAtt of each
    attribute its type's schema lists."""
    wanted: dict[str, tuple[str, str | None]] = {}
    for logical_id, definition in document["Resources"].items():
        wanted[f"{logical_id}Ref"] = (logical_id, None)
        for attribute in schema_attributes(definition["Type"]):
            if (logical_id, attribute) not in EMPTY:
                wanted[f"{logical_id}{attribute}"] = (logical_id, attribute)
    return wanted


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    pytest.importorskip("cfnlint")
    document = every_type_template()
    wanted = outputs_for(document)
    document["Outputs"] = {name: {"Value": {"Ref": lid} if att is None else {"Fn::GetAtt": [lid, att]}}
                           for name, (lid, att) in wanted.items()}
    return document


@pytest.fixture
def stack(gwmock, template):
    return gwmock.deploy_template(template, name="fidelity")


# Types CloudFormation added after gwmock's table was written (cfn-lint 1.58's schemas have them, 1.51's
# do not): named here, so that a test run with a newer cfn-lint says so instead of failing CI on a clean
# machine. Any other type the schemas list and gwmock lacks fails.
NOT_YET_DEPLOYED = frozenset({"AWS::ApiGatewayV2::PortalProduct"})
# Attributes that differ between cfn-lint releases' copies of a schema: cfn-lint 1.51 lists a v2 Stage's
# ``Id``, 1.58 does not; 1.58 adds a v2 Api's ``ExecuteApiArn``. gwmock answers both.
ACROSS_RELEASES = {"AWS::ApiGatewayV2::Stage": {"Id"}, "AWS::ApiGatewayV2::Api": {"ExecuteApiArn"}}


def test_every_api_gateway_type_of_the_schemas_is_deployed_and_covered():
    pytest.importorskip("cfnlint")
    kinds = {d["Type"] for d in every_type_template()["Resources"].values()}
    newer = [t for t in api_gateway_types() if t not in TYPES]
    if newer:
        warnings.warn(f"CloudFormation types gwmock does not deploy yet: {newer}", stacklevel=1)
    assert [t for t in newer if t not in NOT_YET_DEPLOYED] == []
    assert [t for t in api_gateway_types() if t not in kinds and t not in NOT_YET_DEPLOYED] == []


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_gwmock_knows_the_attributes_the_schema_lists(kind):
    pytest.importorskip("cfnlint")
    differ = set(TYPES[kind][2]) ^ set(schema_attributes(kind))
    assert differ <= ACROSS_RELEASES.get(kind, set())


GETATT_RULES = {"E1010", "E6101"}  # cfn-lint's checks of Fn::GetAtt in resources and in outputs


def _getatt_errors(document: dict[str, Any]) -> list[str]:
    import json

    from cfnlint.api import ManualArgs, lint

    found = lint(json.dumps(document), config=ManualArgs(regions=["us-east-1"]))
    return [m.message for m in found if m.rule.id in GETATT_RULES]


def test_cfn_lint_accepts_every_getatt_of_the_template(template):
    """The template itself is valid CloudFormation: every GetAtt names an attribute that exists (and the
    oracle does catch one that does not)."""
    assert _getatt_errors(template) == []
    broken = copy.deepcopy(template)
    broken["Outputs"]["Broken"] = {"Value": {"Fn::GetAtt": ["Api", "Name"]}}
    assert len(_getatt_errors(broken)) == 1


def _rest_expectations(stack, apigateway) -> dict[str, Any]:
    r = stack.resources
    api = apigateway.get_rest_api(restApiId=r["Api"])
    resources = {i["path"]: i["id"] for i in apigateway.get_resources(restApiId=api["id"])["items"]}
    plan_key = apigateway.get_usage_plan_key(usagePlanId=r["Plan"], keyId=r["Key"])
    domain = apigateway.get_domain_name(domainName="api.example.com")
    edge = apigateway.get_domain_name(domainName="edge.example.com")
    private = [d for d in apigateway.get_domain_names(resourceOwner="SELF")["items"]
               if d["domainName"] == "private.example.com"]
    associations = apigateway.get_domain_name_access_associations()["items"]
    return {
        "ApiRef": api["id"], "ApiRestApiId": api["id"], "ApiRootResourceId": api["rootResourceId"],
        "PetsRef": resources["/pets"], "PetsResourceId": resources["/pets"],
        "PetModelRef": "Pet",
        "ValidatorRef": apigateway.get_request_validators(restApiId=api["id"])["items"][0]["id"],
        "AuthorizerRef": apigateway.get_authorizers(restApiId=api["id"])["items"][0]["id"],
        "DocPartRef": apigateway.get_documentation_parts(restApiId=api["id"])["items"][0]["id"],
        "DeploymentRef": apigateway.get_deployments(restApiId=api["id"])["items"][0]["id"],
        "DocVersionRef": "1.0",
        "CertificateRef": apigateway.get_client_certificates()["items"][0]["clientCertificateId"],
        "StageRef": "live",
        "KeyRef": apigateway.get_api_keys()["items"][0]["id"],
        "PlanRef": apigateway.get_usage_plans()["items"][0]["id"],
        # the template reference: "the ID of the key and ID of the usage plan combined with a ':'"
        "PlanKeyRef": f"{plan_key['id']}:{r['Plan']}", "PlanKeyId": f"{plan_key['id']}:{r['Plan']}",
        "DomainRef": "api.example.com", "DomainRegionalDomainName": domain["regionalDomainName"],
        "DomainRegionalHostedZoneId": domain["regionalHostedZoneId"], "DomainDomainNameArn": domain["domainNameArn"],
        "EdgeDomainRef": "edge.example.com", "EdgeDomainDistributionDomainName": edge["distributionDomainName"],
        "EdgeDomainDistributionHostedZoneId": edge["distributionHostedZoneId"],
        "EdgeDomainDomainNameArn": edge["domainNameArn"],
        "PrivateDomainRef": private[0]["domainNameArn"], "PrivateDomainDomainNameArn": private[0]["domainNameArn"],
        "PrivateDomainDomainNameId": private[0]["domainNameId"],
        "AssociationRef": associations[0]["domainNameAccessAssociationArn"],
        "LinkRef": apigateway.get_vpc_links()["items"][0]["id"],
    }


def _v2_expectations(stack, apigatewayv2) -> dict[str, Any]:
    r = stack.resources
    http = apigatewayv2.get_api(ApiId=r["Http"])
    domain = apigatewayv2.get_domain_name(DomainName="http.example.com")
    rules_domain = apigatewayv2.get_domain_name(DomainName="rules.example.com")
    rule = apigatewayv2.list_routing_rules(DomainName="rules.example.com")["RoutingRules"][0]
    return {
        "HttpRef": http["ApiId"], "HttpApiId": http["ApiId"], "HttpApiEndpoint": http["ApiEndpoint"],
        "JwtRef": apigatewayv2.get_authorizers(ApiId=r["Http"])["Items"][0]["AuthorizerId"],
        "HttpIntegrationRef": apigatewayv2.get_integrations(ApiId=r["Http"])["Items"][0]["IntegrationId"],
        "HttpRouteRef": apigatewayv2.get_routes(ApiId=r["Http"])["Items"][0]["RouteId"],
        "HttpDeploymentRef": apigatewayv2.get_deployments(ApiId=r["Http"])["Items"][0]["DeploymentId"],
        "HttpStageRef": "prod",
        "HttpDomainRef": "http.example.com",
        "HttpDomainRegionalDomainName": domain["DomainNameConfigurations"][0]["ApiGatewayDomainName"],
        "HttpDomainRegionalHostedZoneId": domain["DomainNameConfigurations"][0]["HostedZoneId"],
        "HttpDomainDomainNameArn": domain["DomainNameArn"],
        "HttpMappingRef": apigatewayv2.get_api_mappings(DomainName="http.example.com")["Items"][0]["ApiMappingId"],
        "HttpLinkRef": apigatewayv2.get_vpc_links()["Items"][0]["VpcLinkId"],
        "WsModelRef": apigatewayv2.get_models(ApiId=r["Ws"])["Items"][0]["ModelId"],
        "WsIntegrationResponseRef": apigatewayv2.get_integration_responses(
            ApiId=r["Ws"], IntegrationId=r["WsIntegration"])["Items"][0]["IntegrationResponseId"],
        "WsRouteResponseRef": apigatewayv2.get_route_responses(
            ApiId=r["Ws"], RouteId=r["WsRoute"])["Items"][0]["RouteResponseId"],
        "RulesDomainDomainNameArn": rules_domain["DomainNameArn"],
        "RuleRef": rule["RoutingRuleArn"], "RuleRoutingRuleArn": rule["RoutingRuleArn"],
        "RuleRoutingRuleId": rule["RoutingRuleId"],
    }


# an attribute that is the resource's own id answers what Ref answers (its primary identifier)
SAME_AS_REF = {
    "AuthorizerId", "DeploymentId", "DocumentationPartId", "RequestValidatorId", "ClientCertificateId",
    "APIKeyId", "VpcLinkId", "IntegrationId", "RouteId", "ModelId", "IntegrationResponseId", "RouteResponseId",
    "ApiMappingId", "BasePathMappingArn", "DomainNameAccessAssociationArn",
}


def test_every_ref_and_attribute_answers_what_the_api_answers(stack, apigateway, apigatewayv2):
    wanted = outputs_for(every_type_template())
    assert set(stack.outputs) == set(wanted)
    expected = {**_rest_expectations(stack, apigateway), **_v2_expectations(stack, apigatewayv2)}
    for name, (logical_id, attribute) in wanted.items():
        value = stack.outputs[name]
        assert isinstance(value, str) and value, name
        if attribute is None:
            assert value == stack.resources[logical_id], name
        if attribute in SAME_AS_REF or (attribute == "Id" and logical_id != "PlanKey"):
            assert value == stack.outputs[f"{logical_id}Ref"], name
        if name in expected:
            assert value == expected[name], name


def test_the_private_mapping_arn_names_its_domain_and_base_path(stack):
    arn = stack.outputs["PrivateMappingBasePathMappingArn"]
    assert arn == f"{stack.outputs['PrivateDomainDomainNameArn']}/basepathmappings/v2"


def _one_getatt(logical_id: str, attribute: Any) -> dict[str, Any]:
    document = every_type_template()
    document["Outputs"] = {"Out": {"Value": {"Fn::GetAtt": [logical_id, attribute]}}}
    return document


def _refused(gwmock, document) -> TemplateError:
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(document, name="refused")
    assert gwmock.snapshot() == before  # rolled back: nothing of the stack is left
    return caught.value


@pytest.mark.parametrize(("logical_id", "attribute"), [
    ("Api", "Name"), ("Api", "rootResourceId"), ("Stage", "StageName"), ("Method", "Id"),
    ("Domain", "DomainNameId"), ("PrivateDomain", "RegionalDomainName"), ("Http", "RootResourceId"),
    ("HttpDomain", "DistributionDomainName"), ("HttpStage", "StageName"), ("PlanKey", "KeyId"),
    ("Account", "CloudWatchRoleArn"), ("Mapping", "BasePathMappingArn"), ("Quick", "Name"),
])
def test_an_attribute_the_schema_does_not_list_fails_the_stack(gwmock, apigateway, logical_id, attribute):
    logical_id = "PostPet" if logical_id == "Method" else logical_id
    kind = every_type_template()["Resources"][logical_id]["Type"]
    assert attribute not in schema_attributes(kind)

    error = _refused(gwmock, _one_getatt(logical_id, attribute))

    assert error.reason == f"Requested attribute {attribute} does not exist in schema for {kind}"
    assert error.logical_id == "Out"
    assert apigateway.get_rest_apis()["items"] == []


@pytest.mark.parametrize("attribute", ["DistributionDomainName", "DistributionHostedZoneId"])
def test_a_listed_attribute_the_resource_has_no_value_for_fails_the_stack(gwmock, attribute):
    """A regional domain has no distribution: the schema lists the attribute, the resource has none."""
    assert attribute in schema_attributes("AWS::ApiGateway::DomainName")

    error = _refused(gwmock, _one_getatt("Domain", attribute))

    assert error.reason == f"Attribute '{attribute}' does not exist"


def test_a_private_domain_made_as_domain_name_v1_has_no_domain_name_id_attribute(gwmock):
    """``AWS::ApiGateway::DomainName``'s schema has no ``DomainNameId`` even for a private domain."""
    document = {"Resources": {"D": {"Type": "AWS::ApiGateway::DomainName", "Properties": {
        "DomainName": "p.example.com", "CertificateArn": CERT, "EndpointConfiguration": {"Types": ["PRIVATE"]}}}},
        "Outputs": {"Out": {"Value": {"Fn::GetAtt": ["D", "DomainNameId"]}}}}

    error = _refused(gwmock, document)

    assert error.reason == "Requested attribute DomainNameId does not exist in schema for AWS::ApiGateway::DomainName"


@pytest.mark.parametrize("attribute", ["", [], {"Ref": "AWS::NoValue"}, 7, None])
def test_an_empty_or_malformed_attribute_name_is_refused_as_cloudformation_words_it(gwmock, attribute):
    error = _refused(gwmock, _one_getatt("Api", attribute))

    assert error.reason == ("Template error: every Fn::GetAtt object requires two non-empty parameters, "
                            "the resource name and the resource attribute")


def test_a_getatt_in_a_property_names_the_resource_that_reads_it(gwmock, apigateway):
    document = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}},
        "Child": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceID"]}, "PathPart": "x"}}}}

    error = _refused(gwmock, document)

    assert (error.logical_id, error.prop) == ("Child", "Properties")
    assert error.reason == "Requested attribute RootResourceID does not exist in schema for AWS::ApiGateway::RestApi"
    assert apigateway.get_rest_apis()["items"] == []


def test_getatt_in_sub_is_checked_the_same_way(gwmock):
    document = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}}},
                "Outputs": {"Out": {"Value": {"Fn::Sub": "${Api.RootResourceId}/${Api.Nope}"}}}}

    error = _refused(gwmock, document)

    assert error.reason == "Requested attribute Nope does not exist in schema for AWS::ApiGateway::RestApi"


def test_the_mock_still_deploys_after_refusals(gwmock, apigateway):
    for attribute in ("Nope", ""):
        with pytest.raises(TemplateError):
            gwmock.deploy_template(_one_getatt("Api", attribute), name="refused")
    stack = gwmock.deploy_template({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
                                                          "Properties": {"Name": "after"}}},
                                    "Outputs": {"Root": {"Value": {"Fn::GetAtt": "Api.RootResourceId"}}}})
    assert stack.outputs["Root"] == apigateway.get_rest_api(restApiId=stack.resources["Api"])["rootResourceId"]


def test_a_type_gwmock_does_not_know_in_the_api_gateway_namespace_fails_before_anything_is_made(gwmock, apigateway):
    document = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}},
                              "Odd": {"Type": "AWS::ApiGateway::Integration", "Properties": {}}}}

    error = _refused(gwmock, document)

    assert error.reason == "Template format error: Unrecognized resource types: [AWS::ApiGateway::Integration]"


def test_another_services_resource_answers_ref_and_its_arn_without_being_made(gwmock):
    """Types of other services are ids only (``others.py``): listed under ``not_created``."""
    document = {"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "r"}}},
                "Outputs": {"Ref": {"Value": {"Ref": "Role"}}, "Arn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}}}}

    stack = gwmock.deploy_template(document)

    assert stack.outputs == {"Ref": "r", "Arn": "arn:aws:iam::123456789012:role/r"}
    assert stack.not_created == ["Role"]


ATTRIBUTE_NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=300)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=ATTRIBUTE_NAMES)
def test_any_attribute_name_is_answered_or_refused_never_a_crash(gwmock, name):
    document = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "fuzz"}}},
                "Outputs": {"Out": {"Value": {"Fn::GetAtt": ["Api", name]}}}}
    try:
        stack = gwmock.deploy_template(document, name="fuzz")
    except TemplateError as error:
        assert name not in ("RestApiId", "RootResourceId")
        assert error.reason == f"Requested attribute {name} does not exist in schema for AWS::ApiGateway::RestApi"
    else:
        assert name in ("RestApiId", "RootResourceId")
        stack.delete()


@pytest.mark.parametrize("value", [{"Fn::GetAtt": "Api"}, {"Fn::GetAtt": "Api."}, {"Fn::GetAtt": ".RootResourceId"},
                                   {"Fn::GetAtt": ["", "RootResourceId"]}, {"Fn::Sub": "${Api.}"},
                                   {"Fn::GetAtt": ["Api", "RootResourceId", "x"]}])
def test_short_forms_without_both_names_are_refused(gwmock, value):
    document = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}}},
                "Outputs": {"Out": {"Value": value}}}

    error = _refused(gwmock, document)

    assert error.reason == ("Template error: every Fn::GetAtt object requires two non-empty parameters, "
                            "the resource name and the resource attribute")


def test_apis_made_from_a_body_answer_their_attributes(gwmock, apigateway, apigatewayv2):
    openapi = {"openapi": "3.0.1", "info": {"title": "doc", "version": "1"},
               "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}}}
    http = {"openapi": "3.0.1", "info": {"title": "http", "version": "1"},
            "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {
                "type": "http_proxy", "httpMethod": "GET", "uri": "https://example.com/",
                "payloadFormatVersion": "1.0"}}}}}
    document = {"Resources": {"Rest": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": openapi}},
                              "Http": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Body": http}}},
                "Outputs": {"Root": {"Value": {"Fn::GetAtt": ["Rest", "RootResourceId"]}},
                            "RestId": {"Value": {"Fn::GetAtt": ["Rest", "RestApiId"]}},
                            "Endpoint": {"Value": {"Fn::GetAtt": ["Http", "ApiEndpoint"]}},
                            "HttpId": {"Value": {"Fn::GetAtt": ["Http", "ApiId"]}}}}

    stack = gwmock.deploy_template(document)

    rest = apigateway.get_rest_api(restApiId=stack.resources["Rest"])
    assert (stack.outputs["Root"], stack.outputs["RestId"]) == (rest["rootResourceId"], rest["id"])
    api = apigatewayv2.get_api(ApiId=stack.resources["Http"])
    assert (stack.outputs["Endpoint"], stack.outputs["HttpId"]) == (api["ApiEndpoint"], api["ApiId"])


def test_a_usage_plan_key_ref_feeds_nothing_that_expects_the_key_id(gwmock, apigateway):
    """The ``{keyId}:{usagePlanId}`` Ref is only an identifier: deleting the stack still removes the key."""
    stack = gwmock.deploy_template(every_type_template(), name="plankey")
    plan, key = stack.resources["Plan"], stack.resources["Key"]
    assert stack.resources["PlanKey"] == f"{key}:{plan}"

    stack.delete()

    assert apigateway.get_usage_plans()["items"] == []
    assert apigateway.get_api_keys()["items"] == []
