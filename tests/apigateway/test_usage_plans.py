"""Usage plans, usage plan keys and usage."""

import datetime

from helpers import assert_error, assert_matches, error_of, recorded, strip_metadata

COMMON, EXT = "common", "extended"


def _stage(client, name="dev", api_id=None):
    if api_id is None:
        api = client.create_rest_api(name="api")
        api_id, root = api["id"], api["rootResourceId"]
        client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
        client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api_id, stageName=name)
    return api_id


def _crud(step):
    return recorded(COMMON, "test_usage_plan_crud", step)


def _today():
    return datetime.datetime.now(datetime.timezone.utc).date()


def test_usage_plan_crud_matches_aws(apigateway):
    api_id = _stage(apigateway)
    created = apigateway.create_usage_plan(name="plan", description="desc",
                                           apiStages=[{"apiId": api_id, "stage": "dev"}])
    assert_matches(created, _crud("create-usage-plan"))
    plan_id = created["id"]
    assert_matches(apigateway.get_usage_plan(usagePlanId=plan_id), _crud("get-usage-plan"))
    assert_matches(apigateway.get_usage_plans(), _crud("get-usage-plans"))
    updated = apigateway.update_usage_plan(usagePlanId=plan_id, patchOperations=[
        {"op": "replace", "path": "/quota/limit", "value": "5000"},
        {"op": "replace", "path": "/quota/period", "value": "MONTH"},
        {"op": "replace", "path": "/throttle/burstLimit", "value": "100"},
        {"op": "replace", "path": "/throttle/rateLimit", "value": "200"},
    ])
    assert_matches(updated, _crud("update-usage-plan"))
    assert_matches(apigateway.get_usage_plan(usagePlanId=plan_id), _crud("get-usage-plan-after-update"))
    assert_matches(apigateway.get_usage_plans(), _crud("get-usage-plans-after-update"))


def test_update_usage_plan_errors_match_aws(apigateway):
    api_id = _stage(apigateway)
    plan_id = apigateway.create_usage_plan(name="plan", apiStages=[{"apiId": api_id, "stage": "dev"}])["id"]
    before = apigateway.get_usage_plan(usagePlanId=plan_id)
    ops = [{"op": "replace", "path": "/name", "value": "x"}]
    assert_matches(error_of(apigateway.update_usage_plan, usagePlanId="nope", patchOperations=ops),
                   _crud("update-wrong-id"))
    bindings = {"<api-id:1>": api_id, "<id:1>": plan_id}
    cases = [
        ({"op": "add", "path": "/apiStages"}, "update-wrong-api-stages-no-value"),
        ({"op": "add", "path": "/apiStages", "value": f"{api_id}b:dev"}, "update-wrong-api-stages-wrong-api"),
        ({"op": "add", "path": "/apiStages", "value": f"{api_id}:fakestagename"},
         "update-wrong-api-stages-wrong-stage"),
        ({"op": "add", "path": "/apiStages", "value": "fakevalue"}, "update-wrong-api-stages-wrong-value"),
    ]
    for op, step in cases:
        resp = error_of(apigateway.update_usage_plan, usagePlanId=plan_id, patchOperations=[op])
        expected = _crud(step)
        message = expected["Error"]["Message"].replace("<api-id:1>", api_id).replace("<id:1>", plan_id)
        expected = {**expected, "Error": {**expected["Error"], "Message": message}, "message": message}
        assert_matches(resp, expected, bindings=dict(bindings))
    after = apigateway.get_usage_plan(usagePlanId=plan_id)
    assert strip_metadata(after) == strip_metadata(before)


def test_create_usage_plan_with_quota_throttle_and_tags(apigateway):
    rec = recorded(COMMON, "test_api_key_required_for_methods", "create-usage-plan")
    api_id = _stage(apigateway)
    created = apigateway.create_usage_plan(
        name="plan", description="Test Usage Plan for API key", apiStages=[{"apiId": api_id, "stage": "dev"}],
        throttle={"rateLimit": 2, "burstLimit": 1}, quota={"limit": 10, "period": "DAY"},
        tags={"tag_key": "tag_value"})
    assert_matches(created, rec)
    assert "tags" not in apigateway.get_usage_plans()["items"][0]


