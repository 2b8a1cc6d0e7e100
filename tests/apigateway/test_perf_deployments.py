"""CreateDeployment reuses the checked resources of the API's last deployment while the API's
stored resources are the same records: every change to a resource, its methods or its
integrations must still show in the next deployment, and its checks must still refuse."""

from __future__ import annotations

from helpers import api_with_mock_method, assert_error, error_of

from gwmock.apigateway import deployments


def _deployed_paths(gwmock, api_id, deployment_id):
    """The resource paths the deployment froze (its private snapshot, read from the store)."""
    for collection, items in gwmock.backend.dump()["collections"]:
        if collection[2:] == ["restapis", api_id, "deployments"]:
            record = dict(items)[deployment_id]
            return sorted(r["path"] for r in record["_snapshot"]["resources"].values())
    raise AssertionError(f"no deployment {deployment_id}")


def _summary(client, api_id, deployment_id):
    return client.get_deployment(restApiId=api_id, deploymentId=deployment_id, embed=["apisummary"])["apiSummary"]


def test_redeploying_an_unchanged_api_freezes_the_same_resources(apigateway, gwmock):
    api_id = api_with_mock_method(apigateway)
    first = apigateway.create_deployment(restApiId=api_id, stageName="dev")
    second = apigateway.create_deployment(restApiId=api_id, stageName="dev")
    assert first["id"] != second["id"]
    assert _summary(apigateway, api_id, first["id"]) == _summary(apigateway, api_id, second["id"])
    assert _deployed_paths(gwmock, api_id, second["id"]) == ["/"]


def test_a_new_resource_shows_in_the_next_deployment(apigateway, gwmock):
    api_id = api_with_mock_method(apigateway)
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    first = apigateway.create_deployment(restApiId=api_id)
    apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
    second = apigateway.create_deployment(restApiId=api_id)
    assert _deployed_paths(gwmock, api_id, first["id"]) == ["/"]
    assert _deployed_paths(gwmock, api_id, second["id"]) == ["/", "/pets"]


def test_a_method_without_integration_is_refused_after_a_good_deployment(apigateway):
    api_id = api_with_mock_method(apigateway)
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
    assert_error(error_of(apigateway.create_deployment, restApiId=api_id, stageName="dev"),
                 "BadRequestException", "No integration defined for method", 400)
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK")
    deployment = apigateway.create_deployment(restApiId=api_id, stageName="dev")
    assert set(_summary(apigateway, api_id, deployment["id"])["/"]) == {"GET", "POST"}


def test_a_deleted_integration_is_refused_after_a_good_deployment(apigateway):
    api_id = api_with_mock_method(apigateway)
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    apigateway.create_deployment(restApiId=api_id)
    apigateway.delete_integration(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert_error(error_of(apigateway.create_deployment, restApiId=api_id),
                 "BadRequestException", "No integration defined for method", 400)


def test_an_api_whose_methods_were_deleted_is_refused(apigateway):
    api_id = api_with_mock_method(apigateway)
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    apigateway.create_deployment(restApiId=api_id)
    apigateway.delete_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert_error(error_of(apigateway.create_deployment, restApiId=api_id),
                 "BadRequestException", "The REST API doesn't contain any methods", 400)
    assert len(apigateway.get_deployments(restApiId=api_id)["items"]) == 1


def test_a_changed_method_shows_in_the_next_deployment(apigateway):
    api_id = api_with_mock_method(apigateway)
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    first = apigateway.create_deployment(restApiId=api_id)
    apigateway.update_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                             patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "true"}])
    second = apigateway.create_deployment(restApiId=api_id)
    assert _summary(apigateway, api_id, first["id"])["/"]["GET"]["apiKeyRequired"] is False
    assert _summary(apigateway, api_id, second["id"])["/"]["GET"]["apiKeyRequired"] is True


def test_the_stage_serves_a_change_deployed_after_an_unchanged_redeploy(apigateway, gwmock):
    api_id = api_with_mock_method(apigateway)
    root = apigateway.get_rest_api(restApiId=api_id)["rootResourceId"]
    url = f"https://{api_id}.execute-api.{apigateway.meta.region_name}.amazonaws.com/dev"
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    assert gwmock.invoke("GET", url + "/pets").status == 403  # no such resource: missing token
    pets = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
    apigateway.put_method(restApiId=api_id, resourceId=pets["id"], httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=pets["id"], httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api_id, resourceId=pets["id"], httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=pets["id"], httpMethod="GET",
                                        statusCode="200")
    assert gwmock.invoke("GET", url + "/pets").status == 403  # not deployed yet
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    assert gwmock.invoke("GET", url + "/pets").status == 200


def test_the_memo_is_bounded(apigateway, monkeypatch):
    monkeypatch.setattr(deployments, "_DEPLOYED_MAX", 3)
    for i in range(5):
        apigateway.create_deployment(restApiId=api_with_mock_method(apigateway, f"api{i}"))
        assert len(deployments._DEPLOYED) <= 3
