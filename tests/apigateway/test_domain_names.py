"""Custom domain names (EDGE, REGIONAL, PRIVATE) and private-domain access associations."""

from __future__ import annotations

import re

import boto3
import pytest
from helpers import assert_error, error_of

from gwmock import mock_apigateway

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"


def test_create_edge_domain_name_defaults(apigateway):
    resp = apigateway.create_domain_name(domainName="api.example.com", certificateArn=CERT, certificateName="c")

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert resp["domainName"] == "api.example.com"
    assert resp["endpointConfiguration"] == {"types": ["EDGE"], "ipAddressType": "ipv4"}
    assert re.fullmatch(r"d[a-z0-9]{13}\.cloudfront\.net", resp["distributionDomainName"])
    assert resp["distributionHostedZoneId"] == "Z2FDTNDATAQYW2"
    assert resp["domainNameStatus"] == "AVAILABLE"
    assert resp["securityPolicy"] == "TLS_1_2"
    assert resp["routingMode"] == "BASE_PATH_MAPPING_ONLY"
    assert resp["certificateArn"] == CERT and resp["certificateName"] == "c"
    assert "certificateUploadDate" in resp
    assert resp["domainNameArn"] == "arn:aws:apigateway:us-east-1::/domainnames/api.example.com"
    assert "regionalDomainName" not in resp and "tags" not in resp and "domainNameId" not in resp


@pytest.mark.parametrize("region, zone", [("us-east-1", "Z1UJRXOUMOOFQ8"), ("eu-west-1", "ZLY8HYME6SFDD"),
                                          ("xx-nowhere-9", "Z1UJRXOUMOOFQ8")])
@mock_apigateway
def test_create_regional_domain_name(region, zone):
    client = boto3.client("apigateway", region_name=region)
    resp = client.create_domain_name(domainName="r.example.com", regionalCertificateArn=CERT,
                                     endpointConfiguration={"types": ["REGIONAL"]}, tags={"k": "v"},
                                     securityPolicy="TLS_1_0")

    assert re.fullmatch(rf"d-[a-z0-9]{{10}}\.execute-api\.{region}\.amazonaws\.com", resp["regionalDomainName"])
    assert resp["regionalHostedZoneId"] == zone
    assert resp["regionalCertificateArn"] == CERT
    assert resp["securityPolicy"] == "TLS_1_0"
    assert resp["tags"] == {"k": "v"}
    assert "distributionDomainName" not in resp


def test_create_private_domain_name_is_addressed_by_id(apigateway):
    public = apigateway.create_domain_name(domainName="p.example.com", certificateArn=CERT)
    private = apigateway.create_domain_name(domainName="p.example.com", certificateArn=CERT,
                                            endpointConfiguration={"types": ["PRIVATE"]}, policy="{}")
    domain_id = private["domainNameId"]

    assert private["domainNameArn"] == (
        f"arn:aws:apigateway:us-east-1:123456789012:/domainnames/p.example.com+{domain_id}")
    assert private["endpointConfiguration"] == {"types": ["PRIVATE"], "ipAddressType": "dualstack"}
    assert "distributionDomainName" not in private and "regionalDomainName" not in private
    got = apigateway.get_domain_name(domainName="p.example.com", domainNameId=domain_id)
    assert got["domainNameId"] == domain_id and got["policy"] == "{}"
    assert apigateway.get_domain_name(domainName="p.example.com")["domainNameArn"] == public["domainNameArn"]
    assert_error(error_of(apigateway.get_domain_name, domainName="p.example.com", domainNameId="nope"),
                 "NotFoundException", "Invalid domain name identifier specified", 404)
    assert len(apigateway.get_domain_names()["items"]) == 2


def test_a_private_domain_is_not_reached_through_its_storage_key(apigateway, apigatewayv2):
    # a private domain is kept at "name+id": a caller naming that text as a public domain name, or
    # splitting it another way, must not reach it (nor collide with it when creating)
    private = apigateway.create_domain_name(domainName="p.example.com", certificateArn=CERT,
                                            endpointConfiguration={"types": ["PRIVATE"]}, policy="{}")
    joined = f"p.example.com+{private['domainNameId']}"
    head, tail = private["domainNameId"][:3], private["domainNameId"][3:]

    for call, kwargs in ((apigateway.get_domain_name, {"domainName": joined}),
                         (apigateway.get_domain_name, {"domainName": f"p.example.com+{head}", "domainNameId": tail}),
                         (apigateway.delete_domain_name, {"domainName": joined}),
                         (apigateway.get_base_path_mappings, {"domainName": joined})):
        assert_error(error_of(call, **kwargs), "NotFoundException", "Invalid domain name identifier specified", 404)
    assert error_of(apigatewayv2.get_domain_name, DomainName=joined)["Error"]["Code"] == "NotFoundException"
    public = apigateway.create_domain_name(domainName=joined, certificateArn=CERT)  # its own record

    assert public["domainName"] == joined and "domainNameId" not in public
    assert apigateway.get_domain_name(domainName="p.example.com",
                                      domainNameId=private["domainNameId"])["policy"] == "{}"
    assert apigateway.get_domain_name(domainName=joined)["domainNameArn"] == public["domainNameArn"]
    assert sorted(d.get("domainNameId", "") for d in apigateway.get_domain_names()["items"]) == [
        "", private["domainNameId"]]


