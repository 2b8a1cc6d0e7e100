"""AWS service integrations of deployed REST APIs, served by moto's ``mock_aws`` beside gwmock.

API Gateway is answered by gwmock, every other service by moto: the integration request that
gwmock builds goes to botocore's ``before-send`` event, where moto answers. Without moto
nothing leaves the process and the call fails with 500.
"""

from __future__ import annotations

import json
import re
import socket

import boto3
import pytest
import requests
from helpers import assert_matches, recorded

from gwmock import mock_apigateway
from gwmock.dispatch import DEFAULT_ACCOUNT

moto = pytest.importorskip("moto")

REGION = "us-east-1"


@pytest.fixture
def gw():
    # gwmock tells moto to let execute-api URLs through to it (gwmock.intercept)
    with moto.mock_aws(), mock_apigateway() as handle:
        yield handle


def _client(service):
    return boto3.client(service, region_name=REGION)


def _api(uri, verb="POST", path_part="test", responses=(("200", None, None),), **integration):
    """A REST API with one method on /<path_part> and an AWS integration, deployed to ``test``.
    ``responses``: (statusCode, selectionPattern, responseTemplates)."""
    ag = _client("apigateway")
    api = ag.create_rest_api(name="aws-integration")
    resource = ag.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=path_part)["id"]
    ag.put_method(restApiId=api["id"], resourceId=resource, httpMethod=verb, authorizationType="NONE",
                  requestParameters=integration.pop("method_parameters", {}))
    ag.put_integration(restApiId=api["id"], resourceId=resource, httpMethod=verb, type="AWS", uri=uri,
                       integrationHttpMethod=integration.pop("integrationHttpMethod", "POST"),
                       credentials=f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/apigw", **integration)
    for status, pattern, templates in responses:
        ag.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod=verb, statusCode=status)
        extra = {"selectionPattern": pattern} if pattern else {}
        ag.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod=verb, statusCode=status,
                                    responseTemplates=templates or {}, **extra)
    ag.create_deployment(restApiId=api["id"], stageName="test")
    return api["id"], resource, f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test/{path_part}"


def _call(gw, verb, url, body=None, **headers):
    headers.setdefault("Content-Type", "application/json")
    data = body if body is None or isinstance(body, (str, bytes)) else json.dumps(body)
    return gw.invoke(verb, url, headers, data)


def _account(expected):
    """Recorded values name the recording account; ours is gwmock's (and moto's) default."""
    return json.loads(json.dumps(expected).replace("111111111111", DEFAULT_ACCOUNT))


FORM = {"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"}


# --- SQS -------------------------------------------------------------------------------------


def _sqs_api(**integration):
    queue = _client("sqs").create_queue(QueueName="queue-1")["QueueUrl"]
    integration.setdefault("requestParameters", FORM)
    integration.setdefault("requestTemplates", {"application/json": "Action=SendMessage&MessageBody=$input.body"})
    integration.setdefault("passthroughBehavior", "NEVER")
    return queue, _api(f"arn:aws:apigateway:{REGION}:sqs:path/{DEFAULT_ACCOUNT}/queue-1", path_part="sqs",
                       **integration)


