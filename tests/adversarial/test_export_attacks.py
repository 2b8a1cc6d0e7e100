"""Exports, SDK generation and documentation parts under attack (REST and HTTP APIs).

Hostile text (YAML and JSON syntax, control characters, line separators, very long strings)
exports to a document that parses back to the stored values and re-imports to the same API;
huge, deep and self-referencing APIs export in bounded time; unknown export types, SDK types,
parameters and Accept values are AWS's 400/404; SDK archives keep every entry under their root;
ImportDocumentationParts answers hostile documents with AWS's errors or warnings and changes
nothing when it refuses. Every refusal is checked with its code, status and unchanged state, and
the mock answering the next call.
"""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
import yaml
from helpers import assert_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
BAD_IMPORT = "Unable to build importer with provided input."
FORMATS = [("oas30", "application/json"), ("oas30", "application/yaml"),
           ("swagger", "application/json"), ("swagger", "application/yaml")]
HOSTILE = [
    "key: value", "# comment", "---", "...", "&anchor", "*alias", "!!python/object/apply:os.system ['id']",
    "tab\there", "cr\rlf\ncrlf\r\n", "nul\x00byte", "line\u2028para\u2029sep", "bom\ufeff", "esc\x1b[31m",
    "'single' \"double\" \\back", "{flow: [x, y]}", "- item", "? key", "| literal", "> folded", "%TAG ! x",
    "@at `tick`", "null", "true", "0o17", "1e3", "~", "2024-01-01", " lead and trail ", "é😀中",
    "x" * 5_000,
]


def _timed(fn, limit):
    started = time.perf_counter()
    out = fn()
    took = time.perf_counter() - started
    assert took < limit, f"took {took:.2f} s"
    return out


def _parse(body, accepts):
    text = body.decode()
    return yaml.safe_load(text) if accepts == "application/yaml" else json.loads(text)


def _export(client, api_id, export_type="oas30", accepts="application/json", extensions="apigateway"):
    response = client.get_export(restApiId=api_id, stageName="s", exportType=export_type, accepts=accepts,
                                 parameters={"extensions": extensions})
    return response, response["body"].read()


def _rest_api(client, text):
    """An API holding ``text`` in every free-text member an export writes."""
    api_id = client.create_rest_api(name=text, description=text, version=text)["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.create_model(restApiId=api_id, name="M", contentType="application/json", description=text,
                        schema=json.dumps({"type": "object", "title": text, "properties": {text: {"enum": [text]}}}))
    child = client.create_resource(restApiId=api_id, parentId=root, pathPart="p")["id"]
    client.put_method(restApiId=api_id, resourceId=child, httpMethod="POST", authorizationType="NONE",
                      operationName=text, requestModels={"application/json": "M"},
                      requestParameters={"method.request.header.X-H": True})
    client.put_method_response(restApiId=api_id, resourceId=child, httpMethod="POST", statusCode="200",
                               responseModels={"application/json": "M"},
                               responseParameters={"method.response.header.X-R": False})
    client.put_integration(restApiId=api_id, resourceId=child, httpMethod="POST", type="MOCK",
                           requestTemplates={"application/json": text})
    client.put_integration_response(restApiId=api_id, resourceId=child, httpMethod="POST", statusCode="200",
                                    responseTemplates={"application/json": text},
                                    responseParameters={"method.response.header.X-R": "'static'"})
    client.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX",
                                responseTemplates={"application/json": text})
    client.create_documentation_part(restApiId=api_id, location={"type": "API"},
                                     properties=json.dumps({"info": {"description": text}, text: text}))
    client.create_documentation_part(restApiId=api_id, location={"type": "METHOD", "path": "/p", "method": "POST"},
                                     properties=json.dumps({"summary": text, "tags": [text]}))
    client.create_deployment(restApiId=api_id, stageName="s")
    client.create_documentation_version(restApiId=api_id, documentationVersion="1", stageName="s")
    return api_id


def _definition(client, api_id):
    """What an export describes, read back through the API: resources, methods, models, parts."""
    methods = {}
    for resource in client.get_resources(restApiId=api_id)["items"]:
        for verb in resource.get("resourceMethods") or {}:
            method = client.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod=verb)
            method.pop("ResponseMetadata")
            method["methodIntegration"].pop("cacheNamespace")
            methods[(resource["path"], verb)] = method
    # a model's own description is not part of an export (AWS's neither): its schema is
    models = {m["name"]: (json.loads(m["schema"]), m["contentType"])
              for m in client.get_models(restApiId=api_id)["items"] if m["name"] not in ("Empty", "Error")}
    parts = sorted(json.dumps([p["location"], json.loads(p["properties"])], sort_keys=True)
                   for p in client.get_documentation_parts(restApiId=api_id)["items"])
    templates = client.get_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")["responseTemplates"]
    return methods, models, parts, templates


