"""Create/Get/Gets/Update/DeleteIntegration and Create/Get/Gets/Update/DeleteIntegrationResponse.

Rules of each protocol (AWS documentation and errors users quoted; no v2 recordings):
* HTTP APIs take only proxy integrations: ``Currently, an API with a protocol type of
  HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)``
  (aws/aws-cli#6363); CreateIntegration must name a ``PayloadFormatVersion``:
  ``PayloadFormatVersion is a required parameter for integration`` (AWS's words in a
  user's CloudFormation template found by code search; the API reference says "Required
  for HTTP APIs", the developer guide "If you create a Lambda integration by using the
  AWS CLI, CloudFormation, or an SDK, you must specify a payloadFormatVersion"
  (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html),
  and awsdocs/amazon-api-gateway-developer-guide#86 had to add it to the guide's
  HTTP_PROXY example); ``2.0`` only for Lambda proxy integrations;
  ``TimeoutInMillis`` 50..30000 (default 30000); a Lambda proxy integration gets
  ``IntegrationMethod: POST``; ResponseParameters and TlsConfig are HTTP only.
* WebSocket APIs take all five types, payload format 1.0 (the default there) only, a
  timeout up to 29000 (default 29000); AWS, HTTP and MOCK integrations get
  ``PassthroughBehavior: WHEN_NO_MATCH`` and ``IntegrationResponseSelectionExpression:
  ${integration.response.statuscode}``; only they have integration responses.
* An AWS service integration (``IntegrationSubtype``) takes the parameters the "Integration subtype
  reference" lists, spelled as it spells them: another key is a 400 "Parameter: stateMachineArn does
  not fit schema for Operation: StepFunctions-StartSyncExecution." (aws/aws-cdk#26328). Guesses, in
  that frame: a subtype the reference does not list (spelled exactly as it spells them) is refused, so
  is one missing a parameter the reference marks required (SQS-SendMessage without MessageBody), and a
  subtype on another type than AWS_PROXY or on a WebSocket API (botocore's model: "Supported only for
  HTTP API AWS_PROXY integrations").
* Request mappings of HTTP APIs: ``{append|overwrite|remove}:{header|querystring}.{name}`` and
  ``overwrite:path`` only (the developer guide's table of keys: the path can only be overwritten);
  a header's name is an HTTP token, in responses too (guess: ``x:y``, ``é`` or a NUL is refused).
  A static ``overwrite:statuscode`` value (one without ``$``) must be a status code, 100..599 (guess:
  the data plane would otherwise answer with whatever integer it reads, or none).
* Both get ``ConnectionType: INTERNET``; VPC_LINK needs a ConnectionId. An HTTP API's private
  integration (VPC link v2) names an ELB listener or a Cloud Map service: any other URI, a load
  balancer's ARN or a URL, is a 400 "For VpcLink VPC_LINK, integration uri should be a valid ELB
  listener ARN or a valid Cloud Map service ARN." (quoted from AWS through Terraform in
  anomalyco/sst#5510 for a load balancer ARN, and by users for ``http://example.com``). A
  WebSocket API's VPC link is a v1 one, whose URI is the NLB's URL: not checked (guess).
* The defaults above (ConnectionType, timeouts, payload format, passthrough, the
  response selection expression, no IntegrationMethod on an SQS subtype) are those
  hashicorp/terraform-provider-aws's acceptance tests read back from AWS
  (internal/service/apigatewayv2/integration_test.go).
* UpdateIntegration merges ``RequestParameters`` into the integration's, a ``""`` value removing
  its key, and ``ResponseParameters`` by status code, ``{}`` removing the code
  (hashicorp/terraform-provider-aws, internal/service/apigatewayv2/integration.go, whose comments say
  parameters are removed by sending ``""`` / ``{}``; integration_test.go,
  TestAccAPIGatewayV2Integration_dataMappingHTTP and _integrationTypeHTTP read back from AWS only
  the new keys after such an update). Guess: ``""`` and ``{}`` on CreateIntegration are dropped too.
* Deleting an integration a route targets is a 409 ``Cannot delete Integration because
  it is referenced by the following Routes with Ids: [<ids>]``.
* An HTTP API's parameter mappings may not name a reserved header, in requests or responses,
  whatever the action ("The following headers are reserved. You can't configure request or
  response mappings for these headers": the developer guide's "Transform API requests and
  responses for HTTP APIs", Reserved headers; ``Host`` is not among them, and users overwrite
  it for VPC links, aws-controllers-k8s/community#1803). The refusal uses the frame AWS answers
  v2 mapping errors in ("Invalid mapping expression specified: Validation Result: warnings : [],
  errors : [...]", hashicorp/terraform-provider-aws#17997); the words inside it are a guess.

Guesses: every other message here (missing URI or method, an unsupported payload format, WebSocket
timeout, WebSocket-only members on an HTTP API, parameter mapping keys, integration
response keys and their duplicates, deleting a managed integration).
"""

