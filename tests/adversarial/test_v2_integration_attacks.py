"""HTTP API and WebSocket integrations' control plane (CreateIntegration / UpdateIntegration) under
attack: every type on each protocol, almost-right subtypes and their parameters, mapping keys and
status values AWS's tables do not allow, out-of-range timeouts and payload formats, hostile keys and
sizes, and updates into invalid combinations. Every refusal is a 400 that changes nothing, and the
mock serves the next call.

Defects this file found (each test names its input): an unknown or misspelled ``IntegrationSubtype``
was stored (the data plane then answered 500), so was a subtype missing a required parameter, a
subtype on an HTTP_PROXY integration or on a WebSocket API, ``append:path`` and ``remove:path`` (the
developer guide allows only ``overwrite:path``), header names that are not HTTP tokens (``x:y``, NUL),
and a static ``overwrite:statuscode`` that is not a status code (``"²"`` or 5,000 digits made the
data plane raise ValueError at every request).
"""

from __future__ import annotations

import time

import boto3
import pytest
from botocore.config import Config
from helpers import assert_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pets"
LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/2"
QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/q"
PROXY_ONLY = ("Currently, an API with a protocol type of HTTP may only be associated with proxy integrations "
              "(AWS_PROXY, HTTP_PROXY)")
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def http_api(apigatewayv2):
    return apigatewayv2.create_api(Name="attacked", ProtocolType="HTTP")["ApiId"]


@pytest.fixture
def ws_api(apigatewayv2):
    return apigatewayv2.create_api(Name="attacked", ProtocolType="WEBSOCKET",
                                   RouteSelectionExpression="$request.body.action")["ApiId"]


def _items(client, api_id):
    return client.get_integrations(ApiId=api_id)["Items"]


def _bare(record):
    return {k: v for k, v in record.items() if k != "ResponseMetadata"}


def _refused(client, api_id, message=None, **kwargs):
    """CreateIntegration must answer 400 with ``message``, store nothing, and the mock must serve the next call."""
    before = _items(client, api_id)
    assert_error(error_of(client.create_integration, ApiId=api_id, **kwargs), "BadRequestException", message, 400)
    assert _items(client, api_id) == before
    assert client.get_api(ApiId=api_id)["ResponseMetadata"]["HTTPStatusCode"] == 200


def _sqs(**extra):
    return {"IntegrationType": "AWS_PROXY", "IntegrationSubtype": "SQS-SendMessage", "PayloadFormatVersion": "1.0",
            "CredentialsArn": "arn:aws:iam::123456789012:role/r", **extra}


def _http_proxy(**extra):
    return {"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://backend.example.com",
            "IntegrationMethod": "ANY", "PayloadFormatVersion": "1.0", **extra}


# --- defects: AWS service integrations ----------------------------------------------------


@pytest.mark.parametrize("subtype", ["SQS-SendMessages", "sqs-sendmessage", "SQS_SendMessage", " SQS-SendMessage",
                                     "SNS-Publish", "Lambda-Invoke", "SQS-SendMessage\n", "x" * 128])
def test_an_unknown_or_misspelled_subtype_is_refused(apigatewayv2, http_api, subtype):
    """Defect: stored, then every request answered 500. (guess) the words; the reference lists the subtypes."""
    _refused(apigatewayv2, http_api, f"Unsupported integration subtype: {subtype}",
             **_sqs(IntegrationSubtype=subtype, RequestParameters={"QueueUrl": QUEUE, "MessageBody": "x"}))


@pytest.mark.parametrize(("subtype", "parameters", "missing"), [
    ("SQS-SendMessage", {}, "QueueUrl"),
    ("SQS-SendMessage", {"QueueUrl": QUEUE}, "MessageBody"),
    ("SQS-SendMessage", {"QueueUrl": QUEUE, "MessageBody": ""}, "MessageBody"),  # "" removes a mapping
    ("SQS-DeleteMessage", {"QueueUrl": QUEUE}, "ReceiptHandle"),
    ("EventBridge-PutEvents", {"Detail": "$request.body", "DetailType": "t"}, "Source"),
    ("Kinesis-PutRecord", {"StreamName": "s", "Data": "$request.body"}, "PartitionKey"),
    ("StepFunctions-StopExecution", {"Cause": "c"}, "ExecutionArn"),
    ("AppConfig-GetConfiguration", {"Application": "a", "Environment": "e", "Configuration": "c"}, "ClientId"),
])
def test_a_subtype_missing_a_required_parameter_is_refused(apigatewayv2, http_api, subtype, parameters, missing):
    """Defect: stored, then every request answered 500. (guess) the words, in the frame of AWS's
    "Parameter: stateMachineArn does not fit schema for Operation: ..." (aws/aws-cdk#26328)."""
    _refused(apigatewayv2, http_api, f"Parameter: {missing} is required for Operation: {subtype}.",
             **_sqs(IntegrationSubtype=subtype, RequestParameters=parameters))


