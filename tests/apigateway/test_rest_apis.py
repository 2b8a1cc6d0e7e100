"""RestApi: create/get/list/update/delete against the recorded AWS answers."""

from __future__ import annotations

import pytest
from helpers import assert_error, assert_matches, error_of, recorded

API = "test_create_rest_api_with_endpoint_configuration"


def test_create_defaults_match_aws(apigateway):
    api = apigateway.create_rest_api(name="pets")
    assert_matches(api, recorded("api", "test_create_rest_api_verify_defaults", "create-with-edge-default"))


@pytest.mark.parametrize(("types", "step"), [(["REGIONAL"], "create-with-regional-default"),
                                             (["PRIVATE"], "create-with-private-default")])
def test_create_endpoint_type_defaults(apigateway, types, step):
    api = apigateway.create_rest_api(name="pets", endpointConfiguration={"types": types})
    assert_matches(api, recorded("api", "test_create_rest_api_verify_defaults", step))


def test_create_with_version_and_tags(apigateway):
    api = apigateway.create_rest_api(name="pets", version="v1")
    assert_matches(api, recorded("api", "test_create_rest_api_with_optional_params", "create-with-version"))
    tagged = apigateway.create_rest_api(name="tagged", description="this is my api", tags={"MY_TAG1": "MY_VALUE1"})
    assert tagged["tags"] == {"MY_TAG1": "MY_VALUE1"}
    assert apigateway.get_rest_api(restApiId=tagged["id"])["tags"] == {"MY_TAG1": "MY_VALUE1"}


def test_root_resource_exists(apigateway):
    api = apigateway.create_rest_api(name="pets")
    assert api["rootResourceId"] and len(api["id"]) == 10 and api["id"].isalnum() and api["id"].islower()


@pytest.mark.parametrize(("kwargs", "step", "file_test"), [
    ({"description": ""}, "create-empty-desc", "test_create_rest_api_with_optional_params"),
    ({"minimumCompressionSize": -1}, "string-compression-size", "test_create_rest_api_with_optional_params"),
    ({"endpointConfiguration": {"types": []}}, "create-with-empty-types", API),
    ({"endpointConfiguration": {"types": ["EDGE", "REGIONAL"]}}, "create-with-two-types", API),
    ({"endpointConfiguration": {"types": ["wrong"]}}, "create-with-invalid-types", API),
    ({"endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "wrong"}}, "create-with-invalid-ip-address-type",
     API),
    ({"endpointConfiguration": {"types": ["wrong"], "ipAddressType": "wrong"}},
     "create-with-invalid-ip-address-type-and-types", API),
    ({"endpointConfiguration": {"types": ["PRIVATE"], "ipAddressType": "ipv4"}},
     "create-with-private-type-and-ipv4-ip-address-type", "test_create_rest_api_private_type"),
    ({"description": "", "endpointConfiguration": {"types": ["PRIVATE"], "ipAddressType": "ipv4"}},
     "create-with-private-type-and-ipv4-ip-address-type-and-empty-description", "test_create_rest_api_private_type"),
])
def test_create_rejects_bad_input_like_aws(apigateway, kwargs, step, file_test):
    response = error_of(apigateway.create_rest_api, name="pets", **kwargs)
    assert_matches(response, recorded("api", file_test, step))
    assert apigateway.get_rest_apis()["items"] == []


def test_get_is_case_sensitive(apigateway, gwmock):
    api = apigateway.create_rest_api(name="pets")
    response = error_of(apigateway.get_rest_api, restApiId=api["id"].upper())
    assert_error(response, "NotFoundException", f"Invalid API identifier specified 123456789012:{api['id'].upper()}",
                 404)


def test_list_and_delete(apigateway):
    one = apigateway.create_rest_api(name="one", description="this is my api")
    two = apigateway.create_rest_api(name="two", description="this is my api2")
    assert [a["id"] for a in apigateway.get_rest_apis()["items"]] == [one["id"], two["id"]]
    deleted = apigateway.delete_rest_api(restApiId=one["id"])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert_matches(apigateway.get_rest_apis(),
                   recorded("api", "test_list_and_delete_apis", "get-rest-api-after-delete"))
    assert_error(error_of(apigateway.delete_rest_api, restApiId=one["id"]), "NotFoundException", status=404)


def test_list_pages_with_position(apigateway):
    ids = [apigateway.create_rest_api(name=f"api{i}")["id"] for i in range(7)]
    first = apigateway.get_rest_apis(limit=3)
    second = apigateway.get_rest_apis(limit=3, position=first["position"])
    third = apigateway.get_rest_apis(limit=3, position=second["position"])
    assert [a["id"] for a in first["items"] + second["items"] + third["items"]] == ids
    assert "position" not in third
    assert len(apigateway.get_rest_apis()["items"]) == 7  # default limit 25
    assert_error(error_of(apigateway.get_rest_apis, position="garbage!"), "BadRequestException", status=400)
    assert_error(error_of(apigateway.get_rest_apis, limit=501), "ValidationException", status=400)


def test_paginator_walks_every_page(apigateway):
    for i in range(30):
        apigateway.create_rest_api(name=f"api{i}")
    pages = list(apigateway.get_paginator("get_rest_apis").paginate(PaginationConfig={"PageSize": 7}))
    assert sum(len(p["items"]) for p in pages) == 30
    assert len(pages) == 5


def test_update_binary_media_types_and_description(apigateway):
    api = apigateway.create_rest_api(name="pets", description="this is my api")
    added = apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes/image~1png"},
        {"op": "add", "path": "/binaryMediaTypes/image~1jpeg"},
    ])
    assert_matches(added, recorded("api", "test_update_rest_api_operation_add_remove", "update-rest-api-add"))
    replaced = apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/binaryMediaTypes/image~1png", "value": "image/gif"},
    ])
    assert replaced["binaryMediaTypes"] == ["image/gif", "image/jpeg"]
    removed = apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "remove", "path": "/binaryMediaTypes/image~1gif"},
        {"op": "remove", "path": "/description"},
    ])
    assert removed["binaryMediaTypes"] == ["image/jpeg"] and "description" not in removed


