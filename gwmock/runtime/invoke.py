"""One invocation of a REST API method, in API Gateway's order of stages.

``invoke(call)`` runs: payload size (10 MB: 413 REQUEST_TOO_LARGE "Request Too Long",
guessed wording) and stage throttling (``throttling``) -> authorize (``authorizers``: IAM,
Lambda, Cognito, then API key with its plan's throttling and quota; deployed stages only)
-> validate (``validation``) -> map the request (integration request template) ->
integrate -> select the integration response -> map the response (template, response
parameters, ``$context.responseOverride``). A failure anywhere is answered by the API's
gateway response (``gateway_responses``). It returns the method response and the execution
log, in the structure AWS writes it (aws-recorded: test_apigateway_api
test_invoke_test_method, test_failed_invoke_test_method).

Integrations: MOCK in-process; AWS_PROXY and AWS with a Lambda URI call the function
registered with ``gw.add_lambda`` (aws-recorded: test_apigateway_lambda); HTTP and
HTTP_PROXY make the request (``http_integration``); AWS integrations of other services build
the service request and let another mock (moto) answer it (``aws_integration``).

Lambda (AWS) selection: a function error is matched by ``selectionPattern`` against its
``errorMessage``, a success takes the default response (test_lambda_selection_patterns);
the integration body is the function's result as JSON (``json.dumps``). A Lambda
integration whose ``httpMethod`` is not POST fails with 500 (test_lambda_aws_proxy_integration_non_post_method).

Guesses: a MOCK whose request body is empty or has no ``statusCode`` answers 200;
a non-integer ``statusCode`` or unparsable JSON gives AWS's "Unable to parse
statusCode" 500; no template for the content type with passthroughBehavior NEVER
(or WHEN_NO_TEMPLATES while templates exist) answers 415; a missing function is a 500
configuration error; a non-JSON payload for a non-proxy Lambda is a 500; a function error
or malformed response behind AWS_PROXY is a 502 (DEFAULT_5XX).
"""

from __future__ import annotations

import base64
import json
import re
import time
import traceback
from datetime import datetime, timezone
from typing import Any

from gwmock.runtime import lambdas
from gwmock.runtime.gateway_responses import GatewayError, parameter_value
from gwmock.runtime.gateway_responses import render as render_gateway_response
from gwmock.runtime.request import (
    Answer,
    Call,
    context,
    header,
    java_map,
    match_path,
    method_params,
    remap_headers,
    request_context,
)
from gwmock.runtime.vtl import Scope, TemplateError, render

__all__ = ["Answer", "Call", "invoke", "match_path"]

INTERNAL_ERROR = "Internal server error"
MAX_PAYLOAD = 10 * 1024 * 1024  # API Gateway's 10 MB request payload limit


