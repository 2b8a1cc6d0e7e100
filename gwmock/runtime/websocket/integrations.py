"""What a WebSocket route's integration does with a message, and what the client gets back.

``invoke(conn, stage, route, event, two_way)`` runs the route's integration for one CONNECT,
MESSAGE or DISCONNECT event and answers the status that decides a ``$connect`` (2xx accepts)
and, on a two-way route, the text the client receives. All five integration types are served
(AWS's "Set up a WebSocket API integration request in API Gateway": ``AWS_PROXY``, ``AWS``,
``HTTP_PROXY``, ``HTTP``, ``MOCK``):

* ``AWS_PROXY``: the Lambda proxy event (``events``); the function's ``statusCode`` decides a
  ``$connect``, its ``body`` (or its whole JSON answer) is what a two-way route sends.
* ``MOCK``: the request template's ``{"statusCode": N}`` (read as REST APIs read it:
  ``rest.mapping.mock_status``; none, or an empty output, is 200; a value that is not an integer
  fails) is the integration's status.
* ``AWS`` with a Lambda URI (``arn:aws:apigateway:{region}:lambda:path/.../functions/{arn}/invocations``
  or a function ARN): the request template's output, read as Lambda reads JSON (``rest.jackson``;
  an empty payload is ``{}``), is the function's event; its JSON answer is the integration response
  body.
* ``AWS`` with another service's URI (``arn:aws:apigateway:{region}:{service}:action/{Action}`` or
  ``...:path/{path}``: SQS, DynamoDB, Kinesis, EventBridge, Step Functions, ...): the request REST
  APIs build (``rest.aws_integration.call_service``: target header or query protocol, SQS answers as
  JSON, ``{name}`` of a path filled from ``integration.request.path.{name}``), with the request
  template's output as body and ``RequestParameters`` mapped as for ``HTTP`` below; it is handed to
  botocore's ``before-send`` event, where another mock (moto's ``mock_aws``) answers, and never sent.
  The service's status is the integration's status (it decides a ``$connect`` and selects the
  integration response, as ``HTTP``'s does: "Set up a WebSocket API integration response"); its body
  is what the response template maps. No mock answering, an unknown service or a URI naming none
  fails as below, the reason (``No mock served the AWS service request ...: start moto's mock_aws``)
  on the ``gwmock`` logger; the request steps are logged at DEBUG.
* ``HTTP_PROXY``/``HTTP``: the message (HTTP: the request template's output) is sent to
  ``IntegrationUri`` with the ``IntegrationMethod`` (``ANY``: POST, guess), through the HTTP APIs'
  client (``runtime.http.integration.call_http_proxy``): only the mock itself, loopback
  addresses and hosts allowed with ``gw.allow_http_backend`` are called, any other is refused
  before its name is looked up (``runtime.backends``). ``HTTP_PROXY`` on ``$connect`` passes the
  handshake's headers (guess); ``RequestParameters`` map ``integration.request.header|querystring|
  path.{name}`` from ``route.request.header|querystring.{name}`` (``$connect`` only),
  ``route.request.body.{JSONPath}``, ``context.{name}``, ``stageVariables.{name}`` and
  ``'static'`` values ("Setting up data mapping for WebSocket APIs"). The backend's status is the
  integration's status; its body is what ``HTTP_PROXY`` sends back.

Templates ("Data transformations for WebSocket APIs", "WebSocket selection expressions"):

* ``TemplateSelectionExpression`` (``${request.body.jsonPath}`` and static text, ``\\$default``)
  is evaluated on the message (``selection.value_of``) and picks a ``RequestTemplates`` key,
  ``$default`` being the catch-all. Without an expression the key is ``application/json`` (guess:
  AWS's own CLI example and CDK's ``WebSocketMockIntegration`` key templates so without one).
  No template: ``PassthroughBehavior`` decides: ``WHEN_NO_MATCH`` (the default) passes the message
  through, ``NEVER`` (and ``WHEN_NO_TEMPLATES`` while templates exist) refuses it: "Unsupported
  Media Type", 415 on ``$connect`` (guess, REST's answer).
* Templates render in gwmock's VTL engine (``runtime.vtl``: no Python reachable, bounded steps,
  loops, output and time) with ``$input`` (the message; ``{}`` when empty, as REST),
  ``$input.params()`` (the handshake's headers and query string on ``$connect``), ``$util``,
  ``$stageVariables`` and ``$context`` ("WebSocket API mapping template reference":
  ``connectionId``, ``connectedAt``, ``domainName``, ``eventType``, ``messageId``, ``routeKey``,
  ``requestId``, ``extendedRequestId``, ``apiId``, ``authorizer.*`` as text, ``identity.*`` with
  ``apiKey``/``apiKeyId`` after an API key check, ``requestTime``, ``requestTimeEpoch``,
  ``stage``).
* The integration response is selected as the docs fix it per type: by the function's
  ``errorMessage`` for Lambda (a success takes ``$default``), by the status code for ``MOCK``,
  ``HTTP`` and other AWS services (guess for these, the docs naming HTTP's); keys are ``/regex/``
  (whole match, bounded in time) or ``$default``. Its ``TemplateSelectionExpression`` may also name
  ``${integration.response.statuscode}`` and ``${integration.response.header.X}``; no template passes
  the integration body through.

Guesses (pinned by tests/websocket/test_ws_integrations.py and test_ws_aws_services.py):

* Responses are selected and mapped only where they are used: on a two-way route, and for a
  Lambda function error (which an integration response handles). Without a match (re:Post
  "WebSocket API error: Execution failed due to configuration error: No match for output mapping
  and no default output mapping configured") the client gets ``{"message": "Internal server
  error", ...}``. An empty mapped body sends nothing.
* A Lambda function error rejects a ``$connect`` with 500 even when an integration response handles
  it; its exception is kept in ``conn.errors`` either way, and raised with ``raise_lambda_errors``
  only when nothing handled it.
* A failure of the integration itself (a template that fails or exceeds the engine's bounds, a
  MOCK ``statusCode`` that is not an integer or has more digits than Python's ``int()`` reads, a
  ``$connect`` MOCK or Lambda proxy ``statusCode`` outside 100..599, which no handshake can answer,
  a payload Lambda cannot read, a refused or unreachable backend) answers as a function error does:
  500 on ``$connect``, "Internal server error" to a message, nothing on ``$disconnect``; a backend
  past ``TimeoutInMillis``: "Endpoint request timed out". It is logged on the ``gwmock`` logger, not
  kept in ``conn.errors``.
* An AWS service integration: ``IntegrationMethod`` ``ANY`` is POST; the request has no trace id and
  ``Content-Type: application/json`` unless a request parameter maps one (a WebSocket message has
  none); ``CredentialsArn`` is not checked (as REST APIs); ``TimeoutInMillis`` is not applied (the
  mock answers in-process); a ``$connect`` the service refuses (DynamoDB's 400) is rejected with
  that status, as an ``HTTP`` backend's.
* Integration responses are those the stage's deployment froze (``StageView.integration_responses``),
  as the integrations themselves are: a changed template waits for a deployment.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from gwmock.runtime import lambdas, patterns
from gwmock.runtime.http import integration as http_integration
from gwmock.runtime.http import lambdas as http_lambdas
from gwmock.runtime.http.request import V2Request
from gwmock.runtime.response import Response
from gwmock.runtime.rest import aws_integration, jackson
from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.mapping import mock_status
from gwmock.runtime.vtl import Scope, TemplateError, json_path, render
from gwmock.runtime.websocket import selection

if TYPE_CHECKING:
    from gwmock.runtime.websocket.connections import Connection

INTERNAL_ERROR = "Internal server error"
logger = logging.getLogger("gwmock")
_TARGET = re.compile(r"integration\.request\.(header|querystring|path)\.(.+)")
_RESPONSE_VARIABLE = re.compile(r"\$\{integration\.response\.([^}]*)\}|\$integration\.response\.([A-Za-z0-9_.-]+)")
_DEFAULT_TIMEOUT_MS = 29_000
_UNPARSABLE_STATUS = "Unable to parse statusCode. It should be an integer that is defined in the request template."


class IntegrationError(Exception):
    """API Gateway could not run the integration: ``status`` answers a ``$connect``, ``message`` is
    what a message's sender reads; ``cause`` the user code's exception behind it, if any."""

    def __init__(self, reason: str, *, status: int = 500, message: str = INTERNAL_ERROR,
                 cause: BaseException | None = None) -> None:
        super().__init__(reason)
        self.status, self.message, self.cause = status, message, cause


class TimedOut(IntegrationError):
    """The backend did not answer within the integration's ``TimeoutInMillis``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, message="Endpoint request timed out")


