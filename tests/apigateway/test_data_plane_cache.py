"""REST stage response caching ("Cache settings for REST APIs in API Gateway"): what is cached, under
which key, for how long, and how clients and FlushStageCache invalidate it. See
``gwmock/runtime/rest/cache.py`` for the evidence; tests of guessed behaviour say "(guess)"."""

from __future__ import annotations

import json
import time

import pytest
import requests

from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.rest import cache

freezegun = pytest.importorskip("freezegun")

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
SIGV4 = ("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/{day}/us-east-1/execute-api/aws4_request, "
         "SignedHeaders=host;x-amz-date, Signature=" + "ab" * 32)


class Api:
    """GET and POST /pets/{id} behind a Lambda proxy that counts its calls, deployed to ``dev``."""

    def __init__(self, client, gw, *, key_parameters=(), cluster=True, caching=True, ttl=None,
                 authorization="NONE", status=200, validator=False, **method):
        self.client, self.gw, self.calls = client, gw, []
        gw.add_lambda(FN + "count", self._count)
        self.status = status
        api = client.create_rest_api(name="cached")
        self.id = api["id"]
        pets = client.create_resource(restApiId=self.id, parentId=api["rootResourceId"], pathPart="pets")["id"]
        self.resource = client.create_resource(restApiId=self.id, parentId=pets, pathPart="{id}")["id"]
        if validator:
            method["requestValidatorId"] = client.create_request_validator(
                restApiId=self.id, name="params", validateRequestParameters=True)["id"]
        parameters = {"method.request.path.id": True, "method.request.querystring.type": False,
                      "method.request.header.X-Tenant": validator}
        for verb in ("GET", "POST"):
            client.put_method(restApiId=self.id, resourceId=self.resource, httpMethod=verb,
                              authorizationType=authorization, requestParameters=parameters, **method)
            client.put_integration(restApiId=self.id, resourceId=self.resource, httpMethod=verb, type="AWS_PROXY",
                                   integrationHttpMethod="POST", uri=URI.format(FN + "count"),
                                   cacheKeyParameters=list(key_parameters))
        client.create_deployment(restApiId=self.id, stageName="dev")
        operations = []
        if cluster:
            operations.append({"op": "replace", "path": "/cacheClusterEnabled", "value": "true"})
        if caching:
            operations.append({"op": "replace", "path": "/*/*/caching/enabled", "value": "true"})
        if ttl is not None:
            operations.append({"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": str(ttl)})
        if operations:
            self.update(*operations)
        self.url = f"https://{self.id}.execute-api.{REGION}.amazonaws.com/dev/pets"

    def _count(self, event, context):
        self.calls.append(event)
        return {"statusCode": self.status, "body": f"answer {len(self.calls)}"}

    def update(self, *operations):
        self.client.update_stage(restApiId=self.id, stageName="dev", patchOperations=list(operations))

    def setting(self, name, value, key="*/*"):
        self.update({"op": "replace", "path": f"/{key}/caching/{name}", "value": str(value)})

    def get(self, path="/1", **headers):
        return requests.get(self.url + path, headers=headers)


def _bodies(api, *paths, **headers):
    return [api.get(path, **headers).text for path in paths]


# --- what is cached -----------------------------------------------------------------------------


