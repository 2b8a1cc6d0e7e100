"""Documentation parts and versions of REST APIs."""

from __future__ import annotations

import copy
import json

import pytest
from helpers import assert_error, assert_matches, error_of, recorded

ACCOUNT = "123456789012"


def _parsed(resp):
    """Recorded parts show ``properties`` parsed from its JSON string."""
    resp = copy.deepcopy(resp)
    for part in resp.get("items", [resp]):
        if "properties" in part:
            part["properties"] = json.loads(part["properties"])
    return resp


@pytest.fixture
def api_id(apigateway):
    return apigateway.create_rest_api(name="documented")["id"]


def _part(apigateway, api_id, location, **properties):
    return apigateway.create_documentation_part(restApiId=api_id, location=location,
                                                properties=json.dumps(properties))


def test_documentation_part_lifecycle(apigateway, api_id):
    def step(name):
        return recorded("api", "test_documentation_part_lifecycle", name)

    created = _part(apigateway, api_id, {"type": "API"}, description="Sample API description")
    part_id = created["id"]
    assert_matches(_parsed(created), step("create-documentation-part"))
    assert_matches(_parsed(apigateway.get_documentation_part(restApiId=api_id, documentationPartId=part_id)),
                   step("get-documentation-part"))
    assert_matches(_parsed(apigateway.get_documentation_parts(restApiId=api_id)), step("get-documentation-parts"))
    updated = apigateway.update_documentation_part(restApiId=api_id, documentationPartId=part_id, patchOperations=[
        {"op": "replace", "path": "/properties",
         "value": json.dumps({"description": "Updated Sample API description"})}])
    assert_matches(_parsed(updated), step("update-documentation-part"))
    assert_matches(_parsed(apigateway.get_documentation_part(restApiId=api_id, documentationPartId=part_id)),
                   step("get-documentation-part-after-update"))
    assert_matches(apigateway.delete_documentation_part(restApiId=api_id, documentationPartId=part_id),
                   step("delete_documentation_part"))
    assert apigateway.get_documentation_parts(restApiId=api_id)["items"] == []


def test_invalid_get_documentation_part(apigateway, api_id):
    def step(name):
        return recorded("api", "test_invalid_get_documentation_part", name)

    assert_matches(error_of(apigateway.get_documentation_part, restApiId="api_id", documentationPartId="x"),
                   step("get-documentation-part-invalid-api-id"))
    assert_matches(error_of(apigateway.get_documentation_part, restApiId=api_id, documentationPartId="x"),
                   step("get-documentation-part-invalid-doc-id"))


def test_invalid_get_documentation_parts(apigateway):
    resp = error_of(apigateway.get_documentation_parts, restApiId="api_id")
    expected = recorded("api", "test_invalid_get_documentation_parts", "get-inavlid-documentation-parts")
    assert_error(resp, "NotFoundException", expected["Error"]["Message"].replace("111111111111", ACCOUNT), 404)


def test_invalid_update_documentation_part(apigateway, api_id):
    def step(name):
        return recorded("api", "test_invalid_update_documentation_part", name)

    part_id = _part(apigateway, api_id, {"type": "API"}, description="d")["id"]
    props = json.dumps({"description": "x"})
    assert_matches(error_of(apigateway.update_documentation_part, restApiId="api_id", documentationPartId=part_id,
                            patchOperations=[{"op": "replace", "path": "/properties", "value": props}]),
                   step("update-documentation-part-invalid-api-id"))
    assert_matches(error_of(apigateway.update_documentation_part, restApiId=api_id, documentationPartId=part_id,
                            patchOperations=[{"op": "add", "path": "/properties", "value": props}]),
                   step("update-documentation-part-invalid-add-operation"))
    assert_matches(error_of(apigateway.update_documentation_part, restApiId=api_id, documentationPartId=part_id,
                            patchOperations=[{"op": "replace", "path": "/invalidPath", "value": props}]),
                   step("update-documentation-part-invalid-path"))
    assert_error(error_of(apigateway.update_documentation_part, restApiId=api_id, documentationPartId=part_id,
                          patchOperations=[{"op": "replace", "path": "/properties", "value": "not json"}]),
                 "BadRequestException", status=400)
    got = apigateway.get_documentation_part(restApiId=api_id, documentationPartId=part_id)
    assert json.loads(got["properties"]) == {"description": "d"}


