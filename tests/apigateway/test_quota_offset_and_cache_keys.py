"""A usage plan quota's ``offset`` (the day its period starts) and an integration's
``cacheKeyParameters`` (request parameters the method must declare).

Evidence:
* offset: "The day that a time period starts. For example, with a time period of WEEK, an offset
  of 0 starts on Sunday, and an offset of 1 starts on Monday."
  (https://docs.rs/aws-sdk-apigateway/0.4.0/aws_sdk_apigateway/model/struct.QuotaSettings.html);
  AWS takes WEEK/6 and MONTH/20
  (https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/apigateway/usage_plan_test.go,
  TestAccAPIGatewayUsagePlan_quota). The ranges (DAY 0, WEEK 0-6, MONTH 0-27), their wording and a
  MONTH period starting on day offset + 1 are gwmock's guesses (see ``gwmock/apigateway/usage_plans.py``).
* cache keys: "To be valid values for cacheKeyParameters, these parameters must also be specified for
  Method requestParameters" (botocore's model); AWS answers "Invalid cache key parameter specified"
  (https://github.com/amazon-archives/aws-apigateway-importer/issues/148,
  https://github.com/DianaIonita/serverless-api-gateway-caching/pull/65).
"""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of, strip_metadata

freezegun = pytest.importorskip("freezegun")

SATURDAY, SUNDAY, MONDAY = "2026-03-07T23:59:59+00:00", "2026-03-08T00:00:00+00:00", "2026-03-09T00:00:00+00:00"


