"""The mock inside other frameworks' lifecycles, in-process: unittest's IsolatedAsyncioTestCase,
class and module cleanups and subTest; unittest.mock.patch, freezegun and time-machine stacked with
the decorator in either order; threads; hypothesis @given in either order with the decorator.
The pytest-level forms (pytest-asyncio, anyio, fixture scopes, xdist...) are in
test_plugin_frameworks.py."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import os
import threading
import unittest
from unittest import mock

import boto3
import pytest

from gwmock import mock_apigateway
from gwmock.mock import active

REGION = "us-east-1"
FROZEN = datetime.datetime(2020, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)


def _client():
    return boto3.client("apigateway", region_name=REGION)


def _names():
    return sorted(api["name"] for api in _client().get_rest_apis()["items"])


def _run(*cases, outer=None):
    """Run unittest cases with unittest's own runner; fail the pytest test on any failure."""
    suite = unittest.TestSuite(unittest.defaultTestLoader.loadTestsFromTestCase(case) for case in cases)
    result = unittest.TestResult()
    suite.run(result)
    problems = [text for _, text in result.errors + result.failures]
    assert problems == [] and result.testsRun > 0, "\n".join(problems)
    assert active() is outer
    return result


# --- unittest ----------------------------------------------------------------------------------------


def test_isolated_asyncio_test_case():
    aio_session = pytest.importorskip("aiobotocore.session")
    seen = []

    @mock_apigateway
    class Case(unittest.IsolatedAsyncioTestCase):
        @classmethod
        def setUpClass(cls):
            _client().create_rest_api(name="class")

        async def asyncSetUp(self):  # noqa: N802
            assert active() is not None
            self.client = await aio_session.get_session().create_client("apigateway", region_name=REGION).__aenter__()
            await self.client.create_rest_api(name="async-setup")
            self.addAsyncCleanup(self.client.__aexit__, None, None, None)

        async def asyncTearDown(self):  # noqa: N802
            seen.append(("asyncTearDown", active() is not None))

        async def names(self):
            return sorted(api["name"] for api in (await self.client.get_rest_apis())["items"])

        async def test_one(self):
            assert await self.names() == ["async-setup", "class"]  # a fresh copy of setUpClass's state
            await self.client.create_rest_api(name="one")

        async def test_two(self):
            assert await self.names() == ["async-setup", "class"]
            await self.client.create_rest_api(name="two")

    _run(Case)
    assert seen == [("asyncTearDown", True)] * 2


