"""Custom domain names are one resource across apigateway (v1) and apigatewayv2, as in AWS.

A REGIONAL name created with either client is answered by the other; v1 base path
mappings and v2 API mappings are the same mappings; deletes and tags go across.
EDGE (and private) names exist only in v1: v2 refuses to manage them with AWS's
"Only REGIONAL domain names ..." (amplify-education/serverless-domain-manager#359, #401)
and leaves them out of GetDomainNames (a guess).
"""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of, in_model

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
ARN = "arn:aws:apigateway:us-east-1::/domainnames/{}"
NAME = "api.example.com"
ONLY_REGIONAL = ("Only REGIONAL domain names can be managed through the API Gateway V2 API. For EDGE domain names, "
                 "please use the API Gateway V1 API. Also note that only REST APIs can be attached to EDGE domain "
                 "names.")


def _v1_regional(client, name=NAME, **kwargs):
    return client.create_domain_name(domainName=name, regionalCertificateArn=CERT,
                                     endpointConfiguration={"types": ["REGIONAL"]}, **kwargs)


def _v2_domain(client, name=NAME, **kwargs):
    return client.create_domain_name(DomainName=name, DomainNameConfigurations=[{"CertificateArn": CERT}], **kwargs)


def _rest_api_with_stage(v1, stage="prod"):
    api = v1.create_rest_api(name="rest")
    v1.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE")
    v1.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    v1.create_deployment(restApiId=api["id"], stageName=stage)
    return api["id"]


def _http_api_with_stage(v2, stage="dev"):
    api_id = v2.create_api(Name="http", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=api_id, StageName=stage)
    return api_id


