"""HTTP APIs' AWS service integrations (``AWS_PROXY`` with an ``IntegrationSubtype``), served by
moto's ``mock_aws`` beside gwmock (gwmock/runtime/http/services.py has the evidence and the
guesses these tests pin): ``RequestParameters`` evaluated per request make the action's
parameters, the request goes to botocore's ``before-send`` event, and the client gets the
service's answer. Without a mock serving the service nothing leaves the process and the route
answers 500 with a log line naming the missing mock."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ElementTree

import boto3
import httpx
import pytest
import requests
from helpers import network_guard

from gwmock import mock_apigateway

moto = pytest.importorskip("moto")

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/apigateway"
SQS_NS = "{http://queue.amazonaws.com/doc/2012-11-05/}"


@pytest.fixture
def gw():
    with moto.mock_aws(), mock_apigateway() as handle:
        yield handle


def _client(service, region=REGION):
    return boto3.client(service, region_name=region)


def _api(subtype, parameters, route="POST /act", **extra):
    """An HTTP API whose ``route`` has a ``subtype`` integration, on an auto-deployed ``$default``
    stage; returns its base URL."""
    v2 = _client("apigatewayv2")
    api_id = v2.create_api(Name="services", ProtocolType="HTTP")["ApiId"]
    integration = v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationSubtype=subtype,
                                        PayloadFormatVersion="1.0", CredentialsArn=ROLE,
                                        RequestParameters=parameters, **extra)["IntegrationId"]
    v2.create_route(ApiId=api_id, RouteKey=route, Target=f"integrations/{integration}")
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com"


def _queue(name="q", region=REGION):
    return _client("sqs", region).create_queue(QueueName=name)["QueueUrl"]


def _xml(text):
    return ElementTree.fromstring(text)


# --- SQS -----------------------------------------------------------------------------------


def test_sqs_send_message_queues_the_mapped_body_and_answers_the_service_xml(gw):
    queue = _queue()
    base = _api("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": "$request.body"})

    answer = requests.post(f"{base}/act", json={"order": 7})

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/xml"
    sent = _xml(answer.text).find(f"{SQS_NS}SendMessageResult")
    message = _client("sqs").receive_message(QueueUrl=queue)["Messages"][0]
    assert message["Body"] == '{"order": 7}'
    assert sent.findtext(f"{SQS_NS}MessageId") == message["MessageId"]
    assert sent.findtext(f"{SQS_NS}MD5OfMessageBody") == message["MD5OfBody"]


def test_sqs_send_message_maps_headers_the_path_and_json_attributes(gw):
    fifo = _client("sqs").create_queue(QueueName="f.fifo", Attributes={"FifoQueue": "true",
                                                                       "ContentBasedDeduplication": "true"})["QueueUrl"]
    base = _api("SQS-SendMessage", {
        "QueueUrl": "$request.header.x-queue", "MessageBody": "$request.body.text",
        "MessageGroupId": "$request.path.group", "MessageAttributes": "$request.body.attributes",
    }, route="POST /groups/{group}")

    answer = requests.post(f"{base}/groups/g1", headers={"x-queue": fifo},
                           json={"text": "hello", "attributes": {"kind": {"DataType": "String",
                                                                          "StringValue": "greeting"}}})

    assert answer.status_code == 200
    message = _client("sqs").receive_message(QueueUrl=fifo, MessageAttributeNames=["All"],
                                             AttributeNames=["MessageGroupId"])["Messages"][0]
    assert message["Body"] == "hello"
    assert message["Attributes"]["MessageGroupId"] == "g1"
    assert message["MessageAttributes"] == {"kind": {"DataType": "String", "StringValue": "greeting"}}


def test_sqs_receive_message_answers_the_messages_of_the_queue(gw):
    queue = _queue()
    for body in ("one", "two"):
        _client("sqs").send_message(QueueUrl=queue, MessageBody=body)
    base = _api("SQS-ReceiveMessage", {"QueueUrl": queue, "MaxNumberOfMessages": "$request.querystring.max"},
                route="GET /messages")

    answer = requests.get(f"{base}/messages", params={"max": "10"})

    assert answer.status_code == 200
    result = _xml(answer.text).find(f"{SQS_NS}ReceiveMessageResult")
    bodies = sorted(m.findtext(f"{SQS_NS}Body") for m in result.findall(f"{SQS_NS}Message"))
    assert bodies == ["one", "two"]


def test_sqs_delete_message_deletes_the_message_of_the_receipt_handle(gw):
    queue = _queue()
    sqs = _client("sqs")
    sqs.send_message(QueueUrl=queue, MessageBody="done")
    handle = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
    base = _api("SQS-DeleteMessage", {"QueueUrl": queue, "ReceiptHandle": "$request.header.receipt"},
                route="DELETE /messages")

    answer = requests.delete(f"{base}/messages", headers={"receipt": handle})

    assert answer.status_code == 200
    assert _xml(answer.text).tag == f"{SQS_NS}DeleteMessageResponse"
    assert sqs.receive_message(QueueUrl=queue).get("Messages") is None


def test_sqs_purge_queue_empties_the_queue(gw):
    queue = _queue()
    _client("sqs").send_message(QueueUrl=queue, MessageBody="old")
    base = _api("SQS-PurgeQueue", {"QueueUrl": queue}, route="POST /purge")

    assert requests.post(f"{base}/purge").status_code == 200
    assert _client("sqs").receive_message(QueueUrl=queue).get("Messages") is None


def test_the_region_parameter_names_the_service_region(gw):
    queue = _queue("far", region="eu-west-1")
    base = _api("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": "$request.body", "Region": "eu-west-1"})

    assert requests.post(f"{base}/act", data="over there").status_code == 200
    message = _client("sqs", "eu-west-1").receive_message(QueueUrl=queue)["Messages"][0]
    assert message["Body"] == "over there"


def test_static_values_context_and_stage_variables_are_mapped(gw):
    queue = _queue()
    base = _api("SQS-SendMessage", {"QueueUrl": "$stageVariables.queue",
                                    "MessageBody": "route ${context.routeKey} of ${context.apiId}"})
    api_id = base.split("//")[1].split(".")[0]
    _client("apigatewayv2").update_stage(ApiId=api_id, StageName="$default", StageVariables={"queue": queue})

    assert requests.post(f"{base}/act").status_code == 200
    message = _client("sqs").receive_message(QueueUrl=queue)["Messages"][0]
    assert message["Body"] == f"route POST /act of {api_id}"


def test_a_service_error_is_passed_on_as_the_service_answered(gw):
    base = _api("SQS-SendMessage", {"QueueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/missing",
                                    "MessageBody": "$request.body"})

    answer = requests.post(f"{base}/act", data="lost")

    assert answer.status_code == 400
    assert "NonExistentQueue" in answer.text or "QueueDoesNotExist" in answer.text


def test_response_parameters_apply_to_the_service_answer(gw):
    queue = _queue()
    base = _api("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": "$request.body"},
                ResponseParameters={"200": {"overwrite:statuscode": "202", "append:header.x-queued": "yes"}})

    answer = requests.post(f"{base}/act", data="later")

    assert (answer.status_code, answer.headers["x-queued"]) == (202, "yes")


# --- EventBridge, Kinesis, Step Functions ---------------------------------------------------


def test_eventbridge_put_events_delivers_the_event_to_a_rule_target(gw):
    queue = _queue("events")
    queue_arn = _client("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    events = _client("events")
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop.orders"]}))
    events.put_targets(Rule="orders", Targets=[{"Id": "q", "Arn": queue_arn}])
    base = _api("EventBridge-PutEvents", {"Source": "shop.orders", "DetailType": "$request.header.x-kind",
                                          "Detail": "$request.body", "Resources": "$request.querystring.res"})

    answer = httpx.post(f"{base}/act?res=arn:aws:s3:::a&res=arn:aws:s3:::b", headers={"x-kind": "OrderPlaced"},
                        json={"id": 42})

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    put = answer.json()
    assert put["FailedEntryCount"] == 0
    event = json.loads(_client("sqs").receive_message(QueueUrl=queue)["Messages"][0]["Body"])
    assert put["Entries"] == [{"EventId": event["id"]}]
    assert (event["source"], event["detail-type"], event["detail"]) == ("shop.orders", "OrderPlaced", {"id": 42})
    assert event["resources"] == ["arn:aws:s3:::a", "arn:aws:s3:::b"]


def test_kinesis_put_record_writes_the_mapped_data(gw):
    kinesis = _client("kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    base = _api("Kinesis-PutRecord", {"StreamName": "clicks", "Data": "$request.body",
                                      "PartitionKey": "$request.body.user"})

    answer = requests.post(f"{base}/act", json={"user": "ann", "page": "/"})

    assert answer.status_code == 200
    put = answer.json()
    shard = kinesis.list_shards(StreamName="clicks")["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="clicks", ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    record = kinesis.get_records(ShardIterator=iterator)["Records"][0]
    assert (put["ShardId"], put["SequenceNumber"]) == (shard, record["SequenceNumber"])
    assert record["Data"] == b'{"user": "ann", "page": "/"}'
    assert record["PartitionKey"] == "ann"


def _state_machine():
    definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})
    return _client("stepfunctions").create_state_machine(name="flow", definition=definition, roleArn=ROLE)[
        "stateMachineArn"]


def test_stepfunctions_start_execution_starts_the_state_machine_with_the_input(gw):
    machine = _state_machine()
    base = _api("StepFunctions-StartExecution", {"StateMachineArn": machine, "Input": "$request.body",
                                                 "Name": "$request.path.name"}, route="POST /runs/{name}")

    answer = requests.post(f"{base}/runs/first", json={"n": 1})

    assert answer.status_code == 200
    started = answer.json()
    assert started["executionArn"].endswith(":flow:first")
    described = _client("stepfunctions").describe_execution(executionArn=started["executionArn"])
    assert json.loads(described["input"]) == {"n": 1}
    assert described["startDate"].timestamp() == pytest.approx(started["startDate"], abs=1)


def test_stepfunctions_stop_execution_stops_the_execution(gw):
    machine = _state_machine()
    execution = _client("stepfunctions").start_execution(stateMachineArn=machine)["executionArn"]
    base = _api("StepFunctions-StopExecution", {"ExecutionArn": "$request.body.arn", "Cause": "user"})

    answer = requests.post(f"{base}/act", json={"arn": execution})

    assert answer.status_code == 200
    assert "stopDate" in answer.json()
    assert _client("stepfunctions").describe_execution(executionArn=execution)["status"] == "ABORTED"


def test_a_cloudformation_template_deploys_a_working_service_integration(gw):
    queue = _queue("from-template")
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "tpl", "ProtocolType": "HTTP"}},
        "Send": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": "Api"}, "IntegrationType": "AWS_PROXY", "IntegrationSubtype": "SQS-SendMessage",
            "PayloadFormatVersion": "1.0", "CredentialsArn": ROLE,
            "RequestParameters": {"QueueUrl": queue, "MessageBody": "$request.body"}}},
        "Route": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": {"Ref": "Api"}, "RouteKey": "POST /send", "Target": {"Fn::Sub": "integrations/${Send}"}}},
        "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": {"Ref": "Api"}, "StageName": "$default", "AutoDeploy": True}},
    }}
    stack = gw.deploy_template(template)

    answer = requests.post(f"https://{stack.resources['Api']}.execute-api.{REGION}.amazonaws.com/send", data="cfn")

    assert answer.status_code == 200
    assert _client("sqs").receive_message(QueueUrl=queue)["Messages"][0]["Body"] == "cfn"


# --- failures --------------------------------------------------------------------------------


def _failed(answer):
    return answer.status_code, answer.json()


def test_a_required_parameter_resolving_to_nothing_answers_500_and_logs_why(gw, caplog):
    queue = _queue()
    base = _api("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": "$request.header.x-missing"})

    with caplog.at_level(logging.WARNING, logger="gwmock"):
        answer = requests.post(f"{base}/act", data="ignored")

    assert _failed(answer) == (500, {"message": "Internal Server Error"})
    assert "SQS-SendMessage requires the parameter MessageBody: $request.header.x-missing resolved to nothing" \
        in caplog.text
    assert _client("sqs").receive_message(QueueUrl=queue).get("Messages") is None


def test_a_value_that_is_not_of_the_parameter_type_answers_500(gw):
    queue = _queue()
    base = _api("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": "x", "DelaySeconds": "$request.body.delay"})

    answer = requests.post(f"{base}/act", json={"delay": "soon"})

    assert _failed(answer) == (500, {"message": "Internal Server Error"})
    assert gw.requests[-1].log[-1] == ("Execution failed due to configuration error: Invalid value for the "
                                       "parameter DelaySeconds of SQS-SendMessage (integer expected): soon")


def test_message_attributes_that_are_not_a_json_object_answer_500(gw):
    base = _api("SQS-SendMessage", {"QueueUrl": _queue(), "MessageBody": "x",
                                    "MessageAttributes": "$request.header.attrs"})

    assert _failed(requests.post(f"{base}/act", headers={"attrs": "plain"}))[0] == 500


def test_an_unknown_subtype_is_refused_by_create_integration(gw):
    v2 = _client("apigatewayv2")
    api_id = v2.create_api(Name="services", ProtocolType="HTTP")["ApiId"]
    with pytest.raises(v2.exceptions.BadRequestException, match="Unsupported integration subtype: SNS-Publish"):
        v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationSubtype="SNS-Publish",
                              PayloadFormatVersion="1.0", CredentialsArn=ROLE,
                              RequestParameters={"TopicArn": "arn:aws:sns:us-east-1:123456789012:t"})
    assert v2.get_integrations(ApiId=api_id)["Items"] == []


def test_without_a_mock_serving_the_service_nothing_leaves_the_process(gwmock, monkeypatch, caplog):
    seen = network_guard(monkeypatch)
    base = _api("SQS-SendMessage", {"QueueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/q",
                                    "MessageBody": "$request.body"})
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        answer = requests.post(f"{base}/act", data="hi")

    assert _failed(answer) == (500, {"message": "Internal Server Error"})
    assert (f"No mock served the AWS service request POST https://sqs.{REGION}.amazonaws.com/ "
            "(gwmock never sends it: start moto's mock_aws to serve sqs)") in caplog.text
    assert seen == []


def test_a_region_that_is_not_one_answers_500(gw):
    base = _api("SQS-SendMessage", {"QueueUrl": _queue(), "MessageBody": "x", "Region": "$request.header.region"})

    answer = requests.post(f"{base}/act", headers={"region": "us-east-1:sqs:path/elsewhere"})

    assert _failed(answer) == (500, {"message": "Internal Server Error"})
    assert gw.requests[-1].log[-1] == ("Execution failed due to configuration error: Invalid endpoint address: "
                                       "region us-east-1:sqs:path/elsewhere")


def test_attributes_nested_past_the_json_decoder_answer_500_not_a_traceback(gw):
    queue = _queue()
    base = _api("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": "x", "MessageAttributes": "$request.body"})

    answer = requests.post(f"{base}/act", data='{"a": ' * 100_000 + "1" + "}" * 100_000)

    assert _failed(answer) == (500, {"message": "Internal Server Error"})
    assert _client("sqs").receive_message(QueueUrl=queue).get("Messages") is None


def test_appconfig_get_configuration_is_handed_to_the_mock_as_a_rest_request(gw, caplog):
    base = _api("AppConfig-GetConfiguration", {"Application": "app", "Environment": "$request.path.env",
                                               "Configuration": "flags", "ClientId": "$context.requestId"},
                route="GET /config/{env}")

    answer = requests.get(f"{base}/config/prod")

    # moto does not implement GetConfiguration: the request is refused locally, naming the missing mock
    assert _failed(answer) == (500, {"message": "Internal Server Error"})
    log = gw.requests[-1].log
    assert log[0].startswith(f"Endpoint request URI: https://appconfig.{REGION}.amazonaws.com"
                             "/applications/app/environments/prod/configurations/flags?client_id=")
    assert "the active mock does not implement appconfig" in log[-1]
