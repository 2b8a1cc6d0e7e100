"""v2 stages: CreateStage, GetStage(s), UpdateStage, DeleteStage, DeleteRouteSettings,
DeleteAccessLogSettings."""

from __future__ import annotations

import datetime

import pytest
from helpers import assert_error, error_of

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"


def _api(client, **kwargs):
    return client.create_api(Name="api", ProtocolType="HTTP", **kwargs)["ApiId"]


def _route(client, api_id, key="GET /pets"):
    integration = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                            PayloadFormatVersion="2.0")
    return client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration['IntegrationId']}")


def test_create_stage_defaults(apigatewayv2):
    api_id = _api(apigatewayv2)
    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    assert stage["ResponseMetadata"]["HTTPStatusCode"] == 201
    stage.pop("ResponseMetadata")
    assert isinstance(stage.pop("CreatedDate"), datetime.datetime)
    assert isinstance(stage.pop("LastUpdatedDate"), datetime.datetime)
    assert stage == {"StageName": "dev", "DefaultRouteSettings": {"DetailedMetricsEnabled": False},
                     "RouteSettings": {}, "StageVariables": {}, "Tags": {}}


def test_create_stage_with_every_member(apigatewayv2):
    api_id = _api(apigatewayv2)
    _route(apigatewayv2, api_id)
    deployment = apigatewayv2.create_deployment(ApiId=api_id)["DeploymentId"]
    stage = apigatewayv2.create_stage(
        ApiId=api_id, StageName="prod", DeploymentId=deployment, Description="production",
        StageVariables={"fn": "prod-fn"}, Tags={"team": "a"},  # no ClientCertificateId: WebSocket only
        AccessLogSettings={"DestinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:g",
                           "Format": "$context.requestId"},
        DefaultRouteSettings={"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5.0},
        RouteSettings={"GET /pets": {"ThrottlingBurstLimit": 1}},
    )
    assert stage["DeploymentId"] == deployment
    assert stage["Description"] == "production"
    assert stage["StageVariables"] == {"fn": "prod-fn"}
    assert stage["Tags"] == {"team": "a"}
    assert stage["AccessLogSettings"]["Format"] == "$context.requestId"
    assert stage["DefaultRouteSettings"] == {"DetailedMetricsEnabled": False, "ThrottlingBurstLimit": 10,
                                             "ThrottlingRateLimit": 5.0}
    assert stage["RouteSettings"] == {"GET /pets": {"ThrottlingBurstLimit": 1}}
    assert "LastDeploymentStatusMessage" not in stage
    got = apigatewayv2.get_stage(ApiId=api_id, StageName="prod")
    got.pop("ResponseMetadata")
    stage.pop("ResponseMetadata")
    assert got == stage


def test_websocket_stage_defaults(apigatewayv2):
    # hashicorp/terraform-provider-aws stage_test.go (acceptance, real AWS): logging_level OFF on WebSocket.
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    assert stage["DefaultRouteSettings"] == {"DataTraceEnabled": False, "DetailedMetricsEnabled": False,
                                             "LoggingLevel": "OFF"}


# AWS's words: hashicorp/terraform-provider-aws#13801 and users quoting UpdateStage's BadRequestException.
NO_EXECUTION_LOGS = "Execution logs are not supported on protocolType HTTP"


@pytest.mark.parametrize("settings", [
    {"DefaultRouteSettings": {"LoggingLevel": "INFO"}},
    {"DefaultRouteSettings": {"LoggingLevel": "OFF"}},
    {"DefaultRouteSettings": {"DataTraceEnabled": True}},
    {"RouteSettings": {"GET /pets": {"LoggingLevel": "ERROR"}}},
])
def test_http_stages_have_no_execution_logs(apigatewayv2, settings):
    api_id = _api(apigatewayv2)
    _route(apigatewayv2, api_id)
    assert_error(error_of(apigatewayv2.create_stage, ApiId=api_id, StageName="dev", **settings),
                 "BadRequestException", NO_EXECUTION_LOGS, 400)
    assert apigatewayv2.get_stages(ApiId=api_id)["Items"] == []
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    assert_error(error_of(apigatewayv2.update_stage, ApiId=api_id, StageName="dev", **settings),
                 "BadRequestException", NO_EXECUTION_LOGS, 400)
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="dev")
    assert (stage["DefaultRouteSettings"], stage["RouteSettings"]) == ({"DetailedMetricsEnabled": False}, {})


def test_http_stage_accepts_metrics_and_throttling(apigatewayv2):
    api_id = _api(apigatewayv2)
    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", DefaultRouteSettings={
        "DetailedMetricsEnabled": True, "DataTraceEnabled": False, "ThrottlingBurstLimit": 5})
    assert stage["DefaultRouteSettings"]["DetailedMetricsEnabled"] is True