def _strip(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


# --- domains ----------------------------------------------------------------------------


def test_create_v1_regional_get_v2(apigateway, apigatewayv2):
    created = _v1_regional(apigateway, tags={"team": "a"}, securityPolicy="TLS_1_2",
                           mutualTlsAuthentication={"truststoreUri": "s3://b/t.pem", "truststoreVersion": "3"})
    got = apigatewayv2.get_domain_name(DomainName=NAME)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _strip(got) == in_model({
        "ApiMappingSelectionExpression": "$request.basepath",
        "DomainName": NAME,
        "DomainNameArn": ARN.format(NAME),
        "DomainNameConfigurations": [{
            "ApiGatewayDomainName": created["regionalDomainName"],
            "CertificateArn": CERT,
            "DomainNameStatus": "AVAILABLE",
            "EndpointType": "REGIONAL",
            "HostedZoneId": created["regionalHostedZoneId"],
            "IpAddressType": "ipv4",
            "SecurityPolicy": "TLS_1_2",
        }],
        "MutualTlsAuthentication": {"TruststoreUri": "s3://b/t.pem", "TruststoreVersion": "3"},
        "RoutingMode": "API_MAPPING_ONLY",
        "Tags": {"team": "a"},
    })
    assert [d["DomainName"] for d in apigatewayv2.get_domain_names()["Items"]] == [NAME]
    assert apigatewayv2.get_domain_names()["Items"][0] == _strip(got)


def test_create_v2_get_v1(apigateway, apigatewayv2):
    created = _v2_domain(apigatewayv2, Tags={"env": "dev"}, RoutingMode="ROUTING_RULE_THEN_API_MAPPING")
    config = created["DomainNameConfigurations"][0]
    got = apigateway.get_domain_name(domainName=NAME)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _strip(got) == {
        "domainName": NAME,
        "domainNameArn": ARN.format(NAME),
        "regionalDomainName": config["ApiGatewayDomainName"],
        "regionalHostedZoneId": config["HostedZoneId"],
        "regionalCertificateArn": CERT,
        "endpointConfiguration": {"types": ["REGIONAL"], "ipAddressType": "ipv4"},
        "securityPolicy": "TLS_1_2",
        "domainNameStatus": "AVAILABLE",
        "routingMode": "ROUTING_RULE_THEN_BASE_PATH_MAPPING",
        "tags": {"env": "dev"},
    }
    assert [d["domainName"] for d in apigateway.get_domain_names()["items"]] == [NAME]


def test_v2_without_tags_answers_no_v1_tags(apigateway, apigatewayv2):
    _v2_domain(apigatewayv2)
    assert "tags" not in apigateway.get_domain_name(domainName=NAME)
    assert apigatewayv2.get_domain_name(DomainName=NAME)["Tags"] == {}


def test_one_name_for_both_clients(apigateway, apigatewayv2):
    _v1_regional(apigateway)
    error = error_of(_v2_domain, apigatewayv2)
    assert_error(error, "ConflictException", "The domain name you provided already exists.", 409)
    _v2_domain(apigatewayv2, "other.example.com")
    error = error_of(_v1_regional, apigateway, "other.example.com")
    assert_error(error, "ConflictException", "The domain name you provided already exists.", 409)
    assert len(apigateway.get_domain_names()["items"]) == 2
    assert len(apigatewayv2.get_domain_names()["Items"]) == 2


def test_updates_are_seen_by_the_other_client(apigateway, apigatewayv2):
    _v2_domain(apigatewayv2)
    other = CERT.replace("5555", "6666")
    apigateway.update_domain_name(domainName=NAME, patchOperations=[
        {"op": "replace", "path": "/regionalCertificateArn", "value": other}])
    config = apigatewayv2.get_domain_name(DomainName=NAME)["DomainNameConfigurations"][0]
    assert (config["CertificateArn"], config["SecurityPolicy"]) == (other, "TLS_1_2")

    updated = apigatewayv2.update_domain_name(DomainName=NAME, RoutingMode="ROUTING_RULE_ONLY",
                                              DomainNameConfigurations=[{"CertificateArn": CERT,
                                                                         "IpAddressType": "dualstack"}],
                                              MutualTlsAuthentication={"TruststoreUri": "s3://b/k"})
    got = apigateway.get_domain_name(domainName=NAME)
    assert got["regionalCertificateArn"] == CERT and got["securityPolicy"] == "TLS_1_2"
    assert got["endpointConfiguration"] == {"types": ["REGIONAL"], "ipAddressType": "dualstack"}
    assert got["routingMode"] == "ROUTING_RULE_ONLY"
    assert got["mutualTlsAuthentication"] == {"truststoreUri": "s3://b/k"}
    assert got["regionalDomainName"] == updated["DomainNameConfigurations"][0]["ApiGatewayDomainName"]


@pytest.mark.parametrize("creator", ["v1", "v2"])
@pytest.mark.parametrize("deleter", ["v1", "v2"])
def test_delete_with_either_client(apigateway, apigatewayv2, creator, deleter):
    api_id = _rest_api_with_stage(apigateway)
    if creator == "v1":
        _v1_regional(apigateway)
    else:
        _v2_domain(apigatewayv2)
    apigateway.create_base_path_mapping(domainName=NAME, restApiId=api_id, stage="prod", basePath="a")
    apigatewayv2.create_api_mapping(DomainName=NAME, ApiId=api_id, Stage="prod", ApiMappingKey="b")
    if deleter == "v1":
        assert apigateway.delete_domain_name(domainName=NAME)["ResponseMetadata"]["HTTPStatusCode"] == 202
    else:
        assert apigatewayv2.delete_domain_name(DomainName=NAME)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert_error(error_of(apigateway.get_domain_name, domainName=NAME), "NotFoundException",
                 "Invalid domain name identifier specified", 404)
    assert_error(error_of(apigatewayv2.get_domain_name, DomainName=NAME), "NotFoundException",
                 "Invalid domain name identifier specified", 404)
    assert apigateway.get_domain_names()["items"] == [] and apigatewayv2.get_domain_names()["Items"] == []
    assert_error(error_of(apigatewayv2.get_tags, ResourceArn=ARN.format(NAME)), "NotFoundException", status=404)
    # a new domain of the same name starts without the old mappings
    _v2_domain(apigatewayv2)
    assert apigateway.get_base_path_mappings(domainName=NAME)["items"] == []
    assert apigatewayv2.get_api_mappings(DomainName=NAME)["Items"] == []


# --- mappings ----------------------------------------------------------------------------


def test_v2_mapping_to_a_rest_api_is_a_base_path_mapping(apigateway, apigatewayv2):
    _v1_regional(apigateway)
    api_id = _rest_api_with_stage(apigateway)
    mapping = apigatewayv2.create_api_mapping(DomainName=NAME, ApiId=api_id, Stage="prod", ApiMappingKey="orders")
    assert mapping["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert _strip(mapping) == {"ApiId": api_id, "ApiMappingId": mapping["ApiMappingId"], "ApiMappingKey": "orders",
                               "Stage": "prod"}
    got = apigateway.get_base_path_mapping(domainName=NAME, basePath="orders")
    assert _strip(got) == {"basePath": "orders", "restApiId": api_id, "stage": "prod"}
    assert apigateway.get_base_path_mappings(domainName=NAME)["items"] == [
        {"basePath": "orders", "restApiId": api_id, "stage": "prod"}]


def test_empty_key_is_the_none_base_path(apigateway, apigatewayv2):
    _v2_domain(apigatewayv2)
    api_id = _rest_api_with_stage(apigateway)
    mapping_id = apigatewayv2.create_api_mapping(DomainName=NAME, ApiId=api_id, Stage="prod")["ApiMappingId"]
    assert apigateway.get_base_path_mappings(domainName=NAME)["items"] == [
        {"basePath": "(none)", "restApiId": api_id, "stage": "prod"}]
    apigateway.delete_base_path_mapping(domainName=NAME, basePath="(none)")
    assert_error(error_of(apigatewayv2.get_api_mapping, DomainName=NAME, ApiMappingId=mapping_id),
                 "NotFoundException", f"Invalid ApiMapping identifier specified {mapping_id}", 404)


def test_v1_base_path_mapping_is_an_api_mapping(apigateway, apigatewayv2):
    _v2_domain(apigatewayv2)
    api_id = _rest_api_with_stage(apigateway)
    apigateway.create_base_path_mapping(domainName=NAME, restApiId=api_id, stage="prod", basePath="v1items")
    apigateway.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, basePath="nostage")
    items = apigatewayv2.get_api_mappings(DomainName=NAME)["Items"]
    assert items == [
        {"ApiId": api_id, "ApiMappingId": items[0]["ApiMappingId"], "ApiMappingKey": "v1items", "Stage": "prod"},
        {"ApiId": api_id, "ApiMappingId": items[1]["ApiMappingId"], "ApiMappingKey": "nostage"},
    ]
    assert items[0]["ApiMappingId"] != items[1]["ApiMappingId"]
    got = apigatewayv2.get_api_mapping(DomainName=NAME, ApiMappingId=items[0]["ApiMappingId"])
    assert _strip(got) == items[0]
    apigatewayv2.delete_api_mapping(DomainName=NAME, ApiMappingId=items[0]["ApiMappingId"])
    assert_error(error_of(apigateway.get_base_path_mapping, domainName=NAME, basePath="v1items"),
                 "NotFoundException", "Invalid base path mapping identifier specified", 404)