def _messages(queue, attributes=False):
    extra = {"MessageAttributeNames": ["All"]} if attributes else {}
    messages = _client("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10, **extra)["Messages"]
    for message in messages:
        message["Body"] = json.loads(message["Body"])
    return messages


def test_sqs_path_integration_with_response_template(gw):
    template = {"application/json": '{"message": "great success!"}'}
    queue, (_, _, url) = _sqs_api(responses=(("200", None, template),))
    with_payload = _call(gw, "POST", url, {"foo": "bar"})
    without_payload = _call(gw, "POST", url)
    for answer, step in ((with_payload, "sqs-aws-integration-with-payload"),
                         (without_payload, "sqs-aws-integration-without-payload")):
        assert answer.status == 200
        assert_matches(answer.json(), recorded("sqs", "test_sqs_aws_integration", step))
    messages = _client("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    expected = recorded("sqs", "test_sqs_aws_integration", "sqs-messages")
    assert len(messages) == len(expected)
    first = {k: messages[0][k] for k in ("MessageId", "ReceiptHandle", "MD5OfBody")}
    assert_matches({**first, "Body": json.loads(messages[0]["Body"])}, expected[0])
    # AWS's $input.body of an empty request is "{}" (expected[1])
    assert messages[1]["Body"] == "{}"


def test_sqs_response_is_json_by_default_and_xml_when_accept_is_mapped(gw):
    template = {"application/json": """
        #set($responseBody = $input.path('$.SendMessageResponse'))
        #set($requestId = $input.path('$.SendMessageResponse.ResponseMetadata.RequestId'))
        #set($messageId = $responseBody.SendMessageResult.MessageId)
        {
        "requestId": "$requestId",
        "messageId": "$messageId"
        }
        """}
    queue, (api, resource, url) = _sqs_api(responses=(("200", None, template),))
    answer = _call(gw, "POST", url, "<xml>Hello World</xml>")
    assert answer.status == 200
    body = answer.json()
    assert_matches(body, recorded("sqs", "test_sqs_request_and_response_xml_templates_integration",
                                  "sqs-json-response"))
    assert body["messageId"] == _client("sqs").receive_message(QueueUrl=queue)["Messages"][0]["MessageId"]

    ag = _client("apigateway")
    ag.update_integration(restApiId=api, resourceId=resource, httpMethod="POST", patchOperations=[
        {"op": "add", "path": "/requestParameters/integration.request.header.Accept", "value": "'application/xml'"}])
    ag.update_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200",
                                   patchOperations=[{"op": "remove", "path": "/responseTemplates/application~1json"}])
    ag.create_deployment(restApiId=api, stageName="test")
    answer = _call(gw, "POST", url, "<xml>Hello World</xml>")
    assert answer.status == 200
    assert answer.text.startswith("<")
    for element in ("MessageId", "MD5OfMessageBody", "RequestId"):
        assert re.search(f"<{element}>.*</{element}>", answer.text)


@pytest.mark.parametrize("prefix", ["MessageAttribute", "MessageAttributes"])
def test_sqs_message_attributes_from_the_method_request(gw, prefix):
    template = ("Action=SendMessage&MessageBody=$input.body"
                f"&{prefix}.1.Name=user-agent"
                f"&{prefix}.1.Value.StringValue=$input.params('user-agent')"
                f"&{prefix}.1.Value.DataType=String")
    queue, (_, _, url) = _sqs_api(requestTemplates={"application/json": template})
    answer = _call(gw, "POST", url, {"foo": "bar"}, **{"User-Agent": "BAR-Header"})
    assert answer.status == 200, answer.text
    [message] = _messages(queue, attributes=True)
    case = f"test_sqs_aws_integration_with_message_attribute[{prefix}]"
    assert_matches(message["Body"], recorded("sqs", case, "sqs-message-body"))
    # AWS's SQS reads both spellings; moto reads only MessageAttribute.N, so for the other one the
    # check is what gwmock sent SQS: the recorded attribute, in the request body the log shows.
    sent = next(line for line in gw.requests[-1].log if "Endpoint request body after transformations" in line)
    assert f"{prefix}.1.Name=user-agent" in sent and f"{prefix}.1.Value.StringValue=BAR-Header" in sent
    if "MessageAttributes" in message:
        assert_matches(message["MessageAttributes"], recorded("sqs", case, "sqs-message-attributes"))
    else:
        assert prefix == "MessageAttributes"  # the spelling moto does not read


def test_sqs_action_uri_with_mapped_query_string(gw):
    queue = _client("sqs").create_queue(QueueName="queue-2")["QueueUrl"]
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:sqs:action/SendMessage", path_part="send",
                     method_parameters={"method.request.querystring.text": True},
                     requestParameters={"integration.request.querystring.QueueUrl": f"'{queue}'",
                                        "integration.request.querystring.MessageBody":
                                            "method.request.querystring.text"})
    answer = gw.invoke("POST", url + "?text=%7B%22hello%22%3A1%7D")
    assert answer.status == 200
    result = answer.json()["SendMessageResponse"]
    assert set(result) == {"SendMessageResult", "ResponseMetadata"}
    [message] = _messages(queue)
    assert message["Body"] == {"hello": 1}
    assert result["SendMessageResult"]["MessageId"] == message["MessageId"]


