"""The pytest plugin, run in a throwaway pytest."""

import subprocess
import sys

pytest_plugins = ["pytester"]


def test_fixtures_and_marker(pytester, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")  # the user's region: kept unless region= is given
    pytester.makeconftest(
        """
        from gwmock.mock import GatewayMock

        def deploy_template(self, template, parameters=None, name=None):
            self.deployed = (template, parameters)

        GatewayMock.deploy_template = deploy_template  # the wiring, not CloudFormation, is tested here
        """
    )
    pytester.makepyfile(
        """
        import os

        import boto3
        import pytest
        from gwmock import Call
        from gwmock.mock import active

        def test_clients(apigateway, apigatewayv2, gwmock):
            apigateway.create_rest_api(name="a")
            assert [c.operation for c in gwmock.calls] == ["CreateRestApi"]
            assert isinstance(gwmock.calls[0], Call)
            assert apigatewayv2.meta.region_name == "eu-central-1"

        def test_fresh_state(apigateway):
            assert apigateway.get_rest_apis()["items"] == []

        @pytest.mark.gwmock(region="eu-west-1", raise_lambda_errors=True)
        def test_marker():
            handle = active()
            assert handle is not None and handle.region == "eu-west-1" and handle.raise_lambda_errors
            assert boto3.client("apigateway").meta.region_name == "eu-west-1"

        @pytest.mark.gwmock(region="ap-south-1")
        def test_marker_region_reaches_fixture_clients(apigateway, gwmock):
            assert apigateway.meta.region_name == "ap-south-1"
            assert os.environ["AWS_DEFAULT_REGION"] == "ap-south-1"

        @pytest.mark.gwmock(template={"Resources": {}}, parameters={"Stage": "dev"})
        def test_marker_deploys_a_template(gwmock):
            assert gwmock.deployed == ({"Resources": {}}, {"Stage": "dev"})

        @pytest.mark.gwmock
        class TestMarkedClass:
            def test_inside(self):
                assert active() is not None

        def test_no_mock_without_asking():
            assert active() is None
            assert os.environ["AWS_DEFAULT_REGION"] == "eu-central-1"
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=7)


def test_help_texts(pytester):
    fixtures = pytester.runpytest_subprocess("--fixtures", "-p", "no:cacheprovider")
    out = fixtures.stdout.str()
    for name in ("gwmock", "apigateway", "apigatewayv2"):
        line = next(i for i, text in enumerate(fixtures.outlines) if text.startswith(f"{name} "))
        assert fixtures.outlines[line + 1].strip(), f"{name} has no help text"
    assert "boto3 ``apigateway`` (REST APIs, v1) client" in out
    markers = pytester.runpytest_subprocess("--markers", "-p", "no:cacheprovider").stdout.str()
    assert "@pytest.mark.gwmock(**options): run the test inside mock_apigateway" in markers


def test_importing_the_plugin_loads_nothing_heavy():
    code = ("import sys, gwmock.pytest_plugin; "
            "print(sorted(m for m in ('gwmock.mock', 'botocore', 'boto3', 'gwmock.intercept', 'gwmock.dispatch') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_no_autouse_fixture():
    import gwmock.pytest_plugin as plugin

    markers = [getattr(value, "_fixture_function_marker", None) or getattr(value, "_pytestfixturefunction", None)
               for value in vars(plugin).values()]
    assert not any(getattr(marker, "autouse", False) for marker in markers if marker is not None)