def test_updates_of_mappings_across_clients(apigateway, apigatewayv2):
    _v2_domain(apigatewayv2)
    api_id = _rest_api_with_stage(apigateway)
    apigateway.create_stage(restApiId=api_id, stageName="beta",
                            deploymentId=apigateway.get_deployments(restApiId=api_id)["items"][0]["id"])
    mapping_id = apigatewayv2.create_api_mapping(DomainName=NAME, ApiId=api_id, Stage="prod",
                                                 ApiMappingKey="a")["ApiMappingId"]
    # v1 renames it: it keeps its v2 id
    apigateway.update_base_path_mapping(domainName=NAME, basePath="a", patchOperations=[
        {"op": "replace", "path": "/basepath", "value": "b"}, {"op": "replace", "path": "/stage", "value": "beta"}])
    got = apigatewayv2.get_api_mapping(DomainName=NAME, ApiMappingId=mapping_id)
    assert (got["ApiMappingKey"], got["Stage"]) == ("b", "beta")
    # v2 renames it back
    apigatewayv2.update_api_mapping(DomainName=NAME, ApiMappingId=mapping_id, ApiId=api_id, ApiMappingKey="c")
    assert [m["basePath"] for m in apigateway.get_base_path_mappings(domainName=NAME)["items"]] == ["c"]
    assert apigateway.get_base_path_mapping(domainName=NAME, basePath="c")["stage"] == "beta"


