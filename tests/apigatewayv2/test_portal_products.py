"""Portal products, sharing policies, product pages and product REST endpoint pages."""

from __future__ import annotations

import json

import boto3
import pytest
from helpers import assert_error, error_of

PREFIX = "arn:aws:apigateway:us-east-1:123456789012:/portalproducts/"


def _strip(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


@pytest.fixture
def product(apigatewayv2):
    return apigatewayv2.create_portal_product(DisplayName="Pets", Description="pet APIs", Tags={"k": "v"})


@pytest.fixture
def rest_api(gwmock):
    client = boto3.client("apigateway", region_name="us-east-1")
    api = client.create_rest_api(name="pets")
    client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                      authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName="prod")
    return api["id"]


def test_create_portal_product(apigatewayv2, product):
    product_id = product["PortalProductId"]

    assert product["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert product["PortalProductArn"] == PREFIX + product_id
    assert product["DisplayName"] == "Pets" and product["Description"] == "pet APIs"
    assert product["DisplayOrder"] == {"Contents": [], "ProductPageArns": []}
    assert product["Tags"] == {"k": "v"}
    assert _strip(apigatewayv2.get_portal_product(PortalProductId=product_id)) == _strip(product)


def test_portal_product_not_found(apigatewayv2):
    resp = error_of(apigatewayv2.get_portal_product, PortalProductId="nope")

    assert_error(resp, "NotFoundException", "Invalid PortalProduct identifier specified nope", 404)
    assert resp["ResourceType"] == "PortalProduct"
    for call in (apigatewayv2.delete_portal_product, apigatewayv2.list_product_pages,
                 apigatewayv2.get_portal_product_sharing_policy):
        assert_error(error_of(call, PortalProductId="nope"), "NotFoundException", status=404)


def test_list_portal_products(apigatewayv2, product):
    other = apigatewayv2.create_portal_product(DisplayName="Other")

    first = apigatewayv2.list_portal_products(MaxResults="1")
    rest = apigatewayv2.list_portal_products(NextToken=first["NextToken"])

    assert [p["PortalProductId"] for p in first["Items"]] == [product["PortalProductId"]]
    assert [p["PortalProductId"] for p in rest["Items"]] == [other["PortalProductId"]]
    assert "DisplayOrder" not in first["Items"][0] and first["Items"][0]["Tags"] == {"k": "v"}
    assert apigatewayv2.list_portal_products(ResourceOwner="OTHER_ACCOUNTS")["Items"] == []


def test_update_portal_product(apigatewayv2, product):
    product_id = product["PortalProductId"]
    page = apigatewayv2.create_product_page(PortalProductId=product_id, DisplayContent={"Title": "T", "Body": "B"})

    resp = apigatewayv2.update_portal_product(PortalProductId=product_id, DisplayName="Renamed", DisplayOrder={
        "ProductPageArns": [page["ProductPageArn"]], "OverviewPageArn": page["ProductPageArn"], "Contents": []})

    assert resp["DisplayName"] == "Renamed" and resp["Description"] == "pet APIs"
    assert resp["DisplayOrder"] == {"ProductPageArns": [page["ProductPageArn"]], "Contents": [],
                                    "OverviewPageArn": page["ProductPageArn"]}
    assert_error(error_of(apigatewayv2.update_portal_product, PortalProductId=product_id,
                          DisplayOrder={"ProductPageArns": [PREFIX + "x/productpages/y"]}),
                 "BadRequestException", status=400)
    assert apigatewayv2.get_portal_product(PortalProductId=product_id)["DisplayOrder"] == resp["DisplayOrder"]

    apigatewayv2.delete_product_page(PortalProductId=product_id, ProductPageId=page["ProductPageId"])
    assert apigatewayv2.get_portal_product(PortalProductId=product_id)["DisplayOrder"] == {
        "ProductPageArns": [], "Contents": []}


def test_delete_portal_product(apigatewayv2, product):
    product_id = product["PortalProductId"]
    apigatewayv2.create_product_page(PortalProductId=product_id, DisplayContent={"Title": "T", "Body": "B"})
    portal = apigatewayv2.create_portal(
        Authorization={"None": {}}, EndpointConfiguration={"None": {}},
        PortalContent={"DisplayName": "Portal", "Theme": {"CustomColors": {k: "#000" for k in (
            "AccentColor", "BackgroundColor", "ErrorValidationColor", "HeaderColor", "NavigationColor",
            "TextColor")}}},
        IncludedPortalProductArns=[product["PortalProductArn"]])

    resp = apigatewayv2.delete_portal_product(PortalProductId=product_id)

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigatewayv2.list_portal_products()["Items"] == []
    assert apigatewayv2.get_portal(PortalId=portal["PortalId"])["IncludedPortalProductArns"] == []
    recreated = apigatewayv2.create_portal_product(DisplayName="again")
    assert apigatewayv2.list_product_pages(PortalProductId=recreated["PortalProductId"])["Items"] == []


def test_sharing_policy_lifecycle(apigatewayv2, product):
    product_id = product["PortalProductId"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})

    assert_error(error_of(apigatewayv2.get_portal_product_sharing_policy, PortalProductId=product_id),
                 "NotFoundException", status=404)
    put = apigatewayv2.put_portal_product_sharing_policy(PortalProductId=product_id, PolicyDocument=policy)
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    got = apigatewayv2.get_portal_product_sharing_policy(PortalProductId=product_id)
    assert _strip(got) == {"PortalProductId": product_id, "PolicyDocument": policy}
    assert_error(error_of(apigatewayv2.put_portal_product_sharing_policy, PortalProductId=product_id,
                          PolicyDocument="{nope"), "BadRequestException", status=400)
    deleted = apigatewayv2.delete_portal_product_sharing_policy(PortalProductId=product_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert_error(error_of(apigatewayv2.delete_portal_product_sharing_policy, PortalProductId=product_id),
                 "NotFoundException", status=404)


def test_product_page_lifecycle(apigatewayv2, product):
    product_id = product["PortalProductId"]

    page = apigatewayv2.create_product_page(PortalProductId=product_id, DisplayContent={"Title": "Intro", "Body": "#"})
    page_id = page["ProductPageId"]
    assert page["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert page["ProductPageArn"] == f"{PREFIX}{product_id}/productpages/{page_id}"
    assert page["DisplayContent"] == {"Title": "Intro", "Body": "#"}
    assert _strip(apigatewayv2.get_product_page(PortalProductId=product_id, ProductPageId=page_id)) == _strip(page)

    listed = apigatewayv2.list_product_pages(PortalProductId=product_id)["Items"]
    assert [(p["ProductPageId"], p["PageTitle"]) for p in listed] == [(page_id, "Intro")]
    assert "DisplayContent" not in listed[0]

    updated = apigatewayv2.update_product_page(PortalProductId=product_id, ProductPageId=page_id,
                                               DisplayContent={"Title": "New", "Body": "b"})
    assert updated["DisplayContent"] == {"Title": "New", "Body": "b"}

    assert apigatewayv2.delete_product_page(PortalProductId=product_id,
                                            ProductPageId=page_id)["ResponseMetadata"]["HTTPStatusCode"] == 204
    resp = error_of(apigatewayv2.get_product_page, PortalProductId=product_id, ProductPageId=page_id)
    assert_error(resp, "NotFoundException", f"Invalid ProductPage identifier specified {page_id}", 404)
    assert resp["ResourceType"] == "ProductPage"


def test_product_rest_endpoint_page_lifecycle(apigatewayv2, product, rest_api):
    product_id = product["PortalProductId"]
    parts = {"RestApiId": rest_api, "Stage": "prod", "Method": "GET", "Path": "/"}

    page = apigatewayv2.create_product_rest_endpoint_page(
        PortalProductId=product_id, RestEndpointIdentifier={"IdentifierParts": parts})
    page_id = page["ProductRestEndpointPageId"]

    assert page["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert page["ProductRestEndpointPageArn"] == f"{PREFIX}{product_id}/productrestendpointpages/{page_id}"
    assert page["RestEndpointIdentifier"] == {"IdentifierParts": parts}
    assert page["Status"] == "AVAILABLE" and page["TryItState"] == "ENABLED"
    assert page["DisplayContent"] == {"Endpoint": f"https://{rest_api}.execute-api.us-east-1.amazonaws.com/prod/",
                                      "OperationName": "GET /"}
    got = apigatewayv2.get_product_rest_endpoint_page(PortalProductId=product_id, ProductRestEndpointPageId=page_id)
    assert _strip(got) == _strip(page)

    updated = apigatewayv2.update_product_rest_endpoint_page(
        PortalProductId=product_id, ProductRestEndpointPageId=page_id, TryItState="DISABLED",
        DisplayContent={"Overrides": {"OperationName": "List pets", "Body": "lists"}})
    assert updated["TryItState"] == "DISABLED"
    assert updated["DisplayContent"]["OperationName"] == "List pets" and updated["DisplayContent"]["Body"] == "lists"
    raw = apigatewayv2.get_product_rest_endpoint_page(PortalProductId=product_id, ProductRestEndpointPageId=page_id,
                                                      IncludeRawDisplayContent="true")
    assert json.loads(raw["RawDisplayContent"]) == {"OperationName": "List pets", "Body": "lists"}

    listed = apigatewayv2.list_product_rest_endpoint_pages(PortalProductId=product_id)["Items"]
    assert listed[0]["OperationName"] == "List pets" and listed[0]["ProductRestEndpointPageId"] == page_id
    assert "DisplayContent" not in listed[0]

    apigatewayv2.delete_product_rest_endpoint_page(PortalProductId=product_id, ProductRestEndpointPageId=page_id)
    resp = error_of(apigatewayv2.get_product_rest_endpoint_page, PortalProductId=product_id,
                    ProductRestEndpointPageId=page_id)
    assert_error(resp, "NotFoundException", f"Invalid ProductRestEndpointPage identifier specified {page_id}", 404)


def test_product_rest_endpoint_page_errors(apigatewayv2, product, rest_api):
    product_id = product["PortalProductId"]
    parts = {"RestApiId": rest_api, "Stage": "prod", "Method": "GET", "Path": "/"}
    apigatewayv2.create_product_rest_endpoint_page(PortalProductId=product_id,
                                                   RestEndpointIdentifier={"IdentifierParts": parts})

    for bad in ({**parts, "RestApiId": "nope"}, {**parts, "Stage": "nope"}, parts):
        assert_error(error_of(apigatewayv2.create_product_rest_endpoint_page, PortalProductId=product_id,
                              RestEndpointIdentifier={"IdentifierParts": bad}), "BadRequestException", status=400)
    assert_error(error_of(apigatewayv2.create_product_rest_endpoint_page, PortalProductId="nope",
                          RestEndpointIdentifier={"IdentifierParts": parts}), "NotFoundException", status=404)
    assert len(apigatewayv2.list_product_rest_endpoint_pages(PortalProductId=product_id)["Items"]) == 1
