"""OpenAPI import attacked by meaning rather than size (test_openapi_scale_attacks.py has the size
attacks): documents that are JSON or YAML but not OpenAPI, hostile paths and ``$ref``s, every
extension with values of the wrong kind, bad import parameters. Each answer is AWS's 4xx (BadRequest
"Invalid OpenAPI input.", "Errors found during import:" with one tab-indented line each, or a warning),
never a 500; a refused PutRestApi or ReimportApi leaves the API exactly as it was (resources,
methods, models, authorizers, export), and the mock serves the next call.

Defects these tests found (now fixed): an imported gateway response's status code that
PutGatewayResponse refuses (``abc`` made the data plane raise ValueError, ``999`` answered 999);
model names CreateModel refuses (AWS: "Unable to create model for 'body_1': Model name
must be alphanumeric: body_1", PutRestApi in edx/api-manager#259; api-platform/core#3193;
terra-money/fcd-classic#36 for a schema naming such a model); a parameter without a name imported
as ``method.request.querystring.None``; JSON pointers into lists (``#/x/0``) not followed; a
``swagger: "2.0"`` document carrying a non-3.x ``openapi`` key read as 3.0; HTTP API authorizers
that CreateAuthorizer refuses imported as they were (a REQUEST one without a URI then answered
500); an HTTP API path item given as ``$ref`` imported with no routes.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from helpers import assert_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

INVALID = "Invalid OpenAPI input."
ERRORS = "Errors found during import:\n\t"
REGION = "us-east-1"
FUNCTION = f"arn:aws:lambda:{REGION}:123456789012:function:f"
LAMBDA_URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"
MOCK = {"type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
        "responses": {"default": {"statusCode": "200"}}}
PROXY = {"type": "aws_proxy", "uri": FUNCTION, "payloadFormatVersion": "2.0"}


def _swagger(paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"swagger": "2.0", "info": {"title": "attacked", "version": "1"}, "paths": paths or {}, **extra}


def _oas3(paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "attacked", "version": "1"}, "paths": paths or {}, **extra}


def _get(integration: dict[str, Any] | None = None, **operation: Any) -> dict[str, Any]:
    return {"get": {"responses": {"200": {"description": "ok"}},
                    "x-amazon-apigateway-integration": integration or MOCK, **operation}}


def _body(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


# --- state snapshots ---------------------------------------------------------------------


def _rest_state(client: Any, api_id: str) -> dict[str, Any]:
    resources = client.get_resources(restApiId=api_id, embed=["methods"], limit=500)["items"]
    models = client.get_models(restApiId=api_id, limit=500)["items"]
    api = client.get_rest_api(restApiId=api_id)
    for answer in (api,):
        answer.pop("ResponseMetadata", None)
    return {
        "api": api,
        "resources": sorted(resources, key=lambda r: r["path"]),
        "models": models,
        "authorizers": client.get_authorizers(restApiId=api_id)["items"],
        "validators": client.get_request_validators(restApiId=api_id)["items"],
        "gateway": client.get_gateway_responses(restApiId=api_id)["items"],
    }


def _http_state(client: Any, api_id: str) -> dict[str, Any]:
    api = client.get_api(ApiId=api_id)
    api.pop("ResponseMetadata", None)
    return {"api": api, "routes": client.get_routes(ApiId=api_id)["Items"],
            "integrations": client.get_integrations(ApiId=api_id)["Items"],
            "authorizers": client.get_authorizers(ApiId=api_id)["Items"],
            "export": client.export_api(ApiId=api_id, Specification="OAS30", OutputType="JSON")["body"].read()}


@pytest.fixture
def rest_api(apigateway: Any) -> str:
    """A REST API with a resource, a method, a model, an authorizer, a validator and a gateway response."""
    document = _swagger(
        {"/kept/{id}": {"post": {"parameters": [{"in": "body", "name": "b", "schema": {"$ref": "#/definitions/Pet"}},
                                                {"in": "path", "name": "id", "required": True}],
                                 "security": [{"tok": []}], "responses": {"200": {"description": "ok"}},
                                 "x-amazon-apigateway-request-validator": "all",
                                 "x-amazon-apigateway-integration": MOCK}}},
        definitions={"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
        securityDefinitions={"tok": {"type": "apiKey", "name": "Authorization", "in": "header",
                                     "x-amazon-apigateway-authtype": "custom",
                                     "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": LAMBDA_URI}}},
        **{"x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": True}},
           "x-amazon-apigateway-gateway-responses": {"DEFAULT_4XX": {"statusCode": "418"}},
           "x-amazon-apigateway-binary-media-types": ["image/png"]})
    return str(apigateway.import_rest_api(body=_body(document))["id"])


@pytest.fixture
def http_api(apigatewayv2: Any) -> str:
    document = _oas3({"/kept": {"get": {"security": [{"jwt": ["read"]}], "x-amazon-apigateway-integration": PROXY}}},
                     components={"securitySchemes": {"jwt": {"type": "oauth2", "x-amazon-apigateway-authorizer": {
                         "type": "jwt", "identitySource": "$request.header.Authorization",
                         "jwtConfiguration": {"issuer": "https://issuer.example.com", "audience": ["a"]}}}}},
                     **{"x-amazon-apigateway-cors": {"allowOrigins": ["https://a.example"], "maxAge": 5}})
    return str(apigatewayv2.import_api(Body=_body(document))["ApiId"])


def _refused_put(client: Any, api_id: str, document: Any, **kwargs: Any) -> dict[str, Any]:
    """Both PutRestApi modes refuse the document and leave the API as it was."""
    before = _rest_state(client, api_id)
    answers = []
    for mode in ("merge", "overwrite"):
        answers.append(error_of(client.put_rest_api, restApiId=api_id, mode=mode, body=_body(document), **kwargs))
        assert _rest_state(client, api_id) == before
    assert answers[0]["Error"] == answers[1]["Error"]
    return answers[0]


def _refused_reimport(client: Any, api_id: str, document: Any, **kwargs: Any) -> dict[str, Any]:
    before = _http_state(client, api_id)
    answer = error_of(client.reimport_api, ApiId=api_id, Body=_body(document), **kwargs)
    assert _http_state(client, api_id) == before
    return answer


# --- not OpenAPI ---------------------------------------------------------------------------

NOT_OPENAPI = [
    "[1, 2]", '"a string"', "null", "42", "true", "- a\n- b\n", "just text: [",
    _body({"openapi": "4.0.0", "info": {"title": "t"}, "paths": {}}),
    _body({"openapi": "2.0", "info": {"title": "t"}, "paths": {}}),
    _body({"swagger": "3.0", "info": {"title": "t"}, "paths": {}}),
    _body({"openapi": True, "info": {"title": "t"}, "paths": {}}),
    _body({"openapi": ["3.0.1"], "info": {"title": "t"}, "paths": {}}),
    _body({"info": {"title": "t"}, "paths": {}}),
    _body({"swagger": "2.0", "info": ["t"], "paths": {}}),
    _body({"swagger": "2.0", "info": {"title": "t"}, "paths": ["/a"]}),
    _body({"swagger": "2.0", "info": {"title": "t"}, "paths": {"/a": None}}),
    _body({"swagger": "2.0", "info": {"title": "t"}, "paths": {"/a": "get"}}),
]


@pytest.mark.parametrize("body", NOT_OPENAPI)
def test_documents_that_are_not_openapi_are_invalid_input_everywhere(apigateway, apigatewayv2, rest_api, http_api,
                                                                      body):
    assert_error(error_of(apigateway.import_rest_api, body=body), "BadRequestException", INVALID, 400)
    assert_error(_refused_put(apigateway, rest_api, body), "BadRequestException", INVALID, 400)
    assert_error(error_of(apigatewayv2.import_api, Body=body), "BadRequestException", INVALID, 400)
    assert_error(_refused_reimport(apigatewayv2, http_api, body), "BadRequestException", INVALID, 400)
    assert len(apigateway.get_rest_apis()["items"]) == 1
    assert len(apigatewayv2.get_apis()["Items"]) == 1


@pytest.mark.parametrize("body", [
    "swagger: '2.0'\ninfo: {title: t}\npaths: !!python/object/apply:os.system ['echo imported']\n",
    "swagger: '2.0'\ninfo: {title: !!python/name:os.system }\npaths: {}\n",
    "swagger: '2.0'\ninfo: {title: t}\npaths: {}\n---\nmore: 1\n",
    "swagger: '2.0'\ninfo: {title: t}\npaths: {? [a, b] : {get: {}}}\n",
])
def test_yaml_that_is_not_plain_data_is_invalid_input(apigateway, apigatewayv2, body, capfd):
    """Python tags are never constructed (nothing is run), nor a second document or a list as a key read."""
    assert_error(error_of(apigateway.import_rest_api, body=body), "BadRequestException", INVALID, 400)
    assert_error(error_of(apigatewayv2.import_api, Body=body), "BadRequestException", INVALID, 400)
    assert "imported" not in capfd.readouterr().out


def test_yaml_merge_keys_and_anchors_are_data(apigateway):
    body = ("swagger: '2.0'\ninfo: {title: t}\nx-base: &b {get: {x-amazon-apigateway-integration: {type: mock}}}\n"
            "paths:\n  /a: {<<: *b}\n  /b: *b\n")
    api_id = apigateway.import_rest_api(body=body)["id"]
    assert _paths_of(apigateway, api_id) == {"/": [], "/a": ["GET"], "/b": ["GET"]}


@pytest.mark.parametrize("info", [{}, {"title": ""}, {"title": ["t"]}, {"title": {"a": 1}}])
def test_an_import_without_a_usable_title_is_invalid_input(apigateway, apigatewayv2, info):
    for document in (_swagger(), _oas3()):
        document["info"] = info
        assert_error(error_of(apigateway.import_rest_api, body=_body(document)), "BadRequestException", INVALID, 400)
        assert_error(error_of(apigatewayv2.import_api, Body=_body(document)), "BadRequestException", INVALID, 400)
    assert apigateway.get_rest_apis()["items"] == []
    assert apigatewayv2.get_apis()["Items"] == []


def test_a_swagger_document_with_a_stray_openapi_key_is_read_as_swagger(apigateway):
    """Defect: ``openapi: 4`` beside ``swagger: "2.0"`` made the 2.0 document read as 3.0, losing its
    definitions (guess: the valid version field decides)."""
    document = _swagger({"/a": {"post": {"parameters": [{"in": "body", "name": "b",
                                                         "schema": {"$ref": "#/definitions/Pet"}}]}}},
                        openapi=4, definitions={"Pet": {"type": "object", "properties": {"a": {"type": "string"}}}})
    api_id = apigateway.import_rest_api(body=_body(document))["id"]
    assert [m["name"] for m in apigateway.get_models(restApiId=api_id)["items"]] == ["Pet"]
    resource = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/a")
    method = apigateway.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod="POST")
    assert method["requestModels"] == {"application/json": "Pet"}


# --- paths -------------------------------------------------------------------------------

def _paths_of(client: Any, api_id: str) -> dict[str, list[str]]:
    return {r["path"]: sorted(r.get("resourceMethods", {})) for r in client.get_resources(restApiId=api_id)["items"]}


def test_a_trailing_slash_names_the_same_resource_and_case_another(apigateway):
    document = _swagger({"/a": _get(), "/a/": {"post": {"x-amazon-apigateway-integration": MOCK}}, "/A": _get()})
    api_id = apigateway.import_rest_api(body=_body(document))["id"]
    assert _paths_of(apigateway, api_id) == {"/": [], "/a": ["GET", "POST"], "/A": ["GET"]}


@pytest.mark.parametrize(("path", "line"), [
    ("/{proxy+}/a", "Unable to create resource at path '/{proxy+}/a': Cannot create a child of a resource with a "
                    "greedy path variable: {proxy+}"),
    ("/{a", "Unable to create resource at path '/{a': Resource's path part only allow a-zA-Z0-9._-: or a valid "
            "greedy path variable and curly braces at the beginning and the end and an optional plus sign before "
            "the closing brace."),
    ("/a\x00b", "Unable to create resource at path '/a\x00b': Resource's path part only allow a-zA-Z0-9._-: or a "
                "valid greedy path variable and curly braces at the beginning and the end and an optional plus "
                "sign before the closing brace."),
])
def test_paths_create_resource_refuses_are_import_errors(apigateway, rest_api, path, line):
    document = _swagger({path: _get()})
    assert_error(error_of(apigateway.import_rest_api, body=_body(document)), "BadRequestException", ERRORS + line, 400)
    assert_error(_refused_put(apigateway, rest_api, document), "BadRequestException", ERRORS + line, 400)
    assert len(apigateway.get_rest_apis()["items"]) == 1


def test_two_variable_siblings_are_refused_with_every_error_listed(apigateway, rest_api):
    document = _swagger({"/{a}": _get(), "/{b}/c": _get(), "/{proxy+}/x": _get()})
    message = _refused_put(apigateway, rest_api, document)["Error"]["Message"]
    assert message.startswith(ERRORS)
    assert message.count("\n\t") == 2
    assert "A sibling ({a}) of this resource already has a variable path part -- only one is allowed" in message


def test_any_method_beside_get_and_unknown_keys(apigateway, apigatewayv2):
    item = {**_get(), "x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": MOCK},
            "trace": {"x-amazon-apigateway-integration": MOCK}, "foo": [1], "summary": "s", "parameters": []}
    api_id = apigateway.import_rest_api(body=_body(_swagger({"/a": item})))["id"]
    assert _paths_of(apigateway, api_id)["/a"] == ["ANY", "GET"]
    http_item = {"get": {"x-amazon-apigateway-integration": PROXY},
                 "x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": PROXY},
                 "trace": {"x-amazon-apigateway-integration": PROXY}, "foo": [1]}
    http_id = apigatewayv2.import_api(Body=_body(_oas3({"/a": http_item})))["ApiId"]
    assert sorted(r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=http_id)["Items"]) == ["ANY /a", "GET /a"]


@pytest.mark.parametrize(("path", "fragment"), [
    ("a b", "Unable to create route 'GET a b': The provided route key is not formatted properly"),
    ("/{proxy+}/a", "Unable to create route 'GET /{proxy+}/a': One or more path parts appear to be invalid"),
    ("/a/", "Unable to create route 'GET /a/': One or more path parts appear to be invalid"),
])
def test_http_routes_create_route_refuses_are_import_errors(apigatewayv2, http_api, path, fragment):
    document = _oas3({path: {"get": {"x-amazon-apigateway-integration": PROXY}}})
    answer = error_of(apigatewayv2.import_api, Body=_body(document))
    assert_error(answer, "BadRequestException", status=400)
    assert answer["Error"]["Message"].startswith(ERRORS + fragment)
    assert _refused_reimport(apigatewayv2, http_api, document)["Error"] == answer["Error"]
    assert len(apigatewayv2.get_apis()["Items"]) == 1


# --- $ref -----------------------------------------------------------------------------------

HOSTILE_REFS = ["http://127.0.0.1:9/x.json", "file:///etc/passwd", "other.yaml#/x", "#/nowhere", "#/paths/~1a",
                "#", "", "#/x-loop"]


@pytest.mark.parametrize("ref", HOSTILE_REFS)
def test_hostile_refs_are_never_followed_outside_the_document(apigateway, apigatewayv2, ref):
    """Nothing is fetched (the guard would fail any socket) and no cycle loops: an unresolved path item
    is a resource without methods, an unresolved parameter or schema is ignored."""
    loop = {"x-loop": {"$ref": "#/x-loop"}}
    rest = _swagger({"/a": {"$ref": ref},
                     "/b": {"get": {"parameters": [{"$ref": ref}], "responses": {"200": {"description": "o",
                                                                                          "schema": {"$ref": ref}}},
                                    "x-amazon-apigateway-integration": MOCK}}}, **loop)
    api_id = apigateway.import_rest_api(body=_body(rest))["id"]
    paths = _paths_of(apigateway, api_id)
    assert paths["/b"] == ["GET"]
    assert paths["/a"] == []
    http = _oas3({"/b": {"get": {"x-amazon-apigateway-integration": {"$ref": ref}}}}, **loop)
    answer = apigatewayv2.import_api(Body=_body(http))
    routes = apigatewayv2.get_routes(ApiId=answer["ApiId"])["Items"]
    assert [r["RouteKey"] for r in routes] == ["GET /b"]
    assert "Target" not in routes[0]


def test_a_path_item_ref_to_a_string_is_invalid_input(apigateway, apigatewayv2):
    for client, call, document in ((apigateway, "import_rest_api", _swagger({"/a": {"$ref": "#/info/title"}})),
                                   (apigatewayv2, "import_api", _oas3({"/a": {"$ref": "#/info/title"}}))):
        answer = error_of(getattr(client, call), **{"body" if client is apigateway else "Body": _body(document)})
        assert_error(answer, "BadRequestException", INVALID, 400)


def test_json_pointer_escapes_and_list_indexes_resolve(apigateway):
    """``~1`` is ``/`` and ``~0`` is ``~`` (RFC 6901), and a pointer may index a list: the last was
    not followed (defect: the parameter was lost)."""
    document = _swagger({"/a": {"get": {"parameters": [{"$ref": "#/x-p~1q/a~0b"}, {"$ref": "#/x-list/1"}],
                                        "x-amazon-apigateway-integration": MOCK}}},
                        **{"x-p/q": {"a~b": {"in": "query", "name": "escaped"}},
                           "x-list": [{"in": "query", "name": "zero"}, {"in": "header", "name": "one"}]})
    api_id = apigateway.import_rest_api(body=_body(document))["id"]
    resource = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/a")
    method = apigateway.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET")
    assert method["requestParameters"] == {"method.request.querystring.escaped": False,
                                           "method.request.header.one": False}


def test_an_http_api_path_item_ref_is_followed(apigatewayv2):
    """Defect: ImportApi ignored a path item given as ``$ref`` (OpenAPI 3.0's Path Item Object allows it)."""
    document = _oas3({"/a": {"$ref": "#/x-items/a"}},
                     **{"x-items": {"a": {"get": {"x-amazon-apigateway-integration": PROXY}}}})
    api_id = apigatewayv2.import_api(Body=_body(document))["ApiId"]
    assert [r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]] == ["GET /a"]