class StageView(Protocol):
    """What ``connections._Stage`` offers: the deployed integrations and their deployed responses."""

    def child(self, collection: str, child_id: str) -> dict[str, Any] | None: ...

    def integration_responses(self, integration_id: str) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Answer:
    """``status`` decides a ``$connect``; ``body`` is what a two-way route sends (None: nothing)."""

    status: int
    body: str | None


@dataclass
class _Run:
    """One integration call and what its templates, mappings and selections read."""

    conn: Connection
    stage: StageView
    integration: dict[str, Any]
    event: dict[str, Any]
    two_way: bool

    @property
    def body(self) -> str:
        return str(self.event.get("body") or "")

    @property
    def connect(self) -> bool:
        return bool(self.event["requestContext"]["eventType"] == "CONNECT")

    @property
    def timeout_ms(self) -> int:
        return int(self.integration.get("TimeoutInMillis") or _DEFAULT_TIMEOUT_MS)


def invoke(conn: Connection, stage: StageView, route: dict[str, Any], event: dict[str, Any], *,
           two_way: bool) -> Answer:
    """Run ``route``'s integration for ``event``; raises ``IntegrationError`` or, for a Lambda proxy,
    ``http_lambdas.LambdaFailure``/``LambdaTimeout``."""
    target = str(route.get("Target") or "")
    integration = stage.child("integrations", target.removeprefix("integrations/"))
    if integration is None:
        raise IntegrationError(f"route {route.get('RouteKey')} has no integration")
    runner = _RUNNERS.get(str(integration.get("IntegrationType")))
    if runner is None:
        raise IntegrationError(f"unknown integration type {integration.get('IntegrationType')}")
    return runner(_Run(conn, stage, integration, event, two_way))