def _check_round_trip(client, api_id, text, export_type, accepts):
    _, body = _export(client, api_id, export_type, accepts)
    document = _parse(body, accepts)
    assert (document["info"]["title"], document["info"]["description"], document["info"]["version"]) == (text,) * 3
    operation = document["paths"]["/p"]["post"]
    assert (operation["operationId"], operation["summary"], operation["tags"]) == (text, text, [text])
    assert operation["x-amazon-apigateway-integration"]["requestTemplates"] == {"application/json": text}
    schemas = document["components"]["schemas"] if export_type == "oas30" else document["definitions"]
    assert schemas["M"] == {"type": "object", "title": text, "properties": {text: {"enum": [text]}}}
    assert document["x-amazon-apigateway-gateway-responses"]["DEFAULT_4XX"]["responseTemplates"] == {
        "application/json": text}
    copy = client.create_rest_api(name="copy")["id"]
    client.put_rest_api(restApiId=copy, mode="overwrite", body=body)
    assert client.get_rest_api(restApiId=copy)["name"] == text
    assert _definition(client, copy) == _definition(client, api_id)


# --- hostile text: exported, parsed back, re-imported (attacks that found nothing) --------------------


@pytest.mark.parametrize("export_type,accepts", FORMATS)
def test_hostile_text_exports_parses_back_and_reimports_to_the_same_api(apigateway, export_type, accepts):
    text = "".join(HOSTILE)
    api_id = _rest_api(apigateway, text)
    _check_round_trip(apigateway, api_id, text, export_type, accepts)


@pytest.mark.parametrize("export_type,accepts", [f for f in FORMATS if f[1] == "application/yaml"])
def test_each_hostile_string_alone_round_trips_as_a_key_and_a_value(apigateway, export_type, accepts):
    """``null``, ``~``, ``---`` or ``2024-01-01`` alone are other YAML values unless quoted."""
    api_id = _rest_api(apigateway, "plain")
    schema = {"type": "object", "properties": {text: {"enum": [text]} for text in HOSTILE}}
    apigateway.update_model(restApiId=api_id, modelName="M", patchOperations=[
        {"op": "replace", "path": "/schema", "value": json.dumps(schema)}])
    apigateway.create_documentation_part(restApiId=api_id, location={"type": "MODEL", "name": "M"},
                                         properties=json.dumps({text: text for text in HOSTILE}))
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    apigateway.create_documentation_version(restApiId=api_id, documentationVersion="2", stageName="s")
    _, body = _export(apigateway, api_id, export_type, accepts)
    document = _parse(body, accepts)
    schemas = document["components"]["schemas"] if export_type == "oas30" else document["definitions"]
    assert schemas["M"] == schema
    parts = document["x-amazon-apigateway-documentation"]["documentationParts"]
    assert {text: text for text in HOSTILE} in [part["properties"] for part in parts]
    copy = apigateway.create_rest_api(name="copy")["id"]
    apigateway.put_rest_api(restApiId=copy, mode="overwrite", body=body)
    assert _definition(apigateway, copy) == _definition(apigateway, api_id)


def test_a_lone_surrogate_round_trips_through_json(apigateway):
    text = "lone \ud800 surrogate"
    _check_round_trip(apigateway, _rest_api(apigateway, text), text, "swagger", "application/json")


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85"), min_size=1, max_size=30)


@FUZZ
@given(text=_TEXT, export_type=st.sampled_from(["oas30", "swagger"]), as_yaml=st.booleans())
def test_fuzzed_text_exports_and_reimports(apigateway, text, export_type, as_yaml):
    accepts = "application/yaml" if as_yaml else "application/json"
    api_id = apigateway.create_rest_api(name=text, description=text)["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE",
                          operationName=text)
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": text})
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    _, body = _export(apigateway, api_id, export_type, accepts)
    document = _parse(body, accepts)
    assert (document["info"]["title"], document["info"]["description"]) == (text, text)
    assert document["paths"]["/"]["get"]["operationId"] == text
    copy = apigateway.create_rest_api(name="copy")["id"]
    apigateway.put_rest_api(restApiId=copy, mode="overwrite", body=body)
    assert apigateway.get_rest_api(restApiId=copy)["name"] == text
    integration = apigateway.get_integration(restApiId=copy, resourceId=apigateway.get_resources(
        restApiId=copy)["items"][0]["id"], httpMethod="GET")
    assert integration["requestTemplates"] == {"application/json": text}
    apigateway.delete_rest_api(restApiId=api_id)
    apigateway.delete_rest_api(restApiId=copy)


def test_stage_variables_with_yaml_syntax_keep_their_values_and_uris_referencing_them(apigateway):
    api_id = apigateway.create_rest_api(name="vars")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    uri = "https://example.com/${stageVariables.v}/x?a=${stageVariables.w}"
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="HTTP_PROXY",
                               integrationHttpMethod="GET", uri=uri)
    variables = {"v": "a: b - c: d", "w": "?x=1&y=2,z/ :"}  # the characters stage variables allow
    apigateway.create_deployment(restApiId=api_id, stageName="s", variables=variables)
    for export_type, accepts in FORMATS:
        _, body = _export(apigateway, api_id, export_type, accepts)
        assert _parse(body, accepts)["paths"]["/"]["get"]["x-amazon-apigateway-integration"]["uri"] == uri
    assert apigateway.get_stage(restApiId=api_id, stageName="s")["variables"] == variables


