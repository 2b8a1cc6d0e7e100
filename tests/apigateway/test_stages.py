"""Stages: create, get, list (by deployment), update (patch table, method settings,
access logs, canary, promotion), delete, cache flushes, tags."""

from __future__ import annotations

import pytest
from helpers import api_with_mock_method, assert_error, assert_matches, error_of, recorded


def _api(client, name="pets"):
    return api_with_mock_method(client, name)


@pytest.fixture
def deployed(apigateway):
    api_id = _api(apigateway)
    return api_id, apigateway.create_deployment(restApiId=api_id)["id"]


def _update(client, api_id, *operations, stage="s1"):
    return client.update_stage(restApiId=api_id, stageName=stage, patchOperations=list(operations))


def _replace(path, value):
    return {"op": "replace", "path": path, "value": value}


# --- create / get / list / delete ----------------------------------------------------------


def test_create_stage_defaults_match_aws(apigateway, deployed):
    api_id, deployment_id = deployed
    stage = apigateway.create_stage(
        restApiId=api_id,
        stageName="s1",
        deploymentId=deployment_id,
        description="my stage",
        documentationVersion="v123",
    )
    assert_matches(stage, recorded("common", "test_create_update_stages", "create-stage"))
    assert_matches(stage, recorded("common", "test_update_stage_remove_wildcard", "create-stage"))
    assert stage["deploymentId"] == deployment_id
    assert_matches(
        apigateway.get_stage(restApiId=api_id, stageName="s1"),
        recorded("common", "test_update_stage_remove_wildcard", "get-stage"),
    )


def test_create_stage_twice_conflicts(apigateway, deployed):
    api_id, deployment_id = deployed
    apigateway.create_stage(restApiId=api_id, stageName="s1", deploymentId=deployment_id, description="one")
    response = error_of(apigateway.create_stage, restApiId=api_id, stageName="s1", deploymentId=deployment_id)
    assert_error(response, "ConflictException", "Stage already exists", 409)
    assert apigateway.get_stage(restApiId=api_id, stageName="s1")["description"] == "one"


def test_create_stage_unknown_deployment(apigateway, deployed):
    api_id, _ = deployed
    response = error_of(apigateway.create_stage, restApiId=api_id, stageName="s1", deploymentId="nope")
    assert_error(response, "BadRequestException", "Deployment id does not exist", 400)
    assert apigateway.get_stages(restApiId=api_id)["item"] == []


def test_create_stage_unknown_api(apigateway):
    response = error_of(apigateway.create_stage, restApiId="nope", stageName="s1", deploymentId="x")
    assert_error(response, "NotFoundException", "Invalid API identifier specified 123456789012:nope", 404)


def test_create_stage_with_canary(apigateway, deployed):
    api_id, first = deployed
    scenario = "test_create_update_stages"
    second = apigateway.create_deployment(restApiId=api_id)["id"]
    stage = apigateway.create_stage(
        restApiId=api_id,
        stageName="dev",
        deploymentId=first,
        description="dev stage",
        variables={"testVar": "default"},
        canarySettings={
            "deploymentId": second,
            "percentTraffic": 50,
            "stageVariableOverrides": {"testVar": "canary"},
        },
    )
    assert_matches(stage, recorded("canary", scenario, "create-stage"))
    assert stage["canarySettings"]["deploymentId"] == second
    assert_matches(
        apigateway.get_stage(restApiId=api_id, stageName="dev"), recorded("canary", scenario, "get-stage")
    )


def test_create_stage_with_unknown_canary_deployment(apigateway, deployed):
    api_id, first = deployed
    response = error_of(
        apigateway.create_stage,
        restApiId=api_id,
        stageName="dev2",
        deploymentId=first,
        canarySettings={"deploymentId": "deploy", "percentTraffic": 60},
    )
    assert_matches(response, recorded("canary", "test_create_canary_deployment", "bad-canary-deployment-id"))
    assert apigateway.get_stages(restApiId=api_id)["item"] == []


