"""Methods and method responses - against aws-recorded."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from helpers import assert_error, assert_matches, error_of, parsed_like, recorded

AUTHORIZER_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                  "arn:aws:lambda:us-east-1:123456789012:function:myApiAuthorizer/invocations")


def _rec(test: str, step: str, **names: str):
    """A recorded step; ``names`` fill placeholders that AWS's messages embed (``<name:1>``)."""
    text = json.dumps(recorded("api", test, step))
    for placeholder, value in names.items():
        text = text.replace(f"<{placeholder}:1>", value)
    return json.loads(text)


@pytest.fixture
def api(apigateway):
    created = apigateway.create_rest_api(name="methods-api")
    return created["id"], created["rootResourceId"]


def _put(client, api_id, resource_id, http_method="ANY", **kwargs):
    kwargs.setdefault("authorizationType", "NONE")
    return client.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=http_method, **kwargs)


def _get(client, api_id, resource_id, http_method="ANY"):
    return client.get_method(restApiId=api_id, resourceId=resource_id, httpMethod=http_method)


def _optional(call, **kwargs):
    """Another family's operation; skip when it is not implemented yet."""
    try:
        return call(**kwargs)
    except ClientError as e:
        if e.response["Error"]["Code"] == "NotImplemented":
            pytest.skip(f"{call.__name__} is not implemented yet")
        raise


def test_method_lifecycle_matches_aws(apigateway, api):
    api_id, root_id = api
    test = "test_method_lifecycle"
    assert_matches(_put(apigateway, api_id, root_id), _rec(test, "put-base-method-response"))
    assert_matches(_get(apigateway, api_id, root_id), _rec(test, "get-base-method-response"))
    assert_matches(apigateway.delete_method(restApiId=api_id, resourceId=root_id, httpMethod="ANY"),
                   _rec(test, "del-base-method-response"))
    assert_matches(error_of(_get, apigateway, api_id, root_id), _rec(test, "get-deleted-method-response"))
    assert_matches(error_of(apigateway.delete_method, restApiId=api_id, resourceId=root_id, httpMethod="ANY"),
                   _rec(test, "delete-deleted-method-response"))
    assert "resourceMethods" not in apigateway.get_resource(restApiId=api_id, resourceId=root_id)


def test_method_request_parameters_match_aws(apigateway, api):
    api_id, root_id = api
    test = "test_method_request_parameters"
    params = {"method.request.querystring.q_optional": False, "method.request.querystring.q_required": True,
              "method.request.header.h_optional": False, "method.request.header.h_required": True}
    assert_matches(_put(apigateway, api_id, root_id, requestParameters=params),
                   _rec(test, "put-method-request-params-response"))
    assert_matches(_get(apigateway, api_id, root_id), _rec(test, "get-method-request-params-response"))
    resp = error_of(_put, apigateway, api_id, root_id, "GET",
                    requestParameters={"method.request.querystring.optional": False,
                                       "method.request.header.optional": False})
    assert_matches(resp, _rec(test, "req-params-same-name"))
    assert_error(error_of(_get, apigateway, api_id, root_id, "GET"), "NotFoundException")


def test_invalid_request_parameter_name_is_refused(apigateway, api):
    api_id, root_id = api
    resp = error_of(_put, apigateway, api_id, root_id, requestParameters={"paths": True})
    assert_error(resp, "BadRequestException", "Invalid mapping expression specified: Validation Result: "
                 "warnings : [], errors : [Invalid mapping expression specified: paths]", 400)
    assert_error(error_of(_get, apigateway, api_id, root_id), "NotFoundException")


def test_put_method_validation_matches_aws(apigateway, api):
    api_id, root_id = api
    test = "test_put_method_validation"
    assert_matches(error_of(_put, apigateway, "fake-api", root_id, "WRONG"), _rec(test, "wrong-api"))
    assert_matches(error_of(_put, apigateway, api_id, "fake-resource-id", "WRONG"), _rec(test, "wrong-resource"))
    assert_matches(error_of(_put, apigateway, api_id, root_id, "WRONG"), _rec(test, "wrong-method"))
    assert_matches(error_of(_put, apigateway, api_id, root_id, authorizationType="CUSTOM"),
                   _rec(test, "missing-authorizer-id"))
    assert_matches(error_of(_put, apigateway, api_id, root_id, requestValidatorId="fake-validator"),
                   _rec(test, "invalid-request-validator"))
    assert_matches(error_of(_put, apigateway, api_id, root_id, requestModels={"application/json": "petModel"}),
                   _rec(test, "invalid-model-name"))
    assert "resourceMethods" not in apigateway.get_resource(restApiId=api_id, resourceId=root_id)


