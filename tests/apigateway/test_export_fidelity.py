"""GetExport's shape for rich APIs, and export -> ImportRestApi / PutRestApi -> export round trips.

Evidence (see gwmock/openapi/exporter.py): the recorded PetStore exports (aws-recorded
test_apigateway_extended) list the models in the document's order; AWS's documented and users'
exported files show only the models methods use, without ``$schema`` (``{"type": "object",
"title": "Empty Schema"}`` in an API that also has the default Error model); the
``x-amazon-apigateway-endpoint-configuration`` reference page puts the extension at the top level
of 2.0 and on the Server object of 3.0.
"""

from __future__ import annotations

import datetime
import json
import time
from typing import Any

import pytest
from helpers import MISSING_FROM_MODEL, assert_error, error_of

LAMBDA = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
          "arn:aws:lambda:us-east-1:123456789012:function:f/invocations")
ROLE = "arn:aws:iam::123456789012:role/r"
POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X"
ALL = "integrations,authorizers,apigateway"


@pytest.fixture
def client(apigateway):
    return apigateway


def _export(client: Any, api_id: str, export_type: str, extensions: str | None = ALL,
            stage: str = "prod") -> dict[str, Any]:
    params = {"parameters": {"extensions": extensions}} if extensions else {}
    body = client.get_export(restApiId=api_id, stageName=stage, exportType=export_type, **params)["body"]
    return json.loads(body.read())  # type: ignore[no-any-return]


