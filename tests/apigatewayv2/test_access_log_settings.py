"""HTTP and WebSocket stages' ``AccessLogSettings`` on CreateStage and UpdateStage: the format and
destination checks REST stages get, and the account's CloudWatch role for WebSocket logging
(``gwmock/apigatewayv2/stages.py`` has the evidence). A refused call changes nothing."""

from __future__ import annotations

import time

import pytest
from helpers import assert_error, error_of

REGION = "us-east-1"
ACCOUNT = "123456789012"
GROUP_ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:api-access"
FIREHOSE_ARN = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/amazon-apigateway-access"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/apigw-logs"
ROLE_MISSING = "CloudWatch Logs role ARN must be set in account settings to enable logging"
ONE_LINE = "Access Log format must be single line, new line character is allowed only at end of the format"
NO_REQUEST_ID = "Access Log format must include either $context.requestId or $context.extendedRequestId"
BAD_DESTINATION = ("Invalid destination ARN for access logs: it must be a CloudWatch Logs log group ARN or an "
                   "Amazon Data Firehose delivery stream ARN")

pytestmark = pytest.mark.gwmock(region=REGION)


def _http(client):
    return client.create_api(Name="http", ProtocolType="HTTP")["ApiId"]


def _websocket(client):
    api_id = client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                               RouteSelectionExpression="$request.body.action")["ApiId"]
    client.create_route(ApiId=api_id, RouteKey="$default")
    return api_id


def _logs(fmt="$context.requestId", destination=GROUP_ARN):
    return {"DestinationArn": destination, "Format": fmt}


def _without_role(apigateway):
    apigateway.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": ""}])


def _create_refused(client, api_id, message, **params):
    response = error_of(client.create_stage, ApiId=api_id, StageName="dev", **params)
    assert_error(response, "BadRequestException", message, 400)
    assert client.get_stages(ApiId=api_id)["Items"] == []


def _update_refused(client, api_id, message, **params):
    before = client.get_stage(ApiId=api_id, StageName="dev")
    response = error_of(client.update_stage, ApiId=api_id, StageName="dev", **params)
    assert_error(response, "BadRequestException", message, 400)
    after = client.get_stage(ApiId=api_id, StageName="dev")
    assert after == {**before, "ResponseMetadata": after["ResponseMetadata"]}


# --- format and destination -----------------------------------------------------------------------


@pytest.mark.parametrize("make", [_http, _websocket])
@pytest.mark.parametrize(("fmt", "message"), [
    ('{\n "id": "$context.requestId"\n}', ONE_LINE),
    ("$context.requestId\r\n$context.status", ONE_LINE),
    ("$context.status $context.routeKey", NO_REQUEST_ID),
    ("$context.requestIdentity", NO_REQUEST_ID),
    ("", NO_REQUEST_ID),
])
def test_create_stage_refuses_a_format_aws_refuses(apigatewayv2, make, fmt, message):
    api_id = make(apigatewayv2)
    _create_refused(apigatewayv2, api_id, message, AccessLogSettings=_logs(fmt))


@pytest.mark.parametrize("destination", [
    "g", f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/s", f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:a b", ""])
def test_create_stage_refuses_what_is_not_a_destination(apigatewayv2, destination):
    api_id = _http(apigatewayv2)
    _create_refused(apigatewayv2, api_id, BAD_DESTINATION, AccessLogSettings=_logs(destination=destination))


