"""The mock's four forms, nesting, state lifetime, credentials and interception."""

from __future__ import annotations

import asyncio
import os
import unittest
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.endpoint
import pytest
from botocore.exceptions import ClientError

from gwmock import Call, mock_apigateway
from gwmock.mock import active

# Created at import time, before any mock started (and possibly without credentials).
EARLY_CLIENT = boto3.client("apigateway", region_name="eu-west-1")


def _client(service="apigateway", region="eu-west-1", **kwargs):
    return boto3.client(service, region_name=region, **kwargs)


def _api_names(client):
    return sorted(api["name"] for api in client.get_rest_apis()["items"])


@mock_apigateway
def test_bare_decorator_mocks_the_call():
    api = _client().create_rest_api(name="bare")
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert _api_names(_client()) == ["bare"]


@mock_apigateway()
def test_called_decorator_starts_from_empty_state():
    assert _api_names(_client()) == []


@mock_apigateway(region="eu-west-1")
async def _coroutine():
    _client().create_rest_api(name="async")
    await asyncio.sleep(0)
    return _api_names(_client())


def test_coroutine_decorator():
    assert asyncio.run(_coroutine()) == ["async"]
    assert active() is None


def test_context_manager_state_lives_until_exit():
    with mock_apigateway() as gw:
        _client().create_rest_api(name="one")
        _client().create_rest_api(name="two")
        assert _api_names(_client()) == ["one", "two"]
        assert [c.operation for c in gw.calls][:2] == ["CreateRestApi", "CreateRestApi"]
    with mock_apigateway():
        assert _api_names(_client()) == []


def test_start_stop_and_unmatched_stop():
    mock = mock_apigateway()
    gw = mock.start()
    try:
        _client().create_rest_api(name="started")
        assert gw.snapshot()["collections"]
    finally:
        mock.stop()
    assert active() is None
    with pytest.raises(RuntimeError, match="without a matching start"):
        mock.stop()


def test_nested_mock_shares_state_and_unwinds():
    with mock_apigateway() as outer:
        _client().create_rest_api(name="outer")
        with mock_apigateway() as inner:
            assert inner.backend is outer.backend
            _client().create_rest_api(name="inner")
        assert _api_names(_client()) == ["inner", "outer"]
        assert active() is outer
    assert active() is None
    assert not botocore.endpoint.Endpoint._send_request.__module__.startswith("gwmock")


def test_reset_empties_state():
    with mock_apigateway() as gw:
        _client().create_rest_api(name="x")
        gw.reset()
        assert _api_names(_client()) == []
        assert gw.calls == [Call("apigateway", "GetRestApis", {}, 200)]


def test_snapshot_and_restore(tmp_path):
    with mock_apigateway() as gw:
        api = _client().create_rest_api(name="saved")
        gw.save(tmp_path / "state.json")
    with mock_apigateway(load=tmp_path / "state.json"):
        assert _client().get_rest_api(restApiId=api["id"])["name"] == "saved"


@mock_apigateway
class TestPlainClass:
    def test_first(self):
        _client().create_rest_api(name="first")
        assert _api_names(_client()) == ["first"]

    def test_second_is_fresh(self):
        assert _api_names(_client()) == []


@mock_apigateway
class TestUnitTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.api_id = _client().create_rest_api(name="from-setup-class")["id"]

    def setUp(self):
        _client().create_rest_api(name="from-setup")

    def tearDown(self):
        assert "from-setup" in _api_names(_client())

    def test_sees_set_up_class_and_set_up(self):
        self.assertEqual(_api_names(_client()), ["from-setup", "from-setup-class"])
        _client().create_rest_api(name="only-here")

    def test_each_test_is_fresh(self):
        self.assertEqual(_api_names(_client()), ["from-setup", "from-setup-class"])


def test_decorating_something_else_is_a_type_error():
    with pytest.raises(TypeError):
        mock_apigateway(42)  # type: ignore[call-overload]


def test_client_created_before_the_mock_is_mocked():
    with mock_apigateway():
        api = _client().create_rest_api(name="late")
        assert EARLY_CLIENT.get_rest_api(restApiId=api["id"])["name"] == "late"