def test_a_parameter_the_subtype_does_not_take_is_refused_before_a_missing_one(apigatewayv2, http_api):
    _refused(apigatewayv2, http_api, "Parameter: Queue does not fit schema for Operation: SQS-SendMessage.",
             **_sqs(RequestParameters={"Queue": QUEUE}))


def test_a_subtype_with_every_required_parameter_and_the_region_is_taken(apigatewayv2, http_api):
    created = apigatewayv2.create_integration(ApiId=http_api, **_sqs(RequestParameters={
        "QueueUrl": QUEUE, "MessageBody": "$request.body", "Region": "eu-west-1", "DelaySeconds": "5"}))
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["RequestParameters"]["Region"] == "eu-west-1" and "IntegrationMethod" not in created


def test_a_subtype_on_an_http_proxy_integration_is_refused(apigatewayv2, http_api):
    """Defect: stored; the botocore model: "Supported only for HTTP API AWS_PROXY integrations". (guess) the words."""
    _refused(apigatewayv2, http_api, "IntegrationSubtype is supported only for integration type AWS_PROXY",
             **_http_proxy(IntegrationSubtype="SQS-SendMessage",
                           RequestParameters={"QueueUrl": QUEUE, "MessageBody": "x"}))


def test_a_subtype_on_a_websocket_api_is_refused(apigatewayv2, ws_api):
    """Defect: stored. (guess) the words."""
    _refused(apigatewayv2, ws_api, "IntegrationSubtype is supported only for HTTP APIs", IntegrationType="AWS_PROXY",
             IntegrationUri=LAMBDA, IntegrationSubtype="SQS-SendMessage")


def test_removing_a_required_parameter_by_update_is_refused_and_keeps_it(apigatewayv2, http_api):
    created = _bare(apigatewayv2.create_integration(ApiId=http_api, **_sqs(
        RequestParameters={"QueueUrl": QUEUE, "MessageBody": "$request.body"})))
    response = error_of(apigatewayv2.update_integration, ApiId=http_api, IntegrationId=created["IntegrationId"],
                        RequestParameters={"MessageBody": ""}, Description="changed")
    assert_error(response, "BadRequestException",
                 "Parameter: MessageBody is required for Operation: SQS-SendMessage.", 400)
    assert _bare(apigatewayv2.get_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])) == created


def test_turning_a_lambda_integration_into_an_unknown_subtype_is_refused(apigatewayv2, http_api):
    created = _bare(apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                                    PayloadFormatVersion="1.0"))
    response = error_of(apigatewayv2.update_integration, ApiId=http_api, IntegrationId=created["IntegrationId"],
                        IntegrationSubtype="SQS-SendMesage")
    assert_error(response, "BadRequestException", "Unsupported integration subtype: SQS-SendMesage", 400)
    assert _bare(apigatewayv2.get_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])) == created


def test_an_http_proxy_integration_cannot_gain_a_subtype_by_update(apigatewayv2, http_api):
    created = _bare(apigatewayv2.create_integration(ApiId=http_api, **_http_proxy()))
    response = error_of(apigatewayv2.update_integration, ApiId=http_api, IntegrationId=created["IntegrationId"],
                        IntegrationSubtype="SQS-PurgeQueue", RequestParameters={"QueueUrl": QUEUE})
    assert_error(response, "BadRequestException", "IntegrationSubtype is supported only for integration type AWS_PROXY",
                 400)
    assert _bare(apigatewayv2.get_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])) == created


# --- defects: mapping keys and status values -------------------------------------------------


