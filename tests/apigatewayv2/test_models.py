"""v2 models (WebSocket APIs) and GetModelTemplate."""

from __future__ import annotations

import json

import pytest
from helpers import assert_error, error_of

SCHEMA = json.dumps({"$schema": "http://json-schema.org/draft-04/schema#", "title": "Msg", "type": "object",
                     "properties": {"action": {"type": "string"}, "count": {"type": "integer"}}})


@pytest.fixture
def ws_api(apigatewayv2):
    return apigatewayv2.create_api(Name="chat", ProtocolType="WEBSOCKET",
                                   RouteSelectionExpression="$request.body.action")["ApiId"]


def _names(client, api_id):
    return [m["Name"] for m in client.get_models(ApiId=api_id)["Items"]]


def test_create_model(apigatewayv2, ws_api):
    created = apigatewayv2.create_model(ApiId=ws_api, Name="Msg", Schema=SCHEMA, Description="a message")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    model_id = created["ModelId"]
    created.pop("ResponseMetadata")
    assert created == {"ContentType": "application/json", "Description": "a message", "ModelId": model_id,
                       "Name": "Msg", "Schema": SCHEMA}
    got = apigatewayv2.get_model(ApiId=ws_api, ModelId=model_id)
    got.pop("ResponseMetadata")
    assert got == created


def test_content_type(apigatewayv2, ws_api):
    created = apigatewayv2.create_model(ApiId=ws_api, Name="Msg", Schema=SCHEMA, ContentType="text/plain")
    assert created["ContentType"] == "text/plain"


def test_models_are_websocket_only(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="p", ProtocolType="HTTP")["ApiId"]
    response = error_of(apigatewayv2.create_model, ApiId=api_id, Name="Msg", Schema=SCHEMA)
    assert_error(response, "BadRequestException", "Models are supported only for WebSocket APIs", 400)
    assert apigatewayv2.get_models(ApiId=api_id)["Items"] == []


@pytest.mark.parametrize(("name", "schema", "message"), [
    ("Msg", "", "Model schema must have at least 1 property or array items defined"),
    ("Msg", "{not json", None),
    ("Msg", "[1, 2]", None),
    ("Msg", json.dumps({"type": "nonsense"}), None),
    ("", SCHEMA, "Model name must be non-empty"),
    ("my-model", SCHEMA, None),
])
def test_invalid_models(apigatewayv2, ws_api, name, schema, message):
    response = error_of(apigatewayv2.create_model, ApiId=ws_api, Name=name, Schema=schema)
    assert_error(response, "BadRequestException", message, 400)
    assert _names(apigatewayv2, ws_api) == []


def test_duplicate_name_is_a_conflict(apigatewayv2, ws_api):
    apigatewayv2.create_model(ApiId=ws_api, Name="Msg", Schema=SCHEMA)
    response = error_of(apigatewayv2.create_model, ApiId=ws_api, Name="Msg", Schema=SCHEMA)
    assert_error(response, "ConflictException", "Model name already exists for this API", 409)
    assert _names(apigatewayv2, ws_api) == ["Msg"]


def test_missing_model(apigatewayv2, ws_api):
    response = error_of(apigatewayv2.get_model, ApiId=ws_api, ModelId="nope")
    assert_error(response, "NotFoundException", "Invalid Model identifier specified nope", 404)
    assert response["ResourceType"] == "Model"
    assert_error(error_of(apigatewayv2.get_models, ApiId="nope"), "NotFoundException",
                 "Invalid API identifier specified 123456789012:nope", 404)
    assert_error(error_of(apigatewayv2.get_model_template, ApiId=ws_api, ModelId="nope"), "NotFoundException",
                 status=404)


def test_get_models_pages(apigatewayv2, ws_api):
    for name in ("A", "B", "C"):
        apigatewayv2.create_model(ApiId=ws_api, Name=name, Schema=SCHEMA)
    first = apigatewayv2.get_models(ApiId=ws_api, MaxResults="2")
    rest = apigatewayv2.get_models(ApiId=ws_api, NextToken=first["NextToken"])
    assert [m["Name"] for m in first["Items"] + rest["Items"]] == ["A", "B", "C"]


def test_update_model(apigatewayv2, ws_api):
    model_id = apigatewayv2.create_model(ApiId=ws_api, Name="Msg", Schema=SCHEMA)["ModelId"]
    new_schema = json.dumps({"type": "object", "properties": {"x": {"type": "boolean"}}})
    updated = apigatewayv2.update_model(ApiId=ws_api, ModelId=model_id, Schema=new_schema, Description="d")
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (updated["Schema"], updated["Description"], updated["Name"]) == (new_schema, "d", "Msg")
    response = error_of(apigatewayv2.update_model, ApiId=ws_api, ModelId=model_id, Schema="{bad", Description="e")
    assert_error(response, "BadRequestException", status=400)
    got = apigatewayv2.get_model(ApiId=ws_api, ModelId=model_id)
    assert (got["Schema"], got["Description"]) == (new_schema, "d")


def test_delete_model(apigatewayv2, ws_api):
    model_id = apigatewayv2.create_model(ApiId=ws_api, Name="Msg", Schema=SCHEMA)["ModelId"]
    response = apigatewayv2.delete_model(ApiId=ws_api, ModelId=model_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert _names(apigatewayv2, ws_api) == []


def test_delete_model_used_by_a_route_is_refused(apigatewayv2, ws_api):
    model_id = apigatewayv2.create_model(ApiId=ws_api, Name="Msg", Schema=SCHEMA)["ModelId"]
    apigatewayv2.create_route(ApiId=ws_api, RouteKey="send", RequestModels={"$default": "Msg"})
    response = error_of(apigatewayv2.delete_model, ApiId=ws_api, ModelId=model_id)
    assert_error(response, "ConflictException", "Cannot delete model 'Msg', is referenced in route: send", 409)
    assert _names(apigatewayv2, ws_api) == ["Msg"]


def test_model_template(apigatewayv2, ws_api):
    schema = {"type": "object", "properties": {
        "name": {"type": "string"}, "age": {"type": "integer"}, "ok": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}},
    }}
    model_id = apigatewayv2.create_model(ApiId=ws_api, Name="Pet", Schema=json.dumps(schema))["ModelId"]
    value = apigatewayv2.get_model_template(ApiId=ws_api, ModelId=model_id)["Value"]
    assert value.startswith("#set($inputRoot = $input.path('$'))\n{")
    assert '"name" : "$inputRoot.name"' in value
    assert '"age" : $inputRoot.age' in value
    assert '"ok" : $inputRoot.ok' in value
    assert "#foreach($elem in $inputRoot.tags)" in value and '"$elem"' in value


def test_model_template_array_and_refs(apigatewayv2, ws_api):
    apigatewayv2.create_model(ApiId=ws_api, Name="Pet", Schema=json.dumps(
        {"type": "object", "properties": {"id": {"type": "number"}}}))
    pets = apigatewayv2.create_model(ApiId=ws_api, Name="Pets", Schema=json.dumps(
        {"type": "array", "items": {"$ref": f"https://apigateway.amazonaws.com/restapis/{ws_api}/models/Pet"}}))
    value = apigatewayv2.get_model_template(ApiId=ws_api, ModelId=pets["ModelId"])["Value"]
    assert "#foreach($elem in $inputRoot)" in value
    assert '"id" : $elem.id' in value
    assert value.rstrip().endswith("]")
