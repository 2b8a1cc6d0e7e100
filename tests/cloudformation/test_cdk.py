"""A template in the shape ``cdk synth`` writes: asset metadata, Fn::Join URLs, hashed logical ids,
a Lambda proxy behind an API key and a usage plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from gwmock.cloudformation import TemplateError

TEMPLATE = Path(__file__).parent / "data" / "cdk_app" / "CdkStack.template.json"
KEY = "cdk-test-key-0123456789abcdef"


@pytest.fixture
def stack(gwmock):
    return gwmock.deploy_template(TEMPLATE)


def test_stack_is_named_after_the_template_and_joins_its_url(stack):
    assert stack.name == "CdkStack"
    api = stack.resources["EndpointEEF1FD8F"]
    assert stack.outputs["EndpointUrl"] == f"https://{api}.execute-api.us-east-1.amazonaws.com/prod/"
    assert stack.exports == {"CdkStack:ApiKeyId": stack.resources["EndpointApiKey5D4A8A7C"]}


def test_the_asset_folder_handler_answers_behind_the_api_key(stack):
    url = stack.outputs["EndpointUrl"]

    refused = requests.get(url + "items/1")
    answered = requests.get(url + "items/1", headers={"x-api-key": KEY})

    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert answered.status_code == 200
    assert answered.json() == {"path": "/items/1", "table": stack.resources["ItemsTable5AAC2C46"], "key": KEY}


def test_the_usage_plan_and_its_key_are_visible_through_boto3(stack, apigateway):
    api = stack.resources["EndpointEEF1FD8F"]
    plan = apigateway.get_usage_plan(usagePlanId=stack.resources["EndpointUsagePlan0B2F54F7"])

    assert plan["name"] == "basic"
    assert plan["apiStages"] == [{"apiId": api, "stage": "prod"}]
    assert plan["throttle"] == {"burstLimit": 20, "rateLimit": 10.0}
    assert plan["quota"] == {"limit": 1000, "offset": 0, "period": "DAY"}
    keys = apigateway.get_usage_plan_keys(usagePlanId=plan["id"])["items"]
    assert [(k["id"], k["type"], k["value"]) for k in keys] == [(stack.resources["EndpointApiKey5D4A8A7C"], "API_KEY",
                                                                  KEY)]
    key = apigateway.get_api_key(apiKey=keys[0]["id"], includeValue=True)
    assert key["enabled"] is True and key["stageKeys"] == [f"{api}/prod"]


def test_condition_false_resources_and_bootstrap_parameter(gwmock):
    stack = gwmock.deploy_template(TEMPLATE)
    assert "CDKMetadata" in stack.resources  # us-east-1 is in CDKMetadataAvailable

    from gwmock import mock_apigateway

    with mock_apigateway(region="ap-southeast-2") as other:
        stack = other.deploy_template(TEMPLATE)
        assert "CDKMetadata" not in stack.resources


def test_a_callable_registered_under_the_logical_id_overrides_the_asset_code(gwmock):
    seen = []

    def handler(event, context):
        seen.append(event["path"])
        return {"statusCode": 201, "body": "from the test"}

    gwmock.add_lambda("Handler886CB40B", handler)  # CDK generates the function's name: use its logical id
    stack = gwmock.deploy_template(TEMPLATE)

    response = requests.get(stack.outputs["EndpointUrl"] + "x", headers={"x-api-key": KEY})

    assert (response.status_code, response.text, seen) == (201, "from the test", ["/x"])


def test_delete_leaves_nothing_behind(stack, apigateway, gwmock):
    function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{stack.resources['Handler886CB40B']}"
    assert function_arn in gwmock.lambdas

    stack.delete()

    assert apigateway.get_rest_apis()["items"] == []
    assert apigateway.get_api_keys()["items"] == []
    assert apigateway.get_usage_plans()["items"] == []
    assert function_arn not in gwmock.lambdas


def _proxy_template(code: dict, metadata: dict | None = None) -> dict:
    function = {"Type": "AWS::Lambda::Function",
                "Properties": {"Code": code, "Handler": "app.handler", "Runtime": "python3.12",
                               "Role": "arn:aws:iam::123456789012:role/r"}}
    if metadata is not None:
        function["Metadata"] = metadata
    uri = {"Fn::Join": ["", ["arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/",
                             {"Fn::GetAtt": ["Fn9270CBC0", "Arn"]}, "/invocations"]]}
    return {"Resources": {
        "Fn9270CBC0": function,
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "HttpMethod": "GET", "AuthorizationType": "NONE",
            "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri}}},
        "Dep": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["Get"],
                "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "prod"}}},
        "Outputs": {"Url": {"Value": {"Fn::Join": ["", ["https://", {"Ref": "Api"},
                                                         ".execute-api.us-east-1.amazonaws.com/prod/"]]}}}}


HASH = "ab" * 32
S3_CODE = {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}, "S3Key": f"{HASH}.zip"}


def _cloud_assembly(tmp_path, source_path: str, packaging: str = "zip") -> Path:
    """A cdk.out as an app run without the cdk CLI writes it: no aws:asset:path, an assets manifest."""
    (tmp_path / f"asset.{HASH}").mkdir()
    (tmp_path / f"asset.{HASH}" / "app.py").write_text(
        "def handler(event, context):\n    return {'statusCode': 200, 'body': 'from the asset'}\n")
    manifest = {"version": "55.0.0", "dockerImages": {}, "files": {HASH: {
        "source": {"path": source_path, "packaging": packaging},
        "destinations": {"current_account-current_region": {
            "bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", "objectKey": f"{HASH}.zip"}}}}}
    (tmp_path / "App.assets.json").write_text(json.dumps(manifest))
    path = tmp_path / "App.template.json"
    path.write_text(json.dumps(_proxy_template(S3_CODE)))
    return path


def test_without_asset_metadata_the_assets_manifest_names_the_code_folder(gwmock, tmp_path):
    stack = gwmock.deploy_template(_cloud_assembly(tmp_path, f"asset.{HASH}"))

    response = requests.get(stack.outputs["Url"])

    assert (response.status_code, response.text) == (200, "from the asset")


def test_an_assets_manifest_path_outside_the_template_folder_is_refused(gwmock, tmp_path):
    inside = tmp_path / "out"
    inside.mkdir()
    template = _cloud_assembly(inside, "../elsewhere")

    with pytest.raises(TemplateError) as refused:
        gwmock.deploy_template(template)

    assert refused.value.logical_id == "Fn9270CBC0"
    assert "outside the template's folder" in str(refused.value)


def test_code_only_in_s3_without_a_manifest_entry_deploys_and_fails_when_called(gwmock, tmp_path):
    path = tmp_path / "App.template.json"
    path.write_text(json.dumps(_proxy_template(S3_CODE)))
    stack = gwmock.deploy_template(path)

    response = requests.get(stack.outputs["Url"])

    assert (response.status_code, response.json()) == (502, {"message": "Internal server error"})


def test_an_encoded_method_setting_path_is_kept_as_the_stage_key(gwmock, apigateway):
    # CloudFormation documents ResourcePath encoded (/~1items~1{id}); the CDK writes it so.
    document = _proxy_template({"ZipFile": "def handler(e, c):\n    return {'statusCode': 200}\n"})
    document["Resources"]["Fn9270CBC0"]["Properties"]["Handler"] = "index.handler"
    document["Resources"]["Dep"]["Properties"]["StageDescription"] = {"MethodSettings": [
        {"ResourcePath": "/~1items~1{id}", "HttpMethod": "GET", "ThrottlingRateLimit": 5},
        {"ResourcePath": "/plain/{id}", "HttpMethod": "GET", "MetricsEnabled": True}]}
    stack = gwmock.deploy_template(document)

    settings = apigateway.get_stage(restApiId=stack.resources["Api"], stageName="prod")["methodSettings"]

    assert sorted(settings) == ["~1items~1{id}/GET", "~1plain~1{id}/GET"]
    assert settings["~1items~1{id}/GET"]["throttlingRateLimit"] == 5.0


def test_deletion_policy_retain_keeps_the_resource_when_the_stack_is_deleted(gwmock, apigateway):
    stack = gwmock.deploy_template({"Resources": {
        "Kept": {"Type": "AWS::ApiGateway::ApiKey", "DeletionPolicy": "Retain", "Properties": {"Name": "kept"}},
        "Gone": {"Type": "AWS::ApiGateway::ApiKey", "DeletionPolicy": "Delete", "Properties": {"Name": "gone"}}}})

    stack.delete()

    assert [k["name"] for k in apigateway.get_api_keys()["items"]] == ["kept"]


def test_deletion_policy_retain_does_not_survive_a_failed_deployment(gwmock, apigateway):
    with pytest.raises(TemplateError):
        gwmock.deploy_template({"Resources": {
            "Kept": {"Type": "AWS::ApiGateway::ApiKey", "DeletionPolicy": "Retain", "Properties": {"Name": "kept"}},
            "Bad": {"Type": "AWS::ApiGateway::Resource", "DependsOn": "Kept",
                    "Properties": {"RestApiId": "nope", "ParentId": "nope", "PathPart": "x"}}}})

    assert apigateway.get_api_keys()["items"] == []
