"""ImportRestApi, PutRestApi, GetExport: thin handlers over ``gwmock.openapi``.

Quirks (aws-recorded: test_apigateway_import, test_apigateway_extended):
* a document that is not OpenAPI is "Invalid OpenAPI input." for both operations
  and nothing is created - test_import_api_bad_file;
* ImportRestApi answers like CreateRestApi (no ``tags`` unless set) and PutRestApi
  always carries ``tags``; ``warnings`` appear only when there are some -
  test_import_rest_api_with_base_path_oas30, test_put_rest_api_mode_binary_media_types;
* GetExport answers ``application/octet-stream`` (boto3 always sends ``Accept:
  application/json``) and ``attachment; filename="<type>_<version or date>.json"``
  - test_export_swagger_openapi, test_export_oas30_openapi.
Guesses: ``failonwarnings=true`` with warnings is BadRequest "Warnings found during
import:" + one tab-indented line per warning; a document without ``info.title`` is
invalid input for ImportRestApi; an unknown endpoint type, export type or Accept is
a BadRequest worded as below; YAML is also ``application/octet-stream``, in a
``.yaml`` file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gwmock.apigateway.lookups import rest_api_or_404, stage_or_404
from gwmock.apigateway.rest_apis import _check_compression, _endpoint_configuration
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest
from gwmock.openapi import document as openapi_document
from gwmock.openapi.exporter import export, version_label
from gwmock.openapi.importer import Spec, models_refused, parse
from gwmock.openapi.writer import ERRORS_FOUND, new_api, update_api
from gwmock.state.base import Record

_ENDPOINT_TYPES = ("EDGE", "REGIONAL", "PRIVATE")
_JSON_TYPES = ("application/json", "*/*")
_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml")


def import_rest_api(ctx: Context, params: Params) -> Result:
    spec = _read(params)
    if not spec.api.get("name"):
        raise openapi_document.invalid()
    endpoint = _endpoint(params.get("parameters") or {}, spec)
    spec.errors[:0] = models_refused(spec.models)
    api = _written(spec, lambda: new_api(ctx, spec, endpoint))
    return _answer(api, spec)


def put_rest_api(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    spec = _read(params)
    overwrite = params.get("mode") == "overwrite"
    kept = set() if overwrite else {m["name"] for m in ctx.store.values(("restapis", api["id"], "models"))}
    spec.errors[:0] = models_refused(spec.models, kept)
    updated = _written(spec, lambda: update_api(ctx, api, spec, overwrite=overwrite))
    return _answer({**updated, "tags": updated.get("tags", {})}, spec)


def get_export(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    stage = stage_or_404(ctx, api["id"], params["stageName"])
    export_type = params["exportType"]
    if export_type not in ("oas30", "swagger"):
        raise BadRequest(f"No API exporter for type '{export_type}'")
    accepts = (params.get("accepts") or "").split(";")[0].strip().lower()
    if accepts and accepts not in _JSON_TYPES + _YAML_TYPES:
        raise BadRequest(f"Unsupported content type: {params['accepts']}. "
                         "Supported types are application/json and application/yaml")
    as_yaml = accepts in _YAML_TYPES
    options = {k.lower(): v for k, v in (params.get("parameters") or {}).items()}
    extensions = {e.strip().lower() for e in str(options.get("extensions", "")).split(",") if e.strip()}
    body = export(ctx, api, stage, v3=export_type == "oas30", extensions=extensions)
    name = f"{export_type}_{version_label(ctx, api, stage)}.{'yaml' if as_yaml else 'json'}"
    return {
        "body": openapi_document.dump(body, as_yaml),
        "contentType": "application/octet-stream",
        "contentDisposition": f'attachment; filename="{name}"',
    }


# --- helpers --------------------------------------------------------------------------


def _read(params: Params) -> Spec:
    """Parse, then check everything a write depends on, so a refused call writes nothing."""
    spec = parse(openapi_document.load(params.get("body")), params.get("parameters"))
    if params.get("failOnWarnings") and spec.warnings:
        raise BadRequest("Warnings found during import:\n\t" + "\n\t".join(spec.warnings))
    _check_compression(spec.api.get("minimumCompressionSize"))
    return spec


def _written(spec: Spec, write: Callable[[], Record]) -> Record:
    """Write the definition; refuse it with the parse's errors (models, gateway responses) listed
    before the writer's. A refusal's writes are undone by the handler's unit of work."""
    try:
        written = write()
    except BadRequest as error:
        if spec.errors and error.message.startswith(ERRORS_FOUND):
            raise BadRequest(ERRORS_FOUND + "\n\t".join([*spec.errors, error.message[len(ERRORS_FOUND):]])) from None
        raise
    if spec.errors:
        raise BadRequest(ERRORS_FOUND + "\n\t".join(spec.errors))
    return written


def _endpoint(parameters: dict[str, Any], spec: Spec) -> dict[str, Any]:
    options = {k.lower(): v for k, v in parameters.items()}
    kind = str(options.get("endpointconfigurationtypes") or "EDGE").upper()
    if kind not in _ENDPOINT_TYPES:
        raise BadRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE")
    config: dict[str, Any] = {"types": [kind]}
    if kind == "PRIVATE" and spec.api.get("vpcEndpointIds"):
        config["vpcEndpointIds"] = spec.api["vpcEndpointIds"]
    return _endpoint_configuration(config)


def _answer(api: Record, spec: Spec) -> Result:
    return {**api, "warnings": list(spec.warnings)} if spec.warnings else api
