"""Deployments: create (with and without a stage, canary), get, list, update, delete."""

from __future__ import annotations

import pytest
from helpers import api_with_mock_method, assert_error, assert_matches, error_of, recorded


def _api(client, name="pets"):
    return api_with_mock_method(client, name)


def test_create_deployment_answers_like_aws(apigateway):
    api_id = _api(apigateway)
    deployment = apigateway.create_deployment(restApiId=api_id)
    assert_matches(deployment, recorded("api", "test_stage_access_log_settings", "create-deployment"))
    assert len(deployment["id"]) == 6
    fetched = apigateway.get_deployment(restApiId=api_id, deploymentId=deployment["id"])
    assert_matches(fetched, recorded("common", "test_create_update_deployments", "get-deployment-1"))
    assert fetched["id"] == deployment["id"]
    assert apigateway.get_stages(restApiId=api_id)["item"] == []


def test_create_deployment_keeps_description(apigateway):
    api_id = _api(apigateway)
    deployment = apigateway.create_deployment(restApiId=api_id, description="first")
    assert deployment["description"] == "first"
    assert (
        apigateway.get_deployment(restApiId=api_id, deploymentId=deployment["id"])["description"] == "first"
    )


def test_create_deployment_without_methods_is_refused(apigateway):
    # AWS's wording: "BadRequestException: The REST API doesn't contain any methods" (anomalyco/sst #3976).
    api_id = apigateway.create_rest_api(name="empty")["id"]
    response = error_of(apigateway.create_deployment, restApiId=api_id, stageName="dev")
    assert_error(response, "BadRequestException", "The REST API doesn't contain any methods", 400)
    assert apigateway.get_deployments(restApiId=api_id)["items"] == []
    assert apigateway.get_stages(restApiId=api_id)["item"] == []


def test_create_deployment_with_a_method_without_integration_is_refused(apigateway):
    api_id = _api(apigateway)
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
    response = error_of(apigateway.create_deployment, restApiId=api_id, stageName="dev")
    assert_error(response, "BadRequestException", "No integration defined for method", 400)
    assert apigateway.get_deployments(restApiId=api_id)["items"] == []
    assert apigateway.get_stages(restApiId=api_id)["item"] == []


def test_create_deployment_unknown_api(apigateway):
    response = error_of(apigateway.create_deployment, restApiId="nope")
    assert_error(response, "NotFoundException", "Invalid API identifier specified 123456789012:nope", 404)


def test_create_deployment_with_stage_name_creates_the_stage(apigateway):
    api_id = _api(apigateway)
    deployment = apigateway.create_deployment(
        restApiId=api_id,
        stageName="s1",
        stageDescription="stage one",
        variables={"env": "dev"},
        tracingEnabled=True,
        cacheClusterEnabled=True,
        cacheClusterSize="1.6",
    )
    stage = apigateway.get_stage(restApiId=api_id, stageName="s1")
    assert stage["deploymentId"] == deployment["id"]
    assert stage["description"] == "stage one"
    assert stage["variables"] == {"env": "dev"}
    assert stage["tracingEnabled"] is True
    assert stage["cacheClusterEnabled"] is True
    assert stage["cacheClusterSize"] == "1.6"
    assert stage["cacheClusterStatus"] == "AVAILABLE"


def test_create_deployment_with_stage_name_matches_recorded_stage(apigateway):
    api_id = _api(apigateway)
    apigateway.create_deployment(restApiId=api_id, stageName="s1")
    stages = apigateway.get_stages(restApiId=api_id)
    assert_matches(stages, recorded("common", "test_create_delete_deployments[True]", "get-stages"))


