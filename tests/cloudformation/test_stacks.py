"""Stacks as state: names, replacement, reset, snapshot and restore."""

from __future__ import annotations

import pytest

from gwmock.cloudformation import Stack, TemplateError

EXPORTING = {
    "Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "shared"}}},
    "Outputs": {"Id": {"Value": {"Ref": "Api"}, "Export": {"Name": "shared-api"}},
                "Root": {"Value": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "Export": {"Name": "shared-root"}}},
}
IMPORTING = {"Resources": {"Res": {"Type": "AWS::ApiGateway::Resource", "Properties": {
    "RestApiId": {"Fn::ImportValue": "shared-api"}, "ParentId": {"Fn::ImportValue": "shared-root"},
    "PathPart": "x"}}}}


def test_deploy_returns_a_stack(gwmock):
    stack = gwmock.deploy_template(EXPORTING, name="one")

    assert isinstance(stack, Stack)
    assert stack.name == "one" and stack.stack_id.startswith("arn:aws:cloudformation:us-east-1:123456789012:stack/one/")
    assert stack.outputs["Id"] == stack.resources["Api"] == stack.exports["shared-api"]
    assert repr(stack) == "Stack('one', resources=1, outputs=['Id', 'Root'])"


def test_an_export_name_is_unique(gwmock, apigateway):
    gwmock.deploy_template(EXPORTING, name="one")

    with pytest.raises(TemplateError, match="Export with name shared-api is already exported by another stack"):
        gwmock.deploy_template(EXPORTING, name="two")

    assert len(apigateway.get_rest_apis()["items"]) == 1


def test_bad_stack_name(gwmock):
    with pytest.raises(TemplateError, match="Stack name '1st' must match"):
        gwmock.deploy_template(EXPORTING, name="1st")


def test_reset_forgets_stacks(gwmock, apigateway):
    stack = gwmock.deploy_template(EXPORTING, name="one")
    gwmock.reset()

    stack.delete()  # nothing left to delete
    again = gwmock.deploy_template(EXPORTING, name="one")  # the export is free again

    assert [a["id"] for a in apigateway.get_rest_apis()["items"]] == [again.resources["Api"]]


def test_exports_survive_snapshot_and_restore(gwmock, apigateway):
    stack = gwmock.deploy_template(EXPORTING, name="one")
    saved = gwmock.snapshot()
    gwmock.reset()

    gwmock.restore(saved)
    importer = gwmock.deploy_template(IMPORTING, name="two")

    assert importer.resources["Res"] in [r["id"] for r in
                                         apigateway.get_resources(restApiId=stack.resources["Api"])["items"]]


WEBSOCKET = str(__import__("pathlib").Path(__file__).parent / "data" / "websocket.yaml")


@pytest.mark.gwmock(template=WEBSOCKET)
def test_the_marker_deploys_a_template_before_the_test(apigatewayv2):
    assert [a["Name"] for a in apigatewayv2.get_apis()["Items"]] == ["chat"]


def test_a_usage_plan_naming_a_stage_literally_waits_for_it(gwmock, apigateway):
    """A plan that lists two stages of its API by name but depends on one only (the pattern of the
    CDK's WebSocket usage-plan integ test, deployed on AWS, where parallel creation makes the other
    stage first): gwmock makes the plan after both stages."""
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGatewayV2::Api",
                "Properties": {"Name": "ws", "ProtocolType": "WEBSOCKET",
                               "RouteSelectionExpression": "$request.body.action"}},
        "Plan": {"Type": "AWS::ApiGateway::UsagePlan", "DependsOn": ["Dev"],
                 "Properties": {"ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": "dev"},
                                              {"ApiId": {"Ref": "Api"}, "Stage": "dev2"}]}},
        "Dev": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {"ApiId": {"Ref": "Api"}, "StageName": "dev"}},
        "Dev2": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {"ApiId": {"Ref": "Api"}, "StageName": "dev2"}},
    }}
    stack = gwmock.deploy_template(template)
    plan = apigateway.get_usage_plan(usagePlanId=stack.resources["Plan"])
    assert sorted(s["stage"] for s in plan["apiStages"]) == ["dev", "dev2"]
