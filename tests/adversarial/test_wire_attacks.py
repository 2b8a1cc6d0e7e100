"""Red-team attacks on documents and the wire layer: every hostile input is AWS's 400, never a 500.

``gwmock.documents`` (YAML tags, huge numbers, surrogates, non-JSON constants), then the
request parser and validator (members of the wrong JSON type or range, query strings
Python would read but Java would not, timestamps that are not timestamps), then whole
calls through boto3 that leave state unchanged.
"""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from gwmock.documents import DocumentError, parse_document, parse_json
from gwmock.errors import ApiError
from gwmock.protocol.models import operation_model
from gwmock.protocol.parser import parse_request
from gwmock.protocol.validate import validate

# --- documents ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("a: " + "9" * 5000, "not valid JSON or YAML: an integer has more digits than 4300 (the limit)"),
    ('{"a": ' + "9" * 5000 + "}", "not valid JSON or YAML: an integer has more digits than 4300 (the limit)"),
    ("a: 0x" + "f" * 5000, "not valid JSON or YAML: integer too large"),
    ("a: 0b" + "1" * 20000, "not valid JSON or YAML: integer too large"),
    ("a: \ud800", "document holds a character that is not valid Unicode (a lone surrogate)"),
], ids=["decimal-yaml", "decimal-json", "hex", "binary", "surrogate"])
def test_documents_python_cannot_hold_are_document_errors(text, message):
    # Before: a bare ValueError / UnicodeEncodeError escaped parse_document (a 500 upstream).
    with pytest.raises(DocumentError) as caught:
        parse_document(text)
    assert str(caught.value).startswith(message)


def test_large_but_printable_yaml_integers_still_parse():
    value = parse_document("a: 0x" + "f" * 1000 + "\nb: 0b101\nc: 1_000\n")
    assert value == {"a": int("f" * 1000, 16), "b": 5, "c": 1000}
    json.dumps(value)  # every value parse_document returns can be written back


@pytest.mark.parametrize(("text", "expected"), [
    ("a: !!set {x, y}", {"a": {"x": None, "y": None}}),
    ("a: !!omap [a: 1, b: 2]", {"a": [{"a": 1}, {"b": 2}]}),
    ("a: !!pairs [a: 1, a: 2]", {"a": [{"a": 1}, {"a": 2}]}),
])
def test_yaml_collection_tags_give_json_values(text, expected):
    # Before: a Python set and tuples, which json.dumps (and every exporter) cannot write.
    value = parse_document(text)
    assert value == expected
    json.dumps(value)


@pytest.mark.parametrize("text", ["a: !!set [1]", "a: !!omap {a: 1}"])
def test_yaml_collection_tags_on_the_wrong_node_are_document_errors(text):
    with pytest.raises(DocumentError, match="not valid JSON or YAML: expected a"):
        parse_document(text)


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": Infinity}', '[-Infinity]'])
def test_json_bodies_refuse_nan_and_infinity(text):
    # Jackson, AWS's reader, refuses these tokens; Python's json module accepts them.
    with pytest.raises(DocumentError, match="is not a JSON value"):
        parse_json(text)


@pytest.mark.parametrize("text", [
    "!!python/object/apply:os.system ['echo hi']", "a: !!python/name:os.system", "a: !!python/module:os",
    "%TAG ! tag:yaml.org,2002:python/\n---\na: !object:os.system x",
])
def test_python_tags_never_construct(text):
    with pytest.raises(DocumentError, match="could not determine a constructor"):
        parse_document(text)


@pytest.mark.parametrize(("data", "message"), [
    ('{"a": 1}'.encode("utf-16"), "document is not UTF-8"),
    (b'{"a": "\xff"}', "document is not UTF-8"),
    ("a: &a [*a]", "alias *a refers to itself"),
    ("a: 1\n---\nb: 2", "expected a single document"),
    ("[" * 5000 + "]" * 5000, "document nests deeper than 100 levels"),
], ids=["utf-16", "invalid-utf-8", "recursive-alias", "two-documents", "deep"])
def test_hostile_document_encodings_and_shapes(data, message):
    with pytest.raises(DocumentError, match=message.replace("*", r"\*")):
        parse_document(data)


# --- the request parser and validator ----------------------------------------------------


def _parse(service, operation, body=b"", labels=None, query=None):
    op = operation_model(service, operation)
    params = parse_request(op, labels or {}, query or {}, {}, body)
    validate(service, op, params)
    return params


def _error(service, operation, body=b"", labels=None, query=None):
    with pytest.raises(ApiError) as caught:
        _parse(service, operation, body, labels, query)
    return caught.value.status, caught.value.code, caught.value.message


