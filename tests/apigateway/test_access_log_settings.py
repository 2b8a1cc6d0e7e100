"""REST stages' access log settings and logging levels: the checks AWS makes on UpdateStage
(``gwmock/apigateway/stages.py`` has the evidence; wordings marked there as guesses are pinned here
too). A refused call changes nothing."""

from __future__ import annotations

import time

import pytest
from helpers import api_with_mock_method, assert_error, error_of

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
BAD_STREAM = "Firehose delivery stream name must begin with amazon-apigateway-"

pytestmark = pytest.mark.gwmock(region=REGION)


@pytest.fixture
def stage(apigateway):
    api_id = api_with_mock_method(apigateway)
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    return api_id


def _replace(path, value):
    return {"op": "replace", "path": path, "value": value}


def _update(client, api_id, *operations):
    return client.update_stage(restApiId=api_id, stageName="dev", patchOperations=list(operations))


def _refused(client, api_id, message, *operations):
    before = client.get_stage(restApiId=api_id, stageName="dev")
    assert_error(error_of(_update, client, api_id, *operations), "BadRequestException", message, 400)
    after = client.get_stage(restApiId=api_id, stageName="dev")
    assert after == {**before, "ResponseMetadata": after["ResponseMetadata"]}


def _without_role(client):
    """An account whose settings the test wrote, without a CloudWatch role (terraform's reset)."""
    client.update_account(patchOperations=[_replace("/cloudwatchRoleArn", "")])
    assert "cloudwatchRoleArn" not in client.get_account()


# --- the format -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [
    '{\n  "requestId": "$context.requestId"\n}',
    "$context.requestId\n$context.status",
    "$context.requestId\r$context.status",
    "$context.requestId\n\n",
    "\n$context.requestId",
])
def test_a_format_on_more_than_one_line_is_refused(apigateway, stage, fmt):
    _refused(apigateway, stage, ONE_LINE, _replace("/accessLogSettings/format", fmt))


def test_a_newline_may_end_the_format_and_is_kept(apigateway, stage):
    updated = _update(apigateway, stage, _replace("/accessLogSettings/format", '{"id":"$context.requestId"}\n'))

    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert updated["accessLogSettings"] == {"format": '{"id":"$context.requestId"}\n'}


@pytest.mark.parametrize("fmt", [
    "$context.status",
    "$context.requestIdentity $context.status",
    "$context.extendedRequestIdX",
    "$input.params('requestId') context.requestId $requestId",
])
def test_a_format_without_a_request_id_is_refused(apigateway, stage, fmt):
    _refused(apigateway, stage, NO_REQUEST_ID, _replace("/accessLogSettings/destinationArn", GROUP_ARN),
             _replace("/accessLogSettings/format", fmt))


@pytest.mark.parametrize("fmt", ["$context.extendedRequestId", "id=$context.requestId,", '"$context.requestId"'])
def test_either_request_id_is_enough(apigateway, stage, fmt):
    updated = _update(apigateway, stage, _replace("/accessLogSettings/format", fmt))

    assert updated["accessLogSettings"]["format"] == fmt


def test_the_line_check_comes_before_the_request_id_check(apigateway, stage):
    _refused(apigateway, stage, ONE_LINE, _replace("/accessLogSettings/format", "$context.status\nx"))


def test_an_empty_format_keeps_aws_s_recorded_answer(apigateway, stage):
    _refused(apigateway, stage, "Access Log value must not be empty", _replace("/accessLogSettings/format", ""))


def test_a_format_alone_is_kept(apigateway, stage):
    # guess, by symmetry with the recorded destination alone (test_stage_access_log_settings)
    updated = _update(apigateway, stage, _replace("/accessLogSettings/format", "$context.requestId"))

    assert updated["accessLogSettings"] == {"format": "$context.requestId"}


# --- the destination ------------------------------------------------------------------------------