def test_sqs_receive_message_answers_lists_maps_and_nulls(gw):
    sqs = _client("sqs")
    queue = sqs.create_queue(QueueName="queue-3")["QueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody="one",
                     MessageAttributes={"colour": {"DataType": "String", "StringValue": "blue"}})
    sqs.send_message(QueueUrl=queue, MessageBody="two")
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:sqs:action/ReceiveMessage", path_part="receive",
                     requestParameters={"integration.request.querystring.QueueUrl": f"'{queue}'",
                                        "integration.request.querystring.MaxNumberOfMessages": "'10'",
                                        "integration.request.querystring.MessageAttributeName.1": "'All'"})
    answer = gw.invoke("POST", url)
    assert answer.status == 200
    result = answer.json()["ReceiveMessageResponse"]["ReceiveMessageResult"]
    one, two = result["Messages"]
    assert (one["Body"], two["Body"]) == ("one", "two")
    assert one["MessageAttributes"] == {"colour": {"StringValue": "blue", "BinaryValue": None,
                                                   "StringListValues": None, "BinaryListValues": None,
                                                   "DataType": "String"}}
    assert two["MessageAttributes"] is None and two["MD5OfMessageAttributes"] is None
    assert set(one) == {"MessageId", "ReceiptHandle", "MD5OfBody", "Body", "Attributes", "MD5OfMessageAttributes",
                        "MessageAttributes"}


def test_sqs_json_protocol_by_mapped_target_header(gw):
    queue, (_, _, url) = _sqs_api(
        requestParameters={"integration.request.header.Content-Type": "'application/x-amz-json-1.0'",
                           "integration.request.header.X-Amz-Target": "'AmazonSQS.SendMessage'"},
        requestTemplates={"application/json": json.dumps({
            "QueueUrl": f"https://sqs.{REGION}.amazonaws.com/{DEFAULT_ACCOUNT}/queue-1",
            "MessageBody": '{"path": "$context.path", "stage": "$context.stage"}'})})
    answer = _call(gw, "POST", url, {})
    assert answer.status == 200
    assert set(answer.json()) >= {"MessageId", "MD5OfMessageBody"}  # the JSON protocol's answer, as is
    [message] = _messages(queue)
    assert message["Body"] == {"path": "/test/sqs", "stage": "test"}
    assert message["MessageId"] == answer.json()["MessageId"]


def test_uri_with_stage_variables(gw):
    queue = _client("sqs").create_queue(QueueName="queue-4")["QueueUrl"]
    ag = _client("apigateway")
    api, resource, _ = _api(f"arn:aws:apigateway:{REGION}:sqs:path/${{stageVariables.account}}/${{stageVariables.q}}",
                            requestParameters=FORM,
                            requestTemplates={"application/json": "Action=SendMessage&MessageBody=$input.body"})
    ag.create_deployment(restApiId=api, stageName="vars", variables={"account": DEFAULT_ACCOUNT, "q": "queue-4"})
    answer = _call(gw, "POST", f"https://{api}.execute-api.{REGION}.amazonaws.com/vars/test", {"v": 1})
    assert answer.status == 200
    assert _messages(queue)[0]["Body"] == {"v": 1}


def test_sqs_error_status_is_selected_by_pattern(gw):
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:sqs:path/{DEFAULT_ACCOUNT}/no-such-queue",
                     requestParameters=FORM,
                     requestTemplates={"application/json": "Action=SendMessage&MessageBody=x"},
                     responses=(("200", None, None), ("400", r"4\d{2}", None)))
    answer = _call(gw, "POST", url, {})
    assert answer.status == 400
    error = answer.json()
    assert error["Error"]["Type"] == "Sender"
    assert "NonExistentQueue" in error["Error"]["Code"]
    assert set(error) == {"Error", "RequestId"}


