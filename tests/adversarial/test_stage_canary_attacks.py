"""Red-team attacks on REST API stages, canary settings, stage variables and deployments (control
plane: CreateStage, UpdateStage, GetStages, CreateDeployment, DeleteDeployment, tags on stages).

Every refusal is asserted with AWS's error code, status and wording and with the stage as it was
(GetStage before and after); the next call is still served. Defects these attacks found (the test
named first failed before the fix):

* UpdateStage took any canary override: ``replace /canarySettings/stageVariableOverrides/b`` with
  ``$x`` (or a name ``é``) was stored, though CreateStage and CreateDeployment refuse both;
* a stage name, stage variable name or value ending in a line break passed the checks (Python's
  ``$`` matches before a final ``\\n``): CreateStage made a stage ``dev\\n``;
* stage variables had no size limits: 101 variables, 65-character names and 2,049-character values
  were stored (AWS's quotas: 100 per stage, names of 64, values of 2,048 characters), nor did a
  CreateDeployment merging new variables into a stage's count them;
* a null variable value (``{"a": null}`` on the wire) was worded ``Invalid stage variable value:
  None.``: AWS says ``null``;
* the promotion followed by ``remove /canarySettings`` in one request (copy, copy, remove) was
  refused with "Promotion not available. Canary does not exist." while the stage had a canary:
  copies all ran after every other operation; now a copy promotes the canary the operations
  before it left, and only a copy met before any canary exists waits for the end of the request;
* CreateStage's ``percentTraffic: -0.0`` was stored and answered as ``-0.0``;
* a copy without ``from`` was worded "... and from None." (AWS's Java says ``null``);
* every stage write walked all the API's stages to apply ``disableExecuteApiEndpoint``: creating
  1,000 stages was quadratic (~7 s in strict mode, now ~0.4 s); one other stage now tells;
* UpdateStage listed (and deep-copied) every deployment of the API on each call to check a
  ``/deploymentId``: now only the named one is looked up.
"""

from __future__ import annotations

import contextlib
import json
import string
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from helpers import api_with_mock_method, assert_error, error_of, strip_metadata
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BAD_VALUE = ("  Please use values with alphanumeric characters and the symbols ' ', -', '.', '_', ':', '/', "
             "'?', '&', '=', and ','.")
NO_DEPLOYMENT = "Deployment id does not exist"
STAGE_NAME = "Stage name only allows a-zA-Z0-9_"
IN_USE = "Active stages pointing to this deployment must be moved or deleted"
NO_CANARY = "Promotion not available. Canary does not exist."
CANARY_RANGE = "Canary traffic percentage must be between 0.0 and 100.0"


@pytest.fixture
def api(apigateway) -> dict[str, str]:
    """An API with two deployments and a stage ``s`` on the first, with one variable; its root GET
    answers 200 ``{}``."""
    api_id = _servable(apigateway)
    first = apigateway.create_deployment(restApiId=api_id, description="first")["id"]
    second = apigateway.create_deployment(restApiId=api_id, description="second")["id"]
    apigateway.create_stage(restApiId=api_id, stageName="s", deploymentId=first, variables={"a": "1"})
    return {"id": api_id, "first": first, "second": second}


def _stage(client, api, name="s") -> dict[str, Any]:
    return strip_metadata(client.get_stage(restApiId=api["id"], stageName=name))


def _update(client, api, *operations, stage="s"):
    return client.update_stage(restApiId=api["id"], stageName=stage, patchOperations=list(operations))


def _replace(path: str, value: str) -> dict[str, str]:
    return {"op": "replace", "path": path, "value": value}


def _refused(client, api, code: str, message: str | None, *operations, stage="s", status=400) -> None:
    """The update is refused with AWS's error and the stage is left as it was."""
    before = _stage(client, api, stage)
    assert_error(error_of(_update, client, api, *operations, stage=stage), code, message, status)
    assert _stage(client, api, stage) == before


@contextlib.contextmanager
def _body(client, operation: str, body: str) -> Iterator[None]:
    """Send ``body`` as written (JSON botocore would never write) for ``operation``'s calls."""
    def rewrite(request: Any, **_: Any) -> None:
        request.data = body.encode()
        request.headers["Content-Length"] = str(len(request.data))

    event = f"request-created.apigateway.{operation}"
    client.meta.events.register_first(event, rewrite, unique_id="stage-canary-raw")
    try:
        yield
    finally:
        client.meta.events.unregister(event, unique_id="stage-canary-raw")


def _stage_names(client, api) -> list[str]:
    return [s["stageName"] for s in client.get_stages(restApiId=api["id"])["item"]]