def test_update_compression(apigateway):
    api = apigateway.create_rest_api(name="pets", description="this is my api")
    test = "test_update_rest_api_compression"
    enabled = apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/minimumCompressionSize", "value": "10"}])
    assert_matches(enabled, recorded("api", test, "enable-compression"))
    disabled = apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/minimumCompressionSize", "value": ""}])
    assert_matches(disabled, recorded("api", test, "disable-compression"))
    for value, step in (("-1", "set-negative-compression"), ("abc", "set-string-compression")):
        response = error_of(apigateway.update_rest_api, restApiId=api["id"], patchOperations=[
            {"op": "replace", "path": "/minimumCompressionSize", "value": value}])
        assert_matches(response, recorded("api", test, step))
    response = error_of(apigateway.update_rest_api, restApiId=api["id"], patchOperations=[
        {"op": "add", "path": "/minimumCompressionSize", "value": "10"}])
    assert_matches(response, recorded("api", test, "unsupported-operation"))
    assert "minimumCompressionSize" not in apigateway.get_rest_api(restApiId=api["id"])


def test_update_unknown_path_and_api(apigateway):
    api = apigateway.create_rest_api(name="pets")
    response = error_of(apigateway.update_rest_api, restApiId=api["id"], patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes", "value": "image/png"}])
    assert_matches(response, recorded("api", "test_update_rest_api_behaviour", "update-rest-api-add-base-path"))
    response = error_of(apigateway.update_rest_api, restApiId="api_id", patchOperations=[])
    assert_error(response, "NotFoundException", "Invalid API identifier specified 123456789012:api_id", 404)


def test_update_endpoint_type_and_ip_address_type(apigateway):
    api = apigateway.create_rest_api(name="pets")
    test = "test_update_rest_api_ip_address_type"
    private = apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "PRIVATE"}])
    assert_matches(private, recorded("api", test, "update-rest-api-replace-type"))
    for ops, step in [
        ([{"op": "replace", "path": "/endpointConfiguration/ipAddressType", "value": "ipv4"}],
         "update-rest-api-replace-to-ipv4-within-private-type"),
        ([{"op": "replace", "path": "/endpointConfiguration/ipAddressType", "value": "wrong"}],
         "update-rest-api-wrong-ipAddressType"),
        ([{"op": "replace", "path": "/endpointConfiguration/types/PRIVATE", "value": "wrong"}],
         "update-rest-api-wrong-type"),
        ([{"op": "add", "path": "/endpointConfiguration/ipAddressType", "value": "ipv4"}],
         "update-rest-api-invalid-operation-on-ipAddressType"),
        ([{"op": "add", "path": "/endpointConfiguration/types/PRIVATE", "value": "EDGE"}],
         "update-rest-api-invalid-operation-on-type"),
    ]:
        assert_matches(error_of(apigateway.update_rest_api, restApiId=api["id"], patchOperations=ops),
                       recorded("api", test, step))
    assert apigateway.get_rest_api(restApiId=api["id"])["endpointConfiguration"] == {
        "types": ["PRIVATE"], "ipAddressType": "dualstack"}


