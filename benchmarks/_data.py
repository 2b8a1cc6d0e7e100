"""Data-plane cases: requests to deployed APIs, against what the HTTP client and the
user's handler cost anyway.

The floor of a ``requests`` call is the same ``requests`` call answered at urllib3's
``HTTPConnectionPool.urlopen`` (gwmock's own hook) with the exact status, headers and
body gwmock answered, plus, for a Lambda proxy, the Python handler called directly with
the event gwmock built. ``gw.invoke`` has no client around it: its whole time is gwmock's.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from typing import Any

import boto3

from benchmarks._control import median_us, timed

Row = dict[str, Any]
REGION = "eu-west-1"
ACCOUNT = "123456789012"
LAMBDA_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:bench"
LAMBDA_URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{LAMBDA_ARN}/invocations"


class _Handler:
    """The user's Lambda function; remembers the last event and context it was given."""

    def __init__(self) -> None:
        self.event: Any = None
        self.context: Any = None

    def __call__(self, event: Any, context: Any) -> dict[str, Any]:
        self.event, self.context = event, context
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": '{"ok": true}'}


class _CannedUrlopen:
    """While active, urllib3 answers with the recorded answer after running the handler directly."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes, handler: _Handler | None) -> None:
        self.answer = (status, headers, body)
        self.handler = handler
        self.event = handler.event if handler else None
        self.context = handler.context if handler else None

    def __enter__(self) -> _CannedUrlopen:
        from urllib3.connectionpool import HTTPConnectionPool
        from urllib3.response import HTTPResponse

        self.original = HTTPConnectionPool.urlopen
        canned = self

        def urlopen(pool: Any, method: str, url: str, body: Any = None, headers: Any = None, *args: Any,
                    **kwargs: Any) -> Any:
            if canned.handler is not None:
                canned.handler(canned.event, canned.context)
            status, out_headers, out_body = canned.answer
            return HTTPResponse(body=io.BytesIO(out_body), headers=out_headers, status=status,
                                preload_content=kwargs.get("preload_content", True), decode_content=False,
                                request_method=method, request_url=url, enforce_content_length=False)

        HTTPConnectionPool.urlopen = urlopen  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        from urllib3.connectionpool import HTTPConnectionPool

        HTTPConnectionPool.urlopen = self.original  # type: ignore[method-assign]


def _recorded(fn: Callable[[], Any]) -> tuple[int, dict[str, str], bytes]:
    """Run ``fn`` (a ``requests`` call) once and keep the answer as it arrived."""
    response = fn()
    return response.status_code, dict(response.headers), response.content


def _against_floor(name: str, fn: Callable[[], Any], handler: _Handler | None, repeat: int, target: float,
                   note: str = "") -> Row:
    for _ in range(3):
        fn()
    status, headers, body = _recorded(fn)
    floor = _CannedUrlopen(status, headers, body, handler)
    gw, fl = [], []
    for _ in range(repeat):
        gw.append(timed(fn))
        with floor:
            fl.append(timed(fn))
    gw_us, floor_us = statistics.median(gw) * 1e6, statistics.median(fl) * 1e6
    return {"name": name, "gwmock_us": gw_us, "floor_us": floor_us, "ratio": gw_us / floor_us, "target": target,
            "note": note}


def _rest_api(v1: Any, resources: int = 0) -> str:
    """A REST API with GET /pets (MOCK), POST /pets (Lambda proxy), deployed to ``dev``."""
    api = v1.create_rest_api(name="dp")
    for i in range(resources):
        v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=f"x{i:04}")
    res = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="NONE")
    v1.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", type="MOCK",
                       requestTemplates={"application/json": '{"statusCode": 200}'})
    v1.put_method_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200")
    v1.put_integration_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200",
                                responseTemplates={"application/json": '{"pets": []}'})
    v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="POST", authorizationType="NONE")
    v1.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="POST", type="AWS_PROXY",
                       integrationHttpMethod="POST", uri=LAMBDA_URI)
    v1.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets"


def _http_api(v2: Any, routes: int = 0) -> str:
    """An HTTP API with ``POST /pets`` (Lambda proxy, payload 2.0) on an auto-deployed ``$default`` stage."""
    api = v2.create_api(Name="dp", ProtocolType="HTTP")
    integration = v2.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA_ARN,
                                        PayloadFormatVersion="2.0")
    target = f"integrations/{integration['IntegrationId']}"
    for i in range(routes):
        v2.create_route(ApiId=api["ApiId"], RouteKey=f"GET /x{i:04}/{{id}}", Target=target)
    v2.create_route(ApiId=api["ApiId"], RouteKey="POST /pets", Target=target)
    v2.create_stage(ApiId=api["ApiId"], StageName="$default", AutoDeploy=True)
    return f"https://{api['ApiId']}.execute-api.{REGION}.amazonaws.com/pets"


def _keyed_api(v1: Any) -> tuple[str, str, str]:
    """A REST API whose GET /pets needs an API key, deployed to ``dev`` and ``other``, with one
    usage plan and key on ``dev``; (url, key value, api id)."""
    api = v1.create_rest_api(name="keys")
    res = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="NONE",
                  apiKeyRequired=True)
    v1.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", type="MOCK",
                       requestTemplates={"application/json": '{"statusCode": 200}'})
    v1.put_method_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200")
    v1.put_integration_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200")
    for stage in ("dev", "other"):
        v1.create_deployment(restApiId=api["id"], stageName=stage)
    plan = v1.create_usage_plan(name="mine", apiStages=[{"apiId": api["id"], "stage": "dev"}])
    key = v1.create_api_key(name="mine", enabled=True)
    v1.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets", key["value"], api["id"]


def _more_plans(v1: Any, api_id: str, plans: int) -> None:
    """``plans`` usage plans with a key each, on the API's ``other`` stage: a busy account."""
    for i in range(plans):
        plan = v1.create_usage_plan(name=f"p{i}", apiStages=[{"apiId": api_id, "stage": "other"}])
        key = v1.create_api_key(name=f"k{i}", enabled=True)
        v1.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")


