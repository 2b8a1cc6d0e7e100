"""Server mode under attack over real sockets on 127.0.0.1: request smuggling, path forms that would
make another host of the URL, pipelining, connection floods, parallel clients, lifecycle abuse,
SigV4 edge cases, and the impatient user's wrong options. Every answer is exact and quick."""

from __future__ import annotations

import datetime
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
import requests
from helpers import exchange

from gwmock.__main__ import main
from gwmock.mock import mock_apigateway
from gwmock.server import sigv4, start
from gwmock.server.options import ServerOptions
from gwmock.server.running import RunningServer

STAMP = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
AUTH = (f"Authorization: AWS4-HMAC-SHA256 Credential=testing/{STAMP[:8]}/us-east-1/apigateway/aws4_request, "
        f"SignedHeaders=host, Signature=ab\r\nX-Amz-Date: {STAMP}\r\n")


@pytest.fixture
def server():
    running = start(timeout=0.5, keep_alive=0.3)
    yield running
    running.stop()


def answers(raw):
    """[(status, headers lower-cased, body)] of every response in ``raw`` (content-length framed)."""
    out = []
    while raw.startswith(b"HTTP/1.1 "):
        head, _, rest = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        out.append((int(lines[0].split(" ")[1]), headers, rest[:length]))
        raw = rest[length:]
    return out


# --- request smuggling -------------------------------------------------------------------------

def _smuggle(path, host=b"127.0.0.1"):
    body = b'{"name":"smuggled"}'
    return (b"POST " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\n" + AUTH.encode()
            + b"Content-Type: application/json\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
            + hex(len(body))[2:].encode() + b"\r\n" + body + b"\r\n0\r\n\r\n"
            + b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH.encode() + b"\r\n")


@pytest.mark.parametrize("path", [b"/restapis", b"/restapis/abc123/dev/_user_request_/x"])
def test_content_length_with_transfer_encoding_is_refused_and_closes(server, path):
    before = server.backend.dump()
    raw, took = exchange(server, _smuggle(path))
    got = answers(raw)
    assert len(got) == 1  # the request hidden after the chunked body is never answered
    status, headers, body = got[0]
    assert (status, headers["x-amzn-errortype"], headers["connection"]) == (400, "BadRequestException", "close")
    assert json.loads(body) == {"message": "Bad Request: a request cannot carry both Content-Length and "
                                           "Transfer-Encoding"}
    assert took < 1.0 and server.backend.dump() == before


@pytest.mark.parametrize("chunk", [b"zz\r\nabc\r\n0\r\n\r\n", b"-1\r\nabc\r\n0\r\n\r\n", b"3;\x00\r\nabc\r\n0\r\n\r\n"])
def test_bad_chunk_sizes_get_400(server, chunk):
    raw, took = exchange(server, b"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH.encode()
                         + b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk)
    assert raw.startswith(b"HTTP/1.1 400 ") and took < 3.0
    assert server.backend.dump()["collections"] == []


