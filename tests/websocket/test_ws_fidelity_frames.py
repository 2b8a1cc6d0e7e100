"""AWS's WebSocket quotas: "WebSocket frame size 32 KB", "Message payload size 128 KB"; "If a larger message (or
larger frame size) is received, the connection is closed with code 1009". In-process ``send(str)`` is one frame,
``send([str, ...])`` one message in fragments; server mode only sees whole messages."""

from __future__ import annotations

import json

import pytest
from websockets.sync.client import connect
from ws_helpers import deploy

from gwmock.runtime.websocket.connections import MAX_FRAME, MAX_MESSAGE
from gwmock.server import start


@pytest.fixture
def sized(gwmock):
    """(wss URL, [(route key, body length or disconnect status)])."""
    seen = []

    def backend(event, context):
        request = event["requestContext"]
        if request["eventType"] == "MESSAGE":
            seen.append((request["routeKey"], len(event["body"].encode())))
        elif request["eventType"] == "DISCONNECT":
            seen.append(("$disconnect", request["disconnectStatusCode"], request["disconnectReason"]))
        return {"statusCode": 200, "body": json.dumps({"size": len(event.get("body") or "")})}

    api, url, _ = deploy(gwmock, backend, routes=("$connect", "$disconnect"), two_way=("$default",))
    return api, url, seen


def test_the_quotas():
    assert (MAX_FRAME, MAX_MESSAGE) == (32 * 1024, 128 * 1024)


def test_a_frame_of_32_kb_is_routed_one_byte_more_closes_1009(gwmock, sized):
    _, url, seen = sized
    conn = gwmock.websocket(url)
    assert conn.send("x" * MAX_FRAME) == [json.dumps({"size": MAX_FRAME})]
    assert conn.send("é" * (MAX_FRAME // 2)) == [json.dumps({"size": MAX_FRAME // 2})]  # 32 KB of UTF-8
    assert conn.send("é" * (MAX_FRAME // 2) + "x") == []  # one byte over, in UTF-8
    assert (conn.closed, conn.close_status, conn.close_reason) == (True, 1009, "Message too big")
    assert seen == [("$default", MAX_FRAME), ("$default", MAX_FRAME), ("$disconnect", 1009, "Message too big")]


def test_a_message_in_fragments_may_reach_128_kb(gwmock, sized):
    _, url, seen = sized
    conn = gwmock.websocket(url)
    assert conn.send(["x" * MAX_FRAME] * 4) == [json.dumps({"size": MAX_MESSAGE})]
    assert conn.send(("a", "b")) == [json.dumps({"size": 2})]
    assert conn.send(["x" * MAX_FRAME] * 4 + ["x"]) == []
    assert conn.close_status == 1009
    assert seen == [("$default", MAX_MESSAGE), ("$default", 2), ("$disconnect", 1009, "Message too big")]


def test_a_fragment_over_32_kb_closes_1009(gwmock, sized):
    _, url, seen = sized
    conn = gwmock.websocket(url)
    assert conn.send(["x", "x" * (MAX_FRAME + 1)]) == []
    assert conn.close_status == 1009
    assert seen == [("$disconnect", 1009, "Message too big")]


def test_a_binary_fragment_closes_1003(gwmock, sized):
    _, url, _ = sized
    conn = gwmock.websocket(url)
    conn.send(["text", b"\x00"])
    assert conn.close_status == 1003


@pytest.mark.parametrize("message", [[], (), [1], None])
def test_send_refuses_what_is_not_a_message(gwmock, sized, message):
    _, url, seen = sized
    conn = gwmock.websocket(url)
    with pytest.raises(TypeError):
        conn.send(message)
    assert conn.state == "OPEN" and seen == []


def test_server_mode_sees_whole_messages_only(gwmock, sized):
    """Limitation: the ASGI server reassembles fragments, so a 40 KB single frame is routed there."""
    api, _, seen = sized
    server = start(gwmock, timeout=0.5)
    try:
        with connect(f"ws://127.0.0.1:{server.port}/_ws/{api}/prod", open_timeout=5, max_size=None) as ws:
            ws.send("x" * 40_000)
            assert json.loads(ws.recv(timeout=5)) == {"size": 40_000}
    finally:
        server.stop()
    assert seen[0] == ("$default", 40_000)


def test_a_connection_keeps_only_its_most_recent_errors(gwmock):
    # each exception holds its traceback's frames and so the message they held: a long-lived
    # connection failing on every message must not grow without end (server mode floods)
    from ws_helpers import deploy

    from gwmock.runtime.websocket.connections import MAX_ERRORS

    def failing(event, context):
        if event["requestContext"]["eventType"] == "MESSAGE":
            raise ValueError(event["body"][:20])
        return {"statusCode": 200}

    _, wss, _ = deploy(gwmock, failing)
    conn = gwmock.websocket(wss)
    for n in range(MAX_ERRORS + 25):
        conn.send(f"message {n}")
    assert len(conn.errors) == MAX_ERRORS
    assert [str(e) for e in conn.errors[-2:]] == [f"message {MAX_ERRORS + 23}", f"message {MAX_ERRORS + 24}"]