def test_create_usage_plan_burst_above_rate_is_accepted(apigateway):
    rec = recorded(EXT, "test_create_usage_plan_with_throttle", "create-usage-plan-burst-gt-rate")
    created = apigateway.create_usage_plan(name="p", throttle={"rateLimit": 10, "burstLimit": 20})
    assert_matches(created, rec)


def test_create_usage_plan_with_unknown_stage_is_refused(apigateway):
    api_id = _stage(apigateway)
    resp = error_of(apigateway.create_usage_plan, name="p", apiStages=[{"apiId": api_id, "stage": "prod"}])
    # AWS leaves its format string unfilled here: a 400 "Invalid API Stage {api: %s, stage: %s}
    # specified for usageplan %s" (CloudFormation in aws/aws-cdk #6169, the CLI in aws/aws-sdk #354).
    assert_error(resp, "BadRequestException", "Invalid API Stage {api: %s, stage: %s} specified for usageplan %s",
                 400)
    assert apigateway.get_usage_plans()["items"] == []
    blank = error_of(apigateway.create_usage_plan, name="p", apiStages=[{"apiId": "", "stage": "dev"}])
    assert_error(blank, "BadRequestException", "Invalid API Stage {api: %s, stage: %s} specified for usageplan %s",
                 400)


def test_update_usage_plan_stage_is_not_a_patch_path(apigateway):
    # boto3 #2629: AWS refuses "remove /apiStages/<api>:<stage>" and lists the remove paths so.
    api_id = _stage(apigateway)
    plan_id = apigateway.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": "dev"}])["id"]
    resp = error_of(apigateway.update_usage_plan, usagePlanId=plan_id,
                    patchOperations=[{"op": "remove", "path": f"/apiStages/{api_id}:dev"}])
    assert_error(resp, "BadRequestException",
                 f"Invalid patch path  '/apiStages/{api_id}:dev' specified for op 'remove'. Must be one of: "
                 "[/apiStages, /quota, /throttle, /productCode, "
                 "/apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>, "
                 "/apiStages/<apidId:stageName>/throttle]", 400)
    assert apigateway.get_usage_plan(usagePlanId=plan_id)["apiStages"] == [{"apiId": api_id, "stage": "dev"}]


def test_create_usage_plan_with_invalid_quota_period(apigateway):
    resp = error_of(apigateway.create_usage_plan, name="p", quota={"limit": 10})
    assert_error(resp, "BadRequestException", status=400)
    assert apigateway.get_usage_plans()["items"] == []


def test_update_usage_plan_api_stages_and_method_throttle(apigateway):
    api_id = _stage(apigateway)
    _stage(apigateway, "prod", api_id)
    plan_id = apigateway.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": "dev"}])["id"]
    updated = apigateway.update_usage_plan(usagePlanId=plan_id, patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{api_id}:prod"},
        {"op": "replace", "path": f"/apiStages/{api_id}:prod/throttle/~1pets/GET/rateLimit", "value": "5"},
        {"op": "replace", "path": f"/apiStages/{api_id}:prod/throttle/~1pets/GET/burstLimit", "value": "3"},
        {"op": "remove", "path": "/apiStages", "value": f"{api_id}:dev"},
    ])
    assert updated["apiStages"] == [
        {"apiId": api_id, "stage": "prod", "throttle": {"/pets/GET": {"burstLimit": 3, "rateLimit": 5.0}}}]
    updated = apigateway.update_usage_plan(usagePlanId=plan_id, patchOperations=[
        {"op": "remove", "path": f"/apiStages/{api_id}:prod/throttle/~1pets/GET"}])
    assert updated["apiStages"] == [{"apiId": api_id, "stage": "prod"}]


