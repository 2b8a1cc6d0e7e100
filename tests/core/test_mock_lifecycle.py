"""Lifecycle cases found by running gwmock inside real suites: what setUpClass registers reaches
each test, load= starts a state of its own, decorated generators (yield fixtures) keep their mock
for their whole life, decorator forms honour history=, restore() forgets the old state's runtime
caches, and AWS_REGION alone gives clients their region."""

from __future__ import annotations

import asyncio
import json
import os
import unittest

import boto3
import pytest
import requests

from gwmock import mock_apigateway
from gwmock.mock import active

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:hello"


def _lambda_api(gw):
    gw.add_lambda(FN, lambda event, context: {"statusCode": 200, "body": "hi"})
    v2 = boto3.client("apigatewayv2", region_name=REGION)
    api = v2.create_api(Name="h", ProtocolType="HTTP", Target=FN)["ApiId"]
    return f"https://{api}.execute-api.{REGION}.amazonaws.com/x"


@mock_apigateway
class TestWhatSetUpClassRegistered(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.url = _lambda_api(active())
        active().allow_http_backend("partner.example")
        active().add_jwks("https://issuer.example", {"keys": []})
        active().route_vpc_link("abc123", "http://127.0.0.1:8080")

    def test_its_functions_serve_each_test(self):
        assert requests.get(self.url, timeout=5).text == "hi"
        assert active().http_backends == {"partner.example"}
        assert list(active().jwks) == ["https://issuer.example"]
        assert list(active().vpc_links) == ["abc123"]

    def test_and_the_next(self):
        assert requests.get(self.url, timeout=5).status_code == 200


def test_load_starts_a_state_of_its_own_even_when_nested():
    with mock_apigateway() as outer:
        boto3.client("apigateway", region_name=REGION).create_rest_api(name="outer-api")
        snapshot = outer.snapshot()
        boto3.client("apigateway", region_name=REGION).create_rest_api(name="after")
        with mock_apigateway(load=snapshot):
            names = [a["name"] for a in boto3.client("apigateway", region_name=REGION).get_rest_apis()["items"]]
            assert names == ["outer-api"]
            boto3.client("apigateway", region_name=REGION).create_rest_api(name="inner-only")
        names = sorted(a["name"] for a in boto3.client("apigateway", region_name=REGION).get_rest_apis()["items"])
        assert names == ["after", "outer-api"]


@pytest.fixture
@mock_apigateway
def mocked_client():
    client = boto3.client("apigateway", region_name=REGION)
    client.create_rest_api(name="from-the-fixture")
    yield client
    assert [a["name"] for a in client.get_rest_apis()["items"]] == ["from-the-fixture", "from-the-test"]


def test_a_decorated_yield_fixture_keeps_its_mock(mocked_client):
    assert active() is not None
    mocked_client.create_rest_api(name="from-the-test")


def test_decorated_generators_and_async_generators_run_inside_the_mock():
    @mock_apigateway
    def names():
        yield active() is not None
        yield boto3.client("apigateway", region_name=REGION).create_rest_api(name="g")["name"]

    assert list(names()) == [True, "g"]
    assert active() is None

    @mock_apigateway
    async def agen():
        yield active() is not None

    async def collect():
        return [item async for item in agen()]

    assert asyncio.run(collect()) == [True]
    assert active() is None


def test_decorator_forms_honour_history():
    @mock_apigateway(history=5)
    def body():
        return active().calls.limit, active().requests.limit

    assert body() == (5, 5)


def test_restore_forgets_the_runtime_caches_of_the_state_it_replaces():
    with mock_apigateway() as gw:
        url = _lambda_api(gw)
        v2 = boto3.client("apigatewayv2", region_name=REGION)
        api = url.split("//")[1].split(".")[0]
        v2.update_stage(ApiId=api, StageName="$default",
                        DefaultRouteSettings={"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 0.0001})
        snapshot = gw.snapshot()
        assert [requests.get(url, timeout=5).status_code for _ in range(2)] == [200, 429]
        gw.restore(snapshot)
        assert [requests.get(url, timeout=5).status_code for _ in range(2)] == [200, 429]


def test_aws_region_alone_gives_clients_their_region(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    with mock_apigateway():
        assert boto3.client("apigateway").meta.region_name == "eu-central-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_snapshot_documents_stay_json():
    with mock_apigateway() as gw:
        boto3.client("apigateway", region_name=REGION).create_rest_api(name="j")
        assert json.loads(json.dumps(gw.snapshot())) == gw.snapshot()


@mock_apigateway
class TestStaticAndClassMethods:
    @staticmethod
    def test_a_static_method_runs_inside_a_mock():
        assert active() is not None

    @classmethod
    def test_a_class_method_runs_inside_a_mock(cls):
        assert active() is not None and cls is TestStaticAndClassMethods
