"""A template that uses each intrinsic function, condition and pseudo parameter."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from gwmock.cloudformation import TemplateError

TEMPLATE = Path(__file__).parent / "data" / "intrinsics.yaml"


def test_each_intrinsic_in_the_dev_branch(gwmock, apigateway):
    stack = gwmock.deploy_template(TEMPLATE, name="intr")
    api = apigateway.get_rest_api(restApiId=stack.resources["Api"])

    assert api["name"] == "api-dev-beta"  # Join, Select, Ref of a list parameter
    assert "description" not in api  # If with AWS::NoValue
    assert api["binaryMediaTypes"] == ["image/png", "image/jpeg"]  # Split
    assert api["tags"]["label"] == "development"  # FindInMap inside a tag list
    assert [k for k in api["tags"] if k != "label"] == [  # the rest: CloudFormation's own
        "aws:cloudformation:logical-id", "aws:cloudformation:stack-id", "aws:cloudformation:stack-name"]
    assert "ProdOnly" not in stack.resources and "ProdOnly" not in stack.outputs
    plan = apigateway.get_usage_plan(usagePlanId=stack.resources["Plan"])
    assert plan["name"] == "intr-plan-10"  # Sub with variables and a pseudo parameter
    assert plan["throttle"] == {"rateLimit": 10.0, "burstLimit": 5}  # string number converted; And
    out = stack.outputs
    assert out["Name"] == api["id"] and out["Root"] == api["rootResourceId"]
    assert out["Escaped"] == "${Literal}-us-east-1"
    assert base64.b64decode(out["Base64"]) == b"hello"
    assert out["Zones"] == "us-east-1a,us-east-1b,us-east-1c"
    assert out["Partition"] == "aws|amazonaws.com|123456789012"
    assert out["StackId"].startswith("arn:aws:cloudformation:us-east-1:123456789012:stack/intr/")
    assert out["Anything"] == "yes"
    assert out["Count"] == "alpha"
    assert stack.exports == {"intr-ApiId": api["id"]}


def test_the_prod_branch(gwmock, apigateway):
    stack = gwmock.deploy_template(TEMPLATE, parameters={"Env": "prod", "Names": "x,y"}, name="p")

    api = apigateway.get_rest_api(restApiId=stack.resources["Api"])
    assert (api["name"], api["description"]) == ("api-prod-y", "the production api")
    assert stack.outputs["ProdOnly"] == stack.resources["ProdOnly"]
    model = apigateway.get_model(restApiId=api["id"], modelName=stack.resources["ProdOnly"])
    assert model["schema"] == '{"type": "object"}'
    plan = apigateway.get_usage_plan(usagePlanId=stack.resources["Plan"])
    assert plan["throttle"] == {"rateLimit": 1000.0, "burstLimit": 50}


def test_import_value_reads_an_earlier_stacks_export(gwmock, apigateway):
    first = gwmock.deploy_template(TEMPLATE, name="first")
    template = {"Resources": {"Res": {"Type": "AWS::ApiGateway::Resource", "Properties": {
        "RestApiId": {"Fn::ImportValue": "first-ApiId"}, "ParentId": first.outputs["Root"], "PathPart": "shared"}}}}

    second = gwmock.deploy_template(template, name="second")

    paths = [r["path"] for r in apigateway.get_resources(restApiId=first.resources["Api"])["items"]]
    assert sorted(paths) == ["/", "/shared"]
    with pytest.raises(TemplateError, match="Export first-ApiId cannot be deleted as it is in use by second"):
        first.delete()
    second.delete()
    first.delete()
    assert apigateway.get_rest_apis()["items"] == []


def test_import_value_of_an_unknown_export(gwmock):
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
                                      "Properties": {"Name": {"Fn::ImportValue": "nope"}}}}}

    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(template)

    assert str(caught.value) == "Api.Properties: No export named nope found"


def test_sub_of_a_list_parameter_and_get_att_of_other_services(gwmock):
    template = {
        "Parameters": {"Zones": {"Type": "List<String>", "Default": "a,b"}},
        "Resources": {
            "Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "my-role"}},
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "q"}},
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "x"}},
        },
        "Outputs": {
            "Role": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}},
            "Queue": {"Value": {"Fn::Sub": "${Queue}|${Queue.Arn}|${Queue.QueueName}"}},
            "Length": {"Value": {"Fn::Length": {"Ref": "Zones"}}},
            "Json": {"Value": {"Fn::ToJsonString": {"a": [1, {"Ref": "Api"}]}}},
        },
    }

    stack = gwmock.deploy_template(template)

    assert stack.outputs["Role"] == "arn:aws:iam::123456789012:role/my-role"
    assert stack.outputs["Queue"] == ("https://sqs.us-east-1.amazonaws.com/123456789012/q|"
                                      "arn:aws:sqs:us-east-1:123456789012:q|q")
    assert stack.outputs["Length"] == "2"  # outputs are strings
    assert stack.outputs["Json"] == '{"a":[1,"' + stack.resources["Api"] + '"]}'
    assert stack.not_created == ["Role", "Queue"]