def test_invalid_create_documentation_part_operations(apigateway, api_id):
    def step(name):
        return recorded("api", "test_invalid_create_documentation_part_operations", name)

    resp = error_of(apigateway.create_documentation_part, restApiId="api_id", location={"type": "API"},
                    properties="{}")
    expected = step("create_documentation_part_invalid_api_id")
    assert_error(resp, "NotFoundException", expected["Error"]["Message"].replace("111111111111", ACCOUNT), 404)
    assert_matches(error_of(apigateway.create_documentation_part, restApiId=api_id, location={"type": "INVALID"},
                            properties="{}"),
                   step("create_documentation_part_invalid_location_type"))


def test_invalid_delete_documentation_part(apigateway, api_id):
    def step(name):
        return recorded("api", "test_invalid_delete_documentation_part", name)

    part_id = _part(apigateway, api_id, {"type": "API"}, description="d")["id"]
    resp = error_of(apigateway.delete_documentation_part, restApiId="api_id", documentationPartId=part_id)
    assert_error(resp, "NotFoundException",
                 step("delete_documentation_part_wrong_api_id")["Error"]["Message"].replace("111111111111", ACCOUNT),
                 404)
    assert_matches(apigateway.delete_documentation_part(restApiId=api_id, documentationPartId=part_id),
                   step("delete_documentation_part"))
    assert_matches(error_of(apigateway.delete_documentation_part, restApiId=api_id, documentationPartId=part_id),
                   step("delete_already_deleted_documentation_part"))


@pytest.mark.parametrize("location, message_part", [
    ({"type": "API", "path": "/"}, "'path' is not a valid field for type API"),
    ({"type": "MODEL"}, "'name' is required for type MODEL"),
    ({"type": "RESOURCE", "method": "GET"}, "'method' is not a valid field for type RESOURCE"),
    ({"type": "METHOD", "statusCode": "200"}, "'statusCode' is not a valid field for type METHOD"),
])
def test_location_fields_are_checked_per_type(apigateway, api_id, location, message_part):
    resp = error_of(apigateway.create_documentation_part, restApiId=api_id, location=location, properties="{}")

    assert_error(resp, "BadRequestException", status=400)
    assert message_part in resp["Error"]["Message"]
    assert apigateway.get_documentation_parts(restApiId=api_id)["items"] == []


def test_location_is_unique_with_defaults(apigateway, api_id):
    _part(apigateway, api_id, {"type": "METHOD", "path": "/", "method": "GET"}, description="a")
    _part(apigateway, api_id, {"type": "RESOURCE"}, description="root")

    # The path suffix is a guess; the form is the developer guide's (see the API test below).
    assert_error(error_of(_part, apigateway, api_id, {"type": "RESOURCE", "path": "/"}),
                 "ConflictException", "Documentation part already exists for the specified location: "
                 "type 'RESOURCE', path '/'.", 409)
    assert_error(error_of(_part, apigateway, api_id, {"type": "METHOD", "path": "/", "method": "GET"}),
                 "ConflictException", status=409)
    _part(apigateway, api_id, {"type": "METHOD", "path": "/", "method": "POST"}, description="b")
    assert len(apigateway.get_documentation_parts(restApiId=api_id)["items"]) == 3


def test_properties_must_be_json(apigateway, api_id):
    resp = error_of(apigateway.create_documentation_part, restApiId=api_id, location={"type": "API"},
                    properties="{not json")

    assert_error(resp, "BadRequestException", "Documentation part properties must be a valid JSON object", 400)


