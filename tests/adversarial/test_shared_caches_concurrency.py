"""The data plane's per-process caches under concurrent requests: REST header shapes (whose lists
every request with the same headers shares) and cached Lambda authorizer verdicts. Threads that
mutate what they are given must not change what another request sees."""

from __future__ import annotations

import re
import threading

import boto3

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "eu-west-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:{}:lambda:path/2015-03-31/functions/{}/invocations"
THREADS, REQUESTS = 8, 40


def _api(authorized: bool = False) -> tuple[str, str]:
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="shared")
    res = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{id}")["id"]
    method: dict = {"authorizationType": "NONE"}
    if authorized:
        method = {"authorizationType": "CUSTOM", "authorizerId": client.create_authorizer(
            restApiId=api["id"], name="auth", type="TOKEN", authorizerUri=URI.format(REGION, FN + "auth"),
            identitySource="method.request.header.Authorization")["id"]}
    client.put_method(restApiId=api["id"], resourceId=res, httpMethod="GET", **method)
    client.put_integration(restApiId=api["id"], resourceId=res, httpMethod="GET", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI.format(REGION, FN + "fn"))
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"], f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/"


def _run_threads(work) -> list[BaseException]:
    errors: list[BaseException] = []

    def body(n: int) -> None:
        try:
            work(n)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=body, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_threads_that_vandalize_their_events_leave_every_other_request_intact(gwmock):
    seen: list[dict] = []
    lock = threading.Lock()

    def vandal(event, context):
        snapshot = {k: list(v) for k, v in event["multiValueHeaders"].items()}
        with lock:
            seen.append(snapshot)
        for values in event["multiValueHeaders"].values():
            values.append("vandalized")
        event["headers"].clear()
        return {"statusCode": 200, "body": event["pathParameters"]["id"]}

    gwmock.add_lambda(FN + "fn", vandal)
    _, url = _api()
    headers = {"X-Same": "one", "Accept": "*/*"}

    def work(n: int) -> None:
        for i in range(REQUESTS):
            answer = gwmock.invoke("GET", f"{url}{n}-{i}", headers=headers)
            assert (answer.status, answer.text) == (200, f"{n}-{i}")

    assert _run_threads(work) == []
    assert len(seen) == THREADS * REQUESTS
    for multi in seen:
        assert multi["X-Same"] == ["one"] and multi["Accept"] == ["*/*"]
        assert all(len(values) == 1 and values[0] != "vandalized" for values in multi.values())
        assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", multi["X-Amzn-Trace-Id"][0])
    assert len({multi["X-Amz-Cf-Id"][0] for multi in seen}) == len(seen)  # made per request


def test_a_cached_verdict_per_method_holds_under_concurrent_requests(gwmock):
    calls: list[str] = []

    def auth(event, context):
        calls.append(event["authorizationToken"])
        allowed = event["methodArn"].rsplit("/", 1)[0] + "/even-*"
        return {"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": allowed}]}}

    gwmock.add_lambda(FN + "auth", auth)
    gwmock.add_lambda(FN + "fn", lambda event, context: {"statusCode": 200, "body": "ok"})
    _, url = _api(authorized=True)

    def work(n: int) -> None:
        for i in range(REQUESTS):
            name = f"{'even' if i % 2 == 0 else 'odd'}-{n}-{i}"  # 320 method ARNs: more than a verdict table keeps
            status = gwmock.invoke("GET", url + name, headers={"Authorization": "token"}).status
            assert status == (200 if name.startswith("even") else 403), (name, status)

    assert _run_threads(work) == []
    assert 1 <= len(calls) <= THREADS  # one answer cached per token (a few threads may race to make it)
