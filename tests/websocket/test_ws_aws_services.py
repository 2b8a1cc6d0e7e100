"""WebSocket routes with AWS integrations of services other than Lambda (SQS, DynamoDB, EventBridge,
Kinesis), served by moto's ``mock_aws`` beside gwmock: the request API Gateway builds goes to
botocore's ``before-send`` event, as for REST APIs (gwmock/runtime/websocket/integrations.py has the
evidence and the guesses these tests pin). Without a mock serving the service nothing leaves the
process and the route fails with a log line naming the missing mock."""

from __future__ import annotations

import json
import logging

import boto3
import pytest
from helpers import network_guard
from websockets.sync.client import connect
from ws_helpers import ACCOUNT, REGION

from gwmock import mock_apigateway
from gwmock.runtime.websocket.connections import Rejected
from gwmock.server import start

moto = pytest.importorskip("moto")

FORM = {"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"}
SEND = ("Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
        "&MessageAttribute.1.Name=connection&MessageAttribute.1.Value.DataType=String"
        "&MessageAttribute.1.Value.StringValue=$context.connectionId")
TABLE = "connections"


@pytest.fixture
def gw():
    with moto.mock_aws(), mock_apigateway() as handle:
        yield handle


def _client(service):
    return boto3.client(service, region_name=REGION)


class WsApi:
    """A WebSocket API routing on ``$request.body.action``, deployed to ``prod`` on every change."""

    def __init__(self, gw):
        self.gw, self.client = gw, _client("apigatewayv2")
        self.id = self.client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                         RouteSelectionExpression="$request.body.action")["ApiId"]
        self.client.create_stage(ApiId=self.id, StageName="prod", AutoDeploy=True)

    def aws(self, uri, templates=None, expression="\\$default", responses=None, **params):
        """An AWS integration of ``uri`` with ``responses`` ({key: response template or None})."""
        if templates is not None:
            params["RequestTemplates"] = templates
        if templates is not None and expression is not None:
            params["TemplateSelectionExpression"] = expression
        integration = self.client.create_integration(
            ApiId=self.id, IntegrationType="AWS", IntegrationMethod="POST", IntegrationUri=uri,
            CredentialsArn=f"arn:aws:iam::{ACCOUNT}:role/apigw", **params)["IntegrationId"]
        for key, template in (responses or {}).items():
            extra = {"ResponseTemplates": {"$default": template}, "TemplateSelectionExpression": "\\$default"} \
                if template is not None else {}
            self.client.create_integration_response(ApiId=self.id, IntegrationId=integration,
                                                    IntegrationResponseKey=key, **extra)
        return integration

    def route(self, key, integration, *, two_way=False):
        extra = {"RouteResponseSelectionExpression": "$default"} if two_way else {}
        route = self.client.create_route(ApiId=self.id, RouteKey=key, Target=f"integrations/{integration}",
                                         **extra)["RouteId"]
        if two_way:
            self.client.create_route_response(ApiId=self.id, RouteId=route, RouteResponseKey="$default")

    def connect(self, **kwargs):
        return self.gw.websocket(f"wss://{self.id}.execute-api.{REGION}.amazonaws.com/prod", **kwargs)


@pytest.fixture
def api(gw):
    return WsApi(gw)


def _error_message(frame):
    document = json.loads(frame)
    assert set(document) == {"message", "connectionId", "requestId"}
    return document["message"]


# --- SQS -------------------------------------------------------------------------------------------


def _queue(name="queue-1"):
    return _client("sqs").create_queue(QueueName=name)["QueueUrl"]