def test_get_documentation_parts_filters_and_pages(apigateway, api_id):
    _part(apigateway, api_id, {"type": "API"}, d=1)
    _part(apigateway, api_id, {"type": "MODEL", "name": "PetModel"}, d=2)
    _part(apigateway, api_id, {"type": "MODEL", "name": "Error"}, d=3)
    _part(apigateway, api_id, {"type": "RESOURCE", "path": "/pets"}, d=4)

    def names(**kwargs):
        return [json.loads(p["properties"])["d"]
                for p in apigateway.get_documentation_parts(restApiId=api_id, **kwargs)["items"]]

    assert names(type="MODEL") == [2, 3]
    assert names(nameQuery="Pet") == [2]
    assert names(path="/pets") == [4]
    assert names(locationStatus="UNDOCUMENTED") == []
    first = apigateway.get_documentation_parts(restApiId=api_id, limit=3)
    assert len(first["items"]) == 3
    rest = apigateway.get_documentation_parts(restApiId=api_id, position=first["position"])
    assert [json.loads(p["properties"])["d"] for p in rest["items"]] == [4]


def _openapi(**extra):
    parts = [
        {"location": {"type": "API"}, "properties": {
            "description": "API description",
            "info": {"description": "API info description 4", "version": "API info version 3"}}},
        {"location": {"type": "METHOD", "method": "GET", "path": "/"},
         "properties": {"description": "Method description."}},
        {"location": {"type": "MODEL", "name": "Pet"}, "properties": {"title": "Pet Schema"}},
        {"location": {"type": "RESPONSE", "method": "GET", "path": "/", "statusCode": "200"},
         "properties": {"description": "200 response"}},
    ]
    return {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "x-amazon-apigateway-documentation": {"version": "1", "documentationParts": parts}, **extra}


def test_import_documentation_parts(apigateway, api_id):
    def step(name):
        # the recording names the model <name:1> inside a string too: "<name:1> Schema"
        text = json.dumps(recorded("api", "test_import_documentation_parts", name))
        return json.loads(text.replace('"<name:1> Schema"', '"Pet Schema"'))

    body = json.dumps(_openapi()).encode()
    first = apigateway.import_documentation_parts(restApiId=api_id, body=body, mode="overwrite")
    assert_matches(_parsed(apigateway.get_documentation_parts(restApiId=api_id)),
                   step("get-documentations-parts-after-api-imports"))

    resp = apigateway.import_documentation_parts(restApiId=api_id, body=body, mode="overwrite")

    assert_matches(resp, step("import-documentation-parts"))
    assert not set(resp["ids"]) & set(first["ids"])
    after = apigateway.get_documentation_parts(restApiId=api_id)
    assert_matches(_parsed(after), step("get-documentations-parts-after-import"))
    assert [p["id"] for p in after["items"]] == resp["ids"]


def test_import_documentation_parts_merge_keeps_ids(apigateway, api_id):
    api_part = _part(apigateway, api_id, {"type": "API"}, description="old")
    other = _part(apigateway, api_id, {"type": "RESOURCE", "path": "/x"}, description="kept")

    resp = apigateway.import_documentation_parts(restApiId=api_id, body=json.dumps(_openapi()).encode())

    assert resp["ids"][0] == api_part["id"] and len(resp["ids"]) == 4
    items = apigateway.get_documentation_parts(restApiId=api_id)["items"]
    assert len(items) == 5 and other["id"] in [p["id"] for p in items]
    got = apigateway.get_documentation_part(restApiId=api_id, documentationPartId=api_part["id"])
    assert json.loads(got["properties"])["description"] == "API description"


def test_import_documentation_parts_yaml_and_warnings(apigateway, api_id):
    body = b"""openapi: 3.0.1
info: {title: t, version: '1'}
paths: {}
x-amazon-apigateway-documentation:
  documentationParts:
  - location: {type: API}
    properties: {description: from yaml}
  - location: {type: NOPE}
    properties: {}
"""
    resp = apigateway.import_documentation_parts(restApiId=api_id, body=body)

    assert len(resp["ids"]) == 1 and len(resp["warnings"]) == 1
    assert_error(error_of(apigateway.import_documentation_parts, restApiId=api_id, body=body, failOnWarnings=True),
                 "BadRequestException", status=400)
    assert len(apigateway.get_documentation_parts(restApiId=api_id)["items"]) == 1


