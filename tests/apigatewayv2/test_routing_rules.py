"""Routing rules of custom domain names."""

from __future__ import annotations

import boto3
import pytest
from helpers import assert_error, error_of

DOMAIN = "rules.example.com"


@pytest.fixture
def v1(gwmock):
    return boto3.client("apigateway", region_name="us-east-1")


POLICY = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
          '"Action": "execute-api:Invoke", "Resource": "*"}]}')


def _deployed_rest_api(v1, name="routed", **options):
    api = v1.create_rest_api(name=name, **options)
    v1.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE")
    v1.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    v1.create_deployment(restApiId=api["id"], stageName="prod")
    return api["id"]


@pytest.fixture
def api_id(v1, apigatewayv2):
    apigatewayv2.create_domain_name(DomainName=DOMAIN, RoutingMode="ROUTING_RULE_ONLY", DomainNameConfigurations=[
        {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/c", "EndpointType": "REGIONAL"}])
    return _deployed_rest_api(v1)


def _strip(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def _create(client, api_id, priority=50, domain=DOMAIN, **kwargs):
    args = {"DomainName": domain, "Priority": priority,
            "Conditions": [{"MatchBasePaths": {"AnyOf": ["PetStoreShopper"]}}],
            "Actions": [{"InvokeApi": {"ApiId": api_id, "Stage": "prod"}}]}
    return client.create_routing_rule(**{**args, **kwargs})


def test_create_routing_rule(apigatewayv2, api_id):
    rule = _create(apigatewayv2, api_id)
    rule_id = rule["RoutingRuleId"]

    assert rule["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(rule_id) == 6
    assert rule["RoutingRuleArn"] == (
        f"arn:aws:apigateway:us-east-1:123456789012:/domainnames/{DOMAIN}/routingrules/{rule_id}")
    assert rule["Priority"] == 50
    assert rule["Conditions"] == [{"MatchBasePaths": {"AnyOf": ["PetStoreShopper"]}}]
    assert rule["Actions"] == [{"InvokeApi": {"ApiId": api_id, "Stage": "prod", "StripBasePath": False}}]
    got = apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule_id)
    assert _strip(got) == _strip(rule)


def test_header_conditions_and_catch_all(apigatewayv2, api_id):
    version = {"MatchHeaders": {"AnyOf": [{"Header": "x-version", "ValueGlob": "v2*"}]}}
    beta = {"MatchHeaders": {"AnyOf": [{"Header": "x-beta", "ValueGlob": "*yes*"}]}}
    base = {"MatchBasePaths": {"AnyOf": ["orders"]}}
    rule = _create(apigatewayv2, api_id, priority=1, Conditions=[version, base, beta],
                   Actions=[{"InvokeApi": {"ApiId": api_id, "Stage": "prod", "StripBasePath": True}}])
    catch_all = _create(apigatewayv2, api_id, priority=1000000, Conditions=[])

    assert rule["Conditions"] == [version, base, beta]
    assert rule["Actions"][0]["InvokeApi"]["StripBasePath"] is True
    assert catch_all["Conditions"] == []


@pytest.mark.parametrize("change", [
    {"Conditions": [{"MatchBasePaths": {"AnyOf": ["a"]}}, {"MatchBasePaths": {"AnyOf": ["b"]}}]},
    {"Conditions": [{"MatchHeaders": {"AnyOf": [{"Header": "h", "ValueGlob": "v"}]}}] * 3},
    {"Conditions": [{}]},
    {"Conditions": [{"MatchBasePaths": {"AnyOf": []}}]},
    {"Actions": []},
    {"Actions": [{"InvokeApi": {"ApiId": "nope", "Stage": "prod"}}]},
    {"Actions": [{"InvokeApi": {"ApiId": "API", "Stage": "nope"}}]},
])
def test_create_routing_rule_bad_requests(apigatewayv2, api_id, change):
    if "Actions" in change and change["Actions"] and change["Actions"][0]["InvokeApi"]["ApiId"] == "API":
        change = {"Actions": [{"InvokeApi": {"ApiId": api_id, "Stage": "nope"}}]}

    assert_error(error_of(_create, apigatewayv2, api_id, **change), "BadRequestException", status=400)
    assert apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"] == []


def test_priority_is_unique(apigatewayv2, api_id):
    _create(apigatewayv2, api_id, priority=10)

    assert_error(error_of(_create, apigatewayv2, api_id, priority=10), "ConflictException", status=409)
    assert len(apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"]) == 1


def test_unknown_domain_and_rule(apigatewayv2, api_id):
    resp = error_of(_create, apigatewayv2, api_id, domain="missing.example.com")
    assert_error(resp, "NotFoundException", "Invalid domain name identifier specified", 404)
    assert resp["ResourceType"] == "DomainName"
    resp = error_of(apigatewayv2.get_routing_rule, DomainName=DOMAIN, RoutingRuleId="nope")
    assert_error(resp, "NotFoundException", "Invalid RoutingRule identifier specified nope", 404)
    assert resp["ResourceType"] == "RoutingRule"


def test_list_routing_rules_by_priority_with_pages(apigatewayv2, api_id):
    for priority in (30, 10, 20):
        _create(apigatewayv2, api_id, priority=priority)

    first = apigatewayv2.list_routing_rules(DomainName=DOMAIN, MaxResults=2)
    rest = apigatewayv2.list_routing_rules(DomainName=DOMAIN, NextToken=first["NextToken"])

    assert [r["Priority"] for r in first["RoutingRules"]] == [10, 20]
    assert [r["Priority"] for r in rest["RoutingRules"]] == [30] and "NextToken" not in rest


def test_put_routing_rule_replaces_it(apigatewayv2, api_id):
    rule = _create(apigatewayv2, api_id, priority=5)
    _create(apigatewayv2, api_id, priority=6)
    rule_id = rule["RoutingRuleId"]
    new = {"Priority": 7, "Conditions": [{"MatchBasePaths": {"AnyOf": ["orders"]}}],
           "Actions": [{"InvokeApi": {"ApiId": api_id, "Stage": "prod", "StripBasePath": True}}]}

    resp = apigatewayv2.put_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule_id, **new)

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _strip(resp) == {**new, "RoutingRuleId": rule_id, "RoutingRuleArn": rule["RoutingRuleArn"]}
    assert apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule_id)["Priority"] == 7
    assert_error(error_of(apigatewayv2.put_routing_rule, DomainName=DOMAIN, RoutingRuleId=rule_id,
                          **{**new, "Priority": 6}), "ConflictException", status=409)
    assert_error(error_of(apigatewayv2.put_routing_rule, DomainName=DOMAIN, RoutingRuleId="nope", **new),
                 "NotFoundException", status=404)
    assert apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule_id)["Priority"] == 7


def test_delete_routing_rule(apigatewayv2, api_id):
    rule_id = _create(apigatewayv2, api_id)["RoutingRuleId"]

    resp = apigatewayv2.delete_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule_id)

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"] == []
    assert_error(error_of(apigatewayv2.delete_routing_rule, DomainName=DOMAIN, RoutingRuleId=rule_id),
                 "NotFoundException", status=404)


def test_rules_on_a_v1_private_domain_name(apigatewayv2, v1, api_id):
    private = v1.create_domain_name(domainName="priv.example.com", endpointConfiguration={"types": ["PRIVATE"]},
                                    routingMode="ROUTING_RULE_THEN_BASE_PATH_MAPPING")
    domain_id = private["domainNameId"]
    private_api = _deployed_rest_api(v1, "private", endpointConfiguration={"types": ["PRIVATE"]}, policy=POLICY)

    rule = _create(apigatewayv2, private_api, domain="priv.example.com", DomainNameId=domain_id)

    assert rule["RoutingRuleArn"].endswith(f"/domainnames/priv.example.com+{domain_id}/routingrules/"
                                           f"{rule['RoutingRuleId']}")
    assert len(apigatewayv2.list_routing_rules(DomainName="priv.example.com", DomainNameId=domain_id)[
        "RoutingRules"]) == 1
    assert_error(error_of(apigatewayv2.list_routing_rules, DomainName="priv.example.com"),
                 "NotFoundException", status=404)
    v1.delete_domain_name(domainName="priv.example.com", domainNameId=domain_id)
    v1.create_domain_name(domainName="priv.example.com", endpointConfiguration={"types": ["REGIONAL"]})
    assert apigatewayv2.list_routing_rules(DomainName="priv.example.com")["RoutingRules"] == []
