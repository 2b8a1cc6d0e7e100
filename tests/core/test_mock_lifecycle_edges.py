"""Lifecycle edges: subclasses of decorated classes stay mocked, mocks stopped out of order
restore the environment exactly, and concurrent decorated coroutines (a documented limit)."""

from __future__ import annotations

import asyncio
import os
import unittest

import boto3
import pytest

from gwmock import intercept, mock_apigateway
from gwmock.mock import active

REGION = "us-east-1"
ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION")


def _client():
    return boto3.client("apigateway", region_name=REGION)


def _names():
    return sorted(api["name"] for api in _client().get_rest_apis()["items"])


def _mocked():
    """Fail before any client is made when no mock is active: an unmocked call would go to AWS."""
    assert active() is not None, "the test ran without a mock"


# --- subclasses of decorated classes ---------------------------------------------------------------


@mock_apigateway
class TestPlainBase:
    def test_base(self):
        _mocked()
        _client().create_rest_api(name="base")
        assert _names() == ["base"]


class TestPlainSubclass(TestPlainBase):
    def test_added_by_the_subclass(self):
        _mocked()
        _client().create_rest_api(name="sub")
        assert _names() == ["sub"]  # a fresh fake account, as in the decorated base

    @staticmethod
    def test_static_added_by_the_subclass():
        _mocked()
        assert _names() == []


class TestPlainGrandchild(TestPlainSubclass):
    def test_added_two_levels_down(self):
        _mocked()
        assert _names() == []


@mock_apigateway(region="eu-north-1")
class TestDecoratedSubclassUsesItsOwnOptions(TestPlainBase):
    def test_own(self):
        _mocked()
        assert boto3.client("apigateway").meta.region_name == "eu-north-1"

    def test_inherited_too(self):
        # the base's test, re-wrapped with this class's options
        TestPlainBase.test_base.__wrapped__(self)
        assert active().region == "eu-north-1"


class _Mixin:
    def test_from_an_undecorated_mixin(self):
        _mocked()
        assert _names() == []


@mock_apigateway
class TestInheritsFromAMixin(_Mixin):
    pass


@mock_apigateway
class TestSetupBase:
    def setup_method(self, method):
        _mocked()
        _client().create_rest_api(name="base-setup")

    def teardown_method(self, method):
        assert active() is not None


class TestSetupSubclassCallingSuper(TestSetupBase):
    def setup_method(self, method):
        _mocked()
        _client().create_rest_api(name="sub-setup")
        super().setup_method(method)  # the same mock, not a second one

    def teardown_method(self, method):
        super().teardown_method(method)
        assert active() is not None  # the mock outlives the base's teardown
        assert _names() == ["base-setup", "sub-setup"]

    def test_one_mock_spans_both_setups(self):
        assert _names() == ["base-setup", "sub-setup"]


class TestSetupSubclassNotCallingSuper(TestSetupBase):
    def setup_method(self, method):
        _mocked()
        _client().create_rest_api(name="own-setup")

    def test_added(self):
        assert _names() == ["own-setup"]


def test_a_subclass_keeps_its_own_init_subclass_hooks():
    seen = []

    @mock_apigateway
    class Base:
        def __init_subclass__(cls, tag=None, **kwargs):
            super().__init_subclass__(**kwargs)
            seen.append((cls.__name__, tag))

    class Sub(Base, tag="t"):
        def test_it(self):
            return active() is not None

    assert seen == [("Sub", "t")]
    assert Sub().test_it() is True
    assert active() is None


@mock_apigateway
class BaseCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        _mocked()
        _client().create_rest_api(name="class")

    def test_base(self):
        assert "class" in _names()  # subclasses add their own


class TestCaseSubclassWithItsOwnSetUp(BaseCase):
    def setUp(self):  # does not call super(): each test still gets its own copy of setUpClass's state
        _mocked()
        self.client = _client()

    def test_first(self):
        self.client.create_rest_api(name="first")
        assert _names() == ["class", "first"]

    def test_second(self):
        self.client.create_rest_api(name="second")
        assert _names() == ["class", "second"]