def test_http_api_hostile_text_exports_and_reimports(apigatewayv2):
    text = "".join(HOSTILE[:-1])
    api_id = apigatewayv2.create_api(Name=text, Description=text, Version=text, ProtocolType="HTTP",
                                     Tags={"k": text[:256]},
                                     CorsConfiguration={"AllowOrigins": ["https://x"],
                                                        "AllowHeaders": ["a:b#c"]})["ApiId"]
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api_id, AuthorizerType="JWT", Name="jwt", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": [text], "Issuer": "https://issuer"})["AuthorizerId"]
    integration = apigatewayv2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                                  IntegrationUri="https://example.com", PayloadFormatVersion="1.0",
                                                  Description=text)["IntegrationId"]
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /a/{b}", Target=f"integrations/{integration}",
                              OperationName=text, AuthorizationType="JWT", AuthorizerId=authorizer,
                              AuthorizationScopes=[text])
    for output in ("JSON", "YAML"):
        body = apigatewayv2.export_api(ApiId=api_id, OutputType=output, Specification="OAS30")["body"].read()
        document = yaml.safe_load(body.decode()) if output == "YAML" else json.loads(body)
        assert (document["info"]["title"], document["paths"]["/a/{b}"]["get"]["operationId"]) == (text, text)
        copy = apigatewayv2.create_api(Name="copy", ProtocolType="HTTP")["ApiId"]
        apigatewayv2.reimport_api(ApiId=copy, Body=body.decode())
        got = apigatewayv2.get_api(ApiId=copy)
        assert (got["Name"], got["Description"], got["Version"], got["Tags"]["k"]) == (text, text, text, text[:256])
        route = apigatewayv2.get_routes(ApiId=copy)["Items"][0]
        assert (route["OperationName"], route["AuthorizationScopes"]) == (text, [text])
        assert apigatewayv2.get_integrations(ApiId=copy)["Items"][0]["Description"] == text
        jwt = apigatewayv2.get_authorizers(ApiId=copy)["Items"][0]["JwtConfiguration"]
        assert jwt["Audience"] == [text]


@FUZZ
@given(text=_TEXT, as_yaml=st.booleans())
def test_fuzzed_http_api_text_exports_and_reimports(apigatewayv2, text, as_yaml):
    text = "n" + text  # ImportApi refuses a blank title
    api_id = apigatewayv2.create_api(Name=text, Description=text, Version=text, ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                                  IntegrationUri="https://example.com", PayloadFormatVersion="1.0",
                                                  Description=text)["IntegrationId"]
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /a", Target=f"integrations/{integration}", OperationName=text)
    body = apigatewayv2.export_api(ApiId=api_id, OutputType="YAML" if as_yaml else "JSON",
                                   Specification="OAS30")["body"].read()
    copy = apigatewayv2.create_api(Name="copy", ProtocolType="HTTP")["ApiId"]
    apigatewayv2.reimport_api(ApiId=copy, Body=body.decode())
    got = apigatewayv2.get_api(ApiId=copy)
    assert (got["Name"], got["Description"], got["Version"]) == (text, text, text)
    assert apigatewayv2.get_routes(ApiId=copy)["Items"][0]["OperationName"] == text
    apigatewayv2.delete_api(ApiId=api_id)
    apigatewayv2.delete_api(ApiId=copy)


# --- defects: documents AWS could not have written -----------------------------------------------------


@pytest.mark.parametrize("export_type", ["oas30", "swagger"])
def test_a_next_line_character_round_trips_through_yaml(apigateway, export_type):
    text = "next\x85line"
    _check_round_trip(apigateway, _rest_api(apigateway, text), text, export_type, "application/yaml")


def test_a_lone_surrogate_round_trips_through_yaml(apigateway):
    text = "lone \ud800 surrogate"
    _check_round_trip(apigateway, _rest_api(apigateway, text), text, "oas30", "application/yaml")


def _nested(levels):
    schema = {"type": "string"}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


def test_a_model_at_create_models_depth_limit_exports_a_document_that_reimports(apigateway):
    api_id = apigateway.create_rest_api(name="deep")["id"]
    apigateway.create_model(restApiId=api_id, name="D", contentType="application/json", schema=json.dumps(_nested(49)))
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE",
                          requestModels={"application/json": "D"})
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    _, body = _export(apigateway, api_id)
    copy = apigateway.create_rest_api(name="copy")["id"]
    apigateway.put_rest_api(restApiId=copy, mode="overwrite", body=body)
    assert json.loads(apigateway.get_model(restApiId=copy, modelName="D")["schema"]) == _nested(49)


