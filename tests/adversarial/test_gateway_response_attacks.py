"""Red-team attacks on gateway responses and request validators: their control plane
(gwmock/apigateway/gateway_responses.py, request_validators.py) and how a REST request is answered
with them (gwmock/runtime/rest/gateway_responses.py).

Every refusal is AWS's code, status and wording (guesses as the modules' docstrings label them),
leaves the state as it was and never answers a 5xx; the API keeps serving the next request.

Defects this file found (each test says what happened before):
* PutGatewayResponse and UpdateGatewayResponse stored any ``responseParameters``: keys that are
  not ``gatewayresponse.{header|path|querystring}.<name>`` (``method.response.header.x``, an empty
  name, ``a:b``, CR/LF in the name) and values that are no mapping expression (``a``, ``"a"``,
  ``method.request.body``, ``integration.response.header.x``); AWS refuses them with "Invalid
  mapping expression specified: ..." (aws/aws-cli#2879, aws/aws-cdk#20274);
* a header name no HTTP header can have (``a:b``), stored by an OpenAPI import, was sent on the
  gateway response (a client reads ``a: b:1``).
"""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.config import Config
from helpers import assert_error, call_or_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime.rest.gateway_responses import GatewayError, render

pytestmark = pytest.mark.gwmock(account="111111111111")

TYPES = ("ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE",
         "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS", "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN",
         "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "INVALID_API_KEY", "INVALID_SIGNATURE",
         "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "THROTTLED",
         "UNAUTHORIZED", "UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED")
DEFAULT_TEMPLATES = {"application/json": '{"message":$context.error.messageString}'}


def _mapping(expression):
    return (f"Invalid mapping expression specified: Validation Result: warnings : [], errors : "
            f"[Invalid mapping expression specified: {expression}]")


def _strip(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


@pytest.fixture
def loose(gwmock):
    """A client that sends what botocore's own validation would refuse."""
    return boto3.client("apigateway", region_name="us-east-1", config=Config(parameter_validation=False))


@pytest.fixture
def api_id(apigateway):
    return apigateway.create_rest_api(name="gateway-response-attacks")["id"]


def _served(apigateway, gwmock, api_id, **response):
    """A MOCK GET / deployed to ``dev`` with MISSING_AUTHENTICATION_TOKEN put as ``response``;
    returns a caller of ``/dev<path>``."""
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": '{"ok": true}'})
    if response:
        apigateway.put_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN", **response)
    apigateway.create_deployment(restApiId=api_id, stageName="dev")

    def call(path, headers=None, method="GET", body=None):
        return gwmock.invoke(method, f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev{path}",
                             headers=headers, body=body)

    return call


def _still_serves(call):
    answer = call("/")
    assert answer.status == 200 and json.loads(answer.body) == {"ok": True}


# --- response types ------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["throttled", "Throttled", "THROTTLED ", " THROTTLED", "DEFAULT_4xx", "FOO",
                                      "THROTTLED\n", "default_5xx"])
def test_a_type_in_another_spelling_is_not_a_type(loose, api_id, spelling):
    for call in (loose.put_gateway_response, loose.get_gateway_response, loose.delete_gateway_response):
        error = error_of(call, restApiId=api_id, responseType=spelling)
        assert_error(error, "ValidationException", status=400)
        assert error["Error"]["Message"].startswith(f"1 validation error detected: Value '{spelling}' at "
                                                    "'responseType' failed to satisfy constraint")
    assert all(item["defaultResponse"] for item in loose.get_gateway_responses(restApiId=api_id)["items"])


