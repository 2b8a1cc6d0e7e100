"""API keys: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey, ImportApiKeys."""

import re

import pytest
from helpers import assert_error, assert_matches, error_of, recorded

EXT = "extended"


def _stage(client, name="dev"):
    api = client.create_rest_api(name="api")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName=name)
    return api["id"]


def test_create_api_key_defaults_match_aws(apigateway):
    created = apigateway.create_api_key(name="test-key-1")
    assert_matches(created, recorded(EXT, "test_get_api_keys", "create-api-key"))
    assert re.fullmatch(r"[A-Za-z0-9]{40}", created["value"])
    assert re.fullmatch(r"[a-z0-9]{10}", created["id"])
    assert "tags" not in created


def test_get_api_key_hides_the_value_unless_asked(apigateway):
    created = apigateway.create_api_key(name="k", enabled=True, description="d", customerId="c")
    got = apigateway.get_api_key(apiKey=created["id"])
    assert "value" not in got
    assert got["tags"] == {}
    assert (got["name"], got["enabled"], got["description"], got["customerId"]) == ("k", True, "d", "c")
    assert apigateway.get_api_key(apiKey=created["id"], includeValue=True)["value"] == created["value"]


def test_create_api_key_with_value_stage_keys_and_tags(apigateway):
    api_id = _stage(apigateway)
    created = apigateway.create_api_key(name="k", value="v" * 30, tags={"a": "b"},
                                        stageKeys=[{"restApiId": api_id, "stageName": "dev"}])
    assert created["value"] == "v" * 30
    assert created["stageKeys"] == [f"{api_id}/dev"]
    assert created["tags"] == {"a": "b"}


def test_create_api_key_with_unknown_stage_is_refused(apigateway):
    api_id = _stage(apigateway)
    resp = error_of(apigateway.create_api_key, stageKeys=[{"restApiId": api_id, "stageName": "nope"}])
    assert_error(resp, "NotFoundException", "Invalid stage identifier specified", 404)
    assert apigateway.get_api_keys()["items"] == []


def test_create_api_key_with_invalid_name(apigateway):
    rec = lambda step: recorded(EXT, "test_create_api_key_with_invalid_name", step)  # noqa: E731
    assert_matches(error_of(apigateway.create_api_key, name="a" * 1025), rec("create-api-key-name-too-long"))
    assert_matches(apigateway.create_api_key(name=""), rec("create-api-key-empty-name"))
    assert_matches(apigateway.create_api_key(), rec("create-api-key-no-name"))
    assert len(apigateway.get_api_keys()["items"]) == 2


def test_create_api_key_with_invalid_value(apigateway):
    rec = lambda step: recorded(EXT, "test_create_api_key_with_invalid_value", step)  # noqa: E731
    assert_matches(error_of(apigateway.create_api_key, value="short"), rec("create-api-key-short-value"))
    assert_matches(error_of(apigateway.create_api_key, value="a" * 129),
                   rec("create-api-key-invalid-value-too-long"))
    assert apigateway.get_api_keys()["items"] == []
    assert_matches(apigateway.create_api_key(value=""), rec("create-api-key-empty-value"))


def test_create_api_key_with_duplicate_value_conflicts(apigateway):
    apigateway.create_api_key(value="x" * 20)
    resp = error_of(apigateway.create_api_key, value="x" * 20)
    assert_error(resp, "ConflictException", "API Key already exists", 409)
    assert len(apigateway.get_api_keys()["items"]) == 1


def test_description_too_long_on_create_and_update(apigateway):
    rec = lambda step: recorded(EXT, "test_update_api_key_invalid_description_length", step)  # noqa: E731
    assert_matches(error_of(apigateway.create_api_key, description="a" * 125001),
                   rec("create-api-key-description-too-long"))
    key_id = apigateway.create_api_key()["id"]
    resp = error_of(apigateway.update_api_key, apiKey=key_id,
                    patchOperations=[{"op": "replace", "path": "/description", "value": "a" * 125001}])
    assert_matches(resp, rec("update-api-key-description-too-long"))
    assert "description" not in apigateway.get_api_key(apiKey=key_id)


