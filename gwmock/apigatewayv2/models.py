"""Create/Get/Gets/Update/DeleteModel and GetModelTemplate (WebSocket APIs only).

Models are JSON Schema (draft 4) documents, checked with ``jsonschema``. Wording borrowed
from v1, where AWS was recorded (test_apigateway_api: create-model-empty-schema,
delete-model-used): ``Model schema must have at least 1 property or array items
defined`` for an empty schema, ``Cannot delete model '<name>', is referenced in ...``
(409; for v2 ``route: <route key>``, a guess). Guesses: models on an HTTP API are
refused; names are alphanumeric and unique per API (409 ``Model name already exists for
this API``); an invalid schema is ``Invalid model specified: Validation Result:
warnings : [], errors : [Invalid model schema specified]``; ContentType defaults to
``application/json``. GetModelTemplate writes a VTL mapping template from the schema as
v1 does (strings quoted, other scalars bare, arrays with ``#foreach``); ``$ref``s to
other models of the API are followed.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from gwmock.apigatewayv2.lookups import api_child_or_404, api_or_404
from gwmock.context import Context, Params, Result
from gwmock.documents import parse_json
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record

_INVALID_SCHEMA = "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]"


def create_model(ctx: Context, params: Params) -> Result:
    api = _websocket_api(ctx, params)
    model: Record = {"ModelId": new_id(6), "ContentType": params.get("ContentType") or "application/json"}
    model = _merged(model, params)
    _check(ctx, api, model)
    ctx.store.put(_key(api, model["ModelId"]), model)
    return model


def get_model(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return api_child_or_404(ctx, api["ApiId"], "models", params["ModelId"], "Model")


def get_models(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return page_v2(ctx, ("v2", "apis", api["ApiId"], "models"), params)


def update_model(ctx: Context, params: Params) -> Result:
    api = _websocket_api(ctx, params)
    model = api_child_or_404(ctx, api["ApiId"], "models", params["ModelId"], "Model")
    updated = _merged(model, params)
    _check(ctx, api, updated)
    if updated["Name"] != model["Name"]:
        _check_unused(ctx, api, model)
    ctx.store.put(_key(api, model["ModelId"]), updated)
    return updated


def delete_model(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    model = api_child_or_404(ctx, api["ApiId"], "models", params["ModelId"], "Model")
    _check_unused(ctx, api, model)
    ctx.store.delete(_key(api, model["ModelId"]))
    return {}


def get_model_template(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    model = api_child_or_404(ctx, api["ApiId"], "models", params["ModelId"], "Model")
    models = {m["Name"]: m for m in ctx.store.values(("v2", "apis", api["ApiId"], "models"))}
    schema = json.loads(model["Schema"])
    body = _render(schema, "$inputRoot", 0, models, set())
    return {"Value": "#set($inputRoot = $input.path('$'))\n" + body}


# --- helpers --------------------------------------------------------------------------


def _key(api: Record, model_id: str) -> tuple[str, ...]:
    return ("v2", "apis", api["ApiId"], "models", model_id)


def _websocket_api(ctx: Context, params: Params) -> Record:
    api = api_or_404(ctx, params["ApiId"])
    if api["ProtocolType"] != "WEBSOCKET":
        raise BadRequest("Models are supported only for WebSocket APIs")
    return api


def _merged(model: Record, params: Params) -> Record:
    out = dict(model)
    for name in ("Name", "Schema", "ContentType", "Description"):
        if params.get(name) is not None:
            out[name] = params[name]
    return out


def _check(ctx: Context, api: Record, model: Record) -> None:
    name = model["Name"]
    if not name:
        raise BadRequest("Model name must be non-empty")
    if not name.isascii() or not name.isalnum():
        raise BadRequest("Model name must be alphanumeric")
    for other in ctx.store.values(("v2", "apis", api["ApiId"], "models")):
        if other["ModelId"] != model["ModelId"] and other["Name"] == name:
            raise Conflict("Model name already exists for this API")
    _check_schema(model["Schema"])


def _check_schema(text: str) -> None:
    if not text.strip():
        raise BadRequest("Model schema must have at least 1 property or array items defined")
    try:
        schema = parse_json(text)  # bounded: a schema nested 100,000 deep is a 400, not a RecursionError
    except ValueError:
        raise BadRequest(_INVALID_SCHEMA) from None
    if not isinstance(schema, dict):
        raise BadRequest(_INVALID_SCHEMA)
    try:
        jsonschema.Draft4Validator.check_schema(schema)
    except jsonschema.SchemaError:
        raise BadRequest(_INVALID_SCHEMA) from None


def _check_unused(ctx: Context, api: Record, model: Record) -> None:
    for route in ctx.store.values(("v2", "apis", api["ApiId"], "routes")):
        used = model["Name"] in route.get("RequestModels", {}).values()
        responses = ctx.store.values(("v2", "apis", api["ApiId"], "routes", route["RouteId"], "routeresponses"))
        used = used or any(model["Name"] in r.get("ResponseModels", {}).values() for r in responses)
        if used:
            raise Conflict(f"Cannot delete model '{model['Name']}', is referenced in route: {route['RouteKey']}")


def _resolve(schema: dict[str, Any], models: dict[str, Record], seen: set[str]) -> tuple[dict[str, Any], set[str]]:
    ref = schema.get("$ref")
    if not isinstance(ref, str) or "/models/" not in ref:
        return schema, seen
    name = ref.rsplit("/", 1)[-1]
    if name in seen or name not in models:
        return {}, seen
    try:
        target = json.loads(models[name]["Schema"])
    except ValueError:
        return {}, seen
    return target if isinstance(target, dict) else {}, seen | {name}


def _render(schema: dict[str, Any], path: str, depth: int, models: dict[str, Record], seen: set[str]) -> str:
    schema, seen = _resolve(schema, models, seen)
    pad = "  " * depth
    if schema.get("type") == "array" or "items" in schema:
        items = schema.get("items")
        inner = _render(items if isinstance(items, dict) else {}, "$elem", depth, models, seen)
        return (f"[\n{pad}#foreach($elem in {path})\n{pad} {inner.lstrip()}\n"
                f"{pad}#if($foreach.hasNext),#end\n{pad}#end\n{pad}]")
    properties = schema.get("properties")
    if isinstance(properties, dict):
        lines = [f'{pad}  "{name}" : {_value(sub, f"{path}.{name}", depth + 1, models, seen)}'
                 for name, sub in properties.items() if isinstance(sub, dict)]
        return "{\n" + ",\n".join(lines) + f"\n{pad}}}"
    return _scalar(schema, path)


def _value(schema: dict[str, Any], path: str, depth: int, models: dict[str, Record], seen: set[str]) -> str:
    resolved, _ = _resolve(schema, models, seen)
    if resolved.get("type") in ("object", "array") or "properties" in resolved or "items" in resolved:
        return _render(schema, path, depth, models, seen)
    return _scalar(resolved, path)


def _scalar(schema: dict[str, Any], path: str) -> str:
    if schema.get("type") in ("integer", "number", "boolean"):
        return path
    return f'"{path}"'
