"""Attacks on documentation parts and versions, ImportApiKeys and CreateApiKey, GetSdk/GetSdkType(s),
client certificates and request validators (REST APIs): hostile locations, properties and documents,
CSV files a fuzzer would write, missing SDK parameters, duplicates, patch paths and deletes of
what is in use. Every refusal is AWS's code, status and wording with state unchanged.

Defects these attacks found (the test named first failed before the fix):

* ImportApiKeys without a ``Key`` (or ``Name``) column answered "Invalid API Key file: missing
  required column(s) key"; AWS answers "Missing required column 'Key'" (quoted in boto/boto3#1280,
  https://github.com/boto/boto3/issues/1280) - test_import_without_a_required_column_names_it;
* ImportApiKeys echoed Python's own error text for a file that is not UTF-8 ("'utf-8' codec can't
  decode byte 0xff ...") or has a field past the CSV reader's limit ("field larger than field limit
  (131072)") - test_import_of_an_unreadable_file_says_so_without_python_internals;
* two request validators of one API could share a name (by create or by rename); AWS refuses with
  "Request Validator name must be unique" (what CloudFormation stacks report,
  https://github.com/serverless/serverless/issues/10099, and why the Serverless Framework names
  its validators per service, https://github.com/serverless/serverless/pull/9382) -
  test_request_validator_names_are_unique_per_api.
"""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from helpers import assert_error, error_of

KEY = "apikey1234abcdefghij0123456789"
DOC = '{"description": "d"}'


@pytest.fixture
def api_id(apigateway):
    return apigateway.create_rest_api(name="attacked")["id"]


@pytest.fixture
def deployed(apigateway, api_id):
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    return api_id, root


def _parts(apigateway, api_id):
    return apigateway.get_documentation_parts(restApiId=api_id, limit=500)["items"]


def _keys(apigateway):
    return apigateway.get_api_keys(limit=500, includeValues=True)["items"]


def _import(apigateway, body, **kwargs):
    return apigateway.import_api_keys(body=body, format="csv", **kwargs)


# --- documentation parts: locations -------------------------------------------------------------


@pytest.mark.parametrize(("location", "field"), [
    ({"type": "API", "path": "/"}, "path"),
    ({"type": "API", "name": "n"}, "name"),
    ({"type": "MODEL", "name": "m", "path": "/"}, "path"),
    ({"type": "AUTHORIZER", "name": "a", "method": "GET"}, "method"),
    ({"type": "RESOURCE", "path": "/", "method": "GET"}, "method"),
    ({"type": "RESOURCE", "path": "/", "statusCode": "200"}, "statusCode"),
    ({"type": "METHOD", "path": "/", "statusCode": "200"}, "statusCode"),
    ({"type": "METHOD", "path": "/", "name": "n"}, "name"),
    ({"type": "RESPONSE", "name": "n"}, "name"),
    ({"type": "RESPONSE_BODY", "name": "n"}, "name"),
    ({"type": "QUERY_PARAMETER", "name": "q", "statusCode": "200"}, "statusCode"),
])
def test_a_location_field_the_type_forbids_is_refused(apigateway, api_id, location, field):
    # the API reference: each field "is an invalid field for any other entity type" (seed 003,
    # DocumentationPartLocation)
    error = error_of(apigateway.create_documentation_part, restApiId=api_id, location=location, properties=DOC)
    assert_error(error, "BadRequestException",
                 f"Invalid documentation part location: '{field}' is not a valid field for type {location['type']}",
                 400)
    assert _parts(apigateway, api_id) == []


@pytest.mark.parametrize("kind", ["AUTHORIZER", "MODEL", "PATH_PARAMETER", "QUERY_PARAMETER", "REQUEST_HEADER",
                                  "REQUEST_BODY", "RESPONSE_HEADER"])
@pytest.mark.parametrize("name", [None, ""])
def test_a_type_that_requires_a_name_refuses_none_or_an_empty_one(apigateway, api_id, kind, name):
    location = {"type": kind} if name is None else {"type": kind, "name": name}
    error = error_of(apigateway.create_documentation_part, restApiId=api_id, location=location, properties=DOC)
    assert_error(error, "BadRequestException",
                 f"Invalid documentation part location: 'name' is required for type {kind}", 400)
    assert _parts(apigateway, api_id) == []