def test_invalid_patch_ops_are_all_reported(apigateway):
    api = apigateway.create_rest_api(name="pets")
    response = error_of(apigateway.update_rest_api, restApiId=api["id"], patchOperations=[
        {"op": "wrong", "path": "/endpointConfiguration/ipAddressType", "value": "ipv4"},
        {"op": "wrong", "path": "/endpointConfiguration/ipAddressType", "value": "dualstack"},
    ])
    assert_matches(response, recorded("api", "test_update_rest_api_concatenation_of_errors",
                                      "update-rest-api-wrong-operations-on-ipAddressType"))


def test_clone_from_copies_the_api(apigateway):
    source = apigateway.create_rest_api(name="source", binaryMediaTypes=["image/png"])
    clone = apigateway.create_rest_api(name="clone", cloneFrom=source["id"])
    assert clone["id"] != source["id"]
    assert clone["rootResourceId"] == source["rootResourceId"]
    assert_error(error_of(apigateway.create_rest_api, name="x", cloneFrom="missing"), "NotFoundException",
                 status=404)


def test_tags_round_trip(apigateway):
    api = apigateway.create_rest_api(name="pets")
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api['id']}"
    assert apigateway.tag_resource(resourceArn=arn, tags={"a": "1", "b": "2"})["ResponseMetadata"][
        "HTTPStatusCode"] == 204
    apigateway.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"b": "2"}
    assert apigateway.get_rest_api(restApiId=api["id"])["tags"] == {"b": "2"}
    missing = "arn:aws:apigateway:us-east-1::/restapis/nope"
    assert_error(error_of(apigateway.get_tags, resourceArn=missing), "NotFoundException", status=404)
    assert_error(error_of(apigateway.get_tags, resourceArn="arn:aws:s3:::bucket"), "BadRequestException",
                 status=400)


# --- resource policy as AWS answers it (regression: scenario tests, terraform) -----------


def test_policy_is_answered_minified_and_escaped(apigateway):
    """AWS re-serializes the policy and escapes ``"`` and ``/`` (terraform-provider-aws #4397)."""
    import json

    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                                                      "Action": "execute-api:Invoke", "Resource": "*",
                                                      "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}
    expected = json.dumps(json.dumps(policy, separators=(",", ":")))[1:-1].replace("/", "\\/")
    api = apigateway.create_rest_api(name="p", policy=json.dumps(policy, indent=2))
    assert api["policy"] == expected
    assert apigateway.get_rest_api(restApiId=api["id"])["policy"] == expected
    assert "10.0.0.0\\/8" in expected
    other = {**policy, "Statement": []}
    updated = apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/policy", "value": json.dumps(other)}])
    assert updated["policy"] == '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}'
    assert apigateway.get_rest_apis()["items"][0]["policy"] == updated["policy"]
    # text that is not JSON is kept as given (guess)
    assert apigateway.create_rest_api(name="q", policy="not json")["policy"] == "not json"