def _servable(client, template: str = "{}") -> str:
    """A new API whose root GET (MOCK) answers 200 with ``template``."""
    api_id = api_with_mock_method(client)
    root = next(r["id"] for r in client.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
    client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": template})
    return api_id


# --- defects -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "message"), [
    ("/canarySettings/stageVariableOverrides/b", "Invalid stage variable value: $x." + BAD_VALUE),
    ("/canarySettings/stageVariableOverrides/é", "Invalid stage variable name: é.  Please use names with only "
                                                 "word characters."),
])
def test_update_stage_checks_canary_overrides_as_create_stage_does(apigateway, api, path, message):
    # Before: both were stored (and reached mapping templates as $stageVariables).
    _refused(apigateway, api, "BadRequestException", message, _replace(path, "$x" if path.endswith("/b") else "x"))
    assert "canarySettings" not in _stage(apigateway, api)


def test_update_stage_checks_overrides_of_an_existing_canary(apigateway, api):
    _update(apigateway, api, _replace("/canarySettings/stageVariableOverrides/b", "ok"))
    _refused(apigateway, api, "BadRequestException", "Invalid stage variable value: {x}." + BAD_VALUE,
             _replace("/canarySettings/stageVariableOverrides/b", "{x}"))
    assert _stage(apigateway, api)["canarySettings"]["stageVariableOverrides"] == {"b": "ok"}


@pytest.mark.parametrize("name", ["dev\n", "a" * 127 + "\n"])
def test_a_stage_name_ending_in_a_line_break_is_refused(apigateway, api, name):
    # Before: ``$`` matched before the final line break and a stage "dev\n" was made.
    response = error_of(apigateway.create_stage, restApiId=api["id"], stageName=name, deploymentId=api["first"])
    assert_error(response, "BadRequestException", STAGE_NAME, 400)
    response = error_of(apigateway.create_deployment, restApiId=api["id"], stageName=name)
    assert_error(response, "BadRequestException", STAGE_NAME, 400)
    assert _stage_names(apigateway, api) == ["s"]
    assert len(apigateway.get_deployments(restApiId=api["id"])["items"]) == 2


@pytest.mark.parametrize(("variables", "message"), [
    ({"a\n": "x"}, "Invalid stage variable name: a\n.  Please use names with only word characters."),
    ({"a": "x\n"}, "Invalid stage variable value: x\n." + BAD_VALUE),
])
def test_stage_variables_ending_in_a_line_break_are_refused(apigateway, api, variables, message):
    response = error_of(apigateway.create_stage, restApiId=api["id"], stageName="v", deploymentId=api["first"],
                        variables=variables)
    assert_error(response, "BadRequestException", message, 400)
    (name, value), = variables.items()
    _refused(apigateway, api, "BadRequestException", message, _replace(f"/variables/{name}", value))
    assert _stage_names(apigateway, api) == ["s"]


def test_stage_variables_at_aws_quotas_are_kept(apigateway, api):
    variables = {f"v{i}": "x" for i in range(99)} | {"n" * 64: "y" * 2048}
    stage = apigateway.create_stage(restApiId=api["id"], stageName="full", deploymentId=api["first"],
                                    variables=variables)
    assert stage["variables"] == variables
    assert _stage(apigateway, api, "full")["variables"] == variables


@pytest.mark.parametrize(("variables", "message"), [
    ({f"v{i}": "x" for i in range(101)}, "Too many stage variables: a stage can have at most 100 stage variables"),
    ({"n" * 65: "x"}, "Invalid stage variable name: " + "n" * 65 + ".  Names can be at most 64 characters long."),
    ({"a": "y" * 2049}, "Invalid stage variable value for a: values can be at most 2048 characters long."),
], ids=["101 variables", "65-character name", "2049-character value"])
def test_stage_variables_past_aws_quotas_are_refused(apigateway, api, variables, message):
    # Before: all three were stored (wording: a guess, AWS's is not recorded).
    response = error_of(apigateway.create_stage, restApiId=api["id"], stageName="v", deploymentId=api["first"],
                        variables=variables)
    assert_error(response, "BadRequestException", message, 400)
    response = error_of(apigateway.create_stage, restApiId=api["id"], stageName="v", deploymentId=api["first"],
                        canarySettings={"stageVariableOverrides": variables})
    assert_error(response, "BadRequestException", message, 400)
    response = error_of(apigateway.create_deployment, restApiId=api["id"], stageName="s", variables=variables)
    assert_error(response, "BadRequestException", message, 400)
    assert _stage_names(apigateway, api) == ["s"]
    assert len(apigateway.get_deployments(restApiId=api["id"])["items"]) == 2