def test_every_type_puts_reads_lists_and_deletes(apigateway, api_id):
    for kind in TYPES:
        ids = {"restApiId": api_id, "responseType": kind}
        put = apigateway.put_gateway_response(**ids, statusCode="418")
        assert put["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert _strip(put) == {"responseType": kind, "statusCode": "418", "responseParameters": {},
                               "responseTemplates": DEFAULT_TEMPLATES, "defaultResponse": False}
        assert _strip(apigateway.get_gateway_response(**ids)) == _strip(put)
    listed = apigateway.get_gateway_responses(restApiId=api_id)["items"]
    assert sorted(i["responseType"] for i in listed) == sorted(TYPES)
    assert all(i["defaultResponse"] is False and i["statusCode"] == "418" for i in listed)
    for kind in TYPES:
        assert apigateway.delete_gateway_response(restApiId=api_id, responseType=kind)[
            "ResponseMetadata"]["HTTPStatusCode"] == 202
    listed = apigateway.get_gateway_responses(restApiId=api_id)["items"]
    assert all(i["defaultResponse"] is True for i in listed)
    assert {i["responseType"]: i.get("statusCode") for i in listed}["THROTTLED"] == "429"
    assert "statusCode" not in {i["responseType"]: i for i in listed}["DEFAULT_4XX"]


def test_the_list_shows_defaults_before_after_a_put_and_after_a_delete(apigateway, api_id):
    def flags():
        return {i["responseType"]: i["defaultResponse"]
                for i in apigateway.get_gateway_responses(restApiId=api_id, limit=1, position="x")["items"]}

    assert set(flags().values()) == {True} and len(flags()) == 21
    apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX", statusCode="400")
    after_put = flags()
    assert [k for k, v in after_put.items() if v is False] == ["DEFAULT_4XX"]  # the 4xx it lends to stay defaults
    assert apigateway.get_gateway_response(restApiId=api_id, responseType="THROTTLED")["statusCode"] == "400"
    apigateway.delete_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")
    assert set(flags().values()) == {True}
    assert apigateway.get_gateway_response(restApiId=api_id, responseType="THROTTLED")["statusCode"] == "429"
    error = error_of(apigateway.delete_gateway_response, restApiId=api_id, responseType="DEFAULT_4XX")
    assert_error(error, "NotFoundException", "Gateway response type not defined on api", 404)


# --- status codes --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["000", "99", "600", "2xx", " 404", "404 ", "", "1000", "404\n", "٤٠٤"])
def test_put_refuses_a_status_code_outside_the_pattern(loose, api_id, code):
    error = error_of(loose.put_gateway_response, restApiId=api_id, responseType="THROTTLED", statusCode=code)
    assert_error(error, "ValidationException", f"1 validation error detected: Value '{code}' at "
                 "'putGatewayResponseInput.statusCode' failed to satisfy constraint: Member must satisfy regular "
                 "expression pattern: [1-5]\\d\\d", 400)
    assert loose.get_gateway_response(restApiId=api_id, responseType="THROTTLED")["defaultResponse"] is True


def test_put_refuses_a_number_for_the_status_code(loose, api_id):
    error = error_of(loose.put_gateway_response, restApiId=api_id, responseType="THROTTLED", statusCode=1e3)
    assert_error(error, "SerializationException", status=400)
    assert loose.get_gateway_response(restApiId=api_id, responseType="THROTTLED")["statusCode"] == "429"


@pytest.mark.parametrize("code", ["000", " 404", "404 ", "٤٠٤", "4O4"])
def test_update_refuses_a_status_code_outside_the_pattern(apigateway, api_id, code):
    ids = {"restApiId": api_id, "responseType": "THROTTLED"}
    error = error_of(apigateway.update_gateway_response, **ids,
                     patchOperations=[{"op": "replace", "path": "/statusCode", "value": code}])
    assert_error(error, "BadRequestException", f"Invalid status code specified: {code}", 400)
    assert apigateway.get_gateway_response(**ids)["defaultResponse"] is True


# --- response parameters (defects: stored whatever they were) -------------------------------------

BAD_KEYS = ["method.response.header.x", "gatewayresponse.header.", "gatewayresponse.header.a:b",
            "gatewayresponse.header.a\r\nSet-Cookie", "gatewayresponse.header.x y", "gatewayresponse.body.x",
            "gatewayresponse.header", "", "integration.response.header.x", "GATEWAYRESPONSE.HEADER.x",
            "gatewayresponse.header.\x00"]
