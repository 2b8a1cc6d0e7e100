"""Server mode with a real WebSocket client (the ``websockets`` library) on 127.0.0.1."""

from __future__ import annotations

import inspect
import json
import threading

import boto3
import pytest
from examples import websocket_chat as chat
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from gwmock.server import app as app_module
from gwmock.server import start
from gwmock.server.websocket import execute_api_url


@pytest.fixture
def served(gwmock):
    """The chat example deployed in the active mock, served over a real socket."""
    chat.CONNECTIONS.clear()
    url = chat.deploy_chat(gwmock)
    server = start(gwmock, timeout=0.5)
    api = url.split("//")[1].split(".")[0]
    yield server, api, f"ws://127.0.0.1:{server.port}/_ws/{api}/prod"
    server.stop()
    chat.CONNECTIONS.clear()


def _line(sender, text):
    return json.dumps({"from": sender, "text": text})


def test_chat_over_real_sockets(served):
    server, api, address = served
    with connect(address + "?token=alice-token", open_timeout=5) as alice, \
            connect(address + "?token=bob-token", open_timeout=5) as bob:
        assert sorted(chat.CONNECTIONS.values()) == ["alice", "bob"]
        alice.send(json.dumps({"action": "sendmessage", "text": "hi bob"}))
        assert alice.recv(timeout=5) == _line("alice", "hi bob")
        assert bob.recv(timeout=5) == _line("alice", "hi bob")

        management = boto3.client("apigatewaymanagementapi", region_name=chat.REGION,
                                  endpoint_url=f"https://{api}.execute-api.{chat.REGION}.amazonaws.com/prod")
        bob_id = next(cid for cid, user in chat.CONNECTIONS.items() if user == "bob")
        management.post_to_connection(ConnectionId=bob_id, Data=b"from the test")
        assert bob.recv(timeout=5) == "from the test"
        identity = management.get_connection(ConnectionId=bob_id)["Identity"]
        assert identity["SourceIp"] == "127.0.0.1" and identity["UserAgent"].startswith("Python/")

        management.delete_connection(ConnectionId=bob_id)
        with pytest.raises(ConnectionClosed) as closed:
            bob.recv(timeout=5)
        assert closed.value.rcvd.code == 1000
        assert list(chat.CONNECTIONS.values()) == ["alice"]
        with pytest.raises(management.exceptions.GoneException):
            management.post_to_connection(ConnectionId=bob_id, Data=b"late")


def test_client_close_runs_disconnect(served, gwmock):
    _, _, address = served
    gone = threading.Event()

    def on_disconnect(event, context):
        answer = chat.on_disconnect(event, context)
        gone.set()
        return answer

    gwmock.add_lambda("on_disconnect", on_disconnect)
    with connect(address + "?token=alice-token", open_timeout=5):
        assert list(chat.CONNECTIONS.values()) == ["alice"]
    assert gone.wait(5)  # $disconnect runs in the server once the close frame arrived
    assert chat.CONNECTIONS == {}


def test_connect_rejection_is_the_handshake_status(served):
    _, _, address = served
    with pytest.raises(InvalidStatus) as missing:
        connect(address, open_timeout=5)
    with pytest.raises(InvalidStatus) as denied:
        connect(address + "?token=bad", open_timeout=5)
    assert (missing.value.response.status_code, denied.value.response.status_code) == (401, 403)
    with pytest.raises(InvalidStatus) as unknown:
        connect(address.replace("/prod", "/nope"), open_timeout=5)
    assert unknown.value.response.status_code == 404


def test_binary_frames_close_with_1003(served):
    _, _, address = served
    with connect(address + "?token=alice-token", open_timeout=5) as alice:
        alice.send(b"\x00\x01")
        with pytest.raises(ConnectionClosed) as closed:
            alice.recv(timeout=5)
    assert closed.value.rcvd.code == 1003


def test_execute_api_url_forms(served, gwmock):
    server, api, _ = served
    host = f"{api}.execute-api.{chat.REGION}.amazonaws.com"
    assert execute_api_url(gwmock, f"127.0.0.1:{server.port}", f"/_ws/{api}/prod/@connections/abc=", "") == \
        f"https://{host}/prod/@connections/abc="
    assert execute_api_url(gwmock, host, "/prod", "token=t") == f"https://{host}/prod?token=t"
    assert execute_api_url(gwmock, "127.0.0.1", "/_ws/nosuchapi/prod") is None
    assert execute_api_url(gwmock, "127.0.0.1", "/prod") is None


@pytest.mark.skipif("websocket" not in inspect.getsource(app_module.execute_api_url),
                    reason="needs gwmock.server.app to route /_ws/ HTTP paths through server.websocket.execute_api_url")
def test_management_api_over_http_through_the_server(served):
    server, api, address = served
    with connect(address + "?token=alice-token", open_timeout=5) as alice:
        alice_id = next(iter(chat.CONNECTIONS))
        management = boto3.client("apigatewaymanagementapi", region_name=chat.REGION,
                                  endpoint_url=f"{server.url}/_ws/{api}/prod",
                                  aws_access_key_id="testing", aws_secret_access_key="x")
        management.post_to_connection(ConnectionId=alice_id, Data=b"over http")
        assert alice.recv(timeout=5) == "over http"