def test_variable_quota_counts_the_variables_a_stage_already_has(apigateway, api):
    apigateway.update_stage(restApiId=api["id"], stageName="s", patchOperations=[
        _replace(f"/variables/v{i}", "x") for i in range(98)])
    assert len(_stage(apigateway, api)["variables"]) == 99
    _update(apigateway, api, _replace("/variables/last", "x"))
    _refused(apigateway, api, "BadRequestException",
             "Too many stage variables: a stage can have at most 100 stage variables",
             _replace("/variables/one_more", "x"))
    # a redeployment merging new variables into the stage's counts them too
    before = _stage(apigateway, api)
    response = error_of(apigateway.create_deployment, restApiId=api["id"], stageName="s", variables={"new": "x"})
    assert_error(response, "BadRequestException",
                 "Too many stage variables: a stage can have at most 100 stage variables", 400)
    assert _stage(apigateway, api) == before
    assert len(apigateway.get_deployments(restApiId=api["id"])["items"]) == 2


def test_a_null_variable_value_is_worded_as_aws_words_it(apigateway, api):
    # Before: "Invalid stage variable value: None." (Python's word for it).
    message = "Invalid stage variable value: null." + BAD_VALUE
    body = json.dumps({"stageName": "s2", "deploymentId": api["first"], "variables": {"a": None}})
    with _body(apigateway, "CreateStage", body):
        response = error_of(apigateway.create_stage, restApiId=api["id"], stageName="s2", deploymentId=api["first"])
    assert_error(response, "BadRequestException", message, 400)
    with _body(apigateway, "CreateDeployment", '{"stageName":"s2","variables":{"a":null}}'):
        response = error_of(apigateway.create_deployment, restApiId=api["id"], stageName="s2")
    assert_error(response, "BadRequestException", message, 400)
    assert _stage_names(apigateway, api) == ["s"]
    assert len(apigateway.get_deployments(restApiId=api["id"])["items"]) == 2