def test_update_usage_plan_remove_quota_throttle_and_fields(apigateway):
    plan_id = apigateway.create_usage_plan(name="p", throttle={"rateLimit": 1, "burstLimit": 1},
                                           quota={"limit": 1, "period": "WEEK", "offset": 1})["id"]
    updated = apigateway.update_usage_plan(usagePlanId=plan_id, patchOperations=[
        {"op": "remove", "path": "/quota"}, {"op": "remove", "path": "/throttle"},
        {"op": "replace", "path": "/name", "value": "n2"},
        {"op": "replace", "path": "/description", "value": "d"},
        {"op": "add", "path": "/productCode", "value": "pc"}])
    assert (updated["name"], updated["description"], updated["productCode"]) == ("n2", "d", "pc")
    assert "quota" not in updated and "throttle" not in updated


def test_update_usage_plan_unsupported_path(apigateway):
    plan_id = apigateway.create_usage_plan(name="p")["id"]
    resp = error_of(apigateway.update_usage_plan, usagePlanId=plan_id,
                    patchOperations=[{"op": "replace", "path": "/id", "value": "x"}])
    assert_error(resp, "BadRequestException", status=400)
    prefix = "Invalid patch path  '/id' specified for op 'replace'. Must be one of:"
    assert resp["Error"]["Message"].startswith(prefix)


def test_delete_usage_plan(apigateway):
    plan_id = apigateway.create_usage_plan(name="p")["id"]
    assert apigateway.delete_usage_plan(usagePlanId=plan_id)["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert_error(error_of(apigateway.get_usage_plan, usagePlanId=plan_id),
                 "NotFoundException", "Invalid Usage Plan ID specified", 404)
    assert_error(error_of(apigateway.delete_usage_plan, usagePlanId=plan_id),
                 "NotFoundException", "Invalid Usage Plan ID specified", 404)


def test_usage_plan_tags_by_arn(apigateway):
    plan_id = apigateway.create_usage_plan(name="p")["id"]
    arn = f"arn:aws:apigateway:us-east-1::/usageplans/{plan_id}"
    apigateway.tag_resource(resourceArn=arn, tags={"k": "v"})
    assert apigateway.get_usage_plan(usagePlanId=plan_id)["tags"] == {"k": "v"}


# --- usage plan keys -------------------------------------------------------------------


def test_usage_plan_keys_match_aws(apigateway):
    rec = lambda step: recorded(EXT, "test_get_usage_plan_api_keys", step)  # noqa: E731
    name1, name2 = "test-key-aaa", "test-key-bbb"
    key1 = apigateway.create_api_key(name=name1)
    key2 = apigateway.create_api_key(name=name2)
    assert_matches(apigateway.get_api_keys(), rec("get-api-keys-after-create-1"))
    plan = apigateway.create_usage_plan(name="usage-plan")
    assert_matches(plan, rec("create-usage-plan"))
    plan_id = plan["id"]
    assert_matches(apigateway.get_usage_plan_keys(usagePlanId=plan_id), rec("get-up-keys-before-create"))
    assert_matches(apigateway.create_usage_plan_key(usagePlanId=plan_id, keyId=key1["id"], keyType="API_KEY"),
                   rec("create-up-key"))
    assert_matches(apigateway.create_usage_plan_key(usagePlanId=plan_id, keyId=key2["id"], keyType="API_KEY"),
                   rec("create-up-key-2"))
    listed = apigateway.get_usage_plan_keys(usagePlanId=plan_id)
    assert_matches(listed, rec("get-up-keys"))
    assert [k["id"] for k in listed["items"]] == [key2["id"], key1["id"]]
    assert_matches(apigateway.get_usage_plan_keys(usagePlanId=plan_id, nameQuery="test-key"),
                   rec("get-up-keys-name-query"))
    assert_matches(apigateway.get_usage_plan_keys(usagePlanId=plan_id, nameQuery="TEST-key"),
                   rec("get-up-keys-name-query-cased"))
    assert_matches(apigateway.get_usage_plan_keys(usagePlanId=plan_id, nameQuery=name1),
                   rec("get-up-keys-name-query-key-name"))
    assert_matches(apigateway.get_usage_plan_keys(usagePlanId=plan_id, nameQuery="nothing"),
                   rec("get-up-keys-bad-query"))
    apigateway.delete_api_key(apiKey=key1["id"])
    apigateway.delete_api_key(apiKey=key2["id"])
    assert_matches(apigateway.get_usage_plan_keys(usagePlanId=plan_id), rec("get-up-keys-after-delete"))
    assert_matches(apigateway.get_usage_plan_keys(usagePlanId="bad-id"), rec("get-up-keys-bad-usage-plan"))


