"""Gateway responses: computed defaults, put, update, delete - against aws-recorded."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.config import Config
from helpers import as_recorded, assert_error, assert_matches, error_of, recorded

pytestmark = pytest.mark.gwmock(account="111111111111")

TEMPLATE = ('{\n     "message": $context.error.messageString,\n     "type":  "$context.error.responseType",\n'
            '     "stage":  "$context.stage",\n     "resourcePath":  "$context.resourcePath",\n'
            '     "stageVariables.a":  "$stageVariables.a",\n     "statusCode": "\'404\'"\n}')
PARAMS = {
    "gatewayresponse.header.x-request-path": "method.request.path.petId",
    "gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'",
    "gatewayresponse.header.x-request-query": "method.request.querystring.q",
    "gatewayresponse.header.x-request-header": "method.request.header.Accept",
}
DEFAULT_TEMPLATE = {"application/json": '{"message":$context.error.messageString}'}


def _rec(test: str, step: str):
    return recorded("api", test, step)


def _sorted(listing):
    """The recordings sort GetGatewayResponses' items by type (AWS's own order is a hash order)."""
    return {**listing, "items": sorted(listing["items"], key=lambda i: i["responseType"])}


@pytest.fixture
def api_id(apigateway):
    return apigateway.create_rest_api(name="gateway-responses")["id"]


@pytest.fixture
def loose(gwmock):
    """A client that sends what botocore's own validation would refuse."""
    return boto3.client("apigateway", region_name="us-east-1", config=Config(parameter_validation=False))


def test_crud_matches_aws(apigateway, api_id):
    test = "test_gateway_response_crud"
    get = {"restApiId": api_id, "responseType": "MISSING_AUTHENTICATION_TOKEN"}
    assert_matches(apigateway.get_gateway_response(**get), _rec(test, "get-gateway-response-default"))
    put = apigateway.put_gateway_response(**get, statusCode="404", responseParameters=PARAMS,
                                          responseTemplates={"application/json": TEMPLATE})
    assert_matches(put, _rec(test, "put-gateway-response"))
    assert_matches(_sorted(apigateway.get_gateway_responses(restApiId=api_id)), _rec(test, "get-gateway-responses"))
    assert_matches(apigateway.get_gateway_response(**get), _rec(test, "get-gateway-response"))
    assert_matches(apigateway.delete_gateway_response(**get), _rec(test, "delete-gateway-response"))
    assert_matches(apigateway.get_gateway_response(**get), _rec(test, "get-deleted-gw-response"))


def test_put_variants_and_default_5xx_inheritance_match_aws(apigateway, api_id):
    test = "test_gateway_response_put"
    kind = {"restApiId": api_id, "responseType": "MISSING_AUTHENTICATION_TOKEN"}
    assert_matches(apigateway.put_gateway_response(**kind, statusCode="404", responseParameters=PARAMS,
                                                   responseTemplates={"application/json": TEMPLATE}),
                   _rec(test, "put-gateway-response-all-value"))
    assert_matches(apigateway.put_gateway_response(**kind, statusCode="404"),
                   _rec(test, "put-gateway-response-status-only"))
    assert_matches(apigateway.put_gateway_response(
        **kind, responseParameters={"gatewayresponse.header.x-request-header": "method.request.header.Accept"}),
        _rec(test, "put-gateway-response-response-parameters-only"))
    assert_matches(apigateway.put_gateway_response(**kind, responseTemplates={"application/json": TEMPLATE}),
                   _rec(test, "put-gateway-response-response-templates-only"))
    assert_matches(apigateway.put_gateway_response(
        restApiId=api_id, responseType="DEFAULT_5XX", statusCode="599",
        responseParameters={"gatewayresponse.header.x-request-header": "method.request.header.Accept"},
        responseTemplates={"application/json": TEMPLATE}), _rec(test, "put-gateway-response-default-5xx"))
    assert_matches(apigateway.put_gateway_response(restApiId=api_id, responseType="AUTHORIZER_FAILURE",
                                                   responseParameters={"gatewayresponse.header.foo": "'bar'"}),
                   _rec(test, "put-gateway-response-default-ignored"))
    assert_matches(_sorted(apigateway.get_gateway_responses(restApiId=api_id)), _rec(test, "get-gateway-responses"))
    # a single GET computes the same inherited view
    inherited = apigateway.get_gateway_response(restApiId=api_id, responseType="INTEGRATION_TIMEOUT")
    assert inherited["statusCode"] == "599" and inherited["defaultResponse"] is True


def test_default_4xx_lends_to_4xx_types_only(apigateway, api_id):  # guess: mirrors DEFAULT_5XX
    apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX", statusCode="418",
                                    responseParameters={"gatewayresponse.header.x": "'y'"})
    throttled = apigateway.get_gateway_response(restApiId=api_id, responseType="THROTTLED")
    assert throttled["statusCode"] == "418"
    assert throttled["responseParameters"] == {"gatewayresponse.header.x": "'y'"}
    assert throttled["defaultResponse"] is True
    assert apigateway.get_gateway_response(restApiId=api_id, responseType="INTEGRATION_FAILURE")["statusCode"] == "504"


