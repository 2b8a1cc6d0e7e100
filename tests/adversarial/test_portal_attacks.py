"""Attacks on API Gateway portals: Portal, PortalProduct, ProductPage, ProductRestEndpointPage and the
product sharing policy (``gwmock.apigatewayv2.portals`` and ``portal_products``).

Every refusal is AWS's code and status (BadRequestException 400, NotFoundException 404,
ConflictException 409) with state unchanged, never a 500, and the mock serves the next call.
Evidence: botocore's model (required members, lengths, enums, error shapes per operation) and the
developer guide ("Delete a portal": disable it first; "API Gateway portals": portals and products are
Regional; "Create a portal": a custom domain's certificate is in ACM in us-east-1; "Portal products":
an endpoint is a deployed path and method). Messages of gwmock's own checks are guesses and are not
pinned here beyond their code and status.
"""

from __future__ import annotations

import json
import time

import boto3
import botocore.session
import pytest
from botocore.config import Config
from helpers import assert_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.dispatch import handle_request
from gwmock.state import MemoryBackend

REGION, ACCOUNT = "us-east-1", "123456789012"
COLORS = {k: "#000000" for k in ("AccentColor", "BackgroundColor", "ErrorValidationColor", "HeaderColor",
                                  "NavigationColor", "TextColor")}
CONTENT = {"DisplayName": "My portal", "Theme": {"CustomColors": COLORS}}
CERT = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555"
POOL = f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:userpool/us-east-1_AbCdEf123"
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"},
                                                             "Action": "apigateway:GET", "Resource": "*"}]})
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def loose(gwmock):
    """A client that sends what botocore's own validation would stop, as a raw HTTP client can."""
    return boto3.client("apigatewayv2", region_name=REGION, config=Config(parameter_validation=False))


@pytest.fixture
def product(apigatewayv2):
    return apigatewayv2.create_portal_product(DisplayName="Pets")


@pytest.fixture
def rest_api(apigateway):
    api = apigateway.create_rest_api(name="pets")
    pets = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    for resource in (api["rootResourceId"], pets["id"]):
        apigateway.put_method(restApiId=api["id"], resourceId=resource, httpMethod="GET", authorizationType="NONE")
        apigateway.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    return {"api": api["id"], "pets": pets["id"]}


def _portal(client, **kwargs):
    args = {"Authorization": {"None": {}}, "EndpointConfiguration": {"None": {}}, "PortalContent": CONTENT}
    return client.create_portal(**{**args, **kwargs})


def _parts(rest_api, **kwargs):
    return {"IdentifierParts": {"RestApiId": rest_api["api"], "Stage": "prod", "Method": "GET", "Path": "/pets",
                                **kwargs}}


def _refused(gwmock, code, status, call, **kwargs):
    """The call fails with ``code``/``status`` and changes nothing."""
    before = gwmock.backend.dump()
    assert_error(error_of(call, **kwargs), code, status=status)
    assert gwmock.backend.dump() == before


# --- defects found and fixed ------------------------------------------------------------------------