def test_usage_plan_key_matches_aws_with_common_recording(apigateway):
    rec = recorded(COMMON, "test_api_key_required_for_methods", "create-usage-plan-key")
    plan_id = apigateway.create_usage_plan(name="p")["id"]
    key = apigateway.create_api_key(name="k", enabled=True)
    created = apigateway.create_usage_plan_key(usagePlanId=plan_id, keyId=key["id"], keyType="API_KEY")
    assert_matches(created, rec)
    assert created["value"] == key["value"]
    got = apigateway.get_usage_plan_key(usagePlanId=plan_id, keyId=key["id"])
    assert got == {**created, "ResponseMetadata": got["ResponseMetadata"]}
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_usage_plan_key_errors(apigateway):
    plan_id = apigateway.create_usage_plan(name="p")["id"]
    key_id = apigateway.create_api_key(name="k")["id"]
    create = apigateway.create_usage_plan_key
    assert_error(error_of(create, usagePlanId="nope", keyId=key_id, keyType="API_KEY"),
                 "NotFoundException", "Invalid Usage Plan ID specified", 404)
    assert_error(error_of(create, usagePlanId=plan_id, keyId="nope", keyType="API_KEY"),
                 "NotFoundException", "Invalid API Key identifier specified", 404)
    assert_error(error_of(create, usagePlanId=plan_id, keyId=key_id, keyType="OTHER"),
                 "BadRequestException", status=400)
    assert_error(error_of(apigateway.get_usage_plan_key, usagePlanId=plan_id, keyId=key_id),
                 "NotFoundException", "Invalid API Key identifier specified", 404)
    assert_error(error_of(apigateway.delete_usage_plan_key, usagePlanId=plan_id, keyId=key_id),
                 "NotFoundException", "Invalid API Key identifier specified", 404)
    apigateway.create_usage_plan_key(usagePlanId=plan_id, keyId=key_id, keyType="API_KEY")
    assert_error(error_of(create, usagePlanId=plan_id, keyId=key_id, keyType="API_KEY"),
                 "ConflictException", status=409)
    assert len(apigateway.get_usage_plan_keys(usagePlanId=plan_id)["items"]) == 1


def test_api_key_cannot_join_two_plans_on_the_same_stage(apigateway):
    api_id = _stage(apigateway)
    stages = [{"apiId": api_id, "stage": "dev"}]
    p1 = apigateway.create_usage_plan(name="p1", apiStages=stages)["id"]
    p2 = apigateway.create_usage_plan(name="p2", apiStages=stages)["id"]
    key_id = apigateway.create_api_key(name="k")["id"]
    apigateway.create_usage_plan_key(usagePlanId=p1, keyId=key_id, keyType="API_KEY")
    resp = error_of(apigateway.create_usage_plan_key, usagePlanId=p2, keyId=key_id, keyType="API_KEY")
    assert_error(resp, "ConflictException", status=409)
    assert apigateway.get_usage_plan_keys(usagePlanId=p2)["items"] == []


def test_delete_usage_plan_key_and_plans_by_key(apigateway):
    p1 = apigateway.create_usage_plan(name="p1")["id"]
    apigateway.create_usage_plan(name="p2")
    key_id = apigateway.create_api_key(name="k")["id"]
    apigateway.create_usage_plan_key(usagePlanId=p1, keyId=key_id, keyType="API_KEY")
    assert [p["id"] for p in apigateway.get_usage_plans(keyId=key_id)["items"]] == [p1]
    resp = apigateway.delete_usage_plan_key(usagePlanId=p1, keyId=key_id)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigateway.get_usage_plans(keyId=key_id)["items"] == []
    assert apigateway.get_api_key(apiKey=key_id)["id"] == key_id


