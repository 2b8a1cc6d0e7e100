"""Malformed, slow, oversize and odd requests over raw sockets: every one gets an answer, quickly."""

from __future__ import annotations

import http.client
import json
import logging
import time

import pytest
import requests
from helpers import exchange

from gwmock.server import start
from gwmock.server.app import safe_headers

STAMP = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
AUTH = (f"Authorization: AWS4-HMAC-SHA256 Credential=testing/{STAMP[:8]}/us-east-1/apigateway/aws4_request, "
        f"SignedHeaders=host, Signature=ab\r\nX-Amz-Date: {STAMP}\r\n")
SIGNED = {"Authorization": AUTH.split("\r\n")[0].split(": ", 1)[1], "X-Amz-Date": STAMP}


@pytest.fixture
def impatient():
    """A server with a 0.3 s request timeout, for the tests that wait for it."""
    running = start(timeout=0.3)
    yield running
    running.stop()


def _exchange(server, data, wait=2.0):
    return exchange(server, data, wait)


def status_of(answer):
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else None


@pytest.mark.parametrize("length", [b"abc", b"-5", b"1, 2", b"99999999999999999999999x"])
def test_malformed_content_length_gets_400(server, length):
    answer, _ = _exchange(server, b"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length
                         + b"\r\n\r\n{}")
    assert status_of(answer) == 400


def test_garbage_request_line_gets_400(server):
    assert status_of(_exchange(server, b"\x16\x03\x01 not http\r\n\r\n")[0]) == 400


def test_a_short_body_times_out_instead_of_holding_a_thread(impatient):
    request = (f"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}Content-Type: application/json\r\n"
               "Content-Length: 100\r\n\r\n{\"na").encode()
    answer, took = _exchange(impatient, request)
    assert status_of(answer) == 408
    assert b'{"message": "Request Timeout"}' in answer and b"connection: close" in answer.lower()
    assert 0.25 < took < 3.0  # the configured 0.3 s, not forever
    assert impatient.backend.dump()["collections"] == []


def test_a_short_body_to_a_deployed_api_times_out_too(impatient):
    request = b"POST /restapis/x/dev/_user_request_/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nab"
    answer, took = _exchange(impatient, request)
    assert status_of(answer) == 408 and took < 1.0