BAD_VALUES = ["a", '"a"', "method.request.body", "method.request.foo.x", "method.request.header.",
              "integration.response.header.x", "'", "", "context.", "stageVariables.", "'a\r\nb'", "$context.x",
              "method.request.header.a b"]
GOOD = {"gatewayresponse.header.x-static": "'a,b ''c'''", "gatewayresponse.path.p": "method.request.path.id",
        "gatewayresponse.querystring.q": "method.request.querystring.q",
        "gatewayresponse.header.x-multi": "method.request.multivalueheader.Accept",
        "gatewayresponse.header.x-mq": "method.request.multivaluequerystring.q",
        "gatewayresponse.header.x-ctx": "context.requestId", "gatewayresponse.header.x-sv": "stageVariables.s",
        "gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}


@pytest.mark.parametrize("key", BAD_KEYS)
def test_put_refuses_a_parameter_key_that_is_no_gateway_response_parameter(loose, api_id, key):
    # before: stored as given (and "a:b" was then sent as a header line)
    error = error_of(loose.put_gateway_response, restApiId=api_id, responseType="THROTTLED",
                     responseParameters={key: "'v'"})
    assert_error(error, "BadRequestException", _mapping(key), 400)
    assert loose.get_gateway_response(restApiId=api_id, responseType="THROTTLED")["defaultResponse"] is True


@pytest.mark.parametrize("value", BAD_VALUES)
def test_put_refuses_a_parameter_value_that_is_no_mapping_expression(loose, api_id, value):
    # aws/aws-cdk#20274: an unquoted static value is "Invalid mapping expression specified: test-value"
    error = error_of(loose.put_gateway_response, restApiId=api_id, responseType="THROTTLED",
                     responseParameters={"gatewayresponse.header.x": value})
    assert_error(error, "BadRequestException", _mapping(value), 400)
    assert loose.get_gateway_response(restApiId=api_id, responseType="THROTTLED")["defaultResponse"] is True


def test_put_takes_every_documented_parameter_form(apigateway, api_id):
    put = apigateway.put_gateway_response(restApiId=api_id, responseType="THROTTLED", responseParameters=GOOD)
    assert put["responseParameters"] == GOOD


@pytest.mark.parametrize(("op", "path", "value", "expression"), [
    ("add", "/responseParameters/method.response.header.x", "'v'", "method.response.header.x"),
    ("add", "/responseParameters/gatewayresponse.header.a:b", "'v'", "gatewayresponse.header.a:b"),
    ("add", "/responseParameters/", "'v'", ""),
    ("add", "/responseParameters/gatewayresponse.header.y", "bad", "bad"),
    ("add", "/responseParameters/gatewayresponse.header.x", "method.request.body", "method.request.body"),
    ("replace", "/responseParameters/gatewayresponse.header.x", "bad", "bad"),
    ("replace", "/responseParameters/gatewayresponse.header.x", "'a\r\nb'", "'a\r\nb'"),
])
def test_update_refuses_what_put_refuses(apigateway, api_id, op, path, value, expression):
    # before: stored whatever the operation gave
    ids = {"restApiId": api_id, "responseType": "THROTTLED"}
    apigateway.put_gateway_response(**ids, responseParameters={"gatewayresponse.header.x": "'1'"})
    before = _strip(apigateway.get_gateway_response(**ids))
    error = error_of(apigateway.update_gateway_response, **ids,
                     patchOperations=[{"op": "replace", "path": "/statusCode", "value": "400"},
                                      {"op": op, "path": path, "value": value}])
    assert_error(error, "BadRequestException", _mapping(expression), 400)
    assert _strip(apigateway.get_gateway_response(**ids)) == before


def test_a_failed_update_of_a_default_type_does_not_materialise_it(apigateway, api_id):
    ids = {"restApiId": api_id, "responseType": "DEFAULT_5XX"}
    error = error_of(apigateway.update_gateway_response, **ids, patchOperations=[
        {"op": "add", "path": "/responseParameters/gatewayresponse.header.x", "value": "unquoted"}])
    assert_error(error, "BadRequestException", _mapping("unquoted"), 400)
    assert apigateway.get_gateway_response(**ids)["defaultResponse"] is True
    error = error_of(apigateway.delete_gateway_response, **ids)
    assert_error(error, "NotFoundException", "Gateway response type not defined on api", 404)


@pytest.mark.parametrize(("op", "path", "code", "message", "status"), [
    ("replace", "/responseParameters/gatewayresponse.header.never", "NotFoundException",
     "Invalid parameter name specified", 404),
    ("remove", "/responseParameters/gatewayresponse.header.never", "NotFoundException",
     "Invalid parameter name specified", 404),
    ("replace", "/responseTemplates/text~1never", "NotFoundException", "Content-Type specified was not found", 404),
    ("remove", "/responseTemplates/text~1never", "NotFoundException", "Content-Type specified was not found", 404),
    ("add", "/statusCode", "BadRequestException", "Invalid patch path /statusCode", 400),
    ("remove", "/statusCode", "BadRequestException", "Invalid patch path /statusCode", 400),
    ("replace", "/defaultResponse", "BadRequestException", "Invalid patch path /defaultResponse", 400),
    ("replace", "/responseType", "BadRequestException", "Invalid patch path /responseType", 400),
    ("add", "/responseParameters", "BadRequestException", "Invalid patch path /responseParameters", 400),
    ("add", "/responseTemplates/a/b", "BadRequestException", "Invalid patch path /responseTemplates/a/b", 400),
    ("copy", "/statusCode", "BadRequestException", "Invalid patch path /statusCode", 400),
    ("move", "/responseTemplates/application~1json", "BadRequestException",
     "Invalid patch path /responseTemplates/application~1json", 400),
    ("test", "/statusCode", "BadRequestException", "Invalid patch path /statusCode", 400),
    ("replace", "statusCode", "BadRequestException", "Invalid patch path statusCode", 400),
    ("replace", "/", "BadRequestException", "Invalid patch path /", 400),
])
def test_update_paths_outside_the_table_and_entries_never_set(apigateway, api_id, op, path, code, message, status):
    ids = {"restApiId": api_id, "responseType": "THROTTLED"}
    apigateway.put_gateway_response(**ids, responseParameters={"gatewayresponse.header.x": "'1'"})
    before = _strip(apigateway.get_gateway_response(**ids))
    error = error_of(apigateway.update_gateway_response, **ids,
                     patchOperations=[{"op": op, "path": path, "value": "'1'", "from": "/statusCode"}])
    assert_error(error, code, message, status)
    assert _strip(apigateway.get_gateway_response(**ids)) == before


PARAM_KEYS = st.one_of(st.sampled_from(BAD_KEYS + list(GOOD)),
                       st.builds(lambda where, name: f"gatewayresponse.{where}.{name}",
                                 st.sampled_from(["header", "path", "querystring", "body", "Header"]),
                                 st.text(max_size=8)))
PARAM_VALUES = st.one_of(st.sampled_from(BAD_VALUES + list(GOOD.values())), st.text(max_size=12),
                         st.builds(lambda s: f"'{s}'", st.text(max_size=8)))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parameters=st.dictionaries(PARAM_KEYS, PARAM_VALUES, max_size=3))