@pytest.mark.parametrize("export_type", ["oas30", "swagger"])
def test_documentation_values_of_the_wrong_type_are_left_out_so_the_export_reimports(apigateway, export_type):
    """A part's ``info.title`` or ``operationId`` object was merged into the document, which then no import
    read ("Invalid OpenAPI input.")."""
    api_id = _rest_api(apigateway, "plain")
    apigateway.create_documentation_part(restApiId=api_id, location={"type": "RESOURCE", "path": "/p"},
                                         properties=json.dumps({"summary": 5, "description": ["x"]}))
    parts = apigateway.get_documentation_parts(restApiId=api_id)["items"]
    hostile = {"API": {"info": {"title": {"a": 1}, "description": "kept", "version": 7}},
               "METHOD": {"operationId": {"a": 1}, "summary": ["x"], "tags": "t", "deprecated": "yes",
                          "description": "kept"}}
    for part in parts:
        if part["location"]["type"] in hostile:
            apigateway.update_documentation_part(restApiId=api_id, documentationPartId=part["id"], patchOperations=[
                {"op": "replace", "path": "/properties", "value": json.dumps(hostile[part["location"]["type"]])}])
    apigateway.create_documentation_version(restApiId=api_id, documentationVersion="2", stageName="s")
    _, body = _export(apigateway, api_id, export_type)
    document = json.loads(body)
    assert document["info"] == {"title": "plain", "description": "kept", "version": "plain"}
    operation = document["paths"]["/p"]["post"]
    assert (operation["operationId"], operation["description"]) == ("plain", "kept")
    assert "summary" not in operation and "tags" not in operation and "deprecated" not in operation
    copy = apigateway.create_rest_api(name="copy")["id"]
    assert apigateway.put_rest_api(restApiId=copy, mode="overwrite", body=body)["name"] == "plain"
    # the parts themselves are exported and re-imported as they are
    assert len(apigateway.get_documentation_parts(restApiId=copy)["items"]) == 3


def test_a_version_with_cr_lf_and_quotes_gives_one_valid_content_disposition(apigateway):
    """The file name held the API's version as it is: a CR LF split the header (server mode dropped it)."""
    version = 'v"1\\\r\nSet-Cookie: a=b\x00'
    api_id = apigateway.create_rest_api(name="v", version=version)["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    response, body = _export(apigateway, api_id, "swagger")
    assert response["contentDisposition"] == 'attachment; filename="swagger_v\\"1\\\\__Set-Cookie: a=b_.json"'
    assert json.loads(body)["info"]["version"] == version


# --- size, depth and cycles -------------------------------------------------------------------------


def _big_document(resources, verbs=("get", "post", "put", "patch", "delete")):
    operation = {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/M"}}},
                 "x-amazon-apigateway-integration": {"type": "mock"}}
    return {"swagger": "2.0", "info": {"title": "big", "version": "1"}, "definitions": {"M": {"type": "object"}},
            "paths": {f"/r{i}": {verb: operation for verb in verbs} for i in range(resources)}}


def test_a_thousand_resources_of_five_methods_export_in_bounded_time(apigateway):
    api_id = apigateway.import_rest_api(body=json.dumps(_big_document(1000)))["id"]
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    for export_type in ("oas30", "swagger"):
        _, body = _timed(lambda: _export(apigateway, api_id, export_type), 5.0)  # noqa: B023
        paths = json.loads(body)["paths"]
        assert len(paths) == 1000 and all(len(item) == 5 for item in paths.values())


def test_self_and_mutually_referencing_models_export_and_reimport(apigateway):
    api_id = apigateway.create_rest_api(name="cycles")["id"]

    def url(name):
        return f"https://apigateway.amazonaws.com/restapis/{api_id}/models/{name}"

    def create(name, schema):
        apigateway.create_model(restApiId=api_id, name=name, contentType="application/json", schema=json.dumps(schema))

    create("A", {"type": "object", "properties": {"self": {"$ref": url("A")}}})
    create("B", {"type": "object", "properties": {"a": {"$ref": url("A")}}})
    apigateway.update_model(restApiId=api_id, modelName="A", patchOperations=[
        {"op": "replace", "path": "/schema", "value": json.dumps(
            {"type": "object", "properties": {"b": {"$ref": url("B")}, "self": {"$ref": url("A")}}})}])
    create("Deep", _nested(40))
    create("Unused", {"type": "object"})
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE",
                          requestModels={"application/json": "A", "text/plain": "Deep"})
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    for export_type, accepts in FORMATS:
        _, body = _timed(lambda: _export(apigateway, api_id, export_type, accepts), 2.0)  # noqa: B023
        document = _parse(body, accepts)
        schemas = document["components"]["schemas"] if export_type == "oas30" else document["definitions"]
        prefix = "#/components/schemas/" if export_type == "oas30" else "#/definitions/"
        assert list(schemas) == ["A", "B", "Deep"]
        assert schemas["A"]["properties"] == {"b": {"$ref": prefix + "B"}, "self": {"$ref": prefix + "A"}}
        copy = apigateway.create_rest_api(name="copy")["id"]
        apigateway.put_rest_api(restApiId=copy, mode="overwrite", body=body)
        assert sorted(m["name"] for m in apigateway.get_models(restApiId=copy)["items"]) == ["A", "B", "Deep"]


# --- refused parameters (attacks that found nothing) ---------------------------------------------------


@pytest.fixture
def deployed(apigateway):
    api_id = apigateway.create_rest_api(name="pets")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    return api_id