def test_sqs_error_without_pattern_takes_the_default_response(gw):
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:sqs:path/{DEFAULT_ACCOUNT}/no-such-queue",
                     requestParameters=FORM,
                     requestTemplates={"application/json": "Action=SendMessage&MessageBody=x"})
    answer = _call(gw, "POST", url, {})
    assert answer.status == 200
    assert "Error" in answer.json()


def test_deployed_api_called_with_requests(gw):
    template = {"application/json": '{"message": "great success!"}'}
    queue, (_, _, url) = _sqs_api(responses=(("200", None, template),))
    response = requests.post(url, json={"foo": "bar"})
    assert response.status_code == 200
    assert response.json() == {"message": "great success!"}
    assert _messages(queue)[0]["Body"] == {"foo": "bar"}


def test_test_invoke_method_logs_the_endpoint_request(gw):
    _, (api, resource, _) = _sqs_api()
    answer = _client("apigateway").test_invoke_method(restApiId=api, resourceId=resource, httpMethod="POST",
                                                      body='{"a": 1}')
    assert answer["status"] == 200
    assert "SendMessageResponse" in json.loads(answer["body"])
    log = answer["log"]
    assert f"Endpoint request URI: https://sqs.{REGION}.amazonaws.com/{DEFAULT_ACCOUNT}/queue-1" in log
    assert 'Endpoint request body after transformations: Action=SendMessage&MessageBody={"a": 1}' in log
    assert "Received response. Status: 200" in log


# --- DynamoDB ----------------------------------------------------------------------------------


def _table():
    ddb = _client("dynamodb")
    ddb.create_table(TableName="table-1", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    for key in ("test", "test2", "test 3"):
        ddb.put_item(TableName="table-1", Item={"id": {"S": key}})
    return ddb


def _scan_items(ddb):
    items = ddb.scan(TableName="table-1")["Items"]
    return sorted(items, key=lambda item: item["id"]["S"])


def test_dynamodb_put_item(gw):
    ddb = _table()
    template = {"application/json": json.dumps({"TableName": "table-1", "Item": {"id": {"S": "$input.path('id')"}}})}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:dynamodb:action/PutItem", requestTemplates=template)
    answer = _call(gw, "POST", url, {"id": "test-new"})
    expected = recorded("dynamodb", "test_rest_api_to_dynamodb_integration[PutItem]", "result-put-item")
    assert answer.status == expected["status_code"]
    assert answer.json() == expected["content"]
    assert answer.headers["Content-Type"] == "application/json"
    scanned = recorded("dynamodb", "test_rest_api_to_dynamodb_integration[PutItem]", "result-scan")
    assert _scan_items(ddb) == sorted(scanned["Items"], key=lambda item: item["id"]["S"])


def test_dynamodb_query(gw):
    _table()
    template = {"application/json": json.dumps({
        "TableName": "table-1", "KeyConditionExpression": "id = :id",
        "ExpressionAttributeValues": {":id": {"S": "$util.urlDecode($input.params('id'))"}}})}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:dynamodb:action/Query", verb="GET",
                     method_parameters={"method.request.querystring.id": True}, requestTemplates=template)
    for key in ("test", "test2", "test 3", "invalid"):
        answer = gw.invoke("GET", f"{url}?id={key.replace(' ', '%20')}")
        expected = recorded("dynamodb", "test_rest_api_to_dynamodb_integration[Query]", f"result-{key}")
        assert answer.status == expected["status_code"]
        assert answer.json() == expected["content"]


def test_dynamodb_scan(gw):
    _table()
    template = {"application/json": json.dumps({"TableName": "table-1"})}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:dynamodb:action/Scan", verb="GET", requestTemplates=template)
    answer = gw.invoke("GET", url)
    expected = recorded("dynamodb", "test_rest_api_to_dynamodb_integration[Scan]", "result-scan")
    body = answer.json()
    body["Items"].sort(key=lambda item: item["id"]["S"])
    assert answer.status == expected["status_code"]
    assert body == expected["content"]