@pytest.mark.parametrize("status", ["600", "abc", "20", "2000", "099", "*2"])
def test_a_status_code_outside_the_pattern_is_a_validation_error(apigateway, api_id, status):
    # seed 003: statusCode "Pattern: ^([1-5]\d\d|*|\s*)$"
    error = error_of(apigateway.create_documentation_part, restApiId=api_id,
                     location={"type": "RESPONSE", "path": "/", "method": "GET", "statusCode": status},
                     properties=DOC)
    assert_error(error, "ValidationException", status=400)
    assert error["Error"]["Message"] == (
        f"1 validation error detected: Value '{status}' at 'createDocumentationPartInput.location.statusCode' "
        "failed to satisfy constraint: Member must satisfy regular expression pattern: ^([1-5]\\d\\d|\\*|\\s*)$")
    assert _parts(apigateway, api_id) == []


def test_an_unknown_type_is_the_recorded_validation_error(apigateway, api_id):
    error = error_of(apigateway.create_documentation_part, restApiId=api_id, location={"type": "INVALID"},
                     properties=DOC)
    assert_error(error, "ValidationException", status=400)
    assert error["Error"]["Message"].startswith(
        "1 validation error detected: Value 'INVALID' at 'createDocumentationPartInput.location.type'")


@pytest.mark.parametrize(("first", "second"), [
    ({"type": "API"}, {"type": "API"}),
    ({"type": "RESOURCE"}, {"type": "RESOURCE", "path": "/"}),  # path defaults to "/"
    ({"type": "METHOD", "path": "/a"}, {"type": "METHOD", "path": "/a", "method": "*"}),  # method defaults to *
    ({"type": "RESPONSE", "path": "/a", "method": "GET"},
     {"type": "RESPONSE", "path": "/a", "method": "GET", "statusCode": "*"}),
    ({"type": "MODEL", "name": "Pet"}, {"type": "MODEL", "name": "Pet"}),
])
def test_a_second_part_at_the_same_location_is_a_409(apigateway, api_id, first, second):
    made = apigateway.create_documentation_part(restApiId=api_id, location=first, properties=DOC)
    error = error_of(apigateway.create_documentation_part, restApiId=api_id, location=second,
                     properties='{"description": "other"}')
    assert_error(error, "ConflictException", status=409)
    assert error["Error"]["Message"].startswith(
        f"Documentation part already exists for the specified location: type '{second['type']}'")
    assert [p["id"] for p in _parts(apigateway, api_id)] == [made["id"]]


@pytest.mark.parametrize(("first", "second"), [
    ({"type": "MODEL", "name": "Pet"}, {"type": "MODEL", "name": "pet"}),
    ({"type": "METHOD", "path": "/a", "method": "GET"}, {"type": "METHOD", "path": "/a", "method": "POST"}),
    ({"type": "RESOURCE", "path": "/a"}, {"type": "RESOURCE", "path": "/a/"}),
    ({"type": "RESPONSE", "statusCode": "200"}, {"type": "RESPONSE", "statusCode": "201"}),
])
def test_parts_at_different_locations_coexist(apigateway, api_id, first, second):
    apigateway.create_documentation_part(restApiId=api_id, location=first, properties=DOC)
    apigateway.create_documentation_part(restApiId=api_id, location=second, properties=DOC)
    assert len(_parts(apigateway, api_id)) == 2


# --- documentation parts: properties ------------------------------------------------------------


@pytest.mark.parametrize("properties", [
    "", " ", "[]", "[1]", '"text"', "1", "true", "null", "{", "{'a': 1}", "{}x", "[" * 100_000,
    '{"a":' * 5_000 + "1" + "}" * 5_000, "\x00",
], ids=["empty", "blank", "empty-list", "list", "string", "number", "true", "null", "open", "single-quotes",
        "trailing", "deep-list", "deep-object", "nul"])
def test_properties_that_are_not_a_json_object_are_refused(apigateway, api_id, properties):
    started = time.monotonic()
    error = error_of(apigateway.create_documentation_part, restApiId=api_id, location={"type": "API"},
                     properties=properties)
    assert time.monotonic() - started < 3
    assert_error(error, "BadRequestException", "Documentation part properties must be a valid JSON object", 400)
    assert _parts(apigateway, api_id) == []


