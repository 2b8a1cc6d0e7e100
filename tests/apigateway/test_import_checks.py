"""ImportRestApi and PutRestApi check authorizers and integration responses as CreateAuthorizer and
PutIntegrationResponse do, and turn inline body schemas into generated models.

Evidence (see gwmock/openapi/importer.py and writer.py): "Unable to put integration response on
'POST' for resource at path '/foo': ..." (amazon-archives/aws-apigateway-importer#209); the
authorizer warning, word for word, and the "Unable to create authorizer from security definition:
'<name>'." prefix (amazon-archives/aws-apigateway-importer#187); ``MODEL`` + six hex digits for the
models of inline schemas (aws/aws-sdk#468). Each expected control-plane message is taken from the
control plane itself, so the import and CreateAuthorizer / PutIntegrationResponse cannot drift apart.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from helpers import assert_error, error_of

INVALID = "Invalid OpenAPI input."
ERRORS = "Errors found during import:\n\t"
LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:f/invocations")
OK = {"200": {"description": "ok"}}
POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123"
MALFORMED_INTEGRATION = "Unable to parse API definition because of a malformed integration at path /a."
GENERATED = re.compile(r"MODEL[0-9a-f]{6}")


def _doc(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "checks", "version": "1"}, "paths": paths, **extra}


def _body(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def _resources(client: Any, api_id: str) -> dict[str, Any]:
    return {r["path"]: r for r in client.get_resources(restApiId=api_id, embed=["methods"], limit=500)["items"]}


def _everything(client: Any) -> list[Any]:
    return [(api, sorted(_resources(client, api["id"]).items()), client.get_authorizers(restApiId=api["id"])["items"],
             client.get_models(restApiId=api["id"])["items"]) for api in client.get_rest_apis(limit=500)["items"]]


def _refused(client: Any, document: dict[str, Any], message: str) -> None:
    """ImportRestApi and PutRestApi (merge, overwrite) refuse ``document`` with ``message``; nothing changes."""
    kept = client.import_rest_api(body=_body(_doc({"/k": {"get": {"responses": OK, "x-amazon-apigateway-integration": {
        "type": "mock"}}}})))["id"]
    before = _everything(client)
    calls = [(client.import_rest_api, {})] + [(client.put_rest_api, {"restApiId": kept, "mode": mode})
                                               for mode in ("merge", "overwrite")]
    for call, params in calls:
        assert_error(error_of(call, body=_body(document), **params), "BadRequestException", message, 400)
    assert _everything(client) == before


# --- authorizers: CreateAuthorizer's checks ---------------------------------------------------------


def _scheme(authorizer: dict[str, Any], **scheme: Any) -> dict[str, Any]:
    return {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": authorizer, **scheme}


def _with_schemes(schemes: dict[str, Any]) -> dict[str, Any]:
    return _doc({"/a": {"get": {"responses": OK, "x-amazon-apigateway-integration": {"type": "mock"}}}},
                components={"securitySchemes": schemes})


def _create_authorizer_error(client: Any, **fields: Any) -> str:
    api_id = client.create_rest_api(name="control-plane")["id"]
    message = error_of(client.create_authorizer, restApiId=api_id, name="x", **fields)["Error"]["Message"]
    client.delete_rest_api(restApiId=api_id)
    return message  # type: ignore[no-any-return]


AUTHORIZERS = {
    "token-without-uri": ({"type": "token"},
                          {"type": "TOKEN", "identitySource": "method.request.header.Authorization"}),
    "token-with-a-bad-uri": ({"type": "token", "authorizerUri": "arn:aws:lambda:nope"},
                             {"type": "TOKEN", "authorizerUri": "arn:aws:lambda:nope",
                              "identitySource": "method.request.header.Authorization"}),
    "token-source-not-a-header": ({"type": "token", "authorizerUri": LAMBDA_URI,
                                   "identitySource": "method.request.querystring.token"},
                                  {"type": "TOKEN", "authorizerUri": LAMBDA_URI,
                                   "identitySource": "method.request.querystring.token"}),
    "request-source-unknown": ({"type": "request", "authorizerUri": LAMBDA_URI, "identitySource": "nope"},
                               {"type": "REQUEST", "authorizerUri": LAMBDA_URI, "identitySource": "nope"}),
    "request-cached-without-source": ({"type": "request", "authorizerUri": LAMBDA_URI},
                                      {"type": "REQUEST", "authorizerUri": LAMBDA_URI}),
    "cognito-without-provider-arns": ({"type": "cognito_user_pools"},
                                      {"type": "COGNITO_USER_POOLS",
                                       "identitySource": "method.request.header.Authorization"}),
    "cognito-with-a-bad-arn": ({"type": "cognito_user_pools", "providerARNs": ["arn:aws:iam::1:role/x"]},
                               {"type": "COGNITO_USER_POOLS", "providerARNs": ["arn:aws:iam::1:role/x"],
                                "identitySource": "method.request.header.Authorization"}),
    "ttl-too-long": ({"type": "token", "authorizerUri": LAMBDA_URI, "authorizerResultTtlInSeconds": 4000},
                     {"type": "TOKEN", "authorizerUri": LAMBDA_URI, "authorizerResultTtlInSeconds": 4000,
                      "identitySource": "method.request.header.Authorization"}),
}


@pytest.mark.parametrize("case", sorted(AUTHORIZERS))
def test_an_authorizer_create_authorizer_refuses_is_an_import_error(apigateway, case):
    """(guess) that it is an error and not a warning; the prefix is AWS's (importer#187)."""
    extension, create_params = AUTHORIZERS[case]
    expected = _create_authorizer_error(apigateway, **create_params)

    _refused(apigateway, _with_schemes({"auth": _scheme(extension)}),
             f"{ERRORS}Unable to create authorizer from security definition: 'auth'. {expected}")


