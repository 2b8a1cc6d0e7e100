"""One invocation of a REST API method, in API Gateway's order of stages.

``invoke(call)`` runs: payload size (10 MB: 413 REQUEST_TOO_LARGE "Request Too Long"; a request
over it from a client is refused before, by ``api``'s front door, in AWS's words) and stage
throttling (``throttling``) -> authorize (``authorizers``: IAM, Lambda, Cognito, with the API's
resource policy where AWS applies it (``resource_policy``), then
API key with its plan's throttling and quota; deployed stages only)
-> validate (``validation``) -> the stage's response cache (``cache``: a hit skips the rest)
-> map the request (integration request template) -> integrate -> select the integration
response -> map the response (template, response parameters, ``$context.responseOverride``).
A failure anywhere is answered by the API's gateway response (``gateway_responses``). It returns
the method response and the execution log, in the structure AWS writes it (aws-recorded:
test_apigateway_api test_invoke_test_method, test_failed_invoke_test_method).

Integrations: MOCK in-process; AWS_PROXY and AWS with a Lambda URI call the function
registered with ``gw.add_lambda`` (aws-recorded: test_apigateway_lambda); HTTP and
HTTP_PROXY make the request (``http_integration``); AWS integrations of other services build
the service request and let another mock (moto) answer it (``aws_integration``).

Lambda (AWS) selection: a function error is matched by ``selectionPattern`` against its
``errorMessage``, a success takes the default response (test_lambda_selection_patterns);
the integration body is the function's result as JSON (``json.dumps``). A Lambda
integration whose ``httpMethod`` is not POST fails with 500 (test_lambda_aws_proxy_integration_non_post_method).

User code never escapes: a Lambda function (or authorizer) is called through
``runtime.lambdas.call`` with the integration's ``timeoutInMillis`` (29 s by default); past it the
caller gets 504 INTEGRATION_TIMEOUT "Endpoint request timed out" at once. A proxy function's
error or malformed answer (not a dict of the five members, a status outside 100-599, a header
name or value that could end the line) is 502; the exception stays on ``Answer.error``. An answer
whose JSON passes 6,291,556 bytes is Lambda's ``Function.ResponseSizeTooLarge`` function error
(``lambdas.within_limit``): 502 behind a proxy, selection patterns otherwise (Lambda quotas: "6 MB" response).
Mapping ``integration.request.header.Content-Length`` or ``Transfer-Encoding`` (and, for Lambda
integrations, ``Authorization``, ``Connection``, ``Expect``, ``Proxy-Authenticate``, ``TE``) is a
500 at invocation (aws-recorded: test_apigateway_header_remapping_*).

Guesses: a MOCK whose request body is empty or has no ``statusCode`` answers 200;
a non-integer ``statusCode`` or unparsable JSON gives AWS's "Unable to parse
statusCode" 500; no template for the content type with passthroughBehavior NEVER
(or WHEN_NO_TEMPLATES while templates exist) answers 415; a missing function is a 500
configuration error; a function error or malformed response behind AWS_PROXY is a 502 (DEFAULT_5XX).

A non-proxy Lambda payload that is not JSON (no template and a form body, or a template whose output
is not JSON) is refused by Lambda before the function runs, and the caller gets 400 with Lambda's
message, ``Could not parse request body into json: Could not parse payload into json: `` and
Jackson's description (``jackson``; the blog post "Configuring API Gateway for GraphQL Lambda
functions": ``HTTP/1.1 400 Bad Request``; serverless#2270: "The method integration is never
called"). Guesses: it is answered through DEFAULT_4XX (x-amzn-ErrorType BadRequestException; not
BAD_REQUEST_BODY, which AWS documents for request validators); without a customised DEFAULT_4XX the
body is AWS's observed ``{"message": "<escapeJavaScript of the message>"}``; the log says
"Lambda invocation failed with status: 400".
"""

from __future__ import annotations

import base64
import json
import time
import traceback
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from email.utils import formatdate
from typing import Any

from urllib3 import HTTPHeaderDict

