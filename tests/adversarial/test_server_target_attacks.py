"""Server mode's request targets under attack, over real sockets on 127.0.0.1: absolute-form targets
naming the metadata address, IPv6 loopback or userinfo, the ``/restapis/{id}/{stage}/_user_request_/``
path form with ``..`` and encoded separators, Host header tricks, and many WebSocket clients of MOCK
routes at once. Nothing reaches the network, no answer is a 500 and no path form reaches the control
plane without a signature."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
from helpers import network_guard
from websockets.sync.client import connect

from gwmock.server import start

REGION = "us-east-1"


@pytest.fixture
def network(monkeypatch):
    return network_guard(monkeypatch)


@pytest.fixture
def served(gwmock, apigateway, apigatewayv2, network):
    rest = apigateway.create_rest_api(name="target")["id"]
    root = apigateway.get_resources(restApiId=rest)["items"][0]["id"]
    apigateway.put_method(restApiId=rest, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=rest, resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=rest, resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=rest, resourceId=root, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": '{"root": true}'})
    apigateway.create_deployment(restApiId=rest, stageName="dev")
    ws = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                 RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=ws, IntegrationType="MOCK", TemplateSelectionExpression="\\$default",
        RequestTemplates={"$default": '{"statusCode": 200}'})["IntegrationId"]
    apigatewayv2.create_integration_response(
        ApiId=ws, IntegrationId=integration, IntegrationResponseKey="$default",
        TemplateSelectionExpression="\\$default", ResponseTemplates={"$default": "pong $context.routeKey"})
    for key in ("$connect", "$default"):
        extra = {"RouteResponseSelectionExpression": "$default"} if key == "$default" else {}
        route = apigatewayv2.create_route(ApiId=ws, RouteKey=key, Target=f"integrations/{integration}", **extra)
        if extra:
            apigatewayv2.create_route_response(ApiId=ws, RouteId=route["RouteId"], RouteResponseKey="$default")
    apigatewayv2.create_stage(ApiId=ws, StageName="prod", AutoDeploy=True)
    server = start(gwmock, timeout=2, workers=4)
    yield server, rest, ws
    server.stop()


def _raw(server, request: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(request)
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def _get(server, target: str, host: str = "127.0.0.1", extra: str = "") -> tuple[int, bytes]:
    return _raw(server, f"GET {target} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n".encode())


@pytest.mark.parametrize("target", [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://2852039166/latest/",
    "http://evil.example@169.254.169.254/",
    "http://{rest}.execute-api.us-east-1.amazonaws.com@169.254.169.254/dev/",
    "http://169.254.169.254:80/restapis",
])
def test_absolute_form_targets_never_leave_the_process(served, network, target):
    server, rest, _ = served
    status, body = _get(server, target.format(rest=rest))
    assert status == 403
    assert b"Traceback" not in body
    assert network == []


def test_absolute_form_with_userinfo_or_ipv6_loopback(served, network):
    server, rest, _ = served
    status, body = _get(server, f"http://user:pw@{rest}.execute-api.{REGION}.amazonaws.com/dev/")
    assert (status, json.loads(body)) == (200, {"root": True})
    status, body = _get(server, f"http://[::1]:{server.port}/restapis")  # the control plane: needs SigV4
    assert status == 403 and b"Missing Authentication Token" in body
    assert network == []


@pytest.mark.parametrize("target", [
    "/restapis/{rest}/dev/_user_request_/../../restapis",
    "/restapis/{rest}/dev/_user_request_/..%2F..%2F..%2Frestapis",
    "/restapis/{rest}/..%2Fdev/_user_request_/",
    "/restapis/{rest}/%2e%2e/_user_request_/",
    "/restapis/%2e%2e/dev/_user_request_/",
    "/restapis/{rest}%2F..%2F/dev/_user_request_/",
    "/restapis/{rest}/dev%00/_user_request_/",
    "/restapis/{rest}/dev/_user_request_/%5c..%5c..%5crestapis",
    "/restapis/{rest}/dev/_user_request_/\\..\\..\\restapis",
    "/restapis/{rest}/dev/_user_request_//169.254.169.254/",
    "/restapis/{rest}@169.254.169.254/dev/_user_request_/",
])
def test_the_path_form_never_escapes_to_the_control_plane(served, network, target):
    server, rest, _ = served
    status, body = _get(server, target.format(rest=rest))
    assert status in (200, 400, 403, 404), (status, body)
    assert b'"item"' not in body and b"_embedded" not in body  # no control-plane listing
    assert network == []


@pytest.mark.parametrize("host", [
    "{rest}.execute-api.us-east-1.amazonaws.com.evil.example",
    "127.0.0.1@169.254.169.254",
    "localhost:80@evil.example",
    "169.254.169.254",
    "[::ffff:169.254.169.254]",
    "127.0.0.1.nip.io",
    "rebind.localhost.evil.example",
])
def test_host_header_tricks_are_refused_before_any_handler(served, network, host):
    server, rest, _ = served
    status, body = _get(server, "/restapis", host.format(rest=rest))
    assert status in (400, 403), (status, body)
    assert b'"item"' not in body
    assert network == []


def test_two_host_headers_do_not_smuggle_a_control_plane_call(served, network):
    server, rest, _ = served
    status, body = _get(server, "/restapis", "127.0.0.1", extra="Host: evil.example\r\n")
    assert status in (400, 403)
    assert b'"item"' not in body


def test_many_websocket_clients_of_mock_routes_at_once(served):
    server, _, ws = served
    address = f"ws://127.0.0.1:{server.port}/_ws/{ws}/prod"
    results: list[object] = []

    def client(i):
        try:
            with connect(address, open_timeout=10) as sock:
                got = []
                for n in range(5):
                    sock.send(json.dumps({"n": i * 10 + n}))
                    got.append(sock.recv(timeout=10))
                results.append(got == ["pong $default"] * 5)
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            results.append(error)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(40)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert time.perf_counter() - started < 20
    assert results == [True] * 40


def test_invalid_utf8_and_oversize_frames_from_many_clients_leave_others_served(served):
    server, _, ws = served
    address = f"ws://127.0.0.1:{server.port}/_ws/{ws}/prod"
    for _ in range(10):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(f"GET /_ws/{ws}/prod HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 13\r\n\r\n".encode())
            handshake = b""
            while b"\r\n\r\n" not in handshake:
                handshake += sock.recv(4096)
            assert handshake.startswith(b"HTTP/1.1 101 ")
            sock.sendall(bytes([0x81, 0x84]) + b"\x00\x00\x00\x00" + b"\xc0\xaf\xed\xa0")  # overlong, surrogate
            closing = sock.recv(4096)
            assert closing[:1] == b"\x88" and int.from_bytes(closing[2:4], "big") == 1007
    with connect(address, open_timeout=5) as sock:
        sock.send(json.dumps({"n": 7}))
        assert sock.recv(timeout=5) == "pong $default"
