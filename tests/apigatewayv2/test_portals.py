"""API Gateway portals: CRUD, publishing, preview."""

from __future__ import annotations

import datetime

import pytest
from helpers import assert_error, error_of

COLORS = {k: "#000000" for k in ("AccentColor", "BackgroundColor", "ErrorValidationColor", "HeaderColor",
                                  "NavigationColor", "TextColor")}
CONTENT = {"DisplayName": "My portal", "Theme": {"CustomColors": COLORS}}
COGNITO = {"CognitoConfig": {"AppClientId": "client", "UserPoolArn": "arn:aws:cognito-idp:us-east-1:1:userpool/p",
                             "UserPoolDomain": "https://auth.example.com"}}


def _create(client, **kwargs):
    args = {"Authorization": {"None": {}}, "EndpointConfiguration": {"None": {}}, "PortalContent": CONTENT}
    return client.create_portal(**{**args, **kwargs})


def _strip(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def test_create_portal_defaults(apigatewayv2):
    resp = _create(apigatewayv2, Tags={"team": "a"})
    portal_id = resp["PortalId"]

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert resp["PortalArn"] == f"arn:aws:apigateway:us-east-1:123456789012:/portals/{portal_id}"
    assert resp["PublishStatus"] == "DISABLED"
    assert resp["Authorization"] == {"None": {}}
    default = f"p-{portal_id}.apigw-portal.us-east-1.on.aws"
    assert resp["EndpointConfiguration"] == {"PortalDefaultDomainName": default, "DomainName": default,
                                             "PortalDomainHostedZoneId": "Z2FDTNDATAQYW2"}
    assert resp["PortalContent"] == CONTENT
    assert resp["IncludedPortalProductArns"] == []
    assert resp["Tags"] == {"team": "a"}
    assert isinstance(resp["LastModified"], datetime.datetime)
    assert "LastPublished" not in resp and "Preview" not in resp
    assert _strip(apigatewayv2.get_portal(PortalId=portal_id)) == _strip(resp)


def test_create_portal_with_custom_domain_cognito_and_products(apigatewayv2):
    product = apigatewayv2.create_portal_product(DisplayName="p")

    resp = _create(apigatewayv2, Authorization=COGNITO, LogoUri="s3://b/logo.png", RumAppMonitorName="rum",
                   EndpointConfiguration={"AcmManaged": {"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/c",
                                                         "DomainName": "portal.example.com"}},
                   IncludedPortalProductArns=[product["PortalProductArn"]])

    assert resp["Authorization"] == COGNITO
    assert resp["EndpointConfiguration"]["DomainName"] == "portal.example.com"
    assert resp["EndpointConfiguration"]["CertificateArn"] == "arn:aws:acm:us-east-1:1:certificate/c"
    assert resp["IncludedPortalProductArns"] == [product["PortalProductArn"]]
    assert resp["RumAppMonitorName"] == "rum"
    assert isinstance(resp["PortalContent"]["Theme"]["LogoLastUploaded"], datetime.datetime)


def test_create_portal_errors(apigatewayv2):
    missing = "arn:aws:apigateway:us-east-1:123456789012:/portalproducts/nope12345678"
    assert_error(error_of(_create, apigatewayv2, IncludedPortalProductArns=[missing]),
                 "BadRequestException", status=400)
    assert_error(error_of(_create, apigatewayv2, Authorization={}), "BadRequestException", status=400)
    assert_error(error_of(_create, apigatewayv2, EndpointConfiguration={"None": {}, "AcmManaged": {
        "CertificateArn": "arn:aws:acm:us-east-1:1:certificate/c", "DomainName": "x.example.com"}}),
        "BadRequestException", status=400)
    assert apigatewayv2.list_portals()["Items"] == []


def test_get_portal_not_found(apigatewayv2):
    resp = error_of(apigatewayv2.get_portal, PortalId="nope")

    assert_error(resp, "NotFoundException", "Invalid Portal identifier specified nope", 404)
    assert resp["ResourceType"] == "Portal"


def test_list_portals_pages(apigatewayv2):
    ids = [_create(apigatewayv2)["PortalId"] for _ in range(3)]

    first = apigatewayv2.list_portals(MaxResults="2")
    rest = apigatewayv2.list_portals(NextToken=first["NextToken"])

    assert [p["PortalId"] for p in first["Items"]] == ids[:2]
    assert [p["PortalId"] for p in rest["Items"]] == ids[2:] and "NextToken" not in rest
    assert first["Items"][0]["PublishStatus"] == "DISABLED"


def test_update_portal(apigatewayv2):
    portal_id = _create(apigatewayv2)["PortalId"]
    content = {"DisplayName": "Renamed", "Description": "d", "Theme": {"CustomColors": {**COLORS, "TextColor": "#fff"}}}

    resp = apigatewayv2.update_portal(PortalId=portal_id, PortalContent=content, Authorization=COGNITO)

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["PortalContent"] == content and resp["Authorization"] == COGNITO
    assert resp["EndpointConfiguration"]["DomainName"] == f"p-{portal_id}.apigw-portal.us-east-1.on.aws"
    assert apigatewayv2.get_portal(PortalId=portal_id)["PortalContent"]["DisplayName"] == "Renamed"
    assert_error(error_of(apigatewayv2.update_portal, PortalId="nope", RumAppMonitorName="x"),
                 "NotFoundException", status=404)
    assert_error(error_of(apigatewayv2.update_portal, PortalId=portal_id, Authorization={}),
                 "BadRequestException", status=400)
    assert apigatewayv2.get_portal(PortalId=portal_id)["Authorization"] == COGNITO


def test_publish_and_disable_portal(apigatewayv2):
    portal_id = _create(apigatewayv2)["PortalId"]

    published = apigatewayv2.publish_portal(PortalId=portal_id, Description="first")
    assert published["ResponseMetadata"]["HTTPStatusCode"] == 202
    got = apigatewayv2.get_portal(PortalId=portal_id)
    assert got["PublishStatus"] == "PUBLISHED" and got["LastPublishedDescription"] == "first"
    assert isinstance(got["LastPublished"], datetime.datetime)

    disabled = apigatewayv2.disable_portal(PortalId=portal_id)
    assert disabled["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigatewayv2.get_portal(PortalId=portal_id)["PublishStatus"] == "DISABLED"
    assert_error(error_of(apigatewayv2.disable_portal, PortalId=portal_id), "ConflictException", status=409)
    assert_error(error_of(apigatewayv2.publish_portal, PortalId="nope"), "NotFoundException", status=404)


def test_preview_portal(apigatewayv2):
    portal_id = _create(apigatewayv2)["PortalId"]

    resp = apigatewayv2.preview_portal(PortalId=portal_id)

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    preview = apigatewayv2.get_portal(PortalId=portal_id)["Preview"]
    assert preview["PreviewStatus"] == "PREVIEW_READY" and preview["PreviewUrl"].startswith("https://")
    assert apigatewayv2.get_portal(PortalId=portal_id)["PublishStatus"] == "DISABLED"
    assert_error(error_of(apigatewayv2.preview_portal, PortalId="nope"), "NotFoundException", status=404)


def test_delete_portal(apigatewayv2):
    portal_id = _create(apigatewayv2)["PortalId"]

    resp = apigatewayv2.delete_portal(PortalId=portal_id)

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigatewayv2.list_portals()["Items"] == []
    assert_error(error_of(apigatewayv2.delete_portal, PortalId=portal_id), "NotFoundException", status=404)


@pytest.mark.parametrize("bad", ["0", "x"])
def test_list_portals_bad_max_results(apigatewayv2, bad):
    assert_error(error_of(apigatewayv2.list_portals, MaxResults=bad), "BadRequestException", status=400)
