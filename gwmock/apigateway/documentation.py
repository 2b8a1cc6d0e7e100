"""CreateDocumentationPart, GetDocumentationPart, GetDocumentationParts,
UpdateDocumentationPart, DeleteDocumentationPart, ImportDocumentationParts,
CreateDocumentationVersion, GetDocumentationVersion, GetDocumentationVersions,
UpdateDocumentationVersion, DeleteDocumentationVersion.

Quirks (aws-recorded, test_apigateway_api unless said otherwise):
* Get/UpdateDocumentationPart on an unknown API answer the *part's* 404 ("Invalid
  Documentation part identifier specified"), while Create/Delete/GetDocumentationParts
  answer the API's - test_invalid_get_documentation_part, test_invalid_update_documentation_part,
  test_invalid_delete_documentation_part, test_invalid_get_documentation_parts;
* only ``replace /properties`` patches a part, worded by the shared engine -
  test_invalid_update_documentation_part;
* ImportDocumentationParts reads the ``x-amazon-apigateway-documentation`` extension of
  an OpenAPI/Swagger file (JSON or YAML) and refuses anything else with "Unable to build
  importer with provided input." - test_import_documentation_parts(_bad_file); in
  ``overwrite`` mode every part is replaced by new ones with new ids;
* a version has ``createdDate`` and ``description`` only when given -
  test_apigateway_common test_documentation_parts_and_versions.
The location fields each type allows (and the defaults ``path`` "/", ``method`` and
``statusCode`` "*") are AWS's documented rules; the answer echoes the fields given.
A second part at the same location is a 409 "Documentation part already exists for the
specified location: type 'API'." (the developer guide's wording, "Document an API using
the API Gateway REST API"); an unknown version is a 404 "Invalid Documentation version
specified" (the message the serverless-aws-documentation plugin matches on AWS's answer).
Guesses: the fields after ``type`` in the duplicate message (``, path '/pets', method
'GET'``); the wording of location and properties errors; ``merge`` import updates a part
at the same location in place, keeping its id, and a document naming one location twice
leaves one part with the later properties (its id listed for both); a number or boolean
as a location field is its JSON text (Jackson's binding: YAML's ``statusCode: 200``), an
object or list there, or an extension or part list of the wrong JSON type, is "Unable to
build importer with provided input." and nothing is written; ``nameQuery`` matches a substring of the
name; ``locationStatus=UNDOCUMENTED`` lists nothing (a part is documentation);
a version is a snapshot of the parts (kept in the record, off the wire) and may be
deleted while a stage names it.
"""

from __future__ import annotations

import json
from typing import Any

from gwmock.apigateway.lookups import rest_api_or_404, stage_or_404
from gwmock.context import Context, Params, Result
from gwmock.documents import parse_json
from gwmock.errors import ApiError, BadRequest, Conflict, NotFound
from gwmock.ids import new_id
from gwmock.openapi import document as openapi_document
from gwmock.openapi.values import Malformed, obj, seq, text
from gwmock.paging import page_v1
from gwmock.patch import Patch, apply_patch, rule, set_field
from gwmock.state.base import Record

PART_NOT_FOUND = "Invalid Documentation part identifier specified"
# serverless-aws-documentation matches this exact message from GetDocumentationVersion against AWS.
VERSION_NOT_FOUND = "Invalid Documentation version specified"
BAD_IMPORT = "Unable to build importer with provided input."

# Location fields each entity type accepts; ``name`` is required wherever it is accepted.
LOCATION_FIELDS: dict[str, tuple[str, ...]] = {
    "API": (),
    "AUTHORIZER": ("name",),
    "MODEL": ("name",),
    "RESOURCE": ("path",),
    "METHOD": ("path", "method"),
    "PATH_PARAMETER": ("path", "method", "name"),
    "QUERY_PARAMETER": ("path", "method", "name"),
    "REQUEST_HEADER": ("path", "method", "name"),
    "REQUEST_BODY": ("path", "method", "name"),
    "RESPONSE": ("path", "method", "statusCode"),
    "RESPONSE_HEADER": ("path", "method", "statusCode", "name"),
    "RESPONSE_BODY": ("path", "method", "statusCode"),
}
_DEFAULTS = {"path": "/", "method": "*", "statusCode": "*"}


# --- documentation parts -------------------------------------------------------------