class _Log:
    def __init__(self, request_id: str) -> None:
        self.lines = [f"Execution log for request {request_id}"]

    def __call__(self, text: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")
        self.lines.append(f"{stamp} : {text}")


def config_error(reason: str, status: int = 500) -> GatewayError:
    kind = "API_CONFIGURATION_ERROR" if status == 500 else "DEFAULT_5XX"
    return GatewayError(kind, INTERNAL_ERROR, status, reason=reason, config=True)


def invoke(call: Call) -> Answer:
    started = time.monotonic()
    log = _Log(call.request_id)
    log(f"Starting execution for request: {call.request_id}")
    log(f"HTTP Method: {call.http_method}, Resource Path: {call.path}")
    log(f"Method request path: {java_map(call.path_params)}")
    log(f"Method request query string: {java_map({k: ','.join(v) for k, v in call.query.items()})}")
    log(f"Method request headers: {java_map({k: ','.join(v) for k, v in call.headers.items()})}")
    log(f"Method request body before transformations: {call.body}")
    try:
        if call.check_access:
            from gwmock.runtime.authorizers import authorize  # noqa: PLC0415 - only deployed stages
            from gwmock.runtime.throttling import check_stage  # noqa: PLC0415

            if len(call.body_bytes or b"") > MAX_PAYLOAD:
                raise GatewayError("REQUEST_TOO_LARGE", "Request Too Long", reason="Request payload too large")
            check_stage(call, call.method_settings)
            authorize(call, log)
        from gwmock.runtime.validation import validate  # noqa: PLC0415

        validate(call)
        status, body, headers = _run(call, log)
    except GatewayError as failure:
        prefix = "Execution failed due to configuration error: " if failure.config else ""
        log(prefix + failure.reason)
        status, text, headers = render_gateway_response(
            failure, call.snapshot.get("gatewayresponses") or {}, context(call), method_params(call),
            call.stage_variables)
        log(f"Method completed with status: {status}")
        return Answer(status, text, headers, log.lines + [""], _elapsed(started))
    shown = body if isinstance(body, str) else f"[Binary Data, {len(body)} bytes]"
    log(f"Method response body after transformations: {shown}")
    log(f"Method response headers: {java_map(headers)}")
    log("Successfully completed execution")
    log(f"Method completed with status: {status}")
    return Answer(status, body, headers, log.lines + [""], _elapsed(started))


# --- integrations ------------------------------------------------------------------------


def _run(call: Call, log: _Log) -> tuple[int, str | bytes, dict[str, str]]:
    integration = call.method.get("methodIntegration")
    if integration is None:
        raise config_error("No integration defined for method")
    kind = integration.get("type")
    if kind == "MOCK":
        status = _mock_status(map_request(call, integration)[0])
        return map_response(call, select_response(integration, str(status)), "", {})
    if kind in ("AWS", "AWS_PROXY") and ":lambda:path/" in str(integration.get("uri")):
        return _traced(call, *_lambda(call, integration, log))
    if kind == "AWS":  # gwmock.runtime.aws_integration: SQS, DynamoDB, S3, ... (served by other mocks)
        from gwmock.runtime.aws_integration import run_aws  # noqa: PLC0415

        return _traced(call, *run_aws(call, integration, log))
    if kind in ("HTTP", "HTTP_PROXY"):
        from gwmock.runtime.http_integration import run_http  # noqa: PLC0415

        answer = run_http(call, integration, log)
        return answer if kind == "HTTP_PROXY" else _traced(call, *answer)
    raise config_error("Invalid endpoint address")


def _traced(call: Call, status: int, body: str | bytes, headers: dict[str, str]) -> tuple[int, str | bytes,
                                                                                           dict[str, str]]:
    """Lambda and HTTP (non-proxy) answers carry the request's trace id (aws-recorded:
    test_apigateway_common test_invocation_trace_id, test_apigateway_header_remapping_*)."""
    trace = header(call.headers, "X-Amzn-Trace-Id")
    if trace and not _has(headers, "X-Amzn-Trace-Id"):
        headers = {**headers, "X-Amzn-Trace-Id": trace}
    return status, body, headers


def _lambda(call: Call, integration: dict[str, Any], log: _Log) -> tuple[int, str | bytes, dict[str, str]]:
    proxy = integration.get("type") == "AWS_PROXY"
    if integration.get("httpMethod", "POST") != "POST":
        raise config_error("Lambda integrations only accept POST as integration HTTP method")
    arn = lambdas.function_arn(str(integration.get("uri")), call.stage_variables)
    found = lambdas.find(call.handle, arn) if arn else None
    if found is None:
        raise config_error(f"Invalid permissions on Lambda function (no function {arn} added with add_lambda)")
    fn, lambda_context = found
    if proxy:
        event: Any = proxy_event(call, integration)
    else:
        payload, _ = map_request(call, integration)
        event = _json_payload(payload)
    log(f"Endpoint request body after transformations: {json.dumps(event) if proxy else payload}")
    result = lambdas.call(fn, lambda_context, event)
    if result.exception is not None:  # the function's traceback, for whoever reads the log
        log("Lambda function error: " + "".join(traceback.format_exception(result.exception)).rstrip())
    log(f"Endpoint response body before transformations: {json.dumps(result.payload)}")
    if proxy:
        if result.error:
            raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, 502, reason="Lambda execution failed with status "
                               f"200 due to customer function error: {result.payload['errorMessage']}")
        try:
            status, headers, body, encoded = lambdas.parse_proxy_response(result.payload)
        except lambdas.MalformedResponse as error:
            raise config_error(str(error), 502) from None
        headers = remap_headers(headers)
        if not _has(headers, "Content-Type"):
            headers["Content-Type"] = "application/json"
        if encoded and _is_binary(call, header({k: [v] for k, v in headers.items()}, "Content-Type")):
            try:
                return status, base64.b64decode(body), headers
            except ValueError:
                raise config_error("Unable to base64 decode the body", 502) from None
        return status, body, headers
    subject = result.payload.get("errorMessage") if result.error and isinstance(result.payload, dict) else None
    response = select_response(integration, subject, lambda_error=True)
    return map_response(call, response, json.dumps(result.payload), {})


