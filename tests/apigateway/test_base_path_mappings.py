"""Base path mappings of custom domain names."""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of

DOMAIN = "api.example.com"


def _deployed_api(client, stage="dev"):
    api = client.create_rest_api(name="mapped")
    client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                      authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName=stage)
    return api["id"]


@pytest.fixture
def api_id(apigateway):
    apigateway.create_domain_name(domainName=DOMAIN)
    return _deployed_api(apigateway)


def _strip(resp):
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def test_create_and_get_mapping(apigateway, api_id):
    resp = apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, stage="dev", basePath="v1")

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert _strip(resp) == {"basePath": "v1", "restApiId": api_id, "stage": "dev"}
    assert _strip(apigateway.get_base_path_mapping(domainName=DOMAIN, basePath="v1")) == _strip(resp)


def test_empty_base_path_is_none(apigateway, api_id):
    resp = apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id)

    assert _strip(resp) == {"basePath": "(none)", "restApiId": api_id}
    assert apigateway.get_base_path_mapping(domainName=DOMAIN, basePath="(none)")["restApiId"] == api_id
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=api_id, basePath="v2"),
                 "ConflictException", "Only one base path mapping is allowed if the base path is empty.", 409)


@pytest.mark.parametrize("base_path", ["orders/v2", "/v1", "v1/"])
def test_v1_refuses_slashes_in_base_paths(apigateway, api_id, base_path):
    # AWS's wording as users quote it (aws/chalice#1897, hashicorp/terraform-provider-aws#21986)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=api_id,
                          basePath=base_path),
                 "BadRequestException", "API Gateway V1 doesn't support the slash character (/) in base path "
                 "mappings. To create a multi-level base path mapping, use API Gateway V2.", 400)
    assert apigateway.get_base_path_mappings(domainName=DOMAIN).get("items", []) == []


def test_v1_update_refuses_a_multi_level_base_path(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, basePath="orders")
    assert_error(error_of(apigateway.update_base_path_mapping, domainName=DOMAIN, basePath="orders",
                          patchOperations=[{"op": "replace", "path": "/basePath", "value": "orders/v2"}]),
                 "BadRequestException", status=400)
    assert [m["basePath"] for m in apigateway.get_base_path_mappings(domainName=DOMAIN)["items"]] == ["orders"]


def test_multi_level_mapping_made_with_v2_is_read_through_v1(apigateway, apigatewayv2):
    apigateway.create_domain_name(domainName=DOMAIN, regionalCertificateArn="arn:aws:acm:us-east-1:123456789012:"
                                  "certificate/c", endpointConfiguration={"types": ["REGIONAL"]})
    api_id = _deployed_api(apigateway)
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage="dev", ApiMappingKey="orders/v2")
    assert apigateway.get_base_path_mapping(domainName=DOMAIN, basePath="orders/v2")["restApiId"] == api_id
    assert [m["basePath"] for m in apigateway.get_base_path_mappings(domainName=DOMAIN)["items"]] == ["orders/v2"]


def test_create_mapping_errors_leave_nothing(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, basePath="v1")

    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=api_id, basePath="v1"),
                 "ConflictException", "Base path already exists for this domain name", 409)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=api_id),
                 "ConflictException", "Only one base path mapping is allowed if the base path is empty.", 409)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=api_id,
                          basePath="v3", stage="nope"),
                 "BadRequestException", "Invalid stage identifier specified", 400)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId="nope", basePath="v4"),
                 "BadRequestException", "Invalid REST API identifier specified", 400)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=api_id,
                          basePath="bad path"), "BadRequestException", "Invalid base path specified", 400)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName="other.example.com", restApiId=api_id),
                 "NotFoundException", "Invalid domain name identifier specified", 404)
    assert [m["basePath"] for m in apigateway.get_base_path_mappings(domainName=DOMAIN)["items"]] == ["v1"]


def test_get_mapping_not_found(apigateway, api_id):
    assert_error(error_of(apigateway.get_base_path_mapping, domainName=DOMAIN, basePath="zz"),
                 "NotFoundException", "Invalid base path mapping identifier specified", 404)
    assert_error(error_of(apigateway.get_base_path_mappings, domainName="x.example.com"),
                 "NotFoundException", "Invalid domain name identifier specified", 404)


