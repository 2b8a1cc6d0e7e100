"""AWS service integrations (type AWS) of REST APIs: SQS, DynamoDB, Kinesis, Step Functions,
EventBridge, S3, SSM and any other service botocore models.

The integration URI names the service and either an action or a path:
``arn:aws:apigateway:{region}:{service}:action/{Action}`` or
``arn:aws:apigateway:{region}:[{subdomain}.]{service}:path/{path}``. The request is built the
way API Gateway builds it and handed to botocore's ``before-send`` event, where other mocks
answer (moto's ``mock_aws`` serves every service but API Gateway, which gwmock answers);
gwmock itself never sends it anywhere. When no mock answers, the call fails with API
Gateway's 500 ``{"message": "Internal server error"}`` and the execution log says why.
WebSocket APIs build and send their AWS integrations' requests through the same
``service_uri`` and ``call_service`` (``runtime.websocket.integrations``).

* action/ URIs of JSON-protocol services (DynamoDB, Kinesis, Step Functions, EventBridge,
  Firehose, ...): ``POST /`` with ``X-Amz-Target: {targetPrefix}.{Action}`` and
  ``Content-Type: application/x-amz-json-{jsonVersion}`` (botocore's model metadata), the
  mapped body as payload; the service's JSON comes back as is (aws-recorded:
  test_apigateway_kinesis, test_apigateway_stepfunctions, test_apigateway_eventbridge,
  test_apigateway_dynamodb).
* action/ URIs of query-protocol services (SQS, SSM and every ``query``/``ec2`` service):
  ``?Action={Action}&Version={apiVersion}`` plus the mapped query string. SSM is modelled
  as JSON by botocore, but API Gateway reaches it through the legacy query protocol
  (aws-recorded: test_apigateway_ssm test_ssm_aws_integration: ``GetParameterResponse``).
  The mock serving the service is handed the JSON-protocol form of the same call (moto 5.2.6
  and later answer SSM's query form with an empty 404).
* path/ URIs: the integration's HTTP method (the method's verb for ``ANY``) on
  ``https://{service}.{region}.amazonaws.com/{path}``, ``{name}`` filled from
  ``integration.request.path.<name>`` (S3: aws-recorded test_apigateway_s3).
* A POST to a query-protocol service (``query``/``ec2``, SQS) without a body carries its
  parameters as a form body instead of the query string (the same request for the service; moto reads SQS parameters
  only from the body).
* Query-protocol answers are turned into the JSON form AWS gives for ``Accept:
  application/json`` (API Gateway's default Accept): ``{"<Action>Response": {"<Action>Result":
  {...}, "ResponseMetadata": {"RequestId": ...}}}`` (aws-recorded: test_apigateway_sqs
  test_sqs_request_and_response_xml_templates_integration reads
  ``$.SendMessageResponse.ResponseMetadata.RequestId``). A mapped ``Accept`` other than JSON
  keeps the XML; a JSON answer (the mock was handed SSM's JSON form) is written as the query
  protocol's XML, with only the members that are set, as text (aws-recorded: test_apigateway_ssm
  test_get_parameter_query_protocol). S3 answers stay XML.
* A path URI's ``{name}`` and greedy ``{name+}`` are filled URL-encoded (``/`` and an existing
  ``%XX`` kept): a mapped ``k?acl``, ``k#x`` or CR/LF stays part of the S3 key, never another
  operation, a cut key or a split request line.
* A JSON-protocol action the service's model does not have, or a mapped body that is not a JSON
  object (not JSON, an array, nested past a JSON decoder), is answered 400 as the service answers it
  (``com.amazon.coral.service#UnknownOperationException`` / ``#SerializationException``, no
  message) when the mock serving the service raises on it (moto's handlers do); with no mock, 500.
* An integration URI naming API Gateway itself (``apigateway``, ``execute-api``) fails with 500
  and a log line: moto's API Gateway would answer from a state gwmock's clients never see.
* The response status is matched by ``selectionPattern`` (default response otherwise), then
  the selected integration response maps the body (templates, parameters).

Guesses: XML written from a JSON answer has timestamps in ISO 8601 with milliseconds, lists as
``member`` and maps as ``entry``/``key``/``value`` elements, errors as ``ErrorResponse``
(``Error`` with ``Type``, ``Code``, ``Message``; ``RequestId``) and ``Content-Type: text/xml``;
the XML-to-JSON conversion keeps values as strings and repeats of an element become a
list (AWS's own JSON writes typed values and ``null`` for absent members); a query error becomes
``{"Error": {"Type", "Code", "Message"}, "RequestId"}``; the integration's ``credentials``
role is not checked; the service response's ``Content-Type`` is not passed to the method
response (``application/json`` unless mapped); the request carries ``Accept:
application/json`` and ``User-Agent: AmazonAPIGateway_<apiId>`` as HTTP integrations do; which
services API Gateway calls through the query protocol besides ``query``/``ec2`` ones, SQS and
SSM is unknown; the 400 answers above for services other than DynamoDB (every JSON-protocol service
answering so) and for unknown actions; how AWS quotes a greedy path value (gwmock: as a plain one).
AWS_PROXY (Firehose) is not served (500, as before).
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from gwmock.arns import dns_suffix
from gwmock.runtime.rest.http_integration import mapped_parameters
from gwmock.runtime.rest.mapping import config_error, is_binary, map_response, request_payload, select_response
from gwmock.runtime.rest.request import Call, header, java_map

__all__ = ["Origin", "call_service", "run_aws", "service_uri"]

_ARN = re.compile(r"^arn:aws[a-z-]*:apigateway:(?P<region>[a-z0-9-]+):(?:(?P<sub>[^:]+)\.)?(?P<service>[a-z0-9-]+):"
                  r"(?P<kind>action|path)/(?P<rest>.*)$", re.DOTALL)
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")
# URI service names (endpoint prefixes) whose botocore name differs
_SERVICE_NAMES = {"states": "stepfunctions", "email": "ses", "monitoring": "cloudwatch",
                  "elasticmapreduce": "emr", "execute-api": "apigateway", "streams.dynamodb": "dynamodbstreams",
                  "data.iot": "iot-data", "runtime.sagemaker": "sagemaker-runtime"}
# services API Gateway calls through the query protocol although botocore models them as JSON
_QUERY_SERVICES = frozenset({"sqs", "ssm"})
_OWN_SERVICES = frozenset({"apigateway", "apigatewayv2"})
_FAKE_KEY, _FAKE_SECRET = "AKIAGWMOCKINTEGRATE", "gwmock-aws-integration"

_lock = threading.Lock()
_sessions: dict[int, Any] = {}


def run_aws(call: Call, integration: dict[str, Any], log: Any) -> tuple[int, str | bytes, dict[str, str]]:
    """Serve an AWS (non-Lambda) integration: the service request, then response selection and mapping."""

    found = service_uri(str(integration.get("uri") or ""), call.stage_variables)
    if found is None:
        raise config_error("Invalid endpoint address")
    payload_in, overrides = request_payload(call, integration)
    text = payload_in.decode("utf-8", "replace") if isinstance(payload_in, bytes) else payload_in
    mapped = mapped_parameters(call, integration)
    for where in ("header", "querystring", "path"):
        mapped[where].update({k: str(v) for k, v in (overrides.get(where) or {}).items()})
    origin = Origin(call.api_id, call.http_method, header(call.headers, "Content-Type"),
                    header(call.headers, "X-Amzn-Trace-Id"), call.path_params)
    verb = str(integration.get("httpMethod") or call.http_method)
    body = payload_in if isinstance(payload_in, bytes) else payload_in.encode()
    status, headers, data = call_service(found, verb, origin, text, body, mapped, log, config_error)
    response_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    log(f"Endpoint response headers: {java_map(headers)}")
    shown = f"[Binary Data, {len(data)} bytes]" if is_binary(call, response_type, accept=False) \
        else data.decode("utf-8", "replace")
    log(f"Endpoint response body before transformations: {shown}")
    response = select_response(integration, str(status))
    kept = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    return map_response(call, response, data, kept, response_type)


# --- shared with WebSocket APIs (gwmock.runtime.websocket.integrations) ----------------------------


@dataclass(frozen=True)
class Origin:
    """What the service request takes from the API's own request: the API, the verb an ``ANY``
    integration method stands for, the Content-Type sent when no mapping sets one (None:
    ``application/json``), the trace id, and the path parameters a path URI's ``{name}`` falls
    back to."""

    api_id: str
    http_method: str
    content_type: str | None = None
    trace_id: str | None = None
    path_params: Mapping[str, str] = field(default_factory=dict)


def service_uri(uri: str, stage_variables: Mapping[str, str]) -> re.Match[str] | None:
    """The parts of an AWS service integration URI, stage variables substituted; None: not one."""
    if "${" in uri:
        uri = _STAGE_VARIABLE.sub(lambda m: stage_variables.get(m.group(1), ""), uri)
    return _ARN.match(uri)


def call_service(found: re.Match[str], verb: str, origin: Origin, text: str, body: bytes,
                 mapped: dict[str, dict[str, str]], log: Callable[[str], Any],
                 fail: Callable[[str], Exception]) -> tuple[int, dict[str, str], bytes]:
    """The service's answer (status, headers, body) to the request API Gateway builds from
    ``found`` (``service_uri``), the integration's ``verb``, the mapped body and parameters; a
    query-protocol answer in the form the request's Accept asks for. The request goes only to
    botocore's ``before-send`` event: no mock answering it (or an unknown service) raises
    ``fail(reason)``."""
    try:
        request = _build(found, verb, origin, text, mapped, body)
    except _Unknown as error:
        raise fail(f"AWS service {error} is not known to botocore: Invalid endpoint address") from None
    log(f"Endpoint request URI: {request.url}")
    log(f"Endpoint request headers: {java_map(request.headers)}")
    log(f"Endpoint request body after transformations: {text}")
    log(f"Sending request to {request.url}")
    started = time.monotonic()
    status, headers, data = send_to_mock(request, fail)
    latency = max(int((time.monotonic() - started) * 1000), 0)  # a test may move the clock back
    log(f"Received response. Status: {status}, Integration latency: {latency} ms")
    if request.query_style and _wants_json(request.headers):
        data = _query_json(request.action, status, headers, data, _output_shape(request))
    elif request.query_style:  # the query protocol's XML, also when the mock answered the JSON form
        data = _query_xml(request, status, headers, data)
    return status, headers, data


def _refusal(request: ServiceRequest) -> tuple[int, dict[str, str], bytes] | None:
    """The 400 a JSON-protocol service answers a request it cannot read, given instead of the
    failure of a mock that raised on it (or, for an unknown action, answered an empty 404)."""
    if "X-Amz-Target" not in request.headers:
        return None
    if not request.known:
        return _coral_error("UnknownOperationException")
    return _coral_error("SerializationException") if _not_a_json_object(request.body) else None


def _not_a_json_object(body: bytes) -> bool:
    """Whether a JSON-protocol service would refuse ``body`` before reading it: not a JSON object,
    or nested past what a JSON decoder follows (an empty body is left to the service)."""
    if not body.strip():
        return False
    try:
        return not isinstance(json.loads(body), dict)
    except (ValueError, RecursionError):
        return True


def _coral_error(code: str) -> tuple[int, dict[str, str], bytes]:
    """A JSON-protocol service's 400 for a request it cannot read: DynamoDB answers a body that is not
    JSON ``{"__type":"com.amazon.coral.service#SerializationException"}`` (aws-sdk-unity#54 shows it);
    guess: every JSON-protocol service answers so, and an unknown target so with UnknownOperationException."""
    body = json.dumps({"__type": f"com.amazon.coral.service#{code}"}, separators=(",", ":")).encode()
    return 400, {"Content-Type": "application/x-amz-json-1.0", "Content-Length": str(len(body))}, body


# --- the service request ---------------------------------------------------------------------


class _Unknown(Exception):
    pass


class ServiceRequest:
    """A signed-to-be AWS service request (``send_to_mock``), built by ``_build`` or by ``access_logs``."""

    def __init__(self, service: str, operation: str, method: str, url: str, headers: dict[str, str],
                 body: bytes, region: str, query_style: bool, action: str, known: bool = True) -> None:
        self.service, self.operation, self.method, self.url = service, operation, method, url
        self.headers, self.body, self.region = headers, body, region
        self.query_style, self.action = query_style, action
        self.known = known  # False: an action URI naming an operation the service's model does not have


def _build(found: re.Match[str], verb: str, origin: Origin, text: str, mapped: dict[str, dict[str, str]],
           body: bytes) -> ServiceRequest:
    region, service, kind, rest, sub = found["region"], found["service"], found["kind"], found["rest"], found["sub"]
    if sub and f"{sub}.{service}" in _SERVICE_NAMES:  # a dotted endpoint prefix, not a subdomain
        service, sub = f"{sub}.{service}", None
    name = _SERVICE_NAMES.get(service, service)
    model = _service_model(name)
    metadata = model.metadata
    host = f"{service}.{region}.{dns_suffix(region)}"
    if sub:
        host = f"{sub}.{host}"
    verb = origin.http_method if verb == "ANY" else verb
    headers = {"Accept": "application/json", "User-Agent": f"AmazonAPIGateway_{origin.api_id}",
               "X-Amzn-Apigateway-Api-Id": origin.api_id}
    if origin.trace_id:
        headers["X-Amzn-Trace-Id"] = origin.trace_id
    query: list[tuple[str, str]] = []
    action = ""
    protocol = str(metadata.get("protocol"))
    query_style = False
    if kind == "action":
        action, _, extra = rest.partition("&")
        query_style = protocol in ("query", "ec2") or name in _QUERY_SERVICES or "awsQueryCompatible" in metadata
        path = "/"
        if query_style:
            query = [("Action", action), ("Version", str(metadata.get("apiVersion", "")))]
        else:
            headers["X-Amz-Target"] = f"{metadata.get('targetPrefix', '')}.{action}"
            headers["Content-Type"] = f"application/x-amz-json-{metadata.get('jsonVersion', '1.0')}"
        query += urllib.parse.parse_qsl(extra, keep_blank_values=True)
    else:
        path = "/" + _fill(rest, origin.path_params, mapped["path"]).lstrip("/")
        if protocol not in ("rest-xml", "rest-json"):  # a query service by path (SQS queue URLs)
            form = urllib.parse.parse_qs(text) if "=" in text else {}
            targeted = any(k.lower() == "x-amz-target" for k in mapped["header"])  # the JSON protocol
            query_style = not targeted and (bool(form.get("Action")) or "Action" in mapped["querystring"])
            action = (form.get("Action") or [mapped["querystring"].get("Action", "")])[0]
    if body and "Content-Type" not in headers:
        content_type = (origin.content_type or "application/json").split(";")[0].strip()
        headers["Content-Type"] = content_type
    if mapped["header"]:  # linear in the mapped parameters: a client can send thousands
        replaced = {key.lower(): (key, value) for key, value in mapped["header"].items()}
        headers = {k: v for k, v in headers.items() if k.lower() not in replaced}
        headers.update(replaced.values())
    if mapped["querystring"]:
        query = [(k, v) for k, v in query if k not in mapped["querystring"]] + list(mapped["querystring"].items())
    form_service = protocol in ("query", "ec2") or "awsQueryCompatible" in metadata
    if query_style and form_service and not body and verb == "POST" and query:  # the same request, in the
        body = urllib.parse.urlencode(query).encode()  # form moto reads (its SQS ignores query strings)
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        query = []
    url = f"https://{host}{path}"
    if query:
        url += "?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
    operation = action or (_s3_operation(verb) if name == "s3" else verb.title())
    known = kind != "action" or action in model.operation_names
    return ServiceRequest(name, operation, verb, url, headers, body, region, query_style, action, known)


def _fill(template: str, path_params: Mapping[str, str], path_values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        key = match.group(1).rstrip("+")
        value = path_values.get(key, path_params.get(key, match.group(0)))
        # a greedy {name+} is quoted too: a mapped "k?acl", "k#x" or CR/LF would otherwise make another
        # S3 operation, cut the key or split the request line (already-encoded %XX stays as it is)
        return urllib.parse.quote(value, safe="@:+%/" if "/" in value else "@:+%")

    return re.sub(r"\{([A-Za-z0-9_.-]+\+?)\}", fill, template)


def _s3_operation(verb: str) -> str:
    return {"GET": "GetObject", "PUT": "PutObject", "DELETE": "DeleteObject", "HEAD": "HeadObject",
            "POST": "PostObject"}.get(verb, verb.title())


# --- sending through botocore's before-send ----------------------------------------------------


def _session() -> Any:
    """A botocore session with the built-in handlers as they are now (moto adds its stubber to
    them when imported), so sessions are remade when that list grows."""
    from botocore.handlers import BUILTIN_HANDLERS  # noqa: PLC0415
    from botocore.session import Session  # noqa: PLC0415

    with _lock:
        key = len(BUILTIN_HANDLERS)
        session = _sessions.get(key)
        if session is None:
            _sessions.clear()
            session = _sessions[key] = Session()
            session.set_credentials(_FAKE_KEY, _FAKE_SECRET)
        return session


def _service_model(name: str) -> Any:
    from botocore.exceptions import UnknownServiceError  # noqa: PLC0415

    try:
        return _session().get_service_model(name)
    except UnknownServiceError:
        raise _Unknown(name) from None


def _as_json_protocol(request: ServiceRequest, model: Any) -> tuple[str, dict[str, str], bytes]:
    """The query-form request to a JSON-protocol service (SSM), as that service's JSON request.

    Both forms are the same call for AWS; mocks (moto from 5.2.6) may serve only the JSON one, so
    the mock is handed that. Parameters are typed by the operation's input shape; ``X.member.N``
    and ``X.N`` build lists."""
    split = urllib.parse.urlsplit(request.url)
    pairs = [(k, v) for k, v in urllib.parse.parse_qsl(split.query, keep_blank_values=True)
             if k not in ("Action", "Version")]
    try:
        members = model.operation_model(request.action).input_shape.members
    except Exception:  # noqa: BLE001 - an action botocore does not know: strings as given
        members = {}
    document: dict[str, Any] = {}
    for key, value in pairs:
        name, _, index = key.partition(".")
        shape = members.get(name)
        if index and (shape is None or shape.type_name == "list"):
            document.setdefault(name, []).append(_typed(value, shape.member if shape is not None else None))
        else:
            document[name] = _typed(value, shape)
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-type"}
    headers["X-Amz-Target"] = f"{model.metadata.get('targetPrefix', '')}.{request.action}"
    headers["Content-Type"] = f"application/x-amz-json-{model.metadata.get('jsonVersion', '1.1')}"
    return urllib.parse.urlunsplit((split.scheme, split.netloc, split.path, "", "")), headers, \
        json.dumps(document).encode()


def _typed(value: str, shape: Any) -> Any:
    kind = getattr(shape, "type_name", "string")
    if kind == "boolean":
        return value.lower() == "true"
    if kind in ("integer", "long") and value.lstrip("-").isdigit():
        return int(value)
    return value


def send_to_mock(request: ServiceRequest, fail: Callable[[str], Exception]) -> tuple[int, dict[str, str], bytes]:
    """The answer of the mock (moto) listening on botocore's ``before-send`` to ``request``, signed with
    fake credentials; ``fail(reason)`` is raised when none answers: nothing ever reaches the network."""
    from botocore.auth import S3SigV4Auth, SigV4Auth  # noqa: PLC0415
    from botocore.awsrequest import AWSRequest  # noqa: PLC0415
    from botocore.credentials import Credentials  # noqa: PLC0415

    if request.service in _OWN_SERVICES:  # moto's API Gateway would answer from a state gwmock does not see
        raise fail(f"No mock served the AWS service request {request.method} {request.url} (gwmock does not "
                   f"serve API Gateway's own API to AWS integrations)")
    # An unknown query-protocol action fails whatever a mock makes of it (moto 5.2.1 raised, 5.2.6
    # answers an empty 200)
    if request.query_style and not request.known:
        raise fail(f"The mock serving {request.service} failed: {request.service} has no action "
                   f"{request.action[:64]!r}")
    session = _session()
    model = session.get_service_model(request.service)
    signing_name = model.signing_name or model.endpoint_prefix
    url, sent_headers, body = request.url, dict(request.headers), request.body
    if request.query_style and model.protocol == "json" and "awsQueryCompatible" not in model.metadata:
        url, sent_headers, body = _as_json_protocol(request, model)
    aws_request = AWSRequest(method=request.method, url=url, headers=sent_headers, data=body)
    signer = S3SigV4Auth if request.service == "s3" else SigV4Auth
    signer(Credentials(_FAKE_KEY, _FAKE_SECRET), signing_name, request.region).add_auth(aws_request)
    prepared = aws_request.prepare()
    emitter = session.get_component("event_emitter")
    event = f"before-send.{model.service_id.hyphenize()}.{request.operation or 'Request'}"
    try:
        _, response = emitter.emit_until_response(event, request=prepared)
    except Exception as error:  # noqa: BLE001 - a mock that failed to answer
        refusal = _refusal(request)
        if refusal is not None:
            return refusal
        raise fail(f"The mock serving {request.service} failed: {type(error).__name__}: {error}") from None
    if response is None:
        raise fail(f"No mock served the AWS service request {request.method} {request.url} "
                           f"(gwmock never sends it: start moto's mock_aws to serve {request.service})")
    data = response.content or b""
    if (refusal := _refusal(request)) is not None:
        # what the service answers a request it cannot read, whatever the mock made of it (moto's empty
        # 404 for an unknown target; its Kinesis reads a body that is not an object as stream None's)
        return refusal
    if response.status_code == 404 and data == b"Not yet implemented":  # moto's answer for what it lacks
        raise fail(f"No mock served the AWS service request {request.method} {request.url} "
                           f"(the active mock does not implement {request.service})")
    headers: dict[str, str] = {}
    for name, value in response.headers.items():
        headers[name] = value.decode() if isinstance(value, bytes) else str(value)
    return int(response.status_code), headers, bytes(data)


# --- query protocol answers as XML ----------------------------------------------------------------


def _query_xml(request: ServiceRequest, status: int, headers: dict[str, str], data: bytes) -> bytes:
    """The XML a query-protocol request is answered with (any Accept but JSON), made from a JSON
    answer: the mock was handed the JSON form of the call (SSM), or speaks only JSON. An XML answer
    is kept as it is. ``<Action>Response`` in the service's ``doc`` namespace holds
    ``<Action>Result`` with the output members that are set (lists as ``member``, maps as
    ``entry``/``key``/``value``, timestamps in ISO 8601) and ``ResponseMetadata``; an error is
    ``ErrorResponse`` (aws-recorded: test_apigateway_ssm test_get_parameter_query_protocol)."""
    text = data.decode("utf-8", "replace").strip()
    if not text.startswith("{"):
        return data
    try:
        raw = json.loads(text)
    except ValueError:
        return data
    if not isinstance(raw, dict):
        return data
    request_id = next((v for k, v in headers.items() if k.lower() in ("x-amzn-requestid", "x-amz-request-id")), "")
    model = _session().get_service_model(request.service)
    namespace = model.metadata.get("xmlNamespace") or \
        f"http://{model.metadata.get('endpointPrefix', request.service)}.amazonaws.com/doc/{model.api_version}/"
    if status >= 300:
        code = str(raw.get("__type") or raw.get("code") or raw.get("Code") or "").rsplit("#", 1)[-1]
        root = ElementTree.Element("ErrorResponse", xmlns=namespace)
        error = ElementTree.SubElement(root, "Error")
        ElementTree.SubElement(error, "Type").text = "Sender" if status < 500 else "Receiver"
        ElementTree.SubElement(error, "Code").text = code
        ElementTree.SubElement(error, "Message").text = str(raw.get("message") or raw.get("Message") or "")
        ElementTree.SubElement(root, "RequestId").text = request_id
    else:
        root = ElementTree.Element(f"{request.action}Response", xmlns=namespace)
        result = ElementTree.SubElement(root, f"{request.action}Result")
        shape = _output_shape(request)
        if shape is not None:
            _xml_members(result, raw, shape)
        else:  # an action botocore does not know: the members as they came
            for name, value in raw.items():
                _xml_value(ElementTree.SubElement(result, name), value, None)
        metadata = ElementTree.SubElement(root, "ResponseMetadata")
        ElementTree.SubElement(metadata, "RequestId").text = request_id
    headers.pop(next((k for k in headers if k.lower() == "content-type"), "Content-Type"), None)
    headers["Content-Type"] = "text/xml"
    return ElementTree.tostring(root, encoding="unicode").encode()


def _xml_members(parent: ElementTree.Element, value: dict[str, Any], shape: Any) -> None:
    for name, member in shape.members.items():
        if value.get(name) is not None:
            _xml_value(ElementTree.SubElement(parent, name), value[name], member)


def _xml_value(node: ElementTree.Element, value: Any, shape: Any) -> None:
    kind = getattr(shape, "type_name", None)
    if kind == "structure" and isinstance(value, dict):
        _xml_members(node, value, shape)
    elif isinstance(value, list):
        for item in value:
            _xml_value(ElementTree.SubElement(node, "member"), item, shape.member if kind == "list" else None)
    elif isinstance(value, dict):
        for key, item in value.items():
            entry = ElementTree.SubElement(node, "entry")
            ElementTree.SubElement(entry, "key").text = str(key)
            _xml_value(ElementTree.SubElement(entry, "value"), item, shape.value if kind == "map" else None)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif kind == "timestamp" and isinstance(value, (int, float)):
        stamp = datetime.fromtimestamp(value, timezone.utc)
        node.text = stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
    else:
        node.text = str(value)


# --- query protocol answers as JSON --------------------------------------------------------------


def _wants_json(headers: dict[str, str]) -> bool:
    accept = next((v for k, v in headers.items() if k.lower() == "accept"), "")
    return "json" in accept.lower()


def _output_shape(request: ServiceRequest) -> Any:
    try:
        return _session().get_service_model(request.service).operation_model(request.action).output_shape
    except Exception:  # noqa: BLE001 - an action botocore does not know: converted without its shape
        return None


def _query_json(action: str, status: int, headers: dict[str, str], data: bytes, shape: Any = None) -> bytes:
    """The JSON AWS answers a query-protocol request with ``Accept: application/json``: the
    ``<Action>Result`` has every member of the operation's output shape (``null`` when absent)."""
    request_id = next((v for k, v in headers.items() if k.lower() in ("x-amzn-requestid", "x-amz-request-id")), "")
    text = data.decode("utf-8", "replace").strip()
    document: Any
    if text.startswith("<"):
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError:
            return data
        document = {_local(root.tag): _element(root)}
        if "ErrorResponse" in document and isinstance(document["ErrorResponse"], dict):
            document = document["ErrorResponse"]
        elif "Response" in document and isinstance(document["Response"], dict):  # ec2 errors
            errors = document["Response"].get("Errors", {})
            document = {"Error": errors.get("Error") if isinstance(errors, dict) else errors,
                        "RequestId": document["Response"].get("RequestID", request_id)}
    elif text.startswith("{"):  # a JSON answer (a mock speaking the JSON protocol): wrap it
        try:
            raw = json.loads(text)
        except ValueError:
            return data
        if status >= 300 and isinstance(raw, dict):
            code = str(raw.get("__type") or raw.get("code") or "").rsplit("#", 1)[-1]
            document = {"Error": {"Code": code, "Message": raw.get("message") or raw.get("Message"),
                                  "Type": "Sender" if status < 500 else "Receiver"}, "RequestId": request_id}
        else:
            document = {f"{action}Response": {f"{action}Result": raw, "ResponseMetadata": {"RequestId": request_id}}}
    else:
        return data
    response = document.get(f"{action}Response") if isinstance(document, dict) else None
    if shape is not None and isinstance(response, dict):
        result = response.get(f"{action}Result")
        shaped = {f"{action}Result": _shaped(result if isinstance(result, dict) else {}, shape)}
        document[f"{action}Response"] = {**shaped, **{k: v for k, v in response.items() if k != f"{action}Result"}}
    headers.pop(next((k for k in headers if k.lower() == "content-type"), "Content-Type"), None)
    headers["Content-Type"] = "application/json"
    return json.dumps(document).encode()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _element(node: ElementTree.Element) -> Any:
    children = list(node)
    if not children:
        return node.text or ""
    out: dict[str, Any] = {}
    for child in children:
        key, value = _local(child.tag), _element(child)
        if key in out:
            out[key] = (out[key] if isinstance(out[key], list) else [out[key]]) + [value]
        else:
            out[key] = value
    return out


def _shaped(value: Any, shape: Any) -> Any:
    """``value`` (from XML: strings, repeated elements as lists; or from JSON) in the JSON form of
    ``shape``: structures with every member, lists as lists, maps as objects, typed scalars."""
    kind = shape.type_name
    if value is None:
        return None
    if kind == "structure":
        source = value if isinstance(value, dict) else {}
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            out[name] = _shaped(_find(source, name, member), member)
        return out
    if kind == "list":
        if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("member", shape.member.name):
            value = next(iter(value.values()))  # a wrapped list: <Items><member>..</member></Items>
        items = value if isinstance(value, list) else [value]
        return [_shaped(item, shape.member) for item in items]
    if kind == "map":
        if isinstance(value, dict) and set(value) <= {"entry"}:
            value = value.get("entry")
        entries = value if isinstance(value, list) else [value]
        if all(isinstance(e, dict) and ({"Name", "Value"} <= set(e) or {"key", "value"} <= set(e)) for e in entries):
            return {str(e.get("Name", e.get("key"))): _shaped(e.get("Value", e.get("value")), shape.value)
                    for e in entries}
        return {str(k): _shaped(v, shape.value) for k, v in value.items()} if isinstance(value, dict) else value
    if not isinstance(value, str):
        return value
    try:
        if kind in ("integer", "long"):
            return int(value)
        if kind in ("float", "double"):
            return float(value)
    except ValueError:
        return value
    if kind == "boolean":
        return value.lower() == "true"
    return value


def _find(source: dict[str, Any], name: str, member: Any) -> Any:
    """A member in XML: by its name, its locationName, or the element name a flattened list or map repeats."""
    candidates = [name, member.serialization.get("name", "")]
    if member.type_name == "list":
        candidates.append(member.member.name)
    if member.type_name in ("list", "map") and name.endswith("s"):
        candidates.append(name[:-1])
    return next((source[c] for c in candidates if c and c in source), None)