def test_cognito_needs_an_authorizer_and_unknown_authorization_type_is_refused(apigateway, api):
    api_id, root_id = api
    resp = error_of(_put, apigateway, api_id, root_id, authorizationType="COGNITO_USER_POOLS", authorizerId="x")
    assert_error(resp, "BadRequestException", status=400)
    assert resp["Error"]["Message"].startswith("Invalid authorizer ID specified.")
    resp = error_of(_put, apigateway, api_id, root_id, authorizationType="SOMETHING")
    assert_error(resp, "BadRequestException", status=400)
    assert "resourceMethods" not in apigateway.get_resource(restApiId=api_id, resourceId=root_id)


def test_authorization_type_is_upper_cased_and_builtin_models_exist(apigateway, api):
    api_id, root_id = api
    method = _put(apigateway, api_id, root_id, "GET", authorizationType="none",
                  requestModels={"application/json": "Empty", "application/xml": "Error"},
                  authorizerId="ignored", operationName="ListPets")
    assert method["authorizationType"] == "NONE"
    assert "authorizerId" not in method
    assert method["requestModels"] == {"application/json": "Empty", "application/xml": "Error"}
    assert method["operationName"] == "ListPets"


def test_put_method_twice_is_a_conflict(apigateway, api):
    api_id, root_id = api
    _put(apigateway, api_id, root_id, "GET", apiKeyRequired=True)
    resp = error_of(_put, apigateway, api_id, root_id, "GET")
    assert_error(resp, "ConflictException", "Method already exists for this resource", 409)
    assert _get(apigateway, api_id, root_id, "GET")["apiKeyRequired"] is True


def test_put_method_model_matches_aws(apigateway, api):
    api_id, root_id = api
    test = "test_put_method_model"
    for name in ("MySchema", "MySchemaTwo"):
        _optional(apigateway.create_model, restApiId=api_id, name=name, contentType="application/json",
                  description="", schema=json.dumps({"title": name, "type": "object"}))
    bindings = {"<name:1>": "MySchema"}
    name = {"name": "MySchema"}
    method = _put(apigateway, api_id, root_id, requestModels={"application/json": "MySchema"})
    assert_matches(method, _rec(test, "put-method-request-models"), bindings=bindings)
    assert_matches(error_of(apigateway.delete_model, restApiId=api_id, modelName="MySchema"),
                   _rec(test, "delete-model-used", **name))
    updated = apigateway.update_method(restApiId=api_id, resourceId=root_id, httpMethod="ANY", patchOperations=[
        {"op": "replace", "path": "/requestModels/application~1json", "value": "MySchemaTwo"}])
    assert_matches(updated, _rec(test, "update-method-model", **name))
    assert_matches(apigateway.delete_model(restApiId=api_id, modelName="MySchema"),
                   _rec(test, "delete-model-unused"))
    assert_matches(error_of(apigateway.delete_model, restApiId=api_id, modelName="MySchemaTwo"),
                   _rec(test, "delete-model-used-2", **name))
    test_id = apigateway.create_resource(restApiId=api_id, parentId=root_id, pathPart="test")["id"]
    method = _put(apigateway, api_id, test_id, requestModels={"application/json": "MySchemaTwo"})
    assert_matches(method, _rec(test, "put-method-2-request-models", **name))
    updated = apigateway.update_method(restApiId=api_id, resourceId=test_id, httpMethod="ANY", patchOperations=[
        {"op": "remove", "path": "/requestModels/application~1json", "value": "MySchemaTwo"}])
    assert_matches(updated, _rec(test, "update-method-model-2"))
    assert_matches(error_of(apigateway.delete_model, restApiId=api_id, modelName="MySchemaTwo"),
                   _rec(test, "delete-model-used-by-method-1", **name))
    assert_matches(apigateway.delete_method(restApiId=api_id, resourceId=root_id, httpMethod="ANY"),
                   _rec(test, "delete-method-using-model-2"))
    assert_matches(apigateway.delete_model(restApiId=api_id, modelName="MySchemaTwo"),
                   _rec(test, "delete-model-unused-2"))