def test_fuzzed_parameters_are_stored_whole_or_refused_whole(loose, api_id, parameters):
    ids = {"restApiId": api_id, "responseType": "QUOTA_EXCEEDED"}
    before = _strip(loose.get_gateway_response(**ids))
    put, error = call_or_error(loose.put_gateway_response, **ids, responseParameters=parameters)
    if error is None:
        assert put["responseParameters"] == parameters
        loose.delete_gateway_response(**ids)
    else:
        assert error["Error"]["Code"] in ("BadRequestException", "SerializationException", "ValidationException")
        assert _strip(loose.get_gateway_response(**ids)) == before


# --- the data plane ------------------------------------------------------------------------------


def test_a_mapped_header_from_a_hostile_request_header(apigateway, gwmock, api_id):
    call = _served(apigateway, gwmock, api_id, statusCode="404",
                   responseParameters={"gatewayresponse.header.x-echo": "method.request.header.evil",
                                       "gatewayresponse.header.x-q": "method.request.querystring.q"})
    crlf = call("/nope?q=%0d%0aSet-Cookie:%20a=1", headers={"evil": "a\r\nSet-Cookie: x=1"})
    assert crlf.status == 404
    assert "x-echo" not in crlf.headers and "x-q" not in crlf.headers and "Set-Cookie" not in crlf.headers
    big = call("/nope", headers={"evil": "v" * 10240})
    assert big.status == 404 and big.headers["x-echo"] == "v" * 10240
    assert json.loads(big.body) == {"message": "Missing Authentication Token"}
    _still_serves(call)


