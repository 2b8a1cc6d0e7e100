"""What gwmock changes in other libraries and the environment is undone at the last stop;
class decoration spans setup_method; credentials and region options."""

from __future__ import annotations

import importlib
import os
import sys

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

import gwmock
from gwmock import intercept, mock_apigateway
from gwmock.intercept import EXECUTE_API_URL, PATCHES

EXECUTE_API = "https://abc123defg.execute-api.us-east-1.amazonaws.com/dev/x"


def _attributes():
    seen = {}
    for module_name, owner, attribute, _ in PATCHES:
        module = importlib.import_module(module_name)
        target = getattr(module, owner) if owner else module
        seen[(module_name, owner, attribute)] = (target.__dict__.get(attribute) if owner else
                                                 getattr(target, attribute))
    return seen


def test_every_patch_is_undone_at_the_last_stop():
    before = _attributes()
    meta_path = list(sys.meta_path)
    outer = mock_apigateway()
    outer.start()
    with mock_apigateway():
        patched = _attributes()
        assert all(patched[key] is not before[key] for key in before), "every hook is installed"
    assert _attributes() == patched  # the outer mock still holds them
    outer.stop()
    after = _attributes()
    assert all(after[key] is before[key] for key in before)
    assert sys.meta_path == meta_path
    assert not intercept.installed()


@pytest.mark.parametrize("order", ["gwmock-then-moto", "moto-then-gwmock", "moto-only"])
def test_moto_pass_through_is_restored(order):
    moto = pytest.importorskip("moto")
    from moto.core.config import default_user_config

    urls = default_user_config["core"]["passthrough"]["urls"]
    before = list(urls)
    if order == "gwmock-then-moto":
        with mock_apigateway(), moto.mock_aws():
            assert EXECUTE_API_URL in urls
    elif order == "moto-then-gwmock":
        with moto.mock_aws(), mock_apigateway():
            assert EXECUTE_API_URL in urls
    assert urls == before
    # a later moto-only test: moto answers the execute-api URL itself ("Not yet implemented"), and
    # nothing is looked up (no_dns)
    with moto.mock_aws():
        response = requests.get(EXECUTE_API, timeout=1)
    assert (response.status_code, response.text) == (404, "Not yet implemented")


def test_a_pass_through_the_user_added_stays():
    moto = pytest.importorskip("moto")
    from moto.core.config import default_user_config

    urls = default_user_config["core"]["passthrough"]["urls"]
    urls.append(EXECUTE_API_URL)
    try:
        with mock_apigateway(), moto.mock_aws():
            pass
        assert urls.count(EXECUTE_API_URL) == 1
    finally:
        urls.remove(EXECUTE_API_URL)


def _names():
    return sorted(api["name"] for api in boto3.client("apigateway", region_name="us-east-1").get_rest_apis()["items"])


@mock_apigateway
class TestSetupMethodRunsInsideTheMock:
    def setup_method(self, method):
        self.api = boto3.client("apigateway", region_name="us-east-1").create_rest_api(name=method.__name__)

    def teardown_method(self, method):
        assert _names() == [method.__name__]  # same mock as the test

    def test_first(self):
        assert _names() == ["test_first"]

    def test_second_has_fresh_state(self):
        assert _names() == ["test_second_has_fresh_state"]


@mock_apigateway
class TestSetupMethodWithoutTeardown:
    def setup_method(self):
        boto3.client("apigateway", region_name="us-east-1").create_rest_api(name="setup")

    def test_sees_setup(self):
        assert _names() == ["setup"]


def test_mock_is_stopped_after_setup_method_classes():
    assert gwmock.mock.active() is None


def test_nose_style_setup_and_teardown():
    @mock_apigateway
    class Legacy:
        def setup(self):
            boto3.client("apigateway", region_name="us-east-1").create_rest_api(name="legacy")

        def teardown(self):
            self.seen_in_teardown = _names()

        def test_it(self):
            return _names()

    case = Legacy()
    case.setup()
    assert case.test_it() == ["legacy"]
    case.teardown()
    assert case.seen_in_teardown == ["legacy"]
    assert gwmock.mock.active() is None


def test_a_failing_setup_method_stops_its_mock():
    @mock_apigateway
    class Broken:
        def setup_method(self, method):
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        Broken().setup_method(None)
    assert gwmock.mock.active() is None


# --- credentials ------------------------------------------------------------------------------------