def run(quick: bool, repeat: int) -> list[Row]:
    import requests

    from gwmock import mock_apigateway

    rows: list[Row] = []
    with mock_apigateway() as gw:
        handler = _Handler()
        gw.add_lambda("bench", handler)
        v1 = boto3.client("apigateway", region_name=REGION)
        v2 = boto3.client("apigatewayv2", region_name=REGION)
        rest = _rest_api(v1)
        http = _http_api(v2)
        big_rest = _rest_api(v1, resources=1000)
        big_http = _http_api(v2, routes=1000)

        def post(url: str) -> Callable[[], Any]:
            return lambda: requests.post(url, data=b"{}", headers={"Content-Type": "application/json"})

        rows.append(_against_floor("requests REST Lambda proxy", post(rest), handler, repeat, 1.15))
        rows.append(_against_floor("requests HTTP API Lambda proxy", post(http), handler, repeat, 1.15))
        rows.append(_against_floor("requests REST MOCK", lambda: requests.get(rest), None, repeat, 1.15))
        rows.append(_against_floor("requests REST Lambda, 1,001 resources", post(big_rest), handler, repeat, 1.15,
                                   "flat in the API's size"))
        rows.append(_against_floor("requests HTTP Lambda, 1,001 routes", post(big_http), handler, repeat, 1.15,
                                   "routes compiled once per deployment"))
        mock_us = median_us(lambda: gw.invoke("GET", rest), repeat)
        rows.append({"name": "gw.invoke REST MOCK", "gwmock_us": mock_us, "floor_us": None, "ratio": None,
                     "target": "< 60 us", "note": "all of it gwmock's own time"})
        for name, url in (("gw.invoke REST Lambda proxy", rest), ("gw.invoke HTTP API Lambda proxy", http)):
            total = median_us(lambda url=url: gw.invoke("POST", url, body="{}"), repeat)  # type: ignore[misc]
            direct = median_us(lambda: handler(handler.event, handler.context), repeat)
            rows.append({"name": name, "gwmock_us": total, "floor_us": direct, "ratio": None, "target": None,
                         "note": f"gwmock's own ~{total - direct:.0f} us; floor = the handler alone"})
        rows.append(_hand_off(repeat))
        rows.append(_cold(lambda: gw.invoke("GET", rest), repeat))
        rows.append(_with_collections(lambda: gw.invoke("GET", rest), 2_000 if quick else 20_000))
        plans = 100 if quick else 1000
        rows.append(_keyed_rows(gw, v1, plans, repeat))
    return rows