def test_keys_are_unique_across_clients(apigateway, apigatewayv2):
    _v1_regional(apigateway)
    api_id = _rest_api_with_stage(apigateway)
    apigateway.create_base_path_mapping(domainName=NAME, restApiId=api_id, stage="prod", basePath="a")
    error = error_of(apigatewayv2.create_api_mapping, DomainName=NAME, ApiId=api_id, Stage="prod", ApiMappingKey="a")
    assert_error(error, "ConflictException", "ApiMapping key already exists for this domain name", 409)
    apigatewayv2.create_api_mapping(DomainName=NAME, ApiId=api_id, Stage="prod", ApiMappingKey="b")
    error = error_of(apigateway.create_base_path_mapping, domainName=NAME, restApiId=api_id, stage="prod",
                     basePath="b")
    assert_error(error, "ConflictException", "Base path already exists for this domain name", 409)
    assert [m["ApiMappingKey"] for m in apigatewayv2.get_api_mappings(DomainName=NAME)["Items"]] == ["a", "b"]


def test_v2_mapping_needs_the_rest_api_stage(apigateway, apigatewayv2):
    _v1_regional(apigateway)
    api_id = _rest_api_with_stage(apigateway)
    error = error_of(apigatewayv2.create_api_mapping, DomainName=NAME, ApiId=api_id, Stage="nope")
    assert_error(error, "BadRequestException", "Invalid stage identifier specified", 400)
    error = error_of(apigatewayv2.create_api_mapping, DomainName=NAME, ApiId="missing123", Stage="prod")
    assert_error(error, "NotFoundException", "Invalid API identifier specified 123456789012:missing123", 404)
    assert apigateway.get_base_path_mappings(domainName=NAME)["items"] == []


def test_http_api_mapping_is_listed_by_v1(apigateway, apigatewayv2):
    # A guess: v1 lists every mapping of the domain, HTTP APIs' too (restApiId = the HTTP API's id).
    _v1_regional(apigateway)
    http_id = _http_api_with_stage(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName=NAME, ApiId=http_id, Stage="dev", ApiMappingKey="http")
    assert apigateway.get_base_path_mappings(domainName=NAME)["items"] == [
        {"basePath": "http", "restApiId": http_id, "stage": "dev"}]


# --- tags ---------------------------------------------------------------------------------


def test_tags_across_clients(apigateway, apigatewayv2):
    _v1_regional(apigateway, tags={"a": "1"})
    arn = ARN.format(NAME)
    assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"a": "1"}
    apigatewayv2.tag_resource(ResourceArn=arn, Tags={"b": "2"})
    assert apigateway.get_domain_name(domainName=NAME)["tags"] == {"a": "1", "b": "2"}
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    apigateway.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert apigatewayv2.get_domain_name(DomainName=NAME)["Tags"] == {"b": "2"}
    assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"b": "2"}
    apigatewayv2.untag_resource(ResourceArn=arn, TagKeys=["b"])
    apigateway.tag_resource(resourceArn=arn, tags={"c": "3"})
    assert apigatewayv2.get_domain_names()["Items"][0]["Tags"] == {"c": "3"}
    assert apigateway.get_domain_names()["items"][0]["tags"] == {"c": "3"}


