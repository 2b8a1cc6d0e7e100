"""The pytest plugin, run in a throwaway pytest."""

pytest_plugins = ["pytester"]


def test_fixtures_and_marker(pytester):
    pytester.makepyfile(
        """
        import boto3
        import pytest
        from gwmock.mock import active

        def test_clients(apigateway, apigatewayv2, gwmock):
            apigateway.create_rest_api(name="a")
            assert [c[1] for c in gwmock.calls] == ["CreateRestApi"]

        def test_fresh_state(apigateway):
            assert apigateway.get_rest_apis()["items"] == []

        @pytest.mark.gwmock(region="eu-west-1")
        def test_marker():
            assert active() is not None and active().region == "eu-west-1"

        def test_no_mock_without_asking():
            assert active() is None
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
