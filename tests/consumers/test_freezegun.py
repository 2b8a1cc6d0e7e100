"""freezegun around gwmock: tests of quotas, usage reports and cached authorizers move the clock
instead of waiting. What gwmock must do for them: read the time where such libraries move it, at
the moment of the call (no clock captured at import, no day remembered across a move), on the
caller's thread and on the Lambda worker threads alike.
"""

from __future__ import annotations

import json

import pytest
import requests

freezegun = pytest.importorskip("freezegun")

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
WEDNESDAY = "2026-03-04T10:00:00+00:00"


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _keyed_api(apigateway, gw, quota=None, authorizer=None):
    """GET /pets (a Lambda proxy echoing its event) needing an API key of a usage plan on ``dev``."""
    gw.add_lambda(FN + "echo", _echo)
    api = apigateway.create_rest_api(name="frozen")
    res = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    method = {"authorizationType": "NONE"}
    if authorizer is not None:
        auth = apigateway.create_authorizer(restApiId=api["id"], name="auth", type="TOKEN",
                                            authorizerUri=URI.format(FN + "auth"),
                                            identitySource="method.request.header.Authorization",
                                            authorizerResultTtlInSeconds=300)
        gw.add_lambda(FN + "auth", authorizer)
        method = {"authorizationType": "CUSTOM", "authorizerId": auth["id"]}
    apigateway.put_method(restApiId=api["id"], resourceId=res, httpMethod="GET", apiKeyRequired=True, **method)
    apigateway.put_integration(restApiId=api["id"], resourceId=res, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    plan = apigateway.create_usage_plan(name="plan", apiStages=[{"apiId": api["id"], "stage": "dev"}],
                                        **({"quota": quota} if quota else {}))
    key = apigateway.create_api_key(name="key", enabled=True)
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    url = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets"
    return api, url, plan, key


def test_a_daily_quota_resets_when_the_day_moves(apigateway, gwmock):
    with freezegun.freeze_time("2026-03-04T23:59:58+00:00") as clock:
        _, url, plan, key = _keyed_api(apigateway, gwmock, quota={"limit": 2, "period": "DAY"})
        headers = {"x-api-key": key["value"]}
        assert [requests.get(url, headers=headers).status_code for _ in range(3)] == [200, 200, 429]
        clock.tick(1)  # the same day, another second: still spent
        assert requests.get(url, headers=headers).status_code == 429
        clock.tick(2)  # 00:00:01 the next day
        assert [requests.get(url, headers=headers).status_code for _ in range(3)] == [200, 200, 429]
        usage = apigateway.get_usage(usagePlanId=plan["id"], startDate="2026-03-03", endDate="2026-03-05")
    assert usage["items"] == {key["id"]: [[0, 2], [2, 0], [2, 0]]}


def test_a_weekly_quota_counts_from_sunday(apigateway, gwmock):
    # offset 0 (the default): "with a time period of WEEK, an offset of 0 starts on Sunday"
    with freezegun.freeze_time(WEDNESDAY) as clock:
        _, url, plan, key = _keyed_api(apigateway, gwmock, quota={"limit": 3, "period": "WEEK"})
        headers = {"x-api-key": key["value"]}
        assert [requests.get(url, headers=headers).status_code for _ in range(2)] == [200, 200]
        clock.move_to("2026-03-07T12:00:00+00:00")  # Saturday: the same week
        assert [requests.get(url, headers=headers).status_code for _ in range(2)] == [200, 429]
        clock.move_to("2026-03-08T00:00:00+00:00")  # Sunday: a new week
        assert requests.get(url, headers=headers).status_code == 200
        usage = apigateway.get_usage(usagePlanId=plan["id"], startDate="2026-03-04", endDate="2026-03-08",
                                     keyId=key["id"])
    # [used that day, remaining in its week]
    assert usage["items"][key["id"]] == [[2, 1], [0, 1], [0, 1], [1, 0], [1, 2]]


def test_the_request_and_records_carry_the_frozen_time(apigateway, gwmock):
    with freezegun.freeze_time(WEDNESDAY):
        api, url, _, key = _keyed_api(apigateway, gwmock)
        event = requests.get(url, headers={"x-api-key": key["value"]}).json()
        stages = apigateway.get_stages(restApiId=api["id"])["item"]
    epoch = 1772618400  # 2026-03-04T10:00:00Z
    assert api["createdDate"].timestamp() == epoch
    assert stages[0]["createdDate"].timestamp() == epoch
    context = event["requestContext"]
    assert (context["requestTime"], context["requestTimeEpoch"]) == ("04/Mar/2026:10:00:00 +0000", epoch * 1000)
    assert gwmock.requests[-1].log[1].startswith("Wed Mar 04 10:00:00 UTC 2026 : Starting execution")


def test_a_cached_authorizer_answer_expires_with_the_moved_clock(apigateway, gwmock):
    calls = []

    def allow(event, context):
        calls.append(event["authorizationToken"])
        return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}}

    with freezegun.freeze_time(WEDNESDAY) as clock:
        _, url, _, key = _keyed_api(apigateway, gwmock, authorizer=allow)
        headers = {"x-api-key": key["value"], "Authorization": "token-1"}
        assert [requests.get(url, headers=headers).status_code for _ in range(2)] == [200, 200]
        assert calls == ["token-1"]  # the second answer came from the cache (TTL 300 s)
        clock.tick(299)
        assert requests.get(url, headers=headers).status_code == 200
        assert calls == ["token-1"]
        clock.tick(2)
        assert requests.get(url, headers=headers).status_code == 200
        assert calls == ["token-1", "token-1"]


