"""One invocation of a REST API method, in API Gateway's order of stages.

``invoke(call)`` runs: map the request (integration request template) -> integrate
(MOCK answers in-process; HTTP, HTTP_PROXY, AWS and AWS_PROXY would leave the
process, which gwmock never does, so they fail as AWS does for an endpoint it cannot
reach) -> select the integration response (``selectionPattern`` against the status)
-> map the response (response template, response parameters). It returns the
method response and the execution log, in the structure AWS writes it
(aws-recorded: test_apigateway_api test_invoke_test_method, test_failed_invoke_test_method).

Guesses: a MOCK whose request body is empty or has no ``statusCode`` answers 200;
a non-integer ``statusCode`` or unparsable JSON gives AWS's "Unable to parse
statusCode" 500; no template for the content type with passthroughBehavior NEVER
(or WHEN_NO_TEMPLATES while templates exist) answers 415.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from gwmock.runtime.vtl import Scope, TemplateError, render

INTERNAL_ERROR = '{"message": "Internal server error"}'


@dataclass
class Call:
    """A method request, already matched to its resource and method."""

    api_id: str
    account: str
    region: str
    stage: str
    http_method: str
    resource_path: str  # the resource's template: /pets/{petId}
    resource_id: str
    path: str  # the path called: /pets/123
    method: dict[str, Any]  # the Method record, with methodIntegration
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: str = ""
    stage_variables: dict[str, str] = field(default_factory=dict)
    is_canary: bool = False
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str]
    log: list[str]
    latency: int


class _Failure(Exception):
    def __init__(self, status: int, reason: str, body: str = INTERNAL_ERROR,
                 error_type: str = "InternalServerErrorException") -> None:
        super().__init__(reason)
        self.status, self.reason, self.body, self.error_type = status, reason, body, error_type


class _Log:
    def __init__(self, request_id: str) -> None:
        self.lines = [f"Execution log for request {request_id}"]

    def __call__(self, text: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")
        self.lines.append(f"{stamp} : {text}")


def invoke(call: Call) -> Answer:
    started = time.monotonic()
    log = _Log(call.request_id)
    log(f"Starting execution for request: {call.request_id}")
    log(f"HTTP Method: {call.http_method}, Resource Path: {call.path}")
    log(f"Method request path: {_java_map(call.path_params)}")
    log(f"Method request query string: {_java_map({k: ','.join(v) for k, v in call.query.items()})}")
    log(f"Method request headers: {_java_map({k: ','.join(v) for k, v in call.headers.items()})}")
    log(f"Method request body before transformations: {call.body}")
    try:
        status, body, headers = _run(call, log)
    except _Failure as failure:
        log(f"Execution failed due to configuration error: {failure.reason}")
        log(f"Method completed with status: {failure.status}")
        return Answer(failure.status, failure.body, {"x-amzn-ErrorType": failure.error_type}, log.lines + [""],
                      _elapsed(started))
    log(f"Method response body after transformations: {body}")
    log(f"Method response headers: {_java_map(headers)}")
    log("Successfully completed execution")
    log(f"Method completed with status: {status}")
    return Answer(status, body, headers, log.lines + [""], _elapsed(started))


def match_path(template: str, path: str) -> dict[str, str] | None:
    """Path parameters of ``path`` under resource path ``template``; None when it does not match."""
    want = [s for s in template.split("/") if s]
    got = [s for s in path.split("/") if s]
    params: dict[str, str] = {}
    for i, part in enumerate(want):
        if part.startswith("{") and part.endswith("+}"):
            if i >= len(got):
                return None
            params[part[1:-2]] = "/".join(got[i:])
            return params
        if i >= len(got):
            return None
        if part.startswith("{") and part.endswith("}"):
            params[part[1:-1]] = got[i]
        elif part != got[i]:
            return None
    return params if len(want) == len(got) else None


# --- stages of the pipeline ------------------------------------------------------------------


def _run(call: Call, log: _Log) -> tuple[int, str, dict[str, str]]:
    integration = call.method.get("methodIntegration")
    if integration is None:
        raise _Failure(500, "No integration defined for method")
    request_body = _map_request(call, integration)
    if integration.get("type") != "MOCK":
        raise _Failure(500, "Invalid endpoint address")
    status = _mock_status(request_body)
    response = _select_response(integration, status)
    return _map_response(call, response)


def _scope(call: Call, body: str) -> Scope:
    return Scope(body=body, params=_method_params(call), context=_context(call),
                 stage_variables=call.stage_variables)


def _map_request(call: Call, integration: dict[str, Any]) -> str:
    templates = integration.get("requestTemplates") or {}
    content_type = _header(call.headers, "Content-Type") or "application/json"
    content_type = content_type.split(";")[0].strip().lower()
    template_key = next((k for k in templates if k.lower() == content_type), None)
    if template_key is None:
        passthrough = integration.get("passthroughBehavior", "WHEN_NO_MATCH")
        if passthrough == "NEVER" or (passthrough == "WHEN_NO_TEMPLATES" and templates):
            raise _Failure(415, "Unsupported Media Type", '{"message": "Unsupported Media Type"}',
                           "UnsupportedMediaTypeException")
        return call.body
    template = templates[template_key]
    if template is None:
        return call.body
    try:
        return render(template, _scope(call, call.body))
    except TemplateError as error:
        raise _Failure(500, f"Unable to transform request: {error}") from None


def _mock_status(body: str) -> int:
    if not body.strip():
        return 200
    try:
        document = json.loads(body)
    except ValueError:
        raise _Failure(500, "Unable to parse statusCode. It should be an integer that is defined in the "
                            "request template.") from None
    if not isinstance(document, dict) or "statusCode" not in document:
        return 200
    status = document["statusCode"]
    if isinstance(status, bool) or not isinstance(status, (int, str)) or not str(status).isdigit():
        raise _Failure(500, "Unable to parse statusCode. It should be an integer that is defined in the "
                            "request template.")
    return int(status)


def _select_response(integration: dict[str, Any], status: int) -> dict[str, Any]:
    responses = integration.get("integrationResponses") or {}
    default: dict[str, Any] | None = None
    for response in responses.values():
        pattern = response.get("selectionPattern")
        if not pattern:
            default = default or response
        elif re.fullmatch(pattern, str(status), re.DOTALL):
            return dict(response)
    if default is None:
        raise _Failure(500, "No match for output mapping and no default output mapping configured. "
                            f"Endpoint Response Status Code: {status}")
    return default


def _map_response(call: Call, response: dict[str, Any]) -> tuple[int, str, dict[str, str]]:
    templates = response.get("responseTemplates") or {}
    accept = (_header(call.headers, "Accept") or "").split(",")[0].split(";")[0].strip().lower()
    content_type = next((k for k in templates if k.lower() == accept), None)
    if content_type is None:
        content_type = "application/json" if "application/json" in templates or not templates else next(iter(templates))
    template = templates.get(content_type)
    body = ""
    if template:
        try:
            body = render(template, _scope(call, ""))
        except TemplateError as error:
            raise _Failure(500, f"Unable to transform response: {error}") from None
    headers = _response_headers(call, response.get("responseParameters") or {}, body)
    headers.setdefault("Content-Type", content_type)
    return int(response.get("statusCode", 200)), body, headers


def _response_headers(call: Call, parameters: dict[str, str], body: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    sources = _method_params(call)
    for target, source in parameters.items():
        if not target.startswith("method.response.header.") or source is None:
            continue
        name = target[len("method.response.header."):]
        if source.startswith("'") and source.endswith("'") and len(source) >= 2:
            headers[name] = source[1:-1]
        elif source == "integration.response.body":
            headers[name] = body
        elif source.startswith("method.request."):
            where, _, key = source[len("method.request."):].partition(".")
            value = sources.get(where, {}).get(key)
            if value is not None:
                headers[name] = value
        elif source.startswith("stageVariables."):
            value = call.stage_variables.get(source[len("stageVariables."):])
            if value is not None:
                headers[name] = value
        elif source.startswith("context."):
            value = _context(call).get(source[len("context."):])
            if isinstance(value, str):
                headers[name] = value
    return headers


# --- helpers ----------------------------------------------------------------------------------


def _method_params(call: Call) -> dict[str, dict[str, str]]:
    return {
        "path": dict(call.path_params),
        "querystring": {k: v[-1] for k, v in call.query.items() if v},
        "header": {k: v[-1] for k, v in call.headers.items() if v},
    }


def _context(call: Call) -> dict[str, Any]:
    now = datetime.now(timezone.utc)
    return {
        "accountId": call.account,
        "apiId": call.api_id,
        "domainName": "testPrefix.testDomainName",
        "domainPrefix": "testPrefix",
        "extendedRequestId": call.request_id,
        "httpMethod": call.http_method,
        "identity": {"sourceIp": "test-invoke-source-ip", "userAgent": _header(call.headers, "User-Agent") or "",
                     "accountId": call.account, "caller": "", "user": "", "apiKey": "test-invoke-api-key"},
        "path": f"/{call.stage}{call.path}",
        "protocol": "HTTP/1.1",
        "requestId": call.request_id,
        "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "requestTimeEpoch": int(now.timestamp() * 1000),
        "resourceId": call.resource_id,
        "resourcePath": call.resource_path,
        "stage": call.stage,
        "authorizer": {},
        "isCanaryRequest": call.is_canary,
    }


def _header(headers: dict[str, list[str]], name: str) -> str | None:
    for key, values in headers.items():
        if key.lower() == name.lower() and values:
            return values[-1]
    return None


def _java_map(values: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in values.items()) + "}"


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