def test_create_stage_with_tags_and_tag_operations(apigateway, deployed):
    api_id, deployment_id = deployed
    stage = apigateway.create_stage(
        restApiId=api_id, stageName="s1", deploymentId=deployment_id, tags={"a": "1"}
    )
    assert stage["tags"] == {"a": "1"}
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api_id}/stages/s1"
    apigateway.tag_resource(resourceArn=arn, tags={"b": "2"})
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    assert apigateway.get_stage(restApiId=api_id, stageName="s1")["tags"] == {"a": "1", "b": "2"}
    apigateway.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert apigateway.get_stage(restApiId=api_id, stageName="s1")["tags"] == {"b": "2"}


def test_get_stages_filters_by_deployment_id(apigateway, deployed):
    api_id, first = deployed
    scenario = "test_get_stages_filters_by_deployment_id"
    second = apigateway.create_deployment(restApiId=api_id)["id"]
    apigateway.create_stage(restApiId=api_id, stageName="stage1", deploymentId=first)
    apigateway.create_stage(restApiId=api_id, stageName="stage2", deploymentId=second)
    assert_matches(apigateway.get_stages(restApiId=api_id), recorded("api", scenario, "all-stages"))
    by_first = apigateway.get_stages(restApiId=api_id, deploymentId=first)
    assert_matches(by_first, recorded("api", scenario, "stages-deploy1"))
    assert by_first["item"][0]["deploymentId"] == first
    assert_matches(
        apigateway.get_stages(restApiId=api_id, deploymentId=second),
        recorded("api", scenario, "stages-deploy2"),
    )
    assert apigateway.get_stages(restApiId=api_id, deploymentId="other")["item"] == []


def test_get_stage_unknown(apigateway, deployed):
    api_id, _ = deployed
    response = error_of(apigateway.get_stage, restApiId=api_id, stageName="nope")
    assert_error(response, "NotFoundException", "Invalid stage identifier specified", 404)


def test_delete_stage(apigateway, deployed):
    api_id, deployment_id = deployed
    apigateway.create_stage(restApiId=api_id, stageName="s1", deploymentId=deployment_id)
    response = apigateway.delete_stage(restApiId=api_id, stageName="s1")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigateway.get_stages(restApiId=api_id)["item"] == []
    response = error_of(apigateway.delete_stage, restApiId=api_id, stageName="s1")
    assert_error(response, "NotFoundException", "Invalid stage identifier specified", 404)
    # the deployment is free again
    apigateway.delete_deployment(restApiId=api_id, deploymentId=deployment_id)


@pytest.mark.parametrize("operation", ["flush_stage_cache", "flush_stage_authorizers_cache"])
def test_flush_caches(apigateway, deployed, operation):
    api_id, deployment_id = deployed
    apigateway.create_stage(restApiId=api_id, stageName="s1", deploymentId=deployment_id)
    response = getattr(apigateway, operation)(restApiId=api_id, stageName="s1")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    response = error_of(getattr(apigateway, operation), restApiId=api_id, stageName="other")
    assert_error(response, "NotFoundException", "Invalid stage identifier specified", 404)


# --- update: fields, variables, method settings -------------------------------------------


@pytest.fixture
def stage(apigateway, deployed):
    api_id, deployment_id = deployed
    apigateway.create_stage(
        restApiId=api_id,
        stageName="s1",
        deploymentId=deployment_id,
        description="my stage",
        documentationVersion="v123",
    )
    return api_id


def test_update_stage_fields_and_method_settings(apigateway, stage):
    scenario = "test_create_update_stages"
    for path, step in (
        ("/documentation_version", "error-update-doc-version"),
        ("/tags/tag1", "error-update-tags"),
    ):
        assert_matches(
            error_of(_update, apigateway, stage, _replace(path, "x")), recorded("common", scenario, step)
        )
    updated = _update(
        apigateway,
        stage,
        _replace("/description", "stage new"),
        _replace("/variables/var1", "test"),
        _replace("/variables/var2", "test2"),
        _replace("/*/*/throttling/burstLimit", "123"),
        _replace("/*/*/caching/enabled", "true"),
        _replace("/tracingEnabled", "true"),
        _replace("/test/GET/throttling/burstLimit", "124"),
    )
    assert_matches(updated, recorded("common", scenario, "update-stage"))
    assert_matches(
        apigateway.get_stage(restApiId=stage, stageName="s1"), recorded("common", scenario, "get-stage")
    )
    override = _update(apigateway, stage, _replace("/*/*/throttling/burstLimit", "100"))
    assert_matches(override, recorded("common", scenario, "update-stage-override"))