# --- parameters ------------------------------------------------------------------------------

def test_parameters_without_a_name_or_location_are_left_out(apigateway):
    """Defect: a parameter without ``name`` became ``method.request.querystring.None``."""
    params = [{"in": "query"}, {"in": "header", "name": ""}, {"name": "x"}, {"in": "cookie", "name": "c"},
              {"in": "query", "name": "kept", "required": "true"}]
    document = _swagger({"/a": {"get": {"parameters": params, "x-amazon-apigateway-integration": MOCK}}})
    api_id = apigateway.import_rest_api(body=_body(document))["id"]
    resource = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/a")
    method = apigateway.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET")
    assert method["requestParameters"] == {"method.request.querystring.kept": True}


# --- integrations -----------------------------------------------------------------------------

MALFORMED = "Unable to parse API definition because of a malformed integration at path /a."


@pytest.mark.parametrize("fields", [
    {"timeoutInMillis": "abc"}, {"timeoutInMillis": 1.5}, {"timeoutInMillis": 10**30}, {"responses": [1]},
    {"requestTemplates": [1]}, {"cacheKeyParameters": "x"}, {"tlsConfig": "x"}, {"requestParameters": "x"},
    {"uri": {"a": 1}}, {"type": ["mock"]},
])
def test_integration_values_of_the_wrong_type_are_a_malformed_integration(apigateway, rest_api, fields):
    document = _swagger({"/a": _get({**MOCK, **fields})})
    assert_error(error_of(apigateway.import_rest_api, body=_body(document)), "BadRequestException", MALFORMED, 400)
    assert_error(_refused_put(apigateway, rest_api, document), "BadRequestException", MALFORMED, 400)