def test_fake_credentials_are_supplied_and_removed(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with mock_apigateway():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
        assert _client().create_rest_api(name="x")["name"] == "x"
    assert "AWS_ACCESS_KEY_ID" not in os.environ


def test_real_looking_credentials_are_left_alone(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    with mock_apigateway():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAEXAMPLEEXAMPLE00"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAEXAMPLEEXAMPLE00"


@mock_apigateway
def test_state_is_isolated_per_account_and_region():
    default = _client()
    other_account = _client(aws_access_key_id="111111111111", aws_secret_access_key="x")
    other_region = _client(region="us-west-2")
    api = default.create_rest_api(name="mine")
    other_account.create_rest_api(name="theirs")
    assert _api_names(default) == ["mine"]
    assert _api_names(other_account) == ["theirs"]
    assert _api_names(other_region) == []
    error = pytest.raises(ClientError, other_account.get_rest_api, restApiId=api["id"]).value.response
    assert error["Error"]["Message"] == f"Invalid API identifier specified 111111111111:{api['id']}"


@mock_apigateway
def test_any_endpoint_url_is_intercepted():
    client = _client(endpoint_url="https://apigateway.example.invalid")
    assert client.create_rest_api(name="elsewhere")["name"] == "elsewhere"


@mock_apigateway
def test_other_services_pass_through():
    seen = []
    sts = _client("sts")

    def canned(request, **kwargs):
        seen.append(request.url)
        from botocore.awsrequest import AWSResponse

        class Raw:
            def stream(self, **_):
                yield (b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>000000000000</Account>"
                       b"</GetCallerIdentityResult></GetCallerIdentityResponse>")

        return AWSResponse(request.url, 200, {}, Raw())

    sts.meta.events.register("before-send.sts.GetCallerIdentity", canned)
    assert sts.get_caller_identity()["Account"] == "000000000000"
    assert seen and "sts" in seen[0]


@mock_apigateway
def test_concurrent_creates_lose_nothing():
    client = _client()

    def create(i):
        return client.create_rest_api(name=f"api-{i:03}")["id"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(create, range(200)))
    assert len(set(ids)) == 200
    listed = []
    position = None
    while True:
        page = client.get_rest_apis(limit=500, **({"position": position} if position else {}))
        listed += [a["id"] for a in page["items"]]
        position = page.get("position")
        if not position:
            break
    assert sorted(listed) == sorted(ids)


@pytest.mark.parametrize("moto_first", [True, False])
def test_gwmock_wins_over_moto(moto_first):
    moto = pytest.importorskip("moto")
    first, second = (moto.mock_aws(), mock_apigateway()) if moto_first else (mock_apigateway(), moto.mock_aws())
    with first as a, second as b:
        gw = b if moto_first else a
        api = _client().create_rest_api(name="both")
        assert api["ResponseMetadata"]["HTTPStatusCode"] == 201  # moto answers 200
        assert gw.calls[-1].operation == "CreateRestApi"


def test_plugin_fixtures(apigateway, apigatewayv2, gwmock):
    apigateway.create_rest_api(name="fixture")
    assert gwmock.calls[-1].operation == "CreateRestApi"
    assert apigatewayv2.meta.service_model.service_name == "apigatewayv2"


@pytest.mark.gwmock
def test_marker_runs_inside_a_mock():
    assert active() is not None
    assert _api_names(_client()) == []


def test_demo_builds_deploys_and_calls_an_api(capsys):
    from gwmock.__main__ import main

    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "GET    /pets      -> MOCK integration" in out
    assert '-> 200 [{"id": 1, "type": "dog"}]' in out


def test_a_backend_that_is_not_a_backend_is_refused_at_once():
    from gwmock import GwmockError

    with pytest.raises(GwmockError, match="backend must be a Backend instance, not str; for a URL use state="):
        mock_apigateway(backend="sqlite:///x.db")


def test_restore_refuses_what_is_not_a_snapshot_and_keeps_state():
    from gwmock.errors import SnapshotError

    with mock_apigateway() as gw:
        boto3.client("apigateway", region_name="us-east-1").create_rest_api(name="kept")
        for garbage in (5, [], b"x"):
            with pytest.raises(SnapshotError, match="a snapshot is a dict or the path of a JSON file"):
                gw.restore(garbage)
        assert [api["name"] for api in boto3.client("apigateway", region_name="us-east-1").get_rest_apis()["items"]] \
            == ["kept"]