def test_create_domain_name_errors(apigateway):
    apigateway.create_domain_name(domainName="dup.example.com")

    assert_error(error_of(apigateway.create_domain_name, domainName="dup.example.com"),
                 "ConflictException", "The domain name you provided already exists.", 409)
    assert_error(error_of(apigateway.create_domain_name, domainName=""),
                 "BadRequestException", "No Domain Name specified", 400)
    assert_error(error_of(apigateway.create_domain_name, domainName="two.example.com",
                          endpointConfiguration={"types": ["EDGE", "REGIONAL"]}),
                 "BadRequestException", "Cannot create a domain name with multiple Endpoint Types.", 400)
    assert_error(error_of(apigateway.create_domain_name, domainName="m.example.com",
                          mutualTlsAuthentication={"truststoreUri": "https://x"},
                          endpointConfiguration={"types": ["REGIONAL"]}), "BadRequestException", status=400)
    assert [d["domainName"] for d in apigateway.get_domain_names()["items"]] == ["dup.example.com"]


def test_get_domain_name_not_found(apigateway):
    assert_error(error_of(apigateway.get_domain_name, domainName="missing.example.com"),
                 "NotFoundException", "Invalid domain name identifier specified", 404)


def test_get_domain_names_pages(apigateway):
    for i in range(3):
        apigateway.create_domain_name(domainName=f"d{i}.example.com")

    first = apigateway.get_domain_names(limit=2)
    second = apigateway.get_domain_names(limit=2, position=first["position"])

    assert [d["domainName"] for d in first["items"]] == ["d0.example.com", "d1.example.com"]
    assert [d["domainName"] for d in second["items"]] == ["d2.example.com"] and "position" not in second
    assert apigateway.get_domain_names(resourceOwner="OTHER_ACCOUNTS")["items"] == []


