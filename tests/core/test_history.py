"""``gw.calls`` and ``gw.requests`` keep the most recent ``history`` entries: a mock driven for
hours (``gwmock serve``, a long session) must not grow without end."""

from __future__ import annotations

import gc
import tracemalloc

import boto3
import pytest
import requests

from gwmock import mock_apigateway
from gwmock.__main__ import main
from gwmock.errors import GwmockError
from gwmock.history import DEFAULT_HISTORY
from gwmock.server.running import RunningServer
from tests.helpers import api_with_mock_method

REGION = "eu-west-1"


def _deployed(client) -> str:
    api_id = api_with_mock_method(client)
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"n": 1}'})
    client.create_deployment(restApiId=api_id, stageName="dev")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/"


def test_calls_keep_the_most_recent_and_count_the_dropped():
    with mock_apigateway(history=10) as gw:
        client = boto3.client("apigateway", region_name=REGION)
        names = [client.create_rest_api(name=f"api{i}")["name"] for i in range(40)]
        kept = len(gw.calls)
        assert 10 <= kept <= 12  # a tenth more at most before the oldest go in one slice
        assert gw.calls.dropped == 40 - kept
        assert [call.params["name"] for call in gw.calls] == names[-kept:]
        assert gw.calls[-1].operation == "CreateRestApi" and gw.calls[-3:][-1] is gw.calls[-1]
        assert len(client.get_rest_apis(limit=500)["items"]) == 40  # the state itself is never trimmed
        gw.reset()
        assert (len(gw.calls), gw.calls.dropped) == (0, 0)


def test_requests_keep_the_most_recent():
    with mock_apigateway(history=5) as gw:
        url = _deployed(boto3.client("apigateway", region_name=REGION))
        statuses = [requests.get(url + f"?n={i}").status_code for i in range(30)]
        assert statuses == [200] * 30
        assert 5 <= len(gw.requests) <= 6
        assert gw.requests.dropped == 30 - len(gw.requests)
        assert gw.requests[-1].url.endswith("?n=29") and gw.requests[-1].status == 200
        assert gw.requests[-1].log[0].startswith("Execution log for request")


def test_memory_stays_flat_under_many_requests():
    with mock_apigateway(history=50) as gw:
        url = _deployed(boto3.client("apigateway", region_name=REGION))
        for _ in range(100):
            gw.invoke("GET", url)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for _ in range(1000):
                gw.invoke("GET", url)
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
        # a REST request's record weighs kilobytes: 1,000 kept would be megabytes
        assert grown < 200_000, grown
        assert len(gw.requests) <= 56


def test_default_and_unbounded():
    with mock_apigateway() as gw:
        assert gw.calls.limit == gw.requests.limit == DEFAULT_HISTORY == 10_000
    with mock_apigateway(history=None) as gw:
        client = boto3.client("apigateway", region_name=REGION)
        for i in range(30):
            client.create_rest_api(name=f"a{i}")
        assert (len(gw.calls), gw.calls.dropped, gw.calls.limit) == (30, 0, None)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10", True])
def test_a_bad_history_is_refused(bad):
    with pytest.raises(GwmockError, match="history must be a positive number of entries or None"):
        mock_apigateway(history=bad)


@pytest.mark.gwmock(history=3)
def test_the_marker_passes_history(gwmock, apigateway):
    for i in range(10):
        apigateway.create_rest_api(name=f"m{i}")
    assert gwmock.calls.limit == 3 and len(gwmock.calls) <= 4


def test_serve_keeps_a_server_history(monkeypatch, capsys):
    seen = []
    monkeypatch.setattr(RunningServer, "serve_forever", lambda self: seen.append(self))
    assert main(["serve", "--port", "0"]) == 0
    assert seen[0].handle.calls.limit == seen[0].handle.requests.limit == 1_000
    assert main(["serve", "--port", "0", "--history", "25"]) == 0
    assert seen[1].handle.requests.limit == 25
    assert main(["serve", "--port", "0", "--history", "0"]) == 2
    assert "history must be a positive number of entries" in capsys.readouterr().err


def test_a_domain_created_after_a_miss_is_served_when_the_history_trims():
    """The data plane remembers a host that is not a custom domain until the control plane answers
    another call; counting calls by ``len(gw.calls)`` would miss them once the history trims."""
    from gwmock.runtime import is_data_plane_host

    with mock_apigateway(history=1) as gw:
        client = boto3.client("apigateway", region_name=REGION)
        url = _deployed(client)
        api_id = url.split("//")[1].split(".")[0]
        assert not is_data_plane_host(gw, "late.example.com")  # the miss is remembered
        before = len(gw.calls)
        client.create_domain_name(domainName="late.example.com", endpointConfiguration={"types": ["REGIONAL"]},
                                  regionalCertificateArn=f"arn:aws:acm:{REGION}:123456789012:certificate/abc")
        client.create_base_path_mapping(domainName="late.example.com", restApiId=api_id, stage="dev")
        assert len(gw.calls) == before  # trimmed back to the same length
        assert gw.invoke("GET", "https://late.example.com/").json() == {"n": 1}