def create_documentation_part(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    location = _location(params["location"])
    properties = _properties(params["properties"])
    if _part_at(ctx, api["id"], location) is not None:
        raise Conflict(_duplicate_message(location))
    part_id = new_id(6)
    part: Record = {"id": part_id, "location": location, "properties": properties}
    ctx.store.put(("restapis", api["id"], "documentationparts", part_id), part)
    return part


def get_documentation_part(ctx: Context, params: Params) -> Result:
    return _part_or_404(ctx, params["restApiId"], params["documentationPartId"])


def get_documentation_parts(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    if params.get("locationStatus") == "UNDOCUMENTED":
        return {"items": []}

    def keep(part: Record) -> bool:
        location = part["location"]
        return ((not params.get("type") or location["type"] == params["type"])
                and (not params.get("nameQuery") or params["nameQuery"] in location.get("name", ""))
                and (not params.get("path") or location.get("path") == params["path"]))

    return page_v1(ctx, ("restapis", api["id"], "documentationparts"), params, keep=keep)


def update_documentation_part(ctx: Context, params: Params) -> Result:
    part = _part_or_404(ctx, params["restApiId"], params["documentationPartId"])
    updated = apply_patch(part, params.get("patchOperations"), _PART_RULES)
    ctx.store.put(("restapis", params["restApiId"], "documentationparts", part["id"]), updated)
    return updated


def delete_documentation_part(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    part = _part_or_404(ctx, api["id"], params["documentationPartId"])
    ctx.store.delete(("restapis", api["id"], "documentationparts", part["id"]))
    return {}


def import_documentation_parts(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    document = _parse_document(params.get("body"))
    return import_documentation(ctx, api["id"], document, params.get("mode") or "merge",
                                bool(params.get("failOnWarnings")))


def import_documentation(ctx: Context, api_id: str, document: dict[str, Any], mode: str = "merge",
                         fail_on_warnings: bool = False) -> Result:
    """Write the parts of an OpenAPI document's ``x-amazon-apigateway-documentation``.

    Public for ImportRestApi/PutRestApi, which import the same extension.
    """
    parts, warnings = _read_parts(document, fail_on_warnings)
    result: Result = {"ids": write_parts(ctx, api_id, parts, overwrite=mode == "overwrite")}
    if warnings:
        result["warnings"] = warnings
    return result


def write_parts(ctx: Context, api_id: str, parts: list[tuple[dict[str, Any], str]], overwrite: bool) -> list[str]:
    """Store checked ``(location, properties)`` parts; the id of each, in order.

    A part at a location already documented (before the import or earlier in it) replaces that
    part's properties and keeps its id, so no two parts ever share a location (CreateDocumentationPart's
    409). The parts are found by location through one index, not a scan per part: a 6 MB document holds
    about 100,000 parts, and a scan each made the import quadratic (4,000 parts took 9 s).
    """
    collection = ("restapis", api_id, "documentationparts")
    if overwrite:
        ctx.store.delete_tree(collection)
    index = {} if overwrite else {_location_key(p["location"]): p["id"] for p in ctx.store.values(collection)}
    ids = []
    for location, properties in parts:
        key = _location_key(location)
        part_id = index.get(key)
        if part_id is None:
            part_id = index[key] = new_id(6)
        ctx.store.put(collection + (part_id,), {"id": part_id, "location": location, "properties": properties})
        ids.append(part_id)
    return ids


def _read_parts(document: dict[str, Any], strict: bool) -> tuple[list[tuple[dict[str, Any], str]], list[str]]:
    """The extension's parts, checked before anything is written, and the warnings for those left out.

    Values are read as ImportRestApi reads them (``gwmock.openapi.values``, as Jackson binds them): a
    number or boolean where a location field's string belongs is its JSON text (YAML's unquoted
    ``statusCode: 200``); an object or list there, or an extension, part list or part of the wrong
    type, is "Unable to build importer with provided input." (guess), never stored.
    """
    parts: list[tuple[dict[str, Any], str]] = []
    warnings: list[str] = []
    try:
        entries = seq(obj(document.get("x-amazon-apigateway-documentation")).get("documentationParts"))
        for i, entry in enumerate(entries):
            try:
                parts.append(_read_part(i, obj(entry)))
            except _Skipped as skipped:
                if strict:
                    raise BadRequest(skipped.message) from None
                warnings.append(skipped.message)
    except Malformed:
        raise BadRequest(BAD_IMPORT) from None
    return parts, warnings


class _Skipped(Exception):
    """A part left out with a warning (or refused with ``failOnWarnings``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _read_part(i: int, entry: dict[str, Any]) -> tuple[dict[str, Any], str]:
    raw = entry.get("location")
    if not isinstance(raw, dict):
        raise _Skipped(f"Documentation part {i} has no location")
    location = {k: text(v) for k, v in raw.items() if v is not None}
    if location.get("type") not in LOCATION_FIELDS:
        raise _Skipped(f"Invalid documentation part type: {location.get('type')}")
    try:
        checked = _location(location)
    except BadRequest as error:
        raise _Skipped(error.message) from None
    properties = entry.get("properties", {})
    # properties that are not a JSON object refuse the call whatever failOnWarnings says (guess)
    return checked, _properties(properties if isinstance(properties, str) else json.dumps(properties))


# --- documentation versions ----------------------------------------------------------


def create_documentation_version(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    version_name = params["documentationVersion"]
    stage = stage_or_404(ctx, api["id"], params["stageName"]) if params.get("stageName") else None
    if ctx.store.get(("restapis", api["id"], "documentationversions", version_name)) is not None:
        raise Conflict(f"Documentation version {version_name} already exists")
    version: Record = {"version": version_name, "createdDate": ctx.now()}
    if params.get("description"):
        version["description"] = params["description"]
    version["parts"] = [dict(p) for p in ctx.store.values(("restapis", api["id"], "documentationparts"))]
    ctx.store.put(("restapis", api["id"], "documentationversions", version_name), version)
    if stage is not None:
        ctx.store.put(("restapis", api["id"], "stages", params["stageName"]),
                      {**stage, "documentationVersion": version_name})
    return version


def get_documentation_version(ctx: Context, params: Params) -> Result:
    return _version_or_404(ctx, params["restApiId"], params["documentationVersion"])


def get_documentation_versions(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    return page_v1(ctx, ("restapis", api["id"], "documentationversions"), params)


def update_documentation_version(ctx: Context, params: Params) -> Result:
    version = _version_or_404(ctx, params["restApiId"], params["documentationVersion"])
    updated = apply_patch(version, params.get("patchOperations"), _VERSION_RULES)
    ctx.store.put(("restapis", params["restApiId"], "documentationversions", version["version"]), updated)
    return updated


def delete_documentation_version(ctx: Context, params: Params) -> Result:
    version = _version_or_404(ctx, params["restApiId"], params["documentationVersion"])
    ctx.store.delete(("restapis", params["restApiId"], "documentationversions", version["version"]))
    return {}


# --- helpers --------------------------------------------------------------------------


def _location(location: dict[str, Any]) -> dict[str, Any]:
    kind = location["type"]
    allowed = LOCATION_FIELDS[kind]
    out: dict[str, Any] = {"type": kind}
    for field in ("path", "method", "statusCode", "name"):
        value = location.get(field)
        if value is None:
            continue
        if field not in allowed:
            raise BadRequest(f"Invalid documentation part location: '{field}' is not a valid field for type {kind}")
        out[field] = value
    if "name" in allowed and not out.get("name"):
        raise BadRequest(f"Invalid documentation part location: 'name' is required for type {kind}")
    return out


def _duplicate_message(location: dict[str, Any]) -> str:
    """``Documentation part already exists for the specified location: type 'API'.`` (the
    developer guide's wording); the other fields are appended in the same style (a guess)."""
    fields = [f"type '{location['type']}'"]
    fields += [f"{f} '{location[f]}'" for f in ("path", "method", "statusCode", "name") if location.get(f)]
    return f"Documentation part already exists for the specified location: {', '.join(fields)}."


def _location_key(location: dict[str, Any]) -> tuple[str, ...]:
    kind = location["type"]
    return (kind,) + tuple(str(location.get(f, _DEFAULTS.get(f, ""))) for f in LOCATION_FIELDS[kind])


def _part_at(ctx: Context, api_id: str, location: dict[str, Any]) -> Record | None:
    wanted = _location_key(location)
    for part in ctx.store.values(("restapis", api_id, "documentationparts")):
        if _location_key(part["location"]) == wanted:
            return part
    return None


def _properties(value: str) -> str:
    try:
        parsed = parse_json(value)
    except (TypeError, ValueError):
        parsed = None
    if not isinstance(parsed, dict):
        raise BadRequest("Documentation part properties must be a valid JSON object")
    return value


def _part_or_404(ctx: Context, api_id: str, part_id: str) -> Record:
    part = ctx.store.get(("restapis", api_id, "documentationparts", part_id))
    if part is None:
        raise NotFound(PART_NOT_FOUND)
    return part


def _version_or_404(ctx: Context, api_id: str, version: str) -> Record:
    rest_api_or_404(ctx, api_id)
    record = ctx.store.get(("restapis", api_id, "documentationversions", version))
    if record is None:
        raise NotFound(VERSION_NOT_FOUND)
    return record


def _parse_document(body: Any) -> dict[str, Any]:
    """An OpenAPI document, read as ImportRestApi reads one, but refused in this operation's words."""
    try:
        return openapi_document.load(body)
    except ApiError:
        raise BadRequest(BAD_IMPORT) from None


def _set_properties(record: Record, patch: Patch) -> None:
    record["properties"] = _properties(patch.value)


_PART_RULES = [rule("/properties", "replace", _set_properties)]
_VERSION_RULES = [rule("/description", "replace", set_field("description"))]