def _rich_api(client: Any) -> str:
    """Every kind of integration and authorizer, validators, models referring to models, gateway
    responses, binary types, API key source, compression, policy and a documentation snapshot."""
    api = client.create_rest_api(
        name="rich", description="d", version="7", binaryMediaTypes=["image/png", "application/octet-stream"],
        apiKeySource="AUTHORIZER", minimumCompressionSize=1024, endpointConfiguration={"types": ["REGIONAL"]},
        policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                                                                     "Action": "execute-api:Invoke",
                                                                     "Resource": "execute-api:/*"}]}))
    a, root = api["id"], api["rootResourceId"]
    client.create_model(restApiId=a, name="Tag", contentType="application/json",
                        schema=json.dumps({"type": "string", "enum": ["b", "a"]}))
    client.create_model(restApiId=a, name="Pet", contentType="application/json", schema=json.dumps({
        "$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "required": ["id"],
        "properties": {"id": {"type": "integer"},
                       "tag": {"$ref": f"https://apigateway.amazonaws.com/restapis/{a}/models/Tag"}}}))
    validator = client.create_request_validator(restApiId=a, name="body-only", validateRequestBody=True,
                                                validateRequestParameters=False)["id"]
    token = client.create_authorizer(restApiId=a, name="tok", type="TOKEN", authorizerUri=LAMBDA,
                                     identitySource="method.request.header.Auth", identityValidationExpression="^x",
                                     authorizerResultTtlInSeconds=60, authType="oauth2")["id"]
    request = client.create_authorizer(restApiId=a, name="req", type="REQUEST", authorizerUri=LAMBDA,
                                       identitySource="method.request.header.A, method.request.querystring.q",
                                       authorizerResultTtlInSeconds=0, authorizerCredentials=ROLE)["id"]
    cognito = client.create_authorizer(restApiId=a, name="cog", type="COGNITO_USER_POOLS", providerARNs=[POOL],
                                       identitySource="method.request.header.Authorization")["id"]
    pets = client.create_resource(restApiId=a, parentId=root, pathPart="pets")["id"]
    pet = client.create_resource(restApiId=a, parentId=pets, pathPart="{id}")["id"]
    client.put_method(restApiId=a, resourceId=pets, httpMethod="GET", authorizationType="CUSTOM", authorizerId=token,
                      apiKeyRequired=True, operationName="ListPets",
                      requestParameters={"method.request.querystring.limit": False,
                                         "method.request.header.X-Trace": True})
    client.put_integration(restApiId=a, resourceId=pets, httpMethod="GET", type="HTTP", integrationHttpMethod="GET",
                           uri="https://example.com/pets", requestTemplates={"application/json": "{}"},
                           requestParameters={"integration.request.querystring.limit":
                                              "method.request.querystring.limit"},
                           passthroughBehavior="NEVER", timeoutInMillis=5000, cacheNamespace="ns1",
                           cacheKeyParameters=["method.request.querystring.limit"], contentHandling="CONVERT_TO_TEXT")
    client.put_method_response(restApiId=a, resourceId=pets, httpMethod="GET", statusCode="200",
                               responseParameters={"method.response.header.X-Count": True},
                               responseModels={"application/json": "Pet"})
    client.put_integration_response(restApiId=a, resourceId=pets, httpMethod="GET", statusCode="200",
                                    selectionPattern="", responseTemplates={"application/json": "$input.body"},
                                    responseParameters={"method.response.header.X-Count": "'1'"})
    client.put_method_response(restApiId=a, resourceId=pets, httpMethod="GET", statusCode="404")
    client.put_integration_response(restApiId=a, resourceId=pets, httpMethod="GET", statusCode="404",
                                    selectionPattern="4\\d{2}", contentHandling="CONVERT_TO_BINARY")
    client.put_method(restApiId=a, resourceId=pets, httpMethod="POST", authorizationType="COGNITO_USER_POOLS",
                      authorizerId=cognito, authorizationScopes=["email", "openid"],
                      requestModels={"application/json": "Pet"}, requestValidatorId=validator)
    client.put_integration(restApiId=a, resourceId=pets, httpMethod="POST", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=LAMBDA, credentials=ROLE)
    client.put_method(restApiId=a, resourceId=pet, httpMethod="GET", authorizationType="AWS_IAM",
                      requestParameters={"method.request.path.id": True})
    client.put_integration(restApiId=a, resourceId=pet, httpMethod="GET", type="HTTP_PROXY",
                           integrationHttpMethod="GET", uri="https://nlb.example.com/{id}", connectionType="VPC_LINK",
                           connectionId="vl123", tlsConfig={"insecureSkipVerification": True},
                           requestParameters={"integration.request.path.id": "method.request.path.id"})
    client.put_method(restApiId=a, resourceId=pet, httpMethod="DELETE", authorizationType="CUSTOM",
                      authorizerId=request)
    client.put_integration(restApiId=a, resourceId=pet, httpMethod="DELETE", type="AWS", integrationHttpMethod="POST",
                           uri="arn:aws:apigateway:us-east-1:sqs:path/123456789012/q", credentials=ROLE,
                           requestTemplates={"application/json": "Action=SendMessage"},
                           passthroughBehavior="WHEN_NO_TEMPLATES")
    client.put_method(restApiId=a, resourceId=pet, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(restApiId=a, resourceId=pet, httpMethod="ANY", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=a, resourceId=pet, httpMethod="ANY", statusCode="200",
                               responseModels={"application/json": "Empty"})
    client.put_integration_response(restApiId=a, resourceId=pet, httpMethod="ANY", statusCode="200")
    client.put_gateway_response(restApiId=a, responseType="DEFAULT_4XX", statusCode="418",
                                responseParameters={"gatewayresponse.header.X-A": "'b'"},
                                responseTemplates={"application/json": '{"m":$context.error.messageString}'})
    client.create_documentation_part(restApiId=a, location={"type": "API"},
                                     properties=json.dumps({"info": {"description": "doc"}}))
    client.create_documentation_part(restApiId=a, location={"type": "METHOD", "path": "/pets", "method": "GET"},
                                     properties=json.dumps({"summary": "list"}))
    _deploy_with_documentation(client, a)
    return a  # type: ignore[no-any-return]


def _deploy_with_documentation(client: Any, api_id: str) -> None:
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.create_documentation_version(restApiId=api_id, documentationVersion="v1", stageName="prod")


def _normal(document: dict[str, Any], *api_ids: str) -> dict[str, Any]:
    """The document with API ids and the documentation snapshot date neutralised (a copy's policy
    names the original API: the import stores the policy as the document writes it)."""
    text = json.dumps(document)
    for api_id in api_ids:
        text = text.replace(api_id, "API")
    document = json.loads(text)
    document.get("x-amazon-apigateway-documentation", {})["createdDate"] = "date"
    return document


# --- shapes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
def test_export_holds_only_the_models_methods_use_without_schema_keyword(client, export_type):
    api = client.create_rest_api(name="console")  # with the default Empty and Error models
    client.create_model(restApiId=api["id"], name="Unused", contentType="application/json",
                        schema='{"type": "object"}')
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                               responseModels={"application/json": "Empty"})
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    deployment = client.create_deployment(restApiId=api["id"], stageName="prod")

    document = _export(client, api["id"], export_type, extensions=None)

    date = datetime.datetime.fromtimestamp(deployment["createdDate"].timestamp(), datetime.timezone.utc)
    version = date.strftime("%Y-%m-%dT%H:%M:%SZ")
    host = f"{api['id']}.execute-api.us-east-1.amazonaws.com"
    empty = {"title": "Empty Schema", "type": "object"}
    if export_type == "swagger":
        assert document == {
            "swagger": "2.0", "info": {"title": "console", "version": version}, "host": host,
            "basePath": "/prod", "schemes": ["https"],
            "paths": {"/": {"get": {"consumes": ["application/json"], "produces": ["application/json"],
                                    "responses": {"200": {"description": "200 response",
                                                          "schema": {"$ref": "#/definitions/Empty"}}}}}},
            "definitions": {"Empty": empty}}
    else:
        assert document == {
            "openapi": "3.0.1", "info": {"title": "console", "version": version},
            "servers": [{"url": f"https://{host}/{{basePath}}", "variables": {"basePath": {"default": "prod"}}}],
            "paths": {"/": {"get": {"responses": {"200": {
                "description": "200 response",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Empty"}}}}}}}},
            "components": {"schemas": {"Empty": empty}}}


@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
def test_export_without_used_models_has_no_schemas(client, export_type):
    api = client.create_rest_api(name="plain")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName="prod")

    document = _export(client, api["id"], export_type)

    assert "definitions" not in document
    if export_type == "oas30":
        assert document["components"] == {}


@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
def test_export_lists_models_in_the_document_order(client, export_type):
    document = {
        "swagger": "2.0", "info": {"title": "order"},
        "paths": {"/a": {"post": {
            "parameters": [{"in": "body", "name": "Zed", "schema": {"$ref": "#/definitions/Zed"}}],
            "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Mid"}}},
            "x-amazon-apigateway-integration": {"type": "mock"}}}},
        "definitions": {"Zed": {"type": "object", "properties": {"a": {"$ref": "#/definitions/Alpha"}}},
                        "Mid": {"type": "string"}, "Alpha": {"type": "integer"}, "Lonely": {"type": "object"}}}
    api_id = client.import_rest_api(body=json.dumps(document).encode())["id"]
    client.create_deployment(restApiId=api_id, stageName="prod")

    exported = _export(client, api_id, export_type)

    schemas = exported["definitions"] if export_type == "swagger" else exported["components"]["schemas"]
    assert list(schemas) == ["Zed", "Mid", "Alpha"]
    assert [m["name"] for m in client.get_models(restApiId=api_id)["items"]] == ["Alpha", "Lonely", "Mid", "Zed"]


def test_merged_models_follow_the_existing_ones(client):
    first = {"swagger": "2.0", "info": {"title": "m"},
             "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
                                                            "schema": {"$ref": "#/definitions/Zed"}}},
                                      "x-amazon-apigateway-integration": {"type": "mock"}}}},
             "definitions": {"Zed": {"type": "object"}}}
    second = {"swagger": "2.0", "info": {"title": "m"},
              "paths": {"/b": {"get": {"responses": {"200": {"description": "ok",
                                                             "schema": {"$ref": "#/definitions/Beta"}}},
                                       "x-amazon-apigateway-integration": {"type": "mock"}}}},
              "definitions": {"Beta": {"type": "object"}, "Zed": {"type": "string"}}}
    api_id = client.import_rest_api(body=json.dumps(first).encode())["id"]
    client.put_rest_api(restApiId=api_id, mode="merge", body=json.dumps(second).encode())
    client.create_deployment(restApiId=api_id, stageName="prod")

    assert _export(client, api_id, "swagger")["definitions"] == {"Zed": {"type": "string"},
                                                                 "Beta": {"type": "object"}}
    assert list(_export(client, api_id, "swagger")["definitions"]) == ["Zed", "Beta"]