from gwmock.arns import dns_suffix
from gwmock.runtime import lambdas
from gwmock.runtime.response import Lines, header_dict, header_lines, one_value_each
from gwmock.runtime.rest import jackson, proxy
from gwmock.runtime.rest.authorizers import authorize
from gwmock.runtime.rest.aws_integration import run_aws
from gwmock.runtime.rest.cache import Plan
from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.gateway_responses import render as render_gateway_response
from gwmock.runtime.rest.http_integration import run_http
from gwmock.runtime.rest.mapping import (
    INTERNAL_ERROR,
    config_error,
    has_header,
    is_binary,
    map_request,
    map_response,
    mock_answer,
    select_response,
)
from gwmock.runtime.rest.request import (
    Answer,
    Call,
    context,
    header,
    headers_of,
    java_map,
    kept_headers,
    match_path,
    method_params,
    new_trace_id,
)
from gwmock.runtime.rest.resource_policy import PolicyDenied, compile_policy
from gwmock.runtime.rest.throttling import check_stage
from gwmock.runtime.rest.validation import validate

__all__ = ["Answer", "Call", "invoke", "match_path"]

_NO_API: dict[str, Any] = {}
MAX_PAYLOAD = 10 * 1024 * 1024  # API Gateway's 10 MB request payload limit
# a body under this size makes an event under Lambda's 6 MB however JSON escapes it (6 bytes a byte at
# most, with room for the headers): only larger ones are measured
_LAMBDA_CHECKED = 1_000_000
DEFAULT_TIMEOUT_MS = 29_000  # REST APIs' default (and, before quota raises, maximum) integration timeout
Headers = Mapping[str, str]  # a dict, or an HTTPHeaderDict holding repeated lines


class _Log(Lines):
    """The execution log of one invocation: each line's second is taken when it is written, its
    text made when the log is first read (``Lines``). Facts are ``(second, text)`` or ``(second,
    kind, value)``, ``kind`` indexing ``_LATER``: plain values the garbage collector can forget."""

    __slots__ = ("headers",)

    def __init__(self, call: Call) -> None:
        """The log of ``call`` with its opening lines, written at once (one clock read, one extend).
        The call's path, query and headers are never changed once it is made: safe to format later.
        ``headers``: the method request's headers as the log keeps them, which a proxy event's fact
        shares (``proxy.event_fact``), so that the kept log writes them once."""
        super().__init__()
        now, request_id = int(time.time()), call.request_id
        self.headers = headers = kept_headers(call.headers)
        self._items += (
            f"Execution log for request {request_id}",
            (now, f"Starting execution for request: {request_id}"),
            (now, f"HTTP Method: {call.http_method}, Resource Path: {call.path}"),
            (now, PATH, call.path_params), (now, QUERY, call.query), (now, HEADERS, headers),
            (now, f"Method request body before transformations: {call.body}"))

    def __call__(self, text: str) -> None:
        if self._lines is None:  # ``defer``, inlined: a dozen lines a request
            self._items.append((int(time.time()), text))
        else:
            self.defer(int(time.time()), text)

    def later(self, kind: int, value: Any) -> None:
        """A line ``_LATER[kind](value)`` makes on first read (``value`` is not changed later)."""
        if self._lines is None:  # ``defer``, inlined
            self._items.append((int(time.time()), kind, value))
        else:
            self.defer(int(time.time()), kind, value)

    def facts(self, facts: tuple[tuple[Any, ...], ...]) -> None:
        """Several ``(second, kind, value)`` facts at once (the caller read the clock once)."""
        if self._lines is None:
            self._items += facts
        else:
            for fact in facts:
                self.defer(*fact)

    def succeeded(self, status: int, body: str | bytes, headers: Headers) -> None:
        """The closing lines of an invocation that answered, written at once (one clock read)."""
        shown = body if isinstance(body, str) else f"[Binary Data, {len(body)} bytes]"
        now = int(time.time())
        # the answer's headers get the gateway's own afterwards: the line keeps them as they are now
        facts = ((now, f"Method response body after transformations: {shown}"),
                 (now, RESPONSE_HEADERS, one_value_each(headers)),
                 (now, "Successfully completed execution"), (now, f"Method completed with status: {status}"))
        if self._lines is None:
            self._items += facts
        else:
            for fact in facts:
                self.defer(*fact)
        self.add("")

    @staticmethod
    def _format(fact: tuple[Any, ...]) -> str:
        text = fact[1] if len(fact) == 2 else _LATER[fact[1]](fact[2])
        return f"{_stamp(fact[0])} : {text}"