def _received(queue):
    answer = _client("sqs").receive_message(QueueUrl=queue, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
    return [(m["Body"], m.get("MessageAttributes", {}).get("connection", {}).get("StringValue"))
            for m in answer.get("Messages", [])]


def _sqs_uri(path=f"{ACCOUNT}/queue-1"):
    return f"arn:aws:apigateway:{REGION}:sqs:path/{path}"


def test_a_message_goes_to_sqs_with_the_connection_id_and_the_answer_comes_back_as_json(api):
    queue = _queue()
    template = ('{"messageId": "$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')", '
                '"requestId": "$input.path(\'$.SendMessageResponse.ResponseMetadata.RequestId\')"}')
    api.route("send", api.aws(_sqs_uri(), {"$default": SEND}, RequestParameters=FORM,
                              responses={"/2\\d\\d/": template}), two_way=True)
    conn = api.connect()
    [frame] = conn.send('{"action": "send", "text": "hi & bye"}')
    [(body, connection)] = _received(queue)
    assert (body, connection) == ('{"action": "send", "text": "hi & bye"}', conn.connection_id)
    answer = json.loads(frame)
    assert answer["messageId"] and answer["requestId"]
    assert conn.errors == []


def test_a_one_way_route_sends_to_sqs_and_nothing_back(api):
    queue = _queue()
    api.route("$default", api.aws(_sqs_uri(), {"$default": SEND}, RequestParameters=FORM,
                                  responses={"$default": "never sent"}))
    conn = api.connect()
    assert conn.send("plain text") == []
    assert _received(queue) == [("plain text", conn.connection_id)]


def test_the_template_selection_expression_picks_the_request_template(api):
    queue = _queue()
    templates = {"loud": "Action=SendMessage&MessageBody=LOUD", "$default": "Action=SendMessage&MessageBody=quiet"}
    api.route("send", api.aws(_sqs_uri(), templates, "${request.body.kind}", RequestParameters=FORM,
                              responses={"$default": None}))
    conn = api.connect()
    conn.send('{"action": "send", "kind": "loud"}')
    conn.send('{"action": "send", "kind": "other"}')
    assert sorted(body for body, _ in _received(queue)) == ["LOUD", "quiet"]


def test_a_path_parameter_mapped_from_the_message_names_the_queue(api):
    queue = _queue("queue-2")
    parameters = {**FORM, "integration.request.path.queue": "route.request.body.queue"}
    api.route("send", api.aws(_sqs_uri(f"{ACCOUNT}/{{queue}}"), {"$default": "Action=SendMessage&MessageBody=x"},
                              RequestParameters=parameters))
    api.connect().send('{"action": "send", "queue": "queue-2"}')
    assert _received(queue) == [("x", None)]


def test_passthrough_never_refuses_a_message_no_template_matches_before_sqs_is_called(api):
    queue = _queue()
    api.route("send", api.aws(_sqs_uri(), {"other": SEND}, "${request.body.kind}", RequestParameters=FORM,
                              PassthroughBehavior="NEVER", responses={"$default": None}), two_way=True)
    [frame] = api.connect().send('{"action": "send", "kind": "unknown"}')
    assert _error_message(frame) == "Unsupported Media Type"
    assert _received(queue) == []


def test_a_real_websocket_client_in_server_mode_reaches_sqs(api):
    queue = _queue()
    api.route("send", api.aws(_sqs_uri(), {"$default": SEND}, RequestParameters=FORM,
                              responses={"/2\\d\\d/": '{"sent": true}'}), two_way=True)
    server = start(api.gw, timeout=0.5)
    try:
        with connect(f"ws://127.0.0.1:{server.port}/_ws/{api.id}/prod", open_timeout=5) as ws:
            ws.send('{"action": "send", "n": 1}')
            assert json.loads(ws.recv(timeout=5)) == {"sent": True}
    finally:
        server.stop()
    [(body, connection)] = _received(queue)
    assert body == '{"action": "send", "n": 1}' and connection


# --- DynamoDB -------------------------------------------------------------------------------------


def _table():
    _client("dynamodb").create_table(TableName=TABLE, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                                     BillingMode="PAY_PER_REQUEST")


def _items():
    return sorted(_client("dynamodb").scan(TableName=TABLE)["Items"], key=lambda item: item["id"]["S"])


def _dynamodb(action):
    return f"arn:aws:apigateway:{REGION}:dynamodb:action/{action}"


