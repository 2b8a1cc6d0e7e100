"""v2 custom domain names and API mappings."""

from __future__ import annotations

import re

import pytest
from helpers import assert_error, error_of

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"


def _domain(client, name="api.example.com", **kwargs):
    return client.create_domain_name(DomainName=name, DomainNameConfigurations=[{"CertificateArn": CERT}], **kwargs)


def _api_with_stage(client, stage="dev"):
    api_id = client.create_api(Name="api", ProtocolType="HTTP")["ApiId"]
    client.create_stage(ApiId=api_id, StageName=stage)
    return api_id


def test_create_domain_name_defaults(apigatewayv2):
    domain = _domain(apigatewayv2)
    assert domain["ResponseMetadata"]["HTTPStatusCode"] == 201
    domain.pop("ResponseMetadata")
    configuration = dict(domain["DomainNameConfigurations"][0])
    endpoint = configuration.pop("ApiGatewayDomainName")
    assert re.fullmatch(r"d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com", endpoint)
    assert configuration == {"CertificateArn": CERT, "DomainNameStatus": "AVAILABLE", "EndpointType": "REGIONAL",
                             "HostedZoneId": "Z1UJRXOUMOOFQ8", "IpAddressType": "ipv4", "SecurityPolicy": "TLS_1_2"}
    assert domain == {
        "ApiMappingSelectionExpression": "$request.basepath",
        "DomainName": "api.example.com",
        "DomainNameArn": "arn:aws:apigateway:us-east-1::/domainnames/api.example.com",
        "DomainNameConfigurations": [{**configuration, "ApiGatewayDomainName": endpoint}],
        "RoutingMode": "API_MAPPING_ONLY",
        "Tags": {},
    }


def test_create_domain_name_with_options(apigatewayv2):
    domain = apigatewayv2.create_domain_name(
        DomainName="mtls.example.com", Tags={"env": "test"}, RoutingMode="ROUTING_RULE_THEN_API_MAPPING",
        DomainNameConfigurations=[{"CertificateArn": CERT, "SecurityPolicy": "TLS_1_2", "CertificateName": "c"}],
        MutualTlsAuthentication={"TruststoreUri": "s3://bucket/truststore.pem", "TruststoreVersion": "1"},
    )
    assert domain["Tags"] == {"env": "test"}
    assert domain["RoutingMode"] == "ROUTING_RULE_THEN_API_MAPPING"
    assert domain["DomainNameConfigurations"][0]["SecurityPolicy"] == "TLS_1_2"
    assert domain["DomainNameConfigurations"][0]["CertificateName"] == "c"
    assert domain["MutualTlsAuthentication"] == {"TruststoreUri": "s3://bucket/truststore.pem",
                                                 "TruststoreVersion": "1"}


def test_create_domain_name_twice_is_a_conflict(apigatewayv2):
    _domain(apigatewayv2)
    error = error_of(_domain, apigatewayv2)
    assert_error(error, "ConflictException", "The domain name you provided already exists.", 409)
    assert len(apigatewayv2.get_domain_names()["Items"]) == 1


@pytest.mark.parametrize("configurations", [[], [{"CertificateArn": CERT}, {"CertificateArn": CERT}]])
def test_create_domain_name_needs_one_configuration(apigatewayv2, configurations):
    error = error_of(apigatewayv2.create_domain_name, DomainName="x.example.com",
                     DomainNameConfigurations=configurations)
    assert_error(error, "BadRequestException", "Invalid input. Expected one domain name configuration", 400)
    assert apigatewayv2.get_domain_names()["Items"] == []


def test_edge_domain_names_are_refused(apigatewayv2):
    # AWS's words: amplify-education/serverless-domain-manager#640, aws-controllers-k8s/community#2550.
    message = "EDGE endpoint type is not supported for APIGatewayV2 domainName"
    error = error_of(apigatewayv2.create_domain_name, DomainName="edge.example.com",
                     DomainNameConfigurations=[{"CertificateArn": CERT, "EndpointType": "EDGE"}])
    assert_error(error, "BadRequestException", message, 400)
    assert apigatewayv2.get_domain_names()["Items"] == []
    _domain(apigatewayv2, "edge.example.com")
    error = error_of(apigatewayv2.update_domain_name, DomainName="edge.example.com",
                     DomainNameConfigurations=[{"CertificateArn": CERT, "EndpointType": "EDGE"}])
    assert_error(error, "BadRequestException", message, 400)
    got = apigatewayv2.get_domain_name(DomainName="edge.example.com")
    assert got["DomainNameConfigurations"][0]["EndpointType"] == "REGIONAL"


