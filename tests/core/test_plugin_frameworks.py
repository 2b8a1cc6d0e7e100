"""The mock and the plugin with other pytest plugins and features, each run in a throwaway pytest:
pytest-asyncio (strict and auto), anyio, hypothesis, fixture scopes against the marker, marked
classes and modules, pytest-xdist, --lf, and tests that fail, skip or are interrupted."""

import pytest

pytest_plugins = ["pytester"]

# every run ends by checking that no mock is left and the environment is as it was
CONFTEST = """
import os

import pytest

from gwmock.mock import active

BEFORE = {}


def pytest_configure(config):
    BEFORE.update((k, v) for k, v in os.environ.items() if k.startswith("AWS_"))


def pytest_unconfigure(config):
    after = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    with open(os.path.join(str(config.rootpath), "left.txt"), "w") as out:
        out.write(f"{active() is None} {after == BEFORE}")
"""


def _run(pytester, source, *args, conftest="", **outcomes):
    pytester.makeconftest(CONFTEST + conftest)
    pytester.makepyfile(source)
    result = pytester.runpytest_subprocess("-q", "-p", "no:randomly", *args)
    result.assert_outcomes(**outcomes)
    assert (pytester.path / "left.txt").read_text() == "True True"
    return result


ASYNC_TESTS = """
import aiobotocore.session
import boto3
import pytest
import pytest_asyncio

from gwmock import mock_apigateway
from gwmock.mock import active

REGION = "us-east-1"


@pytest_asyncio.fixture
async def aio_client(gwmock):
    async with aiobotocore.session.get_session().create_client("apigateway", region_name=REGION) as client:
        await client.create_rest_api(name="fixture")
        yield client


@pytest.mark.asyncio
async def test_an_async_fixture_using_gwmock(aio_client, gwmock):
    assert [api["name"] for api in (await aio_client.get_rest_apis())["items"]] == ["fixture"]
    assert active() is gwmock


@pytest.mark.asyncio
@mock_apigateway
async def test_decorated_under_the_mark():
    assert boto3.client("apigateway", region_name=REGION).get_rest_apis()["items"] == []


@mock_apigateway
@pytest.mark.asyncio
async def test_decorated_over_the_mark():
    assert active() is not None


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.gwmock(region="eu-west-1")
async def test_marker_in_a_module_loop():
    assert boto3.client("apigateway").meta.region_name == "eu-west-1"


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def module_mock():
    async with mock_apigateway() as gw:
        boto3.client("apigateway", region_name=REGION).create_rest_api(name="module")
        yield gw


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.gwmock
async def test_a_module_async_fixture_and_the_marker(module_mock):
    assert active() is not module_mock  # the test's own mock, started after the module's
    assert boto3.client("apigateway", region_name=REGION).get_rest_apis()["items"] == []


@pytest.mark.asyncio(loop_scope="module")
async def test_the_module_state_is_intact(module_mock):
    names = [a["name"] for a in boto3.client("apigateway", region_name=REGION).get_rest_apis()["items"]]
    assert active() is module_mock and names == ["module"]


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
@mock_apigateway
async def test_anyio_decorated():
    assert active() is not None


@pytest.mark.anyio
async def test_anyio_fixtures(apigateway, gwmock):
    assert apigateway.get_rest_apis()["items"] == [] and active() is gwmock
"""


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_pytest_asyncio_and_anyio(pytester, mode):
    pytest.importorskip("pytest_asyncio")
    pytest.importorskip("aiobotocore")
    _run(pytester, ASYNC_TESTS, "-o", f"asyncio_mode={mode}", "-o", "asyncio_default_fixture_loop_scope=function",
         passed=8)