def test_the_create_authorizer_messages_are_the_known_ones(apigateway):
    """Pins two of the control plane's words the parametrized test compares against."""
    assert _create_authorizer_error(apigateway, type="TOKEN", identitySource="method.request.header.A") == (
        "Invalid Authorizer URI: null. Authorizer URI should be a valid API Gateway ARN that represents a Lambda "
        "function invocation.")
    assert _create_authorizer_error(apigateway, type="COGNITO_USER_POOLS", identitySource="method.request.header.A") \
        == "ProviderARNs need to be valid Cognito Userpools. Invalid ARNs-"


def test_valid_authorizers_are_imported(apigateway):
    schemes = {"token": _scheme({"type": "token", "authorizerUri": LAMBDA_URI}),
               "uncached": _scheme({"type": "request", "authorizerUri": LAMBDA_URI,
                                    "authorizerResultTtlInSeconds": 0}),
               "pool": _scheme({"type": "cognito_user_pools", "providerARNs": [POOL]},
                               **{"x-amazon-apigateway-authtype": "cognito_user_pools"})}

    api = apigateway.import_rest_api(body=_body(_with_schemes(schemes)))

    assert "warnings" not in api
    authorizers = {a["name"]: a for a in apigateway.get_authorizers(restApiId=api["id"])["items"]}
    assert {n: a["type"] for n, a in authorizers.items()} == {
        "token": "TOKEN", "uncached": "REQUEST", "pool": "COGNITO_USER_POOLS"}
    assert "identitySource" not in authorizers["uncached"]


def test_authorizer_errors_come_first_then_paths_in_document_order(apigateway):
    document = _with_schemes({"b": _scheme({"type": "token"}), "a": _scheme({"type": "cognito_user_pools"})})
    document["paths"]["/a"]["get"]["x-amazon-apigateway-integration"] = {"type": "http", "httpMethod": "GET",
                                                                         "uri": "nowhere"}

    error = error_of(apigateway.import_rest_api, body=_body(document))

    assert_error(error, "BadRequestException", ERRORS + "\n\t".join([
        "Unable to create authorizer from security definition: 'b'. Invalid Authorizer URI: null. Authorizer URI "
        "should be a valid API Gateway ARN that represents a Lambda function invocation.",
        "Unable to create authorizer from security definition: 'a'. ProviderARNs need to be valid Cognito "
        "Userpools. Invalid ARNs-",
        "Unable to put integration on 'GET' for resource at path '/a': Invalid HTTP endpoint specified for URI"]), 400)
    assert apigateway.get_rest_apis()["items"] == []


