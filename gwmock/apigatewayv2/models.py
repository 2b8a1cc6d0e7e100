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
other models of the API are followed, a model already being written once (a cycle) not again.
Bounded as v1's (guess: AWS documents no limit): at most ``MAX_WALK`` schema nodes and ``MAX_DEPTH``
levels are written out, a value past them as text (``"$inputRoot.a..."``), and a property whose path
would pass ``MAX_PATH`` characters is left out, so models referencing each other many times a level,
in long chains or under huge property names answer quickly instead of exponentially, with a
RecursionError or with gigabytes.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from gwmock.apigatewayv2 import deployments
from gwmock.apigatewayv2.lookups import api_child_or_404, api_or_404
from gwmock.context import Context, Params, Result
from gwmock.documents import parse_json
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record

MAX_WALK = 10_000  # schema nodes one GetModelTemplate writes out, references expanded (as v1's)
MAX_DEPTH = 64  # levels of the template it writes; deeper values are written as text
MAX_PATH = 1024  # characters of a value's path (``$inputRoot.a.b``); a property past it is left out
_INVALID_SCHEMA = "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]"


def create_model(ctx: Context, params: Params) -> Result:
    api = _websocket_api(ctx, params)
    model: Record = {"ModelId": new_id(6), "ContentType": params.get("ContentType") or "application/json"}
    model = _merged(model, params)
    _check(ctx, api, model)
    ctx.store.put(_key(api, model["ModelId"]), model)
    deployments.auto_deploy(ctx, api["ApiId"])  # a route validates against the deployed models
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
    deployments.auto_deploy(ctx, api["ApiId"])  # a route validates against the deployed models
    return updated


def delete_model(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    model = api_child_or_404(ctx, api["ApiId"], "models", params["ModelId"], "Model")
    _check_unused(ctx, api, model)
    ctx.store.delete(_key(api, model["ModelId"]))
    deployments.auto_deploy(ctx, api["ApiId"])  # a route validates against the deployed models
    return {}


def get_model_template(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    model = api_child_or_404(ctx, api["ApiId"], "models", params["ModelId"], "Model")
    models = {m["Name"]: m for m in ctx.store.values(("v2", "apis", api["ApiId"], "models"))}
    schema = json.loads(model["Schema"])
    body = _render(schema if isinstance(schema, dict) else {}, "$inputRoot", 0, _Walk(models), frozenset())
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


class _Walk:
    """What one GetModelTemplate may still write: ``MAX_WALK`` schema nodes, ``MAX_DEPTH`` levels,
    and the referenced models' schemas it has read. Without them, eight properties referencing a
    model whose eight properties reference the next... wrote 8^n lines (six models: 26 MB), and a
    chain of models nested 45 levels each ended in a RecursionError (a 500)."""

    __slots__ = ("left", "models", "schemas")

    def __init__(self, models: dict[str, Record]) -> None:
        self.left = MAX_WALK
        self.models = models
        self.schemas: dict[str, Any] = {}

    def spend(self, level: int) -> bool:
        """Whether one more node, ``level`` schemas down (arrays of arrays included), may be written
        out (and count it)."""
        self.left -= 1
        return self.left >= 0 and level <= MAX_DEPTH

    def schema(self, name: str) -> Any:
        if name not in self.schemas:
            try:
                self.schemas[name] = json.loads(self.models[name]["Schema"])
            except ValueError:
                self.schemas[name] = {}
        return self.schemas[name]


def _resolve(schema: dict[str, Any], walk: _Walk, seen: frozenset[str]) -> tuple[dict[str, Any], frozenset[str]]:
    ref = schema.get("$ref")
    if not isinstance(ref, str) or "/models/" not in ref:
        return schema, seen
    name = ref.rsplit("/", 1)[-1]
    if name in seen or name not in walk.models:
        return {}, seen
    target = walk.schema(name)
    return target if isinstance(target, dict) else {}, seen | {name}


def _render(schema: dict[str, Any], path: str, depth: int, walk: _Walk, seen: frozenset[str],
            level: int = 0) -> str:
    if not walk.spend(level):
        return _scalar({}, path)  # past the bounds: the value as text (guess)
    schema, seen = _resolve(schema, walk, seen)
    pad = "  " * depth
    if schema.get("type") == "array" or "items" in schema:
        items = schema.get("items")
        inner = _render(items if isinstance(items, dict) else {}, "$elem", depth, walk, seen, level + 1)
        return (f"[\n{pad}#foreach($elem in {path})\n{pad} {inner.lstrip()}\n"
                f"{pad}#if($foreach.hasNext),#end\n{pad}#end\n{pad}]")
    properties = schema.get("properties")
    if isinstance(properties, dict):
        return "{\n" + ",\n".join(_properties(properties, path, depth, walk, seen, level)) + f"\n{pad}}}"
    return _scalar(schema, path)


def _properties(properties: dict[str, Any], path: str, depth: int, walk: _Walk, seen: frozenset[str],
                level: int) -> list[str]:
    """An object's lines, while the walk lasts; a property whose path would pass ``MAX_PATH`` is left
    out (its path never built)."""
    pad, room, lines = "  " * depth, MAX_PATH - len(path) - 1, []
    for name, sub in properties.items():
        if walk.left <= 0:
            break
        if isinstance(sub, dict) and len(name) <= room:
            lines.append(f'{pad}  "{name}" : {_value(sub, f"{path}.{name}", depth + 1, walk, seen, level + 1)}')
    return lines


def _value(schema: dict[str, Any], path: str, depth: int, walk: _Walk, seen: frozenset[str], level: int) -> str:
    walk.left -= 1  # a scalar counts as a node too: many objects of many scalars are a walk as well
    resolved, _ = _resolve(schema, walk, seen)
    if resolved.get("type") in ("object", "array") or "properties" in resolved or "items" in resolved:
        return _render(schema, path, depth, walk, seen, level)
    return _scalar(resolved, path)


def _scalar(schema: dict[str, Any], path: str) -> str:
    if schema.get("type") in ("integer", "number", "boolean"):
        return path
    return f'"{path}"'