def test_info_version_is_the_deployment_date(client):
    api = client.create_rest_api(name="dated")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName="prod")
    time.sleep(1.1)
    again = client.create_deployment(restApiId=api["id"], stageName="prod")

    response = client.get_export(restApiId=api["id"], stageName="prod", exportType="swagger")

    stamp = datetime.datetime.fromtimestamp(again["createdDate"].timestamp(), datetime.timezone.utc)
    version = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert json.loads(response["body"].read())["info"]["version"] == version
    assert response["contentDisposition"] == f'attachment; filename="swagger_{version}.json"'


@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
def test_endpoint_configuration_sits_where_each_version_keeps_it(client, export_type):
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]})
    api = client.create_rest_api(name="private", disableExecuteApiEndpoint=True, policy=policy,
                                 endpointConfiguration={"types": ["PRIVATE"], "vpcEndpointIds": ["vpce-1"]})
    client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                      authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName="prod")

    document = _export(client, api["id"], export_type)
    copy = client.import_rest_api(body=json.dumps(document).encode(),
                                  parameters={"endpointConfigurationTypes": "PRIVATE"})

    extension = {"vpcEndpointIds": ["vpce-1"], "disableExecuteApiEndpoint": True}
    if export_type == "swagger":
        assert document["x-amazon-apigateway-endpoint-configuration"] == extension
    else:
        assert "x-amazon-apigateway-endpoint-configuration" not in document
        assert document["servers"] == [{
            "url": f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/{{basePath}}",
            "variables": {"basePath": {"default": "prod"}}, "x-amazon-apigateway-endpoint-configuration": extension}]
    assert copy["disableExecuteApiEndpoint"] is True
    assert copy["endpointConfiguration"]["vpcEndpointIds"] == ["vpce-1"]