@pytest.mark.parametrize(("authorizer", "message"), [
    ({"type": "token", "authorizerUri": {"Fn::Sub": "arn"}}, INVALID),
    ({"type": "cognito_user_pools", "providerARNs": POOL}, INVALID),
    ({"type": "token", "authorizerUri": LAMBDA_URI, "authorizerResultTtlInSeconds": 2**40}, INVALID),
    ({"type": "token", "authorizerUri": LAMBDA_URI, "identitySource": 5},
     "Invalid token source expression: 5. The source must be a method request header, matching "
     "'method.request.header.[a-zA-Z0-9._-]+'."),
], ids=["uri-object", "arns-string", "ttl-huge", "source-number"])
def test_odd_types_in_an_authorizer_are_answered(apigateway, authorizer, message):
    expected = message if message == INVALID else \
        f"{ERRORS}Unable to create authorizer from security definition: 'auth'. {message}"

    _refused(apigateway, _with_schemes({"auth": _scheme(authorizer)}), expected)


# --- a scheme with an authtype but no authorizer: AWS's warning -----------------------------------------


NO_AUTHORIZER = ("Unable to create authorizer from security definition: 'jwt'. Extension "
                 "x-amazon-apigateway-authorizer is required. Any methods with security: 'jwt' will not be created. "
                 "If this security definition is not a custom authorizer, remove the x-amazon-apigateway-authtype "
                 "extension and it will be ignored.")


def _secured_by(scheme: dict[str, Any]) -> dict[str, Any]:
    mock = {"type": "mock"}
    return _doc({"/open": {"get": {"responses": OK, "x-amazon-apigateway-integration": mock}},
                 "/secured": {"get": {"responses": OK, "security": [{"jwt": []}],
                                      "x-amazon-apigateway-integration": mock}}},
                components={"securitySchemes": {"jwt": scheme}})


def test_an_authtype_without_authorizer_is_aws_warning_and_its_methods_are_left_out(apigateway):
    document = _secured_by({"type": "apiKey", "name": "Authorization", "in": "header",
                            "x-amazon-apigateway-authtype": "oauth2"})

    api = apigateway.import_rest_api(body=_body(document))

    assert api["warnings"] == [NO_AUTHORIZER]
    resources = _resources(apigateway, api["id"])
    assert list(resources["/open"]["resourceMethods"]) == ["GET"]
    assert "resourceMethods" not in resources["/secured"]
    assert apigateway.get_authorizers(restApiId=api["id"])["items"] == []


def test_fail_on_warnings_refuses_an_authtype_without_authorizer(apigateway):
    document = _secured_by({"type": "apiKey", "name": "Authorization", "in": "header",
                            "x-amazon-apigateway-authtype": "custom"})

    error = error_of(apigateway.import_rest_api, body=_body(document), failOnWarnings=True)

    assert_error(error, "BadRequestException", f"Warnings found during import:\n\t{NO_AUTHORIZER}", 400)
    assert apigateway.get_rest_apis()["items"] == []


def test_iam_and_plain_api_key_schemes_need_no_authorizer(apigateway):
    for scheme, expected in (({"type": "apiKey", "name": "Authorization", "in": "header",
                               "x-amazon-apigateway-authtype": "awsSigv4"}, {"authorizationType": "AWS_IAM"}),
                             ({"type": "apiKey", "name": "x-api-key", "in": "header"}, {"apiKeyRequired": True})):
        api = apigateway.import_rest_api(body=_body(_secured_by(scheme)))

        assert "warnings" not in api
        method = _resources(apigateway, api["id"])["/secured"]["resourceMethods"]["GET"]
        assert {k: method[k] for k in expected} == expected


