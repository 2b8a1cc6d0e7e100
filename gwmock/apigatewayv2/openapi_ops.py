"""ImportApi, ReimportApi, ExportApi for HTTP APIs (OpenAPI 3.0, JSON or YAML).

The document work lives in ``gwmock/openapi/v2_import.py`` and ``v2_export.py``; this
module turns it into Api records and answers.

* ImportApi creates an HTTP API (``RouteSelectionExpression: $request.method
  $request.path``, ``ApiKeySelectionExpression: $request.header.x-api-key``,
  ``IpAddressType: ipv4``) with the document's routes, integrations and authorizers,
  and no stage; the answer carries ``Warnings`` when the import met some (and
  ``FailOnWarnings`` was not set).
* ReimportApi replaces the API's definition - name, description, version, CORS, routes,
  integrations, authorizers - and keeps its id, endpoint, creation date, stages,
  deployments and tags (the document's tags are added); AutoDeploy stages are
  deployed again. WebSocket APIs cannot be reimported (guess: "Reimport is supported
  only for HTTP APIs").
* ExportApi answers the document as the ``body`` blob; ``ExportVersion`` may only be
  ``1.0`` (guess: "Invalid export version specified: <v>. Must be 1.0"); a ``StageName``
  must name a stage (404); WebSocket APIs cannot be exported (guess: "Export is
  supported only for HTTP APIs").
"""

from __future__ import annotations

from gwmock.apigatewayv2.deployments import auto_deploy
from gwmock.apigatewayv2.lookups import api_child_or_404, api_or_404
from gwmock.arns import execute_api_host
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest
from gwmock.ids import new_id
from gwmock.openapi import v2_export, v2_import
from gwmock.openapi.document import dump
from gwmock.tags import check_tags

_REPLACED = ("Name", "Version", "Description", "CorsConfiguration", "DisableExecuteApiEndpoint", "Warnings")


def import_api(ctx: Context, params: Params) -> Result:
    definition = v2_import.build(ctx, params["Body"], params.get("Basepath"), bool(params.get("FailOnWarnings")))
    api_id = new_id(10)
    api = {
        "ApiId": api_id,
        "ProtocolType": "HTTP",
        "ApiEndpoint": f"https://{execute_api_host(api_id, ctx.region)}",
        "ApiKeySelectionExpression": "$request.header.x-api-key",
        "RouteSelectionExpression": "$request.method $request.path",
        "CreatedDate": ctx.now(),
        "IpAddressType": "ipv4",
        **definition.api,
        "Tags": check_tags(definition.api.get("Tags")),
    }
    if definition.warnings:
        api["Warnings"] = list(definition.warnings)
    ctx.store.put(("v2", "apis", api_id), api)
    v2_import.write(ctx, api_id, definition)
    return api


def reimport_api(ctx: Context, params: Params) -> Result:
    current = api_or_404(ctx, params["ApiId"])
    if current.get("ProtocolType") == "WEBSOCKET":
        raise BadRequest("Reimport is supported only for HTTP APIs")
    definition = v2_import.build(ctx, params["Body"], params.get("Basepath"), bool(params.get("FailOnWarnings")))
    api = {k: v for k, v in current.items() if k not in _REPLACED}
    api.update({k: v for k, v in definition.api.items() if k != "Tags"})
    api["Tags"] = check_tags({**current.get("Tags", {}), **definition.api.get("Tags", {})})
    if definition.warnings:
        api["Warnings"] = list(definition.warnings)
    ctx.store.put(("v2", "apis", api["ApiId"]), api)
    v2_import.write(ctx, api["ApiId"], definition)
    auto_deploy(ctx, api["ApiId"])
    return api


def export_api(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    version = params.get("ExportVersion")
    if version not in (None, "", "1.0"):
        raise BadRequest(f"Invalid export version specified: {version}. Must be 1.0")
    if api.get("ProtocolType") == "WEBSOCKET":
        raise BadRequest("Export is supported only for HTTP APIs")
    stage = None
    if params.get("StageName"):
        stage = api_child_or_404(ctx, api["ApiId"], "stages", params["StageName"], "Stage")
    include = params.get("IncludeExtensions")
    document = v2_export.export(ctx, api, stage, True if include is None else bool(include))
    return {"body": dump(document, params["OutputType"] == "YAML")}