def test_import_documentation_parts_bad_file(apigateway, api_id):
    def step(name):
        return recorded("api", "test_import_documentation_parts_bad_file", name)

    assert_matches(error_of(apigateway.import_documentation_parts, restApiId=api_id, body=b"foo: bar: baz: [x"),
                   step("import-documentation-parts-bad-yaml-file"))
    assert_matches(error_of(apigateway.import_documentation_parts, restApiId=api_id, body=b'{"a": 1}'),
                   step("import-documentation-parts-bad-json-file"))
    assert_error(error_of(apigateway.import_documentation_parts, restApiId="nope", body=b"{}"),
                 "NotFoundException", status=404)


def test_documentation_parts_and_versions(apigateway, api_id):
    def step(name):
        return recorded("common", "test_documentation_parts_and_versions", name)

    assert_matches(_parsed(_part(apigateway, api_id, {"type": "API"}, foo="bar")), step("create-part-response"))
    assert_matches(_parsed(apigateway.get_documentation_parts(restApiId=api_id)), step("get-parts-response"))
    assert_matches(apigateway.create_documentation_version(restApiId=api_id, documentationVersion="v123"),
                   step("create-version-response"))
    assert_matches(apigateway.update_documentation_version(
        restApiId=api_id, documentationVersion="v123",
        patchOperations=[{"op": "replace", "path": "/description", "value": "doc version new"}]),
        step("update-version-response"))
    assert_matches(apigateway.get_documentation_version(restApiId=api_id, documentationVersion="v123"),
                   step("get-version-response"))


def test_documentation_version_errors_and_listing(apigateway, api_id):
    apigateway.create_documentation_version(restApiId=api_id, documentationVersion="v1", description="one")
    apigateway.create_documentation_version(restApiId=api_id, documentationVersion="v2")

    assert_error(error_of(apigateway.create_documentation_version, restApiId=api_id, documentationVersion="v1"),
                 "ConflictException", status=409)
    assert_error(error_of(apigateway.create_documentation_version, restApiId=api_id, documentationVersion="v3",
                          stageName="nope"), "NotFoundException", "Invalid stage identifier specified", 404)
    assert_error(error_of(apigateway.get_documentation_version, restApiId=api_id, documentationVersion="v9"),
                 # the message serverless-aws-documentation matches on AWS's GetDocumentationVersion 404
                 "NotFoundException", "Invalid Documentation version specified", 404)
    assert_error(error_of(apigateway.get_documentation_versions, restApiId="nope"), "NotFoundException", status=404)
    assert_error(error_of(apigateway.update_documentation_version, restApiId=api_id, documentationVersion="v1",
                          patchOperations=[{"op": "replace", "path": "/version", "value": "x"}]),
                 "BadRequestException", status=400)
    listed = apigateway.get_documentation_versions(restApiId=api_id)["items"]
    assert [(v["version"], v.get("description")) for v in listed] == [("v1", "one"), ("v2", None)]
    page = apigateway.get_documentation_versions(restApiId=api_id, limit=1)
    assert [v["version"] for v in page["items"]] == ["v1"] and "position" in page

    resp = apigateway.delete_documentation_version(restApiId=api_id, documentationVersion="v1")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert [v["version"] for v in apigateway.get_documentation_versions(restApiId=api_id)["items"]] == ["v2"]
    assert_error(error_of(apigateway.delete_documentation_version, restApiId=api_id, documentationVersion="v1"),
                 "NotFoundException", status=404)


def test_documentation_version_is_attached_to_a_stage(apigateway, api_id):
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="dev")

    apigateway.create_documentation_version(restApiId=api_id, documentationVersion="v1", stageName="dev")

    assert apigateway.get_stage(restApiId=api_id, stageName="dev")["documentationVersion"] == "v1"


def test_duplicate_api_part_is_worded_as_the_developer_guide_says(apigateway, api_id):
    # AWS API Gateway developer guide, "Document an API using the API Gateway REST API":
    # "Documentation part already exists for the specified location: type 'API'."
    _part(apigateway, api_id, {"type": "API"}, description="first")

    resp = error_of(_part, apigateway, api_id, {"type": "API"})

    assert_error(resp, "ConflictException", "Documentation part already exists for the specified location: type 'API'.",
                 409)
    assert len(apigateway.get_documentation_parts(restApiId=api_id)["items"]) == 1