@pytest.mark.parametrize("key", ["append:path", "remove:path", "overwrite:path.x", "overwrite:path "])
def test_the_path_can_only_be_overwritten(apigatewayv2, http_api, key):
    """Defect: append:path and remove:path were stored; the developer guide's keys: "Path overwrite:path"."""
    _refused(apigatewayv2, http_api, f"Invalid mapping expression specified: {key}. Must be of the form "
             "{append|overwrite|remove}:{header|querystring}.{name} or overwrite:path",
             **_http_proxy(RequestParameters={key: "/x"}))


@pytest.mark.parametrize("value", ["²", "1" * 5000, "0", "99", "600", "99999", "abc", "２００", " 200", "200\n"])
def test_a_static_status_code_that_is_not_one_is_refused(apigatewayv2, http_api, value):
    """Defect: stored; "²" and 5,000 digits then raised ValueError in the data plane. (guess) the words."""
    _refused(apigatewayv2, http_api, f"Invalid status code specified: {value[:64]}. Must be between 100 and 599",
             **_http_proxy(ResponseParameters={"500": {"overwrite:statuscode": value}}))


@pytest.mark.parametrize("value", ["100", "404", "599", "$response.header.status", "${stageVariables.code}"])
def test_a_status_code_or_a_value_read_per_request_is_taken(apigatewayv2, http_api, value):
    created = apigatewayv2.create_integration(ApiId=http_api, **_http_proxy(
        ResponseParameters={"500": {"overwrite:statuscode": value}}))
    assert created["ResponseParameters"] == {"500": {"overwrite:statuscode": value}}


def test_updating_to_a_bad_status_value_is_refused_and_keeps_the_old_one(apigatewayv2, http_api):
    created = _bare(apigatewayv2.create_integration(ApiId=http_api, **_http_proxy(
        ResponseParameters={"500": {"overwrite:statuscode": "503"}})))
    response = error_of(apigatewayv2.update_integration, ApiId=http_api, IntegrationId=created["IntegrationId"],
                        ResponseParameters={"500": {"overwrite:statuscode": "²"}})
    assert_error(response, "BadRequestException", status=400)
    assert _bare(apigatewayv2.get_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])) == created


# --- attacks that found nothing: types, payload formats, timeouts, connections -----------------


@pytest.mark.parametrize("kind", ["AWS", "HTTP", "MOCK"])
def test_an_http_api_refuses_every_non_proxy_type(apigatewayv2, http_api, kind):
    _refused(apigatewayv2, http_api, PROXY_ONLY, IntegrationType=kind, IntegrationUri=LAMBDA,
             IntegrationMethod="POST", PayloadFormatVersion="1.0")


@pytest.mark.parametrize("kind", ["AWS", "HTTP", "MOCK", "HTTP_PROXY", "AWS_PROXY"])
def test_a_websocket_api_takes_every_type(apigatewayv2, ws_api, kind):
    uri = LAMBDA if kind.startswith("AWS") else "https://backend.example.com"
    created = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType=kind, IntegrationUri=uri,
                                              IntegrationMethod="POST")
    assert (created["ResponseMetadata"]["HTTPStatusCode"], created["IntegrationType"]) == (201, kind)
    assert (created["PayloadFormatVersion"], created["TimeoutInMillis"]) == ("1.0", 29000)


@pytest.mark.parametrize("version", ["3.0", "2", "1.00", "", "2.0 "])
def test_an_unknown_payload_format_version_is_refused(apigatewayv2, http_api, version):
    _refused(apigatewayv2, http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA, PayloadFormatVersion=version)


def test_payload_format_2_0_is_for_lambda_proxies_of_http_apis_only(apigatewayv2, http_api, ws_api):
    _refused(apigatewayv2, http_api, "Payload format version 2.0 is supported only for Lambda proxy integrations",
             **_http_proxy(PayloadFormatVersion="2.0"))
    _refused(apigatewayv2, ws_api, "Invalid payload format version specified: 2.0. WebSocket APIs support only 1.0",
             IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA, PayloadFormatVersion="2.0")