def test_websocket_connections_close_when_idle_or_too_old(gwmock, monkeypatch):
    # AWS's WebSocket quotas: "Idle Connection Timeout 10 minutes" (no message either way) and
    # "Connection duration for WebSocket API 2 hours"; the close code 1001 is a guess.
    from pathlib import Path

    import boto3

    monkeypatch.syspath_prepend(str(Path(__file__).parents[1] / "websocket"))
    from ws_helpers import deploy, management

    events = []
    with freezegun.freeze_time(WEDNESDAY) as clock:
        _, wss, endpoint = deploy(gwmock, lambda event, context: events.append(event) or {"statusCode": 200})
        client = management(endpoint)
        idle = gwmock.websocket(wss)
        clock.tick(9 * 60)
        idle.send("still here")  # a message resets the idle clock
        clock.tick(9 * 60)
        client.post_to_connection(ConnectionId=idle.connection_id, Data=b"push")  # either direction counts
        clock.tick(10 * 60)
        with pytest.raises(boto3.client("apigatewaymanagementapi", region_name=REGION).exceptions.GoneException):
            client.get_connection(ConnectionId=idle.connection_id)
        assert (idle.closed, idle.close_status) == (True, 1001)
        gone = events[-1]
        assert (gone["requestContext"]["eventType"], gone["requestContext"]["disconnectStatusCode"]) == (
            "DISCONNECT", 1001)

        busy = gwmock.websocket(wss)
        for _ in range(12):  # never idle, but open for two hours
            clock.tick(10 * 60 - 1)
            busy.send("tick")
        clock.tick(13)  # 12 * 599 s + 13 s: just past two hours
        with pytest.raises(RuntimeError, match="closed"):
            busy.send("late")
        assert busy.close_status == 1001


# --- gwmock's own bounds hold under a frozen clock ----------------------------------------------------


def _validated_post(apigateway, schema):
    """POST / (MOCK) whose JSON body is validated against ``schema``; its URL."""
    api = apigateway.create_rest_api(name="validated")
    api_id, root = api["id"], api["rootResourceId"]
    apigateway.create_model(restApiId=api_id, name="Body", contentType="application/json", schema=json.dumps(schema))
    validator = apigateway.create_request_validator(restApiId=api_id, name="body", validateRequestBody=True)
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE",
                          requestValidatorId=validator["id"], requestModels={"application/json": "Body"})
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200",
                                        responseTemplates={"application/json": "{}"})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/"


def test_a_hostile_body_is_refused_in_bounded_time_while_the_clock_is_frozen(apigateway, gwmock):
    """A schema whose validation doubles with each level of the body (two ``anyOf`` branches that both
    recurse) is cut off by gwmock's validation budget. freezegun freezes ``time.monotonic``: a budget
    read from it never ran out, and the request grew without end (12 GB before it was stopped)."""
    url = _validated_post(apigateway, {"type": "array", "items": {"anyOf": [{"$ref": "#"}, {"$ref": "#"}]}})
    body = 1
    for _ in range(60):
        body = [body]

    with freezegun.freeze_time(WEDNESDAY):
        refused = requests.post(url, data=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=30)

    assert (refused.status_code, refused.json()) == (400, {"message": "Invalid request body"})