from __future__ import annotations

import re
from typing import Any

from gwmock.apigatewayv2 import deployments
from gwmock.apigatewayv2.lookups import api_child_or_404, api_or_404, not_found
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict
from gwmock.ids import new_id
from gwmock.paging import page_v2
from gwmock.state.base import Record

_FIELDS = ("ConnectionId", "ConnectionType", "ContentHandlingStrategy", "CredentialsArn", "Description",
           "IntegrationMethod", "IntegrationSubtype", "IntegrationType", "IntegrationUri", "PassthroughBehavior",
           "PayloadFormatVersion", "TemplateSelectionExpression", "TimeoutInMillis")
_WEBSOCKET_ONLY = ("ContentHandlingStrategy", "PassthroughBehavior", "RequestTemplates",
                   "TemplateSelectionExpression")
_HTTP_ONLY = ("ResponseParameters", "TlsConfig")
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"  # an HTTP header name (RFC 9110's token)
_HTTP_MAPPING = re.compile(rf"(append|overwrite|remove):(header\.{_TOKEN}|querystring\.\S+)|overwrite:path")
_HTTP_RESPONSE_MAPPING = re.compile(rf"(append|overwrite|remove):header\.{_TOKEN}|overwrite:statuscode")
_MAPPED_HEADER = re.compile(r"(?:append|overwrite|remove):header\.(\S+)")
_RESERVED_HEADERS = frozenset((
    "authorization", "connection", "content-encoding", "content-length", "content-location", "forwarded",
    "keep-alive", "origin", "proxy-authenticate", "proxy-authorization", "te", "trailers", "transfer-encoding",
    "upgrade", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "via"))
_RESERVED_PREFIXES = ("access-control-", "apigw-", "x-amz-", "x-amzn-")
_WS_MAPPING = re.compile(r"integration\.request\.(header|querystring|path)\.\S+")
_STATUS = re.compile(r"[2-5][0-9][0-9]")
_STATUS_VALUE = re.compile(r"[1-5][0-9][0-9]")
_RESPONSE_SELECTION = "${integration.response.statuscode}"
_PRIVATE_TARGET = re.compile(r"arn:aws[a-z-]*:(elasticloadbalancing:[^:]*:[^:]*:listener"
                             r"|servicediscovery:[^:]*:[^:]*:service)/\S+")