@pytest.mark.parametrize(("protocol", "timeout", "taken"), [
    ("HTTP", 50, True), ("HTTP", 29001, True), ("HTTP", 30000, True), ("HTTP", 30001, False), ("HTTP", 49, False),
    ("HTTP", -1, False), ("HTTP", 2**31, False),
    ("WEBSOCKET", 50, True), ("WEBSOCKET", 29000, True), ("WEBSOCKET", 29001, False), ("WEBSOCKET", 30000, False),
    ("WEBSOCKET", 0, False),
])
def test_timeouts_at_and_past_the_bounds(gwmock, protocol, timeout, taken):
    # Without the SDK's own checks, as any other client would send them.
    client = boto3.client("apigatewayv2", region_name="us-east-1", config=Config(parameter_validation=False))
    extra = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
    api_id = client.create_api(Name="t", ProtocolType=protocol, **extra)["ApiId"]
    kwargs = {"IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA, "PayloadFormatVersion": "1.0",
              "TimeoutInMillis": timeout}
    if taken:
        assert client.create_integration(ApiId=api_id, **kwargs)["TimeoutInMillis"] == timeout
    else:
        _refused(client, api_id, **kwargs)


def test_timeout_update_past_the_websocket_bound_is_refused_and_keeps_it(apigatewayv2, ws_api):
    created = _bare(apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="MOCK", TimeoutInMillis=1000))
    response = error_of(apigatewayv2.update_integration, ApiId=ws_api, IntegrationId=created["IntegrationId"],
                        TimeoutInMillis=30000)
    assert_error(response, "BadRequestException",
                 "Timeout must be between 50 and 29000 milliseconds for WebSocket APIs", 400)
    assert _bare(apigatewayv2.get_integration(ApiId=ws_api, IntegrationId=created["IntegrationId"])) == created


def test_a_vpc_link_needs_a_connection_id_and_a_listener(apigatewayv2, http_api):
    _refused(apigatewayv2, http_api, "ConnectionId must be specified for connection type VPC_LINK",
             **_http_proxy(ConnectionType="VPC_LINK", IntegrationUri=LISTENER))
    balancer = LISTENER.replace(":listener/", ":loadbalancer/")
    _refused(apigatewayv2, http_api, "For VpcLink VPC_LINK, integration uri should be a valid ELB listener ARN or a "
             "valid Cloud Map service ARN.", **_http_proxy(ConnectionType="VPC_LINK", ConnectionId="abc123",
                                                          IntegrationUri=balancer))


def test_a_listener_arn_of_megabytes_is_refused_quickly(apigatewayv2, http_api):
    start = time.perf_counter()
    _refused(apigatewayv2, http_api, **_http_proxy(ConnectionType="VPC_LINK", ConnectionId="abc123",
                                                   IntegrationUri="arn:aws:elasticloadbalancing:" + ":" * 200_000))
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("name", ["PassthroughBehavior", "TemplateSelectionExpression", "ContentHandlingStrategy"])
def test_websocket_only_members_on_an_http_api_are_refused(apigatewayv2, http_api, name):
    value = {"PassthroughBehavior": "NEVER", "ContentHandlingStrategy": "CONVERT_TO_TEXT"}.get(name, "$request.body")
    _refused(apigatewayv2, http_api, f"{name} is supported only for WebSocket APIs", **_http_proxy(**{name: value}))


# --- attacks that found nothing: parameter mappings -------------------------------------------


def test_a_hundred_request_parameters_are_kept_in_order(apigatewayv2, http_api):
    mappings = {f"append:header.x-h{i}": f"$request.header.h{i}" for i in range(100)}
    created = apigatewayv2.create_integration(ApiId=http_api, **_http_proxy(RequestParameters=mappings))
    got = apigatewayv2.get_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])
    assert list(got["RequestParameters"].items()) == list(mappings.items())


@pytest.mark.parametrize("key", ["delete:header.x", "overwrite:body", "append:header.", "append:header.a b",
                                 "append:header.a\nb", "Overwrite:header.x", "append:querystring", "overwrite:path:x",
                                 "append:header.x\x00", "integration.request.header.x", ""])
def test_an_unknown_mapping_key_is_refused(apigatewayv2, http_api, key):
    _refused(apigatewayv2, http_api, f"Invalid mapping expression specified: {key}. Must be of the form "
             "{append|overwrite|remove}:{header|querystring}.{name} or overwrite:path",
             **_http_proxy(RequestParameters={key: "v"}))