def test_websocket_stage_takes_execution_logs(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev",
                                      DefaultRouteSettings={"LoggingLevel": "INFO", "DataTraceEnabled": True})
    assert stage["DefaultRouteSettings"] == {"DataTraceEnabled": True, "DetailedMetricsEnabled": False,
                                             "LoggingLevel": "INFO"}


def test_create_stage_twice_is_a_conflict(apigatewayv2):
    api_id = _api(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", Description="first")
    error = error_of(apigatewayv2.create_stage, ApiId=api_id, StageName="dev", Description="second")
    assert_error(error, "ConflictException", "Stage already exists", 409)
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="dev")["Description"] == "first"


def test_create_stage_unknown_api(apigatewayv2):
    error = error_of(apigatewayv2.create_stage, ApiId="nope123", StageName="dev")
    assert_error(error, "NotFoundException", "Invalid API identifier specified 123456789012:nope123", 404)
    assert error["ResourceType"] == "Api"


def test_create_stage_unknown_deployment(apigatewayv2):
    api_id = _api(apigatewayv2)
    error = error_of(apigatewayv2.create_stage, ApiId=api_id, StageName="dev", DeploymentId="zzz999")
    assert_error(error, "NotFoundException", "Invalid Deployment identifier specified zzz999", 404)
    assert apigatewayv2.get_stages(ApiId=api_id)["Items"] == []


def test_route_settings_need_an_existing_route_key(apigatewayv2):
    api_id = _api(apigatewayv2)
    error = error_of(apigatewayv2.create_stage, ApiId=api_id, StageName="dev",
                     RouteSettings={"GET /missing": {"ThrottlingBurstLimit": 1}})
    assert_error(error, "NotFoundException",
                 "Unable to find Route by key GET /missing within the provided RouteSettings", 404)
    assert apigatewayv2.get_stages(ApiId=api_id)["Items"] == []


def test_get_stage_unknown(apigatewayv2):
    api_id = _api(apigatewayv2)
    error = error_of(apigatewayv2.get_stage, ApiId=api_id, StageName="nope")
    assert_error(error, "NotFoundException", "Invalid Stage identifier specified nope", 404)
    assert error["ResourceType"] == "Stage"


def test_get_stages_pages(apigatewayv2):
    api_id = _api(apigatewayv2)
    for name in ("a", "b", "c"):
        apigatewayv2.create_stage(ApiId=api_id, StageName=name)
    first = apigatewayv2.get_stages(ApiId=api_id, MaxResults="2")
    assert [s["StageName"] for s in first["Items"]] == ["a", "b"]
    second = apigatewayv2.get_stages(ApiId=api_id, NextToken=first["NextToken"])
    assert [s["StageName"] for s in second["Items"]] == ["c"]
    assert "NextToken" not in second


def test_update_stage_merges_settings_and_variables(apigatewayv2):
    api_id = _api(apigatewayv2)
    _route(apigatewayv2, api_id)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", StageVariables={"a": "1", "b": "2"},
                              DefaultRouteSettings={"ThrottlingBurstLimit": 10})
    updated = apigatewayv2.update_stage(
        ApiId=api_id, StageName="dev", Description="new", StageVariables={"b": "", "c": "3"},
        DefaultRouteSettings={"DetailedMetricsEnabled": True},
        RouteSettings={"GET /pets": {"ThrottlingRateLimit": 2.0}},
    )
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert updated["Description"] == "new"
    assert updated["StageVariables"] == {"a": "1", "c": "3"}
    assert updated["DefaultRouteSettings"] == {"DetailedMetricsEnabled": True, "ThrottlingBurstLimit": 10}
    assert updated["RouteSettings"] == {"GET /pets": {"ThrottlingRateLimit": 2.0}}
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="dev")["StageVariables"] == {"a": "1", "c": "3"}


def test_update_stage_bad_route_settings_leave_it_unchanged(apigatewayv2):
    api_id = _api(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", Description="old")
    error = error_of(apigatewayv2.update_stage, ApiId=api_id, StageName="dev", Description="new",
                     RouteSettings={"GET /x": {"ThrottlingBurstLimit": 1}})
    assert_error(error, "NotFoundException",
                 "Unable to find Route by key GET /x within the provided RouteSettings", 404)
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="dev")["Description"] == "old"


def test_update_stage_unknown(apigatewayv2):
    api_id = _api(apigatewayv2)
    error = error_of(apigatewayv2.update_stage, ApiId=api_id, StageName="nope", Description="x")
    assert_error(error, "NotFoundException", "Invalid Stage identifier specified nope", 404)