def test_gwmock_budgets_read_a_clock_freezegun_does_not_stop():
    from gwmock import clock

    with freezegun.freeze_time(WEDNESDAY):
        before = clock.monotonic()
        import time

        time.sleep(0.02)
        assert clock.monotonic() - before >= 0.015


# --- coroutines, ticking clocks, freezes around the mock's start ---------------------------------------


@pytest.mark.asyncio
async def test_gw_invoke_and_async_clients_from_a_coroutine_under_freezegun(apigateway, gwmock):
    aiohttp = pytest.importorskip("aiohttp")
    httpx = pytest.importorskip("httpx")
    calls = []

    def allow(event, context):
        calls.append(event["authorizationToken"])
        return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}}

    with freezegun.freeze_time(WEDNESDAY) as clock:
        _, url, _, key = _keyed_api(apigateway, gwmock, authorizer=allow)
        headers = {"x-api-key": key["value"], "Authorization": "token-1"}
        assert gwmock.invoke("GET", url, headers=headers).status == 200
        async with httpx.AsyncClient() as client:
            assert (await client.get(url, headers=headers)).status_code == 200
        async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as answer:
            assert answer.status == 200
            event = await answer.json()
        clock.tick(301)
        assert gwmock.invoke("GET", url, headers=headers).status == 200
    assert calls == ["token-1", "token-1"]  # cached for 300 s of the frozen clock
    assert event["requestContext"]["requestTimeEpoch"] == 1772618400000


def test_a_ticking_freeze_keeps_caches_and_buckets_sane(apigateway, gwmock):
    calls = []

    def allow(event, context):
        calls.append(1)
        return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}}

    with freezegun.freeze_time(WEDNESDAY, tick=True) as clock:
        _, url, _, key = _keyed_api(apigateway, gwmock, authorizer=allow)
        headers = {"x-api-key": key["value"], "Authorization": "token-1"}
        assert [requests.get(url, headers=headers).status_code for _ in range(3)] == [200, 200, 200]
        clock.move_to("2026-03-04T09:00:00+00:00")  # an hour back, still ticking
        assert requests.get(url, headers=headers).status_code == 200
        event = requests.get(url, headers=headers).json()
    assert calls == [1, 1]  # the answer cached "in the future" was asked for again, then cached
    assert event["requestContext"]["requestTime"].startswith("04/Mar/2026:09:00:0")


def test_a_freeze_started_before_the_mock_and_ended_inside_it():
    from gwmock import mock_apigateway

    mock = mock_apigateway()
    with freezegun.freeze_time(WEDNESDAY):
        gw = mock.start()
    try:
        import boto3

        apigateway = boto3.client("apigateway", region_name=REGION)
        _, url, plan, key = _keyed_api(apigateway, gw, quota={"limit": 1, "period": "DAY"})
        headers = {"x-api-key": key["value"]}
        assert [requests.get(url, headers=headers).status_code for _ in range(2)] == [200, 429]
        with freezegun.freeze_time(WEDNESDAY) as clock:
            assert requests.get(url, headers=headers).status_code == 200  # another day: a fresh quota
            clock.tick(1)
            assert requests.get(url, headers=headers).status_code == 429
        assert requests.get(url, headers=headers).status_code == 429  # back to today: still spent
    finally:
        mock.stop()


def test_gwmock_ignored_by_freezegun_reads_the_real_clock(apigateway, gwmock):
    """``freeze_time(ignore=["gwmock"])`` (or ``freezegun.configure(extend_ignore_list=...)``): the
    user's choice that gwmock keep real time while the test's own code is frozen."""
    import time

    with freezegun.freeze_time(WEDNESDAY, ignore=["gwmock"]):
        _, url, _, key = _keyed_api(apigateway, gwmock, quota={"limit": 1, "period": "DAY"})
        answers = [requests.get(url, headers={"x-api-key": key["value"]}) for _ in range(2)]
        frozen_now = time.time()
    assert [answer.status_code for answer in answers] == [200, 429]
    assert frozen_now == 1772618400
    assert abs(answers[0].json()["requestContext"]["requestTimeEpoch"] / 1000 - time.time()) < 60
