"""Scenario: a blue/green release with a canary, as deployment pipelines drive it.

Blue is deployed to ``prod``; green goes out with CreateDeployment + canarySettings
(the stage must exist), its traffic share is raised with UpdateStage
``/canarySettings/percentTraffic``, then it is promoted with the console's three
operations (replace percentTraffic 0, copy overrides -> /variables, copy canary
deploymentId -> /deploymentId) and the canary is removed. At 0% and 100% the data
plane answers deterministically, so each phase checks which deployment serves.
"""

from __future__ import annotations

import pytest
import requests
from helpers import assert_error, error_of, strip_metadata

REGION = "us-east-1"


def _set_color(client, api_id: str, root: str, color: str) -> None:
    """A MOCK GET / answering the colour and the ``color`` stage variable."""
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_integration_response(
        restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
        responseTemplates={"application/json":
                           f'{{"build": "{color}", "var": "$stageVariables.color", '
                           '"canary": "$context.isCanaryRequest"}'})


@pytest.fixture
def blue(apigateway):
    c = apigateway
    api = c.create_rest_api(name="blue-green")
    api_id, root = api["id"], api["rootResourceId"]
    c.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    c.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    _set_color(c, api_id, root, "blue")
    deployment = c.create_deployment(restApiId=api_id, stageName="prod", description="blue",
                                     variables={"color": "blue", "region": "east"})
    return {"api_id": api_id, "root": root, "blue": deployment["id"],
            "url": f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod/"}


def _served(url: str) -> dict:
    response = requests.get(url, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_blue_green_canary_release(apigateway, blue):
    c = apigateway
    api_id = blue["api_id"]
    assert _served(blue["url"]) == {"build": "blue", "var": "blue", "canary": "false"}

    # green: a canary deployment on the existing stage, 0% at first
    _set_color(c, api_id, blue["root"], "green")
    green = c.create_deployment(restApiId=api_id, stageName="prod", description="green",
                                canarySettings={"percentTraffic": 0.0,
                                                "stageVariableOverrides": {"color": "green"},
                                                "useStageCache": False})
    stage = c.get_stage(restApiId=api_id, stageName="prod")
    assert stage["deploymentId"] == blue["blue"]  # the stage itself still serves blue
    assert stage["canarySettings"] == {"deploymentId": green["id"], "percentTraffic": 0.0,
                                       "stageVariableOverrides": {"color": "green"}, "useStageCache": False}
    assert stage["variables"] == {"color": "blue", "region": "east"}
    assert _served(blue["url"]) == {"build": "blue", "var": "blue", "canary": "false"}

    # shift traffic: 10% (what pipelines do), then 100% to observe the canary for sure
    stage = c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "10"}])
    assert stage["canarySettings"]["percentTraffic"] == 10.0
    c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "100.0"}])
    assert _served(blue["url"]) == {"build": "green", "var": "green", "canary": "true"}
    # a bad share is refused and changes nothing
    assert_error(error_of(c.update_stage, restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "150"}]),
        "BadRequestException", status=400)
    assert c.get_stage(restApiId=api_id, stageName="prod")["canarySettings"]["percentTraffic"] == 100.0

    # promote: the console's three operations in one request
    promoted = c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0.0"},
        {"op": "copy", "from": "/canarySettings/stageVariableOverrides", "path": "/variables"},
        {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
    ])
    assert promoted["deploymentId"] == green["id"]
    assert promoted["variables"] == {"color": "green", "region": "east"}
    assert promoted["canarySettings"] == {"deploymentId": green["id"], "percentTraffic": 0.0,
                                          "stageVariableOverrides": {"color": "green"}, "useStageCache": False}
    assert _served(blue["url"]) == {"build": "green", "var": "green", "canary": "false"}

    # delete the canary: the stage is a plain stage on green
    final = c.update_stage(restApiId=api_id, stageName="prod",
                           patchOperations=[{"op": "remove", "path": "/canarySettings"}])
    assert "canarySettings" not in final
    assert strip_metadata(c.get_stage(restApiId=api_id, stageName="prod")) == strip_metadata(final)
    assert _served(blue["url"]) == {"build": "green", "var": "green", "canary": "false"}
    # a second promotion now has nothing to promote
    assert_error(error_of(c.update_stage, restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"}]),
        "BadRequestException", "Promotion not available. Canary does not exist.", 400)

    # blue is no longer used by any stage or canary: the pipeline cleans it up
    c.delete_deployment(restApiId=api_id, deploymentId=blue["blue"])
    assert [d["description"] for d in c.get_deployments(restApiId=api_id)["items"]] == ["green"]
    assert_error(error_of(c.delete_deployment, restApiId=api_id, deploymentId=green["id"]),
                 "BadRequestException", "Active stages pointing to this deployment must be moved or deleted", 400)


def test_rollback_instead_of_promotion(apigateway, blue):
    """A failed canary is dropped: the stage keeps blue, green can then be deleted."""
    c = apigateway
    api_id = blue["api_id"]
    _set_color(c, api_id, blue["root"], "green")
    green = c.create_deployment(restApiId=api_id, stageName="prod",
                                canarySettings={"percentTraffic": 100.0})
    assert _served(blue["url"]) == {"build": "green", "var": "blue", "canary": "true"}
    # the canary's deployment cannot go while the canary points at it
    assert_error(error_of(c.delete_deployment, restApiId=api_id, deploymentId=green["id"]),
                 "BadRequestException", status=400)
    stage = c.update_stage(restApiId=api_id, stageName="prod",
                           patchOperations=[{"op": "remove", "path": "/canarySettings"}])
    assert stage["deploymentId"] == blue["blue"] and "canarySettings" not in stage
    assert _served(blue["url"]) == {"build": "blue", "var": "blue", "canary": "false"}
    c.delete_deployment(restApiId=api_id, deploymentId=green["id"])
    assert [d["id"] for d in c.get_deployments(restApiId=api_id)["items"]] == [blue["blue"]]


def test_canary_created_by_stage_update_then_redeployed(apigateway, blue):
    """Canary on the stage's own deployment by UpdateStage, then a new canary deployment replaces it."""
    c = apigateway
    api_id = blue["api_id"]
    stage = c.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "25"},
        {"op": "replace", "path": "/canarySettings/stageVariableOverrides/color", "value": "teal"}])
    assert stage["canarySettings"] == {"deploymentId": blue["blue"], "percentTraffic": 25.0,
                                       "stageVariableOverrides": {"color": "teal"}, "useStageCache": False}
    green = c.create_deployment(restApiId=api_id, stageName="prod",
                                canarySettings={"percentTraffic": 5.0, "useStageCache": True})
    stage = c.get_stage(restApiId=api_id, stageName="prod")
    # the whole canary is replaced by the deployment's settings
    assert stage["canarySettings"] == {"deploymentId": green["id"], "percentTraffic": 5.0, "useStageCache": True}
    assert stage["deploymentId"] == blue["blue"]
    # canary deployment without an existing stage is refused, nothing is created
    before = c.get_deployments(restApiId=api_id)["items"]
    assert_error(error_of(c.create_deployment, restApiId=api_id, stageName="beta",
                          canarySettings={"percentTraffic": 5.0}), "BadRequestException", status=400)
    assert c.get_deployments(restApiId=api_id)["items"] == before
    assert_error(error_of(c.get_stage, restApiId=api_id, stageName="beta"), "NotFoundException", status=404)