def test_get_usage_plan_keys_paging(apigateway):
    plan_id = apigateway.create_usage_plan(name="p")["id"]
    ids = [apigateway.create_api_key(name=f"k{i}")["id"] for i in range(3)]
    for key_id in ids:
        apigateway.create_usage_plan_key(usagePlanId=plan_id, keyId=key_id, keyType="API_KEY")
    page = apigateway.get_usage_plan_keys(usagePlanId=plan_id, limit=2)
    rest = apigateway.get_usage_plan_keys(usagePlanId=plan_id, limit=2, position=page["position"])
    assert [k["id"] for k in page["items"] + rest["items"]] == ids[::-1]
    assert "position" not in rest


# --- usage -----------------------------------------------------------------------------


def _plan_with_key(client, quota=None):
    plan_id = client.create_usage_plan(name="p", **({"quota": quota} if quota else {}))["id"]
    key_id = client.create_api_key(name="k")["id"]
    client.create_usage_plan_key(usagePlanId=plan_id, keyId=key_id, keyType="API_KEY")
    return plan_id, key_id


def test_get_usage_reports_zero_use_per_day(apigateway):
    plan_id, key_id = _plan_with_key(apigateway, {"limit": 100, "period": "DAY"})
    resp = apigateway.get_usage(usagePlanId=plan_id, startDate="2016-08-01", endDate="2016-08-04")
    assert resp["usagePlanId"] == plan_id
    assert (resp["startDate"], resp["endDate"]) == ("2016-08-01", "2016-08-04")
    assert resp["items"] == {key_id: [[0, 100]] * 4}


def test_get_usage_key_filter_and_no_quota(apigateway):
    plan_id, key_id = _plan_with_key(apigateway)
    other = apigateway.create_api_key(name="o")["id"]
    apigateway.create_usage_plan_key(usagePlanId=plan_id, keyId=other, keyType="API_KEY")
    day = "2020-01-01"
    resp = apigateway.get_usage(usagePlanId=plan_id, keyId=key_id, startDate=day, endDate=day)
    assert resp["items"] == {key_id: [[0, 0]]}


def test_get_usage_errors(apigateway):
    plan_id, _ = _plan_with_key(apigateway, {"limit": 1, "period": "DAY"})
    get = apigateway.get_usage
    assert_error(error_of(get, usagePlanId="nope", startDate="2020-01-01", endDate="2020-01-02"),
                 "NotFoundException", "Invalid Usage Plan ID specified", 404)
    assert_error(error_of(get, usagePlanId=plan_id, startDate="01/01/2020", endDate="2020-01-02"),
                 "BadRequestException", status=400)
    assert_error(error_of(get, usagePlanId=plan_id, startDate="2020-01-03", endDate="2020-01-02"),
                 "BadRequestException", status=400)


def test_update_usage_extends_the_remaining_quota(apigateway):
    plan_id, key_id = _plan_with_key(apigateway, {"limit": 100, "period": "MONTH"})
    resp = apigateway.update_usage(usagePlanId=plan_id, keyId=key_id,
                                   patchOperations=[{"op": "replace", "path": "/remaining", "value": "150"}])
    today = _today().isoformat()
    assert (resp["startDate"], resp["endDate"], resp["usagePlanId"]) == (today, today, plan_id)
    assert resp["items"] == {key_id: [[0, 150]]}
    usage = apigateway.get_usage(usagePlanId=plan_id, startDate=today, endDate=today)
    assert usage["items"] == {key_id: [[0, 150]]}