_last_stamp: tuple[int, str] = (-1, "")


def _stamp(second: int) -> str:
    """A log line's UTC time, formatted once per second rather than once per line."""
    global _last_stamp  # noqa: PLW0603 - a one-entry cache; a race only formats twice
    if _last_stamp[0] != second:
        _last_stamp = (second, datetime.fromtimestamp(second, timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y"))
    return _last_stamp[1]


def _joined_map(values: dict[str, list[str]]) -> str:
    """``java_map`` of a multi-value map, each name's values joined by commas."""
    return "{" + ", ".join(f"{k}={','.join(v)}" for k, v in values.items()) + "}"


def _lambda_url(arn: str) -> str:
    """The Lambda Invoke URL API Gateway calls for the function ``arn`` (its region's endpoint)."""
    parts = arn.split(":", 4)
    region = parts[3] if len(parts) > 3 else ""
    return f"https://lambda.{region}.{dns_suffix(region)}/2015-03-31/functions/{arn}/invocations"


def _text_of(answered: Any) -> str:
    return answered if type(answered) is str else json.dumps(answered)


# API Gateway's request to Lambda as its log shows it: signed (the signature and session token
# masked and cut), tagged with the request id (aws-recorded: test_apigateway_basic
# test_apigw_test_invoke_method_api, "Endpoint request headers: {x-amzn-lambda-integration-tag=...,
# Authorization=..., X-Amz-Date=..., ..., X-Amz-Security-Token=... [TRUNCATED]"; the masked values
# are guesses of their shape)
_MASKED_SIGNATURE = "*" * 168 + "c8b2f1"
_SESSION_TOKEN = "IQoJb3JpZ2luX2VjEGwaCXVzLWVhc3QtMSJHMEUCIQD" + "x" * 60


def _endpoint_request_headers(value: tuple[str, str, int]) -> str:
    request_id, api_id, second = value
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(second))
    return (f"Endpoint request headers: {{x-amzn-lambda-integration-tag={request_id}, "
            f"Authorization={_MASKED_SIGNATURE}, X-Amz-Date={stamp}, x-amzn-apigateway-api-id={api_id}, "
            f"Accept=application/json, User-Agent=AmazonAPIGateway_{api_id}, "
            f"X-Amz-Security-Token={_SESSION_TOKEN} [TRUNCATED]")


def _endpoint_response_headers(value: tuple[Any, str, str, bool, int]) -> str:
    """Lambda's Invoke answer headers (aws-recorded test_apigw_test_invoke_method_api; a function
    error's ``X-Amz-Function-Error: Unhandled`` is Lambda's documented header)."""
    answered, lambda_request_id, trace, failed, second = value
    length = len(_text_of(answered).encode())
    error = "X-Amz-Function-Error=Unhandled, " if failed else ""
    return (f"Endpoint response headers: {{Date={formatdate(second, usegmt=True)}, "
            f"Content-Type=application/json, Content-Length={length}, Connection=keep-alive, "
            f"x-amzn-RequestId={lambda_request_id}, x-amzn-Remapped-Content-Length=0, {error}"
            f"X-Amz-Executed-Version=$LATEST, X-Amzn-Trace-Id={trace}}}")


# What ``_Log.later`` lines say, by kind
(PATH, QUERY, HEADERS, RESPONSE_HEADERS, EVENT, RESULT, LAMBDA_URI, LAMBDA_HEADERS, SENDING, RECEIVED,
 LAMBDA_ANSWER_HEADERS) = range(11)
_LATER: tuple[Callable[[Any], str], ...] = (
    lambda value: "Method request path: " + java_map(value),
    lambda value: "Method request query string: " + _joined_map(value),
    lambda value: "Method request headers: " + _joined_map(headers_of(value)),
    lambda value: "Method response headers: " + java_map(value),
    lambda value: "Endpoint request body after transformations: " + json.dumps(proxy.event_of(value)),
    lambda value: "Endpoint response body before transformations: " + _text_of(value),
    lambda value: "Endpoint request URI: " + _lambda_url(value),
    _endpoint_request_headers,
    lambda value: "Sending request to " + _lambda_url(value),
    lambda value: f"Received response. Status: 200, Integration latency: {value} ms",
    _endpoint_response_headers,
)


def _result_text(result: lambdas.LambdaResult) -> str:
    """What the function answered as JSON text: its answer, or Lambda's error document; the text
    itself when a function served over HTTP answered text that is not JSON (Lambda passes it on)."""
    if type(result) is lambdas.NotJsonResult:
        return str(result.payload)
    return result.text if result.text is not None else json.dumps(result.payload)


def _answered(result: lambdas.LambdaResult) -> Any:
    """What the log keeps of a function's answer: the JSON text when it was made, else the payload
    itself, a copy only gwmock holds (``lambdas``: the plain copy or the JSON round trip) that
    nothing changes afterwards, so it needs no freezing of its own: the record marshals it with the
    rest of the log (``Lines.kept``); the ``LambdaResult`` would keep more for the garbage collector."""
    text = result.known_text
    return text if text is not None else result.payload


def invoke(call: Call, cached: Plan | None = None) -> Answer:
    """``cached``: how the call uses its stage's response cache (``cache.plan``), None for none."""
    started = time.monotonic()
    log = _Log(call)
    try:
        if call.check_access:

            if len(call.body_bytes or b"") > MAX_PAYLOAD:
                raise GatewayError("REQUEST_TOO_LARGE", "Request Too Long", reason="Request payload too large")
            check_stage(call, call.method_settings)
            policy = (call.snapshot.get("api") or _NO_API).get("policy")  # the deployed resource policy
            authorize(call, log, compile_policy(str(policy)) if policy else None)

        validate(call)
        if cached is None:
            status, body, headers = _run(call, log)
        else:  # the stage's cache, read after validation, before the integration request
            status, body, headers = cached.run(call, log, _run, _trace_id)
    except GatewayError as failure:
        if call.access is not None:  # the stage's access log names it (``$context.error.*``)
            call.access[:] = [failure]
        prefix = "Execution failed due to configuration error: " if failure.config else ""
        log(prefix + failure.reason)
        responses = call.snapshot.get("gatewayresponses") or {}
        if type(failure) is PolicyDenied:  # AWS's own body unless the API changed ACCESS_DENIED's
            responses = failure.responses(responses)
        status, text, headers = render_gateway_response(
            failure, responses, context(call), method_params(call), call.stage_variables)
        log(f"Method completed with status: {status}")
        log.add("")
        return Answer(status, text, headers, log, _elapsed(started), call.error, call.request_id)
    log.succeeded(status, body, headers)
    return Answer(status, body, headers, log, _elapsed(started), call.error, call.request_id)


# --- integrations ------------------------------------------------------------------------


def _run(call: Call, log: _Log) -> tuple[int, str | bytes, Headers]:
    integration = call.method.get("methodIntegration")
    if integration is None:
        raise config_error("No integration defined for method")
    kind = integration.get("type")
    _check_mapped_headers(integration)
    if kind == "MOCK":
        return mock_answer(call, integration)
    if kind in ("AWS", "AWS_PROXY") and ":lambda:path/" in str(integration.get("uri")):
        return _traced(call, *_lambda(call, integration, log), fresh=True, first=kind == "AWS")
    if kind == "AWS":  # gwmock.runtime.rest.aws_integration: SQS, DynamoDB, S3, ... (served by other mocks)

        return _traced(call, *run_aws(call, integration, log), first=True)
    if kind in ("HTTP", "HTTP_PROXY"):

        answer = run_http(call, integration, log)
        return answer if kind == "HTTP_PROXY" else _traced(call, *answer, first=True)
    raise config_error("Invalid endpoint address")


# Integration request headers a mapping may not set (500 at invocation time; aws-recorded:
# test_apigateway_header_remapping_http and _aws, the "content-length", "transfer-encoding",
# "authorization", ... steps). Lambda integrations refuse more of them.
_UNMAPPABLE = frozenset({"content-length", "transfer-encoding"})
_UNMAPPABLE_FOR_LAMBDA = _UNMAPPABLE | {"authorization", "connection", "expect", "proxy-authenticate", "te"}


def _check_mapped_headers(integration: dict[str, Any]) -> None:
    kind = integration.get("type")
    if kind == "MOCK":
        return
    lambda_uri = kind in ("AWS", "AWS_PROXY") and ":lambda:path/" in str(integration.get("uri"))
    refused = _UNMAPPABLE_FOR_LAMBDA if lambda_uri else _UNMAPPABLE
    for target in integration.get("requestParameters") or {}:
        if target.startswith("integration.request.header."):
            name = target[len("integration.request.header."):]
            if name.lower() in refused:
                raise config_error(f"Invalid mapping expression: header {name} cannot be mapped for this integration")


def _traced(call: Call, status: int, body: str | bytes, headers: Headers,
            fresh: bool = False, first: bool = False) -> tuple[int, str | bytes, Headers]:
    """Lambda and HTTP (non-proxy) answers carry the request's trace id (aws-recorded:
    test_apigateway_common test_invocation_trace_id, test_apigateway_header_remapping_*).
    ``fresh``: ``headers`` were made for this answer alone, so a header dict is changed in place.
    ``first``: a method response mapped from an integration response starts with it (aws-recorded
    test_apigw_test_invoke_method_api: "Method response headers: {X-Amzn-Trace-Id=...,
    Content-Type=application/json}"); a Lambda proxy's gets it after the function's own (guess)."""
    trace = _trace_id(call)
    if isinstance(headers, HTTPHeaderDict):  # its ``in`` ignores case, as ``has_header`` does
        if "X-Amzn-Trace-Id" in headers:
            return status, body, headers
        if not first:  # a Lambda proxy's answer (every such request): the line added in place
            if not fresh:
                headers = headers.copy()
            headers["X-Amzn-Trace-Id"] = trace
            return status, body, headers
        lines = header_lines(headers)
    elif has_header(headers, "X-Amzn-Trace-Id"):
        return status, body, headers
    else:
        lines = list(headers.items())
    trace_line = [("X-Amzn-Trace-Id", trace)]
    return status, body, header_dict(trace_line + lines if first else lines + trace_line)


def _trace_id(call: Call) -> str:
    """The request's X-Ray trace header: the one the gateway added to the method request (or the
    client sent); TestInvokeMethod has no gateway in front, and AWS's answer carries one all the
    same (aws-recorded test_apigw_test_invoke_method_api): made then. Read once for the call."""
    trace = call.trace_id
    if trace is None:
        trace = call.trace_id = header(call.headers, "X-Amzn-Trace-Id") or new_trace_id()
    return trace


def _lambda(call: Call, integration: dict[str, Any], log: _Log) -> tuple[int, str | bytes, Headers]:
    is_proxy = integration.get("type") == "AWS_PROXY"
    if integration.get("httpMethod", "POST") != "POST":
        raise config_error("Lambda integrations only accept POST as integration HTTP method")
    arn = lambdas.function_arn(str(integration.get("uri")), call.stage_variables)
    found = lambdas.find(call.handle, arn) if arn else None
    if found is None:
        raise config_error(f"Invalid permissions on Lambda function (no function {arn} added with add_lambda)")
    fn, lambda_context = found
    now = int(time.time())
    request = ((now, LAMBDA_URI, arn), (now, LAMBDA_HEADERS, (call.request_id, call.api_id, now)))
    if is_proxy:  # made again and dumped when the log is read, from what the function cannot change
        fact = proxy.event_fact(call, log.headers)
        event = proxy.event_of(fact, call.headers)
        log.facts((*request, (now, EVENT, fact), (now, SENDING, arn)))
    else:
        payload, _ = map_request(call, integration)
        log.facts(request)
        log(f"Endpoint request body after transformations: {payload}")
        event = _json_payload(payload)
        log.later(SENDING, arn)
    if len(call.body_bytes or b"") > _LAMBDA_CHECKED and len(json.dumps(event)) > lambdas.MAX_REQUEST:
        # Lambda refuses the invocation: API Gateway answers its REQUEST_TOO_LARGE (a capture:
        # https://github.com/koki-develop/lgtm-generator/issues/10, 413 "Request Too Long")
        log(f"Lambda invocation failed: the request is larger than {lambdas.MAX_REQUEST} bytes")
        raise GatewayError("REQUEST_TOO_LARGE", "Request Too Long", reason="Request payload too large")
    started = time.monotonic()
    result = lambdas.call(fn, lambda_context, event, timeout=integration_timeout(integration))
    if result.timed_out:
        log(f"Lambda function {arn} did not answer within {integration_timeout(integration)} s")
        raise GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out", 504,
                           reason="Execution failed due to a timeout error")
    latency = max(int((time.monotonic() - started) * 1000), 0)  # a test may move the clock back
    if not is_proxy:
        _result_text(result)  # made for the log anyway: then measured whatever its shape
    result = lambdas.within_limit(result)
    answered = _answered(result) if is_proxy else _result_text(result)
    now = int(time.time())
    log.facts(((now, RECEIVED, latency),  # the rest dumped if the log is read
               (now, LAMBDA_ANSWER_HEADERS, (answered, lambda_context.aws_request_id, _trace_id(call), result.error,
                                             now)),
               (now, RESULT, answered)))
    if result.exception is not None:  # the function's own failure, kept for the test author
        call.error = result.exception
        log("Lambda function error: " + "".join(traceback.format_exception(result.exception)).rstrip())
    if is_proxy:
        return _proxy_answer(call, result)
    subject = result.payload.get("errorMessage") if result.error and isinstance(result.payload, dict) else None
    response = select_response(integration, subject, lambda_error=True)
    return map_response(call, response, answered, {})


