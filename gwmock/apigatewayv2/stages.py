"""v2 stages: CreateStage, GetStage, GetStages, UpdateStage, DeleteStage,
DeleteRouteSettings, DeleteAccessLogSettings.

No aws-recorded scenario covers v2 stages; shapes follow the AWS CLI reference
examples (create-stage / get-stage):

* every stage answers ``DefaultRouteSettings: {DetailedMetricsEnabled: false}``,
  ``RouteSettings: {}``, ``StageVariables: {}`` and ``Tags: {}``, plus ``CreatedDate``
  and ``LastUpdatedDate``; WebSocket stages also get ``DataTraceEnabled: false`` and
  ``LoggingLevel: OFF`` (hashicorp/terraform-provider-aws acceptance tests,
  internal/service/apigatewayv2/stage_test.go: ``logging_level`` is ``OFF`` for a
  WebSocket stage and empty for an HTTP one; the CLI's update-stage example and a
  get-stage answer quoted in localstack/localstack#3647 show the HTTP shape); an HTTP API's
  ``RouteSettings`` entry holds only what was given (update-stage example), a WebSocket API's
  gets the defaults too (guess);
* HTTP APIs have no execution logs: a ``LoggingLevel`` or ``DataTraceEnabled: true`` in
  ``DefaultRouteSettings`` or ``RouteSettings`` is a 400 "Execution logs are not
  supported on protocolType HTTP" (quoted from AWS in hashicorp/terraform-provider-aws#13801
  and in users' Terraform and boto3 code; that ``DataTraceEnabled: false`` passes is a guess);
* ``AutoDeploy`` appears only once set; an ``AutoDeploy`` stage is deployed at once
  when the API has routes (and again on every change, see ``deployments.auto_deploy``);
* ``RouteSettings`` keys must be route keys of the API: "Unable to find Route by key
  <key> within the provided RouteSettings" (404, quoted with its status in
  terraform-aws-modules/terraform-aws-apigateway-v2#80);
* a second stage of the same name: ConflictException "Stage already exists" (v1 wording,
  guess for v2); an unknown ``DeploymentId``: 404 "Invalid Deployment identifier
  specified <id>" (guess);
* UpdateStage merges: given ``DefaultRouteSettings`` fields, ``RouteSettings`` entries
  and ``StageVariables`` are merged into the stage (an empty variable value removes the
  variable), other members replace (guess: AWS documents no merge rules);
* UpdateStage with an empty ``AccessLogSettings`` (``{}``) turns access logging off, as
  CreateStage takes ``{}`` as none: hashicorp/terraform-provider-aws stage.go sends exactly ``{}``
  when the ``access_log_settings`` block is removed and then expects none back (guess: no
  acceptance step reads it). Route settings, stage variables and default route settings
  behave as stage_test.go reads them back (TestAccAPIGatewayV2Stage_routeSettingsWebSocket,
  _stageVariables, _defaultRouteSettingsWebSocket; pinned in tests/apigatewayv2/test_terraform_facts.py);
* ``ClientCertificateId`` is "Supported only for WebSocket APIs" (the model): an HTTP API's stage
  given one is a 400 "Client certificates are not supported on protocolType HTTP" (guess: the
  wording follows the execution-logs refusal above); a WebSocket stage's must name one of the
  account's v1 client certificates, else 404 "Invalid Client Certificate identifier specified <id>"
  (guess, as for ``DeploymentId``); UpdateStage's ``""`` detaches it (terraform-provider-aws
  TestAccAPIGatewayV2Stage_clientCertificateIdAndDescription reads ``""`` back after removing it
  from the configuration: internal/service/apigatewayv2/stage_test.go);
* DeleteRouteSettings of a route key without settings answers 404 (guess);
  DeleteAccessLogSettings always succeeds;
* DeleteStage refuses a stage an API mapping names (400, see ``gwmock/domains.py``).
* stage names: ``$default`` or "only alphanumeric characters, hyphens, and underscores. Maximum length
  is 128 characters" (the API reference's ``StageName``); others are refused with v1's wording "Stage
  name only allows a-zA-Z0-9_" (guess for v2: ``$DEFAULT``, ``a/b``, 129 characters);
* stage variables: "Variable names can have alphanumeric and underscore characters, and the values
  must match [A-Za-z0-9-._~:/?#&=,]+" (the model's ``StageVariables`` documentation) and the HTTP API
  quotas: 100 variables per stage, names of at most 64 characters, values of at most 512 (applied to
  WebSocket stages too: guess). Refusals use v1's wording ("Invalid stage variable name: x.  Please use
  names with only word characters."), the value's symbols listed as v2 documents them; the quota
  refusals' wording is a guess. UpdateStage's empty value removes a variable, so it passes there;

``AccessLogSettings`` on CreateStage and UpdateStage get the checks v1 makes
(``apigateway/logging_settings.py`` has their evidence and wordings): a one-line ``Format`` naming
``$context.requestId`` or ``$context.extendedRequestId`` (the model's ``Format`` documentation says
"must include at least $context.requestId"; serverless/serverless#7950: a multi-line WebSocket
format fails), a ``DestinationArn`` that is a log group or an ``amazon-apigateway-`` Firehose stream
(the model documents log groups only; refusing Firehose is not known, so gwmock accepts it), and
either member without the other (guess, as v1's recording takes a destination alone). The model's
``Format`` shape is named for 1 to 1024 characters but carries no ``max``; the developer guide's
3 KB quota ("Access log template size") is enforced (``logging_settings``). A format naming a variable the
API's type does not list is then refused: "The following context variables are not supported:
[$context.status]" (``runtime/access_logs`` holds each type's list and the evidence). WebSocket stages need the
account's CloudWatch role to log to a
log group ("CloudWatch Logs role ARN must be set in account settings to enable logging ... Service:
AmazonApiGatewayV2", sst/sst#1556, aws/aws-cdk#33977) and, a guess from the same role writing them,
to set a ``LoggingLevel`` of ``ERROR`` or ``INFO``; HTTP APIs deliver their logs without it (the
developer guide's "Configure logging for HTTP APIs" names only the caller's permissions; aws-cdk#33977
added HTTP access logs without a role). As for v1, the role is checked only once the test has written
the account's settings.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from gwmock import domains, stage_variables
from gwmock.apigateway.logging_settings import (
    LOGGING_LEVELS,
    check_access_log_destination,
    check_access_log_format,
    check_logging_role,
)
from gwmock.apigateway.stages import leave_usage_plans
from gwmock.apigatewayv2.deployments import deploy_stage
from gwmock.apigatewayv2.lookups import api_child_or_404, api_or_404, not_found
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.paging import page_v2
from gwmock.state.base import Record
from gwmock.tags import check_tags

_SIMPLE = ("AutoDeploy", "Description", "DeploymentId")
_STAGE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}\Z")  # \Z: ``$`` would also take a final line break


def create_stage(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    api_id, name = api["ApiId"], params["StageName"]
    _check_stage_name(name)
    if ctx.store.get(("v2", "apis", api_id, "stages", name)) is not None:
        raise Conflict("Stage already exists")
    stage_variables.check(params.get("StageVariables"), stage_variables.V2)
    if params.get("DeploymentId"):
        api_child_or_404(ctx, api_id, "deployments", params["DeploymentId"], "Deployment")
    _check_execution_logs(api, params)
    _check_client_certificate(ctx, api, params)
    _check_logging(ctx, api, params)
    route_settings = _route_settings(ctx, api, {}, params.get("RouteSettings"))
    now = ctx.now()
    stage: Record = {
        "StageName": name,
        "CreatedDate": now,
        "LastUpdatedDate": now,
        "DefaultRouteSettings": {**_default_settings(api), **(params.get("DefaultRouteSettings") or {})},
        "RouteSettings": route_settings,
        "StageVariables": dict(params.get("StageVariables") or {}),
        "Tags": check_tags(params.get("Tags")),
    }
    for member in _SIMPLE:
        if params.get(member) is not None:
            stage[member] = params[member]
    if params.get("ClientCertificateId"):
        stage["ClientCertificateId"] = params["ClientCertificateId"]
    if params.get("AccessLogSettings"):
        stage["AccessLogSettings"] = dict(params["AccessLogSettings"])
    ctx.store.put(("v2", "apis", api_id, "stages", name), stage)
    if stage.get("AutoDeploy") and ctx.store.count(("v2", "apis", api_id, "routes")):
        stage = deploy_stage(ctx, api_id, stage)
    return stage


def get_stage(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return _stage_or_404(ctx, api["ApiId"], params["StageName"])


def get_stages(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return page_v2(ctx, ("v2", "apis", api["ApiId"], "stages"), params)


def update_stage(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    api_id = api["ApiId"]
    stage = _stage_or_404(ctx, api_id, params["StageName"])
    if params.get("DeploymentId"):
        api_child_or_404(ctx, api_id, "deployments", params["DeploymentId"], "Deployment")
    _check_execution_logs(api, params)
    _check_client_certificate(ctx, api, params)
    _check_logging(ctx, api, params)
    updated = copy.deepcopy(stage)
    updated["RouteSettings"] = _route_settings(ctx, api, updated.get("RouteSettings", {}), params.get("RouteSettings"))
    for member in _SIMPLE:
        if params.get(member) is not None:
            updated[member] = params[member]
    if params.get("ClientCertificateId"):
        updated["ClientCertificateId"] = params["ClientCertificateId"]
    elif params.get("ClientCertificateId") is not None:  # "": how Terraform detaches the certificate
        updated.pop("ClientCertificateId", None)
    if params.get("DefaultRouteSettings") is not None:
        updated["DefaultRouteSettings"] = {**updated.get("DefaultRouteSettings", {}), **params["DefaultRouteSettings"]}
    if params.get("StageVariables") is not None:
        stage_variables.check(params["StageVariables"], stage_variables.V2, removals=True)
        variables = {**updated.get("StageVariables", {}), **params["StageVariables"]}
        updated["StageVariables"] = {k: v for k, v in variables.items() if v != ""}
        stage_variables.check_count(updated["StageVariables"])
    if params.get("AccessLogSettings"):
        updated["AccessLogSettings"] = dict(params["AccessLogSettings"])
    elif params.get("AccessLogSettings") is not None:  # ``{}``: how Terraform turns access logs off
        updated.pop("AccessLogSettings", None)
    updated["LastUpdatedDate"] = ctx.now()
    ctx.store.put(("v2", "apis", api_id, "stages", stage["StageName"]), updated)
    turned_on = updated.get("AutoDeploy") and not stage.get("AutoDeploy")
    if turned_on and ctx.store.count(("v2", "apis", api_id, "routes")):
        updated = deploy_stage(ctx, api_id, updated)
    return updated


def delete_stage(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    stage = _stage_or_404(ctx, api["ApiId"], params["StageName"])
    if domains.domains_mapping(ctx, api["ApiId"], stage["StageName"]):
        raise BadRequest(f"Deleting stage {stage['StageName']} failed. Please remove all API mappings for the "
                         "stage from your custom domain names.")
    ctx.store.delete_tree(("v2", "apis", api["ApiId"], "stages", stage["StageName"]))
    if api.get("ProtocolType") == "WEBSOCKET":  # its stages may be in usage plans, as REST stages
        leave_usage_plans(ctx, api["ApiId"], stage["StageName"])
    return {}


def delete_route_settings(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    stage = _stage_or_404(ctx, api["ApiId"], params["StageName"])
    key = params["RouteKey"]
    settings = dict(stage.get("RouteSettings", {}))
    if key not in settings:
        raise not_found("Stage", f"Unable to find RouteSettings for RouteKey {key}")
    del settings[key]
    ctx.store.put(("v2", "apis", api["ApiId"], "stages", stage["StageName"]),
                  {**stage, "RouteSettings": settings, "LastUpdatedDate": ctx.now()})
    return {}


def delete_access_log_settings(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    stage = _stage_or_404(ctx, api["ApiId"], params["StageName"])
    updated = {k: v for k, v in stage.items() if k != "AccessLogSettings"}
    ctx.store.put(("v2", "apis", api["ApiId"], "stages", stage["StageName"]), {**updated, "LastUpdatedDate": ctx.now()})
    return {}


# --- helpers --------------------------------------------------------------------------


def _stage_or_404(ctx: Context, api_id: str, name: str) -> Record:
    return api_child_or_404(ctx, api_id, "stages", name, "Stage")


def _check_stage_name(name: str) -> None:
    if name != "$default" and not _STAGE_NAME.match(name):
        raise BadRequest("Stage name only allows a-zA-Z0-9_")


def _default_settings(api: Record) -> dict[str, Any]:
    if api.get("ProtocolType") == "WEBSOCKET":
        return {"DataTraceEnabled": False, "DetailedMetricsEnabled": False, "LoggingLevel": "OFF"}
    return {"DetailedMetricsEnabled": False}


def _check_execution_logs(api: Record, params: Params) -> None:
    if api.get("ProtocolType") == "WEBSOCKET":
        return
    settings = [params.get("DefaultRouteSettings") or {}, *(params.get("RouteSettings") or {}).values()]
    for entry in settings:
        if (entry or {}).get("LoggingLevel") is not None or (entry or {}).get("DataTraceEnabled"):
            raise BadRequest("Execution logs are not supported on protocolType HTTP")


def _check_client_certificate(ctx: Context, api: Record, params: Params) -> None:
    """A WebSocket stage's certificate must be one of the account's v1 client certificates (guess:
    as a DeploymentId must exist); an HTTP API's stage takes none (the model: "Supported only for
    WebSocket APIs"; the wording is a guess modelled on AWS's "Execution logs are not supported on
    protocolType HTTP")."""
    cert_id = params.get("ClientCertificateId")
    if not cert_id:
        return
    if api.get("ProtocolType") != "WEBSOCKET":
        raise BadRequest("Client certificates are not supported on protocolType HTTP")
    if ctx.store.get(("clientcertificates", cert_id)) is None:
        raise not_found("ClientCertificate", f"Invalid Client Certificate identifier specified {cert_id}")