def test_update_domain_name_migrates_edge_to_regional(apigateway):
    apigateway.create_domain_name(domainName="mig.example.com", certificateArn=CERT)

    both = apigateway.update_domain_name(domainName="mig.example.com", patchOperations=[
        {"op": "add", "path": "/endpointConfiguration/types", "value": "REGIONAL"},
        {"op": "add", "path": "/regionalCertificateArn", "value": CERT},
    ])
    assert both["endpointConfiguration"]["types"] == ["EDGE", "REGIONAL"]
    assert "regionalDomainName" in both and "distributionDomainName" in both

    regional = apigateway.update_domain_name(domainName="mig.example.com", patchOperations=[
        {"op": "remove", "path": "/endpointConfiguration/types", "value": "EDGE"},
    ])
    assert regional["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert "distributionDomainName" not in regional and "certificateArn" not in regional
    assert regional["regionalDomainName"] == both["regionalDomainName"]
    assert apigateway.get_domain_name(domainName="mig.example.com")["endpointConfiguration"]["types"] == ["REGIONAL"]


def test_update_domain_name_fields(apigateway):
    apigateway.create_domain_name(domainName="u.example.com", regionalCertificateArn=CERT,
                                  endpointConfiguration={"types": ["REGIONAL"]})

    resp = apigateway.update_domain_name(domainName="u.example.com", patchOperations=[
        {"op": "replace", "path": "/securityPolicy", "value": "TLS_1_0"},
        {"op": "add", "path": "/mutualTlsAuthentication/truststoreUri", "value": "s3://b/k"},
        {"op": "replace", "path": "/ownershipVerificationCertificateArn", "value": CERT},
        {"op": "replace", "path": "/regionalCertificateName", "value": "rc"},
    ])

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["securityPolicy"] == "TLS_1_0"
    assert resp["mutualTlsAuthentication"] == {"truststoreUri": "s3://b/k"}
    assert resp["ownershipVerificationCertificateArn"] == CERT
    assert resp["regionalCertificateName"] == "rc"
    removed = apigateway.update_domain_name(domainName="u.example.com", patchOperations=[
        {"op": "remove", "path": "/mutualTlsAuthentication/truststoreUri"}])
    assert "mutualTlsAuthentication" not in removed


def test_update_domain_name_errors_leave_it_unchanged(apigateway):
    before = apigateway.create_domain_name(domainName="e.example.com")
    before.pop("ResponseMetadata")

    assert_error(error_of(apigateway.update_domain_name, domainName="e.example.com", patchOperations=[
        {"op": "replace", "path": "/securityPolicy", "value": "TLS_1_0"},
        {"op": "replace", "path": "/domainName", "value": "x"}]),
        "BadRequestException", status=400)
    assert_error(error_of(apigateway.update_domain_name, domainName="e.example.com", patchOperations=[
        {"op": "remove", "path": "/endpointConfiguration/types", "value": "EDGE"}]),
        "BadRequestException", status=400)
    assert_error(error_of(apigateway.update_domain_name, domainName="nope.example.com", patchOperations=[]),
                 "NotFoundException", "Invalid domain name identifier specified", 404)
    after = apigateway.get_domain_name(domainName="e.example.com")
    after.pop("ResponseMetadata")
    assert after == before


def test_delete_domain_name_removes_its_mappings(apigateway):
    api_id = apigateway.create_rest_api(name="a")["id"]
    apigateway.create_domain_name(domainName="del.example.com")
    apigateway.create_base_path_mapping(domainName="del.example.com", restApiId=api_id, basePath="v1")

    resp = apigateway.delete_domain_name(domainName="del.example.com")

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert_error(error_of(apigateway.get_domain_name, domainName="del.example.com"), "NotFoundException", status=404)
    apigateway.create_domain_name(domainName="del.example.com")
    assert apigateway.get_base_path_mappings(domainName="del.example.com")["items"] == []
    assert_error(error_of(apigateway.delete_domain_name, domainName="del.example.com", domainNameId="x"),
                 "NotFoundException", "Invalid domain name identifier specified", 404)


def _private(apigateway, name="priv.example.com"):
    return apigateway.create_domain_name(domainName=name, certificateArn=CERT,
                                         endpointConfiguration={"types": ["PRIVATE"]})


def test_access_association_lifecycle(apigateway):
    domain = _private(apigateway)
    arn = domain["domainNameArn"]

    created = apigateway.create_domain_name_access_association(
        domainNameArn=arn, accessAssociationSourceType="VPCE", accessAssociationSource="vpce-1", tags={"t": "1"})

    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["domainNameAccessAssociationArn"] == (
        "arn:aws:apigateway:us-east-1:123456789012:/domainnameaccessassociations/domainname/"
        f"priv.example.com+{domain['domainNameId']}/vpcesource/vpce-1")
    assert created["domainNameArn"] == arn and created["accessAssociationSource"] == "vpce-1"
    assert created["accessAssociationSourceType"] == "VPCE" and created["tags"] == {"t": "1"}
    listed = apigateway.get_domain_name_access_associations()["items"]
    assert [a["domainNameAccessAssociationArn"] for a in listed] == [created["domainNameAccessAssociationArn"]]
    assert apigateway.get_domain_name_access_associations(resourceOwner="OTHER_ACCOUNTS")["items"] == []

    deleted = apigateway.delete_domain_name_access_association(
        domainNameAccessAssociationArn=created["domainNameAccessAssociationArn"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigateway.get_domain_name_access_associations()["items"] == []
    assert_error(error_of(apigateway.delete_domain_name_access_association,
                          domainNameAccessAssociationArn=created["domainNameAccessAssociationArn"]),
                 "NotFoundException", "Invalid domain name access association identifier specified", 404)


def test_access_association_errors(apigateway):
    domain = _private(apigateway)
    kwargs = {"domainNameArn": domain["domainNameArn"], "accessAssociationSourceType": "VPCE",
              "accessAssociationSource": "vpce-1"}
    apigateway.create_domain_name_access_association(**kwargs)

    assert_error(error_of(apigateway.create_domain_name_access_association, **kwargs), "ConflictException", status=409)
    assert_error(error_of(apigateway.create_domain_name_access_association,
                          **{**kwargs, "domainNameArn": domain["domainNameArn"] + "x"}),
                 "BadRequestException", status=400)
    assert len(apigateway.get_domain_name_access_associations()["items"]) == 1


def test_reject_access_association(apigateway):
    domain = _private(apigateway)
    assoc = apigateway.create_domain_name_access_association(
        domainNameArn=domain["domainNameArn"], accessAssociationSourceType="VPCE", accessAssociationSource="vpce-2")
    assoc_arn = assoc["domainNameAccessAssociationArn"]

    assert_error(error_of(apigateway.reject_domain_name_access_association,
                          domainNameAccessAssociationArn=assoc_arn, domainNameArn="arn:aws:other"),
                 "NotFoundException", status=404)
    resp = apigateway.reject_domain_name_access_association(domainNameAccessAssociationArn=assoc_arn,
                                                            domainNameArn=domain["domainNameArn"])
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigateway.get_domain_name_access_associations()["items"] == []


def test_deleting_private_domain_drops_its_associations(apigateway):
    domain = _private(apigateway)
    apigateway.create_domain_name_access_association(
        domainNameArn=domain["domainNameArn"], accessAssociationSourceType="VPCE", accessAssociationSource="vpce-3")

    apigateway.delete_domain_name(domainName="priv.example.com", domainNameId=domain["domainNameId"])

    assert apigateway.get_domain_name_access_associations()["items"] == []


def test_tags_of_a_public_domain_name_by_arn(apigateway):
    arn = apigateway.create_domain_name(domainName="t.example.com", tags={"a": "1"})["domainNameArn"]

    apigateway.tag_resource(resourceArn=arn, tags={"b": "2"})

    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    assert apigateway.get_domain_name(domainName="t.example.com")["tags"] == {"a": "1", "b": "2"}