# --- integration responses: PutIntegrationResponse's checks ------------------------------------------


def _with_responses(responses: dict[str, Any], method_responses: dict[str, Any] | None = None,
                    integration: dict[str, Any] | None = None) -> dict[str, Any]:
    declared = {"200": {"description": "ok", "headers": {"X-Declared": {"schema": {"type": "string"}}}}}
    integration = {"type": "mock", **(integration or {}), "responses": responses}
    return _doc({"/a": {"get": {"responses": declared if method_responses is None else method_responses,
                                "x-amazon-apigateway-integration": integration}}})


def _put_integration_response_error(client: Any, **response: Any) -> str:
    """PutIntegrationResponse's own answer on a method like the document's (GET /a, MOCK, a 200
    method response declaring X-Declared)."""
    api = client.create_rest_api(name="control-plane")
    resource_id = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="a")["id"]
    method = {"restApiId": api["id"], "resourceId": resource_id, "httpMethod": "GET"}
    client.put_method(**method, authorizationType="NONE")
    client.put_method_response(**method, statusCode="200",
                               responseParameters={"method.response.header.X-Declared": False})
    client.put_integration(**method, type="MOCK")
    message = error_of(client.put_integration_response, **method, **response)["Error"]["Message"]
    client.delete_rest_api(restApiId=api["id"])
    return message  # type: ignore[no-any-return]


def _response_error(message: str) -> str:
    return f"{ERRORS}Unable to put integration response on 'GET' for resource at path '/a': {message}"


RESPONSES = {
    "undeclared-header": {"statusCode": "200", "responseParameters": {"method.response.header.X-Other": "'a'"}},
    "no-method-response": {"statusCode": "404", "responseParameters": {"method.response.header.X-Declared": "'a'"}},
    "not-a-response-header": {"statusCode": "200", "responseParameters": {"method.response.body": "'a'"}},
    "bad-source": {"statusCode": "200", "responseParameters": {"method.response.header.X-Declared": "nope"}},
    "bad-template-content-type": {"statusCode": "200", "responseTemplates": {"123": "{}"}},
    "bad-content-handling": {"statusCode": "200", "contentHandling": "CONVERT_TO_XML"},
}


@pytest.mark.parametrize("case", sorted(RESPONSES))
def test_an_integration_response_put_integration_response_refuses_is_an_import_error(apigateway, case):
    response = RESPONSES[case]
    expected = _put_integration_response_error(apigateway, **response)

    _refused(apigateway, _with_responses({"default": copy.deepcopy(response)}), _response_error(expected))


def test_the_put_integration_response_messages_are_the_known_ones(apigateway):
    """AWS's words for the two declaration refusals (importer#209, importer#121)."""
    assert _put_integration_response_error(apigateway, **RESPONSES["undeclared-header"]) == (
        "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
        "[Invalid mapping expression parameter specified: method.response.header.X-Other]")
    assert _put_integration_response_error(apigateway, **RESPONSES["no-method-response"]) == (
        "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
        "[No method response exists for method.]")


def test_swagger_integration_response_mapping_an_undeclared_header(apigateway):
    document = {"swagger": "2.0", "info": {"title": "s"}, "paths": {"/a": {"get": {
        "responses": {"200": {"description": "ok"}},
        "x-amazon-apigateway-integration": {"type": "mock", "responses": {"default": {
            "statusCode": "200", "responseParameters": {"method.response.header.Location": "'x'"}}}}}}}}

    error = error_of(apigateway.import_rest_api, body=_body(document))

    assert_error(error, "BadRequestException", _response_error(
        "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
        "[Invalid mapping expression parameter specified: method.response.header.Location]"), 400)


