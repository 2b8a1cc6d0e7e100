"""Stacks deployed through moto's CloudFormation while gwmock is active: the test author is told at once
that their API Gateway resources went to moto's backend, which gwmock does not see (``intercept.stacks``)."""

from __future__ import annotations

import json
import logging

import boto3
import pytest

from gwmock import mock_apigateway
from gwmock.intercept.stacks import warn_if_apis

moto = pytest.importorskip("moto")

REST = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "pets"}},
                      "Q": {"Type": "AWS::SQS::Queue"}}}
QUEUE_ONLY = {"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}
SAM_IMPLICIT = """Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Events:
        Get:
          Type: HttpApi
          Properties: {Path: /x, Method: get}
"""


def _warnings(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "gwmock" and "moto's CloudFormation" in r.getMessage()]


def test_a_stack_with_an_api_sent_to_moto_is_named_in_a_warning(caplog):
    caplog.set_level(logging.WARNING, logger="gwmock")
    with moto.mock_aws(), mock_apigateway():
        boto3.client("cloudformation", region_name="us-east-1").create_stack(
            StackName="shop", TemplateBody=json.dumps(REST))

        assert boto3.client("apigateway", region_name="us-east-1").get_rest_apis()["items"] == []
    [message] = _warnings(caplog)
    assert message.startswith("gwmock: CreateStack of stack 'shop' goes to moto's CloudFormation")
    assert "gw.deploy_template(template)" in message


def test_stacks_without_apis_and_calls_without_a_mock_say_nothing(caplog):
    caplog.set_level(logging.WARNING, logger="gwmock")
    with moto.mock_aws():
        cloudformation = boto3.client("cloudformation", region_name="us-east-1")
        cloudformation.create_stack(StackName="before", TemplateBody=json.dumps(REST))  # no gwmock: moto's business
        with mock_apigateway():
            cloudformation.create_stack(StackName="queue", TemplateBody=json.dumps(QUEUE_ONLY))
            cloudformation.describe_stacks(StackName="queue")
    assert _warnings(caplog) == []


@pytest.mark.parametrize(("operation", "params", "warned"), [
    ("UpdateStack", {"StackName": "s", "TemplateBody": json.dumps(REST)}, True),
    ("CreateChangeSet", {"StackName": "s", "TemplateBody": "Resources: {A: {Type: 'AWS::ApiGatewayV2::Api'}}"}, True),
    ("CreateStack", {"StackName": "s", "TemplateBody": SAM_IMPLICIT}, True),
    ("CreateStack", {"StackName": "s", "TemplateBody": SAM_IMPLICIT.replace("HttpApi", "SQS")}, False),
    ("CreateStack", {"StackName": "s", "TemplateURL": "https://bucket.s3.amazonaws.com/t.json"}, False),
    ("CreateStack", {"StackName": "s", "TemplateBody": 7}, False),
    ("CreateStack", "not a dict", False),
    ("DescribeStacks", {"StackName": "s", "TemplateBody": json.dumps(REST)}, False),
    ("CreateStack", {"StackName": "s", "TemplateBody": "AWS::ApiGateway::" + "x" * (2 * 1024 * 1024)}, False),
])
def test_which_requests_are_read(caplog, operation, params, warned):
    caplog.set_level(logging.WARNING, logger="gwmock")
    warn_if_apis(operation, params)
    assert bool(_warnings(caplog)) is warned