def test_a_firehose_stream_must_be_named_for_api_gateway(apigatewayv2):
    api_id = _websocket(apigatewayv2)
    _create_refused(apigatewayv2, api_id, "Firehose delivery stream name must begin with amazon-apigateway-",
                    AccessLogSettings=_logs(destination=f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/x"))


@pytest.mark.parametrize("make", [_http, _websocket])
@pytest.mark.parametrize("settings", [
    _logs(), _logs("$context.extendedRequestId\n"), _logs(destination=GROUP_ARN + ":*"),
    _logs(destination=FIREHOSE_ARN), {"DestinationArn": GROUP_ARN}, {"Format": "$context.requestId"},
])
def test_settings_aws_takes_are_kept(apigatewayv2, make, settings):
    api_id = make(apigatewayv2)

    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=settings)

    assert stage["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert stage["AccessLogSettings"] == settings
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="dev")["AccessLogSettings"] == settings


def test_update_stage_refuses_and_keeps_the_stage_as_it_was(apigatewayv2):
    api_id = _http(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs(), Description="one")

    _update_refused(apigatewayv2, api_id, NO_REQUEST_ID, Description="two", AccessLogSettings=_logs("$context.status"))
    _update_refused(apigatewayv2, api_id, ONE_LINE, AccessLogSettings=_logs("$context.requestId\nx"))
    _update_refused(apigatewayv2, api_id, BAD_DESTINATION, AccessLogSettings=_logs(destination="arn:aws:logs"))


def test_empty_settings_still_turn_access_logs_off(apigatewayv2, apigateway):
    api_id = _websocket(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs())
    _without_role(apigateway)

    updated = apigatewayv2.update_stage(ApiId=api_id, StageName="dev", AccessLogSettings={})

    assert "AccessLogSettings" not in updated


# --- the account's CloudWatch role ----------------------------------------------------------------


def test_websocket_access_logs_to_a_log_group_need_the_account_s_role(apigatewayv2, apigateway):
    api_id = _websocket(apigatewayv2)
    _without_role(apigateway)
    _create_refused(apigatewayv2, api_id, ROLE_MISSING, AccessLogSettings=_logs())

    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    _update_refused(apigatewayv2, api_id, ROLE_MISSING, AccessLogSettings=_logs())


@pytest.mark.parametrize("level", ["ERROR", "INFO"])
def test_websocket_execution_logs_need_the_account_s_role(apigatewayv2, apigateway, level):
    api_id = _websocket(apigatewayv2)
    _without_role(apigateway)
    _create_refused(apigatewayv2, api_id, ROLE_MISSING, DefaultRouteSettings={"LoggingLevel": level})

    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    _update_refused(apigatewayv2, api_id, ROLE_MISSING, RouteSettings={"$default": {"LoggingLevel": level}})


def test_what_a_websocket_stage_may_set_without_the_role(apigatewayv2, apigateway):
    api_id = _websocket(apigatewayv2)
    _without_role(apigateway)

    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs(destination=FIREHOSE_ARN),
                                      DefaultRouteSettings={"LoggingLevel": "OFF", "DataTraceEnabled": True})

    assert stage["AccessLogSettings"]["DestinationArn"] == FIREHOSE_ARN
    assert stage["DefaultRouteSettings"]["LoggingLevel"] == "OFF"


def test_with_the_role_websocket_logging_is_accepted(apigatewayv2, apigateway):
    api_id = _websocket(apigatewayv2)
    apigateway.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE}])

    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs(),
                                      DefaultRouteSettings={"LoggingLevel": "INFO"})

    assert stage["AccessLogSettings"] == _logs()
    assert stage["DefaultRouteSettings"]["LoggingLevel"] == "INFO"


def test_http_api_access_logs_need_no_role(apigatewayv2, apigateway):
    api_id = _http(apigatewayv2)
    _without_role(apigateway)

    assert apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs())[
        "AccessLogSettings"] == _logs()


def test_an_account_never_written_is_taken_to_have_its_role(apigatewayv2):
    api_id = _websocket(apigatewayv2)

    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs(),
                                      DefaultRouteSettings={"LoggingLevel": "ERROR"})

    assert stage["DefaultRouteSettings"]["LoggingLevel"] == "ERROR"


def test_the_format_is_checked_before_the_role(apigatewayv2, apigateway):
    api_id = _websocket(apigatewayv2)
    _without_role(apigateway)
    _create_refused(apigatewayv2, api_id, NO_REQUEST_ID, AccessLogSettings=_logs("$context.status"))


# --- hostile values -------------------------------------------------------------------------------


def test_huge_values_are_checked_quickly(apigatewayv2):
    api_id = _http(apigatewayv2)
    started = time.perf_counter()
    _create_refused(apigatewayv2, api_id, NO_REQUEST_ID, AccessLogSettings=_logs("$context.request" * 50_000))
    _create_refused(apigatewayv2, api_id, BAD_DESTINATION,
                    AccessLogSettings=_logs(destination=f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:" + "#" * 300_000))
    assert time.perf_counter() - started < 5


def test_a_format_over_the_3_kb_quota_is_refused(apigatewayv2):
    # "Access log template size: 3 KB" (the HTTP API quotas); the 1024 in the Format shape's name is not enforced
    api_id = _http(apigatewayv2)
    _create_refused(apigatewayv2, api_id, "Access Log format must not be longer than 3072 characters",
                    AccessLogSettings=_logs("$context.requestId " + "$context.status " * 300))
    fits = "$context.requestId " + "$context.status " * 190  # 3,059 characters

    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs(fits))

    assert len(fits) > 1024 and stage["AccessLogSettings"]["Format"] == fits