def test_update_stage_remove_wildcard_setting(apigateway, stage):
    scenario = "test_update_stage_remove_wildcard"
    remove = {"op": "remove", "path": "/*/*"}
    assert_matches(error_of(_update, apigateway, stage, remove), recorded("common", scenario, "delete-error"))
    assert_matches(
        _update(apigateway, stage, _replace("/*/*/caching/enabled", "true")),
        recorded("common", scenario, "update-stage"),
    )
    assert_matches(_update(apigateway, stage, remove), recorded("common", scenario, "update-stage-reset"))
    assert_matches(
        apigateway.get_stage(restApiId=stage, stageName="s1"),
        recorded("common", scenario, "get-stage-after-reset"),
    )


def test_method_settings_keep_escaped_resource_paths(apigateway, stage):
    updated = _update(
        apigateway,
        stage,
        _replace("/~1pets~1{id}/GET/logging/loglevel", "INFO"),
        _replace("/~1pets~1{id}/GET/metrics/enabled", "true"),
        _replace("/~1pets~1{id}/GET/caching/ttlInSeconds", "60"),
        _replace("/~1pets~1{id}/GET/throttling/rateLimit", "12.5"),
        _replace("/~1pets~1{id}/GET/caching/unauthorizedCacheControlHeaderStrategy", "FAIL_WITH_403"),
    )
    settings = updated["methodSettings"]["~1pets~1{id}/GET"]
    assert settings["loggingLevel"] == "INFO"
    assert settings["metricsEnabled"] is True
    assert settings["cacheTtlInSeconds"] == 60
    assert settings["throttlingRateLimit"] == 12.5
    assert settings["unauthorizedCacheControlHeaderStrategy"] == "FAIL_WITH_403"
    removed = _update(apigateway, stage, {"op": "remove", "path": "/~1pets~1{id}/GET"})
    assert removed["methodSettings"] == {}


@pytest.mark.parametrize(
    "operation",
    [
        _replace("/*/*/logging/loglevel", "LOUD"),
        _replace("/*/*/caching/enabled", "maybe"),
        _replace("/*/*/throttling/burstLimit", "many"),
        _replace("/*/*/caching/bogus", "1"),
        _replace("/cacheClusterSize", "3"),
    ],
)
def test_update_stage_bad_values_change_nothing(apigateway, stage, operation):
    before = apigateway.get_stage(restApiId=stage, stageName="s1")
    response = error_of(_update, apigateway, stage, _replace("/description", "changed"), operation)
    assert_error(response, "BadRequestException", status=400)
    after = apigateway.get_stage(restApiId=stage, stageName="s1")
    assert after == {**before, "ResponseMetadata": after["ResponseMetadata"]}


def test_update_stage_variables_remove(apigateway, stage):
    _update(apigateway, stage, _replace("/variables/a", "1"), _replace("/variables/b", "2"))
    updated = _update(apigateway, stage, {"op": "remove", "path": "/variables/a"})
    assert updated["variables"] == {"b": "2"}
    updated = _update(apigateway, stage, {"op": "replace", "path": "/variables/b"})
    assert "variables" not in updated


def test_update_stage_invalid_variable_value(apigateway, stage):
    response = error_of(_update, apigateway, stage, _replace("/variables/a", "bad$value"))
    assert_error(response, "BadRequestException", status=400)
    assert "variables" not in apigateway.get_stage(restApiId=stage, stageName="s1")


def test_enabling_the_cache_defaults_its_size(apigateway, stage):
    # Enabled without a size, AWS provisions 0.5 GB (DianaIonita/serverless-api-gateway-caching #61).
    updated = _update(apigateway, stage, _replace("/cacheClusterEnabled", "true"))
    assert (updated["cacheClusterSize"], updated["cacheClusterStatus"]) == ("0.5", "AVAILABLE")