@pytest.fixture
def profile_files(tmp_path, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION",
                 "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "credentials").write_text(
        "[fake]\naws_access_key_id = 111111111111\naws_secret_access_key = NOT-A-REAL-SECRET\n"
    )
    (tmp_path / "config").write_text(
        "[profile fake]\nregion = eu-west-1\n"
        "[profile role]\nrole_arn = arn:aws:iam::222222222222:role/r\nsource_profile = fake\nregion = eu-west-1\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


def _captured_headers(client):
    seen = []
    client.meta.events.register_last("request-created", lambda request, **_: seen.append(dict(request.headers)))
    return seen


def test_a_profile_is_never_signed_with_its_secret(profile_files, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "fake")
    import botocore.auth

    signed = []
    monkeypatch.setattr(botocore.auth.SigV4Auth, "add_auth", lambda self, request: signed.append(request))
    with mock_apigateway():
        assert "AWS_ACCESS_KEY_ID" not in os.environ  # a configured profile is left alone
        client = boto3.client("apigateway")
        headers = _captured_headers(client)
        with pytest.raises(ClientError) as error:
            client.get_rest_api(restApiId="missing")
        v2 = boto3.client("apigatewayv2")
        ws = v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
        v2.create_stage(ApiId=ws["ApiId"], StageName="prod")
        management = boto3.client("apigatewaymanagementapi",
                                  endpoint_url=f"https://{ws['ApiId']}.execute-api.eu-west-1.amazonaws.com/prod")
        with pytest.raises(ClientError):
            management.get_connection(ConnectionId="bm9uZQ=")
    # the account still comes from the profile's access key id
    assert error.value.response["Error"]["Message"] == "Invalid API identifier specified 111111111111:missing"
    assert signed == []
    authorization = headers[0]["Authorization"]
    authorization = authorization.decode() if isinstance(authorization, bytes) else authorization
    assert "Credential=111111111111/" in authorization and "NOT-A-REAL-SECRET" not in authorization
    assert "Signature=gwmock-unsigned" in authorization


def test_an_assume_role_profile_is_never_resolved(profile_files, monkeypatch):
    """An assume-role profile would call STS; the lookup guard (no_dns) would catch that."""
    monkeypatch.setenv("AWS_PROFILE", "role")
    with mock_apigateway():
        client = boto3.client("apigateway")
        api = client.create_rest_api(name="role")
        with pytest.raises(ClientError) as error:
            client.get_rest_api(restApiId="missing")
    assert api["name"] == "role"
    assert error.value.response["Error"]["Message"].startswith("Invalid API identifier specified 123456789012:")
    with mock_apigateway(account="333333333333"):
        with pytest.raises(ClientError) as error:
            boto3.client("apigateway").get_rest_api(restApiId="missing")
    assert "333333333333:missing" in error.value.response["Error"]["Message"]


def test_other_services_are_still_signed(profile_files, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "fake")
    with mock_apigateway():
        sts = boto3.client("sts")
        headers = _captured_headers(sts)
        sts.meta.events.register("before-send", lambda request, **_: _Canned())
        sts.get_caller_identity()
    assert "Signature=gwmock-unsigned" not in str(headers[0]["Authorization"])


class _Canned:
    status_code = 200
    headers: dict = {}
    content = (b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account>"
               b"</GetCallerIdentityResult></GetCallerIdentityResponse>")
    text = content.decode()
    raw = None


# --- region ------------------------------------------------------------------------------------------


def test_region_option_wins_over_the_environment_and_is_restored(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    with mock_apigateway(region="ap-south-1") as gw:
        assert boto3.client("apigateway").meta.region_name == "ap-south-1"
        with mock_apigateway(region="sa-east-1"):
            assert boto3.client("apigatewayv2").meta.region_name == "sa-east-1"
        assert boto3.client("apigateway").meta.region_name == "ap-south-1"
        boto3.client("apigateway").create_rest_api(name="here")
        assert gw.region == "ap-south-1"
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-central-1"
    with mock_apigateway():
        assert boto3.client("apigateway").meta.region_name == "eu-central-1"


def test_region_default_without_environment(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    with mock_apigateway() as gw:
        assert boto3.client("apigateway").meta.region_name == "us-east-1"
        assert gw.region == "us-east-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


@mock_apigateway(region="eu-north-1")
def test_region_option_on_the_decorator():
    assert boto3.client("apigateway").meta.region_name == "eu-north-1"


def test_records_and_lambda_errors_option():
    with mock_apigateway(raise_lambda_errors=True) as gw:
        boto3.client("apigateway").create_rest_api(name="x")
        with pytest.raises(ClientError):
            boto3.client("apigateway").delete_rest_api(restApiId="missing")
        assert gw.raise_lambda_errors is True
        assert gw.requests == []
        created, failed = gw.calls
    assert isinstance(created, gwmock.Call)
    assert (created.service, created.operation, created.status, created.error_code) == (
        "apigateway", "CreateRestApi", 201, None)
    assert created.params == {"name": "x"}
    assert (failed.operation, failed.status, failed.failed) == ("DeleteRestApi", 404, True)
    with pytest.raises(AttributeError):
        created.status = 200  # frozen
    with mock_apigateway() as gw:
        assert gw.raise_lambda_errors is False


def test_public_names():
    assert set(gwmock.__all__) == {name for name in dir(gwmock) if not name.startswith("_")} | {"__version__"}
    assert repr(gwmock.mock_apigateway).startswith("<class 'gwmock.mock_apigateway'")
    request = gwmock.Request("GET", "https://x", {}, b"", 200)
    assert (request.error, request.traceback, request.log, request.response_body) == (None, None, (), b"")



def test_moto_started_with_its_own_core_settings_still_lets_execute_api_through():
    moto = pytest.importorskip("moto")
    with mock_apigateway():
        # moto's config= replaces the whole "core" section, pass-through list included, while it is active
        with moto.mock_aws(config={"core": {"mock_credentials": True, "passthrough": {"urls": [], "services": []}}}):
            answered = requests.get(EXECUTE_API)
    # gwmock's answer for an API it does not hold (moto's would be 404 "Not yet implemented")
    assert (answered.status_code, answered.json()) == (403, {"message": "Forbidden"})


_IMPORTED_LATER = f"""
import requests
from gwmock import mock_apigateway
with mock_apigateway():
    from moto import mock_aws  # first imported while the mock is active: a moto fixture after gwmock's
    with mock_aws():
        inside = requests.get("{EXECUTE_API}")
    print(inside.status_code, inside.text)
with mock_aws():
    after = requests.get("{EXECUTE_API}", timeout=1)
print(after.status_code, after.text)
"""


def test_moto_imported_after_the_mock_started_lets_execute_api_through():
    pytest.importorskip("moto")
    import subprocess

    done = subprocess.run([sys.executable, "-c", _IMPORTED_LATER], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
    assert done.returncode == 0, done.stderr
    # gwmock answers while it is active; afterwards moto answers the URL itself, as before gwmock ran
    assert done.stdout.splitlines() == ['403 {"message":"Forbidden"}', "404 Not yet implemented"]
