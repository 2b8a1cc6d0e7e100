"""ImportRestApi and PutRestApi: OpenAPI 2.0/3.0 documents (JSON and YAML) into REST APIs.

Scenarios of aws-recorded/test_apigateway_import.snapshot.json are replayed with
documents written here to produce what AWS recorded; every recorded step (method,
method response, integration, integration response, resources, models,
authorizers, validators) is compared whole.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import assert_error, assert_matches, error_of, recorded, recorded_scenario

DATA = Path(__file__).parent / "data"
FILE = "import"
MODEL_BASE = "https://apigateway.amazonaws.com"


# --- helpers ---------------------------------------------------------------------------


def _body(document: dict[str, Any], as_yaml: bool = False) -> bytes:
    return (yaml.safe_dump(document) if as_yaml else json.dumps(document)).encode()


def _as_recorded(value: Any) -> Any:
    """The recorder turned strings holding JSON objects (templates, schemas) into objects."""
    if isinstance(value, dict):
        return {k: _as_recorded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_recorded(v) for v in value]
    if isinstance(value, str) and value[:1] in "{[":
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return _as_recorded(parsed) if isinstance(parsed, (dict, list)) else value
    return value


def _expand(expected: Any, values: dict[str, str]) -> Any:
    """Fill placeholders embedded in longer strings (``<model-base-url>/restapis/<rest-id:1>/...``)."""
    if isinstance(expected, dict):
        return {k: _expand(v, values) for k, v in expected.items()}
    if isinstance(expected, list):
        return [_expand(v, values) for v in expected]
    if isinstance(expected, str) and expected not in values:
        for placeholder, value in values.items():
            expected = expected.replace(placeholder, value)
    return expected


_KINDS = (("method-response-", "get_method_response"), ("integration-response-", "get_integration_response"),
          ("method-", "get_method"), ("integration-", "get_integration"))


def _replay(client: Any, api_id: str, test: str, steps: list[str], bindings: dict[str, Any],
            prefix: str = "", values: dict[str, str] | None = None) -> None:
    """Compare each recorded ``[prefix]<kind>-<path>-<verb>`` step with the same call here."""
    resources = {r["path"]: r["id"] for r in client.get_resources(restApiId=api_id, limit=500)["items"]}
    values = {"<model-base-url>": MODEL_BASE, "<region>": "us-east-1", "<partition>": "aws", **(values or {})}
    for step in steps:
        expected = _expand(recorded(FILE, test, step), values)
        name = step[len(prefix):]
        kind, call = next((k, c) for k, c in _KINDS if name.startswith(k))
        path, verb = name[len(kind):].rsplit("-", 1)
        path = "/" if path == "root" else "/" + path
        kwargs = {"restApiId": api_id, "resourceId": resources[path], "httpMethod": verb.upper()}
        if "response" in kind:
            kwargs["statusCode"] = expected.get("statusCode", "200")
        if "Error" in expected:
            actual = error_of(getattr(client, call), **kwargs)
        else:
            actual = getattr(client, call)(**kwargs)
        _match(actual, expected, step, bindings)


def _steps(test: str, prefix: str = "", after: str | None = None, until: str | None = None) -> list[str]:
    names = list(_scenario(test))
    start = names.index(after) + 1 if after else 0
    end = names.index(until) if until else len(names)
    return [n for n in names[start:end] if n.startswith(prefix) and any(n[len(prefix):].startswith(k)
                                                                         for k, _ in _KINDS)]


def _scenario(test: str) -> dict[str, Any]:
    return recorded_scenario(FILE, test)


def _compare(actual: Any, test: str, step: str, bindings: dict[str, Any], values: dict[str, str]) -> None:
    expected = _expand(recorded(FILE, test, step), {"<model-base-url>": MODEL_BASE, "<region>": "us-east-1",
                                                     "<partition>": "aws", **values})
    _match(actual, expected, step, bindings)


def _match(actual: Any, expected: Any, step: str, bindings: dict[str, Any]) -> None:
    try:
        assert_matches(_as_recorded(actual), expected, "$", bindings)
    except AssertionError as exc:
        raise AssertionError(f"step {step}: {exc}") from None


def _state(client: Any) -> list[Any]:
    apis = client.get_rest_apis(limit=500)["items"]
    return [(a, client.get_resources(restApiId=a["id"], limit=500)["items"]) for a in apis]


# --- the classic PetStore, four ways ----------------------------------------------------


def _petstore(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _swagger_yaml() -> bytes:
    return _body(json.loads(_petstore("petstore-swagger.json")), as_yaml=True)


def _oas30_json() -> bytes:
    return _body(yaml.safe_load(_petstore("petstore-oas30.yaml")))


PETSTORES = {
    "swagger-json": lambda: _petstore("petstore-swagger.json"),
    "swagger-yaml": _swagger_yaml,
    "oas30-yaml": lambda: _petstore("petstore-oas30.yaml"),
    "oas30-json": _oas30_json,
}

PETSTORE_PATHS = {"/": ["GET"], "/pets": ["GET", "OPTIONS", "POST"], "/pets/{petId}": ["GET"]}


def _expected_methods(resources: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    acao_response = {"statusCode": "200",
                     "responseParameters": {"method.response.header.Access-Control-Allow-Origin": "'*'"}}
    acao = {"method.response.header.Access-Control-Allow-Origin": False}
    mock_request = {"application/json": '{"statusCode": 200}'}

    def http(resource: str, verb: str, uri: str, **extra: Any) -> dict[str, Any]:
        return {"cacheKeyParameters": [], "cacheNamespace": resources[resource], "connectionType": "INTERNET",
                "httpMethod": verb, "integrationResponses": {"200": acao_response},
                "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000, "type": "HTTP", "uri": uri, **extra}

    base = "http://petstore-demo-endpoint.execute-api.com/petstore/pets"
    return {
        ("/", "GET"): {
            "httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": False,
            "methodResponses": {"200": {"statusCode": "200",
                                        "responseParameters": {"method.response.header.Content-Type": False}}},
            "methodIntegration": {
                "type": "MOCK", "cacheKeyParameters": [], "cacheNamespace": resources["/"],
                "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000, "requestTemplates": mock_request,
                "integrationResponses": {"200": {
                    "statusCode": "200",
                    "responseParameters": {"method.response.header.Content-Type": "'text/html'"},
                    "responseTemplates": {"text/html": "<html><body><h1>Pets for everyone</h1></body></html>"}}}},
        },
        ("/pets", "GET"): {
            "httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": False, "operationName": "ListPets",
            "requestParameters": {"method.request.querystring.type": False, "method.request.querystring.page": False},
            "methodResponses": {"200": {"statusCode": "200", "responseParameters": acao,
                                        "responseModels": {"application/json": "Pets"}}},
            "methodIntegration": http("/pets", "GET", base, requestParameters={
                "integration.request.querystring.type": "method.request.querystring.type",
                "integration.request.querystring.page": "method.request.querystring.page"}),
        },
        ("/pets", "POST"): {
            "httpMethod": "POST", "authorizationType": "NONE", "apiKeyRequired": False, "operationName": "CreatePet",
            "requestModels": {"application/json": "NewPet"},
            "methodResponses": {"200": {"statusCode": "200", "responseParameters": acao,
                                        "responseModels": {"application/json": "NewPetResponse"}}},
            "methodIntegration": http("/pets", "POST", base),
        },
        ("/pets", "OPTIONS"): {
            "httpMethod": "OPTIONS", "authorizationType": "NONE", "apiKeyRequired": False,
            "methodResponses": {"200": {"statusCode": "200", "responseModels": {"application/json": "Empty"},
                                        "responseParameters": {
                                            "method.response.header.Access-Control-Allow-Origin": False,
                                            "method.response.header.Access-Control-Allow-Methods": False,
                                            "method.response.header.Access-Control-Allow-Headers": False}}},
            "methodIntegration": {
                "type": "MOCK", "cacheKeyParameters": [], "cacheNamespace": resources["/pets"],
                "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000, "requestTemplates": mock_request,
                "integrationResponses": {"200": {"statusCode": "200", "responseParameters": {
                    "method.response.header.Access-Control-Allow-Origin": "'*'",
                    "method.response.header.Access-Control-Allow-Methods": "'POST,GET,OPTIONS'",
                    "method.response.header.Access-Control-Allow-Headers":
                        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'"}}}},
        },
        ("/pets/{petId}", "GET"): {
            "httpMethod": "GET", "authorizationType": "NONE", "apiKeyRequired": False, "operationName": "GetPet",
            "requestParameters": {"method.request.path.petId": True},
            "methodResponses": {"200": {"statusCode": "200", "responseParameters": acao,
                                        "responseModels": {"application/json": "Pet"}}},
            "methodIntegration": http("/pets/{petId}", "GET", base + "/{petId}", requestParameters={
                "integration.request.path.petId": "method.request.path.petId"}),
        },
    }


@pytest.mark.parametrize("variant", sorted(PETSTORES))
def test_import_petstore_creates_what_aws_creates(apigateway, variant):
    api = apigateway.import_rest_api(body=PETSTORES[variant]())

    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert (api["name"], api["version"], api["apiKeySource"]) == ("PetStore", "2.1", "HEADER")
    assert api["endpointConfiguration"] == {"types": ["EDGE"], "ipAddressType": "ipv4"}
    assert "warnings" not in api and "tags" not in api
    assert apigateway.get_rest_api(restApiId=api["id"])["name"] == "PetStore"
    items = apigateway.get_resources(restApiId=api["id"])["items"]
    resources = {r["path"]: r["id"] for r in items}
    assert resources["/"] == api["rootResourceId"]
    assert {r["path"]: sorted(r.get("resourceMethods", {})) for r in items} == PETSTORE_PATHS
    by_path = {r["path"]: r for r in items}
    assert by_path["/pets"]["parentId"] == resources["/"] and by_path["/pets"]["pathPart"] == "pets"
    assert by_path["/pets/{petId}"]["parentId"] == resources["/pets"]
    assert by_path["/pets/{petId}"]["pathPart"] == "{petId}"
    for (path, verb), expected in _expected_methods(resources).items():
        method = apigateway.get_method(restApiId=api["id"], resourceId=resources[path], httpMethod=verb)
        method.pop("ResponseMetadata")
        assert method == expected, (path, verb)
        integration = apigateway.get_integration(restApiId=api["id"], resourceId=resources[path], httpMethod=verb)
        assert integration["cacheNamespace"] == resources[path]


@pytest.mark.parametrize("variant", sorted(PETSTORES))
def test_import_petstore_models_point_at_the_api(apigateway, variant):
    api_id = apigateway.import_rest_api(body=PETSTORES[variant]())["id"]

    models = {m["name"]: m for m in apigateway.get_models(restApiId=api_id)["items"]}

    # only the document's models (no default Error), listed by name as AWS does
    assert list(models) == ["Empty", "NewPet", "NewPetResponse", "Pet", "PetType", "Pets"]
    assert all(m["contentType"] == "application/json" and len(m["id"]) == 6 for m in models.values())
    url = f"{MODEL_BASE}/restapis/{api_id}/models/"
    assert json.loads(models["Pets"]["schema"]) == {"type": "array", "items": {"$ref": url + "Pet"}}
    assert json.loads(models["NewPet"]["schema"])["properties"]["type"] == {"$ref": url + "PetType"}
    assert json.loads(models["PetType"]["schema"])["enum"] == ["dog", "cat", "fish", "bird", "gecko"]


def test_import_yaml_and_json_give_the_same_api(apigateway):
    def shape(api_id: str) -> Any:
        resources = apigateway.get_resources(restApiId=api_id, embed=["methods"])["items"]
        out = {}
        for resource in resources:
            for verb in resource.get("resourceMethods", {}):
                method = apigateway.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod=verb)
                method.pop("ResponseMetadata")
                method["methodIntegration"].pop("cacheNamespace")
                out[(resource["path"], verb)] = method
        return out

    swagger = apigateway.import_rest_api(body=PETSTORES["swagger-json"]())["id"]
    oas30 = apigateway.import_rest_api(body=PETSTORES["oas30-yaml"]())["id"]

    assert shape(swagger) == shape(oas30)


# --- recorded scenarios -------------------------------------------------------------------


def test_import_rest_api_recorded(apigateway):
    document = {"swagger": "2.0", "info": {"title": "import-api", "version": "1.0"},
                "x-amazon-apigateway-binary-media-types": ["*/*"], "paths": {}}

    response = apigateway.import_rest_api(body=_body(document))

    assert_matches(response, recorded(FILE, "test_import_rest_api", "import_rest_api"))


def test_import_swagger_api_recorded(apigateway):
    test = "test_import_swagger_api"
    bindings: dict[str, Any] = {}
    response = apigateway.import_rest_api(body=_petstore("aws-petstore-authorizers.json"))
    api_id = response["id"]
    values = {"<rest-id:1>": api_id}

    _compare(response, test, "import-swagger", bindings, values)
    _compare(apigateway.get_authorizers(restApiId=api_id), test, "get-authorizers", bindings, values)
    _compare(apigateway.get_models(restApiId=api_id), test, "get-models", bindings, values)
    _compare(apigateway.get_resources(restApiId=api_id), test, "resources", bindings, values)
    _replay(apigateway, api_id, test, _steps(test), bindings, values=values)


SWAGGER_BASE_PATH = {
    "swagger": "2.0",
    "info": {"title": "base-path-api", "version": "2"},
    "basePath": "/base",
    "security": [{"custom-auth": []}],
    "securityDefinitions": {"custom-auth": {
        "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": {
            "type": "token",
            "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                             "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"}}},
    "paths": {"/test": {
        "get": {
            "responses": {"200": {"description": "ok", "headers": {"Access-Control-Allow-Origin": {"type": "string"}}}},
            "x-amazon-apigateway-integration": {
                "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                "responses": {"default": {"statusCode": "200", "responseParameters": {
                    "method.response.header.Access-Control-Allow-Origin": "'*'"}}}}},
        "options": {
            "responses": {"200": {"description": "cors", "headers": {
                "Access-Control-Allow-Origin": {"type": "string"}, "Access-Control-Allow-Methods": {"type": "string"},
                "Access-Control-Allow-Headers": {"type": "string"}}}},
            "x-amazon-apigateway-integration": {
                "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                "responses": {"default": {"statusCode": "200", "responseParameters": {
                    "method.response.header.Access-Control-Allow-Headers":
                        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
                    "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
                    "method.response.header.Access-Control-Allow-Origin": "'*'"}}}}}}},
}

DEMO_PETS = json.loads((DATA / "simple-pets.json").read_text())


@pytest.mark.parametrize("mode", ["ignore", "prepend", "split"])
def test_put_rest_api_swagger_base_path_recorded(apigateway, mode):
    test = f"test_import_rest_apis_with_base_path_swagger[{mode}]"
    bindings: dict[str, Any] = {}
    api_id = apigateway.create_rest_api(name="base-path-api")["id"]

    response = apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=_body(SWAGGER_BASE_PATH),
                                       parameters={"basepath": mode})

    _compare(response, test, "put-rest-api-swagger-json", bindings, {})
    _compare(apigateway.get_resources(restApiId=api_id), test, "get-resources-swagger-json", bindings, {})
    _replay(apigateway, api_id, test, _steps(test, until="get-resources-no-base-path-swagger"), bindings)
    other = apigateway.import_rest_api(body=_body(DEMO_PETS), parameters={"basepath": mode})["id"]
    _compare(apigateway.get_resources(restApiId=other), test, "get-resources-no-base-path-swagger", bindings, {})
    _replay(apigateway, other, test, _steps(test, after="get-resources-no-base-path-swagger"), bindings)


def _oas30_base_path(server: dict[str, Any], extra_parameters: dict[str, Any]) -> dict[str, Any]:
    acao = {"Access-Control-Allow-Origin": {"schema": {"type": "string"}}}
    empty = {"application/json": {"schema": {"$ref": "#/components/schemas/Empty"}}}
    mock = {"type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "passthroughBehavior": "when_no_match"}
    return {
        "openapi": "3.0.1",
        "info": {"title": "oas30-base-path", "version": "2.0"},
        "servers": [server],
        "paths": {"/test": {
            "get": {
                "responses": {"200": {"description": "ok", "headers": acao, "content": empty}},
                "x-amazon-apigateway-integration": {
                    **mock,
                    "requestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'",
                                          **extra_parameters},
                    "responses": {"default": {"statusCode": "200", "responseParameters": {
                        "method.response.header.Access-Control-Allow-Origin": "'*'"}}}}},
            "options": {
                "responses": {"200": {"description": "cors", "content": empty, "headers": {
                    "Access-Control-Allow-Origin": {"schema": {"type": "string"}},
                    "Access-Control-Allow-Methods": {"schema": {"type": "string"}},
                    "Access-Control-Allow-Headers": {"schema": {"type": "string"}}}}},
                "x-amazon-apigateway-integration": {
                    **mock,
                    "responses": {"default": {"statusCode": "200", "responseParameters": {
                        "method.response.header.Access-Control-Allow-Headers":
                            "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
                        "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'",
                        "method.response.header.Access-Control-Allow-Origin": "'*'"}}}}}}},
        "components": {"schemas": {"Empty": {"title": "Empty Schema", "type": "object"}}},
    }


@pytest.mark.parametrize("mode", ["ignore", "prepend", "split"])
def test_put_rest_api_oas30_base_path_recorded(apigateway, mode):
    test = f"test_import_rest_api_with_base_path_oas30[{mode}]"
    bindings: dict[str, Any] = {}
    api_id = apigateway.create_rest_api(name="oas30-base-path")["id"]
    with_variable = _oas30_base_path(
        {"url": "https://example.com/{basePath}", "variables": {"basePath": {"default": "base-var"}}}, {})
    with_url = _oas30_base_path({"url": "https://example.com/base-url/part"},
                                {"integration.request.header.nothing": True,
                                 "integration.request.header.double-single": "'True'"})

    first = apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=_body(with_variable, as_yaml=True),
                                    parameters={"basepath": mode})
    _compare(first, test, "put-rest-api-oas30-srv-var", bindings, {})
    _compare(apigateway.get_resources(restApiId=api_id), test, "get-resources-oas30-srv-var", bindings, {})
    _replay(apigateway, api_id, test, _steps(test, prefix="srv-var-"), bindings, prefix="srv-var-")

    second = apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=_body(with_url),
                                     parameters={"basepath": mode})
    _compare(second, test, "put-rest-api-oas30-srv-url", bindings, {})
    _compare(apigateway.get_resources(restApiId=api_id), test, "get-resources-oas30-srv-url", bindings, {})
    _replay(apigateway, api_id, test, _steps(test, prefix="srv-url-"), bindings, prefix="srv-url-")


def test_import_with_global_api_key_authorizer_recorded(apigateway):
    test = "test_import_with_global_api_key_authorizer"
    document = {
        "openapi": "3.0.1",
        "info": {"title": "global-authorizer", "version": "1.0"},
        "x-amazon-apigateway-api-key-source": "AUTHORIZER",
        "security": [{"request-authorizer": []}],
        "components": {
            "schemas": {"Empty": {"type": "object"}},
            "securitySchemes": {"request-authorizer": {
                "type": "apiKey", "name": "Custom-Authorization", "in": "header",
                "x-amazon-apigateway-authtype": "custom",
                "x-amazon-apigateway-authorizer": {
                    "type": "request", "identitySource": "method.request.header.Custom-Authorization",
                    "authorizerResultTtlInSeconds": 300,
                    "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                     "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations"}}},
        },
        "paths": {
            "/echo/{data}": {"x-amazon-apigateway-any-method": {
                "parameters": [{"name": "data", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "echo", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Empty"}}}}},
                "x-amazon-apigateway-integration": {
                    "type": "mock", "passthroughBehavior": "when_no_templates",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200", "responseTemplates": {
                        "application/json": '{"echo": "$input.params(\'data\')", "response": "mocked"}'}}}}}},
            "/pets": {"get": {
                "responses": {"200": {"description": "pets"}},
                "x-amazon-apigateway-integration": {
                    "type": "http", "httpMethod": "GET",
                    "uri": "http://petstore-demo-endpoint.execute-api.com/petstore/pets",
                    "responses": {"default": {"statusCode": "200"}}}}},
        },
    }
    bindings: dict[str, Any] = {}

    response = apigateway.import_rest_api(body=_body(document))
    api_id = response["id"]

    _compare(response, test, "import-swagger", bindings, {})
    _compare(apigateway.get_authorizers(restApiId=api_id), test, "get-authorizers", bindings, {})
    _compare(apigateway.get_resources(restApiId=api_id), test, "resources", bindings, {})
    _replay(apigateway, api_id, test, _steps(test), bindings)


def _circular(with_validator: bool) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": {"title": "Circular model reference", "version": "1.0"},
        "paths": {"/person": {"post": {
            "operationId": "CreatePerson",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Person"}}},
                            "required": True},
            "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Empty"}}}}},
            "x-amazon-apigateway-integration": {
                "type": "mock", "passthroughBehavior": "when_no_templates",
                "requestTemplates": {"application/json": '{"statusCode": 200}'},
                "responses": {"default": {"statusCode": "200", "responseTemplates": {
                    "application/json": '{"echo": $input.json(\'$\'), "response": "mocked"}'}}}}}}},
        "components": {"schemas": {
            "Person": {"type": "object", "description": "Random person schema.", "required": ["b", "name"],
                       "properties": {"name": {"type": "string", "description": "Random property"},
                                      "b": {"type": "number"},
                                      "house": {"$ref": "#/components/schemas/House"}}},
            "House": {"type": "object", "description": "Where a Person can live",
                      "properties": {"randomProperty": {"type": "string", "description": "Random property",
                                                        "format": "byte"},
                                     "contains": {"type": "array", "minItems": 1,
                                                  "description": "The information of who is living in the house",
                                                  "items": {"$ref": "#/components/schemas/Person"}}}},
            "Empty": {"title": "Empty Schema", "type": "object"}}},
    }
    if with_validator:
        document["x-amazon-apigateway-request-validators"] = {
            "basic": {"validateRequestBody": True, "validateRequestParameters": True}}
        document["paths"]["/person"]["post"]["x-amazon-apigateway-request-validator"] = "basic"
    return document


@pytest.mark.parametrize("with_validator", [False, True])
def test_import_with_circular_models_recorded(apigateway, with_validator):
    test = "test_import_with_circular_models" + ("_and_request_validation" if with_validator else "")
    bindings: dict[str, Any] = {}

    response = apigateway.import_rest_api(body=_body(_circular(with_validator), as_yaml=True))
    api_id = response["id"]
    values = {"<rest-id:1>": api_id}

    _compare(response, test, "import-api", bindings, values)
    _compare(apigateway.get_models(restApiId=api_id), test, "get-models", bindings, values)
    if with_validator:
        _compare(apigateway.get_request_validators(restApiId=api_id), test, "request-validators", bindings, values)
    _compare(apigateway.get_resources(restApiId=api_id), test, "resources", bindings, values)
    _replay(apigateway, api_id, test, _steps(test), bindings, values=values)


def test_import_with_http_method_integration_recorded(apigateway):
    test = "test_import_with_http_method_integration"
    template = recorded(FILE, test, "integration-root-get")["requestTemplates"]["application/json"]
    document = {
        "openapi": "3.0.1",
        "info": {"title": "aws-integration", "version": "1"},
        "paths": {"/": {
            "get": {
                "responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Empty"}}}}},
                "x-amazon-apigateway-integration": {
                    "type": "aws", "httpMethod": "POST", "contentHandling": "CONVERT_TO_TEXT",
                    "passthroughBehavior": "when_no_templates",
                    "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                           "arn:aws:lambda:us-east-1:123456789012:function:echo/invocations",
                    "requestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'"},
                    "requestTemplates": {"application/json": template},
                    "responses": {"default": {"statusCode": "200"}}}},
            "options": {
                "responses": {"200": {"description": "cors", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Empty"}}},
                    "headers": {"Access-Control-Allow-Headers": {"schema": {"type": "string"}}}}},
                "x-amazon-apigateway-integration": {
                    "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200", "responseParameters": {
                        "method.response.header.Access-Control-Allow-Headers": "'Content-Type'"}}}}}}},
        "components": {"schemas": {"Empty": {"type": "object"}}},
    }
    bindings: dict[str, Any] = {}

    api_id = apigateway.import_rest_api(body=_body(document))["id"]

    _compare(apigateway.get_resources(restApiId=api_id), test, "resources", bindings, {})
    _replay(apigateway, api_id, test, _steps(test), bindings)


def test_import_with_cognito_auth_identity_source_recorded(apigateway):
    test = "test_import_with_cognito_auth_identity_source"
    pool = "arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_ABC123"

    def scheme() -> dict[str, Any]:
        return {"type": "apiKey", "name": "TestHeaderAuth", "in": "header",
                "x-amazon-apigateway-authtype": "cognito_user_pools",
                "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": [pool]}}

    def demo(security: list[Any]) -> dict[str, Any]:
        return {"get": {"security": security, "responses": {"200": {"description": "ok"}},
                        "x-amazon-apigateway-integration": {
                            "type": "http", "httpMethod": "GET",
                            "uri": "http://petstore-demo-endpoint.execute-api.com/petstore/pets",
                            "responses": {"default": {"statusCode": "200"}}}}}

    document = {
        "swagger": "2.0",
        "info": {"title": "Example Pet Store", "description": "A Pet Store API.", "version": "1.0"},
        "security": [{"cognito-test-identity-source": ["email"]}],
        "securityDefinitions": {"cognito-test-identity-source": scheme(), "extra-test-identity-source": scheme()},
        "paths": {
            "/default-no-scope": demo([{"cognito-test-identity-source": []}]),
            "/default-scope-override": demo([{"cognito-test-identity-source": ["openid"]}]),
            "/non-default-authorizer": demo([{"extra-test-identity-source": ["email", "openid"]}]),
            "/pets": {"get": {
                "operationId": "GET HTTP",
                "parameters": [{"name": "type", "in": "query", "type": "string"},
                               {"name": "page", "in": "query", "type": "string"}],
                "produces": ["application/json"],
                "responses": {"200": {"description": "pets", "schema": {"$ref": "#/definitions/Pets"},
                                      "headers": {"Access-Control-Allow-Origin": {"type": "string"}}}},
                "x-amazon-apigateway-integration": {
                    "type": "http_proxy", "httpMethod": "GET",
                    "uri": "http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets"}}},
        },
        "definitions": {"Pets": {"type": "array", "items": {"type": "string"}}},
    }
    bindings: dict[str, Any] = {}
    values = {"<external-aws-endpoint>": "petstore.execute-api.us-east-1"}

    response = apigateway.import_rest_api(body=_body(document))
    api_id = response["id"]

    _compare(response, test, "import-swagger", bindings, values)
    _compare(apigateway.get_authorizers(restApiId=api_id)["items"], test, "get-authorizers", bindings, values)
    _compare(apigateway.get_resources(restApiId=api_id), test, "resources", bindings, values)
    _replay(apigateway, api_id, test, _steps(test), bindings, values=values)


def test_import_with_integer_http_status_code_recorded(apigateway):
    test = "test_import_with_integer_http_status_code"
    document = """