@pytest.mark.parametrize("name", ["x\x00", "x:y", "x\x7f", "é", "(x)", "a/b", "x\u2028"])
def test_a_header_name_that_is_not_an_http_token_is_refused(apigatewayv2, http_api, name):
    """Defect: stored; the data plane then sent ``x:y`` and ``(x)`` as response header names. (guess) AWS refuses."""
    _refused(apigatewayv2, http_api, **_http_proxy(RequestParameters={f"append:header.{name}": "v"}))
    _refused(apigatewayv2, http_api, f"Invalid mapping expression specified: overwrite:header.{name}. Must be of the "
             "form {append|overwrite|remove}:header.{name} or overwrite:statuscode",
             **_http_proxy(ResponseParameters={"200": {f"overwrite:header.{name}": "v"}}))


@pytest.mark.parametrize("name", ["X-Custom_1", "x.y", "a!#$%&'*+^`|~"])
def test_any_http_token_may_name_a_mapped_header(apigatewayv2, http_api, name):
    created = apigatewayv2.create_integration(ApiId=http_api, **_http_proxy(
        RequestParameters={f"append:header.{name}": "v"}, ResponseParameters={"200": {f"remove:header.{name}": "''"}}))
    assert created["RequestParameters"] == {f"append:header.{name}": "v"}


@pytest.mark.parametrize("header", ["X-AMZ-Date", "x-amzn-Remapped-Host", "CONNECTION", "Access-Control-Max-Age"])
def test_a_reserved_header_in_any_case_is_refused(apigatewayv2, http_api, header):
    _refused(apigatewayv2, http_api, "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
             f"[Operations on header {header} are restricted]",
             **_http_proxy(RequestParameters={f"overwrite:header.{header}": "x"}))


def test_websocket_mapping_keys_follow_the_websocket_form(apigatewayv2, ws_api):
    _refused(apigatewayv2, ws_api, IntegrationType="HTTP", IntegrationUri="https://backend.example.com",
             IntegrationMethod="GET", RequestParameters={"append:header.x": "'v'"})
    created = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="HTTP", IntegrationUri="https://b.example",
                                              IntegrationMethod="GET",
                                              RequestParameters={"integration.request.header.x": "'v'"})
    assert created["RequestParameters"] == {"integration.request.header.x": "'v'"}


@pytest.mark.parametrize("code", ["199", "600", "2xx", "default", "", "20"])
def test_response_parameters_of_a_code_that_is_not_one_are_refused(apigatewayv2, http_api, code):
    _refused(apigatewayv2, http_api, f"Invalid status code specified: {code}. Must be between 200 and 599",
             **_http_proxy(ResponseParameters={code: {"append:header.x": "v"}}))


def test_huge_mapping_keys_and_values_cost_little(apigatewayv2, http_api):
    start = time.perf_counter()
    _refused(apigatewayv2, http_api, **_http_proxy(RequestParameters={"append:header." + "a " * 100_000: "v"}))
    _refused(apigatewayv2, http_api, **_http_proxy(ResponseParameters={"500": {"overwrite:statuscode": "9" * 100_000}}))
    assert time.perf_counter() - start < 5


# --- attacks that found nothing: updates into invalid combinations ----------------------------


@pytest.mark.parametrize(("changes", "message"), [
    ({"IntegrationType": "MOCK"}, PROXY_ONLY),
    # Its POST stays: the Lambda's payload format 2.0 is what HTTP_PROXY cannot take.
    ({"IntegrationType": "HTTP_PROXY"}, "Payload format version 2.0 is supported only for Lambda proxy integrations"),
    ({"PayloadFormatVersion": "3.0"}, "Invalid payload format version specified: 3.0. Must be one of: [1.0, 2.0]"),
    ({"ConnectionType": "VPC_LINK"}, "ConnectionId must be specified for connection type VPC_LINK"),
    ({"ConnectionType": "VPC_LINK", "ConnectionId": "abc123"}, "For VpcLink VPC_LINK, integration uri should be a "
     "valid ELB listener ARN or a valid Cloud Map service ARN."),
    ({"PassthroughBehavior": "NEVER"}, "PassthroughBehavior is supported only for WebSocket APIs"),
    ({"RequestTemplates": {"application/json": "{}"}}, "RequestTemplates is supported only for WebSocket APIs"),
])
def test_an_http_lambda_integration_updated_into_an_invalid_combination_is_unchanged(apigatewayv2, http_api, changes,
                                                                                      message):
    created = _bare(apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                                    PayloadFormatVersion="2.0", Description="before"))
    response = error_of(apigatewayv2.update_integration, ApiId=http_api, IntegrationId=created["IntegrationId"],
                        Description="after", **changes)
    assert_error(response, "BadRequestException", message, 400)
    assert _bare(apigatewayv2.get_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])) == created