PROMOTE = [{"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
           {"op": "copy", "from": "/canarySettings/stageVariableOverrides", "path": "/variables"}]
REMOVE_CANARY = {"op": "remove", "path": "/canarySettings"}


def _with_canary(client, api) -> None:
    _update(client, api, _replace("/canarySettings/deploymentId", api["second"]),
            _replace("/canarySettings/percentTraffic", "10"),
            _replace("/canarySettings/stageVariableOverrides/a", "canary"),
            _replace("/canarySettings/stageVariableOverrides/new", "n"))


@pytest.mark.parametrize("operations", [
    PROMOTE + [REMOVE_CANARY], PROMOTE[::-1] + [REMOVE_CANARY], PROMOTE + [REMOVE_CANARY, REMOVE_CANARY],
], ids=["copies then remove", "copies reversed then remove", "copies then remove twice"])
def test_promote_then_remove_the_canary_in_one_request(apigateway, api, operations):
    # Before: "Promotion not available. Canary does not exist." (copies ran after the removal).
    _with_canary(apigateway, api)
    stage = _update(apigateway, api, *operations)
    assert stage["deploymentId"] == api["second"]
    assert stage["variables"] == {"a": "canary", "new": "n"}
    assert "canarySettings" not in stage
    assert strip_metadata(stage) == _stage(apigateway, api)
    # the first deployment is free again; the promoted one is the stage's
    apigateway.delete_deployment(restApiId=api["id"], deploymentId=api["first"])
    assert_error(error_of(apigateway.delete_deployment, restApiId=api["id"], deploymentId=api["second"]),
                 "BadRequestException", IN_USE, 400)


@pytest.mark.parametrize("operations", [
    [REMOVE_CANARY] + PROMOTE, [REMOVE_CANARY, PROMOTE[0]], [PROMOTE[1], REMOVE_CANARY, PROMOTE[0]],
], ids=["remove then copies", "remove then copy", "copy, remove, copy"])
def test_a_copy_after_the_canary_is_removed_is_refused(apigateway, api, operations):
    _with_canary(apigateway, api)
    _refused(apigateway, api, "BadRequestException", NO_CANARY, *operations)
    assert _stage(apigateway, api)["canarySettings"]["deploymentId"] == api["second"]


def test_a_copy_reads_the_canary_as_the_operations_before_it_left_it(apigateway, api):
    _with_canary(apigateway, api)
    third = apigateway.create_deployment(restApiId=api["id"])["id"]
    # JSON Patch's order: promote the second deployment, then aim the canary at a third
    stage = _update(apigateway, api, PROMOTE[0], _replace("/canarySettings/deploymentId", third))
    assert (stage["deploymentId"], stage["canarySettings"]["deploymentId"]) == (api["second"], third)
    # and the other way round
    stage = _update(apigateway, api, _replace("/canarySettings/deploymentId", api["first"]), PROMOTE[0])
    assert (stage["deploymentId"], stage["canarySettings"]["deploymentId"]) == (api["first"], api["first"])


def test_the_documented_promotion_still_works_in_any_order(apigateway, api):
    zero = _replace("/canarySettings/percentTraffic", "0.0")
    for operations in ([zero, *PROMOTE], [*PROMOTE, zero], [PROMOTE[0], zero, PROMOTE[1]]):
        _update(apigateway, api, _replace("/deploymentId", api["first"]), _replace("/variables/a", "1"),
                _replace("/variables/new", "old"))
        _with_canary(apigateway, api)
        stage = _update(apigateway, api, *operations)
        assert stage["deploymentId"] == api["second"]
        assert stage["variables"] == {"a": "canary", "new": "n"}
        assert stage["canarySettings"] == {"deploymentId": api["second"], "percentTraffic": 0.0,
                                           "stageVariableOverrides": {"a": "canary", "new": "n"},
                                           "useStageCache": False}


def test_negative_zero_percent_is_zero(apigateway, api):
    stage = apigateway.create_stage(restApiId=api["id"], stageName="z", deploymentId=api["first"],
                                    canarySettings={"percentTraffic": -0.0})
    assert json.dumps(stage["canarySettings"]["percentTraffic"]) == "0.0"
    stage = _update(apigateway, api, _replace("/canarySettings/percentTraffic", "-0"), stage="z")
    assert json.dumps(stage["canarySettings"]["percentTraffic"]) == "0.0"


# --- stage names and variables at and past AWS's rules ------------------------------------------


@pytest.mark.parametrize("name", ["", "a" * 129, "é", "..", "$default", "{x}", "a.b", "a b", "a/b", "%2e%2e",
                                  "\u0661", "a\x00"])
def test_stage_names_past_aws_rules_are_refused(apigateway, api, name):
    response = error_of(apigateway.create_stage, restApiId=api["id"], stageName=name, deploymentId=api["first"])
    assert_error(response, "BadRequestException", STAGE_NAME, 400)
    assert _stage_names(apigateway, api) == ["s"]


@pytest.mark.parametrize("name", ["a" * 128, "a-b", "_", "0"])
def test_stage_names_within_aws_rules_are_kept(apigateway, api, name):
    stage = apigateway.create_stage(restApiId=api["id"], stageName=name, deploymentId=api["first"])
    assert stage["stageName"] == name
    assert _stage(apigateway, api, name)["stageName"] == name


@pytest.mark.parametrize(("name", "value", "wrong"), [
    ("", "x", "name"), ("a$", "x", "name"), ("é", "x", "name"), ("a-b", "x", "name"), ("a.b", "x", "name"),
    ("a", "", "value"), ("a", "é", "value"), ("a", "{x}", "value"), ("a", "$x", "value"),
    ("a", "a\nb", "value"), ("a", "${stageVariables.a}", "value"), ("a", "x\ty", "value"),
])
def test_hostile_stage_variables_are_refused_everywhere(apigateway, api, name, value, wrong):
    message = (f"Invalid stage variable name: {name}.  Please use names with only word characters."
               if wrong == "name" else f"Invalid stage variable value: {value}." + BAD_VALUE)
    response = error_of(apigateway.create_stage, restApiId=api["id"], stageName="v", deploymentId=api["first"],
                        variables={name: value})
    assert_error(response, "BadRequestException", message, 400)
    response = error_of(apigateway.create_deployment, restApiId=api["id"], stageName="s", variables={name: value})
    assert_error(response, "BadRequestException", message, 400)
    if name:  # an empty name is an empty path segment: the same refusal
        _refused(apigateway, api, "BadRequestException", message, _replace(f"/variables/{name}", value))
        _refused(apigateway, api, "BadRequestException", message,
                 _replace(f"/canarySettings/stageVariableOverrides/{name}", value))
    assert _stage_names(apigateway, api) == ["s"]
    assert len(apigateway.get_deployments(restApiId=api["id"])["items"]) == 2


def test_documented_variable_characters_are_kept(apigateway, api):
    value = "AZaz09-._~:/?#&=, x"
    stage = _update(apigateway, api, _replace("/variables/Name_0", value))
    assert stage["variables"] == {"a": "1", "Name_0": value}


@FUZZ
@given(name=st.text(max_size=70), value=st.text(max_size=40))
def test_fuzzed_stage_variables_are_kept_exactly_or_refused(apigateway, api, name, value):
    before = _stage(apigateway, api)
    try:
        stage = _update(apigateway, api, _replace(f"/variables/{name.replace('~', '~0').replace('/', '~1')}", value))
    except ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert _stage(apigateway, api) == before
        return
    assert stage["variables"][name] == value
    allowed = set(string.ascii_letters + string.digits + "-._~:/?#&=, ")
    assert name and set(name) <= set(string.ascii_letters + string.digits + "_") and len(name) <= 64
    assert value and set(value) <= allowed
    _update(apigateway, api, {"op": "remove", "path": f"/variables/{name}"})


# --- canary settings ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["-1", "100.0001", "NaN", "Infinity", "-Infinity", "1e400", "abc", "", " 5",
                                   "0x10", "1_0", "\u0665", "50%"])
