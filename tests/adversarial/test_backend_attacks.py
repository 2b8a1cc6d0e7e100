"""An integration's URI is data (a PutIntegration, an imported document, a template, a server
client's call): it never makes gwmock reach the network. HTTP and HTTP_PROXY integrations call the
mock itself, loopback addresses and the hosts the test author allowed; any other backend is refused
before its name is looked up, answered as an unreachable backend (500) with the reason logged."""

from __future__ import annotations

import json

import pytest
import requests
from helpers import network_guard

from gwmock.runtime import backends

REGION = "us-east-1"
FORBIDDEN = ["http://169.254.169.254/latest/meta-data/iam", "http://internal.corp.example/admin",
             "https://10.0.0.7:8443/", "http://[fd00::1]/"]


@pytest.fixture
def lookups(monkeypatch):
    return network_guard(monkeypatch)


def _imported_rest_api(apigateway, uri):
    document = {"openapi": "3.0.1", "info": {"title": "ssrf", "version": "1"}, "paths": {"/go": {"get": {
        "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "GET", "uri": uri}}}}}
    api = apigateway.import_rest_api(body=json.dumps(document).encode())
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/go"


@pytest.mark.parametrize("uri", FORBIDDEN)
def test_a_rest_integration_never_reaches_other_hosts(apigateway, gwmock, lookups, uri, caplog):
    answer = requests.get(_imported_rest_api(apigateway, uri), timeout=10)
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal server error"})
    assert lookups == []
    log = "\n".join(gwmock.requests[-1].log)
    assert "HTTP integrations call the mock itself, loopback addresses" in log
    assert "allow_http_backend" in caplog.text


@pytest.mark.parametrize("uri", FORBIDDEN)
def test_an_http_api_integration_never_reaches_other_hosts(apigatewayv2, gwmock, lookups, uri):
    api = apigatewayv2.create_api(Name="ssrf", ProtocolType="HTTP", Target=uri)["ApiId"]
    answer = requests.get(f"https://{api}.execute-api.{REGION}.amazonaws.com/x", timeout=10)
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal Server Error"})
    assert lookups == []


def test_loopback_and_the_mock_itself_are_called(apigateway, gwmock):
    import http.server
    import threading

    class Backend(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"from": "backend"}')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for host in ("127.0.0.1", "localhost"):
            url = _imported_rest_api(apigateway, f"http://{host}:{server.server_address[1]}/")
            assert requests.get(url, timeout=10).json() == {"from": "backend"}
    finally:
        server.shutdown()


def test_the_test_author_allows_hosts(gwmock):
    assert backends.refusal(gwmock, "https://api.partner.example/v1") is not None
    gwmock.allow_http_backend("api.partner.example", "*.internal.example")
    assert backends.refusal(gwmock, "https://API.partner.example./v1") is None
    assert backends.refusal(gwmock, "http://a.b.internal.example/") is None
    assert backends.refusal(gwmock, "http://internal.example/") is not None  # "*." names subdomains only
    assert backends.refusal(gwmock, "http://evil-internal.example/") is not None
    gwmock.allow_http_backend("*")
    assert backends.refusal(gwmock, "http://anything.example/") is None
    with pytest.raises(Exception, match="host names"):
        gwmock.allow_http_backend("")
