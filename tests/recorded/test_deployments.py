"""aws-recorded test_apigateway_common test_create_delete_deployments and
test_create_update_deployments, every step: a stage's deployment cannot be deleted until the
stage moves to another one (redeployment or UpdateStage)."""

from __future__ import annotations

import pytest
from helpers import assert_matches, error_of, recorded


def _api(client):
    api = client.create_rest_api(name="deployments")
    client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                      authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    return api["id"]


@pytest.mark.parametrize("with_stage_name", [True, False])
def test_create_delete_deployments(apigateway, with_stage_name):
    scenario = f"test_create_delete_deployments[{with_stage_name}]"
    api_id = _api(apigateway)
    if with_stage_name:
        deployment = apigateway.create_deployment(restApiId=api_id, stageName="s1")["id"]
    else:
        deployment = apigateway.create_deployment(restApiId=api_id)["id"]
        apigateway.create_stage(restApiId=api_id, stageName="s1", deploymentId=deployment)
    bindings: dict = {}
    assert_matches(apigateway.get_deployment(restApiId=api_id, deploymentId=deployment),
                   recorded("common", scenario, "get-deployment"), bindings=bindings)
    assert_matches(apigateway.get_stages(restApiId=api_id), recorded("common", scenario, "get-stages"),
                   bindings=bindings)
    for i in range(3):
        assert_matches(error_of(apigateway.delete_deployment, restApiId=api_id, deploymentId=deployment),
                       recorded("common", scenario, f"delete-deployment-error-{i}"))
        assert_matches(apigateway.get_deployments(restApiId=api_id),
                       recorded("common", scenario, f"get-deployments-{i}"), bindings=bindings)
        assert_matches(apigateway.get_stages(restApiId=api_id), recorded("common", scenario, f"get-stages-{i}"),
                       bindings=bindings)
        new = apigateway.create_deployment(restApiId=api_id, stageName="s1")["id"]
        apigateway.delete_deployment(restApiId=api_id, deploymentId=deployment)
        deployment = new


def test_create_update_deployments(apigateway):
    scenario = "test_create_update_deployments"
    api_id = _api(apigateway)
    first = apigateway.create_deployment(restApiId=api_id, stageName="s1")["id"]
    bindings: dict = {}
    assert_matches(apigateway.get_deployment(restApiId=api_id, deploymentId=first),
                   recorded("common", scenario, "get-deployment-1"), bindings=bindings)
    assert_matches(apigateway.get_stages(restApiId=api_id), recorded("common", scenario, "get-stages"),
                   bindings=bindings)
    assert_matches(error_of(apigateway.delete_deployment, restApiId=api_id, deploymentId=first),
                   recorded("common", scenario, "delete-deployment-error"))
    second = apigateway.create_deployment(restApiId=api_id)["id"]
    apigateway.update_stage(restApiId=api_id, stageName="s1",
                            patchOperations=[{"op": "replace", "path": "/deploymentId", "value": second}])
    assert_matches(apigateway.get_deployment(restApiId=api_id, deploymentId=first),
                   recorded("common", scenario, "get-deployment-1-after-update"), bindings=bindings)
    assert_matches(apigateway.get_deployment(restApiId=api_id, deploymentId=second),
                   recorded("common", scenario, "get-deployment-2"), bindings=bindings)
    assert_matches(apigateway.get_stages(restApiId=api_id), recorded("common", scenario, "get-stages-after-update"),
                   bindings=bindings)
    assert_matches(apigateway.delete_deployment(restApiId=api_id, deploymentId=first),
                   recorded("common", scenario, "delete-deployment-1"))
    assert_matches(error_of(apigateway.delete_deployment, restApiId=api_id, deploymentId=second),
                   recorded("common", scenario, "delete-deployment-2-error"))