def test_properties_are_kept_as_given_and_a_bad_patch_leaves_them(apigateway, api_id):
    text = '{ "description" : "é\\u00e9",  "n": 1 }'
    part = apigateway.create_documentation_part(restApiId=api_id, location={"type": "API"}, properties=text)
    assert part["properties"] == text
    error = error_of(apigateway.update_documentation_part, restApiId=api_id, documentationPartId=part["id"],
                     patchOperations=[{"op": "replace", "path": "/properties", "value": "[1]"}])
    assert_error(error, "BadRequestException", "Documentation part properties must be a valid JSON object", 400)
    assert apigateway.get_documentation_part(restApiId=api_id, documentationPartId=part["id"])["properties"] == text


@pytest.mark.parametrize(("op", "path"), [("add", "/properties"), ("remove", "/properties"),
                                          ("replace", "/location/type"), ("replace", "/id")])
def test_only_replace_properties_patches_a_part(apigateway, api_id, op, path):
    part = apigateway.create_documentation_part(restApiId=api_id, location={"type": "API"}, properties=DOC)
    error = error_of(apigateway.update_documentation_part, restApiId=api_id, documentationPartId=part["id"],
                     patchOperations=[{"op": op, "path": path, "value": DOC}])
    assert_error(error, "BadRequestException", status=400)
    assert apigateway.get_documentation_part(restApiId=api_id, documentationPartId=part["id"]) | {
        "ResponseMetadata": None} == part | {"ResponseMetadata": None}


# --- documentation parts: listing ----------------------------------------------------------------


@pytest.fixture
def documented(apigateway, api_id):
    locations = [{"type": "API"}, {"type": "RESOURCE", "path": "/pets"},
                 {"type": "METHOD", "path": "/pets", "method": "GET"},
                 {"type": "MODEL", "name": "PetModel"}, {"type": "MODEL", "name": "Error"},
                 {"type": "QUERY_PARAMETER", "path": "/pets", "method": "GET", "name": "limit"}]
    for location in locations:
        apigateway.create_documentation_part(restApiId=api_id, location=location, properties=DOC)
    return api_id


@pytest.mark.parametrize(("filters", "expected"), [
    ({"type": "MODEL"}, [("MODEL", "PetModel"), ("MODEL", "Error")]),
    ({"type": "RESPONSE"}, []),
    ({"nameQuery": "Pet"}, [("MODEL", "PetModel")]),
    ({"nameQuery": "pet"}, []),
    ({"nameQuery": "i"}, [("QUERY_PARAMETER", "limit")]),
    ({"path": "/pets"}, [("RESOURCE", None), ("METHOD", None), ("QUERY_PARAMETER", "limit")]),
    ({"path": "/pet"}, []),
    ({"type": "METHOD", "path": "/pets"}, [("METHOD", None)]),
    ({"locationStatus": "DOCUMENTED", "type": "API"}, [("API", None)]),
    ({"locationStatus": "UNDOCUMENTED"}, []),
])
def test_get_documentation_parts_filters(apigateway, documented, filters, expected):
    items = apigateway.get_documentation_parts(restApiId=documented, **filters)["items"]
    assert [(p["location"]["type"], p["location"].get("name")) for p in items] == expected


@pytest.mark.parametrize(("filters", "member"), [
    ({"type": "model"}, "type"), ({"type": "BOGUS"}, "type"), ({"locationStatus": "documented"}, "locationStatus"),
])
def test_get_documentation_parts_refuses_values_outside_the_enums(apigateway, documented, filters, member):
    error = error_of(apigateway.get_documentation_parts, restApiId=documented, **filters)
    assert_error(error, "ValidationException", status=400)
    assert f"at '{member}' failed to satisfy constraint: Member must satisfy enum value set" in \
        error["Error"]["Message"]


@pytest.mark.parametrize(("limit", "message"), [
    (0, "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"),
    (501, "1 validation error detected: Value '501' at 'limit' failed to satisfy constraint: "
          "Member must have value less than or equal to 500"),
])
def test_get_documentation_parts_limit_bounds(apigateway, documented, limit, message):
    assert_error(error_of(apigateway.get_documentation_parts, restApiId=documented, limit=limit),
                 "ValidationException", message, 400)