def test_a_cached_get_does_not_call_the_function_again(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    assert _bodies(api, "/1", "/1", "/1") == ["answer 1"] * 3
    assert len(api.calls) == 1
    log = gwmock.requests[-1].log
    assert any(cache.HIT in line for line in log)  # the wording is a guess
    assert not any("Endpoint request body after transformations" in line for line in log)
    assert any(cache.MISS in line for line in gwmock.requests[-3].log)


def test_gw_invoke_uses_the_cache_too(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    answers = [gwmock.invoke("GET", api.url + "/1").text for _ in range(2)]
    assert answers == ["answer 1", "answer 1"] and len(api.calls) == 1


def test_without_the_cluster_or_a_method_setting_nothing_is_cached(apigateway, gwmock):
    no_cluster = Api(apigateway, gwmock, cluster=False)
    assert _bodies(no_cluster, "/1", "/1") == ["answer 1", "answer 2"]
    # the cluster alone: MethodSetting's cachingEnabled defaults to false (SAM #130)
    no_setting = Api(apigateway, gwmock, caching=False)
    assert _bodies(no_setting, "/1", "/1") == ["answer 1", "answer 2"]


def test_a_ttl_of_zero_turns_caching_off(apigateway, gwmock):
    api = Api(apigateway, gwmock, ttl=0)
    assert _bodies(api, "/1", "/1") == ["answer 1", "answer 2"]


def test_entries_expire_after_the_ttl(apigateway, gwmock):
    with freezegun.freeze_time("2026-03-04T10:00:00+00:00") as clock:
        api = Api(apigateway, gwmock, ttl=60)
        assert _bodies(api, "/1") == ["answer 1"]
        clock.tick(59)
        assert _bodies(api, "/1") == ["answer 1"]
        clock.tick(2)
        assert _bodies(api, "/1", "/1") == ["answer 2", "answer 2"]


def test_the_default_ttl_is_300_seconds(apigateway, gwmock):
    with freezegun.freeze_time("2026-03-04T10:00:00+00:00") as clock:
        api = Api(apigateway, gwmock)
        assert _bodies(api, "/1") == ["answer 1"]
        clock.tick(299)
        assert _bodies(api, "/1") == ["answer 1"]
        clock.tick(2)
        assert _bodies(api, "/1") == ["answer 2"]


def test_a_ttl_above_an_hour_counts_as_an_hour(apigateway, gwmock):
    with freezegun.freeze_time("2026-03-04T10:00:00+00:00") as clock:
        api = Api(apigateway, gwmock, ttl=7200)  # AWS's maximum is 3600 s
        assert _bodies(api, "/1") == ["answer 1"]
        clock.tick(3599)
        assert _bodies(api, "/1") == ["answer 1"]
        clock.tick(2)
        assert _bodies(api, "/1") == ["answer 2"]


def test_answers_over_a_megabyte_are_not_cached(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    big = "x" * (cache.MAX_BODY + 1)
    gwmock.add_lambda(FN + "count", lambda event, context: (api.calls.append(event), {
        "statusCode": 200, "body": big if len(api.calls) < 3 else "small"})[1])
    assert [len(text) for text in _bodies(api, "/1", "/1")] == [len(big)] * 2 and len(api.calls) == 2
    assert _bodies(api, "/1", "/1") == ["small", "small"] and len(api.calls) == 3


def test_post_is_cached_only_with_its_own_method_setting(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    assert [requests.post(api.url + "/1").text for _ in range(2)] == ["answer 1", "answer 2"]
    api.setting("enabled", "true", key="~1pets~1{id}/POST")
    assert [requests.post(api.url + "/1").text for _ in range(2)] == ["answer 3", "answer 3"]
    assert _bodies(api, "/1") == ["answer 4"]  # GET and POST are kept apart (guess)


def test_a_method_setting_can_turn_caching_off_for_one_method(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    api.setting("enabled", "false", key="~1pets~1{id}/GET")
    assert _bodies(api, "/1", "/1") == ["answer 1", "answer 2"]


def test_answers_of_any_status_are_cached(apigateway, gwmock):
    api = Api(apigateway, gwmock, status=429)  # users report a backend's 429 served from the cache
    answers = [api.get("/1") for _ in range(2)]
    assert [(a.status_code, a.text) for a in answers] == [(429, "answer 1")] * 2 and len(api.calls) == 1


def test_a_hit_carries_the_callers_trace_id_and_request_id(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    first, second = api.get("/1"), api.get("/1", **{"X-Amzn-Trace-Id": "Root=1-00000000-000000000000000000000002"})
    assert second.text == first.text and len(api.calls) == 1
    assert second.headers["X-Amzn-Trace-Id"].startswith("Root=1-00000000-000000000000000000000002")
    assert first.headers["X-Amzn-Trace-Id"] != second.headers["X-Amzn-Trace-Id"]
    assert first.headers["x-amzn-RequestId"] != second.headers["x-amzn-RequestId"]


def test_entries_per_stage_are_bounded(apigateway, gwmock, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    api = Api(apigateway, gwmock, key_parameters=["method.request.path.id"])
    assert _bodies(api, "/1", "/2", "/3") == ["answer 1", "answer 2", "answer 3"]
    assert _bodies(api, "/3", "/2", "/1") == ["answer 3", "answer 2", "answer 4"]  # /1, the oldest, went


# --- the key -------------------------------------------------------------------------------------


def test_parameters_not_in_the_key_share_an_entry(apigateway, gwmock):
    # path parameters and query strings count only when listed (theburningmonk.com's report)
    api = Api(apigateway, gwmock)
    assert _bodies(api, "/1?type=a", "/2?type=b") == ["answer 1", "answer 1"]


def test_cache_key_parameters_separate_entries(apigateway, gwmock):
    api = Api(apigateway, gwmock, key_parameters=["method.request.path.id", "method.request.querystring.type",
                                                   "method.request.header.X-Tenant"])
    assert _bodies(api, "/1?type=a", "/1?type=a", "/1?type=b", "/2?type=a", "/1") == [
        "answer 1", "answer 1", "answer 2", "answer 3", "answer 4"]  # an absent parameter is a value too
    assert _bodies(api, "/1?type=a&other=x") == ["answer 1"]  # a parameter not listed is not in the key
    assert _bodies(api, "/1?type=a", **{"x-tenant": "t1"}) == ["answer 5"]
    assert _bodies(api, "/1?type=a", **{"X-TENANT": "t1"}) == ["answer 5"]  # header names ignore case


def test_a_shared_cache_namespace_shares_entries_across_resources(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    other = apigateway.create_resource(restApiId=api.id, parentId=api.resource, pathPart="toys")["id"]
    apigateway.put_method(restApiId=api.id, resourceId=other, httpMethod="GET", authorizationType="NONE")
    for resource in (api.resource, other):
        apigateway.put_integration(restApiId=api.id, resourceId=resource, httpMethod="GET", type="AWS_PROXY",
                                   integrationHttpMethod="POST", uri=URI.format(FN + "count"),
                                   cacheNamespace="shared")
    apigateway.create_deployment(restApiId=api.id, stageName="dev")
    assert _bodies(api, "/1", "/1/toys") == ["answer 1", "answer 1"]


# --- what still runs on a hit ------------------------------------------------------------------


def test_authorizers_run_on_every_call(apigateway, gwmock):
    tokens = []

    def auth(event, context):
        tokens.append(event["authorizationToken"])
        effect = "Allow" if event["authorizationToken"] == "good" else "Deny"
        return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": "*"}]}}

    gwmock.add_lambda(FN + "auth", auth)
    api = Api(apigateway, gwmock)
    authorizer = apigateway.create_authorizer(
        restApiId=api.id, name="auth", type="TOKEN", authorizerUri=URI.format(FN + "auth"),
        identitySource="method.request.header.Authorization", authorizerResultTtlInSeconds=0)
    apigateway.update_method(restApiId=api.id, resourceId=api.resource, httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
        {"op": "replace", "path": "/authorizerId", "value": authorizer["id"]}])
    apigateway.create_deployment(restApiId=api.id, stageName="dev")
    assert _bodies(api, "/1", "/1", Authorization="good") == ["answer 1", "answer 1"]
    assert api.get("/1", Authorization="bad").status_code == 403  # the cached answer is not given
    assert tokens == ["good", "good", "bad"] and len(api.calls) == 1


def test_request_validation_runs_on_every_call(apigateway, gwmock):
    api = Api(apigateway, gwmock, validator=True)  # X-Tenant required, not in the key
    assert _bodies(api, "/1", **{"X-Tenant": "t"}) == ["answer 1"]
    refused = api.get("/1")
    assert refused.status_code == 400 and len(api.calls) == 1


# --- invalidation ---------------------------------------------------------------------------------


def test_max_age_zero_refetches_and_replaces_the_entry_when_allowed(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    api.setting("requireAuthorizationForCacheControl", "false")
    assert _bodies(api, "/1") == ["answer 1"]
    assert _bodies(api, "/1", **{"Cache-Control": "max-age=0"}) == ["answer 2"]
    assert _bodies(api, "/1") == ["answer 2"]


def test_an_iam_caller_may_invalidate(apigateway, gwmock):
    # gwmock takes an IAM caller's own policy to allow execute-api:InvalidateCache (guess, as for Invoke)
    api = Api(apigateway, gwmock, authorization="AWS_IAM")
    now = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())  # AWS refuses a date 5 minutes from its clock
    signed = {"Authorization": SIGV4.format(day=now[:8]), "X-Amz-Date": now}
    assert _bodies(api, "/1", "/1", **signed) == ["answer 1", "answer 1"]
    assert _bodies(api, "/1", **signed, **{"Cache-Control": "no-store, max-age=0"}) == ["answer 2"]


def test_an_unauthorized_max_age_zero_gets_the_cached_answer_and_a_warning_by_default(apigateway, gwmock):
    api = Api(apigateway, gwmock)  # requireAuthorizationForCacheControl true, SUCCEED_WITH_RESPONSE_HEADER
    assert _bodies(api, "/1") == ["answer 1"]
    answer = api.get("/1", **{"Cache-Control": "max-age=0"})
    assert answer.text == "answer 1" and len(api.calls) == 1
    assert answer.headers[cache.WARNING[0]] == cache.WARNING[1]  # the header's name and text: guesses
    assert cache.WARNING[0] not in api.get("/1").headers


def test_an_unauthorized_max_age_zero_without_the_header(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    api.setting("unauthorizedCacheControlHeaderStrategy", "SUCCEED_WITHOUT_RESPONSE_HEADER")
    assert _bodies(api, "/1") == ["answer 1"]
    answer = api.get("/1", **{"Cache-Control": "max-age=0"})
    assert answer.text == "answer 1" and cache.WARNING[0] not in answer.headers and len(api.calls) == 1


def test_an_unauthorized_max_age_zero_fails_with_403(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    api.setting("unauthorizedCacheControlHeaderStrategy", "FAIL_WITH_403")
    assert _bodies(api, "/1") == ["answer 1"]
    answer = api.get("/1", **{"Cache-Control": "max-age=0"})
    assert answer.status_code == 403 and json.loads(answer.text) == {"message": cache.UNAUTHORIZED}  # (guess)
    assert len(api.calls) == 1


def test_flush_stage_cache_empties_the_stage(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    assert _bodies(api, "/1", "/1") == ["answer 1", "answer 1"]
    apigateway.flush_stage_cache(restApiId=api.id, stageName="dev")
    assert _bodies(api, "/1", "/1") == ["answer 2", "answer 2"]


def test_turning_the_cache_off_empties_it(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    assert _bodies(api, "/1") == ["answer 1"]
    api.update({"op": "replace", "path": "/cacheClusterEnabled", "value": "false"})
    assert _bodies(api, "/1", "/1") == ["answer 2", "answer 3"]
    api.update({"op": "replace", "path": "/cacheClusterEnabled", "value": "true"})
    assert _bodies(api, "/1", "/1") == ["answer 4", "answer 4"]


def test_a_new_cache_size_empties_it(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    assert _bodies(api, "/1") == ["answer 1"]
    api.update({"op": "replace", "path": "/cacheClusterSize", "value": "1.6"})
    assert _bodies(api, "/1", "/1") == ["answer 2", "answer 2"]


def test_a_new_deployment_keeps_the_entries(apigateway, gwmock):
    # users flush after deploying (serverless-api-gateway-caching's flushOnDeploy): a deployment does not
    api = Api(apigateway, gwmock)
    assert _bodies(api, "/1") == ["answer 1"]
    apigateway.create_deployment(restApiId=api.id, stageName="dev")
    assert _bodies(api, "/1") == ["answer 1"]


def test_a_recreated_stage_starts_empty(apigateway, gwmock):
    # the stage is told apart by its createdDate, in whole seconds as AWS gives it: a second later here
    with freezegun.freeze_time("2026-03-04T10:00:00+00:00") as clock:
        api = Api(apigateway, gwmock)
        assert _bodies(api, "/1") == ["answer 1"]
        deployment = apigateway.get_stage(restApiId=api.id, stageName="dev")["deploymentId"]
        apigateway.delete_stage(restApiId=api.id, stageName="dev")
        clock.tick(1)
        apigateway.create_stage(restApiId=api.id, stageName="dev", deploymentId=deployment,
                                cacheClusterEnabled=True)
        api.setting("enabled", "true")
        assert _bodies(api, "/1") == ["answer 2"]


def test_test_invoke_method_never_uses_the_cache(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    assert _bodies(api, "/1") == ["answer 1"]
    answer = apigateway.test_invoke_method(restApiId=api.id, resourceId=api.resource, httpMethod="GET",
                                           pathWithQueryString="/pets/1")
    assert answer["body"] == "answer 2"  # (guess)


def test_a_canary_request_uses_the_stage_cache_only_when_told(apigateway, gwmock):
    api = Api(apigateway, gwmock)
    deployment = apigateway.create_deployment(restApiId=api.id)["id"]
    api.update({"op": "replace", "path": "/canarySettings/deploymentId", "value": deployment},
               {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "100"})
    assert _bodies(api, "/1", "/1") == ["answer 1", "answer 2"]
    api.update({"op": "replace", "path": "/canarySettings/useStageCache", "value": "true"})
    assert _bodies(api, "/1", "/1") == ["answer 3", "answer 3"]
