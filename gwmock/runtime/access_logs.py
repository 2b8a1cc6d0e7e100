"""Stage access logs: one line per request to a stage that has access logging, in the stage's format.

The three data planes (``rest.stage``, ``http.api``, ``websocket.connections``) give the request's
``$context`` values as a nested dict; this module renders the stage's format with them and sends the
line to the destination. REST and HTTP requests hand their values over on the response's execution
log (``Pending``, which stands in for the log), because the status and length of what was sent are
known only once the answer is complete: ``diagnostics.record`` finishes the line (``finish``) and
keeps it on the request's record (``gw.requests[i].access_log``). WebSocket events write theirs at
once (``write``).

Behaviour and evidence:

* A stage logs when its settings name a format and a destination: REST ``accessLogSettings``
  (``format``, ``destinationArn``), HTTP and WebSocket ``AccessLogSettings`` (``Format``,
  ``DestinationArn``). Settings are the live stage's (AWS: "You do not need to redeploy the API
  when you update the stage settings, logs, or stage variables", "Set up CloudWatch API logging").
* The format is text with ``$context.<name>`` variables; "Only $context variables are supported"
  (same page). A name is letters, digits and underscores in dot-separated parts ("For property,
  the only supported special character is the underscore (_) character", "Variables for access
  logging for API Gateway"); the longest such name is taken (``$context.statusX`` is ``statusX``).
* A variable without a value is written ``-``: users' CloudWatch lines show ``-`` for every unset
  variable, e.g. ``"authorizer_principalId": "-"``, ``"routeKey": "-"`` of a REST API, and
  ``(none)`` for ``customDomain.basePathMatched`` of an empty base path (DataBiosphere/azul#4348).
* Values are inserted as they are, without escaping: a JSON format breaks on a value holding a
  quote or backslash ("Quotes or backslashes in fields break API Gateway logs JSON", azul#4348;
  azul#4009: "there is currently no mechanism" to escape them). Line breaks excepted: a CR or LF in
  a value (a header a test sends, an HTTP API's decoded path, a trace header, an authorizer's context)
  is written ``\\r`` / ``\\n``, so that one request is always one line (guess: AWS documents no
  case of it; only the format's own trailing newline, which AWS allows, ends a line).
* Delivery: a log group ARN (``arn:aws:logs:{region}:{account}:log-group:{name}``, a trailing
  ``:*`` accepted) gets CloudWatch Logs' PutLogEvents, a Firehose stream ARN
  (``arn:aws:firehose:...:deliverystream/{name}``; AWS requires names starting
  ``amazon-apigateway-``) PutRecord. The request goes only to botocore's ``before-send`` event, as
  AWS integrations' requests do (``rest.aws_integration.send_to_mock``): moto's ``mock_aws`` answers it,
  and without a mock nothing leaves the process and the line is only on the record. The log
  stream's name is 32 lower-case hex digits, as AWS's access log streams are named (the
  ``@logStream`` of azul#4348's lines), and is made when missing.

Guesses: a name AWS does not define renders ``-`` like an unset one, and so do an empty value and a
map (``$context.authorizer.claims`` "returns null"); booleans render ``true``/``false``;
``responseLength`` counts the body's bytes as sent (compressed when the stage compressed it);
``responseLatency`` runs from the request's arrival to its record; the stream name is a hash of the
API id and stage, so that a stage writes one stream; the event's time is the request's; a missing log
group, or any refusal of the mock, drops the delivery (the record keeps the line); the Firehose
record is the line without a newline; moto is told the destination's account (``x-moto-account-id``).
Not done: a client's own ``x-amzn-RequestId`` (AWS logs a UUID one as ``$context.requestId``).

Variables per API type (``REST_VARIABLES``, ``HTTP_VARIABLES``, ``WEBSOCKET_VARIABLES``: the developer
guide's lists, "Variables for access logging for API Gateway" (REST), "Customize HTTP API access logs",
"Configure logging for WebSocket APIs"; a ``property`` placeholder, as in ``$context.authorizer.property``,
stands for any name below it):

* An HTTP or WebSocket stage refuses a format naming a variable its type does not list: 400 "The following
  context variables are not supported: [$context.status]" (a WebSocket stage's, serverless/serverless#7027
  and #7038, "Service: AmazonApiGatewayV2; Status Code: 400; Error Code: BadRequestException"; an HTTP
  stage's, anomalyco/sst#2587, ``[$context.identity.cognitoIdentityId]``; several are joined by ``, ``, a
  user's deploy log quoting ``[$context.request.header.mcp-method,
  $context.request.header.mcp-protocol-version]``, which also shows that a name runs on through hyphens).
  HTTP APIs refuse ``identity.cognitoIdentityId`` though the HTTP page lists it (sst#2587: "the AWS docs on
  this are wrong"; the same field "works for WebSocketApi", sst#2586); WebSocket APIs, which refused
  ``$context.status`` in 2019, now list it. The check runs after the format's other checks (guess), on
  names found by ``_CHECKED``; each name is listed once, in the order the format names them (guess); a
  hyphenated name is never taken, not even below ``authorizer.`` (guess), so that a format a stage took
  renders exactly the names the check read.
* A REST stage takes any name and writes ``-`` for one its type does not list (users' REST lines show
  ``"routeKey": "-"``, azul#4348). The data plane writes ``-`` for a name its stage's type does not list
  whatever the request's values hold, so every type writes only its own variables (``Pending.kind``: REST
  from the settings' lower-case spelling, HTTP from ``Format``; ``write`` is WebSocket's).
* Equivalent names get the same value whichever one a pipeline gave (``_fill``): ``integration.latency``
  and ``integrationLatency``, ``integration.error`` and ``integrationErrorMessage``,
  ``integration.integrationStatus`` and ``integrationStatus``, ``integration.requestId`` and
  ``awsEndpointRequestId`` ("Equivalent to", the HTTP page), ``error.messageString`` as the quoted
  ``error.message``; an HTTP or WebSocket request's ``extendedRequestId`` is its ``requestId`` (HTTP:
  "Equivalent to $context.requestId"; WebSocket: "Same as $context.extendedRequestId"), REST's its own.
  Values no pipeline knows yet (WAF; ``awsEndpointRequestId`` of REST and HTTP service integrations) are
  written ``-``; the authorization steps' are the pipelines' (``rest.authorizers.Steps``,
  ``websocket.authorizer``); a REST request's ``identity.vpceId`` only on a private API's call.

Bounds and costs: a line is cut at CloudWatch Logs' event size (256 KB less its 26 bytes of overhead,
UTF-8), rendering stops there; parsed formats are kept per format text, at most 256 of them, each at
most 64 KB (a longer one, which the control plane's 3 KB limit lets no stage have, is parsed per
request); names are looked up in the values' dicts only, and values are read by type (no object's
own methods run: ``_text``). A
request to a stage without access logging pays one look-up (the stage's settings; a REST call also
sets its ``access`` field to None) and a type test in ``diagnostics.record``; its record is the plain
``Request`` it always was. Delivery is tried only while a ``before-send`` handler could answer.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Mapping
from hashlib import blake2b
from typing import Any, NamedTuple

from gwmock.runtime.response import Lines

MISSING = "-"
MAX_LINE = 256 * 1024 - 26  # CloudWatch Logs' maximum event size, less the 26 bytes it adds per event
_VARIABLE = re.compile(r"\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")  # linear: parts split on dots
_FORMATS: dict[str, tuple[str, ...]] = {}
_FORMATS_MAX = 256
_CACHED_FORMAT = 64 * 1024
_LOG_GROUP = re.compile(r"arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([A-Za-z0-9_./#-]{1,512})(?::\*)?")
_FIREHOSE = re.compile(r"arn:aws[a-z-]*:firehose:([a-z0-9-]+):(\d{12}):deliverystream/([A-Za-z0-9_.-]{1,64})")
# a name as the control plane reads it: parts may hold hyphens between name characters (each repetition
# consumes a hyphen or a dot, so a match costs time linear in the text)
_CHECKED = re.compile(r"\$context\.([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*(?:\.[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)*)")
NOT_SUPPORTED = "The following context variables are not supported: [{}]"
REST, HTTP, WEBSOCKET = "REST", "HTTP", "WEBSOCKET"


# --- the variables of each API type -------------------------------------------------------------


class Variables(NamedTuple):
    """The ``$context`` variables of one API type's access logs: ``names``, and ``below``, the prefixes
    under which any name is one (a Lambda authorizer's context keys, JWT claims, overrides)."""

    names: frozenset[str]
    below: tuple[str, ...]

    def supports(self, name: str) -> bool:
        return name in self.names or (name.startswith(self.below) and "-" not in name)


_CLIENT_CERT = ("identity.clientCert.clientCertPem identity.clientCert.subjectDN identity.clientCert.issuerDN "
                "identity.clientCert.serialNumber identity.clientCert.validity.notBefore "
                "identity.clientCert.validity.notAfter")
_INTEGRATION = "integration.error integration.integrationStatus integration.latency integration.requestId " \
               "integration.status integrationLatency integrationStatus"
_COGNITO = "identity.cognitoAuthenticationProvider identity.cognitoAuthenticationType identity.cognitoIdentityPoolId"

REST_VARIABLES = Variables(frozenset(f"""
    accountId apiId authorize.error authorize.latency authorize.status authenticate.error authenticate.latency
    authenticate.status awsEndpointRequestId customDomain.basePathMatched customDomain.routingRuleIdMatched
    deploymentId domainName domainPrefix endpointType error.message error.messageString error.responseType
    error.validationErrorString extendedRequestId httpMethod identity.accountId identity.apiKey identity.apiKeyId
    identity.caller {_CLIENT_CERT} {_COGNITO} identity.cognitoIdentityId identity.principalOrgId identity.sourceIp
    identity.user identity.userAgent identity.userArn identity.vpcId identity.vpceId {_INTEGRATION} isCanaryRequest
    path protocol requestId requestTime requestTimeEpoch resourceId resourcePath responseLatency responseLength
    responseOverride.status stage status waf.error waf.latency waf.status wafResponseCode webaclArn xrayTraceId
    """.split()), ("authorizer.", "requestOverride.header.", "requestOverride.path.", "requestOverride.querystring.",
                  "responseOverride.header."))

# identity.cognitoIdentityId is refused though the page lists it (anomalyco/sst#2587)
HTTP_VARIABLES = Variables(frozenset(f"""
    accountId apiId awsEndpointRequestId awsEndpointRequestId2 customDomain.basePathMatched dataProcessed domainName
    domainPrefix error.message error.messageString error.responseType extendedRequestId httpMethod
    identity.accountId identity.caller {_COGNITO} identity.principalOrgId {_CLIENT_CERT} identity.sourceIp
    identity.user identity.userAgent identity.userArn {_INTEGRATION} integrationErrorMessage path protocol
    requestId requestTime requestTimeEpoch responseLatency responseLength routeKey stage status
    """.split()), ("authorizer.",))

WEBSOCKET_VARIABLES = Variables(frozenset(f"""
    apiId authenticate.error authenticate.latency authenticate.status authorize.error authorize.latency
    authorize.status awsEndpointRequestId connectedAt connectionId domainName error.message error.messageString
    error.responseType error.validationErrorString eventType extendedRequestId identity.accountId identity.apiKey
    identity.apiKeyId identity.caller {_COGNITO} identity.cognitoIdentityId identity.principalOrgId
    identity.sourceIp identity.user identity.userAgent identity.userArn {_INTEGRATION} messageId requestId
    requestTime requestTimeEpoch routeKey stage status
    """.split()), ("authorizer.",))

VARIABLES = {REST: REST_VARIABLES, HTTP: HTTP_VARIABLES, WEBSOCKET: WEBSOCKET_VARIABLES}


def unsupported(fmt: str, kind: str) -> list[str]:
    """The ``$context.<name>`` variables of ``fmt`` that API type ``kind`` does not list, as written, each
    once, in the order the format names them (what an HTTP or WebSocket stage's refusal lists)."""
    table = VARIABLES[kind]
    found: dict[str, None] = {}
    for match in _CHECKED.finditer(fmt):
        if not table.supports(match[1]):
            found.setdefault(match[0], None)
    return list(found)


def check_variables(fmt: str, kind: str) -> str | None:
    """AWS's refusal of a format naming variables ``kind`` does not list, or None."""
    names = unsupported(fmt, kind)
    return NOT_SUPPORTED.format(", ".join(names)) if names else None


def settings(stage_settings: Any) -> tuple[str, str] | None:
    """(format, destination ARN) of a stage's access log settings (v1 or v2 spelling), None when
    either is missing: AWS has nothing to write, or nowhere to write it."""
    if not isinstance(stage_settings, Mapping):
        return None
    fmt = stage_settings.get("format", stage_settings.get("Format"))
    destination = stage_settings.get("destinationArn", stage_settings.get("DestinationArn"))
    if not fmt or not destination or not isinstance(fmt, str):
        return None
    return fmt, str(destination)


def stream_name(api_id: str, stage: str) -> str:
    """The stage's log stream: 32 hex digits, as AWS names access log streams."""
    return blake2b(f"{api_id}/{stage}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def base_path(called: str | None, below: str) -> str | None:
    """``$context.customDomain.basePathMatched``: the base path of the API mapping a custom domain's
    URL path (``called``) matched, ``(none)`` for an empty one (users' logs, azul#4348); None on the
    execute-api host. Guess: the URL path less the path below the mapping (``below``)."""
    if called is None:
        return None
    below = below or "/"
    if below == "/":
        base = called.strip("/")
    elif called.endswith(below):
        base = called[:len(called) - len(below)].strip("/")
    else:
        return None
    return base or "(none)"


# --- rendering ----------------------------------------------------------------------------------


def parse(fmt: str) -> tuple[str, ...]:
    """The format as literal text and variable names, alternately (names at odd places)."""
    parts = _FORMATS.get(fmt)
    if parts is None:
        parts = tuple(_VARIABLE.split(fmt))
        if len(fmt) <= _CACHED_FORMAT:
            if len(_FORMATS) >= _FORMATS_MAX:
                _FORMATS.clear()
            _FORMATS[fmt] = parts
    return parts


def render(fmt: str, values: Mapping[str, Any], kind: str | None = None) -> str:
    """The format with each ``$context.<name>`` replaced by its value (``-`` without one, or when API type
    ``kind`` does not list the name), at most ``MAX_LINE`` bytes of UTF-8."""
    table = VARIABLES.get(kind) if kind is not None else None
    out: list[str] = []
    size = 0
    for index, part in enumerate(parse(fmt)):
        if not index % 2:
            text = part
        elif table is None or table.supports(part):
            text = _text(_lookup(values, part))
        else:
            text = MISSING
        out.append(text)
        size += len(text)
        if size > MAX_LINE:
            break
    return _cut("".join(out))


def _lookup(values: Mapping[str, Any], name: str) -> Any:
    """The value of a dotted name: a flat entry, else a walk down nested maps (data only: no
    attribute of any object is read)."""
    if name in values:
        return values[name]
    value: Any = values
    for part in name.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _text(value: Any) -> str:
    """A value as the line shows it: text as it is but for its line breaks (``_escaped``), ``-`` for
    what has none. Types are tested before anything else, and text and numbers are converted by the
    base types' own methods (a subclass's ``__str__`` or ``__eq__`` never runs)."""
    if isinstance(value, str):
        if not value:
            return MISSING
        text = str.__str__(value)
        return _escaped(text) if "\n" in text or "\r" in text else text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return int.__repr__(value)
        except ValueError:  # past Python's digit limit for text: no JSON or template value gets here
            return MISSING
    if isinstance(value, float):
        return float.__repr__(value)
    return MISSING


def _escaped(text: str) -> str:
    """``text`` with CR and LF written ``\\r`` and ``\\n``: whatever a client sends, one request
    stays one line (guess: AWS's handling of a line break in a value is not documented)."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _cut(line: str) -> str:
    """``line`` within ``MAX_LINE`` bytes of UTF-8 (a character is at most 4 bytes)."""
    if len(line) * 4 <= MAX_LINE:
        return line
    data = line.encode("utf-8", "surrogatepass")
    if len(data) <= MAX_LINE:
        return line
    return data[:MAX_LINE].decode("utf-8", "ignore")


# --- the pipelines' hand-over -------------------------------------------------------------------


class Pending(Lines):
    """A request's execution log, carrying what its access log line is made from until
    ``diagnostics.record`` finishes the line (``finish``). It reads and writes as the log it wraps
    (``inner``: a ``Lines`` or a list), so the code between the pipeline and the record is unaware
    of it; the record keeps ``inner``."""

    __slots__ = ("destination", "fmt", "inner", "integrated", "kind", "started_ms", "stream", "values")

    def __init__(self, inner: list[str] | Lines, fmt: str, destination: str, values: dict[str, Any],
                 started_ms: float, stream: str, integrated: bool = False, kind: str = REST) -> None:
        # ``Lines``' own state is never used: every method goes to ``inner``
        self.inner, self.fmt, self.destination, self.values = inner, fmt, destination, values
        self.started_ms, self.stream, self.integrated, self.kind = started_ms, stream, integrated, kind

    def add(self, text: str) -> None:
        self.inner.append(text)

    append = add

    def defer(self, *fact: Any) -> None:
        inner = self.inner
        if type(inner) is list:
            inner.append(Lines._format(fact))
        else:
            inner.defer(*fact)  # type: ignore[union-attr]

    def read(self) -> list[str]:
        inner = self.inner
        return inner if type(inner) is list else inner.read()  # type: ignore[union-attr]

    def kept(self) -> tuple[Any, ...]:
        inner = self.inner
        return tuple(inner) if type(inner) is list else inner.kept()  # type: ignore[union-attr]


def pending(log: list[str] | Lines, stage_settings: Any, values: dict[str, Any], started_ms: float, api_id: str,
            stage: str, integrated: bool = False, kind: str | None = None) -> list[str] | Lines:
    """``log`` carrying the request's access log facts when the stage logs (else ``log`` itself).
    ``integrated``: an integration answered, so its latency is the request's (in-process, the
    pipeline's own work is negligible) unless ``values`` name one. ``kind``: the API type, by default
    read from the settings' spelling (REST's ``format``, HTTP's ``Format``)."""
    found = settings(stage_settings)
    if found is None:
        return log
    if kind is None:
        kind = REST if "format" in stage_settings else HTTP
    return Pending(log, found[0], found[1], values, started_ms, stream_name(api_id, stage), integrated, kind)


def finish(entry: Pending, status: int, length: int) -> str:
    """The line of a request that answered ``status`` with ``length`` bytes, sent to its destination."""
    values = entry.values
    latency = max(int(time.time() * 1000 - entry.started_ms), 0)
    values.setdefault("status", status)
    values.setdefault("responseLength", length)
    values.setdefault("responseLatency", latency)
    _fill(values, entry.kind)
    if entry.integrated and values.get("integrationLatency") is None:
        values["integrationLatency"] = latency
        integration = values.get("integration")
        if isinstance(integration, dict):
            integration["latency"] = latency
    line = render(entry.fmt, values, entry.kind)
    deliver(entry.destination, line, entry.stream, int(entry.started_ms))
    return line


def write(stage_settings: Any, values: dict[str, Any], api_id: str, stage: str, epoch_ms: int) -> str | None:
    """The line of one event (WebSocket), rendered and sent now; None when the stage does not log."""
    found = settings(stage_settings)
    if found is None:
        return None
    _fill(values, WEBSOCKET)
    line = render(found[0], values, WEBSOCKET)
    deliver(found[1], line, stream_name(api_id, stage), epoch_ms)
    return line


# equivalent names: (top-level name, name under ``integration``)
_SAME = (("integrationLatency", "latency"), ("integrationErrorMessage", "error"),
         ("integrationStatus", "integrationStatus"), ("awsEndpointRequestId", "requestId"))


def _fill(values: dict[str, Any], kind: str) -> None:
    """Give equivalent names one value, whichever a pipeline set (only a stage that logs pays for it)."""
    integration = values.get("integration")
    if integration is None:
        integration = values["integration"] = {}
    if isinstance(integration, dict):
        for top, below in _SAME:
            if values.get(top) is None:
                if integration.get(below) is not None:
                    values[top] = integration[below]
            elif integration.get(below) is None:
                integration[below] = values[top]
    error = values.get("error")
    if isinstance(error, dict) and error.get("messageString") is None and isinstance(error.get("message"), str):
        error["messageString"] = json.dumps(error["message"])
    if kind != REST and values.get("extendedRequestId") is None:
        values["extendedRequestId"] = values.get("requestId")


# --- delivery -----------------------------------------------------------------------------------


class _Undelivered(Exception):
    """No mock took the request, or it refused it: the line stays on the record only."""


def deliver(destination: str, line: str, stream: str, epoch_ms: int) -> bool:
    """Send ``line`` to a log group or Firehose stream through botocore's ``before-send`` (another
    mock, moto's, answers); True when the mock accepted it."""
    if not _listened():
        return False
    try:
        group = _LOG_GROUP.fullmatch(destination)
        if group is not None:
            return _to_log_group(group[1], group[2], group[3], stream, line, epoch_ms)
        hose = _FIREHOSE.fullmatch(destination)
        if hose is not None:
            record = {"Data": base64.b64encode(line.encode("utf-8", "surrogatepass")).decode()}
            status, _ = _call("firehose", "Firehose_20150804", "PutRecord", hose[1], hose[2],
                              {"DeliveryStreamName": hose[3], "Record": record})
            return status == 200
    except _Undelivered:
        return False
    return False  # a destination that is neither: AWS refuses it when the stage is updated


_listeners: tuple[int, tuple[Any, ...]] = (-1, ())


def _listened() -> bool:
    """Whether a handler of botocore's ``before-send`` could answer (the sessions ``send_to_mock`` uses are
    made from ``BUILTIN_HANDLERS`` alone, where moto adds its stubber when imported): without one,
    or with moto's stubber only and no ``mock_aws`` active (its ``enabled``), nothing would answer,
    and a request is not worth building and signing (about 0.2 ms)."""
    global _listeners  # noqa: PLW0603 - a one-entry cache; a race only scans twice
    from botocore.handlers import BUILTIN_HANDLERS  # noqa: PLC0415 - botocore is loaded by then

    if _listeners[0] != len(BUILTIN_HANDLERS):
        _listeners = (len(BUILTIN_HANDLERS),
                      tuple(entry[1] for entry in BUILTIN_HANDLERS if str(entry[0]).startswith("before-send")))
    return any(getattr(handler, "enabled", True) is not False for handler in _listeners[1])


def _to_log_group(region: str, account: str, group: str, stream: str, line: str, epoch_ms: int) -> bool:
    """PutLogEvents; a stream not made yet is made (CreateLogStream) and the line sent again."""
    put = {"logGroupName": group, "logStreamName": stream, "logEvents": [{"timestamp": epoch_ms, "message": line}]}
    status, answer = _call("logs", "Logs_20140328", "PutLogEvents", region, account, put)
    if status == 200:
        return True
    if "ResourceNotFoundException" not in str(answer.get("__type")):
        return False
    status, answer = _call("logs", "Logs_20140328", "CreateLogStream", region, account,
                           {"logGroupName": group, "logStreamName": stream})
    if status != 200 and "ResourceAlreadyExistsException" not in str(answer.get("__type")):
        return False  # no such log group: API Gateway does not make one
    status, _ = _call("logs", "Logs_20140328", "PutLogEvents", region, account, put)
    return status == 200


def _call(service: str, prefix: str, operation: str, region: str, account: str,
          document: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """One JSON-protocol call handed to botocore's ``before-send`` (never the network); moto reads
    the account from ``x-moto-account-id``, so the destination's account gets the line."""
    from gwmock.runtime.rest.aws_integration import ServiceRequest, send_to_mock  # noqa: PLC0415 - only when delivering

    headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"{prefix}.{operation}",
               "x-moto-account-id": account}
    url = f"https://{service}.{region}.amazonaws.com/"
    body = json.dumps(document).encode()
    status, _, data = send_to_mock(ServiceRequest(service, operation, "POST", url, headers, body, region, False, ""),
                            _Undelivered)
    try:
        answer = json.loads(data) if data else {}
    except ValueError:
        answer = {}
    return status, answer if isinstance(answer, dict) else {}
