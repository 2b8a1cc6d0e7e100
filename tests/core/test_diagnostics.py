"""Failures that explain themselves: gw.requests, the gwmock logger, raise_lambda_errors."""

from __future__ import annotations

import logging

import boto3
import pytest
import requests

from gwmock import Request, mock_apigateway

REGION = "us-east-1"
FUNCTION = f"arn:aws:lambda:{REGION}:123456789012:function:pets"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"


def _rest_api(proxy_uri: str = URI) -> str:
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="pets")["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=proxy_uri)
    client.create_deployment(restApiId=api, stageName="dev")
    return f"https://{api}.execute-api.{REGION}.amazonaws.com/dev/"


def _http_api() -> str:
    client = boto3.client("apigatewayv2", region_name=REGION)
    api = client.create_api(Name="pets", ProtocolType="HTTP", Target=FUNCTION)
    return api["ApiEndpoint"] + "/"


def _broken(event, context):
    raise KeyError("owner")


@pytest.mark.parametrize("make_api", [_rest_api, _http_api], ids=["rest", "http"])
def test_a_failing_lambda_is_recorded_with_its_exception_and_log(make_api):
    with mock_apigateway() as gw:
        gw.add_lambda("pets", _broken)
        url = make_api()

        answer = requests.get(url, headers={"X-Test": "1"})

        assert answer.status_code in (500, 502)
        [request] = gw.requests
        assert isinstance(request, Request)
        assert (request.method, request.url, request.status) == ("GET", url, answer.status_code)
        assert request.headers["X-Test"] == "1"
        assert request.response_body == answer.content
        assert isinstance(request.error, KeyError)
        assert "KeyError: 'owner'" in request.traceback
        assert "_broken" in request.traceback


def test_a_successful_request_is_recorded_without_error():
    with mock_apigateway() as gw:
        gw.add_lambda("pets", lambda event, context: {"statusCode": 201, "body": "made"})
        url = _rest_api()

        assert requests.get(url).status_code == 201

        [request] = gw.requests
        assert (request.status, request.response_body, request.error, request.traceback) == (201, b"made", None, None)
        assert any("Method completed with status: 201" in line for line in request.log)


def test_a_5xx_from_user_code_is_logged_on_the_gwmock_logger(caplog):
    with mock_apigateway() as gw:
        gw.add_lambda("pets", _broken)
        url = _rest_api()

        with caplog.at_level(logging.WARNING, logger="gwmock"):
            status = requests.get(url).status_code

    [entry] = [r for r in caplog.records if r.name == "gwmock"]
    assert f"GET {url} answered {status}" in entry.getMessage()
    assert entry.exc_info is not None and isinstance(entry.exc_info[1], KeyError)


def test_a_configuration_5xx_names_its_cause_on_the_logger(caplog):
    with mock_apigateway():
        url = _rest_api()  # no add_lambda: the integration names a function nobody registered

        with caplog.at_level(logging.WARNING, logger="gwmock"):
            assert requests.get(url).status_code == 500

    [entry] = [r for r in caplog.records if r.name == "gwmock"]
    assert "add_lambda" in entry.getMessage()


def test_a_successful_request_logs_nothing(caplog):
    with mock_apigateway() as gw:
        gw.add_lambda("pets", lambda event, context: {"statusCode": 200, "body": ""})
        url = _rest_api()
        with caplog.at_level(logging.DEBUG, logger="gwmock"):
            requests.get(url)
    assert not [r for r in caplog.records if r.name == "gwmock"]


@pytest.mark.parametrize("make_api", [_rest_api, _http_api], ids=["rest", "http"])
def test_raise_lambda_errors_raises_the_functions_exception_in_the_test(make_api):
    with mock_apigateway(raise_lambda_errors=True) as gw:
        gw.add_lambda("pets", _broken)
        url = make_api()

        with pytest.raises(KeyError, match="owner"):
            requests.get(url)

        assert isinstance(gw.requests[-1].error, KeyError)


def test_raise_lambda_errors_leaves_healthy_requests_alone():
    with mock_apigateway(raise_lambda_errors=True) as gw:
        gw.add_lambda("pets", lambda event, context: {"statusCode": 200, "body": "ok"})
        url = _rest_api()
        assert requests.get(url).text == "ok"


def test_reset_forgets_recorded_requests():
    with mock_apigateway() as gw:
        gw.add_lambda("pets", lambda event, context: {"statusCode": 200, "body": ""})
        requests.get(_rest_api())
        assert len(gw.requests) == 1
        gw.reset()
        assert gw.requests == []
