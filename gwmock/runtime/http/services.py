"""AWS service integrations of HTTP APIs ("first-class integrations"): ``AWS_PROXY`` with an
``IntegrationSubtype``.

AWS's "Integration subtype reference" lists the subtypes and their parameters (required ones
marked): EventBridge-PutEvents (Detail, DetailType, Source; Time, EventBusName, Resources,
TraceHeader), SQS-SendMessage (QueueUrl, MessageBody; DelaySeconds, MessageAttributes,
MessageDeduplicationId, MessageGroupId, MessageSystemAttributes), SQS-ReceiveMessage (QueueUrl;
AttributeNames, MaxNumberOfMessages, MessageAttributeNames, ReceiveRequestAttemptId,
VisibilityTimeout, WaitTimeSeconds), SQS-DeleteMessage (ReceiptHandle, QueueUrl), SQS-PurgeQueue
(QueueUrl), AppConfig-GetConfiguration (Application, Environment, Configuration, ClientId;
ClientConfigurationVersion), Kinesis-PutRecord (StreamName, Data, PartitionKey;
SequenceNumberForOrdering, ExplicitHashKey), StepFunctions-StartExecution (StateMachineArn; Name,
Input), StepFunctions-StartSyncExecution (StateMachineArn; Name, Input, TraceHeader),
StepFunctions-StopExecution (ExecutionArn; Cause, Error); every one takes ``Region`` (the
service's region, the API's by default). Each names the service action of the same name
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html).

The integration's ``RequestParameters`` map those parameters to values evaluated for each
request ("Working with AWS service integrations for HTTP APIs", parameter mapping table):
``$request.header.x`` (several values joined with commas), ``$request.querystring.x``,
``$request.path.x``, ``$request.body`` (the whole body), ``$request.body.x`` (a JSON path),
``$context.x``, ``$stageVariables.x`` and static values (``http.integration.mapped_value``).
Values are typed by the action's input shape in botocore's model: integers, lists, maps and
structures from JSON text, blobs from the value's UTF-8 bytes, timestamps as botocore reads them.

The service request is built by botocore's own serializer for the action (JSON and REST-JSON
services) or, for SQS, in the query protocol API Gateway speaks to it, and handed, signed, to
botocore's ``before-send`` event through ``rest.aws_integration.call_service`` (moto's ``mock_aws``
answers there; gwmock never sends it). The client gets the service's answer as it came: its status
and its body (a StartSyncExecution integration "will always return the result of the
StartSyncExecution", aws-samples/contact-form-processing-with-synchronous-express-workflows#6).
SQS answers in XML (a user's template for an HTTP API SQS-SendMessage route: "you get xml response
from sqs that proxied to api gateway ... there is no way to get json response"). The integration's
``ResponseParameters`` then apply as for other integrations (``http.integration.map_response``).

Guesses: the answer's Content-Type is ``application/json`` for a JSON-protocol service (as REST
APIs' AWS integrations answer), the service's own otherwise; a service error is passed on as the
service answered it (status and body); a required parameter whose mapping resolves to nothing, a
value that is not of its parameter's type (a ``DelaySeconds`` that is not an integer,
``MessageAttributes`` that are not a JSON object), an unknown subtype, or no mock serving the
service answers 500 ``{"message":"Internal Server Error"}`` and the ``gwmock`` logger names the
cause; a list is a JSON array or, otherwise, comma separated values; Kinesis's ``Data`` is the
value's bytes (sent base64-encoded, as the JSON protocol carries blobs); ``StartSyncExecution``
goes to the Step Functions endpoint the mock serves (AWS's is ``sync-states``); the SQS answer is
the service's XML even though API Gateway's other SQS integrations ask for JSON; ``CredentialsArn``
is not checked; parameters the action does not take are ignored (CreateIntegration is where AWS
refuses them).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gwmock.arns import partition
from gwmock.runtime.http.integration import mapped_value
from gwmock.runtime.http.request import V2Request, error, respond
from gwmock.runtime.response import Response
from gwmock.runtime.rest import aws_integration

__all__ = ["Service", "call", "compile_integration", "unknown_parameter"]

# subtype: (botocore service, URI service, action, required parameters, list member that holds the entry)
_SUBTYPES: dict[str, tuple[str, str, str, tuple[str, ...], str]] = {
    "EventBridge-PutEvents": ("events", "events", "PutEvents", ("Detail", "DetailType", "Source"), "Entries"),
    "SQS-SendMessage": ("sqs", "sqs", "SendMessage", ("QueueUrl", "MessageBody"), ""),
    "SQS-ReceiveMessage": ("sqs", "sqs", "ReceiveMessage", ("QueueUrl",), ""),
    "SQS-DeleteMessage": ("sqs", "sqs", "DeleteMessage", ("ReceiptHandle", "QueueUrl"), ""),
    "SQS-PurgeQueue": ("sqs", "sqs", "PurgeQueue", ("QueueUrl",), ""),
    "AppConfig-GetConfiguration": ("appconfig", "appconfig", "GetConfiguration",
                                   ("Application", "Environment", "Configuration", "ClientId"), ""),
    "Kinesis-PutRecord": ("kinesis", "kinesis", "PutRecord", ("StreamName", "Data", "PartitionKey"), ""),
    "StepFunctions-StartExecution": ("stepfunctions", "states", "StartExecution", ("StateMachineArn",), ""),
    "StepFunctions-StartSyncExecution": ("stepfunctions", "states", "StartSyncExecution", ("StateMachineArn",), ""),
    "StepFunctions-StopExecution": ("stepfunctions", "states", "StopExecution", ("ExecutionArn",), ""),
}
_NO_MAPPING: dict[str, dict[str, str]] = {"header": {}, "querystring": {}, "path": {}}
_REGION = re.compile(r"[a-z0-9-]{1,40}")


class _Failed(Exception):
    """A request API Gateway cannot make or send; the reason goes to the log."""


@dataclass(frozen=True)
class _Parameter:
    name: str
    value: str
    kind: str  # the member's shape type in botocore's model
    required: bool


@dataclass(frozen=True)
class Service:
    """An integration compiled once per deployment: its action, model and parameter mappings."""

    subtype: str
    problem: str = ""  # why it cannot be served (an unknown subtype)
    service: str = ""
    uri_service: str = ""
    action: str = ""
    entries: str = ""
    answers_json: bool = False  # a JSON-protocol service (SQS is spoken to in its query protocol)
    parameters: tuple[_Parameter, ...] = ()
    missing: tuple[str, ...] = ()  # required parameters without a mapping


def compile_integration(integration: dict[str, Any]) -> Service:
    """The integration's subtype and mappings resolved against botocore's model of the action."""
    subtype = str(integration.get("IntegrationSubtype") or "")
    known = _SUBTYPES.get(subtype)
    if known is None:
        return Service(subtype, problem=f"Unsupported integration subtype {subtype}")
    service, uri_service, action, required, entries = known
    members = _members(service, action, entries)
    mappings = {str(k): str(v) for k, v in (integration.get("RequestParameters") or {}).items()}
    parameters = tuple(_parameter(name, value, members, name in required) for name, value in mappings.items()
                       if name.lower() in members or name == "Region")
    missing = tuple(name for name in required if name not in mappings)
    answers_json = _model(service).protocol == "json" and service != "sqs"
    return Service(subtype, "", service, uri_service, action, entries, answers_json, parameters, missing)


def unknown_parameter(subtype: str, names: Any) -> str | None:
    """The first of ``names`` (an integration's ``RequestParameters`` keys) that the subtype's
    action does not take, spelled as the subtype reference spells its parameters (capitalized:
    ``stateMachineArn`` is refused for ``StateMachineArn``, aws/aws-cdk#26328), or None; None too
    for a subtype gwmock does not know."""
    known = _SUBTYPES.get(subtype)
    if known is None:
        return None
    service, _, action, _, entries = known
    spelled = {name[:1].upper() + name[1:] for name, _ in _members(service, action, entries).values()}
    return next((str(name) for name in names if name != "Region" and name not in spelled), None)


@functools.lru_cache(maxsize=16)
def _model(service: str) -> Any:
    from botocore.session import get_session  # noqa: PLC0415 - loaded when an API first uses a subtype

    return get_session().get_service_model(service)


def _members(service: str, action: str, entries: str) -> dict[str, tuple[str, str]]:
    """The action's input members, lowercase name -> (name, shape type): the subtype reference
    capitalizes every parameter (``StateMachineArn``), Step Functions' model does not
    (``stateMachineArn``)."""
    shape = _model(service).operation_model(action).input_shape
    members = shape.members[entries].member.members if entries else shape.members
    return {name.lower(): (name, member.type_name) for name, member in members.items()}


def _parameter(name: str, value: str, members: dict[str, tuple[str, str]], required: bool) -> _Parameter:
    if name == "Region":
        return _Parameter(name, value, "region", required)
    member, kind = members[name.lower()]
    return _Parameter(member, value, kind, required)


def call(compiled: Service, request: V2Request) -> Response:
    """The service's answer to the request the integration makes of ``request``; a 500 when it
    cannot be made or no mock serves it (the log says why)."""
    log: list[str] = []
    try:
        if compiled.problem:
            raise _Failed(compiled.problem)
        if compiled.missing:
            raise _Failed(f"{compiled.subtype} requires the parameter {compiled.missing[0]}")
        params, region = _params(compiled, request)
        status, headers, data = _send(compiled, request, params, region, log.append)
    except _Failed as failed:
        answer = error(500, "Internal Server Error", request.request_id)
        answer.log = [*log, f"Execution failed due to configuration error: {failed}"]
        return answer
    content_type = "application/json" if compiled.answers_json else \
        next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    answer = respond(status, {"content-type": content_type} if content_type else {}, data)
    answer.log = log
    return answer


def _params(compiled: Service, request: V2Request) -> tuple[dict[str, Any], str]:
    """The action's parameters from the mappings, typed; and the service's region."""
    params: dict[str, Any] = {}
    region = request.region
    for parameter in compiled.parameters:
        value = request.body.decode("utf-8", "replace") if parameter.value == "$request.body" \
            else mapped_value(parameter.value, request)
        if value is None or value == "":
            if parameter.required:
                raise _Failed(f"{compiled.subtype} requires the parameter {parameter.name}: "
                              f"{parameter.value} resolved to nothing")
            continue
        if parameter.kind == "region":
            if not _REGION.fullmatch(value):
                raise _Failed(f"Invalid endpoint address: region {value[:200]}")
            region = value
            continue
        try:
            params[parameter.name] = _typed(value, parameter.kind)
        except (ValueError, RecursionError):  # RecursionError: JSON nested past Python's decoder
            raise _Failed(f"Invalid value for the parameter {parameter.name} of {compiled.subtype} "
                          f"({parameter.kind} expected): {value[:200]}") from None
    if compiled.entries:
        params = {compiled.entries: [params]}
    return params, region


def _typed(value: str, kind: str) -> Any:
    """``value`` as the model's ``kind`` of member holds it; ValueError when it cannot be one."""
    if kind in ("integer", "long"):
        return int(value)
    if kind == "boolean":
        if value.lower() not in ("true", "false"):
            raise ValueError(value)
        return value.lower() == "true"
    if kind == "blob":
        return value.encode()
    if kind == "list":
        if value.startswith("["):
            items = json.loads(value)
            if not isinstance(items, list):
                raise ValueError(value)
            return [item if isinstance(item, str) else json.dumps(item) for item in items]
        return [item.strip() for item in value.split(",")]
    if kind in ("map", "structure"):  # SQS's attribute maps: name -> {"DataType": ..., "StringValue": ...}
        document = json.loads(value)  # a JSONDecodeError is a ValueError
        if not isinstance(document, dict) or (kind == "map" and not all(isinstance(v, dict)
                                                                          for v in document.values())):
            raise ValueError(value)
        return document
    return value


def _send(compiled: Service, request: V2Request, params: dict[str, Any], region: str,
          log: Callable[[str], Any]) -> tuple[int, dict[str, str], bytes]:
    """The service's (status, headers, body), the request handed to the mock by ``call_service``."""
    operation = _model(compiled.service).operation_model(compiled.action)
    protocol = operation.metadata["protocol"]
    origin = aws_integration.Origin(request.api_id, "POST", None, request.trace_id)
    if compiled.service == "sqs":  # API Gateway speaks SQS's query protocol, and is answered XML
        uri = f"arn:{partition(region)}:apigateway:{region}:sqs:action/{compiled.action}"
        mapped = {"header": {"Accept": "text/xml"}, "querystring": _query_form(params), "path": {}}
        return _call(uri, "POST", origin, b"", mapped, log)
    try:
        wire = _serializer(protocol).serialize_to_request(params, operation)
    except (ValueError, TypeError, OverflowError, RuntimeError) as refused:  # a timestamp botocore cannot read
        # (RuntimeError: botocore's parse_timestamp on a number of hundreds of digits)
        raise _Failed(f"Invalid parameters for {compiled.subtype}: {refused}") from None
    if protocol == "json":
        uri = f"arn:{partition(region)}:apigateway:{region}:{compiled.uri_service}:action/{compiled.action}"
        return _call(uri, "POST", origin, wire["body"], _NO_MAPPING, log)
    query = {k: str(v) for k, v in (wire["query_string"] or {}).items()}
    uri = f"arn:{partition(region)}:apigateway:{region}:{compiled.uri_service}:path{wire['url_path']}"
    return _call(uri, wire["method"], origin, wire["body"], {"header": {}, "querystring": query, "path": {}}, log)


@functools.lru_cache(maxsize=4)
def _serializer(protocol: str) -> Any:
    from botocore.serialize import create_serializer  # noqa: PLC0415

    return create_serializer(protocol, include_validation=False)


def _call(uri: str, verb: str, origin: aws_integration.Origin, body: bytes, mapped: dict[str, dict[str, str]],
          log: Callable[[str], Any]) -> tuple[int, dict[str, str], bytes]:
    found = aws_integration.service_uri(uri, {})
    if found is None:
        raise _Failed(f"Invalid endpoint address: {uri}")
    text = body.decode("utf-8", "replace")
    return aws_integration.call_service(found, verb, origin, text, body, mapped, log, _Failed)


def _query_form(params: dict[str, Any]) -> dict[str, str]:
    """SQS's query parameters: a list ``AttributeNames`` as ``AttributeName.N``, a map
    ``MessageAttributes`` as ``MessageAttribute.N.Name`` and ``MessageAttribute.N.Value.<field>``
    (the query names are the member names without their plural ``s``)."""
    form: dict[str, str] = {}
    for name, value in params.items():
        if isinstance(value, list):
            form.update({f"{name[:-1]}.{i}": str(item) for i, item in enumerate(value, 1)})
        elif isinstance(value, dict):
            for i, (key, fields) in enumerate(value.items(), 1):
                form[f"{name[:-1]}.{i}.Name"] = str(key)
                form.update({f"{name[:-1]}.{i}.Value.{f}": str(v) for f, v in fields.items()})
        else:
            form[name] = str(value)
    return form