@pytest.mark.parametrize(("changes", "message"), [
    ({"IntegrationType": "HTTP"}, "IntegrationUri must be specified for integration type HTTP"),
    ({"IntegrationType": "AWS"}, "IntegrationUri must be specified for integration type AWS"),
    ({"PayloadFormatVersion": "2.0"}, "Invalid payload format version specified: 2.0. WebSocket APIs support only 1.0"),
    ({"TlsConfig": {"ServerNameToVerify": "x"}}, "TlsConfig is supported only for HTTP APIs"),
    ({"ResponseParameters": {"200": {"append:header.a": "b"}}}, "ResponseParameters is supported only for HTTP APIs"),
    ({"IntegrationSubtype": "SQS-SendMessage"}, "IntegrationSubtype is supported only for HTTP APIs"),
])
def test_a_websocket_mock_updated_into_an_invalid_combination_is_unchanged(apigatewayv2, ws_api, changes, message):
    created = _bare(apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="MOCK", Description="before"))
    response = error_of(apigatewayv2.update_integration, ApiId=ws_api, IntegrationId=created["IntegrationId"],
                        Description="after", **changes)
    assert_error(response, "BadRequestException", message, 400)
    assert _bare(apigatewayv2.get_integration(ApiId=ws_api, IntegrationId=created["IntegrationId"])) == created


# --- fuzzing: never a 5xx, and a refusal changes nothing ---------------------------------------

_KEYS = st.one_of(
    st.sampled_from(["overwrite:path", "append:path", "remove:header.x", "overwrite:querystring.q", "QueueUrl",
                     "MessageBody", "Region", "overwrite:header.Authorization", "append:header.X-Amz-Date"]),
    st.builds(lambda a, loc, name: f"{a}:{loc}{name}", st.sampled_from(["append", "overwrite", "remove", "drop"]),
              st.sampled_from(["header.", "querystring.", "path", "path.", "statuscode"]), st.text(max_size=12)),
    st.text(max_size=20),
)
_VALUES = st.one_of(st.sampled_from(["$request.body", "$request.body.a", "$context.requestId", "${stageVariables.x}",
                                     "", "'static'", "404"]), st.text(max_size=20))


@FUZZ
@given(kind=st.sampled_from(["AWS_PROXY", "HTTP_PROXY", "HTTP", "MOCK", "AWS"]),
       subtype=st.one_of(st.none(), st.sampled_from(["SQS-SendMessage", "SQS-PurgeQueue", "sqs-purgequeue", "X"])),
       version=st.sampled_from(["1.0", "2.0", "3.0"]), mappings=st.dictionaries(_KEYS, _VALUES, max_size=5),
       codes=st.dictionaries(st.sampled_from(["200", "404", "500", "600", "x"]),
                             st.dictionaries(_KEYS, _VALUES, max_size=3), max_size=2))
def test_fuzzed_http_integrations_are_taken_or_refused_with_a_400(apigatewayv2, http_api, kind, subtype, version,
                                                                  mappings, codes):
    kwargs = {"IntegrationType": kind, "PayloadFormatVersion": version, "RequestParameters": mappings,
              "ResponseParameters": codes, "IntegrationMethod": "POST"}
    if subtype is None:
        kwargs["IntegrationUri"] = LAMBDA if kind == "AWS_PROXY" else "https://backend.example.com"
    else:
        kwargs["IntegrationSubtype"] = subtype
    before = _items(apigatewayv2, http_api)
    try:
        created = apigatewayv2.create_integration(ApiId=http_api, **kwargs)
    except apigatewayv2.exceptions.BadRequestException as refused:
        assert refused.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert _items(apigatewayv2, http_api) == before
        return
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["IntegrationType"] in ("AWS_PROXY", "HTTP_PROXY")
    status = created.get("ResponseParameters", {}).get("500", {}).get("overwrite:statuscode")
    assert status is None or "$" in status or 100 <= int(status) <= 599