PUT = "Unable to put integration on 'GET' for resource at path '/a': "
BAD_ENDPOINT = "Invalid HTTP endpoint specified for URI"


@pytest.mark.parametrize(("fields", "line"), [
    ({"type": "aws", "uri": "not an arn", "httpMethod": "POST"}, PUT + "Invalid ARN specified in the request"),
    ({"type": "http", "uri": "ftp://example.com", "httpMethod": "GET"}, PUT + BAD_ENDPOINT),
    ({"type": "http", "uri": "file:///etc/passwd", "httpMethod": "GET"}, PUT + BAD_ENDPOINT),
    ({"timeoutInMillis": -5}, PUT + "Timeout should be between 50 ms and 29000 ms"),
    ({"passthroughBehavior": "sometimes"}, PUT + "Invalid passthrough behavior specified: SOMETIMES. Valid options "
                                                 "are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER"),
    ({"responses": {"(": {"statusCode": "200"}}},
     "Unable to put integration response on 'GET' for resource at path '/a': Invalid selection pattern specified: ("),
])
def test_integrations_put_integration_refuses_are_import_errors(apigateway, rest_api, fields, line):
    document = _swagger({"/a": _get({**MOCK, **fields})})
    assert_error(error_of(apigateway.import_rest_api, body=_body(document)), "BadRequestException", ERRORS + line, 400)
    assert_error(_refused_put(apigateway, rest_api, document), "BadRequestException", ERRORS + line, 400)
    assert len(apigateway.get_rest_apis()["items"]) == 1