def test_a_cache_size_without_the_cache_stays_not_available(apigateway, deployed):
    # A size alone leaves the status NOT_AVAILABLE for good (hashicorp/terraform-provider-aws #22866,
    # #22841: Terraform's wait for AVAILABLE never ends).
    api_id, deployment_id = deployed
    created = apigateway.create_stage(restApiId=api_id, stageName="sized", deploymentId=deployment_id,
                                      cacheClusterSize="0.5")
    assert (created["cacheClusterEnabled"], created["cacheClusterSize"], created["cacheClusterStatus"]) == (
        False, "0.5", "NOT_AVAILABLE")
    assert apigateway.get_stage(restApiId=api_id, stageName="sized")["cacheClusterStatus"] == "NOT_AVAILABLE"


def test_update_stage_cache_cluster(apigateway, stage):
    updated = _update(
        apigateway, stage, _replace("/cacheClusterEnabled", "true"), _replace("/cacheClusterSize", "6.1")
    )
    assert (updated["cacheClusterEnabled"], updated["cacheClusterSize"], updated["cacheClusterStatus"]) == (
        True,
        "6.1",
        "AVAILABLE",
    )
    updated = _update(apigateway, stage, _replace("/cacheClusterEnabled", "false"))
    assert updated["cacheClusterStatus"] == "NOT_AVAILABLE"


def test_update_stage_deployment_must_exist(apigateway, stage):
    response = error_of(_update, apigateway, stage, _replace("/deploymentId", "nope"))
    assert_error(response, "BadRequestException", "Deployment id does not exist", 400)


def test_update_unknown_stage(apigateway, stage):
    response = error_of(_update, apigateway, stage, _replace("/description", "x"), stage="nope")
    assert_error(response, "NotFoundException", "Invalid stage identifier specified", 404)


# --- update: access logs --------------------------------------------------------------------


@pytest.fixture
def dev_stage(apigateway, deployed):
    api_id, deployment_id = deployed
    stage = apigateway.create_stage(
        restApiId=api_id, stageName="dev", deploymentId=deployment_id, description="dev stage"
    )
    assert_matches(stage, recorded("api", "test_stage_access_log_settings", "create-stage"))
    return api_id


LOG_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:api-logs"


def _arn_suffix(step):
    """The recording writes the changed ARN as ``<log-group-arn>a``: make it a placeholder."""
    logs = {
        k: ("<log-group-arn:2>" if v == "<log-group-arn>a" else v)
        for k, v in step["accessLogSettings"].items()
    }
    return {**step, "accessLogSettings": logs}


def test_access_log_settings(apigateway, dev_stage):
    scenario = "test_stage_access_log_settings"
    add = _update(
        apigateway,
        dev_stage,
        {"op": "add", "path": "/accessLogSettings/destinationArn", "value": LOG_ARN},
        stage="dev",
    )
    assert_matches(add, recorded("api", scenario, "update-stage-access-log-dest-add"))
    replace = _update(
        apigateway, dev_stage, _replace("/accessLogSettings/destinationArn", LOG_ARN + "a"), stage="dev"
    )
    assert_matches(replace, _arn_suffix(recorded("api", scenario, "update-stage-access-log-dest-replace")))
    assert replace["accessLogSettings"] == {"destinationArn": LOG_ARN + "a"}
    fmt = _update(
        apigateway,
        dev_stage,
        {
            "op": "add",
            "path": "/accessLogSettings/format",
            "value": "$context.requestId $context.identity.sourceIp",
        },
        stage="dev",
    )
    assert_matches(fmt, _arn_suffix(recorded("api", scenario, "update-stage-access-log-format-add")))
    assert fmt["accessLogSettings"] == {
        "destinationArn": LOG_ARN + "a",
        "format": "$context.requestId $context.identity.sourceIp",
    }
    removed = _update(apigateway, dev_stage, {"op": "remove", "path": "/accessLogSettings"}, stage="dev")
    assert_matches(removed, recorded("api", scenario, "update-stage-access-log-remove-all"))