def _keyed_api(client, quota):
    """A MOCK ``GET /`` on ``dev`` needing an API key of a plan with ``quota``; (url, plan, key)."""
    api = client.create_rest_api(name="quota")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE", apiKeyRequired=True)
    client.put_integration(**where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(**where, statusCode="200")
    client.put_integration_response(**where, statusCode="200", responseTemplates={"application/json": "ok"})
    client.create_deployment(restApiId=api["id"], stageName="dev")
    plan = client.create_usage_plan(name="p", apiStages=[{"apiId": api["id"], "stage": "dev"}], quota=quota)
    key = client.create_api_key(name="k", enabled=True)
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    return f"https://{api['id']}.execute-api.{client.meta.region_name}.amazonaws.com/dev/", plan, key


def _statuses(gw, url, key, times=1):
    return [gw.invoke("GET", url, headers={"x-api-key": key["value"]}).status for _ in range(times)]


# --- the period a quota counts in ----------------------------------------------------------------


def test_a_weekly_quota_with_offset_0_starts_on_sunday(apigateway, gwmock):
    with freezegun.freeze_time(SATURDAY) as clock:
        url, _, key = _keyed_api(apigateway, {"limit": 1, "offset": 0, "period": "WEEK"})
        assert _statuses(gwmock, url, key, 2) == [200, 429]
        clock.move_to(SUNDAY)  # offset 0: Sunday opens a new week
        assert _statuses(gwmock, url, key, 2) == [200, 429]


def test_a_weekly_quota_with_offset_1_starts_on_monday(apigateway, gwmock):
    with freezegun.freeze_time(SATURDAY) as clock:
        url, _, key = _keyed_api(apigateway, {"limit": 1, "offset": 1, "period": "WEEK"})
        assert _statuses(gwmock, url, key, 2) == [200, 429]
        clock.move_to(SUNDAY)  # the same week
        assert _statuses(gwmock, url, key) == [429]
        clock.move_to(MONDAY)
        assert _statuses(gwmock, url, key, 2) == [200, 429]


def test_a_monthly_quota_starts_on_the_day_after_its_offset(apigateway, gwmock):
    with freezegun.freeze_time("2026-03-14T23:59:59+00:00") as clock:
        url, _, key = _keyed_api(apigateway, {"limit": 1, "offset": 14, "period": "MONTH"})
        assert _statuses(gwmock, url, key, 2) == [200, 429]
        clock.move_to("2026-03-15T00:00:00+00:00")  # offset 14: the period starts on the 15th
        assert _statuses(gwmock, url, key, 2) == [200, 429]
        clock.move_to("2026-04-01T00:00:00+00:00")  # not on the 1st
        assert _statuses(gwmock, url, key) == [429]


def test_get_usage_counts_remaining_from_the_offset_day(apigateway, gwmock):
    with freezegun.freeze_time("2026-03-03T10:00:00+00:00"):  # a Tuesday
        url, plan, key = _keyed_api(apigateway, {"limit": 5, "offset": 3, "period": "WEEK"})
        assert _statuses(gwmock, url, key, 2) == [200, 200]
        usage = apigateway.get_usage(usagePlanId=plan["id"], startDate="2026-03-03", endDate="2026-03-05")
    # [used that day, remaining in its period]; offset 3: Wednesday 03-04 opens a new week
    assert usage["items"] == {key["id"]: [[2, 3], [0, 5], [0, 5]]}
    assert (usage["startDate"], usage["endDate"]) == ("2026-03-03", "2026-03-05")


def test_update_usage_moves_the_remaining_of_the_offset_period(apigateway, gwmock):
    with freezegun.freeze_time("2026-03-20T10:00:00+00:00"):
        url, plan, key = _keyed_api(apigateway, {"limit": 10, "offset": 19, "period": "MONTH"})
        assert _statuses(gwmock, url, key) == [200]
        apigateway.update_usage(usagePlanId=plan["id"], keyId=key["id"],
                                patchOperations=[{"op": "replace", "path": "/remaining", "value": "1"}])
        assert _statuses(gwmock, url, key, 2) == [200, 429]
        usage = apigateway.get_usage(usagePlanId=plan["id"], startDate="2026-03-19", endDate="2026-03-20")
    # 03-19 belongs to the period that began on 02-20; 03-20 opens the one UpdateUsage moved
    assert usage["items"] == {key["id"]: [[0, 10], [2, 0]]}


@pytest.mark.parametrize(("quota", "expected"), [
    ({"limit": 4, "offset": 0, "period": "WEEK"}, [[0, 4], [0, 4]]),  # 0001-01-01 is a Monday
    ({"limit": 4, "offset": 5, "period": "MONTH"}, [[0, 4], [0, 4]]),
])
def test_get_usage_at_the_first_day_of_the_calendar(apigateway, quota, expected):
    # Sunday before 0001-01-01 or the month before January of year 1: no such day (was OverflowError)
    plan = apigateway.create_usage_plan(name="p", quota=quota)
    key = apigateway.create_api_key(name="k")
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    usage = apigateway.get_usage(usagePlanId=plan["id"], startDate="0001-01-01", endDate="0001-01-02")
    assert usage["items"] == {key["id"]: expected}


# --- which offsets a quota takes --------------------------------------------------------------------


@pytest.mark.parametrize("quota", [
    {"limit": 100, "offset": 6, "period": "WEEK"},  # terraform-provider-aws's acceptance test, real AWS
    {"limit": 200, "offset": 20, "period": "MONTH"},  # the same test's update step
    {"limit": 200, "offset": 27, "period": "MONTH"},
    {"limit": 1, "offset": 0, "period": "DAY"},
])
def test_offsets_inside_the_period_are_kept(apigateway, quota):
    plan = apigateway.create_usage_plan(name="p", quota=quota)
    assert plan["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert plan["quota"] == quota
    assert apigateway.get_usage_plan(usagePlanId=plan["id"])["quota"] == quota


@pytest.mark.parametrize("quota", [
    {"limit": 500, "offset": 1, "period": "DAY"},  # a real serverless.yml (serverless#9306)
    {"limit": 1, "offset": 7, "period": "WEEK"},
    {"limit": 1, "offset": 40, "period": "MONTH"},
])
def test_an_offset_past_its_period_is_kept_as_given(apigateway, quota):
    """Guess: no refusal (AWS's is unknown, and refusing a plan AWS takes breaks a deployment); the
    period's start takes the offset modulo the week, or at most the 28th of a month."""
    plan = apigateway.create_usage_plan(name="p", quota=quota)
    assert apigateway.get_usage_plan(usagePlanId=plan["id"])["quota"] == quota


def test_a_daily_quota_ignores_its_offset(apigateway, gwmock):
    with freezegun.freeze_time(SATURDAY) as clock:
        url, _, key = _keyed_api(apigateway, {"limit": 1, "offset": 3, "period": "DAY"})
        assert _statuses(gwmock, url, key, 2) == [200, 429]
        clock.move_to(SUNDAY)  # the next day opens a new period
        assert _statuses(gwmock, url, key, 2) == [200, 429]


def test_update_usage_plan_takes_any_offset_for_any_period(apigateway):
    plan = apigateway.create_usage_plan(name="p", quota={"limit": 1, "offset": 6, "period": "WEEK"})
    to_day = [{"op": "replace", "path": "/quota/period", "value": "DAY"}]
    assert apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=to_day)["quota"] == {
        "limit": 1, "offset": 6, "period": "DAY"}
    negative = [{"op": "replace", "path": "/quota/offset", "value": "-1"}]
    assert_error(error_of(apigateway.update_usage_plan, usagePlanId=plan["id"], patchOperations=negative),
                 "BadRequestException", "Quota offset must be a non-negative integer", 400)


# --- cache key parameters --------------------------------------------------------------------------

NOT_A_CACHE_KEY = "Invalid cache key parameter specified"


@pytest.fixture
def method(apigateway):
    api = apigateway.create_rest_api(name="cached")
    res = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{id}")
    where = {"restApiId": api["id"], "resourceId": res["id"], "httpMethod": "GET"}
    apigateway.put_method(**where, authorizationType="NONE", requestParameters={
        "method.request.path.id": True, "method.request.querystring.q": False})
    return where


@pytest.mark.parametrize("keys", [
    ["method.request.header.X-Undeclared"],
    ["method.request.path.id", "method.request.querystring.other"],
    ["integration.request.path.id"],
    ["id"],
])
def test_put_integration_refuses_an_undeclared_cache_key(apigateway, method, keys):
    assert_error(error_of(apigateway.put_integration, **method, type="MOCK", cacheKeyParameters=keys),
                 "BadRequestException", NOT_A_CACHE_KEY, 400)
    assert_error(error_of(apigateway.get_integration, **method), "NotFoundException", status=404)


def test_put_integration_takes_declared_cache_keys(apigateway, method):
    keys = ["method.request.path.id", "method.request.querystring.q", "method.request.multivaluequerystring.q"]
    out = apigateway.put_integration(**method, type="MOCK", cacheKeyParameters=keys)
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert out["cacheKeyParameters"] == keys
    assert apigateway.get_integration(**method)["cacheKeyParameters"] == keys


def test_update_integration_refuses_an_undeclared_cache_key(apigateway, method):
    apigateway.put_integration(**method, type="MOCK", cacheKeyParameters=["method.request.path.id"])
    before = strip_metadata(apigateway.get_integration(**method))
    ops = [{"op": "add", "path": "/cacheKeyParameters/method.request.querystring.q"},
           {"op": "add", "path": "/cacheKeyParameters/method.request.header.X-Undeclared"}]
    assert_error(error_of(apigateway.update_integration, **method, patchOperations=ops),
                 "BadRequestException", NOT_A_CACHE_KEY, 400)
    assert strip_metadata(apigateway.get_integration(**method)) == before
    out = apigateway.update_integration(**method, patchOperations=ops[:1])
    assert out["cacheKeyParameters"] == ["method.request.path.id", "method.request.querystring.q"]