def test_an_unknown_integration_type_is_a_warning_and_failonwarnings_refuses_it(apigateway, rest_api):
    document = _swagger({"/a": _get({"type": "bogus"})})
    warning = "Invalid integration type 'bogus' of resource '/a' and method 'GET'"
    answer = apigateway.import_rest_api(body=_body(document))
    assert answer["warnings"] == [warning]
    refused = error_of(apigateway.import_rest_api, body=_body(document), failOnWarnings=True)
    assert_error(refused, "BadRequestException", "Warnings found during import:\n\t" + warning, 400)
    assert_error(_refused_put(apigateway, rest_api, document, failOnWarnings=True), "BadRequestException",
                 "Warnings found during import:\n\t" + warning, 400)
    assert len(apigateway.get_rest_apis()["items"]) == 2


# --- models (defects) -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["body_1", "a.b", "a:b", "a-b", "a b", "é"])
def test_model_names_create_model_refuses_are_import_errors(apigateway, rest_api, name):
    """AWS: "Errors found during import:\\n\\tUnable to create model for 'body_1': Model name must be
    alphanumeric: body_1" (PutRestApi, edx/api-manager#259)."""
    document = _swagger(definitions={name: {"type": "object"}})
    line = f"Unable to create model for '{name}': Model name must be alphanumeric: {name}"
    assert_error(error_of(apigateway.import_rest_api, body=_body(document)), "BadRequestException", ERRORS + line, 400)
    assert_error(_refused_put(apigateway, rest_api, document), "BadRequestException", ERRORS + line, 400)
    assert len(apigateway.get_rest_apis()["items"]) == 1