openapi: 3.0.1
info:
  title: integer-status
  version: 1.0
paths:
  /test:
    get:
      responses:
        200:
          description: ok
          headers:
            Access-Control-Allow-Origin:
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Empty'
      x-amazon-apigateway-integration:
        type: mock
        requestParameters:
          integration.request.header.X-Amz-Invocation-Type: "'Event'"
        requestTemplates:
          application/json: '{"statusCode": 200}'
        responses:
          default:
            statusCode: 200
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
components:
  schemas:
    Empty:
      type: object
"""
    bindings: dict[str, Any] = {}

    api = apigateway.import_rest_api(body=document.encode())

    assert api["version"] == "1.0"
    _compare(apigateway.get_resources(restApiId=api["id"]), test, "resources", bindings, {})
    _replay(apigateway, api["id"], test, _steps(test), bindings)


@pytest.mark.parametrize("mode", ["merge", "overwrite"])
def test_put_rest_api_binary_media_types_recorded(apigateway, mode):
    test = f"test_put_rest_api_mode_binary_media_types[{mode}]"
    bindings: dict[str, Any] = {}
    document = {"swagger": "2.0", "info": {"title": "new-title", "version": "1.0.0"}, "paths": {},
                "x-amazon-apigateway-binary-media-types": ["image/png", "image/jpg"]}
    created = apigateway.create_rest_api(name="binary-api", binaryMediaTypes=["image/heif"])
    _compare(created, test, "create-rest-api", bindings, {})

    response = apigateway.put_rest_api(restApiId=created["id"], mode=mode, body=_body(document))

    _compare(response, test, "put-api", bindings, {})
    assert apigateway.get_rest_api(restApiId=created["id"])["binaryMediaTypes"] == response["binaryMediaTypes"]


BAD_FILES = {
    "yaml": b"openapi: 3.0.1\ninfo:\n  title: [broken\n  version: 1\n",
    "json": b'{"swagger": "2.0", "info": {"title": "broken", "version": "1"}, "paths": {',
}


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_import_bad_file_is_refused_recorded(apigateway, kind):
    before = _state(apigateway)

    error = error_of(apigateway.import_rest_api, body=BAD_FILES[kind])

    assert_matches(error, recorded(FILE, "test_import_api_bad_file", f"import-api-bad-{kind}-file"))
    assert _state(apigateway) == before


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_put_rest_api_bad_file_is_refused_recorded(apigateway, kind):
    api_id = apigateway.import_rest_api(body=PETSTORES["swagger-json"]())["id"]
    before = _state(apigateway)

    error = error_of(apigateway.put_rest_api, restApiId=api_id, mode="overwrite", body=BAD_FILES[kind])

    assert_matches(error, recorded(FILE, "test_import_api_bad_file", f"put-rest-api-bad-{kind}-file"))
    assert _state(apigateway) == before


@pytest.mark.parametrize("body", [
    b"just text", b"[1, 2, 3]", b"{}", b'{"openapi": "2.5", "info": {"title": "x"}, "paths": {}}',
    b'{"swagger": "2.0", "info": {"title": "x"}, "paths": []}', b'{"swagger": "2.0", "info": "x"}',
    b'{"swagger": "2.0", "info": {"version": "1"}, "paths": {}}', b"\xff\xfe\x00",
], ids=["text", "list", "empty-object", "bad-version", "paths-list", "info-string", "no-title", "not-utf8"])
def test_import_not_openapi_is_invalid_input(apigateway, body):
    error = error_of(apigateway.import_rest_api, body=body)

    assert_error(error, "BadRequestException", "Invalid OpenAPI input.", 400)
    assert apigateway.get_rest_apis()["items"] == []


# --- parameters, modes, extensions ----------------------------------------------------------


def test_import_endpoint_configuration_types_parameter(apigateway):
    api = apigateway.import_rest_api(body=PETSTORES["oas30-yaml"](),
                                     parameters={"endpointConfigurationTypes": "REGIONAL"})

    assert api["endpointConfiguration"] == {"types": ["REGIONAL"], "ipAddressType": "ipv4"}


def test_import_unknown_endpoint_type_is_refused(apigateway):
    error = error_of(apigateway.import_rest_api, body=PETSTORES["oas30-yaml"](),
                     parameters={"endpointConfigurationTypes": "GLOBAL"})

    assert_error(error, "BadRequestException",
                 "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE", 400)
    assert apigateway.get_rest_apis()["items"] == []


def test_import_unknown_basepath_mode_is_refused(apigateway):
    error = error_of(apigateway.import_rest_api, body=PETSTORES["oas30-yaml"](), parameters={"basepath": "glue"})

    assert_error(error, "BadRequestException",
                 "Invalid basepath parameter value: glue. Valid values are ignore, prepend and split", 400)
    assert apigateway.get_rest_apis()["items"] == []


@pytest.mark.parametrize(("variant", "mode", "paths"), [
    ("swagger-json", "prepend", ["/", "/v1", "/v1/pets", "/v1/pets/{petId}"]),
    ("oas30-yaml", "prepend", ["/", "/v1", "/v1/pets", "/v1/pets/{petId}"]),
    ("oas30-yaml", "split", ["/", "/pets", "/pets/{petId}"]),
    ("swagger-json", "ignore", ["/", "/pets", "/pets/{petId}"]),
])
def test_import_base_path_modes(apigateway, variant, mode, paths):
    api_id = apigateway.import_rest_api(body=PETSTORES[variant](), parameters={"basepath": mode})["id"]

    resources = apigateway.get_resources(restApiId=api_id)["items"]

    assert [r["path"] for r in resources] == paths
    if mode == "prepend":
        by_path = {r["path"]: r for r in resources}
        assert "resourceMethods" not in by_path["/"] and sorted(by_path["/v1"]["resourceMethods"]) == ["GET"]


def test_import_warnings_and_fail_on_warnings(apigateway):
    document = _oas30_base_path({"url": "/"}, {"integration.request.header.flag": 5})
    message = ("Invalid format for 'requestParameters'. Expected type string for property "
               "'integration.request.header.flag' of resource '/test' and method 'GET' but got '5'")

    error = error_of(apigateway.import_rest_api, body=_body(document), failOnWarnings=True)

    assert_error(error, "BadRequestException", "Warnings found during import:\n\t" + message, 400)
    assert apigateway.get_rest_apis()["items"] == []
    api = apigateway.import_rest_api(body=_body(document))
    assert api["warnings"] == [message]
    assert "warnings" not in apigateway.get_rest_api(restApiId=api["id"])


EXTENSIONS = {
    "swagger": "2.0",
    "info": {"title": "extensions", "description": "all the extensions", "version": "3"},
    "x-amazon-apigateway-api-key-source": "AUTHORIZER",
    "x-amazon-apigateway-minimum-compression-size": 1024,
    "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": []},
    "x-amazon-apigateway-request-validators": {
        "all": {"validateRequestBody": True, "validateRequestParameters": True},
        "params-only": {"validateRequestParameters": True}},
    "x-amazon-apigateway-request-validator": "params-only",
    "x-amazon-apigateway-gateway-responses": {
        "MISSING_AUTHENTICATION_TOKEN": {"statusCode": 404, "responseTemplates": {
            "application/json": '{"message": "no such route"}'}}},
    "x-amazon-apigateway-documentation": {"version": "1", "documentationParts": [
        {"location": {"type": "API"}, "properties": {"description": "an API"}},
        {"location": {"type": "METHOD", "path": "/items", "method": "GET"}, "properties": {"summary": "list"}}]},
    "securityDefinitions": {
        "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
        "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                  "x-amazon-apigateway-authtype": "awsSigv4"}},
    "paths": {"/items": {
        "get": {
            "security": [{"api_key": []}],
            "parameters": [{"name": "X-Trace", "in": "header", "required": True, "type": "string"}],
            "responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {
                "type": "http", "httpMethod": "get", "uri": "https://example.com/items",
                "connectionType": "VPC_LINK", "connectionId": "abc123", "timeoutInMillis": 5000,
                "cacheKeyParameters": ["method.request.header.X-Trace"], "cacheNamespace": "items",
                "contentHandling": "convert_to_text", "credentials": "arn:aws:iam::123456789012:role/call",
                "tlsConfig": {"insecureSkipVerification": True},
                "responses": {
                    "default": {"statusCode": "200"},
                    "4\\d{2}": {"statusCode": "400", "contentHandling": "CONVERT_TO_TEXT",
                                "responseTemplates": {"application/json": "#set($e = $input.path('$'))"}}}}},
        "delete": {
            "security": [{"sigv4": []}],
            "x-amazon-apigateway-request-validator": "all",
            "responses": {"204": {"description": "gone"}}}}},
}


def test_import_api_level_extensions(apigateway):
    api = apigateway.import_rest_api(body=_body(EXTENSIONS, as_yaml=True))
    api_id = api["id"]

    assert api["apiKeySource"] == "AUTHORIZER"
    assert api["minimumCompressionSize"] == 1024
    assert api["policy"].startswith('{\\"')  # minified and escaped, as AWS answers
    assert json.loads(json.loads(f'"{api["policy"]}"')) == {"Version": "2012-10-17", "Statement": []}
    assert api["description"] == "all the extensions"
    validators = {v["name"]: v for v in apigateway.get_request_validators(restApiId=api_id)["items"]}
    assert validators["params-only"]["validateRequestBody"] is False
    assert validators["all"]["validateRequestBody"] is True
    response = apigateway.get_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN")
    assert response["statusCode"] == "404"
    assert response["responseTemplates"] == {"application/json": '{"message": "no such route"}'}
    parts = apigateway.get_documentation_parts(restApiId=api_id)["items"]
    assert [(p["location"], json.loads(p["properties"])) for p in parts] == [
        ({"type": "API"}, {"description": "an API"}),
        ({"type": "METHOD", "path": "/items", "method": "GET"}, {"summary": "list"})]


def test_import_method_level_extensions(apigateway):
    api_id = apigateway.import_rest_api(body=_body(EXTENSIONS))["id"]
    resource = {r["path"]: r["id"] for r in apigateway.get_resources(restApiId=api_id)["items"]}["/items"]
    validators = {v["name"]: v["id"] for v in apigateway.get_request_validators(restApiId=api_id)["items"]}

    get = apigateway.get_method(restApiId=api_id, resourceId=resource, httpMethod="GET")
    delete = apigateway.get_method(restApiId=api_id, resourceId=resource, httpMethod="DELETE")

    assert (get["apiKeyRequired"], get["authorizationType"]) == (True, "NONE")
    assert get["requestParameters"] == {"method.request.header.X-Trace": True}
    assert get["requestValidatorId"] == validators["params-only"]
    assert (delete["apiKeyRequired"], delete["authorizationType"]) == (False, "AWS_IAM")
    assert delete["requestValidatorId"] == validators["all"]
    assert "methodIntegration" not in delete
    integration = get["methodIntegration"]
    assert {k: integration[k] for k in ("httpMethod", "connectionType", "connectionId", "timeoutInMillis",
                                        "cacheKeyParameters", "cacheNamespace", "contentHandling", "credentials",
                                        "tlsConfig")} == {
        "httpMethod": "GET", "connectionType": "VPC_LINK", "connectionId": "abc123", "timeoutInMillis": 5000,
        "cacheKeyParameters": ["method.request.header.X-Trace"], "cacheNamespace": "items",
        "contentHandling": "CONVERT_TO_TEXT", "credentials": "arn:aws:iam::123456789012:role/call",
        "tlsConfig": {"insecureSkipVerification": True}}
    assert integration["integrationResponses"] == {
        "200": {"statusCode": "200"},
        "400": {"statusCode": "400", "selectionPattern": "4\\d{2}", "contentHandling": "CONVERT_TO_TEXT",
                "responseTemplates": {"application/json": "#set($e = $input.path('$'))"}}}


def test_import_ignore_documentation(apigateway):
    api_id = apigateway.import_rest_api(body=_body(EXTENSIONS), parameters={"ignore": "documentation"})["id"]

    assert apigateway.get_documentation_parts(restApiId=api_id)["items"] == []


def test_put_rest_api_merge_keeps_and_adds(apigateway):
    api_id = apigateway.import_rest_api(body=PETSTORES["swagger-json"]())["id"]
    before = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    document = {"swagger": "2.0", "info": {"title": "PetStore v2"}, "paths": {
        "/pets": {"delete": {"responses": {"204": {"description": "gone"}},
                             "x-amazon-apigateway-integration": {"type": "mock"}}},
        "/owners": {"get": {"responses": {"200": {"description": "owners"}}}}},
        "definitions": {"Owner": {"type": "object"}}}

    response = apigateway.put_rest_api(restApiId=api_id, body=_body(document))

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (response["name"], response["version"], response["tags"]) == ("PetStore v2", "2.1", {})
    after = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    assert sorted(after) == ["/", "/owners", "/pets", "/pets/{petId}"]
    assert after["/pets"]["id"] == before["/pets"]["id"]
    assert sorted(after["/pets"]["resourceMethods"]) == ["DELETE", "GET", "OPTIONS", "POST"]
    assert sorted(m["name"] for m in apigateway.get_models(restApiId=api_id)["items"]) == [
        "Empty", "NewPet", "NewPetResponse", "Owner", "Pet", "PetType", "Pets"]


def test_put_rest_api_overwrite_replaces(apigateway):
    api_id = apigateway.import_rest_api(body=PETSTORES["swagger-json"]())["id"]
    before = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    document = {"openapi": "3.0.1", "info": {"title": "Pets only"}, "paths": {
        "/pets": {"delete": {"responses": {"204": {"description": "gone"}},
                             "x-amazon-apigateway-integration": {"type": "mock"}}}},
        "components": {"schemas": {"Pet": {"type": "object"}}}}

    response = apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=_body(document))

    assert (response["name"], "version" in response, "description" in response) == ("Pets only", False, False)
    after = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    assert sorted(after) == ["/", "/pets"]
    assert after["/"]["id"] == before["/"]["id"] and "resourceMethods" not in after["/"]
    assert after["/pets"]["id"] == before["/pets"]["id"]
    assert list(after["/pets"]["resourceMethods"]) == ["DELETE"]
    assert [m["name"] for m in apigateway.get_models(restApiId=api_id)["items"]] == ["Pet"]


def test_put_rest_api_keeps_authorizer_ids_by_name(apigateway):
    body = _petstore("aws-petstore-authorizers.json")
    api_id = apigateway.import_rest_api(body=body)["id"]
    ids = {a["name"]: a["id"] for a in apigateway.get_authorizers(restApiId=api_id)["items"]}
    document = json.loads(body)
    del document["securityDefinitions"]["test-authorizer-not-used"]

    apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=_body(document))

    after = {a["name"]: a["id"] for a in apigateway.get_authorizers(restApiId=api_id)["items"]}
    assert after == {"test-authorizer": ids["test-authorizer"]}
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    assert apigateway.get_method(restApiId=api_id, resourceId=root, httpMethod="GET")["authorizerId"] == \
        ids["test-authorizer"]


def test_put_rest_api_unknown_api(apigateway):
    error = error_of(apigateway.put_rest_api, restApiId="nope123456", body=PETSTORES["swagger-json"]())

    assert_error(error, "NotFoundException", "Invalid API identifier specified 123456789012:nope123456", 404)


def test_put_rest_api_fail_on_warnings_changes_nothing(apigateway):
    api_id = apigateway.import_rest_api(body=PETSTORES["swagger-json"]())["id"]
    before = _state(apigateway)
    document = copy.deepcopy(_oas30_base_path({"url": "/"}, {"integration.request.header.x": False}))

    error = error_of(apigateway.put_rest_api, restApiId=api_id, mode="overwrite", body=_body(document),
                     failOnWarnings=True)

    assert_error(error, "BadRequestException", status=400)
    assert error["Error"]["Message"].startswith("Warnings found during import:\n\t")
    assert _state(apigateway) == before


def test_import_keeps_stage_variables_and_skips_unknown_authorizer_types(apigateway):
    document = {
        "openapi": "3.0.1",
        "info": {"title": "stage-variables"},
        "components": {"securitySchemes": {"jwt": {
            "type": "oauth2",
            "x-amazon-apigateway-authorizer": {"type": "jwt", "identitySource": "$request.header.A"}}}},
        "paths": {"/test": {"post": {
            "security": [{"jwt": []}],
            "responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {
                "type": "http", "httpMethod": "POST", "uri": "http://${stageVariables.host}/test-path",
                "requestParameters": {"integration.request.querystring.qs_key": "'qs_value'"}}}}},
    }

    api = apigateway.import_rest_api(body=_body(document))

    assert api["warnings"] == ["Invalid authorizer type 'jwt' of security scheme 'jwt'"]
    assert apigateway.get_authorizers(restApiId=api["id"])["items"] == []
    resource = [r for r in apigateway.get_resources(restApiId=api["id"])["items"] if r["path"] == "/test"][0]
    method = apigateway.get_method(restApiId=api["id"], resourceId=resource["id"], httpMethod="POST")
    assert method["authorizationType"] == "NONE"
    assert method["methodIntegration"]["uri"] == "http://${stageVariables.host}/test-path"
    assert method["methodIntegration"]["requestParameters"] == {
        "integration.request.querystring.qs_key": "'qs_value'"}


def test_import_private_endpoint_configuration_extension(apigateway):
    document = {"swagger": "2.0", "info": {"title": "private"}, "paths": {},
                "x-amazon-apigateway-endpoint-configuration": {"vpcEndpointIds": ["vpce-0123"],
                                                               "disableExecuteApiEndpoint": True}}

    api = apigateway.import_rest_api(body=_body(document), parameters={"endpointConfigurationTypes": "PRIVATE"})

    assert api["endpointConfiguration"] == {"types": ["PRIVATE"], "ipAddressType": "dualstack",
                                            "vpcEndpointIds": ["vpce-0123"]}
    assert api["disableExecuteApiEndpoint"] is True