def test_dynamodb_error_is_selected_by_status(gw):
    template = {"application/json": json.dumps({"TableName": "no-such-table"})}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:dynamodb:action/Scan", requestTemplates=template,
                     responses=(("200", None, None), ("400", "400", {"application/json": "$input.path('$.message')"})))
    answer = _call(gw, "POST", url, {})
    assert answer.status == 400
    assert "not found" in answer.text.lower()


# --- Kinesis, Step Functions, EventBridge ----------------------------------------------------------


def test_kinesis_put_record(gw):
    kinesis = _client("kinesis")
    kinesis.create_stream(StreamName="stream-1", ShardCount=1)
    template = {"application/json": json.dumps({"StreamName": "stream-1", "Data": "$util.base64Encode($input.body)",
                                                "PartitionKey": "test"})}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:kinesis:action/PutRecord", requestTemplates=template)
    answer = _call(gw, "POST", url, '{"kinesis": "snapshot"}')
    assert answer.status == 200
    assert_matches(answer.json(), recorded("kinesis", "test_apigateway_to_kinesis[PutRecord]", "apigateway_response"))
    shard = kinesis.describe_stream(StreamName="stream-1")["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="stream-1", ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    [record] = kinesis.get_records(ShardIterator=iterator)["Records"]
    assert record["Data"] == b'{"kinesis": "snapshot"}'
    assert record["SequenceNumber"] == answer.json()["SequenceNumber"]


def test_kinesis_put_records(gw):
    _client("kinesis").create_stream(StreamName="stream-1", ShardCount=1)
    template = {"application/json": """{
        "StreamName": "stream-1",
        "Records": [
            #foreach($record in $input.path('$.records'))
            {"Data": "$util.base64Encode($util.toJson($record))", "PartitionKey": "20"}#if($foreach.hasNext),#end
            #end
        ]
    }"""}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:kinesis:action/PutRecords", requestTemplates=template)
    answer = _call(gw, "POST", url, {"records": [{"foo": "bar1"}, {"foo": "bar2"}, {"foo": "bar3"}]})
    assert answer.status == 200, answer.text
    assert_matches(answer.json(), recorded("kinesis", "test_apigateway_to_kinesis[PutRecords]",
                                           "apigateway_response"))


DEFINITION = json.dumps({"StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "End": True}}})


def test_step_functions_start_execution_and_delete_state_machine(gw):
    sfn = _client("stepfunctions")
    arn = sfn.create_state_machine(name="machine-1", definition=DEFINITION,
                                   roleArn=f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/sfn")["stateMachineArn"]
    start = {"application/json": json.dumps({"input": "$util.escapeJavaScript($input.json('$'))",
                                             "stateMachineArn": arn})}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:states:action/StartExecution", requestTemplates=start)
    answer = _call(gw, "POST", url, {"test": "test"})
    assert answer.status == 200
    body = answer.json()
    assert_matches(body, recorded("stepfunctions", "test_apigateway_with_step_function_integration[StartExecution]",
                                  "start_execution_response"))
    execution = sfn.describe_execution(executionArn=body["executionArn"])
    assert json.loads(execution["input"]) == {"test": "test"}

    delete = {"application/json": json.dumps({"stateMachineArn": arn})}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:states:action/DeleteStateMachine", requestTemplates=delete)
    answer = _call(gw, "POST", url, {})
    assert answer.status == 200
    assert answer.json() == recorded("stepfunctions",
                                     "test_apigateway_with_step_function_integration[DeleteStateMachine]",
                                     "delete_state_machine_response")
    assert sfn.list_state_machines()["stateMachines"] == []


def test_eventbridge_put_events(gw):
    template = {"application/json": """{"Entries": [{
        "Source": "customer.service", "DetailType": "order.placed",
        "Detail": "$util.escapeJavaScript($input.body)", "EventBusName": "default"}]}"""}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:events:action/PutEvents", requestTemplates=template)
    answer = _call(gw, "POST", url, {"customer": "1"})
    assert answer.status == 200
    assert_matches(answer.json(), recorded("eventbridge", "test_apigateway_to_eventbridge",
                                           "eventbridge-put-events-response"))


# --- SSM -----------------------------------------------------------------------------------------


def test_ssm_get_parameter_answers_the_query_protocol_json(gw):
    _client("ssm").put_parameter(Name="param-test-123", Description="test", Value="123", Type="String")
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:ssm:action/GetParameter", verb="GET", path_part="ssm",
                     passthroughBehavior="WHEN_NO_TEMPLATES",
                     requestParameters={"integration.request.querystring.Name": "'param-test-123'"})
    answer = gw.invoke("GET", url)
    assert answer.status == 200
    body = answer.json()["GetParameterResponse"]
    assert set(body) == {"GetParameterResult", "ResponseMetadata"}
    assert body["ResponseMetadata"]["RequestId"]
    expected = _account(recorded("ssm", "test_ssm_aws_integration", "ssm-aws-integration"))["GetParameterResult"]
    assert_matches(body["GetParameterResult"], expected)  # absent members are null, as AWS writes them


def test_ssm_missing_parameter_is_a_query_error(gw):
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:ssm:action/GetParameter&Name=nope", verb="GET",
                     responses=(("200", None, None), ("400", "4\\d\\d", None)))
    answer = gw.invoke("GET", url)
    assert answer.status == 400
    error = answer.json()
    assert error["Error"]["Code"] == "ParameterNotFound"
    assert error["Error"]["Type"] == "Sender"


def test_ssm_query_lists_and_booleans_reach_the_service_typed(gw):
    """The query form's ``Names.member.N`` and ``WithDecryption=true`` are the JSON call's list
    and boolean (the mock is handed the JSON form of the same call)."""
    ssm = _client("ssm")
    ssm.put_parameter(Name="one", Value="1", Type="String")
    ssm.put_parameter(Name="two", Value="2", Type="SecureString")
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:ssm:action/GetParameters"
                     "&Names.member.1=one&Names.member.2=two&WithDecryption=true", verb="GET")
    answer = gw.invoke("GET", url)
    assert answer.status == 200
    result = answer.json()["GetParametersResponse"]["GetParametersResult"]
    assert sorted((p["Name"], p["Value"]) for p in result["Parameters"]) == [("one", "1"), ("two", "2")]


# --- S3 --------------------------------------------------------------------------------------------


def _s3_api():
    _client("s3").create_bucket(Bucket="bucket-1")
    ag = _client("apigateway")
    api = ag.create_rest_api(name="s3", binaryMediaTypes=["image/png"])
    resource = ag.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{object_path+}")["id"]
    ag.put_method(restApiId=api["id"], resourceId=resource, httpMethod="ANY", authorizationType="NONE",
                  requestParameters={"method.request.path.object_path": True})
    ag.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="ANY", type="AWS",
                       integrationHttpMethod="ANY", uri=f"arn:aws:apigateway:{REGION}:s3:path/bucket-1/{{object_path}}",
                       requestParameters={"integration.request.path.object_path": "method.request.path.object_path"})
    ag.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod="ANY", statusCode="200")
    ag.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod="ANY", statusCode="200")
    ag.create_deployment(restApiId=api["id"], stageName="test")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test"