def client_message(failure: Exception) -> str:
    """The ``message`` a sender reads for a failed route."""
    if isinstance(failure, IntegrationError):
        return failure.message
    return "Endpoint request timed out" if isinstance(failure, http_lambdas.LambdaTimeout) else INTERNAL_ERROR


def connect_status(failure: Exception) -> int:
    """The handshake's status for a failed ``$connect``."""
    return failure.status if isinstance(failure, IntegrationError) else 500


# --- the five types ----------------------------------------------------------------------------


def _lambda_proxy(run: _Run) -> Answer:
    request = run.conn.request
    uri = http_integration.stage_variables_in(run.integration.get("IntegrationUri", ""), request)
    request_id = run.event["requestContext"]["requestId"]
    answer = json.loads(http_lambdas.invoke(run.conn.handle.lambdas, uri, run.event, request_id, run.timeout_ms))
    status = answer.get("statusCode") if isinstance(answer, dict) else None
    body = answer.get("body") if isinstance(answer, dict) and "body" in answer else answer
    text = None if body is None else body if isinstance(body, str) else json.dumps(body)
    return Answer(_checked(run, status if isinstance(status, int) and not isinstance(status, bool) else 200), text)


def _mock(run: _Run) -> Answer:
    payload = _request_payload(run)
    try:
        status = mock_status(payload)
    except GatewayError as error:  # a statusCode that is not an integer
        raise IntegrationError(error.reason) from None
    except ValueError:  # more digits than int() reads (4,300): not a status either
        raise IntegrationError(_UNPARSABLE_STATUS) from None
    return _respond(run, str(status), _checked(run, status), "")


