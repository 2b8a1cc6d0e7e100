"""ImportApi, ReimportApi, ExportApi for HTTP APIs (OpenAPI 3.0, JSON and YAML)."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from helpers import assert_error, error_of

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"
AUTH_LAMBDA = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
               "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations")

DOCUMENT = {
    "openapi": "3.0.1",
    "info": {"title": "pets", "version": "1.0", "description": "pet store"},
    "servers": [{"url": "https://example.com/{basePath}", "variables": {"basePath": {"default": "v1/api"}}}],
    "tags": [{"name": "team", "x-amazon-apigateway-tag-value": "pets"}],
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "security": [{"jwt-auth": ["read:pets"]}],
                "x-amazon-apigateway-integration": {
                    "type": "AWS_PROXY", "httpMethod": "POST", "uri": LAMBDA, "payloadFormatVersion": "2.0",
                    "timeoutInMillis": 10000,
                },
            },
            "post": {
                "security": [{"lambda-auth": []}],
                "x-amazon-apigateway-integration": {
                    "type": "http_proxy", "httpMethod": "POST", "uri": "https://backend.example.com/pets",
                    "payloadFormatVersion": "1.0", "requestParameters": {"append:header.x-src": "gw"},
                    "responseParameters": {"200": {"overwrite:header.x-done": "yes"}},
                },
            },
        },
        "/pets/{id}": {
            "x-amazon-apigateway-any-method": {
                "security": [{"sigv4": []}],
                "x-amazon-apigateway-integration": {
                    "type": "http_proxy", "httpMethod": "ANY", "payloadFormatVersion": "1.0",
                    "uri": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2",
                    "connectionType": "VPC_LINK", "connectionId": "abc123",
                    "tlsConfig": {"serverNameToVerify": "backend.example.com"},
                },
            },
        },
        "/health": {"get": {"responses": {"200": {"description": "ok"}}}},
    },
    "components": {
        "securitySchemes": {
            "jwt-auth": {
                "type": "oauth2", "flows": {},
                "x-amazon-apigateway-authorizer": {
                    "type": "jwt", "identitySource": "$request.header.Authorization",
                    "jwtConfiguration": {"audience": ["aud1"], "issuer": "https://issuer.example.com"},
                },
            },
            "lambda-auth": {
                "type": "apiKey", "name": "X-Token", "in": "header",
                "x-amazon-apigateway-authorizer": {
                    "type": "request", "identitySource": "$request.header.X-Token", "authorizerUri": AUTH_LAMBDA,
                    "authorizerPayloadFormatVersion": "2.0", "authorizerResultTtlInSeconds": 300,
                    "enableSimpleResponses": True,
                },
            },
            "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                      "x-amazon-apigateway-authtype": "awsSigv4"},
        },
    },
    "x-amazon-apigateway-cors": {"allowOrigins": ["https://example.com"], "allowMethods": ["GET", "POST"],
                                 "maxAge": 300, "allowCredentials": True},
}


def _import(client, document=DOCUMENT, **kwargs):
    return client.import_api(Body=json.dumps(document), **kwargs)


def _export(client, api_id, output="JSON", **kwargs):
    body = client.export_api(ApiId=api_id, OutputType=output, Specification="OAS30", **kwargs)["body"].read()
    return yaml.safe_load(body) if output == "YAML" else json.loads(body)


def _by_key(client, api_id):
    routes = {r["RouteKey"]: r for r in client.get_routes(ApiId=api_id)["Items"]}
    integrations = {i["IntegrationId"]: i for i in client.get_integrations(ApiId=api_id)["Items"]}
    authorizers = {a["AuthorizerId"]: a for a in client.get_authorizers(ApiId=api_id)["Items"]}
    return routes, integrations, authorizers


def _definition(client, api_id):
    """Routes with their integration and authorizer inlined, ids dropped: comparable across APIs."""
    routes, integrations, authorizers = _by_key(client, api_id)
    out = {}
    for key, route in routes.items():
        route = {k: v for k, v in route.items() if k not in ("RouteId", "ApiGatewayManaged")}
        target = route.pop("Target", None)
        if target:
            route["Integration"] = {k: v for k, v in integrations[target.split("/")[1]].items()
                                    if k not in ("IntegrationId", "ApiGatewayManaged")}
        if route.get("AuthorizerId"):
            authorizer = authorizers[route.pop("AuthorizerId")]
            route["Authorizer"] = {k: v for k, v in authorizer.items() if k != "AuthorizerId"}
        out[key] = route
    return out


def _comparable(client, api_id, output):
    """The export without ``servers``, the one part that names the API."""
    return {k: v for k, v in _export(client, api_id, output).items() if k != "servers"}


def test_import_api(apigatewayv2):
    api = _import(apigatewayv2)
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert api["Name"] == "pets" and api["Version"] == "1.0" and api["Description"] == "pet store"
    assert api["ProtocolType"] == "HTTP"
    assert api["RouteSelectionExpression"] == "$request.method $request.path"
    assert api["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert api["ApiEndpoint"] == f"https://{api['ApiId']}.execute-api.us-east-1.amazonaws.com"
    assert api["Tags"] == {"team": "pets"}
    assert api["CorsConfiguration"] == {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET", "POST"],
                                        "MaxAge": 300, "AllowCredentials": True}
    assert "Warnings" not in api
    assert apigatewayv2.get_api(ApiId=api["ApiId"])["Name"] == "pets"
    assert apigatewayv2.get_stages(ApiId=api["ApiId"])["Items"] == []


def test_import_creates_routes_integrations_and_authorizers(apigatewayv2):
    api_id = _import(apigatewayv2)["ApiId"]
    definition = _definition(apigatewayv2, api_id)
    assert sorted(definition) == ["ANY /pets/{id}", "GET /health", "GET /pets", "POST /pets"]
    assert definition["GET /health"] == {"ApiKeyRequired": False, "AuthorizationType": "NONE",
                                         "RouteKey": "GET /health"}
    assert definition["GET /pets"] == {
        "ApiKeyRequired": False, "AuthorizationType": "JWT", "AuthorizationScopes": ["read:pets"],
        "OperationName": "listPets", "RouteKey": "GET /pets",
        "Integration": {"ConnectionType": "INTERNET", "IntegrationMethod": "POST", "IntegrationType": "AWS_PROXY",
                        "IntegrationUri": LAMBDA, "PayloadFormatVersion": "2.0", "TimeoutInMillis": 10000},
        "Authorizer": {"AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"], "Name": "jwt-auth",
                       "JwtConfiguration": {"Audience": ["aud1"], "Issuer": "https://issuer.example.com"}},
    }
    post = definition["POST /pets"]
    assert post["AuthorizationType"] == "CUSTOM"
    assert post["Authorizer"] == {"AuthorizerType": "REQUEST", "IdentitySource": ["$request.header.X-Token"],
                                  "Name": "lambda-auth", "AuthorizerUri": AUTH_LAMBDA,
                                  "AuthorizerPayloadFormatVersion": "2.0", "AuthorizerResultTtlInSeconds": 300,
                                  "EnableSimpleResponses": True}
    assert post["Integration"]["RequestParameters"] == {"append:header.x-src": "gw"}
    assert post["Integration"]["ResponseParameters"] == {"200": {"overwrite:header.x-done": "yes"}}
    proxy = definition["ANY /pets/{id}"]
    assert proxy["AuthorizationType"] == "AWS_IAM"
    assert proxy["Integration"]["ConnectionType"] == "VPC_LINK"
    assert proxy["Integration"]["ConnectionId"] == "abc123"
    assert proxy["Integration"]["TlsConfig"] == {"ServerNameToVerify": "backend.example.com"}
    assert proxy["Integration"]["TimeoutInMillis"] == 30000


def test_import_yaml(apigatewayv2):
    api = apigatewayv2.import_api(Body=yaml.safe_dump(DOCUMENT))
    assert api["Name"] == "pets"
    assert len(apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"]) == 4


def test_import_default_route(apigatewayv2):
    document = {"openapi": "3.0.1", "info": {"title": "d", "version": "1"}, "paths": {"/$default": {
        "x-amazon-apigateway-any-method": {"isDefaultRoute": True, "x-amazon-apigateway-integration": {
            "type": "aws_proxy", "uri": LAMBDA, "payloadFormatVersion": "2.0"}}}}}
    api_id = _import(apigatewayv2, document)["ApiId"]
    definition = _definition(apigatewayv2, api_id)
    assert list(definition) == ["$default"]
    assert definition["$default"]["Integration"]["IntegrationMethod"] == "POST"


def test_import_integration_by_reference(apigatewayv2):
    document = {"openapi": "3.0.1", "info": {"title": "r", "version": "1"},
                "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {
                    "$ref": "#/components/x-amazon-apigateway-integrations/fn"}}}},
                "components": {"x-amazon-apigateway-integrations": {"fn": {
                    "type": "aws_proxy", "uri": LAMBDA, "payloadFormatVersion": "2.0"}}}}
    api_id = _import(apigatewayv2, document)["ApiId"]
    assert _definition(apigatewayv2, api_id)["GET /a"]["Integration"]["IntegrationUri"] == LAMBDA


@pytest.mark.parametrize("body", ["not a document: [", "{}", '{"openapi": "3.0.1", "paths": []}', "[1, 2]",
                                  '{"openapi": "3.0.1", "info": {"version": "1"}, "paths": {}}'])
def test_import_invalid_document(apigatewayv2, body):
    error = error_of(apigatewayv2.import_api, Body=body)
    assert_error(error, "BadRequestException", "Invalid OpenAPI input.", 400)
    assert apigatewayv2.get_apis()["Items"] == []


WARNING_DOCUMENT = {"openapi": "3.0.1", "info": {"title": "w", "version": "1"}, "paths": {
    "/mock": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}},
    "/ok": {"get": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": LAMBDA,
                                                         "payloadFormatVersion": "2.0"}}},
}}


def test_import_warnings(apigatewayv2):
    api = _import(apigatewayv2, WARNING_DOCUMENT)
    assert api["Warnings"] == ["Unsupported integration type 'mock' for route 'GET /mock'. "
                               "HTTP APIs support only aws_proxy and http_proxy integrations. Ignoring."]
    definition = _definition(apigatewayv2, api["ApiId"])
    assert "Integration" not in definition["GET /mock"]
    assert "Integration" in definition["GET /ok"]


def test_import_fail_on_warnings(apigatewayv2):
    error = error_of(_import, apigatewayv2, WARNING_DOCUMENT, FailOnWarnings=True)
    assert_error(error, "BadRequestException", status=400)
    assert error["Error"]["Message"].startswith("Warnings found during import:\n\tUnsupported integration type 'mock'")
    assert apigatewayv2.get_apis()["Items"] == []


def test_import_unknown_security_scheme_is_a_warning(apigatewayv2):
    document = {"openapi": "3.0.1", "info": {"title": "s", "version": "1"},
                "paths": {"/a": {"get": {"security": [{"nope": []}]}}}}
    api = _import(apigatewayv2, document)
    assert api["Warnings"] == ["Unable to find security scheme 'nope' for route 'GET /a'. Ignoring."]
    assert _definition(apigatewayv2, api["ApiId"])["GET /a"]["AuthorizationType"] == "NONE"


@pytest.mark.parametrize(("mode", "key"), [(None, "GET /items"), ("ignore", "GET /items"),
                                           ("prepend", "GET /v1/api/items"), ("split", "GET /api/items")])
def test_import_basepath(apigatewayv2, mode, key):
    document = copy.deepcopy(DOCUMENT)
    document["paths"] = {"/items": {"get": {}}}
    kwargs = {"Basepath": mode} if mode else {}
    api_id = _import(apigatewayv2, document, **kwargs)["ApiId"]
    assert [r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]] == [key]


def test_import_bad_basepath_mode(apigatewayv2):
    error = error_of(_import, apigatewayv2, Basepath="sideways")
    assert_error(error, "BadRequestException",
                 "Invalid basepath mode specified: sideways. Must be one of: [ignore, prepend, split]", 400)


def test_reimport_replaces_the_definition(apigatewayv2):
    api = apigatewayv2.create_api(Name="old", ProtocolType="HTTP", Target=LAMBDA, Tags={"keep": "me"})
    api_id = api["ApiId"]
    before = apigatewayv2.get_stage(ApiId=api_id, StageName="$default")["DeploymentId"]
    reimported = apigatewayv2.reimport_api(ApiId=api_id, Body=json.dumps(DOCUMENT))
    assert reimported["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert reimported["ApiId"] == api_id
    assert reimported["Name"] == "pets"
    assert reimported["CreatedDate"] == api["CreatedDate"]
    assert reimported["Tags"] == {"keep": "me", "team": "pets"}
    assert sorted(_definition(apigatewayv2, api_id)) == ["ANY /pets/{id}", "GET /health", "GET /pets", "POST /pets"]
    assert len(apigatewayv2.get_integrations(ApiId=api_id)["Items"]) == 3
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="$default")
    assert stage["DeploymentId"] != before  # the AutoDeploy stage follows the new definition


def test_reimport_failure_leaves_the_api(apigatewayv2):
    api_id = _import(apigatewayv2)["ApiId"]
    before = _definition(apigatewayv2, api_id)
    error = error_of(apigatewayv2.reimport_api, ApiId=api_id, Body=json.dumps(WARNING_DOCUMENT), FailOnWarnings=True)
    assert_error(error, "BadRequestException", status=400)
    assert _definition(apigatewayv2, api_id) == before
    assert apigatewayv2.get_api(ApiId=api_id)["Name"] == "pets"


def test_reimport_unknown_api(apigatewayv2):
    error = error_of(apigatewayv2.reimport_api, ApiId="nope123", Body=json.dumps(DOCUMENT))
    assert_error(error, "NotFoundException", "Invalid API identifier specified 123456789012:nope123", 404)


def test_export_quick_created_api(apigatewayv2):
    api = apigatewayv2.create_api(Name="quick", ProtocolType="HTTP", Target=LAMBDA, Version="v1")
    document = _export(apigatewayv2, api["ApiId"])
    assert document == {
        "openapi": "3.0.1",
        "info": {"title": "quick", "version": "v1"},
        "servers": [{"url": f"https://{api['ApiId']}.execute-api.us-east-1.amazonaws.com/{{basePath}}",
                     "variables": {"basePath": {"default": ""}}}],
        "paths": {"/$default": {"x-amazon-apigateway-any-method": {
            "isDefaultRoute": True,
            "responses": {"default": {"description": "Default response for $default"}},
            "x-amazon-apigateway-integration": {"payloadFormatVersion": "2.0", "type": "aws_proxy",
                                                "httpMethod": "POST", "uri": LAMBDA, "connectionType": "INTERNET",
                                                "timeoutInMillis": 30000},
        }}},
        "x-amazon-apigateway-importexport-version": "1.0",
    }


def test_export_without_version_uses_the_creation_time(apigatewayv2):
    api = apigatewayv2.create_api(Name="quick", ProtocolType="HTTP")
    expected = api["CreatedDate"].astimezone(__import__("datetime").timezone.utc).strftime("%Y-%m-%d %H:%M:%SUTC")
    assert _export(apigatewayv2, api["ApiId"])["info"]["version"] == expected


def test_export_imported_api(apigatewayv2):
    api_id = _import(apigatewayv2)["ApiId"]
    document = _export(apigatewayv2, api_id, "YAML")
    assert document["info"] == {"title": "pets", "description": "pet store", "version": "1.0"}
    assert document["tags"] == [{"name": "team", "x-amazon-apigateway-tag-value": "pets"}]
    assert document["x-amazon-apigateway-cors"] == DOCUMENT["x-amazon-apigateway-cors"]
    assert list(document["paths"]) == ["/health", "/pets", "/pets/{id}"]
    assert list(document["paths"]["/pets"]) == ["get", "post"]
    get = document["paths"]["/pets"]["get"]
    assert get["operationId"] == "listPets"
    assert get["security"] == [{"jwt-auth": ["read:pets"]}]
    assert document["paths"]["/pets/{id}"]["parameters"] == [{
        "name": "id", "in": "path", "description": "Generated path parameter for id", "required": True,
        "schema": {"type": "string"}}]
    assert document["paths"]["/pets/{id}"]["x-amazon-apigateway-any-method"]["security"] == [{"sigv4": []}]
    schemes = document["components"]["securitySchemes"]
    assert schemes["jwt-auth"] == DOCUMENT["components"]["securitySchemes"]["jwt-auth"]
    assert schemes["lambda-auth"] == DOCUMENT["components"]["securitySchemes"]["lambda-auth"]
    assert schemes["sigv4"] == DOCUMENT["components"]["securitySchemes"]["sigv4"]


def test_export_without_extensions(apigatewayv2):
    api_id = _import(apigatewayv2)["ApiId"]
    document = _export(apigatewayv2, api_id, IncludeExtensions=False)
    assert "x-amazon-apigateway" not in json.dumps(document)
    assert document["components"]["securitySchemes"]["jwt-auth"] == {"type": "oauth2", "flows": {}}
    assert list(document["paths"]) == ["/health", "/pets", "/pets/{id}"]


def test_export_stage(apigatewayv2):
    api_id = _import(apigatewayv2)["ApiId"]
    apigatewayv2.create_stage(ApiId=api_id, StageName="prod")
    document = _export(apigatewayv2, api_id, StageName="prod")
    assert document["servers"][0]["variables"]["basePath"]["default"] == "prod"
    error = error_of(apigatewayv2.export_api, ApiId=api_id, OutputType="JSON", Specification="OAS30", StageName="nope")
    assert_error(error, "NotFoundException", "Invalid Stage identifier specified nope", 404)


def test_export_errors(apigatewayv2):
    error = error_of(apigatewayv2.export_api, ApiId="nope123", OutputType="JSON", Specification="OAS30")
    assert_error(error, "NotFoundException", "Invalid API identifier specified 123456789012:nope123", 404)
    api_id = _import(apigatewayv2)["ApiId"]
    error = error_of(apigatewayv2.export_api, ApiId=api_id, OutputType="JSON", Specification="OAS30",
                     ExportVersion="2.0")
    assert_error(error, "BadRequestException", "Invalid export version specified: 2.0. Must be 1.0", 400)
    assert _export(apigatewayv2, api_id, ExportVersion="1.0")["info"]["title"] == "pets"
    ws = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    error = error_of(apigatewayv2.export_api, ApiId=ws["ApiId"], OutputType="JSON", Specification="OAS30")
    assert_error(error, "BadRequestException", "Export is supported only for HTTP APIs", 400)


@pytest.mark.parametrize("output", ["JSON", "YAML"])
def test_quick_created_api_round_trips(apigatewayv2, output):
    api_id = apigatewayv2.create_api(Name="quick", ProtocolType="HTTP", Target=LAMBDA)["ApiId"]
    first = apigatewayv2.export_api(ApiId=api_id, OutputType=output, Specification="OAS30")["body"].read()
    copy_id = apigatewayv2.import_api(Body=first.decode())["ApiId"]
    assert _definition(apigatewayv2, copy_id) == _definition(apigatewayv2, api_id)
    assert _comparable(apigatewayv2, copy_id, output) == _comparable(apigatewayv2, api_id, output)


@pytest.mark.parametrize("output", ["JSON", "YAML"])
def test_imported_api_round_trips(apigatewayv2, output):
    api_id = _import(apigatewayv2)["ApiId"]
    first = apigatewayv2.export_api(ApiId=api_id, OutputType=output, Specification="OAS30")["body"].read()
    copy_id = apigatewayv2.import_api(Body=first.decode())["ApiId"]
    assert _definition(apigatewayv2, copy_id) == _definition(apigatewayv2, api_id)
    original, copied = apigatewayv2.get_api(ApiId=api_id), apigatewayv2.get_api(ApiId=copy_id)
    for member in ("Name", "Version", "Description", "CorsConfiguration", "Tags", "DisableExecuteApiEndpoint"):
        assert copied.get(member) == original.get(member)
    assert _comparable(apigatewayv2, copy_id, output) == _comparable(apigatewayv2, api_id, output)
    # and the reimport of an export into the same API changes nothing
    apigatewayv2.reimport_api(ApiId=copy_id, Body=first.decode())
    assert _definition(apigatewayv2, copy_id) == _definition(apigatewayv2, api_id)


def _with_missing_model():
    document = copy.deepcopy(DOCUMENT)
    operation = next(iter(next(iter(document["paths"].values())).values()))
    operation["requestBody"] = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}}}
    return document


def test_import_fail_on_warnings_refuses_a_reference_to_a_missing_model(apigatewayv2):
    error = error_of(apigatewayv2.import_api, Body=json.dumps(_with_missing_model()), FailOnWarnings=True)
    assert_error(error, "BadRequestException", status=400)
    assert error["Error"]["Message"].startswith("Warnings found during import")
    assert "#/components/schemas/Gone" in error["Error"]["Message"]
    assert apigatewayv2.get_apis()["Items"] == []
    imported = apigatewayv2.import_api(Body=json.dumps(_with_missing_model()))
    assert any("#/components/schemas/Gone" in warning for warning in imported["Warnings"])


def test_reimport_fail_on_warnings_leaves_the_api_as_it_was(apigatewayv2):
    api_id = _import(apigatewayv2)["ApiId"]
    before = _definition(apigatewayv2, api_id)
    error = error_of(apigatewayv2.reimport_api, ApiId=api_id, Body=json.dumps(_with_missing_model()),
                     FailOnWarnings=True)
    assert error["Error"]["Message"].startswith("Warnings found during import")
    assert _definition(apigatewayv2, api_id) == before