def test_endless_chunk_size_times_out(server):
    raw, took = exchange(server, b"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH.encode()
                         + b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nabc\r\n")
    assert answers(raw)[0][0] in (400, 408, 413) and took < 4.0


def test_transfer_encoding_other_than_chunked_gets_400(server):
    raw, _ = exchange(server, b"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH.encode()
                      + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 400 ")


def test_pipelined_requests_are_answered_in_order(server):
    one = b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH.encode() + b"\r\n"
    bad = b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    raw, _ = exchange(server, one + bad + one + one.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"),
                      wait=10)  # ends at the last answer (Connection: close); the first may load models
    assert [status for status, _, _ in answers(raw)] == [200, 403, 200, 200]


# --- path forms and hosts ------------------------------------------------------------------------

@pytest.mark.parametrize("api_id", ["x@evil.com:1", "a%23b", "a#b", "a%2fb", "%00", "a:b",
                                    "x.execute-api.us-east-1.amazonaws.com"])
def test_user_request_path_with_a_non_alphanumeric_id_is_403_not_500(server, api_id, caplog):
    raw, _ = exchange(server, f"GET /restapis/{api_id}/dev/_user_request_/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Connection: close\r\n\r\n".encode())
    status, headers, body = answers(raw)[0]
    assert (status, headers["x-amzn-errortype"], json.loads(body)) == (403, "ForbiddenException",
                                                                        {"message": "Forbidden"})
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


@pytest.mark.parametrize("rest", ["/..", "/../../restapis", "//x//y", "/%2e%2e/%2e%2e", "/a%00b", "/\u00e9"])
def test_user_request_path_tricks_reach_only_the_api(server, rest):
    raw, _ = exchange(server, f"GET /restapis/abc123/dev/_user_request_{rest} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Connection: close\r\n\r\n".encode())
    status, headers, _ = answers(raw)[0] if raw.startswith(b"HTTP/1.1 ") else (400, {}, b"")
    assert status in (400, 403) and headers.get("x-amzn-errortype") != "InternalServerErrorException"


@pytest.mark.parametrize("host", ["x@abc.execute-api.us-east-1.amazonaws.com", "evil.com", "127.0.0.1.evil.com",
                                  "127.evil.com", "localhost.evil.com:80", "127.0.0.1:80:80",
                                  "evil.com#.amazonaws.com"])
def test_foreign_host_names_do_not_reach_the_control_plane(server, host):
    raw, _ = exchange(server, f"GET /restapis HTTP/1.1\r\nHost: {host}\r\n{AUTH}Connection: close\r\n\r\n".encode())
    status, headers, _ = answers(raw)[0]
    assert status == 403 and headers["x-amzn-errortype"] in ("AccessDeniedException",
                                                             "MissingAuthenticationTokenException")


@pytest.mark.parametrize("data", [b"GET /restapis/\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                                  b"GET /restapis/\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                                  b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.com\r\n\r\n",
                                  b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                                  b"Content-Length: 3\r\n\r\n{}"])
def test_malformed_heads_get_400(server, data):
    raw, took = exchange(server, data)
    assert raw.startswith(b"HTTP/1.1 400 ") and took < 3.0


# --- floods, parallel clients, lifecycle ---------------------------------------------------------

def test_connections_over_the_limit_get_503_and_the_server_recovers():
    running = start(timeout=0.5, max_connections=3)
    try:
        idle = [socket.create_connection(("127.0.0.1", running.port)) for _ in range(3)]
        time.sleep(0.05)
        raw, _ = exchange(running, b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH.encode()
                          + b"Connection: close\r\n\r\n")
        assert raw.startswith(b"HTTP/1.1 503 ")
        for sock in idle:
            sock.close()
        deadline = time.monotonic() + 3
        while True:  # the server notices the closed sockets on its loop's next turn
            raw, _ = exchange(running, b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH.encode()
                              + b"Connection: close\r\n\r\n", wait=10)
            if not raw.startswith(b"HTTP/1.1 503 ") or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert raw.startswith(b"HTTP/1.1 200 ")
    finally:
        running.stop()


def test_parallel_clients_create_exactly_what_they_asked_for(server):
    def create(i):
        client = boto3.client("apigateway", region_name="us-east-1", endpoint_url=server.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        return client.create_rest_api(name=f"api-{i}")["id"]

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(create, range(40)))
    client = boto3.client("apigateway", region_name="us-east-1", endpoint_url=server.url,
                          aws_access_key_id="testing", aws_secret_access_key="x")
    listed = client.get_rest_apis(limit=500)["items"]
    assert len(set(ids)) == 40 and sorted(a["id"] for a in listed) == sorted(ids)
    assert sorted(a["name"] for a in listed) == sorted(f"api-{i}" for i in range(40))


def test_stop_while_a_lambda_is_running_returns_promptly():
    with mock_apigateway() as gw:
        client = boto3.client("apigatewayv2", region_name="us-east-1")
        release = threading.Event()
        gw.add_lambda("slow", lambda event, context: release.wait(5) and {"statusCode": 200})
        api = client.create_api(Name="h", ProtocolType="HTTP",
                                Target="arn:aws:lambda:us-east-1:123456789012:function:slow")["ApiId"]
        running = start(gw, timeout=0.3)
        outcome = []

        def call():
            try:
                outcome.append(requests.get(f"{running.url}/", timeout=30,
                                            headers={"Host": f"{api}.execute-api.us-east-1.amazonaws.com"}))
            except requests.ConnectionError as closed:  # the server went away mid-request
                outcome.append(closed)

        caller = threading.Thread(target=call)
        caller.start()
        time.sleep(0.1)
        started = time.perf_counter()
        running.stop()
        took = time.perf_counter() - started
        release.set()
        caller.join(5)
        assert took < 1.5 and len(outcome) == 1


def _http_api_calling_itself(gw, box):
    """An HTTP API whose Lambda calls the same API through the server once (a nested request)."""
    import requests as http

    def fn(event, context):
        if "x-inner" in event["headers"]:
            return {"statusCode": 200, "body": "inner"}
        inner = http.get(f"{box[0].url}/", timeout=10,
                         headers={"Host": f"{box[1]}.execute-api.us-east-1.amazonaws.com", "x-inner": "1"})
        return {"statusCode": 200, "body": f"outer:{inner.text}"}

    gw.add_lambda("self-caller", fn)
    client = boto3.client("apigatewayv2", region_name="us-east-1")
    return client.create_api(Name="h", ProtocolType="HTTP",
                             Target="arn:aws:lambda:us-east-1:123456789012:function:self-caller")["ApiId"]


def test_user_code_calling_the_same_server_cannot_starve_the_pool():
    with mock_apigateway() as gw:
        box: list = []
        api = _http_api_calling_itself(gw, box)
        running = start(gw, timeout=0.5, workers=1)
        box += [running, api]
        try:
            def call(_):
                return requests.get(f"{running.url}/", timeout=30,
                                    headers={"Host": f"{api}.execute-api.us-east-1.amazonaws.com"})

            started = time.perf_counter()
            with ThreadPoolExecutor(4) as pool:
                got = list(pool.map(call, range(4)))
            assert [(r.status_code, r.text) for r in got] == [(200, "outer:inner")] * 4
            assert time.perf_counter() - started < 5  # no caller waited for a timeout
        finally:
            running.stop()


def test_stop_twice_and_context_reuse_are_harmless():
    running = start(timeout=0.3)
    running.stop()
    running.stop()
    with RunningServer(options=ServerOptions(timeout=0.3)) as again:
        assert requests.get(f"{again.url}/restapis", timeout=30).status_code == 403
        assert again.start() is again  # starting a running server again changes nothing
    again.stop()


# --- SigV4 edge cases (credentials configured) ---------------------------------------------------

def _signed_headers(server, secret, when, key="AKID", extra=None):
    headers = {"host": f"127.0.0.1:{server.port}", "x-amz-date": when, **(extra or {})}
    names = tuple(sorted(headers))
    signed = sigv4.Signed(key, when[:8], "us-east-1", "apigateway", names, "", when)
    _, _, signature = sigv4._expected(signed, {"AKID": secret}["AKID"], "GET", "/restapis", headers, b"")
    headers["Authorization"] = (f"AWS4-HMAC-SHA256 Credential={key}/{when[:8]}/us-east-1/apigateway/aws4_request, "
                                f"SignedHeaders={';'.join(names)}, Signature={signature}")
    return headers


@pytest.fixture
def guarded():
    running = start(timeout=0.5, credentials="AKID:secret")  # a KEY:SECRET string is accepted as on the CLI
    yield running
    running.stop()


def test_dns_rebinding_names_that_look_like_loopback_are_foreign():
    from gwmock.server.guard import foreign_host_reason, is_loopback

    assert [is_loopback(n) for n in ("127.0.0.1", "127.9.9.9", "::1", "localhost", "app.localhost")] == [True] * 5
    assert [is_loopback(n) for n in ("127.0.0.1.evil.com", "127.evil", "0.0.0.0", "x@localhost")] == [False] * 4
    assert foreign_host_reason("127.0.0.1.evil.com:4566", "127.0.0.1", ()) == (
        "request refused: Host '127.0.0.1.evil.com' is not a loopback or AWS name; a loopback server answers only "
        "those (allow more with --allow-host NAME)")


def test_a_correct_signature_passes(guarded):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    answer = requests.get(f"{guarded.url}/restapis", headers=_signed_headers(guarded, "secret", now), timeout=30)
    assert answer.status_code == 200


def test_a_replayed_signature_outside_the_window_is_refused(guarded):
    old = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=6)).strftime("%Y%m%dT%H%M%SZ")
    answer = requests.get(f"{guarded.url}/restapis", headers=_signed_headers(guarded, "secret", old), timeout=30)
    assert answer.status_code == 403 and answer.headers["x-amzn-ErrorType"] == "InvalidSignatureException"
    assert answer.json()["message"].startswith(f"Signature expired: {old} is now earlier than ")