def test_update_usage_errors_leave_usage_unchanged(apigateway):
    plan_id, key_id = _plan_with_key(apigateway, {"limit": 10, "period": "DAY"})
    ops = [{"op": "replace", "path": "/remaining", "value": "5"}]
    assert_error(error_of(apigateway.update_usage, usagePlanId=plan_id, keyId="nope", patchOperations=ops),
                 "NotFoundException", "Invalid API Key identifier specified", 404)
    bad = [{"op": "add", "path": "/remaining", "value": "5"}]
    assert_error(error_of(apigateway.update_usage, usagePlanId=plan_id, keyId=key_id, patchOperations=bad),
                 "BadRequestException", status=400)
    no_quota_plan, no_quota_key = _plan_with_key(apigateway)
    assert_error(error_of(apigateway.update_usage, usagePlanId=no_quota_plan, keyId=no_quota_key,
                          patchOperations=ops), "BadRequestException", status=400)
    today = _today().isoformat()
    usage = apigateway.get_usage(usagePlanId=plan_id, startDate=today, endDate=today)
    assert usage["items"] == {key_id: [[0, 10]]}


def test_method_throttle_with_raw_resource_path(apigateway):
    """terraform-provider-aws writes the throttle key unescaped: ``/apiStages/a:s/throttle//test/GET/rateLimit``."""
    api = apigateway.create_rest_api(name="throttled")
    api_id = api["id"]
    resource = apigateway.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="test")
    apigateway.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    plan = apigateway.create_usage_plan(name="p", apiStages=[
        {"apiId": api_id, "stage": "dev", "throttle": {"/test/GET": {"burstLimit": 5, "rateLimit": 2.0}}}])
    stage = f"{api_id}:dev"
    updated = apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "remove", "path": "/apiStages", "value": stage},
        {"op": "add", "path": "/apiStages", "value": stage},
        {"op": "replace", "path": f"/apiStages/{stage}/throttle//test/GET/rateLimit", "value": "3"},
        {"op": "replace", "path": f"/apiStages/{stage}/throttle//test/GET/burstLimit", "value": "6"},
        {"op": "replace", "path": f"/apiStages/{stage}/throttle///GET/rateLimit", "value": "1.5"},
    ])
    assert updated["apiStages"] == [{"apiId": api_id, "stage": "dev", "throttle": {
        "/test/GET": {"burstLimit": 6, "rateLimit": 3.0}, "//GET": {"rateLimit": 1.5}}}]
    # the escaped form names the same entry
    updated = apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "replace", "path": f"/apiStages/{stage}/throttle/~1test/GET/rateLimit", "value": "4"},
        {"op": "remove", "path": f"/apiStages/{stage}/throttle///GET"}])
    assert updated["apiStages"][0]["throttle"] == {"/test/GET": {"burstLimit": 6, "rateLimit": 4.0}}
    assert apigateway.get_usage_plan(usagePlanId=plan["id"])["apiStages"] == updated["apiStages"]


def test_plan_with_api_stages_cannot_be_deleted(apigateway):
    """Users of the SDK, Serverless and Terraform report this refusal; hence the providers' detach first."""
    api_id = _stage(apigateway)
    plan_id = apigateway.create_usage_plan(name="p", apiStages=[{"apiId": api_id, "stage": "dev"}])["id"]
    assert_error(error_of(apigateway.delete_usage_plan, usagePlanId=plan_id), "BadRequestException",
                 f"Cannot delete Usage Plan {plan_id} because there are API Stages associated with it, "
                 f"including {api_id}:dev", 400)
    assert apigateway.get_usage_plan(usagePlanId=plan_id)["apiStages"] == [{"apiId": api_id, "stage": "dev"}]
    apigateway.update_usage_plan(usagePlanId=plan_id, patchOperations=[
        {"op": "remove", "path": "/apiStages", "value": f"{api_id}:dev"}])
    apigateway.delete_usage_plan(usagePlanId=plan_id)
    assert apigateway.get_usage_plans()["items"] == []


def test_deleted_stage_and_api_leave_their_plans(apigateway):
    api_id = _stage(apigateway)
    _stage(apigateway, "prod", api_id)
    other = _stage(apigateway)
    plan_id = apigateway.create_usage_plan(name="p", apiStages=[
        {"apiId": api_id, "stage": "dev"}, {"apiId": api_id, "stage": "prod"}, {"apiId": other, "stage": "dev"}])["id"]
    apigateway.delete_stage(restApiId=api_id, stageName="dev")
    assert apigateway.get_usage_plan(usagePlanId=plan_id)["apiStages"] == [
        {"apiId": api_id, "stage": "prod"}, {"apiId": other, "stage": "dev"}]
    apigateway.delete_rest_api(restApiId=api_id)
    assert apigateway.get_usage_plan(usagePlanId=plan_id)["apiStages"] == [{"apiId": other, "stage": "dev"}]


