"""Per-call cost of gwmock against botocore's own floor and against moto.

    python benchmarks/bench.py [--repeat 200]

For each operation of a representative mix, the median wall time of one boto3
call is measured three ways in one run:

* floor: the same client, answered at the same hook (``Endpoint._send_request``)
  by a canned response recorded from gwmock, so only botocore's own work remains
  (serialize, sign, parse);
* gwmock: answered by gwmock;
* moto: inside moto's ``mock_aws``, when moto is installed.

It also times mock start/stop, ``import gwmock`` beyond botocore's import, paging
with 10 vs 10,000 stored items, and memory for 10,000 REST APIs with 20
resources each (``--memory``, slower).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.endpoint import Endpoint, convert_to_response_dict

sys.path.insert(0, ".")
from gwmock import mock_apigateway  # noqa: E402
from gwmock.intercept import _Raw  # noqa: E402

REGION = "eu-west-1"


def median_us(fn: Callable[[], Any], repeat: int) -> float:
    for _ in range(5):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def scenario(v1: Any, v2: Any, repeat: int = 200) -> dict[str, Callable[[], Any]]:
    """Operations of the mix, each a zero-argument call valid to repeat."""
    api = v1.create_rest_api(name="bench")
    root = api["rootResourceId"]
    counter = iter(range(10**9))
    calls: dict[str, Callable[[], Any]] = {
        "CreateRestApi": lambda: v1.create_rest_api(name="bench"),
        "GetRestApi": lambda: v1.get_rest_api(restApiId=api["id"]),
    }
    tree = v1.create_rest_api(name="tree")
    calls["CreateResource"] = lambda: v1.create_resource(restApiId=tree["id"], parentId=tree["rootResourceId"],
                                                         pathPart=f"r{next(counter)}")
    try:
        res = v1.create_resource(restApiId=api["id"], parentId=root, pathPart="pets")
        v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="NONE")
        # A method can be put once per resource: each timed call gets a fresh resource.
        fresh = iter([v1.create_resource(restApiId=api["id"], parentId=root, pathPart=f"m{i}")["id"]
                      for i in range(3 * repeat + 20)])
        calls["PutMethod"] = lambda: v1.put_method(restApiId=api["id"], resourceId=next(fresh), httpMethod="GET",
                                                   authorizationType="NONE")
        calls["PutIntegration"] = lambda: v1.put_integration(restApiId=api["id"], resourceId=res["id"],
                                                             httpMethod="GET", type="MOCK")
        calls["PutIntegration"]()
        # Listing and deploying are timed on a small API of their own (2 resources, 1 method).
        small = v1.create_rest_api(name="small")
        pets = v1.create_resource(restApiId=small["id"], parentId=small["rootResourceId"], pathPart="pets")
        v1.put_method(restApiId=small["id"], resourceId=pets["id"], httpMethod="GET", authorizationType="NONE")
        v1.put_integration(restApiId=small["id"], resourceId=pets["id"], httpMethod="GET", type="MOCK")
        calls["GetResources"] = lambda: v1.get_resources(restApiId=small["id"])
        calls["CreateDeployment"] = lambda: v1.create_deployment(restApiId=small["id"], stageName="dev")
    except Exception as exc:  # a family not implemented yet
        print(f"  (v1 mix truncated: {exc})", file=sys.stderr)
    try:
        http = v2.create_api(Name="bench", ProtocolType="HTTP")
        calls["v2 CreateApi"] = lambda: v2.create_api(Name="bench", ProtocolType="HTTP")
        calls["v2 CreateRoute"] = lambda: v2.create_route(ApiId=http["ApiId"], RouteKey=f"GET /r{next(counter)}")
        listed = v2.create_api(Name="listed", ProtocolType="HTTP")
        for key in ("GET /pets", "POST /pets", "GET /pets/{id}"):
            v2.create_route(ApiId=listed["ApiId"], RouteKey=key)
        calls["v2 GetRoutes"] = lambda: v2.get_routes(ApiId=listed["ApiId"])
    except Exception as exc:
        print(f"  (v2 mix truncated: {exc})", file=sys.stderr)
    return calls


class Floor:
    """Answer every apigateway call with a canned response, at gwmock's own hook."""

    def __init__(self, canned: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
        self.canned = canned

    def __enter__(self) -> Floor:
        self.original = Endpoint._send_request
        canned = self.canned

        def send(endpoint: Endpoint, request_dict: Any, operation_model: Any) -> Any:
            request = endpoint.create_request(request_dict, operation_model)
            status, headers, body = canned[operation_model.name]
            http = AWSResponse(request.url, status, headers, _Raw(body))
            http._content = body
            response_dict = convert_to_response_dict(http, operation_model)
            # botocore's own tail of a response, as _do_get_response runs it.
            service_id = operation_model.service_model.service_id.hyphenize()
            endpoint._event_emitter.emit(f"before-parse.{service_id}.{operation_model.name}",
                                         operation_model=operation_model, response_dict=response_dict,
                                         customized_response_dict={})
            parser = endpoint._response_parser_factory.create_parser("rest-json")
            return http, parser.parse(response_dict, operation_model.output_shape)

        Endpoint._send_request = send  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Endpoint._send_request = self.original  # type: ignore[method-assign]


def per_call(repeat: int) -> list[tuple[str, float, float, float | None]]:
    import gwmock.intercept as intercept

    original = intercept.handle_request
    canned: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def recording(*args: Any, **kwargs: Any) -> Any:
        response = original(*args, **kwargs)
        canned[_operation(args)] = response
        return response

    with mock_apigateway():
        calls = scenario(boto3.client("apigateway", region_name=REGION),
                         boto3.client("apigatewayv2", region_name=REGION), repeat)
        intercept.handle_request = recording  # type: ignore[assignment]
        try:
            for fn in calls.values():
                fn()
        finally:
            intercept.handle_request = original  # type: ignore[assignment]
        # Interleave gwmock and floor samples in the same process state (heap, caches),
        # so that drift and garbage-collection costs fall on both alike.
        floor = Floor(canned)
        gw_times, floor_times = {}, {}
        for name, fn in calls.items():
            gw_samples, floor_samples = [], []
            for _ in range(repeat):
                gw_samples.append(_timed(fn))
                with floor:
                    floor_samples.append(_timed(fn))
            gw_times[name] = statistics.median(gw_samples) * 1e6
            floor_times[name] = statistics.median(floor_samples) * 1e6
    moto_times: dict[str, float] = {}
    try:
        import moto
    except ImportError:
        moto = None
    if moto is not None:
        with moto.mock_aws():
            moto_calls = scenario(boto3.client("apigateway", region_name=REGION),
                                  boto3.client("apigatewayv2", region_name=REGION), repeat)
            for name, fn in moto_calls.items():
                try:
                    moto_times[name] = median_us(fn, repeat)
                except Exception:  # moto lacks it or answers differently
                    pass
    return [(name, floor_times[name], gw_times[name], moto_times.get(name)) for name in calls]


def _operation(args: tuple[Any, ...]) -> str:
    from urllib.parse import parse_qs

    from gwmock.protocol.router import route

    found = route(args[1], args[2], args[3], parse_qs(args[4]) if args[4] else {})
    return found[0] if found else "?"


def data_plane(repeat: int) -> list[tuple[str, float]]:
    """Calls to deployed APIs: what a test that exercises its API pays per request."""
    import requests

    rows = []
    with mock_apigateway() as gw:
        v1 = boto3.client("apigateway", region_name=REGION)
        gw.add_lambda("bench", lambda event, context: {"statusCode": 200, "body": "ok"})
        api = v1.create_rest_api(name="dp")
        res = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
        for verb, kind in (("GET", "MOCK"), ("POST", "AWS_PROXY")):
            v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod=verb, authorizationType="NONE")
            extra = {"requestTemplates": {"application/json": '{"statusCode": 200}'}} if kind == "MOCK" else {
                "integrationHttpMethod": "POST",
                "uri": f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
                       f"arn:aws:lambda:{REGION}:123456789012:function:bench/invocations"}
            v1.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod=verb, type=kind, **extra)
        v1.put_method_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200")
        v1.put_integration_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"pets": []}'})
        v1.create_deployment(restApiId=api["id"], stageName="dev")
        url = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets"
        rows.append(("gw.invoke MOCK", median_us(functools.partial(gw.invoke, "GET", url), repeat)))
        rows.append(("requests MOCK", median_us(functools.partial(requests.get, url), repeat)))
        rows.append(("requests Lambda", median_us(functools.partial(requests.post, url, data="{}"), repeat)))
    return rows