def proxy_event(call: Call, integration: dict[str, Any]) -> dict[str, Any]:
    """The Lambda proxy event v1.0 of ``call`` (integration request parameters applied)."""
    headers = {k: list(v) for k, v in call.headers.items()}
    query = {k: list(v) for k, v in call.query.items()}
    params = method_params(call)
    ctx = context(call)
    for target, source in (integration.get("requestParameters") or {}).items():
        value = parameter_value(source, params, ctx, call.stage_variables)
        where, _, name = target[len("integration.request."):].partition(".")
        if value is None or not name:
            continue
        if where == "header":
            headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
            headers[name] = [value]
        elif where == "querystring":
            query[name] = [value]
    body: str | None = call.body
    binary = call.body_bytes is not None and _is_binary(call, header(call.headers, "Content-Type"))
    if binary:
        body = base64.b64encode(call.body_bytes or b"").decode()
    event_path = "/" + (call.raw_path if call.raw_path is not None else call.path).lstrip("/")
    return lambdas.proxy_event(resource=call.resource_path, path=event_path, http_method=call.http_method,
                               headers=headers, query=query, path_params=call.path_params,
                               stage_variables=call.stage_variables, request_context=request_context(call),
                               body=body, is_base64=binary)


def _json_payload(payload: str) -> Any:
    if not payload.strip():
        return {}
    try:
        return json.loads(payload)
    except ValueError:
        raise config_error("Could not parse request body into json: the Lambda payload must be JSON") from None


# --- request and response mapping ----------------------------------------------------------


def _scope(call: Call, body: str) -> Scope:
    return Scope(body=body, params=method_params(call), context=context(call),
                 stage_variables=call.stage_variables, overrides=call.overrides)