@pytest.mark.parametrize("export_type", ["OAS30", "postman", "raml", "swagger/../oas30", "oas30 ", "x" * 300])
def test_an_unknown_export_type_is_400(apigateway, deployed, export_type):
    assert_error(error_of(apigateway.get_export, restApiId=deployed, stageName="s", exportType=export_type),
                 "BadRequestException", f"No API exporter for type '{export_type}'", 400)
    assert _export(apigateway, deployed)[0]["ResponseMetadata"]["HTTPStatusCode"] == 200


@pytest.mark.parametrize("accepts", ["text/html", "application/xml", "application/*", "x" * 3000, "\ttext/yaml-ish"])
def test_an_unsupported_accept_is_400(apigateway, deployed, accepts):
    error = error_of(apigateway.get_export, restApiId=deployed, stageName="s", exportType="oas30", accepts=accepts)
    assert_error(error, "BadRequestException", status=400)
    assert error["Error"]["Message"].startswith("Unsupported content type: ")


@pytest.mark.parametrize("parameters", [{"extensions": "bogus"}, {"extensions": ",,,"}, {"foo": "bar"},
                                        {"extensions": "x" * 10_000}, {"extensions": "postman"}])
def test_unknown_export_parameters_are_ignored(apigateway, deployed, parameters):
    response = apigateway.get_export(restApiId=deployed, stageName="s", exportType="oas30", parameters=parameters)
    document = json.loads(response["body"].read())
    assert list(document["paths"]) == ["/"]
    assert "x-amazon-apigateway-integration" not in document["paths"]["/"]["get"]


def test_an_unknown_stage_or_api_is_404(apigateway, deployed):
    assert_error(error_of(apigateway.get_export, restApiId=deployed, stageName="nope", exportType="oas30"),
                 "NotFoundException", "Invalid stage identifier specified", 404)
    assert_error(error_of(apigateway.get_sdk, restApiId="nope", stageName="s", sdkType="javascript"),
                 "NotFoundException", status=404)


@pytest.mark.parametrize("sdk_type", ["JavaScript", " java", "../java", "java/../ruby", "%2e%2e", "x" * 500])
def test_an_unknown_sdk_type_is_404(apigateway, deployed, sdk_type):
    for error in (error_of(apigateway.get_sdk, restApiId=deployed, stageName="s", sdkType=sdk_type),
                  error_of(apigateway.get_sdk_type, id=sdk_type)):
        assert_error(error, "NotFoundException", f"Invalid SDK type specified: {sdk_type}", 404)


@pytest.mark.parametrize("parameters", [{}, {"groupId": "g"}, {"service.name": "", "java.package-name": "p"}])
def test_missing_sdk_parameters_are_400(apigateway, deployed, parameters):
    error = error_of(apigateway.get_sdk, restApiId=deployed, stageName="s", sdkType="java", parameters=parameters)
    assert_error(error, "BadRequestException", status=400)
    assert error["Error"]["Message"].startswith("Missing required parameter(s) for java SDK: ")


@pytest.mark.parametrize("bad", [{"OutputType": "XML"}, {"Specification": "OAS20"}, {"ExportVersion": "2.0"},
                                 {"StageName": "nope"}, {"StageName": "../x"}])
def test_http_api_export_refusals(apigatewayv2, bad):
    api_id = apigatewayv2.create_api(Name="x", ProtocolType="HTTP", Target="https://example.com")["ApiId"]
    error = error_of(apigatewayv2.export_api, ApiId=api_id, **{"OutputType": "JSON", "Specification": "OAS30", **bad})
    assert error["ResponseMetadata"]["HTTPStatusCode"] == (404 if "StageName" in bad else 400)
    body = apigatewayv2.export_api(ApiId=api_id, OutputType="JSON", Specification="OAS30", StageName="$default")["body"]
    assert list(json.loads(body.read())["paths"]) == ["/$default"]


# --- SDK archives --------------------------------------------------------------------------------------

SHELL = {"groupId": "../../../etc", "invokerPackage": "/abs/path", "artifactId": "a\\b\\..\\c",
         "artifactVersion": "$(rm -rf /); `id`", "classPrefix": "C:\\x|y>z", "serviceName": "..\x00..",
         "javaPackageName": "a;b&&c", "service.name": "../s", "java.package-name": "p/../q"}


@pytest.mark.parametrize("sdk_type", ["android", "java", "javascript", "objectivec", "swift", "ruby"])
def test_hostile_sdk_parameters_stay_inside_the_archive_root(apigateway, deployed, sdk_type):
    body = apigateway.get_sdk(restApiId=deployed, stageName="s", sdkType=sdk_type, parameters=SHELL)["body"].read()
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    root = f"{deployed}-s-{sdk_type}/"
    for info in archive.infolist():
        assert info.filename.startswith(root) and info.filename.count("/") == 1, info.filename
        assert "\\" not in info.filename and ".." not in info.filename and ":" not in info.filename
    assert json.loads(archive.read(root + "sdk.json"))["parameters"] == SHELL