def test_bad_percent_traffic_patches_are_refused(apigateway, api, value):
    message = (CANARY_RANGE if value in ("-1", "100.0001")
               else f"Invalid value for /canarySettings/percentTraffic: expected a number, got {value}")
    _refused(apigateway, api, "BadRequestException", message, _replace("/canarySettings/percentTraffic", value))
    assert "canarySettings" not in _stage(apigateway, api)


@pytest.mark.parametrize("value", ["0", "100", "100.0", "1e2", "0.0001", "5E-1"])
def test_percent_traffic_within_range_is_kept(apigateway, api, value):
    stage = _update(apigateway, api, _replace("/canarySettings/percentTraffic", value))
    assert stage["canarySettings"] == {"deploymentId": api["first"], "percentTraffic": float(value),
                                       "useStageCache": False}


@pytest.mark.parametrize(("number", "code", "message"), [
    ("1e400", "BadRequestException", CANARY_RANGE),
    ("-1e400", "BadRequestException", CANARY_RANGE),
    ("-1", "BadRequestException", CANARY_RANGE),
    ("100.0001", "BadRequestException", CANARY_RANGE),
    ('"50"', "SerializationException",
     "Unable to parse '50' at 'createStageInput.canarySettings.percentTraffic' as a number"),
    ("true", "SerializationException",
     "Unable to parse True at 'createStageInput.canarySettings.percentTraffic' as a number"),
    ("NaN", "SerializationException", None),
])
def test_percent_traffic_through_the_wire(apigateway, api, number, code, message):
    body = f'{{"stageName":"w","deploymentId":"{api["first"]}","canarySettings":{{"percentTraffic":{number}}}}}'
    with _body(apigateway, "CreateStage", body):
        response = error_of(apigateway.create_stage, restApiId=api["id"], stageName="w", deploymentId=api["first"])
    assert_error(response, code, message, 400)
    assert _stage_names(apigateway, api) == ["s"]
    with _body(apigateway, "CreateDeployment", f'{{"stageName":"s","canarySettings":{{"percentTraffic":{number}}}}}'):
        response = error_of(apigateway.create_deployment, restApiId=api["id"], stageName="s")
    assert response["Error"]["Code"] == code
    assert "canarySettings" not in _stage(apigateway, api)
    assert len(apigateway.get_deployments(restApiId=api["id"])["items"]) == 2


def test_canary_deployment_of_another_api_or_deleted_is_refused(apigateway, api):
    other = api_with_mock_method(apigateway, "other")
    foreign = apigateway.create_deployment(restApiId=other)["id"]
    gone = apigateway.create_deployment(restApiId=api["id"])["id"]
    apigateway.delete_deployment(restApiId=api["id"], deploymentId=gone)
    for deployment in (foreign, gone, "", "../" + api["first"], api["first"].upper()):
        _refused(apigateway, api, "BadRequestException", NO_DEPLOYMENT,
                 _replace("/canarySettings/deploymentId", deployment))
        _refused(apigateway, api, "BadRequestException", NO_DEPLOYMENT, _replace("/deploymentId", deployment))
        if deployment:
            response = error_of(apigateway.create_stage, restApiId=api["id"], stageName="c",
                                deploymentId=api["first"], canarySettings={"deploymentId": deployment})
            assert_error(response, "BadRequestException", NO_DEPLOYMENT, 400)
    assert _stage_names(apigateway, api) == ["s"]


def test_overrides_of_variables_the_stage_lacks_reach_only_the_canary(apigateway, gwmock):
    # AWS keeps them (aws-recorded test_invoking_canary_deployment: "noStageVar")
    api_id = _servable(apigateway, '{"v": "$stageVariables.only", "c": "$context.isCanaryRequest"}')
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    apigateway.create_deployment(restApiId=api_id, stageName="dev",
                                 canarySettings={"percentTraffic": 100, "stageVariableOverrides": {"only": "c"}})
    assert "variables" not in _stage(apigateway, {"id": api_id}, "dev")
    url = f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev/"
    assert json.loads(gwmock.invoke("GET", url).body) == {"v": "c", "c": "true"}
    _update(apigateway, {"id": api_id}, _replace("/canarySettings/percentTraffic", "0"), stage="dev")
    assert json.loads(gwmock.invoke("GET", url).body) == {"v": "", "c": "false"}