def test_get_documentation_parts_pages_through_every_part_once(apigateway, documented):
    seen, position = [], None
    for _ in range(10):
        page = apigateway.get_documentation_parts(restApiId=documented, limit=4, **(
            {"position": position} if position else {}))
        seen += [p["id"] for p in page["items"]]
        position = page.get("position")
        if not position:
            break
    assert len(seen) == len(set(seen)) == 6


@pytest.mark.parametrize("position", ["zzz", "%%%", "a" * 2000], ids=["text", "percent", "long"])
def test_get_documentation_parts_refuses_a_forged_position(apigateway, documented, position):
    error = error_of(apigateway.get_documentation_parts, restApiId=documented, position=position, limit=2)
    assert_error(error, "BadRequestException", "Invalid position parameter", 400)


# --- ImportDocumentationParts ---------------------------------------------------------------------


def _document(parts, **extra):
    return json.dumps({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
                       "x-amazon-apigateway-documentation": {"version": "1", "documentationParts": parts},
                       **extra}).encode()


@pytest.mark.parametrize("body", [
    b"", b"\xff\xfe\x00\x01", b"not json or yaml: [", b"[" * 100_000, b"{" * 100_000,
    b"- a\n- b\n", b"null", b"42", b'"text"', ("a: " + "[" * 5_000).encode(),
], ids=["empty", "binary", "garbage", "deep-json-list", "deep-json-object", "yaml-list", "null", "number",
        "string", "deep-yaml"])
def test_import_refuses_what_is_not_an_openapi_document(apigateway, documented, body):
    before = _parts(apigateway, documented)
    started = time.monotonic()
    error = error_of(apigateway.import_documentation_parts, restApiId=documented, body=body, mode="overwrite")
    assert time.monotonic() - started < 3
    if body == b"":
        assert_error(error, "ValidationException", status=400)
    else:
        assert_error(error, "BadRequestException", "Unable to build importer with provided input.", 400)
    assert _parts(apigateway, documented) == before


@pytest.mark.parametrize("mode", ["merge", "overwrite"])
def test_import_with_fail_on_warnings_writes_nothing(apigateway, documented, mode):
    before = _parts(apigateway, documented)
    body = _document([{"location": {"type": "API"}, "properties": {"description": "new"}},
                      {"location": {"type": "BOGUS"}, "properties": {}}])
    error = error_of(apigateway.import_documentation_parts, restApiId=documented, body=body, mode=mode,
                     failOnWarnings=True)
    assert_error(error, "BadRequestException", "Invalid documentation part type: BOGUS", 400)
    assert _parts(apigateway, documented) == before


def test_import_without_fail_on_warnings_skips_the_bad_part_and_says_so(apigateway, api_id):
    body = _document([{"location": {"type": "BOGUS"}, "properties": {}},
                      {"location": {"type": "MODEL"}, "properties": {}},
                      {"location": {"type": "API"}, "properties": {"description": "kept"}}])
    answer = apigateway.import_documentation_parts(restApiId=api_id, body=body)
    assert answer["warnings"] == ["Invalid documentation part type: BOGUS",
                                  "Invalid documentation part location: 'name' is required for type MODEL"]
    assert [p["id"] for p in _parts(apigateway, api_id)] == answer["ids"]


def test_import_overwrite_replaces_every_part_and_merge_keeps_the_others(apigateway, documented):
    body = _document([{"location": {"type": "API"}, "properties": {"description": "new"}}])
    merged = apigateway.import_documentation_parts(restApiId=documented, body=body, mode="merge")
    assert len(_parts(apigateway, documented)) == 6 and len(merged["ids"]) == 1
    replaced = apigateway.import_documentation_parts(restApiId=documented, body=body, mode="overwrite")
    parts = _parts(apigateway, documented)
    assert [p["id"] for p in parts] == replaced["ids"] and json.loads(parts[0]["properties"]) == {"description": "new"}


def test_import_of_many_parts_is_linear(apigateway, api_id):
    parts = [{"location": {"type": "MODEL", "name": f"m{i}"}, "properties": {"d": i}} for i in range(3_000)]
    started = time.monotonic()
    ids = apigateway.import_documentation_parts(restApiId=api_id, body=_document(parts))["ids"]
    assert time.monotonic() - started < 10
    assert len(set(ids)) == 3_000


# --- documentation versions -----------------------------------------------------------------------