def test_an_imported_header_name_no_header_can_have_is_refused_and_never_sent(apigateway, gwmock):
    # before: "a:b" was imported and sent as a header name (a client reads header "a" with value "b:1");
    # the import now refuses it as PutGatewayResponse does, and ``render`` skips such a name anyway
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                "paths": {"/": {"get": {"x-amazon-apigateway-integration": {
                    "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'}}}}},
                "x-amazon-apigateway-gateway-responses": {"MISSING_AUTHENTICATION_TOKEN": {
                    "statusCode": "404", "responseParameters": {"gatewayresponse.header.a:b": "'1'",
                                                                "gatewayresponse.header.ok": "'2'"}}}}
    response = error_of(apigateway.import_rest_api, body=json.dumps(document).encode())
    assert_error(response, "BadRequestException", "Errors found during import:\n\tUnable to put gateway response "
                 "'MISSING_AUTHENTICATION_TOKEN': Invalid mapping expression specified: Validation Result: warnings : "
                 "[], errors : [Invalid mapping expression specified: gatewayresponse.header.a:b]", 400)
    assert apigateway.get_rest_apis()["items"] == []

    error = GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token")
    stored = {"MISSING_AUTHENTICATION_TOKEN": {"statusCode": "404", "responseParameters": {
        "gatewayresponse.header.a:b": "'1'", "gatewayresponse.header.a b": "'1'", "gatewayresponse.header.ok": "'2'"}}}
    status, _, headers = render(error, stored, {}, {}, {})
    assert status == 404 and headers["ok"] == "2"
    assert not any(":" in name or " " in name for name in headers)


@pytest.mark.parametrize("template", [
    "#foreach($i in [1..10000000])$i#end",
    "#macro(m)#m()#end#m()",
    '#set($a="x")#foreach($i in [1..40])#set($a="$a$a")#end$a',
    "$util.base64Encode($util.base64Encode($util.base64Encode($util.base64Encode($context.error.message))))" * 50,
    "#foreach($i in [1..1000])#foreach($j in [1..1000])x#end#end",
])
def test_a_template_that_loops_recurses_or_grows_is_bounded(apigateway, gwmock, api_id, template):
    call = _served(apigateway, gwmock, api_id, statusCode="404", responseTemplates={"application/json": template})
    answer = call("/nope")
    assert answer.status == 404
    assert len(answer.body) <= 1_100_000  # the renderer's output bound, else AWS's default body
    _still_serves(call)


def test_a_template_rendering_invalid_json_is_sent_as_rendered(apigateway, gwmock, api_id):
    call = _served(apigateway, gwmock, api_id, statusCode="404",
                   responseTemplates={"application/json": '{"broken": $context.error.messageString'})
    answer = call("/nope")
    assert answer.status == 404 and answer.body == b'{"broken": "Missing Authentication Token"'
    assert answer.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    _still_serves(call)


# --- request validators --------------------------------------------------------------------------


def test_two_validators_may_not_share_a_name(apigateway, api_id):
    # AWS: "Request Validator name must be unique" (https://github.com/serverless/serverless/issues/10099)
    first = apigateway.create_request_validator(restApiId=api_id, name="same")
    error = error_of(apigateway.create_request_validator, restApiId=api_id, name="same", validateRequestBody=True)
    assert_error(error, "BadRequestException", "Request Validator name must be unique", 400)
    second = apigateway.create_request_validator(restApiId=api_id, name="other", validateRequestBody=True)
    listed = apigateway.get_request_validators(restApiId=api_id)["items"]
    assert [(v["name"], v["validateRequestBody"]) for v in listed] == [("same", False), ("other", True)]
    error = error_of(apigateway.update_request_validator, restApiId=api_id, requestValidatorId=second["id"],
                     patchOperations=[{"op": "replace", "path": "/name", "value": "same"}])
    assert_error(error, "BadRequestException", "Request Validator name must be unique", 400)
    assert apigateway.get_request_validator(restApiId=api_id, requestValidatorId=first["id"])["name"] == "same"


@pytest.mark.parametrize("name", ["v" * 1024, "\u00e9\u4e2d\U0001F600", "a/b?c#d", "'; DROP TABLE x; --"])
def test_validator_names_are_data(apigateway, api_id, name):
    made = apigateway.create_request_validator(restApiId=api_id, name=name)
    assert apigateway.get_request_validator(restApiId=api_id, requestValidatorId=made["id"])["name"] == name


@pytest.mark.parametrize("flag", ["false", 0, "true", 1])
def test_a_flag_that_is_no_boolean_is_refused(loose, api_id, flag):
    error = error_of(loose.create_request_validator, restApiId=api_id, name="v", validateRequestBody=flag)
    assert_error(error, "SerializationException", status=400)
    assert loose.get_request_validators(restApiId=api_id)["items"] == []


def test_deleting_a_validator_a_method_uses_is_refused_and_it_keeps_validating(apigateway, gwmock, api_id):
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    validator = apigateway.create_request_validator(restApiId=api_id, name="params",
                                                    validateRequestParameters=True)["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE",
                          requestValidatorId=validator, requestParameters={"method.request.querystring.q": True})
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": "{}"})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    error = error_of(apigateway.delete_request_validator, restApiId=api_id, requestValidatorId=validator)
    assert_error(error, "ConflictException",
                 "Cannot delete request validator 'params', is referenced in method: GET//", 409)
    url = f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev/"
    missing = gwmock.invoke("GET", url)
    assert missing.status == 400
    assert json.loads(missing.body) == {"message": "Missing required request parameters: [q]"}
    assert gwmock.invoke("GET", url + "?q=1").status == 200


def test_validating_a_body_without_a_model_lets_every_body_through(apigateway, gwmock, api_id):
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    validator = apigateway.create_request_validator(restApiId=api_id, name="none")["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE",
                          requestValidatorId=validator)
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200",
                                        responseTemplates={"application/json": "{}"})
    updated = apigateway.update_request_validator(restApiId=api_id, requestValidatorId=validator, patchOperations=[
        {"op": "replace", "path": "/validateRequestBody", "value": "true"},
        {"op": "replace", "path": "/validateRequestParameters", "value": "TRUE"}])
    assert updated["validateRequestBody"] is True and updated["validateRequestParameters"] is True
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    answer = gwmock.invoke("POST", f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev/",
                           headers={"Content-Type": "application/json"}, body="{not json")
    assert answer.status == 200


@pytest.mark.parametrize(("operation", "message"), [
    ({"op": "add", "path": "/name", "value": "x"},
     "Invalid patch path  '/name' specified for op 'add'. Please choose supported operations"),
    ({"op": "replace", "path": "/id", "value": "x"},
     "Invalid patch path  '/id' specified for op 'replace'. Must be one of: "
     "[/name, /validateRequestParameters, /validateRequestBody]"),
    ({"op": "replace", "path": "/name", "value": "\t \n"}, "Request Validator name cannot be blank"),
])
def test_a_refused_validator_update_changes_nothing(apigateway, api_id, operation, message):
    made = apigateway.create_request_validator(restApiId=api_id, name="keep")
    ids = {"restApiId": api_id, "requestValidatorId": made["id"]}
    error = error_of(apigateway.update_request_validator, **ids, patchOperations=[
        {"op": "replace", "path": "/validateRequestBody", "value": "true"}, operation])
    assert_error(error, "BadRequestException", message, 400)
    assert _strip(apigateway.get_request_validator(**ids)) == _strip(made)
