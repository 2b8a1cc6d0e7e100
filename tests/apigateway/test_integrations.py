"""Integrations and integration responses - against aws-recorded."""

from __future__ import annotations

import json

import pytest
from helpers import assert_error, assert_matches, error_of, parsed_like, recorded

LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:MyLambda/invocations")
ROLE = "arn:aws:iam::123456789012:role/service-role/testfunction-role-oe783psq"


def _rec(test: str, step: str, file: str = "api"):
    step_value = recorded(file, test, step)
    return json.loads(json.dumps(step_value).replace("<partition>", "aws").replace("<region>", "us-east-1")
                      .replace("111111111111", "123456789012"))


@pytest.fixture
def api(apigateway):
    created = apigateway.create_rest_api(name="integrations-api")
    return created["id"], created["rootResourceId"]


@pytest.fixture
def get_method(apigateway, api):
    api_id, root_id = api
    apigateway.put_method(restApiId=api_id, resourceId=root_id, httpMethod="GET", authorizationType="NONE")
    return {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET"}


def _integration(client, ids):
    return client.get_integration(**ids)


def test_put_integration_validation_matches_aws(apigateway, api, get_method):
    _, root_id = api
    test, file = "test_put_integration_validation", "integrations"
    bindings = {"<cache-namespace:1>": root_id}
    apigateway.put_method_response(**get_method, statusCode="200")
    for kind in ("HTTP", "HTTP_PROXY", "AWS"):
        resp = error_of(apigateway.put_integration, **get_method, type=kind, uri="http://example.com")
        assert_matches(resp, _rec(test, f"required-integration-method-{kind}", file))
    mock = apigateway.put_integration(**get_method, type="MOCK", uri="http://example.com")
    assert_matches(mock, _rec(test, "not-required-integration-method-MOCK", file), bindings=bindings)
    for kind in ("HTTP", "HTTP_PROXY"):
        out = apigateway.put_integration(**get_method, type=kind, uri="http://example.com",
                                         integrationHttpMethod="POST")
        assert_matches(out, _rec(test, f"http-method-{kind}", file), bindings=bindings)
    out = apigateway.put_integration(**get_method, type="AWS", credentials=ROLE,
                                     uri="arn:aws:apigateway:us-east-1:s3:path/b/k", integrationHttpMethod="POST")
    assert_matches(out, _rec(test, "aws-integration-AWS", file), bindings=bindings)
    for kind in ("AWS", "AWS_PROXY"):
        out = apigateway.put_integration(**get_method, type=kind, uri=LAMBDA_URI, integrationHttpMethod="POST")
        assert_matches(out, _rec(test, f"aws-integration-type-{kind}", file), bindings=bindings)
    resp = error_of(apigateway.put_integration, **get_method, type="AWS_PROXY", credentials=ROLE,
                    uri="arn:aws:apigateway:us-east-1:s3:path/b/k", integrationHttpMethod="POST")
    assert_matches(resp, _rec(test, "no-s3-support-AWS_PROXY", file))
    for kind in ("HTTP", "HTTP_PROXY"):
        resp = error_of(apigateway.put_integration, **get_method, type=kind, uri="non-valid-http",
                        integrationHttpMethod="POST")
        assert_matches(resp, _rec(test, f"invalid-uri-{kind}", file))
    resp = error_of(apigateway.put_integration, **get_method, type="AWS", uri="non-valid-arn",
                    integrationHttpMethod="POST")
    assert_matches(resp, _rec(test, "invalid-uri-not-an-arn", file))
    resp = error_of(apigateway.put_integration, **get_method, type="AWS",
                    uri="arn:aws:iam::0000000000:role/service-role/asdf", integrationHttpMethod="POST")
    assert_matches(resp, _rec(test, "invalid-uri-invalid-arn", file))
    # the failures left the last good integration in place
    assert_matches(_integration(apigateway, get_method), {**_rec(test, "aws-integration-type-AWS_PROXY", file),
                                                          "ResponseMetadata": {"HTTPStatusCode": 200}},
                   bindings=bindings)


def test_put_integration_responses_matches_aws(apigateway, api, get_method):
    _, root_id = api
    test, file = "test_put_integration_responses", "integrations"
    uri = "http://echo.example.com/post"
    bindings = {"<cache-namespace:1>": root_id, "<uri:1>": uri}
    assert_matches(apigateway.put_method_response(**get_method, statusCode="200"),
                   _rec(test, "put-method-response-get", file))
    out = apigateway.put_integration(**get_method, type="HTTP", uri=uri, integrationHttpMethod="POST")
    assert_matches(out, _rec(test, "put-integration-get", file), bindings=bindings)
    out = apigateway.put_integration_response(**get_method, statusCode="200", selectionPattern="2\\d{2}",
                                              responseTemplates={})
    assert_matches(out, _rec(test, "put-integration-response-get", file))
    assert_matches(apigateway.get_integration_response(**get_method, statusCode="200"),
                   _rec(test, "get-integration-response-get", file))
    assert_matches(apigateway.get_method(**get_method), _rec(test, "get-method-get", file), bindings=bindings)
    assert_matches(apigateway.delete_integration_response(**get_method, statusCode="200"),
                   _rec(test, "delete-integration-response-get", file))
    assert_matches(apigateway.get_method(**get_method), _rec(test, "get-method-get-after-int-resp-delete", file),
                   bindings=bindings)
    put_ids = {**get_method, "httpMethod": "PUT"}
    assert_matches(apigateway.put_method(**put_ids, authorizationType="none"), _rec(test, "put-method-put", file))
    apigateway.put_method_response(**put_ids, statusCode="200")
    out = apigateway.put_integration(**put_ids, type="HTTP", uri=uri, integrationHttpMethod="POST")
    assert_matches(out, _rec(test, "put-integration-put", file), bindings=bindings)
    out = apigateway.put_integration_response(**put_ids, statusCode="200", selectionPattern="2\\d{2}",
                                              contentHandling="CONVERT_TO_BINARY")
    assert_matches(out, _rec(test, "put-integration-response-put", file))
    assert_matches(apigateway.get_integration_response(**put_ids, statusCode="200"),
                   _rec(test, "get-integration-response-put", file))


def test_integration_response_with_template(apigateway, get_method):
    apigateway.put_integration(**get_method, type="HTTP", uri="http://example.com", integrationHttpMethod="POST")
    apigateway.put_integration_response(**get_method, statusCode="200", selectionPattern="foobar",
                                        responseTemplates={"application/json": json.dumps({"data": "test"})})
    out = apigateway.get_integration_response(**get_method, statusCode="200")
    expected = _rec("test_put_integration_response_with_response_template", "get-integration-response",
                    "integrations")
    assert_matches(parsed_like(out, expected), expected)


def test_lifecycle_integration_response_matches_aws(apigateway, api, get_method):
    _, root_id = api
    test = "test_lifecycle_integration_response"
    apigateway.put_integration(**get_method, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    ids = {**get_method, "statusCode": "200"}
    out = apigateway.put_integration_response(**ids, selectionPattern="",
                                              responseTemplates={"application/json": '"created"'})
    assert_matches(out, _rec(test, "put-integration-response"))
    assert_matches(apigateway.get_integration_response(**ids), _rec(test, "get-integration-response"))
    out = apigateway.update_integration_response(
        **ids, patchOperations=[{"op": "replace", "path": "/selectionPattern", "value": "updated-pattern"}])
    assert_matches(out, _rec(test, "update-integration-response"))
    out = apigateway.put_integration_response(**ids, selectionPattern="overwrite-pattern",
                                              responseTemplates={"application/json": "overwrite"})
    assert_matches(out, _rec(test, "overwrite-integration-response"))
    method = apigateway.get_method(**get_method)
    expected = _rec(test, "get-method")
    assert_matches(parsed_like(method, expected), expected, bindings={"<cache-namespace:1>": root_id})
    assert_matches(apigateway.delete_integration_response(**ids), _rec(test, "delete-integration-response"))
    assert "integrationResponses" not in _integration(apigateway, get_method)


def test_integration_lookups_match_aws(apigateway, api, get_method):
    api_id, root_id = api
    put_response = {"statusCode": "200", "selectionPattern": "",
                    "responseTemplates": {"application/json": "{}"}}
    resp = error_of(apigateway.put_integration_response, restApiId="fake", resourceId=root_id, httpMethod="GET",
                    **put_response)
    assert_matches(resp, _rec("test_integration_response_wrong_api", "put-integration-response-wrong-api"))
    resp = error_of(apigateway.get_integration_response, restApiId="fake", resourceId=root_id, httpMethod="GET",
                    statusCode="200")
    assert_matches(resp, _rec("test_integration_response_wrong_api", "get-integration-response-wrong-api"))
    resp = error_of(apigateway.put_integration_response, restApiId=api_id, resourceId="bad", httpMethod="GET",
                    **put_response)
    assert_matches(resp, _rec("test_integration_response_wrong_resource", "put-integration-response-wrong-resource"))
    resp = error_of(apigateway.get_integration_response, restApiId=api_id, resourceId="bad", httpMethod="GET",
                    statusCode="200")
    assert_matches(resp, _rec("test_integration_response_wrong_resource", "get-integration-response-wrong-resource"))
    resp = error_of(apigateway.put_integration_response, restApiId=api_id, resourceId=root_id, httpMethod="POST",
                    **put_response)
    assert_matches(resp, _rec("test_integration_response_wrong_method", "put-integration-response-wrong-method"))
    resp = error_of(apigateway.get_integration_response, restApiId=api_id, resourceId=root_id, httpMethod="POST",
                    statusCode="200")
    assert_matches(resp, _rec("test_integration_response_wrong_method", "get-integration-response-wrong-method"))
    resp = error_of(apigateway.get_integration_response, **get_method, statusCode="200")
    assert_matches(resp, _rec("test_integration_response_invalid_integration",
                              "get-integration-response-without-integration"))
    # PutIntegrationResponse words it differently (as Terraform users report it)
    assert_error(error_of(apigateway.put_integration_response, **get_method, statusCode="200"),
                 "NotFoundException", "No integration defined for method", 404)
    apigateway.put_integration(**get_method, type="MOCK")
    resp = error_of(apigateway.get_integration_response, **get_method, statusCode="201")
    assert_matches(resp, _rec("test_integration_response_wrong_status_code",
                              "get-integration-response-wrong-status-code"))
    for step, status in (("put-integration-response-invalid-statusCode", "put_integration_response"),
                         ("get-integration-response-invalid-statusCode", "get_integration_response")):
        resp = error_of(getattr(apigateway, status), **get_method, statusCode="wrong")
        assert_matches(resp, _rec("test_integration_response_invalid_statuscode", step))


def test_put_integration_lookups_match_aws(apigateway, api):
    api_id, root_id = api
    test = "test_put_integration_response_validation"
    apigateway.put_method(restApiId=api_id, resourceId=root_id, httpMethod="POST", authorizationType="NONE")
    kwargs = {"integrationHttpMethod": "GET", "type": "MOCK",
              "requestTemplates": {"application/json": '{"statusCode": 200}'}}
    resp = error_of(apigateway.put_integration, restApiId=api_id, resourceId=root_id, httpMethod="GET", **kwargs)
    assert_matches(resp, _rec(test, "put-integration-wrong-method"))
    resp = error_of(apigateway.put_integration, restApiId=api_id, resourceId="badresource", httpMethod="GET",
                    **kwargs)
    assert_matches(resp, _rec(test, "put-integration-wrong-resource"))
    apigateway.put_integration(restApiId=api_id, resourceId=root_id, httpMethod="POST", **kwargs)
    response = {"statusCode": "200", "selectionPattern": "", "responseTemplates": {"application/json": "{}"}}
    resp = error_of(apigateway.put_integration_response, restApiId=api_id, resourceId=root_id, httpMethod="GET",
                    **response)
    assert_matches(resp, _rec(test, "put-integration-response-wrong-method"))
    resp = error_of(apigateway.put_integration_response, restApiId=api_id, resourceId="badresource",
                    httpMethod="GET", **response)
    assert_matches(resp, _rec(test, "put-integration-response-wrong-resource"))


def test_get_integration_non_existent_matches_aws(apigateway, api):
    api_id, root_id = api
    test = "test_get_integration_non_existent"
    assert_matches(error_of(apigateway.get_integration, restApiId="fake", resourceId=root_id, httpMethod="GET"),
                   _rec(test, "get-integration-no-api"))
    assert_matches(error_of(apigateway.get_integration, restApiId=api_id, resourceId="fake", httpMethod="GET"),
                   _rec(test, "get-integration-no-resource"))
    assert_matches(error_of(apigateway.get_integration, restApiId=api_id, resourceId=root_id, httpMethod="GET"),
                   _rec(test, "get-integration-no-method"))
    apigateway.put_method(restApiId=api_id, resourceId=root_id, httpMethod="GET", authorizationType="NONE")
    assert_matches(error_of(apigateway.get_integration, restApiId=api_id, resourceId=root_id, httpMethod="GET"),
                   _rec(test, "get-integration-no-integration"))


def test_delete_integration_response_errors_match_aws(apigateway, api, get_method):
    api_id, root_id = api
    test = "test_delete_integration_response_errors"
    apigateway.put_integration(**get_method, type="MOCK")
    out = apigateway.put_integration_response(**get_method, statusCode="200", selectionPattern="",
                                              responseTemplates={"application/json": '"created"'})
    assert_matches(out, _rec(test, "put-integration-response"))

    def delete(**overrides):
        return error_of(apigateway.delete_integration_response, **{**get_method, "statusCode": "200", **overrides})

    assert_matches(delete(resourceId="fake"), _rec(test, "non-existent-resource"))
    assert_matches(delete(restApiId="fake"), _rec(test, "non-existent-api-id"))
    assert_matches(delete(httpMethod="POST"), _rec(test, "non-existent-method"))
    assert_matches(delete(statusCode="201"), _rec(test, "non-existent-status-code"))
    assert_matches(delete(httpMethod="WRONG"), _rec(test, "bad-method"))
    assert apigateway.get_integration_response(**get_method, statusCode="200")["selectionPattern"] == ""


def test_create_integration_with_vpc_link_matches_aws(apigateway, api):
    api_id, root_id = api
    test = "test_create_integration_with_vpc_link"
    ids = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET"}
    apigateway.put_method(**ids, authorizationType="NONE")
    uri = "http://my-vpclink-test-nlb-1234567890abcdef.us-east-1.amazonaws.com"
    bindings = {"<cache-namespace:1>": root_id}
    out = apigateway.put_integration(**ids, type="HTTP_PROXY", integrationHttpMethod="GET", uri=uri,
                                     connectionType="VPC_LINK", connectionId="${stageVariables.vpcLinkId}")
    assert_matches(out, _rec(test, "put-integration-vpc-link"), bindings=bindings)
    assert_matches(apigateway.get_integration(**ids), _rec(test, "get-integration-vpc-link"), bindings=bindings)
    out = apigateway.update_integration(**ids, patchOperations=[
        {"op": "replace", "path": "/connectionId", "value": "${stageVariables.vpcLinkIdBeta}"}])
    assert_matches(out, _rec(test, "update-integration-vpc-link"), bindings=bindings)
    assert_matches(apigateway.get_integration(**ids), _rec(test, "get-integration-update-vpc-link"),
                   bindings=bindings)
    resp = error_of(apigateway.put_integration, **ids, type="HTTP_PROXY", integrationHttpMethod="GET", uri=uri,
                    connectionType="VPC_LINK")
    assert_error(resp, "BadRequestException", status=400)


def test_put_integration_response_templates_match_aws(apigateway, get_method):
    test = "test_put_integration_response_templates"
    apigateway.put_integration(**get_method, type="MOCK")
    ids = {**get_method, "statusCode": "200", "selectionPattern": ""}
    out = apigateway.put_integration_response(**ids, responseTemplates={"application/json": ""})
    assert_matches(out, _rec(test, "put-integration-response-template-empty"))
    assert apigateway.get_integration_response(**get_method, statusCode="200")["responseTemplates"] == {
        "application/json": None}
    out = apigateway.put_integration_response(**ids)
    assert_matches(out, _rec(test, "put-integration-no-response-template"))


def test_response_template_keys_must_be_content_types(apigateway, get_method):
    apigateway.put_integration(**get_method, type="MOCK")
    resp = error_of(apigateway.put_integration_response, **get_method, statusCode="200",
                    responseTemplates={"123": "{}"})
    assert_matches(resp, _rec("test_integration_response_invalid_responsetemplates",
                              "put-integration-response-invalid-responseTemplates-2"))
    assert "integrationResponses" not in _integration(apigateway, get_method)


def test_put_integration_request_parameters(apigateway, api):
    api_id, root_id = api
    test = "test_put_integration_request_parameter_bool_type"
    pet = apigateway.create_resource(restApiId=api_id, parentId=root_id, pathPart="{testPath}")["id"]
    ids = {"restApiId": api_id, "resourceId": pet, "httpMethod": "GET"}
    out = apigateway.put_method(**ids, authorizationType="NONE",
                                requestParameters={"method.request.path.testPath": True})
    assert_matches(out, _rec(test, "bool-method"))
    base = {"type": "HTTP", "integrationHttpMethod": "GET", "uri": "http://example.com/{id}"}
    resp = error_of(apigateway.put_integration, **ids, **base,
                    requestParameters={"integration.request.path.id": "true"})
    assert_matches(resp, _rec(test, "put-method-request-param-wrong-type"))
    resp = error_of(apigateway.put_integration, **ids, **base,
                    requestParameters={"integration.request.path.id": "method.request.path.other"})
    assert_error(resp, "BadRequestException", "Invalid mapping expression specified: Validation Result: warnings : "
                 "[], errors : [Invalid mapping expression parameter specified: method.request.path.other]", 400)
    resp = error_of(apigateway.put_integration, **ids, **base,
                    requestParameters={"integration.request.body.id": "'x'"})
    assert_error(resp, "BadRequestException", status=400)
    assert_error(error_of(apigateway.get_integration, **ids), "NotFoundException")
    ok = {"integration.request.path.id": "method.request.path.testPath",
          "integration.request.header.x-static": "'static'",
          "integration.request.querystring.stage": "stageVariables.name",
          "integration.request.header.x-id": "context.requestId"}
    out = apigateway.put_integration(**ids, **base, requestParameters=ok)
    assert out["requestParameters"] == ok


def test_integration_defaults_and_options(apigateway, get_method, api):
    _, root_id = api
    apigateway.update_method(**get_method, patchOperations=[  # a cache key must be declared
        {"op": "add", "path": "/requestParameters/method.request.path.id", "value": "true"}])
    out = apigateway.put_integration(**get_method, type="AWS", integrationHttpMethod="POST", uri=LAMBDA_URI,
                                     passthroughBehavior="NEVER", timeoutInMillis=1000, cacheNamespace="ns",
                                     cacheKeyParameters=["method.request.path.id"], contentHandling="CONVERT_TO_TEXT",
                                     tlsConfig={"insecureSkipVerification": True})
    assert out["passthroughBehavior"] == "NEVER"
    assert out["timeoutInMillis"] == 1000
    assert out["cacheNamespace"] == "ns"
    assert out["cacheKeyParameters"] == ["method.request.path.id"]
    assert out["contentHandling"] == "CONVERT_TO_TEXT"
    assert out["tlsConfig"] == {"insecureSkipVerification": True}
    assert "connectionType" not in out
    for kwargs in ({"timeoutInMillis": 10}, {"timeoutInMillis": 30000}, {"passthroughBehavior": "SOMETIMES"}):
        resp = error_of(apigateway.put_integration, **get_method, type="MOCK", **kwargs)
        assert_error(resp, "BadRequestException", status=400)
    assert _integration(apigateway, get_method)["timeoutInMillis"] == 1000


def test_put_integration_replaces_the_previous_one(apigateway, get_method):
    apigateway.put_integration(**get_method, type="MOCK")
    apigateway.put_integration_response(**get_method, statusCode="200")
    apigateway.put_integration(**get_method, type="HTTP", integrationHttpMethod="GET", uri="https://example.com")
    integration = _integration(apigateway, get_method)
    assert integration["type"] == "HTTP"
    assert "integrationResponses" not in integration


def test_update_integration(apigateway, get_method):
    apigateway.update_method(**get_method, patchOperations=[  # a cache key must be declared
        {"op": "add", "path": "/requestParameters/method.request.querystring.q", "value": "false"}])
    apigateway.put_integration(**get_method, type="HTTP", integrationHttpMethod="GET", uri="https://example.com",
                               requestTemplates={"application/json": "{}"})

    def update(*ops):
        return apigateway.update_integration(**get_method, patchOperations=list(ops))

    out = update({"op": "replace", "path": "/uri", "value": "https://other.example.com"},
                 {"op": "replace", "path": "/httpMethod", "value": "POST"},
                 {"op": "replace", "path": "/timeoutInMillis", "value": "1234"},
                 {"op": "add", "path": "/cacheKeyParameters/method.request.querystring.q"},
                 {"op": "add", "path": "/requestTemplates/application~1xml", "value": "<a/>"},
                 {"op": "remove", "path": "/requestTemplates/application~1json"},
                 {"op": "replace", "path": "/tlsConfig/insecureSkipVerification", "value": "true"},
                 {"op": "replace", "path": "/passthroughBehavior", "value": "WHEN_NO_TEMPLATES"})
    assert out["uri"] == "https://other.example.com"
    assert out["httpMethod"] == "POST"
    assert out["timeoutInMillis"] == 1234
    assert out["cacheKeyParameters"] == ["method.request.querystring.q"]
    assert out["requestTemplates"] == {"application/xml": "<a/>"}
    assert out["tlsConfig"] == {"insecureSkipVerification": True}
    assert out["passthroughBehavior"] == "WHEN_NO_TEMPLATES"
    out = update({"op": "remove", "path": "/cacheKeyParameters/method.request.querystring.q"})
    assert out["cacheKeyParameters"] == []

    def failing(*ops):
        return error_of(apigateway.update_integration, **get_method, patchOperations=list(ops))

    assert_error(failing({"op": "replace", "path": "/type", "value": "MOCK"}), "BadRequestException",
                 "Invalid patch path /type", 400)
    assert_error(failing({"op": "add", "path": "/uri", "value": "https://x.example.com"}), "BadRequestException",
                 "Invalid patch operation specified. Must be one of: [replace]", 400)
    assert_error(failing({"op": "replace", "path": "/uri", "value": "nope"}), "BadRequestException",
                 "Invalid HTTP endpoint specified for URI", 400)
    assert_error(failing({"op": "replace", "path": "/timeoutInMillis", "value": "5"}), "BadRequestException",
                 status=400)
    assert_error(failing({"op": "remove", "path": "/requestParameters/integration.request.path.x"}),
                 "NotFoundException", "Invalid parameter name specified", 404)
    assert _integration(apigateway, get_method)["uri"] == "https://other.example.com"
    missing = {**get_method, "httpMethod": "POST"}
    assert_error(error_of(apigateway.update_integration, **missing, patchOperations=[]), "NotFoundException",
                 "Invalid Method identifier specified", 404)


def test_update_integration_of_mock_keeps_uri_and_method(apigateway, get_method):
    apigateway.put_integration(**get_method, type="MOCK")
    resp = error_of(apigateway.update_integration, **get_method,
                    patchOperations=[{"op": "replace", "path": "/uri", "value": "https://x.example.com"}])
    assert_error(resp, "BadRequestException", status=400)


def test_update_integration_response(apigateway, get_method):
    apigateway.put_integration(**get_method, type="MOCK")
    ids = {**get_method, "statusCode": "200"}
    apigateway.put_method_response(**ids, responseParameters={"method.response.header.x": False,
                                                              "method.response.header.y": False})
    apigateway.put_integration_response(**ids, responseTemplates={"application/json": "{}"})
    out = apigateway.update_integration_response(**ids, patchOperations=[
        {"op": "add", "path": "/responseParameters/method.response.header.x", "value": "'v'"},
        {"op": "replace", "path": "/contentHandling", "value": "CONVERT_TO_TEXT"},
        {"op": "replace", "path": "/responseTemplates/application~1json", "value": "{\"a\": 1}"}])
    assert out["responseParameters"] == {"method.response.header.x": "'v'"}
    assert out["contentHandling"] == "CONVERT_TO_TEXT"
    assert out["responseTemplates"] == {"application/json": "{\"a\": 1}"}
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 200
    resp = error_of(apigateway.update_integration_response, **ids, patchOperations=[
        {"op": "add", "path": "/responseParameters/method.response.header.y", "value": "bogus"}])
    assert_error(resp, "BadRequestException", status=400)
    resp = error_of(apigateway.update_integration_response, **ids, patchOperations=[
        {"op": "add", "path": "/statusCode", "value": "201"}])
    assert_error(resp, "BadRequestException", "Invalid patch path /statusCode", 400)
    resp = error_of(apigateway.update_integration_response, **{**ids, "statusCode": "500"}, patchOperations=[])
    assert_error(resp, "NotFoundException", "Invalid Response status code specified", 404)
    assert apigateway.get_integration_response(**ids)["responseParameters"] == {"method.response.header.x": "'v'"}


def test_delete_integration(apigateway, get_method):
    apigateway.put_integration(**get_method, type="MOCK")
    apigateway.put_integration_response(**get_method, statusCode="200")
    out = apigateway.delete_integration(**get_method)
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "methodIntegration" not in apigateway.get_method(**get_method)
    assert_error(error_of(apigateway.delete_integration, **get_method), "NotFoundException",
                 "Invalid Integration identifier specified", 404)
    apigateway.put_integration(**get_method, type="MOCK")
    assert "integrationResponses" not in _integration(apigateway, get_method)


# --- mapped response headers must be declared (regression: scenario tests, CDK/Terraform) ---


def test_mapped_response_header_needs_a_method_response(apigateway, get_method):
    """AWS's answers as CDK, Serverless and Terraform users report them (not recorded)."""
    apigateway.put_integration(**get_method, type="MOCK")
    ids = {**get_method, "statusCode": "200"}
    header = {"method.response.header.Access-Control-Allow-Origin": "'*'"}
    assert_error(error_of(apigateway.put_integration_response, **ids, responseParameters=header),
                 "BadRequestException", "Invalid mapping expression specified: Validation Result: warnings : [], "
                 "errors : [No method response exists for method.]", 400)
    apigateway.put_method_response(**ids)
    assert_error(error_of(apigateway.put_integration_response, **ids, responseParameters=header),
                 "BadRequestException", "Invalid mapping expression specified: Validation Result: warnings : [], "
                 "errors : [Invalid mapping expression parameter specified: "
                 "method.response.header.Access-Control-Allow-Origin]", 400)
    assert "integrationResponses" not in apigateway.get_integration(**get_method)
    # without mapped headers no method response is needed (a guess: AWS only checks the mappings)
    apigateway.put_integration_response(**{**get_method, "statusCode": "500"}, selectionPattern="5\\d{2}")
    apigateway.put_method_response(**ids, responseParameters={
        "method.response.header.Access-Control-Allow-Origin": False})
    out = apigateway.put_integration_response(**ids, responseParameters=header)
    assert out["responseParameters"] == header
    resp = error_of(apigateway.update_integration_response, **ids, patchOperations=[
        {"op": "add", "path": "/responseParameters/method.response.header.X-Other", "value": "'v'"}])
    assert_error(resp, "BadRequestException", status=400)
    assert "X-Other" in resp["Error"]["Message"]
    assert apigateway.get_integration_response(**ids)["responseParameters"] == header


@pytest.mark.parametrize("step, uri", [
    ("put-integration-lambda-uri", "arn:aws:lambda:us-east-1:123456789012:function:MyLambda"),
    ("put-integration-wrong-arn", "not-an-arn"),
    ("put-integration-wrong-type", "arn:aws:apigateway:us-east-1:lambda:functions/MyLambda"),
    ("put-integration-wrong-firehose", "arn:aws:apigateway:us-east-1:firehose:path/deliverystreams/s"),
    ("put-integration-bad-lambda-arn", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                       "arn:aws:lambda:us-east-1:123456789012:MyLambda/invocations"),
])
def test_aws_proxy_uri_must_invoke_a_function_or_firehose(apigateway, get_method, step, uri):
    # aws-recorded: test_apigateway_lambda test_put_integration_aws_proxy_uri (the URIs are ours: the
    # recording keeps only the answers)
    resp = error_of(apigateway.put_integration, **get_method, type="AWS_PROXY", uri=uri, integrationHttpMethod="POST")
    assert_matches(resp, _rec("test_put_integration_aws_proxy_uri", step, "lambda"))
    assert error_of(apigateway.get_integration, **get_method)["ResponseMetadata"]["HTTPStatusCode"] == 404


@pytest.mark.parametrize("uri", [LAMBDA_URI, LAMBDA_URI.replace(":MyLambda/", ":MyLambda:live/"),
                                 LAMBDA_URI.replace("MyLambda", "${stageVariables.fn}"),
                                 "arn:aws:apigateway:us-east-1:firehose:action/PutRecord"])
def test_aws_proxy_accepts_functions_aliases_stage_variables_and_firehose(apigateway, get_method, uri):
    out = apigateway.put_integration(**get_method, type="AWS_PROXY", uri=uri, integrationHttpMethod="POST")
    assert out["uri"] == uri


def test_mock_integration_keeps_no_http_method(apigateway, get_method):
    # aws-recorded: not-required-integration-method-MOCK has neither httpMethod nor uri
    out = apigateway.put_integration(**get_method, type="MOCK", integrationHttpMethod="POST", uri="http://x.example")
    assert "httpMethod" not in out and "uri" not in out
    assert "httpMethod" not in _integration(apigateway, get_method)