def test_oas30_import_reads_the_server_endpoint_configuration(client):
    document = {"openapi": "3.0.1", "info": {"title": "s"},
                "servers": [{"url": "https://example.com"},
                            {"url": "https://example.org",
                             "x-amazon-apigateway-endpoint-configuration": {"disableExecuteApiEndpoint": True}}],
                "paths": {}}

    api = client.import_rest_api(body=json.dumps(document).encode())

    assert api["disableExecuteApiEndpoint"] is True


def test_oas30_server_endpoint_configuration_of_the_wrong_type_is_invalid(client):
    document = {"openapi": "3.0.1", "info": {"title": "s"},
                "servers": [{"url": "https://example.com", "x-amazon-apigateway-endpoint-configuration": ["no"]}],
                "paths": {}}

    assert_error(error_of(client.import_rest_api, body=json.dumps(document).encode()), "BadRequestException",
                 "Invalid OpenAPI input.", 400)


@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
def test_response_transfer_mode_survives_a_round_trip(client, export_type):
    api = client.create_rest_api(name="stream")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=LAMBDA, responseTransferMode="STREAM")
    client.create_deployment(restApiId=api["id"], stageName="prod")

    document = _export(client, api["id"], export_type)
    copy = client.import_rest_api(body=json.dumps(document).encode())

    assert document["paths"]["/"]["get"]["x-amazon-apigateway-integration"] == {
        "type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA, "passthroughBehavior": "when_no_match",
        "responseTransferMode": "STREAM"}
    integration = client.get_integration(restApiId=copy["id"], resourceId=copy["rootResourceId"], httpMethod="GET")
    assert integration["responseTransferMode"] == "STREAM"


def test_an_invalid_response_transfer_mode_is_refused_on_import(client):
    if "responseTransferMode" in MISSING_FROM_MODEL:  # the enum that refuses it is the model's
        pytest.skip("this botocore's model has no responseTransferMode")
    document = {"swagger": "2.0", "info": {"title": "bad"},
                "paths": {"/": {"get": {"responses": {}, "x-amazon-apigateway-integration": {
                    "type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA, "responseTransferMode": "trickle"}}}}}

    error = error_of(client.import_rest_api, body=json.dumps(document).encode())

    assert error["Error"]["Code"] == "BadRequestException"
    assert error["Error"]["Message"].startswith("Errors found during import:\n\tUnable to put integration on 'GET' "
                                                "for resource at path '/': ")
    assert client.get_rest_apis()["items"] == []


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
def test_rich_export_imports_back_to_the_same_export(client, export_type):
    api_id = _rich_api(client)
    first = _export(client, api_id, export_type)

    copy_id = client.import_rest_api(body=json.dumps(first).encode())["id"]
    _deploy_with_documentation(client, copy_id)
    again = _export(client, copy_id, export_type)

    assert json.dumps(_normal(again, copy_id, api_id)) == json.dumps(_normal(first, api_id))  # member order too
    schemas = first["definitions"] if export_type == "swagger" else first["components"]["schemas"]
    ref = "#/definitions/Tag" if export_type == "swagger" else "#/components/schemas/Tag"
    assert json.dumps(schemas) == json.dumps({  # the default Error model is used by no method
        "Empty": {"title": "Empty Schema", "type": "object"},
        "Tag": {"type": "string", "enum": ["b", "a"]},
        "Pet": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}, "tag": {"$ref": ref}}}})


@pytest.mark.parametrize("mode", ["overwrite", "merge"])
@pytest.mark.parametrize("export_type", ["swagger", "oas30"])
def test_rich_export_put_onto_its_api_changes_nothing(client, export_type, mode):
    api_id = _rich_api(client)
    first = _export(client, api_id, export_type)

    answer = client.put_rest_api(restApiId=api_id, mode=mode, body=json.dumps(first).encode())
    client.create_deployment(restApiId=api_id, stageName="prod")

    assert "warnings" not in answer
    assert json.dumps(_export(client, api_id, export_type)) == json.dumps(first)
