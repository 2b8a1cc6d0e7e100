"""CreateModel, GetModel, GetModels, UpdateModel, DeleteModel, GetModelTemplate.

Models are stored by name (``("restapis", api, "models", name)``). Quirks
(aws-recorded, test_apigateway_api):

* every REST API starts with the models ``Error`` and ``Empty`` (draft-04 schemas, AWS's
  own descriptions) that GetModels lists and that may be deleted - test_model_lifecycle.
  CreateRestApi is not this module's, so they are created lazily, by the first call of this
  family on an API (a marker ``("restapis", api, "defaultmodels")`` remembers it, so a
  deleted default stays deleted). ``ensure_default_models`` (for CreateRestApi) and
  ``suppress_default_models`` (for ImportRestApi, whose APIs get no defaults: aws-recorded
  test_apigateway_import, test_import_and_validate_rest_api) are public for other families;
* GetModel/DeleteModel/UpdateModel on a missing API answer the model's 404 ``Invalid model
  name specified: <name>``; CreateModel and GetModels the API's - test_model_validation,
  test_update_model;
* an empty or missing schema (whatever the content type): ``Model schema must have at least
  1 property or array items defined``; an empty description is dropped - test_model_validation,
  test_update_model;
* a model used by a method request cannot be deleted: 409 ``Cannot delete model '<name>',
  is referenced in method request: <path>/<VERB>`` - test_put_method_model.

Schemas are JSON Schema draft 4, checked with ``jsonschema``; other models are referenced as
``https://apigateway.amazonaws.com/restapis/<api>/models/<name>``. AWS's wording for a bad
schema, ``Invalid model specified: Validation Result: warnings : [], errors : [Invalid model
schema specified]`` (plus ``Model reference must be in canonical form`` for a bad
reference), is as users report it. GetModelTemplate answers sample values
(``"#set($inputRoot = $input.path('$'))"`` then the sample, pretty-printed as Jackson does),
as the API reference's example shows.

A name that is not alphanumeric is refused with ``Model name must be alphanumeric: <name>``
(underscores, dots and colons included), and a schema referencing missing models with ``Invalid
model specified: Validation Result: warnings : [], errors : [Invalid model specified: A, Invalid
model specified: B]`` - the import errors AWS answered in api-platform/core #3193, edx/api-manager
#259 and terra-money/fcd-classic #36.

Guesses: refusals for a model used by a method response (``... is referenced in method response:
<path>/<VERB>/<status>``) or by another model (``... is referenced in model: <other>``);
``flatten`` inlines referenced models; the samples of integers (42), booleans (true) and
of an object without properties (``{ }``); which method is named when several use a model
(the most recently created resource's).

Bounds (the schemas are the caller's): a schema over 400 KB of UTF-8 is refused (the limit is the
API reference's, for CreateModel; the wording ``Model schema must not be larger than 400 KB`` is a
guess); a ``patternProperties`` name that does not compile is an invalid schema, as for ``pattern``
(a guess from draft 4, which wants both to be regular expressions). GetModelTemplate and
GetModel(flatten) visit at most ``MAX_WALK`` schema nodes, each referenced model read once: models
referencing themselves or each other many times a level would otherwise answer 10^16 values (what
AWS answers then is unknown: past the limit the sample is ``{ }`` and a reference stays as
written). ``flatten`` leaves a reference to a model it is already inlining (a cycle) as written
(guess). Names differing only in case are different models, and ``contentType`` is kept as given
(guesses).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema

from gwmock.apigateway.lookups import model_or_404, rest_api_or_404
from gwmock.context import Context, Params, Result
from gwmock.documents import parse_json
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import Patch, apply_patch, rule
from gwmock.runtime import patterns
from gwmock.state.base import Record

DEFAULT_MODELS = (
    {
        "name": "Error",
        "description": "This is a default error schema model",
        "schema": '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n'
                  '  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
        "contentType": "application/json",
    },
    {
        "name": "Empty",
        "description": "This is a default empty schema model",
        "schema": '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n'
                  '  "type" : "object"\n}',
        "contentType": "application/json",
    },
)
_EMPTY_SCHEMA = "Model schema must have at least 1 property or array items defined"
_INVALID = "Invalid model specified: Validation Result: warnings : [], errors : [{}]"
_TOO_LARGE = "Model schema must not be larger than 400 KB"  # guessed wording; the limit is CreateModel's
MAX_SCHEMA_BYTES = 400 * 1024  # "The maximum size of the model is 400 KB" (API reference, CreateModel)
MAX_WALK = 10_000  # schema nodes GetModelTemplate and GetModel(flatten) visit, references expanded
_REF = re.compile(r"https://apigateway\.amazonaws\.com/restapis/([^/]+)/models/([^/]+)")
_NAME = re.compile(r"[a-zA-Z0-9]+")


def create_model(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    ensure_default_models(ctx, api["id"])
    name = params["name"]
    if not name:
        raise BadRequest("Model name must be non-empty")
    if not _NAME.fullmatch(name):
        raise BadRequest(f"Model name must be alphanumeric: {name}")
    if ctx.store.get(_key(api["id"], name)) is not None:
        raise Conflict("Model name already exists for this REST API")
    _check_schema(ctx, api["id"], params.get("schema"), name)
    record: Record = {"id": new_id(6), "name": name, "description": params.get("description") or None,
                      "schema": params["schema"], "contentType": params["contentType"]}
    record = {k: v for k, v in record.items() if v is not None}
    ctx.store.put(_key(api["id"], name), record)
    return record


def get_model(ctx: Context, params: Params) -> Result:
    model = _model(ctx, params["restApiId"], params["modelName"])
    if params.get("flatten") and "schema" in model:
        flat = _flatten(ctx, params["restApiId"], json.loads(model["schema"]), 0, _Walk(), (model["name"],))
        return {**model, "schema": json.dumps(flat)}
    return model


def get_models(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    ensure_default_models(ctx, api["id"])
    # by name, as AWS lists them (aws-recorded test_api_gateway_request_validator_with_ref_models:
    # Empty, Error, testSchema, testSchemaList; test_import_swagger_api: ..., Pet, PetType, Pets),
    # served from the store's name index a page at a time
    collection = ("restapis", api["id"], "models")
    return page_v1(ctx, (), params, seek=lambda after, n: ctx.store.ordered_page(collection, "name", after, False, n))


def update_model(ctx: Context, params: Params) -> Result:
    model = _model(ctx, params["restApiId"], params["modelName"])
    updated = apply_patch(model, params.get("patchOperations"), _RULES)
    if updated.get("schema") != model.get("schema"):
        _check_schema(ctx, params["restApiId"], updated.get("schema"), model["name"])
    ctx.store.put(_key(params["restApiId"], model["name"]), updated)
    return updated


def delete_model(ctx: Context, params: Params) -> Result:
    model = _model(ctx, params["restApiId"], params["modelName"])
    usage = _used_by(ctx, params["restApiId"], model["name"])
    if usage is not None:
        raise Conflict(f"Cannot delete model '{model['name']}', is referenced in {usage}")
    ctx.store.delete(_key(params["restApiId"], model["name"]))
    return {}


def get_model_template(ctx: Context, params: Params) -> Result:
    model = _model(ctx, params["restApiId"], params["modelName"])
    schema = json.loads(model["schema"]) if model.get("schema") else {}
    sample = _sample(ctx, params["restApiId"], schema, schema, 0, _Walk())
    return {"value": "#set($inputRoot = $input.path('$'))\n" + _pretty(sample, 0)}


def ensure_default_models(ctx: Context, api_id: str, new: bool = False) -> None:
    """Give the API the models ``Error`` and ``Empty`` once, as AWS does on CreateRestApi
    (``new``: the API was created in this call, so it has neither models nor marker yet)."""
    store = ctx.store
    if new:  # written out: every CreateRestApi comes here
        for default in DEFAULT_MODELS:
            store.put(("restapis", api_id, "models", default["name"]), {"id": new_id(6), **default})
        store.put(("restapis", api_id, "defaultmodels"), {"created": True})
        return
    if store.get(("restapis", api_id, "defaultmodels")) is not None:
        return
    for default in DEFAULT_MODELS:
        if new or ctx.store.get(_key(api_id, default["name"])) is None:
            ctx.store.put(_key(api_id, default["name"]), {"id": new_id(6), **default})
    suppress_default_models(ctx, api_id)


def suppress_default_models(ctx: Context, api_id: str) -> None:
    """Mark an API as never to get the default models (ImportRestApi, a clone's copies)."""
    ctx.store.put(("restapis", api_id, "defaultmodels"), {"created": True})


# --- helpers ----------------------------------------------------------------------------


def _key(api_id: str, name: str) -> tuple[str, ...]:
    return ("restapis", api_id, "models", name)


def _model(ctx: Context, api_id: str, name: str) -> Record:
    if ctx.store.get(("restapis", api_id)) is not None:
        ensure_default_models(ctx, api_id)
    return model_or_404(ctx, api_id, name)


def _check_schema(ctx: Context, api_id: str, text: str | None, own_name: str) -> Any:
    if text is None or not text.strip():
        raise BadRequest(_EMPTY_SCHEMA)
    if len(text) > MAX_SCHEMA_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_SCHEMA_BYTES:
        raise BadRequest(_TOO_LARGE)
    try:
        schema = parse_json(text)  # bounded: a schema nested 100,000 deep is a 400, not a RecursionError
        if not isinstance(schema, dict):
            raise ValueError(text)
        jsonschema.Draft4Validator.check_schema(schema)
        _check_pattern_properties(schema)
    except (ValueError, jsonschema.SchemaError, patterns.BadPattern):
        raise BadRequest(_INVALID.format("Invalid model schema specified")) from None
    missing: list[str] = []
    for ref in _refs(schema):
        if ref.startswith("#"):
            continue
        match = _REF.fullmatch(ref)
        if match is None or match.group(1) != api_id:
            raise BadRequest(_INVALID.format(
                "Invalid model schema specified, Model reference must be in canonical form"))
        name = match.group(2)
        if name != own_name and ctx.store.get(_key(api_id, name)) is None and name not in missing:
            missing.append(name)
    if missing:
        # "errors : [Invalid model specified: A, Invalid model specified: B]" (terra-money/fcd-classic #36)
        raise BadRequest(_INVALID.format(", ".join(f"Invalid model specified: {n}" for n in missing)))
    return schema


def _check_pattern_properties(node: Any) -> None:
    """Draft 4 wants ``patternProperties``' names to be regular expressions (its meta-schema
    cannot say so, unlike ``pattern``'s): one that does not compile is an invalid schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "patternProperties" and isinstance(value, dict):
                for expression in value:
                    patterns.compile(expression)
            if key not in ("enum", "default"):  # values there are data, not schemas
                _check_pattern_properties(value)
    elif isinstance(node, list):
        for item in node:
            _check_pattern_properties(item)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _referenced_names(model: Record, api_id: str) -> set[str]:
    try:
        schema = json.loads(model.get("schema") or "{}")
    except ValueError:
        return set()
    names = set()
    for ref in _refs(schema):
        match = _REF.fullmatch(ref)
        if match is not None and match.group(1) == api_id:
            names.add(match.group(2))
    return names


def _used_by(ctx: Context, api_id: str, name: str) -> str | None:
    for resource in reversed(ctx.store.values(("restapis", api_id, "resources"))):
        path = resource.get("path", "")
        for verb, method in (resource.get("resourceMethods") or {}).items():
            if name in (method.get("requestModels") or {}).values():
                return f"method request: {path}/{verb}"
            for status, response in (method.get("methodResponses") or {}).items():
                if name in (response.get("responseModels") or {}).values():
                    return f"method response: {path}/{verb}/{status}"
    for other in ctx.store.values(("restapis", api_id, "models")):
        if other["name"] != name and name in _referenced_names(other, api_id):
            return f"model: {other['name']}"
    return None


class _Walk:
    """What one GetModelTemplate or flattening GetModel may still visit (``MAX_WALK`` nodes), and
    the models' schemas it has read: a schema referencing another model (or itself) ten times a
    level would otherwise make an answer of 10^16 values."""

    __slots__ = ("left", "schemas")

    def __init__(self) -> None:
        self.left = MAX_WALK
        self.schemas: dict[str, Any] = {}

    def spend(self) -> bool:
        """Whether one more node may be visited (and count it)."""
        self.left -= 1
        return self.left >= 0

    def model(self, ctx: Context, api_id: str, name: str) -> Any:
        if name not in self.schemas:
            other = ctx.store.get(_key(api_id, name))
            self.schemas[name] = json.loads(other["schema"]) if other and other.get("schema") else {}
        return self.schemas[name]


def _resolve(ctx: Context, api_id: str, root: Any, ref: str, walk: _Walk) -> tuple[Any, Any]:
    """The schema a ``$ref`` points at, and the root its own local references are read in."""
    match = _REF.fullmatch(ref)
    if match is not None:
        target = walk.model(ctx, api_id, match.group(2))
        return target, target
    node = root
    for part in ref.lstrip("#").strip("/").split("/") if ref.strip("#/") else []:
        node = node.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(node, dict) else {}
    return node, root


def _flatten(ctx: Context, api_id: str, node: Any, depth: int, walk: _Walk, inside: tuple[str, ...]) -> Any:
    """``node`` with references to other models inlined; one to a model being inlined (a cycle)
    stays a reference (guess), as does any once the walk is spent."""
    if depth > 32 or not walk.spend():
        return node
    if isinstance(node, dict):
        ref = node.get("$ref")
        match = _REF.fullmatch(ref) if isinstance(ref, str) else None
        if match is not None:
            name = match.group(2)
            if name in inside:
                return node
            return _flatten(ctx, api_id, walk.model(ctx, api_id, name), depth + 1, walk, (*inside, name))
        return {k: _flatten(ctx, api_id, v, depth + 1, walk, inside) for k, v in node.items()}
    if isinstance(node, list):
        return [_flatten(ctx, api_id, v, depth + 1, walk, inside) for v in node]
    return node


_SAMPLES: dict[str, Any] = {"string": "foo", "number": 3.1415, "integer": 42, "boolean": True, "null": None}


def _sample(ctx: Context, api_id: str, schema: Any, root: Any, depth: int, walk: _Walk) -> Any:
    if not isinstance(schema, dict) or depth > 16 or not walk.spend():
        return {}
    if isinstance(schema.get("$ref"), str):
        target, target_root = _resolve(ctx, api_id, root, schema["$ref"], walk)
        return _sample(ctx, api_id, target, target_root, depth + 1, walk)
    # an imported schema is stored as given (import does not validate it as CreateModel does): a keyword
    # of another type than JSON Schema's is read as absent
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if not isinstance(kind, str):
        kind = "object" if "properties" in schema else "array" if "items" in schema else "object"
    if kind == "object":
        properties = schema.get("properties")
        return {k: _sample(ctx, api_id, v, root, depth + 1, walk)
                for k, v in (properties.items() if isinstance(properties, dict) else ())}
    if kind == "array":
        return [_sample(ctx, api_id, schema.get("items") or {}, root, depth + 1, walk)]
    enum = schema.get("enum")
    if kind == "string" and isinstance(enum, list) and enum:
        return enum[0]
    return _SAMPLES.get(kind, "foo")


def _pretty(value: Any, level: int) -> str:
    """JSON as Jackson's default pretty printer writes it (``"key" : value``, ``[ a, b ]``)."""
    if isinstance(value, dict):
        if not value:
            return "{ }"
        pad = "  " * (level + 1)
        body = ",".join(f"\n{pad}{json.dumps(k)} : {_pretty(v, level + 1)}" for k, v in value.items())
        return "{" + body + "\n" + "  " * level + "}"
    if isinstance(value, list):
        return "[ ]" if not value else "[ " + ", ".join(_pretty(v, level) for v in value) + " ]"
    return json.dumps(value)


def _set_description(record: Record, patch: Patch) -> None:
    if patch.value:
        record["description"] = patch.value
    else:
        record.pop("description", None)


def _set_schema(record: Record, patch: Patch) -> None:
    record["schema"] = patch.value


_RULES = [
    rule("/description", "replace", _set_description),
    rule("/schema", "replace", _set_schema),
]