@pytest.mark.parametrize("arn", [
    GROUP_ARN,
    GROUP_ARN + ":*",
    f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/api-gateway/my_app-dev#1.2",
    f"arn:aws-cn:logs:cn-north-1:{ACCOUNT}:log-group:g",
    FIREHOSE_ARN,
])
def test_log_groups_and_apigateway_firehose_streams_are_destinations(apigateway, stage, arn):
    updated = _update(apigateway, stage, _replace("/accessLogSettings/destinationArn", arn))

    assert updated["accessLogSettings"] == {"destinationArn": arn}
    assert apigateway.get_stage(restApiId=stage, stageName="dev")["accessLogSettings"] == {"destinationArn": arn}


@pytest.mark.parametrize("arn", [
    "api-access",
    f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/amazon-apigateway-access",
    "arn:aws:s3:::amazon-apigateway-access",
    f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:",
    f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:api access",
    f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g:log-stream:s",
    f"arn:aws:logs:{REGION}:12345:log-group:g",
    f" {GROUP_ARN}",
    f"{GROUP_ARN}\n",
    f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:" + "g" * 513,
])
def test_anything_else_is_not_a_destination(apigateway, stage, arn):
    _refused(apigateway, stage, BAD_DESTINATION, _replace("/accessLogSettings/destinationArn", arn))


def test_a_firehose_stream_must_be_named_for_api_gateway(apigateway, stage):
    arn = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/access-logs"
    _refused(apigateway, stage, BAD_STREAM, _replace("/accessLogSettings/destinationArn", arn))


def test_a_refused_setting_undoes_the_whole_request(apigateway, stage):
    _refused(apigateway, stage, NO_REQUEST_ID, _replace("/description", "changed"),
             _replace("/accessLogSettings/destinationArn", GROUP_ARN), _replace("/accessLogSettings/format", "-"))


def test_valid_settings_are_stored_and_read_back(apigateway, stage):
    fmt = '{"requestId":"$context.requestId","status":"$context.status"}'
    _update(apigateway, stage, _replace("/accessLogSettings/destinationArn", GROUP_ARN),
            _replace("/accessLogSettings/format", fmt))

    assert apigateway.get_stage(restApiId=stage, stageName="dev")["accessLogSettings"] == {
        "destinationArn": GROUP_ARN, "format": fmt}


# --- the account's CloudWatch role ----------------------------------------------------------------


@pytest.mark.parametrize("level", ["ERROR", "INFO"])
def test_execution_logging_needs_the_account_s_role(apigateway, stage, level):
    _without_role(apigateway)
    _refused(apigateway, stage, ROLE_MISSING, _replace("/*/*/logging/loglevel", level))
    _refused(apigateway, stage, ROLE_MISSING, _replace("/~1/GET/logging/loglevel", level))


def test_access_logging_to_a_log_group_needs_the_account_s_role(apigateway, stage):
    _without_role(apigateway)
    _refused(apigateway, stage, ROLE_MISSING, _replace("/accessLogSettings/destinationArn", GROUP_ARN))


def test_a_format_for_a_log_group_destination_needs_the_role_too(apigateway, stage):
    _update(apigateway, stage, _replace("/accessLogSettings/destinationArn", GROUP_ARN))
    _without_role(apigateway)
    _refused(apigateway, stage, ROLE_MISSING, _replace("/accessLogSettings/format", "$context.requestId"))


def test_what_needs_no_role(apigateway, stage):
    # Firehose destinations use API Gateway's service-linked role; OFF, data trace and metrics log nothing
    # by the account's role (the last two: guesses); removing the settings turns logging off.
    _without_role(apigateway)
    updated = _update(apigateway, stage, _replace("/accessLogSettings/destinationArn", FIREHOSE_ARN),
                      _replace("/accessLogSettings/format", "$context.requestId"),
                      _replace("/*/*/logging/loglevel", "OFF"), _replace("/*/*/logging/dataTrace", "true"),
                      _replace("/*/*/metrics/enabled", "true"))
    assert updated["accessLogSettings"] == {"destinationArn": FIREHOSE_ARN, "format": "$context.requestId"}
    assert updated["methodSettings"]["*/*"]["loggingLevel"] == "OFF"

    removed = _update(apigateway, stage, {"op": "remove", "path": "/accessLogSettings"})
    assert "accessLogSettings" not in removed