def test_hypothesis_examples_each_start_from_the_tests_state(pytester):
    pytest.importorskip("hypothesis")
    pytest.importorskip("pytest_asyncio")
    _run(pytester, """
        import boto3
        import pytest
        from hypothesis import HealthCheck, given, settings, strategies

        from gwmock import mock_apigateway
        from gwmock.mock import active

        names = strategies.text("abc", min_size=1, max_size=4)
        fast = settings(max_examples=10, deadline=None, database=None)
        shared_fixtures = settings(fast, suppress_health_check=[HealthCheck.function_scoped_fixture])


        def one_example(name, expected=()):
            client = boto3.client("apigateway", region_name="us-east-1")
            client.create_rest_api(name=name)
            assert sorted(a["name"] for a in client.get_rest_apis()["items"]) == sorted([*expected, name])


        @pytest.fixture
        def api(apigateway):
            apigateway.create_rest_api(name="fixture")


        @given(names)
        @shared_fixtures
        def test_fixture(gwmock, api, name):
            one_example(name, ["fixture"])
            assert [c.operation for c in gwmock.calls] == ["CreateRestApi", "CreateRestApi", "GetRestApis"]


        @given(names)
        @fast
        @pytest.mark.gwmock
        def test_marker(name):
            one_example(name)


        @given(names)
        @fast
        @pytest.mark.asyncio
        @pytest.mark.gwmock
        async def test_async_marker(name):
            one_example(name)


        @pytest.mark.asyncio
        @mock_apigateway
        @given(names)
        @fast
        async def test_async_decorated(name):
            one_example(name)


        @given(names)
        @fast
        def test_function_scoped_fixtures_are_reported(gwmock, name):
            pass
        """, "-o", "asyncio_default_fixture_loop_scope=function", passed=4, failed=1)


def test_fixture_scopes_and_the_marker(pytester):
    _run(pytester, """
        import boto3
        import pytest

        from gwmock import mock_apigateway
        from gwmock.mock import active

        REGION = "us-east-1"


        def names():
            return sorted(a["name"] for a in boto3.client("apigateway", region_name=REGION).get_rest_apis()["items"])


        @pytest.fixture(scope="session", autouse=True)
        def session_mock():
            with mock_apigateway() as gw:
                yield gw


        @pytest.fixture(scope="module")
        def module_api(session_mock):
            return boto3.client("apigateway", region_name=REGION).create_rest_api(name="module")["id"]


        @pytest.fixture(scope="class")
        def class_mock():
            with mock_apigateway(state="memory://") as gw:
                yield gw


        @pytest.mark.gwmock
        def test_marked_first_of_the_session(session_mock, module_api):
            # wider fixtures are set up before the test's mock, not inside it
            assert active() is not session_mock and names() == []
            boto3.client("apigateway", region_name=REGION).create_rest_api(name="marked")


        def test_the_session_state_kept_the_module_fixtures_work(session_mock, module_api):
            assert active() is session_mock and names() == ["module"]


        class TestClassScoped:
            @pytest.mark.gwmock
            def test_a(self, class_mock, gwmock):
                assert active() is gwmock
                boto3.client("apigateway", region_name=REGION).create_rest_api(name="a")

            def test_b(self, class_mock):
                assert active() is class_mock and names() == []
                boto3.client("apigateway", region_name=REGION).create_rest_api(name="b")

            def test_c(self, class_mock):
                assert names() == ["b"]


        @pytest.mark.usefixtures("gwmock")
        class TestUseFixtures:
            def test_one(self):
                boto3.client("apigateway", region_name=REGION).create_rest_api(name="x")

            def test_two(self):
                assert names() == []


        @pytest.mark.parametrize("run", [1, 2, 3])
        @pytest.mark.gwmock(region="eu-west-1")
        def test_parametrized(run):
            client = boto3.client("apigateway")
            assert client.meta.region_name == "eu-west-1" and client.get_rest_apis()["items"] == []
            client.create_rest_api(name=str(run))


        @pytest.mark.gwmock(region="eu-west-2")
        class TestMarkedClassWithSetupMethod:
            def setup_method(self, method):
                self.mock = active()  # inside the test's mock even when the test asks for gwmock
                boto3.client("apigateway").create_rest_api(name="setup")

            def test_marker_only(self):
                assert self.mock is active()
                assert [a["name"] for a in boto3.client("apigateway").get_rest_apis()["items"]] == ["setup"]

            def test_asking_for_the_fixture(self, gwmock, apigateway):
                assert self.mock is gwmock
                assert apigateway.meta.region_name == "eu-west-2"
                assert [a["name"] for a in apigateway.get_rest_apis()["items"]] == ["setup"]
        """, passed=12)