def test_update_method_matches_aws(apigateway, api):
    api_id, root_id = api
    test = "test_update_method"
    assert_matches(_put(apigateway, api_id, root_id), _rec(test, "put-method-response"))

    def update(*ops):
        return apigateway.update_method(restApiId=api_id, resourceId=root_id, httpMethod="ANY",
                                        patchOperations=list(ops))

    assert_matches(update({"op": "add", "path": "/requestParameters/method.request.querystring.optional",
                           "value": "true"},
                          {"op": "add", "path": "/requestModels/application~1json", "value": "Empty"}),
                   _rec(test, "update-method-add"))
    assert_matches(update({"op": "replace", "path": "/operationName", "value": "ReplacedOperationName"},
                          {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
                          {"op": "replace", "path": "/authorizationType", "value": "AWS_IAM"},
                          {"op": "replace", "path": "/requestParameters/method.request.querystring.optional",
                           "value": "false"}),
                   _rec(test, "update-method-replace"))
    authorizer = _optional(apigateway.create_authorizer, restApiId=api_id, name="authorizer-test", type="TOKEN",
                           authorizerUri=AUTHORIZER_URI, identitySource="method.request.header.Authorization")
    bindings = {"<authorizer-id:1>": authorizer["id"]}
    assert_matches(update({"op": "replace", "path": "/authorizerId", "value": authorizer["id"]},
                          {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"}),
                   _rec(test, "update-method-replace-authorizer"), bindings=bindings)
    assert_matches(update({"op": "remove", "path": "/requestParameters/method.request.querystring.optional",
                           "value": "true"},
                          {"op": "remove", "path": "/requestModels/application~1json", "value": "Empty"}),
                   _rec(test, "update-method-remove"), bindings=bindings)


def test_update_method_without_authorizer_family(apigateway, api):
    api_id, root_id = api
    _put(apigateway, api_id, root_id)
    out = apigateway.update_method(
        restApiId=api_id, resourceId=root_id, httpMethod="ANY",
        patchOperations=[{"op": "add", "path": "/requestParameters/method.request.path.id", "value": "true"},
                         {"op": "replace", "path": "/authorizationType", "value": "aws_iam"}])
    assert out["requestParameters"] == {"method.request.path.id": True}
    assert out["authorizationType"] == "AWS_IAM"
    stored = _get(apigateway, api_id, root_id)
    assert {k: v for k, v in stored.items() if k != "ResponseMetadata"} == {
        k: v for k, v in out.items() if k != "ResponseMetadata"}


SCOPES_NEED_COGNITO = ("Invalid Method authorization type specified. Authorization Scopes are only valid for "
                       "COGNITO_USER_POOLS authorization type")  # AWS's answer, quoted in aws/aws-cdk#30035


def test_authorization_scopes_belong_to_cognito_methods(apigateway, api):
    api_id, root_id = api
    for kind in ("NONE", "AWS_IAM"):
        resp = error_of(_put, apigateway, api_id, root_id, http_method="GET", authorizationType=kind,
                        authorizationScopes=["read"])
        assert (resp["Error"]["Code"], resp["Error"]["Message"]) == ("BadRequestException", SCOPES_NEED_COGNITO)
    assert "GET" not in (apigateway.get_resource(restApiId=api_id, resourceId=root_id).get("resourceMethods") or {})
    _put(apigateway, api_id, root_id)
    resp = error_of(apigateway.update_method, restApiId=api_id, resourceId=root_id, httpMethod="ANY",
                    patchOperations=[{"op": "add", "path": "/authorizationScopes", "value": "read"}])
    assert resp["Error"]["Message"] == SCOPES_NEED_COGNITO
    assert "authorizationScopes" not in _get(apigateway, api_id, root_id)


def test_leaving_cognito_drops_the_scopes(apigateway, api):
    api_id, root_id = api
    pool = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"
    authorizer = apigateway.create_authorizer(restApiId=api_id, name="pool", type="COGNITO_USER_POOLS",
                                              providerARNs=[pool], identitySource="method.request.header.Authorization")
    method = _put(apigateway, api_id, root_id, authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer["id"],
                  authorizationScopes=["read"])
    assert method["authorizationScopes"] == ["read"]
    out = apigateway.update_method(restApiId=api_id, resourceId=root_id, httpMethod="ANY", patchOperations=[
        {"op": "replace", "path": "/authorizationType", "value": "NONE"}])
    assert "authorizationScopes" not in out and "authorizerId" not in out


def test_update_method_validation_matches_aws(apigateway, api):
    api_id, root_id = api
    test = "test_update_method_validation"

    def update(http_method="ANY", resource_id=root_id, api_id=api_id, *ops):
        return error_of(apigateway.update_method, restApiId=api_id, resourceId=resource_id,
                        httpMethod=http_method, patchOperations=list(ops))

    assert_matches(update("ANY", root_id, "fake-api"), _rec(test, "wrong-rest-api"))
    assert_matches(update("ANY", "fake-resource-id"), _rec(test, "wrong-resource-id"))
    assert_matches(update("GET", root_id, api_id, {"op": "replace", "path": "/operationName", "value": "x"}),
                   _rec(test, "method-does-not-exist"))
    assert_matches(_put(apigateway, api_id, root_id, apiKeyRequired=True), _rec(test, "put-method-response"))

    def op(o, path, value=None):
        return update("ANY", root_id, api_id, {"op": o, "path": path, "value": value})

    assert_matches(op("add", "/operationName", "operationName"), _rec(test, "unsupported-operation"))
    assert_matches(op("add", "/requestValidatorId", "wrong-id"), _rec(test, "unsupported-operation-2"))
    assert_matches(op("add", "/httpMethod", "PUT"), _rec(test, "unsupported-path"))
    assert_matches(op("replace", "/requestParameters", "method.request.querystring.optional=false"),
                   _rec(test, "wrong-path-request-parameters"))
    assert_matches(op("add", "/requestModels/application/json", "Empty"), _rec(test, "wrong-path-request-models"))
    wrong_value = apigateway.update_method(restApiId=api_id, resourceId=root_id, httpMethod="ANY",
                                           patchOperations=[{"op": "replace", "path": "/apiKeyRequired",
                                                             "value": "whatever"}])
    assert_matches(wrong_value, _rec(test, "wrong-value-type"))
    assert_matches(op("replace", "/authorizationType", "CUSTOM"), _rec(test, "wrong-auth-type"))
    skipped = apigateway.update_method(restApiId=api_id, resourceId=root_id, httpMethod="ANY",
                                       patchOperations=[{"op": "replace", "path": "/authorizerId", "value": "abc123"}])
    assert_matches(skipped, _rec(test, "skip-auth-id-with-wrong-type"))
    assert_matches(update("ANY", root_id, api_id, {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
                          {"op": "replace", "path": "/authorizerId", "value": "abc123"}),
                   _rec(test, "wrong-auth-id"))
    assert_matches(op("replace", "/requestValidatorId", "fake-id"), _rec(test, "wrong-req-validator-id"))
    assert_matches(op("add", "/requestModels/application~1json", "petModel"),
                   _rec("test_put_method_validation", "invalid-model-name"))
    assert_matches(_get(apigateway, api_id, root_id), _rec(test, "wrong-value-type"))


def test_update_method_missing_entries(apigateway, api):
    api_id, root_id = api
    _put(apigateway, api_id, root_id)
    for path, message in [("/requestParameters/method.request.path.x", "Invalid parameter name specified"),
                          ("/requestModels/application~1json", "Content-Type specified was not found")]:
        resp = error_of(apigateway.update_method, restApiId=api_id, resourceId=root_id, httpMethod="ANY",
                        patchOperations=[{"op": "remove", "path": path}])
        assert_error(resp, "NotFoundException", message, 404)


# --- method responses -------------------------------------------------------------------


def test_lifecycle_method_response_matches_aws(apigateway, api):
    api_id, root_id = api
    test = "test_lifecycle_method_response"
    _put(apigateway, api_id, root_id, "GET")
    apigateway.put_integration(restApiId=api_id, resourceId=root_id, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    kwargs = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET", "statusCode": "200"}
    assert_matches(apigateway.put_method_response(**kwargs, responseParameters={}, responseModels={}),
                   _rec(test, "put-method-response"))
    assert_matches(apigateway.get_method_response(**kwargs), _rec(test, "get-integration-response"))
    full = apigateway.put_method_response(**kwargs, responseModels={"application/json": "Empty"},
                                          responseParameters={"method.response.header.my-header": True})
    assert_matches(full, _rec(test, "add-method-responses"))
    same = apigateway.update_method_response(
        **kwargs, patchOperations=[{"op": "replace", "path": "/responseModels/application~1json", "value": "Empty"}])
    assert_matches(same, _rec(test, "update-method-responses"))
    method = _get(apigateway, api_id, root_id, "GET")
    bindings = {"<cache-namespace:1>": root_id}
    assert_matches(parsed_like(method, _rec(test, "get-method")), _rec(test, "get-method"), bindings=bindings)
    assert_matches(apigateway.delete_method_response(**kwargs), _rec(test, "delete-method-response"))
    assert_error(error_of(apigateway.get_method_response, **kwargs), "NotFoundException",
                 "Invalid Response status code specified", 404)
    assert "methodResponses" not in _get(apigateway, api_id, root_id, "GET")


def test_update_method_response_remove_and_add(apigateway, api):
    api_id, root_id = api
    test = "test_update_method_response"
    _put(apigateway, api_id, root_id, "GET")
    kwargs = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET", "statusCode": "200"}
    apigateway.put_method_response(**kwargs, responseModels={"application/json": "Empty"},
                                   responseParameters={"method.response.header.my-header": True})
    removed = apigateway.update_method_response(**kwargs, patchOperations=[
        {"op": "remove", "path": "/responseParameters/method.response.header.my-header"},
        {"op": "remove", "path": "/responseModels/application~1json"}])
    assert_matches(removed, _rec(test, "remove-update-method-response"))
    added = apigateway.update_method_response(**kwargs, patchOperations=[
        {"op": "add", "path": "/responseParameters/method.response.header.my-header", "value": "true"},
        {"op": "add", "path": "/responseModels/application~1json", "value": "Empty"}])
    assert_matches(added, _rec(test, "add-update-method-response"))
    assert apigateway.get_method_response(**kwargs)["responseParameters"] == {"method.response.header.my-header": True}


def test_update_method_response_wrong_operations_match_aws(apigateway, api):
    api_id, root_id = api
    test = "test_update_method_response_wrong_operations"
    _put(apigateway, api_id, root_id, "GET")
    kwargs = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET", "statusCode": "200"}
    apigateway.put_method_response(**kwargs)
    wrong = {"op": "wrong_op", "path": "/responseModels/application~1json", "value": "Empty"}
    good = {"op": "add", "path": "/responseModels/application~1json", "value": "Empty"}
    cases = {"1": [wrong], "3": [wrong, wrong], "4": [wrong] * 4, "5": [wrong, good, wrong]}
    for n, ops in cases.items():
        resp = error_of(apigateway.update_method_response, **kwargs, patchOperations=ops)
        assert_matches(resp, _rec(test, f"update-method-response-wrong-operation-{n}"))
    assert "responseModels" not in apigateway.get_method_response(**kwargs)


def test_update_method_response_negative_tests_match_aws(apigateway, api):
    api_id, root_id = api
    test = "test_update_method_response_negative_tests"
    _put(apigateway, api_id, root_id, "GET")
    apigateway.put_method_response(restApiId=api_id, resourceId=root_id, httpMethod="GET", statusCode="200")
    ops = [{"op": "add", "path": "/responseModels/application~1json", "value": "Empty"}]

    def update(status="200", resource_id=root_id, http_method="GET", patch=ops):
        return error_of(apigateway.update_method_response, restApiId=api_id, resourceId=resource_id,
                        httpMethod=http_method, statusCode=status, patchOperations=patch)

    assert_matches(update("201"), _rec(test, "update-method-response-wrong-statuscode"))
    assert_matches(update("wrong"), _rec(test, "update-method-response-invalid-statuscode"))
    assert_matches(update("wrong", patch=[{"op": "wrong_op", "path": "/responseModels/application~1json"}]),
                   _rec(test, "update-method-response-invalid-statuscode-and-wrong-op"))
    assert_matches(update(resource_id="wrong-resource"), _rec(test, "update-method-response-wrong-resource"))
    assert_matches(update(http_method="POST"), _rec(test, "update-method-response-wrong-method"))


def test_update_method_response_missing_entries_and_bad_paths_match_aws(apigateway, api):
    api_id, root_id = api
    test = "test_update_method_lack_response_parameters_and_models"
    _put(apigateway, api_id, root_id, "GET")
    kwargs = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET", "statusCode": "200"}
    apigateway.put_method_response(**kwargs)

    def update(op, path, value=None):
        operation = {"op": op, "path": path} if value is None else {"op": op, "path": path, "value": value}
        return error_of(apigateway.update_method_response, **kwargs, patchOperations=[operation])

    assert_matches(update("replace", "/responseParameters/method.response.header.my-header", "true"),
                   _rec(test, "update-method-response-operation-without-response-parameters"))
    assert_matches(update("remove", "/responseModels/application~1json"),
                   _rec(test, "update-method-response-operation-without-response-models"))
    assert_matches(update("add", "/wrong/method.response.header.my-header", "true"),
                   _rec(test, "update-method-response-operation-with-wrong-path"))
    wrong = "test_update_method_wrong_param_names"
    apigateway.update_method_response(**kwargs, patchOperations=[
        {"op": "add", "path": "/responseParameters/method.response.header.my-header", "value": "true"},
        {"op": "add", "path": "/responseModels/application~1json", "value": "Empty"}])
    assert_matches(update("remove", "/responseParameters/method.response.header.wrong"),
                   _rec(wrong, "update-method-response-operation-with-wrong-param-name-1"))
    assert_matches(update("add", "/responseParameters/method.wrong.header.x", "true"),
                   _rec(wrong, "update-method-response-operation-with-wrong-param-name-2"))
    assert_matches(update("replace", "/responseModels/application~1xml", "Empty"),
                   _rec(wrong, "update-method-response-operation-with-wrong-param-name-3"))
    assert_matches(update("remove", "/responseModels/text~1html"),
                   _rec(wrong, "update-method-response-operation-with-wrong-param-name-4"))
    assert apigateway.get_method_response(**kwargs)["responseModels"] == {"application/json": "Empty"}


def test_method_response_errors(apigateway, api):
    api_id, root_id = api
    kwargs = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET", "statusCode": "200"}
    assert_error(error_of(apigateway.put_method_response, **kwargs), "NotFoundException",
                 "Invalid Method identifier specified", 404)
    _put(apigateway, api_id, root_id, "GET")
    assert_error(error_of(apigateway.delete_method_response, **kwargs), "NotFoundException",
                 "Invalid Response status code specified", 404)
    assert_error(error_of(apigateway.put_method_response, **kwargs, responseModels={"application/json": "Nope"}),
                 "BadRequestException", "Invalid model identifier specified: Nope", 400)
    resp = error_of(apigateway.put_method_response, **kwargs, responseParameters={"header.x": True})
    assert_error(resp, "BadRequestException", status=400)
    resp = error_of(apigateway.put_method_response, **{**kwargs, "statusCode": "600"})
    assert_error(resp, "ValidationException", "1 validation error detected: Value '600' at 'statusCode' failed to "
                 "satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d", 400)
    assert "methodResponses" not in _get(apigateway, api_id, root_id, "GET")


def test_delete_method_removes_responses_and_integration(apigateway, api):
    api_id, root_id = api
    _put(apigateway, api_id, root_id, "GET")
    apigateway.put_method_response(restApiId=api_id, resourceId=root_id, httpMethod="GET", statusCode="200")
    apigateway.put_integration(restApiId=api_id, resourceId=root_id, httpMethod="GET", type="MOCK")
    _put(apigateway, api_id, root_id, "POST")
    assert apigateway.delete_method(restApiId=api_id, resourceId=root_id,
                                    httpMethod="GET")["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigateway.get_resource(restApiId=api_id, resourceId=root_id)["resourceMethods"] == {"POST": {}}
    _put(apigateway, api_id, root_id, "GET")
    method = _get(apigateway, api_id, root_id, "GET")
    assert "methodResponses" not in method and "methodIntegration" not in method