def test_an_sdk_describes_what_the_stage_serves(apigateway, deployed):
    """The archive listed the API's live methods: one added after the deployment was in the stage's SDK."""
    root = apigateway.get_resources(restApiId=deployed)["items"][0]["id"]
    apigateway.put_method(restApiId=deployed, resourceId=root, httpMethod="POST", authorizationType="NONE")

    def operations():
        body = apigateway.get_sdk(restApiId=deployed, stageName="s", sdkType="javascript")["body"].read()
        return json.loads(zipfile.ZipFile(io.BytesIO(body)).read(f"{deployed}-s-javascript/sdk.json"))["operations"]

    assert operations() == [{"path": "/", "method": "GET"}]
    apigateway.put_integration(restApiId=deployed, resourceId=root, httpMethod="POST", type="MOCK")
    apigateway.create_deployment(restApiId=deployed, stageName="s")
    assert operations() == [{"path": "/", "method": "GET"}, {"path": "/", "method": "POST"}]


# --- ImportDocumentationParts with hostile documents -----------------------------------------------------


def _document(parts, **extension):
    return json.dumps({"swagger": "2.0", "info": {"title": "t"}, "paths": {},
                       "x-amazon-apigateway-documentation": {"version": "1", "documentationParts": parts,
                                                             **extension}})


@pytest.fixture
def documented(apigateway):
    api_id = apigateway.create_rest_api(name="documented")["id"]
    apigateway.create_documentation_part(restApiId=api_id, location={"type": "API"}, properties='{"keep": 1}')
    apigateway.create_documentation_part(restApiId=api_id, location={"type": "RESOURCE", "path": "/a"},
                                         properties='{"keep": 2}')
    return api_id


def _parts(client, api_id):
    return client.get_documentation_parts(restApiId=api_id)["items"]


def _refused(client, api_id, body, code="BadRequestException", message=BAD_IMPORT):
    """Refused in every mode, with nothing changed, and the mock still answering."""
    before = _parts(client, api_id)
    for mode in ("merge", "overwrite"):
        for fail in (False, True):
            error = error_of(client.import_documentation_parts, restApiId=api_id, body=body, mode=mode,
                             failOnWarnings=fail)
            assert_error(error, code, message, 400)
            assert _parts(client, api_id) == before


@pytest.mark.parametrize("location", [
    {"type": ["API"]}, {"type": {"t": "API"}}, {"type": "RESOURCE", "path": ["/a"]},
    {"type": "MODEL", "name": {"x": 1}}, {"type": "METHOD", "path": "/", "method": ["GET"]},
    {"type": "API", "extra": [1]},
], ids=["type-list", "type-object", "path-list", "name-object", "method-list", "unknown-field-list"])
def test_a_location_field_that_is_an_object_or_list_is_refused_not_a_500(apigateway, documented, location):
    """A list or object as the type answered 500 (unhashable); as another field it was stored, and
    GetDocumentationParts then answered a list where botocore's model has a string."""
    _refused(apigateway, documented, _document([{"location": location, "properties": {}}]))


@pytest.mark.parametrize("extension", [
    {"documentationParts": 5}, {"documentationParts": "x"}, {"documentationParts": {"a": 1}},
    {"documentationParts": ["part"]}, {"documentationParts": [[]]}, {"documentationParts": [1]},
])
def test_a_part_list_or_part_of_the_wrong_type_is_refused_and_overwrite_deletes_nothing(apigateway, documented,
                                                                                        extension):
    """``documentationParts: 5`` was read as no parts: an overwrite deleted every part and answered 200."""
    body = json.dumps({"swagger": "2.0", "info": {"title": "t"}, "paths": {},
                       "x-amazon-apigateway-documentation": extension})
    _refused(apigateway, documented, body)


def test_an_extension_of_the_wrong_type_is_refused(apigateway, documented):
    body = json.dumps({"swagger": "2.0", "info": {"title": "t"}, "paths": {},
                       "x-amazon-apigateway-documentation": ["parts"]})
    _refused(apigateway, documented, body)


def test_numbers_and_booleans_as_location_fields_are_their_json_text(apigateway, documented):
    body = b"""swagger: '2.0'
info: {title: t}
paths: {}
x-amazon-apigateway-documentation:
  documentationParts:
  - location: {type: RESPONSE, path: /a, method: GET, statusCode: 200}
    properties: {description: ok}
  - location: {type: MODEL, name: 12}
    properties: {title: twelve}
  - location: {type: QUERY_PARAMETER, path: /a, method: GET, name: true}
    properties: {description: flag}
"""
    ids = apigateway.import_documentation_parts(restApiId=documented, body=body)["ids"]
    by_id = {p["id"]: p["location"] for p in _parts(apigateway, documented)}
    assert [by_id[i] for i in ids] == [
        {"type": "RESPONSE", "path": "/a", "method": "GET", "statusCode": "200"},
        {"type": "MODEL", "name": "12"},
        {"type": "QUERY_PARAMETER", "path": "/a", "method": "GET", "name": "true"}]
    found = apigateway.get_documentation_parts(restApiId=documented, nameQuery="2")["items"]
    assert [p["location"] for p in found] == [{"type": "MODEL", "name": "12"}]


