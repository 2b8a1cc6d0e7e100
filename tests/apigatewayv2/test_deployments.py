"""v2 deployments: CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment."""

from __future__ import annotations

import datetime

from helpers import assert_error, error_of

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"


def _api_with_route(client):
    api_id = client.create_api(Name="api", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                            IntegrationUri="https://example.com", PayloadFormatVersion="1.0")
    client.create_route(ApiId=api_id, RouteKey="GET /pets", Target=f"integrations/{integration['IntegrationId']}")
    return api_id


def test_create_deployment(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    deployment = apigatewayv2.create_deployment(ApiId=api_id, Description="first")
    assert deployment["ResponseMetadata"]["HTTPStatusCode"] == 201
    deployment.pop("ResponseMetadata")
    assert isinstance(deployment.pop("CreatedDate"), datetime.datetime)
    assert len(deployment.pop("DeploymentId")) == 6
    assert deployment == {"AutoDeployed": False, "DeploymentStatus": "DEPLOYED", "Description": "first"}


def test_create_deployment_without_routes_is_refused(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="api", ProtocolType="HTTP")["ApiId"]
    error = error_of(apigatewayv2.create_deployment, ApiId=api_id)
    assert_error(error, "BadRequestException", "Unable to deploy API because no routes exist in this API", 400)
    assert apigatewayv2.get_deployments(ApiId=api_id)["Items"] == []


def test_create_websocket_deployment_without_routes_is_refused(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    error = error_of(apigatewayv2.create_deployment, ApiId=api_id)
    # AWS's words: aws/serverless-application-model#2512.
    assert_error(error, "BadRequestException", "At least one route is required before deploying the Api", 400)
    assert apigatewayv2.get_deployments(ApiId=api_id)["Items"] == []


def test_create_deployment_unknown_api(apigatewayv2):
    error = error_of(apigatewayv2.create_deployment, ApiId="nope123")
    assert_error(error, "NotFoundException", "Invalid API identifier specified 123456789012:nope123", 404)


def test_create_deployment_moves_the_stage(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    deployment = apigatewayv2.create_deployment(ApiId=api_id, StageName="dev")
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="dev")
    assert stage["DeploymentId"] == deployment["DeploymentId"]
    assert "LastDeploymentStatusMessage" not in stage  # only AutoDeploy stages report one


def test_create_deployment_unknown_stage(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    error = error_of(apigatewayv2.create_deployment, ApiId=api_id, StageName="nope")
    # AWS's words, quoted in a user's CloudFormation template (status 400 is a guess).
    assert_error(error, "BadRequestException", "Stage nope does not exist. StageName specified on a CreateDeployment "
                 "request must exist so the stage can be updated with the new deployment.", 400)
    assert apigatewayv2.get_deployments(ApiId=api_id)["Items"] == []


def test_get_deployment_and_list(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    ids = [apigatewayv2.create_deployment(ApiId=api_id)["DeploymentId"] for _ in range(3)]
    got = apigatewayv2.get_deployment(ApiId=api_id, DeploymentId=ids[0])
    assert got["DeploymentId"] == ids[0] and got["DeploymentStatus"] == "DEPLOYED"
    page = apigatewayv2.get_deployments(ApiId=api_id, MaxResults="2")
    rest = apigatewayv2.get_deployments(ApiId=api_id, NextToken=page["NextToken"])
    assert [d["DeploymentId"] for d in page["Items"] + rest["Items"]] == ids


def test_get_deployment_unknown(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    error = error_of(apigatewayv2.get_deployment, ApiId=api_id, DeploymentId="abc123")
    assert_error(error, "NotFoundException", "Invalid Deployment identifier specified abc123", 404)
    assert error["ResourceType"] == "Deployment"


def test_update_deployment(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    deployment_id = apigatewayv2.create_deployment(ApiId=api_id)["DeploymentId"]
    updated = apigatewayv2.update_deployment(ApiId=api_id, DeploymentId=deployment_id, Description="new")
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert updated["Description"] == "new"
    assert apigatewayv2.get_deployment(ApiId=api_id, DeploymentId=deployment_id)["Description"] == "new"
    error = error_of(apigatewayv2.update_deployment, ApiId=api_id, DeploymentId="zzz999", Description="x")
    assert_error(error, "NotFoundException", "Invalid Deployment identifier specified zzz999", 404)


def test_delete_deployment(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    deployment_id = apigatewayv2.create_deployment(ApiId=api_id)["DeploymentId"]
    response = apigatewayv2.delete_deployment(ApiId=api_id, DeploymentId=deployment_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    error = error_of(apigatewayv2.delete_deployment, ApiId=api_id, DeploymentId=deployment_id)
    assert_error(error, "NotFoundException", f"Invalid Deployment identifier specified {deployment_id}", 404)


def test_delete_deployment_used_by_a_stage_is_refused(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    deployment_id = apigatewayv2.create_deployment(ApiId=api_id)["DeploymentId"]
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", DeploymentId=deployment_id)
    error = error_of(apigatewayv2.delete_deployment, ApiId=api_id, DeploymentId=deployment_id)
    assert_error(error, "BadRequestException",
                 "Active stages pointing to this deployment must be moved or deleted", 400)
    assert apigatewayv2.get_deployment(ApiId=api_id, DeploymentId=deployment_id)["DeploymentId"] == deployment_id
    apigatewayv2.delete_stage(ApiId=api_id, StageName="dev")
    apigatewayv2.delete_deployment(ApiId=api_id, DeploymentId=deployment_id)


def test_quick_create_auto_deploys_once(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="api", ProtocolType="HTTP", Target=LAMBDA)["ApiId"]
    items = apigatewayv2.get_deployments(ApiId=api_id)["Items"]
    assert len(items) == 1
    assert items[0]["AutoDeployed"] is True
    assert items[0]["DeploymentStatus"] == "DEPLOYED"
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="$default")["DeploymentId"] == items[0]["DeploymentId"]


def test_auto_deploy_skips_stages_without_auto_deploy(apigatewayv2):
    api_id = _api_with_route(apigatewayv2)
    deployment_id = apigatewayv2.create_deployment(ApiId=api_id)["DeploymentId"]
    apigatewayv2.create_stage(ApiId=api_id, StageName="manual", DeploymentId=deployment_id)
    apigatewayv2.create_route(ApiId=api_id, RouteKey="POST /pets")
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="manual")["DeploymentId"] == deployment_id
    assert len(apigatewayv2.get_deployments(ApiId=api_id)["Items"]) == 1