def test_auto_deploy_stage_is_deployed_and_redeployed_on_changes(apigatewayv2):
    api_id = _api(apigatewayv2)
    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="live", AutoDeploy=True)
    assert stage["AutoDeploy"] is True
    assert "DeploymentId" not in stage  # nothing to deploy yet
    _route(apigatewayv2, api_id)
    first = apigatewayv2.get_stage(ApiId=api_id, StageName="live")
    assert first["LastDeploymentStatusMessage"] == (
        f"Successfully deployed stage with deployment ID '{first['DeploymentId']}'")
    _route(apigatewayv2, api_id, "POST /pets")
    second = apigatewayv2.get_stage(ApiId=api_id, StageName="live")
    assert second["DeploymentId"] != first["DeploymentId"]
    deployment = apigatewayv2.get_deployment(ApiId=api_id, DeploymentId=second["DeploymentId"])
    assert deployment["AutoDeployed"] is True
    assert deployment["Description"] == "Automatic deployment triggered by changes to the Api configuration"


def test_turning_auto_deploy_on_deploys(apigatewayv2):
    api_id = _api(apigatewayv2)
    _route(apigatewayv2, api_id)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    updated = apigatewayv2.update_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    assert updated["AutoDeploy"] is True
    assert updated["LastDeploymentStatusMessage"].startswith("Successfully deployed stage with deployment ID")


def test_create_auto_deploy_stage_with_routes_deploys_at_once(apigatewayv2):
    api_id = _api(apigatewayv2)
    _route(apigatewayv2, api_id)
    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AutoDeploy=True)
    assert apigatewayv2.get_deployment(ApiId=api_id, DeploymentId=stage["DeploymentId"])["AutoDeployed"] is True


def test_quick_create_default_stage(apigatewayv2):
    api_id = _api(apigatewayv2, Target=LAMBDA)
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="$default")
    assert stage["ApiGatewayManaged"] is True
    assert stage["AutoDeploy"] is True
    assert stage["LastDeploymentStatusMessage"] == (
        f"Successfully deployed stage with deployment ID '{stage['DeploymentId']}'")


def test_delete_stage(apigatewayv2):
    api_id = _api(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    response = apigatewayv2.delete_stage(ApiId=api_id, StageName="dev")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert_error(error_of(apigatewayv2.get_stage, ApiId=api_id, StageName="dev"), "NotFoundException", status=404)
    assert_error(error_of(apigatewayv2.delete_stage, ApiId=api_id, StageName="dev"), "NotFoundException",
                 "Invalid Stage identifier specified dev", 404)


def test_delete_route_settings(apigatewayv2):
    api_id = _api(apigatewayv2)
    _route(apigatewayv2, api_id)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", RouteSettings={"GET /pets": {"ThrottlingBurstLimit": 1}})
    response = apigatewayv2.delete_route_settings(ApiId=api_id, StageName="dev", RouteKey="GET /pets")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="dev")["RouteSettings"] == {}
    error = error_of(apigatewayv2.delete_route_settings, ApiId=api_id, StageName="dev", RouteKey="GET /pets")
    assert_error(error, "NotFoundException", "Unable to find RouteSettings for RouteKey GET /pets", 404)


def test_delete_access_log_settings(apigatewayv2):
    api_id = _api(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings={
        "DestinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:g", "Format": "$context.requestId"})
    response = apigatewayv2.delete_access_log_settings(ApiId=api_id, StageName="dev")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "AccessLogSettings" not in apigatewayv2.get_stage(ApiId=api_id, StageName="dev")
    # a second call still succeeds
    apigatewayv2.delete_access_log_settings(ApiId=api_id, StageName="dev")
    error = error_of(apigatewayv2.delete_access_log_settings, ApiId=api_id, StageName="nope")
    assert_error(error, "NotFoundException", "Invalid Stage identifier specified nope", 404)


@pytest.mark.parametrize("name", ["$default", "my_stage-1"])
def test_stage_names(apigatewayv2, name):
    api_id = _api(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName=name)
    assert apigatewayv2.get_stage(ApiId=api_id, StageName=name)["StageName"] == name


def test_delete_stage_refused_while_an_api_mapping_names_it(apigatewayv2):
    """Found by tests/core/test_stateful_v2.py: the stage went and left its mapping dangling."""
    api_id = _api(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    apigatewayv2.create_domain_name(DomainName="pets.example.com", DomainNameConfigurations=[
        {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x", "EndpointType": "REGIONAL"}])
    mapping = apigatewayv2.create_api_mapping(DomainName="pets.example.com", ApiId=api_id, Stage="dev")
    response = error_of(apigatewayv2.delete_stage, ApiId=api_id, StageName="dev")
    assert_error(response, "BadRequestException", "Deleting stage dev failed. Please remove all API mappings for "
                 "the stage from your custom domain names.", 400)
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="dev")["StageName"] == "dev"
    apigatewayv2.delete_api_mapping(DomainName="pets.example.com", ApiMappingId=mapping["ApiMappingId"])
    apigatewayv2.delete_stage(ApiId=api_id, StageName="dev")
    assert apigatewayv2.get_stages(ApiId=api_id)["Items"] == []