@pytest.mark.parametrize("properties", [[1, 2], None, 5, "not json", "[1]", True])
def test_properties_that_are_not_an_object_refuse_the_call(apigateway, documented, properties):
    parts = [{"location": {"type": "RESOURCE", "path": "/b"}, "properties": {"ok": 1}},
             {"location": {"type": "API"}, "properties": properties}]
    _refused(apigateway, documented, _document(parts),
             message="Documentation part properties must be a valid JSON object")


@pytest.mark.parametrize("entry,warning", [
    ({"location": {"type": "NOPE"}}, "Invalid documentation part type: NOPE"),
    ({"location": {"type": "API", "path": "/x"}}, "Invalid documentation part location: 'path' is not a valid "
                                                  "field for type API"),
    ({"location": {"type": "MODEL"}}, "Invalid documentation part location: 'name' is required for type MODEL"),
    ({"location": None}, "Documentation part 0 has no location"),
    ({"location": "API"}, "Documentation part 0 has no location"),
    (None, "Documentation part 0 has no location"),
])
def test_a_part_aws_would_refuse_is_a_warning_or_with_fail_on_warnings_the_refusal(apigateway, documented, entry,
                                                                                     warning):
    body = _document([entry, {"location": {"type": "RESOURCE", "path": "/new"}, "properties": {"n": 1}}])
    before = _parts(apigateway, documented)
    for mode in ("merge", "overwrite"):
        assert_error(error_of(apigateway.import_documentation_parts, restApiId=documented, body=body, mode=mode,
                              failOnWarnings=True), "BadRequestException", warning, 400)
        assert _parts(apigateway, documented) == before
    answer = apigateway.import_documentation_parts(restApiId=documented, body=body)
    assert answer["warnings"] == [warning] and len(answer["ids"]) == 1
    assert len(_parts(apigateway, documented)) == 3


WRONG_FIELD = {"API": "path", "AUTHORIZER": "path", "MODEL": "method", "RESOURCE": "method", "METHOD": "statusCode",
               "PATH_PARAMETER": "statusCode", "QUERY_PARAMETER": "statusCode", "REQUEST_HEADER": "statusCode",
               "REQUEST_BODY": "statusCode", "RESPONSE": "name", "RESPONSE_BODY": "name"}
NAMED = ("AUTHORIZER", "MODEL", "PATH_PARAMETER", "QUERY_PARAMETER", "REQUEST_HEADER", "REQUEST_BODY",
         "RESPONSE_HEADER")


@pytest.mark.parametrize("kind", sorted(set(WRONG_FIELD) | set(NAMED)))
def test_every_location_type_with_a_wrong_or_missing_field_is_a_warning(apigateway, documented, kind):
    entries, expected = [], []
    if kind in WRONG_FIELD:
        field = WRONG_FIELD[kind]
        entries.append({"location": {"type": kind, "name": "n", field: "200" if field == "statusCode" else "x"}
                        if kind in NAMED else {"type": kind, field: "x"}, "properties": {}})
        expected.append(f"Invalid documentation part location: '{field}' is not a valid field for type {kind}")
    if kind in NAMED:
        entries.append({"location": {"type": kind, "name": ""}, "properties": {}})
        expected.append(f"Invalid documentation part location: 'name' is required for type {kind}")
    before = _parts(apigateway, documented)
    answer = apigateway.import_documentation_parts(restApiId=documented, body=_document(entries), mode="overwrite")
    assert (answer["ids"], answer["warnings"]) == ([], expected)
    assert _parts(apigateway, documented) == []  # overwrite with no valid part: every part replaced by none
    error = error_of(apigateway.import_documentation_parts, restApiId=documented, body=_document(entries),
                     failOnWarnings=True)
    assert_error(error, "BadRequestException", expected[0], 400)
    assert before and _parts(apigateway, documented) == []


def _nesting(levels):
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("body", [
    json.dumps({"swagger": "2.0", "info": {"title": "t"}, "paths": {}, "x": "a" * (10 * 1024 * 1024)}),
    '{"swagger": "2.0", "info": {"title": "t"}, "paths": {}, "x": ' + _nesting(100_000) + "}",
    "swagger: '2.0'\ninfo: {title: t}\npaths: {}\nx: !!python/object/apply:os.system ['echo hacked']\n",
    "swagger: '2.0'\ninfo: {title: t}\npaths: {}\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
    '{"x-amazon-apigateway-documentation": {"documentationParts": []}}', b"\xff\xfe\x00garbage", b" ",
], ids=["10MB", "deep", "python-tag", "alias-bomb", "not-openapi", "binary", "blank"])
def test_hostile_documents_are_refused_at_once(apigateway, documented, body):
    _timed(lambda: _refused(apigateway, documented, body), 3.0)