def _check_logging(ctx: Context, api: Record, params: Params) -> None:
    """The access log settings' format and destination; the account's CloudWatch role for what a
    WebSocket stage would log with it."""
    settings = params.get("AccessLogSettings") or {}
    if settings.get("Format") is not None:
        check_access_log_format(str(settings["Format"]))
        _check_variables(api, str(settings["Format"]))
    to_group = settings.get("DestinationArn") is not None and check_access_log_destination(
        str(settings["DestinationArn"]))
    if api.get("ProtocolType") != "WEBSOCKET":
        return
    routes = [params.get("DefaultRouteSettings") or {}, *(params.get("RouteSettings") or {}).values()]
    if to_group or any((entry or {}).get("LoggingLevel") in LOGGING_LEVELS for entry in routes):
        check_logging_role(ctx)


def _check_variables(api: Record, fmt: str) -> None:
    """Refuse a format naming ``$context`` variables the API's type does not list (after the format's
    other checks, which bound its size)."""
    from gwmock.runtime import access_logs  # noqa: PLC0415 - the data plane's tables, only for a format

    kind = access_logs.WEBSOCKET if api.get("ProtocolType") == "WEBSOCKET" else access_logs.HTTP
    refusal = access_logs.check_variables(fmt, kind)
    if refusal is not None:
        raise BadRequest(refusal)


def _route_settings(ctx: Context, api: Record, current: dict[str, Any],
                    given: dict[str, Any] | None) -> dict[str, Any]:
    """Merge ``given`` route settings into ``current``; every key must be a route key."""
    if not given:
        return dict(current)
    keys = {r.get("RouteKey") for r in ctx.store.values(("v2", "apis", api["ApiId"], "routes"))}
    out = dict(current)
    for key, settings in given.items():
        if key not in keys:
            raise not_found("Route", f"Unable to find Route by key {key} within the provided RouteSettings")
        # an HTTP API's entry holds what was given (the CLI reference's update-stage example: no
        # DetailedMetricsEnabled beside the throttling set); a WebSocket API's, its defaults too (guess)
        defaults = _default_settings(api) if api.get("ProtocolType") == "WEBSOCKET" else {}
        out[key] = {**defaults, **out.get(key, {}), **(settings or {})}
    return out