def test_get_domain_names_and_unknown(apigatewayv2):
    _domain(apigatewayv2, "a.example.com")
    _domain(apigatewayv2, "b.example.com")
    assert [d["DomainName"] for d in apigatewayv2.get_domain_names()["Items"]] == ["a.example.com", "b.example.com"]
    assert apigatewayv2.get_domain_name(DomainName="a.example.com")["DomainName"] == "a.example.com"
    error = error_of(apigatewayv2.get_domain_name, DomainName="none.example.com")
    assert_error(error, "NotFoundException", "Invalid domain name identifier specified", 404)
    assert error["ResourceType"] == "DomainName"


def test_update_domain_name_keeps_the_endpoint(apigatewayv2):
    created = _domain(apigatewayv2)
    other = CERT.replace("5555", "6666")
    updated = apigatewayv2.update_domain_name(DomainName="api.example.com", RoutingMode="ROUTING_RULE_ONLY",
                                              DomainNameConfigurations=[{"CertificateArn": other}])
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    before, after = created["DomainNameConfigurations"][0], updated["DomainNameConfigurations"][0]
    assert after["ApiGatewayDomainName"] == before["ApiGatewayDomainName"]
    assert after["CertificateArn"] == other
    assert updated["RoutingMode"] == "ROUTING_RULE_ONLY"
    got = apigatewayv2.get_domain_name(DomainName="api.example.com")
    assert got["DomainNameConfigurations"][0]["CertificateArn"] == other
    error = error_of(apigatewayv2.update_domain_name, DomainName="none.example.com", RoutingMode="API_MAPPING_ONLY")
    assert_error(error, "NotFoundException", "Invalid domain name identifier specified", 404)


def test_delete_domain_name_removes_its_mappings(apigatewayv2):
    _domain(apigatewayv2)
    api_id = _api_with_stage(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="dev")
    response = apigatewayv2.delete_domain_name(DomainName="api.example.com")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigatewayv2.get_domain_names()["Items"] == []
    _domain(apigatewayv2)
    assert apigatewayv2.get_api_mappings(DomainName="api.example.com")["Items"] == []
    error = error_of(apigatewayv2.delete_domain_name, DomainName="none.example.com")
    assert_error(error, "NotFoundException", status=404)


def test_create_api_mapping(apigatewayv2):
    _domain(apigatewayv2)
    api_id = _api_with_stage(apigatewayv2)
    mapping = apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="dev",
                                              ApiMappingKey="orders")
    assert mapping["ResponseMetadata"]["HTTPStatusCode"] == 201
    mapping.pop("ResponseMetadata")
    assert mapping == {"ApiId": api_id, "ApiMappingId": mapping["ApiMappingId"], "ApiMappingKey": "orders",
                       "Stage": "dev"}
    got = apigatewayv2.get_api_mapping(DomainName="api.example.com", ApiMappingId=mapping["ApiMappingId"])
    got.pop("ResponseMetadata")
    assert got == mapping


def test_api_mapping_without_key_answers_an_empty_key(apigatewayv2):
    _domain(apigatewayv2)
    api_id = _api_with_stage(apigatewayv2, "$default")
    mapping = apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="$default")
    assert mapping["ApiMappingKey"] == ""


def test_api_mapping_keys_are_unique_per_domain(apigatewayv2):
    _domain(apigatewayv2)
    _domain(apigatewayv2, "other.example.com")
    api_id = _api_with_stage(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="dev", ApiMappingKey="v1")
    error = error_of(apigatewayv2.create_api_mapping, DomainName="api.example.com", ApiId=api_id, Stage="dev",
                     ApiMappingKey="v1")
    assert_error(error, "ConflictException", "ApiMapping key already exists for this domain name", 409)
    assert len(apigatewayv2.get_api_mappings(DomainName="api.example.com")["Items"]) == 1
    apigatewayv2.create_api_mapping(DomainName="other.example.com", ApiId=api_id, Stage="dev", ApiMappingKey="v1")