def test_get_api_keys_name_query_order_and_paging(apigateway):
    rec = lambda step: recorded(EXT, "test_get_api_keys", step)  # noqa: E731
    name1, name2 = "test-key-aaaa1", "test-key-bbbb2"
    assert_matches(apigateway.get_api_keys(), rec("get-api-keys"))
    first = apigateway.create_api_key(name=name1)
    assert_matches(apigateway.get_api_keys(), rec("get-api-keys-after-create-1"))
    assert_matches(apigateway.get_api_keys(nameQuery=name2), rec("get-api-keys-wrong-name-query"))
    assert_matches(apigateway.get_api_keys(nameQuery=name1[:8]), rec("get-api-keys-prefix-name-query"))
    assert_matches(apigateway.get_api_keys(nameQuery=name1[:8].upper()),
                   rec("get-api-keys-prefix-name-query-cased"))
    assert_matches(apigateway.get_api_keys(nameQuery=name1[2:]), rec("get-api-keys-postfix-name-query"))
    assert_matches(apigateway.get_api_keys(nameQuery=name1[2:8]), rec("get-api-keys-infix-name-query"))
    second = apigateway.create_api_key(name=name2)
    listed = apigateway.get_api_keys()
    assert_matches(listed, rec("get-api-keys-after-create-2"))
    assert [k["id"] for k in listed["items"]] == [second["id"], first["id"]]
    assert_matches(apigateway.get_api_keys(nameQuery=name2), rec("get-api-keys-name-query"))
    assert_matches(apigateway.get_api_keys(nameQuery=name1[:8]), rec("get-api-keys-prefix-name-query-2"))
    page = apigateway.get_api_keys(limit=1)
    assert_matches(page, rec("get-apis-keys-pagination"))
    page2 = apigateway.get_api_keys(limit=1, position=page["position"])
    assert_matches(page2, rec("get-apis-keys-pagination-2"))
    assert page2["items"][0]["id"] == first["id"]


def test_get_api_keys_ignores_a_negative_limit(apigateway):
    rec = lambda step: recorded(EXT, "test_negative_get_usage_plan_api_keys", step)  # noqa: E731
    assert_matches(apigateway.get_api_keys(limit=-1), rec("get-api-keys-invalid-limit"))
    apigateway.create_api_key(name="k")
    assert len(apigateway.get_api_keys(limit=0)["items"]) == 1


def test_get_api_keys_customer_id_and_include_values(apigateway):
    a = apigateway.create_api_key(name="a", customerId="cust-1")
    apigateway.create_api_key(name="b", customerId="cust-2")
    items = apigateway.get_api_keys(customerId="cust-1", includeValues=True)["items"]
    assert [(k["id"], k["value"]) for k in items] == [(a["id"], a["value"])]
    assert all("value" not in k for k in apigateway.get_api_keys()["items"])


def test_update_api_key_name(apigateway):
    rec = lambda step: recorded(EXT, "test_negative_get_usage_plan_api_keys", step)  # noqa: E731
    created = apigateway.create_api_key(name="key-enabled-false", enabled=False)
    assert_matches(created, rec("create-api-key"))
    ops = [{"op": "replace", "path": "/name", "value": "new-name"}]
    updated = apigateway.update_api_key(apiKey=created["id"], patchOperations=ops)
    assert_matches(updated, rec("update-api-key-name"))
    assert updated["name"] == "new-name"


def test_update_api_key_enabled_takes_any_string(apigateway):
    rec = recorded(EXT, "test_update_api_key_invalid_enabled_type", "update-api-key-invalid-enabled-type")
    key_id = apigateway.create_api_key()["id"]
    ops = [{"op": "replace", "path": "/enabled", "value": "TRUE"}]
    assert apigateway.update_api_key(apiKey=key_id, patchOperations=ops)["enabled"] is True
    ops = [{"op": "replace", "path": "/enabled", "value": "not-a-boolean"}]
    assert_matches(apigateway.update_api_key(apiKey=key_id, patchOperations=ops), rec)


def test_update_api_key_immutable_field(apigateway):
    rec = recorded(EXT, "test_update_api_key_immutable_field", "update-api-key-immutable-field")
    key_id = apigateway.create_api_key(name="n")["id"]
    resp = error_of(apigateway.update_api_key, apiKey=key_id,
                    patchOperations=[{"op": "replace", "path": "/id", "value": "new-id"}])
    assert_matches(resp, rec)
    assert apigateway.get_api_key(apiKey=key_id)["id"] == key_id


def test_update_api_key_disabled_matches_aws(apigateway):
    rec = recorded("common", "test_api_key_required_for_methods", "update-api-key-disabled")
    key_id = apigateway.create_api_key(name="k", enabled=True)["id"]
    ops = [{"op": "replace", "path": "/enabled", "value": "false"}]
    updated = apigateway.update_api_key(apiKey=key_id, patchOperations=ops)
    assert_matches(updated, rec)


def test_update_api_key_fields_and_stages(apigateway):
    api_id = _stage(apigateway)
    key_id = apigateway.create_api_key(name="k")["id"]
    updated = apigateway.update_api_key(apiKey=key_id, patchOperations=[
        {"op": "replace", "path": "/description", "value": "desc"},
        {"op": "replace", "path": "/customerId", "value": "cust"},
        {"op": "add", "path": "/stages", "value": f"{api_id}/dev"},
    ])
    assert (updated["description"], updated["customerId"]) == ("desc", "cust")
    assert updated["stageKeys"] == [f"{api_id}/dev"]
    assert updated["lastUpdatedDate"] >= updated["createdDate"]
    ops = [{"op": "remove", "path": "/stages", "value": f"{api_id}/dev"}]
    removed = apigateway.update_api_key(apiKey=key_id, patchOperations=ops)
    assert removed["stageKeys"] == []


