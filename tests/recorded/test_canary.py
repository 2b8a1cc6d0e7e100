"""aws-recorded test_apigateway_canary test_create_canary_deployment, every step: a stage created
with canary settings, a canary deployment for it, a second stage whose canary names that
deployment, and a canary naming a deployment that does not exist."""

from __future__ import annotations

from helpers import assert_matches, error_of, recorded

SCENARIO = "test_create_canary_deployment"


def _rec(step):
    return recorded("canary", SCENARIO, step)


def test_create_canary_deployment(apigateway):
    api = apigateway.create_rest_api(name="canary")
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    bindings: dict = {}
    first = apigateway.create_deployment(restApiId=api["id"])
    assert_matches(first, _rec("create-deployment"), bindings=bindings)
    stage = apigateway.create_stage(restApiId=api["id"], stageName="dev1", deploymentId=first["id"],
                                    description="dev stage", variables={"testVar": "default"},
                                    canarySettings={"deploymentId": first["id"], "percentTraffic": 40,
                                                    "stageVariableOverrides": {"testVar": "canary1"}})
    assert_matches(stage, _rec("create-stage"), bindings=bindings)
    canary = apigateway.create_deployment(restApiId=api["id"], stageName="dev1", canarySettings={
        "percentTraffic": 50, "stageVariableOverrides": {"testVar": "canary2"}})
    assert_matches(canary, _rec("create-canary-deployment"), bindings=bindings)
    assert_matches(apigateway.get_stage(restApiId=api["id"], stageName="dev1"), _rec("get-stage-1"),
                   bindings=bindings)
    second = apigateway.create_stage(restApiId=api["id"], stageName="dev2", deploymentId=first["id"],
                                     description="dev stage", variables={"testVar": "default"},
                                     canarySettings={"deploymentId": canary["id"], "percentTraffic": 60,
                                                     "stageVariableOverrides": {"testVar": "canary-overridden"}})
    assert_matches(second, _rec("create-stage-2"), bindings=bindings)
    error = error_of(apigateway.create_stage, restApiId=api["id"], stageName="dev3", deploymentId=first["id"],
                     canarySettings={"deploymentId": "deploy123", "percentTraffic": 60})
    assert_matches(error, _rec("bad-canary-deployment-id"))
    assert [s["stageName"] for s in apigateway.get_stages(restApiId=api["id"])["item"]] == ["dev1", "dev2"]