def test_a_model_naming_a_refused_or_missing_model_is_refused_too(apigateway):
    """terra-money/fcd-classic#36: "Unable to create model for 'getAccountGrowthResult': Invalid model
    specified: Validation Result: warnings : [], errors : [Invalid model specified: ...cumulative]"."""
    document = _swagger(definitions={
        "Top": {"type": "object", "properties": {"a": {"$ref": "#/definitions/a_b"},
                                                 "b": {"$ref": "#/definitions/Gone"},
                                                 "c": {"$ref": "#/definitions/Ok"}}},
        "a_b": {"type": "object"}, "Ok": {"type": "object"}})
    message = error_of(apigateway.import_rest_api, body=_body(document))["Error"]["Message"]
    assert message == ERRORS + "\n\t".join([
        "Unable to create model for 'Top': Invalid model specified: Validation Result: warnings : [], errors : "
        "[Invalid model specified: a_b, Invalid model specified: Gone]",
        "Unable to create model for 'a_b': Model name must be alphanumeric: a_b"])
    assert apigateway.get_rest_apis()["items"] == []


@pytest.mark.parametrize("schema", [{"type": "bogus"}, {"type": "object", "required": "a"},
                                    {"properties": {"a": {"pattern": "("}}}, {"$ref": "http://127.0.0.1:9/x"},
                                    {"$ref": "file:///etc/passwd"}])
def test_model_schemas_are_kept_as_given_and_never_break_the_data_plane(apigateway, schema):
    """Guess (gwmock/openapi/importer.py): schemas CreateModel refuses import as given; a request
    validated against one is answered, never a 500, and nothing is fetched."""
    document = _swagger({"/a": {"post": {"parameters": [{"in": "body", "name": "b",
                                                         "schema": {"$ref": "#/definitions/Bad"}}],
                                         "x-amazon-apigateway-request-validator": "all",
                                         "x-amazon-apigateway-integration": MOCK}}},
                        definitions={"Bad": schema},
                        **{"x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": True}}})
    api_id = apigateway.import_rest_api(body=_body(document))["id"]
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    answer = requests.post(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/s/a", json={"a": 1})
    assert answer.status_code in (200, 400)


def test_a_merge_may_name_the_apis_own_models_and_an_overwrite_may_not(apigateway, rest_api):
    document = _swagger(definitions={"Owner": {"type": "object", "properties": {
        "pet": {"$ref": "#/definitions/Pet"}}}})
    before = _rest_state(apigateway, rest_api)
    answer = error_of(apigateway.put_rest_api, restApiId=rest_api, mode="overwrite", body=_body(document))
    assert_error(answer, "BadRequestException", ERRORS + "Unable to create model for 'Owner': Invalid model "
                 "specified: Validation Result: warnings : [], errors : [Invalid model specified: Pet]", 400)
    assert _rest_state(apigateway, rest_api) == before
    apigateway.put_rest_api(restApiId=rest_api, mode="merge", body=_body(document))
    assert [m["name"] for m in apigateway.get_models(restApiId=rest_api)["items"]] == ["Owner", "Pet"]


def test_models_and_resource_errors_are_listed_together(apigateway):
    document = _swagger({"/{a": _get()}, definitions={"x_y": {"type": "object"}})
    message = error_of(apigateway.import_rest_api, body=_body(document))["Error"]["Message"]
    lines = message[len(ERRORS):].split("\n\t")
    assert message.startswith(ERRORS)
    assert lines[0] == "Unable to create model for 'x_y': Model name must be alphanumeric: x_y"
    assert lines[1].startswith("Unable to create resource at path '/{a'")


def test_circular_models_still_import(apigateway):
    document = _oas3(components={"schemas": {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"},
                                               "self": {"$ref": "#/components/schemas/B"}}}}})
    api_id = apigateway.import_rest_api(body=_body(document))["id"]
    assert [m["name"] for m in apigateway.get_models(restApiId=api_id)["items"]] == ["A", "B"]


# --- gateway responses (defect) ------------------------------------------------------------------

@pytest.mark.parametrize("status", ["abc", "999", "0", "600"])
def test_gateway_response_status_codes_put_gateway_response_refuses_are_import_errors(apigateway, rest_api,
                                                                                       status):
    """Defect: ``abc`` was stored and the data plane raised ValueError rendering it; ``999`` answered 999."""
    document = _swagger({"/a": _get()}, **{"x-amazon-apigateway-gateway-responses": {
        "DEFAULT_4XX": {"statusCode": status}}})
    message = _refused_put(apigateway, rest_api, document)["Error"]["Message"]
    assert message == (ERRORS + f"Unable to put gateway response 'DEFAULT_4XX': 1 validation error detected: "
                                f"Value '{status}' at 'putGatewayResponseInput.statusCode' failed to satisfy "
                                "constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d")
    assert error_of(apigateway.import_rest_api, body=_body(document))["Error"]["Message"] == message