def _checked(run: _Run, status: int) -> int:
    """A status that answers a ``$connect`` handshake must be an HTTP status (100..599); another one
    fails the integration (500), as an HTTP API's malformed Lambda answer does (guess)."""
    if not 100 <= status <= 599 and run.connect:  # the usual status costs one comparison
        raise IntegrationError(f"statusCode {str(status)[:16]} is not an HTTP status")
    return status


def _aws(run: _Run) -> Answer:
    """An ``AWS`` integration: a Lambda function, or another service's action or path."""
    uri = str(run.integration.get("IntegrationUri") or "")
    variables = run.conn.request.stage_variables
    arn = lambdas.function_arn(uri, variables)
    if arn is not None:
        return _lambda(run, arn)
    found = aws_integration.service_uri(uri, variables)
    if found is None:
        raise IntegrationError(f"Invalid endpoint address: {uri}")
    return _service(run, found)


def _service(run: _Run, found: re.Match[str]) -> Answer:
    """The service's answer, as REST APIs get it (``rest.aws_integration``: handed to the mock that
    serves the service, never sent): its status decides a ``$connect`` and selects the response."""
    payload = _request_payload(run)
    verb = str(run.integration.get("IntegrationMethod") or "POST")
    origin = aws_integration.Origin(run.conn.api_id, "POST")  # ANY: POST (guess)
    status, headers, data = aws_integration.call_service(found, verb, origin, payload, payload.encode(),
                                                         _mapped_parameters(run), _log, IntegrationError)
    return _respond(run, str(status), status, data.decode("utf-8", "replace"), headers)


def _log(line: str) -> None:
    logger.debug("WebSocket AWS integration: %s", line)


def _lambda(run: _Run, arn: str) -> Answer:
    found = lambdas.find(run.conn.handle, arn)
    if found is None:
        raise IntegrationError(f"no Lambda function {arn} added with add_lambda")
    try:
        event = jackson.read(_request_payload(run))
    except jackson.NotJson as refused:
        raise IntegrationError(f"Could not parse request body into json: {refused}") from None
    result = lambdas.call(found[0], found[1], event, timeout=run.timeout_ms / 1000)
    if result.timed_out:
        raise TimedOut(f"Lambda function {arn} did not answer within {run.timeout_ms} ms")
    text = result.text if result.text is not None else json.dumps(result.payload)
    if not result.error:
        return _respond(run, None, 200, text, shown="200")
    return _function_error(run, result, text)


def _function_error(run: _Run, result: lambdas.LambdaResult, text: str) -> Answer:
    """A Lambda function error, handled by the integration response its ``errorMessage`` selects."""
    message = result.payload.get("errorMessage") if isinstance(result.payload, dict) else None
    response = _select(run, str(message) if message is not None else None)
    if response is None:
        raise IntegrationError(f"Lambda function error: {message}", cause=result.exception)
    route_key = run.event["requestContext"]["routeKey"]
    failure = http_lambdas.LambdaFailure(str(message), result.exception)
    run.conn.record_failure(route_key, failure, reraise=False)  # handled: kept, not raised
    return Answer(500, _mapped(run, response, text, 200, {}) if run.two_way else None)


def _http(run: _Run) -> Answer:
    proxy = run.integration.get("IntegrationType") == "HTTP_PROXY"
    response = _send(run, run.body if proxy else _request_payload(run))
    text = response.body.decode("utf-8", "replace")
    if proxy:
        return Answer(response.status, text or None)
    return _respond(run, str(response.status), response.status, text, response.headers)


_RUNNERS = {"AWS_PROXY": _lambda_proxy, "MOCK": _mock, "AWS": _aws, "HTTP": _http, "HTTP_PROXY": _http}


# --- integration requests ----------------------------------------------------------------------