def test_a_duplicate_version_is_a_409_and_keeps_the_first(apigateway, api_id):
    first = apigateway.create_documentation_version(restApiId=api_id, documentationVersion="v1", description="a")
    error = error_of(apigateway.create_documentation_version, restApiId=api_id, documentationVersion="v1",
                     description="b")
    assert_error(error, "ConflictException", "Documentation version v1 already exists", 409)
    got = apigateway.get_documentation_version(restApiId=api_id, documentationVersion="v1")
    assert got["description"] == "a" and got["createdDate"] == first["createdDate"]


def test_a_version_for_a_missing_stage_is_a_404_and_creates_nothing(apigateway, api_id):
    error = error_of(apigateway.create_documentation_version, restApiId=api_id, documentationVersion="v1",
                     stageName="nope")
    assert_error(error, "NotFoundException", "Invalid stage identifier specified", 404)
    assert apigateway.get_documentation_versions(restApiId=api_id)["items"] == []


def test_a_version_made_with_a_stage_is_the_stage_s_and_may_be_deleted(apigateway, deployed):
    api_id = deployed[0]
    apigateway.create_documentation_version(restApiId=api_id, documentationVersion="v1", stageName="dev")
    assert apigateway.get_stage(restApiId=api_id, stageName="dev")["documentationVersion"] == "v1"
    apigateway.delete_documentation_version(restApiId=api_id, documentationVersion="v1")
    assert_error(error_of(apigateway.get_documentation_version, restApiId=api_id, documentationVersion="v1"),
                 "NotFoundException", "Invalid Documentation version specified", 404)


@pytest.mark.parametrize(("op", "path"), [("replace", "/version"), ("add", "/description"),
                                          ("replace", "/createdDate")])
def test_a_version_patches_its_description_only(apigateway, api_id, op, path):
    apigateway.create_documentation_version(restApiId=api_id, documentationVersion="v1")
    error = error_of(apigateway.update_documentation_version, restApiId=api_id, documentationVersion="v1",
                     patchOperations=[{"op": op, "path": path, "value": "x"}])
    assert_error(error, "BadRequestException", status=400)
    assert "description" not in apigateway.get_documentation_version(restApiId=api_id, documentationVersion="v1")


# --- ImportApiKeys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "column"), [
    ("name,description", "Key"),
    ("Name,Keys", "Key"),
    ("/tmp/apikey.csv", "Key"),  # boto/boto3#1280: a file name sent as the body
    ("key,description", "Name"),
    ("key;name", "Key"),  # not comma-separated: one column
])
def test_import_without_a_required_column_names_it(apigateway, header, column):
    # "Missing required column 'Key'": AWS's answer quoted in https://github.com/boto/boto3/issues/1280
    error = error_of(_import, apigateway, f"{header}\nx,{KEY}\n".encode())
    assert_error(error, "BadRequestException", f"Missing required column '{column}'", 400)
    assert _keys(apigateway) == []


@pytest.mark.parametrize("body", [
    b"name,key\n\xff\xfe,apikey1234abcdefghij0123456789\n",
    "name,key\nnamé,apikey1234abcdefghij0123456789\n".encode("latin-1"),
    b"name,key\nx," + b"k" * 200_000 + b"\n",
], ids=["not-utf8", "latin-1", "huge-key"])
def test_import_of_an_unreadable_file_says_so_without_python_internals(apigateway, body):
    error = error_of(_import, apigateway, body)
    assert_error(error, "BadRequestException", status=400)
    message = error["Error"]["Message"]
    assert message.startswith("Invalid API Key file")
    assert not any(word in message for word in ("codec", "utf-8", "field limit", "131072", "position"))
    assert _keys(apigateway) == []


@pytest.mark.parametrize("body", [b"", b"\n\n", b"\r\n \r\n", b"\xef\xbb\xbf"],
                         ids=["none", "newlines", "crlf-blank", "bom-only"])
def test_import_of_an_empty_file_is_a_400(apigateway, body):
    error = error_of(_import, apigateway, body)
    if body == b"":
        assert_error(error, "ValidationException", status=400)  # no body: the required member is null
    else:
        assert_error(error, "BadRequestException", status=400)
    assert _keys(apigateway) == []