def test_with_the_role_logging_is_accepted(apigateway, stage):
    _without_role(apigateway)
    apigateway.update_account(patchOperations=[_replace("/cloudwatchRoleArn", ROLE)])

    updated = _update(apigateway, stage, _replace("/*/*/logging/loglevel", "INFO"),
                      _replace("/accessLogSettings/destinationArn", GROUP_ARN),
                      _replace("/accessLogSettings/format", "$context.requestId"))

    assert updated["methodSettings"]["*/*"]["loggingLevel"] == "INFO"
    assert updated["accessLogSettings"]["destinationArn"] == GROUP_ARN


def test_an_account_never_written_is_taken_to_have_its_role(apigateway, stage):
    # gwmock's choice (module docstring): tests and templates that enable logging without managing the
    # account's role keep working; a fresh AWS account would refuse this.
    assert "cloudwatchRoleArn" not in apigateway.get_account()

    updated = _update(apigateway, stage, _replace("/*/*/logging/loglevel", "ERROR"),
                      _replace("/accessLogSettings/destinationArn", GROUP_ARN))

    assert updated["methodSettings"]["*/*"]["loggingLevel"] == "ERROR"


def test_a_bad_level_is_answered_before_the_missing_role(apigateway, stage):
    _without_role(apigateway)
    _refused(apigateway, stage, "Invalid logging level: LOUD. Must be one of: [OFF, ERROR, INFO]",
             _replace("/*/*/logging/loglevel", "LOUD"))


def test_a_stage_already_logging_can_change_other_settings_without_the_role(apigateway, stage):
    _update(apigateway, stage, _replace("/*/*/logging/loglevel", "INFO"))
    _without_role(apigateway)

    assert _update(apigateway, stage, _replace("/description", "quiet"))["description"] == "quiet"


def test_cloudformation_deploys_logging_settings_and_refuses_a_format_aws_refuses(gwmock, apigateway):
    from gwmock.cloudformation import TemplateError

    def template(fmt):
        return {"Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "cfn"}},
            "Root": {"Type": "AWS::ApiGateway::Method", "Properties": {
                "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                "HttpMethod": "GET", "AuthorizationType": "NONE", "Integration": {"Type": "MOCK"}}},
            "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "Root", "Properties": {
                "RestApiId": {"Ref": "Api"}, "StageName": "live", "StageDescription": {
                    "LoggingLevel": "INFO", "AccessLogSetting": {"DestinationArn": GROUP_ARN + ":*", "Format": fmt}}}},
        }}

    stack = gwmock.deploy_template(template("$context.requestId $context.status"))
    stage = apigateway.get_stage(restApiId=stack.resources["Api"], stageName="live")
    assert stage["accessLogSettings"]["format"] == "$context.requestId $context.status"
    assert stage["methodSettings"]["*/*"]["loggingLevel"] == "INFO"

    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(template("$context.status"), name="refused")
    assert NO_REQUEST_ID in str(caught.value)


# --- hostile values -------------------------------------------------------------------------------


def test_huge_and_pathological_values_are_checked_quickly(apigateway, stage):
    started = time.perf_counter()
    _refused(apigateway, stage, NO_REQUEST_ID, _replace("/accessLogSettings/format", "$context." * 50_000))
    huge_group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:" + "a" * 200_000
    _refused(apigateway, stage, BAD_DESTINATION, _replace("/accessLogSettings/destinationArn", huge_group))
    _refused(apigateway, stage, BAD_DESTINATION,
             _replace("/accessLogSettings/destinationArn", "arn:aws-" + "-" * 1000 + ":logs"))
    fmt = "$context.identity.sourceIp " * 20_000 + "$context.requestId"
    _refused(apigateway, stage, "Access Log format must not be longer than 3072 characters",
             _replace("/accessLogSettings/format", fmt))
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("value", ["$context.requestId\u2028x", "$context.requestId\x00", "\u00e9$context.requestId"])
def test_other_characters_are_data(apigateway, stage, value):
    # only \n and \r end a line (a guess: U+2028 and NUL are kept as given)
    assert _update(apigateway, stage, _replace("/accessLogSettings/format", value))["accessLogSettings"] == {
        "format": value}