# --- deployments -------------------------------------------------------------------------------


def test_delete_deployment_used_by_a_stage_or_a_canary_is_refused(apigateway, api):
    _with_canary(apigateway, api)
    for deployment in (api["first"], api["second"]):
        response = error_of(apigateway.delete_deployment, restApiId=api["id"], deploymentId=deployment)
        assert_error(response, "BadRequestException", IN_USE, 400)
    assert len(apigateway.get_deployments(restApiId=api["id"])["items"]) == 2
    _update(apigateway, api, REMOVE_CANARY)
    apigateway.delete_deployment(restApiId=api["id"], deploymentId=api["second"])
    response = error_of(apigateway.delete_deployment, restApiId=api["id"], deploymentId=api["second"])
    assert_error(response, "NotFoundException", status=404)


def test_create_deployment_on_an_existing_stage_moves_it_and_applies_its_fields(apigateway, api):
    deployment = apigateway.create_deployment(restApiId=api["id"], stageName="s", description="third",
                                              stageDescription="moved", variables={"b": "2"})
    assert deployment["description"] == "third"
    stage = _stage(apigateway, api)
    assert (stage["deploymentId"], stage["description"], stage["variables"]) == (
        deployment["id"], "moved", {"a": "1", "b": "2"})
    apigateway.delete_deployment(restApiId=api["id"], deploymentId=api["first"])  # no longer used


def test_update_deployment_refuses_every_path_but_description(apigateway, api):
    for operation in ({"op": "replace", "path": "/id", "value": "x"},
                      {"op": "add", "path": "/description", "value": "x"},
                      {"op": "remove", "path": "/description"},
                      {"op": "replace", "path": "/_snapshot", "value": "x"},
                      {"op": "copy", "path": "/description", "from": "/id"}):
        before = apigateway.get_deployment(restApiId=api["id"], deploymentId=api["first"])
        response = error_of(apigateway.update_deployment, restApiId=api["id"], deploymentId=api["first"],
                            patchOperations=[operation])
        assert_error(response, "BadRequestException", status=400)
        assert strip_metadata(apigateway.get_deployment(restApiId=api["id"], deploymentId=api["first"])) == \
            strip_metadata(before)


def test_a_new_stage_applies_a_disabled_default_endpoint_to_every_stage(apigateway, gwmock, api):
    # put_stage now looks at one other stage instead of walking them all: the setting still reaches all
    apigateway.create_stage(restApiId=api["id"], stageName="beta", deploymentId=api["first"])
    apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "true"}])
    host = f"https://{api['id']}.execute-api.us-east-1.amazonaws.com"
    assert [gwmock.invoke("GET", f"{host}/{s}/").status for s in ("s", "beta")] == [200, 200]
    apigateway.create_stage(restApiId=api["id"], stageName="gamma", deploymentId=api["first"])
    assert [gwmock.invoke("GET", f"{host}/{s}/").status for s in ("s", "beta", "gamma")] == [403] * 3
    apigateway.create_stage(restApiId=api["id"], stageName="delta", deploymentId=api["first"])
    assert gwmock.invoke("GET", f"{host}/delta/").status == 403
    apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "false"}])
    apigateway.create_stage(restApiId=api["id"], stageName="epsilon", deploymentId=api["first"])
    assert [gwmock.invoke("GET", f"{host}/{s}/").status
            for s in ("s", "beta", "gamma", "delta", "epsilon")] == [200] * 5


def test_a_thousand_stages_are_listed_whole(apigateway, api):
    # Before: each CreateStage walked every stage of the API (a quadratic 1,000 stages: ~7 s here)
    names = [f"st{i}" for i in range(1000)]
    for name in names:
        apigateway.create_stage(restApiId=api["id"], stageName=name, deploymentId=api["second"])
    assert _stage_names(apigateway, api) == ["s", *names]
    by_second = apigateway.get_stages(restApiId=api["id"], deploymentId=api["second"])["item"]
    assert [s["stageName"] for s in by_second] == names
    _update(apigateway, api, _replace("/deploymentId", api["second"]))
    assert _stage(apigateway, api)["deploymentId"] == api["second"]


# --- UpdateStage: method settings, ops the table refuses, tags ------------------------------------