@pytest.mark.parametrize("body", [
    f"Name,Key\nk,{KEY}\n",
    f"KEY,NAME\n{KEY},k\n",
    f"\ufeffkey,name\r\n{KEY},k\r\n",
    f"\n\nname,key\n\n{KEY[:0]}k,{KEY}\n\n",
    f'"name","key","extra"\n"k","{KEY}","ignored, with comma"\n',
    f" name , key \n k , {KEY} \n",
    f"name,key,unknown1,unknown2\nk,{KEY},,\n",
])
def test_import_reads_the_documented_file_forms(apigateway, body):
    answer = _import(apigateway, body.encode())
    assert "warnings" not in answer and len(answer["ids"]) == 1
    key = apigateway.get_api_key(apiKey=answer["ids"][0], includeValue=True)
    assert (key["name"], key["value"], key["enabled"]) == ("k", KEY, True)


@pytest.mark.parametrize(("enabled", "expected"), [("true", True), ("TRUE", True), ("", True),
                                                   ("false", False), ("FALSE", False), (" False ", False)])
def test_import_enabled_column(apigateway, enabled, expected):
    key_id = _import(apigateway, f"name,key,enabled\nk,{KEY},{enabled}\n".encode())["ids"][0]
    assert apigateway.get_api_key(apiKey=key_id)["enabled"] is expected


@pytest.mark.parametrize(("row", "warning"), [
    (f"k,{KEY[:19]}", "API Key value should be at least 20 characters"),
    (f"k,{'v' * 129}", "API Key value exceeds maximum size of 128 characters"),
    (f"{'n' * 1025},{KEY}", "Invalid API Key name, can be at most 1024 characters."),
    (f"k,{KEY},extra", "expected 2 columns"),
    ("k", "expected 2 columns"),
])
def test_import_rows_it_cannot_take_are_warnings_or_refuse_the_file(apigateway, row, warning):
    body = f"name,key\n{row}\n".encode()
    answer = _import(apigateway, body)
    assert answer["ids"] == [] and answer["warnings"] == [f"Invalid API Key on line 2: {warning}"]
    assert _keys(apigateway) == []
    error = error_of(_import, apigateway, body, failOnWarnings=True)
    assert_error(error, "BadRequestException", f"Invalid API Key on line 2: {warning}", 400)


def test_import_usage_plan_ids_must_exist(apigateway):
    plan = apigateway.create_usage_plan(name="p")["id"]
    answer = _import(apigateway, f"name,key,usageplanids\nk,{KEY},\"{plan},nope\"\n".encode())
    assert answer == {"ids": [], "warnings": ["Invalid API Key on line 2: Invalid Usage Plan ID specified: nope"],
                      "ResponseMetadata": answer["ResponseMetadata"]}
    assert apigateway.get_usage_plan_keys(usagePlanId=plan)["items"] == []


def test_import_answers_201_with_ids_in_row_order(apigateway):
    rows = "".join(f"k{i},{KEY}{i:03d}\n" for i in range(50))
    answer = _import(apigateway, f"name,key\n{rows}".encode())
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 201
    by_id = {k["id"]: k["name"] for k in _keys(apigateway)}
    assert [by_id[i] for i in answer["ids"]] == [f"k{i}" for i in range(50)]


# --- CreateApiKey ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "message"), [
    ("v" * 19, "API Key value should be at least 20 characters"),
    ("v" * 129, "API Key value exceeds maximum size of 128 characters"),
])
def test_create_api_key_value_length(apigateway, value, message):
    assert_error(error_of(apigateway.create_api_key, name="k", value=value), "BadRequestException", message, 400)
    assert _keys(apigateway) == []


@pytest.mark.parametrize("length", [20, 128])
def test_create_api_key_value_bounds_are_inclusive(apigateway, length):
    key = apigateway.create_api_key(value="v" * length, customerId="cust", generateDistinctId=True)
    assert key["value"] == "v" * length and key["customerId"] == "cust"
    assert_error(error_of(apigateway.create_api_key, value="v" * length), "ConflictException",
                 "API Key already exists", 409)
    assert apigateway.get_api_keys(customerId="cust")["items"][0]["id"] == key["id"]


# --- GetSdk / GetSdkTypes / GetSdkType -----------------------------------------------------------------