@FUZZ
@given(changes=st.fixed_dictionaries({}, optional={
    "IntegrationType": st.sampled_from(["AWS_PROXY", "HTTP_PROXY", "HTTP", "MOCK", "AWS"]),
    "IntegrationSubtype": st.sampled_from(["SQS-SendMessage", "SQS-PurgeQueue", "Nope"]),
    "IntegrationUri": st.sampled_from([LAMBDA, LISTENER, "https://b.example", "x"]),
    "IntegrationMethod": st.sampled_from(["GET", "ANY"]),
    "PayloadFormatVersion": st.sampled_from(["1.0", "2.0", "9"]),
    "ConnectionType": st.sampled_from(["INTERNET", "VPC_LINK"]), "ConnectionId": st.just("abc123"),
    "TimeoutInMillis": st.integers(50, 30000),
    "RequestParameters": st.dictionaries(_KEYS, _VALUES, max_size=3),
    "PassthroughBehavior": st.just("NEVER"),
}), protocol=st.sampled_from(["HTTP", "WEBSOCKET"]))
def test_fuzzed_updates_are_taken_whole_or_change_nothing(apigatewayv2, changes, protocol):
    extra = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
    api_id = apigatewayv2.create_api(Name="fuzz", ProtocolType=protocol, **extra)["ApiId"]
    created = _bare(apigatewayv2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                                    PayloadFormatVersion="1.0"))
    try:
        updated = apigatewayv2.update_integration(ApiId=api_id, IntegrationId=created["IntegrationId"], **changes)
    except apigatewayv2.exceptions.BadRequestException as refused:
        assert refused.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert _bare(apigatewayv2.get_integration(ApiId=api_id, IntegrationId=created["IntegrationId"])) == created
        return
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _bare(apigatewayv2.get_integration(ApiId=api_id, IntegrationId=created["IntegrationId"])) == _bare(updated)
    if protocol == "HTTP":
        assert updated["IntegrationType"] in ("AWS_PROXY", "HTTP_PROXY")
    else:
        assert "IntegrationSubtype" not in updated and updated["TimeoutInMillis"] <= 29000


@pytest.mark.parametrize(("sent", "status"), [("201", 201), ("²", 200), ("1" * 5000, 200), ("99", 200), ("600", 200),
                                              ("２０１", 200)])
def test_a_status_code_a_client_sends_is_mapped_only_when_it_is_one(gwmock, apigatewayv2, sent, status):
    """A client's header mapped to the status raised ValueError on every request for "²" or 5,000 digits
    (guess: a value that is no status code leaves the integration's status)."""
    gwmock.add_lambda("echo", lambda event, context: {"statusCode": 200, "body": "ok"})
    api_id = apigatewayv2.create_api(Name="mapped", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
        IntegrationUri="arn:aws:lambda:us-east-1:123456789012:function:echo",
        ResponseParameters={"200": {"overwrite:statuscode": "$request.header.s"}})["IntegrationId"]
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /x", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    url = f"https://{api_id}.execute-api.us-east-1.amazonaws.com/x"
    answer = gwmock.invoke("GET", url, headers={"s": sent})
    assert (answer.status, answer.body) == (status, b"ok")
    assert gwmock.invoke("GET", url, headers={"s": "202"}).status == 202


@pytest.mark.parametrize("uri", ["http://[::1", "http://[::1/x", "https://[v1.x]/"])
def test_an_http_proxy_uri_urlsplit_cannot_read_answers_500(gwmock, apigatewayv2, uri):
    """ValueError("Invalid IPv6 URL") reached the caller of ``requests.get``."""
    api_id = apigatewayv2.create_api(Name="unreadable", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(ApiId=api_id, **_http_proxy(IntegrationUri=uri))["IntegrationId"]
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /x", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    answer = gwmock.invoke("GET", f"https://{api_id}.execute-api.us-east-1.amazonaws.com/x")
    assert (answer.status, answer.json()) == (500, {"message": "Internal Server Error"})