def test_an_imported_gateway_response_is_served(apigateway, rest_api):
    apigateway.create_deployment(restApiId=rest_api, stageName="s")
    answer = requests.get(f"https://{rest_api}.execute-api.{REGION}.amazonaws.com/s/missing")
    assert answer.status_code == 418


def test_gateway_response_unknown_types_are_warnings(apigateway):
    document = _swagger(**{"x-amazon-apigateway-gateway-responses": {"NOPE": {}, "THROTTLED": {"statusCode": 429}}})
    answer = apigateway.import_rest_api(body=_body(document))
    assert answer["warnings"] == ["Invalid gateway response type 'NOPE'"]
    response = apigateway.get_gateway_response(restApiId=answer["id"], responseType="THROTTLED")
    assert response["statusCode"] == "429"


# --- other extensions ----------------------------------------------------------------------------

@pytest.mark.parametrize("extension", [
    {"x-amazon-apigateway-binary-media-types": "image/png"},
    {"x-amazon-apigateway-binary-media-types": {"a": 1}},
    {"x-amazon-apigateway-endpoint-configuration": "x"},
    {"x-amazon-apigateway-endpoint-configuration": {"vpcEndpointIds": "vpce-1"}},
    {"x-amazon-apigateway-request-validators": [1]},
    {"x-amazon-apigateway-request-validators": {"v": "x"}},
    {"x-amazon-apigateway-documentation": [1]},
    {"securityDefinitions": {"s": [1]}},
    {"securityDefinitions": {"s": {"x-amazon-apigateway-authorizer": {"type": ["token"]}}}},
    {"x-amazon-apigateway-minimum-compression-size": "big"},
])
def test_extensions_of_the_wrong_type_are_invalid_input(apigateway, rest_api, extension):
    document = _swagger({"/a": _get()}, **extension)
    assert_error(error_of(apigateway.import_rest_api, body=_body(document)), "BadRequestException", INVALID, 400)
    assert_error(_refused_put(apigateway, rest_api, document), "BadRequestException", INVALID, 400)


def test_security_and_validators_naming_nothing_are_warnings(apigateway):
    document = _swagger({"/a": _get(security=[{"nope": []}])},
                        **{"x-amazon-apigateway-request-validators": {"v": {}},
                           "x-amazon-apigateway-request-validator": "missing"})
    answer = apigateway.import_rest_api(body=_body(document))
    assert answer["warnings"] == ["Security scheme 'nope' is not defined",
                                  "Request validator 'missing' of resource '/a' and method 'GET' is not defined"]
    resource = next(r for r in apigateway.get_resources(restApiId=answer["id"])["items"] if r["path"] == "/a")
    method = apigateway.get_method(restApiId=answer["id"], resourceId=resource["id"], httpMethod="GET")
    assert method["authorizationType"] == "NONE"
    assert "requestValidatorId" not in method


def test_an_authorizer_create_authorizer_refuses_fails_the_put(apigateway, rest_api):
    document = _swagger(securityDefinitions={"tok": {
        "type": "apiKey", "name": "A", "in": "header", "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": LAMBDA_URI,
                                           "authorizerResultTtlInSeconds": 99999}}})
    line = ("Unable to create authorizer from security definition: 'tok'. Invalid authorizer result TTL: 99999. "
            "The TTL must be between 0 and 3600 seconds.")
    assert_error(_refused_put(apigateway, rest_api, document), "BadRequestException", ERRORS + line, 400)


# --- parameters of the call ------------------------------------------------------------------------

def test_put_rest_api_mode_outside_the_enum_is_refused(apigateway, rest_api):
    before = _rest_state(apigateway, rest_api)
    answer = error_of(apigateway.put_rest_api, restApiId=rest_api, mode="bogus", body=_body(_swagger()))
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert answer["Error"]["Code"] in ("ValidationException", "BadRequestException")
    assert _rest_state(apigateway, rest_api) == before


@pytest.mark.parametrize("value", ["bogus", "PREPEND", ""])
def test_bad_basepath_parameters_are_refused(apigateway, apigatewayv2, rest_api, http_api, value):
    document = _oas3({"/a": {"get": {"x-amazon-apigateway-integration": PROXY}}},
                     servers=[{"url": "https://example.com/v1/b"}])
    if value:
        message = (f"Invalid basepath parameter value: {value}. Valid values are ignore, prepend and split")
        assert_error(error_of(apigateway.import_rest_api, body=_body(document), parameters={"basepath": value}),
                     "BadRequestException", message, 400)
        assert_error(_refused_put(apigateway, rest_api, document, parameters={"basepath": value}),
                     "BadRequestException", message, 400)
        v2_message = f"Invalid basepath mode specified: {value}. Must be one of: [ignore, prepend, split]"
        assert_error(error_of(apigatewayv2.import_api, Body=_body(document), Basepath=value),
                     "BadRequestException", v2_message, 400)
        assert_error(_refused_reimport(apigatewayv2, http_api, document, Basepath=value), "BadRequestException",
                     v2_message, 400)
    else:  # an empty value is the default
        api_id = apigatewayv2.import_api(Body=_body(document), Basepath=value)["ApiId"]
        assert [r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]] == ["GET /a"]


@pytest.mark.parametrize(("kind", "expected"), [("PRIVATE", ["PRIVATE"]), ("regional", ["REGIONAL"]),
                                                 ("Edge", ["EDGE"]), ("bogus", None), ("REGIONAL,EDGE", None)])