def test_a_duplicate_authorization_header_cannot_borrow_a_signature(guarded):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    good = _signed_headers(guarded, "secret", now)
    evil = good["Authorization"].replace("Signature=", "Signature=0")
    raw, _ = exchange(guarded, (f"GET /restapis HTTP/1.1\r\nHost: {good['host']}\r\nX-Amz-Date: {now}\r\n"
                                f"Authorization: {good['Authorization']}\r\nAuthorization: {evil}\r\n"
                                "Connection: close\r\n\r\n").encode())
    status, headers, _ = answers(raw)[0]
    assert status == 403 and headers["x-amzn-errortype"] == "InvalidSignatureException"


@pytest.mark.parametrize("key", ["t\u00e9st".encode("latin-1"), "\u2603".encode(), b"A" * 20000])
def test_odd_access_keys_are_unrecognized_not_a_crash(guarded, key):
    raw, _ = exchange(guarded, b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Date: " + STAMP.encode()
                      + b"\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" + key + b"/" + STAMP[:8].encode()
                      + b"/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=ab\r\n"
                      b"Connection: close\r\n\r\n")
    status, headers, body = answers(raw)[0]
    assert (status, headers["x-amzn-errortype"]) == (403, "UnrecognizedClientException")
    assert json.loads(body) == {"message": "The security token included in the request is invalid."}