def test_a_slow_request_head_times_out(impatient):
    answer, took = _exchange(impatient, b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert status_of(answer) == 408 and 0.25 < took < 3.0


def test_a_silent_connection_is_closed_without_an_answer(impatient):
    answer, took = _exchange(impatient, b"")
    assert answer == b"" and took < 3.0


def test_an_idle_keep_alive_connection_is_closed():
    running = start(keep_alive=0.2)
    try:
        requests.get(f"{running.url}/restapis", headers=SIGNED, timeout=5)  # warm: models load on first use
        answer, took = _exchange(running, f"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}\r\n".encode(),
                                wait=5.0)
        assert status_of(answer) == 200 and took < 2.0  # closed by the server, not by the 5 s client timeout
    finally:
        running.stop()


def test_a_declared_oversize_body_is_refused_before_it_is_sent(server):
    request = f"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}Content-Length: {10 * 1024 * 1024 + 1}\r\n\r\n"
    answer, took = _exchange(server, request.encode())
    assert status_of(answer) == 413 and took < 1.0
    assert answer.endswith(b'{"message": "Request Too Long"}')


def test_a_chunked_body_over_the_cap_is_refused():
    running = start(max_body=1000)
    try:
        chunk = b"x" * 600
        request = (f"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}Content-Type: application/json\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n").encode()
        request += b"%x\r\n%s\r\n" % (len(chunk), chunk) * 2 + b"0\r\n\r\n"
        answer, _ = _exchange(running, request)
        assert status_of(answer) == 413
        assert running.backend.dump()["collections"] == []
    finally:
        running.stop()


def test_a_body_at_the_cap_is_read():
    running = start(max_body=2000)
    try:
        body = json.dumps({"name": "at-the-cap", "description": "d" * 1900}).encode().ljust(2000)
        answer = requests.post(f"{running.url}/restapis", data=body, timeout=5,
                               headers={**SIGNED, "Content-Type": "application/json"})
        assert (len(body), answer.status_code, answer.json()["name"]) == (2000, 201, "at-the-cap")
        over = requests.post(f"{running.url}/restapis", data=body + b" ", timeout=5,
                             headers={**SIGNED, "Content-Type": "application/json"})
        assert (over.status_code, over.json()) == (413, {"message": "Request Too Long"})
    finally:
        running.stop()


def test_head_and_options_on_the_control_plane(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("HEAD", "/restapis", headers=SIGNED)
    head = conn.getresponse()
    assert (head.status, head.read()) == (200, b"")
    assert int(head.getheader("Content-Length")) == len(b'{"item":[]}')
    conn.request("HEAD", "/restapis")
    unsigned = conn.getresponse()
    assert (unsigned.status, unsigned.getheader("x-amzn-ErrorType"), unsigned.read()) == (
        403, "MissingAuthenticationTokenException", b"")
    conn.request("OPTIONS", "/restapis",
                 headers={"Origin": "http://app.example", "Access-Control-Request-Method": "POST"})
    preflight = conn.getresponse()
    preflight.read()
    assert preflight.status == 403  # no CORS grant: a browser cannot drive the control plane
    assert not [h for h, _ in preflight.getheaders() if h.lower().startswith("access-control-")]
    conn.request("PROPFIND", "/restapis")
    odd = conn.getresponse()
    assert (odd.status, odd.getheader("x-amzn-ErrorType")) == (403, "MissingAuthenticationTokenException")
    odd.read()
    conn.close()


def test_options_to_a_rest_api_goes_through_its_mock_options_method(server, client_for, deployed_mock_api):
    api_id = deployed_mock_api(client_for(), options_method=True)
    answer = requests.options(f"{server.url}/restapis/{api_id}/dev/_user_request_/pets", timeout=5, headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"})
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET,OPTIONS"
    head = requests.head(f"{server.url}/dev/pets", timeout=5,
                         headers={"Host": f"{api_id}.execute-api.us-east-1.amazonaws.com"})
    assert head.status_code == 403 and head.content == b""  # no HEAD method on /pets: AWS's answer, no body


def test_options_to_an_http_api_uses_its_cors_configuration(server, client_for):
    client = client_for("apigatewayv2")
    api = client.create_api(Name="cors", ProtocolType="HTTP", CorsConfiguration={
        "AllowOrigins": ["https://app.example.com"], "AllowMethods": ["GET", "POST"], "MaxAge": 300})["ApiId"]
    server.handle.add_lambda("echo", lambda event, context: {"statusCode": 200, "body": "pets"})
    integration = client.create_integration(
        ApiId=api, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
        IntegrationUri="arn:aws:lambda:us-east-1:123456789012:function:echo")["IntegrationId"]
    client.create_route(ApiId=api, RouteKey="GET /pets", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    answer = requests.options(f"{server.url}/pets", timeout=5, headers={
        "Host": f"{api}.execute-api.us-east-1.amazonaws.com", "Origin": "https://app.example.com",
        "Access-Control-Request-Method": "POST"})
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "https://app.example.com"
    assert answer.headers["access-control-allow-methods"] == "GET,POST"
    assert answer.headers["access-control-max-age"] == "300"


def test_keep_alive_connections_are_reused(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", "/restapis", headers=SIGNED)
    conn.getresponse().read()
    first = conn.sock
    for _ in range(20):
        conn.request("GET", "/restapis", headers=SIGNED)
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, b'{"item":[]}')
    assert conn.sock is first  # one TCP connection served all 21
    conn.close()


def test_response_headers_holding_crlf_are_dropped_and_logged(server, client_for, caplog):
    client = client_for()
    api = client.create_rest_api(name="echo")
    root, api_id = api["rootResourceId"], api["id"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    # a template that echoes a query parameter into a response header: the client controls the value
    client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": "#set($context.responseOverride.header"
                                                       ".Echo = $input.params('q'))ok"})
    client.create_deployment(restApiId=api_id, stageName="dev")
    with caplog.at_level(logging.WARNING, logger="gwmock.server"):
        answer, _ = _exchange(server, f"GET /restapis/{api_id}/dev/_user_request_/?q=a%0D%0ASet-Cookie:%20s=1 HTTP/1.1"
                                     "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert status_of(answer) == 200 and answer.endswith(b"ok")
    assert b"set-cookie" not in head and b"echo" not in head
    # dropped by the data plane itself, or here by safe_headers (which then logs it; see the test below)
    dropped = [record.getMessage() for record in caplog.records if "header injection" in record.getMessage()]
    assert all("'Echo'" in message for message in dropped)
    fine = requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/?q=plain", timeout=5)
    assert fine.headers["Echo"] == "plain"


def test_safe_headers_logs_what_it_drops(caplog):
    with caplog.at_level(logging.WARNING, logger="gwmock.server"):
        assert safe_headers({"Echo": "a\r\nSet-Cookie: s=1", "Ok": "1"}) == [(b"Ok", b"1")]
    assert any("'Echo'" in record.getMessage() and "header injection" in record.getMessage()
               for record in caplog.records)


def test_safe_headers_keeps_good_values_and_drops_injections():
    assert safe_headers({"A": "1", "B": "x\ny", "C": "x\rD: y", "Content-Length": "5", "É": "v", "U": "café"}) == [
        (b"A", b"1"), (b"U", "café".encode("latin-1"))]


def test_websocket_without_its_server_closes_with_1011(server, monkeypatch):
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    from gwmock.server import app

    monkeypatch.setattr(app, "_websocket_server", lambda: None)  # as before gwmock/server/websocket.py exists
    with connect(f"ws://127.0.0.1:{server.port}/dev", open_timeout=5) as ws:
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
    assert closed.value.rcvd.code == 1011


def test_websocket_scopes_reach_the_websocket_server(server, monkeypatch):
    from websockets.sync.client import connect

    from gwmock.server import app

    seen = []

    async def serve_websocket(handle, scope, receive, send, **options):
        seen.append((handle, scope["path"]))
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": "hello"})
        await send({"type": "websocket.close", "code": 1000})

    monkeypatch.setattr(app, "_websocket_server", lambda: serve_websocket)
    with connect(f"ws://127.0.0.1:{server.port}/dev", open_timeout=5) as ws:
        assert ws.recv(timeout=5) == "hello"
    assert seen == [(server.handle, "/dev")]


def test_a_data_plane_bug_is_answered_500_and_logged(server, monkeypatch, caplog):
    from gwmock import runtime

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(runtime, "call", broken)
    with caplog.at_level(logging.ERROR, logger="gwmock.server"):
        answer = requests.get(f"{server.url}/restapis/x/dev/_user_request_/", timeout=5)
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal server error"})
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_a_refused_request_with_an_unread_body_closes_its_connection(impatient):
    request = b"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"
    answer, took = _exchange(impatient, request, wait=5.0)
    assert status_of(answer) == 403 and b"connection: close" in answer.lower() and took < 1.0


def test_oversize_headers_are_refused(server):
    answer, _ = _exchange(server, b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")
    assert status_of(answer) in (400, 431)  # 431 when the head arrives at once, 400 (h11) when it trickles
    assert status_of(_exchange(server, b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 40000
                              + b"\r\n\r\n")[0]) in (400, 431)
