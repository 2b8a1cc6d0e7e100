"""OpenAPI import and export under attack: very many paths, deep and self-referencing schemas (inline
ones become MODELxxxxxx models), huge model names, YAML alias bombs. Each is AWS's answer in bounded
time; none is Python's RecursionError or a quadratic walk."""

from __future__ import annotations

import json
import time

import pytest

REGION = "us-east-1"
LAMBDA = f"arn:aws:lambda:{REGION}:123456789012:function:f"


def _timed(fn, limit):
    started = time.perf_counter()
    out = fn()
    took = time.perf_counter() - started
    assert took < limit, f"took {took:.2f} s"
    return out


def _paths(count, inline=True):
    response = {"description": "o"}
    paths = {}
    for i in range(count):
        if inline:
            response = {"description": "o", "content": {"application/json": {"schema": {"type": "object",
                                                                                        "title": str(i)}}}}
        paths[f"/p{i}"] = {"get": {"x-amazon-apigateway-integration": {
            "type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA, "payloadFormatVersion": "2.0"},
            "responses": {"200": response}}}
    return {"openapi": "3.0.1", "info": {"title": "many", "version": "1"}, "paths": paths}


def test_an_http_api_of_sixteen_thousand_paths_imports_in_linear_time(apigatewayv2):
    """Each route was checked against every earlier one: 16,000 paths took 14 s."""
    body = json.dumps(_paths(16_000))
    api = _timed(lambda: apigatewayv2.import_api(Body=body), limit=8.0)["ApiId"]
    assert len(apigatewayv2.get_routes(ApiId=api, MaxResults="500")["Items"]) == 500


def test_duplicate_route_keys_are_still_reported(apigatewayv2):
    document = _paths(2, inline=False)
    document["paths"]["/$default"] = {"x-amazon-apigateway-any-method": document["paths"]["/p0"]["get"]}
    document["paths"]["/p1"]["get"]["isDefaultRoute"] = True  # a second $default route
    with pytest.raises(apigatewayv2.exceptions.BadRequestException, match="Duplicate route key '.default'"):
        apigatewayv2.import_api(Body=json.dumps(document), FailOnWarnings=True)
    api = apigatewayv2.import_api(Body=json.dumps(document))
    keys = sorted(r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"])
    assert keys == ["$default", "GET /p0"]


def _deep_schema(levels):
    schema: dict = {"type": "string"}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


CYCLIC = {"A": {"type": "object", "properties": {"self": {"$ref": "#/components/schemas/A"},
                                                 "b": {"$ref": "#/components/schemas/B"}}},
          "B": {"$ref": "#/components/schemas/A"},
          "M" * 5000: {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/" + "M" * 5000}}}}


def _cyclic_document():
    return {"openapi": "3.0.1", "info": {"title": "cyclic", "version": "1"}, "components": {"schemas": CYCLIC},
            "paths": {"/x": {"post": {
                "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {
                    "application/json": '{"statusCode": 200}'}},
                "requestBody": {"content": {"application/json": {"schema": _deep_schema(45)}}},
                "responses": {"200": {"description": "o", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"inline": {"$ref": "#/components/schemas/A"},
                                                                "deep": _deep_schema(40)}}}}}}}}}}


@pytest.mark.parametrize("export_type,accepts", [("oas30", "application/json"), ("swagger", "application/yaml")])
def test_cycles_and_deep_inline_schemas_import_and_export(apigateway, export_type, accepts):
    api = _timed(lambda: apigateway.import_rest_api(body=json.dumps(_cyclic_document()).encode()), 3.0)["id"]
    names = {m["name"] for m in apigateway.get_models(restApiId=api, limit=500)["items"]}
    assert {"A", "B"} <= names
    assert any(name.startswith("MODEL") and len(name) == 11 for name in names)  # the inline schemas
    apigateway.create_deployment(restApiId=api, stageName="s")
    exported = _timed(lambda: apigateway.get_export(restApiId=api, stageName="s", exportType=export_type,
                                                    accepts=accepts)["body"].read(), 3.0)
    assert b"MODEL" in exported


def test_cycles_and_deep_inline_schemas_in_an_http_api(apigatewayv2):
    document = _cyclic_document()
    document["paths"]["/x"]["post"]["x-amazon-apigateway-integration"] = {
        "type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA, "payloadFormatVersion": "2.0"}
    api = _timed(lambda: apigatewayv2.import_api(Body=json.dumps(document)), 3.0)["ApiId"]
    _timed(lambda: apigatewayv2.export_api(ApiId=api, OutputType="JSON", Specification="OAS30"), 3.0)


def _bomb(levels=9):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "openapi: 3.0.1\ninfo: {title: bomb, version: '1'}\npaths: {}\nx-bomb:\n  " + "\n  ".join(lines) + "\n"


def test_yaml_alias_bombs_are_refused_at_once(apigateway, apigatewayv2):
    with pytest.raises(apigateway.exceptions.BadRequestException):
        _timed(lambda: apigateway.import_rest_api(body=_bomb().encode()), 1.0)
    with pytest.raises(apigatewayv2.exceptions.BadRequestException):
        _timed(lambda: apigatewayv2.import_api(Body=_bomb()), 1.0)
    assert apigateway.get_rest_apis()["items"] == []
    assert apigatewayv2.get_apis()["Items"] == []


def test_an_inline_schema_shared_by_a_thousand_aliases_is_one_model(apigateway):
    anchors = "\n".join(
        f"  /p{i}:\n    post:\n      x-amazon-apigateway-integration: {{type: mock}}\n"
        f"      requestBody: {{content: {{application/json: {{schema: *s}}}}}}\n"
        f"      responses: {{'200': {{description: o}}}}" for i in range(1000))
    document = ("openapi: 3.0.1\ninfo: {title: shared, version: '1'}\nx-schema: &s {type: object, properties: "
                "{a: {type: string}}}\npaths:\n" + anchors + "\n")
    api = _timed(lambda: apigateway.import_rest_api(body=document.encode()), 5.0)["id"]
    models = [m["name"] for m in apigateway.get_models(restApiId=api, limit=500)["items"]]
    assert len([name for name in models if name.startswith("MODEL")]) == 1