def _request_payload(run: _Run) -> str:
    """The integration request body: the selected request template's output, else the message as
    ``PassthroughBehavior`` allows."""
    templates = run.integration.get("RequestTemplates") or {}
    template = _chosen(templates, run.integration.get("TemplateSelectionExpression"), run.body)
    if template is None:
        passthrough = run.integration.get("PassthroughBehavior") or "WHEN_NO_MATCH"
        if passthrough == "NEVER" or (passthrough == "WHEN_NO_TEMPLATES" and templates):
            raise IntegrationError("no request template for the message and passthrough is "
                                   f"{passthrough}", status=415, message="Unsupported Media Type")
        return run.body
    return _render(run, template, run.body or "{}")


def _chosen(templates: Mapping[str, str], expression: str | None, body: str) -> str | None:
    """The template a selection expression picks (``$default`` as the catch-all), else None."""
    if not templates:
        return None
    if expression:
        key = selection.value_of(expression, body, max(map(len, templates)))
    else:
        key = "application/json"
    found = templates.get(key) if key is not None else None
    return found if found is not None else templates.get("$default")


def _render(run: _Run, template: str, body: str) -> str:
    scope = Scope(body=body, params=_params(run), context=_context(run),
                  stage_variables=run.conn.request.stage_variables)
    try:
        return render(template, scope)
    except TemplateError as error:
        raise IntegrationError(f"Unable to transform the payload: {error}") from None


def _params(run: _Run) -> dict[str, dict[str, str]]:
    """``$input.params()``: the handshake's headers and query string, on ``$connect`` only."""
    if not run.connect:
        return {}
    request = run.conn.request
    return {"header": {name: ",".join(values) for name, values in request.headers.items()},
            "querystring": {name: values[-1] for name, values in request.query.items()}}


def _context(run: _Run) -> dict[str, Any]:
    """``$context``: the event's request context, the authorizer's values as text, the API key."""
    context = dict(run.event["requestContext"])
    identity = dict(context.get("identity") or {})
    if run.conn.api_key is not None:
        identity["apiKey"], identity["apiKeyId"] = run.conn.api_key
    context["identity"] = identity
    authorizer = context.get("authorizer")
    if isinstance(authorizer, dict):
        context["authorizer"] = {k: _text(v) for k, v in authorizer.items()}
    return context


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (int, float)) else json.dumps(value)


def _mapped_parameters(run: _Run) -> dict[str, dict[str, str]]:
    """The integration request's headers, query string and path values from ``RequestParameters``."""
    out: dict[str, dict[str, str]] = {"header": {}, "querystring": {}, "path": {}}
    for target, source in (run.integration.get("RequestParameters") or {}).items():
        found = _TARGET.fullmatch(str(target))
        value = _source(run, str(source)) if found else None
        if found and value is not None:
            out[found[1]][found[2]] = value
    return out


def _source(run: _Run, source: str) -> str | None:
    """A mapping's value; None when it names nothing (the parameter is then left out)."""
    if len(source) >= 2 and source[0] == source[-1] == "'":
        return source[1:-1]
    request = run.conn.request
    where, _, name = source.removeprefix("route.request.").partition(".")
    if source.startswith("route.request.") and where in ("header", "multivalueheader"):
        return request.header(name) if run.connect else None
    if source.startswith("route.request.") and where in ("querystring", "multivaluequerystring"):
        values = request.query.get(name) if run.connect else None
        return ",".join(values) if values else None
    if source.startswith("route.request.body."):
        return _body_value(run.body, source[len("route.request.body."):])
    if source.startswith("context."):
        return _dotted(_context(run), source[len("context."):])
    if source.startswith("stageVariables."):
        return _text(request.stage_variables.get(source[len("stageVariables."):]))
    return None


def _body_value(body: str, path: str) -> str | None:
    try:
        found = json_path(json.loads(body), "$." + path)
    except (ValueError, RecursionError, TemplateError):  # not JSON, not a path, or past a bound
        return None
    return _text(found)


def _dotted(context: dict[str, Any], name: str) -> str | None:
    node: Any = context
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return _text(node)