def test_default_without_status_code_keeps_types_codes(apigateway, api_id):  # guess
    apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_5XX",
                                    responseTemplates={"application/json": "oops"})
    failure = apigateway.get_gateway_response(restApiId=api_id, responseType="INTEGRATION_FAILURE")
    assert failure["statusCode"] == "504"
    assert failure["responseTemplates"] == {"application/json": "oops"}


def test_validation_matches_aws(apigateway, loose, api_id):
    test = "test_gateway_response_validation"
    fake = "fake-api-id"
    assert_matches(error_of(loose.get_gateway_responses, restApiId=fake), _rec(test, "get-gateway-responses-no-api"))
    assert_matches(error_of(loose.get_gateway_response, restApiId=fake, responseType="DEFAULT_4XX"),
                   _rec(test, "get-gateway-response-no-api"))
    assert_matches(error_of(loose.delete_gateway_response, restApiId=fake, responseType="DEFAULT_4XX"),
                   _rec(test, "delete-gateway-response-no-api"))
    assert_matches(error_of(loose.update_gateway_response, restApiId=fake, responseType="DEFAULT_4XX",
                            patchOperations=[]), _rec(test, "update-gateway-response-no-api"))
    assert_matches(error_of(loose.delete_gateway_response, restApiId=api_id, responseType="DEFAULT_4XX"),
                   _rec(test, "delete-gateway-response-not-set"))
    assert_matches(error_of(loose.get_gateway_response, restApiId=api_id, responseType="FAKE_RESPONSE_TYPE"),
                   _rec(test, "get-gateway-response-wrong-response-type"))
    assert_matches(error_of(loose.delete_gateway_response, restApiId=api_id, responseType="FAKE_RESPONSE_TYPE"),
                   _rec(test, "delete-gateway-response-wrong-response-type"))
    assert_matches(error_of(loose.update_gateway_response, restApiId=api_id, responseType="FAKE_RESPONSE_TYPE",
                            patchOperations=[]), _rec(test, "update-gateway-response-wrong-response-type"))
    assert_matches(error_of(loose.put_gateway_response, restApiId=api_id, responseType="FAKE_RESPONSE_TYPE",
                            statusCode="404", responseParameters={}, responseTemplates={}),
                   _rec(test, "put-gateway-response-wrong-response-type"))


def test_update_matches_aws(loose, api_id):
    test = "test_update_gateway_response"
    kind = {"restApiId": api_id, "responseType": "DEFAULT_4XX"}

    def update(*ops, response_type="DEFAULT_4XX"):
        return loose.update_gateway_response(restApiId=api_id, responseType=response_type,
                                             patchOperations=list(ops))

    def failed(*ops, response_type="DEFAULT_4XX"):
        return error_of(update, *ops, response_type=response_type)

    assert_matches(update({"op": "replace", "path": "/statusCode", "value": "444"}),
                   _rec(test, "update-gateway-response-not-set"))
    assert_matches(loose.get_gateway_response(**kind), _rec(test, "default-get-gateway-response"))
    put = loose.put_gateway_response(**kind, statusCode="404", responseParameters=PARAMS, responseTemplates={
        "application/json": json.dumps({"application/json": '{"message":$context.error.messageString}'})})
    assert_matches(as_recorded(put), _rec(test, "put-gateway-response"))
    xml = ("<gatewayResponse><message>$context.error.messageString</message><type>$context.error.responseType"
           "</type></gatewayResponse>")
    updated = update({"op": "replace", "path": "/statusCode", "value": "444"},
                     {"op": "replace", "path": "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin",
                      "value": "'example.com'"},
                     {"op": "add", "path": "/responseTemplates/application~1xml", "value": xml})
    assert_matches(as_recorded(updated), _rec(test, "update-gateway-response"))
    assert_matches(as_recorded(loose.get_gateway_response(**kind)), _rec(test, "get-gateway-response"))
    before = loose.get_gateway_response(**kind)
    assert_matches(failed({"op": "add", "path": "/statusCode", "value": "444"}),
                   _rec(test, "update-gateway-add-status-code"))
    assert_matches(failed({"op": "remove", "path": "/statusCode"}), _rec(test, "update-gateway-remove-status-code"))
    assert_matches(failed({"op": "replace",
                           "path": "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin",
                           "value": "'example.com'"}, response_type="DEFAULT_5XX"),
                   _rec(test, "update-gateway-replace-invalid-parameter"))
    assert_matches(failed({"op": "add", "value": "'example.com'"}), _rec(test, "update-gateway-no-path"))
    assert_matches(failed({"op": "wrong-op", "path": "/statusCode", "value": "'example.com'"}),
                   _rec(test, "update-gateway-wrong-op"))
    assert_matches(failed({"op": "add", "path": "/wrongPath", "value": "'example.com'"}),
                   _rec(test, "update-gateway-wrong-path"))
    for index, path in enumerate(("/responseTemplates/application~1xml",
                                  "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin")):
        assert_matches(failed({"op": "replace", "path": path, "value": None}),
                       _rec(test, f"update-gateway-replace-invalid-parameter-{index}-none"))
    assert _strip(loose.get_gateway_response(**kind)) == _strip(before)
    # DEFAULT_5XX was never materialised by the failed update
    assert loose.get_gateway_response(restApiId=api_id, responseType="DEFAULT_5XX")["defaultResponse"] is True