def test_a_module_marker(pytester):
    _run(pytester, """
        import boto3
        import pytest

        pytestmark = pytest.mark.gwmock(region="ap-south-1")


        def test_a():
            boto3.client("apigateway").create_rest_api(name="a")
            assert boto3.client("apigateway").meta.region_name == "ap-south-1"


        def test_b(apigateway):
            assert apigateway.meta.region_name == "ap-south-1" and apigateway.get_rest_apis()["items"] == []


        @pytest.mark.gwmock(region="eu-west-1")
        def test_the_closest_marker_wins():
            assert boto3.client("apigateway").meta.region_name == "eu-west-1"
        """, passed=3)


def test_unittest_class_cleanups_under_pytest(pytester):
    _run(pytester, """
        import unittest

        import boto3

        from gwmock import mock_apigateway
        from gwmock.mock import active

        seen = []


        @mock_apigateway
        class TestCleanups(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                cls.api = boto3.client("apigateway", region_name="us-east-1").create_rest_api(name="c")["id"]
                cls.addClassCleanup(cls.delete)

            @classmethod
            def delete(cls):
                seen.append(active() is not None)
                if active() is not None:
                    boto3.client("apigateway", region_name="us-east-1").delete_rest_api(restApiId=cls.api)

            def test_it(self):
                assert active() is not None


        def test_after():
            assert seen == [True] and active() is None
        """, passed=2)


FAILURES = """
import boto3
import pytest

from gwmock import mock_apigateway
from gwmock.mock import active


@mock_apigateway
def test_fail():
    pytest.fail("on purpose")


@mock_apigateway
def test_skip():
    pytest.skip("on purpose")


@pytest.mark.gwmock
def test_marker_skip():
    pytest.skip("on purpose")


@mock_apigateway
def test_xfail():
    pytest.xfail("on purpose")


@mock_apigateway
class TestSetupRaises:
    def setup_method(self, method):
        raise RuntimeError("setup broke")

    def test_never(self):
        pass


@pytest.mark.parametrize("run", range(4))
@mock_apigateway
def test_fresh(run):
    client = boto3.client("apigateway", region_name="us-east-1")
    assert client.get_rest_apis()["items"] == []
    client.create_rest_api(name=str(run))


def test_nothing_left_running():
    assert active() is None
"""


def test_fail_skip_and_setup_errors_stop_the_mock(pytester):
    _run(pytester, FAILURES, failed=1, skipped=2, xfailed=1, errors=1, passed=5)


def test_last_failed_and_xdist(pytester):
    pytest.importorskip("xdist")
    _run(pytester, FAILURES, "-p", "cacheprovider", failed=1, skipped=2, xfailed=1, errors=1, passed=5)
    _run(pytester, FAILURES, "-p", "cacheprovider", "--lf", failed=1, errors=1)
    _run(pytester, FAILURES, "-n", "2", failed=1, skipped=2, xfailed=1, errors=1, passed=5)


@pytest.mark.parametrize("form", ["@mock_apigateway", "@pytest.mark.gwmock"])
def test_keyboard_interrupt_in_a_test(pytester, form):
    result = _run(pytester, f"""
        import pytest
        from gwmock import mock_apigateway

        {form}
        def test_interrupted():
            raise KeyboardInterrupt
        """)
    assert result.ret == pytest.ExitCode.INTERRUPTED