def test_declared_mappings_and_undeclared_status_codes_without_mappings_are_taken(apigateway):
    """A response for a status code no method response declares is taken while it maps nothing, as
    PutIntegrationResponse takes it (aws-recorded: test_lifecycle_integration_response)."""
    responses = {"default": {"statusCode": "200", "responseParameters": {"method.response.header.X-Declared": "'a'"}},
                 "5\\d{2}": {"statusCode": "500", "responseTemplates": {"application/json": "{}"}}}

    api_id = apigateway.import_rest_api(body=_body(_with_responses(responses)))["id"]

    integration = _resources(apigateway, api_id)["/a"]["resourceMethods"]["GET"]["methodIntegration"]
    assert integration["integrationResponses"] == {
        "200": {"statusCode": "200", "responseParameters": {"method.response.header.X-Declared": "'a'"}},
        "500": {"statusCode": "500", "selectionPattern": "5\\d{2}", "responseTemplates": {"application/json": "{}"}}}


def test_responses_of_a_refused_integration_are_not_checked(apigateway):
    document = _with_responses({"default": RESPONSES["undeclared-header"]},
                               integration={"type": "http", "httpMethod": "GET", "uri": "nowhere"})

    error = error_of(apigateway.import_rest_api, body=_body(document))

    assert_error(error, "BadRequestException", f"{ERRORS}Unable to put integration on 'GET' for resource at path "
                                               "'/a': Invalid HTTP endpoint specified for URI", 400)


def test_every_refused_response_is_listed(apigateway):
    responses = {"default": RESPONSES["undeclared-header"], "4\\d{2}": {
        "statusCode": "400", "responseParameters": {"method.response.header.X-Declared": "'a'"}}}

    error = error_of(apigateway.import_rest_api, body=_body(_with_responses(responses)))

    assert error["Error"]["Message"].count("Unable to put integration response on 'GET'") == 2


@pytest.mark.parametrize("responses", [
    {"default": {"statusCode": "200", "responseParameters": ["x"]}},
    {"default": {"statusCode": "200", "responseParameters": {"method.response.header.X-Declared": {"a": 1}}}},
    {"default": "200"},
], ids=["parameters-list", "parameter-object", "response-string"])
def test_odd_types_in_integration_responses_are_a_malformed_integration(apigateway, responses):
    _refused(apigateway, _with_responses(responses), MALFORMED_INTEGRATION)


# --- inline schemas: generated models ----------------------------------------------------------------


PET = {"type": "object", "properties": {"name": {"type": "string"}}}
PETS = {"type": "array", "items": {"type": "string"}}


def _models(client: Any, api_id: str) -> dict[str, Any]:
    return {m["name"]: m for m in client.get_models(restApiId=api_id, limit=500)["items"]}