def test_endpoint_configuration_types_parameter(apigateway, kind, expected):
    call = {"body": _body(_swagger()), "parameters": {"endpointConfigurationTypes": kind}}
    if expected is None:
        assert_error(error_of(apigateway.import_rest_api, **call), "BadRequestException",
                     "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE", 400)
        assert apigateway.get_rest_apis()["items"] == []
    else:
        assert apigateway.import_rest_api(**call)["endpointConfiguration"]["types"] == expected


def test_a_failed_overwrite_after_a_good_merge_keeps_the_merge(apigateway, rest_api):
    apigateway.put_rest_api(restApiId=rest_api, mode="merge", body=_body(_swagger({"/more": _get()})))
    assert "/more" in _paths_of(apigateway, rest_api)
    _refused_put(apigateway, rest_api, _swagger({"/fine": _get(), "/{a": _get()}))
    assert "/fine" not in _paths_of(apigateway, rest_api)


# --- HTTP APIs -----------------------------------------------------------------------------------

def test_reimport_of_a_websocket_api_is_refused_and_changes_nothing(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    apigatewayv2.create_route(ApiId=api_id, RouteKey="$connect")
    before = apigatewayv2.get_routes(ApiId=api_id)["Items"]
    answer = error_of(apigatewayv2.reimport_api, ApiId=api_id, Body=_body(_oas3({"/a": {"get": {}}})))
    assert_error(answer, "BadRequestException", "Reimport is supported only for HTTP APIs", 400)
    assert apigatewayv2.get_routes(ApiId=api_id)["Items"] == before
    assert apigatewayv2.get_api(ApiId=api_id)["ProtocolType"] == "WEBSOCKET"


def test_rest_and_websocket_only_extensions_are_ignored_or_warned(apigatewayv2):
    document = _oas3({"/a": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}},
                     **{"x-amazon-apigateway-route-selection-expression": "$request.body.action",
                        "x-amazon-apigateway-binary-media-types": ["*/*"],
                        "x-amazon-apigateway-gateway-responses": {"NOPE": {}}})
    answer = apigatewayv2.import_api(Body=_body(document))
    assert answer["RouteSelectionExpression"] == "$request.method $request.path"
    assert answer["Warnings"] == ["Unsupported integration type 'mock' for route 'GET /a'. HTTP APIs support only "
                                  "aws_proxy and http_proxy integrations. Ignoring."]


@pytest.mark.parametrize(("fields", "fragment"), [
    ({"payloadFormatVersion": "3.0"}, "Invalid payload format version specified: 3.0. Must be one of: [1.0, 2.0]"),
    ({"timeoutInMillis": 99999999}, "Member must have value less than or equal to 30000"),
    ({"connectionType": "carrier"}, "Member must satisfy enum value set: [INTERNET, VPC_LINK]"),
    ({"responseParameters": {"abc": {"overwrite:statuscode": "200"}}}, "Invalid status code specified: abc"),
])
def test_http_integrations_create_integration_refuses_are_import_errors(apigatewayv2, http_api, fields, fragment):
    document = _oas3({"/a": {"get": {"x-amazon-apigateway-integration": {**PROXY, **fields}}}})
    answer = _refused_reimport(apigatewayv2, http_api, document)
    assert answer["Error"]["Message"].startswith(ERRORS + "Unable to create integration for route 'GET /a': ")
    assert fragment in answer["Error"]["Message"]
    assert error_of(apigatewayv2.import_api, Body=_body(document))["Error"] == answer["Error"]


@pytest.mark.parametrize("cors", ["x", {"allowOrigins": "*"}, {"maxAge": "x"}, {"maxAge": 10**12},
                                  {"allowCredentials": "maybe"}, [1]])
def test_cors_of_the_wrong_type_is_invalid_input(apigatewayv2, http_api, cors):
    document = _oas3(**{"x-amazon-apigateway-cors": cors})
    assert_error(_refused_reimport(apigatewayv2, http_api, document), "BadRequestException", INVALID, 400)


@pytest.mark.parametrize(("cors", "fragment"), [
    ({"maxAge": -5}, "Member must have value greater than or equal to -1"),
    ({"allowCredentials": True, "allowOrigins": ["*"]}, "allow-credentials is not supported if 'allow-origin' is *"),
])
def test_cors_create_api_refuses_is_an_import_error(apigatewayv2, http_api, cors, fragment):
    answer = _refused_reimport(apigatewayv2, http_api, _oas3(**{"x-amazon-apigateway-cors": cors}))
    assert answer["Error"]["Message"].startswith(ERRORS + "Invalid CORS configuration: ")
    assert fragment in answer["Error"]["Message"]


AUTHORIZER_REFUSALS = [
    ({"type": "jwt", "identitySource": "$request.header.Authorization", "jwtConfiguration": {}},
     "JwtConfiguration must specify an Issuer for JWT authorizers"),
    ({"type": "jwt", "identitySource": "$request.header.Authorization",
      "jwtConfiguration": {"issuer": "accounts.example.com", "audience": ["a"]}},
     "Invalid issuer: Issuer is not a valid URL for JWT Authorizer"),
    ({"type": "request", "authorizerPayloadFormatVersion": "2.0", "identitySource": "$request.header.A"},
     "AuthorizerUri must be specified for REQUEST authorizers"),
    ({"type": "request", "authorizerUri": LAMBDA_URI, "identitySource": "$request.header.A"},
     "AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer"),
    ({"type": "request", "authorizerUri": LAMBDA_URI, "authorizerPayloadFormatVersion": "2.0",
      "identitySource": "bogus"}, "Invalid identity source specified: bogus"),
    ({"type": "request", "authorizerUri": LAMBDA_URI, "authorizerPayloadFormatVersion": "2.0",
      "identitySource": "$request.header.A", "authorizerResultTtlInSeconds": 999999},
     "Member must have value less than or equal to 3600"),
]