def test_tags_of_a_v2_domain_through_v1(apigateway, apigatewayv2):
    _v2_domain(apigatewayv2, Tags={"x": "1"})
    arn = ARN.format(NAME)
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"x": "1"}
    apigateway.tag_resource(resourceArn=arn, tags={"y": "2"})
    assert apigatewayv2.get_domain_name(DomainName=NAME)["Tags"] == {"x": "1", "y": "2"}


# --- EDGE and private domains exist only in v1 -------------------------------------------


def test_edge_v1_domain_is_refused_by_v2(apigateway, apigatewayv2):
    apigateway.create_domain_name(domainName=NAME, certificateArn=CERT)  # EDGE by default
    api_id = _rest_api_with_stage(apigateway)
    calls = [
        (apigatewayv2.get_domain_name, {"DomainName": NAME}),
        (apigatewayv2.update_domain_name, {"DomainName": NAME, "RoutingMode": "ROUTING_RULE_ONLY"}),
        (apigatewayv2.delete_domain_name, {"DomainName": NAME}),
        (apigatewayv2.get_api_mappings, {"DomainName": NAME}),
        (apigatewayv2.create_api_mapping, {"DomainName": NAME, "ApiId": api_id, "Stage": "prod"}),
    ]
    for call, kwargs in calls:
        assert_error(error_of(call, **kwargs), "BadRequestException", ONLY_REGIONAL, 400)
    assert apigatewayv2.get_domain_names()["Items"] == []
    assert apigateway.get_domain_name(domainName=NAME)["routingMode"] == "BASE_PATH_MAPPING_ONLY"
    assert apigateway.get_base_path_mappings(domainName=NAME)["items"] == []
    error = error_of(_v2_domain, apigatewayv2)
    assert_error(error, "ConflictException", "The domain name you provided already exists.", 409)


def test_edge_to_regional_migration_becomes_visible(apigateway, apigatewayv2):
    apigateway.create_domain_name(domainName=NAME, certificateArn=CERT)
    apigateway.update_domain_name(domainName=NAME, patchOperations=[
        {"op": "add", "path": "/endpointConfiguration/types", "value": "REGIONAL"}])
    # while both types are set the domain is still an EDGE one for v2 (a guess)
    assert_error(error_of(apigatewayv2.get_domain_name, DomainName=NAME), "BadRequestException", ONLY_REGIONAL, 400)
    apigateway.update_domain_name(domainName=NAME, patchOperations=[
        {"op": "remove", "path": "/endpointConfiguration/types", "value": "EDGE"}])
    got = apigatewayv2.get_domain_name(DomainName=NAME)
    assert got["DomainNameConfigurations"][0]["EndpointType"] == "REGIONAL"
    assert [d["DomainName"] for d in apigatewayv2.get_domain_names()["Items"]] == [NAME]


def test_private_domain_has_no_v2_name(apigateway, apigatewayv2):
    apigateway.create_domain_name(domainName=NAME, certificateArn=CERT, endpointConfiguration={"types": ["PRIVATE"]},
                                  policy="{}")
    assert_error(error_of(apigatewayv2.get_domain_name, DomainName=NAME), "NotFoundException",
                 "Invalid domain name identifier specified", 404)
    assert apigatewayv2.get_domain_names()["Items"] == []
    _v2_domain(apigatewayv2)  # the public name is still free
    assert len(apigateway.get_domain_names()["items"]) == 2


def test_get_tags_right_after_a_tag_call_of_the_other_client(apigateway, apigatewayv2):
    _v1_regional(apigateway)
    arn = ARN.format(NAME)
    apigateway.tag_resource(resourceArn=arn, tags={"a": "1"})
    assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"a": "1"}
