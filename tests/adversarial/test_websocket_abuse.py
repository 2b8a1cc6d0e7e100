"""WebSocket server mode under abuse, with the real ``websockets`` client on 127.0.0.1: oversize and
fragmented messages, ping floods, binary frames, messages after close, handshake abuse, many
clients, re-entrant calls from a route back into the server, and stopping mid-route."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import sys
import threading
import time
from pathlib import Path

import boto3
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from gwmock.runtime.websocket.connections import MAX_MESSAGE
from gwmock.server import start

sys.path.insert(0, str(Path(__file__).parents[1] / "websocket"))
import ws_helpers  # noqa: E402

EVENTS: list[tuple[str, int]] = []
CONNECTIONS: list[str] = []


def backend(event, context):
    body = event.get("body") or ""
    EVENTS.append((event["requestContext"]["routeKey"], len(body)))
    CONNECTIONS.append(event["requestContext"]["connectionId"])
    if body == "hang":
        time.sleep(3)
    return {"statusCode": 200, "body": json.dumps({"size": len(body)})}


@pytest.fixture
def served(gwmock):
    EVENTS.clear()
    CONNECTIONS.clear()
    api, _, _ = ws_helpers.deploy(gwmock, backend, routes=("$connect", "$disconnect"), two_way=("$default",))
    server = start(gwmock, timeout=0.5, workers=4)
    yield server, api, f"ws://127.0.0.1:{server.port}/_ws/{api}/prod"
    server.stop()


def _wait_for(condition, seconds=2.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_a_message_at_the_quota_reaches_the_route(served):
    _, _, address = served
    with connect(address, max_size=None) as ws:
        ws.send("x" * MAX_MESSAGE)
        assert json.loads(ws.recv(timeout=5)) == {"size": MAX_MESSAGE}


@pytest.mark.parametrize("size", [MAX_MESSAGE + 1, 16 * 1024 * 1024])
def test_an_oversize_message_closes_1009_while_it_arrives(served, size):
    _, _, address = served
    started = time.perf_counter()
    with connect(address, max_size=None) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            ws.send("x" * size)
            ws.recv(timeout=5)
    assert closed.value.rcvd is None or closed.value.rcvd.code == 1009  # None: reset while still sending
    assert time.perf_counter() - started < 6.0
    assert _wait_for(lambda: ("$disconnect", 0) in EVENTS)
    assert [key for key, _ in EVENTS] == ["$connect", "$disconnect"]  # the route never ran


def test_a_flood_of_fragments_is_cut_at_the_quota(served):
    _, _, address = served
    with connect(address) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            ws.send("a" * 1000 for _ in range(1000))  # one 1 MB message in 1,000 fragments
            ws.recv(timeout=5)
    # 1009, or (under load) the socket closed while fragments were still being written
    assert closed.value.rcvd is None or closed.value.rcvd.code == 1009
    assert _wait_for(lambda: [key for key, _ in EVENTS] == ["$connect", "$disconnect"])


def test_a_ping_flood_is_answered_and_the_connection_still_works(served):
    _, _, address = served
    with connect(address) as ws:
        for i in range(2000):
            ws.ping(str(i))
        assert ws.ping("last").wait(5)
        ws.send("after")
        assert json.loads(ws.recv(timeout=5)) == {"size": 5}


def test_a_binary_frame_closes_1003(served):
    _, _, address = served
    with connect(address) as ws:
        ws.send(b"\x00\xff")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1003, "Binary frames are not supported")


def test_messages_after_the_api_closed_the_connection_run_nothing(served, gwmock):
    _, api, address = served
    management = ws_helpers.management(f"https://{api}.execute-api.us-east-1.amazonaws.com/prod")
    with connect(address) as ws:
        ws.send("hello")
        assert json.loads(ws.recv(timeout=5)) == {"size": 5}
        connection_id = CONNECTIONS[-1]
        management.delete_connection(ConnectionId=connection_id)
        with pytest.raises(ConnectionClosed):
            ws.send("late")
            ws.recv(timeout=5)
    assert [key for key, _ in EVENTS].count("$default") == 1


@pytest.mark.parametrize("path", ["/_ws/nosuchapi/prod", "/_ws/../../etc/passwd", "/_ws/%00/prod", "/nothing"])
def test_handshakes_to_nothing_are_refused_with_a_status(served, path):
    server, _, _ = served
    with pytest.raises(InvalidStatus) as refused:
        with connect(f"ws://127.0.0.1:{server.port}{path}", open_timeout=5):
            pass
    assert refused.value.response.status_code in (403, 404)
    assert [key for key, _ in EVENTS] == []


@pytest.mark.parametrize("head", [
    b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n",  # no key
    b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 99\r\n",
])
def test_malformed_handshakes_get_400_and_run_no_route(served, head):
    _, api, _ = served
    with socket.create_connection(("127.0.0.1", served[0].port), timeout=5) as sock:
        sock.sendall(f"GET /_ws/{api}/prod HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode() + head + b"\r\n")
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert EVENTS == []


def test_many_clients_at_once(served):
    _, _, address = served
    results: list[object] = []

    def talk(i):
        try:
            with connect(address, open_timeout=10) as ws:
                ws.send("m" * i)
                results.append(json.loads(ws.recv(timeout=10))["size"])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results.append(error)

    threads = [threading.Thread(target=talk, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(results) == list(range(20))


def test_a_route_posting_back_through_the_server_does_not_deadlock(gwmock):
    """Re-entrant: the route's Lambda posts to its own connection over HTTP through this server."""
    server_box: list = []

    def reentrant(event, context):
        context_ = event["requestContext"]
        if context_["routeKey"] == "$default":
            client = boto3.client("apigatewaymanagementapi", region_name="us-east-1",
                                  endpoint_url=f"{server_box[0].url}/_ws/{context_['apiId']}/prod",
                                  aws_access_key_id="testing", aws_secret_access_key="x")
            client.post_to_connection(ConnectionId=context_["connectionId"], Data=b"pushed")
        return {"statusCode": 200}

    api, _, _ = ws_helpers.deploy(gwmock, reentrant)
    server = start(gwmock, timeout=0.5, workers=1)
    server_box.append(server)
    try:
        with contextlib.ExitStack() as stack:
            clients = [stack.enter_context(connect(f"ws://127.0.0.1:{server.port}/_ws/{api}/prod", open_timeout=10))
                       for _ in range(3)]
            for ws in clients:
                ws.send("go")
            assert [ws.recv(timeout=10) for ws in clients] == ["pushed"] * 3
    finally:
        server.stop()


def test_stopping_mid_route_is_prompt_and_quiet(served, caplog):
    server, _, address = served
    with caplog.at_level(logging.ERROR), connect(address) as ws:
        ws.send("hang")
        assert _wait_for(lambda: ("$default", 4) in EVENTS)
        started = time.perf_counter()
        server.stop()
        took = time.perf_counter() - started
    assert took < 4.0
    assert not [r for r in caplog.records if "Exception in ASGI application" in r.getMessage()]