@pytest.mark.parametrize(("resource", "key"), [
    ("~1a~1b", "~1a~1b"), ("*", "*"), ("~01", "~01"), ("~1", "~1"), ("~1~0~1", "~1~0~1"),
])
def test_method_setting_keys_keep_the_escaped_resource_path(apigateway, api, resource, key):
    stage = _update(apigateway, api, _replace(f"/{resource}/GET/metrics/enabled", "true"))
    assert stage["methodSettings"][f"{key}/GET"]["metricsEnabled"] is True
    stage = _update(apigateway, api, {"op": "remove", "path": f"/{resource}/GET"})
    assert stage["methodSettings"] == {}


@pytest.mark.parametrize("path", ["/a/b/GET/metrics/enabled", "/~1a/GET/metrics", "/~1a/GET/bogus/x",
                                  "/~1a/GET/metrics/enabled/x", "/methodSettings", "/canarySettings",
                                  "/canarySettings/badPath", "/_knownDeployment", "/_endpointDisabled",
                                  "/variables", "/{proxy+}/ANY//throttling/burstLimit"])
def test_unknown_paths_are_refused_with_aws_list(apigateway, api, path):
    before = _stage(apigateway, api)
    response = error_of(_update, apigateway, api, _replace(path, "true"))
    assert_error(response, "BadRequestException", status=400)
    assert response["Error"]["Message"].startswith(f"Invalid method setting path: {path}. Must be one of: [")
    assert _stage(apigateway, api) == before


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("throttling/burstLimit", "abc", "expected an integer, got abc"),
    ("throttling/burstLimit", "1.5", "expected an integer, got 1.5"),
    ("throttling/burstLimit", "99999999999", "expected an integer, got 99999999999"),
    ("throttling/rateLimit", "1e999", "expected a number, got 1e999"),
    ("throttling/rateLimit", "NaN", "expected a number, got NaN"),
    ("caching/ttlInSeconds", "\u0665", "expected an integer, got \u0665"),
    ("metrics/enabled", "1", "expected a boolean, got 1"),
    ("metrics/enabled", "yes", "expected a boolean, got yes"),
    ("metrics/enabled", "", "expected a boolean, got "),
    ("caching/enabled", " true", "expected a boolean, got  true"),
])
def test_method_setting_values_of_the_wrong_type_are_refused(apigateway, api, setting, value, message):
    path = f"/~1a~1b/GET/{setting}"
    _refused(apigateway, api, "BadRequestException", f"Invalid value for {path}: {message}", _replace(path, value))
    assert _stage(apigateway, api)["methodSettings"] == {}


@pytest.mark.parametrize("spelling", ["true", "TRUE", "True", "tRuE"])
def test_boolean_spellings_java_reads_are_kept(apigateway, api, spelling):
    stage = _update(apigateway, api, _replace("/*/*/metrics/enabled", spelling))
    assert stage["methodSettings"]["*/*"]["metricsEnabled"] is True


def test_removing_what_was_never_set(apigateway, api):
    _refused(apigateway, api, "BadRequestException",
             "Cannot remove method setting ~1never/GET because there is no method setting for this method ",
             {"op": "remove", "path": "/~1never/GET"})
    _refused(apigateway, api, "BadRequestException",
             "Cannot remove method setting */* because there is no method setting for this method ",
             {"op": "remove", "path": "/*/*"})
    before = _stage(apigateway, api)
    for path in ("/variables/never", "/canarySettings", "/canarySettings/stageVariableOverrides/never"):
        stage = strip_metadata(_update(apigateway, api, {"op": "remove", "path": path}))
        assert {k: v for k, v in stage.items() if k != "lastUpdatedDate"} == \
            {k: v for k, v in before.items() if k != "lastUpdatedDate"}


@pytest.mark.parametrize(("operation", "message"), [
    ({"op": "add", "path": "/description", "value": "x"}, "Invalid add operation with path: /description"),
    ({"op": "add", "path": "/variables/a", "value": "x"}, "Invalid add operation with path: /variables/a"),
    ({"op": "add", "path": "/canarySettings/deploymentId", "value": "x"},
     "Invalid add operation with path: /canarySettings/deploymentId"),
    ({"op": "move", "path": "/description", "from": "/variables/a"}, "Invalid method setting path: /description."),
    ({"op": "test", "path": "/tracingEnabled", "value": "true"}, "Invalid method setting path: /tracingEnabled."),
    ({"op": "remove", "path": "/description"}, "Invalid method setting path: /description."),
    ({"op": "copy", "path": "/description", "from": "/canarySettings/deploymentId"},
     "Invalid copy operation with path: /description and from /canarySettings/deploymentId."),
    ({"op": "copy", "path": "/variables", "from": "/canarySettings/deploymentId"},
     "Invalid copy operation with path: /variables and from /canarySettings/deploymentId."),
    ({"op": "copy", "path": "/deploymentId"}, "Invalid copy operation with path: /deploymentId and from null."),
])
def test_ops_the_table_refuses(apigateway, api, operation, message):
    _with_canary(apigateway, api)
    before = _stage(apigateway, api)
    response = error_of(_update, apigateway, api, operation)
    assert_error(response, "BadRequestException", status=400)
    assert response["Error"]["Message"].startswith(message)
    assert _stage(apigateway, api) == before