def _connection_tracking(api):
    """$connect puts {id: connectionId, route: $connect}, $disconnect deletes it: the connection table of
    serverless-patterns' apigw-websocket-api-connection-dynamodb, without a function."""
    put = json.dumps({"TableName": TABLE, "Item": {"id": {"S": "$context.connectionId"},
                                                   "route": {"S": "$context.routeKey"},
                                                   "who": {"S": "$input.params('who')"}}})
    delete = json.dumps({"TableName": TABLE, "Key": {"id": {"S": "$context.connectionId"}}})
    # AWS's CDK example keys the template application/json, without a selection expression
    api.route("$connect", api.aws(_dynamodb("PutItem"), {"application/json": put}, None))
    api.route("$disconnect", api.aws(_dynamodb("DeleteItem"), {"$default": delete}))


def test_connect_and_disconnect_keep_the_connection_table_in_dynamodb(api):
    _table()
    _connection_tracking(api)
    first, second = api.connect(headers={"who": "ann"}), api.connect(headers={"who": "bob"})
    expected = [{"id": {"S": c.connection_id}, "route": {"S": "$connect"}, "who": {"S": w}}
                for c, w in ((first, "ann"), (second, "bob"))]
    assert _items() == sorted(expected, key=lambda item: item["id"]["S"])
    first.close()
    assert [item["id"]["S"] for item in _items()] == [second.connection_id]


def test_a_connect_the_service_refuses_is_rejected_with_its_status(api):
    _connection_tracking(api)  # no table: DynamoDB answers 400 ResourceNotFoundException
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 400


def test_a_two_way_route_maps_the_service_error_by_its_status(api):
    get = json.dumps({"TableName": "missing", "Key": {"id": {"S": "$input.path('$.id')"}}})
    responses = {"/2\\d\\d/": "$input.json('$.Item')",
                 "/4\\d\\d/": '{"error": "$input.path(\'$.__type\').replaceAll(\'.*#\', \'\')", '
                              '"status": "$context.routeKey"}'}
    api.route("get", api.aws(_dynamodb("GetItem"), {"$default": get}, responses=responses), two_way=True)
    conn = api.connect()
    assert conn.send('{"action": "get", "id": "a"}') == ['{"error": "ResourceNotFoundException", "status": "get"}']
    assert conn.errors == []


def test_a_two_way_route_reads_dynamodb_through_the_success_template(api):
    _table()
    _client("dynamodb").put_item(TableName=TABLE, Item={"id": {"S": "a"}, "n": {"N": "7"}})
    get = json.dumps({"TableName": TABLE, "Key": {"id": {"S": "$input.path('$.id')"}}})
    api.route("get", api.aws(_dynamodb("GetItem"), {"$default": get},
                             responses={"/2\\d\\d/": '{"n": $input.path(\'$.Item.n.N\')}'}), two_way=True)
    assert api.connect().send('{"action": "get", "id": "a"}') == ['{"n": 7}']


def test_the_response_template_may_be_selected_by_the_status_code(api):
    get = json.dumps({"TableName": "missing", "Key": {"id": {"S": "x"}}})
    integration = api.aws(_dynamodb("GetItem"), {"$default": get})
    api.client.create_integration_response(
        ApiId=api.id, IntegrationId=integration, IntegrationResponseKey="$default",
        TemplateSelectionExpression="${integration.response.statuscode}",
        ResponseTemplates={"400": "bad request", "$default": "other"})
    api.route("get", integration, two_way=True)
    assert api.connect().send('{"action": "get"}') == ["bad request"]


def test_a_service_status_no_integration_response_matches_sends_internal_server_error(api, caplog):
    get = json.dumps({"TableName": "missing", "Key": {"id": {"S": "x"}}})
    api.route("get", api.aws(_dynamodb("GetItem"), {"$default": get}, responses={"/2\\d\\d/": "ok"}), two_way=True)
    conn = api.connect()
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        [frame] = conn.send('{"action": "get"}')
    assert _error_message(frame) == "Internal server error"
    assert "No match for output mapping and no default output mapping configured. Endpoint Response Status " \
           "Code: 400" in caplog.text
    assert conn.state == "OPEN" and conn.errors == []