def test_update_api_key_with_unknown_stage_changes_nothing(apigateway):
    key_id = apigateway.create_api_key(name="k")["id"]
    resp = error_of(apigateway.update_api_key, apiKey=key_id, patchOperations=[
        {"op": "replace", "path": "/name", "value": "other"},
        {"op": "add", "path": "/stages", "value": "nope/dev"},
    ])
    assert_error(resp, "NotFoundException", status=404)
    assert apigateway.get_api_key(apiKey=key_id)["name"] == "k"


def test_unknown_api_key_is_404(apigateway):
    for call, kwargs in [(apigateway.get_api_key, {}), (apigateway.delete_api_key, {}),
                         (apigateway.update_api_key, {"patchOperations": []})]:
        resp = error_of(call, apiKey="nope", **kwargs)
        assert_error(resp, "NotFoundException", "Invalid API Key identifier specified", 404)


def test_delete_api_key(apigateway):
    key_id = apigateway.create_api_key(name="k")["id"]
    resp = apigateway.delete_api_key(apiKey=key_id)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigateway.get_api_keys()["items"] == []


def test_api_key_tags_by_arn(apigateway):
    key_id = apigateway.create_api_key(name="k")["id"]
    arn = f"arn:aws:apigateway:us-east-1::/apikeys/{key_id}"
    apigateway.tag_resource(resourceArn=arn, tags={"team": "x"})
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"team": "x"}
    assert apigateway.get_api_key(apiKey=key_id)["tags"] == {"team": "x"}
    apigateway.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert apigateway.get_api_key(apiKey=key_id)["tags"] == {}


CSV = b"""Name,key,description,Enabled,usageplanIds
first,apikey1234abcdefghij0123456789,An imported key,TRUE,
second,apikey1234abcdefghij9876543210,,false,
"""


def test_import_api_keys(apigateway):
    resp = apigateway.import_api_keys(body=CSV, format="csv")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(resp["ids"]) == 2 and "warnings" not in resp
    first = apigateway.get_api_key(apiKey=resp["ids"][0], includeValue=True)
    assert (first["name"], first["value"], first["description"], first["enabled"]) == (
        "first", "apikey1234abcdefghij0123456789", "An imported key", True)
    second = apigateway.get_api_key(apiKey=resp["ids"][1])
    assert second["enabled"] is False and "description" not in second


def test_import_api_keys_overwrites_same_value_and_joins_plans(apigateway):
    p1 = apigateway.create_usage_plan(name="p1")["id"]
    p2 = apigateway.create_usage_plan(name="p2")["id"]
    first = apigateway.import_api_keys(body=b"key,name\napikey1234abcdefghij0123456789,old\n", format="csv")
    body = f"Enabled,Name,key,UsageplanIds\ntrue,new,apikey1234abcdefghij0123456789,\"{p1},{p2}\"\n".encode()
    second = apigateway.import_api_keys(body=body, format="csv")
    assert second["ids"] == first["ids"]
    key_id = first["ids"][0]
    assert apigateway.get_api_key(apiKey=key_id)["name"] == "new"
    for plan in (p1, p2):
        assert apigateway.get_usage_plan_key(usagePlanId=plan, keyId=key_id)["name"] == "new"


def test_import_api_keys_single_quoted_plan_ids(apigateway):
    p1 = apigateway.create_usage_plan(name="p1")["id"]
    p2 = apigateway.create_usage_plan(name="p2")["id"]
    body = f"name,key,usageplanids\nk,apikey1234abcdefghij0123456789,'{p1},{p2}'\n".encode()
    key_id = apigateway.import_api_keys(body=body, format="csv")["ids"][0]
    assert [p["id"] for p in apigateway.get_usage_plans(keyId=key_id)["items"]] == [p1, p2]


def test_import_api_keys_warnings(apigateway):
    body = b"name,key\ngood,apikey1234abcdefghij0123456789\nbad,short\n"
    resp = apigateway.import_api_keys(body=body, format="csv")
    assert len(resp["ids"]) == 1
    assert resp["warnings"] == ["Invalid API Key on line 3: API Key value should be at least 20 characters"]


def test_import_api_keys_fail_on_warnings_imports_nothing(apigateway):
    body = b"name,key\ngood,apikey1234abcdefghij0123456789\nbad,short\n"
    resp = error_of(apigateway.import_api_keys, body=body, format="csv", failOnWarnings=True)
    assert_error(resp, "BadRequestException",
                 "Invalid API Key on line 3: API Key value should be at least 20 characters", 400)
    assert apigateway.get_api_keys()["items"] == []


@pytest.mark.parametrize("body", [b"\n", b"name,enabled\nx,true\n"])
def test_import_api_keys_without_required_columns(apigateway, body):
    resp = error_of(apigateway.import_api_keys, body=body, format="csv")
    assert_error(resp, "BadRequestException", status=400)
    assert apigateway.get_api_keys()["items"] == []