def test_redeploying_to_a_stage_moves_it(apigateway):
    api_id = _api(apigateway)
    first = apigateway.create_deployment(restApiId=api_id, stageName="s1", variables={"a": "1"})
    second = apigateway.create_deployment(restApiId=api_id, stageName="s1", variables={"b": "2"})
    stage = apigateway.get_stage(restApiId=api_id, stageName="s1")
    assert stage["deploymentId"] == second["id"]
    assert stage["variables"] == {"a": "1", "b": "2"}
    apigateway.delete_deployment(restApiId=api_id, deploymentId=first["id"])
    assert [d["id"] for d in apigateway.get_deployments(restApiId=api_id)["items"]] == [second["id"]]


def test_empty_stage_name_creates_no_stage(apigateway):
    api_id = _api(apigateway)
    apigateway.create_deployment(restApiId=api_id, stageName="")
    assert apigateway.get_stages(restApiId=api_id)["item"] == []


def test_invalid_stage_name_is_refused(apigateway):
    api_id = _api(apigateway)
    response = error_of(apigateway.create_deployment, restApiId=api_id, stageName="bad name")
    assert_error(response, "BadRequestException", "Stage name only allows a-zA-Z0-9_", 400)
    assert apigateway.get_deployments(restApiId=api_id)["items"] == []


def test_invalid_stage_variable_is_refused(apigateway):
    api_id = _api(apigateway)
    response = error_of(
        apigateway.create_deployment, restApiId=api_id, stageName="dev", variables={"a b": "x"}
    )
    assert_error(response, "BadRequestException",
                 "Invalid stage variable name: a b.  Please use names with only word characters.", 400)
    assert apigateway.get_deployments(restApiId=api_id)["items"] == []
    response = error_of(apigateway.create_deployment, restApiId=api_id, stageName="dev", variables={"a": ""})
    assert_error(response, "BadRequestException",
                 "Invalid stage variable value: .  Please use values with alphanumeric characters and the symbols "
                 "' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.", 400)
    assert apigateway.get_stages(restApiId=api_id)["item"] == []


# --- canary --------------------------------------------------------------------------


def test_canary_deployment_needs_an_existing_stage(apigateway):
    api_id = _api(apigateway)
    canary = {"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}}
    scenario = "test_create_canary_deployment_validation"
    assert_matches(
        error_of(apigateway.create_deployment, restApiId=api_id, canarySettings=canary),
        recorded("canary", scenario, "create-canary-deployment-no-stage"),
    )
    assert_matches(
        error_of(apigateway.create_deployment, restApiId=api_id, stageName="", canarySettings=canary),
        recorded("canary", scenario, "create-canary-deployment-empty-stage"),
    )
    assert_matches(
        error_of(
            apigateway.create_deployment, restApiId=api_id, stageName="non-existing", canarySettings=canary
        ),
        recorded("canary", scenario, "create-canary-deployment-non-existing-stage"),
    )
    assert apigateway.get_deployments(restApiId=api_id)["items"] == []


def test_canary_deployment_sets_the_stage_canary(apigateway):
    api_id = _api(apigateway)
    scenario = "test_create_canary_deployment_with_stage"
    first = apigateway.create_deployment(restApiId=api_id)
    assert_matches(first, recorded("canary", scenario, "create-deployment"))
    stage = apigateway.create_stage(
        restApiId=api_id,
        stageName="dev",
        deploymentId=first["id"],
        description="dev stage",
        variables={"testVar": "default"},
    )
    assert_matches(stage, recorded("canary", scenario, "create-stage"))
    canary = apigateway.create_deployment(
        restApiId=api_id,
        stageName="dev",
        canarySettings={"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary"}},
    )
    assert_matches(canary, recorded("canary", scenario, "create-canary-deployment"))
    stage = apigateway.get_stage(restApiId=api_id, stageName="dev")
    assert_matches(stage, recorded("canary", scenario, "get-stage"))
    assert stage["deploymentId"] == first["id"]
    assert stage["canarySettings"]["deploymentId"] == canary["id"]


