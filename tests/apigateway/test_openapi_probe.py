"""OpenAPI import/export of REST APIs against AWS's own example documents and round trips.

Evidence: the developer guide's "Parameter mapping examples for REST APIs in API Gateway"
(example 2: a multi-value mapping of a parameter the document declares as a plain query string),
the "x-amazon-apigateway-auth object" reference page (its example protects a GET with AWS_IAM),
and aws-recorded test_create_execute_api_vpc_endpoint (a policy's ``execute-api:/`` shorthand is
stored against the API's ARN). Guesses are marked in gwmock/openapi/importer.py, exporter.py and
writer.py: the exported form of multi-value parameters (an array-typed parameter) and that the
import reads it back, the single-value mapping of a multi-value parameter, the warning for another
``x-amazon-apigateway-auth`` type, and the policy expansion on import.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import assert_error, error_of

PETSTORE = "http://petstore-demo-endpoint.execute-api.com/petstore/pets"
MULTI = {"method.request.multivaluequerystring.tag": True, "method.request.multivalueheader.x-trace": False,
         "method.request.querystring.q": False}


def _body(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def _methods(client: Any, api_id: str, path: str) -> dict[str, Any]:
    resources = client.get_resources(restApiId=api_id, embed=["methods"])["items"]
    return next(r for r in resources if r["path"] == path)["resourceMethods"]


def _api_with_multivalue_parameters(client: Any) -> str:
    api_id = client.create_rest_api(name="multi")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE",
                      requestParameters=MULTI)
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                           requestParameters={"integration.request.querystring.tags":
                                              "method.request.multivaluequerystring.tag"},
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.create_deployment(restApiId=api_id, stageName="dev")
    return api_id


def _export(client: Any, api_id: str, export_type: str) -> bytes:
    answer = client.get_export(restApiId=api_id, stageName="dev", exportType=export_type,
                               parameters={"extensions": "integrations"})
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    return answer["body"].read()


# --- multi-value method request parameters --------------------------------------------------


def test_multivalue_parameters_export_as_array_parameters_in_oas30(apigateway):
    api_id = _api_with_multivalue_parameters(apigateway)

    document = json.loads(_export(apigateway, api_id, "oas30"))

    array = {"type": "array", "items": {"type": "string"}}
    assert document["paths"]["/"]["get"]["parameters"] == [
        {"name": "tag", "in": "query", "required": True, "schema": array},
        {"name": "x-trace", "in": "header", "schema": array},
        {"name": "q", "in": "query", "schema": {"type": "string"}}]


def test_multivalue_parameters_export_as_array_parameters_in_swagger(apigateway):
    api_id = _api_with_multivalue_parameters(apigateway)

    document = json.loads(_export(apigateway, api_id, "swagger"))

    assert document["paths"]["/"]["get"]["parameters"] == [
        {"name": "tag", "in": "query", "required": True, "type": "array", "items": {"type": "string"},
         "collectionFormat": "multi"},
        {"name": "x-trace", "in": "header", "required": False, "type": "array", "items": {"type": "string"}},
        {"name": "q", "in": "query", "required": False, "type": "string"}]


@pytest.mark.parametrize("export_type", ["oas30", "swagger"])
def test_multivalue_parameters_survive_export_then_import(apigateway, export_type):
    api_id = _api_with_multivalue_parameters(apigateway)

    imported = apigateway.import_rest_api(body=_export(apigateway, api_id, export_type))

    assert imported["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert "warnings" not in imported
    method = _methods(apigateway, imported["id"], "/")["GET"]
    assert method["requestParameters"] == MULTI
    assert method["methodIntegration"]["requestParameters"] == {
        "integration.request.querystring.tags": "method.request.multivaluequerystring.tag"}


@pytest.mark.parametrize("mode", ["merge", "overwrite"])
def test_put_rest_api_keeps_multivalue_parameters(apigateway, mode):
    api_id = _api_with_multivalue_parameters(apigateway)
    target = apigateway.create_rest_api(name="target")["id"]

    answer = apigateway.put_rest_api(restApiId=target, mode=mode, body=_export(apigateway, api_id, "oas30"))

    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _methods(apigateway, target, "/")["GET"]["requestParameters"] == MULTI


def test_array_typed_parameters_of_a_hand_written_document_are_multivalue(apigateway):
    document = {"openapi": "3.0.1", "info": {"title": "arrays", "version": "1"},
                "components": {"schemas": {"Tags": {"type": "array", "items": {"type": "string"}}}},
                "paths": {"/a": {"get": {"parameters": [
                    {"name": "tag", "in": "query", "schema": {"$ref": "#/components/schemas/Tags"}},
                    {"name": "ids", "in": "header", "required": True, "schema": {"type": "array"}},
                    {"name": "n", "in": "query", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "ok"}}}}}}

    api_id = apigateway.import_rest_api(body=_body(document))["id"]

    assert apigateway.get_method(restApiId=api_id, resourceId=_resource_id(apigateway, api_id, "/a"),
                                 httpMethod="GET")["requestParameters"] == {
        "method.request.multivaluequerystring.tag": False, "method.request.multivalueheader.ids": True,
        "method.request.querystring.n": False}


def _resource_id(client: Any, api_id: str, path: str) -> str:
    return next(r["id"] for r in client.get_resources(restApiId=api_id)["items"] if r["path"] == path)


def _mapping_example(source: str) -> dict[str, Any]:
    """Example 2 of "Parameter mapping examples for REST APIs in API Gateway", as AWS printed it."""
    return {"openapi": "3.0.1", "info": {"title": "Parameter mapping example 2", "version": "2025-01-15T19:12:31Z"},
            "paths": {"/": {"post": {
                "parameters": [{"name": "methodRequestQueryParam", "in": "query", "schema": {"type": "string"}},
                               {"name": "methodRequestHeaderParam", "in": "header", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "200 response"}},
                "x-amazon-apigateway-integration": {
                    "httpMethod": "GET", "uri": PETSTORE, "responses": {"default": {"statusCode": "200"}},
                    "requestParameters": {
                        "integration.request.querystring.integrationQueryParam": source,
                        "integration.request.path.integrationPathParam":
                            "method.request.header.methodRequestHeaderParam"},
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "passthroughBehavior": "when_no_templates", "timeoutInMillis": 29000, "type": "http"}}}}}


def test_aws_mapping_example_reads_a_declared_query_string_as_multivalue(apigateway):
    source = "method.request.multivaluequerystring.methodRequestQueryParam"

    imported = apigateway.import_rest_api(body=_body(_mapping_example(source)))

    assert imported["ResponseMetadata"]["HTTPStatusCode"] == 201
    method = _methods(apigateway, imported["id"], "/")["POST"]
    assert method["requestParameters"] == {"method.request.querystring.methodRequestQueryParam": False,
                                           "method.request.header.methodRequestHeaderParam": False}
    integration = method["methodIntegration"]
    assert integration["requestParameters"]["integration.request.querystring.integrationQueryParam"] == source
    assert integration["passthroughBehavior"] == "WHEN_NO_TEMPLATES"


def test_a_multivalue_parameter_may_be_mapped_as_a_single_value(apigateway):
    document = _mapping_example("method.request.querystring.methodRequestQueryParam")
    document["paths"]["/"]["post"]["parameters"][0]["schema"] = {"type": "array", "items": {"type": "string"}}

    imported = apigateway.import_rest_api(body=_body(document))

    assert imported["ResponseMetadata"]["HTTPStatusCode"] == 201
    method = _methods(apigateway, imported["id"], "/")["POST"]
    assert "method.request.multivaluequerystring.methodRequestQueryParam" in method["requestParameters"]


def test_a_mapping_from_an_undeclared_multivalue_parameter_is_still_refused(apigateway):
    document = _mapping_example("method.request.multivaluequerystring.other")

    error = error_of(apigateway.import_rest_api, body=_body(document))

    assert_error(error, "BadRequestException",
                 "Errors found during import:\n\tUnable to put integration on 'POST' for resource at path '/': "
                 "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
                 "[Invalid mapping expression parameter specified: method.request.multivaluequerystring.other]",
                 400)
    assert apigateway.get_rest_apis()["items"] == []


# --- x-amazon-apigateway-auth ---------------------------------------------------------------


def _auth_document(auth: Any, **operation: Any) -> dict[str, Any]:
    """The reference page's example (``/protected-by-iam`` with no responses), plus what a test adds."""
    return {"openapi": "3.0.1", "info": {"title": "openapi3", "version": "1.0"},
            "paths": {"/protected-by-iam": {"get": {"x-amazon-apigateway-auth": auth, **operation}}}}


