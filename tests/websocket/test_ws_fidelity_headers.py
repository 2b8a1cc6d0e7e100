"""The handshake's headers in the $connect authorizer's event and the $connect function's event, in-process
and in server mode. AWS's authorizer example input (and localstack#7191's AWS event) has
Connection/content-length/Upgrade; the $connect events captured from AWS have none of them."""

from __future__ import annotations

import pytest
from websockets.sync.client import connect
from ws_helpers import REGION, deploy, fn_arn

from gwmock.server import start

AUTHORIZER_HEADERS = ["Connection", "content-length", "HeaderAuth1", "Host", "Sec-WebSocket-Extensions",
                      "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Upgrade", "X-Amzn-Trace-Id", "X-Forwarded-For",
                      "X-Forwarded-Port", "X-Forwarded-Proto"]  # AWS's example input, in its order
CONNECT_HEADERS = [name for name in AUTHORIZER_HEADERS if name not in ("Connection", "content-length", "Upgrade")]


@pytest.fixture
def recorded(gwmock, apigatewayv2):
    """(api id, wss URL, authorizer events, $connect events)."""
    authorizer_events, connect_events = [], []

    def auth(event, context):
        authorizer_events.append(event)
        return {"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]}}

    def backend(event, context):
        if event["requestContext"]["eventType"] == "CONNECT":
            connect_events.append(event)
        return {"statusCode": 200}

    api, url, _ = deploy(gwmock, backend)
    gwmock.add_lambda("auth", auth)
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api, AuthorizerType="REQUEST", Name="a", IdentitySource=["route.request.header.HeaderAuth1"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('auth')}/invocations",
    )["AuthorizerId"]
    route = next(r for r in apigatewayv2.get_routes(ApiId=api)["Items"] if r["RouteKey"] == "$connect")
    apigatewayv2.update_route(ApiId=api, RouteId=route["RouteId"], AuthorizationType="CUSTOM",
                              AuthorizerId=authorizer)
    return api, url, authorizer_events, connect_events


HANDSHAKE = {"HeaderAuth1": "headerValue1", "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits"}


def test_in_process(gwmock, recorded):
    api, url, authorizer_events, connect_events = recorded
    gwmock.websocket(url, headers=HANDSHAKE)
    (authorizer_event,), (connect_event,) = authorizer_events, connect_events
    assert list(authorizer_event["headers"]) == list(authorizer_event["multiValueHeaders"]) == AUTHORIZER_HEADERS
    assert list(connect_event["headers"]) == list(connect_event["multiValueHeaders"]) == CONNECT_HEADERS
    assert (authorizer_event["headers"]["Connection"], authorizer_event["headers"]["content-length"],
            authorizer_event["headers"]["Upgrade"]) == ("upgrade", "0", "websocket")
    assert authorizer_event["multiValueHeaders"]["Upgrade"] == ["websocket"]
    for event in (authorizer_event, connect_event):
        assert event["headers"]["Host"] == f"{api}.execute-api.{REGION}.amazonaws.com"
        assert event["headers"]["HeaderAuth1"] == "headerValue1"
        assert event["headers"]["Sec-WebSocket-Key"] == authorizer_event["headers"]["Sec-WebSocket-Key"]


def test_the_clients_own_upgrade_headers_and_host_are_replaced(gwmock, recorded):
    api, url, authorizer_events, connect_events = recorded
    gwmock.websocket(url, headers={**HANDSHAKE, "connection": "Upgrade", "UPGRADE": "WebSocket",
                                   "Host": "elsewhere.example"})
    (authorizer_event,), (connect_event,) = authorizer_events, connect_events
    assert list(authorizer_event["headers"]) == AUTHORIZER_HEADERS
    assert (authorizer_event["headers"]["Connection"], authorizer_event["headers"]["Upgrade"]) == \
        ("upgrade", "websocket")
    assert list(connect_event["headers"]) == CONNECT_HEADERS
    assert connect_event["multiValueHeaders"]["Host"] == [f"{api}.execute-api.{REGION}.amazonaws.com"]


def test_server_mode(gwmock, recorded):
    api, _, authorizer_events, connect_events = recorded
    server = start(gwmock, timeout=0.5)
    try:
        with connect(f"ws://127.0.0.1:{server.port}/_ws/{api}/prod", open_timeout=5,
                     additional_headers={"HeaderAuth1": "headerValue1"}, user_agent_header=None) as ws:
            ws.send("hi")
    finally:
        server.stop()
    (authorizer_event,), (connect_event,) = authorizer_events, connect_events
    # the ASGI server lowercases names: the handshake's own get AWS's spelling back, the client's stay lower case
    assert list(authorizer_event["headers"]) == \
        [name.lower() if name == "HeaderAuth1" else name for name in AUTHORIZER_HEADERS]
    assert list(connect_event["headers"]) == \
        [name.lower() if name == "HeaderAuth1" else name for name in CONNECT_HEADERS]
    assert connect_event["headers"]["Host"] == f"{api}.execute-api.{REGION}.amazonaws.com"  # not 127.0.0.1:port
    assert connect_event["headers"]["Sec-WebSocket-Version"] == "13"
    assert connect_event["headers"]["Sec-WebSocket-Extensions"] == "permessage-deflate; client_max_window_bits"
    assert connect_event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert (authorizer_event["headers"]["Connection"], authorizer_event["headers"]["content-length"],
            authorizer_event["headers"]["Upgrade"]) == ("upgrade", "0", "websocket")