@pytest.mark.parametrize(("authorizer", "fragment"), AUTHORIZER_REFUSALS)
def test_http_authorizers_create_authorizer_refuses_are_import_errors(apigatewayv2, http_api, authorizer, fragment):
    """Defect: each was imported as written (a REQUEST authorizer without a URI then answered 500)."""
    document = _oas3({"/a": {"get": {"security": [{"s": []}], "x-amazon-apigateway-integration": PROXY}}},
                     components={"securitySchemes": {"s": {"type": "apiKey", "name": "A", "in": "header",
                                                           "x-amazon-apigateway-authorizer": authorizer}}})
    answer = _refused_reimport(apigatewayv2, http_api, document)
    assert answer["Error"]["Message"].startswith(ERRORS + "Unable to create authorizer from security definition: "
                                                          "'s'. ")
    assert fragment in answer["Error"]["Message"]
    assert error_of(apigatewayv2.import_api, Body=_body(document))["Error"] == answer["Error"]
    assert len(apigatewayv2.get_apis()["Items"]) == 1


def test_http_security_naming_nothing_is_a_warning_and_failonwarnings_refuses(apigatewayv2, http_api):
    document = _oas3({"/a": {"get": {"security": [{"nope": []}], "x-amazon-apigateway-integration": PROXY}}})
    warning = "Unable to find security scheme 'nope' for route 'GET /a'. Ignoring."
    assert apigatewayv2.import_api(Body=_body(document))["Warnings"] == [warning]
    assert_error(_refused_reimport(apigatewayv2, http_api, document, FailOnWarnings=True), "BadRequestException",
                 "Warnings found during import:\n\t" + warning, 400)


# --- fuzzing ---------------------------------------------------------------------------------------

_JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                     max_leaves=8)
_REST_SPOTS = ["x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-gateway-responses",
               "x-amazon-apigateway-request-validators", "x-amazon-apigateway-policy", "definitions",
               "securityDefinitions", "x-amazon-apigateway-endpoint-configuration", "basePath",
               "x-amazon-apigateway-documentation", "x-amazon-apigateway-api-key-source", "servers", "components"]
_OPERATION_SPOTS = ["parameters", "responses", "security", "x-amazon-apigateway-integration", "operationId",
                    "x-amazon-apigateway-auth", "requestBody", "x-amazon-apigateway-request-validator", "consumes"]


def _fuzzed(document: dict[str, Any], top: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    document.update(top)
    document["paths"] = {"/a": {"get": {**_get()["get"], **operation}}}
    return document


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(top=st.dictionaries(st.sampled_from(_REST_SPOTS), _JSON, max_size=3),
       operation=st.dictionaries(st.sampled_from(_OPERATION_SPOTS), _JSON, max_size=3),
       v3=st.booleans())
def test_fuzzed_rest_documents_are_answered_with_a_4xx_or_imported(apigateway, top, operation, v3):
    document = _fuzzed(_oas3() if v3 else _swagger(), top, operation)
    try:
        answer = apigateway.import_rest_api(body=_body(document))
    except apigateway.exceptions.BadRequestException as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    else:
        assert answer["ResponseMetadata"]["HTTPStatusCode"] == 201
        _deployed_export(apigateway, answer["id"])
        apigateway.delete_rest_api(restApiId=answer["id"])
    assert apigateway.import_rest_api(body=_body(_swagger({"/ok": _get()})))["ResponseMetadata"][
        "HTTPStatusCode"] == 201


def _deployed_export(client: Any, api_id: str) -> None:
    """What was imported deploys (or is refused as CreateDeployment refuses a method with no
    integration) and exports."""
    try:
        client.create_deployment(restApiId=api_id, stageName="s")
    except client.exceptions.BadRequestException as error:
        assert error.response["Error"]["Message"] == "No integration defined for method"
        return
    exported = client.get_export(restApiId=api_id, stageName="s", exportType="swagger")
    assert json.loads(exported["body"].read())["swagger"] == "2.0"


_HTTP_SPOTS = ["x-amazon-apigateway-cors", "tags", "servers", "components", "security",
               "x-amazon-apigateway-disable-execute-api-endpoint", "x-amazon-apigateway-integrations"]
_ROUTE_SPOTS = ["security", "x-amazon-apigateway-integration", "operationId", "isDefaultRoute",
                "x-amazon-apigateway-auth", "parameters"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(top=st.dictionaries(st.sampled_from(_HTTP_SPOTS), _JSON, max_size=3),
       operation=st.dictionaries(st.sampled_from(_ROUTE_SPOTS), _JSON, max_size=3))
def test_fuzzed_http_documents_are_answered_with_a_4xx_or_imported(apigatewayv2, top, operation):
    document = _oas3(**top)
    document["paths"] = {"/a": {"get": {"x-amazon-apigateway-integration": PROXY, **operation}}}
    try:
        answer = apigatewayv2.import_api(Body=_body(document))
    except apigatewayv2.exceptions.BadRequestException as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    else:
        assert answer["ResponseMetadata"]["HTTPStatusCode"] == 201
        apigatewayv2.export_api(ApiId=answer["ApiId"], Specification="OAS30", OutputType="YAML")
        apigatewayv2.delete_api(ApiId=answer["ApiId"])
    assert apigatewayv2.import_api(Body=_body(_oas3()))["ResponseMetadata"]["HTTPStatusCode"] == 201