def integration_timeout(integration: dict[str, Any]) -> float:
    """Seconds API Gateway waits for the integration: ``timeoutInMillis``, 29 s by default."""
    try:
        millis = int(integration.get("timeoutInMillis") or DEFAULT_TIMEOUT_MS)
    except (TypeError, ValueError):
        millis = DEFAULT_TIMEOUT_MS
    return max(millis, 1) / 1000


def _proxy_answer(call: Call, result: lambdas.LambdaResult) -> tuple[int, str | bytes, Headers]:
    if result.error:
        message = result.payload.get("errorMessage") if isinstance(result.payload, dict) else result.payload
        raise GatewayError("DEFAULT_5XX", INTERNAL_ERROR, 502, reason="Lambda execution failed with status "
                           f"200 due to customer function error: {message}")
    try:
        status, headers, body, encoded = proxy.parse_response(result.payload)
    except proxy.MalformedResponse as error:
        raise config_error(str(error), 502) from None
    if "Content-Type" not in headers:  # case-insensitive
        headers["Content-Type"] = "application/json"
    # "API Gateway uses the first Accept header from clients to determine if a response should
    # return binary media" (Binary media types for REST APIs): the answer's Content-Type does not
    # count, so a base64 body asked for with "Accept: */*" stays base64 text unless "*/*" is listed.
    if encoded and is_binary(call, (header(call.headers, "Accept") or "").split(",")[0], accept=False):
        try:
            return status, base64.b64decode(body, validate=True), headers
        except ValueError:
            raise config_error("Unable to base64 decode the body", 502) from None
    return status, body, headers


def _json_payload(payload: str) -> Any:
    """The event a non-proxy integration sends: the payload as Lambda reads it, or Lambda's 400
    refusal passed on to the caller, the function never called (``jackson``)."""
    try:
        return jackson.read(payload)
    except jackson.NotJson as refused:
        message = f"{_NOT_JSON}{refused}"
    from gwmock.runtime.vtl.aws import escape_javascript  # noqa: PLC0415 - the failure path only

    # AWS's own body for it: a space after the colon, the message escaped as Commons Lang's
    # escapeJavaScript does (\' and \/ included: the blog post, serverless#2270, hydrocron#64)
    raise GatewayError("DEFAULT_4XX", message, 400, reason="Lambda invocation failed with status: 400",
                       body=f'{{"message": "{escape_javascript(message)}"}}')


_NOT_JSON = "Could not parse request body into json: Could not parse payload into json: "


def _elapsed(started: float) -> int:
    return max(int((time.monotonic() - started) * 1000), 0)  # a test may move the clock back