def test_a_bad_copy_anywhere_in_the_request_changes_nothing(apigateway, api):
    _with_canary(apigateway, api)
    before = _stage(apigateway, api)
    response = error_of(_update, apigateway, api, *PROMOTE, REMOVE_CANARY,
                        {"op": "copy", "path": "/variables", "from": "/variables"})
    assert_error(response, "BadRequestException", status=400)
    assert _stage(apigateway, api) == before


def test_tags_on_stages(apigateway, api):
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api['id']}/stages/s"
    apigateway.tag_resource(resourceArn=arn, tags={"team": "a"})
    assert _stage(apigateway, api)["tags"] == {"team": "a"}
    before = _stage(apigateway, api)
    response = error_of(apigateway.tag_resource, resourceArn=arn, tags={"aws:x": "1"})
    assert_error(response, "BadRequestException",
                 "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)", 400)
    response = error_of(apigateway.tag_resource, resourceArn=arn, tags={f"k{i}": "v" for i in range(60)})
    assert_error(response, "BadRequestException", status=400)
    assert _stage(apigateway, api) == before
    missing = f"arn:aws:apigateway:us-east-1::/restapis/{api['id']}/stages/nope"
    assert error_of(apigateway.tag_resource, resourceArn=missing, tags={"a": "b"})["ResponseMetadata"][
        "HTTPStatusCode"] == 404
    # a stage updated keeps its tags; a refused CreateStage with tags leaves nothing behind
    assert _update(apigateway, api, _replace("/description", "d"))["tags"] == {"team": "a"}
    response = error_of(apigateway.create_stage, restApiId=api["id"], stageName="t", deploymentId=api["first"],
                        tags={"aws:bad": "1"})
    assert_error(response, "BadRequestException", status=400)
    assert _stage_names(apigateway, api) == ["s"]


# --- fuzzing UpdateStage -----------------------------------------------------------------------

_PATHS = st.sampled_from([
    "/deploymentId", "/description", "/cacheClusterEnabled", "/cacheClusterSize", "/tracingEnabled",
    "/variables", "/variables/a", "/variables/b", "/canarySettings", "/canarySettings/deploymentId",
    "/canarySettings/percentTraffic", "/canarySettings/useStageCache", "/canarySettings/stageVariableOverrides/a",
    "/canarySettings/stageVariableOverrides", "/*/*/metrics/enabled", "/~1a/GET/throttling/burstLimit",
    "/~1a/GET", "/*/*", "/accessLogSettings", "/accessLogSettings/format", "/documentationVersion",
    "/clientCertificateId", "/~1a~1b/POST/caching/ttlInSeconds", "/*/*/logging/loglevel", "/x/y/z/w/v",
])
_VALUES = st.one_of(st.sampled_from(["true", "false", "0", "50", "-1", "1e400", "0.5", "OFF", "x", "",
                                     "$context.requestId", "FIRST", "SECOND"]), st.text(max_size=8))
_OPERATION = st.builds(
    lambda op, path, value, source: {"op": op, "path": path, "value": value, "from": source},
    st.sampled_from(["add", "replace", "remove", "copy", "move", "test"]), _PATHS, _VALUES,
    st.sampled_from(["/canarySettings/deploymentId", "/canarySettings/stageVariableOverrides", "/variables"]))


@FUZZ
@given(operations=st.lists(_OPERATION, min_size=1, max_size=5))
def test_fuzzed_update_stage_answers_4xx_or_a_consistent_stage(apigateway, api, operations):
    for operation in operations:
        if operation["value"] in ("FIRST", "SECOND"):
            operation["value"] = api[operation["value"].lower()]
    before = _stage(apigateway, api)
    try:
        stage = strip_metadata(_update(apigateway, api, *operations))
    except ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, error.response
        assert _stage(apigateway, api) == before
        return
    assert stage == _stage(apigateway, api)
    assert not any(key.startswith("_") for key in stage)
    known = {api["first"], api["second"]}
    assert stage["deploymentId"] in known
    if "canarySettings" in stage:
        assert stage["canarySettings"]["deploymentId"] in known
        assert 0.0 <= stage["canarySettings"]["percentTraffic"] <= 100.0
    for variables in (stage.get("variables"), stage.get("canarySettings", {}).get("stageVariableOverrides")):
        assert variables is None or (variables and all(v for v in variables.values()))