@pytest.mark.parametrize(("body", "where", "value", "java"), [
    (b'{"name":"p","throttle":{"burstLimit":1000000000000000000000000000000}}', "throttle.burstLimit",
     "1000000000000000000000000000000", "int"),
    (b'{"name":"p","quota":{"limit":2147483648,"period":"DAY"}}', "quota.limit", "2147483648", "int"),
    (b'{"name":"p","quota":{"limit":-2147483649,"period":"DAY"}}', "quota.limit", "-2147483649", "int"),
])
def test_integers_beyond_java_int_are_serialization_errors_v1(body, where, value, java):
    # Before: stored as given; a timeout or a quota of 10**30 reached the data plane.
    assert _error("apigateway", "CreateUsagePlan", body) == (
        400, "SerializationException",
        f"Numeric value ({value}) at 'createUsagePlanInput.{where}' out of range of {java}")


def test_java_int_bounds_themselves_are_accepted():
    params = _parse("apigateway", "CreateUsagePlan",
                    b'{"name":"p","throttle":{"burstLimit":2147483647},"quota":{"limit":-2147483648,"period":"DAY"}}')
    assert params["throttle"] == {"burstLimit": 2147483647}
    assert params["quota"]["limit"] == -2147483648


def test_integers_beyond_java_int_are_bad_requests_v2():
    assert _error("apigatewayv2", "CreateStage",
                  b'{"stageName":"s","defaultRouteSettings":{"throttlingBurstLimit":99999999999999999999}}',
                  labels={"apiId": "a"}) == (
        400, "BadRequestException",
        "Numeric value (99999999999999999999) at 'createStageInput.defaultRouteSettings.throttlingBurstLimit' "
        "out of range of int")


@pytest.mark.parametrize("raw", ["1_0", "\u0663", " 5", "5 ", "0x10", "5.0", "", "9" * 200],
                         ids=["underscore", "arabic-indic", "lead-space", "trail-space", "hex", "float", "empty",
                              "200-digits"])
def test_query_integers_are_read_as_java_reads_them(raw):
    # Before: Python's int() took "1_0", Arabic-Indic digits and surrounding spaces.
    status, code, message = _error("apigateway", "GetRestApis", query={"limit": [raw]})
    assert (status, code) == (400, "SerializationException")
    assert message == f"Unable to parse '{raw[:100]}' as an integer for limit"


def test_query_integer_out_of_range_and_signs():
    assert _error("apigateway", "GetRestApis", query={"limit": ["99999999999999999999"]}) == (
        400, "SerializationException", "Numeric value (99999999999999999999) at 'limit' out of range of int")
    assert _parse("apigateway", "GetRestApis", query={"limit": ["+5"]}) == {"limit": 5}


def test_repeated_query_keys_take_the_last_value():
    assert _parse("apigateway", "GetRestApis", query={"limit": ["5", "6"], "position": ["a", "b"]}) == {
        "limit": 6, "position": "b"}


@pytest.mark.parametrize(("value", "shown"), [
    (b'"nonsense"', "nonsense"), (b'"9999-99-99"', "9999-99-99"), (b"1e300", "1e+300"), (b"[1]", "[1]"),
    (b"true", "true"),
])
def test_timestamps_that_are_not_timestamps_are_bad_requests(value, shown):
    # Before: passed to the handler as given; 1e300 then crashed the ISO 8601 writer (a 500).
    body = b'{"domainName":"a.com","domainNameConfigurations":[{"certificateUploadDate":' + value + b"}]}"
    assert _error("apigatewayv2", "CreateDomainName", body) == (
        400, "BadRequestException",
        f"Unable to parse '{shown}' at 'createDomainNameInput.domainNameConfigurations.1.member."
        "certificateUploadDate' as a timestamp")


def test_iso_timestamps_still_parse():
    body = b'{"domainName":"a.com","domainNameConfigurations":[{"certificateUploadDate":"2020-01-02T03:04:05Z"}]}'
    params = _parse("apigatewayv2", "CreateDomainName", body)
    assert params["DomainNameConfigurations"][0]["CertificateUploadDate"] == 1577934245.0


@pytest.mark.parametrize(("body", "message"), [
    (b'{"name":"p","throttle":{"rateLimit":"x"}}', "Unable to parse 'x' at 'createUsagePlanInput.throttle.rateLimit'"
                                                   " as a number"),
    (b'{"name":"p","throttle":{"burstLimit":1.5}}', "Unable to parse 1.5 at 'createUsagePlanInput.throttle."
                                                    "burstLimit' as an integer"),
    (b'{"name":"p","tags":["x"]}', "Expected a map at 'createUsagePlanInput.tags'"),
    (b'{"name":"p","apiStages":["x"]}', "Expected an object at 'createUsagePlanInput.apiStages.1.member'"),
    (b'{"name":{"a":1}}', "class java.lang.Object can not be converted to an String"),
])
def test_members_of_the_wrong_json_type_are_serialization_errors(body, message):
    assert _error("apigateway", "CreateUsagePlan", body) == (400, "SerializationException", message)


@pytest.mark.parametrize("body", [b'{"name":"a","tags":{"a":NaN}}', b'{"name":"\xff"}',
                                  '{"name":"a"}'.encode("utf-16")])