def test_canary_deployment_replaces_an_existing_canary(apigateway):
    api_id = _api(apigateway)
    scenario = "test_create_canary_deployment"
    first = apigateway.create_deployment(restApiId=api_id)
    stage = apigateway.create_stage(
        restApiId=api_id,
        stageName="dev1",
        deploymentId=first["id"],
        description="dev stage",
        variables={"testVar": "default"},
        canarySettings={
            "deploymentId": first["id"],
            "percentTraffic": 40,
            "stageVariableOverrides": {"testVar": "canary1"},
        },
    )
    assert_matches(stage, recorded("canary", scenario, "create-stage"))
    second = apigateway.create_deployment(
        restApiId=api_id,
        stageName="dev1",
        canarySettings={"percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary2"}},
    )
    stage = apigateway.get_stage(restApiId=api_id, stageName="dev1")
    assert_matches(stage, recorded("canary", scenario, "get-stage-1"))
    assert stage["canarySettings"]["deploymentId"] == second["id"]


def test_deleting_a_canary_deployment_is_refused(apigateway):
    api_id = _api(apigateway)
    first = apigateway.create_deployment(restApiId=api_id, stageName="dev")
    canary = apigateway.create_deployment(
        restApiId=api_id, stageName="dev", canarySettings={"percentTraffic": 10}
    )
    response = error_of(apigateway.delete_deployment, restApiId=api_id, deploymentId=canary["id"])
    assert_error(
        response,
        "BadRequestException",
        "Active stages pointing to this deployment must be moved or deleted",
        400,
    )
    assert len(apigateway.get_deployments(restApiId=api_id)["items"]) == 2
    assert apigateway.get_stage(restApiId=api_id, stageName="dev")["deploymentId"] == first["id"]


# --- get / list ------------------------------------------------------------------------


def test_get_deployment_embeds_the_api_summary(apigateway):
    api_id = _api(apigateway)
    api = apigateway.get_rest_api(restApiId=api_id)
    child = apigateway.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="pets")
    apigateway.put_method(
        restApiId=api_id,
        resourceId=child["id"],
        httpMethod="POST",
        authorizationType="NONE",
        apiKeyRequired=True,
    )
    apigateway.put_integration(restApiId=api_id, resourceId=child["id"], httpMethod="POST", type="MOCK")
    deployment = apigateway.create_deployment(restApiId=api_id)
    # later changes do not reach the deployment
    apigateway.put_method(
        restApiId=api_id, resourceId=child["id"], httpMethod="PUT", authorizationType="NONE"
    )
    fetched = apigateway.get_deployment(restApiId=api_id, deploymentId=deployment["id"], embed=["apisummary"])
    assert fetched["apiSummary"] == {
        "/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": False}},
        "/pets": {"POST": {"authorizationType": "NONE", "apiKeyRequired": True}},
    }
    plain = apigateway.get_deployment(restApiId=api_id, deploymentId=deployment["id"])
    assert "apiSummary" not in plain


def test_get_deployment_unknown(apigateway):
    api_id = _api(apigateway)
    response = error_of(apigateway.get_deployment, restApiId=api_id, deploymentId="nope")
    assert_error(response, "NotFoundException", "Invalid Deployment identifier specified", 404)


def test_get_deployments_pages(apigateway):
    api_id = _api(apigateway)
    ids = [apigateway.create_deployment(restApiId=api_id)["id"] for _ in range(3)]
    page = apigateway.get_deployments(restApiId=api_id, limit=2)
    assert [d["id"] for d in page["items"]] == ids[:2]
    rest = apigateway.get_deployments(restApiId=api_id, limit=2, position=page["position"])
    assert [d["id"] for d in rest["items"]] == ids[2:]
    assert "position" not in rest
    for item in page["items"]:
        assert set(item) == {"id", "createdDate"}


# --- update ------------------------------------------------------------------------------