def test_a_published_portal_cannot_be_deleted_until_disabled(gwmock, apigatewayv2):
    portal_id = _portal(apigatewayv2)["PortalId"]
    apigatewayv2.publish_portal(PortalId=portal_id)

    _refused(gwmock, "BadRequestException", 400, apigatewayv2.delete_portal, PortalId=portal_id)

    assert apigatewayv2.get_portal(PortalId=portal_id)["PublishStatus"] == "PUBLISHED"
    apigatewayv2.disable_portal(PortalId=portal_id)
    assert apigatewayv2.delete_portal(PortalId=portal_id)["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigatewayv2.list_portals()["Items"] == []


@pytest.mark.parametrize("arn", [
    "not-an-arn-at-all-of-twenty",
    f"arn:aws:apigateway:us-west-2:{ACCOUNT}:/portalproducts/abcdefghij",  # another Region
    "arn:aws:apigateway:eu-west-1:111122223333:/portalproducts/abcdefghij",  # shared, but another Region
    f"arn:aws:apigateway:us-east-1:{ACCOUNT}:/restapis/abcdefghij",
    f"arn:aws:apigateway:us-east-1:{ACCOUNT}:/portalproducts/ABC",
    f"arn:aws:apigateway:us-east-1:{ACCOUNT}:/portalproducts/abc/productpages/def",
    f"arn:aws:apigateway:us-east-1:{ACCOUNT}:/portalproducts/nothere123",
])
def test_included_products_must_be_portal_products_of_this_region(gwmock, apigatewayv2, product, arn):
    portal_id = _portal(apigatewayv2, IncludedPortalProductArns=[product["PortalProductArn"]])["PortalId"]

    _refused(gwmock, "BadRequestException", 400, _portal, client=apigatewayv2, IncludedPortalProductArns=[arn])
    _refused(gwmock, "BadRequestException", 400, apigatewayv2.update_portal, PortalId=portal_id,
             IncludedPortalProductArns=[product["PortalProductArn"], arn])

    assert apigatewayv2.get_portal(PortalId=portal_id)["IncludedPortalProductArns"] == [product["PortalProductArn"]]


def test_products_of_other_accounts_in_this_region_are_accepted_and_deduplicated(apigatewayv2, product):
    shared = "arn:aws:apigateway:us-east-1:111122223333:/portalproducts/sharedprod1"

    resp = _portal(apigatewayv2, IncludedPortalProductArns=[shared, product["PortalProductArn"], shared])

    assert resp["IncludedPortalProductArns"] == [shared, product["PortalProductArn"]]


@pytest.mark.parametrize("certificate", [
    "nonsense-arn-x",
    f"arn:aws:acm:us-west-2:{ACCOUNT}:certificate/0a1b2c3d",  # CloudFront reads us-east-1 only
    f"arn:aws:iam::{ACCOUNT}:server-certificate/portal",
    f"arn:aws:acm:us-east-1:{ACCOUNT}:privateca/0a1b2c3d",
    f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/../../etc/passwd",
])
def test_custom_domain_certificate_must_be_an_acm_certificate_in_us_east_1(gwmock, apigatewayv2, certificate):
    portal_id = _portal(apigatewayv2)["PortalId"]
    endpoint = {"AcmManaged": {"CertificateArn": certificate, "DomainName": "portal.example.com"}}

    _refused(gwmock, "BadRequestException", 400, _portal, client=apigatewayv2, EndpointConfiguration=endpoint)
    _refused(gwmock, "BadRequestException", 400, apigatewayv2.update_portal, PortalId=portal_id,
             EndpointConfiguration=endpoint)
    assert "CertificateArn" not in apigatewayv2.get_portal(PortalId=portal_id)["EndpointConfiguration"]


@pytest.mark.parametrize("domain", ["not a domain!", "portal", "-bad.example.com", "a..example.com",
                                    "portal.example.com/x", "x" * 64 + ".example.com", "http://portal.example.com"])
def test_custom_domain_must_be_a_host_name(gwmock, apigatewayv2, domain):
    endpoint = {"AcmManaged": {"CertificateArn": CERT, "DomainName": domain}}

    _refused(gwmock, "BadRequestException", 400, _portal, client=apigatewayv2, EndpointConfiguration=endpoint)


def test_a_valid_custom_domain_is_kept_with_the_default_one(apigatewayv2):
    endpoint = {"AcmManaged": {"CertificateArn": CERT, "DomainName": "Portal.Example.com"}}

    got = _portal(apigatewayv2, EndpointConfiguration=endpoint)["EndpointConfiguration"]

    assert got["DomainName"] == "Portal.Example.com" and got["CertificateArn"] == CERT
    assert got["PortalDefaultDomainName"].endswith(".apigw-portal.us-east-1.on.aws")


@pytest.mark.parametrize("pool", ["x" * 20, f"arn:aws:cognito-idp:us-east-1:{ACCOUNT}:identitypool/abc",
                                  f"arn:aws:iam::{ACCOUNT}:role/cognito-userpool"])
def test_cognito_authorization_needs_a_user_pool_arn(gwmock, apigatewayv2, pool):
    cognito = {"CognitoConfig": {"AppClientId": "client", "UserPoolArn": pool,
                                 "UserPoolDomain": "https://auth.example.com"}}

    _refused(gwmock, "BadRequestException", 400, _portal, client=apigatewayv2, Authorization=cognito)
    assert _portal(apigatewayv2, Authorization={"CognitoConfig": {**cognito["CognitoConfig"], "UserPoolArn": POOL}})


@pytest.mark.parametrize("document", ["[]", "1", '"policy"', "null", "true", '{"Version": "2012-10-17"}',
                                      '{"Statement": "Allow"}'])
def test_a_sharing_policy_must_be_a_policy(gwmock, apigatewayv2, product, document):
    product_id = product["PortalProductId"]
    apigatewayv2.put_portal_product_sharing_policy(PortalProductId=product_id, PolicyDocument=POLICY)

    _refused(gwmock, "BadRequestException", 400, apigatewayv2.put_portal_product_sharing_policy,
             PortalProductId=product_id, PolicyDocument=document)

    assert apigatewayv2.get_portal_product_sharing_policy(PortalProductId=product_id)["PolicyDocument"] == POLICY


@pytest.mark.parametrize("owner", ["self", "other_accounts", "ALL", "SELF "])
def test_list_portal_products_resource_owner_must_be_a_known_value(apigatewayv2, product, owner):
    assert_error(error_of(apigatewayv2.list_portal_products, ResourceOwner=owner), "BadRequestException", status=400)

    assert [p["PortalProductId"] for p in apigatewayv2.list_portal_products(ResourceOwner="SELF")["Items"]] == [
        product["PortalProductId"]]
    assert apigatewayv2.list_portal_products(ResourceOwner="OTHER_ACCOUNTS")["Items"] == []


@pytest.mark.parametrize("parts", [{"Method": "DELETE"}, {"Method": "get"}, {"Path": "/nope"}, {"Path": "pets"},
                                   {"Path": "/pets/"}, {"Method": "ANY"}])
def test_a_rest_endpoint_page_needs_a_deployed_method(gwmock, apigatewayv2, product, rest_api, parts):
    _refused(gwmock, "BadRequestException", 400, apigatewayv2.create_product_rest_endpoint_page,
             PortalProductId=product["PortalProductId"], RestEndpointIdentifier=_parts(rest_api, **parts))

    page = apigatewayv2.create_product_rest_endpoint_page(PortalProductId=product["PortalProductId"],
                                                          RestEndpointIdentifier=_parts(rest_api))
    assert page["DisplayContent"]["Endpoint"] == \
        f"https://{rest_api['api']}.execute-api.us-east-1.amazonaws.com/prod/pets"


def test_a_method_added_after_the_deployment_is_not_yet_an_endpoint(gwmock, apigateway, apigatewayv2, product,
                                                                      rest_api):
    apigateway.put_method(restApiId=rest_api["api"], resourceId=rest_api["pets"], httpMethod="POST",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=rest_api["api"], resourceId=rest_api["pets"], httpMethod="POST",
                               type="MOCK")

    _refused(gwmock, "BadRequestException", 400, apigatewayv2.create_product_rest_endpoint_page,
             PortalProductId=product["PortalProductId"], RestEndpointIdentifier=_parts(rest_api, Method="POST"))

    apigateway.create_deployment(restApiId=rest_api["api"], stageName="prod")
    page = apigatewayv2.create_product_rest_endpoint_page(PortalProductId=product["PortalProductId"],
                                                          RestEndpointIdentifier=_parts(rest_api, Method="POST"))
    assert page["DisplayContent"]["OperationName"] == "POST /pets"


def test_another_accounts_resource_owner_id_finds_nothing(apigatewayv2, product):
    product_id = product["PortalProductId"]
    page = apigatewayv2.create_product_page(PortalProductId=product_id, DisplayContent={"Title": "T", "Body": "B"})
    other = "111122223333"

    for call, extra in ((apigatewayv2.get_portal_product, {}), (apigatewayv2.list_product_pages, {}),
                        (apigatewayv2.list_product_rest_endpoint_pages, {}),
                        (apigatewayv2.get_product_page, {"ProductPageId": page["ProductPageId"]})):
        resp = error_of(call, PortalProductId=product_id, ResourceOwnerAccountId=other, **extra)
        assert_error(resp, "NotFoundException", f"Invalid PortalProduct identifier specified {product_id}", 404)

    assert apigatewayv2.get_portal_product(PortalProductId=product_id, ResourceOwnerAccountId=ACCOUNT)[
        "PortalProductId"] == product_id
    assert apigatewayv2.get_product_page(PortalProductId=product_id, ProductPageId=page["ProductPageId"],
                                         ResourceOwnerAccountId=ACCOUNT)["ProductPageId"] == page["ProductPageId"]


# --- attacks that found nothing ---------------------------------------------------------------------


def test_authorization_and_endpoint_combinations(gwmock, apigatewayv2, loose):
    cognito = {"AppClientId": "client", "UserPoolArn": POOL, "UserPoolDomain": "https://auth.example.com"}
    for auth in ({}, {"None": {}, "CognitoConfig": cognito}):
        _refused(gwmock, "BadRequestException", 400, _portal, client=apigatewayv2, Authorization=auth)
    resp = error_of(_portal, loose, Authorization={"CognitoConfig": {k: v for k, v in cognito.items()
                                                                     if k != "UserPoolArn"}})
    assert_error(resp, "BadRequestException", "1 validation error detected: Value null at "
                 "'createPortalInput.authorization.cognitoConfig.userPoolArn' failed to satisfy constraint: "
                 "Member must not be null", 400)
    for endpoint in ({}, {"None": {}, "AcmManaged": {"CertificateArn": CERT, "DomainName": "p.example.com"}}):
        _refused(gwmock, "BadRequestException", 400, _portal, client=apigatewayv2, EndpointConfiguration=endpoint)
    assert apigatewayv2.list_portals()["Items"] == []
    assert _portal(apigatewayv2, Authorization={"CognitoConfig": cognito})["Authorization"] == {
        "CognitoConfig": cognito}


@pytest.mark.parametrize(("call", "params", "where"), [
    ("create_portal_product", {"DisplayName": "x" * 256}, "createPortalProductInput.displayName"),
    ("create_portal_product", {"DisplayName": "p", "Description": "d" * 1025}, "createPortalProductInput.description"),
    ("create_portal", {"Authorization": {"None": {}}, "EndpointConfiguration": {"None": {}},
                       "PortalContent": {**CONTENT, "DisplayName": "ab"}},
     "createPortalInput.portalContent.displayName"),
    ("create_portal", {"Authorization": {"None": {}}, "EndpointConfiguration": {"None": {}},
                       "PortalContent": CONTENT, "RumAppMonitorName": "r" * 256},
     "createPortalInput.rumAppMonitorName"),
])
def test_over_long_members_are_validation_errors(gwmock, loose, call, params, where):
    before = gwmock.backend.dump()

    resp = error_of(getattr(loose, call), **params)

    assert_error(resp, "BadRequestException", status=400)
    assert f"at '{where}' failed to satisfy constraint: Member must have length" in resp["Error"]["Message"]
    assert gwmock.backend.dump() == before


def test_over_long_pages_and_policies_are_refused(gwmock, loose, product):
    product_id = product["PortalProductId"]
    _refused(gwmock, "BadRequestException", 400, loose.create_product_page, PortalProductId=product_id,
             DisplayContent={"Title": "t", "Body": "b" * 32769})
    _refused(gwmock, "BadRequestException", 400, loose.put_portal_product_sharing_policy, PortalProductId=product_id,
             PolicyDocument=json.dumps({"Statement": [], "Pad": "x" * 307200}))
    for hostile in ("[" * 5000 + "]" * 5000, '{"Statement": [NaN]}', "{nope", '{"Statement": []}x'):
        _refused(gwmock, "BadRequestException", 400, loose.put_portal_product_sharing_policy,
                 PortalProductId=product_id, PolicyDocument=hostile)
    assert loose.list_product_pages(PortalProductId=product_id)["Items"] == []


def test_enum_values_in_the_wrong_case_are_refused(gwmock, apigatewayv2, loose, product, rest_api):
    product_id = product["PortalProductId"]
    resp = error_of(loose.create_product_rest_endpoint_page, PortalProductId=product_id,
                    RestEndpointIdentifier=_parts(rest_api), TryItState="enabled")
    assert_error(resp, "BadRequestException", "1 validation error detected: Value 'enabled' at "
                 "'createProductRestEndpointPageInput.tryItState' failed to satisfy constraint: Member must "
                 "satisfy enum value set: [ENABLED, DISABLED]", 400)
    page = apigatewayv2.create_product_rest_endpoint_page(PortalProductId=product_id,
                                                          RestEndpointIdentifier=_parts(rest_api))
    _refused(gwmock, "BadRequestException", 400, loose.update_product_rest_endpoint_page, PortalProductId=product_id,
             ProductRestEndpointPageId=page["ProductRestEndpointPageId"], TryItState="Disabled")
    got = apigatewayv2.get_product_rest_endpoint_page(PortalProductId=product_id,
                                                      ProductRestEndpointPageId=page["ProductRestEndpointPageId"])
    assert got["TryItState"] == "ENABLED"


@pytest.mark.parametrize("key", ["aws:team", "AWS:team", "Aws:x"])
def test_reserved_tag_keys_on_creation_are_refused(gwmock, apigatewayv2, key):
    _refused(gwmock, "BadRequestException", 400, apigatewayv2.create_portal_product, DisplayName="p", Tags={key: "v"})
    _refused(gwmock, "BadRequestException", 400, _portal, client=apigatewayv2, Tags={key: "v"})


def test_publish_disable_preview_in_every_state(gwmock, apigatewayv2):
    portal_id = _portal(apigatewayv2)["PortalId"]
    _refused(gwmock, "ConflictException", 409, apigatewayv2.disable_portal, PortalId=portal_id)
    assert apigatewayv2.preview_portal(PortalId=portal_id)["ResponseMetadata"]["HTTPStatusCode"] == 202

    apigatewayv2.publish_portal(PortalId=portal_id, Description="first")
    first = apigatewayv2.get_portal(PortalId=portal_id)
    apigatewayv2.publish_portal(PortalId=portal_id)  # again, without a description
    second = apigatewayv2.get_portal(PortalId=portal_id)
    assert first["PublishStatus"] == second["PublishStatus"] == "PUBLISHED"
    assert first["LastPublishedDescription"] == "first" and "LastPublishedDescription" not in second
    assert second["LastPublished"] >= first["LastPublished"] and "StatusException" not in second
    assert apigatewayv2.preview_portal(PortalId=portal_id)["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigatewayv2.get_portal(PortalId=portal_id)["Preview"]["PreviewStatus"] == "PREVIEW_READY"

    apigatewayv2.disable_portal(PortalId=portal_id)
    disabled = apigatewayv2.get_portal(PortalId=portal_id)
    assert disabled["PublishStatus"] == "DISABLED" and disabled["LastPublished"] == second["LastPublished"]
    _refused(gwmock, "ConflictException", 409, apigatewayv2.disable_portal, PortalId=portal_id)

    apigatewayv2.delete_portal(PortalId=portal_id)
    for call in (apigatewayv2.publish_portal, apigatewayv2.disable_portal, apigatewayv2.preview_portal,
                 apigatewayv2.get_portal, apigatewayv2.delete_portal):
        resp = error_of(call, PortalId=portal_id)
        assert_error(resp, "NotFoundException", f"Invalid Portal identifier specified {portal_id}", 404)
        assert resp["ResourceType"] == "Portal"


def test_ids_of_another_product_are_not_found(gwmock, apigatewayv2, product, rest_api):
    a = product["PortalProductId"]
    b = apigatewayv2.create_portal_product(DisplayName="Other")["PortalProductId"]
    page = apigatewayv2.create_product_page(PortalProductId=a, DisplayContent={"Title": "T", "Body": "B"})
    endpoint = apigatewayv2.create_product_rest_endpoint_page(PortalProductId=a,
                                                              RestEndpointIdentifier=_parts(rest_api))

    for call, extra in ((apigatewayv2.get_product_page, {}), (apigatewayv2.delete_product_page, {}),
                        (apigatewayv2.update_product_page, {"DisplayContent": {"Title": "x", "Body": "y"}})):
        _refused(gwmock, "NotFoundException", 404, call, PortalProductId=b, ProductPageId=page["ProductPageId"],
                 **extra)
    for call in (apigatewayv2.get_product_rest_endpoint_page, apigatewayv2.delete_product_rest_endpoint_page,
                 apigatewayv2.update_product_rest_endpoint_page):
        _refused(gwmock, "NotFoundException", 404, call, PortalProductId=b,
                 ProductRestEndpointPageId=endpoint["ProductRestEndpointPageId"])
    for order in ({"ProductPageArns": [page["ProductPageArn"]]}, {"OverviewPageArn": page["ProductPageArn"]},
                  {"Contents": [{"SectionName": "s",
                                 "ProductRestEndpointPageArns": [endpoint["ProductRestEndpointPageArn"]]}]},
                  {"ProductPageArns": [endpoint["ProductRestEndpointPageArn"]]}):
        _refused(gwmock, "BadRequestException", 400, apigatewayv2.update_portal_product, PortalProductId=b,
                 DisplayOrder=order)
    assert apigatewayv2.get_product_page(PortalProductId=a, ProductPageId=page["ProductPageId"])["DisplayContent"] == {
        "Title": "T", "Body": "B"}


def test_a_product_a_portal_includes_can_be_deleted(apigatewayv2, product):
    """DeletePortalProduct's model has no ConflictException and the guide only says to republish."""
    portal_id = _portal(apigatewayv2, IncludedPortalProductArns=[product["PortalProductArn"]])["PortalId"]
    apigatewayv2.publish_portal(PortalId=portal_id)

    apigatewayv2.delete_portal_product(PortalProductId=product["PortalProductId"])

    assert apigatewayv2.get_portal(PortalId=portal_id)["IncludedPortalProductArns"] == []
    assert_error(error_of(apigatewayv2.get_portal_product_sharing_policy, PortalProductId=product["PortalProductId"]),
                 "NotFoundException", status=404)
    apigatewayv2.publish_portal(PortalId=portal_id)


def test_a_rest_api_of_another_region_is_not_an_endpoint(gwmock, apigatewayv2, product):
    west = boto3.client("apigateway", region_name="us-west-2")
    api = west.create_rest_api(name="west")
    west.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE")
    west.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    west.create_deployment(restApiId=api["id"], stageName="prod")

    _refused(gwmock, "BadRequestException", 400, apigatewayv2.create_product_rest_endpoint_page,
             PortalProductId=product["PortalProductId"],
             RestEndpointIdentifier={"IdentifierParts": {"RestApiId": api["id"], "Stage": "prod", "Method": "GET",
                                                         "Path": "/"}})


@pytest.mark.parametrize("max_results", ["0", "-1", "abc", "1.5", " "])
def test_listings_refuse_bad_max_results(apigatewayv2, product, max_results):
    pid = {"PortalProductId": product["PortalProductId"]}
    for call, extra in ((apigatewayv2.list_portals, {}), (apigatewayv2.list_portal_products, {}),
                        (apigatewayv2.list_product_pages, pid), (apigatewayv2.list_product_rest_endpoint_pages, pid)):
        assert_error(error_of(call, MaxResults=max_results, **extra), "BadRequestException", status=400)


def test_listings_refuse_forged_tokens_and_survive_foreign_ones(apigatewayv2, product):
    _portal(apigatewayv2)
    _portal(apigatewayv2)
    token = apigatewayv2.list_portals(MaxResults="1")["NextToken"]
    pid = product["PortalProductId"]
    for call, extra in ((apigatewayv2.list_portals, {}), (apigatewayv2.list_portal_products, {}),
                        (apigatewayv2.list_product_pages, {"PortalProductId": pid})):
        assert_error(error_of(call, NextToken="garbage", **extra), "BadRequestException", status=400)
        assert_error(error_of(call, NextToken="A" * 2000, **extra), "BadRequestException", status=400)
        try:  # a token of another listing: any page or a 400, never a 500
            call(NextToken=token, **extra)
        except Exception as e:  # noqa: BLE001 - the answer's status is what is checked
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400  # type: ignore[attr-defined]
    assert len(apigatewayv2.list_portals()["Items"]) == 2


def test_hostile_arns_and_domains_cost_nothing(gwmock, loose):
    endpoint_inputs = [("a" * 62 + ".") * 4 + "com", "a" * 256, "-." * 128, "a-" * 128,
                       "a." * 127 + "-"]
    started = time.perf_counter()
    for domain in endpoint_inputs:
        _refused(gwmock, "BadRequestException", 400, _portal, client=loose,
                 EndpointConfiguration={"AcmManaged": {"CertificateArn": CERT, "DomainName": domain}})
    for arn in ("arn:aws:acm:us-east-1:" + ":" * 2000, "arn:aws:acm:us-east-1:1:certificate/" + "-" * 2000 + "!"):
        _refused(gwmock, "BadRequestException", 400, _portal, client=loose,
                 EndpointConfiguration={"AcmManaged": {"CertificateArn": arn, "DomainName": "p.example.com"}})
    _refused(gwmock, "BadRequestException", 400, _portal, client=loose,
             IncludedPortalProductArns=["arn:aws:apigateway:us-east-1:" + "1" * 2000 + "!"] * 50)
    assert time.perf_counter() - started < 2.0


# --- fuzzing the wire: never a 500, a failure changes nothing --------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.sampled_from(
        ["arn:aws:apigateway:us-east-1:123456789012:/portalproducts/PRODUCT", CERT, POOL, "{}", "[]", "ENABLED"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from([
        "authorization", "cognitoConfig", "none", "endpointConfiguration", "acmManaged", "certificateArn",
        "domainName", "portalContent", "displayName", "theme", "customColors", "includedPortalProductArns",
        "displayContent", "title", "body", "overrides", "restEndpointIdentifier", "identifierParts", "displayOrder",
        "contents", "productPageArns", "overviewPageArn", "policyDocument", "tryItState", "tags", "logoUri",
        "description"]), children, max_size=4),
    max_leaves=12,
)
ROUTES = st.sampled_from([
    ("POST", "/v2/portals"), ("PATCH", "/v2/portals/PORTAL"), ("POST", "/v2/portals/PORTAL/publish"),
    ("DELETE", "/v2/portals/PORTAL/publish"), ("POST", "/v2/portals/PORTAL/preview"), ("DELETE", "/v2/portals/PORTAL"),
    ("POST", "/v2/portalproducts"), ("PATCH", "/v2/portalproducts/PRODUCT"),
    ("PUT", "/v2/portalproducts/PRODUCT/sharingpolicy"), ("POST", "/v2/portalproducts/PRODUCT/productpages"),
    ("PATCH", "/v2/portalproducts/PRODUCT/productpages/nothere"),
    ("POST", "/v2/portalproducts/PRODUCT/productrestendpointpages"), ("GET", "/v2/portalproducts"),
])


def _seeded():
    backend = MemoryBackend()
    product = json.loads(handle_request(backend, "apigatewayv2", "POST", "/v2/portalproducts", "", {},
                                        b'{"displayName": "p"}', ACCOUNT, REGION)[2])["portalProductId"]
    portal_body = {"authorization": {"none": {}}, "endpointConfiguration": {"none": {}},
                   "portalContent": {"displayName": "portal", "theme": {"customColors": {
                       k[0].lower() + k[1:]: "#000" for k in COLORS}}}}
    status, _, raw = handle_request(backend, "apigatewayv2", "POST", "/v2/portals", "", {},
                                    json.dumps(portal_body).encode(), ACCOUNT, REGION)
    assert status == 201, raw
    return backend, product, json.loads(raw)["portalId"]


@FUZZ
@given(route=ROUTES, body=JSON, query=st.sampled_from(["", "maxResults=0", "nextToken=%00", "resourceOwner=x",
                                                       "maxResults=99999999999999999999"]))
def test_random_portal_bodies_get_aws_style_answers(route, body, query):
    if "CreatePortal" not in botocore.session.get_session().get_service_model("apigatewayv2").operation_names:
        pytest.skip(f"botocore {botocore.__version__}'s model has no CreatePortal")  # the oldest supported
    backend, product, portal = _seeded()
    method, path = route
    path = path.replace("PRODUCT", product).replace("PORTAL", portal)
    text = json.dumps(body).replace("PRODUCT", product).encode()
    before = backend.dump()

    status, headers, raw = handle_request(backend, "apigatewayv2", method, path, query, {}, text, ACCOUNT, REGION)

    assert status < 500, (route, body, raw)
    if status >= 400:
        assert headers["x-amzn-ErrorType"] and "message" in json.loads(raw)
        assert backend.dump() == before
    status, _, raw = handle_request(backend, "apigatewayv2", "GET", "/v2/portalproducts", "", {}, b"", ACCOUNT, REGION)
    assert status == 200 and product in raw.decode()  # the mock still serves the next call
