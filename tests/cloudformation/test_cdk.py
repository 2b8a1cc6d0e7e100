"""A template in the shape ``cdk synth`` writes: asset metadata, Fn::Join URLs, hashed logical ids,
a Lambda proxy behind an API key and a usage plan."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

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
