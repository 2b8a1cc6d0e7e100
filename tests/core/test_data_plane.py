"""The data-plane hook: execute-api URLs answered from the mock, everything else untouched."""

from __future__ import annotations

import boto3
import pytest
import requests
import urllib3
from helpers import deployed_mock_api

from gwmock import mock_apigateway
from gwmock.runtime import is_execute_api

REGION = "eu-west-1"


def _deployed_mock_api(client):
    return deployed_mock_api(client, '{"pets": ["rex"]}', method="GET", path_part="pets").rstrip("/")


@mock_apigateway
def test_requests_reach_the_deployed_api():
    base = _deployed_mock_api(boto3.client("apigateway", region_name=REGION))
    response = requests.get(f"{base}/pets", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"pets": ["rex"]}
    assert response.headers["Content-Type"] == "application/json"


@mock_apigateway
def test_urllib3_and_the_handle_reach_it_too():
    base = _deployed_mock_api(boto3.client("apigateway", region_name=REGION))
    assert urllib3.request("GET", f"{base}/pets").json() == {"pets": ["rex"]}


def test_handle_invoke(gwmock):
    base = _deployed_mock_api(boto3.client("apigateway", region_name=REGION))
    assert gwmock.invoke("GET", f"{base}/pets").json() == {"pets": ["rex"]}
    missing = gwmock.invoke("GET", f"{base}/cats")
    assert (missing.status, missing.json()) == (403, {"message": "Missing Authentication Token"})


def test_handle_invoke_takes_bytes_header_names_as_latin1(gwmock):
    # HTTP clients hand text names on; gw.invoke read bytes names until a test read the execution log
    base = _deployed_mock_api(boto3.client("apigateway", region_name=REGION))
    answer = gwmock.invoke("GET", f"{base}/pets", headers={b"x-k\xe9": b"v", "X-Other": "w"})

    assert answer.status == 200
    log = "\n".join(gwmock.requests[-1].log)
    assert "x-k\u00e9=v" in log and "X-Other=w" in log
    assert gwmock.requests[-1].headers == {"x-k\u00e9": b"v", "X-Other": "w"}
    with pytest.raises(Exception, match="header names are text, not int"):
        gwmock.invoke("GET", f"{base}/pets", headers={1: "v"})


@mock_apigateway
def test_unknown_api_is_forbidden():
    response = requests.get(f"https://abcdef1234.execute-api.{REGION}.amazonaws.com/dev/x", timeout=5)
    assert response.status_code == 403


def test_other_hosts_pass_through(gwmock, monkeypatch):
    seen = []
    from gwmock import intercept

    monkeypatch.setattr(intercept, "_original_urlopen", lambda self, *a, **k: seen.append(self.host) or "passed")
    pool = urllib3.HTTPSConnectionPool("example.com")
    assert pool.urlopen("GET", "/") == "passed"
    assert seen == ["example.com"]


def test_no_interception_without_a_mock():
    from urllib3.connectionpool import HTTPConnectionPool

    assert HTTPConnectionPool.urlopen.__module__.startswith("urllib3")


@pytest.mark.parametrize(("host", "expected"), [
    ("abc123.execute-api.eu-west-1.amazonaws.com", True),
    ("abc123-vpce-0123abcd.execute-api.us-east-1.amazonaws.com", True),
    ("apigateway.eu-west-1.amazonaws.com", False),
    ("execute-api.example.com", False),
    (None, False),
])
def test_execute_api_hosts(host, expected):
    assert is_execute_api(host) is expected


def test_reset_forgets_runtime_caches(gwmock):
    from gwmock import runtime

    cache = runtime.register_cache({})
    cache[gwmock.backend] = {"k": "cached"}
    gwmock.reset()
    assert gwmock.backend not in cache


@pytest.mark.parametrize("moto_first", [True, False])
def test_requests_reach_gwmock_beside_moto(moto_first):
    moto = pytest.importorskip("moto")
    first, second = (moto.mock_aws(), mock_apigateway()) if moto_first else (mock_apigateway(), moto.mock_aws())
    with first, second:
        base = _deployed_mock_api(boto3.client("apigateway", region_name=REGION))
        response = requests.get(f"{base}/pets", timeout=5)
        assert (response.status_code, response.json()) == (200, {"pets": ["rex"]})


def test_random_requests_to_deployed_apis_never_crash():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    with mock_apigateway() as gw:
        rest_base = _deployed_mock_api(boto3.client("apigateway", region_name=REGION))
        v2 = boto3.client("apigatewayv2", region_name=REGION)
        gw.add_lambda("echo", lambda event, context: {"statusCode": 200, "body": event.get("rawPath", "")})
        http = v2.create_api(Name="h", ProtocolType="HTTP",
                             Target=f"arn:aws:lambda:{REGION}:123456789012:function:echo")
        http_base = f"https://{http['ApiId']}.execute-api.{REGION}.amazonaws.com"
        segment = st.text(st.characters(codec="ascii", exclude_characters="/?#%"), max_size=8)

        @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(base=st.sampled_from([rest_base, http_base]),
               method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH"]),
               path=st.lists(segment, max_size=4), body=st.binary(max_size=40),
               headers=st.dictionaries(st.sampled_from(["Content-Type", "Accept", "Authorization", "x-api-key",
                                                        "Origin"]), segment, max_size=3))
        def call(base, method, path, body, headers):
            answer = gw.invoke(method, base + "/" + "/".join(path), headers, body)
            assert 200 <= answer.status < 600
            assert answer.status != 500 or b"Internal" in answer.body

        call()