def _send(run: _Run, payload: str) -> Response:
    """The HTTP backend's response, through the HTTP APIs' client; a failure it answered itself
    (refused or unreachable backend: 500, timeout: 504) is an ``IntegrationError``."""
    conn, mapped = run.conn, _mapped_parameters(run)
    headers: dict[str, list[str]] = {}
    if run.connect and run.integration.get("IntegrationType") == "HTTP_PROXY":
        for name, value in conn.headers:
            headers.setdefault(name.lower(), []).append(value)
    for name, value in mapped["header"].items():
        headers[name.lower()] = [value]
    # route_key stays empty: HTTP APIs append the request's path on their $default route, WebSocket
    # integrations call the URI as it is
    request = V2Request(api=conn.request.api, account=conn.request.account, region=conn.request.region,
                        stage_name=conn.stage_name, stage=conn.request.stage, method="POST",
                        raw_path=f"/{conn.stage_name}", path="/", query_string="",
                        query={k: [v] for k, v in mapped["querystring"].items()}, headers=headers,
                        body=payload.encode(), route_key="", path_params=mapped["path"])
    response = http_integration.call_http_proxy(run.integration, request, conn.handle)
    if response.status in (500, 504) and response.headers.get("apigw-requestid") == request.request_id:
        if response.status == 504:
            raise TimedOut(f"the HTTP backend did not answer within {run.timeout_ms} ms")
        raise IntegrationError("the HTTP backend was refused or could not be reached (see the gwmock logger)")
    return response


# --- integration responses ---------------------------------------------------------------------


def _respond(run: _Run, subject: str | None, status: int, body: str,
             headers: Mapping[str, str] | None = None, shown: str | None = None) -> Answer:
    """The answer of a non-proxy integration: on a two-way route, the selected integration
    response's mapping of ``body``."""
    if not run.two_way:
        return Answer(status, None)
    response = _select(run, subject)
    if response is None:
        raise IntegrationError("No match for output mapping and no default output mapping configured. "
                               f"Endpoint Response Status Code: {shown or subject}")
    return Answer(status, _mapped(run, response, body, status, headers or {}))


def _select(run: _Run, subject: str | None) -> dict[str, Any] | None:
    """The integration response whose ``/regex/`` key matches ``subject`` whole, else ``$default``.
    The keys' matches share one time budget (``patterns.Budget``): many catastrophic keys cost one
    message ``patterns.BUDGET``, a key tried after it is spent selects nothing."""
    default = None
    budget = patterns.Budget()
    for response in run.stage.integration_responses(str(run.integration.get("IntegrationId"))):
        key = str(response.get("IntegrationResponseKey") or "")
        if key == "$default":
            default = response
        elif subject is not None and len(key) > 2 and key[0] == key[-1] == "/" and _matches(key[1:-1], subject, budget):
            return response
    return default


def _matches(pattern: str, subject: str, budget: patterns.Budget) -> bool:
    try:
        return patterns.fullmatch(pattern, subject, dotall=True, budget=budget)
    except (patterns.PatternTimeout, patterns.BadPattern):  # selects nothing (as REST's selectionPattern)
        return False


def _mapped(run: _Run, response: dict[str, Any], body: str, status: int,
            headers: Mapping[str, str]) -> str | None:
    """What the client receives: the response template's output, else the body; empty sends nothing."""
    templates = response.get("ResponseTemplates") or {}
    expression = response.get("TemplateSelectionExpression")
    if expression:
        expression = _RESPONSE_VARIABLE.sub(lambda m: _response_value(m, status, headers), expression)
    template = _chosen(templates, expression, run.body)
    out = _render(run, template, body) if template is not None else body
    return out or None


def _response_value(match: re.Match[str], status: int, headers: Mapping[str, str]) -> str:
    """``integration.response.statuscode``/``header.X``/``multivalueheader.X`` as literal text."""
    name = match.group(1) or match.group(2) or ""
    value = ""
    if name == "statuscode":
        value = str(status)
    elif name.startswith(("header.", "multivalueheader.")):
        wanted = name.partition(".")[2].lower()
        value = ",".join(v for k, v in headers.items() if k.lower() == wanted)
    return value.replace("$", "\\$")  # evaluated once: a value is never read as a variable