@pytest.mark.parametrize(("sdk_type", "parameters", "missing"), [
    ("android", {}, "groupId, invokerPackage, artifactId, artifactVersion"),
    ("android", {"groupId": "g", "invokerPackage": "i", "artifactId": "a"}, "artifactVersion"),
    ("android", {"groupId": "", "invokerPackage": "i", "artifactId": "a", "artifactVersion": "1"}, "groupId"),
    ("java", {}, "service.name, java.package-name"),
    ("java", {"serviceName": "s"}, "java.package-name"),
    ("objectivec", {}, "classPrefix"),
    ("swift", {"classprefix": "X"}, "classPrefix"),
    ("ruby", {}, "service.name"),
])
def test_get_sdk_names_the_missing_parameters(apigateway, deployed, sdk_type, parameters, missing):
    error = error_of(apigateway.get_sdk, restApiId=deployed[0], stageName="dev", sdkType=sdk_type,
                     parameters=parameters)
    assert_error(error, "BadRequestException", f"Missing required parameter(s) for {sdk_type} SDK: {missing}", 400)


@pytest.mark.parametrize(("sdk_type", "parameters"), [
    ("javascript", {}),
    ("android", {"groupId": "g", "invokerPackage": "i", "artifactId": "a", "artifactVersion": "1"}),
    ("java", {"serviceName": "s", "javaPackageName": "p"}),
    ("java", {"service.name": "s", "java.package-name": "p"}),
    ("objectivec", {"classPrefix": "X"}),
    ("swift", {"classPrefix": "../../etc/passwd"}),
    ("ruby", {"service.name": "s", "ruby.gem-name": "/abs"}),
])
def test_get_sdk_answers_a_real_zip_with_safe_entry_names(apigateway, deployed, sdk_type, parameters):
    answer = apigateway.get_sdk(restApiId=deployed[0], stageName="dev", sdkType=sdk_type, parameters=parameters)
    assert answer["contentType"] == "application/octet-stream"
    assert answer["contentDisposition"].startswith(f'attachment; filename="{sdk_type}_')
    assert answer["contentDisposition"].endswith('Z.zip"')
    archive = zipfile.ZipFile(io.BytesIO(answer["body"].read()))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names and all(n.startswith(f"{deployed[0]}-dev-{sdk_type}/") and ".." not in n for n in names)


@pytest.mark.parametrize("sdk_type", ["cobol", "JAVASCRIPT", "java ", "", "../java"])
def test_get_sdk_type_refuses_an_unknown_type(apigateway, sdk_type):
    if not sdk_type:
        return  # botocore refuses an empty URI label itself
    assert_error(error_of(apigateway.get_sdk_type, id=sdk_type), "NotFoundException",
                 f"Invalid SDK type specified: {sdk_type}", 404)


def test_get_sdk_for_a_missing_stage_or_api_is_a_404(apigateway, deployed):
    assert_error(error_of(apigateway.get_sdk, restApiId=deployed[0], stageName="nope", sdkType="javascript"),
                 "NotFoundException", "Invalid stage identifier specified", 404)
    error = error_of(apigateway.get_sdk, restApiId="nope", stageName="dev", sdkType="javascript")
    assert_error(error, "NotFoundException", status=404)
    assert error["Error"]["Message"].startswith("Invalid API identifier specified")


def test_get_sdk_types_lists_the_six_types_and_pages(apigateway):
    ids = [t["id"] for t in apigateway.get_sdk_types(limit=500)["items"]]
    assert ids == ["android", "java", "javascript", "objectivec", "swift", "ruby"]
    first = apigateway.get_sdk_types(limit=4)
    rest = apigateway.get_sdk_types(limit=4, position=first["position"])
    assert [t["id"] for t in first["items"] + rest["items"]] == ids and "position" not in rest


# --- client certificates --------------------------------------------------------------------------------


@pytest.mark.parametrize(("op", "path"), [("replace", "/pemEncodedCertificate"), ("replace", "/expirationDate"),
                                          ("remove", "/description"), ("add", "/description"),
                                          ("replace", "/clientCertificateId"), ("replace", "/tags/a")])
def test_a_client_certificate_patches_its_description_only(apigateway, op, path):
    cert = apigateway.generate_client_certificate(description="d")
    error = error_of(apigateway.update_client_certificate, clientCertificateId=cert["clientCertificateId"],
                     patchOperations=[{"op": op, "path": path, "value": "x"}])
    assert_error(error, "BadRequestException", status=400)
    got = apigateway.get_client_certificate(clientCertificateId=cert["clientCertificateId"])
    assert (got["description"], got["pemEncodedCertificate"]) == ("d", cert["pemEncodedCertificate"])