def test_s3_any_method_puts_gets_and_deletes_objects(gw):
    url = _s3_api() + "/test.json"
    s3 = _client("s3")
    empty = gw.invoke("GET", url)
    assert "<Code>NoSuchKey</Code>" in empty.text
    case = "test_apigateway_s3_any"
    missing = recorded("s3", case, "get-object-empty")["Error"]
    assert f"<Key>{missing['Key']}</Key>" in empty.text
    assert f"<Message>{missing['Message']}</Message>" in empty.text
    for n in (1, 2):
        assert _call(gw, "PUT", url, {"put_id": n}).status == 200
        got = gw.invoke("GET", url)
        assert got.status == 200
        assert got.json() == recorded("s3", case, f"get-object-{n}")
    assert json.loads(s3.get_object(Bucket="bucket-1", Key="test.json")["Body"].read()) == {"put_id": 2}
    assert gw.invoke("DELETE", url).status == 200
    assert "<Code>NoSuchKey</Code>" in gw.invoke("GET", url).text
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket="bucket-1", Key="test.json")


def test_s3_keeps_binary_bodies(gw):
    url = _s3_api() + "/folder/image.png"
    raw = b"\x89PNG\x00\x01\xff"
    assert gw.invoke("PUT", url, {"Content-Type": "image/png"}, raw).status == 200
    assert _client("s3").get_object(Bucket="bucket-1", Key="folder/image.png")["Body"].read() == raw
    got = gw.invoke("GET", url, {"Accept": "image/png"})
    assert got.status == 200
    assert got.body == raw


