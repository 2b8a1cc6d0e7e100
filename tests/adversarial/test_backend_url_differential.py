"""An integration URI that two URL parsers read differently never takes gwmock to the network.

``urllib.parse.urlsplit`` ends the authority of ``http://169.254.169.254\\@127.0.0.1/`` at the ``@``
(host 127.0.0.1, loopback: allowed), while urllib3, which connects, ends it at the backslash (host
169.254.169.254). gwmock checked the first and connected to the second. A name under ``.localhost``
counted as loopback although the resolver may send it to DNS. Each case runs under a guard that
refuses and records every lookup of a non-local name and every connection to a non-loopback address."""

from __future__ import annotations

import json
import time

import pytest
import requests
from helpers import network_guard

from gwmock.runtime import backends

REGION = "us-east-1"
DIFFERENTIAL = [
    "http://169.254.169.254\\@127.0.0.1/latest/meta-data/",
    "http://169.254.169.254\\@localhost/",
    "http://127.0.0.1:80\\@169.254.169.254/",
    "http://[fd00:ec2::254]\\@[::1]/",
    "http://169.254.169.254\\@x.execute-api.us-east-1.amazonaws.com/",
]
NOT_LOOPBACK = ["http://rebind.localhost/", "http://a.b.localhost:8080/", "http://%31%32%37.0.0.1/",
                "http://127.0.0.1.nip.io/", "http://[::ffff:169.254.169.254]/"]


@pytest.fixture
def network(monkeypatch):
    return network_guard(monkeypatch)


@pytest.mark.parametrize("uri", DIFFERENTIAL + NOT_LOOPBACK)
def test_the_checked_host_is_the_connected_host(uri, gwmock, caplog):
    assert backends.refusal(gwmock, uri) is not None
    assert "nothing was sent" in caplog.text


@pytest.mark.parametrize("uri", ["http://127.0.0.1:9/", "http://localhost./x", "http://[::1]:8080/",
                                 "http://user:pw@127.0.0.1/", "http://[::1%25lo]/", "HTTP://LOCALHOST/"])
def test_loopback_forms_the_test_author_uses_still_pass(uri, gwmock):
    assert backends.refusal(gwmock, uri) is None


def test_a_differential_uri_is_refused_even_when_every_host_is_allowed(gwmock):
    gwmock.allow_http_backend("*")
    assert backends.refusal(gwmock, DIFFERENTIAL[0]) is not None
    assert backends.refusal(gwmock, "http://rebind.localhost/") is None  # allowed by the test author


@pytest.mark.parametrize("uri", DIFFERENTIAL + NOT_LOOPBACK)
def test_a_rest_api_never_connects_elsewhere(apigateway, gwmock, network, uri):
    document = {"openapi": "3.0.1", "info": {"title": "ssrf", "version": "1"}, "paths": {"/go": {"get": {
        "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "GET", "uri": uri}}}}}
    api = apigateway.import_rest_api(body=json.dumps(document).encode())["id"]
    apigateway.create_deployment(restApiId=api, stageName="dev")
    started = time.perf_counter()
    answer = requests.get(f"https://{api}.execute-api.{REGION}.amazonaws.com/dev/go", timeout=10)
    assert time.perf_counter() - started < 3
    assert answer.status_code == 500
    assert network == []


@pytest.mark.parametrize("uri", DIFFERENTIAL + NOT_LOOPBACK)
def test_an_http_api_never_connects_elsewhere(apigatewayv2, gwmock, network, uri):
    api = apigatewayv2.create_api(Name="ssrf", ProtocolType="HTTP", Target=uri)["ApiId"]
    answer = requests.get(f"https://{api}.execute-api.{REGION}.amazonaws.com/x", timeout=10)
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal Server Error"})
    assert network == []


def test_a_path_mapping_cannot_move_the_authority(apigatewayv2, gwmock, network):
    """``overwrite:path`` from the request body with a backslash, an '@' and a scheme-relative form."""
    api = apigatewayv2.create_api(Name="ssrf", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api, IntegrationType="HTTP_PROXY", IntegrationMethod="POST", PayloadFormatVersion="1.0",
        IntegrationUri="http://127.0.0.1:9/", RequestParameters={"overwrite:path": "$request.body.p"})["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="$default", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    for path in ("\\@169.254.169.254/", "@169.254.169.254/", "//169.254.169.254/", "/..\\..\\@169.254.169.254",
                 "/\r\nHost: 169.254.169.254", "http://169.254.169.254/"):
        answer = requests.post(f"https://{api}.execute-api.{REGION}.amazonaws.com/x",
                               data=json.dumps({"p": path}), timeout=10)
        assert answer.status_code in (500, 502, 503)
    assert network == []