def test_policy_shorthand_resources_are_stored_as_the_apis_arns(apigateway):
    """aws-recorded test_create_execute_api_vpc_endpoint: ``"Resource": ["execute-api:/*"]`` set by
    UpdateRestApi reads back as ``"Resource": "arn:aws:execute-api:<region>:<account>:<id>/*"``."""
    import json

    from tests.helpers import recorded

    region = apigateway.meta.region_name
    statement = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": ["execute-api:/*"]}
    api_id = apigateway.create_rest_api(name="p")["id"]
    updated = apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/policy", "value": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}])
    stored = _unescaped(updated["policy"])
    expected = recorded("integrations", "test_create_execute_api_vpc_endpoint", "api-details")["policy"]
    assert expected["Statement"][0]["Resource"] == "arn:<partition>:execute-api:<region>:111111111111:<id:1>/*"
    assert stored == {"Statement": [{**statement, "Resource": f"arn:aws:execute-api:{region}:123456789012:{api_id}/*"}],
                      "Version": "2012-10-17"}
    # at creation too, in NotResource, and beside full ARNs in a list (kept a list)
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
         "NotResource": ["execute-api:/prod/GET/pets", "arn:aws:execute-api:us-east-1:111122223333:other/*"]}]}
    created = apigateway.create_rest_api(name="q", policy=json.dumps(policy))
    document = _unescaped(created["policy"])
    assert document["Statement"][0]["NotResource"] == [
        f"arn:aws:execute-api:{region}:123456789012:{created['id']}/prod/GET/pets",
        "arn:aws:execute-api:us-east-1:111122223333:other/*"]
    plain = {"Version": "2012-10-17", "Statement": [{**statement, "Resource": ["*"]}]}
    kept = apigateway.create_rest_api(name="r", policy=json.dumps(plain))["policy"]
    assert _unescaped(kept) == plain  # no shorthand: as given


def test_policy_exports_as_an_object(apigateway):
    import json

    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
                                                      "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}
    api_id = apigateway.create_rest_api(name="p", policy=json.dumps(policy))["id"]
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    exported = apigateway.get_export(restApiId=api_id, stageName="s", exportType="oas30",
                                     parameters={"extensions": "apigateway"})
    document = json.loads(exported["body"].read())
    region = apigateway.meta.region_name
    expanded = {**policy, "Statement": [{**policy["Statement"][0],
                                         "Resource": f"arn:aws:execute-api:{region}:123456789012:{api_id}/*"}]}
    assert document["x-amazon-apigateway-policy"] == expanded  # as stored: the shorthand written out
    # and back: an import of the export answers the same stored form
    again = apigateway.import_rest_api(body=json.dumps(document).encode())
    assert again["policy"] == apigateway.get_rest_api(restApiId=api_id)["policy"]


def test_delete_refused_while_a_base_path_mapping_names_the_api(apigateway):
    """Found by tests/core/test_stateful_v1.py: the API went and left its mapping dangling."""
    api = apigateway.create_rest_api(name="pets")
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    for domain in ("b.example.com", "a.example.com"):
        apigateway.create_domain_name(domainName=domain)
        apigateway.create_base_path_mapping(domainName=domain, basePath="v1", restApiId=api["id"], stage="dev")
    response = error_of(apigateway.delete_rest_api, restApiId=api["id"])
    assert_error(response, "BadRequestException", f"Deleting RestApi {api['id']} failed. Please remove all base path "
                 "mappings related to the RestApi in your domains: a.example.com, b.example.com", 400)
    assert apigateway.get_rest_api(restApiId=api["id"])["id"] == api["id"]
    assert [m["restApiId"] for m in apigateway.get_base_path_mappings(domainName="a.example.com")["items"]] == [
        api["id"]]
    for domain in ("a.example.com", "b.example.com"):
        apigateway.delete_base_path_mapping(domainName=domain, basePath="v1")
    apigateway.delete_rest_api(restApiId=api["id"])
    assert apigateway.get_rest_apis()["items"] == []


def test_get_rest_api_answers_empty_tags_but_create_and_list_do_not(apigateway):
    # aws-recorded: test_apigateway_import test_put_rest_api_mode_binary_media_types get-rest-api (tags {}),
    # test_apigateway_api test_list_and_delete_apis (no tags in the list items)
    created = apigateway.create_rest_api(name="untagged")
    assert "tags" not in created
    assert apigateway.get_rest_api(restApiId=created["id"])["tags"] == {}
    assert all("tags" not in item for item in apigateway.get_rest_apis()["items"])


@pytest.mark.parametrize("value", ["1_0", " 5", "\u0663", "10.0"])
def test_compression_sizes_are_read_as_java_ints(apigateway, value):
    api = apigateway.create_rest_api(name="pets")
    assert_error(error_of(apigateway.update_rest_api, restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/minimumCompressionSize", "value": value}]),
        "BadRequestException", "Invalid minimum compression size, must be between 0 and 10485760", 400)
    assert "minimumCompressionSize" not in apigateway.get_rest_api(restApiId=api["id"])


def _unescaped(policy):
    """A stored policy, escaped as AWS stores it (``{\\"Version\\":...}``), read as JSON."""
    import json

    return json.loads(json.loads(f'"{policy}"'))