def test_class_cleanups_run_inside_the_class_mock():
    """addClassCleanup's functions run after tearDownClass: the class-wide mock must outlive them,
    or a cleanup that deletes what setUpClass created calls real AWS."""
    seen = []

    def delete_class_api(api_id):
        seen.append(("class cleanup", active() is not None))
        if active() is not None:
            _client().delete_rest_api(restApiId=api_id)
            seen.append(("left", _names()))

    @mock_apigateway
    class Case(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.api = _client().create_rest_api(name="class")["id"]
            cls.addClassCleanup(delete_class_api, cls.api)

        @classmethod
        def tearDownClass(cls):
            seen.append(("tearDownClass", active() is not None))

        def test_it(self):
            self.addCleanup(lambda: seen.append(("cleanup", active() is not None)))
            assert _names() == ["class"]

    _run(Case)
    assert seen == [("cleanup", True), ("tearDownClass", True), ("class cleanup", True), ("left", [])]


def test_a_failing_set_up_class_still_cleans_up_inside_the_mock():
    seen = []

    @mock_apigateway
    class Case(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.addClassCleanup(lambda: seen.append(active() is not None))
            raise RuntimeError("setUpClass broke")

        def test_never(self):
            raise AssertionError("not run")

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert [type(test).__name__ for test, _ in result.errors] == ["_ErrorHolder"]
    assert seen == [True] and active() is None


def test_a_keyboard_interrupt_in_set_up_class_stops_the_mock():
    @mock_apigateway
    class Case(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            raise KeyboardInterrupt

        def test_never(self):
            raise AssertionError("not run")

    with pytest.raises(KeyboardInterrupt):
        Case.setUpClass()
    assert active() is None
    Case.doClassCleanups()  # a runner that cleans up anyway: nothing left to stop, no error
    assert Case.tearDown_exceptions == []


def test_set_up_module_mock_and_sub_tests():
    module_mock = mock_apigateway(state="memory://")

    @mock_apigateway
    class Case(unittest.TestCase):
        def test_sub_tests_share_the_tests_mock(self):
            for index in range(3):
                with self.subTest(index=index):
                    _client().create_rest_api(name=str(index))
            assert _names() == ["0", "1", "2", "module"]

    module = module_mock.start()  # what a setUpModule does, with addModuleCleanup(module_mock.stop)
    try:
        _client().create_rest_api(name="module")
        _run(Case, outer=module)  # each test starts from a copy of the module's state, and writes to its copy
        assert _names() == ["module"]
    finally:
        module_mock.stop()


# --- stacked with unittest.mock.patch, freezegun, time-machine ----------------------------------------


def test_patch_decorators_in_either_order():
    @mock.patch("os.getcwd", return_value="/outer")
    @mock_apigateway
    @mock.patch("os.getpid", return_value=1)
    def stacked(getpid, getcwd):
        assert (os.getcwd(), os.getpid()) == ("/outer", 1)
        _client().create_rest_api(name="patched")
        return _names()

    assert stacked() == ["patched"]
    assert active() is None


@pytest.mark.parametrize("outer", ["patch.dict", "gwmock"])
def test_patch_dict_of_the_environment_in_either_order(outer, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    before = dict(os.environ)
    patch = mock.patch.dict(os.environ, {"AWS_DEFAULT_REGION": "ap-south-1"})
    if outer == "gwmock":
        decorated = mock_apigateway(patch(lambda: boto3.client("apigateway").meta.region_name))
    else:
        decorated = patch(mock_apigateway(lambda: boto3.client("apigateway").meta.region_name))
    assert decorated() == "ap-south-1"
    assert dict(os.environ) == before


def _frozen_forms(freeze):
    """The decorator and context-manager forms of a clock-freezing ``freeze`` with the mock's,
    in both orders; each returns the createdDate AWS answered."""

    def created():
        return _client().create_rest_api(name="at")["createdDate"]

    def both_with_blocks(first, second):
        def run():
            with first(), second():
                return created()

        return run

    at = "2020-02-03 04:05:06"
    return {
        "freeze outer": freeze(at)(mock_apigateway(created)),
        "gwmock outer": mock_apigateway(freeze(at)(created)),
        "with freeze, gwmock": both_with_blocks(lambda: freeze(at), mock_apigateway),
        "with gwmock, freeze": both_with_blocks(mock_apigateway, lambda: freeze(at)),
    }


def test_freezegun_in_either_order():
    freezegun = pytest.importorskip("freezegun")
    assert {form: run() for form, run in _frozen_forms(freezegun.freeze_time).items()} == dict.fromkeys(
        _frozen_forms(freezegun.freeze_time), FROZEN)
    assert active() is None


def test_freezegun_and_a_decorated_test_case_in_either_order():
    freezegun = pytest.importorskip("freezegun")

    class Checks:
        def test_frozen(self):
            assert _client().create_rest_api(name="at")["createdDate"] == FROZEN

    frozen_outer = freezegun.freeze_time("2020-02-03 04:05:06")(
        mock_apigateway(type("FrozenOuter", (Checks, unittest.TestCase), {})))
    mock_outer = mock_apigateway(freezegun.freeze_time("2020-02-03 04:05:06")(
        type("MockOuter", (Checks, unittest.TestCase), {})))
    _run(frozen_outer, mock_outer)


def test_time_machine_in_either_order():
    time_machine = pytest.importorskip("time_machine")

    def travel(at):
        return time_machine.travel(datetime.datetime.fromisoformat(at).replace(tzinfo=datetime.timezone.utc),
                                   tick=False)

    assert {form: run() for form, run in _frozen_forms(travel).items()} == dict.fromkeys(_frozen_forms(travel),
                                                                                         FROZEN)


# --- threads -------------------------------------------------------------------------------------------


@mock_apigateway
def test_threads_and_an_executor_in_a_decorated_test():
    def create(index):
        return boto3.client("apigateway", region_name=REGION).create_rest_api(name=f"t{index}")["name"]

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        made = sorted(pool.map(create, range(8)))
    workers = [threading.Thread(target=create, args=(index,)) for index in range(8, 10)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert made == [f"t{index}" for index in range(8)]
    assert _names() == sorted(f"t{index}" for index in range(10))
    assert len(active().calls) == 11


def test_started_in_one_thread_and_stopped_in_another():
    before = dict(os.environ)
    started = mock_apigateway()
    handles = []
    thread = threading.Thread(target=lambda: handles.append(started.start()))
    thread.start()
    thread.join()
    assert active() is handles[0]  # process-wide, not per thread
    _client().create_rest_api(name="main-thread")
    thread = threading.Thread(target=started.stop)
    thread.start()
    thread.join()
    assert active() is None and dict(os.environ) == before
    assert [call.operation for call in handles[0].calls] == ["CreateRestApi"]


# --- hypothesis: each example starts from the test's state --------------------------------------------


def _hypothesis():
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies

    return hypothesis.given(strategies.text("abc", min_size=1, max_size=4)), hypothesis.settings(
        max_examples=8, deadline=None, database=None)


def _one_example(name):
    _client().create_rest_api(name=name)
    assert _names() == [name]
    assert [call.operation for call in active().calls] == ["CreateRestApi", "GetRestApis"]


@pytest.mark.parametrize("order", ["given outer", "gwmock outer"])
def test_hypothesis_examples_each_start_fresh_in_either_order(order):
    given, settings = _hypothesis()
    if order == "given outer":
        test = given(settings(mock_apigateway(_one_example)))
    else:
        test = mock_apigateway(given(settings(_one_example)))
    test()
    assert active() is None


def test_hypothesis_examples_start_from_what_the_test_set_up():
    given, settings = _hypothesis()
    seen = []

    @mock_apigateway
    class Case(unittest.TestCase):
        def setUp(self):  # noqa: N802
            _client().create_rest_api(name="setup")
            active().add_lambda("f", lambda event, context: None)

        @given
        @settings
        def test_examples(self, name):
            seen.append(sorted(active().lambdas))
            active().add_lambda(name, lambda event, context: None)
            _client().create_rest_api(name=name)
            assert _names() == sorted(["setup", name])

    @mock_apigateway
    class Plain:
        def setup_method(self, method):
            _client().create_rest_api(name="setup")

        @given
        @settings
        def test_examples(self, name):
            _client().create_rest_api(name=name)
            assert _names() == sorted(["setup", name])

    _run(Case)
    assert seen and all(lambdas == ["f"] for lambdas in seen)
    plain = Plain()
    plain.setup_method(Plain.test_examples)
    try:
        plain.test_examples()
    finally:
        plain.teardown_method(Plain.test_examples)
    assert active() is None


def test_an_async_hypothesis_test_under_the_decorator():
    given, settings = _hypothesis()

    async def example(name):
        await asyncio.sleep(0)
        _one_example(name)

    test = mock_apigateway(given(settings(example)))
    inner = test.hypothesis.inner_test
    test.hypothesis.inner_test = lambda *a, **k: asyncio.run(inner(*a, **k))  # as pytest-asyncio does
    test()