# --- without a mock for the service ------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a connection was attempted: {args}")

    # socket.socket.connect is left alone: gwmock's own guard (gwmock.intercept) wraps the
    # socket layer while a mock is active, and restores it at stop
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("uri", [
    f"arn:aws:apigateway:{REGION}:sqs:path/{DEFAULT_ACCOUNT}/queue-1",
    f"arn:aws:apigateway:{REGION}:dynamodb:action/PutItem",
    f"arn:aws:apigateway:{REGION}:s3:path/bucket/key",
])
def test_without_moto_the_call_fails_with_500_and_nothing_leaves(no_network, uri):
    with mock_apigateway() as gw:
        api, resource, url = _api(uri, requestTemplates={"application/json": "Action=SendMessage"})
        answer = _call(gw, "POST", url, {})
        assert answer.status == 500
        assert answer.json() == {"message": "Internal server error"}
        assert answer.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
        test = _client("apigateway").test_invoke_method(restApiId=api, resourceId=resource, httpMethod="POST",
                                                         body="{}")
    assert test["status"] == 500
    assert "Execution failed due to configuration error: No mock served the AWS service request" in test["log"]


def test_unknown_service_fails_with_500(gw):
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:nosuchservice:action/DoIt")
    answer = _call(gw, "POST", url, {})
    assert answer.status == 500
    assert answer.json() == {"message": "Internal server error"}


def test_service_moto_does_not_serve_fails_with_500(gw):
    api, resource, url = _api(f"arn:aws:apigateway:{REGION}:pricing:action/GetProducts")
    answer = _call(gw, "POST", url, {})
    assert answer.status == 500
    log = _client("apigateway").test_invoke_method(restApiId=api, resourceId=resource, httpMethod="POST")["log"]
    assert "does not implement pricing" in log


def test_mapped_body_reaches_the_service_as_utf8(gw):
    # the mapped body reaches the service byte for byte (UTF-8 text through $util.base64Encode)
    kinesis = _client("kinesis")
    kinesis.create_stream(StreamName="stream-2", ShardCount=1)
    template = {"application/json": json.dumps({"StreamName": "stream-2", "Data": "$util.base64Encode($input.body)",
                                                "PartitionKey": "k"})}
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:kinesis:action/PutRecord", requestTemplates=template)
    text = '{"word": "caf\u00e9"}'
    assert _call(gw, "POST", url, text.encode()).status == 200
    shard = kinesis.describe_stream(StreamName="stream-2")["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="stream-2", ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    [record] = kinesis.get_records(ShardIterator=iterator)["Records"]
    assert record["Data"].decode() == text


def test_s3_bucket_as_subdomain_of_the_service(gw):
    s3 = _client("s3")
    s3.create_bucket(Bucket="bucket-2")
    s3.put_object(Bucket="bucket-2", Key="hello.txt", Body=b"hello")
    _, _, url = _api(f"arn:aws:apigateway:{REGION}:bucket-2.s3:path/hello.txt", verb="GET",
                     integrationHttpMethod="GET")
    answer = gw.invoke("GET", url)
    assert answer.status == 200
    assert answer.text == "hello"