@pytest.mark.parametrize("call", ["get", "update", "delete"])
def test_an_unknown_client_certificate_is_a_404(apigateway, call):
    fn = getattr(apigateway, f"{call}_client_certificate")
    kwargs = {"patchOperations": []} if call == "update" else {}
    assert_error(error_of(fn, clientCertificateId="nope", **kwargs), "NotFoundException",
                 "Invalid Client Certificate identifier specified", 404)


def test_client_certificates_are_distinct_and_deleted_once(apigateway):
    certs = [apigateway.generate_client_certificate() for _ in range(3)]
    assert len({c["clientCertificateId"] for c in certs}) == 3
    assert len({c["pemEncodedCertificate"] for c in certs}) == 3
    apigateway.delete_client_certificate(clientCertificateId=certs[0]["clientCertificateId"])
    assert_error(error_of(apigateway.delete_client_certificate, clientCertificateId=certs[0]["clientCertificateId"]),
                 "NotFoundException", "Invalid Client Certificate identifier specified", 404)
    assert len(apigateway.get_client_certificates()["items"]) == 2


# --- request validators -----------------------------------------------------------------------------------


def test_request_validator_names_are_unique_per_api(apigateway, api_id):
    # AWS: "Request Validator name must be unique" (https://github.com/serverless/serverless/issues/10099)
    first = apigateway.create_request_validator(restApiId=api_id, name="v")
    error = error_of(apigateway.create_request_validator, restApiId=api_id, name="v", validateRequestBody=True)
    assert_error(error, "BadRequestException", "Request Validator name must be unique", 400)
    assert [v["id"] for v in apigateway.get_request_validators(restApiId=api_id)["items"]] == [first["id"]]


def test_renaming_a_request_validator_to_a_taken_name_is_refused(apigateway, api_id):
    apigateway.create_request_validator(restApiId=api_id, name="v")
    other = apigateway.create_request_validator(restApiId=api_id, name="w")
    error = error_of(apigateway.update_request_validator, restApiId=api_id, requestValidatorId=other["id"],
                     patchOperations=[{"op": "replace", "path": "/name", "value": "v"}])
    assert_error(error, "BadRequestException", "Request Validator name must be unique", 400)
    assert apigateway.get_request_validator(restApiId=api_id, requestValidatorId=other["id"])["name"] == "w"
    # renaming to its own name is no conflict
    same = apigateway.update_request_validator(restApiId=api_id, requestValidatorId=other["id"],
                                               patchOperations=[{"op": "replace", "path": "/name", "value": "w"}])
    assert same["name"] == "w"


def test_request_validator_names_are_per_api(apigateway, api_id):
    other_api = apigateway.create_rest_api(name="other")["id"]
    apigateway.create_request_validator(restApiId=api_id, name="v")
    assert apigateway.create_request_validator(restApiId=other_api, name="v")["name"] == "v"


def test_a_request_validator_in_use_cannot_be_deleted(apigateway, deployed):
    api_id, root = deployed
    validator = apigateway.create_request_validator(restApiId=api_id, name="v")
    apigateway.update_method(restApiId=api_id, resourceId=root, httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/requestValidatorId", "value": validator["id"]}])
    error = error_of(apigateway.delete_request_validator, restApiId=api_id, requestValidatorId=validator["id"])
    assert_error(error, "ConflictException", "Cannot delete request validator 'v', is referenced in method: GET//",
                 409)
    assert apigateway.get_request_validator(restApiId=api_id, requestValidatorId=validator["id"])["name"] == "v"


@pytest.mark.parametrize(("op", "path"), [("add", "/name"), ("remove", "/name"), ("replace", "/id"),
                                          ("replace", "/validateRequestBody/x"), ("copy", "/name")])
def test_request_validator_patch_paths(apigateway, api_id, op, path):
    validator = apigateway.create_request_validator(restApiId=api_id, name="v")
    error = error_of(apigateway.update_request_validator, restApiId=api_id, requestValidatorId=validator["id"],
                     patchOperations=[{"op": op, "path": path, "value": "x", "from": "/name"}])
    assert_error(error, "BadRequestException", status=400)
    got = apigateway.get_request_validator(restApiId=api_id, requestValidatorId=validator["id"])
    assert (got["id"], got["name"]) == (validator["id"], "v")