def map_request(call: Call, integration: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The integration request body and the template's ``$context.requestOverride``."""
    overrides = call.overrides
    templates = integration.get("requestTemplates") or {}
    content_type = header(call.headers, "Content-Type") or "application/json"
    content_type = content_type.split(";")[0].strip().lower()
    template_key = next((k for k in templates if k.lower() == content_type), None)
    body = call.body
    if call.body_bytes is not None and integration.get("contentHandling") == "CONVERT_TO_TEXT" \
            and _is_binary(call, header(call.headers, "Content-Type"), accept=False):
        body = base64.b64encode(call.body_bytes).decode()
    if template_key is None:
        passthrough = integration.get("passthroughBehavior", "WHEN_NO_MATCH")
        if passthrough == "NEVER" or (passthrough == "WHEN_NO_TEMPLATES" and templates):
            raise GatewayError("UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", 415,
                               reason="Unsupported Media Type", config=True)
        return body, overrides["requestOverride"]
    template = templates[template_key]
    if template is None:
        return body, overrides["requestOverride"]
    try:
        # An empty request is mapped as "{}" (aws-recorded: test_apigateway_sqs
        # test_sqs_aws_integration, the message body of the call without payload).
        return render(template, _scope(call, body or "{}")), overrides["requestOverride"]
    except TemplateError as error:
        raise config_error(f"Unable to transform request: {error}") from None


def _mock_status(body: str) -> int:
    if not body.strip():
        return 200
    try:
        document = json.loads(body)
    except ValueError:
        loose = re.match(r"^\s*\{.*?\bstatusCode['\"]?\s*:\s*['\"]?(\d+)", body, re.DOTALL)
        if loose is not None:  # AWS reads unquoted keys too (test_integration_mock_with_path_param)
            return int(loose.group(1))
        raise config_error("Unable to parse statusCode. It should be an integer that is defined in the "
                           "request template.") from None
    if not isinstance(document, dict) or "statusCode" not in document:
        return 200
    status = document["statusCode"]
    if isinstance(status, bool) or not isinstance(status, (int, str)) or not str(status).isdigit():
        raise config_error("Unable to parse statusCode. It should be an integer that is defined in the "
                           "request template.")
    return int(status)


def select_response(integration: dict[str, Any], subject: str | None, lambda_error: bool = False) -> dict[str, Any]:
    responses = integration.get("integrationResponses") or {}
    default: dict[str, Any] | None = None
    for response in responses.values():
        pattern = response.get("selectionPattern")
        if not pattern:
            default = default or response
        elif subject is not None and re.fullmatch(pattern, subject, re.DOTALL):
            return dict(response)
    if default is None:
        shown = "200" if lambda_error else subject
        raise config_error("No match for output mapping and no default output mapping configured. "
                           f"Endpoint Response Status Code: {shown}")
    return default


def map_response(call: Call, response: dict[str, Any], body: str | bytes,
                 integration_headers: dict[str, str]) -> tuple[int, str | bytes, dict[str, str]]:
    """Apply the selected integration response to the integration's body and headers."""
    templates = response.get("responseTemplates") or {}
    accept = (header(call.headers, "Accept") or "").split(",")[0].split(";")[0].strip().lower()
    content_type = next((k for k in templates if k.lower() == accept), None)
    if content_type is None:
        content_type = "application/json" if "application/json" in templates or not templates else next(iter(templates))
    template = templates.get(content_type)
    overrides = call.overrides
    handling = response.get("contentHandling")
    if isinstance(body, bytes) and handling == "CONVERT_TO_TEXT":
        body = base64.b64encode(body).decode()
    elif isinstance(body, str) and handling == "CONVERT_TO_BINARY":
        try:
            body = base64.b64decode(body)
        except ValueError:
            raise config_error("Unable to base64 decode the body") from None
    out: str | bytes = body
    if template:
        text = body if isinstance(body, str) else body.decode("utf-8", "replace")
        try:
            out = render(template, _scope(call, text))
        except TemplateError as error:
            raise config_error(f"Unable to transform response: {error}") from None
    elif not templates and integration_headers:
        content_type = next((v for k, v in integration_headers.items() if k.lower() == "content-type"),
                            content_type)
    headers = _response_headers(call, response.get("responseParameters") or {}, body, integration_headers)
    if not _has(headers, "Content-Type"):
        headers["Content-Type"] = content_type
    status = int(response.get("statusCode", 200))
    override = overrides["responseOverride"]
    if str(override.get("status", "")).isdigit():
        status = int(override["status"])
    for name, value in (override.get("header") or {}).items():
        headers[name] = str(value)
    return status, out, headers


def _response_headers(call: Call, parameters: dict[str, str], body: str | bytes,
                      integration_headers: dict[str, str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    params, ctx = method_params(call), context(call)
    for target, source in parameters.items():
        if not target.startswith("method.response.header.") or source is None:
            continue
        name = target[len("method.response.header."):]
        value: str | None
        if source == "integration.response.body":
            value = body if isinstance(body, str) else body.decode("utf-8", "replace")
        elif source.startswith("integration.response.header."):
            wanted = source[len("integration.response.header."):].lower()
            value = next((v for k, v in integration_headers.items() if k.lower() == wanted), None)
        elif source.startswith("integration.response.body."):
            from gwmock.runtime.vtl import json_path  # noqa: PLC0415

            try:
                found = json_path(json.loads(body), "$." + source[len("integration.response.body."):])
            except ValueError:
                found = None
            value = None if found is None else found if isinstance(found, str) else json.dumps(found)
        else:
            value = parameter_value(source, params, ctx, call.stage_variables)
        if value is not None:
            headers[name] = value
    return headers


# --- helpers ----------------------------------------------------------------------------------


def _has(headers: dict[str, str], name: str) -> bool:
    return any(k.lower() == name.lower() for k in headers)


def _is_binary(call: Call, content_type: str | None, accept: bool = True) -> bool:
    """Whether ``content_type`` (or the request's Accept) is one of the API's binaryMediaTypes."""
    types = (call.snapshot.get("api") or {}).get("binaryMediaTypes") or []
    candidates = [content_type or ""] + ([(header(call.headers, "Accept") or "").split(",")[0]] if accept else [])
    for candidate in candidates:
        candidate = candidate.split(";")[0].strip().lower()
        if not candidate:
            continue
        for pattern in types:
            pattern = pattern.replace("~1", "/").lower()
            if pattern == "*/*" or pattern == candidate or (
                    pattern.endswith("/*") and candidate.startswith(pattern[:-1])):
                return True
    return False


def is_binary(call: Call, content_type: str | None) -> bool:
    return _is_binary(call, content_type)


def _elapsed(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