class TestCaseSubclassWithItsOwnSetUpClass(BaseCase):
    @classmethod
    def setUpClass(cls):
        _mocked()
        _client().create_rest_api(name="sub-class")
        super().setUpClass()  # one class-wide mock for both

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        assert active() is not None  # stopped after the outermost tearDownClass only

    def setUp(self):
        super().setUp()
        self.per_test = active()

    def test_sees_both_class_setups_in_one_per_test_mock(self):
        assert active() is self.per_test
        assert _names() == ["class", "sub-class"]


@mock_apigateway(region="eu-north-1")
class TestDecoratedTestCaseSubclass(BaseCase):
    def test_runs_in_its_own_options(self):
        assert active().region == "eu-north-1"
        assert boto3.client("apigateway").meta.region_name == "eu-north-1"
        assert "class" in _names()


def test_no_mock_is_left_running_by_the_classes_above():
    assert active() is None


# --- start()/stop() out of order -------------------------------------------------------------------


def _env():
    return {name: os.environ.get(name) for name in ENV}


@pytest.fixture
def clean_env(monkeypatch):
    for name in ENV + ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")


def _region():
    return boto3.client("apigateway").meta.region_name


@pytest.mark.parametrize("a_region", ["ap-south-1", None])
@pytest.mark.parametrize("b_region", ["sa-east-1", None])
def test_stopping_the_outer_mock_first_restores_the_environment(clean_env, a_region, b_region):
    before = _env()
    a = mock_apigateway(region=a_region)
    b = mock_apigateway(region=b_region)
    a.start()
    b_handle = b.start()
    a.stop()
    # b is still active: its region (or, without one, the environment's) and its interception
    assert _region() == (b_region or "eu-central-1")
    assert active() is b_handle and intercept.installed()
    assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
    _client().create_rest_api(name="still-mocked")
    assert [call.operation for call in b_handle.calls] == ["CreateRestApi"]
    b.stop()
    assert _env() == before
    assert active() is None and not intercept.installed()


def test_stopping_the_middle_of_three_mocks(clean_env):
    before = _env()
    a, b, c = (mock_apigateway(region=region) for region in ("ap-south-1", "sa-east-1", "eu-west-3"))
    a.start()
    b.start()
    c.start()
    b.stop()
    assert _region() == "eu-west-3"
    c.stop()
    assert _region() == "ap-south-1"  # back to a's, not to b's
    a.stop()
    assert _env() == before


def test_in_order_stops_restore_each_level(clean_env):
    with mock_apigateway(region="ap-south-1"):
        with mock_apigateway(region="sa-east-1"):
            assert _region() == "sa-east-1"
        assert _region() == "ap-south-1"
    assert _region() == "eu-central-1"


def test_the_outer_state_lives_on_while_a_nested_mock_uses_it(clean_env):
    a = mock_apigateway(state="sqlite://")  # a backend with a real close()
    a.start()
    b = mock_apigateway()  # shares a's state
    b.start()
    _client().create_rest_api(name="kept")
    c = mock_apigateway(state="memory://")  # a state of its own, on top
    c.start()
    a.stop()
    c.stop()
    assert _names() == ["kept"]  # b answers from a's state: not closed under its feet
    b.stop()


# --- concurrent decorated coroutines (docs/guide.md: "Mocks are process-wide") ---------------------


def test_concurrent_decorated_coroutines_share_the_first_ones_state(clean_env):
    """Not a wish, the documented limit: mocks form one process-wide stack, not one per task."""

    @mock_apigateway
    async def first():
        _client().create_rest_api(name="first")
        await asyncio.sleep(0.01)
        return _names()

    @mock_apigateway
    async def second():
        _client().create_rest_api(name="second")
        await asyncio.sleep(0)
        return _names()

    async def both():
        return await asyncio.gather(first(), second())

    assert asyncio.run(both()) == [["first", "second"], ["first", "second"]]
    assert active() is None and os.environ["AWS_DEFAULT_REGION"] == "eu-central-1"