def _keyed_rows(gw: Any, v1: Any, plans: int, repeat: int) -> Row:
    """An API key checked in an account with ``plans`` more usage plans and keys, against the same
    request in a second mock's account without them; samples of the two interleaved, so that a busy
    moment of the machine slows both alike (one median taken before the plans were added and one
    after read noise as growth)."""
    from gwmock import mock_apigateway

    url, key, api_id = _keyed_api(v1)
    _more_plans(v1, api_id, plans)
    quiet = mock_apigateway()
    with quiet as other:
        quiet_url, quiet_key, _ = _keyed_api(v1)
    busy_samples, alone_samples = [], []
    for round_ in range(repeat + 5):
        busy_time = timed(lambda: gw.invoke("GET", url, headers={"x-api-key": key}))
        with quiet:
            alone_time = timed(lambda: other.invoke("GET", quiet_url, headers={"x-api-key": quiet_key}))
        if round_ >= 5:  # the first rounds warm up
            busy_samples.append(busy_time)
            alone_samples.append(alone_time)
    busy, alone = statistics.median(busy_samples) * 1e6, statistics.median(alone_samples) * 1e6
    return {"name": f"gw.invoke API key, {plans:,} more plans+keys", "gwmock_us": busy, "floor_us": alone,
            "ratio": busy / alone, "target": 1.10,
            "note": "floor = the same in an account without them (interleaved)"}


def _cold(fn: Callable[[], Any], repeat: int) -> Row:
    """``fn`` timed right after other work has filled the CPU caches (a JSON dump of about 300 KB,
    not timed), against ``fn`` timed in a tight loop, samples interleaved: inside a real call
    (``requests``, botocore) gwmock's code and records are no longer cached, which is why a
    ``requests`` row's own share is about twice what ``gw.invoke`` costs in a loop."""
    import json

    other_work = {str(i): [i, str(i), {"a": i}] for i in range(3000)}
    for _ in range(5):
        fn()
    warm, cold = [], []
    for _ in range(repeat):
        fn()
        fn()  # a loop's third call: as warm as the tight loop of ``gw.invoke REST MOCK``
        warm.append(timed(fn))
        json.dumps(other_work)
        cold.append(timed(fn))
    warm_us, cold_us = statistics.median(warm) * 1e6, statistics.median(cold) * 1e6
    return {"name": "gw.invoke REST MOCK, caches cold", "gwmock_us": cold_us, "floor_us": warm_us,
            "ratio": cold_us / warm_us, "target": None,
            "note": "after 300 KB of other work; floor = the same in a tight loop"}


def _with_collections(fn: Callable[[], Any], requests: int) -> Row:
    """The mean cost of a request with the garbage collector on, and the same without the time spent
    in its collections (timed by ``gc.callbacks`` in the same run, so that a busy machine slows
    both alike): what the records a mock keeps (``gw.requests``) cost in collections, which
    medians do not show."""
    import gc

    spent = [0.0, 0.0]  # seconds in collections, start of the current one

    def clock(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            spent[1] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - spent[1]

    gc.collect()
    gc.callbacks.append(clock)
    try:
        start = time.perf_counter()
        for _ in range(requests):
            fn()
        total = time.perf_counter() - start
    finally:
        gc.callbacks.remove(clock)
    mean, collecting = total / requests * 1e6, spent[0] / requests * 1e6
    return {"name": f"gw.invoke REST MOCK, mean of {requests:,}", "gwmock_us": mean, "floor_us": mean - collecting,
            "ratio": mean / (mean - collecting), "target": 1.15,
            "note": "floor = without the garbage collector's time"}


def _hand_off(repeat: int) -> Row:
    """What running a Lambda handler on a worker thread costs (two thread switches): the price of
    answering 504 at the integration timeout whatever the handler does (it may never return)."""
    from gwmock.runtime import lambdas

    context = lambdas.LambdaContext(LAMBDA_ARN, "bench")
    answer = {"statusCode": 200}

    def handler(event: Any, context: Any) -> dict[str, Any]:
        return answer

    timed_call = median_us(lambda: lambdas.call(handler, context, {}, timeout=29.0), repeat * 3)
    inline = median_us(lambda: lambdas.call(handler, context, {}), repeat * 3)
    return {"name": "Lambda hand-off to its worker thread", "gwmock_us": timed_call, "floor_us": inline,
            "ratio": None, "target": None,
            "note": f"~{timed_call - inline:.0f} us of each Lambda row: the integration timeout's guard"}