def test_update_usage_plan_refuses_a_stage_a_key_reaches_through_another_plan(apigateway):
    """Found by tests/core/test_stateful_v1.py: UpdateUsagePlan let a key reach one API stage
    through two plans, which CreateUsagePlanKey refuses."""
    api_id = _stage(apigateway)
    key = apigateway.create_api_key(name="k")["id"]
    first = apigateway.create_usage_plan(name="a", apiStages=[{"apiId": api_id, "stage": "dev"}])["id"]
    second = apigateway.create_usage_plan(name="b")["id"]
    for plan in (first, second):
        apigateway.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
    response = error_of(apigateway.update_usage_plan, usagePlanId=second,
                        patchOperations=[{"op": "add", "path": "/apiStages", "value": f"{api_id}:dev"}])
    assert_error(response, "ConflictException", f"Usage Plan {second} cannot be added because API Key {key} cannot "
                 f"reference multiple Usage Plans with the same API Stage: {api_id}:dev", 409)
    assert apigateway.get_usage_plan(usagePlanId=second)["apiStages"] == []
    # without the shared key the stage may be added
    apigateway.delete_usage_plan_key(usagePlanId=second, keyId=key)
    updated = apigateway.update_usage_plan(usagePlanId=second, patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{api_id}:dev"}])
    assert updated["apiStages"] == [{"apiId": api_id, "stage": "dev"}]


def _v2_stage(apigatewayv2, protocol):
    api = apigatewayv2.create_api(Name="v2", ProtocolType=protocol, RouteSelectionExpression="$request.body.action") \
        if protocol == "WEBSOCKET" else apigatewayv2.create_api(Name="v2", ProtocolType=protocol)
    apigatewayv2.create_stage(ApiId=api["ApiId"], StageName="dev")
    return api["ApiId"]


def test_websocket_stages_join_usage_plans_and_leave_them_when_deleted(apigateway, apigatewayv2):
    # CDK's apigatewayv2.UsagePlan.addApiStage takes a WebSocketStage: AWS accepts them
    ws_id = _v2_stage(apigatewayv2, "WEBSOCKET")
    plan = apigateway.create_usage_plan(name="ws", apiStages=[{"apiId": ws_id, "stage": "dev"}])
    assert plan["apiStages"] == [{"apiId": ws_id, "stage": "dev"}]
    apigatewayv2.create_stage(ApiId=ws_id, StageName="prod")
    updated = apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{ws_id}:prod"}])
    assert updated["apiStages"] == [{"apiId": ws_id, "stage": "dev"}, {"apiId": ws_id, "stage": "prod"}]

    apigatewayv2.delete_stage(ApiId=ws_id, StageName="dev")
    assert apigateway.get_usage_plan(usagePlanId=plan["id"])["apiStages"] == [{"apiId": ws_id, "stage": "prod"}]
    apigatewayv2.delete_api(ApiId=ws_id)
    assert apigateway.get_usage_plan(usagePlanId=plan["id"])["apiStages"] == []


def test_http_api_stages_cannot_join_usage_plans(apigateway, apigatewayv2):
    # HTTP APIs have no API keys: their stages are unknown to usage plans
    http_id = _v2_stage(apigatewayv2, "HTTP")
    error = error_of(apigateway.create_usage_plan, name="http", apiStages=[{"apiId": http_id, "stage": "dev"}])
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("BadRequestException", 400)
    plan = apigateway.create_usage_plan(name="empty")
    error = error_of(apigateway.update_usage_plan, usagePlanId=plan["id"], patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{http_id}:dev"}])
    assert error["Error"]["Message"] == (f"Invalid API Stage {{api: {http_id}, stage: dev}} specified for "
                                         f"usageplan {plan['id']}")
    assert apigateway.get_usage_plans()["items"][0]["apiStages"] == []