@pytest.mark.parametrize("key", ["orders/v1", "orders/v1/items", "a.b-c_d"])
def test_multi_level_api_mapping_keys(apigatewayv2, key):
    _domain(apigatewayv2)
    api_id = _api_with_stage(apigatewayv2)
    mapping = apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="dev",
                                              ApiMappingKey=key)
    assert mapping["ApiMappingKey"] == key


@pytest.mark.parametrize("key", ["/", "a//b", "bad key", "/lead", "trail/"])
def test_invalid_api_mapping_keys(apigatewayv2, key):
    _domain(apigatewayv2)
    api_id = _api_with_stage(apigatewayv2)
    error = error_of(apigatewayv2.create_api_mapping, DomainName="api.example.com", ApiId=api_id, Stage="dev",
                     ApiMappingKey=key)
    assert_error(error, "BadRequestException",
                 "An ApiMapping key may contain only letters, numbers and one of $-_.+!*'()", 400)
    assert apigatewayv2.get_api_mappings(DomainName="api.example.com")["Items"] == []


def test_api_mapping_needs_existing_api_stage_and_domain(apigatewayv2):
    _domain(apigatewayv2)
    api_id = _api_with_stage(apigatewayv2)
    error = error_of(apigatewayv2.create_api_mapping, DomainName="api.example.com", ApiId="nope123", Stage="dev")
    assert_error(error, "NotFoundException", "Invalid API identifier specified 123456789012:nope123", 404)
    error = error_of(apigatewayv2.create_api_mapping, DomainName="api.example.com", ApiId=api_id, Stage="prod")
    assert_error(error, "BadRequestException", "Invalid stage identifier specified", 400)
    error = error_of(apigatewayv2.create_api_mapping, DomainName="none.example.com", ApiId=api_id, Stage="dev")
    assert_error(error, "NotFoundException", "Invalid domain name identifier specified", 404)
    assert apigatewayv2.get_api_mappings(DomainName="api.example.com")["Items"] == []


def test_update_api_mapping(apigatewayv2):
    _domain(apigatewayv2)
    api_id = _api_with_stage(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="prod")
    mapping_id = apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="dev",
                                                 ApiMappingKey="a")["ApiMappingId"]
    other_id = apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="dev",
                                               ApiMappingKey="b")["ApiMappingId"]
    updated = apigatewayv2.update_api_mapping(DomainName="api.example.com", ApiMappingId=mapping_id, ApiId=api_id,
                                              Stage="prod", ApiMappingKey="c")
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (updated["Stage"], updated["ApiMappingKey"]) == ("prod", "c")
    # keeping its own key is not a conflict; taking another mapping's key is
    apigatewayv2.update_api_mapping(DomainName="api.example.com", ApiMappingId=mapping_id, ApiId=api_id)
    error = error_of(apigatewayv2.update_api_mapping, DomainName="api.example.com", ApiMappingId=other_id,
                     ApiId=api_id, ApiMappingKey="c")
    assert_error(error, "ConflictException", "ApiMapping key already exists for this domain name", 409)
    assert apigatewayv2.get_api_mapping(DomainName="api.example.com", ApiMappingId=other_id)["ApiMappingKey"] == "b"


def test_get_and_delete_api_mappings(apigatewayv2):
    _domain(apigatewayv2)
    api_id = _api_with_stage(apigatewayv2)
    ids = [apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="dev",
                                           ApiMappingKey=k)["ApiMappingId"] for k in ("a", "b", "c")]
    page = apigatewayv2.get_api_mappings(DomainName="api.example.com", MaxResults="2")
    rest = apigatewayv2.get_api_mappings(DomainName="api.example.com", NextToken=page["NextToken"])
    assert [m["ApiMappingId"] for m in page["Items"] + rest["Items"]] == ids
    response = apigatewayv2.delete_api_mapping(DomainName="api.example.com", ApiMappingId=ids[0])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    error = error_of(apigatewayv2.get_api_mapping, DomainName="api.example.com", ApiMappingId=ids[0])
    assert_error(error, "NotFoundException", f"Invalid ApiMapping identifier specified {ids[0]}", 404)
    error = error_of(apigatewayv2.delete_api_mapping, DomainName="api.example.com", ApiMappingId=ids[0])
    assert_error(error, "NotFoundException", status=404)