def test_unicode_in_the_credential_scope_region(guarded):
    raw, _ = exchange(guarded, b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Date: " + STAMP.encode()
                      + b"\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/" + STAMP[:8].encode()
                      + "/us-\u00e9ast-1/apigateway/aws4_request, SignedHeaders=host, Signature=ab\r\n".encode()
                      + b"Connection: close\r\n\r\n")
    status, headers, body = answers(raw)[0]
    assert (status, headers["x-amzn-errortype"]) == (403, "InvalidSignatureException")
    assert json.loads(body)["message"].startswith("Credential should be scoped to a valid region")


# --- the impatient user ----------------------------------------------------------------------------

def test_a_misspelt_option_names_the_valid_ones():
    with pytest.raises(TypeError) as caught:
        start(timout=1)
    assert str(caught.value) == ("unknown server option(s) timout; the options are timeout, keep_alive, max_body, "
                                 "credentials, allowed_hosts, max_connections, workers")


@pytest.mark.parametrize(("options", "message"), [
    ({"timeout": 0}, "server option timeout must be a positive number of seconds, got 0"),
    ({"timeout": float("nan")}, "server option timeout must be a positive number of seconds, got nan"),
    ({"keep_alive": "5"}, "server option keep_alive must be a positive number of seconds, got '5'"),
    ({"workers": 0}, "server option workers must be an integer >= 1, got 0"),
    ({"max_body": -1}, "server option max_body must be an integer >= 0, got -1"),
    ({"credentials": "nocolon"}, "credentials must be KEY:SECRET, got 'nocolon':..."),
    ({"credentials": 5}, "server option credentials must be {KEY: SECRET} or 'KEY:SECRET', got int"),
    ({"allowed_hosts": [""]}, "server option allowed_hosts must be host names, got ['']"),
])
def test_bad_option_values_are_refused_before_serving(options, message):
    with pytest.raises(ValueError) as caught:
        ServerOptions(**options)
    assert str(caught.value) == message


def test_allowed_hosts_as_one_string_is_one_name():
    running = start(timeout=0.5, allowed_hosts="api.example.com")
    try:
        assert running.options.allowed_hosts == ("api.example.com",)
        for host, status in (("api.example.com", 200), ("exam", 403), ("e", 403)):
            raw, _ = exchange(running, f"GET /restapis HTTP/1.1\r\nHost: {host}\r\n{AUTH}Connection: close\r\n\r\n"
                              .encode())
            assert answers(raw)[0][0] == status, host
    finally:
        running.stop()


def test_passing_the_mock_instead_of_its_handle_is_named():
    with pytest.raises(TypeError) as caught:
        start(mock_apigateway())
    assert "handle must be a started GatewayMock, got mock_apigateway" in str(caught.value)
    assert "with mock_apigateway() as gw: start(gw)" in str(caught.value)


@pytest.mark.parametrize("port", [-1, 70000, "4566"])
def test_bad_ports_are_named(port):
    with pytest.raises(ValueError, match=r"port must be an integer from 0 to 65535, got"):
        start(port=port)


@pytest.mark.parametrize(("argv", "message"), [
    (["--state", "bogus://"], "gwmock serve: unknown state URL 'bogus://'"),
    (["--port", "99999"], "gwmock serve: --port must be from 0 to 65535, got 99999"),
    (["--timeout", "-1"], "gwmock serve: server option timeout must be a positive number of seconds, got -1.0"),
    (["--credentials", "nocolon"], "gwmock serve: credentials must be KEY:SECRET, got 'nocolon':..."),
])
def test_cli_mistakes_exit_2_with_one_line(argv, message, capsys, monkeypatch):
    monkeypatch.delenv("GWMOCK_CREDENTIALS", raising=False)
    assert main(["serve", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and "Traceback" not in err


def test_cli_template_that_cannot_deploy_exits_1(capsys, tmp_path):
    assert main(["serve", "--port", "0", "--template", str(tmp_path / "missing.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"gwmock serve: cannot deploy {tmp_path / 'missing.yaml'}: cannot read template") \
        and "Traceback" not in err