def test_update_deployment_description(apigateway):
    api_id = _api(apigateway)
    deployment = apigateway.create_deployment(restApiId=api_id, description="old")
    updated = apigateway.update_deployment(
        restApiId=api_id,
        deploymentId=deployment["id"],
        patchOperations=[{"op": "replace", "path": "/description", "value": "new-description"}],
    )
    assert_matches(updated, recorded("basic", "test_update_rest_api_deployment", "after-update"))
    assert updated["description"] == "new-description"


def test_update_deployment_other_paths_are_refused(apigateway):
    api_id = _api(apigateway)
    deployment = apigateway.create_deployment(restApiId=api_id, description="old")
    response = error_of(
        apigateway.update_deployment,
        restApiId=api_id,
        deploymentId=deployment["id"],
        patchOperations=[{"op": "replace", "path": "/id", "value": "x"}],
    )
    assert_error(
        response,
        "BadRequestException",
        "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description]",
        400,
    )
    assert apigateway.get_deployment(restApiId=api_id, deploymentId=deployment["id"])["description"] == "old"


# --- delete ------------------------------------------------------------------------------


@pytest.mark.parametrize("via_deployment", [True, False])
def test_delete_deployment_in_use_is_refused(apigateway, via_deployment):
    api_id = _api(apigateway)
    scenario = f"test_create_delete_deployments[{via_deployment}]"
    if via_deployment:
        deployment = apigateway.create_deployment(restApiId=api_id, stageName="s1")
    else:
        deployment = apigateway.create_deployment(restApiId=api_id)
        apigateway.create_stage(restApiId=api_id, stageName="s1", deploymentId=deployment["id"])
    assert_matches(
        apigateway.get_deployment(restApiId=api_id, deploymentId=deployment["id"]),
        recorded("common", scenario, "get-deployment"),
    )
    assert_matches(apigateway.get_stages(restApiId=api_id), recorded("common", scenario, "get-stages"))
    assert_matches(
        error_of(apigateway.delete_deployment, restApiId=api_id, deploymentId=deployment["id"]),
        recorded("common", scenario, "delete-deployment-error-0"),
    )
    assert_matches(
        apigateway.get_deployments(restApiId=api_id), recorded("common", scenario, "get-deployments-0")
    )


def test_moving_the_stage_frees_the_deployment(apigateway):
    api_id = _api(apigateway)
    scenario = "test_create_update_deployments"
    first = apigateway.create_deployment(restApiId=api_id, stageName="s1")
    assert_matches(apigateway.get_stages(restApiId=api_id), recorded("common", scenario, "get-stages"))
    second = apigateway.create_deployment(restApiId=api_id)
    apigateway.update_stage(
        restApiId=api_id,
        stageName="s1",
        patchOperations=[{"op": "replace", "path": "/deploymentId", "value": second["id"]}],
    )
    assert_matches(
        apigateway.get_stages(restApiId=api_id), recorded("common", scenario, "get-stages-after-update")
    )
    assert_matches(
        apigateway.delete_deployment(restApiId=api_id, deploymentId=first["id"]),
        recorded("common", scenario, "delete-deployment-1"),
    )
    assert_matches(
        error_of(apigateway.delete_deployment, restApiId=api_id, deploymentId=second["id"]),
        recorded("common", scenario, "delete-deployment-2-error"),
    )
    response = error_of(apigateway.get_deployment, restApiId=api_id, deploymentId=first["id"])
    assert_error(response, "NotFoundException", "Invalid Deployment identifier specified", 404)


def test_delete_deployment_unknown(apigateway):
    api_id = _api(apigateway)
    response = error_of(apigateway.delete_deployment, restApiId=api_id, deploymentId="nope")
    assert_error(response, "NotFoundException", "Invalid Deployment identifier specified", 404)


def test_delete_rest_api_removes_deployments_and_stages(apigateway):
    api_id = _api(apigateway)
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    apigateway.delete_rest_api(restApiId=api_id)
    response = error_of(apigateway.get_stage, restApiId=api_id, stageName="dev")
    assert_error(response, "NotFoundException", status=404)