def _oas3_inline() -> dict[str, Any]:
    return _doc({"/pets": {"post": {
        "requestBody": {"content": {"application/json": {"schema": PET}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": PETS}}}},
        "x-amazon-apigateway-integration": {"type": "mock"}}}})


def test_oas3_inline_schemas_become_generated_models_the_method_names(apigateway):
    api_id = apigateway.import_rest_api(body=_body(_oas3_inline()))["id"]

    models = _models(apigateway, api_id)
    method = _resources(apigateway, api_id)["/pets"]["resourceMethods"]["POST"]
    request = method["requestModels"]["application/json"]
    response = method["methodResponses"]["200"]["responseModels"]["application/json"]
    assert GENERATED.fullmatch(request) and GENERATED.fullmatch(response) and request != response
    assert sorted(models) == sorted([request, response])
    assert json.loads(models[request]["schema"]) == PET
    assert json.loads(models[response]["schema"]) == PETS
    assert models[request]["contentType"] == "application/json"


def test_swagger_inline_schemas_become_generated_models_for_each_media_type(apigateway):
    document = {"swagger": "2.0", "info": {"title": "s"}, "consumes": ["application/json", "application/xml"],
                "paths": {"/pets": {"post": {
                    "parameters": [{"in": "body", "name": "pet", "schema": PET}],
                    "produces": ["application/json"],
                    "responses": {"200": {"description": "ok", "schema": PETS}},
                    "x-amazon-apigateway-integration": {"type": "mock"}}}}}

    api_id = apigateway.import_rest_api(body=_body(document))["id"]

    method = _resources(apigateway, api_id)["/pets"]["resourceMethods"]["POST"]
    [request] = set(method["requestModels"].values())
    assert sorted(method["requestModels"]) == ["application/json", "application/xml"]
    assert GENERATED.fullmatch(request)
    assert GENERATED.fullmatch(method["methodResponses"]["200"]["responseModels"]["application/json"])
    assert len(_models(apigateway, api_id)) == 2


def test_one_inline_schema_used_twice_is_one_model_and_refs_inside_point_at_models(apigateway):
    """(guess) one schema, one model; nested ``$ref``s become model URLs like any model's."""
    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    content = {"application/json": {"schema": schema}}
    document = _doc({"/a": {"get": {"responses": {"200": {"description": "ok", "content": content}},
                                    "x-amazon-apigateway-integration": {"type": "mock"}}},
                     "/b": {"put": {"requestBody": {"content": content}, "responses": OK,
                                    "x-amazon-apigateway-integration": {"type": "mock"}}}},
                    components={"schemas": {"Pet": PET}})

    api_id = apigateway.import_rest_api(body=_body(document))["id"]

    models = _models(apigateway, api_id)
    [generated] = [name for name in models if name != "Pet"]
    assert json.loads(models[generated]["schema"]) == {
        "type": "array", "items": {"$ref": f"https://apigateway.amazonaws.com/restapis/{api_id}/models/Pet"}}
    resources = _resources(apigateway, api_id)
    assert resources["/b"]["resourceMethods"]["PUT"]["requestModels"] == {"application/json": generated}


def test_an_inline_schema_in_a_referenced_response_becomes_a_model(apigateway):
    """The case of aws/aws-sdk#468: responses kept under components/responses."""
    document = _doc({"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/Pets"}},
                                    "x-amazon-apigateway-integration": {"type": "mock"}}}},
                    components={"responses": {"Pets": {"description": "pets",
                                                       "content": {"application/json": {"schema": PETS}}}}})

    api_id = apigateway.import_rest_api(body=_body(document))["id"]

    [name] = _models(apigateway, api_id)
    method = _resources(apigateway, api_id)["/a"]["resourceMethods"]["GET"]
    assert GENERATED.fullmatch(name)
    assert method["methodResponses"]["200"]["responseModels"] == {"application/json": name}


@pytest.mark.parametrize("schema", [{}, "a string", ["a", "list"], 5, None], ids=["empty", "string", "list",
                                                                                   "number", "null"])
def test_an_empty_or_non_object_schema_makes_no_model(apigateway, schema):
    document = _doc({"/a": {"post": {"requestBody": {"content": {"application/json": {"schema": schema}}},
                                     "responses": OK, "x-amazon-apigateway-integration": {"type": "mock"}}}})

    api_id = apigateway.import_rest_api(body=_body(document))["id"]

    assert apigateway.get_models(restApiId=api_id)["items"] == []
    assert "requestModels" not in _resources(apigateway, api_id)["/a"]["resourceMethods"]["POST"]


def test_a_generated_model_in_use_cannot_be_deleted(apigateway):
    api_id = apigateway.import_rest_api(body=_body(_oas3_inline()))["id"]
    method = _resources(apigateway, api_id)["/pets"]["resourceMethods"]["POST"]
    name = method["requestModels"]["application/json"]

    error = error_of(apigateway.delete_model, restApiId=api_id, modelName=name)

    assert_error(error, "ConflictException", f"Cannot delete model '{name}', is referenced in method request: "
                                             "/pets/POST", 409)


def _used_models(client: Any, api_id: str) -> tuple[Any, Any]:
    method = _resources(client, api_id)["/pets"]["resourceMethods"]["POST"]
    return method["requestModels"], method["methodResponses"]