def test_get_mappings_pages(apigateway, api_id):
    for path in ("a", "b", "c"):
        apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, basePath=path)

    first = apigateway.get_base_path_mappings(domainName=DOMAIN, limit=2)
    rest = apigateway.get_base_path_mappings(domainName=DOMAIN, position=first["position"])

    assert [m["basePath"] for m in first["items"]] == ["a", "b"]
    assert [m["basePath"] for m in rest["items"]] == ["c"]


def test_update_mapping(apigateway, api_id):
    other = _deployed_api(apigateway, stage="prod")
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, basePath="v1", stage="dev")

    resp = apigateway.update_base_path_mapping(domainName=DOMAIN, basePath="v1", patchOperations=[
        {"op": "replace", "path": "/restapiId", "value": other},
        {"op": "replace", "path": "/stage", "value": "prod"},
        {"op": "replace", "path": "/basepath", "value": "v9"},
    ])

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _strip(resp) == {"basePath": "v9", "restApiId": other, "stage": "prod"}
    assert [m["basePath"] for m in apigateway.get_base_path_mappings(domainName=DOMAIN)["items"]] == ["v9"]
    assert_error(error_of(apigateway.get_base_path_mapping, domainName=DOMAIN, basePath="v1"),
                 "NotFoundException", status=404)


def test_update_mapping_errors_leave_it_unchanged(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, basePath="v1", stage="dev")
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, basePath="v2")

    assert_error(error_of(apigateway.update_base_path_mapping, domainName=DOMAIN, basePath="v1", patchOperations=[
        {"op": "replace", "path": "/basePath", "value": "v2"}]),
        "ConflictException", "Base path already exists for this domain name", 409)
    assert_error(error_of(apigateway.update_base_path_mapping, domainName=DOMAIN, basePath="v1", patchOperations=[
        {"op": "replace", "path": "/stage", "value": "nope"}]),
        "BadRequestException", "Invalid stage identifier specified", 400)
    assert_error(error_of(apigateway.update_base_path_mapping, domainName=DOMAIN, basePath="v1", patchOperations=[
        {"op": "add", "path": "/stage", "value": "dev"}]),
        "BadRequestException",
        "Invalid patch path  '/stage' specified for op 'add'. Please choose supported operations", 400)
    assert_error(error_of(apigateway.update_base_path_mapping, domainName=DOMAIN, basePath="v1", patchOperations=[
        {"op": "replace", "path": "/name", "value": "dev"}]),
        "BadRequestException",
        "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/basepath, /restapiId, /stage]", 400)
    assert_error(error_of(apigateway.update_base_path_mapping, domainName=DOMAIN, basePath="nope",
                          patchOperations=[]), "NotFoundException", status=404)
    assert _strip(apigateway.get_base_path_mapping(domainName=DOMAIN, basePath="v1")) == {
        "basePath": "v1", "restApiId": api_id, "stage": "dev"}


def test_delete_mapping(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id)

    resp = apigateway.delete_base_path_mapping(domainName=DOMAIN, basePath="(none)")

    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigateway.get_base_path_mappings(domainName=DOMAIN)["items"] == []
    assert_error(error_of(apigateway.delete_base_path_mapping, domainName=DOMAIN, basePath="(none)"),
                 "NotFoundException", "Invalid base path mapping identifier specified", 404)


def test_private_domain_mappings_need_the_domain_name_id(apigateway, api_id):
    private = apigateway.create_domain_name(domainName=DOMAIN, endpointConfiguration={"types": ["PRIVATE"]})
    domain_id = private["domainNameId"]

    apigateway.create_base_path_mapping(domainName=DOMAIN, domainNameId=domain_id, restApiId=api_id, basePath="p")

    assert [m["basePath"] for m in apigateway.get_base_path_mappings(domainName=DOMAIN, domainNameId=domain_id)[
        "items"]] == ["p"]
    assert apigateway.get_base_path_mappings(domainName=DOMAIN)["items"] == []