def test_auth_extension_example_makes_an_aws_iam_method(apigateway):
    imported = apigateway.import_rest_api(body=_body(_auth_document({"type": "AWS_IAM"})))

    assert imported["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert "warnings" not in imported
    method = _methods(apigateway, imported["id"], "/protected-by-iam")["GET"]
    assert method["authorizationType"] == "AWS_IAM"


def test_auth_extension_is_case_insensitive_and_wins_over_security(apigateway):
    document = _auth_document({"type": "none"}, security=[{"sigv4": []}])
    document["components"] = {"securitySchemes": {"sigv4": {
        "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}}}

    api_id = apigateway.import_rest_api(body=_body(document))["id"]

    assert _methods(apigateway, api_id, "/protected-by-iam")["GET"]["authorizationType"] == "NONE"


def test_auth_extension_method_exports_as_sigv4_and_reimports(apigateway):
    document = _auth_document({"type": "aws_iam"}, **{"x-amazon-apigateway-integration": {"type": "mock"}})
    api_id = apigateway.import_rest_api(body=_body(document))["id"]
    apigateway.create_deployment(restApiId=api_id, stageName="dev")

    exported = json.loads(_export(apigateway, api_id, "oas30"))
    again = apigateway.import_rest_api(body=json.dumps(exported).encode())["id"]

    assert exported["paths"]["/protected-by-iam"]["get"]["security"] == [{"sigv4": []}]
    assert _methods(apigateway, again, "/protected-by-iam")["GET"]["authorizationType"] == "AWS_IAM"


def test_auth_extension_of_another_type_is_a_warning(apigateway):
    document = _auth_document({"type": "COGNITO"})

    imported = apigateway.import_rest_api(body=_body(document))
    refused = error_of(apigateway.import_rest_api, body=_body(document), failOnWarnings=True)

    warning = "Invalid authorization type 'COGNITO' of resource '/protected-by-iam' and method 'GET'"
    assert imported["warnings"] == [warning]
    assert _methods(apigateway, imported["id"], "/protected-by-iam")["GET"]["authorizationType"] == "NONE"
    assert_error(refused, "BadRequestException", "Warnings found during import:\n\t" + warning, 400)
    assert len(apigateway.get_rest_apis()["items"]) == 1


def test_auth_extension_of_the_wrong_type_is_invalid_input(apigateway):
    error = error_of(apigateway.import_rest_api, body=_body(_auth_document("AWS_IAM")))

    assert_error(error, "BadRequestException", "Invalid OpenAPI input.", 400)


# --- x-amazon-apigateway-policy -------------------------------------------------------------


def _policy_document() -> dict[str, Any]:
    """The x-amazon-apigateway-policy reference page's shape: execute-api:/ shorthand resources."""
    return {"swagger": "2.0", "info": {"title": "policy", "version": "1"}, "paths": {},
            "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                 "Resource": ["execute-api:/*"]}]}}


def _policy_resource(api: dict[str, Any]) -> Any:
    return json.loads(json.loads(f'"{api["policy"]}"'))["Statement"][0]["Resource"]


def test_imported_policy_shorthand_is_stored_against_the_api_arn(apigateway):
    api = apigateway.import_rest_api(body=_body(_policy_document()))

    arn = f"arn:aws:execute-api:us-east-1:123456789012:{api['id']}/*"
    assert _policy_resource(api) == arn
    assert _policy_resource(apigateway.get_rest_api(restApiId=api["id"])) == arn


@pytest.mark.parametrize("mode", ["merge", "overwrite"])
def test_put_policy_shorthand_is_stored_against_the_api_arn(apigateway, mode):
    api_id = apigateway.create_rest_api(name="p")["id"]

    answer = apigateway.put_rest_api(restApiId=api_id, mode=mode, body=_body(_policy_document()))

    assert _policy_resource(answer) == f"arn:aws:execute-api:us-east-1:123456789012:{api_id}/*"


def test_put_integration_reads_a_declared_query_string_as_multi_value(apigateway):
    """AWS's "Parameter mapping examples for REST APIs in API Gateway", example 2, set up by calls."""
    api = apigateway.create_rest_api(name="mv")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    apigateway.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE",
                          requestParameters={"method.request.querystring.q": False,
                                             "method.request.multivalueheader.h": False})
    put = apigateway.put_integration(
        restApiId=api, resourceId=root, httpMethod="GET", type="HTTP", integrationHttpMethod="GET",
        uri="https://example.com", requestParameters={
            "integration.request.querystring.q": "method.request.multivaluequerystring.q",
            "integration.request.header.h": "method.request.header.h"})
    assert put["requestParameters"]["integration.request.querystring.q"] == "method.request.multivaluequerystring.q"
    error = error_of(apigateway.put_integration, restApiId=api, resourceId=root, httpMethod="GET", type="HTTP",
                     integrationHttpMethod="GET", uri="https://example.com", requestParameters={
                         "integration.request.querystring.z": "method.request.multivaluequerystring.z"})
    assert error["Error"]["Message"].endswith(
        "Invalid mapping expression parameter specified: method.request.multivaluequerystring.z]")


def test_a_version_written_as_a_yaml_number_imports(apigateway):
    """``swagger: 2.0`` unquoted is the number 2.0; AWS deploys such a document (AWS-validated recording
    test_cfn_apigateway_swagger_import, LocalStack's resource_providers snapshot)."""
    body = "swagger: 2.0\ninfo: {title: numeric, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n"
    api = apigateway.import_rest_api(body=body.encode())
    assert api["name"] == "numeric"
    assert [r["path"] for r in apigateway.get_resources(restApiId=api["id"])["items"]] == ["/", "/a"]


def test_a_mock_integration_keeps_no_internet_connection_type(apigateway):
    """AWS shows no connectionType for a MOCK given INTERNET (AWS-validated CloudFormation recording
    test_cfn_with_apigateway_resources, get-method-post); an HTTP integration keeps its INTERNET."""
    api = apigateway.create_rest_api(name="m")
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    put = apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                                     connectionType="INTERNET")
    assert "connectionType" not in put
    assert "connectionType" not in apigateway.get_integration(restApiId=api["id"], resourceId=root, httpMethod="GET")
    http = apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="HTTP",
                                      integrationHttpMethod="GET", uri="https://example.com")
    assert http["connectionType"] == "INTERNET"
