"""The plugin against other fixtures: a marker's region over an autouse fixture's, and the
fixtures' fresh state inside a mock that is already active."""

pytest_plugins = ["pytester"]


def _run(pytester, source, **outcomes):
    pytester.makepyfile(source)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(**outcomes)


def test_the_markers_region_wins_over_an_autouse_fixtures(pytester, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    _run(pytester, """
        import os

        import boto3
        import pytest

        @pytest.fixture(autouse=True)
        def team_region(monkeypatch):
            monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")

        @pytest.mark.gwmock(region="ap-south-1")
        def test_marker_only():
            assert boto3.client("apigateway").meta.region_name == "ap-south-1"

        @pytest.mark.gwmock(region="ap-south-1")
        def test_marker_and_fixtures(apigateway, gwmock):
            assert apigateway.meta.region_name == "ap-south-1"
            assert boto3.client("apigatewayv2").meta.region_name == "ap-south-1"

        @pytest.mark.gwmock
        def test_marker_without_region_keeps_the_fixtures():
            assert boto3.client("apigateway").meta.region_name == "us-west-2"

        def test_afterwards():
            assert os.environ["AWS_DEFAULT_REGION"] == "us-west-2"
        """, passed=4)


def test_fixtures_get_a_fresh_account_inside_an_active_mock(pytester):
    pytester.makeconftest("""
        import pytest
        from gwmock import mock_apigateway

        @pytest.fixture(scope="session", autouse=True)
        def session_mock():
            with mock_apigateway() as gw:  # e.g. to keep a whole suite off AWS
                yield gw
        """)
    _run(pytester, """
        import boto3
        import pytest
        from gwmock import mock_apigateway
        from gwmock.mock import active

        @pytest.mark.parametrize("run", [1, 2])
        def test_fixture_state_is_fresh(apigateway, gwmock, session_mock, run):
            assert apigateway.get_rest_apis()["items"] == []
            apigateway.create_rest_api(name=f"run-{run}")
            assert active() is gwmock and gwmock.backend is not session_mock.backend

        @pytest.mark.parametrize("run", [1, 2])
        @pytest.mark.gwmock
        def test_marker_state_is_fresh(run):
            client = boto3.client("apigateway", region_name="us-east-1")
            assert client.get_rest_apis()["items"] == []
            client.create_rest_api(name=f"marked-{run}")

        def test_the_session_state_was_not_touched(session_mock):
            client = boto3.client("apigateway", region_name="us-east-1")
            assert client.get_rest_apis()["items"] == []

        @mock_apigateway
        class TestDecoratedClass:
            @pytest.mark.parametrize("run", [1, 2])
            def test_fixture_inside(self, apigatewayv2, run):
                assert apigatewayv2.get_apis()["Items"] == []
                apigatewayv2.create_api(Name=f"v2-{run}", ProtocolType="HTTP")

        @pytest.mark.gwmock(state="sqlite://")
        def test_an_explicit_state_is_still_used(gwmock):
            assert type(gwmock.backend).__name__ == "SqliteBackend"
        """, passed=8)