def lifecycle(repeat: int) -> float:
    mock = mock_apigateway()

    def cycle() -> None:
        mock.start()
        mock.stop()

    return median_us(cycle, repeat)


def import_cost() -> float:
    code = ("import time, botocore.session, botocore.endpoint; t=time.perf_counter(); import gwmock; "
            "print((time.perf_counter()-t)*1000)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                 cwd=".").stdout) for _ in range(5)]
    return statistics.median(runs)


def paging(repeat: int) -> tuple[float, float]:
    out = []
    for n in (10, 10_000):
        with mock_apigateway() as gw:
            for i in range(n):
                gw.backend.put(("123456789012", REGION, "restapis", f"api{i:05}"), {"id": f"api{i:05}", "name": "x"})
            client = boto3.client("apigateway", region_name=REGION)
            out.append(median_us(functools.partial(client.get_rest_apis, limit=10), repeat))
    return out[0], out[1]


def memory() -> float:
    from gwmock.state import MemoryBackend

    tracemalloc.start()
    backend = MemoryBackend()
    for i in range(10_000):
        api = f"a{i:09}"
        backend.put(("123456789012", REGION, "restapis", api), {
            "id": api, "name": f"api-{i}", "createdDate": 1700000000, "apiKeySource": "HEADER",
            "endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "ipv4"},
            "disableExecuteApiEndpoint": False, "rootResourceId": f"r{i:09}"})
        for j in range(20):
            rid = f"r{i:05}{j:04}"
            backend.put(("123456789012", REGION, "restapis", api, "resources", rid),
                        {"id": rid, "parentId": "root", "pathPart": f"p{j}", "path": f"/p{j}"})
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return current / 2**20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    rows = per_call(args.repeat)
    print(f"{'operation':18} {'floor us':>9} {'gwmock us':>10} {'gw/floor':>9} {'moto us':>9} {'moto/gw':>8}")
    ratios, moto_ratios = [], []
    for name, floor_us, gw_us, moto_us in rows:
        ratios.append(gw_us / floor_us)
        moto_cell = f"{moto_us:9.0f} {moto_us / gw_us:8.2f}" if moto_us else f"{'-':>9} {'-':>8}"
        if moto_us:
            moto_ratios.append(moto_us / gw_us)
        print(f"{name:18} {floor_us:9.0f} {gw_us:10.0f} {gw_us / floor_us:9.2f} {moto_cell}")
    print(f"median gwmock/floor: {statistics.median(ratios):.2f}x"
          + (f"; median moto/gwmock: {statistics.median(moto_ratios):.2f}x" if moto_ratios else ""))
    for name, us in data_plane(args.repeat):
        print(f"data plane, {name}: {us:.0f} us")
    print(f"mock start+stop: {lifecycle(args.repeat):.1f} us")
    print(f"import gwmock beyond botocore: {import_cost():.1f} ms")
    small, large = paging(50)
    print(f"GetRestApis page of 10: {small:.0f} us with 10 stored, {large:.0f} us with 10,000 stored")
    if args.memory:
        print(f"10,000 REST APIs x 20 resources in memory: {memory():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
