"""The events WebSocket routes send to Lambda, checked against aws-lambda-powertools' models of AWS's events."""

from __future__ import annotations

import json
import threading

import pytest
from aws_lambda_powertools.utilities.parser.models import (
    APIGatewayWebSocketConnectEventModel,
    APIGatewayWebSocketDisconnectEventModel,
    APIGatewayWebSocketMessageEventModel,
)
from ws_helpers import deploy

from gwmock.runtime.websocket.connections import Rejected


@pytest.fixture
def recorded(gwmock):
    events = []

    def handler(event, context):
        events.append(event)
        if event.get("queryStringParameters", {}).get("status"):
            return {"statusCode": int(event["queryStringParameters"]["status"])}
        if event["requestContext"]["routeKey"] == "boom":
            raise RuntimeError("boom")
        return {"statusCode": 200, "body": json.dumps({"got": event.get("body")})}

    api, url, _ = deploy(gwmock, handler, two_way=("echo",), routes=("$connect", "$disconnect", "boom"))
    return api, url, events


def test_connect_message_disconnect_events(gwmock, recorded):
    api, url, events = recorded
    conn = gwmock.websocket(url + "?room=1&room=2", headers={"User-Agent": "ua/1", "X-Custom": "c"})
    conn.send(json.dumps({"action": "echo"}))
    conn.close(1001, "going away")

    connect, message, disconnect = events
    APIGatewayWebSocketConnectEventModel(**connect)
    APIGatewayWebSocketMessageEventModel(**message)
    APIGatewayWebSocketDisconnectEventModel(**disconnect)

    for event, (key, kind) in zip(events, [("$connect", "CONNECT"), ("echo", "MESSAGE"),
                                          ("$disconnect", "DISCONNECT")]):
        context = event["requestContext"]
        assert (context["routeKey"], context["eventType"], context["connectionId"], context["connectedAt"]) == \
            (key, kind, conn.connection_id, conn.connected_at)
        assert (context["apiId"], context["stage"], context["messageDirection"]) == (api, "prod", "IN")
        assert context["domainName"] == f"{api}.execute-api.us-east-1.amazonaws.com"
        assert context["identity"] == {"sourceIp": "127.0.0.1", "userAgent": "ua/1"}
        assert ("messageId" in context) == (kind == "MESSAGE")
        assert event["isBase64Encoded"] is False

    assert connect["headers"]["X-Custom"] == "c" and connect["headers"]["Host"] == conn.domain_name
    assert connect["headers"]["X-Forwarded-Proto"] == "https"
    assert connect["queryStringParameters"] == {"room": "2"}
    assert connect["multiValueQueryStringParameters"] == {"room": ["1", "2"]}
    assert message["body"] == '{"action": "echo"}' and "headers" not in message
    assert (disconnect["requestContext"]["disconnectStatusCode"],
            disconnect["requestContext"]["disconnectReason"]) == (1001, "going away")


def test_route_response_only_for_two_way_routes(gwmock, recorded):
    _, url, events = recorded
    conn = gwmock.websocket(url)
    assert conn.send(json.dumps({"action": "echo"})) == [json.dumps({"got": '{"action": "echo"}'})]
    assert conn.send(json.dumps({"action": "nothing"}))[0].startswith('{"message": "Forbidden"')
    reply = json.loads(conn.send(json.dumps({"action": "boom"}))[0])
    assert reply["message"] == "Internal server error" and reply["connectionId"] == conn.connection_id


def test_connect_status_outside_2xx_rejects(gwmock, recorded):
    _, url, events = recorded
    with pytest.raises(Rejected) as caught:
        gwmock.websocket(url + "?status=429")
    assert caught.value.status == 429
    assert [e["requestContext"]["eventType"] for e in events] == ["CONNECT"]  # no $disconnect for it


def test_binary_and_oversize_frames_close_the_connection(gwmock, recorded):
    _, url, events = recorded
    binary = gwmock.websocket(url)
    assert binary.send(b"\x00") == []
    assert binary.closed and binary.close_status == 1003
    big = gwmock.websocket(url)
    big.send("x" * (128 * 1024 + 1))
    assert big.close_status == 1009
    kinds = [e["requestContext"]["eventType"] for e in events]
    assert kinds == ["CONNECT", "DISCONNECT", "CONNECT", "DISCONNECT"]
    assert [e["requestContext"]["disconnectStatusCode"] for e in events[1::2]] == [1003, 1009]


def test_function_errors_are_kept_and_logged(gwmock, recorded, caplog):
    _, url, _ = recorded
    conn = gwmock.websocket(url)
    conn.send(json.dumps({"action": "boom"}))
    assert [repr(e) for e in conn.errors] == ["RuntimeError('boom')"]
    assert "RuntimeError('boom')" in caplog.text


def test_raise_lambda_errors_raises_in_the_test(gwmock, recorded):
    _, url, _ = recorded
    gwmock.raise_lambda_errors = True
    conn = gwmock.websocket(url)
    with pytest.raises(RuntimeError, match="boom"):
        conn.send(json.dumps({"action": "boom"}))
    assert json.loads(conn.received[-1])["message"] == "Internal server error"


def test_a_slow_function_times_out(gwmock, apigatewayv2):
    release = threading.Event()

    def slow(event, context):
        if event["requestContext"]["eventType"] == "MESSAGE":
            release.wait(1)
        return {"statusCode": 200, "body": "late"}

    api, url, _ = deploy(gwmock, slow, routes=("$connect",), two_way=("$default",))
    integration = apigatewayv2.get_integrations(ApiId=api)["Items"][0]["IntegrationId"]
    apigatewayv2.update_integration(ApiId=api, IntegrationId=integration, TimeoutInMillis=50)
    conn = gwmock.websocket(url)
    try:
        reply = json.loads(conn.send("x")[0])
    finally:
        release.set()
    assert reply["message"] == "Endpoint request timed out" and reply["connectionId"] == conn.connection_id