@pytest.mark.parametrize("export_type", ["oas30", "swagger"])
def test_generated_models_round_trip_through_export(apigateway, export_type):
    api_id = apigateway.import_rest_api(body=_body(_oas3_inline()))["id"]
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    before = _models(apigateway, api_id)
    used_before = _used_models(apigateway, api_id)

    exported = apigateway.get_export(restApiId=api_id, stageName="dev", exportType=export_type)["body"].read()
    schemas = json.loads(exported)["components"]["schemas"] if export_type == "oas30" \
        else json.loads(exported)["definitions"]
    assert schemas == {name: json.loads(model["schema"]) for name, model in before.items()}

    apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=exported)
    assert _models(apigateway, api_id) == before
    assert _used_models(apigateway, api_id) == used_before
    copy_id = apigateway.import_rest_api(body=exported)["id"]
    assert sorted(_models(apigateway, copy_id)) == sorted(before)


def test_many_and_deep_inline_schemas_are_imported_promptly(apigateway):
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(40):  # 80 levels of JSON, within the document's nesting limit
        deep = {"type": "object", "properties": {"x": deep}}
    paths = {f"/p{i}": {"post": {"requestBody": {"content": {"application/json": {"schema": {
        "type": "object", "properties": {f"f{i}": {"type": "string"}}}}}},
        "responses": OK, "x-amazon-apigateway-integration": {"type": "mock"}}} for i in range(300)}
    paths["/deep"] = {"post": {"requestBody": {"content": {"application/json": {"schema": deep}}},
                               "responses": OK, "x-amazon-apigateway-integration": {"type": "mock"}}}

    api_id = apigateway.import_rest_api(body=_body(_doc(paths)))["id"]

    models = _models(apigateway, api_id)
    assert len(models) == 301
    assert all(GENERATED.fullmatch(name) for name in models)


def test_import_checks_a_new_resource_against_its_variable_siblings_only(apigateway, monkeypatch):
    # the sibling checks cost a path its depth, not its siblings: a flat document of thousands of
    # paths imported in seconds, not minutes (12,000 paths took 36 s when every sibling was scanned)
    from gwmock.openapi import writer

    seen: list[int] = []
    check = writer._check_placement

    def counting(resources, parent, part, moving):
        resources = list(resources)
        seen.append(len(resources))
        return check(resources, parent, part, moving)

    monkeypatch.setattr(writer, "_check_placement", counting)
    paths = {f"/p{i}": {"get": {}} for i in range(300)}
    paths.update({"/p0/{id}": {"get": {}}, "/p0/{other}": {"get": {}}})
    document = {"openapi": "3.0.1", "info": {"title": "flat", "version": "1"}, "paths": paths}

    error = error_of(apigateway.import_rest_api, body=json.dumps(document))

    assert "A sibling ({id}) of this resource already has a variable path part -- only one is allowed" in \
        error["Error"]["Message"]
    assert len(seen) == 302 and max(seen) == 1  # only /p0/{other} met a sibling: {id}


def test_an_inline_schema_never_takes_the_name_of_another_schema(apigateway):
    # a defined model may already hold the MODELxxxxxx name an inline schema hashes to: the inline
    # schema gets a name of its own rather than silently reusing the other schema
    from gwmock.openapi.importer import inline_model_name

    inline = {"type": "object", "properties": {"a": {"type": "string"}}}
    taken = inline_model_name(inline)
    document = {"openapi": "3.0.1", "info": {"title": "models", "version": "1"},
                "components": {"schemas": {taken: {"type": "string"}}},
                "paths": {"/p": {"post": {"requestBody": {"content": {"application/json": {"schema": inline}}},
                                          "responses": {"200": {"description": "ok"}}}}}}

    api = apigateway.import_rest_api(body=json.dumps(document))

    models = {m["name"]: json.loads(m["schema"]) for m in apigateway.get_models(restApiId=api["id"])["items"]}
    resource = next(r for r in apigateway.get_resources(restApiId=api["id"])["items"] if r["path"] == "/p")
    used = apigateway.get_method(restApiId=api["id"], resourceId=resource["id"], httpMethod="POST")["requestModels"]
    assert used["application/json"] == inline_model_name(inline, 1) != taken
    assert models[taken] == {"type": "string"}
    assert models[used["application/json"]]["properties"] == {"a": {"type": "string"}}