def test_duplicate_keys_keep_the_last_as_json_and_yaml_readers_do(apigateway, documented):
    first = '{"documentationParts": [{"location": {"type": "RESOURCE", "path": "/first"}, "properties": {}}]}'
    last = '{"documentationParts": [{"location": {"type": "RESOURCE", "path": "/last"}, "properties": {}}]}'
    body = ('{"swagger": "2.0", "info": {"title": "t"}, "paths": {}, '
            f'"x-amazon-apigateway-documentation": {first}, "x-amazon-apigateway-documentation": {last}}}')
    ids = apigateway.import_documentation_parts(restApiId=documented, body=body)["ids"]
    part = apigateway.get_documentation_part(restApiId=documented, documentationPartId=ids[0])
    assert part["location"] == {"type": "RESOURCE", "path": "/last"}


def test_one_location_twice_in_a_document_is_one_part_with_the_later_properties(apigateway, documented):
    parts = [{"location": {"type": "API"}, "properties": {"n": 1}},
             {"location": {"type": "API"}, "properties": {"n": 2}}]
    api_part = next(p for p in _parts(apigateway, documented) if p["location"] == {"type": "API"})
    ids = apigateway.import_documentation_parts(restApiId=documented, body=_document(parts))["ids"]
    assert ids == [api_part["id"]] * 2
    assert apigateway.get_documentation_part(restApiId=documented,
                                             documentationPartId=api_part["id"])["properties"] == '{"n": 2}'


def test_put_rest_api_merge_replaces_parts_at_documented_locations(apigateway):
    """A merge added a second part at each documented location (an import, two at a repeated one): parts
    CreateDocumentationPart answers 409 for."""
    document = json.dumps({"swagger": "2.0", "info": {"title": "t"}, "paths": {}, "x-amazon-apigateway-documentation": {
        "documentationParts": [{"location": {"type": "API"}, "properties": {"n": 1}},
                               {"location": {"type": "API"}, "properties": {"n": 2}},
                               {"location": {"type": "RESOURCE", "path": "/a"}, "properties": {"r": 1}}]}})
    api_id = apigateway.import_rest_api(body=document)["id"]
    first = {p["id"]: (p["location"], p["properties"]) for p in _parts(apigateway, api_id)}
    assert sorted(first.values(), key=str) == [({"type": "API"}, '{"n": 2}'),
                                               ({"type": "RESOURCE", "path": "/a"}, '{"r": 1}')]
    apigateway.put_rest_api(restApiId=api_id, mode="merge", body=document)
    assert {p["id"]: (p["location"], p["properties"]) for p in _parts(apigateway, api_id)} == first
    assert_error(error_of(apigateway.create_documentation_part, restApiId=api_id, location={"type": "API"},
                          properties="{}"), "ConflictException", status=409)


def test_importing_thousands_of_parts_is_linear(apigateway, documented):
    """Each part was looked up by scanning every stored one: 3,000 parts took 5 s, a 6 MB document hours."""
    parts = [{"location": {"type": "RESOURCE", "path": f"/r{i}"}, "properties": {"d": i}} for i in range(3000)]
    body = _document(parts)
    first = _timed(lambda: apigateway.import_documentation_parts(restApiId=documented, body=body), 3.0)["ids"]
    again = _timed(lambda: apigateway.import_documentation_parts(restApiId=documented, body=body), 3.0)["ids"]
    assert first == again and len(set(first)) == 3000
    assert len(apigateway.get_documentation_parts(restApiId=documented, limit=500)["items"]) == 500


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                  max_size=3),
                     max_leaves=8)
_LOCATION = st.fixed_dictionaries({}, optional={
    "type": st.sampled_from(["API", "RESOURCE", "METHOD", "MODEL", "RESPONSE", "QUERY_PARAMETER", "NOPE"]) | _JSON,
    "path": st.sampled_from(["/", "/a"]) | _JSON, "method": st.sampled_from(["GET", "*"]) | _JSON,
    "statusCode": _JSON, "name": _JSON})


@FUZZ
@given(entries=st.lists(st.fixed_dictionaries({"location": _LOCATION | _JSON}, optional={"properties": _JSON}),
                        max_size=4),
       mode=st.sampled_from(["merge", "overwrite"]), fail=st.booleans())
def test_fuzzed_parts_are_answered_never_500_and_refusals_change_nothing(apigateway, entries, mode, fail):
    api_id = apigateway.create_rest_api(name="fuzz")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="s")
    apigateway.create_documentation_part(restApiId=api_id, location={"type": "API"}, properties='{"keep": 1}')
    before = _parts(apigateway, api_id)
    try:
        apigateway.import_documentation_parts(restApiId=api_id, body=_document(entries), mode=mode,
                                              failOnWarnings=fail)
    except apigateway.exceptions.BadRequestException:
        assert _parts(apigateway, api_id) == before
    for part in _parts(apigateway, api_id):
        assert all(isinstance(value, str) for value in part["location"].values()), part
        assert isinstance(json.loads(part["properties"]), dict)
    apigateway.create_documentation_version(restApiId=api_id, documentationVersion="v", stageName="s")
    _, body = _export(apigateway, api_id)
    assert json.loads(body)["info"]["title"] == "fuzz"
    apigateway.delete_rest_api(restApiId=api_id)
