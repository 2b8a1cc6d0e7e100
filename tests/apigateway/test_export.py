"""GetExport: a deployed REST API as OpenAPI 2.0 (swagger) or 3.0 (oas30), JSON or YAML.

Recorded ground truth: aws-recorded/test_apigateway_extended.snapshot.json
(test_export_swagger_openapi, test_export_oas30_openapi), replayed with documents
written here that give the APIs AWS exported. The round trips check that import ->
export -> import keeps resources, methods, integrations, models and authorizers.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import assert_error, assert_matches, error_of, recorded

DATA = Path(__file__).parent / "data"
STAGE = "local"


@pytest.fixture
def client(apigateway):
    return apigateway


def _load(name: str) -> dict[str, Any]:
    text = (DATA / name).read_text()
    return json.loads(text) if name.endswith(".json") else yaml.safe_load(text)  # type: ignore[no-any-return]


def _deployed(client: Any, document: dict[str, Any], **kwargs: Any) -> str:
    api_id = client.import_rest_api(body=json.dumps(document).encode(), **kwargs)["id"]
    client.create_deployment(restApiId=api_id, stageName=STAGE)
    return api_id  # type: ignore[no-any-return]


def _export(client: Any, api_id: str, export_type: str, extensions: str | None = None,
            accepts: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    kwargs: dict[str, Any] = {"restApiId": api_id, "stageName": STAGE, "exportType": export_type}
    if extensions:
        kwargs["parameters"] = {"extensions": extensions}
    if accepts:
        kwargs["accepts"] = accepts
    response = client.get_export(**kwargs)
    text = response["body"].read().decode()
    body = yaml.safe_load(text) if accepts == "application/yaml" else json.loads(text)
    return response, body


def _expand(expected: Any, values: dict[str, str]) -> Any:
    if isinstance(expected, dict):
        return {k: _expand(v, values) for k, v in expected.items()}
    if isinstance(expected, list):
        return [_expand(v, values) for v in expected]
    if isinstance(expected, str):
        for placeholder, value in values.items():
            expected = expected.replace(placeholder, value)
    return expected


# --- recorded exports ----------------------------------------------------------------------


def _aws_petstore() -> dict[str, Any]:
    """The PetStore AWS exported: no authorizers, no version, ``Pet.id``."""
    document = _load("aws-petstore-authorizers.json")
    del document["securityDefinitions"]
    del document["info"]["version"]
    for item in document["paths"].values():
        for operation in item.values():
            operation.pop("security", None)
    document["definitions"]["Pet"]["properties"] = {
        "id": {"type": "integer"}, "type": {"type": "string"}, "price": {"type": "number"}}
    return document


RECORDED_APIS = {"TEST_IMPORT_PETS": lambda: _load("simple-pets.json"), "TEST_IMPORT_PETSTORE_SWAGGER": _aws_petstore}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
@pytest.mark.parametrize("api", sorted(RECORDED_APIS))
def test_export_recorded(client, export_type, api):
    test = f"test_export_{export_type}_openapi[{api}]"
    bindings: dict[str, Any] = {}
    imported = client.import_rest_api(body=json.dumps(RECORDED_APIS[api]()).encode())
    assert_matches(imported, recorded("extended", test, "import-api"), "$", bindings)
    client.create_deployment(restApiId=imported["id"], stageName=STAGE)
    values = {"<api-id:1>": imported["id"], "<region>": "us-east-1"}

    for step, extensions in (("get-export", None), ("get-export-with-extensions", "apigateway")):
        response = client.get_export(restApiId=imported["id"], stageName=STAGE, exportType=export_type,
                                     **({"parameters": {"extensions": extensions}} if extensions else {}))
        body = json.loads(response["body"].read())
        version = body["info"]["version"]
        if "version" not in imported:
            assert _DATE.match(version), version
            body["info"]["version"] = "date"
            response["contentDisposition"] = response["contentDisposition"].replace(version, "date")
        actual = {**response, "body": body}
        expected = _expand(recorded("extended", test, step), values)
        assert_matches(actual, expected, "$", bindings)


def test_export_yaml(client):
    api_id = _deployed(client, _load("petstore-swagger.json"))

    response, body = _export(client, api_id, "oas30", accepts="application/yaml")
    _, as_json = _export(client, api_id, "oas30")

    assert body == as_json
    assert response["contentDisposition"] == 'attachment; filename="oas30_2.1.yaml"'
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_export_petstore_shape(client):
    api_id = _deployed(client, _load("petstore-swagger.json"))

    response, body = _export(client, api_id, "swagger")

    assert response["contentType"] == "application/octet-stream"
    assert response["contentDisposition"] == 'attachment; filename="swagger_2.1.json"'
    assert body["host"] == f"{api_id}.execute-api.us-east-1.amazonaws.com" and body["basePath"] == "/local"
    assert list(body["paths"]) == ["/", "/pets", "/pets/{petId}"]
    assert list(body["paths"]["/pets"]) == ["get", "post", "options"]
    assert body["paths"]["/pets"]["post"]["parameters"] == [
        {"in": "body", "name": "NewPet", "required": True, "schema": {"$ref": "#/definitions/NewPet"}}]
    assert body["definitions"]["Pets"] == {"type": "array", "items": {"$ref": "#/definitions/Pet"}}
    assert all("x-amazon-apigateway-integration" not in op for item in body["paths"].values()
               for op in item.values())


def test_export_authorizers(client):
    api_id = _deployed(client, _load("aws-petstore-authorizers.json"))

    _, plain = _export(client, api_id, "swagger")
    _, extended = _export(client, api_id, "oas30", extensions="authorizers")

    assert plain["paths"]["/"]["get"]["security"] == [{"test-authorizer": []}]
    assert plain["securityDefinitions"] == {"test-authorizer": {
        "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "oauth2"}}
    scheme = extended["components"]["securitySchemes"]["test-authorizer"]
    assert scheme["x-amazon-apigateway-authorizer"] == {
        "type": "token", "authorizerResultTtlInSeconds": 60,
        "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                         "arn:aws:lambda:us-east-1:123456789012:function:petstore-auth/invocations",
        "authorizerCredentials": "arn:aws:iam::123456789012:role/petstore-authorizer",
        "identitySource": "method.request.header.Authorization", "identityValidationExpression": "^x-[a-z]+"}
    assert "x-amazon-apigateway-integration" not in extended["paths"]["/"]["get"]


def test_export_shows_the_deployed_version(client):
    api_id = _deployed(client, _load("petstore-swagger.json"))
    extra = {"swagger": "2.0", "info": {"title": "PetStore"}, "paths": {
        "/owners": {"get": {"responses": {"200": {"description": "ok"}},
                            "x-amazon-apigateway-integration": {"type": "mock"}}}}}
    client.put_rest_api(restApiId=api_id, mode="merge", body=json.dumps(extra).encode())

    _, before = _export(client, api_id, "oas30")
    client.create_deployment(restApiId=api_id, stageName=STAGE)
    _, after = _export(client, api_id, "oas30")

    assert "/owners" not in before["paths"]
    assert "/owners" in after["paths"]


# --- round trips --------------------------------------------------------------------------


def _definition(client: Any, api_id: str) -> dict[str, Any]:
    """Everything an import creates, without ids."""
    authorizers = {a["id"]: a["name"] for a in client.get_authorizers(restApiId=api_id)["items"]}
    validators = {v["id"]: v["name"] for v in client.get_request_validators(restApiId=api_id)["items"]}
    methods = {}
    for resource in client.get_resources(restApiId=api_id, limit=500)["items"]:
        for verb in resource.get("resourceMethods", {}):
            method = client.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod=verb)
            method.pop("ResponseMetadata")
            method.get("methodIntegration", {}).pop("cacheNamespace", None)
            if "authorizerId" in method:
                method["authorizerId"] = authorizers[method["authorizerId"]]
            if "requestValidatorId" in method:
                method["requestValidatorId"] = validators[method["requestValidatorId"]]
            methods[(resource["path"], verb)] = method
    models = {m["name"]: json.loads(m["schema"].replace(api_id, "API"))
              for m in client.get_models(restApiId=api_id)["items"]}
    strip = ("id", "ResponseMetadata")
    return {
        "methods": methods,
        "models": models,
        "authorizers": [{k: v for k, v in a.items() if k not in strip}
                        for a in client.get_authorizers(restApiId=api_id)["items"]],
        "validators": [{k: v for k, v in a.items() if k not in strip}
                       for a in client.get_request_validators(restApiId=api_id)["items"]],
    }


EXTENSIONS = {
    "swagger": "2.0",
    "info": {"title": "extensions", "version": "3"},
    "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": True,
                                                       "validateRequestParameters": True}},
    "securityDefinitions": {
        "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
        "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                  "x-amazon-apigateway-authtype": "awsSigv4"},
        "pool": {"type": "apiKey", "name": "Authorization", "in": "header",
                 "x-amazon-apigateway-authtype": "cognito_user_pools",
                 "x-amazon-apigateway-authorizer": {
                     "type": "cognito_user_pools",
                     "providerARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X"]}}},
    "paths": {
        "/items/{id}": {
            "get": {
                "security": [{"api_key": []}],
                "x-amazon-apigateway-request-validator": "all",
                "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"},
                               {"name": "X-Trace", "in": "header", "required": True, "type": "string"}],
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "http", "httpMethod": "GET", "uri": "https://example.com/items/{id}",
                    "connectionType": "VPC_LINK", "connectionId": "abc123", "timeoutInMillis": 5000,
                    "cacheKeyParameters": ["method.request.path.id"], "contentHandling": "CONVERT_TO_TEXT",
                    "requestParameters": {"integration.request.path.id": "method.request.path.id"},
                    "responses": {"default": {"statusCode": "200"},
                                  "4\\d{2}": {"statusCode": "404", "responseTemplates": {
                                      "application/json": '{"message": "missing"}'}}}}},
            "delete": {"security": [{"sigv4": []}], "responses": {"204": {"description": "gone"}},
                       "x-amazon-apigateway-integration": {
                           "type": "aws_proxy", "httpMethod": "POST",
                           "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                  "arn:aws:lambda:us-east-1:123456789012:function:f/invocations"}},
            "put": {"security": [{"pool": ["email"]}], "responses": {"200": {"description": "ok"}},
                    "x-amazon-apigateway-integration": {"type": "mock"}},
        },
    },
}

ROUND_TRIPS = {
    "petstore-swagger": lambda: _load("petstore-swagger.json"),
    "petstore-oas30": lambda: _load("petstore-oas30.yaml"),
    "petstore-authorizers": lambda: _load("aws-petstore-authorizers.json"),
    "simple-pets": lambda: _load("simple-pets.json"),
    "extensions": lambda: copy.deepcopy(EXTENSIONS),
}


@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
@pytest.mark.parametrize("source", sorted(ROUND_TRIPS))
def test_round_trip_keeps_the_api(client, source, export_type):
    api_id = _deployed(client, ROUND_TRIPS[source]())
    response = client.get_export(restApiId=api_id, stageName=STAGE, exportType=export_type,
                                 parameters={"extensions": "apigateway"})

    copy_id = client.import_rest_api(body=response["body"].read())["id"]

    assert _definition(client, copy_id) == _definition(client, api_id)
    original, again = (client.get_rest_api(restApiId=i) for i in (api_id, copy_id))
    for key in ("name", "description", "binaryMediaTypes", "apiKeySource"):
        assert again.get(key) == original.get(key), key


def test_round_trip_through_yaml(client):
    api_id = _deployed(client, _load("petstore-oas30.yaml"))
    response = client.get_export(restApiId=api_id, stageName=STAGE, exportType="oas30", accepts="application/yaml",
                                 parameters={"extensions": "integrations"})

    copy_id = client.import_rest_api(body=response["body"].read())["id"]

    assert _definition(client, copy_id) == _definition(client, api_id)


# --- errors --------------------------------------------------------------------------------


def test_export_unknown_api(client):
    error = error_of(client.get_export, restApiId="nope000000", stageName=STAGE, exportType="swagger")

    assert_error(error, "NotFoundException", "Invalid API identifier specified 123456789012:nope000000", 404)


def test_export_needs_the_stage(client):
    api_id = client.import_rest_api(body=(DATA / "petstore-swagger.json").read_bytes())["id"]

    error = error_of(client.get_export, restApiId=api_id, stageName=STAGE, exportType="swagger")

    assert_error(error, "NotFoundException", "Invalid stage identifier specified", 404)


def test_export_unknown_type(client):
    api_id = _deployed(client, _load("simple-pets.json"))

    error = error_of(client.get_export, restApiId=api_id, stageName=STAGE, exportType="raml")

    assert_error(error, "BadRequestException", "No API exporter for type 'raml'", 400)


def test_export_unknown_content_type(client):
    api_id = _deployed(client, _load("simple-pets.json"))

    error = error_of(client.get_export, restApiId=api_id, stageName=STAGE, exportType="oas30", accepts="text/csv")

    assert_error(error, "BadRequestException", "Unsupported content type: text/csv. "
                 "Supported types are application/json and application/yaml", 400)


# --- documentation snapshots (regression: scenario tests, serverless-aws-documentation) -------


def test_oas30_export_carries_the_stage_documentation(client):
    api = client.create_rest_api(name="docs", version="3")
    api_id, root = api["id"], api["rootResourceId"]
    client.create_model(restApiId=api_id, name="Pet", contentType="application/json", schema='{"type": "object"}')
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE",
                      requestModels={"application/json": "Pet"})
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK")
    client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="201",
                               responseParameters={"method.response.header.Location": False})
    client.create_deployment(restApiId=api_id, stageName=STAGE)
    for location, properties in (
            ({"type": "RESOURCE", "path": "/"}, {"description": "the root"}),
            ({"type": "METHOD", "path": "/", "method": "*"}, {"description": "any verb", "deprecated": True}),
            ({"type": "REQUEST_BODY", "path": "/", "method": "POST", "name": "Pet"}, {"description": "a pet"}),
            ({"type": "RESPONSE_HEADER", "path": "/", "method": "POST", "statusCode": "201", "name": "Location"},
             {"description": "where it went"}),
            ({"type": "MODEL", "name": "Pet"}, {"title": "A pet"})):
        client.create_documentation_part(restApiId=api_id, location=location, properties=json.dumps(properties))
    _, before = _export(client, api_id, "oas30")
    assert "description" not in before["paths"]["/"]["post"]  # no snapshot on the stage yet
    client.create_documentation_version(restApiId=api_id, documentationVersion="v1", stageName=STAGE)
    _, document = _export(client, api_id, "oas30", "apigateway")
    assert document["paths"]["/"]["description"] == "the root"
    operation = document["paths"]["/"]["post"]
    assert (operation["description"], operation["deprecated"]) == ("any verb", True)
    assert operation["requestBody"]["description"] == "a pet"
    assert operation["responses"]["201"]["headers"]["Location"]["description"] == "where it went"
    assert document["components"]["schemas"]["Pet"]["title"] == "A pet"
    assert document["info"]["version"] == "3"
    assert len(document["x-amazon-apigateway-documentation"]["documentationParts"]) == 5
    # the extension imports back as the same parts
    copy_id = client.import_rest_api(body=json.dumps(document).encode())["id"]
    assert sorted(p["location"]["type"] for p in client.get_documentation_parts(restApiId=copy_id)["items"]) == [
        "METHOD", "MODEL", "REQUEST_BODY", "RESOURCE", "RESPONSE_HEADER"]