@pytest.mark.parametrize(
    ("op", "path", "value", "step"),
    [
        ("add", "/accessLogSettings/randomValue", "x", "invalid-path-add"),
        ("remove", "/accessLogSettings/randomValue", None, "invalid-path-remove"),
        ("replace", "/accessLogSettings/randomValue", "x", "invalid-path-replace"),
        ("add", "/accessLogSettings/*", "x", "star-and-add"),
        ("remove", "/accessLogSettings/*", None, "star-and-remove"),
        ("replace", "/accessLogSettings/*", "x", "star-and-replace"),
        ("add", "/accessLogSettings", "x", "root-and-add"),
        ("replace", "/accessLogSettings", "x", "root-and-replace"),
        ("replace", "/accessLogSettings/destinationArn", "", "update-stage-access-log-destinationArn-empty"),
        ("replace", "/accessLogSettings/format", "", "update-stage-access-log-format-empty"),
        ("remove", "/accessLogSettings/destinationArn", None, "update-stage-access-log-dest-remove"),
    ],
)
def test_access_log_settings_validation(apigateway, dev_stage, op, path, value, step):
    operation = {"op": op, "path": path} if value is None else {"op": op, "path": path, "value": value}
    response = error_of(_update, apigateway, dev_stage, operation, stage="dev")
    assert_matches(response, recorded("api", "test_stage_access_log_settings_validation", step))
    assert "accessLogSettings" not in apigateway.get_stage(restApiId=dev_stage, stageName="dev")


# --- update: canary and promotion -------------------------------------------------------------


def test_update_canary_overrides_and_remove(apigateway, deployed):
    api_id, first = deployed
    scenario = "test_create_update_stages"
    second = apigateway.create_deployment(restApiId=api_id)["id"]
    apigateway.create_stage(
        restApiId=api_id,
        stageName="dev",
        deploymentId=first,
        description="dev stage",
        variables={"testVar": "default"},
        canarySettings={
            "deploymentId": second,
            "percentTraffic": 50,
            "stageVariableOverrides": {"testVar": "canary"},
        },
    )
    updated = _update(
        apigateway, api_id, _replace("/canarySettings/stageVariableOverrides/testVar", "updated"), stage="dev"
    )
    assert_matches(updated, recorded("canary", scenario, "update-stage-canary-settings-overrides"))
    removed = _update(apigateway, api_id, {"op": "remove", "path": "/canarySettings"}, stage="dev")
    assert_matches(removed, recorded("canary", scenario, "update-stage-remove-canary-settings"))
    assert_matches(
        apigateway.get_stage(restApiId=api_id, stageName="dev"),
        recorded("canary", scenario, "get-stage-after-remove"),
    )


def test_canary_by_stage_update(apigateway, deployed):
    api_id, first = deployed
    scenario = "test_create_canary_deployment_by_stage_update"
    second = apigateway.create_deployment(restApiId=api_id)["id"]
    stage = apigateway.create_stage(
        restApiId=api_id,
        stageName="dev",
        deploymentId=first,
        description="dev stage",
        variables={"testVar": "default"},
    )
    assert_matches(stage, recorded("canary", scenario, "create-stage"))
    updated = _update(apigateway, api_id, _replace("/canarySettings/deploymentId", second), stage="dev")
    assert_matches(updated, recorded("canary", scenario, "update-stage-with-deployment"))
    assert updated["canarySettings"]["deploymentId"] == second
    removed = _update(apigateway, api_id, {"op": "remove", "path": "/canarySettings"}, stage="dev")
    assert_matches(removed, recorded("canary", scenario, "remove-stage-canary"))
    percent = _update(apigateway, api_id, _replace("/canarySettings/percentTraffic", "50"), stage="dev")
    assert_matches(percent, recorded("canary", scenario, "update-stage-with-percent"))
    assert percent["canarySettings"]["deploymentId"] == first
    assert_matches(
        apigateway.get_stage(restApiId=api_id, stageName="dev"), recorded("canary", scenario, "get-stage")
    )


def test_update_canary_validation(apigateway, deployed):
    api_id, first = deployed
    scenario = "test_update_stage_canary_deployment_validation"
    apigateway.create_stage(restApiId=api_id, stageName="dev", deploymentId=first)
    assert_matches(
        apigateway.get_stage(restApiId=api_id, stageName="dev"), recorded("canary", scenario, "get-stage")
    )
    cases = [
        (
            {"op": "remove", "path": "/canarySettings/stageVariableOverrides"},
            "update-stage-canary-settings-remove-overrides",
        ),
        ({"op": "remove", "path": "/canarySettings/badPath"}, "update-stage-canary-settings-bad-path"),
        (_replace("/canarySettings", "x"), "update-stage-canary-settings-bad-path-2"),
        (_replace("/canarySettings/badPath", "badPath"), "update-stage-canary-settings-replace-bad-path"),
        (
            {"op": "add", "path": "/canarySettings/deploymentId", "value": "deploy"},
            "update-stage-add-deployment",
        ),
        (_replace("/canarySettings/deploymentId", "deploy"), "update-stage-no-deployment"),
    ]
    for operation, step in cases:
        assert_matches(
            error_of(_update, apigateway, api_id, operation, stage="dev"), recorded("canary", scenario, step)
        )
    assert "canarySettings" not in apigateway.get_stage(restApiId=api_id, stageName="dev")