def test_bodies_that_are_not_json_are_serialization_errors(body):
    status, code, message = _error("apigateway", "CreateRestApi", body)
    assert (status, code) == (400, "SerializationException")
    assert message.startswith("Unable to parse request body as JSON: ")


# --- whole calls: 400 and state unchanged ----------------------------------------------------


def test_out_of_range_integer_through_boto3_changes_nothing(apigateway):
    before = apigateway.get_usage_plans()["items"]
    with pytest.raises(ClientError) as caught:
        apigateway.create_usage_plan(name="p", throttle={"burstLimit": 10**30, "rateLimit": 1.0})
    error = caught.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "SerializationException"
    assert "out of range of int" in error["Error"]["Message"]
    assert apigateway.get_usage_plans()["items"] == before


def test_hostile_openapi_documents_are_invalid_input_and_change_nothing(apigateway, apigatewayv2):
    for body in [b"openapi: 3.0.0\ninfo: {title: a, version: 0x" + b"f" * 5000 + b"}\npaths: {}",
                 "openapi: 3.0.0\ninfo: {title: a, version: '1'}\npaths: {}\nx: \ud800".encode("utf-8",
                                                                                            "surrogatepass")]:
        with pytest.raises(ClientError) as caught:
            apigateway.import_rest_api(body=body)
        assert caught.value.response["Error"] == {"Code": "BadRequestException", "Message": "Invalid OpenAPI input."}
        with pytest.raises(ClientError) as caught:
            apigatewayv2.import_api(Body=body.decode("utf-8", "surrogatepass").encode("utf-8", "replace").decode())
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert apigateway.get_rest_apis()["items"] == []
    assert apigatewayv2.get_apis()["Items"] == []


def test_openapi_set_tag_imports_as_a_mapping(apigateway):
    api = apigateway.import_rest_api(body=b"openapi: 3.0.0\ninfo: {title: settag, version: '1'}\n"
                                          b"paths: {}\nx-tags: !!set {a, b}\n")
    assert api["name"] == "settag"


# --- patch operations: values read as Java reads them -----------------------------------------


def _without_metadata(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def _stage(apigateway):
    api = apigateway.create_rest_api(name="patch")
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api["id"], stageName="s")
    return api["id"]


@pytest.mark.parametrize(("path", "value", "expected"), [
    ("/*/*/caching/ttlInSeconds", "\u0663", "expected an integer, got \u0663"),
    ("/*/*/caching/ttlInSeconds", "1_0", "expected an integer, got 1_0"),
    ("/*/*/caching/ttlInSeconds", " 5", "expected an integer, got  5"),
    ("/*/*/throttling/burstLimit", "99999999999999999999999", "expected an integer, got 99999999999999999999999"),
    ("/*/*/throttling/burstLimit", "2147483648", "expected an integer, got 2147483648"),
    ("/*/*/throttling/rateLimit", "nan", "expected a number, got nan"),
    ("/*/*/throttling/rateLimit", "Infinity", "expected a number, got Infinity"),
    ("/*/*/throttling/rateLimit", "1e999", "expected a number, got 1e999"),
    ("/*/*/throttling/rateLimit", "1_0", "expected a number, got 1_0"),
], ids=["arabic-indic", "underscore", "space", "huge", "int32+1", "nan", "infinity", "overflow", "float-underscore"])
def test_patch_numbers_python_reads_but_java_does_not_are_bad_requests(apigateway, path, value, expected):
    # Before: stored as 3, 10, 5, 10**22, NaN or inf (and NaN then went out as invalid JSON).
    api = _stage(apigateway)
    before = _without_metadata(apigateway.get_stage(restApiId=api, stageName="s"))
    with pytest.raises(ClientError) as caught:
        apigateway.update_stage(restApiId=api, stageName="s",
                                patchOperations=[{"op": "replace", "path": path, "value": value}])
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert caught.value.response["Error"] == {"Code": "BadRequestException",
                                              "Message": f"Invalid value for {path}: {expected}"}
    assert _without_metadata(apigateway.get_stage(restApiId=api, stageName="s")) == before


def test_patch_numbers_java_reads_still_apply(apigateway):
    api = _stage(apigateway)
    stage = apigateway.update_stage(restApiId=api, stageName="s", patchOperations=[
        {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": "-5"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "2147483647"},
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "1.5e2"},
    ])
    settings = stage["methodSettings"]["*/*"]
    assert (settings["cacheTtlInSeconds"], settings["throttlingBurstLimit"], settings["throttlingRateLimit"]) == (
        -5, 2147483647, 150.0)


def test_usage_plan_nan_rate_is_refused(apigateway):
    plan = apigateway.create_usage_plan(name="u")
    with pytest.raises(ClientError) as caught:
        apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
            {"op": "replace", "path": "/throttle/rateLimit", "value": "NaN"}])
    assert caught.value.response["Error"]["Message"] == (
        "Invalid value for /throttle/rateLimit: expected a number, got NaN")
    assert "throttle" not in apigateway.get_usage_plan(usagePlanId=plan["id"])
