"""A SAM app (REST API and HTTP API events, handlers in their CodeUri folders) deployed and called."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

TEMPLATE = Path(__file__).parent / "data" / "sam_app" / "template.yaml"


@pytest.fixture
def stack(gwmock):
    return gwmock.deploy_template(TEMPLATE, parameters={"Stage": "prod"})


def test_rest_api_event_runs_the_handler_from_its_code_uri(stack):
    response = requests.get(stack.outputs["ApiUrl"] + "hello/ada")

    assert response.status_code == 200
    assert response.json() == {"message": "Hello ada", "stage": "prod", "function": stack.resources["HelloFunction"]}


def test_http_api_events_share_one_function_with_its_own_helpers_module(stack):
    base = stack.outputs["HttpApiUrl"]

    assert requests.get(base + "items").json() == {"items": ["1", "2"]}
    assert requests.get(base + "items/2").json() == {"id": "2", "name": "grace"}
    missing = requests.get(base + "items/9")
    assert (missing.status_code, missing.json()) == (404, {"error": "no item 9"})


def test_loading_handlers_leaves_sys_path_and_sys_modules_as_they_were(gwmock):
    path, modules = list(sys.path), set(sys.modules)

    gwmock.deploy_template(TEMPLATE)

    assert sys.path == path
    assert not {name for name in set(sys.modules) - modules if name in ("app", "helpers")
                or name.startswith("gwmock_lambda_")}


def test_implicit_apis_are_visible_through_the_control_plane(stack, apigateway, apigatewayv2):
    rest_id, http_id = stack.resources["ServerlessRestApi"], stack.resources["ServerlessHttpApi"]

    stages = apigateway.get_stages(restApiId=rest_id)
    assert sorted(s["stageName"] for s in stages["item"]) == ["Prod", "Stage"]
    assert stages["ResponseMetadata"]["HTTPStatusCode"] == 200
    resources = apigateway.get_resources(restApiId=rest_id)["items"]
    assert sorted(r["path"] for r in resources) == ["/", "/hello", "/hello/{name}"]
    routes = apigatewayv2.get_routes(ApiId=http_id)["Items"]
    assert sorted(r["RouteKey"] for r in routes) == ["GET /items", "GET /items/{id}"]
    assert [s["StageName"] for s in apigatewayv2.get_stages(ApiId=http_id)["Items"]] == ["$default"]


def test_cloudformation_tags_the_rest_apis_it_creates(stack, apigateway):
    # users' ``aws apigateway get-rest-apis`` of SAM stacks show these three tags on ServerlessRestApi
    rest_id = stack.resources["ServerlessRestApi"]
    tags = apigateway.get_rest_api(restApiId=rest_id)["tags"]
    assert tags == {"aws:cloudformation:logical-id": "ServerlessRestApi",
                    "aws:cloudformation:stack-id": stack.stack_id,
                    "aws:cloudformation:stack-name": stack.name}
    assert tags["aws:cloudformation:stack-id"].startswith(f"arn:aws:cloudformation:{apigateway.meta.region_name}:")
    listed = [api for api in apigateway.get_rest_apis()["items"] if api["id"] == rest_id]
    assert listed[0]["tags"] == tags
    assert apigateway.get_tags(resourceArn=f"arn:aws:apigateway:{apigateway.meta.region_name}::/restapis/{rest_id}")[
        "tags"] == tags


def test_parameters_are_checked_against_allowed_values(gwmock, apigateway):
    from gwmock.cloudformation import TemplateError

    with pytest.raises(TemplateError, match="Parameter 'Stage' must be one of AllowedValues"):
        gwmock.deploy_template(TEMPLATE, parameters={"Stage": "qa"})

    assert apigateway.get_rest_apis()["items"] == []


def test_other_services_resources_are_listed_as_not_created(stack):
    assert "HelloFunctionRole" in stack.not_created
    assert "HelloFunction" not in stack.not_created
    assert stack.outputs["HelloFunctionArn"] == (
        f"arn:aws:lambda:us-east-1:123456789012:function:{stack.resources['HelloFunction']}")


def test_sam_auth_api_keys_and_usage_plan(gwmock, apigateway, tmp_path):
    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "index.py").write_text(
        "def handler(event, context):\n    return {'statusCode': 200, 'body': 'secret'}\n")
    (tmp_path / "template.yaml").write_text("""
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      Auth:
        ApiKeyRequired: true
        UsagePlan:
          CreateUsagePlan: PER_API
          Quota: {Limit: 100, Period: DAY}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn
      Handler: index.handler
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: /secret, Method: get}
Outputs:
  Url:
    Value: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/live/secret"
""")
    stack = gwmock.deploy_template(tmp_path / "template.yaml")

    plans = apigateway.get_usage_plans()["items"]
    assert [(p["apiStages"], p["quota"]["limit"]) for p in plans] == [
        ([{"apiId": stack.resources["Api"], "stage": "live"}], 100)]
    assert requests.get(stack.outputs["Url"]).status_code == 403
    key = apigateway.create_api_key(name="k", enabled=True)
    apigateway.create_usage_plan_key(usagePlanId=plans[0]["id"], keyId=key["id"], keyType="API_KEY")
    assert requests.get(stack.outputs["Url"], headers={"x-api-key": key["value"]}).text == "secret"


def test_an_invalid_sam_template_names_the_translator_reason(gwmock, apigateway):
    from gwmock.cloudformation import TemplateError

    template = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {
        "Api": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "x", "Auth": "not-a-map"}}}}

    with pytest.raises(TemplateError, match="Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless "
                                            "Application Specification document. Number of errors found: 1. .*Api"):
        gwmock.deploy_template(template)

    assert apigateway.get_rest_apis()["items"] == []


def test_definition_uri_file_next_to_the_template(gwmock, apigateway, tmp_path):
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.1\ninfo: {title: defined, version: '1'}\npaths:\n  /ping:\n    get:\n"
        "      x-amazon-apigateway-integration: {type: mock,"
        " requestTemplates: {application/json: '{\"statusCode\": 200}'}, responses: {default: {statusCode: '200'}}}\n")
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
        "    Properties: {StageName: v1, DefinitionUri: api.yaml}\n")

    stack = gwmock.deploy_template(tmp_path / "template.yaml")

    paths = [r["path"] for r in apigateway.get_resources(restApiId=stack.resources["Api"])["items"]]
    assert sorted(paths) == ["/", "/ping"]
    url = f"https://{stack.resources['Api']}.execute-api.us-east-1.amazonaws.com/v1/ping"
    assert requests.get(url).status_code == 200


def test_sam_lambda_token_authorizer_and_http_api_jwt_authorizer(gwmock, apigatewayv2):
    stack = gwmock.deploy_template(Path(__file__).parent / "data" / "sam_auth" / "template.yaml")
    url = f"https://{stack.resources['Api']}.execute-api.us-east-1.amazonaws.com/v1/me"

    assert requests.get(url).status_code == 401
    assert requests.get(url, headers={"Authorization": "nope"}).status_code == 403
    allowed = requests.get(url, headers={"Authorization": "letmein"})
    assert allowed.status_code == 200
    assert allowed.json()["ctx"]["who"] == "u1"
    authorizers = apigatewayv2.get_authorizers(ApiId=stack.resources["HttpApi"])["Items"]
    assert [(a["Name"], a["AuthorizerType"]) for a in authorizers] == [("Jwt", "JWT")]
    http_url = f"https://{stack.resources['HttpApi']}.execute-api.us-east-1.amazonaws.com/me"
    assert requests.get(http_url).status_code == 401
