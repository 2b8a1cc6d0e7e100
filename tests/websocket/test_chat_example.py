"""The chat example of docs/websocket.md, run end to end in-process."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError
from examples import websocket_chat as chat

from gwmock.runtime.websocket.connections import Rejected


@pytest.fixture
def url(gwmock):
    chat.CONNECTIONS.clear()
    yield chat.deploy_chat(gwmock)
    chat.CONNECTIONS.clear()


def test_connect_needs_a_known_token(gwmock, url):
    with pytest.raises(Rejected) as missing:
        gwmock.websocket(url)
    with pytest.raises(Rejected) as unknown:
        gwmock.websocket(url + "?token=nobody")
    assert (missing.value.status, unknown.value.status) == (401, 403)
    assert chat.CONNECTIONS == {}


def test_broadcast_reaches_every_client_until_it_leaves(gwmock, url):
    alice = gwmock.websocket(url + "?token=alice-token")
    bob = gwmock.websocket(url + "?token=bob-token")
    assert sorted(chat.CONNECTIONS.values()) == ["alice", "bob"]

    sent = alice.send(json.dumps({"action": "sendmessage", "text": "hi"}))

    line = json.dumps({"from": "alice", "text": "hi"})
    assert sent == [line]  # alice's own copy, pushed while her message was handled
    assert bob.received == [line]

    bob.close()
    assert list(chat.CONNECTIONS.values()) == ["alice"]
    alice.send(json.dumps({"action": "sendmessage", "text": "still here?"}))
    assert len(bob.received) == 1 and len(alice.received) == 2


def test_a_stale_connection_answers_gone_and_is_dropped(gwmock, url):
    alice = gwmock.websocket(url + "?token=alice-token")
    chat.CONNECTIONS["L0SM9cOFvHcCIhw="] = "ghost"  # closed long ago, $disconnect never seen
    management = boto3.client("apigatewaymanagementapi", region_name=chat.REGION,
                              endpoint_url=url.replace("wss://", "https://"))
    with pytest.raises(ClientError) as gone:
        management.post_to_connection(ConnectionId="L0SM9cOFvHcCIhw=", Data=b"x")
    assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410

    alice.send(json.dumps({"action": "sendmessage", "text": "anyone?"}))

    assert chat.CONNECTIONS == {alice.connection_id: "alice"}
    assert alice.received == [json.dumps({"from": "alice", "text": "anyone?"})]


def test_the_doc_quotes_the_example_as_it_runs():
    root = Path(__file__).parents[2]
    code = (root / "tests" / "examples" / "websocket_chat.py").read_text()
    assert "```python\n" + code + "```" in (root / "docs" / "websocket.md").read_text()