def test_promote_canary_with_copy(apigateway):
    api_id = _api(apigateway)
    scenario = "test_update_stage_with_copy_ops"
    first = apigateway.create_deployment(
        restApiId=api_id, stageName="dev", variables={"testVar": "test", "testVar2": "test2"}
    )
    assert_matches(first, recorded("canary", scenario, "deployment-1"))
    bad = {"op": "copy", "path": "/canarySettings/stageVariableOverrides", "from": "/variables"}
    assert_matches(
        error_of(_update, apigateway, api_id, bad, stage="dev"),
        recorded("canary", scenario, "copy-with-bad-statement"),
    )
    copies = [
        {"op": "copy", "path": "/deploymentId", "from": "/canarySettings/deploymentId"},
        {"op": "copy", "path": "/variables", "from": "/canarySettings/stageVariableOverrides"},
    ]
    assert_matches(
        error_of(_update, apigateway, api_id, *copies, stage="dev"),
        recorded("canary", scenario, "copy-with-no-replace"),
    )
    promoted = _update(
        apigateway, api_id, *copies, _replace("/canarySettings/percentTraffic", "0"), stage="dev"
    )
    assert_matches(promoted, recorded("canary", scenario, "update-stage-with-copy"))
    canary = apigateway.create_deployment(
        restApiId=api_id,
        stageName="dev",
        canarySettings={"percentTraffic": 50, "stageVariableOverrides": {"testVar": "override"}},
    )
    assert_matches(canary, recorded("canary", scenario, "deployment-canary"))
    assert_matches(
        apigateway.get_stage(restApiId=api_id, stageName="dev"), recorded("canary", scenario, "get-stage")
    )
    promoted = _update(
        apigateway, api_id, *copies, _replace("/canarySettings/percentTraffic", "0"), stage="dev"
    )
    assert_matches(promoted, recorded("canary", scenario, "update-stage-with-copy-2"))
    assert promoted["deploymentId"] == canary["id"]
    assert promoted["variables"] == {"testVar": "override", "testVar2": "test2"}


def test_canary_percent_out_of_range(apigateway, stage):
    response = error_of(_update, apigateway, stage, _replace("/canarySettings/percentTraffic", "101"))
    assert_error(response, "BadRequestException", status=400)
    assert "canarySettings" not in apigateway.get_stage(restApiId=stage, stageName="s1")


def test_delete_stage_refused_while_a_base_path_mapping_names_it(apigateway, deployed):
    """Found by tests/core/test_stateful_v1.py: the stage went and left its mapping dangling."""
    api_id, deployment_id = deployed
    apigateway.create_stage(restApiId=api_id, stageName="s1", deploymentId=deployment_id)
    apigateway.create_stage(restApiId=api_id, stageName="s2", deploymentId=deployment_id)
    apigateway.create_domain_name(domainName="pets.example.com")
    apigateway.create_base_path_mapping(domainName="pets.example.com", basePath="v1", restApiId=api_id, stage="s1")
    response = error_of(apigateway.delete_stage, restApiId=api_id, stageName="s1")
    assert_error(response, "BadRequestException", "Deleting stage s1 failed. Please remove all base path mappings "
                 "related to the stage in your domains: pets.example.com", 400)
    assert apigateway.get_stage(restApiId=api_id, stageName="s1")["deploymentId"] == deployment_id
    apigateway.delete_stage(restApiId=api_id, stageName="s2")  # another stage of the API is free to go
    apigateway.delete_base_path_mapping(domainName="pets.example.com", basePath="v1")
    apigateway.delete_stage(restApiId=api_id, stageName="s1")
    assert apigateway.get_stages(restApiId=api_id)["item"] == []