# --- EventBridge and Kinesis ----------------------------------------------------------------------


def test_a_message_is_put_on_eventbridge_and_reaches_a_rule_target(api):
    queue = _queue("events")
    arn = _client("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events = _client("events")
    events.put_rule(Name="chat", EventPattern=json.dumps({"source": ["chat.ws"]}))
    events.put_targets(Rule="chat", Targets=[{"Id": "q", "Arn": arn}])
    template = json.dumps({"Entries": [{"Source": "chat.ws", "DetailType": "message",
                                        "Detail": "$util.escapeJavaScript($input.json('$.data'))",
                                        "EventBusName": "default"}]})
    api.route("publish", api.aws(f"arn:aws:apigateway:{REGION}:events:action/PutEvents", {"$default": template},
                                 responses={"/2\\d\\d/": "failed=$input.path('$.FailedEntryCount')"}), two_way=True)
    assert api.connect().send('{"action": "publish", "data": {"text": "hi"}}') == ["failed=0"]
    [(body, _)] = _received(queue)
    event = json.loads(body)
    assert (event["source"], event["detail-type"], event["detail"]) == ("chat.ws", "message", {"text": "hi"})


def test_a_message_is_put_on_a_kinesis_stream(api):
    kinesis = _client("kinesis")
    kinesis.create_stream(StreamName="stream", ShardCount=1)
    template = json.dumps({"StreamName": "stream", "PartitionKey": "$context.connectionId",
                           "Data": "$util.base64Encode($input.body)"})
    api.route("put", api.aws(f"arn:aws:apigateway:{REGION}:kinesis:action/PutRecord", {"$default": template},
                             responses={"/2\\d\\d/": "$input.path('$.ShardId')"}), two_way=True)
    assert api.connect().send('{"action": "put", "n": 1}') == ["shardId-000000000000"]
    shard = kinesis.get_shard_iterator(StreamName="stream", ShardId="shardId-000000000000",
                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=shard)["Records"]] == [b'{"action": "put", "n": 1}']


# --- no mock serving the service --------------------------------------------------------------------


@pytest.fixture
def unserved(gwmock, monkeypatch):
    """A WebSocket API whose ``$connect`` and ``send`` routes call DynamoDB and SQS, with no moto active."""
    api = WsApi(gwmock)
    api.route("send", api.aws(_sqs_uri(), {"$default": SEND}, RequestParameters=FORM,
                              responses={"$default": None}), two_way=True)
    return api, network_guard(monkeypatch)


def test_an_unserved_service_fails_locally_with_a_log_line_naming_the_missing_mock(unserved, caplog):
    api, seen = unserved
    conn = api.connect()
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        [frame] = conn.send('{"action": "send"}')
    assert _error_message(frame) == "Internal server error"
    assert (f"No mock served the AWS service request POST https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/queue-1 "
            "(gwmock never sends it: start moto's mock_aws to serve sqs)") in caplog.text
    assert seen == [] and conn.errors == [] and conn.state == "OPEN"


def test_an_unserved_service_on_connect_rejects_with_500_and_reaches_no_network(unserved):
    api, seen = unserved
    api.route("$connect", api.aws(_dynamodb("PutItem"), {"$default": "{}"}))
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 500
    assert seen == []


@pytest.mark.parametrize(("uri", "logged"), [
    (f"arn:aws:apigateway:{REGION}:nosuchservice:action/Do",
     "AWS service nosuchservice is not known to botocore: Invalid endpoint address"),
    (f"arn:aws:apigateway:{REGION}:sqs:queue-1", "Invalid endpoint address: "),
])
def test_an_integration_uri_naming_no_service_sends_internal_server_error(unserved, caplog, uri, logged):
    api, seen = unserved
    api.route("other", api.aws(uri, responses={"$default": None}), two_way=True)
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        [frame] = api.connect().send('{"action": "other"}')
    assert _error_message(frame) == "Internal server error"
    assert logged in caplog.text
    assert seen == []