def create_integration(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    integration = _defaults(api, _merged({"IntegrationId": new_id(7)}, params))
    _check_integration(api, integration, params, creating=True)
    ctx.store.put(_key(api, integration["IntegrationId"]), integration)
    deployments.auto_deploy(ctx, api["ApiId"])
    return integration


def get_integration(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return api_child_or_404(ctx, api["ApiId"], "integrations", params["IntegrationId"], "Integration")


def get_integrations(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    return page_v2(ctx, ("v2", "apis", api["ApiId"], "integrations"), params)


def update_integration(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    integration = api_child_or_404(ctx, api["ApiId"], "integrations", params["IntegrationId"], "Integration")
    updated = _defaults(api, _merged(integration, params))
    _check_integration(api, updated, params)
    ctx.store.put(_key(api, integration["IntegrationId"]), updated)
    deployments.auto_deploy(ctx, api["ApiId"])
    return updated


def delete_integration(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    integration = api_child_or_404(ctx, api["ApiId"], "integrations", params["IntegrationId"], "Integration")
    if integration.get("ApiGatewayManaged"):
        raise BadRequest("Cannot delete an integration managed by API Gateway")
    target = f"integrations/{integration['IntegrationId']}"
    routes = ctx.store.values(("v2", "apis", api["ApiId"], "routes"))
    users = [r["RouteId"] for r in routes if r.get("Target") == target]
    if users:
        raise Conflict("Cannot delete Integration because it is referenced by the following Routes with Ids: "
                       f"[{', '.join(users)}]")
    ctx.store.delete_tree(_key(api, integration["IntegrationId"]))
    deployments.auto_deploy(ctx, api["ApiId"])
    return {}


# --- integration responses ------------------------------------------------------------


def create_integration_response(ctx: Context, params: Params) -> Result:
    api, integration = _websocket_integration(ctx, params)
    response = _merged_response({"IntegrationResponseId": new_id(6)}, params)
    _check_response(ctx, api, integration, response)
    ctx.store.put(_response_key(api, integration, response["IntegrationResponseId"]), response)
    deployments.auto_deploy(ctx, api["ApiId"])
    return response


def get_integration_response(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    integration = api_child_or_404(ctx, api["ApiId"], "integrations", params["IntegrationId"], "Integration")
    return _response_or_404(ctx, api, integration, params["IntegrationResponseId"])


def get_integration_responses(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    integration = api_child_or_404(ctx, api["ApiId"], "integrations", params["IntegrationId"], "Integration")
    return page_v2(ctx, _key(api, integration["IntegrationId"]) + ("integrationresponses",), params)


def update_integration_response(ctx: Context, params: Params) -> Result:
    api, integration = _websocket_integration(ctx, params)
    response = _response_or_404(ctx, api, integration, params["IntegrationResponseId"])
    updated = _merged_response(response, params)
    _check_response(ctx, api, integration, updated)
    ctx.store.put(_response_key(api, integration, response["IntegrationResponseId"]), updated)
    deployments.auto_deploy(ctx, api["ApiId"])
    return updated


def delete_integration_response(ctx: Context, params: Params) -> Result:
    api = api_or_404(ctx, params["ApiId"])
    integration = api_child_or_404(ctx, api["ApiId"], "integrations", params["IntegrationId"], "Integration")
    response = _response_or_404(ctx, api, integration, params["IntegrationResponseId"])
    ctx.store.delete(_response_key(api, integration, response["IntegrationResponseId"]))
    deployments.auto_deploy(ctx, api["ApiId"])
    return {}


# --- helpers --------------------------------------------------------------------------


def _key(api: Record, integration_id: str) -> tuple[str, ...]:
    return ("v2", "apis", api["ApiId"], "integrations", integration_id)


def _response_key(api: Record, integration: Record, response_id: str) -> tuple[str, ...]:
    return _key(api, integration["IntegrationId"]) + ("integrationresponses", response_id)


def _merged(integration: Record, params: Params) -> Record:
    out = dict(integration)
    for name in _FIELDS:
        if params.get(name) is not None:
            out[name] = params[name]
    for name in ("RequestTemplates", "TlsConfig"):
        if params.get(name) is not None:
            out[name] = dict(params[name])
    if params.get("RequestParameters") is not None:
        merged = {**out.get("RequestParameters", {}), **params["RequestParameters"]}
        out["RequestParameters"] = {k: v for k, v in merged.items() if v != ""}
    if params.get("ResponseParameters") is not None:
        codes = {**out.get("ResponseParameters", {}), **params["ResponseParameters"]}
        out["ResponseParameters"] = {code: dict(m) for code, m in codes.items() if m}
    return out


def _defaults(api: Record, integration: Record) -> Record:
    websocket = api["ProtocolType"] == "WEBSOCKET"
    out = {"ConnectionType": "INTERNET", "PayloadFormatVersion": "1.0",
           "TimeoutInMillis": 29000 if websocket else 30000, **integration}
    kind = out["IntegrationType"]
    if not websocket and kind == "AWS_PROXY" and not out.get("IntegrationSubtype"):
        out.setdefault("IntegrationMethod", "POST")
    if websocket and kind in ("AWS", "HTTP", "MOCK"):
        out.setdefault("PassthroughBehavior", "WHEN_NO_MATCH")
        out.setdefault("IntegrationResponseSelectionExpression", _RESPONSE_SELECTION)
    elif websocket:
        out.pop("IntegrationResponseSelectionExpression", None)
    return out


def _check_integration(api: Record, integration: Record, params: Params, creating: bool = False) -> None:
    if api["ProtocolType"] == "WEBSOCKET":
        _check_websocket(integration, params)
    else:
        _check_http(integration, params, creating)
    if integration["ConnectionType"] == "VPC_LINK":
        if not integration.get("ConnectionId"):
            raise BadRequest("ConnectionId must be specified for connection type VPC_LINK")
        if api["ProtocolType"] == "HTTP" and not _PRIVATE_TARGET.fullmatch(integration.get("IntegrationUri") or ""):
            raise BadRequest("For VpcLink VPC_LINK, integration uri should be a valid ELB listener ARN or a valid "
                             "Cloud Map service ARN.")


def _check_http(integration: Record, params: Params, creating: bool) -> None:
    kind = integration["IntegrationType"]
    if kind not in ("AWS_PROXY", "HTTP_PROXY"):
        raise BadRequest("Currently, an API with a protocol type of HTTP may only be associated with proxy "
                         "integrations (AWS_PROXY, HTTP_PROXY)")
    if creating and not params.get("PayloadFormatVersion"):
        raise BadRequest("PayloadFormatVersion is a required parameter for integration")
    for name in _WEBSOCKET_ONLY:
        if params.get(name) is not None:
            raise BadRequest(f"{name} is supported only for WebSocket APIs")
    subtype = integration.get("IntegrationSubtype")
    if not integration.get("IntegrationUri") and not subtype:
        raise BadRequest(f"IntegrationUri must be specified for integration type {kind}")
    if kind == "HTTP_PROXY" and not integration.get("IntegrationMethod"):
        raise BadRequest("IntegrationMethod must be specified for integration type HTTP_PROXY")
    version = integration["PayloadFormatVersion"]
    if version not in ("1.0", "2.0"):
        raise BadRequest(f"Invalid payload format version specified: {version}. Must be one of: [1.0, 2.0]")
    if version == "2.0" and (kind != "AWS_PROXY" or subtype):
        raise BadRequest("Payload format version 2.0 is supported only for Lambda proxy integrations")
    if subtype:
        _check_subtype(kind, subtype, integration.get("RequestParameters") or {})
    else:
        for key in integration.get("RequestParameters", {}):
            if not _HTTP_MAPPING.fullmatch(key):
                raise BadRequest(f"Invalid mapping expression specified: {key}. Must be of the form "
                                 "{append|overwrite|remove}:{header|querystring}.{name} or overwrite:path")
            _check_not_reserved(key)
    for code, mappings in integration.get("ResponseParameters", {}).items():
        if not _STATUS.fullmatch(code):
            raise BadRequest(f"Invalid status code specified: {code}. Must be between 200 and 599")
        for key in mappings:
            if not _HTTP_RESPONSE_MAPPING.fullmatch(key):
                raise BadRequest(f"Invalid mapping expression specified: {key}. Must be of the form "
                                 "{append|overwrite|remove}:header.{name} or overwrite:statuscode")
            _check_not_reserved(key)
        _check_status_value(mappings.get("overwrite:statuscode"))


def _check_subtype(kind: str, subtype: str, parameters: dict[str, str]) -> None:
    """An AWS service integration names a subtype of the reference, takes its parameters and is
    given every required one (AWS checks them against the operation's schema, aws/aws-cdk#26328)."""
    from gwmock.runtime.http import services  # noqa: PLC0415 - the data plane, loaded when a subtype is used

    if kind != "AWS_PROXY":
        raise BadRequest("IntegrationSubtype is supported only for integration type AWS_PROXY")
    compiled = services.compile_integration({"IntegrationSubtype": subtype, "RequestParameters": parameters})
    if compiled.problem:
        raise BadRequest(f"Unsupported integration subtype: {subtype}")
    unknown = services.unknown_parameter(subtype, parameters)
    if unknown is not None:
        raise BadRequest(f"Parameter: {unknown} does not fit schema for Operation: {subtype}.")
    if compiled.missing:
        raise BadRequest(f"Parameter: {compiled.missing[0]} is required for Operation: {subtype}.")


def _check_status_value(value: str | None) -> None:
    """A static status code (one without ``$``, which the data plane reads at each request) must be one."""
    if value is not None and "$" not in value and not _STATUS_VALUE.fullmatch(value):
        raise BadRequest(f"Invalid status code specified: {value[:64]}. Must be between 100 and 599")


def _check_not_reserved(key: str) -> None:
    """A mapping of a reserved header (case-insensitive, as header names are) is refused."""
    match = _MAPPED_HEADER.fullmatch(key)
    if match is None:
        return
    name = match.group(1).lower()
    if name in _RESERVED_HEADERS or name.startswith(_RESERVED_PREFIXES):
        raise BadRequest("Invalid mapping expression specified: Validation Result: warnings : [], errors : "
                         f"[Operations on header {match.group(1)} are restricted]")


def _check_websocket(integration: Record, params: Params) -> None:
    kind = integration["IntegrationType"]
    for name in _HTTP_ONLY + ("IntegrationSubtype",):
        if params.get(name) is not None:
            raise BadRequest(f"{name} is supported only for HTTP APIs")
    if integration["PayloadFormatVersion"] != "1.0":
        raise BadRequest(f"Invalid payload format version specified: {integration['PayloadFormatVersion']}. "
                         "WebSocket APIs support only 1.0")
    if integration["TimeoutInMillis"] > 29000:
        raise BadRequest("Timeout must be between 50 and 29000 milliseconds for WebSocket APIs")
    if kind != "MOCK" and not integration.get("IntegrationUri"):
        raise BadRequest(f"IntegrationUri must be specified for integration type {kind}")
    if kind in ("HTTP", "HTTP_PROXY") and not integration.get("IntegrationMethod"):
        raise BadRequest(f"IntegrationMethod must be specified for integration type {kind}")
    for key in integration.get("RequestParameters", {}):
        if not _WS_MAPPING.fullmatch(key):
            raise BadRequest(f"Invalid mapping expression specified: {key}. Must be of the form "
                             "integration.request.{header|querystring|path}.{name}")


def _websocket_integration(ctx: Context, params: Params) -> tuple[Record, Record]:
    api = api_or_404(ctx, params["ApiId"])
    integration = api_child_or_404(ctx, api["ApiId"], "integrations", params["IntegrationId"], "Integration")
    if api["ProtocolType"] != "WEBSOCKET":
        raise BadRequest("Integration responses are supported only for WebSocket APIs")
    return api, integration


def _response_or_404(ctx: Context, api: Record, integration: Record, response_id: str) -> Record:
    record = ctx.store.get(_response_key(api, integration, response_id))
    if record is None:
        raise not_found("IntegrationResponse", f"Invalid IntegrationResponse identifier specified {response_id}")
    return record


def _merged_response(response: Record, params: Params) -> Record:
    out: dict[str, Any] = dict(response)
    for name in ("IntegrationResponseKey", "ContentHandlingStrategy", "TemplateSelectionExpression"):
        if params.get(name) is not None:
            out[name] = params[name]
    for name in ("ResponseParameters", "ResponseTemplates"):
        if params.get(name) is not None:
            out[name] = dict(params[name])
    return out


def _check_response(ctx: Context, api: Record, integration: Record, response: Record) -> None:
    key = response["IntegrationResponseKey"]
    if key != "$default" and not (len(key) > 2 and key.startswith("/") and key.endswith("/")):
        raise BadRequest(f"Invalid integration response key specified: {key}. Must be $default or a "
                         "regular expression between slashes, such as /2\\d\\d/")
    for other in ctx.store.values(_key(api, integration["IntegrationId"]) + ("integrationresponses",)):
        if other["IntegrationResponseId"] != response["IntegrationResponseId"] and \
                other["IntegrationResponseKey"] == key:
            raise Conflict(f"IntegrationResponse with key {key} already exists for this Integration")