def _strip(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def test_update_removes_entries_and_a_failed_patch_changes_nothing(apigateway, api_id):
    kind = {"restApiId": api_id, "responseType": "THROTTLED"}
    apigateway.put_gateway_response(**kind, responseParameters={"gatewayresponse.header.a": "'1'"})
    updated = apigateway.update_gateway_response(**kind, patchOperations=[
        {"op": "remove", "path": "/responseParameters/gatewayresponse.header.a"},
        {"op": "remove", "path": "/responseTemplates/application~1json"},
    ])
    assert updated["responseParameters"] == {} and updated["responseTemplates"] == {}
    assert updated["statusCode"] == "429"
    error = error_of(apigateway.update_gateway_response, **kind, patchOperations=[
        {"op": "replace", "path": "/statusCode", "value": "400"},
        {"op": "replace", "path": "/responseTemplates/text~1plain", "value": "x"},  # guess: 404 wording
    ])
    assert_error(error, "NotFoundException", "Content-Type specified was not found", 404)
    assert apigateway.get_gateway_response(**kind)["statusCode"] == "429"


@pytest.mark.parametrize("code", ["abc", "99", "600", "2000", "20x"])
def test_a_patched_status_code_is_one_the_gateway_can_answer(apigateway, api_id, code):
    # the data plane answered such a code with a traceback; PutGatewayResponse's input is held to [1-5]\d\d
    kind = {"restApiId": api_id, "responseType": "THROTTLED"}
    error = error_of(apigateway.update_gateway_response, **kind,
                     patchOperations=[{"op": "replace", "path": "/statusCode", "value": code}])
    assert_error(error, "BadRequestException", f"Invalid status code specified: {code}", 400)
    assert apigateway.get_gateway_response(**kind)["statusCode"] == "429"


# The API reference's GetGatewayResponses example (2017, 20 types) lists them in this order, which is
# Java HashMap order (32 buckets) of the type names; WAF_FILTERED hashes to BAD_REQUEST_BODY's bucket.
AWS_ORDER = [
    "INTEGRATION_FAILURE", "RESOURCE_NOT_FOUND", "REQUEST_TOO_LARGE", "THROTTLED", "UNSUPPORTED_MEDIA_TYPE",
    "AUTHORIZER_CONFIGURATION_ERROR", "DEFAULT_5XX", "DEFAULT_4XX", "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY",
    "WAF_FILTERED", "EXPIRED_TOKEN", "ACCESS_DENIED", "INVALID_API_KEY", "UNAUTHORIZED", "API_CONFIGURATION_ERROR",
    "QUOTA_EXCEEDED", "INTEGRATION_TIMEOUT", "MISSING_AUTHENTICATION_TOKEN", "INVALID_SIGNATURE",
    "AUTHORIZER_FAILURE",
]


def _java_bucket(name: str, buckets: int = 32) -> int:
    h = 0
    for ch in name:
        h = (31 * h + ord(ch)) & 0xFFFFFFFF
    return (h ^ (h >> 16)) & (buckets - 1)


def test_list_is_in_aws_order(apigateway, api_id):
    listed = [i["responseType"] for i in apigateway.get_gateway_responses(restApiId=api_id)["items"]]
    assert listed == AWS_ORDER
    buckets = [_java_bucket(t) for t in AWS_ORDER]
    assert buckets == sorted(buckets)  # the documented order is hash-bucket order


def test_the_list_is_never_paged(apigateway, api_id):
    # API reference (seed 003, GetGatewayResponses): "The GatewayResponses collection does not support
    # pagination and the limit does not apply here" (the position neither).
    for extra in ({"limit": 20}, {"limit": 1, "position": "anything"}, {}):
        listed = apigateway.get_gateway_responses(restApiId=api_id, **extra)
        assert [i["responseType"] for i in listed["items"]] == AWS_ORDER and "position" not in listed
    paginated = apigateway.get_paginator("get_gateway_responses").paginate(
        restApiId=api_id, PaginationConfig={"PageSize": 5})
    assert [i["responseType"] for page in paginated for i in page["items"]] == AWS_ORDER


def test_put_on_missing_api(apigateway):
    error = error_of(apigateway.put_gateway_response, restApiId="nope", responseType="THROTTLED")
    assert_error(error, "NotFoundException", "Invalid API identifier specified 111111111111:nope", 404)


def test_deleting_the_api_forgets_its_responses(apigateway, api_id):
    apigateway.put_gateway_response(restApiId=api_id, responseType="THROTTLED", statusCode="400")
    apigateway.delete_rest_api(restApiId=api_id)
    again = apigateway.create_rest_api(name="again")["id"]
    assert apigateway.get_gateway_response(restApiId=again, responseType="THROTTLED")["statusCode"] == "429"
    assert DEFAULT_TEMPLATE == apigateway.get_gateway_response(restApiId=again,
                                                               responseType="THROTTLED")["responseTemplates"]
